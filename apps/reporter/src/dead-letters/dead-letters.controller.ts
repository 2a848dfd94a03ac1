import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@patchproof/auth';
import { ListDeadLettersQuery } from './dto/list-dead-letters.query';
import { DeadLetterView, ListDeadLettersHandler } from './list-dead-letters.handler';

/** Operators only: dead letters carry raw message bodies of every tenant. */
@ApiTags('operations')
@Roles()
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly listDeadLetters: ListDeadLettersHandler) {}

  @Get()
  @ApiOperation({ summary: 'Messages parked in PATCHPROOF_DEADLETTER, newest first, with why' })
  list(@Query() query: ListDeadLettersQuery): Promise<DeadLetterView[]> {
    return this.listDeadLetters.execute(query);
  }
}
