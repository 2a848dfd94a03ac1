/** A package URL (https://github.com/package-url/purl-spec), decoded. */
export interface Purl {
  type: string;
  namespace: string[];
  name: string;
  version: string | undefined;
  qualifiers: ReadonlyMap<string, string>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error(`malformed percent-encoding in ${JSON.stringify(text)}`);
  }
}

/** Splits `text` at the last `separator`: [before, after] or [text, undefined]. */
function splitLast(text: string, separator: string): [string, string | undefined] {
  const at = text.lastIndexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function parseQualifiers(text: string | undefined): Map<string, string> {
  const qualifiers = new Map<string, string>();
  for (const pair of (text ?? '').split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`qualifier ${JSON.stringify(pair)} is not key=value`);
    const value = pair.slice(at + 1);
    if (value !== '') qualifiers.set(pair.slice(0, at).toLowerCase(), decode(value));
  }
  return qualifiers;
}

/** Parses "pkg:type/namespace/name@version?qualifiers#subpath"; throws an Error saying what is wrong. */
export function parsePurl(text: string): Purl {
  if (!/^pkg:/i.test(text)) throw new Error('a package URL starts with "pkg:"');
  const [withoutSubpath] = splitLast(text.slice(4).replace(/^\/+/, ''), '#');
  const [withoutQualifiers, qualifierText] = splitLast(withoutSubpath, '?');
  const [path, version] = splitLast(withoutQualifiers, '@');
  const segments = path.split('/').filter(Boolean);
  if (segments.length < 2) throw new Error('a package URL needs a type and a name ("pkg:type/name")');
  const type = segments[0].toLowerCase();
  if (!/^[a-z.+-][a-z0-9.+-]*$/.test(type)) throw new Error(`invalid type ${JSON.stringify(segments[0])}`);
  return {
    type,
    namespace: segments.slice(1, -1).map(decode),
    name: decode(segments[segments.length - 1]),
    version: version === undefined || version === '' ? undefined : decode(version),
    qualifiers: parseQualifiers(qualifierText),
  };
}
