/*
 * table_data: rows of a table in the key-value store.
 *
 * Owns the mapping between SQL values and stored bytes for one table: the row key (by
 * table kind, DESIGN.md "Table kinds and keys": shared 0x10 <table id> <primary key or
 * hidden row id>; user 0x11 <table id> <user id> <same>; stream 0x12 <table id> <user id>
 * <ms> <seq>), the row value (storage/row_codec tuple), point reads, range scans and the
 * statement's pending writes. The user id of per-user kinds is always the session's current
 * role (ctx->role_id): no function here takes another user's id, so no caller can reach
 * another user's rows. Soft-deleted rows (_deleted) and stream rows past their ttl are
 * absent for every read unless a scan asks for deleted rows explicitly. Writes go into the statement's batch and become visible and durable together
 * when the statement commits it (table_data_commit); a row written earlier in the same
 * statement is seen by later duplicate-key checks.
 */
#ifndef QUILL_QUERY_TABLE_DATA_H
#define QUILL_QUERY_TABLE_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "query/query_context.h"
#include "query/row_locks.h"
#include "query/value.h"
#include "storage/key_encoding.h"
#include "storage/kv.h"

/* The statement's writes: one LevelDB batch plus the keys it touched. The keys are kept in
 * the arena ctx has at table_writes_begin; later calls may run with a shorter-lived arena
 * in ctx (COPY FROM releases one per batch of rows). */
typedef struct table_writes table_writes;

/* Takes the table's ROW EXCLUSIVE lock for the transaction (waiting while DDL holds it). */
table_writes *table_writes_begin(query_context *ctx, const catalog_table *t);
/* Applies the batch with a synced write (58030 on failure) and releases it. */
bool table_writes_commit(query_context *ctx, table_writes *w);
void table_writes_abandon(table_writes *w);

/* The key prefix of every row of the table the session may see. */
void table_key_prefix(const query_context *ctx, const catalog_table *t, key_buffer *out);
/* The wall clock in ms since the Unix epoch, as _seq and stream keys count time. */
uint64_t table_now_ms(void);
/* The full row key; for a table without a primary key, a fresh hidden row id. */
bool table_row_key(query_context *ctx, const catalog_table *t, const value *row, key_buffer *out);
/* Appends one value of a key column (used for key ranges too). */
bool table_key_append_value(query_context *ctx, key_buffer *k, const value *v);

/* Writes the row under key. Tables with system columns get a fresh _seq (written into
 * row[seq_column], so RETURNING shows it) and _deleted false unless row sets it. */
bool table_row_insert(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, value *row);
/* Removes a key physically (a key change, TRUNCATE-like paths). */
bool table_row_delete(query_context *ctx, table_writes *w, const key_buffer *key);
/* SQL DELETE of the row read under key: a soft delete (_deleted true, a new _seq) where
 * the table has system columns, else the key goes. */
bool table_row_remove(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, value *row);
/* Reads the committed row under key (not this statement's own writes); a soft-deleted
 * row is not found. */
bool table_row_get(query_context *ctx, const catalog_table *t, const key_buffer *key, value *row,
                   bool *found);
typedef enum table_rows {
    TABLE_ROWS_VISIBLE,      /* what SQL sees: no soft-deleted rows */
    TABLE_ROWS_WITH_DELETED, /* a query that filters on _deleted sees them too */
} table_rows;
/* Locks the table for the statement's transaction until it ends (DDL: ACCESS EXCLUSIVE;
 * writers: ROW EXCLUSIVE). After a wait, fails if the table was dropped or altered
 * meanwhile. */
bool table_lock(query_context *ctx, const catalog_table *t, lock_mode mode);

/* What table_row_lock found once it held the lock. */
typedef enum table_row_version {
    TABLE_ROW_UNCHANGED, /* the version the statement read is the latest */
    TABLE_ROW_CHANGED,   /* another transaction changed it: row now holds the latest */
    TABLE_ROW_GONE,      /* deleted meanwhile (or moved to another key) */
    TABLE_ROW_NOT_LOCKED, /* NOWAIT/SKIP LOCKED and another transaction holds it */
} table_row_version;
/* Locks the row read under key (row: the version read) for the statement's transaction,
 * then compares with the latest version, as READ COMMITTED re-checks a row after waiting
 * for it (PostgreSQL's EvalPlanQual): the caller re-evaluates its conditions when it
 * changed and skips it when gone. rows: whether soft-deleted rows count as present. */
bool table_row_lock(query_context *ctx, const catalog_table *t, const key_buffer *key,
                    lock_mode mode, lock_wait_policy policy, table_rows rows, value *row,
                    table_row_version *version);

/* Did this statement write the key already? */
bool table_row_written(const table_writes *w, const key_buffer *key);
/* Does the key hold a row that is not deleted, counting this statement's own writes? */
bool table_row_exists(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, bool *exists);

/* Before a stream table insert commits: removes the session user's rows past ttl_seconds
 * and, oldest first, those beyond max_buffer (counting the statement's own rows). */
bool table_stream_trim(query_context *ctx, table_writes *w, const catalog_table *t);

/* Deletes every row of the table the session sees (TRUNCATE): for per-user kinds, the
 * session user's rows. In a transaction block, through the write set (undone by
 * ROLLBACK); otherwise directly, in bounded batches. */
bool table_data_purge(query_context *ctx, const catalog_table *t);
/* Deletes up to max_keys rows of a dropped table; *done once none remain. false (with
 * *error, malloc'd) on a storage failure. For the background purge: no statement context. */
bool table_data_purge_slice(kv_store *store, uint64_t table_id, size_t max_keys, bool *done,
                            char **error);

/* Background sweeps, a bounded slice per call (the server's maintenance timer). A sweep
 * over one table resumes where the last slice stopped; done once it passed the end. */
typedef struct table_sweep {
    key_buffer resume; /* empty: from the table's first key */
    size_t max_keys;   /* keys examined per slice */
    bool done;
    uint64_t deleted;  /* rows deleted so far */
} table_sweep;
/* Stream table: deletes every user's rows older than ttl_seconds. */
bool table_data_expire_slice(kv_store *store, const catalog_table *t, uint64_t now_ms,
                             table_sweep *sweep, char **error);
/* User or shared table: deletes soft-deleted rows whose _seq is older than the table's
 * deleted_retention_hours. */
bool table_data_retention_slice(kv_store *store, const catalog_table *t, uint64_t now_ms,
                                table_sweep *sweep, char **error);

/* Rows whose keys lie in [start, end), in key order. */
typedef struct table_scan table_scan;
table_scan *table_scan_open(query_context *ctx, const catalog_table *t, const key_buffer *start,
                            const key_buffer *end, table_rows rows);
/* *found false at the end. values has t->column_count entries; key_out (optional) receives
 * the row's key. Text values point into the scan's storage and stay valid until the next
 * call: keep them longer only after value_detach. */
bool table_scan_next(query_context *ctx, table_scan *scan, value *values, key_buffer *key_out,
                     bool *found);
void table_scan_close(table_scan *scan);

#endif
