/* Fonts: the characters each style draws, their codes and CMaps, and the embedded subsets.
 *
 * Each style is a real subset made by HarfBuzz (vb_font_subset_glyphs), embedded as a Type0
 * font over a CIDFontType2 whose CIDs are the subset's glyph ids (CIDToGIDMap /Identity); the
 * ToUnicode map is a valid bfrange/bfchar CMap. A style numbers the characters it draws in code
 * point order. With at most 252 of them (every real document) a character is one byte in the
 * content stream: the space is code 32, so that word spacing (Tw) applies to it, and the bytes a
 * literal string would have to escape are never used. An embedded CMap (/Encoding) maps each
 * code to its glyph, ToUnicode maps it back to the character. More characters in one style take
 * two bytes each (their rank), with the same maps. */
#include "pdf/pdf_writer.h"

#include <stdio.h>
#include <stdlib.h>

#include "pdf/pdf_syntax.h"

#define CMAP_BLOCK 100      /* entries per begin…end block of a CMap (PDF limit) */
#define FONT_NAME_SIZE (HPDF_LIMIT_MAX_NAME_LEN + 1) /* libharu's limit, and PDF 1.4's */
#define CMAP_NAME_SIZE 32

/* ---- which characters each style draws ---- */

static uint32_t rank_of(const char_set *set, uint32_t cp)
{
    uint64_t below = set->bits[cp / 64] & (((uint64_t)1 << (cp % 64)) - 1);
    return set->rank_before[cp / 64] + (uint32_t)__builtin_popcountll(below);
}

static uint32_t code_of(const char_set *set, uint32_t cp)
{
    uint32_t rank = rank_of(set, cp);
    return set->wide ? rank : set->narrow_code[rank];
}

/* One-byte codes: the space is SPACE_CODE; the others take, in code point order, the byte
 * values that need no escape and are not SPACE_CODE. */
static void assign_narrow_codes(char_set *set)
{
    bool has_space = set->bits[0] >> 0x20 & 1;
    uint32_t space_rank = has_space ? rank_of(set, 0x20) : NARROW_CODES;
    unsigned next = 0;
    for (uint32_t rank = 0; rank < set->count; rank++) {
        if (rank == space_rank) {
            set->narrow_code[rank] = SPACE_CODE;
            continue;
        }
        while (vb_pdf_needs_escape(next) || next == SPACE_CODE)
            next++;
        set->narrow_code[rank] = (uint8_t)next++;
    }
}

static void rank_chars(char_set *set)
{
    size_t rank = 0;
    for (size_t i = 0; i < WORDS; i++) {
        set->rank_before[i] = (uint16_t)rank;
        rank += (size_t)__builtin_popcountll(set->bits[i]);
    }
    set->count = rank;
    set->wide = rank > NARROW_CODES;
    if (!set->wide)
        assign_narrow_codes(set);
}

static bool fill_code_pages(pdf_writer *w, char_set *set, vb_style st)
{
    for (uint32_t word = 0; word < WORDS; word++) {
        uint64_t bits = set->bits[word];
        if (!bits)
            continue;
        uint16_t *page = &set->page_of[word / 4];
        if (*page == 0) {
            code_page *grown = realloc(w->code_pages, (w->ncode_pages + 1) * sizeof *grown);
            if (!grown) {
                w->out_of_memory = true;
                vb_diag_out_of_memory(w->diag, NULL, "hết bộ nhớ khi tạo PDF");
                return false;
            }
            w->code_pages = grown;
            *page = (uint16_t)++w->ncode_pages;
        }
        code_page *cp_page = &w->code_pages[*page - 1];
        for (; bits; bits &= bits - 1) {
            uint32_t cp = word * 64 + (uint32_t)__builtin_ctzll(bits);
            cp_page->code[cp & 0xFF] = (uint16_t)code_of(set, cp);
            cp_page->width[cp & 0xFF] = (int16_t)vb_font_advance(w->fonts, st, cp);
        }
    }
    return true;
}

bool vb_pdf_collect_chars(pdf_writer *w)
{
    bool replaced_astral = false;
    for (size_t p = 0; p < w->layout->npages; p++) {
        const vb_page *page = &w->layout->pages[p];
        for (size_t i = 0; i < page->ntexts; i++) {
            const vb_text_item *t = &page->texts[i];
            if ((unsigned)t->style >= VB_STYLE_COUNT) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: kiểu chữ %d không tồn tại (trang %zu)",
                              (int)t->style, p + 1);
                return false;
            }
            size_t len = vb_pdf_text_length(t);
            if (len == 0)
                continue;
            if (!(t->size >= MIN_FONT_SIZE && t->size <= MAX_FONT_SIZE) ||
                !vb_pdf_finite_in(t->x, MAX_COORD) ||
                !vb_pdf_finite_in(t->y, MAX_COORD)) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: chữ cỡ %g ở (%g, %g) trang %zu không vẽ "
                              "được", t->size, t->x, t->y, p + 1);
                return false;
            }
            char_set *set = &w->chars[t->style];
            set->used = true;
            char_reader r = {(const unsigned char *)t->text, (const unsigned char *)t->text + len,
                             false};
            uint32_t cp;
            while (vb_pdf_next_char(&r, &cp))
                set->bits[cp / 64] |= (uint64_t)1 << (cp % 64);
            replaced_astral |= r.replaced_astral;
        }
        for (size_t i = 0; i < page->nrules; i++) {
            const vb_rule_item *r = &page->rules[i];
            if (!vb_pdf_finite_in(r->x1, MAX_COORD) || !vb_pdf_finite_in(r->y1, MAX_COORD) ||
                !vb_pdf_finite_in(r->x2, MAX_COORD) || !vb_pdf_finite_in(r->y2, MAX_COORD) ||
                !(isfinite(r->width) && r->width <= MAX_FONT_SIZE)) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: đường kẻ không hợp lệ ở trang %zu", p + 1);
                return false;
            }
        }
        for (size_t i = 0; i < page->nfills; i++) {
            const vb_fill_item *f = &page->fills[i];
            if (!vb_pdf_finite_in(f->x, MAX_COORD) || !vb_pdf_finite_in(f->y, MAX_COORD) ||
                !vb_pdf_finite_in(f->w, MAX_COORD) || !vb_pdf_finite_in(f->h, MAX_COORD) ||
                !(f->gray >= 0 && f->gray <= 1)) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: vùng tô nền không hợp lệ ở trang %zu",
                              p + 1);
                return false;
            }
        }
    }
    for (int st = 0; st < VB_STYLE_COUNT; st++) {
        char_set *set = &w->chars[st];
        if (set->used)
            set->bits[0] |= (uint64_t)1 << 0x20; /* for word spacing */
        rank_chars(set);
        set->space_advance = vb_font_advance(w->fonts, (vb_style)st, 0x20);
        if (!fill_code_pages(w, set, (vb_style)st))
            return false;
    }
    if (replaced_astral)
        vb_diag_warning(w->diag, NULL, 0, 0,
                        "có ký tự ngoài mặt phẳng cơ bản Unicode (trên U+FFFF): PDF hiển thị "
                        "thành dấu cách");
    return true;
}

/* The characters of a set in code point order (the i-th has rank i). */
static uint32_t *chars_of(const char_set *set)
{
    uint32_t *list = malloc((set->count ? set->count : 1) * sizeof *list);
    if (!list)
        return NULL;
    size_t k = 0;
    for (uint32_t word = 0; word < WORDS; word++)
        for (uint64_t bits = set->bits[word]; bits; bits &= bits - 1)
            list[k++] = word * 64 + (uint32_t)__builtin_ctzll(bits);
    return list;
}

/* ---- CMaps ---- */

/* Codes code..code+length-1 stand for values value..value+length-1 (characters in ToUnicode,
 * glyphs in the encoding). A range may only vary the last byte of its codes, and a bfrange
 * increments only the last byte of its destination, so runs end at 256-boundaries. */
typedef struct {
    uint32_t code, value, length;
} code_run;

static size_t split_runs(const uint32_t *codes, const uint32_t *values, size_t n,
                         bool skip_surrogates, code_run *runs)
{
    size_t nruns = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t code = codes[i], v = values[i];
        if (skip_surrogates && v >= 0xD800 && v <= 0xDFFF)
            continue; /* not characters: no mapping */
        code_run *last = nruns ? &runs[nruns - 1] : NULL;
        if (last && last->code + last->length == code && last->value + last->length == v &&
            (code & 0xFF) != 0 && (v & 0xFF) != 0)
            last->length++;
        else
            runs[nruns++] = (code_run){code, v, 1};
    }
    return nruns;
}

/* begin…end blocks of at most CMAP_BLOCK entries: ranges (runs longer than one) or singles.
 * ToUnicode destinations are <hex> UTF-16 (BMP only here), encoding destinations CIDs. */
static void put_cmap_blocks(vb_buf *b, const code_run *runs, size_t nruns,
                            bool ranges, bool unicode, int code_digits)
{
    static const char *const words[2][2] = {{"cidchar", "cidrange"}, {"bfchar", "bfrange"}};
    const char *word = words[unicode][ranges];
    size_t count = 0;
    for (size_t i = 0; i < nruns; i++)
        count += (runs[i].length > 1) == ranges;
    for (size_t i = 0, done = 0; i < nruns; i++) {
        const code_run *r = &runs[i];
        if ((r->length > 1) != ranges)
            continue;
        if (done % CMAP_BLOCK == 0) {
            size_t left = count - done;
            vb_pdf_put_int(b, (long long)(left < CMAP_BLOCK ? left : CMAP_BLOCK));
            vb_buf_append_str(b, " begin");
            vb_buf_append_str(b, word);
            vb_buf_append_str(b, "\n");
        }
        vb_buf_append_str(b, "<");
        vb_pdf_put_hex(b, r->code, code_digits);
        vb_buf_append_str(b, "> ");
        if (ranges) {
            vb_buf_append_str(b, "<");
            vb_pdf_put_hex(b, r->code + r->length - 1, code_digits);
            vb_buf_append_str(b, "> ");
        }
        if (unicode) {
            vb_buf_append_str(b, "<");
            vb_pdf_put_hex(b, r->value, 4);
            vb_buf_append_str(b, ">\n");
        } else {
            vb_pdf_put_int(b, r->value);
            vb_buf_append_str(b, "\n");
        }
        done++;
        if (done % CMAP_BLOCK == 0 || done == count) {
            vb_buf_append_str(b, "end");
            vb_buf_append_str(b, word);
            vb_buf_append_str(b, "\n");
        }
    }
}

/* A whole CMap program: ToUnicode (unicode) or the font's encoding, from codes[i] to values[i]
 * (codes ascending). */
static void build_cmap(vb_buf *b, const char *name, const uint32_t *codes,
                       const uint32_t *values, size_t n, bool wide, bool unicode, code_run *runs)
{
    size_t nruns = split_runs(codes, values, n, unicode, runs);
    vb_buf_append_str(b, "/CIDInit /ProcSet findresource begin\n"
                "12 dict begin\n"
                "begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (");
    vb_buf_append_str(b, unicode ? "UCS" : "Identity");
    vb_buf_append_str(b, ") /Supplement 0 >> def\n/CMapName /");
    vb_buf_append_str(b, name);
    vb_buf_append_str(b, " def\n/CMapType ");
    vb_buf_append_str(b, unicode ? "2" : "1");
    vb_buf_append_str(b, " def\n1 begincodespacerange\n");
    vb_buf_append_str(b, wide ? "<0000> <FFFF>\n" : "<00> <FF>\n");
    vb_buf_append_str(b, "endcodespacerange\n");
    int digits = wide ? 4 : 2;
    put_cmap_blocks(b, runs, nruns, true, unicode, digits);
    put_cmap_blocks(b, runs, nruns, false, unicode, digits);
    vb_buf_append_str(b, "endcmap\n"
                "CMapName currentdict /CMap defineresource pop\n"
                "end\n"
                "end\n");
}

/* ---- fonts ---- */

static vb_haru_dict system_info(pdf_writer *w)
{
    vb_haru_dict info = vb_haru_new_direct_dict(w->pdf);
    if (!info)
        return NULL;
    vb_haru_dict_add_ascii_string(w->pdf, info, "Registry", "Adobe");
    vb_haru_dict_add_ascii_string(w->pdf, info, "Ordering", "Identity");
    vb_haru_dict_add_int(info, "Supplement", 0);
    return info;
}

/* Six capitals naming the subset, from what it holds: the same characters give the same
 * name (and bytes), different subsets of one font in one viewer do not collide. */
static void subset_tag(const uint32_t *cps, size_t n, vb_style st, char tag[7])
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)st;
    for (size_t i = 0; i < n; i++) {
        h ^= cps[i];
        h *= 1099511628211ull;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

/* The /W array: the width of every glyph drawn, by CID (= glyph id), in runs of consecutive
 * CIDs. Widths are vb_font_advance's, the numbers layout measured with. */
typedef struct {
    uint16_t gid;
    int16_t width;
} glyph_width;

static int by_gid(const void *a, const void *b)
{
    const glyph_width *x = a, *y = b;
    return (x->gid > y->gid) - (x->gid < y->gid);
}

static vb_haru_array widths_array(pdf_writer *w, const uint32_t *cps, const uint16_t *gids,
                                  size_t n, vb_style st)
{
    glyph_width *gw = malloc((n ? n : 1) * sizeof *gw);
    if (!gw) {
        w->out_of_memory = true;
        return NULL;
    }
    vb_haru_array all = vb_haru_new_array(w->pdf);
    if (!all) { /* libharu has reported it */
        free(gw);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        gw[i] = (glyph_width){gids[i], (int16_t)vb_font_advance(w->fonts, st, cps[i])};
    qsort(gw, n, sizeof *gw, by_gid);
    vb_haru_array run = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && gw[i].gid == gw[i - 1].gid)
            continue; /* two characters drawn with one glyph */
        if (!run || gw[i].gid != gw[i - 1].gid + 1) {
            vb_haru_array_add_int(all, gw[i].gid);
            run = vb_haru_new_array(w->pdf);
            if (vb_haru_array_add(all, run) != HPDF_OK)
                break;
        }
        vb_haru_array_add_int(run, gw[i].width);
    }
    free(gw);
    return all;
}

static vb_haru_dict font_descriptor(pdf_writer *w, vb_style st, const char *name,
                                 vb_haru_dict font_file)
{
    vb_font_pdf_info info;
    vb_font_pdf_info_get(w->fonts, st, &info);
    vb_haru_dict d = vb_haru_new_dict(w->pdf, "FontDescriptor");
    if (!d)
        return NULL;
    vb_haru_dict_add_name(d, "FontName", name);
    vb_haru_dict_add_int(d, "Flags", (HPDF_INT32)info.flags);
    vb_haru_array box = vb_haru_new_array(w->pdf);
    if (vb_haru_dict_add(d, "FontBBox", box) == HPDF_OK)
        for (int i = 0; i < 4; i++)
            vb_haru_array_add_int(box, info.bbox[i]);
    /* A broken post table must not put a NaN (or an int conversion out of range) in the file. */
    double angle = vb_pdf_finite_in(info.italic_angle, 90) ? info.italic_angle : 0;
    if (angle == floor(angle))
        vb_haru_dict_add_int(d, "ItalicAngle", (HPDF_INT32)angle);
    else
        vb_haru_dict_add_real(d, "ItalicAngle", (HPDF_REAL)angle);
    vb_haru_dict_add_int(d, "Ascent", info.ascent);
    vb_haru_dict_add_int(d, "Descent", info.descent);
    vb_haru_dict_add_int(d, "CapHeight", info.cap_height);
    if (info.x_height > 0)
        vb_haru_dict_add_int(d, "XHeight", info.x_height);
    vb_haru_dict_add_int(d, "StemV", info.stem_v);
    vb_haru_dict_add(d, "FontFile2", font_file);
    return d;
}

/* One style's characters while it is embedded: cps[i], the character of rank i, is drawn with
 * glyph gids[i] of the subset (also its CID, cids[i]) and written as codes[i]. */
typedef struct {
    size_t n;
    uint32_t *cps, *cids, *codes;
    uint16_t *gids;
    code_run *runs; /* room for the CMaps' runs */
} style_glyphs;

/* The font's name (the subset's tag and the PostScript name) and its encoding CMap's. */
static void font_names(pdf_writer *w, vb_style st, const char_set *set, const style_glyphs *g,
                       char name[static FONT_NAME_SIZE], char cmap_name[static CMAP_NAME_SIZE])
{
    char tag[7];
    subset_tag(g->cps, g->n, st, tag);
    const char *ps = vb_font_postscript_name(w->fonts, st);
    /* BaseFont is the PostScript name with any space removed (ISO 32000-1, 9.6.3): libharu
     * would write a space as it is, ending the name there. Any other byte a name cannot hold
     * as it is, libharu writes as #xx. */
    size_t len = (size_t)snprintf(name, FONT_NAME_SIZE, "%s+", tag);
    for (const char *p = *ps ? ps : "Font"; *p && len + 1 < FONT_NAME_SIZE; p++)
        if (*p != ' ')
            name[len++] = *p;
    name[len] = 0;
    snprintf(cmap_name, CMAP_NAME_SIZE, "%s+VanBan-%s", tag, set->wide ? "2B" : "1B");
}

/* The ToUnicode and encoding CMap streams; false when either failed. */
static bool cmap_streams(pdf_writer *w, const char_set *set, const style_glyphs *g,
                         const char *cmap_name, vb_haru_dict *tounicode, vb_haru_dict *encoding)
{
    vb_buf cmap = {0};
    build_cmap(&cmap, "Adobe-Identity-UCS", g->codes, g->cps, g->n, set->wide, true, g->runs);
    w->out_of_memory |= cmap.failed;
    *tounicode = vb_pdf_failed(w) ? NULL : vb_pdf_new_stream(w, cmap.data, cmap.len);
    cmap.len = 0;
    build_cmap(&cmap, cmap_name, g->codes, g->cids, g->n, set->wide, false, g->runs);
    w->out_of_memory |= cmap.failed;
    *encoding = vb_pdf_failed(w) ? NULL : vb_pdf_new_stream(w, cmap.data, cmap.len);
    vb_buf_free(&cmap);
    if (!*tounicode || !*encoding)
        return false;
    vb_haru_dict_add_name(*encoding, "Type", "CMap");
    vb_haru_dict_add_name(*encoding, "CMapName", cmap_name);
    vb_haru_dict_add(*encoding, "CIDSystemInfo", system_info(w));
    return true;
}

/* The CIDFontType2 over the subset, and the Type0 font that draws with it. */
static vb_haru_dict type0_font(pdf_writer *w, vb_style st, const style_glyphs *g,
                               const char *name, vb_haru_dict descriptor,
                               vb_haru_dict encoding, vb_haru_dict tounicode)
{
    vb_haru_dict cid_font = vb_haru_new_dict(w->pdf, "Font");
    if (!cid_font)
        return NULL;
    vb_haru_dict_add_name(cid_font, "Subtype", "CIDFontType2");
    vb_haru_dict_add_name(cid_font, "BaseFont", name);
    vb_haru_dict_add(cid_font, "CIDSystemInfo", system_info(w));
    vb_haru_dict_add(cid_font, "FontDescriptor", descriptor);
    vb_haru_dict_add(cid_font, "W", widths_array(w, g->cps, g->gids, g->n, st));
    vb_haru_dict_add_name(cid_font, "CIDToGIDMap", "Identity");
    vb_haru_dict font = vb_haru_new_dict(w->pdf, "Font");
    if (!font)
        return NULL;
    vb_haru_dict_add_name(font, "Subtype", "Type0");
    vb_haru_dict_add_name(font, "BaseFont", name);
    vb_haru_dict_add(font, "Encoding", encoding);
    vb_haru_array descendants = vb_haru_new_array(w->pdf);
    if (vb_haru_dict_add(font, "DescendantFonts", descendants) == HPDF_OK)
        vb_haru_array_add(descendants, cid_font);
    vb_haru_dict_add(font, "ToUnicode", tounicode);
    return font;
}

/* Subsets one style and writes its objects: Type0 font, CIDFontType2, font descriptor, font
 * file, ToUnicode, and the encoding CMap. */
static bool embed_style(pdf_writer *w, vb_style st)
{
    char_set *set = &w->chars[st];
    size_t room = set->count ? set->count : 1;
    style_glyphs g = {.n = set->count,
                      .cps = chars_of(set),
                      .cids = malloc(room * sizeof *g.cids),
                      .codes = malloc(room * sizeof *g.codes),
                      .gids = malloc(room * sizeof *g.gids),
                      .runs = malloc(room * sizeof *g.runs)};
    unsigned char *subset = NULL;
    size_t subset_len = 0;
    bool ok = g.cps && g.cids && g.codes && g.gids && g.runs;
    if (!ok)
        w->out_of_memory = true;
    /* The font was checked to subset when it was loaded: failing now is memory running out. */
    if (ok && vb_font_subset_glyphs(w->fonts, st, g.cps, g.n, g.gids, &subset, &subset_len) != 0) {
        vb_diag_out_of_memory(w->diag, vb_font_path(w->fonts, st),
                              "hết bộ nhớ khi tạo tập con của phông chữ để nhúng vào PDF");
        w->out_of_memory = true;
        ok = false;
    }
    char name[FONT_NAME_SIZE], cmap_name[CMAP_NAME_SIZE];
    if (ok) {
        font_names(w, st, set, &g, name, cmap_name);
        for (size_t i = 0; i < g.n; i++) {
            g.cids[i] = g.gids[i];
            g.codes[i] = set->wide ? (uint32_t)i : set->narrow_code[i];
        }
    }
    vb_haru_dict file = ok ? vb_pdf_new_stream(w, subset, subset_len) : NULL;
    free(subset);
    ok = file && vb_haru_dict_add_int(file, "Length1", (HPDF_INT32)subset_len) == HPDF_OK;
    vb_haru_dict tounicode = NULL, encoding = NULL;
    ok = ok && cmap_streams(w, set, &g, cmap_name, &tounicode, &encoding);
    vb_haru_dict descriptor = ok ? font_descriptor(w, st, name, file) : NULL;
    vb_haru_dict font = descriptor ? type0_font(w, st, &g, name, descriptor, encoding, tounicode)
                                   : NULL;
    if (font) {
        set->font = font;
        static const char *const resource_names[VB_STYLE_COUNT] = {"F1", "F2", "F3", "F4"};
        memcpy(set->resource, resource_names[st], 3);
    }
    free(g.runs);
    free(g.gids);
    free(g.codes);
    free(g.cids);
    free(g.cps);
    return font && !vb_pdf_failed(w);
}

/* The fonts, and one resource dictionary all pages share. */
vb_haru_dict vb_pdf_embed_fonts(pdf_writer *w)
{
    vb_haru_dict resources = vb_haru_new_dict(w->pdf, NULL);
    vb_haru_dict fonts = vb_haru_new_direct_dict(w->pdf);
    if (!resources || vb_haru_dict_add(resources, "Font", fonts) != HPDF_OK)
        return NULL;
    for (int st = 0; st < VB_STYLE_COUNT; st++) {
        if (!w->chars[st].used)
            continue;
        if (!embed_style(w, (vb_style)st) ||
            vb_haru_dict_add(fonts, w->chars[st].resource, w->chars[st].font) != HPDF_OK)
            return NULL;
    }
    return resources;
}

