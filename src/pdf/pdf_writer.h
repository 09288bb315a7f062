/* What the PDF backend's files share: the writer's state and how a text item is read. */
#ifndef VB_PDF_WRITER_H
#define VB_PDF_WRITER_H
#include "common/buf.h"
#include "common/utf8.h"
#include "pdf/libharu_internals.h"
#include "pdf/pdf.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define CODE_SPACE 0x10000u /* characters above the BMP are drawn as a space (as libharu did) */
#define WORDS (CODE_SPACE / 64)
#define NARROW_CODES 252    /* up to this many characters in a style: one byte per character */
#define SPACE_CODE 0x20     /* the space's one-byte code: Tw widens it */
#define MAX_COORD 1.0e6     /* points; far outside any page, and within what the formatter writes */
#define MIN_FONT_SIZE 0.1   /* keeps TJ adjustments (gap / size) within range */
#define MAX_FONT_SIZE 1000.0

typedef struct {
    HPDF_STATUS error_no, detail_no;
    unsigned count;
} haru_error;

/* The characters one style draws, ranked in code point order; a character's code follows
 * from its rank (one-byte codes by narrow_code, two-byte codes are the rank itself). */
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
    vb_haru_dict font;           /* the Type0 font */
} char_set;

/* The code and width (1/1000 em) of the characters one style draws from 256 code points:
 * a document draws from a handful of such blocks (ASCII, Latin-1 and Latin Extended,
 * Vietnamese, punctuation), so a character is two look-ups in a few kilobytes. */
typedef struct {
    uint16_t code[256];
    int16_t width[256];
} code_page;

typedef struct {
    const vb_layout *layout;
    const vb_fontset *fonts;
    vb_diagnostics *diag;
    vb_haru_doc pdf;
    haru_error err;
    char_set *chars;    /* [VB_STYLE_COUNT] */
    code_page *code_pages; /* codes and widths of the characters drawn */
    size_t ncode_pages;
    HPDF_Page *pages;
    struct libdeflate_compressor *compressor;
    vb_buf content;     /* operators of one page */
    vb_buf strings;     /* the codes of one page's items, as string bytes */
    struct placed *items; /* the drawable items of one page */
    vb_buf packed;      /* compressed bytes of one stream */
    struct outline_item *outline; /* [0] the root, then the entries the outline keeps */
    unsigned outline_root, outline_first; /* object numbers of the root and of entry 1 */
    vb_haru_raw_entries **raw; /* entries written by libharu at saving, freed at the end */
    size_t nraw, raw_cap;
    bool out_of_memory;
} pdf_writer;

/* Out of memory in an allocation of its own or in one of its buffers. */
static inline bool vb_pdf_out_of_memory(const pdf_writer *w)
{
    return w->out_of_memory || w->content.failed || w->strings.failed || w->packed.failed;
}

static inline bool vb_pdf_failed(const pdf_writer *w)
{
    return w->err.count > 0 || vb_pdf_out_of_memory(w);
}

static inline bool vb_pdf_finite_in(double v, double limit)
{
    return isfinite(v) && fabs(v) <= limit;
}

static inline size_t vb_pdf_text_length(const vb_text_item *t)
{
    return t->text ? strnlen(t->text, t->len) : 0;
}

/* Reads a text item's characters as the PDF draws them, through the library's one decoder
 * (a malformed byte, which the loader never lets through, is U+FFFD). Characters above U+FFFF,
 * which vb_font_has_glyph denies, become a space, as libharu drew them. */
typedef struct {
    const unsigned char *p, *end;
    bool replaced_astral;
} char_reader;

static inline bool vb_pdf_next_char(char_reader *r, uint32_t *cp)
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

/* pdf.c: data compressed with libdeflate into a stream, or into a new stream object; false or
 * NULL when that fails (the writer then has failed, and says why at the end). */
bool vb_pdf_put_compressed(pdf_writer *w, vb_haru_dict stream, const unsigned char *data,
                           size_t len);
vb_haru_dict vb_pdf_new_stream(pdf_writer *w, const unsigned char *data, size_t len);

/* pdf_fonts.c: which characters each style draws (checking the items' numbers on the way),
 * their codes and widths; then the fonts, in one resource dictionary all pages share. */
bool vb_pdf_collect_chars(pdf_writer *w);
vb_haru_dict vb_pdf_embed_fonts(pdf_writer *w);

/* page_content.c: the pages, their size, resources and content streams. */
bool vb_pdf_draw_pages(pdf_writer *w, vb_haru_dict resources);

#endif
