#!/usr/bin/env bash
# Installs and starts what patchproof's tests and demo need on a Debian host, from Debian's packages.
# Idempotent: installs only what is missing and starts only what is not running.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# The local driver (VMs as namespaces): base images, SSH, networking, overlay mounts, .deb building.
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
# The SSH layer's tests start their own sshd on a free loopback port; the host's sshd service stays off.
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "prepare-host: installing ${missing[*]}"
  as_root apt-get update -qq
  # Installing a daemon must not start it (openssh-server would listen on :22): policy-rc.d refuses
  # service starts for the duration of the install, as in Debian's container images.
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && added_policy=true
  fi
  status=0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  if [ "$added_policy" = true ]; then as_root rm -f "$policy"; fi
  [ "$status" -eq 0 ] || exit "$status"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  echo "prepare-host: starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  conf=/etc/postgresql/$version/main
  # A test host: trust local TCP connections from this machine only.
  if ! grep -q 'patchproof-test' "$conf/pg_hba.conf"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust # patchproof-test' "$conf/pg_hba.conf"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 50); do port_open 5432 && break; sleep 0.2; done
fi
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null

if ! port_open 4222; then
  echo "prepare-host: starting nats-server with JetStream"
  as_root mkdir -p /var/lib/nats-server
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  for _ in $(seq 1 50); do port_open 4222 && break; sleep 0.2; done
fi
echo "prepare-host: ready (PostgreSQL 127.0.0.1:5432, NATS 127.0.0.1:4222)"
