#include "query/srf.h"

#include <string.h>

#include "query/array.h"

typedef enum srf_kind { SRF_GENERATE_SERIES, SRF_UNNEST } srf_kind;

struct srf_call {
    srf_kind kind;
    uint32_t type; /* of the values produced */
    expr **args;
    int arg_count;
};

bool srf_exists(const char *name)
{
    return strcmp(name, "generate_series") == 0 || strcmp(name, "unnest") == 0;
}

uint32_t srf_type(const srf_call *call)
{
    return call->type;
}

expr **srf_args(const srf_call *call, int *count)
{
    *count = call->arg_count;
    return call->args;
}

/* The generate_series overload for these arguments: the type of start, stop (and step
 * for the numbers), or 0 if none. */
static uint32_t series_type(expr **args, int arg_count, bool *ambiguous)
{
    *ambiguous = false;
    uint32_t type = 0;
    bool datetime = false, number = false;
    for (int i = 0; i < 2; i++) {
        uint32_t t = expr_type(args[i]);
        if (t == TYPE_UNKNOWN)
            continue;
        if (type_is_datetime(t) && t != TYPE_INTERVAL) {
            datetime = true;
            type = type == 0 || type == t ? t : type_datetime_common(type, t);
        } else if (t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8 || t == TYPE_NUMERIC) {
            number = true;
            uint32_t widened = t == TYPE_INT2 ? TYPE_INT4 : t;
            if (type == 0 || type == TYPE_INT4 ||
                (type == TYPE_INT8 && widened == TYPE_NUMERIC))
                type = widened;
        } else {
            return 0;
        }
    }
    if (datetime && number)
        return 0;
    if (datetime) {
        /* date and timestamptz meet in timestamptz, PostgreSQL's preferred type. */
        if (arg_count != 3 || type == 0)
            return 0;
        uint32_t step = expr_type(args[2]);
        if (step != TYPE_INTERVAL && step != TYPE_UNKNOWN)
            return 0;
        return type == TYPE_TIMESTAMP ? TYPE_TIMESTAMP : TYPE_TIMESTAMPTZ;
    }
    if (arg_count == 3) {
        uint32_t t = expr_type(args[2]);
        if (t == TYPE_INT8 && type != TYPE_NUMERIC)
            type = TYPE_INT8;
        else if (t == TYPE_NUMERIC)
            type = TYPE_NUMERIC;
        else if (t != TYPE_UNKNOWN && t != TYPE_INT2 && t != TYPE_INT4 && t != TYPE_INT8)
            return 0;
    }
    if (type == 0)
        *ambiguous = true;
    return type;
}

bool srf_analyze(query_context *ctx, const char *name, expr **args, int arg_count, int location,
                 bool *matched, srf_call **out)
{
    *matched = false;
    srf_call *call = arena_zalloc(ctx->arena, sizeof *call);
    expr **coerced = arena_zalloc(ctx->arena, (size_t)(arg_count + 1) * sizeof *coerced);
    if (call == NULL || coerced == NULL)
        return query_fail_no_memory(ctx);
    call->args = coerced;
    call->arg_count = arg_count;
    if (strcmp(name, "unnest") == 0) {
        if (arg_count != 1)
            return true;
        uint32_t t = expr_type(args[0]);
        if (t == TYPE_UNKNOWN) {
            /* PostgreSQL also has unnest(tsvector): an untyped literal could be either. */
            query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location,
                       "function unnest(unknown) is not unique");
            return query_fail_hint(ctx, "Could not choose a best candidate function. You might "
                                        "need to add explicit type casts.");
        }
        if (!type_is_array(t))
            return true;
        call->kind = SRF_UNNEST;
        call->type = type_array_element(t);
        coerced[0] = args[0];
        *matched = true;
        *out = call;
        return true;
    }
    if (arg_count != 2 && arg_count != 3)
        return true;
    bool ambiguous;
    uint32_t type = series_type(args, arg_count, &ambiguous);
    if (ambiguous) {
        query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location,
                   "function generate_series(%s) is not unique",
                   arg_count == 2 ? "unknown, unknown" : "unknown, unknown, unknown");
        return query_fail_hint(ctx, "Could not choose a best candidate function. You might need "
                                    "to add explicit type casts.");
    }
    if (type == 0)
        return true;
    call->kind = SRF_GENERATE_SERIES;
    call->type = type;
    *matched = true;
    for (int i = 0; i < arg_count; i++) {
        uint32_t to = i == 2 && type_is_datetime(type) ? TYPE_INTERVAL : type;
        if (!expr_coerce(ctx, args[i], to, TYPMOD_NONE, CAST_IMPLICIT, NULL, &coerced[i]))
            return false;
    }
    *out = call;
    return true;
}

/* The rows produced so far, growing against work_mem. */
typedef struct srf_rows {
    value *values;
    int64_t count, capacity;
} srf_rows;

static bool rows_add(query_context *ctx, srf_rows *rows, const value *v)
{
    if (rows->count % 1024 == 1023 && !query_check_interrupts(ctx))
        return false;
    if (rows->count == rows->capacity) {
        size_t bytes = (size_t)rows->capacity * 2 * sizeof(value);
        if (ctx->work_mem_bytes != 0 && bytes > ctx->work_mem_bytes) {
            query_fail(ctx, SQLSTATE_OUT_OF_MEMORY, -1, "out of memory");
            query_fail_detail(ctx, arena_printf(ctx->arena,
                                                "The rows of a set-returning function need "
                                                "more than work_mem (%zukB) for this statement.",
                                                ctx->work_mem_bytes / 1024));
            return query_fail_hint(ctx, "Raise work_mem, or narrow the query.");
        }
    }
    if (!arena_reserve(ctx->arena, (void **)&rows->values, sizeof *rows->values, rows->count,
                       &rows->capacity, 64))
        return query_fail_no_memory(ctx);
    rows->values[rows->count++] = *v;
    return true;
}

static bool step_zero(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "step size cannot equal zero");
}

static bool series_integers(query_context *ctx, uint32_t type, const value *args, int arg_count,
                            srf_rows *rows)
{
    int64_t current = args[0].as.integer, stop = args[1].as.integer;
    int64_t step = arg_count == 3 ? args[2].as.integer : 1;
    if (step == 0)
        return step_zero(ctx);
    while (step > 0 ? current <= stop : current >= stop) {
        value v = value_int(type, current);
        if (!rows_add(ctx, rows, &v))
            return false;
        if (__builtin_add_overflow(current, step, &current))
            break;
    }
    return true;
}

static bool series_numeric(query_context *ctx, const value *args, int arg_count, srf_rows *rows)
{
    static const char *const which[3] = {"start value", "stop value", "step size"};
    for (int i = 0; i < arg_count; i++) {
        numeric_kind kind = args[i].as.number.kind;
        if (kind == NUMERIC_NAN)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "%s cannot be NaN",
                              which[i]);
        if (kind != NUMERIC_FINITE)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "%s cannot be infinity",
                              which[i]);
    }
    numeric step;
    if (arg_count == 3) {
        step = args[2].as.number;
    } else if (numeric_from_int64(ctx->arena, 1, &step) != NUMERIC_OK) {
        return query_fail_no_memory(ctx);
    }
    if (step.ndigits == 0)
        return step_zero(ctx);
    value current = args[0];
    while (step.negative ? numeric_compare(&current.as.number, &args[1].as.number) >= 0
                         : numeric_compare(&current.as.number, &args[1].as.number) <= 0) {
        if (!rows_add(ctx, rows, &current))
            return false;
        value next = current;
        if (numeric_add(ctx->arena, &current.as.number, &step, &next.as.number) != NUMERIC_OK)
            return query_fail_no_memory(ctx);
        current = next;
    }
    return true;
}

static bool series_timestamps(query_context *ctx, uint32_t type, const value *args, srf_rows *rows)
{
    const dt_interval *step = &args[2].as.interval;
    dt_interval zero = {0};
    int direction = interval_compare(step, &zero);
    if (direction == 0)
        return step_zero(ctx);
    int64_t current = args[0].as.integer, stop = args[1].as.integer;
    while (direction > 0 ? current <= stop : current >= stop) {
        value v = value_int(type, current);
        if (!rows_add(ctx, rows, &v))
            return false;
        datetime_status status =
            type == TYPE_TIMESTAMP
                ? timestamp_add_interval(current, step, &current)
                : timestamptz_add_interval(&ctx->datetime, current, step, &current);
        if (status != DATETIME_OK)
            return datetime_fail(ctx, status, type, NULL, 0, NULL, -1);
    }
    return true;
}

bool srf_run(query_context *ctx, const srf_call *call, value **values, int64_t *count)
{
    value *args = arena_alloc(ctx->arena, (size_t)(call->arg_count + 1) * sizeof *args);
    if (args == NULL)
        return query_fail_no_memory(ctx);
    srf_rows rows = {0};
    *values = NULL;
    *count = 0;
    for (int i = 0; i < call->arg_count; i++) {
        if (!expr_evaluate(ctx, call->args[i], &args[i]))
            return false;
        /* Both functions are strict: a NULL argument gives no rows. */
        if (args[i].is_null)
            return true;
    }
    bool ok;
    if (call->kind == SRF_UNNEST) {
        const array_value *a = args[0].as.array;
        ok = true;
        for (int i = 0; i < a->count && ok; i++)
            ok = rows_add(ctx, &rows, &a->elements[i]);
    } else if (type_is_integer(call->type)) {
        ok = series_integers(ctx, call->type, args, call->arg_count, &rows);
    } else if (call->type == TYPE_NUMERIC) {
        ok = series_numeric(ctx, args, call->arg_count, &rows);
    } else {
        ok = series_timestamps(ctx, call->type, args, &rows);
    }
    if (!ok)
        return false;
    *values = rows.values;
    *count = rows.count;
    return true;
}
