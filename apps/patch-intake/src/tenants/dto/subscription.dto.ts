import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SubscribeDto {
  @ApiProperty({ example: 'Debian:12', description: 'An OSV ecosystem, as in the patches\' packages' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  ecosystem!: string;

  @ApiPropertyOptional({ example: ['openssl', 'postgresql-15'], description: 'Only patches touching one of these packages; omit for all' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9+._~:-]{0,199}$/, { each: true, message: 'each value in packages must be a package name' })
  packages?: string[];
}

export class SubscriptionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'acme' })
  tenantId!: string;

  @ApiProperty({ example: 'Debian:12' })
  ecosystem!: string;

  @ApiPropertyOptional({ type: [String], example: ['openssl'] })
  packages?: string[];

  @ApiProperty()
  createdAt!: string;
}
