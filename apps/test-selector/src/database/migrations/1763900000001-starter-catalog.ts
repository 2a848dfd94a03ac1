import { STARTER_CATALOG } from '@patchproof/test-selection';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { seedCatalog } from '../../seed/catalog-seed';

/**
 * Loads the starter catalog (seed/starter-catalog.ts). Inserts only what is missing, so it is safe
 * to repeat; later changes to the starter catalog ship as a new seed migration.
 */
export class StarterCatalog1763900000001 implements MigrationInterface {
  name = 'StarterCatalog1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await seedCatalog((sql, parameters) => queryRunner.query(sql, parameters), STARTER_CATALOG);
  }

  /** Removes the seed's entries; fails (rather than cascading) when operators' entries still use them. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const ids = (entries: Array<{ id: string }>) => entries.map((entry) => entry.id);
    await queryRunner.query('DELETE FROM test_selector.test_case WHERE id = ANY($1)', [ids(STARTER_CATALOG.tests)]);
    await queryRunner.query('DELETE FROM test_selector.software WHERE id = ANY($1)', [ids(STARTER_CATALOG.software)]);
    await queryRunner.query('DELETE FROM test_selector.software_group WHERE id = ANY($1)', [ids(STARTER_CATALOG.softwareGroups)]);
    await queryRunner.query('DELETE FROM test_selector.function_group WHERE id = ANY($1)', [ids(STARTER_CATALOG.functionGroups)]);
  }
}
