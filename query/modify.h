/*
 * modify: INSERT, UPDATE and DELETE on tables.
 *
 * Builds complete rows (defaults, assignment casts, typmods), enforces NOT NULL (23502)
 * and primary-key uniqueness (23505) with PostgreSQL's messages, evaluates RETURNING,
 * and applies each statement's writes as one synced batch: all of it or none.
 */
#ifndef QUILL_QUERY_MODIFY_H
#define QUILL_QUERY_MODIFY_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"

bool modify_insert(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);
bool modify_update(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);
bool modify_delete(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX]);

#endif
