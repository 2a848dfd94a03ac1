import { spawn } from 'node:child_process';
import { HostCommandError, LocalVmError } from './errors';

export interface RunOptions {
  /** Written to the command's stdin, then stdin is closed. */
  input?: string;
  timeoutMs?: number;
  /** Exit codes that count as success (default: only 0). */
  okExitCodes?: readonly number[];
  env?: NodeJS.ProcessEnv;
  /** Called with each complete line of stdout and stderr as it arrives (progress reporting). */
  onLine?: (line: string) => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
// A daemon started by the command may inherit its stdout and keep the pipe open after the command
// exits; we stop waiting for the pipes this long after the exit.
const PIPE_DRAIN_MS = 1_000;
const OUTPUT_LIMIT = 4 * 1024 * 1024;

/** Runs a host command from an argv array (never a shell string) and collects its output. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out = collect(child.stdout, options.onLine);
    const err = collect(child.stderr, options.onLine);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new LocalVmError(`cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        const result = { exitCode: code ?? -1, stdout: out.text(), stderr: err.text() };
        const ok = signal === null && (options.okExitCodes ?? [0]).includes(result.exitCode);
        if (ok) resolve(result);
        else reject(new HostCommandError(command, args, code, signal ? `killed by ${signal}; ${result.stderr}` : result.stderr));
      };
      const drain = setTimeout(finish, PIPE_DRAIN_MS);
      Promise.all([out.closed, err.closed]).then(() => {
        clearTimeout(drain);
        finish();
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

interface Collected {
  text(): string;
  closed: Promise<void>;
}

function collect(stream: NodeJS.ReadableStream, onLine?: (line: string) => void): Collected {
  const chunks: Buffer[] = [];
  let size = 0;
  let partial = '';
  const closed = new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      if (size < OUTPUT_LIMIT) chunks.push(chunk);
      size += chunk.length;
      if (!onLine) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach((line) => onLine(line));
    });
    const done = (): void => {
      if (partial && onLine) onLine(partial);
      partial = '';
      resolve();
    };
    stream.on('close', done);
    stream.on('end', done);
  });
  return { text: () => Buffer.concat(chunks).toString('utf8'), closed };
}

/** Like `run`, but a failure is reported as `undefined` (for probes and idempotent clean-up). */
export async function tryRun(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult | undefined> {
  try {
    return await run(command, args, options);
  } catch {
    return undefined;
  }
}
