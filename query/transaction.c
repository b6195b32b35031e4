#include "query/transaction.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "query/row_locks.h"
#include "storage/key_encoding.h"

/* ---- the write set ---- */

#define TABLES_TRACKED 16
#define TABLE_PREFIX_LENGTH 9

/* A written key. Reads of a statement see the transaction as it was when the statement
 * began (as PostgreSQL's command counter makes them), so an entry first written by the
 * current statement keeps what it held before. */
typedef struct write_entry {
    uint8_t *key; /* NULL: free slot */
    size_t key_length;
    uint8_t *value; /* NULL: a deletion */
    size_t value_length;
    uint64_t statement; /* the statement that wrote it last */
    bool had_before;    /* it was written before that statement... */
    uint8_t *before;    /* ...with these bytes (NULL: a deletion) */
    size_t before_length;
} write_entry;

struct transaction {
    lock_owner *locks; /* NULL: a transaction nothing runs against */
    kv_batch *batch;
    write_entry *slots; /* open addressing, power-of-two capacity */
    size_t capacity;
    size_t count;
    size_t visible_count; /* entries the current statement reads (written before it) */
    /* The tables written (key space byte + table id), so that a scan of another table
     * skips the write set at once; more than TABLES_TRACKED: no shortcut. */
    uint8_t tables[TABLES_TRACKED][TABLE_PREFIX_LENGTH];
    int table_count;
    uint64_t statement; /* counts statements, so writes know which one made them */
    bool uses_row_seq;
};

transaction *transaction_create(lock_manager *locks, int32_t process_id)
{
    transaction *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    if (locks != NULL && (t->locks = lock_owner_create(locks, process_id, t)) == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

lock_owner *transaction_lock_owner(const transaction *t)
{
    return t->locks;
}

static void clear_writes(transaction *t)
{
    for (size_t i = 0; i < t->capacity; i++) {
        free(t->slots[i].key);
        free(t->slots[i].value);
        free(t->slots[i].before);
    }
    free(t->slots);
    t->slots = NULL;
    t->capacity = t->count = t->visible_count = 0;
    t->table_count = 0;
    kv_batch_destroy(t->batch);
    t->batch = NULL;
    t->uses_row_seq = false;
}

void transaction_rollback(transaction *t)
{
    clear_writes(t);
    lock_owner_release_all(t->locks);
}

void transaction_destroy(transaction *t)
{
    if (t == NULL)
        return;
    transaction_rollback(t);
    lock_owner_destroy(t->locks);
    free(t);
}

static write_entry *find_slot(write_entry *slots, size_t capacity, const uint8_t *key,
                              size_t length)
{
    size_t i = key_hash(key, length) & (capacity - 1);
    for (;;) {
        write_entry *s = &slots[i];
        if (s->key == NULL ||
            (s->key_length == length && memcmp(s->key, key, length) == 0))
            return s;
        i = (i + 1) & (capacity - 1);
    }
}

static void note_table(transaction *t, const uint8_t *key, size_t key_length)
{
    if (t->table_count > TABLES_TRACKED || key_length < TABLE_PREFIX_LENGTH)
        return;
    for (int i = 0; i < t->table_count; i++) {
        if (memcmp(t->tables[i], key, TABLE_PREFIX_LENGTH) == 0)
            return;
    }
    if (t->table_count == TABLES_TRACKED) {
        t->table_count = TABLES_TRACKED + 1;
        return;
    }
    memcpy(t->tables[t->table_count++], key, TABLE_PREFIX_LENGTH);
}

/* Could a key in [start, ...) of this table have been written? */
static bool may_hold_table(const transaction *t, const uint8_t *start, size_t start_length)
{
    if (t->table_count > TABLES_TRACKED || start_length < TABLE_PREFIX_LENGTH)
        return true;
    for (int i = 0; i < t->table_count; i++) {
        if (memcmp(t->tables[i], start, TABLE_PREFIX_LENGTH) == 0)
            return true;
    }
    return false;
}

static bool grow(transaction *t)
{
    size_t capacity = t->capacity ? t->capacity * 2 : 64;
    write_entry *slots = calloc(capacity, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < t->capacity; i++) {
        if (t->slots[i].key != NULL)
            *find_slot(slots, capacity, t->slots[i].key, t->slots[i].key_length) = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->capacity = capacity;
    return true;
}

bool transaction_put(transaction *t, const uint8_t *key, size_t key_length, const uint8_t *value,
                     size_t value_length)
{
    if (t->batch == NULL && (t->batch = kv_batch_create()) == NULL)
        return false;
    if ((t->count + 1) * 2 > t->capacity && !grow(t))
        return false;
    uint8_t *value_copy = NULL;
    if (value != NULL) {
        value_copy = malloc(value_length > 0 ? value_length : 1);
        if (value_copy == NULL)
            return false;
        memcpy(value_copy, value, value_length);
    }
    write_entry *s = find_slot(t->slots, t->capacity, key, key_length);
    if (s->key == NULL) {
        s->key = malloc(key_length > 0 ? key_length : 1);
        if (s->key == NULL) {
            free(value_copy);
            return false;
        }
        memcpy(s->key, key, key_length);
        s->key_length = key_length;
        s->statement = t->statement;
        s->had_before = false;
        t->count++;
        note_table(t, key, key_length);
    } else if (s->statement != t->statement) {
        /* First write of this statement: what earlier statements left is what it reads. */
        free(s->before);
        s->had_before = true;
        s->before = s->value;
        s->before_length = s->value_length;
        s->value = NULL;
        s->statement = t->statement;
    }
    free(s->value);
    s->value = value_copy;
    s->value_length = value_length;
    if (value != NULL)
        kv_batch_put(t->batch, key, key_length, value, value_length);
    else
        kv_batch_delete(t->batch, key, key_length);
    return true;
}

void transaction_begin_statement(transaction *t)
{
    t->statement++;
    t->visible_count = t->count;
}

/* The version of an entry the current statement reads: false if none (the store's). */
static bool visible_version(const transaction *t, const write_entry *s, const uint8_t **value,
                            size_t *value_length)
{
    if (s->statement != t->statement) {
        *value = s->value;
        *value_length = s->value_length;
        return true;
    }
    if (!s->had_before)
        return false;
    *value = s->before;
    *value_length = s->before_length;
    return true;
}

bool transaction_lookup(const transaction *t, const uint8_t *key, size_t key_length,
                        const uint8_t **value, size_t *value_length)
{
    if (t->capacity == 0)
        return false;
    const write_entry *s = find_slot(t->slots, t->capacity, key, key_length);
    return s->key != NULL && visible_version(t, s, value, value_length);
}

void transaction_note_row_seq(transaction *t)
{
    t->uses_row_seq = true;
}

bool transaction_is_empty(const transaction *t)
{
    return t->count == 0;
}

static int compare_bytes(const uint8_t *a, size_t a_length, const uint8_t *b, size_t b_length)
{
    int c = memcmp(a, b, a_length < b_length ? a_length : b_length);
    if (c != 0)
        return c;
    return a_length < b_length ? -1 : a_length > b_length;
}

static int compare_entries(const void *a, const void *b)
{
    const transaction_entry *x = a, *y = b;
    return compare_bytes(x->key, x->key_length, y->key, y->key_length);
}

bool transaction_range(query_context *ctx, const transaction *t, const uint8_t *start,
                       size_t start_length, const uint8_t *end, size_t end_length,
                       transaction_entry **entries, size_t *count)
{
    *entries = NULL;
    *count = 0;
    /* Scans are opened per outer row of a join: the common cases must cost nothing. */
    if (t->visible_count == 0 || !may_hold_table(t, start, start_length))
        return true;
    transaction_entry *list = arena_alloc(ctx->arena, t->count * sizeof *list);
    if (list == NULL)
        return query_fail_no_memory(ctx);
    size_t n = 0;
    for (size_t i = 0; i < t->capacity; i++) {
        const write_entry *s = &t->slots[i];
        const uint8_t *value;
        size_t value_length;
        if (s->key == NULL || compare_bytes(s->key, s->key_length, start, start_length) < 0 ||
            compare_bytes(s->key, s->key_length, end, end_length) >= 0 ||
            !visible_version(t, s, &value, &value_length))
            continue;
        list[n++] = (transaction_entry){s->key, s->key_length, value, value_length};
    }
    qsort(list, n, sizeof *list, compare_entries);
    *entries = list;
    *count = n;
    return true;
}

bool transaction_commit(query_context *ctx, transaction *t)
{
    bool ok = true;
    if (t->count > 0) {
        if (t->uses_row_seq)
            catalog_batch_put_row_seq(ctx->catalog, t->batch);
        char *error = NULL;
        bool sync_here = ctx->await_durable == NULL;
        if (kv_batch_write(ctx->store, t->batch, sync_here, &error) != KV_OK) {
            query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not write to storage: %s",
                       error != NULL ? error : "out of memory");
            free(error);
            ok = false;
        } else if (!sync_here) {
            /* Applied: the locks stay held until the writes are durable, so no other
             * transaction builds on writes that a crash could still take back. */
            ok = ctx->await_durable(ctx->await_durable_arg, ctx);
        }
    }
    clear_writes(t);
    lock_owner_release_all(t->locks);
    return ok;
}

/* Has t written key (in any statement, whatever the version)? */
static bool has_written(const transaction *t, const uint8_t *key, size_t key_length)
{
    return t->capacity > 0 && find_slot(t->slots, t->capacity, key, key_length)->key != NULL;
}

bool transaction_wait_for_key_writers(query_context *ctx, transaction *t, const uint8_t *key,
                                      size_t key_length)
{
    if (t->locks == NULL)
        return true;
    lock_owner *other = lock_owner_first_active(lock_owner_manager(t->locks));
    while (other != NULL) {
        const transaction *writer = lock_owner_data(other);
        if (writer == t || !has_written(writer, key, key_length)) {
            other = lock_owner_next_active(other);
            continue;
        }
        if (!lock_wait_for_transaction(ctx, t->locks, other))
            return false;
        /* The list changed while waiting: look again from the start. */
        other = lock_owner_first_active(lock_owner_manager(t->locks));
    }
    return true;
}
