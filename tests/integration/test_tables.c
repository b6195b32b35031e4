/*
 * Integration: shared tables end to end. Persistence across kill -9 and clean restarts
 * (every supported column type, NULLs, extremes, long numerics, quotes/unicode, a 1 MB
 * text value), DROP + CREATE of the same name, DDL visibility across sessions and
 * schemas, constraint and name errors (SQLSTATE, message, DETAIL, and no partial
 * effect), bad input (22P02, 22003, 54001), outer joins, set-returning functions and
 * recursive queries failing with 53200 past work_mem (and an endless recursion with 57014).
 *
 * Expected text outputs were checked against PostgreSQL 15 (scripts/scratch-postgres).
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define STOP_TIMEOUT_MS 10000
#define MB ((size_t)1 << 20)
#define BULK_ROWS 2000

/* ---- small helpers ---- */

typedef struct strbuf {
    char *data;
    size_t length, cap;
} strbuf;

static void sb_reserve(strbuf *b, size_t more)
{
    if (b->length + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->length + more + 1)
        cap *= 2;
    b->data = realloc(b->data, cap);
    ck_assert_msg(b->data != NULL, "out of memory");
    b->cap = cap;
}

static void sb_append(strbuf *b, const char *text, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->data + b->length, text, n);
    b->length += n;
    b->data[b->length] = '\0';
}

static void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(n, 0);
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->length, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->length += (size_t)n;
}

/* Appends text as a SQL string literal (standard_conforming_strings = on). */
static void sb_literal(strbuf *b, const char *text)
{
    sb_append(b, "'", 1);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\'')
            sb_append(b, "''", 2);
        else
            sb_append(b, p, 1);
    }
    sb_append(b, "'", 1);
}

static void sb_free(strbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* Runs sql and returns a PGRES_TUPLES_OK result (asserted). */
static PGresult *query(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "PQexec returned NULL: %s", PQerrorMessage(conn));
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%.200s\": expected rows, got %s: %s",
                  sql, PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    return res;
}

/* Runs a command (long SQL allowed: only its start is printed on failure). */
static void command(PGconn *conn, const char *sql, const char *tag)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "PQexec returned NULL: %s", PQerrorMessage(conn));
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK,
                  "\"%.200s\": expected command ok, got %s: %s", sql,
                  PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    ck_assert_msg(tag == NULL || strcmp(PQcmdStatus(res), tag) == 0,
                  "\"%.200s\": expected tag \"%s\", got \"%s\"", sql, tag, PQcmdStatus(res));
    PQclear(res);
}

/* The whole result as text: fields separated by '|', rows by '\n', NULL as \N. */
static char *dump(PGconn *conn, const char *sql, int *rows)
{
    PGresult *res = query(conn, sql);
    strbuf b = {0};
    sb_reserve(&b, 0);
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < PQnfields(res); c++) {
            if (c > 0)
                sb_append(&b, "|", 1);
            if (PQgetisnull(res, r, c))
                sb_append(&b, "\\N", 2);
            else
                sb_append(&b, PQgetvalue(res, r, c), (size_t)PQgetlength(res, r, c));
        }
        sb_append(&b, "\n", 1);
    }
    if (rows != NULL)
        *rows = PQntuples(res);
    PQclear(res);
    return b.data;
}

/* Asserts two dumps are equal, naming the first differing line. */
static void expect_same_dump(const char *before, const char *after, const char *when)
{
    if (strcmp(before, after) == 0)
        return;
    size_t i = 0;
    while (before[i] != '\0' && before[i] == after[i])
        i++;
    size_t line_start = i;
    while (line_start > 0 && before[line_start - 1] != '\n')
        line_start--;
    ck_abort_msg("%s: data differs at byte %zu (lengths %zu vs %zu); before: \"%.160s\" "
                 "after: \"%.160s\"",
                 when, i, strlen(before), strlen(after), before + line_start, after + line_start);
}

/* Asserts one row of `select ... where id = N` equals the expected fields (NULL = SQL
 * NULL). */
static void expect_row(PGconn *conn, const char *sql, int nfields, const char *const *expected)
{
    PGresult *res = query(conn, sql);
    ck_assert_msg(PQntuples(res) == 1, "\"%s\": expected 1 row, got %d", sql, PQntuples(res));
    ck_assert_msg(PQnfields(res) == nfields, "\"%s\": expected %d columns, got %d", sql, nfields,
                  PQnfields(res));
    for (int c = 0; c < nfields; c++) {
        if (expected[c] == NULL) {
            ck_assert_msg(PQgetisnull(res, 0, c), "\"%s\": column %s: expected NULL, got \"%s\"",
                          sql, PQfname(res, c), PQgetvalue(res, 0, c));
        } else {
            ck_assert_msg(!PQgetisnull(res, 0, c), "\"%s\": column %s: expected \"%s\", got NULL",
                          sql, PQfname(res, c), expected[c]);
            ck_assert_msg(strcmp(PQgetvalue(res, 0, c), expected[c]) == 0,
                          "\"%s\": column %s: expected \"%s\", got \"%s\"", sql, PQfname(res, c),
                          expected[c], PQgetvalue(res, 0, c));
        }
    }
    PQclear(res);
}

/* Runs sql expecting an error with this SQLSTATE; returns the result (PQclear it). Like
 * pgt_expect_error, but prints only the start of a long statement (Check limits the
 * length of a failure message). */
static PGresult *error_result(PGconn *conn, const char *sql, const char *sqlstate)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "PQexec returned NULL: %s", PQerrorMessage(conn));
    ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR,
                  "\"%.200s\": expected an error, got %s", sql,
                  PQresStatus(PQresultStatus(res)));
    const char *state = pgt_field(res, PG_DIAG_SQLSTATE);
    ck_assert_msg(strcmp(state, sqlstate) == 0, "\"%.200s\": expected SQLSTATE %s, got %s: %.300s",
                  sql, sqlstate, state, PQresultErrorMessage(res));
    ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR") == 0,
                  "\"%.200s\": expected severity ERROR, got \"%s\"", sql,
                  pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED));
    return res;
}

/* Runs sql expecting an error with this SQLSTATE and primary message (NULL = any); then
 * the connection must still work. */
static void expect_error(PGconn *conn, const char *sql, const char *sqlstate, const char *message)
{
    PGresult *res = error_result(conn, sql, sqlstate);
    if (message != NULL)
        ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), message) == 0,
                      "\"%.200s\": expected message \"%s\", got \"%s\"", sql, message,
                      pgt_field(res, PG_DIAG_MESSAGE_PRIMARY));
    else
        ck_assert_msg(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY)[0] != '\0',
                      "\"%.200s\": error without a message", sql);
    PQclear(res);
    /* The connection survives every statement error. */
    pgt_expect_alive(conn);
}

/* A 1 MiB (exactly 1048576 bytes) text with quotes, backslashes, tabs, newlines and
 * multibyte UTF-8, never split inside a character. *chars gets its length in
 * characters. */
static char *make_big_text(long *chars)
{
    static const char pattern[] = "O'Reilly \"q\" \\back\\ tab\there nl\n é ✓ 日本語 😀 ";
    size_t plen = strlen(pattern);
    long pchars = 0;
    for (size_t i = 0; i < plen; i++)
        pchars += ((unsigned char)pattern[i] & 0xC0) != 0x80;
    char *text = malloc(MB + 1);
    ck_assert_ptr_nonnull(text);
    size_t n = 0;
    long count = 0;
    while (n + plen <= MB) {
        memcpy(text + n, pattern, plen);
        n += plen;
        count += pchars;
    }
    while (n < MB) {
        text[n++] = 'x';
        count++;
    }
    text[n] = '\0';
    *chars = count;
    return text;
}

/* ---- persistence ---- */

#define ALL_TYPES_COLUMNS                                                                    \
    "(id integer primary key, b boolean, s smallint, i integer, g bigint, r real, "          \
    "d double precision, n numeric(40,10), tx text, vc varchar(10), c char(5) not null "     \
    "default 'dflt')"

static const char *const row1[] = {"1", "t", "-32768", "-2147483648", "-9223372036854775808",
                                   "-1.5", "-2.5e-300",
                                   "-123456789012345678901234567890.0123456789", "a", "b",
                                   "c    "};
static const char *const row2[] = {"2",          "f",
                                   "32767",      "2147483647",
                                   "9223372036854775807", "3.4028235e+38",
                                   "1.7976931348623157e+308",
                                   "999999999999999999999999999999.9999999999",
                                   "it's \"quoted\" é ✓ 日本 😀 back\\slash",
                                   "abcdefghij", "abcde"};
static const char *const row3[] = {"3",  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                   "dflt "};
/* after `update ... where id in (4, 5)`: n*2, d/4, r*2, tx||'u' */
static const char *const row4_updated[] = {"4",   "t",  "0",           "0",           "0",
                                           "0.2", "0.025", "1.0000000000", "u",      "",
                                           "     "};
static const char *const row5_updated[] = {"5",       "f",           "-1",  "-1",    "-1",
                                           "2e-30",   "30864.19725", "2.4691357802",
                                           "tab\there\nnewlineu", "q", "q    "};

static void insert_all_types(PGconn *conn, const char *table, const char *big_text)
{
    char sql[2048];
    snprintf(sql, sizeof sql, "CREATE TABLE %s " ALL_TYPES_COLUMNS, table);
    command(conn, sql, "CREATE TABLE");
    snprintf(sql, sizeof sql,
             "INSERT INTO %s VALUES "
             "(1, true, -32768, -2147483648, -9223372036854775808, -1.5, -2.5e-300, "
             " -123456789012345678901234567890.0123456789, 'a', 'b', 'c'), "
             "(2, false, 32767, 2147483647, 9223372036854775807, 3.4028235e38, "
             " 1.7976931348623157e308, 999999999999999999999999999999.9999999999, "
             " 'it''s \"quoted\" é ✓ 日本 😀 back\\slash', 'abcdefghij', 'abcde'), "
             "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DEFAULT), "
             "(4, true, 0, 0, 0, 0.1, 0.1, 0.5, '', '', ''), "
             "(5, false, -1, -1, -1, 1e-30, 123456.789, 1.23456789012, "
             " E'tab\\there\\nnewline', 'q', 'q'), "
             "(6, true, 7, 7, 7, 1234567, 1e16, -0.00000000005, 'gone', 'gone', 'gone')",
             table);
    command(conn, sql, "INSERT 0 6");

    /* Many ordinary rows, in statements of 500 rows. */
    strbuf b = {0};
    for (int start = 100; start < 100 + BULK_ROWS; start += 500) {
        b.length = 0;
        sb_printf(&b, "INSERT INTO %s (id, b, s, i, g, r, d, n, tx, vc, c) VALUES ", table);
        for (int id = start; id < start + 500; id++) {
            sb_printf(&b,
                      "%s(%d, %s, %d, %d, %lld, %d.25, %d.125, %d.%010d, 'row %d ''q''', "
                      "'v%d', 'c%d')",
                      id == start ? "" : ", ", id, id % 2 ? "true" : "false", id - 1000,
                      -id * 1000, (long long)id * 1000000000000LL, id, -id, id, id * 7, id,
                      id % 100000, id % 1000);
        }
        command(conn, b.data, "INSERT 0 500");
    }
    /* The 1 MiB value. */
    b.length = 0;
    sb_printf(&b, "INSERT INTO %s (id, tx) VALUES (7, ", table);
    sb_literal(&b, big_text);
    sb_append(&b, ")", 1);
    command(conn, b.data, "INSERT 0 1");
    sb_free(&b);

    /* Some updates and deletes. */
    snprintf(sql, sizeof sql,
             "UPDATE %s SET n = n * 2, d = d / 4, r = r * 2, tx = tx || 'u' WHERE id IN (4, 5)",
             table);
    command(conn, sql, "UPDATE 2");
    snprintf(sql, sizeof sql, "UPDATE %s SET tx = tx || ' (updated)', b = NULL WHERE id %% 10 = 3",
             table);
    /* 200 bulk rows and row 3 (all NULL, stays so) */
    command(conn, sql, "UPDATE 201");
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = 6 OR (id >= 1000 AND id < 1100)", table);
    command(conn, sql, "DELETE 101");
}

static void check_all_types(PGconn *conn, const char *table, const char *big_text,
                            long big_chars, int extra_rows)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 1", table);
    expect_row(conn, sql, 11, row1);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 2", table);
    expect_row(conn, sql, 11, row2);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 3", table);
    expect_row(conn, sql, 11, row3);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 4", table);
    expect_row(conn, sql, 11, row4_updated);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 5", table);
    expect_row(conn, sql, 11, row5_updated);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE id = 6", table);
    pgt_expect_value(conn, sql, "0");
    snprintf(sql, sizeof sql, "SELECT tx, b FROM %s WHERE id = 1213", table);
    static const char *const row1013[] = {"row 1213 'q' (updated)", NULL};
    expect_row(conn, sql, 2, row1013);
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = 1234", table);
    static const char *const row1234[] = {"1234",       "f",          "234",
                                          "-1234000",   "1234000000000000", "1234.25",
                                          "-1234.125",  "1234.0000008638", "row 1234 'q'",
                                          "v1234",      "c234 "};
    expect_row(conn, sql, 11, row1234);

    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    char expected[32];
    snprintf(expected, sizeof expected, "%d", 6 + BULK_ROWS + 1 - 101 + extra_rows);
    pgt_expect_value(conn, sql, expected);

    snprintf(sql, sizeof sql, "SELECT length(tx) FROM %s WHERE id = 7", table);
    snprintf(expected, sizeof expected, "%ld", big_chars);
    pgt_expect_value(conn, sql, expected);
    snprintf(sql, sizeof sql, "SELECT tx FROM %s WHERE id = 7", table);
    PGresult *res = query(conn, sql);
    ck_assert_int_eq(PQntuples(res), 1);
    ck_assert_int_eq(PQgetlength(res, 0, 0), (int)MB);
    ck_assert_msg(memcmp(PQgetvalue(res, 0, 0), big_text, MB) == 0,
                  "the 1 MiB value came back different");
    PQclear(res);
}

START_TEST(persistence_across_kill9_and_clean_restart)
{
    test_server s;
    pgt_start(&s, "persist", NULL);
    long big_chars;
    char *big_text = make_big_text(&big_chars);
    PGconn *conn = pgt_connect(&s, NULL);
    insert_all_types(conn, "alltypes", big_text);
    check_all_types(conn, "alltypes", big_text, big_chars, 0);
    /* The very last acknowledged statement before the kill must survive it too. */
    command(conn, "INSERT INTO alltypes (id, tx) VALUES (8, 'last before kill')", "INSERT 0 1");
    const char *const select_all = "SELECT * FROM alltypes ORDER BY id";
    int rows_before;
    char *before = dump(conn, select_all, &rows_before);

    server_kill9(&s);
    PQfinish(conn);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    conn = pgt_connect(&s, NULL);
    int rows_after;
    char *after = dump(conn, select_all, &rows_after);
    ck_assert_int_eq(rows_after, rows_before);
    expect_same_dump(before, after, "after kill -9");
    free(after);
    check_all_types(conn, "alltypes", big_text, big_chars, 1);
    pgt_expect_value(conn, "SELECT tx FROM alltypes WHERE id = 8", "last before kill");

    /* Second cycle: more writes, then a clean SIGTERM. */
    command(conn,
            "INSERT INTO alltypes (id, s, n, tx) VALUES (5000, 5, 12345678901234567890.5, "
            "'after restart'), (5001, 6, -0.0000000001, 'x')",
            "INSERT 0 2");
    command(conn, "UPDATE alltypes SET vc = 'changed' WHERE id = 1", "UPDATE 1");
    command(conn, "DELETE FROM alltypes WHERE id = 5001", "DELETE 1");
    free(before);
    before = dump(conn, select_all, &rows_before);
    PQfinish(conn);
    int status = server_stop(&s, STOP_TIMEOUT_MS);
    ck_assert_msg(status == 0, "SIGTERM: quilld exited with status %d", status);
    ck_assert_msg(server_log_sanitizer_report(&s) == NULL, "sanitizer: %s",
                  server_log_sanitizer_report(&s));
    ck_assert_msg(server_restart(&s), "restart after SIGTERM failed");
    conn = pgt_connect(&s, NULL);
    after = dump(conn, select_all, &rows_after);
    ck_assert_int_eq(rows_after, rows_before);
    expect_same_dump(before, after, "after SIGTERM + restart");
    pgt_expect_value(conn, "SELECT n FROM alltypes WHERE id = 5000",
                     "12345678901234567890.5000000000");
    pgt_expect_value(conn, "SELECT vc FROM alltypes WHERE id = 1", "changed");
    pgt_expect_value(conn, "SELECT count(*) FROM alltypes WHERE id = 5001", "0");
    free(before);
    free(after);
    free(big_text);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- DROP + CREATE of the same name ---- */

START_TEST(drop_and_recreate_same_name_is_empty)
{
    test_server s;
    pgt_start(&s, "recreate", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn, "CREATE TABLE d (id integer PRIMARY KEY, v text)", "CREATE TABLE");
    command(conn, "INSERT INTO d VALUES (1, 'old1'), (2, 'old2'), (3, 'old3')", "INSERT 0 3");
    command(conn, "CREATE TABLE keep (id integer PRIMARY KEY)", "CREATE TABLE");
    command(conn, "INSERT INTO keep VALUES (42)", "INSERT 0 1");
    command(conn, "DROP TABLE d", "DROP TABLE");
    expect_error(conn, "SELECT * FROM d", "42P01", "relation \"d\" does not exist");

    /* Same name, same key type: the old rows must not resurface. */
    command(conn, "CREATE TABLE d (id integer PRIMARY KEY, v text)", "CREATE TABLE");
    pgt_expect_value(conn, "SELECT count(*) FROM d", "0");
    /* No stale key makes this a duplicate. */
    command(conn, "INSERT INTO d VALUES (1, 'new1')", "INSERT 0 1");
    pgt_expect_value(conn, "SELECT string_agg(v, ',') FROM d", "new1");

    /* Drop again and re-create with a different shape. */
    command(conn, "DROP TABLE d", "DROP TABLE");
    command(conn, "CREATE TABLE d (k text PRIMARY KEY, n bigint NOT NULL)", "CREATE TABLE");
    pgt_expect_value(conn, "SELECT count(*) FROM d", "0");
    command(conn, "INSERT INTO d VALUES ('a', 1)", "INSERT 0 1");

    server_kill9(&s);
    PQfinish(conn);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    conn = pgt_connect(&s, NULL);
    int rows;
    char *all = dump(conn, "SELECT * FROM d ORDER BY k", &rows);
    ck_assert_msg(strcmp(all, "a|1\n") == 0, "after restart, d holds \"%s\"", all);
    free(all);
    pgt_expect_value(conn, "SELECT count(*) FROM keep", "1");

    /* And once more after the restart. */
    command(conn, "DROP TABLE d", "DROP TABLE");
    command(conn, "CREATE TABLE d (id integer PRIMARY KEY, v text)", "CREATE TABLE");
    pgt_expect_value(conn, "SELECT count(*) FROM d", "0");
    PQfinish(conn);
    int status = server_stop(&s, STOP_TIMEOUT_MS);
    ck_assert_int_eq(status, 0);
    ck_assert_msg(server_restart(&s), "restart after SIGTERM failed");
    conn = pgt_connect(&s, NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM d", "0");
    pgt_expect_value(conn, "SELECT id FROM keep", "42");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- DDL visibility across sessions and schemas ---- */

START_TEST(ddl_visible_to_other_sessions_and_schemas)
{
    test_server s;
    pgt_start(&s, "visibility", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    PGconn *b = pgt_connect(&s, NULL);
    pgt_expect_alive(a);
    pgt_expect_alive(b);
    /* b has already resolved names once (and failed on this one). */
    expect_error(b, "SELECT * FROM shared_t", "42P01", "relation \"shared_t\" does not exist");

    command(a, "CREATE TABLE shared_t (id integer PRIMARY KEY, v text)", "CREATE TABLE");
    /* The very next statement of b sees it, and can write into it. */
    pgt_expect_value(b, "SELECT count(*) FROM shared_t", "0");
    command(b, "INSERT INTO shared_t VALUES (1, 'from b')", "INSERT 0 1");
    pgt_expect_value(a, "SELECT v FROM shared_t WHERE id = 1", "from b");
    command(a, "INSERT INTO shared_t VALUES (2, 'from a')", "INSERT 0 1");
    pgt_expect_value(b, "SELECT v FROM shared_t WHERE id = 2", "from a");
    pgt_expect_value(b, "SELECT count(*) FROM shared_t", "2");

    /* A drop is seen by the next statement too. */
    command(a, "DROP TABLE shared_t", "DROP TABLE");
    expect_error(b, "SELECT * FROM shared_t", "42P01", "relation \"shared_t\" does not exist");

    /* A table in a non-public schema. */
    command(a, "CREATE SCHEMA app", "CREATE SCHEMA");
    command(a, "CREATE TABLE app.items (id integer PRIMARY KEY, name varchar(20))",
            "CREATE TABLE");
    command(a, "INSERT INTO app.items VALUES (1, 'one'), (2, 'two')", "INSERT 0 2");
    pgt_expect_value(b, "SELECT name FROM app.items WHERE id = 2", "two");
    /* Unqualified, it is not on b's default search_path. */
    expect_error(b, "SELECT * FROM items", "42P01", "relation \"items\" does not exist");
    command(b, "SET search_path = app, public", "SET");
    pgt_expect_value(b, "SHOW search_path", "app, public");
    pgt_expect_value(b, "SELECT count(*) FROM items", "2");
    command(b, "INSERT INTO items VALUES (3, 'three')", "INSERT 0 1");
    pgt_expect_value(a, "SELECT name FROM app.items WHERE id = 3", "three");
    /* A new unqualified table of b goes into the first schema of its search_path. */
    command(b, "CREATE TABLE made_by_b (x integer)", "CREATE TABLE");
    pgt_expect_value(a, "SELECT count(*) FROM app.made_by_b", "0");
    expect_error(a, "SELECT * FROM made_by_b", "42P01", "relation \"made_by_b\" does not exist");
    /* The same name in public and app: search_path decides. */
    command(a, "CREATE TABLE items (id integer PRIMARY KEY, name text)", "CREATE TABLE");
    command(a, "INSERT INTO items VALUES (100, 'public one')", "INSERT 0 1");
    pgt_expect_value(b, "SELECT count(*) FROM items", "3");
    pgt_expect_value(a, "SELECT count(*) FROM items", "1");
    pgt_expect_value(b, "SELECT name FROM public.items", "public one");
    command(b, "RESET search_path", "RESET");
    pgt_expect_value(b, "SELECT name FROM items", "public one");

    PQfinish(a);
    PQfinish(b);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- errors leave no partial effect ---- */

START_TEST(constraint_and_name_errors)
{
    test_server s;
    pgt_start(&s, "errors", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn,
            "CREATE TABLE e (id integer PRIMARY KEY, name varchar(5) NOT NULL, note text)",
            "CREATE TABLE");
    command(conn, "INSERT INTO e VALUES (1, 'one', NULL), (2, 'two', 'x')", "INSERT 0 2");
    const char *const all = "SELECT * FROM e ORDER BY id";
    char *before = dump(conn, all, NULL);

    /* 23505 with PostgreSQL's message and DETAIL. */
    PGresult *res = error_result(conn, "INSERT INTO e VALUES (1, 'dup', NULL)", "23505");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "duplicate key value violates unique constraint \"e_pkey\"");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "Key (id)=(1) already exists.");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_TABLE_NAME), "e");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONSTRAINT_NAME), "e_pkey");
    PQclear(res);
    pgt_expect_alive(conn);

    /* A multi-row INSERT whose 3rd row violates the key inserts nothing. */
    res = error_result(conn, "INSERT INTO e VALUES (10, 'a', NULL), (11, 'b', NULL), "
                                 "(2, 'c', NULL), (12, 'd', NULL)",
                           "23505");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "Key (id)=(2) already exists.");
    PQclear(res);
    pgt_expect_alive(conn);
    pgt_expect_value(conn, "SELECT count(*) FROM e WHERE id >= 10", "0");
    /* ... also when the duplicate is within the statement itself. */
    res = error_result(conn, "INSERT INTO e VALUES (20, 'a', NULL), (21, 'b', NULL), "
                                 "(20, 'c', NULL)",
                           "23505");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "Key (id)=(20) already exists.");
    PQclear(res);
    pgt_expect_value(conn, "SELECT count(*) FROM e WHERE id >= 10", "0");
    /* INSERT ... SELECT that collides on its last row. */
    res = error_result(conn, "INSERT INTO e SELECT id + 1, name, note FROM e", "23505");
    PQclear(res);

    /* 23502 NOT NULL, in the 2nd row of three. */
    res = error_result(conn, "INSERT INTO e VALUES (30, 'a', NULL), (31, NULL, NULL), "
                                 "(32, 'c', NULL)",
                           "23502");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "null value in column \"name\" of relation \"e\" violates not-null "
                     "constraint");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_COLUMN_NAME), "name");
    PQclear(res);
    expect_error(conn, "INSERT INTO e (id) VALUES (33)", "23502", NULL);
    expect_error(conn, "UPDATE e SET name = NULL WHERE id = 2", "23502", NULL);
    /* NULL primary key */
    expect_error(conn, "INSERT INTO e VALUES (NULL, 'n', NULL)", "23502", NULL);

    /* 22001 value too long, in INSERT and in an UPDATE that touches every row (only the
     * second row would overflow: nothing changes). */
    expect_error(conn, "INSERT INTO e VALUES (40, 'sixsix', NULL)", "22001",
                 "value too long for type character varying(5)");
    expect_error(conn,
                 "UPDATE e SET name = name || CASE WHEN id = 2 THEN 'eee' ELSE 'e' END",
                 "22001",
                 "value too long for type character varying(5)");

    /* Unknown names. */
    expect_error(conn, "SELECT * FROM no_such_table", "42P01",
                 "relation \"no_such_table\" does not exist");
    expect_error(conn, "INSERT INTO no_such_table VALUES (1)", "42P01", NULL);
    expect_error(conn, "SELECT no_such_column FROM e", "42703",
                 "column \"no_such_column\" does not exist");
    expect_error(conn, "UPDATE e SET no_such_column = 1", "42703", NULL);
    expect_error(conn, "INSERT INTO e (id, no_such_column) VALUES (50, 1)", "42703", NULL);
    expect_error(conn, "DELETE FROM e WHERE no_such_column = 1", "42703", NULL);
    expect_error(conn, "CREATE TABLE e (x integer)", "42P07", "relation \"e\" already exists");
    expect_error(conn, "CREATE TABLE no_such_schema.t (x integer)", "3F000",
                 "schema \"no_such_schema\" does not exist");
    expect_error(conn, "DROP SCHEMA no_such_schema", "3F000",
                 "schema \"no_such_schema\" does not exist");
    expect_error(conn, "DROP TABLE no_such_table", "42P01",
                 "table \"no_such_table\" does not exist");

    /* 2BP01: DROP SCHEMA with tables, without CASCADE; nothing is dropped. */
    command(conn, "CREATE SCHEMA full_schema", "CREATE SCHEMA");
    command(conn, "CREATE TABLE full_schema.t1 (id integer PRIMARY KEY)", "CREATE TABLE");
    command(conn, "INSERT INTO full_schema.t1 VALUES (1), (2)", "INSERT 0 2");
    res = error_result(conn, "DROP SCHEMA full_schema", "2BP01");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "cannot drop schema full_schema because other objects depend on it");
    PQclear(res);
    expect_error(conn, "DROP SCHEMA full_schema RESTRICT", "2BP01", NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM full_schema.t1", "2");
    command(conn, "DROP SCHEMA full_schema CASCADE", "DROP SCHEMA");
    /* An empty schema drops without CASCADE. */
    command(conn, "CREATE SCHEMA empty_schema", "CREATE SCHEMA");
    command(conn, "DROP SCHEMA empty_schema", "DROP SCHEMA");

    /* Nothing of all that changed e. */
    char *after = dump(conn, all, NULL);
    expect_same_dump(before, after, "after the failed statements");
    free(before);
    free(after);
    /* ... and it still takes writes. */
    command(conn, "INSERT INTO e VALUES (3, 'three', NULL)", "INSERT 0 1");
    pgt_expect_value(conn, "SELECT count(*) FROM e", "3");

    /* A qualified name whose schema does not exist is an unknown relation in
     * PostgreSQL 15: 42P01 `relation "full_schema.t1" does not exist` (3F000 is only for
     * creating in / dropping a missing schema). SERVER BUG at the time of writing: quilld
     * answers 3F000 `schema "full_schema" does not exist`. Kept last in this test so the
     * checks above still run. */
    expect_error(conn, "SELECT * FROM full_schema.t1", "42P01",
                 "relation \"full_schema.t1\" does not exist");
    expect_error(conn, "SELECT * FROM no_such_schema.t", "42P01",
                 "relation \"no_such_schema.t\" does not exist");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- bad input ---- */

START_TEST(bad_input_types_overflow_big_values_nesting)
{
    test_server s;
    pgt_start(&s, "badinput", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn,
            "CREATE TABLE n (id integer PRIMARY KEY, s smallint, i integer, g bigint, "
            "b boolean, num numeric(5,2), t text)",
            "CREATE TABLE");
    command(conn,
            "INSERT INTO n VALUES (1, 32767, 2147483647, 9223372036854775807, true, 999.99, "
            "'a'), (2, 1, 1, 1, false, 1, 'b'), (3, -32768, -2147483648, "
            "-9223372036854775808, NULL, -999.99, 'c')",
            "INSERT 0 3");
    const char *const all = "SELECT * FROM n ORDER BY id";
    char *before = dump(conn, all, NULL);

    /* 22P02: wrong types. */
    expect_error(conn, "INSERT INTO n (id, i) VALUES ('abc', 1)", "22P02",
                 "invalid input syntax for type integer: \"abc\"");
    expect_error(conn, "INSERT INTO n (id, b) VALUES (10, 'maybe')", "22P02",
                 "invalid input syntax for type boolean: \"maybe\"");
    expect_error(conn, "INSERT INTO n (id, num) VALUES (10, 'x1')", "22P02",
                 "invalid input syntax for type numeric: \"x1\"");
    expect_error(conn, "SELECT 'x'::integer", "22P02",
                 "invalid input syntax for type integer: \"x\"");
    expect_error(conn, "SELECT * FROM n WHERE id = '1.5'", "22P02", NULL);
    expect_error(conn, "UPDATE n SET g = '12a' WHERE id = 2", "22P02",
                 "invalid input syntax for type bigint: \"12a\"");

    /* 22003: out of range on input. */
    expect_error(conn, "INSERT INTO n (id, s) VALUES (10, 40000)", "22003",
                 "smallint out of range");
    expect_error(conn, "INSERT INTO n (id, i) VALUES (10, 2147483648)", "22003",
                 "integer out of range");
    expect_error(conn, "INSERT INTO n (id, g) VALUES (10, 9223372036854775808)", "22003",
                 "bigint out of range");
    expect_error(conn, "INSERT INTO n (id, num) VALUES (10, 1000)", "22003",
                 "numeric field overflow");
    /* 22003: overflow in UPDATE expressions leaves the rows unchanged. */
    expect_error(conn, "UPDATE n SET i = i + 1 WHERE id = 1", "22003", "integer out of range");
    expect_error(conn, "UPDATE n SET g = g - 1 WHERE id = 3", "22003", "bigint out of range");
    expect_error(conn, "UPDATE n SET s = s * 2", "22003", "smallint out of range");
    /* every row but the last would be fine */
    expect_error(conn, "UPDATE n SET i = i - 1", "22003", "integer out of range");
    expect_error(conn, "SELECT i * 2 FROM n WHERE id = 1", "22003", "integer out of range");
    pgt_expect_value(conn, "SELECT i FROM n WHERE id = 1", "2147483647");
    pgt_expect_value(conn, "SELECT i FROM n WHERE id = 2", "1");
    char *after = dump(conn, all, NULL);
    expect_same_dump(before, after, "after the failed updates");
    free(after);
    /* The widened result works. */
    pgt_expect_value(conn, "SELECT i::bigint + 1 FROM n WHERE id = 1", "2147483648");

    /* A 1 MiB text value round trip (literal in, text out, copied by INSERT ... SELECT). */
    long chars;
    char *big = make_big_text(&chars);
    strbuf b = {0};
    sb_printf(&b, "INSERT INTO n (id, t) VALUES (100, ");
    sb_literal(&b, big);
    sb_append(&b, ") RETURNING length(t)", 21);
    char expected[32];
    snprintf(expected, sizeof expected, "%ld", chars);
    pgt_expect_value(conn, b.data, expected);
    sb_free(&b);
    PGresult *res = query(conn, "SELECT t FROM n WHERE id = 100");
    ck_assert_int_eq(PQntuples(res), 1);
    ck_assert_int_eq(PQgetlength(res, 0, 0), (int)MB);
    ck_assert_msg(memcmp(PQgetvalue(res, 0, 0), big, MB) == 0,
                  "the 1 MiB value came back different");
    PQclear(res);
    /* (As a Bind parameter too, once the extended protocol exists.) */
    pgt_expect_value(conn, "INSERT INTO n (id, t) SELECT 101, t FROM n WHERE id = 100 "
                           "RETURNING length(t)",
                     expected);
    pgt_expect_value(conn, "SELECT count(*) FROM n a, n b WHERE a.id = 100 AND b.id = 101 "
                           "AND a.t = b.t",
                     "1");
    free(big);

    /* Deeply nested expressions: 54001, not a crash; moderate nesting works. */
    strbuf nest = {0};
    sb_printf(&nest, "SELECT ");
    for (int k = 0; k < 100; k++)
        sb_printf(&nest, "1 + ");
    sb_printf(&nest, "1");
    pgt_expect_value(conn, nest.data, "101");
    /* left-deep: PostgreSQL 15 says 54001 too */
    nest.length = 0;
    sb_printf(&nest, "SELECT ");
    for (int k = 0; k < 10000; k++)
        sb_printf(&nest, "1 + ");
    sb_printf(&nest, "1");
    expect_error(conn, nest.data, "54001", "stack depth limit exceeded");
    /* right-deep, in WHERE, in UPDATE SET and in parentheses (2000 levels: within the
     * grammar's own stack limit, beyond quilld's expression depth limit) */
    nest.length = 0;
    sb_printf(&nest, "SELECT count(*) FROM n WHERE ");
    for (int k = 0; k < 2000; k++)
        sb_printf(&nest, "NOT ");
    sb_printf(&nest, "id = 1");
    expect_error(conn, nest.data, "54001", "stack depth limit exceeded");
    nest.length = 0;
    sb_printf(&nest, "UPDATE n SET i = ");
    for (int k = 0; k < 2000; k++)
        sb_printf(&nest, "abs(");
    sb_printf(&nest, "1");
    for (int k = 0; k < 2000; k++)
        sb_printf(&nest, ")");
    sb_printf(&nest, " WHERE id = 2");
    expect_error(conn, nest.data, "54001", "stack depth limit exceeded");
    nest.length = 0;
    sb_printf(&nest, "SELECT ");
    for (int k = 0; k < 2000; k++)
        sb_printf(&nest, "(1 + ");
    sb_printf(&nest, "1");
    for (int k = 0; k < 2000; k++)
        sb_printf(&nest, ")");
    expect_error(conn, nest.data, "54001", "stack depth limit exceeded");
    /* Deeper than the grammar's stack: a syntax error (42601 "memory exhausted"), as in
     * PostgreSQL. */
    nest.length = 0;
    sb_printf(&nest, "SELECT ");
    for (int k = 0; k < 20000; k++)
        sb_printf(&nest, "(");
    sb_printf(&nest, "1");
    for (int k = 0; k < 20000; k++)
        sb_printf(&nest, ")");
    expect_error(conn, nest.data, "42601", NULL);
    sb_free(&nest);
    pgt_expect_value(conn, "SELECT i FROM n WHERE id = 2", "1");
    pgt_expect_server_serves(&s);

    PQfinish(conn);
    free(before);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- the rows an outer join holds count against work_mem ---- */

/* Window functions beyond PostgreSQL's default frame are 0A000 naming the feature, and the
 * rows kept for them count against work_mem like sorting. */
START_TEST(window_functions_unsupported_and_work_mem)
{
    test_server s;
    pgt_start(&s, "window", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn, "CREATE TABLE w (id integer PRIMARY KEY, g integer)", "CREATE TABLE");
    command(conn, "INSERT INTO w SELECT n, n % 3 FROM generate_series(1, 6) n", "INSERT 0 6");
    pgt_expect_value(conn, "SELECT string_agg(r::text, ',' ORDER BY id) FROM (SELECT id, "
                           "rank() OVER (PARTITION BY g ORDER BY id) AS r FROM w) s",
                     "1,1,1,2,2,2");
    char *plan = dump(conn, "EXPLAIN SELECT DISTINCT row_number() OVER (), count(*) FROM w "
                            "GROUP BY g ORDER BY 1",
                      NULL);
    ck_assert_str_eq(plan, "Sort\n  ->  HashAggregate (DISTINCT)\n        ->  WindowAgg\n"
                           "              ->  HashAggregate\n                    ->  Seq Scan on w\n");
    free(plan);
    static const struct {
        const char *sql;
        const char *message;
    } unsupported[] = {
        {"SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w",
         "feature not supported: window frame clauses"},
        {"SELECT count(*) OVER (RANGE UNBOUNDED PRECEDING) FROM w",
         "feature not supported: window frame clauses"},
        {"SELECT count(DISTINCT g) OVER () FROM w",
         "feature not supported: DISTINCT for window functions"},
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
        expect_error(conn, unsupported[i].sql, "0A000", unsupported[i].message);
    command(conn, "CREATE TABLE wbig (id integer PRIMARY KEY, pad text)", "CREATE TABLE");
    command(conn, "INSERT INTO wbig SELECT n, repeat('x', 100) FROM generate_series(1, 5000) n",
            "INSERT 0 5000");
    command(conn, "SET work_mem = '64kB'", "SET");
    pgt_expect_value(conn, "SELECT count(*) FROM wbig", "5000");
    expect_error(conn, "SELECT count(*) FROM (SELECT pad, row_number() OVER () FROM wbig) s",
                 "53200", "out of memory");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(outer_join_memory_bounded_by_work_mem)
{
    test_server s;
    pgt_start(&s, "join-memory", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn, "CREATE TABLE ten (n integer PRIMARY KEY)", "CREATE TABLE");
    command(conn, "INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
            "INSERT 0 10");
    command(conn, "CREATE TABLE big (id integer PRIMARY KEY, k integer, pad text)", "CREATE TABLE");
    command(conn,
            "INSERT INTO big SELECT a.n * 1000 + b.n * 100 + c.n * 10 + d.n, "
            "(a.n * 1000 + b.n * 100 + c.n * 10 + d.n) % 100, repeat('x', 100) "
            "FROM ten a, ten b, ten c, ten d",
            "INSERT 0 10000");
    command(conn, "CREATE TABLE big2 (id integer PRIMARY KEY, bid integer)", "CREATE TABLE");
    command(conn, "INSERT INTO big2 SELECT id, id FROM big", "INSERT 0 10000");
    static const struct {
        const char *sql;
        const char *count;
    } joins[] = {
        /* a nested join on the NULL-extended side, held and hashed */
        {"SELECT count(*) FROM ten LEFT JOIN (big JOIN big2 ON big.id = big2.bid) "
         "ON ten.n = big.k",
         "1000"},
        /* the right side of a FULL JOIN, held to send its unmatched rows */
        {"SELECT count(*) FROM ten FULL JOIN big ON ten.n = big.k", "10000"},
        /* a FULL JOIN of nested joins */
        {"SELECT count(*) FROM (ten JOIN ten t2 ON ten.n = t2.n) FULL JOIN "
         "(big LEFT JOIN big2 ON big.id = big2.bid) ON ten.n = big.k",
         "10000"},
    };
    command(conn, "SET work_mem = '64kB'", "SET");
    for (size_t i = 0; i < sizeof joins / sizeof joins[0]; i++)
        expect_error(conn, joins[i].sql, "53200", "out of memory");
    /* The rows of set-returning functions and recursive queries count too: an endless
     * recursion fails rather than grows. */
    expect_error(conn, "SELECT count(*) FROM generate_series(1, 100000000)", "53200",
                 "out of memory");
    expect_error(conn, "SELECT count(*) FROM (SELECT generate_series(1, 100000000)) s", "53200",
                 "out of memory");
    expect_error(conn,
                 "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) "
                 "SELECT count(*) FROM t",
                 "53200", "out of memory");
    command(conn, "RESET work_mem", "RESET");
    /* One that grows slowly is stopped by statement_timeout. */
    command(conn, "SET statement_timeout = '300ms'", "SET");
    expect_error(conn,
                 "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t) "
                 "SELECT count(*) FROM t",
                 "57014", "canceling statement due to statement timeout");
    command(conn, "RESET statement_timeout", "RESET");
    pgt_expect_value(conn,
                     "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3000) "
                     "SELECT sum(n) FROM t",
                     "4501500");
    for (size_t i = 0; i < sizeof joins / sizeof joins[0]; i++)
        pgt_expect_value(conn, joins[i].sql, joins[i].count);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- json and jsonb ---- */

/* A jsonb document of about `bytes` bytes: an object of numbered members holding strings,
 * numbers with many digits and nested arrays. */
static char *big_json(size_t bytes)
{
    strbuf b = {0};
    sb_append(&b, "{", 1);
    for (int i = 0; b.length < bytes; i++)
        sb_printf(&b,
                  "%s\"k%06d\": [\"v\\u00e9\\n%d\", 12345678901234567890.%d, {\"x\": null}]",
                  i > 0 ? ", " : "", i, i, i);
    sb_append(&b, "}", 1);
    return b.data;
}

START_TEST(json_values_persist_errors_and_limits)
{
    test_server s;
    pgt_start(&s, "json", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    command(conn, "CREATE TABLE docs (k jsonb PRIMARY KEY, j json, b jsonb)", "CREATE TABLE");
    command(conn,
            "INSERT INTO docs VALUES ('1.0', ' [1, 2] ', '{\"b\": 1, \"a\": [1e2, \"\\u00e9\"]}'), "
            "('{\"a\": 1}', '{\"a\":1,\"a\":2}', NULL), ('\"x\"', NULL, '-0.0'), "
            "('[]', '[\"\\u0000\"]', '123456789012345678901234567890.123456789')",
            "INSERT 0 4");
    /* A 1 MiB document, and one nested 1000 levels deep. */
    char *big = big_json(MB);
    strbuf b = {0};
    sb_printf(&b, "INSERT INTO docs VALUES ('\"big\"', ");
    sb_literal(&b, big);
    sb_append(&b, ", ", 2);
    sb_literal(&b, big);
    sb_append(&b, ")", 1);
    command(conn, b.data, "INSERT 0 1");
    b.length = 0;
    sb_printf(&b, "INSERT INTO docs (k, b) VALUES ('\"deep\"', '");
    for (int i = 0; i < 1000; i++)
        sb_append(&b, "{\"a\": [", 7);
    for (int i = 0; i < 1000; i++)
        sb_append(&b, "]}", 2);
    sb_append(&b, "')", 2);
    command(conn, b.data, "INSERT 0 1");
    pgt_expect_value(conn, "SELECT length(b::text) FROM docs WHERE k = '\"deep\"'", "9000");
    pgt_expect_value(conn, "SELECT j::text = b::text FROM docs WHERE k = '\"big\"'", "f");
    pgt_expect_value(conn, "SELECT b->'k000007'->>0 FROM docs WHERE k = '\"big\"'", "v\xc3\xa9\n7");

    const char *const all = "SELECT k, j, b FROM docs ORDER BY k";
    int rows_before;
    char *before = dump(conn, all, &rows_before);
    ck_assert_int_eq(rows_before, 6);
    server_kill9(&s);
    PQfinish(conn);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    conn = pgt_connect(&s, NULL);
    int rows_after;
    char *after = dump(conn, all, &rows_after);
    ck_assert_int_eq(rows_after, rows_before);
    expect_same_dump(before, after, "json after kill -9");
    free(before);
    free(after);
    char *keys = dump(conn, "SELECT k FROM docs ORDER BY k", NULL);
    ck_assert_str_eq(keys, "[]\n\"big\"\n\"deep\"\n\"x\"\n1.0\n{\"a\": 1}\n");
    free(keys);
    pgt_expect_value(conn, "SELECT b FROM docs WHERE k = '1.000'",
                     "{\"a\": [100, \"\xc3\xa9\"], \"b\": 1}");
    pgt_expect_value(conn, "SELECT j FROM docs WHERE k = '{\"a\": 1.0}'", "{\"a\":1,\"a\":2}");

    /* The error's CONTEXT field, as PostgreSQL sends it. */
    PGresult *res = error_result(conn, "SELECT '{\"a\" 1}'::jsonb", "22P02");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "Expected \":\", but found \"1\".");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "JSON data, line 1: {\"a\" 1...");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_STATEMENT_POSITION), "8");
    PQclear(res);
    /* A lookup in a stored json value decodes all of it, as PostgreSQL does. */
    res = error_result(conn, "SELECT j->0 FROM docs WHERE k = '[]'", "22P05");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "JSON data, line 1: [\"\\u0000...");
    PQclear(res);

    /* Nesting beyond JSON_MAX_DEPTH (10000) is 54001, for both types, not a crash. */
    b.length = 0;
    sb_printf(&b, "SELECT '");
    for (int i = 0; i < 10001; i++)
        sb_append(&b, "[", 1);
    for (int i = 0; i < 10001; i++)
        sb_append(&b, "]", 1);
    sb_append(&b, "'::jsonb", 8);
    expect_error(conn, b.data, "54001", "stack depth limit exceeded");
    memcpy(b.data + b.length - 5, "json ", 5);
    expect_error(conn, b.data, "54001", "stack depth limit exceeded");
    sb_free(&b);
    free(big);

    /* PostgreSQL's other jsonb operators are not here yet: 0A000 naming them. */
    static const struct {
        const char *sql, *message;
    } unsupported[] = {
        {"SELECT b || b FROM docs", "feature not supported: jsonb || jsonb"},
        {"SELECT b || '[1]' FROM docs", "feature not supported: jsonb || jsonb"},
        {"SELECT b - 'a' FROM docs", "feature not supported: jsonb - text"},
        {"SELECT b - 1 FROM docs", "feature not supported: jsonb - integer"},
        {"SELECT b @> '{}' FROM docs", "feature not supported: operator @>"},
        {"SELECT b ? 'a' FROM docs", "feature not supported: operator ?"},
        {"SELECT b #> '{a}' FROM docs", "feature not supported: operator #>"},
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
        expect_error(conn, unsupported[i].sql, "0A000", unsupported[i].message);
    pgt_expect_value(conn, "SELECT '{}'::jsonb || 'x'::text", "{}x");
    pgt_expect_server_serves(&s);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *tables_suite(void)
{
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("tables");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, persistence_across_kill9_and_clean_restart);
    tcase_add_test(tc, drop_and_recreate_same_name_is_empty);
    tcase_add_test(tc, ddl_visible_to_other_sessions_and_schemas);
    tcase_add_test(tc, constraint_and_name_errors);
    tcase_add_test(tc, bad_input_types_overflow_big_values_nesting);
    tcase_add_test(tc, outer_join_memory_bounded_by_work_mem);
    tcase_add_test(tc, window_functions_unsupported_and_work_mem);
    tcase_add_test(tc, json_values_persist_errors_and_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(tables_suite(), NULL);
}
