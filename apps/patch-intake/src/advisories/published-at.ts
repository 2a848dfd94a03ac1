import { isISO8601 } from 'class-validator';
import { AdvisoryError } from './advisory-error';

/** A timestamp that PatchSpec.publishedAt accepts, or an AdvisoryError naming the input field. */
export function timestampAt(value: string, path: string): string {
  if (!isISO8601(value)) throw AdvisoryError.at(path, `must be an ISO 8601 timestamp, got ${JSON.stringify(value)}`);
  return value;
}
