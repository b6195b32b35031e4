#include "server/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static log_level current_level = LOG_INFO;

static const char *const level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};

void log_set_level(log_level level)
{
    current_level = level;
}

bool log_parse_level(const char *text, log_level *out)
{
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(text, level_names[i]) == 0) {
            *out = (log_level)i;
            return true;
        }
    }
    return false;
}

bool log_enabled(log_level level)
{
    return level >= current_level;
}

void log_message(log_level level, uint64_t connection_id, const char *fmt, ...)
{
    if (!log_enabled(level))
        return;
    char line[1024];
    struct timeval now;
    gettimeofday(&now, NULL);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    int n = (int)strftime(line, sizeof line, "%Y-%m-%d %H:%M:%S", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, ".%03d UTC %s ", (int)(now.tv_usec / 1000),
                  level_names[level]);
    if (connection_id != 0)
        n += snprintf(line + n, sizeof line - (size_t)n, "[conn %llu] ",
                      (unsigned long long)connection_id);
    else
        n += snprintf(line + n, sizeof line - (size_t)n, "[server] ");
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    /* Long messages are cut, never the newline. */
    size_t length = (size_t)n + (m > 0 ? (size_t)m : 0);
    if (length > sizeof line - 2)
        length = sizeof line - 2;
    line[length++] = '\n';
    ssize_t ignored = write(STDERR_FILENO, line, length);
    (void)ignored;
}
