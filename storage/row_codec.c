#include "storage/row_codec.h"

#include <limits.h>
#include <string.h>

static bool kind_is_valid(row_column_kind kind)
{
    return (unsigned)kind <= ROW_VARLEN;
}

/* Bytes of a fixed-width column's value; 0 for ROW_VARLEN. */
static size_t fixed_width(row_column_kind kind)
{
    switch (kind) {
    case ROW_FIXED_1:
        return 1;
    case ROW_FIXED_2:
        return 2;
    case ROW_FIXED_4:
        return 4;
    case ROW_FIXED_8:
        return 8;
    case ROW_FIXED_16:
        return 16;
    case ROW_VARLEN:
        break;
    }
    return 0;
}

static size_t bitmap_bytes(int column_count)
{
    return ((size_t)column_count + 7) / 8;
}

static size_t varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static uint8_t *write_varint(uint8_t *out, uint64_t v)
{
    while (v >= 0x80) {
        *out++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *out++ = (uint8_t)v;
    return out;
}

/* Refuses truncated varints, values over 64 bits, and over-long forms (a final zero
 * group), so that every row has exactly one encoding. */
static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        if (*p == end)
            return false;
        uint8_t b = *(*p)++;
        /* The tenth byte holds only the 64th bit, so it also ends the varint. */
        if (shift == 63 && b > 1)
            return false;
        v |= (uint64_t)(b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
            if (b == 0 && shift > 0)
                return false;
            *out = v;
            return true;
        }
    }
}

/* Where the parts of an encoded row go: the fixed values start after the header and
 * the bitmap, the varlen values after fixed_bytes more. */
typedef struct row_layout {
    size_t header_bytes; /* both varints and the null bitmap */
    size_t fixed_bytes;
    size_t total_bytes;
} row_layout;

static row_status compute_layout(uint32_t schema_version, const row_column_kind *kinds,
                                 int column_count, const row_datum *datums, row_layout *out)
{
    if (column_count < 0)
        return ROW_BAD_ARGUMENT;
    size_t header = varint_size(schema_version) + varint_size((uint64_t)column_count) +
                    bitmap_bytes(column_count);
    size_t fixed = 0, var = 0;
    for (int i = 0; i < column_count; i++) {
        if (!kind_is_valid(kinds[i]))
            return ROW_BAD_ARGUMENT;
        const row_datum *d = &datums[i];
        if (d->is_null)
            continue;
        if (kinds[i] != ROW_VARLEN) {
            /* At most 16 bytes per column: with an int column count this cannot wrap a
             * 64-bit size_t, but a 32-bit one could, so check anyway. */
            if (fixed > SIZE_MAX - 16)
                return ROW_TOO_LARGE;
            fixed += fixed_width(kinds[i]);
            continue;
        }
        if (d->var.data == NULL && d->var.length > 0)
            return ROW_BAD_ARGUMENT;
        size_t prefix = varint_size(d->var.length);
        if (d->var.length > SIZE_MAX - prefix || var > SIZE_MAX - prefix - d->var.length)
            return ROW_TOO_LARGE;
        var += prefix + d->var.length;
    }
    if (fixed > SIZE_MAX - header || var > SIZE_MAX - header - fixed)
        return ROW_TOO_LARGE;
    out->header_bytes = header;
    out->fixed_bytes = fixed;
    out->total_bytes = header + fixed + var;
    return ROW_OK;
}

row_status row_encoded_size(uint32_t schema_version, const row_column_kind *kinds,
                            int column_count, const row_datum *datums, size_t *size)
{
    row_layout layout;
    row_status st = compute_layout(schema_version, kinds, column_count, datums, &layout);
    if (st == ROW_OK)
        *size = layout.total_bytes;
    return st;
}

row_status row_encode(uint32_t schema_version, const row_column_kind *kinds, int column_count,
                      const row_datum *datums, uint8_t *out, size_t capacity, size_t *length)
{
    row_layout layout;
    row_status st = compute_layout(schema_version, kinds, column_count, datums, &layout);
    if (st != ROW_OK)
        return st;
    *length = layout.total_bytes;
    if (capacity < layout.total_bytes)
        return ROW_BUFFER_TOO_SMALL;

    uint8_t *p = write_varint(out, schema_version);
    p = write_varint(p, (uint64_t)column_count);
    uint8_t *nulls = p;
    memset(nulls, 0, bitmap_bytes(column_count));
    uint8_t *fixed = out + layout.header_bytes;
    uint8_t *var = fixed + layout.fixed_bytes;
    for (int i = 0; i < column_count; i++) {
        const row_datum *d = &datums[i];
        if (d->is_null) {
            nulls[i / 8] |= (uint8_t)(1u << (i % 8));
            continue;
        }
        switch (kinds[i]) {
        case ROW_FIXED_16:
            memcpy(fixed, d->bytes16, 16);
            fixed += 16;
            break;
        case ROW_VARLEN:
            var = write_varint(var, d->var.length);
            if (d->var.length > 0)
                memcpy(var, d->var.data, d->var.length);
            var += d->var.length;
            break;
        default:
            for (size_t b = 0; b < fixed_width(kinds[i]); b++)
                *fixed++ = (uint8_t)(d->fixed >> (8 * b));
            break;
        }
    }
    return ROW_OK;
}

/* The two header varints, range-checked; *p is left at the null bitmap. */
static row_status read_header(const uint8_t **p, const uint8_t *end, uint32_t *schema_version,
                              int *column_count)
{
    uint64_t version, count;
    if (!read_varint(p, end, &version) || version > UINT32_MAX)
        return ROW_MALFORMED;
    if (!read_varint(p, end, &count) || count > INT_MAX)
        return ROW_MALFORMED;
    *schema_version = (uint32_t)version;
    *column_count = (int)count;
    return ROW_OK;
}

row_status row_read_header(const uint8_t *bytes, size_t length, uint32_t *schema_version,
                           int *column_count)
{
    const uint8_t *p = bytes;
    return read_header(&p, bytes + length, schema_version, column_count);
}

row_status row_decode(const uint8_t *bytes, size_t length, const row_column_kind *kinds,
                      int column_count, uint32_t *schema_version, row_datum *datums)
{
    if (column_count < 0)
        return ROW_BAD_ARGUMENT;
    for (int i = 0; i < column_count; i++)
        if (!kind_is_valid(kinds[i]))
            return ROW_BAD_ARGUMENT;

    const uint8_t *p = bytes, *end = bytes + length;
    uint32_t version;
    int stored;
    row_status st = read_header(&p, end, &version, &stored);
    if (st != ROW_OK)
        return st;
    if (stored > column_count)
        return ROW_UNKNOWN_COLUMNS;

    size_t nbitmap = bitmap_bytes(stored);
    if ((size_t)(end - p) < nbitmap)
        return ROW_MALFORMED;
    const uint8_t *nulls = p;
    p += nbitmap;
    /* The encoder leaves the bits past the last column clear. */
    if (stored % 8 != 0 && (nulls[nbitmap - 1] >> (stored % 8)) != 0)
        return ROW_MALFORMED;

    /* The varlen values start after the fixed ones, whose size the null bits decide. */
    size_t fixed_bytes = 0;
    for (int i = 0; i < stored; i++) {
        if (nulls[i / 8] & (1u << (i % 8)))
            continue;
        fixed_bytes += fixed_width(kinds[i]);
        if (fixed_bytes > (size_t)(end - p))
            return ROW_MALFORMED;
    }
    const uint8_t *fixed = p;
    const uint8_t *var = p + fixed_bytes;

    for (int i = 0; i < stored; i++) {
        row_datum *d = &datums[i];
        *d = (row_datum){.is_null = (nulls[i / 8] & (1u << (i % 8))) != 0};
        if (d->is_null)
            continue;
        switch (kinds[i]) {
        case ROW_FIXED_16:
            memcpy(d->bytes16, fixed, 16);
            fixed += 16;
            break;
        case ROW_VARLEN: {
            uint64_t n;
            if (!read_varint(&var, end, &n) || n > (uint64_t)(end - var))
                return ROW_MALFORMED;
            d->var.data = var;
            d->var.length = (size_t)n;
            var += n;
            break;
        }
        default:
            for (size_t b = 0; b < fixed_width(kinds[i]); b++)
                d->fixed |= (uint64_t)*fixed++ << (8 * b);
            break;
        }
    }
    if (var != end)
        return ROW_MALFORMED;
    for (int i = stored; i < column_count; i++)
        datums[i] = (row_datum){.is_null = true, .is_absent = true};
    *schema_version = version;
    return ROW_OK;
}
