import { jetstream } from '@nats-io/jetstream';
import { expectEventually } from '@patchproof/testing';
import { E2ePlatform } from './platform';

export interface RunView {
  runId: string;
  patch: { id: string };
  tenant: { id: string };
  status: string;
  verdict: string | null;
  failure: { step: string; reason: string } | null;
  releaseAction: string | null;
  rollout: { status: string; reason: string | null } | null;
}

export async function runsOf(platform: E2ePlatform, patchId: string): Promise<RunView[]> {
  const response = await platform.api<RunView[]>('reporter', 'GET', `/runs?patchId=${encodeURIComponent(patchId)}&limit=500`);
  if (response.status !== 200) throw new Error(`GET /runs: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until `count` runs of the patch have a verdict and their replicas were released. */
export async function waitForFinishedRuns(platform: E2ePlatform, patchId: string, count: number, timeoutMs: number): Promise<RunView[]> {
  return expectEventually(async () => {
    const runs = await runsOf(platform, patchId);
    const done = runs.filter((run) => run.verdict && run.releaseAction);
    if (runs.length !== count || done.length !== count) {
      throw new Error(`${done.length}/${count} runs finished and released (${runs.length} exist)`);
    }
    return runs;
  }, { timeoutMs, intervalMs: 500, what: `${count} runs of ${patchId} finished` });
}

/** Every message of one subject in the PATCHPROOF stream, parsed. */
export async function readSubject<T = { id: string; runId?: string; payload: unknown }>(platform: E2ePlatform, subject: string): Promise<T[]> {
  const js = jetstream(platform.nc);
  const consumer = await js.consumers.get('PATCHPROOF', { filter_subjects: subject });
  const info = await platform.jsm.streams.info('PATCHPROOF', { subjects_filter: subject });
  const expected = info.state.subjects?.[subject] ?? 0;
  const messages: T[] = [];
  while (messages.length < expected) {
    const batch = await consumer.fetch({ max_messages: Math.min(500, expected - messages.length), expires: 5000 });
    for await (const message of batch) messages.push(message.json<T>());
  }
  await consumer.delete().catch(() => undefined);
  return messages;
}

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
