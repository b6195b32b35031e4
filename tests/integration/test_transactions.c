/*
 * Integration: transactions through libpq. Uncommitted writes are private and committed
 * ones visible to the next statement of every session; ROLLBACK, a failed block (25P02,
 * COMMIT answering ROLLBACK), a failing multi-statement string and a closed connection
 * leave nothing behind; a statement sees its transaction's earlier writes but not its
 * own; a second writer waits for the first to commit and then builds on its result;
 * SERIALIZABLE is refused (0A000) rather than run weaker; DROP TABLE waits for the
 * writing transaction; READ COMMITTED statements see new commits, a REPEATABLE READ
 * transaction keeps its snapshot and gets 40001 writing a row changed since; savepoints
 * work through the extended protocol too, and ReadyForQuery's status follows every step;
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

START_TEST(visibility_rollback_and_failed_blocks)
{
    test_server s;
    pgt_start(&s, "tx-visibility", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO acct VALUES (1, 100), (2, 100)", "INSERT 0 2");

    /* Private until COMMIT; the writer reads its own writes in every query form. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE acct SET bal = bal - 30 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(a, "UPDATE acct SET bal = bal + 30 WHERE id = 2", "UPDATE 1");
    pgt_expect_command(a, "INSERT INTO acct VALUES (3, 7)", "INSERT 0 1");
    pgt_expect_command(a, "DELETE FROM acct WHERE id = 3", "DELETE 1");
    pgt_expect_command(a, "INSERT INTO acct VALUES (4, 1)", "INSERT 0 1");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 1", "70");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "201");
    pgt_expect_value(a, "SELECT count(*) FROM acct x JOIN acct y ON x.id = y.id", "3");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "200");
    pgt_expect_value(b, "SELECT count(*) FROM acct WHERE id = 4", "0");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "201");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 2", "130");

    /* ROLLBACK forgets everything, TRUNCATE included. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "TRUNCATE acct", "TRUNCATE TABLE");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "0");
    pgt_expect_value(b, "SELECT count(*) FROM acct", "3");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "3");

    /* A failed statement aborts the block: 25P02 until its end; COMMIT rolls back. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE acct SET bal = 0", "UPDATE 3");
    pgt_expect_sqlstate(a, "INSERT INTO acct VALUES (1, 1)", "23505");
    pgt_expect_sqlstate(a, "SELECT 1", "25P02");
    pgt_expect_command(a, "COMMIT", "ROLLBACK");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "201");

    /* A multi-statement string is one transaction: a later error undoes the earlier. */
    pgt_expect_sqlstate(a, "INSERT INTO acct VALUES (5, 5); INSERT INTO acct VALUES (1, 1)", "23505");
    pgt_expect_value(b, "SELECT count(*) FROM acct WHERE id = 5", "0");
    pgt_expect_command(a, "INSERT INTO acct VALUES (5, 5); UPDATE acct SET bal = bal + 1 WHERE id = 5",
            "UPDATE 1");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 5", "6");

    /* A statement reads its transaction's earlier writes, not its own: shifting every key
     * up does not meet the rows it moved. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE acct SET id = id + 100", "UPDATE 4");
    pgt_expect_value(a, "SELECT string_agg(id::text, ',') FROM (SELECT id FROM acct ORDER BY id) x",
                     "101,102,104,105");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SELECT max(id) FROM acct", "5");

    /* SERIALIZABLE is refused, never run weaker. */
    PGresult *refused = pgt_expect_error(a, "BEGIN ISOLATION LEVEL SERIALIZABLE", "0A000");
    ck_assert_ptr_nonnull(strstr(pgt_field(refused, PG_DIAG_MESSAGE_PRIMARY), "SERIALIZABLE"));
    PQclear(refused);
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_sqlstate(a, "SET default_transaction_isolation = 'serializable'", "0A000");
    pgt_expect_sqlstate(a, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                 "0A000");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_sqlstate(a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "0A000");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SHOW transaction_isolation", "read committed");

    /* A connection closed in the middle of a transaction leaves nothing. */
    pgt_expect_command(b, "BEGIN", "BEGIN");
    pgt_expect_command(b, "INSERT INTO acct VALUES (9, 9)", "INSERT 0 1");
    PQfinish(b);
    pgt_expect_value(a, "SELECT count(*) FROM acct WHERE id = 9", "0");
    /* ...and released its locks: this does not wait. */
    pgt_expect_command(a, "UPDATE acct SET bal = bal WHERE id = 1", "UPDATE 1");
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(writers_wait_and_build_on_each_other)
{
    test_server s;
    pgt_start(&s, "tx-waits", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL), *c = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO counter VALUES (1, 0)", "INSERT 0 1");

    /* b waits for a, then increments what a committed: no lost update. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE counter SET n = n + 1 WHERE id = 1", "UPDATE 1");
    pgt_send(b, "UPDATE counter SET n = n + 10 WHERE id = 1 RETURNING n");
    pgt_expect_waiting(b);
    pgt_expect_value(c, "SELECT n FROM counter", "0"); /* readers never wait */
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "11");

    /* lock_timeout ends the wait with 55P03; the holder is unaffected. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE counter SET n = n + 1", "UPDATE 1");
    pgt_expect_command(b, "SET lock_timeout = '200ms'", "SET");
    PGresult *res = pgt_expect_error(b, "UPDATE counter SET n = 0", "55P03");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to lock timeout");
    PQclear(res);
    pgt_expect_command(b, "RESET lock_timeout", "RESET");

    /* A cancel ends a wait with 57014. */
    pgt_send(b, "DELETE FROM counter");
    pgt_expect_waiting(b);
    PGcancel *cancel = PQgetCancel(b);
    char error[256];
    ck_assert(PQcancel(cancel, error, sizeof error));
    PQfreeCancel(cancel);
    pgt_expect_sent_result(b, "57014");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_value(c, "SELECT n FROM counter", "12");

    /* A waiting writer whose holder rolls back goes on with the old value. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "UPDATE counter SET n = 1000", "UPDATE 1");
    pgt_send(b, "UPDATE counter SET n = n + 1 RETURNING n");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_sent_result(b, "13");

    /* DROP TABLE waits for the transaction writing, so its rows cannot land under a
     * dropped table. */
    pgt_expect_command(a, "CREATE TABLE scratch (id int PRIMARY KEY)", "CREATE TABLE");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO scratch VALUES (1)", "INSERT 0 1");
    pgt_send(b, "DROP TABLE scratch");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_sent_result(b, "DROP TABLE");
    pgt_expect_sqlstate(c, "SELECT * FROM scratch", "42P01");
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
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 'committed')", "INSERT 0 1");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_command(b, "BEGIN", "BEGIN");
    pgt_expect_command(b, "INSERT INTO t VALUES (2, 'open')", "INSERT 0 1");
    pgt_expect_command(b, "UPDATE t SET v = 'changed' WHERE id = 1", "UPDATE 1");
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

START_TEST(read_committed_and_repeatable_read)
{
    test_server s;
    pgt_start(&s, "tx-isolation", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO acct VALUES (1, 100), (2, 100), (3, 100)", "INSERT 0 3");

    /* READ COMMITTED: each statement sees what committed before it; an UPDATE builds on
     * the latest committed row. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 1", "100");
    pgt_expect_command(b, "UPDATE acct SET bal = 110 WHERE id = 1", "UPDATE 1");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 1", "110");
    pgt_expect_command(b, "INSERT INTO acct VALUES (4, 1)", "INSERT 0 1");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "4");
    pgt_expect_value(a, "UPDATE acct SET bal = bal + 1 WHERE id = 1 RETURNING bal", "111");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_command(a, "DELETE FROM acct WHERE id = 4", "DELETE 1");

    /* REPEATABLE READ: the snapshot of the first query holds for the whole transaction,
     * in every query form, plus the transaction's own writes. */
    pgt_expect_command(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN");
    pgt_expect_value(a, "SHOW transaction_isolation", "repeatable read");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "311");
    pgt_expect_command(b, "UPDATE acct SET bal = 0 WHERE id = 3", "UPDATE 1");
    pgt_expect_command(b, "INSERT INTO acct VALUES (5, 5)", "INSERT 0 1");
    pgt_expect_command(b, "DELETE FROM acct WHERE id = 2", "DELETE 1");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "311");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 3", "100");
    pgt_expect_value(a, "SELECT count(*) FROM acct WHERE id = 5", "0");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 2", "100");
    pgt_expect_value(a, "SELECT count(*) FROM acct x JOIN acct y ON x.id = y.id", "3");
    pgt_expect_command(a, "INSERT INTO acct VALUES (6, 6)", "INSERT 0 1");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "317");
    pgt_expect_value(b, "SELECT sum(bal) FROM acct", "116");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    /* The next transaction has a new snapshot. */
    pgt_expect_command(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN");
    pgt_expect_value(a, "SELECT sum(bal) FROM acct", "122");
    pgt_expect_command(a, "COMMIT", "COMMIT");

    /* The snapshot starts at the first query, not at BEGIN, SET or SHOW. */
    pgt_expect_command(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN");
    pgt_expect_value(a, "SHOW transaction_isolation", "repeatable read");
    pgt_expect_command(a, "SET search_path = public", "SET");
    pgt_expect_command(b, "UPDATE acct SET bal = 50 WHERE id = 3", "UPDATE 1");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 3", "50");
    pgt_expect_command(b, "UPDATE acct SET bal = 60 WHERE id = 3", "UPDATE 1");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 3", "50");
    pgt_expect_command(a, "COMMIT", "COMMIT");

    /* Writing a row another transaction changed or deleted since the snapshot: 40001, and
     * the transaction is aborted. Rows nobody touched can be written. */
    pgt_expect_command(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "4");
    pgt_expect_command(b, "UPDATE acct SET bal = bal + 1 WHERE id = 1", "UPDATE 1");
    pgt_expect_command(a, "UPDATE acct SET bal = bal + 1 WHERE id = 3", "UPDATE 1");
    PGresult *res = pgt_expect_error(a, "UPDATE acct SET bal = bal + 1 WHERE id = 1", "40001");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "could not serialize access due to concurrent update");
    PQclear(res);
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    pgt_expect_sqlstate(a, "SELECT 1", "25P02");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 1", "112");
    pgt_expect_value(b, "SELECT bal FROM acct WHERE id = 3", "60");

    pgt_expect_command(a, "BEGIN ISOLATION LEVEL REPEATABLE READ", "BEGIN");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "4");
    pgt_expect_command(b, "DELETE FROM acct WHERE id = 5", "DELETE 1");
    res = pgt_expect_error(a, "DELETE FROM acct WHERE id = 5", "40001");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "could not serialize access due to concurrent delete");
    PQclear(res);
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");

    /* ON CONFLICT DO UPDATE meeting a row committed after the snapshot, and a savepoint
     * rolled back to after a 40001, carrying on with the same snapshot. */
    pgt_expect_command(a, "SET default_transaction_isolation = 'repeatable read'", "SET");
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT count(*) FROM acct", "3");
    pgt_expect_command(a, "SAVEPOINT s", "SAVEPOINT");
    pgt_expect_command(b, "INSERT INTO acct VALUES (7, 7)", "INSERT 0 1");
    pgt_expect_sqlstate(a, "INSERT INTO acct VALUES (7, 70) ON CONFLICT (id) DO UPDATE SET bal = 70",
                 "40001");
    pgt_expect_command(a, "ROLLBACK TO s", "ROLLBACK");
    pgt_expect_sqlstate(a, "INSERT INTO acct VALUES (7, 70) ON CONFLICT DO NOTHING", "40001");
    pgt_expect_command(a, "ROLLBACK TO s", "ROLLBACK");
    pgt_expect_command(a, "INSERT INTO acct VALUES (6, 60) ON CONFLICT DO NOTHING", "INSERT 0 0");
    pgt_expect_sqlstate(a, "INSERT INTO acct VALUES (7, 70)", "23505");
    pgt_expect_command(a, "ROLLBACK TO s", "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INTRANS);
    pgt_expect_value(a, "SELECT count(*) FROM acct", "3");
    pgt_expect_command(a, "UPDATE acct SET bal = 0 WHERE id = 6", "UPDATE 1");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    pgt_expect_command(a, "RESET default_transaction_isolation", "RESET");
    pgt_expect_value(b, "SELECT string_agg(id || ':' || bal, ',') FROM (SELECT * FROM acct ORDER BY id) x",
                     "1:112,3:60,6:0,7:7");

    /* READ COMMITTED writes the same row without complaint. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT bal FROM acct WHERE id = 7", "7");
    pgt_expect_command(b, "UPDATE acct SET bal = 8 WHERE id = 7", "UPDATE 1");
    pgt_expect_value(a, "UPDATE acct SET bal = bal + 1 WHERE id = 7 RETURNING bal", "9");
    pgt_expect_command(a, "COMMIT", "COMMIT");

    /* The isolation level is fixed once the snapshot is taken. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT 1", "1");
    pgt_expect_sqlstate(a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "25001");
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* Runs sql through the extended protocol (Parse/Bind/Execute/Sync). */
static const char *extended_outcome(PGconn *conn, const char *sql)
{
    static char outcome[64];
    PGresult *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        snprintf(outcome, sizeof outcome, "%s", PQcmdStatus(res));
    else
        snprintf(outcome, sizeof outcome, "%s", pgt_field(res, PG_DIAG_SQLSTATE));
    PQclear(res);
    return outcome;
}

START_TEST(savepoints_and_status_byte)
{
    test_server s;
    pgt_start(&s, "tx-savepoints", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE TABLE t (id int PRIMARY KEY, v text)", "CREATE TABLE");

    /* Simple protocol: ReadyForQuery's status after every step. */
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    pgt_expect_sqlstate(a, "SAVEPOINT x", "25P01");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    pgt_expect_command(a, "BEGIN", "BEGIN");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INTRANS);
    pgt_expect_command(a, "INSERT INTO t VALUES (1, 'kept')", "INSERT 0 1");
    pgt_expect_command(a, "SAVEPOINT x", "SAVEPOINT");
    pgt_expect_command(a, "INSERT INTO t VALUES (2, 'undone')", "INSERT 0 1");
    pgt_expect_sqlstate(a, "INSERT INTO t VALUES (1, 'dup')", "23505");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    pgt_expect_sqlstate(a, "ROLLBACK TO nothing", "3B001");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    pgt_expect_command(a, "ROLLBACK TO x", "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INTRANS);
    pgt_expect_value(b, "SELECT count(*) FROM t", "0");
    pgt_expect_command(a, "RELEASE x", "RELEASE");
    pgt_expect_command(a, "COMMIT", "COMMIT");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    pgt_expect_value(b, "SELECT string_agg(id || v, ',') FROM t", "1kept");

    /* Extended protocol: the same rules and states. */
    ck_assert_str_eq(extended_outcome(a, "SAVEPOINT x"), "25P01");
    ck_assert_str_eq(extended_outcome(a, "ROLLBACK TO SAVEPOINT x"), "25P01");
    ck_assert_str_eq(extended_outcome(a, "RELEASE x"), "25P01");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    ck_assert_str_eq(extended_outcome(a, "BEGIN"), "BEGIN");
    ck_assert_str_eq(extended_outcome(a, "SAVEPOINT x"), "SAVEPOINT");
    ck_assert_str_eq(extended_outcome(a, "INSERT INTO t VALUES (3, 'undone')"), "INSERT 0 1");
    ck_assert_str_eq(extended_outcome(a, "SELECT 1/0"), "22012");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    ck_assert_str_eq(extended_outcome(a, "RELEASE x"), "25P02");
    ck_assert_str_eq(extended_outcome(a, "ROLLBACK TO x"), "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INTRANS);
    ck_assert_str_eq(extended_outcome(a, "SELECT count(*) FROM t"), "SELECT 1");
    pgt_expect_value(a, "SELECT count(*) FROM t", "1");
    ck_assert_str_eq(extended_outcome(a, "INSERT INTO t VALUES (4, 'kept')"), "INSERT 0 1");
    ck_assert_str_eq(extended_outcome(a, "RELEASE SAVEPOINT x"), "RELEASE");
    ck_assert_str_eq(extended_outcome(a, "ROLLBACK TO x"), "3B001");
    ck_assert_str_eq(extended_outcome(a, "COMMIT"), "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    ck_assert_str_eq(extended_outcome(a, "BEGIN READ ONLY"), "BEGIN");
    ck_assert_str_eq(extended_outcome(a, "INSERT INTO t VALUES (5, 'no')"), "25006");
    ck_assert_str_eq(extended_outcome(a, "ROLLBACK"), "ROLLBACK");
    pgt_expect_value(b, "SELECT string_agg(id || v, ',') FROM t", "1kept");

    /* A savepoint's writes stay private until COMMIT, and a connection closed with
     * savepoints open leaves nothing. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_command(a, "SAVEPOINT x", "SAVEPOINT");
    pgt_expect_command(a, "INSERT INTO t VALUES (6, 'lost')", "INSERT 0 1");
    pgt_expect_command(a, "SAVEPOINT y", "SAVEPOINT");
    PQfinish(a);
    pgt_expect_value(b, "SELECT count(*) FROM t", "1");
    pgt_expect_command(b, "UPDATE t SET v = 'free' WHERE id = 1", "UPDATE 1");
    PQfinish(b);
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
    tcase_add_test(tc, read_committed_and_repeatable_read);
    tcase_add_test(tc, savepoints_and_status_byte);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(transactions_suite(), NULL);
}
