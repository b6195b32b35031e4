/*
 * Unit tests for protocol/scram: known vectors (RFC 7677, a verifier made by PostgreSQL 15),
 * full exchanges against an independent client written here with OpenSSL, and every way a
 * client message can be malformed or out of order.
 *
 * Client messages are always handed over in a malloc'd buffer of exactly their length, with
 * no NUL after them, as they arrive off the wire: AddressSanitizer then catches any read
 * past the end.
 */
#include "protocol/scram.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

/* RFC 7677 section 3. */
#define RFC_PASSWORD "pencil"
#define RFC_CLIENT_NONCE "rOprNGfwEbeRWgbNEkqO"
#define RFC_SERVER_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define RFC_SALT "W22ZaJ0SNY7soEsUEjb6gQ=="
#define RFC_CLIENT_FIRST "n,,n=user,r=" RFC_CLIENT_NONCE
#define RFC_SERVER_FIRST "r=" RFC_CLIENT_NONCE RFC_SERVER_NONCE ",s=" RFC_SALT ",i=4096"
#define RFC_FINAL_NO_PROOF "c=biws,r=" RFC_CLIENT_NONCE RFC_SERVER_NONCE
#define RFC_PROOF "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define RFC_SERVER_FINAL "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/* From PostgreSQL 15: CREATE ROLE t LOGIN PASSWORD 'secret'; SELECT rolpassword ... */
#define PG_PASSWORD "secret"
#define PG_VERIFIER                                                                    \
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$s4CBEMRAqLCOMGD/+PyAX1WU2q43CkLD7rqVqjDK1m8=" \
    ":7X3f4BvRyDltfKzD0cvAhdIl23f6Tsu7BAxO6LagdLM="

static const uint8_t mock_secret[] = "a server secret for mock salts";

typedef scram_result (*scram_step)(scram_exchange *, const char *, size_t, char **, size_t *);

/* Runs one step on a copy of msg[0..len) that has nothing after it (see the top). */
static scram_result step_exact(scram_step step, scram_exchange *x, const char *msg,
                               size_t len, char **out, size_t *out_len)
{
    char *copy = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, msg, len);
    scram_result r = step(x, copy, len, out, out_len);
    free(copy);
    return r;
}

static scram_result send_first(scram_exchange *x, const char *msg, char **out, size_t *out_len)
{
    return step_exact(scram_exchange_client_first, x, msg, strlen(msg), out, out_len);
}

static scram_result send_final(scram_exchange *x, const char *msg, char **out, size_t *out_len)
{
    return step_exact(scram_exchange_client_final, x, msg, strlen(msg), out, out_len);
}

/* ---- an independent client side, with OpenSSL's own base64 ---- */

static size_t b64_decode(const char *in, uint8_t *out)
{
    size_t len = strlen(in);
    int n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len);
    ck_assert_int_ge(n, 0);
    /* EVP_DecodeBlock counts the padding as zero bytes. */
    while (len > 0 && in[len - 1] == '=') {
        len--;
        n--;
    }
    return (size_t)n;
}

static void b64_encode(const uint8_t *in, size_t len, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

static void hmac(const uint8_t *key, const char *data, size_t len, uint8_t out[32])
{
    unsigned int n = 0;
    ck_assert_ptr_nonnull(HMAC(EVP_sha256(), key, 32, (const unsigned char *)data, len, out, &n));
    ck_assert_uint_eq(n, 32);
}

/* Copies the value of attribute "<name>=" of a server-first-message into out. */
static void server_attr(const char *server_first, char name, char *out, size_t cap)
{
    const char *p = server_first;
    while (!(p[0] == name && p[1] == '=')) {
        p = strchr(p, ',');
        ck_assert_ptr_nonnull(p);
        p++;
    }
    p += 2;
    size_t len = strcspn(p, ",");
    ck_assert_uint_lt(len, cap);
    memcpy(out, p, len);
    out[len] = '\0';
}

/*
 * The client's computation (RFC 5802 section 3): from the password and the first two
 * messages, the client-final-message (with channel-binding value cbind, base64 of the GS2
 * header) and the server-final-message the server must answer.
 */
static void client_compute(const char *password, const char *client_first_bare,
                           const char *server_first, const char *cbind, char *final,
                           size_t final_cap, char *server_final, size_t server_final_cap)
{
    char nonce[256], salt_b64[128], iterations[16];
    server_attr(server_first, 'r', nonce, sizeof nonce);
    server_attr(server_first, 's', salt_b64, sizeof salt_b64);
    server_attr(server_first, 'i', iterations, sizeof iterations);
    uint8_t salt[96];
    size_t salt_len = b64_decode(salt_b64, salt);

    uint8_t salted[32], client_key[32], stored_key[32], server_key[32];
    ck_assert_int_eq(PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len,
                                       atoi(iterations), EVP_sha256(), 32, salted),
                     1);
    hmac(salted, "Client Key", 10, client_key);
    hmac(salted, "Server Key", 10, server_key);
    unsigned int n = 0;
    ck_assert_int_eq(EVP_Digest(client_key, 32, stored_key, &n, EVP_sha256(), NULL), 1);

    char without_proof[512], auth_message[1024];
    ck_assert_int_lt(snprintf(without_proof, sizeof without_proof, "c=%s,r=%s", cbind, nonce),
                     (int)sizeof without_proof);
    ck_assert_int_lt(snprintf(auth_message, sizeof auth_message, "%s,%s,%s", client_first_bare,
                              server_first, without_proof),
                     (int)sizeof auth_message);

    uint8_t signature[32], proof[32];
    hmac(stored_key, auth_message, strlen(auth_message), signature);
    for (int i = 0; i < 32; i++)
        proof[i] = client_key[i] ^ signature[i];
    char proof_b64[64];
    b64_encode(proof, 32, proof_b64);
    ck_assert_int_lt(snprintf(final, final_cap, "%s,p=%s", without_proof, proof_b64),
                     (int)final_cap);

    uint8_t server_signature[32];
    hmac(server_key, auth_message, strlen(auth_message), server_signature);
    char server_signature_b64[64];
    b64_encode(server_signature, 32, server_signature_b64);
    ck_assert_int_lt(snprintf(server_final, server_final_cap, "v=%s", server_signature_b64),
                     (int)server_final_cap);
}

/*
 * A whole login as libpq does it (empty user name, random nonce, flag "n"). On success
 * also checks the server's signature, i.e. that the server knows the verifier.
 */
static scram_result login(const scram_verifier *v, const char *user, const char *password)
{
    scram_exchange *x = scram_exchange_begin(v, mock_secret, sizeof mock_secret, user, NULL);
    ck_assert_ptr_nonnull(x);

    uint8_t raw[18];
    char client_nonce[32], first[64];
    ck_assert_int_eq(RAND_bytes(raw, sizeof raw), 1);
    b64_encode(raw, sizeof raw, client_nonce);
    snprintf(first, sizeof first, "n,,n=,r=%s", client_nonce);
    char *server_first;
    size_t server_first_len;
    ck_assert_int_eq(send_first(x, first, &server_first, &server_first_len), SCRAM_CONTINUE);
    ck_assert_uint_eq(server_first_len, strlen(server_first));

    char final[512], expected_server_final[128];
    client_compute(password, first + 3, server_first, "biws", final, sizeof final,
                   expected_server_final, sizeof expected_server_final);
    char *server_final;
    size_t server_final_len;
    scram_result r = send_final(x, final, &server_final, &server_final_len);
    if (r == SCRAM_SUCCESS) {
        ck_assert_str_eq(server_final, expected_server_final);
        ck_assert_uint_eq(server_final_len, strlen(expected_server_final));
        free(server_final);
    } else {
        ck_assert_ptr_null(server_final);
        ck_assert_str_ne(scram_exchange_error(x), "");
    }
    free(server_first);
    scram_exchange_free(x);
    return r;
}

static scram_verifier rfc_verifier(void)
{
    uint8_t salt[32];
    size_t salt_len = b64_decode(RFC_SALT, salt);
    scram_verifier v;
    ck_assert(scram_verifier_from_salt(RFC_PASSWORD, salt, salt_len, 4096, &v));
    return v;
}

/* An exchange for the RFC verifier that has already answered RFC_CLIENT_FIRST. */
static scram_exchange *rfc_exchange_after_first(void)
{
    scram_verifier v = rfc_verifier();
    scram_exchange *x = scram_exchange_begin(&v, NULL, 0, "user", RFC_SERVER_NONCE);
    ck_assert_ptr_nonnull(x);
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_first(x, RFC_CLIENT_FIRST, &out, &out_len), SCRAM_CONTINUE);
    free(out);
    return x;
}

/* ---- known vectors ---- */

START_TEST(rfc7677_vector)
{
    scram_verifier v = rfc_verifier();
    scram_exchange *x = scram_exchange_begin(&v, NULL, 0, "user", RFC_SERVER_NONCE);
    ck_assert_ptr_nonnull(x);

    char *out;
    size_t out_len;
    ck_assert_int_eq(send_first(x, RFC_CLIENT_FIRST, &out, &out_len), SCRAM_CONTINUE);
    ck_assert_str_eq(out, RFC_SERVER_FIRST);
    ck_assert_uint_eq(out_len, strlen(RFC_SERVER_FIRST));
    free(out);

    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_SUCCESS);
    ck_assert_str_eq(out, RFC_SERVER_FINAL);
    ck_assert_uint_eq(out_len, strlen(RFC_SERVER_FINAL));
    free(out);
    scram_exchange_free(x);
}
END_TEST

START_TEST(rfc7677_vector_through_test_client)
{
    /* Cross-checks the test client itself against the RFC, so that the other tests that
     * rely on it are meaningful. */
    char final[512], server_final[128];
    client_compute(RFC_PASSWORD, "n=user,r=" RFC_CLIENT_NONCE, RFC_SERVER_FIRST, "biws", final,
                   sizeof final, server_final, sizeof server_final);
    ck_assert_str_eq(final, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF);
    ck_assert_str_eq(server_final, RFC_SERVER_FINAL);
}
END_TEST

START_TEST(wrong_proof_fails)
{
    scram_exchange *x = rfc_exchange_after_first();
    char *out;
    size_t out_len;
    /* The RFC proof with its first character changed: well-formed, wrong. */
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                                &out, &out_len),
                     SCRAM_FAILURE);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_str_ne(scram_exchange_error(x), "");
    scram_exchange_free(x);
}
END_TEST

START_TEST(wrong_password_fails)
{
    scram_verifier v;
    ck_assert(scram_verifier_create("right password", SCRAM_ITERATIONS, &v));
    ck_assert_int_eq(login(&v, "", "right password"), SCRAM_SUCCESS);
    ck_assert_int_eq(login(&v, "", "wrong password"), SCRAM_FAILURE);
    ck_assert_int_eq(login(&v, "", ""), SCRAM_FAILURE);
}
END_TEST

START_TEST(postgresql_verifier_authenticates)
{
    scram_verifier v;
    ck_assert(scram_verifier_parse(PG_VERIFIER, &v));
    ck_assert_int_eq(v.iterations, 4096);
    ck_assert_uint_eq(v.salt_len, 16);
    ck_assert_int_eq(login(&v, "", PG_PASSWORD), SCRAM_SUCCESS);
    ck_assert_int_eq(login(&v, "", "Secret"), SCRAM_FAILURE);

    /* Our derivation from the same salt gives PostgreSQL's verifier byte for byte. */
    scram_verifier ours;
    ck_assert(scram_verifier_from_salt(PG_PASSWORD, v.salt, v.salt_len, 4096, &ours));
    char text[SCRAM_VERIFIER_MAX];
    ck_assert(scram_verifier_format(&ours, text, sizeof text));
    ck_assert_str_eq(text, PG_VERIFIER);
}
END_TEST

/* ---- verifiers ---- */

static void assert_verifiers_equal(const scram_verifier *a, const scram_verifier *b)
{
    ck_assert_int_eq(a->iterations, b->iterations);
    ck_assert_uint_eq(a->salt_len, b->salt_len);
    ck_assert_mem_eq(a->salt, b->salt, a->salt_len);
    ck_assert_mem_eq(a->stored_key, b->stored_key, SCRAM_KEY_LEN);
    ck_assert_mem_eq(a->server_key, b->server_key, SCRAM_KEY_LEN);
}

START_TEST(verifier_round_trip)
{
    scram_verifier v, parsed;
    ck_assert(scram_verifier_create("secret", SCRAM_ITERATIONS, &v));
    ck_assert_int_eq(v.iterations, SCRAM_ITERATIONS);
    ck_assert_uint_eq(v.salt_len, SCRAM_SALT_LEN);

    char text[SCRAM_VERIFIER_MAX], again[SCRAM_VERIFIER_MAX];
    ck_assert(scram_verifier_format(&v, text, sizeof text));
    ck_assert_msg(strncmp(text, "SCRAM-SHA-256$4096:", 19) == 0, "bad prefix: %s", text);
    ck_assert(scram_verifier_parse(text, &parsed));
    assert_verifiers_equal(&v, &parsed);
    ck_assert(scram_verifier_format(&parsed, again, sizeof again));
    ck_assert_str_eq(text, again);

    /* Fresh salt each time. */
    scram_verifier other;
    ck_assert(scram_verifier_create("secret", SCRAM_ITERATIONS, &other));
    ck_assert_mem_ne(v.salt, other.salt, SCRAM_SALT_LEN);

    /* Non-ASCII passwords are hashed as their bytes and still authenticate. */
    ck_assert(scram_verifier_create("p\xc3\xa4ss", SCRAM_ITERATIONS, &v));
    ck_assert_int_eq(login(&v, "", "p\xc3\xa4ss"), SCRAM_SUCCESS);
}
END_TEST

START_TEST(verifier_round_trip_largest_salt)
{
    uint8_t salt[64];
    memset(salt, 0xa5, sizeof salt);
    scram_verifier v, parsed;
    ck_assert(scram_verifier_from_salt("x", salt, sizeof salt, 1, &v));
    char text[SCRAM_VERIFIER_MAX];
    ck_assert(scram_verifier_format(&v, text, sizeof text));
    ck_assert(scram_verifier_parse(text, &parsed));
    assert_verifiers_equal(&v, &parsed);
}
END_TEST

START_TEST(verifier_format_needs_room)
{
    scram_verifier v;
    ck_assert(scram_verifier_parse(PG_VERIFIER, &v));
    char text[SCRAM_VERIFIER_MAX];
    size_t need = strlen(PG_VERIFIER) + 1;
    ck_assert(scram_verifier_format(&v, text, need));
    ck_assert_str_eq(text, PG_VERIFIER);
    ck_assert(!scram_verifier_format(&v, text, need - 1));
    ck_assert(!scram_verifier_format(&v, text, 0));
}
END_TEST

START_TEST(verifier_bad_arguments)
{
    scram_verifier v;
    uint8_t salt[65] = {0};
    ck_assert(!scram_verifier_from_salt("x", salt, 0, 4096, &v));
    ck_assert(!scram_verifier_from_salt("x", salt, 65, 4096, &v));
    ck_assert(!scram_verifier_from_salt("x", salt, 16, 0, &v));
    ck_assert(!scram_verifier_from_salt(NULL, salt, 16, 4096, &v));
    ck_assert(!scram_verifier_create("x", -1, &v));
}
END_TEST

#define K32 "s4CBEMRAqLCOMGD/+PyAX1WU2q43CkLD7rqVqjDK1m8="
static const char *const bad_verifiers[] = {
    "",
    "SCRAM-SHA-256",
    "SCRAM-SHA-256$",
    "md5e8a48653851e28c69d0506508fb27fc5",
    "SCRAM-SHA-1$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "scram-sha-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$0:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$-1:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$+4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$ 4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$40x96:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$2147483648:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$99999999999999999999:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$4096$C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$4096:$" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA=$" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA$" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rh=c+3qkwKmKQqnh+aMA==$" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aM*==$" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==" K32 ":" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":",
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$:" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32 ":",
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32 "AAAA",
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":" K32 " ",
    /* 31- and 33-byte keys */
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==:" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:" K32,
    "SCRAM-SHA-256$4096:C3rhcc+3qkwKmKQqnh+aMA==$" K32 ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
    /* salt longer than 64 bytes */
    "SCRAM-SHA-256$4096:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$" K32 ":" K32,
};

START_TEST(verifier_parse_rejects)
{
    const char *text = bad_verifiers[_i];
    scram_verifier v = {.iterations = 77};
    ck_assert_msg(!scram_verifier_parse(text, &v), "accepted: %s", text);
    ck_assert_int_eq(v.iterations, 77); /* untouched on failure */
}
END_TEST

/* ---- unknown users ---- */

static void first_salt(const scram_verifier *v, const uint8_t *secret, size_t secret_len,
                       const char *user, char *salt, size_t cap)
{
    scram_exchange *x = scram_exchange_begin(v, secret, secret_len, user, NULL);
    ck_assert_ptr_nonnull(x);
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_first(x, "n,,n=,r=abcdef", &out, &out_len), SCRAM_CONTINUE);
    ck_assert_msg(strncmp(out, "r=abcdef", 8) == 0, "bad server-first: %s", out);
    server_attr(out, 's', salt, cap);
    char iterations[16];
    server_attr(out, 'i', iterations, sizeof iterations);
    ck_assert_str_eq(iterations, "4096");
    free(out);
    scram_exchange_free(x);
}

START_TEST(unknown_user_fails_at_proof)
{
    ck_assert_int_eq(login(NULL, "nobody", "secret"), SCRAM_FAILURE);
    ck_assert_int_eq(login(NULL, "nobody", ""), SCRAM_FAILURE);
}
END_TEST

START_TEST(unknown_user_salt_is_stable)
{
    char a[128], b[128], c[128], d[128], real[128];
    first_salt(NULL, mock_secret, sizeof mock_secret, "nobody", a, sizeof a);
    first_salt(NULL, mock_secret, sizeof mock_secret, "nobody", b, sizeof b);
    ck_assert_str_eq(a, b);
    first_salt(NULL, mock_secret, sizeof mock_secret, "somebody", c, sizeof c);
    ck_assert_str_ne(a, c);
    first_salt(NULL, (const uint8_t *)"other", 5, "nobody", d, sizeof d);
    ck_assert_str_ne(a, d);

    /* Looks like a real user's salt. */
    scram_verifier v;
    ck_assert(scram_verifier_create("secret", SCRAM_ITERATIONS, &v));
    first_salt(&v, NULL, 0, NULL, real, sizeof real);
    ck_assert_uint_eq(strlen(a), strlen(real));

    scram_verifier m1, m2;
    ck_assert(scram_verifier_mock(mock_secret, sizeof mock_secret, "nobody", &m1));
    ck_assert(scram_verifier_mock(mock_secret, sizeof mock_secret, "nobody", &m2));
    ck_assert_uint_eq(m1.salt_len, SCRAM_SALT_LEN);
    ck_assert_mem_eq(m1.salt, m2.salt, SCRAM_SALT_LEN);
    ck_assert_int_eq(m1.iterations, SCRAM_ITERATIONS);
}
END_TEST

START_TEST(begin_rejects_bad_arguments)
{
    scram_verifier v = rfc_verifier();
    ck_assert_ptr_null(scram_exchange_begin(NULL, NULL, 0, "nobody", NULL));
    ck_assert_ptr_null(scram_exchange_begin(NULL, mock_secret, 0, "nobody", NULL));
    ck_assert_ptr_null(scram_exchange_begin(NULL, mock_secret, sizeof mock_secret, NULL, NULL));
    ck_assert_ptr_null(scram_exchange_begin(&v, NULL, 0, NULL, ""));
    ck_assert_ptr_null(scram_exchange_begin(&v, NULL, 0, NULL, "a,b"));
    ck_assert_ptr_null(scram_exchange_begin(&v, NULL, 0, NULL, "a b"));
    scram_verifier broken = v;
    broken.iterations = 0;
    ck_assert_ptr_null(scram_exchange_begin(&broken, NULL, 0, NULL, NULL));
    broken = v;
    broken.salt_len = 65;
    ck_assert_ptr_null(scram_exchange_begin(&broken, NULL, 0, NULL, NULL));
    scram_exchange_free(NULL);
}
END_TEST

/* ---- accepted variants ---- */

START_TEST(client_first_variants_accepted)
{
    static const char *const ok[] = {
        "n,,n=,r=abc",
        "y,,n=,r=abc",
        "n,,n=user,r=abc",
        "n,,n=us=2Cer,r=abc",
        "n,,n=,r=abc,x=extension",
        "n,,n=,r=abc,x=,y=2",
        "n,,n=,r=!\"#$%&'()*+-./:;<=>?@[\\]^_`{|}~",
    };
    scram_verifier v = rfc_verifier();
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        scram_exchange *x = scram_exchange_begin(&v, NULL, 0, NULL, "S");
        ck_assert_ptr_nonnull(x);
        char *out;
        size_t out_len;
        ck_assert_msg(send_first(x, ok[i], &out, &out_len) == SCRAM_CONTINUE, "%s: %s", ok[i],
                      scram_exchange_error(x));
        free(out);
        scram_exchange_free(x);
    }
}
END_TEST

START_TEST(flag_y_round_trip)
{
    /* "y": the client could do channel binding but believes the server cannot. */
    scram_verifier v;
    ck_assert(scram_verifier_create("pw", SCRAM_ITERATIONS, &v));
    scram_exchange *x = scram_exchange_begin(&v, NULL, 0, NULL, NULL);
    ck_assert_ptr_nonnull(x);
    char *server_first, *server_final;
    size_t len;
    ck_assert_int_eq(send_first(x, "y,,n=,r=clientnonce", &server_first, &len), SCRAM_CONTINUE);
    char final[512], expected[128];
    client_compute("pw", "n=,r=clientnonce", server_first, "eSws", final, sizeof final, expected,
                   sizeof expected);
    ck_assert_int_eq(send_final(x, final, &server_final, &len), SCRAM_SUCCESS);
    ck_assert_str_eq(server_final, expected);
    free(server_first);
    free(server_final);
    scram_exchange_free(x);
}
END_TEST

START_TEST(client_final_extension_accepted)
{
    /* Well-formed with an extension before the proof: reaches the proof check. */
    scram_exchange *x = rfc_exchange_after_first();
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",x=ext,p=" RFC_PROOF, &out, &out_len),
                     SCRAM_FAILURE);
    scram_exchange_free(x);
}
END_TEST

/* ---- malformed messages ---- */

typedef struct message {
    const char *text;
    size_t len;
} message;

/* sizeof, not strlen: some cases hold a NUL byte. */
#define M(s) {s, sizeof(s) - 1}

static char *long_message(const char *head, const char *tail, size_t filler)
{
    size_t head_len = strlen(head), tail_len = strlen(tail);
    char *s = malloc(head_len + filler + tail_len + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, head, head_len);
    memset(s + head_len, 'a', filler);
    memcpy(s + head_len + filler, tail, tail_len + 1);
    return s;
}

static const message bad_client_first[] = {
    M(""),
    M("n"),
    M("n,"),
    M("n,,"),
    M(","),
    M(",,n=,r=abc"),
    M("x,,n=,r=abc"),
    M("N,,n=,r=abc"),
    M("nn,,n=,r=abc"),
    M(" n,,n=,r=abc"),
    M("p=tls-server-end-point,,n=,r=abc"),
    M("p,,n=,r=abc"),
    M("n,a=admin,n=,r=abc"),
    M("n,a=,n=,r=abc"),
    M("n,x,n=,r=abc"),
    M("n,,m=ext,n=,r=abc"),
    M("n,,r=abc"),
    M("n,,r=abc,n="),
    M("n,,n="),
    M("n,,n=,"),
    M("n,,n=,r"),
    M("n,,n=,r="),
    M("n,,n=,s=abc"),
    M("n,,n,r=abc"),
    M("n,,n=,r=abc,"),
    M("n,,n=,r=abc,,"),
    M("n,,n=,r=abc,=x"),
    M("n,,n=,r=abc,1=x"),
    M("n,,n=,r=abc,x"),
    M("n,,n=,r=abc,xy=1"),
    M("n,,n=,r=a c"),
    M("n,,n=,r=a\001c"),
    M("n,,n=,r=a\177c"),
    M("n,,n=,r=a\200c"),
    M("n,,n=,r=a\377c"),
    M("n,,n=,r=abc\0"),
    M("n,,n=\0,r=abc"),
    M("\0,,n=,r=abc"),
    M("n\0,n=,r=abc"),
};

START_TEST(client_first_malformed)
{
    const message *m = &bad_client_first[_i];
    scram_verifier v = rfc_verifier();
    scram_exchange *x = scram_exchange_begin(&v, NULL, 0, NULL, NULL);
    ck_assert_ptr_nonnull(x);
    char *out = (char *)1;
    size_t out_len = 1;
    scram_result r = step_exact(scram_exchange_client_first, x, m->text, m->len, &out, &out_len);
    ck_assert_msg(r == SCRAM_PROTOCOL_ERROR, "case %d accepted (result %d)", _i, r);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_str_ne(scram_exchange_error(x), "");
    /* The exchange is over. */
    ck_assert_int_eq(send_first(x, "n,,n=,r=abc", &out, &out_len), SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

START_TEST(client_first_too_long)
{
    scram_verifier v = rfc_verifier();
    static const size_t fillers[] = {5000, 100000};
    for (size_t i = 0; i < 2; i++) {
        scram_exchange *x = scram_exchange_begin(&v, NULL, 0, NULL, NULL);
        ck_assert_ptr_nonnull(x);
        char *msg = long_message("n,,n=,r=", "", fillers[i]);
        char *out;
        size_t out_len;
        ck_assert_int_eq(send_first(x, msg, &out, &out_len), SCRAM_PROTOCOL_ERROR);
        free(msg);
        scram_exchange_free(x);
    }
}
END_TEST

/* After rfc_exchange_after_first(); N is the full nonce, P a well-formed (and right) proof. */
#define N RFC_CLIENT_NONCE RFC_SERVER_NONCE
#define P RFC_PROOF
static const message bad_client_final[] = {
    M(""),
    M(","),
    M("c=biws"),
    M("c=biws,"),
    M("c=biws,r=" N),
    M("c=biws,r=" N ","),
    M("c=biws,r=" N ",p="),
    M("c=biws,r=" N ",p"),
    M("c=biws,p=" P),
    M("r=" N ",p=" P),
    M("r=" N ",c=biws,p=" P),
    M("p=" P ",c=biws,r=" N),
    M("c=biws,p=" P ",r=" N),
    M("c=,r=" N ",p=" P),
    M("c=eSws,r=" N ",p=" P),
    M("c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAAA,r=" N ",p=" P),
    M("c=bixs,r=" N ",p=" P),
    M("c=biw,r=" N ",p=" P),
    M("c=biws=,r=" N ",p=" P),
    M("c=bi*s,r=" N ",p=" P),
    M("c=biwsbiws,r=" N ",p=" P),
    M("c=biws,r=,p=" P),
    M("c=biws,r=" RFC_CLIENT_NONCE ",p=" P),
    M("c=biws,r=" N "x,p=" P),
    M("c=biws,r=" RFC_CLIENT_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k1,p=" P),
    M("c=biws,r=" N ",,p=" P),
    M("c=biws,r=" N ",1=x,p=" P),
    M("c=biws,r=" N ",x,p=" P),
    M("c=biws,r=" N ",p=" P ","),
    M("c=biws,r=" N ",p=" P ",x=1"),
    M("c=biws,r=" N ",p=" P ",p=" P),
    M("c=biws,r=" N ",p=" P "="),
    M("c=biws,r=" N ",p=" P " "),
    M("c=biws,r=" N ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ"),
    M("c=biws,r=" N ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndV*="),
    M("c=biws,r=" N ",p=dHzbZapWIk4jUhN Ute9ytag9zjfMHgsqmmiz7AndVQ="),
    M("c=biws,r=" N ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="),
    M("c=biws,r=" N ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
    M("c=biws,r=" N ",p=" P "AAAA"),
    M("c=biws,r=" N ",p=" P "\0"),
    M("c=biws,r=" N "\0,p=" P),
    M("c=biws\0r=" N ",p=" P),
    M("\0=biws,r=" N ",p=" P),
};
#undef N
#undef P

START_TEST(client_final_malformed)
{
    const message *m = &bad_client_final[_i];
    scram_exchange *x = rfc_exchange_after_first();
    char *out = (char *)1;
    size_t out_len = 1;
    scram_result r = step_exact(scram_exchange_client_final, x, m->text, m->len, &out, &out_len);
    ck_assert_msg(r == SCRAM_PROTOCOL_ERROR, "case %d accepted (result %d)", _i, r);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_str_ne(scram_exchange_error(x), "");
    /* The exchange is over: not even the right answer is taken now. */
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

START_TEST(client_final_too_long)
{
    static const size_t fillers[] = {5000, 100000};
    for (size_t i = 0; i < 2; i++) {
        scram_exchange *x = rfc_exchange_after_first();
        char *msg = long_message(RFC_FINAL_NO_PROOF ",x=", ",p=" RFC_PROOF, fillers[i]);
        char *out;
        size_t out_len;
        ck_assert_int_eq(send_final(x, msg, &out, &out_len), SCRAM_PROTOCOL_ERROR);
        free(msg);
        scram_exchange_free(x);
    }
}
END_TEST

/* ---- order of calls ---- */

START_TEST(final_before_first)
{
    scram_verifier v = rfc_verifier();
    scram_exchange *x = scram_exchange_begin(&v, NULL, 0, NULL, RFC_SERVER_NONCE);
    ck_assert_ptr_nonnull(x);
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_PROTOCOL_ERROR);
    ck_assert_ptr_null(out);
    ck_assert_str_ne(scram_exchange_error(x), "");
    ck_assert_int_eq(send_first(x, RFC_CLIENT_FIRST, &out, &out_len), SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

START_TEST(first_twice)
{
    scram_exchange *x = rfc_exchange_after_first();
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_first(x, RFC_CLIENT_FIRST, &out, &out_len), SCRAM_PROTOCOL_ERROR);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

START_TEST(nothing_after_success)
{
    scram_exchange *x = rfc_exchange_after_first();
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_SUCCESS);
    free(out);
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_PROTOCOL_ERROR);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(send_first(x, RFC_CLIENT_FIRST, &out, &out_len), SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

START_TEST(nothing_after_failure)
{
    scram_exchange *x = rfc_exchange_after_first();
    char *out;
    size_t out_len;
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                                &out, &out_len),
                     SCRAM_FAILURE);
    /* A second guess on the same exchange is refused, even the right one. */
    ck_assert_int_eq(send_final(x, RFC_FINAL_NO_PROOF ",p=" RFC_PROOF, &out, &out_len),
                     SCRAM_PROTOCOL_ERROR);
    scram_exchange_free(x);
}
END_TEST

static Suite *scram_suite(void)
{
    Suite *s = suite_create("scram");

    TCase *vectors = tcase_create("vectors");
    tcase_add_test(vectors, rfc7677_vector);
    tcase_add_test(vectors, rfc7677_vector_through_test_client);
    tcase_add_test(vectors, wrong_proof_fails);
    tcase_add_test(vectors, wrong_password_fails);
    tcase_add_test(vectors, postgresql_verifier_authenticates);
    suite_add_tcase(s, vectors);

    TCase *verifiers = tcase_create("verifiers");
    tcase_add_test(verifiers, verifier_round_trip);
    tcase_add_test(verifiers, verifier_round_trip_largest_salt);
    tcase_add_test(verifiers, verifier_format_needs_room);
    tcase_add_test(verifiers, verifier_bad_arguments);
    tcase_add_loop_test(verifiers, verifier_parse_rejects, 0,
                        (int)(sizeof bad_verifiers / sizeof bad_verifiers[0]));
    suite_add_tcase(s, verifiers);

    TCase *mock = tcase_create("unknown user");
    tcase_add_test(mock, unknown_user_fails_at_proof);
    tcase_add_test(mock, unknown_user_salt_is_stable);
    tcase_add_test(mock, begin_rejects_bad_arguments);
    suite_add_tcase(s, mock);

    TCase *messages = tcase_create("messages");
    tcase_add_test(messages, client_first_variants_accepted);
    tcase_add_test(messages, flag_y_round_trip);
    tcase_add_test(messages, client_final_extension_accepted);
    tcase_add_loop_test(messages, client_first_malformed, 0,
                        (int)(sizeof bad_client_first / sizeof bad_client_first[0]));
    tcase_add_test(messages, client_first_too_long);
    tcase_add_loop_test(messages, client_final_malformed, 0,
                        (int)(sizeof bad_client_final / sizeof bad_client_final[0]));
    tcase_add_test(messages, client_final_too_long);
    suite_add_tcase(s, messages);

    TCase *order = tcase_create("order");
    tcase_add_test(order, final_before_first);
    tcase_add_test(order, first_twice);
    tcase_add_test(order, nothing_after_success);
    tcase_add_test(order, nothing_after_failure);
    suite_add_tcase(s, order);

    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(scram_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
