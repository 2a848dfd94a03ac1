import { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded patch files; runs of a patch are admitted only once every file it declares is here. */
export class PatchArtifact1763900000001 implements MigrationInterface {
  name = 'PatchArtifact1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE patch_intake.patch_artifact (
      patch_id text NOT NULL REFERENCES patch_intake.patch (id),
      file_name text NOT NULL,
      sha256 text NOT NULL,
      size_bytes bigint NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (patch_id, file_name))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patch_intake.patch_artifact');
  }
}
