import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, VerificationCompletedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { RecordCandidateHandler } from './record-candidate.handler';

@Controller()
export class RolloutMessageController {
  constructor(private readonly candidates: RecordCandidateHandler) {}

  @OnEvent('patchproof.verification.completed.v1')
  onVerificationCompleted(@Payload() event: EventEnvelope<VerificationCompletedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.candidates.execute(event, context.inboxKey);
  }
}
