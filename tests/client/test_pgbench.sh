#!/usr/bin/env bash
# pgbench against quilld: 8 clients, 2 threads, 3 seconds of `select 1` over the simple
# protocol (-n: no vacuum, so no tables are needed). Must finish with 0 failures.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

start_quilld --auth scram

rc=0
timeout 60 pgbench -n -f "$SOURCE_ROOT/tests/client/select1.sql" -c 8 -j 2 -T 3 >"$TEST_TMP/pgbench.out" 2>&1 || rc=$?
cat "$TEST_TMP/pgbench.out"
assert_eq "pgbench exit code" 0 "$rc"

grep -q '^number of failed transactions: 0 ' "$TEST_TMP/pgbench.out" ||
  fail "pgbench reported failed transactions (or no failure count)"
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$TEST_TMP/pgbench.out")
[[ "$processed" =~ ^[0-9]+$ ]] || fail "no 'number of transactions actually processed' line"
((processed > 0)) || fail "pgbench processed no transactions"
grep -q '^number of clients: 8$' "$TEST_TMP/pgbench.out" || fail "pgbench did not run 8 clients"

# The server is still fine afterwards.
out=$(psql -X -At -c "select 'alive'")
assert_eq "query after pgbench" alive "$out"
log "pgbench: $processed transactions, 0 failed"
