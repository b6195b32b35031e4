#include "protocol/frontend.h"

#include <string.h>

#include "protocol/message_reader.h"

bool frontend_parse_startup(const uint8_t *body, size_t length, startup_packet *out,
                            const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    memset(out, 0, sizeof *out);
    out->code = reader_int32(&r);
    if (reader_failed(&r)) {
        *why = "invalid length of startup packet";
        return false;
    }
    if (out->code == CANCEL_REQUEST_CODE) {
        out->cancel_process_id = reader_int32(&r);
        out->cancel_secret_key = reader_int32(&r);
        if (!reader_finished_cleanly(&r)) {
            *why = "invalid length of cancel request";
            return false;
        }
        return true;
    }
    if (out->code == SSL_REQUEST_CODE || out->code == GSSENC_REQUEST_CODE) {
        if (!reader_finished_cleanly(&r)) {
            *why = "invalid length of encryption request";
            return false;
        }
        return true;
    }
    if (out->code >> 16 != 3) {
        /* Not a protocol we speak; the caller reports it, parameters are not read. */
        return true;
    }
    /* name/value pairs, then a final empty name. */
    for (;;) {
        size_t name_length = 0;
        const char *name = reader_cstring(&r, &name_length);
        if (name == NULL) {
            *why = "invalid startup packet layout: expected terminator as last byte";
            return false;
        }
        if (name_length == 0)
            break;
        const char *value = reader_cstring(&r, NULL);
        if (value == NULL) {
            *why = "invalid startup packet layout: expected terminator as last byte";
            return false;
        }
        if (out->param_count == STARTUP_PARAMS_MAX) {
            *why = "too many parameters in startup packet";
            return false;
        }
        out->params[out->param_count].name = name;
        out->params[out->param_count].value = value;
        out->param_count++;
    }
    if (!reader_finished_cleanly(&r)) {
        *why = "invalid startup packet layout: expected terminator as last byte";
        return false;
    }
    return true;
}

const char *startup_param_get(const startup_packet *p, const char *name)
{
    for (int i = 0; i < p->param_count; i++) {
        if (strcmp(p->params[i].name, name) == 0)
            return p->params[i].value;
    }
    return NULL;
}

bool frontend_parse_query(const uint8_t *body, size_t length, const char **query,
                          size_t *query_length, const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *query = reader_cstring(&r, query_length);
    if (!reader_finished_cleanly(&r)) {
        *why = "invalid Query message: the query string must end the message";
        return false;
    }
    return true;
}

bool frontend_parse_copy_fail(const uint8_t *body, size_t length, const char **message,
                              const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *message = reader_cstring(&r, NULL);
    if (!reader_finished_cleanly(&r)) {
        *why = "invalid string in message";
        return false;
    }
    return true;
}

bool frontend_parse_sasl_initial(const uint8_t *body, size_t length, sasl_initial_response *out,
                                 const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    out->mechanism = reader_cstring(&r, NULL);
    out->data_length = reader_int32(&r);
    out->data = NULL;
    if (out->data_length >= 0)
        out->data = reader_bytes(&r, out->data_length);
    else if (out->data_length != -1)
        reader_bytes(&r, out->data_length); /* marks the reader failed */
    if (!reader_finished_cleanly(&r)) {
        *why = "malformed SASLInitialResponse message";
        return false;
    }
    return true;
}

/* ---- extended query protocol ---- */

#define MESSAGE_BAD_STRING "invalid string in message"
#define MESSAGE_SHORT "insufficient data left in message"
#define MESSAGE_TRAILING "invalid message format"

static const char *read_string(message_reader *r, size_t *length, const char **why)
{
    if (*why != NULL)
        return NULL;
    const char *s = reader_cstring(r, length);
    if (s == NULL)
        *why = MESSAGE_BAD_STRING;
    return s;
}

static int read_count(message_reader *r, const char **why)
{
    uint16_t count = (uint16_t)reader_int16(r);
    if (reader_failed(r) && *why == NULL)
        *why = MESSAGE_SHORT;
    return count;
}

/* Skips n elements of `size` bytes, returning where they start. */
static const uint8_t *read_array(message_reader *r, int n, size_t size, const char **why)
{
    if (*why != NULL)
        return NULL;
    if ((size_t)n * size > reader_remaining(r)) {
        *why = MESSAGE_SHORT;
        r->failed = true;
        return NULL;
    }
    return reader_bytes(r, (int32_t)((size_t)n * size));
}

static bool finish(const message_reader *r, const char **why)
{
    if (*why != NULL)
        return false;
    if (reader_failed(r)) {
        *why = MESSAGE_SHORT;
        return false;
    }
    if (reader_remaining(r) != 0) {
        *why = MESSAGE_TRAILING;
        return false;
    }
    return true;
}

static uint32_t big_endian_32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int16_t big_endian_16(const uint8_t *p)
{
    return (int16_t)((uint16_t)p[0] << 8 | p[1]);
}

bool frontend_parse_parse(const uint8_t *body, size_t length, parse_message *out,
                          const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *why = NULL;
    memset(out, 0, sizeof *out);
    out->statement = read_string(&r, NULL, why);
    out->query = read_string(&r, &out->query_length, why);
    if (*why == NULL)
        out->param_type_count = read_count(&r, why);
    out->param_types = read_array(&r, out->param_type_count, 4, why);
    return finish(&r, why);
}

uint32_t parse_message_param_type(const parse_message *m, int i)
{
    return big_endian_32(m->param_types + (size_t)i * 4);
}

bool frontend_parse_bind(const uint8_t *body, size_t length, bind_message *out,
                         const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *why = NULL;
    memset(out, 0, sizeof *out);
    out->portal = read_string(&r, NULL, why);
    out->statement = read_string(&r, NULL, why);
    if (*why == NULL)
        out->param_format_count = read_count(&r, why);
    out->param_formats = read_array(&r, out->param_format_count, 2, why);
    if (*why == NULL)
        out->param_count = read_count(&r, why);
    out->params = r.data + r.offset;
    for (int i = 0; i < out->param_count && *why == NULL; i++) {
        int32_t value_length = reader_int32(&r);
        if (reader_failed(&r) || value_length < -1 ||
            (value_length > 0 && (size_t)value_length > reader_remaining(&r))) {
            *why = MESSAGE_SHORT;
            break;
        }
        if (value_length > 0)
            reader_bytes(&r, value_length);
    }
    if (*why == NULL)
        out->result_format_count = read_count(&r, why);
    out->result_formats = read_array(&r, out->result_format_count, 2, why);
    return finish(&r, why);
}

int16_t bind_message_param_format(const bind_message *m, int i)
{
    return big_endian_16(m->param_formats + (size_t)i * 2);
}

int16_t bind_message_result_format(const bind_message *m, int i)
{
    return big_endian_16(m->result_formats + (size_t)i * 2);
}

const uint8_t *bind_message_next_param(const uint8_t **cursor, int32_t *value_length)
{
    int32_t n = (int32_t)big_endian_32(*cursor);
    const uint8_t *value = *cursor + 4;
    *value_length = n;
    *cursor = value + (n > 0 ? n : 0);
    return n < 0 ? NULL : value;
}

bool frontend_parse_target(const uint8_t *body, size_t length, target_message *out,
                           const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *why = NULL;
    out->kind = reader_byte(&r);
    if (reader_failed(&r))
        *why = MESSAGE_SHORT;
    out->name = read_string(&r, NULL, why);
    return finish(&r, why);
}

bool frontend_parse_execute(const uint8_t *body, size_t length, execute_message *out,
                            const char **why)
{
    message_reader r;
    reader_init(&r, body, length);
    *why = NULL;
    out->portal = read_string(&r, NULL, why);
    out->max_rows = reader_int32(&r);
    return finish(&r, why);
}
