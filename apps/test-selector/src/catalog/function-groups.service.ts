import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Page, pageOf, PageQueryDto } from '../validation/page-query.dto';
import { conflictOnDuplicate, insertOrConflict } from '../validation/http-errors';
import { liveTestsTargeting, refuseIfReferenced } from './catalog-references';
import { CreateFunctionGroupDto, UpdateFunctionGroupDto } from './dto/catalog.dto';
import { FunctionGroupEntity } from './function-group.entity';
import { SoftwareGroupLinkEntity } from './software-group.entity';

/** Use cases on function groups (operators define them). */
@Injectable()
export class FunctionGroupsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(body: CreateFunctionGroupDto): Promise<FunctionGroupEntity> {
    const id = body.id ?? randomUUID();
    await insertOrConflict(
      this.dataSource.manager, FunctionGroupEntity, { id, name: body.name, description: body.description ?? '' },
      `a function group with id ${id} or name "${body.name}" exists`,
    );
    return this.get(id);
  }

  async list(query: PageQueryDto): Promise<Page<FunctionGroupEntity>> {
    const { limit, offset } = pageOf(query);
    const [items, total] = await this.dataSource.getRepository(FunctionGroupEntity).findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<FunctionGroupEntity> {
    const group = await this.dataSource.getRepository(FunctionGroupEntity).findOneBy({ id });
    if (!group) throw new NotFoundException(`no function group ${id}`);
    return group;
  }

  async update(id: string, body: UpdateFunctionGroupDto): Promise<FunctionGroupEntity> {
    const result = await conflictOnDuplicate(
      this.dataSource.getRepository(FunctionGroupEntity).update({ id }, { name: body.name, description: body.description ?? '' }),
      `a function group named "${body.name}" exists`,
    );
    if (!result.affected) throw new NotFoundException(`no function group ${id}`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.get(id);
      const links = await manager.find(SoftwareGroupLinkEntity, { where: { functionGroupId: id }, take: 10 });
      refuseIfReferenced(`function group ${id}`, [
        ['software groups', links.map((link) => link.softwareGroupId)],
        ['tests', await liveTestsTargeting(manager, 'function-group', id)],
      ]);
      await manager.delete(FunctionGroupEntity, { id });
    });
  }
}
