import { DPKG_QUERY_FORMAT, isInstalled, parseDpkgEntries } from '../inventory/dpkg-inventory';
import { VmShell } from '../connection/vm-shell';
import { normalizePath } from './restart-plan';

const QUERY_TIMEOUT_MS = 60_000;
const MAX_BYTES = 16 * 1024 * 1024;

/** Installed version of each named package (names not installed are absent). */
export function installedVersionsFrom(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  for (const entry of parseDpkgEntries(text)) {
    if (isInstalled(entry.status) && !versions.has(entry.name)) versions.set(entry.name, entry.version);
  }
  return versions;
}

export async function installedVersions(shell: VmShell, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  // Exit 1 only says some names are unknown to dpkg, which is an answer here.
  const result = await shell.check(['dpkg-query', '-W', `-f=${DPKG_QUERY_FORMAT}`, '--', ...names], { what: 'reading package versions', timeoutMs: QUERY_TIMEOUT_MS, okExitCodes: [0, 1] });
  return installedVersionsFrom(result.stdout);
}

/** The script prints `#PKG name` before each package's `dpkg-query -L` list. */
const LIST_FILES = 'for p; do printf "#PKG %s\\n" "$p"; dpkg-query -L "$p"; done';

export function packageFilesFrom(text: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#PKG ')) files.set(line.slice(5), (current = []));
    else if (line.startsWith('/') && current) current.push(line);
  }
  return files;
}

export async function packageFiles(shell: VmShell, names: readonly string[]): Promise<Map<string, string[]>> {
  if (names.length === 0) return new Map();
  const result = await shell.run(['sh', '-c', LIST_FILES, 'sh', ...names], { timeoutMs: QUERY_TIMEOUT_MS, maxOutputBytes: MAX_BYTES, summary: true });
  return packageFilesFrom(result.stdout);
}

/** `dpkg-query -S` lines `pkg[:arch][, pkg2]: /path`; diversion notes skipped. Keyed by normalized path. */
export function ownersFrom(text: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cut = line.indexOf(': /');
    if (cut < 0 || line.startsWith('diversion by ')) continue;
    const first = line.slice(0, cut).split(',')[0].trim().replace(/:[a-z0-9-]+$/, '');
    owners.set(normalizePath(line.slice(cut + 2)), first);
  }
  return owners;
}

/** Merged-/usr: dpkg may know `/bin/x` for the `/usr/bin/x` a process runs. */
function spellings(path: string): string[] {
  const match = /^\/usr(\/(?:bin|sbin|lib|lib32|lib64|libx32)\/.*)$/.exec(path);
  return match ? [path, match[1]] : [path];
}

export async function ownersOf(shell: VmShell, paths: readonly string[]): Promise<Map<string, string>> {
  // Anonymous executables (memfd:…) belong to no package.
  const queried = [...new Set(paths.map(normalizePath).filter((path) => /^\/(?!memfd:)/.test(path)).flatMap(spellings))];
  if (queried.length === 0) return new Map();
  const result = await shell.check(['dpkg-query', '-S', '--', ...queried], { what: 'finding the packages of running executables', timeoutMs: QUERY_TIMEOUT_MS, okExitCodes: [0, 1], summary: true });
  return ownersFrom(result.stdout);
}

export function sourcesFrom(text: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [name, source] = line.split('\t');
    if (name && source) sources.set(name, source.trim().split(' ')[0]);
  }
  return sources;
}

export async function sourcesOf(shell: VmShell, names: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const result = await shell.check(['dpkg-query', '-W', '-f=${Package}\\t${source:Package}\\n', '--', ...unique], { what: 'reading source packages', timeoutMs: QUERY_TIMEOUT_MS, okExitCodes: [0, 1], summary: true });
  return sourcesFrom(result.stdout);
}
