import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { badRequest, conflictOnDuplicate, insertOrConflict } from '../validation/http-errors';
import { Page, pageOf, PageQueryDto } from '../validation/page-query.dto';
import { liveTestsTargeting, refuseIfReferenced } from './catalog-references';
import { CreateSoftwareGroupDto, UpdateSoftwareGroupDto } from './dto/catalog.dto';
import { FunctionGroupEntity } from './function-group.entity';
import { SoftwareGroupEntity, SoftwareGroupLinkEntity } from './software-group.entity';
import { SoftwareEntity } from './software.entity';

export interface SoftwareGroupView {
  id: string;
  name: string;
  description: string;
  functionGroupIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Use cases on software groups and their many-to-many links to function groups. */
@Injectable()
export class SoftwareGroupsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(body: CreateSoftwareGroupDto): Promise<SoftwareGroupView> {
    const id = body.id ?? randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await requireFunctionGroups(manager, body.functionGroupIds);
      await insertOrConflict(
        manager, SoftwareGroupEntity, { id, name: body.name, description: body.description ?? '' },
        `a software group with id ${id} or name "${body.name}" exists`,
      );
      await replaceLinks(manager, id, body.functionGroupIds);
    });
    return this.get(id);
  }

  async list(query: PageQueryDto): Promise<Page<SoftwareGroupView>> {
    const { limit, offset } = pageOf(query);
    const [groups, total] = await this.dataSource.getRepository(SoftwareGroupEntity).findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
    const links = await this.dataSource.getRepository(SoftwareGroupLinkEntity).findBy({ softwareGroupId: In(groups.map((group) => group.id)) });
    return { items: groups.map((group) => view(group, links)), total, limit, offset };
  }

  async get(id: string): Promise<SoftwareGroupView> {
    const group = await this.dataSource.getRepository(SoftwareGroupEntity).findOneBy({ id });
    if (!group) throw new NotFoundException(`no software group ${id}`);
    return view(group, await this.dataSource.getRepository(SoftwareGroupLinkEntity).findBy({ softwareGroupId: id }));
  }

  async update(id: string, body: UpdateSoftwareGroupDto): Promise<SoftwareGroupView> {
    await this.dataSource.transaction(async (manager) => {
      await requireFunctionGroups(manager, body.functionGroupIds);
      const result = await conflictOnDuplicate(
        manager.update(SoftwareGroupEntity, { id }, { name: body.name, description: body.description ?? '' }),
        `a software group named "${body.name}" exists`,
      );
      if (!result.affected) throw new NotFoundException(`no software group ${id}`);
      await replaceLinks(manager, id, body.functionGroupIds);
    });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(SoftwareGroupEntity, { id }))) throw new NotFoundException(`no software group ${id}`);
      const software = await manager.find(SoftwareEntity, { where: { softwareGroupId: id }, select: { id: true }, take: 10 });
      refuseIfReferenced(`software group ${id}`, [
        ['software', software.map((entry) => entry.id)],
        ['tests', await liveTestsTargeting(manager, 'software-group', id)],
      ]);
      await manager.delete(SoftwareGroupEntity, { id });
    });
  }
}

function view(group: SoftwareGroupEntity, links: SoftwareGroupLinkEntity[]): SoftwareGroupView {
  const functionGroupIds = links.filter((link) => link.softwareGroupId === group.id).map((link) => link.functionGroupId).sort();
  return { id: group.id, name: group.name, description: group.description, functionGroupIds, createdAt: group.createdAt, updatedAt: group.updatedAt };
}

async function requireFunctionGroups(manager: EntityManager, ids: string[]): Promise<void> {
  const found = new Set((await manager.findBy(FunctionGroupEntity, { id: In(ids) })).map((group) => group.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw badRequest(missing.map((id) => `functionGroupIds: no function group ${id}`));
}

async function replaceLinks(manager: EntityManager, softwareGroupId: string, functionGroupIds: string[]): Promise<void> {
  await manager.delete(SoftwareGroupLinkEntity, { softwareGroupId });
  if (functionGroupIds.length > 0) {
    await manager.insert(SoftwareGroupLinkEntity, functionGroupIds.map((functionGroupId) => ({ softwareGroupId, functionGroupId })));
  }
}
