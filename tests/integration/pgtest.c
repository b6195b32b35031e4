#include "pgtest.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

void pgt_start(test_server *s, const char *label, const char *const *extra_args)
{
    ck_assert_msg(server_init(s, label), "could not create the temp dir for %s", label);
    for (int i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
        server_add_arg(s, extra_args[i]);
    ck_assert_msg(server_start(s), "quilld (%s) did not start; log: %s", label, s->log_path);
}

void pgt_stop_clean(test_server *s)
{
    int status = server_stop(s, 10000);
    const char *report = server_log_sanitizer_report(s);
    if (status != 0 || report != NULL)
        server_print_log_tail(s, 30);
    ck_assert_msg(report == NULL, "quilld (%s) sanitizer report: %s", s->label,
                  report ? report : "");
    ck_assert_msg(status == 0, "quilld (%s) exited with status %d after SIGTERM", s->label,
                  status);
    server_cleanup(s);
}

PGconn *pgt_connect(const test_server *s, const char *extra)
{
    char conninfo[1024];
    server_conninfo(s, conninfo, sizeof conninfo, NULL, NULL, extra);
    PGconn *conn = PQconnectdb(conninfo);
    ck_assert_msg(conn != NULL, "PQconnectdb returned NULL");
    if (PQstatus(conn) != CONNECTION_OK) {
        server_print_log_tail(s, 15);
        ck_abort_msg("connect to quilld (%s) failed: %s", s->label, PQerrorMessage(conn));
    }
    return conn;
}

PGconn *pgt_connect_verbose(const char *conninfo, int timeout_ms)
{
    PGconn *conn = PQconnectStart(conninfo);
    ck_assert_msg(conn != NULL, "PQconnectStart returned NULL");
    PQsetErrorVerbosity(conn, PQERRORS_VERBOSE);
    if (PQstatus(conn) == CONNECTION_BAD)
        return conn;
    int64_t deadline = harness_now_ms() + timeout_ms;
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    for (int rounds = 0; rounds < 100000; rounds++) {
        if (state == PGRES_POLLING_OK || state == PGRES_POLLING_FAILED)
            return conn;
        int64_t left = deadline - harness_now_ms();
        ck_assert_msg(left > 0, "connection attempt still pending after %d ms", timeout_ms);
        struct pollfd p = {PQsocket(conn), state == PGRES_POLLING_READING ? POLLIN : POLLOUT,
                           0};
        if (p.fd >= 0 && poll(&p, 1, (int)(left < 100 ? left : 100)) == 0)
            continue;
        state = PQconnectPoll(conn);
    }
    ck_abort_msg("connection attempt did not finish");
    return conn;
}

static PGresult *run(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "PQexec(\"%s\") returned NULL: %s", sql, PQerrorMessage(conn));
    return res;
}

void pgt_expect_value(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = run(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%s\": expected rows, got %s: %s",
                  sql, PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    ck_assert_msg(PQntuples(res) == 1 && PQnfields(res) == 1,
                  "\"%s\": expected 1 row x 1 column, got %d x %d", sql, PQntuples(res),
                  PQnfields(res));
    if (expected == NULL) {
        ck_assert_msg(PQgetisnull(res, 0, 0), "\"%s\": expected NULL, got \"%s\"", sql,
                      PQgetvalue(res, 0, 0));
    } else {
        ck_assert_msg(!PQgetisnull(res, 0, 0), "\"%s\": expected \"%s\", got NULL", sql,
                      expected);
        ck_assert_msg(strcmp(PQgetvalue(res, 0, 0), expected) == 0,
                      "\"%s\": expected \"%s\", got \"%s\"", sql, expected,
                      PQgetvalue(res, 0, 0));
    }
    PQclear(res);
}

void pgt_expect_command(PGconn *conn, const char *sql, const char *tag)
{
    PGresult *res = run(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK,
                  "\"%s\": expected command ok, got %s: %s", sql,
                  PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    ck_assert_msg(strcmp(PQcmdStatus(res), tag) == 0, "\"%s\": expected tag \"%s\", got \"%s\"",
                  sql, tag, PQcmdStatus(res));
    PQclear(res);
}

PGresult *pgt_expect_error(PGconn *conn, const char *sql, const char *sqlstate)
{
    PGresult *res = run(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "\"%s\": expected an error, got %s",
                  sql, PQresStatus(PQresultStatus(res)));
    const char *state = pgt_field(res, PG_DIAG_SQLSTATE);
    ck_assert_msg(strcmp(state, sqlstate) == 0, "\"%s\": expected SQLSTATE %s, got %s: %s", sql,
                  sqlstate, state, PQresultErrorMessage(res));
    ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR") == 0,
                  "\"%s\": expected severity ERROR, got \"%s\"", sql,
                  pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED));
    ck_assert_msg(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY)[0] != '\0',
                  "\"%s\": error without a message", sql);
    return res;
}

void pgt_send(PGconn *conn, const char *sql)
{
    ck_assert_msg(PQsendQuery(conn, sql) == 1, "%s: %s", sql, PQerrorMessage(conn));
    ck_assert_int_eq(PQflush(conn), 0);
}

void pgt_expect_waiting(PGconn *conn)
{
    ck_assert_msg(!pgt_wait_result(conn, 300), "the statement did not wait");
}

void pgt_sent_result(PGconn *conn, char *got, size_t size)
{
    ck_assert_msg(pgt_wait_result(conn, 10000), "no result in time");
    PGresult *res = PQgetResult(conn);
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_TUPLES_OK && PQntuples(res) > 0)
        snprintf(got, size, "%s", PQgetvalue(res, 0, 0));
    else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        snprintf(got, size, "%s", PQcmdStatus(res));
    else
        snprintf(got, size, "%s", pgt_field(res, PG_DIAG_SQLSTATE));
    PQclear(res);
    while ((res = PQgetResult(conn)) != NULL)
        PQclear(res);
}

void pgt_expect_sent_result(PGconn *conn, const char *expected)
{
    char got[128];
    pgt_sent_result(conn, got, sizeof got);
    ck_assert_msg(strcmp(got, expected) == 0, "got %s, expected %s", got, expected);
}

void pgt_expect_rows(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = run(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    char text[4096] = "";
    for (int r = 0; r < PQntuples(res); r++) {
        for (int f = 0; f < PQnfields(res); f++) {
            size_t used = strlen(text);
            snprintf(text + used, sizeof text - used, "%s%s", f > 0 ? "|" : r > 0 ? ";" : "",
                     PQgetisnull(res, r, f) ? "NULL" : PQgetvalue(res, r, f));
        }
    }
    PQclear(res);
    ck_assert_msg(strcmp(text, expected) == 0, "\"%s\": got \"%s\", expected \"%s\"", sql, text,
                  expected);
}

void pgt_expect_sqlstate(PGconn *conn, const char *sql, const char *sqlstate)
{
    PQclear(pgt_expect_error(conn, sql, sqlstate));
}

void pgt_expect_error_message(PGconn *conn, const char *sql, const char *sqlstate,
                              const char *message)
{
    PGresult *res = pgt_expect_error(conn, sql, sqlstate);
    ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), message) == 0,
                  "\"%s\": expected message \"%s\", got \"%s\"", sql, message,
                  pgt_field(res, PG_DIAG_MESSAGE_PRIMARY));
    PQclear(res);
}

void pgt_expect_alive(PGconn *conn)
{
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "connection is not OK: %s",
                  PQerrorMessage(conn));
    pgt_expect_value(conn, "SELECT 1", "1");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
}

void pgt_expect_server_serves(const test_server *s)
{
    PGconn *conn = pgt_connect(s, NULL);
    pgt_expect_alive(conn);
    PQfinish(conn);
}

bool pgt_wait_result(PGconn *conn, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    for (int rounds = 0; rounds < 100000; rounds++) {
        if (!PQconsumeInput(conn))
            return false;
        if (!PQisBusy(conn))
            return true;
        int64_t left = deadline - harness_now_ms();
        if (left <= 0)
            return false;
        struct pollfd p = {PQsocket(conn), POLLIN, 0};
        poll(&p, 1, (int)(left < 100 ? left : 100));
    }
    return false;
}

const char *pgt_field(const PGresult *res, int field)
{
    const char *v = PQresultErrorField(res, field);
    return v != NULL ? v : "";
}

const char *pgt_param(const PGconn *conn, const char *name)
{
    const char *v = PQparameterStatus(conn, name);
    return v != NULL ? v : "";
}

int pgt_run_suite(Suite *suite, const bool *also_failed)
{
    if (!harness_global_setup())
        return 1;
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    bool failed = srunner_ntests_failed(runner) > 0 || (also_failed != NULL && *also_failed);
    srunner_free(runner);
    harness_global_cleanup(failed);
    return failed ? 1 : 0;
}

#define LOGIN_TIMEOUT_MS 10000

PGconn *pgt_connect_as(const test_server *s, const char *user, const char *password)
{
    char conninfo[1024];
    server_conninfo(s, conninfo, sizeof conninfo, user, password, NULL);
    PGconn *conn = pgt_connect_verbose(conninfo, LOGIN_TIMEOUT_MS);
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "login as %s failed: %s", user,
                  PQerrorMessage(conn));
    return conn;
}

const char *pgt_outcome(PGconn *conn, const char *sql)
{
    static char state[8];
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "\"%s\": no result: %s", sql, PQerrorMessage(conn));
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        snprintf(state, sizeof state, "%s", PGT_OK);
    else
        snprintf(state, sizeof state, "%s", pgt_field(res, PG_DIAG_SQLSTATE));
    PQclear(res);
    return state;
}
