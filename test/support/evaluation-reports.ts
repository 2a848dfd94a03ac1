import { E2ePlatform } from './platform';

/** The parts of the reporter's `GET /runs/:runId/report` the evaluation reads. */
export interface EvaluationReport {
  verdict: string | null;
  counts: { selected: number; executed: number; passed: number; failed: number; errored: number; skipped: number };
  vms: Array<{ vmId: string; name: string | null; tiers: Array<{ tier: string; results: Array<{ testId: string; status: string }> }> }>;
  patch: Array<{ vmId: string; changed: Array<{ name: string; before: string; after: string }> }>;
}

/** The parts of the test-selector's `GET /selections/:runId` the evaluation reads. */
export interface EvaluationSelection {
  outcome: string;
  tests: Array<{ testId: string; vmId: string; tier: string; reason: string }>;
  unknownSoftware: Array<{ vmId: string; packages: string[]; otherPackages?: number }>;
}

export async function getJson<T>(platform: E2ePlatform, service: string, path: string): Promise<T> {
  const response = await platform.api<T>(service, 'GET', path);
  if (response.status !== 200) throw new Error(`GET ${path} on ${service}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function getText(platform: E2ePlatform, service: string, path: string): Promise<string> {
  const response = await platform.api<string>(service, 'GET', path);
  if (response.status !== 200 || typeof response.body !== 'string') throw new Error(`GET ${path} on ${service}: HTTP ${response.status}`);
  return response.body;
}

/** Results per tier on one VM: `{ 'function-group': 10, 'software-group': 5 }`. */
export function resultsByTier(vm: EvaluationReport['vms'][number]): Record<string, number> {
  return Object.fromEntries(vm.tiers.map((tier) => [tier.tier, tier.results.length]));
}

/** The figures the literature reports, as read back from the running platform's answers. */
export interface EvaluationFigures {
  preparedTests: number;
  tenants: number;
  dbmsVersions: number;
  selectedPerTenant: number[];
  executedPerTenant: number[];
  executedTotal: number;
}

export function figuresOf(preparedTests: number, reports: EvaluationReport[], softwareNames: string[]): EvaluationFigures {
  return {
    preparedTests,
    tenants: reports.length,
    dbmsVersions: new Set(softwareNames).size,
    selectedPerTenant: reports.map((report) => report.counts.selected),
    executedPerTenant: reports.map((report) => report.counts.executed),
    executedTotal: reports.reduce((sum, report) => sum + report.counts.executed, 0),
  };
}

/** The catalog software a selection names for the VM's DBMS package: "… installed mysql-server 4.1.22-1 (MySQL 4.1); …". */
export function selectedSoftware(selection: EvaluationSelection, pkg: string, version: string): string | undefined {
  const marker = `installed ${pkg} ${version} (`;
  const reason = selection.tests.find((test) => test.reason.includes(marker))?.reason;
  if (!reason) return undefined;
  const start = reason.indexOf(marker) + marker.length;
  // Up to the parenthesis that closes the marker's: a software name may hold parentheses of its own.
  let depth = 1;
  for (let end = start; end < reason.length; end += 1) {
    depth += reason[end] === '(' ? 1 : reason[end] === ')' ? -1 : 0;
    if (depth === 0) return reason.slice(start, end);
  }
  return undefined;
}

export function count(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}
