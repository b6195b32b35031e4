/* Unit tests for the system.* tables through the query layer (no server): a catalog in a
 * temporary LevelDB with a dba-less `user` role written beside the bootstrap superuser,
 * and a stub session list. Covers what the integration tests cannot reach before roles can
 * be created by SQL: system.users refused to a `user` (42501), other users' session
 * queries hidden, and the rows each table generates. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/types.h"
#include "query/execute.h"
#include "query/parse.h"
#include "query/system_tables.h"
#include "storage/key_encoding.h"

#define MAX_ROWS 64
#define MAX_COLUMNS 8

typedef struct collected {
    int column_count;
    char names[MAX_COLUMNS][64];
    char text[MAX_ROWS][MAX_COLUMNS][128]; /* "<null>" for NULL */
    int rows;
} collected;

static char directory[64];
static kv_store *store;
static catalog *cat;
static arena *memory;

static bool collect_columns(void *state, query_context *ctx, const result_column *columns,
                            int count)
{
    (void)ctx;
    collected *c = state;
    c->column_count = count;
    for (int i = 0; i < count && i < MAX_COLUMNS; i++)
        snprintf(c->names[i], sizeof c->names[i], "%s", columns[i].name);
    return true;
}

static bool collect_row(void *state, query_context *ctx, const value *values, int count)
{
    collected *c = state;
    ck_assert_int_lt(c->rows, MAX_ROWS);
    for (int i = 0; i < count && i < MAX_COLUMNS; i++) {
        const char *text = "<null>";
        size_t length = 6;
        if (!values[i].is_null && !value_to_text(ctx, &values[i], &text, &length))
            return false;
        snprintf(c->text[c->rows][i], sizeof c->text[c->rows][i], "%.*s", (int)length, text);
    }
    c->rows++;
    return true;
}

/* Two sessions: alice's own and bob's. */
static bool stub_sessions(void *arg, query_context *ctx, session_visitor visit, void *visit_arg)
{
    (void)arg;
    session_activity sessions[2] = {
        {1, 11, "alice", "psql", "127.0.0.1:1", "active", "SELECT 'alice'", 0},
        {2, 12, "bob", "app", "127.0.0.1:2", "idle", "SELECT 'secret of bob'", 0},
    };
    for (int i = 0; i < 2; i++) {
        if (!visit(visit_arg, ctx, &sessions[i]))
            return false;
    }
    return true;
}

static void open_catalog(void)
{
    char *error = NULL;
    ck_assert_int_eq(catalog_open(store, &cat, &error), CATALOG_OK);
}

/* A role record as the catalog stores it (roles cannot be created through SQL yet). */
static void write_role(uint64_t id, const char *name, const char *kind)
{
    key_buffer k;
    key_init(&k);
    key_append_byte(&k, KEY_SPACE_CATALOG);
    key_append_byte(&k, CATALOG_KIND_ROLE);
    key_append_uint64(&k, id);
    char json[256];
    snprintf(json, sizeof json,
             "{\"id\":%llu,\"name\":\"%s\",\"role\":\"%s\",\"created_at\":\"2026-01-02T03:04:05Z\"}",
             (unsigned long long)id, name, kind);
    kv_batch *batch = kv_batch_create();
    kv_batch_put(batch, k.bytes, k.length, json, strlen(json));
    char *error = NULL;
    ck_assert_int_eq(kv_batch_write(store, batch, true, &error), KV_OK);
    kv_batch_destroy(batch);
}

static void setup(void)
{
    snprintf(directory, sizeof directory, "/tmp/quill-unit-system-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(directory));
    kv_options options = {KV_DEFAULT_BLOCK_CACHE_BYTES, KV_DEFAULT_WRITE_BUFFER_BYTES};
    char *error = NULL;
    ck_assert_int_eq(kv_open(directory, &options, &store, &error), KV_OK);
    open_catalog();
    ck_assert_int_eq(catalog_initialize(cat, "postgres", NULL, &error), CATALOG_OK);
    catalog_close(cat);
    write_role(20, "alice", "user");
    write_role(21, "ops", "dba");
    open_catalog();
    memory = arena_create(4096);
    ck_assert_ptr_nonnull(memory);
}

static void teardown(void)
{
    arena_destroy(memory);
    catalog_close(cat);
    kv_close(store);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", directory);
    ck_assert_int_eq(system(command), 0);
}

/* Runs one statement as user; returns NULL on success or the SQLSTATE. */
static const char *run_as(const char *user, const char *sql, collected *out, sql_error *error)
{
    static char sqlstate[6];
    memset(out, 0, sizeof *out);
    arena_reset(memory);
    const catalog_role *role = catalog_find_role(cat, user);
    ck_assert_ptr_nonnull(role);
    query_context ctx = {.arena = memory,
                         .query_text = sql,
                         .query_length = strlen(sql),
                         .current_user = user,
                         .session_user = user,
                         .database = "db",
                         .catalog = cat,
                         .store = store,
                         .role_id = role->id,
                         .current_role = role->kind,
                         .session_role_id = role->id,
                         .session_role = role->kind,
                         .search_path = "\"$user\", public",
                         .extra_float_digits = 1,
                         .list_sessions = stub_sessions};
    ctx.datetime.time_zone = "UTC";
    parse_result parsed;
    bool ok = query_parse(&ctx, &parsed);
    for (int i = 0; ok && i < parsed.count; i++) {
        result_sink sink = {out, collect_columns, collect_row};
        char tag[COMMAND_TAG_MAX];
        ok = execute_statement(&ctx, &parsed.statements[i], &sink, tag);
    }
    parse_result_free(&parsed);
    if (ok)
        return NULL;
    *error = ctx.error;
    snprintf(sqlstate, sizeof sqlstate, "%s", ctx.error.sqlstate);
    return sqlstate;
}

static void ok_as(const char *user, const char *sql, collected *out)
{
    sql_error error;
    const char *failed = run_as(user, sql, out, &error);
    ck_assert_msg(failed == NULL, "[%s] as %s failed: %s %s", sql, user, failed,
                  failed != NULL ? error.message : "");
}

static void fails_as(const char *user, const char *sql, const char *sqlstate, const char *message)
{
    collected out;
    sql_error error;
    const char *failed = run_as(user, sql, &out, &error);
    ck_assert_msg(failed != NULL, "[%s] as %s succeeded", sql, user);
    ck_assert_str_eq(failed, sqlstate);
    ck_assert_str_eq(error.message, message);
}

START_TEST(users_only_for_dba_and_system)
{
    collected out;
    ok_as("postgres", "SELECT user_name, role, created_at FROM system.users ORDER BY user_name", &out);
    ck_assert_int_eq(out.rows, 3);
    ck_assert_str_eq(out.text[0][0], "alice");
    ck_assert_str_eq(out.text[0][1], "user");
    ck_assert_str_eq(out.text[0][2], "2026-01-02 03:04:05+00");
    ck_assert_str_eq(out.text[1][0], "ops");
    ck_assert_str_eq(out.text[1][1], "dba");
    ck_assert_str_eq(out.text[2][0], "postgres");
    ck_assert_str_eq(out.text[2][1], "system");
    ok_as("ops", "SELECT count(*) FROM system.users", &out);
    ck_assert_str_eq(out.text[0][0], "3");
    /* Never a verifier or secret: these are all the columns there are. */
    ok_as("ops", "SELECT * FROM system.users", &out);
    ck_assert_int_eq(out.column_count, 3);

    fails_as("alice", "SELECT * FROM system.users", "42501", "permission denied for table users");
    fails_as("alice", "SELECT n.namespace FROM system.namespaces n JOIN system.users u ON true",
             "42501", "permission denied for table users");
    fails_as("alice", "SELECT 1 WHERE EXISTS (SELECT 1 FROM system.users)", "42501",
             "permission denied for table users");
    /* system.tables says how many rows only to those who may read them. */
    ok_as("alice", "SELECT row_count FROM system.tables WHERE table_name = 'users'", &out);
    ck_assert_str_eq(out.text[0][0], "<null>");
    ok_as("ops", "SELECT row_count FROM system.tables WHERE table_name = 'users'", &out);
    ck_assert_str_eq(out.text[0][0], "3");
}
END_TEST

START_TEST(sessions_hide_other_users_queries)
{
    collected out;
    ok_as("alice", "SELECT process_id, user_name, application_name, state, query, client_address "
                   "FROM system.sessions ORDER BY process_id", &out);
    ck_assert_int_eq(out.rows, 2);
    ck_assert_str_eq(out.text[0][0], "11");
    ck_assert_str_eq(out.text[0][3], "active");
    ck_assert_str_eq(out.text[0][4], "SELECT 'alice'");
    ck_assert_str_eq(out.text[1][1], "bob");
    ck_assert_str_eq(out.text[1][2], "app");
    ck_assert_str_eq(out.text[1][3], "<null>");
    ck_assert_str_eq(out.text[1][4], "<insufficient privilege>");
    ck_assert_str_eq(out.text[1][5], "<null>");
    ok_as("ops", "SELECT query FROM system.sessions WHERE user_name = 'bob'", &out);
    ck_assert_str_eq(out.text[0][0], "SELECT 'secret of bob'");
    ok_as("postgres", "SELECT count(*) FROM system.sessions WHERE state = 'idle'", &out);
    ck_assert_str_eq(out.text[0][0], "1");
}
END_TEST

START_TEST(catalog_tables_and_columns)
{
    collected out;
    ok_as("postgres", "CREATE SCHEMA app", &out);
    ok_as("postgres",
          "CREATE TABLE app.items (id serial PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', "
          "price numeric(8,2) DEFAULT -1.5, seen timestamptz DEFAULT now(), "
          "flag boolean DEFAULT (NOT true), n int DEFAULT 1 + 2 * 3)",
          &out);
    ok_as("postgres", "ALTER TABLE app.items DROP COLUMN flag", &out);
    ok_as("postgres", "SELECT namespace, owner, table_count FROM system.namespaces ORDER BY namespace", &out);
    ck_assert_int_eq(out.rows, 3);
    ck_assert_str_eq(out.text[0][0], "app");
    ck_assert_str_eq(out.text[0][1], "postgres");
    ck_assert_str_eq(out.text[0][2], "1");
    ck_assert_str_eq(out.text[1][0], "public");
    ck_assert_str_eq(out.text[2][0], "system");
    ck_assert_str_eq(out.text[2][2], "5");

    ok_as("postgres", "SELECT namespace, table_name, table_type, owner, is_visible, "
                      "created_at IS NOT NULL FROM system.tables WHERE namespace <> 'system'", &out);
    ck_assert_int_eq(out.rows, 1);
    ck_assert_str_eq(out.text[0][1], "items");
    ck_assert_str_eq(out.text[0][2], "shared");
    ck_assert_str_eq(out.text[0][3], "postgres");
    ck_assert_str_eq(out.text[0][4], "f"); /* app is not on the search_path */
    ck_assert_str_eq(out.text[0][5], "t");

    ok_as("postgres", "SELECT column_name, ordinal_position, data_type, is_nullable, column_default, "
                      "is_primary_key FROM system.columns WHERE table_name = 'items' "
                      "ORDER BY ordinal_position", &out);
    ck_assert_int_eq(out.rows, 5);
    const char *expected[5][6] = {
        {"id", "1", "integer", "f", "nextval('app.items_id_seq')", "t"},
        {"name", "2", "character varying(20)", "f", "'x'", "f"},
        {"price", "3", "numeric(8,2)", "t", "-1.5", "f"},
        {"seen", "4", "timestamp with time zone", "t", "now()", "f"},
        {"n", "6", "integer", "t", "(1 + (2 * 3))", "f"},
    };
    for (int r = 0; r < 5; r++)
        for (int c = 0; c < 6; c++)
            ck_assert_msg(strcmp(out.text[r][c], expected[r][c]) == 0, "row %d column %d: %s, not %s",
                          r, c, out.text[r][c], expected[r][c]);

    /* The system tables describe themselves. */
    ok_as("postgres", "SELECT string_agg(column_name, ',') FROM system.columns "
                      "WHERE namespace = 'system' AND table_name = 'users'", &out);
    ck_assert_str_eq(out.text[0][0], "user_name,role,created_at");
    ok_as("postgres", "SELECT row_count FROM system.tables WHERE table_name = 'namespaces'", &out);
    ck_assert_str_eq(out.text[0][0], "3");
}
END_TEST

START_TEST(writes_are_refused)
{
    fails_as("postgres", "INSERT INTO system.tables (namespace) VALUES ('x')", "42501",
             "permission denied for table tables");
    fails_as("postgres", "UPDATE system.users SET role = 'dba'", "42501",
             "permission denied for table users");
    fails_as("postgres", "DELETE FROM system.sessions", "42501",
             "permission denied for table sessions");
    fails_as("postgres", "TRUNCATE system.columns", "42501", "permission denied for table columns");
    fails_as("postgres", "DROP TABLE system.namespaces", "42501",
             "permission denied for table namespaces");
    fails_as("postgres", "DROP TABLE IF EXISTS system.namespaces", "42501",
             "permission denied for table namespaces");
    fails_as("postgres", "ALTER TABLE system.tables ADD COLUMN x int", "42501",
             "permission denied for table tables");
    fails_as("postgres", "ALTER TABLE IF EXISTS system.tables RENAME TO t", "42501",
             "permission denied for table tables");
    fails_as("postgres", "CREATE TABLE system.mine (a int)", "42501",
             "permission denied for schema system");
    fails_as("postgres", "CREATE SEQUENCE system.s", "42501", "permission denied for schema system");
    fails_as("postgres", "DROP SCHEMA system", "2BP01",
             "cannot drop schema system because it is required by the database system");
    fails_as("postgres", "CREATE SCHEMA system", "42939", "unacceptable schema name \"system\"");
    fails_as("postgres", "SELECT * FROM system.nothing", "42P01",
             "relation \"system.nothing\" does not exist");
    /* Qualified only: system is not on search_path. */
    fails_as("postgres", "SELECT * FROM tables", "42P01", "relation \"tables\" does not exist");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("system_tables");
    TCase *tc = tcase_create("system");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, users_only_for_dba_and_system);
    tcase_add_test(tc, sessions_hide_other_users_queries);
    tcase_add_test(tc, catalog_tables_and_columns);
    tcase_add_test(tc, writes_are_refused);
    suite_add_tcase(s, tc);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
