#include "catalog/catalog.h"

#include <cjson/cJSON.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storage/key_encoding.h"

#define CATALOG_FORMAT_VERSION 1
/* The public namespace exists from initialisation on; its id is fixed. */
#define PUBLIC_NAMESPACE_ID 1
#define FIRST_ROLE_ID 10

struct catalog {
    kv_store *store;
    bool initialized;
    uint8_t auth_secret[CATALOG_AUTH_SECRET_LEN];
    uint64_t version;
    catalog_role *roles;
    size_t role_count;
};

static void record_key(key_buffer *k, enum catalog_kind kind, uint64_t id)
{
    key_init(k);
    key_append_byte(k, KEY_SPACE_CATALOG);
    key_append_byte(k, (uint8_t)kind);
    key_append_uint64(k, id);
}

static const char *const role_kind_names[] = {"user", "service", "dba", "system"};

const char *role_kind_name(role_kind kind)
{
    return role_kind_names[kind];
}

static bool role_kind_parse(const char *s, role_kind *out)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(role_kind_names[i], s) == 0) {
            *out = (role_kind)i;
            return true;
        }
    }
    return false;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static catalog_status load_database_record(catalog *c, const char *json, size_t length)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    if (root == NULL)
        return CATALOG_CORRUPT;
    catalog_status status = CATALOG_CORRUPT;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *secret = cJSON_GetObjectItemCaseSensitive(root, "auth_secret");
    if (cJSON_IsNumber(format) && format->valueint == CATALOG_FORMAT_VERSION &&
        cJSON_IsString(secret) && strlen(secret->valuestring) == 2 * CATALOG_AUTH_SECRET_LEN) {
        status = CATALOG_OK;
        for (int i = 0; i < CATALOG_AUTH_SECRET_LEN; i++) {
            int hi = hex_value(secret->valuestring[2 * i]);
            int lo = hex_value(secret->valuestring[2 * i + 1]);
            if (hi < 0 || lo < 0) {
                status = CATALOG_CORRUPT;
                break;
            }
            c->auth_secret[i] = (uint8_t)(hi << 4 | lo);
        }
    }
    cJSON_Delete(root);
    return status;
}

static catalog_status parse_role(const char *json, size_t length, catalog_role *out)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    if (root == NULL)
        return CATALOG_CORRUPT;
    catalog_status status = CATALOG_CORRUPT;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "role");
    const cJSON *verifier = cJSON_GetObjectItemCaseSensitive(root, "scram_verifier");
    memset(out, 0, sizeof *out);
    if (cJSON_IsNumber(id) && cJSON_IsString(name) &&
        strlen(name->valuestring) <= CATALOG_NAME_MAX && cJSON_IsString(kind) &&
        role_kind_parse(kind->valuestring, &out->kind)) {
        out->id = (uint64_t)id->valuedouble;
        memcpy(out->name, name->valuestring, strlen(name->valuestring) + 1);
        status = CATALOG_OK;
        if (cJSON_IsString(verifier)) {
            out->scram_verifier = strdup(verifier->valuestring);
            if (out->scram_verifier == NULL)
                status = CATALOG_NO_MEMORY;
        }
    }
    cJSON_Delete(root);
    return status;
}

static catalog_status load_roles(catalog *c, char **error)
{
    key_buffer start;
    key_init(&start);
    key_append_byte(&start, KEY_SPACE_CATALOG);
    key_append_byte(&start, CATALOG_KIND_ROLE);
    kv_iterator *it = kv_iterator_create(c->store);
    if (it == NULL)
        return CATALOG_NO_MEMORY;
    catalog_status status = CATALOG_OK;
    for (kv_iterator_seek(it, start.bytes, start.length); kv_iterator_valid(it);
         kv_iterator_next(it)) {
        size_t key_length, value_length;
        const char *key = kv_iterator_key(it, &key_length);
        if (key_length < start.length || memcmp(key, start.bytes, start.length) != 0)
            break;
        const char *value = kv_iterator_value(it, &value_length);
        catalog_role *grown = realloc(c->roles, (c->role_count + 1) * sizeof *grown);
        if (grown == NULL) {
            status = CATALOG_NO_MEMORY;
            break;
        }
        c->roles = grown;
        status = parse_role(value, value_length, &c->roles[c->role_count]);
        if (status != CATALOG_OK)
            break;
        c->role_count++;
    }
    if (status == CATALOG_OK && kv_iterator_status(it, error) != KV_OK)
        status = CATALOG_IO_ERROR;
    kv_iterator_destroy(it);
    return status;
}

catalog_status catalog_open(kv_store *store, catalog **out, char **error)
{
    *out = NULL;
    catalog *c = calloc(1, sizeof *c);
    if (c == NULL)
        return CATALOG_NO_MEMORY;
    c->store = store;
    c->version = 1;

    key_buffer k;
    record_key(&k, CATALOG_KIND_DATABASE, 0);
    char *value = NULL;
    size_t value_length = 0;
    kv_status ks = kv_get(store, k.bytes, k.length, &value, &value_length, error);
    catalog_status status = CATALOG_OK;
    if (ks == KV_OK) {
        status = load_database_record(c, value, value_length);
        free(value);
        if (status == CATALOG_OK) {
            c->initialized = true;
            status = load_roles(c, error);
        }
    } else if (ks != KV_NOT_FOUND) {
        status = ks == KV_NO_MEMORY ? CATALOG_NO_MEMORY : CATALOG_IO_ERROR;
    }
    if (status != CATALOG_OK) {
        catalog_close(c);
        return status;
    }
    *out = c;
    return CATALOG_OK;
}

void catalog_close(catalog *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->role_count; i++)
        free(c->roles[i].scram_verifier);
    free(c->roles);
    free(c);
}

bool catalog_is_initialized(const catalog *c)
{
    return c->initialized;
}

static void iso_timestamp(char *out, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Serialises a cJSON record into the batch; false on allocation failure. */
static bool batch_put_record(kv_batch *batch, enum catalog_kind kind, uint64_t id, cJSON *record)
{
    if (record == NULL)
        return false;
    char *json = cJSON_PrintUnformatted(record);
    if (json == NULL)
        return false;
    key_buffer k;
    record_key(&k, kind, id);
    kv_batch_put(batch, k.bytes, k.length, json, strlen(json));
    cJSON_free(json);
    return true;
}

catalog_status catalog_initialize(catalog *c, const char *superuser, const char *verifier,
                                  char **error)
{
    if (c->initialized)
        return CATALOG_DUPLICATE;
    if (strlen(superuser) > CATALOG_NAME_MAX)
        return CATALOG_CORRUPT;
    uint8_t secret[CATALOG_AUTH_SECRET_LEN];
    if (RAND_bytes(secret, sizeof secret) != 1)
        return CATALOG_IO_ERROR;
    char secret_hex[2 * CATALOG_AUTH_SECRET_LEN + 1];
    for (int i = 0; i < CATALOG_AUTH_SECRET_LEN; i++)
        snprintf(secret_hex + 2 * i, 3, "%02x", secret[i]);
    char created_at[32];
    iso_timestamp(created_at, sizeof created_at);

    cJSON *database = cJSON_CreateObject();
    cJSON *namespace = cJSON_CreateObject();
    cJSON *role = cJSON_CreateObject();
    kv_batch *batch = kv_batch_create();
    catalog_status status = CATALOG_NO_MEMORY;
    if (database == NULL || namespace == NULL || role == NULL || batch == NULL)
        goto done;
    if (cJSON_AddNumberToObject(database, "format", CATALOG_FORMAT_VERSION) == NULL ||
        cJSON_AddStringToObject(database, "auth_secret", secret_hex) == NULL ||
        cJSON_AddStringToObject(database, "created_at", created_at) == NULL ||
        cJSON_AddNumberToObject(namespace, "id", PUBLIC_NAMESPACE_ID) == NULL ||
        cJSON_AddStringToObject(namespace, "name", "public") == NULL ||
        cJSON_AddStringToObject(namespace, "created_at", created_at) == NULL ||
        cJSON_AddNumberToObject(role, "id", FIRST_ROLE_ID) == NULL ||
        cJSON_AddStringToObject(role, "name", superuser) == NULL ||
        cJSON_AddStringToObject(role, "role", role_kind_name(ROLE_SYSTEM)) == NULL ||
        cJSON_AddStringToObject(role, "created_at", created_at) == NULL)
        goto done;
    if (verifier != NULL && cJSON_AddStringToObject(role, "scram_verifier", verifier) == NULL)
        goto done;
    if (!batch_put_record(batch, CATALOG_KIND_DATABASE, 0, database) ||
        !batch_put_record(batch, CATALOG_KIND_NAMESPACE, PUBLIC_NAMESPACE_ID, namespace) ||
        !batch_put_record(batch, CATALOG_KIND_ROLE, FIRST_ROLE_ID, role))
        goto done;

    catalog_role *roles = calloc(1, sizeof *roles);
    if (roles == NULL)
        goto done;
    roles[0].id = FIRST_ROLE_ID;
    memcpy(roles[0].name, superuser, strlen(superuser) + 1);
    roles[0].kind = ROLE_SYSTEM;
    if (verifier != NULL && (roles[0].scram_verifier = strdup(verifier)) == NULL) {
        free(roles);
        goto done;
    }
    if (kv_batch_write(c->store, batch, true, error) != KV_OK) {
        free(roles[0].scram_verifier);
        free(roles);
        status = CATALOG_IO_ERROR;
        goto done;
    }
    memcpy(c->auth_secret, secret, sizeof secret);
    c->roles = roles;
    c->role_count = 1;
    c->initialized = true;
    c->version++;
    status = CATALOG_OK;
done:
    cJSON_Delete(database);
    cJSON_Delete(namespace);
    cJSON_Delete(role);
    kv_batch_destroy(batch);
    return status;
}

const uint8_t *catalog_auth_secret(const catalog *c)
{
    return c->auth_secret;
}

uint64_t catalog_version(const catalog *c)
{
    return c->version;
}

const catalog_role *catalog_find_role(const catalog *c, const char *name)
{
    for (size_t i = 0; i < c->role_count; i++) {
        if (strcmp(c->roles[i].name, name) == 0)
            return &c->roles[i];
    }
    return NULL;
}

const char *catalog_status_message(catalog_status status)
{
    switch (status) {
    case CATALOG_OK:
        return "ok";
    case CATALOG_NOT_FOUND:
        return "not found";
    case CATALOG_DUPLICATE:
        return "already exists";
    case CATALOG_IO_ERROR:
        return "could not read or write the catalog";
    case CATALOG_CORRUPT:
        return "a catalog record is corrupt";
    case CATALOG_NO_MEMORY:
        return "out of memory";
    }
    return "unknown catalog status";
}
