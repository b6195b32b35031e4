#include "query/json.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "query/numeric.h"

/* ---- a growing text in the statement's arena ---- */

typedef struct text_buffer {
    arena *arena;
    char *data; /* NUL-terminated once anything was appended */
    size_t length;
    size_t capacity;
    bool failed; /* an allocation failed: the text is incomplete */
} text_buffer;

static void buffer_init(text_buffer *b, arena *a)
{
    memset(b, 0, sizeof *b);
    b->arena = a;
}

static void buffer_append(text_buffer *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity > 0 ? b->capacity : 64;
        while (capacity < b->length + n + 1)
            capacity *= 2;
        char *grown = arena_alloc(b->arena, capacity);
        if (grown == NULL) {
            b->failed = true;
            return;
        }
        if (b->length > 0)
            memcpy(grown, b->data, b->length);
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

static void buffer_append_string(text_buffer *b, const char *s)
{
    buffer_append(b, s, strlen(s));
}

/* ---- the lexer: PostgreSQL's json_lex, token for token ---- */

typedef enum json_token {
    TOKEN_NONE, /* nothing lexed yet */
    TOKEN_STRING,
    TOKEN_NUMBER,
    TOKEN_OBJECT_START,
    TOKEN_OBJECT_END,
    TOKEN_ARRAY_START,
    TOKEN_ARRAY_END,
    TOKEN_COMMA,
    TOKEN_COLON,
    TOKEN_TRUE,
    TOKEN_FALSE,
    TOKEN_NULL,
    TOKEN_END,
} json_token;

/* PostgreSQL's JsonParseErrorType, for the cases its recursive-descent parser reaches. */
typedef enum json_status {
    JSON_OK,
    JSON_INVALID_TOKEN,
    JSON_ESCAPING_INVALID,
    JSON_ESCAPING_REQUIRED,
    JSON_EXPECTED_END,
    JSON_EXPECTED_ARRAY_NEXT,
    JSON_EXPECTED_COLON,
    JSON_EXPECTED_JSON,
    JSON_EXPECTED_MORE,
    JSON_EXPECTED_OBJECT_FIRST,
    JSON_EXPECTED_OBJECT_NEXT,
    JSON_EXPECTED_STRING,
    JSON_UNICODE_CODE_POINT_ZERO,
    JSON_UNICODE_ESCAPE_FORMAT,
    JSON_UNICODE_HIGH_SURROGATE,
    JSON_UNICODE_LOW_SURROGATE,
    JSON_TOO_DEEP,
    JSON_NO_MEMORY,
    JSON_FAILED, /* an event handler failed and recorded its own error */
} json_status;

typedef struct json_lexer {
    const char *input;
    const char *end;
    const char *token_start; /* NULL once the input is used up */
    const char *token_end;   /* PostgreSQL's token_terminator: where the next token starts */
    const char *line_start;
    int line_number;
    json_token token; /* the last token lexed successfully */
    /* jsonb, and the operators: strings are decoded into `string`, and surrogate pairs
     * and \u0000 are checked, as PostgreSQL does when it needs the escapes. */
    bool decode;
    text_buffer string;
} json_lexer;

static void lexer_init(json_lexer *l, arena *a, const char *text, size_t length, bool decode)
{
    memset(l, 0, sizeof *l);
    if (text == NULL)
        text = ""; /* an empty value may have no storage behind it */
    l->input = text;
    l->end = text + length;
    l->token_end = text;
    l->line_start = text;
    l->line_number = 1;
    l->decode = decode;
    buffer_init(&l->string, a);
}

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || (unsigned char)c >= 0x80;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes of the UTF-8 character starting at s (1 for a stray byte), within end. */
static size_t character_length(const char *s, const char *end)
{
    unsigned char c = (unsigned char)*s;
    size_t n = (c & 0x80) == 0      ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 1;
    return n <= (size_t)(end - s) ? n : (size_t)(end - s);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t utf8_encode(unsigned code, char out[4])
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

static bool is_high_surrogate(int c)
{
    return c >= 0xD800 && c <= 0xDBFF;
}

static bool is_low_surrogate(int c)
{
    return c >= 0xDC00 && c <= 0xDFFF;
}

/* The token is a string (token_start at its quote). Errors leave token_end just past the
 * character they were found on, as PostgreSQL does, so CONTEXT shows the same text. */
static json_status lex_string(json_lexer *l)
{
    const char *s = l->token_start;
    int high_surrogate = -1;
    if (l->decode) {
        l->string.length = 0;
        buffer_append(&l->string, "", 0);
    }
#define FAIL_AT_CHARACTER_END(status)                                                              \
    do {                                                                                           \
        l->token_end = s + character_length(s, l->end);                                            \
        return (status);                                                                           \
    } while (0)
    for (;;) {
        s++;
        if (s >= l->end) {
            l->token_end = s;
            return JSON_INVALID_TOKEN;
        }
        if (*s == '"')
            break;
        if (*s == '\\') {
            s++;
            if (s >= l->end) {
                l->token_end = s;
                return JSON_INVALID_TOKEN;
            }
            if (*s == 'u') {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    s++;
                    if (s >= l->end) {
                        l->token_end = s;
                        return JSON_INVALID_TOKEN;
                    }
                    int digit = hex_value(*s);
                    if (digit < 0)
                        FAIL_AT_CHARACTER_END(JSON_UNICODE_ESCAPE_FORMAT);
                    code = code * 16 + digit;
                }
                if (!l->decode)
                    continue;
                if (is_high_surrogate(code)) {
                    if (high_surrogate != -1)
                        FAIL_AT_CHARACTER_END(JSON_UNICODE_HIGH_SURROGATE);
                    high_surrogate = code;
                    continue;
                }
                if (is_low_surrogate(code)) {
                    if (high_surrogate == -1)
                        FAIL_AT_CHARACTER_END(JSON_UNICODE_LOW_SURROGATE);
                    code = 0x10000 + ((high_surrogate - 0xD800) << 10) + (code - 0xDC00);
                    high_surrogate = -1;
                }
                if (high_surrogate != -1)
                    FAIL_AT_CHARACTER_END(JSON_UNICODE_LOW_SURROGATE);
                if (code == 0)
                    FAIL_AT_CHARACTER_END(JSON_UNICODE_CODE_POINT_ZERO);
                char utf8[4];
                buffer_append(&l->string, utf8, utf8_encode((unsigned)code, utf8));
                continue;
            }
            if (l->decode && high_surrogate != -1)
                FAIL_AT_CHARACTER_END(JSON_UNICODE_LOW_SURROGATE);
            char decoded;
            switch (*s) {
            case '"':
            case '\\':
            case '/':
                decoded = *s;
                break;
            case 'b':
                decoded = '\b';
                break;
            case 'f':
                decoded = '\f';
                break;
            case 'n':
                decoded = '\n';
                break;
            case 'r':
                decoded = '\r';
                break;
            case 't':
                decoded = '\t';
                break;
            default:
                /* Only the escape sequence is named, not the whole string. */
                l->token_start = s;
                FAIL_AT_CHARACTER_END(JSON_ESCAPING_INVALID);
            }
            if (l->decode)
                buffer_append(&l->string, &decoded, 1);
            continue;
        }
        if (high_surrogate != -1)
            FAIL_AT_CHARACTER_END(JSON_UNICODE_LOW_SURROGATE);
        const char *p = s;
        while (p < l->end && *p != '\\' && *p != '"') {
            if ((unsigned char)*p <= 31) {
                /* Control characters must be escaped; the context stops before it. */
                l->token_end = p;
                return JSON_ESCAPING_REQUIRED;
            }
            p++;
        }
        if (l->decode)
            buffer_append(&l->string, s, (size_t)(p - s));
        s = p - 1;
    }
#undef FAIL_AT_CHARACTER_END
    if (l->decode && l->string.failed)
        return JSON_NO_MEMORY;
    if (high_surrogate != -1) {
        l->token_end = s + 1;
        return JSON_UNICODE_LOW_SURROGATE;
    }
    l->token_end = s + 1;
    return JSON_OK;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; s is past the sign. Trailing
 * word characters belong to the (then invalid) token, so "1abc" is named whole. */
static json_status lex_number(json_lexer *l, const char *s)
{
    bool error = false;
    const char *end = l->end;
    if (s < end && *s == '0') {
        s++;
    } else if (s < end && *s >= '1' && *s <= '9') {
        while (s < end && is_digit(*s))
            s++;
    } else {
        error = true;
    }
    if (s < end && *s == '.') {
        s++;
        if (s == end || !is_digit(*s))
            error = true;
        else
            while (s < end && is_digit(*s))
                s++;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < end && (*s == '+' || *s == '-'))
            s++;
        if (s == end || !is_digit(*s))
            error = true;
        else
            while (s < end && is_digit(*s))
                s++;
    }
    for (; s < end && is_word_char(*s); s++)
        error = true;
    l->token_end = s;
    return error ? JSON_INVALID_TOKEN : JSON_OK;
}

static json_status lex(json_lexer *l)
{
    const char *s = l->token_end;
    while (s < l->end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        if (*s++ == '\n') {
            l->line_number++;
            l->line_start = s;
        }
    }
    l->token_start = s;
    if (s >= l->end) {
        l->token_start = NULL;
        l->token_end = s;
        l->token = TOKEN_END;
        return JSON_OK;
    }
    json_token single = TOKEN_NONE;
    switch (*s) {
    case '{':
        single = TOKEN_OBJECT_START;
        break;
    case '}':
        single = TOKEN_OBJECT_END;
        break;
    case '[':
        single = TOKEN_ARRAY_START;
        break;
    case ']':
        single = TOKEN_ARRAY_END;
        break;
    case ',':
        single = TOKEN_COMMA;
        break;
    case ':':
        single = TOKEN_COLON;
        break;
    default:
        break;
    }
    if (single != TOKEN_NONE) {
        l->token_end = s + 1;
        l->token = single;
        return JSON_OK;
    }
    json_status status;
    if (*s == '"') {
        if ((status = lex_string(l)) != JSON_OK)
            return status;
        l->token = TOKEN_STRING;
        return JSON_OK;
    }
    if (*s == '-' || is_digit(*s)) {
        if ((status = lex_number(l, *s == '-' ? s + 1 : s)) != JSON_OK)
            return status;
        l->token = TOKEN_NUMBER;
        return JSON_OK;
    }
    /* Only true, false and null remain; a whole word is read so that an error names it. */
    const char *p = s;
    while (p < l->end && is_word_char(*p))
        p++;
    if (p == s) {
        l->token_end = s + 1;
        return JSON_INVALID_TOKEN;
    }
    l->token_end = p;
    size_t n = (size_t)(p - s);
    if (n == 4 && memcmp(s, "true", 4) == 0)
        l->token = TOKEN_TRUE;
    else if (n == 4 && memcmp(s, "null", 4) == 0)
        l->token = TOKEN_NULL;
    else if (n == 5 && memcmp(s, "false", 5) == 0)
        l->token = TOKEN_FALSE;
    else
        return JSON_INVALID_TOKEN;
    return JSON_OK;
}

/* ---- the parser: PostgreSQL's recursive descent, run with an explicit stack ---- */

typedef enum json_event_kind {
    EVENT_OBJECT_START,
    EVENT_OBJECT_END,
    EVENT_ARRAY_START,
    EVENT_ARRAY_END,
    EVENT_KEY,
    EVENT_SCALAR,
} json_event_kind;

typedef struct json_event {
    json_event_kind kind;
    json_token token;        /* EVENT_SCALAR: which kind of scalar */
    const char *start, *end; /* the token's text (for containers: the bracket) */
    int depth;               /* containers open around the event's token */
    const char *string;      /* EVENT_KEY and string scalars when decoding: NUL-terminated */
    size_t string_length;
} json_event;

/* false: the handler failed and recorded the error in the context. */
typedef bool (*json_event_handler)(void *state, const json_event *event);

typedef enum parse_context {
    PARSE_VALUE,
    PARSE_STRING,
    PARSE_OBJECT_START,
    PARSE_OBJECT_LABEL,
    PARSE_OBJECT_NEXT,
    PARSE_ARRAY_NEXT,
    PARSE_END,
} parse_context;

static json_status parse_error(const json_lexer *l, parse_context context)
{
    if (l->token_start == NULL || l->token == TOKEN_END)
        return JSON_EXPECTED_MORE;
    switch (context) {
    case PARSE_VALUE:
        return JSON_EXPECTED_JSON;
    case PARSE_STRING:
        return JSON_EXPECTED_STRING;
    case PARSE_OBJECT_START:
        return JSON_EXPECTED_OBJECT_FIRST;
    case PARSE_OBJECT_LABEL:
        return JSON_EXPECTED_COLON;
    case PARSE_OBJECT_NEXT:
        return JSON_EXPECTED_OBJECT_NEXT;
    case PARSE_ARRAY_NEXT:
        return JSON_EXPECTED_ARRAY_NEXT;
    case PARSE_END:
        return JSON_EXPECTED_END;
    }
    return JSON_EXPECTED_JSON;
}

static bool is_scalar_token(json_token t)
{
    return t == TOKEN_STRING || t == TOKEN_NUMBER || t == TOKEN_TRUE || t == TOKEN_FALSE ||
           t == TOKEN_NULL;
}

/* Parses the whole input, calling handler (if any) for each event. Containers are tracked
 * in an explicit stack, so nesting costs no C stack. */
static json_status parse(query_context *ctx, json_lexer *l, json_event_handler handler, void *state)
{
    enum { AT_VALUE, AT_FIELD, AFTER_VALUE, AT_CLOSE } at = AT_VALUE;
    bool *is_object = NULL; /* per open container */
    int64_t depth = 0, capacity = 0;
    json_status status = lex(l);
    if (status != JSON_OK)
        return status;
    for (;;) {
        json_event event = {.depth = (int)depth, .start = l->token_start, .end = l->token_end};
        switch (at) {
        case AT_VALUE:
            if (l->token == TOKEN_OBJECT_START || l->token == TOKEN_ARRAY_START) {
                bool object = l->token == TOKEN_OBJECT_START;
                if (depth >= JSON_MAX_DEPTH)
                    return JSON_TOO_DEEP;
                if (!arena_reserve(ctx->arena, (void **)&is_object, sizeof *is_object, depth,
                                   &capacity, 16)) {
                    query_fail_no_memory(ctx);
                    return JSON_FAILED;
                }
                is_object[depth++] = object;
                event.kind = object ? EVENT_OBJECT_START : EVENT_ARRAY_START;
                if (handler != NULL && !handler(state, &event))
                    return JSON_FAILED;
                if ((status = lex(l)) != JSON_OK)
                    return status;
                if (!object)
                    at = l->token == TOKEN_ARRAY_END ? AT_CLOSE : AT_VALUE;
                else if (l->token == TOKEN_OBJECT_END)
                    at = AT_CLOSE;
                else if (l->token == TOKEN_STRING)
                    at = AT_FIELD;
                else
                    return parse_error(l, PARSE_OBJECT_START);
                break;
            }
            if (!is_scalar_token(l->token))
                return parse_error(l, PARSE_VALUE);
            event.kind = EVENT_SCALAR;
            event.token = l->token;
            if (l->token == TOKEN_STRING) {
                event.string = l->string.data;
                event.string_length = l->string.length;
                if (handler != NULL && !handler(state, &event))
                    return JSON_FAILED;
                if ((status = lex(l)) != JSON_OK)
                    return status;
            } else {
                /* PostgreSQL reads the next token before it converts a number, so a lexing
                 * error there comes first. */
                if ((status = lex(l)) != JSON_OK)
                    return status;
                if (handler != NULL && !handler(state, &event))
                    return JSON_FAILED;
            }
            at = AFTER_VALUE;
            break;
        case AT_FIELD:
            if (l->token != TOKEN_STRING)
                return parse_error(l, PARSE_STRING);
            event.kind = EVENT_KEY;
            event.token = TOKEN_STRING;
            event.string = l->string.data;
            event.string_length = l->string.length;
            if (handler != NULL && !handler(state, &event))
                return JSON_FAILED;
            if ((status = lex(l)) != JSON_OK)
                return status;
            if (l->token != TOKEN_COLON)
                return parse_error(l, PARSE_OBJECT_LABEL);
            if ((status = lex(l)) != JSON_OK)
                return status;
            at = AT_VALUE;
            break;
        case AFTER_VALUE:
            if (depth == 0)
                return l->token == TOKEN_END ? JSON_OK : parse_error(l, PARSE_END);
            if (l->token == TOKEN_COMMA) {
                if ((status = lex(l)) != JSON_OK)
                    return status;
                at = is_object[depth - 1] ? AT_FIELD : AT_VALUE;
            } else if (l->token == (is_object[depth - 1] ? TOKEN_OBJECT_END : TOKEN_ARRAY_END)) {
                at = AT_CLOSE;
            } else {
                return parse_error(l, is_object[depth - 1] ? PARSE_OBJECT_NEXT : PARSE_ARRAY_NEXT);
            }
            break;
        case AT_CLOSE:
            depth--;
            event.depth = (int)depth;
            event.kind = is_object[depth] ? EVENT_OBJECT_END : EVENT_ARRAY_END;
            if (handler != NULL && !handler(state, &event))
                return JSON_FAILED;
            if ((status = lex(l)) != JSON_OK)
                return status;
            at = AFTER_VALUE;
            break;
        }
    }
}

/* PostgreSQL's report_json_context: the input line up to the error, at most about 50
 * bytes of it, with "..." where it was cut. */
static const char *error_context(query_context *ctx, const json_lexer *l)
{
    const char *line_start = l->line_start, *context_start = line_start;
    const char *context_end = l->token_end;
    while (context_end - context_start >= 50)
        context_start += (unsigned char)*context_start >= 0x80
                             ? character_length(context_start, context_end)
                             : 1;
    if (context_start - line_start <= 3)
        context_start = line_start;
    const char *prefix = context_start > line_start ? "..." : "";
    const char *suffix = l->token != TOKEN_END && context_end < l->end && *context_end != '\n' &&
                                 *context_end != '\r'
                             ? "..."
                             : "";
    return arena_printf(ctx->arena, "JSON data, line %d: %s%.*s%s", l->line_number, prefix,
                        (int)(context_end - context_start), context_start, suffix);
}

static const char *error_detail(query_context *ctx, const json_lexer *l, json_status status)
{
    const char *format = NULL;
    switch (status) {
    case JSON_ESCAPING_INVALID:
        format = "Escape sequence \"\\%.*s\" is invalid.";
        break;
    case JSON_ESCAPING_REQUIRED:
        return arena_printf(ctx->arena, "Character with value 0x%02x must be escaped.",
                            (unsigned char)*l->token_end);
    case JSON_EXPECTED_END:
        format = "Expected end of input, but found \"%.*s\".";
        break;
    case JSON_EXPECTED_ARRAY_NEXT:
        format = "Expected \",\" or \"]\", but found \"%.*s\".";
        break;
    case JSON_EXPECTED_COLON:
        format = "Expected \":\", but found \"%.*s\".";
        break;
    case JSON_EXPECTED_JSON:
        format = "Expected JSON value, but found \"%.*s\".";
        break;
    case JSON_EXPECTED_MORE:
        return "The input string ended unexpectedly.";
    case JSON_EXPECTED_OBJECT_FIRST:
        format = "Expected string or \"}\", but found \"%.*s\".";
        break;
    case JSON_EXPECTED_OBJECT_NEXT:
        format = "Expected \",\" or \"}\", but found \"%.*s\".";
        break;
    case JSON_EXPECTED_STRING:
        format = "Expected string, but found \"%.*s\".";
        break;
    case JSON_INVALID_TOKEN:
        format = "Token \"%.*s\" is invalid.";
        break;
    case JSON_UNICODE_CODE_POINT_ZERO:
        return "\\u0000 cannot be converted to text.";
    case JSON_UNICODE_ESCAPE_FORMAT:
        return "\"\\u\" must be followed by four hexadecimal digits.";
    case JSON_UNICODE_HIGH_SURROGATE:
        return "Unicode high surrogate must not follow a high surrogate.";
    case JSON_UNICODE_LOW_SURROGATE:
        return "Unicode low surrogate must follow a high surrogate.";
    case JSON_OK:
    case JSON_TOO_DEEP:
    case JSON_NO_MEMORY:
    case JSON_FAILED:
        break;
    }
    if (format == NULL)
        return NULL;
    return arena_printf(ctx->arena, format, (int)(l->token_end - l->token_start), l->token_start);
}

/* Records PostgreSQL's error for a failed parse (json_ereport_error). */
static bool json_fail(query_context *ctx, const json_lexer *l, json_status status, int location)
{
    if (status == JSON_FAILED)
        return false;
    if (status == JSON_NO_MEMORY)
        return query_fail_no_memory(ctx);
    if (status == JSON_TOO_DEEP) {
        query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location, "stack depth limit exceeded");
        return query_fail_hint(ctx, "JSON values may nest at most 10000 levels deep.");
    }
    const char *detail = error_detail(ctx, l, status);
    const char *context = error_context(ctx, l);
    if (status == JSON_UNICODE_CODE_POINT_ZERO)
        query_fail(ctx, "22P05", location, "unsupported Unicode escape sequence");
    else
        query_fail(ctx, SQLSTATE_INVALID_TEXT_REPRESENTATION, location,
                   "invalid input syntax for type json");
    if (detail == NULL || context == NULL)
        return query_fail_no_memory(ctx);
    query_fail_detail(ctx, detail);
    return query_fail_context(ctx, context);
}

/* Parses text (decoding strings when decode), failing with PostgreSQL's error. */
static bool parse_or_fail(query_context *ctx, const char *text, size_t length, bool decode,
                          json_event_handler handler, void *state, int location)
{
    json_lexer l;
    lexer_init(&l, ctx->arena, text, length, decode);
    json_status status = parse(ctx, &l, handler, state);
    return status == JSON_OK || json_fail(ctx, &l, status, location);
}

/* ---- jsonb: a cJSON tree, normalised, printed canonically ---- */

/* Frees a tree however deep it is: children are spliced in after their parent, so the
 * walk is a loop and cJSON_Delete only ever sees childless nodes. */
static void tree_free(cJSON *node)
{
    while (node != NULL) {
        if (node->child != NULL) {
            cJSON *last = node->child;
            while (last->next != NULL)
                last = last->next;
            last->next = node->next;
            node->next = node->child;
            node->child = NULL;
        }
        cJSON *next = node->next;
        node->next = NULL;
        node->prev = NULL;
        cJSON_Delete(node);
        node = next;
    }
}

typedef struct jsonb_builder {
    query_context *ctx;
    int location;
    cJSON *root;
    cJSON **open; /* the containers being filled, outermost first */
    int64_t depth, capacity;
    char *key; /* the member name the next value takes (in an object) */
} jsonb_builder;

static bool builder_no_memory(jsonb_builder *b)
{
    return query_fail_no_memory(b->ctx);
}

/* Hangs a new node under the open container (or makes it the root); on failure the node
 * is freed here, so the tree only ever holds attached nodes. */
static bool builder_attach(jsonb_builder *b, cJSON *item)
{
    if (item == NULL)
        return builder_no_memory(b);
    if (b->depth == 0) {
        b->root = item;
        return true;
    }
    cJSON *parent = b->open[b->depth - 1];
    bool attached = cJSON_IsObject(parent) ? cJSON_AddItemToObject(parent, b->key, item)
                                           : cJSON_AddItemToArray(parent, item);
    if (!attached) {
        tree_free(item);
        return builder_no_memory(b);
    }
    return true;
}

static int compare_keys(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length != b_length)
        return a_length < b_length ? -1 : 1;
    int c = memcmp(a, b, a_length);
    return c < 0 ? -1 : c > 0;
}

typedef struct member {
    cJSON *item;
    size_t key_length;
    int64_t order;
} member;

/* PostgreSQL's order of jsonb keys: shorter first, then bytewise; among equal keys the
 * later one first, so that it is the one kept. */
static int member_order(const void *x, const void *y)
{
    const member *a = x, *b = y;
    int c = compare_keys(a->item->string, a->key_length, b->item->string, b->key_length);
    if (c != 0)
        return c;
    return a->order > b->order ? -1 : 1;
}

/* Sorts an object's members and drops all but the last of equal keys. */
static bool normalise_object(jsonb_builder *b, cJSON *object)
{
    int64_t n = 0;
    for (cJSON *item = object->child; item != NULL; item = item->next)
        n++;
    if (n < 2)
        return true;
    member *members = arena_alloc(b->ctx->arena, (size_t)n * sizeof *members);
    if (members == NULL)
        return builder_no_memory(b);
    int64_t i = 0;
    for (cJSON *item = object->child; item != NULL; item = item->next, i++) {
        members[i].item = item;
        members[i].key_length = strlen(item->string);
        members[i].order = i;
    }
    qsort(members, (size_t)n, sizeof *members, member_order);
    object->child = NULL;
    const member *kept = NULL;
    for (i = 0; i < n; i++) {
        cJSON *item = members[i].item;
        item->next = item->prev = NULL;
        if (kept != NULL && compare_keys(item->string, members[i].key_length, kept->item->string,
                                         kept->key_length) == 0) {
            tree_free(item);
            continue;
        }
        cJSON_AddItemToArray(object, item); /* appends; keeps the member's name */
        kept = &members[i];
    }
    return true;
}

static bool build_event(void *state, const json_event *event)
{
    jsonb_builder *b = state;
    query_context *ctx = b->ctx;
    switch (event->kind) {
    case EVENT_OBJECT_START:
    case EVENT_ARRAY_START: {
        cJSON *container = event->kind == EVENT_OBJECT_START ? cJSON_CreateObject()
                                                             : cJSON_CreateArray();
        if (!builder_attach(b, container))
            return false;
        if (!arena_reserve(ctx->arena, (void **)&b->open, sizeof *b->open, b->depth, &b->capacity,
                           16))
            return builder_no_memory(b);
        b->open[b->depth++] = container;
        return true;
    }
    case EVENT_OBJECT_END:
    case EVENT_ARRAY_END: {
        cJSON *container = b->open[--b->depth];
        return event->kind == EVENT_ARRAY_END || normalise_object(b, container);
    }
    case EVENT_KEY:
        b->key = arena_strndup(ctx->arena, event->string, event->string_length);
        return b->key != NULL || builder_no_memory(b);
    case EVENT_SCALAR:
        break;
    }
    switch (event->token) {
    case TOKEN_STRING:
        return builder_attach(b, cJSON_CreateString(event->string));
    case TOKEN_TRUE:
        return builder_attach(b, cJSON_CreateTrue());
    case TOKEN_FALSE:
        return builder_attach(b, cJSON_CreateFalse());
    case TOKEN_NULL:
        return builder_attach(b, cJSON_CreateNull());
    default: {
        /* A number keeps its exact digits: numeric's text, held as a raw node that
         * prints as it is (cJSON's own numbers are doubles). */
        numeric n;
        char *text;
        numeric_status status =
            numeric_from_text(ctx->arena, event->start, (size_t)(event->end - event->start), &n);
        if (status == NUMERIC_OK)
            status = numeric_to_text(ctx->arena, &n, &text);
        if (status == NUMERIC_OUT_OF_RANGE)
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, b->location,
                              "value overflows numeric format");
        if (status != NUMERIC_OK)
            return builder_no_memory(b);
        return builder_attach(b, cJSON_CreateRaw(text));
    }
    }
}

/* PostgreSQL's escape_json. */
static void append_escaped(text_buffer *out, const char *s, size_t length)
{
    buffer_append(out, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *escape = NULL;
        char code[8];
        switch (c) {
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        default:
            if (c < ' ') {
                static const char hex[] = "0123456789abcdef";
                memcpy(code, "\\u00", 4);
                code[4] = hex[c >> 4];
                code[5] = hex[c & 0xF];
                code[6] = '\0';
                escape = code;
            }
            break;
        }
        if (escape == NULL) {
            run++;
            continue;
        }
        buffer_append(out, s + i - run, run);
        run = 0;
        buffer_append_string(out, escape);
    }
    buffer_append(out, s + length - run, run);
    buffer_append(out, "\"", 1);
}

static void append_scalar(text_buffer *out, const cJSON *node)
{
    if (cJSON_IsString(node))
        append_escaped(out, node->valuestring, strlen(node->valuestring));
    else if (cJSON_IsRaw(node))
        buffer_append_string(out, node->valuestring);
    else if (cJSON_IsTrue(node))
        buffer_append(out, "true", 4);
    else if (cJSON_IsFalse(node))
        buffer_append(out, "false", 5);
    else
        buffer_append(out, "null", 4);
}

/* jsonb's output: `{"a": 1, "b": [1, 2]}`. A loop over the tree with a stack of the
 * containers being printed. */
static bool print_canonical(query_context *ctx, const cJSON *root, text_buffer *out)
{
    const cJSON **stack = NULL;
    int64_t depth = 0, capacity = 0;
    const cJSON *node = root;
    for (;;) {
        if (depth > 0 && cJSON_IsObject(stack[depth - 1])) {
            append_escaped(out, node->string, strlen(node->string));
            buffer_append(out, ": ", 2);
        }
        bool object = cJSON_IsObject(node);
        if ((object || cJSON_IsArray(node)) && node->child != NULL) {
            buffer_append(out, object ? "{" : "[", 1);
            if (!arena_reserve(ctx->arena, (void **)&stack, sizeof *stack, depth, &capacity, 16))
                return query_fail_no_memory(ctx);
            stack[depth++] = node;
            node = node->child;
            continue;
        }
        if (object || cJSON_IsArray(node))
            buffer_append(out, object ? "{}" : "[]", 2);
        else
            append_scalar(out, node);
        /* Onwards to the next sibling, closing the containers that are done. */
        while (depth > 0 && node->next == NULL) {
            node = stack[--depth];
            buffer_append(out, cJSON_IsObject(node) ? "}" : "]", 1);
        }
        if (depth == 0)
            break;
        buffer_append(out, ", ", 2);
        node = node->next;
    }
    return !out->failed || query_fail_no_memory(ctx);
}

static bool jsonb_from_text(query_context *ctx, const char *text, size_t length, int location,
                            value *out)
{
    jsonb_builder b = {.ctx = ctx, .location = location};
    bool ok = parse_or_fail(ctx, text, length, true, build_event, &b, location);
    text_buffer canonical;
    buffer_init(&canonical, ctx->arena);
    if (ok)
        ok = print_canonical(ctx, b.root, &canonical);
    tree_free(b.root);
    if (!ok)
        return false;
    *out = value_text(TYPE_JSONB, canonical.data, canonical.length);
    return true;
}

bool json_from_text(query_context *ctx, uint32_t type, const char *text, size_t length,
                    int location, value *out)
{
    if (type == TYPE_JSONB)
        return jsonb_from_text(ctx, text, length, location, out);
    /* json keeps its text as written, once it is known to be JSON. */
    if (!parse_or_fail(ctx, text, length, false, NULL, NULL, location))
        return false;
    *out = value_text(TYPE_JSON, text, length);
    return true;
}

/* ---- -> and ->> ---- */

typedef struct json_lookup {
    query_context *ctx;
    const char *key; /* the member wanted, or NULL for an element */
    size_t key_length;
    int64_t index;      /* the element wanted (>= 0), or -1 when only counting */
    bool root_is_array; /* the document is an array (set at its start) */
    bool root_is_object;
    bool key_matches;   /* the member being read at depth 1 is the one wanted */
    int64_t elements;   /* values seen at depth 1 */
    bool capturing;     /* inside the wanted container value */
    /* the result */
    bool found;
    json_token token; /* its first token */
    const char *start, *end;
    char *string; /* a string's decoded text */
    size_t string_length;
} json_lookup;

/* Is the value starting now at depth 1 the one wanted? Counts it either way. */
static bool lookup_wanted(json_lookup *q)
{
    bool wanted = q->key != NULL ? q->root_is_object && q->key_matches
                                 : q->root_is_array && q->elements == q->index;
    q->elements++;
    return wanted;
}

static bool lookup_event(void *state, const json_event *event)
{
    json_lookup *q = state;
    switch (event->kind) {
    case EVENT_OBJECT_START:
    case EVENT_ARRAY_START:
        if (event->depth == 0) {
            q->root_is_object = event->kind == EVENT_OBJECT_START;
            q->root_is_array = !q->root_is_object;
        } else if (event->depth == 1 && lookup_wanted(q)) {
            /* The last of equal keys wins, as in PostgreSQL. */
            q->capturing = true;
            q->found = false;
            q->token = event->kind == EVENT_OBJECT_START ? TOKEN_OBJECT_START : TOKEN_ARRAY_START;
            q->start = event->start;
        }
        return true;
    case EVENT_OBJECT_END:
    case EVENT_ARRAY_END:
        if (event->depth == 1 && q->capturing) {
            q->capturing = false;
            q->found = true;
            q->end = event->end;
        }
        return true;
    case EVENT_KEY:
        if (event->depth == 1)
            q->key_matches = q->key != NULL && event->string_length == q->key_length &&
                             memcmp(event->string, q->key, q->key_length) == 0;
        return true;
    case EVENT_SCALAR:
        if (event->depth != 1 || !lookup_wanted(q))
            return true;
        q->found = true;
        q->token = event->token;
        q->start = event->start;
        q->end = event->end;
        if (event->token == TOKEN_STRING) {
            q->string = arena_strndup(q->ctx->arena, event->string, event->string_length);
            q->string_length = event->string_length;
            if (q->string == NULL)
                return query_fail_no_memory(q->ctx);
        }
        return true;
    }
    return true;
}

/* The scalar a jsonb document is, if it is one (a raw scalar, in PostgreSQL's terms). */
static bool jsonb_root_scalar(query_context *ctx, const value *doc, json_lookup *q)
{
    char first = doc->as.text.length > 0 ? doc->as.text.data[0] : '\0';
    if (first == '{' || first == '[')
        return false;
    json_lookup whole = {.ctx = ctx, .index = -1};
    json_lexer l;
    lexer_init(&l, ctx->arena, doc->as.text.data, doc->as.text.length, true);
    if (lex(&l) != JSON_OK || !is_scalar_token(l.token))
        return false;
    whole.found = true;
    whole.token = l.token;
    whole.start = l.token_start;
    whole.end = l.token_end;
    whole.string = l.string.data;
    whole.string_length = l.string.length;
    *q = whole;
    return true;
}

static bool lookup_result(const value *doc, const json_lookup *q, bool as_text, value *out)
{
    if (!q->found) {
        *out = value_null(as_text ? TYPE_TEXT : doc->type);
        return true;
    }
    if (as_text && q->token == TOKEN_NULL) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    if (as_text && q->token == TOKEN_STRING) {
        *out = value_text(TYPE_TEXT, q->string, q->string_length);
        return true;
    }
    /* json gives the value's text as written; jsonb's canonical text of a member is the
     * member's own canonical text. */
    *out = value_text(as_text ? TYPE_TEXT : doc->type, q->start, (size_t)(q->end - q->start));
    return true;
}

bool json_object_field(query_context *ctx, const value *doc, const char *key, size_t key_length,
                       bool as_text, value *out)
{
    json_lookup q = {.ctx = ctx, .key = key, .key_length = key_length, .index = -1};
    /* PostgreSQL reads the whole document, decoding every string: a bad escape anywhere
     * in a json value fails the lookup. */
    if (!parse_or_fail(ctx, doc->as.text.data, doc->as.text.length, true, lookup_event, &q, -1))
        return false;
    return lookup_result(doc, &q, as_text, out);
}

bool json_array_element(query_context *ctx, const value *doc, int64_t index, bool as_text,
                        value *out)
{
    json_lookup q = {.ctx = ctx, .index = -1};
    if (doc->type == TYPE_JSONB && jsonb_root_scalar(ctx, doc, &q)) {
        /* A scalar jsonb is an array of one element to PostgreSQL's -> int. */
        q.found = index == 0 || index == -1;
        return lookup_result(doc, &q, as_text, out);
    }
    if (index < 0) {
        /* Count the elements first, then look for the one that many from the end. */
        if (!parse_or_fail(ctx, doc->as.text.data, doc->as.text.length, true, lookup_event, &q,
                           -1))
            return false;
        if (!q.root_is_array || -index > q.elements) {
            *out = value_null(as_text ? TYPE_TEXT : doc->type);
            return true;
        }
        index += q.elements;
    }
    json_lookup found = {.ctx = ctx, .index = index};
    if (!parse_or_fail(ctx, doc->as.text.data, doc->as.text.length, true, lookup_event, &found,
                       -1))
        return false;
    return lookup_result(doc, &found, as_text, out);
}

/* ---- json_typeof, casts to scalars ---- */

static const char *token_type_name(json_token t)
{
    switch (t) {
    case TOKEN_OBJECT_START:
        return "object";
    case TOKEN_ARRAY_START:
        return "array";
    case TOKEN_STRING:
        return "string";
    case TOKEN_NUMBER:
        return "number";
    case TOKEN_TRUE:
    case TOKEN_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

/* The first token of a valid document, which says what kind of value it is. */
static json_status first_token(query_context *ctx, const value *doc, json_lexer *l)
{
    lexer_init(l, ctx->arena, doc->as.text.data, doc->as.text.length, false);
    return lex(l);
}

bool json_typeof(query_context *ctx, const value *doc, value *out)
{
    json_lexer l;
    json_status status = first_token(ctx, doc, &l);
    if (status != JSON_OK)
        return json_fail(ctx, &l, status, -1);
    const char *name = token_type_name(l.token);
    *out = value_text(TYPE_TEXT, name, strlen(name));
    return true;
}

bool json_array_length(query_context *ctx, const value *doc, value *out)
{
    json_lexer l;
    json_status status = first_token(ctx, doc, &l);
    if (status != JSON_OK)
        return json_fail(ctx, &l, status, -1);
    if (l.token != TOKEN_ARRAY_START)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "cannot get array length of a %s",
                          l.token == TOKEN_OBJECT_START ? "non-array" : "scalar");
    json_lookup q = {.ctx = ctx, .index = -1};
    if (!parse_or_fail(ctx, doc->as.text.data, doc->as.text.length, false, lookup_event, &q, -1))
        return false;
    *out = value_int(TYPE_INT4, q.elements);
    return true;
}

bool jsonb_pretty(query_context *ctx, const value *doc, value *out)
{
    static const char indent[] = "    ";
    text_buffer pretty;
    buffer_init(&pretty, ctx->arena);
    buffer_append(&pretty, "", 0);
    json_lexer l;
    lexer_init(&l, ctx->arena, doc->as.text.data, doc->as.text.length, false);
    int level = 0;
    bool element_next = false; /* the next token starts an element on a line of its own */
    json_status status;
    while ((status = lex(&l)) == JSON_OK && l.token != TOKEN_END) {
        bool opens = l.token == TOKEN_OBJECT_START || l.token == TOKEN_ARRAY_START;
        bool closes = l.token == TOKEN_OBJECT_END || l.token == TOKEN_ARRAY_END;
        if (closes)
            level--;
        if ((element_next && !closes) || closes) {
            buffer_append(&pretty, "\n", 1);
            for (int i = 0; i < level; i++)
                buffer_append(&pretty, indent, 4);
        }
        element_next = opens || l.token == TOKEN_COMMA;
        if (opens)
            level++;
        if (l.token == TOKEN_COLON)
            buffer_append(&pretty, ": ", 2);
        else
            buffer_append(&pretty, l.token_start, (size_t)(l.token_end - l.token_start));
    }
    if (status != JSON_OK)
        return json_fail(ctx, &l, status, -1);
    if (pretty.failed)
        return query_fail_no_memory(ctx);
    *out = value_text(TYPE_TEXT, pretty.data, pretty.length);
    return true;
}

bool jsonb_cast_scalar(query_context *ctx, const value *doc, uint32_t type, value *out)
{
    json_lexer l;
    json_status status = first_token(ctx, doc, &l);
    if (status != JSON_OK)
        return json_fail(ctx, &l, status, -1);
    json_token kind = l.token;
    bool matches = type == TYPE_BOOL ? kind == TOKEN_TRUE || kind == TOKEN_FALSE
                                     : kind == TOKEN_NUMBER;
    if (!matches) {
        const char *name = kind == TOKEN_NUMBER ? "numeric" : token_type_name(kind);
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "cannot cast jsonb %s to type %s", name, type_display_name(type));
    }
    if (type == TYPE_BOOL) {
        *out = value_bool(kind == TOKEN_TRUE);
        return true;
    }
    value number;
    if (!value_from_text(ctx, TYPE_NUMERIC, l.token_start, (size_t)(l.token_end - l.token_start),
                         -1, &number))
        return false;
    return value_cast(ctx, &number, type, TYPMOD_NONE, CAST_EXPLICIT, -1, out);
}

/* ---- jsonb's order ---- */

/* PostgreSQL's iteration of a jsonb value, one item at a time, read straight from the
 * canonical text: a container start (with its element or pair count), a container end,
 * or a scalar (member names included). A top-level scalar comes as an array of one,
 * marked raw, as PostgreSQL stores it. */
typedef enum item_kind {
    ITEM_DONE,
    ITEM_END,
    ITEM_NULL,
    ITEM_STRING,
    ITEM_NUMBER,
    ITEM_BOOL,
    ITEM_ARRAY,
    ITEM_OBJECT,
} item_kind;

typedef struct jsonb_item {
    item_kind kind;
    const char *start, *end; /* scalars: the token */
    bool truth;              /* ITEM_BOOL */
    int64_t count;           /* containers: elements, or pairs */
    bool raw;                /* the array is a top-level scalar's wrapper */
} jsonb_item;

/* The element (or pair) counts of every container of a text, in document order, found
 * in one pass: counting each container on its own would cost its length for each, which
 * deep nesting makes quadratic. Small texts use the inline space. */
#define INLINE_CONTAINERS 16

typedef struct container_counts {
    int64_t *counts;  /* NULL: not available, count each container on its own */
    int64_t *parents; /* while counting: the enclosing container of each */
    int64_t inline_space[2 * INLINE_CONTAINERS];
    bool allocated;
} container_counts;

static void container_counts_free(container_counts *c)
{
    if (c->allocated)
        free(c->counts);
}

static void container_counts_build(container_counts *c, const char *text, size_t length)
{
    memset(c, 0, sizeof *c);
    json_lexer l;
    lexer_init(&l, NULL, text, length, false);
    int64_t containers = 0;
    while (lex(&l) == JSON_OK && l.token != TOKEN_END)
        containers += l.token == TOKEN_ARRAY_START || l.token == TOKEN_OBJECT_START;
    if (containers <= INLINE_CONTAINERS) {
        c->counts = c->inline_space;
    } else {
        c->counts = malloc(2 * (size_t)containers * sizeof *c->counts);
        if (c->counts == NULL)
            return;
        c->allocated = true;
    }
    c->parents = c->counts + (c->allocated ? containers : INLINE_CONTAINERS);
    lexer_init(&l, NULL, text, length, false);
    int64_t next = 0, open = -1;
    bool fresh = false; /* a container was just opened: is it empty? */
    while (lex(&l) == JSON_OK && l.token != TOKEN_END) {
        bool closes = l.token == TOKEN_ARRAY_END || l.token == TOKEN_OBJECT_END;
        if (fresh && !closes)
            c->counts[open] = 1;
        fresh = false;
        if (l.token == TOKEN_ARRAY_START || l.token == TOKEN_OBJECT_START) {
            if (next == containers)
                break;
            c->counts[next] = 0;
            c->parents[next] = open;
            open = next++;
            fresh = true;
        } else if (closes && open >= 0) {
            open = c->parents[open];
        } else if (l.token == TOKEN_COMMA && open >= 0) {
            c->counts[open]++;
        }
    }
}

typedef struct jsonb_reader {
    json_lexer lexer;
    int raw_step; /* for a top-level scalar: 0 wrapper, 1 the scalar, 2 end, 3 done */
    bool started;
    container_counts counts;
    int64_t next_container; /* document-order index of the next container start */
} jsonb_reader;

static void reader_init(jsonb_reader *r, const char *text, size_t length)
{
    memset(r, 0, sizeof *r);
    /* Not decoding: reading needs no statement memory. */
    lexer_init(&r->lexer, NULL, text, length, false);
    r->raw_step = -1;
    container_counts_build(&r->counts, text, length);
}

static void reader_free(jsonb_reader *r)
{
    container_counts_free(&r->counts);
}

/* Elements (or pairs) of the container whose opening bracket was just read, by reading
 * up to its end: only when the counts could not be had in one pass. */
static int64_t count_members(const json_lexer *at)
{
    json_lexer l = *at;
    int64_t count = 0, depth = 0;
    if (lex(&l) != JSON_OK || l.token == TOKEN_ARRAY_END || l.token == TOKEN_OBJECT_END)
        return 0;
    count = 1;
    for (;;) {
        if (l.token == TOKEN_ARRAY_START || l.token == TOKEN_OBJECT_START)
            depth++;
        else if (l.token == TOKEN_ARRAY_END || l.token == TOKEN_OBJECT_END) {
            if (depth-- == 0)
                return count;
        } else if (l.token == TOKEN_COMMA && depth == 0)
            count++;
        else if (l.token == TOKEN_END)
            return count;
        if (lex(&l) != JSON_OK)
            return count;
    }
}

static void scalar_item(const json_lexer *l, jsonb_item *item)
{
    item->start = l->token_start;
    item->end = l->token_end;
    switch (l->token) {
    case TOKEN_STRING:
        item->kind = ITEM_STRING;
        break;
    case TOKEN_NUMBER:
        item->kind = ITEM_NUMBER;
        break;
    case TOKEN_TRUE:
    case TOKEN_FALSE:
        item->kind = ITEM_BOOL;
        item->truth = l->token == TOKEN_TRUE;
        break;
    default:
        item->kind = ITEM_NULL;
        break;
    }
}

static void reader_next(jsonb_reader *r, jsonb_item *item)
{
    memset(item, 0, sizeof *item);
    json_lexer *l = &r->lexer;
    if (r->raw_step >= 0) {
        switch (r->raw_step++) {
        case 0:
            item->kind = ITEM_ARRAY;
            item->count = 1;
            item->raw = true;
            return;
        case 1:
            scalar_item(l, item);
            return;
        case 2:
            item->kind = ITEM_END;
            return;
        default:
            item->kind = ITEM_DONE;
            return;
        }
    }
    do {
        if (lex(l) != JSON_OK || l->token == TOKEN_END) {
            item->kind = ITEM_DONE;
            return;
        }
    } while (l->token == TOKEN_COMMA || l->token == TOKEN_COLON);
    if (!r->started) {
        r->started = true;
        if (is_scalar_token(l->token)) {
            r->raw_step = 1;
            item->kind = ITEM_ARRAY;
            item->count = 1;
            item->raw = true;
            return;
        }
    }
    switch (l->token) {
    case TOKEN_ARRAY_START:
    case TOKEN_OBJECT_START:
        item->kind = l->token == TOKEN_ARRAY_START ? ITEM_ARRAY : ITEM_OBJECT;
        item->count = r->counts.counts != NULL ? r->counts.counts[r->next_container]
                                               : count_members(l);
        r->next_container++;
        return;
    case TOKEN_ARRAY_END:
    case TOKEN_OBJECT_END:
        item->kind = ITEM_END;
        return;
    default:
        scalar_item(l, item);
        return;
    }
}

/* Reads a string token's value byte by byte, undoing its escapes. */
typedef struct string_cursor {
    const char *p, *end; /* inside the quotes */
    char pending[4];
    size_t pending_length, pending_at;
} string_cursor;

static void string_cursor_init(string_cursor *c, const char *start, const char *end)
{
    memset(c, 0, sizeof *c);
    c->p = start + 1;
    c->end = end - 1;
}

static int string_next_byte(string_cursor *c)
{
    if (c->pending_at < c->pending_length)
        return (unsigned char)c->pending[c->pending_at++];
    if (c->p >= c->end)
        return -1;
    if (*c->p != '\\')
        return (unsigned char)*c->p++;
    c->p++;
    char e = c->p < c->end ? *c->p++ : '\\';
    switch (e) {
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    case 'u': {
        unsigned code = 0;
        for (int i = 0; i < 4 && c->p < c->end; i++)
            code = code * 16 + (unsigned)(hex_value(*c->p++) & 0xF);
        if (is_high_surrogate((int)code) && c->end - c->p >= 6 && c->p[0] == '\\' &&
            c->p[1] == 'u') {
            unsigned low = 0;
            for (int i = 2; i < 6; i++)
                low = low * 16 + (unsigned)(hex_value(c->p[i]) & 0xF);
            if (is_low_surrogate((int)low)) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                c->p += 6;
            }
        }
        c->pending_length = utf8_encode(code, c->pending);
        c->pending_at = 1;
        return (unsigned char)c->pending[0];
    }
    default:
        return (unsigned char)e;
    }
}

/* Strings compare as text in the C collation: bytewise, a prefix first. */
static int compare_strings(const jsonb_item *a, const jsonb_item *b)
{
    string_cursor x, y;
    string_cursor_init(&x, a->start, a->end);
    string_cursor_init(&y, b->start, b->end);
    for (;;) {
        int p = string_next_byte(&x), q = string_next_byte(&y);
        if (p != q)
            return p < q ? -1 : 1;
        if (p < 0)
            return 0;
    }
}

/* Numbers as numeric prints them: -?digits(.digits)?, no exponent, no leading zeros. */
static int compare_numbers(const jsonb_item *a, const jsonb_item *b)
{
    const char *x = a->start, *y = b->start;
    size_t x_length = (size_t)(a->end - a->start), y_length = (size_t)(b->end - b->start);
    bool x_negative = x_length > 0 && x[0] == '-', y_negative = y_length > 0 && y[0] == '-';
    if (x_negative != y_negative)
        return x_negative ? -1 : 1;
    x += x_negative;
    y += y_negative;
    x_length -= x_negative;
    y_length -= y_negative;
    const char *x_point = memchr(x, '.', x_length), *y_point = memchr(y, '.', y_length);
    size_t x_integer = x_point != NULL ? (size_t)(x_point - x) : x_length;
    size_t y_integer = y_point != NULL ? (size_t)(y_point - y) : y_length;
    int c = 0;
    if (x_integer != y_integer)
        c = x_integer < y_integer ? -1 : 1;
    else
        c = memcmp(x, y, x_integer);
    /* Equal integer parts: the fractions, digit by digit, a missing digit being zero. */
    for (size_t i = 1; c == 0 && (x_integer + i < x_length || y_integer + i < y_length); i++) {
        char p = x_integer + i < x_length ? x[x_integer + i] : '0';
        char q = y_integer + i < y_length ? y[y_integer + i] : '0';
        c = p - q;
    }
    c = c < 0 ? -1 : c > 0;
    return x_negative ? -c : c;
}

/* PostgreSQL's compareJsonbContainers: the two values' items side by side, the first
 * difference deciding; items of different kinds order by kind. */
int jsonb_compare(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length == b_length && memcmp(a, b, a_length) == 0)
        return 0;
    jsonb_reader x, y;
    reader_init(&x, a, a_length);
    reader_init(&y, b, b_length);
    int c = 0;
    for (;;) {
        jsonb_item p, q;
        reader_next(&x, &p);
        reader_next(&y, &q);
        if (p.kind != q.kind) {
            c = p.kind > q.kind ? 1 : -1;
            break;
        }
        switch (p.kind) {
        case ITEM_DONE:
            break;
        case ITEM_END:
        case ITEM_NULL:
            break;
        case ITEM_STRING:
            c = compare_strings(&p, &q);
            break;
        case ITEM_NUMBER:
            c = compare_numbers(&p, &q);
            break;
        case ITEM_BOOL:
            c = (int)p.truth - (int)q.truth;
            break;
        case ITEM_ARRAY:
            if (p.raw != q.raw)
                c = p.raw ? -1 : 1;
            if (p.count != q.count)
                c = p.count > q.count ? 1 : -1;
            break;
        case ITEM_OBJECT:
            if (p.count != q.count)
                c = p.count > q.count ? 1 : -1;
            break;
        }
        if (c != 0 || p.kind == ITEM_DONE)
            break;
    }
    reader_free(&x);
    reader_free(&y);
    return c;
}

/* Item tags in the key: the order of kinds. */
enum {
    KEY_JSONB_NULL = 0x10,
    KEY_JSONB_STRING = 0x20,
    KEY_JSONB_NUMBER = 0x30,
    KEY_JSONB_BOOL = 0x40,
    KEY_JSONB_ARRAY = 0x50,
    KEY_JSONB_OBJECT = 0x60,
};

/* A string item's value: no longer than a key can be, else the key overflows. */
static void key_append_string(key_buffer *k, const jsonb_item *item)
{
    char decoded[KEY_MAX_LENGTH];
    size_t length = 0;
    string_cursor c;
    string_cursor_init(&c, item->start, item->end);
    for (int byte; (byte = string_next_byte(&c)) >= 0;) {
        if (length == sizeof decoded) {
            k->overflow = true;
            return;
        }
        decoded[length++] = (char)byte;
    }
    key_append_byte(k, KEY_JSONB_STRING);
    key_append_bytes(k, decoded, length);
}

/* A number item as base-10000 digits, read from numeric's text (-?digits(.digits)?): the
 * point falls between groups of four, padded with zeros on either side. */
static void key_append_number(key_buffer *k, const jsonb_item *item)
{
    int16_t digits[KEY_MAX_LENGTH / 2];
    const char *p = item->start, *end = item->end;
    bool negative = p < end && *p == '-';
    p += negative;
    const char *point = memchr(p, '.', (size_t)(end - p));
    const char *integer_end = point != NULL ? point : end;
    const char *fraction = point != NULL ? point + 1 : end;
    size_t integer_length = (size_t)(integer_end - p), fraction_length = (size_t)(end - fraction);
    size_t integer_groups = (integer_length + 3) / 4, fraction_groups = (fraction_length + 3) / 4;
    if (integer_groups + fraction_groups > sizeof digits / sizeof digits[0]) {
        k->overflow = true;
        return;
    }
    int ndigits = 0;
    /* Digit i of the integer part (from the left of its padded form). */
    size_t pad = integer_groups * 4 - integer_length;
    for (size_t g = 0; g < integer_groups; g++) {
        int group = 0;
        for (size_t i = g * 4; i < g * 4 + 4; i++)
            group = group * 10 + (i < pad ? 0 : p[i - pad] - '0');
        digits[ndigits++] = (int16_t)group;
    }
    for (size_t g = 0; g < fraction_groups; g++) {
        int group = 0;
        for (size_t i = g * 4; i < g * 4 + 4; i++)
            group = group * 10 + (i < fraction_length ? fraction[i] - '0' : 0);
        digits[ndigits++] = (int16_t)group;
    }
    key_append_byte(k, KEY_JSONB_NUMBER);
    /* Leading and trailing zero groups are the encoder's to drop. */
    key_append_decimal(k, KEY_DECIMAL_FINITE, negative, (int)integer_groups - 1, digits, ndigits);
}

/* Each item becomes a tag and its value; containers carry their count up front (and an
 * array whether it is a raw scalar's), so no end marker is needed and the bytes are
 * prefix-free. Nothing is allocated but the container counts of a large value. */
void jsonb_key_append(key_buffer *k, const char *text, size_t length)
{
    jsonb_reader r;
    reader_init(&r, text, length);
    /* An over-long key stops here; the caller reports it. */
    for (bool done = false; !done && !k->overflow;) {
        jsonb_item item;
        reader_next(&r, &item);
        switch (item.kind) {
        case ITEM_DONE:
            done = true;
            break;
        case ITEM_END:
            break;
        case ITEM_NULL:
            key_append_byte(k, KEY_JSONB_NULL);
            break;
        case ITEM_BOOL:
            key_append_byte(k, KEY_JSONB_BOOL);
            key_append_bool(k, item.truth);
            break;
        case ITEM_ARRAY:
            key_append_byte(k, KEY_JSONB_ARRAY);
            key_append_uint64(k, (uint64_t)item.count);
            key_append_byte(k, item.raw ? 0 : 1);
            break;
        case ITEM_OBJECT:
            key_append_byte(k, KEY_JSONB_OBJECT);
            key_append_uint64(k, (uint64_t)item.count);
            break;
        case ITEM_STRING:
            key_append_string(k, &item);
            break;
        case ITEM_NUMBER:
            key_append_number(k, &item);
            break;
        }
    }
    reader_free(&r);
}
