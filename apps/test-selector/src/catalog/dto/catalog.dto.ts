import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength,
} from 'class-validator';
import { CATALOG_ID, CATALOG_ID_MESSAGE, OS_FAMILIES, PackagePatterns, SQL_ENGINES, SqlEngine } from '@patchproof/test-selection';
import { IsPackagePatterns, IsVersionRange } from '../../validation/validators';

export class CreateFunctionGroupDto {
  @ApiPropertyOptional({ example: 'db', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `id ${CATALOG_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'DB' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: 'Database servers' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class UpdateFunctionGroupDto extends OmitType(CreateFunctionGroupDto, ['id'] as const) {}

export class CreateSoftwareGroupDto {
  @ApiPropertyOptional({ example: 'postgresql', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `id ${CATALOG_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'PostgreSQL' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: ['db'], description: 'Function groups this software group serves (many-to-many)' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(CATALOG_ID, { each: true, message: `each functionGroupIds entry ${CATALOG_ID_MESSAGE}` })
  functionGroupIds!: string[];
}

export class UpdateSoftwareGroupDto extends OmitType(CreateSoftwareGroupDto, ['id'] as const) {}

export class CreateSoftwareDto {
  @ApiPropertyOptional({ example: 'postgresql-15', description: 'Generated when omitted' })
  @IsOptional()
  @Matches(CATALOG_ID, { message: `id ${CATALOG_ID_MESSAGE}` })
  id?: string;

  @ApiProperty({ example: 'PostgreSQL 15' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'PostgreSQL Global Development Group' })
  @IsString()
  @Length(1, 200)
  vendor!: string;

  @ApiProperty({ example: 'postgresql' })
  @Matches(CATALOG_ID, { message: `softwareGroupId ${CATALOG_ID_MESSAGE}` })
  softwareGroupId!: string;

  @ApiPropertyOptional({ example: '>=15 <16', description: 'Over the upstream version (no epoch, no distribution revision); "*" when omitted' })
  @IsOptional()
  @IsVersionRange()
  versionRange?: string;

  @ApiProperty({
    example: { debian: ['postgresql-15'], rhel: ['^postgresql15?-server$'] },
    description: `Per OS family (${OS_FAMILIES.join(', ')}): exact package names or ^...$ regular expressions`,
  })
  @IsObject()
  @IsPackagePatterns(OS_FAMILIES)
  packagePatterns!: PackagePatterns;

  @ApiPropertyOptional({ example: ['postgresql', 'postgres'], description: 'Names it runs or listens under (service unit, process)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9@._-]{0,99}$/, { each: true, message: 'each services entry must be a service name' })
  services?: string[];

  @ApiPropertyOptional({ enum: SQL_ENGINES, description: 'For database servers: bound into SQL tests that leave the engine open' })
  @IsOptional()
  @IsIn(SQL_ENGINES)
  sqlEngine?: SqlEngine;
}

export class UpdateSoftwareDto extends OmitType(CreateSoftwareDto, ['id'] as const) {}
