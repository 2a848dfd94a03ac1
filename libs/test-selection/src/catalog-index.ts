import { OsFamily, TestTier } from '@patchproof/contracts';
import { parseVersionRange, satisfies, VersionRange } from '@patchproof/versioning';
import { FunctionGroupRecord, isRegexPattern, SoftwareGroupRecord, SoftwareRecord } from './catalog-model';
import { TestCaseVersionRecord } from './test-case-model';
import { comparisonEcosystem, literalPrefix } from './package-patterns';

/** The whole live catalog at one catalog version, as loaded from the database (or a seed). */
export interface CatalogData {
  version: number;
  functionGroups: FunctionGroupRecord[];
  softwareGroups: SoftwareGroupRecord[];
  software: SoftwareRecord[];
  /** The latest version of every live test case. */
  tests: TestCaseVersionRecord[];
}

export interface IndexedSoftware {
  record: SoftwareRecord;
  range: VersionRange;
  group: SoftwareGroupRecord | undefined;
  functionGroups: FunctionGroupRecord[];
}

/** A test reachable from a software, with the tier path that reaches it (for the reason). */
export interface TestRef {
  test: TestCaseVersionRecord;
  via: string;
}

interface RegexEntry {
  regex: RegExp;
  software: IndexedSoftware;
}

interface FamilyIndex {
  exact: Map<string, IndexedSoftware[]>;
  byPrefix: Map<string, RegexEntry[]>;
  /** The distinct prefix lengths in byPrefix, so a lookup tries only those. */
  prefixLengths: number[];
  unprefixed: RegexEntry[];
  /** All unprefixed regexes as one anchored alternation: one native match per package before trying each. */
  unprefixedAny: RegExp | undefined;
  /** Unprefixed regexes that cannot join the alternation; tried one by one. */
  unjoinable: RegexEntry[];
}

const NONE: readonly IndexedSoftware[] = [];

/** Whether "|" splits the whole pattern (outside groups and classes), as in "^a|b$". */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Regexes that can be joined into one anchored alternation without changing what they match:
 * anchored at the start, no top-level "|", no backreferences or named groups (renumbered when joined).
 */
function joinable(pattern: string): boolean {
  return pattern.startsWith('^') && !hasTopLevelAlternation(pattern) && !/\\[1-9k]|\(\?</.test(pattern);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byId(a: TestCaseVersionRecord, b: TestCaseVersionRecord): number {
  return a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0;
}

/**
 * The catalog indexed for selection: package name → software (exact names by hash, regexes by
 * literal prefix), tier target → tests, tenant → tests. Built once per catalog version and then
 * only read, so one selection costs a pass over the VM's packages plus the tests it selects.
 */
export class CatalogIndex {
  private readonly families = new Map<OsFamily, FamilyIndex>();
  private readonly testsByTarget = new Map<string, TestCaseVersionRecord[]>();
  private readonly testsByTenant = new Map<string, TestCaseVersionRecord[]>();
  private readonly testsBySoftware = new Map<string, TestRef[]>();

  constructor(readonly data: CatalogData) {
    const functionGroups = new Map(data.functionGroups.map((group) => [group.id, group]));
    const softwareGroups = new Map(data.softwareGroups.map((group) => [group.id, group]));
    for (const record of data.software) {
      const group = softwareGroups.get(record.softwareGroupId);
      const linked = (group?.functionGroupIds ?? []).flatMap((id) => functionGroups.get(id) ?? []);
      this.addSoftware({ record, range: parseVersionRange(record.versionRange), group, functionGroups: linked });
    }
    for (const family of this.families.values()) this.finish(family);
    for (const test of data.tests) {
      if (test.tier === 'tenant' && test.tenantId) push(this.testsByTenant, test.tenantId, test);
      else if (test.targetId) push(this.testsByTarget, targetKey(test.tier, test.targetId), test);
    }
    for (const list of [...this.testsByTarget.values(), ...this.testsByTenant.values()]) list.sort(byId);
  }

  get version(): number {
    return this.data.version;
  }

  /** Software whose package patterns for this OS family match the name (version not yet checked). */
  candidates(family: OsFamily, packageName: string): readonly IndexedSoftware[] {
    const index = this.families.get(family);
    if (!index) return NONE;
    const exact = index.exact.get(packageName);
    let found: IndexedSoftware[] | undefined;
    for (const length of index.prefixLengths) {
      if (length > packageName.length) break;
      const entries = index.byPrefix.get(packageName.slice(0, length));
      if (entries) for (const entry of entries) if (entry.regex.test(packageName)) (found ??= []).push(entry.software);
    }
    if (index.unprefixedAny?.test(packageName)) {
      for (const entry of index.unprefixed) if (entry.regex.test(packageName)) (found ??= []).push(entry.software);
    }
    for (const entry of index.unjoinable) if (entry.regex.test(packageName)) (found ??= []).push(entry.software);
    if (!found) return exact ?? NONE;
    return [...new Set([...(exact ?? []), ...found])];
  }

  /** Whether an upstream version lies in the software's range; an unreadable version matches nothing. */
  inRange(family: OsFamily, upstream: string, software: IndexedSoftware): boolean {
    try {
      return satisfies(comparisonEcosystem(family), upstream, software.range);
    } catch {
      return false;
    }
  }

  /** Function-group, software-group and software tests of one software, each with its tier path. */
  testsFor(software: IndexedSoftware): TestRef[] {
    const cached = this.testsBySoftware.get(software.record.id);
    if (cached) return cached;
    const group = software.group;
    const refs: TestRef[] = [
      ...software.functionGroups.flatMap((fg) =>
        this.tests('function-group', fg.id).map((test) => ({ test, via: `function-group ${fg.name} (via software group ${group?.name ?? '?'})` }))),
      ...(group ? this.tests('software-group', group.id).map((test) => ({ test, via: `software-group ${group.name}` })) : []),
      ...this.tests('software', software.record.id).map((test) => ({ test, via: `software ${software.record.name}` })),
    ];
    this.testsBySoftware.set(software.record.id, refs);
    return refs;
  }

  tenantTests(tenantId: string): TestCaseVersionRecord[] {
    return this.testsByTenant.get(tenantId) ?? [];
  }

  private tests(tier: TestTier, targetId: string): TestCaseVersionRecord[] {
    return this.testsByTarget.get(targetKey(tier, targetId)) ?? [];
  }

  private addSoftware(software: IndexedSoftware): void {
    for (const [family, patterns] of Object.entries(software.record.packagePatterns) as Array<[OsFamily, string[]]>) {
      const index = this.family(family);
      for (const pattern of patterns) {
        if (!isRegexPattern(pattern)) {
          push(index.exact, pattern, software);
          continue;
        }
        const entry = { regex: new RegExp(pattern), software };
        const prefix = literalPrefix(pattern);
        if (prefix) push(index.byPrefix, prefix, entry);
        else index.unprefixed.push(entry);
      }
    }
  }

  private finish(index: FamilyIndex): void {
    index.prefixLengths = [...new Set([...index.byPrefix.keys()].map((key) => key.length))].sort((a, b) => a - b);
    index.unjoinable = index.unprefixed.filter((entry) => !joinable(entry.regex.source));
    index.unprefixed = index.unprefixed.filter((entry) => joinable(entry.regex.source));
    const sources = index.unprefixed.map((entry) => `(?:${entry.regex.source})`);
    // The outer "^" lets the engine try position 0 only (each source is anchored there anyway).
    if (sources.length > 0) index.unprefixedAny = new RegExp(`^(?:${sources.join('|')})`);
  }

  private family(family: OsFamily): FamilyIndex {
    let index = this.families.get(family);
    if (!index) {
      index = { exact: new Map(), byPrefix: new Map(), prefixLengths: [], unprefixed: [], unprefixedAny: undefined, unjoinable: [] };
      this.families.set(family, index);
    }
    return index;
  }
}

function targetKey(tier: TestTier, targetId: string): string {
  return `${tier}\u0000${targetId}`;
}
