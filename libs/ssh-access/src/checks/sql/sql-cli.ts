import { parseCsvCells } from '../../inventory/csv';
import { SqlEngine } from '../definition';
import { Cell, StatementRows } from './sql-rows';

/** Where the CLI runs the statements unless the test names a database (created when missing). */
export const DEFAULT_SQL_DATABASE = 'patchproof_verify';
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const END_MARK = '__PP_END__';
const NULL_MARK = '__PP_NULL__';

/**
 * As the postgres OS user (peer authentication, PostgreSQL's default): create the database if
 * missing (UTF-8, C collation so results do not depend on the VM's locales), then psql reads the
 * statements on stdin and prints CSV, NULL as a marker, stopping at the first error.
 */
const PSQL = `cd / && export PGCLIENTENCODING=UTF8 &&
createdb -T template0 -E UTF8 --lc-collate=C --lc-ctype=C "$1" 2>/dev/null
exec psql -X -q --csv -t -P null=${NULL_MARK} -v ON_ERROR_STOP=1 -d "$1"`;

/** As root over the socket (unix_socket authentication, MariaDB's default on Debian); batch mode stops at the first error. */
const MARIADB = `if command -v mariadb >/dev/null 2>&1; then client=mariadb; else client=mysql; fi
exec "$client" --batch --skip-column-names --default-character-set=utf8mb4`;

export interface SqlCliCommand {
  argv: string[];
  stdin: string;
}

export function assertDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) throw new Error(`sqlDatabase "${name}" must match ${DATABASE_NAME}`);
  return name;
}

/**
 * The command and its stdin for running statements on the VM: each statement is followed by a
 * marker line, so the output splits into each statement's rows.
 */
export function sqlCliCommand(engine: SqlEngine, statements: string[], database: string): SqlCliCommand {
  assertDatabaseName(database);
  if (engine === 'postgresql') {
    return { argv: ['runuser', '-u', 'postgres', '--', 'sh', '-c', PSQL, 'sh', database], stdin: statements.map((sql) => `${sql};\n\\echo ${END_MARK}\n`).join('') };
  }
  const use = `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4;\nUSE \`${database}\`;\n`;
  return { argv: ['sh', '-c', MARIADB], stdin: use + statements.map((sql) => `${sql};\nSELECT '${END_MARK}';\n`).join('') };
}

function splitAtMarks(rows: Cell[][]): StatementRows {
  const statements: StatementRows = [[]];
  for (const row of rows) {
    if (row.length === 1 && row[0] === END_MARK) statements.push([]);
    else statements[statements.length - 1].push(row);
  }
  return statements.slice(0, -1).concat(statements[statements.length - 1].length > 0 ? [statements[statements.length - 1]] : []);
}

/** psql --csv: NULL is the marker, every other cell its text. */
export function parsePsqlOutput(text: string): StatementRows {
  const rows = parseCsvCells(text).map((row) => row.map((cell): Cell => (!cell.quoted && cell.value === NULL_MARK ? null : cell.value)));
  return splitAtMarks(rows);
}

const MYSQL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', b: '\b', Z: '\x1a' };

/** mysql --batch escapes \n \t \\ \0 in cells and prints NULL as `NULL`, so a string 'NULL' reads as NULL too. */
function mysqlCell(raw: string): Cell {
  if (raw === 'NULL') return null;
  return raw.replace(/\\(.)/g, (whole, char: string) => MYSQL_ESCAPES[char] ?? whole);
}

export function parseMysqlBatchOutput(text: string): StatementRows {
  const rows = text.split('\n').filter((line, index, lines) => !(line === '' && index === lines.length - 1)).map((line) => line.split('\t').map(mysqlCell));
  return splitAtMarks(rows);
}
