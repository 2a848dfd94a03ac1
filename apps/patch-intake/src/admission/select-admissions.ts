import { AdmissionLimits, providerLimit } from './admission-limits';

export interface QueuedCandidate {
  runId: string;
  provider: string;
  severityRank: number;
  /** Queue order: lower is older. */
  queueSeq: number;
}

/** Higher severity first, then oldest. */
export function byAdmissionOrder(a: QueuedCandidate, b: QueuedCandidate): number {
  return b.severityRank - a.severityRank || a.queueSeq - b.queueSeq;
}

/**
 * Which queued runs to admit now. Runs are taken in admission order; a run whose provider is full
 * is skipped (a lower-priority run of another provider may take the slot), and the pass stops when
 * the global limit is reached.
 */
export function selectAdmissions(
  queued: readonly QueuedCandidate[],
  active: ReadonlyMap<string, number>,
  limits: AdmissionLimits,
): QueuedCandidate[] {
  let globalFree = limits.global - sum(active.values());
  const providerFree = new Map<string, number>();
  const chosen: QueuedCandidate[] = [];
  for (const run of [...queued].sort(byAdmissionOrder)) {
    if (globalFree <= 0) break;
    const free = providerFree.get(run.provider) ?? providerLimit(limits, run.provider) - (active.get(run.provider) ?? 0);
    if (free <= 0) continue;
    chosen.push(run);
    providerFree.set(run.provider, free - 1);
    globalFree -= 1;
  }
  return chosen;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
