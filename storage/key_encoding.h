/*
 * key_encoding: order-preserving ("memcomparable") key bytes.
 *
 * Encoded keys compare with memcmp in the same order as the values they encode, so a
 * LevelDB range scan is an index range scan. Every encoding here is prefix-free (no
 * encoded value is a proper prefix of another of the same type), so a key made of several
 * columns compares column by column, like an SQL tuple.
 *
 * Owns the byte formats only. Must not know SQL types, the catalog or the query layer:
 * callers map their types onto these encoders (all integer types, dates and timestamps
 * onto int64; real and double precision onto float64; text, varchar and bytea onto bytes;
 * uuid onto 16 fixed bytes; numeric onto the decimal fields).
 *
 * Keys are built in a fixed-capacity buffer with an overflow flag checked once (keys are
 * small; an over-long one, or a value outside its encoder's domain, is a caller error).
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

/* The per-column tag written before a nullable column's value (or alone, for NULL). */
enum key_null_tag {
    KEY_TAG_NULL_FIRST = 0x00, /* NULL, sorting before every value of the column */
    KEY_TAG_VALUE = 0x01,      /* a value follows */
    KEY_TAG_NULL_LAST = 0x02,  /* NULL, sorting after every value of the column */
};

/* What a decimal is besides a finite number. The values are those of query/numeric.h's
 * numeric_kind, so the query layer passes its kind through unchanged. */
enum key_decimal_kind {
    KEY_DECIMAL_FINITE = 0,
    KEY_DECIMAL_NAN = 1,
    KEY_DECIMAL_PINF = 2,
    KEY_DECIMAL_NINF = 3,
};

#define KEY_DECIMAL_BASE 10000

typedef struct key_buffer {
    uint8_t bytes[KEY_MAX_LENGTH];
    size_t length;
    bool overflow; /* the key could not be built: too long, or a value out of domain */
} key_buffer;

void key_init(key_buffer *k);
void key_append_byte(key_buffer *k, uint8_t b);
void key_append_uint64(key_buffer *k, uint64_t v);
void key_append_int64(key_buffer *k, int64_t v);
/* Variable-length bytes (text under C collation, bytea): 0x00 is escaped as 0x00 0xFF and
 * the value ends with 0x00 0x01, so a prefix sorts before its extensions. */
void key_append_bytes(key_buffer *k, const void *data, size_t length);

/* NULLs of one column sort first or last (tag alone); a value is tagged KEY_TAG_VALUE and
 * its encoding follows. */
void key_append_null_tag(key_buffer *k, bool is_null, bool nulls_last);
/* false < true, one byte. */
void key_append_bool(key_buffer *k, bool v);
/* PostgreSQL's float order: -Infinity < negatives < -0 = +0 < positives < Infinity < NaN.
 * -0 and +0 encode alike, as do all NaNs. real goes through here too (widening a float to
 * a double keeps its order). 8 bytes. */
void key_append_float64(key_buffer *k, double v);
/* Fixed-width bytes compared as memcmp (uuid: its 16 raw bytes). No escaping, no length:
 * every value of the column has the same width. */
void key_append_fixed(key_buffer *k, const void *data, size_t length);
/* A decimal in PostgreSQL's representation: kind (enum key_decimal_kind); for a finite
 * value its sign, and base-10000 digits (each 0..9999) with the weight of digits[0].
 * Zero is ndigits == 0 (its sign is ignored). Leading and trailing zero digits are
 * ignored, so equal numbers of different display scale (1.0, 1.00) encode alike.
 * Numeric order: -Infinity < negatives < 0 < positives < Infinity < NaN. A digit out of
 * range, an unknown kind or a weight beyond int32 after normalising sets overflow. */
void key_append_decimal(key_buffer *k, int kind, bool negative, int weight,
                        const int16_t *digits, int ndigits);

/* Turns the bytes appended since offset `from` into their complement, which reverses
 * their order (descending columns). Because every encoding is prefix-free, this holds for
 * any column encoded from `from` on, tag included. To decode a complemented column,
 * complement the rest of the key into a scratch buffer and decode from there. */
void key_invert(key_buffer *k, size_t from);

/* Decoding reads from *p (advanced) bounded by end; false on malformed input (and *p is
 * then unspecified). */
bool key_read_uint64(const uint8_t **p, const uint8_t *end, uint64_t *out);
bool key_read_int64(const uint8_t **p, const uint8_t *end, int64_t *out);
/* Writes at most out_capacity bytes to out; *out_length is the decoded length. */
bool key_read_bytes(const uint8_t **p, const uint8_t *end, uint8_t *out, size_t out_capacity,
                    size_t *out_length);
bool key_read_null_tag(const uint8_t **p, const uint8_t *end, bool *is_null);
bool key_read_bool(const uint8_t **p, const uint8_t *end, bool *out);
/* -0 comes back as +0 and every NaN as the same quiet NaN. */
bool key_read_float64(const uint8_t **p, const uint8_t *end, double *out);
bool key_read_fixed(const uint8_t **p, const uint8_t *end, void *out, size_t length);
/* Gives back normalised fields (no leading or trailing zero digits; zero and non-finite
 * values have negative false, weight 0, ndigits 0). At most digits_capacity digits. */
bool key_read_decimal(const uint8_t **p, const uint8_t *end, int *kind, bool *negative,
                      int *weight, int16_t *digits, int digits_capacity, int *ndigits);

/* The smallest key greater than every key starting with prefix (for range ends);
 * false when no such key exists (all 0xFF). */
bool key_prefix_successor(const key_buffer *prefix, key_buffer *out);

/* A 64-bit hash (FNV-1a) of encoded key bytes, for in-memory hash tables of keys. */
uint64_t key_hash(const uint8_t *bytes, size_t length);

#endif
