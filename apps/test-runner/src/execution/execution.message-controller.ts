import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventEnvelope, PatchAppliedV1, TestsSelectedV1 } from '@patchproof/contracts';
import { JetStreamContext, OnEvent } from '@patchproof/messaging';
import { PrepareTestsHandler } from './prepare-tests.handler';
import { RunTestsHandler } from './run-tests.handler';

@Controller()
export class ExecutionMessageController {
  constructor(private readonly prepare: PrepareTestsHandler, private readonly runTests: RunTestsHandler) {}

  @OnEvent('patchproof.tests.selected.v1')
  onTestsSelected(@Payload() event: EventEnvelope<TestsSelectedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.prepare.execute(event, context.inboxKey);
  }

  @OnEvent('patchproof.patch.applied.v1')
  onPatchApplied(@Payload() event: EventEnvelope<PatchAppliedV1>, @Ctx() context: JetStreamContext): Promise<void> {
    return this.runTests.execute(event, context.inboxKey);
  }
}
