/* Layout: letterhead geometry, margins, justification, footnotes on their call's page,
 * pagination rules and the closing block, on a prepared document built by hand. */
#include "testutil.h"
#include "arenafix.h"

#include <math.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/geometry.h"
#include "layout/layout.h"
#include "model/model.h"

static vb_fontset *fonts;

static int setup(void **state)
{
    (void)state;
    vb_diagnostics *d = vb_diagnostics_new();
    fonts = vb_fontset_load(VB_TEST_FONT_DIR, d);
    vb_diagnostics_free(d);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vb_fontset_free(fonts);
    return 0;
}

/* The fonts are part of the repository: without them the checkout is broken, not the machine. */
#define REQUIRE_FONTS() \
    do {                     \
        if (!fonts)          \
            fail_msg("the fonts in " VB_TEST_FONT_DIR " could not be loaded"); \
    } while (0)

/* ---- building a prepared document by hand ---- */

static vb_rich rich(vb_arena *a, const char *text, unsigned style)
{
    vb_rich r;
    r.runs = vb_arena_calloc(a, 1, sizeof *r.runs);
    r.runs[0].text = text;
    r.runs[0].style = style;
    r.count = 1;
    return r;
}

/* text, then a footnote call, then more text */
static vb_rich rich_with_note(vb_arena *a, const char *before, int note, const char *after)
{
    vb_rich r;
    r.runs = vb_arena_calloc(a, 3, sizeof *r.runs);
    r.runs[0].text = before;
    r.runs[1].text = vb_arena_printf(a, "(%d)", note);
    r.runs[1].footnote = note;
    r.runs[2].text = after;
    r.count = 3;
    return r;
}

static const char *SENTENCE =
    "Tăng cường công tác tuyên truyền phổ biến giáo dục pháp luật, trợ giúp pháp lý tới các "
    "tầng lớp nhân dân; triển khai thực hiện tốt công tác cải cách hành chính, rà soát thủ tục "
    "hành chính; công tác tiếp dân và giải quyết đơn thư khiếu nại, tố cáo của tổ chức, cá nhân.";

static vb_node node(vb_node_kind kind, const char *label, bool heading, vb_rich r)
{
    vb_node n = {0};
    n.kind = kind;
    n.label = label;
    n.heading = heading;
    n.rich = r;
    n.text.text = (char *)r.runs[0].text;
    n.text.pos = (vb_pos){10, 5};
    return n;
}

static vb_str S(const char *t)
{
    vb_str s = {(char *)t, {1, 1}};
    return s;
}

/* A report of several pages: a part, two sections, many numbered paragraphs, two footnotes
 * (the second of five paragraphs), a closing block. */
static vb_document *make_report(vb_arena *a, int items_per_section)
{
    vb_document *d = vb_arena_alloc(a, sizeof *d);
    d->file = "test.yaml";
    d->type = vb_doc_type_find("bao-cao");
    vb_str *lines = vb_arena_calloc(a, 2, sizeof *lines);
    lines[0] = S("ỦY BAN NHÂN DÂN");
    lines[1] = S("XÃ BÌNH TRUNG");
    d->issuing_body.items = lines;
    d->issuing_body.count = 2;
    d->number_line = "Số: 476/BC-UBND";
    d->date_line = "Bình Trung, ngày 14 tháng 7 năm 2023";
    d->summary_rich = rich(a, "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu "
                              "năm và phương hướng nhiệm vụ trọng tâm 6 tháng cuối năm 2023", 0);
    d->summary_note = S("(Trình kỳ họp thứ Bảy, Hội đồng nhân dân xã khóa XXI, nhiệm kỳ 2021-2026)");

    vb_node *part = vb_arena_alloc(a, sizeof *part);
    *part = node(VB_NODE_PART, "PHẦN THỨ NHẤT", true,
                 rich(a, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2023", 0));
    part->nchildren = 2;
    part->children = vb_arena_calloc(a, 2, sizeof(vb_node));
    for (int s = 0; s < 2; s++) {
        vb_node *sec = &part->children[s];
        *sec = node(VB_NODE_SECTION, s ? "II." : "I.", true,
                    rich(a, s ? "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" : "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", 0));
        sec->nchildren = (size_t)items_per_section;
        sec->children = vb_arena_calloc(a, sec->nchildren, sizeof(vb_node));
        for (int i = 0; i < items_per_section; i++) {
            vb_rich r = rich(a, SENTENCE, 0);
            if (s == 0 && i == 3)
                r = rich_with_note(a, "Hiện đã thu được 9.660.000 đồng", 1,
                                   " theo kế hoạch của Ủy ban nhân dân xã.");
            if (s == 1 && i == 2)
                r = rich_with_note(a, "Tổng số 470 suất, tổng giá trị: 318.600.000đ", 2, " đã trao.");
            sec->children[i] = node(VB_NODE_ITEM, vb_arena_printf(a, "%d.", i + 1), false, r);
        }
    }
    d->body = part;
    d->nbody = 1;

    d->nfootnotes = 2;
    d->footnotes = vb_arena_calloc(a, 2, sizeof(vb_footnote));
    d->footnotes[0].number = 1;
    d->footnotes[0].id = S("quy");
    d->footnotes[0].nparagraphs = 1;
    d->footnotes[0].rich = vb_arena_calloc(a, 1, sizeof(vb_rich));
    d->footnotes[0].rich[0] = rich(a, "Quỹ 27/7 thu được 540.000đ; Quỹ vì người nghèo 1.080.000đ.", 0);
    d->footnotes[1].number = 2;
    d->footnotes[1].id = S("qua");
    d->footnotes[1].nparagraphs = 5;
    d->footnotes[1].rich = vb_arena_calloc(a, 5, sizeof(vb_rich));
    for (int p = 0; p < 5; p++)
        d->footnotes[1].rich[p] = rich(a, SENTENCE, 0);

    static const char *dist[] = {"- UBND huyện;", "- Phòng TC-KH;", "- TT Đảng ủy, HĐND xã;",
                                 "- Lưu: VT."};
    d->distribution_lines = dist;
    d->ndistribution_lines = 4;
    static const char *titles[] = {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"};
    d->signer.title_lines = titles;
    d->signer.ntitle_lines = 2;
    static const char *names[] = {"Hà Minh Phú"};
    d->signer.name_lines = names;
    d->signer.nname_lines = 1;

    vb_presentation *p = &d->presentation;
    p->font_size = 14;
    p->line_spacing = 1.0;
    p->para_spacing = 6;
    p->indent_mm = 12.7;
    p->margin_top = 20;
    p->margin_bottom = 20;
    p->margin_left = 30;
    p->margin_right = 15;
    return d;
}

/* ---- inspecting the display list ---- */

static double item_width(const vb_text_item *t)
{
    return vb_text_width(fonts, t->style, t->size, t->text, t->len);
}

static const vb_text_item *find_text(const vb_page *pg, const char *text)
{
    for (size_t i = 0; i < pg->ntexts; i++)
        if (pg->texts[i].len == strlen(text) && memcmp(pg->texts[i].text, text, pg->texts[i].len) == 0)
            return &pg->texts[i];
    return NULL;
}

static long find_page_of(const vb_layout *lay, const char *text)
{
    for (size_t p = 0; p < lay->npages; p++)
        if (find_text(&lay->pages[p], text))
            return (long)p;
    return -1;
}

static const double LEFT = 30 * 72 / 25.4, RIGHT = 595.2756 - 15 * 72 / 25.4;
static const double BOTTOM = 20 * 72 / 25.4;

/* Every word of every page inside the text area (the baseline above the bottom margin). */
static void assert_within_margins(const vb_layout *lay)
{
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            assert_true(t->x >= LEFT - 0.01);
            assert_true(t->x + item_width(t) <= RIGHT + 0.01);
            assert_true(t->y >= BOTTOM);
        }
}

static vb_layout *render(vb_arena *a, vb_document *d, vb_diagnostics *diag)
{
    vb_layout *lay = vb_layout_document(d, fonts, a, diag);
    assert_non_null(lay);
    return lay;
}

static void test_letterhead_geometry(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_layout *lay = render(a, make_report(a, 6), diag);
    const vb_page *p1 = &lay->pages[0];

    const vb_text_item *qh = find_text(p1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    const vb_text_item *tn = find_text(p1, "Độc lập - Tự do - Hạnh phúc");
    assert_non_null(qh);
    assert_non_null(tn);
    double qh_cx = qh->x + item_width(qh) / 2, tn_cx = tn->x + item_width(tn) / 2;
    assert_true(qh_cx > (LEFT + RIGHT) / 2);            /* right column */
    assert_true(fabs(qh_cx - tn_cx) < 0.5);             /* motto centred under it */
    assert_true(qh->style == VB_STYLE_BOLD && tn->style == VB_STYLE_BOLD);
    assert_true(qh->size >= 12 && qh->size <= 13 && tn->size == qh->size + 1);
    assert_true(qh->x + item_width(qh) <= RIGHT + 0.01);
    assert_true(qh->y > tn->y);

    /* a rule under the motto exactly as long as the motto, centred, within 9 pt */
    bool motto_rule = false;
    for (size_t i = 0; i < p1->nrules; i++) {
        const vb_rule_item *r = &p1->rules[i];
        double len = r->x2 - r->x1, cx = (r->x1 + r->x2) / 2;
        if (fabs(len - item_width(tn)) < 0.5 && fabs(cx - tn_cx) < 0.5 && r->y1 < tn->y &&
            tn->y - r->y1 <= 9)
            motto_rule = true;
    }
    assert_true(motto_rule);

    /* issuing body bold left of the centre with a rule 25–60 % of its last line */
    const vb_text_item *body = find_text(p1, "XÃ BÌNH TRUNG");
    assert_non_null(body);
    assert_int_equal(body->style, VB_STYLE_BOLD);
    double body_cx = body->x + item_width(body) / 2;
    assert_true(body_cx < (LEFT + RIGHT) / 2);
    bool body_rule = false;
    for (size_t i = 0; i < p1->nrules; i++) {
        const vb_rule_item *r = &p1->rules[i];
        double ratio = (r->x2 - r->x1) / item_width(body);
        if (fabs((r->x1 + r->x2) / 2 - body_cx) < 0.5 && r->y1 < body->y && ratio >= 0.25 &&
            ratio <= 0.6)
            body_rule = true;
    }
    assert_true(body_rule);

    /* Số under the body, date under the motto, same baseline, date italic */
    const vb_text_item *so = find_text(p1, "Số: 476/BC-UBND");
    const vb_text_item *date = find_text(p1, "Bình Trung, ngày 14 tháng 7 năm 2023");
    assert_non_null(so);
    assert_non_null(date);
    assert_true(fabs(so->y - date->y) < 0.01);
    assert_true(fabs(so->x + item_width(so) / 2 - body_cx) < 1.0);
    assert_true(fabs(date->x + item_width(date) / 2 - tn_cx) < 1.0);
    assert_int_equal(date->style, VB_STYLE_ITALIC);

    /* type name centred on the text area, below the Số line */
    const vb_text_item *type = find_text(p1, "BÁO CÁO");
    assert_non_null(type);
    assert_true(fabs(type->x + item_width(type) / 2 - (LEFT + RIGHT) / 2) < 0.5);
    assert_true(type->y < so->y);
}

/* Every word inside the margins; non-final lines of paragraphs end at the right edge. */
static void test_margins_and_justification(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_layout *lay = render(a, make_report(a, 14), diag);
    assert_true(lay->npages >= 3);
    size_t lines = 0, flush = 0;
    for (size_t p = 0; p < lay->npages; p++) {
        const vb_page *pg = &lay->pages[p];
        for (size_t i = 0; i < pg->ntexts; i++) {
            const vb_text_item *t = &pg->texts[i];
            assert_true(t->x >= LEFT - 0.01);
            assert_true(t->x + item_width(t) <= RIGHT + 0.01);
            assert_true(t->y >= 20 * 72 / 25.4);  /* above the bottom margin */
            assert_true(t->y <= 841.8898 - 10);
        }
        /* lines of 14 pt body text: the rightmost word's end */
        for (size_t i = 0; i < pg->ntexts; i++) {
            const vb_text_item *t = &pg->texts[i];
            if (t->size != 14 || t->x < LEFT + 100)
                continue;
            bool rightmost = true;
            for (size_t k = 0; k < pg->ntexts; k++)
                if (k != i && fabs(pg->texts[k].y - t->y) < 0.01 && pg->texts[k].x > t->x)
                    rightmost = false;
            if (!rightmost)
                continue;
            lines++;
            if (fabs(t->x + item_width(t) - RIGHT) < 0.05)
                flush++;
        }
    }
    /* most lines of this report are non-final lines of long paragraphs */
    assert_true(lines > 50);
    assert_true(flush * 10 >= lines * 6);
}

/* Each note starts on the page of its call, at the foot, under a short rule. */
static void test_footnotes_on_call_page(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_layout *lay = render(a, make_report(a, 14), diag);
    for (int note = 1; note <= 2; note++) {
        char mark[16];
        snprintf(mark, sizeof mark, "(%d)", note);
        long call_page = -1, note_page = -1;
        double call_y = 0, note_y = 0;
        for (size_t p = 0; p < lay->npages; p++)
            for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
                const vb_text_item *t = &lay->pages[p].texts[i];
                if (t->len != strlen(mark) || memcmp(t->text, mark, t->len))
                    continue;
                if (t->size > 14 * 0.5 && t->size < 11 && call_page < 0 && t->x > LEFT + 40) {
                    call_page = (long)p;
                    call_y = t->y;
                } else if (t->size < 11 * 0.7 && note_page < 0 && t->x < LEFT + 40) {
                    note_page = (long)p;
                    note_y = t->y;
                }
            }
        assert_true(call_page >= 0);
        assert_true(note_page >= 0);
        assert_int_equal(call_page, note_page);
        assert_true(note_y < call_y);
        /* a short rule from the left margin above the notes */
        const vb_page *pg = &lay->pages[note_page];
        bool sep = false;
        for (size_t i = 0; i < pg->nrules; i++)
            if (fabs(pg->rules[i].x1 - LEFT) < 0.01 && pg->rules[i].y1 > note_y &&
                pg->rules[i].x2 - pg->rules[i].x1 <= 0.6 * (RIGHT - LEFT))
                sep = true;
        assert_true(sep);
    }
}

/* A note longer than the room left on its page starts there (never on another page than its
 * call) and continues at the foot of the next page, before any other note. */
static void test_long_footnote_continues(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 14);
    vb_footnote *fn = &d->footnotes[1];
    fn->nparagraphs = 30;
    fn->rich = vb_arena_calloc(a, 30, sizeof(vb_rich));
    for (int p = 0; p < 30; p++)
        fn->rich[p] = rich(a, SENTENCE, 0);
    vb_layout *lay = render(a, d, diag);

    /* the call "(2)" in the body and the note's number at the foot */
    long call_page = -1, note_page = -1;
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            if (t->len != 3 || memcmp(t->text, "(2)", 3))
                continue;
            if (t->size > 14 * 0.5 && t->size < 11 && call_page < 0)
                call_page = (long)p;
            else if (t->size < 11 * 0.7 && note_page < 0)
                note_page = (long)p;
        }
    assert_true(call_page >= 0);
    assert_int_equal(note_page, call_page);

    /* the next page carries footnote-sized text under a separator rule: the continuation */
    assert_true((size_t)note_page + 1 < lay->npages);
    const vb_page *next = &lay->pages[note_page + 1];
    size_t foot_items = 0;
    for (size_t i = 0; i < next->ntexts; i++)
        if (next->texts[i].size == vb_nd30.footnote_size)
            foot_items++;
    assert_true(foot_items > 0);
    bool rule = false;
    for (size_t i = 0; i < next->nrules; i++)
        if (fabs(next->rules[i].x1 - LEFT) < 0.01)
            rule = true;
    assert_true(rule);
    assert_within_margins(lay);
}

/* Headings never end a page; the closing block is whole with body lines above it. */
static void test_pagination_rules(void **state)
{
    (void)state;
    REQUIRE_FONTS();
    for (int items = 3; items <= 24; items += 1) {
        vb_arena *a = vb_arena_new();
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_layout *lay = render(a, make_report(a, items), diag);
        for (size_t p = 0; p + 1 < lay->npages; p++) {
            /* the lowest 14 pt line of the page must not be a bold heading */
            const vb_page *pg = &lay->pages[p];
            double low = 1e9;
            for (size_t i = 0; i < pg->ntexts; i++)
                if (pg->texts[i].size == 14 && pg->texts[i].y < low)
                    low = pg->texts[i].y;
            for (size_t i = 0; i < pg->ntexts; i++)
                if (pg->texts[i].y == low)
                    assert_int_not_equal(pg->texts[i].style, VB_STYLE_BOLD);
        }
        long last = (long)lay->npages - 1;
        assert_int_equal(find_page_of(lay, "Nơi nhận:"), last);
        assert_int_equal(find_page_of(lay, "Hà Minh Phú"), last);
        assert_int_equal(find_page_of(lay, "CHỦ TỊCH"), last);
        /* at least two body lines above the closing block on its page */
        const vb_page *pg = &lay->pages[last];
        const vb_text_item *head = find_text(pg, "Nơi nhận:");
        double ys[4];
        size_t nys = 0;
        for (size_t i = 0; i < pg->ntexts && nys < 4; i++) {
            double y = pg->texts[i].y;
            if (pg->texts[i].size != 14 || y <= head->y + 1 || y > 841.8898 - 20 * 72 / 25.4)
                continue;
            bool seen = false;
            for (size_t k = 0; k < nys; k++)
                if (fabs(ys[k] - y) < 0.01)
                    seen = true;
            if (!seen)
                ys[nys++] = y;
        }
        assert_true(nys >= 2);
        /* the signature: room of 25 mm between position and name */
        const vb_text_item *pos = find_text(pg, "CHỦ TỊCH");
        const vb_text_item *name = find_text(pg, "Hà Minh Phú");
        assert_true(pos->y - name->y >= 25 * 72 / 25.4);
        /* the Nơi nhận top level with the signature top (±6 pt) */
        const vb_text_item *tm = find_text(pg, "TM. ỦY BAN NHÂN DÂN");
        assert_non_null(tm);
        double top_nn = head->y + 0.891 * head->size, top_tm = tm->y + 0.891 * tm->size;
        assert_true(fabs(top_nn - top_tm) <= 6);
        /* page numbers from page 2 */
        assert_null(find_text(&lay->pages[0], "1"));
        for (size_t p = 1; p < lay->npages; p++) {
            char num[24];
            snprintf(num, sizeof num, "%zu", p + 1);
            const vb_text_item *t = find_text(&lay->pages[p], num);
            assert_non_null(t);
            assert_true(t->y > 841.8898 - 20 * 72 / 25.4);
        }
        vb_diagnostics_free(diag);
        vb_arena_free(a);
    }
}

/* The body ends with ./. even when the clerk did not write it. */
static void test_end_mark(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_layout *lay = render(a, make_report(a, 2), diag);
    bool found = false;
    /* the last paragraph ends "cá nhân." in the content: drawn "cá nhân." then "/." */
    const vb_page *pg = &lay->pages[lay->npages - 1];
    for (size_t i = 0; i < pg->ntexts; i++)
        if (pg->texts[i].len == 2 && memcmp(pg->texts[i].text, "/.", 2) == 0)
            found = true;
    assert_true(found);
}

/* A decision's opening: authority centred in bold, bases in italics with the first-line indent,
 * "QUYẾT ĐỊNH:" centred in bold and on the same page as the first article. */
static void test_decision_opening(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 3);
    d->type = vb_doc_type_find("quyet-dinh");
    vb_str *auth = vb_arena_calloc(a, 1, sizeof *auth);
    auth[0] = S("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG");
    d->issuing_authority.items = auth;
    d->issuing_authority.count = 1;
    static const char *bases[] = {"Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;",
                                  "Theo đề nghị của công chức Địa chính xã."};
    d->basis_lines = bases;
    d->nbasis_lines = 2;
    d->enacting_line = "QUYẾT ĐỊNH:";
    vb_layout *lay = render(a, d, diag);
    const vb_page *p1 = &lay->pages[0];
    const double centre = (LEFT + RIGHT) / 2;

    const vb_text_item *authority = find_text(p1, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG");
    assert_non_null(authority);
    assert_int_equal(authority->style, VB_STYLE_BOLD);
    assert_true(fabs(authority->x + item_width(authority) / 2 - centre) < 0.5);

    const vb_text_item *basis = find_text(p1, "Theo");
    if (!basis) /* the line may have been merged whole */
        basis = find_text(p1, bases[1]);
    assert_non_null(basis);
    assert_int_equal(basis->style, VB_STYLE_ITALIC);
    assert_true(fabs(basis->x - (LEFT + 12.7 * 72 / 25.4)) < 0.01);
    assert_true(basis->y < authority->y);

    const vb_text_item *enact = find_text(p1, "QUYẾT ĐỊNH:");
    assert_non_null(enact);
    assert_int_equal(enact->style, VB_STYLE_BOLD);
    assert_true(fabs(enact->x + item_width(enact) / 2 - centre) < 0.5);
    assert_true(enact->y < basis->y);
}

/* Sixty recipients under Kính gửi run on to page 2 instead of off the foot of page 1, and a
 * recipient too long for the line wraps inside the margins. */
static void test_many_recipients_flow(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    d->recipients.count = 60;
    d->recipients.items = vb_arena_calloc(a, 60, sizeof(vb_str));
    for (int i = 0; i < 60; i++)
        d->recipients.items[i] = S(vb_arena_printf(a, "Trưởng thôn số %d", i + 1));
    d->recipients.items[7] =
        S("Ủy ban nhân dân các xã, thị trấn trên địa bàn huyện Cao Lộc và các cơ quan, đơn vị "
          "sự nghiệp trực thuộc Ủy ban nhân dân huyện");
    vb_layout *lay = render(a, d, diag);
    assert_true(lay->npages >= 2);
    assert_int_equal(find_page_of(lay, "Kính gửi:"), 0);
    assert_true(find_page_of(lay, "- Trưởng thôn số 60.") >= 1);
    assert_within_margins(lay);
}

/* A Nơi nhận longer than a page keeps its head beside the signature and runs on, inside the
 * margins, to the next page. */
static void test_long_distribution_list(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    const char **lines = vb_arena_calloc(a, 81, sizeof *lines);
    for (int i = 0; i < 80; i++)
        lines[i] = vb_arena_printf(a, "- Trưởng thôn số %d;", i + 1);
    lines[80] = "- Lưu: VT.";
    d->distribution_lines = lines;
    d->ndistribution_lines = 81;
    vb_layout *lay = render(a, d, diag);
    long head = find_page_of(lay, "Nơi nhận:");
    assert_true(head >= 0);
    assert_int_equal(find_page_of(lay, "Hà Minh Phú"), head);
    assert_true(find_page_of(lay, "- Lưu: VT.") > head);
    assert_within_margins(lay);
}

/* A word longer than the line is cut, never overflowing, with a warning. */
static void test_overlong_word(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    char *longw = vb_arena_alloc(a, 400);
    for (int i = 0; i < 300; i++)
        longw[i] = "abcdefghij"[i % 10];
    d->body[0].children[0].children[0].rich = rich(a, longw, 0);
    vb_layout *lay = render(a, d, diag);
    assert_within_margins(lay);
    assert_true(vb_diagnostics_count(diag) >= 1);
    assert_int_equal(vb_diagnostic_get(diag, 0)->severity, VB_SEVERITY_WARNING);
}

/* A code longer than the line ("…/QĐ-UBND") is cut after its hyphen, as Word cuts it, with no
 * warning: each piece fits, and the first ends with the "-". */
static void test_overlong_code_cut_at_hyphen(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    char *code = vb_arena_alloc(a, 200);
    memset(code, 'a', 60);
    code[60] = '-';
    memset(code + 61, 'b', 60);
    code[121] = 0;
    d->body[0].children[0].children[0].rich = rich(a, code, 0);
    vb_layout *lay = render(a, d, diag);
    assert_within_margins(lay);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    bool first_piece = false, second_piece = false;
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            first_piece |= t->len == 61 && t->text[0] == 'a' && t->text[60] == '-';
            second_piece |= t->len >= 60 && t->text[0] == 'b';
        }
    assert_true(first_piece);
    assert_true(second_piece);
}

/* ---- a long note called from a line kept with the next (issue 13) ---- */

/* Note 2 becomes 2,000 words "n1 n2 … n2000", each found again by its number. */
static void make_long_note(vb_arena *a, vb_document *d)
{
    size_t cap = 2000 * 7, len = 0;
    char *text = vb_arena_alloc(a, cap);
    for (int i = 1; i <= 2000; i++)
        len += (size_t)snprintf(text + len, cap - len, i > 1 ? " n%d" : "n%d", i);
    vb_footnote *fn = &d->footnotes[1];
    fn->nparagraphs = 1;
    fn->rich = vb_arena_calloc(a, 1, sizeof(vb_rich));
    fn->rich[0] = rich(a, text, 0);
}

/* Every word "n<k>" of the note placed once, and every item of the note inside the text area
 * and under the body of its page. */
static void assert_note_placed_inside(const vb_layout *lay)
{
    const double top = 841.8898 - 20 * 72 / 25.4, asc = 0.891, desc = 0.216;
    static unsigned char seen[2001];
    memset(seen, 0, sizeof seen);
    for (size_t p = 0; p < lay->npages; p++) {
        const vb_page *pg = &lay->pages[p];
        double body_low = 1e9;
        for (size_t i = 0; i < pg->ntexts; i++)
            if (pg->texts[i].size == 14 && pg->texts[i].y < top && pg->texts[i].y < body_low)
                body_low = pg->texts[i].y;
        for (size_t i = 0; i < pg->ntexts; i++) {
            const vb_text_item *t = &pg->texts[i];
            if (t->len < 2 || t->text[0] != 'n' || t->text[1] < '0' || t->text[1] > '9')
                continue;
            assert_true(t->y - desc * t->size >= BOTTOM - 0.01);
            assert_true(t->y + asc * t->size <= top + 0.01);
            assert_true(t->y + asc * t->size < body_low - desc * 14);
            for (size_t k = 0; k < t->len;) {
                int num = atoi(t->text + k + 1);
                assert_true(num >= 1 && num <= 2000);
                seen[num]++;
                while (k < t->len && t->text[k] != ' ')
                    k++;
                k++;
            }
        }
    }
    for (int i = 1; i <= 2000; i++)
        assert_int_equal(seen[i], 1);
}

/* Called from the last paragraph (kept with the closing block) and from a heading. */
static void test_long_note_from_kept_line(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    for (int where = 0; where < 2; where++) {
        vb_document *d = make_report(a, 6);
        make_long_note(a, d);
        vb_node *sec = &d->body[0].children[1];
        sec->children[2].rich = rich(a, SENTENCE, 0);
        if (where == 0)
            sec->children[5].rich = rich_with_note(a, SENTENCE, 2, "");
        else
            sec->rich = rich_with_note(a, "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", 2, "");
        vb_layout *lay = render(a, d, diag);
        assert_note_placed_inside(lay);
        assert_within_margins(lay);
    }
}

/* The issued look: notes in 10 pt, each starting flush left (its number at the left margin),
 * and the rule under the trích yếu near 1/3 of its widest line, never under 1/3. */
static void test_issued_look(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_layout *lay = render(a, make_report(a, 14), diag);
    size_t starts = 0;
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            bool note_number = t->size < 11 * 0.7 && t->len == 3 && t->text[0] == '(';
            if (!note_number)
                continue;
            assert_true(fabs(t->x - LEFT) < 0.01); /* flush left, no first-line indent */
            starts++;
            /* the words of the note's first line, on its baseline, are 10 pt */
            for (size_t k = 0; k < lay->pages[p].ntexts; k++) {
                const vb_text_item *w = &lay->pages[p].texts[k];
                if (fabs(w->y - t->y) < 0.01 && w != t)
                    assert_float_equal(w->size, 10, 0);
            }
        }
    assert_int_equal(starts, 2);

    /* the trích yếu's lines are the 14 pt bold lines between BÁO CÁO and the rule under them */
    const vb_page *p1 = &lay->pages[0];
    const vb_text_item *type = find_text(p1, "BÁO CÁO");
    assert_non_null(type);
    double lo = 1e9, hi = -1e9, y_low = 1e9;
    for (size_t i = 0; i < p1->ntexts; i++) {
        const vb_text_item *t = &p1->texts[i];
        if (t->style != VB_STYLE_BOLD || t->size != 14 || t->y >= type->y || t->y < type->y - 60)
            continue;
        lo = fmin(lo, t->x);
        hi = fmax(hi, t->x + item_width(t));
        y_low = fmin(y_low, t->y);
    }
    double widest = hi - lo;
    assert_true(widest > 200);
    bool rule = false;
    for (size_t i = 0; i < p1->nrules; i++) {
        const vb_rule_item *r = &p1->rules[i];
        if (r->y1 >= y_low || r->y1 < y_low - 12)
            continue;
        double ratio = (r->x2 - r->x1) / widest;
        assert_true(ratio >= 1.0 / 3 && ratio <= 0.36);
        rule = true;
    }
    assert_true(rule);
}

/* The outer box of rules around a mark's text (its width, and the height between its rules'
 * centres) and how many frames there are; false when there is none. */
static bool frame_around(const vb_page *pg, const vb_text_item *t, double *w, double *h,
                         int *frames)
{
    double tx1 = t->x, tx2 = t->x + item_width(t);
    double best_w = 0, best_h = 0;
    *frames = 0;
    for (size_t i = 0; i < pg->nrules; i++) {
        const vb_rule_item *top = &pg->rules[i];
        if (fabs(top->y1 - top->y2) > 0.01 || top->y1 <= t->y || top->x1 > tx1 || top->x2 < tx2)
            continue;
        for (size_t k = 0; k < pg->nrules; k++) {
            const vb_rule_item *bot = &pg->rules[k];
            if (fabs(bot->y1 - bot->y2) > 0.01 || bot->y1 >= t->y || bot->x1 != top->x1 ||
                bot->x2 != top->x2 || top->y1 - bot->y1 > 8 * 72 / 25.4)
                continue;
            (*frames)++;
            if (top->x2 - top->x1 > best_w) { /* the outer frame */
                best_w = top->x2 - top->x1;
                best_h = top->y1 - bot->y1;
            }
        }
    }
    *w = best_w;
    *h = best_h;
    return *frames > 0;
}

/* Draft, secrecy (10a) and urgency (10b) marks: boxed, bold 13 pt, centred under the Số line in
 * the left column in that order, the urgency and secrecy boxes as wide as their stamps; the
 * title block under them. */
static void test_marks_under_number(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 3);
    d->marks.draft = 2;
    d->marks.secrecy = VB_SECRECY_TOI_MAT;
    d->marks.urgency = VB_URGENCY_HOA_TOC;
    vb_layout *lay = render(a, d, diag);
    const vb_page *p1 = &lay->pages[0];
    const vb_text_item *so = find_text(p1, "Số: 476/BC-UBND");
    const vb_text_item *type = find_text(p1, "BÁO CÁO");
    const char *marks[] = {"DỰ THẢO LẦN 2", "TỐI MẬT", "HỎA TỐC"};
    const double width_mm[] = {0, 30, 30};
    const int frames_wanted[] = {1, 2, 1};
    assert_non_null(so);
    assert_non_null(type);
    double so_cx = so->x + item_width(so) / 2, above = so->y;
    for (size_t i = 0; i < 3; i++) {
        const vb_text_item *m = find_text(p1, marks[i]);
        assert_non_null(m);
        assert_int_equal(m->style, VB_STYLE_BOLD);
        assert_float_equal(m->size, 13, 0);
        assert_true(fabs(m->x + item_width(m) / 2 - so_cx) < 0.5);
        assert_true(m->y < above - 10); /* each under the one before, the first under Số */
        above = m->y;
        double w, h;
        int frames;
        assert_true(frame_around(p1, m, &w, &h, &frames));
        assert_int_equal(frames, frames_wanted[i]);
        /* rules drawn inside the box: their ink spans the 8 mm */
        assert_true(fabs(h + vb_nd30.rule_width - 8 * 72 / 25.4) < 0.01);
        if (width_mm[i] > 0)
            assert_true(fabs(w - width_mm[i] * 72 / 25.4) < 0.01);
        else
            assert_true(w > item_width(m) + 2 * 2 * 72 / 25.4 - 0.01);
    }
    assert_true(type->y + 14 < above - 8 * 72 / 25.4 / 2); /* the type name under the last box */

    /* no marks: the type name sits where it always did, higher */
    vb_layout *plain = render(a, make_report(a, 3), diag);
    const vb_text_item *type0 = find_text(&plain->pages[0], "BÁO CÁO");
    assert_non_null(type0);
    assert_true(type0->y > type->y + 3 * 8 * 72 / 25.4);
    assert_null(find_text(&plain->pages[0], "DỰ THẢO"));
}

/* ---- blanks for the văn thư (issue 9, item 2) ---- */

#define MM(pt) ((pt) * 25.4 / 72)

static const vb_mark_box *find_box(const vb_layout *lay, const char *role)
{
    for (size_t i = 0; i < lay->nboxes; i++)
        if (strcmp(lay->boxes[i].role, role) == 0)
            return &lay->boxes[i];
    return NULL;
}

/* The gap between the ink-free ends of two pieces of page 1's head, in mm. */
static double gap_mm(const vb_layout *lay, const char *left, const char *right)
{
    const vb_text_item *l = find_text(&lay->pages[0], left), *r = find_text(&lay->pages[0], right);
    assert_non_null(l);
    assert_non_null(r);
    assert_true(fabs(l->y - r->y) < 0.01);
    return MM(r->x - (l->x + item_width(l)));
}

/* The number blank is 13 mm from "Số:" to "/", the day blank 9 mm from "ngày" to "tháng", as
 * on the drafts in real-docs; each is a recorded box of its width for vanban sign. */
static void test_blank_number_and_day(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_document *d = make_report(a, 2);
    d->number = 0;
    d->day = 0;
    d->number_line = "Số:       /BC-UBND";
    d->date_line = "Bình Trung, ngày        tháng 12 năm 2025";
    vb_layout *lay = render(a, d, FIXTURE(state)->diag);
    assert_float_equal(gap_mm(lay, "Số:", "/BC-UBND"), 13.0, 0.01);
    assert_float_equal(gap_mm(lay, "Bình Trung, ngày", "tháng 12 năm 2025"), 9.0, 0.01);
    const vb_mark_box *so = find_box(lay, "so"), *ngay = find_box(lay, "ngay");
    assert_non_null(so);
    assert_non_null(ngay);
    assert_float_equal(MM(so->w), 13.0, 0.01);
    assert_float_equal(MM(ngay->w), 9.0, 0.01);
    /* The day box sits in the date line, right of the number box. */
    assert_true(ngay->x > so->x + so->w);
    assert_float_equal(ngay->y, so->y, 0.5);

    /* Day and month blank: two blanks of the day's width; the box is the day's. */
    d = make_report(a, 2);
    d->day = 0;
    d->date_line = "Bình Trung, ngày        tháng        năm 2025";
    lay = render(a, d, FIXTURE(state)->diag);
    assert_float_equal(gap_mm(lay, "Bình Trung, ngày", "tháng"), 9.0, 0.01);
    assert_float_equal(gap_mm(lay, "tháng", "năm 2025"), 9.0, 0.01);
    assert_float_equal(MM(find_box(lay, "ngay")->w), 9.0, 0.01);

    /* A date given in full is one piece and records no day box. */
    d = make_report(a, 2);
    lay = render(a, d, FIXTURE(state)->diag);
    assert_non_null(find_text(&lay->pages[0], "Bình Trung, ngày 14 tháng 7 năm 2023"));
    assert_null(find_box(lay, "ngay"));
}

/* ---- parts a form does not have (issue 9, item 3) ---- */

/* The first body line's baseline on page 1 (the highest text under the type name). */
static double first_body_baseline(const vb_layout *lay, const char *first_word)
{
    const vb_text_item *t = find_text(&lay->pages[0], first_word);
    assert_non_null(t);
    return t->y;
}

/* A giấy mời without trích yếu: the body comes up by exactly the trích yếu's line, as if the
 * type name were that line; no Nơi nhận for an empty list. */
static void test_no_summary_leaves_no_gap(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 1);
    d->type = vb_doc_type_find("giay-moi");
    d->summary_note = (vb_str){0};
    d->summary_rich = rich(a, "Họp", 0);
    vb_layout *with = render(a, d, diag);
    double y_with = first_body_baseline(with, "PHẦN THỨ NHẤT");
    const vb_text_item *name = find_text(&with->pages[0], "GIẤY MỜI");
    assert_non_null(name);
    double line = name->y - find_text(&with->pages[0], "Họp")->y;

    d = make_report(a, 1);
    d->type = vb_doc_type_find("giay-moi");
    d->summary_note = (vb_str){0};
    d->summary_rich = (vb_rich){0};
    d->ndistribution_lines = 0;
    vb_layout *without = render(a, d, diag);
    double y_without = first_body_baseline(without, "PHẦN THỨ NHẤT");
    assert_float_equal(y_without - y_with, line, 0.01);
    /* The rule is under the type name, within the gap the trích yếu's rule had. */
    const vb_text_item *name2 = find_text(&without->pages[0], "GIẤY MỜI");
    bool rule_under_name = false;
    for (size_t i = 0; i < without->pages[0].nrules; i++) {
        const vb_rule_item *r = &without->pages[0].rules[i];
        if (r->y1 < name2->y && r->y1 > y_without && r->x1 > name2->x &&
            r->x2 < name2->x + item_width(name2))
            rule_under_name = true;
    }
    assert_true(rule_under_name);
    for (size_t p = 0; p < without->npages; p++)
        assert_null(find_text(&without->pages[p], "Nơi nhận:"));
    assert_non_null(find_text(&without->pages[without->npages - 1], "Hà Minh Phú"));
}

/* ---- line breaks where the clerk puts them (issue 9, item 4) ---- */

/* Each line of a trích yếu the clerk broke is centred on its own, one pitch under the other,
 * though the whole would fit on one line. */
static void test_summary_lines_as_given(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_document *d = make_report(a, 1);
    d->summary_rich = rich(a, "Kế hoạch\nnăm 2026", 0);
    vb_layout *lay = render(a, d, FIXTURE(state)->diag);
    const vb_text_item *one = find_text(&lay->pages[0], "Kế hoạch");
    const vb_text_item *two = find_text(&lay->pages[0], "năm 2026");
    assert_non_null(one);
    assert_non_null(two);
    double cx = (LEFT + RIGHT) / 2;
    assert_float_equal(one->x + item_width(one) / 2, cx, 0.5);
    assert_float_equal(two->x + item_width(two) / 2, cx, 0.5);
    assert_true(one->y - two->y > 14);
}

/* A biên bản without Số and date lines: its title comes up by the room those lines took, and
 * nothing is drawn for them. */
static void test_no_number_nor_date_line(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_document *d = make_report(a, 1);
    d->type = vb_doc_type_find("bien-ban");
    vb_layout *with = render(a, d, FIXTURE(state)->diag);
    const vb_text_item *title_with = find_text(&with->pages[0], "BIÊN BẢN");
    d = make_report(a, 1);
    d->type = vb_doc_type_find("bien-ban");
    d->number_line = d->date_line = NULL;
    vb_layout *without = render(a, d, FIXTURE(state)->diag);
    const vb_text_item *title_without = find_text(&without->pages[0], "BIÊN BẢN");
    assert_non_null(title_with);
    assert_non_null(title_without);
    assert_true(title_without->y - title_with->y > 14);
    assert_int_equal(without->pages[0].ntexts + 2, with->pages[0].ntexts);
}

/* The items of one line of a page: those on baseline y, leftmost and rightmost. */
static void line_ends(const vb_page *pg, double y, const vb_text_item **first,
                      const vb_text_item **last)
{
    *first = *last = NULL;
    for (size_t i = 0; i < pg->ntexts; i++) {
        const vb_text_item *t = &pg->texts[i];
        if (fabs(t->y - y) > 0.01)
            continue;
        if (!*first || t->x < (*first)->x)
            *first = t;
        if (!*last || t->x > (*last)->x)
            *last = t;
    }
}

static bool item_is(const vb_text_item *t, const char *s)
{
    return t->len == strlen(s) && memcmp(t->text, s, t->len) == 0;
}

static bool item_ends_with(const vb_text_item *t, const char *s)
{
    size_t n = strlen(s);
    return t->len >= n && memcmp(t->text + t->len - n, s, n) == 0;
}

/* Keep-together (issue 9 item 8): whatever the line breaks, no line starts with a dash that is
 * not a list marker, none ends with a dash, an opening bracket's first word or "Km": the same
 * sentence is set 40 times, shifted one short word further each time, so that every tie meets a
 * line end somewhere. */
static void test_keep_together(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    enum { SHIFTS = 40 };
    vb_node *sec = &d->body[0].children[1];
    sec->children = vb_arena_calloc(a, SHIFTS, sizeof(vb_node));
    sec->nchildren = SHIFTS;
    for (int k = 0; k < SHIFTS; k++) {
        char *text = vb_arena_printf(a, "%*sgiai đoạn (2025 – 2030) và 2021 - 2030 tại Km 3+450, "
                                        "phát triển kinh tế - xã hội (Phân công đính kèm) và "
                                        "giai đoạn 2026 - 2030 của tỉnh.", k * 3, "");
        for (int i = 0; i < k; i++)
            memcpy(text + 3 * i, "xa ", 3);
        sec->children[k] = node(VB_NODE_DASH, "-", false, rich(a, text, 0));
    }
    /* a chain of ties longer than a line gives way (after its dashes) rather than overflow */
    char *chain = vb_arena_printf(a, "%s", "Nông");
    for (int i = 0; i < 60; i++)
        chain = vb_arena_printf(a, "%s - Nông", chain);
    sec->children[SHIFTS - 1] = node(VB_NODE_DASH, "-", false, rich(a, chain, 0));
    vb_layout *lay = render(a, d, diag);
    assert_within_margins(lay);
    size_t lines = 0;
    for (size_t p = 0; p < lay->npages; p++) {
        const vb_page *pg = &lay->pages[p];
        for (size_t i = 0; i < pg->ntexts; i++) {
            const vb_text_item *first, *last;
            line_ends(pg, pg->texts[i].y, &first, &last);
            if (first != &pg->texts[i])
                continue;
            lines++;
            /* a marker is the label, at the first-line indent, never at the left edge */
            bool at_edge = fabs(first->x - LEFT) < 0.01 && first->size == 14;
            assert_false(at_edge && (item_is(first, "-") || item_is(first, "\u2013") ||
                                     !strncmp(first->text, "- ", 2) ||
                                     !strncmp(first->text, "\u2013 ", 4)));
            bool in_chain = false; /* the chain's lines may end "Nông -" */
            for (size_t k = 0; k < pg->ntexts; k++)
                in_chain |= fabs(pg->texts[k].y - first->y) < 0.01 && item_is(&pg->texts[k], "Nông");
            assert_false(item_ends_with(last, " -") || (item_is(last, "-") && !in_chain) ||
                         item_is(last, "\u2013") || item_ends_with(last, " \u2013"));
            assert_false(item_is(last, "(2025") || item_ends_with(last, " (2025") ||
                         item_is(last, "(Phân") || item_ends_with(last, " (Phân"));
            assert_false(item_is(last, "Km") || item_ends_with(last, " Km"));
        }
    }
    assert_true(lines > SHIFTS * 2);
}

/* A wrapped Nơi nhận item never goes on with "- …" (it would read as another item): the ragged
 * lines keep the same ties as the body (issue 9 item 8). */
static void test_keep_together_in_noi_nhan(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 1);
    enum { SHIFTS = 24 };
    const char **lines = vb_arena_calloc(a, SHIFTS + 1, sizeof *lines);
    for (int k = 0; k < SHIFTS; k++) {
        char *pad = vb_arena_printf(a, "%*s", k * 2, "");
        for (int i = 0; i < k; i++)
            memcpy(pad + 2 * i, "x ", 2);
        lines[k] = vb_arena_printf(a, "- Phòng %sĐịa chính - Nông nghiệp - Xây dựng và Môi trường;", pad);
    }
    lines[SHIFTS] = "- Lưu: VT.";
    d->distribution_lines = lines;
    d->ndistribution_lines = SHIFTS + 1;
    vb_layout *lay = render(a, d, diag);
    size_t wrapped = 0;
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            if (fabs(t->size - 11) > 0.01 || t->x < LEFT + 1)
                continue;
            const vb_text_item *first, *last;
            line_ends(&lay->pages[p], t->y, &first, &last);
            if (first != t || t->x > LEFT + 20)
                continue; /* only a wrapped line's start, just right of the dash column */
            wrapped++;
            assert_false(item_is(t, "-") || !strncmp(t->text, "- ", 2));
        }
    assert_true(wrapped >= SHIFTS / 2);
}

/* A number takes its lead-in's style (prepare's label_style), or kieu_so's exactly; a giua
 * paragraph is centred (issue 9 items 1 and 6). */
static void test_label_style_and_centred(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_diagnostics *diag = FIXTURE(state)->diag;
    vb_document *d = make_report(a, 2);
    vb_node *sec = &d->body[0].children[1];
    sec->children = vb_arena_calloc(a, 3, sizeof(vb_node));
    sec->nchildren = 3;
    sec->children[0] = node(VB_NODE_ITEM, "7.", false, rich(a, "Chủ trì:", VB_STYLE_BOLD));
    sec->children[0].label_style = VB_STYLE_BOLD;
    sec->children[1] = node(VB_NODE_POINT, "k)", false, rich(a, "Về trụ sở:", VB_STYLE_BOLD));
    sec->children[1].number_style_given = true;
    sec->children[1].label_style = VB_STYLE_REGULAR;
    sec->children[2] = node(VB_NODE_PARAGRAPH, NULL, false, rich(a, "(Ghi chú)", VB_STYLE_ITALIC));
    sec->children[2].centred = true;
    vb_layout *lay = render(a, d, diag);
    long p = find_page_of(lay, "7.");
    assert_true(p >= 0);
    assert_int_equal(find_text(&lay->pages[p], "7.")->style, VB_STYLE_BOLD);
    p = find_page_of(lay, "k)");
    assert_true(p >= 0);
    assert_int_equal(find_text(&lay->pages[p], "k)")->style, VB_STYLE_REGULAR);
    p = find_page_of(lay, "(Ghi chú)");
    assert_true(p >= 0);
    const vb_text_item *note = find_text(&lay->pages[p], "(Ghi chú)"), *end = find_text(&lay->pages[p], "./.");
    double middle = (note->x + end->x + item_width(end)) / 2; /* "(Ghi chú)" and the end mark */
    assert_float_equal(middle, (LEFT + RIGHT) / 2, 0.5);
}

#define FIXTURE_TEST(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

/* ---- signature blocks (issue 9 items 5, 9) ---- */

static double centre_of(const vb_text_item *t)
{
    return t->x + item_width(t) / 2;
}

static const double MM = 72 / 25.4;

/* One signer: centred 8 mm right of the Quốc hiệu (issued documents: 2.5–18 mm), 32 mm of room
 * between the position line's descender and the name's ascender (issued: 27–36 mm). */
static void test_signature_block_geometry(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_layout *lay = render(a, make_report(a, 3), FIXTURE(state)->diag);
    const vb_text_item *qh = find_text(&lay->pages[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    const vb_page *pg = &lay->pages[lay->npages - 1];
    const vb_text_item *tm = find_text(pg, "TM. ỦY BAN NHÂN DÂN");
    const vb_text_item *pos = find_text(pg, "CHỦ TỊCH");
    const vb_text_item *name = find_text(pg, "Hà Minh Phú");
    assert_non_null(qh);
    assert_non_null(tm);
    assert_non_null(name);
    assert_float_equal(centre_of(tm) - centre_of(qh), 8 * MM, 0.05);
    assert_float_equal(centre_of(name), centre_of(tm), 0.05);
    assert_float_equal(centre_of(pos), centre_of(tm), 0.05);
    double ascent = 0.891 * 14, descent = 0.216 * 14; /* Liberation Serif Bold */
    assert_float_equal(pos->y - descent - (name->y + ascent), 32 * MM, 0.5);
}

/* A biên bản's six signers: two in the first row (left under the issuing body's column, right
 * where a single signature goes), then a grid of four in rows of two; each row's names level,
 * each name 32 mm under its row's lowest title line; the Nơi nhận under them all. */
static void test_several_signers_grid(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_document *d = make_report(a, 1);
    static const char *titles[6][2] = {{"NGƯỜI GHI BIÊN BẢN", NULL}, {"CHỦ TRÌ", NULL},
                                       {"ĐẠI DIỆN PHÒNG A", NULL}, {"ĐẠI DIỆN PHÒNG B", NULL},
                                       {"ĐẠI DIỆN", "PHÒNG C"}, {"ĐẠI DIỆN PHÒNG D", NULL}};
    static const char *names[6][1] = {{"Nguyễn Văn Một"}, {"Trần Thị Hai"}, {"Lê Văn Ba"},
                                      {"Phạm Thị Bốn"}, {"Hoàng Văn Năm"}, {"Vũ Thị Sáu"}};
    d->nother_signers = 5;
    d->other_signers = vb_arena_calloc(a, 5, sizeof(vb_signer));
    for (int i = 0; i < 6; i++) {
        vb_signer *s = i ? &d->other_signers[i - 1] : &d->signer;
        *s = (vb_signer){0};
        s->title_lines = titles[i];
        s->ntitle_lines = titles[i][1] ? 2 : 1;
        s->name_lines = names[i];
        s->nname_lines = 1;
    }
    vb_layout *lay = render(a, d, FIXTURE(state)->diag);
    assert_within_margins(lay);
    const vb_text_item *qh = find_text(&lay->pages[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    const vb_text_item *t[6], *n[6];
    long page[6];
    for (int i = 0; i < 6; i++) {
        page[i] = find_page_of(lay, titles[i][0]);
        assert_true(page[i] >= 0);
        t[i] = find_text(&lay->pages[page[i]], titles[i][0]);
        n[i] = find_text(&lay->pages[page[i]], names[i][0]);
        assert_non_null(t[i]);
        assert_non_null(n[i]);
        assert_float_equal(centre_of(n[i]), centre_of(t[i]), 0.05);
    }
    const vb_page *pg = &lay->pages[lay->npages - 1];
    const vb_text_item *c2 = find_text(&lay->pages[page[4]], "PHÒNG C");
    assert_non_null(c2);
    double mid = (LEFT + RIGHT) / 2, ascent = 0.891 * 14, descent = 0.216 * 14;
    for (int row = 0; row < 3; row++) {
        const vb_text_item *l = t[2 * row], *r = t[2 * row + 1];
        assert_true(centre_of(l) < mid && centre_of(r) > mid);
        assert_float_equal(l->y, r->y, 0.01);             /* titles level */
        assert_float_equal(n[2 * row]->y, n[2 * row + 1]->y, 0.01); /* names level */
        double lowest = row == 2 ? c2->y : l->y;
        assert_float_equal(lowest - descent - (n[2 * row]->y + ascent), 32 * MM, 0.5);
        assert_int_equal(page[2 * row], page[2 * row + 1]); /* a row is never split */
        if (row && page[2 * row] == page[2 * row - 1])
            assert_true(l->y < n[2 * row - 1]->y - 14);   /* under the row above */
    }
    assert_float_equal(centre_of(t[1]) - centre_of(qh), 8 * MM, 0.05);
    assert_float_equal(centre_of(t[3]), centre_of(t[1]), 0.05);
    assert_float_equal(centre_of(t[0]), centre_of(t[2]), 0.05);
    const vb_text_item *head = find_text(pg, "Nơi nhận:");
    assert_non_null(head);
    assert_int_equal(find_page_of(lay, "Nơi nhận:"), page[5]); /* kept with the last row */
    assert_true(head->y < n[5]->y - 14);
    assert_true(head->x < LEFT + 0.01);
}

/* Two signers side by side; vi_tri puts a signer alone in a row on its side, and one without
 * it in the middle. */
static void test_two_signers_side_by_side(void **state)
{
    REQUIRE_FONTS();
    vb_arena *a = FIXTURE(state)->arena;
    vb_document *d = make_report(a, 3);
    static const char *left[] = {"THƯ KÝ"}, *left_name[] = {"Hoàng Văn Thanh"};
    static const char *lone[] = {"THÀNH VIÊN"}, *lone_name[] = {"Lê Văn Ba"};
    d->nother_signers = 2;
    d->other_signers = vb_arena_calloc(a, 2, sizeof(vb_signer));
    d->other_signers[0] = d->signer; /* TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, written second */
    d->other_signers[0].side = VB_SIDE_RIGHT;
    d->signer = (vb_signer){.title_lines = left, .ntitle_lines = 1, .name_lines = left_name,
                            .nname_lines = 1, .side = VB_SIDE_RIGHT};
    d->other_signers[1] = (vb_signer){.title_lines = lone, .ntitle_lines = 1,
                                      .name_lines = lone_name, .nname_lines = 1};
    vb_layout *lay = render(a, d, FIXTURE(state)->diag);
    const vb_page *pg = &lay->pages[lay->npages - 1];
    const vb_text_item *clerk = find_text(pg, "THƯ KÝ"), *tm = find_text(pg, "TM. ỦY BAN NHÂN DÂN");
    const vb_text_item *member = find_text(pg, "THÀNH VIÊN");
    assert_non_null(clerk);
    assert_non_null(tm);
    assert_non_null(member);
    /* both asked for the right: the writer's order is kept */
    assert_true(centre_of(clerk) < centre_of(tm));
    assert_float_equal(clerk->y, tm->y, 0.01);
    assert_float_equal(centre_of(member), (LEFT + RIGHT) / 2, 0.05);
    assert_true(member->y < clerk->y);

    /* a biên bản without Nơi nhận: the signers close it, nothing (not even room) after them */
    d->ndistribution_lines = 0;
    lay = render(a, d, FIXTURE(state)->diag);
    assert_int_equal(find_page_of(lay, "Nơi nhận:"), -1);
    assert_int_equal(find_page_of(lay, "Lê Văn Ba"), (long)lay->npages - 1);
    const vb_page *last = &lay->pages[lay->npages - 1];
    double lowest = 1e9;
    for (size_t i = 0; i < last->ntexts; i++) /* body-size text: footnotes sit lower */
        if (last->texts[i].size == 14 && last->texts[i].y < lowest)
            lowest = last->texts[i].y;
    assert_float_equal(lowest, find_text(last, "Lê Văn Ba")->y, 0.01);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(test_letterhead_geometry),
        FIXTURE_TEST(test_margins_and_justification),
        FIXTURE_TEST(test_footnotes_on_call_page),
        FIXTURE_TEST(test_long_footnote_continues),
        cmocka_unit_test(test_pagination_rules),
        FIXTURE_TEST(test_signature_block_geometry),
        FIXTURE_TEST(test_several_signers_grid),
        FIXTURE_TEST(test_two_signers_side_by_side),
        FIXTURE_TEST(test_end_mark),
        FIXTURE_TEST(test_decision_opening),
        FIXTURE_TEST(test_many_recipients_flow),
        FIXTURE_TEST(test_long_distribution_list),
        FIXTURE_TEST(test_overlong_word),
        FIXTURE_TEST(test_overlong_code_cut_at_hyphen),
        FIXTURE_TEST(test_long_note_from_kept_line),
        FIXTURE_TEST(test_issued_look),
        FIXTURE_TEST(test_marks_under_number),
        FIXTURE_TEST(test_blank_number_and_day),
        FIXTURE_TEST(test_no_summary_leaves_no_gap),
        FIXTURE_TEST(test_summary_lines_as_given),
        FIXTURE_TEST(test_no_number_nor_date_line),
        FIXTURE_TEST(test_keep_together),
        FIXTURE_TEST(test_keep_together_in_noi_nhan),
        FIXTURE_TEST(test_label_style_and_centred),
    };
    return cmocka_run_group_tests_name("layout", tests, setup, teardown);
}
