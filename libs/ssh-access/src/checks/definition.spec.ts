import { DefinitionError, parseRunnableTest } from './definition';

describe('parseRunnableTest', () => {
  it('reads a bound data test with its prepare step and parameters', () => {
    const test = parseRunnableTest({
      kind: 'sql', service: 'postgresql', engine: 'postgresql', statements: ['SELECT 1'], expectRows: [[1, 'a', null, true]],
      prepare: { kind: 'sql', service: 'postgresql', engine: 'postgresql', statements: ['CREATE TABLE t (i int)'] },
      parameters: { vmAddress: '198.18.0.10', service: 'postgresql', ignored: 5 },
    });
    expect(test).toEqual({
      check: { kind: 'sql', service: 'postgresql', engine: 'postgresql', statements: ['SELECT 1'], expectRows: [[1, 'a', null, true]] },
      prepare: { kind: 'sql', service: 'postgresql', engine: 'postgresql', statements: ['CREATE TABLE t (i int)'], expectRows: undefined },
      parameters: { vmAddress: '198.18.0.10', service: 'postgresql' },
    });
  });

  it('reads ssh, http and tcp checks with defaults, and a performance baseline', () => {
    const ssh = parseRunnableTest({ kind: 'ssh', command: ['true'], baseline: { measure: 'elapsed-ms', unit: 'ms', samples: 3 }, threshold: 1.5 });
    expect(ssh).toMatchObject({ check: { kind: 'ssh', command: ['true'], expectExit: 0 }, baseline: { measure: 'elapsed-ms', unit: 'ms', samples: 3 }, threshold: 1.5 });
    expect(parseRunnableTest({ kind: 'ssh', command: ['x'], expectStdout: '^ok$' }).check).toMatchObject({ expectStdout: /^ok$/m });
    expect(parseRunnableTest({ kind: 'http', path: '/', expectStatus: 200 }).check).toMatchObject({ kind: 'http', via: 'vm', port: undefined });
    expect(parseRunnableTest({ kind: 'tcp', port: 443 }).check).toEqual({ kind: 'tcp', port: 443 });
  });

  it.each([
    [{ kind: 'ftp' }, 'definition.kind: must be ssh, http, tcp or sql'],
    [{ kind: 'ssh', command: [] }, 'definition.command: must be an array of at least 1 string(s)'],
    [{ kind: 'ssh', command: ['systemctl', 'restart', '{{service}}'] }, 'definition.command[2]: placeholder {{service}} was not bound at selection'],
    [{ kind: 'ssh', command: ['x'], expectStdout: '(' }, 'definition.expectStdout: is not a regular expression'],
    [{ kind: 'http', path: '/', expectStatus: 99 }, 'definition.expectStatus: must be an integer from 100 to 599'],
    [{ kind: 'tcp', port: 70000 }, 'definition.port: must be an integer from 1 to 65535'],
    [{ kind: 'sql', statements: ['x'], engine: 'oracle' }, 'definition.engine: must be postgresql or mariadb'],
    [{ kind: 'sql', statements: ['x'], expectRows: [[{}]] }, 'definition.expectRows[0][0]: must be a string, number, boolean or null'],
    [{ kind: 'tcp', port: 1, baseline: { measure: 'cpu' } }, 'definition.baseline.measure: must be elapsed-ms or stdout-number'],
    [{ kind: 'tcp', port: 1, threshold: 0 }, 'definition.threshold: must be a positive number'],
    [{ kind: 'tcp', port: 1, prepare: { kind: 'ssh' } }, 'definition.prepare.command: must be an array of at least 1 string(s)'],
  ])('refuses %j', (definition, message) => {
    expect(() => parseRunnableTest(definition)).toThrow(DefinitionError);
    expect(() => parseRunnableTest(definition)).toThrow(message);
  });
});
