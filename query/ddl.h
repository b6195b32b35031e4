/*
 * ddl: CREATE/DROP SCHEMA, CREATE/DROP/ALTER TABLE, TRUNCATE.
 *
 * Turns the statement's parse tree into catalog changes, with PostgreSQL's checks and
 * messages (duplicate names, unknown types, key columns, IF [NOT] EXISTS notices,
 * RESTRICT/CASCADE). Column defaults are validated here and stored as parse trees
 * detached from the statement text. Dropping a table removes its catalog record; its
 * rows are deleted in the background (server/), TRUNCATE deletes them at once.
 */
#ifndef QUILL_QUERY_DDL_H
#define QUILL_QUERY_DDL_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"

bool ddl_create_schema(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
bool ddl_create_table(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
/* DROP TABLE / DROP SCHEMA (DropStmt); other object kinds fail with 0A000. */
bool ddl_drop(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
bool ddl_truncate(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
/* ALTER TABLE ... ADD/DROP COLUMN, ALTER COLUMN SET/DROP DEFAULT, SET/DROP NOT NULL. */
bool ddl_alter_table(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
/* ALTER TABLE ... RENAME COLUMN / RENAME TO. */
bool ddl_rename(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);

#endif
