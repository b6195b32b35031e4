/*
 * datetime: PostgreSQL 15's date, timestamp, timestamptz and interval types.
 *
 * Owns the representation (the same integers PostgreSQL stores, so the binary wire format
 * is a direct copy), text input and output (DateStyle ISO with a choice of field order
 * for ambiguous input, IntervalStyle postgres), time zones (IANA zones read from the
 * system's TZif files, POSIX TZ strings, PostgreSQL's default abbreviation set), casts,
 * arithmetic, comparison, date_trunc, extract/date_part, age, justify_* and to_char.
 * Results live in the caller's arena. Must not know about SQL errors or sessions: what a
 * session contributes (TimeZone, DateStyle order, the transaction's start time) comes in a
 * datetime_context, and failures come back as a datetime_status that the caller maps to a
 * SQLSTATE and message as listed below.
 *
 * Not thread-safe: parsed time zones are cached in module-level state (the server runs
 * SQL on one thread).
 *
 * Known differences from PostgreSQL 15 (everything else was compared result for result):
 * - timestamp - timestamp whose difference does not fit 64 bits (only possible across
 *   most of the range, e.g. 294276 AD - 4714 BC) is DATETIME_INTERVAL_OUT_OF_RANGE;
 *   PostgreSQL 15 silently wraps around and prints a wrong interval.
 * - Leap-second zones ("right/UTC") are refused everywhere; PostgreSQL refuses them as
 *   TimeZone but accepts them in AT TIME ZONE.
 * - A POSIX TZ string with daylight time but no rules ("AAA3BBB") uses the current US
 *   rules for every year; PostgreSQL takes the rules of its "posixrules" zone, which
 *   differ before 2007.
 * - Zone abbreviations are kept to 31 characters; PostgreSQL prints nothing for, or
 *   refuses, longer ones.
 */
#ifndef QUILL_QUERY_DATETIME_H
#define QUILL_QUERY_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/arena.h"

/*
 * Status of every operation. The comment gives the SQLSTATE and PostgreSQL's message;
 * "%s" is the whole input text for input functions, the lowercased unit name for units,
 * and TYPE is the SQL type name the caller was working on: "date",
 * "timestamp without time zone", "timestamp with time zone" or "interval" (input
 * functions say "timestamp" rather than "timestamp without time zone").
 */
typedef enum datetime_status {
    DATETIME_OK = 0,
    DATETIME_INVALID_SYNTAX,          /* 22007 invalid input syntax for type TYPE: "%s" */
    DATETIME_FIELD_OVERFLOW,          /* 22008 date/time field value out of range: "%s" */
    DATETIME_FIELD_OVERFLOW_DATESTYLE,/* 22008 as above, plus the hint: Perhaps you need a
                                       * different "datestyle" setting. */
    DATETIME_INTERVAL_FIELD_OVERFLOW, /* 22015 interval field value out of range: "%s" */
    DATETIME_TZ_DISPLACEMENT,         /* 22009 time zone displacement out of range: "%s" */
    DATETIME_UNKNOWN_ZONE,            /* 22023 time zone "%s" not recognized (the zone
                                       * argument, or *bad_zone for input functions) */
    DATETIME_DATE_OUT_OF_RANGE,       /* 22008 input: date out of range: "%s";
                                       * otherwise: date out of range */
    DATETIME_TIMESTAMP_OUT_OF_RANGE,  /* 22008 input: timestamp out of range: "%s";
                                       * otherwise: timestamp out of range */
    DATETIME_INTERVAL_OUT_OF_RANGE,   /* 22008 interval out of range */
    DATETIME_DATE_TOO_BIG_FOR_TIMESTAMP, /* 22008 date out of range for timestamp */
    DATETIME_INFINITE_DATE_SUBTRACT,  /* 22008 cannot subtract infinite dates */
    DATETIME_INFINITE_TIMESTAMP_SUBTRACT, /* 22008 cannot subtract infinite timestamps */
    DATETIME_UNITS_NOT_RECOGNIZED,    /* 22023 unit "%s" not recognized for type TYPE */
    DATETIME_UNITS_NOT_SUPPORTED,     /* 0A000 unit "%s" not supported for type TYPE;
                                       * interval_trunc with "week" adds the detail:
                                       * Months usually have fractional weeks. */
    DATETIME_INTERVAL_ZONE,           /* 22023 interval time zone "%s" must not include
                                       * months or days (%s: the interval as text) */
    DATETIME_INTERVAL_FORMAT,         /* 22007 invalid format specification for an interval
                                       * value, hint: Intervals are not tied to specific
                                       * calendar dates. */
    DATETIME_NO_MEMORY,               /* 53200 out of memory */
} datetime_status;

/* date: days since 2000-01-01. Finite values lie in 4714-11-24 BC .. 5874897-12-31. */
typedef int32_t dt_date;
/* timestamp and timestamptz: microseconds since 2000-01-01 00:00:00 (timestamptz in UTC).
 * Finite values lie in 4714-11-24 00:00:00 BC .. 294276-12-31 23:59:59.999999. */
typedef int64_t dt_timestamp;
/* interval: kept as three independent fields, as PostgreSQL does ('1 mon' is not '30
 * days' until compared or justified). */
typedef struct dt_interval {
    int64_t time; /* microseconds */
    int32_t day;
    int32_t month;
} dt_interval;

/* Fractional digits of seconds kept at most (timestamp(p), p <= 6). */
#define DATETIME_MAX_PRECISION 6

#define DT_DATE_NOBEGIN INT32_MIN      /* '-infinity'::date */
#define DT_DATE_NOEND INT32_MAX        /* 'infinity'::date */
#define DT_TIMESTAMP_NOBEGIN INT64_MIN /* '-infinity' */
#define DT_TIMESTAMP_NOEND INT64_MAX   /* 'infinity' */
#define DT_USECS_PER_SEC INT64_C(1000000)
#define DT_USECS_PER_DAY INT64_C(86400000000)
/* 1970-01-01 00:00:00 as a dt_timestamp: add to Unix microseconds. */
#define DT_UNIX_EPOCH_TIMESTAMP INT64_C(-946684800000000)

/* DateStyle's field order, used only to read ambiguous input such as '02/03/2024'. */
typedef enum datetime_date_order {
    DATETIME_ORDER_MDY = 0,
    DATETIME_ORDER_DMY,
    DATETIME_ORDER_YMD,
} datetime_date_order;

/* What a session contributes. Every function that reads ctx->time_zone returns
 * DATETIME_UNKNOWN_ZONE if it cannot be loaded (report it by that name). */
typedef struct datetime_context {
    const char *time_zone;          /* TimeZone: an IANA name ("UTC", "Europe/Paris") or a
                                     * POSIX TZ string ("UTC+3"); case-insensitive */
    datetime_date_order date_order;
    dt_timestamp now;               /* transaction start (UTC): 'now', 'today', age(x) */
} datetime_context;

/*
 * Text input. `bad_zone` may be NULL; on DATETIME_UNKNOWN_ZONE it receives the zone name
 * as PostgreSQL reports it (lowercased, in the arena). Inputs PostgreSQL accepts: ISO 8601
 * ('2024-02-29 13:45:00.5+02', 'T' separator, 'Z'), zone names and abbreviations, BC,
 * month and day names, ambiguous numeric dates read in date_order, Julian days
 * ('J2451545'), 'epoch', 'infinity', '-infinity', 'now', 'today', 'tomorrow',
 * 'yesterday' (the last four from ctx->now in ctx->time_zone). A timestamp ignores any
 * zone given in its input, as PostgreSQL does.
 */
datetime_status date_from_text(arena *a, const datetime_context *ctx, const char *text,
                               size_t len, dt_date *out, const char **bad_zone);
datetime_status timestamp_from_text(arena *a, const datetime_context *ctx, const char *text,
                                    size_t len, dt_timestamp *out, const char **bad_zone);
datetime_status timestamptz_from_text(arena *a, const datetime_context *ctx, const char *text,
                                      size_t len, dt_timestamp *out, const char **bad_zone);
/* '1 day 02:03:04', '1 year 2 mons', '-1 days', '@ 1 hour ago', '1.5 hours',
 * 'P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06', '1-2' (year-month), '1 2:03:04'. */
datetime_status interval_from_text(arena *a, const char *text, size_t len, dt_interval *out);

/* Text output, NUL-terminated in the arena, exactly as PostgreSQL prints it. */
datetime_status date_to_text(arena *a, dt_date d, char **out);
datetime_status timestamp_to_text(arena *a, dt_timestamp ts, char **out);
/* In ctx->time_zone, with the offset as '+01', '+05:30' or '+00:09:21'. */
datetime_status timestamptz_to_text(arena *a, const datetime_context *ctx, dt_timestamp ts,
                                    char **out);
datetime_status interval_to_text(arena *a, const dt_interval *iv, char **out);

/*
 * Time zones. A zone argument is, as for PostgreSQL's AT TIME ZONE, an abbreviation from
 * PostgreSQL's default set ('PST', 'CET'), else an IANA zone (case-insensitive, looked up
 * under /usr/share/zoneinfo component by component: no absolute paths, no '.' or '..'
 * components), else a POSIX TZ string. ctx->time_zone, like PostgreSQL's TimeZone setting,
 * takes no abbreviations. Zones stay valid for any instant: transitions beyond the file's
 * table follow its POSIX rule, instants before the first transition use the zone's first
 * offset (local mean time for most zones).
 */
/* Checks a TimeZone value; *canonical gets the name as PostgreSQL's SHOW prints it
 * ('europe/paris' -> 'Europe/Paris'). */
datetime_status datetime_zone_check(arena *a, const char *name, char **canonical);
/* timestamp AT TIME ZONE zone (the local time read in that zone) -> timestamptz. */
datetime_status timestamp_at_zone(const char *zone, dt_timestamp local, dt_timestamp *out);
/* timestamptz AT TIME ZONE zone -> the local time there, as a timestamp. */
datetime_status timestamptz_at_zone(const char *zone, dt_timestamp ts, dt_timestamp *out);
/* The same with AT TIME ZONE INTERVAL '+05:30': an offset east of UTC, whole seconds. */
datetime_status timestamp_at_interval_zone(const dt_interval *zone, dt_timestamp local,
                                           dt_timestamp *out);
datetime_status timestamptz_at_interval_zone(const dt_interval *zone, dt_timestamp ts,
                                             dt_timestamp *out);
/* Drops every cached zone (after tzdata changed, or at shutdown). */
void datetime_zone_cache_clear(void);

/* The current time as a timestamptz value (the system clock). */
dt_timestamp datetime_clock_now(void);

/* Casts. timestamptz conversions read or write local time in ctx->time_zone. */
datetime_status date_to_timestamp(dt_date d, dt_timestamp *out);
datetime_status date_to_timestamptz(const datetime_context *ctx, dt_date d, dt_timestamp *out);
datetime_status timestamp_to_date(dt_timestamp ts, dt_date *out);
datetime_status timestamptz_to_date(const datetime_context *ctx, dt_timestamp ts, dt_date *out);
datetime_status timestamp_to_timestamptz(const datetime_context *ctx, dt_timestamp ts,
                                         dt_timestamp *out);
datetime_status timestamptz_to_timestamp(const datetime_context *ctx, dt_timestamp ts,
                                         dt_timestamp *out);

/* Arithmetic. Infinities pass through additions unchanged, as in PostgreSQL. */
datetime_status date_add_days(dt_date d, int32_t days, dt_date *out);     /* date + int */
datetime_status date_sub_days(dt_date d, int32_t days, dt_date *out);     /* date - int */
datetime_status date_diff(dt_date a, dt_date b, int32_t *out);            /* date - date */
/* date +/- interval, a timestamp (without time zone) as in PostgreSQL. */
datetime_status date_add_interval(dt_date d, const dt_interval *iv, dt_timestamp *out);
datetime_status date_sub_interval(dt_date d, const dt_interval *iv, dt_timestamp *out);
/* Months first, clamping the day ('2024-01-31' + '1 month' = '2024-02-29'), then days,
 * then microseconds. The timestamptz forms step months and days in ctx->time_zone's local
 * time, so '1 day' across a DST change keeps the wall-clock time. */
datetime_status timestamp_add_interval(dt_timestamp ts, const dt_interval *iv,
                                       dt_timestamp *out);
datetime_status timestamp_sub_interval(dt_timestamp ts, const dt_interval *iv,
                                       dt_timestamp *out);
datetime_status timestamptz_add_interval(const datetime_context *ctx, dt_timestamp ts,
                                         const dt_interval *iv, dt_timestamp *out);
datetime_status timestamptz_sub_interval(const datetime_context *ctx, dt_timestamp ts,
                                         const dt_interval *iv, dt_timestamp *out);
/* timestamp - timestamp (and timestamptz - timestamptz): days and time, with
 * justify_hours applied ('2024-03-01' - '2024-01-01' = '60 days'). */
datetime_status timestamp_diff(dt_timestamp a, dt_timestamp b, dt_interval *out);
datetime_status interval_add(const dt_interval *x, const dt_interval *y, dt_interval *out);
datetime_status interval_sub(const dt_interval *x, const dt_interval *y, dt_interval *out);
datetime_status interval_negate(const dt_interval *x, dt_interval *out);
/* Fractions cascade down (months to days at 30 days a month, days to time), never up. */
datetime_status interval_mul(const dt_interval *x, double factor, dt_interval *out);
/* Division by zero is the caller's check (PostgreSQL: 22012 division by zero). */
datetime_status interval_div(const dt_interval *x, double divisor, dt_interval *out);
datetime_status interval_justify_days(const dt_interval *x, dt_interval *out);
datetime_status interval_justify_hours(const dt_interval *x, dt_interval *out);
datetime_status interval_justify_interval(const dt_interval *x, dt_interval *out);

/* -1, 0 or 1. Intervals compare as months * 30 days + days * 24 hours + time, so
 * '1 mon' = '30 days' (as in PostgreSQL's = and ORDER BY). */
int date_compare(dt_date a, dt_date b);
int timestamp_compare(dt_timestamp a, dt_timestamp b);
int interval_compare(const dt_interval *a, const dt_interval *b);

/*
 * date_trunc(unit, value): microseconds, milliseconds, second, minute, hour, day, week,
 * month, quarter, year, decade, century, millennium (and PostgreSQL's abbreviations and
 * plurals). `units` need not be NUL-terminated. timestamptz truncates in ctx->time_zone
 * (pass a context with another zone for date_trunc's three-argument form).
 */
datetime_status timestamp_trunc(const char *units, size_t len, dt_timestamp ts,
                                dt_timestamp *out);
datetime_status timestamptz_trunc(const datetime_context *ctx, const char *units, size_t len,
                                  dt_timestamp ts, dt_timestamp *out);
datetime_status interval_trunc(const char *units, size_t len, const dt_interval *iv,
                               dt_interval *out);

/*
 * extract(field FROM value) and date_part(field, value). PostgreSQL 15 returns numeric from
 * extract() and double precision from date_part(); both are given. For date_part on a date,
 * convert to timestamp first (PostgreSQL defines it that way, so it accepts time fields
 * that extract(... FROM date) refuses).
 */
typedef enum datetime_field_kind {
    DATETIME_FIELD_FINITE = 0,
    DATETIME_FIELD_POS_INFINITY, /* e.g. year of 'infinity' */
    DATETIME_FIELD_NEG_INFINITY,
    DATETIME_FIELD_NULL,         /* e.g. month of 'infinity' */
} datetime_field_kind;

typedef struct datetime_field {
    datetime_field_kind kind;
    const char *numeric; /* extract(): exact decimal text with PostgreSQL's scale, e.g.
                          * "1704067200.000000"; NULL unless kind is FINITE */
    double float8;       /* date_part(): the value PostgreSQL computes, +/-inf for the
                          * infinite kinds */
} datetime_field;

datetime_status timestamp_extract(arena *a, const char *units, size_t len, dt_timestamp ts,
                                  datetime_field *out);
datetime_status timestamptz_extract(arena *a, const datetime_context *ctx, const char *units,
                                    size_t len, dt_timestamp ts, datetime_field *out);
datetime_status date_extract(arena *a, const char *units, size_t len, dt_date d,
                             datetime_field *out);
datetime_status interval_extract(arena *a, const char *units, size_t len,
                                 const dt_interval *iv, datetime_field *out);

/* age(a, b): symbolic years, months and days between two timestamps (PostgreSQL's
 * algorithm: borrow from the month of the earlier value). age(ts) is
 * age(current_date at midnight, ts): see the *_age_now forms. */
datetime_status timestamp_age(dt_timestamp a, dt_timestamp b, dt_interval *out);
datetime_status timestamptz_age(const datetime_context *ctx, dt_timestamp a, dt_timestamp b,
                                dt_interval *out);
datetime_status timestamp_age_now(const datetime_context *ctx, dt_timestamp ts,
                                  dt_interval *out);
datetime_status timestamptz_age_now(const datetime_context *ctx, dt_timestamp ts,
                                    dt_interval *out);

/*
 * to_char(value, format). Patterns: YYYY YYY YY Y Y,YYY IYYY IYY IY I CC Q MM Mon MON mon
 * Month MONTH month RM rm DD DDD D ID IDDD W WW IW J Day DAY day Dy DY dy HH HH12 HH24 MI
 * SS SSSS SSSSS MS US FF1..FF6 AM PM am pm A.M. P.M. a.m. p.m. AD BC A.D. B.C. (and lower
 * case) TZ tz TZH TZM OF; prefixes FM (no padding) and TM (C-locale names, no padding);
 * suffixes TH th (ordinal) and SP (accepted, ignored, as in PostgreSQL); "quoted text"
 * and backslash escapes. *out is NULL (SQL NULL) for an empty format or an infinite value.
 */
datetime_status timestamp_to_char(arena *a, dt_timestamp ts, const char *fmt, size_t len,
                                  char **out);
datetime_status timestamptz_to_char(arena *a, const datetime_context *ctx, dt_timestamp ts,
                                    const char *fmt, size_t len, char **out);
datetime_status interval_to_char(arena *a, const dt_interval *iv, const char *fmt, size_t len,
                                 char **out);

#endif
