/*
 * Integration: row-level locking between sessions (READ COMMITTED as PostgreSQL shows
 * it). Concurrent increments lose nothing; writers of different rows do not wait for
 * each other; a waiter re-checks the latest committed version of its row (a changed row
 * that no longer matches, or a deleted one, is skipped); a wait cycle gets 40P01 for
 * exactly one session; an INSERT of a key another open transaction wrote waits for it
 * (23505 after its COMMIT, success after its ROLLBACK); lock_timeout ends a row wait;
 * DROP TABLE, ALTER TABLE and TRUNCATE wait for an open writer; SELECT ... FOR UPDATE /
 * SHARE, NOWAIT and SKIP LOCKED; writers of one stream trim it to max_buffer one after
 * the other; and every acknowledged COMMIT of 16 concurrent writers survives kill -9
 * while no partial transaction is ever visible (and _seq stays unique).
 */
#include <check.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define WAIT_MS 10000

/* ---- lost updates ---- */

#define INCREMENT_CLIENTS 8
#define INCREMENTS 60

typedef struct incrementer {
    PGconn *conn;
    int index;
    bool in_blocks; /* BEGIN; UPDATE; COMMIT instead of autocommit */
    char error[512];
} incrementer;

static bool run_ok(incrementer *w, const char *sql)
{
    PGresult *res = PQexec(w->conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok && w->error[0] == '\0')
        snprintf(w->error, sizeof w->error, "client %d: \"%s\": %s", w->index, sql,
                 PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

static void *increment_loop(void *arg)
{
    incrementer *w = arg;
    for (int i = 0; i < INCREMENTS && w->error[0] == '\0'; i++) {
        /* Every client hits row 1; each also one of rows 2..4. */
        char other[128];
        snprintf(other, sizeof other, "UPDATE counters SET n = n + 1 WHERE id = %d",
                 2 + (w->index + i) % 3);
        if (w->in_blocks && !run_ok(w, "BEGIN"))
            break;
        if (!run_ok(w, "UPDATE counters SET n = n + 1 WHERE id = 1") || !run_ok(w, other))
            break;
        if (w->in_blocks && !run_ok(w, "COMMIT"))
            break;
    }
    return NULL;
}

static void run_increments(const test_server *s, bool in_blocks)
{
    incrementer clients[INCREMENT_CLIENTS];
    pthread_t threads[INCREMENT_CLIENTS];
    memset(clients, 0, sizeof clients);
    for (int i = 0; i < INCREMENT_CLIENTS; i++) {
        clients[i].conn = pgt_connect(s, NULL);
        clients[i].index = i;
        clients[i].in_blocks = in_blocks;
        /* Waiters look for cycles all the time: there are none, and none may be found
         * (a waiter granted the row but not yet running again is no longer waiting). */
        pgt_expect_command(clients[i].conn, "SET deadlock_timeout = '1ms'", "SET");
    }
    for (int i = 0; i < INCREMENT_CLIENTS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, increment_loop, &clients[i]), 0);
    for (int i = 0; i < INCREMENT_CLIENTS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < INCREMENT_CLIENTS; i++) {
        ck_assert_msg(clients[i].error[0] == '\0', "%s", clients[i].error);
        PQfinish(clients[i].conn);
    }
}

START_TEST(concurrent_increments_lose_nothing)
{
    test_server s;
    pgt_start(&s, "rl-increments", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO counters VALUES (1, 0), (2, 0), (3, 0), (4, 0)", "INSERT 0 4");
    run_increments(&s, false);
    run_increments(&s, true);
    char total[32];
    snprintf(total, sizeof total, "%d", 2 * INCREMENT_CLIENTS * INCREMENTS);
    pgt_expect_value(a, "SELECT n FROM counters WHERE id = 1", total);
    pgt_expect_value(a, "SELECT sum(n) FROM counters WHERE id > 1", total);
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(writers_of_different_rows_do_not_wait)
{
    test_server s;
    pgt_start(&s, "rl-different-rows", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL), *c = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v int)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 0), (2, 0)", "INSERT 0 2");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 10 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(b, "BEGIN", "BEGIN");
    /* Both open at once: neither waits for the other. */
    pgt_expect_command(b, "UPDATE t SET v = 20 WHERE id = 2", "UPDATE 1");
    pgt_expect_command(b, "DELETE FROM t WHERE id = 2", "DELETE 1");
    pgt_expect_command(b, "INSERT INTO t VALUES (3, 30)", "INSERT 0 1");
    pgt_expect_value(c, "SELECT string_agg(id || ':' || v, ',') FROM t", "1:0,2:0");
    pgt_expect_command(b, "COMMIT", "COMMIT");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_value(c, "SELECT string_agg(id || ':' || v, ',') FROM t", "1:10,3:30");
    PQfinish(a);
    PQfinish(b);
    PQfinish(c);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- re-checks after a wait ---- */

START_TEST(waiter_rechecks_the_latest_version)
{
    test_server s;
    pgt_start(&s, "rl-recheck", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v int)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 0), (2, 0), (3, 0)", "INSERT 0 3");

    /* The row no longer matches once the holder committed: 0 rows. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 5 WHERE id = 1", "UPDATE 1");
    pgt_send(b, "UPDATE t SET v = 1 WHERE v = 0 AND id = 1");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "UPDATE 0");
    pgt_expect_value(b, "SELECT v FROM t WHERE id = 1", "5");

    /* Still matching: SET applies to the new version. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = v + 100 WHERE id = 2", "UPDATE 1");
    pgt_send(b, "UPDATE t SET v = v * 2 WHERE v >= 0 AND id = 2 RETURNING v");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "200");

    /* Deleted by the holder: nothing to update, nothing to delete. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "DELETE FROM t WHERE id = 3", "DELETE 1");
    pgt_send(b, "UPDATE t SET v = v + 1 WHERE id = 3");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "UPDATE 0");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "DELETE FROM t WHERE id = 2", "DELETE 1");
    pgt_send(b, "DELETE FROM t WHERE id = 2");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "DELETE 0");

    /* A whole-table UPDATE waiting on one row updates the rest once, that one by its
     * latest version. */
    pgt_expect_command(a, "INSERT INTO t VALUES (2, 0), (3, 0)", "INSERT 0 2");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 50 WHERE id = 2", "UPDATE 1");
    pgt_send(b, "UPDATE t SET v = v + 1");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "UPDATE 3");
    pgt_expect_value(a, "SELECT string_agg(id || ':' || v, ',') FROM t",
                     "1:6,2:51,3:1");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- deadlocks ---- */

START_TEST(deadlock_has_exactly_one_victim)
{
    test_server s;
    pgt_start(&s, "rl-deadlock", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v int)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 0), (2, 0)", "INSERT 0 2");
    pgt_expect_value(a, "SHOW deadlock_timeout", "1s");
    pgt_expect_command(a, "SET deadlock_timeout = '100ms'", "SET");
    pgt_expect_command(b, "SET deadlock_timeout = '100ms'", "SET");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(b, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = v + 1 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(b, "UPDATE t SET v = v + 10 WHERE id = 2", "UPDATE 1");
    pgt_send(a, "UPDATE t SET v = v + 1 WHERE id = 2");
    pgt_expect_waiting(a);
    pgt_send(b, "UPDATE t SET v = v + 10 WHERE id = 1");
    /* The first to check finds the cycle and gives up; the other gets the row. */
    ck_assert(pgt_wait_result(a, WAIT_MS) || pgt_wait_result(b, WAIT_MS));
    char got_a[128], got_b[128];
    pgt_sent_result(b, got_b, sizeof got_b);
    pgt_sent_result(a, got_a, sizeof got_a);
    bool a_lost = strcmp(got_a, "40P01") == 0, b_lost = strcmp(got_b, "40P01") == 0;
    ck_assert_msg(a_lost != b_lost, "a: %s, b: %s", got_a, got_b);
    PGconn *winner = a_lost ? b : a, *loser = a_lost ? a : b;
    ck_assert_str_eq(a_lost ? got_b : got_a, "UPDATE 1");
    /* The victim's transaction is aborted; the winner commits both its rows. */
    pgt_expect_sqlstate(loser, "SELECT 1", "25P02");
    pgt_expect_command(loser, "COMMIT", "ROLLBACK");
    pgt_expect_command(winner, "COMMIT", "COMMIT");
    pgt_expect_value(a, "SELECT string_agg(id || ':' || v, ',') FROM t",
                     a_lost ? "1:10,2:10" : "1:1,2:1");

    /* The report names both processes, as PostgreSQL's does. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(b, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 0 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(b, "UPDATE t SET v = 0 WHERE id = 2", "UPDATE 1");
    pgt_expect_command(b, "SET deadlock_timeout = '10s'", "SET");
    pgt_send(b, "UPDATE t SET v = 0 WHERE id = 1");
    pgt_expect_waiting(b);
    PGresult *res = pgt_expect_error(a, "UPDATE t SET v = 0 WHERE id = 2", "40P01");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "deadlock detected");
    const char *detail = pgt_field(res, PG_DIAG_MESSAGE_DETAIL);
    char line[160];
    snprintf(line, sizeof line, "Process %d waits for ShareLock on transaction ",
             PQbackendPID(a));
    ck_assert_msg(strncmp(detail, line, strlen(line)) == 0, "detail: %s", detail);
    snprintf(line, sizeof line, "; blocked by process %d.\nProcess %d waits for ShareLock",
             PQbackendPID(b), PQbackendPID(b));
    ck_assert_msg(strstr(detail, line) != NULL, "detail: %s", detail);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_HINT), "See server log for query details.");
    PQclear(res);
    pgt_expect_sent_result(b, "UPDATE 1");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_command(b, "COMMIT", "COMMIT");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- waits: lock_timeout, duplicate keys, DDL ---- */

START_TEST(lock_timeout_and_duplicate_keys)
{
    test_server s;
    pgt_start(&s, "rl-keys", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v int)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 0)", "INSERT 0 1");

    /* lock_timeout on a row wait. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "DELETE FROM t WHERE id = 1", "DELETE 1");
    pgt_expect_command(b, "SET lock_timeout = '150ms'", "SET");
    PGresult *res = pgt_expect_error(b, "UPDATE t SET v = 1 WHERE id = 1", "55P03");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to lock timeout");
    PQclear(res);
    pgt_expect_command(b, "RESET lock_timeout", "RESET");
    /* ...and statement_timeout. */
    pgt_expect_command(b, "SET statement_timeout = '150ms'", "SET");
    res = pgt_expect_error(b, "DELETE FROM t WHERE id = 1", "57014");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to statement timeout");
    PQclear(res);
    pgt_expect_command(b, "RESET statement_timeout", "RESET");
    /* The key a's open transaction deleted: an INSERT waits, then finds it free. */
    pgt_send(b, "INSERT INTO t VALUES (1, 7)");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "INSERT 0 1");

    /* An uncommitted INSERT of the same key: wait, then 23505 after COMMIT... */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO t VALUES (5, 1)", "INSERT 0 1");
    pgt_send(b, "INSERT INTO t VALUES (5, 2)");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "23505");
    /* ...and success after ROLLBACK. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO t VALUES (6, 1)", "INSERT 0 1");
    pgt_send(b, "INSERT INTO t VALUES (6, 2)");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_sent_result(b, "INSERT 0 1");
    /* ON CONFLICT DO NOTHING waits too, then does nothing. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO t VALUES (8, 1)", "INSERT 0 1");
    pgt_send(b, "INSERT INTO t VALUES (8, 2) ON CONFLICT DO NOTHING");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "INSERT 0 0");
    /* ON CONFLICT DO UPDATE waits for the row, then updates its latest version. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 100 WHERE id = 8", "UPDATE 1");
    pgt_send(b, "INSERT INTO t VALUES (8, 1) ON CONFLICT (id) DO UPDATE SET v = t.v + 1 RETURNING v");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "101");
    pgt_expect_value(a, "SELECT string_agg(id || ':' || v, ',') FROM t",
                     "1:7,5:1,6:2,8:101");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(ddl_waits_for_open_writers)
{
    test_server s;
    pgt_start(&s, "rl-ddl", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL), *c = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v int)", "CREATE TABLE");
    pgt_expect_command(a, "CREATE TABLE other (id int PRIMARY KEY)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 0)", "INSERT 0 1");

    /* With lock_timeout, DROP gives up with 55P03 and the table stays. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE t SET v = 1", "UPDATE 1");
    pgt_expect_command(b, "SET lock_timeout = '150ms'", "SET");
    pgt_expect_sqlstate(b, "DROP TABLE t", "55P03");
    pgt_expect_sqlstate(b, "TRUNCATE t", "55P03");
    pgt_expect_sqlstate(b, "ALTER TABLE t ADD COLUMN w int", "55P03");
    pgt_expect_command(b, "RESET lock_timeout", "RESET");
    /* Another table's DDL does not wait. */
    pgt_expect_command(b, "ALTER TABLE other ADD COLUMN w int", "ALTER TABLE");

    /* ALTER waits, then runs; a writer queued behind it waits for it in turn. */
    pgt_send(b, "ALTER TABLE t ADD COLUMN w int DEFAULT 9");
    pgt_expect_waiting(b);
    pgt_send(c, "INSERT INTO t VALUES (2, 2)");
    pgt_expect_waiting(c);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "ALTER TABLE");
    /* The INSERT was planned for the old shape of t: refused, never half-applied. */
    pgt_expect_sent_result(c, "0A000");

    /* DROP waits for the open writer; the writer's rows never land in a dropped table. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO t VALUES (3, 3)", "INSERT 0 1");
    pgt_send(b, "DROP TABLE t");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "DROP TABLE");
    pgt_expect_sqlstate(c, "SELECT * FROM t", "42P01");

    /* DDL in a transaction block holds the lock until it ends: writers wait. */
    pgt_expect_command(a, "CREATE TABLE u (id int PRIMARY KEY)", "CREATE TABLE");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "TRUNCATE u", "TRUNCATE TABLE");
    pgt_send(b, "INSERT INTO u VALUES (1)");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "INSERT 0 1");
    PQfinish(a);
    PQfinish(b);
    PQfinish(c);
    pgt_stop_clean(&s);
}
END_TEST

/* Writers of one user's stream trim it to max_buffer one after the other, each counting
 * the rows of those before it. */
START_TEST(stream_trimming_with_concurrent_writers)
{
    test_server s;
    pgt_start(&s, "rl-stream", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a,
            "CREATE TABLE ev (id int, kind text) "
            "WITH (type = 'stream', ttl_seconds = 3600, max_buffer = 5)",
            "CREATE TABLE");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO ev VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a')", "INSERT 0 4");
    pgt_send(b, "INSERT INTO ev VALUES (5, 'b'), (6, 'b'), (7, 'b')");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "INSERT 0 3");
    pgt_expect_value(a, "SELECT string_agg(id::text, ',') FROM ev", "3,4,5,6,7");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- SELECT ... FOR UPDATE / SHARE ---- */

START_TEST(select_for_update_between_sessions)
{
    test_server s;
    pgt_start(&s, "rl-for-update", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE jobs (id int PRIMARY KEY, state text, v int)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO jobs VALUES (1, 'new', 0), (2, 'new', 0), (3, 'new', 0)",
            "INSERT 0 3");

    /* FOR UPDATE blocks a writer until the holder commits. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT v FROM jobs WHERE id = 1 FOR UPDATE", "0");
    pgt_send(b, "UPDATE jobs SET v = v + 1 WHERE id = 1");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "UPDATE jobs SET v = 10 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "UPDATE 1");
    pgt_expect_value(a, "SELECT v FROM jobs WHERE id = 1", "11");

    /* NOWAIT fails at once; SKIP LOCKED passes the locked row over (a job queue). */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", "1");
    PGresult *res = pgt_expect_error(b, "SELECT * FROM jobs WHERE id = 1 FOR UPDATE NOWAIT",
                                     "55P03");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "could not obtain lock on row in relation \"jobs\"");
    PQclear(res);
    pgt_expect_value(b, "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", "2");
    pgt_expect_value(b, "SELECT count(*) FROM (SELECT id FROM jobs FOR SHARE SKIP LOCKED) s",
                     "2");
    /* lock_timeout ends a FOR UPDATE wait. */
    pgt_expect_command(b, "SET lock_timeout = '150ms'", "SET");
    pgt_expect_sqlstate(b, "SELECT * FROM jobs WHERE id = 1 FOR NO KEY UPDATE", "55P03");
    pgt_expect_command(b, "RESET lock_timeout", "RESET");

    /* Share modes: FOR SHARE and FOR KEY SHARE go together; a writer waits for them. */
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT state FROM jobs WHERE id = 2 FOR SHARE", "new");
    pgt_expect_command(b, "BEGIN", "BEGIN");
    pgt_expect_value(b, "SELECT state FROM jobs WHERE id = 2 FOR SHARE", "new");
    pgt_expect_value(b, "SELECT state FROM jobs WHERE id = 2 FOR KEY SHARE NOWAIT", "new");
    pgt_expect_command(b, "COMMIT", "COMMIT");
    pgt_send(b, "DELETE FROM jobs WHERE id = 2");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "DELETE 1");
    /* FOR NO KEY UPDATE (a non-key UPDATE) leaves FOR KEY SHARE free. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE jobs SET v = 1 WHERE id = 3", "UPDATE 1");
    pgt_expect_value(b, "SELECT id FROM jobs WHERE id = 3 FOR KEY SHARE NOWAIT", "3");
    pgt_expect_sqlstate(b, "SELECT id FROM jobs WHERE id = 3 FOR SHARE NOWAIT", "55P03");

    /* A FOR UPDATE waiter re-checks the new version: it no longer matches. */
    pgt_send(b, "SELECT id FROM jobs WHERE v = 0 AND id = 3 FOR UPDATE");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "SELECT 0");
    /* ...or it matches and is returned as it is now. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE jobs SET state = 'done' WHERE id = 3", "UPDATE 1");
    pgt_send(b, "SELECT state FROM jobs WHERE id = 3 FOR UPDATE");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "done");

    /* DROP TABLE waits for a transaction holding row locks. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT id FROM jobs WHERE id = 3 FOR SHARE", "3");
    pgt_send(b, "DROP TABLE jobs");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "DROP TABLE");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- crash safety ---- */

#define CRASH_CLIENTS 16
#define CRASH_ROUNDS 5
#define CRASH_MAX_TRANSACTIONS 100000

typedef struct crash_client {
    PGconn *conn;
    int round, index;
    /* Transactions whose COMMIT was acknowledged, and how many rows each wrote. */
    int *acknowledged;
    int acknowledged_count;
    char error[512]; /* a failure other than the server going away */
} crash_client;

static bool crash_exec(crash_client *c, const char *sql)
{
    PGresult *res = PQexec(c->conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    /* Once killed, the server answers nothing: only an answered error is a failure. */
    if (!ok && pgt_field(res, PG_DIAG_SQLSTATE)[0] != '\0' &&
        strcmp(pgt_field(res, PG_DIAG_SQLSTATE), "57P01") != 0)
        snprintf(c->error, sizeof c->error, "client %d: \"%s\": %s", c->index, sql,
                 PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

/* Transaction n of a client writes 1 + n % 5 rows, in several statements, until the
 * server goes away. Its id says which round, client and transaction it is. */
static void *crash_loop(void *arg)
{
    crash_client *c = arg;
    for (int n = 0; n < CRASH_MAX_TRANSACTIONS; n++) {
        int id = c->round * 10000000 + c->index * 100000 + n, rows = 1 + n % 5;
        if (!crash_exec(c, "BEGIN"))
            return NULL;
        char sql[256];
        snprintf(sql, sizeof sql, "INSERT INTO crash VALUES (%d, 1, %d)", id, rows);
        if (!crash_exec(c, sql))
            return NULL;
        if (rows > 1) {
            int length = snprintf(sql, sizeof sql, "INSERT INTO crash VALUES ");
            for (int i = 2; i <= rows; i++)
                length += snprintf(sql + length, sizeof sql - (size_t)length, "%s(%d, %d, %d)",
                                   i > 2 ? ", " : "", id, i, rows);
            if (!crash_exec(c, sql))
                return NULL;
        }
        if (!crash_exec(c, "COMMIT"))
            return NULL;
        c->acknowledged[c->acknowledged_count++] = id;
    }
    return NULL;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

START_TEST(acknowledged_commits_survive_kill9)
{
    test_server s;
    pgt_start(&s, "rl-crash", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE crash (txn int, i int, rows int, PRIMARY KEY (txn, i))",
            "CREATE TABLE");
    PQfinish(a);
    unsigned seed = (unsigned)harness_now_ms();
    fprintf(stderr, "[crash] seed %u\n", seed);
    srand(seed);
    crash_client clients[CRASH_CLIENTS];
    memset(clients, 0, sizeof clients);
    for (int i = 0; i < CRASH_CLIENTS; i++) {
        clients[i].acknowledged = calloc(CRASH_MAX_TRANSACTIONS, sizeof(int));
        ck_assert_ptr_nonnull(clients[i].acknowledged);
    }
    for (int round = 1; round <= CRASH_ROUNDS; round++) {
        pthread_t threads[CRASH_CLIENTS];
        for (int i = 0; i < CRASH_CLIENTS; i++) {
            clients[i].conn = pgt_connect(&s, NULL);
            clients[i].round = round;
            clients[i].index = i;
            clients[i].acknowledged_count = 0;
        }
        for (int i = 0; i < CRASH_CLIENTS; i++)
            ck_assert_int_eq(pthread_create(&threads[i], NULL, crash_loop, &clients[i]), 0);
        harness_sleep_ms(150 + rand() % 600);
        server_kill9(&s);
        int acknowledged = 0;
        for (int i = 0; i < CRASH_CLIENTS; i++) {
            pthread_join(threads[i], NULL);
            PQfinish(clients[i].conn);
            ck_assert_msg(clients[i].error[0] == '\0', "%s", clients[i].error);
            acknowledged += clients[i].acknowledged_count;
        }
        ck_assert_msg(server_restart(&s), "restart after kill -9 failed (round %d)", round);
        a = pgt_connect(&s, NULL);
        /* No partial transaction: every transaction present has all its rows. */
        pgt_expect_value(a,
                         "SELECT count(*) FROM (SELECT txn FROM crash GROUP BY txn "
                         "HAVING count(*) <> max(rows)) partial",
                         "0");
        /* _seq stays unique across concurrent writers and restarts. */
        pgt_expect_value(a, "SELECT count(*) - count(DISTINCT _seq) FROM crash", "0");
        /* Every acknowledged transaction is there. */
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT txn FROM crash WHERE i = 1 AND txn >= %d AND txn < %d",
                 round * 10000000, (round + 1) * 10000000);
        PGresult *res = PQexec(a, sql);
        ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
        int present_count = PQntuples(res);
        int *present = calloc((size_t)present_count + 1, sizeof(int));
        ck_assert_ptr_nonnull(present);
        for (int r = 0; r < present_count; r++)
            present[r] = atoi(PQgetvalue(res, r, 0));
        PQclear(res);
        qsort(present, (size_t)present_count, sizeof(int), compare_ints);
        for (int i = 0; i < CRASH_CLIENTS; i++) {
            for (int k = 0; k < clients[i].acknowledged_count; k++) {
                int id = clients[i].acknowledged[k];
                ck_assert_msg(bsearch(&id, present, (size_t)present_count, sizeof(int),
                                      compare_ints) != NULL,
                              "round %d: acknowledged transaction %d is missing", round, id);
            }
        }
        ck_assert_msg(acknowledged > 0, "round %d: nothing was acknowledged", round);
        ck_assert_int_ge(present_count, acknowledged);
        fprintf(stderr, "[crash] round %d: %d commits acknowledged, %d present\n", round,
                acknowledged, present_count);
        free(present);
        PQfinish(a);
    }
    for (int i = 0; i < CRASH_CLIENTS; i++)
        free(clients[i].acknowledged);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *row_locks_suite(void)
{
    Suite *suite = suite_create("row_locks");
    TCase *tc = tcase_create("row_locks");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, concurrent_increments_lose_nothing);
    tcase_add_test(tc, writers_of_different_rows_do_not_wait);
    tcase_add_test(tc, waiter_rechecks_the_latest_version);
    tcase_add_test(tc, deadlock_has_exactly_one_victim);
    tcase_add_test(tc, lock_timeout_and_duplicate_keys);
    tcase_add_test(tc, ddl_waits_for_open_writers);
    tcase_add_test(tc, select_for_update_between_sessions);
    tcase_add_test(tc, stream_trimming_with_concurrent_writers);
    tcase_add_test(tc, acknowledged_commits_survive_kill9);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(row_locks_suite(), NULL);
}
