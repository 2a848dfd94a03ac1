import { PatchSpec, VmPatchResult } from '@patchproof/contracts';
import { FakeEnvironmentSpec, FakeVmState } from './fake-cloud.types';

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
  const restarted = vm.services.filter((service) => rebooted || service.packages.some((name) => changedNames.has(name))).map((service) => service.name);
  const services = vm.services.map((service) => {
    const faults = spec.faults.filter((fault) => fault.service === service.name && firedBy(fault.package, fault.fromVersion, changed, spec.ecosystem, compare));
    return {
      ...service,
      running: service.running && !faults.some((fault) => fault.effect === 'service-down'),
      corrupted: service.corrupted || faults.some((fault) => fault.effect === 'data-corruption'),
      slowdown: faults.filter((fault) => fault.effect === 'slowdown').reduce((factor, fault) => factor * (fault.factor ?? 2), service.slowdown),
    };
  });
  const log = [
    `# fake provider: simulated installation on ${vm.vmId}, no machine was touched`,
    ...changed.map((item) => `simulated: install ${item.name} ${item.before} -> ${item.after}`),
    ...(rebooted ? ['simulated: reboot'] : restarted.map((name) => `simulated: restart ${name}`)),
  ].join('\n');
  return { state: { ...vm, packages, services }, result: { vmId: vm.vmId, changed, restarted, rebooted, log } };
}

function firedBy(pkg: string, fromVersion: string, changed: VmPatchResult['changed'], ecosystem: string, compare: Compare): boolean {
  const change = changed.find((item) => item.name === pkg);
  return change !== undefined && compare(ecosystem, change.after, fromVersion) >= 0;
}
