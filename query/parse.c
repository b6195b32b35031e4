#include "query/parse.h"

#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

const char *node_kind(const cJSON *wrapper)
{
    if (!cJSON_IsObject(wrapper) || wrapper->child == NULL)
        return "";
    return wrapper->child->string != NULL ? wrapper->child->string : "";
}

const cJSON *node_fields(const cJSON *wrapper)
{
    return cJSON_IsObject(wrapper) ? wrapper->child : NULL;
}

const cJSON *node_get(const cJSON *fields, const char *name)
{
    return fields != NULL ? cJSON_GetObjectItemCaseSensitive(fields, name) : NULL;
}

const char *node_get_string(const cJSON *fields, const char *name)
{
    const cJSON *item = node_get(fields, name);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

int node_get_int(const cJSON *fields, const char *name, int fallback)
{
    const cJSON *item = node_get(fields, name);
    return cJSON_IsNumber(item) ? item->valueint : fallback;
}

bool node_get_bool(const cJSON *fields, const char *name)
{
    return cJSON_IsTrue(node_get(fields, name));
}

const char *node_string_value(const cJSON *wrapper)
{
    if (strcmp(node_kind(wrapper), "String") != 0)
        return NULL;
    return node_get_string(node_fields(wrapper), "sval");
}

/* Skips whitespace and comments (nested block comments, as PostgreSQL allows). */
static size_t skip_blank(const char *s, size_t i, size_t n)
{
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                         s[i] == '\f' || s[i] == '\v'))
            i++;
        if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
            int depth = 0;
            do {
                if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (i + 1 < n && s[i] == '*' && s[i + 1] == '/') {
                    depth--;
                    i += 2;
                } else {
                    i++;
                }
            } while (depth > 0 && i < n);
        } else {
            return i;
        }
    }
}

bool node_integer_constant(const query_context *ctx, const cJSON *a_const, int64_t *out)
{
    const cJSON *ival = node_get(node_get(a_const, "ival"), "ival");
    if (cJSON_IsNumber(ival)) {
        *out = (int64_t)ival->valuedouble;
        return true;
    }
    /* Recover the text: minus signs (maybe with blanks or comments between), then digits. */
    int location = node_get_int(a_const, "location", -1);
    if (location < 0 || ctx->query_text == NULL || (size_t)location >= ctx->query_length)
        return false;
    const char *s = ctx->query_text;
    size_t n = ctx->query_length;
    size_t i = (size_t)location;
    bool negative = false;
    for (;;) {
        i = skip_blank(s, i, n);
        if (i < n && s[i] == '-') {
            negative = !negative;
            i++;
        } else {
            break;
        }
    }
    int64_t v = 0;
    size_t digits = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (v > (INT64_MAX - (s[i] - '0')) / 10)
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (digits == 0)
        return false;
    *out = negative ? -v : v;
    return true;
}

static bool fail_from_pg_query(query_context *ctx, const PgQueryError *error)
{
    const char *sqlstate = SQLSTATE_SYNTAX_ERROR;
    if (strstr(error->message, "stack depth limit exceeded") != NULL)
        sqlstate = SQLSTATE_STATEMENT_TOO_COMPLEX;
    query_fail(ctx, sqlstate, -1, "%s", error->message);
    /* libpg_query reports PostgreSQL's 1-based character position already. */
    ctx->error.position = error->cursorpos;
    if (strcmp(sqlstate, SQLSTATE_STATEMENT_TOO_COMPLEX) == 0)
        query_fail_hint(ctx, "Simplify the statement: it is nested too deeply.");
    return false;
}

bool query_parse(query_context *ctx, parse_result *out)
{
    out->tree = NULL;
    out->statements = NULL;
    out->count = 0;
    PgQueryParseResult result = pg_query_parse(ctx->query_text);
    if (result.error != NULL) {
        fail_from_pg_query(ctx, result.error);
        pg_query_free_parse_result(result);
        return false;
    }
    out->tree = cJSON_Parse(result.parse_tree);
    pg_query_free_parse_result(result);
    if (out->tree == NULL) {
        /* cJSON refuses trees nested deeper than CJSON_NESTING_LIMIT. */
        query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "stack depth limit exceeded");
        return query_fail_hint(ctx, "Simplify the statement: it is nested too deeply.");
    }
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(out->tree, "stmts");
    int count = cJSON_GetArraySize(statements);
    if (count == 0)
        return true;
    out->statements = arena_alloc(ctx->arena, (size_t)count * sizeof *out->statements);
    if (out->statements == NULL) {
        parse_result_free(out);
        return query_fail_no_memory(ctx);
    }
    const cJSON *raw;
    cJSON_ArrayForEach(raw, statements)
    {
        const cJSON *wrapper = cJSON_GetObjectItemCaseSensitive(raw, "stmt");
        parsed_statement *s = &out->statements[out->count++];
        s->kind = node_kind(wrapper);
        s->node = node_fields(wrapper);
        s->location = node_get_int(raw, "stmt_location", 0);
        /* stmt_len 0 means "to the end of the string". */
        int length = node_get_int(raw, "stmt_len", 0);
        s->length = length > 0 ? length : (int)ctx->query_length - s->location;
    }
    return true;
}

void parse_result_free(parse_result *result)
{
    cJSON_Delete(result->tree);
    result->tree = NULL;
    result->statements = NULL;
    result->count = 0;
}
