import { Injectable, Logger } from '@nestjs/common';
import { causedBy, EventEnvelope, InventoryCollectedV1 } from '@patchproof/contracts';
import { InboxKey, UnitOfWork } from '@patchproof/messaging';
import { SelectionResult, selectTests } from '@patchproof/test-selection';
import { TestSelectorConfig } from '../test-selector.config';
import { CatalogCache } from './catalog-cache';
import { upsertSelection } from './selection-record.entity';

const MAX_TESTS = 20_000; // TestsSelectedV1.tests allows no more
const ENVELOPE_OVERHEAD = 2048;

/**
 * Use case: when a replica's inventory is in, select the tests for each VM, record the selection
 * and announce it; a selection that selects nothing (or cannot be sent) fails the run at `select`.
 */
@Injectable()
export class SelectTestsHandler {
  private readonly logger = new Logger(SelectTestsHandler.name);

  constructor(private readonly catalog: CatalogCache, private readonly unitOfWork: UnitOfWork, private readonly config: TestSelectorConfig) {}

  async execute(event: EventEnvelope<InventoryCollectedV1>, inbox: InboxKey): Promise<void> {
    const { run, replica, inventories } = event.payload;
    const index = await this.catalog.current();
    const result = selectTests(index, { runId: run.runId, tenantId: run.tenant.id, credentialsRef: run.tenant.credentialsRef, replica, inventories });
    const failure = this.problem(result, Buffer.byteLength(JSON.stringify({ run, replica, ...result })));
    await this.unitOfWork.run(inbox, async (tx) => {
      await upsertSelection(tx.manager, {
        runId: run.runId, tenantId: run.tenant.id, replicaId: replica.replicaId, catalogVersion: index.version,
        outcome: failure ? 'failed' : 'selected', failureReason: failure ?? null, tests: result.tests, unknownSoftware: result.unknownSoftware,
      });
      if (failure) tx.emit('patchproof.run.failed.v1', { run, replica, step: 'select', reason: failure }, causedBy(event));
      else tx.emit('patchproof.tests.selected.v1', { run, replica, ...result }, causedBy(event));
    });
    this.logger.log(`run ${run.runId}: ${failure ?? `${result.tests.length} tests for ${inventories.length} VMs`} (catalog version ${index.version})`);
  }

  private problem(result: SelectionResult, payloadBytes: number): string | undefined {
    if (result.tests.length === 0) {
      const unknown = result.unknownSoftware.filter((vm) => vm.packages.length > 0).map((vm) => `${vm.vmId}: ${vm.packages.join(', ')}`).join('; ');
      return `no test case applies to any VM of the replica${unknown ? ` (unknown software: ${unknown})` : ''}`.slice(0, 2000);
    }
    if (result.tests.length > MAX_TESTS) return `${result.tests.length} tests selected, more than the ${MAX_TESTS} one event may carry`;
    if (payloadBytes + ENVELOPE_OVERHEAD > this.config.SELECTION_MAX_EVENT_BYTES) {
      return `the selection (${result.tests.length} tests) is ${payloadBytes} bytes, over SELECTION_MAX_EVENT_BYTES=${this.config.SELECTION_MAX_EVENT_BYTES}`;
    }
    return undefined;
  }
}
