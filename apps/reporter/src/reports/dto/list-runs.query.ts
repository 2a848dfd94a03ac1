import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RUN_STATUSES, RunStatus } from '../../run-ledger/run.entity';

export const PATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class ListRunsQuery {
  @ApiPropertyOptional({ example: 'DSA-5001-1' })
  @IsOptional()
  @Matches(PATCH_ID, { message: 'patchId must be a patch id' })
  patchId?: string;

  @ApiPropertyOptional({ example: 'acme', description: 'Ignored for role tenant, which only ever sees its own tenant' })
  @IsOptional()
  @Matches(TENANT_ID, { message: 'tenantId must be a tenant id' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The filter of GET /runs/summary: the same runs GET /runs lists for the same patchId and tenantId, all of them (no limit). */
export class RunSummaryQuery {
  @ApiPropertyOptional({ example: 'DSA-5001-1' })
  @IsOptional()
  @Matches(PATCH_ID, { message: 'patchId must be a patch id' })
  patchId?: string;

  @ApiPropertyOptional({ example: 'acme', description: 'Role tenant may only name its own tenant (403 otherwise) and is always limited to it' })
  @IsOptional()
  @Matches(TENANT_ID, { message: 'tenantId must be a tenant id' })
  tenantId?: string;
}
