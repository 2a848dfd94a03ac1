import { PatchSpec, SelectedTest, TestResult, VmInventory, VmPatchResult } from '@patchproof/contracts';
import { InventoryCollector, OperationKey, PatchInstaller, TestExecutor, TestPhase, VmTarget } from '@patchproof/vm-access';
import { FakeCloud } from './fake-cloud';

/** VM access for the `fake` provider: every call is answered by the simulation. */
export class FakeVmAccess implements InventoryCollector, PatchInstaller, TestExecutor {
  constructor(private readonly cloud: FakeCloud) {}

  collect(vm: VmTarget, key: OperationKey): Promise<VmInventory> {
    return this.cloud.inventory(environmentOf(vm), vm.vmId, key);
  }

  apply(vm: VmTarget, patch: PatchSpec, key: OperationKey): Promise<VmPatchResult> {
    return this.cloud.applyPatch(environmentOf(vm), vm.vmId, patch, key);
  }

  run(vm: VmTarget, test: SelectedTest, phase: TestPhase, key: OperationKey): Promise<TestResult> {
    return this.cloud.runTest(environmentOf(vm), vm.vmId, test, phase, key);
  }
}

function environmentOf(vm: VmTarget): string {
  return vm.environmentRef;
}
