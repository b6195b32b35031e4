/*
 * quilld: parse the flags, then hand over to the server loop.
 */
#include <signal.h>
#include <stdio.h>

#include "server/config.h"
#include "server/server.h"

int main(int argc, char **argv)
{
    server_config config;
    switch (config_parse(argc, argv, &config, stderr)) {
    case CONFIG_EXIT_SUCCESS:
        return 0;
    case CONFIG_EXIT_FAILURE:
        return 2;
    case CONFIG_RUN:
        break;
    }
    /* A client that vanishes mid-write must not kill the server. */
    signal(SIGPIPE, SIG_IGN);
    return server_run(&config);
}
