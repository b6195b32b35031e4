#include "server/coroutine.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Parsing and analysis recurse, bounded (query/parse.c keeps trees shallow enough for
 * 2 MiB with room to spare). Only touched pages cost memory; a small stack also keeps
 * AddressSanitizer's per-switch bookkeeping cheap. */
#define STACK_SIZE ((size_t)2 << 20)
#define POOL_MAX 16

#if defined(__SANITIZE_ADDRESS__)
#define QUILL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QUILL_ASAN 1
#endif
#endif

#ifdef QUILL_ASAN
/* AddressSanitizer must be told about stack switches or it reports false errors. */
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
                                     size_t *size_old);
#endif

struct coroutine {
    ucontext_t context;
    ucontext_t caller;
    void *stack; /* includes the guard page at its low end */
    void (*body)(void *arg);
    void *arg;
    bool finished;
#ifdef QUILL_ASAN
    const void *caller_stack_bottom;
    size_t caller_stack_size;
#endif
};

static coroutine *current;
static void *pool[POOL_MAX];
static int pool_count;

static void *stack_take(void)
{
    if (pool_count > 0)
        return pool[--pool_count];
    void *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED)
        return NULL;
    /* A guard page turns an overflow into a fault instead of silent corruption. */
    if (mprotect(stack, (size_t)sysconf(_SC_PAGESIZE), PROT_NONE) != 0) {
        munmap(stack, STACK_SIZE);
        return NULL;
    }
    return stack;
}

static void stack_give_back(void *stack)
{
    /* Pooled stacks keep their touched pages: returning them on every statement costs
     * page faults, and the pool bounds what is kept. */
    if (pool_count < POOL_MAX) {
        pool[pool_count++] = stack;
        return;
    }
    munmap(stack, STACK_SIZE);
}

static void trampoline(unsigned int high, unsigned int low)
{
    coroutine *co = (coroutine *)(((uintptr_t)high << 32) | (uintptr_t)low);
#ifdef QUILL_ASAN
    __sanitizer_finish_switch_fiber(NULL, &co->caller_stack_bottom, &co->caller_stack_size);
#endif
    co->body(co->arg);
    co->finished = true;
#ifdef QUILL_ASAN
    /* The stack is not coming back to life: no fake stack to save. */
    __sanitizer_start_switch_fiber(NULL, co->caller_stack_bottom, co->caller_stack_size);
#endif
    /* uc_link returns to the caller context. */
}

/* getcontext returns twice like setjmp; keeping it out of coroutine_create keeps that
 * function's locals out of harm's way. */
static __attribute__((noinline)) bool capture_context(ucontext_t *context)
{
    return getcontext(context) == 0;
}

coroutine *coroutine_create(void (*body)(void *arg), void *arg)
{
    coroutine *co = calloc(1, sizeof *co);
    if (co == NULL)
        return NULL;
    co->stack = stack_take();
    if (co->stack == NULL || !capture_context(&co->context)) {
        if (co->stack != NULL)
            stack_give_back(co->stack);
        free(co);
        return NULL;
    }
    co->body = body;
    co->arg = arg;
    co->context.uc_stack.ss_sp = co->stack;
    co->context.uc_stack.ss_size = STACK_SIZE;
    co->context.uc_link = &co->caller;
    uintptr_t p = (uintptr_t)co;
    makecontext(&co->context, (void (*)(void))trampoline, 2, (unsigned int)(p >> 32),
                (unsigned int)(p & 0xFFFFFFFFu));
    return co;
}

bool coroutine_resume(coroutine *co)
{
    if (co->finished)
        return true;
    coroutine *previous = current;
    current = co;
#ifdef QUILL_ASAN
    void *fake_stack = NULL;
    __sanitizer_start_switch_fiber(&fake_stack, co->stack, STACK_SIZE);
#endif
    swapcontext(&co->caller, &co->context);
#ifdef QUILL_ASAN
    __sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
#endif
    current = previous;
    return co->finished;
}

void coroutine_yield(void)
{
    coroutine *co = current;
    if (co == NULL)
        return;
#ifdef QUILL_ASAN
    void *fake_stack = NULL;
    __sanitizer_start_switch_fiber(&fake_stack, co->caller_stack_bottom, co->caller_stack_size);
#endif
    swapcontext(&co->context, &co->caller);
#ifdef QUILL_ASAN
    __sanitizer_finish_switch_fiber(fake_stack, &co->caller_stack_bottom, &co->caller_stack_size);
#endif
}

bool coroutine_active(void)
{
    return current != NULL;
}

void coroutine_destroy(coroutine *co)
{
    if (co == NULL)
        return;
    stack_give_back(co->stack);
    free(co);
}

void coroutine_release_pool(void)
{
    while (pool_count > 0)
        munmap(pool[--pool_count], STACK_SIZE);
}
