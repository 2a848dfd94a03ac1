import { ActualEnvironment } from './catalog-local-site';
import { E2ePlatform } from './platform';

/*
 * The literature's evaluation on real namespace VMs: tenants with one DBMS VM each, on the DBMS
 * releases Debian 12 ships — PostgreSQL 15 and MariaDB 10.11 (Debian's MySQL). Debian ships no
 * Oracle and one release per DBMS, so the real variant covers 2 DBMS versions where the simulated
 * one covers 12.
 */

export interface RealDbms {
  /** The evaluation's software group. */
  group: 'lit-postgresql' | 'lit-mysql';
  /** The evaluation catalog's name for Debian 12's release. */
  softwareName: string;
  /** The package that carries the server (its version is the DBMS version). */
  package: string;
  imagePackage: string;
  service: string;
  mountPath: string;
  owner: string;
}

export const REAL_DBMS: Record<'postgresql' | 'mariadb', RealDbms> = {
  postgresql: {
    group: 'lit-postgresql', softwareName: 'PostgreSQL 15 (Debian 12)', package: 'postgresql-15',
    imagePackage: 'postgresql', service: 'postgresql', mountPath: '/var/lib/postgresql', owner: 'postgres',
  },
  mariadb: {
    group: 'lit-mysql', softwareName: 'MariaDB 10.11 (Debian 12)', package: 'mariadb-server',
    imagePackage: 'mariadb-server', service: 'mariadb', mountPath: '/var/lib/mysql', owner: 'mysql',
  },
};

export interface RealEvaluationTenant {
  id: string;
  dbms: RealDbms;
}

/** 12 tenants as in the literature: six on PostgreSQL 15, six on MariaDB 10.11. */
export const REAL_EVALUATION_TENANTS: RealEvaluationTenant[] = [1, 2, 3, 4, 5, 6].flatMap((n) => [
  { id: `evl-pg-${n}`, dbms: REAL_DBMS.postgresql },
  { id: `evl-maria-${n}`, dbms: REAL_DBMS.mariadb },
]);

/** One DBMS VM with its data on a volume, on one network (a HOT-like template, libs/local-vm/README.md). */
export function singleDbmsTemplate(dbms: RealDbms): string {
  return `heat_template_version: 2018-08-31
description: One DBMS VM (${dbms.imagePackage}) with its data on a volume; the literature evaluation's tenant
resources:
  db_net:
    type: PP::Net
  db_data:
    type: PP::Volume
    properties:
      size: 10
      mount_path: ${dbms.mountPath}
      owner: ${dbms.owner}
  db:
    type: PP::Server
    properties:
      image:
        packages: [${dbms.imagePackage}]
      networks:
        - network: { get_resource: db_net }
      volumes:
        - { get_resource: db_data }
      services: [${dbms.service}]
`;
}

async function ok<T>(pending: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const response = await pending;
  if (response.status >= 300) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The tenant's actual environment from the single-DBMS template, the tenant (provider local) and its Debian 12 subscription. */
export async function addRealEvaluationTenant(platform: E2ePlatform, tenant: RealEvaluationTenant): Promise<ActualEnvironment> {
  const environment = await ok(platform.api<ActualEnvironment>('replicator', 'POST', '/local/environments', {
    id: `${tenant.id}-prod`, template: singleDbmsTemplate(tenant.dbms),
  }), `create ${tenant.id}-prod`);
  await ok(platform.api('patch-intake', 'POST', '/tenants', {
    id: tenant.id, name: `${tenant.dbms.softwareName} tenant`, provider: 'local', environmentRef: environment.id, credentialsRef: environment.credentialsRef,
    policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' },
  }), `register ${tenant.id}`);
  await ok(platform.api('patch-intake', 'POST', `/tenants/${tenant.id}/subscriptions`, { ecosystem: 'Debian:12' }), `subscribe ${tenant.id}`);
  return environment;
}

/**
 * Stops selecting every catalog test outside the evaluation's (DELETE /catalog/tests/:id keeps their
 * versions): the provider of the evaluation prepared those 25 tests and no others. Returns how many.
 */
export async function retireAllBut(platform: E2ePlatform, keep: (testId: string) => boolean): Promise<number> {
  const catalog = await ok(platform.api<{ items: Array<{ id: string }> }>('test-selector', 'GET', '/catalog/tests?limit=1000'), 'list the catalog');
  const retired = catalog.items.filter((test) => !keep(test.id));
  for (const test of retired) await ok(platform.api('test-selector', 'DELETE', `/catalog/tests/${encodeURIComponent(test.id)}`), `retire ${test.id}`);
  return retired.length;
}
