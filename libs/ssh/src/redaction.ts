import { REDACTED, redactSecrets } from '@patchproof/observability';
import { shellQuote } from './shell-quote';

/** Masks the given values (raw and as quoted on a command line) and any private key block in a log text. */
export function redactText(text: string, sensitive: readonly string[] = []): string {
  let out = text;
  for (const value of sensitive) {
    if (!value) continue;
    // Standalone quoted word, inside a larger quoted word (e.g. --password=…), then raw.
    for (const form of [shellQuote(value), value.replace(/'/g, `'\\''`), value]) out = out.split(form).join(REDACTED);
  }
  return redactSecrets(out);
}
