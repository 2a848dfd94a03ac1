import { CatalogData } from '@patchproof/test-selection';
import { DataSource, EntityManager } from 'typeorm';
import { FunctionGroupEntity } from '../catalog/function-group.entity';
import { SoftwareGroupEntity, SoftwareGroupLinkEntity } from '../catalog/software-group.entity';
import { SoftwareEntity } from '../catalog/software.entity';
import { TestCaseEntity, TestCaseVersionEntity, versionRecord } from '../test-cases/test-case.entity';

export async function readCatalogVersion(manager: EntityManager): Promise<number> {
  const rows: Array<{ version: string }> = await manager.query('SELECT version FROM test_selector.catalog_state WHERE id = 1');
  return Number(rows[0]?.version ?? 0);
}

/** The live catalog and its version, read in one snapshot so the version describes exactly these rows. */
export function loadCatalog(dataSource: DataSource): Promise<CatalogData> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const version = await readCatalogVersion(manager);
    const functionGroups = await manager.find(FunctionGroupEntity);
    const groups = await manager.find(SoftwareGroupEntity);
    const links = await manager.find(SoftwareGroupLinkEntity, { order: { functionGroupId: 'ASC' } });
    const software = await manager.find(SoftwareEntity);
    const tests = await manager
      .createQueryBuilder(TestCaseVersionEntity, 'v')
      .innerJoin(TestCaseEntity, 't', 't.id = v.test_id AND t.latest_version = v.version')
      .where('t.deleted_at IS NULL')
      .getMany();
    const linksByGroup = new Map<string, string[]>();
    for (const link of links) linksByGroup.set(link.softwareGroupId, [...(linksByGroup.get(link.softwareGroupId) ?? []), link.functionGroupId]);
    return {
      version,
      functionGroups: functionGroups.map(({ id, name, description }) => ({ id, name, description })),
      softwareGroups: groups.map(({ id, name, description }) => ({ id, name, description, functionGroupIds: linksByGroup.get(id) ?? [] })),
      software: software.map(({ createdAt: _c, updatedAt: _u, ...record }) => record),
      tests: tests.map(versionRecord),
    };
  });
}
