import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PatchIntakeConfig } from '../patch-intake.config';
import { AdmissionPass } from './admission-pass.service';

/**
 * The safety net: a pass every ADMISSION_INTERVAL_MS catches what a failed or crashed triggered
 * pass (after a publication or a release) left queued.
 */
@Injectable()
export class AdmissionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AdmissionScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly pass: AdmissionPass, @Inject(PatchIntakeConfig) private readonly config: PatchIntakeConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.ADMISSION_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    // A failed pass (the database briefly unreachable) must not end the service; the next tick retries.
    this.running = this.pass.trigger()
      .catch((error: unknown) => this.logger.warn(`admission pass failed: ${(error as Error).message}; retrying next interval`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
