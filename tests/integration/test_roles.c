/*
 * Integration: users and roles end to end through libpq. Logins with SCRAM (new users,
 * changed passwords, pre-hashed verifiers as psql's \password sends them, NOLOGIN,
 * dropped users, sessions of a dropped user), the permission matrix of role management
 * and shared-object DDL for each role kind, SET ROLE / RESET ROLE rules with
 * current_user, session_user and is_superuser, GRANT/REVOKE of role kinds, and roles
 * surviving clean and kill -9 restarts.
 *
 * Wherever PostgreSQL 15 has the same statement, the SQLSTATEs and messages were checked
 * against it (scripts/scratch-postgres); tests/sql/roles.sql holds the identical ones.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define LOGIN_TIMEOUT_MS 10000
#define OK PGT_OK

/* ---- helpers ---- */

/* The login fails with FATAL and this SQLSTATE (and message, unless NULL). */
static void expect_login_fails(const test_server *s, const char *user, const char *password,
                               const char *sqlstate, const char *message)
{
    char conninfo[1024];
    server_conninfo(s, conninfo, sizeof conninfo, user, password, NULL);
    PGconn *conn = pgt_connect_verbose(conninfo, LOGIN_TIMEOUT_MS);
    const char *error = PQerrorMessage(conn);
    ck_assert_msg(PQstatus(conn) == CONNECTION_BAD, "login as %s/%s succeeded", user, password);
    char expected[256];
    snprintf(expected, sizeof expected, "FATAL:  %s: %s", sqlstate, message != NULL ? message : "");
    ck_assert_msg(strstr(error, expected) != NULL, "login as %s: expected \"%s\", got: %s", user,
                  expected, error);
    PQfinish(conn);
}

/* "ok", or the SQLSTATE the statement failed with (static storage, next call reuses it). */
/* Fails with this SQLSTATE and exactly this message. */
static void expect_message(PGconn *conn, const char *sql, const char *sqlstate, const char *message)
{
    PGresult *res = pgt_expect_error(conn, sql, sqlstate);
    ck_assert_msg(strcmp(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), message) == 0,
                  "\"%s\": expected \"%s\", got \"%s\"", sql, message,
                  pgt_field(res, PG_DIAG_MESSAGE_PRIMARY));
    PQclear(res);
}

static void run_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK ||
                      PQresultStatus(res) == PGRES_TUPLES_OK,
                  "\"%s\" failed: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
}

static void run_format(PGconn *conn, const char *fmt, const char *arg)
{
    char sql[512];
    snprintf(sql, sizeof sql, fmt, arg);
    run_ok(conn, sql);
}

/* The messages of the NOTICEs and WARNINGs received, one per line. */
typedef struct notices {
    char text[2048];
} notices;

static void collect_notice(void *arg, const PGresult *res)
{
    notices *n = arg;
    size_t used = strlen(n->text);
    snprintf(n->text + used, sizeof n->text - used, "%s %s\n",
             pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED), pgt_field(res, PG_DIAG_MESSAGE_PRIMARY));
}

/* ---- logins ---- */

START_TEST(new_users_log_in_with_scram)
{
    test_server s;
    /* At debug level the server logs query texts, but never a password. */
    const char *const debug_log[] = {"--log-level", "debug", NULL};
    pgt_start(&s, "roles-login", debug_log);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE USER alice WITH PASSWORD 'alice-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE ROLE bob LOGIN PASSWORD 'bob-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE ROLE carol PASSWORD 'carol-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER dave PASSWORD NULL", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER erin", "CREATE ROLE");

    PGconn *alice = pgt_connect_as(&s, "alice", "alice-pw");
    pgt_expect_value(alice, "SELECT current_user", "alice");
    pgt_expect_value(alice, "SELECT session_user", "alice");
    pgt_expect_value(alice, "SHOW is_superuser", "off");
    ck_assert_str_eq(PQparameterStatus(alice, "is_superuser"), "off");
    PQfinish(alice);
    PGconn *bob = pgt_connect_as(&s, "bob", "bob-pw");
    pgt_expect_value(bob, "SELECT current_user", "bob");
    PQfinish(bob);

    expect_login_fails(&s, "alice", "wrong", "28P01",
                       "password authentication failed for user \"alice\"");
    expect_login_fails(&s, "nobody", "alice-pw", "28P01",
                       "password authentication failed for user \"nobody\"");
    /* CREATE ROLE makes NOLOGIN roles: the right password is not enough. */
    expect_login_fails(&s, "carol", "carol-pw", "28000", "role \"carol\" is not permitted to log in");
    /* No password: nothing can match. */
    expect_login_fails(&s, "dave", "anything", "28P01", NULL);
    expect_login_fails(&s, "erin", "anything", "28P01", NULL);
    pgt_expect_command(admin, "ALTER ROLE carol LOGIN", "ALTER ROLE");
    PQfinish(pgt_connect_as(&s, "carol", "carol-pw"));
    pgt_expect_command(admin, "ALTER ROLE carol NOLOGIN", "ALTER ROLE");
    expect_login_fails(&s, "carol", "carol-pw", "28000", NULL);

    /* ALTER ... PASSWORD: the old password stops working at once. */
    pgt_expect_command(admin, "ALTER USER alice WITH PASSWORD 'alice-new'", "ALTER ROLE");
    expect_login_fails(&s, "alice", "alice-pw", "28P01", NULL);
    alice = pgt_connect_as(&s, "alice", "alice-new");
    /* A user changes its own password, as in PostgreSQL, but not another's. */
    pgt_expect_command(alice, "ALTER USER alice PASSWORD 'alice-own'", "ALTER ROLE");
    expect_message(alice, "ALTER USER bob PASSWORD 'x'", "42501", "permission denied");
    PQfinish(alice);
    expect_login_fails(&s, "alice", "alice-new", "28P01", NULL);
    alice = pgt_connect_as(&s, "alice", "alice-own");
    pgt_expect_command(alice, "ALTER ROLE CURRENT_USER PASSWORD 'alice-3'", "ALTER ROLE");
    PQfinish(alice);
    PQfinish(pgt_connect_as(&s, "alice", "alice-3"));

    /* A verifier computed by the client (psql's \password: PQencryptPasswordConn asks
     * the server's password_encryption first) is stored as given and works. */
    char *verifier = PQencryptPasswordConn(admin, "dave-secret", "dave", NULL);
    ck_assert_msg(verifier != NULL, "PQencryptPasswordConn: %s", PQerrorMessage(admin));
    ck_assert_msg(strncmp(verifier, "SCRAM-SHA-256$", 14) == 0, "verifier: %s", verifier);
    char sql[512];
    snprintf(sql, sizeof sql, "ALTER USER dave PASSWORD '%s'", verifier);
    PQfreemem(verifier);
    pgt_expect_command(admin, sql, "ALTER ROLE");
    PQfinish(pgt_connect_as(&s, "dave", "dave-secret"));
    expect_login_fails(&s, "dave", "dave-wrong", "28P01", NULL);
    /* An MD5 hash could never log in over SCRAM: refused rather than stored. */
    PQclear(pgt_expect_error(
        admin, "CREATE USER frank PASSWORD 'md5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'", "0A000"));
    PQclear(pgt_expect_error(admin, "SET password_encryption = 'md5'", "0A000"));
    pgt_expect_value(admin, "SHOW password_encryption", "scram-sha-256");

    /* DROP USER: logins fail, and a session of the dropped user ends at its next query. */
    PGconn *bob_session = pgt_connect_as(&s, "bob", "bob-pw");
    pgt_expect_command(admin, "DROP USER bob", "DROP ROLE");
    expect_login_fails(&s, "bob", "bob-pw", "28P01", NULL);
    PGresult *res = PQexec(bob_session, "SELECT 1");
    ck_assert_msg(PQresultStatus(res) != PGRES_TUPLES_OK, "a dropped user's session still runs queries");
    PQclear(res);
    ck_assert_msg(strstr(PQerrorMessage(bob_session), "FATAL:  28000: role \"bob\" does not exist") !=
                      NULL,
                  "the dropped user's session: %s", PQerrorMessage(bob_session));
    ck_assert_int_eq(PQstatus(bob_session), CONNECTION_BAD);
    PQfinish(bob_session);

    pgt_expect_alive(admin);
    PQfinish(admin);
    ck_assert_msg(server_log_contains(&s, "query: SELECT current_user"),
                  "the debug log does not show query texts");
    ck_assert_msg(!server_log_contains(&s, "alice-pw") && !server_log_contains(&s, "bob-pw"),
                  "a password reached the server log");
    pgt_stop_clean(&s);
}
END_TEST

/* ---- the permission matrix ---- */

/* The four kinds, as the logins that act in the matrix: postgres is the bootstrap system
 * role, the others are made by setup_actors. */
static const char *const actors[] = {"postgres", "ada", "sam", "uma"};
static const char *const actor_kinds[] = {"system", "dba", "service", "user"};
#define ACTOR_COUNT 4

static const char *actor_password(int actor)
{
    return actor == 0 ? HARNESS_PASSWORD : "actor-pw";
}

static void setup_actors(PGconn *admin)
{
    run_ok(admin, "CREATE ROLE ada LOGIN PASSWORD 'actor-pw' CREATEROLE");
    run_ok(admin, "CREATE USER sam PASSWORD 'actor-pw' IN ROLE service");
    run_ok(admin, "CREATE USER uma PASSWORD 'actor-pw'");
}

typedef struct matrix_row {
    const char *sql; /* %s: the actor's name */
    const char *expected[ACTOR_COUNT]; /* "ok" or a SQLSTATE, per actor */
} matrix_row;

START_TEST(permission_matrix_per_role_kind)
{
    test_server s;
    pgt_start(&s, "roles-matrix", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    setup_actors(admin);
    /* What each actor acts on, made by the system role. */
    static const char *const setup[] = {
        "CREATE USER v1_%s",          "CREATE USER v2_%s",
        "CREATE USER v3_%s",          "CREATE USER v4_%s",
        "CREATE USER v5_%s",          "CREATE USER v6_%s",
        "CREATE ROLE vsys_%s SUPERUSER", "CREATE ROLE vsys2_%s SUPERUSER",
        "CREATE TABLE owned_%s (id int)", "CREATE TABLE owned2_%s (id int)",
        "CREATE TABLE owned3_%s (id int)", "CREATE SEQUENCE ownedseq_%s",
        "CREATE SCHEMA ownedns_%s",
    };
    for (int a = 0; a < ACTOR_COUNT; a++) {
        for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++)
            run_format(admin, setup[i], actors[a]);
    }

    static const matrix_row rows[] = {
        /*                                                   system  dba      service  user */
        {"CREATE USER new_%s PASSWORD 'p'",                  {OK,     OK,      "42501", "42501"}},
        {"CREATE ROLE newdba_%s CREATEROLE",                 {OK,     OK,      "42501", "42501"}},
        {"CREATE USER newsvc_%s IN ROLE service",            {OK,     OK,      "42501", "42501"}},
        {"CREATE ROLE newsys_%s SUPERUSER",                  {OK,     "42501", "42501", "42501"}},
        {"CREATE ROLE newsys2_%s IN ROLE system",            {OK,     "42501", "42501", "42501"}},
        {"ALTER USER v1_%s PASSWORD 'x'",                    {OK,     OK,      "42501", "42501"}},
        {"ALTER USER v1_%s NOLOGIN",                         {OK,     OK,      "42501", "42501"}},
        {"ALTER ROLE v2_%s CREATEROLE",                      {OK,     OK,      "42501", "42501"}},
        {"ALTER ROLE v2_%s SUPERUSER",                       {OK,     "42501", "42501", "42501"}},
        {"ALTER USER vsys_%s PASSWORD 'x'",                  {OK,     "42501", "42501", "42501"}},
        {"ALTER USER CURRENT_USER PASSWORD 'same'",          {OK,     OK,      OK,      OK}},
        {"ALTER USER %s CREATEROLE",                         {OK,     OK,      "42501", "42501"}},
        {"GRANT service TO v3_%s",                           {OK,     OK,      "42501", "42501"}},
        {"GRANT system TO v4_%s",                            {OK,     "42501", "42501", "42501"}},
        {"REVOKE service FROM v3_%s",                        {OK,     OK,      "42501", "42501"}},
        {"DROP USER v5_%s",                                  {OK,     OK,      "42501", "42501"}},
        {"DROP USER vsys2_%s",                               {OK,     "42501", "42501", "42501"}},
        {"DROP USER IF EXISTS nobody_%s",                    {OK,     OK,      "42501", "42501"}},
        {"DROP USER %s",                                     {"55006", "55006", "42501", "42501"}},
        {"CREATE TABLE shared_%s (id int)",                  {OK,     OK,      "42501", "42501"}},
        {"CREATE TABLE shared2_%s (id int) WITH (type = 'shared')", {OK, OK,   "42501", "42501"}},
        {"CREATE SEQUENCE seq_%s",                           {OK,     OK,      "42501", "42501"}},
        {"CREATE SCHEMA ns_%s",                              {OK,     OK,      "42501", "42501"}},
        {"ALTER TABLE owned2_%s ADD COLUMN b int",           {OK,     OK,      "42501", "42501"}},
        {"ALTER TABLE owned2_%s RENAME TO renamed_%s",       {OK,     OK,      "42501", "42501"}},
        {"TRUNCATE owned3_%s",                               {OK,     OK,      "42501", "42501"}},
        {"DROP TABLE owned_%s",                              {OK,     OK,      "42501", "42501"}},
        {"DROP SEQUENCE ownedseq_%s",                        {OK,     OK,      "42501", "42501"}},
        {"DROP SCHEMA ownedns_%s",                           {OK,     OK,      "42501", "42501"}},
    };
    for (int a = 0; a < ACTOR_COUNT; a++) {
        PGconn *conn = pgt_connect_as(&s, actors[a], actor_password(a));
        pgt_expect_value(conn, "SELECT current_user", actors[a]);
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
            char sql[512];
            snprintf(sql, sizeof sql, rows[r].sql, actors[a], actors[a]);
            const char *got = pgt_outcome(conn, sql);
            ck_assert_msg(strcmp(got, rows[r].expected[a]) == 0,
                          "as %s (%s): \"%s\": expected %s, got %s", actors[a], actor_kinds[a],
                          sql, rows[r].expected[a], got);
        }
        /* The password change of its own took effect; the role still logs in. */
        PQfinish(conn);
        PQfinish(pgt_connect_as(&s, actors[a], "same"));
        /* Put back the password the other tests log in with. */
        char sql[256];
        snprintf(sql, sizeof sql, "ALTER USER %s PASSWORD '%s'", actors[a], actor_password(a));
        run_ok(admin, sql);
    }

    /* The messages, as PostgreSQL words them. */
    PGconn *uma = pgt_connect_as(&s, "uma", "actor-pw");
    expect_message(uma, "CREATE TABLE t (id int)", "42501", "permission denied for schema public");
    expect_message(uma, "CREATE SCHEMA s", "42501", "permission denied for database postgres");
    expect_message(uma, "CREATE USER x", "42501", "permission denied to create role");
    expect_message(uma, "DROP USER v6_uma", "42501", "permission denied to drop role");
    expect_message(uma, "DROP TABLE owned2_uma", "42501", "must be owner of table owned2_uma");
    expect_message(uma, "TRUNCATE owned3_uma", "42501", "permission denied for table owned3_uma");
    /* The refused CREATE TABLE points at the table name, as PostgreSQL does. */
    PGresult *res = pgt_expect_error(uma, "CREATE TABLE t (id int)", "42501");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_STATEMENT_POSITION), "14");
    PQclear(res);
    /* Other table kinds are not the shared-table rule's business. */
    ck_assert_str_ne(pgt_outcome(uma, "CREATE TABLE ut (id int) WITH (type = 'user')"), "42501");
    ck_assert_str_ne(pgt_outcome(uma, "CREATE TABLE st (id int) WITH (type = 'stream')"), "42501");
    PQfinish(uma);
    PGconn *ada = pgt_connect_as(&s, "ada", "actor-pw");
    expect_message(ada, "CREATE ROLE z SUPERUSER", "42501", "must be superuser to create superusers");
    expect_message(ada, "ALTER USER vsys_ada PASSWORD 'x'", "42501",
                   "must be superuser to alter superuser roles or change superuser attribute");
    expect_message(ada, "DROP ROLE vsys_ada", "42501", "must be superuser to drop superusers");
    expect_message(ada, "DROP ROLE ada", "55006", "current user cannot be dropped");
    expect_message(ada, "DROP ROLE postgres", "42501", "must be superuser to drop superusers");
    PQfinish(ada);

    /* The system role made at initialisation stays one. */
    expect_message(admin, "DROP ROLE postgres", "55006", "current user cannot be dropped");
    run_ok(admin, "SET ROLE v4_postgres"); /* a system role since GRANT system */
    expect_message(admin, "DROP ROLE postgres", "55006", "session user cannot be dropped");
    expect_message(admin, "ALTER ROLE postgres NOSUPERUSER", "42501", "permission denied to alter role");
    run_ok(admin, "RESET ROLE");

    /* A role that owns something cannot be dropped; PostgreSQL's detail names it. */
    run_ok(admin, "SET ROLE ada");
    run_ok(admin, "CREATE TABLE ada_table (id int)");
    run_ok(admin, "CREATE SCHEMA ada_schema");
    run_ok(admin, "RESET ROLE");
    res = pgt_expect_error(admin, "DROP ROLE ada", "2BP01");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "role \"ada\" cannot be dropped because some objects depend on it");
    /* In creation order, with the matrix's shared_ada, shared2_ada and ns_ada first. */
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL),
                     "owner of table shared_ada\nowner of table shared2_ada\n"
                     "owner of schema ns_ada\nowner of table ada_table\n"
                     "owner of schema ada_schema");
    PQclear(res);
    static const char *const drops[] = {"DROP TABLE ada_table", "DROP SCHEMA ada_schema",
                                        "DROP TABLE shared_ada", "DROP TABLE shared2_ada"};
    for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++)
        run_ok(admin, drops[i]);
    res = pgt_expect_error(admin, "DROP ROLE ada", "2BP01");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "owner of schema ns_ada");
    PQclear(res);
    run_ok(admin, "DROP SCHEMA ns_ada");
    pgt_expect_command(admin, "DROP ROLE ada", "DROP ROLE");

    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- SET ROLE ---- */

START_TEST(set_role_rules_and_effective_role)
{
    test_server s;
    pgt_start(&s, "roles-setrole", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    setup_actors(admin);
    run_ok(admin, "CREATE ROLE ada2 CREATEROLE");
    run_ok(admin, "CREATE USER sam2 IN ROLE service");
    run_ok(admin, "CREATE USER uma2");
    run_ok(admin, "CREATE ROLE sys2 SUPERUSER");

    /* Who may become whom: system anyone, dba service and user roles, everyone itself. */
    static const char *const targets[] = {"sys2", "ada2", "sam2", "uma2", "ada", "sam", "uma"};
    static const char *const expected[ACTOR_COUNT][7] = {
        /* sys2     ada2     sam2     uma2     ada      sam      uma */
        {OK,      OK,      OK,      OK,      OK,      OK,      OK},      /* system */
        {"42501", "42501", OK,      OK,      OK,      OK,      OK},      /* dba (ada) */
        {"42501", "42501", "42501", "42501", "42501", OK,      "42501"}, /* service (sam) */
        {"42501", "42501", "42501", "42501", "42501", "42501", OK},      /* user (uma) */
    };
    for (int a = 0; a < ACTOR_COUNT; a++) {
        PGconn *conn = pgt_connect_as(&s, actors[a], actor_password(a));
        for (int t = 0; t < 7; t++) {
            char sql[128];
            snprintf(sql, sizeof sql, "SET ROLE %s", targets[t]);
            const char *got = pgt_outcome(conn, sql);
            ck_assert_msg(strcmp(got, expected[a][t]) == 0, "as %s: \"%s\": expected %s, got %s",
                          actors[a], sql, expected[a][t], got);
            if (strcmp(got, OK) == 0) {
                pgt_expect_value(conn, "SELECT current_user", targets[t]);
                pgt_expect_value(conn, "SELECT session_user", actors[a]);
                pgt_expect_value(conn, "SHOW role", targets[t]);
                pgt_expect_command(conn, "RESET ROLE", "RESET");
            } else {
                snprintf(sql, sizeof sql, "permission denied to set role \"%s\"", targets[t]);
                char statement[128];
                snprintf(statement, sizeof statement, "SET ROLE %s", targets[t]);
                expect_message(conn, statement, "42501", sql);
            }
            pgt_expect_value(conn, "SELECT current_user", actors[a]);
            pgt_expect_value(conn, "SHOW role", "none");
        }
        expect_message(conn, "SET ROLE nobody", "22023", "role \"nobody\" does not exist");
        PQfinish(conn);
    }

    /* The effective role is what every permission check asks about. */
    PGconn *ada = pgt_connect_as(&s, "ada", "actor-pw");
    pgt_expect_command(ada, "CREATE TABLE ada_t (id int)", "CREATE TABLE");
    pgt_expect_command(ada, "SET ROLE uma", "SET");
    expect_message(ada, "CREATE TABLE uma_t (id int)", "42501", "permission denied for schema public");
    expect_message(ada, "CREATE USER x", "42501", "permission denied to create role");
    expect_message(ada, "DROP TABLE ada_t", "42501", "must be owner of table ada_t");
    /* From the impersonated role, SET ROLE is still judged by the session user. */
    pgt_expect_command(ada, "SET ROLE sam", "SET");
    pgt_expect_value(ada, "SELECT current_user", "sam");
    pgt_expect_command(ada, "SET ROLE NONE", "SET");
    pgt_expect_command(ada, "CREATE USER x", "CREATE ROLE");
    pgt_expect_command(ada, "DROP TABLE ada_t", "DROP TABLE");
    /* What a role creates while impersonated belongs to the impersonated role. */
    PGconn *admin2 = pgt_connect(&s, NULL);
    pgt_expect_command(admin2, "SET ROLE ada", "SET");
    pgt_expect_command(admin2, "CREATE TABLE made_as_ada (id int)", "CREATE TABLE");
    PQfinish(admin2);
    PGresult *res = pgt_expect_error(admin, "DROP ROLE ada", "2BP01");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "owner of table made_as_ada");
    PQclear(res);

    /* is_superuser follows the effective role, reported as PostgreSQL does. */
    ck_assert_str_eq(PQparameterStatus(admin, "is_superuser"), "on");
    pgt_expect_command(admin, "SET ROLE uma", "SET");
    ck_assert_str_eq(PQparameterStatus(admin, "is_superuser"), "off");
    pgt_expect_value(admin, "SHOW is_superuser", "off");
    pgt_expect_command(admin, "SET ROLE sys2", "SET");
    ck_assert_str_eq(PQparameterStatus(admin, "is_superuser"), "on");
    pgt_expect_command(admin, "RESET ROLE", "RESET");

    /* SET ROLE is transactional, and RESET ALL leaves it alone (PostgreSQL's rules). */
    pgt_expect_command(admin, "BEGIN", "BEGIN");
    pgt_expect_command(admin, "SET ROLE uma", "SET");
    pgt_expect_value(admin, "SELECT current_user", "uma");
    pgt_expect_command(admin, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(admin, "SELECT current_user", "postgres");
    pgt_expect_command(admin, "BEGIN", "BEGIN");
    pgt_expect_command(admin, "SET LOCAL ROLE uma", "SET");
    pgt_expect_value(admin, "SELECT current_user", "uma");
    pgt_expect_command(admin, "COMMIT", "COMMIT");
    pgt_expect_value(admin, "SELECT current_user", "postgres");
    pgt_expect_command(admin, "SET ROLE uma", "SET");
    pgt_expect_command(admin, "RESET ALL", "RESET");
    pgt_expect_value(admin, "SELECT current_user", "uma");
    /* A multi-statement string: later statements run as the role set before them. */
    PGresult *multi = PQexec(admin, "RESET ROLE; SELECT current_user");
    ck_assert_int_eq(PQresultStatus(multi), PGRES_TUPLES_OK);
    ck_assert_str_eq(PQgetvalue(multi, 0, 0), "postgres");
    PQclear(multi);

    /* The role SET ROLE chose is dropped by another session: statements stop until
     * RESET ROLE, rather than running as somebody else. */
    pgt_expect_command(ada, "SET ROLE uma2", "SET");
    pgt_expect_command(admin, "DROP ROLE uma2", "DROP ROLE");
    expect_message(ada, "SELECT 1", "42704", "role \"uma2\" does not exist");
    pgt_expect_value(ada, "SHOW role", "uma2");
    pgt_expect_command(ada, "RESET ROLE", "RESET");
    pgt_expect_value(ada, "SELECT current_user", "ada");

    /* A role's kind changed by another session applies from the next statement. */
    PGconn *uma = pgt_connect_as(&s, "uma", "actor-pw");
    expect_message(uma, "CREATE USER y", "42501", "permission denied to create role");
    pgt_expect_command(admin, "ALTER ROLE uma CREATEROLE", "ALTER ROLE");
    pgt_expect_command(uma, "CREATE USER y", "CREATE ROLE");
    pgt_expect_command(admin, "ALTER ROLE uma NOCREATEROLE", "ALTER ROLE");
    expect_message(uma, "CREATE USER z", "42501", "permission denied to create role");

    /* A startup role= parameter goes through the same check. */
    char conninfo[1024];
    server_conninfo(&s, conninfo, sizeof conninfo, "uma", "actor-pw", "options='-c role=ada'");
    PGconn *denied = pgt_connect_verbose(conninfo, LOGIN_TIMEOUT_MS);
    ck_assert_msg(PQstatus(denied) == CONNECTION_BAD &&
                      strstr(PQerrorMessage(denied), "permission denied to set role \"ada\"") != NULL,
                  "startup role=ada as uma: %s", PQerrorMessage(denied));
    PQfinish(denied);
    server_conninfo(&s, conninfo, sizeof conninfo, "ada", "actor-pw", "options='-c role=uma'");
    PGconn *as_uma = pgt_connect_verbose(conninfo, LOGIN_TIMEOUT_MS);
    ck_assert_msg(PQstatus(as_uma) == CONNECTION_OK, "%s", PQerrorMessage(as_uma));
    pgt_expect_value(as_uma, "SELECT current_user", "uma");
    pgt_expect_value(as_uma, "SELECT session_user", "ada");
    PQfinish(as_uma);

    PQfinish(uma);
    PQfinish(ada);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- GRANT/REVOKE of kinds, and the form the KalamDB dialect maps to ---- */

START_TEST(grant_and_revoke_role_kinds)
{
    test_server s;
    pgt_start(&s, "roles-grant", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    notices n = {""};
    PQsetNoticeReceiver(admin, collect_notice, &n);

    /* CREATE USER 'svc' WITH PASSWORD 'p' ROLE service, in PostgreSQL's grammar. */
    pgt_expect_command(admin, "CREATE USER svc WITH PASSWORD 'svc-pw' IN ROLE service",
                       "CREATE ROLE");
    pgt_expect_command(admin, "GRANT service TO svc", "GRANT ROLE");
    ck_assert_str_eq(n.text, "NOTICE role \"svc\" is already a member of role \"service\"\n");
    n.text[0] = '\0';
    pgt_expect_command(admin, "REVOKE service FROM svc", "REVOKE ROLE");
    pgt_expect_command(admin, "REVOKE service FROM svc", "REVOKE ROLE");
    ck_assert_str_eq(n.text, "WARNING role \"svc\" is not a member of role \"service\"\n");
    n.text[0] = '\0';

    /* GRANT dba makes a role manager; REVOKE takes it back. */
    pgt_expect_command(admin, "CREATE USER boss PASSWORD 'boss-pw'", "CREATE ROLE");
    PGconn *boss = pgt_connect_as(&s, "boss", "boss-pw");
    expect_message(boss, "CREATE USER w1", "42501", "permission denied to create role");
    expect_message(boss, "GRANT dba TO boss", "42501", "must have admin option on role \"dba\"");
    pgt_expect_command(admin, "GRANT dba TO boss", "GRANT ROLE");
    pgt_expect_command(boss, "CREATE USER w1", "CREATE ROLE");
    expect_message(boss, "GRANT system TO w1", "42501", "must be superuser to alter superusers");
    pgt_expect_command(admin, "REVOKE dba FROM boss", "REVOKE ROLE");
    expect_message(boss, "CREATE USER w2", "42501", "permission denied to create role");
    /* Every grantee is checked before any changes. */
    expect_message(admin, "GRANT dba TO boss, nobody", "42704", "role \"nobody\" does not exist");
    expect_message(boss, "CREATE USER w2", "42501", "permission denied to create role");
    /* Several kinds at once: a role has one, the highest. */
    pgt_expect_command(admin, "GRANT service, dba TO boss", "GRANT ROLE");
    pgt_expect_command(boss, "CREATE USER w2", "CREATE ROLE");
    pgt_expect_command(admin, "REVOKE dba FROM boss", "REVOKE ROLE");
    /* IN ROLE "user" names the plain kind; USER unquoted is a keyword. */
    pgt_expect_command(admin, "CREATE USER plain IN ROLE \"user\"", "CREATE ROLE");
    pgt_expect_command(admin, "GRANT \"user\" TO plain", "GRANT ROLE");
    ck_assert_str_eq(n.text, "NOTICE role \"plain\" is already a member of role \"user\"\n");

    /* Membership in ordinary roles does not exist. */
    PQclear(pgt_expect_error(admin, "GRANT boss TO plain", "0A000"));
    PQclear(pgt_expect_error(admin, "CREATE ROLE grp IN ROLE boss", "0A000"));
    PQclear(pgt_expect_error(admin, "CREATE ROLE grp ROLE boss", "0A000"));
    expect_message(admin, "CREATE ROLE grp IN ROLE nobody", "42704", "role \"nobody\" does not exist");
    PQclear(pgt_expect_error(admin, "GRANT dba TO plain WITH ADMIN OPTION", "0A000"));
    /* The kind names are not role names. */
    expect_message(admin, "CREATE ROLE dba", "42939", "role name \"dba\" is reserved");
    expect_message(admin, "CREATE ROLE \"user\"", "42939", "role name \"user\" is reserved");
    /* Options QuillDB's roles cannot honour are refused, their default forms accepted. */
    PQclear(pgt_expect_error(admin, "CREATE ROLE r CREATEDB", "0A000"));
    PQclear(pgt_expect_error(admin, "CREATE ROLE r NOINHERIT", "0A000"));
    PQclear(pgt_expect_error(admin, "CREATE ROLE r CONNECTION LIMIT 5", "0A000"));
    PQclear(pgt_expect_error(admin, "CREATE ROLE r VALID UNTIL '2030-01-01'", "0A000"));
    pgt_expect_command(admin,
                       "CREATE ROLE r NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN "
                       "NOREPLICATION NOBYPASSRLS VALID UNTIL 'infinity' PASSWORD 'r-pw'",
                       "CREATE ROLE");
    PQfinish(pgt_connect_as(&s, "r", "r-pw"));
    /* Role statements write at once: they are refused where a ROLLBACK would be expected
     * to undo them. */
    pgt_expect_command(admin, "BEGIN", "BEGIN");
    PQclear(pgt_expect_error(admin, "CREATE USER in_block", "0A000"));
    pgt_expect_command(admin, "ROLLBACK", "ROLLBACK");
    expect_login_fails(&s, "in_block", "anything", "28P01", NULL);

    PQfinish(boss);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- restarts ---- */

START_TEST(roles_survive_restarts)
{
    test_server s;
    pgt_start(&s, "roles-restart", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    setup_actors(admin);
    run_ok(admin, "CREATE ROLE sys2 LOGIN PASSWORD 'sys2-pw' SUPERUSER");
    run_ok(admin, "CREATE ROLE quiet PASSWORD 'quiet-pw'");
    run_ok(admin, "CREATE USER gone PASSWORD 'gone-pw'");
    run_ok(admin, "DROP USER gone");
    run_ok(admin, "ALTER USER uma PASSWORD 'uma-new'");
    PQfinish(admin);

    for (int round = 0; round < 2; round++) {
        if (round == 0) {
            ck_assert_int_eq(server_stop(&s, 10000), 0);
        } else {
            server_kill9(&s);
        }
        ck_assert_msg(server_restart(&s), "restart %d failed", round);
        PGconn *ada = pgt_connect_as(&s, "ada", "actor-pw");
        pgt_expect_command(ada, round == 0 ? "CREATE USER after1" : "CREATE USER after2",
                           "CREATE ROLE");
        expect_message(ada, "CREATE ROLE nope SUPERUSER", "42501",
                       "must be superuser to create superusers");
        PQfinish(ada);
        PGconn *sam = pgt_connect_as(&s, "sam", "actor-pw");
        expect_message(sam, "CREATE USER nope", "42501", "permission denied to create role");
        PQfinish(sam);
        PGconn *sys2 = pgt_connect_as(&s, "sys2", "sys2-pw");
        pgt_expect_value(sys2, "SHOW is_superuser", "on");
        pgt_expect_command(sys2, round == 0 ? "CREATE ROLE s1 SUPERUSER" : "CREATE ROLE s2 SUPERUSER",
                           "CREATE ROLE");
        PQfinish(sys2);
        PQfinish(pgt_connect_as(&s, "uma", "uma-new"));
        expect_login_fails(&s, "uma", "actor-pw", "28P01", NULL);
        expect_login_fails(&s, "quiet", "quiet-pw", "28000", NULL);
        expect_login_fails(&s, "gone", "gone-pw", "28P01", NULL);
        PQfinish(pgt_connect_as(&s, "postgres", HARNESS_PASSWORD));
    }
    /* Names stay taken, and ids are not handed out twice. */
    admin = pgt_connect(&s, NULL);
    expect_message(admin, "CREATE USER after1", "42710", "role \"after1\" already exists");
    pgt_expect_command(admin, "CREATE USER gone PASSWORD 'back'", "CREATE ROLE");
    PQfinish(pgt_connect_as(&s, "gone", "back"));
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *roles_suite(void)
{
    Suite *s = suite_create("roles");
    TCase *tc = tcase_create("roles");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, new_users_log_in_with_scram);
    tcase_add_test(tc, permission_matrix_per_role_kind);
    tcase_add_test(tc, set_role_rules_and_effective_role);
    tcase_add_test(tc, grant_and_revoke_role_kinds);
    tcase_add_test(tc, roles_survive_restarts);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(roles_suite(), NULL);
}
