/*
 * query_context: what one statement runs with, and how it fails.
 *
 * The session (server/) fills a query_context before each statement: the arena, the
 * names current_user and current_database() report, the output settings, the query
 * text (for error positions). On failure a query function records one sql_error here
 * and returns false; the server turns it into an ErrorResponse. Nothing in query/ sends
 * anything to a client.
 */
#ifndef QUILL_QUERY_QUERY_CONTEXT_H
#define QUILL_QUERY_QUERY_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "query/arena.h"
#include "query/datetime.h"

/* SQLSTATEs we raise, named as PostgreSQL's errcodes.txt names them. */
#define SQLSTATE_SYNTAX_ERROR "42601"
#define SQLSTATE_UNDEFINED_COLUMN "42703"
#define SQLSTATE_UNDEFINED_FUNCTION "42883"
#define SQLSTATE_UNDEFINED_OBJECT "42704"
#define SQLSTATE_AMBIGUOUS_FUNCTION "42725"
#define SQLSTATE_DATATYPE_MISMATCH "42804"
#define SQLSTATE_CANNOT_COERCE "42846"
#define SQLSTATE_INVALID_TEXT_REPRESENTATION "22P02"
#define SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE "22003"
#define SQLSTATE_DIVISION_BY_ZERO "22012"
#define SQLSTATE_STRING_DATA_RIGHT_TRUNCATION "22001"
#define SQLSTATE_INVALID_PARAMETER_VALUE "22023"
#define SQLSTATE_FEATURE_NOT_SUPPORTED "0A000"
#define SQLSTATE_OUT_OF_MEMORY "53200"
#define SQLSTATE_STATEMENT_TOO_COMPLEX "54001"
#define SQLSTATE_QUERY_CANCELED "57014"
#define SQLSTATE_INTERNAL_ERROR "XX000"
#define SQLSTATE_PROTOCOL_VIOLATION "08P01"
#define SQLSTATE_UNDEFINED_TABLE "42P01"
#define SQLSTATE_UNDEFINED_SCHEMA "3F000"
#define SQLSTATE_DUPLICATE_TABLE "42P07"
#define SQLSTATE_DUPLICATE_SCHEMA "42P06"
#define SQLSTATE_DUPLICATE_COLUMN "42701"
#define SQLSTATE_INVALID_TABLE_DEFINITION "42P16"
#define SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST "2BP01"
#define SQLSTATE_INSUFFICIENT_PRIVILEGE "42501"
#define SQLSTATE_DUPLICATE_OBJECT "42710"
#define SQLSTATE_OBJECT_IN_USE "55006"
#define SQLSTATE_INVALID_AUTHORIZATION "28000"
#define SQLSTATE_RESERVED_NAME "42939"
#define SQLSTATE_IO_ERROR "58030"
#define SQLSTATE_DATA_CORRUPTED "XX001"
#define SQLSTATE_UNIQUE_VIOLATION "23505"
#define SQLSTATE_NOT_NULL_VIOLATION "23502"
#define SQLSTATE_UNDEFINED_PARAMETER "42P02"
#define SQLSTATE_AMBIGUOUS_PARAMETER "42P08"
#define SQLSTATE_INDETERMINATE_DATATYPE "42P18"
#define SQLSTATE_INVALID_BINARY_REPRESENTATION "22P03"
#define SQLSTATE_SERIALIZATION_FAILURE "40001"
#define SQLSTATE_READ_ONLY_SQL_TRANSACTION "25006"

typedef struct sql_error {
    char sqlstate[6];
    const char *message;
    const char *detail;
    const char *hint;
    const char *context; /* where the error arose, e.g. "JSON data, line 1: ..." */
    int position; /* 1-based character position in the query text, 0 = none */
    /* The object the error is about, as PostgreSQL reports it (fields s, t, c, n). */
    const char *schema_name;
    const char *table_name;
    const char *column_name;
    const char *constraint_name;
} sql_error;

struct value;
struct expr;
struct query_context;
struct session_activity;
struct copy_channel;

/* Receives one live session (system.sessions); false stops the listing (error recorded). */
typedef bool (*session_visitor)(void *visit_arg, struct query_context *ctx,
                                const struct session_activity *activity);

/* The session's run-time settings, for current_setting, set_config and pg_settings
 * (server/ installs them). */
typedef struct setting_hooks {
    /* The value, copied into the arena; NULL with 42704 recorded (none with missing_ok). */
    const char *(*get)(void *arg, struct query_context *ctx, const char *name, bool missing_ok);
    /* SET (SET LOCAL with is_local) name = value; the error recorded on failure. Settings
     * the context holds (search_path, TimeZone, ...) are applied to it again. */
    bool (*set)(void *arg, struct query_context *ctx, const char *name, const char *value,
                bool is_local);
    /* The index-th setting SHOW ALL lists; false past the end. */
    bool (*at)(void *arg, size_t index, const char **name, const char **value,
               const char **description);
} setting_hooks;

/* A relation a query reads: a stored table, or the rows of a system table, subquery or WITH
 * query (described as a table). Expressions read column c of relation r as current_rows[r][c]. */
typedef struct scope_relation {
    const char *name; /* the alias, or the table's name */
    const catalog_table *table;
    /* A system table's schema (it belongs to no catalog namespace); NULL otherwise. */
    const char *system_schema;
} scope_relation;

/* How a column JOIN ... USING (or NATURAL JOIN) merges from its two sides reads: the left
 * side's value, the right side's, or (FULL JOIN) the first of them that is not NULL. */
typedef enum scope_merge { SCOPE_MERGE_LEFT, SCOPE_MERGE_RIGHT, SCOPE_MERGE_COALESCE } scope_merge;

/* An output column of a FROM item: a relation's column (relation >= 0), or a merged one
 * (relation -1) reading its sides' columns in their common type. */
typedef struct scope_column {
    const char *name;
    int relation;
    int column;
    const struct scope_column *left, *right;
    scope_merge merge;
    uint32_t type;
    int32_t typmod;
    bool system; /* _seq, _deleted: named only, never in "*", NATURAL or column aliases */
} scope_column;

/* A name column references resolve through (PostgreSQL's namespace item): a relation, or
 * a join, whose columns are its output columns. An item may be reachable by its name
 * (qualified references), by its columns (unqualified ones), both or neither: a join
 * without alias hides its inputs' columns behind its own, an alias hides the inputs
 * altogether. Unreachable items stay listed, for the hints of name errors. */
typedef struct scope_item {
    const char *name;             /* NULL for a join without alias */
    const scope_column *columns;  /* NULL: the relation's table columns, as they are */
    int column_count;
    int relation;                 /* the relation it is, -1 for a join */
    bool has_alias;               /* a relation referred to by an alias */
    bool in_range_table;          /* false for a USING alias, which names no entry of its own */
    bool name_visible;
    bool columns_visible;
} scope_item;

#define SCOPE_MAX_AGGREGATES 256

/* What expressions being analysed can reference, and the aggregate calls found in them. */
typedef struct analyze_scope {
    scope_relation *relations;
    int relation_count;
    /* The FROM items read so far, in order (NULL: each relation is an item, visible by
     * name and columns). Names resolve through items [visible_begin, visible_end). */
    scope_item *items;
    int item_count;
    int visible_begin, visible_end;
    bool aggregates_allowed;
    const char *aggregates_forbidden_in; /* "WHERE", ... for the error message */
    /* Set for a DEFAULT: PostgreSQL refuses column references and subqueries there. */
    const char *columns_and_subqueries_forbidden_in;
    struct expr *aggregates[SCOPE_MAX_AGGREGATES];
    int aggregate_count;
    /* Window function calls are allowed (select list, ORDER BY), and the calls found;
     * window_clause is the query's WINDOW list (named windows). */
    bool windows_allowed;
    const char *windows_forbidden_in; /* NULL: as aggregates_forbidden_in */
    struct expr *windows[SCOPE_MAX_AGGREGATES];
    int window_count;
    const struct cJSON *window_clause;
    /* Set-returning functions are allowed (in a select list), and the calls found. */
    bool set_functions_allowed;
    struct expr *set_functions[SCOPE_MAX_AGGREGATES];
    int set_function_count;
    /* A subquery's enclosing query: its columns may be referenced (correlation). */
    struct analyze_scope *parent;
    struct value **outer_rows; /* the enclosing query's row when this one started */
    bool correlated;           /* something here reads an enclosing query's columns */
} analyze_scope;

/* A statement waiting for something another session releases (a lock). */
typedef struct park_request {
    bool woken;               /* set by the releasing side before it calls wake */
    void (*wake)(void *arg);  /* set by the park hook */
    void *wake_arg;
    /* Set by the waiting side (NULL: none): the park hook calls it once the wait has
     * lasted deadlock_timeout; false (error recorded) ends the wait. */
    bool (*check_deadlock)(void *arg, struct query_context *ctx);
    void *check_deadlock_arg;
} park_request;

/* The parameters $1..$n of a prepared statement. While a statement is analysed for
 * Parse or PREPARE (values NULL), a parameter whose type is still TYPE_UNKNOWN takes the
 * type of the first context that coerces it, and with `infer` set a reference past count
 * adds parameters (arena memory). With values, each parameter is its bound value. */
typedef struct query_params {
    int count;
    uint32_t *types;
    const struct value *values; /* count values, or NULL while only analysing */
    bool infer;
} query_params;

/* $n beyond this is "there is no parameter $n": Bind counts parameters in 16 bits. */
#define QUERY_PARAMS_MAX 65535

typedef struct query_context {
    arena *arena;
    const char *query_text;
    size_t query_length;

    const char *current_user;
    const char *session_user;
    const char *database;
    int extra_float_digits;
    bool bytea_output_escape; /* bytea_output = escape: bytea text in the escape format */
    size_t work_mem_bytes; /* limit for one sort, grouping or DISTINCT (0: none) */
    datetime_context datetime; /* TimeZone, DateStyle's field order, transaction start */

    catalog *catalog;
    struct kv_store *store;
    /* Who runs the statement. The effective role is what SET ROLE or EXECUTE AS made
     * current (the session user otherwise): it owns what the statement creates, every
     * permission check asks about it, and it is the user whose rows per-user tables show. */
    uint64_t role_id;
    role_kind current_role;
    uint64_t session_role_id; /* the role that logged in: session_user */
    role_kind session_role;
    const char *search_path; /* the search_path setting's text */
    /* Sends a NOTICE/WARNING to the client (level is "NOTICE" or "WARNING"). */
    void (*notice)(void *arg, const char *level, const char *sqlstate, const char *message,
                   const char *detail);
    void *notice_arg;
    /* Lists the server's live sessions for system.sessions (server/ installs it; NULL:
     * there are none to list). */
    bool (*list_sessions)(void *arg, struct query_context *ctx, session_visitor visit,
                          void *visit_arg);
    void *list_sessions_arg;
    /* NULL: no session settings to read (current_setting fails with 42704). */
    const setting_hooks *settings;
    void *settings_arg;
    int32_t backend_pid; /* the process id BackendKeyData reported: pg_backend_pid() */

    analyze_scope *scope;        /* NULL: no FROM clause */
    struct cte_binding *ctes;    /* WITH queries in effect (from.c) */
    struct sequence_memory *sequences; /* the session's currval values */
    struct value **current_rows; /* per scope relation: the row being evaluated */
    struct value *aggregate_values; /* per scope aggregate: the current group's result */
    struct value *window_values;    /* per scope window call: the current row's result */
    const struct value *sublink_value; /* the subquery row an ANY/ALL comparison is testing */
    bool subquery_correlated;          /* set while running a subquery that reads outer columns */

    /* Called every few hundred rows: may pause the statement (the server serves other
     * sessions meanwhile) and fails it when canceled or past statement_timeout. */
    bool (*interrupt_check)(void *arg, struct query_context *ctx);
    void *interrupt_arg;
    int write_depth; /* > 0 while a statement holds unapplied writes: never paused */
    /* Set by the server: the statement's batch was applied without sync; returns once it
     * is durable (the statement may pause meanwhile), false with the error recorded if it
     * could not be made so. NULL: batches are written with sync instead. */
    bool (*await_durable)(void *arg, struct query_context *ctx);
    void *await_durable_arg;
    /* Set by the server: parks the statement until request->woken; false with the error
     * recorded (55P03 lock_timeout, 57014 cancel or statement_timeout, 57P01 closing) if
     * the wait ended otherwise. NULL: the statement cannot wait. */
    bool (*park)(void *arg, struct query_context *ctx, park_request *request);
    void *park_arg;
    struct transaction *transaction; /* the session's transaction */
    /* The session's advisory locks (query/session_functions.h); NULL: none can be taken. */
    struct advisory_holder *advisory;
    /* Set by the server: queues NOTIFY channel, payload for the transaction's commit;
     * false with the error recorded. NULL: there is no session to notify from. */
    bool (*notify)(void *arg, struct query_context *ctx, const char *channel,
                   size_t channel_length, const char *payload, size_t payload_length);
    void *notify_arg;
    bool in_transaction_block;       /* BEGIN ... or a string of several statements */
    bool read_only;                  /* a READ ONLY transaction: writes fail with 25006 */
    /* The client end of COPY FROM STDIN / TO STDOUT (query/copy.h), set by the server;
     * NULL: there is no client to copy with. */
    const struct copy_channel *copy;
    void *copy_arg;
    unsigned rows_since_check;

    query_params *params; /* NULL: the statement has no parameters */
    /* Analyse the statement and report its result columns to the sink, but read and
     * write nothing (Parse and Describe of the extended protocol). */
    bool describe_only;

    int depth; /* analysis recursion depth, bounded (54001) */
    sql_error error;
} query_context;

/* A scope's items, whether it lists them or has bare relations: how many, the range names
 * resolve through, item i, and column c of an item (false for a dropped column). */
int scope_item_count(const analyze_scope *scope);
void scope_visible_range(const analyze_scope *scope, int *begin, int *end);
scope_item scope_item_at(const analyze_scope *scope, int index);
int scope_item_column_count(const analyze_scope *scope, const scope_item *item);
bool scope_item_column(const analyze_scope *scope, const scope_item *item, int index,
                       scope_column *out);

/* Records the error (message formatted into the arena) and returns false, so callers can
 * write `return query_fail(...)`. location is a byte offset into the query text, -1 = none. */
bool query_fail(query_context *ctx, const char *sqlstate, int location, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds detail, hint or context to the error just recorded; returns false likewise. */
bool query_fail_hint(query_context *ctx, const char *hint);
bool query_fail_detail(query_context *ctx, const char *detail);
bool query_fail_context(query_context *ctx, const char *context);
bool query_fail_no_memory(query_context *ctx);
/* Names the object of the error just recorded (any may be NULL); returns false. */
bool query_fail_object(query_context *ctx, const char *schema, const char *table,
                       const char *column, const char *constraint);
/* Records 0A000 "feature not supported: <feature>". */
bool query_fail_unsupported(query_context *ctx, int location, const char *feature);
/* Maps a failed catalog or storage call to its SQLSTATE (58030, 53200, XX001). */
bool query_fail_catalog(query_context *ctx, catalog_status status, char *error);
void query_notice(query_context *ctx, const char *level, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void query_notice_detail(query_context *ctx, const char *level, const char *sqlstate,
                         const char *detail, const char *message);

/* Counts a unit of work; every few hundred calls the interrupt hook runs. false = the
 * statement must stop (the error is recorded). */
bool query_check_interrupts(query_context *ctx);

/* Byte offset -> PostgreSQL's 1-based character position (UTF-8 aware). */
int query_character_position(const char *text, size_t length, int byte_offset);

#endif
