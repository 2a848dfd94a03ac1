import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, RunRequestedV1, VerificationCompletedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { ReleaseReplicaHandler } from './release-replica.handler';
import { ReplicateEnvironmentHandler } from './replicate-environment.handler';

@Controller()
export class ReplicationMessageController {
  constructor(private readonly replicate: ReplicateEnvironmentHandler, private readonly release: ReleaseReplicaHandler) {}

  @OnEvent('patchproof.run.requested.v1')
  onRunRequested(@Payload() event: EventEnvelope<RunRequestedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.replicate.execute(event, context.inboxKey);
  }

  @OnEvent('patchproof.verification.completed.v1')
  onVerificationCompleted(@Payload() event: EventEnvelope<VerificationCompletedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.release.execute(event, { inbox: context.inboxKey, deliveryCount: context.deliveryCount });
  }
}
