import type { Readable } from 'node:stream';

/** Login for a VM: a private key (PEM or OpenSSH format, optionally passphrase-protected) and/or a password. */
export type SshCredentials =
  | { username: string; privateKey: string; passphrase?: string; password?: string }
  | { username: string; password: string; privateKey?: undefined; passphrase?: undefined };

/** One VM as the SSH layer sees it; `vmId` keys the host-key pin and the pooled connection. */
export interface SshTarget {
  vmId: string;
  host: string;
  port?: number;
  credentials: SshCredentials;
}

export interface ExecOptions {
  /** Wall-clock limit for the command; on expiry the remote process group is killed and the channel closed. */
  timeoutMs: number;
  stdin?: string | Buffer | Readable;
  /** Per-stream cap on captured output (bytes); the rest is read and dropped. */
  maxOutputBytes?: number;
  /** Values in argv that must not appear in logs or in `ExecResult.command` (e.g. a database password). */
  sensitive?: readonly string[];
}

export interface ExecResult {
  /** The command line as run, with `sensitive` values and private keys redacted. */
  command: string;
  /** null when the process was killed by a signal or timed out. */
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

export type UploadMethod = 'sftp' | 'exec';

export interface UploadOptions {
  /** File mode set after the write, e.g. 0o755. */
  mode?: number;
  /** `sftp` (default; falls back to `exec` when the server has no SFTP subsystem) or `exec` (`cat > path`). */
  via?: UploadMethod;
  timeoutMs?: number;
}

export interface UploadResult {
  remotePath: string;
  bytes: number;
  /** Hex SHA-256 of what was sent, comparable with `sha256sum` on the VM. */
  sha256: string;
  via: UploadMethod;
  durationMs: number;
}

/** Compatible with NestJS's Logger and with console. Messages are redacted before they get here. */
export interface SshLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export class SshConnectionError extends Error {
  override readonly name = 'SshConnectionError';

  constructor(
    readonly vmId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
