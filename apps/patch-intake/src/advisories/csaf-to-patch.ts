import { PatchSpec, Severity } from '@patchproof/contracts';
import { AdvisoryError } from './advisory-error';
import { ConversionOptions, DEFAULT_SEVERITY, PackageCandidate } from './conversion.types';
import { resolveFixedProduct } from './csaf-packages';
import { readProductTree } from './csaf-product-tree';
import { CsafVulnerability, readVulnerabilities } from './csaf-vulnerabilities';
import { finalizePatch } from './finalize-patch';
import { JsonObject, objectAt, optionalObjectAt, optionalStringAt, stringArrayAt, stringAt, truncate, unique } from './json-reader';
import { timestampAt } from './published-at';
import { maxSeverity, severityFromWord } from './severity';

/** aggregate_severity.text, else the highest threats "impact" rating, else the highest CVSS rating. */
function csafSeverity(document: JsonObject, vulnerabilities: readonly CsafVulnerability[]): Severity | undefined {
  const aggregate = optionalObjectAt(document.aggregate_severity, 'document.aggregate_severity');
  const text = optionalStringAt(aggregate?.text, 'document.aggregate_severity.text');
  return (
    (text ? severityFromWord(text) : undefined) ??
    maxSeverity(vulnerabilities.flatMap((vulnerability) => vulnerability.impacts)) ??
    maxSeverity(vulnerabilities.flatMap((vulnerability) => vulnerability.cvss))
  );
}

/** Every fixed product that names an installable package; an AdvisoryError listing why when none does. */
function csafPackages(root: JsonObject, vulnerabilities: readonly CsafVulnerability[]): PackageCandidate[] {
  const refs = vulnerabilities.flatMap((vulnerability) => vulnerability.fixed);
  if (refs.length === 0) {
    throw AdvisoryError.at('vulnerabilities[].product_status.fixed', 'no vulnerability lists a fixed product, so there is nothing to install');
  }
  const tree = readProductTree(root.product_tree);
  const resolutions = refs.map((ref) => resolveFixedProduct(tree, ref));
  const packages = resolutions.flatMap((resolution) => ('package' in resolution ? [resolution.package] : []));
  if (packages.length > 0) return packages;
  const reasons = unique(resolutions.flatMap((resolution) => ('skipped' in resolution ? [resolution.skipped] : [])));
  throw new AdvisoryError(['no installable packages: no fixed product identifies a package this converter can install', ...reasons]);
}

function readDocument(root: JsonObject): JsonObject {
  const document = objectAt(root.document, 'document');
  const version = stringAt(document.csaf_version, 'document.csaf_version');
  if (version !== '2.0') throw AdvisoryError.at('document.csaf_version', `must be "2.0", got ${JSON.stringify(version)}`);
  return document;
}

/**
 * Maps a CSAF 2.0 document (security advisory or VEX) to one PatchSpec with source 'csaf'.
 * Packages come from the products in vulnerabilities[].product_status.fixed / first_fixed whose
 * product_identification_helper.purl is a Red Hat RPM installed on a Red Hat platform (CPE).
 * Throws AdvisoryError naming the field at fault, or "no installable packages: …" with the reasons.
 * See docs/advisories.md for the mapping.
 */
export function csafToPatch(input: unknown, options: ConversionOptions = {}): PatchSpec {
  const root = objectAt(input, '(document)');
  const document = readDocument(root);
  const tracking = objectAt(document.tracking, 'document.tracking');
  const id = stringAt(tracking.id, 'document.tracking.id');
  const vulnerabilities = readVulnerabilities(root.vulnerabilities);
  const packages = csafPackages(root, vulnerabilities);
  const cves = vulnerabilities.flatMap((vulnerability) => (vulnerability.cve ? [vulnerability.cve] : []));
  return finalizePatch({
    fields: {
      id,
      title: truncate(stringAt(document.title, 'document.title'), 500),
      severity: csafSeverity(document, vulnerabilities) ?? options.defaultSeverity ?? DEFAULT_SEVERITY,
      source: 'csaf',
      advisoryIds: unique([id, ...stringArrayAt(tracking.aliases, 'document.tracking.aliases'), ...cves]),
      publishedAt: timestampAt(stringAt(tracking.initial_release_date, 'document.tracking.initial_release_date'), 'document.tracking.initial_release_date'),
    },
    from: { id: 'document.tracking.id', title: 'document.title', advisoryIds: 'document.tracking.aliases/vulnerabilities[].cve' },
    packages,
  });
}
