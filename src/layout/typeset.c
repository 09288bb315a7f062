/* Typesetter: runs become words and fragments; paragraphs become lines of placed words. */
#include "layout/typeset.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "layout/geometry.h"
#include "layout/keep_together.h"
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
    /* The open word's fragment while it is its only one: most words are one plain fragment,
     * kept in the word itself, and need never pass through the array. */
    bool first_held;
    vb_fragment first;
    bool pending_glue; /* the next word is a footnote call written after a space */
    /* The space after the last word closed, kept for the next: a paragraph's words mostly
     * share one style and size, and asking the fontset is a call per word. */
    vb_style glue_style;
    double glue_size, glue;
} word_reader;

/* Fills w from the open word's fragments; returns false when it has too many. */
static bool word_from_fragments(vb_typesetter *T, word_reader *r, vb_word *w)
{
    if (r->first_held) {
        const vb_fragment *f = &r->first;
        r->first_held = false;
        w->box.width += f->width;
        if (f->rise == 0 && f->note == 0 && f->len <= VB_WORD_MAX_COUNT &&
            (double)(float)f->size == f->size) {
            /* The word holds its one fragment. */
            w->plain = 1;
            w->text = f->text;
            w->count = (uint32_t)f->len;
            w->style = (unsigned)f->style & 3;
            w->size = (float)f->size;
            return true;
        }
        VB_TS_PUSH_TMP(T, r->frags, *f);
        w->count = 1;
        return true;
    }
    size_t nfrags = r->frags.n - r->word_start;
    for (size_t k = r->word_start; k < r->frags.n; k++)
        w->box.width += r->frags.v[k].width;
    w->count = (uint32_t)nfrags;
    return nfrags <= VB_WORD_MAX_COUNT;
}

static void close_word(vb_typesetter *T, word_reader *r, vb_style space_style, double size,
                       vb_word_vec *out)
{
    if (!r->word_open)
        return;
    /* Built where it is kept (vb_ts_words_from_runs reserved the room), not copied there. */
    vb_word spare;
    bool room = VB_VEC_RESERVE(&T->failed, T->tmp, *out, out->n + 1);
    vb_word *w = room ? &out->v[out->n] : &spare;
    *w = (vb_word){0};
    if (!word_from_fragments(T, r, w))
        T->failed = true; /* more footnote calls in one word than any input can hold */
    if (space_style != r->glue_style || size != r->glue_size) {
        r->glue = vb_ts_space(T, space_style, size);
        r->glue_style = space_style;
        r->glue_size = size;
    }
    w->box.glue = r->glue;
    w->glued_to_prev = r->pending_glue;
    r->pending_glue = false;
    out->n += room;
    r->word_start = r->frags.n;
    r->word_open = false;
}

static void add_fragment(vb_typesetter *T, word_reader *r, vb_fragment f)
{
    f.width = vb_ts_width(T, f.style, f.size, f.text, f.len);
    if (!r->word_open) {
        r->first = f;
        r->first_held = true;
        r->word_open = true;
        return;
    }
    if (r->first_held) {
        VB_TS_PUSH_TMP(T, r->frags, r->first);
        r->first_held = false;
    }
    VB_TS_PUSH_TMP(T, r->frags, f);
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
        /* A word starts at the text's start and after each space, unless a space or the end
         * follows; strchr finds the spaces faster than a loop over every byte. */
        const char *s = runs[i].text;
        count += *s != ' ' && *s != 0;
        for (const char *sp = strchr(s, ' '); sp; sp = strchr(sp + 1, ' '))
            count += sp[1] != ' ' && sp[1] != 0;
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
    word_reader r = {.glue_size = -1};
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
            const char *space = memchr(s + at, ' ', n - at);
            size_t end = space ? (size_t)(space - s) : n;
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
        if (out->v[k].plain)
            continue;
        out->v[k].frags = r.frags.v + next_frag;
        next_frag += out->v[k].count;
    }
    if (out->n)
        out->v[out->n - 1].box.glue = 0;
}

void vb_ts_words_from_text(vb_typesetter *T, const char *text, vb_style st, double size,
                           vb_word_vec *out)
{
    vb_run run = {text ? text : "", (unsigned)st, 0};
    vb_ts_words_from_runs(T, &run, 1, 0, size, out);
}

/* A word of n fragments at frags. */
static vb_word fragments_word(vb_fragment *frags, size_t n, double width, double space_after,
                              bool piece)
{
    vb_word w = {0};
    w.box.width = width;
    w.box.glue = space_after;
    w.frags = frags;
    w.count = (uint32_t)n; /* the pieces of one word: far fewer than VB_WORD_MAX_COUNT */
    w.piece = piece;
    return w;
}

/* Where a piece of a cut word may end: after the last "-" or "/" of its last fragment, the
 * bytes kept; 0 when there is none. Word breaks a code there ("1441/QĐ-" + "UBND"), and a
 * reader knows the code goes on. */
static size_t code_break(const vb_fragment *last)
{
    for (size_t j = last->len; j > 1; j--)
        if (last->text[j - 1] == '-' || last->text[j - 1] == '/')
            return j < last->len ? j : 0;
    return 0;
}

/* Cuts one over-long word into pieces no wider than limit, appended to *out, after a "-" or
 * "/" where the piece has one; the last piece keeps the word's space. True when a piece had
 * to be cut between two letters. */
static bool split_word(vb_typesetter *T, const vb_word *w, double limit, vb_word_vec *out)
{
    fragment_vec cur = {0};
    double cur_w = 0;
    bool cut_inside = false;
    for (size_t k = 0; k < vb_word_nfrags(w); k++) {
        vb_fragment f = vb_word_frag(w, k);
        size_t pos = 0;
        while (pos < f.len) {
            size_t cl;
            vb_utf8_next((const unsigned char *)f.text + pos, f.len - pos, &cl);
            double cw = vb_ts_width(T, f.style, f.size, f.text + pos, cl);
            if (cur_w + cw > limit && (cur.n > 0)) {
                vb_fragment *tail_of = &cur.v[cur.n - 1];
                size_t keep = code_break(tail_of);
                vb_fragment tail = *tail_of;
                if (keep) {
                    tail.text += keep;
                    tail.len -= keep;
                    tail.width = vb_ts_width(T, tail.style, tail.size, tail.text, tail.len);
                    tail_of->len = keep;
                    tail_of->width -= tail.width;
                    cur_w -= tail.width;
                } else {
                    cut_inside = true;
                }
                vb_word p = fragments_word(cur.v, cur.n, cur_w, 0, true);
                VB_TS_PUSH_TMP(T, *out, p);
                cur.v = NULL;
                cur.n = cur.cap = 0;
                cur_w = 0;
                if (keep) {
                    VB_TS_PUSH_TMP(T, cur, tail);
                    cur_w = tail.width;
                }
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
    vb_word last = fragments_word(cur.v, cur.n, cur_w, w->box.glue, false);
    if (cur.n)
        VB_TS_PUSH_TMP(T, *out, last);
    return cut_inside;
}

/* A word longer than the line cannot overflow: it is cut into pieces that fit, each piece
 * breaking onto the next line without a hyphen (a URL, a long code), after a "-" or "/" where
 * it has one. Only a cut between two letters is worth a warning. */
void vb_ts_split_long_words(vb_typesetter *T, vb_word_vec *words, double limit, vb_pos where)
{
    bool any = false;
    for (size_t i = 0; i < words->n; i++)
        if (words->v[i].box.width > limit)
            any = true;
    if (!any)
        return;
    vb_word_vec out = {0};
    for (size_t i = 0; i < words->n; i++) {
        vb_word w = words->v[i];
        if (w.box.width <= limit) {
            VB_TS_PUSH_TMP(T, out, w);
            continue;
        }
        if (split_word(T, &w, limit, &out))
            vb_diag_warning(T->diag, T->file, where.line, where.col,
                            "một từ dài hơn cả dòng (%.0f mm) đã được ngắt sang dòng sau",
                            w.box.width * 25.4 / 72.0);
    }
    *words = out;
}

/* ------------------------------------------------------------------ line emission */

static void emit_word(vb_typesetter *T, vb_text_vec *texts, const vb_word *w, double x, double y)
{
    for (size_t k = 0; k < vb_word_nfrags(w); k++) {
        vb_fragment f = vb_word_frag(w, k);
        vb_text_item t = {x, y + f.rise, f.size, f.style, f.text, f.len};
        VB_TS_PUSH(T, *texts, t);
        x += f.width;
    }
}

/* Words set with natural spaces (centred lines, last lines, Nơi nhận) become one text item
 * with its spaces when they are consecutive in the source text: fewer, longer strings draw
 * faster, extract as written, and keep the PDF small. */
void vb_ts_merge_natural(vb_typesetter *T, vb_text_vec *t, size_t from)
{
    size_t out = from;
    /* The advance units of t->v[out - 1], -1 until measured. A merged item's units are the sum
     * of its parts' and a space's, so that each word is measured once, not again with every
     * word joined after it; width = units * size / 1000 as vb_text_width has it. */
    long prev_units = -1;
    for (size_t i = from; i < t->n; i++) {
        vb_text_item cur = t->v[i];
        if (out > from) {
            vb_text_item *prev = &t->v[out - 1];
            if (prev->style == cur.style && prev->size == cur.size && prev->y == cur.y &&
                prev->text + prev->len + 1 == cur.text && prev->text[prev->len] == ' ') {
                if (prev_units < 0)
                    prev_units = vb_text_units(T->fs, prev->style, prev->text, prev->len);
                double prev_width = (double)prev_units * prev->size / 1000.0;
                if (fabs(cur.x - (prev->x + prev_width) - vb_ts_space(T, cur.style, cur.size)) <
                    0.01) {
                    prev_units += vb_font_advance(T->fs, cur.style, ' ') +
                                  vb_text_units(T->fs, cur.style, cur.text, cur.len);
                    prev->len += 1 + cur.len;
                    continue;
                }
            }
        }
        t->v[out++] = cur;
        prev_units = -1;
    }
    t->n = out;
}

/* For ragged lines: Kính gửi, Nơi nhận. The line ends before a tie (a wrapped Nơi nhận item
 * must not go on with "- Nông nghiệp", which reads as another item) unless the tie fills it. */
void vb_ts_ragged_line(vb_typesetter *T, const vb_word_vec *w, size_t *k, double x, double width,
                       vb_text_vec *out)
{
    size_t start = *k, end = start;
    double used = 0;
    do {
        double sp = used > 0 ? w->v[end - 1].box.glue : 0;
        if (used > 0 && used + sp + w->v[end].box.width > width)
            break;
        used += sp + w->v[end].box.width;
        end++;
    } while (end < w->n);
    size_t fits = end;
    while (end < w->n && end > start + 1 && vb_keep_together(w->v, w->n, end - 1))
        end--;
    if (end < w->n && vb_keep_together(w->v, w->n, end - 1))
        end = fits;
    for (*k = start; *k < end; (*k)++) {
        if (*k > start)
            x += w->v[*k - 1].box.glue;
        emit_word(T, out, &w->v[*k], x, 0);
        x += w->v[*k].box.width;
    }
    vb_ts_merge_natural(T, out, 0);
}

/* The page builder places each note once, with the line of its first call. */
void vb_ts_collect_notes(vb_typesetter *T, const vb_word *w, size_t n, vb_int_vec *notes)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < vb_word_nfrags(&w[i]); k++) {
            int note = vb_word_frag(&w[i], k).note;
            if (note > 0 && (size_t)note < T->nnotes)
                VB_TS_PUSH(T, *notes, note);
        }
}

/* ------------------------------------------------------------------ paragraphs */

/* Gives each word's box the stretch, shrink and penalty the breaker reads; limit: the narrowest
 * line, which no chain of ties may outgrow. */
static void set_break_items(vb_word_vec *words, double limit)
{
    size_t n = words->n;
    for (size_t i = 0; i < n; i++) {
        vb_word *w = &words->v[i];
        w->box.stretch = w->box.glue / vb_nd30.glue_stretch_divisor;
        w->box.shrink = w->box.glue / vb_nd30.glue_shrink_divisor;
        w->box.penalty = w->piece ? vb_nd30.piece_penalty : 0;
        if (i + 1 < n && (words->v[i + 1].glued_to_prev || vb_keep_together(words->v, n, i)))
            w->box.penalty = VB_LB_NO_BREAK;
    }
    vb_release_long_ties(words->v, n, limit);
}

/* Balanced centred lines: as few lines as first-fit needs, then the narrowest measure that
 * still gives that many, so a two-line trích yếu splits near the middle. */
static size_t break_balanced(const vb_word_vec *words, double max_width, vb_arena *arena,
                             vb_lb_line **lines)
{
    const vb_word *items = words->v;
    size_t n = words->n, stride = sizeof *items;
    size_t nl = vb_break_lines_greedy_strided(items, stride, n, &max_width, 1, arena, lines);
    if (nl <= 1)
        return nl;
    double lo = 0, hi = max_width;
    for (size_t i = 0; i < n; i++)
        if (items[i].box.width > lo)
            lo = items[i].box.width;
    for (int iter = 0; iter < vb_nd30.balance_iterations && hi - lo > vb_nd30.balance_precision;
         iter++) {
        double mid = (lo + hi) / 2;
        vb_lb_line *tl = NULL;
        size_t tn = vb_break_lines_greedy_strided(items, stride, n, &mid, 1, arena, &tl);
        if (tn <= nl)
            hi = mid;
        else
            lo = mid;
    }
    return vb_break_lines_greedy_strided(items, stride, n, &hi, 1, arena, lines);
}

/* Breaks words into lines (total fit, or balanced when centred) into *out, in scratch; returns
 * how many (0 when out of memory). The breaker's records, about 20 bytes a word, go in an arena
 * of their own freed before the lines are set: a long paragraph's lines then take their room. */
static size_t break_paragraph(vb_typesetter *T, const vb_word_vec *words, const double widths[2],
                              const vb_para_style *ps, vb_lb_line **out)
{
    vb_arena *breaking = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t nl = 0;
    if (breaking)
        nl = ps->centred ? break_balanced(words, ps->max_width, breaking, &lines)
                         : vb_break_lines_strided(words->v, sizeof *words->v, words->n, widths,
                                                  2, NULL, breaking, &lines);
    *out = nl && lines ? vb_arena_calloc(T->tmp, nl, sizeof **out) : NULL;
    if (*out)
        memcpy(*out, lines, nl * sizeof **out);
    vb_arena_free(breaking);
    if (!*out) {
        T->failed = true;
        return 0;
    }
    return nl;
}

/* Places the words of one line; last: the paragraph's last line. */
static void set_line(vb_typesetter *T, const vb_word_vec *words, const vb_lb_line *ln, bool first, bool last, const vb_para_style *ps,
                     vb_text_vec *texts)
{
    double x;
    if (ps->centred) {
        double w = 0;
        for (size_t k = ln->start; k < ln->end; k++)
            w += words->v[k].box.width + (k + 1 < ln->end ? words->v[k].box.glue : 0);
        x = ps->centre_x - w / 2;
    } else {
        x = T->left + (first ? ps->first_indent : 0);
    }
    double r = ps->centred || ps->ragged ? 0 : ln->ratio;
    /* The last line of a justified paragraph is ragged with natural spaces. */
    if (last && r > 0)
        r = 0;
    for (size_t k = ln->start; k < ln->end; k++) {
        const vb_lb_item *box = &words->v[k].box;
        emit_word(T, texts, &words->v[k], x, 0);
        x += box->width;
        if (k + 1 < ln->end)
            x += box->glue + (r >= 0 ? r * box->stretch : r * box->shrink);
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
    if (T->failed)
        return;
    set_break_items(words, widths[0] < widths[1] ? widths[0] : widths[1]);
    vb_lb_line *lines = NULL;
    size_t nl = break_paragraph(T, words, widths, ps, &lines);
    if (nl == 0)
        return;
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
            nfrag += vb_word_nfrags(&words->v[k]);
        if (!VB_VEC_RESERVE(&T->failed, T->items ? T->tmp : T->lines, texts, nfrag))
            return;
        set_line(T, words, ln, li == 0, li + 1 == nl, ps, &texts);
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
