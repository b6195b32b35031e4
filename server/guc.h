/*
 * guc: a session's run-time settings (PostgreSQL's "grand unified configuration").
 *
 * Owns the table of settings QuillDB knows (name, default, validation, whether the
 * client is told of changes through ParameterStatus), each session's values, and their
 * transactional behaviour: SET inside a transaction is undone by ROLLBACK, SET LOCAL
 * lasts until the transaction ends, RESET returns to the value the connection started
 * with. Placeholder settings with a dot in the name ("myapp.mode") are kept as strings.
 * Knows nothing of sockets or SQL parsing: values arrive as strings.
 */
#ifndef QUILL_SERVER_GUC_H
#define QUILL_SERVER_GUC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct guc_state guc_state;

typedef struct guc_error {
    char sqlstate[6];
    char message[512];
    char detail[256];
    char hint[256];
} guc_error;

/* session_user and is_superuser fill the read-only settings that describe the session. */
guc_state *guc_create(const char *session_user, bool is_superuser);
void guc_destroy(guc_state *g);

typedef enum guc_scope {
    GUC_SCOPE_SESSION,  /* SET, or a startup parameter */
    GUC_SCOPE_LOCAL,    /* SET LOCAL: until the end of the transaction */
    GUC_SCOPE_STARTUP,  /* startup packet: also becomes the RESET value */
} guc_scope;

/* value NULL means DEFAULT (SET x TO DEFAULT / RESET x). */
bool guc_set(guc_state *g, const char *name, const char *value, guc_scope scope,
             guc_error *error);
/* Sets a setting that guc_set refuses as read-only because its value must be checked by
 * the caller first: role, once the session has checked SET ROLE's permission. */
bool guc_set_checked(guc_state *g, const char *name, const char *value, guc_scope scope,
                     guc_error *error);
/* is_superuser follows the effective role, which SET ROLE changes. */
void guc_set_superuser(guc_state *g, bool is_superuser);
bool guc_reset_all(guc_state *g);

/* Current value for SHOW; NULL (and 42704 in *error) if unknown. *canonical_name is the
 * spelling SHOW uses as column name ("DateStyle"). */
const char *guc_show(const guc_state *g, const char *name, const char **canonical_name,
                     guc_error *error);
int guc_get_int(const guc_state *g, const char *name);
/* A memory setting (work_mem) in kilobytes. */
int64_t guc_get_kilobytes(const guc_state *g, const char *name);
/* A time setting (statement_timeout) in milliseconds. */
int64_t guc_get_milliseconds(const guc_state *g, const char *name);

/* Iterates the settings SHOW ALL lists, in name order (role is not among them). */
size_t guc_count(const guc_state *g);
bool guc_at(const guc_state *g, size_t index, const char **name, const char **value,
            const char **description);

/* Transaction boundaries: commit keeps SET values, rollback restores them; both drop
 * SET LOCAL values. */
void guc_transaction_begin(guc_state *g);
void guc_transaction_commit(guc_state *g);
void guc_transaction_rollback(guc_state *g);

/* Savepoints, numbered from 0 as the transaction's: define remembers the settings (false:
 * out of memory); rollback restores them as they were at savepoint index, which stays
 * (false: out of memory, nothing changed);
 * release forgets index and the later ones, keeping the values. */
bool guc_savepoint_define(guc_state *g);
bool guc_savepoint_rollback(guc_state *g, size_t index);
void guc_savepoint_release(guc_state *g, size_t index);

/* Calls report(name, value) for each reported setting whose value changed since the last
 * call (all of them on the first call), for ParameterStatus messages. */
void guc_report_changes(guc_state *g, void (*report)(void *arg, const char *name,
                                                     const char *value),
                        void *arg);

/* A Boolean setting's value as PostgreSQL reads it (on, off, true, yes, 1, prefixes...);
 * false if it is none. */
bool guc_parse_bool(const char *text, bool *value);

/* Does the setting take a list (SET x = a, b)? */
bool guc_is_list(const char *name);
/* Are a list's items identifiers, quoted when needed (search_path)? */
bool guc_list_quotes_items(const char *name);

#endif
