/* Stage 4: the PDF backend, the only code that calls libharu.
 *
 * libharu 2.3 gets the text right but several details of the file wrong or slow; see
 * /work/shared/spec/libharu-2.3-notes.md. What this file does about them:
 *  - fonts: libharu's own "subset" keeps every table but the outlines whole, so each style is
 *    subset by HarfBuzz first (vb_font_subset) and libharu only ever sees the small font. It can
 *    only load TrueType from a file, so the bytes go through an anonymous memfd.
 *  - codes: with the UTF-8 encoder, the 2-byte code libharu writes for a character is its
 *    Unicode code point, and HPDF_GetFont looks up all 65,536 of them in the font's cmap, one
 *    linear walk over the cmap segments each (about 45 % of a run with Unicode codes, even for
 *    a subset). Instead, each style numbers the characters it draws densely from FIRST_CODE, in
 *    code point order; the text is handed to libharu re-encoded with those numbers, and the cmap
 *    libharu parsed is replaced, in memory only, by one segment from the dense codes to the
 *    subset's glyphs. The embedded font keeps its Unicode cmap; viewers go through the
 *    CIDToGIDMap, which libharu fills from the dense cmap, and extract text through ToUnicode.
 *  - ToUnicode: libharu writes one "begincidrange" over the whole BMP, which is not valid in a
 *    ToUnicode CMap; it is rewritten as bfrange/bfchar entries from each dense code to its
 *    character. The CIDToGIDMap, written for all 65,536 codes, is cut to the codes used.
 *  - CIDSystemInfo: libharu names the ordering "Identity-H" (an encoding, not an ordering).
 *  - names: libharu appends ",Bold"/",Italic" to the base font name of an embedded font.
 *  - version: libharu writes %PDF-1.3; we declare 1.4.
 * Reaching into the font objects needs libharu's internal structures (installed with its
 * headers) and knowledge of what its 2.3 code does with them; the build refuses other
 * versions until that has been checked again. */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#if HPDF_VERSION_ID / 100 != 203
#error "pdf.c patches libharu 2.3 font objects: check load_style and its helpers for this version"
#endif

#define NSTYLES 4
#define CODE_SPACE 0x10000u          /* libharu's UTF-8 encoder writes 2-byte codes */
#define WORDS (CODE_SPACE / 64)
/* Dense codes start above the C0 controls and ASCII so that the re-encoded text never holds a
 * byte libharu could read as a line end or word space; they stay below the surrogates, which
 * are not valid in UTF-8. */
#define FIRST_CODE 0x100u
#define MAX_CODES (0xD800u - FIRST_CODE)
#define MAX_OUTLINE_DEPTH 16
#define TOUNICODE_BLOCK 100          /* entries per bfrange/bfchar block (PDF limit) */

typedef struct {
    HPDF_STATUS error_no, detail_no;
    unsigned count;
} haru_error;

/* The characters one style draws; the dense code of a character is FIRST_CODE plus its rank
 * in code point order. */
typedef struct {
    uint64_t bits[WORDS];
    uint16_t rank_before[WORDS]; /* characters below each 64-bit word */
    size_t count;
    bool used;
} char_set;

typedef struct {
    const vb_layout *layout;
    const vb_fontset *fonts;
    vb_diagnostics *diag;
    HPDF_Doc pdf;
    haru_error err;
    char_set *chars;          /* [NSTYLES] */
    HPDF_Font font[NSTYLES];
    HPDF_Page *pages;
    char *scratch;            /* one text item re-encoded, NUL-terminated */
    size_t scratch_cap;
} writer;

/* libharu reports every failure here; the first one is what the user sees. Continuing after
 * it is safe (libharu's calls then fail harmlessly), but we stop at the next check. */
static void on_haru_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    haru_error *e = user_data;
    if (e->count++ == 0) {
        e->error_no = error_no;
        e->detail_no = detail_no;
    }
}

static bool failed(writer *w)
{
    return w->err.count > 0;
}

static void report_haru_error(writer *w)
{
    vb_diag_error(w->diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: libharu 0x%04X (chi tiết %u)",
                  (unsigned)w->err.error_no, (unsigned)w->err.detail_no);
}

/* ---- which characters each style draws ---- */

/* Reads the UTF-8 of a text item. Layout promises valid NFC; malformed bytes are read the way
 * libharu's own decoder reads them (hpdf_encoder_utf.c: a lead byte fixes the length, bytes
 * that cannot lead are dropped, an unfinished sequence yields nothing), so nothing goes wrong
 * with them either. Characters above U+FFFF, which libharu cannot draw and vb_font_has_glyph
 * denies, become a space. */
typedef struct {
    const unsigned char *p, *end;
    bool replaced_astral;
} char_reader;

static bool next_char(char_reader *r, uint32_t *cp)
{
    while (r->p < r->end) {
        unsigned char lead = *r->p++;
        size_t extra;
        uint32_t value;
        if (lead < 0x80) {
            *cp = lead;
            return true;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            value = lead & 0x1Fu;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            value = lead & 0x0Fu;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            value = lead & 0x07u;
        } else {
            continue;
        }
        if ((size_t)(r->end - r->p) < extra) {
            r->p = r->end;
            return false;
        }
        for (size_t i = 0; i < extra; i++)
            value = value << 6 | (*r->p++ & 0x3Fu);
        if (value >= CODE_SPACE) {
            value = 0x20;
            r->replaced_astral = true;
        }
        *cp = value;
        return true;
    }
    return false;
}

static size_t text_length(const vb_text_item *t)
{
    return t->text ? strnlen(t->text, t->len) : 0;
}

static bool has_char(const char_set *set, uint32_t cp)
{
    return set->bits[cp / 64] >> (cp % 64) & 1;
}

static uint32_t dense_code(const char_set *set, uint32_t cp)
{
    uint64_t below = set->bits[cp / 64] & (((uint64_t)1 << (cp % 64)) - 1);
    return FIRST_CODE + set->rank_before[cp / 64] + (uint32_t)__builtin_popcountll(below);
}

static void rank_chars(char_set *set)
{
    size_t rank = 0;
    for (size_t i = 0; i < WORDS; i++) {
        set->rank_before[i] = (uint16_t)rank;
        rank += (size_t)__builtin_popcountll(set->bits[i]);
    }
    set->count = rank;
}

static bool collect_chars(writer *w)
{
    bool replaced_astral = false;
    for (size_t p = 0; p < w->layout->npages; p++) {
        const vb_page *page = &w->layout->pages[p];
        for (size_t i = 0; i < page->ntexts; i++) {
            const vb_text_item *t = &page->texts[i];
            if ((unsigned)t->style >= NSTYLES) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: kiểu chữ %d không tồn tại (trang %zu)",
                              (int)t->style, p + 1);
                return false;
            }
            size_t len = text_length(t);
            if (len == 0)
                continue;
            char_set *set = &w->chars[t->style];
            set->used = true;
            char_reader r = {(const unsigned char *)t->text, (const unsigned char *)t->text + len,
                             false};
            uint32_t cp;
            while (next_char(&r, &cp))
                set->bits[cp / 64] |= (uint64_t)1 << (cp % 64);
            replaced_astral |= r.replaced_astral;
        }
    }
    for (int st = 0; st < NSTYLES; st++) {
        rank_chars(&w->chars[st]);
        if (w->chars[st].count > MAX_CODES) {
            vb_diag_error(w->diag, NULL, 0, 0, "tài liệu dùng quá nhiều ký tự khác nhau (%zu)",
                          w->chars[st].count);
            return false;
        }
    }
    if (replaced_astral)
        vb_diag_warning(w->diag, NULL, 0, 0,
                        "có ký tự ngoài mặt phẳng cơ bản Unicode (trên U+FFFF): PDF hiển thị "
                        "thành dấu cách");
    return true;
}

/* The characters of a set in code point order (so the i-th has code FIRST_CODE + i). */
static uint32_t *chars_of(const char_set *set)
{
    uint32_t *list = malloc((set->count ? set->count : 1) * sizeof *list);
    if (!list)
        return NULL;
    size_t k = 0;
    for (uint32_t cp = 0; cp < CODE_SPACE; cp++)
        if (has_char(set, cp))
            list[k++] = cp;
    return list;
}

/* ---- ToUnicode ---- */

/* Codes first..first+length-1 stand for characters cp..cp+length-1. A bfrange may only vary
 * the last byte of its source codes and increments the last byte of its destination, so runs
 * end at 256-boundaries of either. Surrogates are not characters and get no mapping. */
typedef struct {
    uint32_t code, cp, length;
} code_run;

static size_t split_runs(const uint32_t *cps, size_t n, code_run *runs)
{
    size_t nruns = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t code = FIRST_CODE + (uint32_t)i, cp = cps[i];
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        code_run *last = nruns ? &runs[nruns - 1] : NULL;
        if (last && last->code + last->length == code && last->cp + last->length == cp &&
            (code & 0xFF) != 0 && (cp & 0xFF) != 0)
            last->length++;
        else
            runs[nruns++] = (code_run){code, cp, 1};
    }
    return nruns;
}

static void write_tounicode_blocks(vb_buf *b, const code_run *runs, size_t nruns, bool ranges)
{
    size_t count = 0;
    for (size_t i = 0; i < nruns; i++)
        count += (runs[i].length > 1) == ranges;
    for (size_t i = 0, done = 0; i < nruns; i++) {
        if ((runs[i].length > 1) != ranges)
            continue;
        if (done % TOUNICODE_BLOCK == 0) {
            size_t left = count - done;
            vb_buf_printf(b, "%zu %s\n", left < TOUNICODE_BLOCK ? left : TOUNICODE_BLOCK,
                          ranges ? "beginbfrange" : "beginbfchar");
        }
        if (ranges)
            vb_buf_printf(b, "<%04X> <%04X> <%04X>\n", (unsigned)runs[i].code,
                          (unsigned)(runs[i].code + runs[i].length - 1), (unsigned)runs[i].cp);
        else
            vb_buf_printf(b, "<%04X> <%04X>\n", (unsigned)runs[i].code, (unsigned)runs[i].cp);
        done++;
        if (done % TOUNICODE_BLOCK == 0 || done == count)
            vb_buf_append_str(b, ranges ? "endbfrange\n" : "endbfchar\n");
    }
}

static void build_tounicode(vb_buf *b, const uint32_t *cps, size_t n, code_run *runs)
{
    size_t nruns = split_runs(cps, n, runs);
    vb_buf_append_str(b, "/CIDInit /ProcSet findresource begin\n"
                         "12 dict begin\n"
                         "begincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                         "/Supplement 0 >> def\n"
                         "/CMapName /Adobe-Identity-UCS def\n"
                         "/CMapType 2 def\n"
                         "1 begincodespacerange\n"
                         "<0000> <FFFF>\n"
                         "endcodespacerange\n");
    write_tounicode_blocks(b, runs, nruns, true);
    write_tounicode_blocks(b, runs, nruns, false);
    vb_buf_append_str(b, "endcmap\n"
                         "CMapName currentdict /CMap defineresource pop\n"
                         "end\n"
                         "end\n");
}

/* ---- libharu's font objects ---- */

/* Replaces the cmap libharu parsed from the subset (not the one it embeds) by a single format-4
 * segment from the dense codes to the glyphs, plus the obligatory 0xFFFF segment. Lookups then
 * stop after at most two segments, and libharu's CIDToGIDMap and /W array come out right for
 * the codes we write. Called before HPDF_GetFont, which is where libharu walks all codes. */
static bool install_dense_cmap(HPDF_FontDef def, const uint16_t *gids, size_t n)
{
    if (def->type != HPDF_FONTDEF_TYPE_TRUETYPE || n == 0)
        return false;
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_TTF_CmapRange *cmap = &attr->cmap;
    if (cmap->format != 4)
        return false;
    HPDF_UINT16 *end = HPDF_GetMem(def->mmgr, 2 * sizeof *end);
    HPDF_UINT16 *start = HPDF_GetMem(def->mmgr, 2 * sizeof *start);
    HPDF_INT16 *delta = HPDF_GetMem(def->mmgr, 2 * sizeof *delta);
    HPDF_UINT16 *range_offset = HPDF_GetMem(def->mmgr, 2 * sizeof *range_offset);
    HPDF_UINT16 *glyphs = HPDF_GetMem(def->mmgr, (HPDF_UINT)(n * sizeof *glyphs));
    if (!end || !start || !delta || !range_offset || !glyphs) {
        HPDF_UINT16 *allocated[] = {end, start, (HPDF_UINT16 *)delta, range_offset, glyphs};
        for (size_t i = 0; i < sizeof allocated / sizeof allocated[0]; i++)
            if (allocated[i])
                HPDF_FreeMem(def->mmgr, allocated[i]);
        return false;
    }
    start[0] = (HPDF_UINT16)FIRST_CODE;
    end[0] = (HPDF_UINT16)(FIRST_CODE + n - 1);
    delta[0] = 0;
    /* idRangeOffset is counted in bytes from its own slot: two slots on, glyphs[0]. */
    range_offset[0] = 2 * sizeof *range_offset;
    start[1] = end[1] = 0xFFFF;
    delta[1] = 1;
    range_offset[1] = 0;
    memcpy(glyphs, gids, n * sizeof *glyphs);

    HPDF_FreeMem(def->mmgr, cmap->end_count);
    HPDF_FreeMem(def->mmgr, cmap->start_count);
    HPDF_FreeMem(def->mmgr, cmap->id_delta);
    HPDF_FreeMem(def->mmgr, cmap->id_range_offset);
    if (cmap->glyph_id_array)
        HPDF_FreeMem(def->mmgr, cmap->glyph_id_array);
    cmap->end_count = end;
    cmap->start_count = start;
    cmap->id_delta = delta;
    cmap->id_range_offset = range_offset;
    cmap->glyph_id_array = glyphs;
    cmap->glyph_id_array_count = (HPDF_UINT)n;
    cmap->seg_count_x2 = 4;
    return true;
}

/* An embedded font's name is its PostScript name with the subset tag; libharu 2.3 also appends
 * the style (",Bold"), a convention meant for fonts that are not embedded. */
static void drop_style_suffix(HPDF_FontDef def)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    char *comma = memchr(attr->base_font, ',', sizeof attr->base_font);
    if (comma)
        *comma = 0;
}

/* libharu writes the CIDToGIDMap for every code up to U+FFFF (128 KB per font to compress);
 * only the codes we use are kept. Codes past the end of the map mean glyph 0, never drawn. */
static bool shorten_cid_to_gid_map(HPDF_FontAttr attr, const uint16_t *gids, size_t n)
{
    if (!attr->map_stream)
        return true;
    size_t entries = FIRST_CODE + n;
    unsigned char *map = calloc(entries, 2);
    if (!map)
        return false;
    for (size_t i = 0; i < n; i++) {
        map[2 * (FIRST_CODE + i)] = (unsigned char)(gids[i] >> 8);
        map[2 * (FIRST_CODE + i) + 1] = (unsigned char)gids[i];
    }
    HPDF_MemStream_FreeData(attr->map_stream->stream);
    bool ok = HPDF_Stream_Write(attr->map_stream->stream, map, (HPDF_UINT)(entries * 2)) == HPDF_OK;
    free(map);
    return ok;
}

/* Replaces the content of libharu's ToUnicode stream (keeping its object, so no orphan is
 * written), shortens the CIDToGIDMap and corrects the descendant font's CIDSystemInfo. */
static bool fix_font_dictionaries(writer *w, HPDF_Font font, const uint32_t *cps,
                                  const uint16_t *gids, size_t n)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!attr || attr->type != HPDF_FONT_TYPE0_TT || !attr->descendant_font) {
        vb_diag_error(w->diag, NULL, 0, 0,
                      "lỗi nội bộ khi tạo PDF: phông chữ libharu không có dạng Type0/TrueType");
        return false;
    }
    HPDF_Dict tounicode = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tounicode) {
        tounicode = HPDF_DictStream_New(font->mmgr, attr->xref);
        if (!tounicode || HPDF_Dict_Add(font, "ToUnicode", tounicode) != HPDF_OK)
            return false;
        tounicode->filter = font->filter;
    } else {
        HPDF_MemStream_FreeData(tounicode->stream);
        /* These keys describe a CMap used as an encoding; a ToUnicode stream needs none. */
        HPDF_Dict_RemoveElement(tounicode, "Type");
        HPDF_Dict_RemoveElement(tounicode, "CMapName");
        HPDF_Dict_RemoveElement(tounicode, "CIDSystemInfo");
        HPDF_Dict_RemoveElement(tounicode, "WMode");
    }
    code_run *runs = malloc((n ? n : 1) * sizeof *runs);
    if (!runs)
        return false;
    vb_buf cmap = {0};
    build_tounicode(&cmap, cps, n, runs);
    free(runs);
    bool ok = !cmap.failed &&
              HPDF_Stream_Write(tounicode->stream, cmap.data, (HPDF_UINT)cmap.len) == HPDF_OK;
    vb_buf_free(&cmap);
    if (!ok || !shorten_cid_to_gid_map(attr, gids, n))
        return false;

    HPDF_Dict system_info =
        HPDF_Dict_GetItem(attr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT);
    HPDF_String ordering =
        system_info ? HPDF_Dict_GetItem(system_info, "Ordering", HPDF_OCLASS_STRING) : NULL;
    if (ordering && ordering->len == 10 && memcmp(ordering->value, "Identity-H", 10) == 0)
        return HPDF_String_SetValue(ordering, "Identity") == HPDF_OK;
    return true;
}

/* ---- fonts ---- */

/* libharu 2.3 loads TrueType only from a path. An anonymous memory file, reopened through
 * /proc, keeps the subset off the disk; libharu holds its own descriptor until HPDF_Free. */
static int memory_file(const unsigned char *data, size_t len)
{
    int fd = memfd_create("vanban-font", MFD_CLOEXEC);
    if (fd < 0) {
        FILE *tmp = tmpfile(); /* kernels without memfd: an unlinked temporary file */
        if (!tmp)
            return -1;
        fd = dup(fileno(tmp));
        fclose(tmp);
        if (fd < 0)
            return -1;
    }
    size_t written = 0;
    while (written < len) {
        ssize_t n = write(fd, data + written, len - written);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        written += (size_t)n;
    }
    return fd;
}

/* Loads the subset into libharu and returns its name there (NULL on failure). */
static const char *load_subset(writer *w, vb_font_style st, const uint32_t *cps, size_t n)
{
    unsigned char *subset = NULL;
    size_t subset_len = 0;
    if (vb_font_subset(w->fonts, st, cps, n, &subset, &subset_len) != 0) {
        vb_diag_error(w->diag, vb_font_path(w->fonts, st), 0, 0,
                      "không tạo được tập con của phông chữ để nhúng vào PDF");
        return NULL;
    }
    int fd = memory_file(subset, subset_len);
    free(subset);
    if (fd < 0) {
        vb_diag_error(w->diag, NULL, 0, 0,
                      "lỗi nội bộ khi tạo PDF: không tạo được tệp tạm cho phông chữ");
        return NULL;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *name = HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
    close(fd); /* libharu opened the file again through /proc and keeps that */
    return failed(w) ? NULL : name;
}

/* Subsets one style, loads it into libharu with the dense cmap, and repairs the dictionaries
 * libharu made for it. */
static bool load_style(writer *w, vb_font_style st, const char **loaded_names)
{
    const char_set *set = &w->chars[st];
    uint32_t *cps = chars_of(set);
    uint16_t *gids = malloc((set->count ? set->count : 1) * sizeof *gids);
    const char *name = cps && gids ? load_subset(w, st, cps, set->count) : NULL;
    bool ok = name != NULL;
    /* libharu hands back the font already loaded under the same PostScript name. */
    for (int other = 0; ok && other < NSTYLES; other++)
        if (loaded_names[other] && strcmp(loaded_names[other], name) == 0) {
            vb_diag_error(w->diag, vb_font_path(w->fonts, st), 0, 0,
                          "hai kiểu chữ trong thư mục phông có cùng tên PostScript \"%s\"", name);
            ok = false;
        }
    HPDF_FontDef def = ok ? HPDF_GetFontDef(w->pdf, name) : NULL;
    if (def) {
        for (size_t i = 0; i < set->count; i++)
            gids[i] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cps[i]);
        drop_style_suffix(def);
        if (set->count > 0 && !install_dense_cmap(def, gids, set->count)) {
            vb_diag_error(w->diag, vb_font_path(w->fonts, st), 0, 0,
                          "lỗi nội bộ khi tạo PDF: không thay được bảng cmap của phông chữ");
            def = NULL;
        }
    }
    HPDF_Font font = def && !failed(w) ? HPDF_GetFont(w->pdf, name, "UTF-8") : NULL;
    ok = font && !failed(w);
    if (ok) {
        loaded_names[st] = name;
        w->font[st] = font;
        ok = fix_font_dictionaries(w, font, cps, gids, set->count);
    }
    free(gids);
    free(cps);
    return ok;
}

static bool load_fonts(writer *w)
{
    const char *loaded_names[NSTYLES] = {NULL};
    for (int st = 0; st < NSTYLES; st++)
        if (w->chars[st].used && !load_style(w, (vb_font_style)st, loaded_names))
            return false;
    return true;
}

/* ---- document information and outline ---- */

static void set_info(writer *w, const vb_pdf_meta *meta)
{
    /* Without the UTF-8 encoder libharu writes the bytes as PDFDocEncoding: mojibake. */
    HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
    HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "vanban " VANBAN_VERSION);
    if (!meta)
        return;
    if (meta->title)
        HPDF_SetInfoAttr(w->pdf, HPDF_INFO_TITLE, meta->title);
    if (meta->subject)
        HPDF_SetInfoAttr(w->pdf, HPDF_INFO_SUBJECT, meta->subject);
    if (meta->author)
        HPDF_SetInfoAttr(w->pdf, HPDF_INFO_AUTHOR, meta->author);
    if (meta->creation_time >= 0) {
        time_t t = (time_t)meta->creation_time;
        struct tm utc;
        if (!gmtime_r(&t, &utc) || utc.tm_year + 1900 > 9999) {
            vb_diag_warning(w->diag, NULL, 0, 0, "thời điểm tạo tài liệu không hợp lệ: bỏ qua");
            return;
        }
        HPDF_Date date = {.year = utc.tm_year + 1900, .month = utc.tm_mon + 1,
                          .day = utc.tm_mday, .hour = utc.tm_hour, .minutes = utc.tm_min,
                          .seconds = utc.tm_sec, .ind = 'Z'};
        HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, date);
    }
}

static void add_outline(writer *w)
{
    const vb_layout *l = w->layout;
    if (l->noutline == 0)
        return;
    HPDF_Encoder utf8 = HPDF_GetEncoder(w->pdf, "UTF-8");
    HPDF_Outline parents[MAX_OUTLINE_DEPTH] = {NULL};
    int depth = 0; /* levels open below the root */
    for (size_t i = 0; i < l->noutline && !failed(w); i++) {
        const vb_outline_entry *e = &l->outline[i];
        if (e->page >= l->npages) {
            vb_diag_warning(w->diag, NULL, 0, 0,
                            "mục lục PDF: mục \"%s\" trỏ tới trang %zu không tồn tại: bỏ qua",
                            e->title ? e->title : "", e->page + 1);
            continue;
        }
        /* A level may deepen by one step at a time; a jump nests under the last entry. */
        int level = e->level < 0 ? 0 : e->level;
        if (level > depth)
            level = depth;
        if (level >= MAX_OUTLINE_DEPTH)
            level = MAX_OUTLINE_DEPTH - 1;
        HPDF_Outline parent = level > 0 ? parents[level - 1] : NULL;
        HPDF_Outline item = HPDF_CreateOutline(w->pdf, parent, e->title ? e->title : "", utf8);
        if (!item)
            return;
        if (parent)
            HPDF_Outline_SetOpened(parent, HPDF_TRUE);
        HPDF_Destination dest = HPDF_Page_CreateDestination(w->pages[e->page]);
        if (!dest)
            return;
        /* Zoom 0 ("keep") is refused by libharu 2.3; 1 is 100 %. */
        HPDF_Destination_SetXYZ(dest, 0, (HPDF_REAL)e->y, 1);
        HPDF_Outline_SetDestination(item, dest);
        parents[level] = item;
        depth = level + 1;
    }
    HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- pages ---- */

/* The item's text as libharu must receive it: each character replaced by its dense code,
 * UTF-8 encoded (2 or 3 bytes, never a control or ASCII byte), NUL-terminated. NULL when
 * memory runs out; "" when nothing is left to draw. */
static const char *encode_for_haru(writer *w, const vb_text_item *t, size_t len)
{
    size_t need = 3 * len + 1;
    if (need > w->scratch_cap) {
        char *grown = realloc(w->scratch, need);
        if (!grown)
            return NULL;
        w->scratch = grown;
        w->scratch_cap = need;
    }
    const char_set *set = &w->chars[t->style];
    char_reader r = {(const unsigned char *)t->text, (const unsigned char *)t->text + len, false};
    unsigned char *out = (unsigned char *)w->scratch;
    uint32_t cp;
    while (next_char(&r, &cp)) {
        uint32_t code = dense_code(set, cp);
        if (code < 0x800) {
            *out++ = (unsigned char)(0xC0 | code >> 6);
        } else {
            *out++ = (unsigned char)(0xE0 | code >> 12);
            *out++ = (unsigned char)(0x80 | (code >> 6 & 0x3F));
        }
        *out++ = (unsigned char)(0x80 | (code & 0x3F));
    }
    *out = 0;
    return w->scratch;
}

/* Words are placed one by one. TextOut moves relative to the start of the current line (Td),
 * so the line start is set absolutely (Tm) whenever the baseline changes: rounding can then
 * never add up over a page. */
static bool draw_texts(writer *w, HPDF_Page page, const vb_page *vp)
{
    HPDF_Font current_font = NULL;
    double current_size = -1;
    bool in_line = false;
    double line_y = 0;
    HPDF_Page_BeginText(page);
    for (size_t i = 0; i < vp->ntexts && !failed(w); i++) {
        const vb_text_item *t = &vp->texts[i];
        size_t len = text_length(t);
        if (len == 0)
            continue;
        const char *text = encode_for_haru(w, t, len);
        if (!text) {
            vb_diag_error(w->diag, NULL, 0, 0, "hết bộ nhớ khi tạo PDF");
            return false;
        }
        if (!*text)
            continue;
        HPDF_Font font = w->font[t->style];
        if (font != current_font || t->size != current_size) {
            HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)t->size);
            current_font = font;
            current_size = t->size;
        }
        if (!in_line || t->y != line_y) {
            HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)t->x, (HPDF_REAL)t->y);
            HPDF_Page_ShowText(page, text);
            in_line = true;
            line_y = t->y;
        } else {
            HPDF_Page_TextOut(page, (HPDF_REAL)t->x, (HPDF_REAL)t->y, text);
        }
    }
    HPDF_Page_EndText(page);
    return !failed(w);
}

static void draw_rules(writer *w, HPDF_Page page, const vb_page *vp)
{
    double current_width = -1;
    bool style_set = false;
    for (size_t i = 0; i < vp->nrules && !failed(w); i++) {
        const vb_rule_item *r = &vp->rules[i];
        if (!(r->width > 0))
            continue; /* a zero width would print as the thinnest line a device can draw */
        if (!style_set) {
            HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
            HPDF_Page_SetGrayStroke(page, 0);
            style_set = true;
        }
        if (r->width != current_width) {
            HPDF_Page_SetLineWidth(page, (HPDF_REAL)r->width);
            current_width = r->width;
        }
        HPDF_Page_MoveTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)r->y1);
        HPDF_Page_LineTo(page, (HPDF_REAL)r->x2, (HPDF_REAL)r->y2);
        HPDF_Page_Stroke(page);
    }
}

static bool draw_pages(writer *w)
{
    const vb_layout *l = w->layout;
    for (size_t p = 0; p < l->npages && !failed(w); p++) {
        HPDF_Page page = HPDF_AddPage(w->pdf);
        if (!page)
            return false;
        w->pages[p] = page;
        HPDF_Page_SetWidth(page, (HPDF_REAL)l->page_width);
        HPDF_Page_SetHeight(page, (HPDF_REAL)l->page_height);
        const vb_page *vp = &l->pages[p];
        if (vp->ntexts && !draw_texts(w, page, vp))
            return false;
        draw_rules(w, page, vp);
    }
    return !failed(w);
}

/* ---- saving ---- */

static bool save(writer *w, vb_buf *out)
{
    if (HPDF_SaveToStream(w->pdf) != HPDF_OK)
        return false;
    HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf);
    if (size == 0 || HPDF_ResetStream(w->pdf) != HPDF_OK)
        return false;
    size_t old_len = out->len;
    if (out->len + size > out->cap) {
        unsigned char *grown = realloc(out->data, out->len + size);
        if (!grown) {
            vb_diag_error(w->diag, NULL, 0, 0, "hết bộ nhớ khi tạo PDF");
            return false;
        }
        out->data = grown;
        out->cap = out->len + size;
    }
    HPDF_UINT32 read = size;
    if (HPDF_ReadFromStream(w->pdf, out->data + old_len, &read) != HPDF_OK || read != size)
        return false;
    out->len = old_len + size;
    return true;
}

static bool layout_is_sane(const vb_layout *l, vb_diagnostics *diag)
{
    if (!(l->page_width > 0 && l->page_height > 0 && l->page_width <= 14400 &&
          l->page_height <= 14400)) {
        vb_diag_error(diag, NULL, 0, 0,
                      "lỗi nội bộ khi tạo PDF: khổ trang %.1f × %.1f pt không hợp lệ",
                      l->page_width, l->page_height);
        return false;
    }
    if (l->npages == 0) {
        vb_diag_error(diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: tài liệu không có trang nào");
        return false;
    }
    return true;
}

int vb_pdf_write(const vb_layout *layout, const vb_fontset *fonts, const vb_pdf_meta *meta,
                 vb_buf *out, vb_diagnostics *diag)
{
    if (!layout || !fonts || !out) {
        vb_diag_error(diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: thiếu tham số");
        return -1;
    }
    if (!layout_is_sane(layout, diag))
        return -1;
    size_t errors_before = vb_diagnostics_errors(diag);
    writer w = {.layout = layout, .fonts = fonts, .diag = diag};
    w.chars = calloc(NSTYLES, sizeof *w.chars);
    w.pages = calloc(layout->npages, sizeof *w.pages);
    bool ok = w.chars && w.pages && collect_chars(&w);
    if (ok) {
        w.pdf = HPDF_New(on_haru_error, &w.err);
        ok = w.pdf != NULL;
    }
    if (ok) {
        /* libharu only raises the header version for features it knows need it. */
        w.pdf->pdf_version = HPDF_VER_14;
        HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(w.pdf);
        set_info(&w, meta);
        ok = !failed(&w) && load_fonts(&w) && draw_pages(&w);
    }
    if (ok) {
        add_outline(&w);
        ok = !failed(&w) && save(&w, out);
    }
    if (!ok && failed(&w))
        report_haru_error(&w);
    else if (!ok && vb_diagnostics_errors(diag) == errors_before)
        vb_diag_error(diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF (hết bộ nhớ?)");
    if (w.pdf)
        HPDF_Free(w.pdf);
    free(w.scratch);
    free(w.pages);
    free(w.chars);
    return ok ? 0 : -1;
}
