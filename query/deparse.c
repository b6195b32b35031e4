#include "query/deparse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalog/types.h"
#include "query/parse.h"

/* Default expressions are short: a deeper tree than this is not one the analyser took. */
#define DEPARSE_MAX_DEPTH 200

static const char *deparse(query_context *ctx, const cJSON *node, int depth);

static const char *no_memory(query_context *ctx)
{
    query_fail_no_memory(ctx);
    return NULL;
}

/* printf into the arena; NULL with 53200 recorded when it cannot grow. */
static const char *format(query_context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *format(query_context *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *out = n >= 0 ? arena_alloc(ctx->arena, (size_t)n + 1) : NULL;
    if (out == NULL)
        return no_memory(ctx);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

static const char *unsupported(query_context *ctx, const char *kind)
{
    query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
               "feature not supported: displaying a %s expression", kind);
    return NULL;
}

/* text in quote characters, the quote doubled inside (a literal or a quoted identifier). */
static const char *quote(query_context *ctx, const char *text, char mark)
{
    size_t n = strlen(text);
    char *out = arena_alloc(ctx->arena, 2 * n + 3);
    if (out == NULL)
        return no_memory(ctx);
    size_t used = 0;
    out[used++] = mark;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == mark)
            out[used++] = mark;
        out[used++] = text[i];
    }
    out[used++] = mark;
    out[used] = '\0';
    return out;
}

/* An identifier as PostgreSQL's quote_identifier prints it (keywords aside). */
static const char *identifier(query_context *ctx, const char *name)
{
    bool plain = name[0] != '\0' && (islower((unsigned char)name[0]) || name[0] == '_');
    for (const char *p = name; plain && *p != '\0'; p++)
        plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    return plain ? format(ctx, "%s", name) : quote(ctx, name, '"');
}

const char *deparse_identifier(query_context *ctx, const char *name)
{
    return identifier(ctx, name);
}

/* A list of String nodes (qualified names) joined with '.'; "*" for A_Star. */
static const char *dotted_name(query_context *ctx, const cJSON *items, bool skip_pg_catalog)
{
    const char *out = "";
    const cJSON *item;
    cJSON_ArrayForEach(item, items)
    {
        const char *part = node_string_value(item);
        if (part == NULL && strcmp(node_kind(item), "A_Star") == 0)
            part = "*";
        else if (part == NULL)
            return unsupported(ctx, node_kind(item));
        else if (skip_pg_catalog && out[0] == '\0' && strcmp(part, "pg_catalog") == 0)
            continue;
        else
            part = identifier(ctx, part);
        if (part == NULL || (out = format(ctx, "%s%s%s", out, out[0] != '\0' ? "." : "", part)) == NULL)
            return NULL;
    }
    return out;
}

/* Each node of the list deparsed, joined with ", ". */
static const char *list(query_context *ctx, const cJSON *nodes, int depth)
{
    const char *out = "";
    const cJSON *item;
    bool first = true;
    cJSON_ArrayForEach(item, nodes)
    {
        const char *text = deparse(ctx, item, depth);
        if (text == NULL)
            return NULL;
        if ((out = format(ctx, "%s%s%s", out, first ? "" : ", ", text)) == NULL)
            return NULL;
        first = false;
    }
    return out;
}

static const char *constant(query_context *ctx, const cJSON *fields)
{
    if (node_get_bool(fields, "isnull"))
        return "NULL";
    const cJSON *ival = node_get(fields, "ival");
    if (ival != NULL) {
        int64_t v;
        if (!node_integer_constant(ctx, fields, &v))
            v = 0; /* a stored tree has every nonzero integer written out */
        return format(ctx, "%lld", (long long)v);
    }
    const char *text = node_get_string(node_get(fields, "fval"), "fval");
    if (text != NULL)
        return format(ctx, "%s", text); /* the tree is freed before the text is used */
    if ((text = node_get_string(node_get(fields, "sval"), "sval")) != NULL)
        return quote(ctx, text, '\'');
    if (node_get(fields, "boolval") != NULL)
        return node_get_bool(node_get(fields, "boolval"), "boolval") ? "true" : "false";
    if ((text = node_get_string(node_get(fields, "bsval"), "bsval")) != NULL && text[0] != '\0') {
        const char *quoted = quote(ctx, text + 1, '\'');
        return quoted != NULL ? format(ctx, "%c%s", toupper((unsigned char)text[0]), quoted)
                              : NULL;
    }
    return unsupported(ctx, "constant");
}

static const char *type_name(query_context *ctx, const cJSON *fields)
{
    const cJSON *names = node_get(fields, "names");
    const char *last = node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    const type_info *t = last != NULL ? type_lookup_name(last) : NULL;
    const char *out = t != NULL ? t->display_name : dotted_name(ctx, names, true);
    if (out == NULL)
        return NULL;
    if (node_get(fields, "typmods") != NULL) {
        const char *modifiers = list(ctx, node_get(fields, "typmods"), 0);
        if (modifiers == NULL || (out = format(ctx, "%s(%s)", out, modifiers)) == NULL)
            return NULL;
    }
    for (int i = 0; i < cJSON_GetArraySize(node_get(fields, "arrayBounds")); i++) {
        if ((out = format(ctx, "%s[]", out)) == NULL)
            return NULL;
    }
    return out;
}

static const char *type_cast(query_context *ctx, const cJSON *fields, int depth)
{
    const cJSON *arg = node_get(fields, "arg");
    const char *value = deparse(ctx, arg, depth);
    const char *type = type_name(ctx, node_get(fields, "typeName"));
    if (value == NULL || type == NULL)
        return NULL;
    const char *kind = node_kind(arg);
    /* A negative constant or an expression takes parentheses before '::'. */
    bool simple = (strcmp(kind, "A_Const") == 0 && value[0] != '-') ||
                  strcmp(kind, "ColumnRef") == 0 || strcmp(kind, "FuncCall") == 0;
    return format(ctx, simple ? "%s::%s" : "(%s)::%s", value, type);
}

static const char *a_expr(query_context *ctx, const cJSON *fields, int depth)
{
    const char *kind = node_get_string(fields, "kind");
    /* OPERATOR(pg_catalog.+) names its schema first: the operator is the last name. */
    const cJSON *names = node_get(fields, "name");
    const char *op = node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    const cJSON *left_node = node_get(fields, "lexpr");
    const cJSON *right_node = node_get(fields, "rexpr");
    if (kind == NULL || op == NULL)
        return unsupported(ctx, "operator");
    const char *left = left_node != NULL ? deparse(ctx, left_node, depth) : "";
    if (left == NULL)
        return NULL;
    if (strcmp(kind, "AEXPR_IN") == 0 || strncmp(kind, "AEXPR_BETWEEN", 13) == 0 ||
        strncmp(kind, "AEXPR_NOT_BETWEEN", 17) == 0) {
        const cJSON *items = node_get(node_fields(right_node), "items");
        if (items == NULL)
            items = right_node; /* some versions give the list bare */
        const char *values = list(ctx, items, depth);
        if (values == NULL)
            return NULL;
        if (strcmp(kind, "AEXPR_IN") == 0)
            return format(ctx, "(%s %sIN (%s))", left, strcmp(op, "<>") == 0 ? "NOT " : "", values);
        const char *low = deparse(ctx, cJSON_GetArrayItem(items, 0), depth);
        const char *high = deparse(ctx, cJSON_GetArrayItem(items, 1), depth);
        return low != NULL && high != NULL
                   ? format(ctx, "(%s %s %s AND %s)", left, op, low, high)
                   : NULL;
    }
    const char *right = right_node != NULL ? deparse(ctx, right_node, depth) : "";
    if (right == NULL)
        return NULL;
    if (strcmp(kind, "AEXPR_NULLIF") == 0)
        return format(ctx, "NULLIF(%s, %s)", left, right);
    if (strcmp(kind, "AEXPR_DISTINCT") == 0 || strcmp(kind, "AEXPR_NOT_DISTINCT") == 0)
        return format(ctx, "(%s IS %sDISTINCT FROM %s)", left,
                            strcmp(kind, "AEXPR_NOT_DISTINCT") == 0 ? "NOT " : "", right);
    if (strcmp(kind, "AEXPR_LIKE") == 0 || strcmp(kind, "AEXPR_ILIKE") == 0) {
        bool negated = op[0] == '!';
        return format(ctx, "(%s %s%s %s)", left, negated ? "NOT " : "",
                            strcmp(kind, "AEXPR_LIKE") == 0 ? "LIKE" : "ILIKE", right);
    }
    if (strcmp(kind, "AEXPR_OP_ANY") == 0 || strcmp(kind, "AEXPR_OP_ALL") == 0)
        return format(ctx, "(%s %s %s (%s))", left, op,
                            strcmp(kind, "AEXPR_OP_ANY") == 0 ? "ANY" : "ALL", right);
    if (strcmp(kind, "AEXPR_OP") != 0)
        return unsupported(ctx, kind);
    if (left_node == NULL)
        return format(ctx, "(%s %s)", op, right);
    return format(ctx, "(%s %s %s)", left, op, right);
}

static const char *bool_expr(query_context *ctx, const cJSON *fields, int depth)
{
    const char *op = node_get_string(fields, "boolop");
    if (op == NULL)
        return unsupported(ctx, "boolean");
    const char *separator = strcmp(op, "OR_EXPR") == 0 ? " OR " : " AND ";
    const char *out = "";
    const cJSON *arg;
    cJSON_ArrayForEach(arg, node_get(fields, "args"))
    {
        const char *text = deparse(ctx, arg, depth);
        if (text == NULL)
            return NULL;
        if (strcmp(op, "NOT_EXPR") == 0)
            return format(ctx, "(NOT %s)", text);
        if ((out = format(ctx, "%s%s%s", out, out[0] != '\0' ? separator : "", text)) == NULL)
            return NULL;
    }
    return format(ctx, "(%s)", out);
}

static const char *test_expr(query_context *ctx, const cJSON *fields, const char *type_field, int depth)
{
    static const struct {
        const char *type;
        const char *text;
    } tests[] = {
        {"IS_NULL", "IS NULL"},           {"IS_NOT_NULL", "IS NOT NULL"},
        {"IS_TRUE", "IS TRUE"},           {"IS_NOT_TRUE", "IS NOT TRUE"},
        {"IS_FALSE", "IS FALSE"},         {"IS_NOT_FALSE", "IS NOT FALSE"},
        {"IS_UNKNOWN", "IS UNKNOWN"},     {"IS_NOT_UNKNOWN", "IS NOT UNKNOWN"},
    };
    const char *arg = deparse(ctx, node_get(fields, "arg"), depth);
    const char *type = node_get_string(fields, type_field);
    if (arg == NULL)
        return NULL;
    for (size_t i = 0; type != NULL && i < sizeof tests / sizeof tests[0]; i++) {
        if (strcmp(tests[i].type, type) == 0)
            return format(ctx, "(%s %s)", arg, tests[i].text);
    }
    return unsupported(ctx, type != NULL ? type : "test");
}

static const char *func_call(query_context *ctx, const cJSON *fields, int depth)
{
    if (node_get(fields, "agg_order") != NULL || node_get(fields, "agg_filter") != NULL ||
        node_get(fields, "over") != NULL || node_get_bool(fields, "func_variadic"))
        return unsupported(ctx, "function call");
    const char *name = dotted_name(ctx, node_get(fields, "funcname"), true);
    if (name == NULL)
        return NULL;
    if (node_get_bool(fields, "agg_star"))
        return format(ctx, "%s(*)", name);
    const char *args = list(ctx, node_get(fields, "args"), depth);
    return args != NULL ? format(ctx, "%s(%s%s)", name,
                                       node_get_bool(fields, "agg_distinct") ? "DISTINCT " : "", args)
                        : NULL;
}

static const char *sql_value_function(query_context *ctx, const cJSON *fields)
{
    const char *op = node_get_string(fields, "op");
    if (op == NULL || strncmp(op, "SVFOP_", 6) != 0)
        return unsupported(ctx, "SQL value function");
    size_t n = strlen(op + 6);
    bool precision = n > 2 && strcmp(op + 6 + n - 2, "_N") == 0;
    char *name = arena_strndup(ctx->arena, op + 6, precision ? n - 2 : n);
    if (name == NULL)
        return no_memory(ctx);
    if (strcmp(name, "CURRENT_CATALOG") == 0 || strcmp(name, "CURRENT_SCHEMA") == 0)
        for (char *p = name; *p != '\0'; p++) /* functions in ruleutils' spelling */
            *p = (char)tolower((unsigned char)*p);
    if (precision)
        return format(ctx, "%s(%d)", name, node_get_int(fields, "typmod", 0));
    return name;
}

static const char *case_expr(query_context *ctx, const cJSON *fields, int depth)
{
    const char *out = "CASE";
    const cJSON *arg = node_get(fields, "arg");
    if (arg != NULL) {
        const char *text = deparse(ctx, arg, depth);
        if (text == NULL || (out = format(ctx, "CASE %s", text)) == NULL)
            return NULL;
    }
    const cJSON *when;
    cJSON_ArrayForEach(when, node_get(fields, "args"))
    {
        const cJSON *w = node_fields(when);
        const char *condition = deparse(ctx, node_get(w, "expr"), depth);
        const char *result = deparse(ctx, node_get(w, "result"), depth);
        if (condition == NULL || result == NULL)
            return NULL;
        if ((out = format(ctx, "%s WHEN %s THEN %s", out, condition, result)) == NULL)
            return NULL;
    }
    const cJSON *otherwise = node_get(fields, "defresult");
    if (otherwise != NULL) {
        const char *text = deparse(ctx, otherwise, depth);
        if (text == NULL || (out = format(ctx, "%s ELSE %s", out, text)) == NULL)
            return NULL;
    }
    return format(ctx, "%s END", out);
}

static const char *deparse(query_context *ctx, const cJSON *node, int depth)
{
    if (depth > DEPARSE_MAX_DEPTH) {
        query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "stack depth limit exceeded");
        return NULL;
    }
    depth++;
    const char *kind = node_kind(node);
    const cJSON *fields = node_fields(node);
    if (strcmp(kind, "A_Const") == 0)
        return constant(ctx, fields);
    if (strcmp(kind, "TypeCast") == 0)
        return type_cast(ctx, fields, depth);
    if (strcmp(kind, "A_Expr") == 0)
        return a_expr(ctx, fields, depth);
    if (strcmp(kind, "BoolExpr") == 0)
        return bool_expr(ctx, fields, depth);
    if (strcmp(kind, "NullTest") == 0)
        return test_expr(ctx, fields, "nulltesttype", depth);
    if (strcmp(kind, "BooleanTest") == 0)
        return test_expr(ctx, fields, "booltesttype", depth);
    if (strcmp(kind, "FuncCall") == 0)
        return func_call(ctx, fields, depth);
    if (strcmp(kind, "SQLValueFunction") == 0)
        return sql_value_function(ctx, fields);
    if (strcmp(kind, "ColumnRef") == 0)
        return dotted_name(ctx, node_get(fields, "fields"), false);
    if (strcmp(kind, "CaseExpr") == 0)
        return case_expr(ctx, fields, depth);
    if (strcmp(kind, "CoalesceExpr") == 0 || strcmp(kind, "MinMaxExpr") == 0) {
        const char *op = node_get_string(fields, "op");
        const char *name = strcmp(kind, "CoalesceExpr") == 0             ? "COALESCE"
                           : op != NULL && strcmp(op, "IS_LEAST") == 0 ? "LEAST"
                                                                        : "GREATEST";
        const char *args = list(ctx, node_get(fields, "args"), depth);
        return args != NULL ? format(ctx, "%s(%s)", name, args) : NULL;
    }
    return unsupported(ctx, kind);
}

bool deparse_expression(query_context *ctx, const cJSON *node, const char **out)
{
    *out = deparse(ctx, node, 0);
    return *out != NULL;
}
