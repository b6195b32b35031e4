/*
 * catalog: the persistent description of the database, stored as cJSON records under
 * catalog keys (0x01 <kind> <id>) in the data directory's LevelDB.
 *
 * This slice owns the database record (format version, creation time, the secret used
 * for mock authentication of unknown users) and the roles with their SCRAM verifiers.
 * Records are loaded once at open and kept in memory; every change is written through in
 * one synced batch before the in-memory copy changes. Must not know about sessions,
 * sockets or SQL text.
 */
#ifndef QUILL_CATALOG_CATALOG_H
#define QUILL_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/kv.h"

typedef enum catalog_status {
    CATALOG_OK = 0,
    CATALOG_NOT_FOUND,
    CATALOG_DUPLICATE,
    CATALOG_IO_ERROR, /* 58030 */
    CATALOG_CORRUPT,  /* a record that does not parse: XX001 */
    CATALOG_NO_MEMORY,
} catalog_status;

/* Record kinds: the second byte of a catalog key. */
enum catalog_kind {
    CATALOG_KIND_DATABASE = 0x01,
    CATALOG_KIND_NAMESPACE = 0x02,
    CATALOG_KIND_TABLE = 0x03,
    CATALOG_KIND_ROLE = 0x04,
};

/* DESIGN.md, "Roles". */
typedef enum role_kind {
    ROLE_USER = 0,
    ROLE_SERVICE,
    ROLE_DBA,
    ROLE_SYSTEM,
} role_kind;

#define CATALOG_NAME_MAX 63 /* NAMEDATALEN - 1, as PostgreSQL truncates identifiers */
#define CATALOG_AUTH_SECRET_LEN 32

typedef struct catalog_role {
    uint64_t id;
    char name[CATALOG_NAME_MAX + 1];
    role_kind kind;
    char *scram_verifier; /* NULL: cannot log in with a password */
} catalog_role;

typedef struct catalog catalog;

/* Loads the database record and the roles. A fresh store opens as "not initialised". */
catalog_status catalog_open(kv_store *store, catalog **out, char **error);
void catalog_close(catalog *c);

bool catalog_is_initialized(const catalog *c);
/* Writes the database record, the public namespace and the bootstrap superuser (role
 * system) in one synced batch. verifier may be NULL (trust-only installations). */
catalog_status catalog_initialize(catalog *c, const char *superuser, const char *verifier,
                                  char **error);

const uint8_t *catalog_auth_secret(const catalog *c);
/* Changes whenever a record changes: sessions compare it to rebuild their views. */
uint64_t catalog_version(const catalog *c);

/* The role by exact name, or NULL. Valid until the next catalog change. */
const catalog_role *catalog_find_role(const catalog *c, const char *name);
const char *role_kind_name(role_kind kind);

const char *catalog_status_message(catalog_status status);

#endif
