#include "catalog/types.h"

#include <stddef.h>
#include <strings.h>

static const type_info builtin_types[] = {
    {TYPE_BOOL, "bool", "boolean", 1, TYPE_CATEGORY_BOOLEAN},
    {TYPE_BYTEA, "bytea", "bytea", -1, TYPE_CATEGORY_USER},
    {TYPE_NAME, "name", "name", 64, TYPE_CATEGORY_STRING},
    {TYPE_INT8, "int8", "bigint", 8, TYPE_CATEGORY_NUMERIC},
    {TYPE_INT2, "int2", "smallint", 2, TYPE_CATEGORY_NUMERIC},
    {TYPE_INT4, "int4", "integer", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_TEXT, "text", "text", -1, TYPE_CATEGORY_STRING},
    {TYPE_OID, "oid", "oid", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_JSON, "json", "json", -1, TYPE_CATEGORY_USER},
    {TYPE_FLOAT4, "float4", "real", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_FLOAT8, "float8", "double precision", 8, TYPE_CATEGORY_NUMERIC},
    {TYPE_UNKNOWN, "unknown", "unknown", -2, TYPE_CATEGORY_UNKNOWN},
    {TYPE_BPCHAR, "bpchar", "character", -1, TYPE_CATEGORY_STRING},
    {TYPE_VARCHAR, "varchar", "character varying", -1, TYPE_CATEGORY_STRING},
    {TYPE_DATE, "date", "date", 4, TYPE_CATEGORY_DATETIME},
    {TYPE_TIMESTAMP, "timestamp", "timestamp without time zone", 8, TYPE_CATEGORY_DATETIME},
    {TYPE_TIMESTAMPTZ, "timestamptz", "timestamp with time zone", 8, TYPE_CATEGORY_DATETIME},
    {TYPE_INTERVAL, "interval", "interval", 16, TYPE_CATEGORY_TIMESPAN},
    {TYPE_NUMERIC, "numeric", "numeric", -1, TYPE_CATEGORY_NUMERIC},
    {TYPE_UUID, "uuid", "uuid", 16, TYPE_CATEGORY_USER},
    {TYPE_JSONB, "jsonb", "jsonb", -1, TYPE_CATEGORY_USER},
    {TYPE_VOID, "void", "void", 4, TYPE_CATEGORY_PSEUDO},
};

/* SQL spellings the grammar leaves as plain names (the grammar itself maps INTEGER, REAL,
 * DOUBLE PRECISION, etc. to pg_catalog names before we see them). */
static const struct {
    const char *alias;
    uint32_t oid;
} type_aliases[] = {
    {"boolean", TYPE_BOOL},     {"int", TYPE_INT4},          {"integer", TYPE_INT4},
    {"smallint", TYPE_INT2},    {"bigint", TYPE_INT8},       {"real", TYPE_FLOAT4},
    {"float", TYPE_FLOAT8},     {"decimal", TYPE_NUMERIC},   {"char", TYPE_BPCHAR},
    {"character", TYPE_BPCHAR}, {"character varying", TYPE_VARCHAR},
    {"double precision", TYPE_FLOAT8},
};

const type_info *type_lookup(uint32_t oid)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        if (builtin_types[i].oid == oid)
            return &builtin_types[i];
    }
    return NULL;
}

const type_info *type_lookup_name(const char *name)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        if (strcasecmp(builtin_types[i].name, name) == 0)
            return &builtin_types[i];
    }
    for (size_t i = 0; i < sizeof type_aliases / sizeof type_aliases[0]; i++) {
        if (strcasecmp(type_aliases[i].alias, name) == 0)
            return type_lookup(type_aliases[i].oid);
    }
    return NULL;
}

const char *type_display_name(uint32_t oid)
{
    const type_info *t = type_lookup(oid);
    return t != NULL ? t->display_name : "unknown";
}
