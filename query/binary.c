#include "query/binary.h"

#include <stdio.h>
#include <string.h>

#include "query/array.h"
#include "query/json.h"

/* PostgreSQL's limits on what binary input may hold. */
#define DATE_MIN_DAYS INT32_C(-2451545)          /* 4714-11-24 BC */
#define DATE_END_DAYS INT32_C(2145031949)        /* first day past 5874897-12-31 */
#define TIMESTAMP_MIN INT64_C(-211813488000000000)
#define TIMESTAMP_END INT64_C(9223371331200000000)
#define NUMERIC_MAX_EXTERNAL_DIGITS 3000
#define NUMERIC_DSCALE_MASK 0x3FFF
#define NUMERIC_SIGN_POSITIVE 0x0000
#define NUMERIC_SIGN_NEGATIVE 0x4000
#define NUMERIC_SIGN_NAN 0xC000
#define NUMERIC_SIGN_PINF 0xD000
#define NUMERIC_SIGN_NINF 0xF000
#define NAME_MAX_LENGTH 64 /* NAMEDATALEN */
#define JSONB_VERSION 1     /* jsonb's binary form: this byte, then the text */

bool binary_supported(uint32_t type)
{
    switch (type) {
    case TYPE_BOOL:
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE:
    case TYPE_CHAR:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
    case TYPE_NUMERIC:
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_BYTEA:
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
    case TYPE_UUID:
    case TYPE_JSON:
    case TYPE_JSONB:
    case TYPE_VOID:
        return true;
    default:
        return type_is_array(type);
    }
}

bool binary_unsupported(query_context *ctx, uint32_t type)
{
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                      "feature not supported: binary format for type %s", type_display_name(type));
}

static void put_16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put_32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

static void put_64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}

static uint16_t get_16(const uint8_t *p)
{
    return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static uint32_t get_32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_64(const uint8_t *p)
{
    return (uint64_t)get_32(p) << 32 | get_32(p + 4);
}

static bool numeric_to_binary(query_context *ctx, const numeric *n, const uint8_t **out,
                              size_t *length)
{
    int ndigits = n->kind == NUMERIC_FINITE ? n->ndigits : 0;
    size_t size = 8 + 2 * (size_t)ndigits;
    uint8_t *p = arena_alloc(ctx->arena, size);
    if (p == NULL)
        return query_fail_no_memory(ctx);
    uint16_t sign = NUMERIC_SIGN_POSITIVE;
    switch (n->kind) {
    case NUMERIC_NAN:
        sign = NUMERIC_SIGN_NAN;
        break;
    case NUMERIC_PINF:
        sign = NUMERIC_SIGN_PINF;
        break;
    case NUMERIC_NINF:
        sign = NUMERIC_SIGN_NINF;
        break;
    case NUMERIC_FINITE:
        sign = n->negative ? NUMERIC_SIGN_NEGATIVE : NUMERIC_SIGN_POSITIVE;
        break;
    }
    bool finite = n->kind == NUMERIC_FINITE;
    put_16(p, (uint16_t)ndigits);
    put_16(p + 2, (uint16_t)(finite ? n->weight : 0));
    put_16(p + 4, sign);
    put_16(p + 6, (uint16_t)(finite ? n->dscale : 0));
    for (int i = 0; i < ndigits; i++)
        put_16(p + 8 + 2 * i, (uint16_t)n->digits[i]);
    *out = p;
    *length = size;
    return true;
}

/* array_send: ndim, has-null flag, element type, then (size, lower bound) per dimension
 * and each element as a length (-1 for NULL) and its binary form. */
static bool array_to_binary(query_context *ctx, const value *v, const uint8_t **out,
                            size_t *length)
{
    const array_value *a = v->as.array;
    const uint8_t **parts = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *parts);
    size_t *part_lengths = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *part_lengths);
    if (parts == NULL || part_lengths == NULL)
        return query_fail_no_memory(ctx);
    size_t total = 12 + (a->count > 0 ? 8 : 0);
    bool has_null = false;
    for (int i = 0; i < a->count; i++) {
        const value *e = &a->elements[i];
        total += 4;
        if (e->is_null) {
            has_null = true;
            continue;
        }
        uint8_t buffer[BINARY_BUFFER];
        if (!value_to_binary(ctx, e, buffer, &parts[i], &part_lengths[i]))
            return false;
        if (parts[i] == buffer) {
            uint8_t *copy = arena_alloc(ctx->arena, part_lengths[i] + 1);
            if (copy == NULL)
                return query_fail_no_memory(ctx);
            memcpy(copy, buffer, part_lengths[i]);
            parts[i] = copy;
        }
        total += part_lengths[i];
    }
    uint8_t *p = arena_alloc(ctx->arena, total);
    if (p == NULL)
        return query_fail_no_memory(ctx);
    put_32(p, a->count > 0 ? 1 : 0);
    put_32(p + 4, has_null ? 1 : 0);
    put_32(p + 8, a->element_type);
    size_t used = 12;
    if (a->count > 0) {
        put_32(p + 12, (uint32_t)a->count);
        put_32(p + 16, (uint32_t)a->lower_bound);
        used = 20;
    }
    for (int i = 0; i < a->count; i++) {
        if (a->elements[i].is_null) {
            put_32(p + used, UINT32_MAX);
            used += 4;
            continue;
        }
        put_32(p + used, (uint32_t)part_lengths[i]);
        if (part_lengths[i] > 0)
            memcpy(p + used + 4, parts[i], part_lengths[i]);
        used += 4 + part_lengths[i];
    }
    *out = p;
    *length = used;
    return true;
}

bool value_to_binary(query_context *ctx, const value *v, uint8_t buffer[BINARY_BUFFER],
                     const uint8_t **out, size_t *length)
{
    *out = buffer;
    switch (v->type) {
    case TYPE_BOOL:
        buffer[0] = v->as.boolean ? 1 : 0;
        *length = 1;
        return true;
    case TYPE_INT2:
        put_16(buffer, (uint16_t)v->as.integer);
        *length = 2;
        return true;
    case TYPE_INT4:
    case TYPE_OID:
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE:
    case TYPE_DATE:
        put_32(buffer, (uint32_t)v->as.integer);
        *length = 4;
        return true;
    case TYPE_CHAR:
        /* One byte; the empty "char" is the zero byte. */
        buffer[0] = v->as.text.length > 0 ? (uint8_t)v->as.text.data[0] : 0;
        *length = 1;
        return true;
    case TYPE_INT8:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        put_64(buffer, (uint64_t)v->as.integer);
        *length = 8;
        return true;
    case TYPE_FLOAT4: {
        float f = (float)v->as.real;
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        put_32(buffer, bits);
        *length = 4;
        return true;
    }
    case TYPE_FLOAT8: {
        uint64_t bits;
        memcpy(&bits, &v->as.real, sizeof bits);
        put_64(buffer, bits);
        *length = 8;
        return true;
    }
    case TYPE_INTERVAL:
        put_64(buffer, (uint64_t)v->as.interval.time);
        put_32(buffer + 8, (uint32_t)v->as.interval.day);
        put_32(buffer + 12, (uint32_t)v->as.interval.month);
        *length = 16;
        return true;
    case TYPE_UUID:
        if (!uuid_parse(v->as.text.data, v->as.text.length, buffer))
            return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "invalid uuid value");
        *length = UUID_BYTES;
        return true;
    case TYPE_NUMERIC:
        return numeric_to_binary(ctx, &v->as.number, out, length);
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_BYTEA:
    case TYPE_JSON:
    case TYPE_VOID:
        *out = (const uint8_t *)v->as.text.data;
        *length = v->as.text.length;
        return true;
    case TYPE_JSONB: {
        uint8_t *p = arena_alloc(ctx->arena, v->as.text.length + 1);
        if (p == NULL)
            return query_fail_no_memory(ctx);
        p[0] = JSONB_VERSION;
        memcpy(p + 1, v->as.text.data, v->as.text.length);
        *out = p;
        *length = v->as.text.length + 1;
        return true;
    }
    default:
        if (type_is_array(v->type))
            return array_to_binary(ctx, v, out, length);
        return binary_unsupported(ctx, v->type);
    }
}

/* The length PostgreSQL's pg_utf8_mblen gives a sequence from its first byte. */
static size_t utf8_sequence_length(uint8_t first)
{
    if (first < 0x80)
        return 1;
    if ((first & 0xE0) == 0xC0)
        return 2;
    if ((first & 0xF0) == 0xE0)
        return 3;
    if ((first & 0xF8) == 0xF0)
        return 4;
    return 1;
}

static bool utf8_sequence_valid(const uint8_t *s, size_t n)
{
    uint8_t a = s[0];
    if (n == 1)
        return a > 0 && a < 0x80;
    uint8_t b = s[1];
    switch (n) {
    case 2:
        return a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF;
    case 3:
        if ((a == 0xE0 && (b < 0xA0 || b > 0xBF)) || (a == 0xED && (b < 0x80 || b > 0x9F)) ||
            ((a != 0xE0 && a != 0xED) && (b < 0x80 || b > 0xBF)))
            return false;
        return s[2] >= 0x80 && s[2] <= 0xBF;
    case 4:
        if (a > 0xF4 || (a == 0xF0 && (b < 0x90 || b > 0xBF)) ||
            (a == 0xF4 && (b < 0x80 || b > 0x8F)) || (a != 0xF0 && a != 0xF4 && (b < 0x80 || b > 0xBF)))
            return false;
        return s[2] >= 0x80 && s[2] <= 0xBF && s[3] >= 0x80 && s[3] <= 0xBF;
    default:
        return false;
    }
}

bool binary_check_utf8(query_context *ctx, const char *text, size_t length)
{
    const uint8_t *s = (const uint8_t *)text;
    for (size_t i = 0; i < length;) {
        size_t n = utf8_sequence_length(s[i]);
        if (s[i] < 0x80 && s[i] != 0) {
            i++;
            continue;
        }
        if (n <= length - i && utf8_sequence_valid(s + i, n)) {
            i += n;
            continue;
        }
        size_t shown = n <= length - i ? n : length - i;
        char bytes[4 * 5 + 1] = "";
        size_t used = 0;
        for (size_t k = 0; k < shown; k++)
            used += (size_t)snprintf(bytes + used, sizeof bytes - used, "%s0x%02x", k > 0 ? " " : "",
                                     s[i + k]);
        return query_fail(ctx, "22021", -1, "invalid byte sequence for encoding \"UTF8\": %s",
                          bytes);
    }
    return true;
}

static bool numeric_from_binary(query_context *ctx, const uint8_t *data, size_t length,
                                int number, value *out)
{
    if (length < 8)
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "insufficient data left in message");
    int ndigits = (int16_t)get_16(data);
    int weight = (int16_t)get_16(data + 2);
    uint16_t sign = get_16(data + 4);
    uint16_t dscale = get_16(data + 6);
    if (ndigits < 0 || ndigits > NUMERIC_MAX_EXTERNAL_DIGITS)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "invalid length in external \"numeric\" value");
    if (sign != NUMERIC_SIGN_POSITIVE && sign != NUMERIC_SIGN_NEGATIVE && sign != NUMERIC_SIGN_NAN &&
        sign != NUMERIC_SIGN_PINF && sign != NUMERIC_SIGN_NINF)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "invalid sign in external \"numeric\" value");
    if ((dscale & NUMERIC_DSCALE_MASK) != dscale)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "invalid scale in external \"numeric\" value");
    if (length < 8 + 2 * (size_t)ndigits)
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "insufficient data left in message");
    if (length > 8 + 2 * (size_t)ndigits)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "incorrect binary data format in bind parameter %d", number);
    int16_t *digits = arena_alloc(ctx->arena, (size_t)(ndigits + 1) * sizeof *digits);
    if (digits == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < ndigits; i++) {
        digits[i] = (int16_t)get_16(data + 8 + 2 * i);
        if (digits[i] < 0 || digits[i] >= NUMERIC_BASE)
            return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                              "invalid digit in external \"numeric\" value");
    }
    *out = value_null(TYPE_NUMERIC);
    out->is_null = false;
    numeric n = {.kind = NUMERIC_FINITE, .dscale = dscale};
    if (sign == NUMERIC_SIGN_NAN || sign == NUMERIC_SIGN_PINF || sign == NUMERIC_SIGN_NINF) {
        n.kind = sign == NUMERIC_SIGN_NAN    ? NUMERIC_NAN
                 : sign == NUMERIC_SIGN_PINF ? NUMERIC_PINF
                                             : NUMERIC_NINF;
        n.dscale = 0;
        out->as.number = n;
        return true;
    }
    /* Our numerics carry no leading or trailing zero digits. */
    int first = 0, count = ndigits;
    while (count > 0 && digits[first] == 0) {
        first++;
        count--;
        weight--;
    }
    while (count > 0 && digits[first + count - 1] == 0)
        count--;
    n.negative = count > 0 && sign == NUMERIC_SIGN_NEGATIVE;
    n.weight = count > 0 ? weight : 0;
    n.ndigits = count;
    n.digits = digits + first;
    /* Digits past the display scale are dropped, as numeric_recv's trunc_var does. */
    if (numeric_trunc(ctx->arena, &n, dscale, &out->as.number) != NUMERIC_OK)
        return query_fail_no_memory(ctx);
    return true;
}

/* json is its text; jsonb a version byte, then its text. Both are parsed as input. */
static bool json_from_binary(query_context *ctx, uint32_t type, const uint8_t *data,
                             size_t length, value *out)
{
    if (type == TYPE_JSONB) {
        if (length < 1)
            return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                              "insufficient data left in message");
        if (data[0] != JSONB_VERSION)
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1,
                              "unsupported jsonb version number %d", data[0]);
        data++;
        length--;
    }
    if (!binary_check_utf8(ctx, (const char *)data, length))
        return false;
    char *copy = arena_strndup(ctx->arena, (const char *)data, length);
    return copy != NULL ? json_from_text(ctx, type, copy, length, -1, out)
                        : query_fail_no_memory(ctx);
}

/* A receive function read `used` bytes of `length`: PostgreSQL's two complaints. number
 * is the bind parameter, or minus the element's position inside an array. */
static bool exact_length(query_context *ctx, size_t used, size_t length, int number)
{
    if (length < used)
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "insufficient data left in message");
    if (length > used && number < 0)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "improper binary format in array element %d", -number);
    if (length > used)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "incorrect binary data format in bind parameter %d", number);
    return true;
}

/* array_recv, for one-dimensional (or empty) arrays of the expected element type. */
static bool array_from_binary(query_context *ctx, uint32_t type, const uint8_t *data,
                              size_t length, int number, value *out)
{
    if (length < 12)
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "insufficient data left in message");
    int32_t dimensions = (int32_t)get_32(data);
    uint32_t flags = get_32(data + 4), element_type = get_32(data + 8);
    uint32_t expected = type_array_element(type);
    if (dimensions < 0)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "invalid number of dimensions: %d", dimensions);
    if (dimensions > 6)
        return query_fail(ctx, "54000", -1,
                          "number of array dimensions (%d) exceeds the maximum allowed (6)",
                          dimensions);
    if (flags != 0 && flags != 1)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1, "invalid array flags");
    if (element_type != expected)
        return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                          "binary data has array element type %u (%s) instead of expected %u (%s)",
                          element_type, type_display_name(element_type), expected,
                          type_display_name(expected));
    if (dimensions > 1)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "feature not supported: multidimensional arrays");
    int64_t count = 0, lower_bound = 1;
    size_t used = 12;
    if (dimensions == 1) {
        if (length < 20)
            return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                              "insufficient data left in message");
        count = (int32_t)get_32(data + 12);
        lower_bound = (int32_t)get_32(data + 16);
        used = 20;
        if (count < 0 || count > ARRAY_MAX_ELEMENTS)
            return query_fail(ctx, "54000", -1, "array size exceeds the maximum allowed (%d)",
                              ARRAY_MAX_ELEMENTS);
        if (lower_bound + count - 1 > INT32_MAX)
            return query_fail(ctx, "54000", -1, "array lower bound is too large: %d",
                              (int)lower_bound);
    }
    /* Each element takes at least its 4-byte length. */
    if ((size_t)count > (length - used) / 4)
        return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                          "insufficient data left in message");
    array_value *a = array_new(ctx, expected, (int)count);
    if (a == NULL)
        return false;
    a->lower_bound = count > 0 ? (int)lower_bound : 1;
    for (int i = 0; i < count; i++) {
        if (length - used < 4)
            return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                              "insufficient data left in message");
        int32_t item_length = (int32_t)get_32(data + used);
        used += 4;
        if (item_length < -1 || (item_length > 0 && (size_t)item_length > length - used))
            return query_fail(ctx, SQLSTATE_INVALID_BINARY_REPRESENTATION, -1,
                              "insufficient data left in message");
        if (item_length == -1) {
            a->elements[i] = value_null(expected);
            continue;
        }
        if (!value_from_binary(ctx, expected, data + used, (size_t)item_length, -(i + 1),
                               &a->elements[i]))
            return false;
        used += (size_t)item_length;
    }
    if (!exact_length(ctx, used, length, number))
        return false;
    *out = value_array(a);
    return true;
}

bool value_from_binary(query_context *ctx, uint32_t type, const uint8_t *data, size_t length,
                       int number, value *out)
{
    *out = value_null(type);
    out->is_null = false;
    switch (type) {
    case TYPE_BOOL:
        if (!exact_length(ctx, 1, length, number))
            return false;
        out->as.boolean = data[0] != 0;
        return true;
    case TYPE_INT2:
        if (!exact_length(ctx, 2, length, number))
            return false;
        out->as.integer = (int16_t)get_16(data);
        return true;
    case TYPE_INT4:
        if (!exact_length(ctx, 4, length, number))
            return false;
        out->as.integer = (int32_t)get_32(data);
        return true;
    case TYPE_OID:
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE:
        if (!exact_length(ctx, 4, length, number))
            return false;
        out->as.integer = get_32(data);
        return true;
    case TYPE_CHAR: {
        if (!exact_length(ctx, 1, length, number))
            return false;
        char *byte = arena_alloc(ctx->arena, 1);
        if (byte == NULL)
            return query_fail_no_memory(ctx);
        *byte = (char)data[0];
        *out = value_text(TYPE_CHAR, byte, data[0] != 0 ? 1 : 0);
        return true;
    }
    case TYPE_INT8:
        if (!exact_length(ctx, 8, length, number))
            return false;
        out->as.integer = (int64_t)get_64(data);
        return true;
    case TYPE_FLOAT4: {
        if (!exact_length(ctx, 4, length, number))
            return false;
        uint32_t bits = get_32(data);
        float f;
        memcpy(&f, &bits, sizeof f);
        out->as.real = f;
        return true;
    }
    case TYPE_FLOAT8: {
        if (!exact_length(ctx, 8, length, number))
            return false;
        uint64_t bits = get_64(data);
        memcpy(&out->as.real, &bits, sizeof bits);
        return true;
    }
    case TYPE_DATE: {
        if (!exact_length(ctx, 4, length, number))
            return false;
        int32_t days = (int32_t)get_32(data);
        if (days != DT_DATE_NOBEGIN && days != DT_DATE_NOEND &&
            (days < DATE_MIN_DAYS || days >= DATE_END_DAYS))
            return query_fail(ctx, "22008", -1, "date out of range");
        out->as.integer = days;
        return true;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        if (!exact_length(ctx, 8, length, number))
            return false;
        int64_t t = (int64_t)get_64(data);
        if (t != DT_TIMESTAMP_NOBEGIN && t != DT_TIMESTAMP_NOEND &&
            (t < TIMESTAMP_MIN || t >= TIMESTAMP_END))
            return query_fail(ctx, "22008", -1, "timestamp out of range");
        out->as.integer = t;
        return true;
    }
    case TYPE_INTERVAL:
        if (!exact_length(ctx, 16, length, number))
            return false;
        out->as.interval.time = (int64_t)get_64(data);
        out->as.interval.day = (int32_t)get_32(data + 8);
        out->as.interval.month = (int32_t)get_32(data + 12);
        return true;
    case TYPE_UUID: {
        if (!exact_length(ctx, UUID_BYTES, length, number))
            return false;
        char *text = arena_alloc(ctx->arena, UUID_TEXT_LENGTH + 1);
        if (text == NULL)
            return query_fail_no_memory(ctx);
        uuid_format(data, text);
        *out = value_text(TYPE_UUID, text, UUID_TEXT_LENGTH);
        return true;
    }
    case TYPE_NUMERIC:
        return numeric_from_binary(ctx, data, length, number, out);
    case TYPE_JSON:
    case TYPE_JSONB:
        return json_from_binary(ctx, type, data, length, out);
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_BYTEA: {
        if (type != TYPE_BYTEA && !binary_check_utf8(ctx, (const char *)data, length))
            return false;
        if (type == TYPE_NAME && length >= NAME_MAX_LENGTH) {
            query_fail(ctx, "42622", -1, "identifier too long");
            return query_fail_detail(ctx, "Identifier must be less than 64 characters.");
        }
        char *copy = arena_strndup(ctx->arena, (const char *)data, length);
        if (copy == NULL)
            return query_fail_no_memory(ctx);
        *out = value_text(type, copy, length);
        return true;
    }
    default:
        if (type_is_array(type))
            return array_from_binary(ctx, type, data, length, number, out);
        return binary_unsupported(ctx, type);
    }
}
