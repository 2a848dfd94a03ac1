import { parseMysqlBatchOutput, parsePsqlOutput, sqlCliCommand } from './sql-cli';
import { cellMatches, lastRows, rowsMatch } from './sql-rows';

describe('sqlCliCommand', () => {
  it('runs psql as the postgres user with the statements on stdin, each followed by a marker', () => {
    const { argv, stdin } = sqlCliCommand('postgresql', ['CREATE TABLE t (i int)', 'SELECT i FROM t'], 'patchproof_verify');
    expect(argv.slice(0, 5)).toEqual(['runuser', '-u', 'postgres', '--', 'sh']);
    expect(argv[argv.length - 1]).toBe('patchproof_verify');
    expect(argv[6]).toContain('psql -X -q --csv -t -P null=__PP_NULL__ -v ON_ERROR_STOP=1 -d "$1"');
    expect(stdin).toBe('CREATE TABLE t (i int);\n\\echo __PP_END__\nSELECT i FROM t;\n\\echo __PP_END__\n');
  });

  it('runs the mariadb client in batch mode in a database it creates', () => {
    const { argv, stdin } = sqlCliCommand('mariadb', ['SELECT 1'], 'pp_db');
    expect(argv[0]).toBe('sh');
    expect(argv[2]).toContain('--batch --skip-column-names --default-character-set=utf8mb4');
    expect(stdin).toBe("CREATE DATABASE IF NOT EXISTS `pp_db` CHARACTER SET utf8mb4;\nUSE `pp_db`;\nSELECT 1;\nSELECT '__PP_END__';\n");
  });

  it('refuses a database name that is not an identifier', () => {
    expect(() => sqlCliCommand('mariadb', ['SELECT 1'], 'x`; DROP DATABASE y; --')).toThrow(/sqlDatabase/);
  });
});

describe('CLI output parsing', () => {
  it('splits psql CSV into statements, NULL apart from empty text, quoted commas and line breaks kept', () => {
    const out = '__PP_END__\n__PP_END__\n1,日本語,__PP_NULL__\n2,"a,b""c",\n3,"two\nlines",""\n__PP_END__\n__PP_END__\n';
    const statements = parsePsqlOutput(out);
    expect(statements).toEqual([[], [], [['1', '日本語', null], ['2', 'a,b"c', ''], ['3', 'two\nlines', '']], []]);
    expect(lastRows(statements)).toEqual([['1', '日本語', null], ['2', 'a,b"c', ''], ['3', 'two\nlines', '']]);
  });

  it('keeps the rows printed before psql stopped at an error', () => {
    expect(parsePsqlOutput('__PP_END__\n1\n__PP_END__\n')).toEqual([[], [['1']]]);
    expect(parsePsqlOutput('5\n')).toEqual([[['5']]]);
  });

  it('splits mariadb batch output and undoes its escapes; NULL reads as null', () => {
    const out = '__PP_END__\n__PP_END__\n1\t𠮷野家の寿司🍣\tNULL\n2\ttab\\there\\nnewline\\\\\t\n__PP_END__\n';
    expect(parseMysqlBatchOutput(out)).toEqual([[], [], [['1', '𠮷野家の寿司🍣', null], ['2', 'tab\there\nnewline\\', '']]]);
  });
});

describe('row comparison', () => {
  it('compares numbers by value, booleans as t/f or 1/0, NULL only with null, text exactly', () => {
    expect(cellMatches(3703703.67, '3703703.67')).toBe(true);
    expect(cellMatches(3.5, '3.50')).toBe(true);
    expect(cellMatches(1, '')).toBe(false);
    expect(cellMatches(true, 't')).toBe(true);
    expect(cellMatches(true, '1')).toBe(true);
    expect(cellMatches(false, 't')).toBe(false);
    expect(cellMatches(null, null)).toBe(true);
    expect(cellMatches(null, '')).toBe(false);
    expect(cellMatches('', null)).toBe(false);
    expect(cellMatches('2024-02-29', '2024-02-29')).toBe(true);
    expect(rowsMatch([[1, 'alpha'], [2, 'delta']], [['1', 'alpha'], ['2', 'delta']])).toBe(true);
    expect(rowsMatch([[1, 'alpha']], [['1', 'alpha'], ['2', 'delta']])).toBe(false);
    expect(rowsMatch([[1]], [['1', 'extra']])).toBe(false);
  });
});
