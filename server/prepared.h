/*
 * prepared: a session's prepared statements and portals, and SQL's PREPARE, EXECUTE and
 * DEALLOCATE on them.
 *
 * A prepared statement keeps its text and its libpg_query parse tree, so executing it
 * never parses again; parse analysis (name resolution, types, the plan) runs again at
 * every execution on the current catalog, and a result shape that changed since PREPARE
 * fails with 0A000 as in PostgreSQL. Statements made by the protocol's Parse and by SQL
 * PREPARE share one table. A portal is a statement bound to parameter values and result
 * formats; it lives until it is closed or its transaction ends. Knows nothing of sockets:
 * server/extended turns protocol messages into these calls.
 */
#ifndef QUILL_SERVER_PREPARED_H
#define QUILL_SERVER_PREPARED_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "protocol/message_writer.h"
#include "query/execute.h"
#include "query/parse.h"
#include "server/session.h"

typedef struct prepared_statement {
    char *name; /* "" for the unnamed statement */
    char *text; /* the text the tree's locations point into */
    size_t length;
    cJSON *tree;
    parsed_statement statement; /* kind "" for an empty query string */
    char *run_as;               /* EXECUTE AS USER's user (the statement's run_as), or NULL */
    int param_count;
    uint32_t *param_types;
    bool described;    /* the result columns below are known */
    bool returns_rows; /* RowDescription rather than NoData */
    int column_count;
    result_column *columns; /* names owned */
    int references;         /* the table's and each portal's */
    struct prepared_statement *next;
} prepared_statement;

typedef struct portal {
    char *name; /* "" for the unnamed portal */
    prepared_statement *statement;
    uint64_t transaction; /* session->transactions_ended when bound */
    arena *memory;        /* the bound values */
    const value *values;
    int16_t *formats; /* per result column: 0 text, 1 binary */
    bool ran;
    /* Rows past an Execute's row limit, kept as DataRow messages for the next Execute. */
    message_writer pending;
    size_t pending_offset;
    char tag[COMMAND_TAG_MAX]; /* the command tag without its row count */
    bool tag_counts;           /* the tag ends with a row count */
    struct portal *next;
} portal;

typedef struct prepared_store prepared_store;

prepared_store *prepared_store_create(void);
void prepared_store_destroy(prepared_store *store);

/* The statement, or NULL. */
prepared_statement *prepared_find(session *s, const char *name);
/* Analyses the parsed statement as PostgreSQL's Parse does (parameter types inferred
 * where declared_types has 0, 42P18 where none can be; result columns) and stores it
 * under name, replacing the unnamed statement. text and tree become the statement's.
 * The caller checked that a named statement does not exist yet. */
prepared_statement *prepared_create(session *s, query_context *ctx, const char *name, char *text,
                                    size_t length, cJSON *tree, const parsed_statement *statement,
                                    const uint32_t *declared_types, int declared_count);
/* Forgets a statement (its portals keep it until they go). */
void prepared_drop(session *s, prepared_statement *ps);
void prepared_release(prepared_statement *ps);
/* DEALLOCATE ALL. */
void prepared_drop_all(session *s);
/* Result columns for statements analysed lazily (SHOW, EXECUTE): false with the error
 * in ctx. */
bool prepared_describe(session *s, query_context *ctx, prepared_statement *ps);

/* A sink that checks the columns against the statement's before passing them on
 * ("cached plan must not change result type"). state must outlive the statement run. */
typedef struct result_check {
    const prepared_statement *statement;
    const result_sink *inner;
} result_check;
void prepared_checking_sink(result_check *state, result_sink *out);

/* Portals of transactions that have ended are gone; these never return them. */
portal *prepared_find_portal(session *s, const char *name);
/* A new portal for the statement (replacing the unnamed portal); NULL if out of memory. */
portal *prepared_create_portal(session *s, const char *name, prepared_statement *ps);
void prepared_drop_portal(session *s, portal *p);
/* Frees the portals of ended transactions. */
void prepared_drop_stale_portals(session *s);
/* A Simple Query forgets the unnamed statement and portal, as PostgreSQL's does. */
void prepared_drop_unnamed(session *s);

/* SQL: PREPARE name [(types)] AS statement; DEALLOCATE [PREPARE] name | ALL. */
bool prepared_sql_prepare(session *s, query_context *ctx, const cJSON *node,
                          char tag[COMMAND_TAG_MAX]);
bool prepared_sql_deallocate(session *s, query_context *ctx, const cJSON *node,
                             char tag[COMMAND_TAG_MAX]);
/* EXECUTE name (args): the statement and its parameters' values (in ctx's arena). */
bool prepared_sql_execute_params(session *s, query_context *ctx, const cJSON *node,
                                 prepared_statement **out, query_params *params);

#endif
