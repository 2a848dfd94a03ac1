import { PatchSpec, SelectedTest } from '@patchproof/contracts';
import { InMemoryHostKeyStore, SecretBox } from '@patchproof/ssh';
import { VmTarget } from '@patchproof/vm-access';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ArtifactStore, FileArtifactStore } from './artifacts/file-artifact-store';
import { InMemoryBaselineStore } from './checks/baseline-store';
import { FileCredentialVault } from './credentials/credential-vault';
import { JOURNAL_DIR } from './patching/operation-journal';
import { STAGING_DIR } from './patching/deb-staging';
import { SshVmAccess } from './ssh-vm-access';
import { buildTestDeb, BuiltDeb } from './testing/build-deb';
import { createSshdFixture, sshdUnavailableReason, SshdFixture, TestSshd } from '@patchproof/ssh';

const run = promisify(execFile);
const PACKAGE = 'pp-test-hello';

function unavailableReason(): string | undefined {
  return sshdUnavailableReason() ?? (existsSync('/usr/bin/dpkg-deb') && existsSync('/usr/bin/dpkg-query') ? undefined : 'needs dpkg (a Debian-family host)');
}

const unavailable = unavailableReason();
if (unavailable) console.warn(`[libs/ssh-access] real SSH tests skipped: ${unavailable}`);
const describeWithSshd = unavailable ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${unavailable})`, body) : describe;

async function hostVersion(name: string): Promise<string | undefined> {
  const { stdout } = await run('dpkg-query', ['-W', '-f=${Version}\\t${db:Status-Abbrev}\\n', name]).catch(() => ({ stdout: '' }));
  const [version, status] = stdout.split('\t');
  return status?.startsWith('ii') ? version : undefined;
}

function patchOf(id: string, fixedVersion: string, debs: Array<Pick<BuiltDeb, 'fileName' | 'sha256'>>): PatchSpec {
  return {
    id, title: `${PACKAGE} update`, severity: 'high', source: 'native', advisoryIds: [], publishedAt: '2026-11-20T10:00:00.000Z',
    packages: [{ ecosystem: 'Debian:12', name: PACKAGE, fixedVersion }],
    artifacts: debs.map((deb) => ({ fileName: deb.fileName, format: 'deb', sha256: deb.sha256 })),
  };
}

function selected(testId: string, definition: Record<string, unknown>, overrides: Partial<SelectedTest> = {}): SelectedTest {
  return { testId, version: 1, name: testId, vmId: 'host-a', tier: 'function-group', subject: 'function', site: 'local', reason: 'spec', definition, timeoutMs: 20_000, ...overrides };
}

describeWithSshd('SshVmAccess against a real OpenSSH server on this host', () => {
  let fixture: SshdFixture;
  let server: TestSshd;
  let work: string;
  let vault: FileCredentialVault;
  let store: FileArtifactStore;
  let hostKeys: InMemoryHostKeyStore;
  let access: SshVmAccess;
  let vm: VmTarget;
  let v10: BuiltDeb;
  let v11: BuiltDeb;
  let v12: BuiltDeb;
  const runIds: string[] = [];
  const newKey = (step = 'apply') => {
    const runId = randomUUID();
    runIds.push(runId);
    return { runId, step };
  };

  beforeAll(async () => {
    fixture = await createSshdFixture();
    server = await fixture.start({ sftp: true });
    work = await mkdtemp(join(tmpdir(), 'patchproof-ssh-access-'));
    vault = new FileCredentialVault(join(work, 'vault'), new SecretBox(randomBytes(32)));
    await vault.put('local-test', { username: fixture.username, privateKey: fixture.userPrivateKey });
    store = new FileArtifactStore(join(work, 'artifacts'));
    [v10, v11, v12] = await Promise.all(['1.0', '1.1', '1.2'].map((version) => buildTestDeb(work, PACKAGE, version)));
    for (const deb of [v10, v11]) await store.put(createReadStream(deb.path), deb.sha256, 1 << 20);
    hostKeys = new InMemoryHostKeyStore();
    access = SshVmAccess.create({ hostKeys, vault, artifacts: store, baselines: new InMemoryBaselineStore(), connectTimeoutMs: 10_000, timeouts: { pollMs: 200 } });
    vm = { provider: 'local', environmentRef: 'this-host', replicaId: 'spec', vmId: 'host-a', name: 'host', address: `127.0.0.1:${server.port}`, osFamily: 'debian', credentialsRef: 'local-test' };
    await run('dpkg', ['--purge', PACKAGE]).catch(() => undefined);
  });

  afterAll(async () => {
    await access?.close();
    await run('dpkg', ['--purge', PACKAGE]).catch(() => undefined);
    await Promise.all(runIds.map((runId) => rm(join(JOURNAL_DIR, `${runId}.apply.json`), { force: true })));
    await run('rmdir', ['--ignore-fail-on-non-empty', STAGING_DIR, JOURNAL_DIR]).catch(() => undefined);
    await fixture?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('inventory', () => {
    it('collects this Debian host: os-release, installed packages as dpkg-query lists them, listening services; pins the host key', async () => {
      const inventory = await access.collect(vm, { runId: randomUUID(), step: 'inventory' });
      expect(inventory.vmId).toBe('host-a');
      expect(inventory.os).toMatchObject({ family: 'debian', name: 'Debian GNU/Linux' });
      expect(inventory.packages).toContainEqual({ name: 'libc6', version: await hostVersion('libc6'), arch: 'amd64' });
      expect(inventory.packages.find((item) => item.name === PACKAGE)).toBeUndefined();
      expect(inventory.services).toContainEqual({ name: 'sshd', port: server.port });
      expect(await hostKeys.get('host-a')).toBe(server.hostFingerprint);
    });

    it('refuses a VM whose host key is not the pinned one, with the mismatch message', async () => {
      const pins = new InMemoryHostKeyStore();
      await pins.record('host-a', 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      const other = SshVmAccess.create({ hostKeys: pins, vault, connectTimeoutMs: 10_000 });
      try {
        await expect(other.collect(vm, { runId: randomUUID(), step: 'inventory' })).rejects.toThrow(/host key of VM host-a does not match the pinned key/);
      } finally {
        await other.close();
      }
    });
  });

  describe('patch application', () => {
    it('never adds software: a .deb for a package the VM does not have is checked but not installed', async () => {
      const result = await access.apply(vm, patchOf('PP-1.0', '1.0', [v10]), newKey());
      expect(result.changed).toEqual([]);
      expect(result.log).toContain(`$ sha256sum -- ${STAGING_DIR}/${v10.sha256}.deb`);
      expect(result.log).toContain(`${v10.fileName}: ${PACKAGE} is not installed on this VM, skipped`);
      expect(result.log).toContain(`${PACKAGE} is not installed: nothing to patch`);
      expect(await hostVersion(PACKAGE)).toBeUndefined();
    });

    it('uploads the .deb, checks its sha256 on the VM, installs it over the older version and verifies the fixed version', async () => {
      await run('dpkg', ['-i', v10.path]);
      expect(await hostVersion(PACKAGE)).toBe('1.0');
      const key = newKey();

      const result = await access.apply(vm, patchOf('PP-1.1', '1.1', [v11]), key);

      expect(result).toMatchObject({ vmId: 'host-a', changed: [{ name: PACKAGE, before: '1.0', after: '1.1' }], restarted: [], rebooted: false });
      expect(await hostVersion(PACKAGE)).toBe('1.1');
      expect(result.log).toContain(`operation key ${key.runId}/apply`);
      expect(result.log).toContain(`$ sha256sum -- ${STAGING_DIR}/${v11.sha256}.deb`);
      expect(result.log).toMatch(/\$ env 'DEBIAN_FRONTEND=noninteractive' dpkg --force-confdef --force-confold -i \S+\n[^$]*Unpacking pp-test-hello \(1\.1\) over \(1\.0\)[^$]*\[exit 0/);
      expect(result.log).toContain(`${PACKAGE} 1.1 ≥ 1.1: fixed`);
      expect(result.log).toContain('no running service uses a changed file');
      expect(existsSync(`${STAGING_DIR}/${v11.sha256}.deb`)).toBe(false);

      const again = await access.apply(vm, patchOf('PP-1.1', '1.1', [v11]), key);
      expect(again.changed).toEqual(result.changed);
      expect(again.log).toContain('was already done on this VM: its recorded result was returned');
    });

    it('re-applied under a new key finds the package current and changes nothing', async () => {
      const result = await access.apply(vm, patchOf('PP-1.1', '1.1', [v11]), newKey());
      expect(result.changed).toEqual([]);
      expect(result.log).toContain(`${PACKAGE} 1.1 is already at or above 1.1, skipped`);
      expect(await hostVersion(PACKAGE)).toBe('1.1');
    });

    it('refuses a file whose sha256 on the VM is not the declared one, before anything is installed: the patch failed (a bad patch, not an error)', async () => {
      const declared = { fileName: v12.fileName, sha256: v11.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
      const lying: ArtifactStore = { locate: async () => v12.path };
      const other = SshVmAccess.create({ hostKeys, vault, artifacts: lying, connectTimeoutMs: 10_000 });
      try {
        const result = await other.apply(vm, patchOf('PP-1.2', '1.2', [declared]), newKey());
        expect(result).toMatchObject({
          status: 'failed', changed: [], restarted: [], rebooted: false,
          failure: { kind: 'checksum', reason: `refusing ${v12.fileName}: sha256 on the VM is ${v12.sha256}, the patch declares ${declared.sha256}; nothing was installed` },
        });
        expect(result.log).toContain('$ sha256sum');
        expect(result.log).not.toContain('dpkg --force-confdef');
      } finally {
        await other.close();
      }
      expect(await hostVersion(PACKAGE)).toBe('1.1');
      expect(existsSync(`${STAGING_DIR}/${declared.sha256}.deb`)).toBe(false);
    });

    it('fails naming an artifact that was never uploaded', async () => {
      const missing = { fileName: v12.fileName, sha256: v12.sha256 };
      await expect(access.apply(vm, patchOf('PP-1.2', '1.2', [missing]), newKey())).rejects.toThrow(new RegExp(`artifact ${v12.fileName.replace(/\./g, '\\.')} \\(sha256 ${v12.sha256}\\) not uploaded`));
      expect(await hostVersion(PACKAGE)).toBe('1.1');
    });

    it('after a crash between installing and recording, reports the change against the versions journalled before', async () => {
      await run('dpkg', ['-i', v10.path]);
      const key = newKey();
      const crashed = SshVmAccess.create({ hostKeys, vault, artifacts: store, connectTimeoutMs: 10_000 });
      try {
        // First attempt: journal written, install done, then "crash": emulate by installing by hand after writing the journal.
        await run('sh', ['-c', 'mkdir -p "$1" && printf "%s" "$2" > "$1/$3.apply.json"', 'sh', JOURNAL_DIR, JSON.stringify({ key, before: { [PACKAGE]: '1.0' } }), key.runId]);
        await run('dpkg', ['-i', v11.path]);
        const result = await crashed.apply(vm, patchOf('PP-1.1', '1.1', [v11]), key);
        expect(result.changed).toEqual([{ name: PACKAGE, before: '1.0', after: '1.1' }]);
      } finally {
        await crashed.close();
      }
    });

    it('fails when the fixed version is not reached, naming the package and both versions', async () => {
      const result = access.apply(vm, patchOf('PP-9', '9.0', [v11]), newKey());
      await expect(result).rejects.toThrow(`${PACKAGE} is at 1.1 after the installation, below the fixed version 9.0 (Debian:12)`);
      expect(existsSync(`${STAGING_DIR}/${v11.sha256}.deb`)).toBe(false);
    });
  });

  describe('tests', () => {
    let http: Server;
    let httpPort: number;

    beforeAll(async () => {
      http = createServer((request, response) => {
        response.writeHead(request.url === '/ok' ? 200 : 404, { 'content-type': 'text/plain' });
        response.end(request.url === '/ok' ? 'all good\n' : 'missing\n');
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      httpPort = (http.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => http?.close(resolve));
    });

    const runTest = (test: SelectedTest, phase: 'prepare' | 'verify' = 'verify', runId = 'c0ffee00-0000-4000-8000-000000000001') =>
      access.run(vm, test, phase, { runId, step: `${phase}:${test.testId}` });

    it('runs an ssh definition on the VM: passes on the expected exit and stdout, fails otherwise', async () => {
      const passing = await runTest(selected('ssh-ok', { kind: 'ssh', command: ['sh', '-c', 'echo "hello $1"', 'sh', "it's me"], expectExit: 0, expectStdout: "^hello it's me$" }));
      expect(passing).toMatchObject({ status: 'passed', vmId: 'host-a', testId: 'ssh-ok' });
      expect(passing.output).toContain("hello it's me");
      const failing = await runTest(selected('ssh-bad', { kind: 'ssh', command: ['sh', '-c', 'echo nope >&2; exit 3'], expectExit: 0 }));
      expect(failing.status).toBe('failed');
      expect(failing.output).toContain('expected exit 0, got exit 3');
      expect(failing.output).toContain('[stderr] nope');
    });

    it('runs an http definition against the VM address and through the load balancer parameters', async () => {
      expect((await runTest(selected('http-ok', { kind: 'http', path: '/ok', port: httpPort, via: 'vm', expectStatus: 200, expectBody: 'all good' }))).status).toBe('passed');
      const notFound = await runTest(selected('http-404', { kind: 'http', path: '/gone', port: httpPort, via: 'vm', expectStatus: 200 }));
      expect(notFound.status).toBe('failed');
      expect(notFound.output).toContain(`GET http://127.0.0.1:${httpPort}/gone → 404 (expected 200)`);
      const viaLb = await runTest(selected('http-lb', { kind: 'http', path: '/ok', via: 'load-balancer', expectStatus: 200, parameters: { loadBalancerAddress: '127.0.0.1', loadBalancerPort: String(httpPort) } }));
      expect(viaLb.status).toBe('passed');
    });

    it('runs a tcp definition: an open port passes, a closed one fails', async () => {
      expect((await runTest(selected('tcp-ok', { kind: 'tcp', port: server.port }))).status).toBe('passed');
      const closed = await runTest(selected('tcp-closed', { kind: 'tcp', port: 1 }));
      expect(closed.status).toBe('failed');
      expect(closed.output).toContain('ECONNREFUSED');
    });

    it('seeds data at prepare and reads it back at verify', async () => {
      const file = join(work, 'seeded.txt');
      const test = selected('data-roundtrip', {
        kind: 'ssh', command: ['cat', file], expectStdout: '^日本語$',
        prepare: { kind: 'ssh', command: ['sh', '-c', 'printf "%s\\n" "$1" > "$2"', 'sh', '日本語', file] },
      }, { subject: 'data' });
      expect((await runTest(test, 'prepare')).status).toBe('passed');
      expect((await runTest(test, 'verify')).status).toBe('passed');
    });

    it('measures performance at prepare and fails at verify when after/baseline exceeds the threshold', async () => {
      const counter = join(work, 'cost');
      const definition = {
        kind: 'ssh', command: ['sh', '-c', 'cat "$1" 2>/dev/null || echo 10', 'sh', counter],
        baseline: { measure: 'stdout-number', unit: 'ms', samples: 3 }, threshold: 1.5,
      };
      const test = selected('perf', definition, { subject: 'performance' });
      const runId = randomUUID();
      const prepared = await runTest(test, 'prepare', runId);
      expect(prepared).toMatchObject({ status: 'passed' });
      expect(prepared.output).toContain('baseline stdout-number 10 ms');
      await run('sh', ['-c', 'echo 12 > "$1"', 'sh', counter]);
      expect(await runTest(test, 'verify', runId)).toMatchObject({ status: 'passed', measurement: { baseline: 10, after: 12, threshold: 1.5, unit: 'ms' } });
      await run('sh', ['-c', 'echo 20 > "$1"', 'sh', counter]);
      const slower = await runTest(test, 'verify', runId);
      expect(slower).toMatchObject({ status: 'failed', measurement: { baseline: 10, after: 20, threshold: 1.5 } });
      expect(slower.output).toContain('ratio 2.00 (limit x1.5)');
      expect((await runTest(test, 'verify', randomUUID())).status).toBe('error');
    });

    it('keeps a baseline per target of a performance test, and names the target in its results', async () => {
      const costs = { mariadb: join(work, 'cost-mariadb'), 'postgresql-15': join(work, 'cost-postgresql') };
      await run('sh', ['-c', 'echo 10 > "$1"; echo 40 > "$2"', 'sh', costs.mariadb, costs['postgresql-15']]);
      const perTarget = Object.entries(costs).map(([target, cost]) =>
        selected('db-perf', { kind: 'ssh', command: ['cat', cost], baseline: { measure: 'stdout-number', unit: 'ms', samples: 1 }, threshold: 1.5 }, { subject: 'performance', target }));
      const runId = randomUUID();
      for (const test of perTarget) expect(await runTest(test, 'prepare', runId)).toMatchObject({ status: 'passed', target: test.target });
      const verified = await Promise.all(perTarget.map((test) => runTest(test, 'verify', runId)));
      expect(verified.map((result) => [result.target, result.status, result.measurement?.baseline])).toEqual([['mariadb', 'passed', 10], ['postgresql-15', 'passed', 40]]);
    });

    it('reports an unbound placeholder as an error, not a failure', async () => {
      const result = await runTest(selected('unbound', { kind: 'tcp', port: 5432, service: '{{service}}' }));
      expect(result.status).toBe('error');
      expect(result.output).toContain('placeholder {{service}} was not bound at selection');
    });
  });

  const postgres = existsSync('/usr/bin/psql') && existsSync('/usr/bin/createdb');
  (postgres ? describe : describe.skip)('sql against this host\'s PostgreSQL cluster', () => {
    const database = `pp_ssh_access_${randomBytes(4).toString('hex')}`;
    const statements = ['DROP TABLE IF EXISTS pp_crud', 'CREATE TABLE pp_crud (id INTEGER PRIMARY KEY, name VARCHAR(64), note TEXT)', "INSERT INTO pp_crud (id, name, note) VALUES (1, '日本語', NULL), (2, 'a,b\"c', '')", 'SELECT id, name, note FROM pp_crud ORDER BY id'];

    afterAll(async () => {
      await run('runuser', ['-u', 'postgres', '--', 'dropdb', '--if-exists', database]).catch(() => undefined);
    });

    it('runs the statements with psql on the VM over SSH and compares the last rows (NULL and empty text apart)', async () => {
      const test = selected('sql-cli', { kind: 'sql', engine: 'postgresql', statements, expectRows: [[1, '日本語', null], [2, 'a,b"c', '']], parameters: { sqlDatabase: database } });
      const result = await access.run(vm, test, 'verify', { runId: randomUUID(), step: 'verify:sql-cli' });
      expect(result.output).toContain('via psql on the VM over SSH');
      expect(result.status).toBe('passed');
      const wrong = await access.run(vm, selected('sql-cli-wrong', { kind: 'sql', engine: 'postgresql', statements: ['SELECT 1/0'], parameters: { sqlDatabase: database } }), 'verify', { runId: randomUUID(), step: 'verify:x' });
      expect(wrong.status).toBe('failed');
      expect(wrong.output).toContain('division by zero');
    });

    it('runs them over the network with credentials from the vault when the test names sqlCredentialsRef', async () => {
      await vault.put('local-pg', { username: 'postgres', password: 'unused-with-trust' });
      const test = selected('sql-net', { kind: 'sql', engine: 'postgresql', statements, expectRows: [[1, '日本語', null], [2, 'a,b"c', '']], parameters: { sqlDatabase: database, sqlCredentialsRef: 'local-pg', sqlPort: '5432' } });
      const result = await access.run({ ...vm, address: '127.0.0.1' }, test, 'verify', { runId: randomUUID(), step: 'verify:sql-net' });
      expect(result.output).toContain('via postgresql at 127.0.0.1:5432 as postgres');
      expect(result.status).toBe('passed');
    });
  });

  const mariadb = existsSync('/usr/bin/mariadb') && existsSync('/run/mysqld/mysqld.sock');
  (mariadb ? describe : describe.skip)('sql against this host\'s MariaDB server', () => {
    const database = `pp_ssh_access_${randomBytes(4).toString('hex')}`;

    afterAll(async () => {
      await run('mariadb', ['-e', `DROP DATABASE IF EXISTS \`${database}\``]).catch(() => undefined);
    });

    it('runs the statements with the mariadb client on the VM over SSH, four-byte UTF-8 intact', async () => {
      const statements = [
        'DROP TABLE IF EXISTS pp_utf8mb4', 'CREATE TABLE pp_utf8mb4 (id INT PRIMARY KEY, body VARCHAR(100), note TEXT) CHARACTER SET utf8mb4',
        "INSERT INTO pp_utf8mb4 (id, body, note) VALUES (1, '𠮷野家の寿司🍣', NULL), (2, 'tab\\there', '')", 'SELECT id, body, note FROM pp_utf8mb4 ORDER BY id',
      ];
      const test = selected('sql-maria', { kind: 'sql', engine: 'mariadb', statements, expectRows: [[1, '𠮷野家の寿司🍣', null], [2, 'tab\there', '']], parameters: { sqlDatabase: database } });
      const result = await access.run(vm, test, 'verify', { runId: randomUUID(), step: 'verify:sql-maria' });
      expect(result.output).toContain('via mariadb on the VM over SSH');
      expect(result.status).toBe('passed');
    });

    it('runs them over the network (mysql2) with credentials from the vault when the test names sqlCredentialsRef', async () => {
      const user = `pp_spec_${randomBytes(3).toString('hex')}`;
      const password = randomBytes(12).toString('base64url');
      await run('mariadb', ['-e', `CREATE DATABASE IF NOT EXISTS \`${database}\`; CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'; GRANT ALL ON \`${database}\`.* TO '${user}'@'127.0.0.1'`]);
      try {
        await vault.put('local-maria', { username: user, password });
        const statements = ['DROP TABLE IF EXISTS pp_net', 'CREATE TABLE pp_net (id INT PRIMARY KEY, body VARCHAR(100)) CHARACTER SET utf8mb4', "INSERT INTO pp_net VALUES (1, '日本語🍣')", 'SELECT id, body FROM pp_net'];
        const test = selected('sql-maria-net', { kind: 'sql', engine: 'mariadb', statements, expectRows: [[1, '日本語🍣']], parameters: { sqlDatabase: database, sqlCredentialsRef: 'local-maria', sqlPort: '3306' } });
        const result = await access.run({ ...vm, address: '127.0.0.1' }, test, 'verify', { runId: randomUUID(), step: 'verify:sql-maria-net' });
        expect(result.output).toContain(`via mariadb at 127.0.0.1:3306 as ${user}`);
        expect(result.status).toBe('passed');
        await vault.put('local-maria', { username: user, password: 'wrong' });
        const refused = await access.run({ ...vm, address: '127.0.0.1' }, test, 'verify', { runId: randomUUID(), step: 'verify:sql-maria-net-bad' });
        expect(refused.status).not.toBe('passed');
      } finally {
        await run('mariadb', ['-e', `DROP USER IF EXISTS '${user}'@'127.0.0.1'`]).catch(() => undefined);
      }
    });
  });
});
