#include "query/session_functions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/types.h"

#define SQLSTATE_DEADLOCK_DETECTED "40P01"
#define SQLSTATE_WARNING "01000"

/* A lock's identity: PostgreSQL keeps the bigint form and the two-integer form apart. */
typedef struct advisory_key {
    uint64_t value;
    bool pair;
} advisory_key;

typedef struct advisory_waiter {
    advisory_holder *holder;
    park_request request;
    struct advisory_waiter *next;
} advisory_waiter;

typedef struct advisory_lock {
    advisory_key key;
    char *database;
    advisory_holder *holder; /* NULL only while nobody holds or waits */
    int session_count;       /* session-level acquisitions not yet unlocked */
    int transaction_count;   /* transaction-level acquisitions */
    advisory_waiter *first, *last;
    struct advisory_lock *next;
} advisory_lock;

struct advisory_locks {
    advisory_lock *locks;
};

struct advisory_holder {
    advisory_locks *table;
    char *database;
    advisory_lock *waiting_for; /* for the deadlock check */
};

advisory_locks *advisory_locks_create(void)
{
    return calloc(1, sizeof(advisory_locks));
}

void advisory_locks_destroy(advisory_locks *locks)
{
    if (locks == NULL)
        return;
    while (locks->locks != NULL) {
        advisory_lock *next = locks->locks->next;
        free(locks->locks->database);
        free(locks->locks);
        locks->locks = next;
    }
    free(locks);
}

advisory_holder *advisory_holder_create(advisory_locks *locks, const char *database)
{
    advisory_holder *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->table = locks;
    h->database = strdup(database);
    if (h->database == NULL) {
        free(h);
        return NULL;
    }
    return h;
}

static advisory_lock *find_lock(advisory_locks *table, const char *database, advisory_key key)
{
    for (advisory_lock *l = table->locks; l != NULL; l = l->next) {
        if (l->key.value == key.value && l->key.pair == key.pair &&
            strcmp(l->database, database) == 0)
            return l;
    }
    return NULL;
}

static void forget_lock(advisory_locks *table, advisory_lock *lock)
{
    for (advisory_lock **link = &table->locks; *link != NULL; link = &(*link)->next) {
        if (*link == lock) {
            *link = lock->next;
            break;
        }
    }
    free(lock->database);
    free(lock);
}

static void dequeue(advisory_lock *lock, advisory_waiter *waiter)
{
    advisory_waiter **link = &lock->first, *previous = NULL;
    while (*link != NULL && *link != waiter) {
        previous = *link;
        link = &(*link)->next;
    }
    if (*link == NULL)
        return;
    *link = waiter->next;
    if (lock->last == waiter)
        lock->last = previous;
}

/* Once its holder's counts reach zero, the lock passes to the first waiter (who counts
 * its own acquisition when it resumes) or disappears. */
static void release_if_unused(advisory_locks *table, advisory_lock *lock)
{
    if (lock->session_count > 0 || lock->transaction_count > 0)
        return;
    advisory_waiter *next = lock->first;
    if (next == NULL) {
        forget_lock(table, lock);
        return;
    }
    dequeue(lock, next);
    lock->holder = next->holder;
    next->holder->waiting_for = NULL;
    next->request.woken = true;
    if (next->request.wake != NULL)
        next->request.wake(next->request.wake_arg);
}

static void release_where(advisory_holder *holder, bool session_level, bool transaction_level)
{
    advisory_locks *table = holder->table;
    advisory_lock *l = table->locks;
    while (l != NULL) {
        advisory_lock *next = l->next;
        if (l->holder == holder) {
            if (session_level)
                l->session_count = 0;
            if (transaction_level)
                l->transaction_count = 0;
            release_if_unused(table, l);
        }
        l = next;
    }
}

void advisory_release_transaction(advisory_holder *holder)
{
    if (holder != NULL)
        release_where(holder, false, true);
}

void advisory_release_session(advisory_holder *holder)
{
    if (holder != NULL)
        release_where(holder, true, false);
}

void advisory_holder_destroy(advisory_holder *holder)
{
    if (holder == NULL)
        return;
    release_where(holder, true, true);
    free(holder->database);
    free(holder);
}

/* Would holder waiting for lock close a cycle of waits? */
static bool closes_cycle(const advisory_holder *holder, const advisory_lock *lock)
{
    const advisory_lock *l = lock;
    for (int steps = 0; l != NULL && steps < 100000; steps++) {
        if (l->holder == holder)
            return true;
        if (l->holder == NULL)
            return false;
        l = l->holder->waiting_for;
    }
    return false;
}

static bool no_session(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                      "feature not supported: advisory locks outside a client session");
}

/* Takes the lock (waiting if wait), counting it at the given level; *got says whether
 * it was granted (false only for a try that found it taken). */
static bool acquire(query_context *ctx, advisory_key key, bool session_level, bool wait,
                    bool *got)
{
    advisory_holder *holder = ctx->advisory;
    if (holder == NULL)
        return no_session(ctx);
    advisory_locks *table = holder->table;
    advisory_lock *lock = find_lock(table, holder->database, key);
    if (lock == NULL) {
        lock = calloc(1, sizeof *lock);
        char *database = strdup(holder->database);
        if (lock == NULL || database == NULL) {
            free(lock);
            free(database);
            return query_fail_no_memory(ctx);
        }
        lock->key = key;
        lock->database = database;
        lock->holder = holder;
        lock->next = table->locks;
        table->locks = lock;
    } else if (lock->holder != holder) {
        if (!wait) {
            *got = false;
            return true;
        }
        if (closes_cycle(holder, lock))
            return query_fail(ctx, SQLSTATE_DEADLOCK_DETECTED, -1, "deadlock detected");
        advisory_waiter waiter = {.holder = holder};
        if (lock->last != NULL)
            lock->last->next = &waiter;
        else
            lock->first = &waiter;
        lock->last = &waiter;
        holder->waiting_for = lock;
        bool granted = ctx->park != NULL && ctx->park(ctx->park_arg, ctx, &waiter.request);
        holder->waiting_for = NULL;
        if (!granted) {
            /* Gave up (timeout, cancel, closing): leave the queue, or pass on a lock just
             * handed over. */
            if (lock->holder == holder)
                release_if_unused(table, lock);
            else
                dequeue(lock, &waiter);
            if (ctx->park == NULL)
                return query_fail(ctx, "55P03", -1, "could not obtain lock on advisory lock");
            return false;
        }
    }
    if (session_level)
        lock->session_count++;
    else
        lock->transaction_count++;
    *got = true;
    return true;
}

static bool release_one(query_context *ctx, advisory_key key, bool *released)
{
    advisory_holder *holder = ctx->advisory;
    if (holder == NULL)
        return no_session(ctx);
    advisory_lock *lock = find_lock(holder->table, holder->database, key);
    if (lock == NULL || lock->holder != holder || lock->session_count == 0) {
        query_notice(ctx, "WARNING", SQLSTATE_WARNING,
                     "you don't own a lock of type ExclusiveLock");
        *released = false;
        return true;
    }
    lock->session_count--;
    release_if_unused(holder->table, lock);
    *released = true;
    return true;
}

static advisory_key key_of(const value *args, int n)
{
    if (n == 1)
        return (advisory_key){(uint64_t)args[0].as.integer, false};
    return (advisory_key){((uint64_t)(uint32_t)args[0].as.integer << 32) |
                              (uint32_t)args[1].as.integer,
                          true};
}

static value void_value(void)
{
    return value_text(TYPE_VOID, "", 0);
}

static bool fn_lock(query_context *ctx, const value *args, int n, value *out)
{
    bool got = false;
    if (!acquire(ctx, key_of(args, n), true, true, &got))
        return false;
    *out = void_value();
    return true;
}

static bool fn_xact_lock(query_context *ctx, const value *args, int n, value *out)
{
    bool got = false;
    if (!acquire(ctx, key_of(args, n), false, true, &got))
        return false;
    *out = void_value();
    return true;
}

static bool fn_try_lock(query_context *ctx, const value *args, int n, value *out)
{
    bool got = false;
    if (!acquire(ctx, key_of(args, n), true, false, &got))
        return false;
    *out = value_bool(got);
    return true;
}

static bool fn_try_xact_lock(query_context *ctx, const value *args, int n, value *out)
{
    bool got = false;
    if (!acquire(ctx, key_of(args, n), false, false, &got))
        return false;
    *out = value_bool(got);
    return true;
}

static bool fn_unlock(query_context *ctx, const value *args, int n, value *out)
{
    bool released = false;
    if (!release_one(ctx, key_of(args, n), &released))
        return false;
    *out = value_bool(released);
    return true;
}

static bool fn_unlock_all(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    if (ctx->advisory == NULL)
        return no_session(ctx);
    advisory_release_session(ctx->advisory);
    *out = void_value();
    return true;
}

/* pg_notify(channel, payload): NOTIFY with computed arguments (PostgreSQL's
 * pg_notify is not strict: a NULL channel is an empty one, a NULL payload empty). */
static bool fn_notify(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (ctx->notify == NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "feature not supported: NOTIFY outside a client session");
    const char *channel = args[0].is_null ? "" : args[0].as.text.data;
    size_t channel_length = args[0].is_null ? 0 : args[0].as.text.length;
    const char *payload = args[1].is_null ? "" : args[1].as.text.data;
    size_t payload_length = args[1].is_null ? 0 : args[1].as.text.length;
    if (!ctx->notify(ctx->notify_arg, ctx, channel, channel_length, payload, payload_length))
        return false;
    *out = void_value();
    return true;
}

const function_definition session_functions[] = {
    {"pg_advisory_lock", 1, {TYPE_INT8}, TYPE_VOID, true, true, fn_lock},
    {"pg_advisory_lock", 2, {TYPE_INT4, TYPE_INT4}, TYPE_VOID, true, true, fn_lock},
    {"pg_advisory_xact_lock", 1, {TYPE_INT8}, TYPE_VOID, true, true, fn_xact_lock},
    {"pg_advisory_xact_lock", 2, {TYPE_INT4, TYPE_INT4}, TYPE_VOID, true, true, fn_xact_lock},
    {"pg_try_advisory_lock", 1, {TYPE_INT8}, TYPE_BOOL, true, true, fn_try_lock},
    {"pg_try_advisory_lock", 2, {TYPE_INT4, TYPE_INT4}, TYPE_BOOL, true, true, fn_try_lock},
    {"pg_try_advisory_xact_lock", 1, {TYPE_INT8}, TYPE_BOOL, true, true, fn_try_xact_lock},
    {"pg_try_advisory_xact_lock", 2, {TYPE_INT4, TYPE_INT4}, TYPE_BOOL, true, true,
     fn_try_xact_lock},
    {"pg_advisory_unlock", 1, {TYPE_INT8}, TYPE_BOOL, true, true, fn_unlock},
    {"pg_advisory_unlock", 2, {TYPE_INT4, TYPE_INT4}, TYPE_BOOL, true, true, fn_unlock},
    {"pg_advisory_unlock_all", 0, {0}, TYPE_VOID, true, true, fn_unlock_all},
    {"pg_notify", 2, {TYPE_TEXT, TYPE_TEXT}, TYPE_VOID, false, true, fn_notify},
};

const size_t session_function_count = sizeof session_functions / sizeof session_functions[0];
