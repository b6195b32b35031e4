/*
 * coroutine: a statement's own stack, so a long statement can pause and let the loop
 * serve others, then continue where it stopped.
 *
 * A coroutine runs a function on a separate stack (mmap'd with a guard page, pooled so
 * most statements reuse one); coroutine_yield inside it returns control to whoever
 * resumed it. Single-threaded: only the loop thread creates, resumes and yields. Knows
 * nothing about what runs on it.
 */
#ifndef QUILL_SERVER_COROUTINE_H
#define QUILL_SERVER_COROUTINE_H

#include <stdbool.h>

typedef struct coroutine coroutine;

/* NULL when no stack could be mapped. */
coroutine *coroutine_create(void (*body)(void *arg), void *arg);
/* Runs the coroutine until it yields or returns; true once it has returned. */
bool coroutine_resume(coroutine *co);
/* Inside a coroutine: pause, returning to the resumer. */
void coroutine_yield(void);
/* Is the caller running inside a coroutine? */
bool coroutine_active(void);
/* Releases a coroutine that has returned (its stack goes back to the pool). */
void coroutine_destroy(coroutine *co);
/* Unmaps pooled stacks (at shutdown). */
void coroutine_release_pool(void);

#endif
