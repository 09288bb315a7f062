/* The list of errors and warnings a run reports: capped, but every error is counted and the
 * clerk is told how many messages were left out. */
#include "common/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A hostile file could produce millions of identical complaints; a clerk needs the first. */
#define DIAG_CAP 1000

typedef struct {
    vb_diagnostic pub;
    char *file_copy;
    char *message_copy;
} entry;

struct vb_diagnostics {
    entry *items;
    size_t count, cap, errors;
    size_t stored_errors;                    /* errors among items */
    size_t dropped_errors, dropped_warnings; /* counted, not kept */
    entry summary;                           /* "… N more", shown last when some were dropped */
    size_t summary_of;                       /* dropped count summary.message was written for */
    size_t memory_failures;                  /* errors said by vb_diag_out_of_memory */
    char *formatted;                         /* last vb_diagnostic_format result */
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
    d->count = d->errors = d->stored_errors = 0;
    d->dropped_errors = d->dropped_warnings = d->summary_of = 0;
    d->memory_failures = 0;
    free(d->summary.message_copy);
    d->summary = (entry){0};
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

static size_t dropped(const vb_diagnostics *d)
{
    return d->dropped_errors + d->dropped_warnings;
}

size_t vb_diagnostics_count(const vb_diagnostics *d)
{
    return d ? d->count + (dropped(d) > 0) : 0;
}

size_t vb_diagnostics_errors(const vb_diagnostics *d) { return d ? d->errors : 0; }

/* The last entry when messages were dropped, written when asked for (the counts keep moving
 * while a run reports). */
static const vb_diagnostic *summary(vb_diagnostics *d)
{
    if (d->summary_of != dropped(d)) {
        char *msg = NULL;
        free(d->summary.message_copy);
        d->summary.message_copy = NULL;
        d->summary.pub.message = "còn những thông báo khác không được hiển thị";
        if (asprintf(&msg, "còn %zu thông báo khác không được hiển thị (%zu lỗi, %zu cảnh báo); "
                           "hãy sửa các lỗi trên rồi chạy lại",
                     dropped(d), d->dropped_errors, d->dropped_warnings) >= 0) {
            d->summary.message_copy = msg;
            d->summary.pub.message = msg;
            d->summary_of = dropped(d);
        }
    }
    d->summary.pub.severity = d->dropped_errors ? VB_SEVERITY_ERROR : VB_SEVERITY_WARNING;
    return &d->summary.pub;
}

const vb_diagnostic *vb_diagnostic_get(const vb_diagnostics *d_const, size_t i)
{
    vb_diagnostics *d = (vb_diagnostics *)d_const;
    if (!d)
        return NULL;
    if (i < d->count)
        return &d->items[i].pub;
    return i == d->count && dropped(d) ? summary(d) : NULL;
}

const char *vb_diagnostic_format(const vb_diagnostics *d_const, size_t i)
{
    vb_diagnostics *d = (vb_diagnostics *)d_const;
    const vb_diagnostic *g = vb_diagnostic_get(d, i);
    if (!g)
        return "";
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

bool vb_diag_would_keep(const vb_diagnostics *d, vb_severity sev)
{
    /* Past the cap, the first error still has a place: a run that fails must show why. */
    return d && (d->count < DIAG_CAP || (sev == VB_SEVERITY_ERROR && d->stored_errors == 0));
}

/* Keeps the message; false when memory ran out. */
static bool store(vb_diagnostics *d, vb_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap)
{
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        entry *n = realloc(d->items, cap * sizeof *n);
        if (!n)
            return false;
        d->items = n;
        d->cap = cap;
    }
    char *msg = NULL, *file_copy = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        return false;
    if (file && !(file_copy = strdup(file))) {
        free(msg);
        return false;
    }
    entry *e = &d->items[d->count++];
    e->file_copy = file_copy;
    e->message_copy = msg;
    e->pub = (vb_diagnostic){sev, file_copy, line, col, msg};
    return true;
}

void vb_diag_vadd(vb_diagnostics *d, vb_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap)
{
    if (!d)
        return;
    bool error = sev == VB_SEVERITY_ERROR;
    d->errors += error;
    if (vb_diag_would_keep(d, sev) && store(d, sev, file, line, col, fmt, ap)) {
        d->stored_errors += error;
        return;
    }
    if (error)
        d->dropped_errors++;
    else
        d->dropped_warnings++;
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

void vb_diag_out_of_memory(vb_diagnostics *d, const char *file, const char *fmt, ...)
{
    if (!d)
        return;
    d->memory_failures++;
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(d, VB_SEVERITY_ERROR, file, 0, 0, fmt, ap);
    va_end(ap);
}

size_t vb_diag_memory_failures(const vb_diagnostics *d)
{
    return d ? d->memory_failures : 0;
}
