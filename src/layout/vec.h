/* Growable arrays in an arena for the layout stage; a failed allocation sets a flag the stage
 * checks, so no caller has to test every append. */
#ifndef VB_LAYOUT_VEC_H
#define VB_LAYOUT_VEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

#define VB_VEC(T)        \
    struct {             \
        T *v;            \
        size_t n, cap;   \
    }

/* Room for n elements in *v (capacity *cap), growing geometrically (the arena grows a block
 * in place where it can, and moves one of 1 MB or more by realloc: no outgrown copies); false, and *failed set,
 * when the arena is out of memory, an earlier allocation already failed, or the size
 * overflows. */
static inline bool vb_vec_reserve(bool *failed, vb_arena *a, void **v, size_t *cap, size_t n,
                                  size_t elem, size_t first)
{
    if (*failed)
        return false;
    size_t nc = *cap ? *cap * 2 : (n > first ? n : first);
    while (nc < n)
        nc *= 2;
    if (nc > SIZE_MAX / elem) {
        *failed = true;
        return false;
    }
    void *p = vb_arena_grow(a, *v, *cap * elem, nc * elem);
    if (!p) {
        *failed = true;
        return false;
    }
    *v = p;
    *cap = nc;
    return true;
}

#define VB_VEC_PUSH(failed, arena, vec, item)                                                 \
    do {                                                                                      \
        if ((vec).n < (vec).cap || vb_vec_reserve((failed), (arena), (void **)&(vec).v,       \
                                                  &(vec).cap, (vec).n + 1, sizeof *(vec).v, 8)) \
            (vec).v[(vec).n++] = (item);                                                      \
    } while (0)

/* Room for count elements when the count is known before filling: exactly that many for an
 * empty vector (thousands of one-line footnotes each keep no unused room). */
#define VB_VEC_RESERVE(failed, arena, vec, count)                                              \
    ((vec).cap >= (count) || vb_vec_reserve((failed), (arena), (void **)&(vec).v, &(vec).cap,  \
                                            (count), sizeof *(vec).v, 1))

#endif
