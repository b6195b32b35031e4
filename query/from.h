/*
 * from: the FROM clause: the relations a query reads (tables, subqueries, WITH queries),
 * the joins combining them, and the names its expressions reach them by.
 *
 * Builds PostgreSQL's namespace while reading the items: a table or subquery is visible
 * by its name and its columns; a join shows its output columns (those USING or NATURAL
 * merges first and once, then the rest of each side) to unqualified names and leaves its
 * inputs reachable by name only, unless it has an alias, which hides them. A join's
 * condition is analysed as soon as its two sides are read, seeing only them. The system
 * columns _seq and _deleted are columns of their table and of the joins above it for names
 * that spell them; NATURAL and column alias lists (and "*", in select) leave them out.
 * Relations are numbered in the order they are written; how joins run is select's business.
 * Subqueries and WITH queries are run here, once, into collected rows; system tables
 * (system_tables.h) are read into rows here too. Functions in FROM (which, as in
 * PostgreSQL, may read the FROM items before them) and LATERAL subqueries are computed
 * relations: analysed here, their rows produced by from_computed_rows each time the loop
 * reading them starts, from the current rows of the relations before them.
 */
#ifndef QUILL_QUERY_FROM_H
#define QUILL_QUERY_FROM_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "query/execute.h"
#include "query/expr.h"

#define FROM_MAX_RELATIONS 64
/* Each join adds one item, a USING alias another: at most three per relation. */
#define FROM_MAX_ITEMS (3 * FROM_MAX_RELATIONS)

/* The result of a subquery, WITH query or set operation, kept in memory. */
typedef struct collected_rows {
    result_column *columns;
    int column_count;
    value **rows;
    int64_t count;
    int64_t capacity;
} collected_rows;

/* A sink that appends to rows (which starts zeroed). */
result_sink collected_rows_sink(collected_rows *rows);
bool collected_rows_add(query_context *ctx, collected_rows *rows, const value *values, int count);
/* Runs a SELECT that cannot see the enclosing query's columns, collecting its rows. */
bool from_materialize(query_context *ctx, const cJSON *select, collected_rows *out);
/* A table description of collected rows, so their columns resolve as a table's;
 * column_aliases (a list of names, may be NULL) renames the first ones. */
catalog_table *from_describe_rows(query_context *ctx, const char *name, const collected_rows *rows,
                                  const cJSON *column_aliases);
/* Runs each WITH query in order and makes it visible to the statement (ctx->ctes). */
bool from_bind_ctes(query_context *ctx, const cJSON *with);

/* A function in FROM (or ROWS FROM), or a LATERAL subquery. */
typedef struct from_computed from_computed;

/* The computed relation's rows for the current rows of the relations before it. */
bool from_computed_rows(query_context *ctx, const from_computed *c, value ***rows,
                        int64_t *count);
/* Does it read relations of its own FROM clause (so it must be recomputed for each of
 * their rows, never hashed or held)? */
bool from_computed_is_lateral(const from_computed *c);

typedef enum join_kind { JOIN_KIND_INNER, JOIN_KIND_LEFT, JOIN_KIND_RIGHT, JOIN_KIND_FULL } join_kind;

/* A JOIN: its left input holds relations [begin, middle), its right one [middle, end). */
typedef struct from_join {
    join_kind kind;
    int begin, middle, end;
    int parent;         /* the join this one is an input of, -1 for an entry of the FROM list */
    expr **conditions;  /* ON split at AND, or one equality per USING column */
    int condition_count;
} from_join;

typedef struct from_clause {
    analyze_scope *scope; /* its relations and items are the ones below */
    scope_relation relations[FROM_MAX_RELATIONS];
    /* The rows of a subquery, WITH query or system table (even none: never NULL for them);
     * NULL for a stored table. */
    value **materialized[FROM_MAX_RELATIONS];
    int64_t materialized_count[FROM_MAX_RELATIONS];
    /* A computed relation (its materialized rows are replaced when its loop starts), or
     * NULL. */
    const from_computed *computed[FROM_MAX_RELATIONS];
    int relation_count;
    from_join joins[FROM_MAX_RELATIONS];
    int join_count;
    scope_item items[FROM_MAX_ITEMS];
} from_clause;

/* Makes scope resolve names through from (empty so far). */
void from_init(from_clause *from, analyze_scope *scope);
/* Adds an entry of the FROM list: a table, WITH query, subquery or join. */
bool from_add(query_context *ctx, from_clause *from, const cJSON *item);
/* Adds a table under a name (UPDATE's and DELETE's target, with its alias or NULL). */
bool from_add_table(query_context *ctx, from_clause *from, const catalog_table *table,
                    const char *alias);
/* Adds collected rows as a relation (a set operation's result, read as "*SELECT*"). */
bool from_add_rows(query_context *ctx, from_clause *from, const char *name,
                   const catalog_table *table, const collected_rows *rows);

#endif
