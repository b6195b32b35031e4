#include "query/functions.h"
#include "query/pg_catalog.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "query/datetime_functions.h"
#include "query/json.h"
#include "query/sequences.h"
#include "query/session_functions.h"

#include <openssl/evp.h>

/* SQLSTATEs that only function calls raise, named as in PostgreSQL's errcodes.txt. */
#define SQLSTATE_SUBSTRING_ERROR "22011"
#define SQLSTATE_INVALID_ARGUMENT_FOR_LOG "2201E"
#define SQLSTATE_INVALID_ARGUMENT_FOR_POWER "2201F"
#define SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET "2201G"
#define SQLSTATE_PROGRAM_LIMIT_EXCEEDED "54000"

/* PostgreSQL refuses to build a value bigger than MaxAllocSize (1 GB - 1), counting its
 * 4-byte header, with 54000 "requested length too large"; functions that size their
 * result up front (repeat, lpad, translate) check the same limit. */
#define VALUE_MAX_BYTES 0x3fffffff
#define VALUE_HEADER_BYTES 4
/* The most bytes one UTF-8 character takes (pg_database_encoding_max_length()). */
#define UTF8_MAX_CHAR_BYTES 4

/* ---- session information ---- */

static bool fn_version(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    static const char version[] =
        "PostgreSQL 15.0 (QuillDB " QUILL_VERSION ") on x86_64-pc-linux-gnu, 64-bit";
    *out = value_text(TYPE_TEXT, version, sizeof version - 1);
    return true;
}

static bool fn_current_database(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->database, strlen(ctx->database));
    return true;
}

static bool fn_current_user(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->current_user, strlen(ctx->current_user));
    return true;
}

static bool fn_session_user(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->session_user, strlen(ctx->session_user));
    return true;
}

/* pg_typeof(x): PostgreSQL returns regtype, whose text output is format_type()'s name;
 * QuillDB has no regtype, so the name comes back as text (it prints the same). */
static bool fn_pg_typeof(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const char *name = type_display_name(args[0].type);
    *out = value_text(TYPE_TEXT, name, strlen(name));
    return true;
}

/* ---- text helpers ---- */

/* Text arguments are coerced to text before the call, so they are data + length. */
#define TEXT_DATA(v) ((v).as.text.data)
#define TEXT_LENGTH(v) ((v).as.text.length)

/* Bytes of the UTF-8 character that starts with byte c, counted as PostgreSQL's
 * pg_utf_mblen does (a stray byte counts as a character of its own). */
static size_t utf8_char_bytes(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

/* The byte offset just after the character at pos (never past length). */
static size_t utf8_next(const char *s, size_t length, size_t pos)
{
    size_t n = utf8_char_bytes((unsigned char)s[pos]);
    return n < length - pos ? pos + n : length;
}

static size_t utf8_length(const char *s, size_t length)
{
    size_t count = 0;
    for (size_t pos = 0; pos < length; pos = utf8_next(s, length, pos))
        count++;
    return count;
}

/* Bytes taken by the first `characters` characters (all of s if it has fewer). */
static size_t utf8_offset(const char *s, size_t length, int64_t characters)
{
    size_t pos = 0;
    for (int64_t i = 0; i < characters && pos < length; i++)
        pos = utf8_next(s, length, pos);
    return pos;
}

/* The start of the character that ends at byte end (end > start). */
static size_t utf8_previous(const char *s, size_t start, size_t end)
{
    size_t pos = end - 1;
    while (pos > start && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

/* First occurrence of needle (non-empty) in s at or after byte `from`, or -1. glibc's
 * memmem (the build defines _GNU_SOURCE) is linear time, so pathological patterns in
 * long values cannot make replace() or split_part() quadratic. */
static int64_t find_bytes(const char *s, size_t length, size_t from, const char *needle,
                          size_t needle_length)
{
    const char *hit = memmem(s + from, length - from, needle, needle_length);
    return hit != NULL ? (int64_t)(hit - s) : -1;
}

static char *text_alloc(query_context *ctx, size_t length)
{
    return arena_alloc(ctx->arena, length > 0 ? length : 1);
}

static bool length_too_large(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1, "requested length too large");
}

/* ---- text functions ---- */

static bool fn_char_length(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = value_int(TYPE_INT4, (int64_t)utf8_length(TEXT_DATA(args[0]), TEXT_LENGTH(args[0])));
    return true;
}

/* Also serves octet_length(character), whose value keeps its blank padding. */
static bool fn_octet_length(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = value_int(TYPE_INT4, (int64_t)TEXT_LENGTH(args[0]));
    return true;
}

static bool fn_bit_length(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = value_int(TYPE_INT4, (int64_t)TEXT_LENGTH(args[0]) * 8);
    return true;
}

/* lower/upper/initcap under the C collation (QuillDB's only one) change ASCII letters
 * only, as PostgreSQL's asc_tolower and friends do: bytes >= 0x80 are left alone. */
static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static char ascii_upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;
}

static bool fn_lower(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    size_t length = TEXT_LENGTH(args[0]);
    char *s = text_alloc(ctx, length);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    for (size_t i = 0; i < length; i++)
        s[i] = ascii_lower(TEXT_DATA(args[0])[i]);
    *out = value_text(TYPE_TEXT, s, length);
    return true;
}

static bool fn_upper(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    size_t length = TEXT_LENGTH(args[0]);
    char *s = text_alloc(ctx, length);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    for (size_t i = 0; i < length; i++)
        s[i] = ascii_upper(TEXT_DATA(args[0])[i]);
    *out = value_text(TYPE_TEXT, s, length);
    return true;
}

/* A letter starts a word unless it follows an ASCII letter or digit. */
static bool fn_initcap(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    size_t length = TEXT_LENGTH(args[0]);
    char *s = text_alloc(ctx, length);
    if (s == NULL)
        return query_fail_no_memory(ctx);
    bool in_word = false;
    for (size_t i = 0; i < length; i++) {
        char c = TEXT_DATA(args[0])[i];
        c = in_word ? ascii_lower(c) : ascii_upper(c);
        s[i] = c;
        in_word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
    *out = value_text(TYPE_TEXT, s, length);
    return true;
}

/* The characters [first, end) (1-based, end exclusive) of s, clipped to s; the result
 * points into s. */
static value text_slice(const char *s, size_t length, int64_t first, int64_t end)
{
    if (first < 1)
        first = 1;
    if (end <= first)
        return value_text(TYPE_TEXT, s, 0);
    size_t from = utf8_offset(s, length, first - 1);
    size_t to = from + utf8_offset(s + from, length - from, end - first);
    return value_text(TYPE_TEXT, s + from, to - from);
}

/* substring(s, start [, count]) and substr: characters from start (1-based; positions
 * before 1 count but yield nothing), as PostgreSQL's text_substring. */
static bool fn_substring(query_context *ctx, const value *args, int n, value *out)
{
    int64_t start = args[1].as.integer;
    int64_t end = INT64_MAX;
    if (n == 3) {
        if (args[2].as.integer < 0)
            return query_fail(ctx, SQLSTATE_SUBSTRING_ERROR, -1,
                              "negative substring length not allowed");
        end = start + args[2].as.integer; /* int4 + int4 cannot overflow int64 */
    }
    *out = text_slice(TEXT_DATA(args[0]), TEXT_LENGTH(args[0]), start, end);
    return true;
}

/* position(needle IN s) arrives as position(s, needle), like strpos(s, needle): the
 * 1-based character position of the first match, 0 for none. */
static bool fn_strpos(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    if (TEXT_LENGTH(args[1]) == 0) {
        *out = value_int(TYPE_INT4, 1);
        return true;
    }
    int64_t at = find_bytes(s, length, 0, TEXT_DATA(args[1]), TEXT_LENGTH(args[1]));
    *out = value_int(TYPE_INT4, at < 0 ? 0 : (int64_t)utf8_length(s, (size_t)at) + 1);
    return true;
}

/* Is the character c (of `width` bytes) one of the characters of set? */
static bool in_character_set(const char *set, size_t set_length, const char *c, size_t width)
{
    for (size_t pos = 0; pos < set_length;) {
        size_t next = utf8_next(set, set_length, pos);
        if (next - pos == width && memcmp(set + pos, c, width) == 0)
            return true;
        pos = next;
    }
    return false;
}

/* btrim/ltrim/rtrim: strips characters of the set (default a space) from the chosen
 * ends, character by character, so a multibyte character only matches as a whole. */
static bool trim_text(const value *args, int n, bool leading, bool trailing, value *out)
{
    const char *s = TEXT_DATA(args[0]);
    size_t start = 0, end = TEXT_LENGTH(args[0]);
    const char *set = n == 2 ? TEXT_DATA(args[1]) : " ";
    size_t set_length = n == 2 ? TEXT_LENGTH(args[1]) : 1;
    while (leading && start < end) {
        size_t next = utf8_next(s, end, start);
        if (!in_character_set(set, set_length, s + start, next - start))
            break;
        start = next;
    }
    while (trailing && end > start) {
        size_t last = utf8_previous(s, start, end);
        if (!in_character_set(set, set_length, s + last, end - last))
            break;
        end = last;
    }
    *out = value_text(TYPE_TEXT, s + start, end - start);
    return true;
}

static bool fn_btrim(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    return trim_text(args, n, true, true, out);
}

static bool fn_ltrim(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    return trim_text(args, n, true, false, out);
}

static bool fn_rtrim(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    return trim_text(args, n, false, true, out);
}

/* replace(s, from, to): every non-overlapping match, left to right; an empty `from`
 * leaves s unchanged. */
static bool fn_replace(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    const char *from = TEXT_DATA(args[1]);
    size_t from_length = TEXT_LENGTH(args[1]);
    const char *to = TEXT_DATA(args[2]);
    size_t to_length = TEXT_LENGTH(args[2]);
    if (from_length == 0) {
        *out = args[0];
        return true;
    }
    size_t matches = 0;
    for (int64_t at = find_bytes(s, length, 0, from, from_length); at >= 0;
         at = find_bytes(s, length, (size_t)at + from_length, from, from_length))
        matches++;
    if (matches == 0) {
        *out = args[0];
        return true;
    }
    /* Each match swaps from_length bytes for to_length; inputs are under 1 GB each. */
    size_t result_length = length - matches * from_length + matches * to_length;
    if (result_length + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);
    char *r = text_alloc(ctx, result_length);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    size_t copied = 0, used = 0;
    for (int64_t at = find_bytes(s, length, 0, from, from_length); at >= 0;
         at = find_bytes(s, length, copied, from, from_length)) {
        memcpy(r + used, s + copied, (size_t)at - copied);
        used += (size_t)at - copied;
        memcpy(r + used, to, to_length);
        used += to_length;
        copied = (size_t)at + from_length;
    }
    memcpy(r + used, s + copied, length - copied);
    used += length - copied;
    *out = value_text(TYPE_TEXT, r, used);
    return true;
}

/* translate(s, from, to): each character of s found in `from` (first occurrence wins)
 * becomes the character at the same index of `to`, or is dropped when `to` is shorter. */
static bool fn_translate(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    const char *from = TEXT_DATA(args[1]);
    size_t from_length = TEXT_LENGTH(args[1]);
    const char *to = TEXT_DATA(args[2]);
    size_t to_length = TEXT_LENGTH(args[2]);
    if ((uint64_t)length * UTF8_MAX_CHAR_BYTES + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);
    char *r = text_alloc(ctx, length * UTF8_MAX_CHAR_BYTES);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    size_t used = 0;
    for (size_t pos = 0; pos < length;) {
        size_t next = utf8_next(s, length, pos);
        size_t width = next - pos;
        /* Index of this character in `from`, if there. */
        int64_t index = -1, i = 0;
        for (size_t f = 0; f < from_length; i++) {
            size_t f_next = utf8_next(from, from_length, f);
            if (f_next - f == width && memcmp(from + f, s + pos, width) == 0) {
                index = i;
                break;
            }
            f = f_next;
        }
        if (index < 0) {
            memcpy(r + used, s + pos, width);
            used += width;
        } else {
            size_t t = utf8_offset(to, to_length, index);
            if (t < to_length) {
                size_t t_next = utf8_next(to, to_length, t);
                memcpy(r + used, to + t, t_next - t);
                used += t_next - t;
            }
        }
        pos = next;
    }
    *out = value_text(TYPE_TEXT, r, used);
    return true;
}

static bool fn_repeat(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t count = args[1].as.integer;
    size_t length = TEXT_LENGTH(args[0]);
    if (count <= 0 || length == 0) {
        *out = value_text(TYPE_TEXT, "", 0);
        return true;
    }
    /* count < 2^31 and length < 2^30, so the product fits in 64 bits. */
    uint64_t total = (uint64_t)count * length;
    if (total + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);
    char *r = text_alloc(ctx, (size_t)total);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    for (int64_t i = 0; i < count; i++)
        memcpy(r + (size_t)i * length, TEXT_DATA(args[0]), length);
    *out = value_text(TYPE_TEXT, r, (size_t)total);
    return true;
}

/* Characters in reverse order (each multibyte character kept intact). */
static bool fn_reverse(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    char *r = text_alloc(ctx, length);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    for (size_t pos = 0; pos < length;) {
        size_t next = utf8_next(s, length, pos);
        memcpy(r + length - next, s + pos, next - pos);
        pos = next;
    }
    *out = value_text(TYPE_TEXT, r, length);
    return true;
}

/* The non-null values among args[first..n), in their output form, joined by separator
 * (concat and concat_ws). */
static bool join_values(query_context *ctx, const value *args, int first, int n,
                        const char *separator, size_t separator_length, value *out)
{
    const char **texts = arena_alloc(ctx->arena, (size_t)n * sizeof *texts);
    size_t *lengths = arena_alloc(ctx->arena, (size_t)n * sizeof *lengths);
    if (texts == NULL || lengths == NULL)
        return query_fail_no_memory(ctx);
    size_t total = 0;
    int parts = 0;
    for (int i = first; i < n; i++) {
        if (args[i].is_null)
            continue;
        if (!value_to_text(ctx, &args[i], &texts[parts], &lengths[parts]))
            return false;
        total += lengths[parts] + (parts > 0 ? separator_length : 0);
        parts++;
    }
    if (total + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);
    char *r = text_alloc(ctx, total);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    size_t used = 0;
    for (int i = 0; i < parts; i++) {
        if (i > 0) {
            memcpy(r + used, separator, separator_length);
            used += separator_length;
        }
        memcpy(r + used, texts[i], lengths[i]);
        used += lengths[i];
    }
    *out = value_text(TYPE_TEXT, r, used);
    return true;
}

/* concat(any, ...): NULLs are skipped; the result is never NULL. */
static bool fn_concat(query_context *ctx, const value *args, int n, value *out)
{
    return join_values(ctx, args, 0, n, "", 0, out);
}

/* concat_ws(separator, any, ...): NULL only when the separator is. */
static bool fn_concat_ws(query_context *ctx, const value *args, int n, value *out)
{
    if (args[0].is_null) {
        *out = value_null(TYPE_TEXT);
        return true;
    }
    const char *separator;
    size_t separator_length;
    if (!value_to_text(ctx, &args[0], &separator, &separator_length))
        return false;
    return join_values(ctx, args, 1, n, separator, separator_length, out);
}

/* left(s, k): the first k characters; a negative k drops the last -k instead. */
static bool fn_left(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    int64_t k = args[1].as.integer;
    if (k < 0)
        k += (int64_t)utf8_length(s, length);
    *out = value_text(TYPE_TEXT, s, k > 0 ? utf8_offset(s, length, k) : 0);
    return true;
}

/* right(s, k): the last k characters; a negative k drops the first -k instead. */
static bool fn_right(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    int64_t k = args[1].as.integer;
    int64_t skip = k < 0 ? -k : (int64_t)utf8_length(s, length) - k;
    size_t from = skip > 0 ? utf8_offset(s, length, skip) : 0;
    *out = value_text(TYPE_TEXT, s + from, length - from);
    return true;
}

/* lpad/rpad(s, length [, fill]): s cut or padded to `length` characters by repeating
 * fill (default a space); with an empty fill s is only cut. */
static bool pad_text(query_context *ctx, const value *args, int n, bool left, value *out)
{
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    const char *fill = n == 3 ? TEXT_DATA(args[2]) : " ";
    size_t fill_length = n == 3 ? TEXT_LENGTH(args[2]) : 1;
    int64_t wanted = args[1].as.integer < 0 ? 0 : args[1].as.integer;
    int64_t kept = (int64_t)utf8_length(s, length);
    if (kept > wanted)
        kept = wanted;
    if (fill_length == 0)
        wanted = kept;
    /* PostgreSQL sizes the result for the widest characters before looking at them. */
    if ((uint64_t)wanted * UTF8_MAX_CHAR_BYTES + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);

    size_t kept_bytes = utf8_offset(s, length, kept);
    int64_t pad = wanted - kept;
    size_t pad_bytes = 0;
    if (pad > 0) {
        int64_t fill_characters = (int64_t)utf8_length(fill, fill_length);
        pad_bytes = (size_t)(pad / fill_characters) * fill_length +
                    utf8_offset(fill, fill_length, pad % fill_characters);
    }
    char *r = text_alloc(ctx, kept_bytes + pad_bytes);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    char *padding = left ? r : r + kept_bytes;
    memcpy(left ? r + pad_bytes : r, s, kept_bytes);
    for (size_t i = 0; i < pad_bytes; i += fill_length)
        memcpy(padding + i, fill, pad_bytes - i < fill_length ? pad_bytes - i : fill_length);
    *out = value_text(TYPE_TEXT, r, kept_bytes + pad_bytes);
    return true;
}

static bool fn_lpad(query_context *ctx, const value *args, int n, value *out)
{
    return pad_text(ctx, args, n, true, out);
}

static bool fn_rpad(query_context *ctx, const value *args, int n, value *out)
{
    return pad_text(ctx, args, n, false, out);
}

/* split_part(s, delimiter, k): the k-th field (from the end when k < 0, as in
 * PostgreSQL 14+). Without any delimiter in s, s is both the first and the last field. */
static bool fn_split_part(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    const char *delimiter = TEXT_DATA(args[1]);
    size_t delimiter_length = TEXT_LENGTH(args[1]);
    int64_t field = args[2].as.integer;
    if (field == 0)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "field position must not be zero");
    *out = value_text(TYPE_TEXT, s, 0);
    if (length == 0)
        return true;
    int64_t matches = 0;
    if (delimiter_length > 0) {
        for (int64_t at = find_bytes(s, length, 0, delimiter, delimiter_length); at >= 0;
             at = find_bytes(s, length, (size_t)at + delimiter_length, delimiter, delimiter_length))
            matches++;
    }
    int64_t fields = matches + 1;
    if (field < 0)
        field += fields + 1;
    if (field <= 0 || field > fields)
        return true;
    /* Walk to the field's start, then to the delimiter that ends it. */
    size_t start = 0;
    for (int64_t i = 1; i < field; i++)
        start = (size_t)find_bytes(s, length, start, delimiter, delimiter_length) + delimiter_length;
    int64_t end = field < fields ? find_bytes(s, length, start, delimiter, delimiter_length)
                                 : (int64_t)length;
    *out = value_text(TYPE_TEXT, s + start, (size_t)end - start);
    return true;
}

static bool fn_starts_with(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    size_t prefix = TEXT_LENGTH(args[1]);
    *out = value_bool(prefix <= TEXT_LENGTH(args[0]) &&
                      memcmp(TEXT_DATA(args[0]), TEXT_DATA(args[1]), prefix) == 0);
    return true;
}

/* ascii(s): the code point of the first character (0 for an empty string). */
static bool fn_ascii(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const unsigned char *s = (const unsigned char *)TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    int64_t code = 0;
    if (length > 0) {
        size_t width = utf8_char_bytes(s[0]);
        if (width > length)
            width = length;
        static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
        code = s[0] & lead_mask[width];
        for (size_t i = 1; i < width; i++)
            code = (code << 6) | (s[i] & 0x3F);
    }
    *out = value_int(TYPE_INT4, code);
    return true;
}

/* chr(code): the character with that code point; PostgreSQL refuses 0, negatives,
 * values past U+10FFFF and UTF-16 surrogates. */
static bool fn_chr(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t code = args[0].as.integer;
    if (code < 0)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "character number must be positive");
    if (code == 0)
        return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1, "null character not permitted");
    if (code > 0x10FFFF)
        return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1,
                          "requested character too large for encoding: %lld", (long long)code);
    if (code >= 0xD800 && code <= 0xDFFF)
        return query_fail(ctx, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1,
                          "requested character not valid for encoding: %lld", (long long)code);
    char *r = text_alloc(ctx, UTF8_MAX_CHAR_BYTES);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    uint32_t c = (uint32_t)code;
    size_t width;
    if (c < 0x80) {
        r[0] = (char)c;
        width = 1;
    } else if (c < 0x800) {
        r[0] = (char)(0xC0 | (c >> 6));
        r[1] = (char)(0x80 | (c & 0x3F));
        width = 2;
    } else if (c < 0x10000) {
        r[0] = (char)(0xE0 | (c >> 12));
        r[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        r[2] = (char)(0x80 | (c & 0x3F));
        width = 3;
    } else {
        r[0] = (char)(0xF0 | (c >> 18));
        r[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        r[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        r[3] = (char)(0x80 | (c & 0x3F));
        width = 4;
    }
    *out = value_text(TYPE_TEXT, r, width);
    return true;
}

/* md5(s) and md5(bytea): the digest of the bytes, as 32 lowercase hex digits. */
static bool fn_md5(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    if (EVP_Digest(TEXT_DATA(args[0]), TEXT_LENGTH(args[0]), digest, &digest_length, EVP_md5(),
                   NULL) != 1)
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not compute MD5 hash");
    char *r = text_alloc(ctx, (size_t)digest_length * 2);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    hex_encode(digest, digest_length, r);
    *out = value_text(TYPE_TEXT, r, (size_t)digest_length * 2);
    return true;
}

/* ---- encode and decode: bytea <-> text in hex, base64 or escape ---- */

typedef enum binary_format { FORMAT_HEX, FORMAT_BASE64, FORMAT_ESCAPE } binary_format;

static bool binary_format_named(query_context *ctx, const value *name, binary_format *out)
{
    static const char *const names[] = {"hex", "base64", "escape"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (TEXT_LENGTH(*name) == strlen(names[i]) &&
            strncasecmp(TEXT_DATA(*name), names[i], TEXT_LENGTH(*name)) == 0) {
            *out = (binary_format)i;
            return true;
        }
    }
    return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "unrecognized encoding: \"%.*s\"",
                      (int)TEXT_LENGTH(*name), TEXT_DATA(*name));
}

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* As PostgreSQL writes it: a newline after every 76 characters, padding with '='. */
static size_t base64_encode(const uint8_t *bytes, size_t length, char *out)
{
    size_t n = 0, line_end = 76;
    uint32_t group = 0;
    int filled = 0;
    for (size_t i = 0; i < length; i++) {
        group = group << 8 | bytes[i];
        if (++filled == 3) {
            for (int shift = 18; shift >= 0; shift -= 6)
                out[n++] = base64_alphabet[(group >> shift) & 0x3F];
            group = 0;
            filled = 0;
        }
        if (n >= line_end) {
            out[n++] = '\n';
            line_end = n + 76;
        }
    }
    if (filled > 0) {
        group <<= 8 * (3 - filled);
        out[n++] = base64_alphabet[(group >> 18) & 0x3F];
        out[n++] = base64_alphabet[(group >> 12) & 0x3F];
        out[n++] = filled == 2 ? base64_alphabet[(group >> 6) & 0x3F] : '=';
        out[n++] = '=';
    }
    return n;
}

static int base64_digit(char c)
{
    const char *at = c != '\0' ? strchr(base64_alphabet, c) : NULL;
    return at != NULL ? (int)(at - base64_alphabet) : -1;
}

/* As PostgreSQL reads it: whitespace skipped anywhere, '=' only where padding may start,
 * and a whole number of 4-character groups. out has room for 3 * length / 4 bytes. */
static bool base64_decode(query_context *ctx, const char *text, size_t length, uint8_t *out,
                          size_t *out_length)
{
    size_t n = 0;
    uint32_t group = 0;
    int filled = 0, padding = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        int digit = 0;
        if (c == '=') {
            if (padding == 0) {
                if (filled < 2)
                    return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                                      "unexpected \"=\" while decoding base64 sequence");
                padding = filled == 2 ? 2 : 1;
            }
        } else if ((digit = base64_digit(c)) < 0) {
            size_t width = utf8_next(text, length, i) - i;
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                              "invalid symbol \"%.*s\" found while decoding base64 sequence",
                              (int)width, text + i);
        }
        group = group << 6 | (uint32_t)digit;
        if (++filled == 4) {
            out[n++] = (uint8_t)(group >> 16);
            if (padding != 2)
                out[n++] = (uint8_t)(group >> 8);
            if (padding == 0)
                out[n++] = (uint8_t)group;
            group = 0;
            filled = 0;
        }
    }
    if (filled != 0) {
        query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "invalid base64 end sequence");
        return query_fail_hint(ctx, "Input data is missing padding, is truncated, or is "
                                    "otherwise corrupted.");
    }
    *out_length = n;
    return true;
}

/* encode(bytea, format) -> text */
static bool fn_encode(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    binary_format format;
    if (!binary_format_named(ctx, &args[1], &format))
        return false;
    const uint8_t *bytes = (const uint8_t *)TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    size_t room = format == FORMAT_HEX      ? 2 * length
                  : format == FORMAT_ESCAPE ? 4 * length
                                            : (length + 2) / 3 * 4 + length / 57 + 1;
    if (room + VALUE_HEADER_BYTES > VALUE_MAX_BYTES)
        return length_too_large(ctx);
    char *r = text_alloc(ctx, room);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    size_t written = room;
    if (format == FORMAT_HEX)
        hex_encode(bytes, length, r);
    else if (format == FORMAT_ESCAPE)
        written = bytea_escape_encode(bytes, length, false, r);
    else
        written = base64_encode(bytes, length, r);
    *out = value_text(TYPE_TEXT, r, written);
    return true;
}

/* decode(text, format) -> bytea */
static bool fn_decode(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    binary_format format;
    if (!binary_format_named(ctx, &args[1], &format))
        return false;
    const char *text = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    uint8_t *bytes = (uint8_t *)text_alloc(ctx, length);
    if (bytes == NULL)
        return query_fail_no_memory(ctx);
    size_t written;
    bool ok = format == FORMAT_HEX      ? hex_decode(ctx, text, length, -1, bytes, &written)
              : format == FORMAT_ESCAPE ? bytea_escape_decode(ctx, text, length, -1, bytes, &written)
                                        : base64_decode(ctx, text, length, bytes, &written);
    if (!ok)
        return false;
    *out = value_text(TYPE_BYTEA, (const char *)bytes, written);
    return true;
}

/* to_hex(int4/int8): the two's-complement bits in hex, so negatives show all digits. */
static bool fn_to_hex(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint64_t bits = args[0].type == TYPE_INT4 ? (uint64_t)(uint32_t)args[0].as.integer
                                              : (uint64_t)args[0].as.integer;
    char buffer[24];
    int length = snprintf(buffer, sizeof buffer, "%llx", (unsigned long long)bits);
    char *r = arena_strndup(ctx->arena, buffer, (size_t)length);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    *out = value_text(TYPE_TEXT, r, (size_t)length);
    return true;
}

/* quote_literal(x): x as text in single quotes, quotes doubled; a backslash makes it an
 * E'' literal with backslashes doubled too. Non-text values go through their text cast
 * (so true is 'true', as PostgreSQL's quote_literal(anyelement)). */
static bool quote_literal(query_context *ctx, const value *v, value *out)
{
    value text;
    if (!value_cast(ctx, v, TYPE_TEXT, TYPMOD_NONE, CAST_EXPLICIT, -1, &text))
        return false;
    const char *s = TEXT_DATA(text);
    size_t length = TEXT_LENGTH(text);
    bool escape = memchr(s, '\\', length) != NULL;
    char *r = text_alloc(ctx, length * 2 + 3);
    if (r == NULL)
        return query_fail_no_memory(ctx);
    size_t used = 0;
    if (escape)
        r[used++] = 'E';
    r[used++] = '\'';
    for (size_t i = 0; i < length; i++) {
        if (s[i] == '\'' || s[i] == '\\')
            r[used++] = s[i];
        r[used++] = s[i];
    }
    r[used++] = '\'';
    *out = value_text(TYPE_TEXT, r, used);
    return true;
}

static bool fn_quote_literal(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return quote_literal(ctx, &args[0], out);
}

/* quote_nullable(x): quote_literal, or the unquoted word NULL. */
static bool fn_quote_nullable(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    if (args[0].is_null) {
        *out = value_text(TYPE_TEXT, "NULL", 4);
        return true;
    }
    return quote_literal(ctx, &args[0], out);
}

/* overlay(s PLACING r FROM start [FOR count]): s's characters before start, then r,
 * then s from start + count on; count defaults to r's length. */
static bool fn_overlay(query_context *ctx, const value *args, int n, value *out)
{
    const char *s = TEXT_DATA(args[0]);
    size_t length = TEXT_LENGTH(args[0]);
    int64_t start = args[2].as.integer;
    int64_t count = n == 4 ? args[3].as.integer
                           : (int64_t)utf8_length(TEXT_DATA(args[1]), TEXT_LENGTH(args[1]));
    if (start <= 0)
        return query_fail(ctx, SQLSTATE_SUBSTRING_ERROR, -1, "negative substring length not allowed");
    if (start + count > INT32_MAX || start + count < INT32_MIN)
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "integer out of range");
    value head = text_slice(s, length, 1, start);
    value tail = text_slice(s, length, start + count, INT64_MAX);
    value parts[3] = {head, args[1], tail};
    return join_values(ctx, parts, 0, 3, "", 0, out);
}

/* ---- integer and float math ---- */

static bool integer_out_of_range(query_context *ctx, uint32_t type)
{
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "%s",
                      integer_range_message(type));
}

static int64_t integer_min(uint32_t type)
{
    return type == TYPE_INT2 ? INT16_MIN : type == TYPE_INT4 ? INT32_MIN : INT64_MIN;
}

static value float4_value(double d)
{
    value v = value_float8((float)d);
    v.type = TYPE_FLOAT4;
    return v;
}

/* PostgreSQL's float8 range checks (float_overflow_error / float_underflow_error). */
static bool float_overflow(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "value out of range: overflow");
}

static bool float_underflow(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "value out of range: underflow");
}

static bool input_out_of_range(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "input is out of range");
}

/* abs of int2/int4/int8 keeps the type; the type's minimum has no positive twin. */
static bool fn_abs_integer(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t v = args[0].as.integer;
    if (v == integer_min(args[0].type))
        return integer_out_of_range(ctx, args[0].type);
    *out = value_int(args[0].type, v < 0 ? -v : v);
    return true;
}

static bool fn_abs_float4(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = float4_value(fabs(args[0].as.real));
    return true;
}

static bool fn_abs_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    *out = value_float8(fabs(args[0].as.real));
    return true;
}

/* mod of integers: the remainder takes the dividend's sign, as C's %. x % -1 is 0 even
 * for the type's minimum, where C's % would trap. */
static bool fn_mod_integer(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t x = args[0].as.integer, y = args[1].as.integer;
    if (y == 0)
        return query_fail(ctx, SQLSTATE_DIVISION_BY_ZERO, -1, "division by zero");
    *out = value_int(args[0].type, y == -1 ? 0 : x % y);
    return true;
}

/* gcd of int4/int8, as PostgreSQL computes it: Euclid on the values as given, which
 * works for negatives; the type's minimum is only a problem when the result would be
 * its magnitude (gcd(min, 0) and gcd(min, min)). */
static bool integer_gcd(query_context *ctx, uint32_t type, int64_t a, int64_t b, int64_t *out)
{
    int64_t min = integer_min(type);
    /* Put the larger magnitude first; comparing negated magnitudes avoids -min. */
    int64_t na = a < 0 ? a : -a, nb = b < 0 ? b : -b;
    if (na > nb) {
        int64_t t = a;
        a = b;
        b = t;
    }
    if (a == min) {
        if (b == 0 || b == min)
            return integer_out_of_range(ctx, type);
        if (b == -1) {
            *out = 1;
            return true;
        }
    }
    while (b != 0) {
        int64_t r = a % b;
        a = b;
        b = r;
    }
    *out = a < 0 ? -a : a;
    return true;
}

static bool fn_gcd_integer(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t g;
    if (!integer_gcd(ctx, args[0].type, args[0].as.integer, args[1].as.integer, &g))
        return false;
    *out = value_int(args[0].type, g);
    return true;
}

static bool fn_lcm_integer(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    uint32_t type = args[0].type;
    int64_t a = args[0].as.integer, b = args[1].as.integer;
    if (a == 0 || b == 0) {
        *out = value_int(type, 0);
        return true;
    }
    int64_t g;
    if (!integer_gcd(ctx, type, a, b, &g))
        return false;
    int64_t product;
    if (__builtin_mul_overflow(a / g, b, &product) || !integer_fits(type, product) ||
        product == integer_min(type))
        return integer_out_of_range(ctx, type);
    *out = value_int(type, product < 0 ? -product : product);
    return true;
}

/* Stores a float8 result; returns true so callers can `return float8_result(...)`. */
static bool float8_result(value *out, double d)
{
    *out = value_float8(d);
    return true;
}

/* round(float8) rounds half to even, as PostgreSQL's rint(). */
static bool fn_round_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, rint(args[0].as.real));
}

static bool fn_trunc_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, trunc(args[0].as.real));
}

static bool fn_floor_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, floor(args[0].as.real));
}

static bool fn_ceil_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, ceil(args[0].as.real));
}

/* sign(float8): NaN gives 0, as in PostgreSQL (neither comparison holds). */
static bool fn_sign_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    double x = args[0].as.real;
    return float8_result(out, x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
}

static bool fn_sqrt_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    if (x < 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                          "cannot take square root of a negative number");
    return float8_result(out, sqrt(x));
}

static bool fn_cbrt(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, cbrt(args[0].as.real));
}

/* exp(float8): an infinite argument is allowed; a finite one that overflows or
 * underflows is an error. */
static bool fn_exp_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    if (isnan(x))
        return float8_result(out, x);
    if (isinf(x))
        return float8_result(out, x > 0 ? x : 0.0);
    errno = 0;
    double r = exp(x);
    if (errno == ERANGE && r != 0.0)
        return float_overflow(ctx);
    if (errno == ERANGE || r == 0.0)
        return float_underflow(ctx);
    if (isinf(r))
        return float_overflow(ctx);
    return float8_result(out, r);
}

/* ln and log10 of float8 share PostgreSQL's domain checks. */
static bool float_log(query_context *ctx, double x, double (*log_function)(double), value *out)
{
    if (x == 0.0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_LOG, -1, "cannot take logarithm of zero");
    if (x < 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_LOG, -1,
                          "cannot take logarithm of a negative number");
    double r = log_function(x);
    if (isinf(r) && !isinf(x))
        return float_overflow(ctx);
    if (r == 0.0 && x != 1.0)
        return float_underflow(ctx);
    return float8_result(out, r);
}

static bool fn_ln_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return float_log(ctx, args[0].as.real, log, out);
}

static bool fn_log10_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return float_log(ctx, args[0].as.real, log10, out);
}

/* power(float8, float8) with PostgreSQL's dpow rules: POSIX results for NaN and
 * infinities decided explicitly (pow() implementations differ), SQL's 2201F errors, and
 * overflow/underflow of finite inputs as errors. */
static bool fn_power_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real, y = args[1].as.real;
    if (isnan(x))
        return float8_result(out, isnan(y) || y != 0.0 ? NAN : 1.0);
    if (isnan(y))
        return float8_result(out, x != 1.0 ? NAN : 1.0);
    if (x == 0 && y < 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                          "zero raised to a negative power is undefined");
    if (x < 0 && floor(y) != y)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                          "a negative number raised to a non-integer power yields a complex result");
    if (isinf(y)) {
        double ax = fabs(x);
        if (ax == 1.0)
            return float8_result(out, 1.0);
        if (y > 0)
            return float8_result(out, ax > 1.0 ? y : 0.0);
        return float8_result(out, ax > 1.0 ? 0.0 : -y);
    }
    if (isinf(x)) {
        if (y == 0.0)
            return float8_result(out, 1.0);
        if (x > 0)
            return float8_result(out, y > 0 ? x : 0.0);
        /* x = -Inf: y is an integer here; the sign depends on whether it is odd. */
        bool odd = floor(y / 2) != y / 2;
        if (y > 0)
            return float8_result(out, odd ? x : -x);
        return float8_result(out, odd ? -0.0 : 0.0);
    }
    errno = 0;
    double r = pow(x, y);
    if (errno == EDOM || isnan(r)) {
        /* Some libms fail this way for |y| > 2^63; the limits are clear anyway. */
        double ax = fabs(x);
        if (x == 0.0)
            return float8_result(out, 0.0);
        if (ax == 1.0)
            return float8_result(out, 1.0);
        return (y >= 0 ? ax > 1.0 : ax < 1.0) ? float_overflow(ctx) : float_underflow(ctx);
    }
    if (errno == ERANGE)
        return r != 0.0 ? float_overflow(ctx) : float_underflow(ctx);
    if (isinf(r))
        return float_overflow(ctx);
    if (r == 0.0 && x != 0.0)
        return float_underflow(ctx);
    return float8_result(out, r);
}

static bool fn_pi(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    return float8_result(out, M_PI);
}

/* PostgreSQL's RADIANS_PER_DEGREE, so degrees() and radians() round identically. */
#define RADIANS_PER_DEGREE 0.0174532925199432957692

static bool fn_degrees(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    double r = x / RADIANS_PER_DEGREE;
    if (isinf(r) && !isinf(x))
        return float_overflow(ctx);
    if (r == 0.0 && x != 0.0)
        return float_underflow(ctx);
    return float8_result(out, r);
}

static bool fn_radians(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    double r = x * RADIANS_PER_DEGREE;
    if (isinf(r) && !isinf(x))
        return float_overflow(ctx);
    if (r == 0.0 && x != 0.0)
        return float_underflow(ctx);
    return float8_result(out, r);
}

/* sin, cos, tan, cot: NaN passes through, an infinite argument is out of range. An
 * infinite result is an overflow for sin and cos only: tan and cot reach infinity
 * legitimately (cot(0)). */
static bool circular(query_context *ctx, double x, double (*f)(double), bool cotangent,
                     bool may_be_infinite, value *out)
{
    if (isnan(x))
        return float8_result(out, x);
    if (isinf(x))
        return input_out_of_range(ctx);
    double r = f(x);
    if (cotangent)
        r = 1.0 / r;
    if (isinf(r) && !may_be_infinite)
        return float_overflow(ctx);
    return float8_result(out, r);
}

static bool fn_sin(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return circular(ctx, args[0].as.real, sin, false, false, out);
}

static bool fn_cos(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return circular(ctx, args[0].as.real, cos, false, false, out);
}

static bool fn_tan(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return circular(ctx, args[0].as.real, tan, false, true, out);
}

static bool fn_cot(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return circular(ctx, args[0].as.real, tan, true, true, out);
}

/* asin and acos: defined on [-1, 1] only. */
static bool inverse_circular(query_context *ctx, double x, double (*f)(double), value *out)
{
    if (isnan(x))
        return float8_result(out, x);
    if (x < -1.0 || x > 1.0)
        return input_out_of_range(ctx);
    return float8_result(out, f(x));
}

static bool fn_asin(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return inverse_circular(ctx, args[0].as.real, asin, out);
}

static bool fn_acos(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return inverse_circular(ctx, args[0].as.real, acos, out);
}

static bool fn_atan(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, atan(args[0].as.real));
}

static bool fn_atan2(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, atan2(args[0].as.real, args[1].as.real));
}

/* sinh and cosh saturate to infinity instead of failing; cosh's only error is an
 * impossible underflow that PostgreSQL still checks for. */
static bool fn_sinh(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    double x = args[0].as.real;
    errno = 0;
    double r = sinh(x);
    if (errno == ERANGE)
        r = x < 0 ? -INFINITY : INFINITY;
    return float8_result(out, r);
}

static bool fn_cosh(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    errno = 0;
    double r = cosh(args[0].as.real);
    if (errno == ERANGE)
        r = INFINITY;
    if (r == 0.0)
        return float_underflow(ctx);
    return float8_result(out, r);
}

static bool fn_tanh(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, tanh(args[0].as.real));
}

static bool fn_asinh(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    return float8_result(out, asinh(args[0].as.real));
}

static bool fn_acosh(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    if (x < 1.0)
        return input_out_of_range(ctx);
    return float8_result(out, acosh(x));
}

/* atanh(+-1) is +-Infinity by definition, not a pole error. */
static bool fn_atanh(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real;
    if (x < -1.0 || x > 1.0)
        return input_out_of_range(ctx);
    if (x == -1.0 || x == 1.0)
        return float8_result(out, x * INFINITY);
    return float8_result(out, atanh(x));
}

/* random(): uniform in [0, 1) from a splitmix64 stream seeded once per process from the
 * kernel. Not for cryptography, as PostgreSQL's random() is not. */
static uint64_t random_state;
static bool random_seeded;

static bool fn_random(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    if (!random_seeded) {
        if (getrandom(&random_state, sizeof random_state, 0) != (ssize_t)sizeof random_state)
            random_state = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
        random_seeded = true;
    }
    random_state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = random_state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    /* The top 53 bits make every double in [0, 1) with step 2^-53 equally likely. */
    return float8_result(out, (double)(z >> 11) * 0x1.0p-53);
}

/* width_bucket(x, low, high, count) on float8, computed in double precision exactly as
 * PostgreSQL 15 does (so its rounding at bucket edges is reproduced). */
static bool fn_width_bucket_float8(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    double x = args[0].as.real, b1 = args[1].as.real, b2 = args[2].as.real;
    int64_t count = args[3].as.integer;
    if (count <= 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "count must be greater than zero");
    if (isnan(x) || isnan(b1) || isnan(b2))
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "operand, lower bound, and upper bound cannot be NaN");
    if (isinf(b1) || isinf(b2))
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "lower and upper bounds must be finite");
    if (b1 == b2)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "lower bound cannot equal upper bound");
    bool ascending = b1 < b2;
    int64_t bucket;
    if (ascending ? x < b1 : x > b1) {
        bucket = 0;
    } else if (ascending ? x >= b2 : x <= b2) {
        bucket = count + 1;
    } else {
        double fraction = ascending ? (double)count * (x - b1) / (b2 - b1)
                                    : (double)count * (b1 - x) / (b1 - b2);
        /* Within the bounds the quotient lies in [0, count]; bounds spanning more than
         * DBL_MAX make it NaN or infinite, which PostgreSQL does not define either. */
        bucket = isfinite(fraction) ? (int64_t)fraction + 1 : count;
    }
    if (bucket > INT32_MAX)
        return integer_out_of_range(ctx, TYPE_INT4);
    *out = value_int(TYPE_INT4, bucket);
    return true;
}

/* ---- numeric helpers ----
 *
 * numeric.h gives exact add/sub/mul, rounding, and a division whose scale it chooses.
 * sqrt, ln, exp, log and power need divisions and products rounded to scales of their
 * own, so they are built here from those exact operations. Result scales follow
 * PostgreSQL's numeric.c rules (stated at each function). Division and square root are
 * correctly rounded, as PostgreSQL's are; ln, exp and power use PostgreSQL's algorithms
 * with its working scales and guard digits, so that even results that land near a
 * rounding tie (where its last digit is not the correctly rounded one) come out the
 * same.
 */

/* PostgreSQL's limits: results carry at least 16 significant digits, at most 1000
 * digits after the point; exp() of more than 6000 (in magnitude) is out of range. */
#define NUMERIC_MIN_SIG_DIGITS 16
#define NUMERIC_MAX_RESULT_SCALE (NUMERIC_MAX_PRECISION * 2)
#define LOG10_E 0.434294481903252
#define LOG10_2 0.301029995663981

/* Stores a numeric result; returns true so callers can `return numeric_result(...)`. */
static bool numeric_result(const numeric *n, value *out)
{
    *out = value_null(TYPE_NUMERIC);
    out->is_null = false;
    out->as.number = *n;
    return true;
}

static bool num_check(query_context *ctx, numeric_status status)
{
    switch (status) {
    case NUMERIC_OK:
        return true;
    case NUMERIC_NO_MEMORY:
        return query_fail_no_memory(ctx);
    case NUMERIC_DIVISION_BY_ZERO:
        return query_fail(ctx, SQLSTATE_DIVISION_BY_ZERO, -1, "division by zero");
    case NUMERIC_INVALID_SYNTAX:
    case NUMERIC_UNDEFINED:
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "numeric computation failed");
    case NUMERIC_OUT_OF_RANGE:
    case NUMERIC_FIELD_OVERFLOW:
        break;
    }
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "value overflows numeric format");
}

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

static bool num_special(const numeric *x)
{
    return x->kind != NUMERIC_FINITE;
}

/* -1, 0 or 1; infinities count as their sign (NaN must be handled before). */
static int num_sign(const numeric *x)
{
    if (x->kind == NUMERIC_PINF)
        return 1;
    if (x->kind == NUMERIC_NINF)
        return -1;
    if (x->ndigits == 0)
        return 0;
    return x->negative ? -1 : 1;
}

static void num_set_special(numeric_kind kind, numeric *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
}

static bool num_int(query_context *ctx, int64_t v, numeric *out)
{
    return num_check(ctx, numeric_from_int64(ctx->arena, v, out));
}

/* Zero shown with `scale` digits after the point. */
static bool num_zero(query_context *ctx, int scale, numeric *out)
{
    if (!num_int(ctx, 0, out))
        return false;
    out->dscale = scale;
    return true;
}

static bool num_text(query_context *ctx, const char *text, numeric *out)
{
    return num_check(ctx, numeric_from_text(ctx->arena, text, strlen(text), out));
}

/* 10^exponent, exact. */
static bool num_pow10(query_context *ctx, int exponent, numeric *out)
{
    char text[24];
    snprintf(text, sizeof text, "1e%d", exponent);
    return num_text(ctx, text, out);
}

/* Whether a finite value has no fractional digits. */
static bool num_is_integral(const numeric *x)
{
    return x->ndigits == 0 || x->ndigits <= x->weight + 1;
}

/* A double approximation that saturates instead of failing (PostgreSQL's
 * numericvar_to_double_no_overflow): only used to estimate magnitudes. */
static double num_double(const numeric *x)
{
    double d;
    if (numeric_to_double(x, &d) == NUMERIC_OK)
        return d;
    if (x->weight < 0)
        return 0.0;
    return x->negative ? -HUGE_VAL : HUGE_VAL;
}

static bool num_add(query_context *ctx, const numeric *x, const numeric *y, numeric *out)
{
    return num_check(ctx, numeric_add(ctx->arena, x, y, out));
}

static bool num_sub(query_context *ctx, const numeric *x, const numeric *y, numeric *out)
{
    return num_check(ctx, numeric_sub(ctx->arena, x, y, out));
}

/* Rounds (half away from zero) or truncates to `scale` places. numeric_round clamps
 * the scale to +-2000 as SQL's round(x, s) does, but working precisions go beyond:
 * exp(5000) has 2172 integer digits, and reducing ln(1e100000) rounds 65000 places left
 * of the point. Such scales shift the point instead, using only powers of ten whose
 * display scale numeric can hold. */
static bool num_div_trunc(query_context *ctx, const numeric *x, const numeric *y, numeric *out);

static bool num_round_to(query_context *ctx, const numeric *x, int scale, bool half_up,
                         numeric *out)
{
    int limit = NUMERIC_MAX_RESULT_SCALE;
    if (scale >= -limit && scale <= limit) {
        return num_check(ctx, half_up ? numeric_round(ctx->arena, x, scale, out)
                                      : numeric_trunc(ctx->arena, x, scale, out));
    }
    if (scale > limit) {
        numeric up, down, shifted;
        if (!num_pow10(ctx, scale - limit, &up) || !num_pow10(ctx, limit - scale, &down) ||
            !num_check(ctx, numeric_mul(ctx->arena, x, &up, &shifted)) ||
            !num_round_to(ctx, &shifted, limit, half_up, &shifted))
            return false;
        return num_check(ctx, numeric_mul(ctx->arena, &shifted, &down, out));
    }
    /* Whole units of 10^-scale, plus one more when the rest is at least half a unit. */
    numeric unit, q, kept, rest, twice, one;
    if (!num_pow10(ctx, -scale, &unit) || !num_div_trunc(ctx, x, &unit, &q))
        return false;
    if (half_up) {
        if (!num_check(ctx, numeric_mul(ctx->arena, &q, &unit, &kept)) ||
            !num_sub(ctx, x, &kept, &rest) || !num_int(ctx, rest.negative ? -2 : 2, &twice) ||
            !num_check(ctx, numeric_mul(ctx->arena, &rest, &twice, &twice)))
            return false;
        if (numeric_compare(&twice, &unit) >= 0 &&
            (!num_int(ctx, x->negative ? -1 : 1, &one) || !num_add(ctx, &q, &one, &q)))
            return false;
    }
    return num_check(ctx, numeric_mul(ctx->arena, &q, &unit, out));
}

static bool num_round(query_context *ctx, const numeric *x, int scale, numeric *out)
{
    return num_round_to(ctx, x, scale, true, out);
}

/* x * y rounded to `scale` places when the exact product has more. */
static bool num_mul(query_context *ctx, const numeric *x, const numeric *y, int scale,
                    numeric *out)
{
    if (!num_check(ctx, numeric_mul(ctx->arena, x, y, out)))
        return false;
    return out->dscale <= scale || num_round(ctx, out, scale, out);
}

/* trunc(x / y) exactly, with scale 0: the remainder r = x mod y (sign of x) makes
 * x - r an exact multiple of y, whose quotient numeric_div returns without rounding. */
static bool num_div_trunc(query_context *ctx, const numeric *x, const numeric *y, numeric *out)
{
    numeric r, exact;
    if (!num_check(ctx, numeric_mod(ctx->arena, x, y, &r)) || !num_sub(ctx, x, &r, &exact) ||
        !num_check(ctx, numeric_div(ctx->arena, &exact, y, out)))
        return false;
    return num_check(ctx, numeric_trunc(ctx->arena, out, 0, out));
}

/* x / y correctly rounded (half away from zero) to `scale` places: the quotient
 * truncated one place further, whose last digit then decides the rounding exactly.
 * That place is made an integer one by scaling x up by 10^(scale+1), or y by the
 * inverse, whichever numeric's weight and display-scale limits allow. */
static bool num_div(query_context *ctx, const numeric *x, const numeric *y, int scale,
                    numeric *out)
{
    int places = scale + 1;
    numeric shift, back, dividend = *x, divisor = *y, q;
    if (!num_pow10(ctx, places >= 0 ? places : -places, &shift) ||
        !num_pow10(ctx, -places, &back))
        return false;
    /* Scaling a value near numeric's largest weight up would overflow; scale the
     * divisor down instead. */
    bool room = x->weight + places / NUMERIC_DEC_DIGITS + 1 < SHRT_MAX;
    if (places >= 0 && room && !num_check(ctx, numeric_mul(ctx->arena, x, &shift, &dividend)))
        return false;
    if (places >= 0 && !room && !num_check(ctx, numeric_mul(ctx->arena, y, &back, &divisor)))
        return false;
    if (places < 0 && !num_check(ctx, numeric_mul(ctx->arena, y, &shift, &divisor)))
        return false;
    if (!num_div_trunc(ctx, &dividend, &divisor, &q) ||
        !num_check(ctx, numeric_mul(ctx->arena, &q, &back, &q)))
        return false;
    return num_round(ctx, &q, scale, out);
}

static bool num_div_int(query_context *ctx, const numeric *x, int64_t divisor, int scale,
                        numeric *out)
{
    numeric d;
    return num_int(ctx, divisor, &d) && num_div(ctx, x, &d, scale, out);
}

/* sqrt(x) for finite x >= 0, correctly rounded to `scale` places. Newton's iteration
 * (from a double estimate) gets close; exact squares then fix the truncated root at
 * scale + 1 places, and that extra digit decides the rounding. */
static bool num_sqrt(query_context *ctx, const numeric *x, int scale, numeric *out)
{
    if (x->ndigits == 0)
        return num_zero(ctx, scale, out);
    int places = scale + 1;
    int work = places + 2;

    /* x ~ m * 10^e from its leading base-10000 digits; e is a multiple of 4, so
     * sqrt(x) ~ sqrt(m) * 10^(e/2). */
    int groups = min_int(x->ndigits, 4);
    double m = 0;
    for (int i = 0; i < groups; i++)
        m = m * NUMERIC_BASE + x->digits[i];
    int e = (x->weight - groups + 1) * NUMERIC_DEC_DIGITS;
    numeric scale_up, y, half, tiny;
    if (!num_pow10(ctx, e / 2, &scale_up) ||
        !num_check(ctx, numeric_from_double(ctx->arena, sqrt(m), &y)) ||
        !num_check(ctx, numeric_mul(ctx->arena, &y, &scale_up, &y)) || !num_text(ctx, "0.5", &half) ||
        !num_pow10(ctx, -(places + 1), &tiny))
        return false;
    /* A root this far below the last place rounds to zero (the estimate is good to 14
     * digits); the iteration below would lose it to rounding anyway. */
    if (numeric_compare(&y, &tiny) < 0)
        return num_zero(ctx, scale, out);
    /* Keep at least 20 significant digits of the root while iterating. */
    work = max_int(work, 20 - e / 2);

    /* After one step y is at or above the root (AM-GM) and then falls; stop when it
     * stops falling. Convergence is quadratic, so 64 steps is far more than enough. */
    for (int step = 0; step < 64; step++) {
        numeric q, next;
        if (!num_div(ctx, x, &y, work, &q) || !num_add(ctx, &y, &q, &next) ||
            !num_mul(ctx, &next, &half, work, &next))
            return false;
        if (step > 0 && numeric_compare(&next, &y) >= 0)
            break;
        y = next;
    }

    numeric ulp, square, up;
    if (!num_round_to(ctx, &y, places, false, &y) || !num_pow10(ctx, -places, &ulp))
        return false;
    for (int i = 0; i < 100; i++) {
        if (!num_check(ctx, numeric_mul(ctx->arena, &y, &y, &square)))
            return false;
        if (numeric_compare(&square, x) <= 0)
            break;
        if (!num_sub(ctx, &y, &ulp, &y))
            return false;
    }
    for (int i = 0; i < 100; i++) {
        if (!num_add(ctx, &y, &ulp, &up) || !num_check(ctx, numeric_mul(ctx->arena, &up, &up, &square)))
            return false;
        if (numeric_compare(&square, x) > 0)
            break;
        y = up;
    }
    return num_round(ctx, &y, scale, out);
}

/* ln(x) for finite x > 0, rounded to `scale` places, computed as PostgreSQL's ln_var
 * does (same reductions and working scales, so that even results near a rounding tie
 * come out the same): square roots bring x into (0.9, 1.1), each keeping about
 * scale + 8 significant digits; then ln(x) = 2^(k+1) * (z + z^3/3 + z^5/5 + ...) with
 * z = (x-1)/(x+1). */
static bool num_ln(query_context *ctx, const numeric *arg, int scale, numeric *out)
{
    numeric x = *arg, low, high, one;
    if (!num_text(ctx, "0.9", &low) || !num_text(ctx, "1.1", &high) || !num_int(ctx, 1, &one))
        return false;
    int roots = 0;
    while (numeric_compare(&x, &low) <= 0 || numeric_compare(&x, &high) >= 0) {
        /* A negative scale rounds left of the point: large inputs need no fraction. */
        if (!num_sqrt(ctx, &x, scale - x.weight * NUMERIC_DEC_DIGITS / 2 + 8, &x))
            return false;
        roots++;
    }
    /* The series result is scaled by 2^(roots+1): keep that many more digits. */
    int work = scale + (int)((roots + 1) * LOG10_2) + 8;
    numeric numerator, denominator, z, z2, power, sum;
    if (!num_sub(ctx, &x, &one, &numerator) || !num_add(ctx, &x, &one, &denominator) ||
        !num_div(ctx, &numerator, &denominator, work, &z) || !num_mul(ctx, &z, &z, work, &z2))
        return false;
    sum = z;
    power = z;
    for (int64_t i = 3;; i += 2) {
        numeric term;
        if (!num_mul(ctx, &power, &z2, work, &power) || !num_div_int(ctx, &power, i, work, &term))
            return false;
        if (term.ndigits == 0)
            break;
        if (!num_add(ctx, &sum, &term, &sum))
            return false;
        if (term.weight < sum.weight - work * 2 / NUMERIC_DEC_DIGITS)
            break;
    }
    numeric factor;
    return num_int(ctx, (int64_t)1 << (roots + 1), &factor) &&
           num_mul(ctx, &sum, &factor, scale, out) && num_round(ctx, out, scale, out);
}

/* e^x rounded to `scale` places, organised as PostgreSQL's exp_var: x is halved k times
 * to |x| <= 0.01, the Taylor series is summed with guard digits, and the sum squared k
 * times. Beyond |x| >= 6000 the result overflows (or is 0 at this scale). */
static bool num_exp(query_context *ctx, const numeric *x, int scale, numeric *out)
{
    double val = num_double(x);
    if (fabs(val) >= NUMERIC_MAX_RESULT_SCALE * 3) {
        if (val > 0)
            return num_check(ctx, NUMERIC_OUT_OF_RANGE);
        return num_zero(ctx, scale, out);
    }
    int dweight = (int)(val * LOG10_E);
    numeric r = *x, half;
    if (!num_text(ctx, "0.5", &half))
        return false;
    int halvings = 0;
    while (fabs(val) > 0.01) {
        val /= 2;
        halvings++;
        /* Halving is exact: one more decimal place each time. */
        if (!num_check(ctx, numeric_mul(ctx->arena, &r, &half, &r)))
            return false;
    }
    /* The result has dweight + scale + 1 significant digits; squaring k times costs
     * about k * log10(2) of them; 8 guard digits on top, as PostgreSQL keeps (more
     * would round some near-tie results differently from it). */
    int sig_digits = 1 + dweight + scale + (int)(halvings * LOG10_2);
    sig_digits = max_int(sig_digits, 0) + 8;
    int work = sig_digits - 1;

    numeric one, sum, term;
    if (!num_int(ctx, 1, &one) || !num_add(ctx, &one, &r, &sum) ||
        !num_mul(ctx, &r, &r, work, &term) || !num_div_int(ctx, &term, 2, work, &term))
        return false;
    for (int64_t i = 3; term.ndigits != 0; i++) {
        if (!num_add(ctx, &sum, &term, &sum) || !num_mul(ctx, &term, &r, work, &term) ||
            !num_div_int(ctx, &term, i, work, &term))
            return false;
    }
    while (halvings-- > 0) {
        int places = max_int(sig_digits - sum.weight * 2 * NUMERIC_DEC_DIGITS, 0);
        if (!num_mul(ctx, &sum, &sum, places, &sum))
            return false;
    }
    return num_round(ctx, &sum, scale, out);
}

/* PostgreSQL's estimate of the decimal weight of ln(x) (estimate_ln_dweight), which
 * decides the result scale of ln, log and power: near 1 from x - 1, elsewhere from the
 * leading digits in double precision. */
static bool estimate_ln_dweight(query_context *ctx, const numeric *x, int *out)
{
    *out = 0;
    if (x->negative || x->ndigits == 0)
        return true;
    numeric low, high;
    if (!num_text(ctx, "0.9", &low) || !num_text(ctx, "1.1", &high))
        return false;
    if (numeric_compare(x, &low) >= 0 && numeric_compare(x, &high) <= 0) {
        numeric one, d;
        if (!num_int(ctx, 1, &one) || !num_sub(ctx, x, &one, &d))
            return false;
        if (d.ndigits > 0)
            *out = d.weight * NUMERIC_DEC_DIGITS + (int)log10(d.digits[0]);
        return true;
    }
    int digits = x->digits[0];
    int dweight = x->weight * NUMERIC_DEC_DIGITS;
    if (x->ndigits > 1) {
        digits = digits * NUMERIC_BASE + x->digits[1];
        dweight -= NUMERIC_DEC_DIGITS;
    }
    double ln_x = log((double)digits) + dweight * 2.302585092994046;
    *out = (int)log10(fabs(ln_x));
    return true;
}

static bool log_of_zero(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_LOG, -1, "cannot take logarithm of zero");
}

static bool log_of_negative(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_LOG, -1,
                      "cannot take logarithm of a negative number");
}

/* Clamps a result scale to what numeric shows: [0, 1000]. */
static int display_scale(int scale)
{
    return min_int(max_int(scale, 0), NUMERIC_MAX_DISPLAY_SCALE);
}

/* log(base, x) for finite positive values, with PostgreSQL's log_var scale rules: 16
 * significant digits of the estimated result, at least the inputs' scales. */
static bool num_log(query_context *ctx, const numeric *base, const numeric *x, numeric *out)
{
    if (num_sign(base) == 0 || num_sign(x) == 0)
        return log_of_zero(ctx);
    if (num_sign(base) < 0 || num_sign(x) < 0)
        return log_of_negative(ctx);
    int base_dweight, x_dweight;
    if (!estimate_ln_dweight(ctx, base, &base_dweight) || !estimate_ln_dweight(ctx, x, &x_dweight))
        return false;
    int result_dweight = x_dweight - base_dweight;
    int scale = NUMERIC_MIN_SIG_DIGITS - result_dweight;
    scale = display_scale(max_int(max_int(scale, base->dscale), x->dscale));
    /* Each logarithm to more significant digits than the quotient needs. */
    int base_scale = max_int(scale + result_dweight - base_dweight + 8, 0);
    int x_scale = max_int(scale + result_dweight - x_dweight + 8, 0);
    numeric ln_base, ln_x;
    if (!num_ln(ctx, base, base_scale, &ln_base) || !num_ln(ctx, x, x_scale, &ln_x))
        return false;
    return num_div(ctx, &ln_x, &ln_base, scale, out);
}

/* base^exponent for an int32 exponent, as PostgreSQL's power_var_int: the caller picks
 * the scale; repeated squaring keeps enough significant digits for it. */
static bool num_power_int(query_context *ctx, const numeric *base, int64_t exponent, int scale,
                          numeric *out)
{
    numeric one;
    if (!num_int(ctx, 1, &one))
        return false;
    switch (exponent) {
    case 0: /* 0^0 is 1, as SQL:2003 requires */
        return num_round(ctx, &one, scale, out);
    case 1:
        return num_round(ctx, base, scale, out);
    case -1:
        return num_div(ctx, &one, base, scale, out);
    case 2:
        return num_mul(ctx, base, base, scale, out) && num_round(ctx, out, scale, out);
    default:
        break;
    }
    if (base->ndigits == 0) {
        if (exponent < 0)
            return num_check(ctx, NUMERIC_DIVISION_BY_ZERO);
        return num_zero(ctx, scale, out);
    }
    /* log10 of the result, from the leading digits: to refuse hopeless overflows early,
     * round certain underflows to 0, and size the intermediate precision. */
    double f = base->digits[0];
    int p = base->weight * NUMERIC_DEC_DIGITS;
    for (int i = 1; i < base->ndigits && i * NUMERIC_DEC_DIGITS < 16; i++) {
        f = f * NUMERIC_BASE + base->digits[i];
        p -= NUMERIC_DEC_DIGITS;
    }
    f = (double)exponent * (log10(f) + p);
    if (f > 3.0 * SHRT_MAX * NUMERIC_DEC_DIGITS)
        return num_check(ctx, NUMERIC_OUT_OF_RANGE);
    if (f + 1 < -scale || f + 1 < -NUMERIC_MAX_DISPLAY_SCALE)
        return num_zero(ctx, scale, out);
    /* Rounding each product costs up to log10(|exponent|) digits; 8 guard digits
     * beyond that, and the same per-product scales as PostgreSQL's. */
    int sig_digits = 1 + scale + (int)f + (int)log(fabs((double)exponent)) + 8;

    uint64_t bits = exponent < 0 ? (uint64_t)(-exponent) : (uint64_t)exponent;
    numeric square = *base, result = one;
    if (bits & 1)
        result = *base;
    while ((bits >>= 1) > 0) {
        int places = max_int(sig_digits - 2 * square.weight * NUMERIC_DEC_DIGITS, 0);
        if (!num_mul(ctx, &square, &square, places, &square))
            return false;
        if (bits & 1) {
            places = sig_digits - (square.weight + result.weight) * NUMERIC_DEC_DIGITS;
            if (!num_mul(ctx, &square, &result, max_int(places, 0), &result))
                return false;
        }
        /* Past int16 weights the result certainly overflows numeric's format (or, for
         * a negative exponent, rounds to zero). */
        if (square.weight > SHRT_MAX || result.weight > SHRT_MAX) {
            if (exponent > 0)
                return num_check(ctx, NUMERIC_OUT_OF_RANGE);
            return num_zero(ctx, scale, out);
        }
    }
    if (exponent < 0)
        return num_div(ctx, &one, &result, scale, out);
    return num_round(ctx, &result, scale, out);
}

static bool power_complex(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                      "a negative number raised to a non-integer power yields a complex result");
}

/* base^exponent for finite values (PostgreSQL's power_var): integer exponents by
 * repeated multiplication with scale max(16, base scale); others as
 * exp(exponent * ln(base)) with the scale of 16 significant digits of the result. */
static bool num_power(query_context *ctx, const numeric *base, const numeric *exponent,
                      numeric *out)
{
    if (num_is_integral(exponent)) {
        int64_t e;
        if (numeric_to_int64(exponent, &e) == NUMERIC_OK && e >= INT32_MIN && e <= INT32_MAX) {
            int scale = display_scale(max_int(NUMERIC_MIN_SIG_DIGITS, base->dscale));
            return num_power_int(ctx, base, e, scale, out);
        }
    }
    if (base->ndigits == 0) /* 0 to a positive non-integer (or huge) power */
        return num_zero(ctx, NUMERIC_MIN_SIG_DIGITS, out);

    bool negative = false;
    numeric abs_base = *base;
    if (base->negative) {
        if (!num_is_integral(exponent))
            return power_complex(ctx);
        /* A huge integer exponent: odd when its units digit is. */
        negative = exponent->ndigits == exponent->weight + 1 &&
                   (exponent->digits[exponent->ndigits - 1] & 1);
        abs_base.negative = false;
    }

    /* A first, 8-digit pass estimates the result's magnitude (and catches overflow),
     * which decides the result scale and how precise ln(base) must be. */
    int ln_dweight;
    if (!estimate_ln_dweight(ctx, &abs_base, &ln_dweight))
        return false;
    int work = max_int(8 - ln_dweight, 0);
    numeric ln_base, product;
    if (!num_ln(ctx, &abs_base, work, &ln_base) || !num_mul(ctx, &ln_base, exponent, work, &product))
        return false;
    double val = num_double(&product);
    if (fabs(val) > NUMERIC_MAX_RESULT_SCALE * 3.01) {
        if (val > 0)
            return num_check(ctx, NUMERIC_OUT_OF_RANGE);
        return num_zero(ctx, NUMERIC_MAX_DISPLAY_SCALE, out);
    }
    val *= LOG10_E;
    int scale = NUMERIC_MIN_SIG_DIGITS - (int)val;
    scale = display_scale(max_int(max_int(scale, base->dscale), exponent->dscale));
    int sig_digits = max_int(scale + (int)val, 0);
    work = max_int(sig_digits - ln_dweight + 8, 0);
    if (!num_ln(ctx, &abs_base, work, &ln_base) || !num_mul(ctx, &ln_base, exponent, work, &product) ||
        !num_exp(ctx, &product, scale, out))
        return false;
    if (negative && out->ndigits > 0)
        out->negative = true;
    return true;
}

/* ---- numeric functions ---- */

static bool fn_abs_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    numeric r;
    return num_check(ctx, numeric_abs(ctx->arena, &args[0].as.number, &r)) && numeric_result(&r, out);
}

/* sign(numeric): -1, 0 or 1 with scale 0; NaN stays NaN. */
static bool fn_sign_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number;
    if (x->kind == NUMERIC_NAN)
        return numeric_result(x, out);
    numeric r;
    return num_int(ctx, num_sign(x), &r) && numeric_result(&r, out);
}

/* round(numeric [, scale]) and trunc: half away from zero; NaN and infinities pass. */
static bool fn_round_numeric(query_context *ctx, const value *args, int n, value *out)
{
    numeric r;
    int scale = n == 2 ? (int)args[1].as.integer : 0;
    return num_check(ctx, numeric_round(ctx->arena, &args[0].as.number, scale, &r)) &&
           numeric_result(&r, out);
}

static bool fn_trunc_numeric(query_context *ctx, const value *args, int n, value *out)
{
    numeric r;
    int scale = n == 2 ? (int)args[1].as.integer : 0;
    return num_check(ctx, numeric_trunc(ctx->arena, &args[0].as.number, scale, &r)) &&
           numeric_result(&r, out);
}

/* floor and ceil: the integer part (scale 0), moved one unit away from zero when a
 * fraction was dropped on that side. */
static bool integer_part(query_context *ctx, const numeric *x, bool up, value *out)
{
    if (num_special(x))
        return numeric_result(x, out);
    numeric t, one;
    if (!num_check(ctx, numeric_trunc(ctx->arena, x, 0, &t)))
        return false;
    if (numeric_compare(&t, x) != 0 && x->negative != up) {
        if (!num_int(ctx, up ? 1 : -1, &one) || !num_add(ctx, &t, &one, &t))
            return false;
    }
    return numeric_result(&t, out);
}

static bool fn_floor_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return integer_part(ctx, &args[0].as.number, false, out);
}

static bool fn_ceil_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return integer_part(ctx, &args[0].as.number, true, out);
}

static bool fn_mod_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    numeric r;
    return num_check(ctx, numeric_mod(ctx->arena, &args[0].as.number, &args[1].as.number, &r)) &&
           numeric_result(&r, out);
}

/* div(x, y): the quotient truncated towards zero, scale 0. */
static bool fn_div_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number, *y = &args[1].as.number;
    numeric r;
    if (num_special(x) || num_special(y)) {
        if (x->kind == NUMERIC_NAN || y->kind == NUMERIC_NAN || (num_special(x) && num_special(y))) {
            num_set_special(NUMERIC_NAN, &r);
        } else if (num_special(x)) {
            if (num_sign(y) == 0)
                return num_check(ctx, NUMERIC_DIVISION_BY_ZERO);
            num_set_special(num_sign(x) * num_sign(y) > 0 ? NUMERIC_PINF : NUMERIC_NINF, &r);
        } else if (!num_int(ctx, 0, &r)) { /* finite / infinite */
            return false;
        }
        return numeric_result(&r, out);
    }
    return num_div_trunc(ctx, x, y, &r) && numeric_result(&r, out);
}

/* sqrt(numeric): scale for 16 significant digits, at least the input's. */
static bool fn_sqrt_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number;
    if (x->kind == NUMERIC_NAN || x->kind == NUMERIC_PINF)
        return numeric_result(x, out);
    if (num_sign(x) < 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                          "cannot take square root of a negative number");
    /* PostgreSQL estimates the root's decimal weight from the base-10000 weight. */
    int sweight = (x->weight + 1) * NUMERIC_DEC_DIGITS / 2 - 1;
    int scale = display_scale(max_int(NUMERIC_MIN_SIG_DIGITS - sweight, x->dscale));
    numeric r;
    return num_sqrt(ctx, x, scale, &r) && numeric_result(&r, out);
}

/* exp(numeric): scale for 16 significant digits of the estimated result. */
static bool fn_exp_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number;
    numeric r;
    if (x->kind == NUMERIC_NAN || x->kind == NUMERIC_PINF)
        return numeric_result(x, out);
    if (x->kind == NUMERIC_NINF)
        return num_int(ctx, 0, &r) && numeric_result(&r, out);
    double val = num_double(x) * LOG10_E;
    val = fmin(fmax(val, -NUMERIC_MAX_RESULT_SCALE), NUMERIC_MAX_RESULT_SCALE);
    int scale = display_scale(max_int(NUMERIC_MIN_SIG_DIGITS - (int)val, x->dscale));
    return num_exp(ctx, x, scale, &r) && numeric_result(&r, out);
}

/* ln(numeric): scale for 16 significant digits of the estimated result. */
static bool fn_ln_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number;
    if (x->kind == NUMERIC_NAN || x->kind == NUMERIC_PINF)
        return numeric_result(x, out);
    if (num_sign(x) < 0)
        return log_of_negative(ctx);
    if (num_sign(x) == 0)
        return log_of_zero(ctx);
    int ln_dweight;
    if (!estimate_ln_dweight(ctx, x, &ln_dweight))
        return false;
    int scale = display_scale(max_int(NUMERIC_MIN_SIG_DIGITS - ln_dweight, x->dscale));
    numeric r;
    return num_ln(ctx, x, scale, &r) && numeric_result(&r, out);
}

/* log(base, x) with PostgreSQL's rules for NaN, infinities and bad inputs. */
static bool numeric_log(query_context *ctx, const numeric *base, const numeric *x, value *out)
{
    numeric r;
    if (num_special(base) || num_special(x)) {
        if (base->kind == NUMERIC_NAN || x->kind == NUMERIC_NAN) {
            num_set_special(NUMERIC_NAN, &r);
            return numeric_result(&r, out);
        }
        if (num_sign(base) < 0 || num_sign(x) < 0)
            return log_of_negative(ctx);
        if (num_sign(base) == 0 || num_sign(x) == 0)
            return log_of_zero(ctx);
        if (base->kind == NUMERIC_PINF) {
            /* log(Inf, Inf) is Inf/Inf; log(Inf, finite) is 0 (no underflow error). */
            if (x->kind == NUMERIC_PINF)
                num_set_special(NUMERIC_NAN, &r);
            else if (!num_int(ctx, 0, &r))
                return false;
            return numeric_result(&r, out);
        }
        num_set_special(NUMERIC_PINF, &r);
        return numeric_result(&r, out);
    }
    return num_log(ctx, base, x, &r) && numeric_result(&r, out);
}

static bool fn_log_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return numeric_log(ctx, &args[0].as.number, &args[1].as.number, out);
}

/* log(numeric) and log10(numeric) are log(10, x) in PostgreSQL (SQL functions). */
static bool fn_log10_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    numeric ten;
    return num_int(ctx, 10, &ten) && numeric_log(ctx, &ten, &args[0].as.number, out);
}

/* power(numeric, numeric), with POSIX pow()'s rules for NaN and infinite inputs as
 * PostgreSQL 15 applies them, and SQL's 2201F errors. */
static bool fn_power_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number, *y = &args[1].as.number;
    numeric r, one, minus_one;
    if (!num_int(ctx, 1, &one) || !num_int(ctx, -1, &minus_one))
        return false;
    if (num_special(x) || num_special(y)) {
        /* NaN ^ 0 = 1 and 1 ^ NaN = 1; any other NaN input gives NaN. */
        if (x->kind == NUMERIC_NAN) {
            if (!num_special(y) && num_sign(y) == 0)
                return numeric_result(&one, out);
            num_set_special(NUMERIC_NAN, &r);
            return numeric_result(&r, out);
        }
        if (y->kind == NUMERIC_NAN) {
            if (!num_special(x) && numeric_compare(x, &one) == 0)
                return numeric_result(&one, out);
            num_set_special(NUMERIC_NAN, &r);
            return numeric_result(&r, out);
        }
        int sx = num_sign(x), sy = num_sign(y);
        if (sx == 0 && sy < 0)
            return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                              "zero raised to a negative power is undefined");
        /* PostgreSQL counts infinities as integers here. */
        if (sx < 0 && !num_special(y) && !num_is_integral(y))
            return power_complex(ctx);
        if (!num_special(x) && numeric_compare(x, &one) == 0)
            return numeric_result(&one, out);
        if (sy == 0)
            return numeric_result(&one, out);
        if (sx == 0 && sy > 0)
            return num_int(ctx, 0, &r) && numeric_result(&r, out);
        if (num_special(y)) {
            /* x^(+-Inf): 1 for x = -1, else Inf or 0 by |x| > 1 and the sign of y. */
            bool above_one = true;
            if (!num_special(x)) {
                if (numeric_compare(x, &minus_one) == 0)
                    return numeric_result(&one, out);
                numeric ax = *x;
                ax.negative = false;
                above_one = numeric_compare(&ax, &one) > 0;
            }
            if (above_one == (sy > 0))
                num_set_special(NUMERIC_PINF, &r);
            else if (!num_int(ctx, 0, &r))
                return false;
            return numeric_result(&r, out);
        }
        if (x->kind == NUMERIC_PINF || sy < 0) {
            if (sy > 0)
                num_set_special(NUMERIC_PINF, &r);
            else if (!num_int(ctx, 0, &r))
                return false;
            return numeric_result(&r, out);
        }
        /* -Inf to a positive integer power: the sign follows its parity. */
        bool odd = y->ndigits > 0 && y->ndigits == y->weight + 1 && (y->digits[y->ndigits - 1] & 1);
        num_set_special(odd ? NUMERIC_NINF : NUMERIC_PINF, &r);
        return numeric_result(&r, out);
    }
    if (num_sign(x) == 0 && num_sign(y) < 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_POWER, -1,
                          "zero raised to a negative power is undefined");
    return num_power(ctx, x, y, &r) && numeric_result(&r, out);
}

/* gcd of numerics by Euclid on the values (fractions work too); the result shows the
 * larger input scale. NaN or infinity gives NaN. */
static bool numeric_gcd(query_context *ctx, const numeric *x, const numeric *y, numeric *out)
{
    numeric a = *x, b = *y;
    a.negative = false;
    b.negative = false;
    if (numeric_compare(&a, &b) < 0) {
        numeric t = a;
        a = b;
        b = t;
    }
    while (b.ndigits != 0) {
        numeric r;
        if (!num_check(ctx, numeric_mod(ctx->arena, &a, &b, &r)))
            return false;
        a = b;
        b = r;
    }
    *out = a;
    out->dscale = max_int(x->dscale, y->dscale);
    return true;
}

static bool fn_gcd_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number, *y = &args[1].as.number;
    numeric r;
    if (num_special(x) || num_special(y)) {
        num_set_special(NUMERIC_NAN, &r);
        return numeric_result(&r, out);
    }
    return numeric_gcd(ctx, x, y, &r) && numeric_result(&r, out);
}

/* lcm = |x / gcd * y|, with the larger input scale. */
static bool fn_lcm_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number, *y = &args[1].as.number;
    numeric r;
    if (num_special(x) || num_special(y)) {
        num_set_special(NUMERIC_NAN, &r);
        return numeric_result(&r, out);
    }
    if (x->ndigits == 0 || y->ndigits == 0) {
        if (!num_int(ctx, 0, &r))
            return false;
    } else {
        numeric g, q;
        if (!numeric_gcd(ctx, x, y, &g) || !num_div_trunc(ctx, x, &g, &q) ||
            !num_check(ctx, numeric_mul(ctx->arena, &q, y, &r)))
            return false;
        r.negative = false;
    }
    r.dscale = max_int(x->dscale, y->dscale);
    return numeric_result(&r, out);
}

/* factorial(n) = 1 * 2 * ... * n; past 32177! the result cannot be stored. */
static bool fn_factorial(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    int64_t k = args[0].as.integer;
    if (k < 0)
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                          "factorial of a negative number is undefined");
    if (k > 32177)
        return num_check(ctx, NUMERIC_OUT_OF_RANGE);
    numeric r, factor;
    if (!num_int(ctx, 1, &r))
        return false;
    for (int64_t i = 2; i <= k; i++) {
        if (!num_int(ctx, i, &factor) || !num_check(ctx, numeric_mul(ctx->arena, &r, &factor, &r)))
            return false;
    }
    return numeric_result(&r, out);
}

/* width_bucket on numerics: floor((x - low) * count / (high - low)) + 1, exactly. */
static bool fn_width_bucket_numeric(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    const numeric *x = &args[0].as.number, *b1 = &args[1].as.number, *b2 = &args[2].as.number;
    int64_t count = args[3].as.integer;
    if (count <= 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "count must be greater than zero");
    if (x->kind == NUMERIC_NAN || b1->kind == NUMERIC_NAN || b2->kind == NUMERIC_NAN)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "operand, lower bound, and upper bound cannot be NaN");
    if (num_special(b1) || num_special(b2))
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "lower and upper bounds must be finite");
    int order = numeric_compare(b1, b2);
    if (order == 0)
        return query_fail(ctx, SQLSTATE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET, -1,
                          "lower bound cannot equal upper bound");
    int64_t bucket;
    if (order < 0 ? numeric_compare(x, b1) < 0 : numeric_compare(x, b1) > 0) {
        bucket = 0;
    } else if (order < 0 ? numeric_compare(x, b2) >= 0 : numeric_compare(x, b2) <= 0) {
        bucket = count + 1;
    } else {
        numeric offset, width, c, q;
        const numeric *low = order < 0 ? b1 : x, *span_low = order < 0 ? b1 : b2;
        const numeric *high = order < 0 ? x : b1, *span_high = order < 0 ? b2 : b1;
        if (!num_sub(ctx, high, low, &offset) || !num_sub(ctx, span_high, span_low, &width) ||
            !num_int(ctx, count, &c) || !num_check(ctx, numeric_mul(ctx->arena, &offset, &c, &offset)) ||
            !num_div_trunc(ctx, &offset, &width, &q) || !num_check(ctx, numeric_to_int64(&q, &bucket)))
            return false;
        bucket++;
    }
    if (bucket > INT32_MAX)
        return integer_out_of_range(ctx, TYPE_INT4);
    *out = value_int(TYPE_INT4, bucket);
    return true;
}

/* The fewest places that show a finite value exactly (min_scale). */
static int minimal_scale(const numeric *x)
{
    if (x->ndigits == 0)
        return 0;
    int last_weight = x->weight - x->ndigits + 1;
    if (last_weight >= 0)
        return 0;
    int scale = -last_weight * NUMERIC_DEC_DIGITS;
    for (int d = x->digits[x->ndigits - 1]; d % 10 == 0; d /= 10)
        scale--;
    return scale;
}

/* scale and min_scale are NULL for NaN and infinities. */
static bool fn_scale(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const numeric *x = &args[0].as.number;
    *out = num_special(x) ? value_null(TYPE_INT4) : value_int(TYPE_INT4, x->dscale);
    return true;
}

static bool fn_min_scale(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    const numeric *x = &args[0].as.number;
    *out = num_special(x) ? value_null(TYPE_INT4) : value_int(TYPE_INT4, minimal_scale(x));
    return true;
}

static bool fn_trim_scale(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)n;
    numeric r = args[0].as.number;
    if (!num_special(&r))
        r.dscale = minimal_scale(&r);
    return numeric_result(&r, out);
}

/* ---- the table ---- */

#define T_BOOL TYPE_BOOL
#define T_INT2 TYPE_INT2
#define T_INT4 TYPE_INT4
#define T_INT8 TYPE_INT8
#define T_FLOAT4 TYPE_FLOAT4
#define T_FLOAT8 TYPE_FLOAT8
#define T_NUMERIC TYPE_NUMERIC
#define T_TEXT TYPE_TEXT
#define T_BPCHAR TYPE_BPCHAR
#define T_DATE TYPE_DATE
#define T_TIMESTAMP TYPE_TIMESTAMP
#define T_TIMESTAMPTZ TYPE_TIMESTAMPTZ
#define T_INTERVAL TYPE_INTERVAL
#define T_ANY FUNCTION_ANY_TYPE

/* Overloads follow pg_proc: the same names and argument types, so that resolution picks
 * what PostgreSQL picks (e.g. round(2) is round(double precision)). */
/* ---- sequences ---- */

static bool fn_nextval(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return sequence_nextval(ctx, &args[0], out);
}

static bool fn_currval(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return sequence_currval(ctx, &args[0], out);
}

static bool fn_lastval(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    return sequence_lastval(ctx, out);
}

static bool fn_setval(query_context *ctx, const value *args, int n, value *out)
{
    return sequence_setval(ctx, &args[0], &args[1], n > 2 ? &args[2] : NULL, out);
}

/* A version 4 (random) UUID, as RFC 4122 lays it out. */
static bool fn_gen_random_uuid(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    uint8_t bytes[UUID_BYTES];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not generate random values");
    bytes[6] = (uint8_t)((bytes[6] & 0x0F) | 0x40);
    bytes[8] = (uint8_t)((bytes[8] & 0x3F) | 0x80);
    char *text = arena_alloc(ctx->arena, UUID_TEXT_LENGTH + 1);
    if (text == NULL)
        return query_fail_no_memory(ctx);
    uuid_format(bytes, text);
    *out = value_text(TYPE_UUID, text, UUID_TEXT_LENGTH);
    return true;
}

/* json_typeof(json), jsonb_typeof(jsonb); json_array_length and jsonb_array_length;
 * jsonb_pretty. */
static bool fn_json_typeof(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return json_typeof(ctx, &args[0], out);
}

static bool fn_json_array_length(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return json_array_length(ctx, &args[0], out);
}

static bool fn_jsonb_pretty(query_context *ctx, const value *args, int n, value *out)
{
    (void)n;
    return jsonb_pretty(ctx, &args[0], out);
}

static const function_definition functions[] = {
    {"nextval", 1, {T_TEXT}, TYPE_INT8, true, true, fn_nextval},
    {"currval", 1, {T_TEXT}, TYPE_INT8, true, true, fn_currval},
    {"lastval", 0, {0}, TYPE_INT8, true, true, fn_lastval},
    {"setval", 2, {T_TEXT, TYPE_INT8}, TYPE_INT8, true, true, fn_setval},
    {"setval", 3, {T_TEXT, TYPE_INT8, TYPE_BOOL}, TYPE_INT8, true, true, fn_setval},
    {"version", 0, {0}, T_TEXT, true, false, fn_version},
    {"current_database", 0, {0}, TYPE_NAME, true, false, fn_current_database},
    {"current_user", 0, {0}, TYPE_NAME, true, false, fn_current_user},
    {"session_user", 0, {0}, TYPE_NAME, true, false, fn_session_user},
    {"pg_typeof", 1, {T_ANY}, T_TEXT, false, false, fn_pg_typeof},
    /* The catalog functions (pg_catalog.c): they read the catalog and the session's
     * settings as they are when called, so none is folded into a kept plan. */
    {"pg_table_is_visible", 1, {TYPE_OID}, TYPE_BOOL, true, true, pg_fn_table_is_visible},
    {"pg_type_is_visible", 1, {TYPE_OID}, TYPE_BOOL, true, true, pg_fn_type_is_visible},
    {"pg_function_is_visible", 1, {TYPE_OID}, TYPE_BOOL, true, true, pg_fn_function_is_visible},
    {"pg_get_userbyid", 1, {TYPE_OID}, TYPE_NAME, true, true, pg_fn_get_userbyid},
    {"format_type", 2, {TYPE_OID, TYPE_INT4}, T_TEXT, false, true, pg_fn_format_type},
    {"pg_get_expr", 2, {T_TEXT, TYPE_OID}, T_TEXT, true, true, pg_fn_get_expr},
    {"pg_get_expr", 3, {T_TEXT, TYPE_OID, TYPE_BOOL}, T_TEXT, true, true, pg_fn_get_expr},
    {"pg_get_indexdef", 1, {TYPE_OID}, T_TEXT, true, true, pg_fn_get_indexdef},
    {"pg_get_indexdef", 3, {TYPE_OID, TYPE_INT4, TYPE_BOOL}, T_TEXT, true, true, pg_fn_get_indexdef},
    {"pg_get_constraintdef", 1, {TYPE_OID}, T_TEXT, true, true, pg_fn_get_constraintdef},
    {"pg_get_constraintdef", 2, {TYPE_OID, TYPE_BOOL}, T_TEXT, true, true, pg_fn_get_constraintdef},
    {"pg_encoding_to_char", 1, {TYPE_INT4}, TYPE_NAME, true, true, pg_fn_encoding_to_char},
    {"obj_description", 2, {TYPE_OID, TYPE_NAME}, T_TEXT, true, true, pg_fn_obj_description},
    {"col_description", 2, {TYPE_OID, TYPE_INT4}, T_TEXT, true, true, pg_fn_col_description},
    {"shobj_description", 2, {TYPE_OID, TYPE_NAME}, T_TEXT, true, true, pg_fn_shobj_description},
    {"current_schema", 0, {0}, TYPE_NAME, true, true, pg_fn_current_schema},
    {"current_schemas", 1, {TYPE_BOOL}, 1003, true, true, pg_fn_current_schemas},
    {"current_setting", 1, {T_TEXT}, T_TEXT, true, true, pg_fn_current_setting},
    {"current_setting", 2, {T_TEXT, TYPE_BOOL}, T_TEXT, true, true, pg_fn_current_setting},
    {"set_config", 3, {T_TEXT, T_TEXT, TYPE_BOOL}, T_TEXT, false, true, pg_fn_set_config},
    {"pg_get_statisticsobjdef_columns", 1, {TYPE_OID}, T_TEXT, true, true,
     pg_fn_get_statisticsobjdef_columns},
    {"pg_relation_is_publishable", 1, {TYPE_REGCLASS}, TYPE_BOOL, true, true,
     pg_fn_relation_is_publishable},
    {"pg_backend_pid", 0, {0}, TYPE_INT4, true, true, pg_fn_backend_pid},
    {"has_table_privilege", 2, {T_TEXT, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_table_privilege},
    {"has_table_privilege", 2, {TYPE_OID, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_table_privilege},
    {"has_schema_privilege", 2, {T_TEXT, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_schema_privilege},
    {"has_schema_privilege", 2, {TYPE_OID, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_schema_privilege},
    {"has_database_privilege", 2, {T_TEXT, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_database_privilege},
    {"has_database_privilege", 2, {TYPE_OID, T_TEXT}, TYPE_BOOL, true, true, pg_fn_has_database_privilege},
    {"pg_get_function_result", 1, {TYPE_OID}, T_TEXT, true, true, pg_fn_get_function_result},
    {"pg_get_function_arguments", 1, {TYPE_OID}, T_TEXT, true, true, pg_fn_get_function_arguments},

    {"gen_random_uuid", 0, {0}, TYPE_UUID, true, true, fn_gen_random_uuid},

    {"json_typeof", 1, {TYPE_JSON}, T_TEXT, true, false, fn_json_typeof},
    {"jsonb_typeof", 1, {TYPE_JSONB}, T_TEXT, true, false, fn_json_typeof},
    {"json_array_length", 1, {TYPE_JSON}, T_INT4, true, false, fn_json_array_length},
    {"jsonb_array_length", 1, {TYPE_JSONB}, T_INT4, true, false, fn_json_array_length},
    {"jsonb_pretty", 1, {TYPE_JSONB}, T_TEXT, true, false, fn_jsonb_pretty},

    /* dates and times: now() and friends read the transaction's start, so never fold */
    {"now", 0, {0}, T_TIMESTAMPTZ, true, true, fn_now},
    {"transaction_timestamp", 0, {0}, T_TIMESTAMPTZ, true, true, fn_now},
    {"clock_timestamp", 0, {0}, T_TIMESTAMPTZ, true, true, fn_clock_timestamp},
    /* Reached only through the SQL keywords CURRENT_DATE and LOCALTIMESTAMP. */
    {"current_date", 0, {0}, T_DATE, true, true, fn_current_date},
    {"localtimestamp", 0, {0}, T_TIMESTAMP, true, true, fn_localtimestamp},
    {"date_trunc", 2, {T_TEXT, T_TIMESTAMP}, T_TIMESTAMP, true, false, fn_date_trunc_timestamp},
    {"date_trunc", 2, {T_TEXT, T_TIMESTAMPTZ}, T_TIMESTAMPTZ, true, false, fn_date_trunc_timestamptz},
    {"date_trunc", 3, {T_TEXT, T_TIMESTAMPTZ, T_TEXT}, T_TIMESTAMPTZ, true, false,
     fn_date_trunc_timestamptz},
    {"date_trunc", 2, {T_TEXT, T_INTERVAL}, T_INTERVAL, true, false, fn_date_trunc_interval},
    {"extract", 2, {T_TEXT, T_DATE}, T_NUMERIC, true, false, fn_extract},
    {"extract", 2, {T_TEXT, T_TIMESTAMP}, T_NUMERIC, true, false, fn_extract},
    {"extract", 2, {T_TEXT, T_TIMESTAMPTZ}, T_NUMERIC, true, false, fn_extract},
    {"extract", 2, {T_TEXT, T_INTERVAL}, T_NUMERIC, true, false, fn_extract},
    {"date_part", 2, {T_TEXT, T_DATE}, T_FLOAT8, true, false, fn_date_part},
    {"date_part", 2, {T_TEXT, T_TIMESTAMP}, T_FLOAT8, true, false, fn_date_part},
    {"date_part", 2, {T_TEXT, T_TIMESTAMPTZ}, T_FLOAT8, true, false, fn_date_part},
    {"date_part", 2, {T_TEXT, T_INTERVAL}, T_FLOAT8, true, false, fn_date_part},
    {"age", 1, {T_TIMESTAMP}, T_INTERVAL, true, true, fn_age},
    {"age", 1, {T_TIMESTAMPTZ}, T_INTERVAL, true, true, fn_age},
    {"age", 2, {T_TIMESTAMP, T_TIMESTAMP}, T_INTERVAL, true, false, fn_age},
    {"age", 2, {T_TIMESTAMPTZ, T_TIMESTAMPTZ}, T_INTERVAL, true, false, fn_age},
    {"to_char", 2, {T_TIMESTAMP, T_TEXT}, T_TEXT, true, false, fn_to_char_datetime},
    {"to_char", 2, {T_TIMESTAMPTZ, T_TEXT}, T_TEXT, true, false, fn_to_char_datetime},
    {"to_char", 2, {T_INTERVAL, T_TEXT}, T_TEXT, true, false, fn_to_char_datetime},
    {"justify_days", 1, {T_INTERVAL}, T_INTERVAL, true, false, fn_justify_days},
    {"justify_hours", 1, {T_INTERVAL}, T_INTERVAL, true, false, fn_justify_hours},
    {"justify_interval", 1, {T_INTERVAL}, T_INTERVAL, true, false, fn_justify_interval},

    /* strings */
    {"length", 1, {T_TEXT}, T_INT4, true, false, fn_char_length},
    {"char_length", 1, {T_TEXT}, T_INT4, true, false, fn_char_length},
    {"character_length", 1, {T_TEXT}, T_INT4, true, false, fn_char_length},
    {"octet_length", 1, {T_TEXT}, T_INT4, true, false, fn_octet_length},
    {"octet_length", 1, {T_BPCHAR}, T_INT4, true, false, fn_octet_length},
    {"octet_length", 1, {TYPE_BYTEA}, T_INT4, true, false, fn_octet_length},
    {"length", 1, {TYPE_BYTEA}, T_INT4, true, false, fn_octet_length},
    {"bit_length", 1, {T_TEXT}, T_INT4, true, false, fn_bit_length},
    {"lower", 1, {T_TEXT}, T_TEXT, true, false, fn_lower},
    {"upper", 1, {T_TEXT}, T_TEXT, true, false, fn_upper},
    {"initcap", 1, {T_TEXT}, T_TEXT, true, false, fn_initcap},
    {"substring", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_substring},
    {"substring", 3, {T_TEXT, T_INT4, T_INT4}, T_TEXT, true, false, fn_substring},
    {"substr", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_substring},
    {"substr", 3, {T_TEXT, T_INT4, T_INT4}, T_TEXT, true, false, fn_substring},
    {"position", 2, {T_TEXT, T_TEXT}, T_INT4, true, false, fn_strpos},
    {"strpos", 2, {T_TEXT, T_TEXT}, T_INT4, true, false, fn_strpos},
    {"btrim", 1, {T_TEXT}, T_TEXT, true, false, fn_btrim},
    {"btrim", 2, {T_TEXT, T_TEXT}, T_TEXT, true, false, fn_btrim},
    {"ltrim", 1, {T_TEXT}, T_TEXT, true, false, fn_ltrim},
    {"ltrim", 2, {T_TEXT, T_TEXT}, T_TEXT, true, false, fn_ltrim},
    {"rtrim", 1, {T_TEXT}, T_TEXT, true, false, fn_rtrim},
    {"rtrim", 2, {T_TEXT, T_TEXT}, T_TEXT, true, false, fn_rtrim},
    {"replace", 3, {T_TEXT, T_TEXT, T_TEXT}, T_TEXT, true, false, fn_replace},
    {"translate", 3, {T_TEXT, T_TEXT, T_TEXT}, T_TEXT, true, false, fn_translate},
    {"repeat", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_repeat},
    {"reverse", 1, {T_TEXT}, T_TEXT, true, false, fn_reverse},
    {"concat", FUNCTION_VARIADIC, {T_ANY}, T_TEXT, false, false, fn_concat},
    {"concat_ws", FUNCTION_VARIADIC, {T_ANY}, T_TEXT, false, false, fn_concat_ws},
    {"left", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_left},
    {"right", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_right},
    {"lpad", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_lpad},
    {"lpad", 3, {T_TEXT, T_INT4, T_TEXT}, T_TEXT, true, false, fn_lpad},
    {"rpad", 2, {T_TEXT, T_INT4}, T_TEXT, true, false, fn_rpad},
    {"rpad", 3, {T_TEXT, T_INT4, T_TEXT}, T_TEXT, true, false, fn_rpad},
    {"split_part", 3, {T_TEXT, T_TEXT, T_INT4}, T_TEXT, true, false, fn_split_part},
    {"starts_with", 2, {T_TEXT, T_TEXT}, T_BOOL, true, false, fn_starts_with},
    {"ascii", 1, {T_TEXT}, T_INT4, true, false, fn_ascii},
    {"chr", 1, {T_INT4}, T_TEXT, true, false, fn_chr},
    {"md5", 1, {T_TEXT}, T_TEXT, true, false, fn_md5},
    {"md5", 1, {TYPE_BYTEA}, T_TEXT, true, false, fn_md5},
    {"encode", 2, {TYPE_BYTEA, T_TEXT}, T_TEXT, true, false, fn_encode},
    {"decode", 2, {T_TEXT, T_TEXT}, TYPE_BYTEA, true, false, fn_decode},
    {"to_hex", 1, {T_INT4}, T_TEXT, true, false, fn_to_hex},
    {"to_hex", 1, {T_INT8}, T_TEXT, true, false, fn_to_hex},
    {"quote_literal", 1, {T_ANY}, T_TEXT, true, false, fn_quote_literal},
    {"quote_nullable", 1, {T_ANY}, T_TEXT, false, false, fn_quote_nullable},
    {"overlay", 3, {T_TEXT, T_TEXT, T_INT4}, T_TEXT, true, false, fn_overlay},
    {"overlay", 4, {T_TEXT, T_TEXT, T_INT4, T_INT4}, T_TEXT, true, false, fn_overlay},

    /* arithmetic */
    {"abs", 1, {T_INT2}, T_INT2, true, false, fn_abs_integer},
    {"abs", 1, {T_INT4}, T_INT4, true, false, fn_abs_integer},
    {"abs", 1, {T_INT8}, T_INT8, true, false, fn_abs_integer},
    {"abs", 1, {T_FLOAT4}, T_FLOAT4, true, false, fn_abs_float4},
    {"abs", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_abs_float8},
    {"abs", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_abs_numeric},
    {"sign", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_sign_float8},
    {"sign", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_sign_numeric},
    {"round", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_round_float8},
    {"round", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_round_numeric},
    {"round", 2, {T_NUMERIC, T_INT4}, T_NUMERIC, true, false, fn_round_numeric},
    {"trunc", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_trunc_float8},
    {"trunc", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_trunc_numeric},
    {"trunc", 2, {T_NUMERIC, T_INT4}, T_NUMERIC, true, false, fn_trunc_numeric},
    {"floor", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_floor_float8},
    {"floor", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_floor_numeric},
    {"ceil", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_ceil_float8},
    {"ceil", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_ceil_numeric},
    {"ceiling", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_ceil_float8},
    {"ceiling", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_ceil_numeric},
    {"mod", 2, {T_INT2, T_INT2}, T_INT2, true, false, fn_mod_integer},
    {"mod", 2, {T_INT4, T_INT4}, T_INT4, true, false, fn_mod_integer},
    {"mod", 2, {T_INT8, T_INT8}, T_INT8, true, false, fn_mod_integer},
    {"mod", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_mod_numeric},
    {"div", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_div_numeric},
    {"gcd", 2, {T_INT4, T_INT4}, T_INT4, true, false, fn_gcd_integer},
    {"gcd", 2, {T_INT8, T_INT8}, T_INT8, true, false, fn_gcd_integer},
    {"gcd", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_gcd_numeric},
    {"lcm", 2, {T_INT4, T_INT4}, T_INT4, true, false, fn_lcm_integer},
    {"lcm", 2, {T_INT8, T_INT8}, T_INT8, true, false, fn_lcm_integer},
    {"lcm", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_lcm_numeric},
    {"factorial", 1, {T_INT8}, T_NUMERIC, true, false, fn_factorial},
    {"width_bucket", 4, {T_FLOAT8, T_FLOAT8, T_FLOAT8, T_INT4}, T_INT4, true, false,
     fn_width_bucket_float8},
    {"width_bucket", 4, {T_NUMERIC, T_NUMERIC, T_NUMERIC, T_INT4}, T_INT4, true, false,
     fn_width_bucket_numeric},
    {"scale", 1, {T_NUMERIC}, T_INT4, true, false, fn_scale},
    {"min_scale", 1, {T_NUMERIC}, T_INT4, true, false, fn_min_scale},
    {"trim_scale", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_trim_scale},

    /* powers and logarithms */
    {"power", 2, {T_FLOAT8, T_FLOAT8}, T_FLOAT8, true, false, fn_power_float8},
    {"power", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_power_numeric},
    {"pow", 2, {T_FLOAT8, T_FLOAT8}, T_FLOAT8, true, false, fn_power_float8},
    {"pow", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_power_numeric},
    {"sqrt", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_sqrt_float8},
    {"sqrt", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_sqrt_numeric},
    {"cbrt", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_cbrt},
    {"exp", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_exp_float8},
    {"exp", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_exp_numeric},
    {"ln", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_ln_float8},
    {"ln", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_ln_numeric},
    {"log", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_log10_float8},
    {"log", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_log10_numeric},
    {"log", 2, {T_NUMERIC, T_NUMERIC}, T_NUMERIC, true, false, fn_log_numeric},
    {"log10", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_log10_float8},
    {"log10", 1, {T_NUMERIC}, T_NUMERIC, true, false, fn_log10_numeric},

    /* float8 only */
    {"pi", 0, {0}, T_FLOAT8, true, false, fn_pi},
    {"random", 0, {0}, T_FLOAT8, true, true, fn_random},
    {"degrees", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_degrees},
    {"radians", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_radians},
    {"sin", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_sin},
    {"cos", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_cos},
    {"tan", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_tan},
    {"cot", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_cot},
    {"asin", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_asin},
    {"acos", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_acos},
    {"atan", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_atan},
    {"atan2", 2, {T_FLOAT8, T_FLOAT8}, T_FLOAT8, true, false, fn_atan2},
    {"sinh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_sinh},
    {"cosh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_cosh},
    {"tanh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_tanh},
    {"asinh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_asinh},
    {"acosh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_acosh},
    {"atanh", 1, {T_FLOAT8}, T_FLOAT8, true, false, fn_atanh},
};

#define FUNCTION_COUNT (sizeof functions / sizeof functions[0])

/* ---- resolution ---- */

uint32_t function_argument_type(const function_definition *f, int i, uint32_t given)
{
    uint32_t declared = f->arg_count == FUNCTION_VARIADIC ? f->arg_types[0] : f->arg_types[i];
    if (declared != FUNCTION_ANY_TYPE)
        return declared;
    return given == TYPE_UNKNOWN ? TYPE_TEXT : given;
}

static uint32_t declared_type(const function_definition *f, int i)
{
    return f->arg_count == FUNCTION_VARIADIC ? f->arg_types[0] : f->arg_types[i];
}

/* Can the arguments be passed to f with implicit casts (an unknown literal fits any)? */
static bool accepts(const function_definition *f, const uint32_t *types, int count)
{
    if (f->arg_count == FUNCTION_VARIADIC ? count == 0 : f->arg_count != count)
        return false;
    for (int i = 0; i < count; i++) {
        uint32_t declared = declared_type(f, i);
        if (declared != FUNCTION_ANY_TYPE && types[i] != TYPE_UNKNOWN && types[i] != declared &&
            !cast_exists(types[i], declared, CAST_IMPLICIT))
            return false;
    }
    return true;
}

/* A type's category ('P' for the pseudo-type "any", as PostgreSQL files it). */
static char category_of(uint32_t type)
{
    if (type == FUNCTION_ANY_TYPE)
        return 'P';
    const type_info *info = type_lookup(type);
    return info != NULL ? (char)info->category : TYPE_CATEGORY_USER;
}

static bool is_preferred(uint32_t type)
{
    return type == TYPE_FLOAT8 || type == TYPE_TEXT || type == TYPE_TIMESTAMPTZ || type == TYPE_BOOL ||
           type == TYPE_INTERVAL;
}

/* Keeps the candidates with the highest score; returns how many remain. */
static int keep_best(const function_definition **candidates, int count, const int *scores)
{
    int best = -1, kept = 0;
    for (int c = 0; c < count; c++)
        best = scores[c] > best ? scores[c] : best;
    for (int c = 0; c < count; c++) {
        if (scores[c] == best)
            candidates[kept++] = candidates[c];
    }
    return kept;
}

#define MAX_CANDIDATES 16

/*
 * PostgreSQL's func_select_candidate, over the candidates that accept the arguments:
 *  1. keep those with the most exact matches on the arguments of known type;
 *  2. then those taking the most known arguments as is or as their category's
 *     preferred type (double precision, text, ...);
 *  3. for each unknown literal: the string category if a candidate takes one there,
 *     else the one category every candidate takes (else give up), preferring that
 *     category's preferred type;
 *  4. last, if all known arguments share one type, treat the unknowns as that type.
 * A unique survivor of any step wins; otherwise the call is ambiguous.
 */
int functions_count(void)
{
    return (int)(sizeof functions / sizeof functions[0]);
}

const function_definition *functions_at(int index)
{
    return &functions[index];
}

const function_definition *functions_resolve(const char *name, const uint32_t *arg_types,
                                             int arg_count, bool *ambiguous)
{
    const function_definition *candidates[MAX_CANDIDATES];
    int count = 0;
    *ambiguous = false;
    for (size_t i = 0; i < FUNCTION_COUNT && count < MAX_CANDIDATES; i++) {
        if (strcmp(functions[i].name, name) == 0 && accepts(&functions[i], arg_types, arg_count))
            candidates[count++] = &functions[i];
    }
    for (size_t i = 0; i < session_function_count && count < MAX_CANDIDATES; i++) {
        const function_definition *f = &session_functions[i];
        if (strcmp(f->name, name) == 0 && accepts(f, arg_types, arg_count))
            candidates[count++] = f;
    }
    if (count <= 1)
        return count == 1 ? candidates[0] : NULL;

    int scores[MAX_CANDIDATES];
    int unknowns = 0;
    for (int i = 0; i < arg_count; i++)
        unknowns += arg_types[i] == TYPE_UNKNOWN;

    for (int c = 0; c < count; c++) {
        scores[c] = 0;
        for (int i = 0; i < arg_count; i++)
            scores[c] += arg_types[i] != TYPE_UNKNOWN && declared_type(candidates[c], i) == arg_types[i];
    }
    count = keep_best(candidates, count, scores);
    if (count == 1)
        return candidates[0];

    for (int c = 0; c < count; c++) {
        scores[c] = 0;
        for (int i = 0; i < arg_count; i++) {
            uint32_t declared = declared_type(candidates[c], i);
            scores[c] += arg_types[i] != TYPE_UNKNOWN &&
                         (declared == arg_types[i] ||
                          (is_preferred(declared) && category_of(declared) == category_of(arg_types[i])));
        }
    }
    count = keep_best(candidates, count, scores);
    if (count == 1)
        return candidates[0];
    *ambiguous = true;
    if (unknowns == 0)
        return NULL;

    /* Step 3: settle a category (and whether to insist on its preferred type) for each
     * unknown position. Only variadic functions take more than FUNCTION_MAX_ARGS
     * arguments, and none of them is overloaded. */
    if (arg_count > FUNCTION_MAX_ARGS)
        return NULL;
    bool resolved = true;
    char category[FUNCTION_MAX_ARGS] = {0};
    bool want_preferred[FUNCTION_MAX_ARGS] = {false};
    for (int i = 0; i < arg_count && resolved; i++) {
        if (arg_types[i] != TYPE_UNKNOWN)
            continue;
        bool conflict = false;
        for (int c = 0; c < count; c++) {
            uint32_t declared = declared_type(candidates[c], i);
            char cat = category_of(declared);
            if (category[i] == 0 || (cat != category[i] && cat == TYPE_CATEGORY_STRING)) {
                category[i] = cat; /* the first candidate's, or string, which always wins */
                want_preferred[i] = is_preferred(declared);
            } else if (cat == category[i]) {
                want_preferred[i] |= is_preferred(declared);
            } else {
                conflict = true;
            }
        }
        if (conflict && category[i] != TYPE_CATEGORY_STRING)
            resolved = false;
    }
    if (resolved) {
        int kept = 0;
        for (int c = 0; c < count; c++) {
            bool keep = true;
            for (int i = 0; i < arg_count && keep; i++) {
                if (arg_types[i] != TYPE_UNKNOWN)
                    continue;
                uint32_t declared = declared_type(candidates[c], i);
                keep = category_of(declared) == category[i] &&
                       (!want_preferred[i] || is_preferred(declared));
            }
            if (keep)
                candidates[kept++] = candidates[c];
        }
        count = kept;
        if (count == 1) {
            *ambiguous = false;
            return candidates[0];
        }
    }

    /* Step 4: the unknowns as the one type of all known arguments. */
    if (unknowns < arg_count) {
        uint32_t known = TYPE_UNKNOWN;
        for (int i = 0; i < arg_count; i++) {
            if (arg_types[i] == TYPE_UNKNOWN)
                continue;
            if (known == TYPE_UNKNOWN) {
                known = arg_types[i];
            } else if (known != arg_types[i]) {
                known = TYPE_UNKNOWN;
                break;
            }
        }
        if (known != TYPE_UNKNOWN) {
            uint32_t as_known[FUNCTION_MAX_ARGS];
            const function_definition *match = NULL;
            int matches = 0;
            for (int i = 0; i < arg_count; i++)
                as_known[i] = known;
            for (int c = 0; c < count; c++) {
                if (accepts(candidates[c], as_known, arg_count)) {
                    match = candidates[c];
                    matches++;
                }
            }
            if (matches == 1) {
                *ambiguous = false;
                return match;
            }
        }
    }
    return NULL;
}
