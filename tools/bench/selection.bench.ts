/*
 * Test selection for one VM against a large catalog, in memory: 10,000 test cases and 100,000
 * catalog entries (function groups + software groups + software), a Debian VM with 600 packages.
 * Prints p50/p99 of one VM's selection next to a bound measured in the same run — one pass over the
 * VM's packages against a Map, the least any selection must do — and their ratio.
 *
 *   npm run bench:selection -- [--json] [--iterations 2000]
 *   (or: npm run build && node dist/tools/bench/selection.bench.js [--json] [--iterations 2000])
 *
 * --json prints one JSON object (with the machine and date) instead of the text summary.
 */
// @patchproof/contracts declares its events with decorators that read metadata when loaded.
import 'reflect-metadata';
import { ListeningService, VmInventory } from '@patchproof/contracts';
import {
  CatalogData, CatalogIndex, FunctionGroupRecord, selectForVm, SoftwareGroupRecord, SoftwareRecord, TestCaseVersionRecord, TestDefinition, VmContext,
} from '@patchproof/test-selection';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

const FUNCTION_GROUPS = 100;
const SOFTWARE_GROUPS = 5_000;
const SOFTWARE = 100_000 - FUNCTION_GROUPS - SOFTWARE_GROUPS;
const TESTS = { functionGroup: 1_000, softwareGroup: 7_000, software: 1_500, tenant: 500 };
const VM_PACKAGES = 600;
const VM_MATCHED = 40;
/** Regexes without a literal prefix are tried against every package; a realistic catalog has few. */
const UNPREFIXED_REGEXES = 20;

/** mulberry32: the same catalog on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(42);
const pick = (count: number): number => Math.floor(next() * count);
const pad = (value: number): string => String(value).padStart(6, '0');

function packagePatterns(index: number): string[] {
  if (index < UNPREFIXED_REGEXES) return [`^(alt${index}|other${index})-server$`];
  return index % 10 === 0 ? [`^lib${pad(index)}-[0-9]+$`] : [`pkg-${pad(index)}`];
}

function software(index: number): SoftwareRecord {
  const major = 1 + (index % 20);
  return {
    id: `sw-${pad(index)}`, name: `Software ${index}`, vendor: 'Bench', softwareGroupId: `sg-${pad(index % SOFTWARE_GROUPS)}`,
    versionRange: `>=${major} <${major + 1}`, packagePatterns: { debian: packagePatterns(index) }, services: [`svc-${pad(index)}`],
    sqlEngine: index % 3 === 0 ? 'postgresql' : null,
  };
}

function definition(index: number): TestDefinition {
  switch (index % 4) {
    case 0:
      return { kind: 'sql', service: '{{service}}', statements: ['DROP TABLE IF EXISTS t', 'CREATE TABLE t (id INTEGER PRIMARY KEY)', 'INSERT INTO t VALUES (1)', 'SELECT id FROM t'], expectRows: [[1]] };
    case 1:
      return { kind: 'ssh', service: '{{service}}', command: ['sh', '-c', 'systemctl restart "$1" && systemctl is-active "$1"', 'sh', '{{service}}'], expectStdout: '^active\\s*$' };
    case 2:
      return { kind: 'http', service: '{{service}}', path: '/', via: 'load-balancer', expectStatus: 200 };
    default:
      return { kind: 'tcp', service: '{{service}}' };
  }
}

function test(index: number, tier: TestCaseVersionRecord['tier'], targetId: string | null, tenantId: string | null = null): TestCaseVersionRecord {
  return {
    testId: `t-${pad(index)}`, version: 1, name: `Test ${index}`, description: '', tier, targetId, tenantId, vmName: null,
    subject: index % 7 === 0 ? 'data' : 'function', site: index % 4 === 1 ? 'local' : 'remote', definition: definition(index),
    prepare: index % 7 === 0 ? definition(index) : null, baseline: null, threshold: null, timeoutMs: 60_000, parameters: {}, condition: null,
    createdBy: 'bench', createdAt: '2026-01-01T00:00:00.000Z',
  };
}

function buildCatalog(): CatalogData {
  const functionGroups: FunctionGroupRecord[] = Array.from({ length: FUNCTION_GROUPS }, (_, i) => ({ id: `fg-${pad(i)}`, name: `FG ${i}`, description: '' }));
  const softwareGroups: SoftwareGroupRecord[] = Array.from({ length: SOFTWARE_GROUPS }, (_, i) => ({
    id: `sg-${pad(i)}`, name: `SG ${i}`, description: '',
    functionGroupIds: i % 5 === 0 ? [`fg-${pad(i % FUNCTION_GROUPS)}`, `fg-${pad((i + 1) % FUNCTION_GROUPS)}`] : [`fg-${pad(i % FUNCTION_GROUPS)}`],
  }));
  const tests: TestCaseVersionRecord[] = [];
  const add = (count: number, make: (id: number) => TestCaseVersionRecord): void => {
    for (let i = 0; i < count; i++) tests.push(make(tests.length));
  };
  add(TESTS.functionGroup, (id) => test(id, 'function-group', `fg-${pad(id % FUNCTION_GROUPS)}`));
  add(TESTS.softwareGroup, (id) => test(id, 'software-group', `sg-${pad(pick(SOFTWARE_GROUPS))}`));
  add(TESTS.software, (id) => test(id, 'software', `sw-${pad(pick(SOFTWARE))}`));
  add(TESTS.tenant, (id) => test(id, 'tenant', null, `tenant-${id % 50}`));
  return { version: 1, functionGroups, softwareGroups, software: Array.from({ length: SOFTWARE }, (_, i) => software(i)), tests };
}

/** A VM whose recognised software concentrates, like a real server's, on a few function groups. */
function buildVm(catalog: CatalogData): VmContext {
  const matched = catalog.software
    .filter((record, index) => index >= UNPREFIXED_REGEXES && Number(record.softwareGroupId.slice(3)) % FUNCTION_GROUPS < 6)
    .filter((_, index) => index % 37 === 0)
    .slice(0, VM_MATCHED);
  const packages: VmInventory['packages'] = matched.map((record) => {
    const index = Number(record.id.slice(3));
    const major = 1 + (index % 20);
    return { name: index % 10 === 0 ? `lib${pad(index)}-${major}` : `pkg-${pad(index)}`, version: `${major}.4.2-1+deb12u1` };
  });
  while (packages.length < VM_PACKAGES) packages.push({ name: `unrelated-tool-${pad(packages.length)}`, version: '1.0-1' });
  const services: ListeningService[] = matched.slice(0, 10).map((record, i) => ({ name: record.services[0], port: 8000 + i }));
  const inventory: VmInventory = { vmId: 'vm-bench', os: { family: 'debian', name: 'Debian GNU/Linux', version: '12' }, packages: shuffle(packages), services };
  return {
    runId: '00000000-0000-4000-8000-000000000001', tenantId: 'tenant-7', credentialsRef: 'vault:bench', inventory,
    vm: { vmId: 'vm-bench', name: 'bench', address: '10.0.0.5', osFamily: 'debian' }, loadBalancer: { name: 'lb', address: '10.0.0.2', port: 443 },
  };
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] };
}

function time(iterations: number, work: () => number): { p50: number; p99: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < Math.min(200, iterations); i++) sink += work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    sink += work();
    samples.push(performance.now() - started);
  }
  return { ...percentiles(samples), sink };
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

interface BenchResult {
  date: string;
  machine: { cpus: number; model: string | undefined; memoryGiB: number; node: string };
  catalog: { functionGroups: number; softwareGroups: number; software: number; tests: number; indexBuildMs: number };
  vm: { packages: number; selectedTests: number; unknownSoftware: number };
  iterations: number;
  selectionMs: { p50: number; p99: number };
  boundMs: { p50: number; p99: number; what: string };
  ratio: { p50: number; p99: number };
  singleDigitMs: boolean;
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

function machine(): BenchResult['machine'] {
  return { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version };
}

/** The bound: every package looked up once in a Map keyed by package name. */
function measureBound(catalog: CatalogData, vm: VmContext, iterations: number): ReturnType<typeof time> {
  const byName = new Map(catalog.software.map((record) => [record.packagePatterns.debian?.[0] ?? '', record]));
  return time(iterations, () => {
    let found = 0;
    for (const pkg of vm.inventory.packages) if (byName.get(pkg.name) !== undefined) found += 1;
    return found;
  });
}

function run(iterations: number): BenchResult {
  const catalog = buildCatalog();
  const built = performance.now();
  const index = new CatalogIndex(catalog);
  const indexMs = performance.now() - built;
  const vm = buildVm(catalog);
  const once = selectForVm(index, vm);
  const selection = time(iterations, () => selectForVm(index, vm).tests.length);
  const bound = measureBound(catalog, vm, iterations);
  if (selection.sink < 0 || bound.sink < 0) console.error('unreachable: keeps the timed work from being optimised away');
  return {
    date: new Date().toISOString(),
    machine: machine(),
    catalog: { functionGroups: FUNCTION_GROUPS, softwareGroups: SOFTWARE_GROUPS, software: SOFTWARE, tests: catalog.tests.length, indexBuildMs: round(indexMs, 1) },
    vm: { packages: vm.inventory.packages.length, selectedTests: once.tests.length, unknownSoftware: once.unknown.length },
    iterations,
    selectionMs: { p50: round(selection.p50), p99: round(selection.p99) },
    boundMs: { p50: round(bound.p50), p99: round(bound.p99), what: 'one pass over the VM packages against a Map' },
    ratio: { p50: round(selection.p50 / bound.p50, 1), p99: round(selection.p99 / bound.p99, 1) },
    singleDigitMs: selection.p99 < 10,
  };
}

function printText(result: BenchResult): void {
  const { machine: host, vm } = result;
  console.log(`machine:   ${host.cpus} × ${host.model ?? 'unknown CPU'}, ${host.memoryGiB} GiB, node ${host.node}`);
  console.log(`index:     ${result.catalog.indexBuildMs} ms for ${result.catalog.software + result.catalog.softwareGroups + result.catalog.functionGroups} catalog entries and ${result.catalog.tests} tests`);
  console.log(`selection: p50 ${result.selectionMs.p50} ms, p99 ${result.selectionMs.p99} ms for ${vm.selectedTests} tests from ${vm.packages} packages (${result.iterations} iterations)`);
  console.log(`bound:     p50 ${result.boundMs.p50} ms, p99 ${result.boundMs.p99} ms (${result.boundMs.what})`);
  console.log(`ratio:     p50 x${result.ratio.p50}, p99 x${result.ratio.p99} of the bound; p99 ${result.singleDigitMs ? 'within' : 'OVER'} 10 ms`);
}

function main(): void {
  const result = run(flag('iterations', 2_000));
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else printText(result);
}

main();
