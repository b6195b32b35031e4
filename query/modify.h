/*
 * modify: INSERT, UPDATE and DELETE on tables.
 *
 * Builds complete rows (defaults, assignment casts, typmods), enforces NOT NULL (23502)
 * and primary-key uniqueness (23505) with PostgreSQL's messages, evaluates RETURNING,
 * and applies each statement's writes as one synced batch: all of it or none. Lends
 * INSERT's row building to COPY FROM (query/copy), so both fill and check rows alike.
 */
#ifndef QUILL_QUERY_MODIFY_H
#define QUILL_QUERY_MODIFY_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"
#include "query/table_data.h"

struct expr;

bool modify_insert(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);
bool modify_update(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);
bool modify_delete(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);

/* ---- new rows, as INSERT builds them (COPY FROM shares these) ---- */

/* Completes a row of t: given[i] assignment-cast into column positions[i] (its DEFAULT
 * where use_default[i]; use_default may be NULL), every other column its DEFAULT or NULL.
 * defaults holds each column's analysed DEFAULT expression, made on first use:
 * t->column_count entries, zeroed at first, kept as long as the rows are built. */
bool modify_complete_row(query_context *ctx, const catalog_table *t, struct expr **defaults,
                         const int *positions, const value *given, const bool *use_default,
                         int given_count, value *row);
/* Analyses the column's DEFAULT now, in the context's current arena, so that rows can then
 * be completed in memory released between rows. */
bool modify_analyze_default(query_context *ctx, const catalog_table *t, struct expr **defaults,
                            int column);
/* 23502 for a NULL in a NOT NULL column, with PostgreSQL's "Failing row" detail. */
bool modify_check_not_null(query_context *ctx, const catalog_table *t, const value *row);
/* Writes a complete, checked row into w as INSERT does without ON CONFLICT: 23505 if a
 * row holds its primary key already (rows written earlier in w count). */
bool modify_insert_row(query_context *ctx, const catalog_table *t, table_writes *w, value *row);

#endif
