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
