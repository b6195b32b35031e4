/*
 * json: the json and jsonb types.
 *
 * Owns reading JSON text exactly as PostgreSQL 15 does (its grammar, and its errors:
 * 22P02 "invalid input syntax for type json", or 22P05 for \u0000 in jsonb, with the
 * same DETAIL and CONTEXT), the two representations -- json holds the input text
 * verbatim; jsonb holds a canonical text that prints as PostgreSQL's jsonb output (keys
 * deduplicated, the last one winning, and sorted shorter first, then bytewise; numbers
 * as numeric prints them; strings re-escaped) -- and what works on them: the -> and ->>
 * operators, json_typeof, json_array_length, jsonb_pretty, jsonb's casts to scalar types,
 * and jsonb's btree order (comparison, and order-preserving key bytes that agree with it).
 * Both types live in value.as.text. Must not know about tables, expressions or the wire;
 * a parsed tree (cJSON) never outlives the call that built it.
 */
#ifndef QUILL_QUERY_JSON_H
#define QUILL_QUERY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"
#include "query/value.h"
#include "storage/key_encoding.h"

/* Containers nest at most this deep (PostgreSQL's bound is its stack, near 14000 levels;
 * this one keeps every walk within a statement's 2 MiB stack). Deeper input is 54001. */
#define JSON_MAX_DEPTH 10000

/* The input function of json or jsonb (type). location is for the error position. */
bool json_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                    int location, value *out);

/* doc -> key and doc ->> key (as_text): the member's value, SQL NULL when doc is not an
 * object or has no such key (the last of equal json keys counts, as in PostgreSQL). */
bool json_object_field(query_context *ctx, const value *doc, const char *key, size_t key_length,
                       bool as_text, value *out);
/* doc -> index and doc ->> index: a negative index counts from the end. */
bool json_array_element(query_context *ctx, const value *doc, int64_t index, bool as_text,
                        value *out);

/* json_typeof / jsonb_typeof: "object", "array", "string", "number", "boolean", "null". */
bool json_typeof(query_context *ctx, const value *doc, value *out);
/* json_array_length / jsonb_array_length (22023 for a scalar or an object). */
bool json_array_length(query_context *ctx, const value *doc, value *out);
/* jsonb_pretty: one member or element per line, indented by four spaces a level. */
bool jsonb_pretty(query_context *ctx, const value *doc, value *out);

/* jsonb::boolean, ::numeric, ::smallint, ::integer, ::bigint, ::real, ::double precision:
 * only a scalar of the matching kind converts (22023 otherwise). */
bool jsonb_cast_scalar(query_context *ctx, const value *doc, uint32_t type, value *out);

/* PostgreSQL's jsonb btree order on two canonical texts (no allocation):
 * Object > Array > Boolean > Number > String > Null; more pairs or elements sort later;
 * a top-level scalar sorts before an array of one element and after an empty array. */
int jsonb_compare(const char *a, size_t a_length, const char *b, size_t b_length);
/* Appends key bytes whose memcmp order is jsonb_compare's (equal values, e.g. 1.0 and
 * 1.00, give equal bytes). A value too long for a key sets k->overflow. */
void jsonb_key_append(key_buffer *k, const char *text, size_t length);

#endif
