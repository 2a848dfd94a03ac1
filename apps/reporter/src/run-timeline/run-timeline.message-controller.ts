import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EnvironmentReplicatedV1, EventEnvelope, InventoryCollectedV1, PatchAppliedV1, ReplicaReleasedV1, RolloutCompletedV1, RunFailedV1, RunQueuedV1,
  RunRequestedV1, TestsCompletedV1, TestsPreparedV1, TestsSelectedV1,
} from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { progressOf } from '../run-ledger/run-progress';
import { CompleteTestsHandler } from './complete-tests.handler';
import { RecordAftermathHandler } from './record-aftermath.handler';
import { RecordPreparationHandler } from './record-preparation.handler';
import { RecordProgressHandler } from './record-progress.handler';
import { RecordRunFailureHandler } from './record-run-failure.handler';

/** Every run event, one durable consumer each (NATS 2.9 allows one filter subject per consumer). */
@Controller()
export class RunTimelineMessageController {
  constructor(
    private readonly progress: RecordProgressHandler,
    private readonly preparation: RecordPreparationHandler,
    private readonly tests: CompleteTestsHandler,
    private readonly failure: RecordRunFailureHandler,
    private readonly aftermath: RecordAftermathHandler,
  ) {}

  @OnEvent('patchproof.run.queued.v1')
  onRunQueued(@Payload() event: EventEnvelope<RunQueuedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.queued(event.payload));
  }

  @OnEvent('patchproof.run.requested.v1')
  onRunRequested(@Payload() event: EventEnvelope<RunRequestedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.requested(event.payload));
  }

  @OnEvent('patchproof.environment.replicated.v1')
  onEnvironmentReplicated(@Payload() event: EventEnvelope<EnvironmentReplicatedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.replicated(event.payload));
  }

  @OnEvent('patchproof.inventory.collected.v1')
  onInventoryCollected(@Payload() event: EventEnvelope<InventoryCollectedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.inventoryCollected(event.payload));
  }

  @OnEvent('patchproof.tests.selected.v1')
  onTestsSelected(@Payload() event: EventEnvelope<TestsSelectedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.testsSelected(event.payload));
  }

  @OnEvent('patchproof.tests.prepared.v1')
  onTestsPrepared(@Payload() event: EventEnvelope<TestsPreparedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.preparation.execute(event, context.inboxKey);
  }

  @OnEvent('patchproof.patch.applied.v1')
  onPatchApplied(@Payload() event: EventEnvelope<PatchAppliedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.progress.execute(event, context.inboxKey, progressOf.patchApplied(event.payload));
  }

  @OnEvent('patchproof.tests.completed.v1')
  onTestsCompleted(@Payload() event: EventEnvelope<TestsCompletedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.tests.execute(event, context.inboxKey);
  }

  @OnEvent('patchproof.run.failed.v1')
  onRunFailed(@Payload() event: EventEnvelope<RunFailedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.failure.execute(event, context.inboxKey);
  }

  @OnEvent('patchproof.replica.released.v1')
  onReplicaReleased(@Payload() event: EventEnvelope<ReplicaReleasedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.aftermath.execute(event, context.inboxKey, progressOf.released(event.payload));
  }

  @OnEvent('patchproof.rollout.completed.v1')
  onRolloutCompleted(@Payload() event: EventEnvelope<RolloutCompletedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.aftermath.execute(event, context.inboxKey, progressOf.rolledOut(event.payload));
  }
}
