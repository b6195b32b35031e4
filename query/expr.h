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
/* Where the expression starts in the query text (a byte offset; -1 if unknown): the
 * leftmost of its own and its arguments' positions, as PostgreSQL's exprLocation. */
int expr_location(const expr *e);
/* 42883 at location unless the type has equality (ordering: and an order), as PostgreSQL
 * requires of what is sorted, grouped or made distinct (json has neither). */
bool expr_require_sort_operators(query_context *ctx, uint32_t type, bool ordering, int location);
/* A reference to a column of a scope relation, as "*" expands to. */
bool expr_column(query_context *ctx, int relation, int column, expr **out);

/* The aggregate call an expression is, or NULL. */
const struct aggregate_call *expr_aggregate_call(const expr *e);
/* Is the expression a plain column reference (which relation, which column)? */
bool expr_is_column(const expr *e, int *relation, int *column);
bool expr_is_constant(const expr *e);
const value *expr_constant_value(const expr *e);

/* Structural equality (same columns, operators, constants). */
bool expr_equal(const expr *a, const expr *b);
/* 42803 unless every column the expression uses outside aggregates is grouped, or belongs
 * to a relation whose whole primary key is grouped (relation_grouped[r]). */
bool expr_check_grouped(query_context *ctx, const expr *e, expr *const *groups, int group_count,
                        const bool *relation_grouped);
/* The highest scope relation the expression reads, -1 for none, EXPR_ALL_RELATIONS when it
 * contains a subquery (which may read any of them). */
#define EXPR_ALL_RELATIONS 0x7FFFFFFF
int expr_max_relation(const expr *e);
/* Does the expression read this column of this scope relation (outside subqueries)? */
bool expr_uses_column(const expr *e, int relation, int column);
/* Splits a chain of ANDs into its terms; returns how many (may exceed capacity). */
int expr_conjuncts(expr *e, expr **out, int capacity);
/* Is e an equality (a = b)? Gives both sides, already brought to one type. */
bool expr_equality_sides(const expr *e, const expr **left, const expr **right);
/* Is e "column <op> constant" (either way round) on this relation? comparison is 0 for =,
 * -2 <, -1 <=, 1 >=, 2 > with the column on the left. */
bool expr_column_comparison(const expr *e, int relation, int *column, int *comparison,
                            const expr **constant);
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
