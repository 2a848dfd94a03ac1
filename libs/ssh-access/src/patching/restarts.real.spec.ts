import { PatchSpec } from '@patchproof/contracts';
import { buildDebPackage, BuiltDeb, checkLocalDriverSupport, DebPackageSpec, Environment, ensureHostPackages, LocalVmDriver, serverAddress } from '@patchproof/local-vm';
import { InMemoryHostKeyStore, SecretBox, SshPool } from '@patchproof/ssh';
import { VmTarget } from '@patchproof/vm-access';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileArtifactStore } from '../artifacts/file-artifact-store';
import { InMemoryBaselineStore } from '../checks/baseline-store';
import { FileCredentialVault } from '../credentials/credential-vault';
import { SshVmAccess } from '../ssh-vm-access';

// Patches applied over SSH to a real namespace VM (libs/local-vm) running nginx and sshd: a changed
// configuration file restarts exactly nginx, a kernel change reboots the VM. Patches that break the VM
// (a configuration nginx or PostgreSQL refuses, a postinst exiting 1) come back as `failed` outcomes
// with their evidence (exit status, log lines, nginx -t / postgres -C output), never as errors. Needs root, namespaces
// and overlayfs (skipped otherwise, saying why); the nginx base image is built once into the shared cache.
const support = checkLocalDriverSupport();
if (!support.ok) console.warn(`[libs/ssh-access] restarts.real.spec.ts skipped: ${support.reason}`);
const describeReal = support.ok ? describe : (name: string, body: () => void) => describe.skip(`${name} (skipped: ${support.reason})`, body);

// A prefix and state directory of this run's own: the driver reaps whatever else carries its prefix.
const RUN = randomBytes(1).toString('hex');
const PREFIX = `pq${RUN}`;
const STATE_DIR = `/var/lib/patchproof/test/ssh-access-restarts-${RUN}`;
const POOL = '198.19.228.0/22';

const TEMPLATE = `heat_template_version: 2018-08-31
description: one web server (nginx and sshd)
resources:
  net: { type: PP::Net }
  web:
    type: PP::Server
    properties:
      image: { packages: [nginx] }
      networks: [net]
`;

/** The tenant's own nginx configuration, packaged from the nginx source like Debian's nginx modules are. */
const site = (version: string): DebPackageSpec => ({
  name: 'pp-nginx-site', source: 'nginx', version, description: 'patchproof test: a site setting for nginx',
  files: [{ path: '/etc/nginx/conf.d/pp-site.conf', content: `add_header X-PP-Site "${version}" always;\n` }],
});
/** The same site package with a directive nginx does not know: installing it goes fine, nginx's restart does not. */
const brokenSite = (version: string): DebPackageSpec => ({
  ...site(version), files: [{ path: '/etc/nginx/conf.d/pp-site.conf', content: `bogus_directive "${version}";\n` }],
});
/** A package of the tenant's whose maintainer script fails on upgrade (its postinst exits 1). */
const scripted = (version: string, postinst?: string): DebPackageSpec => ({
  name: 'pp-scripted', version, description: 'patchproof test: a package with a postinst',
  files: [{ path: '/usr/share/pp-scripted/version', content: `${version}\n` }], ...(postinst ? { postinst } : {}),
});
/** A PostgreSQL setting packaged from the postgresql-15 source: a change restarts PostgreSQL. */
const pgSetting = (version: string, setting: string): DebPackageSpec => ({
  name: 'pp-pg-setting', source: 'postgresql-15', version, description: 'patchproof test: a PostgreSQL setting',
  files: [{ path: '/etc/postgresql/15/main/conf.d/pp-setting.conf', content: `${setting}\n` }],
});
/** A PostgreSQL server, for the database's own configuration check. */
const DB_TEMPLATE = `heat_template_version: 2018-08-31
description: one database server (PostgreSQL and sshd)
resources:
  net: { type: PP::Net }
  db:
    type: PP::Server
    properties:
      image: { packages: [postgresql] }
      networks: [net]
`;

/** A kernel package: a namespace VM has no kernel of its own, but its change must reboot the VM. */
const kernel = (version: string): DebPackageSpec => ({
  name: 'linux-image-pp-test', version, description: 'patchproof test: a kernel update',
  files: [{ path: '/boot/vmlinuz-pp-test', content: `not a kernel ${version}\n` }],
});

function patchOf(id: string, deb: BuiltDeb, name: string, fixedVersion: string): PatchSpec {
  return {
    id, title: `${name} update`, severity: 'high', source: 'native', advisoryIds: [], publishedAt: '2026-11-20T10:00:00.000Z',
    packages: [{ ecosystem: 'Debian:12', name, fixedVersion }], artifacts: [{ fileName: deb.fileName, format: 'deb', sha256: deb.sha256 }],
  };
}

function siteHeader(host: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const request = get({ host, port: 80, path: '/', timeout: 5_000, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.headers['x-pp-site'] as string | undefined));
    });
    request.on('timeout', () => request.destroy(new Error(`no HTTP answer from ${host}:80`)));
    request.on('error', reject);
  });
}

interface VmProcess {
  pid: number;
  startTicks: string;
  name: string;
  pidNamespace: string;
}

/** The VM's processes as the host sees them: those of the netns inside a PID namespace of their own. */
function vmProcesses(netns: string): VmProcess[] {
  const pids = execFileSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  return pids.flatMap((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      // One NSpid entry: a host-side process in the netns (the VM's supervisor, its unshare), not the VM's.
      if ((/^NSpid:\s+(.+)$/m.exec(status)?.[1].trim().split(/\s+/).length ?? 0) < 2) return [];
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      return [{ pid, startTicks, name: /^Name:\s+(.+)$/m.exec(status)?.[1] ?? '?', pidNamespace: readlinkSync(`/proc/${pid}/ns/pid`) }];
    } catch {
      return []; // ended meanwhile
    }
  });
}

function stillRunning(processes: readonly VmProcess[]): VmProcess[] {
  return processes.filter((process) => {
    try {
      const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] === process.startTicks;
    } catch {
      return false;
    }
  });
}

function hostNetnsWithPrefix(): string[] {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  return out ? (JSON.parse(out) as Array<{ name: string }>).map((entry) => entry.name).filter((name) => name.startsWith(`${PREFIX}-`)) : [];
}

function mountsUnderState(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point.startsWith(STATE_DIR));
}

describeReal('restarts after a patch on a namespace VM (nginx and sshd)', () => {
  let driver: LocalVmDriver;
  let environment: Environment;
  let work: string;
  let store: FileArtifactStore;
  let access: SshVmAccess;
  let vm: VmTarget;
  let address: string;
  let vault: FileCredentialVault;
  const timings: Record<string, number> = {};

  const inVm = async (script: string): Promise<string> => (await driver.exec('restarts', 'web', ['sh', '-c', script])).stdout.trim();
  const mainPids = async (): Promise<{ nginx: string; ssh: string }> => {
    const [nginx, ssh] = (await inVm('cat /run/nginx.pid /run/sshd.pid')).split('\n');
    return { nginx, ssh };
  };
  /** The tenant's software before the patch, installed as the tenant would have (dpkg -i in the VM). */
  const installInVm = async (deb: BuiltDeb): Promise<void> => {
    const input = (await readFile(deb.path)).toString('base64');
    await driver.exec('restarts', 'web', ['sh', '-c', 'base64 -d > /var/tmp/pp.deb && dpkg -i /var/tmp/pp.deb && rm /var/tmp/pp.deb'], { input });
  };
  const build = async (spec: DebPackageSpec): Promise<BuiltDeb> => {
    const deb = await buildDebPackage(spec, join(work, 'debs'));
    await store.put(createReadStream(deb.path), deb.sha256, 1 << 20);
    return deb;
  };
  const timed = async <T>(label: string, action: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await action();
    timings[label] = (Date.now() - started) / 1000;
    return result;
  };

  beforeAll(async () => {
    await ensureHostPackages();
    driver = await LocalVmDriver.open({ stateDir: STATE_DIR, prefix: PREFIX, addressPool: POOL });
    await driver.ensureImages(TEMPLATE);
    environment = await timed('create environment', () => driver.createEnvironment('restarts', TEMPLATE));
    address = serverAddress(environment, 'web');
    work = await mkdtemp(join(tmpdir(), 'patchproof-restarts-'));
    vault = new FileCredentialVault(join(work, 'vault'), new SecretBox(randomBytes(32)));
    await vault.put('restarts', { username: 'root', privateKey: readFileSync(environment.ssh.privateKeyPath, 'utf8') });
    store = new FileArtifactStore(join(work, 'artifacts'));
    access = SshVmAccess.create({ hostKeys: new InMemoryHostKeyStore(), vault, artifacts: store, baselines: new InMemoryBaselineStore(), connectTimeoutMs: 10_000, timeouts: { pollMs: 200, rebootMs: 120_000 } });
    vm = { provider: 'local', environmentRef: 'restarts', vmId: 'restarts.web', name: 'web', address, osFamily: 'debian', credentialsRef: 'restarts' };
    await installInVm(await buildDebPackage(site('1.0'), join(work, 'debs')));
    await installInVm(await buildDebPackage(kernel('1.0'), join(work, 'debs')));
    await inVm('/usr/local/sbin/pp-service restart nginx');
    expect(await siteHeader(address)).toBe('1.0');
  }, 20 * 60_000);

  afterAll(async () => {
    await access?.close();
    await driver?.deleteEnvironment('restarts').catch(() => undefined);
    await driver?.deleteEnvironment('verdict-db').catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
    console.log(`[ssh-access] restart timings (s): ${JSON.stringify(timings)}`);
    expect(hostNetnsWithPrefix()).toEqual([]);
    expect(mountsUnderState()).toEqual([]);
    await rm(STATE_DIR, { recursive: true, force: true });
  }, 5 * 60_000);

  it('restarts exactly the service whose configuration changed: nginx gets a new main pid, sshd keeps its own', async () => {
    const before = await mainPids();
    const result = await timed('apply config patch', async () => access.apply(vm, patchOf('PP-SITE-1.1', await build(site('1.1')), 'pp-nginx-site', '1.1'), { runId: randomUUID(), step: 'apply' }));

    expect(result).toMatchObject({ changed: [{ name: 'pp-nginx-site', before: '1.0', after: '1.1' }], restarted: ['nginx'], rebooted: false });
    expect(result.log).toMatch(/# restart nginx: pid \d+: configuration \/etc\/nginx\/conf\.d\/pp-site\.conf \(pp-nginx-site, same source as nginx which provides \/usr\/sbin\/nginx\)/);
    expect(result.log).toContain('$ /usr/local/sbin/pp-service restart nginx');
    const after = await mainPids();
    expect(after.nginx).not.toBe(before.nginx);
    expect(after.ssh).toBe(before.ssh);
    expect(await inVm('/usr/local/sbin/pp-service status-all')).toBe('ssh running\nnginx running');
    // The restarted nginx runs the patched configuration.
    expect(await siteHeader(address)).toBe('1.1');
  });

  it('reboots the VM for a kernel change: every process of the VM starts anew, and the applier returns once the VM answers SSH again', async () => {
    const before = vmProcesses(environment.servers[0].netns);
    expect(before.map((process) => process.name)).toEqual(expect.arrayContaining(['tini', 'sshd', 'nginx']));
    const bootId = await inVm('cat /run/pp/boot-id');

    const result = await timed('apply kernel patch (reboot)', async () => access.apply(vm, patchOf('PP-KERNEL-1.1', await build(kernel('1.1')), 'linux-image-pp-test', '1.1'), { runId: randomUUID(), step: 'apply' }));

    expect(result).toMatchObject({ changed: [{ name: 'linux-image-pp-test', before: '1.0', after: '1.1' }], restarted: [], rebooted: true });
    expect(result.log).toContain('# reboot needed: linux-image-pp-test changed');
    expect(result.log).toContain('$ /usr/local/sbin/pp-reboot');
    expect(result.log).toMatch(/# VM is back after the reboot: it answered a new SSH connection \(boot id [0-9a-f-]{36}\)/);
    // At once, without waiting: a brand-new connection logs in, on the new boot, with every service up.
    const pool = new SshPool({ hostKeys: new InMemoryHostKeyStore(), connectTimeoutMs: 10_000 });
    try {
      const target = { vmId: 'fresh', host: address, credentials: { username: 'root', privateKey: readFileSync(environment.ssh.privateKeyPath, 'utf8') } };
      const fresh = await pool.exec(target, ['sh', '-c', 'cat /run/pp/boot-id; /usr/local/sbin/pp-service status-all'], { timeoutMs: 15_000 });
      expect(fresh.exitCode).toBe(0);
      const [newBootId, ...services] = fresh.stdout.trim().split('\n');
      expect(newBootId).not.toBe(bootId);
      expect(services).toEqual(['ssh running', 'nginx running']);
    } finally {
      await pool.closeAll();
    }
    // Every process the VM had is gone (PID 1 included); the VM runs anew in another PID namespace.
    expect(stillRunning(before)).toEqual([]);
    const now = vmProcesses(environment.servers[0].netns);
    expect(now.map((process) => process.name)).toEqual(expect.arrayContaining(['tini', 'sshd', 'nginx']));
    expect(new Set(now.map((process) => process.pidNamespace)).size).toBe(1);
    // The kernel reuses a freed namespace's inode number, so the new PID namespace may carry the old one's
    // number: the VM's init is a new process (started later), which is what shows the VM booted anew.
    const initOf = (processes: VmProcess[]) => processes.find((process) => process.name === 'tini');
    expect(initOf(now)?.startTicks).not.toBe(initOf(before)?.startTicks);
    expect(Number(initOf(now)?.startTicks)).toBeGreaterThan(Number(initOf(before)?.startTicks));
    expect(await inVm('dpkg-query -W -f=\'${Version}\' linux-image-pp-test')).toBe('1.1');
    expect(await siteHeader(address)).toBe('1.1');
  });

  it('a .deb whose configuration breaks nginx is the patch failing: the VM is failed with the restart exit status, nginx -t output and the log lines', async () => {
    const key = { runId: randomUUID(), step: 'apply' };
    const result = await timed('apply broken nginx config', async () => access.apply(vm, patchOf('PP-SITE-1.2', await build(brokenSite('1.2')), 'pp-nginx-site', '1.2'), key));

    expect(result).toMatchObject({ status: 'failed', changed: [{ name: 'pp-nginx-site', before: '1.1', after: '1.2' }], restarted: [], rebooted: false });
    const failure = result.failure!;
    expect(failure).toMatchObject({ kind: 'service-restart', service: 'nginx', exitCode: 1 });
    expect(failure.reason).toBe('nginx did not come back after its restart (exit 1); nginx -t exits 1');
    expect(failure.configCheck).toMatchObject({ command: 'nginx -t', exitCode: 1 });
    expect(failure.configCheck!.output).toContain('unknown directive "bogus_directive" in /etc/nginx/conf.d/pp-site.conf:1');
    expect(failure.configCheck!.output).toContain('nginx: configuration file /etc/nginx/nginx.conf test failed');
    // pp-service's own words, and the last lines of pp-service's log and nginx's error log.
    expect(failure.logTail).toContain('pp-service: nginx failed to start');
    expect(failure.logTail).toContain('== /var/log/pp-service.log');
    expect(failure.logTail).toMatch(/unknown directive "bogus_directive"/);
    expect(result.log).toContain('# nginx did not come back after its restart (exit 1): collecting its logs and configuration check');
    expect(result.log).toContain('# the patch failed on this VM (service-restart): nginx did not come back');
    expect(await inVm('/usr/local/sbin/pp-service status nginx || true')).toBe('nginx stopped');
    await expect(siteHeader(address)).rejects.toThrow();
    // Journalled like a success: asked again under the same key, the VM answers with the recorded failure.
    expect(await access.apply(vm, patchOf('PP-SITE-1.2', await build(brokenSite('1.2')), 'pp-nginx-site', '1.2'), key)).toMatchObject({ status: 'failed', failure: { reason: failure.reason } });

    // The tenant's fix: a good configuration, nginx started again.
    await installInVm(await buildDebPackage(site('1.3'), join(work, 'debs')));
    await inVm('/usr/local/sbin/pp-service start nginx');
    expect(await siteHeader(address)).toBe('1.3');
  });

  it("a postinst exiting 1 is the package's maintainer script failing: the VM is failed with dpkg's words, not an error", async () => {
    await installInVm(await buildDebPackage(scripted('1.0'), join(work, 'debs')));
    const broken = await build(scripted('1.1', 'echo "pp-scripted: cannot migrate the settings" >&2\nexit 1'));
    const result = await timed('apply failing postinst', () => access.apply(vm, patchOf('PP-SCRIPTED-1.1', broken, 'pp-scripted', '1.1'), { runId: randomUUID(), step: 'apply' }));

    expect(result).toMatchObject({ status: 'failed', restarted: [], rebooted: false });
    expect(result.failure).toMatchObject({
      kind: 'maintainer-script', exitCode: 1,
      reason: "the package's own post-installation script of pp-scripted failed with exit status 1 (installing the patch (dpkg -i), exit status 1)",
    });
    expect(result.failure!.logTail).toContain('pp-scripted: cannot migrate the settings');
    expect(result.failure!.logTail).toContain('dpkg: error processing package pp-scripted (--install):');
    // dpkg unpacked 1.1 but could not configure it: half-configured is not installed, so nothing counts as changed.
    expect(result.changed).toEqual([]);
    expect(await inVm("dpkg-query -W -f='${Status}' pp-scripted")).toBe('install ok half-configured');
    // Leave the VM clean for whatever runs next.
    await inVm('dpkg --purge pp-scripted >/dev/null');
  });

  describe('PostgreSQL whose patched configuration has an invalid value', () => {
    let db: VmTarget;

    beforeAll(async () => {
      const dbEnvironment = await timed('create db environment', () => driver.createEnvironment('verdict-db', DB_TEMPLATE));
      await vault.put('verdict-db', { username: 'root', privateKey: readFileSync(dbEnvironment.ssh.privateKeyPath, 'utf8') });
      db = { provider: 'local', environmentRef: 'verdict-db', vmId: 'verdict-db.db', name: 'db', address: serverAddress(dbEnvironment, 'db'), osFamily: 'debian', credentialsRef: 'verdict-db' };
      const input = (await readFile((await buildDebPackage(pgSetting('1.0', 'work_mem = 8MB'), join(work, 'debs'))).path)).toString('base64');
      await driver.exec('verdict-db', 'db', ['sh', '-c', 'base64 -d > /var/tmp/pp.deb && dpkg -i /var/tmp/pp.deb && rm /var/tmp/pp.deb && /usr/local/sbin/pp-service restart postgresql'], { input });
    }, 10 * 60_000);

    it('is failed with pg_ctlcluster exit status, the cluster log lines and postgres -C output', async () => {
      const result = await timed('apply broken postgresql setting', async () => access.apply(db, patchOf('PP-PG-1.1', await build(pgSetting('1.1', 'max_connections = many')), 'pp-pg-setting', '1.1'), { runId: randomUUID(), step: 'apply' }));

      expect(result).toMatchObject({ status: 'failed', changed: [{ name: 'pp-pg-setting', before: '1.0', after: '1.1' }], restarted: [] });
      expect(result.failure).toMatchObject({ kind: 'service-restart', service: 'postgresql', exitCode: 1, reason: 'postgresql did not come back after its restart (exit 1); postgres -C data_directory (each cluster) exits 1' });
      expect(result.failure!.configCheck!.output).toContain('invalid value for parameter "max_connections": "many"');
      expect(result.failure!.configCheck!.output).toContain('FATAL:  configuration file "/etc/postgresql/15/main/conf.d/pp-setting.conf" contains errors');
      expect(result.failure!.logTail).toContain('== /var/log/postgresql/postgresql-15-main.log');
      expect(result.failure!.logTail).toContain('invalid value for parameter "max_connections"');
    });
  });
});
