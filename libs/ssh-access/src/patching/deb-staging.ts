import { PatchArtifact } from '@patchproof/contracts';
import { VmAccessError } from '@patchproof/vm-access';
import { ArtifactStore } from '../artifacts/file-artifact-store';
import { VmShell } from '../connection/vm-shell';

/** Where .deb files wait on the VM, named by their SHA-256. */
export const STAGING_DIR = '/var/tmp/patchproof';

export interface StagedDeb {
  artifact: PatchArtifact;
  remotePath: string;
  package: string;
  version: string;
  arch: string;
}

export class ChecksumRefusedError extends VmAccessError {
  constructor(vmId: string, readonly fileName: string, expected: string, actual: string, where: string) {
    super(`refusing ${fileName}: sha256 ${where} is ${actual || '(none)'}, the patch declares ${expected}; nothing was installed`, vmId);
    this.name = 'ChecksumRefusedError';
  }
}

/** `sha256sum` lines (`<hex>  <path>` or `<hex> *<path>`) by path. */
export function parseSha256sum(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match) sums.set(match[2], match[1]);
  }
  return sums;
}

export function remotePathOf(artifact: PatchArtifact): string {
  return `${STAGING_DIR}/${artifact.sha256}.deb`;
}

async function localPaths(store: ArtifactStore | undefined, artifacts: PatchArtifact[], vmId: string): Promise<string[]> {
  if (!store) throw new VmAccessError('the patch has .deb artifacts but this service has no artifact store configured', vmId);
  return Promise.all(artifacts.map(async (artifact) => {
    const path = await store.locate(artifact.sha256);
    if (!path) throw new VmAccessError(`artifact ${artifact.fileName} (sha256 ${artifact.sha256}) not uploaded: upload it with PUT /patches/<id>/artifacts/${artifact.fileName} on patch-intake`, vmId);
    return path;
  }));
}

/** The VM's own sha256sum of every staged file must be the declared one; otherwise all are removed and the patch refused. */
async function verifyOnVm(shell: VmShell, artifacts: PatchArtifact[], sentDigests: string[]): Promise<void> {
  const paths = artifacts.map(remotePathOf);
  const sums = parseSha256sum((await shell.run(['sha256sum', '--', ...paths], { timeoutMs: 120_000 })).stdout);
  const refusal = artifacts.map((artifact, index) => {
    const onVm = sums.get(paths[index]) ?? '';
    if (onVm !== artifact.sha256) return new ChecksumRefusedError(shell.vmId, artifact.fileName, artifact.sha256, onVm, 'on the VM');
    return sentDigests[index] !== artifact.sha256 ? new ChecksumRefusedError(shell.vmId, artifact.fileName, artifact.sha256, sentDigests[index], 'of the stored copy') : undefined;
  }).find((error) => error !== undefined);
  if (!refusal) return;
  await shell.run(['rm', '-f', '--', ...paths], { timeoutMs: 30_000 });
  throw refusal;
}

async function describeDeb(shell: VmShell, artifact: PatchArtifact): Promise<StagedDeb> {
  const remotePath = remotePathOf(artifact);
  const shown = await shell.check(['dpkg-deb', '--show', '--showformat=${Package}\\t${Version}\\t${Architecture}', '--', remotePath], { what: `reading ${artifact.fileName}`, timeoutMs: 60_000 });
  const [pkg, version, arch] = shown.stdout.trim().split('\t');
  if (!pkg || !version) throw new VmAccessError(`${artifact.fileName} is not a Debian package (dpkg-deb --show printed nothing)`, shell.vmId);
  return { artifact, remotePath, package: pkg, version, arch: arch ?? '' };
}

/**
 * Copies each .deb from the artifact store to the VM, checks its SHA-256 there (and of what was read
 * locally) against the patch's declaration, and reads its package name and version. A missing upload
 * or a mismatch refuses the whole patch before anything is installed.
 */
export async function stageDebs(shell: VmShell, store: ArtifactStore | undefined, artifacts: PatchArtifact[], uploadTimeoutMs: number): Promise<StagedDeb[]> {
  if (artifacts.length === 0) return [];
  const sources = await localPaths(store, artifacts, shell.vmId);
  await shell.check(['mkdir', '-p', '-m', '700', '--', STAGING_DIR], { what: `creating ${STAGING_DIR}`, timeoutMs: 30_000 });
  const sent: string[] = [];
  for (const [index, artifact] of artifacts.entries()) {
    sent.push((await shell.upload(sources[index], remotePathOf(artifact), { mode: 0o600, timeoutMs: uploadTimeoutMs })).sha256);
  }
  await verifyOnVm(shell, artifacts, sent);
  const staged: StagedDeb[] = [];
  for (const artifact of artifacts) staged.push(await describeDeb(shell, artifact));
  return staged;
}
