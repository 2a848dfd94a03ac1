import { Injectable } from '@nestjs/common';
import { PipelineStep, TestStatus, Verdict, VERDICTS } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { SelectQueryBuilder } from 'typeorm';
import { RUN_STATUSES, RunRecord, RunStatus } from '../run-ledger/run.entity';
import { RunSummaryQuery } from './dto/list-runs.query';
import { TestCounts } from './run-report';
import { RunScope, tenantFilter } from './run-scope';

export interface RunSummary {
  patchId: string | null;
  tenantId: string | null;
  /** Every matching run (GET /runs lists at most `limit` of them). */
  total: number;
  /** Runs with a verdict (the rest are queued or running). */
  finished: number;
  byStatus: Record<RunStatus, number>;
  byVerdict: Record<Verdict, number>;
  /** Unfinished runs by the step they wait for. */
  waitingByStep: Partial<Record<PipelineStep, number>>;
  /** The matching runs' report `counts`, summed: tests selected, and executed by outcome (runs without results add 0). */
  tests: TestCounts;
}

type StatusRow = { status: RunStatus; step: PipelineStep | null; count: number };

/** How many of a run's results have this status (a constant, never input: it is part of the SQL). */
const resultsWith = (status: TestStatus): string =>
  `jsonb_array_length(jsonb_path_query_array(coalesce(run.results, '[]'::jsonb), '$[*] ? (@.status == "${status}")'))`;
const total = (expression: string): string => `coalesce(sum(${expression}), 0)::int`;

/** Use case: counts over every run matching a filter, by status and verdict, and of their tests (the CLI's progress and verdict). */
@Injectable()
export class SummarizeRunsHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(query: RunSummaryQuery, scope: RunScope): Promise<RunSummary> {
    const patchId = query.patchId ?? null;
    const tenantId = tenantFilter(query.tenantId, scope) ?? null;
    const matching = <T extends object>(builder: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
      if (patchId) builder.andWhere('run.patch_id = :patchId', { patchId });
      if (tenantId) builder.andWhere('run.tenant_id = :tenantId', { tenantId });
      return builder;
    };
    // One snapshot, so the run counts and the test counts describe the same runs.
    return this.unitOfWork.snapshot(async (manager) => {
      const runs = manager.getRepository(RunRecord);
      const rows = await matching(runs.createQueryBuilder('run')
        .select('run.status', 'status')
        .addSelect('run.current_step', 'step')
        .addSelect('count(*)::int', 'count')
        .groupBy('run.status')
        .addGroupBy('run.current_step'))
        .getRawMany<StatusRow>();
      const tests = await matching(runs.createQueryBuilder('run')
        .select(total("jsonb_array_length(coalesce(run.selected, '[]'::jsonb))"), 'selected')
        .addSelect(total(`jsonb_array_length(coalesce(run.results, '[]'::jsonb)) - ${resultsWith('skipped')}`), 'executed')
        .addSelect(total(resultsWith('passed')), 'passed')
        .addSelect(total(resultsWith('failed')), 'failed')
        .addSelect(total(resultsWith('error')), 'errored')
        .addSelect(total(resultsWith('skipped')), 'skipped'))
        .getRawOne<TestCounts>();
      return summarize(rows, tests ?? { selected: 0, executed: 0, passed: 0, failed: 0, errored: 0, skipped: 0 }, patchId, tenantId);
    });
  }
}

function summarize(rows: StatusRow[], tests: TestCounts, patchId: string | null, tenantId: string | null): RunSummary {
  const byStatus = Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>;
  const waitingByStep: Partial<Record<PipelineStep, number>> = {};
  for (const row of rows) {
    byStatus[row.status] += row.count;
    if ((row.status === 'queued' || row.status === 'running') && row.step) waitingByStep[row.step] = (waitingByStep[row.step] ?? 0) + row.count;
  }
  const byVerdict = Object.fromEntries(VERDICTS.map((verdict) => [verdict, byStatus[verdict]])) as Record<Verdict, number>;
  const finished = VERDICTS.reduce((sum, verdict) => sum + byVerdict[verdict], 0);
  return { patchId, tenantId, total: finished + byStatus.queued + byStatus.running, finished, byStatus, byVerdict, waitingByStep, tests };
}
