/*
 * copy_stream: the COPY sub-protocol of one connection.
 *
 * Implements query/copy's channel: CopyInResponse, CopyOutResponse, CopyData and CopyDone
 * go to the connection's output. For COPY FROM STDIN the statement waits (its coroutine
 * yields) until the connection hands over the client's next message: CopyData, CopyDone,
 * CopyFail (57014), or anything else, which fails the COPY with 08P01 and leaves the
 * connection out of step with the client, so the connection must end (PostgreSQL does the
 * same). Flush and Sync are ignored meanwhile, as PostgreSQL ignores them from clients
 * that sent them before learning the statement was a COPY. Knows nothing of sockets.
 */
#ifndef QUILL_SERVER_COPY_STREAM_H
#define QUILL_SERVER_COPY_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/message_writer.h"
#include "query/copy.h"

typedef enum copy_message {
    COPY_MESSAGE_NONE,
    COPY_MESSAGE_DATA,
    COPY_MESSAGE_DONE,
    COPY_MESSAGE_FAIL,
    COPY_MESSAGE_BAD_FAIL,   /* a CopyFail whose message is not a string */
    COPY_MESSAGE_UNEXPECTED, /* any other message */
} copy_message;

typedef struct copy_stream {
    message_writer *out;
    bool waiting; /* the statement waits for the client's next message */
    copy_message received;
    uint8_t unexpected_type;
    /* DATA: the CopyData body; FAIL: the client's message. They point into the
     * connection's input, so the statement must take them before the connection reads on:
     * it runs on at once when a message is delivered. */
    const uint8_t *data;
    size_t length;
} copy_stream;

/* The channel whose arg is a copy_stream. */
extern const copy_channel copy_stream_channel;

void copy_stream_init(copy_stream *s, message_writer *out);

typedef enum copy_delivery {
    COPY_DELIVERY_IGNORED, /* Flush or Sync: the statement keeps waiting */
    COPY_DELIVERY_TAKEN,   /* resume the statement */
    COPY_DELIVERY_LOST,    /* resume the statement; once it has failed, end the connection */
} copy_delivery;

/* A message arrived while s->waiting. */
copy_delivery copy_stream_deliver(copy_stream *s, char type, const uint8_t *body, size_t length);

#endif
