import { RunContext, TestResult, TestStatus } from '@patchproof/contracts';
import { RunStepRecord } from '../run-ledger/run-step.entity';
import { RunRecord } from '../run-ledger/run.entity';
import { renderJunit, xmlAttribute, xmlText } from './junit-xml';
import { buildReport } from './run-report';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A deliberately strict little parser: any unescaped `<`, stray `&` or unbalanced tag makes it throw. */
function parseXml(xml: string): XmlElement {
  let position = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml)?.[0].length ?? 0;
  const decode = (text: string): string => {
    const stray = /&(?!(amp|lt|gt|quot|apos|#\d+);)/.exec(text);
    if (stray) throw new Error(`unescaped & in ${JSON.stringify(text)}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, entity: string) => named[entity] ?? String.fromCodePoint(Number(entity.slice(1))));
  };
  const parseElement = (): XmlElement => {
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(position));
    if (!open) throw new Error(`expected an element at ${position}: ${xml.slice(position, position + 40)}`);
    position += open[0].length;
    const attributes = Object.fromEntries([...open[2].matchAll(/([A-Za-z][\w.-]*)="([^"<]*)"/g)].map(([, name, value]) => [name, decode(value)]));
    const element: XmlElement = { name: open[1], attributes, children: [], text: '' };
    while (!open[3]) {
      if (xml.startsWith(`</${element.name}>`, position)) {
        position += element.name.length + 3;
        return element;
      }
      if (xml.startsWith('</', position)) throw new Error(`unbalanced close at ${position}: ${xml.slice(position, position + 40)}`);
      if (xml[position] === '<') {
        element.children.push(parseElement());
        continue;
      }
      const end = xml.indexOf('<', position);
      if (end === -1) throw new Error(`${element.name} is never closed`);
      element.text += decode(xml.slice(position, end));
      position = end;
    }
    return element;
  };
  const root = parseElement();
  if (xml.slice(position).trim()) throw new Error('content after the root element');
  return root;
}

const children = (element: XmlElement, name: string): XmlElement[] => element.children.filter((child) => child.name === name);

const context: RunContext = {
  runId: '00000000-0000-4000-8000-000000000001',
  patch: { id: 'DSA-5001-1', title: 'openssl', severity: 'high', source: 'native', advisoryIds: [], packages: [{ ecosystem: 'Debian:12', name: 'openssl', fixedVersion: '3.0.15' }], publishedAt: '2025-01-01T00:00:00.000Z' },
  tenant: { id: 'acme', name: 'Acme', provider: 'fake', environmentRef: 'acme-prod', policy: { minSeverity: 'low', autoApply: false, replicaRetention: 'delete' } },
};

function result(name: string, status: TestStatus, vmId: string, output = '', tier: TestResult['tier'] = 'software'): TestResult {
  return { testId: name, version: 1, name, vmId, tier, subject: 'function', status, durationMs: 1500, output };
}

function run(overrides: Partial<RunRecord>): RunRecord {
  return Object.assign(new RunRecord(), {
    runId: context.runId, patchId: context.patch.id, tenantId: 'acme', provider: 'fake', status: 'passed', currentStep: null,
    lastProgressAt: new Date(), verdict: 'passed', failureStep: null, failureReason: null, releaseAction: null, rolloutStatus: null,
    rolloutReason: null, context, correlationId: context.runId, trace: null, replica: null, selected: [], unknownSoftware: [],
    preparations: [], patchResults: [], results: [], createdAt: new Date(), finishedAt: new Date(),
    ...overrides,
  });
}

const noSteps: RunStepRecord[] = [];

describe('renderJunit', () => {
  it('is checked by a parser that rejects what is not well-formed', () => {
    expect(() => parseXml('<a>&</a>')).toThrow(/unescaped &/);
    expect(() => parseXml('<a><b></a>')).toThrow(/unbalanced/);
    expect(() => parseXml('<a x="<"/>')).toThrow(/expected an element/);
    expect(parseXml('<a x="&quot;">&lt;&#10;</a>')).toEqual({ name: 'a', attributes: { x: '"' }, children: [], text: '<\n' });
  });

  it('writes one testsuite per VM and one testcase per test with the tier as classname', () => {
    const results = [result('ssl handshake', 'passed', 'web1', 'ok'), result('db up', 'passed', 'db1', '', 'function-group'), result('cron', 'skipped', 'web1')];
    const xml = renderJunit(buildReport(run({ results }), noSteps));
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
    const suites = children(root, 'testsuite');
    expect(suites.map((suite) => suite.attributes.name)).toEqual(['db1', 'web1']);
    const web = suites[1];
    expect(children(web, 'testcase').map((test) => [test.attributes.name, test.attributes.classname, test.attributes.time])).toEqual([
      ['ssl handshake', 'software', '1.500'],
      ['cron', 'software', '1.500'],
    ]);
    expect(children(children(web, 'testcase')[1], 'skipped')).toHaveLength(1);
    const properties = children(children(web, 'properties')[0], 'property').map((property) => [property.attributes.name, property.attributes.value]);
    expect(properties).toContainEqual(['verdict', 'passed']);
  });

  it('records in each testcase\'s properties the test id, target and the definition version that ran', () => {
    const crud = { ...result('db crud', 'failed', 'db1', 'connection refused', 'function-group'), testId: 'db-sql-crud', version: 7, target: 'mariadb' };
    const results = [{ ...result('tls', 'passed', 'web1'), version: 3 }, crud];
    const root = parseXml(renderJunit(buildReport(run({ verdict: 'failed', status: 'failed', results }), noSteps)));
    const propertiesOf = (testcase: XmlElement) => children(children(testcase, 'properties')[0], 'property').map((property) => [property.attributes.name, property.attributes.value]);
    const [db, web] = children(root, 'testsuite').map((suite) => children(suite, 'testcase')[0]);
    expect(propertiesOf(web)).toEqual([['testId', 'tls'], ['version', '3']]);
    expect(propertiesOf(db)).toEqual([['testId', 'db-sql-crud'], ['target', 'mariadb'], ['version', '7']]);
    expect(children(db, 'failure')).toHaveLength(1);
  });

  it('writes one testcase per target of a test on a VM, naming the target after the test', () => {
    const crud = result('db crud', 'passed', 'db1', '', 'function-group');
    const results = [{ ...crud, target: 'mariadb' }, { ...crud, target: 'postgresql-15', status: 'failed' as const, output: 'connection refused' }];
    const root = parseXml(renderJunit(buildReport(run({ verdict: 'failed', status: 'failed', results }), noSteps)));
    const testcases = children(children(root, 'testsuite')[0], 'testcase');
    expect(testcases.map((test) => [test.attributes.name, children(test, 'failure').length])).toEqual([['db crud [mariadb]', 0], ['db crud [postgresql-15]', 1]]);
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1' });
  });

  it('carries failed and errored tests output in failure and error elements', () => {
    const results = [result('login', 'failed', 'web1', 'expected 200\ngot 500'), result('backup', 'error', 'web1', 'ssh: timeout')];
    const root = parseXml(renderJunit(buildReport(run({ verdict: 'failed', status: 'failed', results }), noSteps)));
    const [login, backup] = children(children(root, 'testsuite')[0], 'testcase');
    expect(children(login, 'failure')[0]).toMatchObject({ attributes: { message: 'expected 200', type: 'failed' }, text: 'expected 200\ngot 500' });
    expect(children(backup, 'error')[0]).toMatchObject({ attributes: { message: 'ssh: timeout', type: 'error' }, text: 'ssh: timeout' });
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1', errors: '1' });
  });

  it('escapes < & " \' in names, attributes and output, and replaces what XML cannot carry', () => {
    const nasty = `<&"'> ]]> \u001b[31mred\u001b[0m`;
    const results = [result(`a<b & "c" 'd'`, 'failed', 'web1', `${nasty}\nsecond line`)];
    const xml = renderJunit(buildReport(run({ verdict: 'failed', status: 'failed', results }), noSteps));
    expect(xml).not.toContain(`<&"'`);
    expect(xml).not.toContain('\u001b');
    const testcase = children(children(parseXml(xml), 'testsuite')[0], 'testcase')[0];
    expect(testcase.attributes.name).toBe(`a<b & "c" 'd'`);
    const failure = children(testcase, 'failure')[0];
    const readable = nasty.replace(/\u001b/g, '\uFFFD');
    expect(failure.text).toBe(`${readable}\nsecond line`);
    expect(failure.attributes.message).toBe(readable);
  });

  it('keeps line breaks in attributes and escapes every special character', () => {
    expect(xmlText(`<&"'>`)).toBe('&lt;&amp;&quot;&apos;&gt;');
    expect(xmlAttribute('a\nb\tc')).toBe('a&#10;b&#9;c');
    expect(xmlText('\uD800 lone surrogate')).toBe('\uFFFD lone surrogate');
  });

  it('shows a run that ended in error without a failing test as a failing pipeline step', () => {
    const report = buildReport(run({ verdict: 'error', status: 'error', failureStep: 'replicate', failureReason: 'quota <exceeded> & "more"' }), noSteps);
    const root = parseXml(renderJunit(report));
    const [pipeline] = children(root, 'testsuite');
    expect(pipeline.attributes.name).toBe('pipeline');
    const testcase = children(pipeline, 'testcase')[0];
    expect(testcase.attributes).toMatchObject({ name: 'replicate', classname: 'pipeline' });
    expect(children(testcase, 'error')[0].text).toBe('quota <exceeded> & "more"');
    expect(root.attributes).toMatchObject({ tests: '1', errors: '1' });
  });
});

describe('renderJunit: the apply testcase of each VM', () => {
  const changed = [{ name: 'pp-nginx-site', before: '1.0', after: '1.1' }];

  it('is a failure carrying the evidence when the patch broke the VM, and the run is not shown as a pipeline error', () => {
    const failure = {
      kind: 'service-restart' as const, service: 'nginx', exitCode: 1, reason: 'nginx did not come back after its restart (exit 1); nginx -t exits 1',
      configCheck: { command: 'nginx -t', exitCode: 1, output: 'nginx: [emerg] unknown directive "bogus" in /etc/nginx/conf.d/pp-site.conf:1' },
      logTail: '== /var/log/nginx/error.log\n[emerg] unknown directive "bogus" <here> & there',
    };
    const patchResults = [
      { vmId: 'web1', status: 'failed' as const, failure, changed, restarted: [], rebooted: false },
      { vmId: 'db1', status: 'applied' as const, changed: [], restarted: [], rebooted: false },
    ];
    const results = [result('http get', 'failed', 'web1', 'connection refused')];
    const report = buildReport(run({ verdict: 'failed', status: 'failed', failureStep: 'apply', failureReason: `patch failed on 1 of 2 VMs: web1: ${failure.reason}`, results, patchResults }), noSteps);
    const root = parseXml(renderJunit(report));
    expect(root.attributes).toMatchObject({ tests: '3', failures: '2', errors: '0' });
    const suites = children(root, 'testsuite');
    expect(suites.map((suite) => [suite.attributes.name, suite.attributes.tests, suite.attributes.failures])).toEqual([['web1', '2', '2'], ['db1', '1', '0']]);
    const [apply, http] = children(suites[0], 'testcase');
    expect([apply.attributes.name, apply.attributes.classname, http.attributes.name]).toEqual(['apply', 'apply', 'http get']);
    const [element] = children(apply, 'failure');
    expect(element.attributes).toEqual({ message: failure.reason, type: 'service-restart' });
    expect(element.text).toContain('service: nginx\nexit status: 1\nconfig check: nginx -t (exit 1)\nnginx: [emerg] unknown directive "bogus"');
    expect(element.text).toContain('last log lines:\n== /var/log/nginx/error.log\n[emerg] unknown directive "bogus" <here> & there');
    const facts = children(children(apply, 'properties')[0], 'property').map((property) => [property.attributes.name, property.attributes.value]);
    expect(facts).toEqual([['status', 'failed'], ['changed', 'pp-nginx-site 1.0 -> 1.1'], ['restarted', 'nothing'], ['rebooted', 'false']]);
    expect(children(suites[1], 'testcase').map((testcase) => [testcase.attributes.name, testcase.children.map((child) => child.name)])).toEqual([['apply', ['properties']]]);
    expect(suites.map((suite) => suite.attributes.name)).not.toContain('pipeline');
  });

  it('is an error for a VM patchproof could not patch', () => {
    const patchResults = [{ vmId: 'web1', status: 'error' as const, failure: { kind: 'platform' as const, reason: 'ssh: ECONNREFUSED' }, changed: [], restarted: [], rebooted: false }];
    const root = parseXml(renderJunit(buildReport(run({ verdict: 'failed', status: 'failed', patchResults }), noSteps)));
    expect(root.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(children(children(children(root, 'testsuite')[0], 'testcase')[0], 'error')[0].attributes).toEqual({ message: 'ssh: ECONNREFUSED', type: 'platform' });
  });
});
