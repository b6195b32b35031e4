/* Unit tests for the message reader, writer, framing and frontend decoders. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/backend.h"
#include "protocol/framing.h"
#include "protocol/frontend.h"
#include "protocol/message_reader.h"
#include "protocol/message_writer.h"

#define MAX_MESSAGE (64u << 20)

static size_t put_int32(uint8_t *p, int32_t v)
{
    p[0] = (uint8_t)((uint32_t)v >> 24);
    p[1] = (uint8_t)((uint32_t)v >> 16);
    p[2] = (uint8_t)((uint32_t)v >> 8);
    p[3] = (uint8_t)v;
    return 4;
}

START_TEST(reader_reads_fields_in_order)
{
    const uint8_t data[] = {0x01, 0xFF, 0xFE, 0x80, 0x00, 0x00, 0x01, 'a', 'b', 0, 'x', 'y'};
    message_reader r;
    reader_init(&r, data, sizeof data);
    ck_assert_uint_eq(reader_byte(&r), 1);
    ck_assert_int_eq(reader_int16(&r), -2);
    ck_assert_int_eq(reader_int32(&r), (int32_t)0x80000001u);
    size_t length = 0;
    const char *s = reader_cstring(&r, &length);
    ck_assert_str_eq(s, "ab");
    ck_assert_uint_eq(length, 2);
    const uint8_t *rest = reader_bytes(&r, 2);
    ck_assert_ptr_nonnull(rest);
    ck_assert_int_eq(rest[1], 'y');
    ck_assert(reader_finished_cleanly(&r));
}
END_TEST

START_TEST(reader_overrun_is_sticky)
{
    const uint8_t data[] = {0x00, 0x01, 0x02};
    message_reader r;
    reader_init(&r, data, sizeof data);
    ck_assert_int_eq(reader_int32(&r), 0);
    ck_assert(reader_failed(&r));
    /* Once failed, even a read that would fit returns nothing. */
    ck_assert_int_eq(reader_byte(&r), 0);
    ck_assert_uint_eq(reader_remaining(&r), 0);
    ck_assert(!reader_finished_cleanly(&r));
}
END_TEST

START_TEST(reader_rejects_missing_terminator_and_negative_lengths)
{
    const uint8_t unterminated[] = {'a', 'b', 'c'};
    message_reader r;
    reader_init(&r, unterminated, sizeof unterminated);
    ck_assert_ptr_null(reader_cstring(&r, NULL));
    ck_assert(reader_failed(&r));

    const uint8_t bytes[] = {1, 2, 3, 4};
    reader_init(&r, bytes, sizeof bytes);
    ck_assert_ptr_null(reader_bytes(&r, -1));
    ck_assert(reader_failed(&r));
    reader_init(&r, bytes, sizeof bytes);
    ck_assert_ptr_null(reader_bytes(&r, 5));
    ck_assert(reader_failed(&r));
}
END_TEST

START_TEST(reader_trailing_bytes_are_not_clean)
{
    const uint8_t data[] = {'a', 0, 'z'};
    message_reader r;
    reader_init(&r, data, sizeof data);
    ck_assert_ptr_nonnull(reader_cstring(&r, NULL));
    ck_assert(!reader_failed(&r));
    ck_assert(!reader_finished_cleanly(&r));
}
END_TEST

START_TEST(writer_frames_messages_with_patched_lengths)
{
    message_writer w;
    writer_init(&w);
    backend_command_complete(&w, "SELECT 1");
    backend_ready_for_query(&w, 'I');
    ck_assert(!writer_failed(&w));
    /* 'C' + int32(4 + 9) + "SELECT 1\0", then 'Z' + int32(5) + 'I' */
    ck_assert_uint_eq(w.length, 1 + 4 + 9 + 1 + 4 + 1);
    ck_assert_int_eq(w.data[0], 'C');
    ck_assert_int_eq(w.data[4], 13);
    ck_assert_str_eq((const char *)w.data + 5, "SELECT 1");
    ck_assert_int_eq(w.data[14], 'Z');
    ck_assert_int_eq(w.data[18], 5);
    ck_assert_int_eq(w.data[19], 'I');

    writer_consume(&w, 14);
    ck_assert_uint_eq(w.length, 6);
    ck_assert_int_eq(w.data[0], 'Z');
    size_t length;
    uint8_t *detached = writer_detach(&w, &length);
    ck_assert_uint_eq(length, 6);
    ck_assert_uint_eq(w.length, 0);
    free(detached);
    writer_free(&w);
}
END_TEST

START_TEST(writer_grows_for_large_messages)
{
    message_writer w;
    writer_init(&w);
    size_t n = 1 << 20;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, 'q', n);
    backend_data_row_begin(&w, 1);
    backend_data_row_value(&w, big, (int32_t)n);
    backend_data_row_value(&w, NULL, -1);
    backend_data_row_end(&w);
    ck_assert(!writer_failed(&w));
    ck_assert_uint_eq(w.length, 1 + 4 + 2 + 4 + n + 4);
    message_reader r;
    reader_init(&r, w.data + 5, w.length - 5);
    ck_assert_int_eq(reader_int16(&r), 1);
    ck_assert_int_eq(reader_int32(&r), (int32_t)n);
    ck_assert_ptr_nonnull(reader_bytes(&r, (int32_t)n));
    ck_assert_int_eq(reader_int32(&r), -1);
    ck_assert(reader_finished_cleanly(&r));
    free(big);
    writer_free(&w);
}
END_TEST

START_TEST(writer_failure_is_sticky)
{
    message_writer w;
    writer_init(&w);
    writer_begin(&w, 'D');
    /* A size no allocator can give: the writer fails instead of overflowing. */
    writer_bytes(&w, "x", SIZE_MAX / 2);
    ck_assert(writer_failed(&w));
    writer_cstring(&w, "more");
    writer_end(&w);
    ck_assert(writer_failed(&w));
    writer_clear(&w);
    ck_assert(!writer_failed(&w));
    backend_empty_query_response(&w);
    ck_assert(!writer_failed(&w));
    ck_assert_uint_eq(w.length, 5);
    writer_free(&w);
}
END_TEST

START_TEST(error_response_carries_fields)
{
    message_writer w;
    writer_init(&w);
    notice_fields f = {.severity = "ERROR", .sqlstate = "42601", .message = "syntax error",
                       .hint = "h", .position = 8};
    backend_error_response(&w, &f);
    ck_assert(!writer_failed(&w));
    message_reader r;
    reader_init(&r, w.data + 5, w.length - 5);
    const char *expected[][2] = {{"S", "ERROR"}, {"V", "ERROR"}, {"C", "42601"},
                                 {"M", "syntax error"}, {"H", "h"}, {"P", "8"}};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        char code = (char)reader_byte(&r);
        ck_assert_int_eq(code, expected[i][0][0]);
        ck_assert_str_eq(reader_cstring(&r, NULL), expected[i][1]);
    }
    ck_assert_int_eq(reader_byte(&r), 0);
    ck_assert(reader_finished_cleanly(&r));
    writer_free(&w);
}
END_TEST

START_TEST(framing_waits_for_split_messages)
{
    /* A Query message arriving one byte at a time is incomplete until the last byte. */
    uint8_t message[32];
    message[0] = 'Q';
    put_int32(message + 1, 4 + 9);
    memcpy(message + 5, "SELECT 1", 9);
    size_t total = 14;
    frame f;
    size_t needed;
    for (size_t have = 0; have < total; have++) {
        ck_assert_int_eq(frame_next(message, have, false, MAX_MESSAGE, &f, &needed),
                         FRAME_INCOMPLETE);
        if (have >= 5)
            ck_assert_uint_eq(needed, total);
    }
    ck_assert_int_eq(frame_next(message, total, false, MAX_MESSAGE, &f, &needed), FRAME_READY);
    ck_assert_int_eq(f.type, 'Q');
    ck_assert_uint_eq(f.body_length, 9);
    ck_assert_uint_eq(f.total_length, total);
}
END_TEST

START_TEST(framing_finds_back_to_back_messages)
{
    uint8_t buffer[64];
    size_t n = 0;
    buffer[n++] = 'S';
    n += put_int32(buffer + n, 4);
    buffer[n++] = 'X';
    n += put_int32(buffer + n, 4);
    frame f;
    ck_assert_int_eq(frame_next(buffer, n, false, MAX_MESSAGE, &f, NULL), FRAME_READY);
    ck_assert_int_eq(f.type, 'S');
    ck_assert_int_eq(frame_next(buffer + f.total_length, n - f.total_length, false, MAX_MESSAGE,
                                &f, NULL),
                     FRAME_READY);
    ck_assert_int_eq(f.type, 'X');
    ck_assert_uint_eq(f.body_length, 0);
}
END_TEST

START_TEST(framing_rejects_bad_lengths_before_allocating)
{
    uint8_t header[8];
    frame f;
    header[0] = 'Q';
    put_int32(header + 1, 3); /* under the 4-byte minimum */
    ck_assert_int_eq(frame_next(header, 5, false, MAX_MESSAGE, &f, NULL), FRAME_BAD_LENGTH);
    put_int32(header + 1, -8); /* negative */
    ck_assert_int_eq(frame_next(header, 5, false, MAX_MESSAGE, &f, NULL), FRAME_BAD_LENGTH);
    put_int32(header + 1, 0x7FFFFFFF); /* over the maximum: rejected from the header alone */
    ck_assert_int_eq(frame_next(header, 5, false, MAX_MESSAGE, &f, NULL), FRAME_BAD_LENGTH);
    ck_assert_int_eq(f.declared_length, 0x7FFFFFFF);
    put_int32(header, 4); /* startup packets need at least length + code */
    ck_assert_int_eq(frame_next(header, 4, true, MAX_MESSAGE, &f, NULL), FRAME_BAD_LENGTH);
    put_int32(header, STARTUP_PACKET_MAX + 1);
    ck_assert_int_eq(frame_next(header, 4, true, MAX_MESSAGE, &f, NULL), FRAME_BAD_LENGTH);
}
END_TEST

static size_t build_startup(uint8_t *buffer, const char *const *pairs, size_t pair_count,
                            bool terminate)
{
    size_t n = 4;
    n += put_int32(buffer + n, PROTOCOL_VERSION_3_0);
    for (size_t i = 0; i < pair_count; i++) {
        size_t len = strlen(pairs[i]) + 1;
        memcpy(buffer + n, pairs[i], len);
        n += len;
    }
    if (terminate)
        buffer[n++] = 0;
    put_int32(buffer, (int32_t)n);
    return n;
}

START_TEST(startup_packet_parameters)
{
    const char *pairs[] = {"user", "alice", "database", "db1", "application_name", "app"};
    uint8_t buffer[256];
    size_t n = build_startup(buffer, pairs, 6, true);
    frame f;
    ck_assert_int_eq(frame_next(buffer, n, true, MAX_MESSAGE, &f, NULL), FRAME_READY);
    startup_packet p;
    const char *why = NULL;
    ck_assert(frontend_parse_startup(f.body, f.body_length, &p, &why));
    ck_assert_int_eq(p.code, PROTOCOL_VERSION_3_0);
    ck_assert_int_eq(p.param_count, 3);
    ck_assert_str_eq(startup_param_get(&p, "user"), "alice");
    ck_assert_str_eq(startup_param_get(&p, "application_name"), "app");
    ck_assert_ptr_null(startup_param_get(&p, "options"));
}
END_TEST

START_TEST(startup_packet_without_terminator_is_rejected)
{
    const char *pairs[] = {"user", "alice"};
    uint8_t buffer[256];
    size_t n = build_startup(buffer, pairs, 2, false);
    startup_packet p;
    const char *why = NULL;
    ck_assert(!frontend_parse_startup(buffer + 4, n - 4, &p, &why));
    ck_assert_ptr_nonnull(why);

    /* A name without its value, cut off mid-string. */
    uint8_t cut[] = {0, 0, 0, 0, 0, 3, 0, 0, 'u', 's', 'e'};
    ck_assert(!frontend_parse_startup(cut + 4, sizeof cut - 4, &p, &why));
}
END_TEST

START_TEST(cancel_and_ssl_requests)
{
    uint8_t buffer[16];
    put_int32(buffer, CANCEL_REQUEST_CODE);
    put_int32(buffer + 4, 1234);
    put_int32(buffer + 8, -99);
    startup_packet p;
    const char *why;
    ck_assert(frontend_parse_startup(buffer, 12, &p, &why));
    ck_assert_int_eq(p.code, CANCEL_REQUEST_CODE);
    ck_assert_int_eq(p.cancel_process_id, 1234);
    ck_assert_int_eq(p.cancel_secret_key, -99);
    /* A cancel request of the wrong size is malformed. */
    ck_assert(!frontend_parse_startup(buffer, 10, &p, &why));

    put_int32(buffer, SSL_REQUEST_CODE);
    ck_assert(frontend_parse_startup(buffer, 4, &p, &why));
    ck_assert_int_eq(p.code, SSL_REQUEST_CODE);
    ck_assert(!frontend_parse_startup(buffer, 8, &p, &why));
}
END_TEST

START_TEST(query_message_must_end_with_its_string)
{
    const uint8_t good[] = {'s', 'e', 'l', 'e', 'c', 't', ' ', '1', 0};
    const char *query;
    size_t length;
    const char *why;
    ck_assert(frontend_parse_query(good, sizeof good, &query, &length, &why));
    ck_assert_str_eq(query, "select 1");
    ck_assert_uint_eq(length, 8);
    const uint8_t missing_nul[] = {'s', 'e', 'l'};
    ck_assert(!frontend_parse_query(missing_nul, sizeof missing_nul, &query, &length, &why));
    const uint8_t trailing[] = {'a', 0, 'b', 0};
    ck_assert(!frontend_parse_query(trailing, sizeof trailing, &query, &length, &why));
}
END_TEST

START_TEST(sasl_initial_response_lengths)
{
    uint8_t buffer[64];
    size_t n = 0;
    memcpy(buffer, "SCRAM-SHA-256", 14);
    n = 14;
    n += put_int32(buffer + n, 3);
    memcpy(buffer + n, "abc", 3);
    n += 3;
    sasl_initial_response s;
    const char *why;
    ck_assert(frontend_parse_sasl_initial(buffer, n, &s, &why));
    ck_assert_str_eq(s.mechanism, "SCRAM-SHA-256");
    ck_assert_int_eq(s.data_length, 3);
    ck_assert_int_eq(memcmp(s.data, "abc", 3), 0);
    /* Declared data longer than the message. */
    put_int32(buffer + 14, 100);
    ck_assert(!frontend_parse_sasl_initial(buffer, n, &s, &why));
    /* A negative length other than -1. */
    put_int32(buffer + 14, -5);
    ck_assert(!frontend_parse_sasl_initial(buffer, 18, &s, &why));
    /* -1 means no data. */
    put_int32(buffer + 14, -1);
    ck_assert(frontend_parse_sasl_initial(buffer, 18, &s, &why));
    ck_assert_ptr_null(s.data);
}
END_TEST

static size_t put_int16(uint8_t *p, int v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    return 2;
}

START_TEST(parse_message_fields_and_violations)
{
    uint8_t b[64];
    size_t n = 0;
    memcpy(b, "s1\0select $1\0", 13);
    n = 13;
    n += put_int16(b + n, 2);
    n += put_int32(b + n, 23);
    n += put_int32(b + n, 0);
    parse_message m;
    const char *why;
    ck_assert(frontend_parse_parse(b, n, &m, &why));
    ck_assert_str_eq(m.statement, "s1");
    ck_assert_str_eq(m.query, "select $1");
    ck_assert_uint_eq(m.query_length, 9);
    ck_assert_int_eq(m.param_type_count, 2);
    ck_assert_uint_eq(parse_message_param_type(&m, 0), 23);
    ck_assert_uint_eq(parse_message_param_type(&m, 1), 0);
    /* The count says more types than the message holds. */
    put_int16(b + 13, 0xFFFF);
    ck_assert(!frontend_parse_parse(b, n, &m, &why));
    ck_assert_str_eq(why, "insufficient data left in message");
    put_int16(b + 13, 1);
    ck_assert(!frontend_parse_parse(b, n, &m, &why));
    ck_assert_str_eq(why, "invalid message format");
    ck_assert(!frontend_parse_parse(b, 5, &m, &why));
    ck_assert_str_eq(why, "invalid string in message");
}
END_TEST

START_TEST(bind_message_values_and_formats)
{
    uint8_t b[64];
    size_t n = 0;
    memcpy(b, "p\0s\0", 4);
    n = 4;
    n += put_int16(b + n, 1);
    n += put_int16(b + n, 1);
    n += put_int16(b + n, 2);
    n += put_int32(b + n, 2);
    memcpy(b + n, "42", 2);
    n += 2;
    n += put_int32(b + n, -1);
    n += put_int16(b + n, 1);
    n += put_int16(b + n, 0);
    bind_message m;
    const char *why;
    ck_assert(frontend_parse_bind(b, n, &m, &why));
    ck_assert_str_eq(m.portal, "p");
    ck_assert_str_eq(m.statement, "s");
    ck_assert_int_eq(m.param_format_count, 1);
    ck_assert_int_eq(bind_message_param_format(&m, 0), 1);
    ck_assert_int_eq(m.param_count, 2);
    const uint8_t *cursor = m.params;
    int32_t length;
    const uint8_t *value = bind_message_next_param(&cursor, &length);
    ck_assert_int_eq(length, 2);
    ck_assert_int_eq(memcmp(value, "42", 2), 0);
    ck_assert_ptr_null(bind_message_next_param(&cursor, &length));
    ck_assert_int_eq(length, -1);
    ck_assert_int_eq(m.result_format_count, 1);
    ck_assert_int_eq(bind_message_result_format(&m, 0), 0);
    /* A value longer than what is left, and a length below -1. */
    put_int32(b + 10, 1000);
    ck_assert(!frontend_parse_bind(b, n, &m, &why));
    ck_assert_str_eq(why, "insufficient data left in message");
    put_int32(b + 10, -2);
    ck_assert(!frontend_parse_bind(b, n, &m, &why));
    /* Cut short before the result formats. */
    put_int32(b + 10, 2);
    ck_assert(!frontend_parse_bind(b, n - 3, &m, &why));
}
END_TEST

START_TEST(describe_close_execute_messages)
{
    target_message t;
    execute_message e;
    const char *why;
    const uint8_t describe[] = {'S', 'n', 'a', 'm', 'e', 0};
    ck_assert(frontend_parse_target(describe, sizeof describe, &t, &why));
    ck_assert_int_eq(t.kind, 'S');
    ck_assert_str_eq(t.name, "name");
    ck_assert(!frontend_parse_target(describe, 3, &t, &why));
    ck_assert(!frontend_parse_target(describe, 0, &t, &why));
    const uint8_t execute[] = {'p', 0, 0, 0, 0, 7};
    ck_assert(frontend_parse_execute(execute, sizeof execute, &e, &why));
    ck_assert_str_eq(e.portal, "p");
    ck_assert_int_eq(e.max_rows, 7);
    ck_assert(!frontend_parse_execute(execute, 4, &e, &why));
    ck_assert_str_eq(why, "insufficient data left in message");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("protocol");
    TCase *reader = tcase_create("reader");
    tcase_add_test(reader, reader_reads_fields_in_order);
    tcase_add_test(reader, reader_overrun_is_sticky);
    tcase_add_test(reader, reader_rejects_missing_terminator_and_negative_lengths);
    tcase_add_test(reader, reader_trailing_bytes_are_not_clean);
    suite_add_tcase(s, reader);
    TCase *writer = tcase_create("writer");
    tcase_add_test(writer, writer_frames_messages_with_patched_lengths);
    tcase_add_test(writer, writer_grows_for_large_messages);
    tcase_add_test(writer, writer_failure_is_sticky);
    tcase_add_test(writer, error_response_carries_fields);
    suite_add_tcase(s, writer);
    TCase *framing = tcase_create("framing");
    tcase_add_test(framing, framing_waits_for_split_messages);
    tcase_add_test(framing, framing_finds_back_to_back_messages);
    tcase_add_test(framing, framing_rejects_bad_lengths_before_allocating);
    suite_add_tcase(s, framing);
    TCase *frontend = tcase_create("frontend");
    tcase_add_test(frontend, startup_packet_parameters);
    tcase_add_test(frontend, startup_packet_without_terminator_is_rejected);
    tcase_add_test(frontend, cancel_and_ssl_requests);
    tcase_add_test(frontend, query_message_must_end_with_its_string);
    tcase_add_test(frontend, sasl_initial_response_lengths);
    tcase_add_test(frontend, parse_message_fields_and_violations);
    tcase_add_test(frontend, bind_message_values_and_formats);
    tcase_add_test(frontend, describe_close_execute_messages);
    suite_add_tcase(s, frontend);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
