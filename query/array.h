/*
 * array: one-dimensional arrays of the built-in scalar types.
 *
 * Owns the array value (element type, lower bound, elements), PostgreSQL's text form
 * (array_in's parsing and errors, array_out's quoting), the btree order of arrays, casts
 * between array types (element by element), and the array functions (array_length,
 * array_to_string, array_append, ...), which take PostgreSQL's polymorphic anyarray /
 * anyelement arguments. Multi-dimensional arrays are refused with 0A000. Knows nothing of
 * expressions, tables or the wire.
 */
#ifndef QUILL_QUERY_ARRAY_H
#define QUILL_QUERY_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"
#include "query/value.h"

/* Arrays larger than this fail with 54000, as PostgreSQL's MaxArraySize bounds them. */
#define ARRAY_MAX_ELEMENTS (64 * 1024 * 1024)

typedef struct array_value {
    uint32_t element_type;
    int count;       /* 0: the empty array, which has no dimension */
    int lower_bound; /* the subscript of the first element, 1 unless written otherwise */
    value *elements; /* count values of element_type (or NULLs), in the arena */
} array_value;

bool type_is_array(uint32_t type);

/* A new array of count elements (left for the caller to fill), lower bound 1. */
array_value *array_new(query_context *ctx, uint32_t element_type, int count);
value value_array(const array_value *a);

/* array_in for the array type array_type: '{1,2,NULL}', '[0:1]={a,b}', quoting and
 * backslash escapes; 22P02 "malformed array literal" with PostgreSQL's DETAIL. */
bool array_from_text(query_context *ctx, uint32_t array_type, const char *text, size_t length,
                     int location, value *out);
/* array_out. */
bool array_to_text(query_context *ctx, const value *v, const char **out, size_t *length);

/* PostgreSQL's btree order for arrays: elementwise (a NULL element above any value), then
 * the shorter first, then the lower bound. */
int array_compare(const value *a, const value *b);

/* Converts each element to type's element type (with typmod), as PostgreSQL's array
 * coercion does. */
bool array_cast(query_context *ctx, const value *in, uint32_t type, int32_t typmod,
                cast_context context, int location, value *out);

/* Copies the elements (and what they point to) into the statement's arena. */
bool array_detach(query_context *ctx, value *v);

/* Bytes an array value holds, for work_mem accounting. */
size_t array_size(const value *v);

/* The array functions. A signature is a string of argument kinds: 'A' anyarray, 'E' its
 * element type (anyelement), 'i' integer, 't' text; the result is one of those or 'I'
 * integer[], 'T' text[]. */
typedef bool (*array_function_impl)(query_context *ctx, const value *args, int arg_count,
                                    value *out);
typedef struct array_function {
    const char *name;
    const char *arguments;
    char result;
    bool compatible; /* anycompatible: the element type is the arguments' common type,
                      * text if all are untyped literals */
    bool strict;
    array_function_impl impl;
} array_function;

/* The array function called name taking arg_count arguments, or NULL. */
const array_function *array_function_lookup(const char *name, int arg_count);

#endif
