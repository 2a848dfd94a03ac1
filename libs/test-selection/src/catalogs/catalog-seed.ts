import { TestTier } from '@patchproof/contracts';
import { FunctionGroupRecord, SoftwareGroupRecord, SoftwareRecord } from '../catalog-model';
import { CatalogData } from '../catalog-index';
import { DEFAULT_TIMEOUT_MS, TestCaseSpec, TestCaseVersionRecord } from '../test-case-model';
import { siteOfKind, TestDefinition } from '../test-definition';

export interface SeedTest extends TestCaseSpec {
  id: string;
}

/** A catalog shipped as data: the starter catalog, the literature's evaluation catalog. */
export interface CatalogSeed {
  functionGroups: FunctionGroupRecord[];
  softwareGroups: SoftwareGroupRecord[];
  software: SoftwareRecord[];
  tests: SeedTest[];
}

type SeedTestFields = Partial<Omit<TestCaseSpec, 'tier' | 'targetId' | 'definition' | 'name'>> & { definition: TestDefinition };

/** A provider test with the usual defaults (site from the definition, 60 s timeout). */
export function seedTest(id: string, tier: Exclude<TestTier, 'tenant'>, targetId: string, name: string, fields: SeedTestFields): SeedTest {
  return {
    id, name, tier, targetId, description: '', tenantId: null, vmName: null, subject: 'function', site: siteOfKind(fields.definition.kind, fields.parameters),
    prepare: null, baseline: null, threshold: null, timeoutMs: DEFAULT_TIMEOUT_MS, parameters: {}, condition: null, ...fields,
  };
}

/** ["sh", "-c", script, "sh", ...args]: a fixed script, with anything variable passed as its arguments. */
export function shell(script: string, ...args: string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}

export function seedVersion(test: SeedTest): TestCaseVersionRecord {
  const { id, ...spec } = test;
  return { ...spec, testId: id, version: 1, createdBy: 'seed', createdAt: '1970-01-01T00:00:00.000Z' };
}

/** The seed as the selection index sees a loaded catalog (for tests and the benchmark). */
export function catalogData(seed: CatalogSeed, version = 1): CatalogData {
  return { version, functionGroups: seed.functionGroups, softwareGroups: seed.softwareGroups, software: seed.software, tests: seed.tests.map(seedVersion) };
}
