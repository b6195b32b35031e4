/*
 * dialect: the KalamDB-dialect front end. Rewrites the dialect statements of a query
 * string into their PostgreSQL forms before the string is parsed, and leaves every other
 * byte as it was.
 *
 * Decisions are made on pg_query_scan() tokens (libpg_query's own scanner), never by
 * matching raw text, so comments, quoted identifiers and string literals are seen for
 * what they are. Statement boundaries are the ';' tokens outside parentheses. Each
 * rewrite is recorded as an edit, so that an error position in the rewritten text can be
 * mapped back to the text the client sent. Knows nothing of the catalog: what the
 * rewritten statements mean is decided when they run. The forms and what they become are
 * listed in docs/dialect.md.
 */
#ifndef QUILL_QUERY_DIALECT_H
#define QUILL_QUERY_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

#include "query/query_context.h"

/* One replaced range: bytes [original_start, original_end) of the client's text became
 * bytes [rewritten_start, rewritten_end) of the rewritten text. */
typedef struct dialect_edit {
    size_t original_start, original_end;
    size_t rewritten_start, rewritten_end;
} dialect_edit;

/* EXECUTE AS USER 'u' ( statement ): the wrapper is blanked out (replaced by as many
 * spaces), so the inner statement parses as an ordinary statement of the string. */
typedef struct dialect_impersonation {
    const char *user;  /* the user named, as a catalog name */
    size_t location;   /* byte offset of EXECUTE (rewritten text = original offsets + shifts) */
} dialect_impersonation;

typedef struct dialect_rewrite {
    const char *text; /* NUL-terminated; the original text itself when nothing changed */
    size_t length;
    const char *original;
    size_t original_length;
    dialect_edit *edits; /* in text order */
    int edit_count;
    dialect_impersonation *impersonations; /* in text order */
    int impersonation_count;
} dialect_rewrite;

/* Rewrites text (NUL-terminated at length) into ctx's arena. Text the scanner rejects
 * (an unterminated quote, say) is passed through unchanged for the parser to report.
 * Errors: 22023 for an unknown role in CREATE USER ... ROLE, 42601 for an EXECUTE AS USER that does not wrap exactly one statement, 0A000 for a
 * nested EXECUTE AS USER. */
bool dialect_rewrite_query(query_context *ctx, const char *text, size_t length,
                           dialect_rewrite *out);

/* The character position in the original text (1-based, 0 = none) of a character position
 * in the rewritten text. A position inside text the rewrite generated maps to the start of
 * the dialect words it replaced. */
int dialect_original_position(const dialect_rewrite *r, int rewritten_position);

/* The EXECUTE AS USER wrapping the statement at [location, location + length) of the
 * rewritten text, or NULL. */
const dialect_impersonation *dialect_impersonation_at(const dialect_rewrite *r, int location,
                                                      int length);

#endif
