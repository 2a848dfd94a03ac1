import { shell } from './catalog-seed';

/*
 * Shell building blocks of the starter catalog's local tests. They rely only on what a minimal Debian
 * VM has (the local provider's namespace VMs: no systemd, no curl): POSIX sh, bash (for /dev/tcp),
 * coreutils, procps, perl-base. Scripts are fixed text; anything variable arrives as an argument.
 */

/** ["bash", "-c", script, "bash", ...args]: for scripts that talk TCP through bash's /dev/tcp. */
export function bash(script: string, ...args: string[]): string[] {
  return ['bash', '-c', script, 'bash', ...args];
}

/**
 * `svc ACTION NAME`: start/stop/restart/reload/status through pp-service on namespace VMs, systemctl
 * elsewhere. Selection binds the name the inventory saw listening (a process name such as `postgres`
 * or `mariadbd`), so it is mapped to the service's own name first. pp-service cannot reload: there a
 * reload is a restart.
 */
const SERVICE_CONTROL = `svc() {
  a=$1; s=$2
  case "$s" in postgres) s=postgresql ;; mariadbd) s=mariadb ;; mysqld) s=mysql ;; httpd) s=apache2 ;; sshd) s=ssh ;; esac
  if [ -x /usr/local/sbin/pp-service ]; then
    [ "$s" = mysql ] && s=mariadb
    [ "$a" = reload ] && a=restart
    /usr/local/sbin/pp-service "$a" "$s"
  elif [ "$a" = status ]; then
    systemctl is-active "$s"
  else
    systemctl "$a" "$s"
  fi
}
`;

/** `port_open PORT`, `wait_port PORT` (up to 30 s) and `http PORT METHOD PATH` (the whole response) on the loopback. */
const LOOPBACK_TCP = `port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || (exec 3<>"/dev/tcp/::1/$1") 2>/dev/null; }
wait_port() {
  i=0
  until port_open "$1"; do
    i=$((i + 1)); [ "$i" -ge 300 ] && { echo "nothing accepts connections on port $1" >&2; return 1; }
    sleep 0.1
  done
}
http() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf '%s %s HTTP/1.0\\r\\nHost: localhost\\r\\nUser-Agent: patchproof-probe\\r\\n\\r\\n' "$2" "$3" >&3
  timeout 10 cat <&3
  exec 3<&-
}
`;

/** `log_probe PORT PATH FILE`: requests PATH (make it unique) and waits up to 10 s for it in the log file. */
const LOG_PROBE = `log_probe() {
  http "$1" GET "$2" >/dev/null || return 1
  i=0
  until grep -qF -- "$2" "$3"; do
    i=$((i + 1)); [ "$i" -ge 100 ] && { echo "no line for $2 in $3" >&2; return 1; }
    sleep 0.1
  done
  echo "$2 logged in $3"
}
`;

/** A bash script with the service, loopback TCP and log helpers defined. */
export function withHelpers(script: string, ...args: string[]): string[] {
  return bash(SERVICE_CONTROL + LOOPBACK_TCP + LOG_PROBE + script, ...args);
}

/** `ACTION` the service, then find it running and accepting connections on its port again. */
export function serviceComesBack(action: 'restart' | 'reload', service: string, port: string): string[] {
  return withHelpers(`svc ${action} "$1" && svc status "$1" && wait_port "$2" && echo "$1 accepts connections on port $2"`, service, port);
}

/** A daemon's own configuration check, then a reload, then the service running and answering. */
export function checkedReload(check: string, service: string, port: string): string[] {
  return withHelpers(`${check} && svc reload "$1" && svc status "$1" && wait_port "$2"`, service, port);
}

/**
 * Runs `work "$@"` once and prints the CPU time (ms) every process of the VM spent meanwhile: the
 * client and the server. Namespace VMs share the host's CPUs, so wall-clock time swings with the
 * host's load; CPU time for a fixed workload barely does. Waits (up to 2 s) for what the workload
 * started to be reaped, so its CPU time has moved to its parent's account.
 */
const CPU_COST = `cpu_ms() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\\) /, ""); t += $12 + $13 + $14 + $15 } END { printf "%d\\n", t * 1000 / hz }'
}
procs() { set -- /proc/[0-9]*; echo "$#"; }
n0=$(procs); c0=$(cpu_ms)
work "$@" >/dev/null || exit 1
i=0
while [ "$(procs)" -gt "$n0" ] && [ "$i" -lt 20 ]; do i=$((i + 1)); sleep 0.1; done
echo "$(( $(cpu_ms) - c0 )) ms CPU"`;

/** A performance probe (measure `stdout-number`): the CPU cost of `work`, a bash function body. */
export function cpuCostOf(work: string, ...args: string[]): string[] {
  return withHelpers(`work() {\n${work}\n}\n${CPU_COST}`, ...args);
}

/** Runs a statement with psql as the postgres user (peer authentication, Debian's default). */
export function psql(statement: string): string[] {
  return ['runuser', '-u', 'postgres', '--', ...shell('cd / && exec psql -X -A -t -v ON_ERROR_STOP=1 -c "$1"', statement)];
}

/** A script run as the postgres user, from / (its home may be unreadable to it after runuser). */
export function asPostgres(script: string, ...args: string[]): string[] {
  return ['runuser', '-u', 'postgres', '--', ...shell(`cd / || exit 1; ${script}`, ...args)];
}

/** `mariadb` or, on MySQL, `mysql` as root (unix_socket authentication, Debian's default). */
export function mariadbCli(statement: string): string[] {
  return shell('exec "$(command -v mariadb || command -v mysql)" --batch --skip-column-names -e "$1"', statement);
}
