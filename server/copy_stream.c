#include "server/copy_stream.h"

#include <stdlib.h>
#include <string.h>

#include "protocol/backend.h"
#include "protocol/frontend.h"
#include "server/coroutine.h"

/* Above this much unsent output, a COPY TO asks whether to pause so the client can read
 * (the connection pauses it above its high-water mark). */
#define COPY_OUTPUT_CHECK ((size_t)1 << 20)
/* Queued CopyData beyond this goes to the statement at once, whatever else was read. */
#define COPY_QUEUE_LIMIT ((size_t)256 << 10)

void copy_stream_init(copy_stream *s, message_writer *out)
{
    memset(s, 0, sizeof *s);
    s->out = out;
}

void copy_stream_release(copy_stream *s)
{
    free(s->queue);
    free(s->fail_message);
    s->queue = NULL;
    s->fail_message = NULL;
    s->queued = s->capacity = 0;
}

bool copy_stream_has_data(const copy_stream *s)
{
    return s->queued > 0 && !s->handed_out;
}

static bool written(query_context *ctx, const message_writer *out)
{
    return !writer_failed(out) || query_fail_no_memory(ctx);
}

static bool begin_in(void *arg, query_context *ctx, int column_count)
{
    copy_stream *s = arg;
    s->queued = 0;
    s->handed_out = false;
    s->end = COPY_END_NONE;
    backend_copy_in_response(s->out, 0, (int16_t)column_count);
    return written(ctx, s->out);
}

/* The end the client gave the data, as the statement must take it. */
static bool take_end(copy_stream *s, query_context *ctx, bool *end)
{
    copy_end what = s->end;
    s->end = COPY_END_NONE;
    switch (what) {
    case COPY_END_DONE:
        *end = true;
        return true;
    case COPY_END_FAIL:
        query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1, "COPY from stdin failed: %s",
                   s->fail_message);
        break;
    case COPY_END_NO_MEMORY:
        query_fail_no_memory(ctx);
        break;
    case COPY_END_BAD_FAIL:
        query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "invalid string in message");
        break;
    default:
        query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                   "unexpected message type 0x%02X during COPY from stdin", s->unexpected_type);
        break;
    }
    free(s->fail_message);
    s->fail_message = NULL;
    return false;
}

static bool read_data(void *arg, query_context *ctx, const uint8_t **data, size_t *length,
                      bool *end)
{
    copy_stream *s = arg;
    *end = false;
    *data = NULL;
    *length = 0;
    if (s->handed_out) {
        s->handed_out = false;
        s->queued = 0;
    }
    for (;;) {
        if (s->queued > 0) {
            *data = s->queue;
            *length = s->queued;
            s->handed_out = true;
            return true;
        }
        if (s->end != COPY_END_NONE)
            return take_end(s, ctx, end);
        /* A cancel or the connection closing ends the wait (write_depth keeps the check
         * itself from pausing). */
        if (ctx->interrupt_check != NULL && !ctx->interrupt_check(ctx->interrupt_arg, ctx))
            return false;
        if (!coroutine_active())
            return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                              "COPY from stdin cannot wait for data here");
        s->waiting = true;
        coroutine_yield();
        s->waiting = false;
    }
}

static bool begin_out(void *arg, query_context *ctx, int column_count)
{
    copy_stream *s = arg;
    backend_copy_out_response(s->out, 0, (int16_t)column_count);
    return written(ctx, s->out);
}

static bool write_data(void *arg, query_context *ctx, const uint8_t *data, size_t length)
{
    copy_stream *s = arg;
    backend_copy_data(s->out, data, length);
    if (!written(ctx, s->out))
        return false;
    if (s->out->length >= COPY_OUTPUT_CHECK && ctx->interrupt_check != NULL)
        return ctx->interrupt_check(ctx->interrupt_arg, ctx);
    return true;
}

static bool end_out(void *arg, query_context *ctx)
{
    copy_stream *s = arg;
    backend_copy_done(s->out);
    return written(ctx, s->out);
}

const copy_channel copy_stream_channel = {begin_in, read_data, begin_out, write_data, end_out};

static bool queue_data(copy_stream *s, const uint8_t *body, size_t length)
{
    if (s->queued + length > s->capacity) {
        size_t capacity = s->capacity > 0 ? s->capacity : 65536;
        while (capacity < s->queued + length)
            capacity *= 2;
        uint8_t *grown = realloc(s->queue, capacity);
        if (grown == NULL)
            return false;
        s->queue = grown;
        s->capacity = capacity;
    }
    memcpy(s->queue + s->queued, body, length);
    s->queued += length;
    return true;
}

copy_delivery copy_stream_deliver(copy_stream *s, char type, const uint8_t *body, size_t length)
{
    const char *message, *why;
    switch (type) {
    case 'd':
        if (length == 0)
            return COPY_DELIVERY_IGNORED;
        if (!queue_data(s, body, length)) {
            s->end = COPY_END_NO_MEMORY;
            return COPY_DELIVERY_RESUME;
        }
        return s->queued >= COPY_QUEUE_LIMIT ? COPY_DELIVERY_RESUME : COPY_DELIVERY_QUEUED;
    case 'c':
        s->end = COPY_END_DONE;
        return COPY_DELIVERY_RESUME;
    case 'f':
        free(s->fail_message);
        s->fail_message = NULL;
        if (!frontend_parse_copy_fail(body, length, &message, &why))
            s->end = COPY_END_BAD_FAIL;
        else if ((s->fail_message = strdup(message)) == NULL)
            s->end = COPY_END_NO_MEMORY;
        else
            s->end = COPY_END_FAIL;
        return COPY_DELIVERY_RESUME;
    case 'H':
    case 'S':
        return COPY_DELIVERY_IGNORED;
    default:
        s->end = COPY_END_UNEXPECTED;
        s->unexpected_type = (uint8_t)type;
        return COPY_DELIVERY_LOST;
    }
}
