/* Checking a subset's structure against its plan (internal to src/fonts/). */
#ifndef VB_SUBSET_CHECK_H
#define VB_SUBSET_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts/fontfile.h"

/* What a subset of source must hold: num_glyphs glyphs, glyph i made from source glyph
 * old_gids[i], cps[i] mapped to gids[i] (0: not in the font, not checked), and none of the
 * dropped tables. */
typedef struct {
    const vb_sfnt *source;
    unsigned num_glyphs;
    const unsigned *old_gids;
    const uint32_t *cps;
    const uint16_t *gids;
    size_t ncps;
    const uint32_t *dropped; /* tables the plan was told to drop */
    size_t ndropped;
} vb_subset_expectation;

/* Whether the subset in data has every table, glyph, metric and cmap entry e asks for: HarfBuzz
 * 6 leaves a table or a glyph out without a word when an allocation fails while it writes. */
bool vb_subset_is_whole(const vb_subset_expectation *e, const unsigned char *data, size_t len);

#endif
