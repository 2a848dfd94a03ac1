import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectEventually } from '@patchproof/testing';
import { addFakeTenant, PATCH } from './support/fake-tenants';
import { E2ePlatform } from './support/platform';
import { runsOf, waitForFinishedRuns } from './support/runs';

interface RolloutStatus { runId: string; status: string; waitingUntil?: string; reason?: string; approval?: { decision: string; by: string } }

const TENANT_KEY = 'ra-manual-tenant-key-0123456789';
const OTHER_TENANT_KEY = 'ra-other-tenant-key-0123456789';

/** The next 02:15 UTC-ish opening two hours from now, so the window is closed while the suite runs. */
function closedWindow(now: Date): { window: { start: string; durationMinutes: number; timeZone: string }; opensAt: Date } {
  const hour = (now.getUTCHours() + 2) % 24;
  const opensAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, 15));
  if (opensAt < now) opensAt.setUTCDate(opensAt.getUTCDate() + 1);
  return { window: { start: `15 ${hour} * * *`, durationMinutes: 30, timeZone: 'UTC' }, opensAt };
}

describe('rollout approval and maintenance windows through the running services (fake provider)', () => {
  let platform: E2ePlatform;
  const { window, opensAt } = closedWindow(new Date());

  beforeAll(async () => {
    platform = await E2ePlatform.start({
      PATCHPROOF_API_KEYS: JSON.stringify([
        { name: 'ra-manual-key', role: 'tenant', tenantId: 'ra-manual', key: TENANT_KEY },
        { name: 'ra-other-key', role: 'tenant', tenantId: 'ra-reject', key: OTHER_TENANT_KEY },
      ]),
      ROLLOUT_POLL_MS: '200',
    });
    await addFakeTenant(platform, { id: 'ra-manual', software: 'nginx' });
    await addFakeTenant(platform, { id: 'ra-reject', software: 'nginx' });
    await addFakeTenant(platform, { id: 'ra-window', software: 'nginx', autoApply: true, rolloutPolicy: { maintenanceWindows: [window] } });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const cli = (key: string, ...args: string[]) => promisify(execFile)(process.execPath, [join(__dirname, '..', 'dist', 'tools', 'cli', 'main.js'), ...args], {
    env: { ...process.env, PATCHPROOF_API_KEY: key, PATCHPROOF_APPLIER_URL: platform.supervisor.url('patch-applier') },
  });
  const status = async (runId: string) => JSON.parse((await cli(platform.apiKey, 'rollout', 'status', runId, '--json')).stdout) as RolloutStatus;
  const libssl = async (tenant: string) => {
    const environment = await platform.api<{ vms: Array<{ packages: Array<{ name: string; version: string }> }> }>('replicator', 'GET', `/fake/environments/${tenant}-env`);
    return environment.body.vms[0].packages.find((item) => item.name === 'libssl3')?.version;
  };

  it('holds passed runs for approval, rolls out on the tenant\'s approval, never after a rejection, and waits outside the window', async () => {
    expect((await platform.api('patch-intake', 'POST', '/patches', PATCH)).status).toBe(201);
    const runs = await waitForFinishedRuns(platform, PATCH.id, 3, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${platform.logs()}`);
    });
    const runOf = (tenant: string) => runs.find((run) => run.tenant.id === tenant)!.runId;
    expect(runs.map((run) => run.verdict)).toEqual(['passed', 'passed', 'passed']);

    expect(await status(runOf('ra-manual'))).toMatchObject({ status: 'awaiting-approval' });
    const waiting = await expectEventually(async () => {
      const view = await status(runOf('ra-window'));
      expect(view.status).toBe('waiting-for-window');
      return view;
    }, { what: 'ra-window waits for its maintenance window' });
    expect(waiting).toMatchObject({ waitingUntil: opensAt.toISOString(), reason: expect.stringContaining(`waits until ${opensAt.toISOString()}`), approval: { by: 'policy:autoApply' } });

    // A tenant key may not decide another tenant's rollout (answered as unknown), and the CLI says so.
    await expect(cli(OTHER_TENANT_KEY, 'rollout', 'approve', runOf('ra-manual'))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('HTTP 404') });
    const approved = JSON.parse((await cli(TENANT_KEY, 'rollout', 'approve', runOf('ra-manual'), '--note', 'go', '--json')).stdout) as RolloutStatus;
    expect(approved.approval).toMatchObject({ decision: 'approved', by: 'ra-manual-key' });
    await expectEventually(async () => expect((await status(runOf('ra-manual'))).status).toBe('applied'), { what: 'ra-manual rolled out' });
    expect(await libssl('ra-manual')).toBe('3.0.15-1~deb12u1');
    expect((await cli(OTHER_TENANT_KEY, 'rollout', 'reject', runOf('ra-reject'), '--note', 'freeze')).stdout).toMatch(/rejected/);
    expect(await status(runOf('ra-reject'))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('freeze') });

    // The reporter's run list shows the one rollout that happened; the others have none (yet).
    await expectEventually(async () => {
      const rows = await runsOf(platform, PATCH.id);
      expect(Object.fromEntries(rows.map((run) => [run.tenant.id, run.rollout?.status ?? null]))).toEqual({ 'ra-manual': 'applied', 'ra-reject': null, 'ra-window': null });
    }, { what: 'the reporter shows the rollouts' });
    expect(await libssl('ra-reject')).toBe('3.0.13-1~deb12u1');
    expect(await libssl('ra-window')).toBe('3.0.13-1~deb12u1');
  }, 300_000);
});
