import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CATALOG_ID, CATALOG_ID_MESSAGE } from '@patchproof/test-selection';
import { PageQueryDto } from '../../validation/page-query.dto';

export class SoftwareQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'postgresql' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `softwareGroupId ${CATALOG_ID_MESSAGE}` })
  softwareGroupId?: string;
}
