#include "server/session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query/permissions.h"
#include "query/sequences.h"
#include "query/session_functions.h"
#include "server/cursor.h"
#include "server/notify.h"
#include "server/prepared.h"

/* Enough for a typical statement without a second block; idle sessions stay small. */
#define SESSION_ARENA_BLOCK 4096

session *session_create(uint64_t connection_id, const catalog_role *role, const char *database,
                        catalog *catalog, kv_store *store, lock_manager *locks,
                        int32_t process_id)
{
    session *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->connection_id = connection_id;
    snprintf(s->user, sizeof s->user, "%s", role->name);
    snprintf(s->database, sizeof s->database, "%s", database);
    s->role = role->kind;
    s->role_id = role->id;
    snprintf(s->current_user, sizeof s->current_user, "%s", role->name);
    s->current_role = role->kind;
    s->current_role_id = role->id;
    s->catalog = catalog;
    s->store = store;
    s->settings = guc_create(role->name, role->kind == ROLE_SYSTEM);
    s->arena = arena_create(SESSION_ARENA_BLOCK);
    s->sequences = sequence_memory_create();
    s->writes = transaction_create(locks, process_id);
    s->prepared = prepared_store_create();
    s->cursors = cursor_store_create();
    if (s->settings == NULL || s->arena == NULL || s->sequences == NULL || s->writes == NULL ||
        s->prepared == NULL || s->cursors == NULL) {
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
    cursor_store_destroy(s->cursors);
    notify_listener_destroy(s->notifications);
    guc_destroy(s->settings);
    arena_destroy(s->arena);
    sequence_memory_destroy(s->sequences);
    /* A transaction left open by a closed connection rolls back, releasing its lock. */
    transaction_destroy(s->writes);
    /* After the rollback: its transaction-level locks go with the session's. */
    advisory_holder_destroy(s->advisory);
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

bool session_read_only(const session *s)
{
    const char *canonical;
    guc_error ignored;
    const char *setting = guc_show(s->settings, "transaction_read_only", &canonical, &ignored);
    return setting != NULL && strcmp(setting, "on") == 0;
}

bool session_repeatable_read(const session *s)
{
    const char *canonical;
    guc_error ignored;
    const char *setting = guc_show(s->settings, "transaction_isolation", &canonical, &ignored);
    return setting != NULL && strcmp(setting, "repeatable read") == 0;
}

session_roles_status session_refresh_roles(session *s)
{
    const char *canonical;
    guc_error ignored;
    const char *setting = guc_show(s->settings, "role", &canonical, &ignored);
    if (setting == NULL)
        setting = "none";
    uint64_t version = catalog_version(s->catalog);
    if (version == s->roles_catalog_version && s->execute_as_role_id == s->roles_execute_as &&
        strcmp(setting, s->roles_setting) == 0)
        return s->roles_status;
    s->roles_catalog_version = version;
    s->roles_execute_as = s->execute_as_role_id;
    snprintf(s->roles_setting, sizeof s->roles_setting, "%s", setting);

    const catalog_role *login = catalog_role_by_id(s->catalog, s->role_id);
    const catalog_role *current = NULL;
    if (login != NULL) {
        snprintf(s->user, sizeof s->user, "%s", login->name);
        s->role = login->kind;
        if (s->execute_as_role_id != 0)
            current = catalog_role_by_id(s->catalog, s->execute_as_role_id);
        else if (strcmp(setting, "none") == 0)
            current = login;
        else
            current = catalog_find_role(s->catalog, setting);
    }
    if (current == NULL) {
        /* Whatever runs now runs with no role's rights: the caller refuses statements. */
        s->current_role = ROLE_USER;
        s->current_role_id = 0;
        snprintf(s->current_user, sizeof s->current_user, "%s", login != NULL ? setting : s->user);
        s->roles_status = login == NULL ? SESSION_LOGIN_ROLE_DROPPED : SESSION_CURRENT_ROLE_DROPPED;
        guc_set_superuser(s->settings, false);
        return s->roles_status;
    }
    snprintf(s->current_user, sizeof s->current_user, "%s", current->name);
    s->current_role = current->kind;
    s->current_role_id = current->id;
    s->roles_status = SESSION_ROLES_OK;
    guc_set_superuser(s->settings, current->kind == ROLE_SYSTEM);
    return SESSION_ROLES_OK;
}

static bool fail(guc_error *e, const char *sqlstate, const char *detail, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool fail(guc_error *e, const char *sqlstate, const char *detail, const char *fmt, ...)
{
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    snprintf(e->detail, sizeof e->detail, "%s", detail != NULL ? detail : "");
    e->hint[0] = '\0';
    return false;
}

bool session_set(session *s, const char *name, const char *value, guc_scope scope,
                 guc_error *error)
{
    if (strcasecmp(name, "role") != 0)
        return guc_set(s->settings, name, value, scope, error);
    /* RESET ROLE and SET ROLE NONE return to the session user (or the startup role). */
    if (value == NULL || strcmp(value, "none") == 0)
        return guc_set_checked(s->settings, "role", value, scope, error);
    const catalog_role *target = catalog_find_role(s->catalog, value);
    if (target == NULL)
        return fail(error, SQLSTATE_INVALID_PARAMETER_VALUE, NULL, "role \"%s\" does not exist",
                    value);
    if (!permission_may_become(s->role_id, s->role, target))
        return fail(error, SQLSTATE_INSUFFICIENT_PRIVILEGE, NULL,
                    "permission denied to set role \"%s\"", value);
    return guc_set_checked(s->settings, "role", target->name, scope, error);
}

bool session_begin_execute_as(session *s, const char *role_name, uint64_t *saved,
                              guc_error *error)
{
    const catalog_role *target = catalog_find_role(s->catalog, role_name);
    if (target == NULL)
        return fail(error, SQLSTATE_UNDEFINED_OBJECT, NULL, "role \"%s\" does not exist",
                    role_name);
    if (!permission_may_become(s->role_id, s->role, target))
        return fail(error, SQLSTATE_INSUFFICIENT_PRIVILEGE,
                    "A system role may execute as anyone, a dba as service and user roles.",
                    "permission denied to execute as user \"%s\"", role_name);
    *saved = s->execute_as_role_id;
    s->execute_as_role_id = target->id;
    session_refresh_roles(s);
    return true;
}

void session_end_execute_as(session *s, uint64_t saved)
{
    s->execute_as_role_id = saved;
    session_refresh_roles(s);
}

bool session_define_savepoint(session *s, const char *name)
{
    if (!guc_savepoint_define(s->settings))
        return false;
    if (transaction_define_savepoint(s->writes, name))
        return true;
    guc_savepoint_release(s->settings, transaction_savepoint_depth(s->writes));
    return false;
}

bool session_rollback_to_savepoint(session *s, int index)
{
    if (!guc_savepoint_rollback(s->settings, (size_t)index))
        return false;
    transaction_rollback_to_savepoint(s->writes, index);
    s->transaction = TRANSACTION_BLOCK;
    return true;
}

void session_release_savepoint(session *s, int index)
{
    guc_savepoint_release(s->settings, (size_t)index);
    transaction_release_savepoint(s->writes, index);
}
