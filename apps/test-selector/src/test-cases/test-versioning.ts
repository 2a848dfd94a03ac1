import { DEFAULT_TIMEOUT_MS, siteOfKind, TestCaseSpec, TestCaseVersionRecord, TestDefinition } from '@patchproof/test-selection';
import { CreateCatalogTestDto, TenantTestDto, TestBodyDto, UpdateCatalogTestDto } from './dto/test-case.dto';

/** A validated DTO as plain JSON (no class prototypes, no undefined members). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function commonSpec(body: TestBodyDto): Omit<TestCaseSpec, 'tier' | 'targetId' | 'tenantId' | 'vmName'> {
  return {
    name: body.name,
    description: body.description ?? '',
    subject: body.subject,
    site: body.site ?? siteOfKind(body.definition.kind, body.parameters ? plain(body.parameters) : {}),
    definition: plain<TestDefinition>(body.definition),
    prepare: body.prepare ? plain<TestDefinition>(body.prepare) : null,
    baseline: body.baseline ? plain(body.baseline) : null,
    threshold: body.threshold ?? null,
    timeoutMs: body.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    parameters: body.parameters ? plain(body.parameters) : {},
    condition: body.condition && body.condition.listeningPort !== undefined ? plain(body.condition) : null,
  };
}

export function catalogTestSpec(body: CreateCatalogTestDto | UpdateCatalogTestDto): TestCaseSpec {
  return { ...commonSpec(body), tier: body.tier, targetId: body.targetId, tenantId: null, vmName: null };
}

export function tenantTestSpec(body: TenantTestDto, tenantId: string): TestCaseSpec {
  return { ...commonSpec(body), tier: 'tenant', targetId: null, tenantId, vmName: body.vmName ?? null };
}

/** JSON with object keys sorted, so two specs compare equal whatever order their fields were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function specOf(record: TestCaseVersionRecord): TestCaseSpec {
  const { testId: _testId, version: _version, createdBy: _createdBy, createdAt: _createdAt, ...spec } = record;
  return spec;
}

/**
 * The version an update writes: N+1 with the new content, or null when the content equals the
 * latest version's (a repeated PUT creates no version). Old versions are never changed.
 */
export function nextVersion(latest: TestCaseVersionRecord | null, testId: string, spec: TestCaseSpec, actor: string, now: Date): TestCaseVersionRecord | null {
  if (latest && canonicalJson(specOf(latest)) === canonicalJson(spec)) return null;
  return { ...spec, testId, version: (latest?.version ?? 0) + 1, createdBy: actor, createdAt: now.toISOString() };
}
