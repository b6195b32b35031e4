/*
 * harness: start and stop a real quilld for integration tests.
 *
 * A test_server owns a temp directory (data dir + server log) and at most one running
 * quilld process on a free 127.0.0.1 port. The binary comes from $QUILLD. Every wait is
 * bounded in time; nothing here loops forever.
 *
 * Check runs each test in a forked child and _exit()s it on the first failed assertion,
 * so per-test cleanup cannot be relied on. Therefore:
 *   - every quilld gets PR_SET_PDEATHSIG(SIGKILL): it dies with the test process;
 *   - main() calls harness_global_setup() first, so every server directory lives under
 *     one root, and harness_global_cleanup(failed) last, which prints the log tails of
 *     all servers when something failed and then removes the root.
 *
 * Also here: small raw-socket helpers for speaking the wire protocol by hand.
 */
#ifndef QUILL_TESTS_HARNESS_H
#define QUILL_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HARNESS_PASSWORD "quill-test-pw"
#define HARNESS_SUPERUSER "postgres"
#define HARNESS_MAX_EXTRA_ARGS 16
#define HARNESS_PATH_MAX 512

typedef struct test_server {
    char label[64];
    char dir[HARNESS_PATH_MAX - 64]; /* the temp dir this server owns */
    char data_dir[HARNESS_PATH_MAX]; /* dir/data unless shared with another server */
    char log_path[HARNESS_PATH_MAX]; /* dir/quilld.log (appended to on every start) */
    int port;
    pid_t pid; /* 0 when not running */
    bool no_password; /* start without QUILLDB_PASSWORD in the environment */
    const char *password; /* HARNESS_PASSWORD unless changed before start */
    const char *extra_args[HARNESS_MAX_EXTRA_ARGS + 1];
    int extra_count;
} test_server;

/* Root temp dir for all servers of this process (call first in main). */
bool harness_global_setup(void);
/* When failed: print the tail of every server log under the root. Then rm -rf the root
 * (kept when QUILL_TEST_KEEP is set to something other than 0, for debugging). */
void harness_global_cleanup(bool failed);

/* A port that was free a moment ago on 127.0.0.1 (0 on failure). */
int harness_free_port(void);
/* Milliseconds from a monotonic clock. */
int64_t harness_now_ms(void);
void harness_sleep_ms(int ms);

/* Creates the temp dir; label names it (letters, digits, '-', '_'). */
bool server_init(test_server *s, const char *label);
/* Use another server's data directory (for the second-instance test). */
void server_share_data_dir(test_server *s, const test_server *owner);
/* Adds one argument passed after the standard ones (e.g. "--auth", "trust"). */
void server_add_arg(test_server *s, const char *arg);

/* Picks a port, fork/execs quilld, returns without waiting. */
bool server_spawn(test_server *s);
/* Waits until a TCP connect succeeds (and a probe is handled); false if the process
 * exited or timeout_ms passed (the log tail is printed). */
bool server_wait_ready(test_server *s, int timeout_ms);
/* spawn + wait_ready(10 s), retrying on another port if the port was taken. */
bool server_start(test_server *s);
/* Waits for the process to exit; returns the exit code (128+signal when killed by a
 * signal), or -1 if it still runs after timeout_ms. */
int server_wait_exit(test_server *s, int timeout_ms);
/* SIGTERM, wait up to timeout_ms, then SIGKILL. Returns the status as server_wait_exit
 * does (the SIGTERM status; 128+9 only if the SIGKILL fallback was needed). */
int server_stop(test_server *s, int timeout_ms);
/* kill -9 and reap. */
void server_kill9(test_server *s);
/* Start again on the same data dir (a new port). */
bool server_restart(test_server *s);
/* Stops if running (SIGKILL), then rm -rf the temp dir. */
void server_cleanup(test_server *s);

/* "host=127.0.0.1 port=P user=U password=PW dbname=postgres ..." into buf.
 * user NULL -> superuser, password NULL -> the server's password (pass "" for none).
 * extra: more "key=value" words or NULL. */
const char *server_conninfo(const test_server *s, char *buf, size_t cap, const char *user,
                            const char *password, const char *extra);
/* Prints the last `lines` lines of the server log to stderr. */
void server_print_log_tail(const test_server *s, int lines);
/* Does the server log contain needle? */
bool server_log_contains(const test_server *s, const char *needle);
/* The first AddressSanitizer/LeakSanitizer/UBSan report line in the log, or NULL
 * (static buffer). UBSan only prints ("runtime error:") and keeps running, so the
 * exit status alone does not show it. */
const char *server_log_sanitizer_report(const test_server *s);

/* rm -rf path (refuses anything outside /tmp). */
bool harness_rm_rf(const char *path);

/* ---- raw sockets ---- */

/* Connected, blocking TCP socket to 127.0.0.1:port, or -1. */
int raw_connect(int port);
bool raw_send(int fd, const void *data, size_t length);
/* Reads exactly length bytes within timeout_ms; false on EOF, error or timeout. */
bool raw_recv_exact(int fd, void *data, size_t length, int timeout_ms);
/* Waits up to timeout_ms for the peer to close. Returns 1 on EOF (or a reset), 0 on
 * timeout; bytes read meanwhile are discarded. */
int raw_wait_closed(int fd, int timeout_ms);

typedef struct raw_message {
    char type;
    uint8_t *body; /* malloc'd, NUL-terminated for convenience */
    size_t length; /* body length */
} raw_message;

/* Reads one backend message. 1 = message, 0 = EOF, -1 = error/timeout/bad length. */
int raw_read_message(int fd, raw_message *m, int timeout_ms);
void raw_message_free(raw_message *m);
/* Field of an ErrorResponse/NoticeResponse body ('S', 'V', 'C', 'M', ...) or NULL. */
const char *raw_error_field(const raw_message *m, char code);

/* Builds a StartupMessage 3.0 for user (and optional extra name/value pairs, NULL
 * terminated) into buf; returns its length or 0 if cap is too small. */
size_t raw_startup_packet(uint8_t *buf, size_t cap, const char *user, const char *const *pairs);
/* Sends a startup packet and reads until ReadyForQuery (trust auth only). */
bool raw_startup_trust(int fd, const char *user, int timeout_ms);

void put_be32(uint8_t *p, uint32_t v);
uint32_t get_be32(const uint8_t *p);

#endif
