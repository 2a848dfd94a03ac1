import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { run } from './exec';
import { HOST_ENV } from './guest';
import { GUEST_PATH_RE, PACKAGE_RE, assertMatches } from './names';

/** A small Debian package built on the host, e.g. a patch to copy into namespace VMs (they reach no mirror). */
export interface DebPackageSpec {
  name: string;
  version: string;
  description: string;
  /** Files the package installs; those under /etc become conffiles. */
  files: ReadonlyArray<{ path: string; content: string; mode?: number }>;
  /** Body of the postinst script (run by /bin/sh -e after the files are in place). */
  postinst?: string;
  depends?: readonly string[];
  /** The source package it is built from (the control file's `Source:`), when not its own name. */
  source?: string;
}

export interface BuiltDeb {
  path: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

const VERSION_RE = /^[0-9][A-Za-z0-9.+~-]{0,63}$/;

function controlFile(spec: DebPackageSpec): string {
  const lines = [
    `Package: ${spec.name}`,
    ...(spec.source ? [`Source: ${spec.source}`] : []),
    `Version: ${spec.version}`,
    'Architecture: all',
    'Maintainer: patchproof <patchproof@localhost>',
    'Section: misc',
    'Priority: optional',
    ...(spec.depends?.length ? [`Depends: ${spec.depends.join(', ')}`] : []),
    `Description: ${spec.description.split('\n')[0]}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function writeTree(root: string, spec: DebPackageSpec): Promise<void> {
  await mkdir(join(root, 'DEBIAN'), { recursive: true });
  await writeFile(join(root, 'DEBIAN', 'control'), controlFile(spec));
  for (const file of spec.files) {
    const target = join(root, assertMatches(GUEST_PATH_RE, file.path, 'package file path'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.mode ?? 0o644);
  }
  const conffiles = spec.files.map((file) => file.path).filter((path) => path.startsWith('/etc/'));
  if (conffiles.length > 0) await writeFile(join(root, 'DEBIAN', 'conffiles'), `${conffiles.join('\n')}\n`);
  if (spec.postinst) {
    await writeFile(join(root, 'DEBIAN', 'postinst'), `#!/bin/sh\nset -e\n${spec.postinst}\n`);
    await chmod(join(root, 'DEBIAN', 'postinst'), 0o755);
  }
}

/** Builds `<name>_<version>_all.deb` in `outDir` with `dpkg-deb --build` (files owned by root). */
export async function buildDebPackage(spec: DebPackageSpec, outDir: string): Promise<BuiltDeb> {
  assertMatches(PACKAGE_RE, spec.name, 'package name');
  assertMatches(VERSION_RE, spec.version, 'package version');
  if (spec.source) assertMatches(PACKAGE_RE, spec.source, 'source package name');
  await mkdir(outDir, { recursive: true });
  const staging = await mkdtemp(join(outDir, `.${spec.name}-`));
  const fileName = `${spec.name}_${spec.version}_all.deb`;
  const path = join(outDir, fileName);
  try {
    await writeTree(staging, spec);
    await run('dpkg-deb', ['--build', '--root-owner-group', staging, path], { env: HOST_ENV });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const content = await readFile(path);
  return { path, fileName, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length };
}
