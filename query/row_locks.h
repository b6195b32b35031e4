/*
 * row_locks: the lock manager that orders concurrent writers (rows, tables, transactions).
 *
 * Owns every lock the server's transactions hold or wait for, keyed by bytes: a row's
 * storage key (row locks, PostgreSQL's four tuple lock modes and their compatibility), a
 * table (writers hold ROW EXCLUSIVE, DDL and TRUNCATE ACCESS EXCLUSIVE), or a transaction
 * (its owner holds it until it ends, so that others can wait for its end). Waiters queue
 * FIFO and are parked through ctx->park: the loop keeps serving everyone else. After
 * deadlock_timeout a waiter looks for a cycle in the wait-for graph and, if it is in one,
 * fails with 40P01 (exactly one member of a cycle checks first and gives up). Everything
 * an owner holds is released at once when its transaction ends.
 *
 * Single-threaded (the loop thread). Knows nothing of tables' contents, write sets, SQL
 * text or sockets.
 */
#ifndef QUILL_QUERY_ROW_LOCKS_H
#define QUILL_QUERY_ROW_LOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"

typedef struct lock_manager lock_manager;
typedef struct lock_owner lock_owner;

/* Row modes (weakest first) apply to row keys, table modes to tables; a stronger mode
 * held covers a weaker request of the same family. */
typedef enum lock_mode {
    LOCK_FOR_KEY_SHARE,
    LOCK_FOR_SHARE,
    LOCK_FOR_NO_KEY_UPDATE,
    LOCK_FOR_UPDATE,
    LOCK_TABLE_ROW_SHARE,
    LOCK_TABLE_ROW_EXCLUSIVE,
    LOCK_TABLE_ACCESS_EXCLUSIVE,
} lock_mode;

/* What to do when the lock is held by another transaction. */
typedef enum lock_wait_policy {
    LOCK_WAIT_BLOCK,  /* wait (lock_timeout, statement_timeout, cancel and deadlocks end it) */
    LOCK_WAIT_NOWAIT, /* fail at once: LOCK_NOT_AVAILABLE */
    LOCK_WAIT_SKIP,   /* SKIP LOCKED: LOCK_NOT_AVAILABLE, no error */
} lock_wait_policy;

typedef enum lock_result {
    LOCK_GRANTED,       /* held now, without waiting */
    LOCK_GRANTED_AFTER_WAIT, /* held now; another transaction held it meanwhile */
    LOCK_NOT_AVAILABLE, /* NOWAIT / SKIP LOCKED and another transaction holds it */
    LOCK_FAILED,        /* the wait ended otherwise: error recorded in ctx */
} lock_result;

/* One per server. */
lock_manager *lock_manager_create(void);
void lock_manager_destroy(lock_manager *m);

/* One per session: the transactions of that session hold locks through it. process_id
 * names the session in deadlock reports; data is the owner's (its transaction). */
lock_owner *lock_owner_create(lock_manager *m, int32_t process_id, void *data);
/* Releases what it holds and frees. */
void lock_owner_destroy(lock_owner *o);
/* Releases every lock of the transaction (it ended), waking whoever can go on now. */
void lock_owner_release_all(lock_owner *o);

/* Takes key in mode for o's transaction. o NULL (a statement nothing can run against)
 * is always granted. */
lock_result lock_acquire(query_context *ctx, lock_owner *o, const uint8_t *key,
                         size_t key_length, lock_mode mode, lock_wait_policy policy);
/* The key of a table's lock (distinct from every row key). */
void lock_table_key(uint64_t table_id, uint8_t out[9]);
lock_result lock_table(query_context *ctx, lock_owner *o, uint64_t table_id, lock_mode mode);

/* The transactions other than o's that hold locks now, with their data; for a caller that
 * must find which of them wrote something. */
lock_owner *lock_owner_first_active(lock_manager *m);
lock_owner *lock_owner_next_active(lock_owner *o);
void *lock_owner_data(const lock_owner *o);
lock_manager *lock_owner_manager(const lock_owner *o);
/* Waits until the transaction of other ends (false: error recorded, as lock_acquire). */
bool lock_wait_for_transaction(query_context *ctx, lock_owner *o, lock_owner *other);

#endif
