/*
 * extended: the extended query protocol: Parse, Bind, Describe, Execute, Close and
 * Sync, answered as PostgreSQL 15 answers them.
 *
 * Owns the messages' semantics (which errors, in which order, with which SQLSTATEs),
 * parameter values from text or binary, result formats per column, and the implicit
 * transaction that runs from the first message to Sync. Each function writes its answer
 * (or an ErrorResponse) to out and returns false after an error: the connection then
 * discards messages until Sync. Execute may run long, so the connection calls it on the
 * statement's coroutine.
 *
 * An Execute with a row limit runs its statement to the end at once: the rows past the
 * limit wait in the portal as DataRow messages for the next Execute (PortalSuspended in
 * between). PostgreSQL holds the rows of INSERT ... RETURNING the same way; for SELECT
 * it would stop the scan instead, which keeps less in memory.
 */
#ifndef QUILL_SERVER_EXTENDED_H
#define QUILL_SERVER_EXTENDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/message_writer.h"
#include "server/session.h"

bool extended_parse(session *s, message_writer *out, const uint8_t *body, size_t length);
bool extended_bind(session *s, message_writer *out, const uint8_t *body, size_t length);
bool extended_describe(session *s, message_writer *out, const uint8_t *body, size_t length);
bool extended_close(session *s, message_writer *out, const uint8_t *body, size_t length);
/* Execute's fields, copied out of the message before the statement starts. */
typedef struct execute_request {
    char *portal;
    int32_t max_rows;
} execute_request;
/* false after an ErrorResponse for a malformed message (req is then empty). */
bool extended_execute_request(session *s, message_writer *out, const uint8_t *body,
                              size_t length, execute_request *req);
bool extended_execute(session *s, message_writer *out, const execute_request *req);
/* The statement text the request's portal runs, or NULL if there is no such portal. */
const char *extended_execute_text(session *s, const execute_request *req, size_t *length);
/* Sync: commits the implicit transaction (an error if its writes could not be made
 * durable); the caller sends ReadyForQuery. */
void extended_sync(session *s, message_writer *out);

#endif
