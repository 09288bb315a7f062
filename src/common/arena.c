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

/* Requests of this many bytes and more get a chunk of their own, of exactly their size, linked
 * behind the head so that the head's free room stays in use. Such a block that grows again is
 * moved by realloc, which for blocks this large remaps pages instead of copying them and
 * leaves no outgrown copy behind. */
#define DEDICATED_BYTES (1u << 20)

static size_t rounded(size_t size)
{
    size = (size + 15) & ~(size_t)15;
    return size ? size : 16;
}

/* False, and the arena failed, when it has failed before, size overflows, or a test asked for
 * this allocation to fail. */
static bool may_allocate(vb_arena *a, size_t size)
{
    if (a->failed || size > SIZE_MAX - 15 - sizeof(chunk) || (a->fail_in && --a->fail_in == 0)) {
        vb_arena_fail(a);
        return false;
    }
    return true;
}

static void *dedicated_chunk(vb_arena *a, size_t size)
{
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c)
        return vb_arena_fail(a);
    c->size = c->used = size;
    if (a->head) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = NULL;
        a->head = c;
    }
    return c->data;
}

/* Uninitialised memory: for callers that fill every byte themselves. */
static void *arena_alloc_raw(vb_arena *a, size_t size)
{
    if (!may_allocate(a, size))
        return NULL;
    size = rounded(size);
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        if (size >= DEDICATED_BYTES)
            return dedicated_chunk(a, size);
        size_t want = a->next_size;
        while (want < size)
            want *= 2;
        c = malloc(sizeof(chunk) + want);
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

/* Grows the block old of old_size bytes to new_size where it lies, when it is the last block
 * of the head chunk with room after it, or the whole of a dedicated chunk; NULL when it cannot
 * (or realloc failed: the arena is then failed, and old stays valid until vb_arena_free). */
static void *grow_where_it_lies(vb_arena *a, unsigned char *old, size_t old_size, size_t new_size)
{
    size_t was = rounded(old_size), want = rounded(new_size);
    chunk *head = a->head;
    if (head && old + was == head->data + head->used && head->size - (head->used - was) >= want) {
        head->used += want - was;
        return old;
    }
    if (want < DEDICATED_BYTES)
        return NULL;
    chunk **link = &a->head;
    while (*link && (*link)->data != old)
        link = &(*link)->next;
    chunk *c = *link;
    if (!c || c->used != was)
        return NULL;
    chunk *moved = realloc(c, sizeof(chunk) + want);
    if (!moved)
        return vb_arena_fail(a);
    moved->size = moved->used = want;
    *link = moved;
    return moved->data;
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

void *vb_arena_array(vb_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return vb_arena_fail(a);
    return arena_alloc_raw(a, count * size);
}

void *vb_arena_grow(vb_arena *a, void *old, size_t old_size, size_t new_size)
{
    if (old && new_size > old_size) {
        if (!may_allocate(a, new_size))
            return NULL;
        void *grown = grow_where_it_lies(a, old, old_size, new_size);
        if (grown || a->failed)
            return grown;
        a->fail_in += a->fail_in > 0; /* the allocation below is the same one, counted once */
    }
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
