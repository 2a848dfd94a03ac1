import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { In } from 'typeorm';
import { RunStepRecord } from '../run-ledger/run-step.entity';
import { RunRecord } from '../run-ledger/run.entity';
import { ListRunsQuery } from './dto/list-runs.query';
import { RunScope, tenantFilter } from './run-scope';
import { RUN_SUMMARY_COLUMNS, runView, RunView } from './run-views';

const DEFAULT_LIMIT = 50;

/** Use case: the newest runs matching a filter, each with its status, current step, verdict and step timeline. */
@Injectable()
export class ListRunsHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(query: ListRunsQuery, scope: RunScope): Promise<RunView[]> {
    const tenantId = tenantFilter(query.tenantId, scope);
    const where = {
      ...(query.patchId ? { patchId: query.patchId } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const runs = await this.unitOfWork.repository(RunRecord).find({
      select: RUN_SUMMARY_COLUMNS, where, order: { createdAt: 'DESC', runId: 'ASC' }, take: query.limit ?? DEFAULT_LIMIT,
    });
    if (runs.length === 0) return [];
    const steps = await this.unitOfWork.repository(RunStepRecord).findBy({ runId: In(runs.map((run) => run.runId)) });
    return runs.map((run) => runView(run, steps.filter((step) => step.runId === run.runId)));
  }
}
