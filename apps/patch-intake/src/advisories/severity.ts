import { Severity, severityRank } from '@patchproof/contracts';

/** Vendor rating words (Red Hat, Ubuntu, Debian, GHSA, CSAF aggregate_severity) → patch severity. */
const VENDOR_WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['critical', 'critical'],
  ['important', 'high'],
  ['high', 'high'],
  ['moderate', 'medium'],
  ['medium', 'medium'],
  ['low', 'low'],
  ['negligible', 'low'],
  ['unimportant', 'low'],
  ['none', 'none'],
]);

/** The severity a vendor's rating word means, or undefined for words like "untriaged". */
export function severityFromWord(word: string): Severity | undefined {
  return VENDOR_WORDS.get(word.trim().toLowerCase());
}

/** The highest of the given severities, or undefined when none is given. */
export function maxSeverity(values: Iterable<Severity | undefined>): Severity | undefined {
  let highest: Severity | undefined;
  for (const value of values) {
    if (value !== undefined && (highest === undefined || severityRank(value) > severityRank(highest))) highest = value;
  }
  return highest;
}

/** Red Hat-style advisory summaries start with the rating: "Important: openssh security update". */
export function severityFromSummaryPrefix(summary: string | undefined): Severity | undefined {
  const match = /^(Critical|Important|Moderate|Low):\s/.exec(summary ?? '');
  return match ? severityFromWord(match[1]) : undefined;
}
