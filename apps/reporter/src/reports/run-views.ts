import { FailureInfo, PIPELINE_STEPS, PipelineStep, ReleaseAction, Verdict } from '@patchproof/contracts';
import { FindOptionsSelect } from 'typeorm';
import { RunEventRecord } from '../run-ledger/run-event.entity';
import { RunStepRecord, StepOutcome } from '../run-ledger/run-step.entity';
import { RunRecord, RunStatus } from '../run-ledger/run.entity';

export interface StepView {
  step: PipelineStep;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  outcome: StepOutcome | null;
}

export interface RunView {
  runId: string;
  patch: { id: string; title: string; severity: string };
  tenant: { id: string; name: string };
  provider: string;
  status: RunStatus;
  currentStep: PipelineStep | null;
  verdict: Verdict | null;
  failure: FailureInfo | null;
  releaseAction: ReleaseAction | null;
  rollout: { status: 'applied' | 'failed'; reason: string | null } | null;
  createdAt: string;
  lastProgressAt: string;
  finishedAt: string | null;
  steps: StepView[];
}

export interface RunEventView {
  eventId: string;
  subject: string;
  occurredAt: string;
  receivedAt: string;
  outcome: 'applied' | 'ignored';
  note: string | null;
}

/** The columns a run list needs: never the results, which can be large. */
export const RUN_SUMMARY_COLUMNS: FindOptionsSelect<RunRecord> = {
  runId: true, patchId: true, tenantId: true, provider: true, status: true, currentStep: true, lastProgressAt: true, verdict: true,
  failureStep: true, failureReason: true, releaseAction: true, rolloutStatus: true, rolloutReason: true, context: true, createdAt: true,
  finishedAt: true,
};

export function runView(run: RunRecord, steps: RunStepRecord[]): RunView {
  const { patch, tenant } = run.context;
  return {
    runId: run.runId,
    patch: { id: patch.id, title: patch.title, severity: patch.severity },
    tenant: { id: tenant.id, name: tenant.name },
    provider: run.provider,
    status: run.status,
    currentStep: run.currentStep,
    verdict: run.verdict,
    failure: run.failureStep && run.failureReason ? { step: run.failureStep, reason: run.failureReason } : null,
    releaseAction: run.releaseAction,
    rollout: run.rolloutStatus ? { status: run.rolloutStatus, reason: run.rolloutReason } : null,
    createdAt: run.createdAt.toISOString(),
    lastProgressAt: run.lastProgressAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    steps: stepViews(steps),
  };
}

export function stepViews(steps: RunStepRecord[]): StepView[] {
  return [...steps]
    .sort((a, b) => PIPELINE_STEPS.indexOf(a.step) - PIPELINE_STEPS.indexOf(b.step))
    .map((step) => ({
      step: step.step,
      startedAt: step.startedAt?.toISOString() ?? null,
      completedAt: step.completedAt?.toISOString() ?? null,
      durationMs: step.startedAt && step.completedAt ? Math.max(0, step.completedAt.getTime() - step.startedAt.getTime()) : null,
      outcome: step.outcome,
    }));
}

export function eventView(event: RunEventRecord): RunEventView {
  return {
    eventId: event.eventId,
    subject: event.subject,
    occurredAt: event.occurredAt.toISOString(),
    receivedAt: event.receivedAt.toISOString(),
    outcome: event.outcome,
    note: event.note,
  };
}
