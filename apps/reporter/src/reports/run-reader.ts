import { Injectable, NotFoundException } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { RunEventRecord } from '../run-ledger/run-event.entity';
import { RunStepRecord } from '../run-ledger/run-step.entity';
import { RunRecord } from '../run-ledger/run.entity';
import { inScope, RunScope } from './run-scope';
import { redactTenantTests } from './tenant-test-redaction';

export interface LoadedRun {
  run: RunRecord;
  steps: RunStepRecord[];
}

/**
 * Reads one run for a caller; another tenant's run is "not found", so its existence does not leak,
 * and a caller whose scope does not show tenant-registered tests gets them redacted (so every report
 * built from what is read here — JSON, JUnit XML — shows them the same way).
 */
@Injectable()
export class RunReader {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** The run, its steps and (optionally) its events from one snapshot, so they never disagree. */
  load(runId: string, scope: RunScope): Promise<LoadedRun>;
  load(runId: string, scope: RunScope, withEvents: true): Promise<LoadedRun & { events: RunEventRecord[] }>;
  load(runId: string, scope: RunScope, withEvents = false): Promise<LoadedRun & { events?: RunEventRecord[] }> {
    return this.unitOfWork.snapshot(async (manager) => {
      const run = await manager.getRepository(RunRecord).findOneBy({ runId });
      if (!run || !inScope(run, scope)) {
        throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: [`runId: no run ${runId}`] });
      }
      const steps = await manager.getRepository(RunStepRecord).findBy({ runId });
      const events = withEvents ? await manager.getRepository(RunEventRecord).find({ where: { runId }, order: { receivedAt: 'ASC' } }) : undefined;
      return { run: scope.seesTenantTests ? run : redactTenantTests(run), steps, events };
    });
  }
}
