/* Page builder: greedy page filling over the vertical list, footnotes at the foot of the page
 * of their call, continued on the next pages when they do not fit. */
#include "layout/pagebuild.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/vec.h"

/* Heights compare with this slack: a line that fits to the hundredth of a point fits. */
#define FIT_EPS 0.01

typedef VB_VEC(vb_pb_slice) slice_vec;

/* The state of the builder across pages. */
typedef struct {
    const vb_pb_frame *f;
    const vb_pb_content *c;
    vb_arena *a;
    bool failed;
    bool *placed;    /* placed[k]: note k's first line is on a page already */
    slice_vec carry; /* what is left of notes begun on an earlier page */
} builder;

/* One page being filled: its notes so far, and where the body stands. */
typedef struct {
    size_t first;     /* first body line */
    double avail;     /* height of the page's text area */
    slice_vec slices; /* notes at its foot */
    size_t foot_lines;
    bool foot_closed; /* a note still continues: no new note starts here */
    size_t next;      /* next body line to try */
    double used;      /* body height so far, without the last line's depth */
    size_t snap_next, snap_slices; /* after the last line a break may follow */
    bool split;       /* the page ends with a note split at its call */
    bool has_cut;     /* slices.v[cut] was cut short to leave room for kept lines */
    size_t cut;
    const vb_pb_table *repeat; /* a continued table's header, on top of the page */
    double repeat_h;           /* its height, without its last band's depth */
} page_fill;

/* Height of lines stacked from the top of a page, without the last one's depth. */
static double stacked(const vb_vline *v, size_t n)
{
    double h = n ? v[0].top : 0;
    for (size_t i = 1; i < n; i++)
        h += v[i].space_before + v[i].pitch;
    return h;
}

const vb_pb_table *vb_pb_continued_table(const vb_pb_content *c, size_t i)
{
    const vb_vline *v = &c->body[i];
    return i > 0 && i < c->nbody && v->table && !v->table_head && c->body[i - 1].table == v->table
               ? v->table
               : NULL;
}

/* How far line v goes down from the one before it on the page (or from the top). */
static double advance(const page_fill *P, const vb_vline *v, size_t i)
{
    return i == P->first && !P->repeat ? v->top : v->space_before + v->pitch;
}

/* Height of a footnote area of the given number of lines: rule, then the lines. */
static double foot_height(const vb_pb_frame *f, size_t lines)
{
    if (!lines)
        return 0;
    return f->foot_sep + f->foot_asc + (lines - 1) * f->foot_pitch + f->foot_desc;
}

/* Places the whole of every note first called on line v that is not placed yet. */
static void take_notes(builder *B, page_fill *P, const vb_vline *v)
{
    for (size_t k = 0; k < v->nnotes; k++) {
        int note = v->notes[k];
        if (B->placed[note])
            continue;
        B->placed[note] = true;
        vb_pb_slice s = {note, 0, B->c->notes[note].n};
        VB_VEC_PUSH(&B->failed, B->a, P->slices, s);
        P->foot_lines += B->c->notes[note].n;
    }
}

/* Places the notes first called on line v (whose body reaches body_h) as far as the page has
 * room, at most cap lines of a note that does not fit whole when cap > 0; the rest of a note,
 * and every note after it, continues at the foot of the next pages. */
static void take_notes_fitting(builder *B, page_fill *P, const vb_vline *v, double body_h,
                               size_t cap)
{
    for (size_t k = 0; k < v->nnotes; k++) {
        int note = v->notes[k];
        if (B->placed[note])
            continue;
        B->placed[note] = true;
        size_t whole = B->c->notes[note].n, fit = 0;
        while (!B->carry.n && fit < whole &&
               body_h + foot_height(B->f, P->foot_lines + fit + 1) <= P->avail + FIT_EPS)
            fit++;
        if (cap && fit < whole && fit > cap) {
            fit = cap;
            P->has_cut = true;
            P->cut = P->slices.n;
        }
        if (fit) {
            vb_pb_slice here = {note, 0, fit};
            VB_VEC_PUSH(&B->failed, B->a, P->slices, here);
            P->foot_lines += fit;
        }
        if (fit < whole) {
            vb_pb_slice rest = {note, fit, whole - fit};
            VB_VEC_PUSH(&B->failed, B->a, B->carry, rest);
        }
    }
    P->foot_closed = B->carry.n > 0;
}

/* Lines of the notes first called on v and not placed yet; *last_note is the last of them. */
static size_t new_note_lines(const builder *B, const vb_vline *v, int *last_note)
{
    size_t n = 0;
    for (size_t k = 0; k < v->nnotes; k++)
        if (!B->placed[v->notes[k]]) {
            n += B->c->notes[v->notes[k]].n;
            *last_note = v->notes[k];
        }
    return n;
}

/* Continued notes first, leaving the body room for a few lines. */
static void continue_notes(builder *B, page_fill *P)
{
    slice_vec rest = {0};
    double carry_room = P->first < B->c->nbody
                            ? P->avail - B->f->body_reserve_lines * B->f->body_pitch
                            : P->avail;
    for (size_t c = 0; c < B->carry.n; c++) {
        vb_pb_slice s = B->carry.v[c];
        size_t take = 0;
        while (take < s.count &&
               foot_height(B->f, P->foot_lines + take + 1) <= carry_room + FIT_EPS)
            take++;
        if (take == 0 && P->foot_lines == 0)
            take = 1; /* always progress: one note line fits any page, less its body room */
        if (take) {
            vb_pb_slice here = {s.note, s.first, take};
            VB_VEC_PUSH(&B->failed, B->a, P->slices, here);
            P->foot_lines += take;
        }
        if (take < s.count) {
            vb_pb_slice r = {s.note, s.first + take, s.count - take};
            VB_VEC_PUSH(&B->failed, B->a, rest, r);
        }
    }
    B->carry = rest;
    P->foot_closed = B->carry.n > 0;
}

/* Line v does not fit with all its new notes: does it fit with only the start of its last
 * note, the rest carried to the next page? */
static bool split_last_note(builder *B, page_fill *P, const vb_vline *v, size_t extra,
                            int last_note, double body_h)
{
    size_t whole = B->c->notes[last_note].n;
    size_t others = extra - whole;
    size_t min_start = whole < B->f->note_min_start ? whole : B->f->note_min_start;
    size_t k = whole;
    double room = P->avail + FIT_EPS;
    while (k > min_start && body_h + foot_height(B->f, P->foot_lines + others + k) > room)
        k--;
    if (k == whole || body_h + foot_height(B->f, P->foot_lines + others + k) > room)
        return false;
    take_notes(B, P, v);
    /* the last note was taken whole: cut it back to k lines */
    P->slices.v[P->slices.n - 1].count = k;
    P->foot_lines -= whole - k;
    vb_pb_slice r = {last_note, k, whole - k};
    VB_VEC_PUSH(&B->failed, B->a, B->carry, r);
    return true;
}

/* Takes body lines while they fit with the notes they call. */
static void fill_body(builder *B, page_fill *P)
{
    size_t n = B->c->nbody;
    while (P->next < n) {
        const vb_vline *v = &B->c->body[P->next];
        double adv = advance(P, v, P->next);
        int last_note = 0;
        size_t extra = new_note_lines(B, v, &last_note);
        if (P->foot_closed && extra)
            return;
        double body_h = P->used + adv + v->depth;
        if (body_h + foot_height(B->f, P->foot_lines + extra) <= P->avail + FIT_EPS) {
            P->used += adv;
            take_notes(B, P, v);
            P->next++;
            if (P->next == n || !v->keep_with_next) {
                P->snap_next = P->next;
                P->snap_slices = P->slices.n;
            }
            continue;
        }
        if (!extra)
            return;
        if (P->next + 1 == n || !v->keep_with_next) {
            if (split_last_note(B, P, v, extra, last_note, body_h)) {
                P->next++;
                P->split = true;
            }
            return;
        }
        /* A line kept with the next: its kept lines go to the next page when they can start
         * it; when they start this one, waiting cannot help, so its notes start here (leaving
         * room for the lines kept with it) and continue on the next pages. */
        if (P->snap_next > P->first ||
            body_h + foot_height(B->f, P->foot_lines + 1) > P->avail + FIT_EPS)
            return;
        take_notes_fitting(B, P, v, body_h, B->f->note_min_start);
        P->used += adv;
        P->next++;
    }
}

/* Where the page ends, once no more lines fit. */
static size_t page_end(builder *B, page_fill *P)
{
    size_t n = B->c->nbody, i = P->first, j = P->next;
    if (P->split || j == n)
        return j;
    if (P->snap_next > i) {
        /* Give back the lines after the last allowed break, and their notes. */
        for (size_t s = P->snap_slices; s < P->slices.n; s++)
            B->placed[P->slices.v[s].note] = false;
        P->slices.n = P->snap_slices;
        return P->snap_next;
    }
    if (i == n || (P->foot_closed && j == i)) {
        /* a page that only continues a note, or a body line waiting for it */
        if (i < n && j == i && P->slices.n == 0)
            return i + 1;
        return j;
    }
    /* No allowed break fits (an enormous heading chain): break where the page is full, and
     * after at least one line, whose notes take what room is left. */
    if (j > i)
        return j;
    const vb_vline *v = &B->c->body[i];
    take_notes_fitting(B, P, v, P->repeat_h + advance(P, v, i) + v->depth, 0);
    return i + 1;
}

/* Height of body lines [first, end) stacked from the top of a page, under its repeated
 * table header. */
static double body_height(const page_fill *P, const vb_pb_content *c, size_t end)
{
    double h = P->repeat_h + advance(P, &c->body[P->first], P->first);
    for (size_t i = P->first + 1; i < end; i++)
        h += c->body[i].space_before + c->body[i].pitch;
    return h + c->body[end - 1].depth;
}

/* A note cut short for the lines kept with its call takes back the room those lines left. */
static void extend_cut_note(builder *B, page_fill *P, size_t end)
{
    if (!P->has_cut || !B->carry.n || end <= P->first)
        return;
    vb_pb_slice *here = &P->slices.v[P->cut], *rest = &B->carry.v[0];
    if (rest->note != here->note) /* the cut note's rest is always carried first */
        return;
    double body_h = body_height(P, B->c, end);
    while (rest->count &&
           body_h + foot_height(B->f, P->foot_lines + 1) <= P->avail + FIT_EPS) {
        here->count++;
        rest->first++;
        rest->count--;
        P->foot_lines++;
    }
    if (!rest->count) {
        memmove(B->carry.v, B->carry.v + 1, (B->carry.n - 1) * sizeof *B->carry.v);
        B->carry.n--;
    }
}

bool vb_pb_build(const vb_pb_frame *f, const vb_pb_content *c, vb_arena *a, vb_pb_page **pages,
                 size_t *npages)
{
    builder B = {f, c, a, false, NULL, {0}};
    VB_VEC(vb_pb_page) out = {0};
    B.placed = c->nnotes ? vb_arena_calloc(a, c->nnotes, sizeof *B.placed) : NULL;
    if (c->nnotes && !B.placed)
        return false;
    size_t i = 0;
    while ((i < c->nbody || B.carry.n) && !B.failed) {
        page_fill P = {0};
        P.first = P.next = P.snap_next = i;
        P.avail = (out.n == 0 ? f->first_top : f->top) - f->bottom;
        const vb_pb_table *t = vb_pb_continued_table(c, i);
        if (t && t->nhead) {
            P.repeat = t;
            P.used = P.repeat_h = stacked(t->head, t->nhead);
        }
        continue_notes(&B, &P);
        P.snap_slices = P.slices.n;
        fill_body(&B, &P);
        size_t end = page_end(&B, &P);
        extend_cut_note(&B, &P, end);
        vb_pb_page pg = {i, end, P.slices.v, P.slices.n, P.repeat};
        VB_VEC_PUSH(&B.failed, a, out, pg);
        i = end;
    }
    *pages = out.v;
    *npages = out.n;
    return !B.failed;
}

double vb_pb_body_baseline(const vb_pb_frame *f, const vb_pb_content *c, const vb_pb_page *pg,
                           size_t page_index)
{
    double top = page_index == 0 ? f->first_top : f->top;
    if (pg->body_end <= pg->body_first)
        return top;
    const vb_vline *v = &c->body[pg->body_first];
    if (pg->repeat)
        return top - stacked(pg->repeat->head, pg->repeat->nhead) - v->space_before - v->pitch;
    return top - v->top;
}

static size_t foot_lines(const vb_pb_page *pg)
{
    size_t n = 0;
    for (size_t s = 0; s < pg->nslices; s++)
        n += pg->slices[s].count;
    return n;
}

/* Footnotes sit at the foot of the page, the last line just above the bottom margin. */
double vb_pb_foot_baseline(const vb_pb_frame *f, const vb_pb_page *pg)
{
    size_t nfl = foot_lines(pg);
    return f->bottom + f->foot_desc + (nfl - 1) * f->foot_pitch;
}

typedef VB_VEC(vb_text_item) text_vec;
typedef VB_VEC(vb_rule_item) rule_vec;
typedef VB_VEC(vb_fill_item) fill_vec;

/* What a page's display list is built into. */
typedef struct {
    bool failed;
    vb_arena *a;
    text_vec texts;
    rule_vec rules;
    fill_vec fills;
} page_out;

/* Appends a line's items, rules and fills moved to baseline y. */
static void put_line(page_out *o, const vb_vline *v, double y)
{
    for (size_t k = 0; k < v->nitems; k++) {
        vb_text_item t = v->items[k];
        t.y += y;
        VB_VEC_PUSH(&o->failed, o->a, o->texts, t);
    }
    for (size_t k = 0; k < v->npacked; k++) {
        const vb_line_item *p = &v->packed[k];
        vb_text_item t = {p->x, (p->call ? v->call_rise : 0) + y,
                          p->call ? v->call_size : v->size, (vb_style)p->style, p->text, p->len};
        VB_VEC_PUSH(&o->failed, o->a, o->texts, t);
    }
    for (size_t k = 0; k < v->nrules && !v->table; k++) {
        vb_rule_item r = v->rules[k];
        r.y1 += y;
        r.y2 += y;
        VB_VEC_PUSH(&o->failed, o->a, o->rules, r);
    }
    for (size_t k = 0; k < v->nfills; k++) {
        vb_fill_item fl = v->fills[k];
        fl.y += y;
        VB_VEC_PUSH(&o->failed, o->a, o->fills, fl);
    }
}

/* The notes of a page, under their short rule. */
static void put_notes(page_out *o, const vb_pb_frame *f, const vb_pb_content *c,
                      const vb_pb_page *pg)
{
    if (!foot_lines(pg))
        return;
    double fy = vb_pb_foot_baseline(f, pg);
    double rule_y = fy + f->foot_asc + f->foot_rule_gap;
    vb_rule_item r = {f->foot_rule_x, rule_y, f->foot_rule_x + f->foot_rule_len, rule_y,
                      f->rule_width};
    VB_VEC_PUSH(&o->failed, o->a, o->rules, r);
    for (size_t s = 0; s < pg->nslices; s++) {
        const vb_vline_vec *note = &c->notes[pg->slices[s].note];
        for (size_t k = 0; k < pg->slices[s].count; k++) {
            put_line(o, &note->v[pg->slices[s].first + k], fy);
            fy -= f->foot_pitch;
        }
    }
}

/* A table cut by the page break is closed by a rule across it at y, its ends as every other
 * horizontal rule of it: half a rule width past the outer rules' centres. */
static void put_table_edge(page_out *o, const vb_pb_table *t, double y)
{
    double half = t->rule_width / 2;
    vb_rule_item r = {t->x0 - half, y, t->x1 + half, y, t->rule_width};
    VB_VEC_PUSH(&o->failed, o->a, o->rules, r);
}

static void count_line(const vb_vline *v, size_t *ntexts, size_t *nrules, size_t *nfills)
{
    *ntexts += v->nitems + v->npacked;
    *nrules += v->nrules;
    *nfills += v->nfills;
}

/* Exactly the room the page needs: no outgrown copies left in the arena. */
static bool reserve_page(page_out *o, const vb_pb_content *c, const vb_pb_page *pg,
                         const vb_page *furniture)
{
    size_t ntexts = 1 + furniture->ntexts, nrules = 3 + furniture->nrules, nfills = 0;
    for (size_t i = pg->body_first; i < pg->body_end; i++)
        count_line(&c->body[i], &ntexts, &nrules, &nfills);
    for (size_t k = 0; pg->repeat && k < pg->repeat->nhead; k++)
        count_line(&pg->repeat->head[k], &ntexts, &nrules, &nfills);
    for (size_t s = 0; s < pg->nslices; s++)
        for (size_t k = 0; k < pg->slices[s].count; k++)
            count_line(&c->notes[pg->slices[s].note].v[pg->slices[s].first + k], &ntexts,
                       &nrules, &nfills);
    return VB_VEC_RESERVE(&o->failed, o->a, o->texts, ntexts) &&
           VB_VEC_RESERVE(&o->failed, o->a, o->rules, nrules) &&
           (!nfills || VB_VEC_RESERVE(&o->failed, o->a, o->fills, nfills));
}

/* The cell of a table's grid row that an item at x belongs to: the last to start left of x. */
static size_t cell_key(const vb_pb_table *t, uint32_t row, double x)
{
    size_t key = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (t->starts[row * t->ncols + c] && t->x[c] <= x + 1e-6)
            key = c;
    return key;
}

/* The texts [from, end) of one table row's bands on the page, cell by cell, each cell's lines
 * top to bottom: text extraction then reads the row from left to right, as a clerk does,
 * rather than a band at a time. A stable counting sort on the cell. */
static void order_row(page_out *o, const vb_pb_table *t, uint32_t row, size_t from)
{
    size_t n = o->texts.n - from;
    if (n < 2 || !t->starts || o->failed)
        return;
    size_t *count = calloc(t->ncols + 1, sizeof *count);
    vb_text_item *sorted = malloc(n * sizeof *sorted);
    if (!count || !sorted) {
        o->failed = true;
    } else {
        vb_text_item *items = o->texts.v + from;
        for (size_t i = 0; i < n; i++)
            count[cell_key(t, row, items[i].x) + 1]++;
        for (size_t c = 1; c <= t->ncols; c++)
            count[c] += count[c - 1];
        for (size_t i = 0; i < n; i++)
            sorted[count[cell_key(t, row, items[i].x)]++] = items[i];
        memcpy(items, sorted, n * sizeof *sorted);
    }
    free(count);
    free(sorted);
}

/* The bands of one table row in a run of lines, and where its texts begin; the vertical
 * rules that end at the bottom of the band above (indexes into the page's rules). */
typedef struct {
    const vb_vline *prev;
    size_t from;
    size_t *open, nopen, cap;
} row_run;

/* A band's rules at baseline y. A vertical rule that goes on from one of the band above (the
 * same column edge, its top where that one ends) lengthens that one instead: one stroke a
 * column edge down the page, with no joints. */
static void put_band_rules(page_out *o, row_run *run, const vb_vline *v, double y)
{
    size_t nabove = run->prev && run->prev->table == v->table ? run->nopen : 0;
    if (run->nopen + v->nrules > run->cap) {
        size_t cap = 2 * (run->nopen + v->nrules);
        size_t *grown = realloc(run->open, cap * sizeof *grown);
        if (!grown) {
            o->failed = true;
            return;
        }
        run->open = grown;
        run->cap = cap;
    }
    size_t nnew = 0; /* this band's verticals, after those of the band above in run->open */
    for (size_t k = 0; k < v->nrules; k++) {
        vb_rule_item r = v->rules[k];
        r.y1 += y;
        r.y2 += y;
        size_t at = SIZE_MAX;
        for (size_t j = 0; r.x1 == r.x2 && j < nabove && at == SIZE_MAX; j++) {
            vb_rule_item *a = &o->rules.v[run->open[j]];
            if (a->x1 == r.x1 && a->width == r.width && fabs(a->y2 - r.y1) < 1e-6)
                at = run->open[j];
        }
        if (at != SIZE_MAX) {
            o->rules.v[at].y2 = r.y2;
        } else {
            at = o->rules.n;
            VB_VEC_PUSH(&o->failed, o->a, o->rules, r);
        }
        if (r.x1 == r.x2 && !o->failed)
            run->open[run->nopen + nnew++] = at;
    }
    memmove(run->open, run->open + run->nopen, nnew * sizeof *run->open);
    run->nopen = nnew;
}

static void put_ordered_line(page_out *o, row_run *run, const vb_vline *v, double y)
{
    const vb_vline *p = run->prev;
    if (p && p->table && (!v || v->table != p->table || v->table_row != p->table_row))
        order_row(o, p->table, p->table_row, run->from);
    if (!v)
        return;
    if (!p || !p->table || v->table != p->table || v->table_row != p->table_row)
        run->from = o->texts.n;
    put_line(o, v, y);
    if (v->table)
        put_band_rules(o, run, v, y);
    run->prev = v;
}

/* The page's body lines from y down, under the repeated header of a continued table; a table
 * continued from the page before or on the next is closed by a rule at the cut. */
static void put_body(page_out *o, const vb_pb_content *c, const vb_pb_page *pg, double y,
                     size_t page_index, vb_outline_vec *outline)
{
    row_run run = {NULL, 0, NULL, 0, 0};
    for (size_t k = 0; pg->repeat && k < pg->repeat->nhead; k++) {
        const vb_vline *h = &pg->repeat->head[k];
        y -= k == 0 ? h->top : h->space_before + h->pitch;
        put_ordered_line(o, &run, h, y);
    }
    for (size_t i = pg->body_first; i < pg->body_end; i++) {
        const vb_vline *v = &c->body[i];
        y -= i == pg->body_first && !pg->repeat ? v->top : v->space_before + v->pitch;
        put_ordered_line(o, &run, v, y);
        const vb_pb_table *t = vb_pb_continued_table(c, i);
        if (i == pg->body_first && t)
            put_table_edge(o, t, y + v->top);
        if (i + 1 == pg->body_end && (t = vb_pb_continued_table(c, i + 1)) != NULL)
            put_table_edge(o, t, y - v->depth);
        if (v->outline_title) {
            vb_outline_entry e = {v->outline_title, v->outline_level, page_index, y + v->top};
            VB_VEC_PUSH(&o->failed, o->a, *outline, e);
        }
    }
    put_ordered_line(o, &run, NULL, 0);
    free(run.open);
}

bool vb_pb_compose(const vb_pb_frame *f, const vb_pb_content *c, const vb_pb_page *pg,
                   size_t page_index, const vb_page *furniture, vb_arena *a, vb_page *out,
                   vb_outline_vec *outline)
{
    page_out o = {false, a, {0}, {0}, {0}};
    if (!reserve_page(&o, c, pg, furniture))
        return false;
    for (size_t i = 0; i < furniture->ntexts; i++)
        VB_VEC_PUSH(&o.failed, a, o.texts, furniture->texts[i]);
    for (size_t i = 0; i < furniture->nrules; i++)
        VB_VEC_PUSH(&o.failed, a, o.rules, furniture->rules[i]);
    put_body(&o, c, pg, page_index == 0 ? f->first_top : f->top, page_index, outline);
    put_notes(&o, f, c, pg);
    vb_page page = {o.texts.v, o.texts.n, o.rules.v, o.rules.n, o.fills.v, o.fills.n, 0, 0};
    *out = page;
    return !o.failed;
}

size_t vb_pb_page_number(bool appendix, bool restart, size_t index, size_t local)
{
    if (!appendix)
        return index == 0 ? 0 : index + 1;
    if (local == 0)
        return 0;
    return restart ? local + 1 : index + 1;
}
