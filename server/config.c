#include "server/config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "storage/kv.h"

static const char usage[] =
    "Usage: quilld [OPTION]...\n"
    "QuillDB: a PostgreSQL wire-protocol server storing user, shared and stream tables in "
    "LevelDB.\n\n"
    "  --listen ADDR           address to listen on (default 127.0.0.1)\n"
    "  --port N                TCP port (default 5433)\n"
    "  --data-dir DIR          data directory, created and initialised on first start\n"
    "                          (required)\n"
    "  --auth scram|trust      client authentication (default scram)\n"
    "  --superuser NAME        bootstrap superuser created on first start (default postgres);\n"
    "                          its password is read from QUILLDB_PASSWORD\n"
    "  --max-connections N     concurrent connections (default 1000)\n"
    "  --log-level LEVEL       debug, info, warning or error (default info)\n"
    "  --max-message-size SIZE largest protocol message accepted (default 64MB)\n"
    "  --block-cache-size SIZE LevelDB block cache (default 64MB)\n"
    "  --write-buffer-size SIZE LevelDB write buffer (default 4MB)\n"
    "  --sweep-interval MS     how often stream rows past ttl_seconds and soft-deleted rows\n"
    "                          past deleted_retention_hours are removed (default 1000)\n"
    "  --help                  show this help and exit\n\n"
    "SIZE is a number of bytes with an optional kB, MB or GB suffix.\n";

/* "64MB" -> bytes; false on anything else. */
static bool parse_size(const char *text, size_t *out)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || end == text || text[0] == '-')
        return false;
    unsigned long long unit = 1;
    if (strcasecmp(end, "kB") == 0 || strcasecmp(end, "k") == 0)
        unit = 1ULL << 10;
    else if (strcasecmp(end, "MB") == 0 || strcasecmp(end, "M") == 0)
        unit = 1ULL << 20;
    else if (strcasecmp(end, "GB") == 0 || strcasecmp(end, "G") == 0)
        unit = 1ULL << 30;
    else if (*end != '\0')
        return false;
    if (v > SIZE_MAX / unit)
        return false;
    *out = (size_t)(v * unit);
    return true;
}

static bool parse_int(const char *text, long min, long max, int *out)
{
    errno = 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

static bool copy_string(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        return false;
    memcpy(dst, src, n + 1);
    return true;
}

enum {
    OPT_LISTEN = 1000,
    OPT_PORT,
    OPT_DATA_DIR,
    OPT_AUTH,
    OPT_SUPERUSER,
    OPT_MAX_CONNECTIONS,
    OPT_LOG_LEVEL,
    OPT_MAX_MESSAGE_SIZE,
    OPT_BLOCK_CACHE_SIZE,
    OPT_WRITE_BUFFER_SIZE,
    OPT_SWEEP_INTERVAL,
    OPT_HELP,
};

config_result config_parse(int argc, char **argv, server_config *out, FILE *messages)
{
    memset(out, 0, sizeof *out);
    copy_string(out->listen_address, sizeof out->listen_address, "127.0.0.1");
    out->port = 5433;
    copy_string(out->superuser, sizeof out->superuser, "postgres");
    out->max_connections = 1000;
    out->log_level = LOG_INFO;
    out->max_message_size = (size_t)64 << 20;
    out->block_cache_bytes = KV_DEFAULT_BLOCK_CACHE_BYTES;
    out->write_buffer_bytes = KV_DEFAULT_WRITE_BUFFER_BYTES;
    out->sweep_interval_ms = 1000;

    static const struct option options[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"port", required_argument, NULL, OPT_PORT},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"auth", required_argument, NULL, OPT_AUTH},
        {"superuser", required_argument, NULL, OPT_SUPERUSER},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
        {"max-message-size", required_argument, NULL, OPT_MAX_MESSAGE_SIZE},
        {"block-cache-size", required_argument, NULL, OPT_BLOCK_CACHE_SIZE},
        {"write-buffer-size", required_argument, NULL, OPT_WRITE_BUFFER_SIZE},
        {"sweep-interval", required_argument, NULL, OPT_SWEEP_INTERVAL},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        bool ok = true;
        const char *what = NULL;
        switch (opt) {
        case OPT_LISTEN:
            ok = copy_string(out->listen_address, sizeof out->listen_address, optarg);
            what = "--listen: address too long";
            break;
        case OPT_PORT:
            ok = parse_int(optarg, 1, 65535, &out->port);
            what = "--port must be an integer from 1 to 65535";
            break;
        case OPT_DATA_DIR:
            ok = optarg[0] != '\0' && copy_string(out->data_dir, sizeof out->data_dir, optarg);
            what = "--data-dir must be a non-empty path";
            break;
        case OPT_AUTH:
            ok = strcmp(optarg, "scram") == 0 || strcmp(optarg, "trust") == 0;
            out->auth_trust = strcmp(optarg, "trust") == 0;
            what = "--auth must be scram or trust";
            break;
        case OPT_SUPERUSER:
            ok = optarg[0] != '\0' && copy_string(out->superuser, sizeof out->superuser, optarg);
            what = "--superuser must be a name of 1 to 63 bytes";
            break;
        case OPT_MAX_CONNECTIONS:
            ok = parse_int(optarg, 1, 1000000, &out->max_connections);
            what = "--max-connections must be an integer from 1 to 1000000";
            break;
        case OPT_LOG_LEVEL:
            ok = log_parse_level(optarg, &out->log_level);
            what = "--log-level must be debug, info, warning or error";
            break;
        case OPT_MAX_MESSAGE_SIZE:
            ok = parse_size(optarg, &out->max_message_size) && out->max_message_size >= 1024 &&
                 out->max_message_size <= (size_t)INT32_MAX;
            what = "--max-message-size must be a size from 1kB to 2GB";
            break;
        case OPT_BLOCK_CACHE_SIZE:
            ok = parse_size(optarg, &out->block_cache_bytes);
            what = "--block-cache-size must be a size such as 64MB";
            break;
        case OPT_WRITE_BUFFER_SIZE:
            ok = parse_size(optarg, &out->write_buffer_bytes) && out->write_buffer_bytes >= 65536;
            what = "--write-buffer-size must be a size of at least 64kB";
            break;
        case OPT_SWEEP_INTERVAL:
            ok = parse_int(optarg, 10, 3600000, &out->sweep_interval_ms);
            what = "--sweep-interval must be a number of milliseconds from 10 to 3600000";
            break;
        case OPT_HELP:
            fputs(usage, messages);
            return CONFIG_EXIT_SUCCESS;
        default:
            fprintf(messages, "quilld: unknown or incomplete option \"%s\"\n%s",
                    argv[optind - 1], "Try \"quilld --help\" for more information.\n");
            return CONFIG_EXIT_FAILURE;
        }
        if (!ok) {
            fprintf(messages, "quilld: %s (got \"%s\")\n", what, optarg);
            return CONFIG_EXIT_FAILURE;
        }
    }
    if (optind < argc) {
        fprintf(messages, "quilld: unexpected argument \"%s\"\n", argv[optind]);
        return CONFIG_EXIT_FAILURE;
    }
    if (out->data_dir[0] == '\0') {
        fprintf(messages, "quilld: --data-dir is required\n"
                          "Try \"quilld --help\" for more information.\n");
        return CONFIG_EXIT_FAILURE;
    }
    return CONFIG_RUN;
}
