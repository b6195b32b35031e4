/*
 * Integration: user tables with several users, through libpq.
 *
 * Two users write the same primary keys into the same user and stream tables without
 * conflict, and every query form (scans, point lookups, joins, subqueries, aggregates,
 * RETURNING, ON CONFLICT, INSERT ... SELECT, UPDATE, DELETE, TRUNCATE) sees only the
 * session user's rows; an administrator sees another user's rows only after SET ROLE.
 * 100 users x 100 rows written in random interleaving keep every count exact. A matrix
 * of role kinds x statements on each table kind gives the expected allow/deny.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define MANY_USERS 100
#define ROWS_PER_USER 100
#define ROWS_PER_STATEMENT 10
#define OK PGT_OK

START_TEST(two_users_same_keys_every_query_form)
{
    test_server s;
    pgt_start(&s, "two-users", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE USER alice PASSWORD 'alice-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER bob PASSWORD 'bob-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE SCHEMA app", "CREATE SCHEMA");
    pgt_expect_command(admin, "CREATE TABLE app.notes (id int PRIMARY KEY, body text) WITH (type = 'user')",
            "CREATE TABLE");
    pgt_expect_command(admin, "CREATE TABLE app.tags (note_id int, tag text) WITH (type = 'user')",
            "CREATE TABLE");
    pgt_expect_command(admin,
            "CREATE TABLE app.feed (n int, what text) WITH (type = 'stream', ttl_seconds = 3600)",
            "CREATE TABLE");
    pgt_expect_command(admin, "CREATE TABLE app.archive (id int PRIMARY KEY, body text) "
                   "WITH (type = 'user')",
            "CREATE TABLE");

    PGconn *alice = pgt_connect_as(&s, "alice", "alice-pw");
    PGconn *bob = pgt_connect_as(&s, "bob", "bob-pw");
    PGconn *users[2] = {alice, bob};
    const char *names[2] = {"alice", "bob"};
    for (int u = 0; u < 2; u++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO app.notes VALUES (1, '%s one'), (2, '%s two'), (3, '%s three')",
                 names[u], names[u], names[u]);
        pgt_expect_command(users[u], sql, "INSERT 0 3");
        snprintf(sql, sizeof sql, "INSERT INTO app.tags VALUES (1, '%s-tag'), (2, '%s-tag')",
                 names[u], names[u]);
        pgt_expect_command(users[u], sql, "INSERT 0 2");
        snprintf(sql, sizeof sql, "INSERT INTO app.feed VALUES (1, '%s event')", names[u]);
        pgt_expect_command(users[u], sql, "INSERT 0 1");
    }
    /* Same keys, no conflict; each sees its own. */
    pgt_expect_rows(alice, "SELECT id, body FROM app.notes ORDER BY id",
                "1|alice one;2|alice two;3|alice three");
    pgt_expect_rows(bob, "SELECT id, body FROM app.notes ORDER BY id",
                "1|bob one;2|bob two;3|bob three");
    pgt_expect_rows(bob, "SELECT body FROM app.notes WHERE id = 2", "bob two");
    pgt_expect_rows(bob, "SELECT body FROM app.notes WHERE id >= 3", "bob three");
    pgt_expect_rows(alice, "SELECT count(*), min(body) FROM app.notes", "3|alice one");
    pgt_expect_rows(alice,
                "SELECT n.body, t.tag FROM app.notes n JOIN app.tags t ON t.note_id = n.id "
                "ORDER BY n.id",
                "alice one|alice-tag;alice two|alice-tag");
    pgt_expect_rows(bob,
                "SELECT n.id, t.tag FROM app.notes n LEFT JOIN app.tags t ON t.note_id = n.id "
                "ORDER BY n.id",
                "1|bob-tag;2|bob-tag;3|NULL");
    pgt_expect_rows(bob, "SELECT body FROM app.notes WHERE id IN (SELECT note_id FROM app.tags) "
                     "ORDER BY id",
                "bob one;bob two");
    pgt_expect_rows(alice, "SELECT (SELECT count(*) FROM app.tags), (SELECT max(body) FROM app.notes)",
                "2|alice two");
    pgt_expect_rows(alice, "SELECT what FROM app.feed", "alice event");
    pgt_expect_rows(bob, "SELECT what FROM app.feed", "bob event");
    /* Writes touch only the caller's rows. */
    pgt_expect_rows(alice, "UPDATE app.notes SET body = body || '!' WHERE id <= 2 RETURNING body",
                "alice one!;alice two!");
    pgt_expect_rows(bob, "SELECT body FROM app.notes WHERE id = 1", "bob one");
    pgt_expect_rows(bob,
                "INSERT INTO app.notes VALUES (1, 'bob again') ON CONFLICT (id) "
                "DO UPDATE SET body = excluded.body RETURNING body",
                "bob again");
    pgt_expect_rows(alice, "SELECT body FROM app.notes WHERE id = 1", "alice one!");
    pgt_expect_sqlstate(bob, "INSERT INTO app.notes VALUES (2, 'dup')", "23505");
    pgt_expect_command(bob, "INSERT INTO app.archive SELECT id, body FROM app.notes", "INSERT 0 3");
    pgt_expect_rows(alice, "SELECT count(*) FROM app.archive", "0");
    pgt_expect_rows(bob, "SELECT body FROM app.archive ORDER BY id", "bob again;bob two;bob three");
    pgt_expect_rows(alice, "DELETE FROM app.notes WHERE id = 3 RETURNING body", "alice three");
    pgt_expect_rows(bob, "SELECT count(*) FROM app.notes", "3");
    pgt_expect_command(alice, "TRUNCATE app.tags", "TRUNCATE TABLE");
    pgt_expect_rows(alice, "SELECT count(*) FROM app.tags", "0");
    pgt_expect_rows(bob, "SELECT count(*) FROM app.tags", "2");

    /* The administrator has rows of its own (none) until it becomes a user. */
    pgt_expect_rows(admin, "SELECT count(*) FROM app.notes", "0");
    pgt_expect_command(admin, "SET ROLE alice", "SET");
    pgt_expect_rows(admin, "SELECT id, body FROM app.notes ORDER BY id", "1|alice one!;2|alice two!");
    pgt_expect_command(admin, "SET ROLE bob", "SET");
    pgt_expect_rows(admin, "SELECT body FROM app.notes WHERE id = 1", "bob again");
    pgt_expect_command(admin, "RESET ROLE", "RESET");
    pgt_expect_rows(admin, "SELECT count(*) FROM app.notes", "0");
    /* A dba, likewise: nothing of its own, a user's rows as that user. */
    pgt_expect_command(admin, "CREATE ROLE ada LOGIN PASSWORD 'ada-pw' CREATEROLE", "CREATE ROLE");
    PGconn *dba = pgt_connect_as(&s, "ada", "ada-pw");
    pgt_expect_rows(dba, "SELECT count(*) FROM app.notes", "0");
    pgt_expect_command(dba, "SET ROLE bob", "SET");
    pgt_expect_rows(dba, "SELECT count(*), min(body) FROM app.notes", "3|bob again");
    pgt_expect_command(dba, "RESET ROLE", "RESET");
    pgt_expect_rows(dba, "SELECT count(*) FROM app.notes", "0");
    PQfinish(dba);
    /* A user cannot become another. */
    pgt_expect_sqlstate(alice, "SET ROLE bob", "42501");
    PQfinish(alice);
    PQfinish(bob);

    /* After a restart, still each their own. */
    PQfinish(admin);
    server_kill9(&s);
    ck_assert_msg(server_restart(&s), "restart after kill -9 failed");
    alice = pgt_connect_as(&s, "alice", "alice-pw");
    bob = pgt_connect_as(&s, "bob", "bob-pw");
    pgt_expect_rows(alice, "SELECT id FROM app.notes ORDER BY id", "1;2");
    pgt_expect_rows(bob, "SELECT id FROM app.notes ORDER BY id", "1;2;3");
    PQfinish(alice);
    PQfinish(bob);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(hundred_users_random_interleaving)
{
    test_server s;
    pgt_start(&s, "hundred-users", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE TABLE items (id int PRIMARY KEY, owner text) WITH (type = 'user')",
            "CREATE TABLE");
    PGconn *conns[MANY_USERS];
    int written[MANY_USERS] = {0};
    for (int u = 0; u < MANY_USERS; u++) {
        char sql[128], name[32];
        snprintf(name, sizeof name, "u%d", u);
        snprintf(sql, sizeof sql, "CREATE USER %s PASSWORD 'pw-%d'", name, u);
        pgt_expect_command(admin, sql, "CREATE ROLE");
        snprintf(sql, sizeof sql, "pw-%d", u);
        conns[u] = pgt_connect_as(&s, name, sql);
    }
    /* Random order of (user, next 10 keys) steps; the keys are the same for everyone. */
    srand(20261125);
    int remaining = MANY_USERS * (ROWS_PER_USER / ROWS_PER_STATEMENT);
    while (remaining > 0) {
        int u = rand() % MANY_USERS;
        while (written[u] == ROWS_PER_USER)
            u = (u + 1) % MANY_USERS;
        char sql[1024];
        size_t used = (size_t)snprintf(sql, sizeof sql, "INSERT INTO items VALUES ");
        for (int i = 0; i < ROWS_PER_STATEMENT; i++)
            used += (size_t)snprintf(sql + used, sizeof sql - used, "%s(%d, 'u%d')",
                                     i > 0 ? ", " : "", written[u] + i, u);
        pgt_expect_command(conns[u], sql, "INSERT 0 10");
        written[u] += ROWS_PER_STATEMENT;
        remaining--;
    }
    for (int u = 0; u < MANY_USERS; u++) {
        char expected[64];
        snprintf(expected, sizeof expected, "%d|%d|u%d|u%d", ROWS_PER_USER,
                 ROWS_PER_USER * (ROWS_PER_USER - 1) / 2, u, u);
        pgt_expect_rows(conns[u], "SELECT count(*), sum(id), min(owner), max(owner) FROM items",
                    expected);
        PQfinish(conns[u]);
    }
    pgt_expect_rows(admin, "SELECT count(*) FROM items", "0");
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

typedef struct matrix_row {
    const char *sql; /* %s: the actor's name */
    const char *expected[4]; /* per actor: system, dba, service, user */
} matrix_row;

START_TEST(permission_matrix_per_table_kind)
{
    static const char *const actors[4] = {"postgres", "ada", "sam", "uma"};
    test_server s;
    pgt_start(&s, "kinds-matrix", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE ROLE ada LOGIN PASSWORD 'pw' CREATEROLE", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER sam PASSWORD 'pw' IN ROLE service", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER uma PASSWORD 'pw'", "CREATE ROLE");
    /* Tables the administrator owns; every actor acts on them. */
    pgt_expect_command(admin, "CREATE TABLE sh (id int PRIMARY KEY, v text)", "CREATE TABLE");
    pgt_expect_command(admin, "INSERT INTO sh VALUES (1, 'x')", "INSERT 0 1");
    pgt_expect_command(admin, "CREATE TABLE us (id int PRIMARY KEY, v text) WITH (type = 'user')",
            "CREATE TABLE");
    pgt_expect_command(admin, "CREATE TABLE st (id int, v text) WITH (type = 'stream', ttl_seconds = 60)",
            "CREATE TABLE");
    static const matrix_row rows[] = {
        /*                                                           system dba   service user */
        {"CREATE TABLE sh_%s (id int)",                              {OK, OK, "42501", "42501"}},
        {"CREATE TABLE us_%s (id int) WITH (type = 'user')",         {OK, OK, OK, OK}},
        {"CREATE TABLE st_%s (id int) WITH (type = 'stream', ttl_seconds = 5)", {OK, OK, OK, OK}},
        {"SELECT count(*) FROM sh",                                  {OK, OK, OK, OK}},
        {"INSERT INTO sh VALUES (10 + length('%s'), 'y')",           {OK, OK, OK, "42501"}},
        {"UPDATE sh SET v = 'z' WHERE id = 1",                       {OK, OK, OK, "42501"}},
        {"DELETE FROM sh WHERE id = 99",                             {OK, OK, OK, "42501"}},
        {"TRUNCATE sh",                                              {OK, OK, "42501", "42501"}},
        {"ALTER TABLE sh ADD COLUMN c_%s int",                       {OK, OK, "42501", "42501"}},
        {"INSERT INTO us VALUES (1, '%s')",                          {OK, OK, OK, OK}},
        {"SELECT v FROM us WHERE id = 1",                            {OK, OK, OK, OK}},
        {"UPDATE us SET v = v || '!'",                               {OK, OK, OK, OK}},
        {"DELETE FROM us WHERE id = 1",                              {OK, OK, OK, OK}},
        {"TRUNCATE us",                                              {OK, OK, OK, OK}},
        {"ALTER TABLE us ADD COLUMN c_%s int",                       {OK, OK, "42501", "42501"}},
        {"INSERT INTO st VALUES (1, '%s')",                          {OK, OK, OK, OK}},
        {"SELECT count(*) FROM st",                                  {OK, OK, OK, OK}},
        {"UPDATE st SET v = 'x'",                                    {"0A000", "0A000", "0A000", "0A000"}},
        {"DELETE FROM st",                                           {"0A000", "0A000", "0A000", "0A000"}},
        {"DROP TABLE us_%s",                                         {OK, OK, OK, OK}},
        {"DROP TABLE st",                                            {"skip", "skip", "42501", "42501"}},
        {"DROP TABLE us",                                            {"skip", "skip", "42501", "42501"}},
    };
    for (int a = 0; a < 4; a++) {
        PGconn *conn = a == 0 ? pgt_connect(&s, NULL) : pgt_connect_as(&s, actors[a], "pw");
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
            if (strcmp(rows[r].expected[a], "skip") == 0)
                continue;
            char sql[512];
            snprintf(sql, sizeof sql, rows[r].sql, actors[a]);
            const char *got = pgt_outcome(conn, sql);
            ck_assert_msg(strcmp(got, rows[r].expected[a]) == 0, "as %s: \"%s\": expected %s, got %s",
                          actors[a], sql, rows[r].expected[a], got);
        }
        PQfinish(conn);
    }
    /* The user's refusal, worded as PostgreSQL words it. */
    PGconn *uma = pgt_connect_as(&s, "uma", "pw");
    PGresult *res = pgt_expect_error(uma, "INSERT INTO sh VALUES (5, 'no')", "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "permission denied for table sh");
    PQclear(res);
    PQfinish(uma);
    /* The administrators' drops of what others use still work. */
    pgt_expect_command(admin, "DROP TABLE st, us", "DROP TABLE");
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *user_tables_suite(void)
{
    Suite *suite = suite_create("user_tables");
    TCase *tc = tcase_create("user_tables");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, two_users_same_keys_every_query_form);
    tcase_add_test(tc, hundred_users_random_interleaving);
    tcase_add_test(tc, permission_matrix_per_table_kind);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(user_tables_suite(), NULL);
}
