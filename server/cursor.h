/*
 * cursor: a session's SQL cursors: DECLARE, FETCH, MOVE and CLOSE.
 *
 * A cursor's rows are computed when it is declared and kept in the cursor's own memory,
 * which gives the results PostgreSQL's cursors give (a cursor sees the data as of its
 * DECLARE) and makes every direction of FETCH cheap; the cost is memory for cursors over
 * many rows. Cursors without HOLD end with their transaction; WITH HOLD ones outlive its
 * commit (a rollback still drops those it declared). Knows nothing of sockets: rows go
 * to the caller's sinks.
 */
#ifndef QUILL_SERVER_CURSOR_H
#define QUILL_SERVER_CURSOR_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"

typedef struct cursor_store cursor_store;

cursor_store *cursor_store_create(void);
void cursor_store_destroy(cursor_store *store);

/* DECLARE name [BINARY] [[NO] SCROLL] CURSOR [WITH[OUT] HOLD] FOR query; in_block says
 * whether a transaction block (explicit or implicit) is open. */
bool cursor_declare(cursor_store *store, query_context *ctx, const cJSON *node, bool in_block,
                    char tag[COMMAND_TAG_MAX]);
/* FETCH / MOVE: rows to sink, or to binary_sink for a BINARY cursor. */
bool cursor_fetch(cursor_store *store, query_context *ctx, const cJSON *node,
                  const result_sink *sink, const result_sink *binary_sink,
                  char tag[COMMAND_TAG_MAX]);
/* The result columns a FETCH will have (Describe of a FETCH statement): none, without an
 * error, if the cursor does not exist. */
bool cursor_describe_fetch(cursor_store *store, query_context *ctx, const cJSON *node,
                           const result_sink *sink, bool *returns_rows);
/* A DECLAREd cursor is also a portal of the extended protocol, as in PostgreSQL. Its
 * result columns; false if there is no such cursor. */
bool cursor_portal_columns(cursor_store *store, const char *name, const result_column **columns,
                           int *count);
/* Execute of the cursor's portal: up to max_rows rows forward (0: all that are left) to
 * sink; *sent counts them. The caller checked that the cursor exists. */
bool cursor_portal_execute(cursor_store *store, query_context *ctx, const char *name,
                           int64_t max_rows, const result_sink *sink, int64_t *sent);
/* CLOSE name | ALL. */
bool cursor_close(cursor_store *store, query_context *ctx, const cJSON *node,
                  char tag[COMMAND_TAG_MAX]);
void cursor_close_all(cursor_store *store);
/* The transaction ended: cursors without HOLD go, and a rollback drops the WITH HOLD
 * cursors it declared. */
void cursor_transaction_end(cursor_store *store, bool committed);

#endif
