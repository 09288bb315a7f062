/* STUB — replaced by text preparation. */
#include "prepare.h"
int vb_prepare(vb_document *doc, const vb_fontset *fonts, vb_arena *arena, vb_diagnostics *diag)
{
    return -1;
}
