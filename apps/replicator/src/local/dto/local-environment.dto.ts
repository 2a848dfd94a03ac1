import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateLocalEnvironmentDto {
  @ApiProperty({ example: 'acme-prod', description: "The environment id: the tenant's environmentRef for provider `local`" })
  @Matches(/^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/, { message: 'id must be 1-40 lowercase letters, digits or "-", starting with a letter and not ending with "-"' })
  id!: string;

  @ApiProperty({ example: 'pattern-a', description: "'pattern-a', 'pattern-b', or a HOT-like template as YAML text (libs/local-vm/README.md)" })
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  template!: string;
}

export class LocalPackageView {
  @ApiProperty({ example: 'postgresql-15' }) name!: string;
  @ApiProperty({ example: '15.8-0+deb12u1' }) version!: string;
}

export class LocalVmView {
  @ApiProperty({ example: 'acme-prod.pg.1a2b3c4d' }) vmId!: string;
  @ApiProperty({ example: 'pg' }) name!: string;
  @ApiProperty({ enum: ['server', 'loadbalancer'] }) role!: 'server' | 'loadbalancer';
  @ApiProperty({ example: '198.18.0.10' }) address!: string;
  @ApiPropertyOptional({ type: [LocalPackageView], description: 'Installed packages (GET only)' }) packages?: LocalPackageView[];
}

export class LocalEnvironmentView {
  @ApiProperty({ example: 'acme-prod' }) id!: string;
  @ApiProperty({ example: 'local-acme-prod', description: "The vault reference of the tenant's SSH login: the tenant's credentialsRef" })
  credentialsRef!: string;
  @ApiProperty({ type: [LocalVmView] }) vms!: LocalVmView[];
  @ApiPropertyOptional({ type: [Object], description: 'Load balancers (address and listener port)' }) loadBalancers?: Array<{ name: string; address: string; port: number }>;
}
