import { Module } from '@nestjs/common';
import { ExecutionsController } from './executions.controller';
import { GetExecutionHandler } from './get-execution.handler';

@Module({ controllers: [ExecutionsController], providers: [GetExecutionHandler] })
export class ExecutionsModule {}
