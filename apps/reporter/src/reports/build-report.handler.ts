import { Injectable } from '@nestjs/common';
import { RunReader } from './run-reader';
import { buildReport, RunReport } from './run-report';
import { RunScope } from './run-scope';

/** Use case: a run's report: verdict, failure, per-VM and per-tier results with output, timings, counts. */
@Injectable()
export class BuildReportHandler {
  constructor(private readonly reader: RunReader) {}

  async execute(runId: string, scope: RunScope): Promise<RunReport> {
    const { run, steps } = await this.reader.load(runId, scope);
    return buildReport(run, steps);
  }
}
