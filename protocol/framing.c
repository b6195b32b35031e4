#include "protocol/framing.h"

static int64_t read_length(const uint8_t *p)
{
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

frame_status frame_next(const uint8_t *buffer, size_t length, bool startup,
                        size_t max_message_size, frame *out, size_t *needed)
{
    size_t header = startup ? 4 : 5;
    if (needed != NULL)
        *needed = 0;
    if (length < header)
        return FRAME_INCOMPLETE;

    int64_t declared = read_length(startup ? buffer : buffer + 1);
    out->declared_length = declared;
    out->type = startup ? 0 : (char)buffer[0];
    int64_t minimum = startup ? 8 : 4;
    int64_t maximum = startup ? STARTUP_PACKET_MAX : (int64_t)max_message_size;
    if (declared < minimum || declared > maximum)
        return FRAME_BAD_LENGTH;

    size_t total = (size_t)declared + (startup ? 0 : 1);
    if (length < total) {
        if (needed != NULL)
            *needed = total;
        return FRAME_INCOMPLETE;
    }
    out->body = buffer + header;
    out->body_length = total - header;
    out->total_length = total;
    return FRAME_READY;
}
