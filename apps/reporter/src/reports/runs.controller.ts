import { BadRequestException, Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@patchproof/auth';
import { BuildReportHandler } from './build-report.handler';
import { ListRunsQuery, RunSummaryQuery } from './dto/list-runs.query';
import { ExportJunitHandler } from './export-junit.handler';
import { GetRunHandler, RunDetail } from './get-run.handler';
import { ListRunsHandler } from './list-runs.handler';
import { RunReport } from './run-report';
import { scopeOf } from './run-scope';
import { RunView } from './run-views';
import { RunSummary, SummarizeRunsHandler } from './summarize-runs.handler';

const runIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['runId: must be a UUID'] }),
});

/** Runs, their timelines and reports. Role `tenant` sees only its own tenant's runs. */
@ApiTags('runs')
@Roles('viewer', 'tenant')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly listRuns: ListRunsHandler,
    private readonly summarizeRuns: SummarizeRunsHandler,
    private readonly getRun: GetRunHandler,
    private readonly buildReport: BuildReportHandler,
    private readonly exportJunit: ExportJunitHandler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Newest runs first: status, current step, verdict and step timeline' })
  list(@Query() query: ListRunsQuery, @CurrentPrincipal() principal: Principal): Promise<RunView[]> {
    return this.listRuns.execute(query, scopeOf(principal));
  }

  @Get('summary')
  @ApiOperation({ summary: 'Counts over every matching run (no limit): runs by status and verdict, tests selected and executed by outcome' })
  summary(@Query() query: RunSummaryQuery, @CurrentPrincipal() principal: Principal): Promise<RunSummary> {
    return this.summarizeRuns.execute(query, scopeOf(principal));
  }

  @Get(':runId')
  @ApiOperation({ summary: 'One run: timeline, replica, and every event received (ignored ones included)' })
  get(@Param('runId', runIdPipe) runId: string, @CurrentPrincipal() principal: Principal): Promise<RunDetail> {
    return this.getRun.execute(runId, scopeOf(principal));
  }

  @Get(':runId/report')
  @ApiOperation({ summary: 'The run\'s report: verdict, failure, results per VM and tier with output, timings, counts' })
  report(@Param('runId', runIdPipe) runId: string, @CurrentPrincipal() principal: Principal): Promise<RunReport> {
    return this.buildReport.execute(runId, scopeOf(principal));
  }

  @Get(':runId/report.xml')
  @Header('content-type', 'application/xml; charset=utf-8')
  @ApiProduces('application/xml')
  @ApiOperation({ summary: 'The finished run as JUnit XML (409 while it has no verdict)' })
  reportXml(@Param('runId', runIdPipe) runId: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.exportJunit.execute(runId, scopeOf(principal));
  }
}
