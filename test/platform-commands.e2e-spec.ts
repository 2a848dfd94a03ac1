import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SERVICES } from '@patchproof/supervisor';
import { createTestDatabase, expectEventually, startTestNatsServer, TestDatabase, TestNatsServer } from '@patchproof/testing';

// The README's commands as a user runs them: `npm start` (here its compiled entry, after the suite's
// build) until SIGTERM, and `npm run demo -- --fake --json`. Both use the services' default ports.
const ROOT = join(__dirname, '..');

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(script: string, args: string[], env: NodeJS.ProcessEnv): Launched {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'platform', script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
}

describe('the README commands', () => {
  let nats: TestNatsServer;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [nats, database] = await Promise.all([startTestNatsServer(), createTestDatabase('pp_commands')]);
    env = { NATS_URL: nats.url, DATABASE_URL: database.url, PATCHPROOF_BOOTSTRAP_KEY: randomBytes(24).toString('base64url'), PATCHPROOF_SECRET_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn' };
  });

  afterAll(async () => {
    await database?.drop();
    await nats?.stop();
  });

  it('npm run migrate applies every service\'s migrations to a fresh database, and a second run has nothing to do', async () => {
    const fresh = await createTestDatabase('pp_migrate');
    try {
      const first = launch('migrate.js', ['--json'], { DATABASE_URL: fresh.url });
      expect(await first.exited).toBe(0);
      const applied = first.output().trim().split('\n').map((line) => JSON.parse(line) as { schema: string; applied: string[] });
      expect(applied.map((entry) => entry.schema).sort()).toEqual(['inventory', 'patch_applier', 'patch_intake', 'replicator', 'reporter', 'test_runner', 'test_selector']);
      expect(applied.every((entry) => entry.applied.length > 0)).toBe(true);
      const second = launch('migrate.js', ['--json'], { DATABASE_URL: fresh.url });
      expect(await second.exited).toBe(0);
      expect(second.output().trim().split('\n').map((line) => (JSON.parse(line) as { applied: string[] }).applied)).toEqual(Array(7).fill([]));
    } finally {
      await fresh.drop();
    }
  });

  it('npm start runs all seven services until SIGTERM, then stops cleanly with exit code 0', async () => {
    const started = launch('start.js', [], env);
    try {
      await expectEventually(() => expect(started.output()).toContain('all services healthy'), { timeoutMs: 120_000 });
      for (const service of SERVICES) expect(await healthy(service.port)).toBe(true);
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      expect(started.output()).toContain('SIGTERM: stopping services');
      for (const service of SERVICES) expect(await healthy(service.port)).toBe(false);
    } finally {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  });

  it('npm start restarts a service that crashes while it runs', async () => {
    const started = launch('start.js', [], env);
    try {
      await expectEventually(() => expect(started.output()).toContain('all services healthy'), { timeoutMs: 120_000 });
      const reporter = SERVICES.find((service) => service.name === 'reporter')!;
      const pid = Number(execFileSync('pgrep', ['-P', String(started.child.pid), '-f', 'reporter/src/main.js'], { encoding: 'utf8' }).trim());
      process.kill(pid, 'SIGKILL');
      await expectEventually(() => expect(started.output()).toContain('reporter exited unexpectedly'), { timeoutMs: 30_000 });
      await expectEventually(async () => expect(await healthy(reporter.port)).toBe(true), { timeoutMs: 60_000 });
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
    } finally {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  });

  it('npm run demo -- --fake --json prints every sample tenant\'s verdict, as the README tells it', async () => {
    const demo = launch('demo.js', ['--fake', '--json'], env);
    const code = await demo.exited;
    expect({ code, tail: code === 0 ? '' : demo.output().slice(-2000) }).toEqual({ code: 0, tail: '' });
    const json = demo.output().slice(demo.output().indexOf('['));
    const runs = JSON.parse(json) as Array<{ tenant: { id: string }; verdict: string | null; rollout?: { status: string } | null }>;
    const verdicts = Object.fromEntries(runs.map((run) => [run.tenant.id, run.verdict]));
    expect(verdicts).toEqual({ 'acme-shop': 'passed', 'globex-erp': 'passed', 'initech-crm': 'failed', 'umbrella-portal': 'passed', 'hooli-search': 'error' });
    expect(runs.find((run) => run.tenant.id === 'acme-shop')?.rollout?.status).toBe('applied');
    expect(runs.find((run) => run.tenant.id === 'initech-crm')?.rollout ?? null).toBeNull();
  });
});
