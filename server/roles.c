#include "server/roles.h"

#include <stdio.h>
#include <string.h>

#include "protocol/scram.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"

/* PostgreSQL lists at most this many dependent objects in DROP ROLE's detail. */
#define MAX_REPORTED_DEPENDENTS 100
#define MAX_ROLE_OPTIONS 32

/* What CREATE/ALTER ROLE's options say; -1 = not given. */
typedef struct role_options {
    int count;
    const cJSON *password; /* the PASSWORD option's fields, NULL = not given */
    int login;
    int superuser;
    int createrole;
    bool in_role_given;
    role_kind in_role; /* the highest kind IN ROLE named */
} role_options;

static bool fail_membership(query_context *ctx, int location)
{
    query_fail_unsupported(ctx, location, "role membership");
    return query_fail_hint(ctx, "QuillDB's roles are the kinds user, service, dba and system; "
                                "IN ROLE and GRANT name one of them.");
}

/* A role name that may stand for a kind (IN ROLE dba, GRANT service TO ...). */
static bool kind_named(query_context *ctx, const char *name, int location, role_kind *kind)
{
    if (name != NULL && role_kind_parse(name, kind))
        return true;
    if (name == NULL || catalog_find_role(ctx->catalog, name) != NULL)
        return fail_membership(ctx, location);
    return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1, "role \"%s\" does not exist", name);
}

static bool option_bool(const cJSON *arg)
{
    return node_get_bool(node_fields(arg), "boolval");
}

static bool read_in_role(query_context *ctx, const cJSON *arg, int location, role_options *o)
{
    const cJSON *spec;
    cJSON_ArrayForEach(spec, node_get(node_fields(arg), "items"))
    {
        const cJSON *fields = node_fields(spec);
        const char *type = node_get_string(fields, "roletype");
        if (type == NULL || strcmp(type, "ROLESPEC_CSTRING") != 0)
            return fail_membership(ctx, node_get_int(fields, "location", location));
        role_kind kind;
        if (!kind_named(ctx, node_get_string(fields, "rolename"),
                        node_get_int(fields, "location", location), &kind))
            return false;
        if (!o->in_role_given || kind > o->in_role)
            o->in_role = kind;
        o->in_role_given = true;
    }
    return true;
}

/* Reads the options of CREATE/ALTER ROLE; refuses what QuillDB's roles cannot express. */
static bool read_options(query_context *ctx, const cJSON *options, role_options *o)
{
    memset(o, 0, sizeof *o);
    o->login = o->superuser = o->createrole = -1;
    const char *seen[MAX_ROLE_OPTIONS];
    const cJSON *option;
    cJSON_ArrayForEach(option, options)
    {
        const cJSON *fields = node_fields(option);
        const char *name = node_get_string(fields, "defname");
        const cJSON *arg = node_get(fields, "arg");
        int location = node_get_int(fields, "location", -1);
        if (name == NULL)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid role option");
        for (int i = 0; i < o->count; i++) {
            if (strcmp(seen[i], name) == 0)
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                                  "conflicting or redundant options");
        }
        if (o->count == MAX_ROLE_OPTIONS)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "too many role options");
        seen[o->count++] = name;

        if (strcmp(name, "password") == 0) {
            o->password = fields;
        } else if (strcmp(name, "canlogin") == 0) {
            o->login = option_bool(arg);
        } else if (strcmp(name, "superuser") == 0) {
            o->superuser = option_bool(arg);
        } else if (strcmp(name, "createrole") == 0) {
            o->createrole = option_bool(arg);
        } else if (strcmp(name, "addroleto") == 0) {
            if (!read_in_role(ctx, arg, location, o))
                return false;
        } else if (strcmp(name, "sysid") == 0) {
            query_notice(ctx, "NOTICE", "00000", "SYSID can no longer be specified");
        } else if (strcmp(name, "rolemembers") == 0 || strcmp(name, "adminmembers") == 0) {
            return fail_membership(ctx, location);
        } else if (strcmp(name, "inherit") == 0) {
            /* Without memberships there is nothing to inherit: INHERIT is what happens. */
            if (!option_bool(arg))
                return query_fail_unsupported(ctx, location, "NOINHERIT");
        } else if (strcmp(name, "createdb") == 0 || strcmp(name, "isreplication") == 0 ||
                   strcmp(name, "bypassrls") == 0) {
            /* Their NO forms are how every QuillDB role is. */
            if (option_bool(arg))
                return query_fail_unsupported(ctx, location,
                                              strcmp(name, "createdb") == 0    ? "CREATEDB"
                                              : strcmp(name, "bypassrls") == 0 ? "BYPASSRLS"
                                                                               : "REPLICATION");
        } else if (strcmp(name, "validUntil") == 0) {
            const char *until = node_get_string(node_fields(arg), "sval");
            if (until == NULL || strcmp(until, "infinity") != 0)
                return query_fail_unsupported(ctx, location, "VALID UNTIL other than 'infinity'");
        } else if (strcmp(name, "connectionlimit") == 0) {
            return query_fail_unsupported(ctx, location, "CONNECTION LIMIT");
        } else {
            return query_fail_unsupported(ctx, location, name);
        }
    }
    return true;
}

/* CREATE ROLE: the kind its options imply (the highest wins). */
static role_kind created_kind(const role_options *o)
{
    role_kind kind = o->in_role_given ? o->in_role : ROLE_USER;
    if (o->createrole == 1 && kind < ROLE_DBA)
        kind = ROLE_DBA;
    if (o->superuser == 1)
        kind = ROLE_SYSTEM;
    return kind;
}

/* ALTER ROLE: SUPERUSER/NOSUPERUSER and CREATEROLE/NOCREATEROLE move between kinds. */
static role_kind altered_kind(role_kind kind, const role_options *o)
{
    if (o->superuser == 1)
        return ROLE_SYSTEM;
    if (o->superuser == 0 && kind == ROLE_SYSTEM)
        kind = ROLE_USER;
    if (kind == ROLE_SYSTEM)
        return kind;
    if (o->createrole == 1 && kind < ROLE_DBA)
        kind = ROLE_DBA;
    if (o->createrole == 0 && kind == ROLE_DBA)
        kind = ROLE_USER;
    return kind;
}

/* PostgreSQL's isMD5(): "md5" and 32 lowercase hex digits. */
static bool is_md5_hash(const char *text)
{
    return strncmp(text, "md5", 3) == 0 && strlen(text) == 35 &&
           strspn(text + 3, "0123456789abcdef") == 32;
}

/* The verifier PASSWORD's argument stores (*out NULL: no password), in statement memory. */
static bool password_verifier(query_context *ctx, const cJSON *option, char **out)
{
    *out = NULL;
    const char *text = node_get_string(node_fields(node_get(option, "arg")), "sval");
    if (text == NULL)
        return true;
    if (text[0] == '\0') {
        query_notice(ctx, "NOTICE", "00000",
                     "empty string is not a valid password, clearing password");
        return true;
    }
    if (is_md5_hash(text)) {
        query_fail_unsupported(ctx, node_get_int(option, "location", -1), "MD5 password hashes");
        return query_fail_hint(ctx, "QuillDB authenticates with SCRAM-SHA-256: give the password "
                                    "itself or a SCRAM-SHA-256 verifier.");
    }
    scram_verifier verifier;
    if (strlen(text) < SCRAM_VERIFIER_MAX && scram_verifier_parse(text, &verifier)) {
        *out = arena_strdup(ctx->arena, text);
        return *out != NULL || query_fail_no_memory(ctx);
    }
    char formatted[SCRAM_VERIFIER_MAX];
    if (!scram_verifier_create(text, SCRAM_ITERATIONS, &verifier) ||
        !scram_verifier_format(&verifier, formatted, sizeof formatted))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not compute a SCRAM verifier");
    *out = arena_strdup(ctx->arena, formatted);
    return *out != NULL || query_fail_no_memory(ctx);
}

/* A name CREATE ROLE may use: not reserved for PostgreSQL's roles or QuillDB's kinds. */
static bool check_new_role_name(query_context *ctx, const char *name)
{
    role_kind ignored;
    if (strncmp(name, "pg_", 3) == 0) {
        query_fail(ctx, SQLSTATE_RESERVED_NAME, -1, "role name \"%s\" is reserved", name);
        return query_fail_detail(ctx, "Role names starting with \"pg_\" are reserved.");
    }
    if (role_kind_parse(name, &ignored)) {
        query_fail(ctx, SQLSTATE_RESERVED_NAME, -1, "role name \"%s\" is reserved", name);
        return query_fail_detail(ctx, "The names user, service, dba and system name QuillDB's "
                                      "role kinds.");
    }
    return true;
}

/* The role a RoleSpec names (CURRENT_USER, SESSION_USER too); NULL with 42704 recorded. */
static const catalog_role *named_role(query_context *ctx, const cJSON *spec)
{
    const char *type = node_get_string(spec, "roletype");
    const char *name = node_get_string(spec, "rolename");
    const catalog_role *role = NULL;
    if (type != NULL && strcmp(type, "ROLESPEC_CSTRING") == 0 && name != NULL)
        role = catalog_find_role(ctx->catalog, name);
    else if (type != NULL && (strcmp(type, "ROLESPEC_CURRENT_USER") == 0 ||
                              strcmp(type, "ROLESPEC_CURRENT_ROLE") == 0))
        role = catalog_role_by_id(ctx->catalog, ctx->role_id);
    else if (type != NULL && strcmp(type, "ROLESPEC_SESSION_USER") == 0)
        role = catalog_role_by_id(ctx->catalog, ctx->session_role_id);
    else if (type != NULL && strcmp(type, "ROLESPEC_PUBLIC") == 0)
        name = "public";
    if (role == NULL)
        query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1, "role \"%s\" does not exist",
                   name != NULL ? name : "");
    return role;
}

bool roles_create(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "CREATE ROLE");
    const char *name = node_get_string(node, "role");
    const char *type = node_get_string(node, "stmt_type");
    if (name == NULL || strlen(name) > CATALOG_NAME_MAX)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid role name");
    role_options o;
    if (!read_options(ctx, node_get(node, "options"), &o))
        return false;
    role_kind kind = created_kind(&o);
    if (!permission_check_create_role(ctx, kind) || !check_new_role_name(ctx, name))
        return false;
    if (catalog_find_role(ctx->catalog, name) != NULL)
        return query_fail(ctx, SQLSTATE_DUPLICATE_OBJECT, -1, "role \"%s\" already exists", name);
    catalog_role r;
    memset(&r, 0, sizeof r);
    snprintf(r.name, sizeof r.name, "%s", name);
    r.kind = kind;
    /* CREATE USER logs in unless told otherwise; CREATE ROLE and CREATE GROUP do not. */
    r.can_login = o.login >= 0 ? o.login == 1 : type != NULL && strcmp(type, "ROLESTMT_USER") == 0;
    if (o.password != NULL && !password_verifier(ctx, o.password, &r.scram_verifier))
        return false;
    uint64_t id;
    char *error = NULL;
    catalog_status status = catalog_create_role(ctx->catalog, &r, &id, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}

bool roles_alter(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "ALTER ROLE");
    role_options o;
    if (!read_options(ctx, node_get(node, "options"), &o))
        return false;
    const catalog_role *target = named_role(ctx, node_get(node, "role"));
    if (target == NULL)
        return false;
    role_kind kind = altered_kind(target->kind, &o);
    if (!permission_check_alter_role(ctx, target, kind, o.count == 1 && o.password != NULL))
        return false;
    catalog_role r = *target;
    r.kind = kind;
    if (o.login >= 0)
        r.can_login = o.login == 1;
    if (o.password != NULL && !password_verifier(ctx, o.password, &r.scram_verifier))
        return false;
    char *error = NULL;
    catalog_status status = catalog_replace_role(ctx->catalog, &r, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}

/* A table as PostgreSQL's object descriptions name it: qualified unless search_path
 * finds it by its name alone. */
static const char *table_description(query_context *ctx, const catalog_table *table)
{
    if (names_resolve_table(ctx, NULL, table->name, -1, true) == table)
        return table->name;
    return names_qualified(ctx, table);
}

/* DROP ROLE refuses a role that still owns something: PostgreSQL's 2BP01 and its list. */
static bool check_owns_nothing(query_context *ctx, const catalog_role *role)
{
    if (role->id == BOOTSTRAP_ROLE_ID)
        return query_fail(ctx, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, -1,
                          "cannot drop role %s because it is required by the database system",
                          role->name);
    const char *lines = "";
    int count = 0;
    /* Both lists are in id order, which is creation order: merge them. */
    size_t t = 0, n = 0;
    size_t table_count = catalog_table_count(ctx->catalog);
    size_t namespace_count = catalog_namespace_count(ctx->catalog);
    while (t < table_count || n < namespace_count) {
        const catalog_table *table = catalog_table_at(ctx->catalog, t);
        const catalog_namespace *namespace = catalog_namespace_at(ctx->catalog, n);
        bool take_table = namespace == NULL || (table != NULL && table->id < namespace->id);
        uint64_t owner = take_table ? table->owner_role_id : namespace->owner_role_id;
        if (owner == role->id) {
            if (count < MAX_REPORTED_DEPENDENTS)
                lines = take_table
                            ? arena_printf(ctx->arena, "%s%sowner of table %s", lines,
                                           count > 0 ? "\n" : "", table_description(ctx, table))
                            : arena_printf(ctx->arena, "%s%sowner of schema %s", lines,
                                           count > 0 ? "\n" : "", namespace->name);
            if (lines == NULL)
                return query_fail_no_memory(ctx);
            count++;
        }
        if (take_table)
            t++;
        else
            n++;
    }
    if (count == 0)
        return true;
    if (count > MAX_REPORTED_DEPENDENTS)
        lines = arena_printf(ctx->arena, "%s\nand %d other objects (see server log for list)",
                             lines, count - MAX_REPORTED_DEPENDENTS);
    query_fail(ctx, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, -1,
               "role \"%s\" cannot be dropped because some objects depend on it", role->name);
    return query_fail_detail(ctx, lines != NULL ? lines : "");
}

bool roles_drop(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "DROP ROLE");
    if (!permission_check_drop_roles(ctx))
        return false;
    bool missing_ok = node_get_bool(node, "missing_ok");
    const cJSON *roles = node_get(node, "roles");
    int count = cJSON_GetArraySize(roles);
    uint64_t *ids = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *ids);
    if (ids == NULL)
        return query_fail_no_memory(ctx);
    int found = 0;
    /* Check every role before dropping any: DROP ROLE a, b drops neither if b fails. */
    const cJSON *spec;
    cJSON_ArrayForEach(spec, roles)
    {
        const cJSON *fields = node_fields(spec);
        const char *type = node_get_string(fields, "roletype");
        const char *name = node_get_string(fields, "rolename");
        if (type == NULL || strcmp(type, "ROLESPEC_CSTRING") != 0 || name == NULL)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                              "cannot use special role specifier in DROP ROLE");
        const catalog_role *role = catalog_find_role(ctx->catalog, name);
        for (int i = 0; role != NULL && i < found; i++) {
            if (ids[i] == role->id)
                role = NULL; /* named twice: gone by the second time, as in PostgreSQL */
        }
        if (role == NULL) {
            if (!missing_ok)
                return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1, "role \"%s\" does not exist",
                                  name);
            query_notice(ctx, "NOTICE", "00000", "role \"%s\" does not exist, skipping", name);
            continue;
        }
        if (!permission_check_drop_role(ctx, role) || !check_owns_nothing(ctx, role))
            return false;
        ids[found++] = role->id;
    }
    for (int i = 0; i < found; i++) {
        char *error = NULL;
        catalog_status status = catalog_drop_role(ctx->catalog, ids[i], &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
    }
    return true;
}

bool roles_grant(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    bool is_grant = node_get_bool(node, "is_grant");
    snprintf(tag, COMMAND_TAG_MAX, "%s", is_grant ? "GRANT ROLE" : "REVOKE ROLE");
    if (node_get_bool(node, "admin_opt"))
        return query_fail_unsupported(ctx, -1, "WITH ADMIN OPTION");
    if (node_get(node, "grantor") != NULL)
        return query_fail_unsupported(ctx, -1, "GRANTED BY");
    /* The kinds named: GRANT gives the highest of them (a role has one kind), REVOKE
     * takes back whichever of them the role has. */
    const cJSON *granted_roles = node_get(node, "granted_roles");
    int kind_count = cJSON_GetArraySize(granted_roles);
    const char **kind_names =
        arena_zalloc(ctx->arena, (size_t)(kind_count + 1) * sizeof *kind_names);
    role_kind *kinds = arena_zalloc(ctx->arena, (size_t)(kind_count + 1) * sizeof *kinds);
    if (kind_names == NULL || kinds == NULL)
        return query_fail_no_memory(ctx);
    role_kind highest = ROLE_USER;
    int k = 0;
    const cJSON *granted;
    cJSON_ArrayForEach(granted, granted_roles)
    {
        kind_names[k] = node_get_string(node_fields(granted), "priv_name");
        if (!kind_named(ctx, kind_names[k], -1, &kinds[k]) ||
            !permission_check_grant_kind(ctx, kinds[k]))
            return false;
        if (kinds[k] > highest)
            highest = kinds[k];
        k++;
    }
    /* Check every grantee before changing any. */
    const cJSON *grantees = node_get(node, "grantee_roles");
    int count = cJSON_GetArraySize(grantees);
    catalog_role *changed = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *changed);
    if (changed == NULL)
        return query_fail_no_memory(ctx);
    int change_count = 0;
    const cJSON *spec;
    cJSON_ArrayForEach(spec, grantees)
    {
        const catalog_role *target = named_role(ctx, node_fields(spec));
        if (target == NULL)
            return false;
        role_kind new_kind = is_grant ? highest : target->kind;
        for (int i = 0; i < kind_count; i++) {
            if (is_grant && kinds[i] == target->kind)
                query_notice(ctx, "NOTICE", "00000",
                             "role \"%s\" is already a member of role \"%s\"", target->name,
                             kind_names[i]);
            else if (!is_grant && kinds[i] != target->kind)
                query_notice(ctx, "WARNING", "01000", "role \"%s\" is not a member of role \"%s\"",
                             target->name, kind_names[i]);
            else if (!is_grant)
                new_kind = ROLE_USER;
        }
        bool named_before = false;
        for (int i = 0; i < change_count; i++)
            named_before = named_before || changed[i].id == target->id;
        if (new_kind == target->kind || named_before)
            continue;
        if (!permission_check_alter_role(ctx, target, new_kind, false))
            return false;
        changed[change_count] = *target;
        changed[change_count++].kind = new_kind;
    }
    for (int i = 0; i < change_count; i++) {
        char *error = NULL;
        catalog_status status = catalog_replace_role(ctx->catalog, &changed[i], &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
    }
    return true;
}
