#!/usr/bin/env bash
# pgbench against quilld: 8 clients, 2 threads, 3 seconds of `select 1` over the simple
# protocol (-n: no vacuum, so no tables are needed); then a point select and an insert
# with parameters over the extended protocol (-M extended: unnamed statements, -M prepared:
# named ones); then the built-in tpcb-like script with 16 clients on tables made here.
# Every run must finish with 0 failures, and TPC-B's consistency check must hold.
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

# The built-in tpcb-like script (BEGIN; three UPDATEs, a SELECT and an INSERT; END) with
# 16 clients over the simple protocol, on pgbench's tables at scale 1 made here (pgbench -i
# needs COPY, which quilld does not have yet). No transaction may fail, and afterwards
# TPC-B's consistency check must hold: every balance moved by a transaction is recorded
# once in each of the three tables and in the history.
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE digits (n int);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp,
                              filler char(22));
INSERT INTO pgbench_branches VALUES (1, 0, '');
INSERT INTO pgbench_tellers SELECT n + 1, 1, 0, '' FROM digits;
INSERT INTO pgbench_accounts
  SELECT a.n * 10000 + b.n * 1000 + c.n * 100 + d.n * 10 + e.n + 1, 1, 0, ''
  FROM digits a, digits b, digits c, digits d, digits e;
SQL
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
