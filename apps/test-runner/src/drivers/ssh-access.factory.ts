import { SshVmAccess, openSshAccess as openVmSshAccess } from '@patchproof/ssh-access';
import { DataSource } from 'typeorm';
import { TEST_RUNNER_SCHEMA } from '../database/schema';
import { PerformanceBaselineStore } from '../execution/performance-baseline.store';
import { TestRunnerConfig } from '../test-runner.config';

/** This service's SSH access: see openSshAccess in @patchproof/ssh-access. */
export function openSshAccess(config: TestRunnerConfig, dataSource: DataSource): SshVmAccess {
  return openVmSshAccess(config, dataSource, TEST_RUNNER_SCHEMA, { baselines: new PerformanceBaselineStore(dataSource) });
}
