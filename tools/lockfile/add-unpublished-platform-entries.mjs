#!/usr/bin/env node
// The registry this project is installed from serves only the Linux builds of
// packages that ship one binary package per platform (@swc/core-*, unrs-resolver
// bindings…). `npm install` then leaves the other platforms' optional packages
// out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// This adds the missing optional entries, marked with the os/cpu their names
// declare, so `npm ci` skips them on every platform they do not fit.
// Run after `npm install` changes the lock, then let npm normalize it:
//   node tools/lockfile/add-unpublished-platform-entries.mjs && npm install --package-lock-only
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'aix'];
const CPU = { arm: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', ppc64: 'ppc64', s390x: 's390x', loong64: 'loong64', riscv64: 'riscv64' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((part) => OS.includes(part));
  if (osIndex < 0 || !CPU[parts[osIndex + 1]]) return undefined;
  const abi = parts.slice(osIndex + 2).join('-');
  const libc = /musl/.test(abi) ? ['musl'] : /gnu/.test(abi) && parts[osIndex] === 'linux' ? ['glibc'] : undefined;
  return { os: [parts[osIndex]], cpu: [CPU[parts[osIndex + 1]]], ...(libc ? { libc } : {}) };
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${path}/${key}`]) continue;
    const platform = platformOf(name);
    if (!platform) throw new Error(`${name}: optional dependency of ${path || 'the root'} is missing and its platform cannot be read from its name`);
    packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} entries: ${added.join(', ')}` : 'lock already complete');
