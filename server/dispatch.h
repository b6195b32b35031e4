/*
 * dispatch: runs a Simple Query message for a session and writes every response
 * message except the final ReadyForQuery; and the steps of running a statement that the
 * extended protocol (server/extended) shares with it.
 *
 * Owns statement routing (session settings and transaction control here; everything
 * else to query/, after the dialect rewrite, whose error positions it maps back to the
 * client's text), PostgreSQL's rules for a string of several statements (one implicit
 * transaction, stop at the first error), and the translation of query results and
 * errors into protocol messages.
 */
#ifndef QUILL_SERVER_DISPATCH_H
#define QUILL_SERVER_DISPATCH_H

#include <stddef.h>

#include "protocol/message_writer.h"
#include "query/dialect.h"
#include "query/execute.h"
#include "query/parse.h"
#include "server/session.h"

void dispatch_simple_query(session *s, message_writer *out, const char *query, size_t length);

/* A statement's context: the session's arena, names and settings; text is what error
 * positions and the parse tree's locations refer to. */
void dispatch_context_init(session *s, query_context *ctx, const char *text, size_t length);
/* The client's text -> statements, through the dialect rewrite (every protocol parses
 * through here): ctx's text becomes the rewritten one, which the tree's locations point
 * into; a statement wrapped in EXECUTE AS USER gets its run_as. */
bool dispatch_parse(query_context *ctx, const char *text, size_t length,
                    dialect_rewrite *rewrite, parse_result *out);
/* Opens the implicit transaction if none is open; sets what now() reports; the
 * statement's reads see its transaction's earlier writes. implicit_block: the statement
 * shares an implicit transaction with others (a multi-statement string, or the extended
 * protocol's statements until Sync). */
void dispatch_begin_statement(session *s, query_context *ctx, bool implicit_block);
/* After an error: a transaction block fails, an implicit transaction rolls back. */
void dispatch_statement_failed(session *s, query_context *ctx);
/* Commits the implicit transaction, if one is open (extended protocol: at Sync); false
 * with the error in ctx if its writes could not be made durable. */
bool dispatch_end_implicit_transaction(session *s, query_context *ctx);
/* Statements allowed in a failed transaction block (COMMIT, ROLLBACK). */
bool dispatch_ends_failed_transaction(const parsed_statement *st);
/* Runs one statement as the only one of its string, rows to sink; settings it changed
 * apply to ctx afterwards. */
bool dispatch_run_statement(session *s, message_writer *out, query_context *ctx,
                            const parsed_statement *st, const result_sink *sink,
                            char tag[COMMAND_TAG_MAX]);
/* The result columns of a statement that query/ does not analyse: SHOW's (to sink), or
 * none. */
bool dispatch_describe_utility(session *s, query_context *ctx, const parsed_statement *st,
                               const result_sink *sink, bool *returns_rows);

/* RowDescription and DataRow; formats NULL means text for every column. */
bool dispatch_row_description(message_writer *out, query_context *ctx,
                              const result_column *columns, int count, const int16_t *formats);
bool dispatch_data_row(message_writer *out, query_context *ctx, const value *values, int count,
                       const int16_t *formats);
void dispatch_send_error(message_writer *out, const sql_error *e);

#endif
