/*
 * server: the process-wide state of quilld and its libuv loop.
 *
 * Owns the listening socket, the signal handlers (SIGINT/SIGTERM: stop accepting,
 * terminate sessions cleanly, close LevelDB, exit 0), the data directory's store and
 * catalog, the list of live connections (for max_connections and CancelRequest
 * lookups), and first-start initialisation of the data directory.
 */
#ifndef QUILL_SERVER_SERVER_H
#define QUILL_SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "catalog/catalog.h"
#include "query/session_functions.h"
#include "query/table_data.h"
#include "query/transaction.h"
#include "server/config.h"
#include "server/durability.h"
#include "server/notify.h"
#include "storage/kv.h"

typedef struct connection connection;

typedef struct server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_signal_t sigint;
    uv_signal_t sigterm;
    uv_timer_t purge_timer; /* deletes dropped tables' rows a slice at a time */
    /* Removes stream rows past ttl_seconds and soft-deleted rows past their retention, a
     * slice per tick, one table after another (by id, so drops in between are harmless). */
    uv_timer_t sweep_timer;
    uint64_t sweep_table_id; /* the table being swept; 0: start over */
    table_sweep sweep;
    server_config config;
    kv_store *store;
    durability *durability; /* syncs applied writes on the thread pool (group commit) */
    lock_manager *locks; /* the row, table and transaction locks of all sessions */
    advisory_locks *advisory_locks; /* pg_advisory_lock's, for every session */
    notify_hub *notifications;      /* LISTEN/NOTIFY between sessions */
    catalog *catalog;
    connection *connections; /* doubly linked through connection->next/prev */
    size_t connection_count;
    uint64_t next_connection_id;
    size_t running_queries; /* started and not finished: some may be paused */
    bool shutting_down;
} server;

/* Runs until shutdown; returns the process exit code. */
int server_run(const server_config *config);

void server_add_connection(server *srv, connection *c);
void server_remove_connection(server *srv, connection *c);
/* Starts the background purge if dropped tables' rows are waiting to be deleted. */
void server_schedule_purge(server *srv);

/* The connection whose BackendKeyData carried this process id, or NULL. */
connection *server_find_connection(server *srv, int32_t process_id);

#endif
