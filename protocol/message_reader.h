/*
 * message_reader: a bounds-checked cursor over one received protocol message body.
 *
 * Every read checks the bytes remaining; the first overrun (or a string without its
 * terminator) makes the reader "failed" and every later read return zeros/NULL, so a
 * decoder can read all fields and check reader_failed() once. Never allocates and
 * never copies: strings point into the message buffer.
 */
#ifndef QUILL_PROTOCOL_MESSAGE_READER_H
#define QUILL_PROTOCOL_MESSAGE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct message_reader {
    const uint8_t *data;
    size_t length;
    size_t offset;
    bool failed;
} message_reader;

void reader_init(message_reader *r, const uint8_t *data, size_t length);

uint8_t reader_byte(message_reader *r);
int16_t reader_int16(message_reader *r);
int32_t reader_int32(message_reader *r);
/* A NUL-terminated string inside the message; *len (optional) excludes the NUL. */
const char *reader_cstring(message_reader *r, size_t *len);
/* n raw bytes; NULL (and failed) if fewer remain or n is negative. */
const uint8_t *reader_bytes(message_reader *r, int32_t n);

size_t reader_remaining(const message_reader *r);
bool reader_failed(const message_reader *r);
/* True when everything was read and nothing failed: trailing garbage is a violation. */
bool reader_finished_cleanly(const message_reader *r);

#endif
