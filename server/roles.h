/*
 * roles: the statements that manage roles: CREATE ROLE/USER, ALTER ROLE/USER, DROP
 * ROLE/USER and GRANT/REVOKE of a role kind.
 *
 * Owns how PostgreSQL's role options map onto QuillDB's four role kinds (DESIGN.md,
 * "Roles") and how passwords become stored SCRAM-SHA-256 verifiers. Lives in server/
 * because verifiers are made by protocol/scram; who may do what is asked of
 * query/permissions. Never stores or shows a password, only its verifier.
 *
 * The mapping (when options imply several kinds, the highest wins):
 *   CREATE USER u ...              -> user (LOGIN by default; CREATE ROLE is NOLOGIN)
 *   SUPERUSER / IN ROLE system     -> system
 *   CREATEROLE / IN ROLE dba       -> dba
 *   IN ROLE service                -> service
 *   IN ROLE "user"                 -> user (USER is a keyword: quote it)
 *   ALTER ROLE r NOSUPERUSER       -> a system role becomes user (dba with CREATEROLE)
 *   ALTER ROLE r NOCREATEROLE      -> a dba becomes user
 *   GRANT dba|service|system|"user" TO r   -> r becomes that kind
 *   REVOKE k FROM r                -> r, if of kind k, becomes user
 * The kind names are reserved as role names. Membership in other roles does not exist:
 * IN ROLE, ROLE, ADMIN or GRANT naming a real role is 0A000.
 *
 * The KalamDB form  CREATE USER 'alice' WITH PASSWORD 'p' ROLE service  is, in
 * PostgreSQL's grammar:  CREATE USER alice WITH PASSWORD 'p' IN ROLE service
 * (ROLE user: no IN ROLE clause, or IN ROLE "user"; ROLE dba: IN ROLE dba).
 *
 * Passwords: a text that is a SCRAM-SHA-256 verifier (what psql's \password sends) is
 * stored as given, as PostgreSQL does; an MD5 hash is refused (QuillDB authenticates
 * with SCRAM only); anything else is the password itself and is stored as a fresh
 * verifier. PASSWORD NULL or '' leaves the role without a password: it cannot log in.
 */
#ifndef QUILL_SERVER_ROLES_H
#define QUILL_SERVER_ROLES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/execute.h"
#include "query/query_context.h"

bool roles_create(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
bool roles_alter(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
bool roles_drop(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);
/* GRANT/REVOKE role: only the kind names can be granted. */
bool roles_grant(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX]);

#endif
