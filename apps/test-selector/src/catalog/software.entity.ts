import { PackagePatterns, SqlEngine } from '@patchproof/test-selection';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One software (a version range of a product), recognised in inventories by package patterns. */
@Entity('software')
export class SoftwareEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'software_group_id', type: 'text' })
  softwareGroupId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  vendor!: string;

  @Column({ name: 'version_range', type: 'text' })
  versionRange!: string;

  @Column({ name: 'package_patterns', type: 'jsonb' })
  packagePatterns!: PackagePatterns;

  @Column({ type: 'jsonb' })
  services!: string[];

  @Column({ name: 'sql_engine', type: 'text', nullable: true })
  sqlEngine!: SqlEngine | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
