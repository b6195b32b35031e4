#include "server/guc.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query/arena.h"
#include "query/datetime.h"
#include "query/encoding.h"

typedef enum guc_type {
    GUC_STRING,
    GUC_BOOL,
    GUC_INT,
    GUC_TIME_MS, /* integer milliseconds, accepts units */
    GUC_MEMORY_KB, /* integer kilobytes, accepts kB/MB/GB/TB */
    GUC_ENUM,
    GUC_LIST,
    GUC_CUSTOM, /* normalised by a function */
} guc_type;

typedef struct guc_definition guc_definition;
/* current is the setting's value before this change (DateStyle keeps what is not given). */
typedef bool (*guc_normalizer)(const guc_definition *d, const char *in, const char *current,
                               char *out, size_t cap, guc_error *error);

struct guc_definition {
    const char *name;
    guc_type type;
    const char *boot_value;
    bool read_only;
    bool reported;
    const char *description;
    int min, max;
    const char *const *enum_values;
    guc_normalizer normalize;
};

/* Values QuillDB accepts but does not act on yet would mislead: those are refused with
 * 0A000 by the normalisers below rather than stored. */
static const char *const message_levels[] = {"debug5", "debug4", "debug3", "debug2", "debug1",
                                             "log",    "notice", "warning", "error",  NULL};
static const char *const isolation_levels[] = {"serializable", "repeatable read",
                                               "read committed", "read uncommitted", NULL};
static const char *const bytea_outputs[] = {"escape", "hex", NULL};
static const char *const interval_styles[] = {"postgres", "postgres_verbose", "sql_standard",
                                              "iso_8601", NULL};

static bool fail(guc_error *e, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(guc_error *e, const char *sqlstate, const char *fmt, ...)
{
    memcpy(e->sqlstate, sqlstate, 6);
    e->hint[0] = '\0';
    e->detail[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return false;
}

static bool invalid_value(const guc_definition *d, const char *in, guc_error *e)
{
    return fail(e, "22023", "invalid value for parameter \"%s\": \"%s\"", d->name, in);
}

static bool copy_out(const char *value, char *out, size_t cap, guc_error *e)
{
    size_t n = strlen(value);
    if (n >= cap)
        return fail(e, "22023", "value too long");
    memcpy(out, value, n + 1);
    return true;
}

static bool normalize_client_encoding(const guc_definition *d, const char *in, const char *current,
                                      char *out, size_t cap, guc_error *e)
{
    (void)current;
    switch (encoding_from_name(in)) {
    case ENCODING_UTF8:
        return copy_out("UTF8", out, cap, e);
    case ENCODING_SQL_ASCII:
        /* SQL_ASCII means "no conversion": bytes pass through, as PostgreSQL does. */
        return copy_out("SQL_ASCII", out, cap, e);
    case ENCODING_OTHER:
        return fail(e, "0A000", "conversion between %s and UTF8 is not supported", in);
    case ENCODING_UNKNOWN:
        break;
    }
    return invalid_value(d, in, e);
}

static bool normalize_date_style(const guc_definition *d, const char *in, const char *current,
                                 char *out, size_t cap, guc_error *e)
{
    /* Only the parts given change: SET DateStyle = 'ISO' keeps the field order. */
    const char *order = current != NULL && strstr(current, "DMY") != NULL   ? "DMY"
                        : current != NULL && strstr(current, "YMD") != NULL ? "YMD"
                                                                            : "MDY";
    char buffer[256];
    if (strlen(in) >= sizeof buffer)
        return invalid_value(d, in, e);
    memcpy(buffer, in, strlen(in) + 1);
    char *save = NULL;
    for (char *token = strtok_r(buffer, ", \t", &save); token != NULL;
         token = strtok_r(NULL, ", \t", &save)) {
        if (strcasecmp(token, "ISO") == 0 || strcasecmp(token, "DEFAULT") == 0)
            continue;
        if (strcasecmp(token, "SQL") == 0 || strcasecmp(token, "POSTGRES") == 0 ||
            strcasecmp(token, "GERMAN") == 0)
            return fail(e, "0A000", "feature not supported: DateStyle output \"%s\" (only ISO)",
                        token);
        if (strcasecmp(token, "DMY") == 0 || strcasecmp(token, "EURO") == 0 ||
            strcasecmp(token, "EUROPEAN") == 0)
            order = "DMY";
        else if (strcasecmp(token, "MDY") == 0 || strcasecmp(token, "US") == 0 ||
                 strcasecmp(token, "NONEURO") == 0 || strcasecmp(token, "NONEUROPEAN") == 0)
            order = "MDY";
        else if (strcasecmp(token, "YMD") == 0)
            order = "YMD";
        else {
            invalid_value(d, in, e);
            snprintf(e->detail, sizeof e->detail, "Unrecognized key word: \"%.200s\".", token);
            return false;
        }
    }
    char result[32];
    snprintf(result, sizeof result, "ISO, %s", order);
    return copy_out(result, out, cap, e);
}

static bool normalize_time_zone(const guc_definition *d, const char *in, const char *current, char *out, size_t cap,
                                guc_error *e)
{
    (void)current;
    if (strcasecmp(in, "UTC") == 0 || strcasecmp(in, "GMT") == 0 || strcasecmp(in, "Z") == 0 ||
        strcasecmp(in, "Etc/UTC") == 0) {
        char upper[8];
        size_t n = strlen(in);
        for (size_t i = 0; i <= n; i++)
            upper[i] = (char)(i < n && in[i] != '/' && i > 3 ? in[i] : toupper((unsigned char)in[i]));
        return copy_out(strcasecmp(in, "Etc/UTC") == 0 ? "Etc/UTC" : strcasecmp(in, "Z") == 0 ? "UTC" : upper,
                        out, cap, e);
    }
    /* An IANA zone (under the tz database, never outside it) or a POSIX TZ string, as
     * the datetime module will read it; SHOW prints the zone's own spelling. */
    arena *scratch = arena_create(1024);
    if (scratch == NULL)
        return fail(e, "53200", "out of memory");
    char *canonical = NULL;
    bool known = datetime_zone_check(scratch, in, &canonical) == DATETIME_OK;
    bool copied = known && copy_out(canonical, out, cap, e);
    arena_destroy(scratch);
    if (known)
        return copied;
    return invalid_value(d, in, e);
}

static bool normalize_isolation(const guc_definition *d, const char *in, const char *current, char *out, size_t cap,
                                guc_error *e)
{
    (void)current;
    for (int i = 0; isolation_levels[i] != NULL; i++) {
        if (strcasecmp(in, isolation_levels[i]) != 0)
            continue;
        /* Never silently weaker: a snapshot for the whole transaction is not there yet. */
        if (i <= 1)
            return fail(e, "0A000",
                        i == 0 ? "feature not supported: SERIALIZABLE isolation (QuillDB "
                                 "offers READ COMMITTED)"
                               : "feature not supported: REPEATABLE READ isolation (QuillDB "
                                 "offers READ COMMITTED)");
        /* READ UNCOMMITTED behaves as READ COMMITTED in PostgreSQL too. */
        return copy_out(isolation_levels[i], out, cap, e);
    }
    fail(e, "22023", "invalid value for parameter \"%s\": \"%s\"", d->name, in);
    snprintf(e->hint, sizeof e->hint,
             "Available values: serializable, repeatable read, read committed, read uncommitted.");
    return false;
}

static bool parse_bool(const char *in, bool *out)
{
    static const struct {
        const char *word;
        size_t min_prefix;
        bool value;
    } words[] = {{"on", 2, true},    {"off", 2, false}, {"true", 1, true}, {"false", 1, false},
                 {"yes", 1, true},   {"no", 1, false},  {"1", 1, true},    {"0", 1, false}};
    size_t n = strlen(in);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (n >= words[i].min_prefix && n <= strlen(words[i].word) &&
            strncasecmp(in, words[i].word, n) == 0) {
            *out = words[i].value;
            return true;
        }
    }
    return false;
}

/* Refuses "off" for settings whose other value QuillDB's parser or executor assumes. */
static bool normalize_only_on(const guc_definition *d, const char *in, const char *current, char *out, size_t cap,
                              guc_error *e)
{
    (void)current;
    bool b;
    if (!parse_bool(in, &b))
        return fail(e, "22023", "parameter \"%s\" requires a Boolean value", d->name);
    if (!b)
        return fail(e, "0A000", "feature not supported: %s = off", d->name);
    return copy_out("on", out, cap, e);
}

static bool normalize_only_off(const guc_definition *d, const char *in, const char *current, char *out, size_t cap,
                               guc_error *e)
{
    (void)current;
    bool b;
    if (!parse_bool(in, &b))
        return fail(e, "22023", "parameter \"%s\" requires a Boolean value", d->name);
    if (b)
        return fail(e, "0A000", "feature not supported: %s = on", d->name);
    return copy_out("off", out, cap, e);
}

/* Passwords become SCRAM-SHA-256 verifiers, the only kind QuillDB authenticates. */
static bool normalize_password_encryption(const guc_definition *d, const char *in,
                                          const char *current, char *out, size_t cap,
                                          guc_error *e)
{
    (void)current;
    if (strcasecmp(in, "scram-sha-256") == 0)
        return copy_out("scram-sha-256", out, cap, e);
    if (strcasecmp(in, "md5") == 0)
        return fail(e, "0A000", "feature not supported: %s = md5", d->name);
    invalid_value(d, in, e);
    snprintf(e->hint, sizeof e->hint, "Available values: md5, scram-sha-256.");
    return false;
}

static bool normalize_interval_style(const guc_definition *d, const char *in, const char *current,
                                     char *out, size_t cap, guc_error *e)
{
    (void)current;
    for (int i = 0; interval_styles[i] != NULL; i++) {
        if (strcasecmp(in, interval_styles[i]) == 0) {
            if (i != 0)
                return fail(e, "0A000", "feature not supported: IntervalStyle %s",
                            interval_styles[i]);
            return copy_out(interval_styles[i], out, cap, e);
        }
    }
    fail(e, "22023", "invalid value for parameter \"%s\": \"%s\"", d->name, in);
    snprintf(e->hint, sizeof e->hint,
             "Available values: postgres, postgres_verbose, sql_standard, iso_8601.");
    return false;
}

/* Sorted by lower-case name: SHOW ALL lists them in this order. */
static const guc_definition definitions[] = {
    {"application_name", GUC_STRING, "", false, true,
     "Sets the application name to be reported in statistics and logs.", 0, 0, NULL, NULL},
    {"bytea_output", GUC_ENUM, "hex", false, false, "Sets the output format for bytea.", 0, 0,
     bytea_outputs, NULL},
    {"client_encoding", GUC_CUSTOM, "UTF8", false, true,
     "Sets the client's character set encoding.", 0, 0, NULL, normalize_client_encoding},
    {"client_min_messages", GUC_ENUM, "notice", false, false,
     "Sets the message levels that are sent to the client.", 0, 0, message_levels, NULL},
    {"DateStyle", GUC_CUSTOM, "ISO, MDY", false, true,
     "Sets the display format for date and time values.", 0, 0, NULL, normalize_date_style},
    {"deadlock_timeout", GUC_TIME_MS, "1s", false, false,
     "Sets the time to wait on a lock before checking for deadlock.", 1, INT_MAX, NULL, NULL},
    {"default_transaction_isolation", GUC_CUSTOM, "read committed", false, false,
     "Sets the transaction isolation level of each new transaction.", 0, 0, NULL,
     normalize_isolation},
    {"default_transaction_read_only", GUC_CUSTOM, "off", false, true,
     "Sets the default read-only status of new transactions.", 0, 0, NULL, normalize_only_off},
    {"extra_float_digits", GUC_INT, "1", false, false,
     "Sets the number of digits displayed for floating-point values.", -15, 3, NULL, NULL},
    {"in_hot_standby", GUC_STRING, "off", true, true,
     "Shows whether hot standby is currently active.", 0, 0, NULL, NULL},
    {"integer_datetimes", GUC_STRING, "on", true, true,
     "Shows whether datetimes are integer based.", 0, 0, NULL, NULL},
    {"IntervalStyle", GUC_CUSTOM, "postgres", false, true,
     "Sets the display format for interval values.", 0, 0, NULL, normalize_interval_style},
    {"is_superuser", GUC_STRING, "off", true, true,
     "Shows whether the current user is a superuser.", 0, 0, NULL, NULL},
    {"lc_collate", GUC_STRING, "C", true, false,
     "Shows the collation order locale.", 0, 0, NULL, NULL},
    {"lc_ctype", GUC_STRING, "C", true, false,
     "Shows the character classification and case conversion locale.", 0, 0, NULL, NULL},
    {"lock_timeout", GUC_TIME_MS, "0", false, false,
     "Sets the maximum allowed duration of any wait for a lock.", 0, INT_MAX, NULL, NULL},
    {"max_identifier_length", GUC_STRING, "63", true, false,
     "Shows the maximum identifier length.", 0, 0, NULL, NULL},
    {"password_encryption", GUC_CUSTOM, "scram-sha-256", false, false,
     "Chooses the algorithm for encrypting passwords.", 0, 0, NULL,
     normalize_password_encryption},
    /* Read-only to guc_set: SET ROLE is checked by the session, then guc_set_checked. */
    {"role", GUC_STRING, "none", true, false, "Sets the current role.", 0, 0, NULL, NULL},
    {"search_path", GUC_LIST, "\"$user\", public", false, false,
     "Sets the schema search order for names that are not schema-qualified.", 0, 0, NULL, NULL},
    {"server_encoding", GUC_STRING, "UTF8", true, true,
     "Shows the server (database) character set encoding.", 0, 0, NULL, NULL},
    {"server_version", GUC_STRING, "15.0", true, true, "Shows the server version.", 0, 0, NULL,
     NULL},
    {"server_version_num", GUC_STRING, "150000", true, false,
     "Shows the server version as an integer.", 0, 0, NULL, NULL},
    {"session_authorization", GUC_STRING, "", true, true,
     "Sets the session user name.", 0, 0, NULL, NULL},
    {"standard_conforming_strings", GUC_CUSTOM, "on", false, true,
     "Causes '...' strings to treat backslashes literally.", 0, 0, NULL, normalize_only_on},
    {"statement_timeout", GUC_TIME_MS, "0", false, false,
     "Sets the maximum allowed duration of any statement.", 0, INT_MAX, NULL, NULL},
    {"TimeZone", GUC_CUSTOM, "UTC", false, true,
     "Sets the time zone for displaying and interpreting time stamps.", 0, 0, NULL,
     normalize_time_zone},
    {"transaction_isolation", GUC_CUSTOM, "read committed", false, false,
     "Sets the current transaction's isolation level.", 0, 0, NULL, normalize_isolation},
    {"transaction_read_only", GUC_CUSTOM, "off", false, false,
     "Sets the current transaction's read-only status.", 0, 0, NULL, normalize_only_off},
    /* Larger than PostgreSQL's 4MB: QuillDB fails (53200) where PostgreSQL would spill. */
    {"work_mem", GUC_MEMORY_KB, "64MB", false, false,
     "Sets the maximum memory to be used for query workspaces.", 64, INT_MAX, NULL, NULL},
};

#define DEFINITION_COUNT (sizeof definitions / sizeof definitions[0])
#define VALUE_MAX 1024

typedef struct guc_value {
    char *current;  /* NULL: the reset value */
    char *reset;    /* NULL: the boot value */
    char *local;    /* SET LOCAL value, until the transaction ends */
    char *saved;    /* value of `current` when the transaction first changed it */
    bool has_saved;
    char *reported; /* last value sent in ParameterStatus */
} guc_value;

typedef struct custom_setting {
    char *name;
    guc_value value;
} custom_setting;

struct guc_state {
    guc_value values[DEFINITION_COUNT];
    custom_setting *custom;
    size_t custom_count;
    bool in_transaction;
    char session_user[64];
    bool is_superuser;
};

static int find_definition(const char *name)
{
    for (size_t i = 0; i < DEFINITION_COUNT; i++) {
        if (strcasecmp(definitions[i].name, name) == 0)
            return (int)i;
    }
    /* PostgreSQL's aliases of a few settings. */
    if (strcasecmp(name, "timezone") == 0)
        return find_definition("TimeZone");
    return -1;
}

guc_state *guc_create(const char *session_user, bool is_superuser)
{
    guc_state *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    snprintf(g->session_user, sizeof g->session_user, "%s", session_user);
    g->is_superuser = is_superuser;
    return g;
}

static void value_free(guc_value *v)
{
    free(v->current);
    free(v->reset);
    free(v->local);
    free(v->saved);
    free(v->reported);
}

void guc_destroy(guc_state *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < DEFINITION_COUNT; i++)
        value_free(&g->values[i]);
    for (size_t i = 0; i < g->custom_count; i++) {
        free(g->custom[i].name);
        value_free(&g->custom[i].value);
    }
    free(g->custom);
    free(g);
}

static const char *boot_value(const guc_state *g, int index)
{
    const char *name = definitions[index].name;
    if (strcmp(name, "session_authorization") == 0)
        return g->session_user;
    if (strcmp(name, "is_superuser") == 0)
        return g->is_superuser ? "on" : "off";
    return definitions[index].boot_value;
}

static const char *effective(const guc_value *v, const char *boot)
{
    if (v->local != NULL)
        return v->local;
    if (v->current != NULL)
        return v->current;
    if (v->reset != NULL)
        return v->reset;
    return boot;
}

static bool format_memory_kb(long long kb, char *out, size_t cap)
{
    static const struct {
        const char *unit;
        long long kb;
    } units[] = {{"TB", 1LL << 30}, {"GB", 1LL << 20}, {"MB", 1LL << 10}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (kb % units[i].kb == 0)
            return snprintf(out, cap, "%lld%s", kb / units[i].kb, units[i].unit) > 0;
    }
    return snprintf(out, cap, "%lldkB", kb) > 0;
}

static bool format_time_ms(long long ms, char *out, size_t cap)
{
    static const struct {
        const char *unit;
        long long ms;
    } units[] = {{"d", 86400000LL}, {"h", 3600000LL}, {"min", 60000LL}, {"s", 1000LL}};
    if (ms == 0)
        return snprintf(out, cap, "0") > 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (ms % units[i].ms == 0)
            return snprintf(out, cap, "%lld%s", ms / units[i].ms, units[i].unit) > 0;
    }
    return snprintf(out, cap, "%lldms", ms) > 0;
}

static bool normalize(const guc_definition *d, const char *in, const char *current, char *out,
                      size_t cap, guc_error *e)
{
    switch (d->type) {
    case GUC_STRING:
    case GUC_LIST:
        return copy_out(in, out, cap, e);
    case GUC_BOOL: {
        bool b;
        if (!parse_bool(in, &b))
            return fail(e, "22023", "parameter \"%s\" requires a Boolean value", d->name);
        return copy_out(b ? "on" : "off", out, cap, e);
    }
    case GUC_INT:
    case GUC_MEMORY_KB:
    case GUC_TIME_MS: {
        errno = 0;
        char *end;
        double v = strtod(in, &end);
        if (end == in || errno != 0)
            return invalid_value(d, in, e);
        while (*end == ' ')
            end++;
        double scale = 1;
        if (d->type == GUC_MEMORY_KB && *end != '\0') {
            static const struct {
                const char *unit;
                double kb;
            } units[] = {{"kB", 1}, {"MB", 1024}, {"GB", 1048576}, {"TB", 1073741824.0}};
            size_t i = 0;
            while (i < sizeof units / sizeof units[0] && strcmp(end, units[i].unit) != 0)
                i++;
            if (i == sizeof units / sizeof units[0]) {
                invalid_value(d, in, e);
                snprintf(e->hint, sizeof e->hint,
                         "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
                return false;
            }
            scale = units[i].kb;
        } else if (d->type == GUC_TIME_MS && *end != '\0') {
            static const struct {
                const char *unit;
                double ms;
            } units[] = {{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"min", 60000},
                         {"h", 3600000}, {"d", 86400000}};
            size_t i = 0;
            while (i < sizeof units / sizeof units[0] && strcmp(end, units[i].unit) != 0)
                i++;
            if (i == sizeof units / sizeof units[0]) {
                invalid_value(d, in, e);
                snprintf(e->hint, sizeof e->hint,
                         "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", "
                         "\"h\", and \"d\".");
                return false;
            }
            scale = units[i].ms;
        } else if (*end != '\0') {
            return invalid_value(d, in, e);
        }
        double rounded = v * scale;
        rounded = rounded < 0 ? -(double)(long long)(-rounded + 0.5) : (double)(long long)(rounded + 0.5);
        if (d->type == GUC_INT && v != rounded)
            return invalid_value(d, in, e);
        if (rounded < d->min || rounded > d->max)
            return fail(e, "22023", "%lld%s is outside the valid range for parameter \"%s\" (%d .. %d)",
                        (long long)rounded,
                        d->type == GUC_TIME_MS ? " ms" : d->type == GUC_MEMORY_KB ? " kB" : "",
                        d->name, d->min, d->max);
        if (d->type == GUC_TIME_MS)
            return format_time_ms((long long)rounded, out, cap) || fail(e, "22023", "value too long");
        if (d->type == GUC_MEMORY_KB)
            return format_memory_kb((long long)rounded, out, cap) || fail(e, "22023", "value too long");
        snprintf(out, cap, "%lld", (long long)rounded);
        return true;
    }
    case GUC_ENUM:
        for (int i = 0; d->enum_values[i] != NULL; i++) {
            if (strcasecmp(in, d->enum_values[i]) == 0)
                return copy_out(d->enum_values[i], out, cap, e);
        }
        invalid_value(d, in, e);
        {
            size_t used = (size_t)snprintf(e->hint, sizeof e->hint, "Available values: ");
            for (int i = 0; d->enum_values[i] != NULL && used < sizeof e->hint; i++)
                used += (size_t)snprintf(e->hint + used, sizeof e->hint - used, "%s%s",
                                         d->enum_values[i], d->enum_values[i + 1] ? ", " : ".");
        }
        return false;
    case GUC_CUSTOM:
        return d->normalize(d, in, current, out, cap, e);
    }
    return invalid_value(d, in, e);
}

static bool replace(char **slot, const char *value)
{
    char *copy = NULL;
    if (value != NULL && (copy = strdup(value)) == NULL)
        return false;
    free(*slot);
    *slot = copy;
    return true;
}

/* Remembers the pre-transaction value the first time a transaction changes a setting. */
static bool save_for_rollback(guc_state *g, guc_value *v)
{
    if (!g->in_transaction || v->has_saved)
        return true;
    if (v->current != NULL && (v->saved = strdup(v->current)) == NULL)
        return false;
    v->has_saved = true;
    return true;
}

static bool assign(guc_state *g, guc_value *v, const char *value, guc_scope scope, guc_error *e)
{
    bool ok = true;
    switch (scope) {
    case GUC_SCOPE_STARTUP:
        ok = replace(&v->reset, value) && replace(&v->current, NULL);
        break;
    case GUC_SCOPE_LOCAL:
        ok = replace(&v->local, value);
        break;
    case GUC_SCOPE_SESSION:
        ok = save_for_rollback(g, v) && replace(&v->current, value) && replace(&v->local, NULL);
        break;
    }
    return ok || fail(e, "53200", "out of memory");
}

static bool valid_custom_name(const char *name)
{
    const char *dot = strchr(name, '.');
    if (dot == NULL || dot == name || dot[1] == '\0' || strlen(name) > 63)
        return false;
    for (const char *p = name; *p != '\0'; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '$')
            return false;
    }
    return true;
}

static custom_setting *find_custom(const guc_state *g, const char *name)
{
    for (size_t i = 0; i < g->custom_count; i++) {
        if (strcasecmp(g->custom[i].name, name) == 0)
            return &g->custom[i];
    }
    return NULL;
}

static bool set_value(guc_state *g, int index, const char *value, guc_scope scope, guc_error *e)
{
    const guc_definition *d = &definitions[index];
    if (value == NULL)
        return assign(g, &g->values[index], NULL, scope, e);
    char normalized[VALUE_MAX];
    if (!normalize(d, value, effective(&g->values[index], boot_value(g, index)), normalized,
                   sizeof normalized, e))
        return false;
    return assign(g, &g->values[index], normalized, scope, e);
}

bool guc_set(guc_state *g, const char *name, const char *value, guc_scope scope, guc_error *e)
{
    if (scope == GUC_SCOPE_LOCAL && !g->in_transaction)
        return true; /* PostgreSQL warns and ignores; the caller sends the warning */
    int index = find_definition(name);
    if (index < 0) {
        if (!valid_custom_name(name))
            return fail(e, "42704", "unrecognized configuration parameter \"%s\"", name);
        custom_setting *c = find_custom(g, name);
        if (c == NULL) {
            custom_setting *grown = realloc(g->custom, (g->custom_count + 1) * sizeof *grown);
            if (grown == NULL)
                return fail(e, "53200", "out of memory");
            g->custom = grown;
            c = &g->custom[g->custom_count];
            memset(c, 0, sizeof *c);
            if ((c->name = strdup(name)) == NULL)
                return fail(e, "53200", "out of memory");
            for (char *p = c->name; *p != '\0'; p++)
                *p = (char)tolower((unsigned char)*p);
            g->custom_count++;
        }
        return assign(g, &c->value, value != NULL ? value : "", scope, e);
    }
    const guc_definition *d = &definitions[index];
    if (d->read_only)
        return fail(e, "55P02", "parameter \"%s\" cannot be changed", d->name);
    return set_value(g, index, value, scope, e);
}

bool guc_set_checked(guc_state *g, const char *name, const char *value, guc_scope scope,
                     guc_error *e)
{
    if (scope == GUC_SCOPE_LOCAL && !g->in_transaction)
        return true;
    int index = find_definition(name);
    if (index < 0)
        return fail(e, "42704", "unrecognized configuration parameter \"%s\"", name);
    return set_value(g, index, value, scope, e);
}

void guc_set_superuser(guc_state *g, bool is_superuser)
{
    g->is_superuser = is_superuser;
}

bool guc_reset_all(guc_state *g)
{
    for (size_t i = 0; i < DEFINITION_COUNT; i++) {
        if (definitions[i].read_only)
            continue;
        guc_value *v = &g->values[i];
        if (!save_for_rollback(g, v))
            return false;
        free(v->current);
        v->current = NULL;
        free(v->local);
        v->local = NULL;
    }
    for (size_t i = 0; i < g->custom_count; i++) {
        guc_value *v = &g->custom[i].value;
        if (!save_for_rollback(g, v))
            return false;
        free(v->local);
        v->local = NULL;
        free(v->current);
        v->current = NULL;
    }
    return true;
}

const char *guc_show(const guc_state *g, const char *name, const char **canonical_name,
                     guc_error *e)
{
    int index = find_definition(name);
    if (index < 0) {
        const custom_setting *c = find_custom(g, name);
        if (c == NULL) {
            fail(e, "42704", "unrecognized configuration parameter \"%s\"", name);
            return NULL;
        }
        *canonical_name = c->name;
        return effective(&c->value, "");
    }
    *canonical_name = definitions[index].name;
    /* Outside an explicit SET, the transaction's isolation is the session default. */
    if (strcmp(definitions[index].name, "transaction_isolation") == 0 &&
        effective(&g->values[index], NULL) == NULL)
        return guc_show(g, "default_transaction_isolation", &(const char *){NULL}, e);
    return effective(&g->values[index], boot_value(g, index));
}

int guc_get_int(const guc_state *g, const char *name)
{
    const char *canonical;
    guc_error ignored;
    const char *v = guc_show(g, name, &canonical, &ignored);
    return v != NULL ? atoi(v) : 0;
}

/* A setting's canonical text ("5s", "64MB") in its base unit. */
static int64_t in_base_unit(const guc_state *g, const char *name, const char *const *units,
                            const int64_t *factors, size_t unit_count)
{
    const char *canonical;
    guc_error ignored;
    const char *v = guc_show(g, name, &canonical, &ignored);
    if (v == NULL)
        return 0;
    char *unit;
    long long n = strtoll(v, &unit, 10);
    for (size_t i = 0; i < unit_count; i++) {
        if (strcmp(unit, units[i]) == 0)
            return n * factors[i];
    }
    return n;
}

int64_t guc_get_kilobytes(const guc_state *g, const char *name)
{
    static const char *const units[] = {"kB", "MB", "GB", "TB"};
    static const int64_t factors[] = {1, 1LL << 10, 1LL << 20, 1LL << 30};
    return in_base_unit(g, name, units, factors, 4);
}

int64_t guc_get_milliseconds(const guc_state *g, const char *name)
{
    static const char *const units[] = {"ms", "s", "min", "h", "d"};
    static const int64_t factors[] = {1, 1000, 60000, 3600000, 86400000};
    return in_base_unit(g, name, units, factors, 5);
}

/* PostgreSQL's GUC_NO_SHOW_ALL: SHOW ALL leaves role out. */
static bool hidden_from_show_all(int index)
{
    return strcmp(definitions[index].name, "role") == 0;
}

size_t guc_count(const guc_state *g)
{
    (void)g;
    size_t count = 0;
    for (size_t i = 0; i < DEFINITION_COUNT; i++)
        count += !hidden_from_show_all((int)i);
    return count;
}

bool guc_at(const guc_state *g, size_t index, const char **name, const char **value,
            const char **description)
{
    size_t i = 0;
    for (size_t shown = 0; i < DEFINITION_COUNT; i++) {
        if (hidden_from_show_all((int)i))
            continue;
        if (shown++ == index)
            break;
    }
    if (i >= DEFINITION_COUNT)
        return false;
    guc_error ignored;
    *name = definitions[i].name;
    *value = guc_show(g, definitions[i].name, name, &ignored);
    *description = definitions[i].description;
    return true;
}

void guc_transaction_begin(guc_state *g)
{
    g->in_transaction = true;
}

static void end_transaction(guc_value *v, bool commit)
{
    if (v->has_saved && !commit) {
        free(v->current);
        v->current = v->saved;
        v->saved = NULL;
    }
    free(v->saved);
    v->saved = NULL;
    v->has_saved = false;
    free(v->local);
    v->local = NULL;
}

static void end_all(guc_state *g, bool commit)
{
    for (size_t i = 0; i < DEFINITION_COUNT; i++)
        end_transaction(&g->values[i], commit);
    for (size_t i = 0; i < g->custom_count; i++)
        end_transaction(&g->custom[i].value, commit);
    g->in_transaction = false;
}

void guc_transaction_commit(guc_state *g)
{
    end_all(g, true);
}

void guc_transaction_rollback(guc_state *g)
{
    end_all(g, false);
}

void guc_report_changes(guc_state *g, void (*report)(void *arg, const char *name,
                                                     const char *value),
                        void *arg)
{
    for (size_t i = 0; i < DEFINITION_COUNT; i++) {
        if (!definitions[i].reported)
            continue;
        guc_value *v = &g->values[i];
        const char *now = effective(v, boot_value(g, (int)i));
        if (v->reported != NULL && strcmp(v->reported, now) == 0)
            continue;
        /* If the copy fails we report again next time, which is harmless. */
        char *copy = strdup(now);
        free(v->reported);
        v->reported = copy;
        report(arg, definitions[i].name, now);
    }
}

bool guc_is_list(const char *name)
{
    int index = find_definition(name);
    return index >= 0 && (definitions[index].type == GUC_LIST ||
                          strcmp(definitions[index].name, "DateStyle") == 0);
}

bool guc_list_quotes_items(const char *name)
{
    int index = find_definition(name);
    return index >= 0 && definitions[index].type == GUC_LIST;
}
