/* Unit tests for session settings: validation, canonical forms, RESET and transactions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "server/guc.h"

static guc_state *g;

static void setup(void)
{
    g = guc_create("alice", false);
    ck_assert_ptr_nonnull(g);
}

static void teardown(void)
{
    guc_destroy(g);
}

static const char *show(const char *name)
{
    const char *canonical;
    guc_error e;
    const char *v = guc_show(g, name, &canonical, &e);
    ck_assert_msg(v != NULL, "SHOW %s failed: %s", name, e.message);
    return v;
}

static void set_ok(const char *name, const char *value)
{
    guc_error e;
    ck_assert_msg(guc_set(g, name, value, GUC_SCOPE_SESSION, &e), "SET %s failed: %s", name,
                  e.message);
}

static void set_fails(const char *name, const char *value, const char *sqlstate)
{
    guc_error e;
    ck_assert(!guc_set(g, name, value, GUC_SCOPE_SESSION, &e));
    ck_assert_str_eq(e.sqlstate, sqlstate);
}

START_TEST(defaults_match_postgresql)
{
    ck_assert_str_eq(show("server_version"), "15.0");
    ck_assert_str_eq(show("DateStyle"), "ISO, MDY");
    ck_assert_str_eq(show("datestyle"), "ISO, MDY");
    ck_assert_str_eq(show("TimeZone"), "UTC");
    ck_assert_str_eq(show("search_path"), "\"$user\", public");
    ck_assert_str_eq(show("session_authorization"), "alice");
    ck_assert_str_eq(show("is_superuser"), "off");
    ck_assert_str_eq(show("transaction_isolation"), "read committed");
    ck_assert_int_eq(guc_get_int(g, "extra_float_digits"), 1);
}
END_TEST

START_TEST(show_uses_canonical_names)
{
    const char *canonical;
    guc_error e;
    ck_assert_ptr_nonnull(guc_show(g, "DATESTYLE", &canonical, &e));
    ck_assert_str_eq(canonical, "DateStyle");
    ck_assert_ptr_nonnull(guc_show(g, "timezone", &canonical, &e));
    ck_assert_str_eq(canonical, "TimeZone");
    ck_assert_ptr_null(guc_show(g, "no_such_setting", &canonical, &e));
    ck_assert_str_eq(e.sqlstate, "42704");
    ck_assert_str_eq(e.message, "unrecognized configuration parameter \"no_such_setting\"");
}
END_TEST

START_TEST(values_are_normalised)
{
    set_ok("DateStyle", "iso, dmy");
    ck_assert_str_eq(show("DateStyle"), "ISO, DMY");
    set_ok("DateStyle", "ymd");
    ck_assert_str_eq(show("DateStyle"), "ISO, YMD");
    set_ok("client_encoding", "utf-8");
    ck_assert_str_eq(show("client_encoding"), "UTF8");
    set_ok("statement_timeout", "5s");
    ck_assert_str_eq(show("statement_timeout"), "5s");
    set_ok("statement_timeout", "1500");
    ck_assert_str_eq(show("statement_timeout"), "1500ms");
    set_ok("statement_timeout", "2min");
    ck_assert_str_eq(show("statement_timeout"), "2min");
    set_ok("timezone", "utc");
    ck_assert_str_eq(show("TimeZone"), "UTC");
    set_ok("client_min_messages", "WARNING");
    ck_assert_str_eq(show("client_min_messages"), "warning");
    set_ok("extra_float_digits", "3");
    ck_assert_int_eq(guc_get_int(g, "extra_float_digits"), 3);
}
END_TEST

START_TEST(bad_values_are_refused_with_postgresql_codes)
{
    set_fails("extra_float_digits", "4", "22023");
    set_fails("extra_float_digits", "abc", "22023");
    set_fails("statement_timeout", "5 fortnights", "22023");
    set_fails("statement_timeout", "-1", "22023");
    set_fails("client_min_messages", "loud", "22023");
    set_fails("client_encoding", "klingon", "22023");
    set_fails("TimeZone", "Mars/Olympus", "22023");
    set_fails("TimeZone", "../../etc/passwd", "22023");
    set_fails("server_version", "16", "55P02");
    set_fails("is_superuser", "on", "55P02");
    set_fails("no_such_setting", "1", "42704");
    /* Values QuillDB does not act on yet are refused, not silently stored. */
    set_fails("standard_conforming_strings", "off", "0A000");
    set_fails("client_encoding", "LATIN1", "0A000");
    set_fails("default_transaction_isolation", "serializable", "0A000");
    /* The failed SETs changed nothing. */
    ck_assert_str_eq(show("extra_float_digits"), "1");
    ck_assert_str_eq(show("client_encoding"), "UTF8");
}
END_TEST

START_TEST(reset_returns_to_the_startup_value)
{
    guc_error e;
    ck_assert(guc_set(g, "application_name", "from-startup", GUC_SCOPE_STARTUP, &e));
    set_ok("application_name", "changed");
    ck_assert_str_eq(show("application_name"), "changed");
    ck_assert(guc_set(g, "application_name", NULL, GUC_SCOPE_SESSION, &e));
    ck_assert_str_eq(show("application_name"), "from-startup");
    set_ok("application_name", "again");
    set_ok("search_path", "a, b");
    ck_assert(guc_reset_all(g));
    ck_assert_str_eq(show("application_name"), "from-startup");
    ck_assert_str_eq(show("search_path"), "\"$user\", public");
}
END_TEST

START_TEST(rollback_restores_and_local_ends_with_the_transaction)
{
    guc_error e;
    set_ok("application_name", "before");
    guc_transaction_begin(g);
    set_ok("application_name", "inside");
    set_ok("app.mode", "fast");
    ck_assert_str_eq(show("application_name"), "inside");
    guc_transaction_rollback(g);
    ck_assert_str_eq(show("application_name"), "before");
    ck_assert_str_eq(show("app.mode"), "");

    guc_transaction_begin(g);
    set_ok("application_name", "kept");
    ck_assert(guc_set(g, "extra_float_digits", "0", GUC_SCOPE_LOCAL, &e));
    ck_assert_int_eq(guc_get_int(g, "extra_float_digits"), 0);
    guc_transaction_commit(g);
    ck_assert_str_eq(show("application_name"), "kept");
    ck_assert_int_eq(guc_get_int(g, "extra_float_digits"), 1);

    /* SET LOCAL outside a transaction has no effect. */
    ck_assert(guc_set(g, "extra_float_digits", "2", GUC_SCOPE_LOCAL, &e));
    ck_assert_int_eq(guc_get_int(g, "extra_float_digits"), 1);
}
END_TEST

START_TEST(custom_placeholders)
{
    set_ok("myapp.user_id", "42");
    ck_assert_str_eq(show("MyApp.User_Id"), "42");
    set_fails("nodot", "1", "42704");
    set_fails(".leading", "1", "42704");
}
END_TEST

static int reports;
static char last_name[64];

static void count_report(void *arg, const char *name, const char *value)
{
    (void)arg;
    (void)value;
    reports++;
    strncpy(last_name, name, sizeof last_name - 1);
}

START_TEST(only_changed_reported_settings_are_reported)
{
    reports = 0;
    guc_report_changes(g, count_report, NULL);
    int first = reports;
    ck_assert_int_ge(first, 10); /* every reported setting on the first call */
    reports = 0;
    guc_report_changes(g, count_report, NULL);
    ck_assert_int_eq(reports, 0);
    set_ok("application_name", "x");
    set_ok("extra_float_digits", "2"); /* not a reported setting */
    guc_report_changes(g, count_report, NULL);
    ck_assert_int_eq(reports, 1);
    ck_assert_str_eq(last_name, "application_name");
}
END_TEST

START_TEST(show_all_lists_everything_in_order)
{
    const char *name, *value, *description, *previous = NULL;
    size_t count = 0;
    for (size_t i = 0; guc_at(g, i, &name, &value, &description); i++) {
        ck_assert_ptr_nonnull(value);
        ck_assert_ptr_nonnull(description);
        if (previous != NULL)
            ck_assert_int_lt(strcasecmp(previous, name), 0);
        previous = name;
        count++;
    }
    ck_assert_uint_eq(count, guc_count(g));
    ck_assert_uint_ge(count, 20);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("guc");
    TCase *t = tcase_create("settings");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, defaults_match_postgresql);
    tcase_add_test(t, show_uses_canonical_names);
    tcase_add_test(t, values_are_normalised);
    tcase_add_test(t, bad_values_are_refused_with_postgresql_codes);
    tcase_add_test(t, reset_returns_to_the_startup_value);
    tcase_add_test(t, rollback_restores_and_local_ends_with_the_transaction);
    tcase_add_test(t, custom_placeholders);
    tcase_add_test(t, only_changed_reported_settings_are_reported);
    tcase_add_test(t, show_all_lists_everything_in_order);
    suite_add_tcase(s, t);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
