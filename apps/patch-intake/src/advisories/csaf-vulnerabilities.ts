import { Severity } from '@patchproof/contracts';
import { FixedProductRef } from './csaf-packages';
import { scoreCvssVector } from './cvss';
import { JsonObject, objectAt, optionalArrayAt, optionalObjectAt, optionalStringAt, stringArrayAt, stringAt } from './json-reader';
import { severityFromWord } from './severity';

export interface CsafVulnerability {
  cve: string | undefined;
  fixed: FixedProductRef[];
  /** Vendor ratings from threats[] of category "impact" (Red Hat: "Important", …). */
  impacts: Severity[];
  /** From scores[].cvss_v3 (baseSeverity, else the vector) and scores[].cvss_v2 (the vector). */
  cvss: Severity[];
}

function fixedRefs(status: JsonObject | undefined, path: string): FixedProductRef[] {
  return ['first_fixed', 'fixed'].flatMap((key) =>
    stringArrayAt(status?.[key], `${path}.${key}`).map((id, index) => ({ id, path: `${path}.${key}[${index}]` })),
  );
}

function impacts(threats: unknown, path: string): Severity[] {
  return optionalArrayAt(threats, path).flatMap((item, index) => {
    const threat = objectAt(item, `${path}[${index}]`);
    if (stringAt(threat.category, `${path}[${index}].category`) !== 'impact') return [];
    const severity = severityFromWord(stringAt(threat.details, `${path}[${index}].details`));
    return severity ? [severity] : [];
  });
}

function scoreSeverity(score: JsonObject, path: string): Severity | undefined {
  const v3 = optionalObjectAt(score.cvss_v3, `${path}.cvss_v3`);
  const v2 = optionalObjectAt(score.cvss_v2, `${path}.cvss_v2`);
  const baseSeverity = optionalStringAt(v3?.baseSeverity, `${path}.cvss_v3.baseSeverity`);
  const vector = optionalStringAt(v3?.vectorString ?? v2?.vectorString, `${path}.${v3 ? 'cvss_v3' : 'cvss_v2'}.vectorString`);
  return (baseSeverity ? severityFromWord(baseSeverity) : undefined) ?? (vector ? scoreCvssVector(vector)?.severity : undefined);
}

function cvss(scores: unknown, path: string): Severity[] {
  return optionalArrayAt(scores, path).flatMap((item, index) => {
    const severity = scoreSeverity(objectAt(item, `${path}[${index}]`), `${path}[${index}]`);
    return severity ? [severity] : [];
  });
}

function readVulnerability(value: unknown, path: string): CsafVulnerability {
  const vulnerability = objectAt(value, path);
  const statusPath = `${path}.product_status`;
  return {
    cve: optionalStringAt(vulnerability.cve, `${path}.cve`),
    fixed: fixedRefs(optionalObjectAt(vulnerability.product_status, statusPath), statusPath),
    impacts: impacts(vulnerability.threats, `${path}.threats`),
    cvss: cvss(vulnerability.scores, `${path}.scores`),
  };
}

export function readVulnerabilities(value: unknown): CsafVulnerability[] {
  return optionalArrayAt(value, 'vulnerabilities').map((item, index) => readVulnerability(item, `vulnerabilities[${index}]`));
}
