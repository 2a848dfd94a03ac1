import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { errorMessage } from '@patchproof/vm-access';
import { PATCH_APPLIER_SCHEMA } from '../../database/schema';
import { PatchApplierConfig } from '../../patch-applier.config';
import { RollOutPatchHandler } from '../roll-out-patch.handler';
import { RolloutCandidateRecord } from '../rollout-candidate.entity';
import { windowState } from './maintenance-window';

const DAY_MS = 24 * 3600_000;

export type ScheduleStep = 'idle' | 'waiting' | 'rolled-out';

/**
 * Starts approved rollouts inside the tenant's maintenance windows. Safe with several processes:
 * each picks a due candidate with `FOR UPDATE SKIP LOCKED` and holds that row lock for the whole
 * rollout, so a candidate is rolled out by one process at a time; a process killed mid-rollout
 * drops its lock with its connection and the candidate is picked up again (the install is keyed by
 * run and step). Outside every window the candidate records until when it waits (`not_before`).
 */
@Injectable()
export class RolloutScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutScheduler.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly rollOut: RollOutPatchHandler,
    private readonly config: PatchApplierConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.ROLLOUT_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
  }

  /** Looks for due rollouts now (after an approval), instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while (!this.stopped && (await this.runOne()) !== 'idle');
      } catch (error) {
        // Rolled back: the candidate stays approved and is retried at the next poll.
        this.logger.error(`rollout failed before it was recorded, retried at the next poll: ${errorMessage(error)}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** Takes one due candidate: rolls it out when a window is open, else records until when it waits. */
  runOne(now: Date = new Date()): Promise<ScheduleStep> {
    return this.unitOfWork.run(null, async (tx) => {
      const rows = (await tx.manager.query(
        `SELECT run_id FROM ${PATCH_APPLIER_SCHEMA}.rollout_candidate
          WHERE state = 'approved' AND (not_before IS NULL OR not_before <= $1)
          ORDER BY decided_at, run_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      )) as Array<{ run_id: string }>;
      if (rows.length === 0) return 'idle';
      const candidate = await tx.manager.findOneByOrFail(RolloutCandidateRecord, { runId: rows[0].run_id });
      const state = windowState(candidate.run.tenant.policy.rollout?.maintenanceWindows, now);
      if (!state.open) {
        const notBefore = state.opensAt ?? new Date(now.getTime() + DAY_MS);
        const waitingReason = state.opensAt
          ? `outside the tenant's maintenance windows: waits until ${state.opensAt.toISOString()}`
          : `no maintenance window of the tenant opens within a year: checked again at ${notBefore.toISOString()}`;
        await tx.manager.update(RolloutCandidateRecord, { runId: candidate.runId }, { notBefore, waitingReason });
        return 'waiting';
      }
      await this.rollOut.execute(tx, candidate);
      return 'rolled-out';
    });
  }
}
