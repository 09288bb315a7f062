/* Page builder: pages filled from made-up lines and notes (heights only, no fonts): keep rules,
 * footnotes at the foot of their call's page, notes continued, forced breaks, and nothing
 * ever placed outside the text area. */
#include "testutil.h"

#include "common/arena.h"
#include "layout/pagebuild.h"

/* A text area 650 pt high on page 1 (under its head) and 750 pt on the others; body lines of
 * 20 pt; note lines of 12 pt under a 10 pt separator. */
static const vb_pb_frame FRAME = {
    .first_top = 700,
    .top = 800,
    .bottom = 50,
    .body_pitch = 20,
    .body_reserve_lines = 4,
    .note_min_start = 2,
    .foot_sep = 10,
    .foot_rule_gap = 4,
    .foot_asc = 8,
    .foot_desc = 2,
    .foot_pitch = 12,
    .foot_rule_x = 85,
    .foot_rule_len = 140,
    .rule_width = 0.5,
};

#define MAX_NOTES 4

/* A document of made-up lines: body[i] and notes[k] (k = footnote number). */
typedef struct {
    vb_arena *a;
    vb_vline *body;
    size_t nbody;
    vb_vline_vec notes[MAX_NOTES];
    vb_pb_content c;
    vb_pb_page *pages;
    size_t npages;
    bool note_may_follow; /* a note may start after its call's page (no room at all there) */
} doc;

static vb_vline line_of(double top, double pitch, double depth)
{
    vb_vline v = {0};
    v.top = top;
    v.pitch = pitch;
    v.depth = depth;
    return v;
}

/* n body lines of 15 pt above and 5 pt below the baseline, 20 pt apart. */
static doc *make_doc(size_t n)
{
    doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->a = vb_arena_new();
    d->body = vb_arena_calloc(d->a, n, sizeof *d->body);
    for (size_t i = 0; i < n; i++)
        d->body[i] = line_of(15, 20, 5);
    d->nbody = n;
    return d;
}

/* n body lines, lines [from, to) kept with the next. */
static doc *make_kept(size_t n, size_t from, size_t to)
{
    doc *d = make_doc(n);
    for (size_t i = from; i < to; i++)
        d->body[i].keep_with_next = true;
    return d;
}

/* Note k of `lines` lines, first called on body line `at`. */
static void add_note(doc *d, int k, size_t lines, size_t at)
{
    vb_vline_vec *nl = &d->notes[k];
    nl->v = vb_arena_calloc(d->a, lines, sizeof *nl->v);
    for (size_t i = 0; i < lines; i++)
        nl->v[i] = line_of(8, 12, 2);
    nl->n = nl->cap = lines;
    vb_vline *v = &d->body[at];
    int *calls = vb_arena_calloc(d->a, v->nnotes + 1, sizeof *calls);
    if (v->nnotes)
        memcpy(calls, v->notes, v->nnotes * sizeof *calls);
    calls[v->nnotes] = k;
    v->notes = calls;
    v->nnotes++;
}

static void free_doc(doc *d)
{
    vb_arena_free(d->a);
    free(d);
}

static double foot_height(size_t lines)
{
    return lines ? FRAME.foot_sep + FRAME.foot_asc + (lines - 1) * FRAME.foot_pitch + FRAME.foot_desc
                 : 0;
}

static size_t page_foot_lines(const vb_pb_page *pg)
{
    size_t n = 0;
    for (size_t s = 0; s < pg->nslices; s++)
        n += pg->slices[s].count;
    return n;
}

/* The lowest point of the page's body, as the builder stacks lines. */
static double body_bottom(const doc *d, const vb_pb_page *pg, size_t page_index)
{
    double y = page_index == 0 ? FRAME.first_top : FRAME.top;
    for (size_t k = 0; pg->repeat && k < pg->repeat->nhead; k++) /* a table's header again */
        y -= k == 0 ? pg->repeat->head[k].top : pg->repeat->head[k].pitch;
    for (size_t i = pg->body_first; i < pg->body_end; i++)
        y -= i == pg->body_first && !pg->repeat ? d->body[i].top
                                                : d->body[i].space_before + d->body[i].pitch;
    return pg->body_end > pg->body_first ? y - d->body[pg->body_end - 1].depth : y;
}

/* Builds the pages and checks what must hold of any document: every body line once and in
 * order, every note line once and in order, each note starting on its call's page, and on every
 * page the notes inside the text area and under the body. */
static void build(doc *d)
{
    d->c = (vb_pb_content){d->body, d->nbody, d->notes, MAX_NOTES};
    assert_true(vb_pb_build(&FRAME, &d->c, d->a, &d->pages, &d->npages));
    size_t next_body = 0;
    size_t next_line[MAX_NOTES] = {0};
    for (size_t p = 0; p < d->npages; p++) {
        const vb_pb_page *pg = &d->pages[p];
        assert_int_equal(pg->body_first, next_body);
        assert_true(pg->body_end >= pg->body_first);
        next_body = pg->body_end;
        for (size_t s = 0; s < pg->nslices; s++) {
            const vb_pb_slice *sl = &pg->slices[s];
            assert_true(sl->note > 0 && sl->note < MAX_NOTES);
            assert_int_equal(sl->first, next_line[sl->note]);
            next_line[sl->note] += sl->count;
            if (sl->first == 0 && !d->note_may_follow) /* the note starts on its call's page */
                for (size_t i = 0; i < d->nbody; i++)
                    for (size_t k = 0; k < d->body[i].nnotes; k++)
                        if (d->body[i].notes[k] == sl->note)
                            assert_true(i >= pg->body_first && i < pg->body_end);
        }
        /* only a line alone on its page may be too tall for it */
        if (pg->body_end - pg->body_first > 1)
            assert_true(body_bottom(d, pg, p) >= FRAME.bottom - 0.01);
        size_t nfl = page_foot_lines(pg);
        if (nfl) {
            double first = vb_pb_foot_baseline(&FRAME, pg);
            double last = first - (nfl - 1) * FRAME.foot_pitch;
            double page_top = p == 0 ? FRAME.first_top : FRAME.top;
            assert_true(last - FRAME.foot_desc >= FRAME.bottom - 0.01);
            assert_true(first + FRAME.foot_asc + FRAME.foot_rule_gap <= page_top + 0.01);
            /* the notes' rule is under the body */
            assert_true(FRAME.bottom + foot_height(nfl) <= body_bottom(d, pg, p) + 0.01);
        }
    }
    assert_int_equal(next_body, d->nbody);
    for (int k = 1; k < MAX_NOTES; k++)
        assert_int_equal(next_line[k], d->notes[k].n);
}

/* Builds the pages, checks where page `page` ends, and frees the document. */
static void expect_page_end(doc *d, size_t page, size_t end)
{
    build(d);
    assert_true(page < d->npages);
    assert_int_equal(d->pages[page].body_end, end);
    free_doc(d);
}

/* Pages hold as many lines as fit: 32 under page 1's head, 37 on a full page. */
static void test_fills_pages(void **state)
{
    (void)state;
    doc *d = make_doc(100);
    build(d);
    assert_int_equal(d->npages, 3);
    assert_int_equal(d->pages[0].body_end, 32);
    assert_int_equal(d->pages[1].body_end, 32 + 37);
    for (size_t p = 0; p < d->npages; p++)
        assert_true(body_bottom(d, &d->pages[p], p) >= FRAME.bottom - 0.01);
    free_doc(d);
}

/* space_before is dropped at the top of a page. */
static void test_space_dropped_at_top(void **state)
{
    (void)state;
    doc *d = make_doc(60);
    d->body[32].space_before = 30;
    build(d);
    assert_int_equal(d->pages[1].body_first, 32);
    assert_true(vb_pb_body_baseline(&FRAME, &d->c, &d->pages[1], 1) == FRAME.top - 15);
    free_doc(d);
}

/* A line kept with the next never ends a page. */
static void test_keep_with_next(void **state)
{
    (void)state;
    expect_page_end(make_kept(60, 30, 32), 0, 30);
}

/* The typesetter's flags for a five-line paragraph (first and second-last lines kept with the
 * next): its first line alone never ends a page (orphan), its last line alone never starts
 * one (widow). */
static void mark_paragraph(doc *d, size_t first, size_t n)
{
    for (size_t li = 0; li < n; li++) {
        size_t after = li + 1, remaining = n - li - 1;
        d->body[first + li].keep_with_next = remaining > 0 && (after < 2 || remaining < 2);
    }
}

static void test_widows_and_orphans(void **state)
{
    (void)state;
    doc *d = make_doc(60);
    mark_paragraph(d, 31, 5); /* would leave line 31 alone at the foot */
    expect_page_end(d, 0, 31);
    d = make_doc(60);
    mark_paragraph(d, 28, 5); /* would carry line 32 alone to page 2 */
    expect_page_end(d, 0, 31);
}

/* A note sits at the foot of its call's page and takes room from the body. */
static void test_note_on_call_page(void **state)
{
    (void)state;
    doc *d = make_doc(60);
    add_note(d, 1, 3, 10);
    add_note(d, 2, 2, 31); /* the last line that fits without notes */
    build(d);
    const vb_pb_page *p0 = &d->pages[0];
    assert_int_equal(p0->nslices, 1);
    assert_int_equal(p0->slices[0].note, 1);
    assert_int_equal(p0->slices[0].count, 3);
    /* 44 pt of notes leave room for 30 lines: line 31 and its note go on together */
    assert_int_equal(p0->body_end, 30);
    assert_int_equal(d->pages[1].slices[0].note, 2);
    free_doc(d);
}

/* A note longer than the room starts on its call's page with at least two lines and runs on
 * at the foot of the next pages, before any other note. */
static void test_note_continues(void **state)
{
    (void)state;
    doc *d = make_doc(120);
    add_note(d, 1, 150, 20);
    add_note(d, 2, 2, 40);
    build(d);
    assert_true(d->pages[0].nslices == 1 && d->pages[0].slices[0].count >= 2);
    assert_true(d->pages[0].slices[0].count < 150);
    /* no new note starts while note 1 still runs on: note 2 comes on the page where note 1
     * ends, or later */
    size_t note1_done = 0;
    bool note2_seen = false;
    for (size_t p = 0; p < d->npages; p++) {
        for (size_t s = 0; s < d->pages[p].nslices; s++)
            if (d->pages[p].slices[s].note == 1)
                note1_done += d->pages[p].slices[s].count;
        for (size_t s = 0; s < d->pages[p].nslices; s++)
            if (d->pages[p].slices[s].note == 2) {
                assert_int_equal(note1_done, 150);
                note2_seen = true;
            }
    }
    assert_true(note2_seen);
    free_doc(d);
}

/* A chain of kept lines longer than a page breaks where the page is full; a line taller than
 * the page goes alone on its page; the builder always ends. */
static void test_forced_breaks(void **state)
{
    (void)state;
    doc *d = make_kept(100, 0, 100);
    build(d);
    assert_int_equal(d->pages[0].body_end, 32);
    assert_int_equal(d->pages[d->npages - 1].body_end, 100);
    free_doc(d);

    d = make_doc(10);
    d->body[4].depth = 2000;
    build(d);
    assert_int_equal(d->pages[1].body_first, 4);
    assert_int_equal(d->pages[1].body_end, 5);
    assert_int_equal(d->pages[d->npages - 1].body_end, 10);
    free_doc(d);
}

/* The display list: the furniture first, lines at their baselines, the note rule and lines at
 * the foot. */
static void test_compose(void **state)
{
    (void)state;
    doc *d = make_doc(3);
    vb_text_item word = {100, 0, 14, VB_STYLE_REGULAR, "x", 1};
    for (size_t i = 0; i < 3; i++) {
        d->body[i].items = &word;
        d->body[i].nitems = 1;
    }
    add_note(d, 1, 2, 1);
    vb_text_item note_word = {90, 0, 11, VB_STYLE_REGULAR, "n", 1};
    for (size_t i = 0; i < 2; i++) {
        d->notes[1].v[i].items = &note_word;
        d->notes[1].v[i].nitems = 1;
    }
    build(d);
    assert_int_equal(d->npages, 1);
    vb_text_item head = {10, 780, 13, VB_STYLE_BOLD, "H", 1};
    vb_page furniture = {.texts = &head, .ntexts = 1}, out;
    vb_outline_vec outline = {0};
    assert_true(vb_pb_compose(&FRAME, &d->c, &d->pages[0], 0, &furniture, d->a, &out, &outline));
    assert_int_equal(out.ntexts, 1 + 3 + 2);
    assert_true(out.texts[0].y == 780);
    assert_true(out.texts[1].y == FRAME.first_top - 15);
    assert_true(out.texts[2].y == FRAME.first_top - 15 - 20);
    double foot = FRAME.bottom + FRAME.foot_desc + FRAME.foot_pitch;
    assert_true(out.texts[4].y == foot && out.texts[5].y == foot - FRAME.foot_pitch);
    assert_int_equal(out.nrules, 1);
    assert_true(out.rules[0].y1 == foot + FRAME.foot_asc + FRAME.foot_rule_gap);
    free_doc(d);
}

/* A line's own rules (a table's borders) are placed relative to its baseline, as its words. */
static void test_compose_line_rules(void **state)
{
    (void)state;
    doc *d = make_doc(3);
    vb_rule_item border = {100, -3, 300, -3, 0.5};
    d->body[2].rules = &border;
    d->body[2].nrules = 1;
    build(d);
    vb_page furniture = {0}, out;
    vb_outline_vec outline = {0};
    assert_true(vb_pb_compose(&FRAME, &d->c, &d->pages[0], 0, &furniture, d->a, &out, &outline));
    assert_int_equal(out.nrules, 1);
    double baseline = FRAME.first_top - 15 - 2 * 20;
    assert_true(out.rules[0].x1 == 100 && out.rules[0].x2 == 300);
    assert_true(out.rules[0].y1 == baseline - 3 && out.rules[0].y2 == baseline - 3);
    assert_true(border.y1 == -3); /* the line itself is not moved */
    free_doc(d);
}

/* ---- tables: bands of rows under a header repeated on every page ---- */

static vb_pb_table TABLE;

/* `before` body lines, then a table of 2 header bands of 18 pt and `bands` body bands of
 * 16 pt (a band's baseline is its bottom), then 3 body lines; each band holds a word. */
static doc *make_table_doc(size_t before, size_t bands)
{
    static vb_text_item word = {100, 4, 13, VB_STYLE_REGULAR, "x", 1};
    static vb_rule_item edge = {90, 16, 90, 0, 0.5};
    doc *d = make_doc(before + 2 + bands + 3);
    vb_vline *head = vb_arena_calloc(d->a, 2, sizeof *head);
    TABLE = (vb_pb_table){head, 2, 90, 500, 0.5, NULL, 0, NULL};
    for (size_t i = before; i < before + 2 + bands; i++) {
        bool is_head = i < before + 2;
        vb_vline *v = &d->body[i];
        *v = line_of(is_head ? 18 : 16, is_head ? 18 : 16, 0);
        v->table = &TABLE;
        v->table_head = is_head;
        v->keep_with_next = is_head; /* no header alone at a page's foot */
        v->items = &word;
        v->nitems = 1;
        v->rules = &edge;
        v->nrules = 1;
        if (is_head)
            head[i - before] = *v;
    }
    return d;
}

static void test_table_header_repeated(void **state)
{
    (void)state;
    doc *d = make_table_doc(10, 120);
    build(d);
    assert_true(d->npages >= 3);
    size_t repeated = 0;
    for (size_t p = 0; p < d->npages; p++) {
        const vb_pb_page *pg = &d->pages[p];
        bool inside = pg->body_first > 12 && pg->body_first < 10 + 2 + 120;
        assert_true(pg->repeat == (inside ? &TABLE : NULL));
        if (!inside)
            continue;
        repeated++;
        /* the header's two bands, then the bands go on where the last page stopped */
        vb_page furniture = {0}, out;
        vb_outline_vec outline = {0};
        assert_true(vb_pb_compose(&FRAME, &d->c, pg, p, &furniture, d->a, &out, &outline));
        assert_true(out.texts[0].y == FRAME.top - 18 + 4);
        assert_true(out.texts[1].y == FRAME.top - 36 + 4);
        assert_true(out.texts[2].y == FRAME.top - 36 - 16 + 4);
        assert_true(vb_pb_body_baseline(&FRAME, &d->c, pg, p) == FRAME.top - 36 - 16);
        /* a rule across the table where its part on this page begins (under the header) */
        bool opened = false, closed = false;
        double last = FRAME.top - 36 - 16 * (double)(pg->body_end - pg->body_first);
        for (size_t i = 0; i < out.nrules; i++) {
            const vb_rule_item *r = &out.rules[i];
            bool across = r->x1 == 90 - 0.25 && r->x2 == 500 + 0.25 && r->y1 == r->y2;
            opened |= across && r->y1 == FRAME.top - 36;
            closed |= across && r->y1 == last;
        }
        assert_true(opened);
        assert_true(closed == (pg->body_end < 10 + 2 + 120));
    }
    assert_true(repeated >= 2);
    free_doc(d);
}

/* A header that would end page 1 with no row under it goes to page 2 with its table. */
static void test_table_header_not_alone(void **state)
{
    (void)state;
    /* 650 pt on page 1: 30 lines, the last 10 pt lower, put the last baseline at
     * 15 + 29 * 20 + 10 = 605; the header ends at 641, a band under it would end at 657 */
    doc *d = make_table_doc(30, 10);
    d->body[29].space_before = 10;
    build(d);
    assert_int_equal(d->pages[0].body_end, 30);
    assert_null(d->pages[1].repeat);
    free_doc(d);
}

/* A note too long for the body's last page runs on over pages that hold only its lines. */
static void test_note_outlasts_the_body(void **state)
{
    (void)state;
    doc *d = make_doc(10);
    add_note(d, 1, 200, 9);
    build(d);
    assert_true(d->npages >= 3);
    const vb_pb_page *last = &d->pages[d->npages - 1];
    assert_int_equal(last->body_first, 10);
    assert_int_equal(last->body_end, 10);
    assert_true(last->nslices == 1 && last->slices[0].note == 1);
    assert_int_equal(last->slices[0].first + last->slices[0].count, 200);
    free_doc(d);
}

/* A note longer than the room left, called from a line kept with the next (a heading, or the
 * last paragraph kept with the closing block), starts on its call's page and continues on the
 * next pages: never placed whole over the body and off the top of the page (issue 13). */
static void test_long_note_from_kept_line(void **state)
{
    (void)state;
    doc *d = make_kept(60, 20, 21); /* a heading */
    add_note(d, 1, 300, 20);
    build(d);
    free_doc(d);

    d = make_kept(41, 38, 40);          /* the last two body lines... */
    d->body[40] = line_of(15, 20, 150); /* ...kept with the closing block */
    add_note(d, 1, 300, 39);
    build(d);
    /* the note fills what room the closing block leaves on its page */
    const vb_pb_page *last_body = &d->pages[0];
    size_t last_index = 0;
    for (size_t p = 0; p < d->npages; p++)
        if (d->pages[p].body_end == 41 && d->pages[p].body_first < 41) {
            last_body = &d->pages[p];
            last_index = p;
        }
    double gap = body_bottom(d, last_body, last_index) - FRAME.bottom -
                 foot_height(page_foot_lines(last_body));
    assert_true(gap >= -0.01 && gap < FRAME.foot_pitch);
    free_doc(d);

    /* a kept chain at the top of a page, its last line calling two notes */
    d = make_kept(60, 30, 36);
    add_note(d, 1, 40, 35);
    add_note(d, 2, 3, 35);
    build(d);
    free_doc(d);

    /* a kept chain longer than page 2, a note called from its last line that fits there: the
     * line waits for the next page, where its note can start */
    d = make_kept(90, 32, 80);
    d->body[68].depth = 10;
    add_note(d, 1, 5, 68);
    expect_page_end(d, 1, 68);
}

/* A line whose notes cannot start on its page even in part (the line fills the page): the
 * notes go to the next pages rather than over the line. */
static void test_note_of_full_page_line(void **state)
{
    (void)state;
    doc *d = make_doc(5);
    d->body[2].depth = 720; /* with its 15 pt top, 735 pt of a 750 pt page */
    add_note(d, 1, 10, 2);
    d->note_may_follow = true;
    build(d);
    assert_int_equal(d->pages[1].body_first, 2);
    assert_int_equal(d->pages[1].nslices, 0);
    assert_int_equal(d->pages[2].slices[0].first, 0);
    free_doc(d);
}

/* An appendix is a section of its own: a landscape frame (595 pt high, no head on its first
 * page) holds fewer lines a page than the portrait one, and as many on its first page as on the
 * others. */
static void test_section_frames(void **state)
{
    (void)state;
    vb_pb_frame landscape = FRAME;
    landscape.first_top = landscape.top = 595 - 57;
    landscape.bottom = 57;
    doc *d = make_doc(60);
    d->c = (vb_pb_content){d->body, d->nbody, d->notes, MAX_NOTES};
    vb_pb_page *pages = NULL;
    size_t npages = 0;
    assert_true(vb_pb_build(&landscape, &d->c, d->a, &pages, &npages));
    /* (538 - 57 - 15 - 5) / 20 + 1 = 24 lines a page */
    assert_int_equal(npages, 3);
    assert_int_equal(pages[0].body_end - pages[0].body_first, 24);
    assert_int_equal(pages[1].body_end - pages[1].body_first, 24);
    assert_int_equal(pages[2].body_end, 60);
    assert_true(vb_pb_body_baseline(&landscape, &d->c, &pages[0], 0) ==
                vb_pb_body_baseline(&landscape, &d->c, &pages[1], 1));
    build(d); /* the same lines in the portrait frame: more a page */
    assert_true(d->pages[1].body_end - d->pages[1].body_first > 24);
    free_doc(d);
}

/* The number each page shows: the main text from its second page; an appendix none on its first
 * page, then its own count or the document's. */
static void test_section_numbers(void **state)
{
    (void)state;
    assert_int_equal(vb_pb_page_number(false, false, 0, 0), 0);
    assert_int_equal(vb_pb_page_number(false, false, 1, 1), 2);
    assert_int_equal(vb_pb_page_number(true, true, 11, 0), 0);
    assert_int_equal(vb_pb_page_number(true, true, 12, 1), 2);
    assert_int_equal(vb_pb_page_number(true, true, 13, 2), 3);
    assert_int_equal(vb_pb_page_number(true, false, 11, 0), 0);
    assert_int_equal(vb_pb_page_number(true, false, 12, 1), 13);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fills_pages),
        cmocka_unit_test(test_space_dropped_at_top),
        cmocka_unit_test(test_keep_with_next),
        cmocka_unit_test(test_widows_and_orphans),
        cmocka_unit_test(test_note_on_call_page),
        cmocka_unit_test(test_note_continues),
        cmocka_unit_test(test_forced_breaks),
        cmocka_unit_test(test_compose),
        cmocka_unit_test(test_compose_line_rules),
        cmocka_unit_test(test_note_outlasts_the_body),
        cmocka_unit_test(test_long_note_from_kept_line),
        cmocka_unit_test(test_note_of_full_page_line),
        cmocka_unit_test(test_section_frames),
        cmocka_unit_test(test_section_numbers),
        cmocka_unit_test(test_table_header_repeated),
        cmocka_unit_test(test_table_header_not_alone),
    };
    return cmocka_run_group_tests_name("pagebuild", tests, NULL, NULL);
}
