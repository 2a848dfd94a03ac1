import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { CappedOutput } from './capped-output';
import type { ExecResult } from './ssh-types';

export interface RunOptions {
  timeoutMs: number;
  maxOutputBytes: number;
  stdin?: string | Buffer | Readable;
}

export type RunResult = Omit<ExecResult, 'command'>;

/** The remote backstop fires this long after the local deadline, so the local timer always reports first. */
const REMOTE_MARGIN_S = 1;
/** After the local deadline, how long to wait for sshd to confirm the channel closed (the process is dead). */
const CLOSE_CONFIRM_MS = 2_000;

/**
 * Wraps a command line so the VM kills it (with its whole process group) shortly after our deadline.
 * Closing the SSH channel is not enough: sshd leaves the session's processes running, and it refuses the
 * SSH `signal` request for root logins. GNU coreutils and busybox `timeout` kill the process group; on a
 * VM without `timeout` the command runs unguarded and only the channel is closed.
 */
export function withRemoteDeadline(command: string, timeoutMs: number): string {
  const seconds = Math.ceil(timeoutMs / 1000) + REMOTE_MARGIN_S;
  return `if command -v timeout >/dev/null 2>&1; then exec timeout -s KILL ${seconds} ${command}; else exec ${command}; fi`;
}

function closeConfirmWindowMs(timeoutMs: number): number {
  return (Math.ceil(timeoutMs / 1000) + REMOTE_MARGIN_S) * 1000 - timeoutMs + CLOSE_CONFIRM_MS;
}

function feedStdin(channel: ClientChannel, stdin: RunOptions['stdin'], onError: (error: Error) => void): void {
  if (stdin instanceof Readable) {
    stdin.once('error', onError);
    stdin.pipe(channel);
  } else {
    channel.end(stdin);
  }
}

/**
 * Runs one command line on its own channel, under a remote deadline; resolves once the channel closes, or
 * at the latest a short window after the local deadline.
 */
export function runOnChannel(connection: Client, command: string, options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const stdout = new CappedOutput(options.maxOutputBytes);
    const stderr = new CappedOutput(options.maxOutputBytes);
    let channel: ClientChannel | undefined;
    let exit: { code: number | null; signal?: string } | undefined;
    let failure: Error | undefined;
    let timedOut = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      if (failure && !timedOut) return reject(failure);
      if (!exit && !timedOut) return reject(new Error('channel closed without an exit status (connection lost?)'));
      resolve({
        exitCode: timedOut ? null : (exit?.code ?? null),
        signal: exit?.signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const fail = (error: Error) => {
      failure ??= error;
      if (channel) channel.close();
      else finish();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      channel?.close();
      grace = setTimeout(finish, closeConfirmWindowMs(options.timeoutMs));
    }, options.timeoutMs);

    const onChannel = (error: Error | undefined, opened: ClientChannel) => {
      if (error) return fail(error);
      channel = opened;
      if (settled) return opened.close();
      opened.on('data', (chunk: Buffer) => stdout.push(chunk));
      opened.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      opened.on('exit', (code: number | null, signal?: string) => (exit = { code, signal }));
      opened.on('error', fail);
      opened.on('close', finish);
      if (timedOut) opened.close();
      else feedStdin(opened, options.stdin, fail);
    };
    try {
      connection.exec(withRemoteDeadline(command, options.timeoutMs), onChannel);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
