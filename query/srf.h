/*
 * srf: the set-returning functions generate_series and unnest: how a call resolves and
 * the rows it produces, for functions in FROM (from) and in a select list (select).
 *
 * A call is resolved as PostgreSQL resolves their overloads (generate_series over int4,
 * int8, numeric, timestamp and timestamptz; unnest over any array). Running it evaluates
 * the arguments in the current rows and produces all its values at once, in the arena,
 * bounded by work_mem (53200) and stopping on cancel or statement_timeout. Knows nothing
 * of FROM items or select lists.
 */
#ifndef QUILL_QUERY_SRF_H
#define QUILL_QUERY_SRF_H

#include <stdbool.h>
#include <stdint.h>

#include "query/expr.h"
#include "query/query_context.h"
#include "query/value.h"

typedef struct srf_call srf_call;

/* Is name a set-returning function here? */
bool srf_exists(const char *name);

/* Resolves name(args) (analysed arguments, coerced here). *matched is false, with nothing
 * recorded, when no overload takes these argument types. */
bool srf_analyze(query_context *ctx, const char *name, expr **args, int arg_count, int location,
                 bool *matched, srf_call **out);
uint32_t srf_type(const srf_call *call);
/* Its arguments, as coerced (for walking an expression tree). */
expr **srf_args(const srf_call *call, int *count);

/* Evaluates the arguments and produces the rows: *values holds *count values. */
bool srf_run(query_context *ctx, const srf_call *call, value **values, int64_t *count);

#endif
