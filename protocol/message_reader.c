#include "protocol/message_reader.h"

#include <string.h>

void reader_init(message_reader *r, const uint8_t *data, size_t length)
{
    r->data = data;
    r->length = length;
    r->offset = 0;
    r->failed = false;
}

static bool take(message_reader *r, size_t n)
{
    if (r->failed || r->length - r->offset < n) {
        r->failed = true;
        return false;
    }
    return true;
}

uint8_t reader_byte(message_reader *r)
{
    if (!take(r, 1))
        return 0;
    return r->data[r->offset++];
}

int16_t reader_int16(message_reader *r)
{
    if (!take(r, 2))
        return 0;
    const uint8_t *p = r->data + r->offset;
    r->offset += 2;
    return (int16_t)(uint16_t)((p[0] << 8) | p[1]);
}

int32_t reader_int32(message_reader *r)
{
    if (!take(r, 4))
        return 0;
    const uint8_t *p = r->data + r->offset;
    r->offset += 4;
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

const char *reader_cstring(message_reader *r, size_t *len)
{
    if (r->failed) {
        return NULL;
    }
    const uint8_t *start = r->data + r->offset;
    const uint8_t *nul = memchr(start, '\0', r->length - r->offset);
    if (nul == NULL) {
        r->failed = true;
        return NULL;
    }
    size_t n = (size_t)(nul - start);
    r->offset += n + 1;
    if (len != NULL)
        *len = n;
    return (const char *)start;
}

const uint8_t *reader_bytes(message_reader *r, int32_t n)
{
    if (n < 0) {
        r->failed = true;
        return NULL;
    }
    if (!take(r, (size_t)n))
        return NULL;
    const uint8_t *p = r->data + r->offset;
    r->offset += (size_t)n;
    return p;
}

size_t reader_remaining(const message_reader *r)
{
    return r->failed ? 0 : r->length - r->offset;
}

bool reader_failed(const message_reader *r)
{
    return r->failed;
}

bool reader_finished_cleanly(const message_reader *r)
{
    return !r->failed && r->offset == r->length;
}
