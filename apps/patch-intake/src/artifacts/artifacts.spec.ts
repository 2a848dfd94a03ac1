import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntakeHarness, KEYS, startIntake } from '../testing/intake-harness';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const DEB = randomBytes(3000);
const RPM = randomBytes(2000);

interface ArtifactsView { patchId: string; complete: boolean; artifacts: Array<{ fileName: string; stored: boolean; sizeBytes?: number; storedAt?: string }> }
interface PatchView { runs: Array<{ runId: string; state: string }> }

describe('patch artifacts: upload, listing, and admission waiting for them (real PostgreSQL and NATS)', () => {
  let intake: IntakeHarness;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patchproof-intake-artifacts-'));
    intake = await startIntake({ PATCHPROOF_ARTIFACT_DIR: join(dir, 'store'), ARTIFACT_MAX_BYTES: '4096' });
    const tenant = { id: 'files-co', name: 'Files', provider: 'fake', environmentRef: 'files-prod', policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } };
    expect((await intake.call('POST', '/tenants', { body: tenant })).status).toBe(201);
    expect((await intake.call('POST', '/tenants/files-co/subscriptions', { body: { ecosystem: 'Debian:12' } })).status).toBe(201);
  });

  afterAll(async () => {
    await intake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  function upload(patchId: string, fileName: string, body: Buffer, options: { key?: string; contentType?: string } = {}) {
    return fetch(new URL(`/patches/${encodeURIComponent(patchId)}/artifacts/${encodeURIComponent(fileName)}`, intake.url), {
      method: 'PUT', body, headers: { authorization: `Bearer ${options.key ?? KEYS.publisher}`, 'content-type': options.contentType ?? 'application/octet-stream' },
    });
  }

  async function publish(id: string) {
    const patch = {
      id, title: 'openssl update', severity: 'high', advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15-1~deb12u1' }],
      artifacts: [
        { fileName: 'openssl_3.0.15-1~deb12u1_amd64.deb', format: 'deb', sha256: sha256(DEB) },
        { fileName: 'openssl-3.0.7-28.el9.x86_64.rpm', format: 'rpm', sha256: sha256(RPM) },
      ],
    };
    expect((await intake.call('POST', '/patches', { key: KEYS.publisher, body: patch })).status).toBe(201);
  }

  const runState = async (id: string) => (await intake.call<PatchView>('GET', `/patches/${id}`, { key: KEYS.viewer })).body.runs[0].state;

  it('keeps the runs of a patch queued until every declared file is stored, then admits them', async () => {
    await publish('FILES-1');
    // Publishing runs an admission pass before it answers: the run stayed queued because no file is stored.
    expect(await runState('FILES-1')).toBe('queued');

    expect((await upload('FILES-1', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB)).status).toBe(201);
    expect(await runState('FILES-1')).toBe('queued');
    expect((await upload('FILES-1', 'openssl-3.0.7-28.el9.x86_64.rpm', RPM)).status).toBe(201);
    expect(await runState('FILES-1')).toBe('active');

    const [run] = (await intake.call<PatchView>('GET', '/patches/FILES-1', { key: KEYS.viewer })).body.runs;
    await intake.outboxDrained();
    expect((await intake.events('patchproof.run.requested.v1')).map((event) => event.payload.run.runId)).toContain(run.runId);
  });

  it('stores content under its sha256, answers a repeat with 200, and lists what is stored', async () => {
    await publish('FILES-2');
    const first = await upload('FILES-2', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ fileName: 'openssl_3.0.15-1~deb12u1_amd64.deb', format: 'deb', sha256: sha256(DEB), stored: true, sizeBytes: 3000 });
    expect((await upload('FILES-2', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB)).status).toBe(200);
    expect(await readFile(join(dir, 'store', sha256(DEB)))).toEqual(DEB);

    const listed = await intake.call<ArtifactsView>('GET', '/patches/FILES-2/artifacts', { key: KEYS.viewer });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      patchId: 'FILES-2', complete: false,
      artifacts: [{ fileName: 'openssl_3.0.15-1~deb12u1_amd64.deb', stored: true, sizeBytes: 3000 }, { fileName: 'openssl-3.0.7-28.el9.x86_64.rpm', stored: false }],
    });
  });

  it('refuses content whose sha256 is not the declared one, naming sha256, and keeps nothing', async () => {
    await publish('FILES-3');
    const before = await readdir(join(dir, 'store'));
    const response = await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', RPM);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string[] }).message).toEqual([
      `sha256: the uploaded content has sha256 ${sha256(RPM)}, the patch declares ${sha256(DEB)} for openssl_3.0.15-1~deb12u1_amd64.deb`,
    ]);
    expect(await readdir(join(dir, 'store'))).toEqual(before);
    expect((await intake.call<ArtifactsView>('GET', '/patches/FILES-3/artifacts', { key: KEYS.viewer })).body.artifacts[0].stored).toBe(false);
    expect(await runState('FILES-3')).toBe('queued');
  });

  it('answers 404 for an unknown patch or file, 415 for another media type, 413 above the limit, 401/403 without the role', async () => {
    expect((await upload('NO-SUCH-PATCH', 'x.deb', DEB)).status).toBe(404);
    expect((await upload('FILES-3', 'undeclared.deb', DEB)).status).toBe(404);
    expect((await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB, { contentType: 'text/plain' })).status).toBe(415);
    expect((await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', Buffer.from('{}'), { contentType: 'application/json' })).status).toBe(415);
    expect((await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', randomBytes(5000))).status).toBe(413);
    expect((await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB, { key: KEYS.viewer })).status).toBe(403);
    expect((await upload('FILES-3', 'openssl_3.0.15-1~deb12u1_amd64.deb', DEB, { key: 'not-a-key-0123456789' })).status).toBe(401);
    expect((await intake.call('GET', '/patches/NO-SUCH-PATCH/artifacts', { key: KEYS.viewer })).status).toBe(404);
    const openapi = await intake.call<{ paths: Record<string, unknown> }>('GET', '/docs/openapi.json', { key: null });
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/patches/{id}/artifacts', '/patches/{id}/artifacts/{fileName}']));
  });
});
