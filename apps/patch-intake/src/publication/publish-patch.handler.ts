import { ConflictException, Injectable } from '@nestjs/common';
import { EventOrigin, newEventId, PatchSpec, RunContext, severityRank, TenantSpec } from '@patchproof/contracts';
import { Transaction, UnitOfWork } from '@patchproof/messaging';
import { newTraceparent } from '@patchproof/observability';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { AdmissionPass } from '../admission/admission-pass.service';
import { Run } from '../admission/run.entity';
import { Subscription } from '../tenants/subscription.entity';
import { Tenant, tenantToSpec } from '../tenants/tenant.entity';
import { PublicationView } from './dto/publication.view';
import { changedPatchFields } from './changed-patch-fields';
import { matchTenants, patchEcosystems, SubscriptionCandidate } from './fan-out';
import { Patch } from './patch.entity';

export interface PublicationResult extends PublicationView {
  /** false when the patch id was published before (nothing was written). */
  created: boolean;
}

/**
 * Use case: store a patch and, in the same transaction, queue one run per matching tenant and emit
 * patch.published and run.queued; then run an admission pass. The first publication of an id wins:
 * a repeat writes and emits nothing, and a repeat with different content is refused (409).
 */
@Injectable()
export class PublishPatchHandler {
  constructor(private readonly unitOfWork: UnitOfWork, private readonly admission: AdmissionPass) {}

  async execute(patch: PatchSpec): Promise<PublicationResult> {
    const correlationId = newEventId();
    const origin: EventOrigin = { causationId: correlationId, correlationId, trace: { traceparent: newTraceparent() } };
    const result = await this.unitOfWork.run(null, async (tx) => {
      if (!(await insertPatch(tx, patch, correlationId))) return this.repeat(tx, patch);
      const tenants = matchTenants(patch, await subscriptionCandidates(tx, patch));
      tx.emit('patchproof.patch.published.v1', { patch, runsCreated: tenants.length }, origin);
      const runs = await queueRuns(tx, patch, tenants, origin);
      await tx.manager.update(Patch, { id: patch.id }, { runsCreated: runs.length });
      return { created: true, patch, runsCreated: runs.length, runs };
    });
    if (result.created && result.runsCreated > 0) await this.admission.trigger();
    return result;
  }

  /** A repeat of the same content is a no-op; different content under a known id is refused, not dropped unseen. */
  private async repeat(tx: Transaction, patch: PatchSpec): Promise<PublicationResult> {
    const stored = await tx.manager.findOneByOrFail(Patch, { id: patch.id });
    const changed = changedPatchFields(stored.spec, patch);
    if (changed.length > 0) {
      throw new ConflictException({
        statusCode: 409,
        message: changed.map((field) => `${field}: differs from patch ${patch.id} as first published; its runs verify that version — publish the change under a new id`),
        error: 'Conflict',
      });
    }
    return { created: false, patch: stored.spec, runsCreated: 0, runs: [] };
  }
}

/** false when the id exists; a concurrent publication of the same id waits here for the first to commit. */
async function insertPatch(tx: Transaction, patch: PatchSpec, correlationId: string): Promise<boolean> {
  const inserted = await tx.manager.createQueryBuilder().insert().into(Patch).values({
    id: patch.id, title: patch.title, severity: patch.severity, source: patch.source, publishedAt: new Date(patch.publishedAt),
    spec: patch, correlationId, runsCreated: 0,
  }).orIgnore().returning(['id']).execute();
  return (inserted.raw as unknown[]).length > 0;
}

/**
 * Subscriptions to the patch's ecosystems with their tenants' specs. The tenants are read FOR SHARE:
 * a tenant deleted concurrently either loses its runs to that deletion or gets none.
 */
async function subscriptionCandidates(tx: Transaction, patch: PatchSpec): Promise<SubscriptionCandidate[]> {
  const subscriptions = await tx.manager.find(Subscription, { where: { ecosystem: In(patchEcosystems(patch)) } });
  if (subscriptions.length === 0) return [];
  const tenantIds = [...new Set(subscriptions.map((subscription) => subscription.tenantId))];
  const tenants = await tx.manager.find(Tenant, { where: { id: In(tenantIds) }, lock: { mode: 'pessimistic_read' } });
  const specs = new Map(tenants.map((tenant) => [tenant.id, tenantToSpec(tenant)]));
  return subscriptions.flatMap((subscription) => {
    const tenant = specs.get(subscription.tenantId);
    return tenant ? [{ tenant, ecosystem: subscription.ecosystem, packages: subscription.packages }] : [];
  });
}

async function queueRuns(tx: Transaction, patch: PatchSpec, tenants: TenantSpec[], origin: EventOrigin): Promise<PublicationView['runs']> {
  if (tenants.length === 0) return [];
  const queuedAt = new Date().toISOString();
  const rows = tenants.map((tenant) => {
    const context: RunContext = { runId: randomUUID(), patch, tenant };
    const queued = tx.emit('patchproof.run.queued.v1', { run: context, queuedAt }, { ...origin, runId: context.runId, discriminator: tenant.id });
    return {
      runId: context.runId, patchId: patch.id, tenantId: tenant.id, provider: tenant.provider, severityRank: severityRank(patch.severity),
      state: 'queued' as const, context, correlationId: origin.correlationId, queuedEventId: queued.id, traceparent: origin.trace?.traceparent ?? null,
    };
  });
  await tx.manager.createQueryBuilder().insert().into(Run).values(rows).execute();
  return rows.map((row) => ({ runId: row.runId, tenantId: row.tenantId }));
}
