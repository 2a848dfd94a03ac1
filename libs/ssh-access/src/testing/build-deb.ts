import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BuiltDeb {
  path: string;
  fileName: string;
  sha256: string;
  version: string;
}

/** Test support: a tiny architecture-independent package with one data file and one conffile, built with dpkg-deb. */
export async function buildTestDeb(dir: string, name: string, version: string): Promise<BuiltDeb> {
  const root = join(dir, `${name}-${version}`);
  await mkdir(join(root, 'DEBIAN'), { recursive: true });
  await mkdir(join(root, 'usr/share', name), { recursive: true });
  await mkdir(join(root, 'etc', name), { recursive: true });
  await writeFile(join(root, 'DEBIAN/control'), [
    `Package: ${name}`, `Version: ${version}`, 'Architecture: all', 'Maintainer: patchproof tests <tests@patchproof.invalid>',
    'Section: misc', 'Priority: optional', `Description: patchproof test package ${version}`, '',
  ].join('\n'));
  await writeFile(join(root, 'DEBIAN/conffiles'), `/etc/${name}/${name}.conf\n`);
  await writeFile(join(root, 'usr/share', name, 'version'), `${version}\n`);
  await writeFile(join(root, 'etc', name, `${name}.conf`), `# ${name} ${version}\ngreeting=hello\n`);
  const fileName = `${name}_${version}_all.deb`;
  const path = join(dir, fileName);
  await run('dpkg-deb', ['--root-owner-group', '--build', root, path]);
  return { path, fileName, version, sha256: createHash('sha256').update(await readFile(path)).digest('hex') };
}
