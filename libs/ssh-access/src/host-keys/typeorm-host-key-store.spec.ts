import { HostKeyMismatchError, verifyHostKey } from '@patchproof/ssh';
import { createTestDatabase, TestDatabase } from '@patchproof/testing';
import { DataSource } from 'typeorm';
import { TypeOrmHostKeyStore } from './typeorm-host-key-store';

describe('TypeOrmHostKeyStore (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('pp_hostkey');
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await dataSource.query('CREATE SCHEMA inventory');
    await dataSource.query('CREATE TABLE inventory.host_key (vm_id text PRIMARY KEY, fingerprint text NOT NULL, first_seen timestamptz NOT NULL DEFAULT now())');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('records a pin once and never replaces it', async () => {
    const store = new TypeOrmHostKeyStore(dataSource, 'inventory');
    expect(await store.get('vm-1')).toBeUndefined();
    await store.record('vm-1', 'SHA256:first');
    await store.record('vm-1', 'SHA256:second');
    expect(await store.get('vm-1')).toBe('SHA256:first');
    const [row] = (await dataSource.query('SELECT first_seen FROM inventory.host_key WHERE vm_id = $1', ['vm-1'])) as Array<{ first_seen: Date }>;
    expect(row.first_seen).toBeInstanceOf(Date);
  });

  it('makes verifyHostKey refuse another key and lets one of two racing first contacts win', async () => {
    const store = new TypeOrmHostKeyStore(dataSource, 'inventory');
    await expect(verifyHostKey(store, 'vm-2', 'SHA256:a')).resolves.toBe('recorded');
    await expect(verifyHostKey(store, 'vm-2', 'SHA256:b')).rejects.toBeInstanceOf(HostKeyMismatchError);
    const racing = await Promise.allSettled([verifyHostKey(store, 'vm-3', 'SHA256:x'), verifyHostKey(store, 'vm-3', 'SHA256:y')]);
    expect(racing.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('accepts only schema names', () => {
    expect(() => new TypeOrmHostKeyStore(dataSource, 'inventory"; DROP TABLE x; --')).toThrow(/not a schema name/);
  });
});
