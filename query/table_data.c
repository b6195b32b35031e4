#include "query/table_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query/array.h"
#include "query/binary.h"
#include "query/json.h"
#include "query/transaction.h"
#include "storage/row_codec.h"

#define ROW_SCHEMA_VERSION 1

/* ---- the statement's writes ---- */

typedef struct written_key {
    uint8_t *bytes;
    size_t length;
    bool present; /* inserted (true) or deleted (false) by this statement */
} written_key;

struct table_writes {
    transaction *transaction; /* the session's, or own (a statement run without one) */
    bool own_transaction;
    arena *arena; /* the statement's: the key set lives as long as the writes */
    written_key *slots; /* this statement's keys: open addressing, in that arena */
    size_t capacity;
    size_t count;
};

table_writes *table_writes_begin(query_context *ctx)
{
    table_writes *w = arena_zalloc(ctx->arena, sizeof *w);
    if (w == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    w->arena = ctx->arena;
    w->transaction = ctx->transaction;
    if (w->transaction == NULL) {
        w->transaction = transaction_create(NULL);
        w->own_transaction = true;
        if (w->transaction == NULL) {
            query_fail_no_memory(ctx);
            return NULL;
        }
    }
    /* The writer lock before anything is read for writing: no other transaction can
     * commit a change to what this statement is about to read and rewrite. (A statement
     * only described, for Parse, writes nothing and takes no lock.) */
    if (!ctx->describe_only && !transaction_lock_for_write(ctx, w->transaction)) {
        table_writes_abandon(w);
        return NULL;
    }
    return w;
}

void table_writes_abandon(table_writes *w)
{
    if (w != NULL && w->own_transaction) {
        transaction_destroy(w->transaction);
        w->transaction = NULL;
        w->own_transaction = false;
    }
}

bool table_writes_commit(query_context *ctx, table_writes *w)
{
    if (!w->own_transaction)
        return true;
    bool ok = transaction_commit(ctx, w->transaction);
    table_writes_abandon(w);
    return ok;
}

static written_key *find_slot(const table_writes *w, const key_buffer *key)
{
    if (w->capacity == 0)
        return NULL;
    size_t i = key_hash(key->bytes, key->length) & (w->capacity - 1);
    for (;;) {
        written_key *s = &w->slots[i];
        if (s->bytes == NULL || (s->length == key->length && memcmp(s->bytes, key->bytes, key->length) == 0))
            return s;
        i = (i + 1) & (w->capacity - 1);
    }
}

static bool remember(query_context *ctx, table_writes *w, const key_buffer *key, bool present)
{
    if ((w->count + 1) * 2 > w->capacity) {
        size_t capacity = w->capacity ? w->capacity * 2 : 64;
        written_key *old = w->slots;
        size_t old_capacity = w->capacity;
        w->slots = arena_zalloc(w->arena, capacity * sizeof *w->slots);
        if (w->slots == NULL)
            return query_fail_no_memory(ctx);
        w->capacity = capacity;
        for (size_t i = 0; i < old_capacity; i++) {
            if (old[i].bytes == NULL)
                continue;
            key_buffer k;
            k.length = old[i].length;
            memcpy(k.bytes, old[i].bytes, old[i].length);
            *find_slot(w, &k) = old[i];
        }
    }
    written_key *s = find_slot(w, key);
    if (s->bytes == NULL) {
        s->bytes = arena_alloc(w->arena, key->length);
        if (s->bytes == NULL)
            return query_fail_no_memory(ctx);
        memcpy(s->bytes, key->bytes, key->length);
        s->length = key->length;
        w->count++;
    }
    s->present = present;
    return true;
}

/* ---- keys ---- */

static const uint8_t key_spaces[] = {
    [TABLE_SHARED] = KEY_SPACE_SHARED_ROW,
    [TABLE_USER] = KEY_SPACE_USER_ROW,
    [TABLE_STREAM] = KEY_SPACE_STREAM_ROW,
};

void table_key_prefix(const query_context *ctx, const catalog_table *t, key_buffer *out)
{
    key_init(out);
    key_append_byte(out, key_spaces[t->kind]);
    key_append_uint64(out, t->id);
    /* Per-user kinds: the session's user is part of every key it can form. */
    if (t->kind != TABLE_SHARED)
        key_append_uint64(out, ctx->role_id);
}

uint64_t table_now_ms(void)
{
    return (uint64_t)((datetime_clock_now() - DT_UNIX_EPOCH_TIMESTAMP) / 1000);
}

bool table_key_append_value(query_context *ctx, key_buffer *k, const value *v)
{
    switch (v->type) {
    case TYPE_BOOL:
        key_append_bool(k, v->as.boolean);
        break;
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        /* The infinities are the extreme integers, so they sort first and last. */
        key_append_int64(k, v->as.integer);
        break;
    case TYPE_INTERVAL: {
        /* Equal intervals may differ field by field ('1 day' = '24 hours'), so the key is
         * the span they compare by (30-day months), 128 bits: high half signed, low half
         * unsigned, which orders as the whole number does. */
        const dt_interval *iv = &v->as.interval;
        __int128 span = ((__int128)iv->month * 30 + iv->day) * INT64_C(86400000000) + iv->time;
        key_append_int64(k, (int64_t)(span >> 64));
        key_append_uint64(k, (uint64_t)span);
        break;
    }
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        key_append_float64(k, v->as.real);
        break;
    case TYPE_NUMERIC:
        key_append_decimal(k, (int)v->as.number.kind, v->as.number.negative, v->as.number.weight,
                           v->as.number.digits, v->as.number.ndigits);
        break;
    case TYPE_JSONB:
        jsonb_key_append(k, v->as.text.data, v->as.text.length);
        break;
    case TYPE_BPCHAR: {
        /* char(n) compares without its padding, so the key does too. */
        size_t n = v->as.text.length;
        while (n > 0 && v->as.text.data[n - 1] == ' ')
            n--;
        key_append_bytes(k, v->as.text.data, n);
        break;
    }
    default:
        if (type_is_array(v->type)) {
            /* Each element behind a marker byte that the end marker sorts below (a prefix
             * first), NULL elements above values, then the lower bound: array order. */
            const array_value *a = v->as.array;
            for (int i = 0; i < a->count; i++) {
                key_append_byte(k, 1);
                key_append_null_tag(k, a->elements[i].is_null, true);
                if (!a->elements[i].is_null && !table_key_append_value(ctx, k, &a->elements[i]))
                    return false;
            }
            key_append_byte(k, 0);
            key_append_int64(k, a->lower_bound);
            break;
        }
        key_append_bytes(k, v->as.text.data, v->as.text.length);
        break;
    }
    if (k->overflow)
        return query_fail(ctx, "54000", -1, "key value too long: at most %d bytes of key",
                          KEY_MAX_LENGTH);
    return true;
}

bool table_row_key(query_context *ctx, const catalog_table *t, const value *row, key_buffer *out)
{
    table_key_prefix(ctx, t, out);
    if (t->kind == TABLE_STREAM) {
        /* Arrival order: the time, then a database-wide sequence for rows of one ms. */
        uint64_t seq = catalog_next_row_seq(ctx->catalog, table_now_ms());
        key_append_int64(out, (int64_t)(seq >> ROW_SEQ_TIME_SHIFT));
        key_append_uint64(out, seq);
        return true;
    }
    if (t->primary_key_count == 0) {
        uint64_t row_id;
        char *error = NULL;
        catalog_status status = catalog_reserve_row_ids(ctx->catalog, 1, &row_id, &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
        key_append_uint64(out, row_id);
        return true;
    }
    for (int i = 0; i < t->primary_key_count; i++) {
        if (!table_key_append_value(ctx, out, &row[t->primary_key[i]]))
            return false;
    }
    return true;
}

/* ---- row values ---- */

static row_column_kind column_kind(uint32_t type)
{
    switch (type) {
    case TYPE_BOOL:
        return ROW_FIXED_1;
    case TYPE_INT2:
        return ROW_FIXED_2;
    case TYPE_INT4:
    case TYPE_FLOAT4:
    case TYPE_DATE:
        return ROW_FIXED_4;
    case TYPE_INT8:
    case TYPE_FLOAT8:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        return ROW_FIXED_8;
    default:
        return ROW_VARLEN;
    }
}

/* numeric as stored: kind, sign, weight, dscale, then base-10000 digits, little-endian. */
static uint8_t *numeric_bytes(query_context *ctx, const numeric *n, size_t *length)
{
    size_t size = 1 + 1 + 2 + 2 + 2 * (size_t)n->ndigits;
    uint8_t *p = arena_alloc(ctx->arena, size);
    if (p == NULL)
        return NULL;
    p[0] = (uint8_t)n->kind;
    p[1] = n->negative ? 1 : 0;
    p[2] = (uint8_t)(n->weight & 0xFF);
    p[3] = (uint8_t)((n->weight >> 8) & 0xFF);
    p[4] = (uint8_t)(n->dscale & 0xFF);
    p[5] = (uint8_t)((n->dscale >> 8) & 0xFF);
    for (int i = 0; i < n->ndigits; i++) {
        p[6 + 2 * i] = (uint8_t)(n->digits[i] & 0xFF);
        p[7 + 2 * i] = (uint8_t)((n->digits[i] >> 8) & 0xFF);
    }
    *length = size;
    return p;
}

static bool numeric_from_bytes(query_context *ctx, const uint8_t *p, size_t length, numeric *out)
{
    if (length < 6 || (length - 6) % 2 != 0 || p[0] > NUMERIC_NINF)
        return false;
    int ndigits = (int)((length - 6) / 2);
    int16_t *digits = arena_alloc(ctx->arena, (size_t)(ndigits > 0 ? ndigits : 1) * sizeof *digits);
    if (digits == NULL)
        return false;
    for (int i = 0; i < ndigits; i++)
        digits[i] = (int16_t)(p[6 + 2 * i] | (p[7 + 2 * i] << 8));
    out->kind = (numeric_kind)p[0];
    out->negative = p[1] != 0;
    out->weight = (int16_t)(p[2] | (p[3] << 8));
    out->dscale = (int16_t)(p[4] | (p[5] << 8));
    out->ndigits = ndigits;
    out->digits = digits;
    return true;
}

/* interval as stored: microseconds (8 bytes), days, months (4 each), little-endian. */
#define INTERVAL_BYTES 16

static void put_little_endian(uint8_t *p, uint64_t x, int width)
{
    for (int i = 0; i < width; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

static uint64_t get_little_endian(const uint8_t *p, int width)
{
    uint64_t x = 0;
    for (int i = 0; i < width; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

static uint8_t *interval_bytes(query_context *ctx, const dt_interval *iv)
{
    uint8_t *p = arena_alloc(ctx->arena, INTERVAL_BYTES);
    if (p == NULL)
        return NULL;
    put_little_endian(p, (uint64_t)iv->time, 8);
    put_little_endian(p + 8, (uint32_t)iv->day, 4);
    put_little_endian(p + 12, (uint32_t)iv->month, 4);
    return p;
}

static bool to_datum(query_context *ctx, const value *v, row_datum *d)
{
    memset(d, 0, sizeof *d);
    d->is_null = v->is_null;
    if (v->is_null)
        return true;
    switch (v->type) {
    case TYPE_BOOL:
        d->fixed = v->as.boolean ? 1 : 0;
        return true;
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        d->fixed = (uint64_t)v->as.integer;
        return true;
    case TYPE_INTERVAL:
        d->var.data = interval_bytes(ctx, &v->as.interval);
        d->var.length = INTERVAL_BYTES;
        return d->var.data != NULL || query_fail_no_memory(ctx);
    case TYPE_UUID: {
        /* Stored as its 16 bytes; values hold the canonical text. */
        uint8_t *bytes = arena_alloc(ctx->arena, UUID_BYTES);
        if (bytes == NULL)
            return query_fail_no_memory(ctx);
        if (!uuid_parse(v->as.text.data, v->as.text.length, bytes))
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "malformed uuid value");
        d->var.data = bytes;
        d->var.length = UUID_BYTES;
        return true;
    }
    case TYPE_FLOAT4: {
        float f = (float)v->as.real;
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        d->fixed = bits;
        return true;
    }
    case TYPE_FLOAT8:
        memcpy(&d->fixed, &v->as.real, sizeof d->fixed);
        return true;
    case TYPE_NUMERIC:
        d->var.data = numeric_bytes(ctx, &v->as.number, &d->var.length);
        return d->var.data != NULL || query_fail_no_memory(ctx);
    default:
        if (type_is_array(v->type)) {
            /* Arrays are stored in PostgreSQL's binary form (array_send). */
            uint8_t buffer[BINARY_BUFFER];
            return value_to_binary(ctx, v, buffer, &d->var.data, &d->var.length);
        }
        /* A zero-length string still needs a non-NULL pointer for the codec. */
        d->var.data = (const uint8_t *)(v->as.text.data != NULL ? v->as.text.data : "");
        d->var.length = v->as.text.length;
        return true;
    }
}

/* copy_text false: text points into the bytes read (a scan's iterator memory, valid until
 * the scan moves); whoever keeps such a row longer detaches it (value_detach). */
static bool from_datum(query_context *ctx, const catalog_column *c, const row_datum *d, value *v,
                       bool copy_text)
{
    if (d->is_null) {
        *v = value_null(c->type);
        return true;
    }
    switch (c->type) {
    case TYPE_BOOL:
        *v = value_bool(d->fixed != 0);
        return true;
    case TYPE_INT2:
        *v = value_int(c->type, (int16_t)d->fixed);
        return true;
    case TYPE_INT4:
    case TYPE_DATE:
        *v = value_int(c->type, (int32_t)d->fixed);
        return true;
    case TYPE_INT8:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        *v = value_int(c->type, (int64_t)d->fixed);
        return true;
    case TYPE_UUID: {
        char *text = arena_alloc(ctx->arena, UUID_TEXT_LENGTH + 1);
        if (d->var.length != UUID_BYTES || text == NULL)
            return false;
        uuid_format(d->var.data, text);
        *v = value_text(TYPE_UUID, text, UUID_TEXT_LENGTH);
        return true;
    }
    case TYPE_INTERVAL:
        if (d->var.length != INTERVAL_BYTES)
            return false;
        *v = value_null(TYPE_INTERVAL);
        v->is_null = false;
        v->as.interval.time = (int64_t)get_little_endian(d->var.data, 8);
        v->as.interval.day = (int32_t)(uint32_t)get_little_endian(d->var.data + 8, 4);
        v->as.interval.month = (int32_t)(uint32_t)get_little_endian(d->var.data + 12, 4);
        return true;
    case TYPE_FLOAT4: {
        uint32_t bits = (uint32_t)d->fixed;
        float f;
        memcpy(&f, &bits, sizeof f);
        *v = value_float8(f);
        v->type = TYPE_FLOAT4;
        return true;
    }
    case TYPE_FLOAT8: {
        double x;
        memcpy(&x, &d->fixed, sizeof x);
        *v = value_float8(x);
        return true;
    }
    case TYPE_NUMERIC:
        *v = value_null(TYPE_NUMERIC);
        v->is_null = false;
        return numeric_from_bytes(ctx, d->var.data, d->var.length, &v->as.number);
    default: {
        if (type_is_array(c->type))
            return value_from_binary(ctx, c->type, d->var.data, d->var.length, 0, v);
        const char *s = (const char *)d->var.data;
        if (copy_text && (s = arena_strndup(ctx->arena, s, d->var.length)) == NULL)
            return false;
        *v = value_text(c->type, s, d->var.length);
        return true;
    }
    }
}

static bool encode_row(query_context *ctx, const catalog_table *t, const value *row,
                       uint8_t **bytes, size_t *length)
{
    int n = t->column_count;
    row_column_kind *kinds = arena_alloc(ctx->arena, (size_t)n * sizeof *kinds);
    row_datum *datums = arena_alloc(ctx->arena, (size_t)n * sizeof *datums);
    if (kinds == NULL || datums == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < n; i++) {
        kinds[i] = column_kind(t->columns[i].type);
        if (t->columns[i].dropped) {
            datums[i].is_null = true;
            continue;
        }
        if (!to_datum(ctx, &row[i], &datums[i]))
            return false;
    }
    size_t size;
    if (row_encoded_size(ROW_SCHEMA_VERSION, kinds, n, datums, &size) != ROW_OK)
        return query_fail(ctx, "54000", -1, "row is too big");
    *bytes = arena_alloc(ctx->arena, size);
    if (*bytes == NULL)
        return query_fail_no_memory(ctx);
    if (row_encode(ROW_SCHEMA_VERSION, kinds, n, datums, *bytes, size, length) != ROW_OK)
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "could not encode a row");
    return true;
}

/* Decode buffers sized for a table, reused row after row by a scan. */
typedef struct decode_buffers {
    row_column_kind *kinds;
    row_datum *datums;
} decode_buffers;

static bool decode_buffers_make(query_context *ctx, const catalog_table *t, decode_buffers *b)
{
    int n = t->column_count;
    b->kinds = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof *b->kinds);
    b->datums = arena_alloc(ctx->arena, (size_t)(n + 1) * sizeof *b->datums);
    if (b->kinds == NULL || b->datums == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < n; i++)
        b->kinds[i] = column_kind(t->columns[i].type);
    return true;
}

static bool decode_row_with(query_context *ctx, const catalog_table *t, const uint8_t *bytes,
                            size_t length, value *row, decode_buffers *b, bool copy_text)
{
    int n = t->column_count;
    row_column_kind *kinds = b->kinds;
    row_datum *datums = b->datums;
    uint32_t version;
    if (row_decode(bytes, length, kinds, n, &version, datums) != ROW_OK)
        return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "a row of table \"%s\" is corrupt",
                          t->name);
    for (int i = 0; i < n; i++) {
        const catalog_column *c = &t->columns[i];
        if (datums[i].is_absent) {
            /* Written before the column was added: it reads as the default of that time. */
            if (c->missing_value == NULL) {
                row[i] = value_null(c->type);
                continue;
            }
            if (!value_from_text(ctx, c->type, c->missing_value, strlen(c->missing_value), -1,
                                 &row[i]))
                return false;
            continue;
        }
        if (!from_datum(ctx, c, &datums[i], &row[i], copy_text))
            return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1,
                              "a value of table \"%s\" is corrupt", t->name);
    }
    return true;
}

static bool decode_row(query_context *ctx, const catalog_table *t, const uint8_t *bytes,
                       size_t length, value *row)
{
    decode_buffers b;
    return decode_buffers_make(ctx, t, &b) && decode_row_with(ctx, t, bytes, length, row, &b, true);
}

/* ---- writes ---- */

static bool row_is_deleted(const catalog_table *t, const value *row)
{
    return t->deleted_column >= 0 && !row[t->deleted_column].is_null &&
           row[t->deleted_column].as.boolean;
}

bool table_row_insert(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, value *row)
{
    if (t->seq_column >= 0) {
        row[t->seq_column] =
            value_int(TYPE_INT8, (int64_t)catalog_next_row_seq(ctx->catalog, table_now_ms()));
        transaction_note_row_seq(w->transaction);
    }
    if (t->deleted_column >= 0 && row[t->deleted_column].is_null)
        row[t->deleted_column] = value_bool(false);
    uint8_t *bytes = NULL;
    size_t length = 0;
    if (!encode_row(ctx, t, row, &bytes, &length))
        return false;
    if (!transaction_put(w->transaction, key->bytes, key->length, bytes, length))
        return query_fail_no_memory(ctx);
    return remember(ctx, w, key, !row_is_deleted(t, row));
}

bool table_row_remove(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, value *row)
{
    if (t->deleted_column < 0)
        return table_row_delete(ctx, w, key);
    row[t->deleted_column] = value_bool(true);
    return table_row_insert(ctx, w, t, key, row);
}

bool table_row_delete(query_context *ctx, table_writes *w, const key_buffer *key)
{
    if (!transaction_put(w->transaction, key->bytes, key->length, NULL, 0))
        return query_fail_no_memory(ctx);
    return remember(ctx, w, key, false);
}

bool table_row_written(const table_writes *w, const key_buffer *key)
{
    const written_key *s = find_slot(w, key);
    return s != NULL && s->bytes != NULL;
}

bool table_row_get(query_context *ctx, const catalog_table *t, const key_buffer *key, value *row,
                   bool *found)
{
    const uint8_t *mine;
    size_t mine_length;
    if (ctx->transaction != NULL &&
        transaction_lookup(ctx->transaction, key->bytes, key->length, &mine, &mine_length)) {
        *found = mine != NULL;
        if (*found && !decode_row(ctx, t, mine, mine_length, row))
            return false;
        if (*found && row_is_deleted(t, row))
            *found = false;
        return true;
    }
    char *bytes = NULL, *error = NULL;
    size_t length;
    kv_status status = kv_get(ctx->store, key->bytes, key->length, &bytes, &length, &error);
    *found = status == KV_OK;
    if (status != KV_OK && status != KV_NOT_FOUND) {
        query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                   error != NULL ? error : "out of memory");
        free(error);
        return false;
    }
    bool ok = !*found || decode_row(ctx, t, (const uint8_t *)bytes, length, row);
    free(bytes);
    if (ok && *found && row_is_deleted(t, row))
        *found = false;
    return ok;
}

bool table_row_exists(query_context *ctx, table_writes *w, const catalog_table *t,
                      const key_buffer *key, bool *exists)
{
    const written_key *s = find_slot(w, key);
    if (s != NULL && s->bytes != NULL) {
        *exists = s->present;
        return true;
    }
    const uint8_t *mine;
    size_t mine_length;
    if (t->deleted_column >= 0 || transaction_lookup(w->transaction, key->bytes, key->length,
                                                     &mine, &mine_length)) {
        /* A soft-deleted row holds the key but is not there for SQL; the transaction's own
         * version is decoded the same way. */
        value *row = arena_alloc(ctx->arena, (size_t)t->column_count * sizeof *row);
        if (row == NULL)
            return query_fail_no_memory(ctx);
        return table_row_get(ctx, t, key, row, exists);
    }
    char *value = NULL, *error = NULL;
    size_t length;
    kv_status status = kv_get(ctx->store, key->bytes, key->length, &value, &length, &error);
    free(value);
    if (status != KV_OK && status != KV_NOT_FOUND) {
        query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                   error != NULL ? error : "out of memory");
        free(error);
        return false;
    }
    *exists = status == KV_OK;
    return true;
}

/* ---- scans ---- */

struct table_scan {
    const catalog_table *table;
    table_rows rows;
    kv_iterator *iterator;
    uint8_t *end; /* exclusive end key, exactly its length (scans are opened per outer row) */
    size_t end_length;
    /* The transaction's writes in the range, merged in key order with the store's rows
     * (a written key replaces the stored one; a deletion hides it). */
    transaction_entry *entries;
    size_t entry_count, next_entry;
    bool advance_store; /* the row returned last came from (or hid) the store's current */
    decode_buffers buffers;
};

/* A stream table's oldest visible key for the session's user: rows before it are past
 * ttl_seconds, gone for SQL even before the sweep removes them. */
static void stream_visible_start(const query_context *ctx, const catalog_table *t, key_buffer *out)
{
    table_key_prefix(ctx, t, out);
    int64_t now = (int64_t)table_now_ms();
    key_append_int64(out, now - t->ttl_seconds * 1000);
}

static int key_compare(const uint8_t *a, size_t a_length, const uint8_t *b, size_t b_length)
{
    int c = memcmp(a, b, a_length < b_length ? a_length : b_length);
    if (c != 0)
        return c;
    return a_length < b_length ? -1 : a_length > b_length;
}

table_scan *table_scan_open(query_context *ctx, const catalog_table *t, const key_buffer *start,
                            const key_buffer *end, table_rows rows)
{
    table_scan *scan = arena_zalloc(ctx->arena, sizeof *scan);
    if (scan == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    scan->table = t;
    scan->rows = rows;
    scan->end_length = end->length;
    scan->end = arena_alloc(ctx->arena, end->length > 0 ? end->length : 1);
    if (scan->end == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    memcpy(scan->end, end->bytes, end->length);
    if (!decode_buffers_make(ctx, t, &scan->buffers))
        return NULL;
    scan->iterator = kv_iterator_create(ctx->store);
    if (scan->iterator == NULL) {
        query_fail_no_memory(ctx);
        return NULL;
    }
    key_buffer visible;
    if (t->kind == TABLE_STREAM) {
        stream_visible_start(ctx, t, &visible);
        if (key_compare(start->bytes, start->length, visible.bytes, visible.length) < 0)
            start = &visible;
    }
    if (ctx->transaction != NULL &&
        !transaction_range(ctx, ctx->transaction, start->bytes, start->length, end->bytes,
                           end->length, &scan->entries, &scan->entry_count)) {
        table_scan_close(scan);
        return NULL;
    }
    kv_iterator_seek(scan->iterator, start->bytes, start->length);
    return scan;
}

/* The store's current key if it is before the scan's end. */
static bool store_key(query_context *ctx, table_scan *scan, const uint8_t **key, size_t *length,
                      bool *valid)
{
    *valid = false;
    if (!kv_iterator_valid(scan->iterator)) {
        char *error = NULL;
        if (kv_iterator_status(scan->iterator, &error) != KV_OK) {
            query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                       error != NULL ? error : "unknown error");
            free(error);
            return false;
        }
        return true;
    }
    *key = (const uint8_t *)kv_iterator_key(scan->iterator, length);
    *valid = key_compare(*key, *length, scan->end, scan->end_length) < 0;
    return true;
}

bool table_scan_next(query_context *ctx, table_scan *scan, value *values, key_buffer *key_out,
                     bool *found)
{
    *found = false;
    if (!query_check_interrupts(ctx))
        return false;
    for (;;) {
        if (scan->advance_store)
            kv_iterator_next(scan->iterator);
        scan->advance_store = false;
        const uint8_t *key = NULL, *bytes;
        size_t key_length = 0, length;
        bool stored;
        if (!store_key(ctx, scan, &key, &key_length, &stored))
            return false;
        const transaction_entry *mine =
            scan->next_entry < scan->entry_count ? &scan->entries[scan->next_entry] : NULL;
        int order = !stored ? 1 : mine == NULL ? -1
                                               : key_compare(key, key_length, mine->key,
                                                             mine->key_length);
        if (!stored && mine == NULL)
            return true;
        if (order < 0) {
            scan->advance_store = true;
            bytes = (const uint8_t *)kv_iterator_value(scan->iterator, &length);
        } else {
            /* The transaction's version, replacing the store's if both have the key. */
            scan->advance_store = order == 0;
            scan->next_entry++;
            key = mine->key;
            key_length = mine->key_length;
            bytes = mine->value;
            length = mine->value_length;
            if (bytes == NULL)
                continue;
        }
        if (!decode_row_with(ctx, scan->table, bytes, length, values, &scan->buffers, false))
            return false;
        if (scan->rows == TABLE_ROWS_VISIBLE && row_is_deleted(scan->table, values))
            continue;
        if (key_out != NULL) {
            if (key_length > KEY_MAX_LENGTH)
                return query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "a row key is too long");
            memcpy(key_out->bytes, key, key_length);
            key_out->length = key_length;
            key_out->overflow = false;
        }
        *found = true;
        return true;
    }
}

void table_scan_close(table_scan *scan)
{
    if (scan != NULL) {
        kv_iterator_destroy(scan->iterator);
        scan->iterator = NULL;
    }
}

/* ---- stream tables: ttl and max_buffer ---- */

static int compare_written_keys(const void *a, const void *b)
{
    const written_key *x = *(const written_key *const *)a, *y = *(const written_key *const *)b;
    return key_compare(x->bytes, x->length, y->bytes, y->length);
}

/* Expired keys removed per insert statement; the sweep takes care of the rest. */
#define TRIM_EXPIRED_MAX 10000

bool table_stream_trim(query_context *ctx, table_writes *w, const catalog_table *t)
{
    key_buffer prefix, visible, end;
    table_key_prefix(ctx, t, &prefix);
    stream_visible_start(ctx, t, &visible);
    if (!key_prefix_successor(&prefix, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    kv_iterator *it = kv_iterator_create(ctx->store);
    if (it == NULL)
        return query_fail_no_memory(ctx);
    /* Pass 1: drop expired keys, count the visible ones already stored. */
    int64_t stored = 0, expired = 0;
    kv_iterator_seek(it, prefix.bytes, prefix.length);
    for (; kv_iterator_valid(it); kv_iterator_next(it)) {
        size_t length;
        const uint8_t *key = (const uint8_t *)kv_iterator_key(it, &length);
        if (key_compare(key, length, end.bytes, end.length) >= 0)
            break;
        if (key_compare(key, length, visible.bytes, visible.length) < 0) {
            if (expired < TRIM_EXPIRED_MAX) {
                if (!transaction_put(w->transaction, key, length, NULL, 0)) {
                    kv_iterator_destroy(it);
                    return query_fail_no_memory(ctx);
                }
                expired++;
            }
            continue;
        }
        stored++;
    }
    /* Rows this statement wrote (visible from the store's point of view: not yet stored). */
    written_key **mine = arena_alloc(ctx->arena, (w->count + 1) * sizeof *mine);
    if (mine == NULL) {
        kv_iterator_destroy(it);
        return query_fail_no_memory(ctx);
    }
    size_t mine_count = 0;
    for (size_t i = 0; i < w->capacity; i++) {
        written_key *k = &w->slots[i];
        if (k->bytes != NULL && k->present && k->length > prefix.length &&
            memcmp(k->bytes, prefix.bytes, prefix.length) == 0)
            mine[mine_count++] = k;
    }
    int64_t excess = stored + (int64_t)mine_count - t->max_buffer;
    /* Pass 2: the oldest stored rows go first, then the statement's own oldest. */
    if (excess > 0 && stored > 0) {
        int64_t dropped = 0;
        for (kv_iterator_seek(it, visible.bytes, visible.length);
             dropped < excess && dropped < stored && kv_iterator_valid(it);
             kv_iterator_next(it)) {
            size_t length;
            const uint8_t *key = (const uint8_t *)kv_iterator_key(it, &length);
            if (key_compare(key, length, end.bytes, end.length) >= 0)
                break;
            if (!transaction_put(w->transaction, key, length, NULL, 0)) {
                kv_iterator_destroy(it);
                return query_fail_no_memory(ctx);
            }
            dropped++;
        }
        excess -= dropped;
    }
    char *error = NULL;
    if (kv_iterator_status(it, &error) != KV_OK) {
        kv_iterator_destroy(it);
        query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not read from storage: %s",
                   error != NULL ? error : "unknown error");
        free(error);
        return false;
    }
    kv_iterator_destroy(it);
    if (excess > 0) {
        qsort(mine, mine_count, sizeof *mine, compare_written_keys);
        for (size_t i = 0; i < mine_count && (int64_t)i < excess; i++) {
            if (!transaction_put(w->transaction, mine[i]->bytes, mine[i]->length, NULL, 0))
                return query_fail_no_memory(ctx);
            mine[i]->present = false;
        }
    }
    return true;
}

/* ---- background sweeps (no statement: the server's maintenance timer) ---- */

static uint64_t read_uint64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* The key layout of a stream row after its 1-byte space and 8-byte table id. */
#define STREAM_USER_OFFSET 9
#define STREAM_TIME_OFFSET 17
#define STREAM_KEY_MIN_LENGTH 25

static bool write_sweep(kv_store *store, kv_iterator *it, kv_batch *batch, size_t deleted,
                        char **error)
{
    bool ok = kv_iterator_status(it, error) == KV_OK;
    if (ok && deleted > 0)
        ok = kv_batch_write(store, batch, false, error) == KV_OK;
    kv_iterator_destroy(it);
    kv_batch_destroy(batch);
    return ok;
}

/* A sweep slice's iterator (at the key the last slice stopped at, or the table's first)
 * and the batch for its deletions. */
static bool sweep_open(kv_store *store, const key_buffer *prefix, table_sweep *sweep,
                       kv_iterator **it, kv_batch **batch)
{
    *it = kv_iterator_create(store);
    *batch = kv_batch_create();
    if (*it == NULL || *batch == NULL) {
        kv_iterator_destroy(*it);
        kv_batch_destroy(*batch);
        return false;
    }
    const key_buffer *from = sweep->resume.length > 0 ? &sweep->resume : prefix;
    kv_iterator_seek(*it, from->bytes, from->length);
    sweep->done = true;
    return true;
}

/* The iterator's key if the slice goes on with it: NULL past the table's end, or once the
 * slice has examined its share (the key is kept for the next slice to resume at). */
static const uint8_t *sweep_key(kv_iterator *it, const key_buffer *end, table_sweep *sweep,
                                size_t *examined, size_t *length)
{
    if (!kv_iterator_valid(it))
        return NULL;
    const uint8_t *key = (const uint8_t *)kv_iterator_key(it, length);
    if (key_compare(key, *length, end->bytes, end->length) >= 0)
        return NULL;
    if ((*examined)++ == sweep->max_keys) {
        memcpy(sweep->resume.bytes, key, *length);
        sweep->resume.length = *length;
        sweep->done = false;
        return NULL;
    }
    return key;
}

bool table_data_expire_slice(kv_store *store, const catalog_table *t, uint64_t now_ms,
                             table_sweep *sweep, char **error)
{
    key_buffer prefix, end;
    key_init(&prefix);
    key_append_byte(&prefix, KEY_SPACE_STREAM_ROW);
    key_append_uint64(&prefix, t->id);
    key_prefix_successor(&prefix, &end);
    int64_t cutoff = (int64_t)now_ms - t->ttl_seconds * 1000;
    kv_iterator *it;
    kv_batch *batch;
    if (!sweep_open(store, &prefix, sweep, &it, &batch))
        return false;
    size_t examined = 0, deleted = 0, length;
    const uint8_t *key;
    while ((key = sweep_key(it, &end, sweep, &examined, &length)) != NULL) {
        if (length < STREAM_KEY_MIN_LENGTH)
            break;
        /* int64 keys are big-endian with the sign bit flipped. */
        int64_t time = (int64_t)(read_uint64(key + STREAM_TIME_OFFSET) ^ (UINT64_C(1) << 63));
        if (time < cutoff) {
            kv_batch_delete(batch, key, length);
            deleted++;
            kv_iterator_next(it);
            continue;
        }
        /* The rest of this user's rows are younger: on to the next user. */
        uint64_t user = read_uint64(key + STREAM_USER_OFFSET);
        if (user == UINT64_MAX)
            break;
        key_buffer next_user = prefix;
        key_append_uint64(&next_user, user + 1);
        kv_iterator_seek(it, next_user.bytes, next_user.length);
    }
    sweep->deleted += deleted;
    if (sweep->done)
        sweep->resume.length = 0;
    return write_sweep(store, it, batch, deleted, error);
}

bool table_data_retention_slice(kv_store *store, const catalog_table *t, uint64_t now_ms,
                                table_sweep *sweep, char **error)
{
    if (t->seq_column < 0 || t->deleted_column < 0) {
        sweep->done = true;
        return true;
    }
    key_buffer prefix, end;
    key_init(&prefix);
    key_append_byte(&prefix, key_spaces[t->kind]);
    key_append_uint64(&prefix, t->id);
    key_prefix_successor(&prefix, &end);
    uint64_t retention_ms = (uint64_t)(t->deleted_retention_hours * 3600.0 * 1000.0);
    uint64_t cutoff_seq =
        now_ms > retention_ms ? (now_ms - retention_ms) << ROW_SEQ_TIME_SHIFT : 0;
    int n = t->column_count;
    row_column_kind *kinds = malloc((size_t)n * sizeof *kinds);
    row_datum *datums = malloc((size_t)n * sizeof *datums);
    kv_iterator *it;
    kv_batch *batch;
    if (kinds == NULL || datums == NULL || !sweep_open(store, &prefix, sweep, &it, &batch)) {
        free(kinds);
        free(datums);
        return false;
    }
    for (int i = 0; i < n; i++)
        kinds[i] = column_kind(t->columns[i].type);
    size_t examined = 0, deleted = 0, length;
    const uint8_t *key;
    for (; (key = sweep_key(it, &end, sweep, &examined, &length)) != NULL; kv_iterator_next(it)) {
        size_t value_length;
        const uint8_t *bytes = (const uint8_t *)kv_iterator_value(it, &value_length);
        uint32_t version;
        /* A row that does not decode is left for a statement to report. */
        if (row_decode(bytes, value_length, kinds, n, &version, datums) != ROW_OK)
            continue;
        const row_datum *deleted_flag = &datums[t->deleted_column];
        const row_datum *seq = &datums[t->seq_column];
        if (!deleted_flag->is_null && deleted_flag->fixed != 0 && !seq->is_null &&
            seq->fixed < cutoff_seq) {
            kv_batch_delete(batch, key, length);
            deleted++;
        }
    }
    free(kinds);
    free(datums);
    sweep->deleted += deleted;
    if (sweep->done)
        sweep->resume.length = 0;
    return write_sweep(store, it, batch, deleted, error);
}

/* Keys deleted per write while purging: bounded batches keep memory flat. */
#define PURGE_BATCH_KEYS 10000

/* Deletes up to max_keys keys starting with prefix; *done once none remain. */
static bool purge_prefix_slice(kv_store *store, const key_buffer *prefix_key, size_t max_keys,
                               bool *done, char **error)
{
    const key_buffer prefix = *prefix_key;
    kv_iterator *it = kv_iterator_create(store);
    kv_batch *batch = kv_batch_create();
    *done = false;
    if (it == NULL || batch == NULL) {
        kv_iterator_destroy(it);
        kv_batch_destroy(batch);
        return false;
    }
    size_t deleted = 0;
    for (kv_iterator_seek(it, prefix.bytes, prefix.length); kv_iterator_valid(it);
         kv_iterator_next(it)) {
        size_t length;
        const char *key = kv_iterator_key(it, &length);
        if (length < prefix.length || memcmp(key, prefix.bytes, prefix.length) != 0 ||
            deleted == max_keys)
            break;
        kv_batch_delete(batch, key, length);
        deleted++;
    }
    bool ok = kv_iterator_status(it, error) == KV_OK;
    *done = ok && deleted < max_keys;
    if (ok && deleted > 0)
        ok = kv_batch_write(store, batch, false, error) == KV_OK;
    kv_iterator_destroy(it);
    kv_batch_destroy(batch);
    return ok;
}

bool table_data_purge_slice(kv_store *store, uint64_t table_id, size_t max_keys, bool *done,
                            char **error)
{
    /* Table ids are unique across kinds: whichever kind it was, its rows are under one of
     * these prefixes, for every user. */
    for (size_t i = 0; i < sizeof key_spaces; i++) {
        key_buffer prefix;
        key_init(&prefix);
        key_append_byte(&prefix, key_spaces[i]);
        key_append_uint64(&prefix, table_id);
        if (!purge_prefix_slice(store, &prefix, max_keys, done, error))
            return false;
        if (!*done)
            return true;
    }
    return true;
}

/* TRUNCATE inside a transaction block: every row the session sees, deleted rows too,
 * goes through the write set, so that ROLLBACK brings them back. */
static bool purge_in_transaction(query_context *ctx, const catalog_table *t)
{
    key_buffer start, end;
    table_key_prefix(ctx, t, &start);
    if (!key_prefix_successor(&start, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    table_writes *w = table_writes_begin(ctx);
    if (w == NULL)
        return false;
    table_scan *scan = table_scan_open(ctx, t, &start, &end, TABLE_ROWS_WITH_DELETED);
    value *row = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *row);
    bool ok = scan != NULL && (row != NULL || query_fail_no_memory(ctx));
    while (ok) {
        key_buffer key;
        bool found;
        ok = table_scan_next(ctx, scan, row, &key, &found);
        if (!ok || !found)
            break;
        ok = table_row_delete(ctx, w, &key);
    }
    table_scan_close(scan);
    if (ok)
        return table_writes_commit(ctx, w);
    table_writes_abandon(w);
    return false;
}

bool table_data_purge(query_context *ctx, const catalog_table *t)
{
    if (ctx->in_transaction_block)
        return purge_in_transaction(ctx, t);
    /* No writer is half-way through the table while its rows go. */
    if (ctx->transaction != NULL && !transaction_lock_for_write(ctx, ctx->transaction))
        return false;
    key_buffer prefix;
    table_key_prefix(ctx, t, &prefix);
    bool done = false;
    while (!done) {
        char *error = NULL;
        if (!purge_prefix_slice(ctx->store, &prefix, PURGE_BATCH_KEYS, &done, &error)) {
            query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not delete rows: %s",
                       error != NULL ? error : "out of memory");
            free(error);
            return false;
        }
    }
    return true;
}
