import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function repoRoot(): string {
  // dist/tools/platform/*.js → the repository root
  return join(__dirname, '..', '..', '..');
}

/**
 * The operator key for a platform started here: PATCHPROOF_BOOTSTRAP_KEY when set, else one
 * generated once into .patchproof/bootstrap-key (mode 0600) — never printed.
 */
export function bootstrapKey(root: string): { key: string; source: string } {
  if (process.env.PATCHPROOF_BOOTSTRAP_KEY) return { key: process.env.PATCHPROOF_BOOTSTRAP_KEY, source: 'PATCHPROOF_BOOTSTRAP_KEY' };
  const dir = join(root, '.patchproof');
  const file = join(dir, 'bootstrap-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { key: readFileSync(file, 'utf8').trim(), source: file };
}

/** A 32-byte key that encrypts stored credentials: PATCHPROOF_SECRET_KEY or one generated once into .patchproof/secret-key. */
export function secretKey(root: string): string {
  if (process.env.PATCHPROOF_SECRET_KEY) return process.env.PATCHPROOF_SECRET_KEY;
  const file = join(root, '.patchproof', 'secret-key');
  if (!existsSync(file)) {
    mkdirSync(join(root, '.patchproof'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
