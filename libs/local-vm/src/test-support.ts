import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Client } from 'ssh2';
import { ProcessOwner, processStartTicks } from './state';
import { checkLocalDriverSupport } from './support';

// Helpers for the real (root, namespaces) specs of this library; not part of the public API.

/** `describe`, or `describe.skip` with the reason in its name and on the console, chosen at collection time. */
export function describeIfLocalDriver(file: string): (name: string, body: () => void) => void {
  const support = checkLocalDriverSupport();
  if (support.ok) return describe;
  console.warn(`[libs/local-vm] ${file}: real namespace-VM tests skipped: ${support.reason}`);
  return (name, body) => describe.skip(`${name} (skipped: ${support.reason})`, body);
}

/** Progress lines worth a line in the test output: host package installs and image builds. */
export function logMilestones(message: string): void {
  if (/installing host packages|: building |built in/.test(message)) console.log(`[local-vm] ${message}`);
}

/** The first line a TCP server sends (an SSH server's identification string). */
export function readBanner(host: string, port = 22, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no banner from ${host}:${port} within ${timeoutMs} ms`)));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\n')) {
        socket.destroy();
        resolve(received.split('\r\n')[0].split('\n')[0]);
      }
    });
    socket.on('error', reject);
  });
}

export interface SshResult {
  code: number | null;
  stdout: string;
}

/** Logs in as root with a private key and runs one command (host keys are not pinned in these tests). */
export function sshExec(host: string, privateKey: string, command: string): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let stdout = '';
          stream.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
          stream.stderr.on('data', () => undefined);
          stream.on('close', (code: number | null) => {
            client.end();
            resolve({ code, stdout });
          });
        });
      })
      .on('error', reject)
      .connect({ host, port: 22, username: 'root', privateKey, readyTimeout: 15_000, hostVerifier: () => true });
  });
}

export function hostNetns(): string[] {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  return out ? (JSON.parse(out) as { name: string }[]).map((entry) => entry.name) : [];
}

export function hostLinks(): string[] {
  return (JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[]).map((link) => link.ifname);
}

export function mountPointsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4])
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

/** Every process in the given network namespaces, identified by pid and start time (pids get reused). */
export function processesInNetns(names: readonly string[]): ProcessOwner[] {
  return names
    .flatMap((name) => execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number))
    .map((pid) => ({ pid, startTicks: processStartTicks(pid) ?? '' }));
}

export function stillRunning(processes: readonly ProcessOwner[]): ProcessOwner[] {
  return processes.filter((owner) => processStartTicks(owner.pid) === owner.startTicks);
}
