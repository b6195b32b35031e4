/*
 * scram: the server side of SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL speaks it.
 *
 * Owns password verifiers (PostgreSQL's text form
 * "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>", PBKDF2 through OpenSSL) and
 * the two-step SASL exchange. Knows nothing of sockets, catalogs or users beyond the
 * verifier it is handed: an unknown user is authenticated against a mock verifier so that
 * the exchange looks the same and fails only at the proof (no user probing).
 * No channel binding (no TLS yet): only the "n" and "y" GS2 flags are accepted.
 */
#ifndef QUILL_PROTOCOL_SCRAM_H
#define QUILL_PROTOCOL_SCRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCRAM_MECHANISM "SCRAM-SHA-256"
#define SCRAM_ITERATIONS 4096
#define SCRAM_KEY_LEN 32
#define SCRAM_SALT_LEN 16
#define SCRAM_NONCE_LEN 18
/* Large enough for any verifier we produce or accept. */
#define SCRAM_VERIFIER_MAX 256

typedef struct scram_verifier {
    int iterations;
    uint8_t salt[64];
    size_t salt_len;
    uint8_t stored_key[SCRAM_KEY_LEN];
    uint8_t server_key[SCRAM_KEY_LEN];
} scram_verifier;

/* Makes a verifier with a fresh random salt. false on OpenSSL failure. */
bool scram_verifier_create(const char *password, int iterations, scram_verifier *out);
/* Same with a given salt (tests, and known vectors). */
bool scram_verifier_from_salt(const char *password, const uint8_t *salt, size_t salt_len,
                              int iterations, scram_verifier *out);
/* Text form, NUL-terminated; false if out_cap is too small. */
bool scram_verifier_format(const scram_verifier *v, char *out, size_t out_cap);
bool scram_verifier_parse(const char *text, scram_verifier *out);
/* A verifier nobody can match, deterministic per (secret, user name): the salt an unknown
 * user is shown stays the same across attempts, as for a real user. */
bool scram_verifier_mock(const uint8_t *secret, size_t secret_len, const char *user,
                         scram_verifier *out);

typedef enum scram_result {
    SCRAM_CONTINUE, /* send *out as AuthenticationSASLContinue */
    SCRAM_SUCCESS,  /* send *out as AuthenticationSASLFinal, then AuthenticationOk */
    SCRAM_FAILURE,  /* wrong password or unknown user: 28P01 */
    SCRAM_PROTOCOL_ERROR, /* malformed message: 08P01, message in scram_exchange_error() */
} scram_result;

typedef struct scram_exchange scram_exchange;

/* verifier NULL = unknown user (a mock is used and the exchange always fails).
 * server_nonce NULL = generate a random one; tests pass a fixed one. */
scram_exchange *scram_exchange_begin(const scram_verifier *verifier, const uint8_t *mock_secret,
                                     size_t mock_secret_len, const char *user,
                                     const char *server_nonce);
void scram_exchange_free(scram_exchange *x);

/* client-first-message in, server-first-message out (malloc'd into *out, NUL-terminated,
 * length in *out_len; caller frees). */
scram_result scram_exchange_client_first(scram_exchange *x, const char *msg, size_t len,
                                         char **out, size_t *out_len);
/* client-final-message in, server-final-message out on success. */
scram_result scram_exchange_client_final(scram_exchange *x, const char *msg, size_t len,
                                         char **out, size_t *out_len);
/* Why the last call returned SCRAM_PROTOCOL_ERROR. */
const char *scram_exchange_error(const scram_exchange *x);

#endif
