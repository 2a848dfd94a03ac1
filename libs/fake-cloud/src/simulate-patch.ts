import { ApplyFailure, PatchSpec, VmPatchResult } from '@patchproof/contracts';
import { FakeEnvironmentSpec, FakeServiceState, FakeVmState } from './fake-cloud.types';

type Compare = (ecosystem: string, a: string, b: string) => number;

/** Packages whose change needs the whole VM restarted, as a kernel or C library update does. */
const REBOOT_PACKAGES = /^(linux-image-|kernel|libc6$|glibc$)/;

/**
 * What installing the patch does to a simulated VM: packages below the fixed version are raised to
 * it, services using a changed package restart (all of them on a reboot), configured faults fire.
 */
export function simulatePatch(vm: FakeVmState, patch: PatchSpec, spec: FakeEnvironmentSpec, compare: Compare): { state: FakeVmState; result: VmPatchResult } {
  const fixes = patch.packages.filter((item) => item.ecosystem === spec.ecosystem);
  const changed: VmPatchResult['changed'] = [];
  const packages = vm.packages.map((installed) => {
    const fix = fixes.find((item) => item.name === installed.name);
    if (!fix || compare(spec.ecosystem, installed.version, fix.fixedVersion) >= 0) return installed;
    changed.push({ name: installed.name, before: installed.version, after: fix.fixedVersion });
    return { ...installed, version: fix.fixedVersion };
  });
  const changedNames = new Set(changed.map((item) => item.name));
  const rebooted = [...changedNames].some((name) => REBOOT_PACKAGES.test(name));
  const fired = (service: FakeServiceState) => spec.faults.filter((fault) => fault.service === service.name && firedBy(fault.package, fault.fromVersion, changed, spec.ecosystem, compare));
  const notBack = vm.services.filter((service) => fired(service).some((fault) => fault.effect === 'restart-fails')).map((service) => service.name);
  const restarted = vm.services
    .filter((service) => rebooted || service.packages.some((name) => changedNames.has(name)) || notBack.includes(service.name))
    .map((service) => service.name)
    .filter((name) => !notBack.includes(name));
  const services = vm.services.map((service) => {
    const faults = fired(service);
    return {
      ...service,
      running: service.running && !faults.some((fault) => fault.effect === 'service-down' || fault.effect === 'restart-fails'),
      corrupted: service.corrupted || faults.some((fault) => fault.effect === 'data-corruption'),
      slowdown: faults.filter((fault) => fault.effect === 'slowdown').reduce((factor, fault) => factor * (fault.factor ?? 2), service.slowdown),
    };
  });
  const failure = notBack.length > 0 ? restartFailure(notBack) : undefined;
  const log = [
    `# fake provider: simulated installation on ${vm.vmId}, no machine was touched`,
    ...changed.map((item) => `simulated: install ${item.name} ${item.before} -> ${item.after}`),
    ...(rebooted ? ['simulated: reboot'] : restarted.map((name) => `simulated: restart ${name}`)),
    ...notBack.map((name) => `simulated: restart ${name} failed: it did not come back`),
  ].join('\n');
  const result: VmPatchResult = failure
    ? { vmId: vm.vmId, status: 'failed', failure, changed, restarted, rebooted, log }
    : { vmId: vm.vmId, status: 'applied', changed, restarted, rebooted, log };
  return { state: { ...vm, packages, services }, result };
}

/** The evidence a real VM would give (exit status, log lines, the server's config check), marked as simulated. */
function restartFailure(services: string[]): ApplyFailure {
  const [service, ...others] = services;
  const also = others.length > 0 ? `; also did not come back: ${others.join(', ')}` : '';
  return {
    kind: 'service-restart',
    service,
    exitCode: 1,
    reason: `${service} did not come back after its restart (exit 1); simulated config check exits 1${also}`,
    logTail: `simulated: ${service} failed to start: the patched configuration is invalid`,
    configCheck: { command: `simulated config check of ${service}`, exitCode: 1, output: `simulated: ${service}: configuration test failed` },
  };
}

function firedBy(pkg: string, fromVersion: string, changed: VmPatchResult['changed'], ecosystem: string, compare: Compare): boolean {
  const change = changed.find((item) => item.name === pkg);
  return change !== undefined && compare(ecosystem, change.after, fromVersion) >= 0;
}
