/* Region allocator: everything a document needs lives until the document is freed.
 * One free at the end makes error paths leak-free and keeps allocation off the hot path. */
#ifndef VB_ARENA_H
#define VB_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct vb_arena vb_arena;

vb_arena *vb_arena_new(void);
void vb_arena_free(vb_arena *a);
/* Forgets everything allocated so far but keeps the largest block for reuse: a scratch arena
 * reset after each paragraph stays as small as the largest paragraph needed. */
void vb_arena_reset(vb_arena *a);
/* Zeroed, 16-byte aligned. NULL only when memory is exhausted. */
void *vb_arena_alloc(vb_arena *a, size_t size);
/* Array allocation with overflow check. */
void *vb_arena_calloc(vb_arena *a, size_t count, size_t size);
/* Grows an array: returns a new block of new_size bytes holding the first old_size bytes of old;
 * the bytes past them are not initialised (vectors write an element before reading it). */
void *vb_arena_grow(vb_arena *a, void *old, size_t old_size, size_t new_size);
char *vb_arena_strndup(vb_arena *a, const char *s, size_t n);
char *vb_arena_strdup(vb_arena *a, const char *s);
char *vb_arena_printf(vb_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *vb_arena_vprintf(vb_arena *a, const char *fmt, va_list ap);

#endif
