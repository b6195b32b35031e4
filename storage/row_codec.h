/*
 * row_codec: the value side of a table row, as one compact binary tuple.
 *
 * Layout (all of it checked on decode):
 *   varint schema_version
 *   varint column_count              the columns this row was written with
 *   null bitmap                      ceil(column_count / 8) bytes, bit i (LSB first) = NULL
 *   fixed-width values               non-NULL fixed columns in column order, little-endian
 *   variable-length values           non-NULL varlen columns in column order, each a
 *                                    varint length then the bytes
 * Varints are unsigned LEB128. The row stores its own column count: the catalog only ever
 * appends columns (a dropped column keeps its position), so a row written before ALTER
 * TABLE ADD COLUMN decodes under the wider schema with the new columns reported absent,
 * and old rows are never rewritten.
 *
 * Owns the byte format only. Must not know SQL types or the catalog: the caller maps each
 * column's type to a row_column_kind (and back), fills in defaults for absent columns, and
 * sign-extends or reinterprets fixed values. Decoding never allocates and never reads
 * outside the bytes it is given; decoded varlen values point into those bytes.
 */
#ifndef QUILL_STORAGE_ROW_CODEC_H
#define QUILL_STORAGE_ROW_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum row_column_kind {
    ROW_FIXED_1,  /* bool, "char" */
    ROW_FIXED_2,  /* smallint */
    ROW_FIXED_4,  /* integer, real (its bits), date */
    ROW_FIXED_8,  /* bigint, double precision (its bits), timestamps */
    ROW_FIXED_16, /* uuid */
    ROW_VARLEN,   /* text, bytea, numeric, json: any byte string */
} row_column_kind;

typedef struct row_datum {
    bool is_null;
    /* Decode only: the row was written before this column existed, so the caller supplies
     * the column's default. is_null is set too, so a caller that ignores is_absent reads
     * NULL rather than garbage. Encode ignores it. */
    bool is_absent;
    union {
        uint64_t fixed; /* ROW_FIXED_1..8: the low 1, 2, 4 or 8 bytes; decode zero-extends */
        uint8_t bytes16[16]; /* ROW_FIXED_16 */
        struct {
            const uint8_t *data; /* decode: points into the encoded row */
            size_t length;
        } var; /* ROW_VARLEN */
    };
} row_datum;

typedef enum row_status {
    ROW_OK = 0,
    ROW_MALFORMED,        /* decode: truncated, corrupt, or trailing bytes */
    ROW_UNKNOWN_COLUMNS,  /* decode: the row has more columns than the schema given */
    ROW_BAD_ARGUMENT,     /* negative column count, unknown kind, NULL varlen data */
    ROW_BUFFER_TOO_SMALL, /* encode: capacity below the encoded size */
    ROW_TOO_LARGE,        /* encode: the encoded size does not fit in a size_t */
} row_status;

/* The exact number of bytes row_encode will write for this row, in *size. */
row_status row_encoded_size(uint32_t schema_version, const row_column_kind *kinds,
                            int column_count, const row_datum *datums, size_t *size);

/* Writes the row to out (capacity bytes) and its length to *length. Writes nothing unless
 * it returns ROW_OK; ROW_BUFFER_TOO_SMALL also sets *length to the size needed. */
row_status row_encode(uint32_t schema_version, const row_column_kind *kinds, int column_count,
                      const row_datum *datums, uint8_t *out, size_t capacity, size_t *length);

/* Reads only the header: which schema version wrote the row and with how many columns
 * (to pick the kinds to decode with). Does not validate the rest of the row. */
row_status row_read_header(const uint8_t *bytes, size_t length, uint32_t *schema_version,
                           int *column_count);

/* Decodes a row under a schema of column_count columns (kinds[i] for column i, which must
 * be the kinds the row was written with for the columns it has). Fills datums[0..
 * column_count); columns beyond the row's own count come back absent. On any status but
 * ROW_OK the datums are unspecified. */
row_status row_decode(const uint8_t *bytes, size_t length, const row_column_kind *kinds,
                      int column_count, uint32_t *schema_version, row_datum *datums);

#endif
