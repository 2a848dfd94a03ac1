import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterRecord } from './dead-letter.entity';
import { ListDeadLettersQuery } from './dto/list-dead-letters.query';

export interface DeadLetterView {
  streamSeq: number;
  /** The subject the message arrived on. */
  subject: string | null;
  consumer: string | null;
  reason: string | null;
  errors: string[];
  deliveryCount: number | null;
  body: string;
  originalSeq: number | null;
  deadAt: string | null;
  receivedAt: string;
}

/** Use case: the newest dead letters, for operators. */
@Injectable()
export class ListDeadLettersHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(query: ListDeadLettersQuery): Promise<DeadLetterView[]> {
    const letters = await this.dataSource.getRepository(DeadLetterRecord).find({
      where: query.subject ? { originalSubject: query.subject } : {},
      order: { streamSeq: 'DESC' },
      take: query.limit ?? 100,
    });
    return letters.map((letter) => ({
      streamSeq: Number(letter.streamSeq),
      subject: letter.originalSubject,
      consumer: letter.consumer,
      reason: letter.reason,
      errors: letter.errors,
      deliveryCount: letter.deliveryCount,
      body: letter.body,
      originalSeq: letter.originalSeq === null ? null : Number(letter.originalSeq),
      deadAt: letter.deadAt?.toISOString() ?? null,
      receivedAt: letter.receivedAt.toISOString(),
    }));
  }
}
