/* Font metrics and subsetting with HarfBuzz.
 *
 * Widths must agree to the unit with the PDF /W array, otherwise justified lines would end a
 * little before or after the margin. pdf.c writes that array from vb_font_advance itself; the
 * arithmetic is libharu's, which wrote it before and which tests still compare against:
 * (advance * 1000 / unitsPerEm) in unsigned integer arithmetic, truncated, then stored in a
 * 16-bit integer (hpdf_fontdef_tt.c, HPDF_TTFontDef_GetCharWidth). */
#include "fonts/fonts.h"

#include <dirent.h>
#include <stdatomic.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every code point a Vietnamese administrative document normally uses lies below U+2500
 * (Latin, Vietnamese, combining marks, general punctuation, ₫ € №). A direct table of that
 * range keeps measuring off HarfBuzz's hot path; anything above falls back to HarfBuzz.
 * The table is filled as code points are first asked for (a document uses a hundred or two of
 * them; filling all 9,472 for four styles was most of the start-up time). Threads sharing the
 * fontset may fill the same entry at once: they store the same value, through relaxed atomics,
 * so the fontset stays read-only in every way that can be observed. */
#define FAST_LIMIT 0x2500u
#define NO_GLYPH (-1)
#define NOT_ASKED INT16_MIN     /* fast_advance entry not looked up yet */
#define MISSING_NOT_ASKED 0xFFu /* missing_fast entry not computed yet */

/* The PDF backend draws only characters of the BMP (libharu's UTF-8 decoder turns the others
 * into a space), so above it every glyph counts as missing. */
#define BMP_LIMIT 0x10000u

typedef struct {
    char *path;
    char *postscript_name;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned units_per_em;
    int ascender, descender, line_gap;
    vb_font_pdf_info pdf;
    _Atomic int16_t fast_advance[FAST_LIMIT]; /* 1/1000 em, NO_GLYPH, or NOT_ASKED */
} vb_font;

struct vb_fontset {
    vb_font styles[4];
    /* styles lacking each code point, as a bit set, or MISSING_NOT_ASKED */
    _Atomic uint8_t missing_fast[FAST_LIMIT];
};

static const char *const style_label[4] = {"thường", "đậm", "nghiêng", "đậm nghiêng"};

/* File names by style, in order of preference. Matching ignores case, so "TIMES.TTF" and
 * "Times.ttf" (Windows copies) are found as well. */
static const char *const candidate_names[4][8] = {
    [VB_STYLE_REGULAR] = {"LiberationSerif-Regular.ttf", "Tinos-Regular.ttf", "times.ttf",
                         "Times New Roman.ttf", "TimesNewRoman.ttf", "TimesNewRoman-Regular.ttf",
                         "TimesNewRomanPSMT.ttf", NULL},
    [VB_STYLE_BOLD] = {"LiberationSerif-Bold.ttf", "Tinos-Bold.ttf", "timesbd.ttf",
                      "Times New Roman Bold.ttf", "TimesNewRoman-Bold.ttf",
                      "TimesNewRomanBold.ttf", "TimesNewRomanPS-BoldMT.ttf", NULL},
    [VB_STYLE_ITALIC] = {"LiberationSerif-Italic.ttf", "Tinos-Italic.ttf", "timesi.ttf",
                        "Times New Roman Italic.ttf", "TimesNewRoman-Italic.ttf",
                        "TimesNewRomanItalic.ttf", "TimesNewRomanPS-ItalicMT.ttf", NULL},
    [VB_STYLE_BOLD_ITALIC] = {"LiberationSerif-BoldItalic.ttf", "Tinos-BoldItalic.ttf",
                             "timesbi.ttf", "Times New Roman Bold Italic.ttf",
                             "TimesNewRoman-BoldItalic.ttf", "TimesNewRomanBoldItalic.ttf",
                             "TimesNewRomanPS-BoldItalicMT.ttf", NULL},
};

static const vb_font *font_of(const vb_fontset *fs, vb_style st)
{
    if (!fs || (unsigned)st > VB_STYLE_BOLD_ITALIC)
        return NULL;
    return &fs->styles[st];
}

/* The same arithmetic as libharu, including the 16-bit store. */
static int advance_in_thousandths(unsigned design_advance, unsigned units_per_em)
{
    return (int16_t)(uint16_t)(design_advance * 1000u / units_per_em);
}

static int scale_metric(int design_value, unsigned units_per_em)
{
    return (int)((long)design_value * 1000 / (long)units_per_em);
}

static uint16_t read_u16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static hb_tag_t sfnt_version_of(hb_blob_t *blob)
{
    unsigned len = 0;
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(blob, &len);
    if (len < 4)
        return 0;
    return HB_TAG(data[0], data[1], data[2], data[3]);
}

static bool face_has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *table = hb_face_reference_table(face, tag);
    bool present = hb_blob_get_length(table) > 0;
    hb_blob_destroy(table);
    return present;
}

/* fsType bits that make libharu refuse to embed (and forbid us to subset):
 * 0x0002 restricted licence, 0x0100 no subsetting, 0x0200 bitmap embedding only. */
static unsigned embedding_restrictions(hb_face_t *face)
{
    hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
    unsigned len = 0;
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(os2, &len);
    unsigned fs_type = len >= 10 ? read_u16(data + 8) : 0;
    hb_blob_destroy(os2);
    return fs_type & (0x0002u | 0x0100u | 0x0200u);
}

/* hhea is what libharu writes as Ascent/Descent, and what Word uses for Times New Roman;
 * OS/2 typo metrics only stand in when a font leaves hhea empty. */
static void load_vertical_metrics(vb_font *f)
{
    hb_blob_t *hhea = hb_face_reference_table(f->face, HB_TAG('h', 'h', 'e', 'a'));
    unsigned len = 0;
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(hhea, &len);
    int ascender = 0, descender = 0, line_gap = 0;
    if (len >= 10) {
        ascender = (int16_t)read_u16(data + 4);
        descender = (int16_t)read_u16(data + 6);
        line_gap = (int16_t)read_u16(data + 8);
    }
    hb_blob_destroy(hhea);
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

static int lookup_advance(const vb_font *f, uint32_t cp)
{
    hb_codepoint_t glyph;
    if (!hb_font_get_nominal_glyph(f->font, cp, &glyph) || glyph == 0)
        return NO_GLYPH;
    unsigned design = (unsigned)hb_font_get_glyph_h_advance(f->font, glyph);
    return advance_in_thousandths(design, f->units_per_em);
}

static void init_fast_table(vb_font *f)
{
    for (uint32_t cp = 0; cp < FAST_LIMIT; cp++)
        atomic_init(&f->fast_advance[cp], NOT_ASKED);
}

/* Big-endian fields of a table; 0 when the table is shorter. */
static int table_i16(const unsigned char *data, unsigned len, unsigned offset)
{
    return offset + 2 <= len ? (int16_t)read_u16(data + offset) : 0;
}

static unsigned table_u16(const unsigned char *data, unsigned len, unsigned offset)
{
    return offset + 2 <= len ? read_u16(data + offset) : 0;
}

static long table_i32(const unsigned char *data, unsigned len, unsigned offset)
{
    if (offset + 4 > len)
        return 0;
    return (long)(int32_t)((uint32_t)read_u16(data + offset) << 16 | read_u16(data + offset + 2));
}

/* The font descriptor's numbers, read once: head (box, style bits), post (italic angle, fixed
 * pitch) and OS/2 (cap and x height, weight, family class and PANOSE for the serif flag). */
static void load_pdf_info(vb_font *f)
{
    vb_font_pdf_info *info = &f->pdf;
    unsigned upem = f->units_per_em;
    unsigned len = 0;
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    const unsigned char *data = (const unsigned char *)hb_blob_get_data(head, &len);
    for (int i = 0; i < 4; i++)
        info->bbox[i] = scale_metric(table_i16(data, len, 36 + 2 * (unsigned)i), upem);
    unsigned mac_style = table_u16(data, len, 44);
    hb_blob_destroy(head);

    hb_blob_t *post = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
    data = (const unsigned char *)hb_blob_get_data(post, &len);
    info->italic_angle = (double)table_i32(data, len, 4) / 65536.0;
    bool fixed_pitch = table_i32(data, len, 12) != 0;
    hb_blob_destroy(post);

    hb_blob_t *os2 = hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
    data = (const unsigned char *)hb_blob_get_data(os2, &len);
    unsigned weight = table_u16(data, len, 4);
    unsigned family_class = table_u16(data, len, 30) >> 8;
    unsigned panose_family = len > 32 ? data[32] : 0, panose_serif = len > 33 ? data[33] : 0;
    bool v2 = table_u16(data, len, 0) >= 2;
    info->x_height = v2 ? scale_metric(table_i16(data, len, 86), upem) : 0;
    info->cap_height = v2 ? scale_metric(table_i16(data, len, 88), upem) : 0;
    hb_blob_destroy(os2);

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

/* Picks the preferred candidate present in dir; among names equal but for case, the
 * byte-wise smallest, so that the choice never depends on readdir order. */
static char *find_style_file(const char *dir, char *const *entries, size_t nentries,
                             vb_style st)
{
    for (const char *const *name = candidate_names[st]; *name; name++) {
        const char *best = NULL;
        for (size_t i = 0; i < nentries; i++)
            if (strcasecmp(entries[i], *name) == 0 && (!best || strcmp(entries[i], best) < 0))
                best = entries[i];
        if (best) {
            size_t n = strlen(dir) + 1 + strlen(best) + 1;
            char *path = malloc(n);
            if (path)
                snprintf(path, n, "%s/%s", dir, best);
            return path;
        }
    }
    return NULL;
}

static char **list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **entries = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **grown = realloc(entries, ncap * sizeof *grown);
            if (!grown)
                break;
            entries = grown;
            cap = ncap;
        }
        if (!(entries[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (!entries)
        entries = calloc(1, sizeof *entries); /* an empty folder is not a failure */
    *count = n;
    return entries;
}

static void free_entries(char **entries, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
}

static void report_missing_style(vb_diagnostics *diag, const char *dir, vb_style st)
{
    char tried[512] = "";
    size_t used = 0;
    for (const char *const *name = candidate_names[st]; *name && used < sizeof tried; name++) {
        int n = snprintf(tried + used, sizeof tried - used, "%s\"%s\"", used ? ", " : "", *name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    vb_diag_error(diag, NULL, 0, 0,
                  "thư mục phông chữ \"%s\" thiếu kiểu %s (đã tìm: %s, không phân biệt hoa thường)",
                  dir, style_label[st], tried);
}

static bool load_font(vb_font *f, char *path, vb_style st, vb_diagnostics *diag)
{
    f->path = path;
    f->blob = hb_blob_create_from_file_or_fail(path);
    if (!f->blob) {
        vb_diag_error(diag, path, 0, 0, "không đọc được tệp phông chữ (kiểu %s)", style_label[st]);
        return false;
    }
    hb_tag_t version = sfnt_version_of(f->blob);
    if (version == HB_TAG('O', 'T', 'T', 'O')) {
        vb_diag_error(diag, path, 0, 0,
                      "phông chữ OpenType/CFF không nhúng được vào PDF; "
                      "hãy dùng bản TrueType (.ttf)");
        return false;
    }
    if (version != 0x00010000u && version != HB_TAG('t', 'r', 'u', 'e')) {
        vb_diag_error(diag, path, 0, 0, "không phải tệp phông chữ TrueType");
        return false;
    }
    f->face = hb_face_create(f->blob, 0);
    if (!face_has_table(f->face, HB_TAG('g', 'l', 'y', 'f')) ||
        !face_has_table(f->face, HB_TAG('h', 'e', 'a', 'd')) ||
        !face_has_table(f->face, HB_TAG('O', 'S', '/', '2'))) {
        vb_diag_error(diag, path, 0, 0,
                      "phông chữ TrueType thiếu bảng glyf, head hoặc OS/2: "
                      "không nhúng được vào PDF");
        return false;
    }
    if (embedding_restrictions(f->face)) {
        vb_diag_error(diag, path, 0, 0,
                      "giấy phép của phông chữ không cho phép nhúng (một phần) vào PDF "
                      "(OS/2 fsType)");
        return false;
    }
    hb_face_make_immutable(f->face);
    f->units_per_em = hb_face_get_upem(f->face);
    f->font = hb_font_create(f->face);
    /* Unscaled: HarfBuzz then reports advances in font design units, as libharu reads them. */
    hb_font_set_scale(f->font, (int)f->units_per_em, (int)f->units_per_em);
    hb_font_make_immutable(f->font);

    char name[128];
    unsigned name_len = sizeof name;
    if (!hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                             &name_len, name))
        name[0] = 0;
    f->postscript_name = strdup(name);
    if (!f->postscript_name)
        return false;

    init_fast_table(f);
    if (lookup_advance(f, 'A') == NO_GLYPH || lookup_advance(f, 'a') == NO_GLYPH) {
        vb_diag_error(diag, path, 0, 0, "phông chữ không có bảng mã Unicode cho chữ Latinh");
        return false;
    }
    load_vertical_metrics(f);
    load_pdf_info(f);
    return true;
}

static void free_font(vb_font *f)
{
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->postscript_name);
    free(f->path);
}

vb_fontset *vb_fontset_load(const char *dir, vb_diagnostics *diag)
{
    if (!dir || !*dir) {
        vb_diag_error(diag, NULL, 0, 0, "chưa chỉ định thư mục phông chữ");
        return NULL;
    }
    size_t nentries = 0;
    char **entries = list_dir(dir, &nentries);
    if (!entries) {
        vb_diag_error(diag, NULL, 0, 0, "không mở được thư mục phông chữ \"%s\"", dir);
        return NULL;
    }
    char *paths[4] = {NULL};
    bool complete = true;
    for (int st = 0; st < 4; st++) {
        paths[st] = find_style_file(dir, entries, nentries, (vb_style)st);
        if (!paths[st]) {
            report_missing_style(diag, dir, (vb_style)st);
            complete = false;
        }
    }
    free_entries(entries, nentries);
    vb_fontset *fs = complete ? calloc(1, sizeof *fs) : NULL;
    if (!fs) {
        for (int st = 0; st < 4; st++)
            free(paths[st]);
        if (complete)
            vb_diag_error(diag, NULL, 0, 0, "hết bộ nhớ khi nạp phông chữ");
        return NULL;
    }
    bool ok = true;
    for (int st = 0; st < 4; st++) {
        /* Ownership of each path passes to its vb_font, even when loading fails. */
        if (ok)
            ok = load_font(&fs->styles[st], paths[st], (vb_style)st, diag);
        else
            free(paths[st]);
    }
    if (!ok) {
        vb_fontset_free(fs);
        return NULL;
    }
    for (uint32_t cp = 0; cp < FAST_LIMIT; cp++)
        atomic_init(&fs->missing_fast[cp], MISSING_NOT_ASKED);
    return fs;
}

void vb_fontset_free(vb_fontset *fs)
{
    if (!fs)
        return;
    for (int st = 0; st < 4; st++)
        free_font(&fs->styles[st]);
    free(fs);
}

const char *vb_font_path(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->path : "";
}

const char *vb_font_postscript_name(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->postscript_name : "";
}

/* First use of a code point below FAST_LIMIT: ask HarfBuzz, remember the answer. */
__attribute__((noinline, cold)) static int fill_fast_advance(const vb_font *f, uint32_t cp)
{
    /* const only to callers: the entry is filled on first use (see FAST_LIMIT) */
    _Atomic int16_t *entry = (_Atomic int16_t *)&f->fast_advance[cp];
    int advance = lookup_advance(f, cp);
    atomic_store_explicit(entry, (int16_t)advance, memory_order_relaxed);
    return advance;
}

static inline int advance_or_missing(const vb_font *f, uint32_t cp)
{
    if (cp < FAST_LIMIT) {
        int advance = atomic_load_explicit(&f->fast_advance[cp], memory_order_relaxed);
        return advance != NOT_ASKED ? advance : fill_fast_advance(f, cp);
    }
    if (cp >= BMP_LIMIT)
        return NO_GLYPH;
    return lookup_advance(f, cp);
}

unsigned vb_fontset_missing_styles(const vb_fontset *fs, uint32_t cp)
{
    if (!fs || cp >= BMP_LIMIT)
        return 0xF;
    _Atomic uint8_t *entry =
        cp < FAST_LIMIT ? (_Atomic uint8_t *)&fs->missing_fast[cp] : NULL;
    if (entry) {
        unsigned known = atomic_load_explicit(entry, memory_order_relaxed);
        if (known != MISSING_NOT_ASKED)
            return known;
    }
    unsigned missing = 0;
    for (int st = 0; st < 4; st++)
        if (advance_or_missing(&fs->styles[st], cp) == NO_GLYPH)
            missing |= 1u << st;
    if (entry)
        atomic_store_explicit(entry, (uint8_t)missing, memory_order_relaxed);
    return missing;
}

void vb_font_pdf_info_get(const vb_fontset *fs, vb_style st, vb_font_pdf_info *out)
{
    const vb_font *f = font_of(fs, st);
    if (f)
        *out = f->pdf;
    else
        memset(out, 0, sizeof *out);
}

bool vb_font_has_glyph(const vb_fontset *fs, vb_style st, uint32_t cp)
{
    const vb_font *f = font_of(fs, st);
    return f && advance_or_missing(f, cp) != NO_GLYPH;
}

int vb_font_advance(const vb_fontset *fs, vb_style st, uint32_t cp)
{
    const vb_font *f = font_of(fs, st);
    if (!f)
        return 0;
    int advance = advance_or_missing(f, cp);
    return advance == NO_GLYPH ? 0 : advance;
}

/* Decodes one UTF-8 sequence of s[0..len); malformed input yields U+FFFD over one byte, so
 * that measuring never reads past the end nor loops. */
static uint32_t next_code_point(const unsigned char *s, size_t len, size_t *used)
{
    unsigned char b = s[0];
    size_t need;
    uint32_t cp;
    if (b < 0x80) {
        *used = 1;
        return b;
    } else if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07u;
    } else {
        *used = 1;
        return 0xFFFD;
    }
    if (len < need + 1) {
        *used = 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *used = 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    *used = need + 1;
    return cp;
}

double vb_text_width(const vb_fontset *fs, vb_style st, double size, const char *utf8,
                     size_t len)
{
    const vb_font *f = font_of(fs, st);
    if (!f || !utf8)
        return 0;
    const unsigned char *s = (const unsigned char *)utf8;
    long total = 0;
    size_t i = 0;
    while (i < len) {
        size_t used;
        uint32_t cp;
        if (s[i] < 0x80) {
            cp = s[i];
            used = 1;
        } else {
            cp = next_code_point(s + i, len - i, &used);
        }
        int advance = advance_or_missing(f, cp);
        if (advance != NO_GLYPH)
            total += advance;
        i += used;
    }
    return (double)total * size / 1000.0;
}

int vb_font_ascender(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->ascender : 0;
}

int vb_font_descender(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->descender : 0;
}

int vb_font_line_gap(const vb_fontset *fs, vb_style st)
{
    const vb_font *f = font_of(fs, st);
    return f ? f->line_gap : 0;
}

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

int vb_font_subset(const vb_fontset *fs, vb_style st, const uint32_t *cps, size_t ncps,
                   unsigned char **out, size_t *out_len)
{
    return vb_font_subset_glyphs(fs, st, cps, ncps, NULL, out, out_len);
}

/* The new glyph id of cp in a subset plan, 0 when there is none. */
static uint16_t planned_glyph(const hb_map_t *unicode_to_old, const hb_map_t *old_to_new,
                              uint32_t cp)
{
    hb_codepoint_t old = hb_map_get(unicode_to_old, cp);
    hb_codepoint_t new_gid = old == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID
                                                         : hb_map_get(old_to_new, old);
    return new_gid == HB_MAP_VALUE_INVALID || new_gid > 0xFFFF ? 0 : (uint16_t)new_gid;
}

int vb_font_subset_glyphs(const vb_fontset *fs, vb_style st, const uint32_t *cps,
                          size_t ncps, uint16_t *gids, unsigned char **out, size_t *out_len)
{
    const vb_font *f = font_of(fs, st);
    if (!f || !out || !out_len || (ncps && !cps))
        return -1;
    *out = NULL;
    *out_len = 0;
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return -1;
    hb_set_t *unicodes = hb_subset_input_unicode_set(input);
    for (size_t i = 0; i < ncps; i++)
        hb_set_add(unicodes, cps[i]);
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof dropped_tables / sizeof dropped_tables[0]; i++)
        hb_set_add(drop, dropped_tables[i]);
    /* Hinting is two thirds of a small subset, and PDF viewers render TrueType outlines
     * unhinted or auto-hinted anyway; printers work at resolutions where it does not matter. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, input);
    hb_subset_input_destroy(input);
    if (!plan)
        return -1;
    if (gids) {
        const hb_map_t *unicode_to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < ncps; i++)
            gids[i] = planned_glyph(unicode_to_old, old_to_new, cps[i]);
    }
    hb_face_t *subset = hb_subset_plan_execute_or_fail(plan);
    hb_subset_plan_destroy(plan);
    if (!subset)
        return -1;
    hb_blob_t *blob = hb_face_reference_blob(subset);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    int rc = -1;
    if (data && len > 0 && (*out = malloc(len))) {
        memcpy(*out, data, len);
        *out_len = len;
        rc = 0;
    }
    hb_blob_destroy(blob);
    hb_face_destroy(subset);
    return rc;
}
