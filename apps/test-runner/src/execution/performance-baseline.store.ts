import { BaselineKey, BaselineStore } from '@patchproof/ssh-access';
import { DataSource } from 'typeorm';

/**
 * Performance baselines taken at prepare, read at verify: `test_runner.performance_baseline`. A
 * repeated preparation (redelivery after a crash) measures again and replaces the value.
 */
export class PerformanceBaselineStore implements BaselineStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(key: BaselineKey): Promise<number | undefined> {
    const rows = (await this.dataSource.query(
      'SELECT value FROM test_runner.performance_baseline WHERE run_id = $1 AND vm_id = $2 AND test_id = $3 AND target = $4',
      [key.runId, key.vmId, key.testId, key.target ?? ''],
    )) as Array<{ value: number }>;
    return rows[0]?.value;
  }

  async record(key: BaselineKey, value: number, unit: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO test_runner.performance_baseline (run_id, vm_id, test_id, target, value, unit) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (run_id, vm_id, test_id, target) DO UPDATE SET value = EXCLUDED.value, unit = EXCLUDED.unit, measured_at = now()`,
      [key.runId, key.vmId, key.testId, key.target ?? '', value, unit],
    );
  }
}
