import { Injectable } from '@nestjs/common';
import { causedBy, EventEnvelope, SelectedTest, TestResult, TestsSelectedV1 } from '@patchproof/contracts';
import { InboxKey, Transaction, UnitOfWork } from '@patchproof/messaging';
import { SelectionRecord } from './selection.entity';
import { TestExecutionService } from './test-execution.service';

/**
 * Which tests run before the patch: every test with a `prepare` step, whatever its subject (the
 * test-selector accepts one on any test, and a step that never ran would make its check meaningless),
 * and every performance test, which measures the baseline to compare with. Data tests always have one.
 */
export function needsPreparation(test: SelectedTest): boolean {
  return test.subject === 'performance' || test.subject === 'data' || test.definition.prepare !== undefined;
}

/**
 * Use case: keep a run's test selection, prepare the tests that need it before the patch, and
 * announce the preparations (a failed one means the patch is not applied).
 */
@Injectable()
export class PrepareTestsHandler {
  constructor(private readonly execution: TestExecutionService, private readonly unitOfWork: UnitOfWork) {}

  async execute(event: EventEnvelope<TestsSelectedV1>, inbox: InboxKey): Promise<void> {
    const { run, replica, tests } = event.payload;
    const preparations = await this.execution.runAll(run, replica, tests.filter(needsPreparation), 'prepare');
    await this.unitOfWork.run(inbox, async (tx) => {
      await saveSelection(tx, event.payload, preparations);
      tx.emit('patchproof.tests.prepared.v1', { run, replica, preparations }, causedBy(event));
    });
  }
}

/** Raw SQL because TypeORM's insert typing cannot express the tests' free-form `definition` objects. */
async function saveSelection(tx: Transaction, { run, replica, tests }: TestsSelectedV1, preparations: TestResult[]): Promise<void> {
  const table = tx.manager.connection.getMetadata(SelectionRecord).tablePath;
  await tx.manager.query(
    `INSERT INTO ${table} (run_id, run, replica, tests, preparations) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
    [run.runId, JSON.stringify(run), JSON.stringify(replica), JSON.stringify(tests), JSON.stringify(preparations)],
  );
}
