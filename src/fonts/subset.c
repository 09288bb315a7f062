/* Font subsets for embedding, made by HarfBuzz and checked (its subsetter hides failures). */
#include "fonts/font.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>

/* Tables nothing downstream reads: text is never shaped (each code point is drawn through the
 * cmap), and libharu embeds only its 13 core TrueType tables. Dropping the layout tables also
 * keeps the glyph closure from pulling in ligatures and alternates. */
static const hb_tag_t dropped_tables[] = {
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
 * subsetter was seen to build on TrueType faces, and a little more. */
static void build_lazy_tables(hb_font_t *font)
{
    hb_codepoint_t glyph = 0;
    hb_font_get_nominal_glyph(font, 'A', &glyph);
    hb_font_get_glyph_h_advance(font, glyph);
    hb_font_get_glyph_v_advance(font, glyph);
    hb_glyph_extents_t extents;
    hb_font_get_glyph_extents(font, glyph, &extents);
    char name[64];
    hb_font_get_glyph_name(font, glyph, name, sizeof name);
    hb_style_get_value(font, HB_STYLE_TAG_WEIGHT);
    hb_face_t *face = hb_font_get_face(font);
    hb_ot_var_has_data(face);
    hb_ot_color_has_palettes(face);
    hb_ot_color_has_layers(face);
    hb_ot_color_has_svg(face);
    hb_ot_color_has_png(face);
    hb_ot_math_has_data(face);
}

/* One attempt, on a face of its own: whatever the subsetter does to a face cannot reach the
 * shared one, which every thread measures with. The bytes are malloc'd in *out. */
static vb_subset_status subset_once(const vb_font *f, const uint32_t *cps, size_t ncps,
                                    uint16_t *gids, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    hb_face_t *face = hb_face_create(f->blob, 0);
    hb_font_t *font = hb_font_create(face);
    build_lazy_tables(font);
    hb_subset_plan_t *plan = make_plan(face, cps, ncps);
    hb_face_t *subset = NULL;
    if (plan && gids) {
        const hb_map_t *unicode_to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < ncps; i++)
            gids[i] = planned_glyph(unicode_to_old, old_to_new, cps[i]);
    }
    if (plan)
        subset = hb_subset_plan_execute_or_fail(plan);
    hb_subset_plan_destroy(plan);
    hb_font_destroy(font);
    hb_face_destroy(face);
    if (!subset)
        return VB_SUBSET_FAILED;
    hb_blob_t *blob = hb_face_reference_blob(subset);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    vb_subset_status status = VB_SUBSET_FAILED;
    if (data && len > 0) {
        status = (*out = malloc(len)) ? VB_SUBSET_OK : VB_SUBSET_NO_MEMORY;
        if (*out) {
            memcpy(*out, data, len);
            *out_len = len;
        }
    }
    hb_blob_destroy(blob);
    hb_face_destroy(subset);
    return status;
}

typedef struct {
    vb_subset_status status;
    unsigned char *data;
    size_t len;
    uint16_t *gids;
} attempt;

static bool same_attempt(const attempt *a, const attempt *b, size_t ncps)
{
    return a->status == VB_SUBSET_OK && b->status == VB_SUBSET_OK && a->len == b->len &&
           memcmp(a->data, b->data, a->len) == 0 &&
           (!a->gids || memcmp(a->gids, b->gids, ncps * sizeof *a->gids) == 0);
}

vb_subset_status vb_font_make_subset(const vb_font *f, const uint32_t *cps, size_t ncps,
                                     uint16_t *gids, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    /* HarfBuzz's subsetter does not report every failed allocation: some only leave a glyph
     * or a table out of the result. Two attempts that agree byte for byte are the answer; one
     * failed allocation can spoil only one of them, and then a third settles it. A font that
     * cannot be subset fails every time. */
    attempt tries[3] = {{0}};
    vb_subset_status status = VB_SUBSET_NO_MEMORY;
    int agreed = -1;
    for (int i = 0; i < 3 && agreed < 0; i++) {
        tries[i].gids = gids && ncps ? malloc(ncps * sizeof *gids) : NULL;
        if (gids && ncps && !tries[i].gids)
            break;
        tries[i].status = subset_once(f, cps, ncps, tries[i].gids, &tries[i].data, &tries[i].len);
        for (int j = 0; j < i && agreed < 0; j++) {
            if (same_attempt(&tries[i], &tries[j], ncps))
                agreed = i;
            else if (tries[i].status == VB_SUBSET_FAILED && tries[j].status == VB_SUBSET_FAILED)
                status = VB_SUBSET_FAILED;
        }
        if (status == VB_SUBSET_FAILED)
            break;
    }
    if (agreed >= 0) {
        status = VB_SUBSET_OK;
        *out = tries[agreed].data;
        *out_len = tries[agreed].len;
        tries[agreed].data = NULL;
        if (gids && ncps)
            memcpy(gids, tries[agreed].gids, ncps * sizeof *gids);
    }
    for (int i = 0; i < 3; i++) {
        free(tries[i].data);
        free(tries[i].gids);
    }
    return status;
}

vb_subset_status vb_font_trial_subset(const vb_font *f)
{
    /* Only success matters here, not the bytes: one attempt that succeeds proves the font can
     * be subset; one failure may be a failed allocation, two are the font's. */
    vb_subset_status status = VB_SUBSET_FAILED;
    for (int i = 0; i < 2 && status != VB_SUBSET_OK; i++) {
        unsigned char *data;
        size_t len;
        status = subset_once(f, trial_code_points,
                             sizeof trial_code_points / sizeof trial_code_points[0], NULL, &data,
                             &len);
        free(data);
    }
    return status;
}
