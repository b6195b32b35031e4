#include "query/system_tables.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "query/deparse.h"
#include "query/names.h"
#include "query/pg_catalog.h"

typedef struct system_table {
    const char *name;
    const system_column *columns;
    int column_count;
    bool (*generate)(query_context *ctx, row_list *rows);
    /* The row count system.tables shows, computed without generating the rows; *known is
     * false when the reader may not see the rows. */
    bool (*count)(query_context *ctx, int64_t *count, bool *known);
} system_table;

/* ---- the tables and their columns ---- */

static const system_column namespace_columns[] = {
    {"namespace", TYPE_TEXT, true},
    {"owner", TYPE_TEXT, false},
    {"table_count", TYPE_INT8, true},
    {"created_at", TYPE_TIMESTAMPTZ, false},
};

static const system_column table_columns[] = {
    {"namespace", TYPE_TEXT, true},
    {"table_name", TYPE_TEXT, true},
    {"table_type", TYPE_TEXT, true},
    {"owner", TYPE_TEXT, false},
    {"options", TYPE_TEXT, false},
    {"row_count", TYPE_INT8, false},
    {"is_visible", TYPE_BOOL, true},
    {"created_at", TYPE_TIMESTAMPTZ, false},
};

static const system_column column_columns[] = {
    {"namespace", TYPE_TEXT, true},
    {"table_name", TYPE_TEXT, true},
    {"column_name", TYPE_TEXT, true},
    {"ordinal_position", TYPE_INT4, true},
    {"data_type", TYPE_TEXT, true},
    {"is_nullable", TYPE_BOOL, true},
    {"column_default", TYPE_TEXT, false},
    {"is_primary_key", TYPE_BOOL, true},
};

static const system_column user_columns[] = {
    {"user_name", TYPE_TEXT, true},
    {"role", TYPE_TEXT, true},
    {"created_at", TYPE_TIMESTAMPTZ, false},
};

static const system_column session_columns[] = {
    {"connection_id", TYPE_INT8, true},
    {"process_id", TYPE_INT4, true},
    {"user_name", TYPE_TEXT, false},
    {"application_name", TYPE_TEXT, false},
    {"client_address", TYPE_TEXT, false},
    {"state", TYPE_TEXT, false},
    {"query", TYPE_TEXT, false},
    {"started_at", TYPE_TIMESTAMPTZ, false},
};

static bool generate_namespaces(query_context *ctx, row_list *rows);
static bool generate_tables(query_context *ctx, row_list *rows);
static bool generate_columns(query_context *ctx, row_list *rows);
static bool generate_users(query_context *ctx, row_list *rows);
static bool generate_sessions(query_context *ctx, row_list *rows);
static bool count_namespaces(query_context *ctx, int64_t *count, bool *known);
static bool count_tables(query_context *ctx, int64_t *count, bool *known);
static bool count_columns(query_context *ctx, int64_t *count, bool *known);
static bool count_users(query_context *ctx, int64_t *count, bool *known);
static bool count_sessions(query_context *ctx, int64_t *count, bool *known);

#define COLUMNS(list) list, (int)(sizeof list / sizeof list[0])

static const system_table system_table_list[] = {
    {"namespaces", COLUMNS(namespace_columns), generate_namespaces, count_namespaces},
    {"tables", COLUMNS(table_columns), generate_tables, count_tables},
    {"columns", COLUMNS(column_columns), generate_columns, count_columns},
    {"users", COLUMNS(user_columns), generate_users, count_users},
    {"sessions", COLUMNS(session_columns), generate_sessions, count_sessions},
};
static const int system_table_count = sizeof system_table_list / sizeof system_table_list[0];

/* ---- values ---- */

static value text_value(const char *text)
{
    return text != NULL ? value_text(TYPE_TEXT, text, strlen(text)) : value_null(TYPE_TEXT);
}

/* A catalog creation time ("" when the record predates them: NULL). */
static bool created_at_value(query_context *ctx, const char *iso, value *out)
{
    if (iso == NULL || iso[0] == '\0') {
        *out = value_null(TYPE_TIMESTAMPTZ);
        return true;
    }
    return value_from_text(ctx, TYPE_TIMESTAMPTZ, iso, strlen(iso), -1, out);
}

value *system_row_add(query_context *ctx, row_list *rows)
{
    if (!arena_reserve(ctx->arena, (void **)&rows->rows, sizeof *rows->rows, rows->count,
                       &rows->capacity, 16)) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    value *row = arena_alloc(ctx->arena, (size_t)rows->width * sizeof *row);
    if (row == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    for (int i = 0; i < rows->width; i++)
        row[i] = value_null(TYPE_TEXT);
    rows->rows[rows->count++] = row;
    return row;
}

bool system_row_finish(query_context *ctx, const row_list *rows, value *row)
{
    return values_detach(ctx, row, rows->width);
}

static const char *role_name(query_context *ctx, uint64_t id)
{
    const catalog_role *role = catalog_role_by_id(ctx->catalog, id);
    return role != NULL ? role->name : NULL;
}

bool system_reader_is_privileged(query_context *ctx)
{
    const catalog_role *role = catalog_find_role(ctx->catalog, ctx->current_user);
    return role != NULL && (role->kind == ROLE_DBA || role->kind == ROLE_SYSTEM);
}

/* ---- system.namespaces ---- */

static bool generate_namespaces(query_context *ctx, row_list *rows)
{
    for (size_t i = 0; i < catalog_namespace_count(ctx->catalog); i++) {
        const catalog_namespace *n = catalog_namespace_at(ctx->catalog, i);
        int64_t tables = 0;
        for (size_t k = 0; k < catalog_table_count(ctx->catalog); k++)
            tables += catalog_table_at(ctx->catalog, k)->namespace_id == n->id;
        value *row = system_row_add(ctx, rows);
        if (row == NULL)
            return false;
        row[0] = text_value(n->name);
        row[1] = text_value(role_name(ctx, n->owner_role_id));
        row[2] = value_int(TYPE_INT8, tables);
        if (!created_at_value(ctx, n->created_at, &row[3]) || !system_row_finish(ctx, rows, row))
            return false;
    }
    value *row = system_row_add(ctx, rows);
    if (row == NULL)
        return false;
    row[0] = text_value(SYSTEM_NAMESPACE);
    row[2] = value_int(TYPE_INT8, system_table_count);
    row[3] = value_null(TYPE_TIMESTAMPTZ);
    return system_row_finish(ctx, rows, row);
}

static bool count_namespaces(query_context *ctx, int64_t *count, bool *known)
{
    *count = (int64_t)catalog_namespace_count(ctx->catalog) + 1;
    *known = true;
    return true;
}

/* ---- system.tables ---- */

static bool generate_tables(query_context *ctx, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *t = catalog_table_at(ctx->catalog, i);
        const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, t->namespace_id);
        value *row = system_row_add(ctx, rows);
        if (row == NULL)
            return false;
        row[0] = text_value(n != NULL ? n->name : NULL);
        row[1] = text_value(t->name);
        /* The kind comes from the `type` option; without one a table is shared. */
        row[2] = text_value(table_kind_name(t->kind));
        row[3] = text_value(role_name(ctx, t->owner_role_id));
        row[4] = text_value(t->options);
        /* Counting a stored table's rows means scanning them: count(*) does that. */
        row[5] = value_null(TYPE_INT8);
        row[6] = value_bool(names_resolve_table(ctx, NULL, t->name, -1, true) == t);
        if (!created_at_value(ctx, t->created_at, &row[7]) || !system_row_finish(ctx, rows, row))
            return false;
    }
    for (int i = 0; i < system_table_count; i++) {
        const system_table *s = &system_table_list[i];
        int64_t count = 0;
        bool known = false;
        if (!s->count(ctx, &count, &known))
            return false;
        value *row = system_row_add(ctx, rows);
        if (row == NULL)
            return false;
        row[0] = text_value(SYSTEM_NAMESPACE);
        row[1] = text_value(s->name);
        row[2] = text_value("system");
        row[5] = known ? value_int(TYPE_INT8, count) : value_null(TYPE_INT8);
        row[6] = value_bool(false);
        row[7] = value_null(TYPE_TIMESTAMPTZ);
        if (!system_row_finish(ctx, rows, row))
            return false;
    }
    return true;
}

static bool count_tables(query_context *ctx, int64_t *count, bool *known)
{
    *count = (int64_t)catalog_table_count(ctx->catalog) + system_table_count;
    *known = true;
    return true;
}

/* ---- system.columns ---- */

static bool in_primary_key(const catalog_table *t, int column)
{
    for (int k = 0; k < t->primary_key_count; k++) {
        if (t->primary_key[k] == column)
            return true;
    }
    return false;
}

static bool default_text(query_context *ctx, const char *tree_json, const char **out)
{
    *out = NULL;
    if (tree_json == NULL)
        return true;
    cJSON *tree = cJSON_Parse(tree_json);
    if (tree == NULL)
        return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "a stored column default is corrupt");
    bool ok = deparse_expression(ctx, tree, out);
    cJSON_Delete(tree);
    return ok;
}

static bool generate_columns(query_context *ctx, row_list *rows)
{
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *t = catalog_table_at(ctx->catalog, i);
        const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, t->namespace_id);
        for (int c = 0; c < t->column_count; c++) {
            const catalog_column *column = &t->columns[c];
            /* _seq and _deleted are left out, as SELECT * and PostgreSQL's
             * information_schema leave out system columns. */
            if (column->dropped || column->system)
                continue;
            const char *type = type_format(ctx, column->type, column->typmod);
            const char *default_expression;
            if (type == NULL)
                return query_fail_no_memory(ctx);
            if (!default_text(ctx, column->default_tree, &default_expression))
                return false;
            value *row = system_row_add(ctx, rows);
            if (row == NULL)
                return false;
            row[0] = text_value(n != NULL ? n->name : NULL);
            row[1] = text_value(t->name);
            row[2] = text_value(column->name);
            /* Positions are never reused, so a dropped column leaves a gap, as attnum does. */
            row[3] = value_int(TYPE_INT4, c + 1);
            row[4] = text_value(type);
            row[5] = value_bool(!column->not_null);
            row[6] = text_value(default_expression);
            row[7] = value_bool(in_primary_key(t, c));
            if (!system_row_finish(ctx, rows, row))
                return false;
        }
    }
    for (int i = 0; i < system_table_count; i++) {
        const system_table *s = &system_table_list[i];
        for (int c = 0; c < s->column_count; c++) {
            value *row = system_row_add(ctx, rows);
            if (row == NULL)
                return false;
            row[0] = text_value(SYSTEM_NAMESPACE);
            row[1] = text_value(s->name);
            row[2] = text_value(s->columns[c].name);
            const char *type = type_format(ctx, s->columns[c].type, TYPMOD_NONE);
            if (type == NULL)
                return query_fail_no_memory(ctx);
            row[3] = value_int(TYPE_INT4, c + 1);
            row[4] = text_value(type);
            row[5] = value_bool(!s->columns[c].not_null);
            row[7] = value_bool(false);
        }
    }
    return true;
}

static bool count_columns(query_context *ctx, int64_t *count, bool *known)
{
    *count = 0;
    for (size_t i = 0; i < catalog_table_count(ctx->catalog); i++) {
        const catalog_table *t = catalog_table_at(ctx->catalog, i);
        for (int c = 0; c < t->column_count; c++)
            *count += !t->columns[c].dropped && !t->columns[c].system;
    }
    for (int i = 0; i < system_table_count; i++)
        *count += system_table_list[i].column_count;
    *known = true;
    return true;
}

/* ---- system.users ---- */

static bool generate_users(query_context *ctx, row_list *rows)
{
    for (size_t i = 0; i < catalog_role_count(ctx->catalog); i++) {
        const catalog_role *role = catalog_role_at(ctx->catalog, i);
        value *row = system_row_add(ctx, rows);
        if (row == NULL)
            return false;
        row[0] = text_value(role->name);
        row[1] = text_value(role_kind_name(role->kind));
        if (!created_at_value(ctx, role->created_at, &row[2]) || !system_row_finish(ctx, rows, row))
            return false;
    }
    return true;
}

static bool count_users(query_context *ctx, int64_t *count, bool *known)
{
    *known = system_reader_is_privileged(ctx);
    *count = (int64_t)catalog_role_count(ctx->catalog);
    return true;
}

/* ---- system.sessions ---- */

typedef struct session_rows {
    row_list *rows;
    bool privileged;
} session_rows;

/* As pg_stat_activity: another user's session shows who and what program, but not its
 * query, state or origin, unless the reader is a dba or system role. */
static bool add_session(void *arg, query_context *ctx, const session_activity *activity)
{
    session_rows *s = arg;
    value *row = system_row_add(ctx, s->rows);
    if (row == NULL)
        return false;
    bool visible = s->privileged ||
                   (activity->user_name != NULL && strcmp(activity->user_name, ctx->current_user) == 0);
    row[0] = value_int(TYPE_INT8, (int64_t)activity->connection_id);
    row[1] = value_int(TYPE_INT4, activity->process_id);
    row[2] = text_value(activity->user_name);
    row[3] = text_value(activity->application_name);
    row[4] = text_value(visible ? activity->client_address : NULL);
    row[5] = text_value(visible ? activity->state : NULL);
    row[6] = text_value(visible ? activity->query : "<insufficient privilege>");
    row[7] = visible ? value_int(TYPE_TIMESTAMPTZ, activity->started_at)
                     : value_null(TYPE_TIMESTAMPTZ);
    return system_row_finish(ctx, s->rows, row);
}

static bool generate_sessions(query_context *ctx, row_list *rows)
{
    if (ctx->list_sessions == NULL)
        return true;
    session_rows s = {rows, system_reader_is_privileged(ctx)};
    return ctx->list_sessions(ctx->list_sessions_arg, ctx, add_session, &s);
}

static bool count_session(void *arg, query_context *ctx, const session_activity *activity)
{
    (void)ctx;
    (void)activity;
    (*(int64_t *)arg)++;
    return true;
}

static bool count_sessions(query_context *ctx, int64_t *count, bool *known)
{
    *count = 0;
    *known = true;
    return ctx->list_sessions == NULL ||
           ctx->list_sessions(ctx->list_sessions_arg, ctx, count_session, count);
}

static const system_table *system_table_find(const char *name)
{
    for (int i = 0; i < system_table_count; i++) {
        if (strcmp(system_table_list[i].name, name) == 0)
            return &system_table_list[i];
    }
    return NULL;
}

bool system_table_exists(const char *schema, const char *name)
{
    if (name == NULL)
        return false;
    if (schema != NULL && strcmp(schema, SYSTEM_NAMESPACE) == 0)
        return system_table_find(name) != NULL;
    return pg_catalog_table_exists(schema, name);
}

int system_table_count_all(void)
{
    return system_table_count;
}

const char *system_table_name_at(int index, const system_column **columns, int *column_count)
{
    *columns = system_table_list[index].columns;
    *column_count = system_table_list[index].column_count;
    return system_table_list[index].name;
}

catalog_table *system_table_describe(query_context *ctx, const char *name,
                                     const system_column *columns, int column_count)
{
    catalog_table *t = arena_zalloc(ctx->arena, sizeof *t);
    if (t == NULL || (t->columns = arena_zalloc(ctx->arena, (size_t)column_count *
                                                                sizeof *t->columns)) == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    snprintf(t->name, sizeof t->name, "%s", name);
    t->column_count = column_count;
    t->seq_column = t->deleted_column = -1;
    for (int i = 0; i < column_count; i++) {
        snprintf(t->columns[i].name, sizeof t->columns[i].name, "%s", columns[i].name);
        t->columns[i].type = columns[i].type;
        t->columns[i].typmod = TYPMOD_NONE;
        t->columns[i].not_null = columns[i].not_null;
    }
    return t;
}

bool system_table_read(query_context *ctx, const char *schema, const char *name, int location,
                       const catalog_table **table, value ***rows, int64_t *count,
                       const char **schema_out)
{
    if (schema == NULL || strcmp(schema, SYSTEM_NAMESPACE) != 0)
        return pg_catalog_table_read(ctx, schema, name, location, table, rows, count, schema_out);
    *schema_out = SYSTEM_NAMESPACE;
    const system_table *s = system_table_find(name);
    if (s == NULL)
        return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location,
                          "relation \"%s.%s\" does not exist", SYSTEM_NAMESPACE, name);
    if (s->generate == generate_users && !system_reader_is_privileged(ctx))
        return query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, location,
                          "permission denied for table %s", name);
    row_list list = {.width = s->column_count};
    const catalog_table *t = system_table_describe(ctx, s->name, s->columns, s->column_count);
    if (t == NULL || !s->generate(ctx, &list))
        return false;
    *table = t;
    *rows = list.rows;
    *count = list.count;
    return true;
}
