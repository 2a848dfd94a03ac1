import { run, tryRun } from './exec';
import { GUEST_PATH_RE, assertMatches } from './names';

/** PATH inside VMs and for host commands we start (the caller's environment is never passed on). */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const HOST_ENV: NodeJS.ProcessEnv = { PATH: SYSTEM_PATH, LANG: 'C.UTF-8' };

/**
 * Runs on the host's /bin/sh as PID 1 of the VM's new PID, mount, UTS and IPC namespaces (network:
 * the VM's netns). Arguments: $1 root overlay mount point, $2 host name. It mounts the VM's private
 * /proc, /sys, /dev and /run, pivots into the root overlay and detaches the host's tree, so the VM
 * sees only its own mounts, then hands PID 1 to tini. Everything mounted here dies with the VM.
 */
export const BOOT_SCRIPT = `set -eu
root="$1"
hostname "$2"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -t tmpfs -o mode=755,nosuid,size=16m tmpfs "$root/dev"
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 666 "$root/dev/zero" c 1 5
mknod -m 666 "$root/dev/full" c 1 7
mknod -m 666 "$root/dev/random" c 1 8
mknod -m 666 "$root/dev/urandom" c 1 9
mknod -m 666 "$root/dev/tty" c 5 0
mkdir -m 755 "$root/dev/pts"
mkdir -m 1777 "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$root/run"
mkdir -m 700 "$root/run/pp-oldroot"
cd "$root"
pivot_root . run/pp-oldroot
cd /
umount -l /run/pp-oldroot
rmdir /run/pp-oldroot
exec /usr/bin/env -i PATH=${SYSTEM_PATH} LANG=C.UTF-8 HOME=/root /usr/bin/tini -- /bin/sh /usr/local/sbin/pp-init
`;

/** Exit code of the VM's init asking the host-side supervisor (VM_SUPERVISOR) to boot the VM again. */
export const REBOOT_EXIT_CODE = 42;

/**
 * Runs on the host's /bin/sh in the VM's network namespace only (the process bootServer spawns), for
 * the VM's whole life. Arguments: $1 BOOT_SCRIPT, then BOOT_SCRIPT's arguments. Each pass boots the
 * VM in new PID, mount, UTS and IPC namespaces; when the VM's init ends with REBOOT_EXIT_CODE
 * (pp-reboot) it boots it again — every process of the VM starts anew, PID 1 included, with a fresh
 * /run, /dev and /proc, on the same network namespace, root overlay and volumes. Any other end of
 * the VM (killed, a failed boot) ends the supervisor too.
 */
export const VM_SUPERVISOR = `boot="$1"
shift
while :; do
  unshare --mount --uts --ipc --pid --fork --propagation slave -- /bin/sh -c "$boot" pp-boot "$@"
  rc=$?
  [ "$rc" -eq ${REBOOT_EXIT_CODE} ] || exit "$rc"
  echo "$(date -u +%FT%TZ) pp-vm: rebooting (pp-reboot)"
done
`;

/**
 * The VM's init, child of tini: host keys on first boot, the enabled services, then idle until
 * pp-reboot sends SIGUSR1, on which it exits with REBOOT_EXIT_CODE (tini passes it on). When the
 * services have been started it writes a new /run/pp/boot-id: how a caller sees the VM came back.
 */
export const PP_INIT = `#!/bin/sh
# patchproof VM init (child of tini, which is PID 1 and reaps orphans). Rewritten at every boot.
export PATH=${SYSTEM_PATH} LANG=C.UTF-8 HOME=/root
mkdir -p /run/pp /run/lock
chmod 1777 /run/lock
trap 'exit ${REBOOT_EXIT_CODE}' USR1
echo "$$" > /run/pp/init.pid
ssh-keygen -A
/usr/local/sbin/pp-service start-all
cat /proc/sys/kernel/random/uuid > /run/pp/boot-id
: > /run/pp/booted
# wait returns when a trapped signal arrives (then the trap runs); a new sleep if one was killed.
while :; do sleep infinity & wait $!; done
`;

/**
 * Starts and stops daemons directly (a namespace VM has no systemd). Called over SSH by the patch
 * applier, by pp-reboot's shutdown and by pp-init. Daemons write pid files; \`status\` checks the pid is alive.
 */
export const PP_SERVICE = `#!/bin/sh
# pp-service: start|stop|restart|status NAME, start-all|stop-all|status-all|list
# Services: ssh postgresql mariadb nginx apache2 haproxy. Enabled ones are listed in /etc/pp/services.
# Maintainer scripts never start daemons here (policy-rc.d exits 101): restart through this script.
set -u
export PATH=${SYSTEM_PATH} LANG=C.UTF-8
ENABLED=/etc/pp/services
LOG=/var/log/pp-service.log
FAILED=/run/pp/failed-services

usage() {
  echo "usage: pp-service start|stop|restart|status NAME | start-all|stop-all|status-all|list" >&2
  exit 2
}

known() {
  case "$1" in ssh|postgresql|mariadb|nginx|apache2|haproxy) return 0 ;; *) return 1 ;; esac
}

pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
pid_gone() { ! pid_alive "$1"; }

# Polls a condition for up to 30 seconds.
wait_until() {
  i=0
  until "$@"; do
    i=$((i + 1))
    [ "$i" -ge 300 ] && return 1
    sleep 0.1
  done
}

stop_pidfile() {
  pid_alive "$1" || { rm -f "$1"; return 0; }
  pid=$(cat "$1")
  kill -TERM "$pid" 2>/dev/null
  wait_until pid_gone "$1" || kill -KILL "$pid" 2>/dev/null
  rm -f "$1"
}

start_ssh() { mkdir -p /run/sshd && chmod 755 /run/sshd && /usr/sbin/sshd; }
stop_ssh() { stop_pidfile /run/sshd.pid; }
status_ssh() { pid_alive /run/sshd.pid; }

start_nginx() { /usr/sbin/nginx; }
stop_nginx() { stop_pidfile /run/nginx.pid; }
status_nginx() { pid_alive /run/nginx.pid; }

start_apache2() { mkdir -p /run/apache2 /run/lock/apache2 /var/log/apache2 && apache2ctl start; }
stop_apache2() { stop_pidfile /run/apache2/apache2.pid; }
status_apache2() { pid_alive /run/apache2/apache2.pid; }

start_haproxy() { mkdir -p /run/haproxy && haproxy -D -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid; }
stop_haproxy() { stop_pidfile /run/haproxy.pid; }
status_haproxy() { pid_alive /run/haproxy.pid; }

start_mariadb() {
  install -d -o mysql -g mysql -m 755 /run/mysqld
  rm -f /run/mysqld/mysqld.sock
  setsid -f /usr/sbin/mariadbd --user=mysql --pid-file=/run/mysqld/mysqld.pid </dev/null >>/var/log/pp-mariadb.log 2>&1
  wait_until test -S /run/mysqld/mysqld.sock
}
stop_mariadb() { stop_pidfile /run/mysqld/mysqld.pid; }
status_mariadb() { pid_alive /run/mysqld/mysqld.pid; }

clusters() { pg_lsclusters -h 2>/dev/null; }
start_postgresql() {
  install -d -o postgres -g postgres -m 2775 /run/postgresql
  clusters | while read -r version cluster _rest; do
    pg_ctlcluster "$version" "$cluster" start || exit 1
  done
}
stop_postgresql() {
  clusters | while read -r version cluster _rest; do
    pg_ctlcluster "$version" "$cluster" stop -m fast || true
  done
}
status_postgresql() {
  out=$(clusters) && [ -n "$out" ] && ! printf '%s\\n' "$out" | grep -qv ' online'
}

do_status() { "status_$1"; }

do_start() {
  do_status "$1" && return 0
  echo "$(date -u +%FT%TZ) start $1" >>"$LOG"
  if "start_$1" </dev/null >>"$LOG" 2>&1 && wait_until do_status "$1"; then return 0; fi
  echo "pp-service: $1 failed to start; end of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  return 1
}

do_stop() {
  echo "$(date -u +%FT%TZ) stop $1" >>"$LOG"
  "stop_$1" </dev/null >>"$LOG" 2>&1
  if do_status "$1"; then echo "pp-service: $1 did not stop" >&2; return 1; fi
}

enabled() { [ -f "$ENABLED" ] && grep -v '^[[:space:]]*$' "$ENABLED"; }

case "\${1:-}" in
  start|stop|restart|status)
    { [ $# -eq 2 ] && known "$2"; } || usage
    case "$1" in
      start) do_start "$2" ;;
      stop) do_stop "$2" ;;
      restart) do_stop "$2" && do_start "$2" ;;
      status) if do_status "$2"; then echo "$2 running"; else echo "$2 stopped"; exit 3; fi ;;
    esac
    ;;
  start-all)
    mkdir -p /run/pp
    : >"$FAILED"
    rc=0
    for s in $(enabled); do
      if ! { known "$s" && do_start "$s"; }; then rc=1; echo "$s" >>"$FAILED"; fi
    done
    exit $rc
    ;;
  stop-all)
    rc=0
    for s in $(enabled | tac); do
      known "$s" && { do_stop "$s" || rc=1; }
    done
    exit $rc
    ;;
  status-all)
    for s in $(enabled); do
      if known "$s" && do_status "$s"; then echo "$s running"; else echo "$s stopped"; fi
    done
    ;;
  list) enabled ;;
  *) usage ;;
esac
`;

/**
 * A namespace VM has no kernel to restart, but it can start every one of its processes again, as a
 * reboot would. Like `reboot` it returns at once; the shutdown runs detached from the caller.
 */
export const PP_REBOOT = `#!/bin/sh
# pp-reboot: reboot this VM. Returns at once; then every service is stopped (databases shut down
# cleanly), the VM's init exits and the host boots the VM again in new namespaces: every process,
# sshd included, starts anew. /run/pp/boot-id changes once the new boot has started its services.
export PATH=${SYSTEM_PATH} LANG=C.UTF-8
[ -s /run/pp/init.pid ] || { echo "pp-reboot: /run/pp/init.pid is missing (VM not booted by pp-init)" >&2; exit 1; }
echo "$(date -u +%FT%TZ) reboot requested" >>/var/log/pp-service.log
setsid -f /bin/sh -c '/usr/local/sbin/pp-service stop-all; kill -USR1 "$1"' pp-shutdown "$(cat /run/pp/init.pid)" </dev/null >>/var/log/pp-service.log 2>&1
`;

// Written inside the VM's root (chroot), so a symlink in the VM can never redirect the write to a host file.
const WRITE_SCRIPT = 'umask 022; mkdir -p "$(dirname "$1")" && cat > "$1.pp-new" && chmod "$2" "$1.pp-new" && mv -f "$1.pp-new" "$1"';
const AUTHORIZE_SCRIPT =
  'umask 077; mkdir -p /root/.ssh && chmod 700 /root/.ssh && touch /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys && { grep -qxF "$1" /root/.ssh/authorized_keys || printf "%s\\n" "$1" >> /root/.ssh/authorized_keys; }';

export async function writeGuestFile(root: string, guestPath: string, content: string, mode = '644'): Promise<void> {
  assertMatches(GUEST_PATH_RE, guestPath, 'guest path');
  assertMatches(/^[0-7]{3,4}$/, mode, 'file mode');
  await run('chroot', [root, '/bin/sh', '-c', WRITE_SCRIPT, 'pp-write', guestPath, mode], { input: content, env: HOST_ENV });
}

export async function readGuestFile(root: string, guestPath: string): Promise<string | undefined> {
  assertMatches(GUEST_PATH_RE, guestPath, 'guest path');
  return (await tryRun('chroot', [root, '/bin/cat', '--', guestPath], { env: HOST_ENV }))?.stdout;
}

/** Runs a program of the VM's own filesystem against its root, without entering the running VM. */
export async function runInGuestRoot(root: string, argv: readonly string[]): Promise<string> {
  return (await run('chroot', [root, ...argv], { env: HOST_ENV })).stdout;
}

export async function makeGuestDir(root: string, guestPath: string): Promise<void> {
  assertMatches(GUEST_PATH_RE, guestPath, 'guest path');
  await run('chroot', [root, '/bin/mkdir', '-p', '--', guestPath], { env: HOST_ENV });
}

export async function authorizeKey(root: string, publicKey: string): Promise<void> {
  assertMatches(/^ssh-ed25519 [A-Za-z0-9+/=]+(?: [\w.@-]+)?$/, publicKey, 'public key');
  await run('chroot', [root, '/bin/sh', '-c', AUTHORIZE_SCRIPT, 'pp-authorize', publicKey], { env: HOST_ENV });
}

/** Resolves `user[:group]` to numeric ids with the VM's own user database. */
export async function resolveOwner(root: string, owner: string): Promise<{ uid: number; gid: number }> {
  const [user, group] = owner.split(':');
  const uid = Number((await runInGuestRoot(root, ['/usr/bin/id', '-u', '--', user])).trim());
  const gid = group
    ? Number((await runInGuestRoot(root, ['/usr/bin/getent', 'group', group])).split(':')[2])
    : Number((await runInGuestRoot(root, ['/usr/bin/id', '-g', '--', user])).trim());
  return { uid, gid };
}

/** Names for numeric ids, from the VM's user database (undefined when unknown). */
export async function ownerName(root: string, uid: number, gid: number): Promise<string | undefined> {
  const user = (await tryRun('chroot', [root, '/usr/bin/getent', 'passwd', String(uid)], { env: HOST_ENV }))?.stdout.split(':');
  const group = (await tryRun('chroot', [root, '/usr/bin/getent', 'group', String(gid)], { env: HOST_ENV }))?.stdout.split(':')[0];
  if (!user || user.length < 4 || !group) return undefined;
  return Number(user[3]) === gid ? user[0] : `${user[0]}:${group}`;
}
