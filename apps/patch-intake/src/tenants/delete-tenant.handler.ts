import { Injectable, NotFoundException } from '@nestjs/common';
import { RunContext } from '@patchproof/contracts';
import { Transaction, UnitOfWork } from '@patchproof/messaging';
import { queryRows } from '../database/sql';
import { DeletedTenantView } from './dto/tenant.dto';

interface CancelledRun {
  run_id: string;
  context: RunContext;
  correlation_id: string;
  queued_event_id: string;
  traceparent: string | null;
}

/**
 * Use case: delete a tenant with its subscriptions and cancel its queued runs. Runs already admitted
 * finish (their replicas must still be released). Each cancelled run gets run.failed at step
 * `admission`, so the reporter closes it instead of waiting for it to time out.
 */
@Injectable()
export class DeleteTenantHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(id: string): Promise<DeletedTenantView> {
    return this.unitOfWork.run(null, async (tx) => {
      const subscriptions = await queryRows(tx.manager, 'DELETE FROM patch_intake.subscription WHERE tenant_id = $1 RETURNING id', [id]);
      const tenants = await queryRows(tx.manager, 'DELETE FROM patch_intake.tenant WHERE id = $1 RETURNING id', [id]);
      if (tenants.length === 0) throw new NotFoundException(`no tenant ${id}`);
      const cancelled = await cancelQueuedRuns(tx, id);
      return { id, subscriptionsRemoved: subscriptions.length, runsCancelled: cancelled };
    });
  }
}

async function cancelQueuedRuns(tx: Transaction, tenantId: string): Promise<number> {
  // The admission pass admits only rows still 'queued' when it updates them, so a run cancelled here is never requested.
  const rows = await queryRows<CancelledRun>(
    tx.manager,
    `UPDATE patch_intake.run SET state = 'cancelled', cancelled_at = now()
     WHERE tenant_id = $1 AND state = 'queued'
     RETURNING run_id, context, correlation_id, queued_event_id, traceparent`,
    [tenantId],
  );
  for (const row of rows) {
    tx.emit('patchproof.run.failed.v1', { run: row.context, step: 'admission', reason: `cancelled: tenant ${tenantId} was deleted` }, {
      causationId: row.queued_event_id,
      correlationId: row.correlation_id,
      runId: row.run_id,
      trace: row.traceparent ? { traceparent: row.traceparent } : undefined,
    });
  }
  return rows.length;
}
