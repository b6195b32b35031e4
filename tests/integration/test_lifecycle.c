/*
 * Integration: quilld's process lifecycle. Clean shutdown with clients connected, restart
 * on the same data directory, crash (kill -9) recovery, one instance per data directory,
 * and the first-start password requirement.
 */
#include <check.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define STOP_TIMEOUT_MS 10000

START_TEST(sigterm_with_clients_exits_0_and_data_dir_reopens)
{
    test_server s;
    pgt_start(&s, "shutdown", NULL);
    PGconn *clients[3];
    for (int i = 0; i < 3; i++) {
        clients[i] = pgt_connect(&s, NULL);
        pgt_expect_alive(clients[i]);
    }
    /* One of them sits inside a transaction block. */
    pgt_expect_command(clients[1], "BEGIN", "BEGIN");

    int64_t started = harness_now_ms();
    int status = server_stop(&s, STOP_TIMEOUT_MS);
    int64_t took = harness_now_ms() - started;
    ck_assert_msg(status == 0, "quilld exited with status %d after SIGTERM (took %lld ms)",
                  status, (long long)took);
    ck_assert_msg(server_log_contains(&s, "SIGTERM"), "the log does not mention SIGTERM");
    ck_assert_msg(server_log_sanitizer_report(&s) == NULL, "sanitizer: %s",
                  server_log_sanitizer_report(&s));

    /* The sessions are gone. */
    for (int i = 0; i < 3; i++) {
        PGresult *res = PQexec(clients[i], "SELECT 1");
        ck_assert_msg(PQresultStatus(res) != PGRES_TUPLES_OK,
                      "client %d still got an answer after shutdown", i);
        PQclear(res);
        PQfinish(clients[i]);
    }

    /* Restart on the same data dir, with a different QUILLDB_PASSWORD in the
     * environment: the stored superuser (and its original password) must be what counts,
     * which shows the catalog persisted and was not initialised again. */
    s.password = "a-different-password";
    ck_assert_msg(server_start(&s), "restart on the same data dir failed");
    char conninfo[1024];
    server_conninfo(&s, conninfo, sizeof conninfo, NULL, HARNESS_PASSWORD, NULL);
    PGconn *conn = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "after restart: %s", PQerrorMessage(conn));
    pgt_expect_alive(conn);
    PQfinish(conn);
    server_conninfo(&s, conninfo, sizeof conninfo, NULL, "a-different-password", NULL);
    conn = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(conn) == CONNECTION_BAD,
                  "the new QUILLDB_PASSWORD was accepted: the data dir was re-initialised");
    PQfinish(conn);

    /* SIGINT stops it cleanly too. */
    ck_assert_int_ne(s.pid, 0);
    kill(s.pid, SIGINT);
    ck_assert_int_eq(server_wait_exit(&s, STOP_TIMEOUT_MS), 0);
    ck_assert_msg(server_log_sanitizer_report(&s) == NULL, "sanitizer: %s",
                  server_log_sanitizer_report(&s));
    server_cleanup(&s);
}
END_TEST

START_TEST(restart_after_kill_9)
{
    test_server s;
    pgt_start(&s, "kill9", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_alive(conn);
    server_kill9(&s);
    PQfinish(conn);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    pgt_expect_server_serves(&s);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(second_instance_on_same_data_dir_fails_fast)
{
    test_server first;
    pgt_start(&first, "first", NULL);
    PGconn *conn = pgt_connect(&first, NULL);

    test_server second;
    ck_assert(server_init(&second, "second"));
    server_share_data_dir(&second, &first);
    int64_t started = harness_now_ms();
    ck_assert(server_spawn(&second));
    int status = server_wait_exit(&second, 10000);
    int64_t took = harness_now_ms() - started;
    if (status == -1)
        server_kill9(&second);
    ck_assert_msg(status > 0, "second instance: status %d (-1 = still running after 10 s)",
                  status);
    ck_assert_msg(status < 128, "second instance died of signal %d", status - 128);
    ck_assert_msg(took < 5000, "second instance took %lld ms to give up", (long long)took);
    ck_assert_msg(server_log_contains(&second, "in use"),
                  "the second instance's stderr does not say the data directory is in use");
    ck_assert_msg(server_log_contains(&second, first.data_dir),
                  "the second instance's stderr does not name the data directory");

    /* The first one is unaffected. */
    pgt_expect_alive(conn);
    PQfinish(conn);
    pgt_expect_server_serves(&first);
    server_cleanup(&second);
    pgt_stop_clean(&first);
}
END_TEST

START_TEST(first_start_without_password_is_refused)
{
    test_server s;
    ck_assert(server_init(&s, "nopassword"));
    s.no_password = true;
    ck_assert(server_spawn(&s));
    int status = server_wait_exit(&s, 10000);
    if (status == -1)
        server_kill9(&s);
    ck_assert_msg(status > 0 && status < 128, "without QUILLDB_PASSWORD: status %d", status);
    ck_assert_msg(server_log_contains(&s, "QUILLDB_PASSWORD"),
                  "the refusal does not name QUILLDB_PASSWORD");

    /* Nothing half-initialised is left behind: with the password it starts normally. */
    s.no_password = false;
    ck_assert_msg(server_start(&s), "start with QUILLDB_PASSWORD after a refused one failed");
    pgt_expect_server_serves(&s);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(trust_without_password_is_allowed)
{
    static const char *const args[] = {"--auth", "trust", NULL};
    test_server s;
    ck_assert(server_init(&s, "trustnopw"));
    s.no_password = true;
    for (int i = 0; args[i] != NULL; i++)
        server_add_arg(&s, args[i]);
    ck_assert_msg(server_start(&s), "--auth trust without QUILLDB_PASSWORD did not start");
    char conninfo[1024];
    server_conninfo(&s, conninfo, sizeof conninfo, NULL, "", NULL);
    PGconn *conn = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "trust connect: %s", PQerrorMessage(conn));
    ck_assert_int_eq(PQconnectionUsedPassword(conn), 0);
    pgt_expect_alive(conn);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *lifecycle_suite(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("lifecycle");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, sigterm_with_clients_exits_0_and_data_dir_reopens);
    tcase_add_test(tc, restart_after_kill_9);
    tcase_add_test(tc, second_instance_on_same_data_dir_fails_fast);
    tcase_add_test(tc, first_start_without_password_is_refused);
    tcase_add_test(tc, trust_without_password_is_allowed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(lifecycle_suite(), NULL);
}
