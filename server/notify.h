/*
 * notify: LISTEN, UNLISTEN and NOTIFY between the sessions of a server.
 *
 * Owns which channels each session listens to, the notifications a transaction has
 * queued (delivered to the listeners of the same database when it commits, dropped when
 * it rolls back; a notification equal to one already queued by the transaction is
 * folded into it, as PostgreSQL does), and each session's inbox of delivered
 * notifications. LISTEN and UNLISTEN also take effect at commit. Delivery to the client
 * is the connection's: it is told when its inbox fills and takes notifications out when
 * the session is idle. Knows nothing of sockets.
 */
#ifndef QUILL_SERVER_NOTIFY_H
#define QUILL_SERVER_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"

typedef struct notify_hub notify_hub;
typedef struct notify_listener notify_listener;

notify_hub *notify_hub_create(void);
void notify_hub_destroy(notify_hub *hub);

/* A session's end of the hub; arrived(arg) runs when a notification reaches its inbox. */
notify_listener *notify_listener_create(notify_hub *hub, const char *database,
                                        int32_t process_id, void (*arrived)(void *arg),
                                        void *arg);
void notify_listener_destroy(notify_listener *listener);

/* LISTEN channel; UNLISTEN channel (channel NULL: UNLISTEN *): at commit. */
bool notify_listen(notify_listener *listener, query_context *ctx, const char *channel);
bool notify_unlisten(notify_listener *listener, query_context *ctx, const char *channel);
/* NOTIFY channel, payload: checks them as PostgreSQL does (22023), queued for commit. */
bool notify_send(notify_listener *listener, query_context *ctx, const char *channel,
                 size_t channel_length, const char *payload, size_t payload_length);
/* The transaction ended: commit applies LISTEN/UNLISTEN, then delivers its notifications
 * in the order they were queued; rollback forgets both. */
void notify_transaction_end(notify_listener *listener, bool committed);
/* UNLISTEN * at once (DISCARD ALL, which runs outside any transaction). */
void notify_unlisten_all(notify_listener *listener);

/* The oldest undelivered notification of the inbox; false if it is empty. The strings
 * stay valid until notify_pop. */
bool notify_peek(notify_listener *listener, int32_t *process_id, const char **channel,
                 const char **payload);
void notify_pop(notify_listener *listener);

#endif
