import { describeValidationErrors, PatchSpec } from '@patchproof/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PatchValidation } from './conversion.types';
import { isJsonObject } from './json-reader';

export type JsonInput = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** Parses a string or bytes as JSON; anything else is taken as already-parsed JSON. Never throws. */
export function parseJsonInput(input: unknown): JsonInput {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return { ok: true, value: input };
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, errors: [`body: not JSON (${(error as Error).message})`] };
  }
}

// Unknown properties are errors, not silently dropped: a misspelt field in a hand-written patch should be reported.
const NATIVE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/**
 * Validates a patch written in patchproof's own PatchSpec format (JSON text, bytes or a parsed
 * object) against the class-validator rules of @patchproof/contracts. Never throws.
 */
export function validateNativePatch(json: unknown): PatchValidation {
  const input = parseJsonInput(json);
  if (!input.ok) return input;
  if (!isJsonObject(input.value)) return { ok: false, errors: ['body: must be a JSON object'] };
  const patch = plainToInstance(PatchSpec, input.value);
  const errors = describeValidationErrors(validateSync(patch, NATIVE_OPTIONS));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, patch };
}
