#include "server/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "protocol/scram.h"
#include "server/connection.h"
#include "server/coroutine.h"
#include "query/table_data.h"
#include "server/log.h"

#define LISTEN_BACKLOG 511

void server_add_connection(server *srv, connection *c)
{
    c->prev = NULL;
    c->next = srv->connections;
    if (srv->connections != NULL)
        srv->connections->prev = c;
    srv->connections = c;
    srv->connection_count++;
}

void server_remove_connection(server *srv, connection *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else if (srv->connections == c)
        srv->connections = c->next;
    else
        return; /* not in the list */
    if (c->next != NULL)
        c->next->prev = c->prev;
    c->next = c->prev = NULL;
    srv->connection_count--;
}

connection *server_find_connection(server *srv, int32_t process_id)
{
    for (connection *c = srv->connections; c != NULL; c = c->next) {
        if (c->process_id == process_id)
            return c;
    }
    return NULL;
}

/* Rows deleted per slice: a few milliseconds of work, so the loop stays responsive. */
#define PURGE_SLICE_KEYS 2000

static void on_purge(uv_timer_t *timer)
{
    server *srv = timer->data;
    uint64_t table_id;
    if (!catalog_next_purge(srv->catalog, &table_id)) {
        uv_timer_stop(timer);
        return;
    }
    bool done = false;
    char *error = NULL;
    if (!table_data_purge_slice(srv->store, table_id, PURGE_SLICE_KEYS, &done, &error)) {
        /* Retried on the next tick; a storage error is worth a line, not a stop. */
        log_message(LOG_WARNING, 0, "purging the rows of dropped table %llu: %s",
                    (unsigned long long)table_id, error != NULL ? error : "out of memory");
        free(error);
        return;
    }
    if (!done)
        return;
    catalog_status status = catalog_finish_purge(srv->catalog, table_id, &error);
    if (status != CATALOG_OK) {
        log_message(LOG_WARNING, 0, "recording the purge of dropped table %llu: %s",
                    (unsigned long long)table_id, error != NULL ? error : catalog_status_message(status));
        free(error);
        return;
    }
    log_message(LOG_DEBUG, 0, "rows of dropped table %llu deleted", (unsigned long long)table_id);
}

void server_schedule_purge(server *srv)
{
    uint64_t table_id;
    if (srv->shutting_down || uv_is_active((uv_handle_t *)&srv->purge_timer) ||
        !catalog_next_purge(srv->catalog, &table_id))
        return;
    uv_timer_start(&srv->purge_timer, on_purge, 1, 1);
}

/* Keys examined per sweep slice: a few milliseconds, so the loop stays responsive. */
#define SWEEP_SLICE_KEYS 2000

static bool sweeps(const catalog_table *t)
{
    return t->kind == TABLE_STREAM || t->deleted_column >= 0;
}

/* The sweepable table with the smallest id above `after`, or NULL. */
static const catalog_table *next_table_to_sweep(const catalog *c, uint64_t after)
{
    const catalog_table *best = NULL;
    for (size_t i = 0; i < catalog_table_count(c); i++) {
        const catalog_table *t = catalog_table_at(c, i);
        if (t->id > after && sweeps(t) && (best == NULL || t->id < best->id))
            best = t;
    }
    return best;
}

static void on_sweep(uv_timer_t *timer)
{
    server *srv = timer->data;
    const catalog_table *t = srv->sweep_table_id != 0
                                 ? catalog_table_by_id(srv->catalog, srv->sweep_table_id)
                                 : NULL;
    if (t == NULL || !sweeps(t)) {
        /* Dropped meanwhile, or the round is over: the next table from the start. */
        t = next_table_to_sweep(srv->catalog, srv->sweep_table_id);
        if (t == NULL) {
            srv->sweep_table_id = 0;
            return;
        }
        srv->sweep_table_id = t->id;
        srv->sweep.resume.length = 0;
        srv->sweep.deleted = 0;
    }
    srv->sweep.max_keys = SWEEP_SLICE_KEYS;
    char *error = NULL;
    uint64_t now_ms = table_now_ms();
    bool ok = t->kind == TABLE_STREAM
                  ? table_data_expire_slice(srv->store, t, now_ms, &srv->sweep, &error)
                  : table_data_retention_slice(srv->store, t, now_ms, &srv->sweep, &error);
    if (!ok) {
        /* Retried on the next tick. */
        log_message(LOG_WARNING, 0, "sweeping table \"%s\": %s", t->name,
                    error != NULL ? error : "out of memory");
        free(error);
        return;
    }
    if (!srv->sweep.done)
        return;
    if (srv->sweep.deleted > 0)
        log_message(LOG_DEBUG, 0, "swept %llu rows from table \"%s\"",
                    (unsigned long long)srv->sweep.deleted, t->name);
    const catalog_table *next = next_table_to_sweep(srv->catalog, t->id);
    srv->sweep_table_id = next != NULL ? next->id : 0;
    srv->sweep.resume.length = 0;
    srv->sweep.deleted = 0;
}

static void on_connection(uv_stream_t *listener, int status)
{
    server *srv = listener->data;
    if (status < 0) {
        log_message(LOG_WARNING, 0, "accept error: %s", uv_strerror(status));
        return;
    }
    connection_accept(srv);
}

static void begin_shutdown(server *srv, const char *signal_name)
{
    if (srv->shutting_down)
        return;
    srv->shutting_down = true;
    log_message(LOG_INFO, 0, "%s received: shutting down (%zu connections)", signal_name,
                srv->connection_count);
    uv_close((uv_handle_t *)&srv->listener, NULL);
    uv_close((uv_handle_t *)&srv->sigint, NULL);
    uv_close((uv_handle_t *)&srv->sigterm, NULL);
    /* A purge left unfinished resumes at the next start: its record is durable. */
    uv_close((uv_handle_t *)&srv->purge_timer, NULL);
    uv_close((uv_handle_t *)&srv->sweep_timer, NULL);
    /* Idle sessions end now; one with a statement under way ends when it finishes. */
    connection *c = srv->connections;
    while (c != NULL) {
        connection *next = c->next;
        connection_terminate_for_shutdown(c);
        c = next;
    }
}

static void on_signal(uv_signal_t *handle, int signum)
{
    begin_shutdown(handle->data, signum == SIGINT ? "SIGINT" : "SIGTERM");
}

/* First start: the data directory gets its catalog and the bootstrap superuser. */
static bool initialize_data_dir(server *srv)
{
    const char *password = getenv("QUILLDB_PASSWORD");
    char verifier_text[SCRAM_VERIFIER_MAX];
    const char *verifier = NULL;
    if (password != NULL && password[0] != '\0') {
        scram_verifier v;
        if (!scram_verifier_create(password, SCRAM_ITERATIONS, &v) ||
            !scram_verifier_format(&v, verifier_text, sizeof verifier_text)) {
            log_message(LOG_ERROR, 0, "could not compute the superuser's SCRAM verifier");
            return false;
        }
        verifier = verifier_text;
    } else if (!srv->config.auth_trust) {
        log_message(LOG_ERROR, 0,
                    "refusing to initialise %s: set QUILLDB_PASSWORD to the password of the "
                    "superuser \"%s\" (or start with --auth trust)",
                    srv->config.data_dir, srv->config.superuser);
        return false;
    }
    char *error = NULL;
    catalog_status status =
        catalog_initialize(srv->catalog, srv->config.superuser, verifier, &error);
    if (status != CATALOG_OK) {
        log_message(LOG_ERROR, 0, "could not initialise %s: %s%s%s", srv->config.data_dir,
                    catalog_status_message(status), error ? ": " : "", error ? error : "");
        free(error);
        return false;
    }
    log_message(LOG_INFO, 0, "initialised data directory %s with superuser \"%s\"%s",
                srv->config.data_dir, srv->config.superuser,
                verifier == NULL ? " (no password: trust authentication only)" : "");
    return true;
}

static bool open_data_dir(server *srv)
{
    if (mkdir(srv->config.data_dir, 0700) != 0 && errno != EEXIST) {
        log_message(LOG_ERROR, 0, "could not create data directory %s: %s", srv->config.data_dir,
                    strerror(errno));
        return false;
    }
    kv_options options = {srv->config.block_cache_bytes, srv->config.write_buffer_bytes};
    char *error = NULL;
    kv_status status = kv_open(srv->config.data_dir, &options, &srv->store, &error);
    if (status == KV_LOCKED) {
        log_message(LOG_ERROR, 0,
                    "data directory %s is in use by another quilld process (LevelDB LOCK is "
                    "held): %s",
                    srv->config.data_dir, error ? error : "");
        free(error);
        return false;
    }
    if (status != KV_OK) {
        log_message(LOG_ERROR, 0, "could not open data directory %s: %s", srv->config.data_dir,
                    error ? error : "out of memory");
        free(error);
        return false;
    }
    catalog_status cs = catalog_open(srv->store, &srv->catalog, &error);
    if (cs != CATALOG_OK) {
        log_message(LOG_ERROR, 0, "could not read the catalog in %s: %s%s%s", srv->config.data_dir,
                    catalog_status_message(cs), error ? ": " : "", error ? error : "");
        free(error);
        return false;
    }
    if (!catalog_is_initialized(srv->catalog))
        return initialize_data_dir(srv);
    return true;
}

static bool start_listening(server *srv)
{
    struct sockaddr_storage address;
    int rc = uv_ip4_addr(srv->config.listen_address, srv->config.port,
                         (struct sockaddr_in *)&address);
    if (rc != 0)
        rc = uv_ip6_addr(srv->config.listen_address, srv->config.port,
                         (struct sockaddr_in6 *)&address);
    if (rc != 0) {
        log_message(LOG_ERROR, 0, "invalid --listen address \"%s\"", srv->config.listen_address);
        return false;
    }
    uv_tcp_init(srv->loop, &srv->listener);
    srv->listener.data = srv;
    rc = uv_tcp_bind(&srv->listener, (struct sockaddr *)&address, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&srv->listener, LISTEN_BACKLOG, on_connection);
    if (rc != 0) {
        log_message(LOG_ERROR, 0, "could not listen on %s:%d: %s", srv->config.listen_address,
                    srv->config.port, uv_strerror(rc));
        uv_close((uv_handle_t *)&srv->listener, NULL);
        return false;
    }
    log_message(LOG_INFO, 0, "listening on %s:%d, data directory %s, auth %s",
                srv->config.listen_address, srv->config.port, srv->config.data_dir,
                srv->config.auth_trust ? "trust" : "scram-sha-256");
    return true;
}

int server_run(const server_config *config)
{
    server srv;
    memset(&srv, 0, sizeof srv);
    srv.config = *config;
    log_set_level(config->log_level);
    srv.loop = uv_default_loop();
    int exit_code = 1;

    bool ready = open_data_dir(&srv);
    if (ready && ((srv.durability = durability_create(srv.loop, srv.store)) == NULL ||
                  (srv.locks = lock_manager_create()) == NULL ||
                  (srv.advisory_locks = advisory_locks_create()) == NULL ||
                  (srv.notifications = notify_hub_create()) == NULL)) {
        log_message(LOG_ERROR, 0, "out of memory");
        ready = false;
    }
    if (ready && start_listening(&srv)) {
        uv_signal_init(srv.loop, &srv.sigint);
        uv_signal_init(srv.loop, &srv.sigterm);
        srv.sigint.data = &srv;
        srv.sigterm.data = &srv;
        uv_signal_start(&srv.sigint, on_signal, SIGINT);
        uv_signal_start(&srv.sigterm, on_signal, SIGTERM);
        uv_timer_init(srv.loop, &srv.purge_timer);
        srv.purge_timer.data = &srv;
        server_schedule_purge(&srv);
        uv_timer_init(srv.loop, &srv.sweep_timer);
        srv.sweep_timer.data = &srv;
        uv_timer_start(&srv.sweep_timer, on_sweep, (uint64_t)config->sweep_interval_ms,
                       (uint64_t)config->sweep_interval_ms);
        uv_run(srv.loop, UV_RUN_DEFAULT);
        exit_code = 0;
    }
    /* Let any handle closed on the way out finish closing. */
    uv_run(srv.loop, UV_RUN_NOWAIT);
    durability_destroy(srv.durability);
    lock_manager_destroy(srv.locks);
    advisory_locks_destroy(srv.advisory_locks);
    notify_hub_destroy(srv.notifications);
    catalog_close(srv.catalog);
    kv_close(srv.store);
    coroutine_release_pool();
    if (uv_loop_close(srv.loop) != 0)
        log_message(LOG_WARNING, 0, "event loop closed with handles still open");
    log_message(LOG_INFO, 0, "stopped");
    return exit_code;
}
