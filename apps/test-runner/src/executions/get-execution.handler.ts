import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { SelectionRecord } from '../execution/selection.entity';
import { TestResultRecord } from '../execution/test-result.entity';
import { RunExecutionView, TestResultView } from './dto/run-execution.view';

/** Use case: what the test runner prepared and ran for a run. */
@Injectable()
export class GetExecutionHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string): Promise<RunExecutionView> {
    const selection = await this.unitOfWork.repository(SelectionRecord).findOneBy({ runId });
    if (!selection) throw new NotFoundException(`no tests were selected for run ${runId} (yet)`);
    const results = await this.unitOfWork.repository(TestResultRecord).find({ where: { runId }, order: { testId: 'ASC', vmId: 'ASC', target: 'ASC' } });
    return {
      runId,
      replicaId: selection.replica.replicaId,
      tests: selection.tests,
      preparations: selection.preparations,
      results: results.map(toView),
    };
  }
}

function toView(record: TestResultRecord): TestResultView {
  const { runId: _runId, target, measurement, completedAt, ...result } = record;
  return { ...result, ...(target ? { target } : {}), ...(measurement ? { measurement } : {}), completedAt: completedAt.toISOString() };
}
