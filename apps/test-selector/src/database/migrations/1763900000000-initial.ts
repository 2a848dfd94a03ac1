import { createMessagingTables } from '@patchproof/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const CATALOG_TABLES = ['function_group', 'software_group', 'software_group_function_group', 'software', 'test_case', 'test_case_version'];

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'test_selector');
    await this.createSoftwareRelation(queryRunner);
    await this.createTestCases(queryRunner);
    await this.createCatalogVersionCounter(queryRunner);
    await queryRunner.query(`CREATE TABLE test_selector.selection (
      run_id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      replica_id text NOT NULL,
      catalog_version bigint NOT NULL,
      outcome text NOT NULL,
      failure_reason text NULL,
      tests jsonb NOT NULL,
      unknown_software jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE INDEX selection_by_tenant ON test_selector.selection (tenant_id)');
  }

  private async createSoftwareRelation(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE test_selector.function_group (
      id text PRIMARY KEY,
      name text NOT NULL UNIQUE,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE test_selector.software_group (
      id text PRIMARY KEY,
      name text NOT NULL UNIQUE,
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE test_selector.software_group_function_group (
      software_group_id text NOT NULL REFERENCES test_selector.software_group (id) ON DELETE CASCADE,
      function_group_id text NOT NULL REFERENCES test_selector.function_group (id) ON DELETE RESTRICT,
      PRIMARY KEY (software_group_id, function_group_id))`);
    await queryRunner.query('CREATE INDEX software_group_link_by_function_group ON test_selector.software_group_function_group (function_group_id)');
    await queryRunner.query(`CREATE TABLE test_selector.software (
      id text PRIMARY KEY,
      software_group_id text NOT NULL REFERENCES test_selector.software_group (id) ON DELETE RESTRICT,
      name text NOT NULL,
      vendor text NOT NULL,
      version_range text NOT NULL DEFAULT '*',
      package_patterns jsonb NOT NULL,
      services jsonb NOT NULL DEFAULT '[]',
      sql_engine text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE INDEX software_by_group ON test_selector.software (software_group_id)');
  }

  private async createTestCases(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE test_selector.test_case (
      id text PRIMARY KEY,
      tenant_id text NULL,
      latest_version integer NOT NULL,
      deleted_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query('CREATE INDEX test_case_by_tenant ON test_selector.test_case (tenant_id) WHERE tenant_id IS NOT NULL');
    // Versions are never updated or deleted: a run's selection names the exact version it ran.
    await queryRunner.query(`CREATE TABLE test_selector.test_case_version (
      test_id text NOT NULL REFERENCES test_selector.test_case (id) ON DELETE CASCADE,
      version integer NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      tier text NOT NULL,
      target_id text NULL,
      tenant_id text NULL,
      vm_name text NULL,
      subject text NOT NULL,
      site text NOT NULL,
      definition jsonb NOT NULL,
      prepare jsonb NULL,
      baseline jsonb NULL,
      threshold double precision NULL,
      timeout_ms integer NOT NULL,
      parameters jsonb NOT NULL DEFAULT '{}',
      condition jsonb NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (test_id, version),
      CHECK ((tier = 'tenant') = (tenant_id IS NOT NULL)),
      CHECK ((tier = 'tenant') = (target_id IS NULL)))`);
    await queryRunner.query('CREATE INDEX test_case_version_by_target ON test_selector.test_case_version (target_id)');
  }

  /**
   * Every statement that changes the catalog bumps one counter in the same transaction, so each
   * process's in-memory index knows with one cheap read whether it must reload.
   */
  private async createCatalogVersionCounter(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE test_selector.catalog_state (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)');
    await queryRunner.query('INSERT INTO test_selector.catalog_state (id, version) VALUES (1, 0)');
    await queryRunner.query(`CREATE FUNCTION test_selector.bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE test_selector.catalog_state SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of CATALOG_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE ON test_selector.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION test_selector.bump_catalog_version()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['selection', 'test_case_version', 'test_case', 'software', 'software_group_function_group', 'software_group', 'function_group', 'catalog_state']) {
      await queryRunner.query(`DROP TABLE test_selector.${table}`);
    }
    await queryRunner.query('DROP FUNCTION test_selector.bump_catalog_version()');
    await queryRunner.query('DROP TABLE test_selector.inbox');
    await queryRunner.query('DROP TABLE test_selector.outbox');
  }
}
