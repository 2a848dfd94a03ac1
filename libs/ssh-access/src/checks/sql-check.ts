import { VmAccessError } from '@patchproof/vm-access';
import { addressOf } from '../connection/address';
import { outcomeOf, squeeze } from '../connection/transcript';
import { CheckContext, CheckOutcome, connectionFailure, remainingMs } from './check-context';
import { DefinitionError, SqlCheck, SqlEngine } from './definition';
import { DEFAULT_SQL_DATABASE, parseMysqlBatchOutput, parsePsqlOutput, sqlCliCommand } from './sql/sql-cli';
import { DEFAULT_SQL_PORTS, runSqlOverNetwork } from './sql/sql-network';
import { Cell, lastRows, rowsMatch, StatementRows } from './sql/sql-rows';

interface SqlRun {
  /** Rows per statement, as far as the statements got. */
  statements: StatementRows;
  /** Undefined when every statement ran; otherwise what stopped them. */
  error?: string;
  via: string;
}

function engineOf(check: SqlCheck): SqlEngine {
  if (!check.engine) throw new DefinitionError('definition.engine: the SQL engine was not bound at selection (no software with a SQL engine brought this test in)');
  return check.engine;
}

/** Default: the CLI on the VM over SSH, which works with PostgreSQL's and MariaDB's default (local-only) configuration. */
async function viaCli(engine: SqlEngine, check: SqlCheck, context: CheckContext): Promise<SqlRun> {
  const shell = await context.shell();
  const { argv, stdin } = sqlCliCommand(engine, check.statements, context.parameters.sqlDatabase ?? DEFAULT_SQL_DATABASE);
  const result = await shell.run(argv, { timeoutMs: remainingMs(context), stdin, maxOutputBytes: 4 * 1024 * 1024 });
  if (result.timedOut) throw new VmAccessError(`SQL on VM ${shell.vmId} timed out after ${result.durationMs} ms`, shell.vmId);
  const statements = engine === 'postgresql' ? parsePsqlOutput(result.stdout) : parseMysqlBatchOutput(result.stdout);
  const error = result.exitCode === 0 ? undefined : `${outcomeOf(result)}: ${squeeze(result.stderr.trim(), 1500)}`;
  return { statements, error, via: `${engine === 'postgresql' ? 'psql' : 'mariadb'} on the VM over SSH` };
}

/** With `sqlCredentialsRef` among the parameters: a network connection to the VM's address with those credentials. */
async function viaNetwork(engine: SqlEngine, check: SqlCheck, context: CheckContext, ref: string): Promise<SqlRun> {
  const credentials = await context.vault.get(ref).catch((error: unknown) => {
    throw new VmAccessError(`SQL credentials: ${error instanceof Error ? error.message : String(error)}`, context.vm.vmId);
  });
  const { host } = addressOf(context.vm);
  const port = Number(context.parameters.sqlPort ?? context.parameters.servicePort) || DEFAULT_SQL_PORTS[engine];
  const endpoint = { host, port, user: credentials.username, password: credentials.password, database: context.parameters.sqlDatabase ?? DEFAULT_SQL_DATABASE };
  const via = `${engine} at ${host}:${port} as ${credentials.username}`;
  return { ...(await runSqlOverNetwork(engine, check.statements, endpoint, remainingMs(context))), via };
}

function describeRows(rows: Cell[][] | undefined): string {
  return rows === undefined ? '(no statement returned rows)' : squeeze(JSON.stringify(rows), 2000);
}

function judge(check: SqlCheck, run: SqlRun, elapsedMs: number): CheckOutcome {
  const rows = lastRows(run.statements);
  const rowsOk = check.expectRows === undefined || (rows !== undefined && rowsMatch(check.expectRows, rows));
  const lines = [
    `${check.statements.length} statement(s) via ${run.via}`,
    ...(run.error ? [`stopped at statement ${run.statements.length}: ${run.error}`] : []),
    `rows: ${describeRows(rows)}`,
    ...(rowsOk ? [] : [`expected: ${JSON.stringify(check.expectRows)}`]),
  ];
  return { passed: !run.error && rowsOk, output: lines.join('\n'), elapsedMs };
}

/** Runs the statements in one session; passes when all ran and the last rows are the expected ones. */
export async function runSqlCheck(check: SqlCheck, context: CheckContext): Promise<CheckOutcome> {
  const engine = engineOf(check);
  const started = Date.now();
  const ref = context.parameters.sqlCredentialsRef;
  try {
    const run = ref ? await viaNetwork(engine, check, context, ref) : await viaCli(engine, check, context);
    return judge(check, run, Date.now() - started);
  } catch (error) {
    if (!ref || error instanceof VmAccessError || error instanceof DefinitionError) throw error;
    return connectionFailure(error, `SQL on ${engine}`, context, started);
  }
}
