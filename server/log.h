/*
 * log: one line per event on stderr: timestamp, level, connection id, what happened.
 *
 * Connection id 0 means the server itself. Lines are written with one write(2) each so
 * they never interleave. Knows nothing about what it logs.
 */
#ifndef QUILL_SERVER_LOG_H
#define QUILL_SERVER_LOG_H

#include <stdbool.h>
#include <stdint.h>

typedef enum log_level {
    LOG_DEBUG,
    LOG_INFO,
    LOG_WARNING,
    LOG_ERROR,
} log_level;

void log_set_level(log_level level);
bool log_parse_level(const char *text, log_level *out);
bool log_enabled(log_level level);

void log_message(log_level level, uint64_t connection_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
