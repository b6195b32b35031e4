#include "protocol/message_writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A message body is limited to what its int32 length can say. */
#define WRITER_MESSAGE_MAX ((size_t)INT32_MAX)

void writer_init(message_writer *w)
{
    w->data = NULL;
    w->length = 0;
    w->capacity = 0;
    w->message_start = SIZE_MAX;
    w->failed = false;
}

void writer_free(message_writer *w)
{
    free(w->data);
    writer_init(w);
}

void writer_clear(message_writer *w)
{
    w->length = 0;
    w->message_start = SIZE_MAX;
    w->failed = false;
}

void writer_consume(message_writer *w, size_t n)
{
    if (n >= w->length) {
        w->length = 0;
        return;
    }
    memmove(w->data, w->data + n, w->length - n);
    w->length -= n;
}

uint8_t *writer_detach(message_writer *w, size_t *length)
{
    uint8_t *p = w->data;
    *length = w->length;
    writer_init(w);
    return p;
}

static bool reserve(message_writer *w, size_t extra)
{
    if (w->failed)
        return false;
    if (extra > SIZE_MAX / 2 - w->length) {
        w->failed = true;
        return false;
    }
    size_t need = w->length + extra;
    if (need <= w->capacity)
        return true;
    size_t capacity = w->capacity ? w->capacity : 256;
    while (capacity < need)
        capacity *= 2;
    uint8_t *p = realloc(w->data, capacity);
    if (p == NULL) {
        w->failed = true;
        return false;
    }
    w->data = p;
    w->capacity = capacity;
    return true;
}

void writer_begin(message_writer *w, char type)
{
    if (type != 0)
        writer_byte(w, (uint8_t)type);
    if (!reserve(w, 4))
        return;
    w->message_start = w->length;
    w->length += 4;
}

void writer_end(message_writer *w)
{
    if (w->failed || w->message_start == SIZE_MAX)
        return;
    size_t body = w->length - w->message_start;
    if (body > WRITER_MESSAGE_MAX) {
        w->failed = true;
        return;
    }
    uint8_t *p = w->data + w->message_start;
    p[0] = (uint8_t)(body >> 24);
    p[1] = (uint8_t)(body >> 16);
    p[2] = (uint8_t)(body >> 8);
    p[3] = (uint8_t)body;
    w->message_start = SIZE_MAX;
}

void writer_byte(message_writer *w, uint8_t b)
{
    if (!reserve(w, 1))
        return;
    w->data[w->length++] = b;
}

void writer_int16(message_writer *w, int16_t v)
{
    if (!reserve(w, 2))
        return;
    uint16_t u = (uint16_t)v;
    w->data[w->length++] = (uint8_t)(u >> 8);
    w->data[w->length++] = (uint8_t)u;
}

void writer_int32(message_writer *w, int32_t v)
{
    if (!reserve(w, 4))
        return;
    uint32_t u = (uint32_t)v;
    w->data[w->length++] = (uint8_t)(u >> 24);
    w->data[w->length++] = (uint8_t)(u >> 16);
    w->data[w->length++] = (uint8_t)(u >> 8);
    w->data[w->length++] = (uint8_t)u;
}

void writer_bytes(message_writer *w, const void *p, size_t n)
{
    if (n == 0 || !reserve(w, n))
        return;
    memcpy(w->data + w->length, p, n);
    w->length += n;
}

void writer_cstring_n(message_writer *w, const char *s, size_t n)
{
    writer_bytes(w, s, n);
    writer_byte(w, 0);
}

void writer_cstring(message_writer *w, const char *s)
{
    writer_cstring_n(w, s, strlen(s));
}

bool writer_failed(const message_writer *w)
{
    return w->failed;
}
