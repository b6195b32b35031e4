#include "query/sequences.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"

/* ---- per-session values ---- */

struct sequence_memory {
    struct remembered {
        uint64_t id;
        int64_t value;
    } *entries;
    size_t count;
    bool has_last;
    uint64_t last_id;
};

sequence_memory *sequence_memory_create(void)
{
    return calloc(1, sizeof(sequence_memory));
}

void sequence_memory_destroy(sequence_memory *m)
{
    if (m != NULL) {
        free(m->entries);
        free(m);
    }
}

void sequence_memory_reset(sequence_memory *m)
{
    free(m->entries);
    m->entries = NULL;
    m->count = 0;
    m->has_last = false;
    m->last_id = 0;
}

static bool remember(query_context *ctx, uint64_t id, int64_t v)
{
    sequence_memory *m = ctx->sequences;
    for (size_t i = 0; i < m->count; i++) {
        if (m->entries[i].id == id) {
            m->entries[i].value = v;
            m->has_last = true;
            m->last_id = id;
            return true;
        }
    }
    struct remembered *grown = realloc(m->entries, (m->count + 1) * sizeof *grown);
    if (grown == NULL)
        return query_fail_no_memory(ctx);
    m->entries = grown;
    m->entries[m->count].id = id;
    m->entries[m->count].value = v;
    m->count++;
    m->has_last = true;
    m->last_id = id;
    return true;
}

/* ---- names ---- */

/* 'a.B' / '"Mixed".x': regclass-style input, unquoted parts folded to lower case. */
static bool split_name(query_context *ctx, const char *text, size_t length, char parts[2][64],
                       int *count)
{
    *count = 0;
    size_t i = 0;
    while (i <= length && *count < 3) {
        char part[64];
        size_t n = 0;
        if (i < length && text[i] == '"') {
            for (i++; i < length; i++) {
                if (text[i] == '"') {
                    if (i + 1 < length && text[i + 1] == '"')
                        i++;
                    else
                        break;
                }
                if (n < sizeof part - 1)
                    part[n++] = text[i];
            }
            i++;
        } else {
            for (; i < length && text[i] != '.'; i++) {
                char ch = text[i];
                if (n < sizeof part - 1)
                    part[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
            }
        }
        part[n] = '\0';
        if (n == 0 || *count == 2)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                              "invalid name syntax");
        memcpy(parts[(*count)++], part, n + 1);
        if (i >= length)
            break;
        if (text[i] != '.')
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "invalid name syntax");
        i++;
    }
    return true;
}

static const catalog_sequence *resolve(query_context *ctx, const value *name)
{
    char parts[2][64];
    int count;
    if (!split_name(ctx, name->as.text.data, name->as.text.length, parts, &count))
        return NULL;
    return names_resolve_sequence(ctx, count == 2 ? parts[0] : NULL, parts[count - 1]);
}

/* ---- functions ---- */

bool sequence_nextval(query_context *ctx, const value *name, value *out)
{
    const catalog_sequence *s = resolve(ctx, name);
    if (s == NULL)
        return false;
    if (ctx->read_only)
        return query_fail(ctx, SQLSTATE_READ_ONLY_SQL_TRANSACTION, -1,
                          "cannot execute nextval() in a read-only transaction");
    int64_t v;
    char *error = NULL;
    sequence_status status = catalog_sequence_next(ctx->catalog, s->id, &v, &error);
    if (status == SEQUENCE_EXHAUSTED)
        return query_fail(ctx, "2200H", -1, "nextval: reached %s value of sequence \"%s\" (%lld)",
                          s->increment > 0 ? "maximum" : "minimum", s->name,
                          (long long)(s->increment > 0 ? s->max_value : s->min_value));
    if (status != SEQUENCE_OK)
        return query_fail_catalog(ctx, CATALOG_IO_ERROR, error);
    *out = value_int(TYPE_INT8, v);
    return remember(ctx, s->id, v);
}

bool sequence_currval(query_context *ctx, const value *name, value *out)
{
    const catalog_sequence *s = resolve(ctx, name);
    if (s == NULL)
        return false;
    for (size_t i = 0; i < ctx->sequences->count; i++) {
        if (ctx->sequences->entries[i].id == s->id) {
            *out = value_int(TYPE_INT8, ctx->sequences->entries[i].value);
            return true;
        }
    }
    return query_fail(ctx, "55000", -1, "currval of sequence \"%s\" is not yet defined in this session",
                      s->name);
}

bool sequence_lastval(query_context *ctx, value *out)
{
    sequence_memory *m = ctx->sequences;
    if (!m->has_last || catalog_sequence_by_id(ctx->catalog, m->last_id) == NULL)
        return query_fail(ctx, "55000", -1, "lastval is not yet defined in this session");
    for (size_t i = 0; i < m->count; i++) {
        if (m->entries[i].id == m->last_id) {
            *out = value_int(TYPE_INT8, m->entries[i].value);
            return true;
        }
    }
    return query_fail(ctx, "55000", -1, "lastval is not yet defined in this session");
}

bool sequence_setval(query_context *ctx, const value *name, const value *number,
                     const value *is_called, value *out)
{
    const catalog_sequence *s = resolve(ctx, name);
    if (s == NULL)
        return false;
    if (ctx->read_only)
        return query_fail(ctx, SQLSTATE_READ_ONLY_SQL_TRANSACTION, -1,
                          "cannot execute setval() in a read-only transaction");
    int64_t v = number->as.integer;
    if (v < s->min_value || v > s->max_value)
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                          "setval: value %lld is out of bounds for sequence \"%s\" (%lld..%lld)",
                          (long long)v, s->name, (long long)s->min_value, (long long)s->max_value);
    bool called = is_called == NULL || is_called->as.boolean;
    char *error = NULL;
    uint64_t id = s->id;
    catalog_status status = catalog_sequence_set(ctx->catalog, id, v, called, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    if (called && !remember(ctx, id, v))
        return false;
    *out = value_int(TYPE_INT8, v);
    return true;
}

/* ---- statements ---- */

static bool option_integer(query_context *ctx, const cJSON *option, int64_t *out)
{
    const cJSON *arg = node_get(node_fields(option), "arg");
    const char *kind = node_kind(arg);
    if (strcmp(kind, "Integer") == 0) {
        const cJSON *ival = node_get(node_fields(arg), "ival");
        /* libpg_query's JSON omits zero and negative integers; the text has them. */
        if (cJSON_IsNumber(ival)) {
            *out = (int64_t)ival->valuedouble;
            return true;
        }
        const char *text = ctx->query_text + node_get_int(node_fields(option), "location", 0);
        const char *digits = text;
        while (*digits != '\0' && *digits != '-' && (*digits < '0' || *digits > '9'))
            digits++;
        *out = strtoll(digits, NULL, 10);
        return true;
    }
    if (strcmp(kind, "Float") == 0) {
        const char *text = node_get_string(node_fields(arg), "fval");
        char *end;
        long long v = text != NULL ? strtoll(text, &end, 10) : 0;
        if (text == NULL || *end != '\0')
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "invalid sequence option value");
        *out = v;
        return true;
    }
    return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "invalid sequence option value");
}

static bool create_sequence(query_context *ctx, catalog_sequence *s, uint64_t *id)
{
    char *error = NULL;
    catalog_status status = catalog_create_sequence(ctx->catalog, s, id, &error);
    if (status == CATALOG_DUPLICATE)
        return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists", s->name);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}

bool sequence_create_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "CREATE SEQUENCE");
    const cJSON *relation = node_get(node, "sequence");
    const char *name = node_get_string(relation, "relname");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "sequence name is required");
    const catalog_namespace *n =
        names_creation_namespace(ctx, node_get_string(relation, "schemaname"), -1);
    if (n == NULL || !permission_check_create_sequence(ctx, n, -1))
        return false;
    if (catalog_find_sequence(ctx->catalog, n->id, name) != NULL ||
        catalog_find_table(ctx->catalog, n->id, name) != NULL) {
        if (node_get_bool(node, "if_not_exists")) {
            query_notice(ctx, "NOTICE", SQLSTATE_DUPLICATE_TABLE,
                         "relation \"%s\" already exists, skipping", name);
            return true;
        }
        return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists", name);
    }
    catalog_sequence s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.namespace_id = n->id;
    s.increment = 1;
    bool has_min = false, has_max = false, has_start = false;
    const cJSON *option;
    cJSON_ArrayForEach(option, node_get(node, "options"))
    {
        const char *option_name = node_get_string(node_fields(option), "defname");
        const cJSON *arg = node_get(node_fields(option), "arg");
        if (option_name == NULL)
            continue;
        if (strcmp(option_name, "increment") == 0) {
            if (!option_integer(ctx, option, &s.increment))
                return false;
            if (s.increment == 0)
                return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                                  "INCREMENT must not be zero");
        } else if (strcmp(option_name, "minvalue") == 0 && arg != NULL) {
            has_min = option_integer(ctx, option, &s.min_value);
            if (!has_min)
                return false;
        } else if (strcmp(option_name, "maxvalue") == 0 && arg != NULL) {
            has_max = option_integer(ctx, option, &s.max_value);
            if (!has_max)
                return false;
        } else if (strcmp(option_name, "start") == 0) {
            has_start = option_integer(ctx, option, &s.start);
            if (!has_start)
                return false;
        } else if (strcmp(option_name, "cycle") == 0) {
            s.cycle = arg == NULL || node_get_bool(node_fields(arg), "boolval");
        } else if (strcmp(option_name, "cache") == 0 || strcmp(option_name, "minvalue") == 0 ||
                   strcmp(option_name, "maxvalue") == 0) {
            continue; /* NO MINVALUE / NO MAXVALUE; cache only tunes PostgreSQL's backends */
        } else if (strcmp(option_name, "as") == 0 || strcmp(option_name, "owned_by") == 0) {
            return query_fail_unsupported(ctx, -1, option_name[0] == 'a' ? "CREATE SEQUENCE ... AS"
                                                                         : "OWNED BY");
        } else {
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "option \"%s\" not recognized",
                              option_name);
        }
    }
    if (!has_min)
        s.min_value = s.increment > 0 ? 1 : INT64_MIN;
    if (!has_max)
        s.max_value = s.increment > 0 ? INT64_MAX : -1;
    if (!has_start)
        s.start = s.increment > 0 ? s.min_value : s.max_value;
    if (s.min_value >= s.max_value)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
                          (long long)s.min_value, (long long)s.max_value);
    if (s.start < s.min_value)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "START value (%lld) cannot be less than MINVALUE (%lld)",
                          (long long)s.start, (long long)s.min_value);
    if (s.start > s.max_value)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "START value (%lld) cannot be greater than MAXVALUE (%lld)",
                          (long long)s.start, (long long)s.max_value);
    uint64_t id;
    return create_sequence(ctx, &s, &id);
}

static bool drop_sequence(query_context *ctx, uint64_t id)
{
    char *error = NULL;
    catalog_status status = catalog_drop_sequence(ctx->catalog, id, &error);
    return status == CATALOG_OK || query_fail_catalog(ctx, status, error);
}

bool sequence_drop_statement(query_context *ctx, const cJSON *node)
{
    bool missing_ok = node_get_bool(node, "missing_ok");
    const cJSON *object;
    cJSON_ArrayForEach(object, node_get(node, "objects"))
    {
        const cJSON *items = node_get(node_fields(object), "items");
        int n = cJSON_GetArraySize(items);
        const char *name = node_string_value(cJSON_GetArrayItem(items, n - 1));
        const char *schema = n > 1 ? node_string_value(cJSON_GetArrayItem(items, n - 2)) : NULL;
        if (name == NULL)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid sequence name");
        const catalog_namespace *ns = schema != NULL ? catalog_find_namespace(ctx->catalog, schema) : NULL;
        const catalog_sequence *s = NULL;
        if (schema == NULL) {
            sql_error saved = ctx->error;
            s = names_resolve_sequence(ctx, NULL, name);
            if (s == NULL)
                ctx->error = saved;
        } else if (ns != NULL) {
            s = catalog_find_sequence(ctx->catalog, ns->id, name);
        }
        if (s == NULL) {
            if (!missing_ok)
                return query_fail(ctx, SQLSTATE_UNDEFINED_TABLE, -1,
                                  "sequence \"%s\" does not exist", name);
            query_notice(ctx, "NOTICE", "00000", "sequence \"%s\" does not exist, skipping", name);
            continue;
        }
        if (!permission_check_owner(ctx, 0, "sequence", s->name) || !drop_sequence(ctx, s->id))
            return false;
    }
    return true;
}

bool sequence_create_for_serial(query_context *ctx, uint64_t namespace_id, const char *table,
                                const char *column, uint32_t type, uint64_t *id,
                                char **default_tree)
{
    catalog_sequence s;
    memset(&s, 0, sizeof s);
    /* PostgreSQL's name: <table>_<column>_seq, cut to fit NAMEDATALEN. */
    snprintf(s.name, sizeof s.name, "%.29s_%.29s_seq", table, column);
    s.namespace_id = namespace_id;
    s.increment = 1;
    s.min_value = 1;
    s.max_value = type == TYPE_INT2 ? INT16_MAX : type == TYPE_INT4 ? INT32_MAX : INT64_MAX;
    s.start = 1;
    if (!create_sequence(ctx, &s, id))
        return false;
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, namespace_id);
    char *tree = arena_printf(ctx->arena,
                              "{\"FuncCall\":{\"funcname\":[{\"String\":{\"sval\":\"nextval\"}}],"
                              "\"args\":[{\"A_Const\":{\"sval\":{\"sval\":\"%s.%s\"},\"location\":-1}}],"
                              "\"location\":-1}}",
                              n != NULL ? n->name : "public", s.name);
    if (tree == NULL)
        return query_fail_no_memory(ctx);
    *default_tree = tree;
    return true;
}

bool sequence_set_owner(query_context *ctx, uint64_t sequence_id, uint64_t table_id)
{
    char *error = NULL;
    catalog_status status = catalog_sequence_set_owner(ctx->catalog, sequence_id, table_id, &error);
    return status == CATALOG_OK || query_fail_catalog(ctx, status, error);
}

bool sequence_drop_owned(query_context *ctx, uint64_t table_id)
{
    for (size_t i = catalog_sequence_count(ctx->catalog); i-- > 0;) {
        const catalog_sequence *s = catalog_sequence_at(ctx->catalog, i);
        if (s->owner_table == table_id && !drop_sequence(ctx, s->id))
            return false;
    }
    return true;
}
