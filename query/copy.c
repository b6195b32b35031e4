#include "query/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query/encoding.h"
#include "query/expr.h"
#include "query/modify.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"
#include "query/select.h"
#include "query/system_tables.h"
#include "query/table_data.h"

/* PostgreSQL's numbers: a value shown in a CONTEXT line is cut after 100 bytes; COPY FROM
 * checks keys and writes rows in batches of 1000 rows or 64 kB of input lines, so a
 * duplicate key is reported when its batch is written, after later lines were read. */
#define COPY_DISPLAY_MAX 100
#define COPY_BATCH_ROWS 1000
#define COPY_BATCH_BYTES 65535
/* A line longer than this is refused, as PostgreSQL's 1 GB string buffers refuse it. */
#define COPY_LINE_MAX ((size_t)1 << 30)
/* The memory of one row (COPY TO) or one batch of rows (COPY FROM), released after it. */
#define COPY_ROWS_ARENA_BLOCK 65536

#define SQLSTATE_BAD_COPY_FILE_FORMAT "22P04"

/* ---- options ---- */

typedef enum copy_header {
    COPY_HEADER_NONE,
    COPY_HEADER_SKIP,  /* HEADER: the first line is column names, skipped (or written) */
    COPY_HEADER_MATCH, /* HEADER MATCH: the names must be the columns COPY reads */
} copy_header;

typedef struct copy_options {
    bool csv;
    copy_header header;
    char delimiter;
    char quote;  /* CSV only */
    char escape; /* CSV only */
    const char *null_text;
    size_t null_length;
    bool force_quote_all;
    const cJSON *force_quote; /* lists of column names (String nodes), or NULL */
    const cJSON *force_not_null;
    const cJSON *force_null;
} copy_options;

static bool conflicting_option(query_context *ctx, int location)
{
    return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "conflicting or redundant options");
}

/* An option's argument as text, as PostgreSQL's defGetString spells it. */
static const char *option_text(query_context *ctx, const cJSON *option, const char *name)
{
    const cJSON *arg = node_get(option, "arg");
    const char *kind = arg != NULL ? node_kind(arg) : "";
    const cJSON *fields = node_fields(arg);
    const char *text = NULL;
    if (strcmp(kind, "String") == 0) {
        text = node_get_string(fields, "sval");
        return text != NULL ? text : "";
    }
    if (strcmp(kind, "Integer") == 0)
        text = arena_printf(ctx->arena, "%d", node_get_int(fields, "ival", 0));
    else if (strcmp(kind, "Float") == 0)
        return node_get_string(fields, "fval") != NULL ? node_get_string(fields, "fval") : "0";
    else if (strcmp(kind, "Boolean") == 0)
        return node_get_bool(fields, "boolval") ? "true" : "false";
    else if (strcmp(kind, "A_Star") == 0)
        return "*";
    else if (strcmp(kind, "List") == 0) {
        text = "";
        const cJSON *item;
        cJSON_ArrayForEach(item, node_get(fields, "items"))
        {
            const char *part = node_string_value(item);
            text = arena_printf(ctx->arena, "%s%s%s", text, text[0] != '\0' ? "." : "",
                                part != NULL ? part : "");
            if (text == NULL)
                break;
        }
    } else {
        query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "%s requires a parameter", name);
        return NULL;
    }
    if (text == NULL)
        query_fail_no_memory(ctx);
    return text;
}

/* true/false/on/off (any case), 0 or 1; *is_boolean false for anything else. */
static bool option_boolean_value(query_context *ctx, const cJSON *option, const char *name,
                                 bool *out, bool *is_boolean, const char **text)
{
    const cJSON *arg = node_get(option, "arg");
    *is_boolean = true;
    *text = NULL;
    if (arg == NULL) {
        *out = true;
        return true;
    }
    if (strcmp(node_kind(arg), "Integer") == 0) {
        int v = node_get_int(node_fields(arg), "ival", 0);
        *is_boolean = v == 0 || v == 1;
        *out = v == 1;
        return true;
    }
    if ((*text = option_text(ctx, option, name)) == NULL)
        return false;
    if (strcasecmp(*text, "true") == 0 || strcasecmp(*text, "on") == 0)
        *out = true;
    else if (strcasecmp(*text, "false") == 0 || strcasecmp(*text, "off") == 0)
        *out = false;
    else
        *is_boolean = false;
    return true;
}

static bool parse_options(query_context *ctx, const cJSON *list, bool is_from, copy_options *o)
{
    memset(o, 0, sizeof *o);
    const char *delimiter = NULL, *null_text = NULL, *quote = NULL, *escape = NULL;
    const char *encoding = NULL;
    bool format_seen = false, freeze_seen = false, header_seen = false, binary = false;
    int binary_location = -1, encoding_location = -1;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        const cJSON *option = node_fields(item);
        const char *name = node_get_string(option, "defname");
        int location = node_get_int(option, "location", -1);
        const cJSON *arg = node_get(option, "arg");
        const char *arg_kind = arg != NULL ? node_kind(arg) : "";
        if (name == NULL)
            name = "";
        if (strcmp(name, "format") == 0) {
            const char *format = option_text(ctx, option, name);
            if (format == NULL)
                return false;
            if (format_seen)
                return conflicting_option(ctx, location);
            format_seen = true;
            if (strcmp(format, "csv") == 0) {
                o->csv = true;
            } else if (strcmp(format, "binary") == 0) {
                binary = true;
                binary_location = location;
            } else if (strcmp(format, "text") != 0) {
                return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                                  "COPY format \"%s\" not recognized", format);
            }
        } else if (strcmp(name, "freeze") == 0) {
            /* Accepted and without effect: there are no tuple visibility bits to set. */
            if (freeze_seen)
                return conflicting_option(ctx, location);
            freeze_seen = true;
            bool freeze, is_boolean;
            const char *text;
            if (!option_boolean_value(ctx, option, name, &freeze, &is_boolean, &text))
                return false;
            if (!is_boolean)
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "%s requires a Boolean value",
                                  name);
        } else if (strcmp(name, "delimiter") == 0) {
            if (delimiter != NULL)
                return conflicting_option(ctx, location);
            if ((delimiter = option_text(ctx, option, name)) == NULL)
                return false;
        } else if (strcmp(name, "null") == 0) {
            if (null_text != NULL)
                return conflicting_option(ctx, location);
            if ((null_text = option_text(ctx, option, name)) == NULL)
                return false;
        } else if (strcmp(name, "header") == 0) {
            if (header_seen)
                return conflicting_option(ctx, location);
            header_seen = true;
            bool header, is_boolean;
            const char *text;
            if (!option_boolean_value(ctx, option, name, &header, &is_boolean, &text))
                return false;
            if (is_boolean) {
                o->header = header ? COPY_HEADER_SKIP : COPY_HEADER_NONE;
            } else if (text != NULL && strcasecmp(text, "match") == 0) {
                if (!is_from)
                    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                                      "cannot use \"%s\" with HEADER in COPY TO", text);
                o->header = COPY_HEADER_MATCH;
            } else {
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                                  "%s requires a Boolean value or \"match\"", name);
            }
        } else if (strcmp(name, "quote") == 0) {
            if (quote != NULL)
                return conflicting_option(ctx, location);
            if ((quote = option_text(ctx, option, name)) == NULL)
                return false;
        } else if (strcmp(name, "escape") == 0) {
            if (escape != NULL)
                return conflicting_option(ctx, location);
            if ((escape = option_text(ctx, option, name)) == NULL)
                return false;
        } else if (strcmp(name, "force_quote") == 0) {
            if (o->force_quote != NULL || o->force_quote_all)
                return conflicting_option(ctx, location);
            if (strcmp(arg_kind, "A_Star") == 0)
                o->force_quote_all = true;
            else if (strcmp(arg_kind, "List") == 0)
                o->force_quote = node_get(node_fields(arg), "items");
            else
                return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                                  "argument to option \"%s\" must be a list of column names",
                                  name);
        } else if (strcmp(name, "force_not_null") == 0 || strcmp(name, "force_null") == 0) {
            const cJSON **target = strcmp(name, "force_null") == 0 ? &o->force_null
                                                                   : &o->force_not_null;
            if (*target != NULL)
                return conflicting_option(ctx, location);
            if (strcmp(arg_kind, "List") != 0)
                return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                                  "argument to option \"%s\" must be a list of column names",
                                  name);
            *target = node_get(node_fields(arg), "items");
        } else if (strcmp(name, "encoding") == 0) {
            if (encoding != NULL)
                return conflicting_option(ctx, location);
            if ((encoding = option_text(ctx, option, name)) == NULL)
                return false;
            encoding_location = location;
            if (encoding_from_name(encoding) == ENCODING_UNKNOWN)
                return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                                  "argument to option \"%s\" must be a valid encoding name",
                                  name);
        } else {
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "option \"%s\" not recognized",
                              name);
        }
    }

    if (binary && delimiter != NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "cannot specify DELIMITER in BINARY mode");
    if (binary && null_text != NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "cannot specify NULL in BINARY mode");
    if (delimiter == NULL)
        delimiter = o->csv ? "," : "\t";
    if (null_text == NULL)
        null_text = o->csv ? "" : "\\N";
    if (o->csv && quote == NULL)
        quote = "\"";
    if (o->csv && escape == NULL)
        escape = quote;

    if (strlen(delimiter) != 1)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY delimiter must be a single one-byte character");
    if (delimiter[0] == '\r' || delimiter[0] == '\n')
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "COPY delimiter cannot be newline or carriage return");
    if (strchr(null_text, '\r') != NULL || strchr(null_text, '\n') != NULL)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "COPY null representation cannot use newline or carriage return");
    /* In text format these would read as escapes or be ambiguous with them. */
    if (!o->csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", delimiter[0]) != NULL)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "COPY delimiter cannot be \"%s\"", delimiter);
    if (binary && o->header != COPY_HEADER_NONE)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "cannot specify HEADER in BINARY mode");
    if (!o->csv && quote != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY quote available only in CSV mode");
    if (o->csv && strlen(quote) != 1)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY quote must be a single one-byte character");
    if (o->csv && delimiter[0] == quote[0])
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "COPY delimiter and quote must be different");
    if (!o->csv && escape != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY escape available only in CSV mode");
    if (o->csv && strlen(escape) != 1)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY escape must be a single one-byte character");
    bool force_quote = o->force_quote != NULL || o->force_quote_all;
    if (!o->csv && force_quote)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force quote available only in CSV mode");
    if (force_quote && is_from)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force quote only available using COPY TO");
    if (!o->csv && o->force_not_null != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force not null available only in CSV mode");
    if (o->force_not_null != NULL && !is_from)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force not null only available using COPY FROM");
    if (!o->csv && o->force_null != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force null available only in CSV mode");
    if (o->force_null != NULL && !is_from)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY force null only available using COPY FROM");
    if (strchr(null_text, delimiter[0]) != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "COPY delimiter must not appear in the NULL specification");
    if (o->csv && strchr(null_text, quote[0]) != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                          "CSV quote character must not appear in the NULL specification");

    /* Valid for PostgreSQL, but beyond what QuillDB does. */
    if (binary)
        return query_fail_unsupported(ctx, binary_location, "COPY in BINARY format");
    if (encoding != NULL && encoding_from_name(encoding) != ENCODING_UTF8)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, encoding_location,
                          "feature not supported: COPY with ENCODING \"%s\" (only UTF8)",
                          encoding);
    o->delimiter = delimiter[0];
    o->quote = o->csv ? quote[0] : '\0';
    o->escape = o->csv ? escape[0] : '\0';
    o->null_text = null_text;
    o->null_length = strlen(null_text);
    return true;
}

/* ---- columns ---- */

static int find_column(const catalog_table *t, const char *name)
{
    for (int i = 0; i < t->column_count; i++) {
        if (!t->columns[i].dropped && strcmp(t->columns[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* The table columns a list of names means, as PostgreSQL's CopyGetAttnums checks them.
 * System columns may be read (COPY TO), never written. */
static bool named_columns(query_context *ctx, const catalog_table *t, const cJSON *names,
                          bool writing, int **positions, int *count)
{
    *count = 0;
    *positions = arena_alloc(ctx->arena, (size_t)(cJSON_GetArraySize(names) + 1) * sizeof **positions);
    if (*positions == NULL)
        return query_fail_no_memory(ctx);
    const cJSON *item;
    cJSON_ArrayForEach(item, names)
    {
        const char *name = node_string_value(item);
        int c = name != NULL ? find_column(t, name) : -1;
        if (c < 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1,
                              "column \"%s\" of relation \"%s\" does not exist",
                              name != NULL ? name : "", t->name);
        if (writing && t->columns[c].system)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "cannot assign to system column \"%s\"", name);
        for (int i = 0; i < *count; i++) {
            if ((*positions)[i] == c)
                return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                                  "column \"%s\" specified more than once", name);
        }
        (*positions)[(*count)++] = c;
    }
    return true;
}

/* The columns COPY reads or writes: those named, else every column but system ones. */
static bool copy_columns(query_context *ctx, const catalog_table *t, const cJSON *names,
                         bool writing, int **positions, int *count)
{
    if (names != NULL)
        return named_columns(ctx, t, names, writing, positions, count);
    *count = 0;
    *positions = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof **positions);
    if (*positions == NULL)
        return query_fail_no_memory(ctx);
    for (int c = 0; c < t->column_count; c++) {
        if (!t->columns[c].dropped && !t->columns[c].system)
            (*positions)[(*count)++] = c;
    }
    return true;
}

/* FORCE_QUOTE / FORCE_NOT_NULL / FORCE_NULL (option, as PostgreSQL spells it in errors):
 * per table column, whether the list names it; every name must be one COPY uses. */
static bool force_flags(query_context *ctx, const catalog_table *t, const cJSON *names,
                        const char *option, const int *positions, int count, bool **flags)
{
    *flags = arena_zalloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof **flags);
    if (*flags == NULL)
        return query_fail_no_memory(ctx);
    if (names == NULL)
        return true;
    int *forced, forced_count;
    if (!named_columns(ctx, t, names, false, &forced, &forced_count))
        return false;
    for (int i = 0; i < forced_count; i++) {
        bool used = false;
        for (int k = 0; k < count; k++)
            used = used || positions[k] == forced[i];
        if (!used)
            return query_fail(ctx, "42P10", -1, "%s column \"%s\" not referenced by COPY", option,
                              t->columns[forced[i]].name);
        (*flags)[forced[i]] = true;
    }
    return true;
}

/* ---- errors ---- */

/* Text as a CONTEXT line shows it: at most 100 bytes, cut on a character boundary, "..."
 * when cut. */
static const char *display_text(query_context *ctx, const char *text, size_t length)
{
    if (length <= COPY_DISPLAY_MAX)
        return arena_strndup(ctx->arena, text, length);
    size_t cut = COPY_DISPLAY_MAX;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    return arena_printf(ctx->arena, "%.*s...", (int)cut, text);
}

/* Copies the texts of the error just recorded into the arena ctx has now: they were made
 * in memory about to be released. */
static void keep_error(query_context *ctx)
{
    sql_error *e = &ctx->error;
    const char **texts[] = {&e->message,    &e->detail,     &e->hint,
                            &e->context,    &e->schema_name, &e->table_name,
                            &e->column_name, &e->constraint_name};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (*texts[i] != NULL)
            *texts[i] = arena_strdup(ctx->arena, *texts[i]);
    }
    if (e->message == NULL)
        query_fail_no_memory(ctx);
}

/* Appends a COPY context line to the error just recorded (after any it has, as
 * PostgreSQL stacks them). Returns false. */
static bool add_context(query_context *ctx, const char *line)
{
    if (line == NULL)
        return false;
    if (ctx->error.context != NULL)
        line = arena_printf(ctx->arena, "%s\n%s", ctx->error.context, line);
    return query_fail_context(ctx, line);
}

/* ---- COPY FROM: reading lines and fields ---- */

typedef enum line_ending {
    LINE_ENDING_UNKNOWN,
    LINE_ENDING_NL,
    LINE_ENDING_CR,
    LINE_ENDING_CRNL,
} line_ending;

typedef struct copy_field {
    const char *data; /* de-escaped; NULL: the NULL marker */
    size_t length;
} copy_field;

/* The client's data as a stream of lines. Pieces arrive in any size; a line is complete
 * only once its end (or the end of the data) has arrived, and the line reader resumes
 * where it stopped, so a long line sent in tiny pieces is still read once. */
typedef struct copy_reader {
    query_context *ctx;
    const copy_options *o;
    uint8_t *buffer; /* malloc'd; [start, length) is not consumed yet */
    size_t length;
    size_t capacity;
    size_t start;    /* where the line being read begins */
    size_t scanned;  /* how far the line reader got; the state below is as of there */
    size_t verified; /* bytes before this are valid UTF-8 */
    bool invalid;    /* the bytes at `verified` are not UTF-8, whatever follows */
    bool client_done;
    bool end_marker; /* \. ended the data */
    bool in_quote;   /* CSV */
    bool last_was_escape;
    line_ending ending; /* taken from the first line; every line must end alike */
    int64_t line_number;
    /* The line just read: [line_start, line_start + line_length) of buffer, valid until
     * the next line is read. */
    size_t line_start;
    size_t line_length;
    char *field_bytes; /* malloc'd, de-escaped fields */
    size_t field_capacity;
    copy_field *fields; /* malloc'd */
    int field_count;
    int field_capacity_count;
    int expected_fields; /* how many columns COPY reads */
} copy_reader;

typedef enum scan_status {
    SCAN_LINE,   /* a line was read */
    SCAN_END,    /* no more lines */
    SCAN_WAIT,   /* more data is needed */
    SCAN_FAILED, /* error recorded */
} scan_status;

typedef enum byte_status {
    BYTE_READY,
    BYTE_WAIT,    /* not here yet */
    BYTE_END,     /* the data ended before it */
    BYTE_INVALID, /* not UTF-8 */
} byte_status;

static void reader_free(copy_reader *r)
{
    free(r->buffer);
    free(r->field_bytes);
    free(r->fields);
}

static void verify_more(copy_reader *r)
{
    if (r->invalid)
        return;
    r->verified += utf8_valid_prefix(r->buffer + r->verified, r->length - r->verified);
    size_t unverified = r->length - r->verified;
    /* A cut-off character may still be completed by the next piece. */
    if (unverified > 0 && (unverified >= UTF8_MAX_CHARACTER || r->client_done))
        r->invalid = true;
}

/* Waits for the client's next piece of data and appends it. */
static bool reader_fill(copy_reader *r)
{
    query_context *ctx = r->ctx;
    const uint8_t *data;
    size_t length;
    bool end;
    if (!ctx->copy->read(ctx->copy_arg, ctx, &data, &length, &end))
        return false;
    if (end) {
        r->client_done = true;
        verify_more(r);
        return true;
    }
    if (length == 0)
        return true;
    if (r->start > 0) {
        memmove(r->buffer, r->buffer + r->start, r->length - r->start);
        r->length -= r->start;
        r->scanned -= r->start;
        r->verified -= r->start;
        r->start = 0;
    }
    if (r->length + length > COPY_LINE_MAX) {
        query_fail(ctx, "54000", -1, "out of memory");
        return query_fail_detail(ctx, arena_printf(ctx->arena,
                                                   "Cannot enlarge string buffer containing %zu "
                                                   "bytes by %zu more bytes.",
                                                   r->length, length));
    }
    if (r->length + length > r->capacity) {
        size_t capacity = r->capacity > 0 ? r->capacity : 65536;
        while (capacity < r->length + length)
            capacity *= 2;
        uint8_t *grown = realloc(r->buffer, capacity);
        if (grown == NULL)
            return query_fail_no_memory(ctx);
        r->buffer = grown;
        r->capacity = capacity;
    }
    memcpy(r->buffer + r->length, data, length);
    r->length += length;
    verify_more(r);
    return true;
}

/* After \. the rest of the data is read and ignored, up to the client's CopyDone. */
static bool reader_drain(copy_reader *r)
{
    query_context *ctx = r->ctx;
    while (!r->client_done) {
        const uint8_t *data;
        size_t length;
        if (!ctx->copy->read(ctx->copy_arg, ctx, &data, &length, &r->client_done))
            return false;
    }
    r->length = r->start;
    return true;
}

static byte_status byte_at(const copy_reader *r, size_t position)
{
    if (position < r->verified)
        return BYTE_READY;
    if (r->invalid)
        return BYTE_INVALID;
    return r->client_done ? BYTE_END : BYTE_WAIT;
}

static scan_status invalid_input(copy_reader *r)
{
    utf8_fail(r->ctx, r->buffer + r->verified, r->length - r->verified);
    return SCAN_FAILED;
}

static scan_status line_found(copy_reader *r, size_t end, size_t next)
{
    r->line_start = r->start;
    r->line_length = end - r->start;
    r->start = next;
    r->scanned = next;
    r->in_quote = false;
    r->last_was_escape = false;
    return SCAN_LINE;
}

static scan_status bad_line_end(copy_reader *r, bool carriage_return)
{
    query_context *ctx = r->ctx;
    if (carriage_return) {
        query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1, "%s carriage return found in data",
                   r->o->csv ? "unquoted" : "literal");
        query_fail_hint(ctx, r->o->csv ? "Use quoted CSV field to represent carriage return."
                                       : "Use \"\\r\" to represent carriage return.");
    } else {
        query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1, "%s newline found in data",
                   r->o->csv ? "unquoted" : "literal");
        query_fail_hint(ctx, r->o->csv ? "Use quoted CSV field to represent newline."
                                       : "Use \"\\n\" to represent newline.");
    }
    return SCAN_FAILED;
}

static scan_status bad_marker(copy_reader *r, const char *message)
{
    query_fail(r->ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1, "%s", message);
    return SCAN_FAILED;
}

/* Reads up to the end of the next line, as PostgreSQL's CopyReadLineText does: a line
 * ends at an unquoted \n, \r or \r\n (the first line decides which); in text format a
 * backslash escapes the next byte and \. ends the data; in CSV, \. ends it only alone on
 * a line. On SCAN_WAIT nothing of a half-read character is kept, so it is read again
 * whole once more data is there. */
static scan_status scan_line(copy_reader *r)
{
    const copy_options *o = r->o;
    /* An escape that is the quote character too is just the quote: it toggles. */
    uint8_t escape = o->escape != o->quote ? (uint8_t)o->escape : 0;
    if (r->end_marker)
        return SCAN_END;
    size_t p = r->scanned;
    for (;;) {
        const uint8_t *b = r->buffer;
        size_t at = p;
        bool in_quote = r->in_quote, last_was_escape = r->last_was_escape;
        int64_t line_number = r->line_number;
        byte_status s = byte_at(r, p);
        if (s == BYTE_WAIT)
            goto wait;
        if (s == BYTE_INVALID)
            return invalid_input(r);
        if (s == BYTE_END)
            return p > r->start ? line_found(r, p, p) : SCAN_END;
        uint8_t c = b[p++];
        if (o->csv) {
            /* These look ahead below; have the next byte before changing any state. */
            if (c == '\\' || c == '\r') {
                s = byte_at(r, p);
                if (s == BYTE_WAIT)
                    goto wait;
                if (s == BYTE_INVALID)
                    return invalid_input(r);
            }
            if (r->in_quote && c == escape)
                r->last_was_escape = !r->last_was_escape;
            if (c == (uint8_t)o->quote && !r->last_was_escape)
                r->in_quote = !r->in_quote;
            if (c != escape)
                r->last_was_escape = false;
            /* PostgreSQL counts line breaks inside quotes as lines too. */
            if (r->in_quote && c == (r->ending == LINE_ENDING_NL ? '\n' : '\r'))
                r->line_number++;
        }
        if (c == '\r' && (!o->csv || !r->in_quote)) {
            if (r->ending == LINE_ENDING_UNKNOWN || r->ending == LINE_ENDING_CRNL) {
                s = byte_at(r, p);
                if (s == BYTE_WAIT)
                    goto wait;
                if (s == BYTE_INVALID)
                    return invalid_input(r);
                if (s == BYTE_READY && b[p] == '\n') {
                    p++;
                    r->ending = LINE_ENDING_CRNL;
                } else if (r->ending == LINE_ENDING_CRNL) {
                    return bad_line_end(r, true);
                } else {
                    r->ending = LINE_ENDING_CR;
                }
            } else if (r->ending == LINE_ENDING_NL) {
                return bad_line_end(r, true);
            }
            return line_found(r, at, p);
        }
        if (c == '\n' && (!o->csv || !r->in_quote)) {
            if (r->ending == LINE_ENDING_CR || r->ending == LINE_ENDING_CRNL)
                return bad_line_end(r, false);
            r->ending = LINE_ENDING_NL;
            return line_found(r, at, p);
        }
        if (c == '\\' && (!o->csv || at == r->start)) {
            s = byte_at(r, p);
            if (s == BYTE_WAIT)
                goto wait;
            if (s == BYTE_INVALID)
                return invalid_input(r);
            if (s == BYTE_END)
                return line_found(r, p, p); /* a backslash just before the end is data */
            if (b[p] == '.') {
                size_t q = p + 1;
                uint8_t c2;
                if (r->ending == LINE_ENDING_CRNL) {
                    s = byte_at(r, q);
                    if (s == BYTE_WAIT)
                        goto wait;
                    if (s == BYTE_INVALID)
                        return invalid_input(r);
                    c2 = s == BYTE_READY ? b[q++] : '\0';
                    if (c2 == '\n' && !o->csv)
                        return bad_marker(r, "end-of-copy marker does not match previous "
                                             "newline style");
                    if (c2 != '\r' && !o->csv)
                        return bad_marker(r, "end-of-copy marker corrupt");
                    if (c2 != '\r') {
                        p = at + 1;
                        continue;
                    }
                }
                s = byte_at(r, q);
                if (s == BYTE_WAIT)
                    goto wait;
                if (s == BYTE_INVALID)
                    return invalid_input(r);
                c2 = s == BYTE_READY ? b[q] : '\0';
                if (c2 != '\r' && c2 != '\n') {
                    if (!o->csv)
                        return bad_marker(r, "end-of-copy marker corrupt");
                    p = at + 1; /* \. followed by more is CSV data */
                    continue;
                }
                if ((r->ending == LINE_ENDING_NL && c2 != '\n') ||
                    (r->ending == LINE_ENDING_CRNL && c2 != '\n') ||
                    (r->ending == LINE_ENDING_CR && c2 != '\r'))
                    return bad_marker(r, "end-of-copy marker does not match previous newline "
                                         "style");
                r->end_marker = true;
                scan_status status = at > r->start ? line_found(r, at, at) : SCAN_END;
                return reader_drain(r) ? status : SCAN_FAILED;
            }
            if (!o->csv)
                p++; /* whatever follows a backslash is data, a line break too */
        }
        continue;
    wait:
        r->scanned = at;
        r->in_quote = in_quote;
        r->last_was_escape = last_was_escape;
        r->line_number = line_number;
        return SCAN_WAIT;
    }
}

/* The next line into line_start/line_length; *found false once the data has ended. */
static bool reader_next_line(copy_reader *r, bool *found)
{
    for (;;) {
        switch (scan_line(r)) {
        case SCAN_LINE:
            *found = true;
            return true;
        case SCAN_END:
            *found = false;
            return true;
        case SCAN_FAILED:
            return false;
        case SCAN_WAIT:
            if (!reader_fill(r))
                return false;
            break;
        }
    }
}

static bool reader_reserve_fields(copy_reader *r, size_t bytes)
{
    if (bytes + 1 > r->field_capacity) {
        size_t capacity = r->field_capacity > 0 ? r->field_capacity : 1024;
        while (capacity < bytes + 1)
            capacity *= 2;
        char *grown = realloc(r->field_bytes, capacity);
        if (grown == NULL)
            return query_fail_no_memory(r->ctx);
        r->field_bytes = grown;
        r->field_capacity = capacity;
    }
    return true;
}

static bool reader_add_field(copy_reader *r, const char *data, size_t length)
{
    if (r->field_count == r->field_capacity_count) {
        int capacity = r->field_capacity_count > 0 ? r->field_capacity_count * 2 : 16;
        copy_field *grown = realloc(r->fields, (size_t)capacity * sizeof *grown);
        if (grown == NULL)
            return query_fail_no_memory(r->ctx);
        r->fields = grown;
        r->field_capacity_count = capacity;
    }
    r->fields[r->field_count].data = data;
    r->fields[r->field_count].length = length;
    r->field_count++;
    return true;
}

static bool is_octal(uint8_t c)
{
    return c >= '0' && c <= '7';
}

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Text format: fields split at the delimiter, backslash escapes undone (\b \f \n \r \t
 * \v, octal \ooo, hex \xhh, anything else stands for itself); a field that is exactly
 * the NULL marker as written is NULL. */
static bool split_text(copy_reader *r, const uint8_t *line, size_t length)
{
    const copy_options *o = r->o;
    char *out = r->field_bytes;
    const uint8_t *p = line, *end = line + length;
    for (;;) {
        const uint8_t *field_start = p, *field_end;
        char *out_start = out;
        bool found_delimiter = false, saw_non_ascii = false;
        for (;;) {
            field_end = p;
            if (p >= end)
                break;
            uint8_t c = *p++;
            if (c == (uint8_t)o->delimiter) {
                found_delimiter = true;
                break;
            }
            if (c == '\\') {
                if (p >= end)
                    break;
                c = *p++;
                switch (c) {
                case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                    int v = c - '0';
                    for (int digits = 1; digits < 3 && p < end && is_octal(*p); digits++)
                        v = (v << 3) + (*p++ - '0');
                    c = (uint8_t)(v & 0xFF);
                    saw_non_ascii = saw_non_ascii || c == 0 || c >= 0x80;
                    break;
                }
                case 'x':
                    if (p < end && hex_value(*p) >= 0) {
                        int v = hex_value(*p++);
                        if (p < end && hex_value(*p) >= 0)
                            v = (v << 4) + hex_value(*p++);
                        c = (uint8_t)v;
                        saw_non_ascii = saw_non_ascii || c == 0 || c >= 0x80;
                    }
                    break;
                case 'b':
                    c = '\b';
                    break;
                case 'f':
                    c = '\f';
                    break;
                case 'n':
                    c = '\n';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'v':
                    c = '\v';
                    break;
                default:
                    break;
                }
            }
            *out++ = (char)c;
        }
        size_t raw_length = (size_t)(field_end - field_start);
        bool is_null = raw_length == o->null_length &&
                       memcmp(field_start, o->null_text, raw_length) == 0;
        if (!is_null && saw_non_ascii) {
            size_t n = (size_t)(out - out_start);
            size_t valid = utf8_valid_prefix((const uint8_t *)out_start, n);
            if (valid < n)
                return utf8_fail(r->ctx, (const uint8_t *)out_start + valid, n - valid);
        }
        if (!reader_add_field(r, is_null ? NULL : out_start, (size_t)(out - out_start)))
            return false;
        if (!found_delimiter)
            return true;
    }
}

/* CSV: fields split at unquoted delimiters; inside quotes, the escape character before a
 * quote or an escape stands for that character. Only an unquoted field equal to the NULL
 * marker is NULL. */
static bool split_csv(copy_reader *r, const uint8_t *line, size_t length)
{
    const copy_options *o = r->o;
    char *out = r->field_bytes;
    const uint8_t *p = line, *end = line + length;
    for (;;) {
        const uint8_t *field_start = p, *field_end = p;
        char *out_start = out;
        bool found_delimiter = false, saw_quote = false;
        for (;;) {
            /* outside quotes */
            for (;;) {
                field_end = p;
                if (p >= end)
                    goto field_done;
                uint8_t c = *p++;
                if (c == (uint8_t)o->delimiter) {
                    found_delimiter = true;
                    goto field_done;
                }
                if (c == (uint8_t)o->quote) {
                    saw_quote = true;
                    break;
                }
                *out++ = (char)c;
            }
            /* inside quotes */
            for (;;) {
                field_end = p;
                if (p >= end)
                    return query_fail(r->ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1,
                                      "unterminated CSV quoted field");
                uint8_t c = *p++;
                if (c == (uint8_t)o->escape && p < end &&
                    (*p == (uint8_t)o->escape || *p == (uint8_t)o->quote)) {
                    *out++ = (char)*p++;
                    continue;
                }
                if (c == (uint8_t)o->quote)
                    break;
                *out++ = (char)c;
            }
        }
    field_done: {
        size_t raw_length = (size_t)(field_end - field_start);
        bool is_null = !saw_quote && raw_length == o->null_length &&
                       memcmp(field_start, o->null_text, raw_length) == 0;
        if (!reader_add_field(r, is_null ? NULL : out_start, (size_t)(out - out_start)))
            return false;
        if (!found_delimiter)
            return true;
    }
    }
}

/* The fields of the line just read (or of an empty line: no_line). */
static bool split_fields(copy_reader *r, bool no_line)
{
    const uint8_t *line = no_line ? (const uint8_t *)"" : r->buffer + r->line_start;
    size_t length = no_line ? 0 : r->line_length;
    r->field_count = 0;
    if (r->expected_fields == 0) {
        /* A table without columns: only empty lines fit. */
        if (length == 0)
            return true;
        return query_fail(r->ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1,
                          "extra data after last expected column");
    }
    if (!reader_reserve_fields(r, length))
        return false;
    return r->o->csv ? split_csv(r, line, length) : split_text(r, line, length);
}

/* ---- COPY FROM: rows ---- */

typedef struct copy_from {
    query_context *ctx;
    arena *statement_arena;
    arena *rows_arena; /* a batch of rows: released once the batch is written */
    const catalog_table *table;
    const copy_options *o;
    const int *positions; /* the column of each field */
    int count;
    const bool *force_not_null; /* per table column */
    const bool *force_null;
    expr **defaults;
    expr *where;
    analyze_scope where_scope;
    scope_relation where_relation;
    table_writes *writes;
    copy_reader reader;
    value *given;
    value **batch;       /* rows read, not yet key-checked and written */
    int64_t *batch_lines; /* the line each came from */
    int batch_count;
    size_t batch_bytes;
    int64_t inserted;
} copy_from;

/* Errors raised on the rows arena move to the statement's, which outlives it. */
static bool fail_in_statement_arena(copy_from *s)
{
    s->ctx->arena = s->statement_arena;
    keep_error(s->ctx);
    return false;
}

/* CONTEXT "COPY t, line n" (with_text: and the line as read). */
static bool fail_at_line(copy_from *s, bool with_text)
{
    query_context *ctx = s->ctx;
    fail_in_statement_arena(s);
    const copy_reader *r = &s->reader;
    if (!with_text)
        return add_context(ctx, arena_printf(ctx->arena, "COPY %s, line %lld", s->table->name,
                                             (long long)r->line_number));
    /* No data at all (a HEADER MATCH of empty input) is an empty line. */
    const char *text = r->buffer != NULL ? (const char *)r->buffer + r->line_start : "";
    const char *line = display_text(ctx, text, r->line_length);
    return add_context(ctx, line != NULL ? arena_printf(ctx->arena, "COPY %s, line %lld: \"%s\"",
                                                        s->table->name,
                                                        (long long)r->line_number, line)
                                         : NULL);
}

/* CONTEXT "COPY t, line n, column c: "value"". */
static bool fail_at_field(copy_from *s, int column, const copy_field *f)
{
    query_context *ctx = s->ctx;
    fail_in_statement_arena(s);
    const char *name = s->table->columns[column].name;
    long long line = (long long)s->reader.line_number;
    const char *shown = display_text(ctx, f->data, f->length);
    return add_context(ctx, shown != NULL ? arena_printf(ctx->arena,
                                                         "COPY %s, line %lld, column %s: \"%s\"",
                                                         s->table->name, line, name, shown)
                                          : NULL);
}

/* A field's text into its column's type (the typmod applied as an input function with
 * one does), in memory of its own. */
static bool field_value(query_context *ctx, const catalog_column *c, const char *data,
                        size_t length, value *out)
{
    value v;
    if (!value_from_text(ctx, c->type, data, length, -1, &v))
        return false;
    if (c->typmod != TYPMOD_NONE &&
        !value_cast(ctx, &v, c->type, c->typmod, CAST_ASSIGNMENT, -1, &v))
        return false;
    *out = v;
    return value_detach(ctx, out);
}

/* Checks keys and writes the batch; then its memory goes. */
static bool flush_batch(copy_from *s)
{
    query_context *ctx = s->ctx;
    for (int i = 0; i < s->batch_count; i++) {
        if (!modify_insert_row(ctx, s->table, s->writes, s->batch[i])) {
            s->reader.line_number = s->batch_lines[i];
            return fail_at_line(s, false);
        }
        s->inserted++;
    }
    s->batch_count = 0;
    s->batch_bytes = 0;
    arena_reset(s->rows_arena);
    return true;
}

static bool where_accepts(copy_from *s, value *row, bool *accepted)
{
    query_context *ctx = s->ctx;
    value **saved_rows = ctx->current_rows;
    analyze_scope *saved_scope = ctx->scope;
    value *rows[1] = {row};
    ctx->current_rows = rows;
    ctx->scope = &s->where_scope;
    value v;
    bool ok = expr_evaluate(ctx, s->where, &v);
    ctx->current_rows = saved_rows;
    ctx->scope = saved_scope;
    *accepted = ok && !v.is_null && v.as.boolean;
    return ok;
}

/* One line: its fields into a complete row, as INSERT would build it, then into the batch. */
static bool copy_line(copy_from *s)
{
    query_context *ctx = s->ctx;
    copy_reader *r = &s->reader;
    const catalog_table *t = s->table;
    const copy_options *o = s->o;
    if (!split_fields(r, false))
        return fail_at_line(s, true);
    if (s->count > 0 && r->field_count > s->count) {
        query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1, "extra data after last expected column");
        return fail_at_line(s, true);
    }
    for (int i = 0; i < s->count; i++) {
        int c = s->positions[i];
        const catalog_column *column = &t->columns[c];
        if (i >= r->field_count) {
            query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1, "missing data for column \"%s\"",
                       column->name);
            return fail_at_line(s, true);
        }
        copy_field f = r->fields[i];
        if (o->csv && f.data == NULL && s->force_not_null[c]) {
            f.data = o->null_text;
            f.length = o->null_length;
        } else if (o->csv && f.data != NULL && s->force_null[c] && f.length == o->null_length &&
                   memcmp(f.data, o->null_text, f.length) == 0) {
            f.data = NULL;
        }
        if (f.data == NULL)
            s->given[i] = value_null(column->type);
        else if (!field_value(ctx, column, f.data, f.length, &s->given[i]))
            return fail_at_field(s, c, &f);
    }
    value *row = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *row);
    if (row == NULL) {
        query_fail_no_memory(ctx);
        return fail_at_line(s, true);
    }
    if (!modify_complete_row(ctx, t, s->defaults, s->positions, s->given, NULL, s->count, row))
        return fail_at_line(s, true);
    if (s->where != NULL) {
        bool accepted;
        if (!where_accepts(s, row, &accepted))
            return fail_at_line(s, true);
        if (!accepted)
            return true;
    }
    if (!modify_check_not_null(ctx, t, row))
        return fail_at_line(s, true);
    s->batch[s->batch_count] = row;
    s->batch_lines[s->batch_count] = r->line_number;
    s->batch_count++;
    s->batch_bytes += r->line_length;
    if (s->batch_count == COPY_BATCH_ROWS || s->batch_bytes >= COPY_BATCH_BYTES)
        return flush_batch(s);
    return true;
}

/* HEADER MATCH: the first line must name the columns COPY reads, in order. */
static bool check_header(copy_from *s, bool found)
{
    query_context *ctx = s->ctx;
    copy_reader *r = &s->reader;
    if (!split_fields(r, !found))
        return fail_at_line(s, true);
    if (r->field_count != s->count) {
        query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1,
                   "wrong number of fields in header line: got %d, expected %d", r->field_count,
                   s->count);
        return fail_at_line(s, true);
    }
    for (int i = 0; i < s->count; i++) {
        const char *expected = s->table->columns[s->positions[i]].name;
        const copy_field *f = &r->fields[i];
        if (f->data == NULL) {
            query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1,
                       "column name mismatch in header line field %d: got null value (\"%s\"), "
                       "expected \"%s\"",
                       i + 1, s->o->null_text, expected);
            return fail_at_line(s, true);
        }
        if (f->length != strlen(expected) || memcmp(f->data, expected, f->length) != 0) {
            query_fail(ctx, SQLSTATE_BAD_COPY_FILE_FORMAT, -1,
                       "column name mismatch in header line field %d: got \"%.*s\", expected "
                       "\"%s\"",
                       i + 1, (int)f->length, f->data, expected);
            return fail_at_line(s, true);
        }
    }
    return true;
}

/* Reads every line; rows go to s->writes. */
static bool copy_from_lines(copy_from *s)
{
    copy_reader *r = &s->reader;
    bool found;
    if (s->o->header != COPY_HEADER_NONE) {
        r->line_number++;
        if (!reader_next_line(r, &found))
            return fail_at_line(s, false);
        if (s->o->header == COPY_HEADER_MATCH && !check_header(s, found))
            return false;
        if (!found)
            return true;
    }
    for (;;) {
        r->line_number++;
        if (!reader_next_line(r, &found))
            return fail_at_line(s, false);
        if (!found)
            return flush_batch(s);
        if (!query_check_interrupts(s->ctx))
            return fail_at_line(s, false);
        if (!copy_line(s))
            return false;
    }
}

/* Rows read from the client while other sessions ran on: the table must still be the
 * one they were built for. */
static bool table_unchanged(query_context *ctx, const catalog_table *t)
{
    if (catalog_table_by_id(ctx->catalog, t->id) == t)
        return true;
    query_fail(ctx, "40001", -1, "could not serialize access due to concurrent update");
    return query_fail_detail(ctx, arena_printf(ctx->arena,
                                               "Table \"%s\" was altered or dropped while COPY "
                                               "was loading it.",
                                               t->name));
}

/* COPY FROM's WHERE: a condition on the row being loaded, without subqueries. */
static bool find_sublink(const cJSON *node, int *location)
{
    if (node == NULL)
        return false;
    if (cJSON_IsObject(node) && node->child != NULL && node->child->string != NULL &&
        strcmp(node->child->string, "SubLink") == 0) {
        *location = node_get_int(node->child, "location", -1);
        return true;
    }
    for (const cJSON *child = node->child; child != NULL; child = child->next) {
        if (find_sublink(child, location))
            return true;
    }
    return false;
}

static bool prepare_where(query_context *ctx, copy_from *s, const cJSON *where)
{
    if (where == NULL)
        return true;
    int location;
    if (find_sublink(where, &location))
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "cannot use subquery in COPY FROM WHERE condition");
    s->where_relation.name = s->table->name;
    s->where_relation.table = s->table;
    s->where_scope.relations = &s->where_relation;
    s->where_scope.relation_count = 1;
    s->where_scope.aggregates_forbidden_in = "COPY FROM WHERE conditions";
    analyze_scope *saved = ctx->scope;
    ctx->scope = &s->where_scope;
    bool ok = expr_analyze(ctx, where, &s->where) &&
              expr_coerce(ctx, s->where, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE", &s->where);
    ctx->scope = saved;
    return ok;
}

static bool copy_from_run(copy_from *s, char tag[COMMAND_TAG_MAX])
{
    query_context *ctx = s->ctx;
    const catalog_table *t = s->table;
    bool ok = true;
    /* Defaults of the columns not read are analysed now: rows are built in memory that
     * is released batch by batch. */
    s->defaults = arena_zalloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *s->defaults);
    bool *read = arena_zalloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *read);
    s->given = arena_alloc(ctx->arena, (size_t)(s->count + 1) * sizeof *s->given);
    s->batch = arena_alloc(ctx->arena, COPY_BATCH_ROWS * sizeof *s->batch);
    s->batch_lines = arena_alloc(ctx->arena, COPY_BATCH_ROWS * sizeof *s->batch_lines);
    if (s->defaults == NULL || read == NULL || s->given == NULL || s->batch == NULL ||
        s->batch_lines == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < s->count; i++)
        read[s->positions[i]] = true;
    for (int c = 0; c < t->column_count && ok; c++) {
        if (!read[c] && !t->columns[c].dropped && !t->columns[c].system)
            ok = modify_analyze_default(ctx, t, s->defaults, c);
    }
    if (!ok)
        return false;
    s->writes = table_writes_begin(ctx, t);
    if (s->writes == NULL)
        return false;
    s->rows_arena = arena_create(COPY_ROWS_ARENA_BLOCK);
    if (s->rows_arena == NULL) {
        table_writes_abandon(s->writes);
        return query_fail_no_memory(ctx);
    }
    s->statement_arena = ctx->arena;
    s->reader.ctx = ctx;
    s->reader.o = s->o;
    s->reader.expected_fields = s->count;

    ok = ctx->copy->begin_in(ctx->copy_arg, ctx, s->count);
    if (ok) {
        ctx->arena = s->rows_arena;
        ok = copy_from_lines(s);
        ctx->arena = s->statement_arena;
    }
    reader_free(&s->reader);
    arena_destroy(s->rows_arena);
    if (ok && t->kind == TABLE_STREAM)
        ok = table_stream_trim(ctx, s->writes, t);
    if (ok)
        ok = table_unchanged(ctx, t);
    if (ok)
        ok = table_writes_commit(ctx, s->writes);
    else
        table_writes_abandon(s->writes);
    snprintf(tag, COMMAND_TAG_MAX, "COPY %lld", (long long)s->inserted);
    return ok;
}

/* ---- COPY TO: writing rows ---- */

typedef struct copy_writer {
    query_context *ctx;
    const copy_options *o;
    const bool *force_quote; /* per output column; NULL: none */
    int column_count;
    uint8_t *bytes; /* malloc'd, one line */
    size_t length;
    size_t capacity;
    int64_t count;
    bool started;
} copy_writer;

static bool put_bytes(copy_writer *w, const void *data, size_t length)
{
    if (w->length + length > w->capacity) {
        size_t capacity = w->capacity > 0 ? w->capacity : 1024;
        while (capacity < w->length + length)
            capacity *= 2;
        uint8_t *grown = realloc(w->bytes, capacity);
        if (grown == NULL)
            return query_fail_no_memory(w->ctx);
        w->bytes = grown;
        w->capacity = capacity;
    }
    memcpy(w->bytes + w->length, data, length);
    w->length += length;
    return true;
}

static bool put_byte(copy_writer *w, uint8_t c)
{
    return put_bytes(w, &c, 1);
}

/* Text format: backslash before backslashes and delimiters, control characters as \b \f
 * \n \r \t \v. */
static bool put_text_value(copy_writer *w, const char *text, size_t length)
{
    uint8_t delimiter = (uint8_t)w->o->delimiter;
    size_t run = 0;
    for (size_t i = 0; i < length; i++) {
        uint8_t c = (uint8_t)text[i];
        char escaped = 0;
        if (c < 0x20) {
            switch (c) {
            case '\b':
                escaped = 'b';
                break;
            case '\f':
                escaped = 'f';
                break;
            case '\n':
                escaped = 'n';
                break;
            case '\r':
                escaped = 'r';
                break;
            case '\t':
                escaped = 't';
                break;
            case '\v':
                escaped = 'v';
                break;
            default:
                if (c == delimiter)
                    escaped = (char)c;
                break;
            }
        } else if (c == '\\' || c == delimiter) {
            escaped = (char)c;
        }
        if (escaped == 0)
            continue;
        if (!put_bytes(w, text + run, i - run) || !put_byte(w, '\\') || !put_byte(w, (uint8_t)escaped))
            return false;
        run = i + 1;
    }
    return put_bytes(w, text + run, length - run);
}

/* CSV: quoted when forced, when equal to the NULL marker, when holding the delimiter, the
 * quote or a line break, or when it is \. alone (which would read as the end marker);
 * inside quotes, quotes and escapes get the escape character before them. */
static bool put_csv_value(copy_writer *w, const char *text, size_t length, bool quote,
                          bool single_column)
{
    const copy_options *o = w->o;
    if (!quote && length == o->null_length && memcmp(text, o->null_text, length) == 0)
        quote = true;
    if (!quote && single_column && length == 2 && text[0] == '\\' && text[1] == '.')
        quote = true;
    for (size_t i = 0; i < length && !quote; i++) {
        char c = text[i];
        quote = c == o->delimiter || c == o->quote || c == '\n' || c == '\r';
    }
    if (!quote)
        return put_bytes(w, text, length);
    if (!put_byte(w, (uint8_t)o->quote))
        return false;
    size_t run = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] != o->quote && text[i] != o->escape)
            continue;
        if (!put_bytes(w, text + run, i - run) || !put_byte(w, (uint8_t)o->escape))
            return false;
        run = i;
    }
    return put_bytes(w, text + run, length - run) && put_byte(w, (uint8_t)o->quote);
}

static bool send_line(copy_writer *w)
{
    query_context *ctx = w->ctx;
    bool ok = put_byte(w, '\n') && ctx->copy->write(ctx->copy_arg, ctx, w->bytes, w->length);
    w->length = 0;
    return ok;
}

/* CopyOutResponse, then the header line if asked for. */
static bool writer_start(copy_writer *w, const char *const *names)
{
    query_context *ctx = w->ctx;
    if (!ctx->copy->begin_out(ctx->copy_arg, ctx, w->column_count))
        return false;
    w->started = true;
    if (w->o->header == COPY_HEADER_NONE)
        return true;
    for (int i = 0; i < w->column_count; i++) {
        if (i > 0 && !put_byte(w, (uint8_t)w->o->delimiter))
            return false;
        size_t n = strlen(names[i]);
        bool ok = w->o->csv ? put_csv_value(w, names[i], n, false, w->column_count == 1)
                            : put_text_value(w, names[i], n);
        if (!ok)
            return false;
    }
    return send_line(w);
}

static bool writer_row(copy_writer *w, const value *values)
{
    query_context *ctx = w->ctx;
    for (int i = 0; i < w->column_count; i++) {
        if (i > 0 && !put_byte(w, (uint8_t)w->o->delimiter))
            return false;
        if (values[i].is_null) {
            if (!put_bytes(w, w->o->null_text, w->o->null_length))
                return false;
            continue;
        }
        const char *text;
        size_t length;
        char buffer[VALUE_TEXT_BUFFER];
        if (!value_to_text_buffer(ctx, &values[i], buffer, &text, &length))
            return false;
        bool ok = w->o->csv ? put_csv_value(w, text, length,
                                            w->force_quote != NULL && w->force_quote[i],
                                            w->column_count == 1)
                            : put_text_value(w, text, length);
        if (!ok)
            return false;
    }
    w->count++;
    return send_line(w);
}

static bool writer_finish(copy_writer *w, char tag[COMMAND_TAG_MAX])
{
    query_context *ctx = w->ctx;
    snprintf(tag, COMMAND_TAG_MAX, "COPY %lld", (long long)w->count);
    return ctx->copy->end_out(ctx->copy_arg, ctx);
}

/* COPY table TO STDOUT: a scan of the rows the session sees, one row's memory at a time. */
static bool copy_table_to(query_context *ctx, copy_writer *w, const catalog_table *t,
                          const int *positions, char tag[COMMAND_TAG_MAX])
{
    const char **names = arena_alloc(ctx->arena, (size_t)(w->column_count + 1) * sizeof *names);
    value *row = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *row);
    value *out = arena_alloc(ctx->arena, (size_t)(w->column_count + 1) * sizeof *out);
    if (names == NULL || row == NULL || out == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < w->column_count; i++)
        names[i] = t->columns[positions[i]].name;
    key_buffer start, end;
    table_key_prefix(ctx, t, &start);
    if (!key_prefix_successor(&start, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    table_scan *scan = table_scan_open(ctx, t, &start, &end, TABLE_ROWS_VISIBLE);
    if (scan == NULL)
        return false;
    arena *statement_arena = ctx->arena;
    arena *row_arena = arena_create(COPY_ROWS_ARENA_BLOCK);
    bool ok = row_arena != NULL ? writer_start(w, names) : query_fail_no_memory(ctx);
    while (ok) {
        ctx->arena = row_arena;
        bool found;
        ok = table_scan_next(ctx, scan, row, NULL, &found);
        if (ok && !found)
            break;
        for (int i = 0; ok && i < w->column_count; i++)
            out[i] = row[positions[i]];
        ok = ok && writer_row(w, out);
        ctx->arena = statement_arena;
        if (!ok)
            keep_error(ctx);
        arena_reset(row_arena);
    }
    ctx->arena = statement_arena;
    table_scan_close(scan);
    arena_destroy(row_arena);
    return ok && writer_finish(w, tag);
}

/* The options and columns of COPY table TO: which columns, in order, and which of them
 * FORCE_QUOTE quotes. */
static bool prepare_table_to(query_context *ctx, copy_writer *w, copy_options *o,
                             const catalog_table *t, const cJSON *node, int **positions)
{
    bool *force;
    if (!copy_columns(ctx, t, node_get(node, "attlist"), false, positions, &w->column_count) ||
        !parse_options(ctx, node_get(node, "options"), false, o) ||
        !force_flags(ctx, t, o->force_quote, "FORCE_QUOTE", *positions, w->column_count, &force))
        return false;
    bool *by_output = arena_alloc(ctx->arena, (size_t)(w->column_count + 1) * sizeof *by_output);
    if (by_output == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < w->column_count; i++)
        by_output[i] = o->force_quote_all || force[(*positions)[i]];
    w->force_quote = by_output;
    return true;
}

/* COPY system.x TO STDOUT: the virtual table's rows as they are now. */
static bool copy_system_table_to(query_context *ctx, copy_writer *w, copy_options *o,
                                 const cJSON *node, const char *schema, const char *name,
                                 int location,
                                 char tag[COMMAND_TAG_MAX])
{
    const catalog_table *t;
    value **rows;
    int64_t count;
    int *positions;
    const char *schema_name;
    if (!system_table_read(ctx, schema, name, location, &t, &rows, &count, &schema_name) ||
        !prepare_table_to(ctx, w, o, t, node, &positions))
        return false;
    const char **names = arena_alloc(ctx->arena, (size_t)(w->column_count + 1) * sizeof *names);
    value *out = arena_alloc(ctx->arena, (size_t)(w->column_count + 1) * sizeof *out);
    if (names == NULL || out == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < w->column_count; i++)
        names[i] = t->columns[positions[i]].name;
    if (!writer_start(w, names))
        return false;
    for (int64_t r = 0; r < count; r++) {
        for (int i = 0; i < w->column_count; i++)
            out[i] = rows[r][positions[i]];
        if (!writer_row(w, out))
            return false;
    }
    return writer_finish(w, tag);
}

/* COPY (query) TO STDOUT: the query's rows arrive through a sink. */
typedef struct query_sink {
    copy_writer *writer;
} query_sink;

static bool query_sink_columns(void *state, query_context *ctx, const result_column *columns,
                               int count)
{
    copy_writer *w = ((query_sink *)state)->writer;
    if (w->started)
        return true;
    const char **names = arena_alloc(ctx->arena, (size_t)(count + 1) * sizeof *names);
    bool *force = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *force);
    if (names == NULL || force == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++) {
        names[i] = columns[i].name;
        force[i] = w->o->force_quote_all;
    }
    /* FORCE_QUOTE names result columns: the first of a name counts. */
    const cJSON *item;
    cJSON_ArrayForEach(item, w->o->force_quote)
    {
        const char *name = node_string_value(item);
        int found = -1;
        for (int i = 0; i < count && found < 0 && name != NULL; i++) {
            if (strcmp(columns[i].name, name) == 0)
                found = i;
        }
        if (found < 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1, "column \"%s\" does not exist",
                              name != NULL ? name : "");
        for (const cJSON *before = w->o->force_quote->child; before != item; before = before->next) {
            const char *earlier = node_string_value(before);
            if (earlier != NULL && strcmp(earlier, name) == 0)
                return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                                  "column \"%s\" specified more than once", name);
        }
        force[found] = true;
    }
    w->column_count = count;
    w->force_quote = force;
    return writer_start(w, names);
}

static bool query_sink_row(void *state, query_context *ctx, const value *values, int count)
{
    (void)ctx;
    (void)count;
    return writer_row(((query_sink *)state)->writer, values);
}

static bool copy_query_to(query_context *ctx, copy_writer *w, const cJSON *query,
                          char tag[COMMAND_TAG_MAX])
{
    const char *kind = node_kind(query);
    const cJSON *fields = node_fields(query);
    query_sink state = {w};
    result_sink sink = {&state, query_sink_columns, query_sink_row};
    char inner_tag[COMMAND_TAG_MAX];
    bool ok;
    if (strcmp(kind, "SelectStmt") == 0) {
        if (node_get(fields, "intoClause") != NULL)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "COPY (SELECT INTO) is not supported");
        ok = select_execute(ctx, fields, &sink, inner_tag);
    } else {
        if (node_get(fields, "returningList") == NULL)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "COPY query must have a RETURNING clause");
        if (strcmp(kind, "InsertStmt") == 0)
            ok = modify_insert(ctx, fields, &sink, inner_tag);
        else if (strcmp(kind, "UpdateStmt") == 0)
            ok = modify_update(ctx, fields, &sink, inner_tag);
        else if (strcmp(kind, "DeleteStmt") == 0)
            ok = modify_delete(ctx, fields, &sink, inner_tag);
        else
            return query_fail_unsupported(ctx, -1, statement_kind_name(kind));
    }
    if (ok && !w->started)
        ok = query_sink_columns(&state, ctx, NULL, 0);
    return ok && writer_finish(w, tag);
}

/* ---- the statement ---- */

/* QuillDB never reads or writes the server's files or runs its programs: a role that
 * PostgreSQL would refuse gets PostgreSQL's refusal; the system role, whom PostgreSQL
 * would let through, gets 0A000. */
static bool refuse_server_side(query_context *ctx, bool is_from, bool is_program)
{
    if (ctx->current_role != ROLE_SYSTEM) {
        if (is_program)
            query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                       "must be superuser or have privileges of the pg_execute_server_program "
                       "role to COPY to or from an external program");
        else
            query_fail(ctx, SQLSTATE_INSUFFICIENT_PRIVILEGE, -1,
                       "must be superuser or have privileges of the %s role to COPY %s a file",
                       is_from ? "pg_read_server_files" : "pg_write_server_files",
                       is_from ? "from" : "to");
    } else {
        query_fail_unsupported(ctx, -1,
                               is_program ? "COPY to or from a program on the server"
                               : is_from  ? "COPY from a file on the server"
                                          : "COPY to a file on the server");
    }
    return query_fail_hint(ctx, "Anyone can COPY to stdout or from stdin. psql's \\copy command "
                                "also works for anyone.");
}

bool copy_statement_writes(const cJSON *node)
{
    if (node_get_bool(node, "is_from"))
        return true;
    const char *kind = node_kind(node_get(node, "query"));
    return strcmp(kind, "InsertStmt") == 0 || strcmp(kind, "UpdateStmt") == 0 ||
           strcmp(kind, "DeleteStmt") == 0;
}

static bool copy_from_statement(query_context *ctx, const cJSON *node, const catalog_table *t,
                                char tag[COMMAND_TAG_MAX])
{
    copy_from s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    s.table = t;
    copy_options o;
    int *positions;
    bool *force_not_null, *force_null;
    if (!prepare_where(ctx, &s, node_get(node, "whereClause")) ||
        !copy_columns(ctx, t, node_get(node, "attlist"), true, &positions, &s.count) ||
        !permission_check_write(ctx, t, -1) || /* no position, as in PostgreSQL */
        !parse_options(ctx, node_get(node, "options"), true, &o) ||
        !force_flags(ctx, t, o.force_not_null, "FORCE_NOT_NULL", positions, s.count,
                     &force_not_null) ||
        !force_flags(ctx, t, o.force_null, "FORCE_NULL", positions, s.count, &force_null))
        return false;
    s.o = &o;
    s.positions = positions;
    s.force_not_null = force_not_null;
    s.force_null = force_null;
    /* The batch is not applied until the end, and nothing may be paused in between but
     * for the client's data (see table_unchanged). */
    ctx->write_depth++;
    bool ok = copy_from_run(&s, tag);
    ctx->write_depth--;
    return ok;
}

static bool copy_to_statement(query_context *ctx, const cJSON *node, const cJSON *relation,
                              char tag[COMMAND_TAG_MAX])
{
    copy_options o;
    copy_writer w;
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    w.o = &o;
    const char *schema = node_get_string(relation, "schemaname");
    const char *name = node_get_string(relation, "relname");
    int location = node_get_int(relation, "location", -1);
    bool ok;
    if (relation == NULL) {
        ok = parse_options(ctx, node_get(node, "options"), false, &o) &&
             copy_query_to(ctx, &w, node_get(node, "query"), tag);
    } else if (schema != NULL && name != NULL && system_table_exists(schema, name)) {
        ok = copy_system_table_to(ctx, &w, &o, node, schema, name, location, tag);
    } else {
        const catalog_table *t = names_resolve_table(ctx, schema, name, -1, false);
        int *positions;
        ok = t != NULL && prepare_table_to(ctx, &w, &o, t, node, &positions) &&
             copy_table_to(ctx, &w, t, positions, tag);
    }
    free(w.bytes);
    return ok;
}

bool copy_statement(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    bool is_from = node_get_bool(node, "is_from");
    if (node_get_string(node, "filename") != NULL || node_get_bool(node, "is_program"))
        return refuse_server_side(ctx, is_from, node_get_bool(node, "is_program"));
    if (ctx->copy == NULL)
        return query_fail_unsupported(ctx, -1, "COPY without a client connection");
    const cJSON *relation = node_get(node, "relation");
    if (!is_from)
        return copy_to_statement(ctx, node, relation, tag);
    /* PostgreSQL opens COPY's table without pointing at its name. */
    const catalog_table *t = names_resolve_table(ctx, node_get_string(relation, "schemaname"),
                                                 node_get_string(relation, "relname"), -1, false);
    return t != NULL && copy_from_statement(ctx, node, t, tag);
}
