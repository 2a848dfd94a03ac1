import { ApplyFailure } from '@patchproof/contracts';
import { VmShell } from '../connection/vm-shell';
import { ownersOf, packageFiles, sourcesOf } from './dpkg-state';
import { PatchFailedError } from './patch-failure';
import { parseProcessScan, PP_SERVICE_PID_FILES, PROCESS_SCAN_SCRIPT } from './process-scan';
import { decideRestarts, RestartDecision, ServiceManagerKind } from './restart-plan';
import { detectServiceManager, ManagerTimeouts, rebootVm, restartService } from './service-manager';

export interface RestartOutcome {
  restarted: string[];
  rebooted: boolean;
  /** A service that did not come back (the first, naming any others), or the VM after its reboot. */
  failure?: ApplyFailure;
}

/** Looks at the VM: the changed packages' files, every process's executable and mappings, their packages. */
async function planRestarts(shell: VmShell, changed: string[], manager: ServiceManagerKind): Promise<RestartDecision> {
  const changedFiles = await packageFiles(shell, changed);
  const scan = await shell.check(['sh', '-c', PROCESS_SCAN_SCRIPT, 'sh', ...PP_SERVICE_PID_FILES], { what: 'scanning processes', timeoutMs: 120_000, maxOutputBytes: 64 * 1024 * 1024, summary: true });
  const snapshot = parseProcessScan(scan.stdout);
  const exeOwners = await ownersOf(shell, [...new Set(snapshot.processes.map((process) => process.exe))]);
  const sources = await sourcesOf(shell, [...changed, ...exeOwners.values()]);
  return decideRestarts({ changedFiles, processes: snapshot.processes, manager, serviceMainPids: snapshot.serviceMainPids, exeOwners, sources, self: snapshot.self });
}

function describe(decision: RestartDecision): string[] {
  if (decision.reboot) return [`reboot needed: ${decision.reboot.because.join(', ')} changed`];
  return [
    ...(decision.services.length === 0 ? ['no running service uses a changed file'] : decision.services.map((service) => `restart ${service.name}: ${service.because}`)),
    ...decision.unmanaged.map((process) => `not restarted (belongs to no service): pid ${process.pid} ${process.exe}: ${process.because}`),
  ];
}

/**
 * Restarts only what the changed packages require (or reboots), recording why in the transcript.
 * A service that does not come back does not stop the others' restarts (the tests that follow should
 * see the whole patched system); the outcome carries the first one's evidence, naming the others.
 */
export async function restartAffected(shell: VmShell, changed: string[], timeouts: ManagerTimeouts): Promise<RestartOutcome> {
  if (changed.length === 0) return { restarted: [], rebooted: false };
  const manager = await detectServiceManager(shell);
  const decision = await planRestarts(shell, changed, manager);
  for (const line of describe(decision)) shell.transcript.note(line);
  if (decision.reboot) {
    const failure = await patchFailureOf(rebootVm(shell, manager, timeouts));
    return { restarted: [], rebooted: true, ...(failure ? { failure } : {}) };
  }
  const restarted: string[] = [];
  const failures: ApplyFailure[] = [];
  for (const service of decision.services) {
    const failure = await patchFailureOf(restartService(shell, manager, service.name, timeouts));
    if (failure) failures.push(failure);
    else restarted.push(service.name);
  }
  if (failures.length === 0) return { restarted, rebooted: false };
  const [first, ...others] = failures;
  const also = others.length > 0 ? `; also did not come back: ${others.map((other) => other.service).join(', ')}` : '';
  return { restarted, rebooted: false, failure: { ...first, reason: `${first.reason}${also}`.slice(0, 2000) } };
}

/** The patch failure the step ended with, if any; any other error is rethrown. */
async function patchFailureOf(step: Promise<void>): Promise<ApplyFailure | undefined> {
  try {
    await step;
    return undefined;
  } catch (error) {
    if (error instanceof PatchFailedError) return error.failure;
    throw error;
  }
}
