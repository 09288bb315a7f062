/* Stage 4: the PDF backend — the only code that calls libharu. Draws a vb_layout as it is. */
#ifndef VB_PDF_H
#define VB_PDF_H
#include "common/buf.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"

typedef struct {
    const char *title;    /* UTF-8 */
    const char *subject;  /* UTF-8, may be NULL */
    const char *author;   /* UTF-8, may be NULL */
    long long creation_time; /* seconds since 1970, < 0 = none (deterministic output) */
} vb_pdf_meta;

/* Writes the whole PDF into out (which the caller frees with vb_buf_free). Fonts are embedded
 * as real subsets with a correct ToUnicode map. Returns 0, or -1 with a diagnostic. */
int vb_pdf_write(const vb_layout *layout, const vb_fontset *fonts, const vb_pdf_meta *meta,
                 vb_buf *out, vb_diagnostics *diag);

#endif
