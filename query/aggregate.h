/*
 * aggregate: the aggregate functions (count, sum, avg, min, max, string_agg, bool_and,
 * bool_or, array_agg), their result types and their running state.
 *
 * Result types follow PostgreSQL (sum(int4) is bigint, avg(int) is numeric, ...).
 * DISTINCT inputs are collected and de-duplicated when the group finishes. States and
 * results live in the statement's arena. Knows nothing of grouping or scans.
 */
#ifndef QUILL_QUERY_AGGREGATE_H
#define QUILL_QUERY_AGGREGATE_H

#include <stdbool.h>
#include <stdint.h>

#include "query/value.h"

typedef enum aggregate_kind {
    AGG_COUNT,
    AGG_SUM,
    AGG_AVG,
    AGG_MIN,
    AGG_MAX,
    AGG_STRING_AGG,
    AGG_BOOL_AND,
    AGG_BOOL_OR,
    AGG_ARRAY_AGG, /* collects its inputs, NULLs included, in distinct_values */
} aggregate_kind;

struct expr;

typedef struct aggregate_call {
    aggregate_kind kind;
    bool star;     /* count(*) */
    bool distinct;
    struct expr *argument;
    struct expr *delimiter; /* string_agg only */
    uint32_t input_type;
    uint32_t result_type;
} aggregate_call;

/* Is name(arg_count arguments) an aggregate? */
bool aggregate_lookup(const char *name, int arg_count, aggregate_kind *kind);
/* The result type for this input type; 0 when the aggregate does not take it. */
uint32_t aggregate_result_type(aggregate_kind kind, uint32_t input_type);

typedef struct aggregate_state {
    int64_t count;
    bool has_value;
    value accumulator;
    value *distinct_values;
    value *distinct_delimiters;
    int64_t distinct_count;
    int64_t distinct_capacity;
    char *text;
    size_t text_length;
    size_t text_capacity;
} aggregate_state;

void aggregate_state_init(aggregate_state *state);
/* Adds one input row (argument NULL for count(*)). */
bool aggregate_accumulate(query_context *ctx, const aggregate_call *call, aggregate_state *state,
                          const value *argument, const value *delimiter);
bool aggregate_finish(query_context *ctx, const aggregate_call *call, aggregate_state *state,
                      value *out);

#endif
