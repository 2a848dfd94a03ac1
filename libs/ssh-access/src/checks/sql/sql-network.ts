import { createConnection, type FieldPacket } from 'mysql2/promise';
import { Client } from 'pg';
import { SqlEngine } from '../definition';
import { Cell, StatementRows } from './sql-rows';

/** The rows of each statement that ran; `error` says why the others did not. */
export interface NetworkSqlResult {
  statements: StatementRows;
  error?: string;
}

export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

function text(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** Every value as PostgreSQL's own text, so comparisons see what psql would print. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

/** Runs each statement in turn until one fails; a failing statement is a result (the database misbehaved), not an error. */
async function eachStatement(statements: string[], run: (sql: string) => Promise<Cell[][]>): Promise<NetworkSqlResult> {
  const rows: StatementRows = [];
  for (const sql of statements) {
    try {
      rows.push(await run(sql));
    } catch (error) {
      return { statements: rows, error: error instanceof Error ? error.message : String(error) };
    }
  }
  return { statements: rows };
}

async function viaPg(statements: string[], endpoint: SqlEndpoint, timeoutMs: number): Promise<NetworkSqlResult> {
  const client = new Client({ ...endpoint, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'patchproof-test-runner' });
  client.on('error', () => undefined); // a server gone mid-test surfaces through the pending query
  await client.connect();
  try {
    return await eachStatement(statements, async (sql) => {
      const result = await client.query<unknown[]>({ text: sql, rowMode: 'array', types: RAW_TEXT });
      return result.fields.length > 0 ? result.rows.map((row) => row.map(text)) : [];
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function viaMysql(statements: string[], endpoint: SqlEndpoint, timeoutMs: number): Promise<NetworkSqlResult> {
  const connection = await createConnection({ ...endpoint, connectTimeout: timeoutMs, charset: 'utf8mb4', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    return await eachStatement(statements, async (sql) => {
      const [result, fields] = (await connection.query({ sql, rowsAsArray: true, timeout: timeoutMs })) as [unknown, FieldPacket[] | undefined];
      return Array.isArray(fields) && Array.isArray(result) ? (result as unknown[][]).map((row) => row.map(text)) : [];
    });
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/** Runs the statements in order on one connection to the database server at the VM's address; a refused connection throws. */
export function runSqlOverNetwork(engine: SqlEngine, statements: string[], endpoint: SqlEndpoint, timeoutMs: number): Promise<NetworkSqlResult> {
  return engine === 'postgresql' ? viaPg(statements, endpoint, timeoutMs) : viaMysql(statements, endpoint, timeoutMs);
}

export const DEFAULT_SQL_PORTS: Record<SqlEngine, number> = { postgresql: 5432, mariadb: 3306 };
