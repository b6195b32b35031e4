#include "query/modify.h"

#include <stdio.h>
#include <string.h>

#include "query/expr.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"
#include "query/select.h"
#include "query/table_data.h"
#include "query/transaction.h"

/* What INSERT, UPDATE and DELETE share: the table, its writes and RETURNING. */
typedef struct modification {
    const catalog_table *table;
    const char *alias;
    table_writes *writes;
    table_query *query; /* UPDATE / DELETE: the rows' conditions, for re-checks */
    const result_sink *sink;
    expr **returning;
    result_column *returning_columns;
    int returning_count;
    analyze_scope returning_scope;
    scope_relation returning_relation;
    expr **defaults; /* per column, analysed on first use */
    int64_t count;
    /* ON CONFLICT DO UPDATE: the SET list and WHERE, analysed with the existing row as
     * relation 0 and the proposed one as relation 1 ("excluded"). */
    bool conflict_update;
    int conflict_set_count;
    int *conflict_columns;
    expr **conflict_values;
    expr *conflict_where;
    analyze_scope conflict_scope;
    scope_relation conflict_relations[2];
} modification;

static const catalog_table *target_table(query_context *ctx, const cJSON *relation,
                                         const char **alias)
{
    const char *schema = node_get_string(relation, "schemaname");
    const char *name = node_get_string(relation, "relname");
    int location = node_get_int(relation, "location", -1);
    if (name == NULL) {
        query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "table name is required");
        return NULL;
    }
    *alias = node_get_string(node_get(relation, "alias"), "aliasname");
    const catalog_table *t = names_resolve_table(ctx, schema, name, location, false);
    if (t != NULL && !permission_check_write(ctx, t, location))
        return NULL;
    return t;
}

static int find_column(const catalog_table *t, const char *name)
{
    for (int i = 0; i < t->column_count; i++) {
        if (!t->columns[i].dropped && strcmp(t->columns[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* A column INSERT or UPDATE names as a target: the position, or -1 with the error
 * recorded (42703 unknown; system columns are the server's to write). */
static int target_column(query_context *ctx, const catalog_table *t, const char *name,
                         int location)
{
    int c = name != NULL ? find_column(t, name) : -1;
    if (c < 0) {
        query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, location,
                   "column \"%s\" of relation \"%s\" does not exist", name != NULL ? name : "",
                   t->name);
        return -1;
    }
    if (t->columns[c].system) {
        query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                   "cannot assign to system column \"%s\"", name);
        return -1;
    }
    return c;
}

/* RETURNING is analysed with the target table as the only relation. */
static bool prepare_returning(query_context *ctx, modification *m, const cJSON *list)
{
    int count = cJSON_GetArraySize(list);
    if (count == 0)
        return true;
    int capacity = count;
    for (const cJSON *item = list->child; item != NULL; item = item->next) {
        const cJSON *fields = node_get(node_fields(node_get(node_fields(item), "val")), "fields");
        int n = cJSON_GetArraySize(fields);
        if (n > 0 && strcmp(node_kind(cJSON_GetArrayItem(fields, n - 1)), "A_Star") == 0)
            capacity += m->table->column_count;
    }
    m->returning = arena_alloc(ctx->arena, (size_t)capacity * sizeof *m->returning);
    m->returning_columns = arena_alloc(ctx->arena, (size_t)capacity * sizeof *m->returning_columns);
    if (m->returning == NULL || m->returning_columns == NULL)
        return query_fail_no_memory(ctx);
    m->returning_relation.name = m->alias != NULL ? m->alias : m->table->name;
    m->returning_relation.table = m->table;
    m->returning_scope.relations = &m->returning_relation;
    m->returning_scope.relation_count = 1;
    m->returning_scope.aggregates_forbidden_in = "RETURNING";
    analyze_scope *saved = ctx->scope;
    ctx->scope = &m->returning_scope;
    bool ok = true;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        const cJSON *fields = node_fields(item);
        const cJSON *val = node_get(fields, "val");
        const cJSON *names = node_get(node_fields(val), "fields");
        int n = cJSON_GetArraySize(names);
        if (strcmp(node_kind(val), "ColumnRef") == 0 && n > 0 &&
            strcmp(node_kind(cJSON_GetArrayItem(names, n - 1)), "A_Star") == 0) {
            for (int c = 0; c < m->table->column_count && ok; c++) {
                if (m->table->columns[c].dropped || m->table->columns[c].system)
                    continue;
                ok = expr_column(ctx, 0, c, &m->returning[m->returning_count]);
                m->returning_columns[m->returning_count].name = m->table->columns[c].name;
                m->returning_count++;
            }
            continue;
        }
        expr *e;
        if (!(ok = expr_analyze(ctx, val, &e)))
            break;
        if (expr_type(e) == TYPE_UNKNOWN &&
            !(ok = expr_coerce(ctx, e, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e)))
            break;
        const char *alias = node_get_string(fields, "name");
        m->returning[m->returning_count] = e;
        m->returning_columns[m->returning_count].name = alias != NULL ? alias : expr_column_name(val);
        m->returning_count++;
    }
    ctx->scope = saved;
    if (!ok)
        return false;
    for (int i = 0; i < m->returning_count; i++) {
        m->returning_columns[i].type = expr_type(m->returning[i]);
        m->returning_columns[i].typmod = expr_typmod(m->returning[i]);
    }
    return m->sink->columns(m->sink->state, ctx, m->returning_columns, m->returning_count);
}

static bool send_returning(query_context *ctx, modification *m, value *row)
{
    if (m->returning_count == 0)
        return true;
    value *values = arena_alloc(ctx->arena, (size_t)m->returning_count * sizeof *values);
    if (values == NULL)
        return query_fail_no_memory(ctx);
    value **saved_rows = ctx->current_rows;
    analyze_scope *saved_scope = ctx->scope;
    value *rows[1] = {row};
    ctx->current_rows = rows;
    ctx->scope = &m->returning_scope;
    bool ok = true;
    for (int i = 0; i < m->returning_count && ok; i++)
        ok = expr_evaluate(ctx, m->returning[i], &values[i]);
    ctx->current_rows = saved_rows;
    ctx->scope = saved_scope;
    return ok && m->sink->row(m->sink->state, ctx, values, m->returning_count);
}

/* "(1, null, abc)" as PostgreSQL's "Failing row contains" detail prints a row. */
static const char *row_text(query_context *ctx, const catalog_table *t, const value *row)
{
    size_t capacity = 64, used = 0;
    char *text = arena_alloc(ctx->arena, capacity);
    if (text == NULL)
        return NULL;
    text[used++] = '(';
    bool first = true;
    for (int i = 0; i < t->column_count; i++) {
        if (t->columns[i].dropped || t->columns[i].system)
            continue;
        const char *s = "null";
        size_t n = 4;
        if (!row[i].is_null && !value_to_text(ctx, &row[i], &s, &n))
            return NULL;
        if (used + n + 4 > capacity) {
            while (used + n + 4 > capacity)
                capacity *= 2;
            char *grown = arena_alloc(ctx->arena, capacity);
            if (grown == NULL)
                return NULL;
            memcpy(grown, text, used);
            text = grown;
        }
        if (!first) {
            text[used++] = ',';
            text[used++] = ' ';
        }
        first = false;
        memcpy(text + used, s, n);
        used += n;
    }
    text[used++] = ')';
    text[used] = '\0';
    return text;
}

static const char *schema_of(query_context *ctx, const catalog_table *t)
{
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, t->namespace_id);
    return n != NULL ? n->name : NULL;
}

static bool check_not_null(query_context *ctx, const catalog_table *t, const value *row)
{
    for (int i = 0; i < t->column_count; i++) {
        if (t->columns[i].not_null && !t->columns[i].dropped && !t->columns[i].system &&
            row[i].is_null) {
            query_fail(ctx, SQLSTATE_NOT_NULL_VIOLATION, -1,
                       "null value in column \"%s\" of relation \"%s\" violates not-null "
                       "constraint",
                       t->columns[i].name, t->name);
            const char *detail = row_text(ctx, t, row);
            query_fail_object(ctx, schema_of(ctx, t), t->name, t->columns[i].name, NULL);
            return query_fail_detail(ctx, detail != NULL ? arena_printf(ctx->arena,
                                                                        "Failing row contains %s.",
                                                                        detail)
                                                         : NULL);
        }
    }
    return true;
}

static bool duplicate_key(query_context *ctx, const catalog_table *t, const value *row)
{
    query_fail(ctx, SQLSTATE_UNIQUE_VIOLATION, -1,
               "duplicate key value violates unique constraint \"%s_pkey\"", t->name);
    query_fail_object(ctx, schema_of(ctx, t), t->name, NULL,
                      arena_printf(ctx->arena, "%s_pkey", t->name));
    size_t capacity = 256, used = 0;
    char *names = arena_alloc(ctx->arena, capacity), *values = arena_alloc(ctx->arena, capacity);
    if (names == NULL || values == NULL)
        return false;
    names[0] = values[0] = '\0';
    for (int k = 0; k < t->primary_key_count; k++) {
        int c = t->primary_key[k];
        const char *s;
        size_t n;
        if (!value_to_text(ctx, &row[c], &s, &n))
            return false;
        names = arena_printf(ctx->arena, "%s%s%s", names, k > 0 ? ", " : "", t->columns[c].name);
        values = arena_printf(ctx->arena, "%s%s%.*s", values, k > 0 ? ", " : "", (int)n, s);
        if (names == NULL || values == NULL)
            return false;
    }
    (void)used;
    return query_fail_detail(ctx, arena_printf(ctx->arena, "Key (%s)=(%s) already exists.", names,
                                               values));
}

/* Analyses the column's DEFAULT expression into defaults[column] unless done already. */
static bool analyze_default(query_context *ctx, const catalog_table *t, expr **defaults, int column)
{
    const catalog_column *c = &t->columns[column];
    if (c->default_tree == NULL || defaults[column] != NULL)
        return true;
    cJSON *tree = cJSON_Parse(c->default_tree);
    if (tree == NULL)
        return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "the default of column \"%s\" is corrupt",
                          c->name);
    analyze_scope *saved = ctx->scope;
    ctx->scope = NULL;
    bool ok = expr_analyze(ctx, tree, &defaults[column]) &&
              expr_coerce(ctx, defaults[column], c->type, c->typmod, CAST_ASSIGNMENT, NULL,
                          &defaults[column]);
    ctx->scope = saved;
    cJSON_Delete(tree);
    return ok;
}

/* The column's DEFAULT, analysed once per statement (none: NULL). */
static bool default_value(query_context *ctx, const catalog_table *t, expr **defaults, int column,
                          value *out)
{
    if (t->columns[column].default_tree == NULL) {
        *out = value_null(t->columns[column].type);
        return true;
    }
    return analyze_default(ctx, t, defaults, column) &&
           expr_evaluate(ctx, defaults[column], out);
}

static bool column_default(query_context *ctx, modification *m, int column, value *out)
{
    return default_value(ctx, m->table, m->defaults, column, out);
}

bool modify_analyze_default(query_context *ctx, const catalog_table *t, expr **defaults,
                            int column)
{
    return analyze_default(ctx, t, defaults, column);
}

static bool assign(query_context *ctx, const catalog_column *c, const value *in, value *out)
{
    if (!cast_exists(in->type, c->type, CAST_ASSIGNMENT)) {
        query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                   "column \"%s\" is of type %s but expression is of type %s", c->name,
                   type_format(ctx, c->type, c->typmod), type_display_name(in->type));
        return query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
    }
    return value_cast(ctx, in, c->type, c->typmod, CAST_ASSIGNMENT, -1, out);
}

static bool conflict_update(query_context *ctx, modification *m, const key_buffer *key,
                            value *proposed)
{
    const catalog_table *t = m->table;
    if (table_row_written(m->writes, key)) {
        query_fail(ctx, "21000", -1,
                   "ON CONFLICT DO UPDATE command cannot affect row a second time");
        return query_fail_hint(ctx, "Ensure that no rows proposed for insertion within the same "
                                    "command have duplicate constrained values.");
    }
    value *existing = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *existing);
    value *row = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *row);
    if (existing == NULL || row == NULL)
        return query_fail_no_memory(ctx);
    bool found;
    if (!table_row_get(ctx, t, key, existing, &found))
        return false;
    if (!found) {
        /* Deleted by a transaction that committed while this one waited for the row. */
        if (!table_row_insert(ctx, m->writes, t, key, proposed))
            return false;
        m->count++;
        return send_returning(ctx, m, proposed);
    }
    value *rows[2] = {existing, proposed};
    value **saved_rows = ctx->current_rows;
    analyze_scope *saved_scope = ctx->scope;
    ctx->current_rows = rows;
    ctx->scope = &m->conflict_scope;
    bool ok = true, update = true;
    if (m->conflict_where != NULL) {
        value v;
        ok = expr_evaluate(ctx, m->conflict_where, &v);
        update = ok && !v.is_null && v.as.boolean;
    }
    memcpy(row, existing, (size_t)t->column_count * sizeof *row);
    for (int i = 0; ok && update && i < m->conflict_set_count; i++) {
        int c = m->conflict_columns[i];
        value v;
        ok = expr_evaluate(ctx, m->conflict_values[i], &v) &&
             value_cast(ctx, &v, t->columns[c].type, t->columns[c].typmod, CAST_ASSIGNMENT, -1,
                        &row[c]);
    }
    ctx->current_rows = saved_rows;
    ctx->scope = saved_scope;
    if (!ok)
        return false;
    if (!update)
        return true;
    for (int k = 0; k < t->primary_key_count; k++) {
        if (value_compare(&row[t->primary_key[k]], &existing[t->primary_key[k]]) != 0)
            return query_fail_unsupported(ctx, -1, "ON CONFLICT DO UPDATE changing the key");
    }
    if (!check_not_null(ctx, t, row) || !table_row_insert(ctx, m->writes, t, key, row))
        return false;
    m->count++;
    return send_returning(ctx, m, row);
}

/* Before a key is found free or taken: a transaction still open that wrote it decides,
 * so wait for its end (then the key is taken if it committed the row, free if not). */
static bool wait_for_key(query_context *ctx, const key_buffer *key)
{
    return ctx->transaction == NULL ||
           transaction_wait_for_key_writers(ctx, ctx->transaction, key->bytes, key->length);
}

/* Locks the row a statement read under key for changing it, and brings row up to its
 * latest version; *skip when that version is gone or no longer meets the statement's
 * conditions (re-evaluated only if it changed). */
static bool lock_target_row(query_context *ctx, modification *m, const key_buffer *key,
                            lock_mode mode, value *row, bool *skip)
{
    table_row_version version;
    *skip = false;
    if (!table_row_lock(ctx, m->table, key, mode, LOCK_WAIT_BLOCK,
                        table_query_rows(m->query), row, &version))
        return false;
    if (version == TABLE_ROW_GONE) {
        *skip = true;
        return true;
    }
    if (version != TABLE_ROW_CHANGED)
        return true;
    bool holds;
    if (!table_query_recheck(ctx, m->query, &holds))
        return false;
    *skip = !holds;
    return true;
}

/* Writes the row unless a row holds its key already (*exists; then nothing is written). */
static bool write_new_row(query_context *ctx, const catalog_table *t, table_writes *w, value *row,
                          key_buffer *key, bool *exists)
{
    *exists = false;
    if (!table_row_key(ctx, t, row, key))
        return false;
    if (t->primary_key_count > 0 && !wait_for_key(ctx, key))
        return false;
    if (t->primary_key_count > 0 && !table_row_exists(ctx, w, t, key, exists))
        return false;
    return *exists || table_row_insert(ctx, w, t, key, row);
}

static bool insert_row(query_context *ctx, modification *m, value *row, bool do_nothing)
{
    const catalog_table *t = m->table;
    if (!check_not_null(ctx, t, row))
        return false;
    key_buffer key;
    bool exists;
    if (!write_new_row(ctx, t, m->writes, row, &key, &exists))
        return false;
    if (exists && m->conflict_update) {
        /* The conflicting row is locked like an UPDATE's, then read at its latest. */
        if (lock_acquire(ctx, ctx->transaction != NULL ? transaction_lock_owner(ctx->transaction)
                                                       : NULL,
                         key.bytes, key.length, LOCK_FOR_UPDATE, LOCK_WAIT_BLOCK) == LOCK_FAILED)
            return false;
        return conflict_update(ctx, m, &key, row);
    }
    if (exists)
        return do_nothing ? true : duplicate_key(ctx, t, row);
    m->count++;
    return send_returning(ctx, m, row);
}

bool modify_check_not_null(query_context *ctx, const catalog_table *t, const value *row)
{
    return check_not_null(ctx, t, row);
}

bool modify_insert_row(query_context *ctx, const catalog_table *t, table_writes *w, value *row)
{
    key_buffer key;
    bool exists;
    if (!write_new_row(ctx, t, w, row, &key, &exists))
        return false;
    return !exists || duplicate_key(ctx, t, row);
}

/* ---- INSERT ---- */

/* ON CONFLICT (cols): the columns must be the primary key, the only unique constraint. */
static bool conflict_target_matches(query_context *ctx, const catalog_table *t, const cJSON *infer)
{
    const cJSON *elements = node_get(infer, "indexElems");
    bool matches = t->primary_key_count > 0;
    if (infer != NULL && node_get(infer, "conname") != NULL) {
        const char *name = node_get_string(infer, "conname");
        char key_name[CATALOG_NAME_MAX + 8];
        snprintf(key_name, sizeof key_name, "%s_pkey", t->name);
        if (name == NULL || strcmp(name, key_name) != 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                              "constraint \"%s\" for table \"%s\" does not exist",
                              name != NULL ? name : "", t->name);
    } else if (infer != NULL) {
        matches = matches && cJSON_GetArraySize(elements) == t->primary_key_count;
        const cJSON *element;
        cJSON_ArrayForEach(element, elements)
        {
            const char *name = node_get_string(node_fields(element), "name");
            bool in_key = false;
            for (int k = 0; name != NULL && k < t->primary_key_count; k++)
                in_key = in_key || strcmp(t->columns[t->primary_key[k]].name, name) == 0;
            matches = matches && in_key;
        }
    }
    if (!matches && (infer != NULL || t->primary_key_count == 0))
        return query_fail(ctx, "42P10", -1,
                          "there is no unique or exclusion constraint matching the ON CONFLICT "
                          "specification");
    return true;
}

static bool prepare_conflict_update(query_context *ctx, modification *m, const cJSON *conflict)
{
    const catalog_table *t = m->table;
    if (node_get(conflict, "infer") == NULL) {
        query_fail(ctx, "42601", node_get_int(conflict, "location", -1),
                   "ON CONFLICT DO UPDATE requires inference specification or constraint name");
        return query_fail_hint(ctx, "For example, ON CONFLICT (column_name).");
    }
    m->conflict_update = true;
    m->conflict_relations[0].name = m->alias != NULL ? m->alias : t->name;
    m->conflict_relations[0].table = t;
    m->conflict_relations[1].name = "excluded";
    m->conflict_relations[1].table = t;
    m->conflict_scope.relations = m->conflict_relations;
    m->conflict_scope.relation_count = 2;
    m->conflict_scope.aggregates_forbidden_in = "ON CONFLICT DO UPDATE";
    const cJSON *targets = node_get(conflict, "targetList");
    int count = cJSON_GetArraySize(targets);
    m->conflict_columns = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *m->conflict_columns);
    m->conflict_values = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *m->conflict_values);
    if (m->conflict_columns == NULL || m->conflict_values == NULL)
        return query_fail_no_memory(ctx);
    analyze_scope *saved = ctx->scope;
    ctx->scope = &m->conflict_scope;
    bool ok = true;
    const cJSON *target;
    cJSON_ArrayForEach(target, targets)
    {
        const cJSON *fields = node_fields(target);
        const char *name = node_get_string(fields, "name");
        int c = target_column(ctx, t, name, node_get_int(fields, "location", -1));
        if (c < 0) {
            ok = false;
            break;
        }
        expr *e;
        const cJSON *val = node_get(fields, "val");
        if (strcmp(node_kind(val), "SetToDefault") == 0) {
            ok = query_fail_unsupported(ctx, -1, "DEFAULT in ON CONFLICT DO UPDATE");
            break;
        }
        if (!(ok = expr_analyze(ctx, val, &e)))
            break;
        if (!cast_exists(expr_type(e), t->columns[c].type, CAST_ASSIGNMENT)) {
            query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                       "column \"%s\" is of type %s but expression is of type %s", t->columns[c].name,
                       type_format(ctx, t->columns[c].type, t->columns[c].typmod),
                       type_display_name(expr_type(e)));
            ok = query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
            break;
        }
        if (!(ok = expr_coerce(ctx, e, t->columns[c].type, TYPMOD_NONE, CAST_ASSIGNMENT, NULL, &e)))
            break;
        m->conflict_columns[m->conflict_set_count] = c;
        m->conflict_values[m->conflict_set_count++] = e;
    }
    const cJSON *where = node_get(conflict, "whereClause");
    if (ok && where != NULL)
        ok = expr_analyze(ctx, where, &m->conflict_where) &&
             expr_coerce(ctx, m->conflict_where, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE",
                         &m->conflict_where);
    ctx->scope = saved;
    return ok;
}

typedef struct insert_source {
    query_context *ctx;
    modification *m;
    const int *positions; /* target column of each source column */
    int count;
    bool do_nothing;
    bool implicit_columns;
} insert_source;

bool modify_complete_row(query_context *ctx, const catalog_table *t, expr **defaults,
                         const int *positions, const value *given, const bool *use_default,
                         int given_count, value *row)
{
    bool *set = arena_zalloc(ctx->arena, (size_t)t->column_count * sizeof *set);
    if (set == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < given_count; i++) {
        int c = positions[i];
        set[c] = true;
        if (use_default != NULL && use_default[i]) {
            if (!default_value(ctx, t, defaults, c, &row[c]))
                return false;
        } else if (!assign(ctx, &t->columns[c], &given[i], &row[c])) {
            return false;
        }
    }
    for (int c = 0; c < t->column_count; c++) {
        if (!set[c] && !default_value(ctx, t, defaults, c, &row[c]))
            return false;
    }
    return true;
}

static bool complete_row(query_context *ctx, modification *m, const int *positions,
                         const value *given, const bool *use_default, int given_count, value *row)
{
    return modify_complete_row(ctx, m->table, m->defaults, positions, given, use_default,
                               given_count, row);
}

static bool source_columns(void *state, query_context *ctx, const result_column *columns, int count)
{
    insert_source *s = state;
    if (s->implicit_columns && count < s->count)
        s->count = count;
    if (count > s->count)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                          "INSERT has more expressions than target columns");
    if (count < s->count)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                          "INSERT has more target columns than expressions");
    for (int i = 0; i < count; i++) {
        const catalog_column *c = &s->m->table->columns[s->positions[i]];
        if (!cast_exists(columns[i].type, c->type, CAST_ASSIGNMENT)) {
            query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                       "column \"%s\" is of type %s but expression is of type %s", c->name,
                       type_format(ctx, c->type, c->typmod), type_display_name(columns[i].type));
            return query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
        }
    }
    return true;
}

static bool source_row(void *state, query_context *ctx, const value *values, int count)
{
    insert_source *s = state;
    value *row = arena_alloc(ctx->arena, (size_t)s->m->table->column_count * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    return complete_row(ctx, s->m, s->positions, values, NULL, count, row) &&
           insert_row(ctx, s->m, row, s->do_nothing);
}

/* PostgreSQL points at the first expression without a column, or the first column
 * without an expression. */
static bool count_mismatch(query_context *ctx, const cJSON *items, const cJSON *cols, int n,
                           int count, bool implicit_columns, bool first_row)
{
    if (!first_row && implicit_columns)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR,
                          node_get_int(node_fields(cJSON_GetArrayItem(items, n > count ? count : n - 1)),
                                       "location", -1),
                          "VALUES lists must all be the same length");
    if (n > count)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR,
                          node_get_int(node_fields(cJSON_GetArrayItem(items, count)), "location", -1),
                          "INSERT has more expressions than target columns");
    return query_fail(ctx, SQLSTATE_SYNTAX_ERROR,
                      node_get_int(node_fields(cJSON_GetArrayItem(cols, n)), "location", -1),
                      "INSERT has more target columns than expressions");
}

static bool insert_values(query_context *ctx, modification *m, const cJSON *lists,
                          const cJSON *cols, const int *positions, int count, bool do_nothing,
                          bool implicit_columns)
{
    /* Every VALUES row has the first row's length (the grammar does not check that). */
    if (implicit_columns) {
        int first = cJSON_GetArraySize(node_get(node_fields(cJSON_GetArrayItem(lists, 0)), "items"));
        if (first < count)
            count = first;
    }
    const catalog_table *t = m->table;
    value *given = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *given);
    bool *use_default = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *use_default);
    if (given == NULL || use_default == NULL)
        return query_fail_no_memory(ctx);
    const cJSON *list;
    cJSON_ArrayForEach(list, lists)
    {
        const cJSON *items = node_get(node_fields(list), "items");
        int n = cJSON_GetArraySize(items);
        if (n != count)
            return count_mismatch(ctx, items, cols, n, count, implicit_columns,
                                  list == lists->child);
        int i = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, items)
        {
            use_default[i] = strcmp(node_kind(item), "SetToDefault") == 0;
            if (!use_default[i]) {
                expr *e;
                const catalog_column *c = &t->columns[positions[i]];
                if (!expr_analyze(ctx, item, &e))
                    return false;
                if (!cast_exists(expr_type(e), c->type, CAST_ASSIGNMENT)) {
                    query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH,
                               node_get_int(node_fields(item), "location", -1),
                               "column \"%s\" is of type %s but expression is of type %s", c->name,
                               type_format(ctx, c->type, c->typmod), type_display_name(expr_type(e)));
                    return query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
                }
                if (!expr_coerce(ctx, e, c->type, TYPMOD_NONE, CAST_ASSIGNMENT, NULL, &e) ||
                    (!ctx->describe_only && !expr_evaluate(ctx, e, &given[i])))
                    return false;
            }
            i++;
        }
        if (ctx->describe_only)
            continue;
        value *row = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *row);
        if (row == NULL)
            return query_fail_no_memory(ctx);
        if (!complete_row(ctx, m, positions, given, use_default, count, row) ||
            !insert_row(ctx, m, row, do_nothing))
            return false;
    }
    return true;
}

static bool insert_statement(query_context *ctx, const cJSON *node, const result_sink *sink,
                             char tag[COMMAND_TAG_MAX])
{
    modification m;
    memset(&m, 0, sizeof m);
    m.sink = sink;
    if (node_get(node, "withClause") != NULL)
        return query_fail_unsupported(ctx, -1, "WITH in INSERT");
    m.table = target_table(ctx, node_get(node, "relation"), &m.alias);
    if (m.table == NULL)
        return false;
    const catalog_table *t = m.table;
    bool do_nothing = false;
    const cJSON *conflict = node_get(node, "onConflictClause");
    if (conflict != NULL) {
        const char *action = node_get_string(conflict, "action");
        if (!conflict_target_matches(ctx, t, node_get(conflict, "infer")))
            return false;
        if (action != NULL && strcmp(action, "ONCONFLICT_UPDATE") == 0) {
            if (!prepare_conflict_update(ctx, &m, conflict))
                return false;
        } else {
            do_nothing = true;
        }
    }

    /* Target columns: the list given, else every column in order. */
    const cJSON *cols = node_get(node, "cols");
    int count = cols != NULL ? cJSON_GetArraySize(cols) : 0;
    int *positions = arena_alloc(ctx->arena, (size_t)(t->column_count + count + 1) * sizeof *positions);
    m.defaults = arena_zalloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *m.defaults);
    if (positions == NULL || m.defaults == NULL)
        return query_fail_no_memory(ctx);
    if (cols != NULL) {
        int i = 0;
        const cJSON *col;
        cJSON_ArrayForEach(col, cols)
        {
            const cJSON *fields = node_fields(col);
            const char *name = node_get_string(fields, "name");
            int location = node_get_int(fields, "location", -1);
            if (node_get(fields, "indirection") != NULL)
                return query_fail_unsupported(ctx, location, "INSERT into subfields or elements");
            int c = target_column(ctx, t, name, location);
            if (c < 0)
                return false;
            for (int j = 0; j < i; j++) {
                if (positions[j] == c)
                    return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, location,
                                      "column \"%s\" specified more than once", name);
            }
            positions[i++] = c;
        }
    } else {
        for (int c = 0; c < t->column_count; c++) {
            if (!t->columns[c].dropped && !t->columns[c].system)
                positions[count++] = c;
        }
    }
    /* Without a column list, fewer values fill the leading columns. */
    bool implicit_columns = cols == NULL;

    m.writes = table_writes_begin(ctx, t);
    if (m.writes == NULL)
        return false;
    bool ok = prepare_returning(ctx, &m, node_get(node, "returningList"));
    const cJSON *select = node_fields(node_get(node, "selectStmt"));
    if (ok && select == NULL && ctx->describe_only) {
        /* INSERT ... DEFAULT VALUES: nothing to analyse. */
    } else if (ok && select == NULL) {
        /* INSERT ... DEFAULT VALUES */
        value *row = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *row);
        ok = row != NULL ? complete_row(ctx, &m, positions, NULL, NULL, 0, row) &&
                               insert_row(ctx, &m, row, do_nothing)
                         : query_fail_no_memory(ctx);
    } else if (ok && node_get(select, "valuesLists") != NULL && node_get(select, "sortClause") == NULL &&
               node_get(select, "limitCount") == NULL) {
        ok = insert_values(ctx, &m, node_get(select, "valuesLists"), cols, positions, count,
                           do_nothing, implicit_columns);
    } else if (ok) {
        insert_source source = {ctx, &m, positions, count, do_nothing, implicit_columns};
        result_sink into = {&source, source_columns, source_row};
        char select_tag[COMMAND_TAG_MAX];
        ok = select_execute(ctx, select, &into, select_tag);
    }
    if (ok && t->kind == TABLE_STREAM && !ctx->describe_only)
        ok = table_stream_trim(ctx, m.writes, t);
    if (ok && !ctx->describe_only)
        ok = table_writes_commit(ctx, m.writes);
    else
        table_writes_abandon(m.writes);
    snprintf(tag, COMMAND_TAG_MAX, "INSERT 0 %lld", (long long)m.count);
    return ok;
}

/* ---- UPDATE ---- */

static bool refuse_stream_table(query_context *ctx, const catalog_table *t, const char *command)
{
    if (t->kind != TABLE_STREAM)
        return true;
    query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
               "cannot %s a stream table: stream tables are append-only", command);
    return query_fail_object(ctx, schema_of(ctx, t), t->name, NULL, NULL);
}

typedef struct update_state {
    modification *m;
    int *columns;
    expr **values;
    bool *use_default;
    int count;
    /* FOR UPDATE if a key column is assigned, else FOR NO KEY UPDATE (as PostgreSQL). */
    lock_mode lock;
} update_state;

static bool same_key(const key_buffer *a, const key_buffer *b)
{
    return a->length == b->length && memcmp(a->bytes, b->bytes, a->length) == 0;
}

static bool update_row(void *arg, query_context *ctx, value *old_row, const key_buffer *old_key)
{
    update_state *u = arg;
    modification *m = u->m;
    /* With FROM, a target row joined to several rows is updated once, as in PostgreSQL. */
    if (table_row_written(m->writes, old_key))
        return true;
    bool skip;
    if (!lock_target_row(ctx, m, old_key, u->lock, old_row, &skip))
        return false;
    if (skip)
        return true;
    const catalog_table *t = m->table;
    value *row = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    memcpy(row, old_row, (size_t)t->column_count * sizeof *row);
    for (int i = 0; i < u->count; i++) {
        int c = u->columns[i];
        value v;
        if (u->use_default[i]) {
            if (!column_default(ctx, m, c, &row[c]))
                return false;
            continue;
        }
        if (!expr_evaluate(ctx, u->values[i], &v) || !assign(ctx, &t->columns[c], &v, &row[c]))
            return false;
    }
    if (!check_not_null(ctx, t, row))
        return false;
    key_buffer key = *old_key;
    if (t->primary_key_count > 0) {
        if (!table_row_key(ctx, t, row, &key))
            return false;
        if (!same_key(&key, old_key)) {
            bool exists;
            if (!wait_for_key(ctx, &key) || !table_row_exists(ctx, m->writes, t, &key, &exists))
                return false;
            if (exists)
                return duplicate_key(ctx, t, row);
            if (!table_row_remove(ctx, m->writes, t, old_key, old_row))
                return false;
        }
    }
    if (!table_row_insert(ctx, m->writes, t, &key, row))
        return false;
    m->count++;
    return send_returning(ctx, m, row);
}

static bool update_statement(query_context *ctx, const cJSON *node, const result_sink *sink,
                             char tag[COMMAND_TAG_MAX])
{
    modification m;
    memset(&m, 0, sizeof m);
    m.sink = sink;
    if (node_get(node, "withClause") != NULL)
        return query_fail_unsupported(ctx, -1, "WITH in UPDATE");
    m.table = target_table(ctx, node_get(node, "relation"), &m.alias);
    if (m.table == NULL || !refuse_stream_table(ctx, m.table, "UPDATE"))
        return false;
    const catalog_table *t = m.table;
    const cJSON *targets = node_get(node, "targetList");
    update_state u = {&m, NULL, NULL, NULL, cJSON_GetArraySize(targets), LOCK_FOR_NO_KEY_UPDATE};
    u.columns = arena_alloc(ctx->arena, (size_t)(u.count + 1) * sizeof *u.columns);
    u.values = arena_zalloc(ctx->arena, (size_t)(u.count + 1) * sizeof *u.values);
    u.use_default = arena_zalloc(ctx->arena, (size_t)(u.count + 1) * sizeof *u.use_default);
    m.defaults = arena_zalloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *m.defaults);
    if (u.columns == NULL || u.values == NULL || u.use_default == NULL || m.defaults == NULL)
        return query_fail_no_memory(ctx);

    table_query *q = table_query_begin(ctx, t, m.alias, node_get(node, "whereClause"),
                                       node_get(node, "fromClause"));
    if (q == NULL)
        return false;
    bool ok = true;
    int i = 0;
    const cJSON *target;
    cJSON_ArrayForEach(target, targets)
    {
        const cJSON *fields = node_fields(target);
        const char *name = node_get_string(fields, "name");
        int location = node_get_int(fields, "location", -1);
        const cJSON *val = node_get(fields, "val");
        if (node_get(fields, "indirection") != NULL || strcmp(node_kind(val), "MultiAssignRef") == 0) {
            ok = query_fail_unsupported(ctx, location, "UPDATE of subfields or multiple columns");
            break;
        }
        int c = target_column(ctx, t, name, location);
        if (c < 0) {
            ok = false;
            break;
        }
        for (int j = 0; j < i; j++) {
            if (u.columns[j] == c) {
                ok = query_fail(ctx, "42601", location, "multiple assignments to same column \"%s\"",
                                name);
                break;
            }
        }
        if (!ok)
            break;
        u.columns[i] = c;
        for (int k = 0; k < t->primary_key_count; k++) {
            if (t->primary_key[k] == c)
                u.lock = LOCK_FOR_UPDATE;
        }
        if (strcmp(node_kind(val), "SetToDefault") == 0) {
            u.use_default[i++] = true;
            continue;
        }
        ctx->scope->aggregates_forbidden_in = "UPDATE";
        if (!(ok = expr_analyze(ctx, val, &u.values[i])))
            break;
        const catalog_column *column = &t->columns[c];
        if (!cast_exists(expr_type(u.values[i]), column->type, CAST_ASSIGNMENT)) {
            query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, node_get_int(node_fields(val), "location", -1),
                       "column \"%s\" is of type %s but expression is of type %s", column->name,
                       type_format(ctx, column->type, column->typmod),
                       type_display_name(expr_type(u.values[i])));
            ok = query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
            break;
        }
        if (!(ok = expr_coerce(ctx, u.values[i], column->type, TYPMOD_NONE, CAST_ASSIGNMENT, NULL,
                               &u.values[i])))
            break;
        i++;
    }
    m.query = q;
    m.writes = ok ? table_writes_begin(ctx, t) : NULL;
    if (ok && m.writes == NULL)
        ok = false;
    if (ok)
        ok = prepare_returning(ctx, &m, node_get(node, "returningList"));
    if (ok && !ctx->describe_only)
        ok = table_query_run(ctx, q, update_row, &u);
    table_query_end(ctx, q);
    if (ok && !ctx->describe_only)
        ok = table_writes_commit(ctx, m.writes);
    else
        table_writes_abandon(m.writes);
    snprintf(tag, COMMAND_TAG_MAX, "UPDATE %lld", (long long)m.count);
    return ok;
}

/* ---- DELETE ---- */

static bool delete_row(void *arg, query_context *ctx, value *row, const key_buffer *key)
{
    modification *m = arg;
    if (table_row_written(m->writes, key))
        return true;
    bool skip;
    if (!lock_target_row(ctx, m, key, LOCK_FOR_UPDATE, row, &skip))
        return false;
    if (skip)
        return true;
    if (!table_row_remove(ctx, m->writes, m->table, key, row))
        return false;
    m->count++;
    return send_returning(ctx, m, row);
}

static bool delete_statement(query_context *ctx, const cJSON *node, const result_sink *sink,
                             char tag[COMMAND_TAG_MAX])
{
    modification m;
    memset(&m, 0, sizeof m);
    m.sink = sink;
    if (node_get(node, "withClause") != NULL)
        return query_fail_unsupported(ctx, -1, "WITH in DELETE");
    m.table = target_table(ctx, node_get(node, "relation"), &m.alias);
    if (m.table == NULL || !refuse_stream_table(ctx, m.table, "DELETE"))
        return false;
    table_query *q = table_query_begin(ctx, m.table, m.alias, node_get(node, "whereClause"),
                                       node_get(node, "usingClause"));
    if (q == NULL)
        return false;
    m.query = q;
    m.writes = table_writes_begin(ctx, m.table);
    bool ok = m.writes != NULL;
    if (ok)
        ok = prepare_returning(ctx, &m, node_get(node, "returningList"));
    if (ok && !ctx->describe_only)
        ok = table_query_run(ctx, q, delete_row, &m);
    table_query_end(ctx, q);
    if (ok && !ctx->describe_only)
        ok = table_writes_commit(ctx, m.writes);
    else
        table_writes_abandon(m.writes);
    snprintf(tag, COMMAND_TAG_MAX, "DELETE %lld", (long long)m.count);
    return ok;
}

/* A statement holding unapplied writes is never paused: another session could otherwise
 * change the rows it read before its batch lands. */
bool modify_insert(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX])
{
    ctx->write_depth++;
    bool ok = insert_statement(ctx, node, sink, tag);
    ctx->write_depth--;
    return ok;
}

bool modify_update(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX])
{
    ctx->write_depth++;
    bool ok = update_statement(ctx, node, sink, tag);
    ctx->write_depth--;
    return ok;
}

bool modify_delete(query_context *ctx, const cJSON *node, const result_sink *sink,
                   char tag[COMMAND_TAG_MAX])
{
    ctx->write_depth++;
    bool ok = delete_statement(ctx, node, sink, tag);
    ctx->write_depth--;
    return ok;
}
