#!/usr/bin/env bash
# Command two: set everything up (deps, LiveKit, Chromium, PostgreSQL) and run every test:
# lint, typecheck, unit, API on PGlite and on PostgreSQL, and end-to-end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "Need root to run: $*  (run it yourself, then try again)" >&2; return 1; fi; }

bash scripts/setup.sh

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "installing Chromium from Debian (the end-to-end tests drive it)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

PGHOST_TEST="127.0.0.1"; PGPORT_TEST="5432"
if [ -z "${TEST_POSTGRES_URL:-}" ] && ! pg_isready -q -h "$PGHOST_TEST" -p "$PGPORT_TEST" 2>/dev/null; then
  say "starting PostgreSQL"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  fi
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST_TEST" -p "$PGPORT_TEST" && break; sleep 1; done
  pg_isready -h "$PGHOST_TEST" -p "$PGPORT_TEST" || {
    echo "PostgreSQL is not answering on $PGHOST_TEST:$PGPORT_TEST; the api-postgres and e2e suites need it." >&2
    exit 1
  }
fi

exec pnpm test
