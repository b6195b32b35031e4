#include "query/execute.h"

#include <stdio.h>
#include <string.h>

#include "query/copy.h"
#include "query/ddl.h"
#include "query/indexes.h"
#include "query/modify.h"
#include "query/select.h"
#include "query/sequences.h"

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
    {"AlterRoleSetStmt", "ALTER ROLE ... SET"},
    {"ReassignOwnedStmt", "REASSIGN OWNED"},
    {"DropOwnedStmt", "DROP OWNED"},
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
                                          "InsertStmt",       "UpdateStmt", "DeleteStmt",
                                          "TruncateStmt",     "AlterTableStmt", "RenameStmt",
                                          "CreateSeqStmt",    "CreateRoleStmt", "AlterRoleStmt", "IndexStmt",
                                          "DropRoleStmt",     "GrantRoleStmt"};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        if (strcmp(writers[i], node_kind) == 0)
            return true;
    }
    return false;
}

bool statement_is_transactional(const char *node_kind)
{
    return strcmp(node_kind, "InsertStmt") == 0 || strcmp(node_kind, "UpdateStmt") == 0 ||
           strcmp(node_kind, "DeleteStmt") == 0 || strcmp(node_kind, "TruncateStmt") == 0;
}

const char *statement_kind_name(const char *node_kind)
{
    for (size_t i = 0; i < sizeof statement_names / sizeof statement_names[0]; i++) {
        if (strcmp(statement_names[i].kind, node_kind) == 0)
            return statement_names[i].name;
    }
    return node_kind;
}

bool execute_statement(query_context *ctx, const parsed_statement *statement,
                       const result_sink *sink, char tag[COMMAND_TAG_MAX])
{
    if (strcmp(statement->kind, "SelectStmt") == 0)
        return select_execute(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "CreateSchemaStmt") == 0)
        return ddl_create_schema(ctx, statement->node, tag);
    if (strcmp(statement->kind, "CreateStmt") == 0)
        return ddl_create_table(ctx, statement->node, tag);
    if (strcmp(statement->kind, "DropStmt") == 0)
        return ddl_drop(ctx, statement->node, tag);
    if (strcmp(statement->kind, "ExplainStmt") == 0)
        return select_explain(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "CreateSeqStmt") == 0)
        return sequence_create_statement(ctx, statement->node, tag);
    if (strcmp(statement->kind, "AlterTableStmt") == 0)
        return ddl_alter_table(ctx, statement->node, tag);
    if (strcmp(statement->kind, "RenameStmt") == 0)
        return ddl_rename(ctx, statement->node, tag);
    if (strcmp(statement->kind, "TruncateStmt") == 0)
        return ddl_truncate(ctx, statement->node, tag);
    if (strcmp(statement->kind, "InsertStmt") == 0)
        return modify_insert(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "UpdateStmt") == 0)
        return modify_update(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "DeleteStmt") == 0)
        return modify_delete(ctx, statement->node, sink, tag);
    if (strcmp(statement->kind, "IndexStmt") == 0)
        return index_create_statement(ctx, statement->node, tag);
    if (strcmp(statement->kind, "VacuumStmt") == 0)
        return index_vacuum_statement(ctx, statement->node, tag);
    if (strcmp(statement->kind, "CopyStmt") == 0)
        return copy_statement(ctx, statement->node, tag);
    return query_fail_unsupported(ctx, -1, statement_kind_name(statement->kind));
}
