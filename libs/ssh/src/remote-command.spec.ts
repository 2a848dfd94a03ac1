import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CappedOutput } from './capped-output';
import { redactText } from './redaction';
import { withRemoteDeadline } from './remote-command';
import { shellCommand } from './shell-quote';

/** Runs a wrapped command line through a local sh, as sshd would through the login shell. */
function runLocally(argv: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('/bin/sh', ['-c', withRemoteDeadline(shellCommand(argv), timeoutMs)], { encoding: 'utf8', env });
}

describe('withRemoteDeadline', () => {
  it('runs the argv unchanged and keeps its exit status', () => {
    const result = runLocally(['sh', '-c', 'printf "%s|" "$@"; exit 7', 'sh', "it's", '$(id)', ''], 10_000);
    expect(result.stdout).toBe("it's|$(id)||");
    expect(result.status).toBe(7);
  });

  it('gives the remote side one second more than the local deadline, rounded up', () => {
    expect(withRemoteDeadline('true', 1)).toContain('timeout -s KILL 2 true');
    expect(withRemoteDeadline('true', 30_000)).toContain('timeout -s KILL 31 true');
  });

  it('kills the command when the remote deadline passes', () => {
    const started = Date.now();
    const result = runLocally(['sleep', '30'], 1);
    expect(result.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('still runs the command where there is no timeout binary', () => {
    const bin = mkdtempSync(join(tmpdir(), 'patchproof-path-'));
    try {
      symlinkSync(['/usr/bin/printf', '/bin/printf'].find((path) => existsSync(path))!, join(bin, 'printf'));
      const result = runLocally(['printf', 'ok'], 10_000, { PATH: bin });
      expect(result.stdout).toBe('ok');
      expect(result.status).toBe(0);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('CappedOutput', () => {
  it('keeps the first bytes up to the cap and flags the rest as dropped', () => {
    const output = new CappedOutput(5);
    output.push(Buffer.from('abc'));
    expect(output.truncated).toBe(false);
    output.push(Buffer.from('defg'));
    output.push(Buffer.from('h'));
    expect(output.text()).toBe('abcde');
    expect(output.truncated).toBe(true);
  });

  it('with a zero cap keeps nothing but still notices output', () => {
    const output = new CappedOutput(0);
    output.push(Buffer.from('x'));
    expect(output.text()).toBe('');
    expect(output.truncated).toBe(true);
  });
});

describe('redactText', () => {
  it('masks sensitive values raw and as quoted, and private key blocks', () => {
    const line = shellCommand(['mysql', "--password=it's", 'it\'s']) + ' -----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----';
    const shown = redactText(line, ["it's"]);
    expect(shown).not.toContain("it's");
    expect(shown).not.toContain("it'\\''s");
    expect(shown).not.toContain('AAAA');
    expect(shown).toContain('[redacted]');
  });
});
