/*
 * connection: one client socket, from the startup packet to Terminate.
 *
 * Owns the byte buffers (input split into messages by protocol/framing, output built
 * with protocol/message_writer and written with back-pressure: reading pauses while
 * unsent output is above a limit), the startup and SCRAM authentication exchange, and
 * the connection's session once authenticated. Every state change is logged. A bad
 * message closes only this connection, after a FATAL ErrorResponse.
 */
#ifndef QUILL_SERVER_CONNECTION_H
#define QUILL_SERVER_CONNECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "protocol/message_writer.h"
#include "protocol/scram.h"
#include "server/copy_stream.h"
#include "server/coroutine.h"
#include "server/extended.h"
#include "server/server.h"
#include "server/session.h"

typedef enum connection_phase {
    PHASE_STARTUP,      /* waiting for StartupMessage (or SSL/GSSENC/Cancel requests) */
    PHASE_SASL_INITIAL, /* sent AuthenticationSASL, waiting for SASLInitialResponse */
    PHASE_SASL_FINAL,   /* sent SASLContinue, waiting for the client-final message */
    PHASE_READY,        /* authenticated: queries */
    PHASE_DISCARD_TO_SYNC, /* an extended-protocol error: skip until Sync */
    PHASE_CLOSING,
} connection_phase;

struct connection {
    connection *next;
    connection *prev;
    server *server;
    uint64_t id;
    int32_t process_id;
    int32_t secret_key;
    connection_phase phase;
    uv_tcp_t tcp;
    uv_timer_t timer; /* authentication deadline, then the close deadline */
    uv_idle_t resume; /* runs a paused statement's next slice on the next loop turn */
    uv_shutdown_t shutdown;
    int open_handles; /* freed when tcp, timer and resume are all closed */
    char peer[64];

    uint8_t *input;
    size_t input_length;
    size_t input_capacity;
    bool reading_paused; /* unsent output above the high-water mark */

    message_writer output;
    size_t bytes_in_flight; /* handed to uv_write, not yet completed */

    char user[CATALOG_NAME_MAX + 1];
    char database[CATALOG_NAME_MAX + 1];
    dt_timestamp started_at; /* accepted (system.sessions) */
    char *activity_query; /* the last query string, cut as track_activity_query_size cuts */
    scram_exchange *scram;
    session *session;
    /* The statement being run (a Simple Query, or an Execute with the execute request
     * set), on its own stack so that it can pause. */
    coroutine *query;
    char *query_text;
    size_t query_length;
    execute_request execute;
    bool execute_failed;
    uint64_t query_started; /* uv_hrtime() */
    uint64_t slice_started;
    int64_t statement_timeout_ms;
    bool cancel_requested;
    bool terminating;          /* the connection is going: the query must stop at once */
    bool shutdown_after_query; /* the server is stopping: end the session after this query */
    bool waiting_for_drain;    /* paused until the client reads its output */
    bool waiting_for_durability; /* paused until its applied writes are synced */
    bool parked;                 /* paused until another transaction releases a lock */
    bool syncing;                /* the coroutine runs a Sync (commit), not a statement */
    bool park_timed_out;
    bool in_process_input;
    copy_stream copy; /* a COPY under way: messages go to it while copy.waiting */
    bool copy_out_of_step; /* a COPY met a message it could not take: end after its error */
    const char *close_reason; /* a close requested from inside the query's stack */

    /* Startup parameters to apply as settings once authenticated (copied). */
    char *startup_settings;
    size_t startup_settings_length;
};

/* Accepts a pending connection on the listener; logs and drops it on failure. */
void connection_accept(server *srv);
/* Ends a connection because the server is shutting down (FATAL 57P01). */
void connection_terminate_for_shutdown(connection *c);
/* A CancelRequest carried this connection's key. */
void connection_cancel_request(connection *c);

#endif
