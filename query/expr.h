/*
 * expr: scalar expressions: typed once from the parse tree, then evaluated.
 *
 * expr_analyze turns a parse-tree expression into a typed tree, resolving operators
 * and casts as PostgreSQL's parse analysis does (unknown literals take the type the
 * context gives them; numeric promotion int2 -> int4 -> int8 -> numeric -> float8), so a
 * result's column types are known before any row is produced. expr_evaluate computes a
 * value with PostgreSQL's three-valued logic and its errors (22003 overflow, 22012
 * division by zero, ...). Both recurse with a depth bound (54001).
 */
#ifndef QUILL_QUERY_EXPR_H
#define QUILL_QUERY_EXPR_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/query_context.h"
#include "query/value.h"

typedef struct expr expr;

/* node is a wrapper {"Kind": {...}} from the parse tree. */
bool expr_analyze(query_context *ctx, const cJSON *node, expr **out);
bool expr_evaluate(query_context *ctx, const expr *e, value *out);

uint32_t expr_type(const expr *e);
/* The aggregate call an expression is, or NULL. */
const struct aggregate_call *expr_aggregate_call(const expr *e);
/* Is the expression a plain column reference (which relation, which column)? */
bool expr_is_column(const expr *e, int *relation, int *column);
bool expr_is_constant(const expr *e);
int32_t expr_typmod(const expr *e);

/* Casts an analysed expression to a type (coercing unknown literals at once), e.g. a
 * WHERE clause to boolean. */
bool expr_coerce(query_context *ctx, expr *e, uint32_t type, int32_t typmod,
                 cast_context context, const char *construct, expr **out);

/* Resolves a parse-tree TypeName to a built-in type and typmod (42704 if unknown). */
bool expr_resolve_type(query_context *ctx, const cJSON *type_name, uint32_t *type,
                       int32_t *typmod);

/* The output column name PostgreSQL picks for an unnamed target (FigureColname). */
const char *expr_column_name(const cJSON *node);

#endif
