/*
 * copy_stream: the COPY sub-protocol of one connection.
 *
 * Implements query/copy's channel: CopyInResponse, CopyOutResponse, CopyData and CopyDone
 * go to the connection's output. For COPY FROM STDIN the statement waits (its coroutine
 * yields) for the client's messages, which the connection hands over: CopyData bytes are
 * queued, so that one resumption takes all the rows one read brought (clients such as
 * pgbench send a CopyData per row); CopyDone ends the data, CopyFail fails the COPY
 * (57014), and anything else fails it with 08P01 and leaves the connection out of step
 * with the client, so the connection must end (PostgreSQL does the same). Flush and Sync
 * are ignored meanwhile, as PostgreSQL ignores them from clients that sent them before
 * learning the statement was a COPY. Knows nothing of sockets.
 */
#ifndef QUILL_SERVER_COPY_STREAM_H
#define QUILL_SERVER_COPY_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol/message_writer.h"
#include "query/copy.h"

typedef enum copy_end {
    COPY_END_NONE,
    COPY_END_DONE,       /* CopyDone */
    COPY_END_FAIL,       /* CopyFail: fail_message */
    COPY_END_BAD_FAIL,   /* a CopyFail whose message is not a string */
    COPY_END_UNEXPECTED, /* any other message: unexpected_type */
    COPY_END_NO_MEMORY,  /* the data could not be queued */
} copy_end;

typedef struct copy_stream {
    message_writer *out;
    bool waiting; /* the statement waits for the client's next message */
    /* CopyData bytes not yet taken by the statement (malloc'd). */
    uint8_t *queue;
    size_t queued;
    size_t capacity;
    bool handed_out; /* the statement holds the queue's bytes until it reads again */
    copy_end end;    /* what followed the data */
    char *fail_message; /* malloc'd */
    uint8_t unexpected_type;
} copy_stream;

/* The channel whose arg is a copy_stream. */
extern const copy_channel copy_stream_channel;

void copy_stream_init(copy_stream *s, message_writer *out);
void copy_stream_release(copy_stream *s);

typedef enum copy_delivery {
    COPY_DELIVERY_QUEUED,  /* data queued: resume the statement once the read is handled */
    COPY_DELIVERY_IGNORED, /* Flush or Sync */
    COPY_DELIVERY_RESUME,  /* resume the statement now (queued data first) */
    COPY_DELIVERY_LOST,    /* resume it; once it has failed, end the connection */
} copy_delivery;

/* A message arrived while s->waiting. */
copy_delivery copy_stream_deliver(copy_stream *s, char type, const uint8_t *body, size_t length);

/* Has data queued for the waiting statement? */
bool copy_stream_has_data(const copy_stream *s);

#endif
