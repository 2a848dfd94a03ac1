import { Injectable, NotFoundException } from '@nestjs/common';
import { redactedSelectedTest, SelectedTest, tenantTestAlias, tenantTestAliases, UnknownSoftware } from '@patchproof/contracts';
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
}

/**
 * Use case: show a run's recorded selection to whoever may see it. Viewers see tenant-registered tests
 * redacted (same opaque ids as the test-runner and the reporter give them), in their place.
 */
@Injectable()
export class SelectionsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(runId: string, principal: Principal): Promise<SelectionView> {
    const record = await this.dataSource.getRepository(SelectionRecord).findOneBy({ runId });
    // Another tenant's run is reported as missing, not forbidden: run ids are not to be probed.
    if (!record || (principal.role === 'tenant' && principal.tenantId !== record.tenantId)) throw new NotFoundException(`no selection for run ${runId}`);
    const seesTenantTests = principal.role === 'operator' || principal.role === 'tenant';
    return { ...record, tests: seesTenantTests ? record.tests : redactTenantTests(record.tests) };
  }
}

function redactTenantTests(tests: SelectedTest[]): SelectedTest[] {
  const aliases = tenantTestAliases(tests);
  return tests.map((test) => {
    const alias = tenantTestAlias(test, aliases);
    return alias ? redactedSelectedTest(test, alias) : test;
  });
}
