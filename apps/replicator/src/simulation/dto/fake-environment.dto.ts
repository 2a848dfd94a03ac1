import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InstalledPackage, OS_FAMILIES, OsFamily } from '@patchproof/contracts';
import { FAKE_FAULT_EFFECTS, FAKE_OPERATIONS, FakeEnvironmentSpec, FakeFaultEffect, FakeOperation, PARTIAL_FAILURE_OPERATIONS, PartialFailureOperation } from '@patchproof/fake-cloud';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';

class FakeOsDto {
  @ApiProperty({ enum: OS_FAMILIES }) @IsIn(OS_FAMILIES) family!: OsFamily;
  @ApiProperty({ example: 'Debian GNU/Linux' }) @IsString() @MaxLength(100) name!: string;
  @ApiProperty({ example: '12' }) @IsString() @MaxLength(100) version!: string;
}

class FakePackageDto implements InstalledPackage {
  @ApiProperty({ example: 'postgresql-15' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ example: '15.8-0+deb12u1' }) @IsString() @MaxLength(100) version!: string;
  @ApiPropertyOptional({ example: 'amd64' }) @IsOptional() @IsString() @MaxLength(32) arch?: string;
}

class FakeServiceDto {
  @ApiProperty({ example: 'postgresql' }) @IsString() @MaxLength(100) name!: string;
  @ApiPropertyOptional({ example: 5432 }) @IsOptional() @IsInt() @Min(1) @Max(65535) port?: number;
  @ApiProperty({ description: 'Packages whose change restarts this service', example: ['postgresql-15'] })
  @IsArray() @IsString({ each: true }) packages!: string[];
}

class FakeVmDto {
  @ApiProperty({ example: 'db1' }) @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'name must be 1-63 lowercase letters, digits or "-"' }) name!: string;
  @ApiProperty() @ValidateNested() @Type(() => FakeOsDto) os!: FakeOsDto;
  @ApiProperty({ type: [FakePackageDto] }) @IsArray() @ArrayMaxSize(20000) @ValidateNested({ each: true }) @Type(() => FakePackageDto) packages!: FakePackageDto[];
  @ApiProperty({ type: [FakeServiceDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => FakeServiceDto) services!: FakeServiceDto[];
}

class FakeFaultDto {
  @ApiProperty({ example: 'postgresql-15' }) @IsString() package!: string;
  @ApiProperty({ example: '15.9-0+deb12u1' }) @IsString() fromVersion!: string;
  @ApiProperty({ enum: FAKE_FAULT_EFFECTS, description: 'restart-fails: the service does not come back after the patch restarts it (the VM is reported failed with simulated evidence)' })
  @IsIn(FAKE_FAULT_EFFECTS) effect!: FakeFaultEffect;
  @ApiProperty({ example: 'postgresql' }) @IsString() service!: string;
  @ApiPropertyOptional({ example: 3 }) @IsOptional() @IsNumber() @Min(1) factor?: number;
}

/** A simulated tenant environment for the `fake` provider. */
export class FakeEnvironmentDto implements FakeEnvironmentSpec {
  @ApiProperty({ example: 'acme-prod' }) @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be 1-63 lowercase letters, digits or "-"' }) id!: string;
  @ApiProperty({ example: 42 }) @IsInt() @Min(0) seed!: number;
  @ApiProperty({ example: 'Debian:12' }) @IsString() @MaxLength(100) ecosystem!: string;
  @ApiProperty({ type: [FakeVmDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => FakeVmDto) vms!: FakeVmDto[];
  @ApiProperty({ description: `Simulated latency per operation (${FAKE_OPERATIONS.join(', ')}), ms` }) @IsObject() @Type(() => Object) latencyMs!: Partial<Record<FakeOperation, number>>;
  @ApiProperty({ description: 'Simulated failure probability per operation, 0..1' }) @IsObject() @Type(() => Object) failureRate!: Partial<Record<FakeOperation, number>>;
  @ApiPropertyOptional({ description: `Simulated probability per operation (${PARTIAL_FAILURE_OPERATIONS.join(', ')}) of failing half-way: replicate creates half the VMs, then fails`, example: { replicate: 0.1 } })
  @IsOptional() @IsObject() @Type(() => Object) partialFailureRate?: Partial<Record<PartialFailureOperation, number>>;
  @ApiProperty({ type: [FakeFaultDto] }) @IsArray() @ValidateNested({ each: true }) @Type(() => FakeFaultDto) faults!: FakeFaultDto[];
}
