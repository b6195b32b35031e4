/*
 * Integration: secondary indexes through libpq, where PostgreSQL has nothing to compare.
 *
 * Unique indexes of user tables are per user: two users may hold the same value, one user
 * may not hold it twice; uncommitted entries are private to their transaction and go with
 * ROLLBACK; CREATE INDEX and ADD PRIMARY KEY rebuild every user's rows, each user keeping
 * only their own. EXPLAIN names the index and its condition; what indexes do not support
 * fails with 0A000 naming the feature.
 */
#include <check.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pgtest.h"

START_TEST(user_table_unique_indexes_are_per_user)
{
    test_server s;
    pgt_start(&s, "indexes-users", NULL);
    PGconn *admin = pgt_connect(&s, NULL);
    pgt_expect_command(admin, "CREATE USER alice PASSWORD 'alice-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE USER bob PASSWORD 'bob-pw'", "CREATE ROLE");
    pgt_expect_command(admin, "CREATE SCHEMA app", "CREATE SCHEMA");
    pgt_expect_command(admin, "CREATE TABLE app.accounts (id int PRIMARY KEY, email text UNIQUE, city text) "
                   "WITH (type = 'user')",
            "CREATE TABLE");
    PGconn *alice = pgt_connect_as(&s, "alice", "alice-pw");
    PGconn *alice2 = pgt_connect_as(&s, "alice", "alice-pw");
    PGconn *bob = pgt_connect_as(&s, "bob", "bob-pw");
    pgt_expect_command(alice, "INSERT INTO app.accounts VALUES (1, 'a@x', 'Oslo'), (2, 'b@x', 'Rome')",
            "INSERT 0 2");
    pgt_expect_command(bob, "INSERT INTO app.accounts VALUES (1, 'a@x', 'Lima'), (2, 'c@x', 'Oslo')",
            "INSERT 0 2");
    PGresult *res = pgt_expect_error(alice, "INSERT INTO app.accounts VALUES (3, 'a@x', 'Pisa')",
                                     "23505");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "duplicate key value violates unique constraint \"accounts_email_key\"");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_DETAIL), "Key (email)=(a@x) already exists.");
    PQclear(res);
    pgt_expect_error_message(bob, "UPDATE app.accounts SET email = 'a@x' WHERE id = 2", "23505",
                 "duplicate key value violates unique constraint \"accounts_email_key\"");

    /* Uncommitted entries are the transaction's own, and ROLLBACK takes them back. */
    pgt_expect_command(alice, "BEGIN", "BEGIN");
    pgt_expect_command(alice, "INSERT INTO app.accounts VALUES (5, 'p@x', 'Bern')", "INSERT 0 1");
    pgt_expect_command(alice, "UPDATE app.accounts SET email = 'q@x' WHERE id = 2", "UPDATE 1");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'p@x'", "5");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'q@x'", "2");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'b@x'", "");
    pgt_expect_rows(alice2, "SELECT id FROM app.accounts WHERE email = 'p@x'", "");
    pgt_expect_rows(alice2, "SELECT id FROM app.accounts WHERE email = 'b@x'", "2");
    pgt_expect_command(alice, "ROLLBACK", "ROLLBACK");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'p@x'", "");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'b@x'", "2");
    pgt_expect_command(alice2, "INSERT INTO app.accounts VALUES (5, 'p@x', 'Bern')", "INSERT 0 1");
    pgt_expect_rows(alice, "SELECT id, city FROM app.accounts WHERE email = 'p@x'", "5|Bern");
    /* A failed statement in a transaction leaves none of its entries behind. */
    pgt_expect_command(alice, "BEGIN", "BEGIN");
    pgt_expect_command(alice, "INSERT INTO app.accounts VALUES (6, 'r@x', 'Nice')", "INSERT 0 1");
    PQclear(pgt_expect_error(alice, "INSERT INTO app.accounts VALUES (7, 's@x', 'Nice'), "
                                    "(8, 'r@x', 'Nice')",
                             "23505"));
    pgt_expect_command(alice, "ROLLBACK", "ROLLBACK");
    pgt_expect_command(alice, "INSERT INTO app.accounts VALUES (7, 's@x', 'Nice'), (8, 'r@x', 'Nice')",
            "INSERT 0 2");

    /* An index made later is filled with every user's rows; each user finds only theirs. */
    pgt_expect_command(admin, "CREATE INDEX ON app.accounts (city)", "CREATE INDEX");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE city = 'Oslo'", "1");
    pgt_expect_rows(bob, "SELECT id FROM app.accounts WHERE city = 'Oslo'", "2");
    pgt_expect_rows(bob, "SELECT id FROM app.accounts WHERE city = 'Nice'", "");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE city = 'Nice' ORDER BY id", "7;8");
    pgt_expect_rows(alice, "EXPLAIN SELECT id FROM app.accounts WHERE city = 'Oslo'",
                "Index Scan using accounts_city_idx on accounts;"
                "  Index Cond: (city = 'Oslo'::text);  Filter: 1 condition");
    /* A unique index over values two users share builds: uniqueness is per user. */
    pgt_expect_command(admin, "CREATE UNIQUE INDEX accounts_id_email ON app.accounts (email, id)",
            "CREATE INDEX");
    pgt_expect_command(bob, "INSERT INTO app.accounts VALUES (3, 'b@x', 'Riga')", "INSERT 0 1");
    pgt_expect_error_message(admin, "CREATE UNIQUE INDEX ON app.accounts (city)", "23505",
                 "could not create unique index \"accounts_city_idx1\"");

    /* A primary key added to a populated user table keys every user's rows anew. */
    pgt_expect_command(admin, "CREATE TABLE app.visits (n int, what text) WITH (type = 'user')",
            "CREATE TABLE");
    pgt_expect_command(alice, "INSERT INTO app.visits VALUES (1, 'alice 1'), (2, 'alice 2')", "INSERT 0 2");
    pgt_expect_command(bob, "INSERT INTO app.visits VALUES (1, 'bob 1'), (3, 'bob 3')", "INSERT 0 2");
    pgt_expect_command(admin, "ALTER TABLE app.visits ADD PRIMARY KEY (n)", "ALTER TABLE");
    pgt_expect_rows(alice, "SELECT * FROM app.visits ORDER BY n", "1|alice 1;2|alice 2");
    pgt_expect_rows(bob, "SELECT * FROM app.visits WHERE n = 1", "1|bob 1");
    pgt_expect_error_message(bob, "INSERT INTO app.visits VALUES (3, 'again')", "23505",
                 "duplicate key value violates unique constraint \"visits_pkey\"");
    pgt_expect_command(alice, "INSERT INTO app.visits VALUES (3, 'alice 3')", "INSERT 0 1");
    /* Without the key (rows go back to hidden row ids), a duplicate can be stored, and
     * then the key cannot come back. */
    pgt_expect_command(admin, "ALTER TABLE app.visits DROP CONSTRAINT visits_pkey", "ALTER TABLE");
    pgt_expect_command(bob, "INSERT INTO app.visits VALUES (1, 'dup')", "INSERT 0 1");
    pgt_expect_error_message(admin, "ALTER TABLE app.visits ADD PRIMARY KEY (n)", "23505",
                 "could not create unique index \"visits_pkey\"");
    pgt_expect_rows(bob, "SELECT n, what FROM app.visits ORDER BY n, what", "1|bob 1;1|dup;3|bob 3");

    /* TRUNCATE takes the user's entries with the rows, not other users'. */
    pgt_expect_command(bob, "TRUNCATE app.accounts", "TRUNCATE TABLE");
    pgt_expect_command(bob, "INSERT INTO app.accounts VALUES (1, 'a@x', 'Lima')", "INSERT 0 1");
    pgt_expect_rows(alice, "SELECT id FROM app.accounts WHERE email = 'a@x'", "1");
    PQfinish(alice);
    PQfinish(alice2);
    PQfinish(bob);
    PQfinish(admin);
    pgt_stop_clean(&s);
}
END_TEST

START_TEST(explain_and_unsupported_index_features)
{
    test_server s;
    pgt_start(&s, "indexes-explain", NULL);
    PGconn *conn = pgt_connect(&s, NULL);
    pgt_expect_command(conn, "CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int)", "CREATE TABLE");
    pgt_expect_command(conn, "INSERT INTO t VALUES (1, 1, 'x', 1), (2, 2, 'y', 2)", "INSERT 0 2");
    pgt_expect_command(conn, "CREATE INDEX ON t (a, c)", "CREATE INDEX");
    pgt_expect_rows(conn, "EXPLAIN SELECT * FROM t WHERE a = 1 AND c > 0",
                "Index Scan using t_a_c_idx on t;  Index Cond: ((a = 1) AND (c > 0));"
                "  Filter: 2 conditions");
    pgt_expect_rows(conn, "EXPLAIN SELECT * FROM t WHERE id = 1",
                "Index Scan using t_pkey on t (primary key lookup);  Filter: 1 condition");
    pgt_expect_rows(conn, "EXPLAIN SELECT * FROM t WHERE c = 1", "Seq Scan on t;  Filter: 1 condition");
    /* A query on _deleted reads soft-deleted rows, which have no entries: no index. */
    pgt_expect_rows(conn, "EXPLAIN SELECT * FROM t WHERE a = 1 AND _deleted",
                "Seq Scan on t;  Filter: 2 conditions");
    pgt_expect_command(conn, "DELETE FROM t WHERE a = 1", "DELETE 1");
    pgt_expect_rows(conn, "SELECT id FROM t WHERE a = 1", "");
    pgt_expect_rows(conn, "SELECT id FROM t WHERE a = 1 AND _deleted", "1");

    pgt_expect_error_message(conn, "CREATE INDEX f ON t USING hash (a)", "0A000",
                 "feature not supported: index access method \"hash\"");
    pgt_expect_error_message(conn, "CREATE INDEX f ON t ((a + 1))", "0A000",
                 "feature not supported: index expressions");
    pgt_expect_error_message(conn, "CREATE INDEX f ON t (a) WHERE a > 1", "0A000",
                 "feature not supported: partial indexes");
    pgt_expect_error_message(conn, "CREATE INDEX f ON t (a DESC)", "0A000",
                 "feature not supported: descending index columns");
    pgt_expect_error_message(conn, "CREATE INDEX f ON t (a) INCLUDE (b)", "0A000",
                 "feature not supported: INCLUDE columns in indexes");
    pgt_expect_error_message(conn, "CREATE INDEX f ON t (_seq)", "0A000",
                 "feature not supported: index creation on system columns");
    pgt_expect_error_message(conn, "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES t (id)", "0A000",
                 "feature not supported: FOREIGN KEY constraints");
    pgt_expect_command(conn, "CREATE TABLE ev (n int) WITH (type = 'stream', ttl_seconds = 60)",
            "CREATE TABLE");
    pgt_expect_error_message(conn, "CREATE INDEX ON ev (n)", "0A000",
                 "feature not supported: indexes on stream tables (rows are keyed by their "
                 "arrival time)");
    pgt_expect_error_message(conn, "BEGIN; CREATE INDEX g ON t (b); COMMIT", "0A000",
                 "feature not supported: CREATE INDEX inside a transaction block");
    pgt_expect_command(conn, "ROLLBACK", "ROLLBACK");
    /* Indexes and their entries survive a restart. */
    pgt_expect_command(conn, "CREATE UNIQUE INDEX t_b ON t (b)", "CREATE INDEX");
    PQfinish(conn);
    ck_assert(server_restart(&s));
    conn = pgt_connect(&s, NULL);
    pgt_expect_error_message(conn, "INSERT INTO t VALUES (3, 3, 'y', 3)", "23505",
                 "duplicate key value violates unique constraint \"t_b\"");
    pgt_expect_rows(conn, "SELECT id FROM t WHERE b = 'y'", "2");
    PQfinish(conn);
    pgt_stop_clean(&s);
}
END_TEST

static Suite *indexes_suite(void)
{
    Suite *suite = suite_create("indexes");
    TCase *tc = tcase_create("indexes");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, user_table_unique_indexes_are_per_user);
    tcase_add_test(tc, explain_and_unsupported_index_features);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return pgt_run_suite(indexes_suite(), NULL);
}
