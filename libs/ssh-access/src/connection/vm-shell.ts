import type { ExecResult, SshPool, SshTarget, UploadOptions, UploadResult } from '@patchproof/ssh';
import { VmAccessError, VmTarget } from '@patchproof/vm-access';
import type { Readable } from 'node:stream';
import { CredentialVault, toSshCredentials } from '../credentials/credential-vault';
import { addressOf } from './address';
import { outcomeOf, tail, Transcript } from './transcript';

export interface RunOptions {
  timeoutMs: number;
  stdin?: string | Buffer | Readable;
  maxOutputBytes?: number;
  sensitive?: readonly string[];
  /** Record only how many lines the command printed (for listings read by the code, not by people). */
  summary?: boolean;
}

/** What the VM is asked to do, for error messages: "inventory (dpkg-query)". */
export interface CheckedRunOptions extends RunOptions {
  what: string;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: readonly number[];
}

export class CommandFailedError extends VmAccessError {
  constructor(vmId: string, readonly what: string, readonly result: ExecResult) {
    super(`${what} failed on VM ${vmId}: \`${result.command}\` ${outcomeOf(result)}${detailOf(result)}`, vmId);
    this.name = 'CommandFailedError';
  }
}

function detailOf(result: ExecResult): string {
  const text = (result.stderr.trim() || result.stdout.trim());
  return text ? `: ${tail(text, 1200)}` : '';
}

/** How to log in to a VM: its address (port 22 unless it says otherwise) and the tenant's credentials from the vault. */
export async function sshTargetOf(vm: VmTarget, vault: CredentialVault): Promise<SshTarget> {
  const { host, port } = addressOf(vm);
  if (!vm.credentialsRef) throw new VmAccessError(`VM ${vm.name} (${vm.vmId}): the tenant has no credentialsRef, so there is no login for its VMs`, vm.vmId);
  const credentials = await vault.get(vm.credentialsRef).catch((error: unknown) => {
    throw new VmAccessError(`VM ${vm.name} (${vm.vmId}): ${error instanceof Error ? error.message : String(error)}`, vm.vmId);
  });
  return { vmId: vm.vmId, host, port: port ?? 22, credentials: toSshCredentials(credentials) };
}

/** Commands on one VM through the shared pool, each recorded in the transcript. */
export class VmShell {
  constructor(private readonly pool: SshPool, readonly target: SshTarget, readonly transcript = new Transcript()) {}

  get vmId(): string {
    return this.target.vmId;
  }

  async run(argv: readonly string[], options: RunOptions): Promise<ExecResult> {
    const result = await this.pool.exec(this.target, argv, options);
    this.transcript.command(result, options.summary);
    return result;
  }

  /** Runs argv and throws CommandFailedError unless it exited with an accepted code. */
  async check(argv: readonly string[], options: CheckedRunOptions): Promise<ExecResult> {
    const result = await this.run(argv, options);
    const accepted = options.okExitCodes ?? [0];
    if (result.timedOut || result.exitCode === null || !accepted.includes(result.exitCode)) throw new CommandFailedError(this.vmId, options.what, result);
    if (result.stdoutTruncated) throw new VmAccessError(`${options.what} on VM ${this.vmId}: output exceeded ${options.maxOutputBytes ?? 'the'} bytes limit`, this.vmId);
    return result;
  }

  /** Closes the pooled connection to this VM: the next command logs in over a new one. */
  async dropConnection(): Promise<void> {
    await this.pool.disconnect(this.vmId);
  }

  async upload(source: string | Buffer, remotePath: string, options: UploadOptions): Promise<UploadResult> {
    const result = await this.pool.upload(this.target, source, remotePath, options);
    this.transcript.note(`uploaded ${result.bytes} bytes to ${remotePath} via ${result.via} (sha256 ${result.sha256}) in ${result.durationMs} ms`);
    return result;
  }
}

/** What every SSH-based operation needs: the pool (host-key pins, per-VM limits) and the vault. */
export interface SshAccessDeps {
  pool: SshPool;
  vault: CredentialVault;
}

/** The VM must be reachable over SSH (a POSIX shell); Windows is refused with the reason. */
export async function openShell(deps: SshAccessDeps, vm: VmTarget, transcript?: Transcript): Promise<VmShell> {
  if (vm.osFamily === 'windows') {
    throw new VmAccessError(`VM ${vm.name} (${vm.vmId}) runs Windows: SSH access runs commands through a POSIX shell, Windows needs a PowerShell exec path (not built yet)`, vm.vmId);
  }
  return new VmShell(deps.pool, await sshTargetOf(vm, deps.vault), transcript);
}
