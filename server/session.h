/*
 * session: the SQL-level state of one authenticated connection.
 *
 * Owns who the session is (the role that logged in, and the effective role SET ROLE or
 * EXECUTE AS makes current), the database name, its settings, its transaction state as
 * ReadyForQuery reports it, and the per-statement arena. Knows nothing about the socket:
 * the connection owns the session and drives it.
 *
 * Roles are re-read from the catalog (by id for the login role, by the role setting's
 * name for SET ROLE) whenever the catalog changed, so ALTER ROLE and DROP ROLE in other
 * sessions take effect at this session's next statement.
 */
#ifndef QUILL_SERVER_SESSION_H
#define QUILL_SERVER_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/arena.h"
#include "query/query_context.h"
#include "query/transaction.h"
#include "server/guc.h"

typedef enum transaction_state {
    TRANSACTION_IDLE,   /* no explicit transaction block */
    TRANSACTION_BLOCK,  /* inside BEGIN ... */
    TRANSACTION_FAILED, /* a statement failed inside BEGIN: only ROLLBACK/COMMIT accepted */
} transaction_state;

typedef enum session_roles_status {
    SESSION_ROLES_OK,
    SESSION_LOGIN_ROLE_DROPPED,   /* the role that logged in no longer exists */
    SESSION_CURRENT_ROLE_DROPPED, /* the role SET ROLE chose no longer exists */
} session_roles_status;

typedef struct session {
    uint64_t connection_id;
    /* The role that logged in: session_user. */
    char user[CATALOG_NAME_MAX + 1];
    role_kind role;
    uint64_t role_id;
    /* The effective role: current_user, what permission checks and per-user tables use. */
    char current_user[CATALOG_NAME_MAX + 1];
    role_kind current_role;
    uint64_t current_role_id;
    uint64_t execute_as_role_id; /* EXECUTE AS in progress: overrides SET ROLE; 0 = none */
    session_roles_status roles_status;
    /* What the roles above were resolved from: catalog version and the role setting. */
    uint64_t roles_catalog_version;
    char roles_setting[CATALOG_NAME_MAX + 1];
    uint64_t roles_execute_as;
    char database[CATALOG_NAME_MAX + 1];
    guc_state *settings;
    transaction_state transaction;
    transaction *writes; /* the open transaction's write set and its locks */
    bool transaction_open; /* a statement, implicit or explicit transaction is under way */
    dt_timestamp transaction_start; /* what now() reports for the open transaction */
    uint64_t transactions_ended; /* counts COMMITs and ROLLBACKs, implicit ones too */
    struct prepared_store *prepared; /* prepared statements and portals */
    struct cursor_store *cursors;    /* DECLAREd cursors */
    /* Installed by the connection, owned here: the session's advisory locks and its end of
     * LISTEN/NOTIFY (NULL: the session takes no locks, sends and hears no notifications). */
    struct advisory_holder *advisory;
    struct notify_listener *notifications;
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
    /* Installed by the connection: parks a statement waiting for a lock. */
    bool (*park)(void *arg, query_context *ctx, park_request *request);
    void *park_arg;
    /* Installed by the connection: the client end of COPY FROM STDIN / TO STDOUT. */
    const struct copy_channel *copy_channel;
    void *copy_arg;
    /* Installed by the connection: the server's live sessions, for system.sessions. */
    bool (*list_sessions)(void *arg, query_context *ctx, session_visitor visit, void *visit_arg);
    void *list_sessions_arg;
    int32_t process_id; /* what BackendKeyData reported */
} session;

/* locks: the server's lock manager (NULL: the session never waits for other writers);
 * process_id names the session in deadlock reports. */
session *session_create(uint64_t connection_id, const catalog_role *role, const char *database,
                        catalog *catalog, kv_store *store, lock_manager *locks,
                        int32_t process_id);
void session_destroy(session *s);

/* ReadyForQuery's status byte: 'I', 'T' or 'E'. */
char session_transaction_status(const session *s);

/* The open transaction's modes (SET TRANSACTION, BEGIN ..., or the session defaults). */
bool session_read_only(const session *s);
bool session_repeatable_read(const session *s);

/* Brings the login and effective roles up to date with the catalog and the role setting
 * (cheap when neither changed); also sets is_superuser. */
session_roles_status session_refresh_roles(session *s);

/* Sets a setting for SET, RESET or the startup packet: role goes through SET ROLE's
 * checks (the role exists; the session user may become it), anything else to guc_set.
 * value NULL = RESET. */
bool session_set(session *s, const char *name, const char *value, guc_scope scope,
                 guc_error *error);

/* Savepoints of the open block: the write set's and the settings' (index as
 * transaction_find_savepoint gives it). Rolling back to one also leaves the aborted state.
 * false: out of memory, nothing changed. */
bool session_define_savepoint(session *s, const char *name);
bool session_rollback_to_savepoint(session *s, int index);
void session_release_savepoint(session *s, int index);

/* EXECUTE AS: makes role_name the effective role until session_end_execute_as, which
 * the caller must call whatever the statement did. The permission is SET ROLE's. On
 * success *saved holds what to restore. */
bool session_begin_execute_as(session *s, const char *role_name, uint64_t *saved,
                              guc_error *error);
void session_end_execute_as(session *s, uint64_t saved);

#endif
