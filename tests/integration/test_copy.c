/*
 * Integration: COPY FROM STDIN and COPY TO STDOUT through libpq and raw sockets.
 *
 * Data cut into CopyData pieces of 1 byte, 7 bytes or sent whole loads the same rows (text
 * and CSV round trips byte for byte through COPY TO); CopyFail, a bad row and a cancel
 * keep nothing; 200,000 rows load and stream back out; user tables keep each user's
 * copied rows apart; stream tables and system columns; an acknowledged COPY survives
 * kill -9; another message during COPY IN costs the connection, as in PostgreSQL; a
 * table altered while COPY waits for data refuses the load; server files are refused.
 */
#include <check.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pgtest.h"

#define RAW_TIMEOUT_MS 10000
#define BIG_ROWS 200000

static const char *const trust_args[] = {"--auth", "trust", NULL};

/* A growable text buffer. */
typedef struct text_buffer {
    char *data;
    size_t length;
    size_t capacity;
} text_buffer;

static void append(text_buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(text_buffer *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = b->capacity - b->length;
        va_start(ap, fmt);
        int n = vsnprintf(b->data != NULL ? b->data + b->length : NULL, room, fmt, ap);
        va_end(ap);
        ck_assert(n >= 0);
        if ((size_t)n < room) {
            b->length += (size_t)n;
            return;
        }
        b->capacity = b->capacity ? b->capacity * 2 + (size_t)n : 4096 + (size_t)n;
        b->data = realloc(b->data, b->capacity);
        ck_assert(b->data != NULL);
    }
}

/* Runs sql (a COPY ... FROM STDIN), sends data in pieces of `piece` bytes (0: whole),
 * ends with CopyDone (or CopyFail with fail_message); returns the final result. */
static PGresult *copy_in(PGconn *conn, const char *sql, const char *data, size_t length,
                         size_t piece, const char *fail_message)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COPY_IN, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    PQclear(res);
    size_t step = piece > 0 ? piece : (length > 0 ? length : 1);
    for (size_t offset = 0; offset < length; offset += step) {
        size_t n = length - offset < step ? length - offset : step;
        ck_assert_int_eq(PQputCopyData(conn, data + offset, (int)n), 1);
    }
    ck_assert_int_eq(PQputCopyEnd(conn, fail_message), 1);
    res = PQgetResult(conn);
    PGresult *extra = PQgetResult(conn);
    ck_assert_msg(extra == NULL, "more than one result after COPY");
    return res;
}

static void expect_copy_in(PGconn *conn, const char *sql, const char *data, size_t length,
                           size_t piece, const char *tag)
{
    PGresult *res = copy_in(conn, sql, data, length, piece, NULL);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "\"%s\" (pieces of %zu): %s", sql,
                  piece, PQresultErrorMessage(res));
    ck_assert_str_eq(PQcmdStatus(res), tag);
    PQclear(res);
}

/* COPY ... TO STDOUT: everything it sends, concatenated (malloc'd); *rows counts the
 * CopyData messages. */
static char *copy_out(PGconn *conn, const char *sql, long *rows, const char *tag)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COPY_OUT, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    PQclear(res);
    text_buffer out = {0};
    append(&out, "%s", "");
    *rows = 0;
    char *piece;
    int n;
    while ((n = PQgetCopyData(conn, &piece, 0)) > 0) {
        append(&out, "%.*s", n, piece);
        PQfreemem(piece);
        (*rows)++;
    }
    ck_assert_int_eq(n, -1);
    res = PQgetResult(conn);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    ck_assert_str_eq(PQcmdStatus(res), tag);
    PQclear(res);
    ck_assert(PQgetResult(conn) == NULL);
    return out.data;
}

/* Text-format rows as COPY TO writes them: escapes, NULLs, multibyte characters. */
static text_buffer text_rows(int count)
{
    text_buffer b = {0};
    for (int i = 1; i <= count; i++) {
        if (i % 2 == 0)
            append(&b, "%d\trow %d tab\\there back\\\\slash new\\nline \xc3\xa9\xe2\x82\xac\t%d.%02d\t\\N\n",
                   i, i, i, i % 100);
        else
            append(&b, "%d\t\t-%d.50\tx%d\n", i, i, i);
    }
    return b;
}

/* CSV rows as COPY TO writes them: quotes doubled, line breaks and commas quoted,
 * quoted empty strings apart from unquoted NULLs. */
static text_buffer csv_rows(int count)
{
    text_buffer b = {0};
    for (int i = 1; i <= count; i++) {
        if (i % 3 == 0)
            append(&b, "%d,\"say \"\"hi\"\", %d\",%d.25,\"\"\n", i, i, i);
        else if (i % 3 == 1)
            append(&b, "%d,\"two\nlines \xc3\xa9\",%d.00,\n", i, i);
        else
            append(&b, "%d,plain %d,-%d.75,d\n", i, i, i);
    }
    return b;
}

START_TEST(pieces_of_any_size_load_the_same_rows)
{
    test_server s;
    pgt_start(&s, "copy-pieces", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE pieces (a int PRIMARY KEY, b text, c numeric(8,2), d text)",
                       "CREATE TABLE");
    text_buffer text = text_rows(300), csv = csv_rows(300);
    const size_t sizes[] = {1, 7, 0};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        long rows;
        expect_copy_in(conn, "COPY pieces FROM STDIN", text.data, text.length, sizes[k],
                       "COPY 300");
        char *back = copy_out(conn, "COPY pieces TO STDOUT", &rows, "COPY 300");
        ck_assert_int_eq(rows, 300);
        ck_assert_msg(strcmp(back, text.data) == 0, "text round trip (pieces of %zu) differs",
                      sizes[k]);
        free(back);
        pgt_expect_value(conn, "SELECT sum(a) FROM pieces", "45150");
        pgt_expect_command(conn, "TRUNCATE pieces", "TRUNCATE TABLE");

        expect_copy_in(conn, "COPY pieces FROM STDIN (FORMAT csv)", csv.data, csv.length,
                       sizes[k], "COPY 300");
        back = copy_out(conn, "COPY pieces TO STDOUT (FORMAT csv)", &rows, "COPY 300");
        ck_assert_int_eq(rows, 300);
        ck_assert_msg(strcmp(back, csv.data) == 0, "CSV round trip (pieces of %zu) differs",
                      sizes[k]);
        free(back);
        pgt_expect_value(conn, "SELECT count(*) FROM pieces WHERE d IS NULL", "100");
        pgt_expect_value(conn, "SELECT count(*) FROM pieces WHERE d = ''", "100");
        pgt_expect_command(conn, "TRUNCATE pieces", "TRUNCATE TABLE");

        /* A bad row deep in the data: the same line number however it was cut. */
        text_buffer bad = text_rows(250);
        append(&bad, "251\tbad\tnot a number\t\\N\n");
        PGresult *res = copy_in(conn, "COPY pieces FROM STDIN", bad.data, bad.length, sizes[k],
                                NULL);
        ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "22P02");
        ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT),
                         "COPY pieces, line 251, column c: \"not a number\"");
        PQclear(res);
        free(bad.data);
        pgt_expect_value(conn, "SELECT count(*) FROM pieces", "0");
    }
    free(text.data);
    free(csv.data);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(failed_copies_keep_nothing)
{
    test_server s;
    pgt_start(&s, "copy-fail", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE f (a int PRIMARY KEY, b text NOT NULL)", "CREATE TABLE");
    text_buffer rows = {0};
    for (int i = 1; i <= 3000; i++)
        append(&rows, "%d\tfine\n", i);

    /* CopyFail from the client. */
    PGresult *res = copy_in(conn, "COPY f FROM STDIN", rows.data, rows.length, 1000,
                            "client gave up");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "57014");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "COPY from stdin failed: client gave up");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "COPY f, line 3001");
    PQclear(res);
    pgt_expect_value(conn, "SELECT count(*) FROM f", "0");

    /* Rows past the first batches, then a NOT NULL violation, then a duplicate key. */
    text_buffer bad = {0};
    append(&bad, "%s2999999\t\\N\n", rows.data);
    res = copy_in(conn, "COPY f FROM STDIN", bad.data, bad.length, 0, NULL);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "23502");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "COPY f, line 3001: \"2999999\t\\N\"");
    PQclear(res);
    pgt_expect_value(conn, "SELECT count(*) FROM f", "0");
    free(bad.data);
    bad = (text_buffer){0};
    append(&bad, "%s17\tagain\n", rows.data);
    res = copy_in(conn, "COPY f FROM STDIN", bad.data, bad.length, 0, NULL);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "23505");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "COPY f, line 3001");
    PQclear(res);
    pgt_expect_value(conn, "SELECT count(*) FROM f", "0");
    free(bad.data);

    /* A cancel while COPY waits for data. */
    res = PQexec(conn, "COPY f FROM STDIN");
    ck_assert_int_eq(PQresultStatus(res), PGRES_COPY_IN);
    PQclear(res);
    ck_assert_int_eq(PQputCopyData(conn, rows.data, 100), 1);
    ck_assert_int_eq(PQflush(conn), 0);
    harness_sleep_ms(200);
    PGcancel *cancel = PQgetCancel(conn);
    char why[256];
    ck_assert_msg(PQcancel(cancel, why, sizeof why), "PQcancel: %s", why);
    PQfreeCancel(cancel);
    /* The server answers the cancel at once, before the client ends the COPY. */
    struct pollfd answer = {PQsocket(conn), POLLIN, 0};
    ck_assert_int_eq(poll(&answer, 1, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(PQputCopyEnd(conn, NULL), 1);
    res = PQgetResult(conn);
    ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_SQLSTATE), "57014") == 0, "after cancel: %s",
                  PQresultErrorMessage(res));
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "canceling statement due to user request");
    PQclear(res);
    ck_assert(PQgetResult(conn) == NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM f", "0");

    /* After all that, a good COPY still loads. */
    expect_copy_in(conn, "COPY f FROM STDIN", rows.data, rows.length, 4096, "COPY 3000");
    pgt_expect_value(conn, "SELECT count(*) FROM f", "3000");
    free(rows.data);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(two_hundred_thousand_rows_in_and_out)
{
    test_server s;
    pgt_start(&s, "copy-big", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE big (id bigint PRIMARY KEY, grp int, note text)",
                       "CREATE TABLE");
    text_buffer data = {0};
    long long expected_sum = 0;
    for (int i = 1; i <= BIG_ROWS; i++) {
        append(&data, "%d\t%d\tnote number %d\n", i, i % 97, i);
        expected_sum += i;
    }
    expect_copy_in(conn, "COPY big FROM STDIN", data.data, data.length, 65536, "COPY 200000");
    free(data.data);
    char expected[64];
    pgt_expect_value(conn, "SELECT count(*) FROM big", "200000");
    snprintf(expected, sizeof expected, "%lld", expected_sum);
    pgt_expect_value(conn, "SELECT sum(id) FROM big", expected);
    pgt_expect_value(conn, "SELECT sum(grp) FROM big WHERE id <= 97", "4656");
    pgt_expect_value(conn, "SELECT note FROM big WHERE id = 123456", "note number 123456");

    /* Out again, one CopyData per row, in key order. */
    long rows;
    char *out = copy_out(conn, "COPY big (id) TO STDOUT", &rows, "COPY 200000");
    ck_assert_int_eq(rows, BIG_ROWS);
    long long sum = 0, previous = 0;
    for (char *line = out; *line != '\0';) {
        char *end = strchr(line, '\n');
        ck_assert(end != NULL);
        long long id = strtoll(line, NULL, 10);
        ck_assert_msg(id == previous + 1, "row %lld after %lld", id, previous);
        previous = id;
        sum += id;
        line = end + 1;
    }
    free(out);
    ck_assert_int_eq(sum, expected_sum);
    pgt_expect_alive(conn);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static PGconn *connect_as(const test_server *s, const char *user, const char *password)
{
    char conninfo[1024];
    server_conninfo(s, conninfo, sizeof conninfo, user, password, NULL);
    PGconn *conn = pgt_connect_verbose(conninfo, RAW_TIMEOUT_MS);
    ck_assert_msg(PQstatus(conn) == CONNECTION_OK, "login as %s: %s", user, PQerrorMessage(conn));
    return conn;
}

START_TEST(user_tables_stream_tables_and_system_columns)
{
    test_server s;
    pgt_start(&s, "copy-kinds", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE USER alice PASSWORD 'alice-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER bob PASSWORD 'bob-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE TABLE notes (id int PRIMARY KEY, body text) WITH (type = 'user')",
                       "CREATE TABLE");
    pgt_expect_command(admin,
                       "CREATE TABLE feed (n int, what text) WITH (type = 'stream', ttl_seconds = 3600)",
                       "CREATE TABLE");
    pgt_expect_command(admin, "CREATE TABLE shared (id int PRIMARY KEY, v text)", "CREATE TABLE");
    PGconn *alice = connect_as(&s, "alice", "alice-pw");
    PGconn *bob = connect_as(&s, "bob", "bob-pw");

    /* The same keys for both users: no conflict, and each sees only their own. */
    const char *alice_rows = "1\talice one\n2\talice two\n3\talice three\n";
    const char *bob_rows = "1\tbob one\n2\tbob two\n";
    expect_copy_in(alice, "COPY notes FROM STDIN", alice_rows, strlen(alice_rows), 5, "COPY 3");
    expect_copy_in(bob, "COPY notes FROM STDIN", bob_rows, strlen(bob_rows), 0, "COPY 2");
    long rows;
    char *out = copy_out(alice, "COPY notes TO STDOUT", &rows, "COPY 3");
    ck_assert_str_eq(out, alice_rows);
    free(out);
    out = copy_out(bob, "COPY notes TO STDOUT", &rows, "COPY 2");
    ck_assert_str_eq(out, bob_rows);
    free(out);
    out = copy_out(alice, "COPY (SELECT body FROM notes WHERE id = 1) TO STDOUT", &rows, "COPY 1");
    ck_assert_str_eq(out, "alice one\n");
    free(out);
    out = copy_out(admin, "COPY notes TO STDOUT", &rows, "COPY 0");
    free(out);
    /* A duplicate within one user's rows is still one. */
    PGresult *res = copy_in(bob, "COPY notes FROM STDIN", "2\tagain\n", 8, 0, NULL);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "23505");
    PQclear(res);

    /* Stream tables take COPY; each user reads their own rows back. */
    expect_copy_in(alice, "COPY feed FROM STDIN (FORMAT csv)", "1,a\n2,b\n", 8, 3, "COPY 2");
    expect_copy_in(bob, "COPY feed (what, n) FROM STDIN", "z\t9\n", 4, 0, "COPY 1");
    out = copy_out(alice, "COPY feed TO STDOUT", &rows, "COPY 2");
    ck_assert_str_eq(out, "1\ta\n2\tb\n");
    free(out);
    out = copy_out(bob, "COPY feed TO STDOUT (FORMAT csv, HEADER)", &rows, "COPY 1");
    ck_assert_str_eq(out, "n,what\n9,z\n");
    free(out);

    /* A user may not write a shared table it does not own, by COPY either. */
    res = PQexec(alice, "COPY shared FROM STDIN");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "permission denied for table shared");
    PQclear(res);

    /* System columns: never COPY targets, not in the default list, readable by name. */
    expect_copy_in(admin, "COPY shared FROM STDIN", "7\tseven\n", 8, 0, "COPY 1");
    out = copy_out(admin, "COPY shared TO STDOUT", &rows, "COPY 1");
    ck_assert_str_eq(out, "7\tseven\n");
    free(out);
    out = copy_out(admin, "COPY shared (id, _deleted) TO STDOUT", &rows, "COPY 1");
    ck_assert_str_eq(out, "7\tf\n");
    free(out);
    out = copy_out(admin, "COPY shared (_seq) TO STDOUT", &rows, "COPY 1");
    ck_assert_msg(strtoll(out, NULL, 10) > 0, "_seq copied out as \"%s\"", out);
    free(out);
    res = PQexec(admin, "COPY shared (id, _seq) FROM STDIN");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "0A000");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "cannot assign to system column \"_seq\"");
    PQclear(res);
    /* Soft-deleted rows are not copied out. */
    pgt_expect_command(admin, "DELETE FROM shared", "DELETE 1");
    out = copy_out(admin, "COPY shared TO STDOUT", &rows, "COPY 0");
    free(out);

    /* The system tables copy out too. */
    out = copy_out(admin, "COPY (SELECT user_name FROM system.users WHERE user_name = 'bob') "
                          "TO STDOUT", &rows, "COPY 1");
    ck_assert_str_eq(out, "bob\n");
    free(out);
    out = copy_out(admin, "COPY system.users (role, user_name) TO STDOUT (FORMAT csv)", &rows,
                   "COPY 3");
    ck_assert_msg(strstr(out, "user,alice\n") != NULL && strstr(out, "system,postgres\n") != NULL,
                  "system.users copied out as \"%s\"", out);
    free(out);
    PQfinish(alice);
    PQfinish(bob);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(acknowledged_copy_survives_kill_9)
{
    test_server s;
    pgt_start(&s, "copy-crash", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE durable (id int PRIMARY KEY, v text)", "CREATE TABLE");
    pgt_expect_command(conn, "CREATE TABLE nokey (v int)", "CREATE TABLE");
    text_buffer data = {0};
    for (int i = 1; i <= 10000; i++)
        append(&data, "%d\tvalue %d\n", i, i);
    expect_copy_in(conn, "COPY durable FROM STDIN", data.data, data.length, 8192, "COPY 10000");
    expect_copy_in(conn, "COPY nokey FROM STDIN", "1\n2\n3\n", 6, 0, "COPY 3");
    free(data.data);
    PQfinish(conn);
    server_kill9(&s);
    ck_assert_msg(server_start(&s), "restart after kill -9 failed");
    conn = pgt_connect(&s, NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM durable", "10000");
    pgt_expect_value(conn, "SELECT sum(id) FROM durable", "50005000");
    pgt_expect_value(conn, "SELECT v FROM durable WHERE id = 9999", "value 9999");
    pgt_expect_value(conn, "SELECT sum(v) FROM nokey", "6");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(alter_table_waits_for_a_copy_in_progress)
{
    test_server s;
    pgt_start(&s, "copy-ddl", NULL);
    PGconn *loader = pgt_connect(&s, NULL);
    PGconn *other = pgt_connect(&s, NULL);
    pgt_expect_command(other, "CREATE TABLE moving (id int PRIMARY KEY)", "CREATE TABLE");
    PGresult *res = PQexec(loader, "COPY moving FROM STDIN");
    ck_assert_int_eq(PQresultStatus(res), PGRES_COPY_IN);
    PQclear(res);
    ck_assert_int_eq(PQputCopyData(loader, "1\n2\n", 4), 1);
    ck_assert_int_eq(PQflush(loader), 0);
    /* Readers keep being served while the COPY waits for its data; ALTER TABLE waits for
     * the COPY (a writing transaction), as PostgreSQL's lock on the table makes it. */
    pgt_expect_value(other, "SELECT count(*) FROM moving", "0");
    ck_assert_int_eq(PQsendQuery(other, "ALTER TABLE moving ADD COLUMN note text NOT NULL "
                                        "DEFAULT 'x'"),
                     1);
    ck_assert_msg(!pgt_wait_result(other, 300), "ALTER TABLE did not wait for the COPY");
    ck_assert_int_eq(PQputCopyData(loader, "3\n", 2), 1);
    ck_assert_int_eq(PQputCopyEnd(loader, NULL), 1);
    res = PQgetResult(loader);
    ck_assert_str_eq(PQcmdStatus(res), "COPY 3");
    PQclear(res);
    ck_assert(PQgetResult(loader) == NULL);
    ck_assert(pgt_wait_result(other, 10000));
    res = PQgetResult(other);
    ck_assert_str_eq(PQcmdStatus(res), "ALTER TABLE");
    PQclear(res);
    ck_assert(PQgetResult(other) == NULL);
    pgt_expect_value(other, "SELECT count(*) FROM moving WHERE note = 'x'", "3");
    expect_copy_in(loader, "COPY moving FROM STDIN", "4\tnow\n", 6, 0, "COPY 1");
    pgt_expect_value(other, "SELECT note FROM moving WHERE id = 4", "now");
    PQfinish(loader);
    PQfinish(other);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(server_files_and_binary_are_refused)
{
    test_server s;
    pgt_start(&s, "copy-refused", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE TABLE r (id int)", "CREATE TABLE");
    pgt_expect_command(admin, "CREATE USER carol PASSWORD 'carol-pw'", "CREATE ROLE");
    PGresult *res = pgt_expect_error(admin, "COPY r FROM '/etc/passwd'", "0A000");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "feature not supported: COPY from a file on the server");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_HINT),
                     "Anyone can COPY to stdout or from stdin. psql's \\copy command also works "
                     "for anyone.");
    PQclear(res);
    PQclear(pgt_expect_error(admin, "COPY r TO '/tmp/copy-out'", "0A000"));
    PQclear(pgt_expect_error(admin, "COPY r FROM PROGRAM 'true'", "0A000"));
    res = pgt_expect_error(admin, "COPY r TO STDOUT (FORMAT binary)", "0A000");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "feature not supported: COPY in BINARY format");
    PQclear(res);
    PQclear(pgt_expect_error(admin, "COPY r FROM STDIN BINARY", "0A000"));
    PQclear(pgt_expect_error(admin, "COPY r FROM STDIN (ENCODING 'latin1')", "0A000"));
    PGconn *carol = connect_as(&s, "carol", "carol-pw");
    res = pgt_expect_error(carol, "COPY r FROM '/etc/passwd'", "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "must be superuser or have privileges of the pg_read_server_files role to "
                     "COPY from a file");
    PQclear(res);
    res = pgt_expect_error(carol, "COPY r TO '/tmp/x'", "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "must be superuser or have privileges of the pg_write_server_files role to "
                     "COPY to a file");
    PQclear(res);
    res = pgt_expect_error(carol, "COPY r TO PROGRAM 'cat'", "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "must be superuser or have privileges of the pg_execute_server_program role "
                     "to COPY to or from an external program");
    PQclear(res);
    pgt_expect_alive(carol);
    PQfinish(carol);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- the protocol by hand ---- */

static void raw_message_send(int fd, char type, const void *body, size_t length)
{
    uint8_t header[5];
    header[0] = (uint8_t)type;
    put_be32(header + 1, (uint32_t)(length + 4));
    ck_assert(raw_send(fd, header, 5));
    if (length > 0)
        ck_assert(raw_send(fd, body, length));
}

static void raw_query(int fd, const char *sql)
{
    raw_message_send(fd, 'Q', sql, strlen(sql) + 1);
}

/* The types of the messages up to ReadyForQuery (or the connection's end), as a string;
 * CopyData bodies are appended to data (optional). */
static void raw_transcript(int fd, char *types, size_t cap, text_buffer *data,
                           const char **error_context)
{
    size_t n = 0;
    raw_message m;
    int rc;
    while ((rc = raw_read_message(fd, &m, RAW_TIMEOUT_MS)) == 1) {
        ck_assert(n + 1 < cap);
        types[n++] = m.type;
        if (m.type == 'd' && data != NULL)
            append(data, "%.*s", (int)m.length, (const char *)m.body);
        if (m.type == 'E' && error_context != NULL && *error_context == NULL &&
            raw_error_field(&m, 'W') != NULL)
            *error_context = strdup(raw_error_field(&m, 'W'));
        char type = m.type;
        raw_message_free(&m);
        if (type == 'Z')
            break;
    }
    types[n] = '\0';
}

START_TEST(protocol_sequences)
{
    test_server s;
    pgt_start(&s, "copy-raw", trust_args);
    int fd = raw_connect(s.port);
    ck_assert(fd >= 0);
    ck_assert(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS));
    char types[64];
    raw_query(fd, "CREATE TABLE p (id int, v text)");
    raw_transcript(fd, types, sizeof types, NULL, NULL);
    ck_assert_str_eq(types, "CZ");

    /* COPY IN: CopyInResponse; Flush and Sync are ignored; data split mid-escape and
     * mid-character; \. ends the data. */
    raw_query(fd, "COPY p FROM STDIN");
    raw_message m;
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(m.type, 'G');
    ck_assert_int_eq(m.length, 7);
    ck_assert_int_eq(m.body[0], 0);             /* text */
    ck_assert_int_eq(m.body[1] * 256 + m.body[2], 2); /* two columns */
    raw_message_free(&m);
    raw_message_send(fd, 'd', "1\ta\\", 4);
    raw_message_send(fd, 'H', NULL, 0);
    raw_message_send(fd, 'd', "tb \xc3", 4);
    raw_message_send(fd, 'S', NULL, 0);
    raw_message_send(fd, 'd', "\xa9\n2\t\\N\n\\.\nignored", 17);
    raw_message_send(fd, 'c', NULL, 0);
    raw_transcript(fd, types, sizeof types, NULL, NULL);
    ck_assert_str_eq(types, "CZ");

    /* COPY OUT in a multi-statement string: the rest runs after it. */
    text_buffer data = {0};
    append(&data, "%s", "");
    raw_query(fd, "COPY p TO STDOUT; SELECT 42; COPY (SELECT v FROM p WHERE v IS NOT NULL) TO STDOUT (FORMAT csv, HEADER)");
    raw_transcript(fd, types, sizeof types, &data, NULL);
    ck_assert_str_eq(types, "HddcCTDCHddcCZ");
    ck_assert_str_eq(data.data, "1\ta\\tb \xc3\xa9\n2\t\\N\nv\na\tb \xc3\xa9\n");
    free(data.data);

    /* Invalid UTF-8 in the data fails at its line. */
    raw_query(fd, "COPY p FROM STDIN");
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(m.type, 'G');
    raw_message_free(&m);
    raw_message_send(fd, 'd', "3\tok\n4\tbad \xff\n", 13);
    raw_message_send(fd, 'c', NULL, 0);
    const char *context = NULL;
    raw_transcript(fd, types, sizeof types, NULL, &context);
    ck_assert_str_eq(types, "EZ");
    ck_assert_str_eq(context, "COPY p, line 2");
    free((void *)context);

    /* Copy messages after a failed COPY are ignored. */
    raw_message_send(fd, 'd', "5\tlate\n", 7);
    raw_message_send(fd, 'c', NULL, 0);
    raw_query(fd, "SELECT count(*) FROM p");
    raw_transcript(fd, types, sizeof types, NULL, NULL);
    ck_assert_str_eq(types, "TDCZ");

    /* Any other message during COPY IN: 08P01, then the connection ends. */
    raw_query(fd, "COPY p FROM STDIN");
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(m.type, 'G');
    raw_message_free(&m);
    raw_message_send(fd, 'd', "6\tx\n7\t", 6);
    raw_query(fd, "SELECT 1");
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(m.type, 'E');
    ck_assert_str_eq(raw_error_field(&m, 'C'), "08P01");
    ck_assert_str_eq(raw_error_field(&m, 'M'), "unexpected message type 0x51 during COPY from stdin");
    ck_assert_str_eq(raw_error_field(&m, 'W'), "COPY p, line 2");
    raw_message_free(&m);
    ck_assert_int_eq(raw_read_message(fd, &m, RAW_TIMEOUT_MS), 1);
    ck_assert_int_eq(m.type, 'E');
    ck_assert_str_eq(raw_error_field(&m, 'S'), "FATAL");
    ck_assert_str_eq(raw_error_field(&m, 'M'),
                     "terminating connection because protocol synchronization was lost");
    raw_message_free(&m);
    ck_assert_int_eq(raw_wait_closed(fd, RAW_TIMEOUT_MS), 1);
    close(fd);

    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM p", "2");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *copy_suite(void)
{
    Suite *suite = suite_create("copy");
    TCase *tc = tcase_create("copy");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, pieces_of_any_size_load_the_same_rows);
    tcase_add_test(tc, failed_copies_keep_nothing);
    tcase_add_test(tc, two_hundred_thousand_rows_in_and_out);
    tcase_add_test(tc, user_tables_stream_tables_and_system_columns);
    tcase_add_test(tc, acknowledged_copy_survives_kill_9);
    tcase_add_test(tc, alter_table_waits_for_a_copy_in_progress);
    tcase_add_test(tc, server_files_and_binary_are_refused);
    tcase_add_test(tc, protocol_sequences);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(copy_suite(), NULL);
}
