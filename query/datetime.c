#include "query/datetime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

/* ===================================================================================
 * Constants. Names and values follow PostgreSQL's datatype/timestamp.h so the range
 * checks below can be compared with it line by line.
 * =================================================================================== */

#define SECS_PER_DAY 86400
#define SECS_PER_HOUR 3600
#define SECS_PER_MINUTE 60
#define MINS_PER_HOUR 60
#define HOURS_PER_DAY 24
#define MONTHS_PER_YEAR 12
#define DAYS_PER_MONTH 30 /* what an interval's month is worth when compared or justified */
#define USECS_PER_SEC INT64_C(1000000)
#define USECS_PER_MINUTE INT64_C(60000000)
#define USECS_PER_HOUR INT64_C(3600000000)
#define USECS_PER_DAY INT64_C(86400000000)

/* Julian day numbers of 2000-01-01 (PostgreSQL's epoch) and 1970-01-01. */
#define POSTGRES_EPOCH_JDATE 2451545
#define UNIX_EPOCH_JDATE 2440588
#define EPOCH_DIFF_DAYS (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)

/* Dates are valid from Julian day 0 (4714-11-24 BC) up to, not including, these. */
#define JULIAN_MINYEAR (-4713)
#define JULIAN_MINMONTH 11
#define JULIAN_MAXYEAR 5874898
#define JULIAN_MAXMONTH 6
#define DATE_END_JULIAN 2147483494     /* 5874898-01-01 */
#define TIMESTAMP_END_JULIAN 109203528 /* 294277-01-01 */
#define MIN_TIMESTAMP INT64_C(-211813488000000000)
#define END_TIMESTAMP INT64_C(9223371331200000000)

/* Numeric zone offsets in input may not exceed 15 hours, as in PostgreSQL. */
#define MAX_TZDISP_HOUR 15

static bool valid_julian(int y, int m)
{
    return (y > JULIAN_MINYEAR || (y == JULIAN_MINYEAR && m >= JULIAN_MINMONTH)) &&
           (y < JULIAN_MAXYEAR || (y == JULIAN_MAXYEAR && m < JULIAN_MAXMONTH));
}

static bool valid_date(int64_t d)
{
    return d >= -POSTGRES_EPOCH_JDATE && d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
}

static bool valid_timestamp(int64_t t)
{
    return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

static bool timestamp_finite(dt_timestamp t)
{
    return t != DT_TIMESTAMP_NOBEGIN && t != DT_TIMESTAMP_NOEND;
}

static bool date_finite(dt_date d)
{
    return d != DT_DATE_NOBEGIN && d != DT_DATE_NOEND;
}

/* ===================================================================================
 * Calendar arithmetic: proleptic Gregorian, astronomical years (0 is 1 BC), as
 * PostgreSQL. Day counts use 64 bits so that no input, however large, overflows.
 * =================================================================================== */

static const int day_tab[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

static bool is_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* Days from 1970-01-01 to y-m-d (H. Hinnant's algorithm; exact for any year). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse. Years beyond int (reachable only from absurd input that a later range
 * check refuses) are clamped so that they stay refused. */
static void civil_from_days(int64_t z, int *year, int *mon, int *mday)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t y = yoe + era * 400 + (*mon <= 2);
    *year = y > INT_MAX ? INT_MAX : y < INT_MIN ? INT_MIN : (int)y;
}

/* PostgreSQL's Julian day numbering (day 0 is 4714-11-24 BC), with PostgreSQL's own
 * formula: to_char on intervals feeds it months and days out of range, and the answer
 * must be the one PostgreSQL gives for those too. */
static int64_t date2j(int64_t y, int m, int d)
{
    int64_t month = m > 2 ? m + 1 : m + 13;
    int64_t year = m > 2 ? y + 4800 : y + 4799;
    int64_t century = year / 100;
    return year * 365 - 32167 + year / 4 - century + century / 4 + 7834 * month / 256 + d;
}

static void j2date(int64_t jd, int *y, int *m, int *d)
{
    civil_from_days(jd - UNIX_EPOCH_JDATE, y, m, d);
}

/* Day of week, 0 = Sunday. */
static int j2day(int64_t jd)
{
    return (int)(jd + 1 - floor_div(jd + 1, 7) * 7);
}

/* Julian day of the Monday starting ISO week 1 of `year`, plus whole weeks. */
static int64_t isoweek2j(int year, int week)
{
    int64_t day4 = date2j(year, 1, 4);
    return (int64_t)(week - 1) * 7 + day4 - j2day(day4 - 1);
}

/* ISO 8601 week number and week-numbering year of a date (PostgreSQL's date2isoweek and
 * date2isoyear, which agree on the year boundaries). */
static void iso_week(int year, int mon, int mday, int *week, int *iso_year)
{
    int64_t dayn = date2j(year, mon, mday);
    int64_t start = isoweek2j(year, 1);
    if (dayn < start) {
        year--;
        start = isoweek2j(year, 1);
    }
    int64_t w = (dayn - start) / 7 + 1;
    if (w >= 52 && dayn >= isoweek2j(year + 1, 1)) {
        year++;
        w = 1;
    }
    *week = (int)w;
    *iso_year = year;
}

/* ===================================================================================
 * String building in the arena.
 * =================================================================================== */

typedef struct strbuf {
    arena *a;
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} strbuf;

static void sb_init(strbuf *sb, arena *a, size_t cap)
{
    sb->a = a;
    sb->len = 0;
    sb->cap = cap < 16 ? 16 : cap;
    sb->data = arena_alloc(a, sb->cap);
    sb->failed = sb->data == NULL;
}

/* Makes room for `n` more bytes plus the terminator. The arena cannot grow a block in
 * place, so a bigger copy replaces the old buffer (doubling keeps the waste linear). */
static bool sb_reserve(strbuf *sb, size_t n)
{
    if (sb->failed)
        return false;
    if (sb->len + n + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap;
    while (cap < sb->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            sb->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *bigger = arena_alloc(sb->a, cap);
    if (bigger == NULL) {
        sb->failed = true;
        return false;
    }
    memcpy(bigger, sb->data, sb->len);
    sb->data = bigger;
    sb->cap = cap;
    return true;
}

static void sb_putn(strbuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

static void sb_puts(strbuf *sb, const char *s)
{
    sb_putn(sb, s, strlen(s));
}

static void sb_putc(strbuf *sb, char c)
{
    sb_putn(sb, &c, 1);
}

static void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(strbuf *sb, const char *fmt, ...)
{
    char small[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_putn(sb, small, (size_t)n);
        return;
    }
    if (!sb_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

/* Appends `v` with at least `width` digits, zero-padded (PostgreSQL's
 * pg_ultostr_zeropad). Written by hand: it formats every field of every value printed. */
static void sb_zeropad(strbuf *sb, uint64_t v, int width)
{
    char buf[24];
    int n = 0;
    do {
        buf[sizeof buf - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n < width && n < (int)sizeof buf)
        buf[sizeof buf - 1 - n++] = '0';
    sb_putn(sb, buf + sizeof buf - n, (size_t)n);
}

static datetime_status sb_finish(strbuf *sb, char **out)
{
    if (sb->failed)
        return DATETIME_NO_MEMORY;
    sb->data[sb->len] = '\0';
    *out = sb->data;
    return DATETIME_OK;
}

/* ===================================================================================
 * Broken-down time.
 * =================================================================================== */

#define ABBREV_MAX 31 /* longest zone abbreviation kept; TZif data has at most 6 or so */

typedef struct dt_tm {
    int year; /* astronomical: 0 is 1 BC */
    int mon;  /* 1..12 */
    int mday;
    int hour;
    int min;
    int sec;
    int32_t usec;
    int yday;        /* day of year, for 'yyyy.ddd' input only */
    bool zoned;      /* gmtoff and abbrev describe a zone */
    int32_t gmtoff;  /* seconds east of UTC */
    char abbrev[ABBREV_MAX + 1];
} dt_tm;

static void tm_clear(dt_tm *tm)
{
    memset(tm, 0, sizeof *tm);
}

/* Splits microseconds since midnight (0 .. one day) into fields. */
static void tm_set_time(dt_tm *tm, int64_t t)
{
    tm->hour = (int)(t / USECS_PER_HOUR);
    t -= tm->hour * USECS_PER_HOUR;
    tm->min = (int)(t / USECS_PER_MINUTE);
    t -= tm->min * USECS_PER_MINUTE;
    tm->sec = (int)(t / USECS_PER_SEC);
    tm->usec = (int32_t)(t - tm->sec * USECS_PER_SEC);
}

/* A finite timestamp read as wall-clock fields, no zone involved. */
static void timestamp_to_tm(dt_timestamp ts, dt_tm *tm)
{
    tm_clear(tm);
    int64_t days = floor_div(ts, USECS_PER_DAY);
    j2date(days + POSTGRES_EPOCH_JDATE, &tm->year, &tm->mon, &tm->mday);
    tm_set_time(tm, ts - days * USECS_PER_DAY);
}

static int64_t tm_time_usecs(const dt_tm *tm)
{
    return (((int64_t)tm->hour * MINS_PER_HOUR + tm->min) * SECS_PER_MINUTE + tm->sec) *
               USECS_PER_SEC +
           tm->usec;
}

/*
 * Fields to a timestamp (PostgreSQL's tm2timestamp): the wall-clock time, less `gmtoff`
 * seconds when `zoned` says the fields are local time somewhere. False when the result is
 * not a valid timestamp.
 */
static bool tm_to_timestamp(const dt_tm *tm, bool zoned, int32_t gmtoff, dt_timestamp *out)
{
    if (!valid_julian(tm->year, tm->mon))
        return false;
    int64_t date = date2j(tm->year, tm->mon, tm->mday) - POSTGRES_EPOCH_JDATE;
    int64_t time = tm_time_usecs(tm);
    int64_t result;
    if (__builtin_mul_overflow(date, USECS_PER_DAY, &result) ||
        __builtin_add_overflow(result, time, &result))
        return false;
    /* A time of day past the date's end must not wrap the sign (24:00:00 is allowed). */
    if ((result < 0 && date > 0) || (result > 0 && date < -1))
        return false;
    if (zoned)
        result -= (int64_t)gmtoff * USECS_PER_SEC;
    if (!valid_timestamp(result))
        return false;
    *out = result;
    return true;
}

/* Unix seconds of a timestamp, rounded down, as the zone code counts time. */
static int64_t timestamp_unix_secs(dt_timestamp ts)
{
    return floor_div(ts, USECS_PER_SEC) + (int64_t)EPOCH_DIFF_DAYS * SECS_PER_DAY;
}

/* ===================================================================================
 * ASCII character classes. PostgreSQL's parser runs in the C locale for these inputs;
 * spelling them out keeps the server's locale from changing what parses.
 * =================================================================================== */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_digit(c) || is_alpha(c);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

static char to_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char to_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool ascii_equal_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (to_lower(a[i]) != to_lower(b[i]))
            return false;
    }
    return true;
}

/* ===================================================================================
 * Time zones.
 *
 * A zone is read from its TZif file (RFC 8536, versions 1 to 4) under ZONEINFO_DIR:
 * the transition table, the local time types, and the POSIX TZ string that continues the
 * rules past the table's end. A name that is not a file is tried as a POSIX TZ string
 * ("UTC+3", "<+0530>-5:30"), as PostgreSQL does. Zone arithmetic is in Unix seconds.
 *
 * Parsed zones are cached (ZONE_CACHE_SLOTS of them, replaced round-robin), each in its
 * own arena. A tz_zone pointer is good only until the next zone_get(): code never holds
 * one across another lookup.
 * =================================================================================== */

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define ZONE_NAME_MAX 255 /* PostgreSQL's TZ_STRLEN_MAX */
#define ZONE_CACHE_SLOTS 16
#define ZONE_FILE_MAX (1024 * 1024)
#define TZIF_HEADER_SIZE 44
#define NAMEDATALEN_MAX 63 /* PostgreSQL truncates identifiers (and zone names) to this */

typedef struct tz_type {
    int32_t utoff; /* seconds east of UTC */
    bool isdst;
    char abbrev[ABBREV_MAX + 1];
} tz_type;

typedef enum tz_rule_kind {
    RULE_JULIAN_NOLEAP,   /* Jn: 1..365, February 29 never counted */
    RULE_DAY_OF_YEAR,     /* n: 0..365 */
    RULE_MONTH_WEEK_DAY,  /* Mm.w.d: weekday d of week w (5 = last) of month m */
} tz_rule_kind;

typedef struct tz_rule {
    tz_rule_kind kind;
    int day;
    int week;
    int month;
    int32_t time; /* seconds after local midnight, may be negative or past 24h */
} tz_rule;

typedef struct tz_posix {
    tz_type std;
    tz_type dst;
    bool has_dst;
    tz_rule start; /* into daylight time, given in standard local time */
    tz_rule end;   /* back to standard time, given in daylight local time */
} tz_posix;

typedef struct tz_zone {
    arena *mem;
    char *key;  /* the name as asked for; lookups ignore case */
    char *name; /* canonical spelling ("Europe/Paris" for "europe/paris") */
    int timecnt;
    int64_t *ats; /* transition instants, ascending */
    uint8_t *types;
    int typecnt;
    tz_type *ttis;
    int first_std; /* lowest-numbered standard-time type */
    bool has_posix;
    tz_posix posix;
} tz_zone;

static tz_zone *zone_cache[ZONE_CACHE_SLOTS];
static int zone_cache_next;

/* --- POSIX TZ strings ("CET-1CEST,M3.5.0,M10.5.0/3"), as tzcode's tzparse reads them. */

/* A zone abbreviation: "<...>" quoted, else everything up to a digit, sign or comma
 * (tzcode's getzname and getqzname). */
static const char *posix_name(const char *p, char *out)
{
    size_t kept = 0;
    if (*p == '<') {
        for (p++; *p != '>'; p++) {
            if (*p == '\0')
                return NULL;
            if (kept < ABBREV_MAX)
                out[kept++] = *p;
        }
        p++;
    } else {
        for (; *p != '\0' && !is_digit(*p) && *p != ',' && *p != '-' && *p != '+'; p++) {
            if (kept < ABBREV_MAX)
                out[kept++] = *p;
        }
    }
    out[kept] = '\0';
    return p;
}

static const char *posix_num(const char *p, int lo, int hi, int *out)
{
    if (!is_digit(*p))
        return NULL;
    int v = 0;
    for (; is_digit(*p); p++) {
        v = v * 10 + (*p - '0');
        if (v > hi)
            return NULL;
    }
    if (v < lo)
        return NULL;
    *out = v;
    return p;
}

/* [+-]hh[:mm[:ss]] with hours up to a week, as RFC 8536 extends POSIX. */
static const char *posix_offset(const char *p, int32_t *out)
{
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    int h;
    int m = 0;
    int s = 0;
    p = posix_num(p, 0, 24 * 7 - 1, &h);
    if (p != NULL && *p == ':') {
        p = posix_num(p + 1, 0, 59, &m);
        if (p != NULL && *p == ':')
            p = posix_num(p + 1, 0, 60, &s);
    }
    if (p == NULL)
        return NULL;
    *out = (h * MINS_PER_HOUR + m) * SECS_PER_MINUTE + s;
    if (negative)
        *out = -*out;
    return p;
}

static const char *posix_rule(const char *p, tz_rule *r)
{
    if (*p == 'J') {
        r->kind = RULE_JULIAN_NOLEAP;
        p = posix_num(p + 1, 1, 365, &r->day);
    } else if (*p == 'M') {
        r->kind = RULE_MONTH_WEEK_DAY;
        p = posix_num(p + 1, 1, 12, &r->month);
        if (p != NULL && *p == '.')
            p = posix_num(p + 1, 1, 5, &r->week);
        else
            p = NULL;
        if (p != NULL && *p == '.')
            p = posix_num(p + 1, 0, 6, &r->day);
        else
            p = NULL;
    } else {
        r->kind = RULE_DAY_OF_YEAR;
        p = posix_num(p, 0, 365, &r->day);
    }
    if (p == NULL)
        return NULL;
    r->time = 2 * SECS_PER_HOUR;
    if (*p == '/')
        p = posix_offset(p + 1, &r->time);
    return p;
}

static bool posix_parse(const char *s, tz_posix *tz)
{
    memset(tz, 0, sizeof *tz);
    int32_t offset;
    /* PostgreSQL, unlike tzcode, allows an empty standard-time name. */
    const char *p = posix_name(s, tz->std.abbrev);
    if (p != NULL && *p != '\0')
        p = posix_offset(p, &offset);
    else
        p = NULL;
    if (p == NULL)
        return false;
    /* POSIX counts offsets west of Greenwich as positive. */
    tz->std.utoff = -offset;
    if (*p == '\0')
        return true;
    tz->has_dst = true;
    tz->dst.isdst = true;
    const char *dst_name = p;
    p = posix_name(p, tz->dst.abbrev);
    if (p == NULL || p == dst_name)
        return false;
    tz->dst.utoff = tz->std.utoff + SECS_PER_HOUR;
    if (*p != ',' && *p != '\0') {
        p = posix_offset(p, &offset);
        if (p == NULL)
            return false;
        tz->dst.utoff = -offset;
    }
    /* Without rules, tzcode takes them from the "posixrules" zone; the current US rules
     * are what that file holds for recent years. */
    if (*p == '\0')
        p = ",M3.2.0,M11.1.0";
    if (*p != ',')
        return false;
    p = posix_rule(p + 1, &tz->start);
    if (p == NULL || *p != ',')
        return false;
    p = posix_rule(p + 1, &tz->end);
    return p != NULL && *p == '\0';
}

/* Unix time at which a rule fires in `year`, `utoff` being the offset in force before. */
static int64_t posix_transition(const tz_rule *r, int64_t year, int32_t utoff)
{
    bool leap = is_leap(year);
    int64_t day = days_from_civil(year, 1, 1);
    if (r->kind == RULE_JULIAN_NOLEAP) {
        day += r->day - 1 + (leap && r->day >= 60);
    } else if (r->kind == RULE_DAY_OF_YEAR) {
        day += r->day;
    } else {
        int64_t first = days_from_civil(year, r->month, 1);
        int d = r->day - j2day(first + UNIX_EPOCH_JDATE);
        if (d < 0)
            d += 7;
        for (int w = 1; w < r->week && d + 7 < day_tab[leap][r->month - 1]; w++)
            d += 7;
        day = first + d;
    }
    return day * SECS_PER_DAY + r->time - utoff;
}

/* The rule's type at Unix time t, and its first change after t; for rules with
 * daylight time only. */
static void posix_at(const tz_posix *p, int64_t t, const tz_type **now, int64_t *next,
                     const tz_type **after)
{
    int y;
    int m;
    int d;
    civil_from_days(floor_div(t + p->std.utoff, SECS_PER_DAY), &y, &m, &d);
    const tz_type *cur = &p->std;
    int64_t cur_at = INT64_MIN;
    *after = &p->std;
    *next = INT64_MAX;
    for (int64_t year = (int64_t)y - 1; year <= (int64_t)y + 2; year++) {
        const int64_t at[2] = {posix_transition(&p->start, year, p->std.utoff),
                               posix_transition(&p->end, year, p->dst.utoff)};
        const tz_type *to[2] = {&p->dst, &p->std};
        for (int i = 0; i < 2; i++) {
            if (at[i] <= t && at[i] > cur_at) {
                cur = to[i];
                cur_at = at[i];
            } else if (at[i] > t && at[i] < *next) {
                *next = at[i];
                *after = to[i];
            }
        }
    }
    *now = cur;
}

/* --- Lookups in a loaded zone. */

/* First transition index whose instant is after t, searching [lo, hi). */
static int zone_search(const tz_zone *z, int64_t t, int lo, int hi)
{
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (t < z->ats[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static bool zone_past_table(const tz_zone *z, int64_t t)
{
    return z->timecnt == 0 || t >= z->ats[z->timecnt - 1];
}

/* The local time type in effect at Unix time t (tzcode's localsub). Before the first
 * transition that is type 0, local mean time for most zones. */
static const tz_type *zone_type_at(const tz_zone *z, int64_t t)
{
    if (zone_past_table(z, t)) {
        if (z->has_posix && !z->posix.has_dst)
            return &z->posix.std;
        if (z->has_posix) {
            const tz_type *now;
            const tz_type *after;
            int64_t next;
            posix_at(&z->posix, t, &now, &next, &after);
            return now;
        }
        return z->timecnt == 0 ? &z->ttis[0] : &z->ttis[z->types[z->timecnt - 1]];
    }
    if (t < z->ats[0])
        return &z->ttis[0];
    return &z->ttis[z->types[zone_search(z, t, 1, z->timecnt - 1) - 1]];
}

/*
 * PostgreSQL's pg_next_dst_boundary: the type in effect at t and, when the zone changes
 * later, the first transition after t with the type it brings. False for a zone whose
 * offset never changes again.
 */
static bool zone_next_change(const tz_zone *z, int64_t t, const tz_type **before,
                             int64_t *boundary, const tz_type **after)
{
    if (zone_past_table(z, t)) {
        if (z->has_posix && z->posix.has_dst) {
            posix_at(&z->posix, t, before, boundary, after);
            return true;
        }
        *before = z->timecnt == 0 ? &z->ttis[z->first_std] : &z->ttis[z->types[z->timecnt - 1]];
        return false;
    }
    if (t < z->ats[0]) {
        *before = &z->ttis[z->first_std];
        *boundary = z->ats[0];
        *after = &z->ttis[z->types[0]];
        return true;
    }
    int i = zone_search(z, t, 1, z->timecnt - 1);
    *before = &z->ttis[z->types[i - 1]];
    *boundary = z->ats[i];
    *after = &z->ttis[z->types[i]];
    return true;
}

/*
 * The UTC offset that applies to local time `tm` in zone z (PostgreSQL's
 * DetermineTimeZoneOffset). A local time skipped by a spring-forward change is read with
 * the offset before it; one repeated by a fall-back change gets the offset after it.
 * Dates outside the Julian range count as UTC.
 */
static int32_t zone_local_offset(const tz_zone *z, const dt_tm *tm)
{
    if (!valid_julian(tm->year, tm->mon))
        return 0;
    int64_t mytime = days_from_civil(tm->year, tm->mon, tm->mday) * SECS_PER_DAY +
                     ((int64_t)tm->hour * MINS_PER_HOUR + tm->min) * SECS_PER_MINUTE + tm->sec;
    const tz_type *before;
    const tz_type *after;
    int64_t boundary;
    /* Offsets stay under a day and changes lie at least two days apart, so the first
     * change after (mytime - 1 day) is the one that matters. */
    const tz_type *chosen;
    if (!zone_next_change(z, mytime - SECS_PER_DAY, &before, &boundary, &after)) {
        chosen = before;
    } else {
        int64_t beforetime = mytime - before->utoff;
        int64_t aftertime = mytime - after->utoff;
        if (beforetime < boundary && aftertime < boundary)
            chosen = before;
        else if (beforetime > boundary && aftertime >= boundary)
            chosen = after;
        else
            chosen = beforetime > aftertime ? before : after;
    }
    return chosen->utoff;
}

/*
 * What an abbreviation meant in zone z around Unix time t (PostgreSQL's
 * pg_interpret_timezone_abbrev): its latest use before t, else its first use after.
 */
static bool zone_abbrev_meaning(const tz_zone *z, int64_t t, const char *upper, int32_t *utoff)
{
    const tz_type *found = NULL;
    if (z->has_posix && zone_past_table(z, t)) {
        if (strcmp(z->posix.std.abbrev, upper) == 0)
            found = &z->posix.std;
        else if (z->posix.has_dst && strcmp(z->posix.dst.abbrev, upper) == 0)
            found = &z->posix.dst;
    }
    int cutoff = zone_search(z, t, 0, z->timecnt);
    for (int i = cutoff - 1; found == NULL && i >= 0; i--) {
        if (strcmp(z->ttis[z->types[i]].abbrev, upper) == 0)
            found = &z->ttis[z->types[i]];
    }
    for (int i = cutoff; found == NULL && i < z->timecnt; i++) {
        if (strcmp(z->ttis[z->types[i]].abbrev, upper) == 0)
            found = &z->ttis[z->types[i]];
    }
    if (found == NULL)
        return false;
    *utoff = found->utoff;
    return true;
}

/* --- Loading. */

static uint32_t get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t get_be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)get_be32(p) << 32 | get_be32(p + 4));
}

typedef struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars;
} tzif_counts;

static bool tzif_header(const unsigned char *p, size_t size, tzif_counts *c)
{
    if (size < TZIF_HEADER_SIZE || memcmp(p, "TZif", 4) != 0)
        return false;
    c->isut = get_be32(p + 20);
    c->isstd = get_be32(p + 24);
    c->leap = get_be32(p + 28);
    c->time = get_be32(p + 32);
    c->type = get_be32(p + 36);
    c->chars = get_be32(p + 40);
    return true;
}

static size_t tzif_data_size(const tzif_counts *c, size_t time_size)
{
    return (size_t)c->time * (time_size + 1) + (size_t)c->type * 6 + c->chars +
           (size_t)c->leap * (time_size + 4) + c->isstd + c->isut;
}

/* Fills z from a TZif image. DATETIME_UNKNOWN_ZONE for anything malformed, and for zones
 * with leap seconds ("right/..."), whose clocks PostgreSQL's arithmetic cannot follow. */
static datetime_status tzif_parse(tz_zone *z, const unsigned char *buf, size_t size)
{
    tzif_counts c;
    if (!tzif_header(buf, size, &c))
        return DATETIME_UNKNOWN_ZONE;
    const unsigned char *p = buf + TZIF_HEADER_SIZE;
    size_t left = size - TZIF_HEADER_SIZE;
    size_t time_size = 4;
    if (buf[4] >= '2') {
        /* Skip the 32-bit data to the 64-bit copy that follows it. */
        size_t v1 = tzif_data_size(&c, 4);
        if (v1 > left || !tzif_header(p + v1, left - v1, &c))
            return DATETIME_UNKNOWN_ZONE;
        p += v1 + TZIF_HEADER_SIZE;
        left -= v1 + TZIF_HEADER_SIZE;
        time_size = 8;
    }
    size_t data = tzif_data_size(&c, time_size);
    if (data > left || c.type == 0 || c.type > 256 || c.chars == 0 || c.leap != 0)
        return DATETIME_UNKNOWN_ZONE;

    z->timecnt = (int)c.time;
    z->typecnt = (int)c.type;
    z->ats = arena_alloc(z->mem, (c.time + 1) * sizeof(int64_t));
    z->types = arena_alloc(z->mem, c.time + 1);
    z->ttis = arena_alloc(z->mem, c.type * sizeof(tz_type));
    if (z->ats == NULL || z->types == NULL || z->ttis == NULL)
        return DATETIME_NO_MEMORY;
    for (int i = 0; i < z->timecnt; i++) {
        z->ats[i] = time_size == 8 ? get_be64(p) : (int32_t)get_be32(p);
        p += time_size;
        if (i > 0 && z->ats[i] <= z->ats[i - 1])
            return DATETIME_UNKNOWN_ZONE;
    }
    for (int i = 0; i < z->timecnt; i++) {
        z->types[i] = *p++;
        if (z->types[i] >= c.type)
            return DATETIME_UNKNOWN_ZONE;
    }
    const unsigned char *chars = p + c.type * 6;
    for (int i = 0; i < z->typecnt; i++, p += 6) {
        uint8_t idx = p[5];
        const void *nul = idx < c.chars ? memchr(chars + idx, '\0', c.chars - idx) : NULL;
        if (nul == NULL || p[4] > 1)
            return DATETIME_UNKNOWN_ZONE;
        size_t n = (size_t)((const unsigned char *)nul - (chars + idx));
        if (n > ABBREV_MAX)
            n = ABBREV_MAX;
        z->ttis[i].utoff = (int32_t)get_be32(p);
        z->ttis[i].isdst = p[4] == 1;
        memcpy(z->ttis[i].abbrev, chars + idx, n);
        z->ttis[i].abbrev[n] = '\0';
        /* Offsets must stay under a day: zone_local_offset relies on it. */
        if (z->ttis[i].utoff <= -SECS_PER_DAY || z->ttis[i].utoff >= SECS_PER_DAY)
            return DATETIME_UNKNOWN_ZONE;
    }
    z->first_std = 0;
    while (z->first_std < z->typecnt && z->ttis[z->first_std].isdst)
        z->first_std++;
    if (z->first_std == z->typecnt)
        z->first_std = 0;

    /* Version 2+ ends with "\n<POSIX TZ string>\n"; an unusable string is ignored, as
     * tzcode does, leaving the last transition's type in force. */
    const unsigned char *footer = buf + (size - left) + data;
    size_t footer_len = left - data;
    if (time_size == 8 && footer_len >= 2 && footer[0] == '\n') {
        const unsigned char *end = memchr(footer + 1, '\n', footer_len - 1);
        if (end != NULL && end > footer + 1) {
            char *s = arena_strndup(z->mem, (const char *)footer + 1, (size_t)(end - footer - 1));
            if (s == NULL)
                return DATETIME_NO_MEMORY;
            z->has_posix = posix_parse(s, &z->posix);
        }
    }
    return DATETIME_OK;
}

/* Finds `name` under ZONEINFO_DIR one component at a time, ignoring case, as PostgreSQL
 * does; hidden entries (so "." and "..") never match, so no name can leave the
 * directory. Fills `path` and the canonical spelling. */
static bool zone_file_path(const char *name, char *path, size_t path_cap, char *canon,
                           size_t canon_cap)
{
    size_t plen = strlen(ZONEINFO_DIR);
    size_t clen = 0;
    if (plen + 1 > path_cap)
        return false;
    memcpy(path, ZONEINFO_DIR, plen + 1);
    const char *comp = name;
    for (;;) {
        const char *slash = strchr(comp, '/');
        size_t n = slash != NULL ? (size_t)(slash - comp) : strlen(comp);
        if (n == 0 || comp[0] == '.')
            return false;
        DIR *dir = opendir(path);
        if (dir == NULL)
            return false;
        bool found = false;
        struct dirent *e;
        while (!found && (e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.' || strlen(e->d_name) != n ||
                !ascii_equal_ci(e->d_name, comp, n))
                continue;
            found = plen + 1 + n + 1 <= path_cap && clen + n + 2 <= canon_cap;
            if (found) {
                path[plen++] = '/';
                memcpy(path + plen, e->d_name, n + 1);
                plen += n;
                if (clen > 0)
                    canon[clen++] = '/';
                memcpy(canon + clen, e->d_name, n + 1);
                clen += n;
            }
        }
        closedir(dir);
        if (!found)
            return false;
        if (slash == NULL)
            return true;
        comp = slash + 1;
    }
}

static datetime_status zone_read_file(tz_zone *z, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return DATETIME_UNKNOWN_ZONE;
    struct stat st;
    datetime_status status = DATETIME_UNKNOWN_ZONE;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= ZONE_FILE_MAX) {
        size_t size = (size_t)st.st_size;
        unsigned char *buf = arena_alloc(z->mem, size);
        size_t got = 0;
        while (buf != NULL && got < size) {
            ssize_t n = read(fd, buf + got, size - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (buf == NULL)
            status = DATETIME_NO_MEMORY;
        else if (got == size)
            status = tzif_parse(z, buf, size);
    }
    close(fd);
    return status;
}

static datetime_status zone_load(const char *key, tz_zone **out)
{
    arena *mem = arena_create(16384);
    if (mem == NULL)
        return DATETIME_NO_MEMORY;
    tz_zone *z = arena_zalloc(mem, sizeof *z);
    datetime_status status = DATETIME_NO_MEMORY;
    if (z != NULL) {
        z->mem = mem;
        z->key = arena_strdup(mem, key);
        char path[ZONE_NAME_MAX + 64];
        char canon[ZONE_NAME_MAX + 1];
        status = z->key == NULL ? DATETIME_NO_MEMORY : DATETIME_UNKNOWN_ZONE;
        if (status == DATETIME_UNKNOWN_ZONE &&
            zone_file_path(key, path, sizeof path, canon, sizeof canon)) {
            status = zone_read_file(z, path);
            if (status == DATETIME_OK) {
                z->name = arena_strdup(mem, canon);
                status = z->name == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
            }
        }
        if (status == DATETIME_UNKNOWN_ZONE && key[0] != ':') {
            /* A POSIX TZ string, read in upper case as PostgreSQL does; the uppercased
             * text is also its canonical name. */
            char *upper = arena_strdup(mem, key);
            z->ttis = arena_zalloc(mem, sizeof(tz_type));
            if (upper == NULL || z->ttis == NULL) {
                status = DATETIME_NO_MEMORY;
            } else {
                for (char *p = upper; *p != '\0'; p++)
                    *p = to_upper(*p);
                if (posix_parse(upper, &z->posix)) {
                    z->has_posix = true;
                    z->name = upper;
                    z->typecnt = 1;
                    z->timecnt = 0;
                    z->ttis[0] = z->posix.std;
                    status = DATETIME_OK;
                }
            }
        }
    }
    if (status != DATETIME_OK) {
        arena_destroy(mem);
        return status;
    }
    *out = z;
    return DATETIME_OK;
}

static datetime_status zone_get(const char *name, const tz_zone **out)
{
    if (name == NULL || name[0] == '\0' || strnlen(name, ZONE_NAME_MAX + 1) > ZONE_NAME_MAX)
        return DATETIME_UNKNOWN_ZONE;
    size_t n = strlen(name);
    for (int i = 0; i < ZONE_CACHE_SLOTS; i++) {
        const tz_zone *z = zone_cache[i];
        if (z != NULL && strlen(z->key) == n && ascii_equal_ci(z->key, name, n)) {
            *out = z;
            return DATETIME_OK;
        }
    }
    tz_zone *z;
    datetime_status status = zone_load(name, &z);
    if (status != DATETIME_OK)
        return status;
    int slot = zone_cache_next;
    if (zone_cache[slot] != NULL)
        arena_destroy(zone_cache[slot]->mem);
    zone_cache[slot] = z;
    zone_cache_next = (slot + 1) % ZONE_CACHE_SLOTS;
    *out = z;
    return DATETIME_OK;
}

void datetime_zone_cache_clear(void)
{
    for (int i = 0; i < ZONE_CACHE_SLOTS; i++) {
        if (zone_cache[i] != NULL)
            arena_destroy(zone_cache[i]->mem);
        zone_cache[i] = NULL;
    }
    zone_cache_next = 0;
}

/* A timestamp broken down as local time in zone z, PostgreSQL's timestamp2tm. The
 * offset is added after splitting off the days, so even 'infinity' (which PostgreSQL 15's
 * age() breaks down) cannot overflow. */
static void timestamp_to_tm_zone(dt_timestamp ts, const tz_zone *z, dt_tm *tm)
{
    const tz_type *type = zone_type_at(z, timestamp_unix_secs(ts));
    int64_t days = floor_div(ts, USECS_PER_DAY);
    int64_t time = ts - days * USECS_PER_DAY + (int64_t)type->utoff * USECS_PER_SEC;
    int64_t carry = floor_div(time, USECS_PER_DAY); /* -1, 0 or 1 day */
    days += carry;
    time -= carry * USECS_PER_DAY;
    tm_clear(tm);
    j2date(days + POSTGRES_EPOCH_JDATE, &tm->year, &tm->mon, &tm->mday);
    tm_set_time(tm, time);
    tm->zoned = true;
    tm->gmtoff = type->utoff;
    memcpy(tm->abbrev, type->abbrev, sizeof tm->abbrev);
}

/* Local time in a named zone to a timestamp. */
static bool tm_zone_to_timestamp(const dt_tm *tm, const tz_zone *z, dt_timestamp *out)
{
    int32_t gmtoff = zone_local_offset(z, tm);
    return tm_to_timestamp(tm, true, gmtoff, out);
}

/* --- PostgreSQL's default abbreviation set (timezonesets/Default), sorted. A NULL zone
 * means a fixed offset; otherwise the abbreviation's meaning follows that zone's
 * history. */

typedef struct zone_abbrev {
    const char *name;
    int32_t utoff;
    bool isdst;
    const char *zone;
} zone_abbrev;

static const zone_abbrev zone_abbrevs[] = {
    {"acdt", 37800, true, NULL},
    {"acsst", 37800, true, NULL},
    {"acst", 34200, false, NULL},
    {"act", -18000, false, NULL},
    {"acwst", 31500, false, NULL},
    {"adt", -10800, true, NULL},
    {"aedt", 39600, true, NULL},
    {"aesst", 39600, true, NULL},
    {"aest", 36000, false, NULL},
    {"aft", 16200, false, NULL},
    {"akdt", -28800, true, NULL},
    {"akst", -32400, false, NULL},
    {"almst", 25200, true, NULL},
    {"almt", 21600, false, NULL},
    {"amst", 0, false, "Asia/Yerevan"},
    {"amt", -14400, false, NULL},
    {"anast", 0, false, "Asia/Anadyr"},
    {"anat", 0, false, "Asia/Anadyr"},
    {"arst", 0, false, "America/Argentina/Buenos_Aires"},
    {"art", 0, false, "America/Argentina/Buenos_Aires"},
    {"ast", -14400, false, NULL},
    {"awsst", 32400, true, NULL},
    {"awst", 28800, false, NULL},
    {"azost", 0, true, NULL},
    {"azot", -3600, false, NULL},
    {"azst", 0, false, "Asia/Baku"},
    {"azt", 0, false, "Asia/Baku"},
    {"bdst", 7200, true, NULL},
    {"bdt", 21600, false, NULL},
    {"bnt", 28800, false, NULL},
    {"bort", 28800, false, NULL},
    {"bot", -14400, false, NULL},
    {"bra", -10800, false, NULL},
    {"brst", -7200, true, NULL},
    {"brt", -10800, false, NULL},
    {"bst", 3600, true, NULL},
    {"btt", 21600, false, NULL},
    {"cadt", 37800, true, NULL},
    {"cast", 34200, false, NULL},
    {"cct", 28800, false, NULL},
    {"cdt", -18000, true, NULL},
    {"cest", 7200, true, NULL},
    {"cet", 3600, false, NULL},
    {"cetdst", 7200, true, NULL},
    {"chadt", 49500, true, NULL},
    {"chast", 45900, false, NULL},
    {"chut", 36000, false, NULL},
    {"ckt", 0, false, "Pacific/Rarotonga"},
    {"clst", -10800, true, NULL},
    {"clt", 0, false, "America/Santiago"},
    {"cot", -18000, false, NULL},
    {"cst", -21600, false, NULL},
    {"cxt", 25200, false, NULL},
    {"davt", 0, false, "Antarctica/Davis"},
    {"ddut", 36000, false, NULL},
    {"easst", 0, false, "Pacific/Easter"},
    {"east", 0, false, "Pacific/Easter"},
    {"eat", 10800, false, NULL},
    {"edt", -14400, true, NULL},
    {"eest", 10800, true, NULL},
    {"eet", 7200, false, NULL},
    {"eetdst", 10800, true, NULL},
    {"egst", 0, true, NULL},
    {"egt", -3600, false, NULL},
    {"est", -18000, false, NULL},
    {"fet", 10800, false, NULL},
    {"fjst", 46800, true, NULL},
    {"fjt", 43200, false, NULL},
    {"fkst", 0, false, "Atlantic/Stanley"},
    {"fkt", 0, false, "Atlantic/Stanley"},
    {"fnst", -3600, true, NULL},
    {"fnt", -7200, false, NULL},
    {"galt", -21600, false, NULL},
    {"gamt", -32400, false, NULL},
    {"gest", 0, false, "Asia/Tbilisi"},
    {"get", 0, false, "Asia/Tbilisi"},
    {"gft", -10800, false, NULL},
    {"gilt", 43200, false, NULL},
    {"gmt", 0, false, NULL},
    {"gyt", 0, false, "America/Guyana"},
    {"hkt", 28800, false, NULL},
    {"hst", -36000, false, NULL},
    {"ict", 25200, false, NULL},
    {"idt", 10800, true, NULL},
    {"iot", 0, false, "Indian/Chagos"},
    {"irkst", 0, false, "Asia/Irkutsk"},
    {"irkt", 0, false, "Asia/Irkutsk"},
    {"irt", 12600, false, NULL},
    {"ist", 7200, false, NULL},
    {"jayt", 32400, false, NULL},
    {"jst", 32400, false, NULL},
    {"kdt", 36000, true, NULL},
    {"kgst", 21600, true, NULL},
    {"kgt", 0, false, "Asia/Bishkek"},
    {"kost", 0, false, "Pacific/Kosrae"},
    {"krast", 0, false, "Asia/Krasnoyarsk"},
    {"krat", 0, false, "Asia/Krasnoyarsk"},
    {"kst", 32400, false, NULL},
    {"lhdt", 0, false, "Australia/Lord_Howe"},
    {"lhst", 37800, false, NULL},
    {"ligt", 36000, false, NULL},
    {"lint", 0, false, "Pacific/Kiritimati"},
    {"lkt", 0, false, "Asia/Colombo"},
    {"magst", 0, false, "Asia/Magadan"},
    {"magt", 0, false, "Asia/Magadan"},
    {"mart", -34200, false, NULL},
    {"mawt", 0, false, "Antarctica/Mawson"},
    {"mdt", -21600, true, NULL},
    {"mest", 7200, true, NULL},
    {"mesz", 7200, true, NULL},
    {"met", 3600, false, NULL},
    {"metdst", 7200, true, NULL},
    {"mez", 3600, false, NULL},
    {"mht", 43200, false, NULL},
    {"mmt", 23400, false, NULL},
    {"mpt", 36000, false, NULL},
    {"msd", 14400, true, NULL},
    {"msk", 0, false, "Europe/Moscow"},
    {"mst", -25200, false, NULL},
    {"must", 18000, true, NULL},
    {"mut", 14400, false, NULL},
    {"mvt", 18000, false, NULL},
    {"myt", 28800, false, NULL},
    {"ndt", -9000, true, NULL},
    {"nft", -12600, false, NULL},
    {"novst", 0, false, "Asia/Novosibirsk"},
    {"novt", 0, false, "Asia/Novosibirsk"},
    {"npt", 20700, false, NULL},
    {"nst", -12600, false, NULL},
    {"nut", 0, false, "Pacific/Niue"},
    {"nzdt", 46800, true, NULL},
    {"nzst", 43200, false, NULL},
    {"nzt", 43200, false, NULL},
    {"omsst", 0, false, "Asia/Omsk"},
    {"omst", 0, false, "Asia/Omsk"},
    {"pdt", -25200, true, NULL},
    {"pet", -18000, false, NULL},
    {"petst", 0, false, "Asia/Kamchatka"},
    {"pett", 0, false, "Asia/Kamchatka"},
    {"pgt", 36000, false, NULL},
    {"pht", 28800, false, NULL},
    {"pkst", 21600, true, NULL},
    {"pkt", 18000, false, NULL},
    {"pmdt", -7200, true, NULL},
    {"pmst", -10800, false, NULL},
    {"pont", 39600, false, NULL},
    {"pst", -28800, false, NULL},
    {"pwt", 32400, false, NULL},
    {"pyst", -10800, true, NULL},
    {"pyt", 0, false, "America/Asuncion"},
    {"ret", 14400, false, NULL},
    {"sadt", 37800, true, NULL},
    {"sast", 7200, false, NULL},
    {"sct", 14400, false, NULL},
    {"sgt", 0, false, "Asia/Singapore"},
    {"taht", -36000, false, NULL},
    {"tft", 18000, false, NULL},
    {"tjt", 18000, false, NULL},
    {"tkt", 0, false, "Pacific/Fakaofo"},
    {"tmt", 0, false, "Asia/Ashgabat"},
    {"tot", 46800, false, NULL},
    {"trut", 36000, false, NULL},
    {"tvt", 43200, false, NULL},
    {"uct", 0, false, NULL},
    {"ulast", 32400, true, NULL},
    {"ulat", 0, false, "Asia/Ulaanbaatar"},
    {"ut", 0, false, NULL},
    {"utc", 0, false, NULL},
    {"uyst", -7200, true, NULL},
    {"uyt", -10800, false, NULL},
    {"uzst", 21600, true, NULL},
    {"uzt", 18000, false, NULL},
    {"vet", 0, false, "America/Caracas"},
    {"vlast", 0, false, "Asia/Vladivostok"},
    {"vlat", 0, false, "Asia/Vladivostok"},
    {"volt", 0, false, "Europe/Volgograd"},
    {"vut", 39600, false, NULL},
    {"wadt", 28800, true, NULL},
    {"wakt", 43200, false, NULL},
    {"wast", 25200, false, NULL},
    {"wat", 3600, false, NULL},
    {"wdt", 32400, true, NULL},
    {"wet", 0, false, NULL},
    {"wetdst", 3600, true, NULL},
    {"wft", 43200, false, NULL},
    {"wgst", -7200, true, NULL},
    {"wgt", -10800, false, NULL},
    {"xjt", 21600, false, NULL},
    {"yakst", 0, false, "Asia/Yakutsk"},
    {"yakt", 0, false, "Asia/Yakutsk"},
    {"yapt", 36000, false, NULL},
    {"yekst", 21600, true, NULL},
    {"yekt", 0, false, "Asia/Yekaterinburg"},
    {"z", 0, false, NULL},
    {"zulu", 0, false, NULL},
};

#define TOKMAXLEN 10 /* PostgreSQL compares keywords on their first 10 characters */

static const zone_abbrev *abbrev_lookup(const char *lower)
{
    size_t lo = 0;
    size_t hi = sizeof zone_abbrevs / sizeof zone_abbrevs[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(lower, zone_abbrevs[mid].name, TOKMAXLEN);
        if (c == 0)
            return &zone_abbrevs[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* The UTC offset a dynamic abbreviation stands for at local time `tm` (PostgreSQL's
 * DetermineTimeZoneAbbrevOffset). */
static int32_t zone_abbrev_local_offset(const tz_zone *z, const dt_tm *tm, const char *abbrev)
{
    int32_t gmtoff = zone_local_offset(z, tm);
    int64_t t = 0;
    if (valid_julian(tm->year, tm->mon))
        t = days_from_civil(tm->year, tm->mon, tm->mday) * SECS_PER_DAY +
            ((int64_t)tm->hour * MINS_PER_HOUR + tm->min) * SECS_PER_MINUTE + tm->sec - gmtoff;
    char upper[ABBREV_MAX + 1];
    size_t n = 0;
    for (; abbrev[n] != '\0' && n < ABBREV_MAX; n++)
        upper[n] = to_upper(abbrev[n]);
    upper[n] = '\0';
    int32_t utoff;
    return zone_abbrev_meaning(z, t, upper, &utoff) ? utoff : gmtoff;
}

/*
 * A zone argument of AT TIME ZONE and friends: an abbreviation first (lowercased and
 * truncated like an identifier, as PostgreSQL does), else a zone name or POSIX string.
 */
typedef struct zone_spec {
    const zone_abbrev *abbrev; /* NULL: `name` is a zone */
    const char *name;          /* the zone to load: the argument or the abbreviation's */
    char upper[ABBREV_MAX + 1]; /* the abbreviation, uppercased */
} zone_spec;

static datetime_status zone_spec_resolve(const char *zone, zone_spec *spec)
{
    char lower[NAMEDATALEN_MAX + 1];
    size_t n = 0;
    for (; zone[n] != '\0' && n < NAMEDATALEN_MAX; n++)
        lower[n] = to_lower(zone[n]);
    lower[n] = '\0';
    spec->abbrev = abbrev_lookup(lower);
    spec->name = zone;
    spec->upper[0] = '\0';
    if (spec->abbrev != NULL) {
        spec->name = spec->abbrev->zone;
        for (n = 0; lower[n] != '\0' && n < ABBREV_MAX; n++)
            spec->upper[n] = to_upper(lower[n]);
        spec->upper[n] = '\0';
        if (spec->name == NULL)
            return DATETIME_OK;
    }
    const tz_zone *z;
    return zone_get(spec->name, &z);
}

datetime_status datetime_zone_check(arena *a, const char *name, char **canonical)
{
    const tz_zone *z;
    datetime_status status = zone_get(name, &z);
    if (status != DATETIME_OK)
        return status;
    *canonical = arena_strdup(a, z->name);
    return *canonical == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

/* ===================================================================================
 * Text input, following PostgreSQL's datetime.c: the text is split into fields
 * (tokenize), the fields are interpreted in context (decode_datetime, decode_interval),
 * and a field mask catches anything given twice. The error cases map as PostgreSQL's
 * DTERR codes do.
 * =================================================================================== */

/* Token types. Each doubles as the bit its field sets in a field mask, with the values
 * PostgreSQL gives them, so that clashes between fields behave identically. */
enum {
    TK_RESERV = 0,
    TK_MONTH = 1,
    TK_YEAR = 2,
    TK_DAY = 3,
    TK_TZ = 5,
    TK_DTZ = 6,
    TK_DYNTZ = 7,
    TK_IGNORE = 8,
    TK_AMPM = 9,
    TK_HOUR = 10,
    TK_MINUTE = 11,
    TK_SECOND = 12,
    TK_MILLISECOND = 13,
    TK_MICROSECOND = 14,
    TK_DOY = 15,
    TK_DOW = 16,
    TK_UNITS = 17,
    TK_ADBC = 18,
    TK_AGO = 19,
    TK_ISOTIME = 23,
    TK_WEEK = 24,
    TK_DECADE = 25,
    TK_CENTURY = 26,
    TK_MILLENNIUM = 27,
    TK_DTZMOD = 28,
    TK_UNKNOWN = 31,
};

#define M(t) (1u << (t))
#define DATE_M (M(TK_YEAR) | M(TK_MONTH) | M(TK_DAY))
#define ALL_SECS_M (M(TK_SECOND) | M(TK_MILLISECOND) | M(TK_MICROSECOND))
#define TIME_M (M(TK_HOUR) | M(TK_MINUTE) | ALL_SECS_M)

/* Values of TK_UNITS tokens (and of extract's fields), and of TK_RESERV tokens. */
typedef enum dt_unit {
    U_INVALID = 0, /* matches no unit: what "ago" leaves for the number before it */
    U_UNSET,
    U_MICROSEC,
    U_MILLISEC,
    U_SECOND,
    U_MINUTE,
    U_HOUR,
    U_DAY,
    U_WEEK,
    U_MONTH,
    U_QUARTER,
    U_YEAR,
    U_DECADE,
    U_CENTURY,
    U_MILLENNIUM,
    U_JULIAN,
    U_DOW,
    U_DOY,
    U_ISODOW,
    U_ISOYEAR,
    U_TZ,
    U_TZ_HOUR,
    U_TZ_MINUTE,
    U_TIME, /* "t", the ISO date/time separator */
    R_EPOCH,
    R_LATE,
    R_EARLY,
    R_NOW,
    R_TODAY,
    R_TOMORROW,
    R_YESTERDAY,
    R_ZULU,
} dt_unit;

enum { AM = 0, PM = 1, HR24 = 2 };
enum { AD = 0, BC = 1 };

typedef struct dt_token {
    const char *name;
    int type;
    int value;
} dt_token;

/* Words of date/time input (PostgreSQL's datetktbl), sorted. */
static const dt_token date_tokens[] = {
    {"-infinity", TK_RESERV, R_EARLY},  {"ad", TK_ADBC, AD},
    {"allballs", TK_RESERV, R_ZULU},    {"am", TK_AMPM, AM},
    {"apr", TK_MONTH, 4},               {"april", TK_MONTH, 4},
    {"at", TK_IGNORE, 0},               {"aug", TK_MONTH, 8},
    {"august", TK_MONTH, 8},            {"bc", TK_ADBC, BC},
    {"d", TK_UNITS, U_DAY},             {"dec", TK_MONTH, 12},
    {"december", TK_MONTH, 12},         {"dow", TK_UNITS, U_DOW},
    {"doy", TK_UNITS, U_DOY},           {"dst", TK_DTZMOD, SECS_PER_HOUR},
    {"epoch", TK_RESERV, R_EPOCH},      {"feb", TK_MONTH, 2},
    {"february", TK_MONTH, 2},          {"fri", TK_DOW, 5},
    {"friday", TK_DOW, 5},              {"h", TK_UNITS, U_HOUR},
    {"infinity", TK_RESERV, R_LATE},    {"isodow", TK_UNITS, U_ISODOW},
    {"isoyear", TK_UNITS, U_ISOYEAR},   {"j", TK_UNITS, U_JULIAN},
    {"jan", TK_MONTH, 1},               {"january", TK_MONTH, 1},
    {"jd", TK_UNITS, U_JULIAN},         {"jul", TK_MONTH, 7},
    {"julian", TK_UNITS, U_JULIAN},     {"july", TK_MONTH, 7},
    {"jun", TK_MONTH, 6},               {"june", TK_MONTH, 6},
    {"m", TK_UNITS, U_MONTH},           {"mar", TK_MONTH, 3},
    {"march", TK_MONTH, 3},             {"may", TK_MONTH, 5},
    {"mm", TK_UNITS, U_MINUTE},         {"mon", TK_DOW, 1},
    {"monday", TK_DOW, 1},              {"nov", TK_MONTH, 11},
    {"november", TK_MONTH, 11},         {"now", TK_RESERV, R_NOW},
    {"oct", TK_MONTH, 10},              {"october", TK_MONTH, 10},
    {"on", TK_IGNORE, 0},               {"pm", TK_AMPM, PM},
    {"s", TK_UNITS, U_SECOND},          {"sat", TK_DOW, 6},
    {"saturday", TK_DOW, 6},            {"sep", TK_MONTH, 9},
    {"sept", TK_MONTH, 9},              {"september", TK_MONTH, 9},
    {"sun", TK_DOW, 0},                 {"sunday", TK_DOW, 0},
    {"t", TK_ISOTIME, U_TIME},          {"thu", TK_DOW, 4},
    {"thur", TK_DOW, 4},                {"thurs", TK_DOW, 4},
    {"thursday", TK_DOW, 4},            {"today", TK_RESERV, R_TODAY},
    {"tomorrow", TK_RESERV, R_TOMORROW}, {"tue", TK_DOW, 2},
    {"tues", TK_DOW, 2},                {"tuesday", TK_DOW, 2},
    {"wed", TK_DOW, 3},                 {"wednesday", TK_DOW, 3},
    {"weds", TK_DOW, 3},                {"y", TK_UNITS, U_YEAR},
    {"yesterday", TK_RESERV, R_YESTERDAY},
};

/* Words of interval input and unit names (PostgreSQL's deltatktbl), sorted. */
static const dt_token delta_tokens[] = {
    {"@", TK_IGNORE, 0},                {"ago", TK_AGO, U_INVALID},
    {"c", TK_UNITS, U_CENTURY},         {"cent", TK_UNITS, U_CENTURY},
    {"centuries", TK_UNITS, U_CENTURY}, {"century", TK_UNITS, U_CENTURY},
    {"d", TK_UNITS, U_DAY},             {"day", TK_UNITS, U_DAY},
    {"days", TK_UNITS, U_DAY},          {"dec", TK_UNITS, U_DECADE},
    {"decade", TK_UNITS, U_DECADE},     {"decades", TK_UNITS, U_DECADE},
    {"decs", TK_UNITS, U_DECADE},       {"h", TK_UNITS, U_HOUR},
    {"hour", TK_UNITS, U_HOUR},         {"hours", TK_UNITS, U_HOUR},
    {"hr", TK_UNITS, U_HOUR},           {"hrs", TK_UNITS, U_HOUR},
    {"m", TK_UNITS, U_MINUTE},          {"microsecon", TK_UNITS, U_MICROSEC},
    {"mil", TK_UNITS, U_MILLENNIUM},    {"millennia", TK_UNITS, U_MILLENNIUM},
    {"millennium", TK_UNITS, U_MILLENNIUM}, {"millisecon", TK_UNITS, U_MILLISEC},
    {"mils", TK_UNITS, U_MILLENNIUM},   {"min", TK_UNITS, U_MINUTE},
    {"mins", TK_UNITS, U_MINUTE},       {"minute", TK_UNITS, U_MINUTE},
    {"minutes", TK_UNITS, U_MINUTE},    {"mon", TK_UNITS, U_MONTH},
    {"mons", TK_UNITS, U_MONTH},        {"month", TK_UNITS, U_MONTH},
    {"months", TK_UNITS, U_MONTH},      {"ms", TK_UNITS, U_MILLISEC},
    {"msec", TK_UNITS, U_MILLISEC},     {"msecond", TK_UNITS, U_MILLISEC},
    {"mseconds", TK_UNITS, U_MILLISEC}, {"msecs", TK_UNITS, U_MILLISEC},
    {"qtr", TK_UNITS, U_QUARTER},       {"quarter", TK_UNITS, U_QUARTER},
    {"s", TK_UNITS, U_SECOND},          {"sec", TK_UNITS, U_SECOND},
    {"second", TK_UNITS, U_SECOND},     {"seconds", TK_UNITS, U_SECOND},
    {"secs", TK_UNITS, U_SECOND},       {"timezone", TK_UNITS, U_TZ},
    {"timezone_h", TK_UNITS, U_TZ_HOUR}, {"timezone_m", TK_UNITS, U_TZ_MINUTE},
    {"us", TK_UNITS, U_MICROSEC},       {"usec", TK_UNITS, U_MICROSEC},
    {"usecond", TK_UNITS, U_MICROSEC},  {"useconds", TK_UNITS, U_MICROSEC},
    {"usecs", TK_UNITS, U_MICROSEC},    {"w", TK_UNITS, U_WEEK},
    {"week", TK_UNITS, U_WEEK},         {"weeks", TK_UNITS, U_WEEK},
    {"y", TK_UNITS, U_YEAR},            {"year", TK_UNITS, U_YEAR},
    {"years", TK_UNITS, U_YEAR},        {"yr", TK_UNITS, U_YEAR},
    {"yrs", TK_UNITS, U_YEAR},
};

#define N_DATE_TOKENS (sizeof date_tokens / sizeof date_tokens[0])
#define N_DELTA_TOKENS (sizeof delta_tokens / sizeof delta_tokens[0])

/* Looks up a lowercased word; only its first TOKMAXLEN characters count. */
static const dt_token *token_lookup(const char *word, const dt_token *table, size_t n)
{
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(word, table[mid].name, TOKMAXLEN);
        if (c == 0)
            return &table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* strtol's rules (leading blanks, a sign, digits; no digits gives 0 and leaves *end at
 * the start) with the range [lo, hi] in place of long's: false on overflow. */
static bool parse_long(const char *s, char **end, int64_t lo, int64_t hi, int64_t *out)
{
    const char *p = s;
    while (is_space(*p))
        p++;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!is_digit(*p)) {
        *end = (char *)s;
        *out = 0;
        return true;
    }
    int64_t v = 0;
    bool overflow = false;
    for (; is_digit(*p); p++) {
        int digit = *p - '0';
        if (v > (INT64_MAX - digit) / 10)
            overflow = true;
        else
            v = v * 10 + digit;
    }
    *end = (char *)p;
    if (negative)
        v = -v;
    if (overflow || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, char **end, int *out)
{
    int64_t v;
    if (!parse_long(s, end, INT_MIN, INT_MAX, &v))
        return false;
    *out = (int)v;
    return true;
}

/* atoi as glibc does it: strtol saturating at the long range, then narrowed to int. */
static int glibc_atoi(const char *s)
{
    char *end;
    int64_t v;
    if (!parse_long(s, &end, INT64_MIN, INT64_MAX, &v))
        v = *s == '-' ? INT64_MIN : INT64_MAX;
    return (int)(uint32_t)(uint64_t)v;
}

/* --- Splitting into fields (PostgreSQL's ParseDateTime). */

#define MAXDATEFIELDS 25

typedef enum field_type {
    FT_NUMBER,  /* digits, maybe a decimal point */
    FT_STRING,  /* letters: a month, weekday, keyword or zone */
    FT_DATE,    /* digits with two separators, or digits and letters, or a zone name */
    FT_TIME,    /* digits with colons */
    FT_TZ,      /* a sign and digits: a zone offset, or a signed interval number */
    FT_SPECIAL, /* a sign and letters ("-infinity") */
} field_type;

typedef struct dt_fields {
    int n;
    char *field[MAXDATEFIELDS];
    field_type type[MAXDATEFIELDS];
} dt_fields;

/*
 * Splits `s` into fields copied, lowercased, into `buf`. The buffer sizes callers pass
 * are PostgreSQL's, so overlong input is refused at the same length.
 */
static bool tokenize(const char *s, char *buf, size_t buflen, dt_fields *f)
{
    const char *cp = s;
    char *bufp = buf;
    const char *bufend = buf + buflen;
#define APPEND(c)                   \
    do {                            \
        if (bufp + 1 >= bufend)     \
            return false;           \
        *bufp++ = (c);              \
    } while (0)

    f->n = 0;
    while (*cp != '\0') {
        if (is_space(*cp)) {
            cp++;
            continue;
        }
        if (f->n >= MAXDATEFIELDS)
            return false;
        int nf = f->n;
        f->field[nf] = bufp;
        if (is_digit(*cp)) {
            APPEND(*cp++);
            while (is_digit(*cp))
                APPEND(*cp++);
            if (*cp == ':') {
                f->type[nf] = FT_TIME;
                APPEND(*cp++);
                while (is_digit(*cp) || *cp == ':' || *cp == '.')
                    APPEND(*cp++);
            } else if (*cp == '-' || *cp == '/' || *cp == '.') {
                char delim = *cp;
                APPEND(*cp++);
                if (is_digit(*cp)) {
                    f->type[nf] = delim == '.' ? FT_NUMBER : FT_DATE;
                    while (is_digit(*cp))
                        APPEND(*cp++);
                    /* A three-part date needs the same separator twice. */
                    if (*cp == delim) {
                        f->type[nf] = FT_DATE;
                        APPEND(*cp++);
                        while (is_digit(*cp) || *cp == delim)
                            APPEND(*cp++);
                    }
                } else {
                    f->type[nf] = FT_DATE;
                    while (is_alnum(*cp) || *cp == delim)
                        APPEND(to_lower(*cp++));
                }
            } else {
                f->type[nf] = FT_NUMBER;
            }
        } else if (*cp == '.') {
            APPEND(*cp++);
            while (is_digit(*cp))
                APPEND(*cp++);
            f->type[nf] = FT_NUMBER;
        } else if (is_alpha(*cp)) {
            f->type[nf] = FT_STRING;
            APPEND(to_lower(*cp++));
            while (is_alpha(*cp))
                APPEND(to_lower(*cp++));
            /* Letters then a separator make a date ("feb-29-2024") or a zone name
             * ("europe/paris", "etc/gmt+5"); letters then a digit or '+' make a zone
             * name unless the letters are a keyword ("t13:45", "j2451545"). */
            bool is_date = *cp == '-' || *cp == '/' || *cp == '.';
            if (*cp == '+' || is_digit(*cp)) {
                *bufp = '\0';
                is_date = token_lookup(f->field[nf], date_tokens, N_DATE_TOKENS) == NULL;
            }
            if (is_date) {
                f->type[nf] = FT_DATE;
                do {
                    APPEND(to_lower(*cp++));
                } while (*cp == '+' || *cp == '-' || *cp == '/' || *cp == '_' || *cp == '.' ||
                         *cp == ':' || is_alnum(*cp));
            }
        } else if (*cp == '+' || *cp == '-') {
            APPEND(*cp++);
            while (is_space(*cp))
                cp++;
            if (is_digit(*cp)) {
                f->type[nf] = FT_TZ;
                APPEND(*cp++);
                while (is_digit(*cp) || *cp == ':' || *cp == '.' || *cp == '-')
                    APPEND(*cp++);
            } else if (is_alpha(*cp)) {
                f->type[nf] = FT_SPECIAL;
                APPEND(to_lower(*cp++));
                while (is_alpha(*cp))
                    APPEND(to_lower(*cp++));
            } else {
                return false;
            }
        } else if (is_punct(*cp)) {
            /* Other punctuation only separates fields. */
            cp++;
            continue;
        } else {
            return false;
        }
        /* APPEND always leaves room for this terminator. */
        *bufp++ = '\0';
        f->n++;
    }
    return true;
#undef APPEND
}

/* --- Interpreting date/time fields (PostgreSQL's DecodeDateTime and helpers). */

typedef struct dt_decode {
    const datetime_context *ctx;
    bool want_offset;  /* timestamptz input: resolve the UTC offset */
    unsigned fmask;
    dt_tm tm;
    int32_t gmtoff;    /* the offset of tm, seconds east */
    bool is2digits;
    const char *bad_zone;
} dt_decode;

/* A fraction ".ddd" (just "." is zero). */
static datetime_status parse_fraction(const char *cp, double *frac)
{
    if (cp[1] == '\0') {
        *frac = 0;
        return DATETIME_OK;
    }
    if (strspn(cp + 1, "0123456789") != strlen(cp + 1))
        return DATETIME_INVALID_SYNTAX;
    errno = 0;
    *frac = strtod(cp, NULL);
    return errno == 0 ? DATETIME_OK : DATETIME_INVALID_SYNTAX;
}

/* Fractional seconds rounded to microseconds the way PostgreSQL rounds them. */
static datetime_status parse_fractional_second(const char *cp, int32_t *usec)
{
    double frac;
    datetime_status st = parse_fraction(cp, &frac);
    if (st == DATETIME_OK)
        *usec = (int32_t)rint(frac * 1000000);
    return st;
}

/*
 * "hh:mm", "hh:mm:ss", "hh:mm:ss.fff" or "mm:ss.fff" (PostgreSQL's DecodeTimeCommon):
 * hours as int64 (intervals allow many), the rest checked for range.
 */
static datetime_status decode_time_fields(const char *str, int64_t *hour, int *min, int *sec,
                                          int32_t *usec)
{
    char *cp;
    *sec = 0;
    *usec = 0;
    if (!parse_long(str, &cp, INT64_MIN, INT64_MAX, hour))
        return DATETIME_FIELD_OVERFLOW;
    if (*cp != ':')
        return DATETIME_INVALID_SYNTAX;
    if (!parse_int(cp + 1, &cp, min))
        return DATETIME_FIELD_OVERFLOW;
    if (*cp == '.') {
        /* mm:ss.fff */
        datetime_status st = parse_fractional_second(cp, usec);
        if (st != DATETIME_OK)
            return st;
        if (*hour > INT_MAX || *hour < INT_MIN)
            return DATETIME_FIELD_OVERFLOW;
        *sec = *min;
        *min = (int)*hour;
        *hour = 0;
    } else if (*cp == ':') {
        if (!parse_int(cp + 1, &cp, sec))
            return DATETIME_FIELD_OVERFLOW;
        if (*cp == '.') {
            datetime_status st = parse_fractional_second(cp, usec);
            if (st != DATETIME_OK)
                return st;
        } else if (*cp != '\0') {
            return DATETIME_INVALID_SYNTAX;
        }
    } else if (*cp != '\0') {
        return DATETIME_INVALID_SYNTAX;
    }
    if (*hour < 0 || *min < 0 || *min > MINS_PER_HOUR - 1 || *sec < 0 ||
        *sec > SECS_PER_MINUTE || *usec < 0 || *usec > USECS_PER_SEC)
        return DATETIME_FIELD_OVERFLOW;
    return DATETIME_OK;
}

/*
 * A run-together date or time (PostgreSQL's DecodeNumberField): "yyyymmdd", "yymmdd",
 * "hhmmss", "hhmm", with an optional fraction of a second.
 */
static datetime_status decode_number_field(dt_decode *d, char *str, unsigned fmask,
                                           unsigned *tmask)
{
    dt_tm *tm = &d->tm;
    size_t len = strlen(str);
    char *cp = strchr(str, '.');
    if (cp != NULL) {
        /* Any junk after the fraction is ignored here, as PostgreSQL 15 does. */
        errno = 0;
        tm->usec = cp[1] == '\0' ? 0 : (int32_t)rint(strtod(cp, NULL) * 1000000);
        if (errno != 0)
            return DATETIME_INVALID_SYNTAX;
        *cp = '\0';
        len = strlen(str);
    } else if ((fmask & DATE_M) != DATE_M && len >= 6) {
        *tmask = DATE_M;
        tm->mday = glibc_atoi(str + len - 2);
        str[len - 2] = '\0';
        tm->mon = glibc_atoi(str + len - 4);
        str[len - 4] = '\0';
        tm->year = glibc_atoi(str);
        if (len - 4 == 2)
            d->is2digits = true;
        return DATETIME_OK;
    }
    if ((fmask & TIME_M) != TIME_M && (len == 6 || len == 4)) {
        *tmask = TIME_M;
        tm->sec = len == 6 ? glibc_atoi(str + 4) : 0;
        str[4] = '\0';
        tm->min = glibc_atoi(str + 2);
        str[2] = '\0';
        tm->hour = glibc_atoi(str);
        return DATETIME_OK;
    }
    return DATETIME_INVALID_SYNTAX;
}

/* A plain number in date context (PostgreSQL's DecodeNumber). */
static datetime_status decode_number(dt_decode *d, char *str, bool have_text_month,
                                     unsigned fmask, unsigned *tmask)
{
    dt_tm *tm = &d->tm;
    size_t flen = strlen(str);
    char *cp;
    int val;
    *tmask = 0;
    if (!parse_int(str, &cp, &val))
        return DATETIME_FIELD_OVERFLOW;
    if (cp == str)
        return DATETIME_INVALID_SYNTAX;
    if (*cp == '.') {
        /* More than two digits before the point: "2001.360", "20011225", "040506.789". */
        if (cp - str > 2)
            return decode_number_field(d, str, fmask | DATE_M, tmask);
        datetime_status st = parse_fractional_second(cp, &tm->usec);
        if (st != DATETIME_OK)
            return st;
    } else if (*cp != '\0') {
        return DATETIME_INVALID_SYNTAX;
    }

    /* Three digits after a year: a day of the year. */
    if (flen == 3 && (fmask & DATE_M) == M(TK_YEAR) && val >= 1 && val <= 366) {
        *tmask = M(TK_DOY) | M(TK_MONTH) | M(TK_DAY);
        tm->yday = val;
        return DATETIME_OK;
    }

    datetime_date_order order = d->ctx->date_order;
    switch (fmask & DATE_M) {
    case 0:
        /* First field: a year if it has three digits or more, else DateStyle decides. */
        if (flen >= 3 || order == DATETIME_ORDER_YMD) {
            *tmask = M(TK_YEAR);
            tm->year = val;
        } else if (order == DATETIME_ORDER_DMY) {
            *tmask = M(TK_DAY);
            tm->mday = val;
        } else {
            *tmask = M(TK_MONTH);
            tm->mon = val;
        }
        break;
    case M(TK_YEAR):
        *tmask = M(TK_MONTH);
        tm->mon = val;
        break;
    case M(TK_MONTH):
        /* After a month name: MON-DD-YYYY, DD-MON-YYYY, YYYY-MON-DD all read naturally. */
        if (have_text_month && (flen >= 3 || order == DATETIME_ORDER_YMD)) {
            *tmask = M(TK_YEAR);
            tm->year = val;
        } else {
            *tmask = M(TK_DAY);
            tm->mday = val;
        }
        break;
    case M(TK_YEAR) | M(TK_MONTH):
        if (have_text_month && flen >= 3 && d->is2digits) {
            /* DD-MON-YYYY read in YMD order: the first number was the day. */
            *tmask = M(TK_DAY);
            tm->mday = tm->year;
            tm->year = val;
            d->is2digits = false;
        } else {
            *tmask = M(TK_DAY);
            tm->mday = val;
        }
        break;
    case M(TK_DAY):
        *tmask = M(TK_MONTH);
        tm->mon = val;
        break;
    case M(TK_MONTH) | M(TK_DAY):
        *tmask = M(TK_YEAR);
        tm->year = val;
        break;
    case DATE_M:
        /* The date is complete, so this must be a time. */
        return decode_number_field(d, str, fmask, tmask);
    default:
        return DATETIME_INVALID_SYNTAX;
    }
    if (*tmask == M(TK_YEAR))
        d->is2digits = flen <= 2;
    return DATETIME_OK;
}

/* A field with separators: "2024-02-29", "02/29/2024", "29-feb-2024" (PostgreSQL's
 * DecodeDate). */
static datetime_status decode_date(dt_decode *d, char *str, unsigned fmask, unsigned *tmask)
{
    char *field[MAXDATEFIELDS];
    int nf = 0;
    bool have_text_month = false;
    *tmask = 0;
    while (*str != '\0' && nf < MAXDATEFIELDS) {
        while (*str != '\0' && !is_alnum(*str))
            str++;
        if (*str == '\0')
            return DATETIME_INVALID_SYNTAX;
        field[nf] = str;
        if (is_digit(*str)) {
            while (is_digit(*str))
                str++;
        } else {
            while (is_alpha(*str))
                str++;
        }
        if (*str != '\0')
            *str++ = '\0';
        nf++;
    }
    /* Month names first: they settle what the numbers around them mean. */
    for (int i = 0; i < nf; i++) {
        if (!is_alpha(*field[i]))
            continue;
        const dt_token *t = token_lookup(field[i], date_tokens, N_DATE_TOKENS);
        if (t != NULL && t->type == TK_IGNORE)
            continue;
        if (t == NULL || t->type != TK_MONTH || (fmask & M(TK_MONTH)))
            return DATETIME_INVALID_SYNTAX;
        d->tm.mon = t->value;
        have_text_month = true;
        fmask |= M(TK_MONTH);
        *tmask |= M(TK_MONTH);
        field[i] = NULL;
    }
    for (int i = 0; i < nf; i++) {
        if (field[i] == NULL)
            continue;
        unsigned dmask;
        datetime_status st = decode_number(d, field[i], have_text_month, fmask, &dmask);
        if (st != DATETIME_OK)
            return st;
        if (fmask & dmask)
            return DATETIME_INVALID_SYNTAX;
        fmask |= dmask;
        *tmask |= dmask;
    }
    if ((fmask & ~(M(TK_DOY) | M(TK_TZ))) != DATE_M)
        return DATETIME_INVALID_SYNTAX;
    return DATETIME_OK;
}

/* A numeric zone: "+hh", "+hhmm", "+hh:mm", "+hh:mm:ss" (PostgreSQL's DecodeTimezone).
 * *gmtoff is seconds east. */
static datetime_status decode_timezone(const char *str, int32_t *gmtoff)
{
    if (*str != '+' && *str != '-')
        return DATETIME_INVALID_SYNTAX;
    char *cp;
    int hr;
    int min = 0;
    int sec = 0;
    if (!parse_int(str + 1, &cp, &hr))
        return DATETIME_TZ_DISPLACEMENT;
    if (*cp == ':') {
        if (!parse_int(cp + 1, &cp, &min))
            return DATETIME_TZ_DISPLACEMENT;
        if (*cp == ':' && !parse_int(cp + 1, &cp, &sec))
            return DATETIME_TZ_DISPLACEMENT;
    } else if (*cp == '\0' && strlen(str) > 3) {
        min = hr % 100;
        hr = hr / 100;
    }
    if (hr < 0 || hr > MAX_TZDISP_HOUR || min < 0 || min >= MINS_PER_HOUR || sec < 0 ||
        sec >= SECS_PER_MINUTE)
        return DATETIME_TZ_DISPLACEMENT;
    if (*cp != '\0')
        return DATETIME_INVALID_SYNTAX;
    *gmtoff = (hr * MINS_PER_HOUR + min) * SECS_PER_MINUTE + sec;
    if (*str == '-')
        *gmtoff = -*gmtoff;
    return DATETIME_OK;
}

/* Year, month and day made final (PostgreSQL's ValidateDate). */
static datetime_status validate_date(dt_decode *d, unsigned fmask, bool isjulian, bool bc)
{
    dt_tm *tm = &d->tm;
    if (fmask & M(TK_YEAR)) {
        if (isjulian) {
            /* the year came from a Julian day and is already right */
        } else if (bc) {
            /* No year zero: 1 BC is stored as 0, 2 BC as -1. */
            if (tm->year <= 0)
                return DATETIME_FIELD_OVERFLOW;
            tm->year = -(tm->year - 1);
        } else if (d->is2digits) {
            /* One or two digits mean 1970..2069. */
            if (tm->year < 0)
                return DATETIME_FIELD_OVERFLOW;
            if (tm->year < 70)
                tm->year += 2000;
            else if (tm->year < 100)
                tm->year += 1900;
        } else if (tm->year <= 0) {
            return DATETIME_FIELD_OVERFLOW;
        }
    }
    if (fmask & M(TK_DOY))
        j2date(date2j(tm->year, 1, 1) + tm->yday - 1, &tm->year, &tm->mon, &tm->mday);
    if ((fmask & M(TK_MONTH)) && (tm->mon < 1 || tm->mon > MONTHS_PER_YEAR))
        return DATETIME_FIELD_OVERFLOW_DATESTYLE;
    if ((fmask & M(TK_DAY)) && (tm->mday < 1 || tm->mday > 31))
        return DATETIME_FIELD_OVERFLOW_DATESTYLE;
    if ((fmask & DATE_M) == DATE_M && tm->mday > day_tab[is_leap(tm->year)][tm->mon - 1])
        return DATETIME_FIELD_OVERFLOW;
    return DATETIME_OK;
}

/* PostgreSQL's time_overflows: 24:00:00 is the latest time of day. */
static bool time_overflows(const dt_tm *tm)
{
    if (tm->hour < 0 || tm->hour > HOURS_PER_DAY || tm->min < 0 || tm->min >= MINS_PER_HOUR ||
        tm->sec < 0 || tm->sec > SECS_PER_MINUTE || tm->usec < 0 || tm->usec > USECS_PER_SEC)
        return true;
    return tm_time_usecs(tm) > USECS_PER_DAY;
}

/* The transaction start as local time in the session zone. */
static datetime_status current_tm(dt_decode *d, dt_tm *tm)
{
    const tz_zone *z;
    datetime_status st = zone_get(d->ctx->time_zone, &z);
    if (st != DATETIME_OK) {
        d->bad_zone = d->ctx->time_zone;
        return st;
    }
    timestamp_to_tm_zone(d->ctx->now, z, tm);
    return DATETIME_OK;
}

/* Sets the date of tm to the session's current date plus `days`. */
static datetime_status set_current_date(dt_decode *d, int days)
{
    dt_tm now;
    datetime_status st = current_tm(d, &now);
    if (st == DATETIME_OK)
        j2date(date2j(now.year, now.mon, now.mday) + days, &d->tm.year, &d->tm.mon,
               &d->tm.mday);
    return st;
}

/* Loads a zone named in the input; PostgreSQL reports an unknown one by name even for
 * types that then ignore the zone. */
static datetime_status check_named_zone(dt_decode *d, const char *name)
{
    const tz_zone *z;
    datetime_status st = zone_get(name, &z);
    if (st == DATETIME_UNKNOWN_ZONE)
        d->bad_zone = name;
    return st;
}

/*
 * Interprets date/time fields. On success *dtype is 0 for an ordinary value in d->tm
 * (with d->gmtoff when want_offset), or R_EPOCH, R_LATE or R_EARLY.
 */
static datetime_status decode_datetime(dt_decode *d, dt_fields *f, int *dtype)
{
    dt_tm *tm = &d->tm;
    unsigned fmask = 0;
    int ptype = 0; /* a unit word waiting for its number ("j", "y", "t", ...) */
    int mer = HR24;
    bool have_text_month = false;
    bool isjulian = false;
    bool bc = false;
    bool have_tz_offset = false;
    const char *named_zone = NULL;  /* "europe/paris" or "japan" */
    const char *dyn_abbrev = NULL;  /* "msk": an abbreviation whose meaning varies */
    const char *dyn_zone = NULL;
    datetime_status st;

    *dtype = 0;
    tm_clear(tm);
    d->gmtoff = 0;

    for (int i = 0; i < f->n; i++) {
        char *field = f->field[i];
        unsigned tmask = 0;
        switch (f->type[i]) {
        case FT_DATE:
            if (ptype == U_JULIAN) {
                /* A Julian day with a zone attached: "j2451545+02". */
                char *cp;
                int jday;
                if (!parse_int(field, &cp, &jday) || jday < 0)
                    return DATETIME_FIELD_OVERFLOW;
                j2date(jday, &tm->year, &tm->mon, &tm->mday);
                isjulian = true;
                st = decode_timezone(cp, &d->gmtoff);
                if (st != DATETIME_OK)
                    return st;
                have_tz_offset = true;
                tmask = DATE_M | TIME_M | M(TK_TZ);
                ptype = 0;
            } else if (ptype != 0 || (fmask & (M(TK_MONTH) | M(TK_DAY))) ==
                                         (M(TK_MONTH) | M(TK_DAY))) {
                /* With a month and day known, this is a zone name or "hhmmss-zz". */
                if (is_digit(*field) || ptype != 0) {
                    if (ptype != 0) {
                        if (ptype != U_TIME)
                            return DATETIME_INVALID_SYNTAX;
                        ptype = 0;
                    }
                    if ((fmask & TIME_M) == TIME_M)
                        return DATETIME_INVALID_SYNTAX;
                    char *cp = strchr(field, '-');
                    if (cp == NULL)
                        return DATETIME_INVALID_SYNTAX;
                    st = decode_timezone(cp, &d->gmtoff);
                    if (st != DATETIME_OK)
                        return st;
                    have_tz_offset = true;
                    *cp = '\0';
                    st = decode_number_field(d, field, fmask, &tmask);
                    if (st != DATETIME_OK)
                        return st;
                    tmask |= M(TK_TZ);
                } else {
                    st = check_named_zone(d, field);
                    if (st != DATETIME_OK)
                        return st;
                    named_zone = field;
                    tmask = M(TK_TZ);
                }
            } else {
                st = decode_date(d, field, fmask, &tmask);
                if (st != DATETIME_OK)
                    return st;
            }
            break;

        case FT_TIME: {
            if (ptype != 0) {
                if (ptype != U_TIME)
                    return DATETIME_INVALID_SYNTAX;
                ptype = 0;
            }
            int64_t hour;
            st = decode_time_fields(field, &hour, &tm->min, &tm->sec, &tm->usec);
            if (st != DATETIME_OK)
                return st;
            if (hour > INT_MAX)
                return DATETIME_FIELD_OVERFLOW;
            tm->hour = (int)hour;
            tmask = TIME_M;
            if (time_overflows(tm))
                return DATETIME_FIELD_OVERFLOW;
            break;
        }

        case FT_TZ:
            st = decode_timezone(field, &d->gmtoff);
            if (st != DATETIME_OK)
                return st;
            have_tz_offset = true;
            tmask = M(TK_TZ);
            break;

        case FT_NUMBER:
            if (ptype != 0) {
                /* The number a unit word announced: "j2451545", "y2001m02d04". */
                char *cp;
                int val;
                if (!parse_int(field, &cp, &val))
                    return DATETIME_FIELD_OVERFLOW;
                if (*cp == '.') {
                    if (ptype != U_JULIAN && ptype != U_TIME && ptype != U_SECOND)
                        return DATETIME_INVALID_SYNTAX;
                } else if (*cp != '\0') {
                    return DATETIME_INVALID_SYNTAX;
                }
                switch (ptype) {
                case U_YEAR:
                    tm->year = val;
                    tmask = M(TK_YEAR);
                    break;
                case U_MONTH:
                    /* "m" after a month and an hour means minutes. */
                    if ((fmask & M(TK_MONTH)) && (fmask & M(TK_HOUR))) {
                        tm->min = val;
                        tmask = M(TK_MINUTE);
                    } else {
                        tm->mon = val;
                        tmask = M(TK_MONTH);
                    }
                    break;
                case U_DAY:
                    tm->mday = val;
                    tmask = M(TK_DAY);
                    break;
                case U_HOUR:
                    tm->hour = val;
                    tmask = M(TK_HOUR);
                    break;
                case U_MINUTE:
                    tm->min = val;
                    tmask = M(TK_MINUTE);
                    break;
                case U_SECOND:
                    tm->sec = val;
                    tmask = M(TK_SECOND);
                    if (*cp == '.') {
                        st = parse_fractional_second(cp, &tm->usec);
                        if (st != DATETIME_OK)
                            return st;
                        tmask = ALL_SECS_M;
                    }
                    break;
                case U_JULIAN:
                    if (val < 0)
                        return DATETIME_FIELD_OVERFLOW;
                    tmask = DATE_M;
                    j2date(val, &tm->year, &tm->mon, &tm->mday);
                    isjulian = true;
                    if (*cp == '.') {
                        /* A fraction of a Julian day is a time of day. */
                        double frac;
                        st = parse_fraction(cp, &frac);
                        if (st != DATETIME_OK)
                            return st;
                        tm_set_time(tm, (int64_t)(frac * (double)USECS_PER_DAY));
                        tmask |= TIME_M;
                    }
                    break;
                case U_TIME:
                    st = decode_number_field(d, field, fmask | DATE_M, &tmask);
                    if (st != DATETIME_OK)
                        return st;
                    if (tmask != TIME_M)
                        return DATETIME_INVALID_SYNTAX;
                    break;
                default:
                    return DATETIME_INVALID_SYNTAX;
                }
                ptype = 0;
                *dtype = 0;
            } else {
                size_t flen = strlen(field);
                char *cp = strchr(field, '.');
                if (cp != NULL && !(fmask & DATE_M)) {
                    /* "2024.02.29"-like with no date yet. */
                    st = decode_date(d, field, fmask, &tmask);
                } else if (cp != NULL && flen - strlen(cp) > 2) {
                    /* Digits run together before a point: "20011223.5", "040506.789". */
                    st = decode_number_field(d, field, fmask, &tmask);
                } else if (flen >= 6 && (!(fmask & DATE_M) || !(fmask & TIME_M))) {
                    /* Six digits or more: yymmdd / yyyymmdd or hhmmss, unless both a date
                     * and a time are known (then it is a year, as "mmm dd hh:mm:ss
                     * yyyyy" has always been accepted). */
                    st = decode_number_field(d, field, fmask, &tmask);
                } else {
                    st = decode_number(d, field, have_text_month, fmask, &tmask);
                }
                if (st != DATETIME_OK)
                    return st;
            }
            break;

        case FT_STRING:
        case FT_SPECIAL: {
            /* Zone abbreviations take precedence over other words. */
            const zone_abbrev *ab = abbrev_lookup(field);
            const dt_token *t = ab != NULL ? NULL : token_lookup(field, date_tokens, N_DATE_TOKENS);
            int type = ab != NULL ? (ab->zone != NULL ? TK_DYNTZ : ab->isdst ? TK_DTZ : TK_TZ)
                                  : t != NULL ? t->type : TK_UNKNOWN;
            int val = t != NULL ? t->value : 0;
            if (type == TK_IGNORE)
                continue;
            tmask = M(type);
            switch (type) {
            case TK_RESERV:
                switch (val) {
                case R_NOW:
                    tmask = DATE_M | TIME_M | M(TK_TZ);
                    *dtype = 0;
                    st = current_tm(d, tm);
                    if (st != DATETIME_OK)
                        return st;
                    d->gmtoff = tm->gmtoff;
                    have_tz_offset = true;
                    break;
                case R_YESTERDAY:
                case R_TODAY:
                case R_TOMORROW:
                    tmask = DATE_M;
                    *dtype = 0;
                    st = set_current_date(d, val == R_YESTERDAY ? -1 : val == R_TODAY ? 0 : 1);
                    if (st != DATETIME_OK)
                        return st;
                    break;
                case R_ZULU:
                    tmask = TIME_M | M(TK_TZ);
                    *dtype = 0;
                    tm->hour = 0;
                    tm->min = 0;
                    tm->sec = 0;
                    d->gmtoff = 0;
                    have_tz_offset = true;
                    break;
                default:
                    /* epoch, infinity, -infinity: the other fields are ignored. */
                    *dtype = val;
                    break;
                }
                break;
            case TK_MONTH:
                /* A number already read as the month becomes the day: "29 feb 2024". */
                if ((fmask & M(TK_MONTH)) && !have_text_month && !(fmask & M(TK_DAY)) &&
                    tm->mon >= 1 && tm->mon <= 31) {
                    tm->mday = tm->mon;
                    tmask = M(TK_DAY);
                }
                have_text_month = true;
                tm->mon = val;
                break;
            case TK_DTZMOD:
                /* "dst" after a standard-time abbreviation: "met dst". */
                tmask |= M(TK_DTZ);
                d->gmtoff += val;
                break;
            case TK_DTZ:
            case TK_TZ:
                if (type == TK_DTZ)
                    tmask |= M(TK_TZ);
                d->gmtoff = ab->utoff;
                have_tz_offset = true;
                break;
            case TK_DYNTZ:
                tmask |= M(TK_TZ);
                dyn_abbrev = field;
                dyn_zone = ab->zone;
                break;
            case TK_AMPM:
                mer = val;
                break;
            case TK_ADBC:
                bc = val == BC;
                break;
            case TK_DOW:
                break;
            case TK_UNITS:
                tmask = 0;
                ptype = val;
                break;
            case TK_ISOTIME:
                /* "t" needs a complete date before it and a time after it. */
                tmask = 0;
                if ((fmask & DATE_M) != DATE_M || i >= f->n - 1 ||
                    (f->type[i + 1] != FT_NUMBER && f->type[i + 1] != FT_TIME &&
                     f->type[i + 1] != FT_DATE))
                    return DATETIME_INVALID_SYNTAX;
                ptype = val;
                break;
            default: {
                /* Perhaps an all-letters zone name ("japan"). */
                const tz_zone *z;
                st = zone_get(field, &z);
                if (st != DATETIME_OK)
                    return st == DATETIME_NO_MEMORY ? st : DATETIME_INVALID_SYNTAX;
                named_zone = field;
                tmask = M(TK_TZ);
                break;
            }
            }
            break;
        }
        }
        if (tmask & fmask)
            return DATETIME_INVALID_SYNTAX;
        fmask |= tmask;
    }

    /* The fields are checked even next to 'epoch' or 'infinity', which then ignore them,
     * as PostgreSQL 15 does. */
    st = validate_date(d, fmask, isjulian, bc);
    if (st != DATETIME_OK)
        return st;
    if (mer != HR24 && tm->hour > HOURS_PER_DAY / 2)
        return DATETIME_FIELD_OVERFLOW;
    if (mer == AM && tm->hour == HOURS_PER_DAY / 2)
        tm->hour = 0;
    else if (mer == PM && tm->hour != HOURS_PER_DAY / 2)
        tm->hour += HOURS_PER_DAY / 2;
    if (*dtype != 0)
        return DATETIME_OK;
    /* A time alone is no date. */
    if ((fmask & DATE_M) != DATE_M)
        return DATETIME_INVALID_SYNTAX;

    /* A zone name or varying abbreviation needs the date to know its offset; a "dst"
     * modifier goes only with a fixed abbreviation. */
    if ((named_zone != NULL || dyn_abbrev != NULL || !(fmask & M(TK_TZ))) &&
        (fmask & M(TK_DTZMOD)))
        return DATETIME_INVALID_SYNTAX;
    if (!d->want_offset || have_tz_offset)
        return DATETIME_OK;
    const tz_zone *z;
    if (dyn_abbrev != NULL) {
        st = zone_get(dyn_zone, &z);
        if (st != DATETIME_OK)
            return st;
        d->gmtoff = zone_abbrev_local_offset(z, tm, dyn_abbrev);
    } else {
        st = zone_get(named_zone != NULL ? named_zone : d->ctx->time_zone, &z);
        if (st != DATETIME_OK) {
            d->bad_zone = named_zone != NULL ? named_zone : d->ctx->time_zone;
            return st;
        }
        d->gmtoff = zone_local_offset(z, tm);
    }
    return DATETIME_OK;
}

/* --- Interpreting interval fields (PostgreSQL's DecodeInterval and
 * DecodeISO8601Interval). Parts accumulate separately, with overflow checks, before
 * they become an interval. */

typedef struct itm_in {
    int64_t usec;
    int32_t mday;
    int32_t mon;
    int32_t year;
} itm_in;

static bool mul_add(int64_t val, int64_t multiplier, int64_t *sum)
{
    int64_t product;
    return !__builtin_mul_overflow(val, multiplier, &product) &&
           !__builtin_add_overflow(*sum, product, sum);
}

/* Adds frac * scale microseconds, rounding a half microsecond away from zero. */
static bool adjust_fract_usec(double frac, int64_t scale, itm_in *itm)
{
    if (frac == 0)
        return true;
    frac *= (double)scale;
    int64_t usec = (int64_t)frac;
    frac -= (double)usec;
    if (frac > 0.5)
        usec++;
    else if (frac < -0.5)
        usec--;
    return !__builtin_add_overflow(itm->usec, usec, &itm->usec);
}

/* Adds frac * scale days: whole days to the day field, the rest as time. */
static bool adjust_fract_days(double frac, int scale, itm_in *itm)
{
    if (frac == 0)
        return true;
    frac *= scale;
    int extra_days = (int)frac;
    if (__builtin_add_overflow(itm->mday, extra_days, &itm->mday))
        return false;
    return adjust_fract_usec(frac - extra_days, USECS_PER_DAY, itm);
}

/* Adds frac * scale years as whole months; what is left of a month is dropped. */
static bool adjust_fract_years(double frac, int scale, itm_in *itm)
{
    int extra_months = (int)rint(frac * scale * MONTHS_PER_YEAR);
    return !__builtin_add_overflow(itm->mon, extra_months, &itm->mon);
}

static bool adjust_usec(int64_t val, double fval, int64_t scale, itm_in *itm)
{
    return mul_add(val, scale, &itm->usec) && adjust_fract_usec(fval, scale, itm);
}

static bool adjust_days(int64_t val, int scale, itm_in *itm)
{
    int32_t days;
    return val >= INT_MIN && val <= INT_MAX &&
           !__builtin_mul_overflow((int32_t)val, scale, &days) &&
           !__builtin_add_overflow(itm->mday, days, &itm->mday);
}

static bool adjust_months(int64_t val, itm_in *itm)
{
    return val >= INT_MIN && val <= INT_MAX &&
           !__builtin_add_overflow(itm->mon, (int32_t)val, &itm->mon);
}

static bool adjust_years(int64_t val, int scale, itm_in *itm)
{
    int32_t years;
    return val >= INT_MIN && val <= INT_MAX &&
           !__builtin_mul_overflow((int32_t)val, scale, &years) &&
           !__builtin_add_overflow(itm->year, years, &itm->year);
}

/* "hh:mm:ss" in an interval: any number of hours, all as microseconds. */
static datetime_status decode_interval_time(const char *str, itm_in *itm)
{
    int64_t hour;
    int min;
    int sec;
    int32_t usec;
    datetime_status st = decode_time_fields(str, &hour, &min, &sec, &usec);
    if (st != DATETIME_OK)
        return st;
    /* As in PostgreSQL, a time field replaces the time gathered so far. */
    itm->usec = usec;
    if (!mul_add(hour, USECS_PER_HOUR, &itm->usec) ||
        !mul_add(min, USECS_PER_MINUTE, &itm->usec) || !mul_add(sec, USECS_PER_SEC, &itm->usec))
        return DATETIME_FIELD_OVERFLOW;
    return DATETIME_OK;
}

/* A number and the unit after it (`type`, or seconds when none was named). */
static datetime_status decode_interval_number(const char *field, int *type, unsigned *tmask,
                                              itm_in *itm)
{
    char *cp;
    int64_t val;
    double fval = 0;
    if (*type == U_UNSET)
        *type = U_SECOND;
    if (!parse_long(field, &cp, INT64_MIN, INT64_MAX, &val))
        return DATETIME_FIELD_OVERFLOW;
    if (*cp == '-') {
        /* SQL's year-month literal "1-2". */
        int val2;
        if (!parse_int(cp + 1, &cp, &val2) || val2 < 0 || val2 >= MONTHS_PER_YEAR)
            return DATETIME_FIELD_OVERFLOW;
        if (*cp != '\0')
            return DATETIME_INVALID_SYNTAX;
        *type = U_MONTH;
        if (*field == '-')
            val2 = -val2;
        if (__builtin_mul_overflow(val, MONTHS_PER_YEAR, &val) ||
            __builtin_add_overflow(val, val2, &val))
            return DATETIME_FIELD_OVERFLOW;
    } else if (*cp == '.') {
        datetime_status st = parse_fraction(cp, &fval);
        if (st != DATETIME_OK)
            return st;
        if (*field == '-')
            fval = -fval;
    } else if (*cp != '\0') {
        return DATETIME_INVALID_SYNTAX;
    }

    bool ok;
    switch (*type) {
    case U_MICROSEC:
        ok = adjust_usec(val, fval, 1, itm);
        *tmask = M(TK_MICROSECOND);
        break;
    case U_MILLISEC:
        ok = adjust_usec(val, fval, 1000, itm);
        *tmask = M(TK_MILLISECOND);
        break;
    case U_SECOND:
        ok = adjust_usec(val, fval, USECS_PER_SEC, itm);
        /* Fractional seconds count as milliseconds and microseconds given too. */
        *tmask = fval == 0 ? M(TK_SECOND) : ALL_SECS_M;
        break;
    case U_MINUTE:
        ok = adjust_usec(val, fval, USECS_PER_MINUTE, itm);
        *tmask = M(TK_MINUTE);
        break;
    case U_HOUR:
        ok = adjust_usec(val, fval, USECS_PER_HOUR, itm);
        *tmask = M(TK_HOUR);
        /* A bare number before "n hours" means days. */
        *type = U_DAY;
        break;
    case U_DAY:
        ok = adjust_days(val, 1, itm) && adjust_fract_usec(fval, USECS_PER_DAY, itm);
        *tmask = M(TK_DAY);
        break;
    case U_WEEK:
        ok = adjust_days(val, 7, itm) && adjust_fract_days(fval, 7, itm);
        *tmask = M(TK_WEEK);
        break;
    case U_MONTH:
        ok = adjust_months(val, itm) && adjust_fract_days(fval, DAYS_PER_MONTH, itm);
        *tmask = M(TK_MONTH);
        break;
    case U_YEAR:
        ok = adjust_years(val, 1, itm) && adjust_fract_years(fval, 1, itm);
        *tmask = M(TK_YEAR);
        break;
    case U_DECADE:
        ok = adjust_years(val, 10, itm) && adjust_fract_years(fval, 10, itm);
        *tmask = M(TK_DECADE);
        break;
    case U_CENTURY:
        ok = adjust_years(val, 100, itm) && adjust_fract_years(fval, 100, itm);
        *tmask = M(TK_CENTURY);
        break;
    case U_MILLENNIUM:
        ok = adjust_years(val, 1000, itm) && adjust_fract_years(fval, 1000, itm);
        *tmask = M(TK_MILLENNIUM);
        break;
    default:
        return DATETIME_INVALID_SYNTAX;
    }
    return ok ? DATETIME_OK : DATETIME_FIELD_OVERFLOW;
}

static datetime_status decode_interval(dt_fields *f, itm_in *itm)
{
    bool is_before = false;
    unsigned fmask = 0;
    int type = U_UNSET;
    memset(itm, 0, sizeof *itm);
    /* Right to left, so that each number meets its unit first. */
    for (int i = f->n - 1; i >= 0; i--) {
        const char *field = f->field[i];
        unsigned tmask = 0;
        datetime_status st;
        switch (f->type[i]) {
        case FT_TIME:
            st = decode_interval_time(field, itm);
            if (st != DATETIME_OK)
                return st;
            tmask = TIME_M;
            type = U_DAY;
            break;
        case FT_TZ:
            /* A signed time "-02:00:00" works as a time; anything else is a signed
             * number, maybe "-1-2". */
            if (strchr(field + 1, ':') != NULL &&
                decode_interval_time(field + 1, itm) == DATETIME_OK) {
                if (*field == '-') {
                    if (itm->usec == INT64_MIN)
                        return DATETIME_FIELD_OVERFLOW;
                    itm->usec = -itm->usec;
                }
                tmask = TIME_M;
                type = U_DAY;
                break;
            }
            st = decode_interval_number(field, &type, &tmask, itm);
            if (st != DATETIME_OK)
                return st;
            break;
        case FT_DATE:
        case FT_NUMBER:
            st = decode_interval_number(field, &type, &tmask, itm);
            if (st != DATETIME_OK)
                return st;
            break;
        case FT_STRING:
        case FT_SPECIAL: {
            const dt_token *t = token_lookup(field, delta_tokens, N_DELTA_TOKENS);
            if (t == NULL)
                return DATETIME_INVALID_SYNTAX;
            if (t->type == TK_IGNORE)
                continue;
            if (t->type == TK_AGO)
                is_before = true;
            type = t->value;
            break;
        }
        }
        if (tmask & fmask)
            return DATETIME_INVALID_SYNTAX;
        fmask |= tmask;
    }
    if (fmask == 0)
        return DATETIME_INVALID_SYNTAX;
    if (is_before) {
        if (itm->usec == INT64_MIN || itm->mday == INT32_MIN || itm->mon == INT32_MIN ||
            itm->year == INT32_MIN)
            return DATETIME_FIELD_OVERFLOW;
        itm->usec = -itm->usec;
        itm->mday = -itm->mday;
        itm->mon = -itm->mon;
        itm->year = -itm->year;
    }
    return DATETIME_OK;
}

/* A number of an ISO 8601 interval, split into whole and fractional parts. */
static datetime_status iso8601_number(const char *str, char **end, int64_t *ipart, double *fpart)
{
    if (!(is_digit(*str) || *str == '-' || *str == '.'))
        return DATETIME_INVALID_SYNTAX;
    errno = 0;
    double val = strtod(str, end);
    if (*end == str || errno != 0)
        return DATETIME_INVALID_SYNTAX;
    /* Up to 1e15 the whole part is exact in a double. */
    if (isnan(val) || val < -1.0e15 || val > 1.0e15)
        return DATETIME_FIELD_OVERFLOW;
    *ipart = val >= 0 ? (int64_t)floor(val) : -(int64_t)floor(-val);
    *fpart = val - (double)*ipart;
    return DATETIME_OK;
}

static int iso8601_int_width(const char *s)
{
    if (*s == '-')
        s++;
    return (int)strspn(s, "0123456789");
}

/* "P1Y2M3DT4H5M6S", "P1W", or the alternative forms "P0001-02-03T04:05:06" and
 * "P00010203T040506". */
static datetime_status decode_iso8601_interval(char *str, itm_in *itm)
{
    bool datepart = true;
    bool havefield = false;
    memset(itm, 0, sizeof *itm);
    if (strlen(str) < 2 || str[0] != 'P')
        return DATETIME_INVALID_SYNTAX;
    str++;
    while (*str != '\0') {
        if (*str == 'T') {
            datepart = false;
            havefield = false;
            str++;
            continue;
        }
        char *fieldstart = str;
        int64_t val;
        double fval;
        datetime_status st = iso8601_number(str, &str, &val, &fval);
        if (st != DATETIME_OK)
            return st;
        char unit = *str;
        if (unit != '\0')
            str++;
        if (datepart) {
            switch (unit) {
            case 'Y':
                if (!adjust_years(val, 1, itm) || !adjust_fract_years(fval, 1, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'M':
                if (!adjust_months(val, itm) || !adjust_fract_days(fval, DAYS_PER_MONTH, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'W':
                if (!adjust_days(val, 7, itm) || !adjust_fract_days(fval, 7, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'D':
                if (!adjust_days(val, 1, itm) || !adjust_fract_usec(fval, USECS_PER_DAY, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'T':
            case '\0':
                if (iso8601_int_width(fieldstart) == 8 && !havefield) {
                    /* Basic alternative format: yyyymmdd. */
                    if (!adjust_years(val / 10000, 1, itm) ||
                        !adjust_months((val / 100) % 100, itm) ||
                        !adjust_days(val % 100, 1, itm) ||
                        !adjust_fract_usec(fval, USECS_PER_DAY, itm))
                        return DATETIME_FIELD_OVERFLOW;
                    if (unit == '\0')
                        return DATETIME_OK;
                    datepart = false;
                    havefield = false;
                    continue;
                }
                /* fall through - the extended alternative format */
            case '-':
                if (havefield)
                    return DATETIME_INVALID_SYNTAX;
                if (!adjust_years(val, 1, itm) || !adjust_fract_years(fval, 1, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (unit == '\0')
                    return DATETIME_OK;
                if (unit == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                st = iso8601_number(str, &str, &val, &fval);
                if (st != DATETIME_OK)
                    return st;
                if (!adjust_months(val, itm) || !adjust_fract_days(fval, DAYS_PER_MONTH, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (*str == '\0')
                    return DATETIME_OK;
                if (*str == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                if (*str != '-')
                    return DATETIME_INVALID_SYNTAX;
                str++;
                st = iso8601_number(str, &str, &val, &fval);
                if (st != DATETIME_OK)
                    return st;
                if (!adjust_days(val, 1, itm) || !adjust_fract_usec(fval, USECS_PER_DAY, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (*str == '\0')
                    return DATETIME_OK;
                if (*str == 'T') {
                    datepart = false;
                    havefield = false;
                    continue;
                }
                return DATETIME_INVALID_SYNTAX;
            default:
                return DATETIME_INVALID_SYNTAX;
            }
        } else {
            switch (unit) {
            case 'H':
                if (!adjust_usec(val, fval, USECS_PER_HOUR, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'M':
                if (!adjust_usec(val, fval, USECS_PER_MINUTE, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case 'S':
                if (!adjust_usec(val, fval, USECS_PER_SEC, itm))
                    return DATETIME_FIELD_OVERFLOW;
                break;
            case '\0':
                if (iso8601_int_width(fieldstart) == 6 && !havefield) {
                    /* Basic alternative format: hhmmss. */
                    if (!adjust_usec(val / 10000, 0, USECS_PER_HOUR, itm) ||
                        !adjust_usec((val / 100) % 100, 0, USECS_PER_MINUTE, itm) ||
                        !adjust_usec(val % 100, 0, USECS_PER_SEC, itm) ||
                        !adjust_fract_usec(fval, 1, itm))
                        return DATETIME_FIELD_OVERFLOW;
                    return DATETIME_OK;
                }
                /* fall through - the extended alternative format */
            case ':':
                if (havefield)
                    return DATETIME_INVALID_SYNTAX;
                if (!adjust_usec(val, fval, USECS_PER_HOUR, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (unit == '\0')
                    return DATETIME_OK;
                st = iso8601_number(str, &str, &val, &fval);
                if (st != DATETIME_OK)
                    return st;
                if (!adjust_usec(val, fval, USECS_PER_MINUTE, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (*str == '\0')
                    return DATETIME_OK;
                if (*str != ':')
                    return DATETIME_INVALID_SYNTAX;
                str++;
                st = iso8601_number(str, &str, &val, &fval);
                if (st != DATETIME_OK)
                    return st;
                if (!adjust_usec(val, fval, USECS_PER_SEC, itm))
                    return DATETIME_FIELD_OVERFLOW;
                if (*str == '\0')
                    return DATETIME_OK;
                return DATETIME_INVALID_SYNTAX;
            default:
                return DATETIME_INVALID_SYNTAX;
            }
        }
        havefield = true;
    }
    return DATETIME_OK;
}

/* --- The input functions. */

/* Work buffer sizes of PostgreSQL's date_in, timestamp_in and interval_in: longer
 * input is refused as theirs is. */
#define DATE_WORKBUF 129
#define TIMESTAMP_WORKBUF 153
#define INTERVAL_WORKBUF 256

/* A NUL-terminated copy of the input; text with a NUL byte inside cannot be valid. */
static datetime_status input_copy(arena *a, const char *text, size_t len, char **out)
{
    if (memchr(text, '\0', len) != NULL)
        return DATETIME_INVALID_SYNTAX;
    *out = arena_strndup(a, text, len);
    return *out == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

static datetime_status datetime_input(arena *a, const datetime_context *ctx, const char *text,
                                      size_t len, size_t buflen, bool want_offset,
                                      dt_decode *d, int *dtype, const char **bad_zone)
{
    char *s;
    datetime_status st = input_copy(a, text, len, &s);
    if (st != DATETIME_OK)
        return st;
    char *buf = arena_alloc(a, buflen);
    if (buf == NULL)
        return DATETIME_NO_MEMORY;
    dt_fields f;
    if (!tokenize(s, buf, buflen, &f))
        return DATETIME_INVALID_SYNTAX;
    memset(d, 0, sizeof *d);
    d->ctx = ctx;
    d->want_offset = want_offset;
    st = decode_datetime(d, &f, dtype);
    if (st == DATETIME_UNKNOWN_ZONE && bad_zone != NULL) {
        *bad_zone = arena_strdup(a, d->bad_zone);
        if (*bad_zone == NULL)
            return DATETIME_NO_MEMORY;
    }
    return st;
}

datetime_status date_from_text(arena *a, const datetime_context *ctx, const char *text,
                               size_t len, dt_date *out, const char **bad_zone)
{
    dt_decode d;
    int dtype;
    datetime_status st =
        datetime_input(a, ctx, text, len, DATE_WORKBUF, false, &d, &dtype, bad_zone);
    if (st != DATETIME_OK)
        return st;
    if (dtype == R_LATE || dtype == R_EARLY) {
        *out = dtype == R_LATE ? DT_DATE_NOEND : DT_DATE_NOBEGIN;
        return DATETIME_OK;
    }
    if (dtype == R_EPOCH) {
        *out = -EPOCH_DIFF_DAYS;
        return DATETIME_OK;
    }
    if (!valid_julian(d.tm.year, d.tm.mon))
        return DATETIME_DATE_OUT_OF_RANGE;
    int64_t date = date2j(d.tm.year, d.tm.mon, d.tm.mday) - POSTGRES_EPOCH_JDATE;
    if (!valid_date(date))
        return DATETIME_DATE_OUT_OF_RANGE;
    *out = (dt_date)date;
    return DATETIME_OK;
}

static datetime_status timestamp_input(arena *a, const datetime_context *ctx, const char *text,
                                       size_t len, bool with_zone, dt_timestamp *out,
                                       const char **bad_zone)
{
    dt_decode d;
    int dtype;
    datetime_status st =
        datetime_input(a, ctx, text, len, TIMESTAMP_WORKBUF, with_zone, &d, &dtype, bad_zone);
    if (st != DATETIME_OK)
        return st;
    switch (dtype) {
    case R_LATE:
        *out = DT_TIMESTAMP_NOEND;
        return DATETIME_OK;
    case R_EARLY:
        *out = DT_TIMESTAMP_NOBEGIN;
        return DATETIME_OK;
    case R_EPOCH:
        *out = DT_UNIX_EPOCH_TIMESTAMP;
        return DATETIME_OK;
    default:
        return tm_to_timestamp(&d.tm, with_zone, d.gmtoff, out) ? DATETIME_OK
                                                                  : DATETIME_TIMESTAMP_OUT_OF_RANGE;
    }
}

datetime_status timestamp_from_text(arena *a, const datetime_context *ctx, const char *text,
                                    size_t len, dt_timestamp *out, const char **bad_zone)
{
    return timestamp_input(a, ctx, text, len, false, out, bad_zone);
}

datetime_status timestamptz_from_text(arena *a, const datetime_context *ctx, const char *text,
                                      size_t len, dt_timestamp *out, const char **bad_zone)
{
    return timestamp_input(a, ctx, text, len, true, out, bad_zone);
}

/* The accumulated parts as an interval (PostgreSQL's itmin2interval). */
static datetime_status itm_to_interval(const itm_in *itm, dt_interval *out)
{
    int64_t months = (int64_t)itm->year * MONTHS_PER_YEAR + itm->mon;
    if (months > INT32_MAX || months < INT32_MIN)
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    out->month = (int32_t)months;
    out->day = itm->mday;
    out->time = itm->usec;
    return DATETIME_OK;
}

datetime_status interval_from_text(arena *a, const char *text, size_t len, dt_interval *out)
{
    char *s;
    datetime_status st = input_copy(a, text, len, &s);
    if (st != DATETIME_OK)
        return st;
    char *buf = arena_alloc(a, INTERVAL_WORKBUF);
    if (buf == NULL)
        return DATETIME_NO_MEMORY;
    dt_fields f;
    itm_in itm;
    st = tokenize(s, buf, INTERVAL_WORKBUF, &f) ? decode_interval(&f, &itm)
                                                : DATETIME_INVALID_SYNTAX;
    /* What the general syntax refuses may be ISO 8601. */
    if (st == DATETIME_INVALID_SYNTAX)
        st = decode_iso8601_interval(s, &itm);
    if (st == DATETIME_FIELD_OVERFLOW)
        return DATETIME_INTERVAL_FIELD_OVERFLOW;
    if (st != DATETIME_OK)
        return st;
    return itm_to_interval(&itm, out);
}

/* ===================================================================================
 * Text output (DateStyle ISO, IntervalStyle postgres), as PostgreSQL's EncodeDateOnly,
 * EncodeDateTime and EncodeInterval.
 * =================================================================================== */

/* Seconds, then the fraction without trailing zeros. */
static void put_seconds(strbuf *sb, int sec, int32_t usec, bool fillzeros)
{
    sb_zeropad(sb, (uint64_t)(sec < 0 ? -(int64_t)sec : sec), fillzeros ? 2 : 1);
    if (usec == 0)
        return;
    /* |usec| is below a second, so six digits hold it. */
    char frac[12];
    snprintf(frac, sizeof frac, "%06d", usec < 0 ? -usec : usec);
    size_t n = 6;
    while (frac[n - 1] == '0')
        n--;
    sb_putc(sb, '.');
    sb_putn(sb, frac, n);
}

/* Years print as at least four digits; BC years count from 1. */
static void put_date(strbuf *sb, const dt_tm *tm)
{
    sb_zeropad(sb, (uint64_t)(tm->year > 0 ? tm->year : -((int64_t)tm->year - 1)), 4);
    sb_putc(sb, '-');
    sb_zeropad(sb, tm->mon, 2);
    sb_putc(sb, '-');
    sb_zeropad(sb, tm->mday, 2);
}

/* "+hh", "+hh:mm" or "+hh:mm:ss", whichever shows the offset exactly. */
static void put_offset(strbuf *sb, int32_t gmtoff)
{
    int32_t sec = gmtoff < 0 ? -gmtoff : gmtoff;
    int32_t min = sec / SECS_PER_MINUTE;
    sec -= min * SECS_PER_MINUTE;
    int32_t hour = min / MINS_PER_HOUR;
    min -= hour * MINS_PER_HOUR;
    sb_putc(sb, gmtoff >= 0 ? '+' : '-');
    sb_zeropad(sb, hour, 2);
    if (min != 0 || sec != 0) {
        sb_putc(sb, ':');
        sb_zeropad(sb, min, 2);
    }
    if (sec != 0) {
        sb_putc(sb, ':');
        sb_zeropad(sb, sec, 2);
    }
}

static void put_timestamp(strbuf *sb, const dt_tm *tm)
{
    put_date(sb, tm);
    sb_putc(sb, ' ');
    sb_zeropad(sb, tm->hour, 2);
    sb_putc(sb, ':');
    sb_zeropad(sb, tm->min, 2);
    sb_putc(sb, ':');
    put_seconds(sb, tm->sec, tm->usec, true);
    if (tm->zoned)
        put_offset(sb, tm->gmtoff);
    if (tm->year <= 0)
        sb_puts(sb, " BC");
}

static datetime_status put_literal(arena *a, const char *s, char **out)
{
    *out = arena_strdup(a, s);
    return *out == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

datetime_status date_to_text(arena *a, dt_date d, char **out)
{
    if (!date_finite(d))
        return put_literal(a, d == DT_DATE_NOEND ? "infinity" : "-infinity", out);
    dt_tm tm;
    tm_clear(&tm);
    j2date((int64_t)d + POSTGRES_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    strbuf sb;
    sb_init(&sb, a, 24);
    put_date(&sb, &tm);
    if (tm.year <= 0)
        sb_puts(&sb, " BC");
    return sb_finish(&sb, out);
}

datetime_status timestamp_to_text(arena *a, dt_timestamp ts, char **out)
{
    if (!timestamp_finite(ts))
        return put_literal(a, ts == DT_TIMESTAMP_NOEND ? "infinity" : "-infinity", out);
    dt_tm tm;
    timestamp_to_tm(ts, &tm);
    strbuf sb;
    sb_init(&sb, a, 40);
    put_timestamp(&sb, &tm);
    return sb_finish(&sb, out);
}

datetime_status timestamptz_to_text(arena *a, const datetime_context *ctx, dt_timestamp ts,
                                    char **out)
{
    if (!timestamp_finite(ts))
        return put_literal(a, ts == DT_TIMESTAMP_NOEND ? "infinity" : "-infinity", out);
    const tz_zone *z;
    datetime_status st = zone_get(ctx->time_zone, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    strbuf sb;
    sb_init(&sb, a, 48);
    put_timestamp(&sb, &tm);
    return sb_finish(&sb, out);
}

/* An interval as years, months, days, hours (any number), minutes, seconds and
 * microseconds, each carrying the sign of its source field (PostgreSQL's
 * interval2itm). */
typedef struct itm {
    int32_t year;
    int32_t mon;
    int32_t mday;
    int64_t hour;
    int min;
    int sec;
    int32_t usec;
} itm;

static void interval_to_itm(const dt_interval *iv, itm *out)
{
    out->year = iv->month / MONTHS_PER_YEAR;
    out->mon = iv->month % MONTHS_PER_YEAR;
    out->mday = iv->day;
    int64_t t = iv->time;
    out->hour = t / USECS_PER_HOUR;
    t -= out->hour * USECS_PER_HOUR;
    out->min = (int)(t / USECS_PER_MINUTE);
    t -= out->min * USECS_PER_MINUTE;
    out->sec = (int)(t / USECS_PER_SEC);
    out->usec = (int32_t)(t - out->sec * USECS_PER_SEC);
}

/* One "n unit(s)" part. After a negative part, a positive one gets an explicit '+'. */
static void put_interval_part(strbuf *sb, int64_t value, const char *units, bool *is_zero,
                              bool *is_before)
{
    if (value == 0)
        return;
    sb_printf(sb, "%s%s%lld %s%s", *is_zero ? "" : " ", *is_before && value > 0 ? "+" : "",
              (long long)value, units, value != 1 ? "s" : "");
    *is_before = value < 0;
    *is_zero = false;
}

datetime_status interval_to_text(arena *a, const dt_interval *iv, char **out)
{
    itm t;
    interval_to_itm(iv, &t);
    bool is_zero = true;
    bool is_before = false;
    strbuf sb;
    sb_init(&sb, a, 64);
    put_interval_part(&sb, t.year, "year", &is_zero, &is_before);
    put_interval_part(&sb, t.mon, "mon", &is_zero, &is_before);
    put_interval_part(&sb, t.mday, "day", &is_zero, &is_before);
    if (is_zero || t.hour != 0 || t.min != 0 || t.sec != 0 || t.usec != 0) {
        bool minus = t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0;
        sb_printf(&sb, "%s%s%02lld:%02d:", is_zero ? "" : " ", minus ? "-" : is_before ? "+" : "",
                  (long long)(t.hour < 0 ? -t.hour : t.hour), t.min < 0 ? -t.min : t.min);
        put_seconds(&sb, t.sec, t.usec, true);
    }
    return sb_finish(&sb, out);
}

/* ===================================================================================
 * Zones applied: AT TIME ZONE and the casts between timestamp and timestamptz.
 * =================================================================================== */

/* The UTC offset a varying abbreviation had at instant `ts` (PostgreSQL's
 * DetermineTimeZoneAbbrevOffsetTS). */
static int32_t zone_abbrev_utc_offset(const tz_zone *z, dt_timestamp ts, const char *upper)
{
    int32_t utoff;
    if (zone_abbrev_meaning(z, timestamp_unix_secs(ts), upper, &utoff))
        return utoff;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    return zone_local_offset(z, &tm);
}

datetime_status timestamp_at_zone(const char *zone, dt_timestamp local, dt_timestamp *out)
{
    /* Infinity stays infinity, whatever the zone (even an unknown one). */
    if (!timestamp_finite(local)) {
        *out = local;
        return DATETIME_OK;
    }
    zone_spec spec;
    datetime_status st = zone_spec_resolve(zone, &spec);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm(local, &tm);
    int32_t gmtoff;
    if (spec.abbrev != NULL && spec.name == NULL) {
        gmtoff = spec.abbrev->utoff;
    } else {
        const tz_zone *z;
        st = zone_get(spec.name, &z);
        if (st != DATETIME_OK)
            return st;
        gmtoff = spec.abbrev != NULL ? zone_abbrev_local_offset(z, &tm, spec.upper)
                                     : zone_local_offset(z, &tm);
    }
    int64_t result = local - (int64_t)gmtoff * USECS_PER_SEC;
    if (!valid_timestamp(result))
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    *out = result;
    return DATETIME_OK;
}

datetime_status timestamptz_at_zone(const char *zone, dt_timestamp ts, dt_timestamp *out)
{
    /* Infinity stays infinity, whatever the zone (even an unknown one). */
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    zone_spec spec;
    datetime_status st = zone_spec_resolve(zone, &spec);
    if (st != DATETIME_OK)
        return st;
    int32_t gmtoff;
    if (spec.abbrev != NULL && spec.name == NULL) {
        gmtoff = spec.abbrev->utoff;
    } else {
        const tz_zone *z;
        st = zone_get(spec.name, &z);
        if (st != DATETIME_OK)
            return st;
        if (spec.abbrev != NULL) {
            gmtoff = zone_abbrev_utc_offset(z, ts, spec.upper);
        } else {
            dt_tm tm;
            timestamp_to_tm_zone(ts, z, &tm);
            gmtoff = tm.gmtoff;
        }
    }
    int64_t result = ts + (int64_t)gmtoff * USECS_PER_SEC;
    if (!valid_timestamp(result))
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    *out = result;
    return DATETIME_OK;
}

/* AT TIME ZONE with an interval: an offset east of UTC in whole seconds (any fraction
 * is dropped, as PostgreSQL does), moving the value by `sign` times the offset. */
static datetime_status shift_by_interval_zone(const dt_interval *zone, dt_timestamp ts,
                                              int sign, dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    if (zone->month != 0 || zone->day != 0)
        return DATETIME_INTERVAL_ZONE;
    int64_t shift = zone->time / USECS_PER_SEC * USECS_PER_SEC;
    int64_t result;
    if (__builtin_add_overflow(ts, sign * shift, &result) || !valid_timestamp(result))
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    *out = result;
    return DATETIME_OK;
}

datetime_status timestamp_at_interval_zone(const dt_interval *zone, dt_timestamp local,
                                           dt_timestamp *out)
{
    return shift_by_interval_zone(zone, local, -1, out);
}

datetime_status timestamptz_at_interval_zone(const dt_interval *zone, dt_timestamp ts,
                                             dt_timestamp *out)
{
    return shift_by_interval_zone(zone, ts, 1, out);
}

static datetime_status session_zone(const datetime_context *ctx, const tz_zone **z)
{
    return zone_get(ctx->time_zone, z);
}

datetime_status date_to_timestamp(dt_date d, dt_timestamp *out)
{
    if (!date_finite(d)) {
        *out = d == DT_DATE_NOEND ? DT_TIMESTAMP_NOEND : DT_TIMESTAMP_NOBEGIN;
        return DATETIME_OK;
    }
    if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
        return DATETIME_DATE_TOO_BIG_FOR_TIMESTAMP;
    *out = (int64_t)d * USECS_PER_DAY;
    return DATETIME_OK;
}

datetime_status date_to_timestamptz(const datetime_context *ctx, dt_date d, dt_timestamp *out)
{
    if (!date_finite(d))
        return date_to_timestamp(d, out);
    if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
        return DATETIME_DATE_TOO_BIG_FOR_TIMESTAMP;
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    tm_clear(&tm);
    j2date((int64_t)d + POSTGRES_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    int64_t result =
        (int64_t)d * USECS_PER_DAY - (int64_t)zone_local_offset(z, &tm) * USECS_PER_SEC;
    if (!valid_timestamp(result))
        return DATETIME_DATE_TOO_BIG_FOR_TIMESTAMP;
    *out = result;
    return DATETIME_OK;
}

static dt_date tm_date(const dt_tm *tm)
{
    return (dt_date)(date2j(tm->year, tm->mon, tm->mday) - POSTGRES_EPOCH_JDATE);
}

datetime_status timestamp_to_date(dt_timestamp ts, dt_date *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts == DT_TIMESTAMP_NOEND ? DT_DATE_NOEND : DT_DATE_NOBEGIN;
        return DATETIME_OK;
    }
    dt_tm tm;
    timestamp_to_tm(ts, &tm);
    *out = tm_date(&tm);
    return DATETIME_OK;
}

datetime_status timestamptz_to_date(const datetime_context *ctx, dt_timestamp ts, dt_date *out)
{
    if (!timestamp_finite(ts))
        return timestamp_to_date(ts, out);
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    *out = tm_date(&tm);
    return DATETIME_OK;
}

datetime_status timestamp_to_timestamptz(const datetime_context *ctx, dt_timestamp ts,
                                         dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm(ts, &tm);
    return tm_zone_to_timestamp(&tm, z, out) ? DATETIME_OK : DATETIME_TIMESTAMP_OUT_OF_RANGE;
}

datetime_status timestamptz_to_timestamp(const datetime_context *ctx, dt_timestamp ts,
                                         dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    return tm_to_timestamp(&tm, false, 0, out) ? DATETIME_OK : DATETIME_TIMESTAMP_OUT_OF_RANGE;
}

/* ===================================================================================
 * Arithmetic and comparison.
 * =================================================================================== */

datetime_status date_add_days(dt_date d, int32_t days, dt_date *out)
{
    if (!date_finite(d)) {
        *out = d;
        return DATETIME_OK;
    }
    int64_t result = (int64_t)d + days;
    if (!valid_date(result))
        return DATETIME_DATE_OUT_OF_RANGE;
    *out = (dt_date)result;
    return DATETIME_OK;
}

datetime_status date_sub_days(dt_date d, int32_t days, dt_date *out)
{
    if (!date_finite(d)) {
        *out = d;
        return DATETIME_OK;
    }
    int64_t result = (int64_t)d - days;
    if (!valid_date(result))
        return DATETIME_DATE_OUT_OF_RANGE;
    *out = (dt_date)result;
    return DATETIME_OK;
}

datetime_status date_diff(dt_date a, dt_date b, int32_t *out)
{
    if (!date_finite(a) || !date_finite(b))
        return DATETIME_INFINITE_DATE_SUBTRACT;
    *out = a - b;
    return DATETIME_OK;
}

/* Local time in zone z, or plain wall-clock time when z is NULL, and back. */
static void timestamp_to_local_tm(const tz_zone *z, dt_timestamp ts, dt_tm *tm)
{
    if (z != NULL)
        timestamp_to_tm_zone(ts, z, tm);
    else
        timestamp_to_tm(ts, tm);
}

static bool local_tm_to_timestamp(const tz_zone *z, const dt_tm *tm, dt_timestamp *out)
{
    return z != NULL ? tm_zone_to_timestamp(tm, z, out) : tm_to_timestamp(tm, false, 0, out);
}

/*
 * ts + iv with the calendar arithmetic done on local time: in zone z, or as plain
 * wall-clock time when z is NULL (PostgreSQL's timestamp_pl_interval and
 * timestamptz_pl_interval).
 */
static datetime_status add_interval(const tz_zone *z, dt_timestamp ts, const dt_interval *iv,
                                    bool subtract, dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    int sign = subtract ? -1 : 1;
    int64_t months = sign * (int64_t)iv->month;
    int64_t days = sign * (int64_t)iv->day;
    int64_t time;
    if (__builtin_mul_overflow(iv->time, (int64_t)sign, &time))
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    dt_tm tm;
    if (months != 0) {
        timestamp_to_local_tm(z, ts, &tm);
        int64_t mon = (int64_t)tm.mon - 1 + months;
        int64_t year = tm.year + floor_div(mon, MONTHS_PER_YEAR);
        if (year > INT_MAX || year < INT_MIN)
            return DATETIME_TIMESTAMP_OUT_OF_RANGE;
        tm.year = (int)year;
        tm.mon = (int)(mon - floor_div(mon, MONTHS_PER_YEAR) * MONTHS_PER_YEAR) + 1;
        /* The 31st plus a month is the last day of the shorter month. */
        if (tm.mday > day_tab[is_leap(tm.year)][tm.mon - 1])
            tm.mday = day_tab[is_leap(tm.year)][tm.mon - 1];
        if (!local_tm_to_timestamp(z, &tm, &ts))
            return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    }
    if (days != 0) {
        timestamp_to_local_tm(z, ts, &tm);
        j2date(date2j(tm.year, tm.mon, tm.mday) + days, &tm.year, &tm.mon, &tm.mday);
        if (!local_tm_to_timestamp(z, &tm, &ts))
            return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    }
    if (__builtin_add_overflow(ts, time, &ts) || !valid_timestamp(ts))
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    *out = ts;
    return DATETIME_OK;
}

datetime_status interval_negate(const dt_interval *x, dt_interval *out)
{
    if (x->time == INT64_MIN || x->day == INT32_MIN || x->month == INT32_MIN)
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    out->time = -x->time;
    out->day = -x->day;
    out->month = -x->month;
    return DATETIME_OK;
}

datetime_status timestamp_add_interval(dt_timestamp ts, const dt_interval *iv, dt_timestamp *out)
{
    return add_interval(NULL, ts, iv, false, out);
}

datetime_status timestamp_sub_interval(dt_timestamp ts, const dt_interval *iv, dt_timestamp *out)
{
    return add_interval(NULL, ts, iv, true, out);
}

datetime_status timestamptz_add_interval(const datetime_context *ctx, dt_timestamp ts,
                                         const dt_interval *iv, dt_timestamp *out)
{
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    return st == DATETIME_OK ? add_interval(z, ts, iv, false, out) : st;
}

datetime_status timestamptz_sub_interval(const datetime_context *ctx, dt_timestamp ts,
                                         const dt_interval *iv, dt_timestamp *out)
{
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    return st == DATETIME_OK ? add_interval(z, ts, iv, true, out) : st;
}

datetime_status date_add_interval(dt_date d, const dt_interval *iv, dt_timestamp *out)
{
    dt_timestamp ts;
    datetime_status st = date_to_timestamp(d, &ts);
    return st == DATETIME_OK ? add_interval(NULL, ts, iv, false, out) : st;
}

datetime_status date_sub_interval(dt_date d, const dt_interval *iv, dt_timestamp *out)
{
    dt_timestamp ts;
    datetime_status st = date_to_timestamp(d, &ts);
    return st == DATETIME_OK ? add_interval(NULL, ts, iv, true, out) : st;
}

datetime_status interval_justify_hours(const dt_interval *x, dt_interval *out)
{
    dt_interval r = *x;
    int64_t wholeday = r.time / USECS_PER_DAY;
    r.time -= wholeday * USECS_PER_DAY;
    /* |time| < 2^63 microseconds is ~106751991 days, so wholeday fits an int32. */
    if (__builtin_add_overflow(r.day, (int32_t)wholeday, &r.day))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    if (r.day > 0 && r.time < 0) {
        r.time += USECS_PER_DAY;
        r.day--;
    } else if (r.day < 0 && r.time > 0) {
        r.time -= USECS_PER_DAY;
        r.day++;
    }
    *out = r;
    return DATETIME_OK;
}

datetime_status interval_justify_days(const dt_interval *x, dt_interval *out)
{
    dt_interval r = *x;
    int32_t wholemonth = r.day / DAYS_PER_MONTH;
    r.day -= wholemonth * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.month, wholemonth, &r.month))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    if (r.month > 0 && r.day < 0) {
        r.day += DAYS_PER_MONTH;
        r.month--;
    } else if (r.month < 0 && r.day > 0) {
        r.day -= DAYS_PER_MONTH;
        r.month++;
    }
    *out = r;
    return DATETIME_OK;
}

/* justify_days and justify_hours together, signs made consistent across all three
 * fields (PostgreSQL's interval_justify_interval). */
datetime_status interval_justify_interval(const dt_interval *x, dt_interval *out)
{
    dt_interval r = *x;
    int64_t wholeday = r.time / USECS_PER_DAY;
    r.time -= wholeday * USECS_PER_DAY;
    /* day + wholeday may exceed int32 before the months absorb it. */
    int64_t days = (int64_t)r.day + wholeday;
    int64_t wholemonth = days / DAYS_PER_MONTH;
    days -= wholemonth * DAYS_PER_MONTH;
    if (__builtin_add_overflow(r.month, wholemonth, &r.month))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    r.day = (int32_t)days;
    if (r.month > 0 && (r.day < 0 || (r.day == 0 && r.time < 0))) {
        r.day += DAYS_PER_MONTH;
        r.month--;
    } else if (r.month < 0 && (r.day > 0 || (r.day == 0 && r.time > 0))) {
        r.day -= DAYS_PER_MONTH;
        r.month++;
    }
    if (r.day > 0 && r.time < 0) {
        r.time += USECS_PER_DAY;
        r.day--;
    } else if (r.day < 0 && r.time > 0) {
        r.time -= USECS_PER_DAY;
        r.day++;
    }
    *out = r;
    return DATETIME_OK;
}

datetime_status timestamp_diff(dt_timestamp a, dt_timestamp b, dt_interval *out)
{
    if (!timestamp_finite(a) || !timestamp_finite(b))
        return DATETIME_INFINITE_TIMESTAMP_SUBTRACT;
    dt_interval r = {0, 0, 0};
    if (__builtin_sub_overflow(a, b, &r.time))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    return interval_justify_hours(&r, out);
}

datetime_status interval_add(const dt_interval *x, const dt_interval *y, dt_interval *out)
{
    dt_interval r;
    if (__builtin_add_overflow(x->month, y->month, &r.month) ||
        __builtin_add_overflow(x->day, y->day, &r.day) ||
        __builtin_add_overflow(x->time, y->time, &r.time))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    *out = r;
    return DATETIME_OK;
}

datetime_status interval_sub(const dt_interval *x, const dt_interval *y, dt_interval *out)
{
    dt_interval r;
    if (__builtin_sub_overflow(x->month, y->month, &r.month) ||
        __builtin_sub_overflow(x->day, y->day, &r.day) ||
        __builtin_sub_overflow(x->time, y->time, &r.time))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    *out = r;
    return DATETIME_OK;
}

static bool fits_int32(double v)
{
    return !isnan(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/* Rounds to microsecond precision in units of seconds (PostgreSQL's TSROUND), so that
 * products meant to be whole come out whole. */
static double ts_round(double v)
{
    return rint(v * 1000000.0) / 1000000.0;
}

/*
 * interval * factor, or interval / factor when `divide` (PostgreSQL's interval_mul and
 * interval_div; dividing is not multiplying by the reciprocal in floating point).
 * Fractions move down only: a month's fraction to days at 30 days a month, a day's to
 * time.
 */
static datetime_status interval_scale(const dt_interval *x, double factor, bool divide,
                                      dt_interval *out)
{
    dt_interval r;
    double month = divide ? x->month / factor : x->month * factor;
    double day = divide ? x->day / factor : x->day * factor;
    if (!fits_int32(month) || !fits_int32(day))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    r.month = (int32_t)month;
    r.day = (int32_t)day;
    double month_remainder_days = ts_round((month - r.month) * DAYS_PER_MONTH);
    double sec_remainder =
        ts_round((day - r.day + month_remainder_days - (int)month_remainder_days) * SECS_PER_DAY);
    /* Rounding or the cascade may leave a day or more of seconds. */
    if (fabs(sec_remainder) >= SECS_PER_DAY) {
        if (__builtin_add_overflow(r.day, (int)(sec_remainder / SECS_PER_DAY), &r.day))
            return DATETIME_INTERVAL_OUT_OF_RANGE;
        sec_remainder -= (int)(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY;
    }
    if (__builtin_add_overflow(r.day, (int32_t)month_remainder_days, &r.day))
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    double time = divide ? (double)x->time / factor : (double)x->time * factor;
    time = rint(time + sec_remainder * (double)USECS_PER_SEC);
    /* 2^63 is exactly representable; anything at or beyond it does not fit. */
    if (isnan(time) || time < -9223372036854775808.0 || time >= 9223372036854775808.0)
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    r.time = (int64_t)time;
    *out = r;
    return DATETIME_OK;
}

datetime_status interval_mul(const dt_interval *x, double factor, dt_interval *out)
{
    return interval_scale(x, factor, false, out);
}

datetime_status interval_div(const dt_interval *x, double divisor, dt_interval *out)
{
    return interval_scale(x, divisor, true, out);
}

int date_compare(dt_date a, dt_date b)
{
    return (a > b) - (a < b);
}

int timestamp_compare(dt_timestamp a, dt_timestamp b)
{
    return (a > b) - (a < b);
}

int interval_compare(const dt_interval *a, const dt_interval *b)
{
    /* 128 bits hold months * 30 days of microseconds without overflow. */
    __int128 x = (__int128)a->time + ((__int128)a->day + (__int128)a->month * DAYS_PER_MONTH) *
                                         USECS_PER_DAY;
    __int128 y = (__int128)b->time + ((__int128)b->day + (__int128)b->month * DAYS_PER_MONTH) *
                                         USECS_PER_DAY;
    return (x > y) - (x < y);
}

/* ===================================================================================
 * date_trunc, extract / date_part, age.
 * =================================================================================== */

/*
 * A unit name as date_trunc and extract read it: lowercased and cut like an identifier,
 * then looked up among the interval units and, for extract, also among the date words
 * ("epoch", "dow", "julian", ...). *type is TK_UNKNOWN when nothing matches.
 */
static void unit_lookup(const char *units, size_t len, bool with_date_words, int *type,
                        int *value)
{
    char lower[NAMEDATALEN_MAX + 1];
    size_t n = len < NAMEDATALEN_MAX ? len : NAMEDATALEN_MAX;
    for (size_t i = 0; i < n; i++)
        lower[i] = to_lower(units[i]);
    lower[n] = '\0';
    const dt_token *t = token_lookup(lower, delta_tokens, N_DELTA_TOKENS);
    if (t == NULL && with_date_words)
        t = token_lookup(lower, date_tokens, N_DATE_TOKENS);
    *type = t != NULL ? t->type : TK_UNKNOWN;
    *value = t != NULL ? t->value : 0;
}

/* Truncates broken-down local time to `unit` (PostgreSQL's timestamp_trunc switch).
 * *redo_zone says whether the zone offset must be worked out again (day or coarser). */
static datetime_status trunc_tm(int unit, dt_tm *tm, bool *redo_zone)
{
    *redo_zone = false;
    switch (unit) {
    case U_WEEK: {
        int week;
        int iso_year;
        iso_week(tm->year, tm->mon, tm->mday, &week, &iso_year);
        j2date(isoweek2j(iso_year, week), &tm->year, &tm->mon, &tm->mday);
        tm->hour = 0;
        tm->min = 0;
        tm->sec = 0;
        tm->usec = 0;
        *redo_zone = true;
        return DATETIME_OK;
    }
    case U_MILLENNIUM:
        /* Millennia and centuries start with year 1: 2001, 1901; BC ones mirror that. */
        tm->year = tm->year > 0 ? ((tm->year + 999) / 1000) * 1000 - 999
                                : -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
        /* fall through */
    case U_CENTURY:
        tm->year = tm->year > 0 ? ((tm->year + 99) / 100) * 100 - 99
                                : -((99 - (tm->year - 1)) / 100) * 100 + 1;
        /* fall through */
    case U_DECADE:
        if (unit == U_DECADE)
            tm->year = tm->year > 0 ? (tm->year / 10) * 10 : -((8 - (tm->year - 1)) / 10) * 10;
        /* fall through */
    case U_YEAR:
        tm->mon = 1;
        /* fall through */
    case U_QUARTER:
        tm->mon = 3 * ((tm->mon - 1) / 3) + 1;
        /* fall through */
    case U_MONTH:
        tm->mday = 1;
        /* fall through */
    case U_DAY:
        tm->hour = 0;
        *redo_zone = true;
        /* fall through */
    case U_HOUR:
        tm->min = 0;
        /* fall through */
    case U_MINUTE:
        tm->sec = 0;
        /* fall through */
    case U_SECOND:
        tm->usec = 0;
        return DATETIME_OK;
    case U_MILLISEC:
        tm->usec = (tm->usec / 1000) * 1000;
        return DATETIME_OK;
    case U_MICROSEC:
        return DATETIME_OK;
    default:
        return DATETIME_UNITS_NOT_SUPPORTED;
    }
}

datetime_status timestamp_trunc(const char *units, size_t len, dt_timestamp ts,
                                dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    int type;
    int unit;
    unit_lookup(units, len, false, &type, &unit);
    if (type != TK_UNITS)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    dt_tm tm;
    timestamp_to_tm(ts, &tm);
    bool redo_zone;
    datetime_status st = trunc_tm(unit, &tm, &redo_zone);
    if (st != DATETIME_OK)
        return st;
    return tm_to_timestamp(&tm, false, 0, out) ? DATETIME_OK : DATETIME_TIMESTAMP_OUT_OF_RANGE;
}

datetime_status timestamptz_trunc(const datetime_context *ctx, const char *units, size_t len,
                                  dt_timestamp ts, dt_timestamp *out)
{
    if (!timestamp_finite(ts)) {
        *out = ts;
        return DATETIME_OK;
    }
    int type;
    int unit;
    unit_lookup(units, len, false, &type, &unit);
    if (type != TK_UNITS)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    bool redo_zone;
    st = trunc_tm(unit, &tm, &redo_zone);
    if (st != DATETIME_OK)
        return st;
    /* Below a day the offset of the original instant stays, so truncating 02:30 in a
     * repeated hour keeps the instant's own side of the change. */
    int32_t gmtoff = redo_zone ? zone_local_offset(z, &tm) : tm.gmtoff;
    return tm_to_timestamp(&tm, true, gmtoff, out) ? DATETIME_OK
                                                   : DATETIME_TIMESTAMP_OUT_OF_RANGE;
}

datetime_status interval_trunc(const char *units, size_t len, const dt_interval *iv,
                               dt_interval *out)
{
    int type;
    int unit;
    unit_lookup(units, len, false, &type, &unit);
    if (type != TK_UNITS)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    itm t;
    interval_to_itm(iv, &t);
    switch (unit) {
    case U_MILLENNIUM:
        t.year = (t.year / 1000) * 1000;
        /* fall through */
    case U_CENTURY:
        t.year = (t.year / 100) * 100;
        /* fall through */
    case U_DECADE:
        t.year = (t.year / 10) * 10;
        /* fall through */
    case U_YEAR:
        t.mon = 0;
        /* fall through */
    case U_QUARTER:
        t.mon = 3 * (t.mon / 3);
        /* fall through */
    case U_MONTH:
        t.mday = 0;
        /* fall through */
    case U_DAY:
        t.hour = 0;
        /* fall through */
    case U_HOUR:
        t.min = 0;
        /* fall through */
    case U_MINUTE:
        t.sec = 0;
        /* fall through */
    case U_SECOND:
        t.usec = 0;
        break;
    case U_MILLISEC:
        t.usec = (t.usec / 1000) * 1000;
        break;
    case U_MICROSEC:
        break;
    default:
        return DATETIME_UNITS_NOT_SUPPORTED;
    }
    /* Truncation only moves toward zero, so the parts still fit. */
    out->month = t.year * MONTHS_PER_YEAR + t.mon;
    out->day = t.mday;
    out->time = t.hour * USECS_PER_HOUR + t.min * USECS_PER_MINUTE + t.sec * USECS_PER_SEC + t.usec;
    return DATETIME_OK;
}

/* --- extract / date_part. */

/* An integer field value. */
static datetime_status field_int(arena *a, int64_t v, datetime_field *out)
{
    out->kind = DATETIME_FIELD_FINITE;
    out->float8 = (double)v;
    out->numeric = arena_printf(a, "%lld", (long long)v);
    return out->numeric == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

/* The exact decimal v / 10^scale with `scale` digits after the point, as PostgreSQL's
 * int64_div_fast_to_numeric prints. */
static const char *decimal_text(arena *a, __int128 v, int scale)
{
    char digits[48];
    int n = 0;
    bool negative = v < 0;
    unsigned __int128 u = negative ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0 || n <= scale);
    strbuf sb;
    sb_init(&sb, a, (size_t)n + 4);
    if (negative)
        sb_putc(&sb, '-');
    for (int i = n - 1; i >= 0; i--) {
        sb_putc(&sb, digits[i]);
        if (i == scale && scale > 0)
            sb_putc(&sb, '.');
    }
    char *s;
    return sb_finish(&sb, &s) == DATETIME_OK ? s : NULL;
}

static datetime_status field_decimal(arena *a, __int128 v, int scale, double float8,
                                     datetime_field *out)
{
    out->kind = DATETIME_FIELD_FINITE;
    out->float8 = float8;
    out->numeric = decimal_text(a, v, scale);
    return out->numeric == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

static void field_special(datetime_field_kind kind, datetime_field *out)
{
    out->kind = kind;
    out->numeric = NULL;
    out->float8 = kind == DATETIME_FIELD_POS_INFINITY   ? INFINITY
                  : kind == DATETIME_FIELD_NEG_INFINITY ? -INFINITY
                                                        : 0;
}

/*
 * The Julian date with the time of day as a fraction: date2j + usecs / 86400000000.
 * PostgreSQL computes the quotient in numeric, whose division keeps at least 16
 * significant digits (select_div_scale) and rounds half away from zero; this does the
 * same in integer arithmetic.
 */
static datetime_status field_julian(arena *a, int64_t jd, int64_t usecs, double float8,
                                    datetime_field *out)
{
    /* Base-10000 weight and leading digit of the dividend, as numeric stores it; the
     * divisor 86400000000 has weight 2 and leading digit 864. */
    int weight = 0;
    int64_t first = 0;
    if (usecs > 0) {
        first = usecs;
        while (first >= 10000) {
            first /= 10000;
            weight++;
        }
    }
    int qweight = weight - 2 - (first <= 864 ? 1 : 0);
    int rscale = 16 - qweight * 4;
    if (rscale < 0)
        rscale = 0;
    /* Long division, one decimal digit at a time, plus one digit for rounding. */
    char frac[64];
    int64_t rem = usecs;
    for (int i = 0; i <= rscale; i++) {
        rem *= 10;
        frac[i] = (char)('0' + rem / USECS_PER_DAY);
        rem %= USECS_PER_DAY;
    }
    bool round_up = frac[rscale] >= '5';
    for (int i = rscale - 1; round_up && i >= 0; i--) {
        round_up = frac[i] == '9';
        frac[i] = round_up ? '0' : (char)(frac[i] + 1);
    }
    if (round_up)
        jd++;
    out->kind = DATETIME_FIELD_FINITE;
    out->float8 = float8;
    out->numeric = arena_printf(a, "%lld%s%.*s", (long long)jd, rscale > 0 ? "." : "", rscale,
                                frac);
    return out->numeric == NULL ? DATETIME_NO_MEMORY : DATETIME_OK;
}

/* Fields whose value grows with time report +/-infinity for infinite inputs; the others
 * have no value (PostgreSQL's NonFiniteTimestampTzPart). */
static datetime_status infinite_part(int unit, bool negative, datetime_field *out)
{
    switch (unit) {
    case U_MICROSEC:
    case U_MILLISEC:
    case U_SECOND:
    case U_MINUTE:
    case U_HOUR:
    case U_DAY:
    case U_MONTH:
    case U_QUARTER:
    case U_WEEK:
    case U_DOW:
    case U_ISODOW:
    case U_DOY:
    case U_TZ:
    case U_TZ_MINUTE:
    case U_TZ_HOUR:
        field_special(DATETIME_FIELD_NULL, out);
        return DATETIME_OK;
    case U_YEAR:
    case U_DECADE:
    case U_CENTURY:
    case U_MILLENNIUM:
    case U_JULIAN:
    case U_ISOYEAR:
    case R_EPOCH:
        field_special(negative ? DATETIME_FIELD_NEG_INFINITY : DATETIME_FIELD_POS_INFINITY, out);
        return DATETIME_OK;
    default:
        return DATETIME_UNITS_NOT_SUPPORTED;
    }
}

/* Calendar fields shared by timestamps and dates; false for a unit not among them. */
static bool calendar_part(int unit, const dt_tm *tm, int64_t *v)
{
    int week;
    int iso_year;
    switch (unit) {
    case U_DAY:
        *v = tm->mday;
        return true;
    case U_MONTH:
        *v = tm->mon;
        return true;
    case U_QUARTER:
        *v = (tm->mon - 1) / 3 + 1;
        return true;
    case U_WEEK:
        iso_week(tm->year, tm->mon, tm->mday, &week, &iso_year);
        *v = week;
        return true;
    case U_YEAR:
        /* There is no year 0: 1 BC is -1. */
        *v = tm->year > 0 ? tm->year : tm->year - 1;
        return true;
    case U_DECADE:
        *v = tm->year >= 0 ? tm->year / 10 : -((8 - (tm->year - 1)) / 10);
        return true;
    case U_CENTURY:
        *v = tm->year > 0 ? (tm->year + 99) / 100 : -((99 - (tm->year - 1)) / 100);
        return true;
    case U_MILLENNIUM:
        *v = tm->year > 0 ? (tm->year + 999) / 1000 : -((999 - (tm->year - 1)) / 1000);
        return true;
    case U_ISOYEAR:
        iso_week(tm->year, tm->mon, tm->mday, &week, &iso_year);
        *v = iso_year > 0 ? iso_year : iso_year - 1;
        return true;
    case U_DOW:
    case U_ISODOW:
        *v = j2day(date2j(tm->year, tm->mon, tm->mday));
        if (unit == U_ISODOW && *v == 0)
            *v = 7;
        return true;
    case U_DOY:
        *v = date2j(tm->year, tm->mon, tm->mday) - date2j(tm->year, 1, 1) + 1;
        return true;
    default:
        return false;
    }
}

/* Seconds since 1970 of a timestamp: exact, scale 6, and as date_part's double. */
static datetime_status epoch_part(arena *a, dt_timestamp ts, datetime_field *out)
{
    __int128 v = (__int128)ts - DT_UNIX_EPOCH_TIMESTAMP;
    if (ts < INT64_MAX + DT_UNIX_EPOCH_TIMESTAMP)
        return field_decimal(a, v, 6, (double)(ts - DT_UNIX_EPOCH_TIMESTAMP) / 1000000.0, out);
    /* Past the int64 range PostgreSQL divides in numeric, which for these 19-digit
     * values keeps 4 decimals (select_div_scale) before rounding to 6: round to 100
     * microseconds, half away from zero (v is positive here). */
    v = (v + 50) / 100 * 100;
    return field_decimal(a, v, 6, ((double)ts - (double)DT_UNIX_EPOCH_TIMESTAMP) / 1000000.0, out);
}

static datetime_status timestamp_part(arena *a, const tz_zone *z, const char *units, size_t len,
                                      dt_timestamp ts, datetime_field *out)
{
    int type;
    int unit;
    unit_lookup(units, len, true, &type, &unit);
    if (type != TK_UNITS && type != TK_RESERV)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    if (!timestamp_finite(ts))
        return infinite_part(unit, ts == DT_TIMESTAMP_NOBEGIN, out);
    if (type == TK_RESERV)
        return unit == R_EPOCH ? epoch_part(a, ts, out) : DATETIME_UNITS_NOT_SUPPORTED;
    dt_tm tm;
    timestamp_to_local_tm(z, ts, &tm);
    int64_t usec_in_minute = tm.sec * USECS_PER_SEC + tm.usec;
    int64_t v;
    if (calendar_part(unit, &tm, &v))
        return field_int(a, v, out);
    switch (unit) {
    case U_MICROSEC:
        return field_int(a, usec_in_minute, out);
    case U_MILLISEC:
        return field_decimal(a, usec_in_minute, 3, tm.sec * 1000.0 + tm.usec / 1000.0, out);
    case U_SECOND:
        return field_decimal(a, usec_in_minute, 6, tm.sec + tm.usec / 1000000.0, out);
    case U_MINUTE:
        return field_int(a, tm.min, out);
    case U_HOUR:
        return field_int(a, tm.hour, out);
    case U_JULIAN: {
        int64_t jd = date2j(tm.year, tm.mon, tm.mday);
        double d = (double)jd + (((tm.hour * MINS_PER_HOUR) + tm.min) * SECS_PER_MINUTE + tm.sec +
                                 tm.usec / 1000000.0) /
                                    (double)SECS_PER_DAY;
        return field_julian(a, jd, tm_time_usecs(&tm), d, out);
    }
    case U_TZ:
        if (z == NULL)
            return DATETIME_UNITS_NOT_SUPPORTED;
        return field_int(a, tm.gmtoff, out);
    case U_TZ_MINUTE:
        if (z == NULL)
            return DATETIME_UNITS_NOT_SUPPORTED;
        return field_int(a, (tm.gmtoff / SECS_PER_MINUTE) % MINS_PER_HOUR, out);
    case U_TZ_HOUR:
        if (z == NULL)
            return DATETIME_UNITS_NOT_SUPPORTED;
        return field_int(a, tm.gmtoff / SECS_PER_HOUR, out);
    default:
        return DATETIME_UNITS_NOT_SUPPORTED;
    }
}

datetime_status timestamp_extract(arena *a, const char *units, size_t len, dt_timestamp ts,
                                  datetime_field *out)
{
    return timestamp_part(a, NULL, units, len, ts, out);
}

datetime_status timestamptz_extract(arena *a, const datetime_context *ctx, const char *units,
                                    size_t len, dt_timestamp ts, datetime_field *out)
{
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    return st == DATETIME_OK ? timestamp_part(a, z, units, len, ts, out) : st;
}

datetime_status date_extract(arena *a, const char *units, size_t len, dt_date d,
                             datetime_field *out)
{
    int type;
    int unit;
    unit_lookup(units, len, true, &type, &unit);
    if (type != TK_UNITS && type != TK_RESERV)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    if (!date_finite(d)) {
        switch (unit) {
        case U_DAY:
        case U_MONTH:
        case U_QUARTER:
        case U_WEEK:
        case U_DOW:
        case U_ISODOW:
        case U_DOY:
            field_special(DATETIME_FIELD_NULL, out);
            return DATETIME_OK;
        case U_YEAR:
        case U_DECADE:
        case U_CENTURY:
        case U_MILLENNIUM:
        case U_JULIAN:
        case U_ISOYEAR:
        case R_EPOCH:
            field_special(d == DT_DATE_NOBEGIN ? DATETIME_FIELD_NEG_INFINITY
                                               : DATETIME_FIELD_POS_INFINITY,
                          out);
            return DATETIME_OK;
        default:
            return DATETIME_UNITS_NOT_SUPPORTED;
        }
    }
    if (type == TK_RESERV) {
        if (unit != R_EPOCH)
            return DATETIME_UNITS_NOT_SUPPORTED;
        return field_int(a, ((int64_t)d + EPOCH_DIFF_DAYS) * SECS_PER_DAY, out);
    }
    if (unit == U_JULIAN)
        return field_int(a, (int64_t)d + POSTGRES_EPOCH_JDATE, out);
    dt_tm tm;
    tm_clear(&tm);
    j2date((int64_t)d + POSTGRES_EPOCH_JDATE, &tm.year, &tm.mon, &tm.mday);
    int64_t v;
    if (!calendar_part(unit, &tm, &v))
        return DATETIME_UNITS_NOT_SUPPORTED;
    return field_int(a, v, out);
}

datetime_status interval_extract(arena *a, const char *units, size_t len,
                                 const dt_interval *iv, datetime_field *out)
{
    int type;
    int unit;
    unit_lookup(units, len, true, &type, &unit);
    if (type == TK_RESERV && unit == R_EPOCH) {
        /* A year counts 365.25 days, a month 30; computed at four times the size so that
         * the quarter days stay whole. */
        int64_t secs_from_day_month =
            ((int64_t)(4 * 365.25) * (iv->month / MONTHS_PER_YEAR) +
             (int64_t)(4 * DAYS_PER_MONTH) * (iv->month % MONTHS_PER_YEAR) + (int64_t)4 * iv->day) *
            (SECS_PER_DAY / 4);
        __int128 v = (__int128)secs_from_day_month * USECS_PER_SEC + iv->time;
        double d = iv->time / 1000000.0;
        d += (365.25 * SECS_PER_DAY) * (iv->month / MONTHS_PER_YEAR);
        d += ((double)DAYS_PER_MONTH * SECS_PER_DAY) * (iv->month % MONTHS_PER_YEAR);
        d += (double)SECS_PER_DAY * iv->day;
        return field_decimal(a, v, 6, d, out);
    }
    if (type != TK_UNITS)
        return DATETIME_UNITS_NOT_RECOGNIZED;
    itm t;
    interval_to_itm(iv, &t);
    int64_t usec_in_minute = t.sec * USECS_PER_SEC + t.usec;
    switch (unit) {
    case U_MICROSEC:
        return field_int(a, usec_in_minute, out);
    case U_MILLISEC:
        return field_decimal(a, usec_in_minute, 3, t.sec * 1000.0 + t.usec / 1000.0, out);
    case U_SECOND:
        return field_decimal(a, usec_in_minute, 6, t.sec + t.usec / 1000000.0, out);
    case U_MINUTE:
        return field_int(a, t.min, out);
    case U_HOUR:
        return field_int(a, t.hour, out);
    case U_DAY:
        return field_int(a, t.mday, out);
    case U_MONTH:
        return field_int(a, t.mon, out);
    case U_QUARTER:
        return field_int(a, t.mon / 3 + 1, out);
    case U_YEAR:
        return field_int(a, t.year, out);
    case U_DECADE:
        return field_int(a, t.year / 10, out);
    case U_CENTURY:
        return field_int(a, t.year / 100, out);
    case U_MILLENNIUM:
        return field_int(a, t.year / 1000, out);
    default:
        return DATETIME_UNITS_NOT_SUPPORTED;
    }
}

/* --- age. */

/*
 * The symbolic difference a - b of two broken-down times: field by field, negative
 * fields borrowing from the next larger one, a borrowed month being as long as the
 * month of the earlier value (PostgreSQL's timestamp_age).
 */
static datetime_status age_tm(const dt_tm *tm1, const dt_tm *tm2, bool a_before_b,
                              dt_interval *out)
{
    int64_t usec = tm1->usec - tm2->usec;
    int64_t sec = tm1->sec - tm2->sec;
    int64_t min = tm1->min - tm2->min;
    int64_t hour = tm1->hour - tm2->hour;
    int64_t mday = tm1->mday - tm2->mday;
    int64_t mon = tm1->mon - tm2->mon;
    int64_t year = (int64_t)tm1->year - tm2->year;
    int sign = a_before_b ? -1 : 1;
    usec *= sign;
    sec *= sign;
    min *= sign;
    hour *= sign;
    mday *= sign;
    mon *= sign;
    year *= sign;
    while (usec < 0) {
        usec += USECS_PER_SEC;
        sec--;
    }
    while (sec < 0) {
        sec += SECS_PER_MINUTE;
        min--;
    }
    while (min < 0) {
        min += MINS_PER_HOUR;
        hour--;
    }
    while (hour < 0) {
        hour += HOURS_PER_DAY;
        mday--;
    }
    const dt_tm *earlier = a_before_b ? tm1 : tm2;
    while (mday < 0) {
        mday += day_tab[is_leap(earlier->year)][earlier->mon - 1];
        mon--;
    }
    while (mon < 0) {
        mon += MONTHS_PER_YEAR;
        year--;
    }
    int64_t months = (year * MONTHS_PER_YEAR + mon) * sign;
    if (months > INT32_MAX || months < INT32_MIN)
        return DATETIME_INTERVAL_OUT_OF_RANGE;
    out->month = (int32_t)months;
    out->day = (int32_t)(mday * sign);
    out->time =
        (((hour * MINS_PER_HOUR + min) * SECS_PER_MINUTE + sec) * USECS_PER_SEC + usec) * sign;
    return DATETIME_OK;
}

/* PostgreSQL 15's age() does not test for infinity: 'infinity' is broken down as the
 * largest int64 (a date in 294277), '-infinity' lies before Julian day 0 and fails. */
datetime_status timestamp_age(dt_timestamp a, dt_timestamp b, dt_interval *out)
{
    if (a == DT_TIMESTAMP_NOBEGIN || b == DT_TIMESTAMP_NOBEGIN)
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    dt_tm tm1;
    dt_tm tm2;
    timestamp_to_tm(a, &tm1);
    timestamp_to_tm(b, &tm2);
    return age_tm(&tm1, &tm2, a < b, out);
}

datetime_status timestamptz_age(const datetime_context *ctx, dt_timestamp a, dt_timestamp b,
                                dt_interval *out)
{
    if (a == DT_TIMESTAMP_NOBEGIN || b == DT_TIMESTAMP_NOBEGIN)
        return DATETIME_TIMESTAMP_OUT_OF_RANGE;
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm1;
    dt_tm tm2;
    timestamp_to_tm_zone(a, z, &tm1);
    timestamp_to_tm_zone(b, z, &tm2);
    return age_tm(&tm1, &tm2, a < b, out);
}

/* current_date, the session's local date of ctx->now. */
static datetime_status current_date(const datetime_context *ctx, dt_date *out)
{
    return timestamptz_to_date(ctx, ctx->now, out);
}

datetime_status timestamp_age_now(const datetime_context *ctx, dt_timestamp ts,
                                  dt_interval *out)
{
    dt_date today;
    dt_timestamp midnight;
    datetime_status st = current_date(ctx, &today);
    if (st == DATETIME_OK)
        st = date_to_timestamp(today, &midnight);
    return st == DATETIME_OK ? timestamp_age(midnight, ts, out) : st;
}

datetime_status timestamptz_age_now(const datetime_context *ctx, dt_timestamp ts,
                                    dt_interval *out)
{
    dt_date today;
    dt_timestamp midnight;
    datetime_status st = current_date(ctx, &today);
    if (st == DATETIME_OK)
        st = date_to_timestamptz(ctx, today, &midnight);
    return st == DATETIME_OK ? timestamptz_age(ctx, midnight, ts, out) : st;
}

/* ===================================================================================
 * to_char, PostgreSQL's DCH formatting for the output direction.
 * =================================================================================== */

typedef enum dch_id {
    DCH_A_D, DCH_A_M, DCH_AD, DCH_AM, DCH_B_C, DCH_BC, DCH_CC, DCH_DAY, DCH_DDD, DCH_DD,
    DCH_DY, DCH_Day, DCH_Dy, DCH_D, DCH_FF1, DCH_FF2, DCH_FF3, DCH_FF4, DCH_FF5, DCH_FF6,
    DCH_FX, DCH_HH24, DCH_HH12, DCH_HH, DCH_IDDD, DCH_ID, DCH_IW, DCH_IYYY, DCH_IYY, DCH_IY,
    DCH_I, DCH_J, DCH_MI, DCH_MM, DCH_MONTH, DCH_MON, DCH_MS, DCH_Month, DCH_Mon, DCH_OF,
    DCH_P_M, DCH_PM, DCH_Q, DCH_RM, DCH_SSSS, DCH_SS, DCH_TZH, DCH_TZM, DCH_TZ, DCH_US,
    DCH_WW, DCH_W, DCH_Y_YYY, DCH_YYYY, DCH_YYY, DCH_YY, DCH_Y, DCH_a_d, DCH_a_m, DCH_ad,
    DCH_am, DCH_b_c, DCH_bc, DCH_day, DCH_dy, DCH_month, DCH_mon, DCH_p_m, DCH_pm, DCH_rm,
    DCH_tz,
} dch_id;

typedef struct dch_keyword {
    const char *name;
    dch_id id;
} dch_keyword;

/* PostgreSQL's DCH_keywords: for each first letter, longer names come first, so the
 * first match is the longest. Case matters: "Month" and "month" differ in output. */
static const dch_keyword dch_keywords[] = {
    {"A.D.", DCH_A_D}, {"A.M.", DCH_A_M}, {"AD", DCH_AD}, {"AM", DCH_AM},
    {"B.C.", DCH_B_C}, {"BC", DCH_BC}, {"CC", DCH_CC},
    {"DAY", DCH_DAY}, {"DDD", DCH_DDD}, {"DD", DCH_DD}, {"DY", DCH_DY}, {"Day", DCH_Day},
    {"Dy", DCH_Dy}, {"D", DCH_D},
    {"FF1", DCH_FF1}, {"FF2", DCH_FF2}, {"FF3", DCH_FF3}, {"FF4", DCH_FF4}, {"FF5", DCH_FF5},
    {"FF6", DCH_FF6}, {"FX", DCH_FX},
    {"HH24", DCH_HH24}, {"HH12", DCH_HH12}, {"HH", DCH_HH},
    {"IDDD", DCH_IDDD}, {"ID", DCH_ID}, {"IW", DCH_IW}, {"IYYY", DCH_IYYY}, {"IYY", DCH_IYY},
    {"IY", DCH_IY}, {"I", DCH_I}, {"J", DCH_J},
    {"MI", DCH_MI}, {"MM", DCH_MM}, {"MONTH", DCH_MONTH}, {"MON", DCH_MON}, {"MS", DCH_MS},
    {"Month", DCH_Month}, {"Mon", DCH_Mon}, {"OF", DCH_OF},
    {"P.M.", DCH_P_M}, {"PM", DCH_PM}, {"Q", DCH_Q}, {"RM", DCH_RM},
    {"SSSSS", DCH_SSSS}, {"SSSS", DCH_SSSS}, {"SS", DCH_SS},
    {"TZH", DCH_TZH}, {"TZM", DCH_TZM}, {"TZ", DCH_TZ}, {"US", DCH_US},
    {"WW", DCH_WW}, {"W", DCH_W},
    {"Y,YYY", DCH_Y_YYY}, {"YYYY", DCH_YYYY}, {"YYY", DCH_YYY}, {"YY", DCH_YY}, {"Y", DCH_Y},
    {"a.d.", DCH_a_d}, {"a.m.", DCH_a_m}, {"ad", DCH_ad}, {"am", DCH_am},
    {"b.c.", DCH_b_c}, {"bc", DCH_bc}, {"cc", DCH_CC},
    {"day", DCH_day}, {"ddd", DCH_DDD}, {"dd", DCH_DD}, {"dy", DCH_dy}, {"d", DCH_D},
    {"ff1", DCH_FF1}, {"ff2", DCH_FF2}, {"ff3", DCH_FF3}, {"ff4", DCH_FF4}, {"ff5", DCH_FF5},
    {"ff6", DCH_FF6}, {"fx", DCH_FX},
    {"hh24", DCH_HH24}, {"hh12", DCH_HH12}, {"hh", DCH_HH},
    {"iddd", DCH_IDDD}, {"id", DCH_ID}, {"iw", DCH_IW}, {"iyyy", DCH_IYYY}, {"iyy", DCH_IYY},
    {"iy", DCH_IY}, {"i", DCH_I}, {"j", DCH_J},
    {"mi", DCH_MI}, {"mm", DCH_MM}, {"month", DCH_month}, {"mon", DCH_mon}, {"ms", DCH_MS},
    {"of", DCH_OF}, {"p.m.", DCH_p_m}, {"pm", DCH_pm}, {"q", DCH_Q}, {"rm", DCH_rm},
    {"sssss", DCH_SSSS}, {"ssss", DCH_SSSS}, {"ss", DCH_SS},
    {"tzh", DCH_TZH}, {"tzm", DCH_TZM}, {"tz", DCH_tz}, {"us", DCH_US},
    {"ww", DCH_WW}, {"w", DCH_W},
    {"y,yyy", DCH_Y_YYY}, {"yyyy", DCH_YYYY}, {"yyy", DCH_YYY}, {"yy", DCH_YY}, {"y", DCH_Y},
};

static const dch_keyword *dch_match(const char *s, size_t left)
{
    for (size_t i = 0; i < sizeof dch_keywords / sizeof dch_keywords[0]; i++) {
        size_t n = strlen(dch_keywords[i].name);
        if (n <= left && memcmp(s, dch_keywords[i].name, n) == 0)
            return &dch_keywords[i];
    }
    return NULL;
}

static const char *const rm_upper[] = {"XII", "XI",  "X",  "IX", "VIII", "VII",
                                       "VI",  "V",   "IV", "III", "II",  "I"};
static const char *const rm_lower[] = {"xii", "xi",  "x",  "ix", "viii", "vii",
                                       "vi",  "v",   "iv", "iii", "ii",  "i"};

/* What to_char formats: broken-down local time, or an interval's parts. */
typedef struct dch_value {
    bool is_interval;
    int64_t year; /* astronomical for timestamps, signed count for intervals */
    int mon;
    int mday;
    int64_t hour;
    int min;
    int sec;
    int32_t usec;
    int wday;
    int64_t yday; /* day of year; for intervals an approximate total of days */
    int32_t gmtoff;
    const char *abbrev; /* NULL for timestamp without time zone */
} dch_value;

typedef enum dch_case { CASE_UPPER, CASE_CAPITAL, CASE_LOWER } dch_case;

/* A name in the keyword's case, cut to max_len characters and padded to `pad`. */
static void put_cased(strbuf *sb, const char *word, dch_case c, size_t max_len, int pad)
{
    size_t n = strlen(word);
    if (n > max_len)
        n = max_len;
    for (size_t i = 0; i < n; i++)
        sb_putc(sb, c == CASE_UPPER                 ? to_upper(word[i])
                    : c == CASE_LOWER || i > 0      ? to_lower(word[i])
                                                    : word[i]);
    for (size_t i = n; (int)i < pad; i++)
        sb_putc(sb, ' ');
}

/* An ordinal suffix for the digits just written ("1st", "12TH"). */
static void put_ordinal(strbuf *sb, size_t start, bool upper)
{
    const char *num = sb->data + start;
    size_t len = sb->len - start;
    const char *suffix = "th";
    char last = len > 0 ? num[len - 1] : '0';
    if (!(len > 1 && num[len - 2] == '1')) {
        if (last == '1')
            suffix = "st";
        else if (last == '2')
            suffix = "nd";
        else if (last == '3')
            suffix = "rd";
    }
    sb_putc(sb, upper ? to_upper(suffix[0]) : suffix[0]);
    sb_putc(sb, upper ? to_upper(suffix[1]) : suffix[1]);
}

/* Years shown to people: BC years count from 1 (intervals show their own count). */
static int64_t dch_year(const dch_value *v, int64_t year)
{
    return v->is_interval || year > 0 ? year : -(year - 1);
}

/* Fields an interval has no meaning for. */
static bool dch_calendar_only(dch_id id)
{
    switch (id) {
    case DCH_tz: case DCH_TZ: case DCH_TZH: case DCH_TZM: case DCH_OF:
    case DCH_A_D: case DCH_B_C: case DCH_AD: case DCH_BC: case DCH_a_d: case DCH_b_c:
    case DCH_ad: case DCH_bc: case DCH_MONTH: case DCH_Month: case DCH_month: case DCH_MON:
    case DCH_Mon: case DCH_mon: case DCH_DAY: case DCH_Day: case DCH_day: case DCH_DY:
    case DCH_Dy: case DCH_dy: case DCH_D: case DCH_ID:
        return true;
    default:
        return false;
    }
}

/* One keyword. `fm` drops padding; `tm` (translation mode) prints names unpadded. */
static datetime_status dch_field(strbuf *sb, const dch_value *v, dch_id id, bool fm, bool tm)
{
    if (v->is_interval && dch_calendar_only(id))
        return DATETIME_INTERVAL_FORMAT;
    bool pm = v->hour % HOURS_PER_DAY >= HOURS_PER_DAY / 2;
    bool bc = v->year <= 0;
    int name_pad = fm || tm ? 0 : 9;
    int iso_week_no = 0;
    int iso_year = 0;
    if (id == DCH_IW || id == DCH_IDDD || id == DCH_IYYY || id == DCH_IYY || id == DCH_IY ||
        id == DCH_I)
        iso_week((int)v->year, v->mon, v->mday, &iso_week_no, &iso_year);
    switch (id) {
    case DCH_A_M: case DCH_P_M:
        sb_puts(sb, pm ? "P.M." : "A.M.");
        break;
    case DCH_AM: case DCH_PM:
        sb_puts(sb, pm ? "PM" : "AM");
        break;
    case DCH_a_m: case DCH_p_m:
        sb_puts(sb, pm ? "p.m." : "a.m.");
        break;
    case DCH_am: case DCH_pm:
        sb_puts(sb, pm ? "pm" : "am");
        break;
    case DCH_HH: case DCH_HH12: {
        /* A 12-hour clock, intervals included. */
        int64_t h = v->hour % (HOURS_PER_DAY / 2);
        if (h == 0)
            h = HOURS_PER_DAY / 2;
        sb_printf(sb, "%0*lld", fm ? 0 : v->hour >= 0 ? 2 : 3, (long long)h);
        break;
    }
    case DCH_HH24:
        sb_printf(sb, "%0*lld", fm ? 0 : v->hour >= 0 ? 2 : 3, (long long)v->hour);
        break;
    case DCH_MI:
        sb_printf(sb, "%0*d", fm ? 0 : v->min >= 0 ? 2 : 3, v->min);
        break;
    case DCH_SS:
        sb_printf(sb, "%0*d", fm ? 0 : v->sec >= 0 ? 2 : 3, v->sec);
        break;
    case DCH_FF1:
        sb_printf(sb, "%01d", v->usec / 100000);
        break;
    case DCH_FF2:
        sb_printf(sb, "%02d", v->usec / 10000);
        break;
    case DCH_FF3: case DCH_MS:
        sb_printf(sb, "%03d", v->usec / 1000);
        break;
    case DCH_FF4:
        sb_printf(sb, "%04d", v->usec / 100);
        break;
    case DCH_FF5:
        sb_printf(sb, "%05d", v->usec / 10);
        break;
    case DCH_FF6: case DCH_US:
        sb_printf(sb, "%06d", v->usec);
        break;
    case DCH_SSSS:
        sb_printf(sb, "%lld",
                  (long long)(v->hour * SECS_PER_HOUR + v->min * SECS_PER_MINUTE + v->sec));
        break;
    case DCH_tz:
        if (v->abbrev != NULL)
            put_cased(sb, v->abbrev, CASE_LOWER, ABBREV_MAX, 0);
        break;
    case DCH_TZ:
        if (v->abbrev != NULL)
            sb_puts(sb, v->abbrev);
        break;
    case DCH_TZH:
        sb_printf(sb, "%c%02d", v->gmtoff >= 0 ? '+' : '-', abs(v->gmtoff) / SECS_PER_HOUR);
        break;
    case DCH_TZM:
        sb_printf(sb, "%02d", (abs(v->gmtoff) % SECS_PER_HOUR) / SECS_PER_MINUTE);
        break;
    case DCH_OF:
        sb_printf(sb, "%c%0*d", v->gmtoff >= 0 ? '+' : '-', fm ? 0 : 2,
                  abs(v->gmtoff) / SECS_PER_HOUR);
        if (abs(v->gmtoff) % SECS_PER_HOUR != 0)
            sb_printf(sb, ":%02d", (abs(v->gmtoff) % SECS_PER_HOUR) / SECS_PER_MINUTE);
        break;
    case DCH_A_D: case DCH_B_C:
        sb_puts(sb, bc ? "B.C." : "A.D.");
        break;
    case DCH_AD: case DCH_BC:
        sb_puts(sb, bc ? "BC" : "AD");
        break;
    case DCH_a_d: case DCH_b_c:
        sb_puts(sb, bc ? "b.c." : "a.d.");
        break;
    case DCH_ad: case DCH_bc:
        sb_puts(sb, bc ? "bc" : "ad");
        break;
    case DCH_MONTH: case DCH_Month: case DCH_month:
        put_cased(sb, month_names[v->mon - 1],
                  id == DCH_MONTH ? CASE_UPPER : id == DCH_Month ? CASE_CAPITAL : CASE_LOWER, 9,
                  name_pad);
        break;
    case DCH_MON: case DCH_Mon: case DCH_mon:
        put_cased(sb, month_names[v->mon - 1],
                  id == DCH_MON ? CASE_UPPER : id == DCH_Mon ? CASE_CAPITAL : CASE_LOWER, 3, 0);
        break;
    case DCH_MM:
        sb_printf(sb, "%0*d", fm ? 0 : v->mon >= 0 ? 2 : 3, v->mon);
        break;
    case DCH_DAY: case DCH_Day: case DCH_day:
        put_cased(sb, day_names[v->wday],
                  id == DCH_DAY ? CASE_UPPER : id == DCH_Day ? CASE_CAPITAL : CASE_LOWER, 9,
                  name_pad);
        break;
    case DCH_DY: case DCH_Dy: case DCH_dy:
        put_cased(sb, day_names[v->wday],
                  id == DCH_DY ? CASE_UPPER : id == DCH_Dy ? CASE_CAPITAL : CASE_LOWER, 3, 0);
        break;
    case DCH_DDD:
        sb_printf(sb, "%0*lld", fm ? 0 : 3, (long long)v->yday);
        break;
    case DCH_IDDD:
        sb_printf(sb, "%0*lld", fm ? 0 : 3,
                  (long long)(date2j(v->year, v->mon, v->mday) - isoweek2j(iso_year, 1) + 1));
        break;
    case DCH_DD:
        sb_printf(sb, "%0*d", fm ? 0 : 2, v->mday);
        break;
    case DCH_D:
        sb_printf(sb, "%d", v->wday + 1);
        break;
    case DCH_ID:
        sb_printf(sb, "%d", v->wday == 0 ? 7 : v->wday);
        break;
    case DCH_WW:
        sb_printf(sb, "%0*lld", fm ? 0 : 2, (long long)((v->yday - 1) / 7 + 1));
        break;
    case DCH_IW:
        sb_printf(sb, "%0*d", fm ? 0 : 2, iso_week_no);
        break;
    case DCH_Q:
        if (v->mon != 0)
            sb_printf(sb, "%d", (v->mon - 1) / 3 + 1);
        break;
    case DCH_CC: {
        /* Century 21 is 2001..2100; 1 BC is in century -1. */
        int64_t c = v->is_interval ? v->year / 100
                    : v->year > 0  ? (v->year - 1) / 100 + 1
                                   : v->year / 100 - 1;
        if (c <= 99 && c >= -99)
            sb_printf(sb, "%0*lld", fm ? 0 : c >= 0 ? 2 : 3, (long long)c);
        else
            sb_printf(sb, "%lld", (long long)c);
        break;
    }
    case DCH_Y_YYY: {
        int64_t y = dch_year(v, v->year);
        sb_printf(sb, "%lld,%03lld", (long long)(y / 1000), (long long)(y - y / 1000 * 1000));
        break;
    }
    case DCH_YYYY: case DCH_IYYY: {
        int64_t y = dch_year(v, id == DCH_YYYY ? v->year : iso_year);
        sb_printf(sb, "%0*lld", fm ? 0 : dch_year(v, v->year) >= 0 ? 4 : 5, (long long)y);
        break;
    }
    case DCH_YYY: case DCH_IYY: {
        int64_t y = dch_year(v, id == DCH_YYY ? v->year : iso_year);
        sb_printf(sb, "%0*lld", fm ? 0 : dch_year(v, v->year) >= 0 ? 3 : 4, (long long)(y % 1000));
        break;
    }
    case DCH_YY: case DCH_IY: {
        int64_t y = dch_year(v, id == DCH_YY ? v->year : iso_year);
        sb_printf(sb, "%0*lld", fm ? 0 : dch_year(v, v->year) >= 0 ? 2 : 3, (long long)(y % 100));
        break;
    }
    case DCH_Y: case DCH_I: {
        int64_t y = dch_year(v, id == DCH_Y ? v->year : iso_year);
        sb_printf(sb, "%1lld", (long long)(y % 10));
        break;
    }
    case DCH_RM: case DCH_rm: {
        if (v->mon == 0 && v->year == 0)
            break;
        /* The table runs December to January; an interval's whole or negative months
         * index it from the other end. */
        int idx = v->mon == 0 ? (v->year >= 0 ? 0 : MONTHS_PER_YEAR - 1)
                  : v->mon < 0 ? -(v->mon + 1)
                               : MONTHS_PER_YEAR - v->mon;
        sb_printf(sb, "%*s", fm ? 0 : -4, (id == DCH_RM ? rm_upper : rm_lower)[idx]);
        break;
    }
    case DCH_W:
        sb_printf(sb, "%d", (v->mday - 1) / 7 + 1);
        break;
    case DCH_J:
        sb_printf(sb, "%lld", (long long)date2j(v->year, v->mon, v->mday));
        break;
    case DCH_FX:
        break;
    }
    return DATETIME_OK;
}

/* Keywords whose output can take an ordinal suffix (the numeric ones). */
static bool dch_numeric(dch_id id)
{
    switch (id) {
    case DCH_HH: case DCH_HH12: case DCH_HH24: case DCH_MI: case DCH_SS: case DCH_FF1:
    case DCH_FF2: case DCH_FF3: case DCH_FF4: case DCH_FF5: case DCH_FF6: case DCH_MS:
    case DCH_US: case DCH_SSSS: case DCH_MM: case DCH_DDD: case DCH_IDDD: case DCH_DD:
    case DCH_D: case DCH_ID: case DCH_WW: case DCH_IW: case DCH_Q: case DCH_CC:
    case DCH_Y_YYY: case DCH_YYYY: case DCH_IYYY: case DCH_YYY: case DCH_IYY: case DCH_YY:
    case DCH_IY: case DCH_Y: case DCH_I: case DCH_W: case DCH_J:
        return true;
    default:
        return false;
    }
}

static datetime_status dch_format(arena *a, const dch_value *v, const char *fmt, size_t len,
                                  char **out)
{
    if (len == 0) {
        *out = NULL;
        return DATETIME_OK;
    }
    strbuf sb;
    sb_init(&sb, a, len * 4 + 16);
    size_t i = 0;
    while (i < len) {
        /* Prefixes FM (fill mode) and TM (translation mode) belong to the keyword after
         * them; without one they vanish. */
        bool fm = false;
        bool tm = false;
        if (len - i >= 2 && (memcmp(fmt + i, "FM", 2) == 0 || memcmp(fmt + i, "fm", 2) == 0)) {
            fm = true;
            i += 2;
        } else if (len - i >= 2 &&
                   (memcmp(fmt + i, "TM", 2) == 0 || memcmp(fmt + i, "tm", 2) == 0)) {
            tm = true;
            i += 2;
        }
        const dch_keyword *k = i < len ? dch_match(fmt + i, len - i) : NULL;
        if (k != NULL) {
            i += strlen(k->name);
            size_t start = sb.len;
            datetime_status st = dch_field(&sb, v, k->id, fm, tm);
            if (st != DATETIME_OK)
                return st;
            /* Suffixes: TH/th add an ordinal to numbers; SP is accepted and ignored. */
            if (len - i >= 2 && (memcmp(fmt + i, "TH", 2) == 0 || memcmp(fmt + i, "th", 2) == 0)) {
                if (dch_numeric(k->id) && sb.len > start)
                    put_ordinal(&sb, start, fmt[i] == 'T');
                i += 2;
            } else if (len - i >= 2 && memcmp(fmt + i, "SP", 2) == 0) {
                i += 2;
            }
            continue;
        }
        if (i >= len)
            break;
        if (fmt[i] == '"') {
            /* Quoted text is copied; a backslash inside quotes the next character. */
            for (i++; i < len && fmt[i] != '"'; i++) {
                if (fmt[i] == '\\' && i + 1 < len)
                    i++;
                sb_putc(&sb, fmt[i]);
            }
            if (i < len)
                i++;
            continue;
        }
        /* Outside quotes a backslash matters only before a double quote. */
        if (fmt[i] == '\\' && i + 1 < len && fmt[i + 1] == '"')
            i++;
        sb_putc(&sb, fmt[i]);
        i++;
    }
    return sb_finish(&sb, out);
}

static void dch_from_tm(const dt_tm *tm, bool with_zone, dch_value *v)
{
    memset(v, 0, sizeof *v);
    v->year = tm->year;
    v->mon = tm->mon;
    v->mday = tm->mday;
    v->hour = tm->hour;
    v->min = tm->min;
    v->sec = tm->sec;
    v->usec = tm->usec;
    int64_t jd = date2j(tm->year, tm->mon, tm->mday);
    v->wday = j2day(jd);
    v->yday = jd - date2j(tm->year, 1, 1) + 1;
    v->gmtoff = with_zone ? tm->gmtoff : 0;
    v->abbrev = with_zone ? tm->abbrev : NULL;
}

datetime_status timestamp_to_char(arena *a, dt_timestamp ts, const char *fmt, size_t len,
                                  char **out)
{
    if (len == 0 || !timestamp_finite(ts)) {
        *out = NULL;
        return DATETIME_OK;
    }
    dt_tm tm;
    timestamp_to_tm(ts, &tm);
    dch_value v;
    dch_from_tm(&tm, false, &v);
    return dch_format(a, &v, fmt, len, out);
}

datetime_status timestamptz_to_char(arena *a, const datetime_context *ctx, dt_timestamp ts,
                                    const char *fmt, size_t len, char **out)
{
    if (len == 0 || !timestamp_finite(ts)) {
        *out = NULL;
        return DATETIME_OK;
    }
    const tz_zone *z;
    datetime_status st = session_zone(ctx, &z);
    if (st != DATETIME_OK)
        return st;
    dt_tm tm;
    timestamp_to_tm_zone(ts, z, &tm);
    dch_value v;
    dch_from_tm(&tm, true, &v);
    return dch_format(a, &v, fmt, len, out);
}

datetime_status interval_to_char(arena *a, const dt_interval *iv, const char *fmt, size_t len,
                                 char **out)
{
    if (len == 0) {
        *out = NULL;
        return DATETIME_OK;
    }
    itm t;
    interval_to_itm(iv, &t);
    dch_value v;
    memset(&v, 0, sizeof v);
    v.is_interval = true;
    v.year = t.year;
    v.mon = t.mon;
    v.mday = t.mday;
    v.hour = t.hour;
    v.min = t.min;
    v.sec = t.sec;
    v.usec = t.usec;
    /* No weekday; the day of year approximates the whole span in days. */
    v.yday = ((int64_t)t.year * MONTHS_PER_YEAR + t.mon) * DAYS_PER_MONTH + t.mday;
    return dch_format(a, &v, fmt, len, out);
}

dt_timestamp datetime_clock_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (dt_timestamp)now.tv_sec * 1000000 + now.tv_nsec / 1000 + DT_UNIX_EPOCH_TIMESTAMP;
}
