#include "query/datetime_functions.h"

#include <string.h>

static value timestamp_value(uint32_t type, dt_timestamp ts)
{
    return value_int(type, ts);
}

static value interval_value(const dt_interval *iv)
{
    value v = value_null(TYPE_INTERVAL);
    v.is_null = false;
    v.as.interval = *iv;
    return v;
}

bool fn_now(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = timestamp_value(TYPE_TIMESTAMPTZ, ctx->datetime.now);
    return true;
}

bool fn_clock_timestamp(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    *out = timestamp_value(TYPE_TIMESTAMPTZ, datetime_clock_now());
    return true;
}

bool fn_current_date(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    dt_date d;
    datetime_status status = timestamptz_to_date(&ctx->datetime, ctx->datetime.now, &d);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_DATE, NULL, 0, NULL, -1);
    *out = value_int(TYPE_DATE, d);
    return true;
}

bool fn_localtimestamp(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    dt_timestamp local;
    datetime_status status = timestamptz_to_timestamp(&ctx->datetime, ctx->datetime.now, &local);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_TIMESTAMP, NULL, 0, NULL, -1);
    *out = timestamp_value(TYPE_TIMESTAMP, local);
    return true;
}

bool fn_date_trunc_timestamp(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const value *unit = &args[0];
    dt_timestamp ts;
    datetime_status status =
        timestamp_trunc(unit->as.text.data, unit->as.text.length, args[1].as.integer, &ts);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_TIMESTAMP, unit->as.text.data,
                             unit->as.text.length, NULL, -1);
    *out = timestamp_value(TYPE_TIMESTAMP, ts);
    return true;
}

bool fn_date_trunc_timestamptz(query_context *ctx, const value *args, int n, value *out)
{
    const value *unit = &args[0];
    datetime_context in_zone = ctx->datetime;
    char *zone = NULL;
    if (n == 3) {
        /* date_trunc(unit, value, zone): truncates in that zone instead of TimeZone. */
        const char *name = arena_strndup(ctx->arena, args[2].as.text.data, args[2].as.text.length);
        if (name == NULL)
            return query_fail_no_memory(ctx);
        datetime_status checked = datetime_zone_check(ctx->arena, name, &zone);
        if (checked != DATETIME_OK)
            return datetime_fail(ctx, checked, TYPE_TIMESTAMPTZ, NULL, 0, name, -1);
        in_zone.time_zone = zone;
    }
    dt_timestamp ts;
    datetime_status status = timestamptz_trunc(&in_zone, unit->as.text.data, unit->as.text.length,
                                               args[1].as.integer, &ts);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_TIMESTAMPTZ, unit->as.text.data,
                             unit->as.text.length, NULL, -1);
    *out = timestamp_value(TYPE_TIMESTAMPTZ, ts);
    return true;
}

bool fn_date_trunc_interval(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const value *unit = &args[0];
    dt_interval iv;
    datetime_status status =
        interval_trunc(unit->as.text.data, unit->as.text.length, &args[1].as.interval, &iv);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_INTERVAL, unit->as.text.data,
                             unit->as.text.length, NULL, -1);
    *out = interval_value(&iv);
    return true;
}

/* One field of a date, timestamp[tz] or interval; date_part reads a date as a timestamp. */
static bool extract_field(query_context *ctx, const value *args, bool date_as_timestamp,
                          datetime_field *field)
{
    const value *unit = &args[0];
    const value *v = &args[1];
    const char *units = unit->as.text.data;
    size_t len = unit->as.text.length;
    datetime_status status;
    switch (v->type) {
    case TYPE_DATE:
        if (date_as_timestamp) {
            dt_timestamp ts;
            status = date_to_timestamp((dt_date)v->as.integer, &ts);
            if (status == DATETIME_OK)
                status = timestamp_extract(ctx->arena, units, len, ts, field);
            break;
        }
        status = date_extract(ctx->arena, units, len, (dt_date)v->as.integer, field);
        break;
    case TYPE_TIMESTAMP:
        status = timestamp_extract(ctx->arena, units, len, v->as.integer, field);
        break;
    case TYPE_TIMESTAMPTZ:
        status = timestamptz_extract(ctx->arena, &ctx->datetime, units, len, v->as.integer, field);
        break;
    default:
        status = interval_extract(ctx->arena, units, len, &v->as.interval, field);
        break;
    }
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, date_as_timestamp && v->type == TYPE_DATE
                                              ? TYPE_TIMESTAMP
                                              : v->type,
                             units, len, NULL, -1);
    return true;
}

bool fn_extract(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    datetime_field field;
    if (!extract_field(ctx, args, false, &field))
        return false;
    const char *text = field.kind == DATETIME_FIELD_FINITE       ? field.numeric
                       : field.kind == DATETIME_FIELD_POS_INFINITY ? "Infinity"
                       : field.kind == DATETIME_FIELD_NEG_INFINITY ? "-Infinity"
                                                                   : NULL;
    if (text == NULL) {
        *out = value_null(TYPE_NUMERIC);
        return true;
    }
    return value_from_text(ctx, TYPE_NUMERIC, text, strlen(text), -1, out);
}

bool fn_date_part(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    datetime_field field;
    if (!extract_field(ctx, args, true, &field))
        return false;
    *out = field.kind == DATETIME_FIELD_NULL ? value_null(TYPE_FLOAT8) : value_float8(field.float8);
    return true;
}

bool fn_age(query_context *ctx, const value *args, int n, value *out)
{
    bool with_zone = args[0].type == TYPE_TIMESTAMPTZ;
    dt_interval iv;
    datetime_status status;
    if (n == 1)
        status = with_zone ? timestamptz_age_now(&ctx->datetime, args[0].as.integer, &iv)
                           : timestamp_age_now(&ctx->datetime, args[0].as.integer, &iv);
    else
        status = with_zone ? timestamptz_age(&ctx->datetime, args[0].as.integer,
                                             args[1].as.integer, &iv)
                           : timestamp_age(args[0].as.integer, args[1].as.integer, &iv);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_INTERVAL, NULL, 0, NULL, -1);
    *out = interval_value(&iv);
    return true;
}

bool fn_to_char_datetime(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const value *format = &args[1];
    char *text = NULL;
    datetime_status status;
    switch (args[0].type) {
    case TYPE_TIMESTAMP:
        status = timestamp_to_char(ctx->arena, args[0].as.integer, format->as.text.data,
                                   format->as.text.length, &text);
        break;
    case TYPE_TIMESTAMPTZ:
        status = timestamptz_to_char(ctx->arena, &ctx->datetime, args[0].as.integer,
                                     format->as.text.data, format->as.text.length, &text);
        break;
    default:
        status = interval_to_char(ctx->arena, &args[0].as.interval, format->as.text.data,
                                  format->as.text.length, &text);
        break;
    }
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, args[0].type, NULL, 0, NULL, -1);
    *out = text == NULL ? value_null(TYPE_TEXT) : value_text(TYPE_TEXT, text, strlen(text));
    return true;
}

typedef datetime_status (*interval_justify)(const dt_interval *x, dt_interval *out);

static bool justify(query_context *ctx, const value *args, interval_justify how, value *out)
{
    dt_interval iv;
    datetime_status status = how(&args[0].as.interval, &iv);
    if (status != DATETIME_OK)
        return datetime_fail(ctx, status, TYPE_INTERVAL, NULL, 0, NULL, -1);
    *out = interval_value(&iv);
    return true;
}

bool fn_justify_days(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return justify(ctx, args, interval_justify_days, out);
}

bool fn_justify_hours(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return justify(ctx, args, interval_justify_hours, out);
}

bool fn_justify_interval(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return justify(ctx, args, interval_justify_interval, out);
}
