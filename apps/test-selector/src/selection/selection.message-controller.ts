import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, InventoryCollectedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { SelectTestsHandler } from './select-tests.handler';

@Controller()
export class SelectionMessageController {
  constructor(private readonly select: SelectTestsHandler) {}

  @OnEvent('patchproof.inventory.collected.v1')
  onInventoryCollected(@Payload() event: EventEnvelope<InventoryCollectedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.select.execute(event, context.inboxKey);
  }
}
