/*
 * functions: the built-in scalar functions and how a call picks one.
 *
 * Owns the table of functions (name, argument types, result type, strictness, C
 * implementation) and resolution among overloads as PostgreSQL's function resolution
 * does for the cases that arise here: an exact match first, then implicit casts (an
 * unknown literal matches any type), preferring candidates that need fewer casts and the
 * preferred type of a category (double precision for numbers, text for strings).
 * Implementations work on values and the context only.
 */
#ifndef QUILL_QUERY_FUNCTIONS_H
#define QUILL_QUERY_FUNCTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "query/query_context.h"
#include "query/value.h"

#define FUNCTION_MAX_ARGS 6
/* An argument of any type, passed as it is (unknown literals become text). */
#define FUNCTION_ANY_TYPE 0
/* A result of the first argument's type (abs, round, greatest-style functions). */
#define FUNCTION_RESULT_OF_FIRST_ARG 0
/* arg_count of a variadic function: every argument has arg_types[0]. */
#define FUNCTION_VARIADIC (-1)

typedef bool (*function_impl)(query_context *ctx, const value *args, int arg_count, value *out);

typedef struct function_definition {
    const char *name;
    int arg_count;
    uint32_t arg_types[FUNCTION_MAX_ARGS];
    uint32_t result_type;
    bool strict;   /* a NULL argument gives NULL without calling impl */
    bool volatile_result; /* random(), now(): never folded */
    function_impl impl;
} function_definition;

/* The function name(arg_types) resolves to, or NULL (*ambiguous says whether several
 * matched equally well: 42725 rather than 42883). */
const function_definition *functions_resolve(const char *name, const uint32_t *arg_types,
                                             int arg_count, bool *ambiguous);

/* The built-in functions in their fixed order (pg_proc lists them). */
int functions_count(void);
const function_definition *functions_at(int index);

/* The type argument i is coerced to before the call. */
uint32_t function_argument_type(const function_definition *f, int i, uint32_t given);

#endif
