/** Keys whose values are secrets; they are replaced before anything is logged or returned. */
const SECRET_KEY = /(pass(word|phrase)?|secret|token|api[-_]?key|private[-_]?key|authorization|credential)/i;
const PEM_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

export const REDACTED = '[redacted]';

export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > 20) return value;
  if (typeof value === 'string') return value.replace(PEM_BLOCK, REDACTED) as T;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_KEY.test(key) && item !== null && item !== undefined ? REDACTED : redactSecrets(item, depth + 1);
    }
    return out as T;
  }
  return value;
}
