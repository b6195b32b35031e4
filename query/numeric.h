/*
 * numeric: PostgreSQL's exact decimal type (NUMERIC / DECIMAL).
 *
 * Owns the representation (base-10000 digits with weight, sign and display scale, as
 * PostgreSQL stores them, so the binary wire format is a direct copy), text input and
 * output, arithmetic with PostgreSQL's result-scale rules, comparison, conversions to and
 * from integers and doubles, and typmod (precision, scale) enforcement, including NaN and
 * +/-Infinity. Values live in the caller's arena and are immutable once built.
 * Must not know about SQL errors or sessions: failures come back as a numeric_status
 * that the caller maps to a SQLSTATE.
 */
#ifndef QUILL_QUERY_NUMERIC_H
#define QUILL_QUERY_NUMERIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/arena.h"

typedef enum numeric_status {
    NUMERIC_OK = 0,
    NUMERIC_INVALID_SYNTAX,   /* 22P02 invalid input syntax for type numeric: "..." */
    NUMERIC_OUT_OF_RANGE,     /* 22003 value overflows numeric format / integer out of range */
    NUMERIC_FIELD_OVERFLOW,   /* 22003 numeric field overflow (typmod) */
    NUMERIC_DIVISION_BY_ZERO, /* 22012 division by zero */
    NUMERIC_UNDEFINED,        /* 22023/2201F-ish: e.g. infinity - infinity is NaN; sqrt(-1) */
    NUMERIC_NO_MEMORY,        /* 53200 */
} numeric_status;

typedef enum numeric_kind {
    NUMERIC_FINITE = 0,
    NUMERIC_NAN,
    NUMERIC_PINF,
    NUMERIC_NINF,
} numeric_kind;

#define NUMERIC_BASE 10000
#define NUMERIC_DEC_DIGITS 4
/* PostgreSQL limits: up to 131072 digits before the point, 16383 after. */
#define NUMERIC_MAX_PRECISION 1000
#define NUMERIC_MAX_DISPLAY_SCALE 1000

typedef struct numeric {
    numeric_kind kind;
    bool negative;     /* finite values only; zero is never negative */
    int weight;        /* weight of digits[0] in base-10000 digits */
    int dscale;        /* display scale: digits shown after the decimal point */
    int ndigits;       /* no leading or trailing zero digits; zero has ndigits == 0 */
    const int16_t *digits;
} numeric;

/* Text I/O with PostgreSQL's syntax ("  -1.50e3 ", "NaN", "-Infinity", "inf"). */
numeric_status numeric_from_text(arena *a, const char *text, size_t len, numeric *out);
/* NUL-terminated text in the arena, formatted exactly as PostgreSQL prints it. */
numeric_status numeric_to_text(arena *a, const numeric *n, char **out);

numeric_status numeric_from_int64(arena *a, int64_t v, numeric *out);
/* Rounds half away from zero, as PostgreSQL's numeric -> integer casts do. */
numeric_status numeric_to_int64(const numeric *n, int64_t *out);
/* From a double as PostgreSQL's float8 -> numeric cast does (15 significant digits). */
numeric_status numeric_from_double(arena *a, double v, numeric *out);
numeric_status numeric_to_double(const numeric *n, double *out);

numeric_status numeric_add(arena *a, const numeric *x, const numeric *y, numeric *out);
numeric_status numeric_sub(arena *a, const numeric *x, const numeric *y, numeric *out);
numeric_status numeric_mul(arena *a, const numeric *x, const numeric *y, numeric *out);
/* Result scale as PostgreSQL's select_div_scale (at least 16 significant digits). */
numeric_status numeric_div(arena *a, const numeric *x, const numeric *y, numeric *out);
numeric_status numeric_mod(arena *a, const numeric *x, const numeric *y, numeric *out);
numeric_status numeric_negate(arena *a, const numeric *x, numeric *out);
numeric_status numeric_abs(arena *a, const numeric *x, numeric *out);

/* Round (half away from zero) or truncate to `scale` digits after the point; negative
 * scale rounds to the left of the point, as round(x, s) / trunc(x, s) do. */
numeric_status numeric_round(arena *a, const numeric *x, int scale, numeric *out);
numeric_status numeric_trunc(arena *a, const numeric *x, int scale, numeric *out);

/* Applies numeric(precision, scale): rounds to scale, NUMERIC_FIELD_OVERFLOW when the
 * integer part needs more than precision - scale digits. */
numeric_status numeric_apply_typmod(arena *a, const numeric *x, int precision, int scale,
                                    numeric *out);

/* Total order of PostgreSQL: -Infinity < finite < +Infinity < NaN; NaN equals NaN. */
int numeric_compare(const numeric *x, const numeric *y);
bool numeric_is_zero(const numeric *n);

#endif
