import { PatchSpec } from '@patchproof/contracts';

/**
 * The fields that make up what a patch installs and how urgent it is. publishedAt is left out: a
 * native publication without one is stamped with the time it arrived, so a repeat always differs there.
 */
const CONTENT_FIELDS = ['title', 'severity', 'source', 'advisoryIds', 'packages', 'artifacts'] as const;

/** Content fields in which `incoming` differs from the patch stored under the same id; lists compare as sets. */
export function changedPatchFields(stored: PatchSpec, incoming: PatchSpec): string[] {
  return CONTENT_FIELDS.filter((field) => canonical(stored[field]) !== canonical(incoming[field]));
}

function canonical(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '[]';
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
