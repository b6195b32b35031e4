#include "server/extended.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/backend.h"
#include "protocol/frontend.h"
#include "query/binary.h"
#include "server/cursor.h"
#include "server/dispatch.h"
#include "server/prepared.h"

#define SQLSTATE_IN_FAILED_TRANSACTION "25P02"
#define SQLSTATE_INVALID_STATEMENT_NAME "26000"
#define SQLSTATE_INVALID_CURSOR_NAME "34000"
#define SQLSTATE_DUPLICATE_PREPARED_STATEMENT "42P05"
#define SQLSTATE_DUPLICATE_CURSOR "42P03"
#define SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE "55000"

/* Sends the error recorded in ctx and fails the transaction, as any ERROR does. */
static bool fail(session *s, message_writer *out, query_context *ctx)
{
    dispatch_send_error(out, &ctx->error);
    dispatch_statement_failed(s, ctx);
    return false;
}

static bool fail_message(session *s, message_writer *out, const char *sqlstate,
                         const char *message)
{
    notice_fields f = {.severity = "ERROR", .sqlstate = sqlstate, .message = message};
    backend_error_response(out, &f);
    query_context ctx;
    dispatch_context_init(s, &ctx, "", 0);
    dispatch_statement_failed(s, &ctx);
    return false;
}

/* A context for work outside a statement's text (lookups, parameter input). */
static void message_context(session *s, query_context *ctx)
{
    arena_reset(s->arena);
    dispatch_context_init(s, ctx, "", 0);
}

static bool aborted_refuses(session *s, const prepared_statement *ps)
{
    return s->transaction == TRANSACTION_FAILED &&
           (ps->statement.kind[0] == '\0' || !dispatch_ends_failed_transaction(&ps->statement));
}

static bool fail_aborted(session *s, message_writer *out, query_context *ctx)
{
    query_fail(ctx, SQLSTATE_IN_FAILED_TRANSACTION, -1,
               "current transaction is aborted, commands ignored until end of transaction block");
    return fail(s, out, ctx);
}

static bool statement_missing(session *s, message_writer *out, query_context *ctx,
                              const char *name)
{
    if (name[0] == '\0')
        query_fail(ctx, SQLSTATE_INVALID_STATEMENT_NAME, -1,
                   "unnamed prepared statement does not exist");
    else
        query_fail(ctx, SQLSTATE_INVALID_STATEMENT_NAME, -1,
                   "prepared statement \"%s\" does not exist", name);
    return fail(s, out, ctx);
}

/* ---- Parse ---- */

bool extended_parse(session *s, message_writer *out, const uint8_t *body, size_t length)
{
    parse_message m;
    const char *why;
    if (!frontend_parse_parse(body, length, &m, &why))
        return fail_message(s, out, SQLSTATE_PROTOCOL_VIOLATION, why);
    query_context ctx;
    message_context(s, &ctx);
    /* PostgreSQL forgets the unnamed statement before anything can fail. */
    if (m.statement[0] == '\0') {
        prepared_statement *unnamed = prepared_find(s, "");
        if (unnamed != NULL)
            prepared_drop(s, unnamed);
    } else if (prepared_find(s, m.statement) != NULL) {
        query_fail(&ctx, SQLSTATE_DUPLICATE_PREPARED_STATEMENT, -1,
                   "prepared statement \"%s\" already exists", m.statement);
        return fail(s, out, &ctx);
    }
    uint32_t *types = arena_alloc(ctx.arena, (size_t)(m.param_type_count + 1) * sizeof *types);
    if (types == NULL) {
        query_fail_no_memory(&ctx);
        return fail(s, out, &ctx);
    }
    for (int i = 0; i < m.param_type_count; i++) {
        /* unknown, like 0, leaves the type to the statement's context. */
        types[i] = parse_message_param_type(&m, i);
        if (types[i] == TYPE_UNKNOWN)
            types[i] = 0;
        if (types[i] != 0 && type_lookup(types[i]) == NULL) {
            query_fail(&ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                       "feature not supported: parameter $%d of type OID %u", i + 1, types[i]);
            return fail(s, out, &ctx);
        }
    }
    /* The statement keeps the text its parse tree's locations point into. */
    char *text = malloc(m.query_length + 1);
    if (text == NULL) {
        query_fail_no_memory(&ctx);
        return fail(s, out, &ctx);
    }
    memcpy(text, m.query, m.query_length + 1);
    dispatch_begin_statement(s, &ctx, true);
    dialect_rewrite rewrite;
    parse_result parsed;
    if (!dispatch_parse(&ctx, text, m.query_length, &rewrite, &parsed)) {
        free(text);
        return fail(s, out, &ctx);
    }
    if (rewrite.text != text) {
        /* A dialect statement: the tree points into the rewritten text, in the arena. */
        char *rewritten = malloc(rewrite.length + 1);
        if (rewritten == NULL) {
            free(text);
            parse_result_free(&parsed);
            query_fail_no_memory(&ctx);
            return fail(s, out, &ctx);
        }
        memcpy(rewritten, rewrite.text, rewrite.length + 1);
        free(text);
        text = rewritten;
        ctx.query_text = text;
    }
    if (parsed.count > 1) {
        free(text);
        parse_result_free(&parsed);
        query_fail(&ctx, SQLSTATE_SYNTAX_ERROR, -1,
                   "cannot insert multiple commands into a prepared statement");
        return fail(s, out, &ctx);
    }
    const parsed_statement *statement = parsed.count == 1 ? &parsed.statements[0] : NULL;
    if (s->transaction == TRANSACTION_FAILED &&
        (statement == NULL || !dispatch_ends_failed_transaction(statement))) {
        free(text);
        parse_result_free(&parsed);
        return fail_aborted(s, out, &ctx);
    }
    prepared_statement *ps = prepared_create(s, &ctx, m.statement, text, rewrite.length,
                                             parsed.tree, statement, types, m.param_type_count);
    if (ps == NULL) {
        ctx.error.position = dialect_original_position(&rewrite, ctx.error.position);
        return fail(s, out, &ctx);
    }
    backend_parse_complete(out);
    return true;
}

/* ---- Bind ---- */

/* PostgreSQL names the parameter; a text one's value is elided, as log_parameter_max_
 * length_on_error = 0 has it. */
static void parameter_context(query_context *ctx, const portal *p, int number, bool text)
{
    const char *value = text ? " = '...'" : "";
    ctx->error.context =
        p->name[0] == '\0'
            ? arena_printf(ctx->arena, "unnamed portal parameter $%d%s", number, value)
            : arena_printf(ctx->arena, "portal \"%s\" parameter $%d%s", p->name, number, value);
}

/* The parameter values, read by the types' input or receive functions into the portal. */
static bool bind_values(query_context *ctx, const bind_message *m, portal *p)
{
    const prepared_statement *ps = p->statement;
    value *values = arena_alloc(p->memory, (size_t)(m->param_count + 1) * sizeof *values);
    if (values == NULL)
        return query_fail_no_memory(ctx);
    arena *saved = ctx->arena;
    ctx->arena = p->memory;
    const uint8_t *cursor = m->params;
    bool ok = true;
    for (int i = 0; i < m->param_count && ok; i++) {
        int16_t format = m->param_format_count == 0   ? 0
                         : m->param_format_count == 1 ? bind_message_param_format(m, 0)
                                                      : bind_message_param_format(m, i);
        int32_t length;
        const uint8_t *data = bind_message_next_param(&cursor, &length);
        uint32_t type = ps->param_types[i];
        if (format != 0 && format != 1) {
            ok = query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "unsupported format code: %d",
                            format);
            break;
        }
        if (data == NULL) {
            values[i] = value_null(type);
            continue;
        }
        /* Text is checked as UTF-8 first; that error names no parameter in PostgreSQL. */
        if (format == 0 && !binary_check_utf8(ctx, (const char *)data, (size_t)length)) {
            ok = false;
            break;
        }
        if (format == 1) {
            ok = binary_supported(type) ? value_from_binary(ctx, type, data, (size_t)length, i + 1,
                                                            &values[i])
                                        : binary_unsupported(ctx, type);
        } else {
            char *text = arena_strndup(ctx->arena, (const char *)data, (size_t)length);
            ok = text != NULL ? value_from_text(ctx, type, text, (size_t)length, -1, &values[i])
                              : query_fail_no_memory(ctx);
        }
        if (!ok)
            parameter_context(ctx, p, i + 1, format == 0);
    }
    /* The error's text must outlive the portal, which goes with the failed Bind. */
    ctx->arena = saved;
    if (!ok) {
        ctx->error.message = arena_strdup(ctx->arena, ctx->error.message);
        ctx->error.detail = ctx->error.detail != NULL ? arena_strdup(ctx->arena, ctx->error.detail) : NULL;
        ctx->error.hint = ctx->error.hint != NULL ? arena_strdup(ctx->arena, ctx->error.hint) : NULL;
        ctx->error.context = ctx->error.context != NULL ? arena_strdup(ctx->arena, ctx->error.context) : NULL;
        return false;
    }
    p->values = values;
    return true;
}

static bool bind_formats(query_context *ctx, const bind_message *m, portal *p)
{
    const prepared_statement *ps = p->statement;
    int columns = ps->returns_rows ? ps->column_count : 0;
    /* Formats for a statement without rows are not looked at, as in PostgreSQL. */
    if (ps->returns_rows && m->result_format_count > 1 && m->result_format_count != columns)
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                          "bind message has %d result formats but query has %d columns",
                          m->result_format_count, columns);
    p->formats = calloc((size_t)(columns > 0 ? columns : 1), sizeof *p->formats);
    if (p->formats == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < columns; i++) {
        int16_t format = m->result_format_count == 0   ? 0
                         : m->result_format_count == 1 ? bind_message_result_format(m, 0)
                                                       : bind_message_result_format(m, i);
        if (format != 0 && format != 1)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                              "unsupported format code: %d", format);
        if (format == 1 && !binary_supported(ps->columns[i].type))
            return binary_unsupported(ctx, ps->columns[i].type);
        p->formats[i] = format;
    }
    return true;
}

bool extended_bind(session *s, message_writer *out, const uint8_t *body, size_t length)
{
    bind_message m;
    const char *why;
    if (!frontend_parse_bind(body, length, &m, &why))
        return fail_message(s, out, SQLSTATE_PROTOCOL_VIOLATION, why);
    query_context ctx;
    message_context(s, &ctx);
    prepared_drop_stale_portals(s);
    prepared_statement *ps = prepared_find(s, m.statement);
    if (ps == NULL)
        return statement_missing(s, out, &ctx, m.statement);
    if (m.param_format_count > 1 && m.param_format_count != m.param_count) {
        query_fail(&ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                   "bind message has %d parameter formats but %d parameters",
                   m.param_format_count, m.param_count);
        return fail(s, out, &ctx);
    }
    if (m.param_count != ps->param_count) {
        query_fail(&ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                   "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
                   m.param_count, m.statement, ps->param_count);
        return fail(s, out, &ctx);
    }
    if (aborted_refuses(s, ps))
        return fail_aborted(s, out, &ctx);
    dispatch_begin_statement(s, &ctx, true);
    const result_column *cursor_columns;
    int cursor_column_count;
    if (m.portal[0] != '\0' &&
        (prepared_find_portal(s, m.portal) != NULL ||
         cursor_portal_columns(s->cursors, m.portal, &cursor_columns, &cursor_column_count))) {
        query_fail(&ctx, SQLSTATE_DUPLICATE_CURSOR, -1, "cursor \"%s\" already exists", m.portal);
        return fail(s, out, &ctx);
    }
    if (!prepared_describe(s, &ctx, ps))
        return fail(s, out, &ctx);
    portal *p = prepared_create_portal(s, m.portal, ps);
    if (p == NULL) {
        query_fail_no_memory(&ctx);
        return fail(s, out, &ctx);
    }
    if (!bind_values(&ctx, &m, p) || !bind_formats(&ctx, &m, p)) {
        prepared_drop_portal(s, p);
        return fail(s, out, &ctx);
    }
    backend_bind_complete(out);
    return true;
}

/* ---- Describe and Close ---- */

static void describe_rows(message_writer *out, query_context *ctx, const prepared_statement *ps,
                          const int16_t *formats)
{
    if (ps->returns_rows)
        dispatch_row_description(out, ctx, ps->columns, ps->column_count, formats);
    else
        backend_no_data(out);
}

bool extended_describe(session *s, message_writer *out, const uint8_t *body, size_t length)
{
    target_message m;
    const char *why;
    if (!frontend_parse_target(body, length, &m, &why))
        return fail_message(s, out, SQLSTATE_PROTOCOL_VIOLATION, why);
    query_context ctx;
    message_context(s, &ctx);
    if (m.kind == 'S') {
        prepared_statement *ps = prepared_find(s, m.name);
        if (ps == NULL)
            return statement_missing(s, out, &ctx, m.name);
        if (!prepared_describe(s, &ctx, ps))
            return fail(s, out, &ctx);
        /* Like PostgreSQL: parameters can always be described, rows not in a failed
         * transaction (so that a client describing everything can still ROLLBACK). */
        if (s->transaction == TRANSACTION_FAILED && ps->returns_rows)
            return fail_aborted(s, out, &ctx);
        backend_parameter_description(out, ps->param_types, ps->param_count);
        describe_rows(out, &ctx, ps, NULL);
        return true;
    }
    if (m.kind == 'P') {
        portal *p = prepared_find_portal(s, m.name);
        const result_column *columns;
        int count;
        /* A DECLAREd cursor is a portal too; its rows go out as text (BINARY is FETCH's). */
        if (p == NULL && cursor_portal_columns(s->cursors, m.name, &columns, &count)) {
            if (s->transaction == TRANSACTION_FAILED)
                return fail_aborted(s, out, &ctx);
            return dispatch_row_description(out, &ctx, columns, count, NULL) ||
                   fail(s, out, &ctx);
        }
        if (p == NULL) {
            query_fail(&ctx, SQLSTATE_INVALID_CURSOR_NAME, -1, "portal \"%s\" does not exist",
                       m.name);
            return fail(s, out, &ctx);
        }
        if (s->transaction == TRANSACTION_FAILED && p->statement->returns_rows)
            return fail_aborted(s, out, &ctx);
        describe_rows(out, &ctx, p->statement, p->formats);
        return true;
    }
    query_fail(&ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "invalid DESCRIBE message subtype %d", m.kind);
    return fail(s, out, &ctx);
}

bool extended_close(session *s, message_writer *out, const uint8_t *body, size_t length)
{
    target_message m;
    const char *why;
    if (!frontend_parse_target(body, length, &m, &why))
        return fail_message(s, out, SQLSTATE_PROTOCOL_VIOLATION, why);
    if (m.kind == 'S') {
        prepared_statement *ps = prepared_find(s, m.name);
        if (ps != NULL)
            prepared_drop(s, ps);
    } else if (m.kind == 'P') {
        portal *p = prepared_find_portal(s, m.name);
        if (p != NULL)
            prepared_drop_portal(s, p);
    } else {
        query_context ctx;
        message_context(s, &ctx);
        query_fail(&ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "invalid CLOSE message subtype %d",
                   m.kind);
        return fail(s, out, &ctx);
    }
    backend_close_complete(out);
    return true;
}

/* ---- Execute ---- */

bool extended_execute_request(session *s, message_writer *out, const uint8_t *body,
                              size_t length, execute_request *req)
{
    execute_message m;
    const char *why;
    req->portal = NULL;
    if (!frontend_parse_execute(body, length, &m, &why))
        return fail_message(s, out, SQLSTATE_PROTOCOL_VIOLATION, why);
    req->portal = strdup(m.portal);
    req->max_rows = m.max_rows;
    if (req->portal == NULL)
        return fail_message(s, out, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return true;
}

/* Rows of one Execute: up to the limit to the client, the rest kept in the portal. */
typedef struct portal_output {
    portal *portal;
    message_writer *out;
    int32_t max_rows;
    int64_t sent;
    result_check check;
} portal_output;

static bool portal_columns(void *state, query_context *ctx, const result_column *columns,
                           int count)
{
    (void)state;
    (void)ctx;
    (void)columns;
    (void)count;
    return true; /* Describe sent the RowDescription, if the client wanted one */
}

static bool portal_row(void *state, query_context *ctx, const value *values, int count)
{
    portal_output *o = state;
    if (o->max_rows <= 0 || o->sent < o->max_rows) {
        o->sent++;
        return dispatch_data_row(o->out, ctx, values, count, o->portal->formats);
    }
    return dispatch_data_row(&o->portal->pending, ctx, values, count, o->portal->formats);
}

/* Serves kept rows to a later Execute. */
static int64_t send_pending(portal *p, message_writer *out, int32_t max_rows)
{
    int64_t sent = 0;
    message_writer *pending = &p->pending;
    while (p->pending_offset < pending->length && (max_rows <= 0 || sent < max_rows)) {
        const uint8_t *message = pending->data + p->pending_offset;
        size_t size = 1 + ((size_t)message[1] << 24 | (size_t)message[2] << 16 |
                           (size_t)message[3] << 8 | message[4]);
        writer_bytes(out, message, size);
        p->pending_offset += size;
        sent++;
    }
    if (p->pending_offset == pending->length) {
        writer_free(pending);
        writer_init(pending);
        p->pending_offset = 0;
    }
    return sent;
}

/* "SELECT 5" -> "SELECT": an Execute's tag counts its own rows. */
static void keep_tag_word(portal *p, const char *tag)
{
    snprintf(p->tag, sizeof p->tag, "%s", tag);
    char *space = strrchr(p->tag, ' ');
    p->tag_counts = space != NULL && space[1] >= '0' && space[1] <= '9';
    if (p->tag_counts)
        *space = '\0';
}

static void complete(portal *p, message_writer *out, int32_t max_rows, int64_t sent)
{
    if (max_rows > 0 && sent == max_rows) {
        backend_portal_suspended(out);
        return;
    }
    char tag[COMMAND_TAG_MAX + 24];
    if (p->tag_counts)
        snprintf(tag, sizeof tag, "%s %lld", p->tag, (long long)sent);
    else
        snprintf(tag, sizeof tag, "%s", p->tag);
    backend_command_complete(out, tag);
}

static bool cursor_row(void *state, query_context *ctx, const value *values, int count)
{
    return dispatch_data_row(state, ctx, values, count, NULL);
}

/* Execute of a DECLAREd cursor: the rows continue from where FETCH left them, as text. */
static bool execute_cursor(session *s, message_writer *out, query_context *ctx,
                           const execute_request *req)
{
    if (s->transaction == TRANSACTION_FAILED)
        return fail_aborted(s, out, ctx);
    result_sink rows = {out, portal_columns, cursor_row};
    int64_t sent;
    if (!cursor_portal_execute(s->cursors, ctx, req->portal, req->max_rows, &rows, &sent))
        return fail(s, out, ctx);
    if (req->max_rows > 0 && sent == req->max_rows) {
        backend_portal_suspended(out);
        return true;
    }
    char tag[COMMAND_TAG_MAX];
    snprintf(tag, sizeof tag, "SELECT %lld", (long long)sent);
    backend_command_complete(out, tag);
    return true;
}

bool extended_execute(session *s, message_writer *out, const execute_request *req)
{
    query_context ctx;
    message_context(s, &ctx);
    portal *p = prepared_find_portal(s, req->portal);
    const result_column *cursor_columns;
    int cursor_column_count;
    if (p == NULL && cursor_portal_columns(s->cursors, req->portal, &cursor_columns,
                                           &cursor_column_count))
        return execute_cursor(s, out, &ctx, req);
    if (p == NULL) {
        query_fail(&ctx, SQLSTATE_INVALID_CURSOR_NAME, -1, "portal \"%s\" does not exist",
                   req->portal);
        return fail(s, out, &ctx);
    }
    prepared_statement *ps = p->statement;
    if (ps->statement.kind[0] == '\0') {
        backend_empty_query_response(out);
        return true;
    }
    if (aborted_refuses(s, ps))
        return fail_aborted(s, out, &ctx);
    if (p->ran) {
        if (!ps->returns_rows) {
            query_fail(&ctx, SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE, -1,
                       "portal \"%s\" cannot be run", p->name);
            return fail(s, out, &ctx);
        }
        complete(p, out, req->max_rows, send_pending(p, out, req->max_rows));
        return true;
    }
    dispatch_context_init(s, &ctx, ps->text, ps->length);
    dispatch_begin_statement(s, &ctx, true);
    query_params params = {ps->param_count, ps->param_types, p->values, false};
    ctx.params = &params;
    portal_output output = {p, out, req->max_rows, 0, {ps, NULL}};
    result_sink rows = {&output, portal_columns, portal_row};
    result_sink checked;
    output.check.inner = &rows;
    prepared_checking_sink(&output.check, &checked);
    char tag[COMMAND_TAG_MAX] = "";
    p->ran = true;
    if (!dispatch_run_statement(s, out, &ctx, &ps->statement, &checked, tag))
        return fail(s, out, &ctx);
    keep_tag_word(p, tag);
    if (req->max_rows > 0 && output.sent == req->max_rows)
        backend_portal_suspended(out);
    else
        backend_command_complete(out, tag);
    return true;
}

const char *extended_execute_text(session *s, const execute_request *req, size_t *length)
{
    portal *p = prepared_find_portal(s, req->portal);
    if (p == NULL)
        return NULL;
    *length = p->statement->length;
    return p->statement->text;
}

void extended_sync(session *s, message_writer *out)
{
    query_context ctx;
    message_context(s, &ctx);
    if (!dispatch_end_implicit_transaction(s, &ctx))
        dispatch_send_error(out, &ctx.error);
    prepared_drop_stale_portals(s);
}
