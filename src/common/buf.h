/* A growable byte buffer on malloc, for output that outlives an arena (PDF bytes, messages). */
#ifndef VB_BUF_H
#define VB_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t len, cap;
    /* Set once an allocation failed. The buffer then keeps what it held and refuses appends
     * until it is emptied (len = 0) or freed: a writer checks this flag once, at its end. */
    int failed;
} vb_buf;

/* The slow path of vb_buf_reserve: kept out of line so that the fast path stays small. */
bool vb_buf_grow(vb_buf *b, size_t n);

/* Room for n more bytes at data + len; false (and failed set) when there is none. Inline: the
 * PDF writer appends a few bytes at a time, hundreds of thousands of times per document. */
static inline bool vb_buf_reserve(vb_buf *b, size_t n)
{
    return b->len + n <= b->cap || vb_buf_grow(b, n);
}

static inline void vb_buf_append(vb_buf *b, const void *data, size_t len)
{
    /* nothing to add: an empty buffer has no data yet, and memcpy may not be given NULL */
    if (len == 0 || !vb_buf_reserve(b, len))
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static inline void vb_buf_append_str(vb_buf *b, const char *s)
{
    vb_buf_append(b, s, strlen(s));
}

void vb_buf_printf(vb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vb_buf_free(vb_buf *b);

#endif
