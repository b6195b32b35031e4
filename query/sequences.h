/*
 * sequences: CREATE/DROP SEQUENCE, serial columns, and nextval/currval/setval/lastval.
 *
 * Sequences live in the catalog (catalog_sequence_next never repeats a value, even after
 * a crash). This module resolves sequence names as PostgreSQL's regclass input does
 * ('Name' folds to lower case, "Name" keeps it, schema.name qualifies), and keeps each
 * session's last values for currval/lastval.
 */
#ifndef QUILL_QUERY_SEQUENCES_H
#define QUILL_QUERY_SEQUENCES_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "query/execute.h"

/* A session's currval memory; owned by the session. */
typedef struct sequence_memory sequence_memory;
sequence_memory *sequence_memory_create(void);
void sequence_memory_destroy(sequence_memory *m);
/* DISCARD SEQUENCES: forgets every currval and lastval. */
void sequence_memory_reset(sequence_memory *m);

bool sequence_create_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
bool sequence_drop_statement(query_context *ctx, const cJSON *node);

/* The sequence for a serial column of a table about to be created: name <table>_<column>_seq,
 * bounds of the column type. *default_tree receives the column's DEFAULT (nextval). */
bool sequence_create_for_serial(query_context *ctx, uint64_t namespace_id, const char *table,
                                const char *column, uint32_t type, uint64_t *id,
                                char **default_tree);
/* Hands serial sequences to their table once it exists (dropped with it). */
bool sequence_set_owner(query_context *ctx, uint64_t sequence_id, uint64_t table_id);
/* Drops the sequences a table owns. */
bool sequence_drop_owned(query_context *ctx, uint64_t table_id);

bool sequence_nextval(query_context *ctx, const value *name, value *out);
bool sequence_currval(query_context *ctx, const value *name, value *out);
bool sequence_lastval(query_context *ctx, value *out);
bool sequence_setval(query_context *ctx, const value *name, const value *number,
                     const value *is_called, value *out);

#endif
