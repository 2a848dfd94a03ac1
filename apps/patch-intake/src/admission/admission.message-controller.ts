import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, ReplicaReleasedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { ReleaseRunHandler } from './release-run.handler';

@Controller()
export class AdmissionMessageController {
  constructor(private readonly release: ReleaseRunHandler) {}

  @OnEvent('patchproof.replica.released.v1')
  onReplicaReleased(@Payload() event: EventEnvelope<ReplicaReleasedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.release.execute(event, context.inboxKey);
  }
}
