#include "query/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/aggregate.h"
#include "query/expr.h"
#include "query/from.h"
#include "query/parse.h"
#include "query/table_data.h"
#include "storage/key_encoding.h"

#define MAX_RELATIONS FROM_MAX_RELATIONS
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

/* One level of the nested loops that run the FROM clause: it reads one relation. */
typedef struct relation_plan {
    int relation;
    const catalog_table *table; /* for a subquery or CTE: a description made for it */
    value **materialized;       /* rows of a subquery or CTE, NULL for a stored table */
    int64_t materialized_count;
    const from_computed *computed; /* its rows made when the loop starts (again each time
                                    * if it reads the relations before it) */
    bool computed_once;
    /* Hash join: this relation's rows are read once into a hash on hash_key (an expression
     * of this relation), then probed with hash_probe, an expression of earlier levels. */
    const expr *hash_key;
    const expr *hash_probe;
    bool hash_built;
    value **hash_rows;
    int64_t *hash_next; /* chains rows with equal keys; -1 ends a chain */
    int64_t hash_row_count;
    byte_set hash_index_set;
    key_buffer start;
    key_buffer end;
    const char *access; /* for EXPLAIN */
    const catalog_index *index; /* an index scan: start and end are in its entries */
    const char *index_condition; /* "(a = 1)", for EXPLAIN's Index Cond */
    table_rows rows;    /* soft-deleted rows too, when a condition reads _deleted */
    /* Conditions first decidable here. Stage s is tested once the first s groups of
     * `closing` are decided for the row, so a term above an outer join sees its outcome. */
    expr *conditions[MAX_CONJUNCTS];
    int condition_stage[MAX_CONJUNCTS];
    int condition_count;
    int closing[MAX_RELATIONS]; /* outer-join groups whose last level this is, innermost first */
    int closing_count;
    int group;                  /* the outer-join group starting here, -1 for none */
    int full_lefts[MAX_RELATIONS]; /* FULL JOIN groups whose other side starts here, inner first */
    int full_left_count;
} relation_plan;

/* The side of an outer join NULL-extended when nothing matches a row of the other side:
 * levels [begin, end). A FULL JOIN's group also NULL-extends its other side, levels
 * [left_begin, begin), for each of its own rows nothing matched; those rows are held to
 * know which. A group of several relations joined by a hashable condition is held too. */
typedef struct outer_group {
    int join;
    int begin, end;
    int left_begin;
    int depth; /* of its join in the join tree: inner groups are decided first */
    bool full;
    bool held;
    uint64_t guarded; /* relations a term of an enclosing join reads only once decided */
    int stage;        /* its place among the groups decided at level end - 1 */
    /* Held: the join's condition, tested for each held row met, and the hash on the held
     * rows (hash_key over this side, hash_probe over the other), if there is one. */
    expr **conditions;
    int condition_count;
    const expr *hash_key;
    const expr *hash_probe;
    /* While running. */
    bool matched;    /* a row of this side met the current row of the other */
    bool collecting; /* its rows are being gathered: they end at its decision */
    bool built;
    value **rows;    /* held rows, each the values of every level, one after another */
    int64_t row_count, row_capacity;
    int64_t *chain;  /* next held row with an equal key; -1 ends a chain */
    byte_set index;
    bool *row_matched; /* FULL JOIN: which held rows met a row of the other side */
    int64_t current;   /* the held row being joined */
} outer_group;

/* A row key kept with a buffered row (FOR UPDATE: the rows are locked when sent). */
typedef struct saved_key {
    uint8_t *bytes;
    size_t length;
} saved_key;

typedef struct output_row {
    value *values;    /* the targets */
    value *sort_keys; /* the ORDER BY keys */
    value **source;   /* FOR UPDATE / SHARE: every relation's row... */
    saved_key *keys;  /* ...and each locked one's key */
} output_row;

typedef struct group {
    value **rows; /* a representative input row per relation */
    aggregate_state *states;
} group;

/* A row the select list waits to be computed for until its window calls are known. */
typedef struct window_row {
    value **rows;      /* the input rows (a group's representative rows) */
    value *aggregates; /* grouped: the group's aggregate results */
    value *results;    /* per scope window call */
    value *keys;       /* the window call being computed: partition keys, then order keys */
    value *arguments;  /* ... and its arguments */
} window_row;

typedef struct select_plan {
    analyze_scope scope;
    from_clause from;
    relation_plan *levels; /* one per FROM relation, made by plan_query (large: not inline) */
    int level_count;
    int level_of[MAX_RELATIONS]; /* relation -> level */
    outer_group outer[MAX_RELATIONS];
    int outer_count;
    expr *constant_filters[MAX_CONJUNCTS]; /* WHERE terms that read no relation */
    int constant_filter_count;
    expr *where;

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
    window_row *window_rows;
    int64_t window_row_count, window_row_capacity;
    bool windows_done;

    const result_sink *sink;
    /* UPDATE ... FROM / DELETE ... USING: each joined row goes to this callback with the
     * target table's row (relation 0) and its key. */
    table_row_callback row_callback;
    void *row_callback_arg;
    key_buffer target_key;
    /* SELECT ... FOR UPDATE / SHARE: which relations' rows are locked, how, and the key of
     * each one's current row (NULL: no locking). */
    bool lock_relation[MAX_RELATIONS];
    lock_mode lock_modes[MAX_RELATIONS];
    lock_wait_policy lock_policies[MAX_RELATIONS];
    key_buffer *lock_keys;
    size_t workspace_bytes; /* held by sorting, grouping, DISTINCT and joins, against work_mem */
    int64_t skipped;
    int64_t sent;
    bool done; /* LIMIT reached: stop scanning */
} select_plan;

/* ---- byte sets ---- */

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
            size_t j = key_hash(set->slots[i].bytes, set->slots[i].length) & (capacity - 1);
            while (slots[j].bytes != NULL)
                j = (j + 1) & (capacity - 1);
            slots[j] = set->slots[i];
        }
        set->slots = slots;
        set->capacity = capacity;
    }
    size_t i = key_hash(key->bytes, key->length) & (set->capacity - 1);
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
    size_t i = key_hash(key->bytes, key->length) & (set->capacity - 1);
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

/* What select_run does once the statement is analysed and planned. */
typedef enum run_mode {
    RUN_EXECUTE,
    RUN_EXPLAIN,  /* send the plan instead of rows */
    RUN_DESCRIBE, /* send only the result columns (a subquery's shape) */
} run_mode;

/* ---- planning: the order of the loops, outer joins, where each term is tested ---- */

static uint64_t relation_range(int begin, int end)
{
    uint64_t set = 0;
    for (int r = begin; r < end; r++)
        set |= (uint64_t)1 << r;
    return set;
}

/* The join that is the input of parent (-1: the FROM list) starting at relation begin, or
 * -1 when that input is a single relation. */
static int input_join(const from_clause *from, int parent, int begin)
{
    for (int j = 0; j < from->join_count; j++) {
        if (from->joins[j].parent == parent && from->joins[j].begin == begin)
            return j;
    }
    return -1;
}

static bool join_inside(const from_clause *from, int inner, int outer)
{
    for (int j = from->joins[inner].parent; j >= 0; j = from->joins[j].parent) {
        if (j == outer)
            return true;
    }
    return false;
}

static void add_level(select_plan *p, int relation)
{
    relation_plan *r = &p->levels[p->level_count];
    r->relation = relation;
    r->table = p->from.relations[relation].table;
    r->materialized = p->from.materialized[relation];
    r->materialized_count = p->from.materialized_count[relation];
    r->computed = p->from.computed[relation];
    r->group = -1;
    p->level_of[relation] = p->level_count++;
}

/* The loops nest the relations as written, except that a RIGHT JOIN runs as the LEFT JOIN
 * of its sides swapped: the side whose rows are all kept is the outer loop. */
static void order_input(select_plan *p, int parent, int begin)
{
    int j = input_join(&p->from, parent, begin);
    if (j < 0) {
        add_level(p, begin);
        return;
    }
    const from_join *join = &p->from.joins[j];
    bool swap = join->kind == JOIN_KIND_RIGHT;
    order_input(p, j, swap ? join->middle : join->begin);
    order_input(p, j, swap ? join->begin : join->middle);
}

/* An equality of a join's condition whose one side reads only the `inner` relations and
 * the other only the `outer` ones: the key of a hash join. */
static bool find_hash_pair(expr *const *conditions, int count, uint64_t inner, uint64_t outer,
                           const expr **key, const expr **probe)
{
    for (int i = 0; i < count; i++) {
        const expr *sides[2];
        if (!expr_equality_sides(conditions[i], &sides[0], &sides[1]))
            continue;
        for (int s = 0; s < 2; s++) {
            bool subquery = false;
            uint64_t a = expr_relations(sides[s], &subquery);
            uint64_t b = expr_relations(sides[1 - s], &subquery);
            if (!subquery && a != 0 && b != 0 && (a & ~inner) == 0 && (b & ~outer) == 0) {
                *key = sides[s];
                *probe = sides[1 - s];
                return true;
            }
        }
    }
    return false;
}

/* The group of each outer join: its levels, what it guards, whether its rows are held. */
static bool plan_outer_join(query_context *ctx, select_plan *p, int j)
{
    const from_join *join = &p->from.joins[j];
    int first = MAX_RELATIONS;
    for (int r = join->begin; r < join->end; r++)
        first = p->level_of[r] < first ? p->level_of[r] : first;
    int left_count = join->middle - join->begin, right_count = join->end - join->middle;
    outer_group *g = &p->outer[p->outer_count++];
    *g = (outer_group){.join = j, .left_begin = first, .end = first + left_count + right_count};
    for (int k = join->parent; k >= 0; k = p->from.joins[k].parent)
        g->depth++;
    uint64_t left = relation_range(join->begin, join->middle);
    uint64_t right = relation_range(join->middle, join->end);
    uint64_t inner = join->kind == JOIN_KIND_RIGHT ? left : right;
    g->begin = first + (join->kind == JOIN_KIND_RIGHT ? right_count : left_count);
    g->full = join->kind == JOIN_KIND_FULL;
    g->guarded = g->full ? left | right : inner;
    bool hashable = find_hash_pair(join->conditions, join->condition_count, inner,
                                   (left | right) & ~inner, &g->hash_key, &g->hash_probe);
    if (g->full && !hashable) {
        for (int i = 0; i < join->condition_count; i++) {
            bool subquery = false;
            if (expr_relations(join->conditions[i], &subquery) != 0 || subquery)
                return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                                  "FULL JOIN is only supported with merge-joinable or "
                                  "hash-joinable join conditions");
        }
    }
    /* A side of several relations is gathered once and hashed rather than rescanned for
     * every row of the other side; without an equality to hash on, it is rescanned. A
     * LATERAL relation changes with the other side's row: never held. */
    bool lateral = false;
    for (int r = join->begin; r < join->end; r++)
        lateral = lateral || (p->from.computed[r] != NULL &&
                              from_computed_is_lateral(p->from.computed[r]));
    /* A RIGHT JOIN runs its right side as the outer loop: a LATERAL item there would run
     * before the rows it reads. */
    if (lateral && (g->full || join->kind == JOIN_KIND_RIGHT))
        return query_fail_unsupported(ctx, -1, "RIGHT or FULL JOIN with LATERAL");
    g->held = !lateral && (g->full || (hashable && g->end - g->begin > 1));
    if (!g->held) {
        g->hash_key = g->hash_probe = NULL;
    } else {
        g->conditions = join->conditions;
        g->condition_count = join->condition_count;
    }
    return true;
}

/* Decides the level, and the stage within it, where a term is tested: once every relation
 * it reads is in the row, and after every outer join inside its owner (the join whose ON
 * it is; -1 for WHERE) that decides whether those relations are NULL-extended. A term of
 * an outer join's own condition stays on the NULL-extended side, before that decision. */
static bool place_term(query_context *ctx, select_plan *p, expr *term, int owner)
{
    const from_clause *from = &p->from;
    int owner_group = -1;
    uint64_t span = relation_range(0, from->relation_count);
    if (owner >= 0) {
        span = relation_range(from->joins[owner].begin, from->joins[owner].end);
        for (int g = 0; g < p->outer_count; g++)
            owner_group = p->outer[g].join == owner ? g : owner_group;
    }
    bool subquery = false;
    uint64_t reads = expr_relations(term, &subquery);
    if (subquery)
        reads |= span; /* a subquery may read any column in reach */
    if (reads == 0) {
        bool guarded = owner_group >= 0;
        for (int g = 0; g < p->outer_count; g++)
            guarded = guarded || (p->outer[g].guarded & span) == span;
        if (owner < 0 || !guarded) {
            if (p->constant_filter_count == MAX_CONJUNCTS)
                return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "condition too long");
            p->constant_filters[p->constant_filter_count++] = term;
            return true;
        }
        /* A constant inside an outer join's side decides only that side's rows. */
        int first = MAX_RELATIONS;
        for (int r = 0; r < from->relation_count; r++) {
            if ((span >> r & 1) && p->level_of[r] < first)
                first = p->level_of[r];
        }
        reads = (uint64_t)1 << p->levels[first].relation;
    }
    int level = 0, stage = 0;
    for (int r = 0; r < from->relation_count; r++) {
        if ((reads >> r & 1) && p->level_of[r] > level)
            level = p->level_of[r];
    }
    if (owner_group >= 0 && p->outer[owner_group].begin > level)
        level = p->outer[owner_group].begin;
    /* The rows a FULL JOIN sends for its unmatched right side start at its decision: a term
     * of an enclosing join tested earlier within its levels would miss them. */
    for (bool moved = true; moved;) {
        moved = false;
        for (int g = 0; g < p->outer_count; g++) {
            const outer_group *h = &p->outer[g];
            if (g == owner_group || (owner >= 0 && !join_inside(from, h->join, owner)))
                continue;
            bool after = h->end - 1 < level || (h->end - 1 == level && h->stage + 1 <= stage);
            bool within = h->full && level >= h->left_begin && level < h->end;
            if (!after && ((reads & h->guarded) != 0 || within)) {
                level = h->end - 1;
                stage = h->stage + 1;
                moved = true;
            }
        }
    }
    relation_plan *r = &p->levels[level];
    if (r->condition_count == MAX_CONJUNCTS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "condition too long");
    /* Kept in stage order. */
    int at = r->condition_count++;
    while (at > 0 && r->condition_stage[at - 1] > stage) {
        r->conditions[at] = r->conditions[at - 1];
        r->condition_stage[at] = r->condition_stage[at - 1];
        at--;
    }
    r->conditions[at] = term;
    r->condition_stage[at] = stage;
    return true;
}

static bool place_condition(query_context *ctx, select_plan *p, expr *condition, int owner)
{
    expr *terms[MAX_CONJUNCTS];
    int count = expr_conjuncts(condition, terms, MAX_CONJUNCTS);
    if (count > MAX_CONJUNCTS)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1,
                          "too many AND terms in one condition (at most %d)", MAX_CONJUNCTS);
    for (int i = 0; i < count; i++) {
        if (!place_term(ctx, p, terms[i], owner))
            return false;
    }
    return true;
}

/* ---- access paths ---- */

/* An equality "f(this relation) = g(earlier levels)" tested first thing makes a hash join. */
static void plan_hash_join(select_plan *p, int level)
{
    relation_plan *r = &p->levels[level];
    /* A locked relation's rows come from its table, each with the key to lock. */
    if (p->lock_relation[r->relation])
        return;
    if (r->computed != NULL && from_computed_is_lateral(r->computed))
        return; /* its rows change with the rows before it */
    uint64_t self = (uint64_t)1 << r->relation, earlier = 0;
    for (int l = 0; l < level; l++)
        earlier |= (uint64_t)1 << p->levels[l].relation;
    int stage0 = 0;
    while (stage0 < r->condition_count && r->condition_stage[stage0] == 0)
        stage0++;
    find_hash_pair(r->conditions, stage0, self, earlier, &r->hash_key, &r->hash_probe);
}

/* DESIGN.md: reads skip soft-deleted rows unless the query filters on _deleted: a relation
 * reads them when WHERE or a join condition (ON, USING) reads its _deleted column. */
static bool reads_deleted(const select_plan *p, int relation)
{
    const from_clause *from = &p->from;
    int column = from->relations[relation].table->deleted_column;
    if (column < 0 || from->materialized[relation] != NULL)
        return false;
    if (p->where != NULL && expr_uses_column(p->where, relation, column))
        return true;
    for (int j = 0; j < from->join_count; j++) {
        for (int i = 0; i < from->joins[j].condition_count; i++) {
            if (expr_uses_column(from->joins[j].conditions[i], relation, column))
                return true;
        }
    }
    return false;
}

static int key_order(const key_buffer *a, const key_buffer *b)
{
    int c = memcmp(a->bytes, b->bytes, a->length < b->length ? a->length : b->length);
    if (c != 0)
        return c;
    return a->length < b->length ? -1 : a->length > b->length;
}

/* The text of a comparison the scan's range comes from, as EXPLAIN's Index Cond shows it. */
static const char *comparison_text(query_context *ctx, const catalog_table *t, int column,
                                   int comparison, const value *constant)
{
    static const char *const operators[] = {"<", "<=", "=", ">=", ">"};
    const char *text;
    size_t length;
    if (!value_to_text(ctx, constant, &text, &length))
        return NULL;
    bool bare = type_is_integer(constant->type) || constant->type == TYPE_NUMERIC ||
                type_is_float(constant->type);
    return arena_printf(ctx->arena, bare ? "(%s %s %.*s)" : "(%s %s '%.*s'::%s)",
                        t->columns[column].name, operators[comparison + 2], (int)length, text,
                        type_display_name(constant->type));
}

/* An index on the relation whose leading columns the level's first terms fix by equality
 * (and then bound by a range): the one fixing most columns. All terms stay filters. */
static bool plan_index_access(query_context *ctx, relation_plan *r, expr **terms, int term_count)
{
    const catalog_table *t = r->table;
    int best_score = 0;
    for (int x = 0; x < t->index_count; x++) {
        const catalog_index *index = &t->indexes[x];
        key_buffer key;
        table_index_key_prefix(ctx, t, index, &key);
        const char *condition = NULL;
        int condition_count = 0;
        int equal_columns = 0;
        for (; equal_columns < index->column_count; equal_columns++) {
            int wanted = index->columns[equal_columns];
            const expr *equal = NULL;
            for (int i = 0; i < term_count && equal == NULL; i++) {
                int column, comparison;
                const expr *constant;
                if (expr_column_comparison(terms[i], r->relation, &column, &comparison, &constant) &&
                    column == wanted && comparison == 0 &&
                    expr_type(constant) == t->columns[column].type &&
                    !expr_constant_value(constant)->is_null)
                    equal = constant;
            }
            if (equal == NULL)
                break;
            const char *text = comparison_text(ctx, t, wanted, 0, expr_constant_value(equal));
            condition_count++;
            condition = text == NULL ? NULL
                        : condition == NULL
                            ? text
                            : arena_printf(ctx->arena, "%s AND %s", condition, text);
            if (condition == NULL)
                return query_fail_no_memory(ctx);
            key_append_null_tag(&key, false, true);
            if (!table_key_append_value(ctx, &key, expr_constant_value(equal)))
                return false;
        }
        key_buffer start = key, end;
        if (!key_prefix_successor(&key, &end))
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for index");
        int score = 2 * equal_columns;
        if (equal_columns < index->column_count) {
            /* Values of the next column only: NULLs (sorted last) stay out. */
            int bound_column = index->columns[equal_columns];
            key_buffer values_end = key;
            key_append_null_tag(&values_end, true, true);
            for (int i = 0; i < term_count; i++) {
                int column, comparison;
                const expr *constant;
                if (!expr_column_comparison(terms[i], r->relation, &column, &comparison,
                                            &constant) ||
                    column != bound_column || comparison == 0 ||
                    expr_type(constant) != t->columns[column].type ||
                    expr_constant_value(constant)->is_null)
                    continue;
                key_buffer bound = key, after;
                key_append_null_tag(&bound, false, true);
                if (!table_key_append_value(ctx, &bound, expr_constant_value(constant)))
                    return false;
                bool has_after = key_prefix_successor(&bound, &after);
                const key_buffer *candidate =
                    (comparison == 2 || comparison == -1) && has_after ? &after : &bound;
                if (score % 2 == 0) {
                    score++;
                    end = values_end;
                }
                if (comparison > 0 && key_order(candidate, &start) > 0)
                    start = *candidate;
                else if (comparison < 0 && key_order(candidate, &end) < 0)
                    end = *candidate;
                const char *text = comparison_text(ctx, t, column, comparison,
                                                   expr_constant_value(constant));
                condition_count++;
                condition = text == NULL ? NULL
                            : condition == NULL
                                ? text
                                : arena_printf(ctx->arena, "%s AND %s", condition, text);
                if (condition == NULL)
                    return query_fail_no_memory(ctx);
            }
        }
        if (condition_count > 1 &&
            (condition = arena_printf(ctx->arena, "(%s)", condition)) == NULL)
            return query_fail_no_memory(ctx);
        if (score > best_score) {
            best_score = score;
            r->index = index;
            r->start = start;
            r->end = end;
            r->index_condition = condition;
            r->access = "Index Scan";
        }
    }
    return true;
}

static bool plan_primary_key_access(query_context *ctx, select_plan *p, int level);

static bool plan_access(query_context *ctx, select_plan *p, int level)
{
    relation_plan *r = &p->levels[level];
    r->index = NULL;
    r->index_condition = NULL;
    if (!plan_primary_key_access(ctx, p, level))
        return false;
    if (strcmp(r->access, "Seq Scan") != 0 || r->table->index_count == 0 ||
        r->rows != TABLE_ROWS_VISIBLE)
        return true;
    int term_count = 0;
    while (term_count < r->condition_count && r->condition_stage[term_count] == 0)
        term_count++;
    return plan_index_access(ctx, r, r->conditions, term_count);
}

static table_scan *open_scan(query_context *ctx, const relation_plan *r)
{
    if (r->index != NULL)
        return table_scan_open_index(ctx, r->table, r->index, &r->start, &r->end);
    return table_scan_open(ctx, r->table, &r->start, &r->end, r->rows);
}

static bool plan_primary_key_access(query_context *ctx, select_plan *p, int level)
{
    relation_plan *r = &p->levels[level];
    const catalog_table *t = r->table;
    r->rows = reads_deleted(p, r->relation) ? TABLE_ROWS_WITH_DELETED : TABLE_ROWS_VISIBLE;
    key_buffer prefix;
    table_key_prefix(ctx, t, &prefix);
    r->start = prefix;
    if (!key_prefix_successor(&prefix, &r->end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    r->access = r->materialized != NULL ? "Subquery Scan" : "Seq Scan";
    if (t->primary_key_count == 0 || r->materialized != NULL)
        return true;
    /* Terms tested on every row read here, before anything else: they may bound the scan. */
    int term_count = 0;
    while (term_count < r->condition_count && r->condition_stage[term_count] == 0)
        term_count++;
    expr **terms = r->conditions;
    key_buffer key = prefix;
    int equal_columns = 0;
    for (int k = 0; k < t->primary_key_count; k++) {
        const value *equal = NULL;
        for (int i = 0; i < term_count && equal == NULL; i++) {
            int column, comparison;
            const expr *constant;
            if (expr_column_comparison(terms[i], r->relation, &column, &comparison, &constant) &&
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
        if (!expr_column_comparison(terms[i], r->relation, &column, &comparison, &constant) ||
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

/* Orders the loops, sets up the outer joins, places every condition and chooses each
 * level's access path (then a hash join where a full scan would repeat for every outer
 * row). */
static bool plan_query(query_context *ctx, select_plan *p)
{
    const from_clause *from = &p->from;
    p->levels = arena_zalloc(ctx->arena, (size_t)(from->relation_count + 1) * sizeof *p->levels);
    if (p->levels == NULL)
        return query_fail_no_memory(ctx);
    for (int r = 0; r < from->relation_count;) {
        int j = input_join(from, -1, r);
        order_input(p, -1, r);
        r = j >= 0 ? from->joins[j].end : r + 1;
    }
    for (int j = 0; j < from->join_count; j++) {
        if (from->joins[j].kind != JOIN_KIND_INNER && !plan_outer_join(ctx, p, j))
            return false;
    }
    /* The groups decided at each level, innermost first, give the stages. */
    for (int g = 0; g < p->outer_count; g++) {
        outer_group *group = &p->outer[g];
        relation_plan *last = &p->levels[group->end - 1];
        int at = last->closing_count++;
        while (at > 0 && p->outer[last->closing[at - 1]].depth < group->depth) {
            last->closing[at] = last->closing[at - 1];
            at--;
        }
        last->closing[at] = g;
        p->levels[group->begin].group = g;
        if (group->full) {
            relation_plan *left = &p->levels[group->left_begin];
            at = left->full_left_count++;
            while (at > 0 && p->outer[left->full_lefts[at - 1]].end > group->end) {
                left->full_lefts[at] = left->full_lefts[at - 1];
                at--;
            }
            left->full_lefts[at] = g;
        }
    }
    for (int l = 0; l < p->level_count; l++) {
        for (int k = 0; k < p->levels[l].closing_count; k++)
            p->outer[p->levels[l].closing[k]].stage = k;
    }
    for (int j = 0; j < from->join_count; j++) {
        bool held = false;
        for (int g = 0; g < p->outer_count; g++)
            held = held || (p->outer[g].join == j && p->outer[g].held);
        for (int i = 0; !held && i < from->joins[j].condition_count; i++) {
            if (!place_term(ctx, p, from->joins[j].conditions[i], j))
                return false;
        }
    }
    if (p->where != NULL && !place_condition(ctx, p, p->where, -1))
        return false;
    for (int l = 0; l < p->level_count; l++) {
        if (!plan_access(ctx, p, l))
            return false;
        const char *access = p->levels[l].access;
        if (l > 0 && strcmp(access, "Point Lookup") != 0 && strcmp(access, "Range Scan") != 0 &&
            strcmp(access, "Index Scan") != 0)
            plan_hash_join(p, l);
    }
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

static bool add_item_columns(query_context *ctx, select_plan *p, const scope_item *item,
                             int *capacity)
{
    int count = scope_item_column_count(&p->scope, item);
    for (int c = 0; c < count; c++) {
        scope_column column;
        expr *e;
        if (scope_item_column(&p->scope, item, c, &column) && !column.system &&
            (!expr_scope_column(ctx, &column, &e) || !add_target(ctx, p, e, column.name, capacity)))
            return false;
    }
    return true;
}

/* "*": the columns of every FROM item that shows them (a join's merged columns once);
 * "t.*": those of the item named t. System columns (_seq, _deleted) only when named.
 * fields is the ColumnRef's name list (NULL: "*"). */
static bool expand_star(query_context *ctx, select_plan *p, const cJSON *fields, int location,
                        int *capacity)
{
    int count = cJSON_GetArraySize(fields);
    const char *qualifier = count >= 2 ? node_string_value(cJSON_GetArrayItem(fields, count - 2)) : NULL;
    const char *schema = count == 3 ? node_string_value(cJSON_GetArrayItem(fields, 0)) : NULL;
    if (p->scope.relation_count == 0)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                          "SELECT * with no tables specified is not valid");
    if (qualifier != NULL) {
        scope_item item;
        return expr_find_item(ctx, schema, qualifier, location, &item) &&
               add_item_columns(ctx, p, &item, capacity);
    }
    int begin, end;
    scope_visible_range(&p->scope, &begin, &end);
    for (int i = begin; i < end; i++) {
        scope_item item = scope_item_at(&p->scope, i);
        if (item.columns_visible && !add_item_columns(ctx, p, &item, capacity))
            return false;
    }
    return true;
}

/* Is name a column an unqualified reference in the query can reach? */
static bool is_input_column(const select_plan *p, const char *name)
{
    int begin, end;
    scope_visible_range(&p->scope, &begin, &end);
    for (int i = begin; i < end; i++) {
        scope_item item = scope_item_at(&p->scope, i);
        int count = item.columns_visible ? scope_item_column_count(&p->scope, &item) : 0;
        for (int c = 0; c < count; c++) {
            scope_column column;
            if (scope_item_column(&p->scope, &item, c, &column) && strcmp(column.name, name) == 0)
                return true;
        }
    }
    return false;
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
        /* A bare name means an output column: in ORDER BY always, in GROUP BY unless it is
         * an input column (as PostgreSQL). */
        if (name != NULL && (strcmp(clause, "ORDER BY") == 0 || !is_input_column(p, name))) {
            int match = -1;
            for (int i = 0; i < p->target_count; i++) {
                if (strcmp(p->columns[i].name, name) == 0) {
                    if (match >= 0 && !expr_equal(p->targets[match], p->targets[i]))
                        return query_fail(ctx, "42702", node_get_int(fields, "location", -1),
                                          "%s \"%s\" is ambiguous", clause, name);
                    match = i;
                }
            }
            if (match >= 0) {
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

/* ---- SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE ---- */

static const char *strength_name(lock_mode mode)
{
    switch (mode) {
    case LOCK_FOR_KEY_SHARE:
        return "FOR KEY SHARE";
    case LOCK_FOR_SHARE:
        return "FOR SHARE";
    case LOCK_FOR_NO_KEY_UPDATE:
        return "FOR NO KEY UPDATE";
    default:
        return "FOR UPDATE";
    }
}

static lock_mode clause_strength(const cJSON *clause)
{
    const char *strength = node_get_string(clause, "strength");
    if (strength == NULL)
        return LOCK_FOR_UPDATE;
    if (strcmp(strength, "LCS_FORKEYSHARE") == 0)
        return LOCK_FOR_KEY_SHARE;
    if (strcmp(strength, "LCS_FORSHARE") == 0)
        return LOCK_FOR_SHARE;
    if (strcmp(strength, "LCS_FORNOKEYUPDATE") == 0)
        return LOCK_FOR_NO_KEY_UPDATE;
    return LOCK_FOR_UPDATE;
}

static lock_wait_policy clause_policy(const cJSON *clause)
{
    const char *policy = node_get_string(clause, "waitPolicy");
    if (policy != NULL && strcmp(policy, "LockWaitError") == 0)
        return LOCK_WAIT_NOWAIT;
    if (policy != NULL && strcmp(policy, "LockWaitSkip") == 0)
        return LOCK_WAIT_SKIP;
    return LOCK_WAIT_BLOCK;
}

/* Relation r is locked by a clause: the strongest mode wins, NOWAIT over SKIP LOCKED
 * over waiting (as PostgreSQL combines clauses naming one relation twice). */
static void lock_relation(select_plan *p, int r, lock_mode mode, lock_wait_policy policy)
{
    if (!p->lock_relation[r] || mode > p->lock_modes[r])
        p->lock_modes[r] = mode;
    if (!p->lock_relation[r] || (policy == LOCK_WAIT_NOWAIT) ||
        (policy == LOCK_WAIT_SKIP && p->lock_policies[r] == LOCK_WAIT_BLOCK))
        p->lock_policies[r] = policy;
    p->lock_relation[r] = true;
}

/* Reads the locking clauses, refusing what PostgreSQL refuses (0A000 with grouping,
 * DISTINCT, aggregates; 42P01 for a name not in FROM) and what QuillDB cannot lock (the
 * rows of a subquery or WITH query). */
static bool prepare_locking(query_context *ctx, select_plan *p, const cJSON *clauses)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, clauses)
    {
        const cJSON *clause = node_fields(item);
        lock_mode mode = clause_strength(clause);
        lock_wait_policy policy = clause_policy(clause);
        const char *what = strength_name(mode);
        if (p->distinct)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "%s is not allowed with DISTINCT clause", what);
        if (p->group_count > 0)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "%s is not allowed with GROUP BY clause", what);
        if (p->having != NULL)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "%s is not allowed with HAVING clause", what);
        if (p->scope.aggregate_count > 0)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "%s is not allowed with aggregate functions", what);
        if (p->scope.window_count > 0)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "%s is not allowed with window functions", what);
        const cJSON *named = node_get(clause, "lockedRels");
        if (named == NULL) {
            /* Every stored table of FROM (system tables hold nothing to lock). */
            for (int r = 0; r < p->from.relation_count; r++) {
                if (p->from.materialized[r] == NULL)
                    lock_relation(p, r, mode, policy);
                else if (p->from.relations[r].system_schema == NULL)
                    return query_fail_unsupported(ctx, -1, "FOR UPDATE/SHARE on a subquery or "
                                                           "WITH query in FROM");
            }
            continue;
        }
        const cJSON *rel;
        cJSON_ArrayForEach(rel, named)
        {
            const cJSON *fields = node_fields(rel);
            const char *name = node_get_string(fields, "relname");
            int location = node_get_int(fields, "location", -1);
            if (node_get(fields, "schemaname") != NULL || name == NULL)
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                                  "%s must specify unqualified relation names", what);
            int found = -1;
            for (int r = 0; r < p->from.relation_count && found < 0; r++) {
                if (strcmp(p->from.relations[r].name, name) == 0)
                    found = r;
            }
            if (found < 0)
                return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, location,
                                  "relation \"%s\" in %s clause not found in FROM clause", name,
                                  what);
            if (p->from.materialized[found] != NULL)
                return query_fail_unsupported(ctx, location, "FOR UPDATE/SHARE on a subquery, "
                                                             "WITH query or system table");
            lock_relation(p, found, mode, policy);
        }
    }
    for (int j = 0; j < p->from.join_count; j++) {
        const from_join *join = &p->from.joins[j];
        for (int r = join->begin; r < join->end; r++) {
            bool nullable = (join->kind == JOIN_KIND_FULL) ||
                            (join->kind == JOIN_KIND_LEFT && r >= join->middle) ||
                            (join->kind == JOIN_KIND_RIGHT && r < join->middle);
            if (nullable && p->lock_relation[r])
                return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                                  "%s cannot be applied to the nullable side of an outer join",
                                  strength_name(p->lock_modes[r]));
        }
    }
    for (int r = 0; r < p->from.relation_count; r++) {
        if (p->lock_relation[r] && p->lock_keys == NULL) {
            p->lock_keys = arena_zalloc(ctx->arena, (size_t)p->from.relation_count *
                                                        sizeof *p->lock_keys);
            if (p->lock_keys == NULL)
                return query_fail_no_memory(ctx);
        }
    }
    return true;
}

/* Before any row is read: the locked tables' ROW SHARE locks (DDL waits for them). */
static bool lock_tables(query_context *ctx, select_plan *p)
{
    for (int r = 0; r < p->from.relation_count; r++) {
        if (p->lock_relation[r] &&
            !table_lock(ctx, p->from.relations[r].table, LOCK_TABLE_ROW_SHARE))
            return false;
    }
    return true;
}

/* Locks the current row of every locked relation (p->rows, p->lock_keys), bringing each
 * up to its latest version as READ COMMITTED does; *keep false when the row combination
 * is left out: SKIP LOCKED, a row gone, or a changed row no longer meeting WHERE and the
 * inner joins' conditions. *changed: a row was replaced by a newer version. */
static bool lock_current_rows(query_context *ctx, select_plan *p, bool *keep, bool *changed)
{
    *keep = true;
    *changed = false;
    for (int r = 0; r < p->from.relation_count; r++) {
        if (!p->lock_relation[r])
            continue;
        const catalog_table *t = p->from.relations[r].table;
        table_row_version version;
        if (!table_row_lock(ctx, t, &p->lock_keys[r], p->lock_modes[r], p->lock_policies[r],
                            p->levels[p->level_of[r]].rows, p->rows[r], &version))
            return false;
        if (version == TABLE_ROW_NOT_LOCKED && p->lock_policies[r] == LOCK_WAIT_NOWAIT)
            return query_fail(ctx, "55P03", -1, "could not obtain lock on row in relation \"%s\"",
                              t->name);
        if (version == TABLE_ROW_NOT_LOCKED || version == TABLE_ROW_GONE) {
            *keep = false;
            return true;
        }
        *changed = *changed || version == TABLE_ROW_CHANGED;
    }
    if (!*changed)
        return true;
    if (p->where != NULL && !condition_holds(ctx, &p->where, 1, keep))
        return false;
    for (int j = 0; *keep && j < p->from.join_count; j++) {
        const from_join *join = &p->from.joins[j];
        if (join->kind == JOIN_KIND_INNER &&
            !condition_holds(ctx, join->conditions, join->condition_count, keep))
            return false;
    }
    return true;
}

static value **copy_rows(query_context *ctx, select_plan *p);

/* A buffered row of a locking SELECT keeps its input rows and keys: it is locked when
 * sent, after sorting, so that LIMIT counts locked rows only. */
static bool save_lock_source(query_context *ctx, select_plan *p, output_row *row)
{
    row->source = copy_rows(ctx, p);
    row->keys = arena_zalloc(ctx->arena, (size_t)p->from.relation_count * sizeof *row->keys);
    if (row->source == NULL || row->keys == NULL)
        return query_fail_no_memory(ctx);
    for (int r = 0; r < p->from.relation_count; r++) {
        if (!p->lock_relation[r])
            continue;
        const key_buffer *k = &p->lock_keys[r];
        if (!charge_workspace(ctx, p, k->length) ||
            (row->keys[r].bytes = arena_alloc(ctx->arena, k->length + 1)) == NULL)
            return query_fail_no_memory(ctx);
        memcpy(row->keys[r].bytes, k->bytes, k->length);
        row->keys[r].length = k->length;
    }
    return true;
}

/* Sends the buffered row i of a locking SELECT: locked, re-checked, its targets evaluated
 * again if a row changed. *sent false if it was left out. */
static bool send_locked_row(query_context *ctx, select_plan *p, int64_t i, bool *sent)
{
    output_row *row = &p->buffer[i];
    for (int r = 0; r < p->from.relation_count; r++) {
        memcpy(p->rows[r], row->source[r],
               (size_t)p->from.relations[r].table->column_count * sizeof(value));
        if (p->lock_relation[r]) {
            memcpy(p->lock_keys[r].bytes, row->keys[r].bytes, row->keys[r].length);
            p->lock_keys[r].length = row->keys[r].length;
        }
    }
    bool keep, changed;
    *sent = false;
    if (!lock_current_rows(ctx, p, &keep, &changed))
        return false;
    if (!keep)
        return true;
    value *values = row->values;
    if (changed) {
        values = arena_alloc(ctx->arena, (size_t)(p->target_count + 1) * sizeof *values);
        if (values == NULL)
            return query_fail_no_memory(ctx);
        if (!evaluate_row(ctx, p->targets, p->target_count, values))
            return false;
    }
    if (p->skipped < p->offset) {
        p->skipped++;
        return true;
    }
    *sent = true;
    return p->sink->row(p->sink->state, ctx, values, p->target_count);
}

/* Sends one output row, or keeps it for sorting / DISTINCT. */
static bool output_one(query_context *ctx, select_plan *p)
{
    if (p->lock_keys != NULL && !p->buffered) {
        bool keep, changed;
        if (!lock_current_rows(ctx, p, &keep, &changed))
            return false;
        if (!keep)
            return true;
    }
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
    row->source = NULL;
    row->keys = NULL;
    if (p->lock_keys != NULL && !save_lock_source(ctx, p, row))
        return false;
    row->sort_keys = arena_alloc(ctx->arena, (size_t)(p->sort_count + 1) * sizeof *row->sort_keys);
    if (row->sort_keys == NULL)
        return query_fail_no_memory(ctx);
    return evaluate_row(ctx, p->sort_keys, p->sort_count, row->sort_keys) &&
           values_detach(ctx, row->sort_keys, p->sort_count);
}

/* With set-returning functions in the select list, one row per row of the longest of
 * them (the others NULL past their end), as PostgreSQL's ProjectSet; none if all are
 * empty. */
static bool keep_window_row(query_context *ctx, select_plan *p);

static bool output(query_context *ctx, select_plan *p)
{
    if (p->scope.window_count > 0 && !p->windows_done)
        return keep_window_row(ctx, p);
    int functions = p->scope.set_function_count;
    if (functions == 0)
        return output_one(ctx, p);
    int64_t rows = 0;
    for (int f = 0; f < functions; f++) {
        int64_t count;
        if (!expr_set_function_run(ctx, p->scope.set_functions[f], &count))
            return false;
        if (count > rows)
            rows = count;
    }
    for (int64_t i = 0; i < rows && !p->done; i++) {
        for (int f = 0; f < functions; f++)
            expr_set_function_row(p->scope.set_functions[f], i);
        if (!output_one(ctx, p))
            return false;
    }
    return true;
}

/* Copies the current input rows, whose text may live in memory the scans reuse. */
static value **copy_rows(query_context *ctx, select_plan *p)
{
    value **rows = arena_alloc(ctx->arena, (size_t)(p->from.relation_count + 1) * sizeof *rows);
    if (rows == NULL)
        return NULL;
    for (int r = 0; r < p->from.relation_count; r++) {
        int n = p->from.relations[r].table->column_count;
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

/* Reads every row of a hash-joined relation once and indexes it by its key; a row whose key
 * is NULL can match nothing and is left out. */
static bool build_hash(query_context *ctx, select_plan *p, relation_plan *r)
{
    int n = r->table->column_count;
    value *row = p->rows[r->relation];
    table_scan *scan = NULL;
    if (r->materialized == NULL &&
        (scan = open_scan(ctx, r)) == NULL)
        return false;
    byte_set index = {0};
    int64_t capacity = 0;
    bool ok = true;
    for (int64_t next = 0; ok; next++) {
        bool found = true;
        if (r->materialized != NULL) {
            if (next == r->materialized_count)
                break;
            memcpy(row, r->materialized[next], (size_t)n * sizeof *row);
        } else if (!(ok = table_scan_next(ctx, scan, row, NULL, &found)) || !found) {
            break;
        }
        value key_value;
        if (!(ok = expr_evaluate(ctx, r->hash_key, &key_value)))
            break;
        if (key_value.is_null)
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
            !(ok = encode_values(ctx, &key_value, 1, &key)) ||
            !(ok = byte_set_find_or_add(ctx, &index, &key, i, &head, &added)))
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
        r->hash_next[i] = added ? -1 : r->hash_next[head];
        if (!added)
            r->hash_next[head] = i;
        r->hash_row_count++;
    }
    table_scan_close(scan);
    r->hash_index_set = index;
    r->hash_built = ok;
    return ok;
}

/* Where scan_rows is in a relation's rows. */
typedef struct level_cursor {
    table_scan *scan;
    int64_t next; /* materialised rows: the next index; hash join: the next chain entry */
} level_cursor;

/* The chain of held or hashed rows whose key equals probe's value; -1 for none. */
static bool probe_hash(query_context *ctx, const expr *probe, const byte_set *index, int64_t *first)
{
    value v;
    if (!expr_evaluate(ctx, probe, &v))
        return false;
    *first = -1;
    if (v.is_null)
        return true;
    key_buffer key;
    if (!encode_values(ctx, &v, 1, &key))
        return false;
    *first = byte_set_lookup(index, &key);
    return true;
}

static bool cursor_open(query_context *ctx, select_plan *p, int level, level_cursor *c)
{
    relation_plan *r = &p->levels[level];
    c->scan = NULL;
    c->next = 0;
    if (r->computed != NULL && (!r->computed_once || from_computed_is_lateral(r->computed))) {
        if (!from_computed_rows(ctx, r->computed, &r->materialized, &r->materialized_count))
            return false;
        r->computed_once = true;
    }
    if (r->hash_key != NULL)
        return (r->hash_built || build_hash(ctx, p, r)) &&
               probe_hash(ctx, r->hash_probe, &r->hash_index_set, &c->next);
    if (r->materialized == NULL &&
        (c->scan = open_scan(ctx, r)) == NULL)
        return false;
    return true;
}

static bool cursor_next(query_context *ctx, select_plan *p, int level, level_cursor *c,
                        bool *found)
{
    relation_plan *r = &p->levels[level];
    value *row = p->rows[r->relation];
    size_t width = (size_t)r->table->column_count * sizeof(value);
    *found = false;
    if (r->hash_key != NULL) {
        if (c->next < 0)
            return true;
        if (!query_check_interrupts(ctx))
            return false;
        memcpy(row, r->hash_rows[c->next], width);
        c->next = r->hash_next[c->next];
        *found = true;
        return true;
    }
    if (r->materialized != NULL) {
        if (!query_check_interrupts(ctx))
            return false;
        if (c->next == r->materialized_count)
            return true;
        memcpy(row, r->materialized[c->next++], width);
        *found = true;
        return true;
    }
    key_buffer *key = level == 0 && p->row_callback != NULL ? &p->target_key : NULL;
    if (p->lock_keys != NULL && p->lock_relation[r->relation])
        key = &p->lock_keys[r->relation];
    return table_scan_next(ctx, c->scan, row, key, found);
}

/* Every level's row in [begin, end) all NULL: the NULL-extended side of an outer join. */
static void null_extend(select_plan *p, int begin, int end)
{
    for (int l = begin; l < end; l++) {
        const catalog_table *t = p->levels[l].table;
        value *row = p->rows[p->levels[l].relation];
        for (int c = 0; c < t->column_count; c++)
            row[c] = value_null(t->columns[c].type);
    }
}

/* A held row's values, level after level, into the rows being joined (or back). */
static void held_row_load(select_plan *p, const outer_group *g, const value *held)
{
    for (int l = g->begin; l < g->end; l++) {
        int n = p->levels[l].table->column_count;
        memcpy(p->rows[p->levels[l].relation], held, (size_t)n * sizeof *held);
        held += n;
    }
}

static int held_row_width(const select_plan *p, const outer_group *g)
{
    int width = 0;
    for (int l = g->begin; l < g->end; l++)
        width += p->levels[l].table->column_count;
    return width;
}

static bool scan_level(query_context *ctx, select_plan *p, int level);

/* A combination of this group's rows has passed its own conditions: keep it (and index it
 * by its hash key; with a NULL key it can match nothing, but a FULL JOIN still sends it). */
static bool collect_held_row(query_context *ctx, select_plan *p, outer_group *g)
{
    int width = held_row_width(p, g);
    value *held = arena_alloc(ctx->arena, (size_t)(width + 1) * sizeof *held);
    if (held == NULL)
        return query_fail_no_memory(ctx);
    value *at = held;
    for (int l = g->begin; l < g->end; l++) {
        int n = p->levels[l].table->column_count;
        memcpy(at, p->rows[p->levels[l].relation], (size_t)n * sizeof *at);
        at += n;
    }
    bool keyed = false;
    key_buffer key;
    if (g->hash_key != NULL) {
        value v;
        if (!expr_evaluate(ctx, g->hash_key, &v))
            return false;
        if (v.is_null && !g->full)
            return true;
        if (!v.is_null && !encode_values(ctx, &v, 1, &key))
            return false;
        keyed = !v.is_null;
    }
    int64_t chain_capacity = g->row_capacity;
    if (!charge_workspace(ctx, p, values_size(held, width) + sizeof held + sizeof *g->chain) ||
        !values_detach(ctx, held, width))
        return false;
    if (!arena_reserve(ctx->arena, (void **)&g->rows, sizeof *g->rows, g->row_count,
                       &g->row_capacity, 64) ||
        !arena_reserve(ctx->arena, (void **)&g->chain, sizeof *g->chain, g->row_count,
                       &chain_capacity, 64))
        return query_fail_no_memory(ctx);
    int64_t i = g->row_count++;
    g->rows[i] = held;
    g->chain[i] = -1;
    if (keyed) {
        int64_t head;
        bool added;
        if (!byte_set_find_or_add(ctx, &g->index, &key, i, &head, &added))
            return false;
        if (!added) {
            g->chain[i] = g->chain[head];
            g->chain[head] = i;
        }
    }
    return true;
}

/* Gathers a held group's rows: its levels run on their own, each combination that passes
 * their conditions stopping at the group's decision (collect_held_row). */
static bool build_held(query_context *ctx, select_plan *p, outer_group *g)
{
    g->collecting = true;
    bool ok = scan_level(ctx, p, g->begin);
    g->collecting = false;
    g->built = ok;
    return ok;
}

/* Continues a row from a step of its last level: even steps 2s test the conditions of
 * stage s, odd steps 2s + 1 decide closing group s (held: against the join's condition),
 * then the next level. */
static bool advance(query_context *ctx, select_plan *p, int level, int step)
{
    relation_plan *r = &p->levels[level];
    int c = 0;
    for (int s = step; s <= 2 * r->closing_count; s++) {
        if (s % 2 == 0) {
            while (c < r->condition_count && r->condition_stage[c] < s / 2)
                c++;
            for (; c < r->condition_count && r->condition_stage[c] == s / 2; c++) {
                value v;
                if (!expr_evaluate(ctx, r->conditions[c], &v))
                    return false;
                if (v.is_null || !v.as.boolean)
                    return true;
            }
            continue;
        }
        outer_group *g = &p->outer[r->closing[s / 2]];
        if (g->collecting)
            return collect_held_row(ctx, p, g);
        if (g->held) {
            bool holds;
            if (!condition_holds(ctx, g->conditions, g->condition_count, &holds))
                return false;
            if (!holds)
                return true;
            if (g->full)
                g->row_matched[g->current] = true;
        }
        g->matched = true;
    }
    return scan_level(ctx, p, level + 1);
}

/* The held rows of a group meeting the current row of the other side. */
static bool join_held(query_context *ctx, select_plan *p, outer_group *g)
{
    if (!g->built && !build_held(ctx, p, g))
        return false;
    int64_t i = 0;
    if (g->hash_key != NULL && !probe_hash(ctx, g->hash_probe, &g->index, &i))
        return false;
    for (; i >= 0 && i < g->row_count && !p->done; i = g->hash_key != NULL ? g->chain[i] : i + 1) {
        if (!query_check_interrupts(ctx))
            return false;
        held_row_load(p, g, g->rows[i]);
        g->current = i;
        if (!advance(ctx, p, g->end - 1, 2 * g->stage + 1))
            return false;
    }
    return true;
}

static bool scan_rows(query_context *ctx, select_plan *p, int level)
{
    level_cursor cursor;
    if (!cursor_open(ctx, p, level, &cursor))
        return false;
    bool ok = true;
    while (!p->done) {
        bool found;
        if (!(ok = cursor_next(ctx, p, level, &cursor, &found)) || !found)
            break;
        if (!(ok = advance(ctx, p, level, 0)))
            break;
    }
    table_scan_close(cursor.scan);
    return ok;
}

/* After the other side of a FULL JOIN has run: its held rows nothing matched, with that
 * side NULL. */
static bool send_unmatched(query_context *ctx, select_plan *p, outer_group *g)
{
    for (int64_t i = 0; i < g->row_count && !p->done; i++) {
        if (g->row_matched[i])
            continue;
        if (!query_check_interrupts(ctx))
            return false;
        null_extend(p, g->left_begin, g->begin);
        held_row_load(p, g, g->rows[i]);
        if (!advance(ctx, p, g->end - 1, 2 * g->stage + 2))
            return false;
    }
    return true;
}

static bool emit_row(query_context *ctx, select_plan *p)
{
    if (p->row_callback != NULL)
        return p->row_callback(p->row_callback_arg, ctx, p->rows[0], &p->target_key);
    return p->grouped ? accumulate(ctx, p) : output(ctx, p);
}

static bool scan_level(query_context *ctx, select_plan *p, int level)
{
    if (p->done)
        return true;
    if (level == p->level_count)
        return emit_row(ctx, p);
    relation_plan *r = &p->levels[level];
    outer_group *g = r->group >= 0 ? &p->outer[r->group] : NULL;
    /* A held group's rows come from memory; FULL JOINs starting here are inside it and
     * were run when they were gathered. */
    bool from_held = g != NULL && g->held && !g->collecting;
    int full_count = from_held ? 0 : r->full_left_count;
    /* FULL JOINs whose other side starts here: every held row unmatched so far. */
    for (int i = 0; i < full_count; i++) {
        outer_group *f = &p->outer[r->full_lefts[i]];
        if (!f->built && !build_held(ctx, p, f))
            return false;
        if (f->row_matched == NULL) {
            if (!charge_workspace(ctx, p, (size_t)f->row_count * sizeof *f->row_matched))
                return false;
            f->row_matched = arena_alloc(ctx->arena, (size_t)(f->row_count + 1) * sizeof *f->row_matched);
            if (f->row_matched == NULL)
                return query_fail_no_memory(ctx);
        }
        memset(f->row_matched, 0, (size_t)f->row_count * sizeof *f->row_matched);
    }
    if (g != NULL)
        g->matched = false;
    if (!(from_held ? join_held(ctx, p, g) : scan_rows(ctx, p, level)))
        return false;
    for (int i = 0; i < full_count && !p->done; i++) {
        if (!send_unmatched(ctx, p, &p->outer[r->full_lefts[i]]))
            return false;
    }
    if (g != NULL && !g->collecting && !g->matched && !p->done) {
        null_extend(p, g->begin, g->end);
        return advance(ctx, p, g->end - 1, 2 * g->stage + 2);
    }
    return true;
}

/* ---- window functions ---- */

/* NULLs sort as larger than any value unless nulls_first says otherwise. */
static int compare_sort_values(const value *u, const value *v, bool descending, bool nulls_first)
{
    int c;
    if (u->is_null || v->is_null) {
        if (u->is_null && v->is_null)
            return 0;
        c = u->is_null ? 1 : -1;
        if (nulls_first != descending)
            c = -c;
    } else {
        c = value_compare(u, v);
    }
    return descending ? -c : c;
}

/* Keeps the row the select list will be computed for until the window calls are done. */
static bool keep_window_row(query_context *ctx, select_plan *p)
{
    if (!arena_reserve(ctx->arena, (void **)&p->window_rows, sizeof *p->window_rows,
                       p->window_row_count, &p->window_row_capacity, 64))
        return query_fail_no_memory(ctx);
    window_row *w = &p->window_rows[p->window_row_count];
    int aggregates = p->grouped ? p->scope.aggregate_count : 0;
    /* A group's representative rows stay put; a scan's current rows are reused. */
    w->rows = p->grouped ? ctx->current_rows : copy_rows(ctx, p);
    w->aggregates = arena_alloc(ctx->arena, (size_t)(aggregates + 1) * sizeof *w->aggregates);
    w->results = arena_zalloc(ctx->arena, (size_t)(p->scope.window_count + 1) * sizeof *w->results);
    if (w->rows == NULL || w->aggregates == NULL || w->results == NULL)
        return query_fail_no_memory(ctx);
    if (aggregates > 0) {
        memcpy(w->aggregates, ctx->aggregate_values, (size_t)aggregates * sizeof *w->aggregates);
        if (!values_detach(ctx, w->aggregates, aggregates))
            return false;
    }
    size_t bytes = sizeof *w + values_size(w->aggregates, aggregates) +
                   (size_t)p->scope.window_count * sizeof(value);
    for (int r = 0; !p->grouped && r < p->from.relation_count; r++)
        bytes += values_size(w->rows[r], p->from.relations[r].table->column_count);
    if (!charge_workspace(ctx, p, bytes))
        return false;
    p->window_row_count++;
    return true;
}

static select_plan *window_sort_plan; /* qsort has no context argument */
static const window_call *window_sort_call;

static bool window_peers(const window_row *a, const window_row *b, int begin, int end)
{
    for (int k = begin; k < end; k++) {
        if (compare_sort_values(&a->keys[k], &b->keys[k], false, false) != 0)
            return false;
    }
    return true;
}

static int compare_window_rows(const void *a, const void *b)
{
    int64_t i = *(const int64_t *)a, j = *(const int64_t *)b;
    const window_row *x = &window_sort_plan->window_rows[i], *y = &window_sort_plan->window_rows[j];
    const window_call *call = window_sort_call;
    for (int k = 0; k < call->partition_count; k++) {
        int c = compare_sort_values(&x->keys[k], &y->keys[k], false, false);
        if (c != 0)
            return c;
    }
    for (int k = 0; k < call->order_count; k++) {
        int key = call->partition_count + k;
        int c = compare_sort_values(&x->keys[key], &y->keys[key], call->order_descending[k],
                                    call->order_nulls_first[k]);
        if (c != 0)
            return c;
    }
    return i < j ? -1 : i > j;
}

/* lag / lead: the argument of the row offset rows away in the partition, else the
 * default (NULL without one); a NULL offset gives NULL. */
static value window_shifted(const select_plan *p, const window_call *call, const int64_t *rows,
                            int64_t count, int64_t position, uint32_t type)
{
    const window_row *current = &p->window_rows[rows[position]];
    int64_t offset = 1;
    if (call->argument_count > 1) {
        if (current->arguments[1].is_null)
            return value_null(type);
        offset = current->arguments[1].as.integer;
    }
    int64_t target = call->kind == WINDOW_LAG ? position - offset : position + offset;
    if (target >= 0 && target < count)
        return p->window_rows[rows[target]].arguments[0];
    return call->argument_count > 2 ? current->arguments[2] : value_null(type);
}

/* ntile(buckets): the first count % buckets buckets hold one row more. buckets is read
 * from the partition's first row, as PostgreSQL does. */
static bool window_ntile(query_context *ctx, const value *buckets, int64_t count, int64_t position,
                         value *out)
{
    if (buckets->is_null) {
        *out = value_null(TYPE_INT4);
        return true;
    }
    if (buckets->as.integer <= 0)
        return query_fail(ctx, "22014", -1, "argument of ntile must be greater than zero");
    int64_t per = count / buckets->as.integer, extra = count % buckets->as.integer;
    int64_t bucket = position < extra * (per + 1)
                         ? position / (per + 1)
                         : extra + (position - extra * (per + 1)) / per;
    *out = value_int(TYPE_INT4, bucket + 1);
    return true;
}

/* nth_value(value, n): the n-th row of the frame (the partition up to the current row's
 * last peer), NULL past its end. */
static bool window_nth_value(query_context *ctx, const select_plan *p, const int64_t *rows,
                             int64_t position, int64_t frame_end, uint32_t type, value *out)
{
    const value *n = &p->window_rows[rows[position]].arguments[1];
    if (n->is_null) {
        *out = value_null(type);
        return true;
    }
    if (n->as.integer <= 0)
        return query_fail(ctx, "22016", -1, "argument of nth_value must be greater than zero");
    *out = n->as.integer <= frame_end ? p->window_rows[rows[n->as.integer - 1]].arguments[0]
                                      : value_null(type);
    return true;
}

/* One partition's rows, in window order: the default frame ends at the current row's
 * last peer, so each peer group shares a running aggregate's value. */
static bool window_partition(query_context *ctx, select_plan *p, int w, const int64_t *rows,
                             int64_t count)
{
    const window_call *call = expr_window_call(p->scope.windows[w]);
    uint32_t type = expr_type(p->scope.windows[w]);
    int order_begin = call->partition_count, order_end = order_begin + call->order_count;
    aggregate_state state;
    aggregate_state_init(&state);
    int64_t peer_groups = 0;
    for (int64_t peer_start = 0, peer_end; peer_start < count; peer_start = peer_end) {
        peer_end = peer_start + 1;
        while (peer_end < count && window_peers(&p->window_rows[rows[peer_start]],
                                                &p->window_rows[rows[peer_end]], order_begin,
                                                order_end))
            peer_end++;
        peer_groups++;
        value running = value_null(type);
        if (call->kind == WINDOW_AGGREGATE) {
            for (int64_t j = peer_start; j < peer_end; j++) {
                const window_row *r = &p->window_rows[rows[j]];
                value none = value_null(TYPE_TEXT);
                if (!aggregate_accumulate(ctx, &call->aggregate, &state,
                                          call->argument_count > 0 ? &r->arguments[0] : &none,
                                          call->argument_count > 1 ? &r->arguments[1] : &none))
                    return false;
            }
            if (!aggregate_finish(ctx, &call->aggregate, &state, &running) ||
                !values_detach(ctx, &running, 1))
                return false;
        }
        for (int64_t j = peer_start; j < peer_end; j++) {
            value *out = &p->window_rows[rows[j]].results[w];
            switch (call->kind) {
            case WINDOW_ROW_NUMBER:
                *out = value_int(TYPE_INT8, j + 1);
                break;
            case WINDOW_RANK:
                *out = value_int(TYPE_INT8, peer_start + 1);
                break;
            case WINDOW_DENSE_RANK:
                *out = value_int(TYPE_INT8, peer_groups);
                break;
            case WINDOW_PERCENT_RANK:
                *out = value_float8(count > 1 ? (double)peer_start / (double)(count - 1) : 0.0);
                break;
            case WINDOW_CUME_DIST:
                *out = value_float8((double)peer_end / (double)count);
                break;
            case WINDOW_LAG:
            case WINDOW_LEAD:
                *out = window_shifted(p, call, rows, count, j, type);
                break;
            case WINDOW_FIRST_VALUE:
                *out = p->window_rows[rows[0]].arguments[0];
                break;
            case WINDOW_LAST_VALUE:
                *out = p->window_rows[rows[peer_end - 1]].arguments[0];
                break;
            case WINDOW_NTILE:
                if (!window_ntile(ctx, &p->window_rows[rows[0]].arguments[0], count, j, out))
                    return false;
                break;
            case WINDOW_NTH_VALUE:
                if (!window_nth_value(ctx, p, rows, j, peer_end, type, out))
                    return false;
                break;
            case WINDOW_AGGREGATE:
                *out = running;
                break;
            }
        }
    }
    return true;
}

/* One window call over every kept row: its keys and arguments, the rows sorted into
 * partitions, each partition computed. order receives the sorted row numbers. */
static bool window_compute(query_context *ctx, select_plan *p, int w, int64_t *order)
{
    const window_call *call = expr_window_call(p->scope.windows[w]);
    int key_count = call->partition_count + call->order_count;
    int64_t n = p->window_row_count;
    for (int64_t i = 0; i < n; i++) {
        window_row *r = &p->window_rows[i];
        if (!query_check_interrupts(ctx))
            return false;
        ctx->current_rows = r->rows;
        ctx->aggregate_values = r->aggregates;
        r->keys = arena_alloc(ctx->arena, (size_t)(key_count + 1) * sizeof *r->keys);
        r->arguments = arena_alloc(ctx->arena, (size_t)(call->argument_count + 1) * sizeof *r->arguments);
        if (r->keys == NULL || r->arguments == NULL)
            return query_fail_no_memory(ctx);
        if (!evaluate_row(ctx, call->partition_keys, call->partition_count, r->keys) ||
            !evaluate_row(ctx, call->order_keys, call->order_count, r->keys + call->partition_count) ||
            !values_detach(ctx, r->keys, key_count) ||
            !evaluate_row(ctx, call->arguments, call->argument_count, r->arguments) ||
            !values_detach(ctx, r->arguments, call->argument_count))
            return false;
        if (!charge_workspace(ctx, p, values_size(r->keys, key_count) +
                                          values_size(r->arguments, call->argument_count)))
            return false;
        order[i] = i;
    }
    window_sort_plan = p;
    window_sort_call = call;
    qsort(order, (size_t)n, sizeof *order, compare_window_rows);
    window_sort_plan = NULL;
    window_sort_call = NULL;
    for (int64_t start = 0, end; start < n; start = end) {
        end = start + 1;
        while (end < n && window_peers(&p->window_rows[order[start]],
                                       &p->window_rows[order[end]], 0, call->partition_count))
            end++;
        if (!window_partition(ctx, p, w, order + start, end - start))
            return false;
    }
    return true;
}

/* After WHERE, grouping and HAVING: computes every window call, then produces the select
 * list for each kept row, in the order of the last window (as PostgreSQL's last WindowAgg
 * leaves them when there is no ORDER BY). */
static bool run_windows(query_context *ctx, select_plan *p)
{
    if (p->scope.window_count == 0)
        return true;
    int64_t n = p->window_row_count;
    int64_t *order = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof *order);
    if (order == NULL)
        return query_fail_no_memory(ctx);
    if (!charge_workspace(ctx, p, (size_t)n * sizeof *order))
        return false;
    value *saved_aggregates = ctx->aggregate_values;
    bool ok = true;
    for (int w = 0; w < p->scope.window_count && ok; w++)
        ok = window_compute(ctx, p, w, order);
    p->windows_done = true;
    for (int64_t i = 0; i < n && ok && !p->done; i++) {
        const window_row *r = &p->window_rows[order[i]];
        ctx->current_rows = r->rows;
        ctx->aggregate_values = r->aggregates;
        ctx->window_values = r->results;
        ok = query_check_interrupts(ctx) && output(ctx, p);
    }
    ctx->current_rows = p->rows;
    ctx->aggregate_values = saved_aggregates;
    return ok;
}

static select_plan *sort_plan; /* qsort has no context argument */

static int compare_output(const void *a, const void *b)
{
    const output_row *x = a, *y = b;
    for (int i = 0; i < sort_plan->sort_count; i++) {
        int c = compare_sort_values(&x->sort_keys[i], &y->sort_keys[i], sort_plan->descending[i],
                                    sort_plan->nulls_first[i]);
        if (c != 0)
            return c;
    }
    return 0;
}

static bool add_empty_group(query_context *ctx, select_plan *p)
{
    for (int l = 0; l < p->level_count; l++)
        null_extend(p, l, l + 1);
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
    for (int64_t i = p->lock_keys != NULL ? 0 : p->offset; i < p->buffer_count; i++) {
        if (p->limit >= 0 && p->sent >= p->limit)
            break;
        if (!query_check_interrupts(ctx))
            return false;
        if (p->lock_keys != NULL) {
            bool sent;
            if (!send_locked_row(ctx, p, i, &sent))
                return false;
            p->sent += sent;
            continue;
        }
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
};

/* ---- EXPLAIN: the plan's lines, outermost node first, in PostgreSQL's "->  " layout ---- */

static bool explain_line(query_context *ctx, const result_sink *sink, int depth, const char *text)
{
    const char *line = text == NULL ? NULL
                                    : arena_printf(ctx->arena, "%*s%s%s",
                                                   depth == 0 ? 0 : 6 * depth - 4, "",
                                                   depth == 0 ? "" : "->  ", text);
    if (line == NULL)
        return query_fail_no_memory(ctx);
    value v = value_text(TYPE_TEXT, line, strlen(line));
    return sink->row(sink->state, ctx, &v, 1);
}

/* "Filter: 2 conditions" under a node at depth. */
static bool explain_count(query_context *ctx, const result_sink *sink, int depth,
                          const char *label, int count)
{
    if (count == 0)
        return true;
    const char *line = arena_printf(ctx->arena, "%*s%s: %d condition%s",
                                    depth == 0 ? 2 : 6 * depth + 2, "", label, count,
                                    count == 1 ? "" : "s");
    if (line == NULL)
        return query_fail_no_memory(ctx);
    value v = value_text(TYPE_TEXT, line, strlen(line));
    return sink->row(sink->state, ctx, &v, 1);
}

static bool explain_scan(query_context *ctx, const select_plan *p, const result_sink *sink,
                         int level, int depth)
{
    const relation_plan *rel = &p->levels[level];
    const char *name = p->from.relations[rel->relation].name;
    const char *access =
        rel->materialized != NULL
            ? arena_printf(ctx->arena, "Subquery Scan on %s", name)
        : strcmp(rel->access, "Seq Scan") == 0
            ? arena_printf(ctx->arena, "Seq Scan on %s", rel->table->name)
        : rel->index != NULL
            ? arena_printf(ctx->arena, "Index Scan using %s on %s", rel->index->name,
                           rel->table->name)
            : arena_printf(ctx->arena, "Index Scan using %s on %s (%s)",
                           rel->table->primary_key_name, rel->table->name,
                           strcmp(rel->access, "Point Lookup") == 0 ? "primary key lookup"
                                                                    : "primary key range");
    if (access != NULL && rel->materialized == NULL && strcmp(name, rel->table->name) != 0)
        access = arena_printf(ctx->arena, "%s %s", access, name);
    const char *condition =
        rel->index_condition == NULL
            ? ""
            : arena_printf(ctx->arena, "%*sIndex Cond: %s", depth == 0 ? 2 : 6 * depth + 2, "",
                           rel->index_condition);
    if (condition == NULL)
        return query_fail_no_memory(ctx);
    value v = value_text(TYPE_TEXT, condition, strlen(condition));
    return explain_line(ctx, sink, depth, access) &&
           (rel->index_condition == NULL || sink->row(sink->state, ctx, &v, 1)) &&
           explain_count(ctx, sink, depth, "Filter", rel->condition_count);
}

/* What the loops over a range of levels join, one after another: a single level, an outer
 * join's NULL-extended side, or a whole FULL JOIN. */
typedef struct plan_unit {
    int begin, end;
    enum { UNIT_LEVEL, UNIT_SIDE, UNIT_FULL } kind;
    int group;
} plan_unit;

/* The largest unit starting at level l within end (not group skip, being explained). */
static plan_unit unit_at(const select_plan *p, int l, int end, int skip)
{
    plan_unit u = {l, l + 1, UNIT_LEVEL, -1};
    const relation_plan *r = &p->levels[l];
    for (int i = 0; i < r->full_left_count; i++) {
        const outer_group *f = &p->outer[r->full_lefts[i]];
        if (r->full_lefts[i] != skip && f->end <= end && f->end > u.end)
            u = (plan_unit){l, f->end, UNIT_FULL, r->full_lefts[i]};
    }
    if (r->group >= 0 && r->group != skip && p->outer[r->group].end <= end &&
        p->outer[r->group].end >= u.end)
        u = (plan_unit){l, p->outer[r->group].end, UNIT_SIDE, r->group};
    return u;
}

static bool explain_levels(query_context *ctx, const select_plan *p, const result_sink *sink,
                           int begin, int end, int skip, int depth);

static bool explain_unit(query_context *ctx, const select_plan *p, const result_sink *sink,
                         plan_unit u, int depth)
{
    if (u.kind == UNIT_LEVEL)
        return explain_scan(ctx, p, sink, u.begin, depth);
    if (u.kind == UNIT_SIDE)
        return explain_levels(ctx, p, sink, u.begin, u.end, u.group, depth);
    const outer_group *f = &p->outer[u.group];
    return explain_line(ctx, sink, depth,
                        f->hash_key != NULL ? "Hash Full Join" : "Nested Loop Full Join") &&
           explain_count(ctx, sink, depth, "Join Filter", f->condition_count) &&
           explain_levels(ctx, p, sink, f->left_begin, f->begin, u.group, depth + 1) &&
           explain_levels(ctx, p, sink, f->begin, f->end, u.group, depth + 1);
}

/* A left-deep chain: the units before the last, joined to the last. */
static bool explain_levels(query_context *ctx, const select_plan *p, const result_sink *sink,
                           int begin, int end, int skip, int depth)
{
    plan_unit last = unit_at(p, begin, end, skip);
    while (last.end < end)
        last = unit_at(p, last.end, end, skip);
    if (last.begin == begin)
        return explain_unit(ctx, p, sink, last, depth);
    const char *join = "Nested Loop";
    int join_conditions = 0;
    if (last.kind == UNIT_SIDE) {
        const outer_group *g = &p->outer[last.group];
        bool hashed = g->held ? g->hash_key != NULL
                              : g->end - g->begin == 1 && p->levels[g->begin].hash_key != NULL;
        join = hashed ? "Hash Left Join" : "Nested Loop Left Join";
        join_conditions = g->held ? g->condition_count : 0;
    } else if (last.kind == UNIT_LEVEL && p->levels[last.begin].hash_key != NULL) {
        join = "Hash Join";
    }
    return explain_line(ctx, sink, depth, join) &&
           explain_count(ctx, sink, depth, "Join Filter", join_conditions) &&
           explain_levels(ctx, p, sink, begin, last.begin, skip, depth + 1) &&
           explain_unit(ctx, p, sink, last, depth + 1);
}

static bool explain_plan(query_context *ctx, select_plan *p, const result_sink *sink)
{
    result_column column = {"QUERY PLAN", TYPE_TEXT, TYPMOD_NONE, false};
    if (!sink->columns(sink->state, ctx, &column, 1))
        return false;
    int depth = 0;
    if ((p->limit >= 0 || p->offset > 0) && !explain_line(ctx, sink, depth++, "Limit"))
        return false;
    if (p->sort_count > 0 && !explain_line(ctx, sink, depth++, "Sort"))
        return false;
    if (p->distinct && !explain_line(ctx, sink, depth++, "HashAggregate (DISTINCT)"))
        return false;
    if (p->scope.window_count > 0 && !explain_line(ctx, sink, depth++, "WindowAgg"))
        return false;
    if (p->grouped &&
        !explain_line(ctx, sink, depth++, p->group_count > 0 ? "HashAggregate" : "Aggregate"))
        return false;
    if (p->level_count == 0)
        return explain_line(ctx, sink, depth, "Result");
    return explain_levels(ctx, p, sink, 0, p->level_count, -1, depth);
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
    size_t i = key_hash(key->bytes, key->length) & (right_set->capacity - 1);
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
    if (!from_materialize(ctx, node_get(select, "larg"), &left) ||
        !from_materialize(ctx, node_get(select, "rarg"), &right) ||
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
            if (keep && !collected_rows_add(ctx, &result, from->rows[r], from->column_count))
                return false;
        }
    }
    return select_run(ctx, select, sink, tag, mode, &result);
}

/* A row buffer per relation: the scans read into them, expressions read from them. */
static bool allocate_rows(query_context *ctx, select_plan *p)
{
    p->rows = arena_alloc(ctx->arena, (size_t)(p->from.relation_count + 1) * sizeof *p->rows);
    if (p->rows == NULL)
        return query_fail_no_memory(ctx);
    for (int r = 0; r < p->from.relation_count; r++) {
        p->rows[r] = arena_zalloc(ctx->arena, (size_t)(p->from.relations[r].table->column_count + 1) *
                                                  sizeof(value));
        if (p->rows[r] == NULL)
            return query_fail_no_memory(ctx);
    }
    return true;
}

/* WINDOW w AS (...), ...: each name once. */
static bool check_window_names(query_context *ctx, const cJSON *window_clause)
{
    for (const cJSON *item = window_clause != NULL ? window_clause->child : NULL; item != NULL;
         item = item->next) {
        const cJSON *definition = node_fields(item);
        const char *name = node_get_string(definition, "name");
        for (const cJSON *earlier = window_clause->child; name != NULL && earlier != item;
             earlier = earlier->next) {
            const char *other = node_get_string(node_fields(earlier), "name");
            if (other != NULL && strcmp(other, name) == 0)
                return query_fail(ctx, "42P20", node_get_int(definition, "location", -1),
                                  "window \"%s\" is already defined", name);
        }
    }
    return true;
}

static bool select_run(query_context *ctx, const cJSON *select, const result_sink *sink,
                       char tag[COMMAND_TAG_MAX], run_mode mode, const collected_rows *input)
{
    const char *op = node_get_string(select, "op");
    struct cte_binding *saved_ctes = ctx->ctes;
    if (input == NULL && node_get(select, "withClause") != NULL &&
        !from_bind_ctes(ctx, node_get(select, "withClause"))) {
        ctx->ctes = saved_ctes;
        return false;
    }
    const cJSON *locking = node_get(select, "lockingClause");
    if (input == NULL && op != NULL && strcmp(op, "SETOP_NONE") != 0 && locking != NULL) {
        ctx->ctes = saved_ctes;
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "%s is not allowed with UNION/INTERSECT/EXCEPT",
                          strength_name(clause_strength(node_fields(locking->child))));
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
    from_init(&p->from, &p->scope);
    p->limit = -1;
    p->sink = sink;
    analyze_scope *saved_scope = ctx->scope;
    value **saved_rows = ctx->current_rows;
    value *saved_aggregates = ctx->aggregate_values;
    value *saved_windows = ctx->window_values;
    p->scope.parent = saved_scope;
    p->scope.window_clause = input != NULL ? NULL : node_get(select, "windowClause");
    p->scope.outer_rows = saved_rows;
    ctx->scope = &p->scope;
    bool ok = false;
    if (!check_window_names(ctx, p->scope.window_clause))
        goto done;

    /* FROM, then WHERE (no aggregates in either) */
    const cJSON *item;
    if (input != NULL) {
        /* The combined rows of a set operation, read like a subquery in FROM. */
        const catalog_table *t = from_describe_rows(ctx, "*SELECT*", input, NULL);
        if (t == NULL || !from_add_rows(ctx, &p->from, "*SELECT*", t, input))
            goto done;
    }
    cJSON_ArrayForEach(item, node_get(select, "fromClause"))
    {
        if (!from_add(ctx, &p->from, item))
            goto done;
    }
    if (!allocate_rows(ctx, p))
        goto done;
    ctx->current_rows = p->rows;
    const cJSON *where = node_get(select, "whereClause");
    if (where != NULL) {
        p->scope.aggregates_allowed = false;
        p->scope.aggregates_forbidden_in = "WHERE";
        p->scope.windows_forbidden_in = "WHERE";
        if (!expr_analyze(ctx, where, &p->where) ||
            !expr_coerce(ctx, p->where, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE", &p->where))
            goto done;
    }

    /* Targets: aggregates and set-returning functions allowed. */
    p->scope.aggregates_allowed = true;
    p->scope.windows_allowed = true;
    p->scope.set_functions_allowed = true;
    int capacity = 0;
    if (input != NULL && !expand_star(ctx, p, NULL, -1, &capacity))
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
            if (!expand_star(ctx, p, column_fields, node_get_int(node_fields(val), "location", -1),
                             &capacity))
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
    p->scope.set_functions_allowed = false;
    p->scope.windows_allowed = false;
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
        p->scope.windows_forbidden_in = "GROUP BY";
        if (strcmp(node_kind(item), "GroupingSet") == 0) {
            query_fail_unsupported(ctx, -1, "GROUPING SETS / ROLLUP / CUBE");
            goto done;
        }
        if (!resolve_item(ctx, p, item, "GROUP BY", &p->groups[g++]))
            goto done;
    }
    p->scope.aggregates_allowed = true;
    const cJSON *having = node_get(select, "havingClause");
    p->scope.windows_forbidden_in = "HAVING";
    if (having != NULL &&
        (!expr_analyze(ctx, having, &p->having) ||
         !expr_coerce(ctx, p->having, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "HAVING", &p->having)))
        goto done;
    p->scope.windows_allowed = true;
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
        for (int r = 0; r < p->from.relation_count; r++) {
            const catalog_table *t = p->from.relations[r].table;
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
    p->scope.windows_allowed = false;
    p->scope.windows_forbidden_in = "LIMIT";
    if ((limit != NULL && !limit_value(ctx, limit, "LIMIT", &p->limit)) ||
        (offset != NULL && !limit_value(ctx, offset, "OFFSET", &p->offset)))
        goto done;
    p->buffered = p->sort_count > 0;
    if (input == NULL && locking != NULL && !prepare_locking(ctx, p, locking))
        goto done;

    if (!plan_query(ctx, p))
        goto done;
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
    if (p->lock_keys != NULL && !lock_tables(ctx, p))
        goto done;
    if (!sink->columns(sink->state, ctx, p->columns, p->target_count))
        goto done;

    bool holds;
    if (!condition_holds(ctx, p->constant_filters, p->constant_filter_count, &holds))
        goto done;
    if (holds && p->limit != 0 && !scan_level(ctx, p, 0))
        goto done;
    if (p->grouped && (p->limit != 0 || p->buffered) && !finish_groups(ctx, p))
        goto done;
    if (!run_windows(ctx, p))
        goto done;
    if (p->buffered && !send_buffered(ctx, p))
        goto done;
    snprintf(tag, COMMAND_TAG_MAX, "SELECT %lld", (long long)p->sent);
    ok = true;
done:
    ctx->scope = saved_scope;
    ctx->current_rows = saved_rows;
    ctx->aggregate_values = saved_aggregates;
    ctx->window_values = saved_windows;
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
    result_sink sink = collected_rows_sink(&rows);
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
    from_init(&p->from, &p->scope);
    p->limit = -1;
    ctx->scope = &p->scope;
    /* The target is relation 0; FROM (UPDATE) / USING (DELETE) adds more joined to it. */
    bool ok = from_add_table(ctx, &p->from, t, alias);
    const cJSON *item;
    cJSON_ArrayForEach(item, from)
    {
        ok = ok && from_add(ctx, &p->from, item);
    }
    ok = ok && allocate_rows(ctx, p);
    if (ok) {
        ctx->current_rows = p->rows;
        p->scope.aggregates_forbidden_in = "WHERE";
    }
    ok = ok && (where == NULL ||
                (expr_analyze(ctx, where, &p->where) &&
                 expr_coerce(ctx, p->where, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE",
                             &p->where))) &&
         plan_query(ctx, p);
    if (!ok) {
        table_query_end(ctx, q);
        return NULL;
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
    if (p->level_count > 1) {
        p->row_callback = callback;
        p->row_callback_arg = arg;
        return scan_level(ctx, p, 0);
    }
    relation_plan *r = &p->levels[0];
    table_scan *scan = open_scan(ctx, r);
    if (scan == NULL)
        return false;
    bool ok = true;
    key_buffer key;
    for (;;) {
        bool found;
        if (!(ok = table_scan_next(ctx, scan, p->rows[0], &key, &found)) || !found)
            break;
        if (!(ok = condition_holds(ctx, r->conditions, r->condition_count, &holds)))
            break;
        if (holds && !(ok = callback(arg, ctx, p->rows[0], &key)))
            break;
    }
    table_scan_close(scan);
    return ok;
}

table_rows table_query_rows(const table_query *q)
{
    const select_plan *p = q->plan;
    for (int i = 0; i < p->level_count; i++) {
        if (p->levels[i].relation == 0)
            return p->levels[i].rows;
    }
    return TABLE_ROWS_VISIBLE;
}

bool table_query_recheck(query_context *ctx, table_query *q, bool *holds)
{
    const select_plan *p = q->plan;
    *holds = true;
    if (p->where == NULL)
        return true;
    value v;
    if (!expr_evaluate(ctx, p->where, &v))
        return false;
    *holds = !v.is_null && v.as.boolean;
    return true;
}

void table_query_end(query_context *ctx, table_query *q)
{
    ctx->scope = q->saved_scope;
    ctx->current_rows = q->saved_rows;
}
