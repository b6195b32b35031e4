#include "catalog/catalog.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storage/key_encoding.h"

#define CATALOG_FORMAT_VERSION 1
/* Ids below this are reserved for records made at initialisation. */
#define FIRST_ALLOCATED_ID 100
/* Hidden row ids are reserved this many at a time, so allocating one rarely writes. */
#define ROW_ID_BLOCK 4096

struct catalog {
    kv_store *store;
    bool initialized;
    uint8_t auth_secret[CATALOG_AUTH_SECRET_LEN];
    uint64_t version;
    char created_at[32];
    uint64_t next_id;
    uint64_t row_id_next;  /* next hidden row id to hand out */
    uint64_t row_id_limit; /* persisted: ids below it may have been handed out */
    uint64_t row_seq_last; /* the last _seq handed out (persisted with the rows using it) */
    catalog_role *roles;
    size_t role_count;
    catalog_namespace *namespaces;
    size_t namespace_count;
    /* Each table is its own allocation, so a statement paused mid-scan keeps a valid
     * pointer across other sessions' DDL; dropped ones wait in the graveyard until no
     * statement is paused (catalog_collect_garbage). */
    catalog_table **tables;
    size_t table_count;
    catalog_table **graveyard;
    size_t graveyard_count;
    catalog_sequence *sequences;
    size_t sequence_count;
    uint64_t *purges; /* dropped tables whose rows are being deleted */
    size_t purge_count;
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

bool role_kind_parse(const char *name, role_kind *out)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(role_kind_names[i], name) == 0) {
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
    const cJSON *next_id = cJSON_GetObjectItemCaseSensitive(root, "next_id");
    const cJSON *row_id_limit = cJSON_GetObjectItemCaseSensitive(root, "row_id_limit");
    const cJSON *created_at = cJSON_GetObjectItemCaseSensitive(root, "created_at");
    c->next_id = cJSON_IsNumber(next_id) ? (uint64_t)next_id->valuedouble : FIRST_ALLOCATED_ID;
    /* Everything below the persisted limit may have been used before a crash. */
    c->row_id_limit = cJSON_IsNumber(row_id_limit) ? (uint64_t)row_id_limit->valuedouble : 1;
    c->row_id_next = c->row_id_limit;
    if (cJSON_IsString(created_at))
        snprintf(c->created_at, sizeof c->created_at, "%s", created_at->valuestring);
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
    const cJSON *login = cJSON_GetObjectItemCaseSensitive(root, "login");
    const cJSON *created_at = cJSON_GetObjectItemCaseSensitive(root, "created_at");
    memset(out, 0, sizeof *out);
    if (cJSON_IsNumber(id) && cJSON_IsString(name) &&
        strlen(name->valuestring) <= CATALOG_NAME_MAX && cJSON_IsString(kind) &&
        role_kind_parse(kind->valuestring, &out->kind)) {
        out->id = (uint64_t)id->valuedouble;
        memcpy(out->name, name->valuestring, strlen(name->valuestring) + 1);
        /* Records written before NOLOGIN existed were all login roles. */
        out->can_login = login == NULL || cJSON_IsTrue(login);
        if (cJSON_IsString(created_at))
            snprintf(out->created_at, sizeof out->created_at, "%s", created_at->valuestring);
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

typedef catalog_status (*record_loader)(catalog *c, const char *json, size_t length);

/* Calls load for every record of one kind, in id order. */
static catalog_status load_records(catalog *c, enum catalog_kind kind, record_loader load,
                                   char **error)
{
    key_buffer start;
    key_init(&start);
    key_append_byte(&start, KEY_SPACE_CATALOG);
    key_append_byte(&start, (uint8_t)kind);
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
        status = load(c, value, value_length);
        if (status != CATALOG_OK)
            break;
    }
    if (status == CATALOG_OK && kv_iterator_status(it, error) != KV_OK)
        status = CATALOG_IO_ERROR;
    kv_iterator_destroy(it);
    return status;
}

static catalog_status load_role(catalog *c, const char *json, size_t length)
{
    catalog_role *grown = realloc(c->roles, (c->role_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->roles = grown;
    catalog_status status = parse_role(json, length, &c->roles[c->role_count]);
    if (status == CATALOG_OK)
        c->role_count++;
    return status;
}

static catalog_status parse_namespace(const char *json, size_t length, catalog_namespace *out)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    if (root == NULL)
        return CATALOG_CORRUPT;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *owner = cJSON_GetObjectItemCaseSensitive(root, "owner");
    catalog_status status = CATALOG_CORRUPT;
    if (cJSON_IsNumber(id) && cJSON_IsString(name) && strlen(name->valuestring) <= CATALOG_NAME_MAX) {
        memset(out, 0, sizeof *out);
        out->id = (uint64_t)id->valuedouble;
        snprintf(out->name, sizeof out->name, "%s", name->valuestring);
        out->owner_role_id = cJSON_IsNumber(owner) ? (uint64_t)owner->valuedouble : BOOTSTRAP_ROLE_ID;
        const cJSON *created_at = cJSON_GetObjectItemCaseSensitive(root, "created_at");
        if (cJSON_IsString(created_at))
            snprintf(out->created_at, sizeof out->created_at, "%s", created_at->valuestring);
        status = CATALOG_OK;
    }
    cJSON_Delete(root);
    return status;
}

static catalog_status load_namespace(catalog *c, const char *json, size_t length)
{
    catalog_namespace *grown = realloc(c->namespaces, (c->namespace_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->namespaces = grown;
    catalog_status status = parse_namespace(json, length, &c->namespaces[c->namespace_count]);
    if (status == CATALOG_OK)
        c->namespace_count++;
    return status;
}

static void table_free_members(catalog_table *t)
{
    for (int i = 0; i < t->column_count; i++) {
        free(t->columns[i].default_tree);
        free(t->columns[i].missing_value);
    }
    free(t->columns);
    free(t->primary_key);
    free(t->options);
    free(t->indexes);
    t->columns = NULL;
    t->primary_key = NULL;
    t->options = NULL;
    t->indexes = NULL;
}

static const char *const table_kind_names[] = {"shared", "user", "stream"};

const char *table_kind_name(table_kind kind)
{
    return table_kind_names[kind];
}

/* The fields a table's columns and options imply, kept so that row paths never parse
 * the options. Options were validated when the table was created. */
static bool derive_table_settings(catalog_table *t)
{
    t->seq_column = t->deleted_column = -1;
    for (int i = 0; i < t->column_count; i++) {
        if (!t->columns[i].system)
            continue;
        if (strcmp(t->columns[i].name, "_seq") == 0)
            t->seq_column = i;
        else if (strcmp(t->columns[i].name, "_deleted") == 0)
            t->deleted_column = i;
    }
    t->ttl_seconds = 0;
    t->max_buffer = TABLE_DEFAULT_MAX_BUFFER;
    t->deleted_retention_hours = TABLE_DEFAULT_DELETED_RETENTION_HOURS;
    cJSON *options = t->options != NULL ? cJSON_Parse(t->options) : NULL;
    if (t->options != NULL && options == NULL)
        return false;
    const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(options, "ttl_seconds");
    const cJSON *max_buffer = cJSON_GetObjectItemCaseSensitive(options, "max_buffer");
    const cJSON *retention = cJSON_GetObjectItemCaseSensitive(options, "deleted_retention_hours");
    if (cJSON_IsString(ttl))
        t->ttl_seconds = strtoll(ttl->valuestring, NULL, 10);
    if (cJSON_IsString(max_buffer))
        t->max_buffer = strtoll(max_buffer->valuestring, NULL, 10);
    if (cJSON_IsString(retention))
        t->deleted_retention_hours = strtod(retention->valuestring, NULL);
    cJSON_Delete(options);
    return true;
}

static catalog_status parse_indexes(const cJSON *indexes, catalog_table *out)
{
    int count = cJSON_GetArraySize(indexes);
    if (count == 0)
        return CATALOG_OK;
    out->indexes = calloc((size_t)count, sizeof *out->indexes);
    if (out->indexes == NULL)
        return CATALOG_NO_MEMORY;
    const cJSON *item;
    cJSON_ArrayForEach(item, indexes)
    {
        catalog_index *index = &out->indexes[out->index_count];
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
        const cJSON *columns = cJSON_GetObjectItemCaseSensitive(item, "columns");
        int column_count = cJSON_GetArraySize(columns);
        if (!cJSON_IsNumber(id) || !cJSON_IsString(name) ||
            strlen(name->valuestring) > CATALOG_NAME_MAX || column_count < 1 ||
            column_count > CATALOG_INDEX_MAX_COLUMNS)
            return CATALOG_CORRUPT;
        index->id = (uint64_t)id->valuedouble;
        snprintf(index->name, sizeof index->name, "%s", name->valuestring);
        index->unique = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "unique"));
        index->constraint = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "constraint"));
        const cJSON *position;
        cJSON_ArrayForEach(position, columns)
        {
            if (!cJSON_IsNumber(position) || position->valueint < 0 ||
                position->valueint >= out->column_count)
                return CATALOG_CORRUPT;
            index->columns[index->column_count++] = position->valueint;
        }
        out->index_count++;
    }
    return CATALOG_OK;
}

static catalog_status parse_table(const char *json, size_t length, catalog_table *out)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    if (root == NULL)
        return CATALOG_CORRUPT;
    memset(out, 0, sizeof *out);
    catalog_status status = CATALOG_CORRUPT;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *namespace_id = cJSON_GetObjectItemCaseSensitive(root, "namespace_id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    const cJSON *owner = cJSON_GetObjectItemCaseSensitive(root, "owner");
    const cJSON *columns = cJSON_GetObjectItemCaseSensitive(root, "columns");
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(root, "primary_key");
    const cJSON *options = cJSON_GetObjectItemCaseSensitive(root, "options");
    const cJSON *created_at = cJSON_GetObjectItemCaseSensitive(root, "created_at");
    if (!cJSON_IsNumber(id) || !cJSON_IsNumber(namespace_id) || !cJSON_IsString(name) ||
        strlen(name->valuestring) > CATALOG_NAME_MAX || !cJSON_IsString(kind) ||
        !cJSON_IsArray(columns) || cJSON_GetArraySize(columns) > CATALOG_MAX_COLUMNS)
        goto done;
    out->id = (uint64_t)id->valuedouble;
    out->namespace_id = (uint64_t)namespace_id->valuedouble;
    snprintf(out->name, sizeof out->name, "%s", name->valuestring);
    out->owner_role_id = cJSON_IsNumber(owner) ? (uint64_t)owner->valuedouble : BOOTSTRAP_ROLE_ID;
    if (cJSON_IsString(created_at))
        snprintf(out->created_at, sizeof out->created_at, "%s", created_at->valuestring);
    int k = 0;
    while (k < 3 && strcmp(table_kind_names[k], kind->valuestring) != 0)
        k++;
    if (k == 3)
        goto done;
    out->kind = (table_kind)k;
    int count = cJSON_GetArraySize(columns);
    out->columns = calloc((size_t)(count > 0 ? count : 1), sizeof *out->columns);
    if (out->columns == NULL) {
        status = CATALOG_NO_MEMORY;
        goto done;
    }
    const cJSON *column;
    cJSON_ArrayForEach(column, columns)
    {
        catalog_column *col = &out->columns[out->column_count];
        const cJSON *cname = cJSON_GetObjectItemCaseSensitive(column, "name");
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(column, "type");
        const cJSON *typmod = cJSON_GetObjectItemCaseSensitive(column, "typmod");
        const cJSON *def = cJSON_GetObjectItemCaseSensitive(column, "default");
        const cJSON *missing = cJSON_GetObjectItemCaseSensitive(column, "missing");
        if (!cJSON_IsString(cname) || strlen(cname->valuestring) > CATALOG_NAME_MAX ||
            !cJSON_IsNumber(type))
            goto done;
        snprintf(col->name, sizeof col->name, "%s", cname->valuestring);
        col->type = (uint32_t)type->valuedouble;
        col->typmod = cJSON_IsNumber(typmod) ? (int32_t)typmod->valuedouble : -1;
        col->not_null = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(column, "not_null"));
        col->dropped = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(column, "dropped"));
        col->system = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(column, "system"));
        out->column_count++;
        if ((cJSON_IsString(def) && (col->default_tree = strdup(def->valuestring)) == NULL) ||
            (cJSON_IsString(missing) &&
             (col->missing_value = strdup(missing->valuestring)) == NULL)) {
            status = CATALOG_NO_MEMORY;
            goto done;
        }
    }
    int key_count = cJSON_GetArraySize(key);
    if (key_count > 0) {
        out->primary_key = calloc((size_t)key_count, sizeof *out->primary_key);
        if (out->primary_key == NULL) {
            status = CATALOG_NO_MEMORY;
            goto done;
        }
        const cJSON *position;
        cJSON_ArrayForEach(position, key)
        {
            if (!cJSON_IsNumber(position) || position->valueint < 0 ||
                position->valueint >= out->column_count)
                goto done;
            out->primary_key[out->primary_key_count++] = position->valueint;
        }
    }
    if (options != NULL) {
        out->options = cJSON_PrintUnformatted(options);
        if (out->options == NULL) {
            status = CATALOG_NO_MEMORY;
            goto done;
        }
    }
    const cJSON *key_name = cJSON_GetObjectItemCaseSensitive(root, "primary_key_name");
    if (cJSON_IsString(key_name) && strlen(key_name->valuestring) <= CATALOG_NAME_MAX)
        snprintf(out->primary_key_name, sizeof out->primary_key_name, "%s", key_name->valuestring);
    else if (out->primary_key_count > 0) /* records from before constraint names were kept */
        snprintf(out->primary_key_name, sizeof out->primary_key_name, "%.58s_pkey", out->name);
    const cJSON *estimate = cJSON_GetObjectItemCaseSensitive(root, "row_estimate");
    out->row_estimate = cJSON_IsNumber(estimate) ? estimate->valuedouble : -1;
    status = parse_indexes(cJSON_GetObjectItemCaseSensitive(root, "indexes"), out);
    if (status != CATALOG_OK)
        goto done;
    status = derive_table_settings(out) ? CATALOG_OK : CATALOG_NO_MEMORY;
done:
    if (status != CATALOG_OK)
        table_free_members(out);
    cJSON_Delete(root);
    return status;
}

static catalog_status load_sequence(catalog *c, const char *json, size_t length)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    if (root == NULL)
        return CATALOG_CORRUPT;
    catalog_sequence *grown = realloc(c->sequences, (c->sequence_count + 1) * sizeof *grown);
    if (grown == NULL) {
        cJSON_Delete(root);
        return CATALOG_NO_MEMORY;
    }
    c->sequences = grown;
    catalog_sequence *s = &c->sequences[c->sequence_count];
    memset(s, 0, sizeof *s);
    /* 64-bit values are stored as decimal strings: a JSON number (a double) would round
     * bigserial's bounds. */
    static const char *const numbers[] = {"id", "namespace_id", "increment", "min", "max",
                                          "start", "owner_table", "reserved_to"};
    long long v[8];
    for (int i = 0; i < 8; i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, numbers[i]);
        char *end = NULL;
        errno = 0;
        if (cJSON_IsString(item))
            v[i] = strtoll(item->valuestring, &end, 10);
        if (!cJSON_IsString(item) || errno != 0 || end == item->valuestring || *end != '\0') {
            cJSON_Delete(root);
            return CATALOG_CORRUPT;
        }
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (!cJSON_IsString(name) || strlen(name->valuestring) > CATALOG_NAME_MAX) {
        cJSON_Delete(root);
        return CATALOG_CORRUPT;
    }
    snprintf(s->name, sizeof s->name, "%s", name->valuestring);
    s->id = (uint64_t)v[0];
    s->namespace_id = (uint64_t)v[1];
    s->increment = (int64_t)v[2];
    s->min_value = (int64_t)v[3];
    s->max_value = (int64_t)v[4];
    s->start = (int64_t)v[5];
    s->owner_table = (uint64_t)v[6];
    s->reserved_to = (int64_t)v[7];
    s->cycle = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "cycle"));
    s->is_called = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "is_called"));
    /* Values up to the reservation may have been handed out before a restart. */
    s->last_value = s->is_called ? s->reserved_to : s->start;
    c->sequence_count++;
    cJSON_Delete(root);
    return CATALOG_OK;
}

static catalog_status load_purge(catalog *c, const char *json, size_t length)
{
    cJSON *root = cJSON_ParseWithLength(json, length);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "table_id");
    catalog_status status = CATALOG_CORRUPT;
    if (cJSON_IsNumber(id)) {
        uint64_t *grown = realloc(c->purges, (c->purge_count + 1) * sizeof *grown);
        status = grown != NULL ? CATALOG_OK : CATALOG_NO_MEMORY;
        if (grown != NULL) {
            c->purges = grown;
            c->purges[c->purge_count++] = (uint64_t)id->valuedouble;
        }
    }
    cJSON_Delete(root);
    return status;
}

static catalog_status load_table(catalog *c, const char *json, size_t length)
{
    catalog_table **grown = realloc(c->tables, (c->table_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->tables = grown;
    catalog_table *t = malloc(sizeof *t);
    if (t == NULL)
        return CATALOG_NO_MEMORY;
    catalog_status status = parse_table(json, length, t);
    if (status != CATALOG_OK) {
        free(t);
        return status;
    }
    c->tables[c->table_count++] = t;
    return CATALOG_OK;
}

static void row_seq_key(key_buffer *k)
{
    record_key(k, CATALOG_KIND_ROW_SEQ, 0);
}

static catalog_status load_row_seq(catalog *c, char **error)
{
    key_buffer k;
    row_seq_key(&k);
    char *value = NULL;
    size_t length = 0;
    kv_status ks = kv_get(c->store, k.bytes, k.length, &value, &length, error);
    if (ks == KV_NOT_FOUND)
        return CATALOG_OK;
    if (ks != KV_OK)
        return ks == KV_NO_MEMORY ? CATALOG_NO_MEMORY : CATALOG_IO_ERROR;
    catalog_status status = CATALOG_CORRUPT;
    if (length == sizeof(uint64_t)) {
        uint64_t last = 0;
        for (size_t i = 0; i < length; i++)
            last = last << 8 | (uint8_t)value[i];
        c->row_seq_last = last;
        status = CATALOG_OK;
    }
    free(value);
    return status;
}

uint64_t catalog_next_row_seq(catalog *c, uint64_t now_ms)
{
    uint64_t from_clock = now_ms << ROW_SEQ_TIME_SHIFT;
    c->row_seq_last = from_clock > c->row_seq_last ? from_clock : c->row_seq_last + 1;
    return c->row_seq_last;
}

void catalog_batch_put_row_seq(const catalog *c, kv_batch *batch)
{
    key_buffer k;
    row_seq_key(&k);
    uint8_t bytes[sizeof(uint64_t)];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)(c->row_seq_last >> (8 * (sizeof bytes - 1 - i)));
    kv_batch_put(batch, k.bytes, k.length, bytes, sizeof bytes);
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
            status = load_records(c, CATALOG_KIND_ROLE, load_role, error);
            if (status == CATALOG_OK)
                status = load_records(c, CATALOG_KIND_NAMESPACE, load_namespace, error);
            if (status == CATALOG_OK)
                status = load_records(c, CATALOG_KIND_TABLE, load_table, error);
            if (status == CATALOG_OK)
                status = load_records(c, CATALOG_KIND_SEQUENCE, load_sequence, error);
            if (status == CATALOG_OK)
                status = load_records(c, CATALOG_KIND_PURGE, load_purge, error);
            if (status == CATALOG_OK)
                status = load_row_seq(c, error);
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
    free(c->namespaces);
    for (size_t i = 0; i < c->table_count; i++) {
        table_free_members(c->tables[i]);
        free(c->tables[i]);
    }
    free(c->tables);
    catalog_collect_garbage(c);
    free(c->graveyard);
    free(c->sequences);
    free(c->purges);
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

/* The database record as it must be stored for the catalog's current counters. */
static cJSON *database_record(const catalog *c, uint64_t next_id, uint64_t row_id_limit)
{
    char secret_hex[2 * CATALOG_AUTH_SECRET_LEN + 1];
    for (int i = 0; i < CATALOG_AUTH_SECRET_LEN; i++)
        snprintf(secret_hex + 2 * i, 3, "%02x", c->auth_secret[i]);
    cJSON *record = cJSON_CreateObject();
    if (record == NULL || cJSON_AddNumberToObject(record, "format", CATALOG_FORMAT_VERSION) == NULL ||
        cJSON_AddStringToObject(record, "auth_secret", secret_hex) == NULL ||
        cJSON_AddStringToObject(record, "created_at", c->created_at) == NULL ||
        cJSON_AddNumberToObject(record, "next_id", (double)next_id) == NULL ||
        cJSON_AddNumberToObject(record, "row_id_limit", (double)row_id_limit) == NULL) {
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

static cJSON *namespace_record(const catalog_namespace *n)
{
    cJSON *record = cJSON_CreateObject();
    if (record == NULL || cJSON_AddNumberToObject(record, "id", (double)n->id) == NULL ||
        cJSON_AddStringToObject(record, "name", n->name) == NULL ||
        cJSON_AddNumberToObject(record, "owner", (double)n->owner_role_id) == NULL ||
        (n->created_at[0] != '\0' &&
         cJSON_AddStringToObject(record, "created_at", n->created_at) == NULL)) {
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

static cJSON *role_record(const catalog_role *r)
{
    cJSON *record = cJSON_CreateObject();
    if (record == NULL || cJSON_AddNumberToObject(record, "id", (double)r->id) == NULL ||
        cJSON_AddStringToObject(record, "name", r->name) == NULL ||
        cJSON_AddStringToObject(record, "role", role_kind_name(r->kind)) == NULL ||
        cJSON_AddBoolToObject(record, "login", r->can_login) == NULL ||
        cJSON_AddStringToObject(record, "created_at", r->created_at) == NULL ||
        (r->scram_verifier != NULL &&
         cJSON_AddStringToObject(record, "scram_verifier", r->scram_verifier) == NULL)) {
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

static bool add_index_records(cJSON *record, const catalog_table *t)
{
    cJSON *indexes = cJSON_AddArrayToObject(record, "indexes");
    bool ok = indexes != NULL;
    for (int i = 0; ok && i < t->index_count; i++) {
        const catalog_index *index = &t->indexes[i];
        cJSON *item = cJSON_CreateObject();
        ok = item != NULL && cJSON_AddItemToArray(indexes, item) &&
             cJSON_AddNumberToObject(item, "id", (double)index->id) != NULL &&
             cJSON_AddStringToObject(item, "name", index->name) != NULL &&
             cJSON_AddBoolToObject(item, "unique", index->unique) != NULL &&
             cJSON_AddBoolToObject(item, "constraint", index->constraint) != NULL;
        cJSON *columns = ok ? cJSON_AddArrayToObject(item, "columns") : NULL;
        ok = columns != NULL;
        for (int k = 0; ok && k < index->column_count; k++)
            ok = cJSON_AddItemToArray(columns, cJSON_CreateNumber(index->columns[k]));
    }
    return ok;
}

static cJSON *table_record(const catalog_table *t)
{
    cJSON *record = cJSON_CreateObject();
    cJSON *columns = cJSON_CreateArray();
    cJSON *key = cJSON_CreateArray();
    bool ok = record != NULL && columns != NULL && key != NULL &&
              cJSON_AddNumberToObject(record, "id", (double)t->id) != NULL &&
              cJSON_AddNumberToObject(record, "namespace_id", (double)t->namespace_id) != NULL &&
              cJSON_AddStringToObject(record, "name", t->name) != NULL &&
              cJSON_AddStringToObject(record, "kind", table_kind_names[t->kind]) != NULL &&
              cJSON_AddNumberToObject(record, "owner", (double)t->owner_role_id) != NULL &&
              (t->created_at[0] == '\0' ||
               cJSON_AddStringToObject(record, "created_at", t->created_at) != NULL);
    for (int i = 0; ok && i < t->column_count; i++) {
        const catalog_column *col = &t->columns[i];
        cJSON *column = cJSON_CreateObject();
        ok = column != NULL && cJSON_AddItemToArray(columns, column) &&
             cJSON_AddStringToObject(column, "name", col->name) != NULL &&
             cJSON_AddNumberToObject(column, "type", col->type) != NULL &&
             cJSON_AddNumberToObject(column, "typmod", col->typmod) != NULL &&
             (!col->not_null || cJSON_AddTrueToObject(column, "not_null") != NULL) &&
             (!col->dropped || cJSON_AddTrueToObject(column, "dropped") != NULL) &&
             (!col->system || cJSON_AddTrueToObject(column, "system") != NULL) &&
             (col->default_tree == NULL ||
              cJSON_AddStringToObject(column, "default", col->default_tree) != NULL) &&
             (col->missing_value == NULL ||
              cJSON_AddStringToObject(column, "missing", col->missing_value) != NULL);
    }
    for (int i = 0; ok && i < t->primary_key_count; i++)
        ok = cJSON_AddItemToArray(key, cJSON_CreateNumber(t->primary_key[i]));
    ok = ok && (t->primary_key_name[0] == '\0' ||
                cJSON_AddStringToObject(record, "primary_key_name", t->primary_key_name) != NULL);
    ok = ok && (t->row_estimate < 0 ||
                cJSON_AddNumberToObject(record, "row_estimate", t->row_estimate) != NULL);
    ok = ok && (t->index_count == 0 || add_index_records(record, t));
    if (ok) {
        cJSON_AddItemToObject(record, "columns", columns);
        cJSON_AddItemToObject(record, "primary_key", key);
        columns = key = NULL;
        if (t->options != NULL) {
            cJSON *options = cJSON_Parse(t->options);
            ok = options != NULL && cJSON_AddItemToObject(record, "options", options);
        }
    }
    cJSON_Delete(columns);
    cJSON_Delete(key);
    if (!ok) {
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

/* Writes one synced batch: the record (or its deletion when record is NULL) and, if
 * counters changed, the database record. Takes ownership of the cJSON values. */
static catalog_status write_change(catalog *c, enum catalog_kind kind, uint64_t id, cJSON *record,
                                   bool delete_record, cJSON *database, char **error)
{
    kv_batch *batch = kv_batch_create();
    catalog_status status = CATALOG_NO_MEMORY;
    if (batch == NULL || (!delete_record && record == NULL))
        goto done;
    if (delete_record) {
        key_buffer k;
        record_key(&k, kind, id);
        kv_batch_delete(batch, k.bytes, k.length);
    } else if (!batch_put_record(batch, kind, id, record)) {
        goto done;
    }
    if (database != NULL && !batch_put_record(batch, CATALOG_KIND_DATABASE, 0, database))
        goto done;
    status = kv_batch_write(c->store, batch, true, error) == KV_OK ? CATALOG_OK : CATALOG_IO_ERROR;
    if (status == CATALOG_OK)
        c->version++;
done:
    cJSON_Delete(record);
    cJSON_Delete(database);
    kv_batch_destroy(batch);
    return status;
}

catalog_status catalog_initialize(catalog *c, const char *superuser, const char *verifier,
                                  char **error)
{
    if (c->initialized)
        return CATALOG_DUPLICATE;
    if (strlen(superuser) > CATALOG_NAME_MAX)
        return CATALOG_CORRUPT;
    if (RAND_bytes(c->auth_secret, sizeof c->auth_secret) != 1)
        return CATALOG_IO_ERROR;
    iso_timestamp(c->created_at, sizeof c->created_at);
    c->next_id = FIRST_ALLOCATED_ID;
    c->row_id_next = c->row_id_limit = 1;

    catalog_namespace public_namespace = {PUBLIC_NAMESPACE_ID, "public", BOOTSTRAP_ROLE_ID, ""};
    snprintf(public_namespace.created_at, sizeof public_namespace.created_at, "%s", c->created_at);
    kv_batch *batch = kv_batch_create();
    catalog_role *roles = calloc(1, sizeof *roles);
    catalog_namespace *namespaces = calloc(1, sizeof *namespaces);
    cJSON *database = NULL, *namespace = NULL, *role = NULL;
    catalog_status status = CATALOG_NO_MEMORY;
    if (batch == NULL || roles == NULL || namespaces == NULL)
        goto done;
    roles[0].id = BOOTSTRAP_ROLE_ID;
    memcpy(roles[0].name, superuser, strlen(superuser) + 1);
    roles[0].kind = ROLE_SYSTEM;
    roles[0].can_login = true;
    snprintf(roles[0].created_at, sizeof roles[0].created_at, "%s", c->created_at);
    if (verifier != NULL && (roles[0].scram_verifier = strdup(verifier)) == NULL)
        goto done;
    database = database_record(c, c->next_id, c->row_id_limit);
    namespace = namespace_record(&public_namespace);
    role = role_record(&roles[0]);
    if (!batch_put_record(batch, CATALOG_KIND_DATABASE, 0, database) ||
        !batch_put_record(batch, CATALOG_KIND_NAMESPACE, PUBLIC_NAMESPACE_ID, namespace) ||
        !batch_put_record(batch, CATALOG_KIND_ROLE, BOOTSTRAP_ROLE_ID, role))
        goto done;
    if (kv_batch_write(c->store, batch, true, error) != KV_OK) {
        status = CATALOG_IO_ERROR;
        goto done;
    }
    namespaces[0] = public_namespace;
    c->roles = roles;
    c->role_count = 1;
    c->namespaces = namespaces;
    c->namespace_count = 1;
    roles = NULL;
    namespaces = NULL;
    c->initialized = true;
    c->version++;
    status = CATALOG_OK;
done:
    if (roles != NULL)
        free(roles[0].scram_verifier);
    free(roles);
    free(namespaces);
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

const catalog_role *catalog_role_by_id(const catalog *c, uint64_t id)
{
    for (size_t i = 0; i < c->role_count; i++) {
        if (c->roles[i].id == id)
            return &c->roles[i];
    }
    return NULL;
}

size_t catalog_role_count(const catalog *c)
{
    return c->role_count;
}

const catalog_role *catalog_role_at(const catalog *c, size_t index)
{
    return index < c->role_count ? &c->roles[index] : NULL;
}

catalog_status catalog_create_role(catalog *c, const catalog_role *definition, uint64_t *id,
                                   char **error)
{
    if (catalog_find_role(c, definition->name) != NULL)
        return CATALOG_DUPLICATE;
    catalog_role *grown = realloc(c->roles, (c->role_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->roles = grown;
    catalog_role r = *definition;
    r.id = c->next_id;
    iso_timestamp(r.created_at, sizeof r.created_at);
    r.scram_verifier = NULL;
    if (definition->scram_verifier != NULL &&
        (r.scram_verifier = strdup(definition->scram_verifier)) == NULL)
        return CATALOG_NO_MEMORY;
    catalog_status status =
        write_change(c, CATALOG_KIND_ROLE, r.id, role_record(&r), false,
                     database_record(c, c->next_id + 1, c->row_id_limit), error);
    if (status != CATALOG_OK) {
        free(r.scram_verifier);
        return status;
    }
    c->next_id++;
    c->roles[c->role_count++] = r;
    *id = r.id;
    return CATALOG_OK;
}

catalog_status catalog_replace_role(catalog *c, const catalog_role *definition, char **error)
{
    catalog_role *stored = (catalog_role *)catalog_role_by_id(c, definition->id);
    if (stored == NULL)
        return CATALOG_NOT_FOUND;
    const catalog_role *clash = catalog_find_role(c, definition->name);
    if (clash != NULL && clash->id != definition->id)
        return CATALOG_DUPLICATE;
    catalog_role r = *definition;
    snprintf(r.created_at, sizeof r.created_at, "%s", stored->created_at);
    r.scram_verifier = NULL;
    if (definition->scram_verifier != NULL &&
        (r.scram_verifier = strdup(definition->scram_verifier)) == NULL)
        return CATALOG_NO_MEMORY;
    catalog_status status =
        write_change(c, CATALOG_KIND_ROLE, r.id, role_record(&r), false, NULL, error);
    if (status != CATALOG_OK) {
        free(r.scram_verifier);
        return status;
    }
    free(stored->scram_verifier);
    *stored = r;
    return CATALOG_OK;
}

catalog_status catalog_drop_role(catalog *c, uint64_t id, char **error)
{
    const catalog_role *r = catalog_role_by_id(c, id);
    if (r == NULL)
        return CATALOG_NOT_FOUND;
    catalog_status status = write_change(c, CATALOG_KIND_ROLE, id, NULL, true, NULL, error);
    if (status != CATALOG_OK)
        return status;
    size_t index = (size_t)(r - c->roles);
    free(c->roles[index].scram_verifier);
    memmove(&c->roles[index], &c->roles[index + 1],
            (c->role_count - index - 1) * sizeof *c->roles);
    c->role_count--;
    return CATALOG_OK;
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

/* ---- namespaces ---- */

const catalog_namespace *catalog_find_namespace(const catalog *c, const char *name)
{
    for (size_t i = 0; i < c->namespace_count; i++) {
        if (strcmp(c->namespaces[i].name, name) == 0)
            return &c->namespaces[i];
    }
    return NULL;
}

const catalog_namespace *catalog_namespace_by_id(const catalog *c, uint64_t id)
{
    for (size_t i = 0; i < c->namespace_count; i++) {
        if (c->namespaces[i].id == id)
            return &c->namespaces[i];
    }
    return NULL;
}

size_t catalog_namespace_count(const catalog *c)
{
    return c->namespace_count;
}

const catalog_namespace *catalog_namespace_at(const catalog *c, size_t index)
{
    return index < c->namespace_count ? &c->namespaces[index] : NULL;
}

catalog_status catalog_create_namespace(catalog *c, const char *name, uint64_t owner_role_id,
                                        char **error)
{
    if (strlen(name) > CATALOG_NAME_MAX)
        return CATALOG_CORRUPT;
    if (catalog_find_namespace(c, name) != NULL)
        return CATALOG_DUPLICATE;
    catalog_namespace *grown = realloc(c->namespaces, (c->namespace_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->namespaces = grown;
    catalog_namespace n = {c->next_id, "", owner_role_id, ""};
    snprintf(n.name, sizeof n.name, "%s", name);
    iso_timestamp(n.created_at, sizeof n.created_at);
    catalog_status status =
        write_change(c, CATALOG_KIND_NAMESPACE, n.id, namespace_record(&n), false,
                     database_record(c, c->next_id + 1, c->row_id_limit), error);
    if (status != CATALOG_OK)
        return status;
    c->next_id++;
    c->namespaces[c->namespace_count++] = n;
    return CATALOG_OK;
}

catalog_status catalog_drop_namespace(catalog *c, uint64_t id, char **error)
{
    const catalog_namespace *n = catalog_namespace_by_id(c, id);
    if (n == NULL)
        return CATALOG_NOT_FOUND;
    catalog_status status = write_change(c, CATALOG_KIND_NAMESPACE, id, NULL, true, NULL, error);
    if (status != CATALOG_OK)
        return status;
    size_t index = (size_t)(n - c->namespaces);
    memmove(&c->namespaces[index], &c->namespaces[index + 1],
            (c->namespace_count - index - 1) * sizeof *c->namespaces);
    c->namespace_count--;
    return CATALOG_OK;
}

/* ---- tables ---- */

const catalog_table *catalog_find_table(const catalog *c, uint64_t namespace_id, const char *name)
{
    for (size_t i = 0; i < c->table_count; i++) {
        if (c->tables[i]->namespace_id == namespace_id && strcmp(c->tables[i]->name, name) == 0)
            return c->tables[i];
    }
    return NULL;
}

const catalog_table *catalog_table_by_id(const catalog *c, uint64_t id)
{
    for (size_t i = 0; i < c->table_count; i++) {
        if (c->tables[i]->id == id)
            return c->tables[i];
    }
    return NULL;
}

size_t catalog_table_count(const catalog *c)
{
    return c->table_count;
}

const catalog_table *catalog_table_at(const catalog *c, size_t index)
{
    return index < c->table_count ? c->tables[index] : NULL;
}

/* A deep copy of a table definition in malloc memory. */
static bool table_copy(const catalog_table *from, catalog_table *to)
{
    *to = *from;
    to->columns = calloc((size_t)(from->column_count > 0 ? from->column_count : 1),
                         sizeof *to->columns);
    to->primary_key = NULL;
    to->options = NULL;
    to->indexes = NULL;
    if (to->columns == NULL)
        return false;
    to->column_count = 0;
    for (int i = 0; i < from->column_count; i++) {
        to->columns[i] = from->columns[i];
        to->columns[i].default_tree = NULL;
        to->columns[i].missing_value = NULL;
        to->column_count++;
        if ((from->columns[i].default_tree != NULL &&
             (to->columns[i].default_tree = strdup(from->columns[i].default_tree)) == NULL) ||
            (from->columns[i].missing_value != NULL &&
             (to->columns[i].missing_value = strdup(from->columns[i].missing_value)) == NULL))
            goto fail;
    }
    if (from->primary_key_count > 0) {
        to->primary_key = malloc((size_t)from->primary_key_count * sizeof *to->primary_key);
        if (to->primary_key == NULL)
            goto fail;
        memcpy(to->primary_key, from->primary_key,
               (size_t)from->primary_key_count * sizeof *to->primary_key);
    }
    if (from->options != NULL && (to->options = strdup(from->options)) == NULL)
        goto fail;
    if (from->index_count > 0) {
        to->indexes = malloc((size_t)from->index_count * sizeof *to->indexes);
        if (to->indexes == NULL)
            goto fail;
        memcpy(to->indexes, from->indexes, (size_t)from->index_count * sizeof *to->indexes);
    }
    if (!derive_table_settings(to))
        goto fail;
    return true;
fail:
    table_free_members(to);
    return false;
}

/* Gives the indexes still without an id one from next_id on; returns the next free id. */
static uint64_t assign_index_ids(catalog_table *t, uint64_t next_id)
{
    for (int i = 0; i < t->index_count; i++) {
        if (t->indexes[i].id == 0)
            t->indexes[i].id = next_id++;
    }
    return next_id;
}

const catalog_table *catalog_find_index(const catalog *c, uint64_t namespace_id,
                                        const char *name, int *position)
{
    for (size_t i = 0; i < c->table_count; i++) {
        const catalog_table *t = c->tables[i];
        if (t->namespace_id != namespace_id)
            continue;
        if (t->primary_key_count > 0 && strcmp(t->primary_key_name, name) == 0) {
            *position = -1;
            return t;
        }
        for (int k = 0; k < t->index_count; k++) {
            if (strcmp(t->indexes[k].name, name) == 0) {
                *position = k;
                return t;
            }
        }
    }
    return NULL;
}

bool catalog_relation_name_taken(const catalog *c, uint64_t namespace_id, const char *name)
{
    int position;
    return catalog_find_table(c, namespace_id, name) != NULL ||
           catalog_find_sequence(c, namespace_id, name) != NULL ||
           catalog_find_index(c, namespace_id, name, &position) != NULL;
}

catalog_status catalog_allocate_id(catalog *c, uint64_t *id, char **error)
{
    kv_batch *batch = kv_batch_create();
    cJSON *database = database_record(c, c->next_id + 1, c->row_id_limit);
    catalog_status status = CATALOG_NO_MEMORY;
    if (batch != NULL && database != NULL &&
        batch_put_record(batch, CATALOG_KIND_DATABASE, 0, database))
        status = kv_batch_write(c->store, batch, true, error) == KV_OK ? CATALOG_OK
                                                                      : CATALOG_IO_ERROR;
    cJSON_Delete(database);
    kv_batch_destroy(batch);
    if (status != CATALOG_OK)
        return status;
    *id = c->next_id++;
    return CATALOG_OK;
}

/* Adds a pending purge record for id to the batch. */
static bool batch_put_purge(kv_batch *batch, uint64_t id)
{
    cJSON *purge = cJSON_CreateObject();
    bool ok = purge != NULL && cJSON_AddNumberToObject(purge, "table_id", (double)id) != NULL &&
              batch_put_record(batch, CATALOG_KIND_PURGE, id, purge);
    cJSON_Delete(purge);
    return ok;
}

catalog_status catalog_create_table(catalog *c, const catalog_table *definition, uint64_t *id,
                                    char **error)
{
    if (catalog_namespace_by_id(c, definition->namespace_id) == NULL)
        return CATALOG_NOT_FOUND;
    if (catalog_find_table(c, definition->namespace_id, definition->name) != NULL)
        return CATALOG_DUPLICATE;
    catalog_table **grown = realloc(c->tables, (c->table_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->tables = grown;
    catalog_table t;
    catalog_table *stored = malloc(sizeof *stored);
    if (stored == NULL)
        return CATALOG_NO_MEMORY;
    if (!table_copy(definition, &t)) {
        free(stored);
        return CATALOG_NO_MEMORY;
    }
    t.id = c->next_id;
    uint64_t next_id = assign_index_ids(&t, c->next_id + 1);
    iso_timestamp(t.created_at, sizeof t.created_at);
    catalog_status status =
        write_change(c, CATALOG_KIND_TABLE, t.id, table_record(&t), false,
                     database_record(c, next_id, c->row_id_limit), error);
    if (status != CATALOG_OK) {
        table_free_members(&t);
        free(stored);
        return status;
    }
    c->next_id = next_id;
    *stored = t;
    c->tables[c->table_count++] = stored;
    *id = t.id;
    return CATALOG_OK;
}

catalog_status catalog_drop_table(catalog *c, uint64_t id, char **error)
{
    size_t index = 0;
    while (index < c->table_count && c->tables[index]->id != id)
        index++;
    if (index == c->table_count)
        return CATALOG_NOT_FOUND;
    catalog_table **graveyard = realloc(c->graveyard, (c->graveyard_count + 1) * sizeof *graveyard);
    if (graveyard == NULL)
        return CATALOG_NO_MEMORY;
    c->graveyard = graveyard;
    const catalog_table *t = c->tables[index];
    uint64_t *purges =
        realloc(c->purges, (c->purge_count + 1 + (size_t)t->index_count) * sizeof *purges);
    if (purges == NULL)
        return CATALOG_NO_MEMORY;
    c->purges = purges;
    /* One batch: the table record goes, the purge records (rows, index entries) come. */
    kv_batch *batch = kv_batch_create();
    catalog_status status = CATALOG_NO_MEMORY;
    key_buffer k;
    record_key(&k, CATALOG_KIND_TABLE, id);
    bool ok = batch != NULL && batch_put_purge(batch, id);
    for (int i = 0; ok && i < t->index_count; i++)
        ok = batch_put_purge(batch, t->indexes[i].id);
    if (ok) {
        kv_batch_delete(batch, k.bytes, k.length);
        status = kv_batch_write(c->store, batch, true, error) == KV_OK ? CATALOG_OK
                                                                       : CATALOG_IO_ERROR;
    }
    kv_batch_destroy(batch);
    if (status != CATALOG_OK)
        return status;
    c->version++;
    c->purges[c->purge_count++] = id;
    for (int i = 0; i < t->index_count; i++)
        c->purges[c->purge_count++] = t->indexes[i].id;
    c->graveyard[c->graveyard_count++] = c->tables[index];
    memmove(&c->tables[index], &c->tables[index + 1],
            (c->table_count - index - 1) * sizeof *c->tables);
    c->table_count--;
    return CATALOG_OK;
}

bool catalog_next_purge(const catalog *c, uint64_t *table_id)
{
    if (c->purge_count == 0)
        return false;
    *table_id = c->purges[0];
    return true;
}

catalog_status catalog_finish_purge(catalog *c, uint64_t table_id, char **error)
{
    catalog_status status = write_change(c, CATALOG_KIND_PURGE, table_id, NULL, true, NULL, error);
    if (status != CATALOG_OK)
        return status;
    for (size_t i = 0; i < c->purge_count; i++) {
        if (c->purges[i] == table_id) {
            memmove(&c->purges[i], &c->purges[i + 1], (c->purge_count - i - 1) * sizeof *c->purges);
            c->purge_count--;
            break;
        }
    }
    return CATALOG_OK;
}

catalog_status catalog_reserve_row_ids(catalog *c, uint64_t count, uint64_t *first, char **error)
{
    if (count > UINT64_MAX / 4 || c->row_id_next > UINT64_MAX / 4)
        return CATALOG_CORRUPT;
    if (c->row_id_next + count > c->row_id_limit) {
        uint64_t limit = c->row_id_next + count + ROW_ID_BLOCK;
        kv_batch *batch = kv_batch_create();
        cJSON *database = database_record(c, c->next_id, limit);
        catalog_status status = CATALOG_NO_MEMORY;
        if (batch != NULL && database != NULL &&
            batch_put_record(batch, CATALOG_KIND_DATABASE, 0, database))
            status = kv_batch_write(c->store, batch, true, error) == KV_OK ? CATALOG_OK
                                                                          : CATALOG_IO_ERROR;
        cJSON_Delete(database);
        kv_batch_destroy(batch);
        if (status != CATALOG_OK)
            return status;
        c->row_id_limit = limit;
    }
    *first = c->row_id_next;
    c->row_id_next += count;
    return CATALOG_OK;
}

void catalog_collect_garbage(catalog *c)
{
    for (size_t i = 0; i < c->graveyard_count; i++) {
        table_free_members(c->graveyard[i]);
        free(c->graveyard[i]);
    }
    c->graveyard_count = 0;
}

catalog_status catalog_replace_table(catalog *c, const catalog_table *definition, char **error)
{
    return catalog_replace_table_with(c, definition, NULL, NULL, 0, error);
}

catalog_status catalog_replace_table_with(catalog *c, const catalog_table *definition,
                                          kv_batch *batch, const uint64_t *purge_ids,
                                          size_t purge_count, char **error)
{
    size_t index = 0;
    while (index < c->table_count && c->tables[index]->id != definition->id)
        index++;
    if (index == c->table_count)
        return CATALOG_NOT_FOUND;
    const catalog_table *clash = catalog_find_table(c, definition->namespace_id, definition->name);
    if (clash != NULL && clash->id != definition->id)
        return CATALOG_DUPLICATE;
    catalog_table **graveyard = realloc(c->graveyard, (c->graveyard_count + 1) * sizeof *graveyard);
    if (graveyard == NULL)
        return CATALOG_NO_MEMORY;
    c->graveyard = graveyard;
    uint64_t *purges = realloc(c->purges, (c->purge_count + purge_count + 1) * sizeof *purges);
    if (purges == NULL)
        return CATALOG_NO_MEMORY;
    c->purges = purges;
    catalog_table *stored = malloc(sizeof *stored);
    if (stored == NULL)
        return CATALOG_NO_MEMORY;
    if (!table_copy(definition, stored)) {
        free(stored);
        return CATALOG_NO_MEMORY;
    }
    memcpy(stored->created_at, c->tables[index]->created_at, sizeof stored->created_at);
    uint64_t next_id = assign_index_ids(stored, c->next_id);
    kv_batch *own = batch == NULL ? kv_batch_create() : NULL;
    kv_batch *writes = batch != NULL ? batch : own;
    cJSON *database = next_id != c->next_id ? database_record(c, next_id, c->row_id_limit) : NULL;
    cJSON *record = table_record(stored);
    bool ok = writes != NULL && (next_id == c->next_id || database != NULL) &&
              batch_put_record(writes, CATALOG_KIND_TABLE, stored->id, record) &&
              (database == NULL || batch_put_record(writes, CATALOG_KIND_DATABASE, 0, database));
    for (size_t i = 0; ok && i < purge_count; i++)
        ok = batch_put_purge(writes, purge_ids[i]);
    catalog_status status = CATALOG_NO_MEMORY;
    if (ok)
        status = kv_batch_write(c->store, writes, true, error) == KV_OK ? CATALOG_OK
                                                                       : CATALOG_IO_ERROR;
    cJSON_Delete(database);
    cJSON_Delete(record);
    kv_batch_destroy(own);
    if (status != CATALOG_OK) {
        table_free_members(stored);
        free(stored);
        return status;
    }
    c->version++;
    c->next_id = next_id;
    for (size_t i = 0; i < purge_count; i++)
        c->purges[c->purge_count++] = purge_ids[i];
    c->graveyard[c->graveyard_count++] = c->tables[index];
    c->tables[index] = stored;
    return CATALOG_OK;
}

/* ---- sequences ---- */

static bool add_int64(cJSON *record, const char *name, long long v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", v);
    return cJSON_AddStringToObject(record, name, text) != NULL;
}

static cJSON *sequence_record(const catalog_sequence *s)
{
    cJSON *r = cJSON_CreateObject();
    if (r == NULL || !add_int64(r, "id", (long long)s->id) ||
        !add_int64(r, "namespace_id", (long long)s->namespace_id) ||
        cJSON_AddStringToObject(r, "name", s->name) == NULL ||
        !add_int64(r, "increment", s->increment) || !add_int64(r, "min", s->min_value) ||
        !add_int64(r, "max", s->max_value) || !add_int64(r, "start", s->start) ||
        !add_int64(r, "owner_table", (long long)s->owner_table) ||
        !add_int64(r, "reserved_to", s->reserved_to) ||
        cJSON_AddBoolToObject(r, "cycle", s->cycle) == NULL ||
        cJSON_AddBoolToObject(r, "is_called", s->is_called) == NULL) {
        cJSON_Delete(r);
        return NULL;
    }
    return r;
}

const catalog_sequence *catalog_find_sequence(const catalog *c, uint64_t namespace_id,
                                              const char *name)
{
    for (size_t i = 0; i < c->sequence_count; i++) {
        if (c->sequences[i].namespace_id == namespace_id && strcmp(c->sequences[i].name, name) == 0)
            return &c->sequences[i];
    }
    return NULL;
}

const catalog_sequence *catalog_sequence_by_id(const catalog *c, uint64_t id)
{
    for (size_t i = 0; i < c->sequence_count; i++) {
        if (c->sequences[i].id == id)
            return &c->sequences[i];
    }
    return NULL;
}

size_t catalog_sequence_count(const catalog *c)
{
    return c->sequence_count;
}

const catalog_sequence *catalog_sequence_at(const catalog *c, size_t index)
{
    return index < c->sequence_count ? &c->sequences[index] : NULL;
}

catalog_status catalog_create_sequence(catalog *c, const catalog_sequence *definition,
                                       uint64_t *id, char **error)
{
    if (catalog_find_sequence(c, definition->namespace_id, definition->name) != NULL ||
        catalog_find_table(c, definition->namespace_id, definition->name) != NULL)
        return CATALOG_DUPLICATE;
    catalog_sequence *grown = realloc(c->sequences, (c->sequence_count + 1) * sizeof *grown);
    if (grown == NULL)
        return CATALOG_NO_MEMORY;
    c->sequences = grown;
    catalog_sequence s = *definition;
    s.id = c->next_id;
    s.last_value = s.start;
    s.is_called = false;
    s.reserved_to = s.start;
    catalog_status status =
        write_change(c, CATALOG_KIND_SEQUENCE, s.id, sequence_record(&s), false,
                     database_record(c, c->next_id + 1, c->row_id_limit), error);
    if (status != CATALOG_OK)
        return status;
    c->next_id++;
    c->sequences[c->sequence_count++] = s;
    *id = s.id;
    return CATALOG_OK;
}

catalog_status catalog_drop_sequence(catalog *c, uint64_t id, char **error)
{
    const catalog_sequence *s = catalog_sequence_by_id(c, id);
    if (s == NULL)
        return CATALOG_NOT_FOUND;
    catalog_status status = write_change(c, CATALOG_KIND_SEQUENCE, id, NULL, true, NULL, error);
    if (status != CATALOG_OK)
        return status;
    size_t index = (size_t)(s - c->sequences);
    memmove(&c->sequences[index], &c->sequences[index + 1],
            (c->sequence_count - index - 1) * sizeof *c->sequences);
    c->sequence_count--;
    return CATALOG_OK;
}

/* Values handed out between persisted reservations, as PostgreSQL logs 32 ahead. */
#define SEQUENCE_RESERVE 32

sequence_status catalog_sequence_next(catalog *c, uint64_t id, int64_t *value, char **error)
{
    catalog_sequence *s = (catalog_sequence *)catalog_sequence_by_id(c, id);
    if (s == NULL)
        return SEQUENCE_STORAGE;
    int64_t next = s->last_value;
    if (s->is_called) {
        bool overflow = __builtin_add_overflow(s->last_value, s->increment, &next);
        if (overflow || next > s->max_value || next < s->min_value) {
            if (!s->cycle)
                return SEQUENCE_EXHAUSTED;
            next = s->increment > 0 ? s->min_value : s->max_value;
        }
    }
    bool beyond = s->increment > 0 ? next > s->reserved_to || !s->is_called
                                   : next < s->reserved_to || !s->is_called;
    if (beyond) {
        catalog_sequence updated = *s;
        int64_t ahead;
        if (__builtin_mul_overflow(s->increment, (int64_t)SEQUENCE_RESERVE, &ahead) ||
            __builtin_add_overflow(next, ahead, &updated.reserved_to))
            updated.reserved_to = s->increment > 0 ? s->max_value : s->min_value;
        if (updated.reserved_to > s->max_value)
            updated.reserved_to = s->max_value;
        if (updated.reserved_to < s->min_value)
            updated.reserved_to = s->min_value;
        updated.is_called = true;
        if (write_change(c, CATALOG_KIND_SEQUENCE, id, sequence_record(&updated), false, NULL,
                         error) != CATALOG_OK)
            return SEQUENCE_STORAGE;
        s->reserved_to = updated.reserved_to;
    }
    s->last_value = next;
    s->is_called = true;
    *value = next;
    return SEQUENCE_OK;
}

catalog_status catalog_sequence_set(catalog *c, uint64_t id, int64_t value, bool is_called,
                                    char **error)
{
    catalog_sequence *s = (catalog_sequence *)catalog_sequence_by_id(c, id);
    if (s == NULL)
        return CATALOG_NOT_FOUND;
    catalog_sequence updated = *s;
    updated.last_value = value;
    updated.is_called = is_called;
    /* After a restart the sequence continues past the value set. */
    updated.reserved_to = value;
    updated.start = is_called ? updated.start : value;
    catalog_status status =
        write_change(c, CATALOG_KIND_SEQUENCE, id, sequence_record(&updated), false, NULL, error);
    if (status != CATALOG_OK)
        return status;
    *s = updated;
    return CATALOG_OK;
}

catalog_status catalog_sequence_set_owner(catalog *c, uint64_t id, uint64_t table_id,
                                          char **error)
{
    catalog_sequence *s = (catalog_sequence *)catalog_sequence_by_id(c, id);
    if (s == NULL)
        return CATALOG_NOT_FOUND;
    catalog_sequence updated = *s;
    updated.owner_table = table_id;
    catalog_status status =
        write_change(c, CATALOG_KIND_SEQUENCE, id, sequence_record(&updated), false, NULL, error);
    if (status == CATALOG_OK)
        s->owner_table = table_id;
    return status;
}
