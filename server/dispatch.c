#include "server/dispatch.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "catalog/types.h"
#include "protocol/backend.h"
#include "query/binary.h"
#include "query/copy.h"
#include "query/dialect.h"
#include "query/execute.h"
#include "query/parse.h"
#include "query/sequences.h"
#include "query/session_functions.h"
#include "server/cursor.h"
#include "server/notify.h"
#include "server/prepared.h"
#include "server/roles.h"

#define SQLSTATE_ACTIVE_TRANSACTION "25001"
#define SQLSTATE_NO_ACTIVE_TRANSACTION "25P01"
#define SQLSTATE_IN_FAILED_TRANSACTION "25P02"
#define SQLSTATE_INVALID_SAVEPOINT "3B001"

typedef struct statement_run {
    session *session;
    message_writer *out;
    query_context *ctx;
    int statement_count;
    const result_sink *sink; /* where a statement's rows go */
} statement_run;

/* ---- messages ---- */

void dispatch_send_error(message_writer *out, const sql_error *e)
{
    notice_fields f = {
        .severity = "ERROR",
        .sqlstate = e->sqlstate,
        .message = e->message,
        .detail = e->detail,
        .hint = e->hint,
        .position = e->position,
        .context = e->context,
        .schema_name = e->schema_name,
        .table_name = e->table_name,
        .column_name = e->column_name,
        .constraint_name = e->constraint_name,
    };
    backend_error_response(out, &f);
}

static void send_error(message_writer *out, const sql_error *e)
{
    dispatch_send_error(out, e);
}

/* Message levels in client_min_messages order. */
static int level_rank(const char *level)
{
    static const char *const levels[] = {"debug5", "debug4", "debug3", "debug2", "debug1",
                                         "log",    "notice", "warning", "error"};
    for (int i = 0; i < 9; i++) {
        if (strcasecmp(levels[i], level) == 0)
            return i;
    }
    return 6;
}

/* A NoticeResponse, unless client_min_messages filters its level out. */
static void send_notice(session *s, message_writer *out, const char *level, const char *sqlstate,
                        const char *message, const char *detail)
{
    const char *canonical;
    guc_error ignored;
    const char *minimum = guc_show(s->settings, "client_min_messages", &canonical, &ignored);
    if (minimum != NULL && level_rank(minimum) > level_rank(level))
        return;
    notice_fields f = {.severity = level, .sqlstate = sqlstate, .message = message, .detail = detail};
    backend_notice_response(out, &f);
}

static void send_warning(statement_run *run, const char *sqlstate, const char *message)
{
    send_notice(run->session, run->out, "WARNING", sqlstate, message, NULL);
}

static void query_notice_to_client(void *arg, const char *level, const char *sqlstate,
                                   const char *message, const char *detail)
{
    statement_run *run = arg;
    send_notice(run->session, run->out, level, sqlstate, message, detail);
}

/* ---- result sink writing RowDescription / DataRow ---- */

bool dispatch_row_description(message_writer *out, query_context *ctx,
                              const result_column *columns, int count, const int16_t *formats)
{
    row_field *fields = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *fields);
    if (fields == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++) {
        const type_info *t = type_lookup(columns[i].type);
        fields[i].name = columns[i].name;
        fields[i].type_oid = (int32_t)columns[i].type;
        fields[i].type_length = t != NULL ? t->length : -1;
        fields[i].type_modifier = columns[i].typmod;
        fields[i].format = formats != NULL ? formats[i] : 0;
    }
    backend_row_description(out, fields, count);
    return !writer_failed(out) || query_fail_no_memory(ctx);
}

bool dispatch_data_row(message_writer *out, query_context *ctx, const value *values, int count,
                       const int16_t *formats)
{
    backend_data_row_begin(out, (int16_t)count);
    for (int i = 0; i < count; i++) {
        if (values[i].is_null) {
            backend_data_row_value(out, NULL, -1);
            continue;
        }
        const char *text;
        const uint8_t *bytes;
        size_t length;
        char buffer[VALUE_TEXT_BUFFER];
        uint8_t binary[BINARY_BUFFER];
        if (formats != NULL && formats[i] == 1) {
            if (!value_to_binary(ctx, &values[i], binary, &bytes, &length))
                return false;
            backend_data_row_value(out, bytes, (int32_t)length);
            continue;
        }
        if (!value_to_text_buffer(ctx, &values[i], buffer, &text, &length))
            return false;
        backend_data_row_value(out, text, (int32_t)length);
    }
    backend_data_row_end(out);
    return !writer_failed(out) || query_fail_no_memory(ctx);
}

static bool sink_columns(void *state, query_context *ctx, const result_column *columns, int count)
{
    return dispatch_row_description(state, ctx, columns, count, NULL);
}

static bool sink_row(void *state, query_context *ctx, const value *values, int count)
{
    return dispatch_data_row(state, ctx, values, count, NULL);
}

/* ---- SET / RESET / SHOW ---- */

static bool fail_guc(query_context *ctx, const guc_error *e)
{
    query_fail(ctx, e->sqlstate, -1, "%s", e->message);
    if (e->detail[0] != '\0')
        query_fail_detail(ctx, arena_strdup(ctx->arena, e->detail));
    if (e->hint[0] != '\0')
        query_fail_hint(ctx, arena_strdup(ctx->arena, e->hint));
    return false;
}

/* PostgreSQL's quote_identifier for list settings such as search_path. */
static const char *quote_identifier(query_context *ctx, const char *name)
{
    bool plain = name[0] != '\0' && (islower((unsigned char)name[0]) || name[0] == '_');
    for (const char *p = name; plain && *p != '\0'; p++)
        plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    if (plain)
        return name;
    size_t n = strlen(name);
    char *quoted = arena_alloc(ctx->arena, 2 * n + 3);
    if (quoted == NULL)
        return NULL;
    size_t j = 0;
    quoted[j++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"')
            quoted[j++] = '"';
        quoted[j++] = name[i];
    }
    quoted[j++] = '"';
    quoted[j] = '\0';
    return quoted;
}

/* Flattens SET's argument list into the setting's string, as PostgreSQL does. */
static bool set_value_text(query_context *ctx, const char *name, const cJSON *args,
                           const char **out)
{
    int count = cJSON_GetArraySize(args);
    bool is_list = guc_is_list(name);
    if (count > 1 && !is_list)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "SET %s takes only one argument", name);
    size_t capacity = 1;
    const char **items = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *items);
    if (items == NULL)
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        const cJSON *fields = node_fields(arg);
        if (strcmp(node_kind(arg), "A_Const") != 0)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED,
                              node_get_int(fields, "location", -1),
                              "feature not supported: SET %s with this kind of value", name);
        const char *text = node_get_string(node_get(fields, "sval"), "sval");
        if (text == NULL)
            text = node_get_string(node_get(fields, "fval"), "fval");
        if (text != NULL && node_get(fields, "sval") != NULL && guc_list_quotes_items(name))
            text = quote_identifier(ctx, text);
        if (text == NULL && node_get(fields, "ival") != NULL) {
            int64_t v;
            if (node_integer_constant(ctx, fields, &v))
                text = arena_printf(ctx->arena, "%lld", (long long)v);
        }
        if (text == NULL && node_get(fields, "boolval") != NULL)
            text = node_get_bool(node_get(fields, "boolval"), "boolval") ? "true" : "false";
        if (text == NULL)
            return query_fail_no_memory(ctx);
        items[i++] = text;
        capacity += strlen(text) + 2;
    }
    char *joined = arena_alloc(ctx->arena, capacity);
    if (joined == NULL)
        return query_fail_no_memory(ctx);
    size_t used = 0;
    for (int k = 0; k < i; k++)
        used += (size_t)snprintf(joined + used, capacity - used, "%s%s", k > 0 ? ", " : "",
                                 items[k]);
    joined[used] = '\0';
    *out = joined;
    return true;
}

static bool is_transaction_block(const statement_run *run)
{
    return run->session->transaction != TRANSACTION_IDLE;
}

/* PostgreSQL warns about transaction-scoped commands only outside any block, and a
 * string of several statements is an implicit block. */
static bool warn_outside_block(statement_run *run, const char *command)
{
    if (is_transaction_block(run) || run->statement_count > 1)
        return false;
    char message[128];
    snprintf(message, sizeof message, "%s can only be used in transaction blocks", command);
    send_warning(run, SQLSTATE_NO_ACTIVE_TRANSACTION, message);
    return true;
}

/* The modes of the open transaction can change only before its first query, and not
 * inside a savepoint (PostgreSQL's check hooks of transaction_isolation,
 * transaction_read_only and transaction_deferrable). value NULL: the default. */
static bool check_transaction_mode(statement_run *run, const char *name, const char *value)
{
    session *s = run->session;
    query_context *ctx = run->ctx;
    bool started = transaction_snapshot_started(s->writes);
    bool nested = transaction_savepoint_depth(s->writes) > 0;
    const char *canonical;
    guc_error ignored;
    if (strcasecmp(name, "transaction_isolation") == 0) {
        const char *current = guc_show(s->settings, name, &canonical, &ignored);
        if (value == NULL)
            value = guc_show(s->settings, "default_transaction_isolation", &canonical, &ignored);
        if (current == NULL || value == NULL || strcasecmp(current, value) == 0)
            return true;
        if (started)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "SET TRANSACTION ISOLATION LEVEL must be called before any query");
        if (nested)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "SET TRANSACTION ISOLATION LEVEL must not be called in a "
                              "subtransaction");
        return true;
    }
    if (strcasecmp(name, "transaction_read_only") == 0) {
        bool read_only;
        if (value == NULL)
            value = guc_show(s->settings, "default_transaction_read_only", &canonical, &ignored);
        if (value == NULL || !guc_parse_bool(value, &read_only))
            return true; /* guc_set reports the bad value */
        if (read_only || !session_read_only(s))
            return true;
        if (nested)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "cannot set transaction read-write mode inside a read-only "
                              "transaction");
        if (started)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "transaction read-write mode must be set before any query");
        return true;
    }
    if (strcasecmp(name, "transaction_deferrable") == 0) {
        if (nested)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a "
                              "subtransaction");
        if (started)
            return query_fail(ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                              "SET TRANSACTION [NOT] DEFERRABLE must be called before any query");
    }
    return true;
}

/* BEGIN ..., SET TRANSACTION ... (the open transaction's modes) or SET SESSION
 * CHARACTERISTICS AS TRANSACTION ... (the defaults of later ones). */
static bool set_transaction_options(statement_run *run, const cJSON *options, bool defaults)
{
    query_context *ctx = run->ctx;
    const cJSON *option;
    cJSON_ArrayForEach(option, options)
    {
        const cJSON *fields = node_fields(option);
        const char *name = node_get_string(fields, "defname");
        const cJSON *arg = node_fields(node_get(fields, "arg"));
        const char *value;
        if (name != NULL && strcmp(name, "transaction_isolation") == 0) {
            value = node_get_string(node_get(arg, "sval"), "sval");
            if (value == NULL)
                value = "";
        } else if (name != NULL && (strcmp(name, "transaction_read_only") == 0 ||
                                    strcmp(name, "transaction_deferrable") == 0)) {
            int64_t flag = 0;
            node_integer_constant(ctx, arg, &flag);
            value = flag ? "on" : "off";
        } else {
            return query_fail_unsupported(ctx, -1, name != NULL ? name : "transaction option");
        }
        char setting[64];
        snprintf(setting, sizeof setting, "%s%s", defaults ? "default_" : "", name);
        if (!defaults && !check_transaction_mode(run, name, value))
            return false;
        guc_error e;
        if (!guc_set(run->session->settings, setting, value,
                     defaults ? GUC_SCOPE_SESSION : GUC_SCOPE_LOCAL, &e))
            return fail_guc(ctx, &e);
    }
    return true;
}

static bool run_set(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    query_context *ctx = run->ctx;
    guc_state *settings = run->session->settings;
    const char *kind = node_get_string(node, "kind");
    const char *name = node_get_string(node, "name");
    bool is_local = node_get_bool(node, "is_local");
    guc_error e;
    if (kind == NULL)
        kind = "";
    bool is_reset = strcmp(kind, "VAR_RESET") == 0 || strcmp(kind, "VAR_RESET_ALL") == 0;
    snprintf(tag, COMMAND_TAG_MAX, "%s", is_reset ? "RESET" : "SET");

    if (strcmp(kind, "VAR_RESET_ALL") == 0) {
        if (!guc_reset_all(settings))
            return query_fail_no_memory(ctx);
        return true;
    }
    if (strcmp(kind, "VAR_SET_MULTI") == 0) {
        if (name != NULL && strcmp(name, "TRANSACTION") == 0) {
            if (warn_outside_block(run, "SET TRANSACTION"))
                return true;
            return set_transaction_options(run, node_get(node, "args"), false);
        }
        if (name != NULL && strcmp(name, "SESSION CHARACTERISTICS") == 0)
            return set_transaction_options(run, node_get(node, "args"), true);
        return query_fail_unsupported(ctx, -1, name != NULL ? name : "SET");
    }
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "SET requires a parameter name");
    if (strcmp(kind, "VAR_SET_CURRENT") == 0)
        return query_fail_unsupported(ctx, -1, "SET ... FROM CURRENT");

    /* The open transaction's modes last as long as it does, whichever SET names them. */
    bool transaction_mode = strcasecmp(name, "transaction_isolation") == 0 ||
                            strcasecmp(name, "transaction_read_only") == 0 ||
                            strcasecmp(name, "transaction_deferrable") == 0;
    guc_scope scope = GUC_SCOPE_SESSION;
    if (is_local && warn_outside_block(run, "SET LOCAL"))
        return true;
    if (is_local || transaction_mode)
        scope = GUC_SCOPE_LOCAL;
    const char *value = NULL;
    if (strcmp(kind, "VAR_SET_VALUE") == 0 &&
        !set_value_text(ctx, name, node_get(node, "args"), &value))
        return false;
    if (transaction_mode && !check_transaction_mode(run, name, value))
        return false;
    if (!session_set(run->session, name, value, scope, &e))
        return fail_guc(ctx, &e);
    return true;
}

static bool run_show(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    query_context *ctx = run->ctx;
    guc_state *settings = run->session->settings;
    const char *name = node_get_string(node, "name");
    snprintf(tag, COMMAND_TAG_MAX, "SHOW");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "SHOW requires a parameter name");

    if (strcasecmp(name, "all") == 0) {
        result_column columns[3] = {{"name", TYPE_TEXT, -1, false},
                                    {"setting", TYPE_TEXT, -1, false},
                                    {"description", TYPE_TEXT, -1, false}};
        if (!run->sink->columns(run->sink->state, ctx, columns, 3))
            return false;
        const char *setting_name, *setting, *description;
        for (size_t i = 0; guc_at(settings, i, &setting_name, &setting, &description); i++) {
            value row[3] = {value_text(TYPE_TEXT, setting_name, strlen(setting_name)),
                            value_text(TYPE_TEXT, setting, strlen(setting)),
                            value_text(TYPE_TEXT, description, strlen(description))};
            if (!run->sink->row(run->sink->state, ctx, row, 3))
                return false;
        }
        return true;
    }
    guc_error e;
    const char *canonical;
    const char *setting = guc_show(settings, name, &canonical, &e);
    if (setting == NULL)
        return fail_guc(ctx, &e);
    result_column column = {canonical, TYPE_TEXT, -1, false};
    value v = value_text(TYPE_TEXT, setting, strlen(setting));
    if (!run->sink->columns(run->sink->state, ctx, &column, 1))
        return false;
    return run->sink->row(run->sink->state, ctx, &v, 1);
}

/* ---- transaction control ---- */

/* Ends the transaction: COMMIT applies its writes and returns once they are durable
 * (false, with the error in ctx, if they could not be written: then it rolled back). */
static bool end_transaction(session *s, query_context *ctx, bool commit)
{
    bool ok = true;
    if (commit)
        ok = transaction_commit(ctx, s->writes);
    else
        transaction_rollback(s->writes);
    bool committed = commit && ok;
    if (committed)
        guc_transaction_commit(s->settings);
    else
        guc_transaction_rollback(s->settings);
    cursor_transaction_end(s->cursors, committed);
    advisory_release_transaction(s->advisory);
    notify_transaction_end(s->notifications, committed);
    s->transaction = TRANSACTION_IDLE;
    s->transaction_open = false;
    s->transactions_ended++;
    return ok;
}

/* SAVEPOINT, ROLLBACK TO and RELEASE: only inside a block (an implicit one of several
 * statements is not enough, as in PostgreSQL). */
static bool run_savepoint(statement_run *run, const char *kind, const char *name,
                          char tag[COMMAND_TAG_MAX])
{
    session *s = run->session;
    query_context *ctx = run->ctx;
    bool define = strcmp(kind, "TRANS_STMT_SAVEPOINT") == 0;
    bool release = strcmp(kind, "TRANS_STMT_RELEASE") == 0;
    snprintf(tag, COMMAND_TAG_MAX, "%s", define ? "SAVEPOINT" : release ? "RELEASE" : "ROLLBACK");
    if (s->transaction == TRANSACTION_IDLE)
        return query_fail(ctx, SQLSTATE_NO_ACTIVE_TRANSACTION, -1,
                          "%s can only be used in transaction blocks",
                          define ? "SAVEPOINT" : release ? "RELEASE SAVEPOINT"
                                                         : "ROLLBACK TO SAVEPOINT");
    if (name == NULL)
        name = "";
    if (define) {
        if (!session_define_savepoint(s, name))
            return query_fail_no_memory(ctx);
        return true;
    }
    int index = transaction_find_savepoint(s->writes, name);
    if (index < 0)
        return query_fail(ctx, SQLSTATE_INVALID_SAVEPOINT, -1, "savepoint \"%s\" does not exist",
                          name);
    if (release)
        session_release_savepoint(s, index);
    else if (!session_rollback_to_savepoint(s, index))
        return query_fail_no_memory(ctx);
    return true;
}

/* What AND CHAIN carries over to the next transaction. */
typedef struct transaction_modes {
    char isolation[32];
    char read_only[8];
    char deferrable[8];
} transaction_modes;

static bool save_transaction_modes(const session *s, transaction_modes *modes)
{
    const char *canonical;
    guc_error ignored;
    const char *isolation = guc_show(s->settings, "transaction_isolation", &canonical, &ignored);
    const char *read_only = guc_show(s->settings, "transaction_read_only", &canonical, &ignored);
    const char *deferrable = guc_show(s->settings, "transaction_deferrable", &canonical, &ignored);
    if (isolation == NULL || read_only == NULL || deferrable == NULL)
        return false;
    snprintf(modes->isolation, sizeof modes->isolation, "%s", isolation);
    snprintf(modes->read_only, sizeof modes->read_only, "%s", read_only);
    snprintf(modes->deferrable, sizeof modes->deferrable, "%s", deferrable);
    return true;
}

/* COMMIT/ROLLBACK AND CHAIN: a new block starts at once, with the ended one's modes. */
static bool chain_transaction(session *s, query_context *ctx, const transaction_modes *modes)
{
    guc_transaction_begin(s->settings);
    s->transaction_open = true;
    s->transaction_start = datetime_clock_now();
    s->transaction = TRANSACTION_BLOCK;
    guc_error e;
    if (!guc_set(s->settings, "transaction_isolation", modes->isolation, GUC_SCOPE_LOCAL, &e) ||
        !guc_set(s->settings, "transaction_read_only", modes->read_only, GUC_SCOPE_LOCAL, &e) ||
        !guc_set(s->settings, "transaction_deferrable", modes->deferrable, GUC_SCOPE_LOCAL, &e))
        return fail_guc(ctx, &e);
    return true;
}

static bool run_transaction(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    session *s = run->session;
    query_context *ctx = run->ctx;
    const char *kind = node_get_string(node, "kind");
    if (kind == NULL)
        kind = "";

    if (strcmp(kind, "TRANS_STMT_BEGIN") == 0 || strcmp(kind, "TRANS_STMT_START") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "%s",
                 strcmp(kind, "TRANS_STMT_BEGIN") == 0 ? "BEGIN" : "START TRANSACTION");
        /* Inside a block: a warning, and the modes still apply to the open transaction. */
        if (s->transaction != TRANSACTION_IDLE)
            send_warning(run, SQLSTATE_ACTIVE_TRANSACTION,
                         "there is already a transaction in progress");
        s->transaction = TRANSACTION_BLOCK;
        return set_transaction_options(run, node_get(node, "options"), false);
    }
    if (strcmp(kind, "TRANS_STMT_COMMIT") == 0 || strcmp(kind, "TRANS_STMT_ROLLBACK") == 0) {
        bool rollback = strcmp(kind, "TRANS_STMT_ROLLBACK") == 0;
        bool chain = node_get_bool(node, "chain");
        if (chain && s->transaction == TRANSACTION_IDLE)
            return query_fail(ctx, SQLSTATE_NO_ACTIVE_TRANSACTION, -1,
                              "%s AND CHAIN can only be used in transaction blocks",
                              rollback ? "ROLLBACK" : "COMMIT");
        bool commit = !rollback && s->transaction != TRANSACTION_FAILED;
        snprintf(tag, COMMAND_TAG_MAX, "%s", commit ? "COMMIT" : "ROLLBACK");
        if (s->transaction == TRANSACTION_IDLE)
            send_warning(run, SQLSTATE_NO_ACTIVE_TRANSACTION, "there is no transaction in progress");
        transaction_modes modes;
        if (chain && !save_transaction_modes(s, &modes))
            return query_fail_no_memory(ctx);
        bool ok = end_transaction(s, ctx, commit);
        if (!rollback && !ok)
            return false;
        return !chain || chain_transaction(s, ctx, &modes);
    }
    if (strcmp(kind, "TRANS_STMT_SAVEPOINT") == 0 || strcmp(kind, "TRANS_STMT_RELEASE") == 0 ||
        strcmp(kind, "TRANS_STMT_ROLLBACK_TO") == 0)
        return run_savepoint(run, kind, node_get_string(node, "savepoint_name"), tag);
    return query_fail_unsupported(ctx, -1, "two-phase commit");
}

/* ---- LISTEN, UNLISTEN, NOTIFY, DISCARD ---- */

static bool no_notifications(query_context *ctx)
{
    return query_fail_unsupported(ctx, -1, "LISTEN and NOTIFY outside a client session");
}

static bool run_listen(statement_run *run, const parsed_statement *st, char tag[COMMAND_TAG_MAX])
{
    notify_listener *listener = run->session->notifications;
    const char *channel = node_get_string(st->node, "conditionname");
    if (listener == NULL)
        return no_notifications(run->ctx);
    if (strcmp(st->kind, "ListenStmt") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "LISTEN");
        return notify_listen(listener, run->ctx, channel != NULL ? channel : "");
    }
    if (strcmp(st->kind, "UnlistenStmt") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "UNLISTEN");
        return notify_unlisten(listener, run->ctx, channel);
    }
    snprintf(tag, COMMAND_TAG_MAX, "NOTIFY");
    const char *payload = node_get_string(st->node, "payload");
    if (channel == NULL)
        channel = "";
    if (payload == NULL)
        payload = "";
    return notify_send(listener, run->ctx, channel, strlen(channel), payload, strlen(payload));
}

/* pg_notify()'s way to the session's listener. */
static bool notify_from_query(void *arg, query_context *ctx, const char *channel,
                              size_t channel_length, const char *payload, size_t payload_length)
{
    return notify_send(arg, ctx, channel, channel_length, payload, payload_length);
}

/* DISCARD ALL is what a connection pool runs between clients: the session returns to the
 * state of a new one (PostgreSQL's DiscardAll, step by step). */
static bool run_discard(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    session *s = run->session;
    const char *target = node_get_string(node, "target");
    if (target == NULL)
        target = "";
    if (strcmp(target, "DISCARD_PLANS") == 0) {
        /* Plans are analysed again at every execution: none are kept to discard. */
        snprintf(tag, COMMAND_TAG_MAX, "DISCARD PLANS");
        return true;
    }
    if (strcmp(target, "DISCARD_SEQUENCES") == 0) {
        sequence_memory_reset(s->sequences);
        snprintf(tag, COMMAND_TAG_MAX, "DISCARD SEQUENCES");
        return true;
    }
    if (strcmp(target, "DISCARD_TEMP") == 0) {
        /* Temporary tables are refused at CREATE: there are none to drop. */
        snprintf(tag, COMMAND_TAG_MAX, "DISCARD TEMP");
        return true;
    }
    if (is_transaction_block(run) || run->statement_count > 1)
        return query_fail(run->ctx, SQLSTATE_ACTIVE_TRANSACTION, -1,
                          "DISCARD ALL cannot run inside a transaction block");
    cursor_close_all(s->cursors);
    guc_error e;
    if (!session_set(s, "role", NULL, GUC_SCOPE_SESSION, &e))
        return fail_guc(run->ctx, &e);
    if (!guc_reset_all(s->settings))
        return query_fail_no_memory(run->ctx);
    prepared_drop_all(s);
    if (s->notifications != NULL)
        notify_unlisten_all(s->notifications);
    advisory_release_session(s->advisory);
    sequence_memory_reset(s->sequences);
    snprintf(tag, COMMAND_TAG_MAX, "DISCARD ALL");
    return true;
}

/* A BINARY cursor's rows, as PostgreSQL sends them: binary format whatever the protocol. */
static bool binary_columns(void *state, query_context *ctx, const result_column *columns,
                           int count)
{
    int16_t *formats = arena_alloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *formats);
    if (formats == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++)
        formats[i] = 1;
    return dispatch_row_description(state, ctx, columns, count, formats);
}

static bool binary_row(void *state, query_context *ctx, const value *values, int count)
{
    int16_t *formats = arena_alloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *formats);
    if (formats == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++)
        formats[i] = 1;
    return dispatch_data_row(state, ctx, values, count, formats);
}

/* Cursors and the protocol's named portals share one namespace, as in PostgreSQL. */
static bool run_declare(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    const char *name = node_get_string(node, "portalname");
    if (name != NULL && name[0] != '\0' && prepared_find_portal(run->session, name) != NULL)
        return query_fail(run->ctx, "42P03", -1, "cursor \"%s\" already exists", name);
    return cursor_declare(run->session->cursors, run->ctx, node,
                          is_transaction_block(run) || run->statement_count > 1, tag);
}

static bool run_fetch(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    /* Only the Simple Query's own sink is replaced: a Bind's result formats stand. */
    bool simple = run->sink->columns == sink_columns && run->out != NULL;
    result_sink binary = {run->out, binary_columns, binary_row};
    return cursor_fetch(run->session->cursors, run->ctx, node, run->sink,
                        simple ? &binary : NULL, tag);
}

/* EXECUTE name (args): the prepared statement runs with the values, its result checked
 * against the shape PREPARE saw. */
static bool run_statement(statement_run *run, const parsed_statement *st,
                          char tag[COMMAND_TAG_MAX]);

static bool run_execute(statement_run *run, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    query_context *ctx = run->ctx;
    prepared_statement *ps;
    query_params params;
    if (!prepared_sql_execute_params(run->session, ctx, node, &ps, &params))
        return false;
    const char *saved_text = ctx->query_text;
    size_t saved_length = ctx->query_length;
    query_params *saved_params = ctx->params;
    const result_sink *saved_sink = run->sink;
    result_check check;
    result_sink checked;
    check.statement = ps;
    check.inner = run->sink;
    prepared_checking_sink(&check, &checked);
    ctx->query_text = ps->text;
    ctx->query_length = ps->length;
    ctx->params = &params;
    run->sink = &checked;
    ps->references++;
    bool ok = run_statement(run, &ps->statement, tag);
    prepared_release(ps);
    run->sink = saved_sink;
    ctx->params = saved_params;
    ctx->query_text = saved_text;
    ctx->query_length = saved_length;
    return ok;
}

bool dispatch_ends_failed_transaction(const parsed_statement *st)
{
    if (strcmp(st->kind, "TransactionStmt") != 0)
        return false;
    const char *kind = node_get_string(st->node, "kind");
    return kind != NULL &&
           (strcmp(kind, "TRANS_STMT_COMMIT") == 0 || strcmp(kind, "TRANS_STMT_ROLLBACK") == 0 ||
            strcmp(kind, "TRANS_STMT_ROLLBACK_TO") == 0);
}

/* Statements that only concern the session itself: they run even while the session's
 * role is unusable, so that RESET ROLE or ROLLBACK can mend it. */
static bool is_session_statement(const char *kind)
{
    return strcmp(kind, "VariableSetStmt") == 0 || strcmp(kind, "VariableShowStmt") == 0 ||
           strcmp(kind, "TransactionStmt") == 0;
}

/* Who the statements run as; refreshed after each statement, since SET ROLE, EXECUTE AS
 * or another session's ALTER/DROP ROLE may have changed it. */
static void apply_identity(session *s, query_context *ctx)
{
    session_refresh_roles(s);
    ctx->current_user = s->current_user;
    ctx->session_user = s->user;
    ctx->role_id = s->current_role_id;
    ctx->current_role = s->current_role;
    ctx->session_role_id = s->role_id;
    ctx->session_role = s->role;
}

static bool check_roles_usable(statement_run *run)
{
    session *s = run->session;
    if (s->roles_status == SESSION_LOGIN_ROLE_DROPPED)
        return query_fail(run->ctx, SQLSTATE_INVALID_AUTHORIZATION, -1,
                          "role \"%s\" does not exist", s->user);
    if (s->roles_status == SESSION_CURRENT_ROLE_DROPPED) {
        query_fail(run->ctx, SQLSTATE_UNDEFINED_OBJECT, -1, "role \"%s\" does not exist",
                   s->current_user);
        return query_fail_hint(run->ctx, "The role SET ROLE chose was dropped; RESET ROLE "
                                         "returns to the session user.");
    }
    return true;
}

static bool run_statement(statement_run *run, const parsed_statement *st,
                          char tag[COMMAND_TAG_MAX]);

/* EXECUTE AS USER 'name' ( statement ): the statement runs with that role as the
 * effective role (SET ROLE's permission rule), which is restored afterwards, whether the
 * statement succeeded or not. */
static bool run_statement_as(statement_run *run, const parsed_statement *st,
                             char tag[COMMAND_TAG_MAX])
{
    session *s = run->session;
    query_context *ctx = run->ctx;
    if (is_session_statement(st->kind))
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "feature not supported: %s inside EXECUTE AS",
                          statement_kind_name(st->kind));
    uint64_t saved;
    guc_error e;
    if (!session_begin_execute_as(s, st->run_as, &saved, &e))
        return fail_guc(ctx, &e);
    apply_identity(s, ctx);
    parsed_statement inner = *st;
    inner.run_as = NULL;
    bool ok = run_statement(run, &inner, tag);
    session_end_execute_as(s, saved);
    apply_identity(s, ctx);
    return ok;
}

/* Statements that take no snapshot in PostgreSQL: they leave the transaction's isolation
 * level open to change, and do not start a REPEATABLE READ snapshot. */
static bool statement_takes_snapshot(const char *kind)
{
    static const char *const exempt[] = {"TransactionStmt", "LockStmt",        "VariableSetStmt",
                                         "VariableShowStmt", "ConstraintsSetStmt", "FetchStmt",
                                         "ListenStmt",       "NotifyStmt",     "UnlistenStmt",
                                         "CheckPointStmt"};
    for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++) {
        if (strcmp(kind, exempt[i]) == 0)
            return false;
    }
    return true;
}

/* "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE", after prefix ("DROP "). */
static const char *object_command(query_context *ctx, const char *prefix, const char *object_type)
{
    char *name = object_type != NULL && strncmp(object_type, "OBJECT_", 7) == 0
                     ? arena_printf(ctx->arena, "%s %s", prefix, object_type + 7)
                     : NULL;
    if (name == NULL)
        return prefix; /* out of memory: still refused, less precisely named */
    for (char *p = name; *p != '\0'; p++) {
        if (*p == '_')
            *p = ' ';
    }
    return name;
}

/* The command a read-only transaction refuses, named as PostgreSQL names it in its error;
 * NULL if it does not write (or QuillDB refuses it anyway). */
static const char *read_only_refused(query_context *ctx, const parsed_statement *st)
{
    const char *kind = st->kind;
    const cJSON *node = st->node;
    if (strcmp(kind, "SelectStmt") == 0) {
        const cJSON *locking = cJSON_GetArrayItem(node_get(node, "lockingClause"), 0);
        if (locking == NULL)
            return NULL;
        const char *strength = node_get_string(node_fields(locking), "strength");
        if (strength == NULL)
            return NULL;
        return strcmp(strength, "LCS_FORKEYSHARE") == 0      ? "SELECT FOR KEY SHARE"
               : strcmp(strength, "LCS_FORSHARE") == 0       ? "SELECT FOR SHARE"
               : strcmp(strength, "LCS_FORNOKEYUPDATE") == 0 ? "SELECT FOR NO KEY UPDATE"
                                                             : "SELECT FOR UPDATE";
    }
    if (strcmp(kind, "CopyStmt") == 0)
        return node_get_bool(node, "is_from") ? "COPY FROM" : NULL;
    if (strcmp(kind, "TruncateStmt") == 0)
        return "TRUNCATE TABLE";
    if (strcmp(kind, "DropStmt") == 0)
        return object_command(ctx, "DROP", node_get_string(node, "removeType"));
    if (strcmp(kind, "AlterTableStmt") == 0)
        return object_command(ctx, "ALTER", node_get_string(node, "objtype"));
    if (strcmp(kind, "RenameStmt") == 0) {
        const char *type = node_get_string(node, "renameType");
        if (type != NULL && (strcmp(type, "OBJECT_COLUMN") == 0 ||
                             strcmp(type, "OBJECT_TABCONSTRAINT") == 0))
            type = node_get_string(node, "relationType");
        return object_command(ctx, "ALTER", type);
    }
    if (strcmp(kind, "GrantRoleStmt") == 0)
        return node_get_bool(node, "is_grant") ? "GRANT ROLE" : "REVOKE ROLE";
    if (strcmp(kind, "GrantStmt") == 0)
        return node_get_bool(node, "is_grant") ? "GRANT" : "REVOKE";
    static const char *const writers[] = {"InsertStmt",     "UpdateStmt",        "DeleteStmt",
                                          "MergeStmt",      "CreateStmt",        "CreateSchemaStmt",
                                          "CreateSeqStmt",  "CreateTableAsStmt", "IndexStmt",
                                          "ViewStmt",       "CreateRoleStmt",    "AlterRoleStmt",
                                          "DropRoleStmt"};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        if (strcmp(kind, writers[i]) == 0)
            return statement_kind_name(kind);
    }
    return NULL;
}

static bool run_statement(statement_run *run, const parsed_statement *st,
                          char tag[COMMAND_TAG_MAX])
{
    session *s = run->session;
    if (!transaction_snapshot_started(s->writes) && statement_takes_snapshot(st->kind) &&
        !transaction_start_snapshot(s->writes, s->store, session_repeatable_read(s)))
        return query_fail_no_memory(run->ctx);
    run->ctx->read_only = session_read_only(s);
    if (run->ctx->read_only) {
        const char *refused = read_only_refused(run->ctx, st);
        if (refused != NULL)
            return query_fail(run->ctx, SQLSTATE_READ_ONLY_SQL_TRANSACTION, -1,
                              "cannot execute %s in a read-only transaction", refused);
    }
    /* Catalog changes are durable the moment they succeed; until transactions can undo
     * them, they are refused where a later ROLLBACK or error would be expected to. Row
     * writes (and TRUNCATE) go through the transaction's write set. */
    if (statement_writes(st->kind) && !statement_is_transactional(st->kind)) {
        if (run->session->transaction != TRANSACTION_IDLE)
            return query_fail(run->ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "feature not supported: %s inside a transaction block",
                              statement_kind_name(st->kind));
        if (run->statement_count > 1)
            return query_fail(run->ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "feature not supported: %s in a multi-statement query string",
                              statement_kind_name(st->kind));
    }
    if (!is_session_statement(st->kind) && !check_roles_usable(run))
        return false;
    if (st->run_as != NULL)
        return run_statement_as(run, st, tag);
    if (strcmp(st->kind, "VariableSetStmt") == 0)
        return run_set(run, st->node, tag);
    if (strcmp(st->kind, "VariableShowStmt") == 0)
        return run_show(run, st->node, tag);
    if (strcmp(st->kind, "TransactionStmt") == 0)
        return run_transaction(run, st->node, tag);
    if (strcmp(st->kind, "CreateRoleStmt") == 0)
        return roles_create(run->ctx, st->node, tag);
    if (strcmp(st->kind, "AlterRoleStmt") == 0)
        return roles_alter(run->ctx, st->node, tag);
    if (strcmp(st->kind, "DropRoleStmt") == 0)
        return roles_drop(run->ctx, st->node, tag);
    if (strcmp(st->kind, "GrantRoleStmt") == 0)
        return roles_grant(run->ctx, st->node, tag);
    if (strcmp(st->kind, "PrepareStmt") == 0)
        return prepared_sql_prepare(run->session, run->ctx, st->node, tag);
    if (strcmp(st->kind, "ExecuteStmt") == 0)
        return run_execute(run, st->node, tag);
    if (strcmp(st->kind, "DeallocateStmt") == 0)
        return prepared_sql_deallocate(run->session, run->ctx, st->node, tag);
    if (strcmp(st->kind, "DeclareCursorStmt") == 0)
        return run_declare(run, st->node, tag);
    if (strcmp(st->kind, "FetchStmt") == 0)
        return run_fetch(run, st->node, tag);
    if (strcmp(st->kind, "ClosePortalStmt") == 0)
        return cursor_close(run->session->cursors, run->ctx, st->node, tag);
    if (strcmp(st->kind, "ListenStmt") == 0 || strcmp(st->kind, "UnlistenStmt") == 0 ||
        strcmp(st->kind, "NotifyStmt") == 0)
        return run_listen(run, st, tag);
    if (strcmp(st->kind, "DiscardStmt") == 0)
        return run_discard(run, st->node, tag);
    return execute_statement(run->ctx, st, run->sink, tag);
}

/* The settings a statement reads through its context; refreshed after each statement,
 * since a SET may have changed them. */
static void apply_settings(const session *s, query_context *ctx)
{
    const char *canonical;
    guc_error ignored;
    ctx->extra_float_digits = guc_get_int(s->settings, "extra_float_digits");
    ctx->bytea_output_escape =
        strcmp(guc_show(s->settings, "bytea_output", &canonical, &ignored), "escape") == 0;
    ctx->work_mem_bytes = (size_t)guc_get_kilobytes(s->settings, "work_mem") * 1024;
    ctx->search_path = guc_show(s->settings, "search_path", &canonical, &ignored);
    ctx->datetime.time_zone = guc_show(s->settings, "TimeZone", &canonical, &ignored);
    const char *date_style = guc_show(s->settings, "DateStyle", &canonical, &ignored);
    ctx->datetime.date_order = strstr(date_style, "DMY") != NULL   ? DATETIME_ORDER_DMY
                               : strstr(date_style, "YMD") != NULL ? DATETIME_ORDER_YMD
                                                                   : DATETIME_ORDER_MDY;
}

/* Errors point into the text the client sent, not into the dialect rewrite of it. */
static void send_query_error(message_writer *out, query_context *ctx, const dialect_rewrite *rewrite)
{
    ctx->error.position = dialect_original_position(rewrite, ctx->error.position);
    send_error(out, &ctx->error);
}

/* ---- settings for current_setting, set_config and pg_settings ---- */

static const char *setting_get(void *arg, query_context *ctx, const char *name, bool missing_ok)
{
    session *s = arg;
    guc_error e;
    const char *canonical;
    const char *setting = guc_show(s->settings, name, &canonical, &e);
    if (setting == NULL) {
        if (!missing_ok)
            fail_guc(ctx, &e);
        return NULL;
    }
    const char *copy = arena_strdup(ctx->arena, setting);
    if (copy == NULL)
        query_fail_no_memory(ctx);
    return copy;
}

static bool setting_set(void *arg, query_context *ctx, const char *name, const char *value,
                        bool is_local)
{
    session *s = arg;
    guc_error e;
    if (!session_set(s, name, value, is_local ? GUC_SCOPE_LOCAL : GUC_SCOPE_SESSION, &e))
        return fail_guc(ctx, &e);
    /* The context's copies of settings point at the old values. */
    apply_settings(s, ctx);
    return true;
}

static bool setting_at(void *arg, size_t index, const char **name, const char **value,
                       const char **description)
{
    session *s = arg;
    return guc_at(s->settings, index, name, value, description);
}

static const setting_hooks session_setting_hooks = {setting_get, setting_set, setting_at};

void dispatch_context_init(session *s, query_context *ctx, const char *text, size_t length)
{
    *ctx = (query_context){
        .arena = s->arena,
        .query_text = text,
        .query_length = length,
        .database = s->database,
        .catalog = s->catalog,
        .store = s->store,
        .sequences = s->sequences,
        .interrupt_check = s->interrupt_check,
        .interrupt_arg = s->interrupt_arg,
        .await_durable = s->await_durable,
        .await_durable_arg = s->await_durable_arg,
        .park = s->park,
        .park_arg = s->park_arg,
        .transaction = s->writes,
        .copy = s->copy_channel,
        .copy_arg = s->copy_arg,
        .list_sessions = s->list_sessions,
        .list_sessions_arg = s->list_sessions_arg,
        .settings = &session_setting_hooks,
        .settings_arg = s,
        .backend_pid = s->process_id,
        .advisory = s->advisory,
        .notify = s->notifications != NULL ? notify_from_query : NULL,
        .notify_arg = s->notifications,
    };
    apply_settings(s, ctx);
    apply_identity(s, ctx);
}

bool dispatch_parse(query_context *ctx, const char *text, size_t length,
                    dialect_rewrite *rewrite, parse_result *out)
{
    if (!dialect_rewrite_query(ctx, text, length, rewrite))
        return false;
    ctx->query_text = rewrite->text;
    ctx->query_length = rewrite->length;
    if (!query_parse(ctx, out)) {
        ctx->error.position = dialect_original_position(rewrite, ctx->error.position);
        return false;
    }
    for (int i = 0; i < out->count; i++) {
        parsed_statement *st = &out->statements[i];
        const dialect_impersonation *as = dialect_impersonation_at(rewrite, st->location,
                                                                   st->length);
        if (as != NULL)
            st->run_as = as->user;
    }
    return true;
}

void dispatch_begin_statement(session *s, query_context *ctx, bool implicit_block)
{
    if (!s->transaction_open) {
        guc_transaction_begin(s->settings);
        s->transaction_open = true;
        s->transaction_start = datetime_clock_now();
    }
    ctx->datetime.now = s->transaction_start;
    ctx->in_transaction_block = s->transaction != TRANSACTION_IDLE || implicit_block;
    transaction_begin_statement(s->writes);
}

void dispatch_statement_failed(session *s, query_context *ctx)
{
    if (s->transaction != TRANSACTION_IDLE) {
        /* As PostgreSQL aborts the transaction at the error: nothing of it can commit any
         * more, so its locks go now, not at the ROLLBACK (the other side of a deadlock
         * goes on at once). Under a savepoint, ROLLBACK TO may resume it: all is kept. */
        s->transaction = TRANSACTION_FAILED;
        if (transaction_savepoint_depth(s->writes) == 0)
            transaction_rollback(s->writes);
    } else if (s->transaction_open)
        end_transaction(s, ctx, false);
}

bool dispatch_end_implicit_transaction(session *s, query_context *ctx)
{
    if (s->transaction == TRANSACTION_IDLE && s->transaction_open)
        return end_transaction(s, ctx, true);
    return true;
}

bool dispatch_run_statement(session *s, message_writer *out, query_context *ctx,
                            const parsed_statement *st, const result_sink *sink,
                            char tag[COMMAND_TAG_MAX])
{
    statement_run run = {s, out, ctx, 1, sink};
    void (*saved_notice)(void *, const char *, const char *, const char *, const char *) =
        ctx->notice;
    void *saved_notice_arg = ctx->notice_arg;
    ctx->notice = query_notice_to_client;
    ctx->notice_arg = &run;
    bool ok = run_statement(&run, st, tag);
    ctx->notice = saved_notice;
    ctx->notice_arg = saved_notice_arg;
    apply_settings(s, ctx);
    apply_identity(s, ctx);
    return ok;
}

/* SHOW's result column, without reading the setting twice: the rows are dropped. */
static bool drop_row(void *state, query_context *ctx, const value *values, int count)
{
    (void)state;
    (void)ctx;
    (void)values;
    (void)count;
    return true;
}

bool dispatch_describe_utility(session *s, query_context *ctx, const parsed_statement *st,
                               const result_sink *sink, bool *returns_rows)
{
    if (strcmp(st->kind, "FetchStmt") == 0)
        return cursor_describe_fetch(s->cursors, ctx, st->node, sink, returns_rows);
    *returns_rows = strcmp(st->kind, "VariableShowStmt") == 0;
    if (!*returns_rows)
        return true;
    result_sink columns_only = {sink->state, sink->columns, drop_row};
    char tag[COMMAND_TAG_MAX];
    statement_run run = {s, NULL, ctx, 1, &columns_only};
    return run_show(&run, st->node, tag);
}

void dispatch_simple_query(session *s, message_writer *out, const char *query, size_t length)
{
    prepared_drop_unnamed(s);
    arena_reset(s->arena);
    query_context ctx;
    dispatch_context_init(s, &ctx, query, length);
    dialect_rewrite rewrite;
    parse_result parsed;
    if (!dispatch_parse(&ctx, query, length, &rewrite, &parsed)) {
        send_error(out, &ctx.error);
        if (s->transaction == TRANSACTION_BLOCK)
            s->transaction = TRANSACTION_FAILED;
        return;
    }
    if (parsed.count == 0) {
        backend_empty_query_response(out);
        parse_result_free(&parsed);
        return;
    }

    result_sink sink = {out, sink_columns, sink_row};
    statement_run run = {s, out, &ctx, parsed.count, &sink};
    ctx.notice = query_notice_to_client;
    ctx.notice_arg = &run;
    for (int i = 0; i < parsed.count; i++) {
        const parsed_statement *st = &parsed.statements[i];
        dispatch_begin_statement(s, &ctx, parsed.count > 1);
        char tag[COMMAND_TAG_MAX] = "";
        bool ok;
        if (s->transaction == TRANSACTION_FAILED && !dispatch_ends_failed_transaction(st))
            ok = query_fail(&ctx, SQLSTATE_IN_FAILED_TRANSACTION, -1,
                            "current transaction is aborted, commands ignored until end of "
                            "transaction block");
        else
            ok = run_statement(&run, st, tag);
        /* Settings may have changed what later statements print and resolve. */
        apply_settings(s, &ctx);
        apply_identity(s, &ctx);
        /* A lone statement outside a block is its own transaction: durable before its
         * CommandComplete. */
        if (ok && s->transaction == TRANSACTION_IDLE && s->transaction_open && parsed.count == 1)
            ok = end_transaction(s, &ctx, true);
        if (!ok) {
            send_query_error(out, &ctx, &rewrite);
            dispatch_statement_failed(s, &ctx);
            break;
        }
        backend_command_complete(out, tag);
    }
    /* The implicit block of a multi-statement string commits at its end. */
    if (s->transaction == TRANSACTION_IDLE && s->transaction_open &&
        !end_transaction(s, &ctx, true))
        send_query_error(out, &ctx, &rewrite);
    parse_result_free(&parsed);
}
