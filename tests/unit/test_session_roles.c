/*
 * Unit: a session's login and effective roles (server/session.c) over a real catalog in
 * a temp LevelDB: SET ROLE's checks, EXECUTE AS (the execution side the dialect's
 * EXECUTE AS USER 'u' ( ... ) runs through: permission, nesting, restoring, overriding
 * SET ROLE), and the session noticing roles altered or dropped in the catalog.
 */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "server/session.h"
#include "storage/kv.h"

static char directory[64];
static kv_store *store;
static catalog *cat;

static uint64_t make_role(const char *name, role_kind kind)
{
    catalog_role r;
    memset(&r, 0, sizeof r);
    snprintf(r.name, sizeof r.name, "%s", name);
    r.kind = kind;
    r.can_login = true;
    uint64_t id = 0;
    ck_assert_int_eq(catalog_create_role(cat, &r, &id, NULL), CATALOG_OK);
    return id;
}

static void setup(void)
{
    snprintf(directory, sizeof directory, "/tmp/quill-session-roles-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(directory));
    kv_options options = {8 << 20, 4 << 20};
    ck_assert_int_eq(kv_open(directory, &options, &store, NULL), KV_OK);
    ck_assert_int_eq(catalog_open(store, &cat, NULL), CATALOG_OK);
    ck_assert_int_eq(catalog_initialize(cat, "postgres", NULL, NULL), CATALOG_OK);
    make_role("ada", ROLE_DBA);
    make_role("ada2", ROLE_DBA);
    make_role("sam", ROLE_SERVICE);
    make_role("uma", ROLE_USER);
    make_role("sys2", ROLE_SYSTEM);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void teardown(void)
{
    catalog_close(cat);
    kv_close(store);
    nftw(directory, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static session *login(const char *name)
{
    const catalog_role *role = catalog_find_role(cat, name);
    ck_assert_ptr_nonnull(role);
    session *s = session_create(1, role, "postgres", cat, store, NULL, 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(session_refresh_roles(s), SESSION_ROLES_OK);
    return s;
}

static void expect_current(session *s, const char *name, role_kind kind)
{
    ck_assert_int_eq(session_refresh_roles(s), SESSION_ROLES_OK);
    ck_assert_str_eq(s->current_user, name);
    ck_assert_int_eq(s->current_role, kind);
    ck_assert_uint_eq(s->current_role_id, catalog_find_role(cat, name)->id);
}

static void execute_as_fails(session *s, const char *name, const char *sqlstate)
{
    uint64_t saved = 12345;
    guc_error e;
    ck_assert_msg(!session_begin_execute_as(s, name, &saved, &e), "EXECUTE AS %s succeeded", name);
    ck_assert_str_eq(e.sqlstate, sqlstate);
    ck_assert_uint_eq(saved, 12345); /* nothing to restore: nothing changed */
}

START_TEST(execute_as_follows_set_role_rules)
{
    session *dba = login("ada");
    uint64_t saved;
    guc_error e;
    ck_assert(session_begin_execute_as(dba, "uma", &saved, &e));
    expect_current(dba, "uma", ROLE_USER);
    ck_assert_str_eq(dba->user, "ada"); /* session_user stays */
    session_end_execute_as(dba, saved);
    expect_current(dba, "ada", ROLE_DBA);
    ck_assert(session_begin_execute_as(dba, "sam", &saved, &e));
    expect_current(dba, "sam", ROLE_SERVICE);
    session_end_execute_as(dba, saved);
    execute_as_fails(dba, "sys2", "42501");
    execute_as_fails(dba, "ada2", "42501");
    execute_as_fails(dba, "nobody", "42704");
    expect_current(dba, "ada", ROLE_DBA);
    session_destroy(dba);

    session *user = login("uma");
    execute_as_fails(user, "sam", "42501");
    guc_error denied;
    ck_assert(!session_begin_execute_as(user, "ada", &saved, &denied));
    ck_assert_str_eq(denied.message, "permission denied to execute as user \"ada\"");
    ck_assert(session_begin_execute_as(user, "uma", &saved, &e)); /* oneself */
    session_end_execute_as(user, saved);
    session_destroy(user);

    session *system = login("postgres");
    ck_assert(session_begin_execute_as(system, "sys2", &saved, &e));
    expect_current(system, "sys2", ROLE_SYSTEM);
    session_end_execute_as(system, saved);
    expect_current(system, "postgres", ROLE_SYSTEM);
    session_destroy(system);
}
END_TEST

START_TEST(execute_as_nests_overrides_set_role_and_restores)
{
    session *s = login("postgres");
    guc_error e;
    ck_assert(session_set(s, "role", "uma", GUC_SCOPE_SESSION, &e));
    expect_current(s, "uma", ROLE_USER);
    uint64_t outer, inner;
    ck_assert(session_begin_execute_as(s, "sam", &outer, &e));
    expect_current(s, "sam", ROLE_SERVICE);
    /* The permission is the session user's, whoever is current. */
    ck_assert(session_begin_execute_as(s, "ada", &inner, &e));
    expect_current(s, "ada", ROLE_DBA);
    session_end_execute_as(s, inner);
    expect_current(s, "sam", ROLE_SERVICE);
    session_end_execute_as(s, outer);
    expect_current(s, "uma", ROLE_USER);
    ck_assert(session_set(s, "role", NULL, GUC_SCOPE_SESSION, &e));
    expect_current(s, "postgres", ROLE_SYSTEM);

    /* The role acted as is dropped meanwhile: the end still restores. */
    ck_assert(session_begin_execute_as(s, "sys2", &outer, &e));
    const catalog_role *sys2 = catalog_find_role(cat, "sys2");
    ck_assert_int_eq(catalog_drop_role(cat, sys2->id, NULL), CATALOG_OK);
    ck_assert_int_eq(session_refresh_roles(s), SESSION_CURRENT_ROLE_DROPPED);
    ck_assert_uint_eq(s->current_role_id, 0);
    ck_assert_int_eq(s->current_role, ROLE_USER);
    session_end_execute_as(s, outer);
    expect_current(s, "postgres", ROLE_SYSTEM);
    session_destroy(s);
}
END_TEST

START_TEST(set_role_checks_and_catalog_changes)
{
    session *s = login("ada");
    guc_error e;
    ck_assert(!session_set(s, "role", "sys2", GUC_SCOPE_SESSION, &e));
    ck_assert_str_eq(e.sqlstate, "42501");
    ck_assert_str_eq(e.message, "permission denied to set role \"sys2\"");
    ck_assert(!session_set(s, "role", "nobody", GUC_SCOPE_SESSION, &e));
    ck_assert_str_eq(e.sqlstate, "22023");
    ck_assert_str_eq(e.message, "role \"nobody\" does not exist");
    /* guc_set alone cannot change the role: it has to pass the checks above. */
    ck_assert(!guc_set(s->settings, "role", "sys2", GUC_SCOPE_SESSION, &e));
    ck_assert_str_eq(e.sqlstate, "55P02");
    ck_assert(session_set(s, "role", "uma", GUC_SCOPE_SESSION, &e));
    expect_current(s, "uma", ROLE_USER);

    /* ALTER ROLE elsewhere: the login role's new kind applies at the next refresh. */
    catalog_role promoted = *catalog_find_role(cat, "ada");
    promoted.kind = ROLE_SYSTEM;
    promoted.scram_verifier = NULL;
    ck_assert_int_eq(catalog_replace_role(cat, &promoted, NULL), CATALOG_OK);
    ck_assert_int_eq(session_refresh_roles(s), SESSION_ROLES_OK);
    ck_assert_int_eq(s->role, ROLE_SYSTEM);
    ck_assert(session_set(s, "role", "sys2", GUC_SCOPE_SESSION, &e));
    expect_current(s, "sys2", ROLE_SYSTEM);

    /* DROP ROLE elsewhere of the login role. */
    ck_assert_int_eq(catalog_drop_role(cat, promoted.id, NULL), CATALOG_OK);
    ck_assert_int_eq(session_refresh_roles(s), SESSION_LOGIN_ROLE_DROPPED);
    ck_assert_uint_eq(s->current_role_id, 0);
    session_destroy(s);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("session_roles");
    TCase *tc = tcase_create("session_roles");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, execute_as_follows_set_role_rules);
    tcase_add_test(tc, execute_as_nests_overrides_set_role_and_restores);
    tcase_add_test(tc, set_role_checks_and_catalog_changes);
    suite_add_tcase(suite, tc);
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
