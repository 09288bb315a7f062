/* STUB — replaced by the PDF backend. */
#include "pdf.h"
int vb_pdf_write(const vb_layout *layout, const vb_fontset *fonts, const vb_pdf_meta *meta,
                 vb_buf *out, vb_diagnostics *diag) { return -1; }
