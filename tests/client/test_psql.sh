#!/usr/bin/env bash
# psql against quilld: -c, -f with a file of statements (errors with ON_ERROR_STOP off and
# on), a multi-statement -c string, errors and their exit codes, a wrong password.
# Expected outputs (psql_script*.expected) were recorded against PostgreSQL 15.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

HERE=$SOURCE_ROOT/tests/client
start_quilld --auth scram

# 1. psql -c "select 1", aligned output exactly as PostgreSQL prints it.
# (Compared through files: $(...) would drop the trailing empty line.)
psql -X -c "select 1" >"$TEST_TMP/select1.out"
printf ' ?column? \n----------\n        1\n(1 row)\n\n' >"$TEST_TMP/select1.expected"
assert_file_eq 'psql -c "select 1"' "$TEST_TMP/select1.expected" "$TEST_TMP/select1.out"

# 2. A file of statements: SET/SHOW, a multi-statement line, errors that do not stop it.
(cd "$HERE" && psql -X -At -f psql_script.sql) >"$TEST_TMP/script.out" 2>&1 ||
  fail "psql -f psql_script.sql exited with $? (ON_ERROR_STOP is off: expected 0)"
assert_file_eq "psql -At -f psql_script.sql" "$HERE/psql_script.expected" "$TEST_TMP/script.out"

# 3. The same file with ON_ERROR_STOP=1: stops at the first error with exit code 3.
rc=0
(cd "$HERE" && psql -X -At -v ON_ERROR_STOP=1 -f psql_script.sql) >"$TEST_TMP/stop.out" 2>&1 || rc=$?
assert_eq "psql -v ON_ERROR_STOP=1 exit code" 3 "$rc"
assert_file_eq "psql -v ON_ERROR_STOP=1 -f psql_script.sql" "$HERE/psql_script_stop.expected" "$TEST_TMP/stop.out"

# 4. An error from -c: exit code 1 and the ERROR line on stderr.
rc=0
err=$(psql -X -c "select 1/0" 2>&1 >/dev/null) || rc=$?
assert_eq "psql -c 'select 1/0' exit code" 1 "$rc"
assert_eq "psql -c 'select 1/0' stderr" "ERROR:  division by zero" "$err"

rc=0
err=$(psql -X -c "selec 1" 2>&1 >/dev/null) || rc=$?
assert_eq "psql -c 'selec 1' exit code" 1 "$rc"
assert_eq "psql -c 'selec 1' stderr" 'ERROR:  syntax error at or near "selec"
LINE 1: selec 1
        ^' "$err"

# 5. Several statements in one -c string travel in one Query message; psql 15 prints each
#    result. An error stops the rest of the string, and the connection stays usable
#    (psql runs each -c on the same connection; its exit code is the last one's).
out=$(psql -X -At -c "select 1; select 'two'; show application_name")
assert_eq "multi-statement -c" "1
two
psql" "$out"
out=$(psql -X -At -c "select 1; select 1/0; select 3" -c "select 'still connected'" 2>&1)
assert_eq "multi-statement -c with an error, then a good query on the same connection" "1
ERROR:  division by zero
still connected" "$out"

# 6. Wrong password: FATAL 28P01, psql exit code 2.
rc=0
err=$(PGPASSWORD=wrong psql -X -c "select 1" 2>&1) || rc=$?
assert_eq "wrong password: exit code" 2 "$rc"
case "$err" in
  *'FATAL:  password authentication failed for user "postgres"'*) ;;
  *) fail "wrong password: unexpected message: $err" ;;
esac

# 7. Connection parameters land where PostgreSQL puts them.
out=$(psql -X -At -d "postgresql://postgres@127.0.0.1:$QUILL_PORT/mydb?application_name=quilltest" \
  -c "select current_user, current_database()" -c "show application_name")
assert_eq "URI connection parameters" "postgres|mydb
quilltest" "$out"

log "psql tests passed"
