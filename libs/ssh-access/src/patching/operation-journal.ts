import { VmPatchResult } from '@patchproof/contracts';
import { OperationKey } from '@patchproof/vm-access';
import { VmShell } from '../connection/vm-shell';

/** On the VM itself, as a cloud keeps an operation's state: survives a crash of the applier. */
export const JOURNAL_DIR = '/var/lib/patchproof/operations';

/** What an application needs to be repeated safely: versions before it started, and its result once done. */
export interface OperationJournal {
  key: OperationKey;
  /** Installed version of each package concerned before anything was installed (null: not installed). */
  before: Record<string, string | null>;
  result?: VmPatchResult;
}

const READ = 'cat "$1" 2>/dev/null || true';
const WRITE = 'umask 077 && mkdir -p "$1" && cat > "$2.tmp" && mv -f "$2.tmp" "$2"';

function fileOf(key: OperationKey): string {
  return `${JOURNAL_DIR}/${`${key.runId}.${key.step}`.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

function parseJournal(text: string, key: OperationKey): OperationJournal | undefined {
  if (!text.trim()) return undefined;
  try {
    const journal = JSON.parse(text) as OperationJournal;
    return journal.key?.runId === key.runId && journal.key.step === key.step && typeof journal.before === 'object' ? journal : undefined;
  } catch {
    return undefined;
  }
}

export async function readJournal(shell: VmShell, key: OperationKey): Promise<OperationJournal | undefined> {
  const result = await shell.check(['sh', '-c', READ, 'sh', fileOf(key)], { what: 'reading the operation journal', timeoutMs: 30_000 });
  return parseJournal(result.stdout, key);
}

export async function writeJournal(shell: VmShell, journal: OperationJournal): Promise<void> {
  await shell.check(['sh', '-c', WRITE, 'sh', JOURNAL_DIR, fileOf(journal.key)], { what: 'writing the operation journal', timeoutMs: 30_000, stdin: JSON.stringify(journal) });
}
