/*
 * pgtest: libpq helpers with Check assertions, for integration tests.
 *
 * Every helper asserts with a message naming the SQL and the server's error, so a
 * failure says what was sent and what came back. Results are PQclear'ed by the helpers
 * unless a PGresult is returned.
 */
#ifndef QUILL_TESTS_PGTEST_H
#define QUILL_TESTS_PGTEST_H

#include <check.h>
#include <libpq-fe.h>
#include <stdbool.h>

#include "harness.h"

/* Starts the server or fails the test (printing the log tail). */
void pgt_start(test_server *s, const char *label, const char *const *extra_args);

/* SIGTERM; asserts exit status 0 within 10 s and no sanitizer report in the log; then
 * removes the server's temp dir. */
void pgt_stop_clean(test_server *s);

/* PQconnectdb(conninfo of s as the superuser + extra); asserts CONNECTION_OK. */
PGconn *pgt_connect(const test_server *s, const char *extra);
/* Non-blocking connect with PQERRORS_VERBOSE set before the startup exchange, so a
 * failed connection's message includes the SQLSTATE ("FATAL:  28P01: ..."). Bounded by
 * timeout_ms; returns the connection whatever its status (never NULL). */
PGconn *pgt_connect_verbose(const char *conninfo, int timeout_ms);

/* Logs in as user with password (SCRAM); asserts CONNECTION_OK. */
PGconn *pgt_connect_as(const test_server *s, const char *user, const char *password);
/* Runs sql: PGT_OK when it succeeds, else its SQLSTATE (a static buffer). */
#define PGT_OK "ok"
const char *pgt_outcome(PGconn *conn, const char *sql);

/* Runs sql; asserts PGRES_TUPLES_OK with one row and one column equal to expected
 * (NULL expected = SQL NULL). */
void pgt_expect_value(PGconn *conn, const char *sql, const char *expected);
/* Runs sql; asserts PGRES_COMMAND_OK with this command tag. */
void pgt_expect_command(PGconn *conn, const char *sql, const char *tag);
/* Runs sql; asserts PGRES_FATAL_ERROR with this SQLSTATE; returns the result (PQclear). */
PGresult *pgt_expect_error(PGconn *conn, const char *sql, const char *sqlstate);
/* Sends sql without waiting; its result is collected by pgt_sent_result. */
void pgt_send(PGconn *conn, const char *sql);
/* The result of a sent statement must still be pending after 300 ms: it waits (for a lock). */
void pgt_expect_waiting(PGconn *conn);
/* Collects a sent statement's result (within 10 s): its first value, else its tag, else its
 * SQLSTATE. */
void pgt_sent_result(PGconn *conn, char *got, size_t size);
void pgt_expect_sent_result(PGconn *conn, const char *expected);
/* Every row of the query's result as "a|b;c|d" (rows ';'-separated, fields '|', NULL as
 * NULL) must be expected. */
void pgt_expect_rows(PGconn *conn, const char *sql, const char *expected);
/* pgt_expect_error for a caller that needs nothing more of the result. */
void pgt_expect_sqlstate(PGconn *conn, const char *sql, const char *sqlstate);
/* pgt_expect_error, and the primary message must be exactly message. */
void pgt_expect_error_message(PGconn *conn, const char *sql, const char *sqlstate,
                              const char *message);
/* SELECT 1 returns "1" and the connection is idle afterwards. */
void pgt_expect_alive(PGconn *conn);
/* Connects anew, runs SELECT 1, disconnects: the server still serves new clients. */
void pgt_expect_server_serves(const test_server *s);

/* Waits until conn has a complete result (or timeout_ms); false on timeout/error. */
bool pgt_wait_result(PGconn *conn, int timeout_ms);

/* A test program's main(): sets up the harness, runs the suite, cleans up. also_failed
 * (optional) reports a failure outside any test, such as a teardown. Returns the exit
 * status. */
int pgt_run_suite(Suite *suite, const bool *also_failed);

/* Field helpers that never return NULL ("" instead). */
const char *pgt_field(const PGresult *res, int field);
const char *pgt_param(const PGconn *conn, const char *name);

#endif
