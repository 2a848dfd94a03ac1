import { Injectable, NotFoundException } from '@nestjs/common';
import { Principal } from '@patchproof/auth';
import { UnitOfWork } from '@patchproof/messaging';
import { SelectionRecord } from '../execution/selection.entity';
import { TestResultRecord } from '../execution/test-result.entity';
import { RunExecutionView, TestResultView } from './dto/run-execution.view';
import { redactTenantTests, seesTenantTests } from './tenant-test-redaction';

/**
 * Use case: what the test runner prepared and ran for a run, as the caller may see it: a tenant sees
 * its own runs only (another tenant's run is "not found", so run ids cannot be probed), and only
 * operators and the run's tenant see its tenant-registered tests unredacted.
 */
@Injectable()
export class GetExecutionHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(runId: string, principal: Principal): Promise<RunExecutionView> {
    const selection = await this.unitOfWork.repository(SelectionRecord).findOneBy({ runId });
    if (!selection || (principal.role === 'tenant' && principal.tenantId !== selection.run.tenant.id)) {
      throw new NotFoundException(`no tests were selected for run ${runId} (yet)`);
    }
    const results = await this.unitOfWork.repository(TestResultRecord).find({ where: { runId }, order: { testId: 'ASC', vmId: 'ASC', target: 'ASC' } });
    const view: RunExecutionView = {
      runId,
      replicaId: selection.replica.replicaId,
      tests: selection.tests,
      preparations: selection.preparations,
      results: results.map(toView),
    };
    return seesTenantTests(principal, selection.run.tenant.id) ? view : redactTenantTests(view);
  }
}

function toView(record: TestResultRecord): TestResultView {
  const { runId: _runId, target, measurement, completedAt, ...result } = record;
  return { ...result, ...(target ? { target } : {}), ...(measurement ? { measurement } : {}), completedAt: completedAt.toISOString() };
}
