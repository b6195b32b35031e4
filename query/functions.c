#include "query/functions.h"

#include <stdlib.h>
#include <string.h>

/* ---- session information ---- */

static bool fn_version(query_context *ctx, const value *args, int n, value *out)
{
    (void)ctx;
    (void)args;
    (void)n;
    static const char version[] =
        "PostgreSQL 15.0 (QuillDB " QUILL_VERSION ") on x86_64-pc-linux-gnu, 64-bit";
    *out = value_text(TYPE_TEXT, version, sizeof version - 1);
    return true;
}

static bool fn_current_database(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->database, strlen(ctx->database));
    return true;
}

static bool fn_current_user(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->current_user, strlen(ctx->current_user));
    return true;
}

static bool fn_session_user(query_context *ctx, const value *args, int n, value *out)
{
    (void)args;
    (void)n;
    *out = value_text(TYPE_NAME, ctx->session_user, strlen(ctx->session_user));
    return true;
}

static const function_definition functions[] = {
    {"version", 0, {0}, TYPE_TEXT, true, false, fn_version},
    {"current_database", 0, {0}, TYPE_NAME, true, false, fn_current_database},
    {"current_user", 0, {0}, TYPE_NAME, true, false, fn_current_user},
    {"session_user", 0, {0}, TYPE_NAME, true, false, fn_session_user},
};

uint32_t function_argument_type(const function_definition *f, int i, uint32_t given)
{
    uint32_t declared = f->arg_count == FUNCTION_VARIADIC ? f->arg_types[0] : f->arg_types[i];
    if (declared != FUNCTION_ANY_TYPE)
        return declared;
    return given == TYPE_UNKNOWN ? TYPE_TEXT : given;
}

/* How well a candidate fits: -1 no match, else the number of exact argument matches plus
 * a bonus for arguments cast to their category's preferred type. */
static int fit(const function_definition *f, const uint32_t *types, int count)
{
    if (f->arg_count != FUNCTION_VARIADIC && f->arg_count != count)
        return -1;
    if (f->arg_count == FUNCTION_VARIADIC && count == 0)
        return -1;
    int score = 0;
    for (int i = 0; i < count; i++) {
        uint32_t declared = f->arg_count == FUNCTION_VARIADIC ? f->arg_types[0] : f->arg_types[i];
        if (declared == FUNCTION_ANY_TYPE || declared == types[i]) {
            score += 4;
            continue;
        }
        if (types[i] == TYPE_UNKNOWN) {
            score += declared == TYPE_TEXT ? 2 : 0;
            continue;
        }
        if (!cast_exists(types[i], declared, CAST_IMPLICIT))
            return -1;
        if (declared == TYPE_FLOAT8 || declared == TYPE_TEXT)
            score += 1;
    }
    return score;
}

const function_definition *functions_resolve(const char *name, const uint32_t *arg_types,
                                             int arg_count, bool *ambiguous)
{
    const function_definition *best = NULL;
    int best_score = -1;
    *ambiguous = false;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        if (strcmp(functions[i].name, name) != 0)
            continue;
        int score = fit(&functions[i], arg_types, arg_count);
        if (score < 0)
            continue;
        if (score > best_score) {
            best = &functions[i];
            best_score = score;
            *ambiguous = false;
        } else if (score == best_score) {
            *ambiguous = true;
        }
    }
    return *ambiguous ? NULL : best;
}
