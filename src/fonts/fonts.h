/* Font metrics and subsetting (HarfBuzz). Read-only after loading: one vb_fontset may be
 * shared by many documents and threads. Layout measures with it; the PDF backend embeds
 * subsets made by it. Widths are in thousandths of an em, truncated exactly as the PDF
 * /W array states them, so that what layout measures is what a viewer draws. */
#ifndef VB_FONTS_H
#define VB_FONTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common/diag.h"
#include "common/style.h"


typedef struct vb_fontset vb_fontset;

/* dir: a folder holding the four styles, by any of the usual file names
 * (LiberationSerif-Regular.ttf…, times.ttf/timesbd.ttf/timesi.ttf/timesbi.ttf,
 * "Times New Roman.ttf"…, Tinos-…). Each file must be a regular file of at most 64 MB and a
 * TrueType font fit for Vietnamese that HarfBuzz can subset, checked here rather than when a PDF
 * is written. NULL on failure with a diagnostic naming the folder or file and what is wrong, or
 * saying that memory ran out. */
vb_fontset *vb_fontset_load(const char *dir, vb_diagnostics *diag);
void vb_fontset_free(vb_fontset *fs);

const char *vb_font_path(const vb_fontset *fs, vb_style st);
const char *vb_font_postscript_name(const vb_fontset *fs, vb_style st);

bool vb_font_has_glyph(const vb_fontset *fs, vb_style st, uint32_t cp);
/* Advance width in 1/1000 em (as in the PDF /W array). 0 for a missing glyph. */
int vb_font_advance(const vb_fontset *fs, vb_style st, uint32_t cp);
/* Width in points of UTF-8 text (valid NFC) at size pt: vb_text_units * size / 1000. */
double vb_text_width(const vb_fontset *fs, vb_style st, double size, const char *utf8,
                     size_t len);
/* The sum of the advances of UTF-8 text in 1/1000 em, missing glyphs counting 0: widths of
 * joined texts add up exactly in these units. */
long vb_text_units(const vb_fontset *fs, vb_style st, const char *utf8, size_t len);
/* Vertical metrics in 1/1000 em: ascender (>0), descender (<0, as in the font), line gap. The
 * single line height is (ascender - descender + line_gap) / 1000 * size. */
int vb_font_ascender(const vb_fontset *fs, vb_style st);
int vb_font_descender(const vb_fontset *fs, vb_style st);
int vb_font_line_gap(const vb_fontset *fs, vb_style st);

/* A real subset (only the glyphs for cps, plus .notdef) as a TrueType file in malloc'd memory.
 * Returns 0, or -1 when memory ran out (the font was checked to subset when it was loaded). */
int vb_font_subset(const vb_fontset *fs, vb_style st, const uint32_t *cps, size_t ncps,
                   unsigned char **out, size_t *out_len);
/* The same, and gids[i] (when gids is not NULL) is the glyph id cps[i] has in the subset, 0 when
 * the font lacks it. */
int vb_font_subset_glyphs(const vb_fontset *fs, vb_style st, const uint32_t *cps,
                          size_t ncps, uint16_t *gids, unsigned char **out, size_t *out_len);

/* Bit set of the styles (1 << vb_style) that lack cp; all four above U+FFFF, as for
 * vb_font_has_glyph. One table look-up for the characters documents use. */
unsigned vb_fontset_missing_styles(const vb_fontset *fs, uint32_t cp);

/* What a PDF FontDescriptor states about a style, in 1/1000 em (as libharu computed it where
 * it did). */
typedef struct {
    int ascent, descent;     /* hhea, as vb_font_ascender/descender */
    int cap_height, x_height;
    int bbox[4];             /* head: xMin yMin xMax yMax */
    double italic_angle;     /* post, degrees */
    int stem_v;              /* estimated from the OS/2 weight class */
    unsigned flags;          /* FontDescriptor /Flags: fixed pitch, serif, nonsymbolic, italic,
                                force bold */
} vb_font_pdf_info;
void vb_font_pdf_info_get(const vb_fontset *fs, vb_style st, vb_font_pdf_info *out);

#endif
