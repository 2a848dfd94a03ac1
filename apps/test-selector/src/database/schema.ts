import { FunctionGroupEntity } from '../catalog/function-group.entity';
import { SoftwareGroupEntity, SoftwareGroupLinkEntity } from '../catalog/software-group.entity';
import { SoftwareEntity } from '../catalog/software.entity';
import { SelectionRecord } from '../selection/selection-record.entity';
import { TestCaseEntity, TestCaseVersionEntity } from '../test-cases/test-case.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { StarterCatalog1763900000001 } from './migrations/1763900000001-starter-catalog';

export const TEST_SELECTOR_SCHEMA = 'test_selector';
export const TEST_SELECTOR_ENTITIES = [
  FunctionGroupEntity, SoftwareGroupEntity, SoftwareGroupLinkEntity, SoftwareEntity, TestCaseEntity, TestCaseVersionEntity, SelectionRecord,
];
export const TEST_SELECTOR_MIGRATIONS = [Initial1763900000000, StarterCatalog1763900000001];
