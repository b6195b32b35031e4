#include "server/cursor.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/arena.h"

#define SQLSTATE_INVALID_CURSOR_NAME "34000"
#define SQLSTATE_DUPLICATE_CURSOR "42P03"
#define SQLSTATE_NO_ACTIVE_TRANSACTION "25P01"
#define SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE "55000"

/* DeclareCursorStmt options, as PostgreSQL's parsenodes.h numbers them. */
#define CURSOR_OPTION_BINARY 0x0001
#define CURSOR_OPTION_NO_SCROLL 0x0004
#define CURSOR_OPTION_HOLD 0x0020

#define CURSOR_ARENA_BLOCK 8192

typedef struct cursor {
    char *name;
    arena *memory; /* the columns and rows */
    result_column *columns;
    int column_count;
    value **rows;
    int64_t row_count;
    int64_t row_capacity;
    /* 0: before the first row; 1..row_count: on that row; row_count + 1: after the last. */
    int64_t position;
    bool no_scroll;
    bool hold;
    bool binary;
    bool declared_now; /* declared by the open transaction */
    /* The query failed after producing rows[0..row_count): FETCH reports the error when
     * it reads past them, where PostgreSQL's lazily run query would have met it. */
    bool failed;
    sql_error error; /* strings in memory */
    struct cursor *next;
} cursor;

struct cursor_store {
    cursor *cursors;
};

cursor_store *cursor_store_create(void)
{
    return calloc(1, sizeof(cursor_store));
}

static void free_cursor(cursor *c)
{
    arena_destroy(c->memory);
    free(c->name);
    free(c);
}

void cursor_close_all(cursor_store *store)
{
    while (store->cursors != NULL) {
        cursor *next = store->cursors->next;
        free_cursor(store->cursors);
        store->cursors = next;
    }
}

void cursor_store_destroy(cursor_store *store)
{
    if (store == NULL)
        return;
    cursor_close_all(store);
    free(store);
}

void cursor_transaction_end(cursor_store *store, bool committed)
{
    cursor **link = &store->cursors;
    while (*link != NULL) {
        cursor *c = *link;
        if (!c->hold || (!committed && c->declared_now)) {
            *link = c->next;
            free_cursor(c);
            continue;
        }
        c->declared_now = false;
        link = &c->next;
    }
}

static cursor **find(cursor_store *store, const char *name)
{
    cursor **link = &store->cursors;
    while (*link != NULL && strcmp((*link)->name, name) != 0)
        link = &(*link)->next;
    return link;
}

static bool no_such_cursor(query_context *ctx, const char *name)
{
    return query_fail(ctx, SQLSTATE_INVALID_CURSOR_NAME, -1, "cursor \"%s\" does not exist", name);
}

/* ---- DECLARE: the query's rows into the cursor's memory ---- */

typedef struct collector {
    cursor *cursor;
} collector;

static bool collect_columns(void *state, query_context *ctx, const result_column *columns,
                            int count)
{
    cursor *c = ((collector *)state)->cursor;
    c->columns = arena_zalloc(c->memory, (size_t)(count > 0 ? count : 1) * sizeof *c->columns);
    if (c->columns == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++) {
        c->columns[i] = columns[i];
        c->columns[i].name = arena_strdup(c->memory, columns[i].name);
        if (c->columns[i].name == NULL)
            return query_fail_no_memory(ctx);
    }
    c->column_count = count;
    return true;
}

static bool collect_row(void *state, query_context *ctx, const value *values, int count)
{
    cursor *c = ((collector *)state)->cursor;
    if (!arena_reserve(c->memory, (void **)&c->rows, sizeof *c->rows, c->row_count,
                       &c->row_capacity, 64))
        return query_fail_no_memory(ctx);
    value *row = arena_alloc(c->memory, (size_t)(count > 0 ? count : 1) * sizeof *row);
    if (row == NULL)
        return query_fail_no_memory(ctx);
    memcpy(row, values, (size_t)count * sizeof *row);
    /* The values' text lives in the statement's memory: copy it into the cursor's. */
    arena *statement_memory = ctx->arena;
    ctx->arena = c->memory;
    bool ok = values_detach(ctx, row, count);
    ctx->arena = statement_memory;
    if (!ok)
        return false;
    c->rows[c->row_count++] = row;
    return true;
}

static const char *keep_string(arena *memory, const char *text)
{
    return text != NULL ? arena_strdup(memory, text) : NULL;
}

/* Copies the error out of the statement's memory (into the cursor's, or back). */
static bool copy_error(arena *memory, const sql_error *from, sql_error *to)
{
    *to = *from;
    to->message = keep_string(memory, from->message);
    to->detail = keep_string(memory, from->detail);
    to->hint = keep_string(memory, from->hint);
    to->context = keep_string(memory, from->context);
    to->schema_name = keep_string(memory, from->schema_name);
    to->table_name = keep_string(memory, from->table_name);
    to->column_name = keep_string(memory, from->column_name);
    to->constraint_name = keep_string(memory, from->constraint_name);
    return to->message != NULL;
}

bool cursor_declare(cursor_store *store, query_context *ctx, const cJSON *node, bool in_block,
                    char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "portalname");
    int options = node_get_int(node, "options", 0);
    const cJSON *query = node_get(node, "query");
    if (name == NULL || name[0] == '\0')
        return query_fail(ctx, SQLSTATE_INVALID_CURSOR_NAME, -1,
                          "invalid cursor name: must not be empty");
    if (*find(store, name) != NULL)
        return query_fail(ctx, SQLSTATE_DUPLICATE_CURSOR, -1, "cursor \"%s\" already exists",
                          name);
    if (!(options & CURSOR_OPTION_HOLD) && !in_block)
        return query_fail(ctx, SQLSTATE_NO_ACTIVE_TRANSACTION, -1,
                          "DECLARE CURSOR can only be used in transaction blocks");
    if (query == NULL || strcmp(node_kind(query), "SelectStmt") != 0)
        return query_fail_unsupported(ctx, -1, "DECLARE CURSOR for this kind of statement");

    cursor *c = calloc(1, sizeof *c);
    if (c == NULL || (c->name = strdup(name)) == NULL ||
        (c->memory = arena_create(CURSOR_ARENA_BLOCK)) == NULL) {
        if (c != NULL)
            free(c->name);
        free(c);
        return query_fail_no_memory(ctx);
    }
    c->no_scroll = (options & CURSOR_OPTION_NO_SCROLL) != 0;
    c->hold = (options & CURSOR_OPTION_HOLD) != 0;
    c->binary = (options & CURSOR_OPTION_BINARY) != 0;
    c->declared_now = true;
    collector state = {c};
    result_sink sink = {&state, collect_columns, collect_row};
    parsed_statement statement = {.kind = "SelectStmt", .node = node_fields(query)};
    char select_tag[COMMAND_TAG_MAX];
    if (!execute_statement(ctx, &statement, &sink, select_tag)) {
        /* An error before the result columns is one PostgreSQL's DECLARE reports too (the
         * query could not be planned); a later one belongs to a FETCH. */
        bool deferred = c->columns != NULL && strcmp(ctx->error.sqlstate, "57014") != 0 &&
                        strcmp(ctx->error.sqlstate, "57P01") != 0 &&
                        copy_error(c->memory, &ctx->error, &c->error);
        if (!deferred) {
            free_cursor(c);
            return false;
        }
        c->failed = true;
        c->error.position = 0;
    }
    c->next = store->cursors;
    store->cursors = c;
    snprintf(tag, COMMAND_TAG_MAX, "DECLARE CURSOR");
    return true;
}

/* ---- FETCH and MOVE ---- */

static bool forward_only(query_context *ctx)
{
    query_fail(ctx, SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE, -1,
               "cursor can only scan forward");
    return query_fail_hint(ctx, "Declare it with SCROLL option to enable backward scan.");
}

typedef struct fetch_run {
    cursor *cursor;
    query_context *ctx;
    const result_sink *sink; /* NULL: MOVE */
    int64_t processed;
} fetch_run;

static bool emit(fetch_run *run, int64_t row)
{
    run->processed++;
    if (run->sink == NULL)
        return true;
    return run->sink->row(run->sink->state, run->ctx, run->cursor->rows[row - 1],
                          run->cursor->column_count);
}

/* Up to count rows in one direction from the position (PostgreSQL's PortalRunSelect):
 * the position moves past the rows returned, or off the end when there were fewer. */
/* Reading past the rows of a query that failed: its error, now. */
static bool deferred_error(query_context *ctx, const cursor *c)
{
    if (!copy_error(ctx->arena, &c->error, &ctx->error))
        return query_fail_no_memory(ctx);
    return false;
}

static bool scan(fetch_run *run, bool forward, int64_t count)
{
    cursor *c = run->cursor;
    for (int64_t done = 0; done < count; done++) {
        int64_t next = forward ? c->position + 1 : c->position - 1;
        if (forward && next > c->row_count && c->failed)
            return deferred_error(run->ctx, c);
        if (next < 1 || next > c->row_count) {
            c->position = forward ? c->row_count + 1 : 0;
            return true;
        }
        c->position = next;
        if (!emit(run, next))
            return false;
    }
    return true;
}

/* PostgreSQL's DoPortalRunFetch, on rows that are all at hand. */
static bool run_fetch(fetch_run *run, const char *direction, int64_t count)
{
    cursor *c = run->cursor;
    bool forward = true;
    if (strcmp(direction, "FETCH_ABSOLUTE") == 0) {
        if (count > 0) {
            if (count - 1 < c->position) {
                if (c->no_scroll)
                    return forward_only(run->ctx);
                c->position = 0;
            }
            fetch_run skip = {c, run->ctx, NULL, 0};
            if (!scan(&skip, true, count - 1 - c->position))
                return false;
            return scan(run, true, 1);
        }
        if (count < 0) {
            if (c->no_scroll)
                return forward_only(run->ctx);
            if (c->failed)
                return deferred_error(run->ctx, c);
            c->position = c->row_count + 1;
            fetch_run skip = {c, run->ctx, NULL, 0};
            if (!scan(&skip, false, -count - 1))
                return false;
            return scan(run, false, 1);
        }
        if (c->no_scroll && c->position > 0)
            return forward_only(run->ctx);
        c->position = 0;
        return true;
    }
    if (strcmp(direction, "FETCH_RELATIVE") == 0) {
        if (count != 0) {
            forward = count > 0;
            if (!forward && c->no_scroll)
                return forward_only(run->ctx);
            int64_t skip_count = forward ? count - 1 : -count - 1;
            fetch_run skip = {c, run->ctx, NULL, 0};
            if (!scan(&skip, forward, skip_count))
                return false;
            return scan(run, forward, 1);
        }
    } else {
        forward = strcmp(direction, "FETCH_BACKWARD") != 0;
        if (count < 0) {
            forward = !forward;
            count = -count;
        }
    }
    if (count == 0) {
        /* The current row again, if the cursor is on one. */
        if (c->position < 1 || c->position > c->row_count)
            return true;
        return emit(run, c->position);
    }
    if (!forward && c->no_scroll)
        return forward_only(run->ctx);
    return scan(run, forward, count);
}

bool cursor_fetch(cursor_store *store, query_context *ctx, const cJSON *node,
                  const result_sink *sink, const result_sink *binary_sink,
                  char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "portalname");
    const char *direction = node_get_string(node, "direction");
    bool is_move = node_get_bool(node, "ismove");
    const cJSON *how_many = node_get(node, "howMany");
    /* cJSON holds FETCH ALL's LONG_MAX as a double that no longer fits an int64. */
    double number = how_many != NULL ? cJSON_GetNumberValue(how_many) : 0;
    int64_t count = number >= 9.2e18 ? INT64_MAX : number <= -9.2e18 ? -INT64_MAX : (int64_t)number;
    if (name == NULL)
        name = "";
    cursor *c = *find(store, name);
    if (c == NULL)
        return no_such_cursor(ctx, name);
    const result_sink *out = c->binary && binary_sink != NULL ? binary_sink : sink;
    if (!is_move && !out->columns(out->state, ctx, c->columns, c->column_count))
        return false;
    fetch_run run = {c, ctx, is_move ? NULL : out, 0};
    if (!run_fetch(&run, direction != NULL ? direction : "FETCH_FORWARD", count))
        return false;
    snprintf(tag, COMMAND_TAG_MAX, "%s %lld", is_move ? "MOVE" : "FETCH",
             (long long)run.processed);
    return true;
}

bool cursor_describe_fetch(cursor_store *store, query_context *ctx, const cJSON *node,
                           const result_sink *sink, bool *returns_rows)
{
    const char *name = node_get_string(node, "portalname");
    *returns_rows = !node_get_bool(node, "ismove");
    if (name == NULL)
        name = "";
    cursor *c = *find(store, name);
    /* No such cursor (yet): no rows to describe, as PostgreSQL answers; the FETCH itself
     * will fail if it is still missing then. */
    if (c == NULL || !*returns_rows) {
        *returns_rows = false;
        return true;
    }
    return sink->columns(sink->state, ctx, c->columns, c->column_count);
}

bool cursor_portal_columns(cursor_store *store, const char *name, const result_column **columns,
                           int *count)
{
    cursor *c = *find(store, name);
    if (c == NULL)
        return false;
    *columns = c->columns;
    *count = c->column_count;
    return true;
}

bool cursor_portal_execute(cursor_store *store, query_context *ctx, const char *name,
                           int64_t max_rows, const result_sink *sink, int64_t *sent)
{
    cursor *c = *find(store, name);
    if (c == NULL)
        return no_such_cursor(ctx, name);
    fetch_run run = {c, ctx, sink, 0};
    bool ok = scan(&run, true, max_rows > 0 ? max_rows : INT64_MAX);
    *sent = run.processed;
    return ok;
}

bool cursor_close(cursor_store *store, query_context *ctx, const cJSON *node,
                  char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "portalname");
    if (name == NULL) {
        cursor_close_all(store);
        snprintf(tag, COMMAND_TAG_MAX, "CLOSE CURSOR ALL");
        return true;
    }
    cursor **link = find(store, name);
    if (*link == NULL)
        return no_such_cursor(ctx, name);
    cursor *c = *link;
    *link = c->next;
    free_cursor(c);
    snprintf(tag, COMMAND_TAG_MAX, "CLOSE CURSOR");
    return true;
}
