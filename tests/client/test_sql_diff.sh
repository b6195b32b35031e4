#!/usr/bin/env bash
# The differential SQL suite: every tests/sql/*.sql file runs with psql against quilld and
# against a scratch PostgreSQL 15; the outputs (rows, command tags, SQLSTATEs and messages)
# must match, except for differences listed in tests/sql/allowlist (see sqldiff.py).
# Outputs are kept in $SQL_DIFF_OUT (the build dir) for inspection.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

SQL_DIR=$SOURCE_ROOT/tests/sql
OUT_DIR=${SQL_DIFF_OUT:-$TEST_TMP/out}
# Bound each psql run, so that a hung server still ends in our cleanup (the scratch
# PostgreSQL runs in its own session and would outlive a killed test).
PSQL_TIMEOUT=${PSQL_TIMEOUT:-120}
mkdir -p "$OUT_DIR"

# A difference is not a server malfunction: keep quilld's log with the outputs instead of
# printing it (it is still printed if quilld fails to shut down cleanly).
SHOW_QUILL_LOG_ON_FAILURE=0
start_quilld --auth scram
on_exit "cp '$QUILL_LOG' '$OUT_DIR/quilld.log'"

pg_port=$(free_port)
pg_dir=$("$SOURCE_ROOT/scripts/scratch-postgres" start "$pg_port")
on_exit "\"$SOURCE_ROOT/scripts/scratch-postgres\" stop '$pg_dir'"
log "scratch PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)"

# run_psql PORT FILE OUT: the file's output as psql prints it, stderr included, and
# psql's exit status as the last line (124: timed out).
run_psql() {
  local port=$1 file=$2 out=$3 rc=0
  (cd "$SQL_DIR" &&
    env -u PGTZ -u PGDATESTYLE -u PGCLIENTENCODING -u PGAPPNAME -u PGOPTIONS \
    timeout "$PSQL_TIMEOUT" psql -X -a -v ON_ERROR_STOP=0 -v VERBOSITY=verbose -v SHOW_CONTEXT=errors \
      -h 127.0.0.1 -p "$port" -U postgres -d postgres -f "$file") >"$out" 2>&1 || rc=$?
  echo "(psql exit status $rc)" >>"$out"
}

shopt -s nullglob
files=("$SQL_DIR"/*.sql)
((${#files[@]} > 0)) || fail "no tests/sql/*.sql files"

failed=()
for path in "${files[@]}"; do
  name=$(basename "$path" .sql)
  log "$name.sql: running against PostgreSQL and QuillDB"
  run_psql "$pg_port" "$name.sql" "$OUT_DIR/$name.postgres.out"
  if [[ $(tail -n 1 "$OUT_DIR/$name.postgres.out") != "(psql exit status 0)" ]]; then
    cat "$OUT_DIR/$name.postgres.out" >&2
    fail "$name.sql: psql against the scratch PostgreSQL did not run cleanly (output above)"
  fi
  run_psql "$QUILL_PORT" "$name.sql" "$OUT_DIR/$name.quilldb.out"
  if ! python3 "$SOURCE_ROOT/tests/client/sqldiff.py" --sql "$path" \
       --postgres "$OUT_DIR/$name.postgres.out" --quilldb "$OUT_DIR/$name.quilldb.out" \
       --allowlist "$SQL_DIR/allowlist"; then
    failed+=("$name.sql")
  fi
  if ! kill -0 "$QUILL_PID" 2>/dev/null; then
    fail "quilld died while running $name.sql"
  fi
done

if ((${#failed[@]} > 0)); then
  echo "full outputs: $OUT_DIR/<file>.postgres.out and <file>.quilldb.out" >&2
  fail "QuillDB differs from PostgreSQL in: ${failed[*]}"
fi
log "all ${#files[@]} SQL files match PostgreSQL"
