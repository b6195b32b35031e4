/*
 * transaction: a transaction's writes until COMMIT, and its locks.
 *
 * Owns the write set of one transaction (every row key it wrote, with the row bytes or a
 * deletion, kept in a hash for point reads and sorted on demand for scans, plus the
 * LevelDB batch that applies them all at COMMIT) and the transaction's lock owner
 * (query/row_locks), whose locks it releases when it ends: after COMMIT only once the
 * batch is durable. The session keeps its transaction across statements; autocommit
 * statements are transactions of one statement.
 *
 * Isolation is READ COMMITTED as PostgreSQL shows it: a statement reads the latest
 * committed data plus its own transaction's writes; nothing a transaction writes is
 * visible to others before its COMMIT is applied, and no other writer builds on it before
 * it is durable. Writers lock the rows they change (modify.c); writers of different rows
 * run side by side and their commits share syncs.
 *
 * Must not know about sockets or SQL text; waiting goes through the query context.
 */
#ifndef QUILL_QUERY_TRANSACTION_H
#define QUILL_QUERY_TRANSACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"
#include "query/row_locks.h"
#include "storage/kv.h"

typedef struct transaction transaction;

/* locks NULL: a transaction no other can conflict with (a statement run on its own, as
 * in tests), which never waits. process_id names the session in deadlock reports. */
transaction *transaction_create(lock_manager *locks, int32_t process_id);
/* Rolls back what is left (releasing the locks) and frees. */
void transaction_destroy(transaction *t);
/* The owner of the transaction's locks (NULL: it takes none). */
lock_owner *transaction_lock_owner(const transaction *t);
/* Waits while another open transaction has written key (before an INSERT decides whether
 * the key is taken, as PostgreSQL waits for the inserter of a conflicting index entry).
 * false with the error recorded if the wait failed. */
bool transaction_wait_for_key_writers(query_context *ctx, transaction *t, const uint8_t *key,
                                      size_t key_length);

/* A statement of the transaction starts: its reads see the writes of the statements
 * before it, not its own (as PostgreSQL's command counter). */
void transaction_begin_statement(transaction *t);
/* Records a write (value NULL: the key is deleted). */
bool transaction_put(transaction *t, const uint8_t *key, size_t key_length, const uint8_t *value,
                     size_t value_length);
/* The transaction's version of a key as the current statement reads it: false if the
 * store's is (nothing written before this statement); else *value is NULL for a deletion.
 * The bytes stay valid until the statement ends. */
bool transaction_lookup(const transaction *t, const uint8_t *key, size_t key_length,
                        const uint8_t **value, size_t *value_length);
/* The batch of writes also carries the _seq high-water mark (see catalog). */
void transaction_note_row_seq(transaction *t);
bool transaction_is_empty(const transaction *t);

/* The written keys in [start, end) with the versions the current statement reads, sorted,
 * for a scan to merge with the store. */
typedef struct transaction_entry {
    const uint8_t *key;
    size_t key_length;
    const uint8_t *value; /* NULL: deleted */
    size_t value_length;
} transaction_entry;
bool transaction_range(query_context *ctx, const transaction *t, const uint8_t *start,
                       size_t start_length, const uint8_t *end, size_t end_length,
                       transaction_entry **entries, size_t *count);

/* COMMIT: applies the writes as one batch, waits until durable (ctx->await_durable),
 * then releases the locks. false with 58030 recorded if the write failed (nothing of it
 * was applied). The transaction is empty and unlocked afterwards either way. */
bool transaction_commit(query_context *ctx, transaction *t);
/* ROLLBACK: forgets the writes and releases the locks. */
void transaction_rollback(transaction *t);

#endif
