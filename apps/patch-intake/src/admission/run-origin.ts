import { EventOrigin, RunContext } from '@patchproof/contracts';

/** The columns of a run that its later events are built from. */
export interface RunEventSource {
  run_id: string;
  context: RunContext;
  correlation_id: string;
  queued_event_id: string;
  traceparent: string | null;
}

export const RUN_EVENT_COLUMNS = 'run_id, context, correlation_id, queued_event_id, traceparent';

/**
 * Events about a queued run are caused by its run.queued event, so their ids depend only on the run
 * (not on which pass or request produced them): a repeat is dropped as a duplicate.
 */
export function originOfRun(run: RunEventSource): EventOrigin {
  return {
    causationId: run.queued_event_id,
    correlationId: run.correlation_id,
    runId: run.run_id,
    trace: run.traceparent ? { traceparent: run.traceparent } : undefined,
  };
}
