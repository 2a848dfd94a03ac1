import { Injectable, NotFoundException } from '@nestjs/common';
import { SelectedTest, UnknownSoftware } from '@patchproof/contracts';
import { Principal } from '@patchproof/auth';
import { DataSource } from 'typeorm';
import { SelectionOutcome, SelectionRecord } from './selection-record.entity';

export interface SelectionView {
  runId: string;
  tenantId: string;
  replicaId: string;
  catalogVersion: number;
  outcome: SelectionOutcome;
  failureReason: string | null;
  createdAt: Date;
  tests: SelectedTest[];
  unknownSoftware: UnknownSoftware[];
  /** Tenant tests left out because the caller is neither an operator nor that tenant. */
  hiddenTenantTests: number;
}

/** Use case: show a run's recorded selection to whoever may see it. */
@Injectable()
export class SelectionsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(runId: string, principal: Principal): Promise<SelectionView> {
    const record = await this.dataSource.getRepository(SelectionRecord).findOneBy({ runId });
    // Another tenant's run is reported as missing, not forbidden: run ids are not to be probed.
    if (!record || (principal.role === 'tenant' && principal.tenantId !== record.tenantId)) throw new NotFoundException(`no selection for run ${runId}`);
    const seesTenantTests = principal.role === 'operator' || principal.role === 'tenant';
    const tests = seesTenantTests ? record.tests : record.tests.filter((test) => test.tier !== 'tenant');
    return { ...record, tests, hiddenTenantTests: record.tests.length - tests.length };
  }
}
