import { UnknownEcosystemError, versionProblem, versionSchemeOfEcosystem, VersionScheme } from '@patchproof/versioning';
import { AdvisoryError } from './advisory-error';

/** The version scheme of a package's ecosystem; an AdvisoryError at `path` when it is unknown. */
export function schemeAt(ecosystem: string, path: string): VersionScheme {
  try {
    return versionSchemeOfEcosystem(ecosystem);
  } catch (error) {
    if (error instanceof UnknownEcosystemError) throw AdvisoryError.at(path, error.message);
    throw error;
  }
}

/** Throws an AdvisoryError at `path` unless `version` is valid in the (known) ecosystem. */
export function checkVersionAt(ecosystem: string, version: string, path: string): void {
  const problem = versionProblem(ecosystem, version);
  if (problem !== undefined) throw AdvisoryError.at(path, problem);
}
