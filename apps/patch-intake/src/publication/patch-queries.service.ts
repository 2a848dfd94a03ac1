import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { Run } from '../admission/run.entity';
import { PatchSummaryView, PatchView, RunAdmissionView } from './dto/publication.view';
import { Patch } from './patch.entity';

/** Reads of patches and the admission state of their runs. */
@Injectable()
export class PatchQueries {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(limit = 100, offset = 0): Promise<PatchSummaryView[]> {
    const patches = await this.unitOfWork.repository(Patch).find({ order: { receivedAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
    return patches.map(summaryView);
  }

  async get(id: string): Promise<PatchView> {
    const patch = await this.unitOfWork.repository(Patch).findOneBy({ id });
    if (!patch) throw new NotFoundException(`no patch ${id}`);
    const runs = await this.unitOfWork.repository(Run).find({ where: { patchId: id }, order: { tenantId: 'ASC' } });
    return { patch: patch.spec, receivedAt: patch.receivedAt.toISOString(), runsCreated: patch.runsCreated, runs: runs.map(runView) };
  }
}

function summaryView(patch: Patch): PatchSummaryView {
  return {
    id: patch.id, title: patch.title, severity: patch.severity, source: patch.source, publishedAt: patch.publishedAt.toISOString(),
    receivedAt: patch.receivedAt.toISOString(), runsCreated: patch.runsCreated,
  };
}

function runView(run: Run): RunAdmissionView {
  return {
    runId: run.runId, tenantId: run.tenantId, provider: run.provider, state: run.state, queuedAt: run.queuedAt.toISOString(),
    requestedAt: run.requestedAt?.toISOString() ?? null, releasedAt: run.releasedAt?.toISOString() ?? null, cancelledAt: run.cancelledAt?.toISOString() ?? null,
    verdict: run.verdict,
  };
}
