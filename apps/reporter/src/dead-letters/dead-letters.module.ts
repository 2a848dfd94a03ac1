import { Module } from '@nestjs/common';
import { DeadLetterConsumer } from './dead-letter.consumer';
import { DeadLettersController } from './dead-letters.controller';
import { ListDeadLettersHandler } from './list-dead-letters.handler';
import { RecordDeadLetterHandler } from './record-dead-letter.handler';

@Module({ controllers: [DeadLettersController], providers: [RecordDeadLetterHandler, ListDeadLettersHandler, DeadLetterConsumer] })
export class DeadLettersModule {}
