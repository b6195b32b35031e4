/*
 * Integration: the KalamDB dialect and the system.* tables end to end over libpq.
 * Every dialect form, alone and inside multi-statement strings, with comments and quoted
 * identifiers around the keywords; a table created in a non-default namespace by one
 * session and seen from brand-new ones (SHOW TABLES IN ns, USE ns, DESCRIBE); error
 * positions pointing into the text the client sent; each system table in WHERE, joins,
 * ORDER BY, aggregates and subqueries; writes to them refused; system.sessions listing
 * live connections by their BackendKeyData process id; creation times surviving a
 * restart.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

#define RESULT_TEXT_MAX 8192

/* Every row of a result as "a|b" lines joined by '\n' (NULL as "<null>"). */
static const char *result_text(const PGresult *res)
{
    static char text[RESULT_TEXT_MAX];
    size_t used = 0;
    text[0] = '\0';
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < PQnfields(res); c++) {
            const char *v = PQgetisnull(res, r, c) ? "<null>" : PQgetvalue(res, r, c);
            int n = snprintf(text + used, sizeof text - used, "%s%s",
                             c > 0 ? "|" : (r > 0 ? "\n" : ""), v);
            ck_assert_msg(n >= 0 && (size_t)n < sizeof text - used, "result too long");
            used += (size_t)n;
        }
    }
    return text;
}

static void expect_rows(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "[%s] failed: %s", sql,
                  PQresultErrorMessage(res));
    const char *got = result_text(res);
    ck_assert_msg(strcmp(got, expected) == 0, "[%s]\n got:\n%s\n expected:\n%s", sql, got, expected);
    PQclear(res);
}

/* The column names of a result, comma separated. */
static void expect_columns(PGconn *conn, const char *sql, const char *expected)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "[%s] failed: %s", sql,
                  PQresultErrorMessage(res));
    char names[512] = "";
    for (int c = 0; c < PQnfields(res); c++) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", c > 0 ? "," : "", PQfname(res, c));
    }
    ck_assert_msg(strcmp(names, expected) == 0, "[%s] columns %s, expected %s", sql, names, expected);
    PQclear(res);
}

/* An error with this SQLSTATE and message, and position (0: none). */
static void expect_error(PGconn *conn, const char *sql, const char *sqlstate, const char *message,
                         int position)
{
    PGresult *res = pgt_expect_error(conn, sql, sqlstate);
    const char *got = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    ck_assert_msg(got != NULL && strcmp(got, message) == 0, "[%s] message %s, expected %s", sql,
                  got != NULL ? got : "(none)", message);
    const char *at = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
    ck_assert_msg(position == (at != NULL ? atoi(at) : 0), "[%s] position %s, expected %d", sql,
                  at != NULL ? at : "(none)", position);
    PQclear(res);
}

/* Runs a multi-statement string; each result as its command tag, its rows or
 * "ERROR <sqlstate> <position>", joined by " ; ". */
static const char *run_string(PGconn *conn, const char *sql)
{
    static char text[RESULT_TEXT_MAX];
    size_t used = 0;
    text[0] = '\0';
    ck_assert_msg(PQsendQuery(conn, sql), "send failed: %s", PQerrorMessage(conn));
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        char item[2048];
        ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_TUPLES_OK) {
            snprintf(item, sizeof item, "%s", result_text(res));
        } else if (status == PGRES_COMMAND_OK) {
            snprintf(item, sizeof item, "%s", PQcmdStatus(res));
        } else {
            const char *at = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
            snprintf(item, sizeof item, "ERROR %s %s", PQresultErrorField(res, PG_DIAG_SQLSTATE),
                     at != NULL ? at : "-");
        }
        int n = snprintf(text + used, sizeof text - used, "%s%s", used > 0 ? " ; " : "", item);
        ck_assert(n >= 0 && (size_t)n < sizeof text - used);
        used += (size_t)n;
        PQclear(res);
    }
    return text;
}

static void expect_string(PGconn *conn, const char *sql, const char *expected)
{
    const char *got = run_string(conn, sql);
    ck_assert_msg(strcmp(got, expected) == 0, "[%s]\n got:      %s\n expected: %s", sql, got,
                  expected);
}

/* ---- namespaces, USE, SHOW, DESCRIBE ---- */

START_TEST(namespace_tables_seen_from_new_sessions)
{
    test_server s;
    pgt_start(&s, "dialect-ns", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE NAMESPACE app", "CREATE SCHEMA");
    pgt_expect_command(a, "create namespace if not exists app", "CREATE SCHEMA");
    expect_error(a, "CREATE NAMESPACE app", "42P06", "schema \"app\" already exists", 0);
    pgt_expect_command(a, "CREATE SHARED TABLE app.notes (id int PRIMARY KEY, body text NOT NULL, "
                          "n numeric(6,2) DEFAULT 0)", "CREATE TABLE");
    pgt_expect_command(a, "INSERT INTO app.notes VALUES (1, 'from a')", "INSERT 0 1");
    PQfinish(a);

    /* A brand-new session sees the namespace and its table. */
    PGconn *b = pgt_connect(&s, NULL);
    expect_rows(b, "SHOW TABLES IN app", "app|notes|shared");
    expect_columns(b, "SHOW TABLES IN app", "namespace,table_name,table_type");
    expect_rows(b, "SHOW TABLES", "app|notes|shared");
    expect_rows(b, "SHOW NAMESPACES", "app\npublic\nsystem");
    expect_rows(b, "DESCRIBE TABLE app.notes",
                "id|integer|f|<null>|t\nbody|text|f|<null>|f\nn|numeric(6,2)|t|0|f");
    expect_columns(b, "DESCRIBE app.notes",
                   "column_name,data_type,is_nullable,column_default,is_primary_key");
    /* Not on the search_path yet: unqualified DESCRIBE finds nothing, SELECT fails. */
    expect_rows(b, "DESCRIBE notes", "");
    expect_error(b, "SELECT * FROM notes", "42P01", "relation \"notes\" does not exist", 15);
    pgt_expect_command(b, "USE app", "SET");
    pgt_expect_value(b, "SHOW search_path", "app");
    expect_rows(b, "DESCRIBE TABLE notes",
                "id|integer|f|<null>|t\nbody|text|f|<null>|f\nn|numeric(6,2)|t|0|f");
    pgt_expect_command(b, "INSERT INTO notes VALUES (2, 'from b')", "INSERT 0 1");
    pgt_expect_command(b, "CREATE SHARED TABLE made_by_b (x int)", "CREATE TABLE");
    PQfinish(b);

    /* Another new session reads what b wrote, qualified and through USE. */
    PGconn *c = pgt_connect(&s, NULL);
    expect_rows(c, "SELECT id, body FROM app.notes ORDER BY id", "1|from a\n2|from b");
    expect_rows(c, "SHOW TABLES IN app", "app|made_by_b|shared\napp|notes|shared");
    pgt_expect_command(c, "USE app", "SET");
    pgt_expect_value(c, "SELECT count(*) FROM notes", "2");

    /* DROP NAMESPACE: refused while tables depend on it, then with CASCADE. */
    expect_error(c, "DROP NAMESPACE app", "2BP01",
                 "cannot drop schema app because other objects depend on it", 0);
    pgt_expect_command(c, "DROP NAMESPACE app CASCADE", "DROP SCHEMA");
    expect_rows(c, "SHOW TABLES IN app", "");
    pgt_expect_command(c, "DROP NAMESPACE IF EXISTS app", "DROP SCHEMA");
    expect_error(c, "DROP NAMESPACE app RESTRICT", "3F000", "schema \"app\" does not exist", 0);
    PQfinish(c);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(comments_quotes_case_and_multi_statement_strings)
{
    test_server s;
    pgt_start(&s, "dialect-forms", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "/* lead */ Create /* kind */ NameSpace -- line\n \"Odd NS\"", "CREATE SCHEMA");
    pgt_expect_command(a, "create /*k*/ Shared /*t*/ TABLE \"Odd NS\".\"T\" (\"namespace\" text, v int)",
                       "CREATE TABLE");
    expect_rows(a, "SHOW /* c */ tables /* d */ IN \"Odd NS\"", "Odd NS|T|shared");
    expect_rows(a, "describe \"Odd NS\".\"T\"", "namespace|text|t|<null>|f\nv|integer|t|<null>|f");
    /* What is not dialect passes through untouched: a column named namespace, SHOW of a
     * setting, a string holding dialect words. */
    pgt_expect_command(a, "INSERT INTO \"Odd NS\".\"T\" VALUES ('CREATE USER TABLE x (a int)', 1)",
                       "INSERT 0 1");
    expect_rows(a, "SELECT namespace FROM \"Odd NS\".\"T\" WHERE namespace LIKE 'CREATE%'",
                "CREATE USER TABLE x (a int)");
    pgt_expect_value(a, "SHOW search_path", "\"$user\", public");
    pgt_expect_value(a, "SELECT 'USE app; SHOW TABLES'", "USE app; SHOW TABLES");

    /* Several statements in one Query message: each rewritten where it stands. */
    expect_string(a, "USE \"Odd NS\"; SHOW TABLES IN \"Odd NS\"; DESCRIBE TABLE \"T\"; SHOW NAMESPACES; "
                     "SELECT count(*) FROM \"T\"",
                  "SET ; Odd NS|T|shared ; namespace|text|t|<null>|f\nv|integer|t|<null>|f ; "
                  "Odd NS\npublic\nsystem ; 1");
    pgt_expect_value(a, "SHOW search_path", "\"Odd NS\"");
    /* A ';' inside a string or a comment is not a statement boundary. */
    expect_string(a, "SELECT ';' AS x; /* ; */ USE public -- ; SHOW TABLES\n; SHOW NAMESPACES",
                  "; ; SET ; Odd NS\npublic\nsystem");
    pgt_expect_value(a, "SHOW search_path", "public");
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(errors_point_into_the_text_sent)
{
    test_server s;
    pgt_start(&s, "dialect-errors", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    /* A statement after a rewritten one: the position counts the original text. */
    expect_string(a, "USE public; SELECT nope", "SET ; ERROR 42703 20");
    expect_string(a, "SHOW TABLES; SELECT nope FROM system.tables", "ERROR 42703 21");
    expect_error(a, "SHOW NAMESPACES; SELECT 1 +", "42601", "syntax error at end of input", 28);
    /* Errors of the rewrite itself. */
    expect_error(a, "CREATE SHARED TABLE t (a int) WITH (type = 'user')", "22023",
                 "parameter \"type\" specified more than once", 0);
    expect_error(a, "CREATE USER 'x' WITH PASSWORD 'p' ROLE admin", "22023", "invalid role \"admin\"", 40);
    expect_error(a, "EXECUTE AS USER 'x' (SELECT 1; SELECT 2)", "42601",
                 "EXECUTE AS USER must wrap exactly one statement in parentheses", 30);
    /* EXECUTE AS USER runs its one statement as the user, then the session is itself again;
     * the statements before it ran. */
    expect_error(a, "EXECUTE AS USER 'alice' (SELECT 1)", "42704", "role \"alice\" does not exist",
                 0);
    pgt_expect_command(a, "CREATE USER alice PASSWORD 'alice-pw'", "CREATE ROLE");
    expect_string(a, "SELECT 1; EXECUTE AS USER 'alice' (SELECT current_user); SELECT current_user",
                  "1 ; alice ; postgres");
    pgt_expect_command(a, "CREATE USER TABLE notes (id int PRIMARY KEY, body text)",
                       "CREATE TABLE");
    pgt_expect_command(a, "EXECUTE AS USER 'alice' (INSERT INTO notes VALUES (1, 'hers'))",
                       "INSERT 0 1");
    expect_string(a, "SELECT count(*) FROM notes", "0");
    expect_string(a, "EXECUTE AS USER 'alice' (SELECT body FROM notes)", "hers");
    expect_error(a, "EXECUTE AS USER 'alice' (SELEC 2)", "42601", "syntax error at or near \"SELEC\"", 26);
    /* Not a form of the dialect: the parser's syntax error, at the original text. */
    expect_error(a, "DESCRIBE", "42601", "syntax error at or near \"DESCRIBE\"", 1);
    expect_error(a, "SHOW TABLES IN", "42601", "syntax error at or near \"IN\"", 13);
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

/* CREATE USER/SHARED/STREAM TABLE make tables of their kind, seen from a new session;
 * options merge into a WITH list already there. */
START_TEST(table_kinds_from_the_dialect)
{
    test_server s;
    pgt_start(&s, "dialect-kinds", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE NAMESPACE k", "CREATE SCHEMA");
    pgt_expect_command(a, "CREATE SHARED TABLE IF NOT EXISTS k.s (a int) WITH (fillfactor = 70)",
                       "CREATE TABLE");
    pgt_expect_command(a, "create user table k.u (id int PRIMARY KEY, note text)", "CREATE TABLE");
    pgt_expect_command(a, "CREATE /* events */ STREAM TABLE k.e (v int) WITH (ttl_seconds = 60)",
                       "CREATE TABLE");
    expect_error(a, "CREATE STREAM TABLE k.e2 (v int)", "42P16",
                 "stream table \"e2\" requires the ttl_seconds option", 0);
    expect_error(a, "CREATE USER TABLE k.x (a int) WITH (type = 'shared')", "22023",
                 "parameter \"type\" specified more than once", 0);
    PQfinish(a);

    PGconn *b = pgt_connect(&s, NULL);
    expect_rows(b, "SHOW TABLES IN k", "k|e|stream\nk|s|shared\nk|u|user");
    expect_rows(b, "SELECT table_name, options FROM system.tables WHERE namespace = 'k' ORDER BY 1",
                "e|{\"type\":\"stream\",\"ttl_seconds\":\"60\"}\n"
                "s|{\"type\":\"shared\",\"fillfactor\":\"70\"}\n"
                "u|{\"type\":\"user\"}");
    /* _seq and _deleted are not listed, as SELECT * does not show them. */
    expect_rows(b, "DESCRIBE TABLE k.u", "id|integer|f|<null>|t\nnote|text|t|<null>|f");
    pgt_expect_command(b, "USE k", "SET");
    pgt_expect_command(b, "INSERT INTO u VALUES (1, 'mine')", "INSERT 0 1");
    pgt_expect_command(b, "INSERT INTO e VALUES (7)", "INSERT 0 1");
    PQfinish(b);
    PGconn *c = pgt_connect(&s, NULL);
    pgt_expect_value(c, "SELECT note FROM k.u WHERE id = 1", "mine");
    pgt_expect_value(c, "SELECT v FROM k.e", "7");
    PQfinish(c);
    pgt_stop_clean(&s);
}
END_TEST

/* CREATE USER 'name' ... ROLE reaches the statement it is rewritten to. Until roles can be
 * created that statement refuses with 0A000 naming itself; once it can, it succeeds.
 * Either way the rewrite must have produced it (a failed rewrite is a 42601 at the
 * string literal). */
START_TEST(create_user_reaches_its_statement)
{
    test_server s;
    pgt_start(&s, "dialect-users", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    const char *statements[] = {
        "CREATE USER 'dialect_alice' WITH PASSWORD 'pw' ROLE user",
        "CREATE USER 'dialect_svc' WITH PASSWORD 'pw' ROLE service",
        "create user 'Dialect DBA' password 'pw' role dba",
    };
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
        pgt_expect_command(a, statements[i], "CREATE ROLE");
    /* Each made the role kind it named, and logs in with its password. */
    PGresult *res = PQexec(a, "SELECT string_agg(user_name || ':' || role, ',') FROM "
                              "(SELECT user_name, role FROM system.users "
                              "WHERE user_name <> 'postgres' ORDER BY user_name) u");
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "Dialect DBA:dba,dialect_alice:user,dialect_svc:service");
    PQclear(res);
    const char *logins[] = {"dialect_alice", "dialect_svc", "Dialect DBA"};
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
        char conninfo[1024];
        server_conninfo(&s, conninfo, sizeof conninfo, logins[i], "pw", NULL);
        PGconn *user = pgt_connect_verbose(conninfo, 10000);
        ck_assert_msg(PQstatus(user) == CONNECTION_OK, "login as %s: %s", logins[i],
                      PQerrorMessage(user));
        PQfinish(user);
    }
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

/* ---- the system tables ---- */

START_TEST(system_tables_in_every_query_form)
{
    test_server s;
    pgt_start(&s, "dialect-system", NULL);
    PGconn *a = pgt_connect(&s, NULL);
    pgt_expect_command(a, "CREATE SCHEMA app", "CREATE SCHEMA");
    pgt_expect_command(a, "CREATE TABLE app.items (id serial PRIMARY KEY, name varchar(20) NOT NULL "
                          "DEFAULT 'none', price numeric(8,2))", "CREATE TABLE");
    pgt_expect_command(a, "CREATE TABLE public.tags (tag text)", "CREATE TABLE");

    expect_columns(a, "SELECT * FROM system.namespaces", "namespace,owner,table_count,created_at");
    expect_columns(a, "SELECT * FROM system.tables",
                   "namespace,table_name,table_type,owner,options,row_count,is_visible,created_at");
    expect_columns(a, "SELECT * FROM system.columns",
                   "namespace,table_name,column_name,ordinal_position,data_type,is_nullable,"
                   "column_default,is_primary_key");
    expect_columns(a, "SELECT * FROM system.users", "user_name,role,created_at");
    expect_columns(a, "SELECT * FROM system.sessions",
                   "connection_id,process_id,user_name,application_name,client_address,state,"
                   "query,started_at");

    /* WHERE, ORDER BY, aggregates, GROUP BY, joins, subqueries, DISTINCT, LIMIT. */
    expect_rows(a, "SELECT namespace, table_count FROM system.namespaces ORDER BY namespace DESC",
                "system|5\npublic|1\napp|1");
    expect_rows(a, "SELECT table_name, is_visible FROM system.tables WHERE namespace <> 'system' "
                   "ORDER BY table_name", "items|f\ntags|t");
    expect_rows(a, "SELECT table_type, count(*) FROM system.tables GROUP BY table_type ORDER BY 1",
                "shared|2\nsystem|5");
    expect_rows(a, "SELECT t.namespace, t.table_name, count(c.column_name) FROM system.tables t "
                   "JOIN system.columns c ON c.namespace = t.namespace AND c.table_name = t.table_name "
                   "WHERE t.namespace <> 'system' GROUP BY t.namespace, t.table_name ORDER BY 3 DESC",
                "app|items|3\npublic|tags|1");
    expect_rows(a, "SELECT column_name, column_default FROM system.columns WHERE table_name = 'items' "
                   "AND column_default IS NOT NULL ORDER BY ordinal_position",
                "id|nextval('app.items_id_seq')\nname|'none'");
    expect_rows(a, "SELECT table_name FROM system.tables WHERE table_name IN "
                   "(SELECT table_name FROM system.columns WHERE column_name = 'price')", "items");
    expect_rows(a, "SELECT n.namespace FROM system.namespaces n WHERE NOT EXISTS "
                   "(SELECT 1 FROM system.tables t WHERE t.namespace = n.namespace) ", "");
    expect_rows(a, "SELECT DISTINCT data_type FROM system.columns WHERE namespace = 'app' "
                   "ORDER BY data_type LIMIT 2", "character varying(20)\ninteger");
    expect_rows(a, "SELECT (SELECT count(*) FROM system.users) + (SELECT count(*) FROM "
                   "system.namespaces)", "4");
    expect_rows(a, "WITH t AS (SELECT * FROM system.tables) SELECT count(*) FROM t "
                   "WHERE table_type = 'system'", "5");
    expect_rows(a, "SELECT row_count FROM system.tables WHERE table_name IN ('items', 'namespaces') "
                   "ORDER BY table_name", "<null>\n3");
    expect_rows(a, "SELECT user_name, role FROM system.users", "postgres|system");
    pgt_expect_value(a, "SELECT created_at BETWEEN now() - interval '1 minute' AND now() + "
                        "interval '1 minute' FROM system.tables WHERE table_name = 'items'", "t");
    /* In joins of every kind, with column aliases, USING and NATURAL, and schema-qualified
     * column references; no rows are still rows of the system table. */
    expect_rows(a, "SELECT x.n FROM system.tables AS x(ns, n) WHERE x.ns = 'app'", "items");
    expect_rows(a, "SELECT count(*) FROM system.tables NATURAL JOIN system.columns "
                   "WHERE namespace = 'app'", "3");
    expect_columns(a, "SELECT * FROM system.tables JOIN system.columns USING (namespace, "
                      "table_name) WHERE false",
                   "namespace,table_name,table_type,owner,options,row_count,is_visible,"
                   "created_at,column_name,ordinal_position,data_type,is_nullable,"
                   "column_default,is_primary_key");
    expect_rows(a, "SELECT n.namespace, t.table_name FROM system.namespaces n LEFT JOIN "
                   "system.tables t ON t.namespace = n.namespace AND t.table_name = 'tags' "
                   "ORDER BY 1", "app|<null>\npublic|tags\nsystem|<null>");
    expect_rows(a, "SELECT namespace, t.table_name FROM "
                   "(SELECT * FROM system.tables WHERE false) t "
                   "FULL JOIN system.namespaces n USING (namespace) ORDER BY 1",
                "app|<null>\npublic|<null>\nsystem|<null>");
    expect_rows(a, "EXPLAIN SELECT * FROM (SELECT * FROM system.tables WHERE false) t",
                "Subquery Scan on t");
    expect_rows(a, "SELECT system.tables.table_name FROM system.tables "
                   "WHERE system.tables.namespace = 'app'", "items");
    expect_error(a, "SELECT system.tables.table_name FROM system.tables t", "42P01",
                 "invalid reference to FROM-clause entry for table \"tables\"", 8);
    expect_error(a, "SELECT count(*) FROM system.tables, system.tables", "42712",
                 "table name \"tables\" specified more than once", 0);
    expect_rows(a, "SELECT count(*) FROM system.tables, system.tables t2 WHERE "
                   "t2.table_name = tables.table_name", "7");
    /* Rows of a system table can feed a write elsewhere. */
    pgt_expect_command(a, "INSERT INTO public.tags SELECT table_name FROM system.tables "
                          "WHERE namespace = 'system'", "INSERT 0 5");

    /* Writing to them, or creating in system, is refused. */
    expect_error(a, "INSERT INTO system.tables (namespace) VALUES ('x')", "42501",
                 "permission denied for table tables", 13);
    expect_error(a, "UPDATE system.users SET role = 'dba'", "42501", "permission denied for table users", 8);
    expect_error(a, "DELETE FROM system.sessions", "42501", "permission denied for table sessions", 13);
    expect_error(a, "TRUNCATE system.columns", "42501", "permission denied for table columns", 0);
    expect_error(a, "DROP TABLE system.namespaces", "42501", "permission denied for table namespaces", 0);
    expect_error(a, "ALTER TABLE system.tables ADD COLUMN x int", "42501",
                 "permission denied for table tables", 0);
    expect_error(a, "CREATE TABLE system.mine (a int)", "42501", "permission denied for schema system", 14);
    expect_error(a, "DROP NAMESPACE system", "2BP01",
                 "cannot drop schema system because it is required by the database system", 0);
    const char *reserved[] = {"system", "pg_catalog", "information_schema", "pg_mine"};
    for (int i = 0; i < 4; i++) {
        char sql[64], message[64];
        snprintf(sql, sizeof sql, "CREATE NAMESPACE %s", reserved[i]);
        snprintf(message, sizeof message, "unacceptable schema name \"%s\"", reserved[i]);
        expect_error(a, sql, "42939", message, 0);
    }
    /* Qualified names only. */
    expect_error(a, "SELECT * FROM sessions", "42P01", "relation \"sessions\" does not exist", 15);

    /* Creation times are stored: they survive a restart. */
    PGresult *before = PQexec(a, "SELECT created_at FROM system.tables WHERE table_name = 'items'");
    ck_assert_int_eq(PQresultStatus(before), PGRES_TUPLES_OK);
    char created[64];
    snprintf(created, sizeof created, "%s", PQgetvalue(before, 0, 0));
    PQclear(before);
    PQfinish(a);
    ck_assert_int_eq(server_stop(&s, 10000), 0);
    ck_assert(server_restart(&s));
    a = pgt_connect(&s, NULL);
    pgt_expect_value(a, "SELECT created_at FROM system.tables WHERE table_name = 'items'", created);
    pgt_expect_value(a, "SELECT count(*) FROM system.namespaces WHERE created_at IS NOT NULL", "2");
    /* A stored table of a system table's name is another table. */
    pgt_expect_command(a, "CREATE TABLE public.tables (x int)", "CREATE TABLE");
    pgt_expect_value(a, "SELECT count(*) FROM system.tables, tables", "0");
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(system_sessions_lists_live_connections)
{
    test_server s;
    pgt_start(&s, "dialect-sessions", NULL);
    PGconn *a = pgt_connect(&s, "application_name=watcher");
    PGconn *b = pgt_connect(&s, "application_name=worker");
    pgt_expect_value(b, "SELECT 'b was here'", "b was here");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT user_name, application_name, state, query FROM system.sessions "
                              "WHERE process_id = %d", PQbackendPID(b));
    expect_rows(a, sql, "postgres|worker|idle|SELECT 'b was here'");
    /* Its own session is active, running the very query that reads it. */
    snprintf(sql, sizeof sql, "SELECT application_name, state, query, client_address LIKE '127.0.0.1:%%' "
                              "FROM system.sessions WHERE process_id = %d", PQbackendPID(a));
    char expected[512];
    snprintf(expected, sizeof expected, "watcher|active|%s|t", sql);
    expect_rows(a, sql, expected);
    pgt_expect_command(b, "BEGIN", "BEGIN");
    snprintf(sql, sizeof sql, "SELECT state FROM system.sessions WHERE process_id = %d", PQbackendPID(b));
    pgt_expect_value(a, sql, "idle in transaction");
    expect_error(b, "SELECT 1/0", "22012", "division by zero", 0);
    pgt_expect_value(a, sql, "idle in transaction (aborted)");
    pgt_expect_command(b, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(a, "SELECT count(*) FROM system.sessions", "2");
    pgt_expect_value(a, "SELECT count(DISTINCT connection_id) FROM system.sessions", "2");
    pgt_expect_value(a, "SELECT bool_and(started_at <= now()) FROM system.sessions", "t");
    PQfinish(b);
    /* A closed connection leaves the list (its close is handled before a's next query). */
    int64_t deadline = harness_now_ms() + 5000;
    for (;;) {
        PGresult *res = PQexec(a, "SELECT count(*) FROM system.sessions");
        bool gone = PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "1") == 0;
        PQclear(res);
        if (gone)
            break;
        ck_assert_msg(harness_now_ms() < deadline, "a closed session is still listed");
        harness_sleep_ms(20);
    }
    PQfinish(a);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *dialect_suite(void)
{
    Suite *s = suite_create("dialect");
    TCase *tc = tcase_create("dialect");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, namespace_tables_seen_from_new_sessions);
    tcase_add_test(tc, comments_quotes_case_and_multi_statement_strings);
    tcase_add_test(tc, errors_point_into_the_text_sent);
    tcase_add_test(tc, table_kinds_from_the_dialect);
    tcase_add_test(tc, create_user_reaches_its_statement);
    tcase_add_test(tc, system_tables_in_every_query_form);
    tcase_add_test(tc, system_sessions_lists_live_connections);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(dialect_suite(), NULL);
}
