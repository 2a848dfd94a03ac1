import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min,
} from 'class-validator';
import {
  DEFINITION_KINDS, DefinitionKind, HTTP_VIA, HttpDefinition, HttpVia, SQL_ENGINES, SqlDefinition, SqlEngine, SqlValue, SshDefinition, TcpDefinition,
} from '@patchproof/test-selection';
import { IsRegExp, IsSqlRows } from '../../validation/validators';

const SERVICE = /^([A-Za-z0-9][A-Za-z0-9@._-]{0,99}|\{\{[A-Za-z][A-Za-z0-9]{0,63}\}\})$/;

/** The fields every definition has; `kind` picks the concrete class. */
export class DefinitionDto {
  @ApiProperty({ enum: DEFINITION_KINDS })
  @IsIn(DEFINITION_KINDS)
  kind!: DefinitionKind;

  @ApiPropertyOptional({ example: '{{service}}', description: 'The service the test exercises; {{service}} binds the installed software\'s service' })
  @IsOptional()
  @Matches(SERVICE, { message: 'service must be a service name or a {{placeholder}}' })
  service?: string;
}

export class SshDefinitionDto extends DefinitionDto implements SshDefinition {
  @ApiProperty({ enum: ['ssh'] })
  @IsIn(['ssh'])
  override kind = 'ssh' as const;

  @ApiProperty({ example: ['nginx', '-t'], description: 'argv run on the VM; strings may hold {{placeholders}}' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(8192, { each: true })
  command!: string[];

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(255)
  expectExit?: number;

  @ApiPropertyOptional({ example: '^active$' })
  @IsOptional()
  @IsRegExp()
  expectStdout?: string;
}

export class HttpDefinitionDto extends DefinitionDto implements HttpDefinition {
  @ApiProperty({ enum: ['http'] })
  @IsIn(['http'])
  override kind = 'http' as const;

  @ApiProperty({ example: '/' })
  @Matches(/^\/\S{0,1999}$/, { message: 'path must start with "/" and contain no spaces' })
  path!: string;

  @ApiPropertyOptional({ example: 80, description: 'Omitted: the bound service\'s port, or the load balancer\'s' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ enum: HTTP_VIA })
  @IsOptional()
  @IsIn(HTTP_VIA)
  via?: HttpVia;

  @ApiProperty({ example: 200 })
  @IsInt()
  @Min(100)
  @Max(599)
  expectStatus!: number;

  @ApiPropertyOptional({ example: 'Welcome' })
  @IsOptional()
  @IsRegExp()
  expectBody?: string;
}

export class TcpDefinitionDto extends DefinitionDto implements TcpDefinition {
  @ApiProperty({ enum: ['tcp'] })
  @IsIn(['tcp'])
  override kind = 'tcp' as const;

  @ApiPropertyOptional({ example: 443, description: 'Omitted: the bound service\'s listening port' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;
}

export class SqlDefinitionDto extends DefinitionDto implements SqlDefinition {
  @ApiProperty({ enum: ['sql'] })
  @IsIn(['sql'])
  override kind = 'sql' as const;

  @ApiPropertyOptional({ enum: SQL_ENGINES, description: 'Omitted: the installed software\'s engine' })
  @IsOptional()
  @IsIn(SQL_ENGINES)
  engine?: SqlEngine;

  @ApiProperty({ example: ['SELECT 1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100_000, { each: true })
  statements!: string[];

  @ApiPropertyOptional({ example: [[1]], description: 'The rows of the last statement that returned rows' })
  @IsOptional()
  @IsSqlRows()
  expectRows?: SqlValue[][];
}

export const DEFINITION_SUBTYPES = [
  { value: SshDefinitionDto, name: 'ssh' },
  { value: HttpDefinitionDto, name: 'http' },
  { value: TcpDefinitionDto, name: 'tcp' },
  { value: SqlDefinitionDto, name: 'sql' },
];

export type TestDefinitionDto = SshDefinitionDto | HttpDefinitionDto | TcpDefinitionDto | SqlDefinitionDto;

/** class-transformer picks the concrete class by `kind`; an unknown kind stays a DefinitionDto and fails on `kind`. */
export const DefinitionType = (): PropertyDecorator =>
  Type(() => DefinitionDto, { discriminator: { property: 'kind', subTypes: DEFINITION_SUBTYPES }, keepDiscriminatorProperty: true });
