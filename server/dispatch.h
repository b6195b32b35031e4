/*
 * dispatch: runs a Simple Query message for a session and writes every response
 * message except the final ReadyForQuery.
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
#include "server/session.h"

void dispatch_simple_query(session *s, message_writer *out, const char *query, size_t length);

#endif
