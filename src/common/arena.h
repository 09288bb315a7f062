/* Region allocator: everything a document needs lives until the document is freed.
 * One free at the end makes error paths leak-free and keeps allocation off the hot path. */
#ifndef VB_ARENA_H
#define VB_ARENA_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct vb_arena vb_arena;

vb_arena *vb_arena_new(void);
void vb_arena_free(vb_arena *a);
/* True once an allocation has failed (or for a NULL arena). The arena stays failed: every later
 * allocation returns NULL too, even after vb_arena_reset, so a stage may store results without
 * checking each one (it must still not dereference NULL) and check this once at its end. */
bool vb_arena_failed(const vb_arena *a);
/* Marks the arena failed and returns NULL: for memory a library failed to allocate on the
 * arena's behalf (utf8proc's malloc), so that it is reported like the arena's own. */
void *vb_arena_fail(vb_arena *a);
/* For tests of the failure paths: the n-th allocation from now fails (n = 0: none does). */
void vb_arena_fail_in(vb_arena *a, size_t n);
/* Forgets everything allocated so far but keeps the largest block up to 1 MB for reuse: a
 * scratch arena reset after each paragraph stays as small as the largest paragraph needed,
 * and a huge paragraph's scratch goes back to the system. A failed arena stays failed. */
void vb_arena_reset(vb_arena *a);
/* Zeroed, 16-byte aligned. NULL only when memory is exhausted (or was before). */
void *vb_arena_alloc(vb_arena *a, size_t size);
/* Array allocation with overflow check. */
void *vb_arena_calloc(vb_arena *a, size_t count, size_t size);
/* The same, its bytes not initialised: for records each written whole before it is read. */
void *vb_arena_array(vb_arena *a, size_t count, size_t size);
/* Grows an array: returns a block of new_size bytes holding the first old_size bytes of old;
 * the bytes past them are not initialised (vectors write an element before reading it). When
 * new_size is larger, the block may be old itself, extended, or old moved: old must not be
 * used afterwards. With new_size no larger, it is always a new block (a copy). */
void *vb_arena_grow(vb_arena *a, void *old, size_t old_size, size_t new_size);
char *vb_arena_strndup(vb_arena *a, const char *s, size_t n);
char *vb_arena_strdup(vb_arena *a, const char *s);
char *vb_arena_printf(vb_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *vb_arena_vprintf(vb_arena *a, const char *fmt, va_list ap);

#endif
