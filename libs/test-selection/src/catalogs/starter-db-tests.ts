import { SqlDefinition } from '../test-definition';
import { SeedTest, seedTest, shell } from './catalog-seed';
import { JAPANESE, PERFORMANCE, PORT, SERVICE, ssh } from './starter-common';
import { asPostgres, cpuCostOf, mariadbCli, psql, serviceComesBack, withHelpers } from './starter-scripts';

const JAPANESE_SJIS_TRAPS = '全角ＡＢＣ・半角ｶﾅ・波ダッシュ〜・全角マイナス－';

function sql(statements: string[], expectRows?: SqlDefinition['expectRows'], engine?: SqlDefinition['engine']): SqlDefinition {
  return { kind: 'sql', service: SERVICE, statements, ...(expectRows ? { expectRows } : {}), ...(engine ? { engine } : {}) };
}

export const DB_FUNCTION_GROUP_TESTS: SeedTest[] = [
  seedTest('db-sql-crud', 'function-group', 'db', 'Table CRUD by SQL', {
    description: 'Create a table, insert, update, delete and read rows back.',
    definition: sql([
      'DROP TABLE IF EXISTS pp_crud',
      'CREATE TABLE pp_crud (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL)',
      "INSERT INTO pp_crud (id, name) VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')",
      "UPDATE pp_crud SET name = 'delta' WHERE id = 2",
      'DELETE FROM pp_crud WHERE id = 3',
      'SELECT id, name FROM pp_crud ORDER BY id',
      'DROP TABLE pp_crud',
    ], [[1, 'alpha'], [2, 'delta']]),
  }),
  seedTest('db-transaction-commit', 'function-group', 'db', 'Transaction commit', {
    definition: sql([
      'DROP TABLE IF EXISTS pp_tx_commit',
      'CREATE TABLE pp_tx_commit (id INTEGER PRIMARY KEY)',
      'START TRANSACTION',
      'INSERT INTO pp_tx_commit (id) VALUES (1)',
      'INSERT INTO pp_tx_commit (id) VALUES (2)',
      'COMMIT',
      'SELECT id FROM pp_tx_commit ORDER BY id',
      'DROP TABLE pp_tx_commit',
    ], [[1], [2]]),
  }),
  seedTest('db-transaction-rollback', 'function-group', 'db', 'Transaction rollback', {
    description: 'Changes inside a rolled-back transaction leave no trace.',
    definition: sql([
      'DROP TABLE IF EXISTS pp_tx_rollback',
      'CREATE TABLE pp_tx_rollback (id INTEGER PRIMARY KEY)',
      'INSERT INTO pp_tx_rollback (id) VALUES (1)',
      'START TRANSACTION',
      'INSERT INTO pp_tx_rollback (id) VALUES (2)',
      'UPDATE pp_tx_rollback SET id = 10 WHERE id = 1',
      'ROLLBACK',
      'SELECT id FROM pp_tx_rollback ORDER BY id',
      'DROP TABLE pp_tx_rollback',
    ], [[1]]),
  }),
  seedTest('db-japanese-text-roundtrip', 'function-group', 'db', 'Japanese text survives the patch (garbling check)', {
    subject: 'data',
    description: 'Multibyte Japanese rows (including characters Shift_JIS mappings confuse) are written before the patch and read back after it.',
    prepare: sql([
      'DROP TABLE IF EXISTS pp_japanese',
      'CREATE TABLE pp_japanese (id INTEGER PRIMARY KEY, body VARCHAR(200) NOT NULL)',
      `INSERT INTO pp_japanese (id, body) VALUES (1, '${JAPANESE}'), (2, '${JAPANESE_SJIS_TRAPS}')`,
    ]),
    definition: sql(['SELECT id, body FROM pp_japanese ORDER BY id'], [[1, JAPANESE], [2, JAPANESE_SJIS_TRAPS]]),
  }),
  seedTest('db-data-persistence', 'function-group', 'db', 'Rows written before the patch are still there', {
    subject: 'data',
    prepare: sql([
      'DROP TABLE IF EXISTS pp_persist',
      'CREATE TABLE pp_persist (id INTEGER PRIMARY KEY, label VARCHAR(32) NOT NULL)',
      "INSERT INTO pp_persist (id, label) VALUES (1, 'before-patch-1'), (2, 'before-patch-2'), (3, 'before-patch-3')",
    ]),
    definition: sql(['SELECT id, label FROM pp_persist ORDER BY id'], [[1, 'before-patch-1'], [2, 'before-patch-2'], [3, 'before-patch-3']]),
  }),
  seedTest('db-numeric-precision', 'function-group', 'db', 'Exact decimal arithmetic', {
    definition: sql(["SELECT CASE WHEN CAST(1234567.89 AS DECIMAL(12,2)) * 3 = 3703703.67 THEN 'exact' ELSE 'inexact' END"], [['exact']]),
  }),
  seedTest('db-join-aggregate', 'function-group', 'db', 'Join and aggregate', {
    definition: sql([
      'DROP TABLE IF EXISTS pp_orders',
      'DROP TABLE IF EXISTS pp_customers',
      'CREATE TABLE pp_customers (id INTEGER PRIMARY KEY, name VARCHAR(32) NOT NULL)',
      'CREATE TABLE pp_orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, amount INTEGER NOT NULL)',
      "INSERT INTO pp_customers (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
      'INSERT INTO pp_orders (id, customer_id, amount) VALUES (1, 1, 100), (2, 1, 250), (3, 2, 350), (4, 3, 10)',
      'SELECT c.name FROM pp_customers c JOIN pp_orders o ON o.customer_id = c.id GROUP BY c.name HAVING SUM(o.amount) = 350 ORDER BY c.name',
      'DROP TABLE pp_orders',
      'DROP TABLE pp_customers',
    ], [['ann'], ['bob']]),
  }),
  seedTest('db-tcp-connect', 'function-group', 'db', 'Database port accepts connections', {
    // On the VM: Debian's PostgreSQL and MariaDB listen on the loopback only, out of the runner's reach.
    description: 'A TCP connection to the listening port on the VM\'s loopback (127.0.0.1, else ::1).',
    definition: ssh(withHelpers('port_open "$1" && echo "port $1 accepts connections"', PORT)),
  }),
  seedTest('db-large-value', 'function-group', 'db', 'Large value round trip', {
    definition: sql([
      'DROP TABLE IF EXISTS pp_large',
      'CREATE TABLE pp_large (id INTEGER PRIMARY KEY, body TEXT)',
      "INSERT INTO pp_large (id, body) VALUES (1, REPEAT('x', 60000))",
      "SELECT CASE WHEN LENGTH(body) = 60000 THEN 'intact' ELSE 'truncated' END FROM pp_large",
      'DROP TABLE pp_large',
    ], [['intact']]),
  }),
  seedTest('db-defaults-and-null', 'function-group', 'db', 'Column defaults and NULL', {
    definition: sql([
      'DROP TABLE IF EXISTS pp_defaults',
      "CREATE TABLE pp_defaults (id INTEGER PRIMARY KEY, status VARCHAR(16) DEFAULT 'new' NOT NULL, note VARCHAR(64))",
      'INSERT INTO pp_defaults (id) VALUES (1)',
      'SELECT id, status, note FROM pp_defaults',
      'DROP TABLE pp_defaults',
    ], [[1, 'new', null]]),
  }),
  seedTest('db-date-arithmetic', 'function-group', 'db', 'Date arithmetic across a leap day', {
    definition: sql(["SELECT CAST(DATE '2024-02-28' + INTERVAL '1' DAY AS CHAR(10))"], [['2024-02-29']]),
  }),
  seedTest('db-service-restart', 'function-group', 'db', 'Database service survives a restart', {
    description: 'Restarted with the VM\'s service manager (pp-service on namespace VMs, else systemctl), then running and accepting connections again.',
    definition: ssh(serviceComesBack('restart', SERVICE, PORT)),
    timeoutMs: 180_000,
  }),
];

export const POSTGRESQL_TESTS: SeedTest[] = [
  seedTest('pg-explain-index-scan', 'software-group', 'postgresql', 'Index is used (EXPLAIN)', {
    definition: ssh(psql(
      'CREATE TEMP TABLE pp_explain (id integer PRIMARY KEY, k integer); CREATE INDEX pp_explain_k ON pp_explain (k); ' +
        'INSERT INTO pp_explain SELECT g, g % 1000 FROM generate_series(1, 20000) g; ANALYZE pp_explain; EXPLAIN SELECT id FROM pp_explain WHERE k = 42',
    ), { expectExit: 0, expectStdout: '(using|on) pp_explain_k' }),
  }),
  seedTest('pg-dump-restore', 'software-group', 'postgresql', 'pg_dump / restore round trip', {
    description: 'A table with Japanese text dumped with pg_dump and restored into a scratch database.',
    definition: ssh(asPostgres(
      'set -e; dropdb --if-exists pp_dump_src; dropdb --if-exists pp_dump_dst; createdb -T template0 -E UTF8 pp_dump_src; createdb -T template0 -E UTF8 pp_dump_dst; ' +
        'psql -Xq -v ON_ERROR_STOP=1 -d pp_dump_src -c "$1"; pg_dump pp_dump_src | psql -Xq -v ON_ERROR_STOP=1 -d pp_dump_dst; ' +
        'psql -XAt -d pp_dump_dst -c "SELECT id, body FROM pp_roundtrip"; dropdb pp_dump_src; dropdb pp_dump_dst',
      `CREATE TABLE pp_roundtrip (id integer PRIMARY KEY, body text); INSERT INTO pp_roundtrip VALUES (1, '${JAPANESE}')`,
    ), { expectExit: 0, expectStdout: `^1\\|${JAPANESE}\\s*$` }),
    timeoutMs: 300_000,
  }),
  seedTest('pg-select-loop-performance', 'software-group', 'postgresql', 'Simple select loop (pgbench-like): CPU time before and after', {
    ...PERFORMANCE,
    definition: ssh(cpuCostOf(
      'cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -c "$1"',
      "DO $$ BEGIN FOR i IN 1..200000 LOOP PERFORM relname FROM pg_class WHERE oid = 'pg_class'::regclass; END LOOP; END $$",
    )),
    timeoutMs: 300_000,
  }),
  seedTest('pg-log-writing', 'software-group', 'postgresql', 'Server log is written', {
    description: 'A failing statement with a unique name shows up in /var/log/postgresql.',
    definition: ssh(asPostgres(
      'm="pp_log_probe_$$"; psql -Xq -c "SELECT $m" >/dev/null 2>&1; i=0; ' +
        'until grep -rqs -- "$m" /var/log/postgresql/; do i=$((i + 1)); [ "$i" -ge 100 ] && { echo "no log line for $m" >&2; exit 1; }; sleep 0.1; done; echo "$m logged"',
    )),
  }),
  seedTest('pg-config-reload', 'software-group', 'postgresql', 'Configuration is valid and reloads', {
    description: 'pg_reload_conf(), then no error in postgresql.conf (pg_file_settings) or pg_hba.conf (pg_hba_file_rules).',
    definition: sql([
      'SELECT pg_reload_conf()',
      'SELECT (SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL) + (SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL)',
    ], [[0]], 'postgresql'),
  }),
  seedTest('pg-cluster-online', 'software-group', 'postgresql', 'Every cluster is online', {
    definition: ssh(shell('out=$(pg_lsclusters --no-header) && [ -n "$out" ] || exit 1; printf "%s\\n" "$out"; ! printf "%s\\n" "$out" | grep -v " online "'), { expectExit: 0, expectStdout: 'online' }),
  }),
  seedTest('pg-vacuum-analyze', 'software-group', 'postgresql', 'VACUUM ANALYZE after deletes', {
    definition: sql([
      'DROP TABLE IF EXISTS pp_vacuum',
      'CREATE TABLE pp_vacuum (id integer PRIMARY KEY)',
      'INSERT INTO pp_vacuum SELECT generate_series(1, 1000)',
      'DELETE FROM pp_vacuum WHERE id > 10',
      'VACUUM ANALYZE pp_vacuum',
      'SELECT max(id) FROM pp_vacuum',
      'DROP TABLE pp_vacuum',
    ], [[10]], 'postgresql'),
  }),
];

export const MARIADB_MYSQL_TESTS: SeedTest[] = [
  seedTest('mysql-explain-index', 'software-group', 'mariadb-mysql', 'Index is used (EXPLAIN)', {
    definition: ssh(mariadbCli(
      'CREATE DATABASE IF NOT EXISTS patchproof_verify; USE patchproof_verify; DROP TABLE IF EXISTS pp_explain; ' +
        'CREATE TABLE pp_explain (id INT PRIMARY KEY, k INT, KEY pp_explain_k (k)); ' +
        'INSERT INTO pp_explain WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n, n % 100 FROM s; ' +
        'ANALYZE TABLE pp_explain; EXPLAIN SELECT id FROM pp_explain WHERE k = 42; DROP TABLE pp_explain',
    ), { expectExit: 0, expectStdout: '\\tpp_explain_k\\tpp_explain_k\\t' }),
  }),
  seedTest('mysql-dump-restore', 'software-group', 'mariadb-mysql', 'mysqldump / restore round trip', {
    description: 'A table with Japanese text dumped with mariadb-dump (mysqldump) and restored into a scratch database.',
    definition: ssh(shell(
      'set -e; cli=$(command -v mariadb || command -v mysql); dump=$(command -v mariadb-dump || command -v mysqldump); ' +
        '"$cli" -e "DROP DATABASE IF EXISTS pp_dump_src; DROP DATABASE IF EXISTS pp_dump_dst; ' +
        'CREATE DATABASE pp_dump_src CHARACTER SET utf8mb4; CREATE DATABASE pp_dump_dst CHARACTER SET utf8mb4"; ' +
        '"$cli" --default-character-set=utf8mb4 pp_dump_src -e "$1"; "$dump" --single-transaction --default-character-set=utf8mb4 pp_dump_src | "$cli" --default-character-set=utf8mb4 pp_dump_dst; ' +
        '"$cli" --batch --skip-column-names --default-character-set=utf8mb4 pp_dump_dst -e "SELECT id, body FROM pp_roundtrip"; "$cli" -e "DROP DATABASE pp_dump_src; DROP DATABASE pp_dump_dst"',
      `CREATE TABLE pp_roundtrip (id INT PRIMARY KEY, body VARCHAR(100)) CHARACTER SET utf8mb4; INSERT INTO pp_roundtrip VALUES (1, '${JAPANESE}')`,
    ), { expectExit: 0, expectStdout: `^1\\t${JAPANESE}\\s*$` }),
    timeoutMs: 300_000,
  }),
  seedTest('mysql-select-loop-performance', 'software-group', 'mariadb-mysql', 'Simple select loop (BENCHMARK): CPU time before and after', {
    ...PERFORMANCE,
    definition: ssh(cpuCostOf('"$(command -v mariadb || command -v mysql)" --batch -e "$1"', "SELECT BENCHMARK(1000000, MD5('patchproof'))")),
    timeoutMs: 300_000,
  }),
  seedTest('mysql-admin-ping', 'software-group', 'mariadb-mysql', 'Server answers mysqladmin ping', {
    definition: ssh(shell('exec "$(command -v mariadb-admin || command -v mysqladmin)" ping'), { expectExit: 0, expectStdout: 'is alive' }),
  }),
  seedTest('mysql-innodb-default', 'software-group', 'mariadb-mysql', 'InnoDB is the default engine', {
    definition: ssh(mariadbCli("SELECT ENGINE, SUPPORT FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB'"), { expectExit: 0, expectStdout: '^InnoDB\\tDEFAULT' }),
  }),
  seedTest('mysql-utf8mb4-data', 'software-group', 'mariadb-mysql', 'Four-byte characters survive the patch (utf8mb4)', {
    subject: 'data',
    prepare: sql([
      'DROP TABLE IF EXISTS pp_utf8mb4',
      'CREATE TABLE pp_utf8mb4 (id INT PRIMARY KEY, body VARCHAR(100)) CHARACTER SET utf8mb4',
      "INSERT INTO pp_utf8mb4 (id, body) VALUES (1, '𠮷野家の寿司🍣')",
    ], undefined, 'mariadb'),
    definition: sql(['SELECT id, body FROM pp_utf8mb4'], [[1, '𠮷野家の寿司🍣']], 'mariadb'),
  }),
];
