/*
 * session: the SQL-level state of one authenticated connection.
 *
 * Owns who the session is (user, role, database name), its settings, its transaction
 * state as ReadyForQuery reports it, and the per-statement arena. Knows nothing about
 * the socket: the connection owns the session and drives it.
 */
#ifndef QUILL_SERVER_SESSION_H
#define QUILL_SERVER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/arena.h"
#include "query/query_context.h"
#include "server/guc.h"

typedef enum transaction_state {
    TRANSACTION_IDLE,   /* no explicit transaction block */
    TRANSACTION_BLOCK,  /* inside BEGIN ... */
    TRANSACTION_FAILED, /* a statement failed inside BEGIN: only ROLLBACK/COMMIT accepted */
} transaction_state;

typedef struct session {
    uint64_t connection_id;
    char user[CATALOG_NAME_MAX + 1];
    char database[CATALOG_NAME_MAX + 1];
    role_kind role;
    uint64_t role_id;
    guc_state *settings;
    transaction_state transaction;
    bool transaction_open; /* a statement, implicit or explicit transaction is under way */
    dt_timestamp transaction_start; /* what now() reports for the open transaction */
    uint64_t transactions_ended; /* counts COMMITs and ROLLBACKs, implicit ones too */
    struct prepared_store *prepared; /* prepared statements and portals */
    /* The extended protocol's implicit transaction (up to Sync) ran this write. */
    const char *pipeline_write;
    arena *arena;
    catalog *catalog;
    kv_store *store;
    struct sequence_memory *sequences;
    /* Installed by the connection: may pause a long statement, and stops a canceled one. */
    bool (*interrupt_check)(void *arg, query_context *ctx);
    void *interrupt_arg;
    /* Installed by the connection: pauses a statement until its applied batch is durable. */
    bool (*await_durable)(void *arg, query_context *ctx);
    void *await_durable_arg;
} session;

session *session_create(uint64_t connection_id, const catalog_role *role, const char *database,
                        catalog *catalog, kv_store *store);
void session_destroy(session *s);

/* ReadyForQuery's status byte: 'I', 'T' or 'E'. */
char session_transaction_status(const session *s);

#endif
