/*
 * Unit tests for query/numeric.c. Every expected value below was produced by
 * PostgreSQL 15 (psql against a scratch server), so a failure here is a difference from
 * PostgreSQL, not from someone's idea of it.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/numeric.h"

#define N_ELEMS(array) (sizeof(array) / sizeof((array)[0]))

static arena *A;

static void setup(void)
{
    A = arena_create(4096);
    ck_assert_ptr_nonnull(A);
}

static void teardown(void)
{
    arena_destroy(A);
}

static numeric_status parse(const char *text, numeric *out)
{
    return numeric_from_text(A, text, strlen(text), out);
}

static numeric must_parse(const char *text)
{
    numeric n;
    numeric_status st = parse(text, &n);
    ck_assert_msg(st == NUMERIC_OK, "parsing \"%s\" failed with status %d", text, st);
    return n;
}

static const char *to_text(const numeric *n)
{
    char *s = NULL;
    ck_assert_int_eq(numeric_to_text(A, n, &s), NUMERIC_OK);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* Checks a status and, when it is NUMERIC_OK, the printed value. */
static void check_result(const char *what, numeric_status st, const numeric *n,
                         numeric_status want_st, const char *want)
{
    ck_assert_msg(st == want_st, "%s: status %d, want %d", what, st, want_st);
    if (want_st == NUMERIC_OK)
        ck_assert_msg(strcmp(to_text(n), want) == 0, "%s = %s, want %s", what, to_text(n),
                      want);
}

/* The representation invariant of numeric.h: no leading or trailing zero digits,
 * zero is unsigned with weight 0, digits are base 10000. */
static void check_normalized(const numeric *n)
{
    if (n->kind != NUMERIC_FINITE)
        return;
    if (n->ndigits == 0) {
        ck_assert(!n->negative);
        ck_assert_int_eq(n->weight, 0);
        return;
    }
    ck_assert_int_ne(n->digits[0], 0);
    ck_assert_int_ne(n->digits[n->ndigits - 1], 0);
    for (int i = 0; i < n->ndigits; i++) {
        ck_assert_int_ge(n->digits[i], 0);
        ck_assert_int_lt(n->digits[i], NUMERIC_BASE);
    }
}

/* ---------------------------------------------------------------------------------- */
/* Text input and output                                                               */

static const struct {
    const char *in;
    numeric_status status;
    const char *out;
} io_cases[] = {
    {"0", NUMERIC_OK, "0"},
    {"-0", NUMERIC_OK, "0"},
    {"+0", NUMERIC_OK, "0"},
    {"0.000", NUMERIC_OK, "0.000"},
    {"-0.00", NUMERIC_OK, "0.00"},
    {"00012.3400", NUMERIC_OK, "12.3400"},
    {"1", NUMERIC_OK, "1"},
    {"-1", NUMERIC_OK, "-1"},
    {"+1", NUMERIC_OK, "1"},
    {"12345678", NUMERIC_OK, "12345678"},
    {"123456789", NUMERIC_OK, "123456789"},
    {"-123456789.987654321", NUMERIC_OK, "-123456789.987654321"},
    {"0.5", NUMERIC_OK, "0.5"},
    {".5", NUMERIC_OK, "0.5"},
    {"5.", NUMERIC_OK, "5"},
    {"-.5", NUMERIC_OK, "-0.5"},
    {"0.0001", NUMERIC_OK, "0.0001"},
    {"0.00001", NUMERIC_OK, "0.00001"},
    {"-0.00010", NUMERIC_OK, "-0.00010"},
    {"3.14159265358979323846264338327950288419716939937510", NUMERIC_OK, "3.14159265358979323846264338327950288419716939937510"},
    {"12345678901234567890123456789012345678901234567890", NUMERIC_OK, "12345678901234567890123456789012345678901234567890"},
    {"-99999999999999999999999999999999999999999999.99999", NUMERIC_OK, "-99999999999999999999999999999999999999999999.99999"},
    {"10000", NUMERIC_OK, "10000"},
    {"100000000", NUMERIC_OK, "100000000"},
    {"1000000000000", NUMERIC_OK, "1000000000000"},
    {"1.5e3", NUMERIC_OK, "1500"},
    {"1.50e1", NUMERIC_OK, "15.0"},
    {"1E-3", NUMERIC_OK, "0.001"},
    {"1e-3", NUMERIC_OK, "0.001"},
    {"-2.5E+10", NUMERIC_OK, "-25000000000"},
    {"1.e5", NUMERIC_OK, "100000"},
    {"1e 5", NUMERIC_OK, "100000"},
    {"1e +5", NUMERIC_OK, "100000"},
    {"  -1.50e3 ", NUMERIC_OK, "-1500"},
    {"\t42\t", NUMERIC_OK, "42"},
    {"0e1073741822", NUMERIC_OK, "0"},
    {"0e1073741823", NUMERIC_OUT_OF_RANGE, NULL},
    {"1e1073741823x", NUMERIC_OUT_OF_RANGE, NULL},
    {"1e99999999999", NUMERIC_OUT_OF_RANGE, NULL},
    {"0e-16384", NUMERIC_OUT_OF_RANGE, NULL},
    {"1e-16384", NUMERIC_OUT_OF_RANGE, NULL},
    {"1e131072", NUMERIC_OUT_OF_RANGE, NULL},
    {"1.23456e-2", NUMERIC_OK, "0.0123456"},
    {"123.456e-10", NUMERIC_OK, "0.0000000123456"},
    {"NaN", NUMERIC_OK, "NaN"},
    {"nan", NUMERIC_OK, "NaN"},
    {" NaN ", NUMERIC_OK, "NaN"},
    {"Infinity", NUMERIC_OK, "Infinity"},
    {"-Infinity", NUMERIC_OK, "-Infinity"},
    {"+infinity", NUMERIC_OK, "Infinity"},
    {"inf", NUMERIC_OK, "Infinity"},
    {"-INF", NUMERIC_OK, "-Infinity"},
    {"+Inf", NUMERIC_OK, "Infinity"},
    {"infinit", NUMERIC_INVALID_SYNTAX, NULL},
    {"Infinityx", NUMERIC_INVALID_SYNTAX, NULL},
    {"NaNa", NUMERIC_INVALID_SYNTAX, NULL},
    {".", NUMERIC_INVALID_SYNTAX, NULL},
    {"-", NUMERIC_INVALID_SYNTAX, NULL},
    {"+", NUMERIC_INVALID_SYNTAX, NULL},
    {"e5", NUMERIC_INVALID_SYNTAX, NULL},
    {"1e", NUMERIC_INVALID_SYNTAX, NULL},
    {"1e+", NUMERIC_INVALID_SYNTAX, NULL},
    {"1e5.5", NUMERIC_INVALID_SYNTAX, NULL},
    {"1..2", NUMERIC_INVALID_SYNTAX, NULL},
    {"1.2.3", NUMERIC_INVALID_SYNTAX, NULL},
    {"- 1", NUMERIC_INVALID_SYNTAX, NULL},
    {"+-1", NUMERIC_INVALID_SYNTAX, NULL},
    {"1 2", NUMERIC_INVALID_SYNTAX, NULL},
    {"12a", NUMERIC_INVALID_SYNTAX, NULL},
    {"0x10", NUMERIC_INVALID_SYNTAX, NULL},
    {"1_000", NUMERIC_INVALID_SYNTAX, NULL},
};

START_TEST(text_io)
{
    numeric n;
    numeric_status st = parse(io_cases[_i].in, &n);
    check_result(io_cases[_i].in, st, &n, io_cases[_i].status, io_cases[_i].out);
    if (st != NUMERIC_OK)
        return;
    check_normalized(&n);
    /* Printing and parsing again gives the same value and the same text. */
    numeric again = must_parse(io_cases[_i].out);
    ck_assert_str_eq(to_text(&again), io_cases[_i].out);
    ck_assert_int_eq(numeric_compare(&n, &again), 0);
}
END_TEST

START_TEST(text_io_empty_and_bounded)
{
    numeric n;
    ck_assert_int_eq(parse("", &n), NUMERIC_INVALID_SYNTAX);
    ck_assert_int_eq(parse("   ", &n), NUMERIC_INVALID_SYNTAX);
    /* The length bounds the input; the text need not be NUL-terminated there. */
    ck_assert_int_eq(numeric_from_text(A, "123456", 3, &n), NUMERIC_OK);
    ck_assert_str_eq(to_text(&n), "123");
    ck_assert_int_eq(numeric_from_text(A, "NaNx", 3, &n), NUMERIC_OK);
    ck_assert_int_eq(n.kind, NUMERIC_NAN);
    /* An embedded NUL is just an invalid character. */
    ck_assert_int_eq(numeric_from_text(A, "12\0003", 4, &n), NUMERIC_INVALID_SYNTAX);
}
END_TEST

START_TEST(text_io_representation)
{
    /* The digits are PostgreSQL's, so the binary wire format can copy them. */
    numeric n = must_parse("-12345.678");
    ck_assert_int_eq(n.kind, NUMERIC_FINITE);
    ck_assert(n.negative);
    ck_assert_int_eq(n.weight, 1);
    ck_assert_int_eq(n.dscale, 3);
    ck_assert_int_eq(n.ndigits, 3);
    ck_assert_int_eq(n.digits[0], 1);
    ck_assert_int_eq(n.digits[1], 2345);
    ck_assert_int_eq(n.digits[2], 6780);

    n = must_parse("0.00000001");
    ck_assert_int_eq(n.weight, -2);
    ck_assert_int_eq(n.dscale, 8);
    ck_assert_int_eq(n.ndigits, 1);
    ck_assert_int_eq(n.digits[0], 1);

    n = must_parse("100000000");
    ck_assert_int_eq(n.weight, 2);
    ck_assert_int_eq(n.ndigits, 1);
    ck_assert_int_eq(n.digits[0], 1);

    n = must_parse("-0.000");
    ck_assert(!n.negative);
    ck_assert_int_eq(n.ndigits, 0);
    ck_assert_int_eq(n.dscale, 3);
    ck_assert(numeric_is_zero(&n));

    n = must_parse("-inf");
    ck_assert_int_eq(n.kind, NUMERIC_NINF);
    ck_assert(!numeric_is_zero(&n));
}
END_TEST

START_TEST(text_io_limits)
{
    /* 131072 digits before the point and 16383 after are the storage limits. */
    numeric n = must_parse("1e131071");
    ck_assert_int_eq(n.weight, 32767);
    ck_assert_uint_eq(strlen(to_text(&n)), 131072);

    n = must_parse("0e-16383");
    ck_assert_int_eq(n.dscale, 16383);
    ck_assert_uint_eq(strlen(to_text(&n)), 16385);

    n = must_parse("-1e-16383");
    const char *s = to_text(&n);
    ck_assert_uint_eq(strlen(s), 16386);
    ck_assert_int_eq(strncmp(s, "-0.000", 6), 0);
    ck_assert_int_eq(s[16385], '1');
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Arithmetic                                                                          */

typedef numeric_status (*binary_op)(arena *, const numeric *, const numeric *, numeric *);

static const struct {
    const char *name;
    binary_op fn;
} ops[] = {
    {"+", numeric_add}, {"-", numeric_sub}, {"*", numeric_mul},
    {"/", numeric_div}, {"%", numeric_mod},
};

/* One expected result: a printed value, or an error status. */
#define OK(text) {NUMERIC_OK, text}
#define ERR(status) {status, NULL}

static const struct {
    const char *x;
    const char *y;
    struct {
        numeric_status status;
        const char *out;
    } want[5]; /* in the order of ops[] */
} arith_cases[] = {
    {"1", "2", {OK("3"), OK("-1"), OK("2"), OK("0.50000000000000000000"), OK("1")}},
    {"-1", "2", {OK("1"), OK("-3"), OK("-2"), OK("-0.50000000000000000000"), OK("-1")}},
    {"1", "-2", {OK("-1"), OK("3"), OK("-2"), OK("-0.50000000000000000000"), OK("1")}},
    {"-1", "-2", {OK("-3"), OK("1"), OK("2"), OK("0.50000000000000000000"), OK("-1")}},
    {"0", "0",
     {OK("0"), OK("0"), OK("0"), ERR(NUMERIC_DIVISION_BY_ZERO), ERR(NUMERIC_DIVISION_BY_ZERO)}},
    {"0", "5", {OK("5"), OK("-5"), OK("0"), OK("0.00000000000000000000"), OK("0")}},
    {"5", "0",
     {OK("5"), OK("5"), OK("0"), ERR(NUMERIC_DIVISION_BY_ZERO), ERR(NUMERIC_DIVISION_BY_ZERO)}},
    {"0.0", "0.00",
     {OK("0.00"), OK("0.00"), OK("0.000"), ERR(NUMERIC_DIVISION_BY_ZERO), ERR(NUMERIC_DIVISION_BY_ZERO)}},
    {"1.0", "3", {OK("4.0"), OK("-2.0"), OK("3.0"), OK("0.33333333333333333333"), OK("1.0")}},
    {"1", "3", {OK("4"), OK("-2"), OK("3"), OK("0.33333333333333333333"), OK("1")}},
    {"10", "4", {OK("14"), OK("6"), OK("40"), OK("2.5000000000000000"), OK("2")}},
    {"-10", "4", {OK("-6"), OK("-14"), OK("-40"), OK("-2.5000000000000000"), OK("-2")}},
    {"10", "-4", {OK("6"), OK("14"), OK("-40"), OK("-2.5000000000000000"), OK("2")}},
    {"-10", "-4", {OK("-14"), OK("-6"), OK("40"), OK("2.5000000000000000"), OK("-2")}},
    {"7", "-3", {OK("4"), OK("10"), OK("-21"), OK("-2.3333333333333333"), OK("1")}},
    {"-7", "3", {OK("-4"), OK("-10"), OK("-21"), OK("-2.3333333333333333"), OK("-1")}},
    {"-7", "-3", {OK("-10"), OK("-4"), OK("21"), OK("2.3333333333333333"), OK("-1")}},
    {"2", "3", {OK("5"), OK("-1"), OK("6"), OK("0.66666666666666666667"), OK("2")}},
    {"1", "7", {OK("8"), OK("-6"), OK("7"), OK("0.14285714285714285714"), OK("1")}},
    {"22", "7", {OK("29"), OK("15"), OK("154"), OK("3.1428571428571429"), OK("1")}},
    {"100", "7", {OK("107"), OK("93"), OK("700"), OK("14.2857142857142857"), OK("2")}},
    {"1", "9999", {OK("10000"), OK("-9998"), OK("9999"), OK("0.00010001000100010001"), OK("1")}},
    {"9999", "1", {OK("10000"), OK("9998"), OK("9999"), OK("9999.0000000000000000"), OK("0")}},
    {"9999.9999", "0.0001",
     {OK("10000.0000"), OK("9999.9998"), OK("0.99999999"), OK("99999999.000000000000"), OK("0.0000")}},
    {"0.0001", "0.0001",
     {OK("0.0002"), OK("0.0000"), OK("0.00000001"), OK("1.00000000000000000000"), OK("0.0000")}},
    {"99999999", "1",
     {OK("100000000"), OK("99999998"), OK("99999999"), OK("99999999.000000000000"), OK("0")}},
    {"-99999999", "-1",
     {OK("-100000000"), OK("-99999998"), OK("99999999"), OK("99999999.000000000000"), OK("0")}},
    {"1.5", "1.5", {OK("3.0"), OK("0.0"), OK("2.25"), OK("1.00000000000000000000"), OK("0.0")}},
    {"1.5", "-1.5", {OK("0.0"), OK("3.0"), OK("-2.25"), OK("-1.00000000000000000000"), OK("0.0")}},
    {"123.456", "7.8",
     {OK("131.256"), OK("115.656"), OK("962.9568"), OK("15.8276923076923077"), OK("6.456")}},
    {"-123.456", "0.001",
     {OK("-123.455"), OK("-123.457"), OK("-0.123456"), OK("-123456.000000000000"), OK("0.000")}},
    {"0.1", "0.2", {OK("0.3"), OK("-0.1"), OK("0.02"), OK("0.50000000000000000000"), OK("0.1")}},
    {"1e-20", "3",
     {OK("3.00000000000000000001"), OK("-2.99999999999999999999"), OK("0.00000000000000000003"), OK("0.0000000000000000000033333333333333333333"), OK("0.00000000000000000001")}},
    {"3", "1e-20",
     {OK("3.00000000000000000001"), OK("2.99999999999999999999"), OK("0.00000000000000000003"), OK("300000000000000000000.00000000000000000000"), OK("0.00000000000000000000")}},
    {"1e20", "3",
     {OK("100000000000000000003"), OK("99999999999999999997"), OK("300000000000000000000"), OK("33333333333333333333"), OK("1")}},
    {"12345678901234567890123456789012345678901234567890", "98765432109876543210987654321098765432109876543210",
     {OK("111111111011111111101111111110111111111011111111100"), OK("-86419753208641975320864197532086419753208641975320"), OK("1219326311370217952261850327338667885945115073915611949397448712086533622923332237463801111263526900"), OK("0.12499999886093750001"), OK("12345678901234567890123456789012345678901234567890")}},
    {"-12345678901234567890123456789012345678901234567890", "98765432109876543210.98765432109876543210",
     {OK("-12345678901234567890123456788913580246791358024679.01234567890123456790"), OK("-12345678901234567890123456789111111111011111111100.98765432109876543210"), OK("-1219326311370217952261850327338667885944993141284487120865336229233322.37463801111263526900"), OK("-124999998860937500014238281249.82202148438972473133"), OK("-81187307109353298600.81187307108118730710")}},
    {"99999999999999999999999999999999999999999", "1",
     {OK("100000000000000000000000000000000000000000"), OK("99999999999999999999999999999999999999998"), OK("99999999999999999999999999999999999999999"), OK("99999999999999999999999999999999999999999"), OK("0")}},
    {"99999999999999999999999999999999999999999", "99999999999999999999999999999999999999999",
     {OK("199999999999999999999999999999999999999998"), OK("0"), OK("9999999999999999999999999999999999999999800000000000000000000000000000000000000001"), OK("1.00000000000000000000"), OK("0")}},
    {"100000000000000000000000000000000000000000", "-0.00000000000000000001",
     {OK("99999999999999999999999999999999999999999.99999999999999999999"), OK("100000000000000000000000000000000000000000.00000000000000000001"), OK("-1000000000000000000000.00000000000000000000"), OK("-10000000000000000000000000000000000000000000000000000000000000.00000000000000000000"), OK("0.00000000000000000000")}},
    {"3.14159265358979323846264338327950288419716939937510", "2.71828182845904523536028747135266249775724709369995",
     {OK("5.85987448204883847382293085463216538195441649307505"), OK("0.42331082513074800310235591192684038643992230567515"), OK("8.5397342226735670654635508695465744950348885357650690581833014653136349617576232159238592126769012450"), OK("1.15572734979092171791009318331269629912085102316442"), OK("0.42331082513074800310235591192684038643992230567515")}},
    {"123456789012345678901234567890.123456789", "987654321.987654321",
     {OK("123456789012345678902222222212.111111110"), OK("123456789012345678900246913568.135802468"), OK("121932631246761163237311385323731138532.360920590112635269"), OK("124999998748437501153.144530087"), OK("142745764.920524676")}},
    {"-987654321098765432109876543210", "123456789",
     {OK("-987654321098765432109753086421"), OK("-987654321098765432109999999999"), OK("-121932631124828532112482853211126352690"), OK("-8000000073700000670760"), OK("-753570")}},
    {"1", "1.0000000000000000000000000000000000001",
     {OK("2.0000000000000000000000000000000000001"), OK("-0.0000000000000000000000000000000000001"), OK("1.0000000000000000000000000000000000001"), OK("0.9999999999999999999999999999999999999"), OK("1.0000000000000000000000000000000000000")}},
    {"5000.5", "0.5",
     {OK("5001.0"), OK("5000.0"), OK("2500.25"), OK("10001.0000000000000000"), OK("0.0")}},
    {"0.5", "5000.5",
     {OK("5001.0"), OK("-5000.0"), OK("2500.25"), OK("0.000099990000999900009999"), OK("0.5")}},
    {"1", "10000",
     {OK("10001"), OK("-9999"), OK("10000"), OK("0.000100000000000000000000"), OK("1")}},
    {"1", "-10000.5",
     {OK("-9999.5"), OK("10001.5"), OK("-10000.5"), OK("-0.000099995000249987500625"), OK("1.0")}},
    {"123", "1000000000000",
     {OK("1000000000123"), OK("-999999999877"), OK("123000000000000"), OK("0.0000000001230000000000000000"), OK("123")}},
    {"NaN", "1", {OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN")}},
    {"1", "NaN", {OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN")}},
    {"NaN", "NaN", {OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN")}},
    {"NaN", "0", {OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN")}},
    {"Infinity", "1", {OK("Infinity"), OK("Infinity"), OK("Infinity"), OK("Infinity"), OK("NaN")}},
    {"Infinity", "-2",
     {OK("Infinity"), OK("Infinity"), OK("-Infinity"), OK("-Infinity"), OK("NaN")}},
    {"-Infinity", "3",
     {OK("-Infinity"), OK("-Infinity"), OK("-Infinity"), OK("-Infinity"), OK("NaN")}},
    {"1", "Infinity", {OK("Infinity"), OK("-Infinity"), OK("Infinity"), OK("0"), OK("1")}},
    {"-1.5", "Infinity", {OK("Infinity"), OK("-Infinity"), OK("-Infinity"), OK("0"), OK("-1.5")}},
    {"-5.5", "-Infinity", {OK("-Infinity"), OK("Infinity"), OK("Infinity"), OK("0"), OK("-5.5")}},
    {"Infinity", "Infinity", {OK("Infinity"), OK("NaN"), OK("Infinity"), OK("NaN"), OK("NaN")}},
    {"Infinity", "-Infinity", {OK("NaN"), OK("Infinity"), OK("-Infinity"), OK("NaN"), OK("NaN")}},
    {"-Infinity", "Infinity", {OK("NaN"), OK("-Infinity"), OK("-Infinity"), OK("NaN"), OK("NaN")}},
    {"Infinity", "0",
     {OK("Infinity"), OK("Infinity"), OK("NaN"), ERR(NUMERIC_DIVISION_BY_ZERO), ERR(NUMERIC_DIVISION_BY_ZERO)}},
    {"-Infinity", "0",
     {OK("-Infinity"), OK("-Infinity"), OK("NaN"), ERR(NUMERIC_DIVISION_BY_ZERO), ERR(NUMERIC_DIVISION_BY_ZERO)}},
    {"0", "Infinity", {OK("Infinity"), OK("-Infinity"), OK("NaN"), OK("0"), OK("0")}},
    {"Infinity", "NaN", {OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN"), OK("NaN")}},
    {"-9999999999999999.9999", "999999999999",
     {OK("-9999000000000000.9999"), OK("-10000999999999998.9999"), OK("-9999999999989999999900000000.0001"), OK("-10000.0000000099999999"), OK("-9999.9999")}},
    {"1000000.0", "100000001",
     {OK("101000001.0"), OK("-99000001.0"), OK("100000001000000.0"), OK("0.00999999990000000100"), OK("1000000.0")}},
    {"99.99", "999900009090000909099900999999999009090099999900000090999999",
     {OK("999900009090000909099900999999999009090099999900000091000098.99"), OK("-999900009090000909099900999999999009090099999900000090999899.01"), OK("99980001908909190900899100989999900918919098990001009099089900.01"), OK("0.0000000000000000000000000000000000000000000000000000000000999999990909090083"), OK("99.99")}},
    {"-9999999.9999999999999", "999999999999999999999999999999999999999999999999999999999999",
     {OK("999999999999999999999999999999999999999999999999999989999999.0000000000001"), OK("-1000000000000000000000000000000000000000000000000000009999998.9999999999999"), OK("-9999999999999999999899999999999999999999999999999999999999990000000.0000000000001"), OK("-0.000000000000000000000000000000000000000000000000000010000000000000000000"), OK("-9999999.9999999999999")}},
};

#undef OK
#undef ERR

START_TEST(arithmetic)
{
    numeric x = must_parse(arith_cases[_i].x);
    numeric y = must_parse(arith_cases[_i].y);
    for (size_t k = 0; k < N_ELEMS(ops); k++) {
        char what[512];
        snprintf(what, sizeof what, "%.200s %s %.200s", arith_cases[_i].x, ops[k].name,
                 arith_cases[_i].y);
        numeric r;
        numeric_status st = ops[k].fn(A, &x, &y, &r);
        check_result(what, st, &r, arith_cases[_i].want[k].status, arith_cases[_i].want[k].out);
        if (st == NUMERIC_OK)
            check_normalized(&r);
    }
}
END_TEST

START_TEST(arithmetic_limits)
{
    numeric r;
    numeric big = must_parse("1e131071");
    numeric ten = must_parse("10");
    numeric tenth = must_parse("0.1");
    numeric one = must_parse("1");
    ck_assert_int_eq(numeric_mul(A, &big, &ten, &r), NUMERIC_OUT_OF_RANGE);
    ck_assert_int_eq(numeric_div(A, &big, &tenth, &r), NUMERIC_OUT_OF_RANGE);

    /* 131072 nines is the largest value; one more overflows. */
    numeric low_nines, high_nines, nines, nine = must_parse("9");
    ck_assert_int_eq(numeric_sub(A, &big, &one, &low_nines), NUMERIC_OK);
    ck_assert_int_eq(numeric_mul(A, &big, &nine, &high_nines), NUMERIC_OK);
    ck_assert_int_eq(numeric_add(A, &high_nines, &low_nines, &nines), NUMERIC_OK);
    ck_assert_uint_eq(strlen(to_text(&nines)), 131072);
    ck_assert_int_eq(numeric_add(A, &nines, &one, &r), NUMERIC_OUT_OF_RANGE);

    /* A product whose exact scale exceeds 16383 places is rounded to 16383. */
    numeric tiny = must_parse("1e-10000");
    ck_assert_int_eq(numeric_mul(A, &tiny, &tiny, &r), NUMERIC_OK);
    ck_assert(numeric_is_zero(&r));
    ck_assert_int_eq(r.dscale, 16383);
    numeric small = must_parse("1e-6000");
    ck_assert_int_eq(numeric_mul(A, &tiny, &small, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 16000);
    ck_assert_uint_eq(strlen(to_text(&r)), 16002);

    /* Quotient scales stop at 1000 places, even below an input's own scale. */
    numeric precise, three = must_parse("3");
    ck_assert_int_eq(numeric_round(A, &one, 1200, &precise), NUMERIC_OK);
    ck_assert_int_eq(numeric_div(A, &precise, &three, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 1000);
    ck_assert_uint_eq(strlen(to_text(&r)), 1002);
    numeric least = must_parse("1e-16383");
    ck_assert_int_eq(numeric_div(A, &least, &big, &r), NUMERIC_OK);
    ck_assert(numeric_is_zero(&r));
    ck_assert_int_eq(r.dscale, 1000);

    /* The remainder keeps the wider input scale, without the 1000 cap. */
    ck_assert_int_eq(numeric_mod(A, &precise, &three, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 1200);
    ck_assert_int_eq(numeric_mod(A, &one, &precise, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 1200);
}
END_TEST

START_TEST(negate_and_abs)
{
    static const struct {
        const char *in, *neg, *abs;
    } cases[] = {
        {"0", "0", "0"},
        {"0.00", "0.00", "0.00"},
        {"1.50", "-1.50", "1.50"},
        {"-1.50", "1.50", "1.50"},
        {"-12345678901234567890123456789012345678901234567890",
         "12345678901234567890123456789012345678901234567890",
         "12345678901234567890123456789012345678901234567890"},
        {"NaN", "NaN", "NaN"},
        {"Infinity", "-Infinity", "Infinity"},
        {"-Infinity", "Infinity", "Infinity"},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        numeric x = must_parse(cases[i].in), r;
        ck_assert_int_eq(numeric_negate(A, &x, &r), NUMERIC_OK);
        ck_assert_str_eq(to_text(&r), cases[i].neg);
        check_normalized(&r);
        ck_assert_int_eq(numeric_abs(A, &x, &r), NUMERIC_OK);
        ck_assert_str_eq(to_text(&r), cases[i].abs);
        check_normalized(&r);
    }
}
END_TEST

START_TEST(results_outlive_input_arena)
{
    /* A result lives in the arena it was asked for, not in its inputs'. */
    arena *scratch = arena_create(1024);
    ck_assert_ptr_nonnull(scratch);
    numeric x, r;
    ck_assert_int_eq(numeric_from_text(scratch, "-98765.4321", 11, &x), NUMERIC_OK);
    ck_assert_int_eq(numeric_negate(A, &x, &r), NUMERIC_OK);
    arena_destroy(scratch);
    ck_assert_str_eq(to_text(&r), "98765.4321");
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Rounding and typmod                                                                 */

static const struct {
    const char *in;
    int scale;
    const char *round;
    const char *trunc;
} round_cases[] = {
    {"1234.5678", 2, "1234.57", "1234.56"},
    {"1234.5678", 0, "1235", "1234"},
    {"1234.5678", -2, "1200", "1200"},
    {"-1234.5678", 2, "-1234.57", "-1234.56"},
    {"-1234.5678", -2, "-1200", "-1200"},
    {"1234.5", 0, "1235", "1234"},
    {"-1234.5", 0, "-1235", "-1234"},
    {"0.5", 0, "1", "0"},
    {"-0.5", 0, "-1", "0"},
    {"0.4999", 0, "0", "0"},
    {"2.5", 0, "3", "2"},
    {"-2.5", 0, "-3", "-2"},
    {"9999.5", 0, "10000", "9999"},
    {"-9999.9999", 3, "-10000.000", "-9999.999"},
    {"99.995", 2, "100.00", "99.99"},
    {"99.994", 2, "99.99", "99.99"},
    {"0.00005", 4, "0.0001", "0.0000"},
    {"1.5", 3, "1.500", "1.500"},
    {"1.2345", 10, "1.2345000000", "1.2345000000"},
    {"12345", -5, "0", "0"},
    {"52345", -5, "100000", "0"},
    {"-52345", -5, "-100000", "0"},
    {"49999", -5, "0", "0"},
    {"50000", -5, "100000", "0"},
    {"99999", -4, "100000", "90000"},
    {"99999", -10, "0", "0"},
    {"123456789.987654321", -3, "123457000", "123456000"},
    {"123456789.987654321", 5, "123456789.98765", "123456789.98765"},
    {"0", 2, "0.00", "0.00"},
    {"0.000", -3, "0", "0"},
    {"0", -2, "0", "0"},
    {"12345678901234567890123456789012345678901234567890.55", 0, "12345678901234567890123456789012345678901234567891", "12345678901234567890123456789012345678901234567890"},
    {"99999999999999999999999999999999999999999.5", 0, "100000000000000000000000000000000000000000", "99999999999999999999999999999999999999999"},
    {"0.99999999999999999999999999999999999999999", 20, "1.00000000000000000000", "0.99999999999999999999"},
    {"1.23456789", 7, "1.2345679", "1.2345678"},
    {"1.23456789", 8, "1.23456789", "1.23456789"},
    {"5555.5555", -1, "5560", "5550"},
    {"5555.5555", -2, "5600", "5500"},
    {"5555.5555", -3, "6000", "5000"},
    {"5555.5555", -4, "10000", "0"},
    {"1234", -3000, "0", "0"},
    {"NaN", 2, "NaN", "NaN"},
    {"Infinity", -2, "Infinity", "Infinity"},
    {"-Infinity", 0, "-Infinity", "-Infinity"},
};

START_TEST(round_and_trunc)
{
    numeric x = must_parse(round_cases[_i].in), r;
    char what[128];
    snprintf(what, sizeof what, "round(%.60s, %d)", round_cases[_i].in, round_cases[_i].scale);
    check_result(what, numeric_round(A, &x, round_cases[_i].scale, &r), &r, NUMERIC_OK,
                 round_cases[_i].round);
    check_normalized(&r);
    snprintf(what, sizeof what, "trunc(%.60s, %d)", round_cases[_i].in, round_cases[_i].scale);
    check_result(what, numeric_trunc(A, &x, round_cases[_i].scale, &r), &r, NUMERIC_OK,
                 round_cases[_i].trunc);
    check_normalized(&r);
}
END_TEST

START_TEST(round_scale_is_clamped)
{
    /* round(1, 3000) shows 2000 places; round(1, -3000) is 0. */
    numeric one = must_parse("1"), r;
    ck_assert_int_eq(numeric_round(A, &one, 3000, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 2000);
    ck_assert_uint_eq(strlen(to_text(&r)), 2002);
    ck_assert_int_eq(numeric_round(A, &one, -3000, &r), NUMERIC_OK);
    ck_assert_str_eq(to_text(&r), "0");
    numeric x = must_parse("1.5");
    ck_assert_int_eq(numeric_trunc(A, &x, 2001, &r), NUMERIC_OK);
    ck_assert_uint_eq(strlen(to_text(&r)), 2002);
    ck_assert_int_eq(numeric_round(A, &one, INT32_MIN, &r), NUMERIC_OK);
    ck_assert_str_eq(to_text(&r), "0");
}
END_TEST

static const struct {
    const char *in;
    int precision;
    int scale;
    numeric_status status;
    const char *out;
} typmod_cases[] = {
    {"12345.678", 5, 2, NUMERIC_FIELD_OVERFLOW, NULL},
    {"999.995", 5, 2, NUMERIC_FIELD_OVERFLOW, NULL},
    {"999.994", 5, 2, NUMERIC_OK, "999.99"},
    {"-999.994", 5, 2, NUMERIC_OK, "-999.99"},
    {"-999.995", 5, 2, NUMERIC_FIELD_OVERFLOW, NULL},
    {"123.456", 10, 2, NUMERIC_OK, "123.46"},
    {"123.455", 10, 2, NUMERIC_OK, "123.46"},
    {"-123.455", 10, 2, NUMERIC_OK, "-123.46"},
    {"0.0012", 2, 4, NUMERIC_OK, "0.0012"},
    {"0.012", 2, 4, NUMERIC_FIELD_OVERFLOW, NULL},
    {"0.00995", 2, 4, NUMERIC_FIELD_OVERFLOW, NULL},
    {"0.00994", 2, 4, NUMERIC_OK, "0.0099"},
    {"12345", 3, -2, NUMERIC_OK, "12300"},
    {"12355", 5, -2, NUMERIC_OK, "12400"},
    {"99950", 3, -2, NUMERIC_FIELD_OVERFLOW, NULL},
    {"99949", 3, -2, NUMERIC_OK, "99900"},
    {"0", 1, 0, NUMERIC_OK, "0"},
    {"0.4", 1, 0, NUMERIC_OK, "0"},
    {"0.5", 1, 0, NUMERIC_OK, "1"},
    {"9.5", 1, 0, NUMERIC_FIELD_OVERFLOW, NULL},
    {"9.4", 1, 0, NUMERIC_OK, "9"},
    {"12345678901234567890.12345", 25, 5, NUMERIC_OK, "12345678901234567890.12345"},
    {"12345678901234567890.12345", 24, 5, NUMERIC_FIELD_OVERFLOW, NULL},
    {"12345678901234567890.12345", 20, 0, NUMERIC_OK, "12345678901234567890"},
    {"12345678901234567890.12345", 19, 0, NUMERIC_FIELD_OVERFLOW, NULL},
    {"1", 1000, 0, NUMERIC_OK, "1"},
    {"10", 1000, 999, NUMERIC_FIELD_OVERFLOW, NULL},
    {"NaN", 5, 2, NUMERIC_OK, "NaN"},
    {"Infinity", 5, 2, NUMERIC_FIELD_OVERFLOW, NULL},
    {"-Infinity", 10, 0, NUMERIC_FIELD_OVERFLOW, NULL},
};

START_TEST(typmod)
{
    numeric x = must_parse(typmod_cases[_i].in), r;
    char what[128];
    snprintf(what, sizeof what, "%s::numeric(%d,%d)", typmod_cases[_i].in,
             typmod_cases[_i].precision, typmod_cases[_i].scale);
    numeric_status st =
        numeric_apply_typmod(A, &x, typmod_cases[_i].precision, typmod_cases[_i].scale, &r);
    check_result(what, st, &r, typmod_cases[_i].status, typmod_cases[_i].out);
}
END_TEST

START_TEST(typmod_limits)
{
    numeric one = must_parse("1"), r;
    ck_assert_int_eq(numeric_apply_typmod(A, &one, 1000, 999, &r), NUMERIC_OK);
    ck_assert_int_eq(r.dscale, 999);
    ck_assert_uint_eq(strlen(to_text(&r)), 1001);
    /* Typmods PostgreSQL refuses to declare. */
    ck_assert_int_eq(numeric_apply_typmod(A, &one, 0, 0, &r), NUMERIC_UNDEFINED);
    ck_assert_int_eq(numeric_apply_typmod(A, &one, 1001, 0, &r), NUMERIC_UNDEFINED);
    ck_assert_int_eq(numeric_apply_typmod(A, &one, 10, 1001, &r), NUMERIC_UNDEFINED);
    ck_assert_int_eq(numeric_apply_typmod(A, &one, 10, -1001, &r), NUMERIC_UNDEFINED);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Comparison                                                                          */

static const struct {
    const char *x;
    const char *y;
    int want;
} compare_cases[] = {
    {"1", "2", -1},
    {"2", "1", 1},
    {"1", "1", 0},
    {"1.0", "1.00", 0},
    {"0", "-0", 0},
    {"-1", "1", -1},
    {"-1", "-2", 1},
    {"-2", "-1", -1},
    {"0.0001", "0", 1},
    {"-0.0001", "0", -1},
    {"10000", "9999.9999", 1},
    {"12345678901234567890123456789012345678901234567890", "12345678901234567890123456789012345678901234567891", -1},
    {"-12345678901234567890123456789012345678901234567890", "-12345678901234567890123456789012345678901234567891", 1},
    {"1.00000000000000000000000000000001", "1", 1},
    {"NaN", "NaN", 0},
    {"NaN", "Infinity", 1},
    {"Infinity", "NaN", -1},
    {"NaN", "-Infinity", 1},
    {"NaN", "0", 1},
    {"0", "NaN", -1},
    {"Infinity", "Infinity", 0},
    {"-Infinity", "-Infinity", 0},
    {"Infinity", "-Infinity", 1},
    {"-Infinity", "Infinity", -1},
    {"Infinity", "99999999999999999999999999999999999999999", 1},
    {"-Infinity", "-99999999999999999999999999999999999999999", -1},
    {"5", "Infinity", -1},
    {"5", "-Infinity", 1},
};

START_TEST(compare)
{
    numeric x = must_parse(compare_cases[_i].x);
    numeric y = must_parse(compare_cases[_i].y);
    int got = numeric_compare(&x, &y);
    ck_assert_msg((got > 0) - (got < 0) == compare_cases[_i].want, "compare(%s, %s) = %d",
                  compare_cases[_i].x, compare_cases[_i].y, got);
    got = numeric_compare(&y, &x);
    ck_assert_msg((got > 0) - (got < 0) == -compare_cases[_i].want, "compare(%s, %s) = %d",
                  compare_cases[_i].y, compare_cases[_i].x, got);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Integers and doubles                                                                */

START_TEST(from_int64)
{
    static const struct {
        int64_t in;
        const char *out;
    } cases[] = {
        {0, "0"},
        {1, "1"},
        {-1, "-1"},
        {9999, "9999"},
        {10000, "10000"},
        {-99990000, "-99990000"},
        {1234567890123456789LL, "1234567890123456789"},
        {INT64_MAX, "9223372036854775807"},
        {INT64_MIN, "-9223372036854775808"},
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        numeric n;
        ck_assert_int_eq(numeric_from_int64(A, cases[i].in, &n), NUMERIC_OK);
        ck_assert_str_eq(to_text(&n), cases[i].out);
        ck_assert_int_eq(n.dscale, 0);
        check_normalized(&n);
        int64_t back = 0;
        ck_assert_int_eq(numeric_to_int64(&n, &back), NUMERIC_OK);
        ck_assert(back == cases[i].in);
    }
}
END_TEST

static const struct {
    const char *in;
    numeric_status status;
    int64_t out;
} to_int64_cases[] = {
    {"0", NUMERIC_OK, 0LL},
    {"1", NUMERIC_OK, 1LL},
    {"-1", NUMERIC_OK, -1LL},
    {"123.4", NUMERIC_OK, 123LL},
    {"123.5", NUMERIC_OK, 124LL},
    {"-123.5", NUMERIC_OK, -124LL},
    {"-123.4", NUMERIC_OK, -123LL},
    {"0.5", NUMERIC_OK, 1LL},
    {"-0.5", NUMERIC_OK, -1LL},
    {"0.49999", NUMERIC_OK, 0LL},
    {"9223372036854775807", NUMERIC_OK, 9223372036854775807LL},
    {"9223372036854775807.4", NUMERIC_OK, 9223372036854775807LL},
    {"9223372036854775807.5", NUMERIC_OUT_OF_RANGE, 0},
    {"9223372036854775808", NUMERIC_OUT_OF_RANGE, 0},
    {"-9223372036854775808", NUMERIC_OK, INT64_MIN},
    {"-9223372036854775808.4", NUMERIC_OK, INT64_MIN},
    {"-9223372036854775808.5", NUMERIC_OUT_OF_RANGE, 0},
    {"-9223372036854775809", NUMERIC_OUT_OF_RANGE, 0},
    {"99999999999999999999", NUMERIC_OUT_OF_RANGE, 0},
    {"1e30", NUMERIC_OUT_OF_RANGE, 0},
    {"1e-30", NUMERIC_OK, 0LL},
    {"12345678901234.5678", NUMERIC_OK, 12345678901235LL},
    {"NaN", NUMERIC_UNDEFINED, 0},
    {"Infinity", NUMERIC_UNDEFINED, 0},
    {"-Infinity", NUMERIC_UNDEFINED, 0},
};

START_TEST(to_int64)
{
    numeric n = must_parse(to_int64_cases[_i].in);
    int64_t got = 0;
    numeric_status st = numeric_to_int64(&n, &got);
    ck_assert_msg(st == to_int64_cases[_i].status, "%s::bigint: status %d",
                  to_int64_cases[_i].in, st);
    if (st == NUMERIC_OK)
        ck_assert_msg(got == to_int64_cases[_i].out, "%s::bigint = %lld", to_int64_cases[_i].in,
                      (long long)got);
}
END_TEST

static const struct {
    double in;
    const char *out;
} from_double_cases[] = {
    {0.0, "0"},
    {-0.0, "0"},
    {1.0, "1"},
    {-1.5, "-1.5"},
    {0.1, "0.1"},
    {1.0/3.0, "0.333333333333333"},
    {2.0/3.0, "0.666666666666667"},
    {123456789012345678.0, "123456789012346000"},
    {1e20, "100000000000000000000"},
    {1e15, "1000000000000000"},
    {1e16, "10000000000000000"},
    {1e-5, "0.00001"},
    {1.5e-7, "0.00000015"},
    {3.141592653589793, "3.14159265358979"},
    {-2.718281828459045, "-2.71828182845905"},
    {123.456, "123.456"},
    {0.30000000000000004, "0.3"},
};

START_TEST(from_double)
{
    numeric n;
    ck_assert_int_eq(numeric_from_double(A, from_double_cases[_i].in, &n), NUMERIC_OK);
    ck_assert_str_eq(to_text(&n), from_double_cases[_i].out);
    check_normalized(&n);
}
END_TEST

START_TEST(from_double_extremes)
{
    numeric n;
    ck_assert_int_eq(numeric_from_double(A, NAN, &n), NUMERIC_OK);
    ck_assert_int_eq(n.kind, NUMERIC_NAN);
    ck_assert_int_eq(numeric_from_double(A, INFINITY, &n), NUMERIC_OK);
    ck_assert_int_eq(n.kind, NUMERIC_PINF);
    ck_assert_int_eq(numeric_from_double(A, -INFINITY, &n), NUMERIC_OK);
    ck_assert_int_eq(n.kind, NUMERIC_NINF);

    /* 1e-310::float8::numeric is 0.000...999999999999997 with 325 places. */
    ck_assert_int_eq(numeric_from_double(A, 1e-310, &n), NUMERIC_OK);
    const char *s = to_text(&n);
    ck_assert_int_eq(n.dscale, 325);
    ck_assert_str_eq(s + strlen(s) - 16, "0999999999999997");
    /* DBL_MAX::numeric is 179769313486232 followed by 294 zeros. */
    ck_assert_int_eq(numeric_from_double(A, 1.7976931348623157e308, &n), NUMERIC_OK);
    s = to_text(&n);
    ck_assert_uint_eq(strlen(s), 309);
    ck_assert_int_eq(strncmp(s, "179769313486232000", 18), 0);
    ck_assert_uint_eq(strspn(s + 15, "0"), 294);
}
END_TEST

static const struct {
    const char *in;
    numeric_status status;
    double out;
} to_double_cases[] = {
    {"0", NUMERIC_OK, 0},
    {"1", NUMERIC_OK, 1},
    {"-1.5", NUMERIC_OK, -1.5},
    {"0.1", NUMERIC_OK, 0.1},
    {"0.33333333333333333333", NUMERIC_OK, 0.3333333333333333},
    {"123456789012345678901234567890", NUMERIC_OK, 1.2345678901234568e+29},
    {"3.14159265358979323846264338327950288419716939937510", NUMERIC_OK, 3.141592653589793},
    {"-0.000000000000000000000000000001", NUMERIC_OK, -1e-30},
    {"1e308", NUMERIC_OK, 1e+308},
    {"1e-310", NUMERIC_OK, 1e-310},
    {"1e400", NUMERIC_OUT_OF_RANGE, 0.0},
    {"-1e400", NUMERIC_OUT_OF_RANGE, 0.0},
    {"1e-400", NUMERIC_OUT_OF_RANGE, 0.0},
    {"9007199254740993", NUMERIC_OK, 9.007199254740992e+15},
    {"9007199254740993.0000000000000000000000000000000000001", NUMERIC_OK, 9.007199254740994e+15},
    {"0.30000000000000004", NUMERIC_OK, 0.30000000000000004},
};

START_TEST(to_double)
{
    numeric n = must_parse(to_double_cases[_i].in);
    double got = 0;
    numeric_status st = numeric_to_double(&n, &got);
    ck_assert_msg(st == to_double_cases[_i].status, "%s::float8: status %d",
                  to_double_cases[_i].in, st);
    if (st == NUMERIC_OK)
        ck_assert_msg(got == to_double_cases[_i].out, "%s::float8 = %.17g",
                      to_double_cases[_i].in, got);
}
END_TEST

START_TEST(to_double_specials_and_long_values)
{
    double d = 0;
    numeric n = must_parse("NaN");
    ck_assert_int_eq(numeric_to_double(&n, &d), NUMERIC_OK);
    ck_assert(isnan(d));
    n = must_parse("Infinity");
    ck_assert_int_eq(numeric_to_double(&n, &d), NUMERIC_OK);
    ck_assert(isinf(d) && d > 0);
    n = must_parse("-Infinity");
    ck_assert_int_eq(numeric_to_double(&n, &d), NUMERIC_OK);
    ck_assert(isinf(d) && d < 0);

    /* 2^53 + 1 is a tie between two doubles; a non-zero digit 1000 places later breaks
     * it upwards, so digits beyond any fixed prefix must still count. */
    char text[1100];
    memset(text, '0', sizeof text);
    memcpy(text, "9007199254740993.", 17);
    text[sizeof text - 2] = '1';
    text[sizeof text - 1] = '\0';
    n = must_parse(text);
    ck_assert_int_eq(numeric_to_double(&n, &d), NUMERIC_OK);
    ck_assert(d == 9007199254740994.0);
    text[sizeof text - 2] = '0';
    n = must_parse(text);
    ck_assert_int_eq(numeric_to_double(&n, &d), NUMERIC_OK);
    ck_assert(d == 9007199254740992.0);
}
END_TEST

static Suite *numeric_suite(void)
{
    Suite *s = suite_create("numeric");

    TCase *tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, text_io, 0, N_ELEMS(io_cases));
    tcase_add_test(tc, text_io_empty_and_bounded);
    tcase_add_test(tc, text_io_representation);
    tcase_add_test(tc, text_io_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("arithmetic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, arithmetic, 0, N_ELEMS(arith_cases));
    tcase_add_test(tc, arithmetic_limits);
    tcase_add_test(tc, negate_and_abs);
    tcase_add_test(tc, results_outlive_input_arena);
    suite_add_tcase(s, tc);

    tc = tcase_create("rounding");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, round_and_trunc, 0, N_ELEMS(round_cases));
    tcase_add_test(tc, round_scale_is_clamped);
    tcase_add_loop_test(tc, typmod, 0, N_ELEMS(typmod_cases));
    tcase_add_test(tc, typmod_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("compare");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, compare, 0, N_ELEMS(compare_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("conversions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, from_int64);
    tcase_add_loop_test(tc, to_int64, 0, N_ELEMS(to_int64_cases));
    tcase_add_loop_test(tc, from_double, 0, N_ELEMS(from_double_cases));
    tcase_add_test(tc, from_double_extremes);
    tcase_add_loop_test(tc, to_double, 0, N_ELEMS(to_double_cases));
    tcase_add_test(tc, to_double_specials_and_long_values);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(numeric_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
