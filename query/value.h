/*
 * value: one SQL datum of a built-in type, and the conversions between types.
 *
 * Owns the in-memory representation of values, each type's text input and output in
 * PostgreSQL's exact formats, and casts (explicit, assignment and implicit, with
 * PostgreSQL's rules and errors). Variable-length data lives in the statement's arena.
 * Does not know about expressions, tables or the wire.
 */
#ifndef QUILL_QUERY_VALUE_H
#define QUILL_QUERY_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/types.h"
#include "query/datetime.h"
#include "query/numeric.h"
#include "query/query_context.h"

struct array_value; /* query/array.h */

typedef struct value {
    uint32_t type; /* a type_oid */
    bool is_null;
    union {
        bool boolean;
        int64_t integer; /* int2, int4, int8; date (days), timestamp[tz] (microseconds) */
        dt_interval interval;
        double real;     /* float4 (held rounded to float), float8 */
        numeric number;
        struct {
            const char *data; /* not NUL-terminated; text, varchar, bpchar, name, unknown */
            size_t length;
        } text;
        const struct array_value *array; /* the array types (query/array.h) */
    } as;
} value;

/* typmod -1 means none; varchar(n)/bpchar(n) store n + 4 as PostgreSQL does,
 * numeric(p,s) stores ((p << 16) | s) + 4. */
#define TYPMOD_NONE (-1)
#define TYPMOD_HEADER 4

value value_null(uint32_t type);
value value_bool(bool b);
value value_int(uint32_t type, int64_t v);
value value_float8(double v);
value value_text(uint32_t type, const char *data, size_t length);

bool type_is_integer(uint32_t type);
bool type_is_float(uint32_t type);
bool type_is_string(uint32_t type); /* text, varchar, bpchar, name, unknown */
bool type_is_datetime(uint32_t type); /* date, timestamp, timestamptz, interval */
/* Types whose values live in as.text (strings; uuid in its canonical text form; json as
 * written and jsonb in its canonical text, see query/json.h). */
bool type_holds_text(uint32_t type);
/* Has the type equality and a btree order, so it can be sorted, grouped, made DISTINCT
 * and keyed? All do but json, as in PostgreSQL. */
bool type_has_ordering(uint32_t type);

/* Writes 2 * length lowercase hex digits (no terminator). */
void hex_encode(const uint8_t *bytes, size_t length, char *out);
/* Reads hex digit pairs, skipping whitespace between pairs, into out (room for length / 2
 * bytes); 22023 for a bad digit or an odd count, at location (-1: none). */
bool hex_decode(query_context *ctx, const char *text, size_t length, int location, uint8_t *out,
                size_t *out_length);
/* bytea's escape format. Encoding writes at most 4 * length characters (no terminator): a
 * backslash doubled, NUL and bytes from 0x80 as \ooo, and with escape_controls (bytea
 * output) also the other bytes outside printable ASCII; without it (encode(..., 'escape'))
 * those stay as they are. Decoding (room for length bytes) reads \\ and \ooo; another
 * backslash is 22P02 at location. */
size_t bytea_escape_encode(const uint8_t *bytes, size_t length, bool escape_controls, char *out);
bool bytea_escape_decode(query_context *ctx, const char *text, size_t length, int location,
                         uint8_t *out, size_t *out_length);

/* uuid: 16 bytes, held in values as the 36-character lowercase text PostgreSQL prints
 * (which orders as the bytes do). uuid_parse reads what PostgreSQL's uuid_in reads. */
#define UUID_BYTES 16
#define UUID_TEXT_LENGTH 36
bool uuid_parse(const char *text, size_t length, uint8_t out[UUID_BYTES]);
void uuid_format(const uint8_t bytes[UUID_BYTES], char out[UUID_TEXT_LENGTH + 1]);
/* The type two date/time types meet in (comparisons, CASE, UNION): the wider of date <
 * timestamp < timestamptz, or interval for two intervals; 0 if they do not meet. */
uint32_t type_datetime_common(uint32_t a, uint32_t b);

/* Maps a date/time module failure to PostgreSQL's error. input is the text being read
 * (input functions) or the unit name (date_trunc, extract); NULL for arithmetic. */
bool datetime_fail(query_context *ctx, datetime_status status, uint32_t type, const char *input,
                   size_t length, const char *bad_zone, int location);

/* PostgreSQL's text output. The result is in the arena (or points into the value). */
bool value_to_text(query_context *ctx, const value *v, const char **out, size_t *length);
/* The same, writing short outputs (numbers, booleans) into the caller's buffer instead of
 * the arena: for sending rows without growing memory per row. */
#define VALUE_TEXT_BUFFER 64
bool value_to_text_buffer(query_context *ctx, const value *v, char buffer[VALUE_TEXT_BUFFER],
                          const char **out, size_t *length);

/* A type's input function: text -> value of `type` (no typmod; value_cast applies one).
 * location is for the error position (-1 for none). */
bool value_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                     int location, value *out);

typedef enum cast_context {
    CAST_IMPLICIT,   /* operator argument promotion */
    CAST_ASSIGNMENT, /* INSERT/UPDATE target columns */
    CAST_EXPLICIT,   /* :: and CAST() */
} cast_context;

/* Is there a cast from `from` to `to` allowed in this context? */
bool cast_exists(uint32_t from, uint32_t to, cast_context context);
/* Converts *in to (type, typmod); errors as PostgreSQL raises them. */
bool value_cast(query_context *ctx, const value *in, uint32_t type, int32_t typmod,
                cast_context context, int location, value *out);

/* Formats a type with its typmod as format_type() does: "character varying(10)". */
const char *type_format(query_context *ctx, uint32_t type, int32_t typmod);

/* Range errors for integer types, with PostgreSQL's messages. */
bool integer_fits(uint32_t type, int64_t v);
const char *integer_range_message(uint32_t type);

/* Copies what a value points to (text bytes, numeric digits) into the statement's arena,
 * for values kept after the storage they were read from moves on. */
bool value_detach(query_context *ctx, value *v);
bool values_detach(query_context *ctx, value *values, int count);

/* Orders two non-null values of the same type as PostgreSQL's default operator class
 * does (text bytewise, i.e. the C collation; NaN above every number). */
int value_compare(const value *a, const value *b);

/* Shortest-exact (extra_float_digits > 0) or %.{15+efd}g text of a double, as float8out. */
size_t float_format(double v, bool is_float4, int extra_float_digits, char *out, size_t cap);

#endif
