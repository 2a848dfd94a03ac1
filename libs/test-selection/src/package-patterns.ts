import { OsFamily } from '@patchproof/contracts';

const META = new Set([...'.[](){}*+?|^$']);
const OPTIONAL_QUANTIFIERS = new Set(['*', '?', '{']);

/**
 * The literal text every name matching an anchored regex starts with ("^postgresql-[0-9]+$" →
 * "postgresql-"), so a package is tried only against regexes whose prefix it has. "" when the regex
 * has alternation or starts with a class: such regexes are tried against every package.
 */
export function literalPrefix(pattern: string): string {
  if (!pattern.startsWith('^') || pattern.includes('|')) return '';
  let prefix = '';
  for (let index = 1; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break; // \d, \w, \b: not literal
      prefix += next;
      index++;
      continue;
    }
    if (META.has(char)) {
      if (OPTIONAL_QUANTIFIERS.has(char)) prefix = prefix.slice(0, -1); // the last literal may be absent
      break;
    }
    prefix += char;
  }
  return prefix;
}

/**
 * The upstream part of a package version: vendors' ranges (">=10.11 <10.12") are about it, not
 * about the distribution's epoch ("1:") or revision ("-0+deb12u1", "-1.el9", "-r0").
 */
export function upstreamVersion(family: OsFamily, version: string): string {
  const withoutEpoch = version.replace(/^[0-9]+:/, '');
  switch (family) {
    case 'debian':
    case 'rhel': {
      const hyphen = withoutEpoch.lastIndexOf('-');
      return hyphen > 0 ? withoutEpoch.slice(0, hyphen) : withoutEpoch;
    }
    case 'alpine':
      return withoutEpoch.replace(/-r[0-9]+$/, '');
    default:
      return withoutEpoch;
  }
}

/** The ecosystem whose version order compares upstream versions of an OS family (dpkg's order when unknown). */
export function comparisonEcosystem(family: OsFamily): string {
  switch (family) {
    case 'rhel':
      return 'Red Hat';
    case 'alpine':
      return 'Alpine';
    case 'windows':
      return 'Windows';
    default:
      return 'Debian';
  }
}
