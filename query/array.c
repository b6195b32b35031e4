#include "query/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SQLSTATE_ARRAY_SUBSCRIPT_ERROR "2202E"
#define SQLSTATE_PROGRAM_LIMIT_EXCEEDED "54000"
#define SQLSTATE_NULL_VALUE_NOT_ALLOWED "22004"

bool type_is_array(uint32_t type)
{
    return type_array_element(type) != 0;
}

array_value *array_new(query_context *ctx, uint32_t element_type, int count)
{
    array_value *a = arena_zalloc(ctx->arena, sizeof *a);
    value *elements = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *elements);
    if (a == NULL || elements == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    a->element_type = element_type;
    a->count = count;
    a->lower_bound = 1;
    a->elements = elements;
    return a;
}

value value_array(const array_value *a)
{
    value v = value_null(type_array_of(a->element_type));
    v.is_null = false;
    v.as.array = a;
    return v;
}

/* ---- text input ---- */

typedef struct array_parser {
    query_context *ctx;
    uint32_t element_type;
    const char *text;
    size_t length;
    size_t pos;
    int location;
} array_parser;

static bool malformed(array_parser *p, const char *detail)
{
    const char *shown = arena_strndup(p->ctx->arena, p->text, p->length);
    query_fail(p->ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, p->location,
               "malformed array literal: \"%s\"", shown != NULL ? shown : "");
    return query_fail_detail(p->ctx, detail);
}

static bool unexpected(array_parser *p, char c)
{
    return malformed(p, arena_printf(p->ctx->arena, "Unexpected \"%c\" character.", c));
}

/* array_isspace: the whitespace array_in skips. */
static bool is_array_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_space(array_parser *p)
{
    while (p->pos < p->length && is_array_space(p->text[p->pos]))
        p->pos++;
}

static bool multidimensional(array_parser *p)
{
    return query_fail(p->ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, p->location,
                      "feature not supported: multidimensional arrays");
}

/* "[lb:ub]=" before the braces: the lower bound and the element count it promises. */
static bool parse_dimensions(array_parser *p, int *lower_bound, int64_t *expected)
{
    int dimensions = 0;
    while (p->pos < p->length && p->text[p->pos] == '[') {
        p->pos++;
        skip_space(p);
        char *end;
        char buffer[32];
        size_t n = 0;
        while (p->pos + n < p->length && n < sizeof buffer - 1 &&
               (p->text[p->pos + n] == '-' || p->text[p->pos + n] == '+' ||
                (p->text[p->pos + n] >= '0' && p->text[p->pos + n] <= '9')))
            n++;
        if (n == 0)
            return malformed(p, "Missing array dimension value.");
        memcpy(buffer, p->text + p->pos, n);
        buffer[n] = '\0';
        long first = strtol(buffer, &end, 10), second;
        p->pos += n;
        skip_space(p);
        if (p->pos < p->length && p->text[p->pos] == ':') {
            p->pos++;
            skip_space(p);
            n = 0;
            while (p->pos + n < p->length && n < sizeof buffer - 1 &&
                   (p->text[p->pos + n] == '-' || p->text[p->pos + n] == '+' ||
                    (p->text[p->pos + n] >= '0' && p->text[p->pos + n] <= '9')))
                n++;
            if (n == 0)
                return malformed(p, "Missing array dimension value.");
            memcpy(buffer, p->text + p->pos, n);
            buffer[n] = '\0';
            second = strtol(buffer, &end, 10);
            p->pos += n;
            skip_space(p);
        } else {
            second = first;
            first = 1;
        }
        if (p->pos >= p->length || p->text[p->pos] != ']')
            return malformed(p, "Missing \"]\" after array dimensions.");
        p->pos++;
        if (second < first) {
            query_fail(p->ctx, SQLSTATE_ARRAY_SUBSCRIPT_ERROR, p->location,
                       "upper bound cannot be less than lower bound");
            return false;
        }
        *lower_bound = (int)first;
        *expected = (int64_t)second - first + 1;
        dimensions++;
    }
    if (dimensions > 1)
        return multidimensional(p);
    skip_space(p);
    if (p->pos + 1 > p->length || p->text[p->pos] != '=')
        return malformed(p, "Missing \"=\" after array dimensions.");
    p->pos++;
    skip_space(p);
    return true;
}

/* One element, at p->pos (not at a delimiter): its de-escaped text and whether it was an
 * unquoted NULL. */
static bool parse_element(array_parser *p, char **out, size_t *out_length, bool *is_null)
{
    char *text = arena_alloc(p->ctx->arena, p->length - p->pos + 1);
    if (text == NULL)
        return query_fail_no_memory(p->ctx);
    size_t n = 0;
    if (p->text[p->pos] == '"') {
        p->pos++;
        for (;;) {
            if (p->pos >= p->length)
                return malformed(p, "Unexpected end of input.");
            char c = p->text[p->pos++];
            if (c == '"')
                break;
            if (c == '\\') {
                if (p->pos >= p->length)
                    return malformed(p, "Unexpected end of input.");
                c = p->text[p->pos++];
            }
            text[n++] = c;
        }
        skip_space(p);
        if (p->pos < p->length && p->text[p->pos] != ',' && p->text[p->pos] != '}')
            return malformed(p, "Unexpected array element.");
        *is_null = false;
    } else {
        /* Unquoted: up to the next unescaped delimiter or brace, trailing whitespace
         * dropped unless escaped. */
        size_t kept = 0; /* length up to the last escaped or non-space character */
        bool escaped = false;
        for (;;) {
            if (p->pos >= p->length)
                return malformed(p, "Unexpected end of input.");
            char c = p->text[p->pos];
            if (c == ',' || c == '}')
                break;
            if (c == '{')
                return n == 0 ? multidimensional(p) : unexpected(p, '{');
            if (c == '"')
                return malformed(p, "Unexpected array element.");
            p->pos++;
            if (c == '\\') {
                if (p->pos >= p->length)
                    return malformed(p, "Unexpected end of input.");
                text[n++] = p->text[p->pos++];
                kept = n;
                escaped = true;
                continue;
            }
            text[n++] = c;
            if (!is_array_space(c))
                kept = n;
        }
        n = kept;
        *is_null = !escaped && n == 4 && strncasecmp(text, "NULL", 4) == 0;
    }
    text[n] = '\0';
    *out = text;
    *out_length = n;
    return true;
}

bool array_from_text(query_context *ctx, uint32_t array_type, const char *text, size_t length,
                     int location, value *out)
{
    array_parser p = {ctx, type_array_element(array_type), text, length, 0, location};
    int lower_bound = 1;
    int64_t expected = -1;
    skip_space(&p);
    if (p.pos < length && text[p.pos] == '[' && !parse_dimensions(&p, &lower_bound, &expected))
        return false;
    if (p.pos >= length || text[p.pos] != '{')
        return malformed(&p, "Array value must start with \"{\" or dimension information.");
    p.pos++;
    int capacity = 8, count = 0;
    value *elements = arena_alloc(ctx->arena, (size_t)capacity * sizeof *elements);
    if (elements == NULL)
        return query_fail_no_memory(ctx);
    skip_space(&p);
    if (p.pos < length && text[p.pos] == '}') {
        p.pos++;
    } else {
        for (;;) {
            skip_space(&p);
            if (p.pos >= length)
                return malformed(&p, "Unexpected end of input.");
            if (text[p.pos] == ',' || text[p.pos] == '}')
                return unexpected(&p, text[p.pos]);
            char *element = NULL;
            size_t element_length = 0;
            bool is_null = false;
            if (!parse_element(&p, &element, &element_length, &is_null))
                return false;
            if (count == capacity) {
                if (capacity >= ARRAY_MAX_ELEMENTS)
                    return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, location,
                                      "array size exceeds the maximum allowed (%d)",
                                      ARRAY_MAX_ELEMENTS);
                value *grown = arena_alloc(ctx->arena, (size_t)capacity * 2 * sizeof *grown);
                if (grown == NULL)
                    return query_fail_no_memory(ctx);
                memcpy(grown, elements, (size_t)capacity * sizeof *grown);
                elements = grown;
                capacity *= 2;
            }
            if (is_null)
                elements[count] = value_null(p.element_type);
            else if (!value_from_text(ctx, p.element_type, element, element_length, location,
                                      &elements[count]))
                return false;
            count++;
            if (p.pos >= length)
                return malformed(&p, "Unexpected end of input.");
            char c = text[p.pos++];
            if (c == '}')
                break;
        }
    }
    skip_space(&p);
    if (p.pos < length)
        return malformed(&p, "Junk after closing right brace.");
    if (expected >= 0 && expected != count)
        return malformed(&p, "Specified array dimensions do not match array contents.");
    array_value *a = arena_alloc(ctx->arena, sizeof *a);
    if (a == NULL)
        return query_fail_no_memory(ctx);
    *a = (array_value){p.element_type, count, count > 0 ? lower_bound : 1, elements};
    *out = value_array(a);
    out->type = array_type;
    return true;
}

/* ---- text output ---- */

static bool needs_quotes(const char *s, size_t length)
{
    if (length == 0 || (length == 4 && strncasecmp(s, "NULL", 4) == 0))
        return true;
    for (size_t i = 0; i < length; i++) {
        char c = s[i];
        if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || is_array_space(c))
            return true;
    }
    return false;
}

bool array_to_text(query_context *ctx, const value *v, const char **out, size_t *length)
{
    const array_value *a = v->as.array;
    const char **texts = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *texts);
    size_t *lengths = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *lengths);
    bool *quoted = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *quoted);
    if (texts == NULL || lengths == NULL || quoted == NULL)
        return query_fail_no_memory(ctx);
    size_t total = 64;
    for (int i = 0; i < a->count; i++) {
        const value *e = &a->elements[i];
        if (e->is_null) {
            texts[i] = "NULL";
            lengths[i] = 4;
            quoted[i] = false;
        } else if (!value_to_text(ctx, e, &texts[i], &lengths[i])) {
            return false;
        } else {
            quoted[i] = needs_quotes(texts[i], lengths[i]);
        }
        /* At worst every character escaped, plus quotes and a delimiter. */
        total += 2 * lengths[i] + 3;
    }
    char *s = arena_alloc(ctx->arena, total);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    size_t n = 0;
    if (a->count > 0 && a->lower_bound != 1)
        n += (size_t)snprintf(s, total, "[%d:%d]=", a->lower_bound,
                              a->lower_bound + a->count - 1);
    s[n++] = '{';
    for (int i = 0; i < a->count; i++) {
        if (i > 0)
            s[n++] = ',';
        if (quoted[i])
            s[n++] = '"';
        for (size_t k = 0; k < lengths[i]; k++) {
            char c = texts[i][k];
            if (quoted[i] && (c == '"' || c == '\\'))
                s[n++] = '\\';
            s[n++] = c;
        }
        if (quoted[i])
            s[n++] = '"';
    }
    s[n++] = '}';
    s[n] = '\0';
    *out = s;
    *length = n;
    return true;
}

/* ---- order, casts, memory ---- */

int array_compare(const value *a, const value *b)
{
    const array_value *x = a->as.array, *y = b->as.array;
    int n = x->count < y->count ? x->count : y->count;
    for (int i = 0; i < n; i++) {
        const value *l = &x->elements[i], *r = &y->elements[i];
        if (l->is_null || r->is_null) {
            if (l->is_null != r->is_null)
                return l->is_null ? 1 : -1;
            continue;
        }
        int c = value_compare(l, r);
        if (c != 0)
            return c < 0 ? -1 : 1;
    }
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    if (x->count > 0 && x->lower_bound != y->lower_bound)
        return x->lower_bound < y->lower_bound ? -1 : 1;
    return 0;
}

bool array_cast(query_context *ctx, const value *in, uint32_t type, int32_t typmod,
                cast_context context, int location, value *out)
{
    const array_value *a = in->as.array;
    uint32_t element = type_array_element(type);
    array_value *result = array_new(ctx, element, a->count);
    if (result == NULL)
        return false;
    result->lower_bound = a->lower_bound;
    for (int i = 0; i < a->count; i++) {
        if (!value_cast(ctx, &a->elements[i], element, typmod, context, location,
                        &result->elements[i]))
            return false;
    }
    *out = value_array(result);
    return true;
}

bool array_detach(query_context *ctx, value *v)
{
    const array_value *a = v->as.array;
    array_value *copy = array_new(ctx, a->element_type, a->count);
    if (copy == NULL)
        return false;
    copy->lower_bound = a->lower_bound;
    memcpy(copy->elements, a->elements, (size_t)a->count * sizeof *copy->elements);
    if (!values_detach(ctx, copy->elements, a->count))
        return false;
    v->as.array = copy;
    return true;
}

size_t array_size(const value *v)
{
    const array_value *a = v->as.array;
    size_t bytes = sizeof *a + (size_t)a->count * sizeof(value);
    for (int i = 0; i < a->count; i++) {
        const value *e = &a->elements[i];
        if (!e->is_null && type_holds_text(e->type))
            bytes += e->as.text.length;
        else if (!e->is_null && e->type == TYPE_NUMERIC)
            bytes += (size_t)e->as.number.ndigits * sizeof(int16_t);
    }
    return bytes;
}

/* ---- functions ---- */

static bool dimension_is_one(const value *args)
{
    return args[0].as.array->count > 0 && args[1].as.integer == 1;
}

static bool fn_array_length(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = dimension_is_one(args) ? value_int(TYPE_INT4, args[0].as.array->count)
                                  : value_null(TYPE_INT4);
    return true;
}

static bool fn_array_lower(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = dimension_is_one(args) ? value_int(TYPE_INT4, args[0].as.array->lower_bound)
                                  : value_null(TYPE_INT4);
    return true;
}

static bool fn_array_upper(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const array_value *a = args[0].as.array;
    *out = dimension_is_one(args) ? value_int(TYPE_INT4, a->lower_bound + a->count - 1)
                                  : value_null(TYPE_INT4);
    return true;
}

static bool fn_cardinality(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = value_int(TYPE_INT4, args[0].as.array->count);
    return true;
}

static bool fn_array_ndims(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = args[0].as.array->count > 0 ? value_int(TYPE_INT4, 1) : value_null(TYPE_INT4);
    return true;
}

static bool fn_array_dims(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const array_value *a = args[0].as.array;
    if (a->count == 0) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    char *s = arena_printf(ctx->arena, "[%d:%d]", a->lower_bound, a->lower_bound + a->count - 1);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    *out = value_text(TYPE_TEXT, s, strlen(s));
    return true;
}

/* array_to_string(array, delimiter [, null_string]): NULL elements are skipped unless a
 * null_string stands in for them. */
static bool fn_array_to_string(query_context *ctx, const value *args, int n, value *out)
{
    if (args[0].is_null || args[1].is_null) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    const array_value *a = args[0].as.array;
    const value *null_string = n > 2 && !args[2].is_null ? &args[2] : NULL;
    size_t total = 1, used = 0;
    const char **texts = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *texts);
    size_t *lengths = arena_alloc(ctx->arena, (size_t)(a->count + 1) * sizeof *lengths);
    if (texts == NULL || lengths == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < a->count; i++) {
        if (a->elements[i].is_null) {
            texts[i] = null_string != NULL ? null_string->as.text.data : NULL;
            lengths[i] = null_string != NULL ? null_string->as.text.length : 0;
        } else if (!value_to_text(ctx, &a->elements[i], &texts[i], &lengths[i])) {
            return false;
        }
        total += lengths[i] + args[1].as.text.length;
    }
    char *s = arena_alloc(ctx->arena, total);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    bool first = true;
    for (int i = 0; i < a->count; i++) {
        if (texts[i] == NULL)
            continue;
        if (!first) {
            memcpy(s + used, args[1].as.text.data, args[1].as.text.length);
            used += args[1].as.text.length;
        }
        memcpy(s + used, texts[i], lengths[i]);
        used += lengths[i];
        first = false;
    }
    s[used] = '\0';
    *out = value_text(TYPE_TEXT, s, used);
    return true;
}

static bool same_element(const value *a, const value *b)
{
    if (a->is_null || b->is_null)
        return a->is_null && b->is_null;
    return value_compare(a, b) == 0;
}

/* array_position(array, value [, start]): the first subscript holding value (IS NOT
 * DISTINCT FROM, so NULL finds a NULL), at or after start. */
static bool fn_array_position(query_context *ctx, const value *args, int n, value *out)
{
    *out = value_null(TYPE_INT4);
    if (args[0].is_null)
        return true;
    const array_value *a = args[0].as.array;
    int start = 0;
    if (n > 2) {
        if (args[2].is_null)
            return query_fail(ctx, SQLSTATE_NULL_VALUE_NOT_ALLOWED, -1,
                              "initial position must not be null");
        int64_t from = args[2].as.integer - a->lower_bound;
        start = from < 0 ? 0 : from > a->count ? a->count : (int)from;
    }
    for (int i = start; i < a->count; i++) {
        if (same_element(&a->elements[i], &args[1])) {
            *out = value_int(TYPE_INT4, a->lower_bound + i);
            return true;
        }
    }
    return true;
}

static bool fn_array_positions(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null) {
        *out = value_null(type_array_of(TYPE_INT4));
        return true;
    }
    const array_value *a = args[0].as.array;
    array_value *result = array_new(ctx, TYPE_INT4, a->count);
    if (result == NULL)
        return false;
    result->count = 0;
    for (int i = 0; i < a->count; i++) {
        if (same_element(&a->elements[i], &args[1]))
            result->elements[result->count++] = value_int(TYPE_INT4, a->lower_bound + i);
    }
    *out = value_array(result);
    return true;
}

/* Joins two arrays (either may be NULL, and an element stands for a one-element array). */
static bool concatenate(query_context *ctx, uint32_t element_type, const value *left,
                        int left_count, const value *right, int right_count, int lower_bound,
                        value *out)
{
    if ((int64_t)left_count + right_count > ARRAY_MAX_ELEMENTS)
        return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1,
                          "array size exceeds the maximum allowed (%d)", ARRAY_MAX_ELEMENTS);
    array_value *result = array_new(ctx, element_type, left_count + right_count);
    if (result == NULL)
        return false;
    if (left_count > 0)
        memcpy(result->elements, left, (size_t)left_count * sizeof *left);
    if (right_count > 0)
        memcpy(result->elements + left_count, right, (size_t)right_count * sizeof *right);
    result->lower_bound = lower_bound;
    *out = value_array(result);
    return true;
}

static bool fn_array_append(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t element = type_array_element(args[0].type);
    if (args[0].is_null)
        return concatenate(ctx, element, NULL, 0, &args[1], 1, 1, out);
    const array_value *a = args[0].as.array;
    return concatenate(ctx, element, a->elements, a->count, &args[1], 1,
                       a->count > 0 ? a->lower_bound : 1, out);
}

static bool fn_array_prepend(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t element = type_array_element(args[1].type);
    if (args[1].is_null)
        return concatenate(ctx, element, &args[0], 1, NULL, 0, 1, out);
    const array_value *a = args[1].as.array;
    return concatenate(ctx, element, &args[0], 1, a->elements, a->count,
                       a->count > 0 ? a->lower_bound : 1, out);
}

static bool fn_array_cat(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null || args[1].is_null) {
        *out = args[0].is_null ? args[1] : args[0];
        return true;
    }
    const array_value *a = args[0].as.array, *b = args[1].as.array;
    if (a->count == 0) {
        *out = args[1];
        return true;
    }
    return concatenate(ctx, a->element_type, a->elements, a->count, b->elements, b->count,
                       a->lower_bound, out);
}

static bool fn_array_remove(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null) {
        *out = args[0];
        return true;
    }
    const array_value *a = args[0].as.array;
    array_value *result = array_new(ctx, a->element_type, a->count);
    if (result == NULL)
        return false;
    result->count = 0;
    for (int i = 0; i < a->count; i++) {
        if (!same_element(&a->elements[i], &args[1]))
            result->elements[result->count++] = a->elements[i];
    }
    *out = value_array(result);
    return true;
}

/* string_to_array(text, delimiter [, null_string]): a NULL delimiter splits into
 * characters, an empty one gives the whole string; an empty string gives {}. */
static bool fn_string_to_array(query_context *ctx, const value *args, int n, value *out)
{
    if (args[0].is_null) {
        *out = value_null(type_array_of(TYPE_TEXT));
        return true;
    }
    const char *s = args[0].as.text.data;
    size_t length = args[0].as.text.length;
    const value *null_string = n > 2 && !args[2].is_null ? &args[2] : NULL;
    array_value *result = array_new(ctx, TYPE_TEXT, (int)(length > 0 ? length : 1));
    if (result == NULL)
        return false;
    result->count = 0;
    if (length > 0) {
        size_t start = 0;
        const char *delimiter = args[1].is_null ? NULL : args[1].as.text.data;
        size_t delimiter_length = args[1].is_null ? 0 : args[1].as.text.length;
        while (start <= length) {
            size_t end;
            if (delimiter == NULL) {
                unsigned char c = (unsigned char)s[start];
                size_t width = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                          : (c & 0xF8) == 0xF0 ? 4 : 1;
                end = start + width < length ? start + width : length;
            } else if (delimiter_length == 0) {
                end = length;
            } else {
                end = start;
                while (end + delimiter_length <= length &&
                       memcmp(s + end, delimiter, delimiter_length) != 0)
                    end++;
                if (end + delimiter_length > length)
                    end = length;
            }
            value *e = &result->elements[result->count++];
            size_t piece = end - start;
            if (null_string != NULL && piece == null_string->as.text.length &&
                memcmp(s + start, null_string->as.text.data, piece) == 0)
                *e = value_null(TYPE_TEXT);
            else
                *e = value_text(TYPE_TEXT, s + start, piece);
            if (end >= length)
                break;
            start = end + (delimiter == NULL ? 0 : delimiter_length);
            if (delimiter == NULL && start >= length)
                break;
        }
    }
    *out = value_array(result);
    return true;
}

static const array_function array_functions[] = {
    {"array_length", "Ai", 'i', false, true, fn_array_length},
    {"array_lower", "Ai", 'i', false, true, fn_array_lower},
    {"array_upper", "Ai", 'i', false, true, fn_array_upper},
    {"cardinality", "A", 'i', false, true, fn_cardinality},
    {"array_ndims", "A", 'i', false, true, fn_array_ndims},
    {"array_dims", "A", 't', false, true, fn_array_dims},
    {"array_to_string", "At", 't', false, true, fn_array_to_string},
    {"array_to_string", "Att", 't', false, false, fn_array_to_string},
    {"array_position", "AE", 'i', true, false, fn_array_position},
    {"array_position", "AEi", 'i', true, false, fn_array_position},
    {"array_positions", "AE", 'I', true, false, fn_array_positions},
    {"array_append", "AE", 'A', true, false, fn_array_append},
    {"array_prepend", "EA", 'A', true, false, fn_array_prepend},
    {"array_cat", "AA", 'A', true, false, fn_array_cat},
    {"array_remove", "AE", 'A', true, false, fn_array_remove},
    {"string_to_array", "tt", 'T', false, false, fn_string_to_array},
    {"string_to_array", "ttt", 'T', false, false, fn_string_to_array},
};

const array_function *array_function_lookup(const char *name, int arg_count)
{
    for (size_t i = 0; i < sizeof array_functions / sizeof array_functions[0]; i++) {
        if (strcmp(array_functions[i].name, name) == 0 &&
            (int)strlen(array_functions[i].arguments) == arg_count)
            return &array_functions[i];
    }
    return NULL;
}
