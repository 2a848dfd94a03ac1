import { Injectable } from '@nestjs/common';
import { PipelineStep, Verdict, VERDICTS } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { RUN_STATUSES, RunRecord, RunStatus } from '../run-ledger/run.entity';
import { RunScope } from './run-scope';

export interface RunSummary {
  patchId: string | null;
  tenantId: string | null;
  total: number;
  /** Runs with a verdict (the rest are queued or running). */
  finished: number;
  byStatus: Record<RunStatus, number>;
  byVerdict: Record<Verdict, number>;
  /** Unfinished runs by the step they wait for. */
  waitingByStep: Partial<Record<PipelineStep, number>>;
}

/** Use case: counts of runs by status and verdict (the CLI's progress display). */
@Injectable()
export class SummarizeRunsHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(patchId: string | undefined, scope: RunScope): Promise<RunSummary> {
    const query = this.unitOfWork.repository(RunRecord).createQueryBuilder('run')
      .select('run.status', 'status')
      .addSelect('run.current_step', 'step')
      .addSelect('count(*)::int', 'count')
      .groupBy('run.status')
      .addGroupBy('run.current_step');
    if (patchId) query.andWhere('run.patch_id = :patchId', { patchId });
    if (scope.tenantId) query.andWhere('run.tenant_id = :tenantId', { tenantId: scope.tenantId });
    const rows = await query.getRawMany<{ status: RunStatus; step: PipelineStep | null; count: number }>();
    return summarize(rows, patchId ?? null, scope.tenantId ?? null);
  }
}

function summarize(rows: Array<{ status: RunStatus; step: PipelineStep | null; count: number }>, patchId: string | null, tenantId: string | null): RunSummary {
  const byStatus = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
  const waitingByStep: Partial<Record<PipelineStep, number>> = {};
  for (const row of rows) {
    byStatus[row.status] += row.count;
    if ((row.status === 'queued' || row.status === 'running') && row.step) waitingByStep[row.step] = (waitingByStep[row.step] ?? 0) + row.count;
  }
  const byVerdict = Object.fromEntries(VERDICTS.map((verdict) => [verdict, byStatus[verdict]])) as Record<Verdict, number>;
  const finished = VERDICTS.reduce((sum, verdict) => sum + byVerdict[verdict], 0);
  return { patchId, tenantId, total: finished + byStatus.queued + byStatus.running, finished, byStatus, byVerdict, waitingByStep };
}
