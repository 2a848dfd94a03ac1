import { Injectable } from '@nestjs/common';
import { ListRunsHandler } from '../reports/list-runs.handler';
import { RunScope } from '../reports/run-scope';
import { SummarizeRunsHandler } from '../reports/summarize-runs.handler';
import { renderDashboard } from './dashboard-html';

const LATEST = 50;

/** Use case: the dashboard page for a caller (a tenant sees its own runs only). */
@Injectable()
export class RenderDashboardHandler {
  constructor(private readonly listRuns: ListRunsHandler, private readonly summarizeRuns: SummarizeRunsHandler) {}

  async execute(scope: RunScope): Promise<string> {
    const [summary, runs] = await Promise.all([this.summarizeRuns.execute({}, scope), this.listRuns.execute({ limit: LATEST }, scope)]);
    return renderDashboard({ summary, runs, generatedAt: new Date() });
  }
}
