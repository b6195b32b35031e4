/* Unit tests for expression typing and evaluation through the query layer (no server). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/execute.h"
#include "query/parse.h"

typedef struct collected {
    int column_count;
    uint32_t types[8];
    char names[8][64];
    char text[8][256];
    bool is_null[8];
    int rows;
} collected;

static bool collect_columns(void *state, query_context *ctx, const result_column *columns,
                            int count)
{
    (void)ctx;
    collected *c = state;
    c->column_count = count;
    for (int i = 0; i < count && i < 8; i++) {
        c->types[i] = columns[i].type;
        snprintf(c->names[i], sizeof c->names[i], "%s", columns[i].name);
    }
    return true;
}

static bool collect_row(void *state, query_context *ctx, const value *values, int count)
{
    collected *c = state;
    c->rows++;
    for (int i = 0; i < count && i < 8; i++) {
        c->is_null[i] = values[i].is_null;
        if (values[i].is_null)
            continue;
        const char *text;
        size_t length;
        if (!value_to_text(ctx, &values[i], &text, &length))
            return false;
        snprintf(c->text[i], sizeof c->text[i], "%.*s", (int)length, text);
    }
    return true;
}

/* Runs one statement; returns NULL on success or the SQLSTATE of the failure. */
static const char *run(const char *sql, collected *out, arena *a, sql_error *error)
{
    memset(out, 0, sizeof *out);
    query_context ctx = {.arena = a,
                         .query_text = sql,
                         .query_length = strlen(sql),
                         .current_user = "alice",
                         .session_user = "alice",
                         .database = "db",
                         .extra_float_digits = 1};
    static char sqlstate[6];
    parse_result parsed;
    if (!query_parse(&ctx, &parsed)) {
        *error = ctx.error;
        memcpy(sqlstate, ctx.error.sqlstate, 6);
        return sqlstate;
    }
    ck_assert_int_eq(parsed.count, 1);
    result_sink sink = {out, collect_columns, collect_row};
    char tag[COMMAND_TAG_MAX];
    bool ok = execute_statement(&ctx, &parsed.statements[0], &sink, tag);
    parse_result_free(&parsed);
    if (!ok) {
        *error = ctx.error;
        memcpy(sqlstate, ctx.error.sqlstate, 6);
        return sqlstate;
    }
    return NULL;
}

static arena *a;

static void setup(void)
{
    a = arena_create(4096);
}

static void teardown(void)
{
    arena_destroy(a);
}

static void expect_value(const char *sql, uint32_t type, const char *text)
{
    collected c;
    sql_error e;
    const char *failure = run(sql, &c, a, &e);
    ck_assert_msg(failure == NULL, "%s failed: %s %s", sql, failure, e.message);
    ck_assert_int_eq(c.rows, 1);
    ck_assert_msg(c.types[0] == type, "%s: type %u, expected %u", sql, c.types[0], type);
    if (text == NULL)
        ck_assert_msg(c.is_null[0], "%s: expected NULL", sql);
    else
        ck_assert_msg(!c.is_null[0] && strcmp(c.text[0], text) == 0, "%s: got '%s', expected '%s'",
                      sql, c.text[0], text);
    arena_reset(a);
}

static void expect_error(const char *sql, const char *sqlstate, int position)
{
    collected c;
    sql_error e;
    const char *failure = run(sql, &c, a, &e);
    ck_assert_msg(failure != NULL, "%s should fail with %s", sql, sqlstate);
    ck_assert_msg(strcmp(failure, sqlstate) == 0, "%s: %s (%s), expected %s", sql, failure,
                  e.message, sqlstate);
    if (position >= 0)
        ck_assert_msg(e.position == position, "%s: position %d, expected %d", sql, e.position,
                      position);
    arena_reset(a);
}

START_TEST(literal_types)
{
    expect_value("select 1", TYPE_INT4, "1");
    expect_value("select -5", TYPE_INT4, "-5");
    expect_value("select 0", TYPE_INT4, "0");
    expect_value("select -2147483648", TYPE_INT4, "-2147483648");
    expect_value("select 2147483648", TYPE_INT8, "2147483648");
    expect_value("select 99999999999999999999", TYPE_NUMERIC, "99999999999999999999");
    expect_value("select 1.50", TYPE_NUMERIC, "1.50");
    expect_value("select 1e3", TYPE_NUMERIC, "1000");
    expect_value("select 'abc'", TYPE_TEXT, "abc");
    expect_value("select null", TYPE_TEXT, NULL);
    expect_value("select true", TYPE_BOOL, "t");
}
END_TEST

START_TEST(arithmetic_and_promotion)
{
    expect_value("select 7 / 2", TYPE_INT4, "3");
    expect_value("select -7 / 2", TYPE_INT4, "-3");
    expect_value("select 7 % -3", TYPE_INT4, "1");
    expect_value("select 1 + 2::int8", TYPE_INT8, "3");
    expect_value("select 1::int2 + 1::int2", TYPE_INT2, "2");
    expect_value("select 1 + 1.5", TYPE_NUMERIC, "2.5");
    expect_value("select 1.0 / 3", TYPE_NUMERIC, "0.33333333333333333333");
    expect_value("select 1 + 0.5::float8", TYPE_FLOAT8, "1.5");
    expect_value("select 0.1::float8 + 0.2", TYPE_FLOAT8, "0.30000000000000004");
    expect_value("select 1.5::float4 * 2::float4", TYPE_FLOAT4, "3");
    expect_value("select - (3)", TYPE_INT4, "-3");
    expect_value("select 'a' || 1 || true", TYPE_TEXT, "a1true");
}
END_TEST

START_TEST(arithmetic_errors)
{
    expect_error("select 2147483647 + 1", "22003", -1);
    expect_error("select 9223372036854775807 + 1", "22003", -1);
    expect_error("select (-9223372036854775807 - 1) / -1", "22003", -1);
    expect_error("select 32767::int2 + 1::int2", "22003", -1);
    expect_error("select 1 / 0", "22012", -1);
    expect_error("select 1 % 0", "22012", -1);
    expect_error("select 1.0 / 0", "22012", -1);
    expect_error("select 1::float8 / 0", "22012", -1);
    expect_error("select 1e300::float8 * 1e300::float8", "22003", -1);
}
END_TEST

START_TEST(three_valued_logic)
{
    expect_value("select null and false", TYPE_BOOL, "f");
    expect_value("select null and true", TYPE_BOOL, NULL);
    expect_value("select null or true", TYPE_BOOL, "t");
    expect_value("select null or false", TYPE_BOOL, NULL);
    expect_value("select not null::bool", TYPE_BOOL, NULL);
    expect_value("select null = null", TYPE_BOOL, NULL);
    expect_value("select null is null", TYPE_BOOL, "t");
    expect_value("select 1 is not null", TYPE_BOOL, "t");
    expect_value("select null is distinct from 1", TYPE_BOOL, "t");
    expect_value("select null is not distinct from null", TYPE_BOOL, "t");
    expect_value("select null::bool is unknown", TYPE_BOOL, "t");
    expect_value("select false is not true", TYPE_BOOL, "t");
}
END_TEST

START_TEST(comparisons)
{
    expect_value("select 1 = 1.0", TYPE_BOOL, "t");
    expect_value("select 'abc' < 'abd'", TYPE_BOOL, "t");
    expect_value("select 'a'::char(3) = 'a  '::char(5)", TYPE_BOOL, "t");
    expect_value("select 'NaN'::float8 > 'Infinity'::float8", TYPE_BOOL, "t");
    expect_value("select 'NaN'::float8 = 'NaN'::float8", TYPE_BOOL, "t");
    expect_value("select 2 <> 3", TYPE_BOOL, "t");
}
END_TEST

START_TEST(casts)
{
    expect_value("select '12'::int", TYPE_INT4, "12");
    expect_value("select ' 12 '::int2", TYPE_INT2, "12");
    expect_value("select 2.5::int", TYPE_INT4, "3");
    expect_value("select 2.5::float8::int", TYPE_INT4, "2");
    expect_value("select '1.239'::numeric(4,2)", TYPE_NUMERIC, "1.24");
    expect_value("select 'abcdef'::varchar(3)", TYPE_VARCHAR, "abc");
    expect_value("select 'ab'::char(4) || '|'", TYPE_TEXT, "ab|");
    expect_value("select 'ab'::char(4)", TYPE_BPCHAR, "ab  ");
    expect_value("select true::int", TYPE_INT4, "1");
    expect_value("select 0::bool", TYPE_BOOL, "f");
    expect_value("select true::text", TYPE_TEXT, "true");
    expect_value("select 'yes'::boolean", TYPE_BOOL, "t");
    expect_value("select 1e-320::float8", TYPE_FLOAT8, "1e-320");
    expect_value("select '-0'::float8", TYPE_FLOAT8, "-0");
    expect_value("select 123456789012345678::float8", TYPE_FLOAT8, "1.2345678901234568e+17");
}
END_TEST

START_TEST(cast_errors_have_positions_for_literals)
{
    expect_error("select 'abc'::int", "22P02", 8);
    expect_error("select 1 + 'x'", "22P02", 12);
    expect_error("select '99999999999'::int", "22003", 8);
    expect_error("select 2147483648::int", "22003", 0);
    expect_error("select '123.456'::numeric(4,2)", "22003", 0);
    expect_error("select true::numeric", "42846", -1);
    expect_error("select 'x'::nosuchtype", "42704", -1);
}
END_TEST

START_TEST(name_and_operator_resolution_errors)
{
    expect_error("select 1 || 2", "42883", 10);
    expect_error("select 'a' + 'b'", "42725", 12);
    expect_error("select 1 + true", "42883", 10);
    expect_error("select nosuch(1)", "42883", 8);
    expect_error("select x", "42703", 8);
    expect_error("select t.x", "42P01", 8);
    expect_error("select 1 and true", "42804", 8);
    expect_error("select 1 where 5", "42804", 16);
    expect_error("select 1 +", "42601", 11);
}
END_TEST

START_TEST(column_names)
{
    collected c;
    sql_error e;
    ck_assert_ptr_null(run("select 1, 1::int, 'a'::text, 1 as one, version(), current_user, "
                           "1 + 1, current_database()",
                           &c, a, &e));
    ck_assert_int_eq(c.column_count, 8);
    const char *expected[] = {"?column?", "int4", "text", "one", "version", "current_user",
                              "?column?", "current_database"};
    for (int i = 0; i < 8; i++)
        ck_assert_str_eq(c.names[i], expected[i]);
    ck_assert_str_eq(c.text[5], "alice");
    ck_assert_str_eq(c.text[7], "db");
}
END_TEST

START_TEST(where_without_from)
{
    collected c;
    sql_error e;
    ck_assert_ptr_null(run("select 1 where false", &c, a, &e));
    ck_assert_int_eq(c.rows, 0);
    ck_assert_int_eq(c.column_count, 1);
    ck_assert_ptr_null(run("select 1 where null", &c, a, &e));
    ck_assert_int_eq(c.rows, 0);
    ck_assert_ptr_null(run("select 1 where 1 < 2", &c, a, &e));
    ck_assert_int_eq(c.rows, 1);
}
END_TEST

START_TEST(unsupported_statements_are_named)
{
    collected c;
    sql_error e;
    ck_assert_str_eq(run("create view v as select 1", &c, a, &e), "0A000");
    ck_assert_str_eq(e.message, "feature not supported: CREATE VIEW");
    ck_assert_str_eq(run("select sum(1) over (rows between 1 preceding and current row)", &c,
                         a, &e),
                     "0A000");
    ck_assert_str_eq(e.message, "feature not supported: window frame clauses");
    ck_assert_ptr_null(run("select 1 window w as ()", &c, a, &e));
    ck_assert_int_eq(c.rows, 1);
    /* Locking clauses are supported; without a FROM there is nothing to lock. */
    ck_assert_ptr_null(run("select 1 for update", &c, a, &e));
    ck_assert_int_eq(c.rows, 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("expr");
    TCase *t = tcase_create("expressions");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, literal_types);
    tcase_add_test(t, arithmetic_and_promotion);
    tcase_add_test(t, arithmetic_errors);
    tcase_add_test(t, three_valued_logic);
    tcase_add_test(t, comparisons);
    tcase_add_test(t, casts);
    tcase_add_test(t, cast_errors_have_positions_for_literals);
    tcase_add_test(t, name_and_operator_resolution_errors);
    tcase_add_test(t, column_names);
    tcase_add_test(t, where_without_from);
    tcase_add_test(t, unsupported_statements_are_named);
    suite_add_tcase(s, t);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
