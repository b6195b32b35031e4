#include "server/session.h"

#include <stdio.h>
#include <stdlib.h>

#include "query/sequences.h"
#include "server/prepared.h"

/* Enough for a typical statement without a second block; idle sessions stay small. */
#define SESSION_ARENA_BLOCK 4096

session *session_create(uint64_t connection_id, const catalog_role *role, const char *database,
                        catalog *catalog, kv_store *store)
{
    session *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->connection_id = connection_id;
    snprintf(s->user, sizeof s->user, "%s", role->name);
    snprintf(s->database, sizeof s->database, "%s", database);
    s->role = role->kind;
    s->role_id = role->id;
    s->catalog = catalog;
    s->store = store;
    s->settings = guc_create(role->name, role->kind == ROLE_SYSTEM);
    s->arena = arena_create(SESSION_ARENA_BLOCK);
    s->sequences = sequence_memory_create();
    s->prepared = prepared_store_create();
    if (s->settings == NULL || s->arena == NULL || s->sequences == NULL || s->prepared == NULL) {
        session_destroy(s);
        return NULL;
    }
    return s;
}

void session_destroy(session *s)
{
    if (s == NULL)
        return;
    prepared_store_destroy(s->prepared);
    guc_destroy(s->settings);
    arena_destroy(s->arena);
    sequence_memory_destroy(s->sequences);
    free(s);
}

char session_transaction_status(const session *s)
{
    switch (s->transaction) {
    case TRANSACTION_BLOCK:
        return 'T';
    case TRANSACTION_FAILED:
        return 'E';
    default:
        return 'I';
    }
}
