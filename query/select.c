#include "query/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/aggregate.h"
#include "query/expr.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/system_tables.h"
#include "query/table_data.h"

#define MAX_RELATIONS 64
#define MAX_CONJUNCTS 256

/* A set of byte strings (encoded keys) mapping to an index: groups and DISTINCT. */
typedef struct byte_set {
    struct byte_set_slot {
        uint8_t *bytes;
        size_t length;
        int64_t index;
    } *slots;
    size_t capacity;
    size_t count;
} byte_set;

typedef struct relation_plan {
    const catalog_table *table; /* for a subquery or CTE: a description made for it */
    value **materialized;       /* rows of a subquery or CTE, NULL for a stored table */
    int64_t materialized_count;
    /* Hash join: this relation's rows are read once into a hash on hash_column, then
     * probed with hash_probe, an expression over the earlier relations. */
    int hash_column; /* -1: none */
    const expr *hash_probe;
    bool hash_built;
    value **hash_rows;
    int64_t *hash_next; /* chains rows with equal keys; -1 ends a chain */
    int64_t hash_row_count;
    byte_set hash_index_set;
    key_buffer start;
    key_buffer end;
    const char *access; /* for EXPLAIN */
    table_rows rows;    /* soft-deleted rows too, when the query filters on _deleted */
    bool left_join;     /* the right side of a LEFT JOIN: NULL-extended when nothing matches */
    /* The right side of a FULL JOIN (also left_join): its rows are held in hash_rows so that
     * those no row of the level before matched can be sent, NULL-extended, once that level
     * has been scanned. matched[i] is for hash_rows[i]. */
    bool full_join;
    bool *matched;
    expr *join_quals[MAX_CONJUNCTS];
    int join_qual_count;
    expr *filters[MAX_CONJUNCTS]; /* WHERE terms first decidable at this level */
    int filter_count;
} relation_plan;


typedef struct output_row {
    value *values;    /* the targets */
    value *sort_keys; /* the ORDER BY keys */
} output_row;

typedef struct group {
    value **rows; /* a representative input row per relation */
    aggregate_state *states;
} group;

typedef struct select_plan {
    analyze_scope scope;
    scope_relation scope_relations[MAX_RELATIONS];
    relation_plan relations[MAX_RELATIONS];
    int relation_count;
    /* SELECT * lists relations in this order: a RIGHT JOIN is planned as its mirror LEFT
     * JOIN, with the sides swapped, but its columns still come left side first. */
    int star_order[MAX_RELATIONS];
    int star_order_count;
    expr *constant_filters[MAX_CONJUNCTS]; /* WHERE terms that read no relation */
    int constant_filter_count;

    expr **targets;
    result_column *columns;
    int target_count;

    expr **groups;
    int group_count;
    bool grouped;
    expr *having;

    expr **sort_keys;
    bool *descending;
    bool *nulls_first;
    int sort_count;

    bool distinct;
    int64_t limit; /* -1: none */
    int64_t offset;

    value **rows; /* the current row of each relation */
    bool buffered; /* rows are collected before sending (sort, DISTINCT) */
    output_row *buffer;
    int64_t buffer_count, buffer_capacity;
    byte_set distinct_set;
    group *group_list;
    int64_t group_count_found, group_capacity;
    byte_set group_set;

    const result_sink *sink;
    /* UPDATE ... FROM / DELETE ... USING: each joined row goes to this callback with the
     * target table's row (relation 0) and its key. */
    table_row_callback row_callback;
    void *row_callback_arg;
    key_buffer target_key;
    size_t workspace_bytes; /* held by sorting, grouping and DISTINCT, against work_mem */
    int64_t skipped;
    int64_t sent;
    bool done; /* LIMIT reached: stop scanning */
} select_plan;

/* ---- byte sets ---- */

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* Finds or adds; *index is the existing index, or new_index when added (*added true). */
static bool byte_set_find_or_add(query_context *ctx, byte_set *set, const key_buffer *key,
                                 int64_t new_index, int64_t *index, bool *added)
{
    if ((set->count + 1) * 2 > set->capacity) {
        size_t capacity = set->capacity ? set->capacity * 2 : 64;
        struct byte_set_slot *slots = arena_zalloc(ctx->arena, capacity * sizeof *slots);
        if (slots == NULL)
            return query_fail_no_memory(ctx);
        for (size_t i = 0; i < set->capacity; i++) {
            if (set->slots[i].bytes == NULL)
                continue;
            size_t j = hash_bytes(set->slots[i].bytes, set->slots[i].length) & (capacity - 1);
            while (slots[j].bytes != NULL)
                j = (j + 1) & (capacity - 1);
            slots[j] = set->slots[i];
        }
        set->slots = slots;
        set->capacity = capacity;
    }
    size_t i = hash_bytes(key->bytes, key->length) & (set->capacity - 1);
    while (set->slots[i].bytes != NULL) {
        if (set->slots[i].length == key->length &&
            memcmp(set->slots[i].bytes, key->bytes, key->length) == 0) {
            *index = set->slots[i].index;
            *added = false;
            return true;
        }
        i = (i + 1) & (set->capacity - 1);
    }
    set->slots[i].bytes = arena_alloc(ctx->arena, key->length > 0 ? key->length : 1);
    if (set->slots[i].bytes == NULL)
        return query_fail_no_memory(ctx);
    memcpy(set->slots[i].bytes, key->bytes, key->length);
    set->slots[i].length = key->length;
    set->slots[i].index = new_index;
    set->count++;
    *index = new_index;
    *added = true;
    return true;
}

/* The index stored for key, or -1. */
static int64_t byte_set_lookup(const byte_set *set, const key_buffer *key)
{
    if (set->capacity == 0)
        return -1;
    size_t i = hash_bytes(key->bytes, key->length) & (set->capacity - 1);
    while (set->slots[i].bytes != NULL) {
        if (set->slots[i].length == key->length &&
            memcmp(set->slots[i].bytes, key->bytes, key->length) == 0)
            return set->slots[i].index;
        i = (i + 1) & (set->capacity - 1);
    }
    return -1;
}

/* An encoding under which equal values (1.0 and 1.00, 'a' and 'a ' as char) match. */
static bool encode_values(query_context *ctx, const value *values, int count, key_buffer *key)
{
    key_init(key);
    for (int i = 0; i < count; i++) {
        key_append_null_tag(key, values[i].is_null, false);
        if (!values[i].is_null && !table_key_append_value(ctx, key, &values[i]))
            return false;
    }
    return true;
}

/* ---- FROM ---- */

/* What select_run does once the statement is analysed and planned. */
typedef enum run_mode {
    RUN_EXECUTE,
    RUN_EXPLAIN,  /* send the plan instead of rows */
    RUN_DESCRIBE, /* send only the result columns (a subquery's shape) */
} run_mode;

/* ---- materialised results: subqueries in FROM, CTEs, set operations ---- */

typedef struct collected_rows {
    result_column *columns;
    int column_count;
    value **rows;
    int64_t count;
    int64_t capacity;
} collected_rows;

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
    collected_rows *c = state;
    if (!arena_reserve(ctx->arena, (void **)&c->rows, sizeof *c->rows, c->count, &c->capacity, 16))
        return query_fail_no_memory(ctx);
    value *row = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    memcpy(row, values, (size_t)count * sizeof *row);
    if (!values_detach(ctx, row, count))
        return false;
    c->rows[c->count++] = row;
    return true;
}

/* Runs a SELECT with no access to the enclosing query's columns, collecting its rows. */
static bool materialize(query_context *ctx, const cJSON *select, collected_rows *out)
{
    memset(out, 0, sizeof *out);
    result_sink sink = {out, collect_columns, collect_row};
    char tag[COMMAND_TAG_MAX];
    analyze_scope *saved = ctx->scope;
    ctx->scope = NULL;
    bool ok = select_execute(ctx, select, &sink, tag);
    ctx->scope = saved;
    return ok;
}

/* A table description for materialised rows, so columns resolve as for a table. */
static catalog_table *describe_rows(query_context *ctx, const char *name, const collected_rows *rows,
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

static bool add_materialized(query_context *ctx, select_plan *p, const char *name,
                             const catalog_table *t, const collected_rows *rows, int location)
{
    if (p->relation_count == MAX_RELATIONS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many tables in FROM (at most %d)", MAX_RELATIONS);
    for (int i = 0; i < p->relation_count; i++) {
        if (strcmp(p->scope_relations[i].name, name) == 0)
            return query_fail(ctx, "42712", location, "table name \"%s\" specified more than once",
                              name);
    }
    p->scope_relations[p->relation_count].name = name;
    p->scope_relations[p->relation_count].table = t;
    p->relations[p->relation_count].table = t;
    p->relations[p->relation_count].materialized = rows->rows;
    p->relations[p->relation_count].materialized_count = rows->count;
    p->relation_count++;
    p->scope.relation_count = p->relation_count;
    return true;
}

static bool add_subquery(query_context *ctx, select_plan *p, const cJSON *fields)
{
    if (node_get_bool(fields, "lateral"))
        return query_fail_unsupported(ctx, -1, "LATERAL");
    const cJSON *alias = node_get(fields, "alias");
    const char *name = node_get_string(alias, "aliasname");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "subquery in FROM must have an alias");
    collected_rows rows;
    if (!materialize(ctx, node_fields(node_get(fields, "subquery")), &rows))
        return false;
    catalog_table *t = describe_rows(ctx, name, &rows, node_get(alias, "colnames"));
    return t != NULL && add_materialized(ctx, p, name, t, &rows, -1);
}

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

/* Materialises each WITH query in order (later ones may read earlier ones). */
static bool bind_ctes(query_context *ctx, const cJSON *with)
{
    if (node_get_bool(with, "recursive"))
        return query_fail_unsupported(ctx, -1, "WITH RECURSIVE");
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
        if (!materialize(ctx, node_fields(query), &binding->rows))
            return false;
        binding->table = describe_rows(ctx, name, &binding->rows, node_get(fields, "aliascolnames"));
        if (binding->table == NULL)
            return false;
        binding->next = ctx->ctes;
        ctx->ctes = binding;
    }
    return true;
}

static bool add_relation(query_context *ctx, select_plan *p, const cJSON *range_var)
{
    if (node_get_string(range_var, "schemaname") == NULL && node_get_string(range_var, "relname") != NULL) {
        const cte_binding *cte = find_cte(ctx, node_get_string(range_var, "relname"));
        if (cte != NULL) {
            const char *alias = node_get_string(node_get(range_var, "alias"), "aliasname");
            return add_materialized(ctx, p, alias != NULL ? alias : cte->name, cte->table,
                                    &cte->rows, node_get_int(range_var, "location", -1));
        }
    }
    const char *schema = node_get_string(range_var, "schemaname");
    const char *name = node_get_string(range_var, "relname");
    int location = node_get_int(range_var, "location", -1);
    if (node_get_string(range_var, "catalogname") != NULL)
        return query_fail_unsupported(ctx, location, "cross-database references");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "table name is required");
    if (system_table_exists(schema, name)) {
        /* Generated now, then read like a subquery's rows. */
        const char *alias = node_get_string(node_get(range_var, "alias"), "aliasname");
        if (node_get(node_get(range_var, "alias"), "colnames") != NULL)
            return query_fail_unsupported(ctx, location, "column aliases in FROM");
        collected_rows rows = {0};
        const catalog_table *t;
        if (!system_table_read(ctx, name, location, &t, &rows.rows, &rows.count))
            return false;
        return add_materialized(ctx, p, alias != NULL ? alias : t->name, t, &rows, location);
    }
    if (p->relation_count == MAX_RELATIONS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many tables in FROM (at most %d)", MAX_RELATIONS);
    const catalog_table *t = names_resolve_table(ctx, schema, name, location, false);
    if (t == NULL)
        return false;
    const char *alias = node_get_string(node_get(range_var, "alias"), "aliasname");
    if (node_get(node_get(range_var, "alias"), "colnames") != NULL)
        return query_fail_unsupported(ctx, location, "column aliases in FROM");
    const char *shown = alias != NULL ? alias : t->name;
    for (int i = 0; i < p->relation_count; i++) {
        if (strcmp(p->scope_relations[i].name, shown) == 0)
            return query_fail(ctx, "42712", location, "table name \"%s\" specified more than once",
                              shown);
    }
    p->scope_relations[p->relation_count].name = shown;
    p->scope_relations[p->relation_count].table = t;
    p->relations[p->relation_count].table = t;
    p->relation_count++;
    p->scope.relation_count = p->relation_count;
    return true;
}

typedef struct pending_qual {
    const cJSON *node;        /* ON condition */
    const cJSON *using_names; /* USING (...) column list */
    int left_begin, left_end; /* relations [left_begin, left_end) are the left side */
    int right_begin, right_end;
    int relation;   /* the level the condition belongs to */
    bool outer_join; /* the condition of a LEFT, RIGHT or FULL JOIN, not a filter */
} pending_qual;

/* Relations added since the last call are listed for SELECT * in the order they came. */
static void star_order_sync(select_plan *p)
{
    while (p->star_order_count < p->relation_count) {
        p->star_order[p->star_order_count] = p->star_order_count;
        p->star_order_count++;
    }
}

static bool add_from_item(query_context *ctx, select_plan *p, const cJSON *item,
                          pending_qual *quals, int *qual_count)
{
    const char *kind = node_kind(item);
    const cJSON *fields = node_fields(item);
    if (strcmp(kind, "RangeVar") == 0)
        return add_relation(ctx, p, fields);
    if (strcmp(kind, "JoinExpr") == 0) {
        const char *type = node_get_string(fields, "jointype");
        bool left = type != NULL && strcmp(type, "JOIN_LEFT") == 0;
        bool right = type != NULL && strcmp(type, "JOIN_RIGHT") == 0;
        bool full = type != NULL && strcmp(type, "JOIN_FULL") == 0;
        bool outer = left || right || full;
        if (type == NULL || (strcmp(type, "JOIN_INNER") != 0 && !outer))
            return query_fail_unsupported(ctx, -1, type != NULL ? type : "this join type");
        if (node_get_bool(fields, "isNatural"))
            return query_fail_unsupported(ctx, -1, "NATURAL joins");
        if (node_get(fields, "alias") != NULL)
            return query_fail_unsupported(ctx, -1, "aliases on joins");
        const cJSON *left_item = node_get(fields, "larg");
        const cJSON *right_item = node_get(fields, "rarg");
        /* The NULL-extended side is scanned once per row of the other side: one relation. */
        const char *what = left ? "LEFT JOIN" : right ? "RIGHT JOIN" : full ? "FULL JOIN" : "JOIN";
        const cJSON *null_extended = right ? left_item : right_item;
        if (outer && strcmp(node_kind(null_extended), "RangeVar") != 0) {
            const char *shape = strcmp(node_kind(null_extended), "JoinExpr") == 0 ? "nested join"
                                                                                 : "subquery";
            const char *feature = arena_printf(ctx->arena, "%s with a %s on its %s side", what,
                                               shape, right ? "left" : "right");
            return feature != NULL ? query_fail_unsupported(ctx, -1, feature)
                                   : query_fail_no_memory(ctx);
        }
        /* A FULL JOIN's left side is one relation too: its WHERE terms wait for the join (see
         * distribute), which the conditions inside a nested join could not. */
        if (full && strcmp(node_kind(left_item), "RangeVar") != 0 &&
            strcmp(node_kind(left_item), "RangeSubselect") != 0)
            return query_fail_unsupported(ctx, -1, "FULL JOIN with a nested join on its left side");
        bool has_condition = node_get(fields, "quals") != NULL || node_get(fields, "usingClause") != NULL;
        if (outer && !has_condition)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "%s requires a condition", what);
        /* A RIGHT JOIN runs as the LEFT JOIN with the sides swapped: the right side first. */
        int first_begin = p->relation_count;
        if (!add_from_item(ctx, p, right ? right_item : left_item, quals, qual_count))
            return false;
        int second_begin = p->relation_count;
        if (!add_from_item(ctx, p, right ? left_item : right_item, quals, qual_count))
            return false;
        if (has_condition) {
            if (*qual_count == MAX_RELATIONS)
                return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "too many joins");
            pending_qual *q = &quals[(*qual_count)++];
            q->node = node_get(fields, "quals");
            q->using_names = node_get(fields, "usingClause");
            q->left_begin = right ? second_begin : first_begin;
            q->left_end = right ? p->relation_count : second_begin;
            q->right_begin = right ? first_begin : second_begin;
            q->right_end = right ? second_begin : p->relation_count;
            q->relation = p->relation_count - 1;
            q->outer_join = outer;
        }
        if (outer)
            p->relations[p->relation_count - 1].left_join = true;
        if (full)
            p->relations[p->relation_count - 1].full_join = true;
        if (right) {
            /* The left side (planned last, one relation) is listed before the right side. */
            star_order_sync(p);
            int moved = p->star_order[p->relation_count - 1];
            memmove(&p->star_order[first_begin + 1], &p->star_order[first_begin],
                    (size_t)(p->relation_count - 1 - first_begin) * sizeof p->star_order[0]);
            p->star_order[first_begin] = moved;
        }
        return true;
    }
    if (strcmp(kind, "RangeSubselect") == 0)
        return add_subquery(ctx, p, fields);
    if (strcmp(kind, "RangeFunction") == 0)
        return query_fail_unsupported(ctx, -1, "functions in FROM");
    return query_fail_unsupported(ctx, -1, kind);
}

/* Finds a USING column among the relations [begin, end): one of them must have it. */
static bool find_using_column(query_context *ctx, const select_plan *p, int begin, int end,
                              const char *column, const char *side, int *relation, int *position)
{
    *relation = -1;
    for (int r = begin; r < end; r++) {
        const catalog_table *t = p->relations[r].table;
        for (int c = 0; c < t->column_count; c++) {
            if (!t->columns[c].dropped && strcmp(t->columns[c].name, column) == 0) {
                if (*relation >= 0)
                    return query_fail(ctx, "42702", -1,
                                      "common column name \"%s\" appears more than once in %s table",
                                      column, side);
                *relation = r;
                *position = c;
            }
        }
    }
    if (*relation < 0)
        return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1,
                          "column \"%s\" specified in USING clause does not exist in %s table",
                          column, side);
    return true;
}

/* Builds "left.col = right.col" for USING (col). */
static bool using_condition(query_context *ctx, select_plan *p, const pending_qual *q,
                            const char *column, expr **out)
{
    int left_relation, left_column, right_relation, right_column;
    if (!find_using_column(ctx, p, q->left_begin, q->left_end, column, "left", &left_relation,
                           &left_column) ||
        !find_using_column(ctx, p, q->right_begin, q->right_end, column, "right", &right_relation,
                           &right_column))
        return false;
    /* Build the condition as SQL text and analyse it, so typing is the usual one. */
    const char *text = arena_printf(ctx->arena,
                                    "{\"A_Expr\":{\"kind\":\"AEXPR_OP\",\"name\":[{\"String\":{\"sval\":\"=\"}}],"
                                    "\"lexpr\":{\"ColumnRef\":{\"fields\":[{\"String\":{\"sval\":\"%s\"}},{\"String\":{\"sval\":\"%s\"}}]}},"
                                    "\"rexpr\":{\"ColumnRef\":{\"fields\":[{\"String\":{\"sval\":\"%s\"}},{\"String\":{\"sval\":\"%s\"}}]}}}}",
                                    p->scope_relations[left_relation].name,
                                    p->relations[left_relation].table->columns[left_column].name,
                                    p->scope_relations[right_relation].name,
                                    p->relations[right_relation].table->columns[right_column].name);
    if (text == NULL)
        return query_fail_no_memory(ctx);
    cJSON *node = cJSON_Parse(text);
    if (node == NULL)
        return query_fail_unsupported(ctx, -1, "USING with this column name");
    bool ok = expr_analyze(ctx, node, out);
    cJSON_Delete(node);
    return ok;
}

/* Files each AND term of a condition under the first level where it can be decided. An outer
 * join's own condition goes to its join_quals at join_level, which decide what matches; every
 * other term filters the joined rows. */
static bool distribute(query_context *ctx, select_plan *p, expr *condition, int join_level,
                       bool outer_join)
{
    expr *terms[MAX_CONJUNCTS];
    int count = expr_conjuncts(condition, terms, MAX_CONJUNCTS);
    if (count > MAX_CONJUNCTS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1,
                          "too many AND terms in one condition (at most %d)", MAX_CONJUNCTS);
    for (int i = 0; i < count; i++) {
        int level = expr_max_relation(terms[i]);
        if (level == EXPR_ALL_RELATIONS)
            level = join_level >= 0 ? join_level : p->relation_count - 1;
        if (join_level >= 0) {
            relation_plan *r = &p->relations[join_level];
            if (level > join_level)
                return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, -1,
                                  "invalid reference to a table joined later, in a JOIN condition");
            if (outer_join) {
                if (r->join_qual_count == MAX_CONJUNCTS)
                    return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "condition too long");
                r->join_quals[r->join_qual_count++] = terms[i];
                continue;
            }
        }
        if (level < 0) {
            if (p->constant_filter_count == MAX_CONJUNCTS)
                return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "condition too long");
            p->constant_filters[p->constant_filter_count++] = terms[i];
            continue;
        }
        /* The left side of a FULL JOIN loses no row to a filter before the join: a row it
         * would drop still matches right rows, which then are not sent NULL-extended. */
        if (level + 1 < p->relation_count && p->relations[level + 1].full_join)
            level++;
        relation_plan *r = &p->relations[level];
        if (r->filter_count == MAX_CONJUNCTS)
            return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "condition too long");
        r->filters[r->filter_count++] = terms[i];
    }
    return true;
}

/* ---- access paths ---- */

/* An equi-join condition "this.column = f(earlier relations)" makes a hash join. */
static void plan_hash_join(select_plan *p, int level)
{
    relation_plan *r = &p->relations[level];
    expr **terms = r->left_join ? r->join_quals : r->filters;
    int term_count = r->left_join ? r->join_qual_count : r->filter_count;
    for (int i = 0; i < term_count; i++) {
        const expr *sides[2];
        if (!expr_equality_sides(terms[i], &sides[0], &sides[1]))
            continue;
        for (int s = 0; s < 2; s++) {
            int relation, column;
            int other = expr_max_relation(sides[1 - s]);
            if (expr_is_column(sides[s], &relation, &column) && relation == level &&
                other >= 0 && other < level) {
                r->hash_column = column;
                r->hash_probe = sides[1 - s];
                return;
            }
        }
    }
}

/* DESIGN.md: reads skip soft-deleted rows unless the query filters on _deleted. */
static bool filters_on_deleted(const select_plan *p, int level)
{
    int column = p->relations[level].table->deleted_column;
    if (column < 0 || p->relations[level].materialized != NULL)
        return false;
    for (int i = 0; i < p->relation_count; i++) {
        const relation_plan *r = &p->relations[i];
        for (int f = 0; f < r->filter_count; f++) {
            if (expr_uses_column(r->filters[f], level, column))
                return true;
        }
        for (int f = 0; f < r->join_qual_count; f++) {
            if (expr_uses_column(r->join_quals[f], level, column))
                return true;
        }
    }
    return false;
}

static bool plan_access(query_context *ctx, select_plan *p, int level)
{
    relation_plan *r = &p->relations[level];
    const catalog_table *t = r->table;
    r->hash_column = -1;
    r->rows = filters_on_deleted(p, level) ? TABLE_ROWS_WITH_DELETED : TABLE_ROWS_VISIBLE;
    key_buffer prefix;
    table_key_prefix(ctx, t, &prefix);
    r->start = prefix;
    if (!key_prefix_successor(&prefix, &r->end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    r->access = r->materialized != NULL ? "Subquery Scan" : "Seq Scan";
    /* The right side of a FULL JOIN is read whole: rows its condition skips are still sent. */
    if (t->primary_key_count == 0 || r->materialized != NULL || r->full_join)
        return true;
    /* Terms usable for the key: join conditions of a LEFT JOIN side, or the filters. */
    expr **terms = r->left_join ? r->join_quals : r->filters;
    int term_count = r->left_join ? r->join_qual_count : r->filter_count;
    key_buffer key = prefix;
    int equal_columns = 0;
    for (int k = 0; k < t->primary_key_count; k++) {
        const value *equal = NULL;
        for (int i = 0; i < term_count && equal == NULL; i++) {
            int column, comparison;
            const expr *constant;
            if (expr_column_comparison(terms[i], level, &column, &comparison, &constant) &&
                column == t->primary_key[k] && comparison == 0 &&
                expr_type(constant) == t->columns[column].type)
                equal = expr_constant_value(constant);
        }
        if (equal == NULL)
            break;
        if (!table_key_append_value(ctx, &key, equal))
            return false;
        equal_columns++;
    }
    if (equal_columns == t->primary_key_count) {
        r->start = key;
        if (!key_prefix_successor(&key, &r->end))
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
        r->access = "Point Lookup";
        return true;
    }
    /* Bounds on the first key column not fixed by equality. */
    int bound_column = t->primary_key[equal_columns];
    key_buffer start = key, end;
    if (!key_prefix_successor(&key, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    bool bounded = equal_columns > 0;
    for (int i = 0; i < term_count; i++) {
        int column, comparison;
        const expr *constant;
        if (!expr_column_comparison(terms[i], level, &column, &comparison, &constant) ||
            column != bound_column || comparison == 0 ||
            expr_type(constant) != t->columns[column].type)
            continue;
        key_buffer bound = key;
        if (!table_key_append_value(ctx, &bound, expr_constant_value(constant)))
            return false;
        key_buffer after;
        bool has_after = key_prefix_successor(&bound, &after);
        if (comparison > 0) { /* >= or > : raise the start */
            const key_buffer *candidate = comparison == 2 && has_after ? &after : &bound;
            if (memcmp(candidate->bytes, start.bytes,
                       candidate->length < start.length ? candidate->length : start.length) > 0 ||
                (candidate->length > start.length &&
                 memcmp(candidate->bytes, start.bytes, start.length) == 0))
                start = *candidate;
        } else { /* <= or < : lower the end */
            const key_buffer *candidate = comparison == -1 && has_after ? &after : &bound;
            size_t n = candidate->length < end.length ? candidate->length : end.length;
            int c = memcmp(candidate->bytes, end.bytes, n);
            if (c < 0 || (c == 0 && candidate->length < end.length))
                end = *candidate;
        }
        bounded = true;
    }
    if (bounded) {
        r->start = start;
        r->end = end;
        r->access = "Range Scan";
    }
    return true;
}

/* The access path, then a hash join where a full scan would repeat for every outer row. */
static bool plan_relation(query_context *ctx, select_plan *p, int level)
{
    if (!plan_access(ctx, p, level))
        return false;
    relation_plan *r = &p->relations[level];
    if (level > 0 && strcmp(r->access, "Point Lookup") != 0 && strcmp(r->access, "Range Scan") != 0)
        plan_hash_join(p, level);
    return true;
}

/* ---- target list ---- */

static bool add_target(query_context *ctx, select_plan *p, expr *e, const char *name, int *capacity)
{
    if (p->target_count == *capacity) {
        int grown = *capacity * 2 + 8;
        expr **targets = arena_alloc(ctx->arena, (size_t)grown * sizeof *targets);
        result_column *columns = arena_alloc(ctx->arena, (size_t)grown * sizeof *columns);
        if (targets == NULL || columns == NULL)
            return query_fail_no_memory(ctx);
        if (p->target_count > 0) {
            memcpy(targets, p->targets, (size_t)p->target_count * sizeof *targets);
            memcpy(columns, p->columns, (size_t)p->target_count * sizeof *columns);
        }
        p->targets = targets;
        p->columns = columns;
        *capacity = grown;
    }
    bool from_unknown = expr_type(e) == TYPE_UNKNOWN;
    if (from_unknown && !expr_coerce(ctx, e, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e))
        return false;
    p->targets[p->target_count] = e;
    p->columns[p->target_count].from_unknown = from_unknown;
    p->columns[p->target_count].name = name;
    p->columns[p->target_count].type = expr_type(e);
    p->columns[p->target_count].typmod = expr_typmod(e);
    p->target_count++;
    return true;
}

/* "*" or "t.*": every column of the relation(s), in order. */
static bool expand_star(query_context *ctx, select_plan *p, const cJSON *fields, int *capacity)
{
    int count = cJSON_GetArraySize(fields);
    const char *qualifier = count >= 2 ? node_string_value(cJSON_GetArrayItem(fields, count - 2)) : NULL;
    int location = -1;
    bool found = qualifier == NULL;
    if (p->relation_count == 0)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                          "SELECT * with no tables specified is not valid");
    star_order_sync(p);
    for (int i = 0; i < p->relation_count; i++) {
        int r = p->star_order[i];
        if (qualifier != NULL && strcmp(p->scope_relations[r].name, qualifier) != 0)
            continue;
        found = true;
        const catalog_table *t = p->relations[r].table;
        for (int c = 0; c < t->column_count; c++) {
            if (t->columns[c].dropped || t->columns[c].system)
                continue;
            expr *e;
            if (!expr_column(ctx, r, c, &e) || !add_target(ctx, p, e, t->columns[c].name, capacity))
                return false;
        }
    }
    if (!found)
        return query_fail(ctx, "42P01", location, "missing FROM-clause entry for table \"%s\"",
                          qualifier);
    return true;
}

/* The leftmost position written anywhere in a parse-tree node: where PostgreSQL points
 * at an ORDER BY or GROUP BY item (exprLocation of the untransformed expression). */
static int raw_location(const cJSON *node)
{
    int location = -1;
    for (const cJSON *child = node != NULL ? node->child : NULL; child != NULL;
         child = child->next) {
        int l = child->string != NULL && strcmp(child->string, "location") == 0 &&
                        cJSON_IsNumber(child)
                    ? child->valueint
                    : raw_location(child);
        if (l >= 0 && (location < 0 || l < location))
            location = l;
    }
    return location;
}

/* ORDER BY / GROUP BY items may name an output column by position or by name. */
static bool resolve_item(query_context *ctx, select_plan *p, const cJSON *node, const char *clause,
                         expr **out)
{
    const cJSON *fields = node_fields(node);
    if (strcmp(node_kind(node), "A_Const") == 0 && node_get(fields, "ival") != NULL) {
        int64_t position;
        if (!node_integer_constant(ctx, fields, &position))
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not read a position");
        if (position < 1 || position > p->target_count)
            return query_fail(ctx, "42P10", node_get_int(fields, "location", -1),
                              "%s position %lld is not in select list", clause,
                              (long long)position);
        *out = p->targets[position - 1];
        return true;
    }
    if (strcmp(node_kind(node), "ColumnRef") == 0) {
        const cJSON *names = node_get(fields, "fields");
        const char *name = cJSON_GetArraySize(names) == 1 ? node_string_value(cJSON_GetArrayItem(names, 0)) : NULL;
        /* A bare name that is an output column and not an input column means the output. */
        if (name != NULL) {
            int match = -1;
            for (int i = 0; i < p->target_count; i++) {
                if (strcmp(p->columns[i].name, name) == 0) {
                    if (match >= 0 && !expr_equal(p->targets[match], p->targets[i]))
                        return query_fail(ctx, "42702", node_get_int(fields, "location", -1),
                                          "%s \"%s\" is ambiguous", clause, name);
                    match = i;
                }
            }
            bool is_input = false;
            for (int r = 0; r < p->relation_count && !is_input; r++) {
                const catalog_table *t = p->relations[r].table;
                for (int c = 0; c < t->column_count; c++)
                    is_input = is_input || (!t->columns[c].dropped && strcmp(t->columns[c].name, name) == 0);
            }
            /* ORDER BY prefers the output name, GROUP BY the input column (as PostgreSQL). */
            if (match >= 0 && (strcmp(clause, "ORDER BY") == 0 || !is_input)) {
                *out = p->targets[match];
                return true;
            }
        }
    }
    return expr_analyze(ctx, node, out);
}

static bool evaluate_row(query_context *ctx, expr **exprs, int count, value *out)
{
    for (int i = 0; i < count; i++) {
        if (!expr_evaluate(ctx, exprs[i], &out[i]))
            return false;
    }
    return true;
}

static bool condition_holds(query_context *ctx, expr *const *terms, int count, bool *holds)
{
    for (int i = 0; i < count; i++) {
        value v;
        if (!expr_evaluate(ctx, terms[i], &v))
            return false;
        if (v.is_null || !v.as.boolean) {
            *holds = false;
            return true;
        }
    }
    *holds = true;
    return true;
}

static size_t values_size(const value *values, int count)
{
    size_t bytes = (size_t)count * sizeof(value);
    for (int i = 0; i < count; i++) {
        if (!values[i].is_null && type_holds_text(values[i].type))
            bytes += values[i].as.text.length;
        else if (!values[i].is_null && values[i].type == TYPE_NUMERIC)
            bytes += (size_t)values[i].as.number.ndigits * sizeof(int16_t);
    }
    return bytes;
}

/* Sorting, grouping and DISTINCT keep rows in memory; past work_mem the statement stops
 * with 53200 rather than growing without bound (nothing spills to disk yet). */
static bool charge_workspace(query_context *ctx, select_plan *p, size_t bytes)
{
    p->workspace_bytes += bytes;
    if (ctx->work_mem_bytes == 0 || p->workspace_bytes <= ctx->work_mem_bytes)
        return true;
    query_fail(ctx, SQLSTATE_OUT_OF_MEMORY, -1, "out of memory");
    query_fail_detail(ctx, arena_printf(ctx->arena,
                                        "Sorting, grouping, DISTINCT or the rows a join holds "
                                        "need more than work_mem (%zukB) for this statement.",
                                        ctx->work_mem_bytes / 1024));
    return query_fail_hint(ctx, "Raise work_mem, or narrow the query.");
}

/* Sends one output row, or keeps it for sorting / DISTINCT. */
static bool output(query_context *ctx, select_plan *p)
{
    value *values = arena_alloc(ctx->arena, (size_t)(p->target_count + 1) * sizeof *values);
    if (values == NULL)
        return query_fail_no_memory(ctx);
    if (!evaluate_row(ctx, p->targets, p->target_count, values))
        return false;
    if (p->distinct) {
        key_buffer key;
        int64_t index;
        bool added;
        if (!encode_values(ctx, values, p->target_count, &key) ||
            !byte_set_find_or_add(ctx, &p->distinct_set, &key, 0, &index, &added))
            return false;
        if (!added)
            return true;
        if (!charge_workspace(ctx, p, key.length + sizeof(struct byte_set_slot)))
            return false;
    }
    if (!p->buffered) {
        if (p->skipped < p->offset) {
            p->skipped++;
            return true;
        }
        if (!p->sink->row(p->sink->state, ctx, values, p->target_count))
            return false;
        p->sent++;
        if (p->limit >= 0 && p->sent >= p->limit)
            p->done = true;
        return true;
    }
    if (!arena_reserve(ctx->arena, (void **)&p->buffer, sizeof *p->buffer, p->buffer_count,
                       &p->buffer_capacity, 64))
        return query_fail_no_memory(ctx);
    if (!charge_workspace(ctx, p, values_size(values, p->target_count)) ||
        !values_detach(ctx, values, p->target_count))
        return false;
    output_row *row = &p->buffer[p->buffer_count++];
    row->values = values;
    row->sort_keys = arena_alloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof *row->sort_keys);
    if (row->sort_keys == NULL)
        return query_fail_no_memory(ctx);
    return evaluate_row(ctx, p->sort_keys, p->sort_count, row->sort_keys) &&
           values_detach(ctx, row->sort_keys, p->sort_count);
}

/* Copies the current input rows, whose text may live in memory the scans reuse. */
static value **copy_rows(query_context *ctx, select_plan *p)
{
    value **rows = arena_alloc(ctx->arena, (size_t)(p->relation_count + 1) * sizeof *rows);
    if (rows == NULL)
        return NULL;
    for (int r = 0; r < p->relation_count; r++) {
        int n = p->relations[r].table->column_count;
        rows[r] = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof *rows[r]);
        if (rows[r] == NULL)
            return NULL;
        memcpy(rows[r], p->rows[r], (size_t)n * sizeof *rows[r]);
        if (!values_detach(ctx, rows[r], n))
            return NULL;
    }
    return rows;
}

static bool accumulate(query_context *ctx, select_plan *p)
{
    value *keys = arena_alloc(ctx->arena, (size_t)(p->group_count + 1) * sizeof *keys);
    if (keys == NULL)
        return query_fail_no_memory(ctx);
    if (!evaluate_row(ctx, p->groups, p->group_count, keys))
        return false;
    key_buffer key;
    int64_t index;
    bool added;
    if (!encode_values(ctx, keys, p->group_count, &key) ||
        !byte_set_find_or_add(ctx, &p->group_set, &key, p->group_count_found, &index, &added))
        return false;
    if (added) {
        if (!arena_reserve(ctx->arena, (void **)&p->group_list, sizeof *p->group_list,
                           p->group_count_found, &p->group_capacity, 16))
            return query_fail_no_memory(ctx);
        if (!charge_workspace(ctx, p, key.length + sizeof(group) + values_size(keys, p->group_count)))
            return false;
        group *g = &p->group_list[p->group_count_found++];
        g->rows = copy_rows(ctx, p);
        g->states = arena_alloc(ctx->arena, (size_t)(p->scope.aggregate_count + 1) * sizeof *g->states);
        if (g->rows == NULL || g->states == NULL)
            return query_fail_no_memory(ctx);
        for (int a = 0; a < p->scope.aggregate_count; a++)
            aggregate_state_init(&g->states[a]);
    }
    group *g = &p->group_list[index];
    for (int a = 0; a < p->scope.aggregate_count; a++) {
        const aggregate_call *call = expr_aggregate_call(p->scope.aggregates[a]);
        value argument = value_null(TYPE_TEXT), delimiter = value_null(TYPE_TEXT);
        if (!call->star && !expr_evaluate(ctx, call->argument, &argument))
            return false;
        if (call->delimiter != NULL && !expr_evaluate(ctx, call->delimiter, &delimiter))
            return false;
        if (!aggregate_accumulate(ctx, call, &g->states[a], &argument, &delimiter))
            return false;
    }
    return true;
}

/* Reads every row of a hash-joined relation once and indexes it by the join column. The right
 * side of a FULL JOIN is read this way even without a join column, and keeps its rows with a
 * NULL key too: unmatched, they are still sent. */
static bool build_hash(query_context *ctx, select_plan *p, relation_plan *r)
{
    int n = r->table->column_count;
    table_scan *scan = NULL;
    if (r->materialized == NULL && (scan = table_scan_open(ctx, r->table, &r->start, &r->end, r->rows)) == NULL)
        return false;
    byte_set index = {0};
    int64_t capacity = 0;
    bool ok = true;
    value *row = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof *row);
    if (row == NULL)
        ok = query_fail_no_memory(ctx);
    for (int64_t next = 0; ok; next++) {
        bool found = true;
        if (r->materialized != NULL) {
            if (next == r->materialized_count)
                break;
            memcpy(row, r->materialized[next], (size_t)n * sizeof *row);
        } else if (!(ok = table_scan_next(ctx, scan, row, NULL, &found)) || !found) {
            break;
        }
        /* NULL never equals anything: such a row is kept out of the index. */
        bool keyed = r->hash_column >= 0 && !row[r->hash_column].is_null;
        if (!keyed && !r->full_join)
            continue;
        int64_t chain_capacity = capacity;
        if (!arena_reserve(ctx->arena, (void **)&r->hash_rows, sizeof *r->hash_rows,
                           r->hash_row_count, &capacity, 64) ||
            !arena_reserve(ctx->arena, (void **)&r->hash_next, sizeof *r->hash_next,
                           r->hash_row_count, &chain_capacity, 64)) {
            ok = query_fail_no_memory(ctx);
            break;
        }
        int64_t i = r->hash_row_count;
        key_buffer key;
        int64_t head;
        bool added;
        if (!(ok = charge_workspace(ctx, p, values_size(row, n))) ||
            (keyed && (!(ok = encode_values(ctx, &row[r->hash_column], 1, &key)) ||
                       !(ok = byte_set_find_or_add(ctx, &index, &key, i, &head, &added)))))
            break;
        r->hash_rows[i] = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof(value));
        if (r->hash_rows[i] == NULL) {
            ok = query_fail_no_memory(ctx);
            break;
        }
        memcpy(r->hash_rows[i], row, (size_t)n * sizeof(value));
        if (!(ok = values_detach(ctx, r->hash_rows[i], n)))
            break;
        /* Chain after the head: the head stays the set's entry. */
        r->hash_next[i] = !keyed || added ? -1 : r->hash_next[head];
        if (keyed && !added)
            r->hash_next[head] = i;
        r->hash_row_count++;
    }
    table_scan_close(scan);
    r->hash_index_set = index;
    r->hash_built = ok;
    return ok;
}

/* Where scan_level is in a relation's rows. */
typedef struct level_cursor {
    table_scan *scan;
    int64_t next; /* materialised rows: the next index; hash join: the next chain entry */
    int64_t current; /* held rows (hash_rows): the index of the row last read */
} level_cursor;

static bool cursor_open(query_context *ctx, select_plan *p, int level, level_cursor *c)
{
    relation_plan *r = &p->relations[level];
    c->scan = NULL;
    c->next = 0;
    c->current = -1;
    if (r->hash_column >= 0 || r->full_join) {
        if (!r->hash_built && !build_hash(ctx, p, r))
            return false;
        if (r->hash_column < 0)
            return true; /* every held row, in order */
        value probe;
        if (!expr_evaluate(ctx, r->hash_probe, &probe))
            return false;
        key_buffer key;
        if (probe.is_null) {
            c->next = -1;
            return true;
        }
        if (!encode_values(ctx, &probe, 1, &key))
            return false;
        c->next = byte_set_lookup(&r->hash_index_set, &key);
        return true;
    }
    if (r->materialized == NULL &&
        (c->scan = table_scan_open(ctx, r->table, &r->start, &r->end, r->rows)) == NULL)
        return false;
    return true;
}

static bool cursor_next(query_context *ctx, select_plan *p, int level, level_cursor *c,
                        bool *found)
{
    relation_plan *r = &p->relations[level];
    size_t width = (size_t)r->table->column_count * sizeof(value);
    *found = false;
    if (r->hash_column >= 0 || r->full_join) {
        if (c->next < 0 || c->next == r->hash_row_count)
            return true;
        if (!query_check_interrupts(ctx))
            return false;
        memcpy(p->rows[level], r->hash_rows[c->next], width);
        c->current = c->next;
        c->next = r->hash_column >= 0 ? r->hash_next[c->next] : c->next + 1;
        *found = true;
        return true;
    }
    if (r->materialized != NULL) {
        if (!query_check_interrupts(ctx))
            return false;
        if (c->next == r->materialized_count)
            return true;
        memcpy(p->rows[level], r->materialized[c->next++], width);
        *found = true;
        return true;
    }
    key_buffer *key = level == 0 && p->row_callback != NULL ? &p->target_key : NULL;
    return table_scan_next(ctx, c->scan, p->rows[level], key, found);
}

/* Before the left side of a FULL JOIN is scanned: every row of the right side unmatched. */
static bool full_join_start(query_context *ctx, select_plan *p, relation_plan *right)
{
    if (!right->hash_built && !build_hash(ctx, p, right))
        return false;
    if (right->matched == NULL) {
        if (!charge_workspace(ctx, p, (size_t)right->hash_row_count * sizeof *right->matched))
            return false;
        right->matched = arena_alloc(ctx->arena,
                                     (size_t)(right->hash_row_count + 1) * sizeof *right->matched);
        if (right->matched == NULL)
            return query_fail_no_memory(ctx);
    }
    memset(right->matched, 0, (size_t)right->hash_row_count * sizeof *right->matched);
    return true;
}

static bool scan_level(query_context *ctx, select_plan *p, int level);

/* After the left side of a FULL JOIN (level) is scanned: the right rows that nothing matched,
 * with the left side NULL. */
static bool full_join_send_unmatched(query_context *ctx, select_plan *p, int level)
{
    const relation_plan *left = &p->relations[level], *right = &p->relations[level + 1];
    for (int c = 0; c < left->table->column_count; c++)
        p->rows[level][c] = value_null(left->table->columns[c].type);
    size_t width = (size_t)right->table->column_count * sizeof(value);
    for (int64_t i = 0; i < right->hash_row_count && !p->done; i++) {
        if (right->matched[i])
            continue;
        if (!query_check_interrupts(ctx))
            return false;
        memcpy(p->rows[level + 1], right->hash_rows[i], width);
        bool holds;
        if (!condition_holds(ctx, right->filters, right->filter_count, &holds))
            return false;
        if (holds && !scan_level(ctx, p, level + 2))
            return false;
    }
    return true;
}

static bool scan_level(query_context *ctx, select_plan *p, int level)
{
    if (p->done)
        return true;
    if (level == p->relation_count) {
        if (p->row_callback != NULL)
            return p->row_callback(p->row_callback_arg, ctx, p->rows[0], &p->target_key);
        return p->grouped ? accumulate(ctx, p) : output(ctx, p);
    }
    relation_plan *r = &p->relations[level];
    relation_plan *full_right = level + 1 < p->relation_count && p->relations[level + 1].full_join
                                    ? &p->relations[level + 1]
                                    : NULL;
    if (full_right != NULL && !full_join_start(ctx, p, full_right))
        return false;
    level_cursor cursor;
    if (!cursor_open(ctx, p, level, &cursor))
        return false;
    bool ok = true, matched = false;
    for (;;) {
        bool found;
        if (!(ok = cursor_next(ctx, p, level, &cursor, &found)) || !found)
            break;
        bool holds;
        if (r->left_join) {
            if (!(ok = condition_holds(ctx, r->join_quals, r->join_qual_count, &holds)))
                break;
            if (!holds)
                continue;
            matched = true;
            if (r->full_join)
                r->matched[cursor.current] = true;
        }
        if (!(ok = condition_holds(ctx, r->filters, r->filter_count, &holds)))
            break;
        if (holds && !(ok = scan_level(ctx, p, level + 1)))
            break;
        if (p->done)
            break;
    }
    table_scan_close(cursor.scan);
    if (!ok || (full_right != NULL && !p->done && !full_join_send_unmatched(ctx, p, level)))
        return false;
    if (r->left_join && !matched && !p->done) {
        for (int c = 0; c < r->table->column_count; c++)
            p->rows[level][c] = value_null(r->table->columns[c].type);
        bool holds;
        if (!condition_holds(ctx, r->filters, r->filter_count, &holds))
            return false;
        if (holds)
            return scan_level(ctx, p, level + 1);
    }
    return true;
}

static select_plan *sort_plan; /* qsort has no context argument */

static int compare_output(const void *a, const void *b)
{
    const output_row *x = a, *y = b;
    for (int i = 0; i < sort_plan->sort_count; i++) {
        const value *u = &x->sort_keys[i], *v = &y->sort_keys[i];
        int c;
        if (u->is_null || v->is_null) {
            if (u->is_null && v->is_null)
                continue;
            c = u->is_null ? 1 : -1; /* NULL sorts as larger than any value */
            if (sort_plan->nulls_first[i] != sort_plan->descending[i])
                c = -c;
        } else {
            c = value_compare(u, v);
        }
        if (sort_plan->descending[i])
            c = -c;
        if (c != 0)
            return c;
    }
    return 0;
}

static bool add_empty_group(query_context *ctx, select_plan *p)
{
    for (int r = 0; r < p->relation_count; r++) {
        for (int c = 0; c < p->relations[r].table->column_count; c++)
            p->rows[r][c] = value_null(p->relations[r].table->columns[c].type);
    }
    p->group_list = arena_alloc(ctx->arena, sizeof *p->group_list);
    if (p->group_list == NULL)
        return query_fail_no_memory(ctx);
    group *g = &p->group_list[0];
    g->rows = copy_rows(ctx, p);
    g->states = arena_alloc(ctx->arena, (size_t)(p->scope.aggregate_count + 1) * sizeof *g->states);
    if (g->rows == NULL || g->states == NULL)
        return query_fail_no_memory(ctx);
    for (int a = 0; a < p->scope.aggregate_count; a++)
        aggregate_state_init(&g->states[a]);
    p->group_count_found = 1;
    return true;
}

static bool finish_groups(query_context *ctx, select_plan *p)
{
    /* Aggregates without GROUP BY make one group even when there were no rows. */
    if (p->group_count_found == 0 && p->group_count == 0 && !add_empty_group(ctx, p))
        return false;
    value *results = arena_alloc(ctx->arena, (size_t)(p->scope.aggregate_count + 1) * sizeof *results);
    if (results == NULL)
        return query_fail_no_memory(ctx);
    ctx->aggregate_values = results;
    for (int64_t i = 0; i < p->group_count_found && !p->done; i++) {
        group *g = &p->group_list[i];
        if (!query_check_interrupts(ctx))
            return false;
        for (int a = 0; a < p->scope.aggregate_count; a++) {
            if (!aggregate_finish(ctx, expr_aggregate_call(p->scope.aggregates[a]), &g->states[a],
                                  &results[a]))
                return false;
        }
        ctx->current_rows = g->rows;
        bool holds = true;
        if (p->having != NULL && !condition_holds(ctx, &p->having, 1, &holds))
            return false;
        if (holds && !output(ctx, p))
            return false;
    }
    ctx->current_rows = p->rows;
    return true;
}

static bool send_buffered(query_context *ctx, select_plan *p)
{
    if (p->sort_count > 0 && p->buffer_count > 1) {
        sort_plan = p;
        qsort(p->buffer, (size_t)p->buffer_count, sizeof *p->buffer, compare_output);
        sort_plan = NULL;
    }
    for (int64_t i = p->offset; i < p->buffer_count; i++) {
        if (p->limit >= 0 && p->sent >= p->limit)
            break;
        if (!query_check_interrupts(ctx))
            return false;
        if (!p->sink->row(p->sink->state, ctx, p->buffer[i].values, p->target_count))
            return false;
        p->sent++;
    }
    return true;
}

/* LIMIT / OFFSET: constant expressions evaluated once. */
static bool limit_value(query_context *ctx, const cJSON *node, const char *clause, int64_t *out)
{
    expr *e;
    if (!expr_analyze(ctx, node, &e) ||
        !expr_coerce(ctx, e, TYPE_INT8, TYPMOD_NONE, CAST_IMPLICIT, clause, &e))
        return false;
    value v;
    if (!expr_evaluate(ctx, e, &v))
        return false;
    if (v.is_null) {
        *out = strcmp(clause, "LIMIT") == 0 ? -1 : 0;
        return true;
    }
    if (v.as.integer < 0)
        return query_fail(ctx, strcmp(clause, "LIMIT") == 0 ? "2201W" : "2201X", -1,
                          "%s must not be negative", clause);
    *out = v.as.integer;
    return true;
}

static const struct {
    const char *field;
    const char *feature;
} unsupported_clauses[] = {
    {"valuesLists", "VALUES"},
    {"intoClause", "SELECT INTO"},
    {"windowClause", "WINDOW"},
    {"lockingClause", "FOR UPDATE/SHARE"},
};

/* EXPLAIN's lines, outermost node first, in PostgreSQL's "->  " layout (no costs). */
static bool explain_plan(query_context *ctx, select_plan *p, const result_sink *sink)
{
    result_column column = {"QUERY PLAN", TYPE_TEXT, TYPMOD_NONE, false};
    if (!sink->columns(sink->state, ctx, &column, 1))
        return false;
    const char *lines[MAX_RELATIONS + 8];
    int count = 0;
    if (p->limit >= 0 || p->offset > 0)
        lines[count++] = "Limit";
    if (p->sort_count > 0)
        lines[count++] = "Sort";
    if (p->distinct)
        lines[count++] = "HashAggregate (DISTINCT)";
    if (p->grouped)
        lines[count++] = p->group_count > 0 ? "HashAggregate" : "Aggregate";
    for (int r = 0; r < p->relation_count; r++) {
        /* A left-deep chain of nested loops: join r joins relations 0..r-1 with r. */
        if (r + 1 < p->relation_count)
        {
            const relation_plan *inner = &p->relations[p->relation_count - 1 - r];
            if (inner->full_join)
                lines[count++] = inner->hash_column >= 0 ? "Hash Full Join" : "Nested Loop Full Join";
            else
                lines[count++] = inner->hash_column >= 0
                                     ? (inner->left_join ? "Hash Left Join" : "Hash Join")
                                     : (inner->left_join ? "Nested Loop Left Join" : "Nested Loop");
        }
    }
    int depth = 0;
    for (int i = 0; i < count; i++, depth++) {
        const char *text = arena_printf(ctx->arena, "%*s%s%s", depth == 0 ? 0 : 6 * depth - 4, "",
                                        depth == 0 ? "" : "->  ", lines[i]);
        value v = value_text(TYPE_TEXT, text, text != NULL ? strlen(text) : 0);
        if (text == NULL)
            return query_fail_no_memory(ctx);
        if (!sink->row(sink->state, ctx, &v, 1))
            return false;
    }
    if (p->relation_count == 0) {
        value v = value_text(TYPE_TEXT, "Result", 6);
        return sink->row(sink->state, ctx, &v, 1);
    }
    /* Scans: the outer relation first, then each inner one at the join's depth. */
    for (int r = 0; r < p->relation_count; r++) {
        relation_plan *rel = &p->relations[r];
        int level = depth + (r == 0 ? p->relation_count - 1 : p->relation_count - r) - 1;
        if (p->relation_count == 1)
            level = depth;
        const char *access =
            rel->materialized != NULL
                ? arena_printf(ctx->arena, "Subquery Scan on %s", p->scope_relations[r].name)
            : strcmp(rel->access, "Seq Scan") == 0
                ? arena_printf(ctx->arena, "Seq Scan on %s", rel->table->name)
                : arena_printf(ctx->arena, "Index Scan using %s_pkey on %s (%s)", rel->table->name,
                               rel->table->name,
                               strcmp(rel->access, "Point Lookup") == 0 ? "primary key lookup"
                                                                        : "primary key range");
        if (access == NULL)
            return query_fail_no_memory(ctx);
        if (p->scope_relations[r].name != rel->table->name &&
            strcmp(p->scope_relations[r].name, rel->table->name) != 0)
            access = arena_printf(ctx->arena, "%s %s", access, p->scope_relations[r].name);
        const char *text = arena_printf(ctx->arena, "%*s%s%s", level == 0 ? 0 : 6 * level - 4, "",
                                        level == 0 ? "" : "->  ", access);
        if (text == NULL)
            return query_fail_no_memory(ctx);
        value v = value_text(TYPE_TEXT, text, strlen(text));
        if (!sink->row(sink->state, ctx, &v, 1))
            return false;
        if (rel->filter_count + rel->join_qual_count > 0) {
            const char *filter = arena_printf(ctx->arena, "%*sFilter: %d condition%s",
                                              level == 0 ? 2 : 6 * level + 2, "",
                                              rel->filter_count + rel->join_qual_count,
                                              rel->filter_count + rel->join_qual_count == 1 ? "" : "s");
            if (filter == NULL)
                return query_fail_no_memory(ctx);
            value f = value_text(TYPE_TEXT, filter, strlen(filter));
            if (!sink->row(sink->state, ctx, &f, 1))
                return false;
        }
    }
    return true;
}

static bool select_run(query_context *ctx, const cJSON *select, const result_sink *sink,
                       char tag[COMMAND_TAG_MAX], run_mode mode, const collected_rows *input);

/* The column types of UNION / INTERSECT / EXCEPT: both sides brought to a common type. */
static bool unify_columns(query_context *ctx, const char *operation, collected_rows *left,
                          collected_rows *right)
{
    if (left->column_count != right->column_count)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                          "each %s query must have the same number of columns", operation);
    for (int c = 0; c < left->column_count; c++) {
        /* An untyped literal (resolved to text) takes the other side's type, as in
         * PostgreSQL's UNION type resolution. */
        if (left->columns[c].from_unknown && !right->columns[c].from_unknown)
            left->columns[c].type = TYPE_UNKNOWN;
        if (right->columns[c].from_unknown && !left->columns[c].from_unknown)
            right->columns[c].type = TYPE_UNKNOWN;
        uint32_t a = left->columns[c].type, b = right->columns[c].type;
        if (a == TYPE_UNKNOWN)
            a = b;
        if (b == TYPE_UNKNOWN)
            b = a;
        uint32_t common = a;
        bool a_number = type_is_integer(a) || type_is_float(a) || a == TYPE_NUMERIC;
        bool b_number = type_is_integer(b) || type_is_float(b) || b == TYPE_NUMERIC;
        if (a != b) {
            if (a_number && b_number)
                common = type_is_float(a) || type_is_float(b) ? TYPE_FLOAT8
                         : a == TYPE_NUMERIC || b == TYPE_NUMERIC ? TYPE_NUMERIC
                         : a == TYPE_INT8 || b == TYPE_INT8       ? TYPE_INT8
                         : a == TYPE_INT4 || b == TYPE_INT4       ? TYPE_INT4
                                                                  : TYPE_INT2;
            else if (type_is_string(a) && type_is_string(b))
                common = TYPE_TEXT;
            else if (type_datetime_common(a, b) != 0)
                common = type_datetime_common(a, b);
            else
                return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                                  "%s types %s and %s cannot be matched", operation,
                                  type_display_name(a), type_display_name(b));
        }
        collected_rows *sides[2] = {left, right};
        for (int s = 0; s < 2; s++) {
            if (sides[s]->columns[c].type == common)
                continue;
            bool was_unknown = sides[s]->columns[c].type == TYPE_UNKNOWN;
            for (int64_t r = 0; r < sides[s]->count; r++) {
                value *v = &sides[s]->rows[r][c];
                if (was_unknown && !v->is_null)
                    v->type = TYPE_UNKNOWN; /* a literal: read by the type's input function */
                if (!value_cast(ctx, v, common, TYPMOD_NONE, was_unknown ? CAST_EXPLICIT : CAST_IMPLICIT,
                                -1, v))
                    return false;
            }
            sides[s]->columns[c].type = common;
            sides[s]->columns[c].typmod = TYPMOD_NONE;
            sides[s]->columns[c].from_unknown = false;
        }
        if (left->columns[c].typmod != right->columns[c].typmod)
            left->columns[c].typmod = TYPMOD_NONE;
    }
    return true;
}

/* Is the row in the right side's multiset (and how many of it are left)? */
static void right_side_match(const byte_set *right_set, const key_buffer *key, int64_t *match)
{
    *match = -1;
    if (right_set->capacity == 0)
        return;
    size_t i = hash_bytes(key->bytes, key->length) & (right_set->capacity - 1);
    while (right_set->slots[i].bytes != NULL) {
        if (right_set->slots[i].length == key->length &&
            memcmp(right_set->slots[i].bytes, key->bytes, key->length) == 0) {
            *match = right_set->slots[i].index;
            return;
        }
        i = (i + 1) & (right_set->capacity - 1);
    }
}

/* Where column `column` of a set operation's result is written: in its leftmost SELECT,
 * as PostgreSQL reports it. */
static int set_operation_column_location(const cJSON *select, int column)
{
    const char *op = node_get_string(select, "op");
    while (op != NULL && strcmp(op, "SETOP_NONE") != 0) {
        select = node_get(select, "larg");
        op = node_get_string(select, "op");
    }
    const cJSON *target = cJSON_GetArrayItem(node_get(select, "targetList"), column);
    return target != NULL ? node_get_int(node_fields(target), "location", -1) : -1;
}

static bool set_operation(query_context *ctx, const cJSON *select, const char *op,
                          const result_sink *sink, char tag[COMMAND_TAG_MAX], run_mode mode)
{
    const char *operation = strcmp(op, "SETOP_UNION") == 0       ? "UNION"
                            : strcmp(op, "SETOP_INTERSECT") == 0 ? "INTERSECT"
                                                                 : "EXCEPT";
    bool all = node_get_bool(select, "all");
    collected_rows left, right;
    /* larg and rarg are typed SelectStmt pointers: their JSON has no node wrapper. */
    if (!materialize(ctx, node_get(select, "larg"), &left) ||
        !materialize(ctx, node_get(select, "rarg"), &right) ||
        !unify_columns(ctx, operation, &left, &right))
        return false;
    for (int c = 0; c < left.column_count && !(all && operation[0] == 'U'); c++) {
        if (!expr_require_sort_operators(ctx, left.columns[c].type, false,
                                         set_operation_column_location(select, c)))
            return false;
    }
    collected_rows result = left;
    result.rows = NULL;
    result.count = result.capacity = 0;
    byte_set right_set = {0}, seen = {0};
    int64_t *right_counts = arena_zalloc(ctx->arena, (size_t)(right.count + 1) * sizeof *right_counts);
    if (right_counts == NULL)
        return query_fail_no_memory(ctx);
    key_buffer key;
    int64_t index;
    bool added;
    bool is_union = operation[0] == 'U', is_intersect = operation[0] == 'I';
    if (!is_union) {
        /* The right side as a multiset: INTERSECT and EXCEPT ALL consume matches from it. */
        for (int64_t r = 0; r < right.count; r++) {
            if (!encode_values(ctx, right.rows[r], right.column_count, &key) ||
                !byte_set_find_or_add(ctx, &right_set, &key, r, &index, &added))
                return false;
            right_counts[index]++;
        }
    }
    for (int side = 0; side < (is_union ? 2 : 1); side++) {
        const collected_rows *from = side == 0 ? &left : &right;
        for (int64_t r = 0; r < from->count; r++) {
            if (!encode_values(ctx, from->rows[r], from->column_count, &key))
                return false;
            bool keep = true;
            if (!is_union) {
                int64_t match;
                right_side_match(&right_set, &key, &match);
                bool in_right = match >= 0 && right_counts[match] > 0;
                keep = is_intersect ? in_right : !in_right;
                if (in_right && all)
                    right_counts[match]--;
            }
            if (keep && !all) {
                if (!byte_set_find_or_add(ctx, &seen, &key, r, &index, &added))
                    return false;
                keep = added;
            }
            if (keep && !collect_row(&result, ctx, from->rows[r], from->column_count))
                return false;
        }
    }
    return select_run(ctx, select, sink, tag, mode, &result);
}

static bool select_run(query_context *ctx, const cJSON *select, const result_sink *sink,
                       char tag[COMMAND_TAG_MAX], run_mode mode, const collected_rows *input)
{
    const char *op = node_get_string(select, "op");
    struct cte_binding *saved_ctes = ctx->ctes;
    if (input == NULL && node_get(select, "withClause") != NULL &&
        !bind_ctes(ctx, node_get(select, "withClause"))) {
        ctx->ctes = saved_ctes;
        return false;
    }
    if (input == NULL && op != NULL && strcmp(op, "SETOP_NONE") != 0) {
        bool ok = set_operation(ctx, select, op, sink, tag, mode);
        ctx->ctes = saved_ctes;
        return ok;
    }
    for (size_t i = 0; i < sizeof unsupported_clauses / sizeof unsupported_clauses[0]; i++) {
        if (node_get(select, unsupported_clauses[i].field) != NULL)
            return query_fail_unsupported(ctx, -1, unsupported_clauses[i].feature);
    }
    const char *limit_option = node_get_string(select, "limitOption");
    if (limit_option != NULL && strcmp(limit_option, "LIMIT_OPTION_WITH_TIES") == 0)
        return query_fail_unsupported(ctx, -1, "FETCH ... WITH TIES");

    select_plan *p = arena_zalloc(ctx->arena, sizeof *p);
    if (p == NULL)
        return query_fail_no_memory(ctx);
    p->scope.relations = p->scope_relations;
    p->limit = -1;
    p->sink = sink;
    analyze_scope *saved_scope = ctx->scope;
    value **saved_rows = ctx->current_rows;
    value *saved_aggregates = ctx->aggregate_values;
    p->scope.parent = saved_scope;
    p->scope.outer_rows = saved_rows;
    ctx->scope = &p->scope;
    bool ok = false;

    /* FROM */
    pending_qual quals[MAX_RELATIONS];
    int qual_count = 0;
    const cJSON *item;
    if (input != NULL) {
        /* The combined rows of a set operation, read like a subquery in FROM. */
        const catalog_table *t = describe_rows(ctx, "*SELECT*", input, NULL);
        if (t == NULL || !add_materialized(ctx, p, "*SELECT*", t, input, -1))
            goto done;
    }
    cJSON_ArrayForEach(item, node_get(select, "fromClause"))
    {
        if (!add_from_item(ctx, p, item, quals, &qual_count))
            goto done;
    }
    p->rows = arena_alloc(ctx->arena, (size_t)(p->relation_count + 1) * sizeof *p->rows);
    if (p->rows == NULL) {
        query_fail_no_memory(ctx);
        goto done;
    }
    for (int r = 0; r < p->relation_count; r++) {
        p->rows[r] = arena_zalloc(ctx->arena,
                                  (size_t)(p->relations[r].table->column_count + 1) * sizeof(value));
        if (p->rows[r] == NULL) {
            query_fail_no_memory(ctx);
            goto done;
        }
    }
    ctx->current_rows = p->rows;

    /* Join conditions and WHERE: no aggregates there. */
    p->scope.aggregates_allowed = false;
    p->scope.aggregates_forbidden_in = "JOIN conditions";
    for (int i = 0; i < qual_count; i++) {
        pending_qual *q = &quals[i];
        expr *condition = NULL;
        if (q->node != NULL) {
            if (!expr_analyze(ctx, q->node, &condition) ||
                !expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "JOIN/ON",
                             &condition) ||
                !distribute(ctx, p, condition, q->relation, q->outer_join))
                goto done;
        }
        const cJSON *name_node;
        cJSON_ArrayForEach(name_node, q->using_names)
        {
            const char *name = node_string_value(name_node);
            if (name == NULL || !using_condition(ctx, p, q, name, &condition) ||
                !distribute(ctx, p, condition, q->relation, q->outer_join))
                goto done;
        }
    }
    const cJSON *where = node_get(select, "whereClause");
    if (where != NULL) {
        p->scope.aggregates_forbidden_in = "WHERE";
        expr *condition;
        if (!expr_analyze(ctx, where, &condition) ||
            !expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE", &condition) ||
            !distribute(ctx, p, condition, -1, false))
            goto done;
    }

    /* Targets: aggregates allowed. */
    p->scope.aggregates_allowed = true;
    int capacity = 0;
    if (input != NULL && !expand_star(ctx, p, NULL, &capacity))
        goto done;
    const cJSON *target_list = input != NULL ? NULL : node_get(select, "targetList");
    cJSON_ArrayForEach(item, target_list)
    {
        const cJSON *fields = node_fields(item);
        const cJSON *val = node_get(fields, "val");
        const cJSON *column_fields = node_get(node_fields(val), "fields");
        int n = cJSON_GetArraySize(column_fields);
        if (strcmp(node_kind(val), "ColumnRef") == 0 && n > 0 &&
            strcmp(node_kind(cJSON_GetArrayItem(column_fields, n - 1)), "A_Star") == 0) {
            if (!expand_star(ctx, p, column_fields, &capacity))
                goto done;
            continue;
        }
        expr *e;
        if (!expr_analyze(ctx, val, &e))
            goto done;
        const char *alias = node_get_string(fields, "name");
        if (!add_target(ctx, p, e, alias != NULL ? alias : expr_column_name(val), &capacity))
            goto done;
    }
    if (p->target_count > 1664) {
        query_fail(ctx, "54011", -1, "target lists can have at most 1664 entries");
        goto done;
    }

    /* GROUP BY (no aggregates inside), HAVING, ORDER BY. */
    const cJSON *group_by = node_get(select, "groupClause");
    p->group_count = cJSON_GetArraySize(group_by);
    p->groups = arena_alloc(ctx->arena, (size_t)(p->group_count + 1) * sizeof *p->groups);
    if (p->groups == NULL) {
        query_fail_no_memory(ctx);
        goto done;
    }
    int *group_locations = arena_alloc(ctx->arena, (size_t)(p->group_count + 1) * sizeof(int));
    if (group_locations == NULL) {
        query_fail_no_memory(ctx);
        goto done;
    }
    int g = 0;
    cJSON_ArrayForEach(item, group_by)
    {
        group_locations[g] = raw_location(item);
        p->scope.aggregates_allowed = false;
        p->scope.aggregates_forbidden_in = "GROUP BY";
        if (strcmp(node_kind(item), "GroupingSet") == 0) {
            query_fail_unsupported(ctx, -1, "GROUPING SETS / ROLLUP / CUBE");
            goto done;
        }
        if (!resolve_item(ctx, p, item, "GROUP BY", &p->groups[g++]))
            goto done;
    }
    p->scope.aggregates_allowed = true;
    const cJSON *having = node_get(select, "havingClause");
    if (having != NULL &&
        (!expr_analyze(ctx, having, &p->having) ||
         !expr_coerce(ctx, p->having, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "HAVING", &p->having)))
        goto done;
    const cJSON *sort = node_get(select, "sortClause");
    p->sort_count = cJSON_GetArraySize(sort);
    p->sort_keys = arena_alloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof *p->sort_keys);
    p->descending = arena_zalloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof *p->descending);
    p->nulls_first = arena_zalloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof *p->nulls_first);
    int *sort_locations = arena_alloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof(int));
    if (p->sort_keys == NULL || p->descending == NULL || p->nulls_first == NULL ||
        sort_locations == NULL) {
        query_fail_no_memory(ctx);
        goto done;
    }
    int s = 0;
    cJSON_ArrayForEach(item, sort)
    {
        const cJSON *fields = node_fields(item);
        const char *direction = node_get_string(fields, "sortby_dir");
        const char *nulls = node_get_string(fields, "sortby_nulls");
        if (direction != NULL && strcmp(direction, "SORTBY_USING") == 0) {
            query_fail_unsupported(ctx, -1, "ORDER BY ... USING");
            goto done;
        }
        p->descending[s] = direction != NULL && strcmp(direction, "SORTBY_DESC") == 0;
        /* PostgreSQL: NULLs sort as larger than any value unless told otherwise. */
        p->nulls_first[s] = nulls != NULL && strcmp(nulls, "SORTBY_NULLS_DEFAULT") != 0
                                ? strcmp(nulls, "SORTBY_NULLS_FIRST") == 0
                                : p->descending[s];
        sort_locations[s] = raw_location(node_get(fields, "node"));
        if (!resolve_item(ctx, p, node_get(fields, "node"), "ORDER BY", &p->sort_keys[s]))
            goto done;
        if (expr_type(p->sort_keys[s]) == TYPE_UNKNOWN &&
            !expr_coerce(ctx, p->sort_keys[s], TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL,
                         &p->sort_keys[s]))
            goto done;
        s++;
    }
    /* PostgreSQL looks for the sort operators of ORDER BY, then GROUP BY, then DISTINCT. */
    for (int i = 0; i < p->sort_count; i++) {
        if (!expr_require_sort_operators(ctx, expr_type(p->sort_keys[i]), true, sort_locations[i]))
            goto done;
    }
    for (int i = 0; i < p->group_count; i++) {
        if (!expr_require_sort_operators(ctx, expr_type(p->groups[i]), false, group_locations[i]))
            goto done;
    }
    p->grouped = p->group_count > 0 || p->scope.aggregate_count > 0 || p->having != NULL;
    if (p->grouped) {
        /* Grouping by a table's whole primary key determines its other columns. */
        bool relation_grouped[MAX_RELATIONS] = {false};
        for (int r = 0; r < p->relation_count; r++) {
            const catalog_table *t = p->relations[r].table;
            int covered = 0;
            for (int k = 0; k < t->primary_key_count; k++) {
                for (int i = 0; i < p->group_count; i++) {
                    int relation, column;
                    if (expr_is_column(p->groups[i], &relation, &column) && relation == r &&
                        column == t->primary_key[k]) {
                        covered++;
                        break;
                    }
                }
            }
            relation_grouped[r] = t->primary_key_count > 0 && covered == t->primary_key_count;
        }
        for (int i = 0; i < p->target_count; i++) {
            if (!expr_check_grouped(ctx, p->targets[i], p->groups, p->group_count, relation_grouped))
                goto done;
        }
        for (int i = 0; i < p->sort_count; i++) {
            if (!expr_check_grouped(ctx, p->sort_keys[i], p->groups, p->group_count,
                                    relation_grouped))
                goto done;
        }
        if (p->having != NULL &&
            !expr_check_grouped(ctx, p->having, p->groups, p->group_count, relation_grouped))
            goto done;
    }
    const cJSON *distinct = node_get(select, "distinctClause");
    if (distinct != NULL) {
        /* DISTINCT ON (...) lists expressions; plain DISTINCT is a list with one empty item. */
        const cJSON *first = cJSON_GetArrayItem(distinct, 0);
        if (cJSON_GetArraySize(distinct) > 1 || (first != NULL && first->child != NULL)) {
            query_fail_unsupported(ctx, -1, "DISTINCT ON");
            goto done;
        }
        for (int i = 0; i < p->target_count; i++) {
            if (!expr_require_sort_operators(ctx, expr_type(p->targets[i]), false,
                                             expr_location(p->targets[i])))
                goto done;
        }
        p->distinct = true;
    }
    const cJSON *limit = node_get(select, "limitCount");
    const cJSON *offset = node_get(select, "limitOffset");
    p->scope.aggregates_allowed = false;
    p->scope.aggregates_forbidden_in = "LIMIT";
    if ((limit != NULL && !limit_value(ctx, limit, "LIMIT", &p->limit)) ||
        (offset != NULL && !limit_value(ctx, offset, "OFFSET", &p->offset)))
        goto done;
    p->buffered = p->sort_count > 0;

    for (int r = 0; r < p->relation_count; r++) {
        if (!plan_relation(ctx, p, r))
            goto done;
    }
    if (mode == RUN_DESCRIBE) {
        ok = sink->columns(sink->state, ctx, p->columns, p->target_count);
        snprintf(tag, COMMAND_TAG_MAX, "SELECT");
        goto done;
    }
    if (mode == RUN_EXPLAIN) {
        ok = explain_plan(ctx, p, sink);
        snprintf(tag, COMMAND_TAG_MAX, "EXPLAIN");
        goto done;
    }
    if (!sink->columns(sink->state, ctx, p->columns, p->target_count))
        goto done;

    bool holds;
    if (!condition_holds(ctx, p->constant_filters, p->constant_filter_count, &holds))
        goto done;
    if (holds && p->limit != 0 && !scan_level(ctx, p, 0))
        goto done;
    if (p->grouped && (p->limit != 0 || p->buffered) && !finish_groups(ctx, p))
        goto done;
    if (p->buffered && !send_buffered(ctx, p))
        goto done;
    snprintf(tag, COMMAND_TAG_MAX, "SELECT %lld", (long long)p->sent);
    ok = true;
done:
    ctx->scope = saved_scope;
    ctx->current_rows = saved_rows;
    ctx->aggregate_values = saved_aggregates;
    ctx->ctes = saved_ctes;
    if (p->scope.correlated)
        ctx->subquery_correlated = true;
    return ok;
}

bool select_subquery(query_context *ctx, const cJSON *select, bool describe_only,
                     subquery_result *out)
{
    collected_rows rows;
    memset(&rows, 0, sizeof rows);
    result_sink sink = {&rows, collect_columns, collect_row};
    char tag[COMMAND_TAG_MAX];
    bool saved_correlated = ctx->subquery_correlated;
    ctx->subquery_correlated = false;
    bool ok = select_run(ctx, select, &sink, tag, describe_only ? RUN_DESCRIBE : RUN_EXECUTE, NULL);
    out->correlated = ctx->subquery_correlated;
    ctx->subquery_correlated = saved_correlated;
    out->columns = rows.columns;
    out->column_count = rows.column_count;
    out->rows = rows.rows;
    out->count = rows.count;
    return ok;
}

bool select_execute(query_context *ctx, const cJSON *select, const result_sink *sink,
                    char tag[COMMAND_TAG_MAX])
{
    return select_run(ctx, select, sink, tag, ctx->describe_only ? RUN_DESCRIBE : RUN_EXECUTE,
                      NULL);
}

bool select_explain(query_context *ctx, const cJSON *explain, const result_sink *sink,
                    char tag[COMMAND_TAG_MAX])
{
    const cJSON *option;
    cJSON_ArrayForEach(option, node_get(explain, "options"))
    {
        const char *name = node_get_string(node_fields(option), "defname");
        if (name != NULL && strcmp(name, "analyze") == 0)
            return query_fail_unsupported(ctx, -1, "EXPLAIN ANALYZE");
        if (name != NULL && strcmp(name, "format") == 0)
            return query_fail_unsupported(ctx, -1, "EXPLAIN (FORMAT ...)");
    }
    const cJSON *query = node_get(explain, "query");
    if (strcmp(node_kind(query), "SelectStmt") != 0)
        return query_fail_unsupported(ctx, -1, "EXPLAIN of statements other than SELECT");
    return select_run(ctx, node_fields(query), sink, tag, RUN_EXPLAIN, NULL);
}

/* ---- single-table reads for UPDATE and DELETE ---- */

struct table_query {
    select_plan *plan;
    analyze_scope *saved_scope;
    value **saved_rows;
};

table_query *table_query_begin(query_context *ctx, const catalog_table *t, const char *alias,
                               const cJSON *where, const cJSON *from)
{
    table_query *q = arena_zalloc(ctx->arena, sizeof *q);
    select_plan *p = arena_zalloc(ctx->arena, sizeof *p);
    if (q == NULL || p == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    q->plan = p;
    q->saved_scope = ctx->scope;
    q->saved_rows = ctx->current_rows;
    p->scope.relations = p->scope_relations;
    p->scope_relations[0].name = alias != NULL ? alias : t->name;
    p->scope_relations[0].table = t;
    p->relations[0].table = t;
    p->relation_count = p->scope.relation_count = 1;
    ctx->scope = &p->scope;
    /* FROM (UPDATE) / USING (DELETE): more tables joined to the target. */
    pending_qual quals[MAX_RELATIONS];
    int qual_count = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, from)
    {
        if (!add_from_item(ctx, p, item, quals, &qual_count)) {
            table_query_end(ctx, q);
            return NULL;
        }
    }
    p->rows = arena_alloc(ctx->arena, (size_t)(p->relation_count + 1) * sizeof *p->rows);
    for (int r = 0; p->rows != NULL && r < p->relation_count; r++) {
        p->rows[r] = arena_zalloc(ctx->arena,
                                  (size_t)(p->relations[r].table->column_count + 1) * sizeof(value));
        if (p->rows[r] == NULL)
            p->rows = NULL;
    }
    if (p->rows == NULL) {
        query_fail_no_memory(ctx);
        table_query_end(ctx, q);
        return NULL;
    }
    ctx->current_rows = p->rows;
    p->scope.aggregates_forbidden_in = "JOIN conditions";
    for (int i = 0; i < qual_count; i++) {
        expr *condition;
        if (quals[i].node == NULL || quals[i].using_names != NULL || quals[i].outer_join) {
            query_fail_unsupported(ctx, -1, "this join form in UPDATE ... FROM / DELETE ... USING");
            table_query_end(ctx, q);
            return NULL;
        }
        if (!expr_analyze(ctx, quals[i].node, &condition) ||
            !expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "JOIN/ON",
                         &condition) ||
            !distribute(ctx, p, condition, quals[i].relation, false)) {
            table_query_end(ctx, q);
            return NULL;
        }
    }
    p->scope.aggregates_forbidden_in = "WHERE";
    if (where != NULL) {
        expr *condition;
        if (!expr_analyze(ctx, where, &condition) ||
            !expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE", &condition) ||
            !distribute(ctx, p, condition, -1, false)) {
            table_query_end(ctx, q);
            return NULL;
        }
    }
    for (int r = 0; r < p->relation_count; r++) {
        if (!plan_relation(ctx, p, r)) {
            table_query_end(ctx, q);
            return NULL;
        }
    }
    p->scope.aggregates_forbidden_in = "RETURNING";
    return q;
}

bool table_query_run(query_context *ctx, table_query *q, table_row_callback callback, void *arg)
{
    select_plan *p = q->plan;
    bool holds;
    if (!condition_holds(ctx, p->constant_filters, p->constant_filter_count, &holds))
        return false;
    if (!holds)
        return true;
    if (p->relation_count > 1) {
        p->row_callback = callback;
        p->row_callback_arg = arg;
        return scan_level(ctx, p, 0);
    }
    relation_plan *r = &p->relations[0];
    table_scan *scan = table_scan_open(ctx, r->table, &r->start, &r->end, r->rows);
    if (scan == NULL)
        return false;
    bool ok = true;
    key_buffer key;
    for (;;) {
        bool found;
        if (!(ok = table_scan_next(ctx, scan, p->rows[0], &key, &found)) || !found)
            break;
        if (!(ok = condition_holds(ctx, r->filters, r->filter_count, &holds)))
            break;
        if (holds && !(ok = callback(arg, ctx, p->rows[0], &key)))
            break;
    }
    table_scan_close(scan);
    return ok;
}

void table_query_end(query_context *ctx, table_query *q)
{
    ctx->scope = q->saved_scope;
    ctx->current_rows = q->saved_rows;
}
