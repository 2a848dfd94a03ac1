import { VmShell } from '../connection/vm-shell';
import { ownersOf, packageFiles, sourcesOf } from './dpkg-state';
import { parseProcessScan, PP_SERVICE_PID_FILES, PROCESS_SCAN_SCRIPT } from './process-scan';
import { decideRestarts, RestartDecision, ServiceManagerKind } from './restart-plan';
import { detectServiceManager, ManagerTimeouts, rebootVm, restartService } from './service-manager';

export interface RestartOutcome {
  restarted: string[];
  rebooted: boolean;
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

/** Restarts only what the changed packages require (or reboots), recording why in the transcript. */
export async function restartAffected(shell: VmShell, changed: string[], timeouts: ManagerTimeouts): Promise<RestartOutcome> {
  if (changed.length === 0) return { restarted: [], rebooted: false };
  const manager = await detectServiceManager(shell);
  const decision = await planRestarts(shell, changed, manager);
  for (const line of describe(decision)) shell.transcript.note(line);
  if (decision.reboot) {
    await rebootVm(shell, manager, timeouts);
    return { restarted: [], rebooted: true };
  }
  const restarted: string[] = [];
  for (const service of decision.services) {
    await restartService(shell, manager, service.name, timeouts);
    restarted.push(service.name);
  }
  return { restarted, rebooted: false };
}
