/* The region allocator behind every stage, and the malloc-backed byte buffer. */
#include "common/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks grow geometrically so a 500-page document needs few mallocs,
 * while a one-page letter stays small. */
typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} chunk;

struct vb_arena {
    chunk *head;
    size_t next_size;
    bool failed; /* an allocation failed: every later one fails too, until vb_arena_free */
    size_t fail_in; /* tests: the allocation that many from now fails; 0 = none */
};

vb_arena *vb_arena_new(void)
{
    vb_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_size = 16 * 1024;
    return a;
}

void vb_arena_free(vb_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}

bool vb_arena_failed(const vb_arena *a)
{
    return !a || a->failed;
}

void *vb_arena_fail(vb_arena *a)
{
    a->failed = true;
    return NULL;
}

void vb_arena_fail_in(vb_arena *a, size_t n)
{
    a->fail_in = n;
}

/* The largest chunk a reset keeps: one paragraph of a million words fills a scratch chunk of
 * tens of MB, whose pages would otherwise stay resident through every later stage. */
#define RESET_KEEP_MAX (1u << 20)

void vb_arena_reset(vb_arena *a)
{
    chunk *keep = NULL;
    for (chunk *c = a->head; c; c = c->next)
        if (c->size <= RESET_KEEP_MAX && (!keep || c->size > keep->size))
            keep = c;
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        if (c != keep)
            free(c);
        c = n;
    }
    a->head = keep;
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
}

/* Uninitialised memory: for callers that fill every byte themselves. */
static void *arena_alloc_raw(vb_arena *a, size_t size)
{
    if (a->failed || size > SIZE_MAX - 15 || (a->fail_in && --a->fail_in == 0))
        return vb_arena_fail(a);
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = a->next_size;
        while (want < size && want <= SIZE_MAX / 4)
            want *= 2;
        if (want < size)
            want = size;
        c = want <= SIZE_MAX - sizeof(chunk) ? malloc(sizeof(chunk) + want) : NULL;
        if (!c)
            return vb_arena_fail(a);
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        if (a->next_size < 4 * 1024 * 1024)
            a->next_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

void *vb_arena_alloc(vb_arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *vb_arena_calloc(vb_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return vb_arena_fail(a);
    return vb_arena_alloc(a, count * size);
}

void *vb_arena_grow(vb_arena *a, void *old, size_t old_size, size_t new_size)
{
    unsigned char *p = arena_alloc_raw(a, new_size);
    if (!p)
        return NULL;
    size_t keep = old && old_size ? (old_size < new_size ? old_size : new_size) : 0;
    if (keep)
        memcpy(p, old, keep);
    return p;
}

char *vb_arena_strndup(vb_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_raw(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

char *vb_arena_strdup(vb_arena *a, const char *s)
{
    return vb_arena_strndup(a, s, strlen(s));
}

char *vb_arena_vprintf(vb_arena *a, const char *fmt, va_list ap)
{
    if (a->failed)
        return NULL; /* before formatting: an argument may be an allocation that failed */
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return vb_arena_fail(a);
    char *p = vb_arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *vb_arena_printf(vb_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = vb_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
