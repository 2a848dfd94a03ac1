import { ConflictException, Injectable } from '@nestjs/common';
import { renderJunit } from './junit-xml';
import { RunReader } from './run-reader';
import { buildReport } from './run-report';
import { RunScope } from './run-scope';

/**
 * Use case: a finished run as JUnit XML. An unfinished run is refused (409) rather than rendered:
 * a CI job reading a partial report would see no failures and go green.
 */
@Injectable()
export class ExportJunitHandler {
  constructor(private readonly reader: RunReader) {}

  async execute(runId: string, scope: RunScope): Promise<string> {
    const { run, steps } = await this.reader.load(runId, scope);
    if (!run.verdict) {
      const waiting = run.currentStep ? `, waiting for ${run.currentStep}` : '';
      throw new ConflictException({ statusCode: 409, error: 'Conflict', message: [`runId: run ${runId} has no verdict yet (${run.status}${waiting})`] });
    }
    return renderJunit(buildReport(run, steps));
  }
}
