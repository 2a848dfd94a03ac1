import { causedBy, createEvent, EventEnvelope, RunRequestedV1 } from '@patchproof/contracts';
import { durableName, PIPELINE_STREAM } from '@patchproof/messaging';
import { expectEventually } from '@patchproof/testing';
import { IntakeHarness, KEYS, startIntake } from '../testing/intake-harness';

const TENANTS = ['t1', 't2', 't3', 't4', 't5'];

const patch = (id: string, severity: string) => ({
  id, title: id, severity, advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }],
});

interface AdmissionView { globalLimit: number; active: number; queued: number; providers: Array<{ provider: string; limit: number; active: number; queued: number }> }

describe('admission control on real PostgreSQL and NATS JetStream', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    intake = await startIntake({ ADMISSION_GLOBAL_LIMIT: '2', ADMISSION_PROVIDER_LIMITS: 'fake=20,local=3' });
    for (const id of TENANTS) {
      const tenant = { id, name: id, provider: 'fake', environmentRef: `${id}-env`, policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } };
      expect((await intake.call('POST', '/tenants', { body: tenant })).status).toBe(201);
      expect((await intake.call('POST', `/tenants/${id}/subscriptions`, { body: { ecosystem: 'Debian:12' } })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await intake?.close();
  });

  async function requested(count: number): Promise<Array<EventEnvelope<RunRequestedV1>>> {
    return expectEventually(async () => {
      const events = await intake.events('patchproof.run.requested.v1');
      expect(events).toHaveLength(count);
      return events;
    }, { what: `${count} run.requested events` });
  }

  async function admission(): Promise<AdmissionView> {
    return (await intake.call<AdmissionView>('GET', '/admission', { key: KEYS.viewer })).body;
  }

  async function release(event: EventEnvelope<RunRequestedV1>): Promise<void> {
    const released = createEvent('patchproof.replica.released.v1', { run: event.payload.run, replicaId: 'replica-1', action: 'deleted', verdict: 'passed' }, causedBy(event));
    await intake.handles.js.publish(released.subject, JSON.stringify(released), { msgID: released.id });
  }

  /** Every replica.released delivered to patch-intake has been handled and acknowledged. */
  async function releasesSettled(): Promise<void> {
    await expectEventually(async () => {
      const consumer = await intake.handles.jsm.consumers.info(PIPELINE_STREAM, durableName('patch-intake', 'patchproof.replica.released.v1'));
      expect(consumer.num_pending + consumer.num_ack_pending).toBe(0);
    }, { what: 'replica.released handled' });
  }

  it('requests only as many runs as the global limit allows', async () => {
    const published = await intake.call<{ runsCreated: number }>('POST', '/patches', { key: KEYS.publisher, body: patch('LOW-1', 'low') });
    expect(published.body.runsCreated).toBe(5);
    const first = await requested(2);
    // The oldest runs of the same severity go first (fan-out queues tenants in id order).
    expect(first.map((event) => event.payload.run.tenant.id)).toEqual(['t1', 't2']);
    await intake.outboxDrained();
    expect(await intake.events('patchproof.run.requested.v1')).toHaveLength(2);
    expect(await admission()).toMatchObject({
      globalLimit: 2, active: 2, queued: 3,
      providers: [{ provider: 'fake', limit: 20, active: 2, queued: 3 }, { provider: 'local', limit: 3, active: 0, queued: 0 }],
    });
  });

  it('admits the next run when a replica is released, critical before older low runs', async () => {
    expect((await intake.call('POST', '/patches', { key: KEYS.publisher, body: patch('CRIT-1', 'critical') })).status).toBe(201);
    await intake.outboxDrained();
    expect(await intake.events('patchproof.run.requested.v1')).toHaveLength(2);

    const [first] = await intake.events('patchproof.run.requested.v1');
    await release(first);
    const third = (await requested(3))[2];
    expect(third.payload.run).toMatchObject({ patch: { id: 'CRIT-1' }, tenant: { id: 't1' } });
    expect(third.runId).toBe(third.payload.run.runId);

    // The same release again (a redelivery) frees nothing more.
    await release(first);
    const duplicate = createEvent('patchproof.replica.released.v1', { run: first.payload.run, action: 'deleted', verdict: 'passed', replicaId: 'replica-1' }, causedBy(first));
    await intake.handles.js.publish(duplicate.subject, JSON.stringify(duplicate), { msgID: `${duplicate.id}-redelivered` });
    await releasesSettled();
    await intake.outboxDrained();
    expect(await intake.events('patchproof.run.requested.v1')).toHaveLength(3);
    expect(await admission()).toMatchObject({ active: 2, queued: 7 });

    const view = await intake.call<{ runs: Array<{ runId: string; state: string; verdict: string | null }> }>('GET', '/patches/LOW-1', { key: KEYS.viewer });
    expect(view.body.runs.find((run) => run.runId === first.runId)).toMatchObject({ state: 'released', verdict: 'passed' });
  });
});
