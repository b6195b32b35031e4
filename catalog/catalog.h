/*
 * catalog: the persistent description of the database, stored as cJSON records under
 * catalog keys (0x01 <kind> <id>) in the data directory's LevelDB.
 *
 * Owns the database record (format version, creation time, the secret used for mock
 * authentication of unknown users, the id counter), roles with their SCRAM verifiers,
 * namespaces (schemas) and tables with their columns, key constraint names and secondary
 * indexes (part of the table's record, so they change with it atomically). Records are loaded once at open
 * and kept in memory; every change is written in one synced batch before the in-memory
 * copy changes, and bumps the catalog version sessions compare. A table's description
 * keeps its address until it is dropped and the garbage collected; other pointers
 * returned by lookups stay valid until the next change. Must not know about sessions, sockets or
 * SQL text (a column default is kept as an opaque parse-tree string).
 */
#ifndef QUILL_CATALOG_CATALOG_H
#define QUILL_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/kv.h"

typedef enum catalog_status {
    CATALOG_OK = 0,
    CATALOG_NOT_FOUND,
    CATALOG_DUPLICATE,
    CATALOG_IO_ERROR, /* 58030 */
    CATALOG_CORRUPT,  /* a record that does not parse: XX001 */
    CATALOG_NO_MEMORY,
} catalog_status;

/* Record kinds: the second byte of a catalog key. */
enum catalog_kind {
    CATALOG_KIND_DATABASE = 0x01,
    CATALOG_KIND_NAMESPACE = 0x02,
    CATALOG_KIND_TABLE = 0x03,
    CATALOG_KIND_ROLE = 0x04,
    CATALOG_KIND_SEQUENCE = 0x05,
    CATALOG_KIND_PURGE = 0x06, /* a dropped table whose rows are still being deleted */
    CATALOG_KIND_ROW_SEQ = 0x07, /* the highest _seq handed out (see catalog_next_row_seq) */
};

/* DESIGN.md, "Roles". */
typedef enum role_kind {
    ROLE_USER = 0,
    ROLE_SERVICE,
    ROLE_DBA,
    ROLE_SYSTEM,
} role_kind;

#define CATALOG_NAME_MAX 63 /* NAMEDATALEN - 1, as PostgreSQL truncates identifiers */
#define CATALOG_AUTH_SECRET_LEN 32
/* The system role made at initialisation: it owns what initialisation made and can never
 * be dropped. */
#define BOOTSTRAP_ROLE_ID 10
/* A record's creation time, "2026-01-31T12:00:00Z" (UTC); "" for records written before
 * creation times were kept. */
#define CATALOG_TIMESTAMP_SIZE 32

typedef struct catalog_role {
    uint64_t id;
    char name[CATALOG_NAME_MAX + 1];
    role_kind kind;
    bool can_login;       /* LOGIN / NOLOGIN */
    char *scram_verifier; /* NULL: cannot log in with a password */
    char created_at[CATALOG_TIMESTAMP_SIZE];
} catalog_role;

typedef struct catalog catalog;

/* Loads the database record and the roles. A fresh store opens as "not initialised". */
catalog_status catalog_open(kv_store *store, catalog **out, char **error);
void catalog_close(catalog *c);

bool catalog_is_initialized(const catalog *c);
/* Writes the database record, the public namespace and the bootstrap superuser (role
 * system) in one synced batch. verifier may be NULL (trust-only installations). */
catalog_status catalog_initialize(catalog *c, const char *superuser, const char *verifier,
                                  char **error);

const uint8_t *catalog_auth_secret(const catalog *c);
/* Changes whenever a record changes: sessions compare it to rebuild their views. */
uint64_t catalog_version(const catalog *c);

/* The role by exact name, or NULL. Roles returned here and below are valid until the
 * next catalog change. */
const catalog_role *catalog_find_role(const catalog *c, const char *name);
const catalog_role *catalog_role_by_id(const catalog *c, uint64_t id);
size_t catalog_role_count(const catalog *c);
const catalog_role *catalog_role_at(const catalog *c, size_t index);
/* Copies the definition (its id and created_at are assigned); *id receives the id. */
catalog_status catalog_create_role(catalog *c, const catalog_role *definition, uint64_t *id,
                                   char **error);
/* Replaces the role with definition->id (name, kind, login, verifier): ALTER ROLE. */
catalog_status catalog_replace_role(catalog *c, const catalog_role *definition, char **error);
/* The caller has checked that the role owns nothing. */
catalog_status catalog_drop_role(catalog *c, uint64_t id, char **error);
const char *role_kind_name(role_kind kind);
/* "user", "service", "dba", "system" -> the kind; false for anything else. */
bool role_kind_parse(const char *name, role_kind *out);

const char *catalog_status_message(catalog_status status);

/* ---- namespaces ---- */

#define PUBLIC_NAMESPACE_ID 1

typedef struct catalog_namespace {
    uint64_t id;
    char name[CATALOG_NAME_MAX + 1];
    uint64_t owner_role_id;
    char created_at[CATALOG_TIMESTAMP_SIZE];
} catalog_namespace;

const catalog_namespace *catalog_find_namespace(const catalog *c, const char *name);
const catalog_namespace *catalog_namespace_by_id(const catalog *c, uint64_t id);
size_t catalog_namespace_count(const catalog *c);
const catalog_namespace *catalog_namespace_at(const catalog *c, size_t index);
catalog_status catalog_create_namespace(catalog *c, const char *name, uint64_t owner_role_id,
                                        char **error);
/* The caller has dropped (or refused to drop) the namespace's tables first. */
catalog_status catalog_drop_namespace(catalog *c, uint64_t id, char **error);

/* ---- tables ---- */

typedef enum table_kind {
    TABLE_SHARED = 0,
    TABLE_USER,
    TABLE_STREAM,
} table_kind;

/* "shared", "user", "stream": the WITH (type = ...) spelling. */
const char *table_kind_name(table_kind kind);

typedef struct catalog_column {
    char name[CATALOG_NAME_MAX + 1];
    uint32_t type;
    int32_t typmod;
    bool not_null;
    bool dropped;         /* positions are never reused, so old rows still decode */
    bool system;          /* _seq, _deleted: not in SELECT *, never assigned by SQL */
    char *default_tree;   /* the DEFAULT expression as libpg_query JSON, or NULL */
    /* Text of the value rows written before ALTER TABLE ADD COLUMN read for this column
     * (the default evaluated when the column was added); NULL reads as NULL. */
    char *missing_value;
} catalog_column;

#define CATALOG_MAX_COLUMNS 1600 /* PostgreSQL's MaxHeapAttributeNumber */
#define CATALOG_INDEX_MAX_COLUMNS 32 /* PostgreSQL's INDEX_MAX_KEYS */

/* A secondary index of a table (the primary key is the row key itself, not an index
 * record). Its name lives in the table's namespace with the relations, as in PostgreSQL.
 * Entries: 0x20 <id> [<user id>] <columns...> <row key suffix> (query/index_data). */
typedef struct catalog_index {
    uint64_t id; /* 0 in a definition: assigned when the table record is written */
    char name[CATALOG_NAME_MAX + 1];
    bool unique;
    bool constraint; /* made by a UNIQUE constraint: ALTER TABLE DROP CONSTRAINT drops it */
    int column_count;
    int columns[CATALOG_INDEX_MAX_COLUMNS]; /* column positions, in key order */
} catalog_index;

typedef struct catalog_table {
    uint64_t id;
    uint64_t namespace_id;
    char name[CATALOG_NAME_MAX + 1];
    table_kind kind;
    uint64_t owner_role_id;
    int column_count;
    catalog_column *columns;
    int primary_key_count; /* 0: rows are keyed by a hidden row id */
    int *primary_key;      /* column positions, in key order */
    char primary_key_name[CATALOG_NAME_MAX + 1]; /* the constraint ("t_pkey"); "" without */
    int index_count;
    catalog_index *indexes;
    /* Rows counted by the last VACUUM or ANALYZE (PostgreSQL's reltuples); -1: never. */
    double row_estimate;
    char *options;         /* WITH (...) storage parameters as a JSON object text */
    /* Derived by the catalog from the columns and options: */
    int seq_column;     /* position of _seq, or -1 (stream tables have no system columns) */
    int deleted_column; /* position of _deleted, or -1 */
    int64_t ttl_seconds; /* stream tables: rows older than this are gone */
    int64_t max_buffer;  /* stream tables: rows kept per user, oldest dropped first */
    double deleted_retention_hours; /* user/shared: soft-deleted rows purged after this */
    char created_at[CATALOG_TIMESTAMP_SIZE]; /* set by catalog_create_table, kept by replace */
} catalog_table;

/* Table options and their defaults (DESIGN.md, "Table kinds and keys"). */
#define TABLE_DEFAULT_MAX_BUFFER 10000
#define TABLE_DEFAULT_DELETED_RETENTION_HOURS 168.0

const catalog_table *catalog_find_table(const catalog *c, uint64_t namespace_id,
                                        const char *name);
const catalog_table *catalog_table_by_id(const catalog *c, uint64_t id);
/* The index (or primary key constraint) called name in the namespace: its table, and
 * *position its place in table->indexes, or -1 for the primary key; NULL if none. */
const catalog_table *catalog_find_index(const catalog *c, uint64_t namespace_id,
                                        const char *name, int *position);
/* Does a table, sequence, index or primary key hold the name in the namespace? */
bool catalog_relation_name_taken(const catalog *c, uint64_t namespace_id, const char *name);
/* Hands out a fresh id (for an index whose entries are written before its record). */
catalog_status catalog_allocate_id(catalog *c, uint64_t *id, char **error);
size_t catalog_table_count(const catalog *c);
const catalog_table *catalog_table_at(const catalog *c, size_t index);
/* Copies the definition (its id is assigned); *id receives it. */
catalog_status catalog_create_table(catalog *c, const catalog_table *definition, uint64_t *id,
                                    char **error);
/* Replaces a table's description (same id) by a new version: ALTER TABLE. The old
 * version stays readable until catalog_collect_garbage. */
catalog_status catalog_replace_table(catalog *c, const catalog_table *definition, char **error);
/* As catalog_replace_table, with rows or index entries the change implies (a rebuild, a
 * backfill) written in the same synced batch, and the keys of the dropped ids (indexes)
 * left to the background purge. batch may be NULL. */
catalog_status catalog_replace_table_with(catalog *c, const catalog_table *definition,
                                          kv_batch *batch, const uint64_t *purge_ids,
                                          size_t purge_count, char **error);
/* The dropped table's description stays readable until catalog_collect_garbage. Its rows
 * are left for the background purge: the drop records a pending purge in the same batch,
 * so a crash cannot forget them. */
catalog_status catalog_drop_table(catalog *c, uint64_t id, char **error);
/* The id of a dropped table (or index) whose keys still need deleting; false when none. */
bool catalog_next_purge(const catalog *c, uint64_t *table_id);
/* The table's rows are all deleted: forget the pending purge. */
catalog_status catalog_finish_purge(catalog *c, uint64_t table_id, char **error);
/* Frees dropped tables' descriptions; call when no statement is paused. */
void catalog_collect_garbage(catalog *c);

/* ---- sequences ---- */

typedef struct catalog_sequence {
    uint64_t id;
    uint64_t namespace_id;
    char name[CATALOG_NAME_MAX + 1];
    int64_t increment;
    int64_t min_value;
    int64_t max_value;
    int64_t start;
    bool cycle;
    uint64_t owner_table; /* serial columns: dropped with their table; 0 = none */
    int64_t last_value;   /* the value nextval last gave (or start, before the first call) */
    bool is_called;
    int64_t reserved_to;  /* persisted: no value up to here is handed out twice after a crash */
} catalog_sequence;

typedef enum sequence_status {
    SEQUENCE_OK = 0,
    SEQUENCE_EXHAUSTED, /* 2200H: reached the maximum (or minimum) value */
    SEQUENCE_STORAGE,   /* the catalog write failed (see the catalog_status) */
} sequence_status;

const catalog_sequence *catalog_find_sequence(const catalog *c, uint64_t namespace_id,
                                              const char *name);
const catalog_sequence *catalog_sequence_by_id(const catalog *c, uint64_t id);
size_t catalog_sequence_count(const catalog *c);
const catalog_sequence *catalog_sequence_at(const catalog *c, size_t index);
catalog_status catalog_create_sequence(catalog *c, const catalog_sequence *definition,
                                       uint64_t *id, char **error);
catalog_status catalog_drop_sequence(catalog *c, uint64_t id, char **error);
/* nextval: never gives a value twice, even across a crash (values are reserved ahead in
 * persisted blocks, so a crash may leave a gap, as in PostgreSQL). */
sequence_status catalog_sequence_next(catalog *c, uint64_t id, int64_t *value, char **error);
catalog_status catalog_sequence_set_owner(catalog *c, uint64_t id, uint64_t table_id,
                                          char **error);
/* setval */
catalog_status catalog_sequence_set(catalog *c, uint64_t id, int64_t value, bool is_called,
                                    char **error);

/* _seq values of user and shared table rows: strictly increasing across the database and
 * across restarts; the bits above ROW_SEQ_TIME_SHIFT are the time in ms since the Unix
 * epoch when the value was handed out (later values never go back in time, even if the
 * clock does). */
#define ROW_SEQ_TIME_SHIFT 22
uint64_t catalog_next_row_seq(catalog *c, uint64_t now_ms);
/* Adds the highest _seq handed out so far to a batch that stores rows carrying _seq
 * values, so that after a restart every new value is above every stored one. */
void catalog_batch_put_row_seq(const catalog *c, kv_batch *batch);

/* Reserves `count` consecutive ids (for hidden row ids) that are never handed out again,
 * even after a crash: the reservation is persisted in blocks. */
catalog_status catalog_reserve_row_ids(catalog *c, uint64_t count, uint64_t *first, char **error);

#endif
