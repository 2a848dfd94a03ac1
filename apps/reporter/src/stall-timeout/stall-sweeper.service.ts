import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReporterConfig } from '../reporter.config';
import { TimeOutStalledRunsHandler } from './time-out-stalled-runs.handler';

/** Runs the stall timeout every RUN_STALL_SWEEP_INTERVAL_MS; sweeps never overlap within a process. */
@Injectable()
export class StallSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StallSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();
  private stopped = false;
  private watchingSince = new Date();

  constructor(private readonly dataSource: DataSource, private readonly timeOut: TimeOutStalledRunsHandler, private readonly config: ReporterConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    // The database's clock, the one last_progress_at is written with.
    const [row] = (await this.dataSource.query('SELECT now() AS now')) as Array<{ now: Date }>;
    this.watchingSince = row.now;
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep().finally(() => this.schedule());
    }, this.config.RUN_STALL_SWEEP_INTERVAL_MS);
  }

  private async sweep(): Promise<void> {
    try {
      while (!this.stopped && (await this.timeOut.execute(this.watchingSince)) > 0) {
        // another batch may be waiting
      }
    } catch (error) {
      this.logger.warn(`stall sweep failed: ${(error as Error).message}; retrying next interval`);
    }
  }
}
