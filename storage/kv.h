/*
 * kv: the one LevelDB database of a data directory, behind a small interface.
 *
 * Owns opening (with the block cache and write buffer sizes given), point reads, atomic
 * write batches (synced when the caller asks, which is every commit), ordered iteration,
 * and snapshots to read at. Every LevelDB status is turned into a kv_status plus a
 * message; nothing here aborts. Knows nothing of tables or SQL: keys and values are bytes.
 */
#ifndef QUILL_STORAGE_KV_H
#define QUILL_STORAGE_KV_H

#include <stdbool.h>
#include <stddef.h>

typedef enum kv_status {
    KV_OK = 0,
    KV_NOT_FOUND,
    KV_LOCKED,   /* another process holds the database (LevelDB's LOCK file) */
    KV_IO_ERROR, /* any other LevelDB failure: SQLSTATE 58030 for a statement */
    KV_NO_MEMORY,
} kv_status;

typedef struct kv_options {
    size_t block_cache_bytes;
    size_t write_buffer_bytes;
} kv_options;

#define KV_DEFAULT_BLOCK_CACHE_BYTES ((size_t)64 << 20)
#define KV_DEFAULT_WRITE_BUFFER_BYTES ((size_t)4 << 20)

typedef struct kv_store kv_store;
typedef struct kv_batch kv_batch;
typedef struct kv_iterator kv_iterator;
typedef struct kv_snapshot kv_snapshot;

/* Creates the database if missing. On failure *error (malloc'd, caller frees) says why. */
kv_status kv_open(const char *path, const kv_options *options, kv_store **out, char **error);
void kv_close(kv_store *store);

/* *value is malloc'd (caller frees with free()); KV_NOT_FOUND leaves it NULL. */
kv_status kv_get(kv_store *store, const void *key, size_t key_length, char **value,
                 size_t *value_length, char **error);

/* A consistent view of the database as it is now, for reads that must not see later
 * writes (REPEATABLE READ); NULL: out of memory. Release it with the store it came from. */
kv_snapshot *kv_snapshot_create(kv_store *store);
void kv_snapshot_release(kv_store *store, kv_snapshot *snapshot);
/* kv_get as of a snapshot (NULL: the latest data). */
kv_status kv_get_at(kv_store *store, const kv_snapshot *snapshot, const void *key,
                    size_t key_length, char **value, size_t *value_length, char **error);

kv_batch *kv_batch_create(void);
void kv_batch_destroy(kv_batch *batch);
void kv_batch_put(kv_batch *batch, const void *key, size_t key_length, const void *value,
                  size_t value_length);
void kv_batch_delete(kv_batch *batch, const void *key, size_t key_length);
void kv_batch_clear(kv_batch *batch);
/* Appends src's operations to dst, after dst's own (src is left as it was). */
void kv_batch_append(kv_batch *dst, const kv_batch *src);
/* Applies the batch atomically; with sync, returns only once it is on disk. */
kv_status kv_batch_write(kv_store *store, kv_batch *batch, bool sync, char **error);
/* Makes every write applied so far durable (a synced empty write: LevelDB appends it to
 * the same log and fsyncs it). Safe to call from another thread than the writers'. */
kv_status kv_sync(kv_store *store, char **error);

/* LevelDB's manual compaction of the keys in [start, end): their files are rewritten
 * without deleted and overwritten versions. Blocks until done (VACUUM). */
void kv_compact_range(kv_store *store, const void *start, size_t start_length, const void *end,
                      size_t end_length);

kv_iterator *kv_iterator_create(kv_store *store);
/* An iterator over a snapshot (NULL: the latest data). */
kv_iterator *kv_iterator_create_at(kv_store *store, const kv_snapshot *snapshot);
void kv_iterator_destroy(kv_iterator *it);
void kv_iterator_seek(kv_iterator *it, const void *key, size_t key_length);
bool kv_iterator_valid(const kv_iterator *it);
void kv_iterator_next(kv_iterator *it);
const char *kv_iterator_key(const kv_iterator *it, size_t *length);
const char *kv_iterator_value(const kv_iterator *it, size_t *length);
/* Checked once iteration ends: an iterator also stops on an I/O error. */
kv_status kv_iterator_status(const kv_iterator *it, char **error);

#endif
