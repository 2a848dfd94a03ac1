import { MigrationInterface, QueryRunner } from 'typeorm';

/** Passed runs waiting for approval and a maintenance window before they are rolled out. */
export class RolloutCandidate1763900000002 implements MigrationInterface {
  name = 'RolloutCandidate1763900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE patch_applier.rollout_candidate (
      run_id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      run jsonb NOT NULL,
      origin jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('awaiting-approval', 'approved', 'rejected', 'completed')),
      decided_by text,
      decision_note text,
      decided_at timestamptz,
      not_before timestamptz,
      waiting_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // The scheduler's query: approved candidates due now.
    await queryRunner.query(`CREATE INDEX rollout_candidate_due ON patch_applier.rollout_candidate (not_before) WHERE state = 'approved'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE patch_applier.rollout_candidate');
  }
}
