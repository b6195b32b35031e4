#include "server/notify.h"

#include <stdlib.h>
#include <string.h>

#define NAME_LIMIT 64            /* NAMEDATALEN: a channel name is shorter */
#define PAYLOAD_LIMIT 8000       /* PostgreSQL's NOTIFY_PAYLOAD_MAX_LENGTH */

typedef struct notification {
    int32_t process_id;
    char *channel;
    char *payload;
    struct notification *next;
} notification;

typedef struct notification_list {
    notification *first, *last;
} notification_list;

typedef enum listen_kind { ACTION_LISTEN, ACTION_UNLISTEN, ACTION_UNLISTEN_ALL } listen_kind;

typedef struct listen_action {
    listen_kind kind;
    char *channel;
    struct listen_action *next;
} listen_action;

typedef struct channel {
    char *name;
    struct channel *next;
} channel;

struct notify_listener {
    notify_hub *hub;
    char *database;
    int32_t process_id;
    void (*arrived)(void *arg);
    void *arrived_arg;
    channel *channels;
    listen_action *actions, *last_action; /* the open transaction's, in order */
    notification_list queued;             /* the open transaction's NOTIFYs */
    notification_list inbox;              /* delivered, not yet sent to the client */
    struct notify_listener *next, *prev;
};

struct notify_hub {
    notify_listener *listeners;
};

notify_hub *notify_hub_create(void)
{
    return calloc(1, sizeof(notify_hub));
}

void notify_hub_destroy(notify_hub *hub)
{
    free(hub);
}

static void free_notifications(notification_list *list)
{
    while (list->first != NULL) {
        notification *next = list->first->next;
        free(list->first->channel);
        free(list->first->payload);
        free(list->first);
        list->first = next;
    }
    list->last = NULL;
}

static void append(notification_list *list, notification *n)
{
    n->next = NULL;
    if (list->last != NULL)
        list->last->next = n;
    else
        list->first = n;
    list->last = n;
}

static void free_actions(notify_listener *l)
{
    while (l->actions != NULL) {
        listen_action *next = l->actions->next;
        free(l->actions->channel);
        free(l->actions);
        l->actions = next;
    }
    l->last_action = NULL;
}

notify_listener *notify_listener_create(notify_hub *hub, const char *database,
                                        int32_t process_id, void (*arrived)(void *arg),
                                        void *arg)
{
    notify_listener *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    l->database = strdup(database);
    if (l->database == NULL) {
        free(l);
        return NULL;
    }
    l->hub = hub;
    l->process_id = process_id;
    l->arrived = arrived;
    l->arrived_arg = arg;
    l->next = hub->listeners;
    if (hub->listeners != NULL)
        hub->listeners->prev = l;
    hub->listeners = l;
    return l;
}

void notify_unlisten_all(notify_listener *l)
{
    while (l->channels != NULL) {
        channel *next = l->channels->next;
        free(l->channels->name);
        free(l->channels);
        l->channels = next;
    }
}

void notify_listener_destroy(notify_listener *l)
{
    if (l == NULL)
        return;
    if (l->prev != NULL)
        l->prev->next = l->next;
    else
        l->hub->listeners = l->next;
    if (l->next != NULL)
        l->next->prev = l->prev;
    notify_unlisten_all(l);
    free_actions(l);
    free_notifications(&l->queued);
    free_notifications(&l->inbox);
    free(l->database);
    free(l);
}

static bool add_action(notify_listener *l, query_context *ctx, listen_kind kind,
                       const char *name)
{
    listen_action *a = calloc(1, sizeof *a);
    if (a == NULL)
        return query_fail_no_memory(ctx);
    if (name != NULL && (a->channel = strdup(name)) == NULL) {
        free(a);
        return query_fail_no_memory(ctx);
    }
    a->kind = kind;
    if (l->last_action != NULL)
        l->last_action->next = a;
    else
        l->actions = a;
    l->last_action = a;
    return true;
}

bool notify_listen(notify_listener *l, query_context *ctx, const char *name)
{
    return add_action(l, ctx, ACTION_LISTEN, name);
}

bool notify_unlisten(notify_listener *l, query_context *ctx, const char *name)
{
    return add_action(l, ctx, name != NULL ? ACTION_UNLISTEN : ACTION_UNLISTEN_ALL, name);
}

bool notify_send(notify_listener *l, query_context *ctx, const char *name, size_t name_length,
                 const char *payload, size_t payload_length)
{
    if (name_length == 0)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "channel name cannot be empty");
    if (name_length >= NAME_LIMIT)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "channel name too long");
    if (payload_length >= PAYLOAD_LIMIT)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "payload string too long");
    for (const notification *n = l->queued.first; n != NULL; n = n->next) {
        if (strlen(n->channel) == name_length && memcmp(n->channel, name, name_length) == 0 &&
            strlen(n->payload) == payload_length &&
            memcmp(n->payload, payload, payload_length) == 0)
            return true;
    }
    notification *n = calloc(1, sizeof *n);
    if (n == NULL)
        return query_fail_no_memory(ctx);
    n->channel = strndup(name, name_length);
    n->payload = strndup(payload, payload_length);
    if (n->channel == NULL || n->payload == NULL) {
        free(n->channel);
        free(n->payload);
        free(n);
        return query_fail_no_memory(ctx);
    }
    n->process_id = l->process_id;
    append(&l->queued, n);
    return true;
}

static channel **find_channel(notify_listener *l, const char *name)
{
    channel **link = &l->channels;
    while (*link != NULL && strcmp((*link)->name, name) != 0)
        link = &(*link)->next;
    return link;
}

/* Applies one LISTEN/UNLISTEN; a LISTEN that cannot get memory is dropped (commit
 * cannot fail any more; PostgreSQL would have failed the LISTEN itself). */
static void apply_action(notify_listener *l, listen_action *a)
{
    if (a->kind == ACTION_UNLISTEN_ALL) {
        notify_unlisten_all(l);
        return;
    }
    channel **link = find_channel(l, a->channel);
    if (a->kind == ACTION_UNLISTEN) {
        if (*link != NULL) {
            channel *gone = *link;
            *link = gone->next;
            free(gone->name);
            free(gone);
        }
        return;
    }
    if (*link != NULL)
        return;
    channel *c = calloc(1, sizeof *c);
    if (c == NULL)
        return;
    c->name = a->channel;
    a->channel = NULL;
    *link = c;
}

static notification *copy_notification(const notification *n)
{
    notification *copy = calloc(1, sizeof *copy);
    if (copy == NULL)
        return NULL;
    copy->process_id = n->process_id;
    copy->channel = strdup(n->channel);
    copy->payload = strdup(n->payload);
    if (copy->channel == NULL || copy->payload == NULL) {
        free(copy->channel);
        free(copy->payload);
        free(copy);
        return NULL;
    }
    return copy;
}

void notify_transaction_end(notify_listener *l, bool committed)
{
    if (l == NULL)
        return;
    if (committed) {
        for (listen_action *a = l->actions; a != NULL; a = a->next)
            apply_action(l, a);
    }
    free_actions(l);
    if (!committed || l->queued.first == NULL) {
        free_notifications(&l->queued);
        return;
    }
    for (notify_listener *target = l->hub->listeners; target != NULL; target = target->next) {
        if (strcmp(target->database, l->database) != 0)
            continue;
        bool delivered = false;
        for (const notification *n = l->queued.first; n != NULL; n = n->next) {
            if (*find_channel(target, n->channel) == NULL)
                continue;
            notification *copy = copy_notification(n);
            if (copy == NULL)
                continue; /* out of memory: this listener misses it */
            append(&target->inbox, copy);
            delivered = true;
        }
        if (delivered && target->arrived != NULL)
            target->arrived(target->arrived_arg);
    }
    free_notifications(&l->queued);
}

bool notify_peek(notify_listener *l, int32_t *process_id, const char **name,
                 const char **payload)
{
    if (l == NULL || l->inbox.first == NULL)
        return false;
    *process_id = l->inbox.first->process_id;
    *name = l->inbox.first->channel;
    *payload = l->inbox.first->payload;
    return true;
}

void notify_pop(notify_listener *l)
{
    notification *n = l->inbox.first;
    if (n == NULL)
        return;
    l->inbox.first = n->next;
    if (l->inbox.first == NULL)
        l->inbox.last = NULL;
    free(n->channel);
    free(n->payload);
    free(n);
}
