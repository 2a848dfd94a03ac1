import { HttpDefinition } from '../test-definition';
import { SeedTest, seedTest, shell } from './catalog-seed';
import { JAPANESE, PERFORMANCE, PORT, SERVICE, ssh } from './starter-common';
import { checkedReload, cpuCostOf, serviceComesBack, withHelpers } from './starter-scripts';

function http(path: string, via: HttpDefinition['via'], expectStatus: number, expectBody?: string): HttpDefinition {
  return { kind: 'http', service: SERVICE, path, via, expectStatus, ...(expectBody ? { expectBody } : {}) };
}

/** Each web server's own configuration check before a graceful reload; anything else fails by name. */
const WEB_CHECKED_RELOAD = `case "$1" in
  nginx) nginx -t && nginx -s reload ;;
  apache2|httpd) apachectl configtest && apachectl graceful ;;
  *) echo "no checked reload known for $1" >&2; exit 1 ;;
esac && svc status "$1" && wait_port "$2"`;

/** Two requests on one connection (the second closes it): two answers mean it was kept alive (a body need not end in a newline). */
const KEEP_ALIVE = `exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\nGET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3
timeout 10 cat <&3 | grep -o 'HTTP/1\\.1 200' | wc -l`;

/** 2000 sequential GET / on the loopback, each a new connection answered 200 (perl-base reads bodies cheaply; bash's read goes byte by byte). */
const REQUEST_LOOP = `perl -MIO::Socket::INET -e '
for my $n (1 .. 2000) {
  my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0], Timeout => 10) or die "request $n: $!\\n";
  print $s "GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n";
  my ($response, $chunk) = ("");
  $response .= $chunk while sysread($s, $chunk, 65536);
  $response =~ m{^HTTP/1\\.\\d 200 } or die "request $n answered: " . (split /\\r?\\n/, $response)[0] . "\\n";
}' "$1"`;

/** curl where installed, else openssl s_client: a full handshake and one request; prints the HTTP status. */
const TLS_REQUEST = `if command -v curl >/dev/null; then
  curl -sk --max-time 10 -o /dev/null -w '%{http_code}\\n' https://127.0.0.1/
elif command -v openssl >/dev/null; then
  printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' | timeout 10 openssl s_client -quiet -ign_eof -connect 127.0.0.1:443 2>/dev/null | head -n 1 | cut -d ' ' -f 2
else
  echo "neither curl nor openssl on the VM" >&2; exit 1
fi`;

export const WEB_FUNCTION_GROUP_TESTS: SeedTest[] = [
  seedTest('web-http-get-load-balancer', 'function-group', 'web', 'HTTP GET through the load balancer', {
    definition: http('/', 'load-balancer', 200),
  }),
  seedTest('web-http-get-vm', 'function-group', 'web', 'HTTP GET on the VM', { definition: http('/', 'vm', 200) }),
  seedTest('web-http-not-found', 'function-group', 'web', 'Missing page answers 404', { definition: http('/patchproof-missing-page', 'vm', 404) }),
  seedTest('web-tcp-connect', 'function-group', 'web', 'Web port accepts connections', {
    definition: { kind: 'tcp', service: SERVICE },
  }),
  seedTest('web-tls-port', 'function-group', 'web', 'HTTPS port accepts connections', {
    description: 'Only where the VM listens on 443.',
    definition: { kind: 'tcp', service: SERVICE, port: 443 },
    condition: { listeningPort: 443 },
  }),
  seedTest('web-tls-handshake', 'function-group', 'web', 'TLS handshake on 443', {
    description: 'A full TLS handshake and HTTP exchange on the VM (certificate not verified: replicas answer on their own addresses).',
    definition: ssh(shell(TLS_REQUEST), { expectExit: 0, expectStdout: '^[1-5][0-9][0-9]\\s*$' }),
    condition: { listeningPort: 443 },
  }),
  seedTest('web-config-reload', 'function-group', 'web', 'Checked configuration reload', {
    description: 'nginx -t then nginx -s reload, or apachectl configtest then graceful; the server still answers.',
    definition: ssh(withHelpers(WEB_CHECKED_RELOAD, SERVICE, PORT)),
  }),
  seedTest('web-service-restart', 'function-group', 'web', 'Web service survives a restart', {
    description: 'Restarted with the VM\'s service manager (pp-service on namespace VMs, else systemctl), then running and accepting connections again.',
    definition: ssh(serviceComesBack('restart', SERVICE, PORT)),
    timeoutMs: 120_000,
  }),
  seedTest('web-keep-alive', 'function-group', 'web', 'Two requests on one kept-alive connection', {
    definition: ssh(withHelpers(KEEP_ALIVE, PORT), { expectExit: 0, expectStdout: '^2\\s*$' }),
  }),
  seedTest('web-static-content', 'function-group', 'web', 'Static content written before the patch is served after it', {
    subject: 'data',
    prepare: ssh(shell('mkdir -p /var/www/html && printf "%s\\n" "$1" > /var/www/html/patchproof-probe.txt', JAPANESE)),
    definition: http('/patchproof-probe.txt', 'vm', 200, JAPANESE),
  }),
  seedTest('web-response-time', 'function-group', 'web', '2000 local requests: CPU time before and after', {
    ...PERFORMANCE,
    definition: ssh(cpuCostOf(REQUEST_LOOP, PORT)),
    timeoutMs: 300_000,
  }),
];

/** A response header of GET / on the loopback. */
function serverHeader(pattern: string): ReturnType<typeof ssh> {
  return ssh(withHelpers('http "$1" HEAD /', PORT), { expectExit: 0, expectStdout: pattern });
}

export const NGINX_TESTS: SeedTest[] = [
  seedTest('nginx-config-test', 'software-group', 'nginx', 'nginx -t', { definition: ssh(['nginx', '-t']) }),
  seedTest('nginx-reload', 'software-group', 'nginx', 'Checked reload replaces the workers', {
    description: 'nginx -t, nginx -s reload, then every worker of before the reload gone and new ones running.',
    definition: ssh(withHelpers(
      'workers() { pgrep -f "^nginx: worker process" | tr "\\n" " "; }; old=$(workers); [ -n "$old" ] || { echo "no nginx workers" >&2; exit 1; }; ' +
        'nginx -t && nginx -s reload || exit 1; ' +
        'replaced() { for p in $old; do kill -0 "$p" 2>/dev/null && return 1; done; [ -n "$(workers)" ]; }; ' +
        'i=0; until replaced; do i=$((i + 1)); [ "$i" -ge 100 ] && { echo "workers $old still running after the reload" >&2; exit 1; }; sleep 0.1; done; ' +
        'echo "workers $old-> $(workers)"',
    )),
  }),
  seedTest('nginx-access-log', 'software-group', 'nginx', 'Access log is written', {
    definition: ssh(withHelpers('log_probe "$1" "/patchproof-probe-$$-$RANDOM" /var/log/nginx/access.log', PORT)),
  }),
  seedTest('nginx-error-log', 'software-group', 'nginx', 'Error log is written', {
    description: 'A directory without an index under /var/www/html, requested: "directory index … is forbidden" in /var/log/nginx/error.log.',
    definition: ssh(withHelpers(
      'd="/var/www/html/patchproof-probe-$$"; mkdir -p "$d" || exit 1; log_probe "$1" "/${d##*/}/" /var/log/nginx/error.log; rc=$?; rmdir "$d"; exit "$rc"',
      PORT,
    )),
  }),
  seedTest('nginx-server-header', 'software-group', 'nginx', 'nginx answers with its Server header', { definition: serverHeader('^[Ss]erver: nginx') }),
  seedTest('nginx-workers', 'software-group', 'nginx', 'Worker processes run unprivileged', {
    description: 'At least one worker process, none of them as root.',
    definition: ssh(shell(
      'users=$(ps -o user= -p "$(pgrep -d, -f "^nginx: worker process")") || exit 1; printf "%s\\n" "$users"; ! printf "%s\\n" "$users" | grep -qx root',
    ), { expectExit: 0, expectStdout: '^\\S+' }),
  }),
];

export const APACHE_TESTS: SeedTest[] = [
  seedTest('apache-configtest', 'software-group', 'apache-httpd', 'apachectl configtest', { definition: ssh(['apachectl', 'configtest']) }),
  seedTest('apache-graceful-reload', 'software-group', 'apache-httpd', 'Checked graceful reload', {
    description: 'apachectl configtest, apachectl graceful, then a new configuration generation in mod_status.',
    definition: ssh(withHelpers(
      'gen() { http "$1" GET "/server-status?auto" | tr -d "\\r" | sed -n "s/^ParentServerConfigGeneration: //p"; }; ' +
        'before=$(gen "$1"); [ -n "$before" ] || { echo "no ParentServerConfigGeneration in /server-status?auto" >&2; exit 1; }; ' +
        'apachectl configtest && apachectl graceful || exit 1; ' +
        'i=0; until after=$(gen "$1") && [ -n "$after" ] && [ "$after" -gt "$before" ]; do i=$((i + 1)); [ "$i" -ge 100 ] && { echo "still generation $before" >&2; exit 1; }; sleep 0.1; done; ' +
        'echo "configuration generation $before -> $after"',
      PORT,
    )),
  }),
  seedTest('apache-access-log', 'software-group', 'apache-httpd', 'Access log is written', {
    definition: ssh(withHelpers('log_probe "$1" "/patchproof-probe-$$-$RANDOM" /var/log/apache2/access.log', PORT)),
  }),
  seedTest('apache-server-header', 'software-group', 'apache-httpd', 'Apache answers with its Server header', { definition: serverHeader('^[Ss]erver: Apache') }),
  seedTest('apache-modules', 'software-group', 'apache-httpd', 'An MPM module is loaded', {
    definition: ssh(['apachectl', '-M'], { expectExit: 0, expectStdout: 'mpm_(event|worker|prefork)_module' }),
  }),
  seedTest('apache-server-status', 'software-group', 'apache-httpd', 'mod_status answers locally', {
    definition: ssh(withHelpers('http "$1" GET "/server-status?auto"', PORT), { expectExit: 0, expectStdout: '^ServerUptimeSeconds: [0-9]+' }),
  }),
];

const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';

/** Every server of every backend, from the runtime API's `show stat` (the stats socket haproxy.cfg declares). */
const BACKENDS_UP = `sock=$(sed -n 's/^[[:space:]]*stats socket[[:space:]]\\{1,\\}\\([^[:space:]]*\\).*/\\1/p' "$1" | head -n 1)
[ -S "$sock" ] || { echo "no stats socket declared in $1" >&2; exit 1; }
perl -MIO::Socket::UNIX -e '$s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "$ARGV[0]: $!\\n"; print $s "show stat\\n"; print while <$s>' "$sock" |
  awk -F, '/^#/ || NF < 18 || $2 == "FRONTEND" || $2 == "BACKEND" { next } { n++; print $1 "/" $2 ": " $18; if ($18 !~ /^(UP|no check)/) bad++ }
    END { if (n == 0) { print "no backend servers"; exit 1 } exit bad > 0 }'`;

export const HAPROXY_TESTS: SeedTest[] = [
  seedTest('haproxy-config-check', 'software-group', 'haproxy', 'haproxy -c', {
    definition: ssh(['haproxy', '-c', '-f', HAPROXY_CFG], { expectExit: 0, expectStdout: 'valid' }),
  }),
  seedTest('haproxy-checked-reload', 'software-group', 'haproxy', 'Checked reload', {
    description: 'haproxy -c, then a reload (a restart under pp-service); haproxy running and accepting connections again.',
    definition: ssh(checkedReload(`haproxy -c -q -f ${HAPROXY_CFG}`, SERVICE, PORT)),
    timeoutMs: 120_000,
  }),
  seedTest('haproxy-backends-up', 'software-group', 'haproxy', 'Every backend server is up', {
    description: 'The health-check status of every backend server (runtime API `show stat`).',
    definition: ssh(shell(BACKENDS_UP, HAPROXY_CFG)),
  }),
  seedTest('haproxy-http-through', 'software-group', 'haproxy', 'HTTP GET through haproxy', { definition: http('/', 'vm', 200) }),
  seedTest('haproxy-service-restart', 'software-group', 'haproxy', 'haproxy survives a restart', {
    definition: ssh(serviceComesBack('restart', SERVICE, PORT)),
    timeoutMs: 120_000,
  }),
];
