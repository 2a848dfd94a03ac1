import { InstalledPackage, ListeningService, OsInfo } from '@patchproof/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** What one VM of a run's replica had installed and running when it was inventoried. */
@Entity('vm_inventory')
export class VmInventoryRecord {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ name: 'vm_id', type: 'text' })
  vmId!: string;

  @Column({ type: 'jsonb' })
  os!: OsInfo;

  @Column({ type: 'jsonb' })
  packages!: InstalledPackage[];

  @Column({ type: 'jsonb' })
  services!: ListeningService[];

  @CreateDateColumn({ name: 'collected_at', type: 'timestamptz' })
  collectedAt!: Date;
}
