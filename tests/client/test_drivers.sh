#!/usr/bin/env bash
# Driver checks against quilld: psycopg2 (tests/client/drivers.py; Debian's
# python3-psycopg2, installed by scripts/deps) and node-postgres (tests/client/node, which
# uses the extended protocol; `pg` is installed from npm into the build directory on first
# run). A driver that is not available here is reported and skipped, not passed.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

HERE=$SOURCE_ROOT/tests/client
start_quilld --auth scram
ran=0

if /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
  /usr/bin/python3 "$HERE/drivers.py" || fail "psycopg2 checks failed"
  ran=$((ran + 1))
else
  log "SKIP psycopg2: python3-psycopg2 is not installed"
fi

if command -v node >/dev/null && command -v npm >/dev/null; then
  mkdir -p "$NODE_DIR"
  cp "$HERE/node/package.json" "$HERE/node/test_pg.js" "$NODE_DIR/"
  if [[ ! -d $NODE_DIR/node_modules/pg ]] &&
    ! (cd "$NODE_DIR" && timeout 120 npm install --no-audit --no-fund --silent) >&2; then
    log "SKIP node-postgres: npm could not install pg"
  else
    (cd "$NODE_DIR" && timeout 60 node test_pg.js) || fail "node-postgres checks failed"
    ran=$((ran + 1))
  fi
else
  log "SKIP node-postgres: node or npm is not installed"
fi

out=$(psql -X -At -c "select 'alive'")
assert_eq "query after the drivers" alive "$out"
((ran > 0)) || exit 77
log "drivers: $ran of 2 ran and passed"
