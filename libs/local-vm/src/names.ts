import { randomBytes } from 'node:crypto';
import { LocalVmError } from './errors';

/** Template resource names; also used (with `_` → `-`) as VM host names. */
export const RESOURCE_NAME_RE = /^[a-z](?:[a-z0-9_-]{0,38}[a-z0-9])?$/;
/** Environment and replica ids: directory names and part of log lines. */
export const ENVIRONMENT_ID_RE = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** Prefix of every host object; short because Linux interface names have at most 15 characters. */
export const PREFIX_RE = /^[a-z][a-z0-9]{1,3}$/;
/** Debian package names (policy 5.6.1). */
export const PACKAGE_RE = /^[a-z0-9][a-z0-9+.-]{1,62}$/;
/** Absolute paths inside a VM: plain segments only, no `.`/`..`, no trailing slash. */
export const GUEST_PATH_RE = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)+$/;
/** Host directories we own; the characters are safe inside overlay mount options (no `,` or `:`). */
export const HOST_PATH_RE = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)+$/;
/** A user or `user:group` inside a VM. */
export const OWNER_RE = /^[a-z_][a-z0-9_-]{0,31}(?::[a-z_][a-z0-9_-]{0,31})?$/;
/** The random part of host object names. */
export const SHORT_ID_RE = /^[0-9a-f]{8}$/;

export function assertMatches(re: RegExp, value: string, what: string): string {
  if (!re.test(value)) throw new LocalVmError(`invalid ${what} '${value}': must match ${re}`);
  return value;
}

export function shortId(): string {
  return randomBytes(4).toString('hex');
}

export function hostnameOf(resourceName: string): string {
  return resourceName.replace(/_/g, '-');
}

/** Host object names; the reaper recognises its own objects by exactly these shapes. */
export const hostNames = {
  netns: (prefix: string, id: string): string => `${prefix}-${id}`,
  bridge: (prefix: string, id: string): string => `${prefix}b${id}`,
  veth: (prefix: string, id: string, index: number): string => `${prefix}v${id}${index}`,
  netnsPattern: (prefix: string): RegExp => new RegExp(`^${prefix}-[0-9a-f]{8}$`),
  linkPattern: (prefix: string): RegExp => new RegExp(`^${prefix}(?:b[0-9a-f]{8}|v[0-9a-f]{8}[0-9])$`),
};
