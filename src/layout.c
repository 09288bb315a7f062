/* STUB — replaced by layout. */
#include "layout.h"
vb_layout *vb_layout_document(const vb_document *doc, const vb_fontset *fonts, vb_arena *arena,
                              vb_diagnostics *diag) { return NULL; }
