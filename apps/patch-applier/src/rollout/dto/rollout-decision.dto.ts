import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RolloutDecisionDto {
  @ApiPropertyOptional({ example: 'approved for tonight\'s window', description: 'Why; kept with the decision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
