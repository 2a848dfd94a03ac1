import { BadRequestException } from '@nestjs/common';
import { PatchSpec } from '@patchproof/contracts';
import { AdvisoryError, csafToPatch, osvToPatch, validateNativePatch } from '../advisories';

export const PUBLICATION_FORMATS = ['native', 'osv', 'csaf'] as const;
export type PublicationFormat = (typeof PUBLICATION_FORMATS)[number];

const CONVERTERS: Record<PublicationFormat, (document: unknown) => PatchSpec> = {
  native: (document) => {
    const check = validateNativePatch(withNativeDefaults(document));
    if (!check.ok) throw new AdvisoryError(check.errors);
    return check.patch;
  },
  osv: (document) => osvToPatch(document),
  csaf: (document) => csafToPatch(document),
};

/** The PatchSpec of a native patch, OSV or CSAF document; a 400 naming the fields at fault otherwise. */
export function toPatchSpec(format: PublicationFormat, document: unknown): PatchSpec {
  try {
    return CONVERTERS[format](document);
  } catch (error) {
    if (!(error instanceof AdvisoryError)) throw error;
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [...error.errors] });
  }
}

/** A native patch is published with source `native`, and now unless it says when. */
function withNativeDefaults(document: unknown): unknown {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return document;
  const { publishedAt } = document as { publishedAt?: unknown };
  return { ...document, source: 'native', publishedAt: publishedAt ?? new Date().toISOString() };
}
