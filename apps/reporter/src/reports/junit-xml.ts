import { ApplyFailure, displayName, TestResult } from '@patchproof/contracts';
import { PatchOutcome } from '../run-ledger/run.entity';
import { countResults, RunReport } from './run-report';

/** Characters XML 1.0 cannot carry even escaped (control codes, lone surrogates); test output often has them (ANSI colours). */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs, which parsers would otherwise normalise to spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values).map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`).join('');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const firstLine = (output: string, fallback: string): string => output.split('\n').find((line) => line.trim())?.trim().slice(0, 200) ?? fallback;

/**
 * The run as JUnit XML: one testsuite per VM, one testcase per test and target (classname = tier, a target
 * named in brackets after the test's name: CI tools key test cases by name; properties `testId`, `target`
 * and `version`: which definition version ran), failure and
 * error elements carrying the test's output. Each VM the patch was applied to has an `apply` testcase
 * first (classname `apply`): a failure when the patch broke the VM (its evidence: service, exit
 * status, the server's config check, the last log lines), an error when patchproof could not patch it.
 * A run that did not pass without any failing testcase to show for it (a failed step, a timeout)
 * gets a `pipeline` suite whose testcase is that step, so CI never reads such a run as green.
 */
export function renderJunit(report: RunReport): string {
  const results = report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results));
  const counts = countResults(report.counts.selected, results);
  const applied = applyCounts(report.patch);
  const pipeline = pipelineSuite(report, results);
  const time = results.reduce((sum, result) => sum + result.durationMs, 0);
  const head = attributes({
    name: `patchproof ${report.run.patch.id} on ${report.run.tenant.id}`,
    tests: results.length + report.patch.length + (pipeline ? 1 : 0),
    failures: counts.failed + applied.failed,
    errors: counts.errored + applied.errored + (pipeline ? 1 : 0),
    skipped: counts.skipped,
    time: seconds(time),
  });
  const suites = suiteVms(report).map((vm, index) => vmSuite(report, vm, index));
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${head}>`, ...suites, ...(pipeline ? [pipeline] : []), '</testsuites>', ''].join('\n');
}

interface SuiteVm {
  vmId: string;
  name: string | null;
  results: TestResult[];
  apply?: PatchOutcome;
}

/** The VMs with results (in report order), then those with only an apply outcome (a VM with no test selected). */
function suiteVms(report: RunReport): SuiteVm[] {
  const withResults = report.vms.map((vm) => ({ vmId: vm.vmId, name: vm.name, results: vm.tiers.flatMap((tier) => tier.results), apply: report.patch.find((outcome) => outcome.vmId === vm.vmId) }));
  const applyOnly = report.patch.filter((outcome) => !report.vms.some((vm) => vm.vmId === outcome.vmId)).map((outcome) => ({
    vmId: outcome.vmId, name: report.run.replica?.vms.find((vm) => vm.vmId === outcome.vmId)?.name ?? null, results: [], apply: outcome,
  }));
  return [...withResults, ...applyOnly];
}

function applyCounts(outcomes: PatchOutcome[]): { failed: number; errored: number } {
  return { failed: outcomes.filter((outcome) => outcome.status === 'failed').length, errored: outcomes.filter((outcome) => outcome.status === 'error').length };
}

function vmSuite(report: RunReport, vm: SuiteVm, index: number): string {
  const { results } = vm;
  const counts = countResults(results.length, results);
  const applied = applyCounts(vm.apply ? [vm.apply] : []);
  const head = attributes({
    id: index, name: vm.vmId, hostname: vm.name ?? vm.vmId, package: `patchproof.${report.run.tenant.id}`,
    tests: results.length + (vm.apply ? 1 : 0), failures: counts.failed + applied.failed, errors: counts.errored + applied.errored, skipped: counts.skipped,
    time: seconds(results.reduce((sum, result) => sum + result.durationMs, 0)),
  });
  return [`  <testsuite${head}>`, properties(report), ...(vm.apply ? [applyCase(vm.apply)] : []), ...results.map(testCase), '  </testsuite>'].join('\n');
}

/** The evidence of a failed installation as text: what broke, the exit status, the config check, the last log lines. */
export function applyEvidence(failure: ApplyFailure): string {
  return [
    failure.reason,
    `kind: ${failure.kind}`,
    ...(failure.service ? [`service: ${failure.service}`] : []),
    ...(failure.exitCode === undefined ? [] : [`exit status: ${failure.exitCode}`]),
    ...(failure.configCheck ? [`config check: ${failure.configCheck.command} (exit ${failure.configCheck.exitCode})`, failure.configCheck.output] : []),
    ...(failure.logTail ? ['last log lines:', failure.logTail] : []),
  ].join('\n');
}

/** One testcase for installing the patch on a VM: what changed and restarted, and why it failed if it did. */
function applyCase(outcome: PatchOutcome): string {
  const head = `    <testcase${attributes({ name: 'apply', classname: 'apply', time: '0.000' })}>`;
  const facts = {
    status: outcome.status ?? 'applied',
    changed: outcome.changed.map((change) => `${change.name} ${change.before} -> ${change.after}`).join(', ') || 'nothing',
    restarted: outcome.restarted.join(', ') || 'nothing',
    rebooted: String(outcome.rebooted),
  };
  const failure = outcome.failure;
  const body = failure && outcome.status === 'failed'
    ? `      <failure${attributes({ message: failure.reason.slice(0, 200), type: failure.kind })}>${xmlText(applyEvidence(failure))}</failure>`
    : failure && outcome.status === 'error'
      ? `      <error${attributes({ message: failure.reason.slice(0, 200), type: failure.kind })}>${xmlText(applyEvidence(failure))}</error>`
      : undefined;
  return [head, propertiesElement(facts, '      '), ...(body ? [body] : []), '    </testcase>'].join('\n');
}

function propertiesElement(values: Record<string, string | number>, indent: string): string {
  const lines = Object.entries(values).map(([name, value]) => `${indent}  <property${attributes({ name, value })}/>`);
  return [`${indent}<properties>`, ...lines, `${indent}</properties>`].join('\n');
}

function properties(report: RunReport): string {
  return propertiesElement({ runId: report.run.runId, patchId: report.run.patch.id, tenantId: report.run.tenant.id, verdict: report.verdict ?? 'none' }, '    ');
}

/** A testcase records exactly what ran: the test's id, its target if any, and the definition version executed (as `properties`, which JUnit tools keep per testcase). */
function testCase(result: TestResult): string {
  const head = `    <testcase${attributes({ name: displayName(result), classname: result.tier, time: seconds(result.durationMs) })}>`;
  const body = outcomeElement(result);
  const ran = { testId: result.testId, ...(result.target === undefined ? {} : { target: result.target }), version: result.version };
  return [head, propertiesElement(ran, '      '), ...(body ? [body] : []), '    </testcase>'].join('\n');
}

function outcomeElement(result: TestResult): string {
  const output = xmlText(result.output);
  switch (result.status) {
    case 'failed':
      return `      <failure${attributes({ message: firstLine(result.output, 'test failed'), type: 'failed' })}>${output}</failure>`;
    case 'error':
      return `      <error${attributes({ message: firstLine(result.output, 'test errored'), type: 'error' })}>${output}</error>`;
    case 'skipped':
      return [`      <skipped${attributes({ message: firstLine(result.output, 'skipped') })}/>`, ...systemOut(output)].join('\n');
    default:
      return systemOut(output).join('\n');
  }
}

const systemOut = (output: string): string[] => (output ? [`      <system-out>${output}</system-out>`] : []);

function pipelineSuite(report: RunReport, results: TestResult[]): string | undefined {
  if (!report.verdict || report.verdict === 'passed' || !report.failure) return undefined;
  if (results.some((result) => result.status === 'failed' || result.status === 'error')) return undefined;
  if (report.patch.some((outcome) => outcome.status === 'failed' || outcome.status === 'error')) return undefined;
  const { step, reason } = report.failure;
  return [
    `  <testsuite${attributes({ id: report.vms.length, name: 'pipeline', tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' })}>`,
    properties(report),
    `    <testcase${attributes({ name: step, classname: 'pipeline', time: '0.000' })}>`,
    `      <error${attributes({ message: reason.slice(0, 200), type: step })}>${xmlText(reason)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
}
