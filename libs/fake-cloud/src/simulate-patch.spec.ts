import { PatchSpec } from '@patchproof/contracts';
import { compareVersions } from '@patchproof/versioning';
import { FakeEnvironmentSpec, FakeFault, FakeVmState } from './fake-cloud.types';
import { simulatePatch } from './simulate-patch';

const PATCH: PatchSpec = {
  id: 'PP-SIM-1', title: 'openssl', severity: 'high', source: 'native', advisoryIds: [], publishedAt: '2026-01-01T00:00:00.000Z',
  packages: [{ ecosystem: 'Debian:12', name: 'libssl3', fixedVersion: '3.0.15-1~deb12u1' }],
};

const vm: FakeVmState = {
  vmId: 'r.web1', environmentId: 'e', replicaId: 'r', name: 'web1', os: { family: 'debian', name: 'Debian', version: '12' },
  packages: [{ name: 'libssl3', version: '3.0.14-1~deb12u1' }, { name: 'nginx', version: '1.22.1-9' }],
  services: [
    { name: 'nginx', packages: ['nginx', 'libssl3'], running: true, corrupted: false, slowdown: 1 },
    { name: 'ssh', packages: ['openssh-server', 'libssl3'], running: true, corrupted: false, slowdown: 1 },
  ],
  data: {}, baselines: {},
};

const spec = (faults: FakeFault[]): FakeEnvironmentSpec => ({ id: 'e', seed: 1, ecosystem: 'Debian:12', vms: [], latencyMs: {}, failureRate: {}, faults });

describe('simulatePatch', () => {
  it('reports every VM applied when no fault fires', () => {
    const { result } = simulatePatch(vm, PATCH, spec([]), compareVersions);
    expect(result).toMatchObject({ status: 'applied', restarted: ['nginx', 'ssh'], changed: [{ name: 'libssl3', after: '3.0.15-1~deb12u1' }] });
    expect(result.failure).toBeUndefined();
  });

  it('restart-fails: the VM is failed with (simulated) evidence naming the service, which is down for the tests', () => {
    const fault: FakeFault = { package: 'libssl3', fromVersion: '3.0.15-1~deb12u1', effect: 'restart-fails', service: 'nginx' };
    const { state, result } = simulatePatch(vm, PATCH, spec([fault]), compareVersions);
    expect(result).toMatchObject({
      status: 'failed', restarted: ['ssh'],
      failure: { kind: 'service-restart', service: 'nginx', exitCode: 1, reason: 'nginx did not come back after its restart (exit 1); simulated config check exits 1' },
    });
    expect(result.failure?.configCheck?.output).toMatch(/^simulated: /);
    expect(result.log).toContain('simulated: restart nginx failed: it did not come back');
    expect(state.services.map((service) => [service.name, service.running])).toEqual([['nginx', false], ['ssh', true]]);
  });

  it('does not fire below fromVersion; service-down stays silent at apply (only tests see it)', () => {
    const later: FakeFault = { package: 'libssl3', fromVersion: '3.0.16', effect: 'restart-fails', service: 'nginx' };
    expect(simulatePatch(vm, PATCH, spec([later]), compareVersions).result.status).toBe('applied');
    const silent: FakeFault = { ...later, fromVersion: '3.0.15-1~deb12u1', effect: 'service-down' };
    const { state, result } = simulatePatch(vm, PATCH, spec([silent]), compareVersions);
    expect(result.status).toBe('applied');
    expect(state.services[0].running).toBe(false);
  });
});
