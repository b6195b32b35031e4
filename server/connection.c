#include "server/connection.h"

#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/backend.h"
#include "protocol/framing.h"
#include "protocol/frontend.h"
#include "query/system_tables.h"
#include "server/dispatch.h"
#include "server/durability.h"
#include "server/log.h"

#define AUTHENTICATION_TIMEOUT_MS 60000
#define CLOSE_TIMEOUT_MS 5000
#define READ_CHUNK 16384
/* Idle connections give their input buffer back above this size. */
#define INPUT_KEEP_CAPACITY 65536
/* Reading stops while this much output is unsent, and resumes below the low mark. */
#define OUTPUT_HIGH_WATER ((size_t)4 << 20)
#define OUTPUT_LOW_WATER ((size_t)1 << 20)
/* A running statement pauses after this long so other sessions get the loop. */
#define SLICE_NANOSECONDS ((uint64_t)5 * 1000 * 1000)
/* PostgreSQL's track_activity_query_size default: longer query strings are cut. */
#define ACTIVITY_QUERY_SIZE 1024

typedef struct write_request {
    uv_write_t request;
    uint8_t *data;
    size_t length;
} write_request;

static void flush_output(connection *c);
static void resume_reading(connection *c);
static void process_input(connection *c);
static void end_query(connection *c);
static void on_resume(uv_idle_t *idle);
static bool statement_interrupts(void *arg, query_context *ctx);
static bool statement_await_durable(void *arg, query_context *ctx);
static bool statement_park(void *arg, query_context *ctx, park_request *request);
static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buffer);
static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buffer);

/* ---- closing ---- */

static void free_connection(connection *c)
{
    copy_stream_release(&c->copy);
    free(c->query_text);
    free(c->activity_query);
    free(c->input);
    writer_free(&c->output);
    scram_exchange_free(c->scram);
    session_destroy(c->session);
    free(c->startup_settings);
    free(c);
}

static void on_handle_closed(uv_handle_t *handle)
{
    connection *c = handle->data;
    if (--c->open_handles == 0)
        free_connection(c);
}

/* Closes the socket now, dropping unsent output. */
static void close_now(connection *c, const char *why)
{
    if (uv_is_closing((uv_handle_t *)&c->tcp))
        return;
    if (c->query != NULL) {
        c->terminating = true;
        /* On the query's own stack: let it unwind first; the close happens after. */
        if (coroutine_active()) {
            if (c->close_reason == NULL)
                c->close_reason = why;
            return;
        }
        while (!coroutine_resume(c->query))
            ;
        end_query(c);
    }
    log_message(LOG_INFO, c->id, "closed: %s", why);
    if (c->phase != PHASE_CLOSING)
        server_remove_connection(c->server, c);
    c->phase = PHASE_CLOSING;
    uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
    uv_close((uv_handle_t *)&c->resume, on_handle_closed);
}

static void on_close_deadline(uv_timer_t *timer)
{
    close_now(timer->data, "peer did not take the final messages in time");
}

static void on_shutdown(uv_shutdown_t *request, int status)
{
    (void)status;
    close_now(request->data, "connection ended");
}

/* Sends what is queued (typically a FATAL error), then closes. */
static void close_after_flush(connection *c, const char *why)
{
    if (c->phase == PHASE_CLOSING)
        return;
    log_message(LOG_INFO, c->id, "closing: %s", why);
    server_remove_connection(c->server, c);
    c->phase = PHASE_CLOSING;
    uv_read_stop((uv_stream_t *)&c->tcp);
    flush_output(c);
    if (uv_is_closing((uv_handle_t *)&c->tcp))
        return;
    uv_timer_stop(&c->timer);
    uv_timer_start(&c->timer, on_close_deadline, CLOSE_TIMEOUT_MS, 0);
    c->shutdown.data = c;
    if (uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shutdown) != 0)
        close_now(c, why);
}

static void fatal(connection *c, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fatal(connection *c, const char *sqlstate, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    notice_fields f = {.severity = "FATAL", .sqlstate = sqlstate, .message = message};
    backend_error_response(&c->output, &f);
    log_message(LOG_WARNING, c->id, "FATAL %s: %s", sqlstate, message);
    close_after_flush(c, message);
}

/* ---- output ---- */

static void on_write(uv_write_t *request, int status)
{
    write_request *w = (write_request *)request;
    connection *c = request->handle->data;
    c->bytes_in_flight -= w->length;
    free(w->data);
    free(w);
    if (status < 0) {
        close_now(c, uv_strerror(status));
        return;
    }
    if (c->waiting_for_drain && c->bytes_in_flight < OUTPUT_LOW_WATER) {
        c->waiting_for_drain = false;
        uv_idle_start(&c->resume, on_resume);
    }
    if (c->reading_paused && c->bytes_in_flight < OUTPUT_LOW_WATER && c->phase != PHASE_CLOSING) {
        c->reading_paused = false;
        log_message(LOG_DEBUG, c->id, "output drained; reading resumed");
        resume_reading(c);
    }
}

static void flush_output(connection *c)
{
    if (uv_is_closing((uv_handle_t *)&c->tcp))
        return;
    if (writer_failed(&c->output)) {
        close_now(c, "out of memory building a response");
        return;
    }
    if (c->output.length == 0)
        return;
    /* Try the fast path first; uv_try_write refuses while earlier writes are queued, so
     * the byte order on the socket is kept. */
    uv_buf_t buffer = uv_buf_init((char *)c->output.data, (unsigned int)c->output.length);
    int written = uv_try_write((uv_stream_t *)&c->tcp, &buffer, 1);
    if (written > 0)
        writer_consume(&c->output, (size_t)written);
    else if (written < 0 && written != UV_EAGAIN) {
        close_now(c, uv_strerror(written));
        return;
    }
    if (c->output.length == 0)
        return;
    write_request *w = malloc(sizeof *w);
    if (w == NULL) {
        close_now(c, "out of memory queueing output");
        return;
    }
    w->data = writer_detach(&c->output, &w->length);
    buffer = uv_buf_init((char *)w->data, (unsigned int)w->length);
    int rc = uv_write(&w->request, (uv_stream_t *)&c->tcp, &buffer, 1, on_write);
    if (rc != 0) {
        free(w->data);
        free(w);
        close_now(c, uv_strerror(rc));
        return;
    }
    c->bytes_in_flight += w->length;
    if (c->bytes_in_flight > OUTPUT_HIGH_WATER && !c->reading_paused && c->phase != PHASE_CLOSING) {
        c->reading_paused = true;
        uv_read_stop((uv_stream_t *)&c->tcp);
        log_message(LOG_DEBUG, c->id, "client is slow to read; reading paused");
    }
}

static void send_ready_for_query(connection *c);

static void report_setting(void *arg, const char *name, const char *value)
{
    backend_parameter_status(arg, name, value);
}

/* Notifications reach the client between transactions, never inside one (as in
 * PostgreSQL), before the ReadyForQuery that follows them. */
static void send_notifications(connection *c)
{
    if (c->session == NULL || c->session->transaction != TRANSACTION_IDLE ||
        c->session->transaction_open)
        return;
    int32_t process_id;
    const char *channel, *payload;
    while (notify_peek(c->session->notifications, &process_id, &channel, &payload)) {
        backend_notification_response(&c->output, process_id, channel, payload);
        notify_pop(c->session->notifications);
    }
}

/* A notification arrived: an idle session hears it at once, a busy one at its next
 * ReadyForQuery. */
static void notification_arrived(void *arg)
{
    connection *c = arg;
    if (c->query != NULL || c->phase != PHASE_READY || c->in_process_input)
        return;
    send_notifications(c);
    flush_output(c);
}

static void send_ready_for_query(connection *c)
{
    send_notifications(c);
    guc_report_changes(c->session->settings, report_setting, &c->output);
    backend_ready_for_query(&c->output, session_transaction_status(c->session));
}

/* ---- startup and authentication ---- */

static bool keep_startup_setting(connection *c, const char *name, const char *value)
{
    size_t name_length = strlen(name), value_length = strlen(value);
    size_t need = c->startup_settings_length + name_length + value_length + 2;
    char *grown = realloc(c->startup_settings, need);
    if (grown == NULL)
        return false;
    memcpy(grown + c->startup_settings_length, name, name_length + 1);
    memcpy(grown + c->startup_settings_length + name_length + 1, value, value_length + 1);
    c->startup_settings = grown;
    c->startup_settings_length = need;
    return true;
}

/* The "options" startup parameter: "-c name=value" / "--name=value", whitespace separated,
 * backslash escaping the next character (libpq's PGOPTIONS). */
static bool apply_options(connection *c, const char *options, guc_error *e)
{
    char word[1024];
    bool expect_setting = false;
    const char *p = options;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (*p == '\0')
            return !expect_setting ||
                   (snprintf(e->message, sizeof e->message, "-c requires a setting"),
                    memcpy(e->sqlstate, "22023", 6), false);
        size_t n = 0;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n') {
            if (*p == '\\' && p[1] != '\0')
                p++;
            if (n < sizeof word - 1)
                word[n++] = *p;
            p++;
        }
        word[n] = '\0';
        const char *setting = NULL;
        if (expect_setting)
            setting = word;
        else if (strcmp(word, "-c") == 0)
            expect_setting = true;
        else if (strncmp(word, "-c", 2) == 0)
            setting = word + 2;
        else if (strncmp(word, "--", 2) == 0)
            setting = word + 2;
        else {
            memcpy(e->sqlstate, "22023", 6);
            snprintf(e->message, sizeof e->message,
                     "invalid command-line argument for server process: %.300s", word);
            e->hint[0] = '\0';
            e->detail[0] = '\0';
            return false;
        }
        if (setting == NULL)
            continue;
        expect_setting = false;
        char *equals = strchr(setting, '=');
        if (equals == NULL) {
            memcpy(e->sqlstate, "22023", 6);
            snprintf(e->message, sizeof e->message, "--%.300s requires a value", setting);
            e->hint[0] = '\0';
            e->detail[0] = '\0';
            return false;
        }
        *equals = '\0';
        for (char *q = (char *)setting; *q != '\0'; q++) {
            if (*q == '-')
                *q = '_';
        }
        if (!session_set(c->session, setting, equals + 1, GUC_SCOPE_STARTUP, e))
            return false;
    }
}

/* What system.sessions shows of each authenticated connection. */
static bool list_sessions(void *arg, query_context *ctx, session_visitor visit, void *visit_arg)
{
    server *srv = arg;
    for (connection *c = srv->connections; c != NULL; c = c->next) {
        if (c->session == NULL)
            continue;
        const char *canonical;
        guc_error ignored;
        const char *state = c->query != NULL ? "active"
                            : c->session->transaction == TRANSACTION_BLOCK ? "idle in transaction"
                            : c->session->transaction == TRANSACTION_FAILED
                                ? "idle in transaction (aborted)"
                                : "idle";
        session_activity activity = {
            .connection_id = c->id,
            .process_id = c->process_id,
            .user_name = c->session->user,
            .application_name =
                guc_show(c->session->settings, "application_name", &canonical, &ignored),
            .client_address = c->peer,
            .state = state,
            .query = c->activity_query,
            .started_at = c->started_at,
        };
        if (!visit(visit_arg, ctx, &activity))
            return false;
    }
    return true;
}

static void complete_authentication(connection *c, const catalog_role *role)
{
    if (!role->can_login) {
        fatal(c, "28000", "role \"%s\" is not permitted to log in", role->name);
        return;
    }
    c->session = session_create(c->id, role, c->database, c->server->catalog,
                                c->server->store, c->server->locks, c->process_id);
    if (c->session == NULL) {
        fatal(c, "53200", "out of memory");
        return;
    }
    c->session->interrupt_check = statement_interrupts;
    c->session->interrupt_arg = c;
    c->session->await_durable = statement_await_durable;
    c->session->await_durable_arg = c;
    c->session->park = statement_park;
    c->session->park_arg = c;
    c->session->list_sessions = list_sessions;
    c->session->list_sessions_arg = c->server;
    c->session->process_id = c->process_id;
    c->session->advisory = advisory_holder_create(c->server->advisory_locks, c->database);
    c->session->notifications = notify_listener_create(c->server->notifications, c->database,
                                                       c->process_id, notification_arrived, c);
    if (c->session->advisory == NULL || c->session->notifications == NULL) {
        fatal(c, "53200", "out of memory");
        return;
    }
    copy_stream_init(&c->copy, &c->output);
    c->session->copy_channel = &copy_stream_channel;
    c->session->copy_arg = &c->copy;
    guc_error e;
    for (size_t offset = 0; offset < c->startup_settings_length;) {
        const char *name = c->startup_settings + offset;
        const char *value = name + strlen(name) + 1;
        offset += strlen(name) + strlen(value) + 2;
        bool ok = strcmp(name, "options") == 0
                      ? apply_options(c, value, &e)
                      : session_set(c->session, name, value, GUC_SCOPE_STARTUP, &e);
        if (!ok) {
            fatal(c, e.sqlstate, "%s", e.message);
            return;
        }
    }
    free(c->startup_settings);
    c->startup_settings = NULL;
    c->startup_settings_length = 0;
    session_refresh_roles(c->session); /* a startup role=... sets is_superuser */

    uv_timer_stop(&c->timer);
    backend_authentication_ok(&c->output);
    guc_report_changes(c->session->settings, report_setting, &c->output);
    backend_key_data(&c->output, c->process_id, c->secret_key);
    backend_ready_for_query(&c->output, 'I');
    c->phase = PHASE_READY;
    const char *canonical;
    const char *application = guc_show(c->session->settings, "application_name", &canonical, &e);
    log_message(LOG_INFO, c->id, "authenticated user=%s role=%s database=%s application_name=%s",
                c->user, role_kind_name(role->kind), c->database,
                application != NULL ? application : "");
}

static void authentication_failed(connection *c, const char *why)
{
    log_message(LOG_WARNING, c->id, "authentication failed for user \"%s\": %s", c->user, why);
    fatal(c, "28P01", "password authentication failed for user \"%s\"", c->user);
}

static void handle_startup_packet(connection *c, const frame *f)
{
    startup_packet packet;
    const char *why = NULL;
    if (!frontend_parse_startup(f->body, f->body_length, &packet, &why)) {
        fatal(c, "08P01", "%s", why);
        return;
    }
    if (packet.code == SSL_REQUEST_CODE || packet.code == GSSENC_REQUEST_CODE) {
        log_message(LOG_DEBUG, c->id, "%s refused; continuing unencrypted",
                    packet.code == SSL_REQUEST_CODE ? "SSLRequest" : "GSSENCRequest");
        backend_encryption_refused(&c->output);
        return;
    }
    if (packet.code == CANCEL_REQUEST_CODE) {
        connection *target = server_find_connection(c->server, packet.cancel_process_id);
        if (target != NULL && target->secret_key == packet.cancel_secret_key)
            connection_cancel_request(target);
        else
            log_message(LOG_INFO, c->id, "cancel request with an unknown key ignored");
        close_now(c, "cancel request handled");
        return;
    }
    if (packet.code >> 16 != 3) {
        fatal(c, "0A000", "unsupported frontend protocol %d.%d: server supports 3.0 to 3.0",
              packet.code >> 16, packet.code & 0xFFFF);
        return;
    }
    /* Newer minor versions and _pq_.* options: say what we speak, as PostgreSQL does. */
    int unrecognized = 0;
    for (int i = 0; i < packet.param_count; i++)
        unrecognized += strncmp(packet.params[i].name, "_pq_.", 5) == 0;
    if ((packet.code & 0xFFFF) != 0 || unrecognized > 0) {
        writer_begin(&c->output, 'v');
        writer_int32(&c->output, 0);
        writer_int32(&c->output, unrecognized);
        for (int i = 0; i < packet.param_count; i++) {
            if (strncmp(packet.params[i].name, "_pq_.", 5) == 0)
                writer_cstring(&c->output, packet.params[i].name);
        }
        writer_end(&c->output);
    }

    const char *user = startup_param_get(&packet, "user");
    if (user == NULL || user[0] == '\0') {
        fatal(c, "28000", "no PostgreSQL user name specified in startup packet");
        return;
    }
    const char *database = startup_param_get(&packet, "database");
    if (database == NULL || database[0] == '\0')
        database = user;
    snprintf(c->user, sizeof c->user, "%s", user);
    snprintf(c->database, sizeof c->database, "%s", database);
    const char *replication = startup_param_get(&packet, "replication");
    if (replication != NULL && strcmp(replication, "false") != 0 && strcmp(replication, "0") != 0 &&
        strcmp(replication, "off") != 0) {
        fatal(c, "0A000", "feature not supported: replication connections");
        return;
    }
    if (c->server->shutting_down) {
        fatal(c, "57P03", "the database system is shutting down");
        return;
    }
    if (c->server->connection_count > (size_t)c->server->config.max_connections) {
        fatal(c, "53300", "sorry, too many clients already");
        return;
    }
    for (int i = 0; i < packet.param_count; i++) {
        const char *name = packet.params[i].name;
        if (strcmp(name, "user") == 0 || strcmp(name, "database") == 0 ||
            strcmp(name, "replication") == 0 || strncmp(name, "_pq_.", 5) == 0)
            continue;
        if (!keep_startup_setting(c, name, packet.params[i].value)) {
            fatal(c, "53200", "out of memory");
            return;
        }
    }
    log_message(LOG_INFO, c->id, "startup user=%s database=%s", c->user, c->database);

    const catalog_role *role = catalog_find_role(c->server->catalog, c->user);
    if (c->server->config.auth_trust) {
        if (role == NULL) {
            fatal(c, "28000", "role \"%s\" does not exist", c->user);
            return;
        }
        complete_authentication(c, role);
        return;
    }
    scram_verifier verifier;
    bool have_verifier = role != NULL && role->scram_verifier != NULL &&
                         scram_verifier_parse(role->scram_verifier, &verifier);
    c->scram = scram_exchange_begin(have_verifier ? &verifier : NULL,
                                    catalog_auth_secret(c->server->catalog),
                                    CATALOG_AUTH_SECRET_LEN, c->user, NULL);
    if (c->scram == NULL) {
        fatal(c, "53200", "could not start SCRAM authentication");
        return;
    }
    backend_authentication_sasl(&c->output, SCRAM_MECHANISM);
    c->phase = PHASE_SASL_INITIAL;
}

static void handle_sasl(connection *c, const frame *f)
{
    if (f->type != 'p') {
        fatal(c, "08P01", "expected SASL response, got message type %d", f->type);
        return;
    }
    char *reply = NULL;
    size_t reply_length = 0;
    scram_result result;
    if (c->phase == PHASE_SASL_INITIAL) {
        sasl_initial_response initial;
        const char *why;
        if (!frontend_parse_sasl_initial(f->body, f->body_length, &initial, &why)) {
            fatal(c, "08P01", "%s", why);
            return;
        }
        if (strcmp(initial.mechanism, SCRAM_MECHANISM) != 0) {
            fatal(c, "08P01", "client selected an invalid SASL authentication mechanism");
            return;
        }
        if (initial.data_length < 0) {
            fatal(c, "08P01", "malformed SCRAM message: no initial client response");
            return;
        }
        result = scram_exchange_client_first(c->scram, (const char *)initial.data,
                                             (size_t)initial.data_length, &reply, &reply_length);
    } else {
        result = scram_exchange_client_final(c->scram, (const char *)f->body, f->body_length,
                                             &reply, &reply_length);
    }
    switch (result) {
    case SCRAM_CONTINUE:
        backend_authentication_sasl_continue(&c->output, reply, reply_length);
        c->phase = PHASE_SASL_FINAL;
        break;
    case SCRAM_SUCCESS: {
        backend_authentication_sasl_final(&c->output, reply, reply_length);
        scram_exchange_free(c->scram);
        c->scram = NULL;
        const catalog_role *role = catalog_find_role(c->server->catalog, c->user);
        if (role == NULL)
            authentication_failed(c, "role disappeared during authentication");
        else
            complete_authentication(c, role);
        break;
    }
    case SCRAM_FAILURE:
        authentication_failed(c, scram_exchange_error(c->scram));
        break;
    case SCRAM_PROTOCOL_ERROR:
        fatal(c, "08P01", "malformed SCRAM message: %s", scram_exchange_error(c->scram));
        break;
    }
    free(reply);
}

/* ---- queries ---- */

/* The hook the query layer calls every few hundred rows. */
static bool statement_interrupts(void *arg, query_context *ctx)
{
    connection *c = arg;
    for (;;) {
        if (c->terminating)
            return query_fail(ctx, "57P01", -1, "terminating connection");
        if (c->cancel_requested) {
            c->cancel_requested = false;
            return query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1,
                              "canceling statement due to user request");
        }
        uint64_t now = uv_hrtime();
        if (c->statement_timeout_ms > 0 &&
            now - c->query_started > (uint64_t)c->statement_timeout_ms * 1000000u)
            return query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1,
                              "canceling statement due to statement timeout");
        bool slice_over = now - c->slice_started > SLICE_NANOSECONDS ||
                          c->output.length > OUTPUT_HIGH_WATER;
        if (!slice_over || ctx->write_depth > 0 || c->query == NULL || !coroutine_active())
            return true;
        coroutine_yield();
    }
}

static void durability_reached(void *arg)
{
    connection *c = arg;
    c->waiting_for_durability = false;
    uv_idle_start(&c->resume, on_resume);
}

/* The hook the query layer calls once a statement's batch is applied. A cancel or a
 * timeout cannot cut this wait short: the writes are applied and will be durable. */
static bool statement_await_durable(void *arg, query_context *ctx)
{
    connection *c = arg;
    bool pausable = c->query != NULL && coroutine_active() && !c->terminating;
    durability_waiter waiter = {.wake = durability_reached, .wake_arg = c};
    if (pausable) {
        c->waiting_for_durability = true;
        durability_request(c->server->durability, &waiter);
    }
    while (pausable && !waiter.done) {
        if (c->terminating) {
            /* Closing: close_now resumes the statement until it ends, so stop pausing. */
            durability_forget(c->server->durability, &waiter);
            c->waiting_for_durability = false;
            pausable = false;
            break;
        }
        coroutine_yield();
    }
    if (!pausable) {
        char *error = NULL;
        if (kv_sync(c->server->store, &error) == KV_OK)
            return true;
        query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not sync writes to storage: %s",
                   error != NULL ? error : "out of memory");
        free(error);
        return false;
    }
    if (waiter.ok)
        return true;
    query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not sync writes to storage: %s",
               waiter.error != NULL ? waiter.error : "out of memory");
    free(waiter.error);
    return false;
}

static void park_woken(void *arg)
{
    connection *c = arg;
    uv_idle_start(&c->resume, on_resume);
}

static void on_park_timeout(uv_timer_t *timer)
{
    connection *c = timer->data;
    c->park_timed_out = true;
    uv_idle_start(&c->resume, on_resume);
}

/* The hook the query layer calls to wait for a lock: the statement's coroutine pauses
 * until the lock is handed over, the wait times out (lock_timeout, or what is left of
 * statement_timeout), a deadlock check after deadlock_timeout finds it in a cycle, the
 * client cancels, or the connection closes. One timer serves both deadlines. */
static bool statement_park(void *arg, query_context *ctx, park_request *request)
{
    connection *c = arg;
    if (c->terminating)
        return query_fail(ctx, "57P01", -1, "terminating connection");
    /* Only a statement's coroutine can pause; nothing else asks for a lock. */
    if (c->query == NULL || !coroutine_active())
        return query_fail(ctx, "55P03", -1, "could not obtain lock: another transaction "
                                            "holds it");
    request->wake = park_woken;
    request->wake_arg = c;
    uint64_t lock_ms = guc_get_milliseconds(c->session->settings, "lock_timeout");
    uint64_t deadlock_ms = guc_get_milliseconds(c->session->settings, "deadlock_timeout");
    uint64_t started = uv_hrtime();
    uint64_t elapsed_ms = (started - c->query_started) / 1000000u;
    uint64_t statement_ms = 0;
    if (c->statement_timeout_ms > 0)
        statement_ms = (uint64_t)c->statement_timeout_ms > elapsed_ms
                           ? (uint64_t)c->statement_timeout_ms - elapsed_ms
                           : 1;
    bool lock_first = lock_ms > 0 && (statement_ms == 0 || lock_ms <= statement_ms);
    uint64_t wait_ms = lock_first ? lock_ms : statement_ms;
    bool deadlock_pending = request->check_deadlock != NULL;
    c->park_timed_out = false;
    c->parked = true;
    bool ok = true;
    for (;;) {
        /* The timer: the deadlock check first if it is due before the timeout. */
        uint64_t waited_ms = (uv_hrtime() - started) / 1000000u;
        uint64_t next_ms = 0;
        if (wait_ms > 0)
            next_ms = wait_ms > waited_ms ? wait_ms - waited_ms : 1;
        if (deadlock_pending) {
            uint64_t check_ms = deadlock_ms > waited_ms ? deadlock_ms - waited_ms : 1;
            if (next_ms == 0 || check_ms < next_ms)
                next_ms = check_ms;
        }
        c->park_timed_out = false;
        uv_timer_stop(&c->timer);
        if (next_ms > 0)
            uv_timer_start(&c->timer, on_park_timeout, next_ms, 0);
        while (!request->woken && !c->park_timed_out && !c->terminating &&
               !c->cancel_requested)
            coroutine_yield();
        if (request->woken)
            break;
        if (c->terminating) {
            ok = query_fail(ctx, "57P01", -1, "terminating connection");
            break;
        }
        if (c->cancel_requested) {
            c->cancel_requested = false;
            ok = query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1,
                            "canceling statement due to user request");
            break;
        }
        waited_ms = (uv_hrtime() - started) / 1000000u;
        if (deadlock_pending && waited_ms >= deadlock_ms) {
            deadlock_pending = false;
            if (!(ok = request->check_deadlock(request->check_deadlock_arg, ctx)))
                break;
        }
        if (wait_ms > 0 && waited_ms >= wait_ms) {
            ok = lock_first ? query_fail(ctx, "55P03", -1,
                                         "canceling statement due to lock timeout")
                            : query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1,
                                         "canceling statement due to statement timeout");
            break;
        }
    }
    uv_timer_stop(&c->timer);
    c->parked = false;
    return ok;
}

static void query_body(void *arg)
{
    connection *c = arg;
    if (c->syncing)
        extended_sync(c->session, &c->output);
    else if (c->execute.portal != NULL)
        c->execute_failed = !extended_execute(c->session, &c->output, &c->execute);
    else
        dispatch_simple_query(c->session, &c->output, c->query_text, c->query_length);
}

/* Runs the query until it pauses or ends. */
static void run_query(connection *c)
{
    c->slice_started = uv_hrtime();
    if (!coroutine_resume(c->query)) {
        /* Paused: stream what it produced, and continue on a later loop turn (or once the
         * client has read enough of it). Reading stops meanwhile (a statement that ends
         * without pausing never toggles it: two epoll_ctl calls saved per statement). */
        flush_output(c);
        if (uv_is_closing((uv_handle_t *)&c->tcp))
            return;
        if (!c->copy.waiting)
            uv_read_stop((uv_stream_t *)&c->tcp);
        /* COPY FROM STDIN waits for the client: the next COPY message resumes it. */
        if (c->copy.waiting) {
            if (!c->in_process_input && !c->reading_paused)
                resume_reading(c);
            return;
        }
        if (c->waiting_for_durability || c->parked)
            return; /* durability_reached, or the lock's release, resumes it */
        /* An idle handle, not a zero timer: libuv 1.44 reruns a timer restarted from its
         * own callback within the same pass, which would starve every socket. */
        if (c->bytes_in_flight > OUTPUT_HIGH_WATER)
            c->waiting_for_drain = true;
        else
            uv_idle_start(&c->resume, on_resume);
        return;
    }
    bool was_execute = c->execute.portal != NULL && !c->syncing;
    c->syncing = false;
    end_query(c);
    if (c->close_reason != NULL) {
        close_now(c, c->close_reason);
        return;
    }
    if (c->copy_out_of_step) {
        fatal(c, "08P01", "terminating connection because protocol synchronization was lost");
        return;
    }
    /* An Execute is answered by its own messages; ReadyForQuery waits for Sync. */
    if (!was_execute)
        send_ready_for_query(c);
    else if (c->execute_failed && c->phase == PHASE_READY)
        c->phase = PHASE_DISCARD_TO_SYNC;
    if (c->shutdown_after_query) {
        connection_terminate_for_shutdown(c);
        return;
    }
    if (!c->in_process_input) {
        if (!c->reading_paused && c->phase != PHASE_CLOSING)
            resume_reading(c);
    }
}

static void on_resume(uv_idle_t *idle)
{
    connection *c = idle->data;
    uv_idle_stop(idle);
    if (c->query != NULL && !c->terminating)
        run_query(c);
}

static void end_query(connection *c)
{
    coroutine_destroy(c->query);
    c->query = NULL;
    free(c->query_text);
    c->query_text = NULL;
    free(c->execute.portal);
    c->execute.portal = NULL;
    if (--c->server->running_queries == 0)
        catalog_collect_garbage(c->server->catalog);
    server_schedule_purge(c->server);
}

/* A statement's clock (statement_timeout) starts with the message that runs it. */
static void start_statement_clock(connection *c)
{
    c->cancel_requested = false;
    c->query_started = uv_hrtime();
    c->statement_timeout_ms = guc_get_milliseconds(c->session->settings, "statement_timeout");
}

/* Runs the statement set up in c (query_text or execute) on its own coroutine. */
static void start_coroutine(connection *c)
{
    start_statement_clock(c);
    c->query = coroutine_create(query_body, c);
    if (c->query == NULL) {
        free(c->query_text);
        c->query_text = NULL;
        free(c->execute.portal);
        c->execute.portal = NULL;
        fatal(c, "53200", "out of memory: no stack for the statement");
        return;
    }
    c->server->running_queries++;
    run_query(c);
}

/* Sync runs on a statement coroutine too: committing the implicit transaction may wait
 * for the disk (and must not block the loop meanwhile); ReadyForQuery follows it. */
static void start_sync(connection *c)
{
    c->syncing = true;
    start_coroutine(c);
}

/* The statement text shown as the session's query: kept after the statement ends, as
 * pg_stat_activity keeps the last one; cut on a UTF-8 character boundary. */
static void remember_activity(connection *c, const char *query, size_t length)
{
    size_t kept = length;
    if (kept >= ACTIVITY_QUERY_SIZE) {
        kept = ACTIVITY_QUERY_SIZE - 1;
        while (kept > 0 && ((unsigned char)query[kept] & 0xC0) == 0x80)
            kept--;
    }
    char *activity = malloc(kept + 1);
    if (activity != NULL) {
        memcpy(activity, query, kept);
        activity[kept] = '\0';
    }
    free(c->activity_query);
    c->activity_query = activity; /* NULL when out of memory: shown as NULL */
}

static void start_query(connection *c, const char *query, size_t length)
{
    /* The message buffer moves as more input arrives: the query keeps its own copy. */
    c->query_text = malloc(length + 1);
    if (c->query_text == NULL) {
        fatal(c, "53200", "out of memory");
        return;
    }
    memcpy(c->query_text, query, length + 1);
    c->query_length = length;
    remember_activity(c, query, length);
    start_coroutine(c);
}

/* Parse, Bind, Describe and Close run at once; an error skips messages until Sync. */
static void handle_extended(connection *c, const frame *f)
{
    bool ok = true;
    start_statement_clock(c);
    switch (f->type) {
    case 'P':
        ok = extended_parse(c->session, &c->output, f->body, f->body_length);
        break;
    case 'B':
        ok = extended_bind(c->session, &c->output, f->body, f->body_length);
        break;
    case 'D':
        ok = extended_describe(c->session, &c->output, f->body, f->body_length);
        break;
    case 'C':
        ok = extended_close(c->session, &c->output, f->body, f->body_length);
        break;
    case 'E':
        ok = extended_execute_request(c->session, &c->output, f->body, f->body_length,
                                      &c->execute);
        if (ok) {
            size_t length;
            const char *text = extended_execute_text(c->session, &c->execute, &length);
            log_message(LOG_DEBUG, c->id, "execute portal \"%s\"", c->execute.portal);
            if (text != NULL)
                remember_activity(c, text, length);
            c->execute_failed = false;
            start_coroutine(c);
        }
        break;
    }
    if (!ok)
        c->phase = PHASE_DISCARD_TO_SYNC;
}

static void handle_ready(connection *c, const frame *f)
{
    switch (f->type) {
    case 'Q': {
        const char *query;
        size_t length;
        const char *why;
        if (!frontend_parse_query(f->body, f->body_length, &query, &length, &why)) {
            fatal(c, "08P01", "%s", why);
            return;
        }
        /* CREATE/ALTER ROLE ... PASSWORD would put a password into the log. */
        if (strcasestr(query, "password") != NULL)
            log_message(LOG_DEBUG, c->id, "query: (text not logged: it may hold a password)");
        else
            log_message(LOG_DEBUG, c->id, "query: %.200s", query);
        /* A session whose role was dropped meanwhile ends here, as a new login would. */
        if (session_refresh_roles(c->session) == SESSION_LOGIN_ROLE_DROPPED) {
            fatal(c, "28000", "role \"%s\" does not exist", c->session->user);
            return;
        }
        start_query(c, query, length);
        return;
    }
    case 'X':
        close_now(c, "client sent Terminate");
        return;
    case 'P':
    case 'B':
    case 'D':
    case 'E':
    case 'C':
        handle_extended(c, f);
        return;
    case 'S':
        start_sync(c);
        return;
    case 'H':
        flush_output(c);
        return;
    case 'F': {
        notice_fields e = {.severity = "ERROR",
                           .sqlstate = "0A000",
                           .message = "feature not supported: fastpath function calls"};
        backend_error_response(&c->output, &e);
        send_ready_for_query(c);
        return;
    }
    case 'd':
    case 'c':
    case 'f':
        /* Copy messages outside COPY are ignored, as PostgreSQL does after a failed COPY. */
        return;
    default:
        fatal(c, "08P01", "invalid frontend message type %d", (unsigned char)f->type);
    }
}

/* A message for the COPY FROM STDIN under way. */
static void handle_copy_message(connection *c, const frame *f)
{
    copy_delivery delivery = copy_stream_deliver(&c->copy, (char)f->type, f->body, f->body_length);
    if (delivery == COPY_DELIVERY_QUEUED || delivery == COPY_DELIVERY_IGNORED)
        return;
    if (delivery == COPY_DELIVERY_LOST) {
        log_message(LOG_WARNING, c->id, "message type %d during COPY from stdin", f->type);
        c->copy_out_of_step = true;
    }
    run_query(c);
}

static void handle_message(connection *c, const frame *f)
{
    if (c->query != NULL) {
        handle_copy_message(c, f);
        return;
    }
    switch (c->phase) {
    case PHASE_STARTUP:
        handle_startup_packet(c, f);
        break;
    case PHASE_SASL_INITIAL:
    case PHASE_SASL_FINAL:
        handle_sasl(c, f);
        break;
    case PHASE_READY:
        handle_ready(c, f);
        break;
    case PHASE_DISCARD_TO_SYNC:
        if (f->type == 'S') {
            c->phase = PHASE_READY;
            start_sync(c);
        } else if (f->type == 'X') {
            close_now(c, "client sent Terminate");
        }
        break;
    case PHASE_CLOSING:
        break;
    }
}

static bool ensure_input_capacity(connection *c, size_t capacity)
{
    if (c->input_capacity >= capacity)
        return true;
    size_t grown = c->input_capacity ? c->input_capacity : READ_CHUNK;
    while (grown < capacity)
        grown *= 2;
    uint8_t *p = realloc(c->input, grown);
    if (p == NULL)
        return false;
    c->input = p;
    c->input_capacity = grown;
    return true;
}

static void process_input(connection *c)
{
    size_t consumed = 0;
    size_t needed = 0;
    c->in_process_input = true;
    while (c->phase != PHASE_CLOSING && !c->reading_paused &&
           (c->query == NULL || c->copy.waiting)) {
        frame f;
        frame_status status =
            frame_next(c->input + consumed, c->input_length - consumed,
                       c->phase == PHASE_STARTUP, c->server->config.max_message_size, &f, &needed);
        if (status == FRAME_INCOMPLETE) {
            /* The COPY data of this read goes to the statement in one resumption. */
            if (c->query != NULL && c->copy.waiting && copy_stream_has_data(&c->copy))
                run_query(c);
            break;
        }
        if (status == FRAME_BAD_LENGTH) {
            c->in_process_input = false;
            fatal(c, "08P01", "invalid message length %lld", (long long)f.declared_length);
            return;
        }
        needed = 0;
        handle_message(c, &f);
        consumed += f.total_length;
        /* A pipelined burst must not build unbounded output before the first send. */
        if (c->output.length > OUTPUT_HIGH_WATER)
            flush_output(c);
    }
    c->in_process_input = false;
    if (uv_is_closing((uv_handle_t *)&c->tcp))
        return;
    if (consumed > 0) {
        memmove(c->input, c->input + consumed, c->input_length - consumed);
        c->input_length -= consumed;
    }
    if (c->input_length == 0 && c->input_capacity > INPUT_KEEP_CAPACITY) {
        free(c->input);
        c->input = NULL;
        c->input_capacity = 0;
    }
    /* A partial message's length is known and validated: reserve all of it at once. */
    if (needed > 0 && !ensure_input_capacity(c, needed)) {
        fatal(c, "53200", "out of memory for a %zu-byte message", needed);
        return;
    }
    flush_output(c);
    /* Reading stops while a statement runs, unless it waits for COPY data; it resumes
     * once none is running. */
    if (c->query != NULL && !c->copy.waiting && !uv_is_closing((uv_handle_t *)&c->tcp))
        uv_read_stop((uv_stream_t *)&c->tcp);
    if ((c->query == NULL || c->copy.waiting) && !c->reading_paused && c->phase != PHASE_CLOSING &&
        !uv_is_closing((uv_handle_t *)&c->tcp) && !uv_is_active((uv_handle_t *)&c->tcp) &&
        uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0)
        close_now(c, "could not resume reading");
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buffer)
{
    (void)suggested;
    connection *c = handle->data;
    if (!ensure_input_capacity(c, c->input_length + READ_CHUNK)) {
        *buffer = uv_buf_init(NULL, 0); /* libuv reports UV_ENOBUFS to on_read */
        return;
    }
    *buffer = uv_buf_init((char *)c->input + c->input_length,
                          (unsigned int)(c->input_capacity - c->input_length));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buffer)
{
    (void)buffer;
    connection *c = stream->data;
    if (nread < 0) {
        if (nread == UV_EOF)
            close_now(c, c->phase == PHASE_READY ? "client disconnected without Terminate"
                                                  : "client disconnected");
        else if (nread == UV_ENOBUFS)
            fatal(c, "53200", "out of memory reading from the client");
        else
            close_now(c, uv_strerror((int)nread));
        return;
    }
    c->input_length += (size_t)nread;
    process_input(c);
}

static void resume_reading(connection *c)
{
    /* A COPY waiting for data reads on already. */
    if (!uv_is_active((uv_handle_t *)&c->tcp) &&
        uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
        close_now(c, "could not resume reading");
        return;
    }
    process_input(c);
}

static void on_authentication_timeout(uv_timer_t *timer)
{
    connection *c = timer->data;
    fatal(c, "08P01", "canceling authentication due to timeout");
}

void connection_accept(server *srv)
{
    connection *c = calloc(1, sizeof *c);
    if (c == NULL) {
        log_message(LOG_ERROR, 0, "out of memory accepting a connection");
        return;
    }
    writer_init(&c->output);
    uv_tcp_init(srv->loop, &c->tcp);
    uv_timer_init(srv->loop, &c->timer);
    uv_idle_init(srv->loop, &c->resume);
    c->tcp.data = c;
    c->timer.data = c;
    c->resume.data = c;
    c->open_handles = 3;
    c->server = srv;
    c->id = ++srv->next_connection_id;
    /* The "process id" of BackendKeyData: unique among live connections, never 0. */
    c->process_id = (int32_t)(c->id % INT32_MAX) + 1;
    c->started_at = datetime_clock_now();
    c->phase = PHASE_STARTUP;
    if (RAND_bytes((unsigned char *)&c->secret_key, sizeof c->secret_key) != 1)
        c->secret_key = (int32_t)(c->id * 2654435761u);
    server_add_connection(srv, c);

    int rc = uv_accept((uv_stream_t *)&srv->listener, (uv_stream_t *)&c->tcp);
    if (rc != 0) {
        log_message(LOG_WARNING, c->id, "accept failed: %s", uv_strerror(rc));
        close_now(c, "accept failed");
        return;
    }
    struct sockaddr_storage address;
    int length = sizeof address;
    snprintf(c->peer, sizeof c->peer, "unknown");
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&address, &length) == 0) {
        char host[48] = "";
        int port = 0;
        if (address.ss_family == AF_INET) {
            uv_ip4_name((struct sockaddr_in *)&address, host, sizeof host);
            port = ntohs(((struct sockaddr_in *)&address)->sin_port);
        } else if (address.ss_family == AF_INET6) {
            uv_ip6_name((struct sockaddr_in6 *)&address, host, sizeof host);
            port = ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
        }
        snprintf(c->peer, sizeof c->peer, "%s:%d", host, port);
    }
    uv_tcp_nodelay(&c->tcp, 1);
    log_message(LOG_INFO, c->id, "accepted from %s", c->peer);
    uv_timer_start(&c->timer, on_authentication_timeout, AUTHENTICATION_TIMEOUT_MS, 0);
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0)
        close_now(c, "could not start reading");
}

void connection_terminate_for_shutdown(connection *c)
{
    /* A statement under way finishes first (its client gets its answer), unless it is a
     * COPY waiting for the client's data, which may never come. */
    if (c->query != NULL && !c->copy.waiting) {
        c->shutdown_after_query = true;
        return;
    }
    fatal(c, "57P01", "terminating connection due to administrator command");
}

void connection_cancel_request(connection *c)
{
    if (c->query == NULL) {
        /* Between statements there is nothing to cancel; PostgreSQL ignores it too. */
        log_message(LOG_INFO, c->id, "cancel request received; no statement was running");
        return;
    }
    log_message(LOG_INFO, c->id, "cancel request received; canceling the running statement");
    c->cancel_requested = true;
    /* A parked statement, or a COPY waiting for the client's data, hears of it now. */
    if (c->parked || c->copy.waiting)
        uv_idle_start(&c->resume, on_resume);
}
