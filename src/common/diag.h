/* Internal side of vb_diagnostics: how stages report errors and warnings. */
#ifndef VB_DIAG_H
#define VB_DIAG_H
#include "../include/vanban.h"
#include <stdarg.h>

/* file may be NULL; line/col 0 when no position applies. The message is copied. */
void vb_diag_error(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void vb_diag_warning(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void vb_diag_vadd(vb_diagnostics *d, vb_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap);

#endif
