/*
 * backend: encoders for the messages the server sends.
 *
 * Each function appends one complete message to a message_writer. They format nothing
 * themselves: values arrive as bytes already in the wire format chosen by the caller.
 * Knows nothing of SQL, types or sessions.
 */
#ifndef QUILL_PROTOCOL_BACKEND_H
#define QUILL_PROTOCOL_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "protocol/message_writer.h"

#define AUTH_REQUEST_OK 0
#define AUTH_REQUEST_SASL 10
#define AUTH_REQUEST_SASL_CONTINUE 11
#define AUTH_REQUEST_SASL_FINAL 12

void backend_authentication_ok(message_writer *w);
/* Offers exactly one SASL mechanism. */
void backend_authentication_sasl(message_writer *w, const char *mechanism);
void backend_authentication_sasl_continue(message_writer *w, const void *data, size_t length);
void backend_authentication_sasl_final(message_writer *w, const void *data, size_t length);

void backend_parameter_status(message_writer *w, const char *name, const char *value);
void backend_key_data(message_writer *w, int32_t process_id, int32_t secret_key);
/* status: 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
void backend_ready_for_query(message_writer *w, char status);
/* NotificationResponse: a NOTIFY on a channel the session listens to. */
void backend_notification_response(message_writer *w, int32_t process_id, const char *channel,
                                   const char *payload);

typedef struct row_field {
    const char *name;
    int32_t table_oid;
    int16_t column_number;
    int32_t type_oid;
    int16_t type_length;
    int32_t type_modifier;
    int16_t format; /* 0 text, 1 binary */
} row_field;

void backend_row_description(message_writer *w, const row_field *fields, int count);

/* DataRow in three steps so values can be written without collecting them first. */
void backend_data_row_begin(message_writer *w, int16_t column_count);
/* length -1 writes SQL NULL. */
void backend_data_row_value(message_writer *w, const void *data, int32_t length);
void backend_data_row_end(message_writer *w);

/* COPY: CopyInResponse and CopyOutResponse (format 0 text, 1 binary, for the whole and
 * for each of column_count columns), CopyData and CopyDone. */
void backend_copy_in_response(message_writer *w, int8_t format, int16_t column_count);
void backend_copy_out_response(message_writer *w, int8_t format, int16_t column_count);
void backend_copy_data(message_writer *w, const void *data, size_t length);
void backend_copy_done(message_writer *w);

void backend_command_complete(message_writer *w, const char *tag);

/* Extended query protocol answers. */
void backend_parse_complete(message_writer *w);
void backend_bind_complete(message_writer *w);
void backend_close_complete(message_writer *w);
void backend_no_data(message_writer *w);
void backend_portal_suspended(message_writer *w);
void backend_parameter_description(message_writer *w, const uint32_t *type_oids, int count);
void backend_empty_query_response(message_writer *w);
/* Answer to SSLRequest / GSSENCRequest: a single byte, not a framed message. */
void backend_encryption_refused(message_writer *w);

/* The fields of ErrorResponse / NoticeResponse. NULL members are omitted. */
typedef struct notice_fields {
    const char *severity; /* ERROR, FATAL, PANIC, WARNING, NOTICE, ... (sent as S and V) */
    const char *sqlstate;
    const char *message;
    const char *detail;
    const char *hint;
    int position; /* 1-based character position in the query, 0 = none */
    const char *context;
    const char *schema_name;
    const char *table_name;
    const char *column_name;
    const char *constraint_name;
} notice_fields;

void backend_error_response(message_writer *w, const notice_fields *f);
void backend_notice_response(message_writer *w, const notice_fields *f);

#endif
