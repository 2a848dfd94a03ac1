import { ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType } from '@nestjs/swagger';
import { TEST_SITES, TEST_SUBJECTS, TEST_TIERS, TestSite, TestSubject, TestTier } from '@patchproof/contracts';
import { Type } from 'class-transformer';
import {
  IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { BASELINE_MEASURES, BaselineMeasure, CATALOG_ID, CATALOG_ID_MESSAGE, PerformanceBaseline, TestCondition } from '@patchproof/test-selection';
import { PageQueryDto } from '../../validation/page-query.dto';
import { IsParameterMap } from '../../validation/validators';
import {
  DefinitionType, HttpDefinitionDto, SqlDefinitionDto, SshDefinitionDto, TcpDefinitionDto, TestDefinitionDto,
} from './test-definition.dto';

const DEFINITION_SCHEMA = {
  oneOf: [SshDefinitionDto, HttpDefinitionDto, TcpDefinitionDto, SqlDefinitionDto].map((type) => ({ $ref: getSchemaPath(type) })),
  discriminator: { propertyName: 'kind' },
};

export class BaselineDto implements PerformanceBaseline {
  @ApiProperty({ enum: BASELINE_MEASURES, description: 'elapsed-ms: wall time of the definition; stdout-number: the number it prints' })
  @IsIn(BASELINE_MEASURES)
  measure!: BaselineMeasure;

  @ApiProperty({ example: 'ms' })
  @IsString()
  @Length(1, 32)
  unit!: string;

  @ApiProperty({ example: 3, description: 'Runs per measurement; the best (smallest) is compared' })
  @IsInt()
  @Min(1)
  @Max(20)
  samples!: number;
}

export class ConditionDto implements TestCondition {
  @ApiPropertyOptional({ example: 443, description: 'Selected only when the VM lists a service listening on this port' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  listeningPort?: number;
}

/** The fields of a test case that operators and tenants both write. */
export class TestBodyDto {
  @ApiProperty({ example: 'Table CRUD by SQL' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ enum: TEST_SUBJECTS })
  @IsIn(TEST_SUBJECTS)
  subject!: TestSubject;

  @ApiPropertyOptional({ enum: TEST_SITES, description: 'Follows from the definition (ssh: local, else remote); checked when given' })
  @IsOptional()
  @IsIn(TEST_SITES)
  site?: TestSite;

  @ApiProperty(DEFINITION_SCHEMA)
  @IsObject()
  @ValidateNested()
  @DefinitionType()
  definition!: TestDefinitionDto;

  @ApiPropertyOptional({ ...DEFINITION_SCHEMA, description: 'Run before the patch; required for data tests (seeds the data)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @DefinitionType()
  prepare?: TestDefinitionDto;

  @ApiPropertyOptional({ type: BaselineDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BaselineDto)
  baseline?: BaselineDto;

  @ApiPropertyOptional({ example: 1.5, description: 'Performance: largest allowed ratio after/before' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100)
  threshold?: number;

  @ApiPropertyOptional({ example: 60000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  timeoutMs?: number;

  @ApiPropertyOptional({ example: { database: 'patchproof_verify' }, description: 'Static {{placeholders}} beside the bound ones' })
  @IsOptional()
  @IsParameterMap()
  parameters?: Record<string, string>;

  @ApiPropertyOptional({ type: ConditionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConditionDto)
  condition?: ConditionDto;
}

const CATALOG_TIERS = TEST_TIERS.filter((tier) => tier !== 'tenant');

export class CreateCatalogTestDto extends TestBodyDto {
  @ApiPropertyOptional({ example: 'db-sql-crud', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `id ${CATALOG_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ enum: CATALOG_TIERS, description: 'Tenant tests are registered under /tenants/{tenantId}/tests' })
  @IsIn(CATALOG_TIERS, { message: `tier must be one of ${CATALOG_TIERS.join(', ')} (tenant tests are registered under /tenants/{tenantId}/tests)` })
  tier!: Exclude<TestTier, 'tenant'>;

  @ApiProperty({ example: 'db', description: 'The function group, software group or software (by tier)' })
  @Matches(CATALOG_ID, { message: `targetId ${CATALOG_ID_MESSAGE}` })
  targetId!: string;
}

/** An update writes the next version; the id comes from the path. */
export class UpdateCatalogTestDto extends OmitType(CreateCatalogTestDto, ['id'] as const) {}

export class TenantTestDto extends TestBodyDto {
  @ApiPropertyOptional({ example: 'web1', description: 'The VM (by name) the test is for; every VM of the tenant when omitted' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'vmName must be a VM name (letters, digits, ".", "_", "-")' })
  vmName?: string;
}

export class TestListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TEST_TIERS })
  @IsOptional()
  @IsIn(TEST_TIERS)
  tier?: TestTier;

  @ApiPropertyOptional({ enum: TEST_SUBJECTS })
  @IsOptional()
  @IsIn(TEST_SUBJECTS)
  subject?: TestSubject;

  @ApiPropertyOptional({ description: 'The function group, software group or software' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `targetId ${CATALOG_ID_MESSAGE}` })
  targetId?: string;
}
