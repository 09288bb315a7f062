/* One font file of a fontset (internal to src/fonts/): loaded, validated and subset. */
#ifndef VB_FONT_H
#define VB_FONT_H
#include <hb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/diag.h"
#include "fonts/fonts.h"

/* Every code point a Vietnamese administrative document normally uses lies below U+2500
 * (Latin, Vietnamese, combining marks, general punctuation, ₫ € №). A direct table of that
 * range keeps measuring off HarfBuzz's hot path; anything above falls back to HarfBuzz.
 * The table is filled as code points are first asked for (a document uses a hundred or two of
 * them; filling all 9,472 for four styles was most of the start-up time). Threads sharing the
 * fontset may fill the same entry at once: they store the same value, through relaxed atomics,
 * so the fontset stays read-only in every way that can be observed. */
#define FAST_LIMIT 0x2500u
#define NO_GLYPH (-1)

typedef struct {
    char *path;
    char *postscript_name;
    hb_blob_t *blob; /* the whole file, read by us (fontfile.c) */
    hb_face_t *face;
    hb_font_t *font;
    unsigned units_per_em;
    int ascender, descender, line_gap;
    vb_font_pdf_info pdf;
    _Atomic int16_t fast_advance[FAST_LIMIT]; /* 1/1000 em or NO_GLYPH, coded (fonts.c) */
} vb_font;

/* Loads path (owned by f from now on, even on failure) into f; false with a diagnostic naming
 * the file and what is wrong with it, or saying that memory ran out. style names the style in
 * messages. */
bool vb_font_load(vb_font *f, char *path, const char *style, vb_diagnostics *diag);
void vb_font_release(vb_font *f);

/* Advance of cp in 1/1000 em as libharu computes it, or NO_GLYPH; straight from HarfBuzz. */
int vb_font_lookup_advance(const vb_font *f, uint32_t cp);

/* Result of a subset attempt. */
typedef enum { VB_SUBSET_OK, VB_SUBSET_FAILED, VB_SUBSET_NO_MEMORY } vb_subset_status;

/* A subset of f for cps, as vb_font_subset_glyphs describes it. */
vb_subset_status vb_font_make_subset(const vb_font *f, const uint32_t *cps, size_t ncps,
                                     uint16_t *gids, unsigned char **out, size_t *out_len);
/* Load-time trial: a font that cannot be subset is refused when it is loaded, not when a PDF
 * is written. */
vb_subset_status vb_font_trial_subset(const vb_font *f);

#endif
