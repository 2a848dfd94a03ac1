import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Node has no mkfifo; the coreutils one is enough for tests. */
export async function mkfifo(path: string): Promise<void> {
  await promisify(execFile)('mkfifo', ['--', path]);
}
