#include "query/numeric.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* What PostgreSQL's storage format can hold: the weight is an int16 and the display scale
 * has 14 bits. Results beyond these are errors ("value overflows numeric format"). */
#define WEIGHT_MAX 32767
#define DSCALE_MAX 16383

/* round() and trunc() clamp their scale argument to this, as PostgreSQL does. */
#define MAX_RESULT_SCALE (NUMERIC_MAX_PRECISION * 2)

/* typmod scale range of PostgreSQL 15 (scale may be negative or exceed the precision). */
#define TYPMOD_MIN_SCALE (-1000)
#define TYPMOD_MAX_SCALE 1000

/* Division keeps at least as many significant digits as a float8 could show. */
#define DIV_MIN_SIG_DIGITS 16

/* Exponents of text input at or beyond this magnitude overflow before any other check,
 * mirroring PostgreSQL's guard against int overflow in its weight arithmetic. */
#define EXPONENT_LIMIT (INT_MAX / 2)

/* Significant decimal digits handed to strtod. A halfway point between two doubles has
 * at most 767 significant digits, so 800 digits plus a non-zero "sticky" digit for any
 * cut-off remainder round exactly as the full decimal expansion would. */
#define TO_DOUBLE_GROUPS 200

static const int pow10_tab[NUMERIC_DEC_DIGITS + 1] = {1, 10, 100, 1000, 10000};

static void set_special(numeric *out, numeric_kind kind)
{
    out->kind = kind;
    out->negative = false;
    out->weight = 0;
    out->dscale = 0;
    out->ndigits = 0;
    out->digits = NULL;
}

static void set_infinity(numeric *out, bool negative)
{
    set_special(out, negative ? NUMERIC_NINF : NUMERIC_PINF);
}

static bool is_nan(const numeric *n)
{
    return n->kind == NUMERIC_NAN;
}

static bool is_inf(const numeric *n)
{
    return n->kind == NUMERIC_PINF || n->kind == NUMERIC_NINF;
}

/* -1, 0 or 1; infinities count as their sign. NaN is handled by every caller first. */
static int sign_of(const numeric *n)
{
    if (n->kind == NUMERIC_PINF)
        return 1;
    if (n->kind == NUMERIC_NINF)
        return -1;
    if (n->ndigits == 0)
        return 0;
    return n->negative ? -1 : 1;
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

/* Base-10000 weight of the digit holding the decimal place 10^p (floor division by 4). */
static int64_t weight_of_place(int64_t p)
{
    return p >= 0 ? p / NUMERIC_DEC_DIGITS : -((-p + NUMERIC_DEC_DIGITS - 1) / NUMERIC_DEC_DIGITS);
}

/* Weight of the last stored digit; for zero it lies above the weight, so loops over
 * [low_weight, weight] visit nothing. */
static int low_weight(const numeric *x)
{
    return x->weight - x->ndigits + 1;
}

/* The base-10000 digit of weight w, zero outside the stored digits. */
static int digit_at(const numeric *x, int w)
{
    int i = x->weight - w;
    if (i < 0 || i >= x->ndigits)
        return 0;
    return x->digits[i];
}

/* Digit counts are bounded by the input text length or the storage limits, so the byte
 * count cannot overflow. */
static int16_t *alloc_digits(arena *a, size_t n)
{
    return arena_alloc(a, n * sizeof(int16_t));
}

/*
 * Turns `n` base-10000 digits, the first of weight `weight`, into a finite value: strips
 * leading and trailing zero digits (the representation's invariant) and refuses what
 * PostgreSQL could not store. Callers never leave non-zero digits beyond `dscale`.
 */
static numeric_status make_result(int16_t *digits, int n, int weight, bool negative,
                                  int dscale, numeric *out)
{
    while (n > 0 && digits[0] == 0) {
        digits++;
        n--;
        weight--;
    }
    while (n > 0 && digits[n - 1] == 0)
        n--;
    if (n == 0) {
        weight = 0;
        negative = false;
    }
    if (weight > WEIGHT_MAX || dscale > DSCALE_MAX)
        return NUMERIC_OUT_OF_RANGE;
    out->kind = NUMERIC_FINITE;
    out->negative = negative;
    out->weight = weight;
    out->dscale = dscale;
    out->ndigits = n;
    out->digits = digits;
    return NUMERIC_OK;
}

static numeric_status make_zero(int dscale, numeric *out)
{
    return make_result(NULL, 0, 0, false, dscale, out);
}

/* A copy of finite x in arena a, with another sign, so that out never depends on the
 * lifetime of x's arena. */
static numeric_status copy_finite(arena *a, const numeric *x, bool negative, numeric *out)
{
    int16_t *d = alloc_digits(a, x->ndigits);
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    for (int i = 0; i < x->ndigits; i++)
        d[i] = x->digits[i];
    return make_result(d, x->ndigits, x->weight, negative, x->dscale, out);
}

/* ---------------------------------------------------------------------------------- */
/* Comparison                                                                          */

static int cmp_abs(const numeric *x, const numeric *y)
{
    if (x->ndigits == 0 || y->ndigits == 0)
        return (x->ndigits != 0) - (y->ndigits != 0);
    if (x->weight != y->weight)
        return x->weight > y->weight ? 1 : -1;
    int n = min_int(x->ndigits, y->ndigits);
    for (int i = 0; i < n; i++) {
        if (x->digits[i] != y->digits[i])
            return x->digits[i] > y->digits[i] ? 1 : -1;
    }
    /* Trailing digits are never zero, so the longer one is larger in magnitude. */
    return (x->ndigits > n) - (y->ndigits > n);
}

int numeric_compare(const numeric *x, const numeric *y)
{
    if (is_nan(x) || is_nan(y))
        return is_nan(x) - is_nan(y);
    if (is_inf(x) || is_inf(y)) {
        /* An infinity compares by sign alone; a finite value sits strictly between. */
        int sx = is_inf(x) ? sign_of(x) * 2 : 0;
        int sy = is_inf(y) ? sign_of(y) * 2 : 0;
        return (sx > sy) - (sx < sy);
    }
    int sx = sign_of(x);
    int sy = sign_of(y);
    if (sx != sy)
        return sx > sy ? 1 : -1;
    return sx >= 0 ? cmp_abs(x, y) : -cmp_abs(x, y);
}

bool numeric_is_zero(const numeric *n)
{
    return n->kind == NUMERIC_FINITE && n->ndigits == 0;
}

/* ---------------------------------------------------------------------------------- */
/* Rounding                                                                            */

/*
 * Rounds finite x half away from zero (or truncates towards zero) to `scale` decimal
 * places after the point; a negative scale clears places left of it. The result shows
 * max(scale, 0) places. Because the rounding is on the magnitude, only the first dropped
 * decimal digit decides: >= 5 means the dropped part is at least half a unit.
 */
static numeric_status round_finite(arena *a, const numeric *x, int scale, bool round_half,
                                   numeric *out)
{
    int dscale = max_int(scale, 0);
    if (x->ndigits == 0)
        return make_zero(dscale, out);

    /* The lowest kept decimal place is 10^-scale; it lies in the digit of weight keep_w,
     * which keeps its top `nkeep` decimal places, i.e. becomes a multiple of `unit`. */
    int keep_w = (int)weight_of_place(-(int64_t)scale);
    int nkeep = NUMERIC_DEC_DIGITS * (keep_w + 1) + scale;
    int unit = pow10_tab[NUMERIC_DEC_DIGITS - nkeep];

    /* One spare leading digit takes a carry such as 9999.5 -> 10000. */
    int top = max_int(x->weight, keep_w) + 1;
    int n = top - keep_w + 1;
    int16_t *d = alloc_digits(a, n);
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    for (int i = 0; i < n; i++)
        d[i] = (int16_t)digit_at(x, top - i);

    bool up = false;
    if (round_half) {
        int64_t place = -(int64_t)scale - 1;
        int w = (int)weight_of_place(place);
        int pos = (int)(place - (int64_t)w * NUMERIC_DEC_DIGITS);
        up = digit_at(x, w) / pow10_tab[pos] % 10 >= 5;
    }
    d[n - 1] = (int16_t)(d[n - 1] - d[n - 1] % unit);
    if (up) {
        d[n - 1] = (int16_t)(d[n - 1] + unit);
        for (int i = n - 1; d[i] >= NUMERIC_BASE; i--) {
            d[i] = (int16_t)(d[i] - NUMERIC_BASE);
            d[i - 1]++;
        }
    }
    return make_result(d, n, top, x->negative, dscale, out);
}

static int clamp_result_scale(int scale)
{
    return min_int(max_int(scale, -MAX_RESULT_SCALE), MAX_RESULT_SCALE);
}

numeric_status numeric_round(arena *a, const numeric *x, int scale, numeric *out)
{
    if (x->kind != NUMERIC_FINITE) {
        *out = *x;
        return NUMERIC_OK;
    }
    return round_finite(a, x, clamp_result_scale(scale), true, out);
}

numeric_status numeric_trunc(arena *a, const numeric *x, int scale, numeric *out)
{
    if (x->kind != NUMERIC_FINITE) {
        *out = *x;
        return NUMERIC_OK;
    }
    return round_finite(a, x, clamp_result_scale(scale), false, out);
}

/* Decimal digits of a non-zero base-10000 digit (1..4). */
static int decimal_length(int digit)
{
    int len = 1;
    while (len < NUMERIC_DEC_DIGITS && digit >= pow10_tab[len])
        len++;
    return len;
}

numeric_status numeric_apply_typmod(arena *a, const numeric *x, int precision, int scale,
                                    numeric *out)
{
    /* PostgreSQL rejects such a typmod when the type is declared (22023). */
    if (precision < 1 || precision > NUMERIC_MAX_PRECISION || scale < TYPMOD_MIN_SCALE ||
        scale > TYPMOD_MAX_SCALE)
        return NUMERIC_UNDEFINED;
    if (is_nan(x)) {
        *out = *x;
        return NUMERIC_OK;
    }
    if (is_inf(x))
        return NUMERIC_FIELD_OVERFLOW;

    numeric r;
    numeric_status st = round_finite(a, x, scale, true, &r);
    if (st != NUMERIC_OK)
        return st;
    /* Rounding first matters: 999.995 in numeric(5,2) becomes 1000.00, which overflows. */
    if (r.ndigits > 0) {
        int int_digits = r.weight * NUMERIC_DEC_DIGITS + decimal_length(r.digits[0]);
        if (int_digits > precision - scale)
            return NUMERIC_FIELD_OVERFLOW;
    }
    *out = r;
    return NUMERIC_OK;
}

/* ---------------------------------------------------------------------------------- */
/* Addition and subtraction                                                            */

/* |x| + |y| with the given sign and display scale. */
static numeric_status add_abs(arena *a, const numeric *x, const numeric *y, bool negative,
                              int dscale, numeric *out)
{
    int top = max_int(x->weight, y->weight) + 1;
    int low = min_int(low_weight(x), low_weight(y));
    int n = top - low + 1;
    int16_t *d = alloc_digits(a, n);
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    int carry = 0;
    for (int w = low; w <= top; w++) {
        int s = digit_at(x, w) + digit_at(y, w) + carry;
        carry = s >= NUMERIC_BASE;
        d[top - w] = (int16_t)(carry ? s - NUMERIC_BASE : s);
    }
    return make_result(d, n, top, negative, dscale, out);
}

/* |x| - |y| for |x| >= |y|, with the given sign and display scale. */
static numeric_status sub_abs(arena *a, const numeric *x, const numeric *y, bool negative,
                              int dscale, numeric *out)
{
    int top = max_int(x->weight, y->weight);
    int low = min_int(low_weight(x), low_weight(y));
    int n = top - low + 1;
    int16_t *d = alloc_digits(a, n);
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    int borrow = 0;
    for (int w = low; w <= top; w++) {
        int s = digit_at(x, w) - digit_at(y, w) - borrow;
        borrow = s < 0;
        d[top - w] = (int16_t)(borrow ? s + NUMERIC_BASE : s);
    }
    return make_result(d, n, top, negative, dscale, out);
}

/* x + y, or x - y when subtract is set, for finite values: exact, scale of the wider. */
static numeric_status add_finite(arena *a, const numeric *x, const numeric *y, bool subtract,
                                 numeric *out)
{
    bool y_negative = y->negative != subtract;
    int dscale = max_int(x->dscale, y->dscale);
    if (x->negative == y_negative)
        return add_abs(a, x, y, x->negative, dscale, out);
    if (cmp_abs(x, y) >= 0)
        return sub_abs(a, x, y, x->negative, dscale, out);
    return sub_abs(a, y, x, y_negative, dscale, out);
}

/* Infinities and NaN for + and -: opposite infinities cancel to NaN. */
static numeric_status add_special(const numeric *x, const numeric *y, bool subtract,
                                  numeric *out)
{
    if (is_nan(x) || is_nan(y)) {
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    int sx = is_inf(x) ? sign_of(x) : 0;
    int sy = is_inf(y) ? (subtract ? -sign_of(y) : sign_of(y)) : 0;
    if (sx != 0 && sy != 0 && sx != sy)
        set_special(out, NUMERIC_NAN);
    else
        set_infinity(out, (sx != 0 ? sx : sy) < 0);
    return NUMERIC_OK;
}

numeric_status numeric_add(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    if (x->kind != NUMERIC_FINITE || y->kind != NUMERIC_FINITE)
        return add_special(x, y, false, out);
    return add_finite(a, x, y, false, out);
}

numeric_status numeric_sub(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    if (x->kind != NUMERIC_FINITE || y->kind != NUMERIC_FINITE)
        return add_special(x, y, true, out);
    return add_finite(a, x, y, true, out);
}

numeric_status numeric_negate(arena *a, const numeric *x, numeric *out)
{
    if (is_inf(x)) {
        set_infinity(out, x->kind == NUMERIC_PINF);
        return NUMERIC_OK;
    }
    if (is_nan(x)) {
        *out = *x;
        return NUMERIC_OK;
    }
    return copy_finite(a, x, !x->negative, out);
}

numeric_status numeric_abs(arena *a, const numeric *x, numeric *out)
{
    if (is_inf(x)) {
        set_infinity(out, false);
        return NUMERIC_OK;
    }
    if (is_nan(x)) {
        *out = *x;
        return NUMERIC_OK;
    }
    return copy_finite(a, x, false, out);
}

/* ---------------------------------------------------------------------------------- */
/* Multiplication                                                                      */

/* Exact product of finite values; its display scale is the sum of the inputs'. */
static numeric_status mul_finite(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    int n = x->ndigits + y->ndigits;
    int64_t *acc = arena_zalloc(a, (size_t)n * sizeof(int64_t));
    int16_t *d = alloc_digits(a, n);
    if (acc == NULL || d == NULL)
        return NUMERIC_NO_MEMORY;
    /* x->digits[i] * y->digits[j] has weight x->weight + y->weight - i - j; index 0 of
     * acc is one weight higher to take the final carry. A column sums at most ~37000
     * products below 10^8, far inside int64. */
    for (int i = 0; i < x->ndigits; i++) {
        for (int j = 0; j < y->ndigits; j++)
            acc[i + j + 1] += (int64_t)x->digits[i] * y->digits[j];
    }
    int64_t carry = 0;
    for (int k = n - 1; k >= 0; k--) {
        int64_t v = acc[k] + carry;
        d[k] = (int16_t)(v % NUMERIC_BASE);
        carry = v / NUMERIC_BASE;
    }

    numeric exact;
    int dscale = x->dscale + y->dscale;
    /* The exact scale may exceed what can be stored; PostgreSQL then rounds. */
    int stored_dscale = min_int(dscale, DSCALE_MAX);
    numeric_status st = make_result(d, n, x->weight + y->weight + 1,
                                    x->negative != y->negative, stored_dscale, &exact);
    if (st != NUMERIC_OK || dscale == stored_dscale) {
        *out = exact;
        return st;
    }
    return round_finite(a, &exact, stored_dscale, true, out);
}

numeric_status numeric_mul(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    if (x->kind == NUMERIC_FINITE && y->kind == NUMERIC_FINITE)
        return mul_finite(a, x, y, out);
    if (is_nan(x) || is_nan(y)) {
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    /* Infinity times zero has no meaningful value; otherwise the signs multiply. */
    int s = sign_of(x) * sign_of(y);
    if (s == 0)
        set_special(out, NUMERIC_NAN);
    else
        set_infinity(out, s < 0);
    return NUMERIC_OK;
}

/* ---------------------------------------------------------------------------------- */
/* Division                                                                            */

/*
 * |x| / |y| (y non-zero) truncated to its base-10000 digits of weight >= qlow, with the
 * given sign. Write x = X * B^lx and y = Y * B^ly with integers X, Y; the wanted digits
 * are floor(X * B^shift / Y) with shift = lx - ly - qlow. A negative shift drops low
 * digits of X first, which leaves that floor unchanged. The integer division is Knuth's
 * Algorithm D (TAOCP 4.3.1) in base 10000.
 */
static numeric_status div_trunc(arena *a, const numeric *x, const numeric *y, int qlow,
                                bool negative, numeric *out)
{
    int dscale = max_int(-qlow * NUMERIC_DEC_DIGITS, 0);
    int ny = y->ndigits;
    int un = x->ndigits + (low_weight(x) - low_weight(y) - qlow);
    if (x->ndigits == 0 || un < ny)
        return make_zero(dscale, out);

    int qn = un - ny + 1;
    int32_t *u = arena_alloc(a, ((size_t)un + 1) * sizeof(int32_t));
    int32_t *v = arena_alloc(a, (size_t)ny * sizeof(int32_t));
    int16_t *q = alloc_digits(a, qn);
    if (u == NULL || v == NULL || q == NULL)
        return NUMERIC_NO_MEMORY;

    /* Scale both so that v's leading digit is at least B/2, which keeps each trial
     * quotient digit at most 2 too large (D1). u gets one extra leading digit. */
    int32_t norm = NUMERIC_BASE / (y->digits[0] + 1);
    int32_t carry = 0;
    for (int i = ny - 1; i >= 0; i--) {
        int32_t t = y->digits[i] * norm + carry;
        v[i] = t % NUMERIC_BASE;
        carry = t / NUMERIC_BASE;
    }
    carry = 0;
    for (int i = un - 1; i >= 0; i--) {
        int32_t t = (i < x->ndigits ? x->digits[i] : 0) * norm + carry;
        u[i + 1] = t % NUMERIC_BASE;
        carry = t / NUMERIC_BASE;
    }
    u[0] = carry;

    for (int j = 0; j < qn; j++) {
        /* D3: estimate the quotient digit from the top two digits of the remainder and
         * correct it with the next divisor digit. */
        int64_t num = (int64_t)u[j] * NUMERIC_BASE + u[j + 1];
        int64_t qhat = num / v[0];
        int64_t rhat = num % v[0];
        while (qhat >= NUMERIC_BASE ||
               (ny > 1 && qhat * v[1] > rhat * NUMERIC_BASE + u[j + 2])) {
            qhat--;
            rhat += v[0];
            if (rhat >= NUMERIC_BASE)
                break;
        }

        /* D4: u[j..j+ny] -= qhat * v. */
        int64_t mul_carry = 0;
        int32_t borrow = 0;
        for (int i = ny - 1; i >= 0; i--) {
            int64_t p = qhat * v[i] + mul_carry;
            mul_carry = p / NUMERIC_BASE;
            int32_t t = u[j + 1 + i] - (int32_t)(p % NUMERIC_BASE) - borrow;
            borrow = t < 0;
            u[j + 1 + i] = borrow ? t + NUMERIC_BASE : t;
        }
        int32_t top = u[j] - (int32_t)mul_carry - borrow;

        /* D6: rarely qhat was still one too large; add the divisor back. */
        if (top < 0) {
            qhat--;
            int32_t add_carry = 0;
            for (int i = ny - 1; i >= 0; i--) {
                int32_t t = u[j + 1 + i] + v[i] + add_carry;
                add_carry = t >= NUMERIC_BASE;
                u[j + 1 + i] = add_carry ? t - NUMERIC_BASE : t;
            }
            top += add_carry;
        }
        u[j] = top;
        q[j] = (int16_t)qhat;
    }
    return make_result(q, qn, qlow + qn - 1, negative, dscale, out);
}

/*
 * PostgreSQL's choice of quotient scale: enough places for DIV_MIN_SIG_DIGITS significant
 * digits of the estimated quotient, but never fewer than either input shows.
 */
static int div_scale(const numeric *x, const numeric *y)
{
    int wx = x->ndigits > 0 ? x->weight : 0;
    int wy = y->ndigits > 0 ? y->weight : 0;
    int fx = x->ndigits > 0 ? x->digits[0] : 0;
    int fy = y->ndigits > 0 ? y->digits[0] : 0;
    /* With equal leading digits x may still be smaller; assume the lower weight. */
    int qweight = wx - wy - (fx <= fy);
    int rscale = DIV_MIN_SIG_DIGITS - qweight * NUMERIC_DEC_DIGITS;
    rscale = max_int(rscale, x->dscale);
    rscale = max_int(rscale, y->dscale);
    rscale = max_int(rscale, 0);
    return min_int(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

numeric_status numeric_div(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    if (is_nan(x) || is_nan(y)) {
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    if (is_inf(x)) {
        if (is_inf(y)) {
            set_special(out, NUMERIC_NAN);
            return NUMERIC_OK;
        }
        if (y->ndigits == 0)
            return NUMERIC_DIVISION_BY_ZERO;
        set_infinity(out, sign_of(x) * sign_of(y) < 0);
        return NUMERIC_OK;
    }
    if (is_inf(y))
        return make_zero(0, out);
    if (y->ndigits == 0)
        return NUMERIC_DIVISION_BY_ZERO;

    int rscale = div_scale(x, y);
    /* Truncate one decimal place beyond rscale; that place then decides the rounding. */
    int qlow = (int)weight_of_place(-(int64_t)rscale - 1);
    numeric q;
    numeric_status st = div_trunc(a, x, y, qlow, x->negative != y->negative, &q);
    if (st != NUMERIC_OK)
        return st;
    return round_finite(a, &q, rscale, true, out);
}

numeric_status numeric_mod(arena *a, const numeric *x, const numeric *y, numeric *out)
{
    if (is_nan(x) || is_nan(y)) {
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    if (is_inf(x)) {
        if (y->kind == NUMERIC_FINITE && y->ndigits == 0)
            return NUMERIC_DIVISION_BY_ZERO;
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    /* A finite x is its own remainder against an infinite divisor. */
    if (is_inf(y))
        return copy_finite(a, x, x->negative, out);
    if (y->ndigits == 0)
        return NUMERIC_DIVISION_BY_ZERO;

    /* x - y * trunc(x / y): the sign follows x, the scale is the wider input's. */
    numeric q, p;
    numeric_status st = div_trunc(a, x, y, 0, x->negative != y->negative, &q);
    if (st == NUMERIC_OK)
        st = mul_finite(a, y, &q, &p);
    if (st == NUMERIC_OK)
        st = add_finite(a, x, &p, true, out);
    return st;
}

/* ---------------------------------------------------------------------------------- */
/* Text                                                                                */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of s[0..len) with a lower-case word. */
static bool equals_word(const char *s, size_t len, const char *word)
{
    size_t i = 0;
    for (; i < len; i++) {
        if (word[i] == '\0' || lower_ascii(s[i]) != word[i])
            return false;
    }
    return word[i] == '\0';
}

/* The spellings of NaN and the infinities PostgreSQL accepts (case-insensitive). */
static bool parse_special(const char *s, size_t len, numeric *out)
{
    static const struct {
        const char *word;
        numeric_kind kind;
    } words[] = {
        {"nan", NUMERIC_NAN},        {"infinity", NUMERIC_PINF}, {"+infinity", NUMERIC_PINF},
        {"-infinity", NUMERIC_NINF}, {"inf", NUMERIC_PINF},      {"+inf", NUMERIC_PINF},
        {"-inf", NUMERIC_NINF},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (equals_word(s, len, words[i].word)) {
            set_special(out, words[i].kind);
            return true;
        }
    }
    return false;
}

/*
 * Parses an exponent after 'e' the way strtol does, as PostgreSQL uses it: optional
 * white space, optional sign, at least one digit. *i is left after the digits.
 */
static numeric_status parse_exponent(const char *s, size_t len, size_t *i, int64_t *exponent)
{
    size_t p = *i;
    while (p < len && is_space(s[p]))
        p++;
    bool negative = false;
    if (p < len && (s[p] == '+' || s[p] == '-')) {
        negative = s[p] == '-';
        p++;
    }
    if (p == len || !is_digit(s[p]))
        return NUMERIC_INVALID_SYNTAX;
    int64_t e = 0;
    while (p < len && is_digit(s[p])) {
        /* Saturate: anything at the limit is refused below anyway. */
        if (e < EXPONENT_LIMIT)
            e = e * 10 + (s[p] - '0');
        p++;
    }
    if (e >= EXPONENT_LIMIT)
        return NUMERIC_OUT_OF_RANGE;
    *i = p;
    *exponent = negative ? -e : e;
    return NUMERIC_OK;
}

/* The digits of a syntactically valid number: integer part, then fraction part. */
typedef struct decimal_text {
    const char *int_digits;
    int64_t nint;
    const char *frac_digits;
    int64_t nfrac;
} decimal_text;

/* The k-th decimal digit (0..9) counting across both parts. */
static int decimal_digit(const decimal_text *t, int64_t k)
{
    char c = k < t->nint ? t->int_digits[k] : t->frac_digits[k - t->nint];
    return c - '0';
}

/*
 * Builds the value of t * 10^exponent. The k-th decimal digit stands for the place
 * 10^(nint - 1 - k + exponent); only the span between the first and the last non-zero
 * digit is stored, so leading and trailing zeros of the text cost nothing.
 */
static numeric_status decimal_to_numeric(arena *a, const decimal_text *t, int64_t exponent,
                                         bool negative, int dscale, numeric *out)
{
    int64_t ndec = t->nint + t->nfrac;
    int64_t first = 0;
    while (first < ndec && decimal_digit(t, first) == 0)
        first++;
    if (first == ndec)
        return make_zero(dscale, out);
    int64_t last = ndec - 1;
    while (decimal_digit(t, last) == 0)
        last--;

    int64_t top_w = weight_of_place(t->nint - 1 - first + exponent);
    if (top_w > WEIGHT_MAX)
        return NUMERIC_OUT_OF_RANGE;
    /* The last digit's place is at least 10^-dscale, which bounds the array. */
    int64_t low_w = weight_of_place(t->nint - 1 - last + exponent);
    int16_t *d = alloc_digits(a, (size_t)(top_w - low_w + 1));
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    for (int64_t w = low_w; w <= top_w; w++)
        d[top_w - w] = 0;
    for (int64_t k = first; k <= last; k++) {
        int64_t place = t->nint - 1 - k + exponent;
        int64_t w = weight_of_place(place);
        int pos = (int)(place - w * NUMERIC_DEC_DIGITS);
        d[top_w - w] = (int16_t)(d[top_w - w] + decimal_digit(t, k) * pow10_tab[pos]);
    }
    return make_result(d, (int)(top_w - low_w + 1), (int)top_w, negative, dscale, out);
}

numeric_status numeric_from_text(arena *a, const char *text, size_t len, numeric *out)
{
    /* PostgreSQL's own limit on any value is 1 GB; this keeps all counts below in range. */
    if (len > INT_MAX)
        return NUMERIC_OUT_OF_RANGE;
    size_t i = 0;
    while (i < len && is_space(text[i]))
        i++;
    while (len > i && is_space(text[len - 1]))
        len--;
    if (parse_special(text + i, len - i, out))
        return NUMERIC_OK;

    bool negative = false;
    if (i < len && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        i++;
    }
    decimal_text t = {.int_digits = text + i};
    while (i < len && is_digit(text[i]))
        i++;
    t.nint = text + i - t.int_digits;
    t.frac_digits = text + i;
    if (i < len && text[i] == '.') {
        t.frac_digits = text + ++i;
        while (i < len && is_digit(text[i]))
            i++;
    }
    t.nfrac = text + i - t.frac_digits;
    if (t.nint + t.nfrac == 0)
        return NUMERIC_INVALID_SYNTAX;

    int64_t exponent = 0;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        numeric_status st = parse_exponent(text, len, &i, &exponent);
        if (st != NUMERIC_OK)
            return st;
    }
    if (i != len)
        return NUMERIC_INVALID_SYNTAX;

    /* The places written after the point, moved by the exponent; "1.5e3" shows none. */
    int64_t dscale = t.nfrac - exponent;
    if (dscale < 0)
        dscale = 0;
    if (dscale > DSCALE_MAX)
        return NUMERIC_OUT_OF_RANGE;
    return decimal_to_numeric(a, &t, exponent, negative, (int)dscale, out);
}

/* Writes the four decimal digits of a base-10000 digit, zero-padded. */
static char *put_group(char *p, int digit)
{
    for (int k = NUMERIC_DEC_DIGITS - 1; k >= 0; k--)
        *p++ = (char)('0' + digit / pow10_tab[k] % 10);
    return p;
}

numeric_status numeric_to_text(arena *a, const numeric *n, char **out)
{
    const char *word = NULL;
    if (n->kind == NUMERIC_NAN)
        word = "NaN";
    else if (n->kind == NUMERIC_PINF)
        word = "Infinity";
    else if (n->kind == NUMERIC_NINF)
        word = "-Infinity";
    if (word != NULL) {
        *out = arena_strdup(a, word);
        return *out != NULL ? NUMERIC_OK : NUMERIC_NO_MEMORY;
    }

    /* sign, integer part, point, dscale places (plus a group's slack), NUL */
    size_t int_len = n->weight >= 0 ? ((size_t)n->weight + 1) * NUMERIC_DEC_DIGITS : 1;
    size_t cap = 1 + int_len + 1 + (size_t)n->dscale + NUMERIC_DEC_DIGITS + 1;
    char *buf = arena_alloc(a, cap);
    if (buf == NULL)
        return NUMERIC_NO_MEMORY;
    char *p = buf;
    if (n->negative)
        *p++ = '-';
    if (n->ndigits == 0 || n->weight < 0) {
        *p++ = '0';
    } else {
        /* The leading digit is non-zero; print it without its padding zeros. */
        char first[NUMERIC_DEC_DIGITS];
        put_group(first, n->digits[0]);
        int skip = NUMERIC_DEC_DIGITS - decimal_length(n->digits[0]);
        for (int k = skip; k < NUMERIC_DEC_DIGITS; k++)
            *p++ = first[k];
        for (int w = n->weight - 1; w >= 0; w--)
            p = put_group(p, digit_at(n, w));
    }
    if (n->dscale > 0) {
        *p++ = '.';
        char *frac = p;
        for (int w = -1; p - frac < n->dscale; w--)
            p = put_group(p, digit_at(n, w));
        /* Groups overshoot to a multiple of four; the display scale cuts them. */
        p = frac + n->dscale;
    }
    *p = '\0';
    *out = buf;
    return NUMERIC_OK;
}

/* ---------------------------------------------------------------------------------- */
/* Integers and doubles                                                                */

numeric_status numeric_from_int64(arena *a, int64_t v, numeric *out)
{
    /* 2^63 has 19 decimal digits: five base-10000 digits. */
    enum { MAX_GROUPS = 5 };
    int16_t *d = alloc_digits(a, MAX_GROUPS);
    if (d == NULL)
        return NUMERIC_NO_MEMORY;
    /* Unsigned negation keeps INT64_MIN representable. */
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    for (int i = MAX_GROUPS - 1; i >= 0; i--) {
        d[i] = (int16_t)(mag % NUMERIC_BASE);
        mag /= NUMERIC_BASE;
    }
    return make_result(d, MAX_GROUPS, MAX_GROUPS - 1, v < 0, 0, out);
}

numeric_status numeric_to_int64(const numeric *n, int64_t *out)
{
    /* PostgreSQL reports "cannot convert NaN/infinity to bigint" (0A000); the caller
     * tells them apart from overflow by the kind of n. */
    if (n->kind != NUMERIC_FINITE)
        return NUMERIC_UNDEFINED;
    /* Magnitudes up to 2^63, which only a negative value may reach. */
    const uint64_t limit = (uint64_t)INT64_MAX + 1;
    uint64_t mag = 0;
    for (int w = n->weight; w >= 0; w--) {
        uint64_t d = (uint64_t)digit_at(n, w);
        if (mag > (limit - d) / NUMERIC_BASE)
            return NUMERIC_OUT_OF_RANGE;
        mag = mag * NUMERIC_BASE + d;
    }
    /* Half away from zero: the first decimal place after the point decides. */
    if (digit_at(n, -1) >= NUMERIC_BASE / 2) {
        if (mag == limit)
            return NUMERIC_OUT_OF_RANGE;
        mag++;
    }
    if (n->negative) {
        *out = mag == limit ? INT64_MIN : -(int64_t)mag;
        return NUMERIC_OK;
    }
    if (mag == limit)
        return NUMERIC_OUT_OF_RANGE;
    *out = (int64_t)mag;
    return NUMERIC_OK;
}

numeric_status numeric_from_double(arena *a, double v, numeric *out)
{
    if (isnan(v)) {
        set_special(out, NUMERIC_NAN);
        return NUMERIC_OK;
    }
    if (isinf(v)) {
        set_infinity(out, v < 0);
        return NUMERIC_OK;
    }
    /* PostgreSQL keeps only DBL_DIG significant digits, so 0.1 becomes exactly 0.1. */
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%.*g", DBL_DIG, v);
    if (len < 0 || (size_t)len >= sizeof buf)
        return NUMERIC_OUT_OF_RANGE;
    return numeric_from_text(a, buf, (size_t)len, out);
}

numeric_status numeric_to_double(const numeric *n, double *out)
{
    if (n->kind == NUMERIC_NAN) {
        *out = NAN;
        return NUMERIC_OK;
    }
    if (is_inf(n)) {
        *out = n->kind == NUMERIC_PINF ? INFINITY : -INFINITY;
        return NUMERIC_OK;
    }
    if (n->ndigits == 0) {
        *out = 0.0;
        return NUMERIC_OK;
    }

    /* No arena here, so the text for strtod is built on the stack as
     * "[-]0.<groups>[1]e<exp>" with a bounded number of groups (see TO_DOUBLE_GROUPS). */
    char buf[TO_DOUBLE_GROUPS * NUMERIC_DEC_DIGITS + 32];
    char *p = buf;
    if (n->negative)
        *p++ = '-';
    *p++ = '0';
    *p++ = '.';
    int groups = min_int(n->ndigits, TO_DOUBLE_GROUPS);
    for (int i = 0; i < groups; i++)
        p = put_group(p, n->digits[i]);
    /* Any cut-off group is non-zero (trailing zero digits are never stored). */
    if (n->ndigits > groups)
        *p++ = '1';
    size_t room = sizeof buf - (size_t)(p - buf);
    int len = snprintf(p, room, "e%d", (n->weight + 1) * NUMERIC_DEC_DIGITS);
    if (len < 0 || (size_t)len >= room)
        return NUMERIC_OUT_OF_RANGE;

    errno = 0;
    double v = strtod(buf, NULL);
    /* Like PostgreSQL's float8 input: overflow and underflow to zero are errors, a
     * denormal result is not. */
    if (errno == ERANGE && (v == 0.0 || isinf(v)))
        return NUMERIC_OUT_OF_RANGE;
    *out = v;
    return NUMERIC_OK;
}
