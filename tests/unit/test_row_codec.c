/*
 * Unit tests for storage/row_codec.c: round trips for every column kind and for wide,
 * all-NULL and huge rows; schema evolution (rows written before ADD COLUMN); and
 * malformed input: every truncation of valid rows, random byte flips and hand-made bad
 * headers, each decoded from a buffer of exactly its length so that ASan reports any
 * read past the end.
 */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/row_codec.h"

#define N_ELEMS(array) (sizeof(array) / sizeof((array)[0]))

/* PostgreSQL's column limit: the widest row a table can have. */
#define WIDE_COLUMNS 1600

/* ---------------------------------------------------------------------------------- */
/* Helpers                                                                             */

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static uint64_t rng_below(uint64_t n)
{
    return rng_next() % n;
}

/* An encoded row in a malloc'd buffer of exactly its length. */
typedef struct encoded_row {
    uint8_t *bytes;
    size_t length;
} encoded_row;

static encoded_row encode_row(uint32_t version, const row_column_kind *kinds, int count,
                              const row_datum *datums)
{
    size_t size;
    ck_assert_int_eq(row_encoded_size(version, kinds, count, datums, &size), ROW_OK);
    encoded_row row = {malloc(size), 0};
    ck_assert_ptr_nonnull(row.bytes);
    ck_assert_int_eq(row_encode(version, kinds, count, datums, row.bytes, size, &row.length),
                     ROW_OK);
    ck_assert_uint_eq(row.length, size);
    return row;
}

/* An exact-length heap copy of the first `length` bytes (one byte for length 0, which
 * malloc may refuse; it is never read). */
static uint8_t *copy_prefix(const uint8_t *bytes, size_t length)
{
    uint8_t *copy = malloc(length == 0 ? 1 : length);
    ck_assert_ptr_nonnull(copy);
    if (length > 0)
        memcpy(copy, bytes, length);
    return copy;
}

/* The width a fixed value keeps: decode zero-extends the low bytes. */
static uint64_t fixed_mask(row_column_kind kind)
{
    switch (kind) {
    case ROW_FIXED_1:
        return 0xFF;
    case ROW_FIXED_2:
        return 0xFFFF;
    case ROW_FIXED_4:
        return 0xFFFFFFFF;
    default:
        return UINT64_MAX;
    }
}

static void check_datum(int column, row_column_kind kind, const row_datum *want,
                        const row_datum *got)
{
    ck_assert_msg(!got->is_absent, "column %d absent", column);
    ck_assert_msg(got->is_null == want->is_null, "column %d: is_null %d, want %d", column,
                  got->is_null, want->is_null);
    if (want->is_null)
        return;
    switch (kind) {
    case ROW_FIXED_16:
        ck_assert_msg(memcmp(got->bytes16, want->bytes16, 16) == 0, "column %d", column);
        break;
    case ROW_VARLEN:
        ck_assert_msg(got->var.length == want->var.length, "column %d: length %zu, want %zu",
                      column, got->var.length, want->var.length);
        ck_assert_msg(got->var.length == 0 ||
                          memcmp(got->var.data, want->var.data, want->var.length) == 0,
                      "column %d: bytes differ", column);
        break;
    default:
        ck_assert_msg(got->fixed == (want->fixed & fixed_mask(kind)),
                      "column %d: %llx, want %llx", column, (unsigned long long)got->fixed,
                      (unsigned long long)(want->fixed & fixed_mask(kind)));
        break;
    }
}

/* Encodes, decodes, compares every column, and checks that varlen values point into
 * the encoded bytes (no copies on decode). */
static void check_round_trip(uint32_t version, const row_column_kind *kinds, int count,
                             const row_datum *datums)
{
    encoded_row row = encode_row(version, kinds, count, datums);
    row_datum *got = calloc((size_t)count + 1, sizeof *got);
    ck_assert_ptr_nonnull(got);
    uint32_t got_version = 0;
    ck_assert_int_eq(row_decode(row.bytes, row.length, kinds, count, &got_version, got),
                     ROW_OK);
    ck_assert_uint_eq(got_version, version);
    for (int i = 0; i < count; i++) {
        check_datum(i, kinds[i], &datums[i], &got[i]);
        if (kinds[i] == ROW_VARLEN && !got[i].is_null)
            ck_assert(got[i].var.data >= row.bytes &&
                      got[i].var.data + got[i].var.length <= row.bytes + row.length);
    }
    free(got);
    free(row.bytes);
}

static row_datum fixed_datum(uint64_t v)
{
    return (row_datum){.fixed = v};
}

static row_datum var_datum(const void *data, size_t length)
{
    return (row_datum){.var = {data, length}};
}

static row_datum null_datum(void)
{
    return (row_datum){.is_null = true};
}

/* A row of `count` columns cycling through every kind, with random NULLs and values;
 * varlen values are slices of `pool` (at least 300 bytes). */
static void random_row(int count, row_column_kind *kinds, row_datum *datums,
                       const uint8_t *pool, int null_percent)
{
    for (int i = 0; i < count; i++) {
        kinds[i] = (row_column_kind)(i % (ROW_VARLEN + 1));
        if ((int)rng_below(100) < null_percent) {
            datums[i] = null_datum();
            continue;
        }
        if (kinds[i] == ROW_VARLEN) {
            size_t length = (size_t)rng_below(300);
            datums[i] = var_datum(pool + rng_below(300 - length + 1), length);
        } else if (kinds[i] == ROW_FIXED_16) {
            datums[i] = (row_datum){0};
            for (int b = 0; b < 16; b++)
                datums[i].bytes16[b] = (uint8_t)rng_next();
        } else {
            datums[i] = fixed_datum(rng_next() & fixed_mask(kinds[i]));
        }
    }
}

static uint8_t *make_pool(size_t length)
{
    uint8_t *pool = malloc(length);
    ck_assert_ptr_nonnull(pool);
    for (size_t i = 0; i < length; i++)
        pool[i] = (uint8_t)rng_next();
    return pool;
}

/* ---------------------------------------------------------------------------------- */
/* Round trips                                                                         */

START_TEST(every_kind_round_trips)
{
    static const uint8_t uuid[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                     0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
    const row_column_kind kinds[] = {ROW_FIXED_1, ROW_FIXED_2, ROW_FIXED_4, ROW_FIXED_8,
                                     ROW_FIXED_16, ROW_VARLEN};
    static const uint64_t fixed_values[] = {0, 1, 0x7F, 0x80, 0xFF, 0x8000, 0xFFFFFFFF,
                                            UINT64_MAX, UINT64_C(0x0123456789ABCDEF)};
    for (size_t v = 0; v < N_ELEMS(fixed_values); v++) {
        row_datum datums[6];
        for (int i = 0; i < 4; i++)
            datums[i] = fixed_datum(fixed_values[v]);
        datums[4] = (row_datum){0};
        memcpy(datums[4].bytes16, uuid, 16);
        datums[5] = var_datum("caf\xc3\xa9\0x", 7);
        check_round_trip((uint32_t)v, kinds, 6, datums);
    }
    /* A caller's sign-extended smallint keeps only its two bytes. */
    row_datum minus_five = fixed_datum((uint64_t)(int64_t)-5);
    const row_column_kind smallint[] = {ROW_FIXED_2};
    encoded_row row = encode_row(0, smallint, 1, &minus_five);
    row_datum got;
    uint32_t version;
    ck_assert_int_eq(row_decode(row.bytes, row.length, smallint, 1, &version, &got), ROW_OK);
    ck_assert_uint_eq(got.fixed, 0xFFFB);
    ck_assert_int_eq((int16_t)got.fixed, -5);
    free(row.bytes);
}
END_TEST

/* The layout written down in row_codec.h, byte for byte: a change to it breaks every
 * stored row, so it must be deliberate. */
START_TEST(layout_is_as_documented)
{
    const row_column_kind kinds[] = {ROW_FIXED_1, ROW_FIXED_4, ROW_VARLEN, ROW_FIXED_2,
                                     ROW_VARLEN};
    row_datum datums[] = {fixed_datum(0xAB), fixed_datum(0x01020304), var_datum("hi", 2),
                          null_datum(), var_datum("", 0)};
    static const uint8_t want[] = {
        0x83, 0x01,             /* schema version 131 */
        0x05,                   /* 5 columns */
        0x08,                   /* column 3 is NULL */
        0xAB,                   /* fixed: column 0 */
        0x04, 0x03, 0x02, 0x01, /* fixed: column 1, little-endian */
        0x02, 'h',  'i',        /* varlen: column 2 */
        0x00,                   /* varlen: column 4, empty */
    };
    encoded_row row = encode_row(131, kinds, 5, datums);
    ck_assert_uint_eq(row.length, sizeof want);
    ck_assert(memcmp(row.bytes, want, sizeof want) == 0);
    free(row.bytes);
}
END_TEST

START_TEST(wide_rows_round_trip)
{
    static row_column_kind kinds[WIDE_COLUMNS];
    static row_datum datums[WIDE_COLUMNS];
    rng_seed(11);
    uint8_t *pool = make_pool(300);
    static const int null_percents[] = {0, 10, 50, 90};
    for (size_t n = 0; n < N_ELEMS(null_percents); n++) {
        random_row(WIDE_COLUMNS, kinds, datums, pool, null_percents[n]);
        check_round_trip(7, kinds, WIDE_COLUMNS, datums);
    }
    /* Column counts around the bitmap's byte boundaries. */
    for (int count = 0; count <= 17; count++) {
        random_row(count, kinds, datums, pool, 30);
        check_round_trip(1, kinds, count, datums);
    }
    free(pool);
}
END_TEST

START_TEST(all_null_row)
{
    static row_column_kind kinds[WIDE_COLUMNS];
    static row_datum datums[WIDE_COLUMNS];
    for (int i = 0; i < WIDE_COLUMNS; i++) {
        kinds[i] = (row_column_kind)(i % (ROW_VARLEN + 1));
        datums[i] = null_datum();
    }
    size_t size;
    ck_assert_int_eq(row_encoded_size(0, kinds, WIDE_COLUMNS, datums, &size), ROW_OK);
    ck_assert_uint_eq(size, 1 + 2 + WIDE_COLUMNS / 8); /* version, count, bitmap only */
    check_round_trip(0, kinds, WIDE_COLUMNS, datums);
}
END_TEST

START_TEST(empty_row_and_empty_values)
{
    check_round_trip(3, NULL, 0, NULL);

    const row_column_kind kinds[] = {ROW_VARLEN, ROW_VARLEN, ROW_VARLEN};
    row_datum datums[] = {var_datum("", 0), var_datum(NULL, 0), null_datum()};
    check_round_trip(3, kinds, 3, datums);

    /* Empty and NULL stay distinct after decoding. */
    encoded_row row = encode_row(3, kinds, 3, datums);
    row_datum got[3];
    uint32_t version;
    ck_assert_int_eq(row_decode(row.bytes, row.length, kinds, 3, &version, got), ROW_OK);
    ck_assert(!got[0].is_null && got[0].var.length == 0 && got[0].var.data != NULL);
    ck_assert(!got[1].is_null && got[1].var.length == 0);
    ck_assert(got[2].is_null);
    free(row.bytes);
}
END_TEST

START_TEST(megabyte_values)
{
    rng_seed(12);
    size_t big = (size_t)1 << 20;
    uint8_t *pool = make_pool(big + 1);
    const row_column_kind kinds[] = {ROW_FIXED_8, ROW_VARLEN, ROW_VARLEN, ROW_VARLEN};
    row_datum datums[] = {fixed_datum(42), var_datum(pool, big), var_datum("x", 1),
                          var_datum(pool + 1, big)};
    check_round_trip(9, kinds, 4, datums);
    free(pool);
}
END_TEST

/* A varint length prefix grows by a byte at 128, 16384, ... */
START_TEST(varint_length_prefixes)
{
    static const struct {
        size_t length;
        size_t prefix;
    } cases[] = {{0, 1}, {127, 1}, {128, 2}, {16383, 2}, {16384, 3}};
    static uint8_t data[16384];
    const row_column_kind kinds[] = {ROW_VARLEN};
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        row_datum d = var_datum(data, cases[i].length);
        size_t size;
        ck_assert_int_eq(row_encoded_size(0, kinds, 1, &d, &size), ROW_OK);
        ck_assert_uint_eq(size, 3 + cases[i].prefix + cases[i].length);
        check_round_trip(0, kinds, 1, &d);
    }
    /* The schema version takes all 32 bits. */
    row_datum d = var_datum("v", 1);
    check_round_trip(UINT32_MAX, kinds, 1, &d);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Schema evolution                                                                    */

START_TEST(rows_written_before_add_column)
{
    const row_column_kind kinds[] = {ROW_FIXED_8, ROW_VARLEN, ROW_FIXED_4,
                                     /* added later: */ ROW_VARLEN, ROW_FIXED_16, ROW_FIXED_1};
    row_datum old_datums[] = {fixed_datum(1), var_datum("old", 3), null_datum()};
    encoded_row row = encode_row(1, kinds, 3, old_datums);

    uint32_t version;
    int stored;
    ck_assert_int_eq(row_read_header(row.bytes, row.length, &version, &stored), ROW_OK);
    ck_assert_uint_eq(version, 1);
    ck_assert_int_eq(stored, 3);

    row_datum got[6];
    ck_assert_int_eq(row_decode(row.bytes, row.length, kinds, 6, &version, got), ROW_OK);
    ck_assert_uint_eq(version, 1);
    for (int i = 0; i < 3; i++)
        check_datum(i, kinds[i], &old_datums[i], &got[i]);
    for (int i = 3; i < 6; i++)
        ck_assert_msg(got[i].is_absent && got[i].is_null, "column %d not absent", i);

    /* A reader whose schema is older than the row cannot place its extra columns. */
    ck_assert_int_eq(row_decode(row.bytes, row.length, kinds, 2, &version, got),
                     ROW_UNKNOWN_COLUMNS);
    free(row.bytes);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Malformed input                                                                     */

static void check_every_truncation_rejected(const row_column_kind *kinds, int count,
                                            const row_datum *datums)
{
    encoded_row row = encode_row(5, kinds, count, datums);
    row_datum *got = calloc((size_t)count + 1, sizeof *got);
    ck_assert_ptr_nonnull(got);
    for (size_t len = 0; len < row.length; len++) {
        uint8_t *copy = copy_prefix(row.bytes, len);
        uint32_t version;
        ck_assert_msg(row_decode(copy, len, kinds, count, &version, got) == ROW_MALFORMED,
                      "a prefix of %zu of %zu bytes was accepted", len, row.length);
        free(copy);
    }
    /* ...and one byte too many is refused as well. */
    uint8_t *longer = malloc(row.length + 1);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, row.bytes, row.length);
    longer[row.length] = 0;
    uint32_t version;
    ck_assert_int_eq(row_decode(longer, row.length + 1, kinds, count, &version, got),
                     ROW_MALFORMED);
    free(longer);
    free(got);
    free(row.bytes);
}

START_TEST(truncations_rejected)
{
    rng_seed(13);
    uint8_t *pool = make_pool(300);
    row_column_kind kinds[64];
    row_datum datums[64];
    static const int counts[] = {0, 1, 6, 9, 64};
    for (size_t c = 0; c < N_ELEMS(counts); c++) {
        for (int round = 0; round < 4; round++) {
            random_row(counts[c], kinds, datums, pool, round * 25);
            check_every_truncation_rejected(kinds, counts[c], datums);
        }
    }
    free(pool);
}
END_TEST

/* Whatever the bytes, decode either refuses them or returns values inside them. */
static void decode_must_stay_inside(const uint8_t *bytes, size_t length,
                                    const row_column_kind *kinds, int count, row_datum *got)
{
    uint32_t version;
    row_status st = row_decode(bytes, length, kinds, count, &version, got);
    ck_assert(st == ROW_OK || st == ROW_MALFORMED || st == ROW_UNKNOWN_COLUMNS);
    if (st != ROW_OK)
        return;
    for (int i = 0; i < count; i++)
        if (kinds[i] == ROW_VARLEN && !got[i].is_null)
            ck_assert(got[i].var.data >= bytes &&
                      got[i].var.length <= (size_t)(bytes + length - got[i].var.data));
}

START_TEST(random_byte_flips)
{
    rng_seed(14);
    uint8_t *pool = make_pool(300);
    row_column_kind kinds[40];
    row_datum datums[40], got[40];
    for (int round = 0; round < 40; round++) {
        int count = 1 + (int)rng_below(N_ELEMS(kinds));
        random_row(count, kinds, datums, pool, 20);
        /* Short varlen values, so that flips land in headers and prefixes often. */
        for (int i = 0; i < count; i++)
            if (kinds[i] == ROW_VARLEN && !datums[i].is_null)
                datums[i].var.length %= 20;
        encoded_row row = encode_row((uint32_t)rng_next(), kinds, count, datums);
        for (int flip = 0; flip < 250; flip++) {
            uint8_t *copy = copy_prefix(row.bytes, row.length);
            int nflips = 1 + (int)rng_below(3);
            for (int f = 0; f < nflips; f++)
                copy[rng_below(row.length)] ^= (uint8_t)(1 + rng_below(255));
            decode_must_stay_inside(copy, row.length, kinds, count, got);
            free(copy);
        }
        free(row.bytes);
    }
    /* Pure garbage of every small length. */
    for (size_t len = 0; len < 64; len++) {
        for (int round = 0; round < 50; round++) {
            uint8_t *garbage = malloc(len == 0 ? 1 : len);
            ck_assert_ptr_nonnull(garbage);
            for (size_t i = 0; i < len; i++)
                garbage[i] = (uint8_t)rng_next();
            random_row((int)N_ELEMS(kinds), kinds, datums, pool, 0);
            decode_must_stay_inside(garbage, len, kinds, (int)N_ELEMS(kinds), got);
            free(garbage);
        }
    }
    free(pool);
}
END_TEST

START_TEST(bad_headers_rejected)
{
    const row_column_kind kinds[] = {ROW_FIXED_1, ROW_FIXED_1, ROW_FIXED_1};
    static const struct {
        const char *why;
        uint8_t bytes[16];
        size_t length;
        row_status want;
    } cases[] = {
        {"empty", {0}, 0, ROW_MALFORMED},
        {"over-long version varint", {0x80, 0x00, 0x00, 0x00}, 4, ROW_MALFORMED},
        {"version over 32 bits", {0x80, 0x80, 0x80, 0x80, 0x10, 0x00, 0x00}, 7, ROW_MALFORMED},
        {"varint over 64 bits",
         {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x00, 0x00},
         12,
         ROW_MALFORMED},
        {"continuation bit in a varint's tenth byte",
         {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00},
         11,
         ROW_MALFORMED},
        {"column count over INT_MAX", {0x00, 0x80, 0x80, 0x80, 0x80, 0x08}, 6, ROW_MALFORMED},
        {"more columns than the schema", {0x00, 0x04, 0x0F}, 3, ROW_UNKNOWN_COLUMNS},
        {"null bit past the last column", {0x00, 0x03, 0x0F}, 3, ROW_MALFORMED},
        {"missing bitmap", {0x00, 0x03}, 2, ROW_MALFORMED},
        {"missing fixed value", {0x00, 0x03, 0x06}, 3, ROW_MALFORMED},
        {"trailing byte", {0x00, 0x03, 0x06, 0x01, 0x02}, 5, ROW_MALFORMED},
        {"valid: two NULLs and 0x01", {0x00, 0x03, 0x06, 0x01}, 4, ROW_OK},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t *copy = copy_prefix(cases[i].bytes, cases[i].length);
        row_datum got[3];
        uint32_t version;
        ck_assert_msg(row_decode(copy, cases[i].length, kinds, 3, &version, got) == cases[i].want,
                      "%s", cases[i].why);
        free(copy);
    }
    uint32_t version;
    int count;
    static const uint8_t over_long[] = {0x00, 0x80, 0x00};
    ck_assert_int_eq(row_read_header(over_long, sizeof over_long, &version, &count),
                     ROW_MALFORMED);
    ck_assert_int_eq(row_read_header(over_long, 1, &version, &count), ROW_MALFORMED);
}
END_TEST

START_TEST(bad_arguments_rejected)
{
    const row_column_kind good[] = {ROW_VARLEN};
    const row_column_kind bad_kind[] = {(row_column_kind)(ROW_VARLEN + 1)};
    row_datum d = var_datum("x", 1);
    row_datum null_data = var_datum(NULL, 3);
    size_t size;
    ck_assert_int_eq(row_encoded_size(0, good, -1, &d, &size), ROW_BAD_ARGUMENT);
    ck_assert_int_eq(row_encoded_size(0, bad_kind, 1, &d, &size), ROW_BAD_ARGUMENT);
    ck_assert_int_eq(row_encoded_size(0, good, 1, &null_data, &size), ROW_BAD_ARGUMENT);

    uint8_t out[16];
    size_t length;
    ck_assert_int_eq(row_encode(0, bad_kind, 1, &d, out, sizeof out, &length),
                     ROW_BAD_ARGUMENT);

    static const uint8_t row[] = {0x00, 0x01, 0x00, 0x01, 'x'};
    row_datum got;
    uint32_t version;
    ck_assert_int_eq(row_decode(row, sizeof row, good, -1, &version, &got), ROW_BAD_ARGUMENT);
    ck_assert_int_eq(row_decode(row, sizeof row, bad_kind, 1, &version, &got),
                     ROW_BAD_ARGUMENT);
    ck_assert_int_eq(row_decode(row, sizeof row, good, 1, &version, &got), ROW_OK);
}
END_TEST

START_TEST(small_buffer_left_untouched)
{
    const row_column_kind kinds[] = {ROW_FIXED_8, ROW_VARLEN};
    row_datum datums[] = {fixed_datum(7), var_datum("hello", 5)};
    size_t size;
    ck_assert_int_eq(row_encoded_size(0, kinds, 2, datums, &size), ROW_OK);
    uint8_t out[32];
    memset(out, 0xEE, sizeof out);
    size_t length = 0;
    ck_assert_int_eq(row_encode(0, kinds, 2, datums, out, size - 1, &length),
                     ROW_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(length, size);
    for (size_t i = 0; i < sizeof out; i++)
        ck_assert_int_eq(out[i], 0xEE);
    ck_assert_int_eq(row_encode(0, kinds, 2, datums, out, size, &length), ROW_OK);
    ck_assert_uint_eq(length, size);
}
END_TEST

/* Sizes that would wrap size_t are caught before anything is read or written (the data
 * pointers below are never dereferenced). */
START_TEST(impossible_sizes_rejected)
{
    const row_column_kind kinds[] = {ROW_VARLEN, ROW_VARLEN};
    static const uint8_t byte = 0;
    row_datum huge[] = {var_datum(&byte, SIZE_MAX / 2), var_datum(&byte, SIZE_MAX / 2)};
    size_t size;
    ck_assert_int_eq(row_encoded_size(0, kinds, 2, huge, &size), ROW_TOO_LARGE);
    row_datum whole = var_datum(&byte, SIZE_MAX);
    ck_assert_int_eq(row_encoded_size(0, kinds, 1, &whole, &size), ROW_TOO_LARGE);
    row_datum almost = var_datum(&byte, SIZE_MAX - 12);
    ck_assert_int_eq(row_encoded_size(0, kinds, 1, &almost, &size), ROW_TOO_LARGE);
}
END_TEST

static Suite *row_codec_suite(void)
{
    Suite *s = suite_create("row_codec");

    TCase *tc = tcase_create("round trips");
    tcase_add_test(tc, every_kind_round_trips);
    tcase_add_test(tc, layout_is_as_documented);
    tcase_add_test(tc, wide_rows_round_trip);
    tcase_add_test(tc, all_null_row);
    tcase_add_test(tc, empty_row_and_empty_values);
    tcase_add_test(tc, megabyte_values);
    tcase_add_test(tc, varint_length_prefixes);
    suite_add_tcase(s, tc);

    tc = tcase_create("schema evolution");
    tcase_add_test(tc, rows_written_before_add_column);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed input");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, truncations_rejected);
    tcase_add_test(tc, random_byte_flips);
    tcase_add_test(tc, bad_headers_rejected);
    tcase_add_test(tc, bad_arguments_rejected);
    tcase_add_test(tc, small_buffer_left_untouched);
    tcase_add_test(tc, impossible_sizes_rejected);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(row_codec_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
