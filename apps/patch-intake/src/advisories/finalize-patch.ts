import { describeValidationErrors, PatchSpec } from '@patchproof/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AdvisoryError } from './advisory-error';
import { PackageCandidate, PatchDraft } from './conversion.types';

const VALIDATOR_OPTIONS = { whitelist: true, forbidUnknownValues: true } as const;

/** Drops repeated (ecosystem, name, fixedVersion) triples, keeping the first origin. */
export function uniquePackages(candidates: readonly PackageCandidate[]): PackageCandidate[] {
  const seen = new Map<string, PackageCandidate>();
  for (const candidate of candidates) {
    const { ecosystem, name, fixedVersion } = candidate.value;
    const key = JSON.stringify([ecosystem, name, fixedVersion]);
    if (!seen.has(key)) seen.set(key, candidate);
  }
  return [...seen.values()];
}

/** Rewrites "packages.3.name: …" and "title: …" to name the input field the value came from. */
function locate(line: string, draft: PatchDraft, packages: readonly PackageCandidate[]): string {
  const nested = /^packages\.(\d+)\.(ecosystem|name|fixedVersion): (.*)$/.exec(line);
  if (nested) {
    const candidate = packages[Number(nested[1])];
    const field = nested[2] as keyof PackageCandidate['value'];
    return `${candidate.from[field]}: ${nested[3]} (got ${JSON.stringify(candidate.value[field])})`;
  }
  const top = /^(\w+): (.*)$/.exec(line);
  const source = top ? draft.from[top[1] as keyof PatchSpec] : undefined;
  return source ? `${source}: ${top?.[2]}` : line;
}

/** Builds the PatchSpec and validates it with class-validator; throws AdvisoryError naming input fields. */
export function finalizePatch(draft: PatchDraft): PatchSpec {
  const packages = uniquePackages(draft.packages);
  const patch = plainToInstance(PatchSpec, { ...draft.fields, packages: packages.map((candidate) => candidate.value) });
  const errors = describeValidationErrors(validateSync(patch, VALIDATOR_OPTIONS));
  if (errors.length > 0) throw new AdvisoryError(errors.map((line) => locate(line, draft, packages)));
  return patch;
}
