import { Comparison, compareBytes, compareDigitRuns } from './chars';
import { VersionSyntaxError } from './errors';

/** apk-tools' token kinds, in apk's order (the order is part of the comparison). */
enum Token {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNo,
  CommitHash,
  RevisionNo,
  End,
  Invalid,
}

/** Suffix ranks: pre-release suffixes sort below NONE (no suffix), post-release ones above. */
const SUFFIX_RANK: ReadonlyMap<string, number> = new Map([
  ['alpha', 1], ['beta', 2], ['pre', 3], ['rc', 4], ['cvs', 6], ['svn', 7], ['git', 8], ['hg', 9], ['p', 10],
]);
const SUFFIX_NONE = 5;

interface TokenState {
  token: Token;
  value: string;
  suffix: number;
}

/** Walks an apk version `digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}` token by token. */
class ApkTokenizer {
  private position = 0;
  readonly state: TokenState = { token: Token.InitialDigit, value: '', suffix: 0 };

  constructor(private readonly text: string) {
    this.readDigits(Token.InitialDigit);
  }

  next(): void {
    if (this.position >= this.text.length) {
      this.state.token = Token.End;
      return;
    }
    const char = this.text[this.position];
    if (char >= 'a' && char <= 'z') this.readLetter();
    else if (char === '.' || (char >= '0' && char <= '9')) this.readNumber(char === '.');
    else if (char === '_') this.readSuffix();
    else if (char === '~') this.readCommitHash();
    else if (char === '-') this.readRevision();
    else this.state.token = Token.Invalid;
  }

  private take(pattern: RegExp): string {
    const match = pattern.exec(this.text.slice(this.position));
    const taken = match ? match[0] : '';
    this.position += taken.length;
    return taken;
  }

  private readDigits(token: Token): void {
    this.state.value = this.take(/^[0-9]+/);
    this.state.token = this.state.value === '' ? Token.Invalid : token;
  }

  private readLetter(): void {
    if (this.state.token > Token.Digit) return this.setInvalid();
    this.state.value = this.text[this.position++];
    this.state.token = Token.Letter;
  }

  private readNumber(dotted: boolean): void {
    const previous = this.state.token;
    if (dotted && previous > Token.Digit) return this.setInvalid();
    if (dotted) this.position++;
    if (previous === Token.InitialDigit || previous === Token.Digit) return this.readDigits(Token.Digit);
    if (previous === Token.Suffix) return this.readDigits(Token.SuffixNo);
    this.setInvalid();
  }

  private readSuffix(): void {
    if (this.state.token > Token.SuffixNo) return this.setInvalid();
    this.position++;
    this.state.value = this.take(/^[a-z]*/);
    const rank = SUFFIX_RANK.get(this.state.value);
    if (rank === undefined) return this.setInvalid();
    this.state.suffix = rank;
    this.state.token = Token.Suffix;
  }

  private readCommitHash(): void {
    if (this.state.token >= Token.CommitHash) return this.setInvalid();
    this.position++;
    this.state.value = this.take(/^[0-9a-f]+/);
    this.state.token = this.state.value === '' ? Token.Invalid : Token.CommitHash;
  }

  private readRevision(): void {
    if (this.state.token >= Token.RevisionNo || this.text.slice(this.position, this.position + 2) !== '-r') return this.setInvalid();
    this.position += 2;
    this.readDigits(Token.RevisionNo);
  }

  private setInvalid(): void {
    this.state.token = Token.Invalid;
  }
}

/** apk's token_cmp(); `a` and `b` hold the same token kind. */
function compareTokens(a: TokenState, b: TokenState): Comparison {
  switch (a.token) {
    case Token.Digit:
      if (a.value.startsWith('0') || b.value.startsWith('0')) return compareBytes(a.value, b.value);
      return compareDigitRuns(a.value, b.value);
    case Token.InitialDigit:
    case Token.SuffixNo:
    case Token.RevisionNo:
      return compareDigitRuns(a.value, b.value);
    case Token.Letter:
      return compareBytes(a.value, b.value);
    case Token.Suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
    default:
      return compareBytes(a.value, b.value);
  }
}

/** Throws unless apk-tools' apk_version_validate() accepts the version. */
export function validateApkVersion(version: string): void {
  const tokenizer = new ApkTokenizer(version);
  while (tokenizer.state.token < Token.End) tokenizer.next();
  if (tokenizer.state.token !== Token.End) {
    throw new VersionSyntaxError('apk', version, 'not of the form digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}');
  }
}

/** What decides the order once the common leading tokens are equal (apk's tail rules). */
function compareTails(a: TokenState, b: TokenState): Comparison {
  if (a.token === b.token) return 0;
  if (a.token === Token.Suffix && a.suffix < SUFFIX_NONE) return -1;
  if (b.token === Token.Suffix && b.suffix < SUFFIX_NONE) return 1;
  if (a.token > b.token) return -1;
  return b.token > a.token ? 1 : 0;
}

/**
 * Compares two Alpine (apk) versions like apk-tools' apk_version_compare(): "_alpha" < "_beta" <
 * "_pre" < "_rc" < no suffix < "_cvs" < "_svn" < "_git" < "_hg" < "_p", then "-r" revisions.
 * Versions that apk would reject as invalid throw instead of sorting arbitrarily.
 */
export function compareApk(a: string, b: string): Comparison {
  validateApkVersion(a);
  validateApkVersion(b);
  const x = new ApkTokenizer(a);
  const y = new ApkTokenizer(b);
  while (x.state.token === y.state.token && x.state.token < Token.End) {
    const result = compareTokens(x.state, y.state);
    if (result !== 0) return result;
    x.next();
    y.next();
  }
  return compareTails(x.state, y.state);
}
