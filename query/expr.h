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

#include "query/aggregate.h"
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
/* A reference to a column of a scope relation. */
bool expr_column(query_context *ctx, int relation, int column, expr **out);
/* A FROM item's column, as "*" expands to (a merged USING column reads both sides). */
bool expr_scope_column(query_context *ctx, const scope_column *column, expr **out);
/* The visible FROM item "qualifier.*" names in the current query; 42P01 (with PostgreSQL's
 * hints) or 42P09 as for a column reference otherwise. */
bool expr_find_item(query_context *ctx, const char *schema, const char *qualifier, int location,
                    scope_item *out);
/* "left = right", typed as the operator resolves (JOIN ... USING builds its condition so). */
bool expr_equality(query_context *ctx, expr *left, expr *right, expr **out);
/* The type CASE, COALESCE, GREATEST/LEAST and JOIN/USING bring values to, as PostgreSQL
 * picks it (construct names the clause in errors): 42804 "<construct> types ... cannot
 * be matched" if there is none, 42846 if an item cannot be converted to it. Converts the
 * items to it. */
bool expr_common_type(query_context *ctx, expr **items, int count, const char *construct,
                      uint32_t *out);

/* A set-returning function of a select list (analysis_scope.set_functions): runs it for
 * the current rows (*count rows), then selects which row it yields while the select list
 * is evaluated (NULL past its last). */
/* name(args) as a set-returning function (for FROM's unnest(a, b, ...)). */
bool expr_set_function_call(query_context *ctx, const char *name, expr **args, int arg_count,
                            int location, expr **out);
bool expr_is_set_function(const expr *e);
bool expr_set_function_run(query_context *ctx, expr *e, int64_t *count);
void expr_set_function_row(expr *e, int64_t row);

/* A window function call, f(arguments) OVER (PARTITION BY ... ORDER BY ...), with
 * PostgreSQL's default frame: the partition's rows up to the current row's last peer
 * (the whole partition without ORDER BY). The slices point into the expression's
 * arguments, so grouping checks and column lookups see them. */
typedef enum window_kind {
    WINDOW_ROW_NUMBER,
    WINDOW_RANK,
    WINDOW_DENSE_RANK,
    WINDOW_PERCENT_RANK,
    WINDOW_CUME_DIST,
    WINDOW_NTILE,
    WINDOW_LAG,
    WINDOW_LEAD,
    WINDOW_FIRST_VALUE,
    WINDOW_LAST_VALUE,
    WINDOW_NTH_VALUE,
    WINDOW_AGGREGATE,
} window_kind;

typedef struct window_call {
    window_kind kind;
    struct aggregate_call aggregate; /* WINDOW_AGGREGATE */
    expr **arguments;
    int argument_count;
    expr **partition_keys;
    int partition_count;
    expr **order_keys;
    bool *order_descending;
    bool *order_nulls_first;
    int order_count;
} window_call;

/* The window call an expression is, or NULL. */
const window_call *expr_window_call(const expr *e);
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
/* The scope relations the expression reads, relation r as bit r; *reads_subquery is set
 * when it contains a subquery, which may read any of them. */
uint64_t expr_relations(const expr *e, bool *reads_subquery);
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
