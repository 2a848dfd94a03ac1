import { VmInventory } from '@patchproof/contracts';
import { CatalogIndex } from './catalog-index';
import { catalogData } from './catalogs/catalog-seed';
import { LITERATURE_CATALOG, LITERATURE_INVENTORIES } from './catalogs/literature-catalog';
import { STARTER_CATALOG } from './catalogs/starter-catalog';
import { isRunnableTestDefinition, runnableDefinitionProblems } from './runnable-definition';
import { selectTests } from './select-tests';

const DEBIAN_VM: VmInventory = {
  vmId: 'vm-1', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' },
  packages: [
    { name: 'base-files', version: '12.4+deb12u5' }, { name: 'openssh-server', version: '1:9.2p1-2+deb12u3' }, { name: 'postgresql-15', version: '15.8-0+deb12u1' },
    { name: 'mariadb-server', version: '1:10.11.6-0+deb12u1' }, { name: 'nginx', version: '1.22.1-9' }, { name: 'apache2', version: '2.4.62-1~deb12u2' },
  ],
  services: [{ name: 'sshd', port: 22 }, { name: 'postgresql', port: 5432 }, { name: 'mariadb', port: 3306 }, { name: 'nginx', port: 443 }, { name: 'apache2', port: 8080 }],
};

function selected(inventories: VmInventory[], seed: typeof STARTER_CATALOG): Array<Record<string, unknown>> {
  const replica = { replicaId: 'r', provider: 'fake', reused: false, vms: [], loadBalancers: [{ name: 'lb', address: '10.0.0.2', port: 443 }] };
  return selectTests(new CatalogIndex(catalogData(seed)), { runId: 'run-1', tenantId: 't', replica, inventories }).tests.map((test) => test.definition);
}

describe('runnable test definitions', () => {
  it('accepts every definition selection sends from the shipped catalogs', () => {
    const definitions = [...selected([DEBIAN_VM], STARTER_CATALOG), ...selected(LITERATURE_INVENTORIES, LITERATURE_CATALOG)];
    expect(definitions.length).toBeGreaterThan(200);
    expect(definitions.flatMap(runnableDefinitionProblems)).toEqual([]);
    const tls = definitions.find((definition) => definition.condition !== undefined);
    expect(tls).toMatchObject({ condition: { listeningPort: 443 } });
  });

  it('narrows a received definition by kind', () => {
    const received: unknown = { kind: 'sql', engine: 'postgresql', statements: ['SELECT 1'], expectRows: [[1]], parameters: { vmId: 'vm-1' } };
    if (!isRunnableTestDefinition(received)) throw new Error('not runnable');
    expect(received.kind === 'sql' ? received.statements : []).toEqual(['SELECT 1']);
  });

  it('names each field at fault', () => {
    expect(runnableDefinitionProblems(null)).toEqual(['definition: must be an object']);
    expect(runnableDefinitionProblems({ kind: 'ftp' })).toEqual(['kind: must be ssh | http | tcp | sql']);
    expect(runnableDefinitionProblems({ kind: 'ssh', command: [], service: 5 })).toEqual(['service: must be a string', 'command: must be a non-empty argv array']);
    expect(runnableDefinitionProblems({ kind: 'http', path: '/', via: 'dns' })).toEqual(['via: must be vm | load-balancer', 'expectStatus: required']);
    expect(runnableDefinitionProblems({ kind: 'sql', statements: ['SELECT 1'], engine: 'oracle', threshold: 0, prepare: { kind: 'tcp', port: '5432' } })).toEqual([
      'engine: must be postgresql | mariadb', 'threshold: must be a positive number', 'prepare.port: must be an integer',
    ]);
    expect(runnableDefinitionProblems({ kind: 'tcp', baseline: { measure: 'wall-clock', unit: 'ms', samples: 3 }, parameters: { a: 1 } })).toEqual([
      'baseline: must be { measure: elapsed-ms | stdout-number, unit, samples }', 'parameters: must be a map of strings',
    ]);
  });
});
