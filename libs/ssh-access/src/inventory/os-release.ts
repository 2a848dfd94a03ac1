import { OsFamily, OsInfo } from '@patchproof/contracts';

const FIELD = /^([A-Z][A-Z0-9_]*)=(.*)$/;

/** Undoes os-release's shell-style quoting: "…" with \" \\ \$ \` escapes, or '…'. */
function unquote(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) return value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1);
  return value;
}

/** The KEY=value pairs of an os-release file (os-release(5)); comments and blank lines skipped. */
export function parseOsReleaseFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = FIELD.exec(line.trim());
    if (match) fields[match[1]] = unquote(match[2]);
  }
  return fields;
}

const FAMILIES: ReadonlyArray<[OsFamily, RegExp]> = [
  ['debian', /^(debian|ubuntu|raspbian|linuxmint|devuan|kali)$/],
  ['rhel', /^(rhel|centos|fedora|rocky|almalinux|ol|amzn|scientific|circle)$/],
  ['alpine', /^alpine$/],
];

/** The family by ID, then by ID_LIKE (e.g. AlmaLinux: ID=almalinux, ID_LIKE="rhel centos fedora"). */
export function osFamilyOf(fields: Record<string, string>): OsFamily {
  const ids = [fields.ID ?? '', ...(fields.ID_LIKE ?? '').split(/\s+/)].map((id) => id.toLowerCase()).filter(Boolean);
  for (const id of ids) {
    const family = FAMILIES.find(([, pattern]) => pattern.test(id));
    if (family) return family[0];
  }
  return 'unknown';
}

/** OsInfo from /etc/os-release: family, NAME, VERSION_ID (testing/unstable have none: their codename). */
export function parseOsRelease(text: string): OsInfo {
  const fields = parseOsReleaseFields(text);
  return {
    family: osFamilyOf(fields),
    name: (fields.NAME || fields.ID || 'unknown').slice(0, 100),
    version: (fields.VERSION_ID || fields.VERSION_CODENAME || 'unknown').slice(0, 100),
  };
}
