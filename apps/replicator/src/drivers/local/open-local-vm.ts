import { Logger } from '@nestjs/common';
import { LocalDriverSupport, LocalVmDriver, ReapReport, checkLocalDriverSupport } from '@patchproof/local-vm';
import { ReplicatorConfig } from '../../replicator.config';

export class LocalDriverUnavailableError extends Error {
  override readonly name = 'LocalDriverUnavailableError';
}

function describeReap(report: ReapReport): string | undefined {
  const parts = [
    report.environments.length > 0 ? `${report.environments.length} interrupted environment(s) (${report.environments.join(', ')})` : '',
    report.namespaces.length > 0 ? `${report.namespaces.length} namespace(s)` : '',
    report.links.length > 0 ? `${report.links.length} bridge/veth link(s)` : '',
    report.mounts.length > 0 ? `${report.mounts.length} mount(s)` : '',
    report.processes > 0 ? `${report.processes} process(es)` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `reaped what an earlier crash left: ${parts.join(', ')}` : undefined;
}

/**
 * The local driver's machinery, checked and cleaned at start-up: a host that cannot run namespace VMs
 * stops the service here (never a fallback to the simulation), and the reaper removes what a crash left.
 */
export async function openLocalVm(config: ReplicatorConfig, support: LocalDriverSupport = checkLocalDriverSupport()): Promise<LocalVmDriver> {
  if (!support.ok) {
    throw new LocalDriverUnavailableError(
      `REPLICATOR_DRIVERS includes "local", but this host cannot run namespace VMs: ${support.reason}. ` +
        'Run the replicator as root on Linux, or remove "local" from REPLICATOR_DRIVERS (there is no fallback to the fake provider).',
    );
  }
  const logger = new Logger('LocalVm');
  const driver = new LocalVmDriver({
    stateDir: config.LOCAL_VM_STATE_DIR,
    imagesDir: config.LOCAL_VM_IMAGES_DIR,
    prefix: config.LOCAL_VM_PREFIX,
    addressPool: config.LOCAL_VM_ADDRESS_POOL,
    onProgress: (message) => logger.log(message),
  });
  const reaped = describeReap(await driver.reap());
  if (reaped) logger.warn(reaped);
  logger.log(`local driver ready: state in ${driver.config.stateDir}, images in ${driver.config.imagesDir}, prefix ${driver.config.prefix}`);
  return driver;
}

