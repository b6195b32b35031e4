#include "query/query_context.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int query_character_position(const char *text, size_t length, int byte_offset)
{
    if (byte_offset < 0 || text == NULL)
        return 0;
    size_t end = (size_t)byte_offset < length ? (size_t)byte_offset : length;
    int characters = 0;
    for (size_t i = 0; i < end; i++) {
        /* Count every byte that is not a UTF-8 continuation byte. */
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            characters++;
    }
    return characters + 1;
}

bool query_fail(query_context *ctx, const char *sqlstate, int location, const char *fmt, ...)
{
    memcpy(ctx->error.sqlstate, sqlstate, 5);
    ctx->error.sqlstate[5] = '\0';
    ctx->error.detail = NULL;
    ctx->error.hint = NULL;
    ctx->error.context = NULL;
    ctx->error.schema_name = ctx->error.table_name = NULL;
    ctx->error.column_name = ctx->error.constraint_name = NULL;
    ctx->error.position = query_character_position(ctx->query_text, ctx->query_length, location);

    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *message = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
    if (message == NULL) {
        memcpy(ctx->error.sqlstate, SQLSTATE_OUT_OF_MEMORY, 6);
        ctx->error.message = "out of memory";
        return false;
    }
    va_start(ap, fmt);
    vsnprintf(message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ctx->error.message = message;
    return false;
}

bool query_fail_hint(query_context *ctx, const char *hint)
{
    ctx->error.hint = hint;
    return false;
}

bool query_fail_detail(query_context *ctx, const char *detail)
{
    ctx->error.detail = detail;
    return false;
}

bool query_fail_context(query_context *ctx, const char *context)
{
    ctx->error.context = context;
    return false;
}

bool query_fail_no_memory(query_context *ctx)
{
    memset(&ctx->error, 0, sizeof ctx->error);
    memcpy(ctx->error.sqlstate, SQLSTATE_OUT_OF_MEMORY, 6);
    ctx->error.message = "out of memory";
    ctx->error.detail = NULL;
    ctx->error.hint = NULL;
    ctx->error.position = 0;
    return false;
}

bool query_fail_catalog(query_context *ctx, catalog_status status, char *error)
{
    bool result;
    switch (status) {
    case CATALOG_NO_MEMORY:
        result = query_fail_no_memory(ctx);
        break;
    case CATALOG_CORRUPT:
        result = query_fail(ctx, SQLSTATE_DATA_CORRUPTED, -1, "catalog record is corrupt%s%s",
                            error ? ": " : "", error ? error : "");
        break;
    default:
        result = query_fail(ctx, SQLSTATE_IO_ERROR, -1, "could not write to storage: %s",
                            error ? error : catalog_status_message(status));
        break;
    }
    free(error);
    return result;
}

void query_notice(query_context *ctx, const char *level, const char *sqlstate, const char *fmt, ...)
{
    if (ctx->notice == NULL)
        return;
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ctx->notice(ctx->notice_arg, level, sqlstate, message, NULL);
}

void query_notice_detail(query_context *ctx, const char *level, const char *sqlstate,
                         const char *detail, const char *message)
{
    if (ctx->notice != NULL)
        ctx->notice(ctx->notice_arg, level, sqlstate, message, detail);
}

bool query_fail_unsupported(query_context *ctx, int location, const char *feature)
{
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location, "feature not supported: %s",
                      feature);
}

bool query_fail_object(query_context *ctx, const char *schema, const char *table,
                       const char *column, const char *constraint)
{
    ctx->error.schema_name = schema;
    ctx->error.table_name = table;
    ctx->error.column_name = column;
    ctx->error.constraint_name = constraint;
    return false;
}

/* Rows between interrupt checks: often enough for a few-millisecond slice, rare enough to
 * cost nothing measurable. */
#define ROWS_PER_INTERRUPT_CHECK 256

bool query_check_interrupts(query_context *ctx)
{
    if (ctx->interrupt_check == NULL || ++ctx->rows_since_check < ROWS_PER_INTERRUPT_CHECK)
        return true;
    ctx->rows_since_check = 0;
    return ctx->interrupt_check(ctx->interrupt_arg, ctx);
}

/* ---- the names a scope offers ---- */

int scope_item_count(const analyze_scope *scope)
{
    return scope->items != NULL ? scope->item_count : scope->relation_count;
}

void scope_visible_range(const analyze_scope *scope, int *begin, int *end)
{
    *begin = scope->items != NULL ? scope->visible_begin : 0;
    *end = scope->items != NULL ? scope->visible_end : scope->relation_count;
}

scope_item scope_item_at(const analyze_scope *scope, int index)
{
    if (scope->items != NULL)
        return scope->items[index];
    return (scope_item){.name = scope->relations[index].name,
                        .relation = index,
                        .in_range_table = true,
                        .name_visible = true,
                        .columns_visible = true};
}

int scope_item_column_count(const analyze_scope *scope, const scope_item *item)
{
    return item->columns != NULL ? item->column_count
                                 : scope->relations[item->relation].table->column_count;
}

bool scope_item_column(const analyze_scope *scope, const scope_item *item, int index,
                       scope_column *out)
{
    if (item->columns != NULL) {
        *out = item->columns[index];
        return true;
    }
    const catalog_column *c = &scope->relations[item->relation].table->columns[index];
    if (c->dropped)
        return false;
    *out = (scope_column){.name = c->name,
                          .relation = item->relation,
                          .column = index,
                          .merge = SCOPE_MERGE_LEFT,
                          .type = c->type,
                          .typmod = c->typmod,
                          .system = c->system};
    return true;
}
