import { SelectionRecord } from '../execution/selection.entity';
import { TestResultRecord } from '../execution/test-result.entity';
import { Initial1763900000000 } from './migrations/1763900000000-initial';
import { SshAccess1763900000001 } from './migrations/1763900000001-ssh-access';

export const TEST_RUNNER_SCHEMA = 'test_runner';
export const TEST_RUNNER_ENTITIES = [SelectionRecord, TestResultRecord];
export const TEST_RUNNER_MIGRATIONS = [Initial1763900000000, SshAccess1763900000001];
