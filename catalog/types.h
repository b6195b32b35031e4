/*
 * types: the built-in SQL types QuillDB knows, with PostgreSQL's OIDs and names.
 *
 * One table of facts (oid, name, length, category) that the query layer types
 * expressions with and RowDescription reports, so every client sees the OIDs PostgreSQL
 * would send. Holds no values and does no conversions.
 */
#ifndef QUILL_CATALOG_TYPES_H
#define QUILL_CATALOG_TYPES_H

#include <stdbool.h>
#include <stdint.h>

enum type_oid {
    TYPE_BOOL = 16,
    TYPE_BYTEA = 17,
    TYPE_CHAR = 18, /* "char": one byte, the kind columns of pg_catalog */
    TYPE_NAME = 19,
    TYPE_INT8 = 20,
    TYPE_INT2 = 21,
    TYPE_INT4 = 23,
    TYPE_TEXT = 25,
    TYPE_REGPROC = 24,
    TYPE_OID = 26,
    TYPE_JSON = 114,
    TYPE_FLOAT4 = 700,
    TYPE_FLOAT8 = 701,
    TYPE_UNKNOWN = 705,
    TYPE_BPCHAR = 1042,
    TYPE_VARCHAR = 1043,
    TYPE_DATE = 1082,
    TYPE_TIMESTAMP = 1114,
    TYPE_TIMESTAMPTZ = 1184,
    TYPE_INTERVAL = 1186,
    TYPE_NUMERIC = 1700,
    TYPE_REGCLASS = 2205,
    TYPE_REGTYPE = 2206,
    TYPE_UUID = 2950,
    TYPE_JSONB = 3802,
    TYPE_REGNAMESPACE = 4089,
    TYPE_REGROLE = 4096,
    TYPE_VOID = 2278, /* what functions called for their effect return */
};

/* oid and the reg* types: an object's oid, regclass & co. printing and reading it as the
 * object's name (query/pg_catalog.h). */
bool type_is_oid_like(uint32_t type);

/* PostgreSQL's type categories, which drive implicit-cast preference. */
typedef enum type_category {
    TYPE_CATEGORY_BOOLEAN = 'B',
    TYPE_CATEGORY_NUMERIC = 'N',
    TYPE_CATEGORY_STRING = 'S',
    TYPE_CATEGORY_DATETIME = 'D',
    TYPE_CATEGORY_TIMESPAN = 'T',
    TYPE_CATEGORY_ARRAY = 'A',
    TYPE_CATEGORY_USER = 'U',
    TYPE_CATEGORY_UNKNOWN = 'X',
    TYPE_CATEGORY_INTERNAL = 'Z',
    TYPE_CATEGORY_PSEUDO = 'P',
} type_category;

typedef struct type_info {
    uint32_t oid;
    const char *name;         /* pg_type.typname */
    const char *display_name; /* format_type() spelling, used in error messages */
    int16_t length;           /* typlen: -1 varlena, -2 cstring */
    type_category category;
} type_info;

const type_info *type_lookup(uint32_t oid);
/* Resolves a type name as written in SQL (int, integer, int4, "char varying", ...). */
const type_info *type_lookup_name(const char *name);
const char *type_display_name(uint32_t oid);

/* One-dimensional arrays: each element type's array type (typarray) and back (typelem);
 * 0 where there is none. */
uint32_t type_array_of(uint32_t element);
uint32_t type_array_element(uint32_t array);

#endif
