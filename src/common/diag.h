/* Internal side of vb_diagnostics: how stages report errors and warnings. */
#ifndef VB_DIAG_H
#define VB_DIAG_H
#include "../include/vanban.h"
#include <stdarg.h>
#include <stdbool.h>

/* file may be NULL; line/col 0 when no position applies. The message is copied. Past 1,000
 * messages only the first error is still kept; the rest are counted (every error counts in
 * vb_diagnostics_errors) and one last entry says how many were left out. A message that cannot
 * be stored for want of memory is counted the same way. */
void vb_diag_error(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void vb_diag_warning(vb_diagnostics *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* True when a message of that severity would be kept, not only counted: a stage may skip
 * working out the words of one that would not. */
bool vb_diag_would_keep(const vb_diagnostics *d, vb_severity sev);
/* Running out of memory is the system's failure, never the clerk's: an error said through this
 * call is counted apart, so that the caller answers VB_ERR_IO whichever stage it struck. It is
 * counted even when the message itself cannot be stored. */
void vb_diag_out_of_memory(vb_diagnostics *d, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* How many out-of-memory errors d holds: compare before and after a stage. */
size_t vb_diag_memory_failures(const vb_diagnostics *d);
void vb_diag_vadd(vb_diagnostics *d, vb_severity sev, const char *file, int line, int col,
                  const char *fmt, va_list ap);

#endif
