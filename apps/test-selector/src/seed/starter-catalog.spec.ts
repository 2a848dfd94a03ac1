import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeValidationErrors } from '@patchproof/contracts';
import { CatalogSeed, LITERATURE_CATALOG, SeedTest, STARTER_CATALOG } from '@patchproof/test-selection';
import { CreateSoftwareDto } from '../catalog/dto/catalog.dto';
import { CreateCatalogTestDto } from '../test-cases/dto/test-case.dto';
import { testSpecProblems } from '../test-cases/test-case-rules';
import { catalogTestSpec } from '../test-cases/test-versioning';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** The seed test as an operator would POST it. */
function body(test: SeedTest): Record<string, unknown> {
  const { tenantId: _tenantId, vmName: _vmName, ...rest } = test;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null));
}

function problemsOf(seed: CatalogSeed): string[] {
  const targets = new Set([...seed.functionGroups, ...seed.softwareGroups, ...seed.software].map((entry) => entry.id));
  return seed.tests.flatMap((test) => {
    const dto = plainToInstance(CreateCatalogTestDto, body(test));
    const problems = [
      ...describeValidationErrors(validateSync(dto, OPTIONS)),
      ...testSpecProblems(test),
      ...(targets.has(test.targetId ?? '') ? [] : [`targetId: ${test.targetId} is not in the seed`]),
    ];
    const { id: _id, ...spec } = test;
    if (problems.length === 0) expect(catalogTestSpec(dto)).toEqual(spec);
    return problems.map((problem) => `${test.id}: ${problem}`);
  });
}

describe.each([['starter', STARTER_CATALOG], ['literature', LITERATURE_CATALOG]] as const)('the %s catalog', (_name, seed) => {
  it('holds only tests an operator could have written through the API', () => {
    expect(problemsOf(seed)).toEqual([]);
  });

  it('holds only software an operator could have written through the API', () => {
    const problems = seed.software.flatMap((software) => {
      const dto = plainToInstance(CreateSoftwareDto, { ...software, sqlEngine: software.sqlEngine ?? undefined });
      return describeValidationErrors(validateSync(dto, OPTIONS)).map((problem) => `${software.id}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('has unique ids and names', () => {
    for (const entries of [seed.functionGroups, seed.softwareGroups, seed.software, seed.tests]) {
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    }
    for (const groups of [seed.functionGroups, seed.softwareGroups]) expect(new Set(groups.map((group) => group.name)).size).toBe(groups.length);
  });
});

describe('the starter catalog', () => {
  const count = (targetId: string) => STARTER_CATALOG.tests.filter((test) => test.targetId === targetId).length;

  it('has at least 10 function-group tests each for DB and Web and at least 5 per software group', () => {
    expect(count('db')).toBeGreaterThanOrEqual(10);
    expect(count('web')).toBeGreaterThanOrEqual(10);
    for (const group of STARTER_CATALOG.softwareGroups) expect({ group: group.id, tests: count(group.id) >= 5 }).toEqual({ group: group.id, tests: true });
  });

  it('names the service of every DB and Web test and covers every subject and site', () => {
    const serviceTests = STARTER_CATALOG.tests.filter((test) => !['os', 'debian'].includes(test.targetId ?? ''));
    expect(serviceTests.filter((test) => !test.definition.service).map((test) => test.id)).toEqual([]);
    const kinds = new Set(STARTER_CATALOG.tests.map((test) => `${test.subject}/${test.site}/${test.definition.kind}`));
    for (const kind of ['function/local/sql', 'data/local/sql', 'performance/local/ssh', 'function/local/ssh', 'function/remote/http', 'function/remote/tcp', 'data/remote/http']) {
      expect(kinds).toContain(kind);
    }
    expect(STARTER_CATALOG.tests.filter((test) => test.subject === 'performance').every((test) => test.threshold === 1.5)).toBe(true);
  });
});

describe('the literature catalog', () => {
  it('keeps the literature\'s shape: 10 DB function-group tests and 5 per software group, none per software', () => {
    const tiers = LITERATURE_CATALOG.tests.reduce<Record<string, number>>((counts, test) => ({ ...counts, [test.targetId ?? '']: (counts[test.targetId ?? ''] ?? 0) + 1 }), {});
    expect(tiers).toEqual({ 'lit-db': 10, 'lit-mysql': 5, 'lit-postgresql': 5, 'lit-oracle': 5 });
  });
});
