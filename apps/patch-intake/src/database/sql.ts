import { EntityManager } from 'typeorm';

/**
 * The rows of a statement, whatever its kind. TypeORM's `manager.query` answers UPDATE and DELETE
 * with `[rows, count]` but SELECT and INSERT with `rows`; the structured result is uniform.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return (result.records ?? []) as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
