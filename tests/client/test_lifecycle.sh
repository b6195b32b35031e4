#!/usr/bin/env bash
# Server lifecycle seen from clients: refusing to initialise without a password, a second
# instance on the same data dir failing fast, SIGTERM with a client connected (exit 0), and
# a restart on the same data dir keeping the superuser's password (not re-read).
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

# 1. --auth scram on an empty data dir without QUILLDB_PASSWORD: refuse, saying what to set.
rc=0
env -u QUILLDB_PASSWORD timeout 10 "$QUILLD" --data-dir "$TEST_TMP/nopw" --port "$(free_port)" \
  >"$TEST_TMP/nopw.log" 2>&1 || rc=$?
cat "$TEST_TMP/nopw.log"
((rc != 0 && rc != 124)) || fail "quilld without QUILLDB_PASSWORD: exit status $rc, expected a fast failure"
grep -q QUILLDB_PASSWORD "$TEST_TMP/nopw.log" || fail "the refusal does not mention QUILLDB_PASSWORD"

start_quilld --auth scram
first_pid=$QUILL_PID

# 2. A second instance on the same data dir fails fast with a clear message.
rc=0
QUILLDB_PASSWORD=x timeout 10 "$QUILLD" --data-dir "$TEST_TMP/data" --port "$(free_port)" \
  >"$TEST_TMP/second.log" 2>&1 || rc=$?
cat "$TEST_TMP/second.log"
((rc != 0 && rc != 124)) || fail "second quilld on the same data dir: exit status $rc, expected a fast failure"
grep -qi "in use\|lock" "$TEST_TMP/second.log" || fail "second instance: no clear message about the data dir being in use"
kill -0 "$first_pid" || fail "the first quilld died"
out=$(psql -X -At -c "select 'first still serving'")
assert_eq "first instance after the second failed" "first still serving" "$out"

# 3. SIGTERM while a client is connected (an idle psql session holding its connection open):
#    quilld exits 0, and the client sees its connection closed.
mkfifo "$TEST_TMP/psql.in"
psql -X -At <"$TEST_TMP/psql.in" >"$TEST_TMP/session.out" 2>&1 &
psql_pid=$!
exec 7>"$TEST_TMP/psql.in"
on_exit "exec 7>&-; kill $psql_pid 2>/dev/null"
echo "select 'session open';" >&7
for _ in $(seq 1 100); do
  grep -q 'session open' "$TEST_TMP/session.out" && break
  sleep 0.1
done
grep -q 'session open' "$TEST_TMP/session.out" || fail "the psql session did not start"
rc=0
stop_quilld || rc=$?
assert_eq "quilld exit status after SIGTERM with a client connected" 0 "$rc"
exec 7>&-
wait "$psql_pid" || true
cat "$TEST_TMP/session.out"

# 4. Restart on the same data dir: a different QUILLDB_PASSWORD is ignored (only read at
#    initialisation); the original password still works, the new one does not.
QUILL_TEST_PASSWORD=not-the-password start_quilld --auth scram
rc=0
err=$(psql -X -At -c "select 1" 2>&1) || rc=$?
assert_eq "restart: password from the second start rejected (exit code)" 2 "$rc"
case "$err" in
  *'password authentication failed for user "postgres"'*) ;;
  *) fail "restart: unexpected message: $err" ;;
esac
out=$(PGPASSWORD=quill-test-pw psql -X -At -c "select 'reopened'")
assert_eq "restart: original password" reopened "$out"

log "lifecycle tests passed"
