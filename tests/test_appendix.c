/* Appendices (phu_luc) through the stages that own them: the loader's refusals with line:column,
 * the generated heading and "(Kèm theo …)" line, and the pages: landscape A4, the first page of
 * an appendix unnumbered, numbering restarting or continuing, outline entries. */
#include "diagassert.h"

#include <math.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "prepare/prepare.h"

/* The repository's fonts, loaded by the first test that sets text; freed after the last. */
static vb_fontset *fonts;

static const vb_fontset *test_fonts(void)
{
    if (!fonts) {
        vb_diagnostics *d = vb_diagnostics_new();
        fonts = vb_fontset_load(VB_TEST_FONT_DIR, d);
        vb_diagnostics_free(d);
    }
    if (!fonts)
        fail_msg("the fonts in " VB_TEST_FONT_DIR " could not be loaded");
    return fonts;
}

static int free_fonts(void **state)
{
    (void)state;
    vb_fontset_free(fonts);
    return 0;
}

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
    vb_document *doc;
} run;

/* The header and closing every test shares; `so` given or not, then the test's own keys. */
#define HEAD HEAD_ON("2026-03-05")
#define HEAD_ON(date)                                                                            \
    "loai: ke-hoach\n"                                                                           \
    "co_quan: [ỦY BAN NHÂN DÂN, TỈNH LÂM ĐỒNG]\n"                                                \
    "ky_hieu: UBND\n"                                                                            \
    "dia_danh: Lâm Đồng\n"                                                                       \
    "ngay: " date "\n"                                                                               \
    "trich_yeu: Cải cách hành chính\n"                                                           \
    "noi_dung: [Nội dung chính của kế hoạch (có Phụ lục kèm theo).]\n"                           \
    "noi_nhan: [Bộ Nội vụ]\n"                                                                    \
    "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn A}\n"
/* HEAD is 9 lines: the test's keys start on line 10. */

static run load(const char *yaml)
{
    run r = {vb_arena_new(), vb_diagnostics_new(), NULL};
    assert_non_null(r.arena);
    assert_non_null(r.diag);
    r.doc = vb_load_yaml(yaml, strlen(yaml), "test.yaml", r.arena, r.diag);
    return r;
}

static void dump(const vb_diagnostics *d)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        print_message("  %s\n", vb_diagnostic_format(d, i));
}

static void done(run *r)
{
    vb_arena_free(r->arena);
    vb_diagnostics_free(r->diag);
}

static void expect_error(const char *yaml, int line, int col, const char *text)
{
    run r = load(yaml);
    tu_expect_first_error(r.doc, r.diag, line, col, text);
    done(&r);
}

static run prepared(const char *yaml)
{
    run r = load(yaml);
    if (!r.doc || vb_prepare(r.doc, test_fonts(), r.arena, r.diag) != 0)
        dump(r.diag);
    assert_non_null(r.doc);
    assert_int_equal(vb_diagnostics_errors(r.diag), 0);
    return r;
}

/* ---- loader ---- */

static void test_load_refusals(void **state)
{
    (void)state;
    expect_error(HEAD "phu_luc:\n  - huong: ngang\n    noi_dung: [a]\n", 11, 5,
                 "thiếu khóa bắt buộc \"tieu_de\" trong phụ lục");
    expect_error(HEAD "ten_co_quan: UBND\nphu_luc:\n  - tieu_de: A\n    huong: nang\n"
                      "    noi_dung: [a]\n",
                 13, 12, "huong \"nang\" không hợp lệ trong phụ lục: chỉ dùng \"doc\"");
    expect_error(HEAD "ten_co_quan: UBND\nphu_luc:\n  - tieu_de: A\n    so_trang: 2\n"
                      "    noi_dung: [a]\n",
                 13, 15, "so_trang \"2\" không hợp lệ");
    expect_error(HEAD "ten_co_quan: UBND\nphu_luc:\n  - tieu_de: A\n    noi_dung: []\n", 13, 15,
                 "phụ lục cần ít nhất một đoạn");
    expect_error(HEAD "phu_luc:\n  - Danh sách\n", 11, 5, "phụ lục thứ 1 phải là một nhóm khóa");
    expect_error(HEAD "phu_luc: Danh sách\n", 10, 10, "một danh sách các phụ lục");
    expect_error(HEAD "ten_co_quan: UBND\nphu_luc:\n  - tieu_de: A\n    trang: ngang\n"
                      "    noi_dung: [a]\n",
                 13, 5, "khóa \"trang\" không hợp lệ trong phụ lục");
    expect_error(HEAD "ten_co_quan: UBND\nphu_luc:\n  - tieu_de: A\n    quoc_hieu: có\n"
                      "    noi_dung: [a]\n",
                 13, 16, "quoc_hieu cần true hoặc false");
    /* The generated line needs the issuer as a sentence names it. */
    expect_error(HEAD "phu_luc:\n  - tieu_de: A\n    noi_dung: [a]\n", 11, 5,
                 "hãy thêm khóa ten_co_quan");
    /* A line break the line cannot keep is refused where it is, never folded into a space. */
    expect_error(HEAD "phu_luc:\n  - tieu_de: A\n    kem_theo: \"Kèm theo\\nKế hoạch\"\n"
                      "    noi_dung: [a]\n",
                 12, 15, "kem_theo in trên một dòng");
}

static void test_load_keys(void **state)
{
    (void)state;
    run r = load(HEAD "phu_luc:\n  - tieu_de: Danh sách\n    huong: ngang\n    so_trang: tiep\n"
                      "    kem_theo: Kèm theo Kế hoạch số   /KH-UBND\n    noi_dung: [a, b]\n");
    if (!r.doc)
        dump(r.diag);
    assert_non_null(r.doc);
    assert_int_equal(r.doc->nappendices, 1);
    const vb_appendix *a = &r.doc->appendices[0];
    assert_int_equal(a->orientation, VB_ORIENT_LANDSCAPE);
    assert_int_equal(a->numbering, VB_APPX_PAGES_CONTINUE);
    assert_int_equal(a->nbody, 2);
    assert_int_equal(a->pos.line, 11);
    /* The clerk's blank of three spaces is kept, as no-break spaces. */
    assert_string_equal(a->attached.text, "Kèm theo Kế hoạch số\u00a0\u00a0\u00a0/KH-UBND");
    done(&r);
}

/* ---- prepare ---- */

static void test_generated_lines(void **state)
{
    (void)state;
    run r = prepared(HEAD "so: 12\nten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - tieu_de: Danh sách đơn vị\n    noi_dung: [a]\n");
    const vb_appendix *a = &r.doc->appendices[0];
    assert_string_equal(a->heading, "PHỤ LỤC");
    assert_string_equal(a->title_line, "DANH SÁCH ĐƠN VỊ");
    assert_string_equal(a->attached_line, "(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 3 năm "
                                          "2026 của Ủy ban nhân dân tỉnh Lâm Đồng)");
    done(&r);
}

static void test_blank_number_and_several(void **state)
{
    (void)state;
    run r = prepared(HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - tieu_de: A\n    noi_dung: [a]\n"
                          "  - tieu_de: B\n    kem_theo: Kèm theo văn bản trên\n"
                          "    noi_dung: [b]\n");
    const vb_appendix *a = &r.doc->appendices[0], *b = &r.doc->appendices[1];
    assert_string_equal(a->heading, "Phụ lục I");
    assert_string_equal(b->heading, "Phụ lục II");
    /* The Số line's blank, as no-break spaces: it is neither collapsed nor broken. */
    assert_non_null(strstr(a->attached_line, "Kế hoạch số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"
                                             "\u00a0/KH-UBND ngày 05"));
    assert_string_equal(b->attached_line, "(Kèm theo văn bản trên)");
    done(&r);
}

/* An attached text headed by its own type name (a QUY CHẾ, a DANH SÁCH) keeps its title as
 * written, as a trích yếu, and is not counted among the "Phụ lục I, II". */
static void test_attached_text_type_name(void **state)
{
    (void)state;
    run r = prepared(HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - ten_loai: Quy chế\n    tieu_de: Làm việc của Ủy ban\n"
                          "    noi_dung: [a]\n  - tieu_de: Bảng\n    noi_dung: [b]\n");
    const vb_appendix *a = &r.doc->appendices[0], *b = &r.doc->appendices[1];
    assert_true(a->own_type);
    assert_string_equal(a->heading, "QUY CHẾ");
    assert_string_equal(a->title_line, "Làm việc của Ủy ban");
    assert_false(b->own_type);
    assert_string_equal(b->heading, "PHỤ LỤC");
    assert_string_equal(b->title_line, "BẢNG");
    done(&r);
}

/* A Quy chế issued with a decision counts its articles from Điều 1, not on from the
 * decision's (found on QĐ 3556/QĐ-UBND Lào Cai, whose Quy chế came out Điều 4–30). */
static void test_attached_text_counts_its_own_articles(void **state)
{
    (void)state;
    run r = prepared("loai: quyet-dinh\n"
                     "co_quan: [ỦY BAN NHÂN DÂN, TỈNH LÀO CAI]\n"
                     "ky_hieu: UBND\n"
                     "dia_danh: Lào Cai\n"
                     "ngay: 2026-09-30\n"
                     "trich_yeu: Ban hành Quy chế\n"
                     "noi_dung:\n  - dieu: Ban hành Quy chế.\n    dang: doan\n"
                     "  - dieu: Thi hành.\n    dang: doan\n"
                     "noi_nhan: [Như Điều 2]\n"
                     "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn A}\n"
                     "ten_co_quan: Ủy ban nhân dân tỉnh Lào Cai\n"
                     "phu_luc:\n  - ten_loai: Quy chế\n    tieu_de: Làm việc\n"
                     "    noi_dung:\n      - chuong: Quy định chung\n        noi_dung:\n"
                     "          - dieu: Phạm vi\n            noi_dung: [Quy chế này.]\n"
                     "          - dieu: Đối tượng\n            noi_dung: [Cơ quan.]\n");
    assert_string_equal(r.doc->body[1].label, "Điều 2.");
    const vb_node *chapter = &r.doc->appendices[0].body[0];
    assert_string_equal(chapter->children[0].label, "Điều 1.");
    assert_string_equal(chapter->children[1].label, "Điều 2.");
    done(&r);
}

/* A day left blank in the date line is the same blank in the appendix's line. */
static void test_blank_day(void **state)
{
    (void)state;
    run r = prepared(HEAD_ON("2026-03") "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                                        "phu_luc:\n  - tieu_de: A\n    noi_dung: [a]\n");
    const char *line = r.doc->appendices[0].attached_line;
    if (!strstr(line, "/KH-UBND ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng 3 năm 2026 "
                      "của Ủy ban nhân dân tỉnh Lâm Đồng)"))
        print_message("  got %s\n", line);
    assert_non_null(strstr(line, "/KH-UBND ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng 3 "
                                 "năm 2026 của Ủy ban nhân dân tỉnh Lâm Đồng)"));
    done(&r);
}

/* ---- layout ---- */

static vb_layout *laid_out(run *r)
{
    vb_layout *l = vb_layout_document(r->doc, test_fonts(), r->arena, r->diag);
    if (!l)
        dump(r->diag);
    assert_non_null(l);
    return l;
}

/* The page numbers drawn on page p: the text of an item in the top margin, or NULL. */
static const char *number_on(const vb_layout *l, size_t p)
{
    const vb_page *pg = &l->pages[p];
    double h = pg->height > 0 ? pg->height : l->page_height;
    for (size_t i = 0; i < pg->ntexts; i++)
        if (pg->texts[i].y > h - VB_MM_TO_PT(20) && pg->texts[i].len <= 3 &&
            pg->texts[i].text[0] >= '0' && pg->texts[i].text[0] <= '9')
        {
            static char number[8];
            snprintf(number, sizeof number, "%.*s", (int)pg->texts[i].len, pg->texts[i].text);
            return number;
        }
    return NULL;
}

/* A body long enough for several pages in the appendix. */
static char *long_appendix(const char *keys)
{
    size_t cap = 200000;
    char *y = malloc(cap);
    assert_non_null(y);
    int n = snprintf(y, cap, HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\nphu_luc:\n"
                                  "  - tieu_de: Bảng phân công\n%s    noi_dung:\n", keys);
    for (int i = 0; i < 60; i++)
        n += snprintf(y + n, cap - (size_t)n,
                      "      - Nhiệm vụ số %d, rà soát, đánh giá và báo cáo kết quả thực hiện "
                      "nhiệm vụ cải cách hành chính của các cơ quan, đơn vị, địa phương.\n", i + 1);
    return y;
}

static void test_landscape_pages(void **state)
{
    (void)state;
    char *y = long_appendix("    huong: ngang\n");
    run r = prepared(y);
    vb_layout *l = laid_out(&r);
    assert_true(l->npages >= 3);
    /* page 1 is the body, portrait; the appendix starts page 2, landscape */
    assert_true(fabs(l->pages[0].width - 595.2756) < 0.01);
    assert_true(fabs(l->pages[1].width - 841.8898) < 0.01);
    assert_true(fabs(l->pages[1].height - 595.2756) < 0.01);
    assert_null(number_on(l, 1));
    assert_string_equal(number_on(l, 2), "2"); /* restarting: its own second page */
    /* every text of the landscape pages keeps 20 mm from the edges */
    for (size_t p = 1; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].ntexts; i++)
            assert_true(l->pages[p].texts[i].x >= VB_MM_TO_PT(20) - 0.01);
    /* the outline names the appendix on its first page, at the top level */
    bool found = false;
    for (size_t k = 0; k < l->noutline; k++)
        if (strcmp(l->outline[k].title, "PHỤ LỤC. BẢNG PHÂN CÔNG") == 0) {
            found = true;
            assert_int_equal(l->outline[k].page, 1);
            assert_int_equal(l->outline[k].level, 0);
        }
    assert_true(found);
    done(&r);
    free(y);
}

static void test_numbering_continues(void **state)
{
    (void)state;
    char *y = long_appendix("    so_trang: tiep\n");
    run r = prepared(y);
    vb_layout *l = laid_out(&r);
    assert_true(l->npages >= 3);
    assert_true(l->pages[1].width < 600); /* portrait by default */
    assert_null(number_on(l, 1));
    assert_string_equal(number_on(l, 2), "3"); /* the document's third page */
    done(&r);
    free(y);
}

/* An attached text under its type name is numbered with the main text, its first page too. */
static void test_attached_text_numbered(void **state)
{
    (void)state;
    char *y = long_appendix("    ten_loai: Quy chế\n");
    run r = prepared(y);
    vb_layout *l = laid_out(&r);
    assert_true(l->npages >= 3);
    assert_string_equal(number_on(l, 1), "2");
    assert_string_equal(number_on(l, 2), "3");
    done(&r);
    free(y);
}

/* The head ends in a short centred rule under the "(Kèm theo …)" line, about a third of it. */
static void test_head_rule(void **state)
{
    (void)state;
    run r = prepared(HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - tieu_de: Bảng\n    noi_dung: [Dòng đầu của phụ lục.]\n");
    vb_layout *l = laid_out(&r);
    assert_int_equal(l->npages, 2);
    const vb_page *pg = &l->pages[1];
    double kem_y = 0, kem_x1 = 0, body_y = 0;
    for (size_t i = 0; i < pg->ntexts; i++) {
        const vb_text_item *t = &pg->texts[i];
        if (t->len >= 5 && memcmp(t->text, "(Kèm", 5) == 0) {
            kem_y = t->y;
            kem_x1 = t->x;
        }
        if (t->len >= 4 && memcmp(t->text, "Dòng", 4) == 0)
            body_y = t->y;
    }
    assert_true(kem_y > 0 && body_y > 0);
    assert_int_equal(pg->nrules, 1);
    const vb_rule_item *rule = &pg->rules[0];
    double cx = (595.2756 - VB_MM_TO_PT(20) + VB_MM_TO_PT(30)) / 2;
    double line_w = 2 * (cx - kem_x1);
    assert_true(rule->y1 < kem_y - 4 && rule->y1 > body_y + 10);
    assert_true(fabs((rule->x1 + rule->x2) / 2 - cx) < 0.5);
    assert_true(fabs((rule->x2 - rule->x1) / line_w - 0.34) < 0.02);
    done(&r);
}

/* Phụ lục III mẫu 1.3: a text issued with the decision opens with the issuing body and the
 * Quốc hiệu, no Số or date; its heading comes under them, and its first page is numbered. */
static void test_attached_text_letterhead(void **state)
{
    (void)state;
    run r = prepared(HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - ten_loai: Quy chế\n    tieu_de: Làm việc\n"
                          "    quoc_hieu: true\n    noi_dung: [Điều khoản đầu tiên.]\n");
    assert_true(r.doc->appendices[0].letterhead);
    vb_layout *l = laid_out(&r);
    assert_int_equal(l->npages, 2);
    const vb_page *pg = &l->pages[1];
    double qh_y = 0, body_y = 0, heading_y = 0, date_y = 0;
    for (size_t i = 0; i < pg->ntexts; i++) {
        const vb_text_item *t = &pg->texts[i];
        if (t->len >= 9 && memcmp(t->text, "CỘNG HÒA", 9) == 0)
            qh_y = t->y;
        if (t->len >= 7 && memcmp(t->text, "TỈNH LÂ", 7) == 0)
            body_y = t->y;
        if (t->len == strlen("QUY CHẾ") && memcmp(t->text, "QUY CHẾ", t->len) == 0)
            heading_y = t->y;
        if (memmem(t->text, t->len, "ngày", strlen("ngày")) && t->style == VB_STYLE_ITALIC &&
            t->y > 700)
            date_y = t->y;
    }
    assert_true(qh_y > 765);                    /* at the top margin, as on page 1 */
    assert_true(body_y < qh_y && body_y > 745); /* the issuing body's second line */
    assert_true(heading_y > 0 && heading_y < body_y - 30);
    assert_true(date_y == 0); /* no Số and date line */
    assert_true(pg->nrules >= 3); /* the two letterhead rules and the head's own */
    assert_string_equal(number_on(l, 1), "2");
    done(&r);
}

/* A table in a landscape appendix spans the landscape text area: 20 mm from either edge. */
static void test_table_takes_landscape_width(void **state)
{
    (void)state;
    run r = prepared(HEAD "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - tieu_de: Bảng\n    huong: ngang\n    noi_dung:\n"
                          "      - bang:\n          cot: [{ti_le: 1}, {ti_le: 3}]\n"
                          "          dau: [[STT, Nhiệm vụ]]\n          dong: [[\"1\", Rà soát]]\n");
    vb_layout *l = laid_out(&r);
    assert_int_equal(l->npages, 2);
    double lo = 1e9, hi = 0, margin = VB_MM_TO_PT(20);
    for (size_t i = 0; i < l->pages[1].nrules; i++) {
        const vb_rule_item *rule = &l->pages[1].rules[i];
        lo = fmin(lo, fmin(rule->x1, rule->x2));
        hi = fmax(hi, fmax(rule->x1, rule->x2));
    }
    assert_true(fabs(lo - margin) < 1);
    assert_true(fabs(hi - (841.8898 - margin)) < 1);
    done(&r);
}

/* A footnote called only in an appendix is numbered after the body's and set at the foot of
 * the appendix's page, with no "never called" warning. */
static void test_footnote_in_appendix(void **state)
{
    (void)state;
    run r = prepared(HEAD "chu_thich: {b: Chú thích của phụ lục.}\n"
                          "ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\n"
                          "phu_luc:\n  - tieu_de: Bảng\n    noi_dung: [\"Dòng[^b].\"]\n");
    assert_int_equal(vb_diagnostics_count(r.diag), 0);
    assert_int_equal(r.doc->footnotes[0].number, 1);
    vb_layout *l = laid_out(&r);
    assert_int_equal(l->npages, 2);
    bool on_appendix_page = false;
    for (size_t i = 0; i < l->pages[1].ntexts; i++)
        on_appendix_page |= memmem(l->pages[1].texts[i].text, l->pages[1].texts[i].len,
                                   "lục.", strlen("lục.")) != NULL;
    assert_true(on_appendix_page);
    done(&r);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_refusals),
        cmocka_unit_test(test_load_keys),
        cmocka_unit_test(test_generated_lines),
        cmocka_unit_test(test_blank_number_and_several),
        cmocka_unit_test(test_blank_day),
        cmocka_unit_test(test_attached_text_type_name),
        cmocka_unit_test(test_attached_text_counts_its_own_articles),
        cmocka_unit_test(test_attached_text_numbered),
        cmocka_unit_test(test_head_rule),
        cmocka_unit_test(test_attached_text_letterhead),
        cmocka_unit_test(test_landscape_pages),
        cmocka_unit_test(test_numbering_continues),
        cmocka_unit_test(test_table_takes_landscape_width),
        cmocka_unit_test(test_footnote_in_appendix),
    };
    return cmocka_run_group_tests(tests, NULL, free_fonts);
}
