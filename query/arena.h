/*
 * arena: the per-statement memory pool.
 *
 * Everything a statement allocates while it is parsed, analysed and executed comes from
 * one arena and is released in one place (arena_reset / arena_destroy), so no executor
 * path has to free piecemeal. An arena never hands out memory it cannot back: every
 * allocation may return NULL and callers report SQLSTATE 53200 (out_of_memory).
 * Not thread-safe; one arena belongs to one session.
 */
#ifndef QUILL_QUERY_ARENA_H
#define QUILL_QUERY_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct arena arena;

arena *arena_create(size_t first_block_size);
void arena_destroy(arena *a);

/* Frees every allocation at once; keeps the first block for the next statement. */
void arena_reset(arena *a);

/* Returns 16-byte-aligned memory, or NULL when the system is out of memory. */
void *arena_alloc(arena *a, size_t size);
void *arena_zalloc(arena *a, size_t size);

/* Copies len bytes and appends a NUL terminator (len excludes it). */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);

/* printf into arena memory; NULL on allocation failure. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Room for one more element in an arena-backed array that doubles as it grows: when
 * count has reached *capacity, *items moves to a copy twice as large (first_capacity
 * the first time). false when the arena cannot grow. */
bool arena_reserve(arena *a, void **items, size_t item_size, int64_t count, int64_t *capacity,
                   int64_t first_capacity);

/* Bytes handed out since the last reset (for limits such as work_mem). */
size_t arena_used(const arena *a);

#endif
