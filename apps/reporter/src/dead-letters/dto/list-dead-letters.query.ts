import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListDeadLettersQuery {
  @ApiPropertyOptional({ example: 'patchproof.tests.completed.v1', description: 'Only letters of messages that arrived on this subject' })
  @IsOptional()
  @Matches(/^patchproof(\.[a-z][a-z0-9-]*)+\.v[0-9]+$/, { message: 'subject must be a patchproof subject' })
  subject?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
