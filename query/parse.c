#include "query/parse.h"

#include <ctype.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libpg_query renders its tree recursively: a long left-associative chain such as
 * 1+1+...+1 nests one level per operator and can exhaust the C stack. Texts shorter
 * than this cannot nest deeply enough to matter and skip the estimate below. */
#define DEPTH_CHECK_MIN_LENGTH 10000
#define NESTING_LIMIT 5000
#define TRACKED_LEVELS 1024

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
    /* Recover the text: minus signs and parentheses (maybe with blanks or comments between),
     * then digits. */
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
        } else if (i < n && s[i] == '(') {
            i++; /* -(3) is folded into the constant -3 too */
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

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Keywords that nest trees when chained (x IS NULL IS NULL ..., NOT NOT ...). */
static bool is_chaining_keyword(const char *word, size_t length)
{
    static const char *const words[] = {"is", "collate", "at", "like", "ilike", "similar", "not"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strlen(words[i]) == length && strncasecmp(words[i], word, length) == 0)
            return true;
    }
    return false;
}

/* Skips a quoted string, identifier or dollar-quoted body starting at s[i]; returns the
 * index after it. */
static size_t skip_quoted(const char *s, size_t i, size_t n)
{
    char quote = s[i];
    bool backslashes = quote == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e');
    for (i++; i < n; i++) {
        if (backslashes && s[i] == '\\') {
            i++;
        } else if (s[i] == quote) {
            if (i + 1 < n && s[i + 1] == quote)
                i++;
            else
                return i + 1;
        }
    }
    return n;
}

static size_t skip_dollar_quoted(const char *s, size_t i, size_t n)
{
    size_t tag_end = i + 1;
    while (tag_end < n && s[tag_end] != '$' && (isalnum((unsigned char)s[tag_end]) || s[tag_end] == '_'))
        tag_end++;
    if (tag_end >= n || s[tag_end] != '$' || isdigit((unsigned char)s[i + 1]))
        return i + 1; /* $1 parameter or a stray dollar */
    size_t tag_length = tag_end - i + 1;
    for (size_t j = tag_end + 1; j + tag_length <= n; j++) {
        if (memcmp(s + j, s + i, tag_length) == 0)
            return j + tag_length;
    }
    return n;
}

/* An upper bound on how deeply the statement's tree can nest: open function calls plus,
 * on the current path, the operators chained since the last comma at each level. Bare
 * parentheses only group (no tree level); PostgreSQL's grammar bounds their nesting. */
static bool nesting_within_limit(const char *s, size_t n)
{
    if (n < DEPTH_CHECK_MIN_LENGTH)
        return true;
    int *operators = calloc(TRACKED_LEVELS, sizeof *operators);
    bool *is_call = calloc(TRACKED_LEVELS, sizeof *is_call);
    if (operators == NULL || is_call == NULL) {
        free(operators);
        free(is_call);
        return false;
    }
    long level = 0, depth = 0, calls = 0;
    bool after_word = false;
    bool ok = true;
    for (size_t i = 0; i < n && ok;) {
        char c = s[i];
        int slot = level < TRACKED_LEVELS ? (int)level : TRACKED_LEVELS - 1;
        bool word = false;
        if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            i = skip_blank(s, i, n);
            continue; /* a comment keeps after_word as it was */
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i = skip_blank(s, i, n);
            continue;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        } else if (c == '\'' || c == '"') {
            i = skip_quoted(s, i, n);
        } else if (c == '$' && (i == 0 || !is_word_char(s[i - 1]))) {
            i = skip_dollar_quoted(s, i, n);
        } else if (is_word_char(c)) {
            size_t start = i;
            while (i < n && is_word_char(s[i]))
                i++;
            word = true;
            if (is_chaining_keyword(s + start, i - start)) {
                operators[slot]++;
                depth++;
                word = false;
            }
        } else if (c == '(' || c == '[') {
            level++;
            if (level < TRACKED_LEVELS) {
                operators[level] = 0;
                /* name( is a function call: one tree level per open call. */
                is_call[level] = after_word;
                calls += after_word;
            }
            i++;
        } else if (c == ')' || c == ']' || c == ',') {
            depth -= operators[slot];
            operators[slot] = 0;
            if (c != ',' && level > 0) {
                if (level < TRACKED_LEVELS && is_call[level]) {
                    is_call[level] = false;
                    calls--;
                }
                level--;
            }
            i++;
        } else if (c == ';') {
            memset(operators, 0, TRACKED_LEVELS * sizeof *operators);
            memset(is_call, 0, TRACKED_LEVELS * sizeof *is_call);
            level = depth = calls = 0;
            i++;
        } else if (strchr("+-*/<>=~!@#%^&|`?:", c) != NULL) {
            while (i < n && strchr("+-*/<>=~!@#%^&|`?:", s[i]) != NULL)
                i++;
            operators[slot]++;
            depth++;
        } else {
            i++;
        }
        after_word = word;
        ok = calls + depth <= NESTING_LIMIT;
    }
    free(operators);
    free(is_call);
    return ok;
}

/* The grammar's errors that are not syntax errors: libpg_query reports only the message,
 * so they are told apart by it, and get PostgreSQL's SQLSTATE and hint back. */
static const struct {
    const char *message_part;
    const char *sqlstate;
    const char *hint;
} grammar_errors[] = {
    {"stack depth limit exceeded", SQLSTATE_STATEMENT_TOO_COMPLEX,
     "Simplify the statement: it is nested too deeply."},
    {"role name \"", SQLSTATE_RESERVED_NAME, NULL}, /* role name "public" is reserved */
    {"cannot be used as a role name here", SQLSTATE_RESERVED_NAME, NULL},
    {"UNENCRYPTED PASSWORD is no longer supported", SQLSTATE_FEATURE_NOT_SUPPORTED,
     "Remove UNENCRYPTED to store the password in encrypted form instead."},
};

static bool fail_from_pg_query(query_context *ctx, const PgQueryError *error)
{
    size_t i = 0;
    size_t count = sizeof grammar_errors / sizeof grammar_errors[0];
    while (i < count && strstr(error->message, grammar_errors[i].message_part) == NULL)
        i++;
    query_fail(ctx, i < count ? grammar_errors[i].sqlstate : SQLSTATE_SYNTAX_ERROR, -1, "%s",
               error->message);
    /* libpg_query reports PostgreSQL's 1-based character position already. */
    ctx->error.position = error->cursorpos;
    if (i < count && grammar_errors[i].hint != NULL)
        query_fail_hint(ctx, grammar_errors[i].hint);
    return false;
}

bool query_parse(query_context *ctx, parse_result *out)
{
    out->tree = NULL;
    out->statements = NULL;
    out->count = 0;
    if (!nesting_within_limit(ctx->query_text, ctx->query_length)) {
        query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "stack depth limit exceeded");
        return query_fail_hint(ctx, "Simplify the statement: it is nested too deeply.");
    }
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
        s->run_as = NULL;
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
