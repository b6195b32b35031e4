#include "query/aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query/array.h"

static const struct {
    const char *name;
    int arg_count;
    aggregate_kind kind;
} aggregates[] = {
    {"count", 1, AGG_COUNT},     {"sum", 1, AGG_SUM},           {"avg", 1, AGG_AVG},
    {"min", 1, AGG_MIN},         {"max", 1, AGG_MAX},           {"string_agg", 2, AGG_STRING_AGG},
    {"bool_and", 1, AGG_BOOL_AND}, {"bool_or", 1, AGG_BOOL_OR}, {"every", 1, AGG_BOOL_AND},
    {"array_agg", 1, AGG_ARRAY_AGG},
};

bool aggregate_lookup(const char *name, int arg_count, aggregate_kind *kind)
{
    for (size_t i = 0; i < sizeof aggregates / sizeof aggregates[0]; i++) {
        if (strcmp(aggregates[i].name, name) == 0 && aggregates[i].arg_count == arg_count) {
            *kind = aggregates[i].kind;
            return true;
        }
    }
    return false;
}

uint32_t aggregate_result_type(aggregate_kind kind, uint32_t input_type)
{
    switch (kind) {
    case AGG_COUNT:
        return TYPE_INT8;
    case AGG_SUM:
        if (input_type == TYPE_INT2 || input_type == TYPE_INT4)
            return TYPE_INT8;
        if (input_type == TYPE_INT8 || input_type == TYPE_NUMERIC)
            return TYPE_NUMERIC;
        if (input_type == TYPE_INTERVAL)
            return TYPE_INTERVAL;
        return type_is_float(input_type) ? input_type : 0;
    case AGG_AVG:
        if (type_is_integer(input_type) || input_type == TYPE_NUMERIC)
            return TYPE_NUMERIC;
        if (input_type == TYPE_INTERVAL)
            return TYPE_INTERVAL;
        return type_is_float(input_type) ? TYPE_FLOAT8 : 0;
    case AGG_MIN:
    case AGG_MAX:
        if (type_is_integer(input_type) || type_is_float(input_type) ||
            input_type == TYPE_NUMERIC || input_type == TYPE_BPCHAR ||
            type_is_datetime(input_type) || (type_is_array(input_type) && type_has_ordering(input_type)))
            return input_type;
        return type_is_string(input_type) ? TYPE_TEXT : 0;
    case AGG_STRING_AGG:
        return type_is_string(input_type) ? TYPE_TEXT : 0;
    case AGG_BOOL_AND:
    case AGG_BOOL_OR:
        return input_type == TYPE_BOOL ? TYPE_BOOL : 0;
    case AGG_ARRAY_AGG:
        return type_array_of(input_type);
    }
    return 0;
}

void aggregate_state_init(aggregate_state *state)
{
    memset(state, 0, sizeof *state);
}

static bool to_numeric(query_context *ctx, const value *v, value *out)
{
    return value_cast(ctx, v, TYPE_NUMERIC, TYPMOD_NONE, CAST_IMPLICIT, -1, out);
}

static bool append_text(query_context *ctx, aggregate_state *state, const char *s, size_t n)
{
    if (state->text_length + n + 1 > state->text_capacity) {
        size_t capacity = state->text_capacity ? state->text_capacity * 2 : 64;
        while (capacity < state->text_length + n + 1)
            capacity *= 2;
        char *grown = arena_alloc(ctx->arena, capacity);
        if (grown == NULL)
            return query_fail_no_memory(ctx);
        if (state->text_length > 0)
            memcpy(grown, state->text, state->text_length);
        state->text = grown;
        state->text_capacity = capacity;
    }
    memcpy(state->text + state->text_length, s, n);
    state->text_length += n;
    return true;
}

/* Folds one non-null input into the running state. */
static bool accumulate_value(query_context *ctx, const aggregate_call *call, aggregate_state *state,
                             const value *argument, const value *delimiter)
{
    state->count++;
    switch (call->kind) {
    case AGG_COUNT:
        return true;
    case AGG_SUM:
    case AGG_AVG: {
        if (argument->type == TYPE_INTERVAL) {
            if (!state->has_value) {
                state->accumulator = *argument;
                state->has_value = true;
                return true;
            }
            datetime_status status = interval_add(&state->accumulator.as.interval,
                                                  &argument->as.interval,
                                                  &state->accumulator.as.interval);
            return status == DATETIME_OK ||
                   datetime_fail(ctx, status, TYPE_INTERVAL, NULL, 0, NULL, -1);
        }
        value addend = *argument;
        bool exact = type_is_integer(argument->type) || argument->type == TYPE_NUMERIC;
        if (exact && !to_numeric(ctx, argument, &addend))
            return false;
        if (!exact) {
            double sum = state->has_value ? state->accumulator.as.real : 0;
            state->accumulator = value_float8(sum + argument->as.real);
            state->has_value = true;
            return true;
        }
        if (!state->has_value) {
            state->accumulator = addend;
            state->has_value = true;
            return true;
        }
        value sum = state->accumulator;
        if (numeric_add(ctx->arena, &state->accumulator.as.number, &addend.as.number,
                        &sum.as.number) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        state->accumulator = sum;
        return true;
    }
    case AGG_MIN:
    case AGG_MAX: {
        int c = state->has_value ? value_compare(argument, &state->accumulator) : 0;
        if (!state->has_value || (call->kind == AGG_MIN ? c < 0 : c > 0)) {
            state->accumulator = *argument;
            state->has_value = true;
            return value_detach(ctx, &state->accumulator);
        }
        return true;
    }
    case AGG_STRING_AGG: {
        if (state->has_value && delimiter != NULL && !delimiter->is_null &&
            !append_text(ctx, state, delimiter->as.text.data, delimiter->as.text.length))
            return false;
        state->has_value = true;
        return append_text(ctx, state, argument->as.text.data, argument->as.text.length);
    }
    case AGG_ARRAY_AGG:
        return true;
    case AGG_BOOL_AND:
    case AGG_BOOL_OR:
        if (!state->has_value)
            state->accumulator = *argument;
        else if (call->kind == AGG_BOOL_AND)
            state->accumulator.as.boolean = state->accumulator.as.boolean && argument->as.boolean;
        else
            state->accumulator.as.boolean = state->accumulator.as.boolean || argument->as.boolean;
        state->has_value = true;
        return true;
    }
    return true;
}

bool aggregate_accumulate(query_context *ctx, const aggregate_call *call, aggregate_state *state,
                          const value *argument, const value *delimiter)
{
    if (call->star) {
        state->count++;
        return true;
    }
    /* Aggregates skip NULL inputs (string_agg keeps the value when only the delimiter
     * is NULL), but array_agg keeps them. */
    if (argument->is_null && call->kind != AGG_ARRAY_AGG)
        return true;
    if (!call->distinct && call->kind != AGG_ARRAY_AGG)
        return accumulate_value(ctx, call, state, argument, delimiter);
    int64_t delimiter_capacity = state->distinct_capacity;
    if (!arena_reserve(ctx->arena, (void **)&state->distinct_values, sizeof(value),
                       state->distinct_count, &state->distinct_capacity, 16) ||
        !arena_reserve(ctx->arena, (void **)&state->distinct_delimiters, sizeof(value),
                       state->distinct_count, &delimiter_capacity, 16))
        return query_fail_no_memory(ctx);
    state->distinct_values[state->distinct_count] = *argument;
    state->distinct_delimiters[state->distinct_count] =
        delimiter != NULL ? *delimiter : value_null(TYPE_TEXT);
    if (!value_detach(ctx, &state->distinct_values[state->distinct_count]) ||
        !value_detach(ctx, &state->distinct_delimiters[state->distinct_count]))
        return false;
    state->distinct_count++;
    return true;
}

/* NULLs (only array_agg collects them) sort last, as one value. */
static int compare_for_distinct(const void *a, const void *b)
{
    const value *x = a, *y = b;
    if (x->is_null || y->is_null)
        return (int)x->is_null - (int)y->is_null;
    return value_compare(x, y);
}

/* array_agg: the collected inputs in arrival order (sorted and unique with DISTINCT). */
static bool finish_array_agg(query_context *ctx, const aggregate_call *call,
                             aggregate_state *state, value *out)
{
    int64_t count = state->distinct_count;
    if (count == 0) {
        *out = value_null(call->result_type);
        return true;
    }
    if (count > ARRAY_MAX_ELEMENTS)
        return query_fail(ctx, "54000", -1, "array size exceeds the maximum allowed (%d)",
                          ARRAY_MAX_ELEMENTS);
    array_value *a = array_new(ctx, call->input_type, (int)count);
    if (a == NULL)
        return false;
    if (call->distinct)
        qsort(state->distinct_values, (size_t)count, sizeof(value), compare_for_distinct);
    a->count = 0;
    for (int64_t i = 0; i < count; i++) {
        if (call->distinct && i > 0 &&
            compare_for_distinct(&state->distinct_values[i], &state->distinct_values[i - 1]) == 0)
            continue;
        a->elements[a->count++] = state->distinct_values[i];
    }
    *out = value_array(a);
    out->type = call->result_type;
    return true;
}

bool aggregate_finish(query_context *ctx, const aggregate_call *call, aggregate_state *state,
                      value *out)
{
    if (call->distinct && state->distinct_count > 0 && call->kind != AGG_ARRAY_AGG) {
        /* The delimiter of string_agg(DISTINCT ...) is the same for every row in practice;
         * ordering only the values keeps the pairing for that case. */
        qsort(state->distinct_values, (size_t)state->distinct_count, sizeof(value),
              compare_for_distinct);
        for (int64_t i = 0; i < state->distinct_count; i++) {
            if (i > 0 && value_compare(&state->distinct_values[i], &state->distinct_values[i - 1]) == 0)
                continue;
            if (!accumulate_value(ctx, call, state, &state->distinct_values[i],
                                  &state->distinct_delimiters[0]))
                return false;
        }
    }
    switch (call->kind) {
    case AGG_COUNT:
        *out = value_int(TYPE_INT8, state->count);
        return true;
    case AGG_SUM:
        if (!state->has_value) {
            *out = value_null(call->result_type);
            return true;
        }
        if (call->result_type == TYPE_INT8)
            return value_cast(ctx, &state->accumulator, TYPE_INT8, TYPMOD_NONE, CAST_ASSIGNMENT, -1,
                              out);
        if (call->result_type == TYPE_FLOAT4)
            return value_cast(ctx, &state->accumulator, TYPE_FLOAT4, TYPMOD_NONE, CAST_ASSIGNMENT,
                              -1, out);
        *out = state->accumulator;
        return true;
    case AGG_AVG: {
        if (!state->has_value) {
            *out = value_null(call->result_type);
            return true;
        }
        if (call->result_type == TYPE_FLOAT8) {
            *out = value_float8(state->accumulator.as.real / (double)state->count);
            return true;
        }
        if (call->result_type == TYPE_INTERVAL) {
            *out = state->accumulator;
            datetime_status status = interval_div(&state->accumulator.as.interval,
                                                  (double)state->count, &out->as.interval);
            return status == DATETIME_OK ||
                   datetime_fail(ctx, status, TYPE_INTERVAL, NULL, 0, NULL, -1);
        }
        value count;
        value count_int = value_int(TYPE_INT8, state->count);
        if (!to_numeric(ctx, &count_int, &count))
            return false;
        *out = state->accumulator;
        if (numeric_div(ctx->arena, &state->accumulator.as.number, &count.as.number,
                        &out->as.number) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        return true;
    }
    case AGG_MIN:
    case AGG_MAX:
    case AGG_BOOL_AND:
    case AGG_BOOL_OR:
        if (!state->has_value) {
            *out = value_null(call->result_type);
            return true;
        }
        *out = state->accumulator;
        out->type = call->result_type;
        return true;
    case AGG_ARRAY_AGG:
        return finish_array_agg(ctx, call, state, out);
    case AGG_STRING_AGG:
        *out = state->has_value ? value_text(TYPE_TEXT, state->text ? state->text : "",
                                             state->text_length)
                                : value_null(TYPE_TEXT);
        return true;
    }
    return true;
}
