import { parseAdmissionLimits, providerLimit } from './admission-limits';
import { QueuedCandidate, selectAdmissions } from './select-admissions';

const LOW = 1;
const HIGH = 3;
const CRITICAL = 4;

function run(runId: string, severityRank: number, queueSeq: number, provider = 'fake'): QueuedCandidate {
  return { runId, provider, severityRank, queueSeq };
}

const ids = (runs: QueuedCandidate[]) => runs.map((r) => r.runId);

describe('admission limits', () => {
  it('parses per-provider limits and defaults other providers to the global limit', () => {
    const limits = parseAdmissionLimits(20, 'fake=20,local=3,openstack=0');
    expect(providerLimit(limits, 'local')).toBe(3);
    expect(providerLimit(limits, 'openstack')).toBe(0);
    expect(providerLimit(limits, 'vmware')).toBe(20);
    expect(parseAdmissionLimits(5, '').perProvider.size).toBe(0);
  });
});

describe('selectAdmissions', () => {
  it('admits critical first, then the oldest, up to the global limit', () => {
    const queued = [run('old-low', LOW, 1), run('high', HIGH, 2), run('new-critical', CRITICAL, 5), run('old-critical', CRITICAL, 3), run('new-low', LOW, 4)];
    expect(ids(selectAdmissions(queued, new Map(), parseAdmissionLimits(3, '')))).toEqual(['old-critical', 'new-critical', 'high']);
  });

  it('counts active runs against the global limit', () => {
    const queued = [run('a', LOW, 1), run('b', LOW, 2)];
    expect(ids(selectAdmissions(queued, new Map([['fake', 1], ['local', 1]]), parseAdmissionLimits(3, '')))).toEqual(['a']);
    expect(selectAdmissions(queued, new Map([['fake', 3]]), parseAdmissionLimits(3, ''))).toEqual([]);
  });

  it('skips a full provider and gives the slot to the next run of another provider', () => {
    const queued = [run('local-1', CRITICAL, 1, 'local'), run('local-2', CRITICAL, 2, 'local'), run('fake-1', LOW, 3), run('local-3', HIGH, 4, 'local')];
    const chosen = selectAdmissions(queued, new Map([['local', 1]]), parseAdmissionLimits(10, 'local=2'));
    expect(ids(chosen)).toEqual(['local-1', 'fake-1']);
  });

  it('admits nothing for a provider whose limit is 0', () => {
    expect(selectAdmissions([run('x', CRITICAL, 1, 'openstack')], new Map(), parseAdmissionLimits(10, 'openstack=0'))).toEqual([]);
  });

  it('never exceeds the global limit even when providers have room', () => {
    const queued = Array.from({ length: 10 }, (_, i) => run(`r${i}`, HIGH, i, i % 2 ? 'fake' : 'local'));
    expect(selectAdmissions(queued, new Map(), parseAdmissionLimits(4, 'fake=20,local=20'))).toHaveLength(4);
  });
});
