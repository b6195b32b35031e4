/*
 * execute: runs one parsed statement of the kinds query/ implements and hands its rows
 * to a result_sink.
 *
 * The sink is how results leave the query layer: the server implements it (turning
 * values into DataRow messages), tests implement it to collect rows. Statements handled
 * elsewhere (session settings and transaction control live in server/) never reach
 * here; anything not implemented yet fails with 0A000 naming the statement kind.
 */
#ifndef QUILL_QUERY_EXECUTE_H
#define QUILL_QUERY_EXECUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/parse.h"
#include "query/query_context.h"
#include "query/value.h"

typedef struct result_column {
    const char *name;
    uint32_t type;
    int32_t typmod;
    bool from_unknown; /* an untyped literal resolved to text: a UNION may retype it */
} result_column;

typedef struct result_sink {
    void *state;
    /* Once per result set, before any row. On false the sink has recorded the error. */
    bool (*columns)(void *state, query_context *ctx, const result_column *columns, int count);
    bool (*row)(void *state, query_context *ctx, const value *values, int count);
} result_sink;

#define COMMAND_TAG_MAX 64

/* Runs the statement; on success *tag is its command tag ("SELECT 1"). */
bool execute_statement(query_context *ctx, const parsed_statement *statement,
                       const result_sink *sink, char tag[COMMAND_TAG_MAX]);

/* Does this kind of statement change data or the catalog? */
bool statement_writes(const char *node_kind);
/* Does the statement write only rows, through the transaction (so a block may hold it)? */
bool statement_is_transactional(const char *node_kind);

/* The SQL spelling of a statement node kind, for messages: "CreateStmt" -> "CREATE TABLE". */
const char *statement_kind_name(const char *node_kind);

#endif
