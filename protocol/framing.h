/*
 * framing: finds message boundaries in the bytes received from a client.
 *
 * Two shapes exist: the startup-phase packet (int32 length, no type byte) and the
 * regular message (type byte, int32 length). Lengths are validated before anything is
 * allocated for the body: a length under 4 or over the configured maximum is reported as
 * such, and the caller closes the connection with 08P01.
 */
#ifndef QUILL_PROTOCOL_FRAMING_H
#define QUILL_PROTOCOL_FRAMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PostgreSQL refuses startup packets longer than this. */
#define STARTUP_PACKET_MAX 10000

typedef enum frame_status {
    FRAME_INCOMPLETE, /* need more bytes; *needed says how many in total if known */
    FRAME_READY,
    FRAME_BAD_LENGTH, /* declared length under the minimum or over the maximum */
} frame_status;

typedef struct frame {
    char type;           /* 0 for startup packets */
    const uint8_t *body; /* after the length field */
    size_t body_length;
    size_t total_length; /* bytes to consume, header included */
    int64_t declared_length;
} frame;

/* startup: no type byte, length >= 8 (length + code), <= STARTUP_PACKET_MAX.
 * otherwise: type byte, length >= 4, <= max_message_size.
 * On FRAME_INCOMPLETE, *needed (if not NULL) is the total size once the header is known,
 * so a reader can reserve it exactly; 0 when the header itself is incomplete. */
frame_status frame_next(const uint8_t *buffer, size_t length, bool startup,
                        size_t max_message_size, frame *out, size_t *needed);

#endif
