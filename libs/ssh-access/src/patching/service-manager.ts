import { SshConnectionError } from '@patchproof/ssh';
import { VmAccessError } from '@patchproof/vm-access';
import { VmShell } from '../connection/vm-shell';
import { ServiceManagerKind } from './restart-plan';

export const PP_SERVICE = '/usr/local/sbin/pp-service';
export const PP_REBOOT = '/usr/local/sbin/pp-reboot';

const DETECT = `[ -x ${PP_SERVICE} ] && echo pp-service; [ -d /run/systemd/system ] && echo systemd; true`;
const BOOT_ID = ['cat', '/proc/sys/kernel/random/boot_id'];

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

export async function restartService(shell: VmShell, manager: ServiceManagerKind, name: string, timeouts: ManagerTimeouts): Promise<void> {
  if (manager === 'none') throw new VmAccessError(`VM ${shell.vmId} has neither pp-service nor systemd: cannot restart ${name}`, shell.vmId);
  const argv = manager === 'pp-service' ? [PP_SERVICE, 'restart', name] : ['systemctl', 'restart', '--', `${name}.service`];
  await shell.check(argv, { what: `restarting ${name}`, timeoutMs: timeouts.restartMs });
}

/**
 * A namespace VM "reboots" with pp-reboot (every service stopped and started again; it returns when
 * done). A real VM reboots with systemctl/reboot and counts as back when SSH answers with a new boot id.
 */
export async function rebootVm(shell: VmShell, manager: ServiceManagerKind, timeouts: ManagerTimeouts): Promise<void> {
  if (manager === 'pp-service') {
    await shell.check([PP_REBOOT], { what: 'restarting every service (pp-reboot)', timeoutMs: timeouts.rebootMs });
    return;
  }
  const before = (await shell.check(BOOT_ID, { what: 'reading the boot id', timeoutMs: 30_000 })).stdout.trim();
  const command = manager === 'systemd' ? ['systemctl', 'reboot'] : ['reboot'];
  await shell.run(command, { timeoutMs: 30_000 }).catch((error: unknown) => {
    // The VM may drop the connection before the command returns: that is the reboot starting.
    if (!(error instanceof SshConnectionError)) throw error;
    shell.transcript.note(`connection dropped while rebooting (expected): ${error.message}`);
  });
  await waitForNewBoot(shell, before, timeouts);
}

async function waitForNewBoot(shell: VmShell, before: string, timeouts: ManagerTimeouts): Promise<void> {
  const deadline = Date.now() + timeouts.rebootMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, timeouts.pollMs));
    const current = await shell.run(BOOT_ID, { timeoutMs: 15_000 }).catch(() => undefined);
    if (current?.exitCode === 0 && current.stdout.trim() !== before) {
      shell.transcript.note(`VM is back after the reboot (boot id ${current.stdout.trim()})`);
      return;
    }
  }
  throw new VmAccessError(`VM ${shell.vmId} did not answer over SSH with a new boot within ${timeouts.rebootMs} ms after the reboot`, shell.vmId);
}
