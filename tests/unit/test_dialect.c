/* Unit tests for the KalamDB-dialect rewriter: every form, inside multi-statement strings,
 * with comments and quoted identifiers around the keywords, in any letter case; what is
 * not dialect passes through byte for byte; errors; positions mapped back. */
#include <check.h>
#include <string.h>

#include "query/dialect.h"

static arena *memory;
static query_context ctx;
static dialect_rewrite result;

static void setup(void)
{
    memory = arena_create(4096);
    ck_assert_ptr_nonnull(memory);
}

static void teardown(void)
{
    arena_destroy(memory);
}

static bool run(const char *sql)
{
    arena_reset(memory);
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = memory;
    ctx.query_text = sql;
    ctx.query_length = strlen(sql);
    return dialect_rewrite_query(&ctx, sql, strlen(sql), &result);
}

/* The rewrite of sql must be exactly expected. */
static void expect(const char *sql, const char *expected)
{
    ck_assert_msg(run(sql), "rewrite of [%s] failed: %s", sql, ctx.error.message);
    ck_assert_msg(strlen(result.text) == result.length, "length of [%s]", sql);
    ck_assert_msg(strcmp(result.text, expected) == 0, "rewrite of [%s]\n  got      [%s]\n  expected [%s]",
                  sql, result.text, expected);
}

/* sql is not dialect: it passes through untouched (the very same text). */
static void unchanged(const char *sql)
{
    ck_assert_msg(run(sql), "rewrite of [%s] failed: %s", sql, ctx.error.message);
    ck_assert_msg(result.text == sql && result.edit_count == 0, "[%s] was rewritten to [%s]", sql,
                  result.text);
}

static void fails(const char *sql, const char *sqlstate, const char *message)
{
    ck_assert_msg(!run(sql), "[%s] was accepted: [%s]", sql, result.text);
    ck_assert_str_eq(ctx.error.sqlstate, sqlstate);
    ck_assert_str_eq(ctx.error.message, message);
}

#define SHOW_TABLES                                                                          \
    "SELECT namespace, table_name, table_type FROM system.tables WHERE namespace <> 'system' " \
    "ORDER BY namespace, table_name"
#define SHOW_TABLES_IN(ns)                                                                 \
    "SELECT namespace, table_name, table_type FROM system.tables WHERE namespace = " ns " " \
    "ORDER BY table_name"
#define SHOW_NAMESPACES "SELECT namespace FROM system.namespaces ORDER BY namespace"
#define DESCRIBE_QUALIFIED(ns, t)                                                               \
    "SELECT column_name, data_type, is_nullable, column_default, is_primary_key FROM "        \
    "system.columns WHERE namespace = " ns " AND table_name = " t " ORDER BY ordinal_position"
#define DESCRIBE_VISIBLE(t)                                                                    \
    "SELECT c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_primary_key " \
    "FROM system.columns c JOIN system.tables t ON t.namespace = c.namespace AND "          \
    "t.table_name = c.table_name WHERE t.is_visible AND c.table_name = " t                  \
    " ORDER BY c.ordinal_position"

START_TEST(namespaces)
{
    expect("CREATE NAMESPACE app", "CREATE SCHEMA app");
    expect("create namespace if not exists app", "create SCHEMA if not exists app");
    expect("Create /* kind */ Namespace \"My App\";", "Create /* kind */ SCHEMA \"My App\";");
    expect("DROP NAMESPACE app", "DROP SCHEMA app");
    expect("drop namespace if exists app cascade", "drop SCHEMA if exists app cascade");
    expect("DROP NAMESPACE app RESTRICT", "DROP SCHEMA app RESTRICT");
    expect("drop -- line comment\nNAMESPACE a, b", "drop -- line comment\nSCHEMA a, b");
}
END_TEST

START_TEST(table_kinds)
{
    expect("CREATE USER TABLE app.notes (id int PRIMARY KEY, body text)",
           "CREATE TABLE app.notes (id int PRIMARY KEY, body text) WITH (type = 'user')");
    expect("create shared table t (a int)", "create table t (a int) WITH (type = 'shared')");
    expect("CREATE STREAM TABLE app.events (at timestamptz, v int) WITH (ttl_seconds = 10)",
           "CREATE TABLE app.events (at timestamptz, v int) WITH (type = 'stream', ttl_seconds = 10)");
    expect("CREATE STREAM TABLE IF NOT EXISTS e (v int) WITH (ttl_seconds = 10, max_buffer = 5);",
           "CREATE TABLE IF NOT EXISTS e (v int) WITH (type = 'stream', ttl_seconds = 10, "
           "max_buffer = 5);");
    /* Options go before what follows WITH in CREATE TABLE's grammar. */
    expect("CREATE USER TABLE t (a int) TABLESPACE x",
           "CREATE TABLE t (a int) WITH (type = 'user') TABLESPACE x");
    expect("CREATE USER TABLE t (a int) ON COMMIT DROP",
           "CREATE TABLE t (a int) WITH (type = 'user') ON COMMIT DROP");
    expect("CREATE USER TABLE t AS SELECT 1", "CREATE TABLE t WITH (type = 'user') AS SELECT 1");
    /* A trailing comment stays a comment: the options go after the last token. */
    expect("CREATE USER TABLE t (a int) -- the end", "CREATE TABLE t (a int) WITH (type = 'user') -- the end");
    /* Column definitions do not confuse it: WITH, AS and DEFAULT inside parentheses. */
    expect("create user table t (\"with\" int default 1, \"as\" text, ts timestamp with time zone)",
           "create table t (\"with\" int default 1, \"as\" text, ts timestamp with time zone) "
           "WITH (type = 'user')");
    /* Comments and quoted identifiers around the keywords. */
    expect("CREATE /*a*/ STREAM /*b*/ TABLE /*c*/ \"Ns\".\"Ev\" (v int) /*d*/ WITH /*e*/ (ttl_seconds=1)",
           "CREATE /*a*/ /*b*/ TABLE /*c*/ \"Ns\".\"Ev\" (v int) /*d*/ WITH /*e*/ (type = 'stream', "
           "ttl_seconds=1)");
    /* A type written there as well is left for CREATE TABLE to refuse as given twice. */
    expect("CREATE USER TABLE t (a int) WITH (type = 'shared')",
           "CREATE TABLE t (a int) WITH (type = 'user', type = 'shared')");
    expect("CREATE STREAM TABLE t (a int) WITH ()", "CREATE TABLE t (a int) WITH (type = 'stream')");
}
END_TEST

START_TEST(use_and_show)
{
    expect("USE app", "SET search_path = app");
    expect("use \"My App\";", "SET search_path = \"My App\";");
    expect("SHOW TABLES", SHOW_TABLES);
    expect("show tables;", SHOW_TABLES ";");
    expect("SHOW TABLES IN app", SHOW_TABLES_IN("'app'"));
    expect("show tables from App", SHOW_TABLES_IN("'app'"));
    expect("SHOW TABLES IN \"It's\"", SHOW_TABLES_IN("'It''s'"));
    expect("SHOW /* c */ TABLES /* d */ IN /* e */ x", SHOW_TABLES_IN("'x'"));
    expect("SHOW NAMESPACES", SHOW_NAMESPACES);
    expect("Show Namespaces ;", SHOW_NAMESPACES " ;");
}
END_TEST

START_TEST(describe)
{
    expect("DESCRIBE TABLE app.notes", DESCRIBE_QUALIFIED("'app'", "'notes'"));
    expect("describe app.notes", DESCRIBE_QUALIFIED("'app'", "'notes'"));
    expect("DESCRIBE TABLE notes", DESCRIBE_VISIBLE("'notes'"));
    expect("describe Notes", DESCRIBE_VISIBLE("'notes'"));
    expect("DESCRIBE \"Odd \"\"Name\"\"\"", DESCRIBE_VISIBLE("'Odd \"Name\"'"));
    /* A table may be named like a non-reserved keyword. */
    expect("DESCRIBE TABLE tables", DESCRIBE_VISIBLE("'tables'"));
    /* Not a form it knows: left for the parser's syntax error. */
    unchanged("DESCRIBE TABLE");
    unchanged("DESCRIBE a b");
}
END_TEST

START_TEST(create_user)
{
    expect("CREATE USER 'alice' WITH PASSWORD 'p' ROLE user", "CREATE USER \"alice\" WITH PASSWORD 'p'");
    expect("CREATE USER 'alice' WITH PASSWORD 'p'", "CREATE USER \"alice\" WITH PASSWORD 'p'");
    expect("create user 'svc' with password 'p' role service",
           "create ROLE \"svc\" with LOGIN password 'p' IN ROLE service");
    expect("CREATE USER 'Ops' PASSWORD 'x''y' ROLE DBA",
           "CREATE ROLE \"Ops\" LOGIN PASSWORD 'x''y' IN ROLE dba");
    expect("CREATE USER 'a\"b' WITH PASSWORD 'p' ROLE 'service'",
           "CREATE ROLE \"a\"\"b\" WITH LOGIN PASSWORD 'p' IN ROLE service");
    fails("CREATE USER 'x' WITH PASSWORD 'p' ROLE admin", "22023", "invalid role \"admin\"");
    ck_assert_str_eq(ctx.error.hint, "Valid roles are user, service and dba.");
    ck_assert_int_eq(ctx.error.position, 40);
    fails("CREATE USER 'x' WITH PASSWORD 'p' ROLE system", "22023", "invalid role \"system\"");
    /* PostgreSQL's own CREATE USER is not dialect. */
    unchanged("CREATE USER alice WITH PASSWORD 'p'");
    unchanged("CREATE USER bob WITH PASSWORD 'p' ROLE alice");
}
END_TEST

START_TEST(execute_as)
{
    expect("EXECUTE AS USER 'alice' (SELECT * FROM t)", "                         SELECT * FROM t ");
    ck_assert_int_eq(result.impersonation_count, 1);
    ck_assert_str_eq(result.impersonations[0].user, "alice");
    ck_assert_int_eq((int)result.impersonations[0].location, 0);
    ck_assert_ptr_nonnull(dialect_impersonation_at(&result, 0, 41));

    /* The inner statement is rewritten too; the user may be an identifier. */
    expect("SELECT 1; execute as user Bob ( SHOW TABLES ); SELECT 2",
           "SELECT 1;                       " SHOW_TABLES "  ; SELECT 2");
    ck_assert_int_eq(result.impersonation_count, 1);
    ck_assert_str_eq(result.impersonations[0].user, "bob");
    ck_assert_int_eq((int)result.impersonations[0].location, 10);
    ck_assert_ptr_null(dialect_impersonation_at(&result, 0, 8));
    ck_assert_ptr_nonnull(dialect_impersonation_at(&result, 9, 200));

    fails("EXECUTE AS USER 'a' (SELECT 1; SELECT 2)", "42601",
          "EXECUTE AS USER must wrap exactly one statement in parentheses");
    fails("EXECUTE AS USER 'a' ()", "42601",
          "EXECUTE AS USER must wrap exactly one statement in parentheses");
    fails("EXECUTE AS USER 'a' (SELECT 1) SELECT 2", "42601",
          "EXECUTE AS USER must wrap exactly one statement in parentheses");
    fails("EXECUTE AS USER 'a' (EXECUTE AS USER 'b' (SELECT 1))", "0A000",
          "feature not supported: nested EXECUTE AS USER");
    /* PostgreSQL's EXECUTE of a prepared statement is not dialect. */
    unchanged("EXECUTE plan(1, 2)");
}
END_TEST

START_TEST(multi_statement_strings)
{
    expect("CREATE NAMESPACE app; USE app; CREATE USER TABLE notes (id int); SHOW TABLES IN app; "
           "DESCRIBE TABLE notes; SHOW NAMESPACES; DROP NAMESPACE app CASCADE",
           "CREATE SCHEMA app; SET search_path = app; CREATE TABLE notes (id int) WITH (type = "
           "'user'); " SHOW_TABLES_IN("'app'") "; " DESCRIBE_VISIBLE("'notes'") "; " SHOW_NAMESPACES
           "; DROP SCHEMA app CASCADE");
    /* Statement boundaries come from tokens: a ';' in a string or comment is no boundary. */
    expect("SELECT ';' AS x; /* ; */ USE app -- ; show tables\n;show namespaces",
           "SELECT ';' AS x; /* ; */ SET search_path = app -- ; show tables\n;" SHOW_NAMESPACES);
}
END_TEST

START_TEST(not_dialect)
{
    unchanged("SELECT 1");
    unchanged("SELECT namespace, \"user\" FROM t WHERE namespace = 'CREATE NAMESPACE x'");
    unchanged("INSERT INTO t (namespace) VALUES ('CREATE USER TABLE t (a int)')");
    unchanged("SELECT 'USE app; SHOW TABLES; DESCRIBE t'");
    unchanged("SHOW search_path");
    unchanged("show tables_and_more");
    unchanged("SHOW ALL");
    unchanged("CREATE TABLE namespace (namespace text)");
    unchanged("CREATE SCHEMA namespace");
    unchanged("CREATE TABLE t (a int) WITH (fillfactor = 10)");
    unchanged("-- USE app\nSELECT 1 /* SHOW TABLES */");
    unchanged("CREATE \"USER\" TABLE t (a int)");
    unchanged("USE");
    unchanged("USE a.b");
    unchanged("SELECT $$ CREATE NAMESPACE x $$");
    unchanged("DROP TABLE users");
    /* Text the scanner rejects is the parser's to report. */
    unchanged("SELECT 'unterminated; USE app");
    unchanged("");
}
END_TEST

START_TEST(positions_map_back)
{
    /* Rewritten text shifts later statements; positions map back to the client's text. */
    const char *sql = "USE app; SELECT nope";
    ck_assert(run(sql));
    const char *at = strstr(result.text, "nope");
    int rewritten = (int)(at - result.text) + 1;
    ck_assert_int_eq(dialect_original_position(&result, rewritten), (int)(strstr(sql, "nope") - sql) + 1);
    /* Inside generated text: the start of the dialect words it replaced. */
    sql = "SELECT 1; SHOW TABLES";
    ck_assert(run(sql));
    ck_assert_int_eq(dialect_original_position(&result, (int)strlen(result.text)), 11);
    /* Characters, not bytes: a multibyte name before the position. */
    sql = "SHOW TABLES IN \"ñ\"; SELECT nope";
    ck_assert(run(sql));
    at = strstr(result.text, "nope");
    int characters = 0;
    for (const char *p = result.text; p <= at; p++)
        characters += ((unsigned char)*p & 0xC0) != 0x80;
    ck_assert_int_eq(dialect_original_position(&result, characters), 28);
    /* Blanked wrapper: byte offsets are unchanged, but 'ü' became two spaces. */
    sql = "EXECUTE AS USER 'ü' (SELECT nope)";
    ck_assert(run(sql));
    ck_assert_int_eq(dialect_original_position(&result, 30), 29);
    /* Nothing rewritten: positions are what they were. */
    ck_assert(run("SELECT nope"));
    ck_assert_int_eq(dialect_original_position(&result, 8), 8);
}
END_TEST

static Suite *dialect_suite(void)
{
    Suite *s = suite_create("dialect");
    TCase *tc = tcase_create("rewrite");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, namespaces);
    tcase_add_test(tc, table_kinds);
    tcase_add_test(tc, use_and_show);
    tcase_add_test(tc, describe);
    tcase_add_test(tc, create_user);
    tcase_add_test(tc, execute_as);
    tcase_add_test(tc, multi_statement_strings);
    tcase_add_test(tc, not_dialect);
    tcase_add_test(tc, positions_map_back);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(dialect_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? 0 : 1;
}
