/*
 * session_functions: built-in functions whose effect reaches past the statement: the
 * advisory locks (pg_advisory_lock and its family) and pg_notify.
 *
 * Owns the server's table of advisory locks: exclusive locks on a 64-bit key (or a pair
 * of 32-bit keys, a separate key space as in PostgreSQL) per database, held at session
 * level (until unlocked or the session ends, reentrant) or transaction level (until the
 * transaction ends). A session that asks for a lock another holds waits parked through
 * ctx->park (lock_timeout and statement_timeout apply), first come first served; a wait
 * that would close a cycle of advisory lock waits fails at once with 40P01. These locks
 * are unrelated to the row and table locks of query/row_locks. pg_notify goes to the
 * server through ctx->notify. Knows nothing of sockets.
 */
#ifndef QUILL_QUERY_SESSION_FUNCTIONS_H
#define QUILL_QUERY_SESSION_FUNCTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "query/functions.h"

typedef struct advisory_locks advisory_locks;
typedef struct advisory_holder advisory_holder;

/* One per server. */
advisory_locks *advisory_locks_create(void);
void advisory_locks_destroy(advisory_locks *locks);

/* One per session: the locks it holds in database, and what it waits for. */
advisory_holder *advisory_holder_create(advisory_locks *locks, const char *database);
/* Releases everything the session holds (it ends). */
void advisory_holder_destroy(advisory_holder *holder);
/* The transaction ended (committed or not): transaction-level locks go. */
void advisory_release_transaction(advisory_holder *holder);
/* pg_advisory_unlock_all(): session-level locks go. */
void advisory_release_session(advisory_holder *holder);

extern const function_definition session_functions[];
extern const size_t session_function_count;

#endif
