import { Severity } from '@patchproof/contracts';
import { scoreCvssVector } from './cvss';
import { isJsonObject, JsonObject, objectAt, optionalArrayAt, stringAt } from './json-reader';
import { maxSeverity, severityFromSummaryPrefix, severityFromWord } from './severity';

interface SeverityEntry {
  type: string;
  score: string;
}

/** The schema-defined `severity` array: [{ type, score }]. */
function severityEntries(value: unknown, path: string): SeverityEntry[] {
  return optionalArrayAt(value, path).map((item, index) => {
    const object = objectAt(item, `${path}[${index}]`);
    return { type: stringAt(object.type, `${path}[${index}].type`), score: stringAt(object.score, `${path}[${index}].score`) };
  });
}

/** `{ severity: "HIGH" }` in free-form database_specific / ecosystem_specific; anything else is ignored. */
function freeFormWord(value: unknown): Severity | undefined {
  if (!isJsonObject(value) || typeof value.severity !== 'string') return undefined;
  return severityFromWord(value.severity);
}

/** Ubuntu's per-CVE ratings in affected[].database_specific.cves_map.cves[].severity (free-form, read leniently). */
function ubuntuCveEntries(entry: JsonObject): SeverityEntry[] {
  const specific = entry.database_specific;
  const cvesMap = isJsonObject(specific) ? specific.cves_map : undefined;
  const cves = isJsonObject(cvesMap) && Array.isArray(cvesMap.cves) ? cvesMap.cves : [];
  return cves.flatMap((cve: unknown) => {
    const severity = isJsonObject(cve) && Array.isArray(cve.severity) ? cve.severity : [];
    return severity.filter((item: unknown): item is SeverityEntry => isJsonObject(item) && typeof item.type === 'string' && typeof item.score === 'string');
  });
}

function allSeverityEntries(record: JsonObject, affected: readonly JsonObject[]): SeverityEntry[] {
  return [
    ...severityEntries(record.severity, 'severity'),
    ...affected.flatMap((entry, index) => severityEntries(entry.severity, `affected[${index}].severity`)),
    ...affected.flatMap(ubuntuCveEntries),
  ];
}

function cvssSeverity(entry: SeverityEntry): Severity | undefined {
  return entry.type === 'CVSS_V3' || entry.type === 'CVSS_V2' ? scoreCvssVector(entry.score)?.severity : undefined;
}

/**
 * An OSV record's severity, first source that has one:
 * 1. database_specific.severity; 2. affected[].ecosystem_specific/database_specific.severity (highest);
 * 3. vendor ratings in severity[] of type "Ubuntu" (highest); 4. a Red Hat-style summary prefix
 * ("Important: …"); 5. the highest CVSS v3/v2 base score in severity[] (record, affected, Ubuntu cves_map).
 * CVSS v4 vectors are not scored. Undefined when no source gives a rating.
 */
export function osvSeverity(record: JsonObject, affected: readonly JsonObject[], summary: string | undefined): Severity | undefined {
  const entries = allSeverityEntries(record, affected);
  return (
    freeFormWord(record.database_specific) ??
    maxSeverity(affected.flatMap((entry) => [freeFormWord(entry.ecosystem_specific), freeFormWord(entry.database_specific)])) ??
    maxSeverity(entries.filter((entry) => entry.type === 'Ubuntu').map((entry) => severityFromWord(entry.score))) ??
    severityFromSummaryPrefix(summary) ??
    maxSeverity(entries.map(cvssSeverity))
  );
}
