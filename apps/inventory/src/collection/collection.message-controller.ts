import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EnvironmentReplicatedV1, EventEnvelope } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { CollectInventoryHandler } from './collect-inventory.handler';

@Controller()
export class CollectionMessageController {
  constructor(private readonly collect: CollectInventoryHandler) {}

  @OnEvent('patchproof.environment.replicated.v1')
  onEnvironmentReplicated(@Payload() event: EventEnvelope<EnvironmentReplicatedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.collect.execute(event, context.inboxKey);
  }
}
