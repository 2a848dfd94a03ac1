import { PatchSpec } from '@patchproof/contracts';
import { AdvisoryError } from './advisory-error';
import { ConversionOptions, PatchValidation } from './conversion.types';
import { csafToPatch } from './csaf-to-patch';
import { isJsonObject, JsonObject } from './json-reader';
import { osvToPatch } from './osv-to-patch';
import { parseJsonInput, validateNativePatch } from './validate-patch';

export type AdvisoryFormat = 'csaf' | 'osv' | 'native';

/** CSAF has a `document` object; a native patch has `packages`; an OSV record has `modified`. */
export function detectAdvisoryFormat(json: JsonObject): AdvisoryFormat | undefined {
  if (isJsonObject(json.document)) return 'csaf';
  if (json.packages !== undefined) return 'native';
  return json.modified !== undefined && json.id !== undefined ? 'osv' : undefined;
}

function convert(format: 'csaf' | 'osv', json: JsonObject, options: ConversionOptions): PatchSpec {
  return format === 'csaf' ? csafToPatch(json, options) : osvToPatch(json, options);
}

/**
 * Turns any accepted input (CSAF 2.0, OSV, or a native PatchSpec; JSON text, bytes or parsed)
 * into a validated PatchSpec. Never throws for bad input: problems come back as `errors`.
 */
export function advisoryToPatch(input: unknown, options: ConversionOptions = {}): PatchValidation {
  const parsed = parseJsonInput(input);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return { ok: false, errors: ['body: must be a JSON object'] };
  const format = detectAdvisoryFormat(parsed.value);
  if (format === undefined) return { ok: false, errors: ['body: neither a CSAF 2.0 document, an OSV record nor a native patch'] };
  if (format === 'native') return validateNativePatch(parsed.value);
  try {
    return { ok: true, patch: convert(format, parsed.value, options) };
  } catch (error) {
    if (error instanceof AdvisoryError) return { ok: false, errors: [...error.errors] };
    throw error;
  }
}
