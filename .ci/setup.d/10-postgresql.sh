#!/usr/bin/env bash
# PostgreSQL for the store tests (tests/support/postgres.ts starts a throw-away cluster with initdb and
# pg_ctl as the postgres user). Installed from Debian only when the server programs are missing.
set -euo pipefail
bindir="$(pg_config --bindir 2>/dev/null || true)"
if [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL found: $("$bindir/postgres" --version)"
  exit 0
fi
for dir in /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "PostgreSQL found: $("$dir/postgres" --version)"
    exit 0
  fi
done
echo "PostgreSQL not found: installing Debian's postgresql"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-client
# The tests start their own clusters: the distribution's default one is not needed.
$SUDO service postgresql stop >/dev/null 2>&1 || true
