/* STUB — replaced by the font module. */
#include "fonts.h"
vb_fontset *vb_fontset_load(const char *dir, vb_diagnostics *diag) { return NULL; }
void vb_fontset_free(vb_fontset *fs) {}
const char *vb_font_path(const vb_fontset *fs, vb_font_style st) { return ""; }
const char *vb_font_postscript_name(const vb_fontset *fs, vb_font_style st) { return ""; }
bool vb_font_has_glyph(const vb_fontset *fs, vb_font_style st, uint32_t cp) { return false; }
int vb_font_advance(const vb_fontset *fs, vb_font_style st, uint32_t cp) { return 500; }
double vb_text_width(const vb_fontset *fs, vb_font_style st, double size, const char *utf8,
                     size_t len) { return (double)len * size * 0.5; }
int vb_font_ascender(const vb_fontset *fs, vb_font_style st) { return 891; }
int vb_font_descender(const vb_fontset *fs, vb_font_style st) { return -216; }
int vb_font_line_gap(const vb_fontset *fs, vb_font_style st) { return 42; }
int vb_font_subset(const vb_fontset *fs, vb_font_style st, const uint32_t *cps, size_t ncps,
                   unsigned char **out, size_t *out_len) { return -1; }
