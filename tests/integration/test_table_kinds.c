/*
 * Integration: table kinds (DESIGN.md, "Table kinds and keys") through libpq.
 *
 * System columns (_seq, _deleted) and soft delete on shared and user tables, alone and
 * through joins (per relation; out of "*", NATURAL and column aliases); _seq strictly
 * increasing, carrying the time, and above every stored value after kill -9; the
 * retention sweep; stream tables (append-only, ttl_seconds visible/invisible/physically
 * gone, max_buffer eviction); every kind created in a non-default namespace and written
 * from brand-new sessions; bad table options. Physical removal is checked by opening the
 * stopped server's LevelDB and counting keys.
 */
#include <check.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"
#include "storage/key_encoding.h"
#include "storage/kv.h"

#define STOP_TIMEOUT_MS 10000
#define POLL_LIMIT_MS 15000

static const char *const fast_sweep[] = {"--sweep-interval", "50", NULL};

/* INSERT INTO table VALUES (from, <suffix>), ..., (to, <suffix>); asserts the tag. */
static void insert_series(PGconn *conn, const char *table, int from, int to, const char *suffix)
{
    size_t cap = 64 + (size_t)(to - from + 1) * (24 + strlen(suffix));
    char *sql = malloc(cap);
    ck_assert(sql != NULL);
    size_t used = (size_t)snprintf(sql, cap, "INSERT INTO %s VALUES ", table);
    for (int i = from; i <= to; i++)
        used += (size_t)snprintf(sql + used, cap - used, "%s(%d%s)", i > from ? ", " : "", i,
                                 suffix);
    char tag[64];
    snprintf(tag, sizeof tag, "INSERT 0 %d", to - from + 1);
    pgt_expect_command(conn, sql, tag);
    free(sql);
}

/* The first column of the first row as a signed 64-bit number. */
static int64_t query_int(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
                  "\"%s\": %s", sql, PQresultErrorMessage(res));
    int64_t v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}

/* Column names of a query's result, comma-separated. */
static void expect_columns(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    char names[512] = "";
    for (int i = 0; i < PQnfields(res); i++) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", i > 0 ? "," : "", PQfname(res, i));
    }
    PQclear(res);
    ck_assert_msg(strcmp(names, expected) == 0, "\"%s\": columns %s, expected %s", sql, names,
                  expected);
}

/* Every row of a query's result as "a|b" lines joined by '\n' (NULL as "-"). */
static void expect_rows(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%s\": %s", sql,
                  PQresultErrorMessage(res));
    char rows[1024] = "";
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < PQnfields(res); c++) {
            size_t used = strlen(rows);
            snprintf(rows + used, sizeof rows - used, "%s%s", c > 0 ? "|" : r > 0 ? "\n" : "",
                     PQgetisnull(res, r, c) ? "-" : PQgetvalue(res, r, c));
        }
    }
    PQclear(res);
    ck_assert_msg(strcmp(rows, expected) == 0, "\"%s\":\n%s\nexpected\n%s", sql, rows, expected);
}

/* Polls until sql returns expected (bounded); asserts it did. */
static void expect_eventually(PGconn *conn, const char *sql, const char *expected)
{
    int64_t deadline = harness_now_ms() + POLL_LIMIT_MS;
    char last[128] = "";
    while (harness_now_ms() < deadline) {
        PGresult *res = PQexec(conn, sql);
        ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "\"%s\": %s", sql,
                      PQresultErrorMessage(res));
        snprintf(last, sizeof last, "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
        if (strcmp(last, expected) == 0)
            return;
        harness_sleep_ms(50);
    }
    ck_abort_msg("\"%s\": still %s after %d ms, expected %s", sql, last, POLL_LIMIT_MS, expected);
}

/* Keys under one key space byte in a stopped server's LevelDB. */
static size_t count_keys_in_space(const test_server *s, uint8_t space)
{
    kv_options options = {KV_DEFAULT_BLOCK_CACHE_BYTES, KV_DEFAULT_WRITE_BUFFER_BYTES};
    kv_store *store = NULL;
    char *error = NULL;
    ck_assert_msg(kv_open(s->data_dir, &options, &store, &error) == KV_OK,
                  "opening the data dir: %s", error != NULL ? error : "?");
    kv_iterator *it = kv_iterator_create(store);
    ck_assert(it != NULL);
    size_t count = 0;
    for (kv_iterator_seek(it, &space, 1); kv_iterator_valid(it); kv_iterator_next(it)) {
        size_t length;
        const char *key = kv_iterator_key(it, &length);
        if (length == 0 || (uint8_t)key[0] != space)
            break;
        count++;
    }
    kv_iterator_destroy(it);
    kv_close(store);
    return count;
}

START_TEST(system_columns_and_soft_delete)
{
    test_server s;
    pgt_start(&s, "softdelete", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE SCHEMA app", "CREATE SCHEMA");
    const char *kinds[] = {"shared", "user"};
    for (int k = 0; k < 2; k++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "CREATE TABLE app.items (id int PRIMARY KEY, name text) WITH (type = '%s')",
                 kinds[k]);
        pgt_expect_command(conn, sql, "CREATE TABLE");
        pgt_expect_command(conn, "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "INSERT 0 3");
        /* SELECT * hides the system columns, naming them shows them. */
        expect_columns(conn, "SELECT * FROM app.items", "id,name");
        expect_columns(conn, "SELECT *, _seq, _deleted FROM app.items", "id,name,_seq,_deleted");
        expect_columns(conn, "INSERT INTO app.items VALUES (4, 'four') RETURNING *", "id,name");
        pgt_expect_value(conn, "SELECT count(*) FROM app.items WHERE NOT _deleted", "4");
        /* _seq: strictly increasing with each write, its high bits the time in ms. */
        int64_t before = query_int(conn, "SELECT max(_seq) FROM app.items");
        pgt_expect_command(conn, "UPDATE app.items SET name = 'uno' WHERE id = 1", "UPDATE 1");
        int64_t after = query_int(conn, "SELECT _seq FROM app.items WHERE id = 1");
        ck_assert_msg(after > before, "_seq did not grow: %" PRId64 " -> %" PRId64, before, after);
        pgt_expect_value(conn,
                         "SELECT abs(_seq / 4194304 - (extract(epoch FROM now()) * 1000)::bigint) "
                         "< 60000 FROM app.items WHERE id = 1",
                         "t");
        /* DELETE is soft: gone for reads, there for a query on _deleted. */
        pgt_expect_command(conn, "DELETE FROM app.items WHERE id IN (2, 3)", "DELETE 2");
        pgt_expect_value(conn,
                         "SELECT string_agg(id::text, ',') FROM "
                         "(SELECT id FROM app.items ORDER BY id) x",
                         "1,4");
        pgt_expect_value(conn, "SELECT count(*) FROM app.items WHERE id = 2", "0");
        pgt_expect_value(conn,
                         "SELECT string_agg(id::text, ',') FROM "
                         "(SELECT id FROM app.items WHERE _deleted ORDER BY id) x",
                         "2,3");
        pgt_expect_value(conn, "SELECT count(*) FROM app.items WHERE _deleted OR NOT _deleted",
                         "4");
        pgt_expect_value(conn, "SELECT _seq > 0 FROM app.items WHERE _deleted AND id = 2", "t");
        pgt_expect_command(conn, "UPDATE app.items SET name = 'x' WHERE id = 2", "UPDATE 0");
        pgt_expect_command(conn, "DELETE FROM app.items WHERE id = 2", "DELETE 0");
        /* A deleted key is free again. */
        pgt_expect_command(conn, "INSERT INTO app.items VALUES (2, 'again')", "INSERT 0 1");
        pgt_expect_value(conn, "SELECT name FROM app.items WHERE id = 2", "again");
        pgt_expect_sqlstate(conn, "INSERT INTO app.items VALUES (1, 'dup')", "23505");
        /* System columns are the server's to write. */
        pgt_expect_error_message(conn, "UPDATE app.items SET _seq = 1", "0A000",
                             "cannot assign to system column \"_seq\"");
        pgt_expect_error_message(conn, "INSERT INTO app.items (id, _deleted) VALUES (9, true)",
                             "0A000", "cannot assign to system column \"_deleted\"");
        pgt_expect_error_message(conn, "ALTER TABLE app.items DROP COLUMN _deleted", "0A000",
                             "cannot drop system column \"_deleted\"");
        pgt_expect_error_message(conn, "ALTER TABLE app.items RENAME COLUMN _seq TO s", "0A000",
                             "cannot rename system column \"_seq\"");
        pgt_expect_error_message(conn, "ALTER TABLE app.items ADD COLUMN _seq int", "42701",
                             "column name \"_seq\" conflicts with a system column name");
        pgt_expect_command(conn, "DROP TABLE app.items", "DROP TABLE");
    }
    pgt_expect_error_message(conn, "CREATE TABLE app.bad (_deleted boolean)", "42701",
                         "column name \"_deleted\" conflicts with a system column name");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

/* Joins decide soft-deleted rows per relation: a relation reads them when WHERE or a join
 * condition reads its _deleted column, however deep in nested and outer joins. The system
 * columns stay out of "*", NATURAL and column alias lists through joins, but can be named. */
START_TEST(system_columns_and_soft_delete_in_joins)
{
    test_server s;
    pgt_start(&s, "softdelete-joins", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE ja (id int PRIMARY KEY, v text) WITH (type = 'user')",
            "CREATE TABLE");
    /* A column added later comes after the system columns. */
    pgt_expect_command(conn, "ALTER TABLE ja ADD COLUMN extra text", "ALTER TABLE");
    pgt_expect_command(conn, "CREATE TABLE jb (id int PRIMARY KEY, w text)", "CREATE TABLE");
    pgt_expect_command(conn, "CREATE TABLE js (id int, note text) WITH (type = 'stream', ttl_seconds = 3600)",
            "CREATE TABLE");
    pgt_expect_command(conn, "INSERT INTO ja VALUES (1, 'a1', 'x1'), (2, 'a2', 'x2'), (3, 'a3', 'x3'), "
                  "(4, 'a4', 'x4')",
            "INSERT 0 4");
    pgt_expect_command(conn, "INSERT INTO jb VALUES (1, 'b1'), (2, 'b2'), (3, 'b3'), (5, 'b5')",
            "INSERT 0 4");
    pgt_expect_command(conn, "INSERT INTO js VALUES (2, 'n2'), (3, 'n3')", "INSERT 0 2");
    pgt_expect_command(conn, "DELETE FROM ja WHERE id = 2", "DELETE 1");
    pgt_expect_command(conn, "DELETE FROM jb WHERE id IN (3, 5)", "DELETE 2");

    /* NATURAL merges id only; "*" through joins and aliases shows no system column. */
    expect_columns(conn, "SELECT * FROM ja NATURAL JOIN jb", "id,v,extra,w");
    expect_rows(conn, "SELECT * FROM ja NATURAL JOIN jb", "1|a1|x1|b1");
    expect_columns(conn, "SELECT * FROM ja JOIN jb USING (id)", "id,v,extra,w");
    expect_rows(conn, "SELECT * FROM ja FULL JOIN jb USING (id) ORDER BY id",
                "1|a1|x1|b1\n2|-|-|b2\n3|a3|x3|-\n4|a4|x4|-");
    expect_columns(conn, "SELECT * FROM (ja JOIN jb USING (id)) AS j(i, p, q, r)", "i,p,q,r");
    expect_columns(conn, "SELECT ja.*, jb.* FROM ja JOIN jb ON ja.id = jb.id", "id,v,extra,id,w");
    expect_columns(conn, "SELECT x.*, x._deleted FROM ja AS x(k)", "k,v,extra,_deleted");
    pgt_expect_error_message(conn, "SELECT * FROM ja AS x(k, name, extra, more)", "42P10",
                         "table \"x\" has 3 columns available but 4 columns specified");
    /* A subquery's columns of those names are its own, NATURAL merges nothing with them. */
    expect_columns(conn,
                   "SELECT * FROM ja NATURAL JOIN "
                   "(SELECT 1 AS id, _deleted FROM jb WHERE id = 1) s",
                   "id,v,extra,_deleted");
    /* Named, they are the relation's; through a join that has two, ambiguous. */
    pgt_expect_error_message(conn, "SELECT _deleted FROM ja JOIN jb USING (id)", "42702",
                         "column reference \"_deleted\" is ambiguous");
    pgt_expect_error_message(conn, "SELECT j._seq FROM (ja JOIN jb USING (id)) j", "42702",
                         "column reference \"_seq\" is ambiguous");

    /* Soft-deleted rows, per relation. */
    expect_rows(conn, "SELECT ja.id, jb.id FROM ja FULL JOIN jb ON ja.id = jb.id ORDER BY 1, 2",
                "1|1\n3|-\n4|-\n-|2");
    expect_rows(conn,
                "SELECT ja.id, jb.id FROM ja FULL JOIN jb ON ja.id = jb.id AND jb._deleted "
                "ORDER BY 1, 2",
                "1|-\n3|3\n4|-\n-|1\n-|2\n-|5");
    expect_rows(conn,
                "SELECT ja.id, jb.id, a2.id FROM ja LEFT JOIN (jb JOIN ja a2 ON a2.id = jb.id "
                "AND a2._deleted) ON ja.id = jb.id - 1 ORDER BY 1",
                "1|2|2\n3|-|-\n4|-|-");
    pgt_expect_value(conn, "SELECT count(*) FROM ja JOIN jb USING (id) WHERE jb._deleted", "1");
    /* USING (_deleted) is asked for: both sides read deleted rows; the merged column is
     * still a system column, left out of "*". */
    expect_rows(conn,
                "SELECT ja.id, jb.id FROM ja JOIN jb USING (_deleted) WHERE ja.id = jb.id "
                "ORDER BY 1",
                "1|1");
    expect_columns(conn, "SELECT * FROM ja JOIN jb USING (_deleted) WHERE false",
                   "id,v,extra,id,w");
    /* A stream table has no system columns: _deleted is the user table's. */
    expect_rows(conn, "SELECT ja.id, note FROM ja JOIN js USING (id)", "3|n3");
    expect_rows(conn, "SELECT ja.id, note FROM ja JOIN js USING (id) WHERE _deleted", "2|n2");
    /* UPDATE ... FROM and DELETE ... USING follow the same rule. */
    pgt_expect_command(conn, "UPDATE jb SET w = 'seen' FROM ja WHERE ja.id = jb.id AND ja._deleted",
            "UPDATE 1");
    pgt_expect_command(conn, "DELETE FROM jb USING ja WHERE ja.id = jb.id", "DELETE 1");
    expect_rows(conn, "SELECT id, w, _deleted FROM jb WHERE _deleted IS NOT NULL ORDER BY id",
                "1|b1|t\n2|seen|f\n3|b3|t\n5|b5|t");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(seq_stays_increasing_across_kill9)
{
    test_server s;
    pgt_start(&s, "seqrestart", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE t (id int PRIMARY KEY)", "CREATE TABLE");
    pgt_expect_command(conn, "CREATE TABLE u (id int PRIMARY KEY) WITH (type = 'user')", "CREATE TABLE");
    insert_series(conn, "t", 1, 500, "");
    pgt_expect_command(conn, "INSERT INTO u VALUES (1)", "INSERT 0 1");
    int64_t before = query_int(conn, "SELECT max(s) FROM (SELECT _seq AS s FROM t UNION ALL "
                                     "SELECT _seq FROM u) x");
    PQfinish(conn);
    server_kill9(&s);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    conn = pgt_connect(&s, NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM t", "500");
    pgt_expect_command(conn, "INSERT INTO t VALUES (501)", "INSERT 0 1");
    pgt_expect_command(conn, "DELETE FROM u WHERE id = 1", "DELETE 1");
    int64_t inserted = query_int(conn, "SELECT _seq FROM t WHERE id = 501");
    int64_t deleted = query_int(conn, "SELECT _seq FROM u WHERE _deleted");
    ck_assert_msg(inserted > before && deleted > inserted,
                  "_seq went back after the restart: %" PRId64 " then %" PRId64 ", %" PRId64,
                  before, inserted, deleted);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(retention_sweep_purges_old_soft_deletes)
{
    test_server s;
    pgt_start(&s, "retention", fast_sweep);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn,
            "CREATE TABLE quick (id int PRIMARY KEY) WITH (deleted_retention_hours = 0)",
            "CREATE TABLE");
    pgt_expect_command(conn, "CREATE TABLE kept (id int PRIMARY KEY)", "CREATE TABLE");
    insert_series(conn, "quick", 1, 3000, "");
    insert_series(conn, "kept", 1, 10, "");
    pgt_expect_command(conn, "DELETE FROM quick WHERE id <= 2500", "DELETE 2500");
    pgt_expect_command(conn, "DELETE FROM kept WHERE id <= 5", "DELETE 5");
    /* 2500 rows to sweep are more than one slice. */
    expect_eventually(conn, "SELECT count(*) FROM quick WHERE _deleted", "0");
    pgt_expect_value(conn, "SELECT count(*) FROM quick", "500");
    pgt_expect_value(conn, "SELECT min(id) FROM quick", "2501");
    /* The default retention (168 hours) keeps them. */
    harness_sleep_ms(300);
    pgt_expect_value(conn, "SELECT count(*) FROM kept WHERE _deleted", "5");
    pgt_expect_value(conn, "SELECT count(*) FROM kept", "5");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(stream_tables_in_a_namespace_from_fresh_sessions)
{
    test_server s;
    pgt_start(&s, "stream", fast_sweep);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE SCHEMA test_ns", "CREATE SCHEMA");
    pgt_expect_command(conn,
            "CREATE TABLE test_ns.events (id int, kind text) "
            "WITH (type = 'stream', ttl_seconds = 3600, max_buffer = 5)",
            "CREATE TABLE");
    pgt_expect_command(conn,
            "CREATE TABLE test_ns.notes (id int PRIMARY KEY, body text) WITH (type = 'user')",
            "CREATE TABLE");
    pgt_expect_command(conn, "CREATE TABLE test_ns.config (k text PRIMARY KEY, v text)", "CREATE TABLE");
    PQfinish(conn);

    /* A brand-new session writes through qualified names... */
    conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "INSERT INTO test_ns.events VALUES (1, 'a'), (2, 'b')", "INSERT 0 2");
    pgt_expect_command(conn, "INSERT INTO test_ns.events VALUES (3, 'c')", "INSERT 0 1");
    pgt_expect_command(conn, "INSERT INTO test_ns.notes VALUES (1, 'n')", "INSERT 0 1");
    pgt_expect_command(conn, "INSERT INTO test_ns.config VALUES ('mode', 'on')", "INSERT 0 1");
    PQfinish(conn);
    /* ...and another reads through search_path. */
    conn = pgt_connect(&s, "options='-c search_path=test_ns'");
    pgt_expect_value(conn,
                     "SELECT string_agg(id::text, ',') FROM (SELECT id FROM events ORDER BY id) x",
                     "1,2,3");
    pgt_expect_value(conn, "SELECT body FROM notes WHERE id = 1", "n");
    pgt_expect_value(conn, "SELECT v FROM config", "on");
    pgt_expect_sqlstate(conn, "SELECT * FROM public.events", "42P01");

    /* Stream tables: no system columns, append-only. */
    expect_columns(conn, "SELECT * FROM events", "id,kind");
    pgt_expect_sqlstate(conn, "SELECT _seq FROM events", "42703");
    pgt_expect_error_message(conn, "UPDATE events SET kind = 'x'", "0A000",
                         "cannot UPDATE a stream table: stream tables are append-only");
    pgt_expect_error_message(conn, "DELETE FROM events", "0A000",
                         "cannot DELETE a stream table: stream tables are append-only");
    /* max_buffer = 5: the oldest rows go, within a statement too. */
    pgt_expect_command(conn, "INSERT INTO events VALUES (4, 'd'), (5, 'e'), (6, 'f')", "INSERT 0 3");
    pgt_expect_value(conn, "SELECT string_agg(id::text, ',') FROM events", "2,3,4,5,6");
    insert_series(conn, "events", 100, 111, ", 'bulk'");
    pgt_expect_value(conn, "SELECT string_agg(id::text, ',') FROM events",
                     "107,108,109,110,111");

    /* ttl_seconds = 1: visible, invisible after a second, then swept from storage. */
    pgt_expect_command(conn, "CREATE TABLE ticks (n int) WITH (type = 'stream', ttl_seconds = 1)",
            "CREATE TABLE");
    insert_series(conn, "ticks", 1, 50, "");
    pgt_expect_value(conn, "SELECT count(*) FROM ticks", "50");
    expect_eventually(conn, "SELECT count(*) FROM ticks", "0");
    PQfinish(conn);
    /* Give the sweep (every 50 ms) time to pass, then look at the stored keys: only the
     * five rows of events may remain in the stream key space. */
    harness_sleep_ms(500);
    ck_assert_int_eq(server_stop(&s, STOP_TIMEOUT_MS), 0);
    ck_assert_uint_eq(count_keys_in_space(&s, KEY_SPACE_STREAM_ROW), 5);
    ck_assert_msg(server_restart(&s), "restart failed");
    conn = pgt_connect(&s, NULL);
    pgt_expect_value(conn, "SELECT count(*) FROM test_ns.events", "5");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(bad_table_options)
{
    test_server s;
    pgt_start(&s, "options", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_error_message(conn, "CREATE TABLE e (a int) WITH (type = 'stream')", "42P16",
                         "stream table \"e\" requires the ttl_seconds option");
    pgt_expect_error_message(conn, "CREATE TABLE e (a int) WITH (type = 'stream', ttl_seconds = -5)",
                         "22023", "value -5 out of bounds for option \"ttl_seconds\"");
    pgt_expect_error_message(conn,
                         "CREATE TABLE e (a int) WITH (type = 'stream', ttl_seconds = 'soon')",
                         "22023", "invalid value for integer option \"ttl_seconds\": soon");
    pgt_expect_error_message(conn,
                         "CREATE TABLE e (a int) WITH (type = 'stream', ttl_seconds = 5, "
                         "max_buffer = 0)",
                         "22023", "value 0 out of bounds for option \"max_buffer\"");
    pgt_expect_error_message(conn, "CREATE TABLE e (a int) WITH (type = 'queue')", "22023",
                         "invalid table type \"queue\"");
    pgt_expect_error_message(conn, "CREATE TABLE e (a int) WITH (ttl_seconds = 5)", "22023",
                         "option \"ttl_seconds\" is not valid for shared tables");
    pgt_expect_error_message(conn,
                         "CREATE TABLE e (a int) WITH (type = 'stream', ttl_seconds = 5, "
                         "deleted_retention_hours = 1)",
                         "22023",
                         "option \"deleted_retention_hours\" is not valid for stream tables");
    pgt_expect_sqlstate(conn,
                     "CREATE TABLE e (a int PRIMARY KEY) WITH (type = 'stream', ttl_seconds = 5)",
                     "0A000");
    pgt_expect_sqlstate(conn, "CREATE TABLE e (a int) WITH (type = 'user', type = 'shared')", "22023");
    pgt_expect_sqlstate(conn, "CREATE SCHEMA system", "42939");
    pgt_expect_sqlstate(conn, "CREATE SCHEMA pg_mine", "42939");
    pgt_expect_sqlstate(conn, "CREATE SCHEMA information_schema", "42939");
    /* Nothing was created by the failed statements. */
    pgt_expect_sqlstate(conn, "SELECT * FROM e", "42P01");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *table_kinds_suite(void)
{
    Suite *suite = suite_create("table_kinds");
    TCase *tc = tcase_create("table_kinds");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, system_columns_and_soft_delete);
    tcase_add_test(tc, system_columns_and_soft_delete_in_joins);
    tcase_add_test(tc, seq_stays_increasing_across_kill9);
    tcase_add_test(tc, retention_sweep_purges_old_soft_deletes);
    tcase_add_test(tc, stream_tables_in_a_namespace_from_fresh_sessions);
    tcase_add_test(tc, bad_table_options);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(table_kinds_suite(), NULL);
}
