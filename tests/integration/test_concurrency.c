/*
 * Integration: one server, many sessions. A heavy query must not stall other sessions'
 * point selects (worst latency < 100 ms), CancelRequest and statement_timeout end a
 * running statement with 57014, a client that stops reading does not block the others,
 * and concurrent autocommit writers lose nothing.
 *
 * One quilld with a 100,000-row table `big` serves every test (an unchecked fixture:
 * started once in the runner process, before the tests are forked). Timings are printed
 * to stderr (the meson test log) so slow machines and sanitizer builds can be compared.
 */
#include <check.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pgtest.h"

#define BIG_ROWS 100000
#define LOAD_BATCH 5000
#define STOP_TIMEOUT_MS 20000

/* The heavy query: a nested-loop join of HEAVY_N x HEAVY_N rows. Measured alone on the
 * (2-CPU, shared) machine this was written on: ~1.5-2 s release, ~4.5 s ASan; sliced and
 * sharing the loop with 8 point-select clients: ~4 s release, ~6 s ASan. */
#define HEAVY_N 1500
/* For cancel / statement_timeout: far too long to finish within the test (~10x). */
#define HUGE_N 5000
#define STR_(x) #x
#define STR(x) STR_(x)
#define HEAVY_SQL(n)                                                                         \
    "SELECT count(*) FROM big a, big b WHERE a.id < " STR(n) " AND b.id < " STR(n)

#define POINT_CLIENTS 8
#define POINT_PHASE_MS 2000
#define LATENCY_BOUND_MS 100.0

#define WRITERS 8
#define ROWS_PER_WRITER 200

static test_server server;
/* Set by the fixture teardown when quilld did not stop cleanly (checked in main). */
static bool teardown_failed;

/* ---- helpers ---- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void command(PGconn *conn, const char *sql, const char *tag)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(res != NULL, "PQexec returned NULL: %s", PQerrorMessage(conn));
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK,
                  "\"%.200s\": expected command ok, got %s: %s", sql,
                  PQresStatus(PQresultStatus(res)), PQresultErrorMessage(res));
    ck_assert_msg(strcmp(PQcmdStatus(res), tag) == 0, "\"%.200s\": expected tag \"%s\", got \"%s\"",
                  sql, tag, PQcmdStatus(res));
    PQclear(res);
}

/* The result of a query sent with PQsendQuery, waiting at most timeout_ms; asserts exactly
 * one result follows. */
static PGresult *collect(PGconn *conn, const char *what, int timeout_ms)
{
    ck_assert_msg(pgt_wait_result(conn, timeout_ms), "%s: no result within %d ms: %s", what,
                  timeout_ms, PQerrorMessage(conn));
    PGresult *res = PQgetResult(conn);
    ck_assert_msg(res != NULL, "%s: no result: %s", what, PQerrorMessage(conn));
    ck_assert_msg(pgt_wait_result(conn, 5000), "%s: no end of results", what);
    PGresult *extra = PQgetResult(conn);
    ck_assert_msg(extra == NULL, "%s: a second result (%s)", what,
                  PQresStatus(PQresultStatus(extra)));
    return res;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- point-select clients on threads ---- */

typedef struct point_client {
    PGconn *conn;
    int index;
    atomic_int *stop;
    /* results */
    int count;
    double max_ms;
    double max_at_ms; /* when the worst one started, relative to `origin` */
    double origin;
    int pace_ms; /* think time between selects (0 = back to back), jittered +-50% */
    double *latencies; /* count of them (up to cap) */
    int cap;
    char error[512];
} point_client;

static void *point_loop(void *arg)
{
    point_client *pc = arg;
    unsigned id = 7919u * (unsigned)(pc->index + 1);
    /* Paced clients start spread over one pause, not all at once. */
    if (pc->pace_ms > 0)
        harness_sleep_ms(pc->pace_ms * pc->index / POINT_CLIENTS);
    while (!atomic_load(pc->stop) && pc->error[0] == '\0') {
        id = (id * 1103515245u + 12345u) % BIG_ROWS;
        char sql[96], expected[32];
        snprintf(sql, sizeof sql, "SELECT v FROM big WHERE id = %u", id);
        snprintf(expected, sizeof expected, "v%u", id);
        double start = now_ms();
        PGresult *res = PQexec(pc->conn, sql);
        double took = now_ms() - start;
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
            strcmp(PQgetvalue(res, 0, 0), expected) != 0) {
            snprintf(pc->error, sizeof pc->error, "client %d: \"%s\": %s %d rows \"%s\" %s",
                     pc->index, sql, PQresStatus(PQresultStatus(res)), PQntuples(res),
                     PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "",
                     PQresultErrorMessage(res));
        }
        PQclear(res);
        if (pc->count < pc->cap)
            pc->latencies[pc->count] = took;
        pc->count++;
        if (took > pc->max_ms) {
            pc->max_ms = took;
            pc->max_at_ms = start - pc->origin;
        }
        if (pc->pace_ms > 0)
            harness_sleep_ms(pc->pace_ms / 2 + (int)(id % (unsigned)(pc->pace_ms + 1)));
    }
    return NULL;
}

typedef struct point_group {
    point_client clients[POINT_CLIENTS];
    pthread_t threads[POINT_CLIENTS];
    int n;
    atomic_int stop;
} point_group;

/* The think time of the point clients. What is tested is that a heavy query (or a client
 * that does not read) never stalls the others, not how many point selects one loop thread
 * serves: the clients must not saturate the server by themselves, or their latency is
 * their own queueing. In a release build a point select costs ~1 ms and they run back to
 * back; in a sanitizer build it can cost ~20 ms (8 clients queueing behind each other
 * would exceed 100 ms with no heavy query at all), so they pause long enough to keep the
 * server at most about a quarter busy with them, and start staggered. */
static int calibrate_pace(PGconn *conn, int clients)
{
    double samples[21];
    for (int i = 0; i < 21; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT v FROM big WHERE id = %d", i * 4001);
        double start = now_ms();
        PGresult *res = PQexec(conn, sql);
        samples[i] = now_ms() - start;
        ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
        PQclear(res);
    }
    qsort(samples, 21, sizeof(double), compare_double);
    double median = samples[10];
    int pace = median < 2.0 ? 0 : (int)(4.0 * clients * median);
    fprintf(stderr, "[calibration] a point select alone: median %.2f ms, max %.2f ms -> %d "
                    "clients pause %d ms (+-50%%) between selects\n",
            median, samples[20], clients, pace);
    return pace;
}

static void points_connect(point_group *g, int n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    int pace = 0;
    for (int i = 0; i < n; i++) {
        g->clients[i].conn = pgt_connect(&server, NULL);
        g->clients[i].index = i;
        g->clients[i].stop = &g->stop;
        g->clients[i].cap = 100000;
        g->clients[i].latencies = calloc((size_t)g->clients[i].cap, sizeof(double));
        ck_assert_ptr_nonnull(g->clients[i].latencies);
        /* warm up (catalog view, plan paths) */
        pgt_expect_value(g->clients[i].conn, "SELECT v FROM big WHERE id = 1", "v1");
        if (i == 0)
            pace = calibrate_pace(g->clients[0].conn, n);
        g->clients[i].pace_ms = pace;
    }
}

static void points_start(point_group *g, double origin)
{
    atomic_store(&g->stop, 0);
    for (int i = 0; i < g->n; i++) {
        g->clients[i].origin = origin;
        ck_assert_int_eq(pthread_create(&g->threads[i], NULL, point_loop, &g->clients[i]), 0);
    }
}

/* Stops and joins the threads, prints the statistics, asserts no error and the bound. */
static void points_finish(point_group *g, const char *phase)
{
    atomic_store(&g->stop, 1);
    for (int i = 0; i < g->n; i++)
        pthread_join(g->threads[i], NULL);
    int total = 0;
    double worst = 0, worst_at = 0;
    for (int i = 0; i < g->n; i++) {
        total += g->clients[i].count < g->clients[i].cap ? g->clients[i].count
                                                         : g->clients[i].cap;
        if (g->clients[i].max_ms > worst) {
            worst = g->clients[i].max_ms;
            worst_at = g->clients[i].max_at_ms;
        }
    }
    double *all = calloc((size_t)total + 1, sizeof(double));
    ck_assert_ptr_nonnull(all);
    int k = 0;
    for (int i = 0; i < g->n; i++) {
        int c = g->clients[i].count < g->clients[i].cap ? g->clients[i].count : g->clients[i].cap;
        memcpy(all + k, g->clients[i].latencies, (size_t)c * sizeof(double));
        k += c;
    }
    qsort(all, (size_t)total, sizeof(double), compare_double);
    fprintf(stderr,
            "[%s] %d clients, %d point selects: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
            "(at +%.0f ms)\n",
            phase, g->n, total, total ? all[total / 2] : 0.0,
            total ? all[(int)(total * 0.99)] : 0.0, worst, worst_at);
    free(all);
    for (int i = 0; i < g->n; i++) {
        ck_assert_msg(g->clients[i].error[0] == '\0', "[%s] %s", phase, g->clients[i].error);
        ck_assert_msg(g->clients[i].count >= 1, "[%s] client %d ran only %d point selects",
                      phase, i, g->clients[i].count);
        ck_assert_msg(g->clients[i].max_ms < LATENCY_BOUND_MS,
                      "[%s] client %d: a point select took %.1f ms (bound %.0f ms), at +%.0f ms",
                      phase, i, g->clients[i].max_ms, LATENCY_BOUND_MS,
                      g->clients[i].max_at_ms);
    }
}

static void points_close(point_group *g)
{
    for (int i = 0; i < g->n; i++) {
        pgt_expect_alive(g->clients[i].conn);
        PQfinish(g->clients[i].conn);
        free(g->clients[i].latencies);
    }
}

/* ---- the shared server ---- */

static void setup_server(void)
{
    ck_assert_msg(server_init(&server, "concurrency"), "could not create the temp dir");
    ck_assert_msg(server_start(&server), "quilld did not start; log: %s", server.log_path);
    PGconn *conn = pgt_connect(&server, NULL);
    command(conn, "CREATE TABLE big (id integer PRIMARY KEY, v text NOT NULL)", "CREATE TABLE");
    size_t cap = (size_t)LOAD_BATCH * 32 + 64;
    char *sql = malloc(cap);
    ck_assert_ptr_nonnull(sql);
    double started = now_ms();
    for (int first = 0; first < BIG_ROWS; first += LOAD_BATCH) {
        size_t n = (size_t)snprintf(sql, cap, "INSERT INTO big VALUES ");
        for (int id = first; id < first + LOAD_BATCH; id++)
            n += (size_t)snprintf(sql + n, cap - n, "%s(%d, 'v%d')", id == first ? "" : ", ", id,
                                  id);
        char tag[32];
        snprintf(tag, sizeof tag, "INSERT 0 %d", LOAD_BATCH);
        command(conn, sql, tag);
    }
    free(sql);
    fprintf(stderr, "[setup] loaded %d rows in %.0f ms\n", BIG_ROWS, now_ms() - started);
    pgt_expect_value(conn, "SELECT count(*) FROM big", "100000");
    PQfinish(conn);
}

static void teardown_server(void)
{
    int status = server_stop(&server, STOP_TIMEOUT_MS);
    const char *report = server_log_sanitizer_report(&server);
    if (status != 0 || report != NULL) {
        fprintf(stderr, "quilld exited with status %d after SIGTERM; sanitizer: %s\n", status,
                report ? report : "none");
        server_print_log_tail(&server, 40);
        teardown_failed = true;
    }
    server_cleanup(&server);
}

/* ---- tests ---- */

START_TEST(heavy_query_does_not_stall_point_selects)
{
    point_group *g = calloc(1, sizeof *g);
    ck_assert_ptr_nonnull(g);
    points_connect(g, POINT_CLIENTS);
    /* Before: the same point selects without the heavy query, for comparison. */
    points_start(g, now_ms());
    harness_sleep_ms(600);
    points_finish(g, "idle baseline");

    PGconn *heavy = pgt_connect(&server, NULL);
    double sent = now_ms();
    ck_assert_msg(PQsendQuery(heavy, HEAVY_SQL(HEAVY_N)) == 1, "PQsendQuery: %s",
                  PQerrorMessage(heavy));
    points_start(g, sent);
    /* Point selects run while the heavy query runs, for at most POINT_PHASE_MS. */
    double heavy_done = 0;
    while (now_ms() - sent < POINT_PHASE_MS) {
        ck_assert_msg(PQconsumeInput(heavy) == 1, "heavy: %s", PQerrorMessage(heavy));
        if (!PQisBusy(heavy)) {
            heavy_done = now_ms();
            break;
        }
        harness_sleep_ms(5);
    }
    double phase_end = now_ms();
    /* SERVER BUG at the time of writing (quilld on libuv 1.44): every point select sent
     * while the heavy query runs waits for the whole heavy query (1.5-5 s measured). The
     * statement does yield every 5 ms, but run_query() re-arms the connection's timer
     * with uv_timer_start(..., on_resume, 0, 0) from inside on_resume, a timer callback;
     * libuv before 1.48 runs a 0-timeout timer started from a timer callback again in the
     * same uv__run_timers() pass (libuv issue #4245, fixed by PR #4250), so the loop never
     * reaches the I/O poll until the statement ends. With that timeout changed to 1 ms
     * this test passes (worst point select 26 ms release, 49-85 ms ASan, on a loaded
     * 2-CPU machine). */
    points_finish(g, "during the heavy query");

    PGresult *res = collect(heavy, "heavy query", 120000);
    if (heavy_done == 0)
        heavy_done = now_ms();
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "heavy query: %s",
                  PQresultErrorMessage(res));
    char expected[32];
    snprintf(expected, sizeof expected, "%d", HEAVY_N * HEAVY_N);
    ck_assert_str_eq(PQgetvalue(res, 0, 0), expected);
    PQclear(res);
    fprintf(stderr, "[heavy] %s took %.0f ms; point selects ran for %.0f ms of it\n",
            HEAVY_SQL(HEAVY_N), heavy_done - sent, phase_end - sent);
    /* The point selects really overlapped the heavy query. */
    ck_assert_msg(phase_end - sent >= 250,
                  "the heavy query took only %.0f ms: too short to test anything (raise HEAVY_N)",
                  heavy_done - sent);
    pgt_expect_alive(heavy);
    PQfinish(heavy);
    points_close(g);
    free(g);
}
END_TEST

START_TEST(cancel_request_ends_running_statement)
{
    PGconn *conn = pgt_connect(&server, NULL);
    /* A safety net only: should the cancel be ignored, the statement still ends within a
     * bounded time (and the message check below tells the two apart). */
    command(conn, "SET statement_timeout = '8s'", "SET");
    PGcancel *cancel = PQgetCancel(conn);
    ck_assert_ptr_nonnull(cancel);
    char errbuf[256];

    /* A cancel between statements is ignored and does not hit the next statement. */
    ck_assert_msg(PQcancel(cancel, errbuf, sizeof errbuf) == 1, "PQcancel: %s", errbuf);
    harness_sleep_ms(100);
    pgt_expect_value(conn, "SELECT count(*) FROM big a, big b WHERE a.id < 300 AND b.id < 300",
                     "90000");

    double sent = now_ms();
    ck_assert_int_eq(PQsendQuery(conn, HEAVY_SQL(HUGE_N)), 1);
    /* Not finished after 200 ms. */
    ck_assert_msg(!pgt_wait_result(conn, 200) || PQisBusy(conn),
                  "the heavy query finished within 200 ms");
    double cancelled = now_ms();
    ck_assert_msg(PQcancel(cancel, errbuf, sizeof errbuf) == 1, "PQcancel: %s", errbuf);
    PGresult *res = collect(conn, "canceled query", 30000);
    double answered = now_ms();
    ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "expected an error, got %s",
                  PQresStatus(PQresultStatus(res)));
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "57014");
    /* SERVER BUG at the time of writing: the CancelRequest connection is not even
     * accepted while the statement runs (the same loop starvation as in
     * heavy_query_does_not_stall_point_selects), so PQcancel blocks and the statement
     * only ends at the 8 s statement_timeout safety net, with "... due to statement
     * timeout". */
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to user request");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR");
    PQclear(res);
    fprintf(stderr, "[cancel] sent after %.0f ms, error after %.1f ms more\n",
            cancelled - sent, answered - cancelled);
    ck_assert_msg(answered - cancelled < 2000, "the cancel took %.0f ms to take effect",
                  answered - cancelled);

    /* The session goes on normally. */
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    pgt_expect_alive(conn);
    pgt_expect_value(conn, "SELECT count(*) FROM big WHERE id < 10", "10");
    /* And the same key cancels again. */
    ck_assert_int_eq(PQsendQuery(conn, HEAVY_SQL(HUGE_N)), 1);
    harness_sleep_ms(100);
    ck_assert_msg(PQcancel(cancel, errbuf, sizeof errbuf) == 1, "PQcancel: %s", errbuf);
    res = collect(conn, "second canceled query", 30000);
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "57014");
    PQclear(res);
    pgt_expect_alive(conn);
    PQfreeCancel(cancel);
    PQfinish(conn);
}
END_TEST

START_TEST(statement_timeout_ends_running_statement)
{
    PGconn *conn = pgt_connect(&server, NULL);
    command(conn, "SET statement_timeout = '300ms'", "SET");
    pgt_expect_value(conn, "SHOW statement_timeout", "300ms");
    /* Quick statements are not affected. */
    pgt_expect_value(conn, "SELECT v FROM big WHERE id = 99999", "v99999");

    double sent = now_ms();
    PGresult *res = PQexec(conn, HEAVY_SQL(HUGE_N));
    double took = now_ms() - sent;
    ck_assert_msg(PQresultStatus(res) == PGRES_FATAL_ERROR, "expected an error, got %s",
                  PQresStatus(PQresultStatus(res)));
    ck_assert_str_eq(pgt_field(res, PG_DIAG_SQLSTATE), "57014");
    ck_assert_str_eq(pgt_field(res, PG_DIAG_MESSAGE_PRIMARY),
                     "canceling statement due to statement timeout");
    PQclear(res);
    fprintf(stderr, "[statement_timeout] 300ms timeout fired after %.1f ms\n", took);
    ck_assert_msg(took >= 290 && took < 2000, "the 300ms timeout ended the statement after %.0f ms",
                  took);
    ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
    pgt_expect_alive(conn);

    command(conn, "RESET statement_timeout", "RESET");
    pgt_expect_value(conn, "SHOW statement_timeout", "0");
    pgt_expect_value(conn, "SELECT count(*) FROM big a, big b WHERE a.id < 300 AND b.id < 300",
                     "90000");
    pgt_expect_value(conn, "SELECT count(*) FROM big", "100000");
    PQfinish(conn);
}
END_TEST

START_TEST(client_that_stops_reading_does_not_block_others)
{
    PGconn *slow = pgt_connect(&server, NULL);
    point_group *g = calloc(1, sizeof *g);
    ck_assert_ptr_nonnull(g);
    points_connect(g, 2);

    double sent = now_ms();
    ck_assert_int_eq(PQsendQuery(slow, "SELECT * FROM big"), 1);
    /* slow reads nothing for a second; the others are served meanwhile. */
    points_start(g, sent);
    harness_sleep_ms(1000);
    /* With the loop starvation bug above, the first ~4 MiB of this result are produced
     * without polling I/O (until OUTPUT_HIGH_WATER pauses the statement): measured 28-130
     * ms in a release build, 550 ms under ASan, for the point selects sent meanwhile. */
    points_finish(g, "while a client does not read");
    /* New connections are served too. */
    pgt_expect_server_serves(&server);

    PGresult *res = collect(slow, "SELECT * FROM big", 60000);
    double done = now_ms();
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "SELECT * FROM big: %s",
                  PQresultErrorMessage(res));
    ck_assert_int_eq(PQntuples(res), BIG_ROWS);
    ck_assert_int_eq(PQnfields(res), 2);
    char *seen = calloc(BIG_ROWS, 1);
    ck_assert_ptr_nonnull(seen);
    for (int r = 0; r < BIG_ROWS; r++) {
        int id = atoi(PQgetvalue(res, r, 0));
        ck_assert_msg(id >= 0 && id < BIG_ROWS && !seen[id], "row %d: bad or repeated id %s", r,
                      PQgetvalue(res, r, 0));
        seen[id] = 1;
        char expected[32];
        snprintf(expected, sizeof expected, "v%d", id);
        ck_assert_msg(strcmp(PQgetvalue(res, r, 1), expected) == 0, "row %d: id %d has v \"%s\"",
                      r, id, PQgetvalue(res, r, 1));
    }
    free(seen);
    PQclear(res);
    fprintf(stderr, "[slow reader] read all %d rows %.0f ms after sending\n", BIG_ROWS,
            done - sent);
    pgt_expect_alive(slow);
    PQfinish(slow);
    points_close(g);
    free(g);
}
END_TEST

typedef struct writer {
    PGconn *conn;
    int index;
    double took_ms;
    char error[512];
} writer;

static void *write_loop(void *arg)
{
    writer *w = arg;
    double start = now_ms();
    for (int i = 0; i < ROWS_PER_WRITER && w->error[0] == '\0'; i++) {
        char sql[160];
        int id = w->index * 1000 + i;
        snprintf(sql, sizeof sql, "INSERT INTO writes VALUES (%d, %d, 'w%d-%d')", id, w->index,
                 w->index, i);
        PGresult *res = PQexec(w->conn, sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(res), "INSERT 0 1") != 0)
            snprintf(w->error, sizeof w->error, "writer %d: \"%s\": %s %s %s", w->index, sql,
                     PQresStatus(PQresultStatus(res)), PQcmdStatus(res),
                     PQresultErrorMessage(res));
        PQclear(res);
    }
    w->took_ms = now_ms() - start;
    return NULL;
}

START_TEST(concurrent_writers_lose_nothing)
{
    PGconn *conn = pgt_connect(&server, NULL);
    command(conn, "CREATE TABLE writes (id integer PRIMARY KEY, who integer, v text)",
            "CREATE TABLE");
    writer writers[WRITERS];
    pthread_t threads[WRITERS];
    memset(writers, 0, sizeof writers);
    for (int i = 0; i < WRITERS; i++) {
        writers[i].conn = pgt_connect(&server, NULL);
        writers[i].index = i;
    }
    double started = now_ms();
    for (int i = 0; i < WRITERS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, write_loop, &writers[i]), 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(threads[i], NULL);
    double took = now_ms() - started;
    for (int i = 0; i < WRITERS; i++)
        ck_assert_msg(writers[i].error[0] == '\0', "%s", writers[i].error);
    fprintf(stderr, "[writers] %d x %d single-row inserts in %.0f ms (%.0f inserts/s)\n",
            WRITERS, ROWS_PER_WRITER, took, WRITERS * ROWS_PER_WRITER / (took / 1000.0));

    pgt_expect_value(conn, "SELECT count(*) FROM writes", "1600");
    long long sum = 0;
    for (int w = 0; w < WRITERS; w++)
        for (int i = 0; i < ROWS_PER_WRITER; i++)
            sum += w * 1000 + i;
    char expected[32];
    snprintf(expected, sizeof expected, "%lld", sum);
    pgt_expect_value(conn, "SELECT sum(id) FROM writes", expected);
    PGresult *res = PQexec(conn, "SELECT who, count(*), min(id), max(id) FROM writes "
                                 "GROUP BY who ORDER BY who");
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
    ck_assert_int_eq(PQntuples(res), WRITERS);
    for (int w = 0; w < WRITERS; w++) {
        ck_assert_int_eq(atoi(PQgetvalue(res, w, 0)), w);
        ck_assert_int_eq(atoi(PQgetvalue(res, w, 1)), ROWS_PER_WRITER);
        ck_assert_int_eq(atoi(PQgetvalue(res, w, 2)), w * 1000);
        ck_assert_int_eq(atoi(PQgetvalue(res, w, 3)), w * 1000 + ROWS_PER_WRITER - 1);
    }
    PQclear(res);
    pgt_expect_value(conn, "SELECT v FROM writes WHERE id = 7199", "w7-199");
    for (int i = 0; i < WRITERS; i++) {
        pgt_expect_alive(writers[i].conn);
        PQfinish(writers[i].conn);
    }
    /* Healthy: new sessions, the big table intact. */
    pgt_expect_server_serves(&server);
    pgt_expect_value(conn, "SELECT count(*) FROM big", "100000");
    command(conn, "DROP TABLE writes", "DROP TABLE");
    PQfinish(conn);
}
END_TEST

/* Clients that hang up right after sending a write: their statements end while waiting
 * for the sync (the connection closes under them). Nothing crashes, the others go on, and
 * every write that was applied is whole. */
#define HANGUP_ROUNDS 20
#define HANGUP_CLIENTS 10

START_TEST(writers_hanging_up_while_their_commit_syncs)
{
    PGconn *conn = pgt_connect(&server, NULL);
    command(conn, "CREATE TABLE hangups (id integer PRIMARY KEY, v text NOT NULL)",
            "CREATE TABLE");
    for (int round = 0; round < HANGUP_ROUNDS; round++) {
        PGconn *clients[HANGUP_CLIENTS];
        for (int i = 0; i < HANGUP_CLIENTS; i++)
            clients[i] = pgt_connect(&server, NULL);
        for (int i = 0; i < HANGUP_CLIENTS; i++) {
            char sql[128];
            int id = round * HANGUP_CLIENTS + i;
            snprintf(sql, sizeof sql, "INSERT INTO hangups VALUES (%d, 'row %d')", id, id);
            ck_assert_msg(PQsendQuery(clients[i], sql) == 1, "%s", PQerrorMessage(clients[i]));
            ck_assert_int_eq(PQflush(clients[i]), 0);
        }
        for (int i = 0; i < HANGUP_CLIENTS; i++)
            PQfinish(clients[i]);
        pgt_expect_alive(conn);
    }
    PGresult *res = PQexec(conn, "SELECT count(*), (SELECT count(*) FROM hangups "
                                 "WHERE v = 'row ' || id) FROM hangups");
    ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQresultErrorMessage(res));
    int total = atoi(PQgetvalue(res, 0, 0));
    ck_assert_int_le(total, HANGUP_ROUNDS * HANGUP_CLIENTS);
    ck_assert_int_eq(atoi(PQgetvalue(res, 0, 1)), total);
    PQclear(res);
    fprintf(stderr, "[hangups] %d of %d writes applied before their clients left\n", total,
            HANGUP_ROUNDS * HANGUP_CLIENTS);
    pgt_expect_server_serves(&server);
    command(conn, "DROP TABLE hangups", "DROP TABLE");
    PQfinish(conn);
}
END_TEST

static Suite *concurrency_suite(void)
{
    Suite *s = suite_create("concurrency");
    TCase *tc = tcase_create("concurrency");
    tcase_set_timeout(tc, 90);
    tcase_add_unchecked_fixture(tc, setup_server, teardown_server);
    tcase_add_test(tc, heavy_query_does_not_stall_point_selects);
    tcase_add_test(tc, cancel_request_ends_running_statement);
    tcase_add_test(tc, statement_timeout_ends_running_statement);
    tcase_add_test(tc, client_that_stops_reading_does_not_block_others);
    tcase_add_test(tc, concurrent_writers_lose_nothing);
    tcase_add_test(tc, writers_hanging_up_while_their_commit_syncs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pgt_run_suite(concurrency_suite(), &teardown_failed);
}
