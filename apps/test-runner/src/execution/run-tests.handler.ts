import { Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, PatchAppliedV1, TestResult } from '@patchproof/contracts';
import { InboxKey, Transaction, UnitOfWork } from '@patchproof/messaging';
import { SelectionRecord } from './selection.entity';
import { TestExecutionService } from './test-execution.service';
import { TestResultRecord } from './test-result.entity';

/** Use case: once the patch is on the replica, run every selected test and announce all results. */
@Injectable()
export class RunTestsHandler {
  private readonly logger = new Logger(RunTestsHandler.name);

  constructor(private readonly execution: TestExecutionService, private readonly unitOfWork: UnitOfWork) {}

  async execute(event: EventEnvelope<PatchAppliedV1>, inbox: InboxKey): Promise<void> {
    const { run, replica } = event.payload;
    const selection = await this.unitOfWork.repository(SelectionRecord).findOneBy({ runId: run.runId });
    if (!selection) {
      // The selection is committed before tests.prepared, which precedes patch.applied: retrying cannot help.
      const reason = `no test selection was recorded for run ${run.runId}`;
      this.logger.warn(reason);
      await this.unitOfWork.run(inbox, async (tx) => void tx.emit('patchproof.run.failed.v1', { run, replica, step: 'test', reason }, causedBy(event)));
      return;
    }
    const results = await this.execution.runAll(run, replica, selection.tests, 'verify');
    await this.unitOfWork.run(inbox, async (tx) => {
      await saveResults(tx, run.runId, results);
      tx.emit('patchproof.tests.completed.v1', { run, replica, results }, causedBy(event));
    });
  }
}

async function saveResults(tx: Transaction, runId: string, results: TestResult[]): Promise<void> {
  if (results.length === 0) return;
  const rows = results.map((result) => ({
    runId, testId: result.testId, vmId: result.vmId, target: result.target ?? '', version: result.version, name: result.name, tier: result.tier, subject: result.subject,
    status: result.status, durationMs: result.durationMs, output: result.output, measurement: result.measurement ?? null,
  }));
  await tx.manager.createQueryBuilder().insert().into(TestResultRecord).values(rows).orIgnore().execute();
}
