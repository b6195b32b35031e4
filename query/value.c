#include "query/value.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query/array.h"
#include "query/json.h"
#include "query/pg_catalog.h"

#define NAME_MAX_BYTES 63

value value_null(uint32_t type)
{
    value v;
    memset(&v, 0, sizeof v);
    v.type = type;
    v.is_null = true;
    return v;
}

value value_bool(bool b)
{
    value v = value_null(TYPE_BOOL);
    v.is_null = false;
    v.as.boolean = b;
    return v;
}

value value_int(uint32_t type, int64_t i)
{
    value v = value_null(type);
    v.is_null = false;
    v.as.integer = i;
    return v;
}

value value_float8(double d)
{
    value v = value_null(TYPE_FLOAT8);
    v.is_null = false;
    v.as.real = d;
    return v;
}

value value_text(uint32_t type, const char *data, size_t length)
{
    value v = value_null(type);
    v.is_null = false;
    v.as.text.data = data;
    v.as.text.length = length;
    return v;
}

bool type_is_integer(uint32_t type)
{
    return type == TYPE_INT2 || type == TYPE_INT4 || type == TYPE_INT8;
}

bool type_is_float(uint32_t type)
{
    return type == TYPE_FLOAT4 || type == TYPE_FLOAT8;
}

bool type_is_datetime(uint32_t type)
{
    return type == TYPE_DATE || type == TYPE_TIMESTAMP || type == TYPE_TIMESTAMPTZ ||
           type == TYPE_INTERVAL;
}

uint32_t type_datetime_common(uint32_t a, uint32_t b)
{
    static const uint32_t widening[] = {TYPE_DATE, TYPE_TIMESTAMP, TYPE_TIMESTAMPTZ};
    int rank_a = -1, rank_b = -1;
    for (int i = 0; i < 3; i++) {
        if (widening[i] == a)
            rank_a = i;
        if (widening[i] == b)
            rank_b = i;
    }
    if (rank_a >= 0 && rank_b >= 0)
        return widening[rank_a > rank_b ? rank_a : rank_b];
    return a == TYPE_INTERVAL && b == TYPE_INTERVAL ? TYPE_INTERVAL : 0;
}

bool datetime_fail(query_context *ctx, datetime_status status, uint32_t type, const char *input,
                   size_t length, const char *bad_zone, int location)
{
    const char *text = input != NULL ? arena_strndup(ctx->arena, input, length) : "";
    if (text == NULL)
        return query_fail_no_memory(ctx);
    /* Input functions name "timestamp", messages about values the full type name. */
    const char *input_type = type == TYPE_TIMESTAMP ? "timestamp" : type_display_name(type);
    switch (status) {
    case DATETIME_OK:
        return true;
    case DATETIME_INVALID_SYNTAX:
        return query_fail(ctx, "22007", location, "invalid input syntax for type %s: \"%s\"",
                          input_type, text);
    case DATETIME_FIELD_OVERFLOW:
        return query_fail(ctx, "22008", location, "date/time field value out of range: \"%s\"",
                          text);
    case DATETIME_FIELD_OVERFLOW_DATESTYLE:
        query_fail(ctx, "22008", location, "date/time field value out of range: \"%s\"", text);
        return query_fail_hint(ctx, "Perhaps you need a different \"datestyle\" setting.");
    case DATETIME_INTERVAL_FIELD_OVERFLOW:
        return query_fail(ctx, "22015", location, "interval field value out of range: \"%s\"",
                          text);
    case DATETIME_TZ_DISPLACEMENT:
        return query_fail(ctx, "22009", location, "time zone displacement out of range: \"%s\"",
                          text);
    case DATETIME_UNKNOWN_ZONE:
        return query_fail(ctx, "22023", location, "time zone \"%s\" not recognized",
                          bad_zone != NULL ? bad_zone : ctx->datetime.time_zone);
    case DATETIME_DATE_OUT_OF_RANGE:
        if (input != NULL)
            return query_fail(ctx, "22008", location, "date out of range: \"%s\"", text);
        return query_fail(ctx, "22008", location, "date out of range");
    case DATETIME_TIMESTAMP_OUT_OF_RANGE:
        if (input != NULL)
            return query_fail(ctx, "22008", location, "timestamp out of range: \"%s\"", text);
        return query_fail(ctx, "22008", location, "timestamp out of range");
    case DATETIME_INTERVAL_OUT_OF_RANGE:
        return query_fail(ctx, "22008", location, "interval out of range");
    case DATETIME_DATE_TOO_BIG_FOR_TIMESTAMP:
        return query_fail(ctx, "22008", location, "date out of range for timestamp");
    case DATETIME_INFINITE_DATE_SUBTRACT:
        return query_fail(ctx, "22008", location, "cannot subtract infinite dates");
    case DATETIME_INFINITE_TIMESTAMP_SUBTRACT:
        return query_fail(ctx, "22008", location, "cannot subtract infinite timestamps");
    case DATETIME_UNITS_NOT_RECOGNIZED:
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                          "unit \"%s\" not recognized for type %s", text, type_display_name(type));
    case DATETIME_UNITS_NOT_SUPPORTED:
        query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                   "unit \"%s\" not supported for type %s", text, type_display_name(type));
        if (type == TYPE_INTERVAL && strcmp(text, "week") == 0)
            query_fail_detail(ctx, "Months usually have fractional weeks.");
        return false;
    case DATETIME_INTERVAL_ZONE:
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                          "interval time zone \"%s\" must not include months or days", text);
    case DATETIME_INTERVAL_FORMAT:
        query_fail(ctx, "22007", location, "invalid format specification for an interval value");
        return query_fail_hint(ctx, "Intervals are not tied to specific calendar dates.");
    case DATETIME_NO_MEMORY:
        return query_fail_no_memory(ctx);
    }
    return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, location, "date/time failure");
}

bool type_is_string(uint32_t type)
{
    return type == TYPE_TEXT || type == TYPE_VARCHAR || type == TYPE_BPCHAR ||
           type == TYPE_NAME || type == TYPE_CHAR || type == TYPE_UNKNOWN;
}

bool type_holds_text(uint32_t type)
{
    return type_is_string(type) || type == TYPE_UUID || type == TYPE_BYTEA ||
           type == TYPE_JSON || type == TYPE_JSONB || type == TYPE_VOID;
}

bool type_has_ordering(uint32_t type)
{
    uint32_t element = type_array_element(type);
    return (element != 0 ? element : type) != TYPE_JSON;
}

static int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool uuid_parse(const char *text, size_t length, uint8_t out[UUID_BYTES])
{
    /* 32 hex digits, optionally in braces, with an optional hyphen after any group of
     * four digits but the last. */
    size_t i = 0;
    bool braces = length > 0 && text[0] == '{';
    if (braces)
        i++;
    for (int digit = 0; digit < 2 * UUID_BYTES; digit++) {
        if (digit > 0 && digit % 4 == 0 && i < length && text[i] == '-')
            i++;
        int high = i < length ? hex_digit_value(text[i]) : -1;
        if (high < 0)
            return false;
        i++;
        if (digit % 2 == 0)
            out[digit / 2] = (uint8_t)(high << 4);
        else
            out[digit / 2] |= (uint8_t)high;
    }
    if (braces) {
        if (i >= length || text[i] != '}')
            return false;
        i++;
    }
    return i == length;
}

void hex_encode(const uint8_t *bytes, size_t length, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < length; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 0xF];
    }
}

void uuid_format(const uint8_t bytes[UUID_BYTES], char out[UUID_TEXT_LENGTH + 1])
{
    /* 8-4-4-4-12 digits: groups of 4, 2, 2, 2 and 6 bytes. */
    static const int group_bytes[] = {4, 2, 2, 2, 6};
    size_t at = 0, from = 0;
    for (size_t g = 0; g < sizeof group_bytes / sizeof group_bytes[0]; g++) {
        if (g > 0)
            out[at++] = '-';
        hex_encode(bytes + from, (size_t)group_bytes[g], out + at);
        at += 2 * (size_t)group_bytes[g];
        from += (size_t)group_bytes[g];
    }
    out[at] = '\0';
}

bool integer_fits(uint32_t type, int64_t v)
{
    switch (type) {
    case TYPE_INT2:
        return v >= INT16_MIN && v <= INT16_MAX;
    case TYPE_INT4:
        return v >= INT32_MIN && v <= INT32_MAX;
    default:
        return true;
    }
}

const char *integer_range_message(uint32_t type)
{
    switch (type) {
    case TYPE_INT2:
        return "smallint out of range";
    case TYPE_INT4:
        return "integer out of range";
    default:
        return "bigint out of range";
    }
}

/* ---- text output ---- */

static size_t format_shortest(double v, bool is_float4, char *out, size_t cap)
{
    /* The shortest digit string that reads back as the same value: what PostgreSQL's
     * float output prints when extra_float_digits > 0 (the default). */
    char buffer[40];
    int max_precision = is_float4 ? 9 : 17;
    for (int precision = 1; precision <= max_precision; precision++) {
        snprintf(buffer, sizeof buffer, "%.*e", precision - 1, v);
        double back = strtod(buffer, NULL);
        if (is_float4 ? (float)back == (float)v : back == v)
            break;
    }
    /* buffer is [-]d[.ddd]e[+-]xx: take it apart into sign, digits and exponent. */
    const char *p = buffer;
    bool negative = *p == '-';
    if (negative)
        p++;
    char digits[24];
    size_t digit_count = 0;
    for (; *p != 'e'; p++) {
        if (*p != '.' && digit_count < sizeof digits - 1)
            digits[digit_count++] = *p;
    }
    int exponent = atoi(p + 1);
    while (digit_count > 1 && digits[digit_count - 1] == '0')
        digit_count--;
    digits[digit_count] = '\0';

    int scientific_from = is_float4 ? FLT_DIG : DBL_DIG;
    size_t n = 0;
    char result[64];
    if (negative)
        result[n++] = '-';
    if (exponent < -4 || exponent >= scientific_from) {
        result[n++] = digits[0];
        if (digit_count > 1) {
            result[n++] = '.';
            memcpy(result + n, digits + 1, digit_count - 1);
            n += digit_count - 1;
        }
        n += (size_t)snprintf(result + n, sizeof result - n, "e%c%02d", exponent < 0 ? '-' : '+',
                              abs(exponent));
    } else if (exponent < 0) {
        result[n++] = '0';
        result[n++] = '.';
        for (int i = -1; i > exponent; i--)
            result[n++] = '0';
        memcpy(result + n, digits, digit_count);
        n += digit_count;
    } else {
        for (int i = 0; i <= exponent; i++)
            result[n++] = (size_t)i < digit_count ? digits[i] : '0';
        if (digit_count > (size_t)exponent + 1) {
            result[n++] = '.';
            memcpy(result + n, digits + exponent + 1, digit_count - (size_t)exponent - 1);
            n += digit_count - (size_t)exponent - 1;
        }
    }
    result[n] = '\0';
    snprintf(out, cap, "%s", result);
    return n < cap ? n : cap - 1;
}

size_t float_format(double v, bool is_float4, int extra_float_digits, char *out, size_t cap)
{
    int n;
    if (isnan(v))
        n = snprintf(out, cap, "NaN");
    else if (isinf(v))
        n = snprintf(out, cap, v > 0 ? "Infinity" : "-Infinity");
    else if (extra_float_digits > 0)
        return format_shortest(v, is_float4, out, cap);
    else {
        int precision = (is_float4 ? FLT_DIG : DBL_DIG) + extra_float_digits;
        if (precision < 1)
            precision = 1;
        n = snprintf(out, cap, "%.*g", precision, v);
    }
    if (n < 0)
        return 0;
    return (size_t)n < cap ? (size_t)n : cap - 1;
}

size_t bytea_escape_encode(const uint8_t *bytes, size_t length, bool escape_controls, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        uint8_t c = bytes[i];
        if (c == '\\') {
            out[n++] = '\\';
            out[n++] = '\\';
        } else if (c == 0 || c >= 0x80 || (escape_controls && (c < 0x20 || c == 0x7f))) {
            out[n++] = '\\';
            out[n++] = (char)('0' + (c >> 6));
            out[n++] = (char)('0' + ((c >> 3) & 7));
            out[n++] = (char)('0' + (c & 7));
        } else {
            out[n++] = (char)c;
        }
    }
    return n;
}

/* bytea output as bytea_output says: '\x' and hex digits (the default), or the escape
 * format with every byte outside printable ASCII as an octal escape. */
static bool bytea_to_text(query_context *ctx, const value *v, const char **out, size_t *length)
{
    size_t n = v->as.text.length;
    const uint8_t *bytes = (const uint8_t *)v->as.text.data;
    char *s = arena_alloc(ctx->arena, (ctx->bytea_output_escape ? 4 * n : 2 * n + 2) + 1);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    if (ctx->bytea_output_escape) {
        *length = bytea_escape_encode(bytes, n, true, s);
    } else {
        s[0] = '\\';
        s[1] = 'x';
        hex_encode(bytes, n, s + 2);
        *length = 2 * n + 2;
    }
    s[*length] = '\0';
    *out = s;
    return true;
}

bool value_to_text(query_context *ctx, const value *v, const char **out, size_t *length)
{
    char buffer[VALUE_TEXT_BUFFER];
    if (!value_to_text_buffer(ctx, v, buffer, out, length))
        return false;
    if (*out == buffer) {
        char *s = arena_strndup(ctx->arena, buffer, *length);
        if (s == NULL)
            return query_fail_no_memory(ctx);
        *out = s;
    }
    return true;
}

bool value_to_text_buffer(query_context *ctx, const value *v, char buffer[VALUE_TEXT_BUFFER],
                          const char **out, size_t *length)
{
    switch (v->type) {
    case TYPE_BOOL:
        *out = v->as.boolean ? "t" : "f";
        *length = 1;
        return true;
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE:
        return pg_catalog_reg_to_text(ctx, v->type, (uint32_t)v->as.integer, out, length);
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_OID: {
        int n = snprintf(buffer, VALUE_TEXT_BUFFER, "%" PRId64, v->as.integer);
        *out = buffer;
        *length = (size_t)n;
        return true;
    }
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        size_t n = float_format(v->as.real, v->type == TYPE_FLOAT4, ctx->extra_float_digits, buffer,
                                VALUE_TEXT_BUFFER);
        *out = buffer;
        *length = n;
        return true;
    }
    case TYPE_NUMERIC: {
        char *s;
        if (numeric_to_text(ctx->arena, &v->as.number, &s) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        *out = s;
        *length = strlen(s);
        return true;
    }
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL: {
        char *s = NULL;
        datetime_status status =
            v->type == TYPE_DATE        ? date_to_text(ctx->arena, (dt_date)v->as.integer, &s)
            : v->type == TYPE_TIMESTAMP ? timestamp_to_text(ctx->arena, v->as.integer, &s)
            : v->type == TYPE_TIMESTAMPTZ
                ? timestamptz_to_text(ctx->arena, &ctx->datetime, v->as.integer, &s)
                : interval_to_text(ctx->arena, &v->as.interval, &s);
        if (status != DATETIME_OK)
            return datetime_fail(ctx, status, v->type, NULL, 0, NULL, -1);
        *out = s;
        *length = strlen(s);
        return true;
    }
    case TYPE_BYTEA:
        return bytea_to_text(ctx, v, out, length);
    default:
        if (type_is_array(v->type))
            return array_to_text(ctx, v, out, length);
        if (type_holds_text(v->type)) {
            *out = v->as.text.data;
            *length = v->as.text.length;
            return true;
        }
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "output of type %s is not supported yet", type_display_name(v->type));
    }
}

/* ---- text input ---- */

static const char *quoted_input(query_context *ctx, const char *text, size_t length)
{
    char *s = arena_strndup(ctx->arena, text, length);
    return s != NULL ? s : "";
}

static bool invalid_input(query_context *ctx, uint32_t type, const char *text, size_t length,
                          int location)
{
    return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                      "invalid input syntax for type %s: \"%s\"", type_display_name(type),
                      quoted_input(ctx, text, length));
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **text, size_t *length)
{
    while (*length > 0 && is_space(**text)) {
        (*text)++;
        (*length)--;
    }
    while (*length > 0 && is_space((*text)[*length - 1]))
        (*length)--;
}

static bool integer_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                              int location, value *out)
{
    const char *p = text;
    size_t n = length;
    trim(&p, &n);
    bool negative = false;
    if (n > 0 && (*p == '-' || *p == '+')) {
        negative = *p == '-';
        p++;
        n--;
    }
    if (n == 0)
        return invalid_input(ctx, type, text, length, location);
    /* Accumulate negatively so INT64_MIN is reachable. */
    int64_t v = 0;
    bool overflow = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return invalid_input(ctx, type, text, length, location);
        int digit = p[i] - '0';
        if (v < (INT64_MIN + digit) / 10)
            overflow = true;
        else
            v = v * 10 - digit;
    }
    if (!negative) {
        if (v == INT64_MIN)
            overflow = true;
        else
            v = -v;
    }
    if (overflow || !integer_fits(type, v))
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "value \"%s\" is out of range for type %s",
                          quoted_input(ctx, text, length), type_display_name(type));
    *out = value_int(type, v);
    return true;
}

/* oid_in: an unsigned 32-bit number; a negative one wraps, as strtoul does. */
static bool oid_from_text(query_context *ctx, const char *text, size_t length, int location,
                          value *out)
{
    query_context probe = *ctx;
    value v;
    if (!integer_from_text(&probe, TYPE_INT8, text, length, location, &v) ||
        v.as.integer < -(int64_t)UINT32_MAX || v.as.integer > (int64_t)UINT32_MAX) {
        bool range = probe.error.sqlstate[0] != '\0' &&
                     strcmp(probe.error.sqlstate, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE) == 0;
        const char *shown = quoted_input(ctx, text, length);
        if (range || (probe.error.sqlstate[0] == '\0'))
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                              "value \"%s\" is out of range for type oid", shown);
        return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                          "invalid input syntax for type oid: \"%s\"", shown);
    }
    *out = value_int(TYPE_OID, (int64_t)(uint32_t)v.as.integer);
    return true;
}

static bool float_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                            int location, value *out)
{
    const char *p = text;
    size_t n = length;
    trim(&p, &n);
    char *s = arena_strndup(ctx->arena, p, n);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    if (n == 0 || memchr(p, '\0', n) != NULL)
        return invalid_input(ctx, type, text, length, location);
    errno = 0;
    char *end;
    double d = strtod(s, &end);
    if (*end != '\0')
        return invalid_input(ctx, type, text, length, location);
    bool is_float4 = type == TYPE_FLOAT4;
    bool out_of_range = errno == ERANGE && (d == 0.0 || isinf(d));
    if (is_float4 && !out_of_range && !isinf(d) && !isnan(d)) {
        float f = (float)d;
        out_of_range = isinf(f) || (f == 0.0f && d != 0.0);
        d = f;
    }
    if (out_of_range)
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "\"%s\" is out of range for type %s", quoted_input(ctx, text, length),
                          type_display_name(type));
    *out = value_float8(d);
    out->type = type;
    return true;
}

static bool bool_from_text(query_context *ctx, const char *text, size_t length, int location,
                           value *out)
{
    const char *p = text;
    size_t n = length;
    trim(&p, &n);
    /* PostgreSQL accepts any unambiguous prefix of these words. */
    static const struct {
        const char *word;
        size_t min_prefix;
        bool result;
    } words[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false},
                 {"on", 2, true},   {"off", 2, false},   {"1", 1, true},   {"0", 1, false}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (n >= words[i].min_prefix && n <= strlen(words[i].word) &&
            strncasecmp(p, words[i].word, n) == 0) {
            *out = value_bool(words[i].result);
            return true;
        }
    }
    return invalid_input(ctx, TYPE_BOOL, text, length, location);
}

static bool numeric_failure(query_context *ctx, numeric_status status, uint32_t target,
                            const char *text, size_t length, int location)
{
    switch (status) {
    case NUMERIC_INVALID_SYNTAX:
        return invalid_input(ctx, TYPE_NUMERIC, text, length, location);
    case NUMERIC_OUT_OF_RANGE:
        if (type_is_integer(target))
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "%s",
                              integer_range_message(target));
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "value overflows numeric format");
    case NUMERIC_FIELD_OVERFLOW:
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "numeric field overflow");
    case NUMERIC_DIVISION_BY_ZERO:
        return query_fail(ctx, SQLSTATE_DIVISION_BY_ZERO, location, "division by zero");
    case NUMERIC_UNDEFINED:
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                          "numeric result is undefined");
    case NUMERIC_NO_MEMORY:
        return query_fail_no_memory(ctx);
    case NUMERIC_OK:
        break;
    }
    return true;
}

/* Names the offending character whole (a UTF-8 sequence is 1 to 4 bytes), so the
 * message stays valid UTF-8. */
static bool bad_hex_digit(query_context *ctx, const char *at, size_t remaining, int location)
{
    unsigned char lead = (unsigned char)at[0];
    size_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (width > remaining)
        width = remaining;
    return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                      "invalid hexadecimal digit: \"%.*s\"", (int)width, at);
}

bool hex_decode(query_context *ctx, const char *text, size_t length, int location, uint8_t *out,
                size_t *out_length)
{
    size_t n = 0;
    for (size_t i = 0; i < length;) {
        if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r') {
            i++;
            continue;
        }
        int high = hex_digit_value(text[i]);
        if (high < 0)
            return bad_hex_digit(ctx, text + i, length - i, location);
        if (i + 1 >= length)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                              "invalid hexadecimal data: odd number of digits");
        int low = hex_digit_value(text[i + 1]);
        if (low < 0)
            return bad_hex_digit(ctx, text + i + 1, length - i - 1, location);
        out[n++] = (uint8_t)(high << 4 | low);
        i += 2;
    }
    *out_length = n;
    return true;
}

bool bytea_escape_decode(query_context *ctx, const char *text, size_t length, int location,
                         uint8_t *out, size_t *out_length)
{
    size_t n = 0;
    for (size_t i = 0; i < length;) {
        if (text[i] != '\\') {
            out[n++] = (uint8_t)text[i++];
        } else if (i + 1 < length && text[i + 1] == '\\') {
            out[n++] = '\\';
            i += 2;
        } else if (i + 3 < length && text[i + 1] >= '0' && text[i + 1] <= '3' &&
                   text[i + 2] >= '0' && text[i + 2] <= '7' && text[i + 3] >= '0' &&
                   text[i + 3] <= '7') {
            out[n++] = (uint8_t)((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 |
                                 (text[i + 3] - '0'));
            i += 4;
        } else {
            return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                              "invalid input syntax for type bytea");
        }
    }
    *out_length = n;
    return true;
}

/* bytea input as PostgreSQL's byteain reads it: '\x' then hex digit pairs (whitespace
 * allowed between pairs), else the escape format (\\ and \ooo octal escapes). */
static bool bytea_from_text(query_context *ctx, const char *text, size_t length, int location,
                            value *out)
{
    uint8_t *bytes = arena_alloc(ctx->arena, length + 1);
    if (bytes == NULL)
        return query_fail_no_memory(ctx);
    size_t n;
    bool ok = length >= 2 && text[0] == '\\' && text[1] == 'x'
                  ? hex_decode(ctx, text + 2, length - 2, location, bytes, &n)
                  : bytea_escape_decode(ctx, text, length, location, bytes, &n);
    if (!ok)
        return false;
    *out = value_text(TYPE_BYTEA, (const char *)bytes, n);
    return true;
}

bool value_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                     int location, value *out)
{
    switch (type) {
    case TYPE_BOOL:
        return bool_from_text(ctx, text, length, location, out);
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
        return integer_from_text(ctx, type, text, length, location, out);
    case TYPE_OID:
        return oid_from_text(ctx, text, length, location, out);
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        return float_from_text(ctx, type, text, length, location, out);
    case TYPE_NUMERIC: {
        *out = value_null(TYPE_NUMERIC);
        out->is_null = false;
        numeric_status status = numeric_from_text(ctx->arena, text, length, &out->as.number);
        if (status != NUMERIC_OK)
            return numeric_failure(ctx, status, TYPE_NUMERIC, text, length, location);
        return true;
    }
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_UNKNOWN:
        *out = value_text(type, text, length);
        return true;
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL: {
        *out = value_null(type);
        out->is_null = false;
        const char *bad_zone = NULL;
        dt_date d = 0;
        datetime_status status;
        if (type == TYPE_DATE) {
            status = date_from_text(ctx->arena, &ctx->datetime, text, length, &d, &bad_zone);
            out->as.integer = d;
        } else if (type == TYPE_TIMESTAMP) {
            status = timestamp_from_text(ctx->arena, &ctx->datetime, text, length,
                                         &out->as.integer, &bad_zone);
        } else if (type == TYPE_TIMESTAMPTZ) {
            status = timestamptz_from_text(ctx->arena, &ctx->datetime, text, length,
                                           &out->as.integer, &bad_zone);
        } else {
            status = interval_from_text(ctx->arena, text, length, &out->as.interval);
        }
        return status == DATETIME_OK ||
               datetime_fail(ctx, status, type, text, length, bad_zone, location);
    }
    case TYPE_BYTEA:
        return bytea_from_text(ctx, text, length, location, out);
    case TYPE_JSON:
    case TYPE_JSONB:
        return json_from_text(ctx, type, text, length, location, out);
    case TYPE_UUID: {
        uint8_t bytes[UUID_BYTES];
        char *canonical = arena_alloc(ctx->arena, UUID_TEXT_LENGTH + 1);
        if (canonical == NULL)
            return query_fail_no_memory(ctx);
        if (!uuid_parse(text, length, bytes)) {
            const char *shown = arena_strndup(ctx->arena, text, length);
            return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                              "invalid input syntax for type uuid: \"%s\"",
                              shown != NULL ? shown : "");
        }
        uuid_format(bytes, canonical);
        *out = value_text(TYPE_UUID, canonical, UUID_TEXT_LENGTH);
        return true;
    }
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE: {
        uint32_t oid;
        if (!pg_catalog_reg_from_text(ctx, type, text, length, location, &oid))
            return false;
        *out = value_int(type, oid);
        return true;
    }
    case TYPE_CHAR:
        /* charin keeps the first byte; an empty string is the zero byte, shown empty. */
        *out = value_text(TYPE_CHAR, text, length > 0 ? 1 : 0);
        return true;
    case TYPE_NAME: {
        /* name truncates to NAMEDATALEN-1 bytes, at a character boundary. */
        size_t n = length;
        if (n > NAME_MAX_BYTES) {
            n = NAME_MAX_BYTES;
            while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
                n--;
        }
        *out = value_text(TYPE_NAME, text, n);
        return true;
    }
    default:
        if (type_is_array(type))
            return array_from_text(ctx, type, text, length, location, out);
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "type %s is not supported yet", type_display_name(type));
    }
}

/* ---- casts ---- */

/* Rank on PostgreSQL's implicit numeric promotion path int2 -> int4 -> int8 -> numeric ->
 * float4 -> float8; 0 for non-numeric types. */
static int numeric_rank(uint32_t type)
{
    switch (type) {
    case TYPE_INT2:
        return 1;
    case TYPE_INT4:
        return 2;
    case TYPE_INT8:
        return 3;
    case TYPE_NUMERIC:
        return 4;
    case TYPE_FLOAT4:
        return 5;
    case TYPE_FLOAT8:
        return 6;
    default:
        return 0;
    }
}

static bool is_castable_string_target(uint32_t type)
{
    return type == TYPE_TEXT || type == TYPE_VARCHAR || type == TYPE_BPCHAR || type == TYPE_NAME ||
           type == TYPE_CHAR;
}

bool cast_exists(uint32_t from, uint32_t to, cast_context context)
{
    if (from == to || from == TYPE_UNKNOWN)
        return true;
    /* Integers become oids implicitly, oids and the reg* types are one another's
     * implicitly; oids go back to integers on assignment. */
    if (type_is_oid_like(to) && (type_is_oid_like(from) || type_is_integer(from)))
        return true;
    if (type_is_oid_like(from) && (to == TYPE_INT4 || to == TYPE_INT8))
        return context != CAST_IMPLICIT;
    uint32_t from_element = type_array_element(from), to_element = type_array_element(to);
    if (from_element != 0 && to_element != 0)
        return cast_exists(from_element, to_element, context);
    int from_rank = numeric_rank(from), to_rank = numeric_rank(to);
    if (from_rank > 0 && to_rank > 0)
        return to_rank > from_rank || context != CAST_IMPLICIT;
    if (is_castable_string_target(from) && is_castable_string_target(to))
        return true;
    /* Automatic I/O conversion casts: to a string type on assignment, from one explicitly. */
    if (is_castable_string_target(to))
        return context != CAST_IMPLICIT;
    if (is_castable_string_target(from))
        return context == CAST_EXPLICIT;
    if ((from == TYPE_BOOL && to == TYPE_INT4) || (from == TYPE_INT4 && to == TYPE_BOOL))
        return context == CAST_EXPLICIT;
    if ((from == TYPE_JSON && to == TYPE_JSONB) || (from == TYPE_JSONB && to == TYPE_JSON))
        return context != CAST_IMPLICIT;
    /* jsonb scalars convert to booleans and numbers, explicitly only. */
    if (from == TYPE_JSONB && (to == TYPE_BOOL || numeric_rank(to) > 0))
        return context == CAST_EXPLICIT;
    /* date -> timestamp -> timestamptz widen implicitly; the other way is an assignment. */
    if ((from == TYPE_DATE && (to == TYPE_TIMESTAMP || to == TYPE_TIMESTAMPTZ)) ||
        (from == TYPE_TIMESTAMP && to == TYPE_TIMESTAMPTZ))
        return true;
    if ((to == TYPE_DATE && (from == TYPE_TIMESTAMP || from == TYPE_TIMESTAMPTZ)) ||
        (from == TYPE_TIMESTAMPTZ && to == TYPE_TIMESTAMP))
        return context != CAST_IMPLICIT;
    return false;
}

static bool cast_between_datetimes(query_context *ctx, const value *source, uint32_t to,
                                   int location, value *out)
{
    value copy = *source; /* out may be the source (casts in place) */
    const value *in = &copy;
    *out = value_null(to);
    out->is_null = false;
    const datetime_context *dt = &ctx->datetime;
    datetime_status status = DATETIME_OK;
    dt_date d = 0;
    if (in->type == TYPE_DATE && to == TYPE_TIMESTAMP)
        status = date_to_timestamp((dt_date)in->as.integer, &out->as.integer);
    else if (in->type == TYPE_DATE && to == TYPE_TIMESTAMPTZ)
        status = date_to_timestamptz(dt, (dt_date)in->as.integer, &out->as.integer);
    else if (in->type == TYPE_TIMESTAMP && to == TYPE_TIMESTAMPTZ)
        status = timestamp_to_timestamptz(dt, in->as.integer, &out->as.integer);
    else if (in->type == TYPE_TIMESTAMPTZ && to == TYPE_TIMESTAMP)
        status = timestamptz_to_timestamp(dt, in->as.integer, &out->as.integer);
    else if (to == TYPE_DATE) {
        status = in->type == TYPE_TIMESTAMP ? timestamp_to_date(in->as.integer, &d)
                                            : timestamptz_to_date(dt, in->as.integer, &d);
        out->as.integer = d;
    }
    return status == DATETIME_OK || datetime_fail(ctx, status, to, NULL, 0, NULL, location);
}

static size_t utf8_character_count(const char *s, size_t length)
{
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    }
    return n;
}

/* Byte length of the first `characters` characters. */
static size_t utf8_prefix_bytes(const char *s, size_t length, size_t characters)
{
    size_t seen = 0;
    for (size_t i = 0; i < length; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (seen == characters)
                return i;
            seen++;
        }
    }
    return length;
}

/* varchar(n) / bpchar(n): what PostgreSQL's length-coercion functions do. */
static bool apply_string_typmod(query_context *ctx, value *v, int32_t typmod, bool is_explicit,
                                int location)
{
    if (typmod < TYPMOD_HEADER || v->is_null)
        return true;
    size_t limit = (size_t)(typmod - TYPMOD_HEADER);
    const char *s = v->as.text.data;
    size_t length = v->as.text.length;
    size_t characters = utf8_character_count(s, length);
    if (characters > limit) {
        size_t keep = utf8_prefix_bytes(s, length, limit);
        if (!is_explicit) {
            for (size_t i = keep; i < length; i++) {
                if (s[i] != ' ')
                    return query_fail(ctx, SQLSTATE_STRING_DATA_RIGHT_TRUNCATION, location,
                                      "value too long for type %s",
                                      type_format(ctx, v->type, typmod));
            }
        }
        v->as.text.length = keep;
        characters = limit;
    }
    if (v->type == TYPE_BPCHAR && characters < limit) {
        size_t pad = limit - characters;
        char *padded = arena_alloc(ctx->arena, v->as.text.length + pad);
        if (padded == NULL)
            return query_fail_no_memory(ctx);
        memcpy(padded, v->as.text.data, v->as.text.length);
        memset(padded + v->as.text.length, ' ', pad);
        v->as.text.data = padded;
        v->as.text.length += pad;
    }
    return true;
}

/* PostgreSQL's AdjustTimestampForTypmod: rounds to `precision` fractional digits, halves
 * away from zero. */
static bool round_timestamp(query_context *ctx, value *v, int32_t precision, int location)
{
    if (precision >= DATETIME_MAX_PRECISION || v->as.integer == DT_TIMESTAMP_NOBEGIN ||
        v->as.integer == DT_TIMESTAMP_NOEND)
        return true;
    int64_t scale = 1;
    for (int i = precision; i < DATETIME_MAX_PRECISION; i++)
        scale *= 10;
    int64_t magnitude = v->as.integer >= 0 ? v->as.integer : -v->as.integer;
    if (magnitude > INT64_MAX - scale / 2)
        return query_fail(ctx, "22008", location, "timestamp out of range");
    int64_t rounded = (magnitude + scale / 2) / scale * scale;
    v->as.integer = v->as.integer >= 0 ? rounded : -rounded;
    return true;
}

static bool apply_typmod(query_context *ctx, value *v, int32_t typmod, bool is_explicit,
                         int location)
{
    if (typmod == TYPMOD_NONE || v->is_null)
        return true;
    if (type_is_array(v->type))
        return array_cast(ctx, v, v->type, typmod, is_explicit ? CAST_EXPLICIT : CAST_ASSIGNMENT,
                          location, v);
    if (v->type == TYPE_TIMESTAMP || v->type == TYPE_TIMESTAMPTZ)
        return round_timestamp(ctx, v, typmod, location);
    if (typmod < TYPMOD_HEADER)
        return true;
    if (v->type == TYPE_VARCHAR || v->type == TYPE_BPCHAR)
        return apply_string_typmod(ctx, v, typmod, is_explicit, location);
    if (v->type == TYPE_NUMERIC) {
        int precision = ((typmod - TYPMOD_HEADER) >> 16) & 0xFFFF;
        int scale = (int16_t)((typmod - TYPMOD_HEADER) & 0xFFFF);
        numeric rounded;
        numeric_status status =
            numeric_apply_typmod(ctx->arena, &v->as.number, precision, scale, &rounded);
        if (status == NUMERIC_FIELD_OVERFLOW) {
            query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "numeric field overflow");
            int integer_digits = precision - scale;
            /* PostgreSQL shows 10^0 as 1. */
            const char *detail =
                arena_printf(ctx->arena,
                             "A field with precision %d, scale %d must round to an absolute "
                             "value less than %s%d.",
                             precision, scale, integer_digits > 0 ? "10^" : "",
                             integer_digits > 0 ? integer_digits : 1);
            return query_fail_detail(ctx, detail);
        }
        if (status != NUMERIC_OK)
            return numeric_failure(ctx, status, TYPE_NUMERIC, "", 0, location);
        v->as.number = rounded;
    }
    return true;
}

static bool float_to_integer(query_context *ctx, double d, uint32_t to, int location, value *out)
{
    double r = rint(d);
    /* Compare against the exact power-of-two bounds; (double)INT64_MAX rounds up. */
    bool fits = !isnan(r) && r >= -9223372036854775808.0 && r < 9223372036854775808.0;
    if (!fits || !integer_fits(to, (int64_t)r))
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "%s",
                          integer_range_message(to));
    *out = value_int(to, (int64_t)r);
    return true;
}

static bool numeric_to_integer(query_context *ctx, const numeric *n, uint32_t to, int location,
                               value *out)
{
    if (n->kind == NUMERIC_NAN)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "cannot convert NaN to %s", type_display_name(to));
    if (n->kind != NUMERIC_FINITE)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "cannot convert infinity to %s", type_display_name(to));
    int64_t i;
    numeric_status status = numeric_to_int64(n, &i);
    if (status == NUMERIC_OUT_OF_RANGE || (status == NUMERIC_OK && !integer_fits(to, i)))
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "%s",
                          integer_range_message(to));
    if (status != NUMERIC_OK)
        return numeric_failure(ctx, status, to, "", 0, location);
    *out = value_int(to, i);
    return true;
}

static bool float_to_float4(query_context *ctx, double d, int location, value *out)
{
    float f = (float)d;
    if (isinf(f) && !isinf(d))
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "value out of range: overflow");
    if (f == 0.0f && d != 0.0)
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "value out of range: underflow");
    *out = value_float8(f);
    out->type = TYPE_FLOAT4;
    return true;
}

/* Conversions between the numeric types (rank > 0 on both sides). */
static bool cast_between_numbers(query_context *ctx, const value *in, uint32_t to, int location,
                                 value *out)
{
    uint32_t from = in->type;
    if (type_is_integer(from)) {
        int64_t i = in->as.integer;
        if (type_is_integer(to)) {
            if (!integer_fits(to, i))
                return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "%s",
                                  integer_range_message(to));
            *out = value_int(to, i);
            return true;
        }
        if (to == TYPE_FLOAT8) {
            *out = value_float8((double)i);
            return true;
        }
        if (to == TYPE_FLOAT4)
            return float_to_float4(ctx, (double)(float)i, location, out);
        *out = value_null(TYPE_NUMERIC);
        out->is_null = false;
        if (numeric_from_int64(ctx->arena, i, &out->as.number) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        return true;
    }
    if (type_is_float(from)) {
        double d = in->as.real;
        if (type_is_integer(to))
            return float_to_integer(ctx, d, to, location, out);
        if (to == TYPE_FLOAT8) {
            *out = value_float8(d);
            return true;
        }
        if (to == TYPE_FLOAT4)
            return float_to_float4(ctx, d, location, out);
        /* float4 -> numeric keeps FLT_DIG significant digits, float8 -> numeric DBL_DIG. */
        *out = value_null(TYPE_NUMERIC);
        out->is_null = false;
        numeric_status status;
        if (from == TYPE_FLOAT4 && isfinite(d)) {
            char buffer[48];
            int n = snprintf(buffer, sizeof buffer, "%.*g", FLT_DIG, d);
            status = numeric_from_text(ctx->arena, buffer, (size_t)n, &out->as.number);
        } else {
            status = numeric_from_double(ctx->arena, d, &out->as.number);
        }
        if (status != NUMERIC_OK)
            return numeric_failure(ctx, status, TYPE_NUMERIC, "", 0, location);
        return true;
    }
    /* from numeric */
    if (type_is_integer(to))
        return numeric_to_integer(ctx, &in->as.number, to, location, out);
    double d;
    numeric_status status = numeric_to_double(&in->as.number, &d);
    bool finite_input = in->as.number.kind == NUMERIC_FINITE;
    bool overflows_float4 = to == TYPE_FLOAT4 && finite_input && !isinf(d) &&
                            (isinf((float)d) || ((float)d == 0.0f && d != 0.0));
    if (status != NUMERIC_OK || (isinf(d) && finite_input) || overflows_float4) {
        /* PostgreSQL converts through text, so the message is float8in's. */
        char *text = NULL;
        if (numeric_to_text(ctx->arena, &in->as.number, &text) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location,
                          "\"%s\" is out of range for type %s", text, type_display_name(to));
    }
    if (to == TYPE_FLOAT4)
        return float_to_float4(ctx, d, location, out);
    *out = value_float8(d);
    return true;
}

/* The text a value turns into when cast to a string type (bool gives "true"/"false"). */
static bool cast_output_text(query_context *ctx, const value *in, const char **text, size_t *length)
{
    if (in->type == TYPE_BOOL) {
        *text = in->as.boolean ? "true" : "false";
        *length = strlen(*text);
        return true;
    }
    if (in->type == TYPE_BPCHAR) {
        /* bpchar -> text drops the padding. */
        size_t n = in->as.text.length;
        while (n > 0 && in->as.text.data[n - 1] == ' ')
            n--;
        *text = in->as.text.data;
        *length = n;
        return true;
    }
    return value_to_text(ctx, in, text, length);
}

bool value_cast(query_context *ctx, const value *in, uint32_t type, int32_t typmod,
                cast_context context, int location, value *out)
{
    if (!cast_exists(in->type, type, context)) {
        if (context == CAST_EXPLICIT)
            return query_fail(ctx, SQLSTATE_CANNOT_COERCE, location, "cannot cast type %s to %s",
                              type_display_name(in->type), type_format(ctx, type, typmod));
        return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, location,
                          "cannot convert type %s to %s implicitly", type_display_name(in->type),
                          type_format(ctx, type, typmod));
    }
    bool is_explicit = context == CAST_EXPLICIT;
    if (in->is_null) {
        *out = value_null(type);
        return true;
    }
    if (in->type == type) {
        *out = *in;
    } else if (is_castable_string_target(type)) {
        const char *text;
        size_t length;
        if (!cast_output_text(ctx, in, &text, &length))
            return false;
        if (!value_from_text(ctx, type, text, length, location, out))
            return false;
    } else if (type_is_string(in->type)) {
        const char *text = in->as.text.data;
        size_t length = in->as.text.length;
        if (!value_from_text(ctx, type, text, length, location, out))
            return false;
    } else if (type_is_oid_like(type)) {
        int64_t oid = in->as.integer;
        if (in->type == TYPE_INT8 && (oid < INT32_MIN || oid > (int64_t)UINT32_MAX))
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, location, "OID out of range");
        *out = value_int(type, (int64_t)(uint32_t)oid);
    } else if (type_is_oid_like(in->type)) {
        *out = value_int(type, type == TYPE_INT4 ? (int32_t)(uint32_t)in->as.integer : in->as.integer);
    } else if (type_is_array(in->type) && type_is_array(type)) {
        if (!array_cast(ctx, in, type, TYPMOD_NONE, context, location, out))
            return false;
    } else if (numeric_rank(in->type) > 0 && numeric_rank(type) > 0) {
        if (!cast_between_numbers(ctx, in, type, location, out))
            return false;
    } else if (type_is_datetime(in->type) && type_is_datetime(type)) {
        if (!cast_between_datetimes(ctx, in, type, location, out))
            return false;
    } else if (in->type == TYPE_BOOL && type == TYPE_INT4) {
        *out = value_int(TYPE_INT4, in->as.boolean ? 1 : 0);
    } else if (in->type == TYPE_INT4 && type == TYPE_BOOL) {
        *out = value_bool(in->as.integer != 0);
    } else if (in->type == TYPE_JSON && type == TYPE_JSONB) {
        if (!json_from_text(ctx, TYPE_JSONB, in->as.text.data, in->as.text.length, location, out))
            return false;
    } else if (in->type == TYPE_JSONB && type == TYPE_JSON) {
        *out = value_text(TYPE_JSON, in->as.text.data, in->as.text.length);
    } else if (in->type == TYPE_JSONB) {
        if (!jsonb_cast_scalar(ctx, in, type, out))
            return false;
    } else {
        return query_fail(ctx, SQLSTATE_CANNOT_COERCE, location, "cannot cast type %s to %s",
                          type_display_name(in->type), type_format(ctx, type, typmod));
    }
    /* Length and precision checks run after the input function in PostgreSQL, without
     * the literal's position. */
    return apply_typmod(ctx, out, typmod, is_explicit, -1);
}

const char *type_format(query_context *ctx, uint32_t type, int32_t typmod)
{
    uint32_t element = type_array_element(type);
    if (element != 0 && typmod != TYPMOD_NONE) {
        const char *s = arena_printf(ctx->arena, "%s[]", type_format(ctx, element, typmod));
        return s != NULL ? s : type_display_name(type);
    }
    const char *name = type_display_name(type);
    const char *s = NULL;
    if ((type == TYPE_TIMESTAMP || type == TYPE_TIMESTAMPTZ) && typmod >= 0)
        s = arena_printf(ctx->arena, "timestamp(%d) with%s time zone", typmod,
                         type == TYPE_TIMESTAMP ? "out" : "");
    else if (typmod < TYPMOD_HEADER)
        return name;
    else if (type == TYPE_VARCHAR || type == TYPE_BPCHAR)
        s = arena_printf(ctx->arena, "%s(%d)", name, typmod - TYPMOD_HEADER);
    else if (type == TYPE_NUMERIC)
        s = arena_printf(ctx->arena, "numeric(%d,%d)", ((typmod - TYPMOD_HEADER) >> 16) & 0xFFFF,
                         (int16_t)((typmod - TYPMOD_HEADER) & 0xFFFF));
    return s != NULL ? s : name;
}

/* ---- ordering ---- */

/* PostgreSQL's float ordering: NaN equals NaN and sorts above everything. */
static int compare_doubles(double a, double b)
{
    if (isnan(a))
        return isnan(b) ? 0 : 1;
    if (isnan(b))
        return -1;
    return a < b ? -1 : a > b ? 1 : 0;
}

static int compare_bytes(const char *a, size_t a_length, const char *b, size_t b_length)
{
    size_t n = a_length < b_length ? a_length : b_length;
    int c = n > 0 ? memcmp(a, b, n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a_length < b_length ? -1 : a_length > b_length ? 1 : 0;
}

static size_t without_trailing_spaces(const char *s, size_t length)
{
    while (length > 0 && s[length - 1] == ' ')
        length--;
    return length;
}

int value_compare(const value *a, const value *b)
{
    switch (a->type) {
    case TYPE_BOOL:
        return (int)a->as.boolean - (int)b->as.boolean;
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_REGPROC:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGNAMESPACE:
    case TYPE_REGROLE:
        return a->as.integer < b->as.integer ? -1 : a->as.integer > b->as.integer ? 1 : 0;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        return compare_doubles(a->as.real, b->as.real);
    case TYPE_NUMERIC:
        return numeric_compare(&a->as.number, &b->as.number);
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        return a->as.integer < b->as.integer ? -1 : a->as.integer > b->as.integer ? 1 : 0;
    case TYPE_INTERVAL:
        return interval_compare(&a->as.interval, &b->as.interval);
    case TYPE_JSONB:
        return jsonb_compare(a->as.text.data, a->as.text.length, b->as.text.data,
                             b->as.text.length);
    case TYPE_BPCHAR:
        return compare_bytes(a->as.text.data, without_trailing_spaces(a->as.text.data, a->as.text.length),
                             b->as.text.data, without_trailing_spaces(b->as.text.data, b->as.text.length));
    default:
        if (type_is_array(a->type))
            return array_compare(a, b);
        /* Text compares bytewise: the C collation. */
        return compare_bytes(a->as.text.data, a->as.text.length, b->as.text.data, b->as.text.length);
    }
}


bool value_detach(query_context *ctx, value *v)
{
    if (v->is_null)
        return true;
    if (type_holds_text(v->type)) {
        char *copy = arena_strndup(ctx->arena, v->as.text.data != NULL ? v->as.text.data : "",
                                   v->as.text.length);
        if (copy == NULL)
            return query_fail_no_memory(ctx);
        v->as.text.data = copy;
    } else if (v->type == TYPE_NUMERIC && v->as.number.ndigits > 0) {
        int16_t *digits = arena_alloc(ctx->arena, (size_t)v->as.number.ndigits * sizeof *digits);
        if (digits == NULL)
            return query_fail_no_memory(ctx);
        memcpy(digits, v->as.number.digits, (size_t)v->as.number.ndigits * sizeof *digits);
        v->as.number.digits = digits;
    } else if (type_is_array(v->type)) {
        return array_detach(ctx, v);
    }
    return true;
}

bool values_detach(query_context *ctx, value *values, int count)
{
    for (int i = 0; i < count; i++) {
        if (!value_detach(ctx, &values[i]))
            return false;
    }
    return true;
}
