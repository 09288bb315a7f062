/* Font subsets for embedding, made by HarfBuzz and checked (its subsetter hides failures). */
#include "fonts/font.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

#include "fonts/subset_check.h"

/* Tables nothing downstream reads: text is never shaped (each code point is drawn through the
 * cmap), and libharu embeds only its 13 core TrueType tables. Dropping the layout tables also
 * keeps the glyph closure from pulling in ligatures and alternates. */
static const uint32_t dropped_tables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('m', 'o', 'r', 't'),
    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('D', 'S', 'I', 'G'),
    HB_TAG('F', 'F', 'T', 'M'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
    HB_TAG('h', 'd', 'm', 'x'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('P', 'C', 'L', 'T'),
};

/* What a trial subset holds: a few letters every document has, Vietnamese ones among them. */
static const uint32_t trial_code_points[] = {'A', 'a', ' ', '0', 0x0110 /* Đ */, 0x1EA1 /* ạ */};

/* The new glyph id of cp in a subset plan, 0 when there is none. */
static uint16_t planned_glyph(const hb_map_t *unicode_to_old, const hb_map_t *old_to_new,
                              uint32_t cp)
{
    hb_codepoint_t old = hb_map_get(unicode_to_old, cp);
    hb_codepoint_t new_gid = old == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID
                                                         : hb_map_get(old_to_new, old);
    return new_gid == HB_MAP_VALUE_INVALID || new_gid > 0xFFFF ? 0 : (uint16_t)new_gid;
}

static hb_subset_plan_t *make_plan(hb_face_t *face, const uint32_t *cps, size_t ncps)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return NULL;
    hb_set_t *unicodes = hb_subset_input_unicode_set(input);
    for (size_t i = 0; i < ncps; i++)
        hb_set_add(unicodes, cps[i]);
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped_tables / sizeof dropped_tables[0]; i++)
        hb_set_add(drop, dropped_tables[i]);
    /* Hinting is two thirds of a small subset, and PDF viewers render TrueType outlines
     * unhinted or auto-hinted anyway; printers work at resolutions where it does not matter. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    /* A set that failed to grow loses code points without a word: check that all are in. */
    hb_subset_plan_t *plan = hb_set_allocation_successful(unicodes) &&
                                     hb_set_allocation_successful(drop)
                                 ? hb_subset_plan_create_or_fail(face, input)
                                 : NULL;
    hb_subset_input_destroy(input);
    return plan;
}

/* Builds, through libharfbuzz itself, the parts of a face that the subsetter would otherwise
 * build lazily from libharfbuzz-subset. Each library has its own copy of HarfBuzz's "Null"
 * stand-in objects: when an allocation fails while the subsetter builds one of them, the face
 * keeps libharfbuzz-subset's stand-in, which hb_face_destroy in libharfbuzz does not recognise
 * and passes to free() (HarfBuzz 6.0: "free(): invalid pointer", then a crash). Built here, a
 * part that fails holds libharfbuzz's own stand-in, which is never freed. The list is what the
 * subsetter was seen to build on TrueType faces, and a little more; not the glyph names (post
 * accelerator), which it never reads when told to write no names, and which cost a sixth of a
 * subset (the out-of-memory walk, run without them on both font families, handles every
 * point). */
static void build_lazy_tables(hb_font_t *font)
{
    hb_codepoint_t glyph = 0;
    hb_font_get_nominal_glyph(font, 'A', &glyph);
    hb_font_get_glyph_h_advance(font, glyph);
    hb_font_get_glyph_v_advance(font, glyph);
    hb_glyph_extents_t extents;
    hb_font_get_glyph_extents(font, glyph, &extents);
    hb_style_get_value(font, HB_STYLE_TAG_WEIGHT);
    hb_face_t *face = hb_font_get_face(font);
    hb_ot_var_has_data(face);
    hb_ot_color_has_palettes(face);
    hb_ot_color_has_layers(face);
    hb_ot_color_has_svg(face);
    hb_ot_color_has_png(face);
    hb_ot_math_has_data(face);
}

/* The new glyph id of each planned glyph's source glyph, malloc'd; NULL when the plan's map
 * is not whole or memory runs out. */
static unsigned *planned_old_gids(const hb_subset_plan_t *plan, unsigned *num_glyphs)
{
    const hb_map_t *new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
    *num_glyphs = hb_map_get_population(new_to_old);
    unsigned *old = hb_map_allocation_successful(new_to_old) && *num_glyphs
                        ? malloc(*num_glyphs * sizeof *old)
                        : NULL;
    for (unsigned i = 0; old && i < *num_glyphs; i++) {
        hb_codepoint_t gid = hb_map_get(new_to_old, i);
        if (gid == HB_MAP_VALUE_INVALID) {
            free(old);
            return NULL;
        }
        old[i] = gid;
    }
    return old;
}

/* The code points a subset is asked for, and where their planned glyph ids go. */
typedef struct {
    const uint32_t *cps;
    size_t ncps;
    uint16_t *gids;
} vb_subset_request;

/* Whether the plan lost no code point: one it maps to no glyph must be one the font lacks. */
static bool plan_whole(const vb_font *f, const hb_subset_plan_t *plan, const uint32_t *cps,
                       size_t ncps, const uint16_t *gids)
{
    if (!hb_map_allocation_successful(hb_subset_plan_unicode_to_old_glyph_mapping(plan)) ||
        !hb_map_allocation_successful(hb_subset_plan_old_to_new_glyph_mapping(plan)))
        return false;
    for (size_t i = 0; i < ncps; i++) {
        hb_codepoint_t glyph;
        if (!gids[i] && hb_font_get_nominal_glyph(f->font, cps[i], &glyph) && glyph)
            return false;
    }
    return true;
}

/* The subset's bytes, malloc'd in *out, and in *whole whether they passed the check against
 * the plan. */
static vb_subset_status take_checked_bytes(const vb_font *f, const hb_subset_plan_t *plan,
                                           hb_face_t *subset, const vb_subset_request *r,
                                           bool *whole, unsigned char **out, size_t *out_len)
{
    unsigned num_glyphs = 0;
    unsigned *old_gids = planned_old_gids(plan, &num_glyphs);
    hb_blob_t *blob = hb_face_reference_blob(subset);
    unsigned len = 0;
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(blob, &len);
    unsigned source_len = 0;
    const unsigned char *source_data =
        (const unsigned char *)hb_blob_get_data(f->blob, &source_len);
    vb_sfnt source;
    vb_sfnt_open(&source, source_data, source_len);
    vb_subset_expectation expected = {&source, num_glyphs, old_gids, r->cps, r->gids, r->ncps,
                                      dropped_tables, sizeof dropped_tables / sizeof *dropped_tables};
    *whole = old_gids && plan_whole(f, plan, r->cps, r->ncps, r->gids) && data && len > 0 &&
             vb_subset_is_whole(&expected, data, len);
    vb_subset_status status = VB_SUBSET_FAILED;
    if (data && len > 0) {
        status = (*out = malloc(len)) ? VB_SUBSET_OK : VB_SUBSET_NO_MEMORY;
        if (*out) {
            memcpy(*out, data, len);
            *out_len = len;
        }
    }
    hb_blob_destroy(blob);
    free(old_gids);
    return status;
}

/* One attempt, on a face of its own: whatever the subsetter does to a face cannot reach the
 * shared one, which every thread measures with. The bytes are malloc'd in *out. */
static vb_subset_status subset_once(const vb_font *f, const vb_subset_request *r, bool *whole,
                                    unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    *whole = false;
    hb_face_t *face = hb_face_create(f->blob, 0);
    hb_font_t *font = hb_font_create(face);
    build_lazy_tables(font);
    hb_subset_plan_t *plan = make_plan(face, r->cps, r->ncps);
    vb_subset_status status = VB_SUBSET_FAILED;
    if (plan) {
        const hb_map_t *unicode_to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < r->ncps; i++)
            r->gids[i] = planned_glyph(unicode_to_old, old_to_new, r->cps[i]);
        hb_face_t *subset = hb_subset_plan_execute_or_fail(plan);
        if (subset)
            status = take_checked_bytes(f, plan, subset, r, whole, out, out_len);
        hb_face_destroy(subset);
    }
    hb_subset_plan_destroy(plan);
    hb_font_destroy(font);
    hb_face_destroy(face);
    return status;
}

/* A second attempt after one that failed or was not whole; keeps the better of the two in
 * *out. Two attempts that are not whole but agree byte for byte are the font's own (a damaged
 * glyph HarfBuzz leaves empty), as before the check existed: a failed allocation does not
 * repeat itself. */
static vb_subset_status second_attempt(const vb_font *f, const vb_subset_request *r,
                                       vb_subset_status first, unsigned char **out,
                                       size_t *out_len)
{
    unsigned char *again = NULL;
    size_t again_len = 0;
    uint16_t *first_gids = first == VB_SUBSET_OK ? malloc((r->ncps ? r->ncps : 1) * 2) : NULL;
    if (first == VB_SUBSET_OK && !first_gids) {
        free(*out);
        *out = NULL;
        return VB_SUBSET_NO_MEMORY;
    }
    if (first_gids)
        memcpy(first_gids, r->gids, r->ncps * sizeof *r->gids);
    bool whole;
    vb_subset_status status = subset_once(f, r, &whole, &again, &again_len);
    bool agree = status == VB_SUBSET_OK && first == VB_SUBSET_OK && again_len == *out_len &&
                 memcmp(again, *out, again_len) == 0 &&
                 memcmp(first_gids, r->gids, r->ncps * sizeof *r->gids) == 0;
    free(first_gids);
    free(*out);
    *out = NULL;
    *out_len = 0;
    if (status == VB_SUBSET_OK && (whole || agree)) {
        *out = again;
        *out_len = again_len;
        return VB_SUBSET_OK;
    }
    free(again);
    return first == VB_SUBSET_FAILED && status == VB_SUBSET_FAILED ? VB_SUBSET_FAILED
                                                                   : VB_SUBSET_NO_MEMORY;
}

vb_subset_status vb_font_make_subset(const vb_font *f, const uint32_t *cps, size_t ncps,
                                     uint16_t *gids, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    uint16_t *planned = gids ? gids : malloc((ncps ? ncps : 1) * sizeof *planned);
    if (!planned)
        return VB_SUBSET_NO_MEMORY;
    /* HarfBuzz's subsetter does not report every failed allocation: some only leave a glyph
     * or a table out of the result, which the check in take_checked_bytes finds. A subset that
     * fails it is made once more: one failed allocation spoils one attempt. */
    vb_subset_request request = {cps, ncps, planned};
    bool whole;
    vb_subset_status status = subset_once(f, &request, &whole, out, out_len);
    if (status != VB_SUBSET_OK || !whole)
        status = second_attempt(f, &request, status, out, out_len);
    if (planned != gids)
        free(planned);
    return status;
}

/* One trial: whether HarfBuzz makes a subset at all, its bytes neither taken nor checked. */
static bool trial_once(const vb_font *f)
{
    hb_face_t *face = hb_face_create(f->blob, 0);
    hb_font_t *font = hb_font_create(face);
    build_lazy_tables(font);
    hb_subset_plan_t *plan =
        make_plan(face, trial_code_points, sizeof trial_code_points / sizeof *trial_code_points);
    hb_face_t *subset = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    bool made = subset != NULL;
    hb_face_destroy(subset);
    hb_subset_plan_destroy(plan);
    hb_font_destroy(font);
    hb_face_destroy(face);
    return made;
}

vb_subset_status vb_font_trial_subset(const vb_font *f)
{
    /* Only success matters here, not the bytes (those of a write are checked): one failure may
     * be a failed allocation, or a damaged table HarfBuzz mends in the blob as it reads it;
     * two are the font's. */
    return trial_once(f) || trial_once(f) ? VB_SUBSET_OK : VB_SUBSET_FAILED;
}
