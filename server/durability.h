/*
 * durability: acknowledges writes only once they are on disk, without blocking the loop
 * on fsync.
 *
 * A write statement applies its batch on the loop thread without sync (visible at once,
 * so the next statement of any session reads it, and already written to LevelDB's log
 * file, so it survives kill -9), then waits here with its coroutine paused while one
 * synced LevelDB write on the libuv thread pool makes every write applied so far durable.
 * Statements that apply while a sync is in flight share the next one: group commit.
 * Only after its sync returns is a statement acknowledged.
 *
 * Owns the sync requests and the list of waiting statements. Knows nothing about SQL or
 * connections: a waiter is woken through its callback.
 */
#ifndef QUILL_SERVER_DURABILITY_H
#define QUILL_SERVER_DURABILITY_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "storage/kv.h"

typedef struct durability durability;

typedef struct durability_waiter {
    uint64_t ticket; /* durable once a sync started after it was applied has returned */
    bool done;
    bool ok;
    char *error; /* malloc'd when !ok */
    void (*wake)(void *arg);
    void *wake_arg;
    struct durability_waiter *next;
} durability_waiter;

durability *durability_create(uv_loop_t *loop, kv_store *store);
/* Call once no sync is in flight (the loop has run to its end). */
void durability_destroy(durability *d);

/* A batch was applied without sync: records the waiter (not yet done) and makes sure a
 * sync will cover it. The caller pauses until wake is called with waiter->done set. */
void durability_request(durability *d, durability_waiter *waiter);

/* The waiter's statement cannot pause any more (its connection is closing): it is
 * removed from the list, and the caller makes its writes durable itself. */
void durability_forget(durability *d, durability_waiter *waiter);

#endif
