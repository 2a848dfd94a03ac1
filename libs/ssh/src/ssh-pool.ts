import { Semaphore } from './semaphore';
import { SshClient, type SshClientOptions } from './ssh-client';
import type { ExecOptions, ExecResult, SshTarget, UploadOptions, UploadResult } from './ssh-types';

export interface SshPoolOptions extends SshClientOptions {
  /**
   * Commands and uploads running at once on one VM; the rest wait in order. Keep it below the server's
   * `MaxSessions` (OpenSSH default 10), since each command is a session on the one shared connection. Default 4.
   */
  maxConcurrentPerVm?: number;
  /** Close a VM's connection after this long without work. Default 60 s, 0 keeps connections until `closeAll`. */
  idleTimeoutMs?: number;
}

export interface SshPoolVmStats {
  vmId: string;
  connected: boolean;
  running: number;
  waiting: number;
}

interface PoolEntry {
  /** Where the connection goes; a changed address or user means a new connection. */
  endpoint: string;
  slots: Semaphore;
  client?: SshClient;
  connecting?: Promise<SshClient>;
  idleTimer?: NodeJS.Timeout;
}

function endpointOf(vm: SshTarget): string {
  return `${vm.credentials?.username}@${vm.host}:${vm.port ?? 22}`;
}

/**
 * One reusable SSH connection per VM (reconnected when it drops), with a per-VM limit on concurrent work.
 * Waiting for a slot is bounded in practice because every holder is bounded by its own timeout.
 */
export class SshPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly maxConcurrentPerVm: number;
  private readonly idleTimeoutMs: number;
  private closed = false;

  constructor(private readonly options: SshPoolOptions) {
    this.maxConcurrentPerVm = options.maxConcurrentPerVm ?? 4;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    new Semaphore(this.maxConcurrentPerVm); // validates the limit up front
    if (!Number.isInteger(this.idleTimeoutMs) || this.idleTimeoutMs < 0 || this.idleTimeoutMs > 2 ** 31 - 1) {
      throw new Error(`idleTimeoutMs must be an integer from 0 to ${2 ** 31 - 1}, got ${this.idleTimeoutMs}`);
    }
  }

  exec(vm: SshTarget, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    return this.withClient(vm, (client) => client.exec(argv, options));
  }

  upload(vm: SshTarget, source: string | Buffer, remotePath: string, options?: UploadOptions): Promise<UploadResult> {
    return this.withClient(vm, (client) => client.upload(source, remotePath, options));
  }

  /** What the pool holds per VM, for health endpoints and metrics. */
  stats(): SshPoolVmStats[] {
    return [...this.entries].map(([vmId, entry]) => ({
      vmId,
      connected: entry.client?.isOpen ?? false,
      running: entry.slots.inUse,
      waiting: entry.slots.queued,
    }));
  }

  /**
   * Closes the VM's connection, if it has one, so that its next command opens a fresh one: e.g. to see
   * that a rebooted VM accepts connections again. Commands still running on it fail.
   */
  async disconnect(vmId: string): Promise<void> {
    const entry = this.entries.get(vmId);
    if (entry) await this.closeEntry(entry);
  }

  /** Closes every connection; the pool refuses work afterwards. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => this.closeEntry(entry)));
  }

  private async withClient<T>(vm: SshTarget, work: (client: SshClient) => Promise<T>): Promise<T> {
    const entry = this.entryFor(vm);
    const release = await entry.slots.acquire();
    clearTimeout(entry.idleTimer);
    try {
      return await work(await this.clientFor(vm, entry));
    } finally {
      release();
      this.armIdleTimer(vm.vmId, entry);
    }
  }

  private entryFor(vm: SshTarget): PoolEntry {
    this.assertOpen();
    let entry = this.entries.get(vm.vmId);
    if (!entry) {
      entry = { endpoint: endpointOf(vm), slots: new Semaphore(this.maxConcurrentPerVm) };
      this.entries.set(vm.vmId, entry);
    }
    return entry;
  }

  private clientFor(vm: SshTarget, entry: PoolEntry): Promise<SshClient> {
    this.assertOpen();
    const endpoint = endpointOf(vm);
    if (entry.endpoint !== endpoint) {
      void this.closeEntry(entry);
      entry.endpoint = endpoint;
      entry.connecting = undefined;
    }
    if (entry.client?.isOpen) return Promise.resolve(entry.client);
    if (!entry.connecting) {
      const connecting = this.connect(vm, entry, endpoint).finally(() => {
        if (entry.connecting === connecting) entry.connecting = undefined;
      });
      entry.connecting = connecting;
    }
    return entry.connecting;
  }

  private async connect(vm: SshTarget, entry: PoolEntry, endpoint: string): Promise<SshClient> {
    const client = await SshClient.connect(vm, this.options);
    if (this.closed) {
      await client.close();
      this.assertOpen();
    }
    if (entry.endpoint !== endpoint) {
      await client.close();
      throw new Error(`VM ${vm.vmId} changed address or user while connecting; retry the operation`);
    }
    entry.client = client;
    return client;
  }

  private armIdleTimer(vmId: string, entry: PoolEntry): void {
    if (this.idleTimeoutMs <= 0 || entry.slots.inUse > 0 || entry.slots.queued > 0) return;
    entry.idleTimer = setTimeout(() => {
      if (entry.slots.inUse > 0 || this.entries.get(vmId) !== entry) return;
      this.entries.delete(vmId);
      void this.closeEntry(entry);
    }, this.idleTimeoutMs).unref();
  }

  private async closeEntry(entry: PoolEntry): Promise<void> {
    clearTimeout(entry.idleTimer);
    const client = entry.client;
    entry.client = undefined;
    await client?.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SSH pool is closed');
  }
}
