/* Stage 4: the PDF backend, the only code that calls libharu.
 *
 * libharu 2.3 keeps the document's skeleton: the object numbers and cross-reference table, the
 * catalog and page tree, pages, the Info dictionary, the outline and its destinations. What
 * libharu would do slowly or wrongly for Vietnamese text is done here instead (see
 * /work/shared/spec/libharu-2.3-notes.md and BENCHMARKS.md):
 *  - fonts: each style is a real subset made by HarfBuzz (vb_font_subset_glyphs), embedded as a
 *    Type0 font over a CIDFontType2 whose CIDs are the subset's glyph ids (CIDToGIDMap
 *    /Identity). The dictionaries are built here with libharu's object API, so libharu never
 *    parses a font (HPDF_GetFont walks all 65,536 BMP codes per font, HPDF_LoadTTFontFromFile
 *    wants a file) and the ToUnicode map is a valid bfrange/bfchar CMap from the start.
 *  - codes: a style numbers the characters it draws in code point order. With at most 252 of
 *    them (every real document) a character is one byte in the content stream: the space is
 *    code 32, so that word spacing (Tw) applies to it, and the bytes a literal string would
 *    have to escape are never used. An embedded CMap (/Encoding) maps each code to its glyph,
 *    ToUnicode maps it back to the character. More characters in one style take two bytes
 *    each (their rank), with the same maps.
 *  - content: each page's operators are written here straight into its content stream: one
 *    text object; a line's words of one font as one string with real spaces widened by Tw when
 *    the gaps between them are equal (justified and ragged lines alike), else as one TJ array
 *    with the gaps as adjustments; lines placed with Td by exact differences of coordinates
 *    rounded to 1/1000 pt; numbers formatted without printf.
 *  - compression: every stream is compressed here with libdeflate (two to three times as fast
 *    as zlib for the same size), at a level chosen by measurement, and written with its
 *    /Filter; libharu's own compression (zlib's default level) stays off.
 *  - version: libharu writes %PDF-1.3; we declare 1.4.
 * Filling page content streams and marking pre-compressed streams needs libharu's internal
 * structures (installed with its headers) and knowledge of what its 2.3 code does with them;
 * the build refuses other versions until that has been checked again. */
#include "pdf/pdf.h"

#include "common/utf8.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <libdeflate.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if HPDF_VERSION_ID / 100 != 203
#error "pdf.c fills libharu 2.3 page and stream objects directly: check it for this version"
#endif

#define CODE_SPACE 0x10000u /* characters above the BMP are drawn as a space (as libharu did) */
#define WORDS (CODE_SPACE / 64)
#define NARROW_CODES 252    /* up to this many characters in a style: one byte per character */
#define SPACE_CODE 0x20     /* the space's one-byte code: Tw widens it */
#define MAX_OUTLINE_DEPTH 16
#define CMAP_BLOCK 100      /* entries per begin…end block of a CMap (PDF limit) */
/* libdeflate level for every stream; BENCHMARKS.md has the measurements behind it. */
#ifndef VB_PDF_DEFLATE_LEVEL
#define VB_PDF_DEFLATE_LEVEL 1
#endif
#define MAX_COORD 1.0e6     /* points; far outside any page, and within what the formatter writes */
#define MIN_FONT_SIZE 0.1   /* keeps TJ adjustments (gap / size) within range */
#define MAX_FONT_SIZE 1000.0

typedef struct {
    HPDF_STATUS error_no, detail_no;
    unsigned count;
} haru_error;

/* The characters one style draws, ranked in code point order; a character's code follows
 * from its rank (assign_narrow_codes, or the rank itself for two-byte codes). */
typedef struct {
    uint64_t bits[WORDS];
    uint16_t rank_before[WORDS]; /* characters below each 64-bit word */
    size_t count;
    bool used;
    bool wide;                   /* two-byte codes */
    uint8_t narrow_code[NARROW_CODES]; /* one-byte code by rank */
    int space_advance;           /* the space's width, 1/1000 em */
    uint16_t page_of[256];       /* per 256 code points: 1 + index of its code_page, or 0 */
    char resource[4];            /* "F1".."F4" */
    HPDF_Dict font;              /* the Type0 font */
} char_set;

typedef struct {
    const vb_layout *layout;
    const vb_fontset *fonts;
    vb_diagnostics *diag;
    HPDF_Doc pdf;
    haru_error err;
    char_set *chars;    /* [VB_STYLE_COUNT] */
    struct code_page *code_pages; /* codes and widths of the characters drawn */
    size_t ncode_pages;
    HPDF_Page *pages;
    struct libdeflate_compressor *compressor;
    vb_buf content;     /* operators of one page */
    vb_buf strings;     /* the codes of one page's items, as string bytes */
    struct placed *items; /* the drawable items of one page */
    vb_buf packed;      /* compressed bytes of one stream */
    void **raw;         /* raw_bytes written by write_raw_entries, freed at the end */
    size_t nraw, raw_cap;
    bool out_of_memory;
} writer;

/* The code and width (1/1000 em) of the characters one style draws from 256 code points:
 * a document draws from a handful of such blocks (ASCII, Latin-1 and Latin Extended,
 * Vietnamese, punctuation), so a character is two look-ups in a few kilobytes. */
typedef struct code_page {
    uint16_t code[256];
    int16_t width[256];
} code_page;

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

/* Out of memory in an allocation of its own or in one of its buffers. */
static bool out_of_memory(const writer *w)
{
    return w->out_of_memory || w->content.failed || w->strings.failed || w->packed.failed;
}

static bool failed(const writer *w)
{
    return w->err.count > 0 || out_of_memory(w);
}

static void report_haru_error(writer *w)
{
    vb_diag_error(w->diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: libharu 0x%04X (chi tiết %u)",
                  (unsigned)w->err.error_no, (unsigned)w->err.detail_no);
}

/* ---- numbers ---- */

/* v / 10^decimals as a PDF number: "-12.5", "841.89", "0", "14". No exponent, no locale. */
static void put_fixed(vb_buf *b, long long v, int decimals)
{
    char tmp[40], *p = tmp + sizeof tmp;
    bool negative = v < 0;
    unsigned long long u = negative ? 0ull - (unsigned long long)v : (unsigned long long)v;
    bool digits = false; /* a fractional digit written: the point is needed */
    for (int i = 0; i < decimals; i++, u /= 10) {
        unsigned d = (unsigned)(u % 10);
        if (d || digits) {
            *--p = (char)('0' + d);
            digits = true;
        }
    }
    if (digits)
        *--p = '.';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative) /* never "-0": a negative v has a nonzero digit */
        *--p = '-';
    vb_buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void put_int(vb_buf *b, long long v)
{
    put_fixed(b, v, 0);
}

/* Nearest integer, halves away from zero, like llround but inline: coordinates are checked
 * finite and far below 2^52 before they get here. */
static long long round_half_away(double v)
{
    return v >= 0 ? (long long)(v + 0.5) : -(long long)(-v + 0.5);
}

static long long to_milli(double v)
{
    return round_half_away(v * 1000.0);
}

static void put_hex(vb_buf *b, unsigned v, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    char tmp[8];
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        tmp[i] = hex[v & 0xF];
    vb_buf_append(b, tmp, (size_t)digits);
}

/* ---- compression ---- */

/* The stream's bytes are already compressed: libharu must write /Filter but not compress
 * again. It drops a "Filter" entry from a stream it does not compress itself, so the entry is
 * written by this hook, which HPDF_Dict_Write calls just before the closing ">>". */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Compresses data into the stream of dict (a libharu dictionary stream), in the zlib format
 * FlateDecode reads. */
static bool put_compressed(writer *w, HPDF_Dict dict, const unsigned char *data, size_t len)
{
    if (failed(w) || !dict || !dict->stream)
        return false;
    if (!w->compressor && !(w->compressor = libdeflate_alloc_compressor(VB_PDF_DEFLATE_LEVEL))) {
        w->out_of_memory = true;
        return false;
    }
    size_t bound = libdeflate_zlib_compress_bound(w->compressor, len);
    w->packed.len = 0;
    if (!vb_buf_reserve(&w->packed, bound))
        return false;
    size_t packed = libdeflate_zlib_compress(w->compressor, data, len, w->packed.data, bound);
    if (packed == 0) {
        w->out_of_memory = true; /* cannot happen with the bound's room */
        return false;
    }
    w->packed.len = packed;
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
    return HPDF_Stream_Write(dict->stream, w->packed.data, (HPDF_UINT)packed) == HPDF_OK;
}

/* ---- which characters each style draws ---- */

/* Reads a text item's characters as the PDF draws them, through the library's one decoder
 * (a malformed byte, which the loader never lets through, is U+FFFD). Characters above U+FFFF,
 * which vb_font_has_glyph denies, become a space, as libharu drew them. */
typedef struct {
    const unsigned char *p, *end;
    bool replaced_astral;
} char_reader;

static inline bool next_char(char_reader *r, uint32_t *cp)
{
    if (r->p == r->end)
        return false;
    size_t used;
    *cp = vb_utf8_next(r->p, (size_t)(r->end - r->p), &used);
    r->p += used;
    if (*cp >= CODE_SPACE) {
        *cp = 0x20;
        r->replaced_astral = true;
    }
    return true;
}

static size_t text_length(const vb_text_item *t)
{
    return t->text ? strnlen(t->text, t->len) : 0;
}

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

/* Bytes a literal string would have to escape: ( ) \ and CR (read as a line end). */
static bool needs_escape(unsigned c)
{
    return c == '(' || c == ')' || c == '\\' || c == '\r';
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
        while (needs_escape(next) || next == SPACE_CODE)
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

static bool finite_in(double v, double limit)
{
    return isfinite(v) && fabs(v) <= limit;
}

static bool fill_code_pages(writer *w, char_set *set, vb_style st)
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
                vb_diag_error(w->diag, NULL, 0, 0, "hết bộ nhớ khi tạo PDF");
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

static bool collect_chars(writer *w)
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
            size_t len = text_length(t);
            if (len == 0)
                continue;
            if (!(t->size >= MIN_FONT_SIZE && t->size <= MAX_FONT_SIZE) ||
                !finite_in(t->x, MAX_COORD) ||
                !finite_in(t->y, MAX_COORD)) {
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
            while (next_char(&r, &cp))
                set->bits[cp / 64] |= (uint64_t)1 << (cp % 64);
            replaced_astral |= r.replaced_astral;
        }
        for (size_t i = 0; i < page->nrules; i++) {
            const vb_rule_item *r = &page->rules[i];
            if (!finite_in(r->x1, MAX_COORD) || !finite_in(r->y1, MAX_COORD) ||
                !finite_in(r->x2, MAX_COORD) || !finite_in(r->y2, MAX_COORD) ||
                !(isfinite(r->width) && r->width <= MAX_FONT_SIZE)) {
                vb_diag_error(w->diag, NULL, 0, 0,
                              "lỗi nội bộ khi tạo PDF: đường kẻ không hợp lệ ở trang %zu", p + 1);
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
            put_int(b, (long long)(left < CMAP_BLOCK ? left : CMAP_BLOCK));
            vb_buf_append_str(b, " begin");
            vb_buf_append_str(b, word);
            vb_buf_append_str(b, "\n");
        }
        vb_buf_append_str(b, "<");
        put_hex(b, r->code, code_digits);
        vb_buf_append_str(b, "> ");
        if (ranges) {
            vb_buf_append_str(b, "<");
            put_hex(b, r->code + r->length - 1, code_digits);
            vb_buf_append_str(b, "> ");
        }
        if (unicode) {
            vb_buf_append_str(b, "<");
            put_hex(b, r->value, 4);
            vb_buf_append_str(b, ">\n");
        } else {
            put_int(b, r->value);
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

/* A stream object with the given bytes, compressed. */
static HPDF_Dict new_stream(writer *w, const unsigned char *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(w->pdf->mmgr, w->pdf->xref);
    return s && put_compressed(w, s, data, len) ? s : NULL;
}

static HPDF_Dict new_indirect_dict(writer *w, const char *type)
{
    HPDF_Dict d = HPDF_Dict_New(w->pdf->mmgr);
    if (!d || HPDF_Xref_Add(w->pdf->xref, d) != HPDF_OK)
        return NULL;
    if (type && HPDF_Dict_AddName(d, "Type", type) != HPDF_OK)
        return NULL;
    return d;
}

static HPDF_Dict system_info(writer *w)
{
    HPDF_Dict info = HPDF_Dict_New(w->pdf->mmgr);
    if (!info)
        return NULL;
    /* Direct strings are written as literals: (Adobe), (Identity). */
    HPDF_Dict_Add(info, "Registry", HPDF_String_New(w->pdf->mmgr, "Adobe", NULL));
    HPDF_Dict_Add(info, "Ordering", HPDF_String_New(w->pdf->mmgr, "Identity", NULL));
    HPDF_Dict_AddNumber(info, "Supplement", 0);
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

static HPDF_Array widths_array(writer *w, const uint32_t *cps, const uint16_t *gids, size_t n,
                               vb_style st)
{
    glyph_width *gw = malloc((n ? n : 1) * sizeof *gw);
    HPDF_Array all = HPDF_Array_New(w->pdf->mmgr);
    if (!gw || !all) {
        free(gw);
        if (all)
            HPDF_Array_Free(all);
        w->out_of_memory = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        gw[i] = (glyph_width){gids[i], (int16_t)vb_font_advance(w->fonts, st, cps[i])};
    qsort(gw, n, sizeof *gw, by_gid);
    HPDF_Array run = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && gw[i].gid == gw[i - 1].gid)
            continue; /* two characters drawn with one glyph */
        if (!run || gw[i].gid != gw[i - 1].gid + 1) {
            HPDF_Array_AddNumber(all, gw[i].gid);
            run = HPDF_Array_New(w->pdf->mmgr);
            if (HPDF_Array_Add(all, run) != HPDF_OK)
                break;
        }
        HPDF_Array_AddNumber(run, gw[i].width);
    }
    free(gw);
    return all;
}

static HPDF_Dict font_descriptor(writer *w, vb_style st, const char *name,
                                 HPDF_Dict font_file)
{
    vb_font_pdf_info info;
    vb_font_pdf_info_get(w->fonts, st, &info);
    HPDF_Dict d = new_indirect_dict(w, "FontDescriptor");
    if (!d)
        return NULL;
    HPDF_Dict_AddName(d, "FontName", name);
    HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)info.flags);
    HPDF_Array box = HPDF_Array_New(w->pdf->mmgr);
    if (HPDF_Dict_Add(d, "FontBBox", box) == HPDF_OK)
        for (int i = 0; i < 4; i++)
            HPDF_Array_AddNumber(box, info.bbox[i]);
    if (info.italic_angle == floor(info.italic_angle))
        HPDF_Dict_AddNumber(d, "ItalicAngle", (HPDF_INT32)info.italic_angle);
    else
        HPDF_Dict_AddReal(d, "ItalicAngle", (HPDF_REAL)info.italic_angle);
    HPDF_Dict_AddNumber(d, "Ascent", info.ascent);
    HPDF_Dict_AddNumber(d, "Descent", info.descent);
    HPDF_Dict_AddNumber(d, "CapHeight", info.cap_height);
    if (info.x_height > 0)
        HPDF_Dict_AddNumber(d, "XHeight", info.x_height);
    HPDF_Dict_AddNumber(d, "StemV", info.stem_v);
    HPDF_Dict_Add(d, "FontFile2", font_file);
    return d;
}

/* Subsets one style and writes its five objects: Type0 font, CIDFontType2, font descriptor,
 * font file, ToUnicode, and the encoding CMap. */
static bool embed_style(writer *w, vb_style st)
{
    char_set *set = &w->chars[st];
    size_t n = set->count;
    uint32_t *cps = chars_of(set);
    uint16_t *gids = malloc((n ? n : 1) * sizeof *gids);
    uint32_t *cids = malloc((n ? n : 1) * sizeof *cids);
    uint32_t *codes = malloc((n ? n : 1) * sizeof *codes);
    code_run *runs = malloc((n ? n : 1) * sizeof *runs);
    unsigned char *subset = NULL;
    size_t subset_len = 0;
    bool ok = cps && gids && cids && codes && runs;
    if (!ok)
        w->out_of_memory = true;
    if (ok && vb_font_subset_glyphs(w->fonts, st, cps, n, gids, &subset, &subset_len) != 0) {
        vb_diag_error(w->diag, vb_font_path(w->fonts, st), 0, 0,
                      "không tạo được tập con của phông chữ để nhúng vào PDF");
        ok = false;
    }
    char tag[7], name[160], cmap_name[32];
    if (ok) {
        subset_tag(cps, n, st, tag);
        const char *ps = vb_font_postscript_name(w->fonts, st);
        snprintf(name, sizeof name, "%s+%s", tag, *ps ? ps : "Font");
        /* A name is at most 127 bytes in libharu (and in PDF 1.4). */
        name[HPDF_LIMIT_MAX_NAME_LEN] = 0;
        snprintf(cmap_name, sizeof cmap_name, "%s+VanBan-%s", tag, set->wide ? "2B" : "1B");
        for (size_t i = 0; i < n; i++) {
            cids[i] = gids[i];
            codes[i] = set->wide ? (uint32_t)i : set->narrow_code[i];
        }
    }
    HPDF_Dict file = ok ? new_stream(w, subset, subset_len) : NULL;
    free(subset);
    ok = file && HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)subset_len) == HPDF_OK;

    vb_buf cmap = {0};
    HPDF_Dict tounicode = NULL, encoding = NULL;
    if (ok) {
        build_cmap(&cmap, "Adobe-Identity-UCS", codes, cps, n, set->wide, true, runs);
        w->out_of_memory |= cmap.failed;
        tounicode = failed(w) ? NULL : new_stream(w, cmap.data, cmap.len);
        cmap.len = 0;
        build_cmap(&cmap, cmap_name, codes, cids, n, set->wide, false, runs);
        w->out_of_memory |= cmap.failed;
        encoding = failed(w) ? NULL : new_stream(w, cmap.data, cmap.len);
        ok = tounicode && encoding;
    }
    vb_buf_free(&cmap);
    if (ok) {
        HPDF_Dict_AddName(encoding, "Type", "CMap");
        HPDF_Dict_AddName(encoding, "CMapName", cmap_name);
        HPDF_Dict_Add(encoding, "CIDSystemInfo", system_info(w));
    }

    HPDF_Dict descriptor = ok ? font_descriptor(w, st, name, file) : NULL;
    HPDF_Dict cid_font = descriptor ? new_indirect_dict(w, "Font") : NULL;
    if (cid_font) {
        HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
        HPDF_Dict_AddName(cid_font, "BaseFont", name);
        HPDF_Dict_Add(cid_font, "CIDSystemInfo", system_info(w));
        HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
        HPDF_Dict_Add(cid_font, "W", widths_array(w, cps, gids, n, st));
        HPDF_Dict_AddName(cid_font, "CIDToGIDMap", "Identity");
    }
    HPDF_Dict font = cid_font ? new_indirect_dict(w, "Font") : NULL;
    if (font) {
        HPDF_Dict_AddName(font, "Subtype", "Type0");
        HPDF_Dict_AddName(font, "BaseFont", name);
        HPDF_Dict_Add(font, "Encoding", encoding);
        HPDF_Array descendants = HPDF_Array_New(w->pdf->mmgr);
        if (HPDF_Dict_Add(font, "DescendantFonts", descendants) == HPDF_OK)
            HPDF_Array_Add(descendants, cid_font);
        HPDF_Dict_Add(font, "ToUnicode", tounicode);
        set->font = font;
        static const char *const resource_names[VB_STYLE_COUNT] = {"F1", "F2", "F3", "F4"};
        memcpy(set->resource, resource_names[st], 3);
    }
    free(runs);
    free(codes);
    free(cids);
    free(gids);
    free(cps);
    return font && !failed(w);
}

/* The fonts, and one resource dictionary all pages share. */
static HPDF_Dict embed_fonts(writer *w)
{
    HPDF_Dict resources = new_indirect_dict(w, NULL);
    HPDF_Dict fonts = HPDF_Dict_New(w->pdf->mmgr);
    if (!resources || HPDF_Dict_Add(resources, "Font", fonts) != HPDF_OK)
        return NULL;
    for (int st = 0; st < VB_STYLE_COUNT; st++) {
        if (!w->chars[st].used)
            continue;
        if (!embed_style(w, (vb_style)st) ||
            HPDF_Dict_Add(fonts, w->chars[st].resource, w->chars[st].font) != HPDF_OK)
            return NULL;
    }
    return resources;
}

/* ---- document information and outline ---- */

/* Dictionary entries written as they are, by write_raw_entries: text strings as literals of
 * raw UTF-16BE bytes, half the size of the hexadecimal strings libharu's encoders write (and
 * without its UTF-8 encoder, whose tables cost more than the rest of the outline). */
typedef struct {
    size_t len;
    unsigned char data[];
} raw_bytes;

static HPDF_STATUS write_raw_entries(HPDF_Dict dict, HPDF_Stream stream)
{
    const raw_bytes *raw = dict->attr;
    return raw ? HPDF_Stream_Write(stream, raw->data, (HPDF_UINT)raw->len) : HPDF_OK;
}

static void put_string_byte(vb_buf *b, unsigned char c)
{
    char esc[2] = {'\\', (char)(c == '\r' ? 'r' : c)};
    if (needs_escape(c))
        vb_buf_append(b, esc, 2);
    else
        vb_buf_append(b, &c, 1);
}

/* A text string as a PDF literal: as it is when it is printable ASCII (PDFDocEncoding), else
 * UTF-16BE with a byte order mark. */
static void put_text_string(vb_buf *b, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t len = strlen(utf8);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = s[i] >= 0x20 && s[i] < 0x7F;
    vb_buf_append_str(b, "(");
    if (ascii) {
        for (size_t i = 0; i < len; i++)
            put_string_byte(b, s[i]);
        vb_buf_append_str(b, ")");
        return;
    }
    put_string_byte(b, 0xFE);
    put_string_byte(b, 0xFF);
    for (size_t i = 0, used; i < len; i += used) {
        uint32_t cp = vb_utf8_next(s + i, len - i, &used);
        uint16_t units[2] = {(uint16_t)cp, 0};
        int nunits = 1;
        if (cp >= 0x10000) {
            units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            nunits = 2;
        }
        for (int u = 0; u < nunits; u++) {
            put_string_byte(b, (unsigned char)(units[u] >> 8));
            put_string_byte(b, (unsigned char)units[u]);
        }
    }
    vb_buf_append_str(b, ")");
}

/* Hands dict the entries in b (which is emptied). */
static bool attach_raw(writer *w, HPDF_Dict dict, vb_buf *b)
{
    if (failed(w) || !dict)
        return false;
    if (w->nraw == w->raw_cap) {
        size_t cap = w->raw_cap ? 2 * w->raw_cap : 32;
        void **grown = realloc(w->raw, cap * sizeof *grown);
        if (!grown) {
            w->out_of_memory = true;
            return false;
        }
        w->raw = grown;
        w->raw_cap = cap;
    }
    raw_bytes *raw = malloc(sizeof *raw + b->len);
    if (!raw) {
        w->out_of_memory = true;
        return false;
    }
    raw->len = b->len;
    memcpy(raw->data, b->data, b->len);
    w->raw[w->nraw++] = raw;
    dict->attr = raw;
    dict->write_fn = write_raw_entries;
    b->len = 0;
    return true;
}

static void put_entry(vb_buf *b, const char *key, const char *utf8)
{
    vb_buf_append_str(b, key);
    put_text_string(b, utf8);
    vb_buf_append_str(b, "\n");
}

static void set_info(writer *w, const vb_pdf_meta *meta)
{
    /* The Creator is ASCII, written by libharu; it makes the Info dictionary. */
    HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "vanban " VANBAN_VERSION);
    if (!meta || failed(w))
        return;
    w->content.len = 0;
    if (meta->title)
        put_entry(&w->content, "/Title ", meta->title);
    if (meta->subject)
        put_entry(&w->content, "/Subject ", meta->subject);
    if (meta->author)
        put_entry(&w->content, "/Author ", meta->author);
    if (w->content.len)
        attach_raw(w, w->pdf->info, &w->content);
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
        HPDF_Outline item = HPDF_CreateOutline(w->pdf, parent, "", NULL);
        if (!item)
            return;
        HPDF_Dict_RemoveElement(item, "Title");
        w->content.len = 0;
        put_entry(&w->content, "/Title ", e->title ? e->title : "");
        if (!attach_raw(w, item, &w->content))
            return;
        if (parent)
            HPDF_Outline_SetOpened(parent, HPDF_TRUE);
        HPDF_Destination dest = HPDF_Page_CreateDestination(w->pages[e->page]);
        if (!dest)
            return;
        /* Zoom 0 ("keep") is refused by libharu 2.3; 1 is 100 %. */
        HPDF_Destination_SetXYZ(dest, 0, (HPDF_REAL)(finite_in(e->y, MAX_COORD) ? e->y : 0), 1);
        HPDF_Outline_SetDestination(item, dest);
        parents[level] = item;
        depth = level + 1;
    }
    HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- page content ---- */

/* A text item as the page draws it: its codes as string bytes (in writer.strings), its width
 * in 1/1000 em (the /W widths, which layout measured with), and whether it holds a space of
 * its own (a centred line). */
typedef struct placed {
    const vb_text_item *t;
    size_t codes, ncodes; /* offset and length in writer.strings */
    long width;
    bool has_space;
    long long x, y; /* 1/1000 pt */
} placed;

/* Reads the item once: codes (escaped where a literal string needs it, which only two-byte
 * codes can), width, spaces. False when nothing is drawn. */
static bool measure_item(writer *w, const vb_text_item *t, placed *out)
{
    size_t len = text_length(t);
    if (len == 0)
        return false;
    const char_set *set = &w->chars[t->style];
    vb_buf *b = &w->strings;
    if (!vb_buf_reserve(b, 4 * len))
        return false;
    unsigned char *start = b->data + b->len, *o = start;
    char_reader r = {(const unsigned char *)t->text, (const unsigned char *)t->text + len, false};
    uint32_t cp;
    long width = 0;
    bool space = false;
    while (next_char(&r, &cp)) {
        /* every character drawn is in the set, so its page exists */
        const code_page *page = &w->code_pages[set->page_of[cp >> 8] - 1];
        uint32_t code = page->code[cp & 0xFF];
        width += page->width[cp & 0xFF];
        space |= cp == 0x20;
        if (!set->wide) {
            *o++ = (unsigned char)code;
            continue;
        }
        unsigned char bytes[2] = {(unsigned char)(code >> 8), (unsigned char)code};
        for (int i = 0; i < 2; i++) {
            if (needs_escape(bytes[i])) {
                *o++ = '\\';
                *o++ = bytes[i] == '\r' ? 'r' : bytes[i];
            } else {
                *o++ = bytes[i];
            }
        }
    }
    if (o == start)
        return false;
    *out = (placed){t, b->len, (size_t)(o - start), width, space, to_milli(t->x), to_milli(t->y)};
    b->len += (size_t)(o - start);
    return true;
}

static void put_codes(const writer *w, vb_buf *b, const placed *it)
{
    vb_buf_append(b, (const char *)w->strings.data + it->codes, it->ncodes);
}

/* How far a glyph may be from where layout put it, pt: far below what any device shows. */
#define POSITION_TOLERANCE 0.005

/* The word spacing (1/10,000 pt) that draws the segment's words as one string, each gap a
 * space widened by it, every word within POSITION_TOLERANCE of its place; false when the gaps
 * differ (or a centred line's own spaces would be widened too). */
static bool common_word_spacing(const writer *w, const placed *seg, size_t n, long long *tw)
{
    const char_set *set = &w->chars[seg[0].t->style];
    if (set->wide || n < 2)
        return false;
    double size = seg[0].t->size, space = set->space_advance * size / 1000.0;
    double first_gap = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        double gap = seg[k + 1].t->x - (seg[k].t->x + seg[k].width * size / 1000.0) - space;
        if (k == 0)
            first_gap = gap;
        else if (fabs(gap - first_gap) > POSITION_TOLERANCE)
            return false;
    }
    long long q = round_half_away(first_gap * 10000.0);
    bool own_spaces = false;
    for (size_t k = 0; k < n; k++)
        own_spaces |= seg[k].has_space;
    if (own_spaces && q != 0)
        return false;
    /* where the viewer puts each word, from the rounded start and spacing */
    double pen = (double)seg[0].x / 1000.0;
    for (size_t k = 0; k < n; k++) {
        if (fabs(pen - seg[k].t->x) > POSITION_TOLERANCE)
            return false;
        pen += seg[k].width * size / 1000.0 + space + (double)q / 10000.0;
    }
    *tw = q;
    return true;
}

typedef struct {
    int font;
    double size;
    long long line_x, line_y; /* start of the current line, 1/1000 pt */
    long long tw;             /* word spacing in force, 1/10,000 pt */
} text_state;

static void set_word_spacing(writer *w, text_state *ts, long long tw)
{
    if (tw == ts->tw)
        return;
    put_fixed(&w->content, tw, 4);
    vb_buf_append_str(&w->content, " Tw\n");
    ts->tw = tw;
}

/* One segment: consecutive items on one baseline in one font. It starts with Td, relative to
 * the previous line's start, by the difference of the two positions rounded to 1/1000 pt: the
 * rounding never adds up over a page. Its words are one string when one word spacing places
 * them all; otherwise one TJ array, the gap before each word an adjustment (in 1/1000 of the
 * font size, rounded to a tenth) from where the previous word really ends, so it never adds up
 * either. */
static void put_segment(writer *w, text_state *ts, const placed *seg, size_t n)
{
    vb_buf *b = &w->content;
    const vb_text_item *first = seg[0].t;
    bool own_spaces = false;
    for (size_t k = 0; k < n; k++)
        own_spaces |= seg[k].has_space;
    long long tw = 0;
    bool one_string = n == 1 || common_word_spacing(w, seg, n, &tw);
    if ((int)first->style != ts->font || first->size != ts->size) {
        vb_buf_append_str(b, "/");
        vb_buf_append_str(b, w->chars[first->style].resource);
        vb_buf_append_str(b, " ");
        put_fixed(b, to_milli(first->size), 3);
        vb_buf_append_str(b, " Tf\n");
        ts->font = (int)first->style;
        ts->size = first->size;
    }
    /* Spaces in the segment are drawn at their width plus Tw: a single word needs no setting,
     * a centred line's own spaces need 0. */
    if (own_spaces || (one_string && n > 1))
        set_word_spacing(w, ts, tw);
    put_fixed(b, seg[0].x - ts->line_x, 3);
    vb_buf_append_str(b, " ");
    put_fixed(b, seg[0].y - ts->line_y, 3);
    vb_buf_append_str(b, " Td");
    ts->line_x = seg[0].x;
    ts->line_y = seg[0].y;
    if (one_string) {
        vb_buf_append_str(b, "(");
        for (size_t k = 0; k < n; k++) {
            if (k > 0) {
                unsigned char space = SPACE_CODE;
                vb_buf_append(b, (const char *)&space, 1);
            }
            put_codes(w, b, &seg[k]);
        }
        vb_buf_append_str(b, ")Tj\n");
        return;
    }
    double size = first->size, pen = (double)seg[0].x / 1000.0;
    vb_buf_append_str(b, "[(");
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            /* TJ moves left by n/1000 of the size (here in tenths): a gap is negative. */
            long adjust = (long)round_half_away((pen - seg[k].t->x) * 10000.0 / size);
            vb_buf_append_str(b, ")");
            if (adjust != 0) {
                put_fixed(b, adjust, 1);
                pen -= (double)adjust * size / 10000.0;
            }
            vb_buf_append_str(b, "(");
        }
        put_codes(w, b, &seg[k]);
        pen += seg[k].width * size / 1000.0; /* Tw is 0 whenever a word holds a space */
    }
    vb_buf_append_str(b, ")]TJ\n");
}

/* The page's text as one text object, segment by segment. */
static void put_texts(writer *w, const vb_page *vp)
{
    placed *items = w->items;
    size_t n = 0;
    w->strings.len = 0;
    for (size_t i = 0; i < vp->ntexts; i++)
        if (measure_item(w, &vp->texts[i], &items[n]))
            n++;
    if (n == 0)
        return;
    text_state ts = {.font = -1, .size = -1};
    vb_buf_append_str(&w->content, "BT\n");
    for (size_t i = 0; i < n && !failed(w);) {
        size_t j = i + 1;
        while (j < n && items[j].y == items[i].y && items[j].t->style == items[i].t->style &&
               items[j].t->size == items[i].t->size)
            j++;
        put_segment(w, &ts, items + i, j - i);
        i = j;
    }
    vb_buf_append_str(&w->content, "ET\n");
}

/* The defaults of a page's graphics state are butt caps and black: only widths are set. */
static void put_rules(writer *w, const vb_page *vp)
{
    vb_buf *b = &w->content;
    long long current_width = -1;
    for (size_t i = 0; i < vp->nrules && !failed(w); i++) {
        const vb_rule_item *r = &vp->rules[i];
        if (!(r->width > 0))
            continue; /* a zero width would print as the thinnest line a device can draw */
        long long width = to_milli(r->width);
        if (width != current_width) {
            put_fixed(b, width, 3);
            vb_buf_append_str(b, " w\n");
            current_width = width;
        }
        put_fixed(b, to_milli(r->x1), 3);
        vb_buf_append_str(b, " ");
        put_fixed(b, to_milli(r->y1), 3);
        vb_buf_append_str(b, " m ");
        put_fixed(b, to_milli(r->x2), 3);
        vb_buf_append_str(b, " ");
        put_fixed(b, to_milli(r->y2), 3);
        vb_buf_append_str(b, " l S\n");
    }
}

static bool draw_pages(writer *w, HPDF_Dict resources)
{
    const vb_layout *l = w->layout;
    size_t most = 1;
    for (size_t p = 0; p < l->npages; p++)
        if (l->pages[p].ntexts > most)
            most = l->pages[p].ntexts;
    w->items = malloc(most * sizeof *w->items);
    if (!w->items) {
        w->out_of_memory = true;
        return false;
    }
    for (size_t p = 0; p < l->npages && !failed(w); p++) {
        HPDF_Page page = HPDF_AddPage(w->pdf);
        if (!page)
            return false;
        w->pages[p] = page;
        HPDF_Page_SetWidth(page, (HPDF_REAL)l->page_width);
        HPDF_Page_SetHeight(page, (HPDF_REAL)l->page_height);
        /* Replaces the page's own resources (an obsolete ProcSet only) by the shared ones. */
        if (HPDF_Dict_Add(page, "Resources", resources) != HPDF_OK)
            return false;
        const vb_page *vp = &l->pages[p];
        w->content.len = 0;
        put_texts(w, vp);
        put_rules(w, vp);
        if (failed(w))
            return false;
        if (w->content.len > 0) {
            HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
            if (!put_compressed(w, attr->contents, w->content.data, w->content.len))
                return false;
        }
    }
    return !failed(w);
}

/* ---- saving ---- */

/* libharu writes the file through this callback straight into the caller's buffer, instead of
 * into its own chunked memory stream that would then be copied out. */
static HPDF_STATUS write_out(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT len)
{
    vb_buf *out = stream->attr;
    vb_buf_append(out, data, len);
    return out->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

static bool save(writer *w, vb_buf *out)
{
    size_t old_len = out->len;
    /* HPDF_SaveToStream writes into pdf->stream when there is one; HPDF_Free frees it. */
    w->pdf->stream = HPDF_CallbackWriter_New(w->pdf->mmgr, write_out, out);
    bool ok = w->pdf->stream && HPDF_SaveToStream(w->pdf) == HPDF_OK && !failed(w);
    if (!ok) {
        w->out_of_memory |= out->failed;
        if (out_of_memory(w))
            vb_diag_error(w->diag, NULL, 0, 0, "hết bộ nhớ khi tạo PDF");
        out->len = old_len;
    }
    return ok;
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
    w.chars = calloc(VB_STYLE_COUNT, sizeof *w.chars);
    w.pages = calloc(layout->npages, sizeof *w.pages);
    bool ok = w.chars && w.pages && collect_chars(&w);
    if (ok) {
        w.pdf = HPDF_New(on_haru_error, &w.err);
        ok = w.pdf != NULL;
    }
    HPDF_Dict resources = NULL;
    if (ok) {
        /* libharu only raises the header version for features it knows need it. */
        w.pdf->pdf_version = HPDF_VER_14;
        set_info(&w, meta);
        resources = failed(&w) ? NULL : embed_fonts(&w);
        ok = resources && draw_pages(&w, resources);
    }
    if (ok) {
        add_outline(&w);
        ok = !failed(&w) && save(&w, out);
    }
    if (!ok && w.err.count > 0)
        report_haru_error(&w);
    else if (!ok && vb_diagnostics_errors(diag) == errors_before)
        vb_diag_error(diag, NULL, 0, 0, out_of_memory(&w) ? "hết bộ nhớ khi tạo PDF"
                                                         : "lỗi nội bộ khi tạo PDF (hết bộ nhớ?)");
    if (w.pdf)
        HPDF_Free(w.pdf);
    libdeflate_free_compressor(w.compressor);
    vb_buf_free(&w.content);
    vb_buf_free(&w.packed);
    vb_buf_free(&w.strings);
    for (size_t i = 0; i < w.nraw; i++)
        free(w.raw[i]);
    free(w.raw);
    free(w.items);
    free(w.pages);
    free(w.code_pages);
    free(w.chars);
    return ok ? 0 : -1;
}
