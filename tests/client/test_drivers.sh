#!/usr/bin/env bash
# Driver checks against quilld: psycopg2 (tests/client/drivers.py; Debian's
# python3-psycopg2), asyncpg (tests/client/drivers_asyncpg.py; python3-asyncpg), pgjdbc
# (tests/client/java, compiled with javac into the build directory; libpostgresql-jdbc-java
# and default-jdk-headless), all installed by scripts/deps, and node-postgres
# (tests/client/node, which uses the extended protocol; `pg` is installed from npm into the
# build directory on first run). A driver that is not available here is reported and
# skipped, not passed.
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

if /usr/bin/python3 -c 'import asyncpg' 2>/dev/null; then
  timeout 120 /usr/bin/python3 "$HERE/drivers_asyncpg.py" || fail "asyncpg checks failed"
  ran=$((ran + 1))
else
  log "SKIP asyncpg: python3-asyncpg is not installed"
fi

JDBC_JAR=/usr/share/java/postgresql.jar
if command -v javac >/dev/null && command -v java >/dev/null && [[ -f $JDBC_JAR ]]; then
  mkdir -p "$JAVA_DIR"
  javac -cp "$JDBC_JAR" -d "$JAVA_DIR" "$HERE/java/DriverTest.java" || fail "javac failed"
  rc=0
  timeout 120 java -cp "$JDBC_JAR:$JAVA_DIR" DriverTest || rc=$?
  ((rc == 0)) || fail "pgjdbc checks failed"
  ran=$((ran + 1))
else
  log "SKIP pgjdbc: javac, java or $JDBC_JAR is not installed"
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
log "drivers: $ran of 4 ran and passed"
