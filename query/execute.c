#include "query/execute.h"

#include <stdio.h>
#include <string.h>

#include "query/ddl.h"
#include "query/expr.h"

/* PostgreSQL's MaxTupleAttributeNumber; also keeps RowDescription's int16 count valid. */
#define MAX_TARGET_COLUMNS 1664

static const struct {
    const char *kind;
    const char *name;
} statement_names[] = {
    {"SelectStmt", "SELECT"},
    {"InsertStmt", "INSERT"},
    {"UpdateStmt", "UPDATE"},
    {"DeleteStmt", "DELETE"},
    {"MergeStmt", "MERGE"},
    {"CreateStmt", "CREATE TABLE"},
    {"CreateTableAsStmt", "CREATE TABLE AS"},
    {"CreateSchemaStmt", "CREATE SCHEMA"},
    {"CreateSeqStmt", "CREATE SEQUENCE"},
    {"CreateRoleStmt", "CREATE ROLE"},
    {"AlterRoleStmt", "ALTER ROLE"},
    {"DropRoleStmt", "DROP ROLE"},
    {"CreateFunctionStmt", "CREATE FUNCTION"},
    {"CreatedbStmt", "CREATE DATABASE"},
    {"DropdbStmt", "DROP DATABASE"},
    {"IndexStmt", "CREATE INDEX"},
    {"ViewStmt", "CREATE VIEW"},
    {"AlterTableStmt", "ALTER TABLE"},
    {"RenameStmt", "ALTER ... RENAME"},
    {"DropStmt", "DROP"},
    {"TruncateStmt", "TRUNCATE"},
    {"CopyStmt", "COPY"},
    {"ExplainStmt", "EXPLAIN"},
    {"VacuumStmt", "VACUUM"},
    {"PrepareStmt", "PREPARE"},
    {"ExecuteStmt", "EXECUTE"},
    {"DeallocateStmt", "DEALLOCATE"},
    {"DeclareCursorStmt", "DECLARE CURSOR"},
    {"FetchStmt", "FETCH"},
    {"ClosePortalStmt", "CLOSE"},
    {"ListenStmt", "LISTEN"},
    {"UnlistenStmt", "UNLISTEN"},
    {"NotifyStmt", "NOTIFY"},
    {"LockStmt", "LOCK"},
    {"GrantStmt", "GRANT"},
    {"GrantRoleStmt", "GRANT role"},
    {"CommentStmt", "COMMENT"},
    {"DoStmt", "DO"},
    {"CallStmt", "CALL"},
    {"DiscardStmt", "DISCARD"},
    {"CheckPointStmt", "CHECKPOINT"},
    {"LoadStmt", "LOAD"},
    {"CreateExtensionStmt", "CREATE EXTENSION"},
    {"VariableSetStmt", "SET"},
    {"VariableShowStmt", "SHOW"},
    {"TransactionStmt", "transaction control"},
};

bool statement_writes(const char *node_kind)
{
    static const char *const writers[] = {"CreateSchemaStmt", "CreateStmt", "DropStmt",
                                          "InsertStmt",       "UpdateStmt", "DeleteStmt"};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        if (strcmp(writers[i], node_kind) == 0)
            return true;
    }
    return false;
}

const char *statement_kind_name(const char *node_kind)
{
    for (size_t i = 0; i < sizeof statement_names / sizeof statement_names[0]; i++) {
        if (strcmp(statement_names[i].kind, node_kind) == 0)
            return statement_names[i].name;
    }
    return node_kind;
}

/* SELECT clauses this slice does not implement yet, with the name users know them by. */
static const struct {
    const char *field;
    const char *feature;
} unsupported_select_clauses[] = {
    {"fromClause", "SELECT ... FROM"},
    {"valuesLists", "VALUES"},
    {"intoClause", "SELECT INTO"},
    {"distinctClause", "SELECT DISTINCT"},
    {"groupClause", "GROUP BY"},
    {"havingClause", "HAVING"},
    {"windowClause", "WINDOW"},
    {"sortClause", "ORDER BY"},
    {"limitCount", "LIMIT"},
    {"limitOffset", "OFFSET"},
    {"lockingClause", "FOR UPDATE/SHARE"},
    {"withClause", "WITH"},
};

static bool execute_select(query_context *ctx, const cJSON *select, const result_sink *sink,
                           char tag[COMMAND_TAG_MAX])
{
    const char *op = node_get_string(select, "op");
    if (op != NULL && strcmp(op, "SETOP_NONE") != 0)
        return query_fail_unsupported(ctx, -1, "UNION / INTERSECT / EXCEPT");
    for (size_t i = 0; i < sizeof unsupported_select_clauses / sizeof unsupported_select_clauses[0];
         i++) {
        if (node_get(select, unsupported_select_clauses[i].field) != NULL)
            return query_fail_unsupported(ctx, -1, unsupported_select_clauses[i].feature);
    }

    const cJSON *targets = node_get(select, "targetList");
    int count = cJSON_GetArraySize(targets);
    if (count > MAX_TARGET_COLUMNS)
        return query_fail(ctx, "54011", -1, "target lists can have at most %d entries",
                          MAX_TARGET_COLUMNS);
    expr **exprs = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *exprs);
    result_column *columns = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *columns);
    value *values = arena_zalloc(ctx->arena, (size_t)(count + 1) * sizeof *values);
    if (exprs == NULL || columns == NULL || values == NULL)
        return query_fail_no_memory(ctx);

    int i = 0;
    const cJSON *target;
    cJSON_ArrayForEach(target, targets)
    {
        const cJSON *fields = node_fields(target);
        const cJSON *val = node_get(fields, "val");
        if (!expr_analyze(ctx, val, &exprs[i]))
            return false;
        /* Unknown-type literals in a result are resolved to text, as since PostgreSQL 10. */
        if (expr_type(exprs[i]) == TYPE_UNKNOWN &&
            !expr_coerce(ctx, exprs[i], TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &exprs[i]))
            return false;
        const char *alias = node_get_string(fields, "name");
        columns[i].name = alias != NULL ? alias : expr_column_name(val);
        columns[i].type = expr_type(exprs[i]);
        columns[i].typmod = expr_typmod(exprs[i]);
        i++;
    }

    bool produce_row = true;
    const cJSON *where = node_get(select, "whereClause");
    if (where != NULL) {
        expr *condition;
        value result;
        if (!expr_analyze(ctx, where, &condition) ||
            !expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "WHERE", &condition))
            return false;
        if (!sink->columns(sink->state, ctx, columns, count))
            return query_fail_no_memory(ctx);
        if (!expr_evaluate(ctx, condition, &result))
            return false;
        produce_row = !result.is_null && result.as.boolean;
    } else if (!sink->columns(sink->state, ctx, columns, count)) {
        return query_fail_no_memory(ctx);
    }

    if (produce_row) {
        for (int c = 0; c < count; c++) {
            if (!expr_evaluate(ctx, exprs[c], &values[c]))
                return false;
        }
        if (!sink->row(sink->state, ctx, values, count))
            return false;
    }
    snprintf(tag, COMMAND_TAG_MAX, "SELECT %d", produce_row ? 1 : 0);
    return true;
}

bool execute_statement(query_context *ctx, const parsed_statement *statement,
                       const result_sink *sink, char tag[COMMAND_TAG_MAX])
{
    if (strcmp(statement->kind, "SelectStmt") == 0)
        return execute_select(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "CreateSchemaStmt") == 0)
        return ddl_create_schema(ctx, statement->node, tag);
    if (strcmp(statement->kind, "CreateStmt") == 0)
        return ddl_create_table(ctx, statement->node, tag);
    if (strcmp(statement->kind, "DropStmt") == 0)
        return ddl_drop(ctx, statement->node, tag);
    return query_fail_unsupported(ctx, -1, statement_kind_name(statement->kind));
}
