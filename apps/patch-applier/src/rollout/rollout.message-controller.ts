import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, VerificationCompletedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { RollOutPatchHandler } from './roll-out-patch.handler';

@Controller()
export class RolloutMessageController {
  constructor(private readonly rollOut: RollOutPatchHandler) {}

  @OnEvent('patchproof.verification.completed.v1')
  onVerificationCompleted(@Payload() event: EventEnvelope<VerificationCompletedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.rollOut.execute(event, context.inboxKey);
  }
}
