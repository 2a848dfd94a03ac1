import { Module } from '@nestjs/common';
import { DriversModule } from '../drivers/drivers.module';
import { ExecutionMessageController } from './execution.message-controller';
import { PrepareTestsHandler } from './prepare-tests.handler';
import { RunTestsHandler } from './run-tests.handler';
import { TestExecutionService } from './test-execution.service';

@Module({
  imports: [DriversModule],
  controllers: [ExecutionMessageController],
  providers: [TestExecutionService, PrepareTestsHandler, RunTestsHandler],
})
export class ExecutionModule {}
