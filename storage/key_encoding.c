#include "storage/key_encoding.h"

#include <string.h>

void key_init(key_buffer *k)
{
    k->length = 0;
    k->overflow = false;
}

void key_append_byte(key_buffer *k, uint8_t b)
{
    if (k->overflow || k->length == KEY_MAX_LENGTH) {
        k->overflow = true;
        return;
    }
    k->bytes[k->length++] = b;
}

void key_append_uint64(key_buffer *k, uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        key_append_byte(k, (uint8_t)(v >> shift));
}

void key_append_int64(key_buffer *k, int64_t v)
{
    key_append_uint64(k, (uint64_t)v ^ ((uint64_t)1 << 63));
}

void key_append_bytes(key_buffer *k, const void *data, size_t length)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < length; i++) {
        key_append_byte(k, p[i]);
        if (p[i] == 0x00)
            key_append_byte(k, 0xFF);
    }
    key_append_byte(k, 0x00);
    key_append_byte(k, 0x01);
}

bool key_read_uint64(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    if (end - *p < 8)
        return false;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (*p)[i];
    *p += 8;
    *out = v;
    return true;
}

bool key_read_int64(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    uint64_t u;
    if (!key_read_uint64(p, end, &u))
        return false;
    *out = (int64_t)(u ^ ((uint64_t)1 << 63));
    return true;
}

bool key_read_bytes(const uint8_t **p, const uint8_t *end, uint8_t *out, size_t out_capacity,
                    size_t *out_length)
{
    const uint8_t *q = *p;
    size_t n = 0;
    while (q < end) {
        uint8_t b = *q++;
        if (b == 0x00) {
            if (q == end)
                return false;
            uint8_t next = *q++;
            if (next == 0x01) {
                *p = q;
                *out_length = n;
                return true;
            }
            if (next != 0xFF)
                return false;
        }
        if (n == out_capacity)
            return false;
        out[n++] = b;
    }
    return false;
}

bool key_prefix_successor(const key_buffer *prefix, key_buffer *out)
{
    *out = *prefix;
    while (out->length > 0) {
        if (out->bytes[out->length - 1] != 0xFF) {
            out->bytes[out->length - 1]++;
            return true;
        }
        out->length--;
    }
    return false;
}
