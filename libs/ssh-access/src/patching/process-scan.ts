import { ProcessInfo } from './restart-plan';

/**
 * pp-service's pid files (libs/local-vm guest.ts), as `name=glob`: which process is each service's
 * main process on a namespace VM, which has no systemd cgroups to tell.
 */
export const PP_SERVICE_PID_FILES: readonly string[] = [
  'ssh=/run/sshd.pid',
  'nginx=/run/nginx.pid',
  'apache2=/run/apache2/apache2.pid',
  'haproxy=/run/haproxy.pid',
  'mariadb=/run/mysqld/mysqld.pid',
  'postgresql=/run/postgresql/*.pid',
];

/**
 * Prints, tab-separated: `SELF pid` (this shell), `SERVICE name pid` per pid file found (arguments
 * `name=glob`), `PROC pid ppid unit exe` per process with an executable (kernel threads have none),
 * and `MAP pid path` per distinct file it maps. A fixed script: the globs arrive as arguments.
 */
export const PROCESS_SCAN_SCRIPT = `printf 'SELF\\t%s\\n' "$$"
for spec in "$@"; do
  name=\${spec%%=*}
  for file in \${spec#*=}; do
    [ -s "$file" ] && printf 'SERVICE\\t%s\\t%s\\n' "$name" "$(head -n 1 "$file" | tr -dc 0-9)"
  done
done
for dir in /proc/[0-9]*; do
  pid=\${dir#/proc/}
  exe=$(readlink "$dir/exe" 2>/dev/null) || continue
  ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "$dir/status" 2>/dev/null)
  unit=$(sed -n 's#^.*:/system\\.slice/\\([^/]*\\.service\\)$#\\1#p' "$dir/cgroup" 2>/dev/null | head -n 1)
  printf 'PROC\\t%s\\t%s\\t%s\\t%s\\n' "$pid" "$ppid" "$unit" "$exe"
  awk -v pid="$pid" '$6 ~ /^\\// { print "MAP\\t" pid "\\t" substr($0, index($0, "/")) }' "$dir/maps" 2>/dev/null | sort -u
done
true`;

export interface ProcessSnapshot {
  self?: number;
  /** Main pid → pp-service name. */
  serviceMainPids: Map<number, string>;
  processes: ProcessInfo[];
}

type MutableProcess = ProcessInfo & { maps: string[] };

function addLine(snapshot: ProcessSnapshot, byPid: Map<number, MutableProcess>, fields: string[]): void {
  const [kind, first, second, third, ...rest] = fields;
  if (kind === 'SELF') snapshot.self = Number(first);
  else if (kind === 'SERVICE' && /^\d+$/.test(second ?? '')) snapshot.serviceMainPids.set(Number(second), first);
  else if (kind === 'PROC' && /^\d+$/.test(first ?? '')) {
    const process: MutableProcess = { pid: Number(first), ppid: Number(second) || 0, ...(third ? { unit: third } : {}), exe: rest.join('\t'), maps: [] };
    byPid.set(process.pid, process);
    snapshot.processes.push(process);
  } else if (kind === 'MAP') byPid.get(Number(first))?.maps.push([second, third, ...rest].filter((part) => part !== undefined).join('\t'));
}

/** The output of PROCESS_SCAN_SCRIPT. */
export function parseProcessScan(text: string): ProcessSnapshot {
  const snapshot: ProcessSnapshot = { serviceMainPids: new Map(), processes: [] };
  const byPid = new Map<number, MutableProcess>();
  for (const line of text.split('\n')) if (line) addLine(snapshot, byPid, line.split('\t'));
  return snapshot;
}
