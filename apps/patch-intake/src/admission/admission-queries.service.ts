import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@patchproof/messaging';
import { ADMISSION_LIMITS, AdmissionLimits, providerLimit } from './admission-limits';
import { AdmissionView, ProviderAdmissionView } from './admission.view';
import { Run } from './run.entity';

interface ProviderCounts {
  provider: string;
  active: number;
  queued: number;
}

/** Limits with active and queued counts, per provider. */
@Injectable()
export class AdmissionQueries {
  constructor(private readonly unitOfWork: UnitOfWork, @Inject(ADMISSION_LIMITS) private readonly limits: AdmissionLimits) {}

  async status(): Promise<AdmissionView> {
    const counts = new Map((await this.countsByProvider()).map((row) => [row.provider, row]));
    const names = [...new Set([...this.limits.perProvider.keys(), ...counts.keys()])].sort();
    const providers: ProviderAdmissionView[] = names.map((provider) => ({
      provider,
      limit: providerLimit(this.limits, provider),
      active: counts.get(provider)?.active ?? 0,
      queued: counts.get(provider)?.queued ?? 0,
    }));
    return {
      globalLimit: this.limits.global,
      providerLimits: Object.fromEntries(this.limits.perProvider),
      active: providers.reduce((sum, p) => sum + p.active, 0),
      queued: providers.reduce((sum, p) => sum + p.queued, 0),
      providers,
    };
  }

  private countsByProvider(): Promise<ProviderCounts[]> {
    return this.unitOfWork.repository(Run).createQueryBuilder('run')
      .select('run.provider', 'provider')
      .addSelect(`count(*) FILTER (WHERE run.state = 'active')::int`, 'active')
      .addSelect(`count(*) FILTER (WHERE run.state = 'queued')::int`, 'queued')
      .where(`run.state IN ('active', 'queued')`)
      .groupBy('run.provider')
      .getRawMany<ProviderCounts>();
  }
}
