/*
 * Integration: what pg_catalog shows beyond what PostgreSQL has: table kinds through
 * obj_description and pg_description, the privileges of pg_authid and pg_stat_activity per
 * role kind, has_table_privilege following QuillDB's permission rules, catalogs that are
 * current after DDL, and the reg* and "char" types in binary results (asyncpg and pgjdbc
 * ask for binary). The parts PostgreSQL shares are in tests/sql/catalog.sql.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

START_TEST(table_kinds_show_through)
{
    test_server s;
    pgt_start(&s, "catalog-kinds", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE SCHEMA k", "CREATE SCHEMA");
    pgt_expect_command(admin, "CREATE TABLE k.shared_t (id int PRIMARY KEY)", "CREATE TABLE");
    pgt_expect_command(admin, "CREATE TABLE k.user_t (id int PRIMARY KEY) WITH (type = 'user')",
                       "CREATE TABLE");
    pgt_expect_command(admin,
                       "CREATE TABLE k.stream_t (v text) WITH (type = 'stream', ttl_seconds = 60)",
                       "CREATE TABLE");
    pgt_expect_value(admin, "SELECT obj_description('k.shared_t'::regclass, 'pg_class')",
                     "shared table");
    pgt_expect_value(admin, "SELECT obj_description('k.user_t'::regclass, 'pg_class')",
                     "user table");
    pgt_expect_value(admin, "SELECT obj_description('k.stream_t'::regclass, 'pg_class')",
                     "stream table");
    pgt_expect_value(admin, "SELECT obj_description('k.user_t'::regclass, 'pg_proc')", NULL);
    /* reloptions shows the WITH options, so psql's \d+ footer names the kind. */
    pgt_expect_value(admin, "SELECT reloptions FROM pg_class WHERE oid = 'k.user_t'::regclass",
                     "{type=user}");
    pgt_expect_value(admin, "SELECT reloptions FROM pg_class WHERE oid = 'k.stream_t'::regclass",
                     "{type=stream,ttl_seconds=60}");
    pgt_expect_value(admin, "SELECT reloptions FROM pg_class WHERE oid = 'k.shared_t'::regclass",
                     NULL);
    pgt_expect_value(admin,
                     "SELECT string_agg(x, ',') FROM (SELECT c.relname || ':' || d.description AS x "
                     "FROM pg_description d JOIN pg_class c ON c.oid = d.objoid "
                     "WHERE c.relnamespace = 'k'::regnamespace ORDER BY 1) q",
                     "shared_t:shared table,stream_t:stream table,user_t:user table");
    /* Every table is a relkind 'r' for clients; only tables with a key have an index. */
    pgt_expect_value(admin,
                     "SELECT string_agg(x, ',') FROM (SELECT relname || ':' || relkind || ':' || "
                     "relhasindex AS x FROM pg_class WHERE relnamespace = 'k'::regnamespace "
                     "ORDER BY 1) q",
                     "shared_t:r:true,shared_t_pkey:i:false,stream_t:r:false,user_t:r:true,"
                     "user_t_pkey:i:false");
    /* Oids are 16384 + the catalog id, and stay the same for the table's life. */
    pgt_expect_value(admin, "SELECT 'k.user_t'::regclass::oid > 16384", "t");
    PGresult *before = PQexec(admin, "SELECT 'k.user_t'::regclass::oid");
    pgt_expect_command(admin, "ALTER TABLE k.user_t ADD COLUMN note text", "ALTER TABLE");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT %s::regclass::text", PQgetvalue(before, 0, 0));
    pgt_expect_value(admin, sql, "k.user_t");
    PQclear(before);
    /* Catalogs are current: the new column is there, a dropped one is marked. */
    pgt_expect_value(admin,
                     "SELECT string_agg(x, ',') FROM (SELECT attname || ':' || attnum AS x "
                     "FROM pg_attribute WHERE attrelid = 'k.user_t'::regclass ORDER BY attnum) q",
                     "_deleted:-2,_seq:-1,id:1,note:2");
    pgt_expect_command(admin, "ALTER TABLE k.user_t DROP COLUMN note", "ALTER TABLE");
    pgt_expect_value(admin,
                     "SELECT attname || ':' || atttypid FROM pg_attribute "
                     "WHERE attrelid = 'k.user_t'::regclass AND attisdropped",
                     "........pg.dropped.2........:0");
    pgt_expect_command(admin, "DROP TABLE k.stream_t", "DROP TABLE");
    pgt_expect_value(admin, "SELECT count(*) FROM pg_class WHERE relname = 'stream_t'", "0");
    PQclear(pgt_expect_error(admin, "SELECT 'k.stream_t'::regclass", "42P01"));
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(privileges_per_role_kind)
{
    test_server s;
    pgt_start(&s, "catalog-privileges", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE USER alice WITH PASSWORD 'alice-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE TABLE public.shared_t (id int PRIMARY KEY)", "CREATE TABLE");
    PGconn *alice = pgt_connect_as(&s, "alice", "alice-pw");
    pgt_expect_command(alice, "CREATE TABLE public.mine (id int) WITH (type = 'user')",
                       "CREATE TABLE");

    /* pg_authid is the administrators'; pg_roles shows everyone, passwords masked. */
    pgt_expect_value(admin, "SELECT count(*) > 0 FROM pg_authid WHERE rolname = 'alice'", "t");
    PQclear(pgt_expect_error(alice, "SELECT * FROM pg_authid", "42501"));
    pgt_expect_value(alice, "SELECT rolpassword FROM pg_roles WHERE rolname = 'alice'", "********");
    pgt_expect_value(alice, "SELECT rolsuper FROM pg_roles WHERE rolname = 'alice'", "f");
    pgt_expect_value(alice,
                     "SELECT rolsuper FROM pg_roles WHERE oid = 10", "t");

    /* A user role reads a shared table but writes it only when it owns it. */
    pgt_expect_value(alice, "SELECT has_table_privilege('public.shared_t', 'SELECT')", "t");
    pgt_expect_value(alice, "SELECT has_table_privilege('public.shared_t', 'INSERT')", "f");
    pgt_expect_value(alice, "SELECT has_table_privilege('public.shared_t', 'insert, select')", "t");
    pgt_expect_value(alice, "SELECT has_table_privilege('public.mine', 'INSERT')", "t");
    pgt_expect_value(admin, "SELECT has_table_privilege('public.shared_t', 'INSERT')", "t");
    pgt_expect_value(alice, "SELECT has_database_privilege(current_database(), 'CREATE')", "f");
    pgt_expect_value(admin, "SELECT has_database_privilege(current_database(), 'CREATE')", "t");

    /* Another user's query is hidden from a user role, as in PostgreSQL. */
    pgt_expect_value(alice,
                     "SELECT query FROM pg_stat_activity WHERE usename = 'postgres'",
                     "<insufficient privilege>");
    pgt_expect_value(admin,
                     "SELECT count(*) FROM pg_stat_activity WHERE usename = 'alice' "
                     "AND query LIKE 'SELECT query FROM pg_stat_activity%'",
                     "1");
    pgt_expect_value(alice,
                     "SELECT pid = pg_backend_pid() FROM pg_stat_activity WHERE usename = 'alice'",
                     "t");
    PQfinish(alice);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

/* A binary result column: its raw bytes and length. */
static const char *binary_value(PGconn *conn, const char *sql, int *length)
{
    static char bytes[64];
    PGresult *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 1);
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql,
                  PQresultErrorMessage(res));
    *length = PQgetlength(res, 0, 0);
    ck_assert_int_le(*length, (int)sizeof bytes);
    memcpy(bytes, PQgetvalue(res, 0, 0), (size_t)*length);
    PQclear(res);
    return bytes;
}

START_TEST(binary_formats_of_catalog_types)
{
    test_server s;
    pgt_start(&s, "catalog-binary", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    int length;
    const unsigned char *v =
        (const unsigned char *)binary_value(conn, "SELECT 'pg_class'::regclass", &length);
    ck_assert_int_eq(length, 4);
    ck_assert_uint_eq(((uint32_t)v[0] << 24) | ((uint32_t)v[1] << 16) | ((uint32_t)v[2] << 8) | v[3],
                      1259);
    v = (const unsigned char *)binary_value(conn, "SELECT 'int4'::regtype", &length);
    ck_assert_int_eq(length, 4);
    ck_assert_uint_eq(v[3], 23);
    v = (const unsigned char *)binary_value(
        conn, "SELECT relkind FROM pg_class WHERE oid = 'pg_class'::regclass", &length);
    ck_assert_int_eq(length, 1);
    ck_assert_int_eq(v[0], 'r');
    v = (const unsigned char *)binary_value(conn, "SELECT ''::\"char\"", &length);
    ck_assert_int_eq(length, 1);
    ck_assert_int_eq(v[0], 0);
    /* The types RowDescription reports are PostgreSQL's. */
    PGresult *res = PQexec(conn, "SELECT oid, relname, relkind, relnamespace::regnamespace "
                                 "FROM pg_class LIMIT 1");
    ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
    ck_assert_uint_eq(PQftype(res, 0), 26);
    ck_assert_uint_eq(PQftype(res, 1), 19);
    ck_assert_uint_eq(PQftype(res, 2), 18);
    ck_assert_uint_eq(PQftype(res, 3), 4089);
    PQclear(res);
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("catalog");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, table_kinds_show_through);
    tcase_add_test(tc, privileges_per_role_kind);
    tcase_add_test(tc, binary_formats_of_catalog_types);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(catalog_suite(), NULL);
}
