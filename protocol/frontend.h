/*
 * frontend: decoders for the messages a client sends.
 *
 * Each decoder takes one framed message body and fills a struct whose strings point into
 * that body (no copies, no allocation). A false return means the message is malformed
 * (a protocol violation, 08P01); *why says what was wrong, for the error message.
 */
#ifndef QUILL_PROTOCOL_FRONTEND_H
#define QUILL_PROTOCOL_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTOCOL_VERSION_3_0 196608 /* 3 << 16 */
#define CANCEL_REQUEST_CODE 80877102
#define SSL_REQUEST_CODE 80877103
#define GSSENC_REQUEST_CODE 80877104

#define STARTUP_PARAMS_MAX 64

typedef struct startup_param {
    const char *name;
    const char *value;
} startup_param;

typedef struct startup_packet {
    int32_t code; /* protocol version, or one of the request codes */
    int param_count;
    startup_param params[STARTUP_PARAMS_MAX];
    int32_t cancel_process_id; /* CancelRequest only */
    int32_t cancel_secret_key;
} startup_packet;

bool frontend_parse_startup(const uint8_t *body, size_t length, startup_packet *out,
                            const char **why);
/* The value of a startup parameter, or NULL. */
const char *startup_param_get(const startup_packet *p, const char *name);

/* 'Q': the query text (NUL-terminated inside the body). */
bool frontend_parse_query(const uint8_t *body, size_t length, const char **query,
                          size_t *query_length, const char **why);

/* 'p' as SASLInitialResponse: mechanism name and initial client data (length -1 = none). */
/* CopyFail: the client's reason for abandoning COPY FROM STDIN. */
bool frontend_parse_copy_fail(const uint8_t *body, size_t length, const char **message,
                              const char **why);

typedef struct sasl_initial_response {
    const char *mechanism;
    const uint8_t *data;
    int32_t data_length;
} sasl_initial_response;

bool frontend_parse_sasl_initial(const uint8_t *body, size_t length, sasl_initial_response *out,
                                 const char **why);

#endif
