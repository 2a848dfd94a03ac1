import { SelectedTest } from '@patchproof/contracts';
import { needsPreparation } from './prepare-tests.handler';

function test(subject: SelectedTest['subject'], definition: Record<string, unknown>): SelectedTest {
  return { testId: 't', version: 1, name: 't', vmId: 'vm1', tier: 'software', subject, site: 'local', reason: 'spec', definition, timeoutMs: 1000 };
}

describe('needsPreparation', () => {
  it('prepares every test with a prepare step, whatever its subject', () => {
    const prepare = { kind: 'ssh', command: ['touch', '/tmp/marker'] };
    expect(needsPreparation(test('function', { kind: 'ssh', command: ['test', '-f', '/tmp/marker'], prepare }))).toBe(true);
    expect(needsPreparation(test('data', { kind: 'sql', statements: ['SELECT 1'], prepare }))).toBe(true);
  });

  it('prepares performance tests (their baseline) and data tests, and no function test without a prepare step', () => {
    expect(needsPreparation(test('performance', { kind: 'ssh', command: ['true'] }))).toBe(true);
    expect(needsPreparation(test('data', { service: 'postgresql' }))).toBe(true);
    expect(needsPreparation(test('function', { kind: 'ssh', command: ['true'] }))).toBe(false);
  });
});
