/*
 * Unit tests for storage/key_encoding.c.
 *
 * The order tests compare against PostgreSQL itself: key_order_vectors.h holds random
 * values of every key column type with the rank a PostgreSQL 15 server gave them, and
 * sorting their encodings with memcmp (LevelDB's bytewise order) must reproduce those
 * ranks exactly, ties included. Seeded random property tests then compare many more
 * pairs against reference comparisons written here, and every decoder is fed every
 * truncation of valid keys.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "key_order_vectors.h"
#include "query/numeric.h"
#include "storage/key_encoding.h"

#define N_ELEMS(array) (sizeof(array) / sizeof((array)[0]))

/* ---------------------------------------------------------------------------------- */
/* Helpers                                                                             */

/* LevelDB's default comparator: memcmp over the common length, then shorter first. */
static int key_compare(const key_buffer *a, const key_buffer *b)
{
    size_t n = a->length < b->length ? a->length : b->length;
    int c = memcmp(a->bytes, b->bytes, n);
    if (c != 0)
        return c < 0 ? -1 : 1;
    if (a->length != b->length)
        return a->length < b->length ? -1 : 1;
    return 0;
}

static int sign_of(int c)
{
    return (c > 0) - (c < 0);
}

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

typedef struct ranked_key {
    const key_buffer *key;
    int rank;
    size_t index;
} ranked_key;

static int ranked_key_compare(const void *a, const void *b)
{
    const ranked_key *x = a, *y = b;
    return key_compare(x->key, y->key);
}

/* Sorts the keys with memcmp and checks the result against the expected ranks: each
 * neighbour either has a larger key and a larger rank, or an equal key and an equal
 * rank. Together with the sort this proves memcmp order == rank order for every pair. */
static void check_ranks(const char *what, const key_buffer *keys, const int *ranks, size_t n)
{
    ranked_key *sorted = calloc(n, sizeof *sorted);
    ck_assert_ptr_nonnull(sorted);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!keys[i].overflow, "%s: value %zu overflowed", what, i);
        sorted[i] = (ranked_key){&keys[i], ranks[i], i};
    }
    qsort(sorted, n, sizeof *sorted, ranked_key_compare);
    for (size_t i = 1; i < n; i++) {
        const ranked_key *a = &sorted[i - 1], *b = &sorted[i];
        if (key_compare(a->key, b->key) == 0)
            ck_assert_msg(a->rank == b->rank,
                          "%s: values %zu and %zu encode alike, ranks %d and %d", what,
                          a->index, b->index, a->rank, b->rank);
        else
            ck_assert_msg(a->rank < b->rank,
                          "%s: value %zu sorts before %zu, ranks %d and %d", what,
                          a->index, b->index, a->rank, b->rank);
    }
    free(sorted);
}

/* Ascending as encoded, then descending once every key is complemented. */
static void check_order_both_ways(const char *what, key_buffer *keys, const int *ranks,
                                  size_t n)
{
    check_ranks(what, keys, ranks, n);
    int *reversed = calloc(n, sizeof *reversed);
    ck_assert_ptr_nonnull(reversed);
    for (size_t i = 0; i < n; i++) {
        key_invert(&keys[i], 0);
        reversed[i] = -ranks[i];
    }
    check_ranks(what, keys, reversed, n);
    free(reversed);
}

static key_buffer *alloc_keys(size_t n)
{
    key_buffer *keys = calloc(n, sizeof *keys);
    ck_assert_ptr_nonnull(keys);
    for (size_t i = 0; i < n; i++)
        key_init(&keys[i]);
    return keys;
}

static int *alloc_ranks(size_t n)
{
    int *ranks = calloc(n, sizeof *ranks);
    ck_assert_ptr_nonnull(ranks);
    return ranks;
}

static double double_from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static uint64_t bits_of_double(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits;
}

static void append_kov_decimal(key_buffer *k, const struct kov_decimal_value *d)
{
    key_append_decimal(k, d->kind, d->negative, d->weight, d->digits, d->ndigits);
}

/* Every strict prefix of a valid encoding must be refused by its decoder. */
typedef bool (*decode_fn)(const uint8_t **p, const uint8_t *end);

static void check_truncations_rejected(const char *what, const key_buffer *k,
                                       decode_fn decode)
{
    for (size_t len = 0; len < k->length; len++) {
        /* A copy of exactly len bytes, so ASan catches a read past the end. */
        uint8_t *copy = malloc(len == 0 ? 1 : len);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, k->bytes, len);
        const uint8_t *p = copy;
        ck_assert_msg(!decode(&p, copy + len), "%s: prefix of %zu bytes accepted", what, len);
        free(copy);
    }
    const uint8_t *p = k->bytes;
    ck_assert_msg(decode(&p, k->bytes + k->length), "%s: full key refused", what);
    ck_assert_msg(p == k->bytes + k->length, "%s: full key not consumed", what);
}

static bool decode_int64(const uint8_t **p, const uint8_t *end)
{
    int64_t v;
    return key_read_int64(p, end, &v);
}

static bool decode_float64(const uint8_t **p, const uint8_t *end)
{
    double v;
    return key_read_float64(p, end, &v);
}

static bool decode_bytes(const uint8_t **p, const uint8_t *end)
{
    uint8_t out[KOV_BYTES_MAX_LENGTH];
    size_t n;
    return key_read_bytes(p, end, out, sizeof out, &n);
}

static bool decode_uuid(const uint8_t **p, const uint8_t *end)
{
    uint8_t out[16];
    return key_read_fixed(p, end, out, sizeof out);
}

static bool decode_decimal(const uint8_t **p, const uint8_t *end)
{
    int kind, weight, ndigits;
    bool negative;
    int16_t digits[KOV_DECIMAL_MAX_DIGITS];
    return key_read_decimal(p, end, &kind, &negative, &weight, digits, N_ELEMS(digits),
                            &ndigits);
}

/* ---------------------------------------------------------------------------------- */
/* Order against PostgreSQL                                                            */

START_TEST(order_int64)
{
    size_t n = N_ELEMS(kov_int64s);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        key_append_int64(&keys[i], kov_int64s[i].value);
        ranks[i] = kov_int64s[i].rank;

        int64_t back;
        const uint8_t *p = keys[i].bytes;
        ck_assert(key_read_int64(&p, p + keys[i].length, &back));
        ck_assert_int_eq(back, kov_int64s[i].value);
        check_truncations_rejected("int64", &keys[i], decode_int64);
    }
    check_order_both_ways("int64", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

/* The decoded double is the value encoded, except that -0 comes back as +0 and every NaN
 * as one NaN, which PostgreSQL cannot tell apart either. */
static void check_float64_round_trip(const key_buffer *k, double want)
{
    double back;
    const uint8_t *p = k->bytes;
    ck_assert(key_read_float64(&p, p + k->length, &back));
    if (isnan(want)) {
        ck_assert(isnan(back));
        return;
    }
    if (want == 0) {
        ck_assert(back == 0 && !signbit(back));
        return;
    }
    ck_assert_msg(bits_of_double(back) == bits_of_double(want), "%a came back as %a", want,
                  back);
}

START_TEST(order_float8)
{
    size_t n = N_ELEMS(kov_float8s);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        double v = double_from_bits(kov_float8s[i].bits);
        key_append_float64(&keys[i], v);
        ranks[i] = kov_float8s[i].rank;
        check_float64_round_trip(&keys[i], v);
        check_truncations_rejected("float8", &keys[i], decode_float64);
    }
    check_order_both_ways("float8", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

/* real columns go through the float64 encoder: widening keeps the order. */
START_TEST(order_float4)
{
    size_t n = N_ELEMS(kov_float4s);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        float f;
        memcpy(&f, &kov_float4s[i].bits, sizeof f);
        key_append_float64(&keys[i], (double)f);
        ranks[i] = kov_float4s[i].rank;
        check_float64_round_trip(&keys[i], (double)f);
    }
    check_order_both_ways("float4", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

START_TEST(order_bool)
{
    size_t n = N_ELEMS(kov_bools);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        key_append_bool(&keys[i], kov_bools[i].value);
        ranks[i] = kov_bools[i].rank;

        bool back;
        const uint8_t *p = keys[i].bytes;
        ck_assert(key_read_bool(&p, p + keys[i].length, &back));
        ck_assert(back == kov_bools[i].value);
    }
    check_order_both_ways("bool", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

static void check_bytes_order(const char *what, const struct kov_bytes *vectors, size_t n)
{
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        key_append_bytes(&keys[i], vectors[i].data, vectors[i].length);
        ranks[i] = vectors[i].rank;

        uint8_t back[KOV_BYTES_MAX_LENGTH];
        size_t length;
        const uint8_t *p = keys[i].bytes;
        ck_assert(key_read_bytes(&p, p + keys[i].length, back, sizeof back, &length));
        ck_assert_uint_eq(length, vectors[i].length);
        ck_assert(memcmp(back, vectors[i].data, length) == 0);
        check_truncations_rejected(what, &keys[i], decode_bytes);
    }
    check_order_both_ways(what, keys, ranks, n);
    free(keys);
    free(ranks);
}

START_TEST(order_text_c_collation)
{
    check_bytes_order("text", kov_texts, N_ELEMS(kov_texts));
}
END_TEST

START_TEST(order_bytea)
{
    check_bytes_order("bytea", kov_byteas, N_ELEMS(kov_byteas));
}
END_TEST

START_TEST(order_uuid)
{
    size_t n = N_ELEMS(kov_uuids);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        key_append_fixed(&keys[i], kov_uuids[i].bytes, 16);
        ranks[i] = kov_uuids[i].rank;
        ck_assert_uint_eq(keys[i].length, 16);

        uint8_t back[16];
        const uint8_t *p = keys[i].bytes;
        ck_assert(key_read_fixed(&p, p + keys[i].length, back, sizeof back));
        ck_assert(memcmp(back, kov_uuids[i].bytes, 16) == 0);
        check_truncations_rejected("uuid", &keys[i], decode_uuid);
    }
    check_order_both_ways("uuid", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

START_TEST(order_numeric)
{
    size_t n = N_ELEMS(kov_decimals);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        const struct kov_decimal_value *d = &kov_decimals[i].value;
        append_kov_decimal(&keys[i], d);
        ranks[i] = kov_decimals[i].rank;

        int kind, weight, ndigits;
        bool negative;
        int16_t digits[KOV_DECIMAL_MAX_DIGITS];
        const uint8_t *p = keys[i].bytes;
        ck_assert_msg(key_read_decimal(&p, p + keys[i].length, &kind, &negative, &weight,
                                       digits, N_ELEMS(digits), &ndigits),
                      "%s did not decode", d->text);
        ck_assert_int_eq(kind, d->kind);
        ck_assert(negative == d->negative);
        ck_assert_int_eq(weight, d->weight);
        ck_assert_int_eq(ndigits, d->ndigits);
        ck_assert(memcmp(digits, d->digits, (size_t)ndigits * sizeof digits[0]) == 0);
        check_truncations_rejected(d->text, &keys[i], decode_decimal);
    }
    check_order_both_ways("numeric", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

/* The vectors' decimal fields are what the query layer will pass: its parser must produce
 * the same kind, sign, weight and digits from the same text. */
START_TEST(numeric_fields_match_query_layer)
{
    arena *a = arena_create(4096);
    ck_assert_ptr_nonnull(a);
    for (size_t i = 0; i < N_ELEMS(kov_decimals); i++) {
        const struct kov_decimal_value *d = &kov_decimals[i].value;
        numeric num;
        ck_assert_int_eq(numeric_from_text(a, d->text, strlen(d->text), &num), NUMERIC_OK);
        ck_assert_msg((int)num.kind == d->kind && num.negative == d->negative &&
                          num.weight == d->weight && num.ndigits == d->ndigits,
                      "%s: fields differ from numeric_from_text", d->text);
        if (d->ndigits > 0) /* zero and the specials may have no digit array */
            ck_assert(memcmp(num.digits, d->digits,
                             (size_t)d->ndigits * sizeof d->digits[0]) == 0);
        arena_reset(a);
    }
    arena_destroy(a);
}
END_TEST

/* Several nullable columns in one key, one per ordering a column can have:
 * a ASC NULLS FIRST, b DESC NULLS FIRST, c ASC NULLS LAST, d DESC NULLS LAST. */
START_TEST(order_composite)
{
    size_t n = N_ELEMS(kov_composites);
    key_buffer *keys = alloc_keys(n);
    int *ranks = alloc_ranks(n);
    for (size_t i = 0; i < n; i++) {
        const struct kov_composite *row = &kov_composites[i];
        key_buffer *k = &keys[i];

        key_append_null_tag(k, row->a_null, false);
        if (!row->a_null)
            key_append_int64(k, row->a);

        size_t start = k->length;
        key_append_null_tag(k, row->b == NULL, true);
        if (row->b != NULL)
            key_append_bytes(k, row->b, row->b_length);
        key_invert(k, start);

        key_append_null_tag(k, row->c_null, true);
        if (!row->c_null)
            append_kov_decimal(k, &row->c);

        start = k->length;
        key_append_null_tag(k, row->d_null, false);
        if (!row->d_null)
            key_append_float64(k, double_from_bits(row->d_bits));
        key_invert(k, start);

        ranks[i] = row->rank;
    }
    check_order_both_ways("composite", keys, ranks, n);
    free(keys);
    free(ranks);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Random property tests against reference comparisons                                 */

#define PROPERTY_PAIRS 20000

static int64_t random_int64(void)
{
    /* Mostly small magnitudes, where neighbours share high bytes, plus the extremes. */
    switch (rng_below(8)) {
    case 0:
        return INT64_MIN + (int64_t)rng_below(3);
    case 1:
        return INT64_MAX - (int64_t)rng_below(3);
    case 2:
    case 3:
        return (int64_t)rng_below(512) - 256;
    default:
        return (int64_t)(rng_next() >> rng_below(64));
    }
}

START_TEST(property_int64)
{
    rng_seed(1);
    for (int i = 0; i < PROPERTY_PAIRS; i++) {
        int64_t a = random_int64(), b = rng_below(4) == 0 ? a : random_int64();
        key_buffer ka, kb;
        key_init(&ka);
        key_init(&kb);
        key_append_int64(&ka, a);
        key_append_int64(&kb, b);
        ck_assert_msg(key_compare(&ka, &kb) == (a > b) - (a < b), "%lld vs %lld",
                      (long long)a, (long long)b);
    }
}
END_TEST

static double random_double(void)
{
    static const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, DBL_MIN, -DBL_MIN,
                                      DBL_MAX, -DBL_MAX, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1.0,
                                      -1.0};
    switch (rng_below(6)) {
    case 0:
        return specials[rng_below(N_ELEMS(specials))];
    case 1: {
        /* NaN with a random payload and sign: all of them are one value to PostgreSQL. */
        uint64_t bits = UINT64_C(0x7FF0000000000000) | (rng_next() & UINT64_C(0x800FFFFFFFFFFFFF));
        bits |= 1; /* a non-zero mantissa, so not an infinity */
        return double_from_bits(bits);
    }
    case 2:
        /* Subnormals. */
        return double_from_bits((rng_next() & UINT64_C(0x800FFFFFFFFFFFFF)));
    default:
        return double_from_bits(rng_next());
    }
}

/* PostgreSQL's float8 comparison: NaN equals NaN and sorts above everything. */
static int pg_float_compare(double a, double b)
{
    if (isnan(a))
        return isnan(b) ? 0 : 1;
    if (isnan(b))
        return -1;
    return (a > b) - (a < b);
}

START_TEST(property_float64)
{
    rng_seed(2);
    for (int i = 0; i < PROPERTY_PAIRS; i++) {
        double a = random_double(), b = rng_below(8) == 0 ? a : random_double();
        key_buffer ka, kb;
        key_init(&ka);
        key_init(&kb);
        key_append_float64(&ka, a);
        key_append_float64(&kb, b);
        ck_assert_msg(key_compare(&ka, &kb) == pg_float_compare(a, b), "%a vs %a", a, b);
    }
}
END_TEST

static size_t random_bytes(uint8_t *out, size_t capacity)
{
    static const uint8_t alphabet[] = {0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF};
    size_t n = (size_t)rng_below(capacity + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[rng_below(N_ELEMS(alphabet))];
    return n;
}

/* C collation / bytea: bytewise, and a prefix before its extensions. */
static int bytes_compare(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c != 0)
        return sign_of(c);
    return (an > bn) - (an < bn);
}

START_TEST(property_bytes)
{
    rng_seed(3);
    for (int i = 0; i < PROPERTY_PAIRS; i++) {
        uint8_t a[6], b[6];
        size_t an = random_bytes(a, sizeof a);
        size_t bn = random_bytes(b, sizeof b);
        /* Followed by another column, as in a composite key: the terminator must keep
         * the order whatever comes next. */
        key_buffer ka, kb;
        key_init(&ka);
        key_init(&kb);
        key_append_bytes(&ka, a, an);
        key_append_int64(&ka, (int64_t)rng_next());
        key_append_bytes(&kb, b, bn);
        key_append_int64(&kb, (int64_t)rng_next());
        int want = bytes_compare(a, an, b, bn);
        if (want != 0)
            ck_assert_int_eq(key_compare(&ka, &kb), want);
    }
}
END_TEST

typedef struct test_decimal {
    int kind;
    bool negative;
    int weight;
    int ndigits;
    int16_t digits[6];
} test_decimal;

/* Raw fields as a caller might pass them, sometimes with leading or trailing zero
 * digits, which must not change the value. */
static test_decimal random_decimal(void)
{
    static const int16_t digit_choices[] = {0, 0, 1, 9, 10, 99, 100, 999, 1000, 9998, 9999};
    test_decimal d = {0};
    uint64_t r = rng_below(20);
    d.kind = r < 3 ? (int)r + 1 : KEY_DECIMAL_FINITE;
    d.negative = rng_below(2) == 0;
    d.weight = (int)rng_below(9) - 4;
    d.ndigits = (int)rng_below(N_ELEMS(d.digits) + 1);
    for (int i = 0; i < d.ndigits; i++)
        d.digits[i] = rng_below(3) == 0 ? (int16_t)rng_below(KEY_DECIMAL_BASE)
                                       : digit_choices[rng_below(N_ELEMS(digit_choices))];
    return d;
}

/* The digit of weight w (zero outside the stored digits). */
static int digit_at(const test_decimal *d, int w)
{
    int i = d->weight - w;
    return i >= 0 && i < d->ndigits ? d->digits[i] : 0;
}

static bool decimal_is_zero(const test_decimal *d)
{
    for (int i = 0; i < d->ndigits; i++)
        if (d->digits[i] != 0)
            return false;
    return true;
}

/* Numeric order by place value, independent of the encoder's normalising: -Infinity <
 * negatives < 0 < positives < Infinity < NaN. */
static int decimal_compare(const test_decimal *a, const test_decimal *b)
{
    static const int class_of_kind[] = {[KEY_DECIMAL_NINF] = 0, [KEY_DECIMAL_PINF] = 4,
                                        [KEY_DECIMAL_NAN] = 5};
    int ca, cb;
    ca = a->kind != KEY_DECIMAL_FINITE ? class_of_kind[a->kind]
         : decimal_is_zero(a)          ? 2
         : a->negative                 ? 1
                                       : 3;
    cb = b->kind != KEY_DECIMAL_FINITE ? class_of_kind[b->kind]
         : decimal_is_zero(b)          ? 2
         : b->negative                 ? 1
                                       : 3;
    if (ca != cb || (ca != 1 && ca != 3))
        return (ca > cb) - (ca < cb);
    int magnitude = 0;
    int high = a->weight > b->weight ? a->weight : b->weight;
    int low = a->weight - a->ndigits < b->weight - b->ndigits ? a->weight - a->ndigits
                                                            : b->weight - b->ndigits;
    for (int w = high; w > low && magnitude == 0; w--) {
        int x = digit_at(a, w), y = digit_at(b, w);
        magnitude = (x > y) - (x < y);
    }
    return ca == 1 ? -magnitude : magnitude;
}

START_TEST(property_decimal)
{
    rng_seed(4);
    for (int i = 0; i < PROPERTY_PAIRS; i++) {
        test_decimal a = random_decimal(), b = random_decimal();
        key_buffer ka, kb;
        key_init(&ka);
        key_init(&kb);
        key_append_decimal(&ka, a.kind, a.negative, a.weight, a.digits, a.ndigits);
        key_append_decimal(&kb, b.kind, b.negative, b.weight, b.digits, b.ndigits);
        ck_assert(!ka.overflow && !kb.overflow);
        ck_assert_int_eq(key_compare(&ka, &kb), decimal_compare(&a, &b));
    }
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Round trips and malformed input                                                     */

START_TEST(int64_and_uint64_round_trip)
{
    static const int64_t values[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX};
    for (size_t i = 0; i < N_ELEMS(values); i++) {
        key_buffer k;
        key_init(&k);
        key_append_int64(&k, values[i]);
        key_append_uint64(&k, (uint64_t)values[i]);
        const uint8_t *p = k.bytes, *end = k.bytes + k.length;
        int64_t s;
        uint64_t u;
        ck_assert(key_read_int64(&p, end, &s));
        ck_assert(key_read_uint64(&p, end, &u));
        ck_assert(p == end);
        ck_assert_int_eq(s, values[i]);
        ck_assert(u == (uint64_t)values[i]);
    }
    /* Big-endian with the sign bit flipped: 0 is 0x80 00 .. 00. */
    key_buffer k;
    key_init(&k);
    key_append_int64(&k, 0);
    static const uint8_t zero[8] = {0x80};
    ck_assert(k.length == 8 && memcmp(k.bytes, zero, 8) == 0);
}
END_TEST

START_TEST(null_tags)
{
    key_buffer first, value, last;
    key_init(&first);
    key_init(&value);
    key_init(&last);
    key_append_null_tag(&first, true, false);
    key_append_null_tag(&value, false, false);
    key_append_int64(&value, INT64_MIN);
    key_append_null_tag(&last, true, true);
    /* NULLS FIRST sorts before the smallest value, NULLS LAST after the largest. */
    ck_assert_int_lt(key_compare(&first, &value), 0);
    key_init(&value);
    key_append_null_tag(&value, false, true);
    key_append_int64(&value, INT64_MAX);
    ck_assert_int_lt(key_compare(&value, &last), 0);

    static const uint8_t tags[] = {KEY_TAG_NULL_FIRST, KEY_TAG_VALUE, KEY_TAG_NULL_LAST, 0x03,
                                   0xFF};
    for (size_t i = 0; i < N_ELEMS(tags); i++) {
        const uint8_t *p = &tags[i];
        bool is_null = false;
        bool ok = key_read_null_tag(&p, p + 1, &is_null);
        ck_assert(ok == (tags[i] <= KEY_TAG_NULL_LAST));
        if (ok) {
            ck_assert(p == &tags[i] + 1);
            ck_assert(is_null == (tags[i] != KEY_TAG_VALUE));
        }
    }
    const uint8_t *p = tags;
    bool is_null;
    ck_assert(!key_read_null_tag(&p, p, &is_null));
}
END_TEST

START_TEST(bool_rejects_other_bytes)
{
    static const uint8_t bytes[] = {0x02, 0xFF};
    bool v;
    for (size_t i = 0; i < N_ELEMS(bytes); i++) {
        const uint8_t *p = &bytes[i];
        ck_assert(!key_read_bool(&p, p + 1, &v));
    }
    const uint8_t *p = bytes;
    ck_assert(!key_read_bool(&p, p, &v));
}
END_TEST

START_TEST(float64_zero_and_nan_canonical)
{
    key_buffer pos, neg, nan1, nan2;
    key_init(&pos);
    key_init(&neg);
    key_init(&nan1);
    key_init(&nan2);
    key_append_float64(&pos, 0.0);
    key_append_float64(&neg, -0.0);
    key_append_float64(&nan1, NAN);
    key_append_float64(&nan2, double_from_bits(UINT64_C(0xFFF0000000000123)));
    ck_assert_int_eq(key_compare(&pos, &neg), 0);
    ck_assert_int_eq(key_compare(&nan1, &nan2), 0);
    check_float64_round_trip(&neg, -0.0);
    check_float64_round_trip(&nan2, NAN);
}
END_TEST

START_TEST(bytes_escaping_and_malformed)
{
    /* 0x00 escapes to 0x00 0xFF; the value ends with 0x00 0x01. */
    static const uint8_t value[] = {'a', 0x00, 0xFF};
    static const uint8_t want[] = {'a', 0x00, 0xFF, 0xFF, 0x00, 0x01};
    key_buffer k;
    key_init(&k);
    key_append_bytes(&k, value, sizeof value);
    ck_assert(k.length == sizeof want && memcmp(k.bytes, want, sizeof want) == 0);

    uint8_t out[3];
    size_t n;
    const uint8_t *p = k.bytes;
    ck_assert(!key_read_bytes(&p, k.bytes + k.length, out, 2, &n)); /* too small */
    p = k.bytes;
    ck_assert(key_read_bytes(&p, k.bytes + k.length, out, 3, &n));
    ck_assert(n == 3 && memcmp(out, value, 3) == 0);

    static const uint8_t bad_escape[] = {'a', 0x00, 0x02, 0x00, 0x01};
    p = bad_escape;
    ck_assert(!key_read_bytes(&p, bad_escape + sizeof bad_escape, out, sizeof out, &n));
}
END_TEST

START_TEST(fixed_round_trip)
{
    static const uint8_t uuid[16] = {0x00, 0xFF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
                                     0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0xFF};
    key_buffer k;
    key_init(&k);
    key_append_fixed(&k, uuid, sizeof uuid);
    ck_assert(k.length == 16 && memcmp(k.bytes, uuid, 16) == 0); /* raw, unescaped */
    check_truncations_rejected("uuid", &k, decode_uuid);
}
END_TEST

static void decimal_key(key_buffer *k, int kind, bool negative, int weight,
                        const int16_t *digits, int ndigits)
{
    key_init(k);
    key_append_decimal(k, kind, negative, weight, digits, ndigits);
}

START_TEST(decimal_normalises)
{
    key_buffer a, b;
    /* 12.34 as 0012 . 3400 0000 with a leading zero digit: same bytes as 12 . 3400. */
    static const int16_t plain[] = {12, 3400};
    static const int16_t padded[] = {0, 12, 3400, 0, 0};
    decimal_key(&a, KEY_DECIMAL_FINITE, false, 0, plain, 2);
    decimal_key(&b, KEY_DECIMAL_FINITE, false, 1, padded, 5);
    ck_assert_int_eq(key_compare(&a, &b), 0);

    /* Zero: every spelling, signed or not, is one key. */
    static const int16_t zeros[] = {0, 0};
    decimal_key(&a, KEY_DECIMAL_FINITE, false, 0, NULL, 0);
    decimal_key(&b, KEY_DECIMAL_FINITE, true, 7, zeros, 2);
    ck_assert_int_eq(key_compare(&a, &b), 0);

    /* The decoder hands back the normalised form. */
    int kind, weight, ndigits;
    bool negative;
    int16_t digits[4];
    decimal_key(&a, KEY_DECIMAL_FINITE, true, 1, padded, 5);
    const uint8_t *p = a.bytes;
    ck_assert(key_read_decimal(&p, a.bytes + a.length, &kind, &negative, &weight, digits, 4,
                               &ndigits));
    ck_assert(kind == KEY_DECIMAL_FINITE && negative && weight == 0 && ndigits == 2);
    ck_assert(digits[0] == 12 && digits[1] == 3400);
    /* ...and refuses a destination too small for the digits. */
    p = a.bytes;
    ck_assert(!key_read_decimal(&p, a.bytes + a.length, &kind, &negative, &weight, digits, 1,
                                &ndigits));
}
END_TEST

START_TEST(decimal_invalid_input_sets_overflow)
{
    key_buffer k;
    static const int16_t too_big[] = {1, 10000};
    static const int16_t negative_digit[] = {-1};
    static const int16_t leading_zero[] = {0, 1};
    decimal_key(&k, KEY_DECIMAL_FINITE, false, 0, too_big, 2);
    ck_assert(k.overflow);
    decimal_key(&k, KEY_DECIMAL_FINITE, false, 0, negative_digit, 1);
    ck_assert(k.overflow);
    decimal_key(&k, 4, false, 0, NULL, 0);
    ck_assert(k.overflow);
    decimal_key(&k, KEY_DECIMAL_FINITE, false, 0, NULL, -1);
    ck_assert(k.overflow);
    /* Stripping the leading zero digit would take the weight below int32. */
    decimal_key(&k, KEY_DECIMAL_FINITE, false, INT32_MIN, leading_zero, 2);
    ck_assert(k.overflow);
    decimal_key(&k, KEY_DECIMAL_FINITE, false, INT32_MIN, leading_zero + 1, 1);
    ck_assert(!k.overflow);
}
END_TEST

START_TEST(decimal_decoder_rejects_malformed)
{
    /* Positive class 0x05, weight 0 (0x80000000), then digit bodies. */
    static const uint8_t digit_too_big[] = {0x05, 0x80, 0, 0, 0, 0x28, 0x10, 0x00};
    static const uint8_t no_digits[] = {0x05, 0x80, 0, 0, 0, 0x00};
    static const uint8_t zero_last_digit[] = {0x05, 0x80, 0, 0, 0, 0x01, 0x01, 0x01, 0x00, 0x00};
    static const uint8_t zero_first_digit[] = {0x05, 0x80, 0, 0, 0, 0x01, 0x00, 0x01, 0x01, 0x00};
    static const uint8_t unknown_class[] = {0x08};
    static const uint8_t below_classes[] = {0x00};
    static const struct {
        const uint8_t *bytes;
        size_t length;
    } cases[] = {
        {digit_too_big, sizeof digit_too_big},
        {no_digits, sizeof no_digits},
        {zero_last_digit, sizeof zero_last_digit},
        {zero_first_digit, sizeof zero_first_digit},
        {unknown_class, sizeof unknown_class},
        {below_classes, sizeof below_classes},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        const uint8_t *p = cases[i].bytes;
        ck_assert_msg(!decode_decimal(&p, cases[i].bytes + cases[i].length), "case %zu", i);
    }
    /* The same body with valid digits decodes: the cases above fail for their reason. */
    static const uint8_t valid[] = {0x05, 0x80, 0, 0, 0, 0x01, 0x01, 0x00};
    const uint8_t *p = valid;
    ck_assert(decode_decimal(&p, valid + sizeof valid));
}
END_TEST

START_TEST(invert_only_touches_the_tail)
{
    key_buffer k;
    key_init(&k);
    key_append_byte(&k, 0x10);
    key_append_int64(&k, 5);
    key_invert(&k, 1);
    ck_assert_int_eq(k.bytes[0], 0x10);
    ck_assert_int_eq(k.bytes[1], 0x7F);     /* ~0x80 */
    ck_assert_int_eq(k.bytes[8], 0xFA);     /* ~0x05 */
    key_invert(&k, 1);                      /* its own inverse */
    const uint8_t *p = k.bytes + 1;
    int64_t v;
    ck_assert(key_read_int64(&p, k.bytes + k.length, &v));
    ck_assert_int_eq(v, 5);
    key_invert(&k, k.length + 1); /* past the end: nothing */
    ck_assert_int_eq(k.bytes[1], 0x80);
}
END_TEST

START_TEST(overflow_is_sticky)
{
    key_buffer k;
    key_init(&k);
    for (size_t i = 0; i < KEY_MAX_LENGTH - 4; i++)
        key_append_byte(&k, 0x42);
    ck_assert(!k.overflow);
    key_append_int64(&k, 1);
    ck_assert(k.overflow);
    ck_assert_uint_eq(k.length, KEY_MAX_LENGTH);
    key_append_byte(&k, 0x01);
    ck_assert(k.overflow);
    ck_assert_uint_eq(k.length, KEY_MAX_LENGTH);
}
END_TEST

START_TEST(prefix_successor)
{
    key_buffer prefix, next;
    key_init(&prefix);
    key_append_byte(&prefix, 'a');
    key_append_byte(&prefix, 0xFF);
    ck_assert(key_prefix_successor(&prefix, &next));
    ck_assert(next.length == 1 && next.bytes[0] == 'b');

    key_init(&prefix);
    key_append_byte(&prefix, 0xFF);
    key_append_byte(&prefix, 0xFF);
    ck_assert(!key_prefix_successor(&prefix, &next));
}
END_TEST

static Suite *key_encoding_suite(void)
{
    Suite *s = suite_create("key_encoding");

    TCase *tc = tcase_create("order against PostgreSQL");
    tcase_add_test(tc, order_int64);
    tcase_add_test(tc, order_float8);
    tcase_add_test(tc, order_float4);
    tcase_add_test(tc, order_bool);
    tcase_add_test(tc, order_text_c_collation);
    tcase_add_test(tc, order_bytea);
    tcase_add_test(tc, order_uuid);
    tcase_add_test(tc, order_numeric);
    tcase_add_test(tc, numeric_fields_match_query_layer);
    tcase_add_test(tc, order_composite);
    suite_add_tcase(s, tc);

    tc = tcase_create("random properties");
    tcase_add_test(tc, property_int64);
    tcase_add_test(tc, property_float64);
    tcase_add_test(tc, property_bytes);
    tcase_add_test(tc, property_decimal);
    suite_add_tcase(s, tc);

    tc = tcase_create("round trips and malformed input");
    tcase_add_test(tc, int64_and_uint64_round_trip);
    tcase_add_test(tc, null_tags);
    tcase_add_test(tc, bool_rejects_other_bytes);
    tcase_add_test(tc, float64_zero_and_nan_canonical);
    tcase_add_test(tc, bytes_escaping_and_malformed);
    tcase_add_test(tc, fixed_round_trip);
    tcase_add_test(tc, decimal_normalises);
    tcase_add_test(tc, decimal_invalid_input_sets_overflow);
    tcase_add_test(tc, decimal_decoder_rejects_malformed);
    tcase_add_test(tc, invert_only_touches_the_tail);
    tcase_add_test(tc, overflow_is_sticky);
    tcase_add_test(tc, prefix_successor);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(key_encoding_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
