/*
 * copy: COPY ... FROM STDIN and COPY ... TO STDOUT, in PostgreSQL's text and CSV formats.
 *
 * Owns COPY's options, reading rows out of the client's data however it was cut into
 * pieces (lines, backslash escapes, CSV quoting, the \. end marker, UTF-8 checks), turning
 * them into rows as INSERT does (query/modify: defaults, casts, NOT NULL, 23505), and
 * writing rows out as text or CSV. Errors carry PostgreSQL's CONTEXT line ("COPY t, line
 * 3, column b: ..."). A COPY FROM writes through table_writes as one batch: all rows or
 * none. The bytes travel through a copy_channel the server installs; nothing here knows
 * protocol messages. QuillDB never reads or writes files on the server.
 */
#ifndef QUILL_QUERY_COPY_H
#define QUILL_QUERY_COPY_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/execute.h"

/* The client end of COPY, as the server relays it (query_context.copy). Every function
 * returns false with the error recorded when the client cannot be reached. */
typedef struct copy_channel {
    /* COPY FROM STDIN is ready for column_count text columns (CopyInResponse). */
    bool (*begin_in)(void *arg, query_context *ctx, int column_count);
    /* The client's next piece of data, valid until the next call; *end once the client
     * has sent all (CopyDone). Fails when the client abandons the COPY (57014), sends
     * something else (08P01) or goes away. */
    bool (*read)(void *arg, query_context *ctx, const uint8_t **data, size_t *length,
                 bool *end);
    /* COPY TO STDOUT: the start (CopyOutResponse), one piece (one CopyData), the end. */
    bool (*begin_out)(void *arg, query_context *ctx, int column_count);
    bool (*write)(void *arg, query_context *ctx, const uint8_t *data, size_t length);
    bool (*end_out)(void *arg, query_context *ctx);
} copy_channel;

/* Runs a CopyStmt; *tag becomes "COPY n". */
bool copy_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);

/* Does this CopyStmt write (COPY FROM, or COPY (INSERT/UPDATE/DELETE ... RETURNING) TO)? */
bool copy_statement_writes(const cJSON *node);

#endif
