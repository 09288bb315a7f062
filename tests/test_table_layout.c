/* Table layout: column widths, cells, rows split across pages under a repeated header, merged
 * cells across a break, rules meeting at the corners, the too-wide refusal; on tables built by
 * hand in a prepared document. */
#include "fontfix.h"
#include "arenafix.h"

#include <math.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/table.h"
#include "model/model.h"
#include "pdf/pdf.h"

#define MM(x) ((x) * 72.0 / 25.4)

/* ---- widths: pure arithmetic ---- */

static void test_widths_mm_relative_auto(void **state)
{
    (void)state;
    vb_table_column cols[4] = {
        {VB_WIDTH_MM, 15, VB_ALIGN_CENTRE, {0, 0}},
        {VB_WIDTH_RELATIVE, 3, VB_ALIGN_JUSTIFY, {0, 0}},
        {VB_WIDTH_RELATIVE, 1, VB_ALIGN_LEFT, {0, 0}},
        {VB_WIDTH_AUTO, 0, VB_ALIGN_DEFAULT, {0, 0}},
    };
    double min[4] = {20, 40, 30, 25}, max[4] = {20, 400, 90, 60}, w[4];
    double need = vb_table_widths(cols, 4, min, max, 450, w);
    assert_true(fabs(need - (MM(15) + 40 + 30 + 25)) < 1e-9);
    assert_true(fabs(w[0] - MM(15)) < 1e-9);   /* mm as given */
    /* auto: as far from its minimum to its maximum as every flexible column can go */
    double t = (450 - MM(15) - 95) / (550.0 - 95);
    assert_true(fabs(w[3] - (25 + t * 35)) < 1e-9);
    double rest = 450 - MM(15) - w[3];         /* shared 3 : 1 */
    assert_true(fabs(w[1] - rest * 0.75) < 1e-9);
    assert_true(fabs(w[2] - rest * 0.25) < 1e-9);

    /* a relative column whose share is under its minimum takes its minimum */
    min[2] = max[2] = 200;
    vb_table_widths(cols, 4, min, max, 450, w);
    assert_true(fabs(w[2] - 200) < 1e-9);
    assert_true(fabs(w[0] + w[1] + w[2] + w[3] - 450) < 1e-9);
}

static void test_widths_auto_between_min_and_max(void **state)
{
    (void)state;
    vb_table_column cols[3] = {{0}, {0}, {0}};
    double min[3] = {20, 50, 30}, max[3] = {30, 450, 130}, w[3];
    /* room for every minimum but not every maximum: each column gets its minimum and the same
     * fraction of its (max - min), as HTML's automatic layout */
    double need = vb_table_widths(cols, 3, min, max, 300, w);
    assert_true(fabs(need - 100) < 1e-9);
    double t = (300.0 - 100) / (610 - 100);
    for (int i = 0; i < 3; i++)
        assert_true(fabs(w[i] - (min[i] + t * (max[i] - min[i]))) < 1e-9);
    /* room for every maximum: the table still fills the frame, widths in proportion */
    max[1] = 100;
    vb_table_widths(cols, 3, min, max, 520, w);
    assert_true(fabs(w[0] + w[1] + w[2] - 520) < 1e-9);
    assert_true(fabs(w[1] / w[2] - 100.0 / 130) < 1e-9);
    /* too narrow: the narrowest total comes back, which exceeds the room */
    assert_true(vb_table_widths(cols, 3, min, max, 90, w) > 90);
}

/* ---- building a table by hand ---- */

static vb_rich rich(vb_arena *a, const char *text, unsigned style)
{
    vb_rich r;
    r.runs = vb_arena_calloc(a, 1, sizeof *r.runs);
    r.runs[0].text = text;
    r.runs[0].style = style;
    r.count = text[0] ? 1 : 0;
    return r;
}

static vb_table_cell cell(vb_arena *a, int column, const char *text)
{
    vb_table_cell c = {0};
    c.paragraphs = vb_arena_calloc(a, 1, sizeof *c.paragraphs);
    c.paragraphs[0].text = (char *)text;
    c.nparagraphs = 1;
    c.colspan = c.rowspan = 1;
    c.column = column;
    c.rich = vb_arena_calloc(a, 1, sizeof *c.rich);
    c.rich[0] = rich(a, text, 0);
    return c;
}

static const char *TASK =
    "Thường xuyên kiểm tra, rà soát, hệ thống hóa các văn bản quy phạm pháp luật thuộc phạm vi "
    "quản lý của ngành, địa phương; kịp thời xử lý hoặc tham mưu cấp có thẩm quyền xử lý.";

/* TT | Tên TTHC | Số lượng, as real-docs 03 p4: header of one row, nrows body rows of two or
 * three lines each; row 3 shaded; the last a "Tổng cộng" row. */
static vb_table *make_table(vb_arena *a, size_t nrows)
{
    vb_table *t = vb_arena_calloc(a, 1, sizeof *t);
    t->ncolumns = 3;
    t->columns = vb_arena_calloc(a, 3, sizeof *t->columns);
    t->columns[0] = (vb_table_column){VB_WIDTH_MM, 12, VB_ALIGN_CENTRE, {0, 0}};
    t->columns[1] = (vb_table_column){VB_WIDTH_RELATIVE, 1, VB_ALIGN_JUSTIFY, {0, 0}};
    t->columns[2] = (vb_table_column){VB_WIDTH_MM, 40, VB_ALIGN_DEFAULT, {0, 0}};
    t->nheader = 1;
    t->header = vb_arena_calloc(a, 1, sizeof *t->header);
    t->header[0].ncells = 3;
    t->header[0].cells = vb_arena_calloc(a, 3, sizeof(vb_table_cell));
    t->header[0].cells[0] = cell(a, 0, "TT");
    t->header[0].cells[1] = cell(a, 1, "Tên TTHC");
    t->header[0].cells[2] = cell(a, 2, "Số lượng hồ sơ đã hỗ trợ/Tổng số hồ sơ");
    t->nrows = nrows;
    t->rows = vb_arena_calloc(a, nrows, sizeof *t->rows);
    for (size_t r = 0; r < nrows; r++) {
        vb_table_row *row = &t->rows[r];
        row->ncells = 3;
        row->cells = vb_arena_calloc(a, 3, sizeof(vb_table_cell));
        row->cells[0] = cell(a, 0, vb_arena_printf(a, "%zu", r + 1));
        row->cells[1] = cell(a, 1, r % 2 ? TASK : "Xác nhận tiếp tục sử dụng đất nông nghiệp "
                                                  "(Mã TTHC: 1.013947)");
        row->cells[2] = cell(a, 2, vb_arena_printf(a, "1.%03zu/2.090 (82,9%%)", r));
        row->shaded = r == 2;
    }
    vb_table_row *total = &t->rows[nrows - 1];
    total->kind = VB_ROW_TOTAL;
    total->ncells = 2;
    total->cells[0] = cell(a, 0, "Tổng cộng");
    total->cells[0].colspan = 2;
    total->cells[1] = cell(a, 2, "25.898");
    t->pos = (vb_pos){12, 3};
    return t;
}

static vb_str S(const char *t)
{
    vb_str s = {(char *)t, {1, 1}};
    return s;
}

/* A báo cáo with a paragraph, the table, and a paragraph after it. */
static vb_document *make_doc(vb_arena *a, vb_table *t, const char *before)
{
    vb_document *d = vb_arena_calloc(a, 1, sizeof *d);
    d->file = "bang.yaml";
    d->type = vb_doc_type_find("bao-cao");
    vb_str *lines = vb_arena_calloc(a, 2, sizeof *lines);
    lines[0] = S("UBND TỈNH LÂM ĐỒNG");
    lines[1] = S("SỞ NỘI VỤ");
    d->issuing_body.items = lines;
    d->issuing_body.count = 2;
    d->number_line = "Số: 181/BC-SNV";
    d->date_line = "Lâm Đồng, ngày 5 tháng 11 năm 2025";
    d->summary_rich = rich(a, "Kết quả thí điểm các mô hình cải cách hành chính", 0);
    d->nbody = 3;
    d->body = vb_arena_calloc(a, 3, sizeof *d->body);
    for (int i = 0; i < 3; i += 2) {
        d->body[i].kind = VB_NODE_PARAGRAPH;
        d->body[i].rich = rich(a, i ? "Trên đây là kết quả thí điểm." : before, 0);
        d->body[i].text = S(d->body[i].rich.runs[0].text);
    }
    d->body[1].kind = VB_NODE_TABLE;
    d->body[1].table = t;
    static const char *dist[] = {"- Như trên;", "- Lưu: VT."};
    d->distribution_lines = dist;
    d->ndistribution_lines = 2;
    static const char *titles[] = {"GIÁM ĐỐC"};
    d->signer.title_lines = titles;
    d->signer.ntitle_lines = 1;
    static const char *names[] = {"Nguyễn Văn A"};
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

static const double LEFT = 30 * 72 / 25.4, RIGHT = 595.2756 - 15 * 72 / 25.4;

/* The item holds s as a whole word (items join words set with natural spaces). */
static bool is_text(const vb_text_item *t, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= t->len; i++)
        if ((i == 0 || t->text[i - 1] == ' ') && memcmp(t->text + i, s, n) == 0 &&
            (i + n == t->len || t->text[i + n] == ' '))
            return true;
    return false;
}

static const vb_text_item *find_text(const vb_page *pg, const char *text)
{
    for (size_t i = 0; i < pg->ntexts; i++)
        if (is_text(&pg->texts[i], text))
            return &pg->texts[i];
    return NULL;
}

static long index_of(const vb_page *pg, const char *text)
{
    for (size_t i = 0; i < pg->ntexts; i++)
        if (is_text(&pg->texts[i], text))
            return (long)i;
    return -1;
}

/* The first item whose text starts with s. */
static long index_prefix(const vb_page *pg, const char *s)
{
    for (size_t i = 0; i < pg->ntexts; i++)
        if (pg->texts[i].len >= strlen(s) && memcmp(pg->texts[i].text, s, strlen(s)) == 0)
            return (long)i;
    return -1;
}

static vb_layout *render(fixture *f, vb_document *d)
{
    vb_layout *lay = vb_layout_document(d, fonts, f->arena, f->diag);
    for (size_t i = 0; i < vb_diagnostics_count(f->diag); i++)
        fprintf(stderr, "  %s\n", vb_diagnostic_format(f->diag, i));
    assert_non_null(lay);
    return lay;
}

/* When VB_TABLE_PDF is set, the layout is written to that path + name + ".pdf", to be looked
 * at. */
static void maybe_write(const vb_layout *lay, vb_diagnostics *diag, const char *name)
{
    const char *dir = getenv("VB_TABLE_PDF");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s%s.pdf", dir, name);
    vb_buf out = {0};
    vb_pdf_meta meta = {"bảng", NULL, NULL, -1};
    if (vb_pdf_write(lay, fonts, &meta, &out, diag) == 0) {
        FILE *fp = fopen(path, "wb");
        if (fp) {
            fwrite(out.data, 1, out.len, fp);
            fclose(fp);
        }
    }
    vb_buf_free(&out);
}

/* ---- rules ---- */

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

/* Every rule of the table's width on a page meets the others exactly: a vertical rule ends
 * on a horizontal rule's centre line or on another vertical rule's end; a horizontal rule
 * ends half a rule width past a vertical rule's centre. */
static void assert_rules_meet(const vb_page *pg, double w)
{
    size_t checked = 0;
    double lo = 1e9, hi = -1e9; /* the table's height on the page: other rules lie outside */
    for (size_t i = 0; i < pg->nrules; i++)
        if (near(pg->rules[i].x1, pg->rules[i].x2)) {
            lo = fmin(lo, fmin(pg->rules[i].y1, pg->rules[i].y2));
            hi = fmax(hi, fmax(pg->rules[i].y1, pg->rules[i].y2));
        }
    for (size_t i = 0; i < pg->nrules; i++) {
        const vb_rule_item *r = &pg->rules[i];
        if (!near(r->width, w) || r->y1 < lo - 1e-6 || r->y1 > hi + 1e-6)
            continue;
        checked++;
        if (near(r->x1, r->x2)) {
            double ends[2] = {r->y1, r->y2};
            for (int e = 0; e < 2; e++) {
                bool met = false;
                for (size_t j = 0; j < pg->nrules && !met; j++) {
                    const vb_rule_item *o = &pg->rules[j];
                    if (j == i || !near(o->width, w))
                        continue;
                    if (near(o->y1, o->y2))
                        met = near(o->y1, ends[e]) && o->x1 <= r->x1 - w / 2 + 1e-6 &&
                              o->x2 >= r->x1 + w / 2 - 1e-6;
                    else
                        met = near(o->x1, r->x1) &&
                              (near(o->y1, ends[e]) || near(o->y2, ends[e]));
                }
                assert_true(met);
            }
        } else {
            bool left = false, right = false;
            for (size_t j = 0; j < pg->nrules; j++) {
                const vb_rule_item *o = &pg->rules[j];
                if (!near(o->width, w) || !near(o->x1, o->x2))
                    continue;
                left |= near(o->x1, r->x1 + w / 2);
                right |= near(o->x1, r->x2 - w / 2);
            }
            assert_true(left && right);
        }
    }
    assert_true(checked > 0);
}

/* ---- layout ---- */

static void test_header_repeated_on_every_page(void **state)
{
    fixture *f = FIXTURE(state);
    vb_table *t = make_table(f->arena, 60);
    vb_layout *lay = render(f, make_doc(f->arena, t, "Qua đó, đã hỗ trợ hướng dẫn:"));
    maybe_write(lay, f->diag, "header");
    assert_true(lay->npages >= 3);
    const vb_text_item *first = find_text(&lay->pages[0], "TT");
    assert_non_null(first);
    size_t repeated = 0;
    for (size_t p = 1; p < lay->npages; p++) {
        const vb_page *pg = &lay->pages[p];
        if (index_prefix(pg, "1.0") < 0)
            continue;
        const vb_text_item *tt = find_text(pg, "TT"), *name = find_text(pg, "TTHC");
        assert_non_null(tt);
        assert_non_null(name);
        assert_true(near(tt->x, first->x) && tt->style == VB_STYLE_BOLD);
        for (size_t i = 0; i < pg->ntexts; i++)
            if (pg->texts[i].y > tt->y + 1e-6)
                assert_true(pg->texts[i].x > LEFT + 100); /* only the page number above it */
        assert_rules_meet(pg, 0.5);
        repeated++;
    }
    assert_true(repeated >= 2);
    assert_rules_meet(&lay->pages[0], 0.5);
    /* every cell's text inside the text area */
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *it = &lay->pages[p].texts[i];
            assert_true(it->x >= LEFT - 0.01);
            assert_true(it->x + vb_text_width(fonts, it->style, it->size, it->text, it->len) <=
                        RIGHT + 0.01);
        }
}

static void test_cells_read_row_by_row(void **state)
{
    fixture *f = FIXTURE(state);
    vb_layout *lay = render(f, make_doc(f->arena, make_table(f->arena, 6), "Cụ thể:"));
    const vb_page *pg = &lay->pages[0];
    /* row 2: "2", its name, its number, in that order, before row 3's */
    long n2 = index_of(pg, "2"), name2 = index_of(pg, "Thường"), num2 = index_prefix(pg, "1.001/2.090");
    long n3 = index_of(pg, "3");
    assert_true(n2 >= 0 && name2 > n2 && num2 > name2 && n3 > num2);
    /* numbers centred in their column, headers bold and centred */
    const vb_text_item *num = &pg->texts[num2], *hd = find_text(pg, "TT");
    double num_w = vb_text_width(fonts, num->style, num->size, num->text, num->len);
    double col2_right = RIGHT, col2_left = RIGHT - MM(40);
    assert_true(fabs(num->x + num_w / 2 - (col2_left + col2_right) / 2) < 0.5);
    assert_int_equal(hd->style, VB_STYLE_BOLD);
    assert_true(near(num->size, 13)); /* 13 pt beside a 14 pt body */
    /* the shaded row's fill lies under its text */
    const vb_text_item *three = &pg->texts[n3];
    bool under = false;
    for (size_t i = 0; i < pg->nfills; i++)
        under |= pg->fills[i].y < three->y && pg->fills[i].y + pg->fills[i].h > three->y &&
                 near(pg->fills[i].x, LEFT) && pg->fills[i].gray < 1;
    assert_true(under);
    /* the total row: bold, its label across the first two columns */
    const vb_text_item *tong = find_text(pg, "Tổng");
    assert_non_null(tong);
    assert_int_equal(tong->style, VB_STYLE_BOLD);
    assert_rules_meet(pg, 0.5);
}

/* A paragraph of n copies of TASK. */
static const char *long_text(vb_arena *a, int n)
{
    const char *s = TASK;
    for (int i = 1; i < n; i++)
        s = vb_arena_printf(a, "%s %s", s, TASK);
    return s;
}

static void test_long_row_split_at_a_line(void **state)
{
    fixture *f = FIXTURE(state);
    vb_table *t = make_table(f->arena, 8);
    /* row 2's name: some 60 lines, more than a page: it must split */
    t->rows[1].cells[1] = cell(f->arena, 1, vb_arena_printf(f->arena, "%s Cuối.",
                                                             long_text(f->arena, 25)));
    vb_layout *lay = render(f, make_doc(f->arena, t, "Cụ thể:"));
    maybe_write(lay, f->diag, "split");
    long first = -1, last = -1;
    for (size_t p = 0; p < lay->npages; p++) {
        if (first < 0 && find_text(&lay->pages[p], "Thường"))
            first = (long)p;
        if (find_text(&lay->pages[p], "Cuối."))
            last = (long)p;
    }
    assert_true(first >= 0 && last > first);
    /* the page that cuts the row closes it with a rule across the table at its last band,
     * and the next opens it again under the repeated header */
    for (long p = first; p <= last; p++)
        assert_rules_meet(&lay->pages[p], 0.5);
    assert_non_null(find_text(&lay->pages[last], "TT"));
}

static void test_merged_cell_across_a_break(void **state)
{
    fixture *f = FIXTURE(state);
    vb_table *t = make_table(f->arena, 50);
    /* column 2 of rows 2..41 is one cell: its text once, at its top */
    t->rows[1].cells[2] = cell(f->arena, 2, "Sở Tư pháp");
    t->rows[1].cells[2].rowspan = 40;
    for (size_t r = 2; r < 41; r++)
        t->rows[r].ncells = 2;
    vb_layout *lay = render(f, make_doc(f->arena, t, "Cụ thể:"));
    maybe_write(lay, f->diag, "merged");
    int pages_with_text = 0;
    long first = -1;
    for (size_t p = 0; p < lay->npages; p++)
        if (find_text(&lay->pages[p], "Tư")) {
            pages_with_text++;
            first = (long)p;
        }
    assert_int_equal(pages_with_text, 1);
    /* the cell continues on the next page: the vertical rule at its left edge reaches from
     * the repeated header down, with no horizontal rule across the cell between rows */
    const vb_page *next = &lay->pages[first + 1];
    const vb_text_item *tt = find_text(next, "TT");
    assert_non_null(tt);
    double x2 = RIGHT - MM(40);
    size_t crossing = 0;
    double edge = 0; /* the longest stroke down the cell's left edge */
    for (size_t i = 0; i < next->nrules; i++) {
        const vb_rule_item *r = &next->rules[i];
        if (near(r->x1, x2) && near(r->x2, x2))
            edge = fmax(edge, r->y1 - r->y2);
        else if (near(r->y1, r->y2) && r->x1 < x2 + 5 && r->x2 > x2 + 5)
            crossing++;
    }
    assert_true(edge > 500); /* one stroke from the header down, each band's joined */
    /* across the merged column: the header's top and bottom, the page's cut, the table's
     * bottom or the cut at the foot: a few, not one per row */
    assert_true(crossing <= 4);
    assert_rules_meet(next, 0.5);
}

static void test_footnote_in_a_cell(void **state)
{
    fixture *f = FIXTURE(state);
    vb_arena *a = f->arena;
    vb_table *t = make_table(a, 5);
    vb_table_cell *c = &t->rows[1].cells[1];
    c->rich[0].runs = vb_arena_calloc(a, 2, sizeof(vb_run));
    c->rich[0].runs[0] = (vb_run){"Đăng ký kết hôn", VB_STYLE_REGULAR, 0};
    c->rich[0].runs[1] = (vb_run){"(1)", VB_STYLE_REGULAR, 1};
    c->rich[0].count = 2;
    vb_document *d = make_doc(a, t, "Cụ thể:");
    d->nfootnotes = 1;
    d->footnotes = vb_arena_calloc(a, 1, sizeof(vb_footnote));
    d->footnotes[0].number = 1;
    d->footnotes[0].id = S("kh");
    d->footnotes[0].nparagraphs = 1;
    d->footnotes[0].rich = vb_arena_calloc(a, 1, sizeof(vb_rich));
    d->footnotes[0].rich[0] = rich(a, "Theo Luật Hộ tịch năm 2014.", 0);
    vb_layout *lay = render(f, d);
    const vb_page *pg = &lay->pages[0];
    const vb_text_item *note = find_text(pg, "Hộ");
    const vb_text_item *call = NULL;
    for (size_t i = 0; i < pg->ntexts; i++)
        if (is_text(&pg->texts[i], "(1)") && pg->texts[i].size < 10)
            call = call ? call : &pg->texts[i];
    assert_non_null(call);
    assert_non_null(note);
    assert_true(note->y < call->y && note->size < 13);
}

static void test_too_wide_refused_or_shrunk(void **state)
{
    fixture *f = FIXTURE(state);
    vb_arena *a = f->arena;
    /* mm columns wider than the text area: refused at the table, saying what to do */
    vb_table *t = make_table(a, 3);
    t->columns[1] = (vb_table_column){VB_WIDTH_MM, 150, VB_ALIGN_JUSTIFY, {0, 0}};
    assert_null(vb_layout_document(make_doc(a, t, "Cụ thể:"), fonts, a, f->diag));
    assert_true(vb_diagnostics_count(f->diag) >= 1);
    const char *msg = vb_diagnostic_format(f->diag, 0);
    assert_non_null(strstr(msg, "bang.yaml:12:3"));
    assert_non_null(strstr(msg, "202 mm"));
    assert_non_null(strstr(msg, "thu_nho: true"));
    assert_non_null(strstr(msg, "phụ lục trang ngang"));

    /* an automatic column whose word fits at 12 pt but not at 12.5: refused, unless the table
     * may shrink, when it is set at 12 pt with a warning naming the size */
    const char *word = "1.013947/1.013948/1.013949/1.013950/1.013951";
    double pad = 2 * MM(1.9), avail = RIGHT - LEFT;
    double w12 = vb_text_width(fonts, VB_STYLE_REGULAR, 12, word, strlen(word));
    double w13 = vb_text_width(fonts, VB_STYLE_REGULAR, 12.5, word, strlen(word));
    vb_table *s = make_table(a, 3);
    s->columns[2] = (vb_table_column){VB_WIDTH_AUTO, 0, VB_ALIGN_DEFAULT, {0, 0}};
    s->columns[1] = (vb_table_column){VB_WIDTH_MM, (avail - MM(12) - pad - (w12 + w13) / 2) * 25.4 / 72,
                                      VB_ALIGN_JUSTIFY, {0, 0}};
    s->rows[0].cells[2] = cell(a, 2, word);
    vb_diagnostics *d2 = vb_diagnostics_new();
    assert_null(vb_layout_document(make_doc(a, s, "Cụ thể:"), fonts, a, d2));
    vb_diagnostics_free(d2);
    s->may_shrink = true;
    d2 = vb_diagnostics_new();
    vb_layout *lay = vb_layout_document(make_doc(a, s, "Cụ thể:"), fonts, a, d2);
    assert_non_null(lay);
    for (size_t i = 0; i < vb_diagnostics_count(d2); i++)
        fprintf(stderr, "  %s\n", vb_diagnostic_format(d2, i));
    assert_true(vb_diagnostics_count(d2) == 1);
    assert_non_null(strstr(vb_diagnostic_format(d2, 0), "12 pt"));
    const vb_text_item *it = find_text(&lay->pages[0], word);
    assert_non_null(it);
    assert_true(near(it->size, 12));
    vb_diagnostics_free(d2);
}

/* The pages holding the first and the last word of a text. */
static void pages_of(const vb_layout *lay, const char *first, const char *last, long *p0,
                     long *p1)
{
    *p0 = *p1 = -1;
    for (size_t p = 0; p < lay->npages; p++) {
        if (*p0 < 0 && find_text(&lay->pages[p], first))
            *p0 = (long)p;
        if (find_text(&lay->pages[p], last))
            *p1 = (long)p;
    }
}

/* A row of some 20 lines where a page would cut it moves whole with giu_nguyen. */
static void test_kept_row_moves_whole(void **state)
{
    fixture *f = FIXTURE(state);
    bool tried = false;
    for (size_t at = 6; at < 16 && !tried; at++) {
        vb_table *t = make_table(f->arena, 18);
        t->rows[at].cells[1] = cell(f->arena, 1, vb_arena_printf(f->arena, "Đầu. %s Cuối.",
                                                                   long_text(f->arena, 7)));
        long p0, p1;
        pages_of(render(f, make_doc(f->arena, t, "Cụ thể:")), "Đầu.", "Cuối.", &p0, &p1);
        if (p0 == p1)
            continue; /* not cut here: try the row further down */
        tried = true;
        t->rows[at].keep_together = true;
        vb_layout *lay = render(f, make_doc(f->arena, t, "Cụ thể:"));
        pages_of(lay, "Đầu.", "Cuối.", &p0, &p1);
        assert_true(p0 >= 0 && p0 == p1);
        assert_rules_meet(&lay->pages[p0 - 1], 0.5);
    }
    assert_true(tried);
}

/* A header cell merged down is centred in its rows, as every header cell. */
static void test_merged_header_centred(void **state)
{
    fixture *f = FIXTURE(state);
    vb_arena *a = f->arena;
    vb_table *t = make_table(a, 4);
    t->nheader = 2;
    t->header = vb_arena_calloc(a, 2, sizeof *t->header);
    t->header[0].ncells = 2;
    t->header[0].cells = vb_arena_calloc(a, 2, sizeof(vb_table_cell));
    t->header[0].cells[0] = cell(a, 0, "TT");
    t->header[0].cells[0].rowspan = 2;
    t->header[0].cells[1] = cell(a, 1, "Hiện trạng");
    t->header[0].cells[1].colspan = 2;
    t->header[1].ncells = 2;
    t->header[1].cells = vb_arena_calloc(a, 2, sizeof(vb_table_cell));
    t->header[1].cells[0] = cell(a, 1, "Tên");
    t->header[1].cells[1] = cell(a, 2, "Số");
    const vb_page *pg = &render(f, make_doc(a, t, "Cụ thể:"))->pages[0];
    const vb_text_item *tt = find_text(pg, "TT"), *kq = find_text(pg, "trạng"),
                       *ten = find_text(pg, "Tên");
    assert_non_null(tt);
    assert_non_null(kq);
    assert_non_null(ten);
    /* halfway between the two header rows' baselines */
    assert_true(fabs(tt->y - (kq->y + ten->y) / 2) < 1.5);
    assert_true(ten->x > tt->x && kq->x > tt->x);
}

/* A row of some 9 lines cut by a page: its number, centred in the row, stays on the first
 * part (a page may cut such a row only under its centred cells' text). The row moves down
 * the table, and the paragraph above the table grows, until pages have cut it. */
static void test_cut_row_keeps_its_number_on_the_first_part(void **state)
{
    fixture *f = FIXTURE(state);
    size_t cut = 0;
    for (size_t at = 5; at < 12; at++) {
        const char *before = "Cụ thể:";
        for (int step = 0; step < 6; step++) {
            vb_table *t = make_table(f->arena, 24);
            t->rows[at].cells[0] = cell(f->arena, 0, "77");
            t->rows[at].cells[1] = cell(f->arena, 1, vb_arena_printf(
                                                         f->arena, "Đầu. %s Cuối.",
                                                         long_text(f->arena, 3)));
            t->rows[at].cells[2] = cell(f->arena, 2, "25.898");
            vb_layout *lay = render(f, make_doc(f->arena, t, before));
            before = vb_arena_printf(f->arena, "%s Thường xuyên kiểm tra, rà soát.", before);
            long p0, p1, pn = -1;
            pages_of(lay, "Đầu.", "Cuối.", &p0, &p1);
            for (size_t p = 0; p < lay->npages; p++)
                if (find_text(&lay->pages[p], "77"))
                    pn = (long)p;
            assert_true(p0 >= 0 && p1 >= p0);
            if (p0 == p1)
                continue;
            cut++;
            assert_int_equal(pn, p0);
        }
    }
    assert_true(cut > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_mm_relative_auto),
        cmocka_unit_test(test_widths_auto_between_min_and_max),
        cmocka_unit_test_setup_teardown(test_header_repeated_on_every_page, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cells_read_row_by_row, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_long_row_split_at_a_line, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_merged_cell_across_a_break, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_footnote_in_a_cell, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_too_wide_refused_or_shrunk, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_kept_row_moves_whole, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_merged_header_centred, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cut_row_keeps_its_number_on_the_first_part,
                                        fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
