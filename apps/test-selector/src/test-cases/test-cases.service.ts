import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { TestTier } from '@patchproof/contracts';
import { TestCaseSpec, TestCaseVersionRecord } from '@patchproof/test-selection';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { FunctionGroupEntity } from '../catalog/function-group.entity';
import { SoftwareGroupEntity } from '../catalog/software-group.entity';
import { SoftwareEntity } from '../catalog/software.entity';
import { badRequest, insertOrConflict } from '../validation/http-errors';
import { Page, pageOf } from '../validation/page-query.dto';
import { TestListQueryDto } from './dto/test-case.dto';
import { TestCaseEntity, TestCaseVersionEntity, versionEntity, versionRecord } from './test-case.entity';
import { testSpecProblems } from './test-case-rules';
import { nextVersion } from './test-versioning';

/**
 * Who is looking: the catalog (operators see tenant tests, viewers do not) or one tenant, which
 * sees only its own tests. A test outside the scope is reported as not found.
 */
export type TestScope = { kind: 'catalog'; tenantTestsVisible: boolean } | { kind: 'tenant'; tenantId: string };

export interface TestCaseView extends TestCaseVersionRecord {
  id: string;
  latestVersion: number;
  deleted: boolean;
}

const TARGETS: Record<Exclude<TestTier, 'tenant'>, { entity: EntityTarget<ObjectLiteral>; label: string }> = {
  'function-group': { entity: FunctionGroupEntity, label: 'function group' },
  'software-group': { entity: SoftwareGroupEntity, label: 'software group' },
  software: { entity: SoftwareEntity, label: 'software' },
};

/** Use cases on versioned test cases: every change writes version N+1; old versions stay. */
@Injectable()
export class TestCasesService {
  constructor(private readonly dataSource: DataSource) {}

  async create(spec: TestCaseSpec, id: string | undefined, actor: string): Promise<TestCaseView> {
    const testId = id ?? randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await validate(manager, spec);
      await insertOrConflict(manager, TestCaseEntity, { id: testId, tenantId: spec.tenantId, latestVersion: 1, deletedAt: null }, `test ${testId} exists`);
      const first = nextVersion(null, testId, spec, actor, new Date());
      if (first) await manager.insert(TestCaseVersionEntity, versionEntity(first));
    });
    return this.get(testId, { kind: 'catalog', tenantTestsVisible: true });
  }

  async update(id: string, spec: TestCaseSpec, actor: string, scope: TestScope): Promise<TestCaseView> {
    await this.dataSource.transaction(async (manager) => {
      const test = await findInScope(manager, id, scope, true);
      if (test.tenantId !== spec.tenantId) throw badRequest([`id: ${id} is ${test.tenantId ? 'a tenant test (update it under /tenants/{tenantId}/tests)' : 'a catalog test'}`]);
      await validate(manager, spec);
      const latest = await manager.findOneByOrFail(TestCaseVersionEntity, { testId: id, version: test.latestVersion });
      const next = nextVersion(versionRecord(latest), id, spec, actor, new Date());
      if (!next) return;
      await manager.insert(TestCaseVersionEntity, versionEntity(next));
      await manager.update(TestCaseEntity, { id }, { latestVersion: next.version });
    });
    return this.get(id, scope);
  }

  /** Deleting stops selecting the test; its versions stay, since past selections name them. */
  async remove(id: string, scope: TestScope): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await findInScope(manager, id, scope, true);
      await manager.update(TestCaseEntity, { id }, { deletedAt: new Date() });
    });
  }

  async get(id: string, scope: TestScope): Promise<TestCaseView> {
    const test = await findInScope(this.dataSource.manager, id, scope, false);
    const latest = await this.dataSource.manager.findOneByOrFail(TestCaseVersionEntity, { testId: id, version: test.latestVersion });
    return view(test, latest);
  }

  async versions(id: string, scope: TestScope): Promise<TestCaseView[]> {
    const test = await findInScope(this.dataSource.manager, id, scope, false, true);
    const versions = await this.dataSource.manager.find(TestCaseVersionEntity, { where: { testId: id }, order: { version: 'ASC' } });
    return versions.map((version) => view(test, version));
  }

  async version(id: string, version: number, scope: TestScope): Promise<TestCaseView> {
    const test = await findInScope(this.dataSource.manager, id, scope, false, true);
    const found = await this.dataSource.manager.findOneBy(TestCaseVersionEntity, { testId: id, version });
    if (!found) throw new NotFoundException(`test ${id} has no version ${version}`);
    return view(test, found);
  }

  async list(query: TestListQueryDto, scope: TestScope): Promise<Page<TestCaseView>> {
    if (scope.kind === 'catalog' && !scope.tenantTestsVisible && query.tier === 'tenant') {
      throw new ForbiddenException('tenant tests are visible only to operators and their own tenant');
    }
    const { limit, offset } = pageOf(query);
    const builder = this.dataSource.manager
      .createQueryBuilder(TestCaseVersionEntity, 'v')
      .innerJoin(TestCaseEntity, 't', 't.id = v.test_id AND t.latest_version = v.version')
      .where('t.deleted_at IS NULL');
    if (query.tier) builder.andWhere('v.tier = :tier', { tier: query.tier });
    if (query.subject) builder.andWhere('v.subject = :subject', { subject: query.subject });
    if (query.targetId) builder.andWhere('v.target_id = :targetId', { targetId: query.targetId });
    if (scope.kind === 'tenant') builder.andWhere('t.tenant_id = :tenantId', { tenantId: scope.tenantId });
    else if (!scope.tenantTestsVisible) builder.andWhere('t.tenant_id IS NULL');
    const [versions, total] = await builder.orderBy('v.test_id', 'ASC').take(limit).skip(offset).getManyAndCount();
    const items = versions.map((version) => ({ ...versionRecord(version), id: version.testId, latestVersion: version.version, deleted: false }));
    return { items, total, limit, offset };
  }
}

function view(test: TestCaseEntity, version: TestCaseVersionEntity): TestCaseView {
  return { ...versionRecord(version), id: test.id, latestVersion: test.latestVersion, deleted: test.deletedAt !== null };
}

function visible(test: TestCaseEntity, scope: TestScope): boolean {
  if (scope.kind === 'tenant') return test.tenantId === scope.tenantId;
  return test.tenantId === null || scope.tenantTestsVisible;
}

async function findInScope(manager: EntityManager, id: string, scope: TestScope, forUpdate: boolean, includeDeleted = false): Promise<TestCaseEntity> {
  const test = await manager.findOne(TestCaseEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!test || !visible(test, scope) || (test.deletedAt && !includeDeleted)) throw new NotFoundException(`no test ${id}`);
  return test;
}

async function validate(manager: EntityManager, spec: TestCaseSpec): Promise<void> {
  const problems = testSpecProblems(spec);
  if (spec.tier !== 'tenant' && spec.targetId) {
    const target = TARGETS[spec.tier];
    if (!(await manager.existsBy(target.entity, { id: spec.targetId }))) problems.push(`targetId: no ${target.label} ${spec.targetId}`);
  }
  if (problems.length > 0) throw badRequest(problems);
}
