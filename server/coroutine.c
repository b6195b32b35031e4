#include "server/coroutine.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#if !defined(__x86_64__)
#include <ucontext.h>
#endif
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

struct coroutine;
static void run_body(struct coroutine *co);

#if defined(__x86_64__)
/* glibc's swapcontext saves and restores the signal mask with a system call on every
 * switch (three per statement); the loop never changes the mask, so on x86-64 a switch
 * saves only what the System V ABI asks a callee to preserve: rbx, rbp, r12-r15, the
 * stack pointer, and the MXCSR and x87 control words. */
typedef struct machine_context {
    void *stack_pointer;
} machine_context;

void quill_context_switch(void **save_stack_pointer, void *stack_pointer);
__asm__(".text\n"
        ".globl quill_context_switch\n"
        ".type quill_context_switch, @function\n"
        "quill_context_switch:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    subq $8, %rsp\n"
        "    stmxcsr (%rsp)\n"
        "    fnstcw 4(%rsp)\n"
        "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n"
        "    ldmxcsr (%rsp)\n"
        "    fldcw 4(%rsp)\n"
        "    addq $8, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size quill_context_switch, .-quill_context_switch\n");
#else
typedef ucontext_t machine_context;
#endif

struct coroutine {
    machine_context context;
    machine_context caller;
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

#if defined(__x86_64__)
/* The first switch into a coroutine "returns" here, on its new stack. */
static void entry(void)
{
    run_body(current);
    /* Never resumed again: run_body switched back for good. */
    abort();
}

/* Lays out the new stack as quill_context_switch leaves a paused one: the control words,
 * six zeroed registers, then entry as the return address. entry starts with the stack
 * pointer 8 below a 16-byte boundary, as after a call. */
static bool context_make(coroutine *co)
{
    uintptr_t top = ((uintptr_t)co->stack + STACK_SIZE) & ~(uintptr_t)15;
    uint64_t *slot = (uint64_t *)top;
    *--slot = 0; /* entry's own return address: it never returns */
    *--slot = (uint64_t)(uintptr_t)entry;
    for (int i = 0; i < 6; i++)
        *--slot = 0; /* rbp, rbx, r12-r15 */
    *--slot = (uint64_t)0x037F << 32 | 0x1F80; /* x87 control word, MXCSR: the defaults */
    co->context.stack_pointer = slot;
    return true;
}

static void context_enter(coroutine *co)
{
    quill_context_switch(&co->caller.stack_pointer, co->context.stack_pointer);
}

static void context_leave(coroutine *co)
{
    quill_context_switch(&co->context.stack_pointer, co->caller.stack_pointer);
}
#else
static void trampoline(unsigned int high, unsigned int low)
{
    run_body((coroutine *)(((uintptr_t)high << 32) | (uintptr_t)low));
}

/* getcontext returns twice like setjmp; keeping it out of coroutine_create keeps that
 * function's locals out of harm's way. */
static __attribute__((noinline)) bool context_make(coroutine *co)
{
    if (getcontext(&co->context) != 0)
        return false;
    co->context.uc_stack.ss_sp = co->stack;
    co->context.uc_stack.ss_size = STACK_SIZE;
    co->context.uc_link = NULL;
    uintptr_t p = (uintptr_t)co;
    makecontext(&co->context, (void (*)(void))trampoline, 2, (unsigned int)(p >> 32),
                (unsigned int)(p & 0xFFFFFFFFu));
    return true;
}

static void context_enter(coroutine *co)
{
    swapcontext(&co->caller, &co->context);
}

static void context_leave(coroutine *co)
{
    swapcontext(&co->context, &co->caller);
}
#endif

static void run_body(coroutine *co)
{
#ifdef QUILL_ASAN
    __sanitizer_finish_switch_fiber(NULL, &co->caller_stack_bottom, &co->caller_stack_size);
#endif
    co->body(co->arg);
    co->finished = true;
#ifdef QUILL_ASAN
    /* The stack is not coming back to life: no fake stack to save. */
    __sanitizer_start_switch_fiber(NULL, co->caller_stack_bottom, co->caller_stack_size);
#endif
    context_leave(co);
}

coroutine *coroutine_create(void (*body)(void *arg), void *arg)
{
    coroutine *co = calloc(1, sizeof *co);
    if (co == NULL)
        return NULL;
    co->stack = stack_take();
    co->body = body;
    co->arg = arg;
    if (co->stack == NULL || !context_make(co)) {
        if (co->stack != NULL)
            stack_give_back(co->stack);
        free(co);
        return NULL;
    }
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
    context_enter(co);
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
    context_leave(co);
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
