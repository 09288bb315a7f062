/* Layout: the Decree-30 page. Every position on every page is decided here; the PDF backend
 * draws the result as it is.
 *
 * The work goes in three steps, as in TeX where line breaking is separate from page building:
 *   1. page 1's head (letterhead, Số and date, type name, trích yếu, Kính gửi) is set at fixed
 *      positions;
 *   2. the body and the closing block become a vertical list of lines (paragraphs broken by the
 *      total-fit breaker, each word placed by us) with keep rules: no heading stranded, no
 *      single-line widow or orphan, the closing block kept with the last two body lines;
 *      footnote texts are broken into their own lines;
 *   3. the page builder fills pages from that list, placing each footnote at the foot of the
 *      page holding its call (continued on the next page when it does not fit), and adds page
 *      numbers from page 2. */
#include "layout/layout.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "layout/linebreak.h"

#define A4_WIDTH_PT 595.2756
#define A4_HEIGHT_PT 841.8898

/* Sizes not left to the content: the Decree's choices where it fixes them, common practice
 * where it only gives a range. */
#define NOI_NHAN_HEAD_SIZE 12.0
#define NOI_NHAN_ITEM_SIZE 11.0
#define FOOTNOTE_SIZE 11.0
#define MARKER_SCALE 0.62      /* footnote call "(1)": smaller... */
#define MARKER_RISE 0.36       /* ...and raised by this fraction of the body size */
#define RULE_WIDTH 0.5         /* pt, every rule of the letterhead and title block */
#define SIGNATURE_ROOM_MM 25.0 /* room between position and name for signature and seal */

/* ------------------------------------------------------------------ small vectors */

#define VEC(T)       \
    struct {         \
        T *v;        \
        size_t n, cap; \
    }

typedef struct layout_ctx layout_ctx;
static bool vec_reserve(layout_ctx *L, vb_arena *a, void **v, size_t *cap, size_t n,
                        size_t elem);

/* Appends in an arena: the document's (what the layout returns) or the scratch one (words,
 * break candidates: forgotten after each paragraph, so memory stays as small as one paragraph). */
#define VEC_PUSH_IN(L, arena, vec, item)                                                      \
    do {                                                                                      \
        if ((vec).n < (vec).cap || vec_reserve((L), (arena), (void **)&(vec).v, &(vec).cap,   \
                                               (vec).n + 1, sizeof *(vec).v))                 \
            (vec).v[(vec).n++] = (item);                                                      \
    } while (0)
#define VEC_PUSH(L, vec, item) VEC_PUSH_IN(L, (L)->a, vec, item)
#define VEC_PUSH_TMP(L, vec, item) VEC_PUSH_IN(L, (L)->tmp, vec, item)
/* Room for exactly n elements, when the count is known before filling. */
#define VEC_RESERVE(L, vec, count)                                                            \
    ((vec).cap >= (count) ||                                                                  \
     vec_reserve((L), (L)->a, (void **)&(vec).v, &(vec).cap, (count), sizeof *(vec).v))

/* ------------------------------------------------------------------ data */

/* A piece of a word in one style: "đồng" regular, "(1)" raised small. */
typedef struct {
    const char *text;
    size_t len;
    vb_style style;
    double size;
    double rise;
    double width;
    int note; /* > 0: this fragment is the call of that footnote */
} fragment;

typedef struct {
    fragment *frags;
    size_t nfrags;
    double width;
    double space_after;  /* natural width of the space that follows it (0 at a paragraph end) */
    bool glued_to_prev;  /* a footnote call written after a space: never break before it */
    bool piece;          /* a piece of an over-long word: the next piece follows with no space */
} word;

typedef VEC(word) word_vec;

/* One entry of the vertical list: a body line, a heading line or the closing block. y values
 * of its items are relative to its baseline. */
typedef struct {
    double space_before; /* extra space above it; dropped at the top of a page */
    double top;          /* baseline below the top of its box (first line on a page) */
    double pitch;        /* baseline distance from the previous line, without space_before */
    double depth;        /* how far its box reaches below the baseline */
    vb_text_item *items;
    size_t nitems;
    vb_rule_item *rules;
    size_t nrules;
    int *notes; /* footnotes whose first call is on this line */
    size_t nnotes;
    bool keep_with_next;
    const char *outline_title;
    int outline_level;
} vline;

typedef VEC(vline) vline_vec;
typedef VEC(vb_text_item) text_vec;
typedef VEC(vb_rule_item) rule_vec;
typedef VEC(int) int_vec;

typedef struct {
    vline_vec lines; /* the note's lines at footnote size */
    bool placed;     /* its first line is on a page already */
} note_lines;

struct layout_ctx {
    const vb_document *doc;
    const vb_fontset *fs;
    vb_arena *a;   /* the document's: everything the layout returns */
    vb_arena *tmp; /* scratch, reset after each paragraph */
    vb_diagnostics *diag;
    bool failed;

    double page_w, page_h;
    double margin_top, margin_bottom, margin_left, margin_right;
    double left, right, measure;
    double size, pitch, indent, para_space;
    double foot_pitch;

    /* letterhead columns, shared by the closing block */
    double left_col_w, left_col_cx, right_col_cx, right_col_w;

    double pending_space; /* extra space before the next body paragraph (after Kính gửi) */

    text_vec p1_texts; /* page 1 head */
    rule_vec p1_rules;
    double body_top_p1; /* where the body may start on page 1 */

    vline_vec body;
    note_lines *notes; /* index = footnote number */
    size_t nnotes;
    int *header_notes; /* footnotes called in the trích yếu: placed with the first body line */
    size_t nheader_notes;

    VEC(vb_page) pages;
    VEC(vb_outline_entry) outline;
};

static bool vec_reserve(layout_ctx *L, vb_arena *a, void **v, size_t *cap, size_t n,
                        size_t elem)
{
    if (L->failed)
        return false;
    size_t nc = *cap ? *cap * 2 : (n > 8 ? n : 8);
    while (nc < n)
        nc *= 2;
    void *p = vb_arena_grow(a, *v, *cap * elem, nc * elem);
    if (!p) {
        L->failed = true;
        return false;
    }
    *v = p;
    *cap = nc;
    return true;
}

/* ------------------------------------------------------------------ metrics */

static double asc(const layout_ctx *L, vb_style st, double size)
{
    return vb_font_ascender(L->fs, st) * size / 1000.0;
}

static double desc(const layout_ctx *L, vb_style st, double size)
{
    return -vb_font_descender(L->fs, st) * size / 1000.0;
}

/* The font's own single line height (1.149 × size for Liberation Serif and Times New Roman). */
static double single_line(const layout_ctx *L, vb_style st, double size)
{
    int h = vb_font_ascender(L->fs, st) - vb_font_descender(L->fs, st) + vb_font_line_gap(L->fs, st);
    return h * size / 1000.0;
}

static double text_w(const layout_ctx *L, vb_style st, double size, const char *s, size_t n)
{
    return vb_text_width(L->fs, st, size, s, n);
}

static double space_w(const layout_ctx *L, vb_style st, double size)
{
    return vb_font_advance(L->fs, st, ' ') * size / 1000.0;
}

/* ------------------------------------------------------------------ words */

/* Splits runs into words at spaces. A footnote call becomes a raised fragment of the word it
 * follows (or its own word glued to the previous one when the clerk put a space before it).
 * Words and fragments live in the scratch arena: they are needed only until the paragraph's
 * lines are placed. */
static void words_from_runs(layout_ctx *L, const vb_run *runs, size_t nruns, unsigned force_style,
                            double size, word_vec *out)
{
    /* One fragment array for all the words of this call; words refer to it by index until it
     * stops growing. */
    VEC(fragment) frags = {0};
    size_t first_word = out->n, word_start = 0;
    bool word_open = false, pending_glue = false;
    vb_style last_style = VB_STYLE_REGULAR;

#define CLOSE_WORD(space_style)                                                         \
    do {                                                                                \
        if (word_open) {                                                                \
            word w = {0};                                                               \
            w.frags = (fragment *)(uintptr_t)word_start;                                \
            w.nfrags = frags.n - word_start;                                            \
            for (size_t k = word_start; k < frags.n; k++)                               \
                w.width += frags.v[k].width;                                            \
            w.space_after = space_w(L, (space_style), size);                            \
            w.glued_to_prev = pending_glue;                                             \
            pending_glue = false;                                                       \
            VEC_PUSH_TMP(L, *out, w);                                                   \
            word_start = frags.n;                                                       \
            word_open = false;                                                          \
        }                                                                               \
    } while (0)

    for (size_t r = 0; r < nruns; r++) {
        const vb_run *run = &runs[r];
        vb_style st = (vb_style)((run->style | force_style) & 3);
        if (run->footnote > 0) {
            if (!word_open && out->n > 0)
                pending_glue = true;
            double fsize = size * MARKER_SCALE;
            fragment f = {run->text, strlen(run->text), st, fsize, size * MARKER_RISE, 0,
                          run->footnote};
            f.width = text_w(L, st, fsize, f.text, f.len);
            VEC_PUSH_TMP(L, frags, f);
            word_open = true;
            last_style = st;
            continue;
        }
        const char *s = run->text;
        size_t n = strlen(s), i = 0;
        while (i < n) {
            if (s[i] == ' ') {
                CLOSE_WORD(st);
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && s[j] != ' ')
                j++;
            fragment f = {s + i, j - i, st, size, 0, 0, 0};
            f.width = text_w(L, st, size, f.text, f.len);
            VEC_PUSH_TMP(L, frags, f);
            word_open = true;
            last_style = st;
            i = j;
        }
    }
    CLOSE_WORD(last_style);
    if (L->failed)
        return;
    for (size_t k = first_word; k < out->n; k++)
        out->v[k].frags = frags.v + (uintptr_t)out->v[k].frags;
    if (out->n)
        out->v[out->n - 1].space_after = 0;
#undef CLOSE_WORD
}

static void words_from_text(layout_ctx *L, const char *text, vb_style st, double size,
                            word_vec *out)
{
    vb_run run = {text ? text : "", (unsigned)st, 0};
    words_from_runs(L, &run, 1, 0, size, out);
}

static size_t utf8_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A word longer than the line cannot overflow: it is cut into pieces that fit, each piece
 * breaking onto the next line without a hyphen (a URL, a long code). */
static void split_long_words(layout_ctx *L, word_vec *words, double limit, vb_pos where)
{
    bool any = false;
    for (size_t i = 0; i < words->n; i++)
        if (words->v[i].width > limit)
            any = true;
    if (!any)
        return;
    word_vec out = {0};
    for (size_t i = 0; i < words->n; i++) {
        word w = words->v[i];
        if (w.width <= limit) {
            VEC_PUSH_TMP(L, out, w);
            continue;
        }
        vb_diag_warning(L->diag, L->doc->file, where.line, where.col,
                        "một từ dài hơn cả dòng (%.0f mm) đã được ngắt sang dòng sau",
                        w.width * 25.4 / 72.0);
        VEC(fragment) cur = {0};
        double cur_w = 0;
        for (size_t k = 0; k < w.nfrags; k++) {
            fragment f = w.frags[k];
            size_t pos = 0;
            while (pos < f.len) {
                size_t cl = utf8_char_len((unsigned char)f.text[pos]);
                if (pos + cl > f.len)
                    cl = f.len - pos;
                double cw = text_w(L, f.style, f.size, f.text + pos, cl);
                if (cur_w + cw > limit && (cur.n > 0)) {
                    word p = {cur.v, cur.n, cur_w, 0, false, true};
                    VEC_PUSH_TMP(L, out, p);
                    cur.v = NULL;
                    cur.n = cur.cap = 0;
                    cur_w = 0;
                }
                /* extend the last fragment when it is the same source piece */
                if (cur.n && cur.v[cur.n - 1].text + cur.v[cur.n - 1].len == f.text + pos &&
                    cur.v[cur.n - 1].style == f.style && cur.v[cur.n - 1].size == f.size) {
                    cur.v[cur.n - 1].len += cl;
                    cur.v[cur.n - 1].width += cw;
                } else {
                    fragment nf = {f.text + pos, cl, f.style, f.size, f.rise, cw, f.note};
                    VEC_PUSH_TMP(L, cur, nf);
                }
                cur_w += cw;
                pos += cl;
            }
        }
        word last = {cur.v, cur.n, cur_w, w.space_after, false, false};
        if (cur.n)
            VEC_PUSH_TMP(L, out, last);
    }
    *words = out;
}

/* ------------------------------------------------------------------ line emission */

static void emit_word(layout_ctx *L, text_vec *texts, const word *w, double x, double y)
{
    for (size_t k = 0; k < w->nfrags; k++) {
        const fragment *f = &w->frags[k];
        vb_text_item t = {x, y + f->rise, f->size, f->style, f->text, f->len};
        VEC_PUSH(L, *texts, t);
        x += f->width;
    }
}

/* Words set with natural spaces (centred lines, last lines, Nơi nhận) become one text item
 * with its spaces when they are consecutive in the source text: fewer, longer strings draw
 * faster, extract as written, and keep the PDF small. */
static void merge_natural_runs(layout_ctx *L, text_vec *t, size_t from)
{
    size_t out = from;
    for (size_t i = from; i < t->n; i++) {
        vb_text_item cur = t->v[i];
        if (out > from) {
            vb_text_item *prev = &t->v[out - 1];
            if (prev->style == cur.style && prev->size == cur.size && prev->y == cur.y &&
                prev->text + prev->len + 1 == cur.text && prev->text[prev->len] == ' ' &&
                fabs(cur.x - (prev->x + text_w(L, prev->style, prev->size, prev->text, prev->len)) -
                     space_w(L, cur.style, cur.size)) < 0.01) {
                prev->len += 1 + cur.len;
                continue;
            }
        }
        t->v[out++] = cur;
    }
    t->n = out;
}

/* Sets words from *k on with natural spaces, starting at x, while they fit in width (always at
 * least one word); *k ends past the last word set. For ragged lines: Kính gửi, Nơi nhận. */
static void set_ragged_line(layout_ctx *L, const word_vec *w, size_t *k, double x, double width,
                            text_vec *out)
{
    double used = 0;
    do {
        double sp = used > 0 ? w->v[*k - 1].space_after : 0;
        if (used > 0 && used + sp + w->v[*k].width > width)
            break;
        x += sp;
        emit_word(L, out, &w->v[*k], x, 0);
        x += w->v[*k].width;
        used += sp + w->v[*k].width;
        (*k)++;
    } while (*k < w->n);
    merge_natural_runs(L, out, 0);
}

/* Notes called in these words, in order (the page builder places each note once). */
static void collect_notes(layout_ctx *L, const word *w, size_t n, int_vec *notes)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < w[i].nfrags; k++) {
            int note = w[i].frags[k].note;
            if (note > 0 && (size_t)note < L->nnotes)
                VEC_PUSH(L, *notes, note);
        }
}

typedef struct {
    double first_indent; /* extra left offset of the first line */
    double space_before;
    bool keep_all;        /* a heading: no break inside or after it */
    bool centred;         /* centred lines (balanced), not justified */
    double centre_x;
    double max_width;     /* centred: widest line */
    const char *outline_title;
    int outline_level;
} para_style;

/* Breaks words into lines (total fit) and appends them to vlist. */
static void add_paragraph(layout_ctx *L, vline_vec *vlist, word_vec *words, double size,
                          double pitch, const para_style *ps, vb_pos where)
{
    if (words->n == 0)
        return;
    double widths[2] = {L->measure - ps->first_indent, L->measure};
    if (ps->centred)
        widths[0] = widths[1] = ps->max_width;
    split_long_words(L, words, widths[0] < widths[1] ? widths[0] : widths[1], where);
    if (L->failed)
        return;

    size_t n = words->n;
    vb_lb_item *items = vb_arena_calloc(L->tmp, n, sizeof *items);
    if (!items) {
        L->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const word *w = &words->v[i];
        items[i].width = w->width;
        items[i].glue = w->space_after;
        /* TeX's proportions for a Times-like face: stretch 1/2, shrink 1/3 of a space. */
        items[i].stretch = w->space_after / 2;
        items[i].shrink = w->space_after / 3;
        items[i].penalty = w->piece ? 50 : 0;
        if (i + 1 < n && words->v[i + 1].glued_to_prev)
            items[i].penalty = VB_LB_NO_BREAK;
    }

    vb_lb_line *lines = NULL;
    size_t nl;
    if (ps->centred) {
        /* Balanced centred lines: as few lines as first-fit needs, then the narrowest measure
         * that still gives that many, so a two-line trích yếu splits near the middle. */
        nl = vb_break_lines_greedy(items, n, widths, 1, L->tmp, &lines);
        double lo = 0, hi = ps->max_width;
        for (size_t i = 0; i < n; i++)
            if (items[i].width > lo)
                lo = items[i].width;
        if (nl > 1) {
            for (int iter = 0; iter < 30 && hi - lo > 0.5; iter++) {
                double mid = (lo + hi) / 2;
                vb_lb_line *tl = NULL;
                size_t tn = vb_break_lines_greedy(items, n, &mid, 1, L->tmp, &tl);
                if (tn <= nl)
                    hi = mid;
                else
                    lo = mid;
            }
            nl = vb_break_lines_greedy(items, n, &hi, 1, L->tmp, &lines);
        }
    } else {
        nl = vb_break_lines(items, n, widths, 2, NULL, L->tmp, &lines);
    }
    if (nl == 0 || !lines) {
        L->failed = true;
        return;
    }

    double line_desc = desc(L, VB_STYLE_REGULAR, size), line_asc = asc(L, VB_STYLE_REGULAR, size);
    for (size_t li = 0; li < nl; li++) {
        const vb_lb_line *ln = &lines[li];
        text_vec texts = {0};
        size_t nfrag = 0;
        for (size_t k = ln->start; k < ln->end; k++)
            nfrag += words->v[k].nfrags;
        if (!VEC_RESERVE(L, texts, nfrag))
            return;
        double x;
        if (ps->centred) {
            double w = 0;
            for (size_t k = ln->start; k < ln->end; k++)
                w += items[k].width + (k + 1 < ln->end ? items[k].glue : 0);
            x = ps->centre_x - w / 2;
        } else {
            x = L->left + (li == 0 ? ps->first_indent : 0);
        }
        double r = ps->centred ? 0 : ln->ratio;
        /* The last line of a justified paragraph is ragged with natural spaces. */
        if (li + 1 == nl && r > 0)
            r = 0;
        for (size_t k = ln->start; k < ln->end; k++) {
            emit_word(L, &texts, &words->v[k], x, 0);
            x += items[k].width;
            if (k + 1 < ln->end)
                x += items[k].glue + (r >= 0 ? r * items[k].stretch : r * items[k].shrink);
        }
        /* Only lines set with natural spaces can merge; a justified line never does. */
        if (r == 0)
            merge_natural_runs(L, &texts, 0);
        int_vec notes = {0};
        collect_notes(L, words->v + ln->start, ln->end - ln->start, &notes);

        vline v = {0};
        v.space_before = li == 0 ? ps->space_before : 0;
        if (li == 0 && vlist == &L->body && L->pending_space > 0) {
            v.space_before += L->pending_space;
            L->pending_space = 0;
        }
        v.top = line_asc;
        v.pitch = pitch;
        v.depth = line_desc;
        v.items = texts.v;
        v.nitems = texts.n;
        v.notes = notes.v;
        v.nnotes = notes.n;
        /* No single line of a paragraph alone at the foot or head of a page. */
        size_t after = li + 1, remaining = nl - li - 1;
        v.keep_with_next = ps->keep_all || (remaining > 0 && (after < 2 || remaining < 2));
        if (li == 0) {
            v.outline_title = ps->outline_title;
            v.outline_level = ps->outline_level;
        }
        VEC_PUSH(L, *vlist, v);
    }
}

/* ------------------------------------------------------------------ page 1 head */

/* A single centred line of plain text at an absolute baseline. */
static void centred_text(layout_ctx *L, const char *text, vb_style st, double size, double cx,
                         double y)
{
    size_t n = strlen(text);
    double w = text_w(L, st, size, text, n);
    vb_text_item t = {cx - w / 2, y, size, st, text, n};
    VEC_PUSH(L, L->p1_texts, t);
}

static void rule(layout_ctx *L, rule_vec *rules, double cx, double y, double len)
{
    vb_rule_item r = {cx - len / 2, y, cx + len / 2, y, RULE_WIDTH};
    VEC_PUSH(L, *rules, r);
}

/* Sets text in centred balanced lines within max_width; returns the last baseline. Lines go on
 * page 1 at absolute positions, the first baseline at y. widest receives the widest line. */
static double centred_block(layout_ctx *L, word_vec *words, double size, double cx,
                            double max_width, double y, double pitch, double *widest)
{
    vline_vec tmp = {0};
    para_style ps = {0};
    ps.centred = true;
    ps.centre_x = cx;
    ps.max_width = max_width;
    add_paragraph(L, &tmp, words, size, pitch, &ps, (vb_pos){0, 0});
    double last = y;
    if (widest)
        *widest = 0;
    for (size_t i = 0; i < tmp.n; i++) {
        double by = y - i * pitch;
        double x0 = 1e9, x1 = -1e9;
        for (size_t k = 0; k < tmp.v[i].nitems; k++) {
            vb_text_item t = tmp.v[i].items[k];
            double w = text_w(L, t.style, t.size, t.text, t.len);
            if (t.x < x0)
                x0 = t.x;
            if (t.x + w > x1)
                x1 = t.x + w;
            t.y += by;
            VEC_PUSH(L, L->p1_texts, t);
        }
        if (widest && x1 - x0 > *widest)
            *widest = x1 - x0;
        last = by;
    }
    return last;
}

static double lines_block(layout_ctx *L, const vb_str_list *lines, vb_style st, double size,
                          double cx, double max_width, double y, double pitch, double *last_width)
{
    double last = y + pitch;
    for (size_t i = 0; i < lines->count; i++) {
        word_vec w = {0};
        words_from_text(L, lines->items[i].text, st, size, &w);
        if (w.n == 0)
            continue;
        double wid = 0;
        last = centred_block(L, &w, size, cx, max_width, last - pitch, pitch, &wid);
        if (last_width)
            *last_width = wid;
    }
    return last;
}

/* The letterhead (boxes 1–4) and the type name with the trích yếu (5a) or V/v (5b), at fixed
 * positions on page 1; Kính gửi (9a) follows as body lines (layout_recipients). */
static void layout_head(layout_ctx *L)
{
    const vb_document *d = L->doc;
    /* Quốc hiệu 13 goes with Tiêu ngữ and date 14; Quốc hiệu 12 with 13 (Phụ lục I). */
    double qh_size = L->size >= 14 ? 13 : 12;
    double tn_size = qh_size + 1;
    double body_name_size = qh_size;
    const char *quoc_hieu = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    const char *tieu_ngu = "Độc lập - Tự do - Hạnh phúc";

    double qh_w = text_w(L, VB_STYLE_BOLD, qh_size, quoc_hieu, strlen(quoc_hieu));
    double tn_w = text_w(L, VB_STYLE_BOLD, tn_size, tieu_ngu, strlen(tieu_ngu));
    double date_w = text_w(L, VB_STYLE_ITALIC, tn_size, d->date_line, strlen(d->date_line));
    double right_w = qh_w;
    if (date_w > right_w)
        right_w = date_w;
    right_w += 12; /* a little air between the columns */
    if (right_w > L->measure * 0.66)
        right_w = L->measure * 0.66;
    L->right_col_w = right_w;
    L->left_col_w = L->measure - right_w;
    L->left_col_cx = L->left + L->left_col_w / 2;
    L->right_col_cx = L->right - right_w / 2;

    double top = L->page_h - L->margin_top;

    /* Right column: Quốc hiệu, Tiêu ngữ, the rule exactly as long as the motto. */
    double qh_pitch = single_line(L, VB_STYLE_BOLD, qh_size);
    double y_qh = top - asc(L, VB_STYLE_BOLD, qh_size);
    centred_text(L, quoc_hieu, VB_STYLE_BOLD, qh_size, L->right_col_cx, y_qh);
    double y_tn = y_qh - single_line(L, VB_STYLE_BOLD, tn_size);
    centred_text(L, tieu_ngu, VB_STYLE_BOLD, tn_size, L->right_col_cx, y_tn);
    double y_tn_rule = y_tn - desc(L, VB_STYLE_BOLD, tn_size) - 1.5;
    rule(L, &L->p1_rules, L->right_col_cx, y_tn_rule, tn_w);

    /* Left column: parent body (regular), issuing body (bold), the short rule. */
    double y = y_qh;
    double last_w = 0;
    double last_y = y + qh_pitch;
    if (d->parent_body.count)
        last_y = lines_block(L, &d->parent_body, VB_STYLE_REGULAR, body_name_size, L->left_col_cx,
                             L->left_col_w - 4, y, qh_pitch, NULL);
    double y_issuer = last_y - qh_pitch;
    last_y = lines_block(L, &d->issuing_body, VB_STYLE_BOLD, body_name_size, L->left_col_cx,
                         L->left_col_w - 4, y_issuer, qh_pitch, &last_w);
    double y_body_rule = last_y - desc(L, VB_STYLE_BOLD, body_name_size) - 1.5;
    /* 1/3–1/2 of the name: 40 % of its last line, the line the rule sits under. */
    rule(L, &L->p1_rules, L->left_col_cx, y_body_rule, last_w * 0.4);

    /* Số (box 3) and place-date (box 4) share a baseline under both columns. */
    double y_rules = y_body_rule < y_tn_rule ? y_body_rule : y_tn_rule;
    double so_size = 13;
    double y_so = y_rules - 8 - asc(L, VB_STYLE_REGULAR, tn_size);
    centred_text(L, d->number_line, VB_STYLE_REGULAR, so_size, L->left_col_cx, y_so);
    centred_text(L, d->date_line, VB_STYLE_ITALIC, tn_size, L->right_col_cx, y_so);
    double y_last = y_so;
    double last_depth = desc(L, VB_STYLE_REGULAR, tn_size);

    if (!d->type->name_upper) {
        /* Công văn: "V/v …" under Số, 6 pt after it, 12–13 regular, within the left column. */
        double vv_size = 12;
        double vv_pitch = single_line(L, VB_STYLE_REGULAR, vv_size);
        word_vec w = {0};
        const char *vv = vb_arena_printf(L->a, "V/v %s", d->summary.text ? d->summary.text : "");
        words_from_text(L, vv, VB_STYLE_REGULAR, vv_size, &w);
        double y_vv = y_so - desc(L, VB_STYLE_REGULAR, so_size) - 6 - asc(L, VB_STYLE_REGULAR, vv_size);
        y_last = centred_block(L, &w, vv_size, L->left_col_cx, L->left_col_w - 4, y_vv, vv_pitch,
                               NULL);
        last_depth = desc(L, VB_STYLE_REGULAR, vv_size);
    } else {
        /* Type name and trích yếu, centred on the text area, bold, with the short rule. */
        double cx = L->left + L->measure / 2;
        double pitch = single_line(L, VB_STYLE_BOLD, L->size);
        double y_type = y_so - last_depth - 20 - asc(L, VB_STYLE_BOLD, L->size);
        centred_text(L, d->type->name_upper, VB_STYLE_BOLD, L->size, cx, y_type);
        word_vec w = {0};
        words_from_runs(L, d->summary_rich.runs, d->summary_rich.count, VB_STYLE_BOLD, L->size, &w);
        double widest = 0;
        y_last = centred_block(L, &w, L->size, cx, L->measure * 0.92, y_type - pitch, pitch, &widest);
        int_vec hn = {0};
        collect_notes(L, w.v, w.n, &hn);
        L->header_notes = hn.v;
        L->nheader_notes = hn.n;
        /* Clear of the descenders, so that it reads as a rule and not as an underline. */
        double y_rule = y_last - desc(L, VB_STYLE_BOLD, L->size) - 5;
        rule(L, &L->p1_rules, cx, y_rule, widest * 0.4);
        last_depth = y_last - y_rule + 1;
        if (d->summary_note.text && *d->summary_note.text) {
            word_vec nw = {0};
            words_from_text(L, d->summary_note.text, VB_STYLE_ITALIC, L->size, &nw);
            y_last = centred_block(L, &nw, L->size, cx, L->measure * 0.92,
                                   y_rule - 6 - asc(L, VB_STYLE_ITALIC, L->size), pitch, NULL);
            last_depth = desc(L, VB_STYLE_ITALIC, L->size);
        }
    }

    L->body_top_p1 = y_last - last_depth - 14;
}

/* ------------------------------------------------------------------ body */

static bool kind_is_centred_heading(const vb_node *n, const vb_node *parent)
{
    return n->kind == VB_NODE_PART || n->kind == VB_NODE_CHAPTER ||
           (n->kind == VB_NODE_SECTION && parent && parent->kind == VB_NODE_CHAPTER);
}

/* How a heading's text is styled (Phụ lục I, Mục II: parts, sections, articles and titled
 * items bold; points upright; deeper levels are the document's own). */
static unsigned heading_style(vb_node_kind k)
{
    switch (k) {
    case VB_NODE_PART:
    case VB_NODE_CHAPTER:
    case VB_NODE_SECTION:
    case VB_NODE_ARTICLE:
    case VB_NODE_ITEM:
    case VB_NODE_SUBITEM:
        return VB_STYLE_BOLD;
    default:
        return 0;
    }
}

static int outline_level(vb_node_kind k)
{
    switch (k) {
    case VB_NODE_PART:
    case VB_NODE_CHAPTER:
        return 0;
    case VB_NODE_SECTION:
    case VB_NODE_ARTICLE:
        return 1;
    case VB_NODE_ITEM:
        return 2;
    case VB_NODE_SUBITEM:
        return 3;
    default:
        return -1;
    }
}

static const char *plain_text(layout_ctx *L, const vb_rich *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote)
            n += strlen(r->runs[i].text);
    char *s = vb_arena_alloc(L->a, n + 1);
    if (!s)
        return "";
    char *p = s;
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote) {
            size_t k = strlen(r->runs[i].text);
            memcpy(p, r->runs[i].text, k);
            p += k;
        }
    *p = 0;
    return s;
}

/* The body of a text ends with "./." (Phụ lục I); added when the clerk did not write it. */
static void end_mark(layout_ctx *L, word_vec *w)
{
    if (!w->n)
        return;
    word *last = &w->v[w->n - 1];
    fragment *f = &last->frags[last->nfrags - 1];
    /* After a final footnote call the mark goes after it, in upright body text. */
    const char *t = f->text;
    size_t n = f->len;
    if (f->rise == 0 && n >= 3 && memcmp(t + n - 3, "./.", 3) == 0)
        return;
    const char *add = (f->rise == 0 && n >= 1 && t[n - 1] == '.') ? "/." : "./.";
    vb_style st = f->rise == 0 ? f->style : VB_STYLE_REGULAR;
    double size = f->rise == 0 ? f->size : L->size;
    fragment nf = {add, strlen(add), st, size, 0, text_w(L, st, size, add, strlen(add)), 0};
    fragment *nfr = vb_arena_calloc(L->tmp, last->nfrags + 1, sizeof *nfr);
    if (!nfr) {
        L->failed = true;
        return;
    }
    memcpy(nfr, last->frags, last->nfrags * sizeof *nfr);
    nfr[last->nfrags] = nf;
    last->frags = nfr;
    last->nfrags++;
    last->width += nf.width;
}

static void layout_node(layout_ctx *L, const vb_node *n, const vb_node *parent, bool is_last_block);

static void layout_children(layout_ctx *L, const vb_node *parent, const vb_node *kids, size_t nk,
                            bool is_last)
{
    for (size_t i = 0; i < nk; i++)
        layout_node(L, &kids[i], parent, is_last && i + 1 == nk);
}

static void layout_node(layout_ctx *L, const vb_node *n, const vb_node *parent, bool is_last_block)
{
    if (L->failed)
        return;
    bool has_kids = n->nchildren > 0;
    bool this_is_last_text = is_last_block && !has_kids;
    word_vec w = {0};
    para_style ps = {0};
    ps.space_before = L->para_space;
    int level = outline_level(n->kind);

    if (kind_is_centred_heading(n, parent)) {
        /* "PHẦN THỨ NHẤT" / "Chương I" on its own line, the title under it, both centred. */
        ps.centred = true;
        ps.keep_all = true;
        ps.centre_x = L->left + L->measure / 2;
        ps.max_width = L->measure * 0.9;
        ps.space_before = L->para_space * 2;
        ps.outline_title = vb_arena_printf(L->a, "%s. %s", n->label, plain_text(L, &n->rich));
        ps.outline_level = level;
        word_vec lw = {0};
        words_from_text(L, n->label, VB_STYLE_BOLD, L->size, &lw);
        add_paragraph(L, &L->body, &lw, L->size, L->pitch, &ps, n->pos);
        ps.outline_title = NULL;
        ps.space_before = 0;
        words_from_runs(L, n->rich.runs, n->rich.count, VB_STYLE_BOLD, L->size, &w);
        if (this_is_last_text)
            end_mark(L, &w);
        add_paragraph(L, &L->body, &w, L->size, L->pitch, &ps, n->text.pos);
        vb_arena_reset(L->tmp);
        layout_children(L, n, n->children, n->nchildren, is_last_block);
        return;
    }

    unsigned style = n->heading ? heading_style(n->kind) : 0;
    if (n->label) {
        /* The label is a word of the first line: "1.", "a)", "-", "Điều 3." */
        vb_style label_style =
            (vb_style)(style | (n->kind == VB_NODE_ARTICLE ? VB_STYLE_BOLD : 0));
        words_from_text(L, n->label, label_style, L->size, &w);
        if (w.n)
            w.v[w.n - 1].space_after = space_w(L, label_style, L->size);
    }
    words_from_runs(L, n->rich.runs, n->rich.count, style, L->size, &w);
    if (this_is_last_text)
        end_mark(L, &w);
    ps.first_indent = L->indent;
    ps.keep_all = n->heading && n->kind != VB_NODE_PARAGRAPH && has_kids;
    if (n->heading && level >= 0) {
        ps.outline_title = n->label ? vb_arena_printf(L->a, "%s %s", n->label, plain_text(L, &n->rich))
                                    : plain_text(L, &n->rich);
        ps.outline_level = level;
    }
    add_paragraph(L, &L->body, &w, L->size, L->pitch, &ps, n->text.pos);
    vb_arena_reset(L->tmp);
    layout_children(L, n, n->children, n->nchildren, is_last_block);
}

/* ------------------------------------------------------------------ Kính gửi */

/* Kính gửi (box 9a): one recipient on the same line, centred; several, one per line "- …;",
 * the block centred as a whole, each recipient a paragraph with the body's spacing as in the
 * Decree's templates. The lines flow as body lines, so that a long list of recipients goes on
 * to page 2 rather than off page 1; a recipient too long for the line wraps under its text. */
static void layout_recipients(layout_ctx *L)
{
    const vb_document *d = L->doc;
    if (!d->recipients.count)
        return;
    const char *label = "Kính gửi:";
    double label_w = text_w(L, VB_STYLE_REGULAR, L->size, label, strlen(label));
    double gap = space_w(L, VB_STYLE_REGULAR, L->size);
    if (d->recipients.count == 1) {
        const char *line = vb_arena_printf(L->a, "%s %s", label, d->recipients.items[0].text);
        word_vec w = {0};
        words_from_text(L, line, VB_STYLE_REGULAR, L->size, &w);
        para_style ps = {0};
        ps.centred = true;
        ps.centre_x = L->left + L->measure / 2;
        ps.max_width = L->measure * 0.9;
        add_paragraph(L, &L->body, &w, L->size, L->pitch, &ps, d->recipients.items[0].pos);
        vb_arena_reset(L->tmp);
        L->pending_space = 8;
        return;
    }
    const char **lines = vb_arena_calloc(L->a, d->recipients.count, sizeof *lines);
    if (!lines) {
        L->failed = true;
        return;
    }
    double widest = 0;
    for (size_t i = 0; i < d->recipients.count; i++) {
        bool last = i + 1 == d->recipients.count;
        lines[i] = vb_arena_printf(L->a, "- %s%s", d->recipients.items[i].text, last ? "." : ";");
        double w = text_w(L, VB_STYLE_REGULAR, L->size, lines[i], strlen(lines[i]));
        if (w > widest)
            widest = w;
    }
    double block_w = label_w + gap + widest;
    if (block_w > L->measure)
        block_w = L->measure;
    double x0 = L->left + (L->measure - block_w) / 2;
    double x_text = x0 + label_w + gap;
    double room = L->right - x_text;
    double dash_w = text_w(L, VB_STYLE_REGULAR, L->size, "- ", 2);
    double line_desc = desc(L, VB_STYLE_REGULAR, L->size), line_asc = asc(L, VB_STYLE_REGULAR, L->size);
    for (size_t i = 0; i < d->recipients.count; i++) {
        word_vec w = {0};
        words_from_text(L, lines[i], VB_STYLE_REGULAR, L->size, &w);
        split_long_words(L, &w, room - dash_w, d->recipients.items[i].pos);
        size_t k = 0;
        bool first_line = true;
        while (k < w.n && !L->failed) {
            text_vec texts = {0};
            if (i == 0 && first_line) {
                vb_text_item t = {x0, 0, L->size, VB_STYLE_REGULAR, label, strlen(label)};
                VEC_PUSH(L, texts, t);
            }
            double indent = first_line ? 0 : dash_w;
            set_ragged_line(L, &w, &k, x_text + indent, room - indent, &texts);
            vline v = {0};
            v.space_before = first_line && i > 0 ? L->para_space : 0;
            v.top = line_asc;
            v.pitch = L->pitch;
            v.depth = line_desc;
            v.items = texts.v;
            v.nitems = texts.n;
            /* a recipient's wrapped lines stay together */
            v.keep_with_next = k < w.n;
            VEC_PUSH(L, L->body, v);
            first_line = false;
        }
        vb_arena_reset(L->tmp);
    }
    /* the body after the recipients starts a little further down, as after the title */
    L->pending_space = 8;
}

/* ------------------------------------------------------------------ decisions */

/* A decision's opening (Phụ lục III, mẫu 1.2): the issuing authority centred in bold capitals,
 * the legal bases as italic paragraphs, then "QUYẾT ĐỊNH:" centred in bold, kept with the first
 * article. They flow as body lines, so a long list of bases may run onto page 2. */
static void layout_basis(layout_ctx *L)
{
    const vb_document *d = L->doc;
    para_style centred = {0};
    centred.centred = true;
    centred.keep_all = true;
    centred.centre_x = L->left + L->measure / 2;
    centred.max_width = L->measure * 0.9;
    centred.space_before = L->para_space;
    for (size_t i = 0; i < d->authority.count; i++) {
        word_vec w = {0};
        words_from_text(L, d->authority.items[i].text, VB_STYLE_BOLD, L->size, &w);
        add_paragraph(L, &L->body, &w, L->size, L->pitch, &centred, d->authority.items[i].pos);
        vb_arena_reset(L->tmp);
        centred.space_before = 0;
    }
    para_style basis = {0};
    basis.first_indent = L->indent;
    basis.space_before = L->para_space;
    for (size_t i = 0; i < d->nbasis_lines; i++) {
        word_vec w = {0};
        words_from_text(L, d->basis_lines[i], VB_STYLE_ITALIC, L->size, &w);
        add_paragraph(L, &L->body, &w, L->size, L->pitch, &basis, (vb_pos){0, 0});
        vb_arena_reset(L->tmp);
    }
    if (d->enacting_line) {
        word_vec w = {0};
        words_from_text(L, d->enacting_line, VB_STYLE_BOLD, L->size, &w);
        centred.space_before = L->para_space;
        add_paragraph(L, &L->body, &w, L->size, L->pitch, &centred, (vb_pos){0, 0});
        vb_arena_reset(L->tmp);
    }
}

/* ------------------------------------------------------------------ closing block */

/* Where the lines of the Nơi nhận items go: beside the signature while the block stays within
 * a page, then as lines of their own. */
typedef struct {
    vline_vec rest;
    bool overflow;
    double yi;          /* baseline of the next item line, relative to the block */
    double left_bottom; /* lowest point of the items kept in the block */
    double pitch, asc, desc, lowest_baseline;
} closing_items;

static void place_item_line(layout_ctx *L, closing_items *ci, text_vec *line, text_vec *block)
{
    if (!line->n)
        return;
    if (ci->yi < ci->lowest_baseline)
        ci->overflow = true;
    if (!ci->overflow) {
        for (size_t j = 0; j < line->n; j++) {
            vb_text_item t = line->v[j];
            t.y = ci->yi;
            VEC_PUSH(L, *block, t);
        }
        ci->left_bottom = ci->yi - ci->desc;
    } else {
        vline v = {0};
        v.top = ci->asc;
        /* the first line on its own follows the block's baseline (its first title line) */
        v.pitch = ci->rest.n ? ci->pitch : -ci->yi;
        v.depth = ci->desc;
        v.items = line->v;
        v.nitems = line->n;
        VEC_PUSH(L, ci->rest, v);
    }
    line->v = NULL;
    line->n = line->cap = 0;
    ci->yi -= ci->pitch;
}

/* Nơi nhận (left, 12 bold italic; items 11) and the signature block (right), level with each
 * other, as one unbreakable entry of the vertical list. */
static void layout_closing(layout_ctx *L)
{
    const vb_document *d = L->doc;
    text_vec texts = {0};
    double sig_size = L->size;
    double sig_pitch = single_line(L, VB_STYLE_BOLD, sig_size);
    double sig_asc = asc(L, VB_STYLE_BOLD, sig_size);

    /* Right column, baseline 0 = first title line. */
    double y = 0;
    double sig_w = L->right_col_w;
    for (size_t i = 0; i < d->signer.ntitle_lines; i++) {
        word_vec w = {0};
        words_from_text(L, d->signer.title_lines[i], VB_STYLE_BOLD, sig_size, &w);
        vline_vec tmp = {0};
        para_style ps = {0};
        ps.centred = true;
        ps.centre_x = L->right_col_cx;
        ps.max_width = sig_w;
        add_paragraph(L, &tmp, &w, sig_size, sig_pitch, &ps, d->signer.pos);
        for (size_t k = 0; k < tmp.n; k++) {
            for (size_t j = 0; j < tmp.v[k].nitems; j++) {
                vb_text_item t = tmp.v[k].items[j];
                t.y += y;
                VEC_PUSH(L, texts, t);
            }
            y -= sig_pitch;
        }
    }
    double last_title_y = y + sig_pitch;
    double name_y = last_title_y - desc(L, VB_STYLE_BOLD, sig_size) - VB_MM_TO_PT(SIGNATURE_ROOM_MM) -
                    asc(L, VB_STYLE_BOLD, sig_size);
    if (d->signer.name.text) {
        size_t nl = strlen(d->signer.name.text);
        double w = text_w(L, VB_STYLE_BOLD, sig_size, d->signer.name.text, nl);
        vb_text_item t = {L->right_col_cx - w / 2, name_y, sig_size, VB_STYLE_BOLD, d->signer.name.text, nl};
        VEC_PUSH(L, texts, t);
    }
    double bottom = name_y - desc(L, VB_STYLE_BOLD, sig_size);
    /* The Nơi nhận column reaches to the signature block's widest line, less a gap. */
    double sig_left = L->right_col_cx;
    for (size_t i = 0; i < texts.n; i++)
        if (texts.v[i].x < sig_left)
            sig_left = texts.v[i].x;

    /* Left column: its top level with the signature's top. */
    double head_asc = asc(L, VB_STYLE_BOLD_ITALIC, NOI_NHAN_HEAD_SIZE);
    double y_head = sig_asc - head_asc;
    const char *head = "Nơi nhận:";
    vb_text_item h = {L->left, y_head, NOI_NHAN_HEAD_SIZE, VB_STYLE_BOLD_ITALIC, head, strlen(head)};
    VEC_PUSH(L, texts, h);
    double item_pitch = single_line(L, VB_STYLE_REGULAR, NOI_NHAN_ITEM_SIZE);
    double yi = y_head - single_line(L, VB_STYLE_BOLD_ITALIC, NOI_NHAN_HEAD_SIZE);
    double col_w = sig_left - L->left - 12;
    if (col_w < L->measure * 0.3)
        col_w = L->measure * 0.3;
    double dash_w = text_w(L, VB_STYLE_REGULAR, NOI_NHAN_ITEM_SIZE, "- ", 2);
    /* The block is never split while it fits on a page. A Nơi nhận too long for that keeps
     * what fits beside the signature and goes on as its own lines, which the page builder may
     * carry to the next page. */
    double item_asc = asc(L, VB_STYLE_REGULAR, NOI_NHAN_ITEM_SIZE);
    double item_desc = desc(L, VB_STYLE_REGULAR, NOI_NHAN_ITEM_SIZE);
    double lowest_baseline =
        sig_asc - 0.6 * (L->page_h - L->margin_top - L->margin_bottom) + item_desc;
    closing_items ci = {{0}, false, yi, bottom, item_pitch, item_asc, item_desc, lowest_baseline};
    for (size_t i = 0; i < d->ndistribution_lines; i++) {
        /* An item too long for the column wraps under its text, the dash hanging. */
        word_vec w = {0};
        words_from_text(L, d->distribution_lines[i], VB_STYLE_REGULAR, NOI_NHAN_ITEM_SIZE, &w);
        for (size_t k = 0; k < w.n && !L->failed;) {
            text_vec line = {0};
            double indent = k ? dash_w : 0;
            set_ragged_line(L, &w, &k, L->left + indent, col_w - indent, &line);
            place_item_line(L, &ci, &line, &texts);
        }
        vb_arena_reset(L->tmp);
    }
    vline_vec rest = ci.rest;
    double left_bottom = ci.left_bottom;
    merge_natural_runs(L, &texts, 0);
    if (left_bottom < bottom)
        bottom = left_bottom;

    vline v = {0};
    v.space_before = L->para_space + 6;
    v.top = sig_asc;
    v.pitch = L->pitch;
    v.depth = -bottom;
    v.items = texts.v;
    v.nitems = texts.n;
    v.keep_with_next = rest.n > 0;
    VEC_PUSH(L, L->body, v);
    for (size_t i = 0; i < rest.n; i++) {
        rest.v[i].keep_with_next = i + 1 < rest.n;
        VEC_PUSH(L, L->body, rest.v[i]);
    }
}

/* ------------------------------------------------------------------ footnotes */

static void layout_footnotes(layout_ctx *L)
{
    const vb_document *d = L->doc;
    int max = 0;
    for (size_t i = 0; i < d->nfootnotes; i++)
        if (d->footnotes[i].number > max)
            max = d->footnotes[i].number;
    L->nnotes = (size_t)max + 1;
    L->notes = vb_arena_calloc(L->a, L->nnotes, sizeof *L->notes);
    if (!L->notes) {
        L->failed = true;
        return;
    }
    double fsize = FOOTNOTE_SIZE;
    for (size_t i = 0; i < d->nfootnotes; i++) {
        const vb_footnote *fn = &d->footnotes[i];
        if (fn->number <= 0)
            continue;
        note_lines *nl = &L->notes[fn->number];
        for (size_t p = 0; p < fn->nparagraphs; p++) {
            word_vec w = {0};
            if (p == 0) {
                /* The note starts with its number raised, as the call in the text, followed
                 * by a space. */
                const char *mark = vb_arena_printf(L->a, "(%d)", fn->number);
                vb_run r = {mark, 0, fn->number};
                words_from_runs(L, &r, 1, 0, fsize, &w);
                if (w.n)
                    w.v[0].space_after = space_w(L, VB_STYLE_REGULAR, fsize);
            }
            words_from_runs(L, fn->rich[p].runs, fn->rich[p].count, 0, fsize, &w);
            para_style ps = {0};
            ps.first_indent = L->indent;
            add_paragraph(L, &nl->lines, &w, fsize, L->foot_pitch, &ps, fn->id.pos);
            vb_arena_reset(L->tmp);
        }
        /* Lines of a note carry no page-break rules of their own; notes inside notes are not
         * allowed by preparation. */
        for (size_t k = 0; k < nl->lines.n; k++) {
            nl->lines.v[k].keep_with_next = false;
            nl->lines.v[k].nnotes = 0;
        }
    }
}

/* ------------------------------------------------------------------ page building */

typedef struct {
    int note;
    size_t first, count; /* lines of the note on this page */
} foot_slice;

typedef struct {
    size_t body_first, body_end;
    foot_slice *slices;
    size_t nslices;
} page_plan;

static double foot_sep(const layout_ctx *L)
{
    return 10; /* room for the short rule above the notes */
}

static void place_page(layout_ctx *L, const page_plan *pp, size_t page_index)
{
    text_vec texts = {0};
    rule_vec rules = {0};
    /* Exactly the room the page needs: no outgrown copies left in the arena. */
    size_t ntexts = 1, nrules = 1;
    if (page_index == 0) {
        ntexts += L->p1_texts.n;
        nrules += L->p1_rules.n;
    }
    for (size_t i = pp->body_first; i < pp->body_end; i++) {
        ntexts += L->body.v[i].nitems;
        nrules += L->body.v[i].nrules;
    }
    for (size_t s = 0; s < pp->nslices; s++)
        for (size_t k = 0; k < pp->slices[s].count; k++)
            ntexts += L->notes[pp->slices[s].note].lines.v[pp->slices[s].first + k].nitems;
    if (!VEC_RESERVE(L, texts, ntexts) || !VEC_RESERVE(L, rules, nrules))
        return;
    if (page_index == 0) {
        for (size_t i = 0; i < L->p1_texts.n; i++)
            VEC_PUSH(L, texts, L->p1_texts.v[i]);
        for (size_t i = 0; i < L->p1_rules.n; i++)
            VEC_PUSH(L, rules, L->p1_rules.v[i]);
    } else {
        /* Page numbers from page 2, centred in the top margin. */
        const char *num = vb_arena_printf(L->a, "%zu", page_index + 1);
        double w = text_w(L, VB_STYLE_REGULAR, L->size, num, strlen(num));
        double y = L->page_h - L->margin_top / 2 - asc(L, VB_STYLE_REGULAR, L->size) / 2;
        vb_text_item t = {L->left + L->measure / 2 - w / 2, y, L->size, VB_STYLE_REGULAR, num, strlen(num)};
        VEC_PUSH(L, texts, t);
    }

    double y = page_index == 0 ? L->body_top_p1 : L->page_h - L->margin_top;
    for (size_t i = pp->body_first; i < pp->body_end; i++) {
        const vline *v = &L->body.v[i];
        y -= i == pp->body_first ? v->top : v->space_before + v->pitch;
        for (size_t k = 0; k < v->nitems; k++) {
            vb_text_item t = v->items[k];
            t.y += y;
            VEC_PUSH(L, texts, t);
        }
        for (size_t k = 0; k < v->nrules; k++) {
            vb_rule_item r = v->rules[k];
            r.y1 += y;
            r.y2 += y;
            VEC_PUSH(L, rules, r);
        }
        if (v->outline_title) {
            vb_outline_entry e = {v->outline_title, v->outline_level, page_index, y + v->top};
            VEC_PUSH(L, L->outline, e);
        }
    }

    /* Footnotes sit at the foot of the page, the last line just above the bottom margin. */
    size_t nfl = 0;
    for (size_t s = 0; s < pp->nslices; s++)
        nfl += pp->slices[s].count;
    if (nfl) {
        double fdesc = desc(L, VB_STYLE_REGULAR, FOOTNOTE_SIZE);
        double fy = L->margin_bottom + fdesc + (nfl - 1) * L->foot_pitch;
        double rule_y = fy + asc(L, VB_STYLE_REGULAR, FOOTNOTE_SIZE) + 4;
        vb_rule_item r = {L->left, rule_y, L->left + L->measure * 0.3, rule_y, RULE_WIDTH};
        VEC_PUSH(L, rules, r);
        for (size_t s = 0; s < pp->nslices; s++) {
            const note_lines *nl = &L->notes[pp->slices[s].note];
            for (size_t k = 0; k < pp->slices[s].count; k++) {
                const vline *v = &nl->lines.v[pp->slices[s].first + k];
                for (size_t j = 0; j < v->nitems; j++) {
                    vb_text_item t = v->items[j];
                    t.y += fy;
                    VEC_PUSH(L, texts, t);
                }
                fy -= L->foot_pitch;
            }
        }
    }
    vb_page pg = {texts.v, texts.n, rules.v, rules.n};
    VEC_PUSH(L, L->pages, pg);
}

/* Height of a footnote area of the given number of lines: rule, then the lines. */
static double foot_height(const layout_ctx *L, size_t lines)
{
    if (!lines)
        return 0;
    return foot_sep(L) + asc(L, VB_STYLE_REGULAR, FOOTNOTE_SIZE) + (lines - 1) * L->foot_pitch +
           desc(L, VB_STYLE_REGULAR, FOOTNOTE_SIZE);
}

typedef VEC(foot_slice) slice_vec;

/* Places the whole of every note first called on line v that is not placed yet. */
static void take_notes(layout_ctx *L, const vline *v, slice_vec *slices, size_t *foot_lines)
{
    for (size_t k = 0; k < v->nnotes; k++) {
        note_lines *nl = &L->notes[v->notes[k]];
        if (nl->placed)
            continue;
        nl->placed = true;
        foot_slice s = {v->notes[k], 0, nl->lines.n};
        VEC_PUSH(L, *slices, s);
        *foot_lines += nl->lines.n;
    }
}

static size_t new_note_lines(const layout_ctx *L, const vline *v, int *last_note)
{
    size_t n = 0;
    for (size_t k = 0; k < v->nnotes; k++)
        if (!L->notes[v->notes[k]].placed) {
            n += L->notes[v->notes[k]].lines.n;
            if (last_note)
                *last_note = v->notes[k];
        }
    return n;
}

/* Greedy page filling over the vertical list. Each page takes as many lines as fit with the
 * notes they call; the page then ends at the last line after which a break is allowed. A note
 * that does not fit whole may start here (at least two lines, or all of a shorter note) and
 * continue at the foot of the next page, before any other note. */
static void paginate(layout_ctx *L)
{
    size_t n = L->body.n;
    slice_vec carry = {0};
    size_t i = 0, page_index = 0;
    const double eps = 0.01;

    /* Notes called in the trích yếu go with the first body line. */
    if (L->nheader_notes && n) {
        vline *v = &L->body.v[0];
        int *all = vb_arena_calloc(L->a, v->nnotes + L->nheader_notes, sizeof *all);
        if (!all) {
            L->failed = true;
            return;
        }
        memcpy(all, L->header_notes, L->nheader_notes * sizeof *all);
        if (v->nnotes)
            memcpy(all + L->nheader_notes, v->notes, v->nnotes * sizeof *all);
        v->notes = all;
        v->nnotes += L->nheader_notes;
    }

    while ((i < n || carry.n) && !L->failed) {
        double top = page_index == 0 ? L->body_top_p1 : L->page_h - L->margin_top;
        double avail = top - L->margin_bottom;
        slice_vec slices = {0};
        size_t foot_lines = 0;

        /* Continued notes first, leaving the body room for a few lines. */
        slice_vec rest = {0};
        double carry_room = i < n ? avail - 4 * L->pitch : avail;
        for (size_t c = 0; c < carry.n; c++) {
            foot_slice s = carry.v[c];
            size_t take = 0;
            while (take < s.count && foot_height(L, foot_lines + take + 1) <= carry_room + eps)
                take++;
            if (take == 0 && foot_lines == 0)
                take = 1; /* always progress */
            if (take) {
                foot_slice here = {s.note, s.first, take};
                VEC_PUSH(L, slices, here);
                foot_lines += take;
            }
            if (take < s.count) {
                foot_slice r = {s.note, s.first + take, s.count - take};
                VEC_PUSH(L, rest, r);
            }
        }
        carry = rest;
        /* While a note still continues, no new note may start on this page. */
        bool foot_closed = carry.n > 0;

        size_t j = i;
        double used = 0; /* body height so far, without the last line's depth */
        size_t snap_j = i, snap_slices = slices.n;
        bool split = false;

        while (j < n) {
            const vline *v = &L->body.v[j];
            double adv = j == i ? v->top : v->space_before + v->pitch;
            int last_note = 0;
            size_t extra = new_note_lines(L, v, &last_note);
            if (foot_closed && extra)
                break;
            double body_h = used + adv + v->depth;
            if (body_h + foot_height(L, foot_lines + extra) <= avail + eps) {
                used += adv;
                take_notes(L, v, &slices, &foot_lines);
                j++;
                if (j == n || !v->keep_with_next) {
                    snap_j = j;
                    snap_slices = slices.n;
                }
                continue;
            }
            /* Does the line fit with only the start of its last note? */
            if (extra && (j + 1 == n || !v->keep_with_next)) {
                size_t whole = L->notes[last_note].lines.n;
                size_t others = extra - whole;
                size_t min_start = whole < 2 ? whole : 2;
                size_t k = whole;
                while (k > min_start && body_h + foot_height(L, foot_lines + others + k) > avail + eps)
                    k--;
                if (k < whole && body_h + foot_height(L, foot_lines + others + k) <= avail + eps) {
                    take_notes(L, v, &slices, &foot_lines);
                    /* the last note was taken whole: cut it back to k lines */
                    slices.v[slices.n - 1].count = k;
                    foot_lines -= whole - k;
                    foot_slice r = {last_note, k, whole - k};
                    VEC_PUSH(L, carry, r);
                    j++;
                    split = true;
                }
            }
            break;
        }

        size_t end;
        if (split || j == n) {
            end = j;
        } else if (snap_j > i) {
            /* Give back the lines after the last allowed break, and their notes. */
            for (size_t s = snap_slices; s < slices.n; s++)
                L->notes[slices.v[s].note].placed = false;
            slices.n = snap_slices;
            end = snap_j;
        } else if (i == n || (foot_closed && j == i)) {
            end = j; /* a page that only continues a note, or a body line waiting for it */
            if (i < n && j == i && slices.n == 0)
                end = i + 1;
        } else {
            /* No allowed break fits (an enormous heading chain): break where the page is
             * full, and after at least one line. */
            end = j > i ? j : i + 1;
            for (size_t q = j; q < end; q++)
                take_notes(L, &L->body.v[q], &slices, &foot_lines);
        }
        page_plan pp = {i, end, slices.v, slices.n};
        place_page(L, &pp, page_index);
        i = end;
        page_index++;
    }
}

/* ------------------------------------------------------------------ entry */

vb_layout *vb_layout_document(const vb_document *doc, const vb_fontset *fonts, vb_arena *arena,
                              vb_diagnostics *diag)
{
    layout_ctx ctx = {0};
    layout_ctx *L = &ctx;
    L->doc = doc;
    L->fs = fonts;
    L->a = arena;
    L->diag = diag;
    const vb_presentation *p = &doc->presentation;
    L->page_w = A4_WIDTH_PT;
    L->page_h = A4_HEIGHT_PT;
    L->margin_top = VB_MM_TO_PT(p->margin_top);
    L->margin_bottom = VB_MM_TO_PT(p->margin_bottom);
    L->margin_left = VB_MM_TO_PT(p->margin_left);
    L->margin_right = VB_MM_TO_PT(p->margin_right);
    L->left = L->margin_left;
    L->right = L->page_w - L->margin_right;
    L->measure = L->right - L->left;
    L->size = p->font_size;
    L->pitch = single_line(L, VB_STYLE_REGULAR, L->size) * p->line_spacing;
    L->indent = VB_MM_TO_PT(p->indent_mm);
    L->para_space = p->para_spacing;
    L->foot_pitch = single_line(L, VB_STYLE_REGULAR, FOOTNOTE_SIZE);

    L->tmp = vb_arena_new();
    if (!L->tmp) {
        vb_diag_error(diag, doc->file, 0, 0, "không đủ bộ nhớ để dàn trang văn bản");
        return NULL;
    }
    layout_footnotes(L);
    layout_head(L);
    vb_arena_reset(L->tmp);
    /* The head is fixed on page 1; a trích yếu of a whole page is a slip, not a layout. */
    double body_room = L->body_top_p1 - L->margin_bottom;
    if (!L->failed && body_room < (L->page_h - L->margin_top - L->margin_bottom) / 4) {
        const vb_str *cause = doc->summary_note.text && *doc->summary_note.text ? &doc->summary_note
                                                                                : &doc->summary;
        vb_diag_error(diag, doc->file, cause->pos.line, cause->pos.col,
                      "phần đầu văn bản (quốc hiệu, tên cơ quan, trích yếu, ghi chú) chiếm gần hết "
                      "trang 1: trích yếu cần ngắn gọn, hãy rút gọn %s",
                      cause == &doc->summary ? "trich_yeu" : "ghi_chu");
        vb_arena_free(L->tmp);
        return NULL;
    }
    layout_recipients(L);
    layout_basis(L);
    for (size_t i = 0; i < doc->nbody && !L->failed; i++)
        layout_node(L, &doc->body[i], NULL, i + 1 == doc->nbody);
    /* The closing block stays with at least the last two body lines. */
    if (L->body.n >= 1)
        L->body.v[L->body.n - 1].keep_with_next = true;
    if (L->body.n >= 2)
        L->body.v[L->body.n - 2].keep_with_next = true;
    layout_closing(L);
    paginate(L);
    vb_arena_free(L->tmp);

    if (L->failed) {
        vb_diag_error(diag, doc->file, 0, 0, "không đủ bộ nhớ để dàn trang văn bản");
        return NULL;
    }
    vb_layout *out = vb_arena_alloc(arena, sizeof *out);
    if (!out)
        return NULL;
    out->page_width = L->page_w;
    out->page_height = L->page_h;
    out->pages = L->pages.v;
    out->npages = L->pages.n;
    out->outline = L->outline.v;
    out->noutline = L->outline.n;
    return out;
}
