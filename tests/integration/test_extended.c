/*
 * The extended query protocol against a live quilld: libpq's prepared statements,
 * PQexecParams with text and binary formats (arrays included), single-row mode and pipeline mode, SQL
 * PREPARE sharing the protocol's statement table, and raw messages for what libpq cannot
 * send (row limits, per-column formats, Flush, malformed messages).
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pgtest.h"

#define RAW_TIMEOUT_MS 5000

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT4 23
#define OID_TEXT 25
#define OID_JSON 114
#define OID_JSONB 3802
#define OID_FLOAT8 701
#define OID_DATE 1082
#define OID_TIMESTAMP 1114
#define OID_NUMERIC 1700
#define OID_UUID 2950

static test_server srv;

static void setup(void)
{
    static const char *const trust_args[] = {"--auth", "trust", NULL};
    pgt_start(&srv, "extended", trust_args);
    PGconn *conn = pgt_connect(&srv, NULL);
    pgt_expect_command(conn, "CREATE TABLE ext (aid integer PRIMARY KEY, name text, "
                             "score numeric(10,2), big bigint)",
                       "CREATE TABLE");
    pgt_expect_command(conn, "INSERT INTO ext VALUES (1, 'one', 1.50, 10), (2, 'two', 2.25, 20), "
                             "(3, 'three', NULL, 30), (4, 'four', 4.00, 40), (5, 'five', 5.5, 50)",
                       "INSERT 0 5");
    PQfinish(conn);
}

static void teardown(void)
{
    pgt_stop_clean(&srv);
}

static void expect_status(PGresult *res, ExecStatusType status, const char *what)
{
    ck_assert_msg(PQresultStatus(res) == status, "%s: expected %s, got %s: %s", what,
                  PQresStatus(status), PQresStatus(PQresultStatus(res)),
                  PQresultErrorMessage(res));
}

static void expect_sqlstate(PGresult *res, const char *sqlstate, const char *what)
{
    expect_status(res, PGRES_FATAL_ERROR, what);
    const char *state = pgt_field(res, PG_DIAG_SQLSTATE);
    ck_assert_msg(strcmp(state, sqlstate) == 0, "%s: expected SQLSTATE %s, got %s: %s", what,
                  sqlstate, state, PQresultErrorMessage(res));
}

/* ---- libpq ---- */

START_TEST(prepare_describe_execute)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    PGresult *res = PQprepare(conn, "by_id", "SELECT aid, name, score FROM ext WHERE aid = $1", 0,
                              NULL);
    expect_status(res, PGRES_COMMAND_OK, "PQprepare by_id");
    PQclear(res);

    res = PQdescribePrepared(conn, "by_id");
    expect_status(res, PGRES_COMMAND_OK, "PQdescribePrepared by_id");
    ck_assert_int_eq(PQnparams(res), 1);
    ck_assert_uint_eq(PQparamtype(res, 0), OID_INT4); /* from aid = $1 */
    ck_assert_int_eq(PQnfields(res), 3);
    ck_assert_str_eq(PQfname(res, 1), "name");
    ck_assert_uint_eq(PQftype(res, 0), OID_INT4);
    ck_assert_uint_eq(PQftype(res, 1), OID_TEXT);
    ck_assert_uint_eq(PQftype(res, 2), OID_NUMERIC);
    ck_assert_int_eq(PQfmod(res, 2), (10 << 16 | 2) + 4);
    PQclear(res);

    for (int round = 0; round < 3; round++) {
        const char *values[1] = {"2"};
        res = PQexecPrepared(conn, "by_id", 1, values, NULL, NULL, 0);
        expect_status(res, PGRES_TUPLES_OK, "PQexecPrepared by_id(2)");
        ck_assert_int_eq(PQntuples(res), 1);
        ck_assert_str_eq(PQgetvalue(res, 0, 1), "two");
        ck_assert_str_eq(PQgetvalue(res, 0, 2), "2.25");
        ck_assert_str_eq(PQcmdStatus(res), "SELECT 1");
        PQclear(res);
    }
    const char *null_value[1] = {NULL};
    res = PQexecPrepared(conn, "by_id", 1, null_value, NULL, NULL, 0);
    expect_status(res, PGRES_TUPLES_OK, "PQexecPrepared by_id(NULL)");
    ck_assert_int_eq(PQntuples(res), 0);
    PQclear(res);

    const char *bad[1] = {"abc"};
    res = PQexecPrepared(conn, "by_id", 1, bad, NULL, NULL, 0);
    expect_sqlstate(res, "22P02", "by_id('abc')");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "invalid input syntax for type integer: \"abc\"");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_CONTEXT), "unnamed portal parameter $1 = '...'");
    PQclear(res);

    res = PQprepare(conn, "by_id", "SELECT 1", 0, NULL);
    expect_sqlstate(res, "42P05", "PQprepare by_id twice");
    PQclear(res);
    res = PQexecPrepared(conn, "no_such", 0, NULL, NULL, NULL, 0);
    expect_sqlstate(res, "26000", "PQexecPrepared of an unknown statement");
    PQclear(res);
    res = PQdescribePrepared(conn, "no_such");
    expect_sqlstate(res, "26000", "PQdescribePrepared of an unknown statement");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* Parameter types as PostgreSQL's parse analysis infers them. */
static void expect_param_types(PGconn *conn, const char *sql, int count, const Oid *types)
{
    PGresult *res = PQprepare(conn, "", sql, 0, NULL);
    expect_status(res, PGRES_COMMAND_OK, sql);
    PQclear(res);
    res = PQdescribePrepared(conn, "");
    expect_status(res, PGRES_COMMAND_OK, sql);
    ck_assert_msg(PQnparams(res) == count, "%s: %d parameters, want %d", sql, PQnparams(res),
                  count);
    for (int i = 0; i < count; i++)
        ck_assert_msg(PQparamtype(res, i) == types[i], "%s: $%d has type %u, want %u", sql, i + 1,
                      PQparamtype(res, i), types[i]);
    PQclear(res);
}

START_TEST(parameter_types_inferred)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    expect_param_types(conn, "SELECT * FROM ext WHERE aid = $1", 1, (Oid[]){OID_INT4});
    expect_param_types(conn, "SELECT $1::bigint", 1, (Oid[]){OID_INT8});
    expect_param_types(conn, "SELECT $1", 1, (Oid[]){OID_TEXT});
    expect_param_types(conn, "SELECT aid FROM ext LIMIT $1 OFFSET $2", 2,
                       (Oid[]){OID_INT8, OID_INT8});
    expect_param_types(conn, "INSERT INTO ext (aid, name, score) VALUES ($1, $2, $3)", 3,
                       (Oid[]){OID_INT4, OID_TEXT, OID_NUMERIC});
    expect_param_types(conn, "UPDATE ext SET big = $1 WHERE name = $2", 2,
                       (Oid[]){OID_INT8, OID_TEXT});
    expect_param_types(conn, "SELECT $1 || 'x', $2 + 1.5, $3 = true", 3,
                       (Oid[]){OID_TEXT, OID_NUMERIC, OID_BOOL});

    /* A type the client declares wins; 0 leaves it to inference. */
    PGresult *res = PQprepare(conn, "", "SELECT $1, $2 + 1", 2, (Oid[]){OID_INT8, 0});
    expect_status(res, PGRES_COMMAND_OK, "declared types");
    PQclear(res);
    res = PQdescribePrepared(conn, "");
    ck_assert_uint_eq(PQparamtype(res, 0), OID_INT8);
    ck_assert_uint_eq(PQparamtype(res, 1), OID_INT4);
    ck_assert_uint_eq(PQftype(res, 0), OID_INT8);
    PQclear(res);

    res = PQprepare(conn, "", "SELECT $1 IS NULL", 0, NULL);
    expect_sqlstate(res, "42P18", "SELECT $1 IS NULL");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "could not determine data type of parameter $1");
    PQclear(res);
    res = PQprepare(conn, "", "SELECT $2::int", 0, NULL);
    expect_sqlstate(res, "42P18", "a gap before $2");
    PQclear(res);
    res = PQprepare(conn, "", "SELECT * FROM no_such_table WHERE a = $1", 0, NULL);
    expect_sqlstate(res, "42P01", "Parse analyses the statement");
    PQclear(res);
    res = PQprepare(conn, "", "SELECT 1; SELECT 2", 0, NULL);
    expect_sqlstate(res, "42601", "two statements");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

static uint64_t be64(const char *p)
{
    const uint8_t *b = (const uint8_t *)p;
    return (uint64_t)get_be32(b) << 32 | get_be32(b + 4);
}

START_TEST(exec_params_text_and_binary)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    /* Text in, text out. */
    const char *text_values[2] = {"3", "x"};
    PGresult *res = PQexecParams(conn, "SELECT name || $2, big + 1 FROM ext WHERE aid = $1", 2,
                                 NULL, text_values, NULL, NULL, 0);
    expect_status(res, PGRES_TUPLES_OK, "text parameters");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "threex");
    ck_assert_str_eq(PQgetvalue(res, 0, 1), "31");
    PQclear(res);

    /* Binary in, binary out. */
    uint8_t int4_value[4], int8_value[8], float8_value[8], bool_value[1] = {1};
    put_be32(int4_value, 41);
    put_be32(int8_value, 0x00000001);
    put_be32(int8_value + 4, 0x00000002);
    double d = 2.5;
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    put_be32(float8_value, (uint32_t)(bits >> 32));
    put_be32(float8_value + 4, (uint32_t)bits);
    uint8_t date_value[4];
    put_be32(date_value, 8797); /* 2024-02-01: days since 2000-01-01 */
    uint8_t uuid_value[16];
    for (int i = 0; i < 16; i++)
        uuid_value[i] = (uint8_t)(i * 17);
    /* numeric 12.34: 2 digits (12, 3400), weight 0, positive, dscale 2 */
    uint8_t numeric_value[12] = {0, 2, 0, 0, 0, 0, 0, 2, 0, 12, 0x0d, 0x48};
    const char bytea_value[3] = {0, 'a', (char)0xff};
    const char *values[9] = {(char *)int4_value, (char *)int8_value, (char *)float8_value,
                             (char *)bool_value, "héllo",            bytea_value,
                             (char *)date_value, (char *)uuid_value, (char *)numeric_value};
    int lengths[9] = {4, 8, 8, 1, 6, 3, 4, 16, 12};
    int formats[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    Oid types[9] = {OID_INT4, OID_INT8,  OID_FLOAT8, OID_BOOL,   OID_TEXT,
                    OID_BYTEA, OID_DATE, OID_UUID,   OID_NUMERIC};
    res = PQexecParams(conn,
                       "SELECT $1 + 1, $2 * 2, $3 * 2, NOT $4, $5 || '!', $6, $7 + 1, $8, "
                       "$9 * 2, $8::text",
                       9, types, values, lengths, formats, 1);
    expect_status(res, PGRES_TUPLES_OK, "binary parameters");
    ck_assert_int_eq(PQfformat(res, 0), 1);
    ck_assert_int_eq(PQgetlength(res, 0, 0), 4);
    ck_assert_uint_eq(get_be32((const uint8_t *)PQgetvalue(res, 0, 0)), 42);
    ck_assert_int_eq(PQgetlength(res, 0, 1), 8);
    ck_assert_uint_eq(be64(PQgetvalue(res, 0, 1)), UINT64_C(0x0000000200000004));
    uint64_t got_bits = be64(PQgetvalue(res, 0, 2));
    double got;
    memcpy(&got, &got_bits, sizeof got);
    ck_assert(got == 5.0);
    ck_assert_int_eq(PQgetlength(res, 0, 3), 1);
    ck_assert_int_eq(PQgetvalue(res, 0, 3)[0], 0);
    ck_assert_int_eq(PQgetlength(res, 0, 4), 7);
    ck_assert(memcmp(PQgetvalue(res, 0, 4), "héllo!", 7) == 0);
    ck_assert_int_eq(PQgetlength(res, 0, 5), 3);
    ck_assert(memcmp(PQgetvalue(res, 0, 5), bytea_value, 3) == 0);
    ck_assert_uint_eq(get_be32((const uint8_t *)PQgetvalue(res, 0, 6)), 8798);
    ck_assert_int_eq(PQgetlength(res, 0, 7), 16);
    ck_assert(memcmp(PQgetvalue(res, 0, 7), uuid_value, 16) == 0);
    /* 24.68: (24, 6800), weight 0, dscale 2 */
    const uint8_t numeric_expected[12] = {0, 2, 0, 0, 0, 0, 0, 2, 0, 24, 0x1a, 0x90};
    ck_assert_int_eq(PQgetlength(res, 0, 8), 12);
    ck_assert(memcmp(PQgetvalue(res, 0, 8), numeric_expected, 12) == 0);
    ck_assert_int_eq(PQgetlength(res, 0, 9), 36);
    ck_assert(memcmp(PQgetvalue(res, 0, 9), "00112233-4455-6677-8899-aabbccddeeff", 36) == 0);
    PQclear(res);

    /* Rows of a table in binary. */
    res = PQexecParams(conn, "SELECT aid, score, big FROM ext WHERE aid = 2", 0, NULL, NULL,
                       NULL, NULL, 1);
    expect_status(res, PGRES_TUPLES_OK, "binary columns");
    ck_assert_uint_eq(get_be32((const uint8_t *)PQgetvalue(res, 0, 0)), 2);
    const uint8_t score_expected[12] = {0, 2, 0, 0, 0, 0, 0, 2, 0, 2, 0x09, 0xc4}; /* 2.25 */
    ck_assert_int_eq(PQgetlength(res, 0, 1), 12);
    ck_assert(memcmp(PQgetvalue(res, 0, 1), score_expected, 12) == 0);
    ck_assert_uint_eq(be64(PQgetvalue(res, 0, 2)), 20);
    PQclear(res);

    /* Malformed binary values. */
    const char *five[1] = {"\0\0\0\7\0"};
    int five_length[1] = {5};
    int binary[1] = {1};
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4}, five, five_length, binary, 0);
    expect_sqlstate(res, "22P03", "a 5-byte int4");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "incorrect binary data format in bind parameter 1");
    PQclear(res);
    int three_length[1] = {3};
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4}, five, three_length, binary, 0);
    expect_sqlstate(res, "08P01", "a 3-byte int4");
    PQclear(res);
    const char *bad_numeric[1] = {"\0\1\0\0\0\x30\0\0\0\1"};
    int numeric_length[1] = {10};
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_NUMERIC}, bad_numeric, numeric_length,
                       binary, 0);
    expect_sqlstate(res, "22P03", "a numeric with a bad sign");
    PQclear(res);
    /* json is its text in binary; jsonb a version byte, then its canonical text. */
    const char *json[2] = {"{\"b\": 1, \"a\": [1, 2]}", "\1{\"b\": 1,  \"a\": 2}"};
    int json_lengths[2] = {(int)strlen(json[0]), 1 + (int)strlen(json[1] + 1)};
    int json_formats[2] = {1, 1};
    res = PQexecParams(conn, "SELECT $1, $1 -> 'a', $2, $2 ->> 'b'", 2,
                       (Oid[]){OID_JSON, OID_JSONB}, json, json_lengths, json_formats, 1);
    expect_status(res, PGRES_TUPLES_OK, "binary json and jsonb");
    ck_assert_int_eq(PQgetlength(res, 0, 0), (int)strlen(json[0]));
    ck_assert(memcmp(PQgetvalue(res, 0, 0), json[0], strlen(json[0])) == 0);
    ck_assert_int_eq(PQgetlength(res, 0, 1), 6);
    ck_assert(memcmp(PQgetvalue(res, 0, 1), "[1, 2]", 6) == 0);
    ck_assert_int_eq(PQgetlength(res, 0, 2), 1 + 16);
    ck_assert(memcmp(PQgetvalue(res, 0, 2), "\1{\"a\": 2, \"b\": 1}", 17) == 0);
    ck_assert(memcmp(PQgetvalue(res, 0, 3), "1", 1) == 0);
    PQclear(res);
    const char *bad_json[1] = {"{"};
    int bad_json_length[1] = {1};
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_JSON}, bad_json, bad_json_length,
                       binary, 0);
    expect_sqlstate(res, "22P02", "malformed binary json");
    PQclear(res);
    /* Invalid UTF-8 in a text parameter. */
    const char *latin1[1] = {"caf\xe9"};
    res = PQexecParams(conn, "SELECT $1::text", 1, NULL, latin1, NULL, NULL, 0);
    expect_sqlstate(res, "22021", "invalid UTF-8");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* ---- arrays in binary ---- */

#define OID_INT4_ARRAY 1007
#define OID_TEXT_ARRAY 1009
#define OID_OID_ARRAY 1028

/* A one-dimensional array in array_send's layout: ndim, has-null, element type, size,
 * lower bound, then each element's length (-1: NULL) and bytes. */
typedef struct array_buffer {
    uint8_t bytes[256];
    int length;
} array_buffer;

static void array_begin(array_buffer *a, int ndim, int has_null, uint32_t element, int count,
                        int lower_bound)
{
    put_be32(a->bytes, (uint32_t)ndim);
    put_be32(a->bytes + 4, (uint32_t)has_null);
    put_be32(a->bytes + 8, element);
    a->length = 12;
    for (int d = 0; d < ndim; d++) {
        put_be32(a->bytes + a->length, (uint32_t)count);
        put_be32(a->bytes + a->length + 4, (uint32_t)lower_bound);
        a->length += 8;
    }
}

static void array_add(array_buffer *a, const void *data, int length)
{
    put_be32(a->bytes + a->length, (uint32_t)length);
    a->length += 4;
    if (length > 0) {
        memcpy(a->bytes + a->length, data, (size_t)length);
        a->length += length;
    }
}

static void array_add_int4(array_buffer *a, uint32_t v)
{
    uint8_t b[4];
    put_be32(b, v);
    array_add(a, b, 4);
}

START_TEST(binary_arrays)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    int binary[1] = {1};

    /* int4[] {7,NULL,9} in, echoed and taken apart in binary. */
    array_buffer ints;
    array_begin(&ints, 1, 1, OID_INT4, 3, 1);
    array_add_int4(&ints, 7);
    array_add(&ints, NULL, -1);
    array_add_int4(&ints, 9);
    const char *values[1] = {(const char *)ints.bytes};
    int lengths[1] = {ints.length};
    PGresult *res = PQexecParams(conn, "SELECT $1, array_length($1, 1), $1[3], $1::text", 1,
                                 (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 1);
    expect_status(res, PGRES_TUPLES_OK, "binary int4[]");
    ck_assert_uint_eq(PQftype(res, 0), OID_INT4_ARRAY);
    ck_assert_int_eq(PQgetlength(res, 0, 0), ints.length);
    ck_assert(memcmp(PQgetvalue(res, 0, 0), ints.bytes, (size_t)ints.length) == 0);
    ck_assert_uint_eq(get_be32((const uint8_t *)PQgetvalue(res, 0, 1)), 3);
    ck_assert_uint_eq(get_be32((const uint8_t *)PQgetvalue(res, 0, 2)), 9);
    ck_assert_int_eq(PQgetlength(res, 0, 3), 10);
    ck_assert(memcmp(PQgetvalue(res, 0, 3), "{7,NULL,9}", 10) == 0);
    PQclear(res);

    /* text[] out in binary: the exact bytes array_send writes, lower bound kept. */
    res = PQexecParams(conn, "SELECT '[0:1]={a,\"b c\"}'::text[], '{}'::text[]", 0, NULL, NULL,
                       NULL, NULL, 1);
    expect_status(res, PGRES_TUPLES_OK, "binary text[] result");
    array_buffer texts;
    array_begin(&texts, 1, 0, OID_TEXT, 2, 0);
    array_add(&texts, "a", 1);
    array_add(&texts, "b c", 3);
    ck_assert_int_eq(PQgetlength(res, 0, 0), texts.length);
    ck_assert(memcmp(PQgetvalue(res, 0, 0), texts.bytes, (size_t)texts.length) == 0);
    array_buffer empty;
    array_begin(&empty, 0, 0, OID_TEXT, 0, 0);
    ck_assert_int_eq(PQgetlength(res, 0, 1), empty.length);
    ck_assert(memcmp(PQgetvalue(res, 0, 1), empty.bytes, (size_t)empty.length) == 0);
    PQclear(res);

    /* = ANY($1): the parameter takes the array type of the other side. */
    res = PQprepare(conn, "any_aid", "SELECT aid FROM ext WHERE aid = ANY($1) ORDER BY aid", 0,
                    NULL);
    expect_status(res, PGRES_COMMAND_OK, "prepare = ANY($1)");
    PQclear(res);
    res = PQdescribePrepared(conn, "any_aid");
    ck_assert_int_eq(PQnparams(res), 1);
    ck_assert_uint_eq(PQparamtype(res, 0), OID_INT4_ARRAY);
    PQclear(res);
    array_buffer wanted;
    array_begin(&wanted, 1, 0, OID_INT4, 3, 1);
    array_add_int4(&wanted, 4);
    array_add_int4(&wanted, 2);
    array_add_int4(&wanted, 99);
    values[0] = (const char *)wanted.bytes;
    lengths[0] = wanted.length;
    res = PQexecPrepared(conn, "any_aid", 1, values, lengths, binary, 0);
    expect_status(res, PGRES_TUPLES_OK, "= ANY(binary int4[])");
    ck_assert_int_eq(PQntuples(res), 2);
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "2");
    ck_assert_str_eq(PQgetvalue(res, 1, 0), "4");
    PQclear(res);

    /* $1::oid[] from text, as catalog queries send it. */
    const char *oids[1] = {"{23,25}"};
    res = PQexecParams(conn,
                       "SELECT '25'::oid = ANY($1::oid[]), '26'::oid = ANY($1::oid[]), $1::oid[]",
                       1, NULL, oids, NULL, NULL, 0);
    expect_status(res, PGRES_TUPLES_OK, "$1::oid[]");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "t");
    ck_assert_str_eq(PQgetvalue(res, 0, 1), "f");
    ck_assert_uint_eq(PQftype(res, 2), OID_OID_ARRAY);
    PQclear(res);

    /* An array column written and read in binary. */
    pgt_expect_command(conn, "CREATE TABLE ext_arrays (id int PRIMARY KEY, tags text[])",
                       "CREATE TABLE");
    values[0] = (const char *)texts.bytes;
    lengths[0] = texts.length;
    res = PQexecParams(conn, "INSERT INTO ext_arrays VALUES (1, $1)", 1, NULL, values, lengths,
                       binary, 0);
    expect_status(res, PGRES_COMMAND_OK, "insert binary text[]");
    PQclear(res);
    res = PQexecParams(conn, "SELECT tags FROM ext_arrays", 0, NULL, NULL, NULL, NULL, 1);
    expect_status(res, PGRES_TUPLES_OK, "read text[] column in binary");
    ck_assert_int_eq(PQgetlength(res, 0, 0), texts.length);
    ck_assert(memcmp(PQgetvalue(res, 0, 0), texts.bytes, (size_t)texts.length) == 0);
    PQclear(res);
    pgt_expect_value(conn, "SELECT tags::text FROM ext_arrays", "[0:1]={a,\"b c\"}");
    pgt_expect_command(conn, "DROP TABLE ext_arrays", "DROP TABLE");

    /* Malformed binary arrays. */
    array_buffer bad;
    array_begin(&bad, 1, 0, OID_TEXT, 1, 1);
    array_add(&bad, "x", 1);
    values[0] = (const char *)bad.bytes;
    lengths[0] = bad.length;
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 0);
    expect_sqlstate(res, "42804", "wrong element type");
    PQclear(res);
    array_begin(&bad, 1, 2, OID_INT4, 0, 1);
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 0);
    expect_sqlstate(res, "22P03", "bad flags");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY), "invalid array flags");
    PQclear(res);
    array_begin(&bad, 1, 0, OID_INT4, 1, 1);
    array_add(&bad, "\0\0\0\1\0", 5);
    lengths[0] = bad.length;
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 0);
    expect_sqlstate(res, "22P03", "an int4 element of 5 bytes");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "improper binary format in array element 1");
    PQclear(res);
    array_begin(&bad, 1, 0, OID_INT4, 3, 1);
    array_add_int4(&bad, 1);
    lengths[0] = bad.length;
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 0);
    expect_sqlstate(res, "22P03", "fewer elements than promised");
    PQclear(res);
    array_begin(&bad, 2, 0, OID_INT4, 1, 1);
    array_add_int4(&bad, 1);
    lengths[0] = bad.length;
    res = PQexecParams(conn, "SELECT $1", 1, (Oid[]){OID_INT4_ARRAY}, values, lengths, binary, 0);
    expect_sqlstate(res, "0A000", "two dimensions");
    PQclear(res);
    res = pgt_expect_error(conn, "SELECT '{{1,2},{3,4}}'::int[]", "0A000");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "feature not supported: multidimensional arrays");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

START_TEST(single_row_mode)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    const char *values[1] = {"1"};
    ck_assert(PQsendQueryParams(conn, "SELECT aid, name FROM ext WHERE aid > $1 ORDER BY aid", 1,
                                NULL, values, NULL, NULL, 0));
    ck_assert(PQsetSingleRowMode(conn));
    const char *names[] = {"two", "three", "four", "five"};
    for (int i = 0; i < 4; i++) {
        PGresult *res = PQgetResult(conn);
        ck_assert_ptr_nonnull(res);
        expect_status(res, PGRES_SINGLE_TUPLE, "a single row");
        ck_assert_int_eq(PQntuples(res), 1);
        ck_assert_str_eq(PQgetvalue(res, 0, 1), names[i]);
        PQclear(res);
    }
    PGresult *res = PQgetResult(conn);
    expect_status(res, PGRES_TUPLES_OK, "the end of the rows");
    ck_assert_int_eq(PQntuples(res), 0);
    ck_assert_str_eq(PQcmdStatus(res), "SELECT 4");
    PQclear(res);
    ck_assert_ptr_null(PQgetResult(conn));
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

static PGresult *next_result(PGconn *conn, const char *what)
{
    ck_assert_msg(pgt_wait_result(conn, RAW_TIMEOUT_MS), "%s: no result in time", what);
    PGresult *res = PQgetResult(conn);
    ck_assert_msg(res != NULL, "%s: no result", what);
    return res;
}

static void expect_end_of_query(PGconn *conn)
{
    ck_assert_ptr_null(PQgetResult(conn));
}

START_TEST(pipeline_discards_until_sync)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    ck_assert(PQenterPipelineMode(conn));
    const char *one[1] = {"1"};
    ck_assert(PQsendQueryParams(conn, "SELECT name FROM ext WHERE aid = $1", 1, NULL, one, NULL,
                                NULL, 0));
    ck_assert(PQsendQueryParams(conn, "SELECT 1 / (aid - 1) FROM ext WHERE aid = $1", 1, NULL,
                                one, NULL, NULL, 0));
    ck_assert(PQsendQueryParams(conn, "SELECT 'skipped'", 0, NULL, NULL, NULL, NULL, 0));
    ck_assert(PQpipelineSync(conn));
    ck_assert(PQsendQueryParams(conn, "SELECT 'after sync'", 0, NULL, NULL, NULL, NULL, 0));
    ck_assert(PQpipelineSync(conn));

    PGresult *res = next_result(conn, "first");
    expect_status(res, PGRES_TUPLES_OK, "first");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "one");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "second");
    expect_sqlstate(res, "22012", "second");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "third");
    expect_status(res, PGRES_PIPELINE_ABORTED, "third, after the error");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "sync");
    expect_status(res, PGRES_PIPELINE_SYNC, "sync");
    PQclear(res);
    res = next_result(conn, "after sync");
    expect_status(res, PGRES_TUPLES_OK, "after sync");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "after sync");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "second sync");
    expect_status(res, PGRES_PIPELINE_SYNC, "second sync");
    PQclear(res);

    /* 100 queued queries, one Sync. */
    for (int i = 0; i < 100; i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", i);
        const char *v[1] = {value};
        ck_assert(PQsendQueryParams(conn, "SELECT $1::int * 2", 1, NULL, v, NULL, NULL, 0));
    }
    ck_assert(PQpipelineSync(conn));
    for (int i = 0; i < 100; i++) {
        res = next_result(conn, "queued query");
        expect_status(res, PGRES_TUPLES_OK, "queued query");
        ck_assert_int_eq(atoi(PQgetvalue(res, 0, 0)), 2 * i);
        PQclear(res);
        expect_end_of_query(conn);
    }
    res = next_result(conn, "sync of 100");
    expect_status(res, PGRES_PIPELINE_SYNC, "sync of 100");
    PQclear(res);
    ck_assert(PQexitPipelineMode(conn));
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* 100 queued queries with one Sync, the 51st failing: PostgreSQL's pipeline abort. The
 * ones before it ran, the ones after it are PGRES_PIPELINE_ABORTED, and the writes before
 * the failure roll back with the implicit transaction they share. */
START_TEST(pipeline_of_100_with_a_failure)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    pgt_expect_command(conn, "CREATE TABLE piped (n integer PRIMARY KEY)", "CREATE TABLE");
    ck_assert(PQenterPipelineMode(conn));
    for (int i = 0; i < 100; i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", i);
        const char *v[1] = {value};
        const char *sql = i == 50       ? "SELECT 1 / ($1::int - 50)"
                          : i % 2 == 0 ? "INSERT INTO piped VALUES ($1::int)"
                                       : "SELECT $1::int * 2";
        ck_assert(PQsendQueryParams(conn, sql, 1, NULL, v, NULL, NULL, 0));
    }
    ck_assert(PQpipelineSync(conn));
    for (int i = 0; i < 100; i++) {
        PGresult *res = next_result(conn, "queued query");
        if (i < 50 && i % 2 == 0) {
            expect_status(res, PGRES_COMMAND_OK, "queued INSERT");
            ck_assert_str_eq(PQcmdStatus(res), "INSERT 0 1");
        } else if (i < 50) {
            expect_status(res, PGRES_TUPLES_OK, "queued SELECT");
            ck_assert_int_eq(atoi(PQgetvalue(res, 0, 0)), 2 * i);
        } else if (i == 50) {
            expect_sqlstate(res, "22012", "the failing query");
        } else {
            expect_status(res, PGRES_PIPELINE_ABORTED, "after the failure");
        }
        PQclear(res);
        expect_end_of_query(conn);
    }
    PGresult *res = next_result(conn, "sync of 100");
    expect_status(res, PGRES_PIPELINE_SYNC, "sync of 100");
    PQclear(res);
    ck_assert(PQexitPipelineMode(conn));
    pgt_expect_value(conn, "SELECT count(*) FROM piped", "0");
    pgt_expect_command(conn, "DROP TABLE piped", "DROP TABLE");
    PQfinish(conn);
}
END_TEST

/* The statements up to Sync are one implicit transaction: a failure after a write undoes
 * it; without one it is committed at Sync. In a transaction block, writes wait for COMMIT. */
START_TEST(pipeline_writes)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    ck_assert(PQenterPipelineMode(conn));
    ck_assert(PQsendQueryParams(conn, "INSERT INTO ext (aid, name) VALUES (10, 'ten')", 0, NULL,
                                NULL, NULL, NULL, 0));
    ck_assert(PQsendQueryParams(conn, "SELECT 1/0", 0, NULL, NULL, NULL, NULL, 0));
    ck_assert(PQpipelineSync(conn));
    ck_assert(PQsendQueryParams(conn, "INSERT INTO ext (aid, name) VALUES (12, 'twelve')", 0,
                                NULL, NULL, NULL, NULL, 0));
    ck_assert(PQsendQueryParams(conn, "SELECT name FROM ext WHERE aid = 12", 0, NULL, NULL, NULL,
                                NULL, 0));
    ck_assert(PQpipelineSync(conn));
    PGresult *res = next_result(conn, "insert");
    expect_status(res, PGRES_COMMAND_OK, "insert");
    ck_assert_str_eq(PQcmdStatus(res), "INSERT 0 1");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "division by zero after the insert");
    expect_sqlstate(res, "22012", "division by zero after the insert");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "sync");
    expect_status(res, PGRES_PIPELINE_SYNC, "sync");
    PQclear(res);
    res = next_result(conn, "second insert");
    expect_status(res, PGRES_COMMAND_OK, "second insert");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "read of the second insert");
    expect_status(res, PGRES_TUPLES_OK, "read of the second insert");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "twelve");
    PQclear(res);
    expect_end_of_query(conn);
    res = next_result(conn, "second sync");
    expect_status(res, PGRES_PIPELINE_SYNC, "second sync");
    PQclear(res);
    ck_assert(PQexitPipelineMode(conn));
    pgt_expect_value(conn, "SELECT count(*) FROM ext WHERE aid = 10", "0");
    pgt_expect_value(conn, "SELECT name FROM ext WHERE aid = 12", "twelve");

    PGconn *other = pgt_connect(&srv, NULL);
    pgt_expect_command(conn, "BEGIN", "BEGIN");
    const char *v[1] = {"11"};
    res = PQexecParams(conn, "INSERT INTO ext (aid) VALUES ($1)", 1, NULL, v, NULL, NULL, 0);
    expect_status(res, PGRES_COMMAND_OK, "insert in a block");
    PQclear(res);
    pgt_expect_value(conn, "SELECT count(*) FROM ext WHERE aid = 11", "1");
    pgt_expect_value(other, "SELECT count(*) FROM ext WHERE aid = 11", "0");
    pgt_expect_command(conn, "ROLLBACK", "ROLLBACK");
    pgt_expect_value(conn, "SELECT count(*) FROM ext WHERE aid = 11", "0");
    pgt_expect_command(conn, "DELETE FROM ext WHERE aid = 12", "DELETE 1");
    PQfinish(other);
    PQfinish(conn);
}
END_TEST

START_TEST(sql_prepare_shares_the_statement_table)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    pgt_expect_command(conn, "PREPARE from_sql (int) AS SELECT name FROM ext WHERE aid = $1",
                       "PREPARE");
    const char *v[1] = {"4"};
    PGresult *res = PQexecPrepared(conn, "from_sql", 1, v, NULL, NULL, 0);
    expect_status(res, PGRES_TUPLES_OK, "protocol Execute of a SQL PREPARE");
    ck_assert_str_eq(PQgetvalue(res, 0, 0), "four");
    PQclear(res);

    res = PQprepare(conn, "from_protocol", "SELECT big FROM ext WHERE aid = $1", 0, NULL);
    expect_status(res, PGRES_COMMAND_OK, "PQprepare");
    PQclear(res);
    pgt_expect_value(conn, "EXECUTE from_protocol(5)", "50");
    res = pgt_expect_error(conn, "PREPARE from_protocol AS SELECT 1", "42P05");
    PQclear(res);

    pgt_expect_command(conn, "DEALLOCATE from_sql", "DEALLOCATE");
    res = PQexecPrepared(conn, "from_sql", 1, v, NULL, NULL, 0);
    expect_sqlstate(res, "26000", "after DEALLOCATE");
    PQclear(res);
    pgt_expect_command(conn, "DEALLOCATE ALL", "DEALLOCATE ALL");
    res = PQdescribePrepared(conn, "from_protocol");
    expect_sqlstate(res, "26000", "after DEALLOCATE ALL");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* Parse goes through the same dialect rewrite as a Simple Query. */
START_TEST(dialect_statements_prepared)
{
    PGconn *conn = pgt_connect(&srv, NULL);
    pgt_expect_command(conn, "CREATE NAMESPACE prep_ns", "CREATE SCHEMA");
    PGresult *res = PQprepare(conn, "namespaces", "SHOW NAMESPACES", 0, NULL);
    expect_status(res, PGRES_COMMAND_OK, "PQprepare SHOW NAMESPACES");
    PQclear(res);
    res = PQdescribePrepared(conn, "namespaces");
    expect_status(res, PGRES_COMMAND_OK, "describe SHOW NAMESPACES");
    ck_assert_int_eq(PQnfields(res), 1);
    ck_assert_str_eq(PQfname(res, 0), "namespace");
    PQclear(res);
    res = PQexecPrepared(conn, "namespaces", 0, NULL, NULL, NULL, 0);
    expect_status(res, PGRES_TUPLES_OK, "execute SHOW NAMESPACES");
    bool found = false;
    for (int i = 0; i < PQntuples(res); i++)
        found = found || strcmp(PQgetvalue(res, i, 0), "prep_ns") == 0;
    ck_assert_msg(found, "SHOW NAMESPACES lists prep_ns");
    PQclear(res);
    res = PQexecParams(conn, "USE prep_ns", 0, NULL, NULL, NULL, NULL, 0);
    expect_status(res, PGRES_COMMAND_OK, "USE over the extended protocol");
    PQclear(res);
    pgt_expect_value(conn, "SHOW search_path", "prep_ns");
    PQfinish(conn);
}
END_TEST

/* ---- raw messages ---- */

typedef struct wire {
    uint8_t data[4096];
    size_t length;
} wire;

static void wire_bytes(wire *w, const void *p, size_t n)
{
    ck_assert(w->length + n <= sizeof w->data);
    memcpy(w->data + w->length, p, n);
    w->length += n;
}

static void wire_int16(wire *w, int v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    wire_bytes(w, b, 2);
}

static void wire_int32(wire *w, int32_t v)
{
    uint8_t b[4];
    put_be32(b, (uint32_t)v);
    wire_bytes(w, b, 4);
}

static void wire_string(wire *w, const char *s)
{
    wire_bytes(w, s, strlen(s) + 1);
}

/* A message with this type and body. */
static void wire_message(wire *w, char type, const wire *body)
{
    wire_bytes(w, &type, 1);
    wire_int32(w, (int32_t)body->length + 4);
    wire_bytes(w, body->data, body->length);
}

static void send_parse(wire *w, const char *name, const char *sql)
{
    wire body = {.length = 0};
    wire_string(&body, name);
    wire_string(&body, sql);
    wire_int16(&body, 0);
    wire_message(w, 'P', &body);
}

/* Bind without parameters; result formats as given. */
static void send_bind(wire *w, const char *portal, const char *statement, int format_count,
                      const int *formats)
{
    wire body = {.length = 0};
    wire_string(&body, portal);
    wire_string(&body, statement);
    wire_int16(&body, 0);
    wire_int16(&body, 0);
    wire_int16(&body, format_count);
    for (int i = 0; i < format_count; i++)
        wire_int16(&body, formats[i]);
    wire_message(w, 'B', &body);
}

static void send_execute(wire *w, const char *portal, int max_rows)
{
    wire body = {.length = 0};
    wire_string(&body, portal);
    wire_int32(&body, max_rows);
    wire_message(w, 'E', &body);
}

static void send_describe(wire *w, char kind, const char *name)
{
    wire body = {.length = 0};
    wire_bytes(&body, &kind, 1);
    wire_string(&body, name);
    wire_message(w, 'D', &body);
}

static void send_close(wire *w, char kind, const char *name)
{
    wire body = {.length = 0};
    wire_bytes(&body, &kind, 1);
    wire_string(&body, name);
    wire_message(w, 'C', &body);
}

static void send_empty(wire *w, char type)
{
    wire body = {.length = 0};
    wire_message(w, type, &body);
}

static int raw_session(void)
{
    int fd = raw_connect(srv.port);
    ck_assert_int_ge(fd, 0);
    ck_assert(raw_startup_trust(fd, HARNESS_SUPERUSER, RAW_TIMEOUT_MS));
    return fd;
}

static void flush_wire(int fd, wire *w)
{
    ck_assert(raw_send(fd, w->data, w->length));
    w->length = 0;
}

/* Reads the next message and checks its type; returns it (free it). */
static raw_message expect_message(int fd, char type, const char *what)
{
    raw_message m;
    int r = raw_read_message(fd, &m, RAW_TIMEOUT_MS);
    ck_assert_msg(r == 1, "%s: no message", what);
    ck_assert_msg(m.type == type, "%s: got '%c' (%s), want '%c'", what, m.type,
                  m.type == 'E' ? raw_error_field(&m, 'M') : "", type);
    return m;
}

static void skip_message(int fd, char type, const char *what)
{
    raw_message m = expect_message(fd, type, what);
    raw_message_free(&m);
}

static void expect_data_row(int fd, const char *value, const char *what)
{
    raw_message m = expect_message(fd, 'D', what);
    size_t length = strlen(value);
    ck_assert_uint_eq(m.length, 2 + 4 + length);
    ck_assert_uint_eq(get_be32(m.body + 2), length);
    ck_assert_msg(memcmp(m.body + 6, value, length) == 0, "%s: row value", what);
    raw_message_free(&m);
}

static void expect_complete(int fd, const char *tag, const char *what)
{
    raw_message m = expect_message(fd, 'C', what);
    ck_assert_str_eq((const char *)m.body, tag);
    raw_message_free(&m);
}

static void expect_ready(int fd, char status, const char *what)
{
    raw_message m = expect_message(fd, 'Z', what);
    ck_assert_msg(m.body[0] == status, "%s: ReadyForQuery '%c', want '%c'", what, m.body[0],
                  status);
    raw_message_free(&m);
}

static void expect_error(int fd, const char *sqlstate, const char *message, const char *what)
{
    raw_message m = expect_message(fd, 'E', what);
    ck_assert_str_eq(raw_error_field(&m, 'S'), "ERROR");
    ck_assert_msg(strcmp(raw_error_field(&m, 'C'), sqlstate) == 0, "%s: SQLSTATE %s (%s)", what,
                  raw_error_field(&m, 'C'), raw_error_field(&m, 'M'));
    if (message != NULL)
        ck_assert_str_eq(raw_error_field(&m, 'M'), message);
    raw_message_free(&m);
}

START_TEST(portal_row_limit_and_suspension)
{
    int fd = raw_session();
    wire w = {.length = 0};
    /* Unnamed portal: 5 rows two at a time; the last Execute reports its own count. */
    send_parse(&w, "", "SELECT aid FROM ext WHERE aid <= 5 ORDER BY aid");
    send_bind(&w, "", "", 0, NULL);
    send_execute(&w, "", 2);
    send_execute(&w, "", 2);
    send_execute(&w, "", 2);
    send_execute(&w, "", 2);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete");
    skip_message(fd, '2', "BindComplete");
    expect_data_row(fd, "1", "row 1");
    expect_data_row(fd, "2", "row 2");
    skip_message(fd, 's', "PortalSuspended after 2");
    expect_data_row(fd, "3", "row 3");
    expect_data_row(fd, "4", "row 4");
    skip_message(fd, 's', "PortalSuspended after 4");
    expect_data_row(fd, "5", "row 5");
    expect_complete(fd, "SELECT 1", "the last row");
    expect_complete(fd, "SELECT 0", "a finished portal");
    expect_ready(fd, 'I', "Sync");

    /* A named portal lives across Sync inside a transaction block, and ends with it. */
    send_parse(&w, "", "BEGIN");
    send_bind(&w, "", "", 0, NULL);
    send_execute(&w, "", 0);
    send_parse(&w, "", "SELECT aid, name FROM ext WHERE aid <= 3 ORDER BY aid");
    int formats[2] = {1, 0};
    send_bind(&w, "cursor", "", 2, formats);
    send_describe(&w, 'P', "cursor");
    send_execute(&w, "cursor", 1);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete BEGIN");
    skip_message(fd, '2', "BindComplete BEGIN");
    expect_complete(fd, "BEGIN", "BEGIN");
    skip_message(fd, '1', "ParseComplete");
    skip_message(fd, '2', "BindComplete");
    raw_message m = expect_message(fd, 'T', "RowDescription of the portal");
    /* Two fields; the format code is the last int16 of each field. */
    const uint8_t *p = m.body + 2;
    p += strlen((const char *)p) + 1 + 16;
    ck_assert_int_eq(p[0] << 8 | p[1], 1);
    p += 2;
    p += strlen((const char *)p) + 1 + 16;
    ck_assert_int_eq(p[0] << 8 | p[1], 0);
    raw_message_free(&m);
    m = expect_message(fd, 'D', "binary aid, text name");
    ck_assert_uint_eq(get_be32(m.body + 2), 4);
    ck_assert_uint_eq(get_be32(m.body + 6), 1);
    ck_assert_uint_eq(get_be32(m.body + 10), 3);
    ck_assert(memcmp(m.body + 14, "one", 3) == 0);
    raw_message_free(&m);
    skip_message(fd, 's', "PortalSuspended");
    expect_ready(fd, 'T', "Sync in the block");
    send_execute(&w, "cursor", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'D', "row 2");
    skip_message(fd, 'D', "row 3");
    expect_complete(fd, "SELECT 2", "the rest");
    expect_ready(fd, 'T', "still in the block");
    wire body = {.length = 0};
    wire_string(&body, "COMMIT");
    wire_message(&w, 'Q', &body);
    send_execute(&w, "cursor", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    expect_complete(fd, "COMMIT", "COMMIT");
    expect_ready(fd, 'I', "after COMMIT");
    expect_error(fd, "34000", "portal \"cursor\" does not exist", "the portal ended with COMMIT");
    expect_ready(fd, 'I', "Sync after the error");
    close(fd);
}
END_TEST

START_TEST(flush_answers_without_sync)
{
    int fd = raw_session();
    wire w = {.length = 0};
    send_parse(&w, "flushed", "SELECT name FROM ext WHERE aid = $1");
    send_describe(&w, 'S', "flushed");
    send_empty(&w, 'H');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete");
    raw_message m = expect_message(fd, 't', "ParameterDescription");
    ck_assert_int_eq(m.body[0] << 8 | m.body[1], 1);
    ck_assert_uint_eq(get_be32(m.body + 2), OID_INT4);
    raw_message_free(&m);
    skip_message(fd, 'T', "RowDescription");
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    expect_ready(fd, 'I', "Sync");
    close(fd);
}
END_TEST

/* The unnamed statement is replaced by the next Parse and forgotten by a Simple Query;
 * a portal keeps its statement after Close. */
START_TEST(unnamed_statement_lifetime)
{
    int fd = raw_session();
    wire w = {.length = 0};
    send_parse(&w, "", "SELECT 'first'");
    send_parse(&w, "", "SELECT 'second'");
    send_bind(&w, "", "", 0, NULL);
    send_close(&w, 'S', "");
    send_execute(&w, "", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete first");
    skip_message(fd, '1', "ParseComplete second");
    skip_message(fd, '2', "BindComplete");
    skip_message(fd, '3', "CloseComplete");
    expect_data_row(fd, "second", "the portal outlives the closed statement");
    expect_complete(fd, "SELECT 1", "Execute");
    expect_ready(fd, 'I', "Sync");

    send_parse(&w, "", "SELECT 'third'");
    send_empty(&w, 'S');
    wire body = {.length = 0};
    wire_string(&body, "SELECT 1");
    wire_message(&w, 'Q', &body);
    send_bind(&w, "", "", 0, NULL);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete third");
    expect_ready(fd, 'I', "Sync");
    skip_message(fd, 'T', "simple query");
    skip_message(fd, 'D', "simple query");
    expect_complete(fd, "SELECT 1", "simple query");
    expect_ready(fd, 'I', "simple query");
    expect_error(fd, "26000", "unnamed prepared statement does not exist",
                 "a Simple Query forgot the unnamed statement");
    expect_ready(fd, 'I', "Sync after the error");
    close(fd);
}
END_TEST

/* Malformed extended-protocol messages are ERRORs, not FATAL: the session skips to Sync
 * and goes on. */
static void expect_recovers(int fd, const void *bytes, size_t length, const char *sqlstate,
                            const char *message, const char *what)
{
    wire w = {.length = 0};
    wire_bytes(&w, bytes, length);
    send_parse(&w, "", "SELECT 'skipped'"); /* discarded after the error */
    send_empty(&w, 'S');
    wire body = {.length = 0};
    wire_string(&body, "SELECT 'alive'");
    wire_message(&w, 'Q', &body);
    flush_wire(fd, &w);
    expect_error(fd, sqlstate, message, what);
    expect_ready(fd, 'I', what);
    skip_message(fd, 'T', what);
    expect_data_row(fd, "alive", what);
    expect_complete(fd, "SELECT 1", what);
    expect_ready(fd, 'I', what);
}

START_TEST(malformed_messages)
{
    int fd = raw_session();
    wire w = {.length = 0}, body = {.length = 0};

    /* Parse whose query string has no terminator. */
    wire_string(&body, "");
    wire_bytes(&body, "SELECT 1", 8);
    wire_message(&w, 'P', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "invalid string in message", "Parse string");

    /* Parse declaring 65535 parameter types with none present: refused before any
     * allocation sized by the count. */
    w.length = body.length = 0;
    wire_string(&body, "");
    wire_string(&body, "SELECT 1");
    wire_int16(&body, 0xFFFF);
    wire_int32(&body, OID_INT4);
    wire_message(&w, 'P', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "insufficient data left in message",
                    "Parse with 65535 types");

    /* Trailing bytes after Parse. */
    w.length = body.length = 0;
    wire_string(&body, "");
    wire_string(&body, "SELECT 1");
    wire_int16(&body, 0);
    wire_bytes(&body, "x", 1);
    wire_message(&w, 'P', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "invalid message format", "Parse trailing");

    /* Bind: a parameter value longer than the message. */
    w.length = 0;
    wire setup = {.length = 0};
    send_parse(&setup, "two", "SELECT $1::int");
    send_empty(&setup, 'S');
    flush_wire(fd, &setup);
    skip_message(fd, '1', "ParseComplete");
    expect_ready(fd, 'I', "Sync after Parse");
    body.length = 0;
    wire_string(&body, "");
    wire_string(&body, "two");
    wire_int16(&body, 0);
    wire_int16(&body, 1);
    wire_int32(&body, 1000);
    wire_bytes(&body, "12", 2);
    wire_message(&w, 'B', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "insufficient data left in message",
                    "Bind value overrun");

    /* Bind: a negative length other than -1. */
    w.length = body.length = 0;
    wire_string(&body, "");
    wire_string(&body, "two");
    wire_int16(&body, 0);
    wire_int16(&body, 1);
    wire_int32(&body, -5);
    wire_int16(&body, 0);
    wire_message(&w, 'B', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "insufficient data left in message",
                    "Bind length -5");

    /* Bind: the wrong number of parameters. */
    w.length = 0;
    send_bind(&w, "", "two", 0, NULL);
    expect_recovers(fd, w.data, w.length, "08P01",
                    "bind message supplies 0 parameters, but prepared statement \"two\" requires 1",
                    "Bind count");

    /* Bind: a format code that is neither text nor binary. */
    w.length = body.length = 0;
    wire_string(&body, "");
    wire_string(&body, "two");
    wire_int16(&body, 1);
    wire_int16(&body, 7);
    wire_int16(&body, 1);
    wire_int32(&body, 1);
    wire_bytes(&body, "1", 1);
    wire_int16(&body, 0);
    wire_message(&w, 'B', &body);
    expect_recovers(fd, w.data, w.length, "22023", "unsupported format code: 7", "format 7");

    /* Unknown names and kinds. */
    w.length = 0;
    send_describe(&w, 'S', "nope");
    expect_recovers(fd, w.data, w.length, "26000", "prepared statement \"nope\" does not exist",
                    "Describe unknown statement");
    w.length = 0;
    send_describe(&w, 'X', "");
    expect_recovers(fd, w.data, w.length, "08P01", "invalid DESCRIBE message subtype 88",
                    "Describe kind X");
    w.length = 0;
    send_execute(&w, "nope", 0);
    expect_recovers(fd, w.data, w.length, "34000", "portal \"nope\" does not exist",
                    "Execute unknown portal");
    w.length = 0;
    send_bind(&w, "", "", 0, NULL);
    expect_recovers(fd, w.data, w.length, "26000", "unnamed prepared statement does not exist",
                    "Bind without a statement");
    /* Execute with its row count cut off. */
    w.length = body.length = 0;
    wire_string(&body, "");
    wire_bytes(&body, "\0\0", 2);
    wire_message(&w, 'E', &body);
    expect_recovers(fd, w.data, w.length, "08P01", "insufficient data left in message",
                    "Execute truncated");
    close(fd);
    PGconn *conn = pgt_connect(&srv, NULL);
    pgt_expect_alive(conn);
    PQfinish(conn);
}
END_TEST

/* A portal ends with its transaction, a statement with its Close: using either afterwards
 * is a clean error (34000, 26000) and the session goes on. */
START_TEST(closed_portals_and_statements)
{
    int fd = raw_session();
    wire w = {.length = 0}, body = {.length = 0};
    wire_string(&body, "BEGIN");
    wire_message(&w, 'Q', &body);
    send_parse(&w, "kept", "SELECT name FROM ext WHERE aid < 3 ORDER BY aid");
    send_bind(&w, "p", "kept", 0, NULL);
    send_execute(&w, "p", 1);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'C', "BEGIN");
    expect_ready(fd, 'T', "BEGIN");
    skip_message(fd, '1', "ParseComplete");
    skip_message(fd, '2', "BindComplete");
    expect_data_row(fd, "one", "first row");
    skip_message(fd, 's', "PortalSuspended");
    expect_ready(fd, 'T', "Sync inside the block");

    /* The named portal survives Sync inside the transaction block... */
    send_execute(&w, "p", 1);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    expect_data_row(fd, "two", "second row after Sync");
    skip_message(fd, 's', "PortalSuspended again");
    expect_ready(fd, 'T', "second Sync");

    /* ...but not the transaction's end. */
    body.length = 0;
    wire_string(&body, "COMMIT");
    wire_message(&w, 'Q', &body);
    send_execute(&w, "p", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'C', "COMMIT");
    expect_ready(fd, 'I', "COMMIT");
    expect_error(fd, "34000", "portal \"p\" does not exist", "Execute after COMMIT");
    expect_ready(fd, 'I', "Sync after the error");
    send_describe(&w, 'P', "p");
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    expect_error(fd, "34000", "portal \"p\" does not exist", "Describe after COMMIT");
    expect_ready(fd, 'I', "Sync after the Describe error");

    /* A closed statement is gone for Describe and Bind; closing it again is no error. */
    send_close(&w, 'S', "kept");
    send_close(&w, 'S', "kept");
    send_describe(&w, 'S', "kept");
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '3', "CloseComplete");
    skip_message(fd, '3', "CloseComplete of a closed statement");
    expect_error(fd, "26000", "prepared statement \"kept\" does not exist",
                 "Describe of a closed statement");
    expect_ready(fd, 'I', "Sync after Describe");
    send_bind(&w, "", "kept", 0, NULL);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    expect_error(fd, "26000", "prepared statement \"kept\" does not exist",
                 "Bind of a closed statement");
    expect_ready(fd, 'I', "Sync after Bind");

    /* A rolled-back transaction's portals go too. */
    body.length = 0;
    wire_string(&body, "BEGIN");
    wire_message(&w, 'Q', &body);
    send_parse(&w, "", "SELECT 1");
    send_bind(&w, "q", "", 0, NULL);
    send_empty(&w, 'S');
    body.length = 0;
    wire_string(&body, "ROLLBACK");
    wire_message(&w, 'Q', &body);
    send_execute(&w, "q", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'C', "BEGIN");
    expect_ready(fd, 'T', "BEGIN");
    skip_message(fd, '1', "ParseComplete");
    skip_message(fd, '2', "BindComplete");
    expect_ready(fd, 'T', "Sync");
    skip_message(fd, 'C', "ROLLBACK");
    expect_ready(fd, 'I', "ROLLBACK");
    expect_error(fd, "34000", "portal \"q\" does not exist", "Execute after ROLLBACK");
    expect_ready(fd, 'I', "Sync after the error");
    close(fd);
}
END_TEST

/* A DECLAREd cursor is a portal: Describe and Execute (with a row limit) reach it, FETCH
 * goes on where Execute stopped, and its name cannot be bound again. */
START_TEST(declared_cursor_is_a_portal)
{
    int fd = raw_session();
    wire w = {.length = 0}, body = {.length = 0};
    wire_string(&body, "BEGIN; DECLARE cur CURSOR FOR SELECT aid FROM ext ORDER BY aid");
    wire_message(&w, 'Q', &body);
    send_describe(&w, 'P', "cur");
    send_execute(&w, "cur", 2);
    send_execute(&w, "cur", 2);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'C', "BEGIN");
    skip_message(fd, 'C', "DECLARE CURSOR");
    expect_ready(fd, 'T', "DECLARE");
    skip_message(fd, 'T', "RowDescription of the cursor");
    expect_data_row(fd, "1", "first Execute");
    expect_data_row(fd, "2", "first Execute");
    skip_message(fd, 's', "PortalSuspended");
    expect_data_row(fd, "3", "second Execute");
    expect_data_row(fd, "4", "second Execute");
    skip_message(fd, 's', "PortalSuspended");
    expect_ready(fd, 'T', "Sync");

    body.length = 0;
    wire_string(&body, "FETCH NEXT FROM cur");
    wire_message(&w, 'Q', &body);
    send_execute(&w, "cur", 0);
    send_parse(&w, "", "SELECT 1");
    send_bind(&w, "cur", "", 0, NULL);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'T', "FETCH");
    expect_data_row(fd, "5", "FETCH after Execute");
    expect_complete(fd, "FETCH 1", "FETCH");
    expect_ready(fd, 'T', "FETCH");
    expect_complete(fd, "SELECT 0", "Execute at the end");
    skip_message(fd, '1', "ParseComplete");
    expect_error(fd, "42P03", "cursor \"cur\" already exists", "Bind to the cursor's name");
    expect_ready(fd, 'E', "Sync after the error");

    body.length = 0;
    wire_string(&body, "ROLLBACK");
    wire_message(&w, 'Q', &body);
    send_execute(&w, "cur", 0);
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, 'C', "ROLLBACK");
    expect_ready(fd, 'I', "ROLLBACK");
    expect_error(fd, "34000", "portal \"cur\" does not exist", "the cursor ended");
    expect_ready(fd, 'I', "Sync");

    /* A FETCH statement is described by its cursor: none yet, no rows (not an error). */
    send_parse(&w, "", "FETCH 1 FROM cur");
    send_describe(&w, 'S', "");
    send_empty(&w, 'S');
    flush_wire(fd, &w);
    skip_message(fd, '1', "ParseComplete of FETCH");
    skip_message(fd, 't', "ParameterDescription of FETCH");
    skip_message(fd, 'n', "NoData: no such cursor yet");
    expect_ready(fd, 'I', "Sync after Describe");
    close(fd);
}
END_TEST

static Suite *extended_suite(void)
{
    Suite *s = suite_create("extended");
    TCase *libpq = tcase_create("libpq");
    tcase_set_timeout(libpq, 60);
    tcase_add_checked_fixture(libpq, setup, teardown);
    tcase_add_test(libpq, prepare_describe_execute);
    tcase_add_test(libpq, parameter_types_inferred);
    tcase_add_test(libpq, exec_params_text_and_binary);
    tcase_add_test(libpq, binary_arrays);
    tcase_add_test(libpq, single_row_mode);
    tcase_add_test(libpq, pipeline_discards_until_sync);
    tcase_add_test(libpq, pipeline_writes);
    tcase_add_test(libpq, pipeline_of_100_with_a_failure);
    tcase_add_test(libpq, sql_prepare_shares_the_statement_table);
    tcase_add_test(libpq, dialect_statements_prepared);
    suite_add_tcase(s, libpq);
    TCase *raw = tcase_create("raw_messages");
    tcase_set_timeout(raw, 60);
    tcase_add_checked_fixture(raw, setup, teardown);
    tcase_add_test(raw, portal_row_limit_and_suspension);
    tcase_add_test(raw, flush_answers_without_sync);
    tcase_add_test(raw, unnamed_statement_lifetime);
    tcase_add_test(raw, malformed_messages);
    tcase_add_test(raw, closed_portals_and_statements);
    tcase_add_test(raw, declared_cursor_is_a_portal);
    suite_add_tcase(s, raw);
    return s;
}

int main(void)
{
    return pgt_run_suite(extended_suite(), NULL);
}
