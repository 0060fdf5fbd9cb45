#!/usr/bin/env bash
# Make sure the PostgreSQL server the tests use is up: 127.0.0.1:5432, database `test`, user
# `postgres` without a password (trust on loopback). Starts the installed cluster if it is not
# accepting connections; installs Debian's server first if there is none (a machine kind without
# services). Idempotent; called by .ci/run before the tests.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "== installing Debian's PostgreSQL server"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  fresh=1
else
  fresh=0
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
hba=/etc/postgresql/$version/main/pg_hba.conf
if [ "$fresh" = 1 ] && ! as_root grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
  # the tests connect as postgres over TCP without a password, like the provisioned machines
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
fi

if ! ready; then
  echo "== starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
if ! ready; then
  echo "postgres.sh: PostgreSQL is not accepting connections on 127.0.0.1:5432" >&2
  exit 1
fi
if [ "$fresh" = 1 ]; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
fi

exists=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'")
if [ "$exists" != 1 ]; then
  createdb -h 127.0.0.1 -U postgres test
fi
echo "== PostgreSQL $version ready on 127.0.0.1:5432 (database test)"
