import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transaction, UnitOfWork } from '@patchproof/messaging';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
import { ADMISSION_LIMITS, AdmissionLimits } from './admission-limits';
import { originOfRun, RUN_EVENT_COLUMNS, RunEventSource } from './run-origin';
import { byAdmissionOrder, QueuedCandidate, selectAdmissions } from './select-admissions';

/** Shared by every replica of patch-intake: one admission pass at a time in the whole database. */
const ADMISSION_LOCK = 'patch_intake.admission';

/**
 * Use case: admit as many queued runs as the global and per-provider limits allow, critical first
 * then oldest, and request them (run.requested) in the same transaction.
 */
@Injectable()
export class AdmissionPass {
  private readonly logger = new Logger(AdmissionPass.name);

  constructor(private readonly unitOfWork: UnitOfWork, @Inject(ADMISSION_LIMITS) private readonly limits: AdmissionLimits) {}

  /** A pass whose failure is only logged: callers' own work is committed and the timer tries again. */
  async trigger(): Promise<number> {
    try {
      return await this.run();
    } catch (error) {
      this.logger.warn(`admission pass failed: ${(error as Error).message}`);
      return 0;
    }
  }

  /** Returns the number of runs admitted. */
  async run(): Promise<number> {
    return this.unitOfWork.run(null, async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADMISSION_LOCK]);
      const active = await activeByProvider(tx.manager);
      const globalFree = this.limits.global - [...active.values()].reduce((sum, n) => sum + n, 0);
      if (globalFree <= 0) return 0;
      const chosen = selectAdmissions(await queuedCandidates(tx.manager, globalFree), active, this.limits);
      return chosen.length === 0 ? 0 : admit(tx, chosen);
    });
  }
}

async function activeByProvider(manager: EntityManager): Promise<Map<string, number>> {
  const rows = await queryRows<{ provider: string; n: number }>(
    manager,
    `SELECT provider, count(*)::int AS n FROM patch_intake.run WHERE state = 'active' GROUP BY provider`,
  );
  return new Map(rows.map((row) => [row.provider, row.n]));
}

/**
 * A run waits in the queue until every file its patch declares was uploaded (PUT
 * /patches/:id/artifacts/:fileName): a replica is not worth creating for a patch that cannot be applied yet.
 */
const ARTIFACTS_STORED = `NOT EXISTS (
         SELECT 1 FROM jsonb_array_elements(COALESCE(r.context->'patch'->'artifacts', '[]'::jsonb)) AS declared(artifact)
         WHERE NOT EXISTS (SELECT 1 FROM patch_intake.patch_artifact a WHERE a.patch_id = r.patch_id AND a.file_name = declared.artifact->>'fileName'))`;

/**
 * The first `perProvider` admissible queued runs of each provider in admission order: no provider can take more
 * than the free global slots, so the choice never needs more. A loose index scan finds the providers,
 * so a long queue costs a few index lookups per pass, not a scan.
 */
async function queuedCandidates(manager: EntityManager, perProvider: number): Promise<QueuedCandidate[]> {
  const rows = await queryRows<{ run_id: string; provider: string; severity_rank: number; queue_seq: string }>(
    manager,
    `WITH RECURSIVE providers AS (
       (SELECT provider FROM patch_intake.run WHERE state = 'queued' ORDER BY provider LIMIT 1)
       UNION ALL
       SELECT (SELECT r.provider FROM patch_intake.run r WHERE r.state = 'queued' AND r.provider > p.provider ORDER BY r.provider LIMIT 1)
       FROM providers p WHERE p.provider IS NOT NULL
     )
     SELECT c.run_id, c.provider, c.severity_rank, c.queue_seq
     FROM providers p CROSS JOIN LATERAL (
       SELECT run_id, provider, severity_rank, queue_seq FROM patch_intake.run r
       WHERE r.state = 'queued' AND r.provider = p.provider AND ${ARTIFACTS_STORED}
       ORDER BY r.severity_rank DESC, r.queue_seq LIMIT $1
     ) c
     WHERE p.provider IS NOT NULL`,
    [perProvider],
  );
  return rows.map((row) => ({ runId: row.run_id, provider: row.provider, severityRank: row.severity_rank, queueSeq: Number(row.queue_seq) }));
}

async function admit(tx: Transaction, chosen: QueuedCandidate[]): Promise<number> {
  // `state = 'queued'` again: a run cancelled (tenant deleted) since it was read is not admitted.
  const rows = await queryRows<RunEventSource>(
    tx.manager,
    `UPDATE patch_intake.run SET state = 'active', requested_at = now()
     WHERE run_id = ANY($1::uuid[]) AND state = 'queued' RETURNING ${RUN_EVENT_COLUMNS}`,
    [chosen.map((run) => run.runId)],
  );
  const order = new Map(chosen.map((run) => [run.runId, run]));
  rows.sort((a, b) => byAdmissionOrder(order.get(a.run_id)!, order.get(b.run_id)!));
  const requestedAt = new Date().toISOString();
  for (const row of rows) tx.emit('patchproof.run.requested.v1', { run: row.context, requestedAt }, originOfRun(row));
  return rows.length;
}
