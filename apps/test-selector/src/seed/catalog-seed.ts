import { CatalogSeed, seedVersion, SoftwareRecord, TestCaseVersionRecord } from '@patchproof/test-selection';

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Inserts what is missing and leaves everything present alone (operators may have edited it), so it
 * can run any number of times. Links and software are inserted only when what they point at exists.
 */
export async function seedCatalog(query: Query, seed: CatalogSeed): Promise<void> {
  for (const group of seed.functionGroups) {
    await query('INSERT INTO test_selector.function_group (id, name, description) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [group.id, group.name, group.description]);
  }
  for (const group of seed.softwareGroups) {
    await query('INSERT INTO test_selector.software_group (id, name, description) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [group.id, group.name, group.description]);
    for (const functionGroupId of group.functionGroupIds) {
      await query(
        `INSERT INTO test_selector.software_group_function_group (software_group_id, function_group_id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM test_selector.software_group WHERE id = $1)
           AND EXISTS (SELECT 1 FROM test_selector.function_group WHERE id = $2) ON CONFLICT DO NOTHING`,
        [group.id, functionGroupId],
      );
    }
  }
  for (const software of seed.software) await insertSoftware(query, software);
  for (const test of seed.tests) await insertTest(query, seedVersion(test));
}

async function insertSoftware(query: Query, software: SoftwareRecord): Promise<void> {
  await query(
    `INSERT INTO test_selector.software (id, software_group_id, name, vendor, version_range, package_patterns, services, sql_engine)
     SELECT $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8 WHERE EXISTS (SELECT 1 FROM test_selector.software_group WHERE id = $2)
     ON CONFLICT DO NOTHING`,
    [software.id, software.softwareGroupId, software.name, software.vendor, software.versionRange,
      JSON.stringify(software.packagePatterns), JSON.stringify(software.services), software.sqlEngine],
  );
}

async function insertTest(query: Query, test: TestCaseVersionRecord): Promise<void> {
  await query('INSERT INTO test_selector.test_case (id, tenant_id, latest_version) VALUES ($1, NULL, 1) ON CONFLICT DO NOTHING', [test.testId]);
  await query(
    `INSERT INTO test_selector.test_case_version (test_id, version, name, description, tier, target_id, tenant_id, vm_name, subject, site,
       definition, prepare, baseline, threshold, timeout_ms, parameters, condition, created_by)
     VALUES ($1, 1, $2, $3, $4, $5, NULL, NULL, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13::jsonb, $14::jsonb, 'seed')
     ON CONFLICT DO NOTHING`,
    [test.testId, test.name, test.description, test.tier, test.targetId, test.subject, test.site, JSON.stringify(test.definition),
      test.prepare && JSON.stringify(test.prepare), test.baseline && JSON.stringify(test.baseline), test.threshold, test.timeoutMs,
      JSON.stringify(test.parameters), test.condition && JSON.stringify(test.condition)],
  );
}
