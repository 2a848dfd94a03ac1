import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { expectEventually } from '@patchproof/testing';
import { HostKeyMismatchError, InMemoryHostKeyStore } from './host-key';
import { SshClient } from './ssh-client';
import { SshPool } from './ssh-pool';
import { SshConnectionError, type SshLogger, type SshTarget } from './ssh-types';
import { mkfifo } from './testing/mkfifo';
import { createSshdFixture, sshdUnavailableReason, type SshdFixture, type TestSshd } from './testing/test-sshd';

const unavailable = sshdUnavailableReason();
if (unavailable) console.warn(`[libs/ssh] real OpenSSH tests skipped: ${unavailable}`);
const describeWithSshd = unavailable ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${unavailable})`, body) : describe;

/** Collects every log line so the suite can check that no secret ever reached the logger. */
function recordingLogger(): SshLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (message) => lines.push(message), warn: (message) => lines.push(message) };
}

describeWithSshd('SshPool against a real OpenSSH server', () => {
  let fixture: SshdFixture;
  let server: TestSshd;
  let hostKeys: InMemoryHostKeyStore;
  let logger: ReturnType<typeof recordingLogger>;
  let pool: SshPool;
  let vm: SshTarget;
  const SENSITIVE = `s3cr3t-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    fixture = await createSshdFixture();
    server = await fixture.start({ sftp: true });
    hostKeys = new InMemoryHostKeyStore();
    logger = recordingLogger();
    pool = new SshPool({ hostKeys, logger, maxConcurrentPerVm: 2, connectTimeoutMs: 10_000 });
    vm = { vmId: 'vm-a', host: '127.0.0.1', port: server.port, credentials: { username: fixture.username, privateKey: fixture.userPrivateKey } };
  });

  afterAll(async () => {
    await pool?.closeAll();
    await fixture?.cleanup();
  });

  const exec = (argv: string[], timeoutMs = 10_000) => pool.exec(vm, argv, { timeoutMs });

  it('pins the host key on first contact, fingerprinted exactly as ssh-keygen prints it', async () => {
    expect(await hostKeys.get('vm-a')).toBeUndefined();
    const result = await exec(['true']);
    expect(result.exitCode).toBe(0);
    expect(await hostKeys.get('vm-a')).toBe(server.hostFingerprint);
    expect(server.hostFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('passes tricky arguments through the remote shell unchanged', async () => {
    const args = ["it's", '"quoted"', '$(id)', '`id`', '${HOME}', 'a\nb', '', ' ', '*', ';reboot', '|&<>', 'if', 'A=b', '~', '#', '\\', 'é日本😀'];
    const result = await exec(['printf', '%s\\0', ...args]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(args);
    expect(result.stderr).toBe('');
    expect(result.timedOut).toBe(false);
    expect(result.command.startsWith("printf '%s\\0' 'it'\\''s'")).toBe(true);
  });

  it('reports exit codes and stderr as results, not errors', async () => {
    const failed = await exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(failed).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    expect((await exec(['patchproof-no-such-command'])).exitCode).toBe(127);
  });

  it('feeds stdin and ends it, so commands that read it finish', async () => {
    const payload = randomBytes(300_000);
    const digest = await pool.exec(vm, ['sha256sum'], { timeoutMs: 10_000, stdin: payload });
    expect(digest.stdout.split(' ')[0]).toBe(createHash('sha256').update(payload).digest('hex'));
    expect((await pool.exec(vm, ['cat'], { timeoutMs: 10_000 })).stdout).toBe('');
  });

  it('caps captured output and says so', async () => {
    const result = await pool.exec(vm, ['sh', '-c', 'head -c 200000 /dev/zero | tr "\\0" a; echo done >&2'], { timeoutMs: 10_000, maxOutputBytes: 1000 });
    expect(result).toMatchObject({ exitCode: 0, stdoutTruncated: true, stderrTruncated: false, stderr: 'done\n' });
    expect(result.stdout).toBe('a'.repeat(1000));
  });

  it('kills a command at its timeout, children included, and the connection stays usable', async () => {
    const pidFile = join(fixture.dir, 'timeout.pids');
    const script = 'sleep 300 & echo "$$ $!" > "$1"; wait';
    const started = Date.now();
    const result = await pool.exec(vm, ['sh', '-c', script, 'sh', pidFile], { timeoutMs: 1_000 });
    expect(result).toMatchObject({ timedOut: true, exitCode: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    const pids = (await readFile(pidFile, 'utf8')).trim().split(' ');
    await expectEventually(
      async () => {
        // Killed processes can linger as zombies until reaped, so "alive" means present and not in state Z.
        const alive = await exec(['sh', '-c', 'for pid; do [ -r /proc/$pid/stat ] && cut -d" " -f3 /proc/$pid/stat; done; true', 'sh', ...pids]);
        expect(alive.stdout.replace(/Z\n/g, '')).toBe('');
      },
      { timeoutMs: 5_000, what: 'the timed-out shell and its child to be gone' },
    );
    expect((await exec(['echo', 'still here'])).stdout).toBe('still here\n');
  });

  it('reuses one connection per VM and reconnects after it drops', async () => {
    const connection = async () => (await exec(['printenv', 'SSH_CONNECTION'])).stdout.trim();
    const first = await connection();
    expect(await connection()).toBe(first);
    // The parent of the command's session leader is this connection's sshd process: killing it drops the connection.
    const dropConnection = 'leader=$(cut -d" " -f6 /proc/$$/stat); kill -KILL "$(cut -d" " -f4 /proc/$leader/stat)"';
    await expect(exec(['sh', '-c', dropConnection])).rejects.toBeInstanceOf(SshConnectionError);
    const second = await connection();
    expect(second).not.toBe(first);
    expect(await connection()).toBe(second);
  });

  it('runs at most maxConcurrentPerVm commands at once on a VM', async () => {
    // Each job counts itself in under flock, records the peak, then blocks on its own FIFO until released.
    const dir = join(fixture.dir, 'concurrency');
    await mkdir(dir);
    await writeFile(join(dir, 'count'), '0');
    await writeFile(join(dir, 'peak'), '0');
    const jobs = 5;
    for (let job = 0; job < jobs; job++) await mkfifo(join(dir, `gate${job}`));
    const script = [
      'cd "$1"',
      'flock lock sh -c \'n=$(($(cat count) + 1)); echo $n > count; [ $n -gt $(cat peak) ] && echo $n > peak; touch "entered$0"\' "$2"',
      'read _ < "gate$2"',
      'flock lock sh -c \'echo $(($(cat count) - 1)) > count\'',
    ].join('\n');
    const runs = Array.from({ length: jobs }, (_, job) => pool.exec(vm, ['sh', '-c', script, 'sh', dir, String(job)], { timeoutMs: 30_000 }));
    const entered = async () => (await readdir(dir)).filter((name) => name.startsWith('entered')).map((name) => name.slice('entered'.length));

    // Two jobs hold the slots on the VM while the other three are queued in the pool, not opening channels.
    await expectEventually(
      async () => {
        expect((await entered()).length).toBe(2);
        expect(pool.stats()).toEqual([expect.objectContaining({ vmId: 'vm-a', running: 2, waiting: 3 })]);
      },
      { what: 'two jobs holding slots and three waiting' },
    );
    expect(await readFile(join(dir, 'count'), 'utf8')).toBe('2\n');
    const released = new Set<string>();
    while (released.size < jobs) {
      const waiting = await expectEventually(
        async () => {
          const ready = (await entered()).filter((job) => !released.has(job));
          expect(ready.length).toBeGreaterThan(0);
          return ready;
        },
        { what: 'another job to enter' },
      );
      for (const job of waiting) {
        await writeFile(join(dir, `gate${job}`), 'go\n');
        released.add(job);
      }
    }
    const results = await Promise.all(runs);
    expect(results.map((result) => result.exitCode)).toEqual([0, 0, 0, 0, 0]);
    expect(await readFile(join(dir, 'peak'), 'utf8')).toBe('2\n');
  });

  it('uploads a buffer and a file over SFTP, with the checksum matching on the VM', async () => {
    const payload = randomBytes(1_500_000);
    const localFile = join(fixture.dir, 'bundle.bin');
    await writeFile(localFile, payload);
    const expected = createHash('sha256').update(payload).digest('hex');
    for (const source of [payload, localFile]) {
      const remotePath = join(fixture.dir, `uploaded via sftp ${typeof source}`);
      const upload = await pool.upload(vm, source, remotePath, { mode: 0o640 });
      expect(upload).toMatchObject({ via: 'sftp', bytes: payload.length, sha256: expected, remotePath });
      const check = await exec(['sh', '-c', 'sha256sum < "$1" && stat -c %a "$1"', 'sh', remotePath]);
      expect(check.stdout).toBe(`${expected}  -\n640\n`);
    }
  });

  it('uploads with cat to a path full of shell metacharacters', async () => {
    const payload = randomBytes(700_000);
    const remotePath = join(fixture.dir, `it's a $(file) \`x\` "y" ;z`);
    const upload = await pool.upload(vm, payload, remotePath, { via: 'exec', mode: 0o755 });
    expect(upload).toMatchObject({ via: 'exec', bytes: payload.length });
    const check = await exec(['sha256sum', remotePath]);
    expect(check.stdout.split(' ')[0]).toBe(upload.sha256);
    expect((await exec(['stat', '-c', '%a', remotePath])).stdout).toBe('755\n');
    expect(await readdir(fixture.dir)).not.toContain('file');
  });

  it('refuses a VM whose host key changed, naming the VM and both fingerprints', async () => {
    const impostor = await fixture.start({ sftp: false });
    const moved = { ...vm, port: impostor.port };
    const attempt = pool.exec(moved, ['touch', join(fixture.dir, 'impostor-ran')], { timeoutMs: 10_000 });
    await expect(attempt).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(attempt).rejects.toMatchObject({ vmId: 'vm-a', expectedFingerprint: server.hostFingerprint, actualFingerprint: impostor.hostFingerprint });
    await expect(attempt).rejects.toThrow(/vm-a/);
    expect(await readdir(fixture.dir)).not.toContain('impostor-ran');
    expect(await hostKeys.get('vm-a')).toBe(server.hostFingerprint);

    // The same server under its own VM id is a first contact, and without SFTP uploads fall back to cat.
    const other = { ...moved, vmId: 'vm-b' };
    const upload = await pool.upload(other, Buffer.from('no sftp here\n'), join(fixture.dir, 'fallback.txt'));
    expect(upload.via).toBe('exec');
    expect(await readFile(join(fixture.dir, 'fallback.txt'), 'utf8')).toBe('no sftp here\n');
    expect(await hostKeys.get('vm-b')).toBe(impostor.hostFingerprint);
  });

  it('fails authentication with an unknown key without revealing it', async () => {
    const strangerKey = await fixture.strangerKey();
    const stranger = { ...vm, vmId: 'vm-stranger', credentials: { username: fixture.username, privateKey: strangerKey } };
    const attempt = pool.exec(stranger, ['true'], { timeoutMs: 10_000 });
    await expect(attempt).rejects.toBeInstanceOf(SshConnectionError);
    await expect(attempt).rejects.toThrow(/authentication methods failed/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain(strangerKey.split('\n')[1]));
  });

  it('opens a fresh connection for the next command after disconnect', async () => {
    const clientEnd = async () => (await exec(['sh', '-c', 'echo "$SSH_CONNECTION"'])).stdout.split(' ').slice(0, 2).join(':');
    const first = await clientEnd();
    expect(await clientEnd()).toBe(first); // reused
    await pool.disconnect('vm-a');
    expect(pool.stats()).toContainEqual(expect.objectContaining({ vmId: 'vm-a', connected: false }));
    expect(await clientEnd()).not.toBe(first);
    await pool.disconnect('no-such-vm');
  });

  it('closes a VM connection after the idle timeout, and refuses work once the pool is closed', async () => {
    const idlePool = new SshPool({ hostKeys, idleTimeoutMs: 200 });
    try {
      const running = idlePool.exec(vm, ['true'], { timeoutMs: 10_000 });
      expect(idlePool.stats()).toEqual([expect.objectContaining({ vmId: 'vm-a', running: 1 })]);
      await running;
      expect(idlePool.stats()).toEqual([{ vmId: 'vm-a', connected: true, running: 0, waiting: 0 }]);
      await expectEventually(() => expect(idlePool.stats()).toEqual([]), { timeoutMs: 5_000, what: 'the idle connection to close' });
      expect((await idlePool.exec(vm, ['echo', 'back'], { timeoutMs: 10_000 })).stdout).toBe('back\n');
    } finally {
      await idlePool.closeAll();
    }
    await expect(idlePool.exec(vm, ['true'], { timeoutMs: 10_000 })).rejects.toThrow(/pool is closed/);
  });

  it('keeps sensitive arguments out of the result and the logs', async () => {
    const result = await pool.exec(vm, ['echo', `--password=${SENSITIVE}`, `it's ${SENSITIVE}`], { timeoutMs: 10_000, sensitive: [SENSITIVE] });
    expect(result.stdout).toContain(SENSITIVE); // the command itself still got it
    expect(result.command).not.toContain(SENSITIVE);
    const everything = logger.lines.join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(SENSITIVE);
    expect(everything).not.toContain(fixture.userPrivateKey.split('\n')[1]);
  });
});

describe('SshClient.connect timeout', () => {
  let silent: Server;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts TCP connections and never speaks SSH, like a VM whose sshd hangs.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up within the connect timeout', async () => {
    const started = Date.now();
    const target = { vmId: 'vm-silent', host: '127.0.0.1', port, credentials: { username: 'root', password: 'x' } };
    await expect(SshClient.connect(target, { hostKeys: new InMemoryHostKeyStore(), connectTimeoutMs: 300 })).rejects.toThrow(/vm-silent.*Timed out/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
