/*
 * table_data: rows of a table in the key-value store.
 *
 * Owns the mapping between SQL values and stored bytes for one table: the row key
 * (0x10 <table id> <primary key columns, order-preserving> or a hidden row id), the row
 * value (storage/row_codec tuple), point reads, range scans and the statement's pending
 * writes. Writes go into the statement's batch and become visible and durable together
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
#include "query/value.h"
#include "storage/key_encoding.h"
#include "storage/kv.h"

/* The statement's writes: one LevelDB batch plus the keys it touched. */
typedef struct table_writes table_writes;

table_writes *table_writes_begin(query_context *ctx);
/* Applies the batch with a synced write (58030 on failure) and releases it. */
bool table_writes_commit(query_context *ctx, table_writes *w);
void table_writes_abandon(table_writes *w);

/* The key prefix of every row of the table. */
void table_key_prefix(const catalog_table *t, key_buffer *out);
/* The full row key; for a table without a primary key, a fresh hidden row id. */
bool table_row_key(query_context *ctx, const catalog_table *t, const value *row, key_buffer *out);
/* Appends one value of a key column (used for key ranges too). */
bool table_key_append_value(query_context *ctx, key_buffer *k, const value *v);

bool table_row_insert(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, const value *row);
bool table_row_delete(query_context *ctx, table_writes *w, const key_buffer *key);
/* Reads the committed row under key (not this statement's own writes). */
bool table_row_get(query_context *ctx, const catalog_table *t, const key_buffer *key, value *row,
                   bool *found);
/* Did this statement write the key already? */
bool table_row_written(const table_writes *w, const key_buffer *key);
/* Does the key hold a row, counting this statement's own writes? */
bool table_row_exists(query_context *ctx, table_writes *w, const key_buffer *key, bool *exists);

/* Deletes every row of a table (TRUNCATE). */
bool table_data_purge(query_context *ctx, uint64_t table_id);
/* Deletes up to max_keys rows of a dropped table; *done once none remain. false (with
 * *error, malloc'd) on a storage failure. For the background purge: no statement context. */
bool table_data_purge_slice(kv_store *store, uint64_t table_id, size_t max_keys, bool *done,
                            char **error);

/* Rows whose keys lie in [start, end), in key order. */
typedef struct table_scan table_scan;
table_scan *table_scan_open(query_context *ctx, const catalog_table *t, const key_buffer *start,
                            const key_buffer *end);
/* *found false at the end. values has t->column_count entries; key_out (optional) receives
 * the row's key. Text values point into the scan's storage and stay valid until the next
 * call: keep them longer only after value_detach. */
bool table_scan_next(query_context *ctx, table_scan *scan, value *values, key_buffer *key_out,
                     bool *found);
void table_scan_close(table_scan *scan);

#endif
