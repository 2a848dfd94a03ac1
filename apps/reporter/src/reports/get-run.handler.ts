import { Injectable } from '@nestjs/common';
import { ReplicaSpec } from '@patchproof/contracts';
import { RunReader } from './run-reader';
import { RunScope } from './run-scope';
import { eventView, RunEventView, runView, RunView } from './run-views';

export interface RunDetail extends RunView {
  replica: ReplicaSpec | null;
  /** Every event received for the run, including those ignored (and why). */
  events: RunEventView[];
}

/** Use case: one run, its timeline and the events it received. */
@Injectable()
export class GetRunHandler {
  constructor(private readonly reader: RunReader) {}

  async execute(runId: string, scope: RunScope): Promise<RunDetail> {
    const { run, steps, events } = await this.reader.load(runId, scope, true);
    return { ...runView(run, steps), replica: run.replica, events: events.map(eventView) };
  }
}
