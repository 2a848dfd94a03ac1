import { VerificationCompletedV1 } from '@patchproof/contracts';
import { stepTimings, StepTimes } from '../run-ledger/pipeline';
import { RunRecord } from '../run-ledger/run.entity';

/** The verification.completed payload of a concluded run: everything later steps and reports need. */
export function verificationOf(run: RunRecord, steps: StepTimes[]): VerificationCompletedV1 {
  if (!run.verdict) throw new Error(`run ${run.runId} has no verdict yet`);
  return {
    run: run.context,
    replica: run.replica ?? undefined,
    verdict: run.verdict,
    failure: run.failureStep && run.failureReason ? { step: run.failureStep, reason: run.failureReason } : undefined,
    results: run.results ?? [],
    timings: stepTimings(steps),
    unknownSoftware: run.unknownSoftware,
  };
}
