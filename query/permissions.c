#include "query/permissions.h"

bool role_kind_is_administrator(role_kind kind)
{
    return kind == ROLE_DBA || kind == ROLE_SYSTEM;
}

bool permission_is_administrator(const query_context *ctx)
{
    return role_kind_is_administrator(ctx->current_role);
}

/* PostgreSQL's words when a role lacks CREATE on a schema. */
static bool deny_schema(query_context *ctx, const catalog_namespace *namespace, int location,
                        const char *detail)
{
    query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location, "permission denied for schema %s",
               namespace->name);
    return query_fail_detail(ctx, detail);
}

bool permission_check_create_table(query_context *ctx, const catalog_namespace *namespace,
                                   table_kind kind, int location)
{
    if (kind != TABLE_SHARED || permission_is_administrator(ctx))
        return true;
    return deny_schema(ctx, namespace, location,
                       "Only dba and system roles create shared tables; "
                       "a user or service role may create user and stream tables.");
}

bool permission_check_create_sequence(query_context *ctx, const catalog_namespace *namespace,
                                      int location)
{
    if (permission_is_administrator(ctx))
        return true;
    return deny_schema(ctx, namespace, location, "Only dba and system roles create sequences.");
}

bool permission_check_create_namespace(query_context *ctx, int location)
{
    if (permission_is_administrator(ctx))
        return true;
    query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location, "permission denied for database %s",
               ctx->database);
    return query_fail_detail(ctx, "Only dba and system roles create schemas.");
}

bool permission_check_owner(query_context *ctx, uint64_t owner_role_id, const char *object_type,
                            const char *name)
{
    if (permission_is_administrator(ctx) || (owner_role_id != 0 && owner_role_id == ctx->role_id))
        return true;
    return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1, "must be owner of %s %s",
                      object_type, name);
}

bool permission_check_truncate(query_context *ctx, const catalog_table *table)
{
    /* A per-user table is emptied only of the session user's rows: theirs to delete. */
    if (table->kind != TABLE_SHARED || permission_is_administrator(ctx) ||
        table->owner_role_id == ctx->role_id)
        return true;
    return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1, "permission denied for table %s",
                      table->name);
}

bool permission_check_write(query_context *ctx, const catalog_table *table, int location)
{
    if (table->kind != TABLE_SHARED || ctx->current_role != ROLE_USER ||
        table->owner_role_id == ctx->role_id)
        return true;
    query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location, "permission denied for table %s",
               table->name);
    return query_fail_detail(ctx, "A user role reads shared tables; service, dba and system "
                                  "roles write them.");
}

bool permission_check_create_role(query_context *ctx, role_kind kind)
{
    if (kind == ROLE_SYSTEM && ctx->current_role != ROLE_SYSTEM)
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                          "must be superuser to create superusers");
    if (!permission_is_administrator(ctx))
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                          "permission denied to create role");
    return true;
}

bool permission_check_alter_role(query_context *ctx, const catalog_role *target, role_kind new_kind,
                                 bool password_only)
{
    if (target->kind == ROLE_SYSTEM || new_kind == ROLE_SYSTEM) {
        if (ctx->current_role != ROLE_SYSTEM)
            return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                              "must be superuser to alter superuser roles or change superuser "
                              "attribute");
        /* PostgreSQL 16's rule, adopted early: the database keeps its system role. */
        if (target->id == BOOTSTRAP_ROLE_ID && new_kind != ROLE_SYSTEM) {
            query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1, "permission denied to alter role");
            return query_fail_detail(ctx, "The bootstrap user must have the SUPERUSER attribute.");
        }
        return true;
    }
    if (permission_is_administrator(ctx) || (password_only && target->id == ctx->role_id))
        return true;
    return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1, "permission denied");
}

bool permission_check_grant_kind(query_context *ctx, role_kind kind)
{
    if (kind == ROLE_SYSTEM && ctx->current_role != ROLE_SYSTEM)
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                          "must be superuser to alter superusers");
    if (!permission_is_administrator(ctx))
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                          "must have admin option on role \"%s\"", role_kind_name(kind));
    return true;
}

bool permission_check_drop_roles(query_context *ctx)
{
    if (permission_is_administrator(ctx))
        return true;
    return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1, "permission denied to drop role");
}

bool permission_check_drop_role(query_context *ctx, const catalog_role *target)
{
    if (target->id == ctx->role_id)
        return query_fail(ctx, SQLSTATE_OBJECT_IN_USE, -1, "current user cannot be dropped");
    if (target->id == ctx->session_role_id)
        return query_fail(ctx, SQLSTATE_OBJECT_IN_USE, -1, "session user cannot be dropped");
    if (target->kind == ROLE_SYSTEM && ctx->current_role != ROLE_SYSTEM)
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                          "must be superuser to drop superusers");
    return true;
}

bool permission_may_become(uint64_t session_role_id, role_kind session_kind,
                           const catalog_role *target)
{
    if (target->id == session_role_id || session_kind == ROLE_SYSTEM)
        return true;
    return session_kind == ROLE_DBA && (target->kind == ROLE_USER || target->kind == ROLE_SERVICE);
}
