#include "common/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    vb_diagnostic pub;
    char *file_copy;
    char *message_copy;
} entry;

struct vb_diagnostics {
    entry *items;
    size_t count, cap, errors;
    char *formatted; /* last vb_diagnostic_format result */
};

vb_diagnostics *vb_diagnostics_new(void)
{
    return calloc(1, sizeof(vb_diagnostics));
}

void vb_diagnostics_clear(vb_diagnostics *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file_copy);
        free(d->items[i].message_copy);
    }
    d->count = d->errors = 0;
    free(d->formatted);
    d->formatted = NULL;
}

void vb_diagnostics_free(vb_diagnostics *d)
{
    if (!d)
        return;
    vb_diagnostics_clear(d);
    free(d->items);
    free(d);
}

size_t vb_diagnostics_count(const vb_diagnostics *d) { return d ? d->count : 0; }
size_t vb_diagnostics_errors(const vb_diagnostics *d) { return d ? d->errors : 0; }

const vb_diagnostic *vb_diagnostic_get(const vb_diagnostics *d, size_t i)
{
    return d && i < d->count ? &d->items[i].pub : NULL;
}

const char *vb_diagnostic_format(const vb_diagnostics *d_const, size_t i)
{
    vb_diagnostics *d = (vb_diagnostics *)d_const;
    if (!d || i >= d->count)
        return "";
    const vb_diagnostic *g = &d->items[i].pub;
    const char *sev = g->severity == VB_SEVERITY_ERROR ? "error" : "warning";
    size_t n = strlen(g->message) + (g->file ? strlen(g->file) : 0) + 64;
    free(d->formatted);
    d->formatted = malloc(n);
    if (!d->formatted)
        return g->message;
    if (g->file && g->line > 0)
        snprintf(d->formatted, n, "%s:%d:%d: %s: %s", g->file, g->line, g->column, sev, g->message);
    else if (g->file)
        snprintf(d->formatted, n, "%s: %s: %s", g->file, sev, g->message);
    else
        snprintf(d->formatted, n, "vanban: %s: %s", sev, g->message);
    return d->formatted;
}

void vb_diag_vadd(vb_diagnostics *d, vb_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap)
{
    if (!d)
        return;
    /* A hostile file could produce millions of identical complaints; a clerk needs the first. */
    if (d->count >= 1000)
        return;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        entry *n = realloc(d->items, cap * sizeof *n);
        if (!n)
            return;
        d->items = n;
        d->cap = cap;
    }
    char *msg = NULL;
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (len < 0 || !(msg = malloc((size_t)len + 1)))
        return;
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    entry *e = &d->items[d->count++];
    e->file_copy = file ? strdup(file) : NULL;
    e->message_copy = msg;
    e->pub.severity = sev;
    e->pub.file = e->file_copy;
    e->pub.line = line;
    e->pub.column = col;
    e->pub.message = msg;
    if (sev == VB_SEVERITY_ERROR)
        d->errors++;
}

void vb_diag_error(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(d, VB_SEVERITY_ERROR, file, line, col, fmt, ap);
    va_end(ap);
}

void vb_diag_warning(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(d, VB_SEVERITY_WARNING, file, line, col, fmt, ap);
    va_end(ap);
}
