import { expectEventually } from '@patchproof/testing';
import { IntakeHarness, KEYS, startIntake } from './testing/intake-harness';

const tenant = (id: string, overrides: Record<string, unknown> = {}) => ({
  id, name: `${id} corp`, provider: 'fake', environmentRef: `${id}-prod`,
  policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' }, ...overrides,
});

const patch = (id: string, overrides: Record<string, unknown> = {}) => ({
  id, title: `${id} openssl update`, severity: 'high', advisoryIds: ['CVE-2024-9143'],
  packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }], ...overrides,
});

interface Publication { runsCreated: number; runs: Array<{ runId: string; tenantId: string }>; patch: { source: string; publishedAt: string } }
interface PatchView { runsCreated: number; runs: Array<{ runId: string; tenantId: string; state: string }> }

describe('patch-intake over HTTP, real PostgreSQL and NATS JetStream', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    // `parked` admits nothing, so runs of its tenants stay queued.
    intake = await startIntake({ ADMISSION_PROVIDER_LIMITS: 'fake=20,parked=0' });
  });

  afterAll(async () => {
    await intake?.close();
  });

  describe('authentication and roles', () => {
    it('answers 401 without a key and 403 for a role that may not publish', async () => {
      expect((await intake.call('GET', '/tenants', { key: null })).status).toBe(401);
      expect((await intake.call('GET', '/tenants', { key: 'not-a-key-0123456789' })).status).toBe(401);
      expect((await intake.call('POST', '/patches', { key: KEYS.viewer, body: patch('P-AUTH') })).status).toBe(403);
      expect((await intake.call('POST', '/tenants', { key: KEYS.publisher, body: tenant('auth-co') })).status).toBe(403);
      expect((await intake.call('GET', '/tenants', { key: KEYS.viewer })).status).toBe(200);
      expect((await intake.call('GET', '/patches/P-AUTH', { key: KEYS.viewer })).status).toBe(404);
    });

    it('serves /health and the OpenAPI document without a key', async () => {
      expect((await intake.call('GET', '/health', { key: null })).status).toBe(200);
      const openapi = await intake.call<{ paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(
        'GET', '/docs/openapi.json', { key: null },
      );
      expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/tenants', '/tenants/{id}/subscriptions', '/patches', '/advisories/osv', '/admission']));
      expect(Object.keys(openapi.body.components.schemas.TenantDto.properties ?? {})).toEqual(expect.arrayContaining(['id', 'policy', 'credentialsRef']));
      expect(Object.keys(openapi.body.components.schemas.NativePatchDto.properties ?? {})).toEqual(expect.arrayContaining(['packages', 'publishedAt']));
    });
  });

  describe('tenants and subscriptions', () => {
    it('registers, reads, replaces and refuses a second tenant with the same id', async () => {
      const created = await intake.call<{ id: string; policy: { minSeverity: string } }>('POST', '/tenants', { body: tenant('crud-co') });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(tenant('crud-co'));
      expect((await intake.call('POST', '/tenants', { body: tenant('crud-co') })).status).toBe(409);
      const { id: _id, ...rest } = tenant('crud-co', { name: 'Renamed', policy: { minSeverity: 'critical', autoApply: true, replicaRetention: 'retain' } });
      const replaced = await intake.call('PUT', '/tenants/crud-co', { body: rest });
      expect(replaced.status).toBe(200);
      const read = await intake.call('GET', '/tenants/crud-co', { key: KEYS.viewer });
      expect(read.body).toMatchObject({ id: 'crud-co', name: 'Renamed', policy: { minSeverity: 'critical', autoApply: true } });
      const list = await intake.call<Array<{ id: string }>>('GET', '/tenants', { key: KEYS.viewer });
      expect(list.body.map((t) => t.id)).toContain('crud-co');
      expect((await intake.call('PUT', '/tenants/nobody', { body: rest })).status).toBe(404);
      expect((await intake.call('GET', '/tenants/nobody')).status).toBe(404);
    });

    it('rejects malformed tenants with 400 naming each field, and writes nothing', async () => {
      const bad = tenant('Bad Id!', { policy: { minSeverity: 'urgent', autoApply: 'yes', replicaRetention: 'delete' }, extra: 1 });
      const response = await intake.call<{ message: string[] }>('POST', '/tenants', { body: bad });
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(expect.arrayContaining([
        expect.stringMatching(/^id: /), expect.stringMatching(/^policy\.minSeverity: /), expect.stringMatching(/^policy\.autoApply: /),
        expect.stringMatching(/^extra: /),
      ]));
      const missing = await intake.call<{ message: string[] }>('POST', '/tenants', { body: { id: 'half-co', name: 'Half' } });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^provider: /), expect.stringMatching(/^policy: /)]));
      expect((await intake.call('GET', '/tenants/half-co')).status).toBe(404);
      const put = await intake.call<{ message: string[] }>('PUT', '/tenants/crud-co', { body: { ...tenant('crud-co') } });
      expect(put.status).toBe(400);
      expect(put.body.message).toEqual([expect.stringMatching(/^id: /)]);
      const { id: _id, policy: _policy, ...noPolicy } = tenant('crud-co');
      const putWithoutPolicy = await intake.call<{ message: string[] }>('PUT', '/tenants/crud-co', { body: noPolicy });
      expect(putWithoutPolicy.body.message).toEqual([expect.stringMatching(/^policy: /)]);
    });

    it('stores a rollout policy with maintenance windows, and names the field of a bad window', async () => {
      const windows = [{ start: '0 2 * * 1-5', durationMinutes: 120, timeZone: 'Europe/Berlin' }];
      const policy = { minSeverity: 'low', autoApply: true, replicaRetention: 'delete', rollout: { maintenanceWindows: windows } };
      expect((await intake.call('POST', '/tenants', { body: tenant('window-co', { policy }) })).status).toBe(201);
      expect((await intake.call('GET', '/tenants/window-co', { key: KEYS.viewer })).body).toMatchObject({ policy: { rollout: { maintenanceWindows: windows } } });
      const badWindows = [{ start: '0 25 * * *', durationMinutes: 0, timeZone: 'Mars/Olympus' }];
      const bad = await intake.call<{ message: string[] }>('POST', '/tenants', {
        body: tenant('bad-window-co', { policy: { ...policy, rollout: { maintenanceWindows: badWindows } } }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([
        expect.stringMatching(/^policy\.rollout\.maintenanceWindows\.0\.start: .*hour field "25"/),
        expect.stringMatching(/^policy\.rollout\.maintenanceWindows\.0\.durationMinutes: /),
        expect.stringMatching(/^policy\.rollout\.maintenanceWindows\.0\.timeZone: /),
      ]));
      expect((await intake.call('GET', '/tenants/bad-window-co')).status).toBe(404);
    });

    it('subscribes, lists and unsubscribes; one subscription per ecosystem', async () => {
      await intake.call('POST', '/tenants', { body: tenant('sub-co') });
      const created = await intake.call<{ id: string }>('POST', '/tenants/sub-co/subscriptions', { body: { ecosystem: 'Debian:12', packages: ['openssl'] } });
      expect(created.status).toBe(201);
      expect((await intake.call('POST', '/tenants/sub-co/subscriptions', { body: { ecosystem: 'Debian:12' } })).status).toBe(409);
      expect((await intake.call('POST', '/tenants/nobody/subscriptions', { body: { ecosystem: 'Debian:12' } })).status).toBe(404);
      const bad = await intake.call<{ message: string[] }>('POST', '/tenants/sub-co/subscriptions', { body: { ecosystem: '', packages: ['bad name'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^ecosystem: /), expect.stringMatching(/^packages: /)]));
      const list = await intake.call<Array<{ ecosystem: string; packages: string[] }>>('GET', '/tenants/sub-co/subscriptions', { key: KEYS.viewer });
      expect(list.body).toEqual([expect.objectContaining({ ecosystem: 'Debian:12', packages: ['openssl'] })]);
      expect((await intake.call('DELETE', `/tenants/sub-co/subscriptions/${created.body.id}`)).status).toBe(204);
      expect((await intake.call('DELETE', `/tenants/sub-co/subscriptions/${created.body.id}`)).status).toBe(404);
      const notUuid = await intake.call<{ message: string[] }>('DELETE', '/tenants/sub-co/subscriptions/xyz');
      expect(notUuid.status).toBe(400);
      expect(notUuid.body.message).toEqual(['subscriptionId: must be a UUID']);
    });
  });

  describe('publishing and fan-out', () => {
    beforeAll(async () => {
      const subscriptions: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
        ['fan-all', {}, { ecosystem: 'Debian:12' }],
        ['fan-openssl', {}, { ecosystem: 'Debian:12', packages: ['openssl', 'libssl3'] }],
        ['fan-nginx', {}, { ecosystem: 'Debian:12', packages: ['nginx'] }],
        ['fan-critical-only', { policy: { minSeverity: 'critical', autoApply: false, replicaRetention: 'delete' } }, { ecosystem: 'Debian:12' }],
        ['fan-alpine', {}, { ecosystem: 'Alpine:v3.18' }],
      ];
      for (const [id, overrides, subscription] of subscriptions) {
        expect((await intake.call('POST', '/tenants', { body: tenant(id, overrides) })).status).toBe(201);
        expect((await intake.call('POST', `/tenants/${id}/subscriptions`, { body: subscription })).status).toBe(201);
      }
    });

    it('queues exactly one run per matching tenant and announces the patch, in the stream', async () => {
      const published = await intake.call<Publication>('POST', '/patches', { key: KEYS.publisher, body: patch('DSA-FAN-1') });
      expect(published.status).toBe(201);
      expect(published.body.runsCreated).toBe(2);
      expect(published.body.patch).toMatchObject({ source: 'native', publishedAt: expect.any(String) });
      expect(published.body.runs.map((run) => run.tenantId).sort()).toEqual(['fan-all', 'fan-openssl']);

      const queued = await expectEventually(async () => {
        const events = (await intake.events('patchproof.run.queued.v1')).filter((event) => event.payload.run.patch.id === 'DSA-FAN-1');
        expect(events).toHaveLength(2);
        return events;
      }, { what: 'two run.queued events' });
      expect(queued.map((event) => event.payload.run.tenant.id).sort()).toEqual(['fan-all', 'fan-openssl']);
      expect(queued.map((event) => event.runId).sort()).toEqual(published.body.runs.map((run) => run.runId).sort());
      expect(queued[0].payload.run.tenant).toMatchObject({ provider: 'fake', policy: { minSeverity: 'low' } });
      const announced = (await intake.events('patchproof.patch.published.v1')).filter((event) => event.payload.patch.id === 'DSA-FAN-1');
      expect(announced).toEqual([expect.objectContaining({ payload: expect.objectContaining({ runsCreated: 2 }) })]);
    });

    it('creates nothing when the same patch id is published again, and refuses it with other content', async () => {
      const again = await intake.call<Publication>('POST', '/patches', { key: KEYS.publisher, body: patch('DSA-FAN-1') });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ runsCreated: 0, runs: [] });
      const changed = await intake.call<{ message: string[] }>('POST', '/patches', { key: KEYS.publisher, body: patch('DSA-FAN-1', { title: 'changed' }) });
      expect(changed.status).toBe(409);
      expect(changed.body.message).toEqual([expect.stringMatching(/^title: differs from patch DSA-FAN-1 as first published/)]);
      await intake.outboxDrained();
      expect((await intake.events('patchproof.run.queued.v1')).filter((event) => event.payload.run.patch.id === 'DSA-FAN-1')).toHaveLength(2);
      expect((await intake.events('patchproof.patch.published.v1')).filter((event) => event.payload.patch.id === 'DSA-FAN-1')).toHaveLength(1);
      const view = await intake.call<PatchView & { patch: { title: string } }>('GET', '/patches/DSA-FAN-1', { key: KEYS.viewer });
      expect(view.body.patch.title).toBe('DSA-FAN-1 openssl update');
      expect(view.body.runs).toHaveLength(2);
    });

    it('requests the runs it admitted and shows their state on the patch', async () => {
      await expectEventually(async () => {
        const view = await intake.call<PatchView>('GET', '/patches/DSA-FAN-1', { key: KEYS.viewer });
        expect(view.body.runs.map((run) => run.state)).toEqual(['active', 'active']);
      }, { what: 'runs admitted' });
      await intake.outboxDrained();
      const requested = (await intake.events('patchproof.run.requested.v1')).filter((event) => event.payload.run.patch.id === 'DSA-FAN-1');
      expect(requested).toHaveLength(2);
      const list = await intake.call<Array<{ id: string; runsCreated: number }>>('GET', '/patches', { key: KEYS.viewer });
      expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'DSA-FAN-1', runsCreated: 2 })]));
    });

    it('fans a critical patch out to a tenant that only wants critical ones', async () => {
      const published = await intake.call<Publication>('POST', '/patches', { key: KEYS.publisher, body: patch('DSA-FAN-2', { severity: 'critical' }) });
      expect(published.body.runs.map((run) => run.tenantId).sort()).toEqual(['fan-all', 'fan-critical-only', 'fan-openssl']);
    });

    it('lets exactly one of two concurrent publications of a new id create runs', async () => {
      const body = patch('DSA-RACE-1');
      const responses = await Promise.all([1, 2].map(() => intake.call<Publication>('POST', '/patches', { key: KEYS.publisher, body })));
      expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
      expect(responses.map((response) => response.body.runsCreated).sort()).toEqual([0, 2]);
      await intake.outboxDrained();
      expect((await intake.events('patchproof.run.queued.v1')).filter((event) => event.payload.run.patch.id === 'DSA-RACE-1')).toHaveLength(2);
    });

    it('rejects a malformed patch with 400 naming the field and writes nothing', async () => {
      const body = patch('DSA-BAD', { severity: 'severe', packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: 'not a version!' }] });
      const response = await intake.call<{ message: string[] }>('POST', '/patches', { key: KEYS.publisher, body });
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^severity: /), expect.stringMatching(/^packages\.0\.fixedVersion: /)]));
      const empty = await intake.call<{ message: string[] }>('POST', '/patches', { key: KEYS.publisher, body: patch('DSA-BAD', { packages: [] }) });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toEqual([expect.stringMatching(/^packages: /)]);
      expect((await intake.call('GET', '/patches/DSA-BAD')).status).toBe(404);
      await intake.outboxDrained();
      expect((await intake.events('patchproof.patch.published.v1')).filter((event) => event.payload.patch.id === 'DSA-BAD')).toEqual([]);
    });
  });

  describe('advisories', () => {
    const osv = {
      id: 'DSA-OSV-1', modified: '2024-11-01T00:00:00Z', published: '2024-10-30T00:00:00Z', summary: 'openssl security update', aliases: ['CVE-2024-9143'],
      affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.15-1~deb12u1' }] }] }],
    };

    it('converts an OSV record and publishes it like a native patch', async () => {
      const published = await intake.call<Publication>('POST', '/advisories/osv', { key: KEYS.publisher, body: osv });
      expect(published.status).toBe(201);
      expect(published.body.patch).toMatchObject({ source: 'osv', publishedAt: '2024-10-30T00:00:00Z' });
      expect(published.body.runs.map((run) => run.tenantId).sort()).toEqual(['fan-all', 'fan-openssl']);
      expect((await intake.call<Publication>('POST', '/advisories/osv', { key: KEYS.publisher, body: osv })).body.runsCreated).toBe(0);
    });

    it('answers 400 naming the advisory field at fault, and publishes nothing', async () => {
      const noFix = { ...osv, id: 'DSA-OSV-BAD', affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [] }] };
      const response = await intake.call<{ message: string[] }>('POST', '/advisories/osv', { key: KEYS.publisher, body: noFix });
      expect(response.status).toBe(400);
      expect(response.body.message.length).toBeGreaterThan(0);
      expect(response.body.message.every((line) => /^[^:]+: /.test(line))).toBe(true);
      expect((await intake.call('GET', '/patches/DSA-OSV-BAD')).status).toBe(404);
      const csaf = await intake.call<{ message: string[] }>('POST', '/advisories/csaf', { key: KEYS.publisher, body: { document: {} } });
      expect(csaf.status).toBe(400);
      expect((await intake.call('POST', '/advisories/csaf', { key: KEYS.viewer, body: {} })).status).toBe(403);
    });
  });

  describe('deleting a tenant', () => {
    it('removes its subscriptions, cancels its queued runs (never requested) and says so with run.failed', async () => {
      await intake.call('POST', '/tenants', { body: tenant('parked-co', { provider: 'parked' }) });
      await intake.call('POST', '/tenants/parked-co/subscriptions', { body: { ecosystem: 'Alpine:v3.18' } });
      const body = patch('ALPINE-1', { packages: [{ ecosystem: 'Alpine:v3.18', name: 'musl', fixedVersion: '1.2.4-r3' }] });
      const published = await intake.call<Publication>('POST', '/patches', { key: KEYS.publisher, body });
      expect(published.body.runs.map((run) => run.tenantId).sort()).toEqual(['fan-alpine', 'parked-co']);
      const parkedRun = published.body.runs.find((run) => run.tenantId === 'parked-co')!.runId;

      const deleted = await intake.call('DELETE', '/tenants/parked-co');
      expect(deleted.body).toEqual({ id: 'parked-co', subscriptionsRemoved: 1, runsCancelled: 1 });
      expect((await intake.call('GET', '/tenants/parked-co')).status).toBe(404);
      expect((await intake.call('DELETE', '/tenants/parked-co')).status).toBe(404);

      const view = await intake.call<PatchView>('GET', '/patches/ALPINE-1', { key: KEYS.viewer });
      expect(view.body.runs.find((run) => run.runId === parkedRun)?.state).toBe('cancelled');
      const failed = await expectEventually(async () => {
        const events = (await intake.events('patchproof.run.failed.v1')).filter((event) => event.runId === parkedRun);
        expect(events).toHaveLength(1);
        return events[0];
      }, { what: 'run.failed for the cancelled run' });
      expect(failed.payload).toMatchObject({ step: 'admission', reason: expect.stringMatching(/tenant parked-co was deleted/) });
      await intake.outboxDrained();
      expect((await intake.events('patchproof.run.requested.v1')).filter((event) => event.runId === parkedRun)).toEqual([]);
      const admission = await intake.call<{ providers: Array<{ provider: string; limit: number; queued: number }> }>('GET', '/admission', { key: KEYS.viewer });
      expect(admission.body.providers).toEqual(expect.arrayContaining([{ provider: 'parked', limit: 0, active: 0, queued: 0 }]));
    });
  });
});
