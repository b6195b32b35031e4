/*
 * system_tables: the virtual, read-only tables of namespace `system` — namespaces,
 * tables, columns, users and sessions — generated from the catalog (and, for sessions,
 * from the list the server hands in through query_context) each time a statement reads
 * one. Their columns are listed in docs/system-tables.md.
 *
 * They are reached by qualified name only: `system` is not a stored namespace and never on
 * search_path. select.c reads them as rows produced here, so every query form works on
 * them; names.c refuses every other use (INSERT, UPDATE, DELETE, TRUNCATE, ALTER, DROP:
 * 42501) and the creation of anything in `system`. system.users is for the dba and system
 * roles only, as are the query texts of other users' sessions. Owns no storage and never
 * shows a password verifier.
 *
 * The same mechanism serves the virtual tables of pg_catalog and information_schema
 * (pg_catalog.h), which share the row helpers declared at the end.
 */
#ifndef QUILL_QUERY_SYSTEM_TABLES_H
#define QUILL_QUERY_SYSTEM_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/datetime.h"
#include "query/query_context.h"
#include "query/value.h"

#define SYSTEM_NAMESPACE "system"

/* One live session as the server describes it (any text may be NULL). */
typedef struct session_activity {
    uint64_t connection_id; /* the id in the server's log lines */
    int32_t process_id;     /* what BackendKeyData reported: libpq's PQbackendPID */
    const char *user_name;  /* who logged in */
    const char *application_name;
    const char *client_address;
    const char *state;      /* active, idle, idle in transaction, idle in transaction (aborted) */
    const char *query;      /* the query string running, or the last one */
    dt_timestamp started_at; /* when the connection was accepted */
} session_activity;

/* Is schema.name one of the virtual tables (system.*, pg_catalog.*,
 * information_schema.*)? An unqualified name is looked up in pg_catalog, which PostgreSQL
 * searches before the search_path. */
bool system_table_exists(const char *schema, const char *name);

/* The rows of schema.name now, and a description their columns resolve against; *schema_out
 * is the schema it belongs to (schema may be NULL: pg_catalog). location is the
 * reference's byte offset, for the error of a reader not allowed to see system.users or
 * pg_authid (42501). */
bool system_table_read(query_context *ctx, const char *schema, const char *name, int location,
                       const catalog_table **table, value ***rows, int64_t *count,
                       const char **schema_out);

/* ---- for the virtual tables' generators ---- */

typedef struct system_column {
    const char *name;
    uint32_t type;
    bool not_null;
} system_column;

typedef struct row_list {
    int width;
    value **rows;
    int64_t count, capacity;
} row_list;

/* A new row of the list's width, all NULL text until filled. */
value *system_row_add(query_context *ctx, row_list *rows);
/* Rows point at catalog memory while being filled; the statement keeps its own copy. */
bool system_row_finish(query_context *ctx, const row_list *rows, value *row);
/* A table description of the columns, for names to resolve against. */
catalog_table *system_table_describe(query_context *ctx, const char *name,
                                     const system_column *columns, int column_count);
/* dba and system roles may read every user, every session's query and pg_authid. */
bool system_reader_is_privileged(query_context *ctx);
/* The system tables' names and their columns, for pg_class and pg_attribute. */
int system_table_count_all(void);
const char *system_table_name_at(int index, const system_column **columns, int *column_count);

#endif
