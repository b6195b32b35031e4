#include "query/indexes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"
#include "query/table_data.h"
#include "query/transaction.h"

/* ---- names, as PostgreSQL chooses them (ChooseRelationName, makeObjectName) ---- */

static bool name_taken(query_context *ctx, const catalog_table *t, const char *name)
{
    if (catalog_relation_name_taken(ctx->catalog, t->namespace_id, name) ||
        strcmp(t->name, name) == 0 ||
        (t->primary_key_count > 0 && strcmp(t->primary_key_name, name) == 0))
        return true;
    for (int i = 0; i < t->index_count; i++) {
        if (strcmp(t->indexes[i].name, name) == 0)
            return true;
    }
    return false;
}

/* name1_name2_label cut to NAMEDATALEN - 1 bytes, the longer part shortened first. */
static void make_object_name(const char *name1, const char *name2, const char *label,
                             char out[CATALOG_NAME_MAX + 1])
{
    size_t name1_chars = strlen(name1), name2_chars = name2 != NULL ? strlen(name2) : 0;
    size_t overhead = (name2 != NULL ? 1 : 0) + strlen(label) + 1;
    size_t available = CATALOG_NAME_MAX - overhead;
    while (name1_chars + name2_chars > available) {
        if (name1_chars > name2_chars)
            name1_chars--;
        else
            name2_chars--;
    }
    if (name2 != NULL)
        snprintf(out, CATALOG_NAME_MAX + 1, "%.*s_%.*s_%s", (int)name1_chars, name1,
                 (int)name2_chars, name2, label);
    else
        snprintf(out, CATALOG_NAME_MAX + 1, "%.*s_%s", (int)name1_chars, name1, label);
}

/* The first of label, label1, label2, ... whose name is free. */
static void choose_name(query_context *ctx, const catalog_table *t, const char *name2,
                        const char *label, char out[CATALOG_NAME_MAX + 1])
{
    char modified[32];
    snprintf(modified, sizeof modified, "%s", label);
    for (int pass = 1;; pass++) {
        make_object_name(t->name, name2, modified, out);
        if (!name_taken(ctx, t, out))
            return;
        snprintf(modified, sizeof modified, "%s%d", label, pass);
    }
}

static int column_named(const catalog_table *t, const char *name)
{
    for (int i = 0; i < t->column_count; i++) {
        if (!t->columns[i].dropped && strcmp(t->columns[i].name, name) == 0)
            return i;
    }
    return -1;
}

bool index_name_primary_key(query_context *ctx, catalog_table *t, const char *name)
{
    if (name == NULL) {
        char chosen[CATALOG_NAME_MAX + 1];
        t->primary_key_name[0] = '\0';
        choose_name(ctx, t, NULL, "pkey", chosen);
        memcpy(t->primary_key_name, chosen, sizeof chosen);
        return true;
    }
    char given[CATALOG_NAME_MAX + 1];
    snprintf(given, sizeof given, "%s", name); /* name may be t->primary_key_name itself */
    t->primary_key_name[0] = '\0';
    if (name_taken(ctx, t, given))
        return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                          given);
    memcpy(t->primary_key_name, given, sizeof given);
    return true;
}

/* One key column of an index: a plain column, ascending, NULLS LAST (what the entries'
 * encoding sorts by); the rest of what PostgreSQL allows is refused by name. */
static const char *key_column_name(query_context *ctx, const cJSON *item, int location)
{
    if (strcmp(node_kind(item), "IndexElem") != 0)
        return node_string_value(item);
    const cJSON *f = node_fields(item);
    const char *ordering = node_get_string(f, "ordering");
    const char *nulls = node_get_string(f, "nulls_ordering");
    if (node_get(f, "expr") != NULL) {
        query_fail_unsupported(ctx, location, "index expressions");
        return NULL;
    }
    if (node_get(f, "opclass") != NULL || node_get(f, "collation") != NULL) {
        query_fail_unsupported(ctx, location, "operator classes and collations in indexes");
        return NULL;
    }
    if (ordering != NULL && strcmp(ordering, "SORTBY_DESC") == 0) {
        query_fail_unsupported(ctx, location, "descending index columns");
        return NULL;
    }
    if (nulls != NULL && strcmp(nulls, "SORTBY_NULLS_FIRST") == 0) {
        query_fail_unsupported(ctx, location, "NULLS FIRST index columns");
        return NULL;
    }
    return node_get_string(f, "name");
}

bool index_define(query_context *ctx, catalog_table *t, const char *name, const cJSON *columns,
                  bool unique, bool constraint, int location)
{
    if (t->kind == TABLE_STREAM)
        return query_fail_unsupported(ctx, location,
                                      "indexes on stream tables (rows are keyed by their "
                                      "arrival time)");
    int count = cJSON_GetArraySize(columns);
    if (count > CATALOG_INDEX_MAX_COLUMNS)
        return query_fail(ctx, "54011", -1, "cannot use more than %d columns in an index",
                          CATALOG_INDEX_MAX_COLUMNS);
    catalog_index index;
    memset(&index, 0, sizeof index);
    index.unique = unique;
    index.constraint = constraint;
    char addition[CATALOG_NAME_MAX + 1] = "";
    size_t addition_length = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, columns)
    {
        const char *column = key_column_name(ctx, item, location);
        if (column == NULL) {
            if (ctx->error.sqlstate[0] == '\0')
                query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid index column");
            return false;
        }
        int position = column_named(t, column);
        if (position < 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, constraint ? location : -1,
                              constraint ? "column \"%s\" named in key does not exist"
                                         : "column \"%s\" does not exist",
                              column);
        if (t->columns[position].system)
            return query_fail_unsupported(ctx, -1, "index creation on system columns");
        for (int k = 0; constraint && k < index.column_count; k++) {
            if (index.columns[k] == position)
                return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, location,
                                  "column \"%s\" appears twice in unique constraint", column);
        }
        if (!type_has_ordering(t->columns[position].type)) {
            query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                       "data type %s has no default operator class for access method \"btree\"",
                       type_display_name(t->columns[position].type));
            return query_fail_hint(ctx, "You must specify an operator class for the index or "
                                        "define a default operator class for the data type.");
        }
        index.columns[index.column_count++] = position;
        /* ChooseIndexNameAddition: the names joined by "_", up to NAMEDATALEN. */
        if (addition_length < CATALOG_NAME_MAX)
            addition_length += (size_t)snprintf(addition + addition_length,
                                                sizeof addition - addition_length, "%s%s",
                                                addition_length > 0 ? "_" : "", column);
        if (addition_length > CATALOG_NAME_MAX)
            addition_length = CATALOG_NAME_MAX;
    }
    if (name == NULL) {
        choose_name(ctx, t, addition, constraint ? "key" : "idx", index.name);
    } else {
        if (name_taken(ctx, t, name))
            return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                              name);
        snprintf(index.name, sizeof index.name, "%s", name);
    }
    catalog_index *grown = arena_alloc(ctx->arena, (size_t)(t->index_count + 1) * sizeof *grown);
    if (grown == NULL)
        return query_fail_no_memory(ctx);
    if (t->index_count > 0)
        memcpy(grown, t->indexes, (size_t)t->index_count * sizeof *grown);
    grown[t->index_count] = index;
    t->indexes = grown;
    t->index_count++;
    return true;
}

bool index_drop_on_column(query_context *ctx, catalog_table *t, int column)
{
    catalog_index *kept = arena_alloc(ctx->arena, (size_t)(t->index_count + 1) * sizeof *kept);
    if (kept == NULL)
        return query_fail_no_memory(ctx);
    int count = 0;
    for (int i = 0; i < t->index_count; i++) {
        bool uses = false;
        for (int k = 0; k < t->indexes[i].column_count; k++)
            uses = uses || t->indexes[i].columns[k] == column;
        if (!uses)
            kept[count++] = t->indexes[i];
    }
    t->indexes = kept;
    t->index_count = count;
    return true;
}

bool index_drop_constraint(query_context *ctx, catalog_table *t, const cJSON *cmd)
{
    const char *name = node_get_string(cmd, "name");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "constraint name is required");
    if (t->primary_key_count > 0 && strcmp(t->primary_key_name, name) == 0) {
        /* The columns keep NOT NULL, as in PostgreSQL. */
        t->primary_key_count = 0;
        t->primary_key_name[0] = '\0';
        return true;
    }
    for (int i = 0; i < t->index_count; i++) {
        if (t->indexes[i].constraint && strcmp(t->indexes[i].name, name) == 0) {
            memmove(&t->indexes[i], &t->indexes[i + 1],
                    (size_t)(t->index_count - i - 1) * sizeof *t->indexes);
            t->index_count--;
            return true;
        }
    }
    if (node_get_bool(cmd, "missing_ok")) {
        query_notice(ctx, "NOTICE", "00000",
                     "constraint \"%s\" of relation \"%s\" does not exist, skipping", name, t->name);
        return true;
    }
    return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                      "constraint \"%s\" of relation \"%s\" does not exist", name, t->name);
}

/* ---- applying a changed definition to the stored rows ---- */

/* A set of byte strings in statement memory (open addressing), for duplicate checks. */
typedef struct key_set {
    uint8_t **keys;
    uint32_t *lengths;
    size_t capacity, count;
} key_set;

static bool key_set_add(query_context *ctx, key_set *s, const uint8_t *key, size_t length,
                        bool *added)
{
    if ((s->count + 1) * 2 > s->capacity) {
        key_set grown = {NULL, NULL, s->capacity ? s->capacity * 2 : 1024, 0};
        grown.keys = arena_zalloc(ctx->arena, grown.capacity * sizeof *grown.keys);
        grown.lengths = arena_zalloc(ctx->arena, grown.capacity * sizeof *grown.lengths);
        if (grown.keys == NULL || grown.lengths == NULL)
            return query_fail_no_memory(ctx);
        for (size_t i = 0; i < s->capacity; i++) {
            if (s->keys[i] == NULL)
                continue;
            size_t j = key_hash(s->keys[i], s->lengths[i]) & (grown.capacity - 1);
            while (grown.keys[j] != NULL)
                j = (j + 1) & (grown.capacity - 1);
            grown.keys[j] = s->keys[i];
            grown.lengths[j] = s->lengths[i];
            grown.count++;
        }
        *s = grown;
    }
    size_t j = key_hash(key, length) & (s->capacity - 1);
    for (; s->keys[j] != NULL; j = (j + 1) & (s->capacity - 1)) {
        if (s->lengths[j] == length && memcmp(s->keys[j], key, length) == 0) {
            *added = false;
            return true;
        }
    }
    s->keys[j] = arena_alloc(ctx->arena, length > 0 ? length : 1);
    if (s->keys[j] == NULL)
        return query_fail_no_memory(ctx);
    memcpy(s->keys[j], key, length);
    s->lengths[j] = (uint32_t)length;
    s->count++;
    *added = true;
    return true;
}

typedef struct rebuild {
    const catalog_table *old;
    catalog_table *t;
    bool move_rows;    /* the primary key changed: every row gets a new key */
    bool *backfill;    /* per index of t: entries to write */
    key_set row_keys;  /* new row keys taken (move_rows) */
    key_set *values;   /* per unique index being filled: key column values taken */
    kv_batch *deletes; /* old row keys: applied before the puts, which may reuse a key */
    kv_batch *puts;
    arena *scratch;    /* per-row memory, released every few rows */
    arena *statement;
} rebuild;

/* 23505 as PostgreSQL reports a unique index that cannot be built. */
static bool duplicated(query_context *ctx, rebuild *r, const char *constraint, const int *columns,
                       int count, const value *row)
{
    ctx->arena = r->statement;
    const char *names = "", *values = "";
    for (int k = 0; k < count; k++) {
        const char *s = "null";
        size_t length = 4;
        if (!row[columns[k]].is_null && !value_to_text(ctx, &row[columns[k]], &s, &length))
            return false;
        names = arena_printf(ctx->arena, "%s%s%s", names, k > 0 ? ", " : "",
                             r->t->columns[columns[k]].name);
        values = arena_printf(ctx->arena, "%s%s%.*s", values, k > 0 ? ", " : "", (int)length, s);
        if (names == NULL || values == NULL)
            return query_fail_no_memory(ctx);
    }
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, r->t->namespace_id);
    query_fail(ctx, SQLSTATE_UNIQUE_VIOLATION, -1, "could not create unique index \"%s\"",
               constraint);
    query_fail_object(ctx, n != NULL ? n->name : NULL, arena_strdup(ctx->arena, r->t->name), NULL,
                      arena_strdup(ctx->arena, constraint));
    return query_fail_detail(ctx, arena_printf(ctx->arena, "Key (%s)=(%s) is duplicated.", names,
                                               values));
}

/* One stored row: under its new key (move_rows) and into the indexes being filled.
 * Soft-deleted rows (pass 2) keep their place only where no live row took the key, and
 * have no index entries. */
static bool rebuild_row(query_context *ctx, rebuild *r, const uint8_t *key, size_t key_length,
                        const uint8_t *bytes, size_t length, bool deleted_pass, bool *skip)
{
    const catalog_table *t = r->t;
    value *row = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    if (!table_row_decode(ctx, r->old, bytes, length, row))
        return false;
    bool deleted = t->deleted_column >= 0 && !row[t->deleted_column].is_null &&
                   row[t->deleted_column].as.boolean;
    *skip = deleted != deleted_pass;
    if (*skip)
        return true;
    key_buffer new_key;
    size_t prefix = table_row_prefix_length(t);
    if (key_length < prefix)
        return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "a row key is too short");
    if (r->move_rows) {
        key_init(&new_key);
        key_append_fixed(&new_key, key, prefix);
        if (t->primary_key_count == 0) {
            uint64_t row_id;
            char *error = NULL;
            catalog_status status = catalog_reserve_row_ids(ctx->catalog, 1, &row_id, &error);
            if (status != CATALOG_OK) {
                ctx->arena = r->statement;
                return query_fail_catalog(ctx, status, error);
            }
            key_append_uint64(&new_key, row_id);
        }
        for (int k = 0; k < t->primary_key_count; k++) {
            const value *v = &row[t->primary_key[k]];
            if (v->is_null && deleted) {
                *skip = true; /* a deleted row that cannot be keyed is gone for good */
                return true;
            }
            if (v->is_null) {
                ctx->arena = r->statement;
                const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, t->namespace_id);
                query_fail(ctx, SQLSTATE_NOT_NULL_VIOLATION, -1,
                           "column \"%s\" of relation \"%s\" contains null values",
                           t->columns[t->primary_key[k]].name, t->name);
                return query_fail_object(ctx, n != NULL ? n->name : NULL,
                                         arena_strdup(ctx->arena, t->name),
                                         arena_strdup(ctx->arena, t->columns[t->primary_key[k]].name),
                                         NULL);
            }
            if (!table_key_append_value(ctx, &new_key, v))
                return false;
        }
        bool added;
        arena *saved = ctx->arena;
        ctx->arena = r->statement;
        bool ok = key_set_add(ctx, &r->row_keys, new_key.bytes, new_key.length, &added);
        ctx->arena = saved;
        if (!ok)
            return false;
        if (!added && deleted) {
            *skip = true;
            return true;
        }
        if (!added)
            return duplicated(ctx, r, t->primary_key_name, t->primary_key, t->primary_key_count,
                              row);
        kv_batch_delete(r->deletes, key, key_length);
        kv_batch_put(r->puts, new_key.bytes, new_key.length, bytes, length);
        key = new_key.bytes;
        key_length = new_key.length;
    }
    if (deleted)
        return true;
    for (int i = 0; i < t->index_count; i++) {
        if (!r->backfill[i])
            continue;
        key_buffer entry;
        size_t columns_length;
        bool has_null;
        if (!table_index_entry(ctx, t, &t->indexes[i], key, key_length, row, &entry,
                               &columns_length, &has_null))
            return false;
        if (t->indexes[i].unique && !has_null) {
            bool added;
            arena *saved = ctx->arena;
            ctx->arena = r->statement;
            bool ok = key_set_add(ctx, &r->values[i], entry.bytes, columns_length, &added);
            ctx->arena = saved;
            if (!ok)
                return false;
            if (!added)
                return duplicated(ctx, r, t->indexes[i].name, t->indexes[i].columns,
                                  t->indexes[i].column_count, row);
        }
        uint8_t suffix[2];
        table_index_entry_value(key_length - table_row_prefix_length(t), suffix);
        kv_batch_put(r->puts, entry.bytes, entry.length, suffix, sizeof suffix);
    }
    return true;
}

/* An error raised while rows were decoded in scratch memory, copied to the statement's
 * (ctx->arena) before the scratch goes. */
static void keep_error(query_context *ctx)
{
    const char **fields[] = {&ctx->error.message,     &ctx->error.detail,
                             &ctx->error.hint,        &ctx->error.context,
                             &ctx->error.schema_name, &ctx->error.table_name,
                             &ctx->error.column_name, &ctx->error.constraint_name};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (*fields[i] != NULL) {
            const char *copy = arena_strdup(ctx->arena, *fields[i]);
            *fields[i] = copy != NULL ? copy : "out of memory";
        }
    }
}

/* Rows released from scratch memory after this many. */
#define REBUILD_ROWS_PER_RESET 1024

/* Every row of the table, of every user: live rows first, then soft-deleted ones. */
static bool rebuild_rows(query_context *ctx, rebuild *r)
{
    key_buffer prefix, end;
    table_all_rows_prefix(r->t, &prefix);
    if (!key_prefix_successor(&prefix, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    bool ok = true;
    for (int pass = 0; ok && pass < 2; pass++) {
        if (pass == 1 && r->old->deleted_column < 0)
            break;
        kv_iterator *it = kv_iterator_create(ctx->store);
        if (it == NULL)
            return query_fail_no_memory(ctx);
        size_t rows = 0;
        ctx->arena = r->scratch;
        for (kv_iterator_seek(it, prefix.bytes, prefix.length); ok && kv_iterator_valid(it);
             kv_iterator_next(it)) {
            size_t key_length, length;
            const uint8_t *key = (const uint8_t *)kv_iterator_key(it, &key_length);
            if (key_length >= end.length && memcmp(key, end.bytes, end.length) >= 0)
                break;
            const uint8_t *bytes = (const uint8_t *)kv_iterator_value(it, &length);
            bool skip;
            ok = query_check_interrupts(ctx) &&
                 rebuild_row(ctx, r, key, key_length, bytes, length, pass == 1, &skip);
            if (ok && ++rows % REBUILD_ROWS_PER_RESET == 0)
                arena_reset(r->scratch);
        }
        ctx->arena = r->statement;
        if (!ok)
            keep_error(ctx);
        char *error = NULL;
        if (ok && kv_iterator_status(it, &error) != KV_OK) {
            ok = query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                            error != NULL ? error : "unknown error");
            free(error);
        }
        kv_iterator_destroy(it);
    }
    return ok;
}

static bool same_primary_key(const catalog_table *a, const catalog_table *b)
{
    return a->primary_key_count == b->primary_key_count &&
           (a->primary_key_count == 0 ||
            memcmp(a->primary_key, b->primary_key, (size_t)a->primary_key_count * sizeof(int)) == 0);
}

bool index_apply_table_change(query_context *ctx, const catalog_table *old, catalog_table *t)
{
    if (t->kind == TABLE_STREAM && t->primary_key_count > 0)
        return query_fail_unsupported(ctx, -1, "primary keys on stream tables (rows are keyed "
                                               "by their arrival time)");
    /* t's indexes may still be the catalog's array: ids change here. */
    catalog_index *indexes = arena_alloc(ctx->arena, (size_t)(t->index_count + 1) * sizeof *indexes);
    if (indexes == NULL)
        return query_fail_no_memory(ctx);
    if (t->index_count > 0)
        memcpy(indexes, t->indexes, (size_t)t->index_count * sizeof *indexes);
    t->indexes = indexes;
    rebuild r;
    memset(&r, 0, sizeof r);
    r.old = old;
    r.t = t;
    r.statement = ctx->arena;
    r.move_rows = !same_primary_key(old, t);
    uint64_t *purges = arena_alloc(ctx->arena, (size_t)(old->index_count + 1) * sizeof *purges);
    r.backfill = arena_zalloc(ctx->arena, (size_t)(t->index_count + 1) * sizeof *r.backfill);
    r.values = arena_zalloc(ctx->arena, (size_t)(t->index_count + 1) * sizeof *r.values);
    if (purges == NULL || r.backfill == NULL || r.values == NULL)
        return query_fail_no_memory(ctx);
    /* Entries of indexes the definition no longer has, or whose row key suffixes all
     * change with the key, go to the background purge; the latter are filled afresh. */
    size_t purge_count = 0;
    for (int i = 0; i < old->index_count; i++) {
        bool kept = false;
        for (int k = 0; k < t->index_count; k++)
            kept = kept || t->indexes[k].id == old->indexes[i].id;
        if (!kept || r.move_rows)
            purges[purge_count++] = old->indexes[i].id;
    }
    bool work = r.move_rows;
    for (int i = 0; i < t->index_count; i++) {
        if (r.move_rows)
            t->indexes[i].id = 0;
        if (t->indexes[i].id != 0)
            continue;
        char *error = NULL;
        catalog_status status = catalog_allocate_id(ctx->catalog, &t->indexes[i].id, &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
        r.backfill[i] = work = true;
    }
    bool ok = true;
    kv_batch *batch = NULL;
    if (work) {
        r.deletes = kv_batch_create();
        r.puts = kv_batch_create();
        r.scratch = arena_create(64 * 1024);
        ok = (r.deletes != NULL && r.puts != NULL && r.scratch != NULL) ||
             query_fail_no_memory(ctx);
        ok = ok && rebuild_rows(ctx, &r);
        if (ok) {
            kv_batch_append(r.deletes, r.puts);
            batch = r.deletes;
        }
    }
    if (ok) {
        char *error = NULL;
        catalog_status status =
            catalog_replace_table_with(ctx->catalog, t, batch, purges, purge_count, &error);
        ok = status == CATALOG_OK || query_fail_catalog(ctx, status, error);
    }
    kv_batch_destroy(r.deletes);
    kv_batch_destroy(r.puts);
    if (r.scratch != NULL)
        arena_destroy(r.scratch);
    return ok;
}

/* ---- CREATE INDEX / DROP INDEX ---- */

bool index_create_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "CREATE INDEX");
    const cJSON *relation = node_get(node, "relation");
    int location = node_get_int(relation, "location", -1);
    const char *method = node_get_string(node, "accessMethod");
    if (method != NULL && strcmp(method, "btree") != 0)
        return query_fail_unsupported(ctx, -1, arena_printf(ctx->arena,
                                                            "index access method \"%s\"", method));
    if (node_get(node, "whereClause") != NULL)
        return query_fail_unsupported(ctx, -1, "partial indexes");
    if (node_get(node, "indexIncludingParams") != NULL)
        return query_fail_unsupported(ctx, -1, "INCLUDE columns in indexes");
    if (node_get(node, "options") != NULL)
        return query_fail_unsupported(ctx, -1, "storage parameters of indexes");
    if (node_get(node, "tableSpace") != NULL)
        return query_fail_unsupported(ctx, -1, "tablespaces");
    if (node_get_bool(node, "nulls_not_distinct"))
        return query_fail_unsupported(ctx, -1, "NULLS NOT DISTINCT");
    const char *relname = node_get_string(relation, "relname");
    const catalog_table *old =
        names_resolve_table(ctx, node_get_string(relation, "schemaname"),
                            relname != NULL ? relname : "", location, false);
    /* Writers first: the rows to fill the index from are then all committed. Locked, the
     * table is resolved again: whoever held it may have changed it. */
    if (old == NULL || !table_lock_exclusively(ctx, old->id))
        return false;
    old = names_resolve_table(ctx, node_get_string(relation, "schemaname"),
                              relname != NULL ? relname : "", location, false);
    if (old == NULL)
        return false;
    if (!permission_check_owner(ctx, old->owner_role_id, "table", old->name))
        return false;
    const char *name = node_get_string(node, "idxname");
    if (name != NULL && catalog_relation_name_taken(ctx->catalog, old->namespace_id, name)) {
        if (node_get_bool(node, "if_not_exists")) {
            query_notice(ctx, "NOTICE", SQLSTATE_DUPLICATE_TABLE,
                         "relation \"%s\" already exists, skipping", name);
            return true;
        }
        return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists", name);
    }
    catalog_table t = *old;
    if (!index_define(ctx, &t, name, node_get(node, "indexParams"), node_get_bool(node, "unique"),
                      false, location))
        return false;
    return index_apply_table_change(ctx, old, &t);
}

bool index_drop_statement(query_context *ctx, const cJSON *node)
{
    bool missing_ok = node_get_bool(node, "missing_ok");
    const cJSON *object;
    /* Resolve every name first: DROP INDEX a, b drops neither if b cannot go. */
    int count = cJSON_GetArraySize(node_get(node, "objects"));
    uint64_t *ids = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *ids);
    if (ids == NULL)
        return query_fail_no_memory(ctx);
    int found = 0;
    cJSON_ArrayForEach(object, node_get(node, "objects"))
    {
        const cJSON *items = node_get(node_fields(object), "items");
        int n = cJSON_GetArraySize(items);
        const char *name = node_string_value(cJSON_GetArrayItem(items, n - 1));
        const char *schema = n > 1 ? node_string_value(cJSON_GetArrayItem(items, n - 2)) : NULL;
        if (n > 2)
            return query_fail_unsupported(ctx, -1, "cross-database references");
        if (name == NULL)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid index name");
        int position;
        bool schema_missing;
        const catalog_table *t = names_resolve_index(ctx, schema, name, &position, &schema_missing);
        if (t == NULL) {
            const char *what = schema_missing ? "schema" : "index";
            const char *shown = schema_missing ? schema : name;
            if (!missing_ok)
                return query_fail(ctx, schema_missing ? SQLSTATE_UNDEFINED_SCHEMA
                                                      : SQLSTATE_UNDEFINED_OBJECT,
                                  -1, "%s \"%s\" does not exist", what, shown);
            query_notice(ctx, "NOTICE", "00000", "%s \"%s\" does not exist, skipping", what, shown);
            continue;
        }
        if (position < 0 || t->indexes[position].constraint) {
            const char *constraint = position < 0 ? t->primary_key_name : t->indexes[position].name;
            query_fail(ctx, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, -1,
                       "cannot drop index %s because constraint %s on table %s requires it",
                       name, constraint, t->name);
            return query_fail_hint(ctx, arena_printf(ctx->arena,
                                                     "You can drop constraint %s on table %s "
                                                     "instead.",
                                                     constraint, t->name));
        }
        if (!permission_check_owner(ctx, t->owner_role_id, "index", name))
            return false;
        ids[found++] = t->indexes[position].id;
        /* Found again below, once locked: whoever held the table may have changed it. */
        if (!table_lock_exclusively(ctx, t->id))
            return false;
    }
    for (int i = 0; i < found; i++) {
        const catalog_table *old = NULL;
        int position = -1;
        for (size_t k = 0; old == NULL && k < catalog_table_count(ctx->catalog); k++) {
            const catalog_table *t = catalog_table_at(ctx->catalog, k);
            for (int j = 0; j < t->index_count; j++) {
                if (t->indexes[j].id == ids[i]) {
                    old = t;
                    position = j;
                }
            }
        }
        if (old == NULL)
            continue; /* named twice */
        catalog_table t = *old;
        t.indexes = arena_alloc(ctx->arena, (size_t)old->index_count * sizeof *t.indexes);
        if (t.indexes == NULL)
            return query_fail_no_memory(ctx);
        memcpy(t.indexes, old->indexes, (size_t)old->index_count * sizeof *t.indexes);
        memmove(&t.indexes[position], &t.indexes[position + 1],
                (size_t)(t.index_count - position - 1) * sizeof *t.indexes);
        t.index_count--;
        if (!index_apply_table_change(ctx, old, &t))
            return false;
    }
    return true;
}

/* ---- VACUUM and ANALYZE ---- */

/* Counts the table's live rows (every user's) for the planner, as ANALYZE's reltuples. */
static bool count_rows(query_context *ctx, const catalog_table *t, double *rows)
{
    key_buffer prefix, end;
    table_all_rows_prefix(t, &prefix);
    if (!key_prefix_successor(&prefix, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    kv_iterator *it = kv_iterator_create(ctx->store);
    if (it == NULL)
        return query_fail_no_memory(ctx);
    *rows = 0;
    for (kv_iterator_seek(it, prefix.bytes, prefix.length); kv_iterator_valid(it);
         kv_iterator_next(it)) {
        size_t length;
        const uint8_t *key = (const uint8_t *)kv_iterator_key(it, &length);
        if (length >= end.length && memcmp(key, end.bytes, end.length) >= 0)
            break;
        *rows += 1;
    }
    char *error = NULL;
    bool ok = kv_iterator_status(it, &error) == KV_OK;
    kv_iterator_destroy(it);
    if (!ok) {
        query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                   error != NULL ? error : "unknown error");
        free(error);
    }
    return ok;
}

/* Compacts the key ranges of the table's rows and index entries. */
static void compact_table(query_context *ctx, const catalog_table *t)
{
    for (int i = -1; i < t->index_count; i++) {
        key_buffer prefix, end;
        if (i < 0) {
            table_all_rows_prefix(t, &prefix);
        } else {
            key_init(&prefix);
            key_append_byte(&prefix, KEY_SPACE_INDEX);
            key_append_uint64(&prefix, t->indexes[i].id);
        }
        if (key_prefix_successor(&prefix, &end))
            kv_compact_range(ctx->store, prefix.bytes, prefix.length, end.bytes, end.length);
    }
}

/* VACUUM compacts; both it and ANALYZE record the row count (PostgreSQL's VACUUM
 * updates reltuples too). */
static bool vacuum_table(query_context *ctx, const catalog_table *t, bool vacuum)
{
    if (vacuum)
        compact_table(ctx, t);
    double rows;
    if (!count_rows(ctx, t, &rows))
        return false;
    if (rows == t->row_estimate)
        return true;
    catalog_table copy = *t;
    copy.row_estimate = rows;
    char *error = NULL;
    catalog_status status = catalog_replace_table(ctx->catalog, &copy, &error);
    return status == CATALOG_OK || query_fail_catalog(ctx, status, error);
}

bool index_vacuum_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    bool vacuum = node_get_bool(node, "is_vacuumcmd");
    snprintf(tag, COMMAND_TAG_MAX, vacuum ? "VACUUM" : "ANALYZE");
    bool analyze = !vacuum;
    const cJSON *option;
    cJSON_ArrayForEach(option, node_get(node, "options"))
    {
        const char *name = node_get_string(node_fields(option), "defname");
        if (name == NULL)
            continue;
        if (strcmp(name, "analyze") == 0)
            analyze = true;
        else if (strcmp(name, "full") != 0 && strcmp(name, "verbose") != 0 &&
                 strcmp(name, "freeze") != 0 && strcmp(name, "skip_locked") != 0)
            return query_fail_unsupported(ctx, node_get_int(node_fields(option), "location", -1),
                                          arena_printf(ctx->arena, "%s option \"%s\"",
                                                       vacuum ? "VACUUM" : "ANALYZE", name));
    }
    if (vacuum && ctx->in_transaction_block)
        return query_fail(ctx, "25001", -1, "VACUUM cannot run inside a transaction block");
    const cJSON *relations = node_get(node, "rels");
    int count = cJSON_GetArraySize(relations);
    if (count == 0) {
        /* Every table the session's role owns (PostgreSQL skips the others with a warning). */
        for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
            const catalog_table *t = catalog_table_at(ctx->catalog, i);
            if (t->owner_role_id != ctx->role_id && ctx->current_role < ROLE_DBA)
                continue;
            if (!vacuum_table(ctx, t, vacuum))
                return false;
        }
        return true;
    }
    uint64_t *ids = arena_zalloc(ctx->arena, (size_t)count * sizeof *ids);
    if (ids == NULL)
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *relation;
    cJSON_ArrayForEach(relation, relations)
    {
        const cJSON *r = node_get(node_fields(relation), "relation");
        const char *name = node_get_string(r, "relname");
        const catalog_table *t = names_resolve_table(ctx, node_get_string(r, "schemaname"),
                                                     name != NULL ? name : "", -1, false);
        if (t == NULL)
            return false;
        const cJSON *column;
        if (!analyze && node_get(node_fields(relation), "va_cols") != NULL)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "ANALYZE option must be specified when a column list is provided");
        cJSON_ArrayForEach(column, node_get(node_fields(relation), "va_cols"))
        {
            const char *c = node_string_value(column);
            if (c == NULL || column_named(t, c) < 0)
                return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1,
                                  "column \"%s\" of relation \"%s\" does not exist",
                                  c != NULL ? c : "", t->name);
        }
        ids[i++] = t->id;
    }
    for (int k = 0; k < count; k++) {
        const catalog_table *t = catalog_table_by_id(ctx->catalog, ids[k]);
        if (t != NULL && !vacuum_table(ctx, t, vacuum))
            return false;
    }
    return true;
}
