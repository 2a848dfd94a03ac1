import { ApplyFailure, ConfigCheck } from '@patchproof/contracts';
import type { ExecResult } from '@patchproof/ssh';
import { VmShell } from '../connection/vm-shell';
import { outcomeOf, tail } from '../connection/transcript';
import { ServiceManagerKind } from './restart-plan';

/** ApplyFailure.logTail and ConfigCheck.output hold at most 4096 characters. */
const EVIDENCE_ROOM = 4096;
/** Of the log tail, the refused command's own output keeps at most this much; the service's logs the rest. */
const COMMAND_ROOM = 1200;
const EVIDENCE_TIMEOUT_MS = 60_000;

/**
 * The patched system misbehaves: a service did not come back, a maintainer script failed, the package
 * cannot be installed, an artifact's checksum is wrong. Thrown inside the installer and turned into a
 * VmPatchResult with status `failed` and this evidence; anything else thrown stays a platform error.
 */
export class PatchFailedError extends Error {
  constructor(readonly failure: ApplyFailure) {
    super(failure.reason);
    this.name = 'PatchFailedError';
  }
}

/** What a command printed, stderr then stdout, as one text. */
function printed(result: Pick<ExecResult, 'stdout' | 'stderr'>): string {
  return [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join('\n');
}

const MAINTAINER_SCRIPT = /(pre-installation|post-installation|pre-removal|post-removal) script subprocess returned error exit status (\d+)|script subprocess was killed by signal/;
const DEPENDENCY = [
  /dependency problems prevent (configuration|removal) of/,
  /The following packages have unmet dependencies/,
  /Unable to correct problems, you have held broken packages/,
  /trying to overwrite '[^']+', which is also in package/,
  /conflicting packages - not installing/,
  /depends on [^;\n]+; however:/,
];

/**
 * Whether a failed `dpkg -i` / `apt-get install` failed because of the package (its maintainer
 * scripts, its dependencies or conflicts): then it is a patch failure. Anything else (the dpkg lock
 * held, a full disk, a timeout, a lost connection) is not classified here and stays an error.
 */
export function classifyInstallFailure(result: Pick<ExecResult, 'stdout' | 'stderr' | 'exitCode' | 'timedOut'>, what: string): ApplyFailure | undefined {
  if (result.timedOut || result.exitCode === null || result.exitCode === 0) return undefined;
  const text = printed(result);
  const script = MAINTAINER_SCRIPT.exec(text);
  const logTail = tail(text, EVIDENCE_ROOM);
  if (script) {
    const pkg = /(?:installed|new|old) (\S+) package (?:pre|post)-(?:installation|removal) script/.exec(text)?.[1];
    const which = script[1] ?? 'maintainer';
    return { kind: 'maintainer-script', reason: `the package's own ${which} script${pkg ? ` of ${pkg}` : ''} failed${script[2] ? ` with exit status ${script[2]}` : ''} (${what}, exit status ${result.exitCode})`, exitCode: result.exitCode, logTail };
  }
  if (DEPENDENCY.some((pattern) => pattern.test(text))) {
    const line = text.split('\n').find((candidate) => DEPENDENCY.some((pattern) => pattern.test(candidate)))?.trim() ?? 'dependency problems';
    return { kind: 'dependency', reason: `the patch cannot be installed with what the VM has: ${line.slice(0, 300)} (${what}, exit status ${result.exitCode})`, exitCode: result.exitCode, logTail };
  }
  return undefined;
}

interface ConfigCheckCommand {
  /** How the check is shown in the report. */
  command: string;
  argv: string[];
}

/** Each PostgreSQL cluster's own configuration check: postgres -C parses postgresql.conf and its includes as at start-up. */
const POSTGRES_CHECK = `rc=0
clusters=$(pg_lsclusters -h) || exit 1
while read -r version cluster port status owner data log; do
  [ -n "$version" ] || continue
  echo "cluster $version/$cluster:"
  runuser -u "$owner" -- "/usr/lib/postgresql/$version/bin/postgres" -D "$data" -c "config_file=/etc/postgresql/$version/$cluster/postgresql.conf" -C data_directory 2>&1 || rc=1
done <<EOF
$clusters
EOF
exit $rc`;

/**
 * The server's own configuration check, by service name (pp-service names, or systemd units without
 * `.service`). MariaDB 10.11 has no --validate-config: `--help --verbose` reads every option file and
 * refuses an unknown or invalid setting, without starting the server.
 */
export function configCheckFor(service: string): ConfigCheckCommand | undefined {
  if (service === 'nginx') return { command: 'nginx -t', argv: ['/usr/sbin/nginx', '-t'] };
  if (/^apache2(@.+)?$/.test(service)) return { command: 'apache2ctl -t', argv: ['/usr/sbin/apache2ctl', '-t'] };
  if (service === 'haproxy') return { command: 'haproxy -c -f /etc/haproxy/haproxy.cfg', argv: ['/usr/sbin/haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg'] };
  if (service === 'ssh' || service === 'sshd') return { command: 'sshd -t', argv: ['/usr/sbin/sshd', '-t'] };
  if (service === 'mariadb' || service === 'mysql') return { command: 'mariadbd --help --verbose', argv: ['sh', '-c', '/usr/sbin/mariadbd --help --verbose >/dev/null'] };
  if (/^postgresql(@.+)?$/.test(service)) return { command: 'postgres -C data_directory (each cluster)', argv: ['sh', '-c', POSTGRES_CHECK] };
  return undefined;
}

/** Log files each server writes its start-up errors to (besides pp-service's own log or the journal). */
export function logFilesFor(service: string): string[] {
  if (service === 'nginx') return ['/var/log/nginx/error.log'];
  if (/^apache2(@.+)?$/.test(service)) return ['/var/log/apache2/error.log'];
  if (service === 'mariadb' || service === 'mysql') return ['/var/log/pp-mariadb.log', '/var/log/mysql/error.log'];
  if (/^postgresql(@.+)?$/.test(service)) return ['/var/log/postgresql/*.log'];
  return [];
}

/** Prints the last lines of each existing file matching the (constant) patterns given as arguments. */
const TAIL_FILES = 'for pattern; do for f in $pattern; do [ -f "$f" ] && { echo "== $f"; tail -n 15 -- "$f"; }; done; done; true';

async function logTailOf(shell: VmShell, manager: ServiceManagerKind, service: string): Promise<string> {
  const files = manager === 'pp-service' ? ['/var/log/pp-service.log', ...logFilesFor(service)] : logFilesFor(service);
  const parts: string[] = [];
  if (manager === 'systemd') {
    const journal = await shell.run(['journalctl', '--no-pager', '-n', '30', '-u', `${service}.service`], { timeoutMs: EVIDENCE_TIMEOUT_MS }).catch(() => undefined);
    if (journal) parts.push(`== journalctl -u ${service}.service\n${printed(journal)}`);
  }
  if (files.length > 0) {
    const logs = await shell.run(['sh', '-c', TAIL_FILES, 'sh', ...files], { timeoutMs: EVIDENCE_TIMEOUT_MS }).catch(() => undefined);
    if (logs?.stdout.trim()) parts.push(logs.stdout.trim());
  }
  return parts.join('\n');
}

async function runConfigCheck(shell: VmShell, service: string): Promise<ConfigCheck | undefined> {
  const check = configCheckFor(service);
  if (!check) return undefined;
  const result = await shell.run(check.argv, { timeoutMs: EVIDENCE_TIMEOUT_MS }).catch(() => undefined);
  if (!result) return undefined;
  return { command: check.command, exitCode: result.exitCode ?? -1, output: tail(printed(result) || `(no output, ${outcomeOf(result)})`, EVIDENCE_ROOM) };
}

/**
 * A service the patch touched did not come back after its restart: the evidence is the restart's exit
 * status and output, the service's last log lines and the server's own configuration check.
 */
export async function serviceFailure(shell: VmShell, manager: ServiceManagerKind, service: string, restart: ExecResult, timeoutMs: number): Promise<ApplyFailure> {
  const how = restart.timedOut ? `did not come back within ${timeoutMs} ms of its restart` : `did not come back after its restart (${outcomeOf(restart)})`;
  shell.transcript.note(`${service} ${how}: collecting its logs and configuration check`);
  const [logs, configCheck] = [await logTailOf(shell, manager, service), await runConfigCheck(shell, service)];
  const own = printed(restart);
  const logTail = [own ? `== ${restart.command}\n${tail(own, COMMAND_ROOM)}` : '', logs].filter(Boolean).join('\n');
  const check = configCheck && configCheck.exitCode !== 0 ? `; ${configCheck.command} exits ${configCheck.exitCode}` : '';
  return {
    kind: 'service-restart',
    reason: `${service} ${how}${check}`,
    service,
    ...(restart.exitCode === null ? {} : { exitCode: restart.exitCode }),
    ...(logTail ? { logTail: tail(logTail, EVIDENCE_ROOM) } : {}),
    ...(configCheck ? { configCheck } : {}),
  };
}

/** After a reboot some services are not running: the failure names them, with the first one's evidence. */
export async function rebootFailure(shell: VmShell, manager: ServiceManagerKind, stopped: string[]): Promise<ApplyFailure> {
  const [first] = stopped;
  const logs = await logTailOf(shell, manager, first);
  const configCheck = await runConfigCheck(shell, first);
  return {
    kind: 'reboot',
    reason: `${stopped.join(', ')} not running after the reboot the patch needed`,
    service: first,
    ...(logs ? { logTail: tail(logs, EVIDENCE_ROOM) } : {}),
    ...(configCheck ? { configCheck } : {}),
  };
}
