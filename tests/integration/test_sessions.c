/*
 * Integration: what one session does to others outside tables: LISTEN/NOTIFY delivery
 * (at commit, in commit order, folded duplicates, only to listeners of the channel,
 * at once to an idle listener, after the block of a busy one) and advisory locks (a
 * second session waits until the holder unlocks, commits or disconnects; lock_timeout
 * ends the wait; an advisory wait cycle is 40P01; DISCARD ALL releases and unlistens).
 */
#include <check.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define WAIT_MS 10000

/* The next notification the connection receives within timeout_ms, without sending
 * anything (NULL if none came). */
static PGnotify *wait_notify(PGconn *conn, int timeout_ms)
{
    PGnotify *n;
    ck_assert(PQconsumeInput(conn));
    if ((n = PQnotifies(conn)) != NULL)
        return n;
    struct pollfd p = {.fd = PQsocket(conn), .events = POLLIN};
    while (poll(&p, 1, timeout_ms) > 0) {
        ck_assert_msg(PQconsumeInput(conn), "%s", PQerrorMessage(conn));
        if ((n = PQnotifies(conn)) != NULL)
            return n;
    }
    return NULL;
}

static void expect_notify(PGconn *conn, const char *channel, const char *payload, int pid)
{
    PGnotify *n = wait_notify(conn, WAIT_MS);
    ck_assert_msg(n != NULL, "no notification (expected %s: %s)", channel, payload);
    ck_assert_str_eq(n->relname, channel);
    ck_assert_str_eq(n->extra, payload);
    ck_assert_int_eq(n->be_pid, pid);
    PQfreemem(n);
}

static void expect_no_notify(PGconn *conn)
{
    PGnotify *n = wait_notify(conn, 200);
    ck_assert_msg(n == NULL, "unexpected notification %s: %s", n ? n->relname : "",
                  n ? n->extra : "");
}

START_TEST(listen_notify)
{
    test_server s;
    pgt_start(&s, "sessions-notify", NULL);
    PGconn *listener = pgt_connect(&s, NULL), *other = pgt_connect(&s, NULL);
    PGconn *notifier = pgt_connect(&s, NULL);
    int pid = PQbackendPID(notifier);
    pgt_expect_command(listener, "LISTEN jobs", "LISTEN");
    pgt_expect_command(other, "LISTEN other_channel", "LISTEN");

    /* Autocommit: delivered at once to the idle listener, only on its channel. */
    pgt_expect_command(notifier, "NOTIFY jobs, 'first'", "NOTIFY");
    expect_notify(listener, "jobs", "first", pid);
    pgt_expect_value(notifier, "SELECT pg_notify('jobs', 'second')", "");
    expect_notify(listener, "jobs", "second", pid);
    expect_no_notify(other);

    /* In a transaction: nothing before COMMIT; then in order, duplicates folded. */
    pgt_expect_command(notifier, "BEGIN", "BEGIN");
    pgt_expect_command(notifier, "NOTIFY jobs, 'a'", "NOTIFY");
    pgt_expect_command(notifier, "NOTIFY jobs, 'b'", "NOTIFY");
    pgt_expect_command(notifier, "NOTIFY jobs, 'a'", "NOTIFY");
    pgt_expect_command(notifier, "NOTIFY jobs", "NOTIFY");
    expect_no_notify(listener);
    pgt_expect_command(notifier, "COMMIT", "COMMIT");
    expect_notify(listener, "jobs", "a", pid);
    expect_notify(listener, "jobs", "b", pid);
    expect_notify(listener, "jobs", "", pid);
    expect_no_notify(listener);

    /* A rolled-back NOTIFY is never delivered. */
    pgt_expect_command(notifier, "BEGIN", "BEGIN");
    pgt_expect_command(notifier, "NOTIFY jobs, 'rolled back'", "NOTIFY");
    pgt_expect_command(notifier, "ROLLBACK", "ROLLBACK");
    expect_no_notify(listener);

    /* A listener inside a transaction hears it when its block ends. */
    pgt_expect_command(listener, "BEGIN", "BEGIN");
    pgt_expect_command(notifier, "NOTIFY jobs, 'while busy'", "NOTIFY");
    expect_no_notify(listener);
    pgt_expect_command(listener, "COMMIT", "COMMIT");
    expect_notify(listener, "jobs", "while busy", pid);

    /* LISTEN takes effect at commit; a rolled-back LISTEN never listened. */
    pgt_expect_command(other, "BEGIN", "BEGIN");
    pgt_expect_command(other, "LISTEN jobs", "LISTEN");
    pgt_expect_command(other, "ROLLBACK", "ROLLBACK");
    pgt_expect_command(notifier, "NOTIFY jobs, 'only one listener'", "NOTIFY");
    expect_notify(listener, "jobs", "only one listener", pid);
    expect_no_notify(other);

    /* A session hears its own notifications, before its ReadyForQuery. */
    pgt_expect_command(notifier, "LISTEN self", "LISTEN");
    pgt_expect_command(notifier, "NOTIFY self, 'me'", "NOTIFY");
    PGnotify *n = PQnotifies(notifier);
    ck_assert_ptr_nonnull(n);
    ck_assert_str_eq(n->extra, "me");
    PQfreemem(n);

    /* UNLISTEN and DISCARD ALL stop delivery. */
    pgt_expect_command(listener, "UNLISTEN jobs", "UNLISTEN");
    pgt_expect_command(other, "LISTEN jobs", "LISTEN");
    pgt_expect_command(other, "DISCARD ALL", "DISCARD ALL");
    pgt_expect_command(notifier, "NOTIFY jobs, 'nobody'", "NOTIFY");
    expect_no_notify(listener);
    expect_no_notify(other);

    /* Many notifications in one commit arrive complete and in order. */
    pgt_expect_command(listener, "LISTEN bulk", "LISTEN");
    pgt_expect_command(notifier, "BEGIN", "BEGIN");
    for (int i = 0; i < 500; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT pg_notify('bulk', '%d')", i);
        pgt_expect_value(notifier, sql, "");
    }
    pgt_expect_command(notifier, "COMMIT", "COMMIT");
    for (int i = 0; i < 500; i++) {
        char payload[16];
        snprintf(payload, sizeof payload, "%d", i);
        expect_notify(listener, "bulk", payload, pid);
    }
    PQfinish(listener);
    PQfinish(other);
    /* A listener that went away is simply skipped. */
    pgt_expect_command(notifier, "NOTIFY bulk, 'after the listener left'", "NOTIFY");
    pgt_expect_alive(notifier);
    PQfinish(notifier);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(advisory_locks_wait)
{
    test_server s;
    pgt_start(&s, "sessions-advisory", NULL);
    PGconn *a = pgt_connect(&s, NULL), *b = pgt_connect(&s, NULL);

    /* Session level: b waits until a unlocks (as often as it locked). */
    pgt_expect_value(a, "SELECT pg_advisory_lock(10)", "");
    pgt_expect_value(a, "SELECT pg_advisory_lock(10)", "");
    pgt_expect_value(b, "SELECT pg_try_advisory_lock(10)", "f");
    pgt_send(b, "SELECT pg_advisory_lock(10)");
    pgt_expect_waiting(b);
    pgt_expect_value(a, "SELECT 'a is served while b waits'", "a is served while b waits");
    pgt_expect_value(a, "SELECT pg_advisory_unlock(10)", "t");
    pgt_expect_waiting(b);
    pgt_expect_value(a, "SELECT pg_advisory_unlock(10)", "t");
    pgt_expect_sent_result(b, "");
    pgt_expect_value(a, "SELECT pg_try_advisory_lock(10)", "f");
    pgt_expect_value(b, "SELECT pg_advisory_unlock(10)", "t");

    /* The two-integer form is a separate key space. */
    pgt_expect_value(a, "SELECT pg_advisory_lock(0, 10)", "");
    pgt_expect_value(b, "SELECT pg_try_advisory_lock(10)", "t");
    pgt_expect_value(b, "SELECT pg_try_advisory_lock(0, 10)", "f");
    pgt_expect_value(a, "SELECT pg_advisory_unlock_all()", "");
    pgt_expect_value(b, "SELECT pg_try_advisory_lock(0, 10)", "t");
    pgt_expect_value(b, "SELECT pg_advisory_unlock_all()", "");

    /* Transaction level: held until COMMIT or ROLLBACK. */
    pgt_expect_command(a, "BEGIN", "BEGIN");
    pgt_expect_value(a, "SELECT pg_advisory_xact_lock(20)", "");
    pgt_send(b, "SELECT pg_advisory_xact_lock(20)");
    pgt_expect_waiting(b);
    pgt_expect_command(a, "ROLLBACK", "ROLLBACK");
    pgt_expect_sent_result(b, "");
    /* b's autocommit statement ended, and with it its transaction-level lock. */
    pgt_expect_value(a, "SELECT pg_try_advisory_xact_lock(20)", "t");

    /* lock_timeout ends a wait with 55P03; the session stays usable. */
    pgt_expect_value(a, "SELECT pg_advisory_lock(30)", "");
    pgt_expect_command(b, "SET lock_timeout = '200ms'", "SET");
    pgt_send(b, "SELECT pg_advisory_lock(30)");
    pgt_expect_sent_result(b, "55P03");
    pgt_expect_command(b, "RESET lock_timeout", "RESET");
    pgt_expect_value(b, "SELECT pg_try_advisory_lock(31)", "t");

    /* A cycle of waits is a deadlock: one of the two fails with 40P01. */
    pgt_send(a, "SELECT pg_advisory_lock(31)");
    pgt_expect_waiting(a);
    PQclear(pgt_expect_error(b, "SELECT pg_advisory_lock(30)", "40P01"));
    pgt_expect_value(b, "SELECT pg_advisory_unlock(31)", "t");
    pgt_expect_sent_result(a, "");

    /* A session that disconnects releases its locks; DISCARD ALL does too. */
    pgt_send(b, "SELECT pg_advisory_lock(30)");
    pgt_expect_waiting(b);
    PQfinish(a);
    pgt_expect_sent_result(b, "");
    a = pgt_connect(&s, NULL);
    pgt_expect_value(a, "SELECT pg_try_advisory_lock(30)", "f");
    pgt_expect_command(b, "DISCARD ALL", "DISCARD ALL");
    pgt_expect_value(a, "SELECT pg_try_advisory_lock(30)", "t");
    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *sessions_suite(void)
{
    Suite *suite = suite_create("sessions");
    TCase *tc = tcase_create("sessions");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, listen_notify);
    tcase_add_test(tc, advisory_locks_wait);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(sessions_suite(), NULL);
}
