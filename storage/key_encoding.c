#include "storage/key_encoding.h"

#include <math.h>
#include <string.h>

void key_init(key_buffer *k)
{
    k->length = 0;
    k->overflow = false;
}

void key_append_byte(key_buffer *k, uint8_t b)
{
    if (k->overflow || k->length == KEY_MAX_LENGTH) {
        k->overflow = true;
        return;
    }
    k->bytes[k->length++] = b;
}

void key_append_uint64(key_buffer *k, uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        key_append_byte(k, (uint8_t)(v >> shift));
}

void key_append_int64(key_buffer *k, int64_t v)
{
    key_append_uint64(k, (uint64_t)v ^ ((uint64_t)1 << 63));
}

void key_append_bytes(key_buffer *k, const void *data, size_t length)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < length; i++) {
        key_append_byte(k, p[i]);
        if (p[i] == 0x00)
            key_append_byte(k, 0xFF);
    }
    key_append_byte(k, 0x00);
    key_append_byte(k, 0x01);
}

void key_append_null_tag(key_buffer *k, bool is_null, bool nulls_last)
{
    if (!is_null)
        key_append_byte(k, KEY_TAG_VALUE);
    else
        key_append_byte(k, nulls_last ? KEY_TAG_NULL_LAST : KEY_TAG_NULL_FIRST);
}

void key_append_bool(key_buffer *k, bool v)
{
    key_append_byte(k, v ? 0x01 : 0x00);
}

/* The IEEE bit pattern, read as an unsigned integer, orders positive doubles correctly
 * and negative ones backwards. Setting the sign bit of positives and complementing
 * negatives makes the whole range ascend, with +Infinity (0x7FF0...) below the canonical
 * NaN (0x7FF8...), as PostgreSQL sorts them. */
void key_append_float64(key_buffer *k, double v)
{
    uint64_t bits;
    if (isnan(v))
        bits = UINT64_C(0x7FF8000000000000); /* PostgreSQL: all NaNs are equal */
    else if (v == 0)
        bits = 0; /* PostgreSQL: -0 = +0 */
    else
        memcpy(&bits, &v, sizeof bits);
    if (bits >> 63)
        bits = ~bits;
    else
        bits |= UINT64_C(1) << 63;
    key_append_uint64(k, bits);
}

void key_append_fixed(key_buffer *k, const void *data, size_t length)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < length; i++)
        key_append_byte(k, p[i]);
}

/*
 * Decimal layout: one class byte in numeric order; for a non-zero finite value then the
 * base-10000 weight (int32, sign flipped, big-endian), each digit as two big-endian bytes
 * holding digit + 0x0100 (so no digit starts with 0x00), and a 0x00 terminator. With no
 * leading zero digit, a larger weight means a larger magnitude; with no trailing zero
 * digit, the terminator makes a shorter digit string (a smaller magnitude) sort first.
 * A negative value complements everything after its class byte, reversing that order.
 */
enum {
    DECIMAL_CLASS_NINF = 0x02,
    DECIMAL_CLASS_NEGATIVE = 0x03,
    DECIMAL_CLASS_ZERO = 0x04,
    DECIMAL_CLASS_POSITIVE = 0x05,
    DECIMAL_CLASS_PINF = 0x06,
    DECIMAL_CLASS_NAN = 0x07,
};
#define DECIMAL_DIGIT_OFFSET 0x0100
#define DECIMAL_TERMINATOR 0x00

void key_append_decimal(key_buffer *k, int kind, bool negative, int weight,
                        const int16_t *digits, int ndigits)
{
    switch (kind) {
    case KEY_DECIMAL_NINF:
        key_append_byte(k, DECIMAL_CLASS_NINF);
        return;
    case KEY_DECIMAL_PINF:
        key_append_byte(k, DECIMAL_CLASS_PINF);
        return;
    case KEY_DECIMAL_NAN:
        key_append_byte(k, DECIMAL_CLASS_NAN);
        return;
    case KEY_DECIMAL_FINITE:
        break;
    default:
        k->overflow = true;
        return;
    }
    if (ndigits < 0) {
        k->overflow = true;
        return;
    }
    for (int i = 0; i < ndigits; i++) {
        if (digits[i] < 0 || digits[i] >= KEY_DECIMAL_BASE) {
            k->overflow = true;
            return;
        }
    }
    /* Normalise, so that every spelling of one number gives the same bytes. */
    int64_t w = weight;
    while (ndigits > 0 && digits[0] == 0) {
        digits++;
        ndigits--;
        w--;
    }
    while (ndigits > 0 && digits[ndigits - 1] == 0)
        ndigits--;
    if (ndigits == 0) {
        key_append_byte(k, DECIMAL_CLASS_ZERO);
        return;
    }
    if (w < INT32_MIN || w > INT32_MAX) {
        k->overflow = true;
        return;
    }

    key_append_byte(k, negative ? DECIMAL_CLASS_NEGATIVE : DECIMAL_CLASS_POSITIVE);
    size_t start = k->length;
    uint32_t flipped = (uint32_t)(int32_t)w ^ UINT32_C(0x80000000);
    for (int shift = 24; shift >= 0; shift -= 8)
        key_append_byte(k, (uint8_t)(flipped >> shift));
    for (int i = 0; i < ndigits; i++) {
        unsigned v = (unsigned)digits[i] + DECIMAL_DIGIT_OFFSET;
        key_append_byte(k, (uint8_t)(v >> 8));
        key_append_byte(k, (uint8_t)v);
    }
    key_append_byte(k, DECIMAL_TERMINATOR);
    if (negative)
        key_invert(k, start);
}

void key_invert(key_buffer *k, size_t from)
{
    /* After an overflow the bytes are meaningless anyway; only stay in bounds. */
    for (size_t i = from; i < k->length; i++)
        k->bytes[i] = (uint8_t)~k->bytes[i];
}

bool key_read_uint64(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    if (end - *p < 8)
        return false;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (*p)[i];
    *p += 8;
    *out = v;
    return true;
}

bool key_read_int64(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    uint64_t u;
    if (!key_read_uint64(p, end, &u))
        return false;
    *out = (int64_t)(u ^ ((uint64_t)1 << 63));
    return true;
}

bool key_read_bytes(const uint8_t **p, const uint8_t *end, uint8_t *out, size_t out_capacity,
                    size_t *out_length)
{
    const uint8_t *q = *p;
    size_t n = 0;
    while (q < end) {
        uint8_t b = *q++;
        if (b == 0x00) {
            if (q == end)
                return false;
            uint8_t next = *q++;
            if (next == 0x01) {
                *p = q;
                *out_length = n;
                return true;
            }
            if (next != 0xFF)
                return false;
        }
        if (n == out_capacity)
            return false;
        out[n++] = b;
    }
    return false;
}

bool key_read_null_tag(const uint8_t **p, const uint8_t *end, bool *is_null)
{
    if (*p == end)
        return false;
    uint8_t tag = **p;
    if (tag != KEY_TAG_NULL_FIRST && tag != KEY_TAG_VALUE && tag != KEY_TAG_NULL_LAST)
        return false;
    (*p)++;
    *is_null = tag != KEY_TAG_VALUE;
    return true;
}

bool key_read_bool(const uint8_t **p, const uint8_t *end, bool *out)
{
    if (*p == end || **p > 0x01)
        return false;
    *out = **p == 0x01;
    (*p)++;
    return true;
}

bool key_read_float64(const uint8_t **p, const uint8_t *end, double *out)
{
    uint64_t bits;
    if (!key_read_uint64(p, end, &bits))
        return false;
    if (bits >> 63)
        bits &= ~(UINT64_C(1) << 63);
    else
        bits = ~bits;
    memcpy(out, &bits, sizeof *out);
    return true;
}

bool key_read_fixed(const uint8_t **p, const uint8_t *end, void *out, size_t length)
{
    if ((size_t)(end - *p) < length)
        return false;
    memcpy(out, *p, length);
    *p += length;
    return true;
}

/* One byte of a decimal's body, complemented back when the value is negative. */
static bool read_decimal_byte(const uint8_t **p, const uint8_t *end, bool negative,
                              uint8_t *out)
{
    if (*p == end)
        return false;
    *out = negative ? (uint8_t)~**p : **p;
    (*p)++;
    return true;
}

bool key_read_decimal(const uint8_t **p, const uint8_t *end, int *kind, bool *negative,
                      int *weight, int16_t *digits, int digits_capacity, int *ndigits)
{
    if (*p == end)
        return false;
    uint8_t class = *(*p)++;
    *kind = KEY_DECIMAL_FINITE;
    *negative = false;
    *weight = 0;
    *ndigits = 0;
    switch (class) {
    case DECIMAL_CLASS_NINF:
        *kind = KEY_DECIMAL_NINF;
        return true;
    case DECIMAL_CLASS_PINF:
        *kind = KEY_DECIMAL_PINF;
        return true;
    case DECIMAL_CLASS_NAN:
        *kind = KEY_DECIMAL_NAN;
        return true;
    case DECIMAL_CLASS_ZERO:
        return true;
    case DECIMAL_CLASS_NEGATIVE:
    case DECIMAL_CLASS_POSITIVE:
        break;
    default:
        return false;
    }
    bool neg = class == DECIMAL_CLASS_NEGATIVE;

    uint32_t flipped = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t b;
        if (!read_decimal_byte(p, end, neg, &b))
            return false;
        flipped = (flipped << 8) | b;
    }
    int n = 0;
    for (;;) {
        uint8_t high, low;
        if (!read_decimal_byte(p, end, neg, &high))
            return false;
        if (high == DECIMAL_TERMINATOR)
            break;
        if (!read_decimal_byte(p, end, neg, &low))
            return false;
        unsigned v = ((unsigned)high << 8 | low) - DECIMAL_DIGIT_OFFSET;
        if (v >= KEY_DECIMAL_BASE || n == digits_capacity)
            return false;
        digits[n++] = (int16_t)v;
    }
    /* The encoder never writes an empty or unnormalised digit string. */
    if (n == 0 || digits[0] == 0 || digits[n - 1] == 0)
        return false;
    *negative = neg;
    *weight = (int32_t)(flipped ^ UINT32_C(0x80000000));
    *ndigits = n;
    return true;
}

bool key_prefix_successor(const key_buffer *prefix, key_buffer *out)
{
    *out = *prefix;
    while (out->length > 0) {
        if (out->bytes[out->length - 1] != 0xFF) {
            out->bytes[out->length - 1]++;
            return true;
        }
        out->length--;
    }
    return false;
}

uint64_t key_hash(const uint8_t *bytes, size_t length)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < length; i++)
        h = (h ^ bytes[i]) * 1099511628211ULL;
    return h;
}
