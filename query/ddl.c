#include "query/ddl.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/expr.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/permissions.h"
#include "query/sequences.h"
#include "query/system_tables.h"
#include "query/table_data.h"
#include "query/transaction.h"

/* ---- schemas ---- */

static bool reserved_schema_name(query_context *ctx, const char *name, int location)
{
    if (strncmp(name, "pg_", 3) == 0) {
        query_fail(ctx, SQLSTATE_RESERVED_NAME, location, "unacceptable schema name \"%s\"", name);
        return query_fail_detail(ctx, "The prefix \"pg_\" is reserved for system schemas.");
    }
    if (strcmp(name, "information_schema") == 0 || strcmp(name, "system") == 0) {
        query_fail(ctx, SQLSTATE_RESERVED_NAME, location, "unacceptable schema name \"%s\"", name);
        return query_fail_detail(ctx, "This name is reserved for QuillDB's system views.");
    }
    return true;
}

bool ddl_create_schema(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "CREATE SCHEMA");
    const char *name = node_get_string(node, "schemaname");
    if (node_get(node, "schemaElts") != NULL)
        return query_fail_unsupported(ctx, -1, "CREATE SCHEMA with schema elements");
    if (node_get(node, "authrole") != NULL)
        return query_fail_unsupported(ctx, -1, "CREATE SCHEMA ... AUTHORIZATION");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "schema name is required");
    if (!permission_check_create_namespace(ctx, -1) || !reserved_schema_name(ctx, name, -1))
        return false;
    if (catalog_find_namespace(ctx->catalog, name) != NULL) {
        if (node_get_bool(node, "if_not_exists")) {
            query_notice(ctx, "NOTICE", SQLSTATE_DUPLICATE_SCHEMA,
                         "schema \"%s\" already exists, skipping", name);
            return true;
        }
        return query_fail(ctx, SQLSTATE_DUPLICATE_SCHEMA, -1, "schema \"%s\" already exists", name);
    }
    char *error = NULL;
    catalog_status status = catalog_create_namespace(ctx->catalog, name, ctx->role_id, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}

/* ---- CREATE TABLE ---- */

/* Default expressions are stored apart from the statement that defined them: integer
 * constants libpg_query left implicit are written out (their text is gone later) and
 * locations, which point into this statement's text, are cleared. */
static bool detach_tree(query_context *ctx, cJSON *node)
{
    if (cJSON_IsObject(node)) {
        cJSON *a_const = cJSON_GetObjectItemCaseSensitive(node, "A_Const");
        if (a_const != NULL) {
            cJSON *ival = cJSON_GetObjectItemCaseSensitive(a_const, "ival");
            if (ival != NULL && cJSON_GetObjectItemCaseSensitive(ival, "ival") == NULL) {
                int64_t v;
                if (!node_integer_constant(ctx, a_const, &v))
                    return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1,
                                      "could not read an integer constant");
                if (cJSON_AddNumberToObject(ival, "ival", (double)v) == NULL)
                    return query_fail_no_memory(ctx);
            }
        }
        cJSON *location = cJSON_GetObjectItemCaseSensitive(node, "location");
        if (cJSON_IsNumber(location))
            cJSON_SetNumberValue(location, -1);
    }
    cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        if (!detach_tree(ctx, child))
            return false;
    }
    return true;
}

/* The WITH (...) options a table takes: PostgreSQL's storage parameters that a table
 * created by pgbench or a dump may carry (stored; LevelDB has no use for them), and the
 * table-kind options of DESIGN.md. Bounds and error texts are PostgreSQL's reloptions'. */
typedef enum option_kind { OPTION_INTEGER, OPTION_REAL, OPTION_BOOLEAN } option_kind;

typedef struct table_option {
    const char *name;
    option_kind kind;
    double min, max;
    const char *bounds_detail;
    int kinds; /* bit set of the table kinds that take it */
} table_option;

#define ALL_KINDS ((1 << TABLE_SHARED) | (1 << TABLE_USER) | (1 << TABLE_STREAM))

static const table_option table_options_known[] = {
    {"fillfactor", OPTION_INTEGER, 10, 100, "Valid values are between \"10\" and \"100\".",
     ALL_KINDS},
    {"toast_tuple_target", OPTION_INTEGER, 128, 8160,
     "Valid values are between \"128\" and \"8160\".", ALL_KINDS},
    {"parallel_workers", OPTION_INTEGER, 0, 1024, "Valid values are between \"0\" and \"1024\".",
     ALL_KINDS},
    {"autovacuum_enabled", OPTION_BOOLEAN, 0, 0, NULL, ALL_KINDS},
    {"ttl_seconds", OPTION_INTEGER, 1, INT32_MAX,
     "Valid values are between \"1\" and \"2147483647\".", 1 << TABLE_STREAM},
    {"max_buffer", OPTION_INTEGER, 1, INT32_MAX,
     "Valid values are between \"1\" and \"2147483647\".", 1 << TABLE_STREAM},
    {"deleted_retention_hours", OPTION_REAL, 0, 876000,
     "Valid values are between \"0.000000\" and \"876000.000000\".",
     (1 << TABLE_SHARED) | (1 << TABLE_USER)},
};

static const table_option *find_table_option(const char *name)
{
    for (size_t i = 0; i < sizeof table_options_known / sizeof table_options_known[0]; i++) {
        if (strcmp(table_options_known[i].name, name) == 0)
            return &table_options_known[i];
    }
    return NULL;
}

static bool check_option_value(query_context *ctx, const table_option *option, const char *text)
{
    static const char *const kind_words[] = {"integer", "floating point", "boolean"};
    char *end;
    errno = 0;
    double v = 0;
    bool valid;
    if (option->kind == OPTION_BOOLEAN) {
        valid = strcmp(text, "true") == 0 || strcmp(text, "false") == 0 ||
                strcmp(text, "on") == 0 || strcmp(text, "off") == 0 || strcmp(text, "1") == 0 ||
                strcmp(text, "0") == 0;
    } else if (option->kind == OPTION_INTEGER) {
        long long n = strtoll(text, &end, 10);
        valid = end != text && *end == '\0' && errno != ERANGE;
        v = (double)n;
    } else {
        v = strtod(text, &end);
        valid = end != text && *end == '\0' && errno != ERANGE && !isnan(v);
    }
    if (!valid)
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                          "invalid value for %s option \"%s\": %s", kind_words[option->kind],
                          option->name, text);
    if (option->kind != OPTION_BOOLEAN && (v < option->min || v > option->max)) {
        query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                   "value %s out of bounds for option \"%s\"", text, option->name);
        return query_fail_detail(ctx, option->bounds_detail);
    }
    return true;
}

static const char *option_integer_as_written(const query_context *ctx, int location,
                                             char *buffer, size_t capacity)
{
    if (location < 0 || (size_t)location >= ctx->query_length)
        return "0";
    const char *p = ctx->query_text + location, *end = ctx->query_text + ctx->query_length;
    while (p < end && *p != '=')
        p++;
    if (p < end)
        p++;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    size_t n = 0;
    while (p + n < end && n + 1 < capacity && (p[n] == '-' || (p[n] >= '0' && p[n] <= '9')))
        n++;
    if (n == 0)
        return "0";
    memcpy(buffer, p, n);
    buffer[n] = '\0';
    return buffer;
}

/* WITH (...) as a JSON object; type= decides the table kind, and the kind which of our own
 * options apply (ttl_seconds and max_buffer for stream tables, deleted_retention_hours for
 * the others). */
static bool table_options(query_context *ctx, const cJSON *options, catalog_table *t)
{
    cJSON *object = cJSON_CreateObject();
    if (object == NULL)
        return query_fail_no_memory(ctx);
    bool ok = true;
    const cJSON *option;
    cJSON_ArrayForEach(option, options)
    {
        const cJSON *fields = node_fields(option);
        const char *name = node_get_string(fields, "defname");
        const cJSON *arg = node_get(fields, "arg");
        const char *kind = node_kind(arg);
        const char *text = NULL;
        char number[32];
        if (strcmp(kind, "String") == 0) {
            text = node_get_string(node_fields(arg), "sval");
        } else if (strcmp(kind, "Integer") == 0 && node_get(node_fields(arg), "ival") == NULL) {
            /* libpg_query's JSON drops the value of a negative Integer here (and of 0):
             * read the number as written after the '='. */
            text = option_integer_as_written(ctx, node_get_int(fields, "location", -1), number,
                                             sizeof number);
        } else if (strcmp(kind, "Integer") == 0) {
            snprintf(number, sizeof number, "%d", node_get_int(node_fields(arg), "ival", 0));
            text = number;
        } else if (strcmp(kind, "Float") == 0) {
            text = node_get_string(node_fields(arg), "fval");
        } else if (strcmp(kind, "Boolean") == 0) {
            text = node_get_bool(node_fields(arg), "boolval") ? "true" : "false";
        } else if (strcmp(kind, "TypeName") == 0 &&
                   cJSON_GetArraySize(node_get(node_fields(arg), "names")) == 1) {
            /* A bare word (off, on, an identifier) parses as a type name. */
            text = node_string_value(cJSON_GetArrayItem(node_get(node_fields(arg), "names"), 0));
        } else if (arg == NULL) {
            text = "true";
        }
        if (name == NULL || text == NULL) {
            ok = query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid storage parameter");
            break;
        }
        if (cJSON_GetObjectItemCaseSensitive(object, name) != NULL) {
            ok = query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                            "parameter \"%s\" specified more than once", name);
            break;
        }
        if (strcmp(name, "type") == 0) {
            if (strcmp(text, "shared") == 0) {
                t->kind = TABLE_SHARED;
            } else if (strcmp(text, "user") == 0) {
                t->kind = TABLE_USER;
            } else if (strcmp(text, "stream") == 0) {
                t->kind = TABLE_STREAM;
            } else {
                ok = query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                                "invalid table type \"%s\"", text);
                query_fail_hint(ctx, "Valid table types are shared, user and stream.");
                break;
            }
        } else if (find_table_option(name) == NULL) {
            ok = query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                            "unrecognized parameter \"%s\"", name);
            break;
        } else if (!check_option_value(ctx, find_table_option(name), text)) {
            ok = false;
            break;
        }
        if (cJSON_AddStringToObject(object, name, text) == NULL) {
            ok = query_fail_no_memory(ctx);
            break;
        }
    }
    /* The kind is known only once every option is read: WITH (ttl_seconds = 5, type = ...). */
    const cJSON *entry;
    cJSON_ArrayForEach(entry, object)
    {
        const table_option *option = find_table_option(entry->string);
        if (ok && option != NULL && (option->kinds & (1 << t->kind)) == 0) {
            ok = query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                            "option \"%s\" is not valid for %s tables", entry->string,
                            table_kind_name(t->kind));
            break;
        }
    }
    if (ok && t->kind == TABLE_STREAM &&
        cJSON_GetObjectItemCaseSensitive(object, "ttl_seconds") == NULL) {
        ok = query_fail(ctx, SQLSTATE_INVALID_TABLE_DEFINITION, -1,
                        "stream table \"%s\" requires the ttl_seconds option", t->name);
        query_fail_hint(ctx, "Add WITH (ttl_seconds = N): rows are kept for N seconds.");
    }
    if (ok) {
        char *json = cJSON_PrintUnformatted(object);
        t->options = json != NULL ? arena_strdup(ctx->arena, json) : NULL;
        cJSON_free(json);
        ok = t->options != NULL || query_fail_no_memory(ctx);
    }
    cJSON_Delete(object);
    return ok;
}

static bool is_system_column_name(const char *name)
{
    return strcmp(name, "_seq") == 0 || strcmp(name, "_deleted") == 0;
}

/* User and shared tables end with _seq and _deleted (DESIGN.md, "Table kinds and keys");
 * a column of the same name is refused as PostgreSQL refuses one named xmin. */
static bool add_system_columns(query_context *ctx, catalog_table *t)
{
    if (t->kind == TABLE_STREAM)
        return true;
    for (int i = 0; i < t->column_count; i++) {
        if (is_system_column_name(t->columns[i].name))
            return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                              "column name \"%s\" conflicts with a system column name",
                              t->columns[i].name);
    }
    if (t->column_count + 2 > CATALOG_MAX_COLUMNS)
        return query_fail(ctx, "54011", -1, "tables can have at most %d columns",
                          CATALOG_MAX_COLUMNS - 2);
    static const struct {
        const char *name;
        uint32_t type;
    } system_columns[] = {{"_seq", TYPE_INT8}, {"_deleted", TYPE_BOOL}};
    for (size_t i = 0; i < sizeof system_columns / sizeof system_columns[0]; i++) {
        catalog_column *c = &t->columns[t->column_count++];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", system_columns[i].name);
        c->type = system_columns[i].type;
        c->typmod = TYPMOD_NONE;
        c->not_null = true;
        c->system = true;
    }
    return true;
}

static int column_position(const catalog_table *t, const char *name)
{
    for (int i = 0; i < t->column_count; i++) {
        if (!t->columns[i].dropped && strcmp(t->columns[i].name, name) == 0)
            return i;
    }
    return -1;
}

static bool set_primary_key(query_context *ctx, catalog_table *t, const cJSON *keys,
                            const char *single_column, int location)
{
    if (t->primary_key_count > 0)
        return query_fail(ctx, SQLSTATE_INVALID_TABLE_DEFINITION, location,
                          "multiple primary keys for table \"%s\" are not allowed", t->name);
    int count = single_column != NULL ? 1 : cJSON_GetArraySize(keys);
    t->primary_key = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof(int));
    if (t->primary_key == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < count; i++) {
        const char *name = single_column != NULL
                               ? single_column
                               : node_string_value(cJSON_GetArrayItem(keys, i));
        int position = name != NULL ? column_position(t, name) : -1;
        if (position < 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, location,
                              "column \"%s\" named in key does not exist", name ? name : "");
        for (int j = 0; j < i; j++) {
            if (t->primary_key[j] == position)
                return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, location,
                                  "column \"%s\" appears twice in primary key constraint", name);
        }
        if (!type_has_ordering(t->columns[position].type)) {
            query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, -1,
                       "data type %s has no default operator class for access method \"btree\"",
                       type_display_name(t->columns[position].type));
            return query_fail_hint(ctx, "You must specify an operator class for the index or "
                                        "define a default operator class for the data type.");
        }
        t->primary_key[i] = position;
        t->columns[position].not_null = true;
    }
    t->primary_key_count = count;
    return true;
}

/* Checks a DEFAULT the way PostgreSQL does at CREATE time: it must be a valid expression
 * of a type assignable to the column, and may not reference columns. */
static bool add_default(query_context *ctx, catalog_column *column, const cJSON *raw)
{
    analyze_scope scope = {.aggregates_forbidden_in = "DEFAULT expressions",
                           .columns_and_subqueries_forbidden_in = "DEFAULT expression"};
    analyze_scope *saved = ctx->scope;
    ctx->scope = &scope;
    expr *e;
    bool analyzed = expr_analyze(ctx, raw, &e);
    ctx->scope = saved;
    if (!analyzed)
        return false;
    if (!cast_exists(expr_type(e), column->type, CAST_ASSIGNMENT)) {
        query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                   "column \"%s\" is of type %s but default expression is of type %s",
                   column->name, type_format(ctx, column->type, column->typmod),
                   type_display_name(expr_type(e)));
        return query_fail_hint(ctx, "You will need to rewrite or cast the expression.");
    }
    /* Coercing now reports a bad constant (DEFAULT 'x' for an integer) at CREATE time. */
    if (!expr_coerce(ctx, e, column->type, column->typmod, CAST_ASSIGNMENT, NULL, &e))
        return false;
    cJSON *copy = cJSON_Duplicate(raw, true);
    if (copy == NULL)
        return query_fail_no_memory(ctx);
    bool ok = detach_tree(ctx, copy);
    char *json = ok ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    if (!ok)
        return false;
    column->default_tree = json != NULL ? arena_strdup(ctx->arena, json) : NULL;
    cJSON_free(json);
    return column->default_tree != NULL || query_fail_no_memory(ctx);
}

static bool supported_column_type(uint32_t type)
{
    /* Arrays are stored in their binary form (array_send), whatever the element. */
    if (type_array_element(type) != 0)
        return true;
    return type == TYPE_BOOL || type_is_integer(type) || type_is_float(type) ||
           type == TYPE_NUMERIC || type == TYPE_TEXT || type == TYPE_VARCHAR ||
           type == TYPE_BPCHAR || type_is_datetime(type) || type == TYPE_UUID ||
           type == TYPE_BYTEA || type == TYPE_JSON || type == TYPE_JSONB;
}

/* serial, bigserial, smallserial (and serial4/8, serial2): the integer type they stand for. */
static uint32_t serial_type(const char *name, int name_count)
{
    if (name == NULL || name_count != 1)
        return 0;
    if (strcmp(name, "serial") == 0 || strcmp(name, "serial4") == 0)
        return TYPE_INT4;
    if (strcmp(name, "bigserial") == 0 || strcmp(name, "serial8") == 0)
        return TYPE_INT8;
    if (strcmp(name, "smallserial") == 0 || strcmp(name, "serial2") == 0)
        return TYPE_INT2;
    return 0;
}

static char serial_marker[] = "serial";
#define SERIAL_PENDING serial_marker

static bool add_column(query_context *ctx, catalog_table *t, const cJSON *def)
{
    const char *name = node_get_string(def, "colname");
    int location = node_get_int(def, "location", -1);
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "column name is required");
    if (column_position(t, name) >= 0)
        return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                          "column \"%s\" specified more than once", name);
    if (t->column_count == CATALOG_MAX_COLUMNS)
        return query_fail(ctx, "54011", -1, "tables can have at most %d columns",
                          CATALOG_MAX_COLUMNS);
    catalog_column *column = &t->columns[t->column_count];
    memset(column, 0, sizeof *column);
    snprintf(column->name, sizeof column->name, "%s", name);
    const cJSON *type_name = node_get(def, "typeName");
    const cJSON *names = node_get(type_name, "names");
    const char *last = node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    uint32_t serial = serial_type(last, cJSON_GetArraySize(names));
    if (serial != 0) {
        column->type = serial;
        column->typmod = TYPMOD_NONE;
        column->not_null = true;
        /* Marks the column: the sequence and its DEFAULT are made with the table. */
        column->default_tree = SERIAL_PENDING;
    } else if (!expr_resolve_type(ctx, type_name, &column->type, &column->typmod)) {
        return false;
    }
    if (!supported_column_type(column->type))
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, node_get_int(type_name, "location", -1),
                          "feature not supported: columns of type %s",
                          type_display_name(column->type));
    t->column_count++;
    column->not_null = column->not_null || node_get_bool(def, "is_not_null");

    const cJSON *constraint;
    cJSON_ArrayForEach(constraint, node_get(def, "constraints"))
    {
        const cJSON *c = node_fields(constraint);
        const char *type = node_get_string(c, "contype");
        int at = node_get_int(c, "location", -1);
        if (type == NULL)
            continue;
        if (strcmp(type, "CONSTR_NOTNULL") == 0) {
            column->not_null = true;
        } else if (strcmp(type, "CONSTR_NULL") == 0) {
            column->not_null = false;
        } else if (strcmp(type, "CONSTR_DEFAULT") == 0) {
            if (column->default_tree == SERIAL_PENDING)
                return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1,
                                  "multiple default values specified for column \"%s\" of table "
                                  "\"%s\"",
                                  column->name, t->name);
            if (!add_default(ctx, column, node_get(c, "raw_expr")))
                return false;
        } else if (strcmp(type, "CONSTR_PRIMARY") == 0) {
            if (!set_primary_key(ctx, t, NULL, name, at))
                return false;
        } else {
            const char *what = strncmp(type, "CONSTR_", 7) == 0 ? type + 7 : type;
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, at,
                              "feature not supported: %s constraints", what);
        }
    }
    return true;
}

bool ddl_create_table(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "CREATE TABLE");
    const cJSON *relation = node_get(node, "relation");
    const char *schema = node_get_string(relation, "schemaname");
    const char *name = node_get_string(relation, "relname");
    int location = node_get_int(relation, "location", -1);
    const char *persistence = node_get_string(relation, "relpersistence");
    if (persistence != NULL && strcmp(persistence, "t") == 0)
        return query_fail_unsupported(ctx, location, "temporary tables");
    if (node_get(node, "inhRelations") != NULL)
        return query_fail_unsupported(ctx, location, "table inheritance");
    if (node_get(node, "partspec") != NULL || node_get(node, "partbound") != NULL)
        return query_fail_unsupported(ctx, location, "partitioned tables");
    if (node_get(node, "ofTypename") != NULL)
        return query_fail_unsupported(ctx, location, "typed tables");
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "table name is required");

    const catalog_namespace *namespace = names_creation_namespace(ctx, schema, location);
    if (namespace == NULL)
        return false;
    if (catalog_find_table(ctx->catalog, namespace->id, name) != NULL ||
        catalog_find_sequence(ctx->catalog, namespace->id, name) != NULL) {
        if (node_get_bool(node, "if_not_exists")) {
            query_notice(ctx, "NOTICE", SQLSTATE_DUPLICATE_TABLE,
                         "relation \"%s\" already exists, skipping", name);
            return true;
        }
        return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists", name);
    }

    catalog_table t;
    memset(&t, 0, sizeof t);
    snprintf(t.name, sizeof t.name, "%s", name);
    t.namespace_id = namespace->id;
    t.owner_role_id = ctx->role_id;
    t.kind = TABLE_SHARED;
    t.seq_column = t.deleted_column = -1;
    const cJSON *elements = node_get(node, "tableElts");
    int element_count = cJSON_GetArraySize(elements);
    /* Room for the system columns too. */
    t.columns = arena_zalloc(ctx->arena, (size_t)(element_count + 2) * sizeof *t.columns);
    if (t.columns == NULL)
        return query_fail_no_memory(ctx);
    const cJSON *element;
    cJSON_ArrayForEach(element, elements)
    {
        const char *kind = node_kind(element);
        const cJSON *fields = node_fields(element);
        if (strcmp(kind, "ColumnDef") == 0) {
            if (!add_column(ctx, &t, fields))
                return false;
        } else if (strcmp(kind, "Constraint") == 0 &&
                   strcmp(node_get_string(fields, "contype") ? node_get_string(fields, "contype")
                                                             : "",
                          "CONSTR_PRIMARY") == 0) {
            continue; /* table-level keys are applied once all columns exist */
        } else if (strcmp(kind, "Constraint") == 0) {
            const char *type = node_get_string(fields, "contype");
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED,
                              node_get_int(fields, "location", -1),
                              "feature not supported: %s constraints",
                              type != NULL && strncmp(type, "CONSTR_", 7) == 0 ? type + 7 : "table");
        } else {
            return query_fail_unsupported(ctx, location, "CREATE TABLE ... LIKE");
        }
    }
    cJSON_ArrayForEach(element, elements)
    {
        const cJSON *fields = node_fields(element);
        if (strcmp(node_kind(element), "Constraint") == 0 &&
            !set_primary_key(ctx, &t, node_get(fields, "keys"), NULL,
                             node_get_int(fields, "location", -1)))
            return false;
    }
    if (!table_options(ctx, node_get(node, "options"), &t) ||
        !permission_check_create_table(ctx, namespace, t.kind, location))
        return false;
    if (t.kind == TABLE_STREAM && t.primary_key_count > 0)
        return query_fail_unsupported(ctx, -1, "primary keys on stream tables (rows are keyed "
                                               "by their arrival time)");
    if (!add_system_columns(ctx, &t))
        return false;

    /* serial columns: their sequences first (the DEFAULT names them), owned once the table
     * exists. */
    uint64_t *sequences = arena_zalloc(ctx->arena, (size_t)(t.column_count + 1) * sizeof *sequences);
    if (sequences == NULL)
        return query_fail_no_memory(ctx);
    int sequence_count = 0;
    for (int i = 0; i < t.column_count; i++) {
        if (t.columns[i].default_tree != SERIAL_PENDING)
            continue;
        if (!sequence_create_for_serial(ctx, t.namespace_id, t.name, t.columns[i].name,
                                        t.columns[i].type, &sequences[sequence_count],
                                        &t.columns[i].default_tree))
            return false;
        sequence_count++;
    }
    uint64_t id;
    char *error = NULL;
    catalog_status status = catalog_create_table(ctx->catalog, &t, &id, &error);
    if (status != CATALOG_OK) {
        query_fail_catalog(ctx, status, error);
        for (int i = 0; i < sequence_count; i++)
            catalog_drop_sequence(ctx->catalog, sequences[i], NULL);
        return false;
    }
    for (int i = 0; i < sequence_count; i++) {
        if (!sequence_set_owner(ctx, sequences[i], id))
            return false;
    }
    return true;
}

/* ---- DROP ---- */

/* DROP and ALTER wait for the transaction writing, if any, to end: its rows must not
 * land under a table that is gone or has changed shape meanwhile. */
static bool lock_out_writers(query_context *ctx)
{
    return ctx->transaction == NULL || transaction_lock_for_write(ctx, ctx->transaction);
}

static bool drop_tables(query_context *ctx, const cJSON *node)
{
    if (!lock_out_writers(ctx))
        return false;
    bool missing_ok = node_get_bool(node, "missing_ok");
    const cJSON *objects = node_get(node, "objects");
    int count = cJSON_GetArraySize(objects);
    uint64_t *ids = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *ids);
    if (ids == NULL)
        return query_fail_no_memory(ctx);
    int found = 0;
    /* Resolve every name first: DROP TABLE a, b drops neither if b is missing. */
    const cJSON *object;
    cJSON_ArrayForEach(object, objects)
    {
        const cJSON *items = node_get(node_fields(object), "items");
        int n = cJSON_GetArraySize(items);
        const char *name = node_string_value(cJSON_GetArrayItem(items, n - 1));
        const char *schema = n > 1 ? node_string_value(cJSON_GetArrayItem(items, n - 2)) : NULL;
        if (n > 2)
            return query_fail_unsupported(ctx, -1, "cross-database references");
        if (name == NULL)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid table name");
        const catalog_table *t = names_resolve_table(ctx, schema, name, -1, true);
        if (t == NULL && system_table_exists(schema, name))
            return false; /* refused, not missing */
        if (t == NULL) {
            /* DROP words these as "table", not "relation", and names the schema first. */
            bool schema_missing = schema != NULL && catalog_find_namespace(ctx->catalog, schema) == NULL;
            const char *what = schema_missing ? "schema" : "table";
            const char *shown = schema_missing ? schema : name;
            if (!missing_ok)
                return query_fail(ctx, schema_missing ? SQLSTATE_UNDEFINED_SCHEMA
                                                      : SQLSTATE_UNDEFINED_TABLE,
                                  -1, "%s \"%s\" does not exist", what, shown ? shown : name);
            query_notice(ctx, "NOTICE", "00000", "%s \"%s\" does not exist, skipping", what,
                         shown ? shown : name);
            continue;
        }
        if (!permission_check_owner(ctx, t->owner_role_id, "table", t->name))
            return false;
        ids[found++] = t->id;
    }
    for (int i = 0; i < found; i++) {
        if (catalog_table_by_id(ctx->catalog, ids[i]) == NULL)
            continue; /* named twice */
        char *error = NULL;
        catalog_status status = catalog_drop_table(ctx->catalog, ids[i], &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
        if (!sequence_drop_owned(ctx, ids[i]))
            return false;
    }
    return true;
}

static bool drop_schemas(query_context *ctx, const cJSON *node)
{
    if (!lock_out_writers(ctx))
        return false;
    bool missing_ok = node_get_bool(node, "missing_ok");
    const char *behavior = node_get_string(node, "behavior");
    bool cascade = behavior != NULL && strcmp(behavior, "DROP_CASCADE") == 0;
    const cJSON *object;
    cJSON_ArrayForEach(object, node_get(node, "objects"))
    {
        const char *name = node_string_value(object);
        if (name == NULL)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid schema name");
        if (strcmp(name, SYSTEM_NAMESPACE) == 0)
            return query_fail(ctx, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, -1,
                              "cannot drop schema %s because it is required by the database system",
                              name);
        const catalog_namespace *n = catalog_find_namespace(ctx->catalog, name);
        if (n == NULL) {
            if (missing_ok) {
                query_notice(ctx, "NOTICE", "00000", "schema \"%s\" does not exist, skipping", name);
                continue;
            }
            return query_fail(ctx, SQLSTATE_UNDEFINED_SCHEMA, -1, "schema \"%s\" does not exist",
                              name);
        }
        if (!permission_check_owner(ctx, n->owner_role_id, "schema", name))
            return false;
        uint64_t namespace_id = n->id;
        /* One line per dependent table, in creation order, as PostgreSQL lists them. */
        size_t dependents = 0;
        const char *lines = "";
        for (size_t i = 0; i < catalog_table_count(ctx->catalog) && lines != NULL; i++) {
            const catalog_table *t = catalog_table_at(ctx->catalog, i);
            if (t->namespace_id != namespace_id)
                continue;
            lines = arena_printf(ctx->arena, "%s%s%s %s.%s", lines, dependents > 0 ? "\n" : "",
                                 cascade ? "drop cascades to table" : "table", name, t->name);
            if (lines != NULL && !cascade)
                lines = arena_printf(ctx->arena, "%s depends on schema %s", lines, name);
            dependents++;
        }
        for (size_t i = 0; i < catalog_sequence_count(ctx->catalog) && lines != NULL; i++) {
            const catalog_sequence *s = catalog_sequence_at(ctx->catalog, i);
            if (s->namespace_id != namespace_id || s->owner_table != 0)
                continue;
            lines = arena_printf(ctx->arena, "%s%s%s %s.%s%s%s", lines, dependents > 0 ? "\n" : "",
                                 cascade ? "drop cascades to sequence" : "sequence", name, s->name,
                                 cascade ? "" : " depends on schema ", cascade ? "" : name);
            dependents++;
        }
        if (lines == NULL)
            return query_fail_no_memory(ctx);
        if (dependents > 0 && !cascade) {
            query_fail(ctx, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, -1,
                       "cannot drop schema %s because other objects depend on it", name);
            query_fail_detail(ctx, lines);
            return query_fail_hint(ctx, "Use DROP ... CASCADE to drop the dependent objects too.");
        }
        if (dependents == 1)
            query_notice(ctx, "NOTICE", "00000", "%s", lines);
        else if (dependents > 1)
            query_notice_detail(ctx, "NOTICE", "00000", lines,
                                arena_printf(ctx->arena, "drop cascades to %zu other objects",
                                             dependents));
        for (size_t i = catalog_table_count(ctx->catalog); i-- > 0;) {
            const catalog_table *t = catalog_table_at(ctx->catalog, i);
            if (t->namespace_id != namespace_id)
                continue;
            uint64_t id = t->id;
            char *error = NULL;
            catalog_status status = catalog_drop_table(ctx->catalog, id, &error);
            if (status != CATALOG_OK)
                return query_fail_catalog(ctx, status, error);
            if (!sequence_drop_owned(ctx, id))
                return false;
        }
        for (size_t i = catalog_sequence_count(ctx->catalog); i-- > 0;) {
            const catalog_sequence *s = catalog_sequence_at(ctx->catalog, i);
            if (s->namespace_id != namespace_id)
                continue;
            char *error = NULL;
            catalog_status status = catalog_drop_sequence(ctx->catalog, s->id, &error);
            if (status != CATALOG_OK)
                return query_fail_catalog(ctx, status, error);
        }
        char *error = NULL;
        catalog_status status = catalog_drop_namespace(ctx->catalog, namespace_id, &error);
        if (status != CATALOG_OK)
            return query_fail_catalog(ctx, status, error);
    }
    return true;
}

bool ddl_drop(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    const char *type = node_get_string(node, "removeType");
    if (type != NULL && strcmp(type, "OBJECT_TABLE") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "DROP TABLE");
        return drop_tables(ctx, node);
    }
    if (type != NULL && strcmp(type, "OBJECT_SCHEMA") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "DROP SCHEMA");
        return drop_schemas(ctx, node);
    }
    if (type != NULL && strcmp(type, "OBJECT_SEQUENCE") == 0) {
        snprintf(tag, COMMAND_TAG_MAX, "DROP SEQUENCE");
        return sequence_drop_statement(ctx, node);
    }
    const char *what = type != NULL && strncmp(type, "OBJECT_", 7) == 0 ? type + 7 : "object";
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "feature not supported: DROP %s",
                      what);
}

bool ddl_truncate(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "TRUNCATE TABLE");
    const cJSON *relations = node_get(node, "relations");
    int count = cJSON_GetArraySize(relations);
    const catalog_table **tables = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *tables);
    if (tables == NULL)
        return query_fail_no_memory(ctx);
    /* Resolve every name before emptying anything. */
    int i = 0;
    const cJSON *relation;
    cJSON_ArrayForEach(relation, relations)
    {
        const cJSON *fields = node_fields(relation);
        tables[i] = names_resolve_table(ctx, node_get_string(fields, "schemaname"),
                                        node_get_string(fields, "relname") != NULL
                                            ? node_get_string(fields, "relname")
                                            : "",
                                        -1, false);
        if (tables[i] == NULL || !permission_check_truncate(ctx, tables[i]))
            return false;
        i++;
    }
    for (int k = 0; k < count; k++) {
        if (!table_data_purge(ctx, tables[k]))
            return false;
    }
    return true;
}

/* ---- ALTER TABLE ---- */

/* Does any row hold NULL (or nothing at all, for empty_is_enough) in the column? */
static bool column_has_nulls(query_context *ctx, const catalog_table *t, int column,
                             bool any_row, bool *found)
{
    key_buffer start, end;
    table_key_prefix(ctx, t, &start);
    if (!key_prefix_successor(&start, &end))
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "no key range for table");
    table_scan *scan = table_scan_open(ctx, t, &start, &end, TABLE_ROWS_VISIBLE);
    value *row = arena_alloc(ctx->arena, (size_t)(t->column_count + 1) * sizeof *row);
    if (scan == NULL || row == NULL) {
        table_scan_close(scan);
        return row == NULL ? query_fail_no_memory(ctx) : false;
    }
    *found = false;
    bool ok = true;
    for (;;) {
        bool more;
        if (!(ok = table_scan_next(ctx, scan, row, NULL, &more)) || !more)
            break;
        if (any_row || row[column].is_null) {
            *found = true;
            break;
        }
    }
    table_scan_close(scan);
    return ok;
}

static bool contains_nulls(query_context *ctx, const catalog_table *t, int column)
{
    const catalog_namespace *n = catalog_namespace_by_id(ctx->catalog, t->namespace_id);
    query_fail(ctx, SQLSTATE_NOT_NULL_VIOLATION, -1,
               "column \"%s\" of relation \"%s\" contains null values", t->columns[column].name,
               t->name);
    /* t may be a statement-local copy: the error outlives it, so copy the names. */
    return query_fail_object(ctx, n != NULL ? n->name : NULL, arena_strdup(ctx->arena, t->name),
                             arena_strdup(ctx->arena, t->columns[column].name), NULL);
}

/* ALTER TABLE ... ADD COLUMN: existing rows read the default of this moment. */
static bool alter_add_column(query_context *ctx, catalog_table *t, const catalog_table *old,
                             const cJSON *cmd)
{
    const cJSON *def = node_fields(node_get(cmd, "def"));
    const char *name = node_get_string(def, "colname");
    if (name != NULL && t->seq_column >= 0 && is_system_column_name(name))
        return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                          "column name \"%s\" conflicts with a system column name", name);
    if (name != NULL && column_position(t, name) >= 0) {
        if (node_get_bool(cmd, "missing_ok")) {
            query_notice(ctx, "NOTICE", "42701",
                         "column \"%s\" of relation \"%s\" already exists, skipping", name,
                         t->name);
            return true;
        }
        return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                          "column \"%s\" of relation \"%s\" already exists", name, t->name);
    }
    int primary_keys = t->primary_key_count;
    if (!add_column(ctx, t, def))
        return false;
    if (t->columns[t->column_count - 1].default_tree == SERIAL_PENDING)
        return query_fail_unsupported(ctx, -1, "adding a serial column to an existing table");
    if (t->primary_key_count != primary_keys)
        return query_fail_unsupported(ctx, -1, "adding a primary key column");
    catalog_column *column = &t->columns[t->column_count - 1];
    if (column->default_tree != NULL) {
        cJSON *tree = cJSON_Parse(column->default_tree);
        expr *e;
        value v;
        analyze_scope *saved = ctx->scope;
        ctx->scope = NULL;
        bool ok = tree != NULL && expr_analyze(ctx, tree, &e) &&
                  expr_coerce(ctx, e, column->type, column->typmod, CAST_ASSIGNMENT, NULL, &e) &&
                  expr_evaluate(ctx, e, &v);
        ctx->scope = saved;
        cJSON_Delete(tree);
        if (!ok)
            return tree == NULL ? query_fail_no_memory(ctx) : false;
        if (!v.is_null) {
            const char *text;
            size_t length;
            if (!value_to_text(ctx, &v, &text, &length) ||
                (column->missing_value = arena_strndup(ctx->arena, text, length)) == NULL)
                return false;
        }
    }
    if (column->not_null && column->missing_value == NULL) {
        bool has_rows;
        if (!column_has_nulls(ctx, old, 0, true, &has_rows))
            return false;
        if (has_rows)
            return contains_nulls(ctx, t, t->column_count - 1);
    }
    return true;
}

static int alter_column(query_context *ctx, catalog_table *t, const cJSON *cmd,
                        const char *verb, bool *skip)
{
    const char *name = node_get_string(cmd, "name");
    int c = name != NULL ? column_position(t, name) : -1;
    *skip = false;
    if (c >= 0 && t->columns[c].system) {
        query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "cannot %s system column \"%s\"",
                   verb, name);
        return -1;
    }
    if (c < 0) {
        if (node_get_bool(cmd, "missing_ok")) {
            query_notice(ctx, "NOTICE", "00000",
                         "column \"%s\" of relation \"%s\" does not exist, skipping",
                         name != NULL ? name : "", t->name);
            *skip = true;
            return -1;
        }
        query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1,
                   "column \"%s\" of relation \"%s\" does not exist", name != NULL ? name : "",
                   t->name);
    }
    return c;
}

static bool in_primary_key(const catalog_table *t, int column)
{
    for (int k = 0; k < t->primary_key_count; k++) {
        if (t->primary_key[k] == column)
            return true;
    }
    return false;
}

static bool apply_alter_command(query_context *ctx, catalog_table *t, const catalog_table *old,
                                const cJSON *cmd)
{
    const char *subtype = node_get_string(cmd, "subtype");
    if (subtype == NULL)
        subtype = "";
    if (strcmp(subtype, "AT_AddColumn") == 0)
        return alter_add_column(ctx, t, old, cmd);
    bool skip;
    if (strcmp(subtype, "AT_DropColumn") == 0) {
        int c = alter_column(ctx, t, cmd, "drop", &skip);
        if (c < 0)
            return skip;
        if (in_primary_key(t, c))
            return query_fail_unsupported(ctx, -1, "dropping a primary key column");
        /* The position stays (old rows still hold a value there); the name is freed. */
        t->columns[c].dropped = true;
        t->columns[c].not_null = false;
        t->columns[c].default_tree = NULL;
        t->columns[c].missing_value = NULL;
        snprintf(t->columns[c].name, sizeof t->columns[c].name, "........pg.dropped.%d........",
                 c + 1);
        return true;
    }
    if (strcmp(subtype, "AT_ColumnDefault") == 0) {
        int c = alter_column(ctx, t, cmd, "alter", &skip);
        if (c < 0)
            return false;
        t->columns[c].default_tree = NULL;
        const cJSON *def = node_get(cmd, "def");
        return def == NULL || add_default(ctx, &t->columns[c], def);
    }
    if (strcmp(subtype, "AT_SetNotNull") == 0) {
        int c = alter_column(ctx, t, cmd, "alter", &skip);
        if (c < 0)
            return false;
        if (t->columns[c].not_null)
            return true;
        bool has_nulls = false;
        if (c < old->column_count && !column_has_nulls(ctx, old, c, false, &has_nulls))
            return false;
        if (has_nulls)
            return contains_nulls(ctx, t, c);
        t->columns[c].not_null = true;
        return true;
    }
    if (strcmp(subtype, "AT_DropNotNull") == 0) {
        int c = alter_column(ctx, t, cmd, "alter", &skip);
        if (c < 0)
            return false;
        if (in_primary_key(t, c))
            return query_fail(ctx, SQLSTATE_INVALID_TABLE_DEFINITION, -1,
                              "column \"%s\" is in a primary key", t->columns[c].name);
        t->columns[c].not_null = false;
        return true;
    }
    const char *what = strncmp(subtype, "AT_", 3) == 0 ? subtype + 3 : subtype;
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                      "feature not supported: ALTER TABLE %s", what);
}

/* The table to alter, copied into statement memory, or NULL (with missing_ok: no error). */
static bool table_to_alter(query_context *ctx, const cJSON *relation, bool missing_ok,
                           int extra_columns, const catalog_table **old, catalog_table *copy)
{
    const char *schema = node_get_string(relation, "schemaname");
    const char *name = node_get_string(relation, "relname");
    *old = names_resolve_table(ctx, schema, name != NULL ? name : "", -1, missing_ok);
    if (*old == NULL && system_table_exists(schema, name))
        return false; /* refused, not missing */
    if (*old == NULL) {
        if (missing_ok)
            query_notice(ctx, "NOTICE", "00000", "relation \"%s\" does not exist, skipping",
                         name != NULL ? name : "");
        return missing_ok;
    }
    if (!permission_check_owner(ctx, (*old)->owner_role_id, "table", (*old)->name))
        return false;
    *copy = **old;
    copy->columns = arena_alloc(ctx->arena, (size_t)((*old)->column_count + extra_columns + 1) *
                                                sizeof *copy->columns);
    if (copy->columns == NULL)
        return query_fail_no_memory(ctx);
    memcpy(copy->columns, (*old)->columns, (size_t)(*old)->column_count * sizeof *copy->columns);
    return true;
}

bool ddl_alter_table(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    snprintf(tag, COMMAND_TAG_MAX, "ALTER TABLE");
    if (!lock_out_writers(ctx))
        return false;
    const char *objtype = node_get_string(node, "objtype");
    if (objtype != NULL && strcmp(objtype, "OBJECT_TABLE") != 0)
        return query_fail_unsupported(ctx, -1, "ALTER of objects other than tables");
    const cJSON *cmds = node_get(node, "cmds");
    const catalog_table *old;
    catalog_table t;
    if (!table_to_alter(ctx, node_get(node, "relation"), node_get_bool(node, "missing_ok"),
                        cJSON_GetArraySize(cmds), &old, &t))
        return false;
    if (old == NULL)
        return true;
    const cJSON *cmd;
    cJSON_ArrayForEach(cmd, cmds)
    {
        if (!apply_alter_command(ctx, &t, old, node_fields(cmd)))
            return false;
    }
    char *error = NULL;
    catalog_status status = catalog_replace_table(ctx->catalog, &t, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}

bool ddl_rename(query_context *ctx, const cJSON *node, char tag[COMMAND_TAG_MAX])
{
    const char *type = node_get_string(node, "renameType");
    bool column = type != NULL && strcmp(type, "OBJECT_COLUMN") == 0;
    bool table = type != NULL && strcmp(type, "OBJECT_TABLE") == 0;
    if (!column && !table)
        return query_fail_unsupported(ctx, -1, "RENAME of objects other than tables and columns");
    snprintf(tag, COMMAND_TAG_MAX, "ALTER TABLE");
    const char *new_name = node_get_string(node, "newname");
    if (new_name == NULL || strlen(new_name) > CATALOG_NAME_MAX)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, -1, "invalid new name");
    const catalog_table *old;
    catalog_table t;
    if (!table_to_alter(ctx, node_get(node, "relation"), node_get_bool(node, "missing_ok"), 0, &old,
                        &t))
        return false;
    if (old == NULL)
        return true;
    if (table) {
        if (catalog_find_table(ctx->catalog, t.namespace_id, new_name) != NULL)
            return query_fail(ctx, SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                              new_name);
        snprintf(t.name, sizeof t.name, "%s", new_name);
    } else {
        const char *from = node_get_string(node, "subname");
        int c = from != NULL ? column_position(&t, from) : -1;
        if (c < 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, -1, "column \"%s\" does not exist",
                              from != NULL ? from : "");
        if (t.columns[c].system)
            return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                              "cannot rename system column \"%s\"", from);
        if (t.seq_column >= 0 && is_system_column_name(new_name))
            return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                              "column name \"%s\" conflicts with a system column name", new_name);
        if (column_position(&t, new_name) >= 0)
            return query_fail(ctx, SQLSTATE_DUPLICATE_COLUMN, -1,
                              "column \"%s\" of relation \"%s\" already exists", new_name, t.name);
        snprintf(t.columns[c].name, sizeof t.columns[c].name, "%s", new_name);
    }
    char *error = NULL;
    catalog_status status = catalog_replace_table(ctx->catalog, &t, &error);
    if (status != CATALOG_OK)
        return query_fail_catalog(ctx, status, error);
    return true;
}
