/* Loading one TrueType file: read by us, checked, then handed to HarfBuzz as a blob in memory.
 *
 * HarfBuzz 6 answers a failed allocation by quietly treating a table as empty (a lazily loaded
 * table, cmap or hmtx accelerator, or name list comes back as its empty stand-in, and stays so
 * for the life of the face). The numbers the PDF depends on are therefore read from the file by
 * fontfile.c, which allocates nothing, and what only HarfBuzz knows (glyphs, advances, the
 * PostScript name) is checked against what the file says; when the check fails the face is
 * built again once, so a lost allocation is told apart from a damaged font. */
#include "fonts/font.h"

#include <errno.h>
#include <hb-ot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "fonts/fontfile.h"

/* Widths must agree to the unit with the PDF /W array, otherwise justified lines would end a
 * little before or after the margin. pdf.c writes that array from vb_font_advance itself; the
 * arithmetic is libharu's, which wrote it before and which tests still compare against:
 * (advance * 1000 / unitsPerEm) in unsigned integer arithmetic, truncated, then stored in a
 * 16-bit integer (hpdf_fontdef_tt.c, HPDF_TTFontDef_GetCharWidth). */
static int advance_in_thousandths(unsigned design_advance, unsigned units_per_em)
{
    return (int16_t)(uint16_t)(design_advance * 1000u / units_per_em);
}

static int scale_metric(int design_value, unsigned units_per_em)
{
    return (int)((long)design_value * 1000 / (long)units_per_em);
}

int vb_font_lookup_advance(const vb_font *f, uint32_t cp)
{
    hb_codepoint_t glyph;
    if (!hb_font_get_nominal_glyph(f->font, cp, &glyph) || glyph == 0)
        return NO_GLYPH;
    unsigned design = (unsigned)hb_font_get_glyph_h_advance(f->font, glyph);
    return advance_in_thousandths(design, f->units_per_em);
}

/* The letters of Vietnamese, capital and small: a font lacking one cannot set the documents
 * vanban exists for. Checking them also proves the cmap and hmtx tables usable. */
static const char vietnamese_letters[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "ĂÂĐÊÔƠƯăâđêôơư"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";

/* The first Vietnamese letter the font lacks or draws with no width, or the first letter when
 * HarfBuzz and the hmtx table disagree on its width (a table HarfBuzz failed to load, which
 * then fails for every glyph alike); 0 when none. Widths are read from hmtx directly: asking
 * HarfBuzz for each was most of a font's load. */
static uint32_t missing_letter(const vb_font *f, const vb_sfnt *sfnt)
{
    vb_hmetrics metrics;
    vb_hmetrics_open(&metrics, sfnt);
    /* One call of HarfBuzz for all the letters: asked one by one, its dispatch per call was
     * most of the check. It stops at the first letter it cannot find. */
    hb_codepoint_t cps[sizeof vietnamese_letters], glyphs[sizeof vietnamese_letters];
    const unsigned char *s = (const unsigned char *)vietnamese_letters;
    size_t len = sizeof vietnamese_letters - 1;
    unsigned count = 0;
    for (size_t i = 0, used; i < len; i += used)
        cps[count++] = vb_utf8_next(s + i, len - i, &used);
    unsigned found = hb_font_get_nominal_glyphs(f->font, count, cps, sizeof *cps, glyphs,
                                                sizeof *glyphs);
    for (unsigned k = 0; k < count; k++) {
        if (k >= found || glyphs[k] == 0)
            return cps[k];
        long advance = vb_hmetrics_advance(&metrics, glyphs[k]);
        if (advance < 0 || advance_in_thousandths((unsigned)advance, f->units_per_em) <= 0 ||
            (k == 0 && hb_font_get_glyph_h_advance(f->font, glyphs[k]) != advance))
            return cps[k];
    }
    return 0;
}

/* hhea is what libharu writes as Ascent/Descent, and what Word uses for Times New Roman;
 * OS/2 typo metrics only stand in when a font leaves hhea empty. */
static void load_vertical_metrics(vb_font *f, const vb_sfnt *sfnt)
{
    size_t len;
    const unsigned char *hhea = vb_sfnt_table(sfnt, VB_TAG('h', 'h', 'e', 'a'), &len);
    int ascender = 0, descender = 0, line_gap = 0;
    if (len >= 10) {
        ascender = vb_be_i16(hhea, len, 4);
        descender = vb_be_i16(hhea, len, 6);
        line_gap = vb_be_i16(hhea, len, 8);
    }
    if (ascender == 0 && descender == 0) {
        hb_position_t value;
        if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &value))
            ascender = value;
        if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &value))
            descender = value;
        if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_LINE_GAP, &value))
            line_gap = value;
    }
    if (descender > 0)
        descender = -descender;
    f->ascender = scale_metric(ascender, f->units_per_em);
    f->descender = scale_metric(descender, f->units_per_em);
    f->line_gap = scale_metric(line_gap, f->units_per_em);
}

/* The font descriptor's numbers, read once: head (box, style bits), post (italic angle, fixed
 * pitch) and OS/2 (cap and x height, weight, family class and PANOSE for the serif flag). */
static void load_pdf_info(vb_font *f, const vb_sfnt *sfnt)
{
    vb_font_pdf_info *info = &f->pdf;
    unsigned upem = f->units_per_em;
    size_t len;
    const unsigned char *data = vb_sfnt_table(sfnt, VB_TAG('h', 'e', 'a', 'd'), &len);
    for (int i = 0; i < 4; i++)
        info->bbox[i] = scale_metric(vb_be_i16(data, len, 36 + 2 * (size_t)i), upem);
    unsigned mac_style = vb_be_u16(data, len, 44);

    data = vb_sfnt_table(sfnt, VB_TAG('p', 'o', 's', 't'), &len);
    info->italic_angle = (double)vb_be_i32(data, len, 4) / 65536.0;
    bool fixed_pitch = vb_be_i32(data, len, 12) != 0;

    data = vb_sfnt_table(sfnt, VB_TAG('O', 'S', '/', '2'), &len);
    unsigned weight = vb_be_u16(data, len, 4);
    unsigned family_class = vb_be_u16(data, len, 30) >> 8;
    unsigned panose_family = len > 32 ? data[32] : 0, panose_serif = len > 33 ? data[33] : 0;
    bool v2 = vb_be_u16(data, len, 0) >= 2;
    info->x_height = v2 ? scale_metric(vb_be_i16(data, len, 86), upem) : 0;
    info->cap_height = v2 ? scale_metric(vb_be_i16(data, len, 88), upem) : 0;

    info->ascent = f->ascender;
    info->descent = f->descender;
    if (info->cap_height <= 0)
        info->cap_height = f->ascender;
    /* The usual estimate from the weight class: 87 for regular (400), 166 for bold (700). */
    double w = (weight ? weight : 400) / 65.0;
    info->stem_v = 50 + (int)(w * w);
    bool serif = (family_class >= 1 && family_class <= 5) || family_class == 7 ||
                 (panose_family == 2 && panose_serif >= 2 && panose_serif <= 10);
    info->flags = 32u /* nonsymbolic */ | (fixed_pitch ? 1u : 0u) | (serif ? 2u : 0u) |
                  (info->italic_angle != 0 || (mac_style & 2) ? 64u : 0u) |
                  (mac_style & 1 ? 262144u /* force bold */ : 0u);
}

static void detach_harfbuzz(vb_font *f)
{
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    free(f->postscript_name);
    f->font = NULL;
    f->face = NULL;
    f->postscript_name = NULL;
}

typedef enum { ATTACH_OK, ATTACH_BAD_FONT, ATTACH_NO_MEMORY } attach_status;

/* Whether the face's cmap holds cp, asked without the font functions: HarfBuzz builds those
 * once per process, and when that allocation fails every font it makes afterwards finds no
 * glyph at all. A cmap that holds the letter a font cannot find tells that apart from a font
 * without Unicode (and a set that cannot be allocated says as much about memory). */
static bool cmap_lists(hb_face_t *face, uint32_t cp)
{
    hb_set_t *unicodes = hb_set_create();
    hb_face_collect_unicodes(face, unicodes);
    bool listed = !hb_set_allocation_successful(unicodes) || hb_set_has(unicodes, cp);
    hb_set_destroy(unicodes);
    return listed;
}

/* Builds the HarfBuzz face and font and reads through them what only they know. On
 * ATTACH_BAD_FONT, why says what is wrong (as HarfBuzz saw it: see the file comment). */
static attach_status attach_harfbuzz(vb_font *f, const vb_sfnt *sfnt, char *why, size_t why_size)
{
    f->face = hb_face_create(f->blob, 0);
    hb_face_make_immutable(f->face);
    f->font = hb_font_create(f->face);
    /* Unscaled: HarfBuzz then reports advances in font design units, as libharu reads them. */
    hb_font_set_scale(f->font, (int)f->units_per_em, (int)f->units_per_em);
    hb_font_make_immutable(f->font);

    char name[128];
    unsigned name_len = sizeof name;
    if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                             &name_len, name))
        name[0] = 0;
    if (!name[0] && vb_sfnt_has_name(sfnt, HB_OT_NAME_ID_POSTSCRIPT_NAME)) {
        snprintf(why, why_size, "không đọc được tên PostScript trong bảng name");
        return ATTACH_BAD_FONT;
    }
    if (!(f->postscript_name = strdup(name)))
        return ATTACH_NO_MEMORY;
    if (vb_font_lookup_advance(f, 'A') == NO_GLYPH || vb_font_lookup_advance(f, 'a') == NO_GLYPH) {
        /* The cmap lists them, so HarfBuzz failed to build its functions: memory. */
        if (cmap_lists(f->face, 'A') && cmap_lists(f->face, 'a'))
            return ATTACH_NO_MEMORY;
        snprintf(why, why_size, "%s", "phông chữ không có bảng mã Unicode cho chữ Latinh");
        return ATTACH_BAD_FONT;
    }
    /* HarfBuzz keeps the units per em and glyph count it read first, right or wrong. */
    size_t maxp_len;
    const unsigned char *maxp = vb_sfnt_table(sfnt, VB_TAG('m', 'a', 'x', 'p'), &maxp_len);
    if (hb_face_get_upem(f->face) != f->units_per_em ||
        hb_face_get_glyph_count(f->face) != vb_be_u16(maxp, maxp_len, 4)) {
        snprintf(why, why_size, "bảng head hoặc maxp của phông chữ không đọc được");
        return ATTACH_BAD_FONT;
    }
    uint32_t missing = missing_letter(f, sfnt);
    if (missing) {
        snprintf(why, why_size, "phông chữ thiếu chữ U+%04X, hoặc độ rộng của chữ ấy không "
                 "hợp lệ (bảng cmap, hhea, hmtx): không dùng được cho tiếng Việt", (unsigned)missing);
        return ATTACH_BAD_FONT;
    }
    load_vertical_metrics(f, sfnt);
    /* Negative or huge line metrics make libharu refuse the font only when the PDF is written,
     * and bend every line height before that. */
    if (f->ascender <= 0 || f->ascender > 3000 || f->descender < -3000 || f->line_gap < 0 ||
        f->line_gap > 3000) {
        snprintf(why, why_size,
                 "số đo dòng của phông chữ không hợp lệ (ascender %d, descender %d, line gap %d "
                 "phần nghìn em)", f->ascender, f->descender, f->line_gap);
        return ATTACH_BAD_FONT;
    }
    return ATTACH_OK;
}

static const char no_memory[] = "hết bộ nhớ khi nạp phông chữ";

/* Reads the file into f->blob; false with a diagnostic. */
static bool read_font_file(vb_font *f, const char *style, vb_diagnostics *diag)
{
    unsigned char *data;
    size_t len;
    int err;
    switch (vb_fontfile_read(f->path, &data, &len, &err)) {
    case VB_FONTFILE_OK:
        break;
    case VB_FONTFILE_NO_MEMORY:
        vb_diag_out_of_memory(diag, f->path, "%s", no_memory);
        return false;
    case VB_FONTFILE_UNREADABLE:
        vb_diag_error(diag, f->path, 0, 0, "không đọc được tệp phông chữ (kiểu %s): %s", style,
                      strerror(err));
        return false;
    case VB_FONTFILE_NOT_REGULAR:
        vb_diag_error(diag, f->path, 0, 0,
                      "không phải tệp phông chữ thông thường (kiểu %s): có thể là FIFO, thiết bị "
                      "hay thư mục",
                      style);
        return false;
    case VB_FONTFILE_TOO_LARGE:
        vb_diag_error(diag, f->path, 0, 0, "tệp phông chữ (kiểu %s) lớn quá %zu MB", style,
                      VB_FONT_FILE_MAX >> 20);
        return false;
    }
    /* The blob owns data from here: HarfBuzz frees it even when it cannot make the blob.
     * Writable, so that HarfBuzz mends a damaged table in place, once, while the font loads:
     * a read-only blob would be copied and swapped by every face made from it, and the faces
     * that subsets make (subset.c) are made by several threads at once. */
    f->blob = hb_blob_create_or_fail((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE,
                                     data, free);
    if (!f->blob) {
        vb_diag_out_of_memory(diag, f->path, "%s", no_memory);
        return false;
    }
    return true;
}

/* What makes a file unusable before HarfBuzz looks at it; NULL when it looks like a TrueType
 * font vanban can embed. */
static const char *refusal(const vb_sfnt *sfnt, bool complete)
{
    if (sfnt->version == VB_TAG('O', 'T', 'T', 'O'))
        return "phông chữ OpenType/CFF không nhúng được vào PDF; hãy dùng bản TrueType (.ttf)";
    if (sfnt->version != 0x00010000u && sfnt->version != VB_TAG('t', 'r', 'u', 'e'))
        return "không phải tệp phông chữ TrueType";
    if (!complete)
        return "tệp phông chữ bị cắt cụt: bảng mục lục hoặc một bảng vượt quá cuối tệp";
    size_t len;
    if (!vb_sfnt_table(sfnt, VB_TAG('g', 'l', 'y', 'f'), &len) || !len ||
        !vb_sfnt_table(sfnt, VB_TAG('h', 'e', 'a', 'd'), &len) || !len ||
        !vb_sfnt_table(sfnt, VB_TAG('O', 'S', '/', '2'), &len) || !len)
        return "phông chữ TrueType thiếu bảng glyf, head hoặc OS/2: không nhúng được vào PDF";
    /* fsType bits that make libharu refuse to embed (and forbid us to subset):
     * 0x0002 restricted licence, 0x0100 no subsetting, 0x0200 bitmap embedding only. */
    const unsigned char *os2 = vb_sfnt_table(sfnt, VB_TAG('O', 'S', '/', '2'), &len);
    if (vb_be_u16(os2, len, 8) & (0x0002u | 0x0100u | 0x0200u))
        return "giấy phép của phông chữ không cho phép nhúng (một phần) vào PDF (OS/2 fsType)";
    const unsigned char *head = vb_sfnt_table(sfnt, VB_TAG('h', 'e', 'a', 'd'), &len);
    unsigned upem = vb_be_u16(head, len, 18);
    /* The format allows 16 to 16384; below 64 every width is rounded by more than 1.5 %, which
     * no text font does (Times New Roman has 2048). */
    if (upem < 64 || upem > 16384)
        return "phông chữ có unitsPerEm ngoài khoảng 64–16384: tệp hỏng?";
    return NULL;
}

/* The HarfBuzz side, built again once when its check fails: see the file comment. */
static bool attach_checked(vb_font *f, const vb_sfnt *sfnt, vb_diagnostics *diag)
{
    char why[256] = "";
    attach_status status = ATTACH_BAD_FONT;
    for (int attempt = 0; attempt < 2 && status != ATTACH_OK; attempt++) {
        detach_harfbuzz(f);
        status = attach_harfbuzz(f, sfnt, why, sizeof why);
    }
    if (status == ATTACH_OK)
        return true;
    if (status == ATTACH_NO_MEMORY)
        vb_diag_out_of_memory(diag, f->path, "%s", no_memory);
    else
        vb_diag_error(diag, f->path, 0, 0, "%s", why);
    return false;
}

bool vb_font_load(vb_font *f, char *path, const char *style, vb_diagnostics *diag)
{
    f->path = path;
    if (!read_font_file(f, style, diag))
        return false;
    unsigned len = 0;
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(f->blob, &len);
    vb_sfnt sfnt;
    bool complete = vb_sfnt_open(&sfnt, data, len);
    const char *refused = refusal(&sfnt, complete);
    if (refused) {
        vb_diag_error(diag, path, 0, 0, "%s", refused);
        return false;
    }
    size_t head_len;
    const unsigned char *head = vb_sfnt_table(&sfnt, VB_TAG('h', 'e', 'a', 'd'), &head_len);
    f->units_per_em = vb_be_u16(head, head_len, 18);
    if (!attach_checked(f, &sfnt, diag))
        return false;
    load_pdf_info(f, &sfnt);
    switch (vb_font_trial_subset(f)) {
    case VB_SUBSET_OK:
        return true;
    case VB_SUBSET_NO_MEMORY:
        vb_diag_out_of_memory(diag, path, "%s", no_memory);
        return false;
    case VB_SUBSET_FAILED:
        break;
    }
    vb_diag_error(diag, path, 0, 0,
                  "HarfBuzz không tạo được tập con của phông chữ để nhúng vào PDF: tệp hỏng?");
    return false;
}

void vb_font_release(vb_font *f)
{
    detach_harfbuzz(f);
    hb_blob_destroy(f->blob);
    free(f->path);
    f->blob = NULL;
    f->path = NULL;
}
