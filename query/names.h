/*
 * names: resolving schema-qualified and unqualified names through search_path.
 *
 * Lookups are always by (namespace, name); an unqualified name tries each namespace of
 * the session's search_path in order ("$user" is the namespace named like the current
 * user, if any). A new object goes to the namespace named, else to the first existing
 * one of search_path. Errors are PostgreSQL's (42P01, 3F000).
 */
#ifndef QUILL_QUERY_NAMES_H
#define QUILL_QUERY_NAMES_H

#include <stdbool.h>

#include "catalog/catalog.h"
#include "query/query_context.h"

/* The table, or NULL with 42P01/3F000 recorded (or silently, with missing_ok). A system
 * table (system.*, see system_tables.h) is never a stored table: naming one here fails
 * with 42501 even with missing_ok, since only readers may use it and they take it first.
 * Nothing may be created in namespace system (42501). */
const catalog_table *names_resolve_table(query_context *ctx, const char *schema, const char *name,
                                         int location, bool missing_ok);
/* The sequence, or NULL with 42P01/3F000 recorded. */
const catalog_sequence *names_resolve_sequence(query_context *ctx, const char *schema,
                                               const char *name);
/* The table holding the index (or primary key constraint) called name, with *position
 * as catalog_find_index gives it; NULL when there is none (*schema_missing: the schema
 * named does not exist). Records no error: DROP words its own. */
const catalog_table *names_resolve_index(query_context *ctx, const char *schema, const char *name,
                                         int *position, bool *schema_missing);
/* The namespace a new object named (schema, name) goes to; NULL with 3F000 recorded. */
const catalog_namespace *names_creation_namespace(query_context *ctx, const char *schema,
                                                  int location);
/* The namespaces of search_path that exist, in its order ("$user" as the current user's
 * namespace, if there is one); at most capacity of them, returns how many. */
int names_search_path(query_context *ctx, const catalog_namespace **out, int capacity);
/* "schema.name" for messages, without the schema when it is on the path's first hit. */
const char *names_qualified(query_context *ctx, const catalog_table *table);

#endif
