#include "query/from.h"

#include <stdio.h>
#include <string.h>

#include "query/names.h"
#include "query/parse.h"
#include "query/select.h"
#include "query/system_tables.h"
#include "query/table_data.h"

/* ---- collected rows: subqueries in FROM, WITH queries, set operations ---- */

static bool collect_columns(void *state, query_context *ctx, const result_column *columns,
                            int count)
{
    collected_rows *c = state;
    c->columns = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *c->columns);
    if (c->columns == NULL)
        return query_fail_no_memory(ctx);
    memcpy(c->columns, columns, (size_t)count * sizeof *columns);
    c->column_count = count;
    return true;
}

static bool collect_row(void *state, query_context *ctx, const value *values, int count)
{
    return collected_rows_add(ctx, state, values, count);
}

result_sink collected_rows_sink(collected_rows *rows)
{
    return (result_sink){rows, collect_columns, collect_row};
}

bool collected_rows_add(query_context *ctx, collected_rows *rows, const value *values, int count)
{
    if (!arena_reserve(ctx->arena, (void **)&rows->rows, sizeof *rows->rows, rows->count,
                       &rows->capacity, 16))
        return query_fail_no_memory(ctx);
    value *row = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    memcpy(row, values, (size_t)count * sizeof *row);
    if (!values_detach(ctx, row, count))
        return false;
    rows->rows[rows->count++] = row;
    return true;
}

bool from_materialize(query_context *ctx, const cJSON *select, collected_rows *out)
{
    memset(out, 0, sizeof *out);
    result_sink sink = collected_rows_sink(out);
    char tag[COMMAND_TAG_MAX];
    analyze_scope *saved = ctx->scope;
    ctx->scope = NULL;
    bool ok = select_execute(ctx, select, &sink, tag);
    ctx->scope = saved;
    return ok;
}

catalog_table *from_describe_rows(query_context *ctx, const char *name, const collected_rows *rows,
                                  const cJSON *column_aliases)
{
    catalog_table *t = arena_zalloc(ctx->arena, sizeof *t);
    if (t == NULL || (t->columns = arena_zalloc(ctx->arena, (size_t)(rows->column_count + 1) *
                                                                 sizeof *t->columns)) == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    snprintf(t->name, sizeof t->name, "%s", name);
    t->column_count = rows->column_count;
    t->seq_column = t->deleted_column = -1;
    int alias_count = cJSON_GetArraySize(column_aliases);
    if (alias_count > rows->column_count) {
        query_fail(ctx, "42P10", -1, "table \"%s\" has %d columns available but %d columns specified",
                   name, rows->column_count, alias_count);
        return NULL;
    }
    for (int i = 0; i < rows->column_count; i++) {
        const char *alias = i < alias_count ? node_string_value(cJSON_GetArrayItem(column_aliases, i)) : NULL;
        snprintf(t->columns[i].name, sizeof t->columns[i].name, "%s",
                 alias != NULL ? alias : rows->columns[i].name);
        t->columns[i].type = rows->columns[i].type;
        t->columns[i].typmod = rows->columns[i].typmod;
    }
    return t;
}

/* ---- WITH ---- */

/* WITH queries visible to the statement being analysed, innermost first. */
typedef struct cte_binding {
    const char *name;
    const catalog_table *table;
    collected_rows rows;
    struct cte_binding *next;
} cte_binding;

static const cte_binding *find_cte(query_context *ctx, const char *name)
{
    for (const cte_binding *b = ctx->ctes; b != NULL; b = b->next) {
        if (strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

/* Runs a WITH query. Unlike a subquery in FROM it may read the enclosing query's
 * columns (it is bound where no FROM item of its own level exists yet). */
static bool run_with_query(query_context *ctx, const cJSON *select, collected_rows *out)
{
    memset(out, 0, sizeof *out);
    result_sink sink = collected_rows_sink(out);
    char tag[COMMAND_TAG_MAX];
    return select_execute(ctx, select, &sink, tag);
}

/* The references to the WITH query `name` in a parse tree (a RangeVar without schema),
 * and where the last one is. */
static int count_references(const cJSON *node, const char *name, int *location)
{
    int count = 0;
    for (const cJSON *child = node != NULL ? node->child : NULL; child != NULL;
         child = child->next) {
        if (child->string != NULL && strcmp(child->string, "RangeVar") == 0 &&
            cJSON_IsObject(child)) {
            const char *relname = node_get_string(child, "relname");
            if (relname != NULL && strcmp(relname, name) == 0 &&
                node_get(child, "schemaname") == NULL) {
                *location = node_get_int(child, "location", -1);
                count++;
            }
        }
        if (cJSON_IsObject(child) || cJSON_IsArray(child)) {
            int inner_location = -1;
            int inner = count_references(child, name, &inner_location);
            if (inner > 0)
                *location = inner_location;
            count += inner;
        }
    }
    return count;
}

/* Rows of a recursive WITH query already produced, by their encoded values (UNION). */
typedef struct row_set {
    struct row_set_slot {
        uint8_t *bytes;
        size_t length;
    } *slots;
    size_t capacity, count;
} row_set;

/* Adds the row unless an equal one is there (*added says which). */
static bool row_set_add(query_context *ctx, row_set *set, const value *row, int count,
                        bool *added)
{
    key_buffer key;
    key_init(&key);
    for (int i = 0; i < count; i++) {
        key_append_null_tag(&key, row[i].is_null, false);
        if (!row[i].is_null && !table_key_append_value(ctx, &key, &row[i]))
            return false;
    }
    if (set->count * 2 >= set->capacity) {
        size_t capacity = set->capacity == 0 ? 64 : set->capacity * 2;
        struct row_set_slot *slots = arena_zalloc(ctx->arena, capacity * sizeof *slots);
        if (slots == NULL)
            return query_fail_no_memory(ctx);
        for (size_t i = 0; i < set->capacity; i++) {
            if (set->slots[i].bytes == NULL)
                continue;
            size_t at = key_hash(set->slots[i].bytes, set->slots[i].length) & (capacity - 1);
            while (slots[at].bytes != NULL)
                at = (at + 1) & (capacity - 1);
            slots[at] = set->slots[i];
        }
        set->slots = slots;
        set->capacity = capacity;
    }
    size_t at = key_hash(key.bytes, key.length) & (set->capacity - 1);
    for (; set->slots[at].bytes != NULL; at = (at + 1) & (set->capacity - 1)) {
        if (set->slots[at].length == key.length &&
            memcmp(set->slots[at].bytes, key.bytes, key.length) == 0) {
            *added = false;
            return true;
        }
    }
    uint8_t *bytes = arena_alloc(ctx->arena, key.length + 1);
    if (bytes == NULL)
        return query_fail_no_memory(ctx);
    memcpy(bytes, key.bytes, key.length);
    set->slots[at] = (struct row_set_slot){bytes, key.length};
    set->count++;
    *added = true;
    return true;
}

/* Keeps the rows of `rows` not seen before (all of them for UNION ALL). */
static bool keep_new_rows(query_context *ctx, row_set *seen, bool all, collected_rows *rows)
{
    if (all)
        return true;
    int64_t kept = 0;
    for (int64_t i = 0; i < rows->count; i++) {
        bool added;
        if (!row_set_add(ctx, seen, rows->rows[i], rows->column_count, &added))
            return false;
        if (added)
            rows->rows[kept++] = rows->rows[i];
    }
    rows->count = kept;
    return true;
}

static size_t rows_size(const collected_rows *rows)
{
    size_t bytes = 0;
    for (int64_t i = 0; i < rows->count; i++) {
        bytes += sizeof(value *) + (size_t)rows->column_count * sizeof(value);
        for (int c = 0; c < rows->column_count; c++) {
            const value *v = &rows->rows[i][c];
            if (!v->is_null && type_holds_text(v->type))
                bytes += v->as.text.length;
        }
    }
    return bytes;
}

/* Where a SELECT's column-th output expression is written (-1 if unknown). */
static int target_location(const cJSON *select, int column)
{
    const cJSON *target = node_fields(cJSON_GetArrayItem(node_get(select, "targetList"), column));
    return node_get_int(node_fields(node_get(target, "val")), "location", -1);
}

static const char *keep_string(query_context *ctx, const char *s)
{
    return s != NULL ? arena_strdup(ctx->arena, s) : NULL;
}

/* One round of a recursive term. Each run of a SELECT takes memory for its plan until the
 * statement ends, so a round runs in an arena of its own, and only its rows (and, on
 * failure, its error) are copied out. Parse-time analysis, which may still be giving
 * parameters their types in the statement's memory, runs in the statement's arena. */
static bool run_round(query_context *ctx, const cJSON *select, collected_rows *out)
{
    memset(out, 0, sizeof *out);
    if (ctx->params != NULL && ctx->params->infer)
        return run_with_query(ctx, select, out);
    arena *statement = ctx->arena, *round = arena_create(64 * 1024);
    if (round == NULL)
        return query_fail_no_memory(ctx);
    ctx->arena = round;
    collected_rows rows;
    bool ok = run_with_query(ctx, select, &rows);
    ctx->arena = statement;
    if (ok) {
        out->columns =
            arena_alloc(ctx->arena, (size_t)(rows.column_count + 1) * sizeof *out->columns);
        if (out->columns == NULL) {
            ok = query_fail_no_memory(ctx);
        } else {
            memcpy(out->columns, rows.columns, (size_t)rows.column_count * sizeof *out->columns);
            out->column_count = rows.column_count;
            for (int c = 0; c < rows.column_count; c++)
                out->columns[c].name = keep_string(ctx, rows.columns[c].name);
        }
        for (int64_t i = 0; ok && i < rows.count; i++)
            ok = collected_rows_add(ctx, out, rows.rows[i], rows.column_count);
    } else {
        sql_error *e = &ctx->error;
        e->message = keep_string(ctx, e->message);
        e->detail = keep_string(ctx, e->detail);
        e->hint = keep_string(ctx, e->hint);
        e->context = keep_string(ctx, e->context);
        e->schema_name = keep_string(ctx, e->schema_name);
        e->table_name = keep_string(ctx, e->table_name);
        e->column_name = keep_string(ctx, e->column_name);
        e->constraint_name = keep_string(ctx, e->constraint_name);
    }
    arena_destroy(round);
    return ok;
}

/* WITH RECURSIVE name AS (non-recursive term UNION [ALL] recursive term): the first term's
 * rows, then the second's run over the rows the previous round added, until a round adds
 * none. Bounded by work_mem and statement_timeout, so a recursion without end fails. */
static bool bind_recursive(query_context *ctx, cte_binding *binding, const cJSON *fields,
                           const cJSON *query)
{
    const char *name = binding->name;
    int location = node_get_int(fields, "location", -1);
    const char *op = node_get_string(query, "op");
    if (op == NULL || strcmp(op, "SETOP_UNION") != 0) {
        query_fail(ctx, "42P19", location,
                   "recursive query \"%s\" does not have the form non-recursive-term UNION "
                   "[ALL] recursive-term",
                   name);
        return false;
    }
    const cJSON *first = node_get(query, "larg");
    const cJSON *second = node_get(query, "rarg");
    int at = -1;
    if (count_references(first, name, &at) > 0)
        return query_fail(ctx, "42P19", at,
                          "recursive reference to query \"%s\" must not appear within its "
                          "non-recursive term",
                          name);
    if (count_references(second, name, &at) > 1)
        return query_fail(ctx, "42P19", at,
                          "recursive reference to query \"%s\" must not appear more than once",
                          name);
    if (node_get(query, "sortClause") != NULL)
        return query_fail_unsupported(ctx, -1, "ORDER BY in a recursive query");
    if (node_get(query, "limitCount") != NULL || node_get(query, "limitOffset") != NULL)
        return query_fail_unsupported(ctx, -1, "LIMIT or OFFSET in a recursive query");
    bool all = node_get_bool(query, "all");
    collected_rows *result = &binding->rows;
    if (!run_with_query(ctx, first, result))
        return false;
    binding->table = from_describe_rows(ctx, name, result, node_get(fields, "aliascolnames"));
    if (binding->table == NULL)
        return false;
    row_set seen = {0};
    if (!keep_new_rows(ctx, &seen, all, result))
        return false;
    size_t held = rows_size(result);
    cte_binding working = *binding;
    working.next = ctx->ctes;
    int64_t round_begin = 0;
    while (round_begin < result->count) {
        if (!query_check_interrupts(ctx))
            return false;
        /* The recursive term reads only the rows the last round added. */
        working.rows = *result;
        working.rows.rows = result->rows + round_begin;
        working.rows.count = result->count - round_begin;
        struct cte_binding *saved = ctx->ctes;
        ctx->ctes = &working;
        collected_rows step;
        bool ok = run_round(ctx, second, &step);
        ctx->ctes = saved;
        if (!ok)
            return false;
        if (step.column_count != result->column_count)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, target_location(second, 0),
                              "each UNION query must have the same number of columns");
        for (int c = 0; c < step.column_count; c++) {
            if (step.columns[c].type == result->columns[c].type)
                continue;
            query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, target_location(first, c),
                       "recursive query \"%s\" column %d has type %s in non-recursive term "
                       "but type %s overall",
                       name, c + 1,
                       type_format(ctx, result->columns[c].type, result->columns[c].typmod),
                       type_display_name(step.columns[c].type));
            return query_fail_hint(ctx, "Cast the output of the non-recursive term to the "
                                        "correct type.");
        }
        if (!keep_new_rows(ctx, &seen, all, &step))
            return false;
        held += rows_size(&step);
        if (ctx->work_mem_bytes != 0 && held > ctx->work_mem_bytes) {
            query_fail(ctx, SQLSTATE_OUT_OF_MEMORY, -1, "out of memory");
            query_fail_detail(ctx, arena_printf(ctx->arena,
                                                "The rows of recursive query \"%s\" need more "
                                                "than work_mem (%zukB).",
                                                name, ctx->work_mem_bytes / 1024));
            return query_fail_hint(ctx, "Raise work_mem, or check that the recursion ends.");
        }
        round_begin = result->count;
        for (int64_t i = 0; i < step.count; i++) {
            if (!arena_reserve(ctx->arena, (void **)&result->rows, sizeof *result->rows,
                               result->count, &result->capacity, 16))
                return query_fail_no_memory(ctx);
            result->rows[result->count++] = step.rows[i];
        }
    }
    return true;
}

bool from_bind_ctes(query_context *ctx, const cJSON *with)
{
    bool recursive = node_get_bool(with, "recursive");
    const cJSON *item;
    cJSON_ArrayForEach(item, node_get(with, "ctes"))
    {
        const cJSON *fields = node_fields(item);
        const char *name = node_get_string(fields, "ctename");
        const cJSON *query = node_get(fields, "ctequery");
        if (name == NULL || strcmp(node_kind(query), "SelectStmt") != 0)
            return query_fail_unsupported(ctx, -1, "data-modifying statements in WITH");
        cte_binding *binding = arena_zalloc(ctx->arena, sizeof *binding);
        if (binding == NULL)
            return query_fail_no_memory(ctx);
        binding->name = name;
        int reference = -1;
        if (recursive && count_references(node_fields(query), name, &reference) > 0) {
            if (!bind_recursive(ctx, binding, fields, node_fields(query)))
                return false;
        } else {
            if (!run_with_query(ctx, node_fields(query), &binding->rows))
                return false;
            binding->table = from_describe_rows(ctx, name, &binding->rows,
                                                node_get(fields, "aliascolnames"));
            if (binding->table == NULL)
                return false;
        }
        binding->next = ctx->ctes;
        ctx->ctes = binding;
    }
    return true;
}

/* ---- relations and the namespace ---- */

void from_init(from_clause *from, analyze_scope *scope)
{
    from->scope = scope;
    from->relation_count = 0;
    from->join_count = 0;
    scope->relations = from->relations;
    scope->relation_count = 0;
    scope->items = from->items;
    scope->item_count = scope->visible_begin = scope->visible_end = 0;
}

static bool append_item(query_context *ctx, from_clause *from, const scope_item *item)
{
    analyze_scope *s = from->scope;
    if (s->item_count == FROM_MAX_ITEMS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1,
                          "too many tables in FROM (at most %d)", FROM_MAX_RELATIONS);
    from->items[s->item_count++] = *item;
    return true;
}

/* A relation, and its item: visible by its name and its columns. system_schema: see
 * scope_relation. */
static bool add_relation(query_context *ctx, from_clause *from, const char *name, bool has_alias,
                         const catalog_table *t, const collected_rows *rows,
                         const char *system_schema, int location)
{
    if (from->relation_count == FROM_MAX_RELATIONS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many tables in FROM (at most %d)", FROM_MAX_RELATIONS);
    /* No rows (an empty list) are still held rows, not a stored table to scan. */
    value **held = rows != NULL ? rows->rows : NULL;
    if (rows != NULL && held == NULL && (held = arena_zalloc(ctx->arena, sizeof *held)) == NULL)
        return query_fail_no_memory(ctx);
    int r = from->relation_count++;
    from->relations[r] = (scope_relation){name, t, system_schema};
    from->materialized[r] = held;
    from->materialized_count[r] = rows != NULL ? rows->count : 0;
    from->computed[r] = NULL;
    from->scope->relation_count = from->relation_count;
    scope_item item = {.name = name,
                       .relation = r,
                       .has_alias = has_alias,
                       .in_range_table = true,
                       .name_visible = true,
                       .columns_visible = true};
    return append_item(ctx, from, &item);
}

/* FROM t AS x(a, b), (... JOIN ...) AS j(a, b): the item's first columns renamed (system
 * columns keep their names and are not counted, as PostgreSQL's are not). */
static bool rename_columns(query_context *ctx, from_clause *from, scope_item *item,
                           const cJSON *names, const char *what)
{
    int count = cJSON_GetArraySize(names);
    if (count == 0)
        return true;
    int total = scope_item_column_count(from->scope, item);
    scope_column *columns = arena_alloc(ctx->arena, (size_t)(total + 1) * sizeof *columns);
    if (columns == NULL)
        return query_fail_no_memory(ctx);
    int n = 0, available = 0;
    for (int c = 0; c < total; c++) {
        if (scope_item_column(from->scope, item, c, &columns[n]))
            available += !columns[n++].system;
    }
    if (count > available)
        return query_fail(ctx, "42P10", -1, "%s \"%s\" has %d columns available but %d columns specified",
                          what, item->name, available, count);
    const cJSON *name = names->child;
    for (int c = 0; c < n && name != NULL; c++) {
        if (columns[c].system)
            continue;
        columns[c].name = node_string_value(name);
        name = name->next;
    }
    item->columns = columns;
    item->column_count = n;
    return true;
}

/* The item added last, renamed by its alias's column list. */
static bool rename_last_item(query_context *ctx, from_clause *from, const cJSON *alias,
                             const char *what)
{
    return rename_columns(ctx, from, &from->items[from->scope->item_count - 1],
                          node_get(alias, "colnames"), what);
}

static bool add_range_var(query_context *ctx, from_clause *from, const cJSON *range_var)
{
    const char *schema = node_get_string(range_var, "schemaname");
    const char *name = node_get_string(range_var, "relname");
    const cJSON *alias = node_get(range_var, "alias");
    const char *alias_name = node_get_string(alias, "aliasname");
    int location = node_get_int(range_var, "location", -1);
    if (schema == NULL && name != NULL) {
        const cte_binding *cte = find_cte(ctx, name);
        if (cte != NULL)
            return add_relation(ctx, from, alias_name != NULL ? alias_name : cte->name,
                                alias_name != NULL, cte->table, &cte->rows, NULL, location) &&
                   rename_last_item(ctx, from, alias, "table");
    }
    if (node_get_string(range_var, "catalogname") != NULL)
        return query_fail_unsupported(ctx, location, "cross-database references");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "table name is required");
    if (system_table_exists(schema, name)) {
        /* Generated now, then read like a subquery's rows. */
        collected_rows rows = {0};
        const catalog_table *t;
        const char *system_schema;
        return system_table_read(ctx, schema, name, location, &t, &rows.rows, &rows.count,
                                 &system_schema) &&
               add_relation(ctx, from, alias_name != NULL ? alias_name : t->name,
                            alias_name != NULL, t, &rows, system_schema, location) &&
               rename_last_item(ctx, from, alias, "table");
    }
    if (from->relation_count == FROM_MAX_RELATIONS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many tables in FROM (at most %d)", FROM_MAX_RELATIONS);
    const catalog_table *t = names_resolve_table(ctx, schema, name, location, false);
    return t != NULL &&
           add_relation(ctx, from, alias_name != NULL ? alias_name : t->name, alias_name != NULL, t,
                        NULL, NULL, location) &&
           rename_last_item(ctx, from, alias, "table");
}

/* ---- computed relations: functions in FROM, LATERAL subqueries ---- */

struct from_computed {
    /* Functions: each an expression (a set-returning call gives its rows, any other
     * expression one row), their columns side by side, the shorter ones NULL-padded. */
    expr **functions;
    int function_count;
    bool ordinality; /* WITH ORDINALITY: a last bigint column numbering the rows */
    int column_count;
    /* A LATERAL subquery, analysed again for each run in the names it was written in. */
    const cJSON *subquery;
    scope_item *items;
    int item_count;
    bool lateral;
};

bool from_computed_is_lateral(const from_computed *c)
{
    return c->lateral;
}

static bool function_rows(query_context *ctx, const from_computed *c, value ***rows,
                          int64_t *count)
{
    int64_t *counts = arena_alloc(ctx->arena, (size_t)c->function_count * sizeof *counts);
    if (counts == NULL)
        return query_fail_no_memory(ctx);
    int64_t n = 0;
    for (int f = 0; f < c->function_count; f++) {
        counts[f] = 1;
        if (expr_is_set_function(c->functions[f]) &&
            !expr_set_function_run(ctx, c->functions[f], &counts[f]))
            return false;
        if (counts[f] > n)
            n = counts[f];
    }
    collected_rows out = {0};
    value *row = arena_alloc(ctx->arena, (size_t)(c->column_count + 1) * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    for (int64_t i = 0; i < n; i++) {
        for (int f = 0; f < c->function_count; f++) {
            expr *e = c->functions[f];
            if (i >= counts[f]) {
                row[f] = value_null(expr_type(e));
                continue;
            }
            if (expr_is_set_function(e))
                expr_set_function_row(e, i);
            if (!expr_evaluate(ctx, e, &row[f]))
                return false;
        }
        if (c->ordinality)
            row[c->function_count] = value_int(TYPE_INT8, i + 1);
        if (!collected_rows_add(ctx, &out, row, c->column_count))
            return false;
    }
    *rows = out.rows;
    *count = out.count;
    return true;
}

static bool subquery_rows(query_context *ctx, const from_computed *c, value ***rows,
                          int64_t *count)
{
    analyze_scope *scope = ctx->scope;
    scope_item *items = scope->items;
    int item_count = scope->item_count, begin = scope->visible_begin, end = scope->visible_end;
    scope->items = c->items;
    scope->item_count = scope->visible_end = c->item_count;
    scope->visible_begin = 0;
    subquery_result result;
    bool ok = select_subquery(ctx, c->subquery, false, &result);
    scope->items = items;
    scope->item_count = item_count;
    scope->visible_begin = begin;
    scope->visible_end = end;
    if (!ok)
        return false;
    *rows = result.rows;
    *count = result.count;
    return true;
}

bool from_computed_rows(query_context *ctx, const from_computed *c, value ***rows,
                        int64_t *count)
{
    /* The relation's rows must stay a valid array even when there are none. */
    bool ok = c->subquery != NULL ? subquery_rows(ctx, c, rows, count)
                                  : function_rows(ctx, c, rows, count);
    if (ok && *rows == NULL && (*rows = arena_zalloc(ctx->arena, sizeof **rows)) == NULL)
        return query_fail_no_memory(ctx);
    return ok;
}

/* The FROM items so far, as names see them now (later joins change their visibility). */
static bool snapshot_items(query_context *ctx, const from_clause *from, from_computed *c)
{
    int count = from->scope->item_count;
    c->items = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *c->items);
    if (c->items == NULL)
        return query_fail_no_memory(ctx);
    memcpy(c->items, from->items, (size_t)count * sizeof *c->items);
    c->item_count = count;
    return true;
}

/* A computed relation, with an empty row list until its loop first runs. */
static bool add_computed(query_context *ctx, from_clause *from, const char *name, bool has_alias,
                         const catalog_table *t, const from_computed *c, int location)
{
    collected_rows none = {0};
    if (!add_relation(ctx, from, name, has_alias, t, &none, NULL, location))
        return false;
    from->computed[from->relation_count - 1] = c;
    return true;
}

/* The name PostgreSQL gives a function's column and relation: the function's. */
static const char *function_name(const cJSON *node)
{
    if (strcmp(node_kind(node), "FuncCall") == 0) {
        const cJSON *names = node_get(node_fields(node), "funcname");
        return node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    }
    const char *name = expr_column_name(node);
    return name != NULL ? name : "?column?";
}

/* FROM f(...) [WITH ORDINALITY] [AS alias(columns)] and ROWS FROM (f(...), g(...)). The
 * functions see the FROM items before them, as PostgreSQL's (LATERAL is implied). */
static bool add_function(query_context *ctx, from_clause *from, const cJSON *fields)
{
    const cJSON *functions = node_get(fields, "functions");
    const cJSON *alias = node_get(fields, "alias");
    const char *alias_name = node_get_string(alias, "aliasname");
    if (node_get(fields, "coldeflist") != NULL)
        return query_fail_unsupported(ctx, -1, "column definition lists");
    from_computed *c = arena_zalloc(ctx->arena, sizeof *c);
    int count = cJSON_GetArraySize(functions);
    /* unnest(a, b, ...) in FROM is ROWS FROM (unnest(a), unnest(b), ...). */
    const cJSON *first_call =
        cJSON_GetArrayItem(node_get(node_fields(cJSON_GetArrayItem(functions, 0)), "items"), 0);
    const cJSON *unnest_args = NULL;
    if (count == 1 && strcmp(node_kind(first_call), "FuncCall") == 0 &&
        strcmp(function_name(first_call), "unnest") == 0 &&
        cJSON_GetArraySize(node_get(node_fields(first_call), "funcname")) == 1 &&
        cJSON_GetArraySize(node_get(node_fields(first_call), "args")) > 1) {
        unnest_args = node_get(node_fields(first_call), "args");
        count = cJSON_GetArraySize(unnest_args);
    }
    if (c == NULL)
        return query_fail_no_memory(ctx);
    c->functions = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *c->functions);
    if (c->functions == NULL)
        return query_fail_no_memory(ctx);
    c->function_count = count;
    c->ordinality = node_get_bool(fields, "ordinality");
    c->column_count = count + (c->ordinality ? 1 : 0);
    collected_rows shape = {0};
    shape.column_count = c->column_count;
    shape.columns = arena_zalloc(ctx->arena, (size_t)(c->column_count + 1) * sizeof *shape.columns);
    if (shape.columns == NULL)
        return query_fail_no_memory(ctx);

    analyze_scope *s = from->scope;
    int saved_begin = s->visible_begin, saved_end = s->visible_end;
    int saved_functions = s->set_function_count;
    bool saved_allowed = s->aggregates_allowed, saved_set_allowed = s->set_functions_allowed;
    const char *saved_forbidden = s->aggregates_forbidden_in;
    s->visible_begin = 0;
    s->visible_end = s->item_count;
    s->aggregates_allowed = false;
    s->aggregates_forbidden_in = "functions in FROM";
    bool ok = true;
    const char *first_name = NULL;
    int location = -1;
    for (int f = 0; f < count && ok; f++) {
        const cJSON *call =
            unnest_args != NULL
                ? first_call
                : cJSON_GetArrayItem(node_get(node_fields(cJSON_GetArrayItem(functions, f)),
                                              "items"), 0);
        if (location < 0)
            location = node_get_int(node_fields(call), "location", -1);
        s->set_functions_allowed = true;
        int before = s->set_function_count;
        if (unnest_args != NULL) {
            expr *array;
            ok = expr_analyze(ctx, cJSON_GetArrayItem(unnest_args, f), &array) &&
                 expr_set_function_call(ctx, "unnest", &array, 1, location, &c->functions[f]);
        } else {
            ok = expr_analyze(ctx, call, &c->functions[f]);
        }
        s->set_functions_allowed = false;
        if (ok && (s->set_function_count - before > 1 ||
                   (s->set_function_count - before == 1 &&
                    !expr_is_set_function(c->functions[f]))))
            ok = query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED,
                            expr_location(s->set_functions[before]),
                            "set-returning functions must appear at top level of FROM");
        s->set_function_count = before;
        if (!ok)
            break;
        bool reads_subquery = false;
        if (expr_relations(c->functions[f], &reads_subquery) != 0 || reads_subquery)
            c->lateral = true;
        const char *name = function_name(call);
        if (first_name == NULL)
            first_name = name;
        /* One function named by an alias without columns: the column takes its name. */
        shape.columns[f] = (result_column){
            .name = count == 1 && alias_name != NULL ? alias_name : name,
            .type = expr_type(c->functions[f]),
            .typmod = expr_typmod(c->functions[f])};
    }
    s->visible_begin = saved_begin;
    s->visible_end = saved_end;
    s->set_function_count = saved_functions;
    s->aggregates_allowed = saved_allowed;
    s->set_functions_allowed = saved_set_allowed;
    s->aggregates_forbidden_in = saved_forbidden;
    if (!ok)
        return false;
    if (c->ordinality)
        shape.columns[count] = (result_column){.name = "ordinality", .type = TYPE_INT8,
                                               .typmod = TYPMOD_NONE};
    const char *name = alias_name != NULL ? alias_name : first_name;
    catalog_table *t = from_describe_rows(ctx, name, &shape, node_get(alias, "colnames"));
    return t != NULL && add_computed(ctx, from, name, alias_name != NULL, t, c, location);
}

/* LATERAL (subquery): it sees the FROM items before it and runs for each of their rows. */
static bool add_lateral_subquery(query_context *ctx, from_clause *from, const cJSON *fields,
                                 const char *name, const cJSON *alias)
{
    from_computed *c = arena_zalloc(ctx->arena, sizeof *c);
    if (c == NULL)
        return query_fail_no_memory(ctx);
    c->subquery = node_fields(node_get(fields, "subquery"));
    c->lateral = true;
    if (!snapshot_items(ctx, from, c))
        return false;
    analyze_scope *s = from->scope;
    int saved_begin = s->visible_begin, saved_end = s->visible_end;
    s->visible_begin = 0;
    s->visible_end = s->item_count;
    subquery_result shape;
    bool ok = select_subquery(ctx, c->subquery, true, &shape);
    s->visible_begin = saved_begin;
    s->visible_end = saved_end;
    if (!ok)
        return false;
    collected_rows rows = {.columns = (result_column *)shape.columns,
                           .column_count = shape.column_count};
    catalog_table *t = from_describe_rows(ctx, name, &rows, node_get(alias, "colnames"));
    return t != NULL && add_computed(ctx, from, name, true, t, c, -1);
}

static bool add_subquery(query_context *ctx, from_clause *from, const cJSON *fields)
{
    const cJSON *alias = node_get(fields, "alias");
    const char *name = node_get_string(alias, "aliasname");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "subquery in FROM must have an alias");
    if (node_get_bool(fields, "lateral"))
        return add_lateral_subquery(ctx, from, fields, name, alias);
    collected_rows rows;
    if (!from_materialize(ctx, node_fields(node_get(fields, "subquery")), &rows))
        return false;
    catalog_table *t = from_describe_rows(ctx, name, &rows, node_get(alias, "colnames"));
    return t != NULL && add_relation(ctx, from, name, true, t, &rows, NULL, -1);
}

/* Are relations a and b different tables, stored or system ones (not rows of a subquery
 * or WITH query)? */
static bool different_tables(const from_clause *from, int a, int b)
{
    const scope_relation *x = &from->relations[a], *y = &from->relations[b];
    bool x_stored = from->materialized[a] == NULL, y_stored = from->materialized[b] == NULL;
    if ((!x_stored && x->system_schema == NULL) || (!y_stored && y->system_schema == NULL))
        return false;
    return x_stored != y_stored || (x_stored && x->table->id != y->table->id);
}

/* 42712 when items on both sides are reachable by the same name (PostgreSQL's
 * checkNameSpaceConflicts); two tables written without alias may share a name when they
 * are different tables (of different schemas). */
static bool check_conflicts(query_context *ctx, const from_clause *from, int a_begin, int a_end,
                            int b_begin, int b_end)
{
    for (int i = a_begin; i < a_end; i++) {
        const scope_item *a = &from->items[i];
        if (!a->name_visible || a->name == NULL)
            continue;
        for (int j = b_begin; j < b_end; j++) {
            const scope_item *b = &from->items[j];
            if (!b->name_visible || b->name == NULL || strcmp(a->name, b->name) != 0)
                continue;
            if (a->relation >= 0 && b->relation >= 0 && !a->has_alias && !b->has_alias &&
                different_tables(from, a->relation, b->relation))
                continue;
            return query_fail(ctx, "42712", -1, "table name \"%s\" specified more than once",
                              a->name);
        }
    }
    return true;
}

static bool add_from_item(query_context *ctx, from_clause *from, const cJSON *item, int parent);

/* Finds a USING column among a join input's output columns: exactly one must have it. */
static bool find_using_column(query_context *ctx, const from_clause *from, const scope_item *side,
                              const char *name, const char *which, int *index)
{
    *index = -1;
    int count = scope_item_column_count(from->scope, side);
    for (int c = 0; c < count; c++) {
        scope_column column;
        if (!scope_item_column(from->scope, side, c, &column) || strcmp(column.name, name) != 0)
            continue;
        if (*index >= 0)
            return query_fail(ctx, "42702", -1,
                              "common column name \"%s\" appears more than once in %s table", name,
                              which);
        *index = c;
    }
    if (*index < 0)
        return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1,
                          "column \"%s\" specified in USING clause does not exist in %s table",
                          name, which);
    return true;
}

static scope_column *copy_column(query_context *ctx, const scope_column *c)
{
    scope_column *copy = arena_alloc(ctx->arena, sizeof *copy);
    if (copy == NULL)
        query_fail_no_memory(ctx);
    else
        *copy = *c;
    return copy;
}

/* The column USING merges from left and right, as PostgreSQL's buildMergedJoinVar: in
 * their common type, the left value for INNER (the right one if only it needs no cast)
 * and LEFT joins, the right one for RIGHT, the first not NULL for FULL. A side used as it
 * is stands for the merged column itself. */
static bool merge_column(query_context *ctx, join_kind kind, const scope_column *left,
                         const scope_column *right, scope_column *out)
{
    expr *sides[2];
    uint32_t type;
    if (!expr_scope_column(ctx, left, &sides[0]) || !expr_scope_column(ctx, right, &sides[1]) ||
        !expr_common_type(ctx, sides, 2, "JOIN/USING", &type))
        return false;
    int32_t typmod = left->type == type && right->type == type && left->typmod == right->typmod
                         ? left->typmod
                         : TYPMOD_NONE;
    bool left_as_is = left->type == type && left->typmod == typmod;
    bool right_as_is = right->type == type && right->typmod == typmod;
    scope_merge merge = kind == JOIN_KIND_FULL    ? SCOPE_MERGE_COALESCE
                        : kind == JOIN_KIND_RIGHT ? SCOPE_MERGE_RIGHT
                        : kind == JOIN_KIND_LEFT || left_as_is || !right_as_is ? SCOPE_MERGE_LEFT
                                                                               : SCOPE_MERGE_RIGHT;
    /* Shown by "*" unless both sides are system columns. */
    bool system = left->system && right->system;
    if ((merge == SCOPE_MERGE_LEFT && left_as_is) || (merge == SCOPE_MERGE_RIGHT && right_as_is)) {
        *out = merge == SCOPE_MERGE_LEFT ? *left : *right;
        out->system = system;
        return true;
    }
    *out = (scope_column){.name = left->name, .relation = -1, .merge = merge, .type = type,
                          .typmod = typmod, .system = system};
    return (out->left = copy_column(ctx, left)) != NULL &&
           (out->right = copy_column(ctx, right)) != NULL;
}

/* Splits an analysed condition at its ANDs into the join's conditions. */
static bool set_conditions(query_context *ctx, from_join *j, expr *condition)
{
    expr *first;
    int count = expr_conjuncts(condition, &first, 0);
    j->conditions = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *j->conditions);
    if (j->conditions == NULL)
        return query_fail_no_memory(ctx);
    j->condition_count = expr_conjuncts(condition, j->conditions, count);
    return true;
}

/* ON: analysed where only the join's inputs are visible, without aggregates. */
static bool analyze_on(query_context *ctx, from_clause *from, from_join *j, const cJSON *quals,
                       int item_begin, int item_end)
{
    analyze_scope *s = from->scope;
    bool saved_allowed = s->aggregates_allowed;
    const char *saved_forbidden = s->aggregates_forbidden_in;
    s->visible_begin = item_begin;
    s->visible_end = item_end;
    s->aggregates_allowed = false;
    s->aggregates_forbidden_in = "JOIN conditions";
    expr *condition;
    bool ok = expr_analyze(ctx, quals, &condition) &&
              expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "JOIN/ON",
                          &condition) &&
              set_conditions(ctx, j, condition);
    s->aggregates_allowed = saved_allowed;
    s->aggregates_forbidden_in = saved_forbidden;
    return ok;
}

/* The names USING lists, or for NATURAL, the left input's column names the right one
 * also has (in the left's order), system columns left out on both sides. */
static bool using_names(query_context *ctx, const from_clause *from, const cJSON *fields,
                        const scope_item *left, const scope_item *right, const char ***names,
                        int *count)
{
    const cJSON *list = node_get(fields, "usingClause");
    bool natural = node_get_bool(fields, "isNatural");
    int left_count = scope_item_column_count(from->scope, left);
    int capacity = natural ? left_count : cJSON_GetArraySize(list);
    *names = arena_alloc(ctx->arena, (size_t)(capacity + 1) * sizeof **names);
    if (*names == NULL)
        return query_fail_no_memory(ctx);
    *count = 0;
    if (!natural) {
        const cJSON *name;
        cJSON_ArrayForEach(name, list)
        {
            if (((*names)[(*count)++] = node_string_value(name)) == NULL)
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "USING lists column names");
        }
        return true;
    }
    int right_count = scope_item_column_count(from->scope, right);
    for (int l = 0; l < left_count; l++) {
        scope_column a, b;
        if (!scope_item_column(from->scope, left, l, &a) || a.system)
            continue;
        for (int r = 0; r < right_count; r++) {
            if (scope_item_column(from->scope, right, r, &b) && !b.system &&
                strcmp(a.name, b.name) == 0) {
                (*names)[(*count)++] = a.name;
                break;
            }
        }
    }
    return true;
}

/* The rest of an input's columns after those USING merged, appended to columns. */
static void append_remaining(const from_clause *from, const scope_item *side, const bool *used,
                             scope_column *columns, int *count)
{
    int total = scope_item_column_count(from->scope, side);
    for (int c = 0; c < total; c++) {
        if (!used[c] && scope_item_column(from->scope, side, c, &columns[*count]))
            (*count)++;
    }
}

static bool add_join(query_context *ctx, from_clause *from, const cJSON *fields, int parent)
{
    const char *type = node_get_string(fields, "jointype");
    join_kind kind;
    if (type != NULL && strcmp(type, "JOIN_INNER") == 0)
        kind = JOIN_KIND_INNER;
    else if (type != NULL && strcmp(type, "JOIN_LEFT") == 0)
        kind = JOIN_KIND_LEFT;
    else if (type != NULL && strcmp(type, "JOIN_RIGHT") == 0)
        kind = JOIN_KIND_RIGHT;
    else if (type != NULL && strcmp(type, "JOIN_FULL") == 0)
        kind = JOIN_KIND_FULL;
    else
        return query_fail_unsupported(ctx, -1, type != NULL ? type : "this join type");
    if (from->join_count == FROM_MAX_RELATIONS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1,
                          "too many tables in FROM (at most %d)", FROM_MAX_RELATIONS);
    int index = from->join_count++;
    from_join *j = &from->joins[index];
    *j = (from_join){.kind = kind, .parent = parent};
    analyze_scope *s = from->scope;

    int item_begin = s->item_count;
    j->begin = from->relation_count;
    if (!add_from_item(ctx, from, node_get(fields, "larg"), index))
        return false;
    int item_middle = s->item_count;
    j->middle = from->relation_count;
    if (!add_from_item(ctx, from, node_get(fields, "rarg"), index))
        return false;
    int item_end = s->item_count;
    j->end = from->relation_count;
    if (!check_conflicts(ctx, from, item_begin, item_middle, item_middle, item_end))
        return false;
    /* Each input's own item was added last. */
    const scope_item *left = &from->items[item_middle - 1];
    const scope_item *right = &from->items[item_end - 1];
    int left_total = scope_item_column_count(s, left), right_total = scope_item_column_count(s, right);

    const char **names;
    int name_count;
    bool *left_used = arena_zalloc(ctx->arena, (size_t)(left_total + 1) * sizeof *left_used);
    bool *right_used = arena_zalloc(ctx->arena, (size_t)(right_total + 1) * sizeof *right_used);
    scope_column *columns = arena_alloc(ctx->arena, (size_t)(left_total + right_total + 1) *
                                                        sizeof *columns);
    if (left_used == NULL || right_used == NULL || columns == NULL)
        return query_fail_no_memory(ctx);
    if (!using_names(ctx, from, fields, left, right, &names, &name_count))
        return false;
    int *left_index = arena_alloc(ctx->arena, (size_t)(name_count + 1) * sizeof *left_index);
    int *right_index = arena_alloc(ctx->arena, (size_t)(name_count + 1) * sizeof *right_index);
    if (left_index == NULL || right_index == NULL)
        return query_fail_no_memory(ctx);
    int column_count = 0;
    for (int u = 0; u < name_count; u++) {
        for (int v = 0; v < u; v++) {
            if (strcmp(names[v], names[u]) == 0)
                return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                                  "column name \"%s\" appears more than once in USING clause",
                                  names[u]);
        }
        scope_column l, r;
        if (!find_using_column(ctx, from, left, names[u], "left", &left_index[u]) ||
            !find_using_column(ctx, from, right, names[u], "right", &right_index[u]))
            return false;
        scope_item_column(s, left, left_index[u], &l);
        scope_item_column(s, right, right_index[u], &r);
        left_used[left_index[u]] = right_used[right_index[u]] = true;
        if (!merge_column(ctx, kind, &l, &r, &columns[column_count++]))
            return false;
    }
    if (name_count > 0) {
        /* USING (a, b): left.a = right.a AND left.b = right.b */
        expr *condition = NULL;
        j->conditions = arena_alloc(ctx->arena, (size_t)name_count * sizeof *j->conditions);
        if (j->conditions == NULL)
            return query_fail_no_memory(ctx);
        for (int u = 0; u < name_count; u++) {
            scope_column l, r;
            expr *a, *b;
            scope_item_column(s, left, left_index[u], &l);
            scope_item_column(s, right, right_index[u], &r);
            if (!expr_scope_column(ctx, &l, &a) || !expr_scope_column(ctx, &r, &b) ||
                !expr_equality(ctx, a, b, &condition))
                return false;
            j->conditions[j->condition_count++] = condition;
        }
    } else if (node_get(fields, "quals") != NULL &&
               !analyze_on(ctx, from, j, node_get(fields, "quals"), item_begin, item_end)) {
        return false;
    }
    append_remaining(from, left, left_used, columns, &column_count);
    append_remaining(from, right, right_used, columns, &column_count);

    const cJSON *alias = node_get(fields, "alias");
    const char *alias_name = node_get_string(alias, "aliasname");
    scope_item join_item = {.name = alias_name,
                            .columns = columns,
                            .column_count = column_count,
                            .relation = -1,
                            .has_alias = alias_name != NULL,
                            .in_range_table = true,
                            .name_visible = alias_name != NULL,
                            .columns_visible = true};
    if (!rename_columns(ctx, from, &join_item, node_get(alias, "colnames"), "join expression"))
        return false;
    /* JOIN ... USING (a) AS x: x.a names the merged columns (and only those). */
    const char *using_alias = node_get_string(node_get(fields, "join_using_alias"), "aliasname");
    if (using_alias != NULL) {
        scope_item item = {.name = using_alias,
                           .columns = columns,
                           .column_count = name_count,
                           .relation = -1,
                           .has_alias = true,
                           .name_visible = true,
                           .columns_visible = true};
        if (!append_item(ctx, from, &item) ||
            !check_conflicts(ctx, from, s->item_count - 1, s->item_count, item_begin, item_end))
            return false;
    }
    /* The inputs' columns are now reached through the join's; an alias hides the inputs. */
    for (int i = item_begin; i < s->item_count; i++) {
        from->items[i].columns_visible = false;
        if (alias_name != NULL)
            from->items[i].name_visible = false;
    }
    return append_item(ctx, from, &join_item);
}

static bool add_from_item(query_context *ctx, from_clause *from, const cJSON *item, int parent)
{
    const char *kind = node_kind(item);
    const cJSON *fields = node_fields(item);
    if (strcmp(kind, "RangeVar") == 0)
        return add_range_var(ctx, from, fields);
    if (strcmp(kind, "JoinExpr") == 0)
        return add_join(ctx, from, fields, parent);
    if (strcmp(kind, "RangeSubselect") == 0)
        return add_subquery(ctx, from, fields);
    if (strcmp(kind, "RangeFunction") == 0)
        return add_function(ctx, from, fields);
    return query_fail_unsupported(ctx, -1, kind);
}

/* After each FROM list entry: names resolve through everything read so far. */
static bool entry_added(query_context *ctx, from_clause *from, int item_begin)
{
    analyze_scope *s = from->scope;
    s->visible_begin = 0;
    s->visible_end = s->item_count;
    return check_conflicts(ctx, from, 0, item_begin, item_begin, s->item_count);
}

bool from_add(query_context *ctx, from_clause *from, const cJSON *item)
{
    int item_begin = from->scope->item_count;
    return add_from_item(ctx, from, item, -1) && entry_added(ctx, from, item_begin);
}

bool from_add_table(query_context *ctx, from_clause *from, const catalog_table *table,
                    const char *alias)
{
    int item_begin = from->scope->item_count;
    return add_relation(ctx, from, alias != NULL ? alias : table->name, alias != NULL, table,
                        NULL, NULL, -1) &&
           entry_added(ctx, from, item_begin);
}

bool from_add_rows(query_context *ctx, from_clause *from, const char *name,
                   const catalog_table *table, const collected_rows *rows)
{
    int item_begin = from->scope->item_count;
    return add_relation(ctx, from, name, true, table, rows, NULL, -1) &&
           entry_added(ctx, from, item_begin);
}
