/*
 * parse: SQL text -> the list of statements, through libpg_query (the real PostgreSQL
 * grammar) and its JSON parse tree read with cJSON.
 *
 * Owns the call into libpg_query, the mapping of its errors to SQLSTATEs and positions,
 * and small readers for parse-tree nodes (node kind, integer constants) that paper over
 * the JSON form's quirks. The tree is freed in one call; nothing here interprets SQL.
 */
#ifndef QUILL_QUERY_PARSE_H
#define QUILL_QUERY_PARSE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "query/query_context.h"

typedef struct parsed_statement {
    const char *kind;  /* node name: "SelectStmt", "VariableSetStmt", ... */
    const cJSON *node; /* the statement's fields */
    int location;      /* byte offset of the statement in the query text */
    int length;        /* byte length, up to (not including) the ';' */
    /* EXECUTE AS USER 'name' ( statement ): the role the statement runs as, set by the
     * KalamDB-dialect front end; NULL for a plain statement. The server checks that the
     * session may act as the role and restores the effective role afterwards. */
    const char *run_as;
} parsed_statement;

typedef struct parse_result {
    cJSON *tree;
    parsed_statement *statements; /* in the context's arena */
    int count;
} parse_result;

/* Parses the context's query text. Errors: 42601 with the position, 54001 for a tree
 * nested too deeply to read. */
bool query_parse(query_context *ctx, parse_result *out);
void parse_result_free(parse_result *result);

/* For a node wrapper {"Kind": {...}}: the kind name and the fields. */
const char *node_kind(const cJSON *wrapper);
const cJSON *node_fields(const cJSON *wrapper);
/* The field `name` of a node's fields, or NULL. */
const cJSON *node_get(const cJSON *fields, const char *name);
const char *node_get_string(const cJSON *fields, const char *name);
int node_get_int(const cJSON *fields, const char *name, int fallback);
bool node_get_bool(const cJSON *fields, const char *name);
/* The sval of a {"String": {"sval": ...}} node, or NULL. */
const char *node_string_value(const cJSON *wrapper);

/* The value of an A_Const integer ({"ival": {"ival": N}}). libpg_query's JSON output
 * omits zero and negative integers ({"ival": {}}); they are recovered from the query
 * text at the constant's location. */
bool node_integer_constant(const query_context *ctx, const cJSON *a_const, int64_t *out);

#endif
