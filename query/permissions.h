/*
 * permissions: who may do what, answered in one place in terms of the four role kinds
 * (DESIGN.md, "Roles"): user, service, dba, system.
 *
 * Every check asks about the statement's effective role (ctx->role_id, ctx->current_role:
 * the role SET ROLE or EXECUTE AS made current), except impersonation, which asks about
 * the session user, as PostgreSQL's SET ROLE does. A refusal records a 42501 error worded
 * as PostgreSQL words it and returns false. Must not look at sessions or sockets.
 *
 * The rules:
 *   - dba and system are administrators: they create shared tables, sequences and
 *     namespaces, drop, alter and truncate what others own, and manage roles;
 *   - user and service roles create user and stream tables (in any namespace), and drop,
 *     alter or truncate only what they own (TRUNCATE of a user or stream table empties
 *     only the caller's rows, so anyone may);
 *   - everyone reads and writes their own rows of user and stream tables and reads shared
 *     tables; a user role writes a shared table only if it owns it, service, dba and
 *     system write any;
 *   - only system creates, alters or drops system roles (PostgreSQL's superusers); a dba
 *     manages user, service and dba roles (PostgreSQL's CREATEROLE);
 *   - anyone may change their own password;
 *   - impersonation: system may become anyone, dba a service or user role, everyone
 *     themselves.
 */
#ifndef QUILL_QUERY_PERMISSIONS_H
#define QUILL_QUERY_PERMISSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/query_context.h"

bool role_kind_is_administrator(role_kind kind);
/* Is the effective role a dba or system? (system.users, for instance, is theirs only.) */
bool permission_is_administrator(const query_context *ctx);

/* ---- objects ---- */

/* CREATE TABLE of this kind in this namespace; location is the table name's. */
bool permission_check_create_table(query_context *ctx, const catalog_namespace *namespace,
                                   table_kind kind, int location);
/* CREATE SEQUENCE: a sequence is shared by everyone, like a shared table. */
bool permission_check_create_sequence(query_context *ctx, const catalog_namespace *namespace,
                                      int location);
/* CREATE SCHEMA */
bool permission_check_create_namespace(query_context *ctx, int location);
/* DROP or ALTER of an object: its owner or an administrator. object_type is PostgreSQL's
 * word ("table", "schema", "sequence"); owner_role_id 0 means no role owns it and only
 * administrators manage it (standalone sequences). */
bool permission_check_owner(query_context *ctx, uint64_t owner_role_id, const char *object_type,
                            const char *name);
/* TRUNCATE of a shared table empties it for everyone: its owner or an administrator. */
bool permission_check_truncate(query_context *ctx, const catalog_table *table);
/* INSERT, UPDATE, DELETE on the table (location: the table name's). */
bool permission_check_write(query_context *ctx, const catalog_table *table, int location);

/* ---- roles ---- */

/* CREATE ROLE/USER making a role of this kind. */
bool permission_check_create_role(query_context *ctx, role_kind kind);
/* ALTER ROLE target, leaving it of kind new_kind; password_only: the statement changes
 * nothing but the password (which every role may do to itself). */
bool permission_check_alter_role(query_context *ctx, const catalog_role *target, role_kind new_kind,
                                 bool password_only);
/* GRANT/REVOKE of a role kind (then each grantee is altered to its new kind). */
bool permission_check_grant_kind(query_context *ctx, role_kind kind);
/* DROP ROLE as a statement (checked before any name is looked up), then per role. */
bool permission_check_drop_roles(query_context *ctx);
bool permission_check_drop_role(query_context *ctx, const catalog_role *target);
/* SET ROLE / EXECUTE AS: may a session logged in as (session_role_id, session_kind)
 * become target? No error is recorded: the caller words it. */
bool permission_may_become(uint64_t session_role_id, role_kind session_kind,
                           const catalog_role *target);

#endif
