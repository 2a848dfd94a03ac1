import { VmAccessError, VmTarget } from '@patchproof/vm-access';
import { CredentialVault } from '../credentials/credential-vault';
import { VmShell } from '../connection/vm-shell';

/** What a check needs: the VM, a shell on it (opened only when a check needs one), bound parameters, a deadline. */
export interface CheckContext {
  vm: VmTarget;
  shell: () => Promise<VmShell>;
  vault: CredentialVault;
  parameters: Readonly<Record<string, string>>;
  /** Date.now() by which the whole test must be done. */
  deadline: number;
}

export interface CheckOutcome {
  passed: boolean;
  output: string;
  elapsedMs: number;
  stdout?: string;
}

/** Milliseconds left before the test's deadline (at least 1, so a late command still gets a bound). */
export function remainingMs(context: CheckContext): number {
  return Math.max(1, context.deadline - Date.now());
}

/** Network errors that say the VM or its network is gone (infrastructure), not that a service refused. */
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/** A refused or reset connection is the service's failure; an unreachable host is the infrastructure's. */
export function connectionFailure(error: unknown, what: string, context: CheckContext, started: number): CheckOutcome {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (UNREACHABLE.has(code)) throw new VmAccessError(`${what}: ${code} ${message}`, context.vm.vmId);
  return { passed: false, output: `${what}: ${code ? `${code} ` : ''}${message}`, elapsedMs: Date.now() - started };
}
