/*
 * Integration: transactions through libpq. Uncommitted writes are private and committed
 * ones visible to the next statement of every session; ROLLBACK, a failed block (25P02,
 * COMMIT answering ROLLBACK), a failing multi-statement string and a closed connection
 * leave nothing behind; a statement sees its transaction's earlier writes but not its
 * own; a second writer waits for the first to commit and then builds on its result;
 * REPEATABLE READ and SERIALIZABLE are refused (0A000) rather than run weaker; DROP TABLE
 * waits for the writing transaction;
 * lock_timeout (55P03) and cancel (57014) end a wait; COMMIT survives kill -9 and an open
 * transaction does not.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define WAIT_MS 10000

static void command(PGconn *conn, const char *sql, const char *tag)
{
    pgt_expect_command(conn, sql, tag);
}

static void expect_error(PGconn *conn, const char *sql, const char *sqlstate)
{
    PQclear(pgt_expect_error(conn, sql, sqlstate));
}

/* Sends sql without waiting; the result is collected later. */
static void send(PGconn *conn, const char *sql)
{
    ck_assert_msg(PQsendQuery(conn, sql) == 1, "%s: %s", sql, PQerrorMessage(conn));
    ck_assert_int_eq(PQflush(conn), 0);
}

/* The result of a sent statement must still be pending after a while (it is waiting). */
static void expect_waiting(PGconn *conn)
{
    ck_assert_msg(!pgt_wait_result(conn, 300), "the statement did not wait");
}

/* Collects a sent statement's result: its tag or SQLSTATE, and the first value if any. */
static void expect_sent_result(PGconn *conn, const char *expected)
{
    ck_assert_msg(pgt_wait_result(conn, WAIT_MS), "no result in time");
    PGresult *res = PQgetResult(conn);
    char got[128];
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(got, sizeof got, "%s", PQgetvalue(res, 0, 0));
    else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        snprintf(got, sizeof got, "%s", PQcmdStatus(res));
    else
        snprintf(got, sizeof got, "%s", pgt_field(res, PG_DIAG_SQLSTATE));
    PQclear(res);
    while ((res = PQgetResult(conn)) != NULL)
        PQclear(res);
    ck_assert_msg(strcmp(got, expected) == 0, "got %s, expected %s", got, expected);
}

START_TEST(visibility_rollback_and_failed_blocks)
{
    test_server s;
    pgt_start(&s, "tx-visibility", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    command(a, "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)", "CREATE TABLE");
    command(a, "INSERT INTO acct VALUES (1, 100), (2, 100)", "INSERT 0 2");

    /* Private until COMMIT; the writer reads its own writes in every query form. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE acct SET bal = bal - 30 WHERE id = 1", "UPDATE 1");
    command(a, "UPDATE acct SET bal = bal + 30 WHERE id = 2", "UPDATE 1");
    command(a, "INSERT INTO acct VALUES (3, 7)", "INSERT 0 1");
    command(a, "DELETE FROM acct WHERE id = 3", "DELETE 1");
    command(a, "INSERT INTO acct VALUES (4, 1)", "INSERT 0 1");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 1", "70");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "201");
    pgt_expect_value(a, "SELECT count(*) FROM acct x JOIN acct y ON x.id = y.id", "3");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "200");
    pgt_expect_value(b, "SELECT count(*) FROM acct WHERE id = 4", "0");
    command(a, "COMMIT", "COMMIT");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "201");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 2", "130");

    /* ROLLBACK forgets everything, TRUNCATE included. */
    command(a, "BEGIN", "BEGIN");
    command(a, "TRUNCATE acct", "TRUNCATE TABLE");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "0");
    pgt_expect_value(b, "SELECT count(*) FROM acct", "3");
    command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "3");

    /* A failed statement aborts the block: 25P02 until its end; COMMIT rolls back. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE acct SET bal = 0", "UPDATE 3");
    expect_error(a, "INSERT INTO acct VALUES (1, 1)", "23505");
    expect_error(a, "SELECT 1", "25P02");
    command(a, "COMMIT", "ROLLBACK");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "201");

    /* A multi-statement string is one transaction: a later error undoes the earlier. */
    expect_error(a, "INSERT INTO acct VALUES (5, 5); INSERT INTO acct VALUES (1, 1)", "23505");
    pgt_expect_value(b, "SELECT count(*) FROM acct WHERE id = 5", "0");
    command(a, "INSERT INTO acct VALUES (5, 5); UPDATE acct SET bal = bal + 1 WHERE id = 5",
            "UPDATE 1");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 5", "6");

    /* A statement reads its transaction's earlier writes, not its own: shifting every key
     * up does not meet the rows it moved. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE acct SET id = id + 100", "UPDATE 4");
    pgt_expect_value(a, "SELECT string_agg(id::text, ',') FROM (SELECT id FROM acct ORDER BY id) x",
                     "101,102,104,105");
    command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SELECT max(id) FROM acct", "5");

    /* Only READ COMMITTED is offered: the others are refused, never run weaker. */
    expect_error(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "0A000");
    command(a, "ROLLBACK", "ROLLBACK");
    expect_error(a, "SET default_transaction_isolation = 'serializable'", "0A000");
    pgt_expect_value(a, "SHOW transaction_isolation", "read committed");

    /* A connection closed in the middle of a transaction leaves nothing. */
    command(b, "BEGIN", "BEGIN");
    command(b, "INSERT INTO acct VALUES (9, 9)", "INSERT 0 1");
    PQfinish(b);
    pgt_expect_value(a, "SELECT count(*) FROM acct WHERE id = 9", "0");
    /* ...and released its locks: this does not wait. */
    command(a, "UPDATE acct SET bal = bal WHERE id = 1", "UPDATE 1");
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(writers_wait_and_build_on_each_other)
{
    test_server s;
    pgt_start(&s, "tx-waits", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL), *c = pgt_connect(&s, NULL);
    command(a, "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)", "CREATE TABLE");
    command(a, "INSERT INTO counter VALUES (1, 0)", "INSERT 0 1");

    /* b waits for a, then increments what a committed: no lost update. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE counter SET n = n + 1 WHERE id = 1", "UPDATE 1");
    send(b, "UPDATE counter SET n = n + 10 WHERE id = 1 RETURNING n");
    expect_waiting(b);
    pgt_expect_value(c, "SELECT n FROM counter", "0"); /* readers never wait */
    command(a, "COMMIT", "COMMIT");
    expect_sent_result(b, "11");

    /* lock_timeout ends the wait with 55P03; the holder is unaffected. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE counter SET n = n + 1", "UPDATE 1");
    command(b, "SET lock_timeout = '200ms'", "SET");
    PGresult *res = pgt_expect_error(b, "UPDATE counter SET n = 0", "55P03");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to lock timeout");
    PQclear(res);
    command(b, "RESET lock_timeout", "RESET");

    /* A cancel ends a wait with 57014. */
    send(b, "DELETE FROM counter");
    expect_waiting(b);
    PGcancel *cancel = PQgetCancel(b);
    char error[256];
    ck_assert(PQcancel(cancel, error, sizeof error));
    PQfreeCancel(cancel);
    expect_sent_result(b, "57014");
    command(a, "COMMIT", "COMMIT");
    pgt_expect_value(c, "SELECT n FROM counter", "12");

    /* A waiting writer whose holder rolls back goes on with the old value. */
    command(a, "BEGIN", "BEGIN");
    command(a, "UPDATE counter SET n = 1000", "UPDATE 1");
    send(b, "UPDATE counter SET n = n + 1 RETURNING n");
    expect_waiting(b);
    command(a, "ROLLBACK", "ROLLBACK");
    expect_sent_result(b, "13");

    /* DROP TABLE waits for the transaction writing, so its rows cannot land under a
     * dropped table. */
    command(a, "CREATE TABLE scratch (id int PRIMARY KEY)", "CREATE TABLE");
    command(a, "BEGIN", "BEGIN");
    command(a, "INSERT INTO scratch VALUES (1)", "INSERT 0 1");
    send(b, "DROP TABLE scratch");
    expect_waiting(b);
    command(a, "COMMIT", "COMMIT");
    expect_sent_result(b, "DROP TABLE");
    expect_error(c, "SELECT * FROM scratch", "42P01");
    PQfinish(a);
    PQfinish(b);
    PQfinish(c);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(commit_survives_kill9_open_transaction_does_not)
{
    test_server s;
    pgt_start(&s, "tx-kill9", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    command(a, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE");
    command(a, "BEGIN", "BEGIN");
    command(a, "INSERT INTO t VALUES (1, 'committed')", "INSERT 0 1");
    command(a, "COMMIT", "COMMIT");
    command(b, "BEGIN", "BEGIN");
    command(b, "INSERT INTO t VALUES (2, 'open')", "INSERT 0 1");
    command(b, "UPDATE t SET v = 'changed' WHERE id = 1", "UPDATE 1");
    PQfinish(a);
    server_kill9(&s);
    PQfinish(b);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    a = pgt_connect(&s, NULL);
    pgt_expect_value(a, "SELECT string_agg(id::text || v, ',') FROM t", "1committed");
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *transactions_suite(void)
{
    Suite *suite = suite_create("transactions");
    TCase *tc = tcase_create("transactions");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, visibility_rollback_and_failed_blocks);
    tcase_add_test(tc, writers_wait_and_build_on_each_other);
    tcase_add_test(tc, commit_survives_kill9_open_transaction_does_not);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(transactions_suite(), NULL);
}
