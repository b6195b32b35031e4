#include "query/row_locks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/key_encoding.h"

/* Lock keys that are not row keys start with 0x00 (row keys start at 0x10). */
#define LOCK_KEY_TABLE 't'
#define LOCK_KEY_TRANSACTION 'x'
#define LOCK_KEY_LENGTH 10

/* The lock table's smallest size (buckets, a power of two). */
#define BUCKETS_MIN 1024

/* Which modes each mode conflicts with, as PostgreSQL's tuple and table lock tables. */
#define BIT(m) (1u << (m))
static const unsigned conflicts[] = {
    [LOCK_FOR_KEY_SHARE] = BIT(LOCK_FOR_UPDATE),
    [LOCK_FOR_SHARE] = BIT(LOCK_FOR_NO_KEY_UPDATE) | BIT(LOCK_FOR_UPDATE),
    [LOCK_FOR_NO_KEY_UPDATE] = BIT(LOCK_FOR_SHARE) | BIT(LOCK_FOR_NO_KEY_UPDATE) | BIT(LOCK_FOR_UPDATE),
    [LOCK_FOR_UPDATE] = BIT(LOCK_FOR_KEY_SHARE) | BIT(LOCK_FOR_SHARE) | BIT(LOCK_FOR_NO_KEY_UPDATE) |
                        BIT(LOCK_FOR_UPDATE),
    [LOCK_TABLE_ROW_SHARE] = BIT(LOCK_TABLE_ACCESS_EXCLUSIVE),
    [LOCK_TABLE_ROW_EXCLUSIVE] = BIT(LOCK_TABLE_ACCESS_EXCLUSIVE),
    [LOCK_TABLE_ACCESS_EXCLUSIVE] =
        BIT(LOCK_TABLE_ROW_SHARE) | BIT(LOCK_TABLE_ROW_EXCLUSIVE) | BIT(LOCK_TABLE_ACCESS_EXCLUSIVE),
};

static const char *const mode_names[] = {
    [LOCK_FOR_KEY_SHARE] = "ShareLock",      [LOCK_FOR_SHARE] = "ShareLock",
    [LOCK_FOR_NO_KEY_UPDATE] = "ShareLock",  [LOCK_FOR_UPDATE] = "ShareLock",
    [LOCK_TABLE_ROW_SHARE] = "RowShareLock", [LOCK_TABLE_ROW_EXCLUSIVE] = "RowExclusiveLock",
    [LOCK_TABLE_ACCESS_EXCLUSIVE] = "AccessExclusiveLock",
};

typedef struct lock_object lock_object;

typedef struct lock_holder {
    lock_owner *owner;
    lock_mode mode;
} lock_holder;

typedef struct lock_waiter {
    lock_owner *owner;
    lock_mode mode;
    lock_object *object;
    bool granted;
    park_request request;
    struct lock_waiter *next;
} lock_waiter;

struct lock_object {
    uint8_t *key;
    size_t key_length;
    uint64_t hash;
    lock_object *next_in_bucket;
    lock_holder *holders;
    int holder_count, holder_capacity;
    lock_holder first_holder; /* most locks have one holder: no allocation for it */
    lock_waiter *first, *last;
};

struct lock_owner {
    lock_manager *manager;
    int32_t process_id;
    void *data;
    uint64_t transaction_id; /* 0: holds nothing */
    lock_object **held;
    size_t held_count, held_capacity;
    lock_waiter *waiting;         /* the wait under way, for the deadlock check */
    lock_owner *previous, *next;  /* the active owners */
    uint64_t visit;               /* deadlock search marks */
};

struct lock_manager {
    lock_object **buckets;
    size_t bucket_count, object_count;
    lock_owner *active;
    uint64_t next_transaction_id;
    uint64_t visit;
};

lock_manager *lock_manager_create(void)
{
    lock_manager *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->bucket_count = BUCKETS_MIN;
    m->buckets = calloc(m->bucket_count, sizeof *m->buckets);
    if (m->buckets == NULL) {
        free(m);
        return NULL;
    }
    m->next_transaction_id = 1;
    return m;
}

void lock_manager_destroy(lock_manager *m)
{
    if (m == NULL)
        return;
    free(m->buckets);
    free(m);
}

lock_owner *lock_owner_create(lock_manager *m, int32_t process_id, void *data)
{
    lock_owner *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->manager = m;
    o->process_id = process_id;
    o->data = data;
    return o;
}

void lock_owner_destroy(lock_owner *o)
{
    if (o == NULL)
        return;
    lock_owner_release_all(o);
    free(o->held);
    free(o);
}

void *lock_owner_data(const lock_owner *o)
{
    return o->data;
}

lock_manager *lock_owner_manager(const lock_owner *o)
{
    return o->manager;
}

lock_owner *lock_owner_first_active(lock_manager *m)
{
    return m->active;
}

lock_owner *lock_owner_next_active(lock_owner *o)
{
    return o->next;
}

/* ---- the table of lock objects ---- */

static lock_object **bucket_of(lock_manager *m, uint64_t hash)
{
    return &m->buckets[hash & (m->bucket_count - 1)];
}

static lock_object *find_object(lock_manager *m, const uint8_t *key, size_t length, uint64_t hash)
{
    for (lock_object *l = *bucket_of(m, hash); l != NULL; l = l->next_in_bucket) {
        if (l->hash == hash && l->key_length == length && memcmp(l->key, key, length) == 0)
            return l;
    }
    return NULL;
}

/* Rehashes into count buckets: doubled as objects come, shrunk again once a transaction
 * that locked very many rows has ended. */
static void resize_buckets(lock_manager *m, size_t count)
{
    lock_object **buckets = calloc(count, sizeof *buckets);
    if (buckets == NULL)
        return; /* longer chains (or a larger table), still correct */
    for (size_t i = 0; i < m->bucket_count; i++) {
        lock_object *l = m->buckets[i];
        while (l != NULL) {
            lock_object *next = l->next_in_bucket;
            lock_object **b = &buckets[l->hash & (count - 1)];
            l->next_in_bucket = *b;
            *b = l;
            l = next;
        }
    }
    free(m->buckets);
    m->buckets = buckets;
    m->bucket_count = count;
}

static lock_object *create_object(lock_manager *m, const uint8_t *key, size_t length,
                                  uint64_t hash)
{
    if (m->object_count + 1 > m->bucket_count)
        resize_buckets(m, m->bucket_count * 2);
    lock_object *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    l->key = malloc(length > 0 ? length : 1);
    if (l->key == NULL) {
        free(l);
        return NULL;
    }
    memcpy(l->key, key, length);
    l->key_length = length;
    l->hash = hash;
    l->holders = &l->first_holder;
    l->holder_capacity = 1;
    lock_object **b = bucket_of(m, hash);
    l->next_in_bucket = *b;
    *b = l;
    m->object_count++;
    return l;
}

/* Frees an object nobody holds or waits for. */
static void maybe_free_object(lock_manager *m, lock_object *l)
{
    if (l->holder_count > 0 || l->first != NULL)
        return;
    for (lock_object **p = bucket_of(m, l->hash); *p != NULL; p = &(*p)->next_in_bucket) {
        if (*p == l) {
            *p = l->next_in_bucket;
            break;
        }
    }
    m->object_count--;
    if (l->holders != &l->first_holder)
        free(l->holders);
    free(l->key);
    free(l);
}

static lock_holder *holder_of(lock_object *l, const lock_owner *o)
{
    for (int i = 0; i < l->holder_count; i++) {
        if (l->holders[i].owner == o)
            return &l->holders[i];
    }
    return NULL;
}

/* Does mode conflict with a holder other than o? */
static bool conflicts_with_holders(const lock_object *l, const lock_owner *o, lock_mode mode)
{
    for (int i = 0; i < l->holder_count; i++) {
        if (l->holders[i].owner != o && (conflicts[mode] & BIT(l->holders[i].mode)))
            return true;
    }
    return false;
}

static bool note_held(lock_owner *o, lock_object *l)
{
    if (o->held_count == o->held_capacity) {
        size_t capacity = o->held_capacity ? o->held_capacity * 2 : 16;
        lock_object **held = realloc(o->held, capacity * sizeof *held);
        if (held == NULL)
            return false;
        o->held = held;
        o->held_capacity = capacity;
    }
    o->held[o->held_count++] = l;
    return true;
}

/* Makes o a holder of l in mode (or strengthens its hold). */
static bool add_holder(lock_object *l, lock_owner *o, lock_mode mode)
{
    lock_holder *h = holder_of(l, o);
    if (h != NULL) {
        if (mode > h->mode)
            h->mode = mode;
        return true;
    }
    if (l->holder_count == l->holder_capacity) {
        int capacity = l->holder_capacity * 2;
        lock_holder *holders = malloc((size_t)capacity * sizeof *holders);
        if (holders == NULL)
            return false;
        memcpy(holders, l->holders, (size_t)l->holder_count * sizeof *holders);
        if (l->holders != &l->first_holder)
            free(l->holders);
        l->holders = holders;
        l->holder_capacity = capacity;
    }
    if (!note_held(o, l))
        return false;
    l->holders[l->holder_count++] = (lock_holder){o, mode};
    return true;
}

static void remove_holder(lock_object *l, const lock_owner *o)
{
    for (int i = 0; i < l->holder_count; i++) {
        if (l->holders[i].owner == o) {
            l->holders[i] = l->holders[--l->holder_count];
            return;
        }
    }
}

static void dequeue(lock_object *l, lock_waiter *w)
{
    lock_waiter **link = &l->first, *previous = NULL;
    while (*link != NULL && *link != w) {
        previous = *link;
        link = &(*link)->next;
    }
    if (*link == NULL)
        return;
    *link = w->next;
    if (l->last == w)
        l->last = previous;
    w->next = NULL;
}

/* Grants what can be granted now, in queue order: a waiter goes ahead when its mode
 * conflicts neither with a holder nor with a waiter still queued before it. */
static void grant_waiters(lock_object *l)
{
    unsigned ahead = 0;
    lock_waiter *w = l->first;
    while (w != NULL) {
        lock_waiter *next = w->next;
        if (!(conflicts[w->mode] & ahead) && !conflicts_with_holders(l, w->owner, w->mode) &&
            add_holder(l, w->owner, w->mode)) {
            dequeue(l, w);
            w->granted = true;
            /* No longer waiting, though it runs again only later: no wait-for edges. */
            w->owner->waiting = NULL;
            w->request.woken = true;
            if (w->request.wake != NULL)
                w->request.wake(w->request.wake_arg);
        } else {
            ahead |= BIT(w->mode);
        }
        w = next;
    }
}

/* ---- owners ---- */

static void transaction_key(uint64_t id, uint8_t out[LOCK_KEY_LENGTH])
{
    out[0] = 0x00;
    out[1] = LOCK_KEY_TRANSACTION;
    for (int i = 0; i < 8; i++)
        out[2 + i] = (uint8_t)(id >> (56 - 8 * i));
}

void lock_table_key(uint64_t table_id, uint8_t out[9])
{
    out[0] = LOCK_KEY_TABLE;
    for (int i = 0; i < 8; i++)
        out[1 + i] = (uint8_t)(table_id >> (56 - 8 * i));
}

/* The first lock of a transaction: it becomes active and holds its own transaction lock,
 * which others wait on for its end. */
static bool activate(lock_owner *o)
{
    if (o->transaction_id != 0)
        return true;
    lock_manager *m = o->manager;
    uint8_t key[LOCK_KEY_LENGTH];
    uint64_t id = m->next_transaction_id;
    transaction_key(id, key);
    uint64_t hash = key_hash(key, sizeof key);
    lock_object *l = create_object(m, key, sizeof key, hash);
    if (l == NULL)
        return false;
    o->transaction_id = id;
    if (!add_holder(l, o, LOCK_FOR_UPDATE)) {
        o->transaction_id = 0;
        maybe_free_object(m, l);
        return false;
    }
    m->next_transaction_id++;
    o->next = m->active;
    o->previous = NULL;
    if (m->active != NULL)
        m->active->previous = o;
    m->active = o;
    return true;
}

void lock_owner_release_all(lock_owner *o)
{
    if (o == NULL || o->transaction_id == 0)
        return;
    lock_manager *m = o->manager;
    for (size_t i = 0; i < o->held_count; i++)
        remove_holder(o->held[i], o);
    /* Every release first, then the wake-ups: a waiter sees the whole transaction gone. */
    for (size_t i = 0; i < o->held_count; i++) {
        lock_object *l = o->held[i];
        grant_waiters(l);
    }
    for (size_t i = 0; i < o->held_count; i++)
        maybe_free_object(m, o->held[i]);
    o->held_count = 0;
    if (o->held_capacity > 256) {
        free(o->held);
        o->held = NULL;
        o->held_capacity = 0;
    }
    if (o->previous != NULL)
        o->previous->next = o->next;
    else
        m->active = o->next;
    if (o->next != NULL)
        o->next->previous = o->previous;
    o->next = o->previous = NULL;
    o->transaction_id = 0;
    if (m->bucket_count > BUCKETS_MIN && m->object_count < m->bucket_count / 8) {
        size_t count = m->bucket_count;
        while (count > BUCKETS_MIN && m->object_count < count / 8)
            count /= 2;
        resize_buckets(m, count);
    }
}

/* ---- deadlock detection ---- */

/* Does w's owner's wait depend on `to` (directly)? Holders in a conflicting mode block
 * it, and so do conflicting waiters queued before it. */
static bool blocks(const lock_waiter *w, const lock_owner *to)
{
    const lock_object *l = w->object;
    for (int i = 0; i < l->holder_count; i++) {
        if (l->holders[i].owner == to && to != w->owner &&
            (conflicts[w->mode] & BIT(l->holders[i].mode)))
            return true;
    }
    for (const lock_waiter *v = l->first; v != NULL && v != w; v = v->next) {
        if (v->owner == to && to != w->owner && (conflicts[w->mode] & BIT(v->mode)))
            return true;
    }
    return false;
}

#define DEADLOCK_PATH_MAX 64

static bool reaches(lock_manager *m, lock_owner *from, const lock_owner *target,
                    lock_owner **path, int depth, int *length);

/* One step of the search: from `from` (blocked by next) on to next. */
static bool step(lock_manager *m, lock_owner *from, lock_owner *next, const lock_owner *target,
                 lock_owner **path, int depth, int *length)
{
    if (!blocks(from->waiting, next))
        return false;
    if (next == target) {
        *length = depth + 1;
        return true;
    }
    if (next->visit == m->visit)
        return false;
    next->visit = m->visit;
    return reaches(m, next, target, path, depth + 1, length);
}

/* Depth-first search from `from` along wait edges, looking for target; path records the
 * owners on the way. Small frames: it runs on a statement's coroutine stack. */
static bool reaches(lock_manager *m, lock_owner *from, const lock_owner *target,
                    lock_owner **path, int depth, int *length)
{
    if (from->waiting == NULL || from->waiting->granted || depth >= DEADLOCK_PATH_MAX)
        return false;
    path[depth] = from;
    const lock_object *l = from->waiting->object;
    for (int i = 0; i < l->holder_count; i++) {
        if (step(m, from, l->holders[i].owner, target, path, depth, length))
            return true;
    }
    for (const lock_waiter *v = l->first; v != NULL; v = v->next) {
        if (step(m, from, v->owner, target, path, depth, length))
            return true;
    }
    return false;
}

/* What a wait is for, as PostgreSQL words it: a row wait is a wait for the transaction
 * that holds the row. */
static char *describe_wait(query_context *ctx, const lock_owner *o, const lock_owner *blocker)
{
    const lock_waiter *w = o->waiting;
    const lock_object *l = w->object;
    if (l->key_length == 9 && l->key[0] == LOCK_KEY_TABLE) {
        uint64_t table_id = 0;
        for (int i = 0; i < 8; i++)
            table_id = table_id << 8 | l->key[1 + i];
        return arena_printf(ctx->arena,
                            "Process %d waits for %s on relation %llu of database 0; blocked by "
                            "process %d.",
                            o->process_id, mode_names[w->mode], (unsigned long long)table_id,
                            blocker->process_id);
    }
    return arena_printf(ctx->arena,
                        "Process %d waits for ShareLock on transaction %llu; blocked by process "
                        "%d.",
                        o->process_id, (unsigned long long)blocker->transaction_id,
                        blocker->process_id);
}

static bool check_deadlock(void *arg, query_context *ctx)
{
    lock_owner *o = arg;
    lock_manager *m = o->manager;
    if (o->waiting == NULL || o->waiting->granted)
        return true;
    m->visit++;
    o->visit = m->visit;
    lock_owner *path[DEADLOCK_PATH_MAX + 1];
    int length = 0;
    if (!reaches(m, o, o, path, 0, &length))
        return true;
    char *detail = arena_printf(ctx->arena, "%s", "");
    for (int i = 0; i < length && detail != NULL; i++) {
        const lock_owner *blocker = i + 1 < length ? path[i + 1] : o;
        char *line = describe_wait(ctx, path[i], blocker);
        if (line == NULL)
            break;
        detail = arena_printf(ctx->arena, "%s%s%s", detail, i > 0 ? "\n" : "", line);
    }
    query_fail(ctx, "40P01", -1, "deadlock detected");
    query_fail_detail(ctx, detail);
    return query_fail_hint(ctx, "See server log for query details.");
}

/* ---- acquiring ---- */

lock_result lock_acquire(query_context *ctx, lock_owner *o, const uint8_t *key,
                         size_t key_length, lock_mode mode, lock_wait_policy policy)
{
    if (o == NULL)
        return LOCK_GRANTED;
    lock_manager *m = o->manager;
    if (!activate(o)) {
        query_fail_no_memory(ctx);
        return LOCK_FAILED;
    }
    uint64_t hash = key_hash(key, key_length);
    lock_object *l = find_object(m, key, key_length, hash);
    if (l == NULL && (l = create_object(m, key, key_length, hash)) == NULL) {
        query_fail_no_memory(ctx);
        return LOCK_FAILED;
    }
    lock_holder *mine = holder_of(l, o);
    /* A stronger mode of the same family covers the request. */
    bool same_family = mine != NULL && (mine->mode <= LOCK_FOR_UPDATE) == (mode <= LOCK_FOR_UPDATE);
    if (same_family && mine->mode >= mode)
        return LOCK_GRANTED;
    /* Someone holding the lock already goes ahead of the queue (as PostgreSQL's lock
     * manager does): queueing behind a waiter that waits for it would deadlock. */
    unsigned queued = 0;
    if (mine == NULL) {
        for (const lock_waiter *v = l->first; v != NULL; v = v->next)
            queued |= BIT(v->mode);
    }
    if (!(conflicts[mode] & queued) && !conflicts_with_holders(l, o, mode)) {
        if (!add_holder(l, o, mode)) {
            maybe_free_object(m, l);
            query_fail_no_memory(ctx);
            return LOCK_FAILED;
        }
        return LOCK_GRANTED;
    }
    if (policy != LOCK_WAIT_BLOCK) {
        maybe_free_object(m, l);
        return LOCK_NOT_AVAILABLE;
    }
    lock_waiter w = {.owner = o, .mode = mode, .object = l};
    w.request.check_deadlock = check_deadlock;
    w.request.check_deadlock_arg = o;
    if (mine != NULL) {
        w.next = l->first;
        l->first = &w;
        if (l->last == NULL)
            l->last = &w;
    } else {
        if (l->last != NULL)
            l->last->next = &w;
        else
            l->first = &w;
        l->last = &w;
    }
    o->waiting = &w;
    bool parked = ctx->park != NULL && ctx->park(ctx->park_arg, ctx, &w.request);
    o->waiting = NULL;
    if (w.granted)
        return LOCK_GRANTED_AFTER_WAIT;
    dequeue(l, &w);
    /* Leaving the queue may let those behind go ahead. */
    grant_waiters(l);
    maybe_free_object(m, l);
    if (!parked && ctx->park == NULL)
        query_fail(ctx, "55P03", -1, "could not obtain lock: another transaction holds it");
    return LOCK_FAILED;
}

lock_result lock_table(query_context *ctx, lock_owner *o, uint64_t table_id, lock_mode mode)
{
    uint8_t key[9];
    lock_table_key(table_id, key);
    return lock_acquire(ctx, o, key, sizeof key, mode, LOCK_WAIT_BLOCK);
}

/* Drops o's hold on one object (a wait for a transaction, satisfied). */
static void release_one(lock_owner *o, const uint8_t *key, size_t key_length)
{
    lock_manager *m = o->manager;
    lock_object *l = find_object(m, key, key_length, key_hash(key, key_length));
    if (l == NULL)
        return;
    remove_holder(l, o);
    for (size_t i = o->held_count; i-- > 0;) {
        if (o->held[i] == l) {
            o->held[i] = o->held[--o->held_count];
            break;
        }
    }
    grant_waiters(l);
    maybe_free_object(m, l);
}

bool lock_wait_for_transaction(query_context *ctx, lock_owner *o, lock_owner *other)
{
    if (o == NULL || other == o || other->transaction_id == 0)
        return true;
    uint8_t key[LOCK_KEY_LENGTH];
    transaction_key(other->transaction_id, key);
    lock_result r = lock_acquire(ctx, o, key, sizeof key, LOCK_FOR_SHARE, LOCK_WAIT_BLOCK);
    if (r == LOCK_FAILED)
        return false;
    release_one(o, key, sizeof key);
    return true;
}
