import { INestApplication } from '@nestjs/common';
import { createEvent, EventEnvelope, InventoryCollectedV1, PayloadOf, ReplicaSpec, RunContext, Subject, VmInventory } from '@patchproof/contracts';
import { connectJetStream, JetStreamHandles, PIPELINE_STREAM } from '@patchproof/messaging';
import { bootstrapService, loadConfig } from '@patchproof/service-runtime';
import { LITERATURE_CATALOG, LITERATURE_INVENTORIES } from '@patchproof/test-selection';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ShippedCatalogService } from './seed/shipped-catalog.service';
import { SelectionView } from './selection/selections.service';
import { TestSelectorConfig } from './test-selector.config';
import { TestCaseView } from './test-cases/test-cases.service';

const OPERATOR = 'selector-spec-operator-key-0001';
const VIEWER = 'selector-spec-viewer-key-0001';
const ACME = 'selector-spec-acme-tenant-key-0001';
const GLOBEX = 'selector-spec-globex-tenant-key-0001';
const SELECTED = 'patchproof.tests.selected.v1';

const DB1: VmInventory = {
  vmId: 'vm-db1', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' },
  packages: [{ name: 'base-files', version: '12.4+deb12u5' }, { name: 'postgresql-15', version: '15.8-0+deb12u1' }, { name: 'libc6', version: '2.36-9+deb12u7' }],
  services: [{ name: 'postgresql', port: 5432 }],
};
const WEB1: VmInventory = {
  vmId: 'vm-web1', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' },
  packages: [{ name: 'base-files', version: '12.4+deb12u5' }, { name: 'nginx', version: '1.22.1-9' }, { name: 'postfix', version: '3.7.11-0+deb12u1' }, { name: 'acme-erp', version: '4.2' }],
  services: [{ name: 'nginx', port: 80 }, { name: 'postfix', port: 25 }, { name: 'acme-erp', port: 8080 }],
};

function runContext(tenantId: string): RunContext {
  return {
    runId: randomUUID(),
    patch: {
      id: 'DSA-5800-1', title: 'postgresql-15 security update', severity: 'high', source: 'native', advisoryIds: [],
      packages: [{ ecosystem: 'Debian:12', name: 'postgresql-15', fixedVersion: '15.10-0+deb12u1' }], publishedAt: new Date().toISOString(),
    },
    tenant: {
      id: tenantId, name: tenantId, provider: 'fake', environmentRef: `${tenantId}-prod`, credentialsRef: `vault:${tenantId}`,
      policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' },
    },
  };
}

function replicaOf(inventories: VmInventory[]): ReplicaSpec {
  return {
    replicaId: `replica-${randomUUID().slice(0, 8)}`, provider: 'fake', reused: false,
    vms: inventories.map((vm) => ({ vmId: vm.vmId, name: vm.vmId.replace(/^vm-/, ''), address: '10.0.0.10', osFamily: vm.os.family })),
  };
}

describe('test-selector on real PostgreSQL and NATS JetStream', () => {
  let database: TestDatabase;
  let nats: TestNatsServer;
  let handles: JetStreamHandles;
  let app: INestApplication;
  const savedEnv = { keys: process.env.PATCHPROOF_API_KEYS, bootstrap: process.env.PATCHPROOF_BOOTSTRAP_KEY };

  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  async function publishInventory(tenantId: string, inventories: VmInventory[], options: { dedupe?: boolean; envelope?: EventEnvelope<InventoryCollectedV1> } = {}) {
    const run = runContext(tenantId);
    const payload: InventoryCollectedV1 = { run, replica: replicaOf(inventories), inventories };
    const envelope = options.envelope ?? createEvent('patchproof.inventory.collected.v1', payload, { causationId: randomUUID(), correlationId: randomUUID(), runId: run.runId });
    await handles.js.publish(envelope.subject, JSON.stringify(envelope), options.dedupe === false ? {} : { msgID: envelope.id });
    return envelope;
  }

  async function events<S extends Subject>(subject: S, runId: string): Promise<Array<EventEnvelope<PayloadOf<S>>>> {
    const { state } = await handles.jsm.streams.info(PIPELINE_STREAM);
    const found: Array<EventEnvelope<PayloadOf<S>>> = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await handles.jsm.streams.getMessage(PIPELINE_STREAM, { seq });
      if (message?.subject !== subject) continue;
      const envelope = message.json<EventEnvelope<PayloadOf<S>>>();
      if ((envelope.payload as { run?: RunContext }).run?.runId === runId) found.push(envelope);
    }
    return found;
  }

  function firstEvent<S extends Subject>(subject: S, runId: string): Promise<EventEnvelope<PayloadOf<S>>> {
    return expectEventually(async () => {
      const [first] = await events(subject, runId);
      if (!first) throw new Error(`no ${subject} yet`);
      return first;
    }, { what: `${subject} for run ${runId}` });
  }

  beforeAll(async () => {
    [database, nats] = await Promise.all([createTestDatabase(), startTestNatsServer()]);
    // AuthModule reads its keys from process.env when the module is built.
    process.env.PATCHPROOF_BOOTSTRAP_KEY = OPERATOR;
    process.env.PATCHPROOF_API_KEYS = JSON.stringify([
      { name: 'viewer', role: 'viewer', key: VIEWER },
      { name: 'acme-portal', role: 'tenant', tenantId: 'acme', key: ACME },
      { name: 'globex-portal', role: 'tenant', tenantId: 'globex', key: GLOBEX },
    ]);
    const config = loadConfig(TestSelectorConfig, {
      DATABASE_URL: database.url, NATS_URL: nats.url, PORT: '0', PATCHPROOF_BOOTSTRAP_KEY: OPERATOR,
      RETRY_DELAY_MS: '50', OUTBOX_POLL_MS: '50', ACK_WAIT_MS: '5000', LOG_LEVEL: 'error',
    });
    app = await bootstrapService({ service: 'test-selector', description: 'spec', module: AppModule.register(config), config, port: config.PORT });
    handles = await connectJetStream({ url: nats.url, name: 'test-selector-spec', duplicateWindowMs: 600_000 });
  });

  afterAll(async () => {
    await app?.close();
    await handles?.nc.close();
    await Promise.all([nats?.stop(), database?.drop()]);
    process.env.PATCHPROOF_API_KEYS = savedEnv.keys;
    process.env.PATCHPROOF_BOOTSTRAP_KEY = savedEnv.bootstrap;
  });

  it('accepts only known TEST_CATALOG names', () => {
    expect(() => loadConfig(TestSelectorConfig, { TEST_CATALOG: 'literature' })).toThrow(/TEST_CATALOG/);
    expect(loadConfig(TestSelectorConfig, {}).TEST_CATALOG).toBe('starter');
  });

  describe('catalog API', () => {
    it('serves the seeded starter catalog to viewers, filtered by tier and subject', async () => {
      const groups = await http().get('/catalog/function-groups').set(as(VIEWER)).expect(200);
      expect(groups.body.items.map((group: { id: string }) => group.id)).toEqual(['db', 'os', 'web']);
      const data = await http().get('/catalog/tests?tier=function-group&subject=data').set(as(VIEWER)).expect(200);
      expect(data.body.items.map((test: TestCaseView) => test.id)).toEqual(['db-data-persistence', 'db-japanese-text-roundtrip', 'web-static-content']);
      const openapi = await http().get('/docs/openapi.json').expect(200);
      expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/catalog/tests', '/catalog/software', '/tenants/{tenantId}/tests', '/selections/{runId}']));
      expect(Object.keys(openapi.body.components.schemas)).toEqual(expect.arrayContaining(['SshDefinitionDto', 'HttpDefinitionDto', 'TcpDefinitionDto', 'SqlDefinitionDto', 'CreateCatalogTestDto']));
    });

    it('answers 401 without a key and 403 to the wrong role', async () => {
      await http().get('/catalog/tests').expect(401);
      await http().post('/catalog/function-groups').set(as(VIEWER)).send({ name: 'Mail' }).expect(403);
      await http().get('/catalog/tests').set(as(ACME)).expect(403);
      await http().get('/selections/00000000-0000-4000-8000-000000000000').set(as(VIEWER)).expect(404);
    });

    it('answers 400 naming each field at fault', async () => {
      const software = await http().post('/catalog/software').set(as(OPERATOR))
        .send({ name: 'Postfix', softwareGroupId: 'Bad Id', versionRange: '>>3', packagePatterns: { debian: ['^postfix($'] }, color: 'red' }).expect(400);
      expect(software.body.message).toEqual(expect.arrayContaining([
        'color: property color should not exist',
        expect.stringMatching(/^vendor: /),
        expect.stringMatching(/^softwareGroupId: softwareGroupId must be 1-128/),
        expect.stringMatching(/^versionRange: /),
        expect.stringMatching(/^packagePatterns: .*debian\[0\] is not a valid regular expression/),
      ]));
      const test = await http().post('/catalog/tests').set(as(OPERATOR)).send({
        name: 'x', tier: 'software-group', targetId: 'nope', subject: 'performance', definition: { kind: 'ssh', command: 'nginx -t' },
      }).expect(400);
      expect(test.body.message).toContain('definition.command: command must be an array');
      const rules = await http().post('/catalog/tests').set(as(OPERATOR)).send({
        name: 'x', tier: 'software-group', targetId: 'nope', subject: 'performance', site: 'remote', definition: { kind: 'ssh', command: ['true'] },
      }).expect(400);
      expect(rules.body.message).toEqual([
        'site: a ssh definition runs on the VM (local)',
        expect.stringMatching(/^baseline: required/),
        expect.stringMatching(/^threshold: required/),
        'targetId: no software group nope',
      ]);
    });

    it('keeps the software relation consistent and refuses to delete what is in use', async () => {
      await http().post('/catalog/function-groups').set(as(OPERATOR)).send({ id: 'mail', name: 'Mail' }).expect(201);
      await http().post('/catalog/function-groups').set(as(OPERATOR)).send({ id: 'mail2', name: 'Mail' }).expect(409);
      const group = await http().post('/catalog/software-groups').set(as(OPERATOR)).send({ id: 'postfix', name: 'Postfix', functionGroupIds: ['mail'] }).expect(201);
      expect(group.body).toMatchObject({ id: 'postfix', functionGroupIds: ['mail'] });
      await http().post('/catalog/software-groups').set(as(OPERATOR)).send({ name: 'Exim', functionGroupIds: ['nope'] }).expect(400);
      await http().post('/catalog/software').set(as(OPERATOR)).send({
        id: 'postfix-3', name: 'Postfix 3', vendor: 'Wietse Venema', softwareGroupId: 'postfix', versionRange: '>=3 <4', packagePatterns: { debian: ['postfix'] }, services: ['postfix'],
      }).expect(201);
      const refused = await http().delete('/catalog/function-groups/mail').set(as(OPERATOR)).expect(409);
      expect(refused.body.message).toContain('software groups postfix');
    });
  });

  describe('versioned tests', () => {
    it('writes version N+1 on update, keeps the old one, and writes nothing for an identical body', async () => {
      const body = {
        id: 'postfix-smtp-banner', name: 'SMTP banner', tier: 'software-group', targetId: 'postfix', subject: 'function',
        definition: { kind: 'tcp', service: '{{service}}', port: 25 },
      };
      const created = await http().post('/catalog/tests').set(as(OPERATOR)).send(body).expect(201);
      expect(created.body).toMatchObject({ id: 'postfix-smtp-banner', version: 1, site: 'remote', createdBy: 'bootstrap' });
      const { id: _id, ...update } = { ...body, name: 'SMTP answers' };
      const updated = await http().put('/catalog/tests/postfix-smtp-banner').set(as(OPERATOR)).send(update).expect(200);
      expect(updated.body).toMatchObject({ version: 2, latestVersion: 2, name: 'SMTP answers' });
      await http().put('/catalog/tests/postfix-smtp-banner').set(as(OPERATOR)).send(update).expect(200);
      const versions = await http().get('/catalog/tests/postfix-smtp-banner/versions').set(as(VIEWER)).expect(200);
      expect(versions.body.map((version: TestCaseView) => [version.version, version.name])).toEqual([[1, 'SMTP banner'], [2, 'SMTP answers']]);
      await http().get('/catalog/tests/postfix-smtp-banner/versions/1').set(as(VIEWER)).expect(200);
    });
  });

  describe('tenant tests', () => {
    let acmeTest: TestCaseView;

    it('lets a tenant register tests for itself only', async () => {
      const body = { name: 'ERP login page', subject: 'function', vmName: 'web1', definition: { kind: 'http', path: '/login', port: 8080, expectStatus: 200, service: 'acme-erp' } };
      acmeTest = (await http().post('/tenants/acme/tests').set(as(ACME)).send(body).expect(201)).body;
      expect(acmeTest).toMatchObject({ tier: 'tenant', tenantId: 'acme', vmName: 'web1', version: 1 });
      await http().post('/tenants/globex/tests').set(as(ACME)).send(body).expect(403);
      await http().post('/tenants/acme/tests').set(as(ACME)).send({ ...body, tier: 'software' }).expect(400);
      await http().post('/tenants/globex/tests').set(as(GLOBEX)).send({ ...body, vmName: undefined, name: 'Globex check' }).expect(201);
    });

    it('shows them only to operators and that tenant', async () => {
      const own = await http().get('/tenants/acme/tests').set(as(ACME)).expect(200);
      expect(own.body.items.map((test: TestCaseView) => test.id)).toEqual([acmeTest.id]);
      await http().get('/tenants/acme/tests').set(as(GLOBEX)).expect(403);
      await http().get('/tenants/acme/tests').set(as(VIEWER)).expect(403);
      await http().get(`/tenants/globex/tests/${acmeTest.id}`).set(as(GLOBEX)).expect(404);
      await http().get(`/catalog/tests/${acmeTest.id}`).set(as(VIEWER)).expect(404);
      await http().get('/catalog/tests?tier=tenant').set(as(VIEWER)).expect(403);
      await http().get(`/catalog/tests/${acmeTest.id}`).set(as(OPERATOR)).expect(200);
      const catalog = await http().get('/catalog/tests?limit=1000').set(as(VIEWER)).expect(200);
      expect(catalog.body.items.some((test: TestCaseView) => test.tier === 'tenant')).toBe(false);
    });
  });

  describe('selection', () => {
    it('selects per VM with reasons, the tenant\'s own tests and the latest test versions, and records it', async () => {
      const event = await publishInventory('acme', [WEB1, DB1]);
      const selected = await firstEvent(SELECTED, event.runId!);
      const { tests, unknownSoftware } = selected.payload;
      expect(selected.causationId).toBe(event.id);
      expect(tests.map((test) => test.vmId)).toEqual([...tests.map((test) => test.vmId)].sort());
      expect(tests.filter((test) => test.vmId === 'vm-db1').map((test) => test.testId)).toEqual(expect.arrayContaining(['db-sql-crud', 'pg-dump-restore', 'debian-apt-check', 'os-ssh-login']));
      const smtp = tests.find((test) => test.testId === 'postfix-smtp-banner');
      expect(smtp).toMatchObject({ version: 2, vmId: 'vm-web1', definition: { kind: 'tcp', service: 'postfix', port: 25 } });
      expect(smtp?.reason).toBe('software-group Postfix: installed postfix 3.7.11-0+deb12u1 (Postfix 3); service postfix:25');
      const tenant = tests.filter((test) => test.tier === 'tenant');
      expect(tenant.map((test) => [test.vmId, test.name])).toEqual([['vm-web1', 'ERP login page']]);
      expect(unknownSoftware).toEqual([{ vmId: 'vm-db1', packages: [], otherPackages: 1 }, { vmId: 'vm-web1', packages: ['acme-erp 4.2'], otherPackages: 0 }]);

      const recorded = await http().get(`/selections/${event.runId}`).set(as(OPERATOR)).expect(200);
      expect((recorded.body as SelectionView).tests).toEqual(tests);
      const viewer = await http().get(`/selections/${event.runId}`).set(as(VIEWER)).expect(200);
      expect(viewer.body).toMatchObject({ outcome: 'selected' });
      const viewed = (viewer.body as SelectionView).tests;
      expect(viewed).toHaveLength(tests.length);
      expect(viewed.filter((test) => test.tier !== 'tenant')).toEqual(tests.filter((test) => test.tier !== 'tenant'));
      expect(viewed.filter((test) => test.tier === 'tenant')).toEqual([{
        testId: 'tenant-test-1', name: 'tenant-test-1', version: tenant[0].version, vmId: 'vm-web1', tier: 'tenant', subject: tenant[0].subject,
        site: tenant[0].site, reason: 'tenant-registered test (redacted)', definition: {}, timeoutMs: tenant[0].timeoutMs,
      }]);
      expect(JSON.stringify(viewer.body)).not.toContain('ERP login page');
      await http().get(`/selections/${event.runId}`).set(as(ACME)).expect(200);
      await http().get(`/selections/${event.runId}`).set(as(GLOBEX)).expect(404);
    });

    it('selects a tenant\'s tests only for that tenant, and sees catalog changes at once', async () => {
      await http().delete('/catalog/tests/postfix-smtp-banner').set(as(OPERATOR)).expect(204);
      const event = await publishInventory('globex', [WEB1, DB1]);
      const { tests } = (await firstEvent(SELECTED, event.runId!)).payload;
      expect(tests.filter((test) => test.tier === 'tenant').map((test) => [test.vmId, test.name])).toEqual([['vm-db1', 'Globex check'], ['vm-web1', 'Globex check']]);
      expect(tests.some((test) => test.testId === 'postfix-smtp-banner')).toBe(false);
    });

    it('handles a redelivered inventory once', async () => {
      const event = await publishInventory('acme', [DB1]);
      await publishInventory('acme', [DB1], { envelope: event, dedupe: false });
      await firstEvent(SELECTED, event.runId!);
      await expectEventually(async () => {
        const info = await handles.jsm.consumers.info(PIPELINE_STREAM, 'test-selector--patchproof_inventory_collected_v1');
        expect(info.num_pending + info.num_ack_pending).toBe(0);
      }, { what: 'inventory consumer drained' });
      expect(await events(SELECTED, event.runId!)).toHaveLength(1);
    });

    it('fails the run at select when no test applies', async () => {
      const bare: VmInventory = { vmId: 'vm-win', os: { family: 'windows', name: 'Windows Server', version: '2022' }, packages: [{ name: 'notepad', version: '1.0' }], services: [] };
      const event = await publishInventory('acme', [bare]);
      const failed = await firstEvent('patchproof.run.failed.v1', event.runId!);
      expect(failed.payload).toMatchObject({ step: 'select', reason: 'no test case applies to any VM of the replica' });
      const recorded = await http().get(`/selections/${event.runId}`).set(as(OPERATOR)).expect(200);
      expect(recorded.body).toMatchObject({ outcome: 'failed', tests: [] });
    });

    it('selects 15 tests for each of the literature\'s 12 DBMS VMs, 180 in all (catalog loaded by TEST_CATALOG=evaluation)', async () => {
      const seeding = new ShippedCatalogService(app.get(DataSource), loadConfig(TestSelectorConfig, { TEST_CATALOG: 'evaluation' }));
      await seeding.onApplicationBootstrap();
      await seeding.onApplicationBootstrap(); // a restart inserts nothing twice
      const evaluationTests = await http().get('/catalog/tests?limit=1000').set(as(VIEWER)).expect(200);
      const ids = evaluationTests.body.items.map((test: TestCaseView) => test.id).filter((id: string) => id.startsWith('lit-'));
      expect(ids.sort()).toEqual(LITERATURE_CATALOG.tests.map((test) => test.id).sort());
      const event = await publishInventory('evaluation', LITERATURE_INVENTORIES);
      const { tests } = (await firstEvent(SELECTED, event.runId!)).payload;
      const perVm = new Map<string, number>();
      for (const test of tests) perVm.set(test.vmId, (perVm.get(test.vmId) ?? 0) + 1);
      expect([...perVm.values()]).toEqual(Array(12).fill(15));
      expect(tests).toHaveLength(180);
    });
  });
});
