/*
 * Unit tests for query/json.c. Expected texts, errors and orders were produced by
 * PostgreSQL 15 (psql against a scratch server), so a failure here is a difference from
 * PostgreSQL.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/json.h"

#define N_ELEMS(array) (sizeof(array) / sizeof((array)[0]))

static arena *a;
static query_context ctx;

static void setup(void)
{
    a = arena_create(4096);
    ck_assert_ptr_nonnull(a);
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = a;
}

static void teardown(void)
{
    arena_destroy(a);
}

static value must_read(uint32_t type, const char *text)
{
    value v;
    bool ok = json_from_text(&ctx, type, text, strlen(text), -1, &v);
    ck_assert_msg(ok, "reading %s failed: %s %s", text, ctx.error.sqlstate, ctx.error.message);
    ck_assert_uint_eq(v.type, type);
    return v;
}

static void expect_text(const value *v, const char *expected)
{
    ck_assert_msg(!v->is_null, "expected '%s', got NULL", expected);
    ck_assert_msg(v->as.text.length == strlen(expected) &&
                      memcmp(v->as.text.data, expected, v->as.text.length) == 0,
                  "got '%.*s', expected '%s'", (int)v->as.text.length, v->as.text.data, expected);
}

/* ---- jsonb's canonical text ---- */

static const struct {
    const char *input;
    const char *output;
} canonical_cases[] = {
    {"{\"b\":1,\"a\":2,\"aa\":3,\"a\":4}", "{\"a\": 4, \"b\": 1, \"aa\": 3}"},
    {"{\"a\":1,\"a\":{\"x\":1},\"a\":3}", "{\"a\": 3}"},
    {"{\"a\":{\"x\":1,\"x\":2}}", "{\"a\": {\"x\": 2}}"},
    {"{\"b\":1, \"a\":{\"d\":1,\"c\":2}, \"aaa\": [ {\"z\":1,\"y\":2} ], \"aa\":null}",
     "{\"a\": {\"c\": 2, \"d\": 1}, \"b\": 1, \"aa\": null, \"aaa\": [{\"y\": 2, \"z\": 1}]}"},
    {" [ 1 , \"a\" , null , true , false ] ", "[1, \"a\", null, true, false]"},
    {"[]", "[]"},
    {"{}", "{}"},
    {"[[]]", "[[]]"},
    {"[{}]", "[{}]"},
    {"{\"a\":[]}", "{\"a\": []}"},
    {"1e2", "100"},
    {"1.50", "1.50"},
    {"123456789012345678901234567890", "123456789012345678901234567890"},
    {"-0", "0"},
    {"-0.0", "0.0"},
    {"1E-3", "0.001"},
    {"0.0e5", "0"},
    {"1.0E+2", "100"},
    {"12345678901234567890.12345678901234567890e-5", "123456789012345.6789012345678901234567890"},
    {"-1.5e-3", "-0.0015"},
    {"1e-20", "0.00000000000000000001"},
    {"\"x\\u0041y\\u00e9\\ud83d\\ude00\\/\\b\\f\\r\\t\\u001f\\u007f\"",
     "\"xAy\xc3\xa9\xf0\x9f\x98\x80/\\b\\f\\r\\t\\u001f\x7f\""},
    {"\"\\\"\\\\\"", "\"\\\"\\\\\""},
    {"{\"z\":1,\"yy\":2,\"x\":3,\"aaa\":4,\"bb\":5}",
     "{\"x\": 3, \"z\": 1, \"bb\": 5, \"yy\": 2, \"aaa\": 4}"},
    {"{\"b\":1,\"\xc3\xa9\":2,\"z\":3}", "{\"b\": 1, \"z\": 3, \"\xc3\xa9\": 2}"},
};

START_TEST(canonical_text)
{
    value v = must_read(TYPE_JSONB, canonical_cases[_i].input);
    expect_text(&v, canonical_cases[_i].output);
    /* The canonical text reads back as itself. */
    char *again = arena_strndup(a, v.as.text.data, v.as.text.length);
    value w = must_read(TYPE_JSONB, again);
    expect_text(&w, canonical_cases[_i].output);
}
END_TEST

START_TEST(json_keeps_its_text)
{
    const char *text = "  {\"b\" : 1,\"a\":[1e2 , \"\\u0000\", \"\\ud83d\"]}  ";
    value v = must_read(TYPE_JSON, text);
    expect_text(&v, text);
}
END_TEST

/* ---- errors, as PostgreSQL words them ---- */

static const struct {
    uint32_t type;
    const char *input;
    const char *sqlstate;
    const char *message;
    const char *detail;
    const char *context;
} error_cases[] = {
    {TYPE_JSON, "{a:1}", "22P02", "invalid input syntax for type json", "Token \"a\" is invalid.",
     "JSON data, line 1: {a..."},
    {TYPE_JSONB, "{a:1}", "22P02", "invalid input syntax for type json", "Token \"a\" is invalid.",
     "JSON data, line 1: {a..."},
    {TYPE_JSON, "{\"a\" 1}", "22P02", "invalid input syntax for type json",
     "Expected \":\", but found \"1\".", "JSON data, line 1: {\"a\" 1..."},
    {TYPE_JSON, "{\"a\":1", "22P02", "invalid input syntax for type json",
     "The input string ended unexpectedly.", "JSON data, line 1: {\"a\":1"},
    {TYPE_JSON, "", "22P02", "invalid input syntax for type json",
     "The input string ended unexpectedly.", "JSON data, line 1: "},
    {TYPE_JSON, "01", "22P02", "invalid input syntax for type json", "Token \"01\" is invalid.",
     "JSON data, line 1: 01"},
    {TYPE_JSON, "1.", "22P02", "invalid input syntax for type json", "Token \"1.\" is invalid.",
     "JSON data, line 1: 1."},
    {TYPE_JSON, ".5", "22P02", "invalid input syntax for type json", "Token \".\" is invalid.",
     "JSON data, line 1: ...."},
    {TYPE_JSON, "+1", "22P02", "invalid input syntax for type json", "Token \"+\" is invalid.",
     "JSON data, line 1: +..."},
    {TYPE_JSON, "\"a\tb\"", "22P02", "invalid input syntax for type json",
     "Character with value 0x09 must be escaped.", "JSON data, line 1: \"a..."},
    {TYPE_JSON, "\"a\nb\"", "22P02", "invalid input syntax for type json",
     "Character with value 0x0a must be escaped.", "JSON data, line 1: \"a"},
    {TYPE_JSON, "{\n\"a\":\n  1,\n  bad}", "22P02", "invalid input syntax for type json",
     "Token \"bad\" is invalid.", "JSON data, line 4:   bad..."},
    {TYPE_JSON,
     "{\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\": 1, \"x\": trux, \"y\": 3}",
     "22P02", "invalid input syntax for type json", "Token \"trux\" is invalid.",
     "JSON data, line 1: ...stuvwxyzabcdefghijklmnopqrstuvwxyz\": 1, \"x\": trux..."},
    {TYPE_JSON, "\"\\x\"", "22P02", "invalid input syntax for type json",
     "Escape sequence \"\\x\" is invalid.", "JSON data, line 1: \"\\x..."},
    {TYPE_JSON, "\"\\u00zz\"", "22P02", "invalid input syntax for type json",
     "\"\\u\" must be followed by four hexadecimal digits.", "JSON data, line 1: \"\\u00z..."},
    {TYPE_JSONB, "\"\\u0000\"", "22P05", "unsupported Unicode escape sequence",
     "\\u0000 cannot be converted to text.", "JSON data, line 1: \"\\u0000..."},
    {TYPE_JSONB, "\"\\ud83d\"", "22P02", "invalid input syntax for type json",
     "Unicode low surrogate must follow a high surrogate.", "JSON data, line 1: \"\\ud83d\""},
    {TYPE_JSONB, "\"\\ude00\"", "22P02", "invalid input syntax for type json",
     "Unicode low surrogate must follow a high surrogate.", "JSON data, line 1: \"\\ude00..."},
    {TYPE_JSONB, "\"\\ud83d\\ud83d\"", "22P02", "invalid input syntax for type json",
     "Unicode high surrogate must not follow a high surrogate.",
     "JSON data, line 1: \"\\ud83d\\ud83d..."},
    {TYPE_JSON, "[1,2] x", "22P02", "invalid input syntax for type json",
     "Token \"x\" is invalid.", "JSON data, line 1: [1,2] x"},
    {TYPE_JSON, "[1 2]", "22P02", "invalid input syntax for type json",
     "Expected \",\" or \"]\", but found \"2\".", "JSON data, line 1: [1 2..."},
    {TYPE_JSON, "{\"a\":1,}", "22P02", "invalid input syntax for type json",
     "Expected string, but found \"}\".", "JSON data, line 1: {\"a\":1,}"},
    {TYPE_JSON, "{1:2}", "22P02", "invalid input syntax for type json",
     "Expected string or \"}\", but found \"1\".", "JSON data, line 1: {1..."},
    {TYPE_JSON, "[1,]", "22P02", "invalid input syntax for type json",
     "Expected JSON value, but found \"]\".", "JSON data, line 1: [1,]"},
    {TYPE_JSON, "true false", "22P02", "invalid input syntax for type json",
     "Expected end of input, but found \"false\".", "JSON data, line 1: true false"},
    {TYPE_JSONB, "[1, 1e200000]", "22003", "value overflows numeric format", NULL, NULL},
    /* PostgreSQL converts a number only after reading the token that follows it. */
    {TYPE_JSONB, "[1e200000 x]", "22P02", "invalid input syntax for type json",
     "Token \"x\" is invalid.", "JSON data, line 1: [1e200000 x..."},
};

START_TEST(input_errors)
{
    const char *input = error_cases[_i].input;
    value v;
    ck_assert(!json_from_text(&ctx, error_cases[_i].type, input, strlen(input), -1, &v));
    ck_assert_str_eq(ctx.error.sqlstate, error_cases[_i].sqlstate);
    ck_assert_str_eq(ctx.error.message, error_cases[_i].message);
    if (error_cases[_i].detail == NULL)
        ck_assert_ptr_null(ctx.error.detail);
    else
        ck_assert_str_eq(ctx.error.detail, error_cases[_i].detail);
    if (error_cases[_i].context == NULL)
        ck_assert_ptr_null(ctx.error.context);
    else
        ck_assert_str_eq(ctx.error.context, error_cases[_i].context);
}
END_TEST

START_TEST(json_accepts_what_only_jsonb_refuses)
{
    must_read(TYPE_JSON, "\"\\u0000\"");
    must_read(TYPE_JSON, "\"\\ud83d\"");
    must_read(TYPE_JSON, "[1e200000]");
}
END_TEST

static char *nested(const char *open, const char *middle, const char *close, int depth)
{
    size_t o = strlen(open), m = strlen(middle), c = strlen(close);
    char *s = arena_alloc(a, (size_t)depth * (o + c) + m + 1);
    ck_assert_ptr_nonnull(s);
    size_t at = 0;
    for (int i = 0; i < depth; i++, at += o)
        memcpy(s + at, open, o);
    memcpy(s + at, middle, m);
    at += m;
    for (int i = 0; i < depth; i++, at += c)
        memcpy(s + at, close, c);
    s[at] = '\0';
    return s;
}

START_TEST(deep_nesting)
{
    /* As deep as allowed: read, printed, compared and keyed without recursion. */
    char *arrays = nested("[", "1", "]", JSON_MAX_DEPTH);
    value v = must_read(TYPE_JSONB, arrays);
    expect_text(&v, arrays);
    char *objects = nested("{\"a\": ", "{}", "}", JSON_MAX_DEPTH - 1);
    value w = must_read(TYPE_JSONB, objects);
    expect_text(&w, objects);
    ck_assert_int_eq(jsonb_compare(v.as.text.data, v.as.text.length, w.as.text.data,
                                   w.as.text.length), -1);
    char *copy = arena_strndup(a, v.as.text.data, v.as.text.length);
    ck_assert_int_eq(jsonb_compare(v.as.text.data, v.as.text.length, copy, v.as.text.length), 0);
    key_buffer k;
    key_init(&k);
    jsonb_key_append(&k, v.as.text.data, v.as.text.length);
    ck_assert(k.overflow); /* longer than a key may be: the caller says so */
    value element;
    ck_assert(json_array_element(&ctx, &v, 0, false, &element));
    ck_assert_uint_eq(element.as.text.length, v.as.text.length - 2);

    char *too_deep = nested("[", "", "]", JSON_MAX_DEPTH + 1);
    ck_assert(!json_from_text(&ctx, TYPE_JSON, too_deep, strlen(too_deep), -1, &v));
    ck_assert_str_eq(ctx.error.sqlstate, "54001");
    ck_assert(!json_from_text(&ctx, TYPE_JSONB, too_deep, strlen(too_deep), -1, &v));
    ck_assert_str_eq(ctx.error.sqlstate, "54001");
}
END_TEST

/* ---- -> and ->> ---- */

static void expect_field(uint32_t type, const char *doc, const char *key, bool as_text,
                         const char *expected)
{
    value d = must_read(type, doc), out;
    ck_assert(json_object_field(&ctx, &d, key, strlen(key), as_text, &out));
    ck_assert_uint_eq(out.type, as_text ? TYPE_TEXT : type);
    if (expected == NULL)
        ck_assert_msg(out.is_null, "%s -> %s: expected NULL", doc, key);
    else
        expect_text(&out, expected);
}

static void expect_element(uint32_t type, const char *doc, int64_t index, bool as_text,
                           const char *expected)
{
    value d = must_read(type, doc), out;
    ck_assert(json_array_element(&ctx, &d, index, as_text, &out));
    if (expected == NULL)
        ck_assert_msg(out.is_null, "%s -> %lld: expected NULL", doc, (long long)index);
    else
        expect_text(&out, expected);
}

START_TEST(lookups)
{
    const char *doc = "{\"a\" : { \"b\" :  [1, 2 ,3] } , \"c\":null, \"d\": \"x\\u0041\\n\"}";
    expect_field(TYPE_JSON, doc, "a", false, "{ \"b\" :  [1, 2 ,3] }");
    expect_field(TYPE_JSONB, doc, "a", false, "{\"b\": [1, 2, 3]}");
    expect_field(TYPE_JSON, doc, "c", false, "null");
    expect_field(TYPE_JSON, doc, "c", true, NULL);
    expect_field(TYPE_JSONB, doc, "c", true, NULL);
    expect_field(TYPE_JSON, doc, "d", false, "\"x\\u0041\\n\"");
    expect_field(TYPE_JSON, doc, "d", true, "xA\n");
    expect_field(TYPE_JSONB, doc, "d", false, "\"xA\\n\"");
    expect_field(TYPE_JSON, doc, "b", false, NULL);
    expect_field(TYPE_JSON, "{\"a\":1, \"a\":2}", "a", false, "2");
    expect_field(TYPE_JSON, "{\"a\":1e2}", "a", true, "1e2");
    expect_field(TYPE_JSONB, "{\"a\":1e2}", "a", true, "100");
    expect_field(TYPE_JSON, "[1]", "a", false, NULL);
    expect_field(TYPE_JSONB, "\"a\"", "a", false, NULL);
    expect_field(TYPE_JSON, "{\"\":1}", "", false, "1");

    expect_element(TYPE_JSON, "[1, 2 , 3 ]", 0, false, "1");
    expect_element(TYPE_JSON, "[1, 2 , 3 ]", -1, false, "3");
    expect_element(TYPE_JSON, "[1, 2 , 3 ]", -3, false, "1");
    expect_element(TYPE_JSON, "[1, 2 , 3 ]", -4, false, NULL);
    expect_element(TYPE_JSON, "[1, 2 , 3 ]", 3, false, NULL);
    expect_element(TYPE_JSON, "[  1  ,  {\"x\" :  2}  ]", 1, false, "{\"x\" :  2}");
    expect_element(TYPE_JSONB, "[  1  ,  {\"x\" :  2}  ]", 1, true, "{\"x\": 2}");
    expect_element(TYPE_JSON, "{\"a\":1}", 0, false, NULL);
    expect_element(TYPE_JSON, "\"abc\"", 0, false, NULL);
    /* A jsonb scalar is an array of one to -> integer. */
    expect_element(TYPE_JSONB, "\"abc\"", 0, false, "\"abc\"");
    expect_element(TYPE_JSONB, "\"abc\"", -1, true, "abc");
    expect_element(TYPE_JSONB, "\"abc\"", 1, false, NULL);
    expect_element(TYPE_JSONB, "null", 0, true, NULL);
    expect_element(TYPE_JSONB, "[]", 0, false, NULL);
    expect_element(TYPE_JSONB, "[]", -1, false, NULL);
}
END_TEST

START_TEST(lookups_decode_the_whole_json_document)
{
    value d = must_read(TYPE_JSON, "{\"a\":1, \"b\":\"\\ud83d\"}"), out;
    ck_assert(!json_object_field(&ctx, &d, "a", 1, false, &out));
    ck_assert_str_eq(ctx.error.sqlstate, "22P02");
    ck_assert_str_eq(ctx.error.detail, "Unicode low surrogate must follow a high surrogate.");
    ck_assert_str_eq(ctx.error.context, "JSON data, line 1: {\"a\":1, \"b\":\"\\ud83d\"...");
    d = must_read(TYPE_JSON, "[\"\\u0000\"]");
    ck_assert(!json_array_element(&ctx, &d, -1, true, &out));
    ck_assert_str_eq(ctx.error.sqlstate, "22P05");
}
END_TEST

START_TEST(typeof_length_pretty_and_casts)
{
    static const struct {
        uint32_t type;
        const char *doc, *name;
    } kinds[] = {
        {TYPE_JSON, " 1 ", "number"},     {TYPE_JSON, "\"x\"", "string"},
        {TYPE_JSON, "[]", "array"},       {TYPE_JSON, "{}", "object"},
        {TYPE_JSONB, "null", "null"},     {TYPE_JSONB, " false ", "boolean"},
    };
    for (size_t i = 0; i < N_ELEMS(kinds); i++) {
        value d = must_read(kinds[i].type, kinds[i].doc), out;
        ck_assert(json_typeof(&ctx, &d, &out));
        expect_text(&out, kinds[i].name);
    }
    value d = must_read(TYPE_JSON, "[1, [2, 3], {\"a\": [4]}]"), out;
    ck_assert(json_array_length(&ctx, &d, &out));
    ck_assert_int_eq(out.as.integer, 3);
    d = must_read(TYPE_JSONB, "{}");
    ck_assert(!json_array_length(&ctx, &d, &out));
    ck_assert_str_eq(ctx.error.message, "cannot get array length of a non-array");
    d = must_read(TYPE_JSONB, "1");
    ck_assert(!json_array_length(&ctx, &d, &out));
    ck_assert_str_eq(ctx.error.message, "cannot get array length of a scalar");

    d = must_read(TYPE_JSONB, "{\"a\":1,\"b\":[1,{\"c\":[]}],\"d\":{}}");
    ck_assert(jsonb_pretty(&ctx, &d, &out));
    expect_text(&out, "{\n    \"a\": 1,\n    \"b\": [\n        1,\n        {\n"
                      "            \"c\": [\n            ]\n        }\n    ],\n"
                      "    \"d\": {\n    }\n}");

    d = must_read(TYPE_JSONB, "2.5");
    ck_assert(jsonb_cast_scalar(&ctx, &d, TYPE_INT4, &out));
    ck_assert_int_eq(out.as.integer, 3);
    d = must_read(TYPE_JSONB, "true");
    ck_assert(jsonb_cast_scalar(&ctx, &d, TYPE_BOOL, &out));
    ck_assert(out.as.boolean);
    ck_assert(!jsonb_cast_scalar(&ctx, &d, TYPE_NUMERIC, &out));
    ck_assert_str_eq(ctx.error.message, "cannot cast jsonb boolean to type numeric");
    d = must_read(TYPE_JSONB, "[1]");
    ck_assert(!jsonb_cast_scalar(&ctx, &d, TYPE_FLOAT8, &out));
    ck_assert_str_eq(ctx.error.message, "cannot cast jsonb array to type double precision");
    d = must_read(TYPE_JSONB, "1e10");
    ck_assert(!jsonb_cast_scalar(&ctx, &d, TYPE_INT4, &out));
    ck_assert_str_eq(ctx.error.message, "integer out of range");
}
END_TEST

/* ---- order ---- */

/* Distinct values in the order PostgreSQL 15 sorts them (ORDER BY on a jsonb column). */
static const char *const sorted[] = {
    "[]", "null", "\"\"", "\"\\u0001\"", "\"a\"", "\"ab\"", "\"b\"", "\"z\"", "\"\xc3\xa9\"",
    "-123456789012345678901234567890.5", "-1", "-0.5", "0.00001", "1", "1.5", "99.99", "100",
    "123456789012345678901234567890", "false", "true", "[null]", "[\"a\"]", "[1]", "[2]",
    "[true]", "[[]]", "[[null]]", "[[1, 2]]", "[{}]", "[null, null]", "[1, \"a\"]", "[1, 2]",
    "[1, [2]]", "[1, [2, 3]]", "[2, 1]", "[[1], [2]]", "{}", "{\"\": 0}", "{\"a\": null}",
    "{\"a\": \"x\"}", "{\"a\": 1}", "{\"a\": 2}", "{\"a\": []}", "{\"a\": {}}",
    "{\"a\": {\"a\": 1}}", "{\"a\": {\"b\": 1}}", "{\"aa\": 1}", "{\"b\": 1}",
    "{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"c\": 0}", "{\"b\": 1, \"c\": 2}",
};

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static int key_order(const value *x, const value *y)
{
    key_buffer kx, ky;
    key_init(&kx);
    key_init(&ky);
    jsonb_key_append(&kx, x->as.text.data, x->as.text.length);
    jsonb_key_append(&ky, y->as.text.data, y->as.text.length);
    ck_assert(!kx.overflow && !ky.overflow);
    size_t n = kx.length < ky.length ? kx.length : ky.length;
    int c = memcmp(kx.bytes, ky.bytes, n);
    if (c == 0)
        c = (kx.length > ky.length) - (kx.length < ky.length);
    return sign(c);
}

static int order(const value *x, const value *y)
{
    return sign(jsonb_compare(x->as.text.data, x->as.text.length, y->as.text.data,
                              y->as.text.length));
}

START_TEST(postgresql_order)
{
    value values[N_ELEMS(sorted)];
    for (size_t i = 0; i < N_ELEMS(sorted); i++)
        values[i] = must_read(TYPE_JSONB, sorted[i]);
    for (size_t i = 0; i < N_ELEMS(sorted); i++) {
        for (size_t j = 0; j < N_ELEMS(sorted); j++) {
            int expected = (i > j) - (i < j);
            ck_assert_msg(order(&values[i], &values[j]) == expected, "%s vs %s", sorted[i],
                          sorted[j]);
            ck_assert_msg(key_order(&values[i], &values[j]) == expected, "keys of %s vs %s",
                          sorted[i], sorted[j]);
        }
    }
}
END_TEST

START_TEST(equal_numbers_of_any_scale)
{
    value x = must_read(TYPE_JSONB, "{\"a\": [1.0, -0.50, 100]}");
    value y = must_read(TYPE_JSONB, "{\"a\": [1.00, -0.5, 1e2]}");
    ck_assert_int_eq(order(&x, &y), 0);
    ck_assert_int_eq(key_order(&x, &y), 0);
}
END_TEST

/* Random documents from a small pool of parts, so that ties and near-ties are common. */
static uint64_t random_state = 88172645463325252u;

static unsigned next_random(unsigned bound)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return (unsigned)(random_state % bound);
}

static void random_document(char *out, size_t cap, size_t *at, int depth)
{
    static const char *const scalars[] = {
        "null", "true", "false", "0", "1", "1.0", "-1", "0.5", "10", "1e1", "-0.25",
        "123456789012345678901234567890.5", "1234567890123456789012345678901", "-0.000001",
        "-1e-6", "10000", "9999.9999",
        "\"\"", "\"a\"", "\"ab\"", "\"b\"", "\"\\u00e9\"", "\"a\\nb\"",
    };
    static const char *const keys[] = {"\"a\"", "\"b\"", "\"aa\"", "\"\""};
    unsigned kind = depth >= 3 ? 0 : next_random(4);
    const char *piece;
    if (kind == 0 || kind == 1) {
        piece = scalars[next_random(N_ELEMS(scalars))];
        *at += (size_t)snprintf(out + *at, cap - *at, "%s", piece);
        return;
    }
    bool object = kind == 3;
    unsigned n = next_random(4);
    *at += (size_t)snprintf(out + *at, cap - *at, "%s", object ? "{" : "[");
    for (unsigned i = 0; i < n; i++) {
        if (i > 0)
            *at += (size_t)snprintf(out + *at, cap - *at, ",");
        if (object)
            *at += (size_t)snprintf(out + *at, cap - *at, "%s:", keys[next_random(N_ELEMS(keys))]);
        random_document(out, cap, at, depth + 1);
    }
    *at += (size_t)snprintf(out + *at, cap - *at, "%s", object ? "}" : "]");
}

static int compare_keys(const key_buffer *x, const key_buffer *y)
{
    size_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(x->bytes, y->bytes, n);
    if (c == 0)
        c = (x->length > y->length) - (x->length < y->length);
    return sign(c);
}

START_TEST(compare_agrees_with_keys)
{
    enum { COUNT = 250 };
    value *docs = arena_alloc(a, COUNT * sizeof *docs);
    key_buffer *keys = arena_alloc(a, COUNT * sizeof *keys);
    ck_assert_ptr_nonnull(docs);
    ck_assert_ptr_nonnull(keys);
    for (int i = 0; i < COUNT; i++) {
        char text[4096];
        size_t at = 0;
        random_document(text, sizeof text, &at, 0);
        docs[i] = must_read(TYPE_JSONB, arena_strdup(a, text));
        key_init(&keys[i]);
        jsonb_key_append(&keys[i], docs[i].as.text.data, docs[i].as.text.length);
        ck_assert(!keys[i].overflow);
    }
    for (int i = 0; i < COUNT; i++) {
        for (int j = 0; j < COUNT; j++) {
            int c = order(&docs[i], &docs[j]);
            ck_assert_msg(c == -order(&docs[j], &docs[i]), "antisymmetry: %.*s vs %.*s",
                          (int)docs[i].as.text.length, docs[i].as.text.data,
                          (int)docs[j].as.text.length, docs[j].as.text.data);
            ck_assert_msg(c == compare_keys(&keys[i], &keys[j]), "keys disagree: %.*s vs %.*s",
                          (int)docs[i].as.text.length, docs[i].as.text.data,
                          (int)docs[j].as.text.length, docs[j].as.text.data);
        }
    }
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");

    TCase *tc = tcase_create("input");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, canonical_text, 0, N_ELEMS(canonical_cases));
    tcase_add_test(tc, json_keeps_its_text);
    tcase_add_loop_test(tc, input_errors, 0, N_ELEMS(error_cases));
    tcase_add_test(tc, json_accepts_what_only_jsonb_refuses);
    tcase_add_test(tc, deep_nesting);
    suite_add_tcase(s, tc);

    tc = tcase_create("operators");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, lookups);
    tcase_add_test(tc, lookups_decode_the_whole_json_document);
    tcase_add_test(tc, typeof_length_pretty_and_casts);
    suite_add_tcase(s, tc);

    tc = tcase_create("order");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, postgresql_order);
    tcase_add_test(tc, equal_numbers_of_any_scale);
    tcase_add_test(tc, compare_agrees_with_keys);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(json_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
