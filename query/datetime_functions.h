/*
 * datetime_functions: the SQL functions over dates, timestamps and intervals (now(),
 * date_trunc, extract, date_part, age, to_char, justify_*), as function_impl callbacks.
 *
 * Owns turning values into calls of the datetime module and its failures into SQLSTATEs;
 * the calendar arithmetic itself is datetime.c's. The function table (functions.c) says
 * which argument types reach each callback.
 */
#ifndef QUILL_QUERY_DATETIME_FUNCTIONS_H
#define QUILL_QUERY_DATETIME_FUNCTIONS_H

#include "query/functions.h"

bool fn_now(query_context *ctx, const value *args, int n, value *out);
bool fn_clock_timestamp(query_context *ctx, const value *args, int n, value *out);
bool fn_current_date(query_context *ctx, const value *args, int n, value *out);
bool fn_localtimestamp(query_context *ctx, const value *args, int n, value *out);

bool fn_date_trunc_timestamp(query_context *ctx, const value *args, int n, value *out);
bool fn_date_trunc_timestamptz(query_context *ctx, const value *args, int n, value *out);
bool fn_date_trunc_interval(query_context *ctx, const value *args, int n, value *out);

/* extract(field FROM x) gives numeric, date_part(field, x) double precision. */
bool fn_extract(query_context *ctx, const value *args, int n, value *out);
bool fn_date_part(query_context *ctx, const value *args, int n, value *out);

/* age(a, b) and age(a) for timestamp and timestamptz (the argument's type decides). */
bool fn_age(query_context *ctx, const value *args, int n, value *out);
bool fn_to_char_datetime(query_context *ctx, const value *args, int n, value *out);

bool fn_justify_days(query_context *ctx, const value *args, int n, value *out);
bool fn_justify_hours(query_context *ctx, const value *args, int n, value *out);
bool fn_justify_interval(query_context *ctx, const value *args, int n, value *out);

#endif
