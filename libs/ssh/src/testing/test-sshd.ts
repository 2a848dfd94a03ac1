import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** Why a private sshd cannot run here, or undefined when it can. */
export function sshdUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `needs Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'needs root: sshd has to run privileged to open login sessions';
  if (!existsSync(SSHD)) return `${SSHD} is missing (install it: apt-get update && apt-get install -y openssh-server)`;
  if (!existsSync(SSH_KEYGEN)) return `${SSH_KEYGEN} is missing (install openssh-client)`;
  return undefined;
}

export interface TestSshd {
  port: number;
  /** The host public key line, e.g. `ssh-ed25519 AAAA… comment`. */
  hostPublicKey: string;
  /** The fingerprint `ssh-keygen -lf` prints for the host key. */
  hostFingerprint: string;
  stop(): Promise<void>;
}

export interface SshdFixture {
  dir: string;
  username: string;
  /** OpenSSH-format private key that the servers' authorized_keys accepts. */
  userPrivateKey: string;
  start(options?: { sftp?: boolean }): Promise<TestSshd>;
  /** A fresh key pair the servers do not accept. */
  strangerKey(): Promise<string>;
  cleanup(): Promise<void>;
}

async function generateKey(path: string): Promise<void> {
  await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'patchproof-test', '-f', path]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function sshdConfig(dir: string, name: string, username: string, sftp: boolean): string {
  return [
    'ListenAddress 127.0.0.1',
    `PidFile ${join(dir, `${name}.pid`)}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `AllowUsers ${username}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'StrictModes no',
    'UsePAM no',
    'MaxSessions 10',
    'LogLevel INFO',
    ...(sftp ? ['Subsystem sftp internal-sftp'] : []),
    '',
  ].join('\n');
}

/** Resolves once sshd logs that it listens; rejects with its log if it exits first. */
function waitUntilListening(child: ChildProcess, port: number, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (log().includes(`Server listening on 127.0.0.1 port ${port}`)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sshd exited (${code}) before listening:\n${log()}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

async function startSshd(dir: string, name: string, username: string, sftp: boolean): Promise<TestSshd> {
  const hostKey = join(dir, `${name}_host_ed25519`);
  const config = join(dir, `${name}.conf`);
  await generateKey(hostKey);
  await writeFile(config, sshdConfig(dir, name, username, sftp));
  const port = await freePort();
  const child = spawn(SSHD, ['-D', '-e', '-f', config, '-p', String(port), '-h', hostKey], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = stopper(child);
  try {
    await waitUntilListening(child, port, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim();
  const { stdout } = await run(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]);
  return { port, hostPublicKey, hostFingerprint: stdout.split(/\s+/)[1], stop };
}

/**
 * A temp directory with a user key in authorized_keys, from which private sshd instances on free ports
 * of 127.0.0.1 can be started, each with its own host key.
 */
export async function createSshdFixture(): Promise<SshdFixture> {
  // sshd refuses to start without its privilege-separation directory, which only the service unit creates.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'patchproof-sshd-'));
  const username = userInfo().username;
  const userKey = join(dir, 'user_ed25519');
  await generateKey(userKey);
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${userKey}.pub`));
  const servers: TestSshd[] = [];
  let strangers = 0;
  return {
    dir,
    username,
    userPrivateKey: await readFile(userKey, 'utf8'),
    async start(options = {}) {
      const server = await startSshd(dir, `sshd${servers.length}`, username, options.sftp ?? true);
      servers.push(server);
      return server;
    },
    async strangerKey() {
      const path = join(dir, `stranger${strangers++}_ed25519`);
      await generateKey(path);
      return readFile(path, 'utf8');
    },
    async cleanup() {
      await Promise.all(servers.map((server) => server.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
