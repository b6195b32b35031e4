/*
 * encoding: character encodings as PostgreSQL names them, and UTF-8 validation.
 *
 * QuillDB stores and speaks UTF-8 only. This module knows every encoding name PostgreSQL
 * accepts (so that a valid name QuillDB cannot convert from is told apart from a name that
 * is no encoding at all) and checks bytes the way PostgreSQL's UTF-8 verifier does, with
 * its error text. Converts nothing.
 */
#ifndef QUILL_QUERY_ENCODING_H
#define QUILL_QUERY_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"

typedef enum encoding_kind {
    ENCODING_UNKNOWN,   /* not an encoding name PostgreSQL knows */
    ENCODING_UTF8,      /* UTF8, UTF-8, unicode, ... */
    ENCODING_SQL_ASCII, /* no conversion: bytes pass through */
    ENCODING_OTHER,     /* a real encoding QuillDB does not convert from */
} encoding_kind;

/* Looks a name up as pg_char_to_encoding does: case and punctuation are ignored
 * ("UTF-8" = "utf8"); aliases such as "unicode" and "windows1252" count. */
encoding_kind encoding_from_name(const char *name);

/* The length of the longest prefix of bytes that is valid UTF-8 without NUL bytes (a
 * character cut short by the end of the bytes is not part of it). */
size_t utf8_valid_prefix(const uint8_t *bytes, size_t length);
/* The most bytes one character takes: fewer unverified bytes than this may still become
 * valid when more arrive. */
#define UTF8_MAX_CHARACTER 4

/* Records 22021 "invalid byte sequence for encoding "UTF8": 0x.." for the character
 * starting at bytes (available: how many bytes are there to show). Returns false. */
bool utf8_fail(query_context *ctx, const uint8_t *bytes, size_t available);

#endif
