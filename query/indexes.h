/*
 * indexes: secondary indexes and key constraints as DDL, and VACUUM / ANALYZE.
 *
 * Owns CREATE [UNIQUE] INDEX, DROP INDEX, the UNIQUE and PRIMARY KEY constraints of
 * CREATE TABLE and ALTER TABLE (names chosen as PostgreSQL chooses them: t_pkey,
 * t_a_key, t_a_idx), and applying a changed table definition to the stored data: a new
 * primary key moves every row (of every user) from its old key to the new one, a new
 * index is backfilled, in the same synced batch as the catalog record; a dropped index's
 * entries go to the background purge. Keeping entries current on writes is
 * query/table_data's. Must not know about sockets or sessions.
 */
#ifndef QUILL_QUERY_INDEXES_H
#define QUILL_QUERY_INDEXES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"

/* Adds an index to the definition t (statement memory): columns are the key's names
 * (a list of String or IndexElem nodes), name NULL for PostgreSQL's generated one
 * ("<table>_<columns>_key" for a constraint, "_idx" for an index). */
bool index_define(query_context *ctx, catalog_table *t, const char *name, const cJSON *columns,
                  bool unique, bool constraint, int location);
/* Names the primary key constraint of t: name, or "<table>_pkey" as PostgreSQL makes it. */
bool index_name_primary_key(query_context *ctx, catalog_table *t, const char *name);
/* ALTER TABLE ... DROP COLUMN: the indexes and UNIQUE constraints using the column go
 * with it, as in PostgreSQL. */
bool index_drop_on_column(query_context *ctx, catalog_table *t, int column);
/* ALTER TABLE ... DROP CONSTRAINT on the definition t (primary key or UNIQUE). */
bool index_drop_constraint(query_context *ctx, catalog_table *t, const cJSON *cmd);
/* Writes the definition t over old, moving rows to a new primary key and backfilling new
 * indexes as needed, all in one synced batch with the record. */
bool index_apply_table_change(query_context *ctx, const catalog_table *old, catalog_table *t);

bool index_create_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
/* DROP INDEX (a DropStmt of OBJECT_INDEX). */
bool index_drop_statement(query_context *ctx, const cJSON *node);
/* VACUUM [FULL] [ANALYZE] [VERBOSE] [t, ...] and ANALYZE [t, ...]. */
bool index_vacuum_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);

#endif
