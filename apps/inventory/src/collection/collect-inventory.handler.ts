import { Inject, Injectable, Logger } from '@nestjs/common';
import { causedBy, EnvironmentReplicatedV1, EventEnvelope, ReplicaSpec, RunContext, VmInventory } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { InventoryCollector, ProviderRegistry } from '@patchproof/vm-access';
import { errorMessage } from '@patchproof/vm-access';
import { mapSettled } from '@patchproof/vm-access';
import { INVENTORY_COLLECTORS } from '../drivers/drivers.module';
import { replicaVmTarget } from '@patchproof/vm-access';
import { InventoryConfig } from '../inventory.config';
import { VmInventoryRecord } from './vm-inventory.entity';

interface Collected {
  inventories: VmInventory[];
  /** One line per VM that could not be inventoried, naming it and why. */
  failures: string[];
}

/** RunFailed reasons end up in a report's FailureInfo (at most 4000 characters). */
const MAX_REASON = 4000;

/** Use case: inventory every VM of a new replica, then announce the inventories (or the VMs that failed). */
@Injectable()
export class CollectInventoryHandler {
  private readonly logger = new Logger(CollectInventoryHandler.name);

  constructor(
    @Inject(INVENTORY_COLLECTORS) private readonly collectors: ProviderRegistry<InventoryCollector>,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: InventoryConfig,
  ) {}

  async execute(event: EventEnvelope<EnvironmentReplicatedV1>, inbox: InboxKey): Promise<void> {
    const { run, replica } = event.payload;
    const { inventories, failures } = await this.collectAll(run, replica);
    if (failures.length > 0) {
      const reason = `could not inventory ${failures.join('; ')}`.slice(0, MAX_REASON);
      this.logger.warn(`run ${run.runId}: ${reason}`);
      await this.unitOfWork.run(inbox, async (tx) => void tx.emit('patchproof.run.failed.v1', { run, replica, step: 'inventory', reason }, causedBy(event)));
      return;
    }
    await this.unitOfWork.run(inbox, async (tx) => {
      const rows = inventories.map(({ vmId, os, packages, services }) => ({ runId: run.runId, vmId, os, packages, services }));
      if (rows.length > 0) await tx.manager.createQueryBuilder().insert().into(VmInventoryRecord).values(rows).orIgnore().execute();
      tx.emit('patchproof.inventory.collected.v1', { run, replica, inventories }, causedBy(event));
    });
  }

  private async collectAll(run: RunContext, replica: ReplicaSpec): Promise<Collected> {
    const key = { runId: run.runId, step: 'inventory' };
    const settled = await mapSettled(replica.vms, this.config.INVENTORY_CONCURRENCY, (vm) =>
      this.collectors.get(run.tenant.provider).collect(replicaVmTarget(run, replica, vm), key),
    );
    const collected: Collected = { inventories: [], failures: [] };
    settled.forEach((result, index) => {
      const vm = replica.vms[index];
      if (result.status === 'fulfilled') collected.inventories.push({ ...result.value, vmId: vm.vmId });
      else collected.failures.push(`VM ${vm.name} (${vm.vmId}): ${errorMessage(result.reason)}`);
    });
    return collected;
  }
}
