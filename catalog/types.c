#include "catalog/types.h"

#include <stddef.h>
#include <strings.h>

static const type_info builtin_types[] = {
    {TYPE_BOOL, "bool", "boolean", 1, TYPE_CATEGORY_BOOLEAN},
    {TYPE_BYTEA, "bytea", "bytea", -1, TYPE_CATEGORY_USER},
    {TYPE_CHAR, "char", "\"char\"", 1, TYPE_CATEGORY_INTERNAL},
    {TYPE_NAME, "name", "name", 64, TYPE_CATEGORY_STRING},
    {TYPE_INT8, "int8", "bigint", 8, TYPE_CATEGORY_NUMERIC},
    {TYPE_INT2, "int2", "smallint", 2, TYPE_CATEGORY_NUMERIC},
    {TYPE_INT4, "int4", "integer", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_TEXT, "text", "text", -1, TYPE_CATEGORY_STRING},
    {TYPE_REGPROC, "regproc", "regproc", 4, TYPE_CATEGORY_NUMERIC},
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
    {TYPE_REGCLASS, "regclass", "regclass", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_REGTYPE, "regtype", "regtype", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_UUID, "uuid", "uuid", 16, TYPE_CATEGORY_USER},
    {TYPE_JSONB, "jsonb", "jsonb", -1, TYPE_CATEGORY_USER},
    {TYPE_REGNAMESPACE, "regnamespace", "regnamespace", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_REGROLE, "regrole", "regrole", 4, TYPE_CATEGORY_NUMERIC},
    {TYPE_VOID, "void", "void", 4, TYPE_CATEGORY_PSEUDO},
};

/* The array type of each element type above: typname is "_" and the element's, and
 * format_type() writes the element's name followed by "[]". */
static const struct {
    type_info info;
    uint32_t element;
} array_types[] = {
    {{1000, "_bool", "boolean[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_BOOL},
    {{1001, "_bytea", "bytea[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_BYTEA},
    {{1002, "_char", "\"char\"[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_CHAR},
    {{1003, "_name", "name[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_NAME},
    {{1005, "_int2", "smallint[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_INT2},
    {{1007, "_int4", "integer[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_INT4},
    {{1009, "_text", "text[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_TEXT},
    {{1014, "_bpchar", "character[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_BPCHAR},
    {{1015, "_varchar", "character varying[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_VARCHAR},
    {{1016, "_int8", "bigint[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_INT8},
    {{1021, "_float4", "real[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_FLOAT4},
    {{1022, "_float8", "double precision[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_FLOAT8},
    {{1028, "_oid", "oid[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_OID},
    {{1008, "_regproc", "regproc[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_REGPROC},
    {{2210, "_regclass", "regclass[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_REGCLASS},
    {{2211, "_regtype", "regtype[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_REGTYPE},
    {{4090, "_regnamespace", "regnamespace[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_REGNAMESPACE},
    {{4097, "_regrole", "regrole[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_REGROLE},
    {{1115, "_timestamp", "timestamp without time zone[]", -1, TYPE_CATEGORY_ARRAY},
     TYPE_TIMESTAMP},
    {{1182, "_date", "date[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_DATE},
    {{1185, "_timestamptz", "timestamp with time zone[]", -1, TYPE_CATEGORY_ARRAY},
     TYPE_TIMESTAMPTZ},
    {{1187, "_interval", "interval[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_INTERVAL},
    {{1231, "_numeric", "numeric[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_NUMERIC},
    {{199, "_json", "json[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_JSON},
    {{2951, "_uuid", "uuid[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_UUID},
    {{3807, "_jsonb", "jsonb[]", -1, TYPE_CATEGORY_ARRAY}, TYPE_JSONB},
};

#define ARRAY_TYPE_COUNT (sizeof array_types / sizeof array_types[0])

/* SQL spellings the grammar leaves as plain names (the grammar itself maps INTEGER, REAL,
 * DOUBLE PRECISION, etc. to pg_catalog names before we see them). */
static const struct {
    const char *alias;
    uint32_t oid;
} type_aliases[] = {
    {"boolean", TYPE_BOOL},     {"int", TYPE_INT4},          {"integer", TYPE_INT4},
    {"smallint", TYPE_INT2},    {"bigint", TYPE_INT8},       {"real", TYPE_FLOAT4},
    {"float", TYPE_FLOAT8},     {"decimal", TYPE_NUMERIC},
    {"character", TYPE_BPCHAR}, {"character varying", TYPE_VARCHAR},
    {"double precision", TYPE_FLOAT8},
};

const type_info *type_lookup(uint32_t oid)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        if (builtin_types[i].oid == oid)
            return &builtin_types[i];
    }
    for (size_t i = 0; i < ARRAY_TYPE_COUNT; i++) {
        if (array_types[i].info.oid == oid)
            return &array_types[i].info;
    }
    return NULL;
}

uint32_t type_array_of(uint32_t element)
{
    for (size_t i = 0; i < ARRAY_TYPE_COUNT; i++) {
        if (array_types[i].element == element)
            return array_types[i].info.oid;
    }
    return 0;
}

uint32_t type_array_element(uint32_t array)
{
    for (size_t i = 0; i < ARRAY_TYPE_COUNT; i++) {
        if (array_types[i].info.oid == array)
            return array_types[i].element;
    }
    return 0;
}

const type_info *type_lookup_name(const char *name)
{
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++) {
        if (strcasecmp(builtin_types[i].name, name) == 0)
            return &builtin_types[i];
    }
    for (size_t i = 0; i < ARRAY_TYPE_COUNT; i++) {
        if (strcasecmp(array_types[i].info.name, name) == 0)
            return &array_types[i].info;
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

bool type_is_oid_like(uint32_t type)
{
    return type == TYPE_OID || type == TYPE_REGPROC || type == TYPE_REGCLASS ||
           type == TYPE_REGTYPE || type == TYPE_REGNAMESPACE || type == TYPE_REGROLE;
}
