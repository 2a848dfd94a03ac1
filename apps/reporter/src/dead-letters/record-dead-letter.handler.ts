import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterRecord } from './dead-letter.entity';
import { parseDeadLetter, ReceivedDeadLetter } from './dead-letter-parsing';

/** Use case: keep a dead letter for operators; a redelivered one (same stream sequence) is a no-op. */
@Injectable()
export class RecordDeadLetterHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(received: ReceivedDeadLetter): Promise<void> {
    await this.dataSource.createQueryBuilder().insert().into(DeadLetterRecord).values(parseDeadLetter(received)).orIgnore().execute();
  }
}
