/*
 * select: SELECT statements: FROM (read by from), WHERE, GROUP BY, HAVING, aggregates,
 * DISTINCT, ORDER BY, LIMIT/OFFSET, set operations.
 *
 * Plans each table access (primary-key point lookup, key-prefix or range scan, else a
 * full scan with the filter applied) and runs nested loops over the relations: a hash
 * join where an equality allows, an outer join's NULL-extended side decided once the
 * loops below it are done, rows gathered once where a FULL JOIN or a joined side must
 * be held (all against work_mem). Streams rows to the sink unless sorting, grouping or
 * DISTINCT needs them all first. Also reads the rows UPDATE and DELETE change.
 */
#ifndef QUILL_QUERY_SELECT_H
#define QUILL_QUERY_SELECT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"
#include "query/table_data.h"
#include "storage/key_encoding.h"

bool select_execute(query_context *ctx, const cJSON *select, const result_sink *sink,
                    char tag[COMMAND_TAG_MAX]);
/* EXPLAIN of a SELECT: the access path chosen for each table and the steps above them. */
bool select_explain(query_context *ctx, const cJSON *explain, const result_sink *sink,
                    char tag[COMMAND_TAG_MAX]);

#endif

/* A subquery used in an expression: its result columns and rows. */
typedef struct subquery_result {
    const result_column *columns;
    int column_count;
    value **rows;
    int64_t count;
    bool correlated; /* reads the enclosing query's columns: rerun for every outer row */
} subquery_result;

/* Runs (or, with describe_only, only analyses) a subquery inside the current scope. */
bool select_subquery(query_context *ctx, const cJSON *select, bool describe_only,
                     subquery_result *out);

/* The rows UPDATE / DELETE change: the same planning as SELECT. Between begin and run the
 * caller may analyse more expressions in ctx->scope (SET values, RETURNING), where the
 * target table is relation 0 and FROM / USING tables follow. With joined tables a target
 * row may reach the callback more than once; the caller acts on the first. */
typedef struct table_query table_query;
typedef bool (*table_row_callback)(void *arg, query_context *ctx, value *row,
                                   const key_buffer *key);

/* from: the FROM / USING list joined to the target table (NULL for none). */
table_query *table_query_begin(query_context *ctx, const catalog_table *t, const char *alias,
                               const cJSON *where, const cJSON *from);
bool table_query_run(query_context *ctx, table_query *q, table_row_callback callback, void *arg);
void table_query_end(query_context *ctx, table_query *q);
/* Whether the target's soft-deleted rows are read too (a condition reads _deleted). */
table_rows table_query_rows(const table_query *q);
/* Inside the callback, after the target row (relation 0) was replaced by a newer version:
 * does the WHERE clause still hold for it, with the other relations' rows unchanged? */
bool table_query_recheck(query_context *ctx, table_query *q, bool *holds);
