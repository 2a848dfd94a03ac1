import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshDefinition, TestDefinition } from '../test-definition';
import { SeedTest } from './catalog-seed';
import { STARTER_CATALOG } from './starter-catalog';

/** Programs the local provider's minimal Debian VMs have (base set, the middleware's packages, essential tools). */
const VM_PROGRAMS = ['true', 'sh', 'bash', 'cat', 'getent', 'apt-get', 'dpkg', 'sshd', 'runuser', 'pgrep', 'nginx', 'apachectl', 'haproxy'];

const sshDefinitions = (test: SeedTest): SshDefinition[] =>
  [test.definition, test.prepare].filter((definition): definition is SshDefinition => definition?.kind === 'ssh');

/** [shell, script, args] of `sh -c script sh …` / `bash -c script bash …`, also behind `runuser -u user --`. */
function scriptOf(command: string[]): { shell: string; script: string; args: string[] } | undefined {
  const start = command[0] === 'runuser' ? command.indexOf('--') + 1 : 0;
  const [shell, flag, script, , ...args] = command.slice(start);
  return (shell === 'sh' || shell === 'bash') && flag === '-c' ? { shell, script, args } : undefined;
}

const scripts = STARTER_CATALOG.tests.flatMap((test) => sshDefinitions(test).flatMap((definition) => {
  const found = scriptOf(definition.command);
  return found ? [{ id: test.id, ...found }] : [];
}));

function byId(id: string): SeedTest {
  const test = STARTER_CATALOG.tests.find((candidate) => candidate.id === id);
  if (!test) throw new Error(`no starter test ${id}`);
  return test;
}

/** The definition's argv with placeholders bound as selection would. */
function bound(definition: TestDefinition, parameters: Record<string, string>): string[] {
  if (definition.kind !== 'ssh') throw new Error(`${definition.kind} is not an ssh definition`);
  return definition.command.map((arg) => arg.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => parameters[name] ?? `{{${name}}}`));
}

/** Runs an argv here as the runner runs it on a VM, judged by the definition's expectations. */
function runHere(test: SeedTest, parameters: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Promise<{ passed: boolean; stdout: string; stderr: string }> {
  return runArgv(test.definition as SshDefinition, bound(test.definition, parameters), env);
}

function runArgv(definition: SshDefinition, argv: string[], env: NodeJS.ProcessEnv): Promise<{ passed: boolean; stdout: string; stderr: string }> {
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    execFile(program, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const stdoutOk = !definition.expectStdout || new RegExp(definition.expectStdout, 'm').test(stdout);
      resolve({ passed: code === (definition.expectExit ?? 0) && stdoutOk, stdout, stderr });
    });
  });
}

describe('the starter catalog\'s commands', () => {
  it('parse as the shell that runs them', () => {
    expect(scripts.length).toBeGreaterThan(20);
    const broken = scripts.flatMap(({ id, shell, script }) => {
      try {
        execFileSync(shell, ['-n', '-c', script], { stdio: 'pipe' });
        return [];
      } catch (error) {
        return [`${id}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it('pass variable input to scripts only as arguments', () => {
    expect(scripts.filter(({ script }) => script.includes('{{')).map(({ id }) => id)).toEqual([]);
  });

  it('run only programs a minimal Debian VM has, systemctl only where pp-service is missing, curl only beside openssl', () => {
    const programs = STARTER_CATALOG.tests.flatMap((test) => sshDefinitions(test).map((definition) => `${test.id}: ${definition.command[0]}`));
    expect(programs.filter((entry) => !VM_PROGRAMS.includes(entry.split(': ')[1]))).toEqual([]);
    expect(scripts.filter(({ script }) => /journalctl|logger /.test(script)).map(({ id }) => id)).toEqual([]);
    expect(scripts.filter(({ script }) => script.includes('systemctl') && !script.includes('/usr/local/sbin/pp-service')).map(({ id }) => id)).toEqual([]);
    expect(scripts.filter(({ script }) => script.includes('curl') && !script.includes('openssl s_client')).map(({ id }) => id)).toEqual([]);
  });
});

describe('the starter catalog\'s loopback probes against a local HTTP server', () => {
  let server: Server;
  let port: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('Server', 'nginx/1.22.1');
      response.end(request.method === 'HEAD' ? undefined : 'hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = String((server.address() as AddressInfo).port);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(['db-tcp-connect', 'web-keep-alive', 'nginx-server-header', 'web-response-time'])('%s holds', async (id) => {
    const outcome = await runHere(byId(id), { servicePort: port });
    expect({ id, ...outcome, stdout: outcome.passed ? '' : outcome.stdout }).toEqual({ id, passed: true, stdout: '', stderr: '' });
  }, 60_000);

  it('fails them when nothing listens or the server is another', async () => {
    expect((await runHere(byId('db-tcp-connect'), { servicePort: '1' })).passed).toBe(false);
    expect((await runHere(byId('apache-server-header'), { servicePort: port })).passed).toBe(false);
  });
});

// The namespace-VM branch (pp-service) runs on the VMs in test/catalog-local.e2e-spec.ts; this is the systemd one.
const onSystemdPath = !existsSync('/usr/local/sbin/pp-service');
(onSystemdPath ? describe : describe.skip)('service control where the VM has systemd (a stub systemctl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-starter-systemctl-'));
  const calls = join(dir, 'calls');
  let server: Server;

  beforeAll(async () => {
    writeFileSync(join(dir, 'systemctl'), `#!/bin/sh\necho "$*" >> ${calls}\n`, { mode: 0o755 });
    server = createServer((_request, response) => response.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts the unit named after the bound process name and waits for its port', async () => {
    const port = String((server.address() as AddressInfo).port);
    const outcome = await runHere(byId('db-service-restart'), { service: 'postgres', servicePort: port }, { PATH: `${dir}:/usr/bin:/bin` });
    expect(outcome).toMatchObject({ passed: true });
    expect(readFileSync(calls, 'utf8')).toBe('restart postgresql\nis-active postgresql\n');
  });
});

/** The directory of a program on this host's PATH, if there is one. */
function whereIs(program: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

// web-tls-handshake talks to 127.0.0.1:443 on the VM; here its script is pointed at local servers'
// ports instead (the only change), once through curl and once through openssl s_client (a PATH without curl).
const openssl = whereIs('openssl');
const curl = whereIs('curl');
if (!openssl) console.warn('[starter-catalog] web-tls-handshake probes skipped: no openssl on this host to make a certificate and run s_client');
(openssl ? describe : describe.skip)('web-tls-handshake against local servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pp-starter-tls-'));
  const opensslOnly = join(dir, 'bin');
  let https: ReturnType<typeof createHttpsServer>;
  let plain: Server;
  const portOf = (server: { address(): unknown }): string => String((server.address() as AddressInfo).port);

  beforeAll(async () => {
    execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    execFileSync('mkdir', [opensslOnly]);
    for (const program of ['sh', 'openssl', 'timeout', 'head', 'cut']) symlinkSync(whereIs(program)!, join(opensslOnly, program));
    https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_request, response) => response.end('hello'));
    plain = createServer((_request, response) => response.end('hello'));
    await Promise.all([https, plain].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  });

  afterAll(async () => {
    await Promise.all([https, plain].map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  /** The test's argv with the VM's loopback 443 replaced by a local port (both the curl URL and the s_client address). */
  function againstPort(port: string): string[] {
    const definition = byId('web-tls-handshake').definition as SshDefinition;
    const argv = bound(definition, {});
    const script = argv[2];
    const moved = script.replace('https://127.0.0.1/', `https://127.0.0.1:${port}/`).replace('127.0.0.1:443 ', `127.0.0.1:${port} `);
    expect(moved.match(new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g'))).toHaveLength(2);
    return [argv[0], argv[1], moved, ...argv.slice(3)];
  }

  const branches = [
    ['curl', () => process.env, curl !== undefined],
    ['openssl s_client', () => ({ PATH: opensslOnly }), true],
  ] as const;

  for (const [branch, env, available] of branches) {
    if (!available) console.warn(`[starter-catalog] web-tls-handshake through ${branch} skipped: not on this host`);
    (available ? describe : describe.skip)(`through ${branch}`, () => {
      it('passes with a full handshake and an HTTP answer from an HTTPS server', async () => {
        const outcome = await runArgv(byId('web-tls-handshake').definition as SshDefinition, againstPort(portOf(https)), env());
        expect(outcome).toMatchObject({ passed: true, stdout: '200\n' });
      }, 30_000);

      it('fails when the port answers plain HTTP (the handshake fails) or nothing listens', async () => {
        const definition = byId('web-tls-handshake').definition as SshDefinition;
        expect((await runArgv(definition, againstPort(portOf(plain)), env())).passed).toBe(false);
        expect((await runArgv(definition, againstPort('1'), env())).passed).toBe(false);
      }, 30_000);
    });
  }
});
