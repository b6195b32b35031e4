#include "server/copy_stream.h"

#include "protocol/backend.h"
#include "protocol/frontend.h"
#include "server/coroutine.h"

/* Above this much unsent output, a COPY TO asks whether to pause so the client can read
 * (the connection pauses it above its high-water mark). */
#define COPY_OUTPUT_CHECK ((size_t)1 << 20)

void copy_stream_init(copy_stream *s, message_writer *out)
{
    s->out = out;
    s->waiting = false;
    s->received = COPY_MESSAGE_NONE;
}

static bool written(query_context *ctx, const message_writer *out)
{
    return !writer_failed(out) || query_fail_no_memory(ctx);
}

static bool begin_in(void *arg, query_context *ctx, int column_count)
{
    copy_stream *s = arg;
    backend_copy_in_response(s->out, 0, (int16_t)column_count);
    return written(ctx, s->out);
}

static bool read_data(void *arg, query_context *ctx, const uint8_t **data, size_t *length,
                      bool *end)
{
    copy_stream *s = arg;
    *end = false;
    *data = NULL;
    *length = 0;
    s->received = COPY_MESSAGE_NONE;
    while (s->received == COPY_MESSAGE_NONE) {
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
    switch (s->received) {
    case COPY_MESSAGE_DATA:
        *data = s->data;
        *length = s->length;
        return true;
    case COPY_MESSAGE_DONE:
        *end = true;
        return true;
    case COPY_MESSAGE_FAIL:
        return query_fail(ctx, SQLSTATE_QUERY_CANCELED, -1, "COPY from stdin failed: %s",
                          (const char *)s->data);
    case COPY_MESSAGE_BAD_FAIL:
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1, "invalid string in message");
    default:
        return query_fail(ctx, SQLSTATE_PROTOCOL_VIOLATION, -1,
                          "unexpected message type 0x%02X during COPY from stdin",
                          s->unexpected_type);
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

copy_delivery copy_stream_deliver(copy_stream *s, char type, const uint8_t *body, size_t length)
{
    const char *message, *why;
    switch (type) {
    case 'd':
        s->received = COPY_MESSAGE_DATA;
        s->data = body;
        s->length = length;
        return COPY_DELIVERY_TAKEN;
    case 'c':
        s->received = COPY_MESSAGE_DONE;
        return COPY_DELIVERY_TAKEN;
    case 'f':
        if (frontend_parse_copy_fail(body, length, &message, &why)) {
            s->received = COPY_MESSAGE_FAIL;
            s->data = (const uint8_t *)message;
        } else {
            s->received = COPY_MESSAGE_BAD_FAIL;
        }
        return COPY_DELIVERY_TAKEN;
    case 'H':
    case 'S':
        return COPY_DELIVERY_IGNORED;
    default:
        s->received = COPY_MESSAGE_UNEXPECTED;
        s->unexpected_type = (uint8_t)type;
        return COPY_DELIVERY_LOST;
    }
}
