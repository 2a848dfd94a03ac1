import { ReplicaRetention, RolloutPolicy, Severity, TenantSpec } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant whose environment patches are verified on; its spec travels with every run. */
@Entity('tenant')
export class Tenant {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'environment_ref', type: 'text' })
  environmentRef!: string;

  @Column({ name: 'credentials_ref', type: 'text', nullable: true })
  credentialsRef!: string | null;

  @Column({ name: 'min_severity', type: 'text' })
  minSeverity!: Severity;

  @Column({ name: 'auto_apply', type: 'boolean' })
  autoApply!: boolean;

  @Column({ name: 'replica_retention', type: 'text' })
  replicaRetention!: ReplicaRetention;

  /** Maintenance windows and how a passed patch is rolled out; null: at once, any time. */
  @Column({ name: 'rollout_policy', type: 'jsonb', nullable: true })
  rolloutPolicy!: RolloutPolicy | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function tenantToSpec(tenant: Tenant): TenantSpec {
  const spec: TenantSpec = {
    id: tenant.id,
    name: tenant.name,
    provider: tenant.provider,
    environmentRef: tenant.environmentRef,
    policy: { minSeverity: tenant.minSeverity, autoApply: tenant.autoApply, replicaRetention: tenant.replicaRetention },
  };
  if (tenant.credentialsRef !== null) spec.credentialsRef = tenant.credentialsRef;
  if (tenant.rolloutPolicy !== null) spec.policy.rollout = tenant.rolloutPolicy;
  return spec;
}

/** The columns of a tenant spec (everything but the timestamps). */
export function specToTenantColumns(spec: TenantSpec): Omit<Tenant, 'createdAt' | 'updatedAt'> {
  return {
    id: spec.id,
    name: spec.name,
    provider: spec.provider,
    environmentRef: spec.environmentRef,
    credentialsRef: spec.credentialsRef ?? null,
    minSeverity: spec.policy.minSeverity,
    autoApply: spec.policy.autoApply,
    replicaRetention: spec.policy.replicaRetention,
    rolloutPolicy: spec.policy.rollout ?? null,
  };
}
