import { Module } from '@nestjs/common';
import { BuildReportHandler } from './build-report.handler';
import { ExportJunitHandler } from './export-junit.handler';
import { GetRunHandler } from './get-run.handler';
import { ListRunsHandler } from './list-runs.handler';
import { RunReader } from './run-reader';
import { RunsController } from './runs.controller';
import { SummarizeRunsHandler } from './summarize-runs.handler';

@Module({
  controllers: [RunsController],
  providers: [RunReader, ListRunsHandler, SummarizeRunsHandler, GetRunHandler, BuildReportHandler, ExportJunitHandler],
  exports: [ListRunsHandler, SummarizeRunsHandler],
})
export class ReportsModule {}
