#include "query/dialect.h"

#include <ctype.h>
#include <pg_query.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* libpg_query's Token enum (pg_query.proto): single characters are their ASCII codes. */
#define TOKEN_IDENT 258
#define TOKEN_SCONST 261
#define TOKEN_SQL_COMMENT 275
#define TOKEN_C_COMMENT 276
/* Its KeywordKind enum. */
#define KEYWORD_NONE 0
#define KEYWORD_RESERVED 4

typedef struct scan_token {
    size_t start, end; /* bytes of the text */
    int kind;
    int keyword_kind;
} scan_token;

typedef struct pending_edit {
    size_t start, end;
    const char *replacement;
} pending_edit;

typedef struct pending_impersonation {
    const char *user;
    int64_t edit; /* the edit blanking out the wrapper's opening words */
} pending_impersonation;

typedef struct rewriter {
    query_context *ctx;
    const char *text;
    size_t length;
    scan_token *tokens; /* comments left out: they never decide anything */
    int64_t count, capacity;
    pending_edit *edits;
    int64_t edit_count, edit_capacity;
    pending_impersonation *impersonations;
    int64_t impersonation_count, impersonation_capacity;
} rewriter;

/* ---- reading pg_query_scan's protobuf ScanResult ---- */

static bool read_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *out)
{
    *out = 0;
    for (unsigned shift = 0; shift < 64 && *i < n; shift += 7) {
        uint8_t b = p[(*i)++];
        *out |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0)
            return true;
    }
    return false;
}

/* Skips a field's value; false on a malformed message. */
static bool skip_value(const uint8_t *p, size_t n, size_t *i, unsigned wire_type)
{
    uint64_t v;
    switch (wire_type) {
    case 0:
        return read_varint(p, n, i, &v);
    case 1:
    case 5: {
        size_t width = wire_type == 1 ? 8 : 4;
        if (n - *i < width)
            return false;
        *i += width;
        return true;
    }
    case 2:
        if (!read_varint(p, n, i, &v) || v > n - *i)
            return false;
        *i += (size_t)v;
        return true;
    default:
        return false;
    }
}

/* ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; } */
static bool decode_token(const uint8_t *p, size_t n, scan_token *out)
{
    uint64_t fields[6] = {0};
    for (size_t i = 0; i < n;) {
        uint64_t tag;
        if (!read_varint(p, n, &i, &tag))
            return false;
        uint64_t number = tag >> 3;
        unsigned wire_type = (unsigned)(tag & 7);
        if (wire_type == 0 && number < 6) {
            if (!read_varint(p, n, &i, &fields[number]))
                return false;
        } else if (!skip_value(p, n, &i, wire_type)) {
            return false;
        }
    }
    out->start = (size_t)fields[1];
    out->end = (size_t)fields[2];
    out->kind = (int)fields[4];
    out->keyword_kind = (int)fields[5];
    return out->start <= out->end;
}

static bool malformed_scan(rewriter *r)
{
    return query_fail(r->ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not read the scanner's tokens");
}

/* ScanResult { int32 version = 1; repeated ScanToken tokens = 2; } */
static bool decode_scan(rewriter *r, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint64_t tag;
        if (!read_varint(p, n, &i, &tag))
            return malformed_scan(r);
        if (tag != ((2 << 3) | 2)) {
            if (!skip_value(p, n, &i, (unsigned)(tag & 7)))
                return malformed_scan(r);
            continue;
        }
        uint64_t length;
        if (!read_varint(p, n, &i, &length) || length > n - i)
            return malformed_scan(r);
        scan_token t;
        if (!decode_token(p + i, (size_t)length, &t) || t.end > r->length)
            return malformed_scan(r);
        i += (size_t)length;
        if (t.kind == TOKEN_SQL_COMMENT || t.kind == TOKEN_C_COMMENT)
            continue;
        if (!arena_reserve(r->ctx->arena, (void **)&r->tokens, sizeof *r->tokens, r->count,
                           &r->capacity, 64))
            return query_fail_no_memory(r->ctx);
        r->tokens[r->count++] = t;
    }
    return true;
}

/* ---- tokens ---- */

static size_t token_length(const rewriter *r, int64_t i)
{
    return r->tokens[i].end - r->tokens[i].start;
}

static const char *token_text(const rewriter *r, int64_t i)
{
    return r->text + r->tokens[i].start;
}

/* An unquoted word (identifier or keyword) spelled `word`, in any case. */
static bool is_word(const rewriter *r, int64_t i, const char *word)
{
    if (i < 0 || i >= r->count)
        return false;
    const scan_token *t = &r->tokens[i];
    if (t->kind != TOKEN_IDENT && t->keyword_kind == KEYWORD_NONE)
        return false;
    size_t n = token_length(r, i);
    return n == strlen(word) && strncasecmp(token_text(r, i), word, n) == 0;
}

/* Something that can name a namespace, table or role: an identifier (quoted or not) or a
 * keyword that is not reserved. */
static bool is_name(const rewriter *r, int64_t i)
{
    if (i < 0 || i >= r->count)
        return false;
    const scan_token *t = &r->tokens[i];
    return t->kind == TOKEN_IDENT ||
           (t->keyword_kind != KEYWORD_NONE && t->keyword_kind != KEYWORD_RESERVED);
}

static bool is_char(const rewriter *r, int64_t i, char c)
{
    return i >= 0 && i < r->count && r->tokens[i].kind == (unsigned char)c;
}

/* A string literal in plain quotes ('...'), not E'...', U&'...' or $$...$$. */
static bool is_plain_string(const rewriter *r, int64_t i)
{
    return i >= 0 && i < r->count && r->tokens[i].kind == TOKEN_SCONST &&
           token_text(r, i)[0] == '\'';
}

/* PostgreSQL's truncation of an identifier to NAMEDATALEN - 1 bytes, on a character
 * boundary. */
static void truncate_name(char *name, size_t *length)
{
    if (*length <= CATALOG_NAME_MAX)
        return;
    size_t n = CATALOG_NAME_MAX;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    name[n] = '\0';
    *length = n;
}

/* The value of a quoted token's body: the quote character doubled stands for itself. */
static char *unquote(rewriter *r, int64_t i)
{
    const char *text = token_text(r, i);
    size_t n = token_length(r, i);
    char quote = text[0];
    char *out = arena_alloc(r->ctx->arena, n + 1);
    if (out == NULL)
        return NULL;
    size_t used = 0;
    for (size_t k = 1; k + 1 < n; k++) {
        out[used++] = text[k];
        if (text[k] == quote && k + 2 < n && text[k + 1] == quote)
            k++;
    }
    out[used] = '\0';
    return out;
}

/* The catalog name a name token stands for: quoted as written, unquoted folded to lower
 * case (ASCII only, as PostgreSQL folds), both cut to NAMEDATALEN - 1 bytes. */
static char *name_value(rewriter *r, int64_t i)
{
    char *name;
    if (token_text(r, i)[0] == '"') {
        name = unquote(r, i);
    } else {
        name = arena_strndup(r->ctx->arena, token_text(r, i), token_length(r, i));
        for (char *p = name; p != NULL && *p != '\0'; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    }
    if (name == NULL) {
        query_fail_no_memory(r->ctx);
        return NULL;
    }
    size_t length = strlen(name);
    truncate_name(name, &length);
    return name;
}

/* A name given as a string literal ('alice') or as a name token. */
static char *user_value(rewriter *r, int64_t i)
{
    if (!is_plain_string(r, i))
        return name_value(r, i);
    char *value = unquote(r, i);
    if (value == NULL)
        query_fail_no_memory(r->ctx);
    return value;
}

/* text quoted with `quote`, the quote character doubled inside. */
static char *quoted(rewriter *r, const char *text, char quote)
{
    size_t n = strlen(text);
    char *out = arena_alloc(r->ctx->arena, 2 * n + 3);
    if (out == NULL) {
        query_fail_no_memory(r->ctx);
        return NULL;
    }
    size_t used = 0;
    out[used++] = quote;
    for (size_t k = 0; k < n; k++) {
        if (text[k] == quote)
            out[used++] = quote;
        out[used++] = text[k];
    }
    out[used++] = quote;
    out[used] = '\0';
    return out;
}

/* The ')' closing the '(' at open, or -1. */
static int64_t matching_paren(const rewriter *r, int64_t open, int64_t end)
{
    int depth = 0;
    for (int64_t k = open; k < end; k++) {
        if (is_char(r, k, '('))
            depth++;
        else if (is_char(r, k, ')') && --depth == 0)
            return k;
    }
    return -1;
}

/* ---- edits ---- */

static bool add_edit(rewriter *r, size_t start, size_t end, const char *replacement)
{
    if (replacement == NULL)
        return false; /* its allocation failed; the error is recorded */
    if (r->edit_count > 0 && start < r->edits[r->edit_count - 1].end)
        return query_fail(r->ctx, SQLSTATE_INTERNAL_ERROR, -1,
                          "dialect rewrite produced overlapping edits");
    if (!arena_reserve(r->ctx->arena, (void **)&r->edits, sizeof *r->edits, r->edit_count,
                       &r->edit_capacity, 8))
        return query_fail_no_memory(r->ctx);
    r->edits[r->edit_count++] = (pending_edit){start, end, replacement};
    return true;
}

static bool replace_token(rewriter *r, int64_t i, const char *replacement)
{
    return add_edit(r, r->tokens[i].start, r->tokens[i].end, replacement);
}

/* Replaces tokens [first, last] (and whatever lies between them) by replacement. */
static bool replace_tokens(rewriter *r, int64_t first, int64_t last, const char *replacement)
{
    return add_edit(r, r->tokens[first].start, r->tokens[last].end, replacement);
}

/* Replaces bytes by as many spaces: every other byte keeps its offset. */
static bool blank(rewriter *r, size_t start, size_t end)
{
    char *spaces = arena_alloc(r->ctx->arena, end - start + 1);
    if (spaces == NULL)
        return query_fail_no_memory(r->ctx);
    memset(spaces, ' ', end - start);
    spaces[end - start] = '\0';
    return add_edit(r, start, end, spaces);
}

/* Removes a word and the blanks after it, so "CREATE USER TABLE" reads "CREATE TABLE". */
static bool remove_word(rewriter *r, int64_t i)
{
    size_t end = r->tokens[i].end;
    while (end < r->length && isspace((unsigned char)r->text[end]))
        end++;
    return add_edit(r, r->tokens[i].start, end, "");
}

/* ---- the dialect statements; each works on tokens [b, e) of one statement ---- */

static bool rewrite_statement(rewriter *r, int64_t b, int64_t e, bool nested);

/* CREATE {USER|SHARED|STREAM} TABLE [IF NOT EXISTS] name ... [WITH (...)]
 *   -> CREATE TABLE [IF NOT EXISTS] name ... WITH (type = 'kind', ...) */
static bool rewrite_create_table(rewriter *r, int64_t b, int64_t e)
{
    int64_t kind = b + 1;
    int64_t i = b + 3;
    if (is_word(r, i, "if") && is_word(r, i + 1, "not") && is_word(r, i + 2, "exists"))
        i += 3;
    if (!is_name(r, i))
        return true; /* not a table name: the parser reports it */
    i++;
    if (is_char(r, i, '.') && is_name(r, i + 1))
        i += 2;
    char *type = name_value(r, kind);
    const char *literal = type != NULL ? quoted(r, type, '\'') : NULL;
    if (literal == NULL)
        return false;

    /* Where the options go: into an existing WITH (...), else before what follows WITH in
     * CREATE TABLE's grammar (AS query, ON COMMIT, TABLESPACE), else at the end. */
    int64_t with_open = -1, insert_before = -1;
    int depth = 0;
    for (int64_t k = i; k < e && with_open < 0 && insert_before < 0; k++) {
        if (is_char(r, k, '(')) {
            if (depth == 0 && is_word(r, k - 1, "with"))
                with_open = k;
            depth++;
        } else if (is_char(r, k, ')')) {
            depth--;
        } else if (depth == 0 && (is_word(r, k, "as") || is_word(r, k, "tablespace") ||
                                  (is_word(r, k, "on") && is_word(r, k + 1, "commit")))) {
            insert_before = k;
        }
    }
    if (!remove_word(r, kind))
        return false;
    if (with_open >= 0) {
        /* A type option written there too is CREATE TABLE's to refuse (given twice). */
        bool empty = is_char(r, with_open + 1, ')');
        return add_edit(r, r->tokens[with_open].end, r->tokens[with_open].end,
                        arena_printf(r->ctx->arena, "type = %s%s", literal, empty ? "" : ", "));
    }
    if (insert_before >= 0) {
        size_t at = r->tokens[insert_before].start;
        return add_edit(r, at, at, arena_printf(r->ctx->arena, "WITH (type = %s) ", literal));
    }
    size_t at = r->tokens[e - 1].end;
    return add_edit(r, at, at, arena_printf(r->ctx->arena, " WITH (type = %s)", literal));
}

/* CREATE USER 'name' [WITH] PASSWORD 'p' [ROLE user|service|dba]
 *   user:          CREATE USER "name" [WITH] PASSWORD 'p'
 *   service, dba:  CREATE ROLE "name" [WITH] LOGIN PASSWORD 'p' IN ROLE service|dba */
static bool rewrite_create_user(rewriter *r, int64_t b, int64_t e)
{
    int64_t name = b + 2;
    char *user = user_value(r, name);
    if (user == NULL)
        return false;
    const char *role = "user";
    int64_t role_word = -1;
    if (e - b >= 5 && is_word(r, e - 2, "role") &&
        (is_name(r, e - 1) || is_plain_string(r, e - 1) || is_word(r, e - 1, "user"))) {
        role_word = e - 2;
        char *given = user_value(r, e - 1);
        if (given == NULL)
            return false;
        for (char *p = given; *p != '\0'; p++)
            *p = (char)tolower((unsigned char)*p);
        if (strcmp(given, "user") != 0 && strcmp(given, "service") != 0 &&
            strcmp(given, "dba") != 0) {
            query_fail(r->ctx, SQLSTATE_INVALID_PARAMETER_VALUE, (int)r->tokens[e - 1].start,
                       "invalid role \"%s\"", given);
            return query_fail_hint(r->ctx, "Valid roles are user, service and dba.");
        }
        role = given;
    }
    bool plain_user = strcmp(role, "user") == 0;
    if (!plain_user && !replace_token(r, b + 1, "ROLE"))
        return false;
    if (!replace_token(r, name, quoted(r, user, '"')))
        return false;
    if (!plain_user) {
        size_t at = is_word(r, name + 1, "with") ? r->tokens[name + 1].end : r->tokens[name].end;
        if (!add_edit(r, at, at, " LOGIN"))
            return false;
    }
    if (role_word < 0)
        return true;
    if (plain_user) {
        /* ROLE user goes, with the blanks before it. */
        size_t start = r->tokens[role_word].start;
        while (start > r->tokens[role_word - 1].end && isspace((unsigned char)r->text[start - 1]))
            start--;
        return add_edit(r, start, r->tokens[e - 1].end, "");
    }
    return replace_token(r, role_word, "IN ROLE") && replace_token(r, e - 1, role);
}

/* EXECUTE AS USER 'u' ( statement ): the wrapper becomes spaces; the statement is
 * rewritten like any other and remembered as run by u. */
static bool rewrite_execute_as(rewriter *r, int64_t b, int64_t e, bool nested)
{
    if (nested)
        return query_fail(r->ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, (int)r->tokens[b].start,
                          "feature not supported: nested EXECUTE AS USER");
    int64_t open = b + 4;
    int64_t close = is_char(r, open, '(') ? matching_paren(r, open, e) : -1;
    if (close < 0 || close != e - 1 || close == open + 1)
        return query_fail(r->ctx, SQLSTATE_SYNTAX_ERROR,
                          (int)r->tokens[close >= 0 && close + 1 < e ? close + 1 : b].start,
                          "EXECUTE AS USER must wrap exactly one statement in parentheses");
    int depth = 0;
    for (int64_t k = open + 1; k < close; k++) {
        if (is_char(r, k, '('))
            depth++;
        else if (is_char(r, k, ')'))
            depth--;
        else if (depth == 0 && is_char(r, k, ';'))
            return query_fail(r->ctx, SQLSTATE_SYNTAX_ERROR, (int)r->tokens[k].start,
                              "EXECUTE AS USER must wrap exactly one statement in parentheses");
    }
    char *user = user_value(r, b + 3);
    if (user == NULL)
        return false;
    if (!arena_reserve(r->ctx->arena, (void **)&r->impersonations, sizeof *r->impersonations,
                       r->impersonation_count, &r->impersonation_capacity, 4))
        return query_fail_no_memory(r->ctx);
    r->impersonations[r->impersonation_count++] = (pending_impersonation){user, r->edit_count};
    return blank(r, r->tokens[b].start, r->tokens[open].end) &&
           rewrite_statement(r, open + 1, close, true) &&
           blank(r, r->tokens[close].start, r->tokens[close].end);
}

/* SHOW TABLES [IN|FROM ns], SHOW NAMESPACES -> queries on system.tables / system.namespaces */
static bool rewrite_show(rewriter *r, int64_t b, int64_t e)
{
    if (e - b == 2 && is_word(r, b + 1, "namespaces"))
        return replace_tokens(r, b, e - 1,
                              "SELECT namespace FROM system.namespaces ORDER BY namespace");
    if (e - b == 2 && is_word(r, b + 1, "tables"))
        return replace_tokens(r, b, e - 1,
                              "SELECT namespace, table_name, table_type FROM system.tables "
                              "WHERE namespace <> 'system' ORDER BY namespace, table_name");
    if (e - b == 4 && is_word(r, b + 1, "tables") &&
        (is_word(r, b + 2, "in") || is_word(r, b + 2, "from")) && is_name(r, b + 3)) {
        char *ns = name_value(r, b + 3);
        const char *literal = ns != NULL ? quoted(r, ns, '\'') : NULL;
        return literal != NULL &&
               replace_tokens(r, b, e - 1,
                              arena_printf(r->ctx->arena,
                                           "SELECT namespace, table_name, table_type "
                                           "FROM system.tables WHERE namespace = %s "
                                           "ORDER BY table_name",
                                           literal));
    }
    return true;
}

/* DESCRIBE [TABLE] [ns.]t -> a query on system.columns; an unqualified t is the table
 * search_path finds (system.tables.is_visible), when the statement runs. */
static bool rewrite_describe(rewriter *r, int64_t b, int64_t e)
{
    int64_t i = b + 1;
    if (is_word(r, i, "table") && i + 1 < e)
        i++;
    int64_t schema = -1, table = i;
    if (e - i == 3 && is_name(r, i) && is_char(r, i + 1, '.') && is_name(r, i + 2)) {
        schema = i;
        table = i + 2;
    } else if (e - i != 1 || !is_name(r, i)) {
        return true; /* not a form we know: the parser reports it */
    }
    char *table_name = name_value(r, table);
    const char *table_literal = table_name != NULL ? quoted(r, table_name, '\'') : NULL;
    if (table_literal == NULL)
        return false;
    if (schema < 0)
        return replace_tokens(
            r, b, e - 1,
            arena_printf(r->ctx->arena,
                         "SELECT c.column_name, c.data_type, c.is_nullable, c.column_default, "
                         "c.is_primary_key FROM system.columns c JOIN system.tables t "
                         "ON t.namespace = c.namespace AND t.table_name = c.table_name "
                         "WHERE t.is_visible AND c.table_name = %s ORDER BY c.ordinal_position",
                         table_literal));
    char *ns = name_value(r, schema);
    const char *ns_literal = ns != NULL ? quoted(r, ns, '\'') : NULL;
    return ns_literal != NULL &&
           replace_tokens(
               r, b, e - 1,
               arena_printf(r->ctx->arena,
                            "SELECT column_name, data_type, is_nullable, column_default, "
                            "is_primary_key FROM system.columns WHERE namespace = %s AND "
                            "table_name = %s ORDER BY ordinal_position",
                            ns_literal, table_literal));
}

static bool rewrite_statement(rewriter *r, int64_t b, int64_t e, bool nested)
{
    if (e - b < 2)
        return true;
    if ((is_word(r, b, "create") || is_word(r, b, "drop")) && is_word(r, b + 1, "namespace"))
        return replace_token(r, b + 1, "SCHEMA");
    if (is_word(r, b, "create") &&
        (is_word(r, b + 1, "user") || is_word(r, b + 1, "shared") ||
         is_word(r, b + 1, "stream")) &&
        is_word(r, b + 2, "table"))
        return rewrite_create_table(r, b, e);
    if (is_word(r, b, "create") && is_word(r, b + 1, "user") && is_plain_string(r, b + 2))
        return rewrite_create_user(r, b, e);
    if (is_word(r, b, "use") && e - b == 2 && is_name(r, b + 1))
        return replace_token(r, b, "SET search_path =");
    if (is_word(r, b, "show"))
        return rewrite_show(r, b, e);
    if (is_word(r, b, "describe"))
        return rewrite_describe(r, b, e);
    if (is_word(r, b, "execute") && is_word(r, b + 1, "as") && is_word(r, b + 2, "user") &&
        (is_name(r, b + 3) || is_plain_string(r, b + 3)))
        return rewrite_execute_as(r, b, e, nested);
    return true;
}

/* Every dialect statement begins with one of these words. A string holding none of them
 * (most of them: pgbench's, say) is not worth scanning; everything else is decided on
 * tokens. */
static bool may_hold_dialect(const char *text, size_t length)
{
    static const char *const leading[] = {"create", "drop", "use", "show", "describe", "execute"};
    for (size_t i = 0; i < length; i++) {
        char c = (char)tolower((unsigned char)text[i]);
        for (size_t w = 0; w < sizeof leading / sizeof leading[0]; w++) {
            size_t n = strlen(leading[w]);
            if (c == leading[w][0] && length - i >= n && strncasecmp(text + i, leading[w], n) == 0)
                return true;
        }
    }
    return false;
}

/* Builds the rewritten text from the pending edits. */
static bool apply_edits(rewriter *r, dialect_rewrite *out)
{
    size_t length = r->length;
    for (int64_t k = 0; k < r->edit_count; k++)
        length = length - (r->edits[k].end - r->edits[k].start) + strlen(r->edits[k].replacement);
    char *text = arena_alloc(r->ctx->arena, length + 1);
    out->edits = arena_alloc(r->ctx->arena, (size_t)r->edit_count * sizeof *out->edits);
    out->impersonations = arena_alloc(r->ctx->arena, (size_t)(r->impersonation_count + 1) *
                                                         sizeof *out->impersonations);
    if (text == NULL || out->edits == NULL || out->impersonations == NULL)
        return query_fail_no_memory(r->ctx);
    size_t from = 0, to = 0;
    for (int64_t k = 0; k < r->edit_count; k++) {
        const pending_edit *edit = &r->edits[k];
        memcpy(text + to, r->text + from, edit->start - from);
        to += edit->start - from;
        size_t n = strlen(edit->replacement);
        memcpy(text + to, edit->replacement, n);
        out->edits[k] = (dialect_edit){edit->start, edit->end, to, to + n};
        to += n;
        from = edit->end;
    }
    memcpy(text + to, r->text + from, r->length - from);
    text[length] = '\0';
    out->text = text;
    out->length = length;
    out->edit_count = (int)r->edit_count;
    for (int64_t k = 0; k < r->impersonation_count; k++) {
        const pending_impersonation *p = &r->impersonations[k];
        out->impersonations[k].user = p->user;
        out->impersonations[k].location = out->edits[p->edit].rewritten_start;
    }
    out->impersonation_count = (int)r->impersonation_count;
    return true;
}

bool dialect_rewrite_query(query_context *ctx, const char *text, size_t length,
                           dialect_rewrite *out)
{
    *out = (dialect_rewrite){.text = text, .length = length, .original = text,
                             .original_length = length};
    if (!may_hold_dialect(text, length))
        return true;
    PgQueryScanResult scan = pg_query_scan(text);
    if (scan.error != NULL) {
        pg_query_free_scan_result(scan);
        return true; /* the parser reports the same text's error */
    }
    rewriter r = {.ctx = ctx, .text = text, .length = length};
    bool ok = decode_scan(&r, (const uint8_t *)scan.pbuf.data, scan.pbuf.len);
    pg_query_free_scan_result(scan);
    if (!ok)
        return false;
    /* Statements end at ';' outside parentheses. */
    int64_t start = 0;
    int depth = 0;
    for (int64_t i = 0; i <= r.count; i++) {
        if (i == r.count || (depth == 0 && is_char(&r, i, ';'))) {
            if (!rewrite_statement(&r, start, i, false))
                return false;
            start = i + 1;
        } else if (is_char(&r, i, '(')) {
            depth++;
        } else if (is_char(&r, i, ')') && depth > 0) {
            depth--;
        }
    }
    if (r.edit_count == 0)
        return true;
    return apply_edits(&r, out);
}

/* The byte offset where the 1-based character position starts in text. */
static size_t byte_offset(const char *text, size_t length, int position)
{
    int characters = 0;
    for (size_t i = 0; i < length; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80 && ++characters == position)
            return i;
    }
    return length;
}

int dialect_original_position(const dialect_rewrite *r, int rewritten_position)
{
    if (rewritten_position <= 0 || r->edit_count == 0)
        return rewritten_position;
    size_t at = byte_offset(r->text, r->length, rewritten_position);
    size_t original = 0;
    bool mapped = false;
    for (int k = 0; k < r->edit_count && !mapped; k++) {
        const dialect_edit *edit = &r->edits[k];
        if (at < edit->rewritten_start) {
            original = edit->original_start - (edit->rewritten_start - at);
            mapped = true;
        } else if (at < edit->rewritten_end) {
            original = edit->original_start;
            mapped = true;
        }
    }
    if (!mapped) {
        const dialect_edit *last = &r->edits[r->edit_count - 1];
        original = last->original_end + (at - last->rewritten_end);
    }
    return query_character_position(r->original, r->original_length, (int)original);
}

const dialect_impersonation *dialect_impersonation_at(const dialect_rewrite *r, int location,
                                                      int length)
{
    for (int k = 0; k < r->impersonation_count; k++) {
        size_t at = r->impersonations[k].location;
        if (location >= 0 && at >= (size_t)location && at < (size_t)location + (size_t)length)
            return &r->impersonations[k];
    }
    return NULL;
}
