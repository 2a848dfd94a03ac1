import { SshConnectionError } from '@patchproof/ssh';
import { VmAccessError } from '@patchproof/vm-access';
import { CommandFailedError, VmShell } from '../connection/vm-shell';
import { PatchFailedError, rebootFailure, serviceFailure } from './patch-failure';
import { ServiceManagerKind } from './restart-plan';

export const PP_SERVICE = '/usr/local/sbin/pp-service';
export const PP_REBOOT = '/usr/local/sbin/pp-reboot';

const DETECT = `[ -x ${PP_SERVICE} ] && echo pp-service; [ -d /run/systemd/system ] && echo systemd; true`;
/** Changes at every boot: the kernel's boot id; on a namespace VM (one kernel for all) pp-init's own. */
const KERNEL_BOOT_ID = ['cat', '/proc/sys/kernel/random/boot_id'];
const PP_BOOT_ID = ['cat', '/run/pp/boot-id'];

export interface ManagerTimeouts {
  restartMs: number;
  rebootMs: number;
  /** Between attempts to reach a rebooting VM. */
  pollMs: number;
}

/** pp-service (namespace VMs of the local provider) wins over systemd; neither means nothing can be restarted. */
export async function detectServiceManager(shell: VmShell): Promise<ServiceManagerKind> {
  const found = (await shell.check(['sh', '-c', DETECT], { what: 'detecting the service manager', timeoutMs: 30_000 })).stdout.split('\n');
  if (found.includes('pp-service')) return 'pp-service';
  return found.includes('systemd') ? 'systemd' : 'none';
}

/**
 * Restarts a service and returns once it is back. A restart that is refused, fails or does not end
 * within `restartMs` is the patch's failure (the service did not come back), with its evidence.
 */
export async function restartService(shell: VmShell, manager: ServiceManagerKind, name: string, timeouts: ManagerTimeouts): Promise<void> {
  if (manager === 'none') throw new VmAccessError(`VM ${shell.vmId} has neither pp-service nor systemd: cannot restart ${name}`, shell.vmId);
  const argv = manager === 'pp-service' ? [PP_SERVICE, 'restart', name] : ['systemctl', 'restart', '--', `${name}.service`];
  const result = await shell.run(argv, { timeoutMs: timeouts.restartMs });
  if (result.exitCode === 0 && !result.timedOut) return;
  throw new PatchFailedError(await serviceFailure(shell, manager, name, result, timeouts.restartMs));
}

/**
 * Reboots the VM and returns once it is back: when a new SSH connection (a fresh login for each
 * attempt, every `pollMs`, until `rebootMs`) reads a boot id other than the one before. A namespace
 * VM reboots with pp-reboot (every process of the VM starts anew; its boot id is written once the
 * services are started, and each of them must be running); a real VM with systemctl/reboot.
 */
export async function rebootVm(shell: VmShell, manager: ServiceManagerKind, timeouts: ManagerTimeouts): Promise<void> {
  const bootId = manager === 'pp-service' ? PP_BOOT_ID : KERNEL_BOOT_ID;
  const before = (await shell.check(bootId, { what: 'reading the boot id', timeoutMs: 30_000 })).stdout.trim();
  const command = manager === 'pp-service' ? [PP_REBOOT] : manager === 'systemd' ? ['systemctl', 'reboot'] : ['reboot'];
  const requested = await shell.run(command, { timeoutMs: 30_000 }).catch((error: unknown) => {
    // The VM may drop the connection before the command returns: that is the reboot starting.
    if (!(error instanceof SshConnectionError)) throw error;
    shell.transcript.note(`connection dropped while rebooting (expected): ${error.message}`);
    return undefined;
  });
  if (manager === 'pp-service' && requested && requested.exitCode !== 0) throw new CommandFailedError(shell.vmId, 'rebooting (pp-reboot)', requested);
  await waitForNewBoot(shell, bootId, before, timeouts);
  if (manager === 'pp-service') await checkServicesRunning(shell);
}

async function waitForNewBoot(shell: VmShell, bootId: readonly string[], before: string, timeouts: ManagerTimeouts): Promise<void> {
  const deadline = Date.now() + timeouts.rebootMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, timeouts.pollMs));
    // Never the connection from before the reboot: the VM is back only when it accepts a new one.
    await shell.dropConnection();
    const current = await shell.run(bootId, { timeoutMs: Math.max(1_000, Math.min(15_000, deadline - Date.now())) }).catch(() => undefined);
    if (current?.exitCode === 0 && current.stdout.trim() !== '' && current.stdout.trim() !== before) {
      shell.transcript.note(`VM is back after the reboot: it answered a new SSH connection (boot id ${current.stdout.trim()})`);
      return;
    }
  }
  // The patch needed the reboot: a VM that does not come back from it is the patch's failure.
  throw new PatchFailedError({ kind: 'reboot', reason: `VM ${shell.vmId} did not answer a new SSH connection with a new boot within ${timeouts.rebootMs} ms after the reboot the patch needed` });
}

/** After a namespace VM's reboot every enabled service must be running again, as after a restart. */
async function checkServicesRunning(shell: VmShell): Promise<void> {
  const status = await shell.check([PP_SERVICE, 'status-all'], { what: 'checking the services after the reboot', timeoutMs: 30_000 });
  const stopped = status.stdout.split('\n').filter((line) => line.endsWith(' stopped')).map((line) => line.slice(0, -' stopped'.length));
  if (stopped.length > 0) throw new PatchFailedError(await rebootFailure(shell, 'pp-service', stopped));
}
