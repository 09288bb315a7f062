/* LD_PRELOAD shim that fails one chosen allocation, for the out-of-memory walk (test_oom.c).
 *
 * VB_FAIL_AT=N   the N-th allocation (1-based) after main() starts returns NULL, once; every
 *                other allocation succeeds. Unset or 0: nothing fails (a counting run).
 * VB_COUNT_FILE  at exit, the number of allocations counted is written to this file.
 *
 * Counting starts when main() is entered, not in a constructor: what the dynamic loader and
 * the libraries' own constructors allocate before main depends on the system, not on vanban,
 * and a failure there could not be handled by vanban anyway. main is found by wrapping
 * __libc_start_main. Allocations are counted in every thread (an atomic counter), so a walk
 * over a multi-threaded run is still deterministic only when the order is; the walk runs one
 * document on one thread.
 *
 * The real allocator is reached through glibc's __libc_* entry points rather than
 * dlsym(RTLD_NEXT): dlsym itself allocates, which would recurse into the shim before it has
 * anything to call. glibc routes its own internal allocations (strdup, realpath, fopen,
 * vasprintf…) through the interposed malloc, so those are counted and failed too. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_bool counting;
static atomic_ulong calls;
static unsigned long fail_at;

/* Called at the failing allocation, for a debugger: gdb -ex 'break failmalloc_hit' … */
__attribute__((noinline)) void failmalloc_hit(void)
{
    __asm__ volatile("");
}

/* True when this allocation is the one chosen to fail. */
static int should_fail(void)
{
    if (!atomic_load_explicit(&counting, memory_order_relaxed))
        return 0;
    unsigned long n = atomic_fetch_add(&calls, 1) + 1;
    if (fail_at == 0 || n != fail_at)
        return 0;
    failmalloc_hit();
    return 1;
}

void *malloc(size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
    if (size != 0 && should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, size);
}

void *memalign(size_t alignment, size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    return memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)))
        return EINVAL;
    void *p = memalign(alignment, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

static void write_count(void)
{
    const char *path = getenv("VB_COUNT_FILE");
    if (!path || !*path)
        return;
    atomic_store(&counting, 0); /* fopen allocates */
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "%lu\n", atomic_load(&calls));
        fclose(f);
    }
}

typedef int main_fn(int, char **, char **);
static main_fn *real_main;

static int counted_main(int argc, char **argv, char **envp)
{
    const char *at = getenv("VB_FAIL_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    atexit(write_count); /* registered before counting: its own allocation is not counted */
    atomic_store(&counting, 1);
    return real_main(argc, argv, envp);
}

typedef int start_fn(main_fn *, int, char **, void (*)(void), void (*)(void), void (*)(void),
                     void *);

int __libc_start_main(main_fn *main, int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
    start_fn *real_start = (start_fn *)dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return real_start(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
