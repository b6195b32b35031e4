#include "storage/kv.h"

#include <leveldb/c.h>
#include <stdlib.h>
#include <string.h>

struct kv_store {
    leveldb_t *db;
    leveldb_options_t *options;
    leveldb_cache_t *cache;
    leveldb_filterpolicy_t *filter;
    leveldb_readoptions_t *read_options;
    leveldb_writeoptions_t *sync_write;
    leveldb_writeoptions_t *async_write;
};

struct kv_batch {
    leveldb_writebatch_t *batch;
};

struct kv_iterator {
    leveldb_iterator_t *it;
    leveldb_readoptions_t *read_options;
};

struct kv_snapshot {
    const leveldb_snapshot_t *snapshot;
    leveldb_readoptions_t *read_options; /* reads at the snapshot */
};

static kv_status status_from_error(char *leveldb_error, char **error)
{
    if (leveldb_error == NULL)
        return KV_OK;
    /* LevelDB reports a held LOCK file as "IO error: lock <dir>/LOCK: <reason>". */
    kv_status status = strncmp(leveldb_error, "IO error: lock ", 15) == 0 ? KV_LOCKED : KV_IO_ERROR;
    if (error != NULL)
        *error = strdup(leveldb_error);
    leveldb_free(leveldb_error);
    return status;
}

static void store_free(kv_store *s)
{
    if (s->db != NULL)
        leveldb_close(s->db);
    if (s->options != NULL)
        leveldb_options_destroy(s->options);
    if (s->cache != NULL)
        leveldb_cache_destroy(s->cache);
    if (s->filter != NULL)
        leveldb_filterpolicy_destroy(s->filter);
    if (s->read_options != NULL)
        leveldb_readoptions_destroy(s->read_options);
    if (s->sync_write != NULL)
        leveldb_writeoptions_destroy(s->sync_write);
    if (s->async_write != NULL)
        leveldb_writeoptions_destroy(s->async_write);
    free(s);
}

kv_status kv_open(const char *path, const kv_options *options, kv_store **out, char **error)
{
    *out = NULL;
    kv_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return KV_NO_MEMORY;
    s->options = leveldb_options_create();
    s->cache = leveldb_cache_create_lru(options->block_cache_bytes);
    s->filter = leveldb_filterpolicy_create_bloom(10);
    s->read_options = leveldb_readoptions_create();
    s->sync_write = leveldb_writeoptions_create();
    s->async_write = leveldb_writeoptions_create();
    if (s->options == NULL || s->cache == NULL || s->filter == NULL || s->read_options == NULL ||
        s->sync_write == NULL || s->async_write == NULL) {
        store_free(s);
        return KV_NO_MEMORY;
    }
    leveldb_options_set_create_if_missing(s->options, 1);
    leveldb_options_set_paranoid_checks(s->options, 1);
    leveldb_options_set_cache(s->options, s->cache);
    leveldb_options_set_filter_policy(s->options, s->filter);
    leveldb_options_set_write_buffer_size(s->options, options->write_buffer_bytes);
    leveldb_writeoptions_set_sync(s->sync_write, 1);
    leveldb_writeoptions_set_sync(s->async_write, 0);

    char *leveldb_error = NULL;
    s->db = leveldb_open(s->options, path, &leveldb_error);
    kv_status status = status_from_error(leveldb_error, error);
    if (status != KV_OK) {
        s->db = NULL;
        store_free(s);
        return status;
    }
    *out = s;
    return KV_OK;
}

void kv_close(kv_store *store)
{
    if (store != NULL)
        store_free(store);
}

kv_snapshot *kv_snapshot_create(kv_store *store)
{
    kv_snapshot *s = malloc(sizeof *s);
    if (s == NULL)
        return NULL;
    s->read_options = leveldb_readoptions_create();
    if (s->read_options == NULL) {
        free(s);
        return NULL;
    }
    s->snapshot = leveldb_create_snapshot(store->db);
    leveldb_readoptions_set_snapshot(s->read_options, s->snapshot);
    return s;
}

void kv_snapshot_release(kv_store *store, kv_snapshot *snapshot)
{
    if (snapshot == NULL)
        return;
    leveldb_release_snapshot(store->db, snapshot->snapshot);
    leveldb_readoptions_destroy(snapshot->read_options);
    free(snapshot);
}

kv_status kv_get(kv_store *store, const void *key, size_t key_length, char **value,
                 size_t *value_length, char **error)
{
    return kv_get_at(store, NULL, key, key_length, value, value_length, error);
}

kv_status kv_get_at(kv_store *store, const kv_snapshot *snapshot, const void *key,
                    size_t key_length, char **value, size_t *value_length, char **error)
{
    char *leveldb_error = NULL;
    size_t length = 0;
    char *found = leveldb_get(store->db,
                              snapshot != NULL ? snapshot->read_options : store->read_options,
                              key, key_length, &length, &leveldb_error);
    *value = NULL;
    *value_length = 0;
    kv_status status = status_from_error(leveldb_error, error);
    if (status != KV_OK)
        return status == KV_LOCKED ? KV_IO_ERROR : status;
    if (found == NULL)
        return KV_NOT_FOUND;
    /* Re-home into malloc memory so callers never need leveldb_free. */
    char *copy = malloc(length + 1);
    if (copy == NULL) {
        leveldb_free(found);
        return KV_NO_MEMORY;
    }
    memcpy(copy, found, length);
    copy[length] = '\0';
    leveldb_free(found);
    *value = copy;
    *value_length = length;
    return KV_OK;
}

kv_batch *kv_batch_create(void)
{
    kv_batch *b = malloc(sizeof *b);
    if (b == NULL)
        return NULL;
    b->batch = leveldb_writebatch_create();
    if (b->batch == NULL) {
        free(b);
        return NULL;
    }
    return b;
}

void kv_batch_destroy(kv_batch *batch)
{
    if (batch == NULL)
        return;
    leveldb_writebatch_destroy(batch->batch);
    free(batch);
}

void kv_batch_put(kv_batch *batch, const void *key, size_t key_length, const void *value,
                  size_t value_length)
{
    leveldb_writebatch_put(batch->batch, key, key_length, value, value_length);
}

void kv_batch_delete(kv_batch *batch, const void *key, size_t key_length)
{
    leveldb_writebatch_delete(batch->batch, key, key_length);
}

void kv_batch_clear(kv_batch *batch)
{
    leveldb_writebatch_clear(batch->batch);
}

kv_status kv_batch_write(kv_store *store, kv_batch *batch, bool sync, char **error)
{
    char *leveldb_error = NULL;
    leveldb_write(store->db, sync ? store->sync_write : store->async_write, batch->batch,
                  &leveldb_error);
    kv_status status = status_from_error(leveldb_error, error);
    return status == KV_LOCKED ? KV_IO_ERROR : status;
}

kv_status kv_sync(kv_store *store, char **error)
{
    leveldb_writebatch_t *empty = leveldb_writebatch_create();
    if (empty == NULL)
        return KV_NO_MEMORY;
    char *leveldb_error = NULL;
    leveldb_write(store->db, store->sync_write, empty, &leveldb_error);
    leveldb_writebatch_destroy(empty);
    kv_status status = status_from_error(leveldb_error, error);
    return status == KV_LOCKED ? KV_IO_ERROR : status;
}

void kv_batch_append(kv_batch *dst, const kv_batch *src)
{
    leveldb_writebatch_append(dst->batch, src->batch);
}

void kv_compact_range(kv_store *store, const void *start, size_t start_length, const void *end,
                      size_t end_length)
{
    leveldb_compact_range(store->db, start, start_length, end, end_length);
}

kv_iterator *kv_iterator_create(kv_store *store)
{
    return kv_iterator_create_at(store, NULL);
}

kv_iterator *kv_iterator_create_at(kv_store *store, const kv_snapshot *snapshot)
{
    kv_iterator *it = malloc(sizeof *it);
    if (it == NULL)
        return NULL;
    it->read_options = leveldb_readoptions_create();
    if (it->read_options == NULL) {
        free(it);
        return NULL;
    }
    /* Scans should not evict the point-lookup working set from the block cache. */
    leveldb_readoptions_set_fill_cache(it->read_options, 0);
    if (snapshot != NULL)
        leveldb_readoptions_set_snapshot(it->read_options, snapshot->snapshot);
    it->it = leveldb_create_iterator(store->db, it->read_options);
    if (it->it == NULL) {
        leveldb_readoptions_destroy(it->read_options);
        free(it);
        return NULL;
    }
    return it;
}

void kv_iterator_destroy(kv_iterator *it)
{
    if (it == NULL)
        return;
    leveldb_iter_destroy(it->it);
    leveldb_readoptions_destroy(it->read_options);
    free(it);
}

void kv_iterator_seek(kv_iterator *it, const void *key, size_t key_length)
{
    leveldb_iter_seek(it->it, key, key_length);
}

bool kv_iterator_valid(const kv_iterator *it)
{
    return leveldb_iter_valid(it->it) != 0;
}

void kv_iterator_next(kv_iterator *it)
{
    leveldb_iter_next(it->it);
}

const char *kv_iterator_key(const kv_iterator *it, size_t *length)
{
    return leveldb_iter_key(it->it, length);
}

const char *kv_iterator_value(const kv_iterator *it, size_t *length)
{
    return leveldb_iter_value(it->it, length);
}

kv_status kv_iterator_status(const kv_iterator *it, char **error)
{
    char *leveldb_error = NULL;
    leveldb_iter_get_error(it->it, &leveldb_error);
    kv_status status = status_from_error(leveldb_error, error);
    return status == KV_LOCKED ? KV_IO_ERROR : status;
}
