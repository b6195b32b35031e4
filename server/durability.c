#include "server/durability.h"

#include <stdlib.h>
#include <string.h>

#include "server/log.h"

struct durability {
    uv_loop_t *loop;
    kv_store *store;
    uint64_t applied;       /* tickets handed out */
    bool in_flight;
    uint64_t in_flight_upto; /* the sync under way covers tickets up to this */
    uv_work_t work;
    kv_status status;       /* of the sync under way, set on the pool thread */
    char *error;
    durability_waiter *waiters;
};

durability *durability_create(uv_loop_t *loop, kv_store *store)
{
    durability *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->loop = loop;
    d->store = store;
    d->work.data = d;
    return d;
}

void durability_destroy(durability *d)
{
    if (d == NULL)
        return;
    free(d->error);
    free(d);
}

static void sync_on_pool(uv_work_t *work)
{
    durability *d = work->data;
    d->status = kv_sync(d->store, &d->error);
}

static void start_sync(durability *d);

static void sync_done(uv_work_t *work, int status)
{
    durability *d = work->data;
    d->in_flight = false;
    bool ok = status == 0 && d->status == KV_OK;
    const char *error = ok ? NULL
                       : d->error != NULL ? d->error
                       : status != 0      ? uv_strerror(status)
                                          : "out of memory";
    if (!ok)
        log_message(LOG_ERROR, 0, "could not sync writes to storage: %s", error);
    /* Wake every waiter the sync covered; the others wait for the next one. */
    durability_waiter **link = &d->waiters;
    while (*link != NULL) {
        durability_waiter *w = *link;
        if (w->ticket > d->in_flight_upto) {
            link = &w->next;
            continue;
        }
        *link = w->next;
        w->done = true;
        w->ok = ok;
        w->error = ok ? NULL : strdup(error);
        w->wake(w->wake_arg);
    }
    free(d->error);
    d->error = NULL;
    if (d->waiters != NULL)
        start_sync(d);
}

static void start_sync(durability *d)
{
    d->in_flight = true;
    d->in_flight_upto = d->applied;
    d->status = KV_OK;
    int status = uv_queue_work(d->loop, &d->work, sync_on_pool, sync_done);
    if (status != 0) {
        /* Only an invalid argument fails here; report it to the waiters all the same. */
        sync_done(&d->work, status);
    }
}

void durability_request(durability *d, durability_waiter *waiter)
{
    waiter->ticket = ++d->applied;
    waiter->done = false;
    waiter->ok = false;
    waiter->error = NULL;
    waiter->next = d->waiters;
    d->waiters = waiter;
    if (!d->in_flight)
        start_sync(d);
}

void durability_forget(durability *d, durability_waiter *waiter)
{
    for (durability_waiter **link = &d->waiters; *link != NULL; link = &(*link)->next) {
        if (*link == waiter) {
            *link = waiter->next;
            return;
        }
    }
}
