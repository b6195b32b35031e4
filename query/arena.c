#include "query/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
/* Blocks double up to this size, then stay at it: a long statement grows in steps that
 * cost the same, never one huge allocation. */
#define ARENA_MAX_BLOCK ((size_t)1 << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t capacity;
    size_t used;
    max_align_t data[];
} arena_block;

struct arena {
    arena_block *head;  /* block currently filled */
    arena_block *first; /* kept across resets */
    size_t first_block_size;
    size_t total_used;
};

static arena_block *block_new(size_t capacity)
{
    if (capacity > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *b = malloc(sizeof(arena_block) + capacity);
    if (b == NULL)
        return NULL;
    b->next = NULL;
    b->capacity = capacity;
    b->used = 0;
    return b;
}

arena *arena_create(size_t first_block_size)
{
    arena *a = malloc(sizeof *a);
    if (a == NULL)
        return NULL;
    if (first_block_size < 1024)
        first_block_size = 1024;
    a->first = block_new(first_block_size);
    if (a->first == NULL) {
        free(a);
        return NULL;
    }
    a->head = a->first;
    a->first_block_size = first_block_size;
    a->total_used = 0;
    return a;
}

static void free_blocks_after_first(arena *a)
{
    /* Blocks are pushed on the head, so the first block is always the last of the list. */
    arena_block *b = a->head;
    while (b != NULL && b != a->first) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_destroy(arena *a)
{
    if (a == NULL)
        return;
    free_blocks_after_first(a);
    free(a->first);
    free(a);
}

void arena_reset(arena *a)
{
    free_blocks_after_first(a);
    a->first->used = 0;
    a->first->next = NULL;
    a->head = a->first;
    a->total_used = 0;
}

void *arena_alloc(arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_block *b = a->head;
    if (b->capacity - b->used < rounded) {
        size_t capacity = b->capacity < ARENA_MAX_BLOCK / 2 ? b->capacity * 2 : ARENA_MAX_BLOCK;
        if (capacity < rounded)
            capacity = rounded;
        arena_block *nb = block_new(capacity);
        if (nb == NULL)
            return NULL;
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += rounded;
    a->total_used += rounded;
    return p;
}

void *arena_zalloc(arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    if (p != NULL)
        memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const arena *a)
{
    return a->total_used;
}

bool arena_reserve(arena *a, void **items, size_t item_size, int64_t count, int64_t *capacity,
                   int64_t first_capacity)
{
    if (count < *capacity)
        return true;
    int64_t grown = *capacity > 0 ? *capacity * 2 : first_capacity;
    if (grown <= count || (uint64_t)grown > SIZE_MAX / item_size)
        return false;
    void *copy = arena_alloc(a, (size_t)grown * item_size);
    if (copy == NULL)
        return false;
    if (count > 0)
        memcpy(copy, *items, (size_t)count * item_size);
    *items = copy;
    *capacity = grown;
    return true;
}
