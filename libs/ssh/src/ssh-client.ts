import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { Client, type AuthenticationType, type ConnectConfig } from 'ssh2';
import { HostKeyMismatchError, hostKeyFingerprint, verifyHostKey, type HostKeyStore } from './host-key';
import { redactText } from './redaction';
import { runOnChannel, type RunResult } from './remote-command';
import { openSftp, sftpUpload } from './sftp-upload';
import { shellCommand } from './shell-quote';
import {
  SshConnectionError,
  type ExecOptions,
  type ExecResult,
  type SshLogger,
  type SshTarget,
  type UploadMethod,
  type UploadOptions,
  type UploadResult,
} from './ssh-types';
import { assertFileMode, assertRemotePath, digestSource, openSource } from './upload-source';

export interface SshClientOptions {
  /** Where host keys are pinned (trust on first use). */
  hostKeys: HostKeyStore;
  /** TCP connect + handshake + host-key check + authentication, in ms. Default 15 s. */
  connectTimeoutMs?: number;
  /** SSH keepalive interval; three unanswered probes drop the connection. Default 15 s, 0 disables. */
  keepaliveIntervalMs?: number;
  /** Default per-stream output cap for `exec`, in bytes. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Default limit for `upload`. Default 10 min. */
  uploadTimeoutMs?: number;
  logger?: SshLogger;
}

type Settings = Required<SshClientOptions>;

const SILENT: SshLogger = { debug: () => undefined, warn: () => undefined };

function settingsOf(options: SshClientOptions): Settings {
  return {
    hostKeys: options.hostKeys,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? 15_000,
    maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 10 * 60_000,
    logger: options.logger ?? SILENT,
  };
}

/** Node's timers silently fire at once beyond this, which would turn a long timeout into an instant kill. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function assertPositive(value: number, what: string): void {
  if (!Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) throw new Error(`${what} must be between 1 and ${MAX_TIMER_MS} ms, got ${value}`);
}

function assertOutputCap(value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`maxOutputBytes must be a non-negative integer, got ${value}`);
}

function assertTarget(target: SshTarget): void {
  const { vmId, host, port, credentials } = target ?? {};
  if (!vmId || typeof vmId !== 'string') throw new Error('SSH target: vmId must be a non-empty string');
  if (!host || typeof host !== 'string') throw new Error(`SSH target ${vmId}: host must be a non-empty string`);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`SSH target ${vmId}: port must be 1-65535`);
  if (!credentials?.username) throw new Error(`SSH target ${vmId}: credentials.username is required`);
  if (!credentials.privateKey && !credentials.password) throw new Error(`SSH target ${vmId}: credentials need a privateKey or a password`);
}

/** How a VM appears in logs and errors: never with its credentials. */
export function describeTarget(target: SshTarget): string {
  return `VM ${target.vmId} (${target.credentials.username}@${target.host}:${target.port ?? 22})`;
}

function connectConfig(target: SshTarget, settings: Settings): ConnectConfig {
  const { username, privateKey, passphrase, password } = target.credentials;
  // Only the methods we hold credentials for, key first: no "none" probe, no agent, no keyboard-interactive.
  const methods: AuthenticationType[] = [...(privateKey ? ['publickey' as const] : []), ...(password ? ['password' as const] : [])];
  return {
    host: target.host,
    port: target.port ?? 22,
    username,
    privateKey,
    passphrase,
    password,
    authHandler: methods,
    readyTimeout: settings.connectTimeoutMs,
    keepaliveInterval: settings.keepaliveIntervalMs,
    keepaliveCountMax: 3,
  };
}

/** One authenticated SSH connection to one VM. Use `SshPool` unless you need to manage the connection yourself. */
export class SshClient {
  private open = true;

  private constructor(
    private readonly connection: Client,
    readonly vmId: string,
    private readonly label: string,
    private readonly settings: Settings,
  ) {
    connection.on('error', (error: Error) => settings.logger.warn(`${label}: ${redactText(error.message)}`));
    connection.on('close', () => {
      this.open = false;
      settings.logger.debug(`${label}: connection closed`);
    });
  }

  /** Connects, checks the host key against the pin (recording it on first contact) and authenticates. */
  static connect(target: SshTarget, options: SshClientOptions): Promise<SshClient> {
    assertTarget(target);
    const settings = settingsOf(options);
    assertPositive(settings.connectTimeoutMs, 'connectTimeoutMs');
    const label = describeTarget(target);
    const connection = new Client();
    return new Promise((resolve, reject) => {
      let refusal: Error | undefined;
      const detach = () => connection.off('ready', onReady).off('error', fail).off('close', onClose);
      const fail = (error: Error) => {
        detach();
        connection.on('error', () => undefined); // late socket errors after we gave up must not crash the process
        connection.end();
        reject(refusal ?? new SshConnectionError(target.vmId, `cannot connect to ${label}: ${redactText(error.message)}`, { cause: error }));
      };
      const checkHostKey = (key: Buffer, verify: (valid: boolean) => void) => {
        const fingerprint = hostKeyFingerprint(key);
        verifyHostKey(settings.hostKeys, target.vmId, fingerprint).then(
          (verdict) => {
            if (verdict === 'recorded') settings.logger.debug(`${label}: pinned host key ${fingerprint} on first contact`);
            verify(true);
          },
          (error: Error) => {
            refusal = error instanceof HostKeyMismatchError ? error : new SshConnectionError(target.vmId, `${label}: host key check failed: ${error.message}`, { cause: error });
            settings.logger.warn(refusal.message);
            verify(false);
          },
        );
      };
      const onReady = () => {
        detach();
        resolve(new SshClient(connection, target.vmId, label, settings));
      };
      const onClose = () => fail(new Error('connection closed during the handshake'));
      connection.once('ready', onReady).once('error', fail).once('close', onClose);
      try {
        connection.connect({ ...connectConfig(target, settings), hostVerifier: checkHostKey });
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Runs argv (quoted with `shellCommand`) through the login shell; a non-zero exit is a result, not an error. */
  async exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const shown = redactText(shellCommand(argv), options.sensitive);
    const result = await this.run(argv, shown, options);
    return { command: shown, ...result };
  }

  /** Copies a local file or a buffer to `remotePath` and reports the SHA-256 of what was sent. */
  async upload(source: string | Buffer, remotePath: string, options: UploadOptions = {}): Promise<UploadResult> {
    assertRemotePath(remotePath);
    assertFileMode(options.mode);
    const timeoutMs = options.timeoutMs ?? this.settings.uploadTimeoutMs;
    assertPositive(timeoutMs, 'upload timeoutMs');
    const started = performance.now();
    const digest = await digestSource(source);
    const via = await this.transfer(source, remotePath, options.via ?? 'sftp', options.mode, timeoutMs);
    const result = { remotePath, ...digest, via, durationMs: Math.round(performance.now() - started) };
    this.settings.logger.debug(`${this.label}: uploaded ${result.bytes} bytes to ${remotePath} via ${via} in ${result.durationMs} ms`);
    return result;
  }

  /** Ends the connection; commands still running on it fail. */
  close(): Promise<void> {
    if (!this.open) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.connection.destroy(), 2_000).unref();
      this.connection.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.connection.end();
    });
  }

  private async transfer(source: string | Buffer, remotePath: string, via: UploadMethod, mode: number | undefined, timeoutMs: number): Promise<UploadMethod> {
    if (via === 'sftp') {
      this.assertOpen();
      const sftp = await openSftp(this.connection);
      if (sftp) {
        await sftpUpload(sftp, source, remotePath, mode, timeoutMs);
        return 'sftp';
      }
      this.settings.logger.debug(`${this.label}: no SFTP subsystem, uploading with cat`);
    }
    await this.catUpload(source, remotePath, mode, timeoutMs);
    return 'exec';
  }

  private async catUpload(source: string | Buffer, remotePath: string, mode: number | undefined, timeoutMs: number): Promise<void> {
    // The path travels as a positional parameter, so the script text is constant and nothing is pasted into it.
    const script = mode === undefined ? 'cat > "$1"' : 'cat > "$1" && chmod "$2" "$1"';
    const argv = ['sh', '-c', script, 'sh', remotePath, ...(mode === undefined ? [] : [mode.toString(8)])];
    const stdin = openSource(source);
    try {
      const result = await this.run(argv, shellCommand(argv), { timeoutMs, stdin, maxOutputBytes: 64 * 1024 });
      if (result.timedOut) throw new Error(`upload to ${remotePath} timed out after ${timeoutMs} ms`);
      if (result.exitCode !== 0) throw new Error(`upload to ${remotePath} failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim()}`);
    } finally {
      if (!Buffer.isBuffer(stdin)) (stdin as Readable).destroy();
    }
  }

  private async run(argv: readonly string[], shown: string, options: ExecOptions): Promise<RunResult> {
    assertPositive(options.timeoutMs, 'exec timeoutMs');
    this.assertOpen();
    const maxOutputBytes = options.maxOutputBytes ?? this.settings.maxOutputBytes;
    assertOutputCap(maxOutputBytes);
    try {
      const result = await runOnChannel(this.connection, shellCommand(argv), { timeoutMs: options.timeoutMs, stdin: options.stdin, maxOutputBytes });
      this.logResult(shown, result, options.timeoutMs);
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SshConnectionError(this.vmId, `${this.label}: ${shown}: ${redactText(reason)}`, { cause: error });
    }
  }

  private logResult(shown: string, result: RunResult, timeoutMs: number): void {
    const { logger } = this.settings;
    if (result.timedOut) logger.warn(`${this.label}: killed after ${timeoutMs} ms timeout: ${shown}`);
    else logger.debug(`${this.label}: exit ${result.exitCode ?? result.signal} in ${result.durationMs} ms: ${shown}`);
  }

  private assertOpen(): void {
    if (!this.open) throw new SshConnectionError(this.vmId, `${this.label}: connection is closed`);
  }
}
