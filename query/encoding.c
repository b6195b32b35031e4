#include "query/encoding.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* PostgreSQL's encoding names and aliases, in the form clean_encoding_name leaves them
 * (lower case, letters and digits only). */
static const char *const other_encodings[] = {
    "abc",         "alt",         "big5",        "euccn",       "eucjis2004",  "eucjp",
    "euckr",       "euctw",       "gb18030",     "gbk",         "iso88591",    "iso885910",
    "iso885913",   "iso885914",   "iso885915",   "iso885916",   "iso88592",    "iso88593",
    "iso88594",    "iso88595",    "iso88596",    "iso88597",    "iso88598",    "iso88599",
    "johab",       "koi8",        "koi8r",       "koi8u",       "latin1",      "latin10",
    "latin2",      "latin3",      "latin4",      "latin5",      "latin6",      "latin7",
    "latin8",      "latin9",      "mskanji",     "muleinternal", "shiftjis",   "shiftjis2004",
    "sjis",        "tcvn",        "tcvn5712",    "uhc",         "vscii",       "win",
    "win1250",     "win1251",     "win1252",     "win1253",     "win1254",     "win1255",
    "win1256",     "win1257",     "win1258",     "win866",      "win874",      "win932",
    "win936",      "win949",      "win950",      "windows1250", "windows1251", "windows1252",
    "windows1253", "windows1254", "windows1255", "windows1256", "windows1257", "windows1258",
    "windows866",  "windows874",  "windows932",  "windows936",  "windows949",  "windows950",
};

encoding_kind encoding_from_name(const char *name)
{
    char key[64];
    size_t n = 0;
    for (const char *p = name; *p != '\0'; p++) {
        if (!isalnum((unsigned char)*p))
            continue;
        if (n == sizeof key - 1)
            return ENCODING_UNKNOWN;
        key[n++] = (char)tolower((unsigned char)*p);
    }
    key[n] = '\0';
    if (strcmp(key, "utf8") == 0 || strcmp(key, "unicode") == 0)
        return ENCODING_UTF8;
    if (strcmp(key, "sqlascii") == 0)
        return ENCODING_SQL_ASCII;
    for (size_t i = 0; i < sizeof other_encodings / sizeof other_encodings[0]; i++) {
        if (strcmp(key, other_encodings[i]) == 0)
            return ENCODING_OTHER;
    }
    return ENCODING_UNKNOWN;
}

/* How many bytes the character starting with this byte claims (pg_utf_mblen). */
static size_t utf8_length(uint8_t first)
{
    if (first < 0x80)
        return 1;
    if ((first & 0xE0) == 0xC0)
        return 2;
    if ((first & 0xF0) == 0xE0)
        return 3;
    if ((first & 0xF8) == 0xF0)
        return 4;
    return 1;
}

/* pg_utf8_islegal: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_legal(const uint8_t *s, size_t length)
{
    uint8_t second_low = 0x80, second_high = 0xBF;
    switch (s[0]) {
    case 0xE0:
        second_low = 0xA0;
        break;
    case 0xED:
        second_high = 0x9F;
        break;
    case 0xF0:
        second_low = 0x90;
        break;
    case 0xF4:
        second_high = 0x8F;
        break;
    default:
        break;
    }
    if (s[0] >= 0x80 && s[0] < 0xC2)
        return false;
    if (s[0] > 0xF4)
        return false;
    if (length >= 2 && (s[1] < second_low || s[1] > second_high))
        return false;
    for (size_t i = 2; i < length; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return false;
    }
    return true;
}

size_t utf8_valid_prefix(const uint8_t *bytes, size_t length)
{
    size_t i = 0;
    while (i < length) {
        if (bytes[i] < 0x80) {
            if (bytes[i] == 0)
                return i;
            i++;
            continue;
        }
        size_t n = utf8_length(bytes[i]);
        if (n == 1 || n > length - i || !utf8_legal(bytes + i, n))
            return i;
        i += n;
    }
    return i;
}

bool utf8_fail(query_context *ctx, const uint8_t *bytes, size_t available)
{
    size_t n = utf8_length(bytes[0]);
    if (n > available)
        n = available;
    char shown[4 * 5 + 1];
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(shown + used, sizeof shown - used, "%s0x%02x", i > 0 ? " " : "",
                                 bytes[i]);
    return query_fail(ctx, "22021", -1, "invalid byte sequence for encoding \"UTF8\": %s", shown);
}
