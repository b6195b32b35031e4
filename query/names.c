#include "query/names.h"

#include <string.h>

#include "query/system_tables.h"

#define SEARCH_PATH_MAX_ENTRIES 32

typedef struct path_entries {
    char names[SEARCH_PATH_MAX_ENTRIES][CATALOG_NAME_MAX + 1];
    int count;
} path_entries;

/* Splits 'a, "B", "$user"' into names; quoted ones keep their case and lose the quotes. */
static void split_search_path(const char *text, path_entries *out)
{
    out->count = 0;
    const char *p = text != NULL ? text : "";
    while (*p != '\0' && out->count < SEARCH_PATH_MAX_ENTRIES) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        char *name = out->names[out->count];
        size_t n = 0;
        if (*p == '"') {
            for (p++; *p != '\0'; p++) {
                if (*p == '"') {
                    if (p[1] != '"')
                        break;
                    p++;
                }
                if (n < CATALOG_NAME_MAX)
                    name[n++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            for (; *p != '\0' && *p != ',' && *p != ' ' && *p != '\t'; p++) {
                if (n < CATALOG_NAME_MAX)
                    name[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
            }
        }
        name[n] = '\0';
        out->count++;
    }
}

static const catalog_namespace *path_namespace(query_context *ctx, const char *entry)
{
    if (strcmp(entry, "$user") == 0)
        return catalog_find_namespace(ctx->catalog, ctx->current_user);
    return catalog_find_namespace(ctx->catalog, entry);
}

const catalog_table *names_resolve_table(query_context *ctx, const char *schema, const char *name,
                                         int location, bool missing_ok)
{
    if (system_table_exists(schema, name)) {
        /* Readers take system tables before resolving (select.c): whoever gets here would
         * write, alter or drop one. */
        query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location, "permission denied for table %s",
                   name);
        return NULL;
    }
    if (schema != NULL) {
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, schema);
        /* PostgreSQL reports a missing schema here as a missing relation. */
        const catalog_table *t = n != NULL ? catalog_find_table(ctx->catalog, n->id, name) : NULL;
        if (t == NULL && !missing_ok)
            query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location,
                       "relation \"%s.%s\" does not exist", schema, name);
        return t;
    }
    path_entries path;
    split_search_path(ctx->search_path, &path);
    for (int i = 0; i < path.count; i++) {
        const catalog_namespace *n = path_namespace(ctx, path.names[i]);
        if (n == NULL)
            continue;
        const catalog_table *t = catalog_find_table(ctx->catalog, n->id, name);
        if (t != NULL)
            return t;
    }
    if (!missing_ok)
        query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location, "relation \"%s\" does not exist", name);
    return NULL;
}

const catalog_namespace *names_creation_namespace(query_context *ctx, const char *schema,
                                                  int location)
{
    if (schema != NULL && strcmp(schema, SYSTEM_NAMESPACE) == 0) {
        query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location,
                   "permission denied for schema %s", schema);
        return NULL;
    }
    if (schema != NULL) {
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, schema);
        if (n == NULL)
            query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, location, "schema \"%s\" does not exist",
                       schema);
        return n;
    }
    path_entries path;
    split_search_path(ctx->search_path, &path);
    for (int i = 0; i < path.count; i++) {
        const catalog_namespace *n = path_namespace(ctx, path.names[i]);
        if (n != NULL)
            return n;
    }
    query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, location, "no schema has been selected to create in");
    return NULL;
}

int names_search_path(query_context *ctx, const catalog_namespace **out, int capacity)
{
    path_entries path;
    split_search_path(ctx->search_path, &path);
    int count = 0;
    for (int i = 0; i < path.count && count < capacity; i++) {
        const catalog_namespace *n = path_namespace(ctx, path.names[i]);
        bool repeated = false;
        for (int k = 0; k < count; k++)
            repeated = repeated || out[k] == n;
        if (n != NULL && !repeated)
            out[count++] = n;
    }
    return count;
}

const char *names_qualified(query_context *ctx, const catalog_table *table)
{
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, table->namespace_id);
    const char *s = arena_printf(ctx->arena, "%s.%s", n != NULL ? n->name : "?", table->name);
    return s != NULL ? s : table->name;
}

const catalog_sequence *names_resolve_sequence(query_context *ctx, const char *schema,
                                               const char *name)
{
    if (schema != NULL) {
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, schema);
        if (n == NULL) {
            query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, -1, "schema \"%s\" does not exist", schema);
            return NULL;
        }
        const catalog_sequence *s = catalog_find_sequence(ctx->catalog, n->id, name);
        if (s == NULL)
            query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s.%s\" does not exist",
                       schema, name);
        return s;
    }
    path_entries path;
    split_search_path(ctx->search_path, &path);
    for (int i = 0; i < path.count; i++) {
        const catalog_namespace *n = path_namespace(ctx, path.names[i]);
        const catalog_sequence *s = n != NULL ? catalog_find_sequence(ctx->catalog, n->id, name) : NULL;
        if (s != NULL)
            return s;
    }
    query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist", name);
    return NULL;
}

const catalog_table *names_resolve_index(query_context *ctx, const char *schema, const char *name,
                                         int *position, bool *schema_missing)
{
    *schema_missing = false;
    if (schema != NULL) {
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, schema);
        *schema_missing = n == NULL;
        if (n == NULL)
            return NULL;
        return catalog_find_index(ctx->catalog, n->id, name, position);
    }
    path_entries path;
    split_search_path(ctx->search_path, &path);
    for (int i = 0; i < path.count; i++) {
        const catalog_namespace *n = path_namespace(ctx, path.names[i]);
        const catalog_table *t = n != NULL ? catalog_find_index(ctx->catalog, n->id, name, position)
                                           : NULL;
        if (t != NULL)
            return t;
    }
    return NULL;
}
