/*
 * pg_catalog: PostgreSQL's system catalogs and information_schema as virtual tables
 * computed from QuillDB's catalog each time a statement reads one (so always current),
 * the oids that name our objects in them, the reg* types' input and output, and the
 * catalog functions clients such as psql call (pg_get_expr, format_type, ...).
 *
 * Oids: built-in types, the pg_catalog tables themselves and namespace pg_catalog (11)
 * have PostgreSQL's; the bootstrap role is 10 and public 2200, as in PostgreSQL. Every other
 * namespace, table, sequence and role has FIRST_OBJECT_OID + its catalog id (so oids are
 * stable for an object's life and never reused), and so does a secondary index; a table's
 * primary key index and constraint have PRIMARY_KEY_INDEX_OID_BASE /
 * PRIMARY_KEY_CONSTRAINT_OID_BASE + the table's catalog id, a UNIQUE constraint
 * PRIMARY_KEY_CONSTRAINT_OID_BASE + its index's id. Namespaces system and information_schema and their tables have fixed oids
 * below FIRST_OBJECT_OID. Functions of functions.c have FUNCTION_OID_BASE + their position.
 *
 * Columns of types QuillDB lacks (aclitem, xid, int2vector, oidvector) are left out, but for
 * the few psql reads (docs/pg-catalog.md); pg_node_tree columns are text holding QuillDB's
 * own expression form, which pg_get_expr prints. Read-only; owns no storage.
 */
#ifndef QUILL_QUERY_PG_CATALOG_H
#define QUILL_QUERY_PG_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/query_context.h"
#include "query/value.h"

#define PG_CATALOG_NAMESPACE "pg_catalog"
#define INFORMATION_SCHEMA_NAMESPACE "information_schema"
#define PG_CATALOG_NAMESPACE_OID 11
#define PUBLIC_NAMESPACE_OID 2200
#define SYSTEM_NAMESPACE_OID 12100
#define INFORMATION_SCHEMA_NAMESPACE_OID 12101
#define FIRST_OBJECT_OID 16384
#define PRIMARY_KEY_INDEX_OID_BASE 1073741824u
#define PRIMARY_KEY_CONSTRAINT_OID_BASE 2147483648u
#define FUNCTION_OID_BASE 9000

uint32_t pg_catalog_namespace_oid(uint64_t namespace_id);
uint32_t pg_catalog_object_oid(uint64_t id); /* tables, sequences */
uint32_t pg_catalog_role_oid(uint64_t role_id);

/* Is schema.name (schema NULL: pg_catalog) a pg_catalog or information_schema table? */
bool pg_catalog_table_exists(const char *schema, const char *name);
/* Its rows now (see system_table_read). */
bool pg_catalog_table_read(query_context *ctx, const char *schema, const char *name, int location,
                           const catalog_table **table, value ***rows, int64_t *count,
                           const char **schema_out);

/* regclass, regtype, regproc, regnamespace, regrole: a name (or a number) to the oid it
 * names, failing as PostgreSQL does (42P01, 42704, 42883); and the oid back to the name
 * (qualified where the search path would not find it; the number when nothing has it;
 * "-" for 0). */
bool pg_catalog_reg_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                              int location, uint32_t *oid);
bool pg_catalog_reg_to_text(query_context *ctx, uint32_t type, uint32_t oid, const char **out,
                            size_t *length);

/* The catalog functions (functions.c lists them with their signatures). */
bool pg_fn_table_is_visible(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_type_is_visible(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_function_is_visible(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_userbyid(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_format_type(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_expr(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_indexdef(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_constraintdef(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_encoding_to_char(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_obj_description(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_col_description(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_shobj_description(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_current_schema(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_current_schemas(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_current_setting(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_set_config(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_backend_pid(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_has_table_privilege(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_has_schema_privilege(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_has_database_privilege(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_statisticsobjdef_columns(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_relation_is_publishable(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_function_result(query_context *ctx, const value *args, int n, value *out);
bool pg_fn_get_function_arguments(query_context *ctx, const value *args, int n, value *out);

#endif
