#include "query/pg_catalog.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/array.h"
#include "query/deparse.h"
#include "query/functions.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"
#include "query/pg_type_data.h"
#include "query/system_tables.h"

/* PostgreSQL's column lists (pg_attribute of PostgreSQL 15), without the columns whose types
 * QuillDB lacks (see the header). */
static const system_column pg_namespace_columns[] = {
    {"oid", TYPE_OID, false}, {"nspname", TYPE_NAME, false}, {"nspowner", TYPE_OID, false},
};
static const system_column pg_class_columns[] = {
    {"oid", TYPE_OID, false}, {"relname", TYPE_NAME, false}, {"relnamespace", TYPE_OID, false},
    {"reltype", TYPE_OID, false}, {"reloftype", TYPE_OID, false}, {"relowner", TYPE_OID, false},
    {"relam", TYPE_OID, false}, {"relfilenode", TYPE_OID, false},
    {"reltablespace", TYPE_OID, false}, {"relpages", TYPE_INT4, false},
    {"reltuples", TYPE_FLOAT4, false}, {"relallvisible", TYPE_INT4, false},
    {"reltoastrelid", TYPE_OID, false}, {"relhasindex", TYPE_BOOL, false},
    {"relisshared", TYPE_BOOL, false}, {"relpersistence", TYPE_CHAR, false},
    {"relkind", TYPE_CHAR, false}, {"relnatts", TYPE_INT2, false}, {"relchecks", TYPE_INT2, false},
    {"relhasrules", TYPE_BOOL, false}, {"relhastriggers", TYPE_BOOL, false},
    {"relhassubclass", TYPE_BOOL, false}, {"relrowsecurity", TYPE_BOOL, false},
    {"relforcerowsecurity", TYPE_BOOL, false}, {"relispopulated", TYPE_BOOL, false},
    {"relreplident", TYPE_CHAR, false}, {"relispartition", TYPE_BOOL, false},
    {"relrewrite", TYPE_OID, false}, {"reloptions", 1009, false},
    {"relpartbound", TYPE_TEXT, false},
};
static const system_column pg_attribute_columns[] = {
    {"attrelid", TYPE_OID, false}, {"attname", TYPE_NAME, false}, {"atttypid", TYPE_OID, false},
    {"attstattarget", TYPE_INT4, false}, {"attlen", TYPE_INT2, false}, {"attnum", TYPE_INT2, false},
    {"attndims", TYPE_INT4, false}, {"attcacheoff", TYPE_INT4, false},
    {"atttypmod", TYPE_INT4, false}, {"attbyval", TYPE_BOOL, false}, {"attalign", TYPE_CHAR, false},
    {"attstorage", TYPE_CHAR, false}, {"attcompression", TYPE_CHAR, false},
    {"attnotnull", TYPE_BOOL, false}, {"atthasdef", TYPE_BOOL, false},
    {"atthasmissing", TYPE_BOOL, false}, {"attidentity", TYPE_CHAR, false},
    {"attgenerated", TYPE_CHAR, false}, {"attisdropped", TYPE_BOOL, false},
    {"attislocal", TYPE_BOOL, false}, {"attinhcount", TYPE_INT4, false},
    {"attcollation", TYPE_OID, false},
};
static const system_column pg_type_columns[] = {
    {"oid", TYPE_OID, false}, {"typname", TYPE_NAME, false}, {"typnamespace", TYPE_OID, false},
    {"typowner", TYPE_OID, false}, {"typlen", TYPE_INT2, false}, {"typbyval", TYPE_BOOL, false},
    {"typtype", TYPE_CHAR, false}, {"typcategory", TYPE_CHAR, false},
    {"typispreferred", TYPE_BOOL, false}, {"typisdefined", TYPE_BOOL, false},
    {"typdelim", TYPE_CHAR, false}, {"typrelid", TYPE_OID, false},
    {"typsubscript", TYPE_REGPROC, false}, {"typelem", TYPE_OID, false},
    {"typarray", TYPE_OID, false}, {"typinput", TYPE_REGPROC, false},
    {"typoutput", TYPE_REGPROC, false}, {"typreceive", TYPE_REGPROC, false},
    {"typsend", TYPE_REGPROC, false}, {"typmodin", TYPE_REGPROC, false},
    {"typmodout", TYPE_REGPROC, false}, {"typanalyze", TYPE_REGPROC, false},
    {"typalign", TYPE_CHAR, false}, {"typstorage", TYPE_CHAR, false},
    {"typnotnull", TYPE_BOOL, false}, {"typbasetype", TYPE_OID, false},
    {"typtypmod", TYPE_INT4, false}, {"typndims", TYPE_INT4, false},
    {"typcollation", TYPE_OID, false}, {"typdefaultbin", TYPE_TEXT, false},
    {"typdefault", TYPE_TEXT, false},
};
static const system_column pg_index_columns[] = {
    {"indexrelid", TYPE_OID, false}, {"indrelid", TYPE_OID, false}, {"indnatts", TYPE_INT2, false},
    {"indnkeyatts", TYPE_INT2, false}, {"indisunique", TYPE_BOOL, false},
    {"indnullsnotdistinct", TYPE_BOOL, false}, {"indisprimary", TYPE_BOOL, false},
    {"indisexclusion", TYPE_BOOL, false}, {"indimmediate", TYPE_BOOL, false},
    {"indisclustered", TYPE_BOOL, false}, {"indisvalid", TYPE_BOOL, false},
    {"indcheckxmin", TYPE_BOOL, false}, {"indisready", TYPE_BOOL, false},
    {"indislive", TYPE_BOOL, false}, {"indisreplident", TYPE_BOOL, false},
    {"indexprs", TYPE_TEXT, false}, {"indpred", TYPE_TEXT, false},
};
static const system_column pg_constraint_columns[] = {
    {"oid", TYPE_OID, false}, {"conname", TYPE_NAME, false}, {"connamespace", TYPE_OID, false},
    {"contype", TYPE_CHAR, false}, {"condeferrable", TYPE_BOOL, false},
    {"condeferred", TYPE_BOOL, false}, {"convalidated", TYPE_BOOL, false},
    {"conrelid", TYPE_OID, false}, {"contypid", TYPE_OID, false}, {"conindid", TYPE_OID, false},
    {"conparentid", TYPE_OID, false}, {"confrelid", TYPE_OID, false},
    {"confupdtype", TYPE_CHAR, false}, {"confdeltype", TYPE_CHAR, false},
    {"confmatchtype", TYPE_CHAR, false}, {"conislocal", TYPE_BOOL, false},
    {"coninhcount", TYPE_INT4, false}, {"connoinherit", TYPE_BOOL, false},
    {"conbin", TYPE_TEXT, false},
};
static const system_column pg_attrdef_columns[] = {
    {"oid", TYPE_OID, false}, {"adrelid", TYPE_OID, false}, {"adnum", TYPE_INT2, false},
    {"adbin", TYPE_TEXT, false},
};
static const system_column pg_am_columns[] = {
    {"oid", TYPE_OID, false}, {"amname", TYPE_NAME, false}, {"amhandler", TYPE_REGPROC, false},
    {"amtype", TYPE_CHAR, false},
};
static const system_column pg_database_columns[] = {
    {"oid", TYPE_OID, false}, {"datname", TYPE_NAME, false}, {"datdba", TYPE_OID, false},
    {"encoding", TYPE_INT4, false}, {"datlocprovider", TYPE_CHAR, false},
    {"datistemplate", TYPE_BOOL, false}, {"datallowconn", TYPE_BOOL, false},
    {"datconnlimit", TYPE_INT4, false}, {"dattablespace", TYPE_OID, false},
    {"datcollate", TYPE_TEXT, false}, {"datctype", TYPE_TEXT, false},
    {"daticulocale", TYPE_TEXT, false}, {"datcollversion", TYPE_TEXT, false},
    /* aclitem[] in PostgreSQL; QuillDB has no ACLs, so it is always NULL (default rights). */
    {"datacl", 1009, false},
};
static const system_column pg_roles_columns[] = {
    {"rolname", TYPE_NAME, false}, {"rolsuper", TYPE_BOOL, false}, {"rolinherit", TYPE_BOOL, false},
    {"rolcreaterole", TYPE_BOOL, false}, {"rolcreatedb", TYPE_BOOL, false},
    {"rolcanlogin", TYPE_BOOL, false}, {"rolreplication", TYPE_BOOL, false},
    {"rolconnlimit", TYPE_INT4, false}, {"rolpassword", TYPE_TEXT, false},
    {"rolvaliduntil", TYPE_TIMESTAMPTZ, false}, {"rolbypassrls", TYPE_BOOL, false},
    {"rolconfig", 1009, false}, {"oid", TYPE_OID, false},
};
static const system_column pg_user_columns[] = {
    {"usename", TYPE_NAME, false}, {"usesysid", TYPE_OID, false}, {"usecreatedb", TYPE_BOOL, false},
    {"usesuper", TYPE_BOOL, false}, {"userepl", TYPE_BOOL, false},
    {"usebypassrls", TYPE_BOOL, false}, {"passwd", TYPE_TEXT, false},
    {"valuntil", TYPE_TIMESTAMPTZ, false}, {"useconfig", 1009, false},
};
static const system_column pg_authid_columns[] = {
    {"oid", TYPE_OID, false}, {"rolname", TYPE_NAME, false}, {"rolsuper", TYPE_BOOL, false},
    {"rolinherit", TYPE_BOOL, false}, {"rolcreaterole", TYPE_BOOL, false},
    {"rolcreatedb", TYPE_BOOL, false}, {"rolcanlogin", TYPE_BOOL, false},
    {"rolreplication", TYPE_BOOL, false}, {"rolbypassrls", TYPE_BOOL, false},
    {"rolconnlimit", TYPE_INT4, false}, {"rolpassword", TYPE_TEXT, false},
    {"rolvaliduntil", TYPE_TIMESTAMPTZ, false},
};
static const system_column pg_proc_columns[] = {
    {"oid", TYPE_OID, false}, {"proname", TYPE_NAME, false}, {"pronamespace", TYPE_OID, false},
    {"proowner", TYPE_OID, false}, {"prolang", TYPE_OID, false}, {"procost", TYPE_FLOAT4, false},
    {"prorows", TYPE_FLOAT4, false}, {"provariadic", TYPE_OID, false},
    {"prosupport", TYPE_REGPROC, false}, {"prokind", TYPE_CHAR, false},
    {"prosecdef", TYPE_BOOL, false}, {"proleakproof", TYPE_BOOL, false},
    {"proisstrict", TYPE_BOOL, false}, {"proretset", TYPE_BOOL, false},
    {"provolatile", TYPE_CHAR, false}, {"proparallel", TYPE_CHAR, false},
    {"pronargs", TYPE_INT2, false}, {"pronargdefaults", TYPE_INT2, false},
    {"prorettype", TYPE_OID, false}, {"proargdefaults", TYPE_TEXT, false},
    {"prosrc", TYPE_TEXT, false}, {"probin", TYPE_TEXT, false}, {"prosqlbody", TYPE_TEXT, false},
};
static const system_column pg_description_columns[] = {
    {"objoid", TYPE_OID, false}, {"classoid", TYPE_OID, false}, {"objsubid", TYPE_INT4, false},
    {"description", TYPE_TEXT, false},
};
static const system_column pg_collation_columns[] = {
    {"oid", TYPE_OID, false}, {"collname", TYPE_NAME, false}, {"collnamespace", TYPE_OID, false},
    {"collowner", TYPE_OID, false}, {"collprovider", TYPE_CHAR, false},
    {"collisdeterministic", TYPE_BOOL, false}, {"collencoding", TYPE_INT4, false},
    {"collcollate", TYPE_TEXT, false}, {"collctype", TYPE_TEXT, false},
    {"colliculocale", TYPE_TEXT, false}, {"collversion", TYPE_TEXT, false},
};
static const system_column pg_inherits_columns[] = {
    {"inhrelid", TYPE_OID, false}, {"inhparent", TYPE_OID, false}, {"inhseqno", TYPE_INT4, false},
    {"inhdetachpending", TYPE_BOOL, false},
};
static const system_column pg_range_columns[] = {
    {"rngtypid", TYPE_OID, false}, {"rngsubtype", TYPE_OID, false},
    {"rngmultitypid", TYPE_OID, false}, {"rngcollation", TYPE_OID, false},
    {"rngsubopc", TYPE_OID, false}, {"rngcanonical", TYPE_REGPROC, false},
    {"rngsubdiff", TYPE_REGPROC, false},
};
static const system_column pg_tablespace_columns[] = {
    {"oid", TYPE_OID, false}, {"spcname", TYPE_NAME, false}, {"spcowner", TYPE_OID, false},
};
static const system_column pg_enum_columns[] = {
    {"oid", TYPE_OID, false}, {"enumtypid", TYPE_OID, false}, {"enumsortorder", TYPE_FLOAT4, false},
    {"enumlabel", TYPE_NAME, false},
};
static const system_column pg_partitioned_table_columns[] = {
    {"partrelid", TYPE_OID, false}, {"partstrat", TYPE_CHAR, false},
    {"partnatts", TYPE_INT2, false}, {"partdefid", TYPE_OID, false},
    {"partexprs", TYPE_TEXT, false},
};
static const system_column pg_policy_columns[] = {
    {"oid", TYPE_OID, false}, {"polname", TYPE_NAME, false}, {"polrelid", TYPE_OID, false},
    {"polcmd", TYPE_CHAR, false}, {"polpermissive", TYPE_BOOL, false}, {"polroles", 1028, false},
    {"polqual", TYPE_TEXT, false}, {"polwithcheck", TYPE_TEXT, false},
};
static const system_column pg_statistic_ext_columns[] = {
    {"oid", TYPE_OID, false}, {"stxrelid", TYPE_OID, false}, {"stxname", TYPE_NAME, false},
    {"stxnamespace", TYPE_OID, false}, {"stxowner", TYPE_OID, false},
    {"stxstattarget", TYPE_INT4, false}, {"stxkind", 1002, false}, {"stxexprs", TYPE_TEXT, false},
};
static const system_column pg_publication_columns[] = {
    {"oid", TYPE_OID, false}, {"pubname", TYPE_NAME, false}, {"pubowner", TYPE_OID, false},
    {"puballtables", TYPE_BOOL, false}, {"pubinsert", TYPE_BOOL, false},
    {"pubupdate", TYPE_BOOL, false}, {"pubdelete", TYPE_BOOL, false},
    {"pubtruncate", TYPE_BOOL, false}, {"pubviaroot", TYPE_BOOL, false},
};
static const system_column pg_publication_namespace_columns[] = {
    {"oid", TYPE_OID, false}, {"pnpubid", TYPE_OID, false}, {"pnnspid", TYPE_OID, false},
};
static const system_column pg_publication_rel_columns[] = {
    {"oid", TYPE_OID, false}, {"prpubid", TYPE_OID, false}, {"prrelid", TYPE_OID, false},
    {"prqual", TYPE_TEXT, false},
    /* int2vector in PostgreSQL, which QuillDB lacks: smallint[] (the table is empty). */
    {"prattrs", 1005, false},
};
static const system_column pg_trigger_columns[] = {
    {"oid", TYPE_OID, false}, {"tgrelid", TYPE_OID, false}, {"tgparentid", TYPE_OID, false},
    {"tgname", TYPE_NAME, false}, {"tgfoid", TYPE_OID, false}, {"tgtype", TYPE_INT2, false},
    {"tgenabled", TYPE_CHAR, false}, {"tgisinternal", TYPE_BOOL, false},
    {"tgconstrrelid", TYPE_OID, false}, {"tgconstrindid", TYPE_OID, false},
    {"tgconstraint", TYPE_OID, false}, {"tgdeferrable", TYPE_BOOL, false},
    {"tginitdeferred", TYPE_BOOL, false}, {"tgnargs", TYPE_INT2, false},
    {"tgargs", TYPE_BYTEA, false}, {"tgqual", TYPE_TEXT, false}, {"tgoldtable", TYPE_NAME, false},
    {"tgnewtable", TYPE_NAME, false},
};
static const system_column pg_rewrite_columns[] = {
    {"oid", TYPE_OID, false}, {"rulename", TYPE_NAME, false}, {"ev_class", TYPE_OID, false},
    {"ev_type", TYPE_CHAR, false}, {"ev_enabled", TYPE_CHAR, false},
    {"is_instead", TYPE_BOOL, false}, {"ev_qual", TYPE_TEXT, false},
    {"ev_action", TYPE_TEXT, false},
};
static const system_column pg_settings_columns[] = {
    {"name", TYPE_TEXT, false}, {"setting", TYPE_TEXT, false}, {"unit", TYPE_TEXT, false},
    {"category", TYPE_TEXT, false}, {"short_desc", TYPE_TEXT, false},
    {"extra_desc", TYPE_TEXT, false}, {"context", TYPE_TEXT, false}, {"vartype", TYPE_TEXT, false},
    {"source", TYPE_TEXT, false}, {"min_val", TYPE_TEXT, false}, {"max_val", TYPE_TEXT, false},
    {"boot_val", TYPE_TEXT, false}, {"reset_val", TYPE_TEXT, false},
    {"sourcefile", TYPE_TEXT, false}, {"sourceline", TYPE_INT4, false},
    {"pending_restart", TYPE_BOOL, false},
};
static const system_column pg_stat_activity_columns[] = {
    {"datid", TYPE_OID, false}, {"datname", TYPE_NAME, false}, {"pid", TYPE_INT4, false},
    {"leader_pid", TYPE_INT4, false}, {"usesysid", TYPE_OID, false}, {"usename", TYPE_NAME, false},
    {"application_name", TYPE_TEXT, false}, {"client_addr", TYPE_TEXT, false},
    {"client_hostname", TYPE_TEXT, false}, {"client_port", TYPE_INT4, false},
    {"backend_start", TYPE_TIMESTAMPTZ, false}, {"xact_start", TYPE_TIMESTAMPTZ, false},
    {"query_start", TYPE_TIMESTAMPTZ, false}, {"state_change", TYPE_TIMESTAMPTZ, false},
    {"wait_event_type", TYPE_TEXT, false}, {"wait_event", TYPE_TEXT, false},
    {"state", TYPE_TEXT, false}, {"query_id", TYPE_INT8, false}, {"query", TYPE_TEXT, false},
    {"backend_type", TYPE_TEXT, false},
};
static const system_column pg_auth_members_columns[] = {
    {"roleid", TYPE_OID, false}, {"member", TYPE_OID, false}, {"grantor", TYPE_OID, false},
    {"admin_option", TYPE_BOOL, false},
};
static const system_column pg_shdescription_columns[] = {
    {"objoid", TYPE_OID, false}, {"classoid", TYPE_OID, false}, {"description", TYPE_TEXT, false},
};
static const system_column pg_sequence_columns[] = {
    {"seqrelid", TYPE_OID, false}, {"seqtypid", TYPE_OID, false}, {"seqstart", TYPE_INT8, false},
    {"seqincrement", TYPE_INT8, false}, {"seqmax", TYPE_INT8, false}, {"seqmin", TYPE_INT8, false},
    {"seqcache", TYPE_INT8, false}, {"seqcycle", TYPE_BOOL, false},
};
static const system_column pg_extension_columns[] = {
    {"oid", TYPE_OID, false}, {"extname", TYPE_NAME, false}, {"extowner", TYPE_OID, false},
    {"extnamespace", TYPE_OID, false}, {"extrelocatable", TYPE_BOOL, false},
    {"extversion", TYPE_TEXT, false},
};

/* information_schema: the columns clients read (all of PostgreSQL's are text-like
 * domains over name, text and integer, written here as those types). */
static const system_column schemata_columns[] = {
    {"catalog_name", TYPE_NAME, false}, {"schema_name", TYPE_NAME, false},
    {"schema_owner", TYPE_NAME, false}, {"default_character_set_catalog", TYPE_NAME, false},
    {"default_character_set_schema", TYPE_NAME, false},
    {"default_character_set_name", TYPE_NAME, false}, {"sql_path", TYPE_TEXT, false},
};
static const system_column tables_columns[] = {
    {"table_catalog", TYPE_NAME, false}, {"table_schema", TYPE_NAME, false},
    {"table_name", TYPE_NAME, false}, {"table_type", TYPE_TEXT, false},
    {"self_referencing_column_name", TYPE_NAME, false}, {"reference_generation", TYPE_TEXT, false},
    {"user_defined_type_catalog", TYPE_NAME, false}, {"user_defined_type_schema", TYPE_NAME, false},
    {"user_defined_type_name", TYPE_NAME, false}, {"is_insertable_into", TYPE_TEXT, false},
    {"is_typed", TYPE_TEXT, false}, {"commit_action", TYPE_TEXT, false},
};
static const system_column columns_columns[] = {
    {"table_catalog", TYPE_NAME, false}, {"table_schema", TYPE_NAME, false},
    {"table_name", TYPE_NAME, false}, {"column_name", TYPE_NAME, false},
    {"ordinal_position", TYPE_INT4, false}, {"column_default", TYPE_TEXT, false},
    {"is_nullable", TYPE_TEXT, false}, {"data_type", TYPE_TEXT, false},
    {"character_maximum_length", TYPE_INT4, false}, {"character_octet_length", TYPE_INT4, false},
    {"numeric_precision", TYPE_INT4, false}, {"numeric_precision_radix", TYPE_INT4, false},
    {"numeric_scale", TYPE_INT4, false}, {"datetime_precision", TYPE_INT4, false},
    {"udt_catalog", TYPE_NAME, false}, {"udt_schema", TYPE_NAME, false},
    {"udt_name", TYPE_NAME, false}, {"is_identity", TYPE_TEXT, false},
    {"is_generated", TYPE_TEXT, false}, {"is_updatable", TYPE_TEXT, false},
};
static const system_column table_constraints_columns[] = {
    {"constraint_catalog", TYPE_NAME, false}, {"constraint_schema", TYPE_NAME, false},
    {"constraint_name", TYPE_NAME, false}, {"table_catalog", TYPE_NAME, false},
    {"table_schema", TYPE_NAME, false}, {"table_name", TYPE_NAME, false},
    {"constraint_type", TYPE_TEXT, false}, {"is_deferrable", TYPE_TEXT, false},
    {"initially_deferred", TYPE_TEXT, false}, {"enforced", TYPE_TEXT, false},
    {"nulls_distinct", TYPE_TEXT, false},
};
static const system_column pg_indexes_columns[] = {
    {"schemaname", TYPE_NAME, false}, {"tablename", TYPE_NAME, false},
    {"indexname", TYPE_NAME, false}, {"tablespace", TYPE_NAME, false},
    {"indexdef", TYPE_TEXT, false},
};
static const system_column key_column_usage_columns[] = {
    {"constraint_catalog", TYPE_NAME, false}, {"constraint_schema", TYPE_NAME, false},
    {"constraint_name", TYPE_NAME, false}, {"table_catalog", TYPE_NAME, false},
    {"table_schema", TYPE_NAME, false}, {"table_name", TYPE_NAME, false},
    {"column_name", TYPE_NAME, false}, {"ordinal_position", TYPE_INT4, false},
    {"position_in_unique_constraint", TYPE_INT4, false},
};

/* ---- oids ---- */

uint32_t pg_catalog_namespace_oid(uint64_t namespace_id)
{
    return namespace_id == PUBLIC_NAMESPACE_ID ? PUBLIC_NAMESPACE_OID
                                               : (uint32_t)(FIRST_OBJECT_OID + namespace_id);
}

uint32_t pg_catalog_object_oid(uint64_t id)
{
    return (uint32_t)(FIRST_OBJECT_OID + id);
}

uint32_t pg_catalog_role_oid(uint64_t role_id)
{
    return role_id == BOOTSTRAP_ROLE_ID ? BOOTSTRAP_ROLE_ID
                                        : (uint32_t)(FIRST_OBJECT_OID + role_id);
}

/* The catalog id an oid of ours stands for; false for oids below FIRST_OBJECT_OID. */
static bool object_id(uint32_t oid, uint64_t *id)
{
    if (oid < FIRST_OBJECT_OID + 1 || oid >= PRIMARY_KEY_INDEX_OID_BASE)
        return false;
    *id = oid - FIRST_OBJECT_OID;
    return true;
}

static const catalog_namespace *namespace_by_oid(query_context *ctx, uint32_t oid)
{
    uint64_t id;
    if (oid == PUBLIC_NAMESPACE_OID)
        return catalog_namespace_by_id(ctx->catalog, PUBLIC_NAMESPACE_ID);
    return object_id(oid, &id) ? catalog_namespace_by_id(ctx->catalog, id) : NULL;
}

static const catalog_role *role_by_oid(query_context *ctx, uint32_t oid)
{
    uint64_t id;
    if (oid == BOOTSTRAP_ROLE_ID)
        return catalog_role_by_id(ctx->catalog, BOOTSTRAP_ROLE_ID);
    return object_id(oid, &id) ? catalog_role_by_id(ctx->catalog, id) : NULL;
}

static const catalog_table *table_by_oid(query_context *ctx, uint32_t oid)
{
    uint64_t id;
    return object_id(oid, &id) ? catalog_table_by_id(ctx->catalog, id) : NULL;
}

/* An index as the catalogs show it: a table's primary key or one of its secondary indexes
 * (with the UNIQUE constraint that made it, if one did). */
typedef struct index_view {
    const catalog_table *table;
    const char *name;
    uint32_t oid;
    uint32_t constraint_oid; /* 0: no constraint (CREATE INDEX) */
    bool unique;
    bool primary;
    int column_count;
    const int *columns;
} index_view;

/* position -1: the primary key; false when the table has no such index. */
static bool index_view_of(const catalog_table *t, int position, index_view *out)
{
    if (position < 0) {
        if (t->primary_key_count == 0)
            return false;
        *out = (index_view){t, t->primary_key_name,
                            (uint32_t)(PRIMARY_KEY_INDEX_OID_BASE + t->id),
                            (uint32_t)(PRIMARY_KEY_CONSTRAINT_OID_BASE + t->id),
                            true, true, t->primary_key_count, t->primary_key};
        return true;
    }
    const catalog_index *index = &t->indexes[position];
    *out = (index_view){t, index->name, pg_catalog_object_oid(index->id),
                        index->constraint ? (uint32_t)(PRIMARY_KEY_CONSTRAINT_OID_BASE + index->id) : 0,
                        index->unique, false, index->column_count, index->columns};
    return true;
}

/* The index whose oid (constraint false) or whose constraint's oid (constraint true) is oid. */
static bool index_by_oid(query_context *ctx, uint32_t oid, bool constraint, index_view *out)
{
    uint32_t base = constraint ? PRIMARY_KEY_CONSTRAINT_OID_BASE : PRIMARY_KEY_INDEX_OID_BASE;
    if (oid >= base && (constraint || oid < PRIMARY_KEY_CONSTRAINT_OID_BASE)) {
        const catalog_table *t = catalog_table_by_id(ctx->catalog, oid - base);
        if (t != NULL)
            return index_view_of(t, -1, out);
    }
    uint64_t id;
    if (constraint ? oid < PRIMARY_KEY_CONSTRAINT_OID_BASE : !object_id(oid, &id))
        return false;
    if (constraint)
        id = oid - PRIMARY_KEY_CONSTRAINT_OID_BASE;
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *t = catalog_table_at(ctx->catalog, i);
        for (int k = 0; k < t->index_count; k++) {
            if (t->indexes[k].id == id && (!constraint || t->indexes[k].constraint))
                return index_view_of(t, k, out);
        }
    }
    return false;
}

/* The CREATE INDEX statement that makes index; pretty: the table qualified only where the
 * search path does not find it. NULL when out of memory. */
static const char *index_definition(query_context *ctx, const index_view *index, bool pretty);

/* ---- the virtual tables ---- */

typedef struct pg_table pg_table;

/* One row being filled: columns are set by name, the rest keep their type's default. */
typedef struct row_filler {
    const pg_table *table;
    value *row;
    const char *unknown_column; /* a generator named a column the table lacks: a bug */
} row_filler;

struct pg_table {
    const char *schema;
    const char *name;
    uint32_t oid;
    char relkind;
    const system_column *columns;
    int column_count;
    bool (*generate)(query_context *ctx, const pg_table *t, row_list *rows);
    bool privileged; /* dba and system roles only (pg_authid) */
};

static bool generate_nothing(query_context *ctx, const pg_table *t, row_list *rows)
{
    (void)ctx;
    (void)t;
    (void)rows;
    return true;
}

#define COLUMNS(list) list, (int)(sizeof list / sizeof list[0])

static bool generate_namespaces(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_classes(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_attributes(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_types(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_indexes(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_constraints(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_attrdefs(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_access_methods(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_databases(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_roles(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_procs(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_collations(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_tablespaces(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_descriptions(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_activity(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_schemata(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_information_tables(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_information_columns(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_table_constraints(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_key_column_usage(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_settings(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_sequences(query_context *ctx, const pg_table *t, row_list *rows);
static bool generate_pg_indexes(query_context *ctx, const pg_table *t, row_list *rows);

#define PG "pg_catalog"
#define IS "information_schema"

static const pg_table pg_tables[] = {
    {PG, "pg_namespace", 2615, 'r', COLUMNS(pg_namespace_columns), generate_namespaces, false},
    {PG, "pg_class", 1259, 'r', COLUMNS(pg_class_columns), generate_classes, false},
    {PG, "pg_attribute", 1249, 'r', COLUMNS(pg_attribute_columns), generate_attributes, false},
    {PG, "pg_type", 1247, 'r', COLUMNS(pg_type_columns), generate_types, false},
    {PG, "pg_index", 2610, 'r', COLUMNS(pg_index_columns), generate_indexes, false},
    {PG, "pg_constraint", 2606, 'r', COLUMNS(pg_constraint_columns), generate_constraints, false},
    {PG, "pg_attrdef", 2604, 'r', COLUMNS(pg_attrdef_columns), generate_attrdefs, false},
    {PG, "pg_am", 2601, 'r', COLUMNS(pg_am_columns), generate_access_methods, false},
    {PG, "pg_database", 1262, 'r', COLUMNS(pg_database_columns), generate_databases, false},
    {PG, "pg_roles", 12000, 'v', COLUMNS(pg_roles_columns), generate_roles, false},
    {PG, "pg_user", 12014, 'v', COLUMNS(pg_user_columns), generate_roles, false},
    {PG, "pg_authid", 1260, 'r', COLUMNS(pg_authid_columns), generate_roles, true},
    {PG, "pg_auth_members", 1261, 'r', COLUMNS(pg_auth_members_columns), generate_nothing, false},
    {PG, "pg_proc", 1255, 'r', COLUMNS(pg_proc_columns), generate_procs, false},
    {PG, "pg_description", 2609, 'r', COLUMNS(pg_description_columns), generate_descriptions,
     false},
    {PG, "pg_shdescription", 2396, 'r', COLUMNS(pg_shdescription_columns), generate_nothing, false},
    {PG, "pg_collation", 3456, 'r', COLUMNS(pg_collation_columns), generate_collations, false},
    {PG, "pg_tablespace", 1213, 'r', COLUMNS(pg_tablespace_columns), generate_tablespaces, false},
    {PG, "pg_inherits", 2611, 'r', COLUMNS(pg_inherits_columns), generate_nothing, false},
    {PG, "pg_range", 3541, 'r', COLUMNS(pg_range_columns), generate_nothing, false},
    {PG, "pg_enum", 3501, 'r', COLUMNS(pg_enum_columns), generate_nothing, false},
    {PG, "pg_partitioned_table", 3350, 'r', COLUMNS(pg_partitioned_table_columns), generate_nothing,
     false},
    {PG, "pg_policy", 3256, 'r', COLUMNS(pg_policy_columns), generate_nothing, false},
    {PG, "pg_statistic_ext", 3381, 'r', COLUMNS(pg_statistic_ext_columns), generate_nothing, false},
    {PG, "pg_publication", 6104, 'r', COLUMNS(pg_publication_columns), generate_nothing, false},
    {PG, "pg_publication_namespace", 6237, 'r', COLUMNS(pg_publication_namespace_columns),
     generate_nothing, false},
    {PG, "pg_publication_rel", 6106, 'r', COLUMNS(pg_publication_rel_columns), generate_nothing,
     false},
    {PG, "pg_trigger", 2620, 'r', COLUMNS(pg_trigger_columns), generate_nothing, false},
    {PG, "pg_rewrite", 2618, 'r', COLUMNS(pg_rewrite_columns), generate_nothing, false},
    {PG, "pg_extension", 3079, 'r', COLUMNS(pg_extension_columns), generate_nothing, false},
    {PG, "pg_sequence", 2224, 'r', COLUMNS(pg_sequence_columns), generate_sequences, false},
    {PG, "pg_indexes", 12043, 'v', COLUMNS(pg_indexes_columns), generate_pg_indexes, false},
    {PG, "pg_settings", 12104, 'v', COLUMNS(pg_settings_columns), generate_settings, false},
    {PG, "pg_stat_activity", 12222, 'v', COLUMNS(pg_stat_activity_columns), generate_activity,
     false},
    {IS, "schemata", 12200, 'v', COLUMNS(schemata_columns), generate_schemata, false},
    {IS, "tables", 12201, 'v', COLUMNS(tables_columns), generate_information_tables, false},
    {IS, "columns", 12202, 'v', COLUMNS(columns_columns), generate_information_columns, false},
    {IS, "table_constraints", 12203, 'v', COLUMNS(table_constraints_columns),
     generate_table_constraints, false},
    {IS, "key_column_usage", 12204, 'v', COLUMNS(key_column_usage_columns),
     generate_key_column_usage, false},
};
static const int pg_table_count = (int)(sizeof pg_tables / sizeof pg_tables[0]);

/* system.* tables: oids from here on, in their order. */
#define SYSTEM_TABLE_FIRST_OID 12110

static const pg_table *pg_table_find(const char *schema, const char *name)
{
    if (schema == NULL)
        schema = PG;
    for (int i = 0; i < pg_table_count; i++) {
        if (strcmp(pg_tables[i].schema, schema) == 0 && strcmp(pg_tables[i].name, name) == 0)
            return &pg_tables[i];
    }
    return NULL;
}

bool pg_catalog_table_exists(const char *schema, const char *name)
{
    return name != NULL && pg_table_find(schema, name) != NULL;
}

static value text_value(const char *text)
{
    return text != NULL ? value_text(TYPE_TEXT, text, strlen(text)) : value_null(TYPE_TEXT);
}

static value name_value(const char *text)
{
    return text != NULL ? value_text(TYPE_NAME, text, strlen(text)) : value_null(TYPE_NAME);
}

/* A "char" value; its byte lives in the statement's arena (NULL when out of memory). */
static bool char_value(query_context *ctx, char c, value *out)
{
    if (c == '\0') {
        *out = value_text(TYPE_CHAR, "", 0);
        return true;
    }
    char *byte = arena_alloc(ctx->arena, 1);
    if (byte == NULL)
        return query_fail_no_memory(ctx);
    *byte = c;
    *out = value_text(TYPE_CHAR, byte, 1);
    return true;
}

static value default_value(uint32_t type)
{
    switch (type) {
    case TYPE_BOOL:
        return value_bool(false);
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_REGPROC:
    case TYPE_REGTYPE:
        return value_int(type, 0);
    case TYPE_FLOAT4: {
        value v = value_float8(0);
        v.type = TYPE_FLOAT4;
        return v;
    }
    case TYPE_CHAR:
    case TYPE_NAME:
        return value_text(type, "", 0);
    default:
        return value_null(type);
    }
}

static bool start_row(query_context *ctx, const pg_table *t, row_list *rows, row_filler *f)
{
    value *row = system_row_add(ctx, rows);
    if (row == NULL)
        return false;
    for (int i = 0; i < t->column_count; i++)
        row[i] = default_value(t->columns[i].type);
    *f = (row_filler){t, row, NULL};
    return true;
}

static void put(row_filler *f, const char *column, value v)
{
    for (int i = 0; i < f->table->column_count; i++) {
        if (strcmp(f->table->columns[i].name, column) == 0) {
            /* Values keep the column's type (a name put as text, an int4 as int2). */
            v.type = f->table->columns[i].type;
            f->row[i] = v;
            return;
        }
    }
    f->unknown_column = column;
}

static void put_oid(row_filler *f, const char *column, uint32_t oid)
{
    put(f, column, value_int(TYPE_OID, oid));
}

static void put_int(row_filler *f, const char *column, int64_t v)
{
    put(f, column, value_int(TYPE_INT8, v));
}

static void put_bool(row_filler *f, const char *column, bool b)
{
    put(f, column, value_bool(b));
}

static void put_text(row_filler *f, const char *column, const char *text)
{
    put(f, column, text_value(text));
}

static bool put_char(query_context *ctx, row_filler *f, const char *column, char c)
{
    value v;
    if (!char_value(ctx, c, &v))
        return false;
    put(f, column, v);
    return true;
}

static bool finish(query_context *ctx, const row_list *rows, row_filler *f)
{
    if (f->unknown_column != NULL)
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "%s has no column %s", f->table->name,
                          f->unknown_column);
    return system_row_finish(ctx, rows, f->row);
}

static const char *namespace_name_of(query_context *ctx, uint64_t namespace_id)
{
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, namespace_id);
    return n != NULL ? n->name : NULL;
}

/* ---- pg_namespace ---- */

static bool add_namespace(query_context *ctx, const pg_table *t, row_list *rows, uint32_t oid,
                          const char *name, uint32_t owner)
{
    row_filler f;
    if (!start_row(ctx, t, rows, &f))
        return false;
    put_oid(&f, "oid", oid);
    put_text(&f, "nspname", name);
    put_oid(&f, "nspowner", owner);
    return finish(ctx, rows, &f);
}

static bool generate_namespaces(query_context *ctx, const pg_table *t, row_list *rows)
{
    if (!add_namespace(ctx, t, rows, PG_CATALOG_NAMESPACE_OID, PG, BOOTSTRAP_ROLE_ID) ||
        !add_namespace(ctx, t, rows, SYSTEM_NAMESPACE_OID, SYSTEM_NAMESPACE, BOOTSTRAP_ROLE_ID) ||
        !add_namespace(ctx, t, rows, INFORMATION_SCHEMA_NAMESPACE_OID, IS, BOOTSTRAP_ROLE_ID))
        return false;
    for (size_t i = 0; i < catalog_namespace_count(ctx->catalog); i++) {
        const catalog_namespace *n = catalog_namespace_at(ctx->catalog, i);
        if (!add_namespace(ctx, t, rows, pg_catalog_namespace_oid(n->id), n->name,
                           pg_catalog_role_oid(n->owner_role_id)))
            return false;
    }
    return true;
}

/* ---- pg_class ---- */

static const pg_type_row *type_row(uint32_t oid)
{
    for (int i = 0; i < pg_type_row_count; i++) {
        if (pg_type_rows[i].oid == oid)
            return &pg_type_rows[i];
    }
    return NULL;
}

static bool add_class(query_context *ctx, const pg_table *t, row_list *rows, uint32_t oid,
                      const char *name, uint32_t namespace_oid, uint32_t owner, char kind,
                      int attribute_count, bool has_index, const value *options)
{
    row_filler f;
    if (!start_row(ctx, t, rows, &f))
        return false;
    put_oid(&f, "oid", oid);
    put_text(&f, "relname", name);
    put_oid(&f, "relnamespace", namespace_oid);
    put_oid(&f, "relowner", owner);
    /* heap for tables, btree for indexes (pg_am). */
    put_oid(&f, "relam", kind == 'r' ? 2 : kind == 'i' ? 403 : 0);
    put_oid(&f, "relfilenode", kind == 'v' ? 0 : oid);
    value tuples = value_float8(-1);
    put(&f, "reltuples", tuples);
    put_bool(&f, "relhasindex", has_index);
    put_int(&f, "relnatts", attribute_count);
    put_bool(&f, "relispopulated", true);
    if (options != NULL)
        put(&f, "reloptions", *options);
    return put_char(ctx, &f, "relpersistence", 'p') && put_char(ctx, &f, "relkind", kind) &&
           put_char(ctx, &f, "relreplident", kind == 'r' ? 'd' : 'n') && finish(ctx, rows, &f);
}

/* The columns a table shows in pg_attribute with attnum > 0 (dropped ones included,
 * system ones not). */
static int user_attribute_count(const catalog_table *table)
{
    int count = 0;
    for (int c = 0; c < table->column_count; c++)
        count += !table->columns[c].system;
    return count;
}

/* A table's WITH (...) options as reloptions shows them: {type=user,ttl_seconds=60}. */
static bool table_options(query_context *ctx, const catalog_table *table, value *out)
{
    *out = value_null(type_array_of(TYPE_TEXT));
    cJSON *options = table->options != NULL ? cJSON_Parse(table->options) : NULL;
    if (options == NULL)
        return table->options == NULL ||
               query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "stored table options are corrupt");
    array_value *a = array_new(ctx, TYPE_TEXT, cJSON_GetArraySize(options));
    int i = 0;
    const cJSON *option;
    cJSON_ArrayForEach(option, options)
    {
        const char *text =
            a != NULL && cJSON_IsString(option)
                ? arena_printf(ctx->arena, "%s=%s", option->string, option->valuestring)
                : NULL;
        if (text == NULL) {
            cJSON_Delete(options);
            return a == NULL ? false : query_fail_no_memory(ctx);
        }
        a->elements[i++] = text_value(text);
    }
    cJSON_Delete(options);
    if (i > 0)
        *out = value_array(a);
    return true;
}

static bool generate_classes(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        uint32_t namespace_oid = pg_catalog_namespace_oid(table->namespace_id);
        uint32_t owner = pg_catalog_role_oid(table->owner_role_id);
        value options;
        if (!table_options(ctx, table, &options) ||
            !add_class(ctx, t, rows, pg_catalog_object_oid(table->id), table->name, namespace_oid,
                       owner, 'r', user_attribute_count(table),
                       table->primary_key_count > 0 || table->index_count > 0, &options))
            return false;
        for (int k = -1; k < table->index_count; k++) {
            index_view index;
            if (index_view_of(table, k, &index) &&
                !add_class(ctx, t, rows, index.oid, index.name, namespace_oid, owner, 'i',
                           index.column_count, false, NULL))
                return false;
        }
    }
    for (size_t i = 0; i < catalog_sequence_count(ctx->catalog); i++) {
        const catalog_sequence *s = catalog_sequence_at(ctx->catalog, i);
        const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, s->namespace_id);
        if (!add_class(ctx, t, rows, pg_catalog_object_oid(s->id), s->name,
                       pg_catalog_namespace_oid(s->namespace_id),
                       pg_catalog_role_oid(n != NULL ? n->owner_role_id : BOOTSTRAP_ROLE_ID), 'S',
                       3, false, NULL))
            return false;
    }
    for (int i = 0; i < pg_table_count; i++) {
        const pg_table *p = &pg_tables[i];
        if (!add_class(ctx, t, rows, p->oid, p->name,
                       strcmp(p->schema, PG) == 0 ? PG_CATALOG_NAMESPACE_OID
                                                  : INFORMATION_SCHEMA_NAMESPACE_OID,
                       BOOTSTRAP_ROLE_ID, p->relkind, p->column_count, false, NULL))
            return false;
    }
    for (int i = 0; i < system_table_count_all(); i++) {
        const system_column *columns;
        int count;
        const char *name = system_table_name_at(i, &columns, &count);
        if (!add_class(ctx, t, rows, (uint32_t)(SYSTEM_TABLE_FIRST_OID + i), name,
                       SYSTEM_NAMESPACE_OID, BOOTSTRAP_ROLE_ID, 'v', count, false, NULL))
            return false;
    }
    return true;
}

/* ---- pg_attribute ---- */

static bool add_attribute(query_context *ctx, const pg_table *t, row_list *rows, uint32_t relation,
                          const char *name, uint32_t type, int32_t typmod, int number,
                          bool not_null, bool has_default, bool dropped)
{
    row_filler f;
    if (!start_row(ctx, t, rows, &f))
        return false;
    const pg_type_row *info = type_row(type);
    put_oid(&f, "attrelid", relation);
    put_text(&f, "attname", name);
    put_oid(&f, "atttypid", dropped ? 0 : type);
    put_int(&f, "attstattarget", number > 0 ? -1 : 0);
    put_int(&f, "attlen", info != NULL ? info->typlen : -1);
    put_int(&f, "attnum", number);
    put_int(&f, "attcacheoff", -1);
    put_int(&f, "atttypmod", typmod);
    put_bool(&f, "attbyval", info != NULL && info->typbyval);
    put_bool(&f, "attnotnull", not_null);
    put_bool(&f, "atthasdef", has_default);
    put_bool(&f, "attisdropped", dropped);
    put_bool(&f, "attislocal", true);
    /* Strings take the database's collation, "default" (100). */
    put_oid(&f, "attcollation", info != NULL ? info->typcollation : 0);
    return put_char(ctx, &f, "attalign", info != NULL ? info->typalign : 'i') &&
           put_char(ctx, &f, "attstorage", info != NULL ? info->typstorage : 'p') &&
           finish(ctx, rows, &f);
}

static bool add_virtual_attributes(query_context *ctx, const pg_table *t, row_list *rows,
                                   uint32_t relation, const system_column *columns, int count)
{
    for (int c = 0; c < count; c++) {
        if (!add_attribute(ctx, t, rows, relation, columns[c].name, columns[c].type, TYPMOD_NONE,
                           c + 1, columns[c].not_null, false, false))
            return false;
    }
    return true;
}

static bool generate_attributes(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        uint32_t oid = pg_catalog_object_oid(table->id);
        int number = 0, system_number = 0;
        for (int c = 0; c < table->column_count; c++) {
            const catalog_column *column = &table->columns[c];
            bool in_key = false;
            for (int k = 0; k < table->primary_key_count; k++)
                in_key = in_key || table->primary_key[k] == c;
            /* _seq and _deleted are system columns: negative numbers, as ctid's. */
            int attnum = column->system ? --system_number : ++number;
            const char *name = column->name;
            if (column->dropped &&
                (name = arena_printf(ctx->arena, "........pg.dropped.%d........", attnum)) == NULL)
                return query_fail_no_memory(ctx);
            if (!add_attribute(ctx, t, rows, oid, name, column->type, column->typmod, attnum,
                               column->not_null || in_key, column->default_tree != NULL,
                               column->dropped))
                return false;
        }
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (!index_view_of(table, position, &index))
                continue;
            for (int k = 0; k < index.column_count; k++) {
                const catalog_column *column = &table->columns[index.columns[k]];
                if (!add_attribute(ctx, t, rows, index.oid, column->name, column->type,
                                   column->typmod, k + 1, false, false, false))
                    return false;
            }
        }
    }
    for (int i = 0; i < pg_table_count; i++) {
        if (!add_virtual_attributes(ctx, t, rows, pg_tables[i].oid, pg_tables[i].columns,
                                    pg_tables[i].column_count))
            return false;
    }
    for (int i = 0; i < system_table_count_all(); i++) {
        const system_column *columns;
        int count;
        system_table_name_at(i, &columns, &count);
        if (!add_virtual_attributes(ctx, t, rows, (uint32_t)(SYSTEM_TABLE_FIRST_OID + i), columns,
                                    count))
            return false;
    }
    return true;
}

/* ---- pg_type ---- */

static bool generate_types(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (int i = 0; i < pg_type_row_count; i++) {
        const pg_type_row *r = &pg_type_rows[i];
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "oid", r->oid);
        put_text(&f, "typname", r->typname);
        put_oid(&f, "typnamespace", PG_CATALOG_NAMESPACE_OID);
        put_oid(&f, "typowner", BOOTSTRAP_ROLE_ID);
        put_int(&f, "typlen", r->typlen);
        put_bool(&f, "typbyval", r->typbyval);
        put_bool(&f, "typispreferred", r->typispreferred);
        put_bool(&f, "typisdefined", true);
        put(&f, "typsubscript", value_int(TYPE_REGPROC, r->typsubscript));
        put_oid(&f, "typelem", r->typelem);
        put_oid(&f, "typarray", r->typarray);
        put(&f, "typinput", value_int(TYPE_REGPROC, r->typinput));
        put(&f, "typoutput", value_int(TYPE_REGPROC, r->typoutput));
        put(&f, "typreceive", value_int(TYPE_REGPROC, r->typreceive));
        put(&f, "typsend", value_int(TYPE_REGPROC, r->typsend));
        put(&f, "typmodin", value_int(TYPE_REGPROC, r->typmodin));
        put(&f, "typmodout", value_int(TYPE_REGPROC, r->typmodout));
        put(&f, "typanalyze", value_int(TYPE_REGPROC, r->typanalyze));
        put_int(&f, "typtypmod", -1);
        put_oid(&f, "typcollation", r->typcollation);
        if (!put_char(ctx, &f, "typtype", r->typtype) ||
            !put_char(ctx, &f, "typcategory", r->typcategory) ||
            !put_char(ctx, &f, "typdelim", r->typdelim) ||
            !put_char(ctx, &f, "typalign", r->typalign) ||
            !put_char(ctx, &f, "typstorage", r->typstorage) || !finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* ---- pg_index, pg_constraint, pg_attrdef ---- */

static bool generate_indexes(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (!index_view_of(table, position, &index))
                continue;
            row_filler f;
            if (!start_row(ctx, t, rows, &f))
                return false;
            put_oid(&f, "indexrelid", index.oid);
            put_oid(&f, "indrelid", pg_catalog_object_oid(table->id));
            put_int(&f, "indnatts", index.column_count);
            put_int(&f, "indnkeyatts", index.column_count);
            put_bool(&f, "indisunique", index.unique);
            put_bool(&f, "indisprimary", index.primary);
            put_bool(&f, "indimmediate", true);
            put_bool(&f, "indisvalid", true);
            put_bool(&f, "indisready", true);
            put_bool(&f, "indislive", true);
            if (!finish(ctx, rows, &f))
                return false;
        }
    }
    return true;
}

static bool generate_constraints(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (!index_view_of(table, position, &index) || index.constraint_oid == 0)
                continue;
            row_filler f;
            if (!start_row(ctx, t, rows, &f))
                return false;
            put_oid(&f, "oid", index.constraint_oid);
            put_text(&f, "conname", index.name);
            put_oid(&f, "connamespace", pg_catalog_namespace_oid(table->namespace_id));
            put_bool(&f, "convalidated", true);
            put_oid(&f, "conrelid", pg_catalog_object_oid(table->id));
            put_oid(&f, "conindid", index.oid);
            put_bool(&f, "conislocal", true);
            put_bool(&f, "connoinherit", true);
            if (!put_char(ctx, &f, "contype", index.primary ? 'p' : 'u') ||
                !put_char(ctx, &f, "confupdtype", ' ') || !put_char(ctx, &f, "confdeltype", ' ') ||
                !put_char(ctx, &f, "confmatchtype", ' ') || !finish(ctx, rows, &f))
                return false;
        }
    }
    return true;
}

/* adbin: the DEFAULT's parse tree with the column's type, as JSON
 * {"type": oid, "typmod": n, "expr": tree}, which pg_get_expr prints. */
static bool generate_attrdefs(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        int number = 0;
        for (int c = 0; c < table->column_count; c++) {
            const catalog_column *column = &table->columns[c];
            if (column->system)
                continue;
            number++;
            if (column->default_tree == NULL || column->dropped)
                continue;
            char *adbin = arena_printf(ctx->arena, "{\"type\":%u,\"typmod\":%d,\"expr\":%s}",
                                       column->type, column->typmod, column->default_tree);
            row_filler f;
            if (adbin == NULL)
                return query_fail_no_memory(ctx);
            if (!start_row(ctx, t, rows, &f))
                return false;
            /* One default per column: its oid is derived from the table's and the column's. */
            put_oid(&f, "oid", 0);
            put_oid(&f, "adrelid", pg_catalog_object_oid(table->id));
            put_int(&f, "adnum", number);
            put_text(&f, "adbin", adbin);
            if (!finish(ctx, rows, &f))
                return false;
        }
    }
    return true;
}

/* A sequence's type is what its bounds were made for: a serial column's type gives them
 * (CREATE SEQUENCE takes neither AS nor MAXVALUE); the cache is 1. */
static bool generate_sequences(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_sequence_count(ctx->catalog); i++) {
        const catalog_sequence *sequence = catalog_sequence_at(ctx->catalog, i);
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "seqrelid", pg_catalog_object_oid(sequence->id));
        put_oid(&f, "seqtypid", sequence->max_value == INT16_MAX   ? TYPE_INT2
                                : sequence->max_value == INT32_MAX ? TYPE_INT4
                                                                   : TYPE_INT8);
        put_int(&f, "seqstart", sequence->start);
        put_int(&f, "seqincrement", sequence->increment);
        put_int(&f, "seqmax", sequence->max_value);
        put_int(&f, "seqmin", sequence->min_value);
        put_int(&f, "seqcache", 1);
        put_bool(&f, "seqcycle", sequence->cycle);
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* ---- pg_am, pg_database, roles, pg_collation, pg_tablespace ---- */

static bool generate_access_methods(query_context *ctx, const pg_table *t, row_list *rows)
{
    static const struct {
        uint32_t oid;
        const char *name;
        uint32_t handler;
        char type;
    } methods[] = {{2, "heap", 3, 't'}, {403, "btree", 330, 'i'}};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "oid", methods[i].oid);
        put_text(&f, "amname", methods[i].name);
        put(&f, "amhandler", value_int(TYPE_REGPROC, methods[i].handler));
        if (!put_char(ctx, &f, "amtype", methods[i].type) || !finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* QuillDB serves one database: the one the session is connected to, in UTF8 with the C
 * collation (text compares bytewise). */
static bool generate_databases(query_context *ctx, const pg_table *t, row_list *rows)
{
    row_filler f;
    if (!start_row(ctx, t, rows, &f))
        return false;
    put_oid(&f, "oid", 5);
    put_text(&f, "datname", ctx->database);
    put_oid(&f, "datdba", BOOTSTRAP_ROLE_ID);
    put_int(&f, "encoding", 6);
    put_bool(&f, "datallowconn", true);
    put_int(&f, "datconnlimit", -1);
    put_oid(&f, "dattablespace", 1663);
    put_text(&f, "datcollate", "C");
    put_text(&f, "datctype", "C");
    return put_char(ctx, &f, "datlocprovider", 'c') && finish(ctx, rows, &f);
}

/* pg_roles, pg_user and pg_authid: the same roles under their column names. Passwords
 * show as PostgreSQL's views show them: "********" when set, never the verifier. */
static bool generate_roles(query_context *ctx, const pg_table *t, row_list *rows)
{
    bool is_user_view = strcmp(t->name, "pg_user") == 0;
    for (size_t i = 0; i < catalog_role_count(ctx->catalog); i++) {
        const catalog_role *role = catalog_role_at(ctx->catalog, i);
        if (is_user_view && !role->can_login)
            continue;
        bool super = role->kind == ROLE_SYSTEM || role->kind == ROLE_DBA;
        const char *password = role->scram_verifier != NULL ? "********" : NULL;
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        if (is_user_view) {
            put_text(&f, "usename", role->name);
            put_oid(&f, "usesysid", pg_catalog_role_oid(role->id));
            put_bool(&f, "usecreatedb", super);
            put_bool(&f, "usesuper", super);
            put_bool(&f, "userepl", role->kind == ROLE_SYSTEM);
            put_bool(&f, "usebypassrls", role->kind == ROLE_SYSTEM);
            put_text(&f, "passwd", password);
        } else {
            put_oid(&f, "oid", pg_catalog_role_oid(role->id));
            put_text(&f, "rolname", role->name);
            put_bool(&f, "rolsuper", super);
            put_bool(&f, "rolinherit", true);
            put_bool(&f, "rolcreaterole", super);
            put_bool(&f, "rolcreatedb", super);
            put_bool(&f, "rolcanlogin", role->can_login);
            put_bool(&f, "rolreplication", role->kind == ROLE_SYSTEM);
            put_bool(&f, "rolbypassrls", role->kind == ROLE_SYSTEM);
            put_int(&f, "rolconnlimit", -1);
            /* pg_authid would hold the verifier; it is never shown. */
            put_text(&f, "rolpassword", password);
        }
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

static bool generate_collations(query_context *ctx, const pg_table *t, row_list *rows)
{
    static const struct {
        uint32_t oid;
        const char *name;
        char provider;
        int encoding;
        const char *locale;
    } collations[] = {{100, "default", 'd', -1, NULL},
                      {950, "C", 'c', -1, "C"},
                      {951, "POSIX", 'c', -1, "POSIX"}};
    for (size_t i = 0; i < sizeof collations / sizeof collations[0]; i++) {
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "oid", collations[i].oid);
        put_text(&f, "collname", collations[i].name);
        put_oid(&f, "collnamespace", PG_CATALOG_NAMESPACE_OID);
        put_oid(&f, "collowner", BOOTSTRAP_ROLE_ID);
        put_bool(&f, "collisdeterministic", true);
        put_int(&f, "collencoding", collations[i].encoding);
        put_text(&f, "collcollate", collations[i].locale);
        put_text(&f, "collctype", collations[i].locale);
        if (!put_char(ctx, &f, "collprovider", collations[i].provider) || !finish(ctx, rows, &f))
            return false;
    }
    return true;
}

static bool generate_tablespaces(query_context *ctx, const pg_table *t, row_list *rows)
{
    row_filler f;
    if (!start_row(ctx, t, rows, &f))
        return false;
    put_oid(&f, "oid", 1663);
    put_text(&f, "spcname", "pg_default");
    put_oid(&f, "spcowner", BOOTSTRAP_ROLE_ID);
    return finish(ctx, rows, &f);
}

/* ---- pg_description: the table kind of every stored table ---- */

static const char *table_description(const catalog_table *table)
{
    switch (table->kind) {
    case TABLE_USER:
        return "user table";
    case TABLE_STREAM:
        return "stream table";
    case TABLE_SHARED:
        break;
    }
    return "shared table";
}

static bool generate_descriptions(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "objoid", pg_catalog_object_oid(table->id));
        put_oid(&f, "classoid", 1259);
        put_text(&f, "description", table_description(table));
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* ---- pg_proc: the built-in functions of functions.c ---- */

static bool generate_procs(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (int i = 0; i < functions_count(); i++) {
        const function_definition *fn = functions_at(i);
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_oid(&f, "oid", (uint32_t)(FUNCTION_OID_BASE + i));
        put_text(&f, "proname", fn->name);
        put_oid(&f, "pronamespace", PG_CATALOG_NAMESPACE_OID);
        put_oid(&f, "proowner", BOOTSTRAP_ROLE_ID);
        put_oid(&f, "prolang", 12); /* internal */
        value cost = value_float8(1);
        put(&f, "procost", cost);
        put_bool(&f, "proisstrict", fn->strict);
        put_int(&f, "pronargs", fn->arg_count == FUNCTION_VARIADIC ? 1 : fn->arg_count);
        /* Results typed by the first argument, or any argument: PostgreSQL's anyelement. */
        put_oid(&f, "prorettype", fn->result_type != 0 ? fn->result_type : 2283);
        put_text(&f, "prosrc", fn->name);
        if (!put_char(ctx, &f, "prokind", 'f') ||
            !put_char(ctx, &f, "provolatile", fn->volatile_result ? 'v' : 's') ||
            !put_char(ctx, &f, "proparallel", 's') || !finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* ---- pg_stat_activity, from the server's sessions ---- */

typedef struct activity_rows {
    const pg_table *table;
    row_list *rows;
    bool privileged;
} activity_rows;

static bool add_activity(void *arg, query_context *ctx, const session_activity *activity)
{
    activity_rows *a = arg;
    row_filler f;
    if (!start_row(ctx, a->table, a->rows, &f))
        return false;
    bool visible = a->privileged || (activity->user_name != NULL &&
                                     strcmp(activity->user_name, ctx->current_user) == 0);
    const catalog_role *role =
        activity->user_name != NULL ? catalog_find_role(ctx->catalog, activity->user_name) : NULL;
    put_oid(&f, "datid", 5);
    put_text(&f, "datname", ctx->database);
    put_int(&f, "pid", activity->process_id);
    put(&f, "leader_pid", value_null(TYPE_INT4));
    put(&f, "usesysid", role != NULL ? value_int(TYPE_OID, pg_catalog_role_oid(role->id))
                                     : value_null(TYPE_OID));
    put_text(&f, "usename", activity->user_name);
    put_text(&f, "application_name", activity->application_name);
    put(&f, "client_port", value_null(TYPE_INT4));
    put_text(&f, "client_addr", visible ? activity->client_address : NULL);
    put(&f, "backend_start", visible ? value_int(TYPE_TIMESTAMPTZ, activity->started_at)
                                     : value_null(TYPE_TIMESTAMPTZ));
    put_text(&f, "state", visible ? activity->state : NULL);
    put(&f, "query_id", value_null(TYPE_INT8));
    put_text(&f, "query", visible ? activity->query : "<insufficient privilege>");
    put_text(&f, "backend_type", "client backend");
    return finish(ctx, a->rows, &f);
}

static bool generate_activity(query_context *ctx, const pg_table *t, row_list *rows)
{
    if (ctx->list_sessions == NULL)
        return true;
    activity_rows a = {t, rows, system_reader_is_privileged(ctx)};
    return ctx->list_sessions(ctx->list_sessions_arg, ctx, add_activity, &a);
}

/* ---- information_schema ---- */

static bool generate_schemata(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_namespace_count(ctx->catalog); i++) {
        const catalog_namespace *n = catalog_namespace_at(ctx->catalog, i);
        const catalog_role *owner = catalog_role_by_id(ctx->catalog, n->owner_role_id);
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_text(&f, "catalog_name", ctx->database);
        put_text(&f, "schema_name", n->name);
        put_text(&f, "schema_owner", owner != NULL ? owner->name : NULL);
        put(&f, "default_character_set_catalog", value_null(TYPE_NAME));
        put(&f, "default_character_set_schema", value_null(TYPE_NAME));
        put(&f, "default_character_set_name", value_null(TYPE_NAME));
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

static bool generate_information_tables(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_text(&f, "table_catalog", ctx->database);
        put_text(&f, "table_schema", namespace_name_of(ctx, table->namespace_id));
        put_text(&f, "table_name", table->name);
        put_text(&f, "table_type", "BASE TABLE");
        static const char *const null_names[] = {"self_referencing_column_name",
                                                 "user_defined_type_catalog",
                                                 "user_defined_type_schema",
                                                 "user_defined_type_name"};
        for (size_t k = 0; k < sizeof null_names / sizeof null_names[0]; k++)
            put(&f, null_names[k], value_null(TYPE_NAME));
        /* A stream table takes INSERT too; only UPDATE and DELETE are refused. */
        put_text(&f, "is_insertable_into", "YES");
        put_text(&f, "is_typed", "NO");
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* numeric_precision, _radix, _scale and datetime_precision, as information_schema's
 * _pg_numeric_precision and friends compute them. */
static void put_numeric_facts(row_filler *f, uint32_t type, int32_t typmod)
{
    value none = value_null(TYPE_INT4);
    value precision = none, radix = none, scale = none, datetime = none;
    switch (type) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
        precision = value_int(TYPE_INT4, type == TYPE_INT2 ? 16 : type == TYPE_INT4 ? 32 : 64);
        radix = value_int(TYPE_INT4, 2);
        scale = value_int(TYPE_INT4, 0);
        break;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        precision = value_int(TYPE_INT4, type == TYPE_FLOAT4 ? 24 : 53);
        radix = value_int(TYPE_INT4, 2);
        break;
    case TYPE_NUMERIC:
        radix = value_int(TYPE_INT4, 10);
        if (typmod >= TYPMOD_HEADER) {
            precision = value_int(TYPE_INT4, ((typmod - TYPMOD_HEADER) >> 16) & 0xFFFF);
            scale = value_int(TYPE_INT4, (int16_t)((typmod - TYPMOD_HEADER) & 0xFFFF));
        }
        break;
    case TYPE_DATE:
        datetime = value_int(TYPE_INT4, 0);
        break;
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
        datetime = value_int(TYPE_INT4, typmod >= 0 ? typmod : 6);
        break;
    default:
        break;
    }
    put(f, "numeric_precision", precision);
    put(f, "numeric_precision_radix", radix);
    put(f, "numeric_scale", scale);
    put(f, "datetime_precision", datetime);
}

static bool generate_information_columns(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        int number = 0;
        for (int c = 0; c < table->column_count; c++) {
            const catalog_column *column = &table->columns[c];
            if (column->system)
                continue;
            number++;
            if (column->dropped)
                continue;
            const pg_type_row *info = type_row(column->type);
            const char *default_text = NULL;
            if (column->default_tree != NULL) {
                cJSON *tree = cJSON_Parse(column->default_tree);
                if (tree == NULL)
                    return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1,
                                      "a stored column default is corrupt");
                bool ok = deparse_expression(ctx, tree, &default_text);
                cJSON_Delete(tree);
                if (!ok)
                    return false;
            }
            bool in_key = false;
            for (int k = 0; k < table->primary_key_count; k++)
                in_key = in_key || table->primary_key[k] == c;
            row_filler f;
            if (!start_row(ctx, t, rows, &f))
                return false;
            put_text(&f, "table_catalog", ctx->database);
            put_text(&f, "table_schema", namespace_name_of(ctx, table->namespace_id));
            put_text(&f, "table_name", table->name);
            put_text(&f, "column_name", column->name);
            put_int(&f, "ordinal_position", number);
            put_text(&f, "column_default", default_text);
            put_text(&f, "is_nullable", column->not_null || in_key ? "NO" : "YES");
            put_text(&f, "data_type", type_display_name(column->type));
            int32_t typmod = column->typmod;
            if ((column->type == TYPE_VARCHAR || column->type == TYPE_BPCHAR) &&
                typmod >= TYPMOD_HEADER) {
                put_int(&f, "character_maximum_length", typmod - TYPMOD_HEADER);
                put_int(&f, "character_octet_length", 4 * (typmod - TYPMOD_HEADER));
            } else {
                put(&f, "character_maximum_length", value_null(TYPE_INT4));
                put(&f, "character_octet_length",
                    type_is_string(column->type) ? value_int(TYPE_INT4, 1073741824)
                                                 : value_null(TYPE_INT4));
            }
            put_numeric_facts(&f, column->type, typmod);
            put_text(&f, "udt_catalog", ctx->database);
            put_text(&f, "udt_schema", PG);
            put_text(&f, "udt_name", info != NULL ? info->typname : NULL);
            put_text(&f, "is_identity", "NO");
            put_text(&f, "is_generated", "NEVER");
            put_text(&f, "is_updatable", table->kind == TABLE_STREAM ? "NO" : "YES");
            if (!finish(ctx, rows, &f))
                return false;
        }
    }
    return true;
}

static bool add_table_constraint(query_context *ctx, const pg_table *t, row_list *rows,
                                 const catalog_table *table, const char *name, const char *type)
{
    const char *schema = namespace_name_of(ctx, table->namespace_id);
    row_filler f;
    if (name == NULL)
        return query_fail_no_memory(ctx);
    if (!start_row(ctx, t, rows, &f))
        return false;
    put_text(&f, "constraint_catalog", ctx->database);
    put_text(&f, "constraint_schema", schema);
    put_text(&f, "constraint_name", name);
    put_text(&f, "table_catalog", ctx->database);
    put_text(&f, "table_schema", schema);
    put_text(&f, "table_name", table->name);
    put_text(&f, "constraint_type", type);
    put_text(&f, "is_deferrable", "NO");
    put_text(&f, "initially_deferred", "NO");
    put_text(&f, "enforced", "YES");
    put(&f, "nulls_distinct",
        strcmp(type, "CHECK") == 0 ? value_null(TYPE_TEXT) : text_value("YES"));
    return finish(ctx, rows, &f);
}

/* The primary key, the UNIQUE constraints, and each NOT NULL column as the CHECK constraint PostgreSQL lists for it
 * (named <schema oid>_<table oid>_<column number>_not_null). */
static bool generate_table_constraints(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (index_view_of(table, position, &index) && index.constraint_oid != 0 &&
                !add_table_constraint(ctx, t, rows, table, index.name,
                                      index.primary ? "PRIMARY KEY" : "UNIQUE"))
                return false;
        }
        int number = 0;
        for (int c = 0; c < table->column_count; c++) {
            const catalog_column *column = &table->columns[c];
            if (column->system)
                continue;
            number++;
            bool in_key = false;
            for (int k = 0; k < table->primary_key_count; k++)
                in_key = in_key || table->primary_key[k] == c;
            if (column->dropped || !(column->not_null || in_key))
                continue;
            if (!add_table_constraint(
                    ctx, t, rows, table,
                    arena_printf(ctx->arena, "%u_%u_%d_not_null",
                                 pg_catalog_namespace_oid(table->namespace_id),
                                 pg_catalog_object_oid(table->id), number),
                    "CHECK"))
                return false;
        }
    }
    return true;
}

static bool generate_key_column_usage(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        const char *schema = namespace_name_of(ctx, table->namespace_id);
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (!index_view_of(table, position, &index) || index.constraint_oid == 0)
                continue;
            for (int k = 0; k < index.column_count; k++) {
                row_filler f;
                if (!start_row(ctx, t, rows, &f))
                    return false;
                put_text(&f, "constraint_catalog", ctx->database);
                put_text(&f, "constraint_schema", schema);
                put_text(&f, "constraint_name", index.name);
                put_text(&f, "table_catalog", ctx->database);
                put_text(&f, "table_schema", schema);
                put_text(&f, "table_name", table->name);
                put_text(&f, "column_name", table->columns[index.columns[k]].name);
                put_int(&f, "ordinal_position", k + 1);
                put(&f, "position_in_unique_constraint", value_null(TYPE_INT4));
                if (!finish(ctx, rows, &f))
                    return false;
            }
        }
    }
    return true;
}

static bool generate_pg_indexes(query_context *ctx, const pg_table *t, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *table = catalog_table_at(ctx->catalog, i);
        for (int position = -1; position < table->index_count; position++) {
            index_view index;
            if (!index_view_of(table, position, &index))
                continue;
            const char *definition = index_definition(ctx, &index, false);
            row_filler f;
            if (definition == NULL)
                return query_fail_no_memory(ctx);
            if (!start_row(ctx, t, rows, &f))
                return false;
            put(&f, "schemaname", name_value(namespace_name_of(ctx, table->namespace_id)));
            put(&f, "tablename", name_value(table->name));
            put(&f, "indexname", name_value(index.name));
            put(&f, "tablespace", value_null(TYPE_NAME));
            put_text(&f, "indexdef", definition);
            if (!finish(ctx, rows, &f))
                return false;
        }
    }
    return true;
}

bool pg_catalog_table_read(query_context *ctx, const char *schema, const char *name, int location,
                           const catalog_table **table, value ***rows, int64_t *count,
                           const char **schema_out)
{
    const pg_table *p = pg_table_find(schema, name);
    if (p == NULL)
        return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location,
                          "relation \"%s.%s\" does not exist", schema != NULL ? schema : PG, name);
    if (p->privileged && !system_reader_is_privileged(ctx))
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location,
                          "permission denied for table %s", name);
    row_list list = {.width = p->column_count};
    const catalog_table *t = system_table_describe(ctx, p->name, p->columns, p->column_count);
    if (t == NULL || !p->generate(ctx, p, &list))
        return false;
    *table = t;
    *rows = list.rows;
    *count = list.count;
    *schema_out = p->schema;
    return true;
}

/* ---- the reg* types ---- */

/* Splits a possibly qualified, possibly quoted name ("app"."T", app.t) into at most two
 * parts, folding unquoted parts to lower case; false when it has more parts or is empty. */
static bool split_name(query_context *ctx, const char *text, size_t length, const char **schema,
                       const char **name)
{
    char *parts[3];
    int count = 0;
    size_t i = 0;
    while (i < length && count < 3) {
        char *part = arena_alloc(ctx->arena, length + 1);
        size_t n = 0;
        if (part == NULL)
            return false;
        if (text[i] == '"') {
            for (i++; i < length; i++) {
                if (text[i] == '"') {
                    if (i + 1 < length && text[i + 1] == '"') {
                        part[n++] = '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                part[n++] = text[i];
            }
        } else {
            for (; i < length && text[i] != '.'; i++)
                part[n++] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a') : text[i];
        }
        part[n] = '\0';
        parts[count++] = part;
        if (i < length) {
            if (text[i] != '.')
                return false;
            i++;
        }
    }
    if (count == 0 || count > 2 || i < length || parts[count - 1][0] == '\0')
        return false;
    *schema = count == 2 ? parts[0] : NULL;
    *name = parts[count - 1];
    return true;
}

static bool all_digits(const char *text, size_t length)
{
    if (length == 0)
        return false;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
    }
    return true;
}

static bool find_relation(query_context *ctx, const char *schema, const char *name, uint32_t *oid)
{
    if (schema == NULL || strcmp(schema, PG) == 0 || strcmp(schema, IS) == 0) {
        const pg_table *p = pg_table_find(schema, name);
        if (p != NULL) {
            *oid = p->oid;
            return true;
        }
    }
    if (schema != NULL && strcmp(schema, SYSTEM_NAMESPACE) == 0) {
        for (int i = 0; i < system_table_count_all(); i++) {
            const system_column *columns;
            int count;
            if (strcmp(system_table_name_at(i, &columns, &count), name) == 0) {
                *oid = (uint32_t)(SYSTEM_TABLE_FIRST_OID + i);
                return true;
            }
        }
        return false;
    }
    query_context probe = *ctx;
    const catalog_table *t = names_resolve_table(&probe, schema, name, -1, true);
    if (t != NULL) {
        *oid = pg_catalog_object_oid(t->id);
        return true;
    }
    probe = *ctx;
    const catalog_sequence *s = names_resolve_sequence(&probe, schema, name);
    if (s != NULL) {
        *oid = pg_catalog_object_oid(s->id);
        return true;
    }
    /* An index: unqualified, one of a table the search path finds. */
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        t = catalog_table_at(ctx->catalog, i);
        for (int position = -1; position < t->index_count; position++) {
            index_view index;
            if (index_view_of(t, position, &index) && strcmp(index.name, name) == 0 &&
                (schema == NULL ? names_resolve_table(&probe, NULL, t->name, -1, true) == t
                                : strcmp(namespace_name_of(ctx, t->namespace_id), schema) == 0)) {
                *oid = index.oid;
                return true;
            }
        }
    }
    return false;
}

static uint32_t find_type(const char *name)
{
    const type_info *info = type_lookup_name(name);
    if (info != NULL && info->oid != TYPE_UNKNOWN)
        return info->oid;
    for (int i = 0; i < pg_type_row_count; i++) {
        if (strcmp(pg_type_rows[i].typname, name) == 0)
            return pg_type_rows[i].oid;
    }
    return 0;
}

bool pg_catalog_reg_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                              int location, uint32_t *oid)
{
    while (length > 0 && (*text == ' ' || *text == '\t' || *text == '\n')) {
        text++;
        length--;
    }
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t' || text[length - 1] == '\n'))
        length--;
    if (all_digits(text, length)) {
        value v;
        if (!value_from_text(ctx, TYPE_OID, text, length, location, &v))
            return false;
        *oid = (uint32_t)v.as.integer;
        return true;
    }
    if (length == 1 && text[0] == '-') {
        *oid = 0;
        return true;
    }
    char *whole = arena_strndup(ctx->arena, text, length);
    if (whole == NULL)
        return query_fail_no_memory(ctx);
    const char *schema = NULL, *name = NULL;
    if (type == TYPE_REGTYPE) {
        /* Type names may have spaces (character varying); qualified only by pg_catalog. */
        const char *unqualified = strncmp(whole, "pg_catalog.", 11) == 0 ? whole + 11 : whole;
        *oid = find_type(unqualified);
        if (*oid == 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                              "type \"%s\" does not exist", whole);
        return true;
    }
    if (!split_name(ctx, text, length, &schema, &name))
        return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                          "invalid name syntax");
    switch (type) {
    case TYPE_REGCLASS:
        if (schema != NULL && strcmp(schema, PG) != 0 && strcmp(schema, IS) != 0 &&
            strcmp(schema, SYSTEM_NAMESPACE) != 0 && catalog_find_namespace(ctx->catalog, schema) == NULL)
            return query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, location,
                              "schema \"%s\" does not exist", schema);
        if (!find_relation(ctx, schema, name, oid))
            return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location,
                              "relation \"%s\" does not exist", whole);
        return true;
    case TYPE_REGNAMESPACE: {
        if (schema != NULL)
            return query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                              "invalid name syntax");
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, name);
        if (n != NULL)
            *oid = pg_catalog_namespace_oid(n->id);
        else if (strcmp(name, PG) == 0)
            *oid = PG_CATALOG_NAMESPACE_OID;
        else if (strcmp(name, IS) == 0)
            *oid = INFORMATION_SCHEMA_NAMESPACE_OID;
        else if (strcmp(name, SYSTEM_NAMESPACE) == 0)
            *oid = SYSTEM_NAMESPACE_OID;
        else
            return query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, location,
                              "schema \"%s\" does not exist", name);
        return true;
    }
    case TYPE_REGROLE: {
        const catalog_role *role = schema == NULL ? catalog_find_role(ctx->catalog, name) : NULL;
        if (role == NULL)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                              "role \"%s\" does not exist", whole);
        *oid = pg_catalog_role_oid(role->id);
        return true;
    }
    default: {
        int found = 0;
        if (schema == NULL || strcmp(schema, PG) == 0) {
            for (int i = 0; i < functions_count(); i++) {
                if (strcmp(functions_at(i)->name, name) == 0 && found++ == 0)
                    *oid = (uint32_t)(FUNCTION_OID_BASE + i);
            }
            for (int i = 0; found == 0 && i < pg_type_proc_count; i++) {
                if (strcmp(pg_type_procs[i].name, name) == 0 && found++ == 0)
                    *oid = pg_type_procs[i].oid;
            }
        }
        if (found > 1)
            return query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location,
                              "more than one function named \"%s\"", whole);
        if (found == 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location,
                              "function \"%s\" does not exist", whole);
        return true;
    }
    }
}

/* name, or schema.name when the search path does not find it, each quoted as needed. */
static const char *qualified_name(query_context *ctx, bool visible, uint64_t namespace_id,
                                  const char *name)
{
    const char *quoted = deparse_identifier(ctx, name);
    const char *schema = namespace_name_of(ctx, namespace_id);
    if (visible || quoted == NULL || schema == NULL)
        return quoted;
    const char *quoted_schema = deparse_identifier(ctx, schema);
    return quoted_schema != NULL ? arena_printf(ctx->arena, "%s.%s", quoted_schema, quoted) : NULL;
}

/* A relation's name as regclass prints it: qualified unless the search path finds it. */
static const char *relation_name(query_context *ctx, uint32_t oid)
{
    for (int i = 0; i < pg_table_count; i++) {
        if (pg_tables[i].oid == oid)
            return strcmp(pg_tables[i].schema, PG) == 0
                       ? pg_tables[i].name
                       : arena_printf(ctx->arena, "%s.%s", pg_tables[i].schema, pg_tables[i].name);
    }
    if (oid >= SYSTEM_TABLE_FIRST_OID && oid < SYSTEM_TABLE_FIRST_OID + (uint32_t)system_table_count_all()) {
        const system_column *columns;
        int count;
        return arena_printf(ctx->arena, "%s.%s", SYSTEM_NAMESPACE,
                            system_table_name_at((int)(oid - SYSTEM_TABLE_FIRST_OID), &columns, &count));
    }
    query_context probe = *ctx;
    const catalog_table *t = table_by_oid(ctx, oid);
    if (t != NULL)
        return qualified_name(ctx, names_resolve_table(&probe, NULL, t->name, -1, true) == t,
                              t->namespace_id, t->name);
    index_view index;
    if (index_by_oid(ctx, oid, false, &index))
        return qualified_name(ctx, names_resolve_table(&probe, NULL, index.table->name, -1, true) ==
                                       index.table,
                              index.table->namespace_id, index.name);
    uint64_t id;
    const catalog_sequence *s = object_id(oid, &id) ? catalog_sequence_by_id(ctx->catalog, id) : NULL;
    if (s != NULL)
        return qualified_name(ctx, names_resolve_sequence(&probe, NULL, s->name) == s,
                              s->namespace_id, s->name);
    return NULL;
}

static const char *type_name_of(query_context *ctx, uint32_t oid, int32_t typmod)
{
    if (type_lookup(oid) != NULL && oid != TYPE_UNKNOWN)
        return type_format(ctx, oid, typmod);
    const pg_type_row *r = type_row(oid);
    if (r == NULL)
        return NULL;
    /* Arrays print as their element type with []; the rest by name. */
    if (r->typcategory == 'A' && r->typelem != 0) {
        const char *element = type_name_of(ctx, r->typelem, typmod);
        return element != NULL ? arena_printf(ctx->arena, "%s[]", element) : NULL;
    }
    return r->typname;
}

static const char *function_name(uint32_t oid)
{
    if (oid >= FUNCTION_OID_BASE && oid < FUNCTION_OID_BASE + (uint32_t)functions_count())
        return functions_at((int)(oid - FUNCTION_OID_BASE))->name;
    for (int i = 0; i < pg_type_proc_count; i++) {
        if (pg_type_procs[i].oid == oid)
            return pg_type_procs[i].name;
    }
    return NULL;
}

static const char *namespace_name_by_oid(query_context *ctx, uint32_t oid)
{
    if (oid == PG_CATALOG_NAMESPACE_OID)
        return PG;
    if (oid == INFORMATION_SCHEMA_NAMESPACE_OID)
        return IS;
    if (oid == SYSTEM_NAMESPACE_OID)
        return SYSTEM_NAMESPACE;
    const catalog_namespace *n = namespace_by_oid(ctx, oid);
    return n != NULL ? n->name : NULL;
}

bool pg_catalog_reg_to_text(query_context *ctx, uint32_t type, uint32_t oid, const char **out,
                            size_t *length)
{
    const char *name = NULL;
    if (oid == 0) {
        name = "-";
    } else {
        switch (type) {
        case TYPE_REGCLASS:
            name = relation_name(ctx, oid);
            break;
        case TYPE_REGTYPE:
            name = type_name_of(ctx, oid, TYPMOD_NONE);
            break;
        case TYPE_REGNAMESPACE:
            name = namespace_name_by_oid(ctx, oid);
            break;
        case TYPE_REGROLE: {
            const catalog_role *role = role_by_oid(ctx, oid);
            name = role != NULL ? role->name : NULL;
            break;
        }
        default:
            name = function_name(oid);
            break;
        }
    }
    /* An oid that names nothing prints as the number. */
    if (name == NULL && (name = arena_printf(ctx->arena, "%u", oid)) == NULL)
        return query_fail_no_memory(ctx);
    *out = name;
    *length = strlen(name);
    return true;
}

/* ---- catalog functions ---- */

static bool text_result(query_context *ctx, const char *text, value *out)
{
    (void)ctx;
    *out = text_value(text);
    return true;
}

bool pg_fn_table_is_visible(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    query_context probe = *ctx;
    const catalog_table *t = table_by_oid(ctx, oid);
    index_view index;
    if (t == NULL && index_by_oid(ctx, oid, false, &index))
        t = index.table;
    uint64_t id;
    const catalog_sequence *sequence =
        t == NULL && object_id(oid, &id) ? catalog_sequence_by_id(ctx->catalog, id) : NULL;
    if (t != NULL) {
        *out = value_bool(names_resolve_table(&probe, NULL, t->name, -1, true) == t);
    } else if (sequence != NULL) {
        *out = value_bool(names_resolve_sequence(&probe, NULL, sequence->name) == sequence);
    } else {
        /* The virtual tables: those of pg_catalog are always found, the others never. */
        bool in_pg_catalog = false, exists = false;
        for (int i = 0; i < pg_table_count; i++) {
            if (pg_tables[i].oid == oid) {
                exists = true;
                in_pg_catalog = strcmp(pg_tables[i].schema, PG) == 0;
            }
        }
        exists = exists || relation_name(ctx, oid) != NULL;
        *out = exists ? value_bool(in_pg_catalog) : value_null(TYPE_BOOL);
    }
    return true;
}

bool pg_fn_type_is_visible(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = type_row((uint32_t)args[0].as.integer) != NULL ? value_bool(true) : value_null(TYPE_BOOL);
    return true;
}

bool pg_fn_function_is_visible(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = function_name((uint32_t)args[0].as.integer) != NULL ? value_bool(true)
                                                               : value_null(TYPE_BOOL);
    return true;
}

bool pg_fn_get_userbyid(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    const catalog_role *role = role_by_oid(ctx, oid);
    const char *name = role != NULL ? role->name : arena_printf(ctx->arena, "unknown (OID=%u)", oid);
    if (name == NULL)
        return query_fail_no_memory(ctx);
    *out = name_value(name);
    return true;
}

/* format_type(type, typmod): not strict; a NULL typmod is "no typmod". */
bool pg_fn_format_type(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    uint32_t oid = (uint32_t)args[0].as.integer;
    int32_t typmod = args[1].is_null ? TYPMOD_NONE : (int32_t)args[1].as.integer;
    const char *name = oid == 0 ? "-" : type_name_of(ctx, oid, typmod);
    return text_result(ctx, name != NULL ? name : "???", out);
}

/* A DEFAULT printed as PostgreSQL's pg_get_expr prints the stored expression: a string
 * literal carries the cast to the column's type, a negative number its quoted form with a
 * cast, nextval's argument the cast to regclass; the rest as written. */
static bool print_default(query_context *ctx, const cJSON *tree, uint32_t type, const char **out)
{
    const char *kind = node_kind(tree);
    const cJSON *fields = node_fields(tree);
    if (strcmp(kind, "A_Const") == 0 && node_get(fields, "sval") != NULL) {
        const char *literal;
        if (!deparse_expression(ctx, tree, &literal))
            return false;
        *out = arena_printf(ctx->arena, "%s::%s", literal, type_format(ctx, type, TYPMOD_NONE));
        return *out != NULL || query_fail_no_memory(ctx);
    }
    if (strcmp(kind, "A_Const") == 0 && node_get(fields, "ival") != NULL) {
        int64_t v;
        if (node_integer_constant(ctx, fields, &v) && v < 0) {
            *out = arena_printf(ctx->arena, "'%lld'::integer", (long long)v);
            return *out != NULL || query_fail_no_memory(ctx);
        }
    }
    const cJSON *names = node_get(fields, "funcname");
    const cJSON *args = node_get(fields, "args");
    if (strcmp(kind, "FuncCall") == 0 && cJSON_GetArraySize(args) == 1 &&
        strcmp(node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1)),
               "nextval") == 0) {
        const cJSON *argument = cJSON_GetArrayItem(args, 0);
        const char *sequence = node_get_string(node_get(node_fields(argument), "sval"), "sval");
        uint32_t oid;
        const char *schema, *name;
        if (sequence != NULL &&
            split_name(ctx, sequence, strlen(sequence), &schema, &name) &&
            find_relation(ctx, schema, name, &oid)) {
            const char *shown = relation_name(ctx, oid);
            *out = arena_printf(ctx->arena, "nextval('%s'::regclass)", shown);
            return *out != NULL || query_fail_no_memory(ctx);
        }
    }
    return deparse_expression(ctx, tree, out);
}

bool pg_fn_get_expr(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    char *text = arena_strndup(ctx->arena, args[0].as.text.data, args[0].as.text.length);
    if (text == NULL)
        return query_fail_no_memory(ctx);
    cJSON *stored = cJSON_Parse(text);
    const cJSON *tree = cJSON_GetObjectItemCaseSensitive(stored, "expr");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(stored, "type");
    if (tree == NULL || !cJSON_IsNumber(type)) {
        cJSON_Delete(stored);
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "input is not an expression QuillDB stored");
    }
    const char *printed;
    bool ok = print_default(ctx, tree, (uint32_t)type->valuedouble, &printed);
    cJSON_Delete(stored);
    return ok && text_result(ctx, printed, out);
}

/* An index's columns, "a, b", quoted where they need it. */
static const char *index_columns(query_context *ctx, const index_view *index)
{
    const char *list = "";
    for (int k = 0; k < index->column_count && list != NULL; k++) {
        const char *name = deparse_identifier(ctx, index->table->columns[index->columns[k]].name);
        list = name != NULL ? arena_printf(ctx->arena, "%s%s%s", list, k > 0 ? ", " : "", name)
                            : NULL;
    }
    return list;
}

static const char *index_definition(query_context *ctx, const index_view *index, bool pretty)
{
    query_context probe = *ctx;
    const catalog_table *t = index->table;
    const char *table = qualified_name(
        ctx, pretty && names_resolve_table(&probe, NULL, t->name, -1, true) == t, t->namespace_id,
        t->name);
    const char *columns = index_columns(ctx, index);
    const char *name = deparse_identifier(ctx, index->name);
    return columns != NULL && table != NULL && name != NULL
               ? arena_printf(ctx->arena, "CREATE %sINDEX %s ON %s USING btree (%s)",
                              index->unique ? "UNIQUE " : "", name, table, columns)
               : NULL;
}

/* pg_get_indexdef(index [, column, pretty]): the CREATE INDEX statement, or with a column number above 0
 * that key column's name (NULL past the last, as in PostgreSQL). */
bool pg_fn_get_indexdef(query_context *ctx, const value *args, int n, value *out)
{
    index_view index;
    if (!index_by_oid(ctx, (uint32_t)args[0].as.integer, false, &index)) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    int64_t column = n > 1 ? args[1].as.integer : 0;
    if (column > 0) {
        if (column > index.column_count) {
            *out = value_null(TYPE_TEXT);
            return true;
        }
        const char *name =
            deparse_identifier(ctx, index.table->columns[index.columns[column - 1]].name);
        return name != NULL ? text_result(ctx, name, out) : query_fail_no_memory(ctx);
    }
    const char *text = index_definition(ctx, &index, n > 2 && args[2].as.boolean);
    return text != NULL ? text_result(ctx, text, out) : query_fail_no_memory(ctx);
}

bool pg_fn_get_constraintdef(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    index_view index;
    if (!index_by_oid(ctx, (uint32_t)args[0].as.integer, true, &index)) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    const char *columns = index_columns(ctx, &index);
    const char *text = columns != NULL ? arena_printf(ctx->arena, "%s (%s)",
                                                      index.primary ? "PRIMARY KEY" : "UNIQUE",
                                                      columns)
                                       : NULL;
    return text != NULL ? text_result(ctx, text, out) : query_fail_no_memory(ctx);
}

bool pg_fn_encoding_to_char(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    int64_t encoding = args[0].as.integer;
    *out = name_value(encoding == 6 ? "UTF8" : encoding == 0 ? "SQL_ASCII" : "");
    return true;
}

/* A stored table's comment is its kind ("user table", ...), which is how a client sees it. */
bool pg_fn_obj_description(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const catalog_table *t = table_by_oid(ctx, (uint32_t)args[0].as.integer);
    bool pg_class = args[1].as.text.length == 8 && memcmp(args[1].as.text.data, "pg_class", 8) == 0;
    *out = t != NULL && pg_class ? text_value(table_description(t)) : value_null(TYPE_TEXT);
    return true;
}

bool pg_fn_col_description(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    *out = value_null(TYPE_TEXT);
    return true;
}

bool pg_fn_shobj_description(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    *out = value_null(TYPE_TEXT);
    return true;
}

/* current_schema(): the first schema of the search path that exists, as a new object's. */
bool pg_fn_current_schema(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    query_context probe = *ctx;
    const catalog_namespace *ns = names_creation_namespace(&probe, NULL, -1);
    *out = ns != NULL ? name_value(ns->name) : value_null(TYPE_NAME);
    return true;
}

bool pg_fn_get_function_result(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    if (oid < FUNCTION_OID_BASE || oid >= FUNCTION_OID_BASE + (uint32_t)functions_count()) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    const function_definition *fn = functions_at((int)(oid - FUNCTION_OID_BASE));
    return text_result(ctx, fn->result_type != 0 ? type_format(ctx, fn->result_type, TYPMOD_NONE)
                                                 : "anyelement",
                       out);
}

bool pg_fn_get_function_arguments(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    if (oid < FUNCTION_OID_BASE || oid >= FUNCTION_OID_BASE + (uint32_t)functions_count()) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    const function_definition *fn = functions_at((int)(oid - FUNCTION_OID_BASE));
    int count = fn->arg_count == FUNCTION_VARIADIC ? 1 : fn->arg_count;
    const char *list = fn->arg_count == FUNCTION_VARIADIC ? "VARIADIC " : "";
    for (int i = 0; i < count && list != NULL; i++)
        list = arena_printf(ctx->arena, "%s%s%s", list, i > 0 ? ", " : "",
                            fn->arg_types[i] != 0 ? type_format(ctx, fn->arg_types[i], TYPMOD_NONE)
                                                  : "\"any\"");
    return list != NULL ? text_result(ctx, list, out) : query_fail_no_memory(ctx);
}

/* ---- settings ---- */

static bool setting_text(query_context *ctx, const value *v, const char **out)
{
    *out = arena_strndup(ctx->arena, v->as.text.data, v->as.text.length);
    return *out != NULL || query_fail_no_memory(ctx);
}

bool pg_fn_current_setting(query_context *ctx, const value *args, int n, value *out)
{
    const char *name;
    bool missing_ok = n > 1 && !args[1].is_null && args[1].as.boolean;
    if (!setting_text(ctx, &args[0], &name))
        return false;
    const char *setting = NULL;
    if (ctx->settings != NULL)
        setting = ctx->settings->get(ctx->settings_arg, ctx, name, missing_ok);
    else if (!missing_ok)
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                          "unrecognized configuration parameter \"%s\"", name);
    if (setting == NULL && (!missing_ok || ctx->error.message != NULL))
        return false;
    *out = text_value(setting);
    return true;
}

/* set_config(name, value, is_local): not strict (a NULL value resets the setting). */
bool pg_fn_set_config(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null)
        return query_fail(ctx, "22004", -1, "SET requires parameter name");
    const char *name, *setting = NULL;
    if (!setting_text(ctx, &args[0], &name) ||
        (!args[1].is_null && !setting_text(ctx, &args[1], &setting)))
        return false;
    if (ctx->settings == NULL)
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                          "unrecognized configuration parameter \"%s\"", name);
    bool is_local = !args[2].is_null && args[2].as.boolean;
    if (!ctx->settings->set(ctx->settings_arg, ctx, name, setting, is_local))
        return false;
    const char *now = ctx->settings->get(ctx->settings_arg, ctx, name, false);
    if (now == NULL)
        return false;
    *out = text_value(now);
    return true;
}

bool pg_fn_backend_pid(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_int(TYPE_INT4, ctx->backend_pid);
    return true;
}

static bool generate_settings(query_context *ctx, const pg_table *t, row_list *rows)
{
    const char *name, *setting, *description;
    for (size_t i = 0; ctx->settings != NULL &&
                       ctx->settings->at(ctx->settings_arg, i, &name, &setting, &description);
         i++) {
        row_filler f;
        if (!start_row(ctx, t, rows, &f))
            return false;
        put_text(&f, "name", name);
        put_text(&f, "setting", setting);
        put_text(&f, "short_desc", description);
        put_bool(&f, "pending_restart", false);
        if (!finish(ctx, rows, &f))
            return false;
    }
    return true;
}

/* ---- privileges of the current role (permissions.h decides) ---- */

/* Splits "select, insert WITH GRANT OPTION" into its words and checks each with allowed(),
 * which answers for one privilege name (upper case); 22023 for a name it does not know. */
static bool privileges_allowed(query_context *ctx, const value *text,
                               int (*allowed)(query_context *ctx, const void *object,
                                              const char *privilege),
                               const void *object, bool *result)
{
    char *list = arena_strndup(ctx->arena, text->as.text.data, text->as.text.length);
    if (list == NULL)
        return query_fail_no_memory(ctx);
    *result = false;
    for (char *item = strtok(list, ","); item != NULL; item = strtok(NULL, ",")) {
        while (*item == ' ')
            item++;
        size_t length = strlen(item);
        while (length > 0 && item[length - 1] == ' ')
            item[--length] = '\0';
        char *grant = strcasestr(item, " with grant option");
        if (grant != NULL)
            *grant = '\0';
        char *upper = arena_strdup(ctx->arena, item);
        if (upper == NULL)
            return query_fail_no_memory(ctx);
        for (char *p = upper; *p != '\0'; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        int answer = allowed(ctx, object, upper);
        if (answer < 0)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                              "unrecognized privilege type: \"%s\"", item);
        /* Any one of the listed privileges is enough, as in PostgreSQL. */
        *result = *result || answer > 0;
    }
    return true;
}

static int table_privilege(query_context *ctx, const void *object, const char *privilege)
{
    const catalog_table *table = object;
    query_context probe = *ctx;
    if (strcmp(privilege, "SELECT") == 0)
        return 1;
    if (strcmp(privilege, "INSERT") == 0 || strcmp(privilege, "UPDATE") == 0 ||
        strcmp(privilege, "DELETE") == 0)
        return table != NULL && permission_check_write(&probe, table, -1);
    if (strcmp(privilege, "TRUNCATE") == 0)
        return table != NULL && permission_check_truncate(&probe, table);
    if (strcmp(privilege, "REFERENCES") == 0 || strcmp(privilege, "TRIGGER") == 0)
        return table != NULL && (table->owner_role_id == ctx->role_id ||
                                 permission_is_administrator(ctx));
    return -1;
}

/* has_table_privilege(table, privilege): the table by name (as regclass reads it) or oid.
 * Virtual tables are readable only. */
bool pg_fn_has_table_privilege(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    if (type_holds_text(args[0].type) &&
        !pg_catalog_reg_from_text(ctx, TYPE_REGCLASS, args[0].as.text.data, args[0].as.text.length,
                                  -1, &oid))
        return false;
    if (relation_name(ctx, oid) == NULL) {
        *out = value_null(TYPE_BOOL);
        return true;
    }
    bool result;
    if (!privileges_allowed(ctx, &args[1], table_privilege, table_by_oid(ctx, oid), &result))
        return false;
    *out = value_bool(result);
    return true;
}

static int schema_privilege(query_context *ctx, const void *object, const char *privilege)
{
    (void)object;
    (void)ctx;
    /* Everyone may use every schema and create user and stream tables in it. */
    if (strcmp(privilege, "USAGE") == 0 || strcmp(privilege, "CREATE") == 0)
        return 1;
    return -1;
}

bool pg_fn_has_schema_privilege(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t oid = (uint32_t)args[0].as.integer;
    if (type_holds_text(args[0].type) &&
        !pg_catalog_reg_from_text(ctx, TYPE_REGNAMESPACE, args[0].as.text.data,
                                  args[0].as.text.length, -1, &oid))
        return false;
    if (namespace_name_by_oid(ctx, oid) == NULL) {
        *out = value_null(TYPE_BOOL);
        return true;
    }
    bool result;
    if (!privileges_allowed(ctx, &args[1], schema_privilege, NULL, &result))
        return false;
    *out = value_bool(result);
    return true;
}

static int database_privilege(query_context *ctx, const void *object, const char *privilege)
{
    (void)object;
    if (strcmp(privilege, "CONNECT") == 0)
        return 1;
    /* CREATE makes schemas, which administrators do; there are no temporary tables. */
    if (strcmp(privilege, "CREATE") == 0)
        return permission_is_administrator(ctx);
    if (strcmp(privilege, "TEMPORARY") == 0 || strcmp(privilege, "TEMP") == 0)
        return 0;
    return -1;
}

bool pg_fn_has_database_privilege(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    bool known = type_holds_text(args[0].type)
                     ? args[0].as.text.length == strlen(ctx->database) &&
                           memcmp(args[0].as.text.data, ctx->database, args[0].as.text.length) == 0
                     : args[0].as.integer == 5;
    if (!known && type_holds_text(args[0].type)) {
        const char *name = arena_strndup(ctx->arena, args[0].as.text.data, args[0].as.text.length);
        return query_fail(ctx, "3D000", -1, "database \"%s\" does not exist",
                          name != NULL ? name : "");
    }
    if (!known) {
        *out = value_null(TYPE_BOOL);
        return true;
    }
    bool result;
    if (!privileges_allowed(ctx, &args[1], database_privilege, NULL, &result))
        return false;
    *out = value_bool(result);
    return true;
}

/* The columns of an extended-statistics object: there are none (pg_statistic_ext is
 * empty), so NULL, as PostgreSQL answers for an oid that names none. */
bool pg_fn_get_statisticsobjdef_columns(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    *out = value_null(TYPE_TEXT);
    return true;
}

/* Stored tables could be published; catalogs and virtual tables could not. */
bool pg_fn_relation_is_publishable(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    *out = value_bool(table_by_oid(ctx, (uint32_t)args[0].as.integer) != NULL);
    return true;
}

/* current_schemas(include_implicit): the schemas of search_path that exist, pg_catalog first
 * when asked for the implicit ones too (as PostgreSQL searches it first). */
bool pg_fn_current_schemas(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const catalog_namespace *path[64];
    int count = names_search_path(ctx, path, (int)(sizeof path / sizeof path[0]));
    bool implicit = args[0].as.boolean;
    array_value *a = array_new(ctx, TYPE_NAME, count + (implicit ? 1 : 0));
    if (a == NULL)
        return false;
    int i = 0;
    if (implicit)
        a->elements[i++] = name_value(PG);
    for (int k = 0; k < count; k++)
        a->elements[i++] = name_value(path[k]->name);
    *out = value_array(a);
    return true;
}
