#include "harness.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 10000
#define START_ATTEMPTS 5
#define PROBE_CLOSE_TIMEOUT_MS 2000
#define LOG_TAIL_BYTES 65536
#define RAW_MESSAGE_MAX ((size_t)1 << 20)

static char global_root[HARNESS_PATH_MAX];
/* Exit status of the last quilld that exited while starting (for retry decisions). */
static int last_exit_status = -1;

/* ---- time ---- */

int64_t harness_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void harness_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- files ---- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0 && errno != ENOENT)
        fprintf(stderr, "harness: could not remove %s: %s\n", path, strerror(errno));
    return 0;
}

bool harness_rm_rf(const char *path)
{
    /* Only something below /tmp, never /tmp itself. */
    if (path == NULL || strncmp(path, "/tmp/", 5) != 0 || path[5] == '\0' || path[5] == '/' ||
        strstr(path, "..") != NULL) {
        fprintf(stderr, "harness: refusing to remove \"%s\"\n", path ? path : "(null)");
        return false;
    }
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

bool harness_global_setup(void)
{
    snprintf(global_root, sizeof global_root, "/tmp/quill-it-XXXXXX");
    if (mkdtemp(global_root) == NULL) {
        fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
        global_root[0] = '\0';
        return false;
    }
    return true;
}

static int print_log_if_log(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (flag == FTW_F && n >= 11 && strcmp(path + n - 11, "/quilld.log") == 0) {
        test_server fake;
        memset(&fake, 0, sizeof fake);
        snprintf(fake.log_path, sizeof fake.log_path, "%s", path);
        server_print_log_tail(&fake, 25);
    }
    return 0;
}

void harness_global_cleanup(bool failed)
{
    if (global_root[0] == '\0')
        return;
    if (failed)
        nftw(global_root, print_log_if_log, 16, FTW_PHYS);
    const char *keep = getenv("QUILL_TEST_KEEP");
    if (keep != NULL && keep[0] != '\0' && strcmp(keep, "0") != 0) {
        fprintf(stderr, "harness: QUILL_TEST_KEEP is set; keeping %s\n", global_root);
        global_root[0] = '\0';
        return;
    }
    harness_rm_rf(global_root);
    global_root[0] = '\0';
}

void server_print_log_tail(const test_server *s, int lines)
{
    FILE *f = fopen(s->log_path, "rb");
    if (f == NULL) {
        fprintf(stderr, "harness: no server log at %s\n", s->log_path);
        return;
    }
    long start = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        start = size > LOG_TAIL_BYTES ? size - LOG_TAIL_BYTES : 0;
    }
    fseek(f, start, SEEK_SET);
    char *text = malloc(LOG_TAIL_BYTES + 1);
    if (text == NULL) {
        fclose(f);
        return;
    }
    size_t n = fread(text, 1, LOG_TAIL_BYTES, f);
    fclose(f);
    text[n] = '\0';
    const char *p = text + n;
    int seen = 0;
    while (p > text) {
        if (p[-1] == '\n' && p != text + n && ++seen >= lines)
            break;
        p--;
    }
    fprintf(stderr, "----- last %d lines of %s -----\n%s%s----- end of log -----\n", lines,
            s->log_path, p, (n > 0 && text[n - 1] != '\n') ? "\n" : "");
    free(text);
}

bool server_log_contains(const test_server *s, const char *needle)
{
    FILE *f = fopen(s->log_path, "rb");
    if (f == NULL)
        return false;
    bool found = false;
    char line[4096];
    while (!found && fgets(line, sizeof line, f) != NULL)
        found = strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

const char *server_log_sanitizer_report(const test_server *s)
{
    static char found[1024];
    static const char *const markers[] = {"runtime error:", "ERROR: AddressSanitizer",
                                          "ERROR: LeakSanitizer", "SUMMARY: UndefinedBehavior"};
    FILE *f = fopen(s->log_path, "rb");
    if (f == NULL)
        return NULL;
    const char *result = NULL;
    while (result == NULL && fgets(found, sizeof found, f) != NULL) {
        for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
            if (strstr(found, markers[i]) != NULL) {
                found[strcspn(found, "\n")] = '\0';
                result = found;
                break;
            }
        }
    }
    fclose(f);
    return result;
}

/* ---- ports ---- */

int harness_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t length = sizeof a;
    int port = 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &length) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* ---- server lifecycle ---- */

bool server_init(test_server *s, const char *label)
{
    memset(s, 0, sizeof *s);
    snprintf(s->label, sizeof s->label, "%s", label);
    s->password = HARNESS_PASSWORD;
    const char *root = global_root[0] != '\0' ? global_root : "/tmp";
    int n = snprintf(s->dir, sizeof s->dir, "%s/%s-XXXXXX", root, label);
    if (n < 0 || (size_t)n >= sizeof s->dir || mkdtemp(s->dir) == NULL) {
        fprintf(stderr, "harness: could not create a temp dir for %s: %s\n", label,
                strerror(errno));
        s->dir[0] = '\0';
        return false;
    }
    snprintf(s->data_dir, sizeof s->data_dir, "%s/data", s->dir);
    snprintf(s->log_path, sizeof s->log_path, "%s/quilld.log", s->dir);
    return true;
}

void server_share_data_dir(test_server *s, const test_server *owner)
{
    snprintf(s->data_dir, sizeof s->data_dir, "%s", owner->data_dir);
}

void server_add_arg(test_server *s, const char *arg)
{
    if (s->extra_count < HARNESS_MAX_EXTRA_ARGS) {
        s->extra_args[s->extra_count++] = arg;
        s->extra_args[s->extra_count] = NULL;
    } else {
        fprintf(stderr, "harness: too many extra arguments, \"%s\" dropped\n", arg);
    }
}

bool server_spawn(test_server *s)
{
    const char *binary = getenv("QUILLD");
    if (binary == NULL || binary[0] == '\0') {
        fprintf(stderr, "harness: QUILLD is not set (path of the quilld binary)\n");
        return false;
    }
    /* Someone may be relinking the binary right now (a shared build dir): wait a little
     * for it to be executable again rather than fail on EACCES/ETXTBSY. */
    for (int i = 0; i < 50 && access(binary, X_OK) != 0; i++)
        harness_sleep_ms(100);
    if (s->pid != 0) {
        fprintf(stderr, "harness: %s is already running (pid %d)\n", s->label, (int)s->pid);
        return false;
    }
    s->port = harness_free_port();
    if (s->port == 0) {
        fprintf(stderr, "harness: no free port\n");
        return false;
    }
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", s->port);
    const char *argv[12 + HARNESS_MAX_EXTRA_ARGS];
    int argc = 0;
    argv[argc++] = binary;
    argv[argc++] = "--data-dir";
    argv[argc++] = s->data_dir;
    argv[argc++] = "--port";
    argv[argc++] = port_text;
    argv[argc++] = "--listen";
    argv[argc++] = "127.0.0.1";
    for (int i = 0; i < s->extra_count; i++)
        argv[argc++] = s->extra_args[i];
    argv[argc] = NULL;

    int log_fd = open(s->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        fprintf(stderr, "harness: open %s: %s\n", s->log_path, strerror(errno));
        return false;
    }
    char header[1024];
    int used = snprintf(header, sizeof header, "===== harness: starting");
    for (int i = 0; i < argc && used < (int)sizeof header; i++)
        used += snprintf(header + used, sizeof header - (size_t)used, " %s", argv[i]);
    if (used < (int)sizeof header)
        used += snprintf(header + used, sizeof header - (size_t)used, "%s\n",
                         s->no_password ? " (no QUILLDB_PASSWORD)" : "");
    if (used > (int)sizeof header - 1)
        used = (int)sizeof header - 1;
    if (write(log_fd, header, (size_t)used) < 0) {
        /* the log is only an aid */
    }

    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "harness: fork: %s\n", strerror(errno));
        close(log_fd);
        return false;
    }
    if (pid == 0) {
        /* The server must not outlive the test process, whatever happens to it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(126);
        int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            close(null_fd);
        }
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        if (s->no_password)
            unsetenv("QUILLDB_PASSWORD");
        else
            setenv("QUILLDB_PASSWORD", s->password, 1);
        signal(SIGPIPE, SIG_DFL);
        execv(binary, (char *const *)argv);
        dprintf(2, "harness: exec %s: %s\n", binary, strerror(errno));
        _exit(127);
    }
    close(log_fd);
    s->pid = pid;
    return true;
}

static int decode_status(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int server_wait_exit(test_server *s, int timeout_ms)
{
    if (s->pid == 0)
        return -1;
    int64_t deadline = harness_now_ms() + timeout_ms;
    for (;;) {
        int status;
        pid_t r = waitpid(s->pid, &status, WNOHANG);
        if (r == s->pid) {
            s->pid = 0;
            return decode_status(status);
        }
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "harness: waitpid: %s\n", strerror(errno));
            s->pid = 0;
            return -1;
        }
        if (harness_now_ms() >= deadline)
            return -1;
        harness_sleep_ms(10);
    }
}

/* A CancelRequest with a key no session has: the server must close the socket. Seeing
 * the close proves the server is serving and has forgotten the probe connection (so it
 * does not count against --max-connections). */
static void probe(int fd)
{
    uint8_t packet[16];
    put_be32(packet, 16);
    put_be32(packet + 4, 80877102);
    put_be32(packet + 8, 0);
    put_be32(packet + 12, 0);
    if (raw_send(fd, packet, sizeof packet))
        raw_wait_closed(fd, PROBE_CLOSE_TIMEOUT_MS);
}

bool server_wait_ready(test_server *s, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    for (;;) {
        if (s->pid == 0)
            return false;
        int status;
        pid_t r = waitpid(s->pid, &status, WNOHANG);
        if (r == s->pid) {
            s->pid = 0;
            last_exit_status = decode_status(status);
            fprintf(stderr, "harness: quilld (%s) exited with status %d while starting\n",
                    s->label, last_exit_status);
            server_print_log_tail(s, 20);
            return false;
        }
        int fd = raw_connect(s->port);
        if (fd >= 0) {
            probe(fd);
            close(fd);
            return true;
        }
        if (harness_now_ms() >= deadline) {
            fprintf(stderr, "harness: quilld (%s) did not accept connections on port %d "
                            "within %d ms\n",
                    s->label, s->port, timeout_ms);
            server_print_log_tail(s, 20);
            return false;
        }
        harness_sleep_ms(20);
    }
}

bool server_start(test_server *s)
{
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        last_exit_status = -1;
        if (!server_spawn(s))
            return false;
        if (server_wait_ready(s, START_TIMEOUT_MS))
            return true;
        /* Another process may have taken the port between probe and bind, or the binary
         * was being relinked when exec ran (exit 127 after "harness: exec"). */
        bool exited = s->pid == 0;
        bool port_taken = exited && server_log_contains(s, "could not listen");
        bool exec_failed = exited && last_exit_status == 127 &&
                           server_log_contains(s, "harness: exec");
        if (s->pid != 0)
            server_kill9(s);
        if (!port_taken && !exec_failed)
            return false;
        fprintf(stderr, "harness: %s, retrying\n",
                port_taken ? "the port was taken" : "exec failed");
        harness_sleep_ms(200 * attempt);
    }
    return false;
}

int server_stop(test_server *s, int timeout_ms)
{
    if (s->pid == 0)
        return -1;
    kill(s->pid, SIGTERM);
    int status = server_wait_exit(s, timeout_ms);
    if (status == -1 && s->pid != 0) {
        fprintf(stderr, "harness: quilld (%s) ignored SIGTERM for %d ms; sending SIGKILL\n",
                s->label, timeout_ms);
        server_print_log_tail(s, 20);
        server_kill9(s);
        return 128 + SIGKILL;
    }
    return status;
}

void server_kill9(test_server *s)
{
    if (s->pid == 0)
        return;
    kill(s->pid, SIGKILL);
    if (server_wait_exit(s, 10000) == -1 && s->pid != 0) {
        fprintf(stderr, "harness: quilld (%s) pid %d survived SIGKILL for 10 s\n", s->label,
                (int)s->pid);
        s->pid = 0;
    }
}

bool server_restart(test_server *s)
{
    if (s->pid != 0 && server_stop(s, 10000) != 0)
        fprintf(stderr, "harness: quilld (%s) did not stop cleanly before restart\n", s->label);
    return server_start(s);
}

void server_cleanup(test_server *s)
{
    if (s->pid != 0)
        server_kill9(s);
    if (s->dir[0] != '\0')
        harness_rm_rf(s->dir);
    s->dir[0] = '\0';
}

/* libpq conninfo value quoting: 'value' with \ and ' escaped. */
static size_t append_value(char *buf, size_t cap, size_t used, const char *value)
{
    if (used < cap)
        buf[used] = '\'';
    used++;
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '\'' || *p == '\\') {
            if (used < cap)
                buf[used] = '\\';
            used++;
        }
        if (used < cap)
            buf[used] = *p;
        used++;
    }
    if (used < cap)
        buf[used] = '\'';
    used++;
    return used;
}

static size_t append_text(char *buf, size_t cap, size_t used, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (used < cap)
            buf[used] = *p;
        used++;
    }
    return used;
}

const char *server_conninfo(const test_server *s, char *buf, size_t cap, const char *user,
                            const char *password, const char *extra)
{
    char head[128];
    snprintf(head, sizeof head, "host=127.0.0.1 port=%d dbname=postgres ", s->port);
    size_t used = append_text(buf, cap, 0, head);
    used = append_text(buf, cap, used, "user=");
    used = append_value(buf, cap, used, user != NULL ? user : HARNESS_SUPERUSER);
    used = append_text(buf, cap, used, " password=");
    used = append_value(buf, cap, used, password != NULL ? password : s->password);
    used = append_text(buf, cap, used,
                       " connect_timeout=10 sslmode=disable gssencmode=disable");
    if (extra != NULL) {
        used = append_text(buf, cap, used, " ");
        used = append_text(buf, cap, used, extra);
    }
    if (cap > 0)
        buf[used < cap ? used : cap - 1] = '\0';
    return buf;
}

/* ---- raw sockets ---- */

void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int raw_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool raw_send(int fd, const void *data, size_t length)
{
    const uint8_t *p = data;
    while (length > 0) {
        ssize_t n = send(fd, p, length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        length -= (size_t)n;
    }
    return true;
}

/* Waits for readability until deadline: 1 readable, 0 timeout, -1 error. */
static int wait_readable(int fd, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - harness_now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        return r < 0 ? -1 : r;
    }
}

/* 1 = all read, 0 = EOF, -1 = error or timeout */
static int recv_exact(int fd, void *data, size_t length, int64_t deadline)
{
    uint8_t *p = data;
    while (length > 0) {
        if (wait_readable(fd, deadline) <= 0)
            return -1;
        ssize_t n = recv(fd, p, length, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            return 0;
        if (n < 0)
            return errno == ECONNRESET ? 0 : -1;
        p += n;
        length -= (size_t)n;
    }
    return 1;
}

bool raw_recv_exact(int fd, void *data, size_t length, int timeout_ms)
{
    return recv_exact(fd, data, length, harness_now_ms() + timeout_ms) == 1;
}

int raw_wait_closed(int fd, int timeout_ms)
{
    int64_t deadline = harness_now_ms() + timeout_ms;
    uint8_t sink[4096];
    for (int rounds = 0; rounds < 100000; rounds++) {
        int r = wait_readable(fd, deadline);
        if (r <= 0)
            return 0;
        ssize_t n = recv(fd, sink, sizeof sink, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return 1;
        if (n < 0 && errno != EINTR)
            return 1;
    }
    return 0;
}

int raw_read_message(int fd, raw_message *m, int timeout_ms)
{
    memset(m, 0, sizeof *m);
    int64_t deadline = harness_now_ms() + timeout_ms;
    uint8_t header[5];
    int r = recv_exact(fd, header, 1, deadline);
    if (r <= 0)
        return r;
    if (recv_exact(fd, header + 1, 4, deadline) != 1)
        return -1;
    uint32_t length = get_be32(header + 1);
    if (length < 4 || length - 4 > RAW_MESSAGE_MAX)
        return -1;
    m->type = (char)header[0];
    m->length = length - 4;
    m->body = malloc(m->length + 1);
    if (m->body == NULL)
        return -1;
    if (m->length > 0 && recv_exact(fd, m->body, m->length, deadline) != 1) {
        raw_message_free(m);
        return -1;
    }
    m->body[m->length] = '\0';
    return 1;
}

void raw_message_free(raw_message *m)
{
    free(m->body);
    m->body = NULL;
    m->length = 0;
}

const char *raw_error_field(const raw_message *m, char code)
{
    if (m->type != 'E' && m->type != 'N')
        return NULL;
    size_t i = 0;
    while (i < m->length && m->body[i] != '\0') {
        char field = (char)m->body[i++];
        const char *value = (const char *)m->body + i;
        /* body[length] is a NUL the reader added, so value is always terminated */
        size_t n = strnlen(value, m->length - i);
        if (field == code)
            return value;
        i += n + 1;
    }
    return NULL;
}

size_t raw_startup_packet(uint8_t *buf, size_t cap, const char *user, const char *const *pairs)
{
    size_t used = 8;
    const char *fixed[] = {"user", user, "database", "postgres"};
    if (cap < used)
        return 0;
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(fixed[i]) + 1;
        if (used + n > cap)
            return 0;
        memcpy(buf + used, fixed[i], n);
        used += n;
    }
    for (int i = 0; pairs != NULL && pairs[i] != NULL; i++) {
        size_t n = strlen(pairs[i]) + 1;
        if (used + n > cap)
            return 0;
        memcpy(buf + used, pairs[i], n);
        used += n;
    }
    if (used + 1 > cap)
        return 0;
    buf[used++] = '\0';
    put_be32(buf, (uint32_t)used);
    put_be32(buf + 4, 3u << 16);
    return used;
}

bool raw_startup_trust(int fd, const char *user, int timeout_ms)
{
    uint8_t packet[512];
    size_t n = raw_startup_packet(packet, sizeof packet, user, NULL);
    if (n == 0 || !raw_send(fd, packet, n))
        return false;
    int64_t deadline = harness_now_ms() + timeout_ms;
    for (int i = 0; i < 1000; i++) {
        int left = (int)(deadline - harness_now_ms());
        raw_message m;
        if (left <= 0 || raw_read_message(fd, &m, left) != 1)
            return false;
        char type = m.type;
        bool ok = true;
        if (type == 'E') {
            fprintf(stderr, "harness: startup failed: %s %s\n",
                    raw_error_field(&m, 'C') ? raw_error_field(&m, 'C') : "?",
                    raw_error_field(&m, 'M') ? raw_error_field(&m, 'M') : "?");
            ok = false;
        } else if (type == 'R' && (m.length < 4 || get_be32(m.body) != 0)) {
            fprintf(stderr, "harness: server asked for authentication (trust expected)\n");
            ok = false;
        }
        raw_message_free(&m);
        if (!ok)
            return false;
        if (type == 'Z')
            return true;
    }
    return false;
}
