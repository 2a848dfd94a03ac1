import { ApiProperty } from '@nestjs/swagger';
import { InstalledPackage, ListeningService, OsInfo } from '@patchproof/contracts';

export class VmInventoryView {
  @ApiProperty({ example: 'fake-0b9d….db1' })
  vmId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { family: 'debian', name: 'Debian GNU/Linux', version: '12' } })
  os!: OsInfo;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ name: 'postgresql-15', version: '15.8-0+deb12u1' }] })
  packages!: InstalledPackage[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ name: 'postgresql', port: 5432 }] })
  services!: ListeningService[];

  @ApiProperty({ format: 'date-time' })
  collectedAt!: string;
}

export class RunInventoriesView {
  @ApiProperty({ format: 'uuid' })
  runId!: string;

  @ApiProperty({ type: [VmInventoryView] })
  inventories!: VmInventoryView[];
}
