import { PatchSpec } from '@patchproof/contracts';
import { AdvisoryError } from './advisory-error';
import { ConversionOptions, DEFAULT_SEVERITY } from './conversion.types';
import { finalizePatch } from './finalize-patch';
import { JsonObject, objectAt, optionalArrayAt, optionalStringAt, stringArrayAt, stringAt, truncate, unique } from './json-reader';
import { osvPackages } from './osv-packages';
import { osvSeverity } from './osv-severity';
import { timestampAt } from './published-at';

const TITLE_MAX = 500;

/** summary, else the first line of details, else the id. */
function osvTitle(record: JsonObject, id: string, summary: string | undefined): { title: string; from: string } {
  if (summary !== undefined) return { title: truncate(summary, TITLE_MAX), from: 'summary' };
  const details = optionalStringAt(record.details, 'details');
  const firstLine = details?.split('\n').find((line) => line.trim() !== '');
  if (firstLine !== undefined) return { title: truncate(firstLine.trim(), 200), from: 'details' };
  return { title: id, from: 'id' };
}

/** `published`, else `modified` (the only timestamp OSV requires). */
function osvPublished(record: JsonObject): string {
  const published = optionalStringAt(record.published, 'published');
  if (published !== undefined) return timestampAt(published, 'published');
  return timestampAt(stringAt(record.modified, 'modified'), 'modified');
}

/** The record's id, then aliases (same vulnerability), upstream (what it derives from), related (e.g. the CVEs an ALSA fixes). */
function osvAdvisoryIds(record: JsonObject, id: string): string[] {
  return unique([
    id,
    ...stringArrayAt(record.aliases, 'aliases'),
    ...stringArrayAt(record.upstream, 'upstream'),
    ...stringArrayAt(record.related, 'related'),
  ]);
}

function affectedEntries(record: JsonObject): JsonObject[] {
  return optionalArrayAt(record.affected, 'affected').map((entry, index) => objectAt(entry, `affected[${index}]`));
}

/**
 * Maps an OSV record (https://ossf.github.io/osv-schema/) to a PatchSpec with source 'osv'.
 * Throws AdvisoryError naming the field at fault: a malformed record, a withdrawn one, an unknown
 * ecosystem, an invalid version, or no "fixed" event anywhere (nothing to install).
 * See docs/advisories.md for the mapping.
 */
export function osvToPatch(record: unknown, options: ConversionOptions = {}): PatchSpec {
  const osv = objectAt(record, '(record)');
  const id = stringAt(osv.id, 'id');
  const withdrawn = optionalStringAt(osv.withdrawn, 'withdrawn');
  if (withdrawn !== undefined) throw AdvisoryError.at('withdrawn', `the advisory was withdrawn on ${withdrawn}; there is nothing to patch`);
  const affected = affectedEntries(osv);
  const packages = osvPackages(affected);
  const summary = optionalStringAt(osv.summary, 'summary');
  const { title, from: titleFrom } = osvTitle(osv, id, summary);
  const severity = osvSeverity(osv, affected, summary) ?? options.defaultSeverity ?? DEFAULT_SEVERITY;
  const publishedAt = osvPublished(osv);
  return finalizePatch({
    fields: { id, title, severity, source: 'osv', advisoryIds: osvAdvisoryIds(osv, id), publishedAt },
    from: { id: 'id', title: titleFrom, advisoryIds: 'aliases/upstream/related', publishedAt: 'published' },
    packages,
  });
}
