/* Typesetter: runs become words and fragments; paragraphs become lines of placed words. */
#include "layout/typeset.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "layout/geometry.h"
#include "layout/linebreak.h"

/* ------------------------------------------------------------------ metrics */

double vb_ts_ascent(const vb_typesetter *T, vb_style st, double size)
{
    return vb_font_ascender(T->fs, st) * size / 1000.0;
}

double vb_ts_descent(const vb_typesetter *T, vb_style st, double size)
{
    return -vb_font_descender(T->fs, st) * size / 1000.0;
}

/* The font's own single line height (1.149 × size for Liberation Serif and Times New Roman). */
double vb_ts_single_line(const vb_typesetter *T, vb_style st, double size)
{
    int h = vb_font_ascender(T->fs, st) - vb_font_descender(T->fs, st) + vb_font_line_gap(T->fs, st);
    return h * size / 1000.0;
}

double vb_ts_width(const vb_typesetter *T, vb_style st, double size, const char *s, size_t n)
{
    return vb_text_width(T->fs, st, size, s, n);
}

double vb_ts_space(const vb_typesetter *T, vb_style st, double size)
{
    return vb_font_advance(T->fs, st, ' ') * size / 1000.0;
}

/* ------------------------------------------------------------------ words */

typedef VB_VEC(vb_fragment) fragment_vec;

/* The fragments of one call of vb_ts_words_from_runs, and the word being read. */
typedef struct {
    fragment_vec frags;
    size_t word_start; /* first fragment of the open word */
    bool word_open;
    bool pending_glue; /* the next word is a footnote call written after a space */
} word_reader;

static void close_word(vb_typesetter *T, word_reader *r, vb_style space_style, double size,
                       vb_word_vec *out)
{
    if (!r->word_open)
        return;
    vb_word w = {0};
    w.nfrags = r->frags.n - r->word_start;
    for (size_t k = r->word_start; k < r->frags.n; k++)
        w.width += r->frags.v[k].width;
    w.space_after = vb_ts_space(T, space_style, size);
    w.glued_to_prev = r->pending_glue;
    r->pending_glue = false;
    VB_TS_PUSH_TMP(T, *out, w);
    r->word_start = r->frags.n;
    r->word_open = false;
}

static void add_fragment(vb_typesetter *T, word_reader *r, vb_fragment f)
{
    f.width = vb_ts_width(T, f.style, f.size, f.text, f.len);
    VB_TS_PUSH_TMP(T, r->frags, f);
    r->word_open = true;
}

/* At most how many fragments (and so words) runs split into: one per footnote call and per
 * stretch of text between spaces. Reserving that many up front leaves no outgrown copies in
 * the scratch arena, which for a paragraph of a million words would be hundreds of MB. */
static size_t count_fragments(const vb_run *runs, size_t nruns)
{
    size_t count = 0;
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].footnote > 0) {
            count++;
            continue;
        }
        char previous = ' ';
        for (const char *s = runs[i].text; *s; previous = *s++)
            count += previous == ' ' && *s != ' ';
    }
    return count;
}

/* Splits runs into words at spaces. A footnote call becomes a raised fragment of the word it
 * follows (or its own word glued to the previous one when the clerk put a space before it).
 * Words and fragments live in the scratch arena: they are needed only until the paragraph's
 * lines are placed. */
void vb_ts_words_from_runs(vb_typesetter *T, const vb_run *runs, size_t nruns,
                           unsigned force_style, double size, vb_word_vec *out)
{
    /* One fragment array for all the words of this call; each word's fragments follow the
     * previous word's, and get their address once the array stops growing. */
    word_reader r = {0};
    size_t first_word = out->n, most = count_fragments(runs, nruns);
    if (!VB_VEC_RESERVE(&T->failed, T->tmp, r.frags, most) ||
        !VB_VEC_RESERVE(&T->failed, T->tmp, *out, out->n + most))
        return;
    vb_style last_style = VB_STYLE_REGULAR;
    for (size_t i = 0; i < nruns; i++) {
        const vb_run *run = &runs[i];
        vb_style st = (vb_style)((run->style | force_style) & 3);
        if (run->footnote > 0) {
            if (!r.word_open && out->n > 0)
                r.pending_glue = true;
            double fsize = size * vb_nd30.marker_scale;
            vb_fragment f = {run->text, strlen(run->text), st, fsize, size * vb_nd30.marker_rise,
                             0, run->footnote};
            add_fragment(T, &r, f);
            last_style = st;
            continue;
        }
        const char *s = run->text;
        size_t n = strlen(s), at = 0;
        while (at < n) {
            if (s[at] == ' ') {
                close_word(T, &r, st, size, out);
                at++;
                continue;
            }
            size_t end = at;
            while (end < n && s[end] != ' ')
                end++;
            vb_fragment f = {s + at, end - at, st, size, 0, 0, 0};
            add_fragment(T, &r, f);
            last_style = st;
            at = end;
        }
    }
    close_word(T, &r, last_style, size, out);
    if (T->failed)
        return;
    size_t next_frag = 0;
    for (size_t k = first_word; k < out->n; k++) {
        out->v[k].frags = r.frags.v + next_frag;
        next_frag += out->v[k].nfrags;
    }
    if (out->n)
        out->v[out->n - 1].space_after = 0;
}

void vb_ts_words_from_text(vb_typesetter *T, const char *text, vb_style st, double size,
                           vb_word_vec *out)
{
    vb_run run = {text ? text : "", (unsigned)st, 0};
    vb_ts_words_from_runs(T, &run, 1, 0, size, out);
}

/* Cuts one over-long word into pieces no wider than limit, appended to *out; the last piece
 * keeps the word's space. */
static void split_word(vb_typesetter *T, const vb_word *w, double limit, vb_word_vec *out)
{
    fragment_vec cur = {0};
    double cur_w = 0;
    for (size_t k = 0; k < w->nfrags; k++) {
        vb_fragment f = w->frags[k];
        size_t pos = 0;
        while (pos < f.len) {
            size_t cl;
            vb_utf8_next((const unsigned char *)f.text + pos, f.len - pos, &cl);
            double cw = vb_ts_width(T, f.style, f.size, f.text + pos, cl);
            if (cur_w + cw > limit && (cur.n > 0)) {
                vb_word p = {cur.v, cur.n, cur_w, 0, false, true};
                VB_TS_PUSH_TMP(T, *out, p);
                cur.v = NULL;
                cur.n = cur.cap = 0;
                cur_w = 0;
            }
            /* extend the last fragment when it is the same source piece */
            vb_fragment *last = cur.n ? &cur.v[cur.n - 1] : NULL;
            if (last && last->text + last->len == f.text + pos && last->style == f.style &&
                last->size == f.size) {
                last->len += cl;
                last->width += cw;
            } else {
                vb_fragment nf = {f.text + pos, cl, f.style, f.size, f.rise, cw, f.note};
                VB_TS_PUSH_TMP(T, cur, nf);
            }
            cur_w += cw;
            pos += cl;
        }
    }
    vb_word last = {cur.v, cur.n, cur_w, w->space_after, false, false};
    if (cur.n)
        VB_TS_PUSH_TMP(T, *out, last);
}

/* A word longer than the line cannot overflow: it is cut into pieces that fit, each piece
 * breaking onto the next line without a hyphen (a URL, a long code). */
void vb_ts_split_long_words(vb_typesetter *T, vb_word_vec *words, double limit, vb_pos where)
{
    bool any = false;
    for (size_t i = 0; i < words->n; i++)
        if (words->v[i].width > limit)
            any = true;
    if (!any)
        return;
    vb_word_vec out = {0};
    for (size_t i = 0; i < words->n; i++) {
        vb_word w = words->v[i];
        if (w.width <= limit) {
            VB_TS_PUSH_TMP(T, out, w);
            continue;
        }
        vb_diag_warning(T->diag, T->file, where.line, where.col,
                        "một từ dài hơn cả dòng (%.0f mm) đã được ngắt sang dòng sau",
                        w.width * 25.4 / 72.0);
        split_word(T, &w, limit, &out);
    }
    *words = out;
}

/* ------------------------------------------------------------------ line emission */

static void emit_word(vb_typesetter *T, vb_text_vec *texts, const vb_word *w, double x, double y)
{
    for (size_t k = 0; k < w->nfrags; k++) {
        const vb_fragment *f = &w->frags[k];
        vb_text_item t = {x, y + f->rise, f->size, f->style, f->text, f->len};
        VB_TS_PUSH(T, *texts, t);
        x += f->width;
    }
}

/* Words set with natural spaces (centred lines, last lines, Nơi nhận) become one text item
 * with its spaces when they are consecutive in the source text: fewer, longer strings draw
 * faster, extract as written, and keep the PDF small. */
void vb_ts_merge_natural(vb_typesetter *T, vb_text_vec *t, size_t from)
{
    size_t out = from;
    for (size_t i = from; i < t->n; i++) {
        vb_text_item cur = t->v[i];
        if (out > from) {
            vb_text_item *prev = &t->v[out - 1];
            if (prev->style == cur.style && prev->size == cur.size && prev->y == cur.y &&
                prev->text + prev->len + 1 == cur.text && prev->text[prev->len] == ' ' &&
                fabs(cur.x - (prev->x + vb_ts_width(T, prev->style, prev->size, prev->text, prev->len)) -
                     vb_ts_space(T, cur.style, cur.size)) < 0.01) {
                prev->len += 1 + cur.len;
                continue;
            }
        }
        t->v[out++] = cur;
    }
    t->n = out;
}

/* For ragged lines: Kính gửi, Nơi nhận. */
void vb_ts_ragged_line(vb_typesetter *T, const vb_word_vec *w, size_t *k, double x, double width,
                       vb_text_vec *out)
{
    double used = 0;
    do {
        double sp = used > 0 ? w->v[*k - 1].space_after : 0;
        if (used > 0 && used + sp + w->v[*k].width > width)
            break;
        x += sp;
        emit_word(T, out, &w->v[*k], x, 0);
        x += w->v[*k].width;
        used += sp + w->v[*k].width;
        (*k)++;
    } while (*k < w->n);
    vb_ts_merge_natural(T, out, 0);
}

/* The page builder places each note once, with the line of its first call. */
void vb_ts_collect_notes(vb_typesetter *T, const vb_word *w, size_t n, vb_int_vec *notes)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < w[i].nfrags; k++) {
            int note = w[i].frags[k].note;
            if (note > 0 && (size_t)note < T->nnotes)
                VB_TS_PUSH(T, *notes, note);
        }
}

/* ------------------------------------------------------------------ paragraphs */

/* The breaker's boxes and glue for words, in scratch (NULL when out of memory). */
static vb_lb_item *break_items(vb_typesetter *T, const vb_word_vec *words)
{
    size_t n = words->n;
    vb_lb_item *items = vb_arena_calloc(T->tmp, n, sizeof *items);
    if (!items) {
        T->failed = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const vb_word *w = &words->v[i];
        items[i].width = w->width;
        items[i].glue = w->space_after;
        items[i].stretch = w->space_after / vb_nd30.glue_stretch_divisor;
        items[i].shrink = w->space_after / vb_nd30.glue_shrink_divisor;
        items[i].penalty = w->piece ? vb_nd30.piece_penalty : 0;
        if (i + 1 < n && words->v[i + 1].glued_to_prev)
            items[i].penalty = VB_LB_NO_BREAK;
    }
    return items;
}

/* Balanced centred lines: as few lines as first-fit needs, then the narrowest measure that
 * still gives that many, so a two-line trích yếu splits near the middle. */
static size_t break_balanced(vb_typesetter *T, const vb_lb_item *items, size_t n, double max_width,
                             vb_lb_line **lines)
{
    size_t nl = vb_break_lines_greedy(items, n, &max_width, 1, T->tmp, lines);
    if (nl <= 1)
        return nl;
    double lo = 0, hi = max_width;
    for (size_t i = 0; i < n; i++)
        if (items[i].width > lo)
            lo = items[i].width;
    for (int iter = 0; iter < vb_nd30.balance_iterations && hi - lo > vb_nd30.balance_precision;
         iter++) {
        double mid = (lo + hi) / 2;
        vb_lb_line *tl = NULL;
        size_t tn = vb_break_lines_greedy(items, n, &mid, 1, T->tmp, &tl);
        if (tn <= nl)
            hi = mid;
        else
            lo = mid;
    }
    return vb_break_lines_greedy(items, n, &hi, 1, T->tmp, lines);
}

/* Places the words of one line; last: the paragraph's last line. */
static void set_line(vb_typesetter *T, const vb_word_vec *words, const vb_lb_item *items,
                     const vb_lb_line *ln, bool first, bool last, const vb_para_style *ps,
                     vb_text_vec *texts)
{
    double x;
    if (ps->centred) {
        double w = 0;
        for (size_t k = ln->start; k < ln->end; k++)
            w += items[k].width + (k + 1 < ln->end ? items[k].glue : 0);
        x = ps->centre_x - w / 2;
    } else {
        x = T->left + (first ? ps->first_indent : 0);
    }
    double r = ps->centred ? 0 : ln->ratio;
    /* The last line of a justified paragraph is ragged with natural spaces. */
    if (last && r > 0)
        r = 0;
    for (size_t k = ln->start; k < ln->end; k++) {
        emit_word(T, texts, &words->v[k], x, 0);
        x += items[k].width;
        if (k + 1 < ln->end)
            x += items[k].glue + (r >= 0 ? r * items[k].stretch : r * items[k].shrink);
    }
    /* Only lines set with natural spaces can merge; a justified line never does. */
    if (r == 0)
        vb_ts_merge_natural(T, texts, 0);
}

/* Moves a line's items into T->items: packed when every one is at the paragraph's size on the
 * baseline or a footnote call (half the memory: the lines of a whole document wait for the
 * page builder), else as they are. */
static void keep_line_items(vb_typesetter *T, vb_vline *v, double size)
{
    double call_size = size * vb_nd30.marker_scale, call_rise = size * vb_nd30.marker_rise;
    bool packable = true;
    for (size_t k = 0; k < v->nitems && packable; k++) {
        const vb_text_item *t = &v->items[k];
        packable = t->len <= UINT32_MAX && (unsigned)t->style <= UINT8_MAX &&
                   ((t->size == size && t->y == 0) || (t->size == call_size && t->y == call_rise));
    }
    if (!packable) {
        size_t bytes = v->nitems * sizeof *v->items;
        v->items = vb_arena_grow(T->items, v->items, bytes, bytes);
        T->failed |= !v->items;
        return;
    }
    vb_line_item *p = vb_arena_grow(T->items, NULL, 0, v->nitems * sizeof *p);
    if (!p) {
        T->failed = true;
        return;
    }
    for (size_t k = 0; k < v->nitems; k++) {
        const vb_text_item *t = &v->items[k];
        p[k] = (vb_line_item){t->x, t->text, (uint32_t)t->len, (uint8_t)t->style,
                              !(t->size == size && t->y == 0)};
    }
    v->packed = p;
    v->npacked = v->nitems;
    v->size = size;
    v->call_size = call_size;
    v->call_rise = call_rise;
    v->items = NULL;
    v->nitems = 0;
}

/* Breaks words into lines (total fit, or balanced when centred) and appends them to *out. */
void vb_ts_paragraph(vb_typesetter *T, vb_vline_vec *out, vb_word_vec *words, double size,
                     double pitch, const vb_para_style *ps, vb_pos where)
{
    if (words->n == 0)
        return;
    double widths[2] = {T->measure - ps->first_indent, T->measure};
    if (ps->centred)
        widths[0] = widths[1] = ps->max_width;
    vb_ts_split_long_words(T, words, widths[0] < widths[1] ? widths[0] : widths[1], where);
    vb_lb_item *items = T->failed ? NULL : break_items(T, words);
    if (!items)
        return;
    vb_lb_line *lines = NULL;
    size_t nl = ps->centred ? break_balanced(T, items, words->n, ps->max_width, &lines)
                            : vb_break_lines(items, words->n, widths, 2, NULL, T->tmp, &lines);
    if (nl == 0 || !lines) {
        T->failed = true;
        return;
    }
    if (!VB_VEC_RESERVE(&T->failed, T->lines, *out, out->n + nl))
        return;
    double line_desc = vb_ts_descent(T, VB_STYLE_REGULAR, size);
    double line_asc = vb_ts_ascent(T, VB_STYLE_REGULAR, size);
    /* With T->items, each line is set in one scratch buffer and kept from there. */
    vb_text_vec scratch = {0};
    for (size_t li = 0; li < nl; li++) {
        const vb_lb_line *ln = &lines[li];
        vb_text_vec texts = T->items ? scratch : (vb_text_vec){0};
        texts.n = 0;
        size_t nfrag = 0;
        for (size_t k = ln->start; k < ln->end; k++)
            nfrag += words->v[k].nfrags;
        if (!VB_VEC_RESERVE(&T->failed, T->items ? T->tmp : T->lines, texts, nfrag))
            return;
        set_line(T, words, items, ln, li == 0, li + 1 == nl, ps, &texts);
        vb_int_vec notes = {0};
        vb_ts_collect_notes(T, words->v + ln->start, ln->end - ln->start, &notes);
        vb_vline v = {0};
        v.space_before = li == 0 ? ps->space_before : 0;
        v.top = line_asc;
        v.pitch = pitch;
        v.depth = line_desc;
        v.items = texts.v;
        v.nitems = texts.n;
        if (T->items) {
            scratch = texts;
            keep_line_items(T, &v, size);
        }
        v.notes = notes.v;
        v.nnotes = notes.n;
        /* No single line of a paragraph alone at the foot or head of a page. */
        size_t after = li + 1, remaining = nl - li - 1;
        v.keep_with_next = ps->keep_all || (remaining > 0 && (after < 2 || remaining < 2));
        if (li == 0) {
            v.outline_title = ps->outline_title;
            v.outline_level = ps->outline_level;
        }
        VB_TS_PUSH(T, *out, v);
    }
}

double vb_ts_centred_block(vb_typesetter *T, vb_text_vec *out, vb_word_vec *words, double size,
                           double cx, double max_width, double y, double pitch, double *widest)
{
    vb_vline_vec lines = {0};
    vb_para_style ps = {0};
    ps.centred = true;
    ps.centre_x = cx;
    ps.max_width = max_width;
    vb_ts_paragraph(T, &lines, words, size, pitch, &ps, (vb_pos){0, 0});
    double last = y;
    if (widest)
        *widest = 0;
    for (size_t i = 0; i < lines.n; i++) {
        double by = y - i * pitch;
        double x0 = 1e9, x1 = -1e9;
        for (size_t k = 0; k < lines.v[i].nitems; k++) {
            vb_text_item t = lines.v[i].items[k];
            double w = vb_ts_width(T, t.style, t.size, t.text, t.len);
            if (t.x < x0)
                x0 = t.x;
            if (t.x + w > x1)
                x1 = t.x + w;
            t.y += by;
            VB_TS_PUSH(T, *out, t);
        }
        if (widest && x1 - x0 > *widest)
            *widest = x1 - x0;
        last = by;
    }
    return last;
}

void vb_flow_paragraph(vb_typesetter *T, vb_flow *F, vb_word_vec *words, const vb_para_style *ps,
                       vb_pos where)
{
    vb_para_style owed = *ps;
    if (words->n && F->pending_space > 0) {
        owed.space_before += F->pending_space;
        F->pending_space = 0;
    }
    T->items = vb_batch_arena(T, &F->items);
    if (T->items)
        vb_ts_paragraph(T, &F->lines, words, F->size, F->pitch, &owed, where);
    T->items = NULL;
    vb_flow_close_batch(T, F, false);
}

void vb_flow_close_batch(vb_typesetter *T, vb_flow *F, bool force)
{
    size_t items = 0;
    for (; F->items_counted < F->lines.n; F->items_counted++)
        items += F->lines.v[F->items_counted].nitems + F->lines.v[F->items_counted].npacked;
    vb_batch_close(T, &F->items, items, F->lines.n, force);
}

/* ------------------------------------------------------------------ batches of items */

vb_arena *vb_batch_arena(vb_typesetter *T, vb_item_batches *B)
{
    if (!B->open && !(B->open = vb_arena_new()))
        T->failed = true;
    return B->open;
}

void vb_batch_close(vb_typesetter *T, vb_item_batches *B, size_t items, size_t end, bool force)
{
    B->open_items += items;
    if (!B->open || T->failed || (!force && B->open_items < VB_BATCH_ITEMS))
        return;
    vb_item_batch b = {B->open, end};
    VB_TS_PUSH(T, B->closed, b);
    if (T->failed)
        return; /* the batch stays open, for vb_batch_free to free */
    B->open = NULL;
    B->open_items = 0;
}

void vb_batch_free(vb_item_batches *B, size_t next)
{
    size_t kept = 0;
    for (size_t i = 0; i < B->closed.n; i++) {
        if (B->closed.v[i].end <= next)
            vb_arena_free(B->closed.v[i].arena);
        else
            B->closed.v[kept++] = B->closed.v[i];
    }
    B->closed.n = kept;
    if (next == SIZE_MAX) {
        vb_arena_free(B->open);
        B->open = NULL;
    }
}
