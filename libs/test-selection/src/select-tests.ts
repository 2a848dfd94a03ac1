import {
  ListeningService, LoadBalancerRef, ReplicaSpec, SelectedTest, TEST_TIERS, TestTier, UnknownSoftware, VmInventory, VmRef,
} from '@patchproof/contracts';
import { TestCaseVersionRecord } from './test-case-model';
import { RunnableTestDefinition } from './test-definition';
import { Binding, BoundDefinition, bindDefinition } from './bind-definition';
import { CatalogIndex } from './catalog-index';
import { normalizeInventory, SoftwareMatch } from './normalize-inventory';
import { serviceAliases } from './notable-software';

export interface SelectionInput {
  runId: string;
  tenantId: string;
  credentialsRef?: string;
  replica: ReplicaSpec;
  inventories: VmInventory[];
}

export interface SelectionResult {
  tests: SelectedTest[];
  unknownSoftware: UnknownSoftware[];
}

/** One VM as selection sees it. */
export interface VmContext {
  runId: string;
  tenantId: string;
  credentialsRef?: string;
  vm: VmRef | undefined;
  inventory: VmInventory;
  loadBalancer: LoadBalancerRef | undefined;
}

/** A test chosen for a VM, with every installed package that brought it in. */
interface Candidate {
  test: TestCaseVersionRecord;
  /** In inventory order; the first one of a target binds it. */
  triggers: SoftwareMatch[];
  /** The tier path by which each triggering software (by id) reaches the test. */
  viaBySoftware: Map<string, string>;
}

/** A candidate bound for one target: the software it exercises, with the triggers of every software bound identically. */
interface TargetedTest {
  test: TestCaseVersionRecord;
  triggers: SoftwareMatch[];
  via: string;
  binding: Binding;
  main: BoundDefinition;
  prepare: BoundDefinition | undefined;
  /** Set only when the VM has several targets for the test. */
  target?: string;
}

const TIER_RANK = new Map<TestTier, number>(TEST_TIERS.map((tier, rank) => [tier, rank]));
const MAX_REASON = 500;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byTierThenIdThenTarget(a: TargetedTest, b: TargetedTest): number {
  return (TIER_RANK.get(a.test.tier) ?? 9) - (TIER_RANK.get(b.test.tier) ?? 9)
    || compareText(a.test.testId, b.test.testId)
    || compareText(a.target ?? '', b.target ?? '');
}

/** Selects tests for every VM of a run: VMs by id, each VM's tests by tier, test id, then target. */
export function selectTests(index: CatalogIndex, input: SelectionInput): SelectionResult {
  const vms = new Map(input.replica.vms.map((vm) => [vm.vmId, vm]));
  const inventories = [...input.inventories].sort((a, b) => compareText(a.vmId, b.vmId));
  const tests: SelectedTest[] = [];
  const unknownSoftware: UnknownSoftware[] = [];
  for (const inventory of inventories) {
    const context: VmContext = {
      runId: input.runId, tenantId: input.tenantId, credentialsRef: input.credentialsRef,
      vm: vms.get(inventory.vmId), inventory, loadBalancer: input.replica.loadBalancers?.[0],
    };
    const selection = selectForVm(index, context);
    tests.push(...selection.tests);
    if (selection.unknown.length > 0 || selection.unlisted > 0) {
      unknownSoftware.push({ vmId: inventory.vmId, packages: selection.unknown, otherPackages: selection.unlisted });
    }
  }
  return { tests, unknownSoftware };
}

/**
 * The union of the VM's function-group, software-group and software tests plus its tenant's own,
 * each once per target: a test that binds differently for two installed softwares (two DBMS) runs
 * against each of them.
 */
export function selectForVm(index: CatalogIndex, context: VmContext): { tests: SelectedTest[]; unknown: string[]; unlisted: number } {
  const { matches, unknown, unlisted } = normalizeInventory(index, context.inventory);
  const candidates = new Map<string, Candidate>();
  for (const match of matches) {
    for (const ref of index.testsFor(match.software)) {
      const existing = candidates.get(ref.test.testId);
      const candidate = existing ?? { test: ref.test, triggers: [], viaBySoftware: new Map<string, string>() };
      if (!existing) candidates.set(ref.test.testId, candidate);
      candidate.triggers.push(match);
      if (!candidate.viaBySoftware.has(match.software.record.id)) candidate.viaBySoftware.set(match.software.record.id, ref.via);
    }
  }
  for (const test of index.tenantTests(context.tenantId)) {
    if (test.vmName === null || test.vmName === context.vm?.name) candidates.set(test.testId, { test, triggers: [], viaBySoftware: new Map() });
  }
  const bindings = new VmBindings(context);
  const chosen = [...candidates.values()].filter((candidate) => conditionHolds(candidate.test, context.inventory.services));
  const targeted = chosen.flatMap((candidate) => targetsOf(candidate, bindings)).sort(byTierThenIdThenTarget);
  return { tests: targeted.map((test) => toSelectedTest(test, context)), unknown, unlisted };
}

const softwareIdOf = (match: SoftwareMatch): string => match.software.record.id;

/** The triggers of each software, softwares in the order their first package appears. */
function triggersBySoftware(triggers: SoftwareMatch[]): SoftwareMatch[][] {
  const groups = new Map<string, SoftwareMatch[]>();
  for (const trigger of triggers) {
    const group = groups.get(softwareIdOf(trigger));
    if (group) group.push(trigger);
    else groups.set(softwareIdOf(trigger), [trigger]);
  }
  return [...groups.values()];
}

/**
 * One entry per distinct bound definition among the softwares that brought the test in; softwares
 * bound identically (an OS test brought in by base-files and openssh-server) share the first one's.
 */
function targetsOf(candidate: Candidate, bindings: VmBindings): TargetedTest[] {
  const groups = triggersBySoftware(candidate.triggers);
  if (groups.length <= 1) return [bindTarget(candidate, candidate.triggers, bindings)];
  const targets: Array<{ bound: TargetedTest; softwareIds: Set<string> }> = [];
  for (const group of groups) {
    const bound = bindTarget(candidate, group, bindings);
    const same = targets.find((target) => sameRunnable(target.bound, bound));
    if (same) same.softwareIds.add(softwareIdOf(group[0]));
    else targets.push({ bound, softwareIds: new Set([softwareIdOf(group[0])]) });
  }
  // Each bound entry is this call's own object: completing it in place spares a copy per selected test.
  if (targets.length === 1) {
    targets[0].bound.triggers = candidate.triggers;
    return [targets[0].bound];
  }
  return targets.map(({ bound, softwareIds }) => {
    bound.target = softwareIdOf(bound.triggers[0]);
    // Merged softwares' packages, in inventory order like every reason.
    if (softwareIds.size > 1) bound.triggers = candidate.triggers.filter((trigger) => softwareIds.has(softwareIdOf(trigger)));
    return bound;
  });
}

/** Binds the test for the first of the given triggers (none: a tenant test). */
function bindTarget(candidate: Candidate, triggers: SoftwareMatch[], bindings: VmBindings): TargetedTest {
  const { test } = candidate;
  const first = triggers[0];
  const binding = bindings.of(test, first);
  return {
    test, triggers, binding,
    via: first ? candidate.viaBySoftware.get(softwareIdOf(first)) ?? '' : tenantVia(test),
    main: bindDefinition(test.definition, binding),
    prepare: test.prepare ? bindDefinition(test.prepare, binding) : undefined,
  };
}

/** Whether two bindings make the runner run the same thing (the parameters record names the software even when nothing else differs). */
function sameRunnable(a: TargetedTest, b: TargetedTest): boolean {
  return sameValue(a.main.definition, b.main.definition) && sameValue(a.prepare?.definition, b.prepare?.definition);
}

/** Deep equality of JSON-like values; stops at the first difference (usually the bound service). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function tenantVia(test: TestCaseVersionRecord): string {
  return `tenant ${test.tenantId} test for ${test.vmName ? `VM ${test.vmName}` : 'every VM'}`;
}

function conditionHolds(test: TestCaseVersionRecord, services: ListeningService[]): boolean {
  const port = test.condition?.listeningPort;
  return port === undefined || services.some((service) => service.port === port);
}

function isPlaceholder(value: string | undefined): boolean {
  return value !== undefined && value.startsWith('{{');
}

/** The service a test exercises on this VM: named by the test, or the triggering software's (preferring one that listens). */
function resolveService(named: string | undefined, trigger: SoftwareMatch | undefined, services: ListeningService[]): { name?: string; port?: number } {
  const listeningAs = (name: string): ListeningService | undefined => {
    const aliases = serviceAliases(name);
    return services.find((service) => serviceAliases(service.name).some((alias) => aliases.includes(alias)));
  };
  if (named) return { name: named, port: listeningAs(named)?.port };
  const declared = trigger?.software.record.services ?? [];
  for (const name of declared) {
    const service = listeningAs(name);
    if (service) return { name, port: service.port };
  }
  return { name: declared[0] };
}

/**
 * Bound parameters depend only on the triggering package and the service, so the tests of one VM
 * that share both share one (frozen) binding instead of each building its own.
 */
class VmBindings {
  private readonly cache = new Map<SoftwareMatch | undefined, Map<string, Binding>>();

  constructor(private readonly context: VmContext) {}

  of(test: TestCaseVersionRecord, trigger: SoftwareMatch | undefined): Binding {
    const service = test.definition.service;
    const named = service && !isPlaceholder(service) ? service : '';
    let byService = this.cache.get(trigger);
    if (!byService) this.cache.set(trigger, (byService = new Map()));
    let binding = byService.get(named);
    if (!binding) byService.set(named, (binding = this.bind(trigger, named || undefined)));
    const statics = test.parameters;
    return Object.keys(statics).length === 0 ? binding : { ...binding, parameters: Object.freeze({ ...statics, ...binding.parameters }) };
  }

  private bind(trigger: SoftwareMatch | undefined, named: string | undefined): Binding {
    const { context } = this;
    const service = resolveService(named, trigger, context.inventory.services);
    const bound: Record<string, string | undefined> = {
      runId: context.runId, tenantId: context.tenantId, vmId: context.inventory.vmId, vmName: context.vm?.name,
      vmAddress: context.vm?.address, credentialsRef: context.credentialsRef,
      softwareId: trigger?.software.record.id, softwareName: trigger?.software.record.name, softwareVersion: trigger?.upstreamVersion,
      packageName: trigger?.pkg.name, packageVersion: trigger?.pkg.version,
      service: service.name, servicePort: service.port?.toString(),
      loadBalancerAddress: context.loadBalancer?.address, loadBalancerPort: context.loadBalancer?.port.toString(),
    };
    const parameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(bound)) if (value !== undefined) parameters[name] = value;
    return { parameters: Object.freeze(parameters), sqlEngine: trigger?.software.record.sqlEngine ?? null, servicePort: service.port, loadBalancer: context.loadBalancer };
  }
}

function triggersText(triggers: SoftwareMatch[]): string {
  const shown = triggers.slice(0, 3).map((match) => `${match.pkg.name} ${match.pkg.version} (${match.software.record.name})`);
  return triggers.length > 3 ? `${shown.join(', ')} and ${triggers.length - 3} more` : shown.join(', ');
}

function reasonFor(targeted: TargetedTest, notes: string[]): string {
  const { triggers, binding } = targeted;
  const parts = [triggers.length > 0 ? `${targeted.via}: installed ${triggersText(triggers)}` : targeted.via];
  const service = binding.parameters.service;
  if (service) parts.push(`service ${service}${binding.servicePort === undefined ? '' : `:${binding.servicePort}`}`);
  parts.push(...notes);
  const reason = parts.join('; ');
  return reason.length <= MAX_REASON ? reason : `${reason.slice(0, MAX_REASON - 1)}…`;
}

function notesOf(main: BoundDefinition, prepare: BoundDefinition | undefined): string[] {
  const unresolved = prepare && prepare.unresolved.length > 0 ? [...new Set([...main.unresolved, ...prepare.unresolved])] : main.unresolved;
  return unresolved.length === 0 ? main.notes : [...main.notes, `unbound: ${unresolved.join(', ')}`];
}

/** The bound definition with what the runner needs beside it; assigned field by field (conditional spreads cost a lot here). */
function runnableDefinition(targeted: TargetedTest): RunnableTestDefinition {
  const { test, main, prepare, binding } = targeted;
  const definition: RunnableTestDefinition = { ...main.definition, parameters: binding.parameters };
  if (prepare) definition.prepare = prepare.definition;
  if (test.baseline) definition.baseline = test.baseline;
  if (test.threshold !== null) definition.threshold = test.threshold;
  if (test.condition) definition.condition = test.condition;
  return definition;
}

function toSelectedTest(targeted: TargetedTest, context: VmContext): SelectedTest {
  const { test, target } = targeted;
  const selected: SelectedTest = {
    testId: test.testId, version: test.version, name: test.name, vmId: context.inventory.vmId, tier: test.tier, subject: test.subject, site: test.site,
    reason: reasonFor(targeted, notesOf(targeted.main, targeted.prepare)),
    // The event carries definitions as plain records (the runner validates them); spreading gives the typed one that shape.
    definition: { ...runnableDefinition(targeted) },
    timeoutMs: test.timeoutMs,
  };
  if (target !== undefined) selected.target = target;
  return selected;
}
