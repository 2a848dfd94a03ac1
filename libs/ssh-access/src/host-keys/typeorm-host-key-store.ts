import type { HostKeyStore } from '@patchproof/ssh';
import type { DataSource } from 'typeorm';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Host-key pins in the calling service's own schema: `<schema>.host_key (vm_id text primary key,
 * fingerprint text, first_seen timestamptz)`, created by a migration of that service. Recording is
 * insert-if-absent, so a pin is never replaced (re-keying a VM is an explicit admin act).
 */
export class TypeOrmHostKeyStore implements HostKeyStore {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource, schema: string) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`TypeOrmHostKeyStore: "${schema}" is not a schema name`);
    this.table = `"${schema}".host_key`;
  }

  async get(vmId: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(`SELECT fingerprint FROM ${this.table} WHERE vm_id = $1`, [vmId])) as Array<{ fingerprint: string }>;
    return rows[0]?.fingerprint;
  }

  async record(vmId: string, fingerprint: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO ${this.table} (vm_id, fingerprint) VALUES ($1, $2) ON CONFLICT (vm_id) DO NOTHING`, [vmId, fingerprint]);
  }
}

