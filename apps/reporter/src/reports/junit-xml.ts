import { displayName, TestResult } from '@patchproof/contracts';
import { countResults, RunReport, VmReport } from './run-report';

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
 * error elements carrying the test's output. A run that did not pass without any failing test to
 * show for it (a failed step, a timeout) gets a `pipeline` suite whose testcase is that step, so CI
 * never reads such a run as green.
 */
export function renderJunit(report: RunReport): string {
  const results = report.vms.flatMap((vm) => vm.tiers.flatMap((tier) => tier.results));
  const counts = countResults(report.counts.selected, results);
  const pipeline = pipelineSuite(report, results);
  const time = results.reduce((sum, result) => sum + result.durationMs, 0);
  const head = attributes({
    name: `patchproof ${report.run.patch.id} on ${report.run.tenant.id}`,
    tests: results.length + (pipeline ? 1 : 0),
    failures: counts.failed,
    errors: counts.errored + (pipeline ? 1 : 0),
    skipped: counts.skipped,
    time: seconds(time),
  });
  const suites = report.vms.map((vm, index) => vmSuite(report, vm, index));
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${head}>`, ...suites, ...(pipeline ? [pipeline] : []), '</testsuites>', ''].join('\n');
}

function vmSuite(report: RunReport, vm: VmReport, index: number): string {
  const results = vm.tiers.flatMap((tier) => tier.results);
  const counts = countResults(results.length, results);
  const head = attributes({
    id: index, name: vm.vmId, hostname: vm.name ?? vm.vmId, package: `patchproof.${report.run.tenant.id}`,
    tests: results.length, failures: counts.failed, errors: counts.errored, skipped: counts.skipped,
    time: seconds(results.reduce((sum, result) => sum + result.durationMs, 0)),
  });
  return [`  <testsuite${head}>`, properties(report), ...results.map(testCase), '  </testsuite>'].join('\n');
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
