import { Injectable, NotFoundException } from '@nestjs/common';
import { TenantSpec } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { TenantView } from './dto/tenant.dto';
import { specToTenantColumns, Tenant } from './tenant.entity';
import { tenantView } from './tenant-views';

/**
 * Use case: replace a tenant's spec. Runs already created keep the snapshot they were queued with;
 * the new spec applies to patches published from now on.
 */
@Injectable()
export class ReplaceTenantHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(id: string, spec: Omit<TenantSpec, 'id'>): Promise<TenantView> {
    return this.unitOfWork.run(null, async (tx) => {
      const { id: _id, ...columns } = specToTenantColumns({ ...spec, id });
      const updated = await tx.manager.update(Tenant, { id }, columns);
      if (!updated.affected) throw new NotFoundException(`no tenant ${id}`);
      return tenantView(await tx.manager.findOneByOrFail(Tenant, { id }));
    });
  }
}
