#include "protocol/backend.h"

#include <stdio.h>
#include <string.h>

void backend_authentication_ok(message_writer *w)
{
    writer_begin(w, 'R');
    writer_int32(w, AUTH_REQUEST_OK);
    writer_end(w);
}

void backend_authentication_sasl(message_writer *w, const char *mechanism)
{
    writer_begin(w, 'R');
    writer_int32(w, AUTH_REQUEST_SASL);
    writer_cstring(w, mechanism);
    writer_byte(w, 0); /* end of the mechanism list */
    writer_end(w);
}

void backend_authentication_sasl_continue(message_writer *w, const void *data, size_t length)
{
    writer_begin(w, 'R');
    writer_int32(w, AUTH_REQUEST_SASL_CONTINUE);
    writer_bytes(w, data, length);
    writer_end(w);
}

void backend_authentication_sasl_final(message_writer *w, const void *data, size_t length)
{
    writer_begin(w, 'R');
    writer_int32(w, AUTH_REQUEST_SASL_FINAL);
    writer_bytes(w, data, length);
    writer_end(w);
}

void backend_parameter_status(message_writer *w, const char *name, const char *value)
{
    writer_begin(w, 'S');
    writer_cstring(w, name);
    writer_cstring(w, value);
    writer_end(w);
}

void backend_notification_response(message_writer *w, int32_t process_id, const char *channel,
                                   const char *payload)
{
    writer_begin(w, 'A');
    writer_int32(w, process_id);
    writer_cstring(w, channel);
    writer_cstring(w, payload);
    writer_end(w);
}

void backend_key_data(message_writer *w, int32_t process_id, int32_t secret_key)
{
    writer_begin(w, 'K');
    writer_int32(w, process_id);
    writer_int32(w, secret_key);
    writer_end(w);
}

void backend_ready_for_query(message_writer *w, char status)
{
    writer_begin(w, 'Z');
    writer_byte(w, (uint8_t)status);
    writer_end(w);
}

void backend_row_description(message_writer *w, const row_field *fields, int count)
{
    writer_begin(w, 'T');
    writer_int16(w, (int16_t)count);
    for (int i = 0; i < count; i++) {
        const row_field *f = &fields[i];
        writer_cstring(w, f->name);
        writer_int32(w, f->table_oid);
        writer_int16(w, f->column_number);
        writer_int32(w, f->type_oid);
        writer_int16(w, f->type_length);
        writer_int32(w, f->type_modifier);
        writer_int16(w, f->format);
    }
    writer_end(w);
}

void backend_data_row_begin(message_writer *w, int16_t column_count)
{
    writer_begin(w, 'D');
    writer_int16(w, column_count);
}

void backend_data_row_value(message_writer *w, const void *data, int32_t length)
{
    writer_int32(w, length);
    if (length > 0)
        writer_bytes(w, data, (size_t)length);
}

void backend_data_row_end(message_writer *w)
{
    writer_end(w);
}

static void copy_response(message_writer *w, char type, int8_t format, int16_t column_count)
{
    writer_begin(w, type);
    writer_byte(w, (uint8_t)format);
    writer_int16(w, column_count);
    for (int16_t i = 0; i < column_count; i++)
        writer_int16(w, format);
    writer_end(w);
}

void backend_copy_in_response(message_writer *w, int8_t format, int16_t column_count)
{
    copy_response(w, 'G', format, column_count);
}

void backend_copy_out_response(message_writer *w, int8_t format, int16_t column_count)
{
    copy_response(w, 'H', format, column_count);
}

void backend_copy_data(message_writer *w, const void *data, size_t length)
{
    writer_begin(w, 'd');
    writer_bytes(w, data, length);
    writer_end(w);
}

void backend_copy_done(message_writer *w)
{
    writer_begin(w, 'c');
    writer_end(w);
}

void backend_command_complete(message_writer *w, const char *tag)
{
    writer_begin(w, 'C');
    writer_cstring(w, tag);
    writer_end(w);
}

static void empty_message(message_writer *w, char type)
{
    writer_begin(w, type);
    writer_end(w);
}

void backend_parse_complete(message_writer *w)
{
    empty_message(w, '1');
}

void backend_bind_complete(message_writer *w)
{
    empty_message(w, '2');
}

void backend_close_complete(message_writer *w)
{
    empty_message(w, '3');
}

void backend_no_data(message_writer *w)
{
    empty_message(w, 'n');
}

void backend_portal_suspended(message_writer *w)
{
    empty_message(w, 's');
}

void backend_parameter_description(message_writer *w, const uint32_t *type_oids, int count)
{
    writer_begin(w, 't');
    writer_int16(w, (int16_t)count);
    for (int i = 0; i < count; i++)
        writer_int32(w, (int32_t)type_oids[i]);
    writer_end(w);
}

void backend_empty_query_response(message_writer *w)
{
    writer_begin(w, 'I');
    writer_end(w);
}

void backend_encryption_refused(message_writer *w)
{
    writer_byte(w, 'N');
}

static void field(message_writer *w, char code, const char *value)
{
    if (value == NULL)
        return;
    writer_byte(w, (uint8_t)code);
    writer_cstring(w, value);
}

static void notice_body(message_writer *w, char type, const notice_fields *f)
{
    writer_begin(w, type);
    field(w, 'S', f->severity);
    field(w, 'V', f->severity);
    field(w, 'C', f->sqlstate);
    field(w, 'M', f->message);
    field(w, 'D', f->detail);
    field(w, 'H', f->hint);
    if (f->position > 0) {
        char position[16];
        snprintf(position, sizeof position, "%d", f->position);
        field(w, 'P', position);
    }
    field(w, 'W', f->context);
    field(w, 's', f->schema_name);
    field(w, 't', f->table_name);
    field(w, 'c', f->column_name);
    field(w, 'n', f->constraint_name);
    writer_byte(w, 0);
    writer_end(w);
}

void backend_error_response(message_writer *w, const notice_fields *f)
{
    notice_body(w, 'E', f);
}

void backend_notice_response(message_writer *w, const notice_fields *f)
{
    notice_body(w, 'N', f);
}
