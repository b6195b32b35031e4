/*
 * binary: values in PostgreSQL's binary wire format (each type's typsend and
 * typreceive), for binary parameters and result columns of the extended protocol.
 *
 * Owns the byte layout of every type it supports and the checks PostgreSQL's receive
 * functions make (lengths, ranges, numeric digits), with their SQLSTATEs. Also checks
 * that text a client sends is valid UTF-8, as PostgreSQL does for every parameter.
 * A type without a binary form here fails with 0A000 naming the type. Knows nothing of
 * messages or sessions.
 */
#ifndef QUILL_QUERY_BINARY_H
#define QUILL_QUERY_BINARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query/query_context.h"
#include "query/value.h"

/* Does the type have a binary send and receive function here? */
bool binary_supported(uint32_t type);
/* Records 0A000 "feature not supported: binary format for type T" and returns false. */
bool binary_unsupported(query_context *ctx, uint32_t type);

/* A fixed-size value's binary form fits here; longer ones point into the value or the
 * arena. */
#define BINARY_BUFFER 16

/* typsend: the binary form of a non-null value. */
bool value_to_binary(query_context *ctx, const value *v, uint8_t buffer[BINARY_BUFFER],
                     const uint8_t **out, size_t *length);

/* typreceive for parameter `number` (1-based, for the messages): the bytes must hold
 * exactly one value of the type (08P01 when short, 22P03 when bytes are left over).
 * Copies what it keeps into the arena. */
bool value_from_binary(query_context *ctx, uint32_t type, const uint8_t *data, size_t length,
                       int number, value *out);

/* 22021 "invalid byte sequence for encoding "UTF8": 0x.." unless the bytes are UTF-8
 * without NUL characters. */
bool binary_check_utf8(query_context *ctx, const char *text, size_t length);

#endif
