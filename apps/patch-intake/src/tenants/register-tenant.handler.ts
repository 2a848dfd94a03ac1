import { ConflictException, Injectable } from '@nestjs/common';
import { TenantSpec } from '@patchproof/contracts';
import { UnitOfWork } from '@patchproof/messaging';
import { TenantView } from './dto/tenant.dto';
import { specToTenantColumns, Tenant } from './tenant.entity';
import { tenantView } from './tenant-views';

/** Use case: register a new tenant; an id that exists is a conflict, never an overwrite. */
@Injectable()
export class RegisterTenantHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(spec: TenantSpec): Promise<TenantView> {
    return this.unitOfWork.run(null, async (tx) => {
      const inserted = await tx.manager.createQueryBuilder().insert().into(Tenant).values(specToTenantColumns(spec)).orIgnore().returning(['id']).execute();
      if ((inserted.raw as unknown[]).length === 0) throw new ConflictException(`tenant ${spec.id} already exists`);
      return tenantView(await tx.manager.findOneByOrFail(Tenant, { id: spec.id }));
    });
  }
}
