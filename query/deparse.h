/*
 * deparse: SQL text for a stored expression parse tree (a column's DEFAULT), for
 * system.columns.
 *
 * Prints the libpg_query JSON tree of an expression the way PostgreSQL's ruleutils prints
 * expressions (operators and tests parenthesised, keywords in capitals), but from the raw
 * tree: no casts are added that were not written. Covers the node kinds the expression
 * analyser accepts in a DEFAULT; anything else fails with 0A000 naming the node kind.
 */
#ifndef QUILL_QUERY_DEPARSE_H
#define QUILL_QUERY_DEPARSE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "query/query_context.h"

/* An identifier as PostgreSQL's quote_identifier prints it (keywords aside): quoted
 * unless it is lower-case letters, digits and underscores. NULL when out of memory. */
const char *deparse_identifier(query_context *ctx, const char *name);

/* *out receives the text, in the context's arena (nothing of it points into the tree). */
bool deparse_expression(query_context *ctx, const cJSON *node, const char **out);

#endif
