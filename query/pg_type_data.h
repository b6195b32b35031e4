/*
 * pg_type_data: PostgreSQL 15's built-in types as its pg_type lists them, and the names of
 * the functions their regproc columns name. Generated (scripts/gen-pg-type-data); facts
 * only, read by pg_catalog.c.
 */
#ifndef QUILL_QUERY_PG_TYPE_DATA_H
#define QUILL_QUERY_PG_TYPE_DATA_H

#include <stdbool.h>
#include <stdint.h>

typedef struct pg_type_row {
    uint32_t oid;
    const char *typname;
    int16_t typlen;
    bool typbyval;
    char typtype, typcategory;
    bool typispreferred;
    char typdelim;
    uint32_t typsubscript, typelem, typarray, typinput, typoutput, typreceive, typsend, typmodin,
        typmodout, typanalyze;
    char typalign, typstorage;
    uint32_t typcollation;
} pg_type_row;

typedef struct pg_proc_name {
    uint32_t oid;
    const char *name;
} pg_proc_name;

extern const pg_type_row pg_type_rows[];
extern const int pg_type_row_count;
extern const pg_proc_name pg_type_procs[];
extern const int pg_type_proc_count;

#endif
