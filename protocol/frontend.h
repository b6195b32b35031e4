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

/* The extended query protocol's messages. Arrays stay in the body as sent (big-endian);
 * the accessors below read element i. Counts are unsigned 16-bit on the wire, as
 * PostgreSQL reads them, and every declared array and value has been checked to lie
 * inside the body, so a caller may size allocations by the counts. On failure *why is
 * PostgreSQL's message: "invalid string in message", "insufficient data left in message"
 * or "invalid message format" (trailing bytes). */

/* 'P' Parse */
typedef struct parse_message {
    const char *statement;
    const char *query;
    size_t query_length;
    int param_type_count;
    const uint8_t *param_types; /* param_type_count int32 OIDs (0 = unspecified) */
} parse_message;

bool frontend_parse_parse(const uint8_t *body, size_t length, parse_message *out,
                          const char **why);
uint32_t parse_message_param_type(const parse_message *m, int i);

/* 'B' Bind */
typedef struct bind_message {
    const char *portal;
    const char *statement;
    int param_format_count;
    const uint8_t *param_formats; /* int16 each */
    int param_count;
    const uint8_t *params; /* param_count (int32 length, bytes) pairs; length -1 = NULL */
    int result_format_count;
    const uint8_t *result_formats; /* int16 each */
} bind_message;

bool frontend_parse_bind(const uint8_t *body, size_t length, bind_message *out,
                         const char **why);
int16_t bind_message_param_format(const bind_message *m, int i);
int16_t bind_message_result_format(const bind_message *m, int i);
/* Steps through the parameter values: *cursor starts at m->params. Returns the value
 * (NULL for SQL NULL, with *value_length -1). Only valid for the param_count values. */
const uint8_t *bind_message_next_param(const uint8_t **cursor, int32_t *value_length);

/* 'D' Describe and 'C' Close: kind 'S' (statement) or 'P' (portal), then a name. The
 * kind byte is not checked here (PostgreSQL reports a bad one by its value). */
typedef struct target_message {
    uint8_t kind;
    const char *name;
} target_message;

bool frontend_parse_target(const uint8_t *body, size_t length, target_message *out,
                           const char **why);

/* 'E' Execute: the portal and the row limit (0 or less: all rows). */
typedef struct execute_message {
    const char *portal;
    int32_t max_rows;
} execute_message;

bool frontend_parse_execute(const uint8_t *body, size_t length, execute_message *out,
                            const char **why);

#endif
