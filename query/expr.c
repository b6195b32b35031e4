#include "query/expr.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "query/aggregate.h"
#include "query/array.h"
#include "query/functions.h"
#include "query/json.h"
#include "query/names.h"
#include "query/parse.h"
#include "query/select.h"
#include "query/srf.h"
#include "query/system_tables.h"

/* Analysis recursion bound; cJSON's own nesting limit (1000) is reached first for most
 * shapes, this catches the rest well before the C stack is at risk. */
#define EXPR_MAX_DEPTH 800

typedef enum expr_kind {
    EXPR_CONST,
    EXPR_CAST,
    EXPR_BINARY,
    EXPR_NEGATE,
    EXPR_AND,
    EXPR_OR,
    EXPR_NOT,
    EXPR_NULL_TEST,
    EXPR_BOOLEAN_TEST,
    EXPR_DISTINCT,
    EXPR_FUNCTION,
    EXPR_CASE,     /* args: condition, result pairs, then the ELSE result if has_else */
    EXPR_COALESCE, /* args: the alternatives */
    EXPR_GREATEST, /* negated: LEAST */
    EXPR_NULLIF,   /* args: the value, then "value = other" */
    EXPR_LIKE,     /* args: text, pattern; negated: NOT LIKE; case_insensitive: ILIKE;
                    * regex: the POSIX match operators ~, ~*, !~, !~* */
    EXPR_COLUMN,
    EXPR_OUTER_COLUMN, /* a column of an enclosing query: depth levels up */
    EXPR_AGGREGATE,
    EXPR_SUBLINK,        /* a subquery: EXISTS, scalar, or ANY/ALL with args[0] the test */
    EXPR_SUBLINK_VALUE,  /* inside an ANY/ALL test: the subquery value being compared;
                          * inside an IN list's tests: the value tested */
    EXPR_DATETIME,       /* date/time arithmetic (datetime) on args[0], args[1] */
    EXPR_IN_LIST,        /* x IN (...): args[0] = x, evaluated once; args[1] = the tests,
                          * comparing an EXPR_SUBLINK_VALUE placeholder (x's value) */
    EXPR_PARAM,          /* $n analysed without a value (Parse, PREPARE); with bound values
                          * a parameter is an EXPR_CONST holding its value */
    EXPR_ARRAY,          /* ARRAY[args...] */
    EXPR_ARRAY_FUNCTION, /* an array function (query/array.h) on args */
    EXPR_SUBSCRIPT,      /* args[0][args[1]], or with is_slice args[0][args[1]:args[2]]
                          * (a missing bound is NULL) */
    EXPR_ARRAY_TEST,     /* x op ANY/ALL (array): args[0] the array, args[1] the test of
                          * one element (an EXPR_SUBLINK_VALUE); negated: ALL */
    EXPR_SET_FUNCTION,   /* a set-returning function in a select list: the value of the
                          * row the select list is being evaluated for (srf_values) */
    EXPR_WINDOW,         /* a window function call: args are its arguments, partition
                          * keys and order keys (window_call slices them) */
} expr_kind;

/* The names a scope offered at one point of its FROM clause (which hides a join's inputs
 * once it is read): a subquery in a join condition is analysed again when it runs, and
 * must resolve its outer references as it did where it was written. */
typedef struct scope_names {
    scope_item *items;
    int item_count, visible_begin, visible_end;
} scope_names;

typedef enum sublink_kind {
    SUBLINK_EXISTS,
    SUBLINK_SCALAR,
    SUBLINK_ANY,
    SUBLINK_ALL,
    SUBLINK_ARRAY, /* ARRAY(subquery) */
} sublink_kind;

typedef enum binary_op {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_CONCAT,
    OP_JSON_GET,      /* json/jsonb -> text or integer */
    OP_JSON_GET_TEXT, /* ->> */
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
} binary_op;

typedef enum boolean_test {
    TEST_IS_TRUE,
    TEST_IS_NOT_TRUE,
    TEST_IS_FALSE,
    TEST_IS_NOT_FALSE,
    TEST_IS_UNKNOWN,
    TEST_IS_NOT_UNKNOWN,
} boolean_test;


struct expr {
    expr_kind kind;
    uint32_t type;
    int32_t typmod;
    int location;
    value constant;         /* EXPR_CONST */
    binary_op op;           /* EXPR_BINARY */
    uint32_t operand_type;  /* EXPR_BINARY: both arguments have this type */
    bool negated;           /* EXPR_NULL_TEST: IS NOT NULL; EXPR_DISTINCT: IS NOT DISTINCT */
    cast_context cast;      /* EXPR_CAST */
    boolean_test test;      /* EXPR_BOOLEAN_TEST */
    bool has_else;          /* EXPR_CASE */
    bool case_insensitive;  /* EXPR_LIKE */
    bool regex;             /* EXPR_LIKE */
    int datetime;           /* EXPR_DATETIME: a datetime_op */
    const function_definition *function; /* EXPR_FUNCTION */
    int depth;                 /* EXPR_OUTER_COLUMN: how many scopes up */
    sublink_kind sublink;      /* EXPR_SUBLINK */
    const cJSON *subselect;    /* EXPR_SUBLINK: the subquery, analysed again per run */
    subquery_result *cache;    /* EXPR_SUBLINK: the rows of an uncorrelated subquery */
    struct scope_names *names; /* EXPR_SUBLINK: the FROM items as they were where it was written */
    int relation;              /* EXPR_COLUMN: index in the scope */
    int column;                /* EXPR_COLUMN: position in the relation */
    int aggregate;             /* EXPR_AGGREGATE: index in the scope's aggregates */
    aggregate_call call;       /* EXPR_AGGREGATE */
    int window;                /* EXPR_WINDOW: index in the scope's windows */
    window_call *window_call;  /* EXPR_WINDOW */
    int param;                 /* EXPR_PARAM: 0-based parameter number */
    const array_function *array_function; /* EXPR_ARRAY_FUNCTION */
    srf_call *srf;             /* EXPR_SET_FUNCTION, and its rows while a row is projected */
    value *srf_values;
    int64_t srf_count, srf_row;
    bool is_slice;             /* EXPR_SUBSCRIPT */
    expr **args;
    int arg_count;
};

static const struct {
    const char *symbol;
    binary_op op;
} binary_operators[] = {
    {"+", OP_ADD}, {"-", OP_SUB}, {"*", OP_MUL}, {"/", OP_DIV}, {"%", OP_MOD},
    {"||", OP_CONCAT}, {"->", OP_JSON_GET}, {"->>", OP_JSON_GET_TEXT}, {"=", OP_EQ},
    {"<>", OP_NE}, {"!=", OP_NE}, {"<", OP_LT}, {"<=", OP_LE}, {">", OP_GT}, {">=", OP_GE},
};

static bool is_comparison(binary_op op)
{
    return op >= OP_EQ;
}

const window_call *expr_window_call(const expr *e)
{
    return e->kind == EXPR_WINDOW ? e->window_call : NULL;
}

const aggregate_call *expr_aggregate_call(const expr *e)
{
    return e->kind == EXPR_AGGREGATE ? &e->call : NULL;
}

bool expr_is_column(const expr *e, int *relation, int *column)
{
    if (e->kind != EXPR_COLUMN)
        return false;
    *relation = e->relation;
    *column = e->column;
    return true;
}

bool expr_is_constant(const expr *e)
{
    return e->kind == EXPR_CONST;
}

uint32_t expr_type(const expr *e)
{
    return e->type;
}

int expr_location(const expr *e)
{
    int location = e->location;
    for (int i = 0; i < e->arg_count; i++) {
        int l = expr_location(e->args[i]);
        if (l >= 0 && (location < 0 || l < location))
            location = l;
    }
    return location;
}

bool expr_require_sort_operators(query_context *ctx, uint32_t type, bool ordering, int location)
{
    if (type_has_ordering(type))
        return true;
    query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location,
               "could not identify an %s operator for type %s", ordering ? "ordering" : "equality",
               type_display_name(type));
    if (ordering)
        query_fail_hint(ctx, "Use an explicit ordering operator or modify the query.");
    return false;
}

int32_t expr_typmod(const expr *e)
{
    return e->typmod;
}

static expr *expr_new(query_context *ctx, expr_kind kind, uint32_t type, int location)
{
    expr *e = arena_zalloc(ctx->arena, sizeof *e);
    if (e == NULL)
        return NULL;
    e->kind = kind;
    e->type = type;
    e->typmod = TYPMOD_NONE;
    e->location = location;
    return e;
}

static bool set_args(query_context *ctx, expr *e, int count)
{
    e->args = arena_zalloc(ctx->arena, (size_t)(count > 0 ? count : 1) * sizeof *e->args);
    e->arg_count = count;
    return e->args != NULL || query_fail_no_memory(ctx);
}

/* An untyped literal, or a parameter whose type no context has fixed yet: operators and
 * functions resolve both the same way. */
static bool is_unknown_literal(const expr *e)
{
    return (e->kind == EXPR_CONST || e->kind == EXPR_PARAM) && e->type == TYPE_UNKNOWN;
}

/* An untyped parameter takes the type its context coerces it to, as PostgreSQL's
 * variable_coerce_param_hook does; later references to it see that type. */
static bool resolve_param(query_context *ctx, const expr *e, uint32_t type, expr **out)
{
    uint32_t *slot = &ctx->params->types[e->param];
    if (*slot != TYPE_UNKNOWN && *slot != type) {
        query_fail(ctx, SQLSTATE_AMBIGUOUS_PARAMETER, e->location,
                   "inconsistent types deduced for parameter $%d", e->param + 1);
        return query_fail_detail(ctx, arena_printf(ctx->arena, "%s versus %s",
                                                   type_display_name(*slot),
                                                   type_display_name(type)));
    }
    *slot = type;
    expr *p = expr_new(ctx, EXPR_PARAM, type, e->location);
    if (p == NULL)
        return query_fail_no_memory(ctx);
    p->param = e->param;
    *out = p;
    return true;
}

bool expr_coerce(query_context *ctx, expr *e, uint32_t type, int32_t typmod,
                 cast_context context, const char *construct, expr **out)
{
    if (e->type == type && (typmod == TYPMOD_NONE || e->typmod == typmod)) {
        *out = e;
        return true;
    }
    if (e->kind == EXPR_PARAM && e->type == TYPE_UNKNOWN) {
        if (!resolve_param(ctx, e, type, &e))
            return false;
        if (typmod == TYPMOD_NONE) {
            *out = e;
            return true;
        }
    }
    if (!cast_exists(e->type, type, context)) {
        if (construct != NULL)
            return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, e->location,
                              "argument of %s must be type %s, not type %s", construct,
                              type_display_name(type), type_display_name(e->type));
        return query_fail(ctx, SQLSTATE_CANNOT_COERCE, e->location, "cannot cast type %s to %s",
                          type_display_name(e->type), type_format(ctx, type, typmod));
    }
    /* Constants convert now. Only an untyped literal's failure points at it: for a typed
     * constant PostgreSQL fails while folding, without a position. */
    if (e->kind == EXPR_CONST) {
        expr *c = expr_new(ctx, EXPR_CONST, type, e->location);
        if (c == NULL)
            return query_fail_no_memory(ctx);
        if (!value_cast(ctx, &e->constant, type, typmod, context,
                        is_unknown_literal(e) ? e->location : -1, &c->constant))
            return false;
        c->typmod = typmod;
        *out = c;
        return true;
    }
    expr *cast = expr_new(ctx, EXPR_CAST, type, e->location);
    if (cast == NULL || !set_args(ctx, cast, 1))
        return query_fail_no_memory(ctx);
    cast->typmod = typmod;
    cast->cast = context;
    cast->args[0] = e;
    *out = cast;
    return true;
}

/* ---- analysis ---- */

static bool analyze(query_context *ctx, const cJSON *node, expr **out);
static bool aggregate_call_analyze(query_context *ctx, aggregate_kind kind, const char *name,
                                   const cJSON *fields, expr **args, int location, expr *e);
static bool column_expr(query_context *ctx, int relation, int column, int location, expr **out);
static bool analyze_aggregate(query_context *ctx, aggregate_kind kind, const char *name,
                              const cJSON *fields, expr **args, int location, expr **out);

static bool analyze_const(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    expr *e = expr_new(ctx, EXPR_CONST, TYPE_UNKNOWN, location);
    if (e == NULL)
        return query_fail_no_memory(ctx);
    *out = e;
    if (node_get_bool(fields, "isnull")) {
        e->constant = value_null(TYPE_UNKNOWN);
        return true;
    }
    if (node_get(fields, "ival") != NULL) {
        int64_t v;
        if (!node_integer_constant(ctx, fields, &v))
            return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, location,
                              "could not read an integer constant");
        e->type = TYPE_INT4;
        e->constant = value_int(TYPE_INT4, v);
        return true;
    }
    const char *fval = node_get_string(node_get(fields, "fval"), "fval");
    if (fval != NULL) {
        /* Integer-looking literals the lexer found too big for int4 (or negated ones, such
         * as -2147483648) take the smallest integer type that holds them, else numeric. */
        size_t length = strlen(fval);
        bool integral = strspn(fval + (fval[0] == '-'), "0123456789") == length - (fval[0] == '-');
        if (integral) {
            query_context probe = *ctx;
            value v;
            if (value_from_text(&probe, TYPE_INT8, fval, length, location, &v)) {
                e->type = integer_fits(TYPE_INT4, v.as.integer) ? TYPE_INT4 : TYPE_INT8;
                e->constant = value_int(e->type, v.as.integer);
                return true;
            }
        }
        e->type = TYPE_NUMERIC;
        return value_from_text(ctx, TYPE_NUMERIC, fval, length, location, &e->constant);
    }
    const cJSON *boolval = node_get(fields, "boolval");
    if (boolval != NULL) {
        e->type = TYPE_BOOL;
        e->constant = value_bool(node_get_bool(boolval, "boolval"));
        return true;
    }
    const cJSON *sval = node_get(fields, "sval");
    if (sval != NULL) {
        const char *s = node_get_string(sval, "sval");
        /* The statement's memory, not the parse tree's: a column DEFAULT's tree is freed
         * right after it is analysed. */
        char *copy = arena_strdup(ctx->arena, s != NULL ? s : "");
        if (copy == NULL)
            return query_fail_no_memory(ctx);
        e->constant = value_text(TYPE_UNKNOWN, copy, strlen(copy));
        return true;
    }
    const cJSON *bsval = node_get(fields, "bsval");
    if (bsval != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "feature not supported: bit string constants");
    return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, location, "unrecognized constant");
}

static bool resolve_scalar_type(query_context *ctx, const cJSON *type_name, const type_info *info,
                                const char *name, int location, uint32_t *type, int32_t *typmod);

bool expr_resolve_type(query_context *ctx, const cJSON *type_name, uint32_t *type,
                       int32_t *typmod)
{
    const cJSON *names = node_get(type_name, "names");
    int location = node_get_int(type_name, "location", -1);
    int count = cJSON_GetArraySize(names);
    const char *name = count > 0 ? node_string_value(cJSON_GetArrayItem(names, count - 1)) : NULL;
    const char *schema = count > 1 ? node_string_value(cJSON_GetArrayItem(names, count - 2)) : NULL;
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid type name");
    const type_info *info = type_lookup_name(name);
    if (info == NULL || (schema != NULL && strcmp(schema, "pg_catalog") != 0) ||
        info->oid == TYPE_UNKNOWN)
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location, "type \"%s\" does not exist",
                          name);
    /* void is only what some functions return: no value or column is declared with it. */
    if (info->oid == TYPE_VOID)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "feature not supported: the pseudo-type void as a declared type");
    const cJSON *bounds = node_get(type_name, "arrayBounds");
    if (cJSON_GetArraySize(bounds) > 1)
        return query_fail_unsupported(ctx, location, "multidimensional arrays");
    /* Bounds written in the type (int[3]) are not enforced, as in PostgreSQL. The typmod
     * below is the element's, and an array column applies it to each element. */
    uint32_t array_type = 0;
    if (bounds != NULL) {
        array_type = type_array_of(info->oid);
        if (array_type == 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                              "type \"%s[]\" does not exist", name);
    }
    if (!resolve_scalar_type(ctx, type_name, info, name, location, type, typmod))
        return false;
    if (array_type != 0)
        *type = array_type;
    return true;
}

static bool resolve_scalar_type(query_context *ctx, const cJSON *type_name, const type_info *info,
                                const char *name, int location, uint32_t *type, int32_t *typmod)
{
    *type = info->oid;
    *typmod = TYPMOD_NONE;

    const cJSON *mods = node_get(type_name, "typmods");
    int mod_count = cJSON_GetArraySize(mods);
    int64_t mod_values[2] = {0, 0};
    for (int i = 0; i < mod_count && i < 2; i++) {
        const cJSON *fields = node_fields(cJSON_GetArrayItem(mods, i));
        if (strcmp(node_kind(cJSON_GetArrayItem(mods, i)), "A_Const") != 0 ||
            node_get(fields, "ival") == NULL || !node_integer_constant(ctx, fields, &mod_values[i]))
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "type modifiers must be simple constants or identifiers");
    }
    if (mod_count == 0) {
        /* Bare "char" / "character" means char(1), as in PostgreSQL. */
        if (info->oid == TYPE_BPCHAR && strcasecmp(name, "bpchar") != 0)
            *typmod = 1 + TYPMOD_HEADER;
        return true;
    }
    if (info->oid == TYPE_VARCHAR || info->oid == TYPE_BPCHAR) {
        if (mod_count != 1)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "invalid type modifier");
        if (mod_values[0] < 1)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "length for type %s must be at least 1", info->name);
        if (mod_values[0] > 10485760)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "length for type %s cannot exceed 10485760", info->name);
        *typmod = (int32_t)mod_values[0] + TYPMOD_HEADER;
        return true;
    }
    if (info->oid == TYPE_NUMERIC) {
        int64_t precision = mod_values[0], scale = mod_count > 1 ? mod_values[1] : 0;
        if (mod_count > 2)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid NUMERIC type modifier");
        if (precision < 1 || precision > NUMERIC_MAX_PRECISION)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "NUMERIC precision %lld must be between 1 and %d",
                              (long long)precision, NUMERIC_MAX_PRECISION);
        if (scale < -NUMERIC_MAX_PRECISION || scale > NUMERIC_MAX_PRECISION)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "NUMERIC scale %lld must be between %d and %d", (long long)scale,
                              -NUMERIC_MAX_PRECISION, NUMERIC_MAX_PRECISION);
        *typmod = (int32_t)(((precision << 16) | (scale & 0xFFFF)) + TYPMOD_HEADER);
        return true;
    }
    if (info->oid == TYPE_TIMESTAMP || info->oid == TYPE_TIMESTAMPTZ) {
        /* Fractional digits kept, 0..6; PostgreSQL keeps the bare number as typmod. */
        const char *spelled = info->oid == TYPE_TIMESTAMP ? "" : " WITH TIME ZONE";
        if (mod_count != 1)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid type modifier");
        if (mod_values[0] < 0)
            return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, location,
                              "TIMESTAMP(%lld)%s precision must not be negative",
                              (long long)mod_values[0], spelled);
        if (mod_values[0] > DATETIME_MAX_PRECISION) {
            query_notice(ctx, "WARNING", SQLSTATE_INVALID_PARAMETER_VALUE,
                         "TIMESTAMP(%lld)%s precision reduced to maximum allowed, %d",
                         (long long)mod_values[0], spelled, DATETIME_MAX_PRECISION);
            mod_values[0] = DATETIME_MAX_PRECISION;
        }
        *typmod = (int32_t)mod_values[0];
        return true;
    }
    if (info->oid == TYPE_INTERVAL)
        return query_fail_unsupported(ctx, location, "interval fields and precision");
    return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                      "type modifier is not allowed for type \"%s\"", info->name);
}

static bool analyze_array_expr(query_context *ctx, const cJSON *fields, uint32_t element_type,
                               expr **out);

static bool analyze_type_cast(query_context *ctx, const cJSON *fields, expr **out)
{
    expr *arg;
    uint32_t type = TYPE_UNKNOWN;
    int32_t typmod = TYPMOD_NONE;
    if (!expr_resolve_type(ctx, node_get(fields, "typeName"), &type, &typmod))
        return false;
    /* ARRAY[...]::t[] converts each element to t, as PostgreSQL does (so ARRAY[]::int[]
     * has a type). */
    const cJSON *arg_node = node_get(fields, "arg");
    if (strcmp(node_kind(arg_node), "A_ArrayExpr") == 0 && type_is_array(type)) {
        if (!analyze_array_expr(ctx, node_fields(arg_node), type_array_element(type), &arg))
            return false;
    } else if (!analyze(ctx, arg_node, &arg)) {
        return false;
    }
    int location = node_get_int(fields, "location", -1);
    if (arg->kind == EXPR_PARAM && arg->type == TYPE_UNKNOWN)
        return expr_coerce(ctx, arg, type, typmod, CAST_EXPLICIT, NULL, out);
    if (!cast_exists(arg->type, type, CAST_EXPLICIT))
        return query_fail(ctx, SQLSTATE_CANNOT_COERCE, location, "cannot cast type %s to %s",
                          type_display_name(arg->type), type_format(ctx, type, typmod));
    if (arg->kind == EXPR_CONST) {
        expr *c = expr_new(ctx, EXPR_CONST, type, arg->location);
        if (c == NULL)
            return query_fail_no_memory(ctx);
        /* A literal's conversion error points at the literal, as in PostgreSQL. */
        if (!value_cast(ctx, &arg->constant, type, typmod, CAST_EXPLICIT,
                        is_unknown_literal(arg) ? arg->location : -1, &c->constant))
            return false;
        c->typmod = typmod;
        *out = c;
        return true;
    }
    expr *cast = expr_new(ctx, EXPR_CAST, type, location);
    if (cast == NULL || !set_args(ctx, cast, 1))
        return query_fail_no_memory(ctx);
    cast->typmod = typmod;
    cast->cast = CAST_EXPLICIT;
    cast->args[0] = arg;
    *out = cast;
    return true;
}

static int numeric_promotion_rank(uint32_t type)
{
    switch (type) {
    case TYPE_INT2:
        return 1;
    case TYPE_INT4:
        return 2;
    case TYPE_INT8:
        return 3;
    case TYPE_NUMERIC:
        return 4;
    case TYPE_FLOAT4:
        return 5;
    case TYPE_FLOAT8:
        return 6;
    default:
        return 0;
    }
}

static bool operator_missing(query_context *ctx, const char *symbol, const expr *left,
                             const expr *right, int location)
{
    if (left == NULL) {
        query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location, "operator does not exist: %s %s",
                   symbol, type_display_name(right->type));
        return query_fail_hint(ctx, "No operator matches the given name and argument type. You "
                                    "might need to add an explicit type cast.");
    }
    query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location, "operator does not exist: %s %s %s",
               type_display_name(left->type), symbol, type_display_name(right->type));
    return query_fail_hint(ctx, "No operator matches the given name and argument types. You "
                                "might need to add explicit type casts.");
}

/* The type both operands of a binary operator are brought to, or 0 if none. */
static uint32_t binary_operand_type(binary_op op, uint32_t left, uint32_t right)
{
    int lr = numeric_promotion_rank(left), rr = numeric_promotion_rank(right);
    if (lr > 0 && rr > 0) {
        if (op == OP_MOD && (type_is_float(left) || type_is_float(right)))
            return 0; /* PostgreSQL has no float % operator */
        if (type_is_float(left) || type_is_float(right))
            return left == TYPE_FLOAT4 && right == TYPE_FLOAT4 ? TYPE_FLOAT4 : TYPE_FLOAT8;
        return lr >= rr ? left : right;
    }
    if (is_comparison(op)) {
        /* oid and the reg* types compare as oids; an integer becomes an oid. */
        if ((type_is_oid_like(left) && (type_is_oid_like(right) || type_is_integer(right))) ||
            (type_is_oid_like(right) && type_is_integer(left)))
            return TYPE_OID;
        if (type_is_string(left) && type_is_string(right))
            return left == TYPE_BPCHAR && right == TYPE_BPCHAR ? TYPE_BPCHAR : TYPE_TEXT;
        if (left == TYPE_BOOL && right == TYPE_BOOL)
            return TYPE_BOOL;
        if ((left == TYPE_UUID || left == TYPE_BYTEA || left == TYPE_JSONB || left == TYPE_OID ||
             type_is_array(left)) &&
            right == left && type_has_ordering(left))
            return left;
        if (type_datetime_common(left, right) != 0)
            return type_datetime_common(left, right);
    }
    return 0;
}

/* Date/time arithmetic: which operator, given the (resolved) operand types. */
typedef enum datetime_op {
    DT_DATE_PLUS_DAYS,
    DT_DATE_MINUS_DAYS,
    DT_DATE_MINUS_DATE,
    DT_DATE_PLUS_INTERVAL,
    DT_DATE_MINUS_INTERVAL,
    DT_TIMESTAMP_PLUS_INTERVAL,
    DT_TIMESTAMP_MINUS_INTERVAL,
    DT_TIMESTAMPTZ_PLUS_INTERVAL,
    DT_TIMESTAMPTZ_MINUS_INTERVAL,
    DT_TIMESTAMP_MINUS_TIMESTAMP,
    DT_TIMESTAMPTZ_MINUS_TIMESTAMPTZ,
    DT_INTERVAL_PLUS_INTERVAL,
    DT_INTERVAL_MINUS_INTERVAL,
    DT_INTERVAL_TIMES,
    DT_INTERVAL_DIVIDED,
} datetime_op;

static const struct {
    binary_op op;
    uint32_t left, right, result;
    datetime_op code;
    bool swap; /* int + date is evaluated as date + int */
} datetime_operators[] = {
    {OP_ADD, TYPE_DATE, TYPE_INT4, TYPE_DATE, DT_DATE_PLUS_DAYS, false},
    {OP_ADD, TYPE_INT4, TYPE_DATE, TYPE_DATE, DT_DATE_PLUS_DAYS, true},
    {OP_SUB, TYPE_DATE, TYPE_INT4, TYPE_DATE, DT_DATE_MINUS_DAYS, false},
    {OP_SUB, TYPE_DATE, TYPE_DATE, TYPE_INT4, DT_DATE_MINUS_DATE, false},
    {OP_ADD, TYPE_DATE, TYPE_INTERVAL, TYPE_TIMESTAMP, DT_DATE_PLUS_INTERVAL, false},
    {OP_ADD, TYPE_INTERVAL, TYPE_DATE, TYPE_TIMESTAMP, DT_DATE_PLUS_INTERVAL, true},
    {OP_SUB, TYPE_DATE, TYPE_INTERVAL, TYPE_TIMESTAMP, DT_DATE_MINUS_INTERVAL, false},
    {OP_ADD, TYPE_TIMESTAMP, TYPE_INTERVAL, TYPE_TIMESTAMP, DT_TIMESTAMP_PLUS_INTERVAL, false},
    {OP_ADD, TYPE_INTERVAL, TYPE_TIMESTAMP, TYPE_TIMESTAMP, DT_TIMESTAMP_PLUS_INTERVAL, true},
    {OP_SUB, TYPE_TIMESTAMP, TYPE_INTERVAL, TYPE_TIMESTAMP, DT_TIMESTAMP_MINUS_INTERVAL, false},
    {OP_ADD, TYPE_TIMESTAMPTZ, TYPE_INTERVAL, TYPE_TIMESTAMPTZ, DT_TIMESTAMPTZ_PLUS_INTERVAL, false},
    {OP_ADD, TYPE_INTERVAL, TYPE_TIMESTAMPTZ, TYPE_TIMESTAMPTZ, DT_TIMESTAMPTZ_PLUS_INTERVAL, true},
    {OP_SUB, TYPE_TIMESTAMPTZ, TYPE_INTERVAL, TYPE_TIMESTAMPTZ, DT_TIMESTAMPTZ_MINUS_INTERVAL, false},
    {OP_SUB, TYPE_TIMESTAMP, TYPE_TIMESTAMP, TYPE_INTERVAL, DT_TIMESTAMP_MINUS_TIMESTAMP, false},
    {OP_SUB, TYPE_TIMESTAMPTZ, TYPE_TIMESTAMPTZ, TYPE_INTERVAL, DT_TIMESTAMPTZ_MINUS_TIMESTAMPTZ, false},
    {OP_ADD, TYPE_INTERVAL, TYPE_INTERVAL, TYPE_INTERVAL, DT_INTERVAL_PLUS_INTERVAL, false},
    {OP_SUB, TYPE_INTERVAL, TYPE_INTERVAL, TYPE_INTERVAL, DT_INTERVAL_MINUS_INTERVAL, false},
    {OP_MUL, TYPE_INTERVAL, TYPE_FLOAT8, TYPE_INTERVAL, DT_INTERVAL_TIMES, false},
    {OP_MUL, TYPE_FLOAT8, TYPE_INTERVAL, TYPE_INTERVAL, DT_INTERVAL_TIMES, true},
    {OP_DIV, TYPE_INTERVAL, TYPE_FLOAT8, TYPE_INTERVAL, DT_INTERVAL_DIVIDED, false},
};

/* The type an untyped literal takes opposite a date/time operand. */
static uint32_t datetime_literal_type(binary_op op, uint32_t other)
{
    if (other == TYPE_DATE)
        return op == OP_SUB || op == OP_ADD ? TYPE_INT4 : TYPE_DATE;
    if (other == TYPE_INTERVAL)
        return TYPE_INTERVAL;
    return op == OP_SUB || op == OP_ADD ? TYPE_INTERVAL : other;
}

static bool analyze_datetime_arithmetic(query_context *ctx, binary_op op, const char *symbol,
                                        expr *left, expr *right, int location, expr **out)
{
    uint32_t a = left->type, b = right->type;
    if (a == TYPE_UNKNOWN)
        a = datetime_literal_type(op, b);
    if (b == TYPE_UNKNOWN)
        b = datetime_literal_type(op, a);
    /* Numbers meet an interval as double precision; dates and timestamps widen. */
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof datetime_operators / sizeof datetime_operators[0]; i++) {
            uint32_t l = datetime_operators[i].left, r = datetime_operators[i].right;
            if (datetime_operators[i].op != op)
                continue;
            bool exact = l == a && r == b;
            bool widened = pass == 1 && cast_exists(a, l, CAST_IMPLICIT) &&
                           cast_exists(b, r, CAST_IMPLICIT);
            if (!exact && !widened)
                continue;
            expr *e = expr_new(ctx, EXPR_DATETIME, datetime_operators[i].result, location);
            if (e == NULL || !set_args(ctx, e, 2))
                return query_fail_no_memory(ctx);
            e->datetime = datetime_operators[i].code;
            bool swap = datetime_operators[i].swap;
            expr *first = swap ? right : left, *second = swap ? left : right;
            uint32_t first_type = swap ? r : l, second_type = swap ? l : r;
            if (!expr_coerce(ctx, first, first_type, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[0]) ||
                !expr_coerce(ctx, second, second_type, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[1]))
                return false;
            *out = e;
            return true;
        }
    }
    return operator_missing(ctx, symbol, left, right, location);
}

/* json -> text, json -> integer, and ->>, for json and jsonb: a member by name or an
 * element by position. An untyped literal key is a name. */
static bool analyze_json_operator(query_context *ctx, expr *e, const char *symbol, expr *left,
                                  expr *right, int location, expr **out)
{
    uint32_t key = 0;
    if (type_is_string(right->type))
        key = TYPE_TEXT;
    else if (right->type == TYPE_INT2 || right->type == TYPE_INT4)
        key = TYPE_INT4;
    if (key != 0 && is_unknown_literal(left)) {
        query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location,
                   "operator is not unique: unknown %s %s", symbol, type_display_name(right->type));
        return query_fail_hint(ctx, "Could not choose a best candidate operator. You might need "
                                    "to add explicit type casts.");
    }
    if (key == 0 || (left->type != TYPE_JSON && left->type != TYPE_JSONB))
        return operator_missing(ctx, symbol, left, right, location);
    e->args[0] = left;
    if (!expr_coerce(ctx, right, key, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[1]))
        return false;
    e->operand_type = key;
    e->type = e->op == OP_JSON_GET ? left->type : TYPE_TEXT;
    *out = e;
    return true;
}

static bool analyze_array_call(query_context *ctx, const array_function *f, expr **args,
                               int arg_count, int location, bool *matched, expr **out);

/* array || array, array || element, element || array (an untyped literal opposite an
 * array is an array). */
static bool analyze_array_concat(query_context *ctx, expr *left, expr *right, int location,
                                 expr **out)
{
    bool left_array = type_is_array(left->type) || is_unknown_literal(left);
    bool right_array = type_is_array(right->type) || is_unknown_literal(right);
    const char *name = left_array && right_array ? "array_cat"
                       : left_array              ? "array_append"
                                                 : "array_prepend";
    expr *args[2] = {left, right};
    bool matched;
    if (!analyze_array_call(ctx, array_function_lookup(name, 2), args, 2, location, &matched,
                            out))
        return false;
    return matched || operator_missing(ctx, "||", left, right, location);
}

static bool analyze_binary(query_context *ctx, binary_op op, const char *symbol, expr *left,
                           expr *right, int location, expr **out)
{
    expr *e = expr_new(ctx, EXPR_BINARY, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->op = op;
    if (op == OP_JSON_GET || op == OP_JSON_GET_TEXT)
        return analyze_json_operator(ctx, e, symbol, left, right, location, out);
    /* PostgreSQL's jsonb || jsonb and jsonb - text/integer are not here yet. */
    bool left_jsonb = left->type == TYPE_JSONB, right_jsonb = right->type == TYPE_JSONB;
    if (op == OP_CONCAT && (left_jsonb || right_jsonb) &&
        (left_jsonb || is_unknown_literal(left)) && (right_jsonb || is_unknown_literal(right)))
        return query_fail_unsupported(ctx, location, "jsonb || jsonb");
    if (op == OP_SUB && left_jsonb && type_is_string(right->type))
        return query_fail_unsupported(ctx, location, "jsonb - text");
    if (op == OP_SUB && left_jsonb && (right->type == TYPE_INT2 || right->type == TYPE_INT4))
        return query_fail_unsupported(ctx, location, "jsonb - integer");

    if (op == OP_CONCAT && (type_is_array(left->type) || type_is_array(right->type)))
        return analyze_array_concat(ctx, left, right, location, out);
    if (op == OP_CONCAT && (left->type == TYPE_BYTEA || right->type == TYPE_BYTEA) &&
        (left->type == TYPE_BYTEA || is_unknown_literal(left)) &&
        (right->type == TYPE_BYTEA || is_unknown_literal(right))) {
        /* bytea || bytea: the bytes joined. */
        if (!expr_coerce(ctx, left, TYPE_BYTEA, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[0]) ||
            !expr_coerce(ctx, right, TYPE_BYTEA, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[1]))
            return false;
        e->type = TYPE_BYTEA;
        e->operand_type = TYPE_BYTEA;
        *out = e;
        return true;
    }
    if (op == OP_CONCAT) {
        /* text || text, and anynonarray || text / text || anynonarray. */
        bool left_string = type_is_string(left->type), right_string = type_is_string(right->type);
        if (!left_string && !right_string)
            return operator_missing(ctx, symbol, left, right, location);
        if (left_string && !expr_coerce(ctx, left, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &left))
            return false;
        if (right_string &&
            !expr_coerce(ctx, right, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &right))
            return false;
        e->type = TYPE_TEXT;
        e->operand_type = TYPE_TEXT;
        e->args[0] = left;
        e->args[1] = right;
        *out = e;
        return true;
    }

    if (!is_comparison(op) && (type_is_datetime(left->type) || type_is_datetime(right->type)))
        return analyze_datetime_arithmetic(ctx, op, symbol, left, right, location, out);

    uint32_t operand;
    if (is_unknown_literal(left) && is_unknown_literal(right)) {
        if (!is_comparison(op)) {
            query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location,
                       "operator is not unique: unknown %s unknown", symbol);
            return query_fail_hint(ctx, "Could not choose a best candidate operator. You might "
                                        "need to add explicit type casts.");
        }
        operand = TYPE_TEXT;
    } else if (is_unknown_literal(left)) {
        operand = right->type == TYPE_UNKNOWN ? TYPE_TEXT : right->type;
        if (type_is_string(operand))
            operand = operand == TYPE_BPCHAR ? TYPE_BPCHAR : TYPE_TEXT;
    } else if (is_unknown_literal(right)) {
        operand = left->type == TYPE_UNKNOWN ? TYPE_TEXT : left->type;
        if (type_is_string(operand))
            operand = operand == TYPE_BPCHAR ? TYPE_BPCHAR : TYPE_TEXT;
    } else {
        operand = binary_operand_type(op, left->type, right->type);
    }
    if (operand == 0 || (!is_comparison(op) && numeric_promotion_rank(operand) == 0) ||
        (op == OP_MOD && type_is_float(operand)) ||
        (is_comparison(op) && binary_operand_type(op, operand, operand) == 0))
        return operator_missing(ctx, symbol, left, right, location);

    if (!expr_coerce(ctx, left, operand, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[0]) ||
        !expr_coerce(ctx, right, operand, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[1]))
        return false;
    e->operand_type = operand;
    e->type = is_comparison(op) ? TYPE_BOOL : operand;
    *out = e;
    return true;
}

bool expr_equality(query_context *ctx, expr *left, expr *right, expr **out)
{
    return analyze_binary(ctx, OP_EQ, "=", left, right, -1, out);
}

static bool analyze_negate(query_context *ctx, expr *arg, int location, expr **out)
{
    if (is_unknown_literal(arg)) {
        query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location, "operator is not unique: - unknown");
        return query_fail_hint(ctx, "Could not choose a best candidate operator. You might need "
                                    "to add explicit type casts.");
    }
    if (numeric_promotion_rank(arg->type) == 0 && arg->type != TYPE_INTERVAL)
        return operator_missing(ctx, "-", NULL, arg, location);
    expr *e = expr_new(ctx, EXPR_NEGATE, arg->type, location);
    if (e == NULL || !set_args(ctx, e, 1))
        return query_fail_no_memory(ctx);
    e->args[0] = arg;
    *out = e;
    return true;
}

static bool make_logic(query_context *ctx, expr_kind kind, expr *a, expr *b, int location,
                       expr **out)
{
    expr *e = expr_new(ctx, kind, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->args[0] = a;
    e->args[1] = b;
    *out = e;
    return true;
}

/* x IN (a, b) is x = a OR x = b; NOT IN is x <> a AND x <> b (NULLs behave alike). x is
 * evaluated once, as in PostgreSQL: random() IN (...) tests one value. */
static bool analyze_in_list(query_context *ctx, expr *left, const cJSON *list, bool negated,
                            int location, expr **out)
{
    const cJSON *items = node_get(node_fields(list), "items");
    if (strcmp(node_kind(list), "SubLink") == 0 || items == NULL)
        return query_fail_unsupported(ctx, location, "IN (subquery)");
    expr *tested = expr_new(ctx, EXPR_SUBLINK_VALUE, left->type, location);
    expr *e = expr_new(ctx, EXPR_IN_LIST, TYPE_BOOL, location);
    if (tested == NULL || e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    tested->typmod = left->typmod;
    expr *result = NULL;
    const cJSON *item;
    cJSON_ArrayForEach(item, items)
    {
        expr *right, *test;
        /* An untyped literal on the left still resolves against each item. */
        expr *compared = is_unknown_literal(left) ? left : tested;
        if (!analyze(ctx, item, &right) ||
            !analyze_binary(ctx, negated ? OP_NE : OP_EQ, negated ? "<>" : "=", compared, right,
                            location, &test))
            return false;
        if (result == NULL)
            result = test;
        else if (!make_logic(ctx, negated ? EXPR_AND : EXPR_OR, result, test, location, &result))
            return false;
    }
    if (result == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "syntax error at or near \")\"");
    if (is_unknown_literal(left)) {
        *out = result;
        return true;
    }
    e->args[0] = left;
    e->args[1] = result;
    *out = e;
    return true;
}

static bool analyze_between(query_context *ctx, expr *value_expr, const cJSON *list, bool negated,
                            int location, expr **out)
{
    const cJSON *items = node_get(node_fields(list), "items");
    expr *low, *high, *a, *b;
    if (cJSON_GetArraySize(items) != 2)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "BETWEEN needs two bounds");
    if (!analyze(ctx, cJSON_GetArrayItem(items, 0), &low) ||
        !analyze(ctx, cJSON_GetArrayItem(items, 1), &high))
        return false;
    if (!analyze_binary(ctx, negated ? OP_LT : OP_GE, negated ? "<" : ">=", value_expr, low,
                        location, &a) ||
        !analyze_binary(ctx, negated ? OP_GT : OP_LE, negated ? ">" : "<=", value_expr, high,
                        location, &b))
        return false;
    return make_logic(ctx, negated ? EXPR_OR : EXPR_AND, a, b, location, out);
}

static bool analyze_like(query_context *ctx, expr *left, expr *right, const char *symbol,
                         bool case_insensitive, bool negated, int location, expr **out)
{
    if (!type_is_string(left->type) || !type_is_string(right->type))
        return operator_missing(ctx, symbol, left, right, location);
    expr *e = expr_new(ctx, EXPR_LIKE, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->negated = negated;
    e->case_insensitive = case_insensitive;
    if (!expr_coerce(ctx, left, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[0]) ||
        !expr_coerce(ctx, right, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->args[1]))
        return false;
    *out = e;
    return true;
}

/* PostgreSQL's select_common_type, then each item coerced to it. */
bool expr_common_type(query_context *ctx, expr **items, int count, const char *construct,
                      uint32_t *out)
{
    uint32_t type = 0;
    for (int i = 0; i < count; i++) {
        uint32_t t = items[i]->type;
        if (t == TYPE_UNKNOWN)
            continue;
        if (type == 0 || t == type) {
            type = t;
            continue;
        }
        int a = numeric_promotion_rank(type), b = numeric_promotion_rank(t);
        if (a > 0 && b > 0) {
            type = binary_operand_type(OP_ADD, type, t);
            continue;
        }
        if (type_is_string(type) && type_is_string(t)) {
            type = TYPE_TEXT;
            continue;
        }
        if (type_datetime_common(type, t) != 0) {
            type = type_datetime_common(type, t);
            continue;
        }
        /* Types of one category (json and jsonb, say) meet in the first; converting the
         * others is what then fails. */
        if (type_lookup(type) != NULL && type_lookup(t) != NULL &&
            type_lookup(type)->category == type_lookup(t)->category)
            continue;
        return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, items[i]->location,
                          "%s types %s and %s cannot be matched", construct,
                          type_display_name(type), type_display_name(t));
    }
    *out = type == 0 ? TYPE_TEXT : type;
    for (int i = 0; i < count; i++) {
        if (!cast_exists(items[i]->type, *out, CAST_IMPLICIT))
            return query_fail(ctx, SQLSTATE_CANNOT_COERCE, items[i]->location,
                              "%s could not convert type %s to %s",
                              strcmp(construct, "CASE") == 0 ? "CASE/WHEN" : construct,
                              type_display_name(items[i]->type), type_display_name(*out));
        if (!expr_coerce(ctx, items[i], *out, TYPMOD_NONE, CAST_IMPLICIT, NULL, &items[i]))
            return false;
    }
    return true;
}

static bool analyze_list_of(query_context *ctx, const cJSON *args, expr_kind kind,
                            const char *construct, int location, expr **out)
{
    int count = cJSON_GetArraySize(args);
    expr *e = expr_new(ctx, kind, TYPE_TEXT, location);
    if (e == NULL || !set_args(ctx, e, count))
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        if (!analyze(ctx, arg, &e->args[i++]))
            return false;
    }
    if (!expr_common_type(ctx, e->args, count, construct, &e->type))
        return false;
    *out = e;
    return true;
}

static bool analyze_case(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const cJSON *whens = node_get(fields, "args");
    const cJSON *else_node = node_get(fields, "defresult");
    int when_count = cJSON_GetArraySize(whens);
    expr *e = expr_new(ctx, EXPR_CASE, TYPE_TEXT, location);
    if (e == NULL || !set_args(ctx, e, 2 * when_count + (else_node != NULL)))
        return query_fail_no_memory(ctx);
    e->has_else = else_node != NULL;
    expr *subject = NULL;
    if (node_get(fields, "arg") != NULL && !analyze(ctx, node_get(fields, "arg"), &subject))
        return false;
    /* The results, the ELSE one first: PostgreSQL prefers its type when types differ. */
    expr **results = arena_alloc(ctx->arena, (size_t)(when_count + 1) * sizeof *results);
    if (results == NULL)
        return query_fail_no_memory(ctx);
    int first = else_node != NULL ? 1 : 0;
    int i = 0;
    const cJSON *when;
    cJSON_ArrayForEach(when, whens)
    {
        const cJSON *w = node_fields(when);
        expr *condition;
        if (!analyze(ctx, node_get(w, "expr"), &condition))
            return false;
        if (subject != NULL) {
            if (!analyze_binary(ctx, OP_EQ, "=", subject, condition, location, &condition))
                return false;
        } else if (!expr_coerce(ctx, condition, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, "CASE/WHEN",
                                &condition)) {
            return false;
        }
        e->args[2 * i] = condition;
        if (!analyze(ctx, node_get(w, "result"), &results[first + i]))
            return false;
        i++;
    }
    if (else_node != NULL && !analyze(ctx, else_node, &results[0]))
        return false;
    if (!expr_common_type(ctx, results, when_count + first, "CASE", &e->type))
        return false;
    for (int k = 0; k < when_count; k++)
        e->args[2 * k + 1] = results[first + k];
    if (else_node != NULL)
        e->args[2 * when_count] = results[0];
    *out = e;
    return true;
}

static bool analyze_nullif(query_context *ctx, expr *left, expr *right, int location, expr **out)
{
    expr *equal;
    if (!analyze_binary(ctx, OP_EQ, "=", left, right, location, &equal))
        return false;
    /* The result has the first argument's type, as the comparison resolved it. */
    expr *value_expr = left->type == TYPE_UNKNOWN ? equal->args[0] : left;
    expr *e = expr_new(ctx, EXPR_NULLIF, value_expr->type, location);
    if (e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->args[0] = value_expr;
    e->args[1] = equal;
    *out = e;
    return true;
}

static bool analyze_array_test(query_context *ctx, const cJSON *fields, const char *symbol,
                               bool all, int location, expr **out);

static bool analyze_a_expr(query_context *ctx, const cJSON *fields, expr **out)
{
    const char *kind = node_get_string(fields, "kind");
    int location = node_get_int(fields, "location", -1);
    const cJSON *names = node_get(fields, "name");
    int name_count = cJSON_GetArraySize(names);
    const char *symbol =
        name_count > 0 ? node_string_value(cJSON_GetArrayItem(names, name_count - 1)) : NULL;
    if (symbol == NULL)
        symbol = "?";
    bool is_distinct = kind != NULL && strcmp(kind, "AEXPR_DISTINCT") == 0;
    bool is_not_distinct = kind != NULL && strcmp(kind, "AEXPR_NOT_DISTINCT") == 0;
    if (kind != NULL && (strcmp(kind, "AEXPR_IN") == 0 || strncmp(kind, "AEXPR_BETWEEN", 13) == 0 ||
                         strncmp(kind, "AEXPR_NOT_BETWEEN", 17) == 0)) {
        if (strstr(kind, "_SYM") != NULL)
            return query_fail_unsupported(ctx, location, "BETWEEN SYMMETRIC");
        expr *left;
        if (!analyze(ctx, node_get(fields, "lexpr"), &left))
            return false;
        if (strcmp(kind, "AEXPR_IN") == 0)
            return analyze_in_list(ctx, left, node_get(fields, "rexpr"), strcmp(symbol, "<>") == 0,
                                   location, out);
        return analyze_between(ctx, left, node_get(fields, "rexpr"),
                               strncmp(kind, "AEXPR_NOT", 9) == 0, location, out);
    }
    bool is_like = kind != NULL && strcmp(kind, "AEXPR_LIKE") == 0;
    bool is_ilike = kind != NULL && strcmp(kind, "AEXPR_ILIKE") == 0;
    bool is_nullif = kind != NULL && strcmp(kind, "AEXPR_NULLIF") == 0;
    if (is_like || is_ilike || is_nullif) {
        expr *left, *right;
        if (!analyze(ctx, node_get(fields, "lexpr"), &left) ||
            !analyze(ctx, node_get(fields, "rexpr"), &right))
            return false;
        if (is_nullif)
            return analyze_nullif(ctx, left, right, location, out);
        return analyze_like(ctx, left, right, symbol, is_ilike, symbol[0] == '!', location, out);
    }
    if (kind != NULL && (strcmp(kind, "AEXPR_OP_ANY") == 0 || strcmp(kind, "AEXPR_OP_ALL") == 0))
        return analyze_array_test(ctx, fields, symbol, strcmp(kind, "AEXPR_OP_ALL") == 0, location,
                                  out);
    if (kind == NULL || (strcmp(kind, "AEXPR_OP") != 0 && !is_distinct && !is_not_distinct)) {
        const char *what = kind == NULL ? "operator" : kind + strlen("AEXPR_");
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "feature not supported: %s expressions", what);
    }

    const cJSON *lexpr = node_get(fields, "lexpr");
    const cJSON *rexpr = node_get(fields, "rexpr");
    expr *left = NULL, *right = NULL;
    if (lexpr != NULL && !analyze(ctx, lexpr, &left))
        return false;
    if (rexpr == NULL || !analyze(ctx, rexpr, &right))
        return rexpr == NULL ? query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                                          "postfix operators are not supported")
                             : false;
    if (left == NULL) {
        if (strcmp(symbol, "+") == 0) {
            if (numeric_promotion_rank(right->type) == 0)
                return operator_missing(ctx, "+", NULL, right, location);
            *out = right;
            return true;
        }
        if (strcmp(symbol, "-") == 0)
            return analyze_negate(ctx, right, location, out);
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "feature not supported: prefix operator %s", symbol);
    }
    if (is_distinct || is_not_distinct) {
        expr *equal;
        if (!analyze_binary(ctx, OP_EQ, "=", left, right, location, &equal))
            return false;
        equal->kind = EXPR_DISTINCT;
        equal->negated = is_not_distinct;
        *out = equal;
        return true;
    }
    const char *operator_schema = name_count > 1 ? node_string_value(cJSON_GetArrayItem(names, 0)) : NULL;
    if (name_count > 1 && (operator_schema == NULL || strcmp(operator_schema, "pg_catalog") != 0))
        return operator_missing(ctx, symbol, left, right, location);
    for (size_t i = 0; i < sizeof binary_operators / sizeof binary_operators[0]; i++) {
        if (strcmp(binary_operators[i].symbol, symbol) == 0)
            return analyze_binary(ctx, binary_operators[i].op, symbol, left, right, location, out);
    }
    if (strcmp(symbol, "~") == 0 || strcmp(symbol, "~*") == 0 || strcmp(symbol, "!~") == 0 ||
        strcmp(symbol, "!~*") == 0) {
        if (!analyze_like(ctx, left, right, symbol, strchr(symbol, '*') != NULL, symbol[0] == '!',
                          location, out))
            return false;
        (*out)->regex = true;
        return true;
    }
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                      "feature not supported: operator %s", symbol);
}

static bool analyze_bool_expr(query_context *ctx, const cJSON *fields, expr **out)
{
    const char *op = node_get_string(fields, "boolop");
    int location = node_get_int(fields, "location", -1);
    expr_kind kind = EXPR_NOT;
    const char *construct = "NOT";
    if (op != NULL && strcmp(op, "AND_EXPR") == 0) {
        kind = EXPR_AND;
        construct = "AND";
    } else if (op != NULL && strcmp(op, "OR_EXPR") == 0) {
        kind = EXPR_OR;
        construct = "OR";
    }
    const cJSON *args = node_get(fields, "args");
    expr *e = expr_new(ctx, kind, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, cJSON_GetArraySize(args)))
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        expr *a;
        if (!analyze(ctx, arg, &a) ||
            !expr_coerce(ctx, a, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, construct, &e->args[i]))
            return false;
        i++;
    }
    *out = e;
    return true;
}

static bool analyze_null_test(query_context *ctx, const cJSON *fields, expr **out)
{
    expr *arg;
    if (!analyze(ctx, node_get(fields, "arg"), &arg))
        return false;
    expr *e = expr_new(ctx, EXPR_NULL_TEST, TYPE_BOOL, node_get_int(fields, "location", -1));
    if (e == NULL || !set_args(ctx, e, 1))
        return query_fail_no_memory(ctx);
    const char *type = node_get_string(fields, "nulltesttype");
    e->negated = type != NULL && strcmp(type, "IS_NOT_NULL") == 0;
    e->args[0] = arg;
    *out = e;
    return true;
}

static bool analyze_boolean_test(query_context *ctx, const cJSON *fields, expr **out)
{
    static const struct {
        const char *name;
        boolean_test test;
        const char *construct;
    } tests[] = {
        {"IS_TRUE", TEST_IS_TRUE, "IS TRUE"},          {"IS_NOT_TRUE", TEST_IS_NOT_TRUE, "IS NOT TRUE"},
        {"IS_FALSE", TEST_IS_FALSE, "IS FALSE"},       {"IS_NOT_FALSE", TEST_IS_NOT_FALSE, "IS NOT FALSE"},
        {"IS_UNKNOWN", TEST_IS_UNKNOWN, "IS UNKNOWN"}, {"IS_NOT_UNKNOWN", TEST_IS_NOT_UNKNOWN, "IS NOT UNKNOWN"},
    };
    const char *name = node_get_string(fields, "booltesttype");
    size_t i = 0;
    while (i < sizeof tests / sizeof tests[0] && (name == NULL || strcmp(tests[i].name, name) != 0))
        i++;
    int location = node_get_int(fields, "location", -1);
    if (i == sizeof tests / sizeof tests[0])
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, location, "unrecognized boolean test");
    expr *arg;
    if (!analyze(ctx, node_get(fields, "arg"), &arg))
        return false;
    expr *e = expr_new(ctx, EXPR_BOOLEAN_TEST, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, 1))
        return query_fail_no_memory(ctx);
    e->test = tests[i].test;
    if (!expr_coerce(ctx, arg, TYPE_BOOL, TYPMOD_NONE, CAST_IMPLICIT, tests[i].construct,
                     &e->args[0]))
        return false;
    *out = e;
    return true;
}

/* ---- arrays ---- */

static uint32_t array_kind_type(char kind, uint32_t element)
{
    switch (kind) {
    case 'A':
        return type_array_of(element);
    case 'E':
        return element;
    case 'i':
        return TYPE_INT4;
    case 'I':
        return type_array_of(TYPE_INT4);
    case 'T':
        return type_array_of(TYPE_TEXT);
    default:
        return TYPE_TEXT;
    }
}

/* An array function's polymorphic arguments: the element type comes from the first
 * typed array argument, else from the first typed element argument; the others are
 * brought to it. *matched is false (and nothing recorded) if the arguments do not fit. */
static bool analyze_array_call(query_context *ctx, const array_function *f, expr **args,
                               int arg_count, int location, bool *matched, expr **out)
{
    *matched = false;
    uint32_t element = 0;
    bool polymorphic = false;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < arg_count; i++) {
            char kind = f->arguments[i];
            uint32_t t = args[i]->type;
            if (kind == 'A' || kind == 'E')
                polymorphic = true;
            if (t == TYPE_UNKNOWN || element != 0)
                continue;
            if (pass == 0 && kind == 'A') {
                if (!type_is_array(t))
                    return true;
                element = type_array_element(t);
            } else if (pass == 1 && kind == 'E') {
                if (type_array_of(t) == 0)
                    return true;
                element = t;
            }
        }
    }
    /* anycompatible: widen to a typed element argument the array's element converts to. */
    for (int i = 0; i < arg_count && f->compatible && element != 0; i++) {
        uint32_t t = args[i]->type;
        if (f->arguments[i] == 'E' && t != TYPE_UNKNOWN && t != element &&
            !cast_exists(t, element, CAST_IMPLICIT) && cast_exists(element, t, CAST_IMPLICIT) &&
            type_array_of(t) != 0)
            element = t;
    }
    if (polymorphic && element == 0 && f->compatible)
        element = TYPE_TEXT;
    if (polymorphic && element == 0) {
        query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, -1,
                   "could not determine polymorphic type because input has type unknown");
        return false;
    }
    for (int i = 0; i < arg_count; i++) {
        if (!cast_exists(args[i]->type, array_kind_type(f->arguments[i], element), CAST_IMPLICIT))
            return true;
    }
    *matched = true;
    expr *e = expr_new(ctx, EXPR_ARRAY_FUNCTION, array_kind_type(f->result, element), location);
    if (e == NULL || !set_args(ctx, e, arg_count))
        return query_fail_no_memory(ctx);
    e->array_function = f;
    for (int i = 0; i < arg_count; i++) {
        if (!expr_coerce(ctx, args[i], array_kind_type(f->arguments[i], element), TYPMOD_NONE,
                         CAST_IMPLICIT, NULL, &e->args[i]))
            return false;
    }
    *out = e;
    return true;
}

/* ARRAY[...]: the elements' common type, or element_type when a cast gives it. */
static bool analyze_array_expr(query_context *ctx, const cJSON *fields, uint32_t element_type,
                               expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const cJSON *elements = node_get(fields, "elements");
    int count = cJSON_GetArraySize(elements);
    expr *e = expr_new(ctx, EXPR_ARRAY, TYPE_TEXT, location);
    if (e == NULL || !set_args(ctx, e, count))
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, elements)
    {
        if (strcmp(node_kind(item), "A_ArrayExpr") == 0)
            return query_fail_unsupported(ctx, location, "multidimensional arrays");
        if (!analyze(ctx, item, &e->args[i]))
            return false;
        if (type_is_array(e->args[i]->type))
            return query_fail_unsupported(ctx, location, "multidimensional arrays");
        i++;
    }
    if (element_type == 0) {
        if (count == 0) {
            query_fail(ctx, SQLSTATE_INDETERMINATE_DATATYPE, location,
                       "cannot determine type of empty array");
            return query_fail_hint(ctx, "Explicitly cast to the desired type, for example "
                                        "ARRAY[]::integer[].");
        }
        if (!expr_common_type(ctx, e->args, count, "ARRAY", &element_type))
            return false;
    } else {
        for (int k = 0; k < count; k++) {
            if (!expr_coerce(ctx, e->args[k], element_type, TYPMOD_NONE, CAST_EXPLICIT, NULL,
                             &e->args[k]))
                return false;
        }
    }
    e->type = type_array_of(element_type);
    if (e->type == 0)
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                          "could not find array type for data type %s",
                          type_display_name(element_type));
    *out = e;
    return true;
}

/* a[i] and a[i:j]: one subscript (or slice) of a one-dimensional array. */
static bool analyze_indirection(query_context *ctx, const cJSON *fields, expr **out)
{
    expr *base;
    if (!analyze(ctx, node_get(fields, "arg"), &base))
        return false;
    const cJSON *item;
    cJSON_ArrayForEach(item, node_get(fields, "indirection"))
    {
        const cJSON *f = node_fields(item);
        int location = expr_location(base);
        if (strcmp(node_kind(item), "A_Indices") != 0)
            return query_fail_unsupported(ctx, location, "field selection and .*");
        if (base->kind == EXPR_SUBSCRIPT)
            return query_fail_unsupported(ctx, location, "multidimensional arrays");
        if (!type_is_array(base->type))
            return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, location,
                              "cannot subscript type %s because it does not support subscripting",
                              type_display_name(base->type));
        bool slice = node_get_bool(f, "is_slice");
        expr *e = expr_new(ctx, EXPR_SUBSCRIPT, slice ? base->type : type_array_element(base->type),
                           location);
        if (e == NULL || !set_args(ctx, e, 3))
            return query_fail_no_memory(ctx);
        e->is_slice = slice;
        e->args[0] = base;
        const char *bounds[2] = {"lidx", "uidx"};
        for (int b = 0; b < 2; b++) {
            const cJSON *bound = node_get(f, bounds[b]);
            /* a[i] is given as uidx alone. */
            if (bound == NULL) {
                e->args[1 + b] = expr_new(ctx, EXPR_CONST, TYPE_INT4, -1);
                if (e->args[1 + b] == NULL)
                    return query_fail_no_memory(ctx);
                e->args[1 + b]->constant = value_null(TYPE_INT4);
                continue;
            }
            expr *index;
            if (!analyze(ctx, bound, &index))
                return false;
            if (!cast_exists(index->type, TYPE_INT4, CAST_IMPLICIT))
                return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, expr_location(index),
                                  "array subscript must have type integer");
            if (!expr_coerce(ctx, index, TYPE_INT4, TYPMOD_NONE, CAST_IMPLICIT, NULL,
                             &e->args[1 + b]))
                return false;
        }
        base = e;
    }
    *out = base;
    return true;
}

/* x op ANY (array) / x op ALL (array). */
static bool analyze_array_test(query_context *ctx, const cJSON *fields, const char *symbol,
                               bool all, int location, expr **out)
{
    expr *left, *right;
    if (!analyze(ctx, node_get(fields, "lexpr"), &left) ||
        !analyze(ctx, node_get(fields, "rexpr"), &right))
        return false;
    if (is_unknown_literal(right)) {
        uint32_t element = left->type == TYPE_UNKNOWN ? TYPE_TEXT : left->type;
        if (type_array_of(element) != 0 &&
            !expr_coerce(ctx, right, type_array_of(element), TYPMOD_NONE, CAST_IMPLICIT, NULL,
                         &right))
            return false;
    }
    if (!type_is_array(right->type))
        return query_fail(ctx, "42809", location,
                          "op ANY/ALL (array) requires array on right side");
    size_t i = 0;
    while (i < sizeof binary_operators / sizeof binary_operators[0] &&
           (strcmp(binary_operators[i].symbol, symbol) != 0 ||
            !is_comparison(binary_operators[i].op)))
        i++;
    if (i == sizeof binary_operators / sizeof binary_operators[0])
        return query_fail_unsupported(ctx, location, "this operator with ANY/ALL");
    expr *placeholder = expr_new(ctx, EXPR_SUBLINK_VALUE, type_array_element(right->type), location);
    expr *e = expr_new(ctx, EXPR_ARRAY_TEST, TYPE_BOOL, location);
    if (placeholder == NULL || e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->negated = all;
    e->args[0] = right;
    if (!analyze_binary(ctx, binary_operators[i].op, symbol, left, placeholder, location,
                        &e->args[1]))
        return false;
    *out = e;
    return true;
}

/* ---- function calls ---- */

/* generate_series / unnest in a select list; elsewhere PostgreSQL refuses them. */
static bool analyze_set_function(query_context *ctx, const char *name, expr **args,
                                 int arg_count, int location, bool *matched, expr **out)
{
    srf_call *call;
    if (!srf_analyze(ctx, name, args, arg_count, location, matched, &call))
        return false;
    if (!*matched)
        return true;
    analyze_scope *scope = ctx->scope;
    if (scope == NULL || !scope->set_functions_allowed)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "set-returning functions are not allowed in %s",
                          scope != NULL && scope->aggregates_forbidden_in != NULL
                              ? scope->aggregates_forbidden_in
                              : "this context");
    if (scope->set_function_count == SCOPE_MAX_AGGREGATES)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many set-returning function calls in one query");
    expr *e = expr_new(ctx, EXPR_SET_FUNCTION, srf_type(call), location);
    if (e == NULL)
        return query_fail_no_memory(ctx);
    e->srf = call;
    /* The arguments stay reachable for the checks that walk the tree (grouping, the
     * relations read). */
    int count;
    expr **call_args = srf_args(call, &count);
    if (!set_args(ctx, e, count))
        return query_fail_no_memory(ctx);
    memcpy(e->args, call_args, (size_t)count * sizeof *e->args);
    scope->set_functions[scope->set_function_count++] = e;
    *out = e;
    return true;
}

bool expr_set_function_call(query_context *ctx, const char *name, expr **args, int arg_count,
                            int location, expr **out)
{
    bool matched;
    if (!analyze_set_function(ctx, name, args, arg_count, location, &matched, out))
        return false;
    if (matched)
        return true;
    query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location, "function %s(%s) does not exist", name,
               arg_count == 1 ? type_display_name(args[0]->type) : "...");
    return query_fail_hint(ctx, "No function matches the given name and argument types. You "
                                "might need to add explicit type casts.");
}

bool expr_is_set_function(const expr *e)
{
    return e->kind == EXPR_SET_FUNCTION;
}

bool expr_set_function_run(query_context *ctx, expr *e, int64_t *count)
{
    if (!srf_run(ctx, e->srf, &e->srf_values, &e->srf_count))
        return false;
    *count = e->srf_count;
    return true;
}

void expr_set_function_row(expr *e, int64_t row)
{
    e->srf_row = row;
}

static bool function_call(query_context *ctx, const function_definition *f, expr **args,
                          int arg_count, int location, expr **out)
{
    expr *e = expr_new(ctx, EXPR_FUNCTION, TYPE_TEXT, location);
    if (e == NULL || !set_args(ctx, e, arg_count))
        return query_fail_no_memory(ctx);
    e->function = f;
    for (int i = 0; i < arg_count; i++) {
        if (!expr_coerce(ctx, args[i], function_argument_type(f, i, args[i]->type), TYPMOD_NONE,
                         CAST_IMPLICIT, NULL, &e->args[i]))
            return false;
    }
    e->type = f->result_type != FUNCTION_RESULT_OF_FIRST_ARG ? f->result_type : e->args[0]->type;
    *out = e;
    return true;
}

static bool system_function(query_context *ctx, const char *name, int location, expr **out)
{
    bool ambiguous;
    const function_definition *f = functions_resolve(name, NULL, 0, &ambiguous);
    if (f == NULL)
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, location, "missing function %s", name);
    return function_call(ctx, f, NULL, 0, location, out);
}

static const struct {
    const char *name;
    int min_args, max_args;
    window_kind kind;
} window_functions[] = {
    {"row_number", 0, 0, WINDOW_ROW_NUMBER},   {"rank", 0, 0, WINDOW_RANK},
    {"dense_rank", 0, 0, WINDOW_DENSE_RANK},   {"percent_rank", 0, 0, WINDOW_PERCENT_RANK},
    {"cume_dist", 0, 0, WINDOW_CUME_DIST},     {"lag", 1, 3, WINDOW_LAG},
    {"lead", 1, 3, WINDOW_LEAD},               {"first_value", 1, 1, WINDOW_FIRST_VALUE},
    {"last_value", 1, 1, WINDOW_LAST_VALUE},   {"ntile", 1, 1, WINDOW_NTILE},
    {"nth_value", 2, 2, WINDOW_NTH_VALUE},
};

/* Is name(arg_count arguments) a built-in window function (not an aggregate)? */
static bool window_function_lookup(const char *name, int arg_count, window_kind *kind)
{
    for (size_t i = 0; i < sizeof window_functions / sizeof window_functions[0]; i++) {
        if (strcmp(window_functions[i].name, name) == 0 && arg_count >= window_functions[i].min_args &&
            arg_count <= window_functions[i].max_args) {
            if (kind != NULL)
                *kind = window_functions[i].kind;
            return true;
        }
    }
    return false;
}

static const char nested_window[] = "window function arguments";
static const char nested_aggregate[] = "aggregate arguments";
/* PostgreSQL's FRAMEOPTION_DEFAULTS: RANGE UNBOUNDED PRECEDING to CURRENT ROW. */
#define DEFAULT_FRAME_OPTIONS 1058

/* A WindowDef's fields, whether the parse tree wraps it or not. */
static const cJSON *window_definition(const cJSON *node)
{
    const cJSON *wrapped = node_get(node, "WindowDef");
    return wrapped != NULL ? wrapped : node;
}

static const cJSON *named_window(const analyze_scope *scope, const char *name)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, scope->window_clause)
    {
        const char *candidate = node_get_string(window_definition(item), "name");
        if (candidate != NULL && strcmp(candidate, name) == 0)
            return window_definition(item);
    }
    return NULL;
}

/* The PARTITION BY and ORDER BY lists a window specification means, following
 * references to named windows as PostgreSQL does (a reference may add ORDER BY only). */
static bool window_resolve(query_context *ctx, const cJSON *definition, int depth,
                           const cJSON **partition, const cJSON **order)
{
    int location = node_get_int(definition, "location", -1);
    const char *name = node_get_string(definition, "name");
    const char *reference = node_get_string(definition, "refname");
    const cJSON *own_partition = node_get(definition, "partitionClause");
    const cJSON *own_order = node_get(definition, "orderClause");
    int frame = node_get_int(definition, "frameOptions", DEFAULT_FRAME_OPTIONS);
    if (depth > 64)
        return query_fail(ctx, "42P20", location, "window references nest too deeply");
    /* OVER w: the named window itself. */
    if (depth == 0 && name != NULL && reference == NULL && own_partition == NULL &&
        own_order == NULL) {
        const cJSON *base = named_window(ctx->scope, name);
        if (base == NULL)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                              "window \"%s\" does not exist", name);
        return window_resolve(ctx, base, depth + 1, partition, order);
    }
    if (frame != DEFAULT_FRAME_OPTIONS)
        return query_fail_unsupported(ctx, location, "window frame clauses");
    *partition = own_partition;
    *order = own_order;
    if (reference == NULL)
        return true;
    const cJSON *base = named_window(ctx->scope, reference);
    if (base == NULL)
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location, "window \"%s\" does not exist",
                          reference);
    const cJSON *base_partition, *base_order;
    if (!window_resolve(ctx, base, depth + 1, &base_partition, &base_order))
        return false;
    if (own_partition != NULL)
        return query_fail(ctx, "42P20", location,
                          "cannot override PARTITION BY clause of window \"%s\"", reference);
    if (own_order != NULL && base_order != NULL)
        return query_fail(ctx, "42P20", location,
                          "cannot override ORDER BY clause of window \"%s\"", reference);
    *partition = base_partition;
    if (own_order == NULL)
        *order = base_order;
    return true;
}

/* PARTITION BY / ORDER BY keys: window calls inside are refused, aggregates allowed (they
 * belong to the query's grouping). */
static bool analyze_window_key(query_context *ctx, const cJSON *node, expr **out)
{
    analyze_scope *scope = ctx->scope;
    bool allowed = scope->windows_allowed;
    const char *forbidden_in = scope->windows_forbidden_in;
    scope->windows_allowed = false;
    scope->windows_forbidden_in = "window definitions";
    bool ok = analyze(ctx, node, out);
    scope->windows_allowed = allowed;
    scope->windows_forbidden_in = forbidden_in;
    if (!ok)
        return false;
    if ((*out)->type == TYPE_UNKNOWN &&
        !expr_coerce(ctx, *out, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, out))
        return false;
    return expr_require_sort_operators(ctx, (*out)->type, true, expr_location(*out));
}

/* lag/lead(value, offset, default): offset is an integer, default takes value's type. */
static bool window_arguments_coerce(query_context *ctx, window_kind kind, expr **args,
                                    int arg_count, uint32_t *result_type)
{
    switch (kind) {
    case WINDOW_ROW_NUMBER:
    case WINDOW_RANK:
    case WINDOW_DENSE_RANK:
        *result_type = TYPE_INT8;
        return true;
    case WINDOW_PERCENT_RANK:
    case WINDOW_CUME_DIST:
        *result_type = TYPE_FLOAT8;
        return true;
    case WINDOW_NTILE:
        *result_type = TYPE_INT4;
        return expr_coerce(ctx, args[0], TYPE_INT4, TYPMOD_NONE, CAST_IMPLICIT, NULL, &args[0]);
    case WINDOW_NTH_VALUE:
    case WINDOW_LAG:
    case WINDOW_LEAD:
    case WINDOW_FIRST_VALUE:
    case WINDOW_LAST_VALUE:
    case WINDOW_AGGREGATE:
        break;
    }
    if (args[0]->type == TYPE_UNKNOWN &&
        !expr_coerce(ctx, args[0], TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &args[0]))
        return false;
    *result_type = args[0]->type;
    if (arg_count > 1 &&
        !expr_coerce(ctx, args[1], TYPE_INT4, TYPMOD_NONE, CAST_IMPLICIT, NULL, &args[1]))
        return false;
    if (arg_count > 2 && !expr_coerce(ctx, args[2], args[0]->type, expr_typmod(args[0]),
                                      CAST_IMPLICIT, NULL, &args[2]))
        return false;
    return true;
}

static bool analyze_window_call(query_context *ctx, const cJSON *fields, const char *name,
                                const char *schema, int location, expr **out)
{
    analyze_scope *scope = ctx->scope;
    if (scope == NULL || !scope->windows_allowed) {
        const char *where = scope == NULL ? NULL
                            : scope->windows_forbidden_in != NULL ? scope->windows_forbidden_in
                                                                  : scope->aggregates_forbidden_in;
        if (where == nested_window)
            return query_fail(ctx, "42P20", location, "window function calls cannot be nested");
        if (where == nested_aggregate)
            return query_fail(ctx, "42803", location,
                              "aggregate function calls cannot contain window function calls");
        return query_fail(ctx, "42P20", location, "window functions are not allowed in %s",
                          where != NULL ? where : "this context");
    }
    if (scope->window_count == SCOPE_MAX_AGGREGATES)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many window function calls in one query");
    const cJSON *args = node_get(fields, "args");
    int arg_count = cJSON_GetArraySize(args);
    bool star = node_get_bool(fields, "agg_star");
    bool builtin = schema == NULL || strcmp(schema, "pg_catalog") == 0;
    window_kind kind = WINDOW_AGGREGATE;
    aggregate_kind aggregate = AGG_COUNT;
    if (!(builtin && window_function_lookup(name, arg_count, &kind)) &&
        !(builtin && aggregate_lookup(name, star ? 1 : arg_count, &aggregate)))
        return query_fail(ctx, "42809", location,
                          "OVER specified, but %s is not a window function nor an aggregate "
                          "function", name);
    if (node_get_bool(fields, "agg_distinct"))
        return query_fail_unsupported(ctx, location, "DISTINCT for window functions");
    if (node_get(fields, "agg_order") != NULL)
        return query_fail_unsupported(ctx, location, "aggregate ORDER BY for window functions");
    if (star && kind != WINDOW_AGGREGATE)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                          "%s(*) specified, but %s is not an aggregate function", name, name);

    const cJSON *partition, *order;
    if (!window_resolve(ctx, window_definition(node_get(fields, "over")), 0, &partition, &order))
        return false;
    int partition_count = cJSON_GetArraySize(partition);
    int order_count = cJSON_GetArraySize(order);
    expr *e = expr_new(ctx, EXPR_WINDOW, TYPE_INT8, location);
    window_call *call = arena_zalloc(ctx->arena, sizeof *call);
    if (e == NULL || call == NULL || !set_args(ctx, e, arg_count + partition_count + order_count))
        return query_fail_no_memory(ctx);
    call->order_descending = arena_zalloc(ctx->arena, (size_t)(order_count + 1) * sizeof(bool));
    call->order_nulls_first = arena_zalloc(ctx->arena, (size_t)(order_count + 1) * sizeof(bool));
    if (call->order_descending == NULL || call->order_nulls_first == NULL)
        return query_fail_no_memory(ctx);
    e->window_call = call;
    call->kind = kind;

    /* Arguments: no window calls inside; aggregates are the query's own. */
    bool allowed = scope->windows_allowed;
    const char *forbidden_in = scope->windows_forbidden_in;
    scope->windows_allowed = false;
    scope->windows_forbidden_in = nested_window;
    int i = 0;
    bool ok = true;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        if (!(ok = analyze(ctx, arg, &e->args[i++])))
            break;
    }
    scope->windows_allowed = allowed;
    scope->windows_forbidden_in = forbidden_in;
    if (!ok)
        return false;
    uint32_t result_type;
    if (kind == WINDOW_AGGREGATE) {
        expr *aggregate_expr = expr_new(ctx, EXPR_AGGREGATE, TYPE_INT8, location);
        if (aggregate_expr == NULL)
            return query_fail_no_memory(ctx);
        if (!aggregate_call_analyze(ctx, aggregate, name, fields, e->args, location, aggregate_expr))
            return false;
        call->aggregate = aggregate_expr->call;
        if (!star)
            e->args[0] = call->aggregate.argument;
        if (call->aggregate.delimiter != NULL)
            e->args[1] = call->aggregate.delimiter;
        result_type = call->aggregate.result_type;
    } else if (!window_arguments_coerce(ctx, kind, e->args, arg_count, &result_type)) {
        return false;
    }
    e->type = result_type;

    int k = arg_count;
    const cJSON *item;
    cJSON_ArrayForEach(item, partition)
    {
        if (!analyze_window_key(ctx, item, &e->args[k++]))
            return false;
    }
    int o = 0;
    cJSON_ArrayForEach(item, order)
    {
        const cJSON *sort = node_fields(item);
        const char *direction = node_get_string(sort, "sortby_dir");
        const char *nulls = node_get_string(sort, "sortby_nulls");
        if (direction != NULL && strcmp(direction, "SORTBY_USING") == 0)
            return query_fail_unsupported(ctx, -1, "ORDER BY ... USING");
        call->order_descending[o] = direction != NULL && strcmp(direction, "SORTBY_DESC") == 0;
        call->order_nulls_first[o] = nulls != NULL && strcmp(nulls, "SORTBY_NULLS_DEFAULT") != 0
                                         ? strcmp(nulls, "SORTBY_NULLS_FIRST") == 0
                                         : call->order_descending[o];
        if (!analyze_window_key(ctx, node_get(sort, "node"), &e->args[k++]))
            return false;
        o++;
    }
    call->arguments = e->args;
    call->argument_count = arg_count;
    call->partition_keys = e->args + arg_count;
    call->partition_count = partition_count;
    call->order_keys = e->args + arg_count + partition_count;
    call->order_count = order_count;
    e->window = scope->window_count;
    scope->windows[scope->window_count++] = e;
    *out = e;
    return true;
}

static bool analyze_func_call(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const cJSON *names = node_get(fields, "funcname");
    int name_count = cJSON_GetArraySize(names);
    const char *name =
        name_count > 0 ? node_string_value(cJSON_GetArrayItem(names, name_count - 1)) : NULL;
    const char *schema =
        name_count > 1 ? node_string_value(cJSON_GetArrayItem(names, name_count - 2)) : NULL;
    if (name == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "invalid function name");
    if (node_get(fields, "agg_filter") != NULL || node_get_bool(fields, "agg_within_group"))
        return query_fail_unsupported(ctx, location, "aggregate FILTER / WITHIN GROUP");
    if (node_get(fields, "over") != NULL)
        return analyze_window_call(ctx, fields, name, schema, location, out);
    if ((schema == NULL || strcmp(schema, "pg_catalog") == 0) &&
        window_function_lookup(name, cJSON_GetArraySize(node_get(fields, "args")), NULL))
        return query_fail(ctx, "42809", location, "window function %s requires an OVER clause",
                          name);

    const cJSON *args = node_get(fields, "args");
    int arg_count = cJSON_GetArraySize(args);
    int set_functions_before = ctx->scope != NULL ? ctx->scope->set_function_count : 0;
    int windows_before = ctx->scope != NULL ? ctx->scope->window_count : 0;
    expr **arg_exprs = arena_zalloc(ctx->arena, (size_t)(arg_count + 1) * sizeof *arg_exprs);
    if (arg_exprs == NULL)
        return query_fail_no_memory(ctx);
    int i = 0;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, args)
    {
        if (!analyze(ctx, arg, &arg_exprs[i++]))
            return false;
    }
    if ((schema == NULL || strcmp(schema, "pg_catalog") == 0) && srf_exists(name) &&
        !node_get_bool(fields, "agg_star") && !node_get_bool(fields, "agg_distinct")) {
        bool matched;
        if (!analyze_set_function(ctx, name, arg_exprs, arg_count, location, &matched, out))
            return false;
        if (matched)
            return true;
    }
    aggregate_kind aggregate;
    if ((schema == NULL || strcmp(schema, "pg_catalog") == 0) &&
        aggregate_lookup(name, node_get_bool(fields, "agg_star") ? 1 : arg_count, &aggregate)) {
        if (ctx->scope != NULL && ctx->scope->set_function_count > set_functions_before) {
            query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       expr_location(ctx->scope->set_functions[set_functions_before]),
                       "aggregate function calls cannot contain set-returning function calls");
            return query_fail_hint(ctx, "You might be able to move the set-returning function "
                                        "into a LATERAL FROM item.");
        }
        if (ctx->scope != NULL && ctx->scope->window_count > windows_before)
            return query_fail(ctx, "42803", expr_location(ctx->scope->windows[windows_before]),
                              "aggregate function calls cannot contain window function calls");
        return analyze_aggregate(ctx, aggregate, name, fields, arg_exprs, location, out);
    }
    if (node_get_bool(fields, "agg_star") || node_get_bool(fields, "agg_distinct"))
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                          "%s is not an aggregate function", name);
    if (node_get(fields, "agg_order") != NULL)
        return query_fail(ctx, "42809", location,
                          "ORDER BY specified, but %s is not an aggregate function", name);
    if (arg_count > 100)
        return query_fail(ctx, "54023", location, "cannot pass more than 100 arguments to a function");
    bool ambiguous = false;
    const array_function *array_f = array_function_lookup(name, arg_count);
    if (array_f != NULL && (schema == NULL || strcmp(schema, "pg_catalog") == 0)) {
        bool matched;
        if (!analyze_array_call(ctx, array_f, arg_exprs, arg_count, location, &matched, out))
            return false;
        if (matched)
            return true;
    }
    if (schema == NULL || strcmp(schema, "pg_catalog") == 0) {
        uint32_t *types = arena_alloc(ctx->arena, (size_t)(arg_count + 1) * sizeof *types);
        if (types == NULL)
            return query_fail_no_memory(ctx);
        for (int a = 0; a < arg_count; a++)
            types[a] = arg_exprs[a]->type;
        const function_definition *f = functions_resolve(name, types, arg_count, &ambiguous);
        if (f != NULL)
            return function_call(ctx, f, arg_exprs, arg_count, location, out);
    }
    /* "function f(integer, unknown) does not exist", as PostgreSQL spells it. */
    size_t cap = 64;
    for (int a = 0; a < arg_count; a++)
        cap += strlen(type_display_name(arg_exprs[a]->type)) + 2;
    char *signature = arena_alloc(ctx->arena, cap);
    if (signature == NULL)
        return query_fail_no_memory(ctx);
    size_t used = 0;
    for (int a = 0; a < arg_count; a++)
        used += (size_t)snprintf(signature + used, cap - used, "%s%s", a > 0 ? ", " : "",
                                 type_display_name(arg_exprs[a]->type));
    signature[used] = '\0';
    if (ambiguous) {
        query_fail(ctx, SQLSTATE_AMBIGUOUS_FUNCTION, location, "function %s(%s) is not unique",
                   name, signature);
        return query_fail_hint(ctx, "Could not choose a best candidate function. You might need "
                                    "to add explicit type casts.");
    }
    query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location, "function %s%s%s(%s) does not exist",
               schema != NULL ? schema : "", schema != NULL ? "." : "", name, signature);
    return query_fail_hint(ctx, "No function matches the given name and argument types. You "
                                "might need to add explicit type casts.");
}

static bool analyze_sql_value_function(query_context *ctx, const cJSON *fields, expr **out)
{
    const char *op = node_get_string(fields, "op");
    int location = node_get_int(fields, "location", -1);
    if (op == NULL)
        op = "";
    if (strcmp(op, "SVFOP_CURRENT_USER") == 0 || strcmp(op, "SVFOP_CURRENT_ROLE") == 0 ||
        strcmp(op, "SVFOP_USER") == 0)
        return system_function(ctx, "current_user", location, out);
    if (strcmp(op, "SVFOP_SESSION_USER") == 0)
        return system_function(ctx, "session_user", location, out);
    if (strcmp(op, "SVFOP_CURRENT_CATALOG") == 0)
        return system_function(ctx, "current_database", location, out);
    if (strcmp(op, "SVFOP_CURRENT_TIMESTAMP") == 0)
        return system_function(ctx, "now", location, out);
    if (strcmp(op, "SVFOP_CURRENT_DATE") == 0)
        return system_function(ctx, "current_date", location, out);
    if (strcmp(op, "SVFOP_LOCALTIMESTAMP") == 0)
        return system_function(ctx, "localtimestamp", location, out);
    if (strcmp(op, "SVFOP_CURRENT_TIMESTAMP_N") == 0 || strcmp(op, "SVFOP_LOCALTIMESTAMP_N") == 0)
        return query_fail_unsupported(ctx, location, "a precision for current_timestamp and "
                                                     "localtimestamp");
    const char *what = strncmp(op, "SVFOP_", 6) == 0 ? op + 6 : op;
    return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                      "feature not supported: %s", what);
}

bool expr_column(query_context *ctx, int relation, int column, expr **out)
{
    return column_expr(ctx, relation, column, -1, out);
}

static bool column_expr(query_context *ctx, int relation, int column, int location, expr **out)
{
    const catalog_column *c = &ctx->scope->relations[relation].table->columns[column];
    expr *e = expr_new(ctx, EXPR_COLUMN, c->type, location);
    if (e == NULL)
        return query_fail_no_memory(ctx);
    e->typmod = c->typmod;
    e->relation = relation;
    e->column = column;
    *out = e;
    return true;
}

/* A scope column read from depth scopes up: a column reference, or for a merged column the
 * expression over both sides that PostgreSQL's join alias variable stands for. */
static bool scope_column_expr(query_context *ctx, const scope_column *c, int depth, int location,
                              expr **out)
{
    if (c->relation >= 0) {
        expr *e = expr_new(ctx, depth == 0 ? EXPR_COLUMN : EXPR_OUTER_COLUMN, c->type, location);
        if (e == NULL)
            return query_fail_no_memory(ctx);
        e->typmod = c->typmod;
        e->depth = depth;
        e->relation = c->relation;
        e->column = c->column;
        *out = e;
        return true;
    }
    expr *left, *right;
    if (!scope_column_expr(ctx, c->left, depth, location, &left) ||
        !scope_column_expr(ctx, c->right, depth, location, &right) ||
        !expr_coerce(ctx, left, c->type, TYPMOD_NONE, CAST_IMPLICIT, NULL, &left) ||
        !expr_coerce(ctx, right, c->type, TYPMOD_NONE, CAST_IMPLICIT, NULL, &right))
        return false;
    if (c->merge != SCOPE_MERGE_COALESCE) {
        *out = c->merge == SCOPE_MERGE_LEFT ? left : right;
        return true;
    }
    expr *e = expr_new(ctx, EXPR_COALESCE, c->type, location);
    if (e == NULL || !set_args(ctx, e, 2))
        return query_fail_no_memory(ctx);
    e->typmod = c->typmod;
    e->args[0] = left;
    e->args[1] = right;
    *out = e;
    return true;
}

bool expr_scope_column(query_context *ctx, const scope_column *column, expr **out)
{
    return scope_column_expr(ctx, column, 0, -1, out);
}

typedef enum lookup_result { LOOKUP_FOUND, LOOKUP_MISSING, LOOKUP_FAILED } lookup_result;

/* Finds name among an item's columns: LOOKUP_FAILED (42702) if it has two of them. */
static lookup_result item_find_column(query_context *ctx, const analyze_scope *scope,
                                      const scope_item *item, const char *name, int location,
                                      scope_column *out)
{
    bool found = false;
    int count = scope_item_column_count(scope, item);
    for (int c = 0; c < count; c++) {
        scope_column column;
        if (!scope_item_column(scope, item, c, &column) || strcmp(column.name, name) != 0)
            continue;
        if (found) {
            query_fail(ctx, "42702", location, "column reference \"%s\" is ambiguous", name);
            return LOOKUP_FAILED;
        }
        found = true;
        *out = column;
    }
    return found ? LOOKUP_FOUND : LOOKUP_MISSING;
}

/* Does a schema-qualified reference (schema.table.column) name this item? Only a table
 * without alias answers to its schema's name. */
static bool item_in_schema(query_context *ctx, const analyze_scope *scope, const scope_item *item,
                           const char *schema)
{
    if (item->relation < 0 || item->has_alias)
        return false;
    const char *system_schema = scope->relations[item->relation].system_schema;
    if (system_schema != NULL)
        return strcmp(system_schema, schema) == 0;
    const catalog_namespace *n =
        catalog_namespace_by_id(ctx->catalog, scope->relations[item->relation].table->namespace_id);
    return n != NULL && strcmp(n->name, schema) == 0;
}

/* Finds a column among one scope's visible items, as PostgreSQL's namespace lookup does:
 * an unqualified name through the items that show their columns, a qualified one through
 * the item of that name. */
static lookup_result lookup_column(query_context *ctx, const analyze_scope *scope,
                                   const char *schema, const char *qualifier, const char *name,
                                   int location, scope_column *out)
{
    int begin, end;
    scope_visible_range(scope, &begin, &end);
    if (qualifier == NULL) {
        bool found = false;
        for (int i = begin; i < end; i++) {
            scope_item item = scope_item_at(scope, i);
            if (!item.columns_visible)
                continue;
            scope_column column;
            lookup_result r = item_find_column(ctx, scope, &item, name, location, &column);
            if (r == LOOKUP_FAILED)
                return r;
            if (r == LOOKUP_MISSING)
                continue;
            if (found) {
                query_fail(ctx, "42702", location, "column reference \"%s\" is ambiguous", name);
                return LOOKUP_FAILED;
            }
            found = true;
            *out = column;
        }
        return found ? LOOKUP_FOUND : LOOKUP_MISSING;
    }
    int match = -1;
    scope_item item = {0};
    for (int i = begin; i < end; i++) {
        scope_item candidate = scope_item_at(scope, i);
        if (!candidate.name_visible || candidate.name == NULL ||
            strcmp(candidate.name, qualifier) != 0 ||
            (schema != NULL && !item_in_schema(ctx, scope, &candidate, schema)))
            continue;
        if (match >= 0) {
            query_fail(ctx, "42P09", location, "table reference \"%s\" is ambiguous", qualifier);
            return LOOKUP_FAILED;
        }
        match = i;
        item = candidate;
    }
    if (match < 0)
        return LOOKUP_MISSING;
    lookup_result r = item_find_column(ctx, scope, &item, name, location, out);
    if (r == LOOKUP_MISSING) {
        query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, location, "column %s.%s does not exist",
                   qualifier, name);
        return LOOKUP_FAILED;
    }
    return r;
}

/* The name PostgreSQL's range table knows an item by (a join without alias is
 * "unnamed_join"). */
static const char *item_reference_name(const scope_item *item)
{
    return item->name != NULL ? item->name : "unnamed_join";
}

/* 42P01 for a qualifier no visible item answers to. If some FROM entry of this query or an
 * enclosing one has that name (or is that table under an alias), it exists but cannot be
 * referenced from here, and the hint says so. */
static bool missing_table_error(query_context *ctx, const char *schema, const char *qualifier,
                                int location)
{
    /* A system table is no stored table (names_resolve_table refuses it): it is named by
     * its schema and name. */
    bool system_table = system_table_exists(schema, qualifier);
    const catalog_table *named =
        system_table ? NULL : names_resolve_table(ctx, schema, qualifier, -1, true);
    const analyze_scope *found_scope = NULL;
    scope_item found = {0};
    for (const analyze_scope *s = ctx->scope; s != NULL && found_scope == NULL; s = s->parent) {
        for (int i = 0; i < scope_item_count(s) && found_scope == NULL; i++) {
            scope_item item = scope_item_at(s, i);
            if (!item.in_range_table)
                continue;
            const scope_relation *r = item.relation >= 0 ? &s->relations[item.relation] : NULL;
            bool same_table =
                r != NULL && (system_table ? r->system_schema != NULL &&
                                                 strcmp(r->table->name, qualifier) == 0
                                           : named != NULL && r->table->id == named->id);
            if (same_table || strcmp(item_reference_name(&item), qualifier) == 0) {
                found = item;
                found_scope = s;
            }
        }
    }
    if (found_scope == NULL)
        return query_fail(ctx, "42P01", location, "missing FROM-clause entry for table \"%s\"",
                          qualifier);
    query_fail(ctx, "42P01", location, "invalid reference to FROM-clause entry for table \"%s\"",
               qualifier);
    /* Naming a table by its own name when the query calls it by an alias is common enough
     * for its own hint, when that alias can be used here. */
    if (found.has_alias && strcmp(found.name, qualifier) != 0) {
        int begin, end;
        scope_visible_range(found_scope, &begin, &end);
        for (int i = begin; i < end; i++) {
            scope_item item = scope_item_at(found_scope, i);
            if (item.name_visible && item.relation == found.relation)
                return query_fail_hint(ctx, arena_printf(ctx->arena, "Perhaps you meant to "
                                                         "reference the table alias \"%s\".",
                                                         found.name));
        }
    }
    return query_fail_hint(ctx, arena_printf(ctx->arena,
                                             "There is an entry for table \"%s\", but it cannot "
                                             "be referenced from this part of the query.",
                                             item_reference_name(&found)));
}

/* 42703 for an unqualified name no visible item has; the hint names a relation of this
 * query or an enclosing one that has such a column out of reach. */
static bool missing_column_error(query_context *ctx, const char *name, int location)
{
    query_fail(ctx, SQLSTATE_UNDEFINED_COLUMN, location, "column \"%s\" does not exist", name);
    for (const analyze_scope *s = ctx->scope; s != NULL; s = s->parent) {
        for (int i = 0; i < scope_item_count(s); i++) {
            scope_item item = scope_item_at(s, i);
            scope_column column;
            if (item.relation < 0 || !item.in_range_table)
                continue;
            int count = scope_item_column_count(s, &item);
            for (int c = 0; c < count; c++) {
                if (scope_item_column(s, &item, c, &column) && strcmp(column.name, name) == 0)
                    return query_fail_hint(
                        ctx, arena_printf(ctx->arena,
                                          "There is a column named \"%s\" in table \"%s\", but "
                                          "it cannot be referenced from this part of the query.",
                                          name, item_reference_name(&item)));
            }
        }
    }
    return false;
}

bool expr_find_item(query_context *ctx, const char *schema, const char *qualifier, int location,
                    scope_item *out)
{
    const analyze_scope *scope = ctx->scope;
    int begin, end;
    scope_visible_range(scope, &begin, &end);
    bool found = false;
    for (int i = begin; i < end; i++) {
        scope_item item = scope_item_at(scope, i);
        if (!item.name_visible || item.name == NULL || strcmp(item.name, qualifier) != 0 ||
            (schema != NULL && !item_in_schema(ctx, scope, &item, schema)))
            continue;
        if (found)
            return query_fail(ctx, "42P09", location, "table reference \"%s\" is ambiguous",
                              qualifier);
        found = true;
        *out = item;
    }
    return found || missing_table_error(ctx, schema, qualifier, location);
}

static bool analyze_column_ref(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const cJSON *names = node_get(fields, "fields");
    int count = cJSON_GetArraySize(names);
    const char *last = count > 0 ? node_string_value(cJSON_GetArrayItem(names, count - 1)) : NULL;
    if (last == NULL)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                          ctx->scope == NULL || ctx->scope->relation_count == 0
                              ? "SELECT * with no tables specified is not valid"
                              : "row expansion via \"*\" is not supported here");
    if (count > 3)
        return query_fail_unsupported(ctx, location, "cross-database references");
    if (ctx->scope != NULL && ctx->scope->columns_and_subqueries_forbidden_in != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                          "cannot use column reference in %s",
                          ctx->scope->columns_and_subqueries_forbidden_in);
    const char *qualifier = count >= 2 ? node_string_value(cJSON_GetArrayItem(names, count - 2)) : NULL;
    const char *schema = count == 3 ? node_string_value(cJSON_GetArrayItem(names, 0)) : NULL;
    int depth = 0;
    for (analyze_scope *scope = ctx->scope; scope != NULL; scope = scope->parent, depth++) {
        scope_column column;
        lookup_result found = lookup_column(ctx, scope, schema, qualifier, last, location, &column);
        if (found == LOOKUP_FAILED)
            return false;
        if (found == LOOKUP_MISSING)
            continue;
        /* Every subquery between here and the column's query now depends on outer rows. */
        analyze_scope *s = ctx->scope;
        for (int i = 0; i < depth; i++, s = s->parent)
            s->correlated = true;
        return scope_column_expr(ctx, &column, depth, location, out);
    }
    if (qualifier == NULL)
        return missing_column_error(ctx, last, location);
    return missing_table_error(ctx, schema, qualifier, location);
}

static bool analyze_sublink(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const char *type = node_get_string(fields, "subLinkType");
    sublink_kind kind;
    if (type != NULL && strcmp(type, "EXISTS_SUBLINK") == 0)
        kind = SUBLINK_EXISTS;
    else if (type != NULL && strcmp(type, "EXPR_SUBLINK") == 0)
        kind = SUBLINK_SCALAR;
    else if (type != NULL && strcmp(type, "ANY_SUBLINK") == 0)
        kind = SUBLINK_ANY;
    else if (type != NULL && strcmp(type, "ALL_SUBLINK") == 0)
        kind = SUBLINK_ALL;
    else if (type != NULL && strcmp(type, "ARRAY_SUBLINK") == 0)
        kind = SUBLINK_ARRAY;
    else
        return query_fail_unsupported(ctx, location, "row subqueries");
    if (ctx->scope != NULL && ctx->scope->columns_and_subqueries_forbidden_in != NULL)
        return query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, location, "cannot use subquery in %s",
                          ctx->scope->columns_and_subqueries_forbidden_in);
    const cJSON *subselect = node_fields(node_get(fields, "subselect"));
    /* Analyse now, so errors in the subquery are reported even if it never runs. */
    subquery_result shape;
    if (!select_subquery(ctx, subselect, true, &shape))
        return false;
    expr *e = expr_new(ctx, EXPR_SUBLINK, TYPE_BOOL, location);
    if (e == NULL || !set_args(ctx, e, kind == SUBLINK_ANY || kind == SUBLINK_ALL ? 1 : 0))
        return query_fail_no_memory(ctx);
    e->sublink = kind;
    analyze_scope *scope = ctx->scope;
    if (scope != NULL && scope->items != NULL) {
        e->names = arena_alloc(ctx->arena, sizeof *e->names);
        scope_item *items = arena_alloc(ctx->arena, (size_t)(scope->item_count + 1) * sizeof *items);
        if (e->names == NULL || items == NULL)
            return query_fail_no_memory(ctx);
        memcpy(items, scope->items, (size_t)scope->item_count * sizeof *items);
        *e->names = (scope_names){items, scope->item_count, scope->visible_begin, scope->visible_end};
    }
    e->subselect = subselect;
    if (kind != SUBLINK_EXISTS && shape.column_count != 1) {
        if (kind == SUBLINK_SCALAR || kind == SUBLINK_ARRAY || shape.column_count == 0)
            return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location,
                              "subquery must return only one column");
        return query_fail_unsupported(ctx, location, "row comparison with a subquery");
    }
    if (kind == SUBLINK_SCALAR) {
        e->type = shape.columns[0].type;
        e->typmod = shape.columns[0].typmod;
    }
    if (kind == SUBLINK_ARRAY) {
        uint32_t element = shape.columns[0].type;
        if (type_is_array(element))
            return query_fail_unsupported(ctx, location, "multidimensional arrays");
        if (element == TYPE_UNKNOWN)
            element = TYPE_TEXT;
        e->type = type_array_of(element);
        if (e->type == 0)
            return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                              "could not find array type for data type %s",
                              type_display_name(element));
    }
    if (kind == SUBLINK_ANY || kind == SUBLINK_ALL) {
        const cJSON *names = node_get(fields, "operName");
        const char *symbol =
            names != NULL ? node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1))
                          : "=";
        expr *test;
        expr *placeholder = expr_new(ctx, EXPR_SUBLINK_VALUE, shape.columns[0].type, location);
        if (placeholder == NULL)
            return query_fail_no_memory(ctx);
        if (!analyze(ctx, node_get(fields, "testexpr"), &test))
            return false;
        size_t i = 0;
        while (i < sizeof binary_operators / sizeof binary_operators[0] &&
               (symbol == NULL || strcmp(binary_operators[i].symbol, symbol) != 0 ||
                !is_comparison(binary_operators[i].op)))
            i++;
        if (i == sizeof binary_operators / sizeof binary_operators[0])
            return query_fail_unsupported(ctx, location, "this operator with ANY/ALL");
        if (!analyze_binary(ctx, binary_operators[i].op, symbol, test, placeholder, location,
                            &e->args[0]))
            return false;
    }
    *out = e;
    return true;
}

/* Marks analysis inside an aggregate call, for PostgreSQL's message on nesting. */

/* agg(x ORDER BY keys): each key sortable; with DISTINCT the keys must be the argument,
 * as PostgreSQL requires. */
static bool analyze_aggregate_order(query_context *ctx, aggregate_call *call, const cJSON *order)
{
    int count = cJSON_GetArraySize(order);
    if (count == 0)
        return true;
    call->order_keys = arena_alloc(ctx->arena, (size_t)count * sizeof *call->order_keys);
    call->order_descending = arena_zalloc(ctx->arena, (size_t)count * sizeof(bool));
    call->order_nulls_first = arena_zalloc(ctx->arena, (size_t)count * sizeof(bool));
    if (call->order_keys == NULL || call->order_descending == NULL ||
        call->order_nulls_first == NULL)
        return query_fail_no_memory(ctx);
    analyze_scope *scope = ctx->scope;
    const cJSON *item;
    cJSON_ArrayForEach(item, order)
    {
        const cJSON *fields = node_fields(item);
        const char *direction = node_get_string(fields, "sortby_dir");
        const char *nulls = node_get_string(fields, "sortby_nulls");
        int k = call->order_count;
        if (direction != NULL && strcmp(direction, "SORTBY_USING") == 0)
            return query_fail_unsupported(ctx, -1, "ORDER BY ... USING");
        call->order_descending[k] = direction != NULL && strcmp(direction, "SORTBY_DESC") == 0;
        call->order_nulls_first[k] = nulls != NULL && strcmp(nulls, "SORTBY_NULLS_DEFAULT") != 0
                                         ? strcmp(nulls, "SORTBY_NULLS_FIRST") == 0
                                         : call->order_descending[k];
        /* Aggregates inside the keys are nested ones. */
        bool allowed = scope->aggregates_allowed;
        const char *forbidden_in = scope->aggregates_forbidden_in;
        scope->aggregates_allowed = false;
        scope->aggregates_forbidden_in = nested_aggregate;
        expr *key;
        bool ok = analyze(ctx, node_get(fields, "node"), &key);
        scope->aggregates_allowed = allowed;
        scope->aggregates_forbidden_in = forbidden_in;
        if (!ok)
            return false;
        if (key->type == TYPE_UNKNOWN &&
            !expr_coerce(ctx, key, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &key))
            return false;
        if (!expr_require_sort_operators(ctx, key->type, true, expr_location(key)))
            return false;
        if (call->distinct && !call->star && !expr_equal(key, call->argument))
            return query_fail(ctx, "42P10", expr_location(key),
                              "in an aggregate with DISTINCT, ORDER BY expressions must appear "
                              "in argument list");
        call->order_keys[call->order_count++] = key;
    }
    return true;
}

/* Types an aggregate call's arguments and result (an aggregate, or a window aggregate). */
static bool aggregate_call_analyze(query_context *ctx, aggregate_kind kind, const char *name,
                                   const cJSON *fields, expr **args, int location, expr *e)
{
    e->call.kind = kind;
    e->call.star = node_get_bool(fields, "agg_star");
    e->call.distinct = node_get_bool(fields, "agg_distinct");
    if (e->call.star && kind != AGG_COUNT)
        return query_fail(ctx, SQLSTATE_SYNTAX_ERROR, location, "%s(*) must be used to call a "
                          "parameterless aggregate function", name);
    if (!e->call.star) {
        expr *arg = args[0];
        if (arg->type == TYPE_UNKNOWN && !expr_coerce(ctx, arg, TYPE_TEXT, TYPMOD_NONE,
                                                      CAST_IMPLICIT, NULL, &arg))
            return false;
        if (e->call.distinct &&
            !expr_require_sort_operators(ctx, arg->type, false, arg->location))
            return false;
        e->call.argument = arg;
        e->call.input_type = arg->type;
        if (kind == AGG_STRING_AGG) {
            if (!expr_coerce(ctx, args[1], TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL,
                             &e->call.delimiter))
                return false;
            if (type_is_string(arg->type) && arg->type != TYPE_TEXT &&
                !expr_coerce(ctx, arg, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, &e->call.argument))
                return false;
        }
    }
    e->call.result_type = e->call.star ? TYPE_INT8 : aggregate_result_type(kind, e->call.input_type);
    if (e->call.result_type == 0) {
        query_fail(ctx, SQLSTATE_UNDEFINED_FUNCTION, location, "function %s(%s%s) does not exist",
                   name, type_display_name(e->call.input_type),
                   kind == AGG_STRING_AGG ? ", unknown" : "");
        return query_fail_hint(ctx, "No function matches the given name and argument types. You "
                                    "might need to add explicit type casts.");
    }
    e->type = e->call.result_type;
    return true;
}

static bool analyze_aggregate(query_context *ctx, aggregate_kind kind, const char *name,
                              const cJSON *fields, expr **args, int location, expr **out)
{
    analyze_scope *scope = ctx->scope;
    if (scope != NULL && !scope->aggregates_allowed &&
        scope->aggregates_forbidden_in == nested_aggregate)
        return query_fail(ctx, "42803", location, "aggregate function calls cannot be nested");
    if (scope == NULL || !scope->aggregates_allowed)
        return query_fail(ctx, "42803", location, "aggregate functions are not allowed in %s",
                          scope != NULL && scope->aggregates_forbidden_in != NULL
                              ? scope->aggregates_forbidden_in
                              : "this context");
    if (scope->aggregate_count == SCOPE_MAX_AGGREGATES)
        return query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, location,
                          "too many aggregate calls in one query");
    expr *e = expr_new(ctx, EXPR_AGGREGATE, TYPE_INT8, location);
    if (e == NULL)
        return query_fail_no_memory(ctx);
    if (!aggregate_call_analyze(ctx, kind, name, fields, args, location, e) ||
        !analyze_aggregate_order(ctx, &e->call, node_get(fields, "agg_order")))
        return false;
    e->aggregate = scope->aggregate_count;
    scope->aggregates[scope->aggregate_count++] = e;
    *out = e;
    return true;
}

/* $n: a constant holding the bound value when the statement runs; while it is only
 * analysed, a parameter node whose type the context may still fix. */
static bool analyze_param_ref(query_context *ctx, const cJSON *fields, expr **out)
{
    int number = node_get_int(fields, "number", 0);
    int location = node_get_int(fields, "location", -1);
    query_params *params = ctx->params;
    if (params == NULL || number < 1 || number > QUERY_PARAMS_MAX ||
        (number > params->count && !params->infer))
        return query_fail(ctx, SQLSTATE_UNDEFINED_PARAMETER, location,
                          "there is no parameter $%d", number);
    if (number > params->count) {
        uint32_t *types = arena_alloc(ctx->arena, (size_t)number * sizeof *types);
        if (types == NULL)
            return query_fail_no_memory(ctx);
        memcpy(types, params->types, (size_t)params->count * sizeof *types);
        for (int i = params->count; i < number; i++)
            types[i] = TYPE_UNKNOWN;
        params->types = types;
        params->count = number;
    }
    if (params->types[number - 1] == 0)
        params->types[number - 1] = TYPE_UNKNOWN;
    uint32_t type = params->types[number - 1];
    expr *e = expr_new(ctx, params->values != NULL ? EXPR_CONST : EXPR_PARAM, type, location);
    if (e == NULL)
        return query_fail_no_memory(ctx);
    e->param = number - 1;
    if (params->values != NULL) {
        e->constant = params->values[number - 1];
        e->constant.type = type;
    }
    *out = e;
    return true;
}

/* expr COLLATE name: text compares bytewise, which is what the collations "C", "POSIX"
 * and "default" (the database's, C) mean; no other collation exists. */
static bool analyze_collate(query_context *ctx, const cJSON *fields, expr **out)
{
    int location = node_get_int(fields, "location", -1);
    const cJSON *names = node_get(fields, "collname");
    int count = cJSON_GetArraySize(names);
    const char *name = count > 0 ? node_string_value(cJSON_GetArrayItem(names, count - 1)) : NULL;
    const char *schema = count > 1 ? node_string_value(cJSON_GetArrayItem(names, count - 2)) : NULL;
    if (!analyze(ctx, node_get(fields, "arg"), out))
        return false;
    if (name == NULL || (schema != NULL && strcmp(schema, "pg_catalog") != 0) ||
        (strcmp(name, "default") != 0 && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0)) {
        const char *shown = schema != NULL ? arena_printf(ctx->arena, "%s.%s", schema, name) : name;
        return query_fail(ctx, SQLSTATE_UNDEFINED_OBJECT, location,
                          "collation \"%s\" for encoding \"UTF8\" does not exist",
                          shown != NULL ? shown : "");
    }
    if (is_unknown_literal(*out))
        return expr_coerce(ctx, *out, TYPE_TEXT, TYPMOD_NONE, CAST_IMPLICIT, NULL, out);
    if (!type_is_string(expr_type(*out)))
        return query_fail(ctx, SQLSTATE_DATATYPE_MISMATCH, location,
                          "collations are not supported by type %s",
                          type_display_name(expr_type(*out)));
    return true;
}

static bool analyze(query_context *ctx, const cJSON *node, expr **out)
{
    if (++ctx->depth > EXPR_MAX_DEPTH) {
        query_fail(ctx, SQLSTATE_STATEMENT_TOO_COMPLEX, -1, "stack depth limit exceeded");
        return query_fail_hint(ctx, "Simplify the expression: it is nested too deeply.");
    }
    const char *kind = node_kind(node);
    const cJSON *fields = node_fields(node);
    bool ok;
    if (strcmp(kind, "A_Const") == 0)
        ok = analyze_const(ctx, fields, out);
    else if (strcmp(kind, "TypeCast") == 0)
        ok = analyze_type_cast(ctx, fields, out);
    else if (strcmp(kind, "A_Expr") == 0)
        ok = analyze_a_expr(ctx, fields, out);
    else if (strcmp(kind, "BoolExpr") == 0)
        ok = analyze_bool_expr(ctx, fields, out);
    else if (strcmp(kind, "NullTest") == 0)
        ok = analyze_null_test(ctx, fields, out);
    else if (strcmp(kind, "BooleanTest") == 0)
        ok = analyze_boolean_test(ctx, fields, out);
    else if (strcmp(kind, "FuncCall") == 0)
        ok = analyze_func_call(ctx, fields, out);
    else if (strcmp(kind, "SQLValueFunction") == 0)
        ok = analyze_sql_value_function(ctx, fields, out);
    else if (strcmp(kind, "ColumnRef") == 0)
        ok = analyze_column_ref(ctx, fields, out);
    else if (strcmp(kind, "SubLink") == 0)
        ok = analyze_sublink(ctx, fields, out);
    else if (strcmp(kind, "CaseExpr") == 0)
        ok = analyze_case(ctx, fields, out);
    else if (strcmp(kind, "CoalesceExpr") == 0)
        ok = analyze_list_of(ctx, node_get(fields, "args"), EXPR_COALESCE, "COALESCE",
                             node_get_int(fields, "location", -1), out);
    else if (strcmp(kind, "MinMaxExpr") == 0) {
        const char *op = node_get_string(fields, "op");
        bool least = op != NULL && strcmp(op, "IS_LEAST") == 0;
        ok = analyze_list_of(ctx, node_get(fields, "args"), EXPR_GREATEST,
                             least ? "LEAST" : "GREATEST", node_get_int(fields, "location", -1), out);
        if (ok)
            (*out)->negated = least;
    }
    else if (strcmp(kind, "ParamRef") == 0)
        ok = analyze_param_ref(ctx, fields, out);
    else if (strcmp(kind, "CollateClause") == 0)
        ok = analyze_collate(ctx, fields, out);
    else if (strcmp(kind, "A_ArrayExpr") == 0)
        ok = analyze_array_expr(ctx, fields, 0, out);
    else if (strcmp(kind, "A_Indirection") == 0)
        ok = analyze_indirection(ctx, fields, out);
    else
        ok = query_fail(ctx, SQLSTATE_FEATURE_NOT_SUPPORTED, node_get_int(fields, "location", -1),
                        "feature not supported: %s expressions", kind);
    ctx->depth--;
    return ok;
}

bool expr_analyze(query_context *ctx, const cJSON *node, expr **out)
{
    return analyze(ctx, node, out);
}

/* ---- evaluation ---- */

static bool overflow(query_context *ctx, uint32_t type)
{
    return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1, "%s",
                      integer_range_message(type));
}

static bool division_by_zero(query_context *ctx)
{
    return query_fail(ctx, SQLSTATE_DIVISION_BY_ZERO, -1, "division by zero");
}

static bool integer_arithmetic(query_context *ctx, binary_op op, uint32_t type, int64_t a,
                               int64_t b, value *out)
{
    int64_t r = 0;
    switch (op) {
    case OP_ADD:
        if (__builtin_add_overflow(a, b, &r))
            return overflow(ctx, type);
        break;
    case OP_SUB:
        if (__builtin_sub_overflow(a, b, &r))
            return overflow(ctx, type);
        break;
    case OP_MUL:
        if (__builtin_mul_overflow(a, b, &r))
            return overflow(ctx, type);
        break;
    case OP_DIV:
        if (b == 0)
            return division_by_zero(ctx);
        if (b == -1) {
            if (__builtin_sub_overflow((int64_t)0, a, &r))
                return overflow(ctx, type);
        } else {
            r = a / b;
        }
        break;
    case OP_MOD:
        if (b == 0)
            return division_by_zero(ctx);
        r = b == -1 ? 0 : a % b;
        break;
    default:
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "unexpected integer operator");
    }
    if (!integer_fits(type, r))
        return overflow(ctx, type);
    *out = value_int(type, r);
    return true;
}

static bool float_arithmetic(query_context *ctx, binary_op op, uint32_t type, double a, double b,
                             value *out)
{
    double r;
    bool is_float4 = type == TYPE_FLOAT4;
    switch (op) {
    case OP_ADD:
        r = is_float4 ? (double)((float)a + (float)b) : a + b;
        break;
    case OP_SUB:
        r = is_float4 ? (double)((float)a - (float)b) : a - b;
        break;
    case OP_MUL:
        r = is_float4 ? (double)((float)a * (float)b) : a * b;
        if (r == 0.0 && a != 0.0 && b != 0.0)
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                              "value out of range: underflow");
        break;
    case OP_DIV:
        if (b == 0.0)
            return division_by_zero(ctx);
        r = is_float4 ? (double)((float)a / (float)b) : a / b;
        if (r == 0.0 && a != 0.0 && !isinf(b))
            return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                              "value out of range: underflow");
        break;
    default:
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "unexpected float operator");
    }
    if (isinf(r) && !isinf(a) && !isinf(b))
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                          "value out of range: overflow");
    *out = value_float8(r);
    out->type = type;
    return true;
}

static bool numeric_arithmetic(query_context *ctx, binary_op op, const numeric *a,
                               const numeric *b, value *out)
{
    *out = value_null(TYPE_NUMERIC);
    out->is_null = false;
    numeric_status status;
    switch (op) {
    case OP_ADD:
        status = numeric_add(ctx->arena, a, b, &out->as.number);
        break;
    case OP_SUB:
        status = numeric_sub(ctx->arena, a, b, &out->as.number);
        break;
    case OP_MUL:
        status = numeric_mul(ctx->arena, a, b, &out->as.number);
        break;
    case OP_DIV:
        status = numeric_div(ctx->arena, a, b, &out->as.number);
        break;
    case OP_MOD:
        status = numeric_mod(ctx->arena, a, b, &out->as.number);
        break;
    default:
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "unexpected numeric operator");
    }
    switch (status) {
    case NUMERIC_OK:
        return true;
    case NUMERIC_DIVISION_BY_ZERO:
        return division_by_zero(ctx);
    case NUMERIC_NO_MEMORY:
        return query_fail_no_memory(ctx);
    case NUMERIC_UNDEFINED:
        return query_fail(ctx, SQLSTATE_INVALID_PARAMETER_VALUE, -1, "numeric result is undefined");
    default:
        return query_fail(ctx, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, -1,
                          "value overflows numeric format");
    }
}

static bool comparison_result(binary_op op, int c)
{
    switch (op) {
    case OP_EQ:
        return c == 0;
    case OP_NE:
        return c != 0;
    case OP_LT:
        return c < 0;
    case OP_LE:
        return c <= 0;
    case OP_GT:
        return c > 0;
    default:
        return c >= 0;
    }
}

static bool evaluate(query_context *ctx, const expr *e, value *out);

static bool evaluate_concat(query_context *ctx, uint32_t type, const value *a, const value *b,
                            value *out)
{
    /* anynonarray || text is $1::text || $2 in PostgreSQL: the cast, so true is "true".
     * bytea || bytea joins the bytes as they are. */
    value left_text = *a, right_text = *b;
    if (type == TYPE_TEXT &&
        (!value_cast(ctx, a, TYPE_TEXT, TYPMOD_NONE, CAST_EXPLICIT, -1, &left_text) ||
         !value_cast(ctx, b, TYPE_TEXT, TYPMOD_NONE, CAST_EXPLICIT, -1, &right_text)))
        return false;
    const char *left = left_text.as.text.data, *right = right_text.as.text.data;
    size_t left_length = left_text.as.text.length, right_length = right_text.as.text.length;
    char *joined = arena_alloc(ctx->arena, left_length + right_length + 1);
    if (joined == NULL)
        return query_fail_no_memory(ctx);
    memcpy(joined, left, left_length);
    memcpy(joined + left_length, right, right_length);
    joined[left_length + right_length] = '\0';
    *out = value_text(type, joined, left_length + right_length);
    return true;
}

static bool evaluate_binary(query_context *ctx, const expr *e, value *out)
{
    value a, b;
    if (!evaluate(ctx, e->args[0], &a) || !evaluate(ctx, e->args[1], &b))
        return false;
    if (e->kind == EXPR_DISTINCT) {
        bool distinct = a.is_null != b.is_null ||
                        (!a.is_null && value_compare(&a, &b) != 0);
        *out = value_bool(e->negated ? !distinct : distinct);
        return true;
    }
    if (a.is_null || b.is_null) {
        *out = value_null(e->type);
        return true;
    }
    if (e->op == OP_CONCAT)
        return evaluate_concat(ctx, e->type, &a, &b, out);
    if (e->op == OP_JSON_GET || e->op == OP_JSON_GET_TEXT) {
        bool as_text = e->op == OP_JSON_GET_TEXT;
        if (e->operand_type == TYPE_INT4)
            return json_array_element(ctx, &a, b.as.integer, as_text, out);
        return json_object_field(ctx, &a, b.as.text.data, b.as.text.length, as_text, out);
    }
    if (is_comparison(e->op)) {
        *out = value_bool(comparison_result(e->op, value_compare(&a, &b)));
        return true;
    }
    if (type_is_integer(e->operand_type))
        return integer_arithmetic(ctx, e->op, e->operand_type, a.as.integer, b.as.integer, out);
    if (type_is_float(e->operand_type))
        return float_arithmetic(ctx, e->op, e->operand_type, a.as.real, b.as.real, out);
    return numeric_arithmetic(ctx, e->op, &a.as.number, &b.as.number, out);
}

static bool evaluate_negate(query_context *ctx, const expr *e, value *out)
{
    value a;
    if (!evaluate(ctx, e->args[0], &a))
        return false;
    if (a.is_null) {
        *out = a;
        return true;
    }
    if (type_is_integer(a.type)) {
        int64_t r;
        if (__builtin_sub_overflow((int64_t)0, a.as.integer, &r) || !integer_fits(a.type, r))
            return overflow(ctx, a.type);
        *out = value_int(a.type, r);
        return true;
    }
    if (type_is_float(a.type)) {
        *out = a;
        out->as.real = -a.as.real;
        return true;
    }
    if (a.type == TYPE_INTERVAL) {
        *out = a;
        datetime_status status = interval_negate(&a.as.interval, &out->as.interval);
        return status == DATETIME_OK || datetime_fail(ctx, status, TYPE_INTERVAL, NULL, 0, NULL, -1);
    }
    *out = a;
    if (numeric_negate(ctx->arena, &a.as.number, &out->as.number) != NUMERIC_OK)
        return query_fail_no_memory(ctx);
    return true;
}

static bool evaluate_logic(query_context *ctx, const expr *e, value *out)
{
    /* AND: false wins over NULL; OR: true wins over NULL. */
    bool deciding = e->kind == EXPR_OR;
    bool saw_null = false;
    for (int i = 0; i < e->arg_count; i++) {
        value a;
        if (!evaluate(ctx, e->args[i], &a))
            return false;
        if (a.is_null) {
            saw_null = true;
        } else if (a.as.boolean == deciding) {
            *out = value_bool(deciding);
            return true;
        }
    }
    *out = saw_null ? value_null(TYPE_BOOL) : value_bool(!deciding);
    return true;
}

/* SQL LIKE: % any run, _ one character, backslash escapes the next pattern character. */
static bool like_match(const char *s, size_t n, const char *p, size_t m, bool fold)
{
    size_t i = 0, j = 0;
    size_t star_p = SIZE_MAX, star_s = 0;
    while (i < n) {
        if (j < m && p[j] == '%') {
            star_p = ++j;
            star_s = i;
            continue;
        }
        if (j < m && p[j] == '_') {
            /* One character: a UTF-8 lead byte and its continuation bytes. */
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
            j++;
            continue;
        }
        if (j < m) {
            size_t k = p[j] == '\\' && j + 1 < m ? j + 1 : j;
            char a = s[i], b = p[k];
            if (fold) {
                a = (char)(a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a);
                b = (char)(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
            }
            if (a == b) {
                i++;
                j = k + 1;
                continue;
            }
        }
        if (star_p == SIZE_MAX)
            return false;
        /* Backtrack: let the last % swallow one more character. */
        i = ++star_s;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i = ++star_s;
        j = star_p;
    }
    while (j < m && p[j] == '%')
        j++;
    return j == m;
}

/* text ~ pattern with libc's POSIX extended regular expressions; 2201B for a pattern
 * that does not compile, as PostgreSQL reports it. */
static bool regex_match(query_context *ctx, const value *text, const value *pattern,
                        bool case_insensitive, bool *matched)
{
    char *subject = arena_strndup(ctx->arena, text->as.text.data, text->as.text.length);
    char *source = arena_strndup(ctx->arena, pattern->as.text.data, pattern->as.text.length);
    if (subject == NULL || source == NULL)
        return query_fail_no_memory(ctx);
    regex_t compiled;
    int status = regcomp(&compiled, source, REG_EXTENDED | REG_NOSUB | (case_insensitive ? REG_ICASE : 0));
    if (status != 0) {
        char message[256];
        regerror(status, &compiled, message, sizeof message);
        regfree(&compiled);
        return query_fail(ctx, "2201B", -1, "invalid regular expression: %s", message);
    }
    status = regexec(&compiled, subject, 0, NULL, 0);
    regfree(&compiled);
    *matched = status == 0;
    return true;
}

static bool evaluate(query_context *ctx, const expr *e, value *out);

static bool evaluate_function(query_context *ctx, const expr *e, value *out)
{
    value *args = arena_alloc(ctx->arena, (size_t)(e->arg_count + 1) * sizeof *args);
    if (args == NULL)
        return query_fail_no_memory(ctx);
    for (int i = 0; i < e->arg_count; i++) {
        if (!evaluate(ctx, e->args[i], &args[i]))
            return false;
        if (args[i].is_null && e->function->strict) {
            *out = value_null(e->type);
            return true;
        }
    }
    if (!e->function->impl(ctx, args, e->arg_count, out))
        return false;
    if (!out->is_null && out->type != e->type && type_is_string(e->type) && type_is_string(out->type))
        out->type = e->type;
    return true;
}

static bool evaluate_datetime(query_context *ctx, const expr *e, value *out)
{
    value a, b;
    if (!evaluate(ctx, e->args[0], &a) || !evaluate(ctx, e->args[1], &b))
        return false;
    if (a.is_null || b.is_null) {
        *out = value_null(e->type);
        return true;
    }
    *out = value_null(e->type);
    out->is_null = false;
    const datetime_context *dt = &ctx->datetime;
    datetime_status status = DATETIME_OK;
    dt_date d = 0;
    int32_t days = 0;
    switch ((datetime_op)e->datetime) {
    case DT_DATE_PLUS_DAYS:
        status = date_add_days((dt_date)a.as.integer, (int32_t)b.as.integer, &d);
        out->as.integer = d;
        break;
    case DT_DATE_MINUS_DAYS:
        status = date_sub_days((dt_date)a.as.integer, (int32_t)b.as.integer, &d);
        out->as.integer = d;
        break;
    case DT_DATE_MINUS_DATE:
        status = date_diff((dt_date)a.as.integer, (dt_date)b.as.integer, &days);
        out->as.integer = days;
        break;
    case DT_DATE_PLUS_INTERVAL:
        status = date_add_interval((dt_date)a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_DATE_MINUS_INTERVAL:
        status = date_sub_interval((dt_date)a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_TIMESTAMP_PLUS_INTERVAL:
        status = timestamp_add_interval(a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_TIMESTAMP_MINUS_INTERVAL:
        status = timestamp_sub_interval(a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_TIMESTAMPTZ_PLUS_INTERVAL:
        status = timestamptz_add_interval(dt, a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_TIMESTAMPTZ_MINUS_INTERVAL:
        status = timestamptz_sub_interval(dt, a.as.integer, &b.as.interval, &out->as.integer);
        break;
    case DT_TIMESTAMP_MINUS_TIMESTAMP:
    case DT_TIMESTAMPTZ_MINUS_TIMESTAMPTZ:
        status = timestamp_diff(a.as.integer, b.as.integer, &out->as.interval);
        break;
    case DT_INTERVAL_PLUS_INTERVAL:
        status = interval_add(&a.as.interval, &b.as.interval, &out->as.interval);
        break;
    case DT_INTERVAL_MINUS_INTERVAL:
        status = interval_sub(&a.as.interval, &b.as.interval, &out->as.interval);
        break;
    case DT_INTERVAL_TIMES:
        status = interval_mul(&a.as.interval, b.as.real, &out->as.interval);
        break;
    case DT_INTERVAL_DIVIDED:
        if (b.as.real == 0.0)
            return query_fail(ctx, SQLSTATE_DIVISION_BY_ZERO, -1, "division by zero");
        status = interval_div(&a.as.interval, b.as.real, &out->as.interval);
        break;
    }
    return status == DATETIME_OK || datetime_fail(ctx, status, e->type, NULL, 0, NULL, -1);
}

static bool evaluate_sublink(query_context *ctx, const expr *e, value *out)
{
    subquery_result result;
    const subquery_result *rows = e->cache;
    if (rows == NULL) {
        analyze_scope *scope = ctx->scope;
        scope_names saved = {0};
        if (e->names != NULL && scope != NULL && scope->items != NULL) {
            saved = (scope_names){scope->items, scope->item_count, scope->visible_begin,
                                  scope->visible_end};
            scope->items = e->names->items;
            scope->item_count = e->names->item_count;
            scope->visible_begin = e->names->visible_begin;
            scope->visible_end = e->names->visible_end;
        }
        bool ok = select_subquery(ctx, e->subselect, false, &result);
        if (saved.items != NULL) {
            scope->items = saved.items;
            scope->item_count = saved.item_count;
            scope->visible_begin = saved.visible_begin;
            scope->visible_end = saved.visible_end;
        }
        if (!ok)
            return false;
        rows = &result;
        if (!result.correlated) {
            /* Same answer for every outer row: keep it for the rest of the statement. */
            subquery_result *kept = arena_alloc(ctx->arena, sizeof *kept);
            if (kept == NULL)
                return query_fail_no_memory(ctx);
            *kept = result;
            ((expr *)e)->cache = kept;
        }
    }
    switch (e->sublink) {
    case SUBLINK_EXISTS:
        *out = value_bool(rows->count > 0);
        return true;
    case SUBLINK_SCALAR:
        if (rows->count > 1)
            return query_fail(ctx, "21000", -1,
                              "more than one row returned by a subquery used as an expression");
        *out = rows->count == 0 ? value_null(e->type) : rows->rows[0][0];
        return true;
    case SUBLINK_ARRAY: {
        if (rows->count > ARRAY_MAX_ELEMENTS)
            return query_fail(ctx, "54000", -1, "array size exceeds the maximum allowed (%d)",
                              ARRAY_MAX_ELEMENTS);
        array_value *a = array_new(ctx, type_array_element(e->type), (int)rows->count);
        if (a == NULL)
            return false;
        for (int64_t i = 0; i < rows->count; i++) {
            a->elements[i] = rows->rows[i][0];
            if (!a->elements[i].is_null)
                a->elements[i].type = a->element_type;
        }
        *out = value_array(a);
        return true;
    }
    default: {
        /* ANY: true if one comparison is true, else NULL if one was NULL, else false.
         * ALL: the dual. */
        bool want = e->sublink == SUBLINK_ANY;
        bool saw_null = false;
        const value *saved = ctx->sublink_value;
        for (int64_t i = 0; i < rows->count; i++) {
            value test;
            ctx->sublink_value = &rows->rows[i][0];
            if (!evaluate(ctx, e->args[0], &test)) {
                ctx->sublink_value = saved;
                return false;
            }
            if (test.is_null) {
                saw_null = true;
            } else if (test.as.boolean == want) {
                ctx->sublink_value = saved;
                *out = value_bool(want);
                return true;
            }
        }
        ctx->sublink_value = saved;
        *out = saw_null ? value_null(TYPE_BOOL) : value_bool(!want);
        return true;
    }
    }
}

static bool evaluate_special(query_context *ctx, const expr *e, value *out)
{
    value a, b;
    switch (e->kind) {
    case EXPR_CASE: {
        int pairs = (e->arg_count - (e->has_else ? 1 : 0)) / 2;
        for (int i = 0; i < pairs; i++) {
            if (!evaluate(ctx, e->args[2 * i], &a))
                return false;
            if (!a.is_null && a.as.boolean)
                return evaluate(ctx, e->args[2 * i + 1], out);
        }
        if (e->has_else)
            return evaluate(ctx, e->args[e->arg_count - 1], out);
        *out = value_null(e->type);
        return true;
    }
    case EXPR_COALESCE:
        for (int i = 0; i < e->arg_count; i++) {
            if (!evaluate(ctx, e->args[i], out))
                return false;
            if (!out->is_null)
                return true;
        }
        *out = value_null(e->type);
        return true;
    case EXPR_GREATEST: {
        bool found = false;
        for (int i = 0; i < e->arg_count; i++) {
            if (!evaluate(ctx, e->args[i], &a))
                return false;
            if (a.is_null)
                continue;
            if (!found || (e->negated ? value_compare(&a, out) < 0 : value_compare(&a, out) > 0))
                *out = a;
            found = true;
        }
        if (!found)
            *out = value_null(e->type);
        return true;
    }
    case EXPR_NULLIF:
        if (!evaluate(ctx, e->args[1], &b) || !evaluate(ctx, e->args[0], out))
            return false;
        if (!b.is_null && b.as.boolean)
            *out = value_null(e->type);
        return true;
    case EXPR_LIKE:
        if (!evaluate(ctx, e->args[0], &a) || !evaluate(ctx, e->args[1], &b))
            return false;
        if (a.is_null || b.is_null) {
            *out = value_null(TYPE_BOOL);
            return true;
        }
        if (e->regex) {
            bool matched = false;
            if (!regex_match(ctx, &a, &b, e->case_insensitive, &matched))
                return false;
            *out = value_bool(matched != e->negated);
            return true;
        }
        *out = value_bool(like_match(a.as.text.data, a.as.text.length, b.as.text.data,
                                     b.as.text.length, e->case_insensitive) != e->negated);
        return true;
    default:
        return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "unknown expression kind");
    }
}

static bool evaluate_array_test(query_context *ctx, const expr *e, const value *array,
                                value *out)
{
    /* ANY: true if one comparison is true, else NULL if one was NULL, else false. ALL:
     * the dual. */
    bool want = !e->negated, saw_null = false;
    const array_value *a = array->as.array;
    const value *saved = ctx->sublink_value;
    for (int i = 0; i < a->count; i++) {
        value test;
        ctx->sublink_value = &a->elements[i];
        if (!evaluate(ctx, e->args[1], &test)) {
            ctx->sublink_value = saved;
            return false;
        }
        if (test.is_null) {
            saw_null = true;
        } else if (test.as.boolean == want) {
            ctx->sublink_value = saved;
            *out = value_bool(want);
            return true;
        }
    }
    ctx->sublink_value = saved;
    *out = saw_null ? value_null(TYPE_BOOL) : value_bool(!want);
    return true;
}

/* a[i] (NULL outside the array) and a[i:j] (the part inside it, from subscript 1). */
static bool evaluate_subscript(query_context *ctx, const expr *e, const value *array,
                               const value *lower, const value *upper, value *out)
{
    const array_value *a = array->as.array;
    int64_t first = a->lower_bound, last = (int64_t)a->lower_bound + a->count - 1;
    if (!e->is_slice) {
        int64_t i = upper->as.integer;
        *out = upper->is_null || i < first || i > last ? value_null(e->type)
                                                       : a->elements[i - first];
        return true;
    }
    int64_t from = lower->is_null ? first : lower->as.integer;
    int64_t to = upper->is_null ? last : upper->as.integer;
    if (from < first)
        from = first;
    if (to > last)
        to = last;
    int count = from <= to ? (int)(to - from + 1) : 0;
    array_value *result = array_new(ctx, a->element_type, count);
    if (result == NULL)
        return false;
    if (count > 0)
        memcpy(result->elements, a->elements + (from - first),
               (size_t)count * sizeof *result->elements);
    *out = value_array(result);
    return true;
}

static bool evaluate_array(query_context *ctx, const expr *e, value *out)
{
    value *args = arena_alloc(ctx->arena, (size_t)(e->arg_count + 1) * sizeof *args);
    if (args == NULL)
        return query_fail_no_memory(ctx);
    /* An ANY/ALL test evaluates its comparison per element, not up front. */
    int count = e->kind == EXPR_ARRAY_TEST ? 1 : e->arg_count;
    for (int i = 0; i < count; i++) {
        if (!evaluate(ctx, e->args[i], &args[i]))
            return false;
    }
    switch (e->kind) {
    case EXPR_ARRAY: {
        array_value *a = array_new(ctx, type_array_element(e->type), e->arg_count);
        if (a == NULL)
            return false;
        memcpy(a->elements, args, (size_t)e->arg_count * sizeof *args);
        *out = value_array(a);
        return true;
    }
    case EXPR_ARRAY_FUNCTION:
        if (e->array_function->strict) {
            for (int i = 0; i < e->arg_count; i++) {
                if (args[i].is_null) {
                    *out = value_null(e->type);
                    return true;
                }
            }
        }
        if (!e->array_function->impl(ctx, args, e->arg_count, out))
            return false;
        if (!out->is_null && type_is_array(e->type))
            out->type = e->type;
        return true;
    case EXPR_SUBSCRIPT:
        if (args[0].is_null) {
            *out = value_null(e->type);
            return true;
        }
        return evaluate_subscript(ctx, e, &args[0], &args[1], &args[2], out);
    default:
        if (args[0].is_null) {
            *out = value_null(TYPE_BOOL);
            return true;
        }
        return evaluate_array_test(ctx, e, &args[0], out);
    }
}

/* IS [NOT] TRUE / FALSE / UNKNOWN never yield NULL. */
static bool boolean_test_result(boolean_test test, const value *a)
{
    switch (test) {
    case TEST_IS_TRUE:
        return !a->is_null && a->as.boolean;
    case TEST_IS_NOT_TRUE:
        return a->is_null || !a->as.boolean;
    case TEST_IS_FALSE:
        return !a->is_null && !a->as.boolean;
    case TEST_IS_NOT_FALSE:
        return a->is_null || a->as.boolean;
    case TEST_IS_UNKNOWN:
        return a->is_null;
    case TEST_IS_NOT_UNKNOWN:
        return !a->is_null;
    }
    return false;
}

static bool evaluate(query_context *ctx, const expr *e, value *out)
{
    switch (e->kind) {
    case EXPR_CONST:
        *out = e->constant;
        if (out->is_null)
            out->type = e->type;
        return true;
    case EXPR_PARAM:
        /* Only analysis without values gets here (LIMIT $1 is evaluated while planning):
         * nothing it computes reaches a client. */
        *out = value_null(e->type);
        return true;
    case EXPR_CAST: {
        value a;
        if (!evaluate(ctx, e->args[0], &a))
            return false;
        /* A conversion failing while rows are read has no position, as in PostgreSQL. */
        return value_cast(ctx, &a, e->type, e->typmod, e->cast, -1, out);
    }
    case EXPR_BINARY:
    case EXPR_DISTINCT:
        return evaluate_binary(ctx, e, out);
    case EXPR_NEGATE:
        return evaluate_negate(ctx, e, out);
    case EXPR_AND:
    case EXPR_OR:
        return evaluate_logic(ctx, e, out);
    case EXPR_NOT: {
        value a;
        if (!evaluate(ctx, e->args[0], &a))
            return false;
        *out = a.is_null ? a : value_bool(!a.as.boolean);
        return true;
    }
    case EXPR_NULL_TEST: {
        value a;
        if (!evaluate(ctx, e->args[0], &a))
            return false;
        *out = value_bool(a.is_null != e->negated);
        return true;
    }
    case EXPR_BOOLEAN_TEST: {
        value a;
        if (!evaluate(ctx, e->args[0], &a))
            return false;
        *out = value_bool(boolean_test_result(e->test, &a));
        return true;
    }
    case EXPR_FUNCTION:
        return evaluate_function(ctx, e, out);
    case EXPR_CASE:
    case EXPR_COALESCE:
    case EXPR_GREATEST:
    case EXPR_NULLIF:
    case EXPR_LIKE:
        return evaluate_special(ctx, e, out);
    case EXPR_COLUMN:
        *out = ctx->current_rows[e->relation][e->column];
        return true;
    case EXPR_OUTER_COLUMN: {
        /* The enclosing query's row, captured when the subquery started. */
        const analyze_scope *s = ctx->scope;
        for (int i = 1; i < e->depth; i++)
            s = s->parent;
        *out = s->outer_rows[e->relation][e->column];
        return true;
    }
    case EXPR_SUBLINK:
        return evaluate_sublink(ctx, e, out);
    case EXPR_SUBLINK_VALUE:
        *out = *ctx->sublink_value;
        return true;
    case EXPR_DATETIME:
        return evaluate_datetime(ctx, e, out);
    case EXPR_IN_LIST: {
        value tested;
        if (!evaluate(ctx, e->args[0], &tested))
            return false;
        const value *saved = ctx->sublink_value;
        ctx->sublink_value = &tested;
        bool ok = evaluate(ctx, e->args[1], out);
        ctx->sublink_value = saved;
        return ok;
    }
    case EXPR_AGGREGATE:
        *out = ctx->aggregate_values[e->aggregate];
        return true;
    case EXPR_WINDOW:
        *out = ctx->window_values[e->window];
        return true;
    case EXPR_ARRAY:
    case EXPR_ARRAY_FUNCTION:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAY_TEST:
        return evaluate_array(ctx, e, out);
    case EXPR_SET_FUNCTION:
        /* Past its last row while a longer one goes on: NULL. */
        *out = e->srf_row < e->srf_count ? e->srf_values[e->srf_row] : value_null(e->type);
        return true;
    }
    return query_fail(ctx, SQLSTATE_INTERNAL_ERROR, -1, "unknown expression kind");
}

bool expr_evaluate(query_context *ctx, const expr *e, value *out)
{
    return evaluate(ctx, e, out);
}

/* ---- column names ---- */

static const char *figure_name(const cJSON *node, int *strength)
{
    const char *kind = node_kind(node);
    const cJSON *fields = node_fields(node);
    *strength = 0;
    if (strcmp(kind, "ColumnRef") == 0) {
        const cJSON *names = node_get(fields, "fields");
        const char *last = node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
        if (last != NULL)
            *strength = 2;
        return last;
    }
    if (strcmp(kind, "FuncCall") == 0) {
        const cJSON *names = node_get(fields, "funcname");
        *strength = 2;
        return node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    }
    if (strcmp(kind, "TypeCast") == 0) {
        const char *inner = figure_name(node_get(fields, "arg"), strength);
        if (*strength > 1)
            return inner;
        const cJSON *names = node_get(node_get(fields, "typeName"), "names");
        *strength = 1;
        return node_string_value(cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1));
    }
    if (strcmp(kind, "CaseExpr") == 0) {
        /* As PostgreSQL: a strongly named ELSE result names the CASE. */
        const cJSON *otherwise = node_get(fields, "defresult");
        if (otherwise != NULL) {
            const char *name = figure_name(otherwise, strength);
            if (*strength > 1)
                return name;
        }
        *strength = 1;
        return "case";
    }
    if (strcmp(kind, "A_ArrayExpr") == 0) {
        *strength = 2;
        return "array";
    }
    if (strcmp(kind, "A_Indirection") == 0)
        return figure_name(node_get(fields, "arg"), strength);
    if (strcmp(kind, "SubLink") == 0) {
        const char *type = node_get_string(fields, "subLinkType");
        if (type != NULL && strcmp(type, "EXISTS_SUBLINK") == 0) {
            *strength = 2;
            return "exists";
        }
        if (type != NULL && strcmp(type, "ARRAY_SUBLINK") == 0) {
            *strength = 2;
            return "array";
        }
        if (type != NULL && strcmp(type, "EXPR_SUBLINK") == 0) {
            /* A scalar subquery is named after its one output column. */
            const cJSON *select = node_fields(node_get(fields, "subselect"));
            const cJSON *target = node_fields(cJSON_GetArrayItem(node_get(select, "targetList"), 0));
            const char *alias = node_get_string(target, "name");
            if (alias != NULL) {
                *strength = 2;
                return alias;
            }
            const char *name = figure_name(node_get(target, "val"), strength);
            if (*strength > 0)
                *strength = 2;
            return name;
        }
        return NULL;
    }
    if (strcmp(kind, "CoalesceExpr") == 0) {
        *strength = 2;
        return "coalesce";
    }
    if (strcmp(kind, "MinMaxExpr") == 0) {
        const char *op = node_get_string(fields, "op");
        *strength = 2;
        return op != NULL && strcmp(op, "IS_LEAST") == 0 ? "least" : "greatest";
    }
    if (strcmp(kind, "A_Expr") == 0) {
        const char *k = node_get_string(fields, "kind");
        if (k != NULL && strcmp(k, "AEXPR_NULLIF") == 0) {
            *strength = 2;
            return "nullif";
        }
        return NULL;
    }
    if (strcmp(kind, "SQLValueFunction") == 0) {
        static const struct {
            const char *op;
            const char *name;
        } names[] = {
            {"SVFOP_CURRENT_DATE", "current_date"},
            {"SVFOP_CURRENT_TIME", "current_time"},
            {"SVFOP_CURRENT_TIME_N", "current_time"},
            {"SVFOP_CURRENT_TIMESTAMP", "current_timestamp"},
            {"SVFOP_CURRENT_TIMESTAMP_N", "current_timestamp"},
            {"SVFOP_LOCALTIME", "localtime"},
            {"SVFOP_LOCALTIME_N", "localtime"},
            {"SVFOP_LOCALTIMESTAMP", "localtimestamp"},
            {"SVFOP_LOCALTIMESTAMP_N", "localtimestamp"},
            {"SVFOP_CURRENT_ROLE", "current_role"},
            {"SVFOP_CURRENT_USER", "current_user"},
            {"SVFOP_USER", "user"},
            {"SVFOP_SESSION_USER", "session_user"},
            {"SVFOP_CURRENT_CATALOG", "current_catalog"},
            {"SVFOP_CURRENT_SCHEMA", "current_schema"},
        };
        const char *op = node_get_string(fields, "op");
        for (size_t i = 0; op != NULL && i < sizeof names / sizeof names[0]; i++) {
            if (strcmp(names[i].op, op) == 0) {
                *strength = 2;
                return names[i].name;
            }
        }
    }
    return NULL;
}

const char *expr_column_name(const cJSON *node)
{
    int strength;
    const char *name = figure_name(node, &strength);
    return name != NULL && strength > 0 ? name : "?column?";
}

/* ---- tree questions the planner and grouping ask ---- */

bool expr_equal(const expr *a, const expr *b)
{
    if (a == b)
        return true;
    if (a->kind != b->kind || a->type != b->type || a->typmod != b->typmod ||
        a->arg_count != b->arg_count)
        return false;
    switch (a->kind) {
    case EXPR_CONST:
        if (a->constant.is_null || b->constant.is_null)
            return a->constant.is_null == b->constant.is_null;
        return value_compare(&a->constant, &b->constant) == 0;
    case EXPR_COLUMN:
        return a->relation == b->relation && a->column == b->column;
    case EXPR_PARAM:
        return a->param == b->param;
    case EXPR_OUTER_COLUMN:
        return a->depth == b->depth && a->relation == b->relation && a->column == b->column;
    case EXPR_SUBLINK:
    case EXPR_SET_FUNCTION:
        return false; /* two subqueries are never taken for the same expression */
    case EXPR_BINARY:
    case EXPR_DISTINCT:
        if (a->op != b->op || a->negated != b->negated)
            return false;
        break;
    case EXPR_NULL_TEST:
        if (a->negated != b->negated)
            return false;
        break;
    case EXPR_LIKE:
        if (a->negated != b->negated || a->case_insensitive != b->case_insensitive ||
            a->regex != b->regex)
            return false;
        break;
    case EXPR_BOOLEAN_TEST:
        if (a->test != b->test)
            return false;
        break;
    case EXPR_FUNCTION:
        if (a->function != b->function)
            return false;
        break;
    case EXPR_ARRAY_FUNCTION:
        if (a->array_function != b->array_function)
            return false;
        break;
    case EXPR_SUBSCRIPT:
        if (a->is_slice != b->is_slice)
            return false;
        break;
    case EXPR_ARRAY_TEST:
        if (a->negated != b->negated)
            return false;
        break;
    case EXPR_AGGREGATE:
        return a->aggregate == b->aggregate;
    case EXPR_WINDOW:
        return a->window == b->window;
    default:
        break;
    }
    for (int i = 0; i < a->arg_count; i++) {
        if (!expr_equal(a->args[i], b->args[i]))
            return false;
    }
    return true;
}

bool expr_check_grouped(query_context *ctx, const expr *e, expr *const *groups, int group_count,
                        const bool *relation_grouped)
{
    for (int i = 0; i < group_count; i++) {
        if (expr_equal(e, groups[i]))
            return true;
    }
    if (e->kind == EXPR_AGGREGATE || e->kind == EXPR_CONST)
        return true;
    if (e->kind == EXPR_COLUMN && relation_grouped[e->relation])
        return true;
    if (e->kind == EXPR_COLUMN) {
        const scope_relation *r = &ctx->scope->relations[e->relation];
        query_fail(ctx, "42803", e->location,
                   "column \"%s.%s\" must appear in the GROUP BY clause or be used in an "
                   "aggregate function",
                   r->name, r->table->columns[e->column].name);
        return false;
    }
    for (int i = 0; i < e->arg_count; i++) {
        if (!expr_check_grouped(ctx, e->args[i], groups, group_count, relation_grouped))
            return false;
    }
    return true;
}

uint64_t expr_relations(const expr *e, bool *reads_subquery)
{
    if (e->kind == EXPR_SUBLINK)
        *reads_subquery = true;
    uint64_t set = e->kind == EXPR_COLUMN ? (uint64_t)1 << e->relation : 0;
    for (int i = 0; i < e->arg_count; i++)
        set |= expr_relations(e->args[i], reads_subquery);
    return set;
}

bool expr_uses_column(const expr *e, int relation, int column)
{
    if (e->kind == EXPR_COLUMN && e->relation == relation && e->column == column)
        return true;
    for (int i = 0; i < e->arg_count; i++) {
        if (expr_uses_column(e->args[i], relation, column))
            return true;
    }
    return false;
}

int expr_conjuncts(expr *e, expr **out, int capacity)
{
    if (e->kind == EXPR_AND) {
        int n = 0;
        for (int i = 0; i < e->arg_count; i++)
            n += expr_conjuncts(e->args[i], out + (n < capacity ? n : capacity),
                                n < capacity ? capacity - n : 0);
        return n;
    }
    if (capacity > 0)
        out[0] = e;
    return 1;
}

bool expr_column_comparison(const expr *e, int relation, int *column, int *comparison,
                            const expr **constant)
{
    if (e->kind != EXPR_BINARY || !is_comparison(e->op) || e->op == OP_NE)
        return false;
    const expr *l = e->args[0], *r = e->args[1];
    bool flipped = false;
    if (r->kind == EXPR_COLUMN && l->kind == EXPR_CONST) {
        const expr *t = l;
        l = r;
        r = t;
        flipped = true;
    }
    if (l->kind != EXPR_COLUMN || l->relation != relation || r->kind != EXPR_CONST ||
        r->constant.is_null)
        return false;
    static const int as_written[] = {[OP_EQ] = 0, [OP_LT] = -2, [OP_LE] = -1, [OP_GT] = 2,
                                     [OP_GE] = 1};
    int c = as_written[e->op];
    *column = l->column;
    *comparison = flipped ? -c : c;
    *constant = r;
    return true;
}

const value *expr_constant_value(const expr *e)
{
    return e->kind == EXPR_CONST ? &e->constant : NULL;
}

bool expr_equality_sides(const expr *e, const expr **left, const expr **right)
{
    if (e->kind != EXPR_BINARY || e->op != OP_EQ)
        return false;
    *left = e->args[0];
    *right = e->args[1];
    return true;
}
