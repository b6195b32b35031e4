/*
 * config: quilld's command-line flags and their defaults.
 *
 * Parses argv into a server_config and prints --help. Validates each value (ports,
 * sizes with kB/MB/GB suffixes, enumerations) and says precisely what is wrong.
 * Reads no files and touches nothing else.
 */
#ifndef QUILL_SERVER_CONFIG_H
#define QUILL_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "server/log.h"

typedef struct server_config {
    char listen_address[256];
    int port;
    char data_dir[4096];
    bool auth_trust;
    char superuser[64];
    int max_connections;
    log_level log_level;
    size_t max_message_size;
    size_t block_cache_bytes;
    size_t write_buffer_bytes;
    int sweep_interval_ms; /* how often expired stream rows and old soft deletes are swept */
} server_config;

typedef enum config_result {
    CONFIG_RUN,
    CONFIG_EXIT_SUCCESS, /* --help was printed */
    CONFIG_EXIT_FAILURE, /* an error was printed */
} config_result;

config_result config_parse(int argc, char **argv, server_config *out, FILE *messages);

#endif
