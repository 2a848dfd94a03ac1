import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, insertOrConflict } from '../validation/http-errors';
import { Page, pageOf } from '../validation/page-query.dto';
import { liveTestsTargeting, refuseIfReferenced } from './catalog-references';
import { CreateSoftwareDto, UpdateSoftwareDto } from './dto/catalog.dto';
import { SoftwareQueryDto } from './dto/software-query.dto';
import { SoftwareGroupEntity } from './software-group.entity';
import { SoftwareEntity } from './software.entity';

/** Use cases on software entries (what normalization maps installed packages to). */
@Injectable()
export class SoftwareService {
  constructor(private readonly dataSource: DataSource) {}

  async create(body: CreateSoftwareDto): Promise<SoftwareEntity> {
    const id = body.id ?? randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await requireSoftwareGroup(manager, body.softwareGroupId);
      await insertOrConflict(manager, SoftwareEntity, { id, ...fields(body) }, `software ${id} exists`);
    });
    return this.get(id);
  }

  async list(query: SoftwareQueryDto): Promise<Page<SoftwareEntity>> {
    const { limit, offset } = pageOf(query);
    const where = query.softwareGroupId ? { softwareGroupId: query.softwareGroupId } : {};
    const [items, total] = await this.dataSource.getRepository(SoftwareEntity).findAndCount({ where, order: { id: 'ASC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<SoftwareEntity> {
    const software = await this.dataSource.getRepository(SoftwareEntity).findOneBy({ id });
    if (!software) throw new NotFoundException(`no software ${id}`);
    return software;
  }

  async update(id: string, body: UpdateSoftwareDto): Promise<SoftwareEntity> {
    await this.dataSource.transaction(async (manager) => {
      await requireSoftwareGroup(manager, body.softwareGroupId);
      const result = await manager.update(SoftwareEntity, { id }, fields(body));
      if (!result.affected) throw new NotFoundException(`no software ${id}`);
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(SoftwareEntity, { id }))) throw new NotFoundException(`no software ${id}`);
      refuseIfReferenced(`software ${id}`, [['tests', await liveTestsTargeting(manager, 'software', id)]]);
      await manager.delete(SoftwareEntity, { id });
    });
  }
}

function fields(body: UpdateSoftwareDto): Omit<SoftwareEntity, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    softwareGroupId: body.softwareGroupId,
    name: body.name,
    vendor: body.vendor,
    versionRange: body.versionRange ?? '*',
    packagePatterns: body.packagePatterns,
    services: body.services ?? [],
    sqlEngine: body.sqlEngine ?? null,
  };
}

async function requireSoftwareGroup(manager: EntityManager, id: string): Promise<void> {
  if (!(await manager.existsBy(SoftwareGroupEntity, { id }))) throw badRequest([`softwareGroupId: no software group ${id}`]);
}
