#!/usr/bin/env bash
# pgbench against quilld: 8 clients, 2 threads, 3 seconds of `select 1` over the simple
# protocol (-n: no vacuum, so no tables are needed); then a point select and an insert
# with parameters over the extended protocol (-M extended: unnamed statements, -M prepared:
# named ones); then stock `pgbench -i` and the built-in -S, -N and tpcb-like scripts in
# each -M mode with 16 clients. Every run must finish with 0 failures, and TPC-B's
# consistency check must hold after a last tpcb-like run.
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

# Extended protocol: parameters bound per transaction, rows checked afterwards.
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE bench_accounts (aid integer PRIMARY KEY, balance bigint, name text);
INSERT INTO bench_accounts SELECT i, i * 10, 'account ' || i FROM (SELECT 1 AS i) one;
CREATE TABLE bench_history (client integer, amount integer, note text);
SQL
for i in $(seq 2 100); do echo "INSERT INTO bench_accounts VALUES ($i, $((i * 10)), 'account $i');"; done |
  psql -X -q -v ON_ERROR_STOP=1
inserted=0
for mode in extended prepared; do
  for script in select insert; do
    rc=0
    timeout 60 pgbench -n -M "$mode" -f "$SOURCE_ROOT/tests/client/pgbench_$script.sql" -c 4 -j 2 \
      -t 200 >"$TEST_TMP/pgbench-$mode-$script.out" 2>&1 || rc=$?
    cat "$TEST_TMP/pgbench-$mode-$script.out"
    assert_eq "pgbench -M $mode $script exit code" 0 "$rc"
    grep -q '^number of failed transactions: 0 ' "$TEST_TMP/pgbench-$mode-$script.out" ||
      fail "pgbench -M $mode $script reported failed transactions"
    grep -q '^number of transactions actually processed: 800/800$' \
      "$TEST_TMP/pgbench-$mode-$script.out" || fail "pgbench -M $mode $script did not run 800"
    [[ $script == insert ]] && inserted=$((inserted + 800))
  done
done
out=$(psql -X -At -c "SELECT count(*), count(DISTINCT client), min(amount) >= -5000, max(amount) <= 5000 FROM bench_history WHERE note = 'pgbench'")
assert_eq "rows the extended-protocol inserts wrote" "$inserted|4|t|t" "$out"

# The server is still fine afterwards.
out=$(psql -X -At -c "select 'alive'")
assert_eq "query after pgbench" alive "$out"
log "pgbench: $processed transactions, 0 failed"

# Stock `pgbench -i` (scale 1, every default step: drop, create with fillfactor, COPY
# inside a transaction, vacuum analyze, primary keys), then the built-in scripts with 16
# clients. No transaction may fail, and after the tpcb-like run TPC-B's consistency check
# must hold: every balance moved is recorded once in each of the three tables and in the
# history.
rc=0
timeout 120 pgbench -i >"$TEST_TMP/init.out" 2>&1 || rc=$?
cat "$TEST_TMP/init.out"
assert_eq "pgbench -i exit code" 0 "$rc"
grep -q '^done in ' "$TEST_TMP/init.out" || fail "pgbench -i did not finish"
out=$(psql -X -At -c "SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_tellers),
  (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_history)")
assert_eq "rows pgbench -i loaded" "100000|10|1|0" "$out"
# The primary keys it added are real: a duplicate is refused with PostgreSQL's error.
out=$(psql -X -At -c "INSERT INTO pgbench_accounts VALUES (1, 1, 0, '')" 2>&1 || true)
assert_eq "duplicate account after pgbench -i" \
  'ERROR:  duplicate key value violates unique constraint "pgbench_accounts_pkey"
DETAIL:  Key (aid)=(1) already exists.' "$out"
# Its optional foreign keys step is refused by name, not ignored.
out=$(timeout 60 pgbench -i -I f 2>&1 || true)
grep -q 'feature not supported: FOREIGN KEY constraints' <<<"$out" ||
  fail "pgbench -i -I f: expected 0A000 naming FOREIGN KEY, got: $out"

for mode in simple extended prepared; do
  for script in select-only simple-update tpcb-like; do
    rc=0
    timeout 120 pgbench -n -b "$script" -M "$mode" -c 16 -j 2 -T 2 >"$TEST_TMP/$script-$mode.out" 2>&1 || rc=$?
    cat "$TEST_TMP/$script-$mode.out"
    assert_eq "pgbench -b $script -M $mode exit code" 0 "$rc"
    grep -q '^number of failed transactions: 0 ' "$TEST_TMP/$script-$mode.out" ||
      fail "pgbench -b $script -M $mode reported failed transactions"
    grep -q '^number of clients: 16$' "$TEST_TMP/$script-$mode.out" ||
      fail "pgbench -b $script -M $mode did not run 16 clients"
  done
done
# -N (simple-update) leaves tellers and branches alone: start the tpcb-like check afresh.
psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE pgbench_accounts SET abalance = 0 WHERE abalance <> 0" \
  -c "UPDATE pgbench_tellers SET tbalance = 0 WHERE tbalance <> 0" \
  -c "UPDATE pgbench_branches SET bbalance = 0 WHERE bbalance <> 0" \
  -c "TRUNCATE pgbench_history"

rc=0
timeout 120 pgbench -n -b tpcb-like -M simple -c 16 -j 2 -T 5 >"$TEST_TMP/tpcb.out" 2>&1 || rc=$?
cat "$TEST_TMP/tpcb.out"
assert_eq "pgbench tpcb-like exit code" 0 "$rc"
grep -q '^number of failed transactions: 0 ' "$TEST_TMP/tpcb.out" ||
  fail "pgbench tpcb-like reported failed transactions"
out=$(psql -X -At -c "SELECT count(*) > 0,
  (SELECT sum(abalance) FROM pgbench_accounts) = sum(delta),
  (SELECT sum(bbalance) FROM pgbench_branches) = sum(delta),
  (SELECT sum(tbalance) FROM pgbench_tellers) = sum(delta) FROM pgbench_history")
assert_eq "TPC-B consistency: sum(abalance) = sum(bbalance) = sum(tbalance) = sum(delta)" \
  "t|t|t|t" "$out"
log "pgbench tpcb-like: consistent after $(psql -X -At -c 'SELECT count(*) FROM pgbench_history') transactions"
