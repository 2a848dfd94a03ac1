import { AffectedPackage, PatchSpec, Severity } from '@patchproof/contracts';

export interface ConversionOptions {
  /**
   * The severity used when the advisory carries no usable rating (no vendor word, no CVSS v2/v3
   * vector). Defaults to 'medium': unknown is neither "ignore" nor "drop everything".
   */
  defaultSeverity?: Severity;
}

export type PatchValidation = { ok: true; patch: PatchSpec } | { ok: false; errors: string[] };

/** Where in the input each field of a package came from, to name it in errors. */
export type PackageOrigin = Record<keyof AffectedPackage, string>;

export interface PackageCandidate {
  value: AffectedPackage;
  from: PackageOrigin;
}

/** The patch fields besides packages, as plain data, and the input paths they came from. */
export interface PatchDraft {
  fields: Omit<PatchSpec, 'packages' | 'artifacts'>;
  from: Partial<Record<keyof PatchSpec, string>>;
  packages: PackageCandidate[];
}

export const DEFAULT_SEVERITY: Severity = 'medium';
