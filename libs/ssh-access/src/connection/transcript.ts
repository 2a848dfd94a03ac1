import type { ExecResult } from '@patchproof/ssh';

/** Per command, at most this much of each stream goes into the transcript (head and tail kept). */
const STREAM_ROOM = 4000;
/** VmPatchResult.log holds at most 65536 characters; the transcript keeps its end within this. */
const TRANSCRIPT_ROOM = 64_000;

/** Keeps the start and the end of a long text, noting how much was cut in between. */
export function squeeze(text: string, room: number): string {
  if (text.length <= room) return text;
  const half = Math.floor((room - 40) / 2);
  return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters cut …]\n${text.slice(-half)}`;
}

/** Keeps the end of a long text (where failures are reported), noting how much was cut. */
export function tail(text: string, room: number): string {
  if (text.length <= room) return text;
  const kept = room - 40;
  return `[${text.length - kept} characters cut]\n${text.slice(-kept)}`;
}

/** The commands run on a VM and what they printed, in order: the log of a patch application. */
export class Transcript {
  private readonly entries: string[] = [];

  note(line: string): void {
    this.entries.push(`# ${line}`);
  }

  /** `summary` keeps a machine-read listing (process scan, file lists) out of the log: only its size is noted. */
  command(result: ExecResult, summary = false): void {
    const parts = [`$ ${result.command}`];
    if (result.stdout && summary) parts.push(`[${result.stdout.split('\n').filter(Boolean).length} lines of output read]`);
    else if (result.stdout) parts.push(squeeze(result.stdout.replace(/\n$/, ''), STREAM_ROOM) + (result.stdoutTruncated ? '\n[stdout truncated]' : ''));
    if (result.stderr && summary) parts.push(`[${result.stderr.split('\n').filter(Boolean).length} lines on stderr]`);
    else if (result.stderr) parts.push(`[stderr] ${squeeze(result.stderr.replace(/\n$/, ''), STREAM_ROOM)}`);
    parts.push(`[${outcomeOf(result)}, ${result.durationMs} ms]`);
    this.entries.push(parts.join('\n'));
  }

  text(): string {
    return tail(this.entries.join('\n'), TRANSCRIPT_ROOM);
  }
}

export function outcomeOf(result: ExecResult): string {
  if (result.timedOut) return 'timed out';
  return result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`;
}
