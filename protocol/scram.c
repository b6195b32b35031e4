/*
 * scram: see scram.h. Message grammar from RFC 5802 section 7; the choices RFC 5802 leaves
 * open (what is accepted, what is a protocol error) follow PostgreSQL 15's
 * src/backend/libpq/auth-scram.c, which is what libpq and the other drivers are tested
 * against.
 */
#include "protocol/scram.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

/* Longest client message accepted. libpq's are about 120 bytes; the margin is for drivers
 * that send the user name or a longer nonce. Nothing legitimate comes close. */
#define SCRAM_MESSAGE_MAX 4096
/* Longest server nonce a caller may fix. */
#define SERVER_NONCE_MAX 128

#define VERIFIER_PREFIX SCRAM_MECHANISM "$"

/* Characters of the base64 text of n bytes, without the NUL. */
#define B64_LEN(n) (4 * (((n) + 2) / 3))

_Static_assert(B64_LEN(SCRAM_NONCE_LEN) <= SERVER_NONCE_MAX, "server nonce buffer too small");

typedef enum exchange_state {
    EXPECT_CLIENT_FIRST,
    EXPECT_CLIENT_FINAL,
    FINISHED, /* succeeded, failed or broke the protocol: every further call is an error */
} exchange_state;

struct scram_exchange {
    exchange_state state;
    bool doomed; /* unknown user: the proof is checked (same work) but can never pass */
    scram_verifier verifier;
    char server_nonce[SERVER_NONCE_MAX + 1];
    char cbind_flag;   /* 'n' or 'y'; the client-final "c=" must echo "<flag>,," */
    char *nonce;       /* client nonce followed by server nonce, not NUL-terminated */
    size_t nonce_len;
    char *auth_prefix; /* client-first-bare "," server-first "," : the start of AuthMessage */
    size_t auth_prefix_len;
    const char *error; /* why the last call did not succeed; static text */
};

/* ---- base64 (RFC 4648, strict: no whitespace, padding required) ---- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Writes B64_LEN(len) characters and a NUL. */
static void b64_encode(const uint8_t *in, size_t len, char *out)
{
    size_t i = 0;
    for (; len - i >= 3; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = b64_alphabet[v >> 18 & 63];
        *out++ = b64_alphabet[v >> 12 & 63];
        *out++ = b64_alphabet[v >> 6 & 63];
        *out++ = b64_alphabet[v & 63];
    }
    if (len - i > 0) {
        bool two = len - i == 2;
        uint32_t v = (uint32_t)in[i] << 16 | (two ? (uint32_t)in[i + 1] << 8 : 0);
        *out++ = b64_alphabet[v >> 18 & 63];
        *out++ = b64_alphabet[v >> 12 & 63];
        *out++ = two ? b64_alphabet[v >> 6 & 63] : '=';
        *out++ = '=';
    }
    *out = '\0';
}

static int b64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes in[0..len) into at most cap bytes. Rejects a bad character, misplaced padding, a
 * length that is not a multiple of 4, empty input and output longer than cap. */
static bool b64_decode_max(const char *in, size_t len, uint8_t *out, size_t cap,
                           size_t *out_len)
{
    if (len == 0 || len % 4 != 0)
        return false;
    size_t pad = 0;
    if (in[len - 1] == '=')
        pad = in[len - 2] == '=' ? 2 : 1;
    size_t n = len / 4 * 3 - pad;
    if (n > cap)
        return false;

    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        uint32_t v = 0;
        for (size_t j = i; j < i + 4; j++) {
            int d = j >= len - pad ? 0 : b64_digit(in[j]);
            if (d < 0)
                return false; /* includes a '=' that is not trailing padding */
            v = v << 6 | (uint32_t)d;
        }
        const uint8_t bytes[3] = {(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
        for (size_t k = 0; k < 3 && o < n; k++)
            out[o++] = bytes[k];
    }
    *out_len = n;
    return true;
}

/* Every field but the salt has a known size: anything else is malformed. */
static bool b64_decode_exact(const char *in, size_t len, uint8_t *out, size_t want)
{
    size_t n;
    return b64_decode_max(in, len, out, want, &n) && n == want;
}

/* ---- OpenSSL wrappers: every call checked, the digest length included ---- */

static bool hmac_sha256(const uint8_t *key, size_t key_len, const void *data, size_t data_len,
                        uint8_t out[SCRAM_KEY_LEN])
{
    unsigned int out_len = 0;
    if (key_len > INT_MAX)
        return false;
    return HMAC(EVP_sha256(), key, (int)key_len, data, data_len, out, &out_len) != NULL &&
           out_len == SCRAM_KEY_LEN;
}

static bool sha256(const uint8_t *data, size_t len, uint8_t out[SCRAM_KEY_LEN])
{
    unsigned int out_len = 0;
    return EVP_Digest(data, len, out, &out_len, EVP_sha256(), NULL) == 1 &&
           out_len == SCRAM_KEY_LEN;
}

/* ---- verifiers ---- */

bool scram_verifier_from_salt(const char *password, const uint8_t *salt, size_t salt_len,
                              int iterations, scram_verifier *out)
{
    if (password == NULL || salt == NULL || salt_len == 0 || salt_len > sizeof out->salt ||
        iterations < 1)
        return false;
    size_t password_len = strlen(password);
    if (password_len > INT_MAX)
        return false;

    /*
     * PostgreSQL normalises the password with SASLprep (RFC 4013) before hashing. For a
     * pure-ASCII password SASLprep is the identity, so those verifiers are identical to
     * PostgreSQL's. SASLprep is not implemented here: a non-ASCII password is hashed as
     * its raw bytes. PostgreSQL and libpq fall back to the raw bytes too when SASLprep
     * rejects the password (invalid UTF-8, prohibited characters), but a valid UTF-8
     * password that SASLprep changes (NFKC, non-ASCII spaces, soft hyphens, ...) is hashed
     * normalised by libpq and will not match a verifier made here.
     */
    scram_verifier v = {.iterations = iterations, .salt_len = salt_len};
    memcpy(v.salt, salt, salt_len);
    uint8_t salted_password[SCRAM_KEY_LEN];
    uint8_t client_key[SCRAM_KEY_LEN];
    bool ok = PKCS5_PBKDF2_HMAC(password, (int)password_len, salt, (int)salt_len, iterations,
                                EVP_sha256(), SCRAM_KEY_LEN, salted_password) == 1 &&
              hmac_sha256(salted_password, sizeof salted_password, "Client Key", 10,
                          client_key) &&
              sha256(client_key, sizeof client_key, v.stored_key) &&
              hmac_sha256(salted_password, sizeof salted_password, "Server Key", 10,
                          v.server_key);
    if (ok)
        *out = v;
    /* SaltedPassword and ClientKey each log in as the user: do not leave them on the stack. */
    OPENSSL_cleanse(salted_password, sizeof salted_password);
    OPENSSL_cleanse(client_key, sizeof client_key);
    OPENSSL_cleanse(&v, sizeof v);
    return ok;
}

bool scram_verifier_create(const char *password, int iterations, scram_verifier *out)
{
    uint8_t salt[SCRAM_SALT_LEN];
    if (RAND_bytes(salt, sizeof salt) != 1)
        return false;
    return scram_verifier_from_salt(password, salt, sizeof salt, iterations, out);
}

static bool verifier_is_valid(const scram_verifier *v)
{
    return v->iterations >= 1 && v->salt_len >= 1 && v->salt_len <= sizeof v->salt;
}

bool scram_verifier_format(const scram_verifier *v, char *out, size_t out_cap)
{
    if (!verifier_is_valid(v))
        return false;
    char salt[B64_LEN(sizeof v->salt) + 1];
    char stored_key[B64_LEN(SCRAM_KEY_LEN) + 1];
    char server_key[B64_LEN(SCRAM_KEY_LEN) + 1];
    b64_encode(v->salt, v->salt_len, salt);
    b64_encode(v->stored_key, SCRAM_KEY_LEN, stored_key);
    b64_encode(v->server_key, SCRAM_KEY_LEN, server_key);
    int n = snprintf(out, out_cap, VERIFIER_PREFIX "%d:%s$%s:%s", v->iterations, salt,
                     stored_key, server_key);
    return n >= 0 && (size_t)n < out_cap;
}

/* Decimal digits only (no sign, no spaces), 1..INT_MAX. */
static bool parse_iterations(const char *s, const char *end, int *out)
{
    if (s == end)
        return false;
    long long value = 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return false;
        value = value * 10 + (*s - '0');
        if (value > INT_MAX)
            return false;
    }
    if (value < 1)
        return false;
    *out = (int)value;
    return true;
}

bool scram_verifier_parse(const char *text, scram_verifier *out)
{
    const size_t prefix_len = strlen(VERIFIER_PREFIX);
    if (text == NULL || strncmp(text, VERIFIER_PREFIX, prefix_len) != 0)
        return false;
    /* "<iterations>:<salt>$<StoredKey>:<ServerKey>"; ':' and '$' are not base64, so the
     * first of each separates the fields unambiguously. */
    const char *iterations = text + prefix_len;
    const char *salt_sep = strchr(iterations, ':');
    if (salt_sep == NULL)
        return false;
    const char *salt = salt_sep + 1;
    const char *keys_sep = strchr(salt, '$');
    if (keys_sep == NULL)
        return false;
    const char *stored_key = keys_sep + 1;
    const char *server_sep = strchr(stored_key, ':');
    if (server_sep == NULL)
        return false;
    const char *server_key = server_sep + 1;

    scram_verifier v = {0};
    bool ok = parse_iterations(iterations, salt_sep, &v.iterations) &&
              b64_decode_max(salt, (size_t)(keys_sep - salt), v.salt, sizeof v.salt,
                             &v.salt_len) &&
              b64_decode_exact(stored_key, (size_t)(server_sep - stored_key), v.stored_key,
                               SCRAM_KEY_LEN) &&
              b64_decode_exact(server_key, strlen(server_key), v.server_key, SCRAM_KEY_LEN);
    if (ok)
        *out = v;
    OPENSSL_cleanse(&v, sizeof v);
    return ok;
}

bool scram_verifier_mock(const uint8_t *secret, size_t secret_len, const char *user,
                         scram_verifier *out)
{
    if (secret == NULL || secret_len == 0 || user == NULL)
        return false;
    scram_verifier v = {.iterations = SCRAM_ITERATIONS, .salt_len = SCRAM_SALT_LEN};
    /* The salt must not change between attempts (else asking twice tells an unknown user
     * from a real one) and must not be computable from the user name alone, hence keyed
     * by the server's secret. */
    uint8_t digest[SCRAM_KEY_LEN];
    if (!hmac_sha256(secret, secret_len, user, strlen(user), digest))
        return false;
    memcpy(v.salt, digest, SCRAM_SALT_LEN);
    /* Random keys: nobody knows a ClientKey whose SHA-256 is this StoredKey, so no proof
     * matches. The exchange also fails a mock outright (doomed), whatever the keys. */
    if (RAND_bytes(v.stored_key, SCRAM_KEY_LEN) != 1 ||
        RAND_bytes(v.server_key, SCRAM_KEY_LEN) != 1)
        return false;
    *out = v;
    return true;
}

/* ---- the exchange ---- */

/* RFC 5802 "printable": visible ASCII except ','. The nonces are made of it. */
static bool is_printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x21 || s[i] > 0x7e || s[i] == ',')
            return false;
    }
    return true;
}

scram_exchange *scram_exchange_begin(const scram_verifier *verifier, const uint8_t *mock_secret,
                                     size_t mock_secret_len, const char *user,
                                     const char *server_nonce)
{
    scram_exchange *x = calloc(1, sizeof *x);
    if (x == NULL)
        return NULL;
    x->state = EXPECT_CLIENT_FIRST;

    if (verifier != NULL) {
        if (!verifier_is_valid(verifier))
            goto fail;
        x->verifier = *verifier;
    } else {
        x->doomed = true;
        if (!scram_verifier_mock(mock_secret, mock_secret_len, user, &x->verifier))
            goto fail;
    }

    if (server_nonce != NULL) {
        size_t len = strlen(server_nonce);
        if (len == 0 || len > SERVER_NONCE_MAX || !is_printable(server_nonce, len))
            goto fail;
        memcpy(x->server_nonce, server_nonce, len + 1);
    } else {
        /* base64 is all printable and has no ',', so it is a valid nonce as is. */
        uint8_t raw[SCRAM_NONCE_LEN];
        if (RAND_bytes(raw, sizeof raw) != 1)
            goto fail;
        b64_encode(raw, sizeof raw, x->server_nonce);
    }
    return x;

fail:
    scram_exchange_free(x);
    return NULL;
}

void scram_exchange_free(scram_exchange *x)
{
    if (x == NULL)
        return;
    free(x->nonce);
    free(x->auth_prefix);
    /* The verifier's ServerKey lets its holder pose as this server to the user. */
    OPENSSL_cleanse(x, sizeof *x);
    free(x);
}

const char *scram_exchange_error(const scram_exchange *x)
{
    return x->error != NULL ? x->error : "";
}

/* Ends the exchange: after a protocol error the client cannot carry on. */
static scram_result protocol_error(scram_exchange *x, const char *why)
{
    x->state = FINISHED;
    x->error = why;
    return SCRAM_PROTOCOL_ERROR;
}

/*
 * Ends the exchange as failed. Also used when OpenSSL or malloc fails: the header has no
 * separate result for internal errors, and failing closed as a failed login is safe; the
 * reason is kept for the server log.
 */
static scram_result failure(scram_exchange *x, const char *why)
{
    x->state = FINISHED;
    x->error = why;
    return SCRAM_FAILURE;
}

/* Checks shared by both client messages; NULL if fine. */
static const char *check_message(const char *msg, size_t len)
{
    if (len == 0)
        return "malformed SCRAM message: empty message";
    if (len > SCRAM_MESSAGE_MAX)
        return "malformed SCRAM message: message too long";
    if (memchr(msg, '\0', len) != NULL)
        return "malformed SCRAM message: NUL byte in message";
    return NULL;
}

/* A read position in a client message, which is not NUL-terminated. */
typedef struct cursor {
    const char *p;
    const char *end;
} cursor;

static bool take_char(cursor *c, char ch)
{
    if (c->p == c->end || *c->p != ch)
        return false;
    c->p++;
    return true;
}

/* Consumes "<name>=<value>"; the value runs to the next ',' (not consumed) or the end. */
static bool take_attr(cursor *c, char name, const char **value, size_t *value_len)
{
    if (c->end - c->p < 2 || c->p[0] != name || c->p[1] != '=')
        return false;
    const char *start = c->p + 2;
    const char *comma = memchr(start, ',', (size_t)(c->end - start));
    c->p = comma != NULL ? comma : c->end;
    *value = start;
    *value_len = (size_t)(c->p - start);
    return true;
}

/* Consumes an optional extension "<letter>=<value>", which RFC 5802 says to ignore. */
static bool skip_extension(cursor *c)
{
    if (c->p == c->end)
        return false;
    char name = *c->p;
    if (!((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z')))
        return false;
    const char *value;
    size_t value_len;
    return take_attr(c, name, &value, &value_len);
}

scram_result scram_exchange_client_first(scram_exchange *x, const char *msg, size_t len,
                                         char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (x->state != EXPECT_CLIENT_FIRST)
        return protocol_error(x, "SCRAM client-first-message out of order");
    const char *why = check_message(msg, len);
    if (why != NULL)
        return protocol_error(x, why);

    /* gs2-header: channel-binding flag "," [authzid] "," */
    cursor c = {msg, msg + len};
    char flag = *c.p++;
    if (flag == 'p')
        return protocol_error(x, "SCRAM channel binding requested, but only " SCRAM_MECHANISM
                                 " (without -PLUS) is offered");
    if (flag != 'n' && flag != 'y')
        return protocol_error(x, "malformed SCRAM message: invalid channel-binding flag");
    if (!take_char(&c, ','))
        return protocol_error(x, "malformed SCRAM message: expected ',' after the "
                                 "channel-binding flag");
    if (c.p < c.end && *c.p == 'a')
        return protocol_error(x, "SCRAM authorization identity is not supported");
    if (!take_char(&c, ','))
        return protocol_error(x, "malformed SCRAM message: invalid GS2 header");
    x->cbind_flag = flag;

    /* client-first-message-bare: "n=" user "," "r=" nonce ["," extensions]. The user name
     * is ignored, as in PostgreSQL: the user is the one of the startup packet (libpq sends
     * an empty one). */
    const char *bare = c.p;
    if (c.p < c.end && *c.p == 'm')
        return protocol_error(x, "SCRAM client requires an unsupported mandatory extension");
    const char *user, *client_nonce;
    size_t user_len, client_nonce_len;
    if (!take_attr(&c, 'n', &user, &user_len))
        return protocol_error(x, "malformed SCRAM message: expected user name attribute "
                                 "\"n\"");
    if (!take_char(&c, ',') || !take_attr(&c, 'r', &client_nonce, &client_nonce_len))
        return protocol_error(x, "malformed SCRAM message: expected nonce attribute \"r\"");
    if (client_nonce_len == 0 || !is_printable(client_nonce, client_nonce_len))
        return protocol_error(x, "malformed SCRAM message: invalid client nonce");
    while (c.p < c.end) {
        if (!take_char(&c, ',') || !skip_extension(&c))
            return protocol_error(x, "malformed SCRAM message: invalid attribute after the "
                                     "nonce");
    }

    /* Both lengths are bounded by SCRAM_MESSAGE_MAX and SERVER_NONCE_MAX: no overflow. */
    size_t server_nonce_len = strlen(x->server_nonce);
    x->nonce_len = client_nonce_len + server_nonce_len;
    x->nonce = malloc(x->nonce_len);
    if (x->nonce == NULL)
        return failure(x, "out of memory");
    memcpy(x->nonce, client_nonce, client_nonce_len);
    memcpy(x->nonce + client_nonce_len, x->server_nonce, server_nonce_len);

    /* server-first-message: "r=" nonce ",s=" salt ",i=" iterations */
    char salt[B64_LEN(sizeof x->verifier.salt) + 1];
    b64_encode(x->verifier.salt, x->verifier.salt_len, salt);
    size_t first_cap = strlen("r=,s=,i=") + x->nonce_len + strlen(salt) + 10 /* INT_MAX */ + 1;
    char *first = malloc(first_cap);
    if (first == NULL)
        return failure(x, "out of memory");
    int n = snprintf(first, first_cap, "r=%.*s,s=%s,i=%d", (int)x->nonce_len, x->nonce, salt,
                     x->verifier.iterations);
    if (n < 0 || (size_t)n >= first_cap) {
        free(first);
        return failure(x, "could not format the SCRAM server-first-message");
    }
    size_t first_len = (size_t)n;

    /* AuthMessage = client-first-bare "," server-first "," client-final-without-proof;
     * keep the first two parts now, the last one comes with the client-final-message. */
    size_t bare_len = (size_t)(c.end - bare);
    x->auth_prefix_len = bare_len + 1 + first_len + 1;
    x->auth_prefix = malloc(x->auth_prefix_len);
    if (x->auth_prefix == NULL) {
        free(first);
        return failure(x, "out of memory");
    }
    memcpy(x->auth_prefix, bare, bare_len);
    x->auth_prefix[bare_len] = ',';
    memcpy(x->auth_prefix + bare_len + 1, first, first_len);
    x->auth_prefix[x->auth_prefix_len - 1] = ',';

    x->state = EXPECT_CLIENT_FINAL;
    *out = first;
    *out_len = first_len;
    return SCRAM_CONTINUE;
}

/*
 * ClientKey = proof XOR HMAC(StoredKey, AuthMessage); the proof is good when
 * SHA-256(ClientKey) == StoredKey. false only if OpenSSL fails.
 */
static bool proof_matches(const scram_verifier *v, const char *auth_message, size_t len,
                          const uint8_t proof[SCRAM_KEY_LEN], bool *match)
{
    uint8_t client_signature[SCRAM_KEY_LEN];
    uint8_t client_key[SCRAM_KEY_LEN];
    uint8_t stored_key[SCRAM_KEY_LEN];
    bool ok = hmac_sha256(v->stored_key, SCRAM_KEY_LEN, auth_message, len, client_signature);
    if (ok) {
        for (size_t i = 0; i < SCRAM_KEY_LEN; i++)
            client_key[i] = proof[i] ^ client_signature[i];
        ok = sha256(client_key, sizeof client_key, stored_key);
    }
    /* Constant time: a timing difference would say how much of the key was right. */
    *match = ok && CRYPTO_memcmp(stored_key, v->stored_key, SCRAM_KEY_LEN) == 0;
    OPENSSL_cleanse(client_key, sizeof client_key);
    return ok;
}

scram_result scram_exchange_client_final(scram_exchange *x, const char *msg, size_t len,
                                         char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (x->state != EXPECT_CLIENT_FINAL)
        return protocol_error(x, "SCRAM client-final-message out of order");
    const char *why = check_message(msg, len);
    if (why != NULL)
        return protocol_error(x, why);

    /* "c=" base64(gs2-header) ",r=" nonce ["," extensions] ",p=" base64(proof) */
    cursor c = {msg, msg + len};
    const char *value;
    size_t value_len;
    if (!take_attr(&c, 'c', &value, &value_len))
        return protocol_error(x, "malformed SCRAM message: expected channel-binding "
                                 "attribute \"c\"");
    /* Without channel binding "c=" carries only the GS2 header, which must be the one of
     * the client-first-message (this catches a flag changed by a man in the middle). */
    const uint8_t gs2_header[3] = {(uint8_t)x->cbind_flag, ',', ','};
    uint8_t cbind[sizeof gs2_header];
    if (!b64_decode_exact(value, value_len, cbind, sizeof cbind) ||
        memcmp(cbind, gs2_header, sizeof gs2_header) != 0)
        return protocol_error(x, "SCRAM channel-binding attribute does not match the "
                                 "client-first-message");
    if (!take_char(&c, ',') || !take_attr(&c, 'r', &value, &value_len))
        return protocol_error(x, "malformed SCRAM message: expected nonce attribute \"r\"");
    if (value_len != x->nonce_len || memcmp(value, x->nonce, value_len) != 0)
        return protocol_error(x, "SCRAM nonce does not match");

    /* Extensions may come before the proof; the proof comes last. */
    const char *proof_sep;
    for (;;) {
        proof_sep = c.p;
        if (!take_char(&c, ','))
            return protocol_error(x, "malformed SCRAM message: expected proof attribute "
                                     "\"p\"");
        if (take_attr(&c, 'p', &value, &value_len))
            break;
        if (!skip_extension(&c))
            return protocol_error(x, "malformed SCRAM message: invalid attribute before "
                                     "the proof");
    }
    if (c.p != c.end)
        return protocol_error(x, "malformed SCRAM message: data after the proof");
    uint8_t proof[SCRAM_KEY_LEN];
    if (!b64_decode_exact(value, value_len, proof, sizeof proof))
        return protocol_error(x, "malformed SCRAM message: invalid proof");

    size_t without_proof_len = (size_t)(proof_sep - msg);
    size_t auth_len = x->auth_prefix_len + without_proof_len;
    char *auth_message = malloc(auth_len);
    if (auth_message == NULL)
        return failure(x, "out of memory");
    memcpy(auth_message, x->auth_prefix, x->auth_prefix_len);
    memcpy(auth_message + x->auth_prefix_len, msg, without_proof_len);

    /* A mock is checked like a real verifier so that an unknown user costs the same time. */
    bool match;
    uint8_t server_signature[SCRAM_KEY_LEN] = {0};
    bool ok = proof_matches(&x->verifier, auth_message, auth_len, proof, &match) &&
              (!match || hmac_sha256(x->verifier.server_key, SCRAM_KEY_LEN, auth_message,
                                     auth_len, server_signature));
    free(auth_message);
    if (!ok)
        return failure(x, "OpenSSL failure while checking the SCRAM proof");
    if (x->doomed)
        return failure(x, "no SCRAM verifier for this user (mock exchange)");
    if (!match)
        return failure(x, "SCRAM proof does not match the password");

    /* server-final-message: "v=" base64(ServerSignature) */
    size_t final_len = 2 + B64_LEN(SCRAM_KEY_LEN);
    char *final = malloc(final_len + 1);
    if (final == NULL)
        return failure(x, "out of memory");
    final[0] = 'v';
    final[1] = '=';
    b64_encode(server_signature, sizeof server_signature, final + 2);
    x->state = FINISHED;
    x->error = NULL;
    *out = final;
    *out_len = final_len;
    return SCRAM_SUCCESS;
}
