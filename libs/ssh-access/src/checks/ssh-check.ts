import { VmAccessError } from '@patchproof/vm-access';
import { outcomeOf, squeeze } from '../connection/transcript';
import { CheckContext, CheckOutcome, remainingMs } from './check-context';
import { SshCheck } from './definition';

const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Runs the argv on the VM; passes when the exit code is the expected one and stdout matches. */
export async function runSshCheck(check: SshCheck, context: CheckContext): Promise<CheckOutcome> {
  const shell = await context.shell();
  const result = await shell.run(check.command, { timeoutMs: remainingMs(context), maxOutputBytes: MAX_OUTPUT_BYTES });
  if (result.timedOut) throw new VmAccessError(`\`${result.command}\` timed out on VM ${shell.vmId} after ${result.durationMs} ms`, shell.vmId);
  const exitOk = result.exitCode === check.expectExit;
  const stdoutOk = !check.expectStdout || check.expectStdout.test(result.stdout);
  const verdicts = [
    ...(exitOk ? [] : [`expected exit ${check.expectExit}, got ${outcomeOf(result)}`]),
    ...(stdoutOk ? [] : [`stdout does not match /${check.expectStdout?.source}/`]),
  ];
  const output = [
    `$ ${result.command}`,
    ...(result.stdout ? [squeeze(result.stdout.trimEnd(), 3000)] : []),
    ...(result.stderr ? [`[stderr] ${squeeze(result.stderr.trimEnd(), 1500)}`] : []),
    `[${outcomeOf(result)}, ${result.durationMs} ms]${verdicts.length ? ` ${verdicts.join('; ')}` : ''}`,
  ].join('\n');
  return { passed: exitOk && stdoutOk, output, elapsedMs: result.durationMs, stdout: result.stdout };
}
