import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A declared patch file that was uploaded (its content is in the artifact store under its SHA-256). */
@Entity('patch_artifact')
export class PatchArtifactRecord {
  @PrimaryColumn({ name: 'patch_id', type: 'text' })
  patchId!: string;

  @PrimaryColumn({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ name: 'stored_at', type: 'timestamptz', default: () => 'now()' })
  storedAt!: Date;
}
