#include "server/prepared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/expr.h"
#include "server/dispatch.h"

/* Portals need little: the bound values. */
#define PORTAL_ARENA_BLOCK 1024

struct prepared_store {
    prepared_statement *statements;
    portal *portals;
};

prepared_store *prepared_store_create(void)
{
    return calloc(1, sizeof(prepared_store));
}

static void free_columns(prepared_statement *ps)
{
    for (int i = 0; i < ps->column_count; i++)
        free((char *)ps->columns[i].name);
    free(ps->columns);
    ps->columns = NULL;
    ps->column_count = 0;
    ps->returns_rows = false;
}

static void free_statement(prepared_statement *ps)
{
    free_columns(ps);
    free(ps->param_types);
    free(ps->run_as);
    cJSON_Delete(ps->tree);
    free(ps->text);
    free(ps->name);
    free(ps);
}

void prepared_release(prepared_statement *ps)
{
    if (--ps->references == 0)
        free_statement(ps);
}

static void free_portal(portal *p)
{
    prepared_release(p->statement);
    arena_destroy(p->memory);
    writer_free(&p->pending);
    free(p->formats);
    free(p->name);
    free(p);
}

void prepared_store_destroy(prepared_store *store)
{
    if (store == NULL)
        return;
    while (store->portals != NULL) {
        portal *p = store->portals;
        store->portals = p->next;
        free_portal(p);
    }
    while (store->statements != NULL) {
        prepared_statement *ps = store->statements;
        store->statements = ps->next;
        prepared_release(ps);
    }
    free(store);
}

prepared_statement *prepared_find(session *s, const char *name)
{
    for (prepared_statement *ps = s->prepared->statements; ps != NULL; ps = ps->next) {
        if (strcmp(ps->name, name) == 0)
            return ps;
    }
    return NULL;
}

void prepared_drop(session *s, prepared_statement *ps)
{
    for (prepared_statement **link = &s->prepared->statements; *link != NULL;
         link = &(*link)->next) {
        if (*link == ps) {
            *link = ps->next;
            prepared_release(ps);
            return;
        }
    }
}

/* ---- analysis ---- */

typedef struct column_capture {
    prepared_statement *statement;
} column_capture;

static bool capture_columns(void *state, query_context *ctx, const result_column *columns,
                            int count)
{
    prepared_statement *ps = ((column_capture *)state)->statement;
    ps->returns_rows = true;
    ps->columns = calloc((size_t)(count > 0 ? count : 1), sizeof *ps->columns);
    if (ps->columns == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++) {
        ps->columns[i] = columns[i];
        ps->columns[i].name = strdup(columns[i].name);
        if (ps->columns[i].name == NULL)
            return query_fail_no_memory(ctx);
        ps->column_count = i + 1;
    }
    return true;
}

static bool ignore_row(void *state, query_context *ctx, const value *values, int count)
{
    (void)state;
    (void)ctx;
    (void)values;
    (void)count;
    return true;
}

/* The statements PostgreSQL's parse analysis looks into at Parse: their errors, parameter
 * types and result columns are known before anything runs. */
static bool is_analysed(const char *kind)
{
    return strcmp(kind, "SelectStmt") == 0 || strcmp(kind, "InsertStmt") == 0 ||
           strcmp(kind, "UpdateStmt") == 0 || strcmp(kind, "DeleteStmt") == 0 ||
           strcmp(kind, "ExplainStmt") == 0;
}

static bool analyse(session *s, query_context *ctx, prepared_statement *ps)
{
    (void)s;
    query_params params = {ps->param_count, NULL, NULL, true};
    params.types = arena_alloc(ctx->arena, (size_t)(ps->param_count + 1) * sizeof *params.types);
    if (params.types == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < ps->param_count; i++)
        params.types[i] = ps->param_types[i] != 0 ? ps->param_types[i] : TYPE_UNKNOWN;
    bool ok = true;
    if (ps->statement.kind[0] != '\0' && is_analysed(ps->statement.kind)) {
        column_capture capture = {ps};
        result_sink sink = {&capture, capture_columns, ignore_row};
        char tag[COMMAND_TAG_MAX];
        query_params *saved_params = ctx->params;
        ctx->params = &params;
        ctx->describe_only = true;
        ok = execute_statement(ctx, &ps->statement, &sink, tag);
        ctx->describe_only = false;
        ctx->params = saved_params;
        ps->described = true;
    }
    if (!ok)
        return false;
    for (int i = 0; i < params.count; i++) {
        if (params.types[i] == TYPE_UNKNOWN)
            return query_fail(ctx, SQLSTATE_INDETERMINATE_DATATYPE, -1,
                              "could not determine data type of parameter $%d", i + 1);
    }
    if (params.count > ps->param_count) {
        uint32_t *grown = realloc(ps->param_types, (size_t)params.count * sizeof *grown);
        if (grown == NULL)
            return query_fail_no_memory(ctx);
        ps->param_types = grown;
    }
    memcpy(ps->param_types, params.types, (size_t)params.count * sizeof *params.types);
    ps->param_count = params.count;
    return true;
}

prepared_statement *prepared_create(session *s, query_context *ctx, const char *name, char *text,
                                    size_t length, cJSON *tree, const parsed_statement *statement,
                                    const uint32_t *declared_types, int declared_count)
{
    prepared_statement *ps = calloc(1, sizeof *ps);
    if (ps == NULL) {
        free(text);
        cJSON_Delete(tree);
        query_fail_no_memory(ctx);
        return NULL;
    }
    ps->text = text;
    ps->length = length;
    ps->tree = tree;
    ps->references = 1;
    if (statement != NULL)
        ps->statement = *statement;
    else
        ps->statement.kind = "";
    ps->name = strdup(name);
    ps->param_types = calloc((size_t)(declared_count > 0 ? declared_count : 1), sizeof(uint32_t));
    if (ps->statement.run_as != NULL) {
        ps->run_as = strdup(ps->statement.run_as);
        ps->statement.run_as = ps->run_as;
    }
    if (ps->name == NULL || ps->param_types == NULL ||
        (statement != NULL && statement->run_as != NULL && ps->run_as == NULL)) {
        free_statement(ps);
        query_fail_no_memory(ctx);
        return NULL;
    }
    if (declared_count > 0)
        memcpy(ps->param_types, declared_types, (size_t)declared_count * sizeof(uint32_t));
    ps->param_count = declared_count;
    if (statement == NULL)
        ps->described = true; /* an empty query: NoData */
    if (!analyse(s, ctx, ps)) {
        free_statement(ps);
        return NULL;
    }
    if (name[0] == '\0') {
        prepared_statement *unnamed = prepared_find(s, "");
        if (unnamed != NULL)
            prepared_drop(s, unnamed);
    }
    ps->next = s->prepared->statements;
    s->prepared->statements = ps;
    return ps;
}

bool prepared_describe(session *s, query_context *ctx, prepared_statement *ps)
{
    if (ps->described)
        return true;
    column_capture capture = {ps};
    result_sink sink = {&capture, capture_columns, ignore_row};
    bool ok;
    if (strcmp(ps->statement.kind, "FetchStmt") == 0) {
        /* FETCH returns what its cursor returns now, which the next transaction's cursor
         * of that name may change: described anew each time, never checked. */
        bool returns_rows;
        free_columns(ps);
        return dispatch_describe_utility(s, ctx, &ps->statement, &sink, &returns_rows);
    }
    if (strcmp(ps->statement.kind, "ExecuteStmt") == 0) {
        /* EXECUTE returns what the statement it names returns. */
        const char *name = node_get_string(ps->statement.node, "name");
        prepared_statement *target = prepared_find(s, name != NULL ? name : "");
        if (target == NULL)
            return query_fail(ctx, "26000", -1, "prepared statement \"%s\" does not exist",
                              name != NULL ? name : "");
        if (!prepared_describe(s, ctx, target))
            return false;
        ok = !target->returns_rows ||
             capture_columns(&capture, ctx, target->columns, target->column_count);
    } else {
        bool returns_rows;
        ok = dispatch_describe_utility(s, ctx, &ps->statement, &sink, &returns_rows);
    }
    if (ok)
        ps->described = true;
    return ok;
}

/* ---- result checks ---- */

static bool check_columns(void *state, query_context *ctx, const result_column *columns, int count)
{
    result_check *check = state;
    const prepared_statement *ps = check->statement;
    bool same = ps->described && ps->returns_rows && ps->column_count == count;
    for (int i = 0; same && i < count; i++)
        same = ps->columns[i].type == columns[i].type;
    if (ps->described && !same)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "cached plan must not change result type");
    return check->inner->columns(check->inner->state, ctx, columns, count);
}

static bool check_row(void *state, query_context *ctx, const value *values, int count)
{
    result_check *check = state;
    return check->inner->row(check->inner->state, ctx, values, count);
}

void prepared_checking_sink(result_check *state, result_sink *out)
{
    out->state = state;
    out->columns = check_columns;
    out->row = check_row;
}

/* ---- portals ---- */

static bool portal_live(const session *s, const portal *p)
{
    return p->transaction == s->transactions_ended;
}

portal *prepared_find_portal(session *s, const char *name)
{
    for (portal *p = s->prepared->portals; p != NULL; p = p->next) {
        if (portal_live(s, p) && strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

void prepared_drop_portal(session *s, portal *p)
{
    for (portal **link = &s->prepared->portals; *link != NULL; link = &(*link)->next) {
        if (*link == p) {
            *link = p->next;
            free_portal(p);
            return;
        }
    }
}

void prepared_drop_stale_portals(session *s)
{
    portal **link = &s->prepared->portals;
    while (*link != NULL) {
        portal *p = *link;
        if (portal_live(s, p)) {
            link = &p->next;
            continue;
        }
        *link = p->next;
        free_portal(p);
    }
}

void prepared_drop_unnamed(session *s)
{
    prepared_statement *ps = prepared_find(s, "");
    if (ps != NULL)
        prepared_drop(s, ps);
    portal *p = prepared_find_portal(s, "");
    if (p != NULL)
        prepared_drop_portal(s, p);
}

portal *prepared_create_portal(session *s, const char *name, prepared_statement *ps)
{
    if (name[0] == '\0') {
        portal *unnamed = prepared_find_portal(s, "");
        if (unnamed != NULL)
            prepared_drop_portal(s, unnamed);
    }
    portal *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->name = strdup(name);
    p->memory = arena_create(PORTAL_ARENA_BLOCK);
    if (p->name == NULL || p->memory == NULL) {
        free(p->name);
        arena_destroy(p->memory);
        free(p);
        return NULL;
    }
    writer_init(&p->pending);
    p->statement = ps;
    ps->references++;
    p->transaction = s->transactions_ended;
    p->next = s->prepared->portals;
    s->prepared->portals = p;
    return p;
}

/* ---- SQL ---- */

bool prepared_sql_prepare(session *s, query_context *ctx, const cJSON *node,
                          char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "name");
    const cJSON *query = node_get(node, "query");
    snprintf(tag, COMMAND_TAG_MAX, "PREPARE");
    if (name == NULL || query == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "PREPARE needs a name and a statement");
    if (prepared_find(s, name) != NULL)
        return query_fail(ctx, "42P05", -1, "prepared statement \"%s\" already exists", name);
    const cJSON *argtypes = node_get(node, "argtypes");
    int declared = cJSON_GetArraySize(argtypes);
    uint32_t *types = arena_alloc(ctx->arena, (size_t)(declared + 1) * sizeof *types);
    if (types == NULL)
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *type_node;
    cJSON_ArrayForEach(type_node, argtypes)
    {
        int32_t typmod;
        if (!expr_resolve_type(ctx, node_fields(type_node), &types[i++], &typmod))
            return false;
    }
    parsed_statement inner = {.kind = node_kind(query)};
    if (!is_analysed(inner.kind))
        return query_fail(ctx, "42P14", -1, "utility statements cannot be prepared");
    /* The tree's locations point into the whole text, which the statement keeps. */
    char *text = malloc(ctx->query_length + 1);
    cJSON *tree = cJSON_Duplicate(query, true);
    if (text == NULL || tree == NULL) {
        free(text);
        cJSON_Delete(tree);
        return query_fail_no_memory(ctx);
    }
    memcpy(text, ctx->query_text, ctx->query_length);
    text[ctx->query_length] = '\0';
    inner.kind = node_kind(tree);
    inner.node = node_fields(tree);
    inner.length = (int)ctx->query_length;
    const char *saved_text = ctx->query_text;
    size_t saved_length = ctx->query_length;
    ctx->query_text = text;
    prepared_statement *ps =
        prepared_create(s, ctx, name, text, ctx->query_length, tree, &inner, types, declared);
    ctx->query_text = saved_text;
    ctx->query_length = saved_length;
    return ps != NULL;
}

void prepared_drop_all(session *s)
{
    while (s->prepared->statements != NULL)
        prepared_drop(s, s->prepared->statements);
}

bool prepared_sql_deallocate(session *s, query_context *ctx, const cJSON *node,
                             char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "name");
    if (name == NULL) {
        snprintf(tag, COMMAND_TAG_MAX, "DEALLOCATE ALL");
        prepared_drop_all(s);
        return true;
    }
    snprintf(tag, COMMAND_TAG_MAX, "DEALLOCATE");
    prepared_statement *ps = prepared_find(s, name);
    if (ps == NULL || name[0] == '\0')
        return query_fail(ctx, "26000", -1, "prepared statement \"%s\" does not exist", name);
    prepared_drop(s, ps);
    return true;
}

bool prepared_sql_execute_params(session *s, query_context *ctx, const cJSON *node,
                                 prepared_statement **out, query_params *params)
{
    const char *name = node_get_string(node, "name");
    prepared_statement *ps = name != NULL && name[0] != '\0' ? prepared_find(s, name) : NULL;
    if (ps == NULL)
        return query_fail(ctx, "26000", -1, "prepared statement \"%s\" does not exist",
                          name != NULL ? name : "");
    const cJSON *args = node_get(node, "params");
    int count = cJSON_GetArraySize(args);
    if (count != ps->param_count) {
        query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                   "wrong number of parameters for prepared statement \"%s\"", name);
        return query_fail_detail(ctx, arena_printf(ctx->arena, "Expected %d parameters but got %d.",
                                                   ps->param_count, count));
    }
    value *values = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *values);
    if (values == NULL)
        return query_fail_no_memory(ctx);
    analyze_scope *saved_scope = ctx->scope;
    ctx->scope = NULL;
    bool ok = true;
    int i = 0;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        expr *e;
        uint32_t type = ps->param_types[i];
        if (!(ok = expr_analyze(ctx, arg, &e)))
            break;
        if (!cast_exists(expr_type(e), type, CAST_ASSIGNMENT)) {
            query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, node_get_int(node_fields(arg), "location", -1),
                       "parameter $%d of type %s cannot be coerced to the expected type %s", i + 1,
                       type_display_name(expr_type(e)), type_display_name(type));
            ok = query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
            break;
        }
        if (!(ok = expr_coerce(ctx, e, type, TYPMOD_NONE, CAST_ASSIGNMENT, NULL, &e) &&
                   expr_evaluate(ctx, e, &values[i])))
            break;
        values[i].type = type;
        i++;
    }
    ctx->scope = saved_scope;
    if (!ok)
        return false;
    params->count = count;
    params->types = ps->param_types;
    params->values = values;
    params->infer = false;
    *out = ps;
    return true;
}
