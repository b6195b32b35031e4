/*
 * Integration: the PostgreSQL v3 protocol as libpq and hand-made packets see it.
 *
 * Each test gets a fresh quilld (SCRAM, password HARNESS_PASSWORD) from the checked
 * fixture; tests that speak the protocol by hand after startup start a second server
 * with --auth trust (SCRAM cannot reasonably be done by hand).
 */
#include <check.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pgtest.h"

#define OID_INT4 23
#define OID_TEXT 25
#define CANCEL_REQUEST_CODE 80877102u
#define SSL_REQUEST_CODE 80877103u
#define GSSENC_REQUEST_CODE 80877104u
#define RAW_TIMEOUT_MS 5000

static test_server srv;

static void setup(void)
{
    pgt_start(&srv, "protocol", NULL);
}

static void teardown(void)
{
    /* Runs only when the test passed (Check _exit()s a failed test's process). */
    pgt_stop_clean(&srv);
}

static const char *const trust_args[] = {"--auth", "trust", NULL};

/* ---- authentication ---- */

START_TEST(scram_connect_select_1)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    ck_assert_msg(PQconnectionUsedPassword(conn), "the connection did not use the password");
    ck_assert_int_eq(PQprotocolVersion(conn), 3);

    PGresult *res = PQexec(conn, "SELECT 1");
    ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
    ck_assert_int_eq(PQntuples(res), 1);
    ck_assert_int_eq(PQnfields(res), 1);
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "1");
    ck_assert_uint_eq(PQftype(res, 0), OID_INT4);
    ck_assert_str_eq(PQfname(res, 0), "?column?");
    ck_assert_int_eq(PQfformat(res, 0), 0);
    ck_assert_str_eq(PQcmdStatus(res), "SELECT 1");
    PQclear(res);
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    PQfinish(conn);
}
END_TEST

static void expect_auth_failure(const char *user, const char *password)
{
    char conninfo[1024];
    server_conninfo(&srv, conninfo, sizeof conninfo, user, password, NULL);
    char expected[256];
    snprintf(expected, sizeof expected, "password authentication failed for user \"%s\"", user);

    PGconn *conn = PQconnectdb(conninfo);
    ck_assert_int_eq(PQstatus(conn), CONNECTION_BAD);
    ck_assert_msg(strstr(PQerrorMessage(conn), expected) != NULL,
                  "user %s: expected \"%s\" in \"%s\"", user, expected, PQerrorMessage(conn));
    PQfinish(conn);

    /* With verbose errors libpq includes the SQLSTATE of the FATAL it received. */
    conn = pgt_connect_verbose(conninfo, 10000);
    ck_assert_int_eq(PQstatus(conn), CONNECTION_BAD);
    const char *message = PQerrorMessage(conn);
    ck_assert_msg(strstr(message, "FATAL:  28P01:") != NULL,
                  "user %s: expected FATAL 28P01 in \"%s\"", user, message);
    ck_assert_msg(strstr(message, expected) != NULL, "user %s: expected \"%s\" in \"%s\"", user,
                  expected, message);
    PQfinish(conn);
}

START_TEST(wrong_password_fails_with_28P01)
{
    expect_auth_failure(HARNESS_SUPERUSER, "not-the-password");
    expect_auth_failure(HARNESS_SUPERUSER, HARNESS_PASSWORD "x");
    pgt_expect_server_serves(&srv);
}
END_TEST

START_TEST(unknown_user_fails_like_wrong_password)
{
    /* The same message as a wrong password: nothing tells whether the user exists. */
    expect_auth_failure("nobody_here", HARNESS_PASSWORD);
    expect_auth_failure("nobody_here", "whatever");
    pgt_expect_server_serves(&srv);
}
END_TEST

START_TEST(parameter_status_after_connect)
{
    PGconn *conn = pgt_connect(&srv, "client_encoding=UTF8 application_name=it_params");
    ck_assert_str_eq(pgt_param(conn, "server_version"), "15.0");
    ck_assert_int_eq(PQserverVersion(conn), 150000);
    ck_assert_str_eq(pgt_param(conn, "server_encoding"), "UTF8");
    ck_assert_str_eq(pgt_param(conn, "client_encoding"), "UTF8");
    ck_assert_int_eq(PQclientEncoding(conn), pg_char_to_encoding("UTF8"));
    ck_assert_str_eq(pgt_param(conn, "DateStyle"), "ISO, MDY");
    ck_assert_str_eq(pgt_param(conn, "IntervalStyle"), "postgres");
    ck_assert_str_eq(pgt_param(conn, "integer_datetimes"), "on");
    ck_assert_str_eq(pgt_param(conn, "standard_conforming_strings"), "on");
    const char *tz = getenv("PGTZ");
    if (tz == NULL || tz[0] == '\0')
        ck_assert_str_eq(pgt_param(conn, "TimeZone"), "UTC");
    else
        ck_assert_str_ne(pgt_param(conn, "TimeZone"), "");
    ck_assert_str_eq(pgt_param(conn, "is_superuser"), "on");
    ck_assert_str_eq(pgt_param(conn, "session_authorization"), HARNESS_SUPERUSER);
    ck_assert_str_eq(pgt_param(conn, "application_name"), "it_params");
    ck_assert_str_eq(pgt_param(conn, "default_transaction_read_only"), "off");
    ck_assert_str_eq(pgt_param(conn, "in_hot_standby"), "off");
    ck_assert_int_ne(PQbackendPID(conn), 0);

    /* Two sessions get different backend keys. */
    PGconn *other = pgt_connect(&srv, NULL);
    ck_assert_int_ne(PQbackendPID(other), 0);
    ck_assert_int_ne(PQbackendPID(other), PQbackendPID(conn));
    PQfinish(other);

    pgt_expect_value(conn, "SHOW application_name", "it_params");
    pgt_expect_value(conn, "SELECT current_user", HARNESS_SUPERUSER);
    PQfinish(conn);
}
END_TEST

/* ---- simple query ---- */

static PGresult *next_result(PGconn *conn, const char *what)
{
    ck_assert_msg(pgt_wait_result(conn, 10000), "%s: no result within 10 s", what);
    return PQgetResult(conn);
}

static void expect_row_result(PGresult *res, const char *value, unsigned type)
{
    ck_assert_msg(res != NULL, "expected a result with \"%s\", got none", value);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "expected rows, got %s: %s",
                  PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    ck_assert_int_eq(PQntuples(res), 1);
    ck_assert_int_eq(PQnfields(res), 1);
    ck_assert_str_eq(PQgetvalue(res, 0, 0), value);
    ck_assert_uint_eq(PQftype(res, 0), type);
    ck_assert_str_eq(PQcmdStatus(res), "SELECT 1");
    PQclear(res);
}

START_TEST(several_statements_in_one_string)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    ck_assert_int_eq(PQsendQuery(conn, "SELECT 1; SELECT 2; SELECT 'x'"), 1);
    expect_row_result(next_result(conn, "1st"), "1", OID_INT4);
    expect_row_result(next_result(conn, "2nd"), "2", OID_INT4);
    expect_row_result(next_result(conn, "3rd"), "x", OID_TEXT);
    PGresult *res = next_result(conn, "end");
    ck_assert_msg(res == NULL, "a fourth result: %s", PQresStatus(PQresultStatus(res)));
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

START_TEST(error_in_the_middle_stops_the_rest)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    ck_assert_int_eq(PQsendQuery(conn, "SELECT 1; SELECT 1/0; SELECT 3"), 1);
    expect_row_result(next_result(conn, "1st"), "1", OID_INT4);
    PGresult *res = next_result(conn, "2nd");
    ck_assert_ptr_nonnull(res);
    ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "22012");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "division by zero");
    PQclear(res);
    res = next_result(conn, "end");
    ck_assert_msg(res == NULL, "a result after the error: %s %s",
                  PQresStatus(PQresultStatus(res)),
                  PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    pgt_expect_alive(conn);

    /* The string is one implicit transaction: the SET before the error is undone. */
    pgt_expect_command(conn, "SET application_name = 'before'", "SET");
    ck_assert_int_eq(PQsendQuery(conn, "SET application_name = 'lost'; SELECT 1/0"), 1);
    res = next_result(conn, "SET");
    ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    res = next_result(conn, "error");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "22012");
    PQclear(res);
    ck_assert_ptr_null(next_result(conn, "end"));
    pgt_expect_value(conn, "SHOW application_name", "before");
    ck_assert_str_eq(pgt_param(conn, "application_name"), "before");
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

START_TEST(errors_then_good_queries)
{
    PGconn *conn = pgt_connect(&srv, NULL);

    PGresult *res = pgt_expect_error(conn, "SELEC 1", "42601");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_STATEMENT_POSITION), "1");
    ck_assert_msg(strstr(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "syntax error") != NULL,
                  "message: %s", pgt_field(res, PG_DIAG_MESSAGE_PRIMARY));
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SEVERITY), "ERROR");
    PQclear(res);
    pgt_expect_alive(conn);

    res = pgt_expect_error(conn, "SELECT 1 +", "42601");
    ck_assert_msg(atoi(pgt_field(res, PG_DIAG_STATEMENT_POSITION)) >= 1,
                  "no position for a syntax error at the end: \"%s\"",
                  pgt_field(res, PG_DIAG_STATEMENT_POSITION));
    PQclear(res);
    pgt_expect_alive(conn);

    res = pgt_expect_error(conn, "select 1/0", "22012");
    PQclear(res);
    pgt_expect_alive(conn);

    res = pgt_expect_error(conn, "SELECT nocol", "42703");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_STATEMENT_POSITION), "8");
    PQclear(res);
    pgt_expect_alive(conn);

    /* A statement that parses but is not implemented (chosen to stay unimplemented). */
    res = pgt_expect_error(conn, "CREATE EXTENSION hstore", "0A000");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

START_TEST(empty_query)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    const char *empties[] = {"", "   ", ";", "-- only a comment"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        PGresult *res = PQexec(conn, empties[i]);
        ck_assert_msg(PQresultStatus(res) == PGRES_EMPTY_QUERY, "\"%s\": expected %s, got %s",
                      empties[i], PQresStatus(PGRES_EMPTY_QUERY),
                      PQresStatus(PQresultStatus(res)));
        PQclear(res);
    }
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* ---- SET / SHOW / transactions ---- */

START_TEST(set_show_round_trip)
{
    PGconn *conn = pgt_connect(&srv, NULL);

    pgt_expect_command(conn, "SET application_name = 'x'", "SET");
    ck_assert_str_eq(pgt_param(conn, "application_name"), "x");
    PGresult *res = PQexec(conn, "SHOW application_name");
    ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
    ck_assert_str_eq(PQfname(res, 0), "application_name");
    ck_assert_uint_eq(PQftype(res, 0), OID_TEXT);
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "x");
    ck_assert_str_eq(PQcmdStatus(res), "SHOW");
    PQclear(res);

    pgt_expect_command(conn, "SET statement_timeout = '5s'", "SET");
    pgt_expect_value(conn, "SHOW statement_timeout", "5s");
    pgt_expect_command(conn, "SET statement_timeout TO 1000", "SET");
    pgt_expect_value(conn, "SHOW statement_timeout", "1s");

    res = pgt_expect_error(conn, "SHOW no_such_setting", "42704");
    PQclear(res);
    pgt_expect_alive(conn);
    res = pgt_expect_error(conn, "SET server_version = '1'", "55P02");
    PQclear(res);
    pgt_expect_value(conn, "SHOW server_version", "15.0");

    pgt_expect_command(conn, "RESET application_name", "RESET");
    pgt_expect_value(conn, "SHOW application_name", "");
    ck_assert_str_eq(pgt_param(conn, "application_name"), "");
    pgt_expect_command(conn, "SET search_path = a, \"B\"", "SET");
    pgt_expect_value(conn, "SHOW search_path", "a, \"B\"");

    pgt_expect_command(conn, "RESET ALL", "RESET");
    pgt_expect_value(conn, "SHOW search_path", "\"$user\", public");
    pgt_expect_value(conn, "SHOW statement_timeout", "0");
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

START_TEST(set_datestyle)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    /* SERVER BUG (reported to the lead): quilld quotes a string literal given to
     * DateStyle as if it were search_path (guc_is_list() includes DateStyle, so
     * set_value_text() applies quote_identifier), so SET DateStyle = 'ISO, DMY' fails
     * with 22023 invalid value ""ISO, DMY"". PostgreSQL quotes only GUC_LIST_QUOTE
     * settings (search_path); DateStyle is GUC_LIST_INPUT only, and this SET succeeds. */
    pgt_expect_command(conn, "SET DateStyle = 'ISO, DMY'", "SET");
    pgt_expect_value(conn, "SHOW DateStyle", "ISO, DMY");
    ck_assert_str_eq(pgt_param(conn, "DateStyle"), "ISO, DMY");
    pgt_expect_command(conn, "RESET DateStyle", "RESET");
    pgt_expect_value(conn, "SHOW DateStyle", "ISO, MDY");
    ck_assert_str_eq(pgt_param(conn, "DateStyle"), "ISO, MDY");
    /* The unquoted list form and a single word. */
    pgt_expect_command(conn, "SET DateStyle = ISO, DMY", "SET");
    pgt_expect_value(conn, "SHOW DateStyle", "ISO, DMY");
    pgt_expect_command(conn, "SET DateStyle TO 'MDY'", "SET");
    pgt_expect_value(conn, "SHOW DateStyle", "ISO, MDY");
    PQfinish(conn);
}
END_TEST

START_TEST(transaction_blocks)
{
    PGconn *conn = pgt_connect(&srv, NULL);

    /* ROLLBACK undoes a SET made in the block. */
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INTRANS);
    pgt_expect_command(conn, "SET x.y = '1'", "SET");
    pgt_expect_value(conn, "SHOW x.y", "1");
    pgt_expect_command(conn, "ROLLBACK", "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    pgt_expect_value(conn, "SHOW x.y", ""); /* PostgreSQL keeps the placeholder, empty */

    /* ... including a reported setting, and its ParameterStatus. */
    pgt_expect_command(conn, "SET application_name = 'before'", "SET");
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    pgt_expect_command(conn, "SET application_name = 'inside'", "SET");
    ck_assert_str_eq(pgt_param(conn, "application_name"), "inside");
    pgt_expect_command(conn, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(conn, "SHOW application_name", "before");
    ck_assert_str_eq(pgt_param(conn, "application_name"), "before");

    /* COMMIT keeps it. */
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    pgt_expect_command(conn, "SET x.y = '2'", "SET");
    pgt_expect_command(conn, "COMMIT", "COMMIT");
    pgt_expect_value(conn, "SHOW x.y", "2");

    /* An error inside the block fails it until the end. */
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INTRANS);
    PGresult *res = pgt_expect_error(conn, "SELECT 1/0", "22012");
    PQclear(res);
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INERROR);
    res = pgt_expect_error(conn, "SELECT 1", "25P02");
    PQclear(res);
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INERROR);
    pgt_expect_command(conn, "COMMIT", "ROLLBACK");
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    pgt_expect_alive(conn);

    /* ROLLBACK also ends a failed block. */
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    res = pgt_expect_error(conn, "SELECT nocol", "42703");
    PQclear(res);
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INERROR);
    pgt_expect_command(conn, "ROLLBACK", "ROLLBACK");
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* ---- many connections ---- */

#define MANY 300

START_TEST(concurrent_connections_300)
{
    char conninfo[1024];
    server_conninfo(&srv, conninfo, sizeof conninfo, NULL, NULL, NULL);
    PGconn *conns[MANY];
    PostgresPollingStatusType state[MANY];
    int pending = 0;
    for (int i = 0; i < MANY; i++) {
        conns[i] = PQconnectStart(conninfo);
        ck_assert_msg(conns[i] != NULL && PQstatus(conns[i]) != CONNECTION_BAD,
                      "PQconnectStart %d failed: %s", i,
                      conns[i] ? PQerrorMessage(conns[i]) : "NULL");
        state[i] = PGRES_POLLING_WRITING;
        pending++;
    }
    /* Drive all handshakes at once. */
    int64_t deadline = harness_now_ms() + 60000;
    struct pollfd fds[MANY];
    int index[MANY];
    while (pending > 0) {
        ck_assert_msg(harness_now_ms() < deadline, "%d of %d connections still pending after 60 s",
                      pending, MANY);
        int n = 0;
        for (int i = 0; i < MANY; i++) {
            if (state[i] == PGRES_POLLING_OK || state[i] == PGRES_POLLING_FAILED)
                continue;
            fds[n].fd = PQsocket(conns[i]);
            fds[n].events = state[i] == PGRES_POLLING_READING ? POLLIN : POLLOUT;
            fds[n].revents = 0;
            index[n++] = i;
        }
        if (poll(fds, (nfds_t)n, 100) <= 0)
            continue;
        for (int k = 0; k < n; k++) {
            if (fds[k].revents == 0)
                continue;
            int i = index[k];
            state[i] = PQconnectPoll(conns[i]);
            if (state[i] == PGRES_POLLING_OK || state[i] == PGRES_POLLING_FAILED)
                pending--;
            ck_assert_msg(state[i] != PGRES_POLLING_FAILED, "connection %d failed: %s", i,
                          PQerrorMessage(conns[i]));
        }
    }
    /* Every session sends its query before any answer is read. */
    for (int i = 0; i < MANY; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT %d + 1000", i);
        ck_assert_msg(PQsendQuery(conns[i], sql), "send %d: %s", i, PQerrorMessage(conns[i]));
    }
    for (int i = 0; i < MANY; i++) {
        ck_assert_msg(pgt_wait_result(conns[i], (int)(deadline - harness_now_ms())),
                      "connection %d: no answer in time", i);
        PGresult *res = PQgetResult(conns[i]);
        char expected[16];
        snprintf(expected, sizeof expected, "%d", i + 1000);
        ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
                      "connection %d: %s %s", i, PQresStatus(PQresultStatus(res)),
                      PQresultErrorMessage(res));
        ck_assert_msg(strcmp(PQgetvalue(res, 0, 0), expected) == 0,
                      "connection %d: expected %s, got %s", i, expected, PQgetvalue(res, 0, 0));
        PQclear(res);
        ck_assert_ptr_null(PQgetResult(conns[i]));
    }
    for (int i = 0; i < MANY; i++)
        PQfinish(conns[i]);
    pgt_expect_server_serves(&srv);
}
END_TEST

START_TEST(max_connections_is_enforced)
{
    static const char *const args[] = {"--max-connections", "5", NULL};
    test_server small;
    pgt_start(&small, "maxconn", args);
    PGconn *conns[5];
    for (int i = 0; i < 5; i++) {
        conns[i] = pgt_connect(&small, NULL);
        pgt_expect_alive(conns[i]);
    }
    char conninfo[1024];
    server_conninfo(&small, conninfo, sizeof conninfo, NULL, NULL, NULL);
    PGconn *sixth = pgt_connect_verbose(conninfo, 10000);
    ck_assert_int_eq(PQstatus(sixth), CONNECTION_BAD);
    ck_assert_msg(strstr(PQerrorMessage(sixth), "too many clients") != NULL,
                  "6th connection: \"%s\"", PQerrorMessage(sixth));
    ck_assert_msg(strstr(PQerrorMessage(sixth), "53300") != NULL, "6th connection: \"%s\"",
                  PQerrorMessage(sixth));
    PQfinish(sixth);
    for (int i = 0; i < 5; i++)
        pgt_expect_alive(conns[i]);

    /* A freed slot can be used again (the server notices the close asynchronously). */
    PQfinish(conns[0]);
    PGconn *again = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        again = PQconnectdb(conninfo);
        if (PQstatus(again) == CONNECTION_OK)
            break;
        PQfinish(again);
        again = NULL;
        harness_sleep_ms(50);
    }
    ck_assert_msg(again != NULL, "no connection possible after one of 5 disconnected");
    pgt_expect_alive(again);
    PQfinish(again);
    for (int i = 1; i < 5; i++)
        PQfinish(conns[i]);
    pgt_stop_clean(&small);
}
END_TEST

/* ---- raw sockets ---- */

/* Reads what the server sends after a protocol violation: at most one ErrorResponse,
 * then the close. Returns true if an ErrorResponse was seen; asserts it is FATAL
 * with sqlstate (NULL: any). Asserts that the socket is closed within RAW_TIMEOUT_MS. */
static bool expect_closed_after_error(int fd, const char *sqlstate, const char *what)
{
    bool saw_error = false;
    for (int i = 0; i < 100; i++) {
        raw_message m;
        int r = raw_read_message(fd, &m, RAW_TIMEOUT_MS);
        if (r == 0)
            return saw_error;
        ck_assert_msg(r == 1, "%s: the server neither answered nor closed within %d ms", what,
                      RAW_TIMEOUT_MS);
        if (m.type == 'N') { /* a notice is allowed before the error */
            raw_message_free(&m);
            continue;
        }
        ck_assert_msg(m.type == 'E', "%s: expected ErrorResponse, got message '%c'", what,
                      m.type);
        ck_assert_msg(!saw_error, "%s: two ErrorResponses", what);
        saw_error = true;
        const char *s = raw_error_field(&m, 'S');
        const char *v = raw_error_field(&m, 'V');
        const char *c = raw_error_field(&m, 'C');
        const char *msg = raw_error_field(&m, 'M');
        ck_assert_msg(s != NULL && strcmp(s, "FATAL") == 0, "%s: severity %s", what,
                      s ? s : "(none)");
        ck_assert_msg(v != NULL && strcmp(v, "FATAL") == 0, "%s: V field %s", what,
                      v ? v : "(none)");
        ck_assert_msg(msg != NULL && msg[0] != '\0', "%s: no message", what);
        if (sqlstate != NULL)
            ck_assert_msg(c != NULL && strcmp(c, sqlstate) == 0, "%s: SQLSTATE %s (%s), want %s",
                          what, c ? c : "(none)", msg ? msg : "", sqlstate);
        raw_message_free(&m);
    }
    ck_abort_msg("%s: too many messages", what);
    return saw_error;
}

START_TEST(garbage_instead_of_startup)
{
    PGconn *bystander = pgt_connect(&srv, NULL);

    /* An HTTP request: "GET " read as a length is far over the startup packet limit. */
    int fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    const char http[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    ck_assert(raw_send(fd, http, sizeof http - 1));
    expect_closed_after_error(fd, NULL, "HTTP request");
    close(fd);
    pgt_expect_alive(bystander);

    /* A plausible length followed by random bytes (an unknown protocol code). */
    fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    uint8_t junk[64];
    srand(12345);
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(rand() & 0xff);
    put_be32(junk, sizeof junk);
    ck_assert(raw_send(fd, junk, sizeof junk));
    expect_closed_after_error(fd, NULL, "random startup bytes");
    close(fd);
    pgt_expect_alive(bystander);

    /* A 3.0 startup packet whose parameters are not terminated. */
    fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    uint8_t bad[16] = {0, 0, 0, 16, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'x', 'y', 'z'};
    ck_assert(raw_send(fd, bad, sizeof bad));
    expect_closed_after_error(fd, "08P01", "unterminated startup parameters");
    close(fd);

    pgt_expect_alive(bystander);
    pgt_expect_server_serves(&srv);
    PQfinish(bystander);
}
END_TEST

START_TEST(startup_with_bad_lengths)
{
    PGconn *bystander = pgt_connect(&srv, NULL);
    const uint32_t lengths[] = {0x7fffffffu, 2u, 0u, 0xffffffffu, 7u};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        int fd = raw_connect(srv.port);
        ck_assert_int_ge(fd, 0);
        uint8_t packet[8];
        put_be32(packet, lengths[i]);
        put_be32(packet + 4, 3u << 16);
        /* Only the length word for the tiny ones: the server must not wait for more. */
        ck_assert(raw_send(fd, packet, lengths[i] < 8 ? 4 : 8));
        char what[64];
        snprintf(what, sizeof what, "startup length 0x%x", (unsigned)lengths[i]);
        expect_closed_after_error(fd, "08P01", what);
        close(fd);
        pgt_expect_alive(bystander);
    }
    pgt_expect_server_serves(&srv);
    PQfinish(bystander);
}
END_TEST

/* Startup (trust), then bytes; expects FATAL 08P01 and the close. */
static void expect_protocol_violation(const test_server *trust, const void *bytes, size_t length,
                                      const char *what)
{
    int fd = raw_connect(trust->port);
    ck_assert_int_ge(fd, 0);
    ck_assert_msg(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS),
                  "%s: startup failed", what);
    ck_assert(raw_send(fd, bytes, length));
    ck_assert_msg(expect_closed_after_error(fd, "08P01", what),
                  "%s: closed without an ErrorResponse", what);
    close(fd);
}

START_TEST(bad_messages_after_startup)
{
    test_server trust;
    pgt_start(&trust, "trust", trust_args);
    PGconn *bystander = pgt_connect(&trust, NULL);
    PGconn *scram_bystander = pgt_connect(&srv, NULL);

    /* Declared length far over --max-message-size (64 MiB): refused before allocating. */
    uint8_t huge[5] = {'Q'};
    put_be32(huge + 1, 0x7ffffff0u);
    expect_protocol_violation(&trust, huge, sizeof huge, "length 0x7ffffff0");
    pgt_expect_alive(bystander);

    /* Negative length. */
    uint8_t negative[5] = {'Q'};
    put_be32(negative + 1, 0x80000000u);
    expect_protocol_violation(&trust, negative, sizeof negative, "length 0x80000000");
    pgt_expect_alive(bystander);

    /* Length under 4. */
    uint8_t tiny[5] = {'Q'};
    put_be32(tiny + 1, 3);
    expect_protocol_violation(&trust, tiny, sizeof tiny, "length 3");
    pgt_expect_alive(bystander);

    /* A Query whose string lacks its terminator. */
    uint8_t unterminated[5 + 8] = {'Q'};
    put_be32(unterminated + 1, 4 + 8);
    memcpy(unterminated + 5, "SELECT 1", 8);
    expect_protocol_violation(&trust, unterminated, sizeof unterminated, "unterminated query");
    pgt_expect_alive(bystander);

    /* A Query with bytes after the terminator. */
    uint8_t trailing[5 + 11] = {'Q'};
    put_be32(trailing + 1, 4 + 11);
    memcpy(trailing + 5, "SELECT 1\0xy", 11);
    expect_protocol_violation(&trust, trailing, sizeof trailing, "bytes after the query");
    pgt_expect_alive(bystander);

    /* A message type no frontend sends. */
    uint8_t unknown[5] = {'!'};
    put_be32(unknown + 1, 4);
    expect_protocol_violation(&trust, unknown, sizeof unknown, "message type '!'");
    pgt_expect_alive(bystander);

    /* A truncated message (100 bytes declared, 10 sent) and the client goes away. */
    int fd = raw_connect(trust.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS));
    uint8_t truncated[5 + 10] = {'Q'};
    put_be32(truncated + 1, 100);
    memcpy(truncated + 5, "SELECT 1; ", 10);
    ck_assert(raw_send(fd, truncated, sizeof truncated));
    pgt_expect_alive(bystander); /* answered while the partial message is pending */
    close(fd);
    pgt_expect_alive(bystander);

    /* A half-sent startup packet held open does not block anyone either. */
    fd = raw_connect(trust.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_send(fd, "\0\0", 2));
    pgt_expect_alive(bystander);
    pgt_expect_server_serves(&trust);
    close(fd);

    pgt_expect_server_serves(&trust);
    pgt_expect_alive(scram_bystander);
    PQfinish(bystander);
    PQfinish(scram_bystander);
    pgt_stop_clean(&trust);
}
END_TEST

START_TEST(raw_query_after_trust_startup)
{
    /* The hand-made client used by the tests above really works end to end. */
    test_server trust;
    pgt_start(&trust, "trust", trust_args);
    int fd = raw_connect(trust.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS));
    uint8_t query[5 + 9] = {'Q'};
    put_be32(query + 1, 4 + 9);
    memcpy(query + 5, "SELECT 1", 9);
    ck_assert(raw_send(fd, query, sizeof query));
    const char expected_types[] = {'T', 'D', 'C', 'Z'};
    for (int i = 0; i < 4; i++) {
        raw_message m;
        ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
        ck_assert_msg(m.type == expected_types[i], "message %d: '%c', want '%c'", i, m.type,
                      expected_types[i]);
        if (m.type == 'D') {
            ck_assert_uint_eq(m.length, 2 + 4 + 1);
            ck_assert_uint_eq(get_be32(m.body + 2), 1);
            ck_assert_int_eq(m.body[6], '1');
        }
        if (m.type == 'C')
            ck_assert_str_eq((const char *)m.body, "SELECT 1");
        if (m.type == 'Z')
            ck_assert_int_eq(m.body[0], 'I');
        raw_message_free(&m);
    }
    /* Terminate closes cleanly. */
    uint8_t terminate[5] = {'X'};
    put_be32(terminate + 1, 4);
    ck_assert(raw_send(fd, terminate, sizeof terminate));
    raw_message m;
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 0);
    close(fd);
    pgt_stop_clean(&trust);
}
END_TEST

START_TEST(cancel_request_with_unknown_key)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    /* A real backend PID with a key that is not its own (a 1 in 2^32 chance of matching). */
    uint8_t packet[16];
    put_be32(packet, 16);
    put_be32(packet + 4, CANCEL_REQUEST_CODE);
    put_be32(packet + 8, (uint32_t)PQbackendPID(conn));
    put_be32(packet + 12, 0x5eed1234u);
    int fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_send(fd, packet, sizeof packet));
    raw_message m;
    ck_assert_msg(raw_read_message(fd, &m, RAW_TIMEOUT_MS) == 0,
                  "the server should close a cancel connection without a reply");
    close(fd);
    pgt_expect_alive(conn);

    /* An unknown PID. */
    put_be32(packet + 8, 0x7ffffff0u);
    fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_send(fd, packet, sizeof packet));
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 0);
    close(fd);

    /* libpq's own cancel with the right key: accepted; no statement runs, nothing breaks. */
    PGcancel *cancel = PQgetCancel(conn);
    ck_assert_ptr_nonnull(cancel);
    char error[256] = "";
    ck_assert_msg(PQcancel(cancel, error, sizeof error) == 1, "PQcancel: %s", error);
    PQfreeCancel(cancel);
    pgt_expect_alive(conn);
    pgt_expect_server_serves(&srv);
    PQfinish(conn);
}
END_TEST

START_TEST(ssl_and_gssenc_requests_refused_then_startup)
{
    test_server trust;
    pgt_start(&trust, "trust", trust_args);
    const uint32_t sequences[][2] = {
        {SSL_REQUEST_CODE, 0},
        {GSSENC_REQUEST_CODE, 0},
        {GSSENC_REQUEST_CODE, SSL_REQUEST_CODE}, /* what libpq's gssencmode=prefer does */
    };
    for (size_t k = 0; k < sizeof sequences / sizeof sequences[0]; k++) {
        int fd = raw_connect(trust.port);
        ck_assert_int_ge(fd, 0);
        for (int j = 0; j < 2 && sequences[k][j] != 0; j++) {
            uint8_t request[8];
            put_be32(request, 8);
            put_be32(request + 4, sequences[k][j]);
            ck_assert(raw_send(fd, request, sizeof request));
            char answer = 0;
            ck_assert_msg(raw_recv_exact(fd, &answer, 1, RAW_TIMEOUT_MS),
                          "no answer to encryption request %u", sequences[k][j]);
            ck_assert_int_eq(answer, 'N');
        }
        ck_assert_msg(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS),
                      "startup after encryption request(s) failed (case %zu)", k);
        close(fd);
    }
    pgt_stop_clean(&trust);

    /* libpq falls back to plain text with sslmode=prefer against the SCRAM server. */
    PGconn *conn = pgt_connect(&srv, "sslmode=prefer");
    ck_assert_int_eq(PQsslInUse(conn), 0);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

static Suite *protocol_suite(void)
{
    Suite *s = suite_create("protocol");
    struct {
        const char *name;
        int timeout;
        const TTest *tests[8];
    } groups[] = {
        {"auth",
         30,
         {scram_connect_select_1, wrong_password_fails_with_28P01,
          unknown_user_fails_like_wrong_password, parameter_status_after_connect, NULL}},
        {"simple_query",
         30,
         {several_statements_in_one_string, error_in_the_middle_stops_the_rest,
          errors_then_good_queries, empty_query, NULL}},
        {"settings", 30, {set_show_round_trip, set_datestyle, transaction_blocks, NULL}},
        {"connections", 90, {concurrent_connections_300, max_connections_is_enforced, NULL}},
        {"raw_sockets",
         60,
         {garbage_instead_of_startup, startup_with_bad_lengths, bad_messages_after_startup,
          raw_query_after_trust_startup, cancel_request_with_unknown_key,
          ssl_and_gssenc_requests_refused_then_startup, NULL}},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        TCase *tc = tcase_create(groups[g].name);
        tcase_set_timeout(tc, groups[g].timeout);
        tcase_add_checked_fixture(tc, setup, teardown);
        for (int t = 0; groups[g].tests[t] != NULL; t++)
            tcase_add_test(tc, groups[g].tests[t]);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    return pgt_run_suite(protocol_suite(), NULL);
}
