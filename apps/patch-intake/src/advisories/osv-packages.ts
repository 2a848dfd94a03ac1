import { AdvisoryError } from './advisory-error';
import { PackageCandidate } from './conversion.types';
import { checkVersionAt, schemeAt } from './ecosystem-checks';
import { arrayAt, JsonObject, objectAt, optionalArrayAt, optionalObjectAt, optionalStringAt, stringAt } from './json-reader';

interface FixedEvent {
  version: string;
  path: string;
}

/** A package to name in the patch: the OSV package itself, or one of its Ubuntu binaries. */
interface Target {
  name: string;
  namePath: string;
  version?: string;
  versionPath?: string;
}

const RANGE_TYPES = new Set(['ECOSYSTEM', 'SEMVER', 'GIT']);

/** "fixed" events of one range. GIT ranges name commits, not installable versions, so they give none. */
function fixedEvents(range: unknown, path: string): FixedEvent[] {
  const object = objectAt(range, path);
  const type = stringAt(object.type, `${path}.type`);
  if (!RANGE_TYPES.has(type)) throw AdvisoryError.at(`${path}.type`, `must be ECOSYSTEM, SEMVER or GIT, got ${JSON.stringify(type)}`);
  const events = arrayAt(object.events, `${path}.events`);
  if (type === 'GIT') return [];
  return events.flatMap((event, index) => {
    const eventPath = `${path}.events[${index}]`;
    const fixed = objectAt(event, eventPath).fixed;
    return fixed === undefined ? [] : [{ version: stringAt(fixed, `${eventPath}.fixed`), path: `${eventPath}.fixed` }];
  });
}

/** Ubuntu lists the binary packages built from the source package in ecosystem_specific.binaries. */
function ubuntuBinaries(entry: JsonObject, path: string): Target[] {
  const specificPath = `${path}.ecosystem_specific`;
  const specific = optionalObjectAt(entry.ecosystem_specific, specificPath);
  return optionalArrayAt(specific?.binaries, `${specificPath}.binaries`).map((item, index) => {
    const itemPath = `${specificPath}.binaries[${index}]`;
    const binary = objectAt(item, itemPath);
    return {
      name: stringAt(binary.binary_name, `${itemPath}.binary_name`),
      namePath: `${itemPath}.binary_name`,
      version: optionalStringAt(binary.binary_version, `${itemPath}.binary_version`),
      versionPath: `${itemPath}.binary_version`,
    };
  });
}

function candidate(ecosystem: string, ecosystemPath: string, target: Target, event: FixedEvent): PackageCandidate {
  const fixedVersion = target.version ?? event.version;
  const fixedPath = target.version !== undefined && target.versionPath ? target.versionPath : event.path;
  checkVersionAt(ecosystem, fixedVersion, fixedPath);
  return {
    value: { ecosystem, name: target.name, fixedVersion },
    from: { ecosystem: ecosystemPath, name: target.namePath, fixedVersion: fixedPath },
  };
}

/** The packages one `affected[]` entry fixes: one per fixed event (and per Ubuntu binary). */
function packagesOfAffected(object: JsonObject, path: string): PackageCandidate[] {
  const events = optionalArrayAt(object.ranges, `${path}.ranges`).flatMap((range, index) => fixedEvents(range, `${path}.ranges[${index}]`));
  if (events.length === 0) return [];
  const pkg = objectAt(object.package, `${path}.package`);
  const ecosystemPath = `${path}.package.ecosystem`;
  const ecosystem = stringAt(pkg.ecosystem, ecosystemPath);
  const name = stringAt(pkg.name, `${path}.package.name`);
  const binaries = schemeAt(ecosystem, ecosystemPath) === 'dpkg' ? ubuntuBinaries(object, path) : [];
  const targets = binaries.length > 0 ? binaries : [{ name, namePath: `${path}.package.name` }];
  return events.flatMap((event) => targets.map((target) => candidate(ecosystem, ecosystemPath, target, event)));
}

/** Every package with a fixed version in an OSV record; an AdvisoryError when there is none. */
export function osvPackages(affected: readonly JsonObject[]): PackageCandidate[] {
  if (affected.length === 0) throw AdvisoryError.at('affected', 'lists no affected packages, so there is nothing to patch');
  const packages = affected.flatMap((entry, index) => packagesOfAffected(entry, `affected[${index}]`));
  if (packages.length === 0) {
    throw AdvisoryError.at(
      'affected[].ranges[].events[].fixed',
      `none of the ${affected.length} affected entries has a "fixed" event in an ECOSYSTEM or SEMVER range, so no fixed version exists to install`,
    );
  }
  return packages;
}
