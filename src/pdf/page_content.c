/* Page content: each page's operators, written straight into its content stream.
 *
 * One text object a page; a line's words of one font as one string with real spaces widened
 * by Tw when the gaps between them are equal (justified and ragged lines alike), else as one
 * TJ array with the gaps as adjustments; lines placed with Td by exact differences of
 * coordinates rounded to 1/1000 pt; then the rules. Numbers are formatted without printf. */
#include "pdf/pdf_writer.h"

#include <stdlib.h>

#include "pdf/pdf_syntax.h"

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
static bool measure_item(pdf_writer *w, const vb_text_item *t, placed *out)
{
    size_t len = vb_pdf_text_length(t);
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
    while (vb_pdf_next_char(&r, &cp)) {
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
            if (vb_pdf_needs_escape(bytes[i])) {
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

static void put_codes(const pdf_writer *w, vb_buf *b, const placed *it)
{
    vb_buf_append(b, (const char *)w->strings.data + it->codes, it->ncodes);
}

/* How far a glyph may be from where layout put it, pt: far below what any device shows. */
#define POSITION_TOLERANCE 0.005

/* The word spacing (1/10,000 pt) that draws the segment's words as one string, each gap a
 * space widened by it, every word within POSITION_TOLERANCE of its place; false when the gaps
 * differ (or a centred line's own spaces would be widened too). Called for n >= 2. */
static bool common_word_spacing(const pdf_writer *w, const placed *seg, size_t n,
                                bool own_spaces, long long *tw)
{
    const char_set *set = &w->chars[seg[0].t->style];
    if (set->wide)
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

static void set_word_spacing(pdf_writer *w, text_state *ts, long long tw)
{
    if (tw == ts->tw)
        return;
    vb_pdf_put_fixed(&w->content, tw, 4);
    vb_buf_append_str(&w->content, " Tw\n");
    ts->tw = tw;
}

/* One segment: consecutive items on one baseline in one font. It starts with Td, relative to
 * the previous line's start, by the difference of the two positions rounded to 1/1000 pt: the
 * rounding never adds up over a page. Its words are one string when one word spacing places
 * them all; otherwise one TJ array, the gap before each word an adjustment (in 1/1000 of the
 * font size, rounded to a tenth) from where the previous word really ends, so it never adds up
 * either. */
static void put_segment(pdf_writer *w, text_state *ts, const placed *seg, size_t n)
{
    vb_buf *b = &w->content;
    const vb_text_item *first = seg[0].t;
    bool own_spaces = false;
    for (size_t k = 0; k < n; k++)
        own_spaces |= seg[k].has_space;
    long long tw = 0;
    bool one_string = n == 1 || common_word_spacing(w, seg, n, own_spaces, &tw);
    if ((int)first->style != ts->font || first->size != ts->size) {
        vb_buf_append_str(b, "/");
        vb_buf_append_str(b, w->chars[first->style].resource);
        vb_buf_append_str(b, " ");
        vb_pdf_put_fixed(b, to_milli(first->size), 3);
        vb_buf_append_str(b, " Tf\n");
        ts->font = (int)first->style;
        ts->size = first->size;
    }
    /* Spaces in the segment are drawn at their width plus Tw: a single word needs no setting,
     * a centred line's own spaces need 0. */
    if (own_spaces || (one_string && n > 1))
        set_word_spacing(w, ts, tw);
    vb_pdf_put_fixed(b, seg[0].x - ts->line_x, 3);
    vb_buf_append_str(b, " ");
    vb_pdf_put_fixed(b, seg[0].y - ts->line_y, 3);
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
                vb_pdf_put_fixed(b, adjust, 1);
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
static void put_texts(pdf_writer *w, const vb_page *vp)
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
    for (size_t i = 0; i < n && !vb_pdf_failed(w);) {
        size_t j = i + 1;
        while (j < n && items[j].y == items[i].y && items[j].t->style == items[i].t->style &&
               items[j].t->size == items[i].t->size)
            j++;
        put_segment(w, &ts, items + i, j - i);
        i = j;
    }
    vb_buf_append_str(&w->content, "ET\n");
}

/* Numbers in thousandths of a point, space-separated, then the operator text op. */
static void put_numbers(vb_buf *b, const double *values, size_t n, const char *op)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            vb_buf_append_str(b, " ");
        vb_pdf_put_fixed(b, to_milli(values[i]), 3);
    }
    vb_buf_append_str(b, op);
}

/* The defaults of a page's graphics state are butt caps and black: only widths are set. */
static void put_rules(pdf_writer *w, const vb_page *vp)
{
    vb_buf *b = &w->content;
    long long current_width = -1;
    for (size_t i = 0; i < vp->nrules && !vb_pdf_failed(w); i++) {
        const vb_rule_item *r = &vp->rules[i];
        if (!(r->width > 0))
            continue; /* a zero width would print as the thinnest line a device can draw */
        long long width = to_milli(r->width);
        if (width != current_width) {
            vb_pdf_put_fixed(b, width, 3);
            vb_buf_append_str(b, " w\n");
            current_width = width;
        }
        put_numbers(b, (const double[]){r->x1, r->y1}, 2, " m ");
        put_numbers(b, (const double[]){r->x2, r->y2}, 2, " l S\n");
    }
}

/* Shaded table rows, under the text; the colour goes back to black after them. */
static void put_fills(pdf_writer *w, const vb_page *vp)
{
    vb_buf *b = &w->content;
    for (size_t i = 0; i < vp->nfills && !vb_pdf_failed(w); i++) {
        const vb_fill_item *f = &vp->fills[i];
        put_numbers(b, (const double[]){f->gray}, 1, " g ");
        put_numbers(b, (const double[]){f->x, f->y, f->w, f->h}, 4, " re f\n");
    }
    if (vp->nfills)
        vb_buf_append_str(b, "0 g\n");
}

bool vb_pdf_draw_pages(pdf_writer *w, vb_haru_dict resources)
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
    for (size_t p = 0; p < l->npages && !vb_pdf_failed(w); p++) {
        HPDF_Page page = HPDF_AddPage(w->pdf);
        if (!page)
            return false;
        w->pages[p] = page;
        const vb_page *vp = &l->pages[p];
        /* A landscape appendix's pages have their own size; others the layout's. */
        HPDF_Page_SetWidth(page, (HPDF_REAL)(vp->width > 0 ? vp->width : l->page_width));
        HPDF_Page_SetHeight(page, (HPDF_REAL)(vp->height > 0 ? vp->height : l->page_height));
        /* Replaces the page's own resources (an obsolete ProcSet only) by the shared ones. */
        if (vb_haru_dict_add(page, "Resources", resources) != HPDF_OK)
            return false;
        w->content.len = 0;
        put_fills(w, vp);
        put_texts(w, vp);
        put_rules(w, vp);
        if (vb_pdf_failed(w))
            return false;
        if (w->content.len > 0) {
            vb_haru_dict contents = vb_haru_page_contents(page);
            if (!vb_pdf_put_compressed(w, contents, w->content.data, w->content.len))
                return false;
        }
    }
    return !vb_pdf_failed(w);
}

