/** Characters that never need quoting anywhere in a POSIX shell word (no `=`, `~`, `#`: they mean something at word start). */
const SAFE_WORD = /^[A-Za-z0-9_./:@,+%-]+$/;

/** Unquoted, these are syntax in command position, so a bare `if` would not run a program called `if`. */
const RESERVED_WORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in',
  'function', 'select', 'time', 'coproc',
]);

/**
 * Quotes one argument for a POSIX shell so the shell passes it through as exactly one unchanged word.
 * Inside single quotes nothing is special except `'` itself, which is closed, escaped and reopened.
 * NUL cannot be carried by any argv, so it is refused rather than silently truncating the argument.
 */
export function shellQuote(arg: string): string {
  if (typeof arg !== 'string') throw new TypeError(`shellQuote: expected a string, got ${typeof arg}`);
  if (arg.includes('\0')) throw new Error('shellQuote: argument contains a NUL byte, which no command line can carry');
  if (SAFE_WORD.test(arg) && !RESERVED_WORDS.has(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Builds a remote command line from an argv array; the remote shell splits it back into exactly that argv. */
export function shellCommand(argv: readonly string[]): string {
  if (!Array.isArray(argv) || argv.length === 0) throw new Error('shellCommand: argv must be a non-empty array');
  if (argv[0] === '') throw new Error('shellCommand: the program name (argv[0]) must not be empty');
  return argv.map(shellQuote).join(' ');
}
