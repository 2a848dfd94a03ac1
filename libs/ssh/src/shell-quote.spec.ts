import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { shellCommand, shellQuote } from './shell-quote';

/** Small seeded PRNG (mulberry32) so a failing case can be reproduced from the seed in the test name. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ["'", '"', '\\', '$', '`', '(', ')', '{', '}', '[', ']', '*', '?', '~', '#', '!', '&', ';', '|', '<', '>',
  ' ', '\t', '\n', '\r', '=', '%', '-', '--', '$(id)', '`id`', '${HOME}', "'\\''", '\x01', '\x7f', 'é', '日本', '😀', 'if', '*.*'];

function randomArg(random: () => number): string {
  const length = Math.floor(random() * 12);
  let out = '';
  for (let i = 0; i < length; i++) {
    const pick = random();
    if (pick < 0.6) out += NASTY[Math.floor(random() * NASTY.length)];
    else if (pick < 0.85) out += String.fromCharCode(0x20 + Math.floor(random() * 0x5f));
    else out += String.fromCodePoint(1 + Math.floor(random() * 0xd7fe)); // any BMP scalar except NUL and surrogates
  }
  return out;
}

/** Runs the quoted command line through a real shell and returns the argv printf received, NUL-separated. */
function argvSeenByShell(shell: string, args: string[]): string[] {
  const result = spawnSync(shell, ['-c', shellCommand(['printf', '%s\\0', ...args])], { encoding: 'buffer' });
  if (result.status !== 0) throw new Error(`${shell} failed (${result.status}): ${result.stderr.toString()}`);
  const parts = result.stdout.toString('utf8').split('\0');
  parts.pop(); // printf's output ends with a NUL
  return parts;
}

const shells = ['/bin/sh', '/bin/bash'].filter((shell) => existsSync(shell));

describe('shellQuote', () => {
  it('leaves plain words readable and quotes everything else', () => {
    expect(shellQuote('apt-get')).toBe('apt-get');
    expect(shellQuote('/var/lib/x_1.2+3:4@host,5%')).toBe('/var/lib/x_1.2+3:4@host,5%');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
  });

  it('quotes words the shell would treat as syntax or assignments', () => {
    expect(shellQuote('if')).toBe("'if'");
    expect(shellQuote('A=b')).toBe("'A=b'");
    expect(shellQuote('~root')).toBe("'~root'");
    expect(shellQuote('#comment')).toBe("'#comment'");
  });

  it('refuses NUL, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
    expect(() => shellCommand(['echo', '\0'])).toThrow(/NUL/);
  });

  it('refuses an empty argv or program name', () => {
    expect(() => shellCommand([])).toThrow(/non-empty/);
    expect(() => shellCommand(['', 'x'])).toThrow(/program name/);
  });
});

describe.each(shells)('shellCommand through %s -c', (shell) => {
  it('delivers reserved words, assignments and metacharacters as plain argv', () => {
    const args = ['if', 'A=b', '~', '#x', '$(id)', '`id`', "'", '"', '\\', '\n', '', ' ', '*', '-n', '--', 'a\nb\r\n'];
    expect(argvSeenByShell(shell, args)).toEqual(args);
  });

  it('runs a program whose name needs quoting', () => {
    const result = spawnSync(shell, ['-c', `${shellCommand(['if'])} 2>/dev/null; echo $?`], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('127'); // looked up as a command, not parsed as a keyword
  });

  const seeds = Array.from({ length: 20 }, (_, index) => 1000 + index);
  it.each(seeds)('delivers 50 random nasty arguments unchanged (seed %i)', (seed) => {
    const random = prng(seed);
    const args = Array.from({ length: 50 }, () => randomArg(random));
    expect(argvSeenByShell(shell, args)).toEqual(args);
  });
});
