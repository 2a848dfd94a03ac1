import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, TestsPreparedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { ApplyPatchHandler } from './apply-patch.handler';

@Controller()
export class ApplicationMessageController {
  constructor(private readonly apply: ApplyPatchHandler) {}

  @OnEvent('patchproof.tests.prepared.v1')
  onTestsPrepared(@Payload() event: EventEnvelope<TestsPreparedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.apply.execute(event, context.inboxKey);
  }
}
