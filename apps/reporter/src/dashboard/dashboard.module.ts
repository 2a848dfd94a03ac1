import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { DashboardController } from './dashboard.controller';
import { RenderDashboardHandler } from './render-dashboard.handler';

@Module({ imports: [ReportsModule], controllers: [DashboardController], providers: [RenderDashboardHandler] })
export class DashboardModule {}
