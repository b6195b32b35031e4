/*
 * key_encoding: order-preserving ("memcomparable") key bytes.
 *
 * Encoded keys compare with memcmp in the same order as the values they encode, so a
 * LevelDB range scan is an index range scan. Integers are big-endian with the sign bit
 * flipped; byte strings have 0x00 escaped as 0x00 0xFF and end with 0x00 0x01, so a
 * prefix sorts before its extensions. Keys are built in a fixed-capacity buffer with an
 * overflow flag checked once (keys are small; an over-long one is a caller error).
 */
#ifndef QUILL_STORAGE_KEY_ENCODING_H
#define QUILL_STORAGE_KEY_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_MAX_LENGTH 4096

/* First byte of every key: which space it lives in (DESIGN.md, "Table kinds and keys"). */
enum key_space {
    KEY_SPACE_CATALOG = 0x01,
    KEY_SPACE_SHARED_ROW = 0x10,
    KEY_SPACE_USER_ROW = 0x11,
    KEY_SPACE_STREAM_ROW = 0x12,
    KEY_SPACE_INDEX = 0x20,
};

typedef struct key_buffer {
    uint8_t bytes[KEY_MAX_LENGTH];
    size_t length;
    bool overflow;
} key_buffer;

void key_init(key_buffer *k);
void key_append_byte(key_buffer *k, uint8_t b);
void key_append_uint64(key_buffer *k, uint64_t v);
void key_append_int64(key_buffer *k, int64_t v);
void key_append_bytes(key_buffer *k, const void *data, size_t length);

/* Decoding reads from *p (advanced) bounded by end; false on malformed input. */
bool key_read_uint64(const uint8_t **p, const uint8_t *end, uint64_t *out);
bool key_read_int64(const uint8_t **p, const uint8_t *end, int64_t *out);
/* Writes at most out_capacity bytes to out; *out_length is the decoded length. */
bool key_read_bytes(const uint8_t **p, const uint8_t *end, uint8_t *out, size_t out_capacity,
                    size_t *out_length);

/* The smallest key greater than every key starting with prefix (for range ends);
 * false when no such key exists (all 0xFF). */
bool key_prefix_successor(const key_buffer *prefix, key_buffer *out);

#endif
