/* The growable byte buffer's slow paths: growing, formatted appends, freeing. */
#include "common/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Large enough for a page's content stream or a message in one allocation. */
#define FIRST_CAPACITY 16384

static bool fail(vb_buf *b)
{
    b->failed = 1;
    b->cap = b->len; /* no room: the inline fast path refuses every later append */
    return false;
}

bool vb_buf_grow(vb_buf *b, size_t n)
{
    if (b->failed || n > SIZE_MAX / 2 - b->len)
        return fail(b);
    size_t need = b->len + n, cap = b->cap ? b->cap : FIRST_CAPACITY;
    while (cap < need)
        cap *= 2;
    unsigned char *grown = realloc(b->data, cap);
    if (!grown)
        return fail(b);
    b->data = grown;
    b->cap = cap;
    return true;
}

void vb_buf_printf(vb_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        fail(b);
        return;
    }
    if ((size_t)n < sizeof small) {
        vb_buf_append(b, small, (size_t)n);
        return;
    }
    /* Formatted straight into the buffer: n + 1 bytes for vsnprintf's terminating NUL. */
    if (!vb_buf_reserve(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void vb_buf_free(vb_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
