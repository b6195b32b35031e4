/*
 * message_writer: a growable output buffer of protocol messages.
 *
 * Appends never fail loudly: the first allocation failure sets a sticky flag and every
 * later append is a no-op, so code builds a whole message and checks writer_failed()
 * once. writer_begin/writer_end frame one message (type byte + patched int32 length).
 * The buffer is plain bytes; sending it is the caller's business.
 */
#ifndef QUILL_PROTOCOL_MESSAGE_WRITER_H
#define QUILL_PROTOCOL_MESSAGE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct message_writer {
    uint8_t *data;
    size_t length;
    size_t capacity;
    size_t message_start; /* offset of the open message's length field, SIZE_MAX if none */
    bool failed;
} message_writer;

void writer_init(message_writer *w);
void writer_free(message_writer *w);
/* Forget the contents, keep the memory. */
void writer_clear(message_writer *w);
/* Drops the first n bytes (they were sent). */
void writer_consume(message_writer *w, size_t n);
/* Hands the buffer to the caller (who frees it) and leaves the writer empty. */
uint8_t *writer_detach(message_writer *w, size_t *length);

/* Opens a message with this type byte; type 0 opens one without a type byte (startup-style
 * messages have none, and neither does the single-byte SSL answer, which uses writer_byte). */
void writer_begin(message_writer *w, char type);
void writer_end(message_writer *w);

void writer_byte(message_writer *w, uint8_t b);
void writer_int16(message_writer *w, int16_t v);
void writer_int32(message_writer *w, int32_t v);
void writer_bytes(message_writer *w, const void *p, size_t n);
/* Writes the bytes and a NUL terminator. */
void writer_cstring(message_writer *w, const char *s);
void writer_cstring_n(message_writer *w, const char *s, size_t n);

bool writer_failed(const message_writer *w);

#endif
