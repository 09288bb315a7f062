/* Two Phụ lục III forms through every stage: a công điện's "… điện:" block (nguoi_dien,
 * dien_den) and a copy's own block (ban_sao), loaded from YAML, prepared and laid out. */
#include "fontfix.h"

#include <math.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "load/load.h"
#include "prepare/prepare.h"

static const char *CABLE =
    "loai: cong-dien\n"
    "co_quan: THỦ TƯỚNG CHÍNH PHỦ\n"
    "so: 438\n"
    "ky_hieu: TTg\n"
    "dia_danh: Hà Nội\n"
    "ngay: 2017-03-28\n"
    "trich_yeu: V/v việc tìm kiếm cứu nạn tàu vận tải Hải Thành 26\n"
    "nguoi_dien: Thủ tướng Chính phủ\n"
    "dien_den:\n"
    "  - Ủy ban Quốc gia Tìm kiếm cứu nạn\n"
    "  - \"- Bộ Quốc phòng;\"\n"
    "  - Thông tấn xã Việt Nam\n"
    "noi_dung:\n"
    "  - Thủ tướng Chính phủ yêu cầu các cơ quan khẩn trương tìm kiếm.\n"
    "noi_nhan: [VPCP]\n"
    "nguoi_ky: {chuc_vu: THỦ TƯỚNG, ho_ten: Nguyễn Văn A}\n";

static const char *COPY_BLOCK =
    "ban_sao:\n"
    "  hinh_thuc: trich-sao\n"
    "  co_quan_chu_quan: BỘ CÔNG AN\n"
    "  co_quan: CÔNG AN TỈNH LÂM ĐỒNG\n"
    "  so: 7\n"
    "  ky_hieu: CAT\n"
    "  dia_danh: Lâm Đồng\n"
    "  ngay: 2026-01-06\n"
    "  noi_nhan: [Phòng PC04]\n"
    "  nguoi_ky: {tham_quyen: TL, thay_mat: GIÁM ĐỐC, chuc_vu: CHÁNH VĂN PHÒNG, ho_ten: Trần B}\n";

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
    vb_document *doc;
    vb_layout *lay;
} run;

/* Loads, prepares and lays out yaml (the công điện, plus extra keys), failing the test on any
 * error. */
static run render(const char *extra)
{
    run r = {vb_arena_new(), vb_diagnostics_new(), NULL, NULL};
    assert_non_null(r.arena);
    char *yaml = malloc(strlen(CABLE) + strlen(extra) + 1);
    assert_non_null(yaml);
    strcat(strcpy(yaml, CABLE), extra);
    r.doc = vb_load_yaml(yaml, strlen(yaml), "forms.yaml", r.arena, r.diag);
    free(yaml);
    for (size_t i = 0; i < vb_diagnostics_count(r.diag); i++)
        print_message("  %s\n", vb_diagnostic_format(r.diag, i));
    assert_non_null(r.doc);
    assert_int_equal(vb_prepare(r.doc, fonts, r.arena, r.diag), 0);
    r.lay = vb_layout_document(r.doc, fonts, r.arena, r.diag);
    assert_non_null(r.lay);
    return r;
}

static void done(run *r)
{
    vb_arena_free(r->arena);
    vb_diagnostics_free(r->diag);
}

/* The first item holding text (words set at their natural spacing are one item). */
static const vb_text_item *find(const vb_layout *lay, const char *text, size_t *page)
{
    for (size_t p = 0; p < lay->npages; p++)
        for (size_t i = 0; i < lay->pages[p].ntexts; i++) {
            const vb_text_item *t = &lay->pages[p].texts[i];
            if (memmem(t->text, t->len, text, strlen(text))) {
                if (page)
                    *page = p;
                return t;
            }
        }
    fail_msg("\"%s\" is not on any page", text);
    return NULL;
}

static double width(const vb_text_item *t)
{
    return vb_text_width(fonts, t->style, t->size, t->text, t->len);
}

/* the text area with the default margins (le_trai 30 mm, le_phai 20 mm) */
static const double LEFT = 30 * 72 / 25.4, RIGHT = 595.2756 - 20 * 72 / 25.4;

/* ---- công điện ---- */

static void test_cable_lines_are_prepared(void **state)
{
    (void)state;
    run r = render("");
    const vb_document *d = r.doc;
    assert_string_equal(d->number_line, "Số: 438/CĐ-TTg");
    assert_string_equal(d->cable_sender_line, "THỦ TƯỚNG CHÍNH PHỦ điện:");
    assert_int_equal(d->ncable_lines, 3);
    assert_string_equal(d->cable_lines[0], "- Ủy ban Quốc gia Tìm kiếm cứu nạn;");
    /* the marks a clerk typed are not doubled */
    assert_string_equal(d->cable_lines[1], "- Bộ Quốc phòng;");
    assert_string_equal(d->cable_lines[2], "- Thông tấn xã Việt Nam.");
    /* the recipients of the cable are its "trên" */
    assert_string_equal(d->distribution_lines[0], "- Như trên;");
    done(&r);
}

static void test_cable_block_sits_under_the_title(void **state)
{
    (void)state;
    run r = render("");
    const vb_text_item *title = find(r.lay, "CÔNG ĐIỆN", NULL);
    const vb_text_item *sender = find(r.lay, "CHÍNH PHỦ điện:", NULL);
    const vb_text_item *first = find(r.lay, "Ủy ban Quốc gia", NULL);
    const vb_text_item *body = find(r.lay, "khẩn", NULL);
    /* below the type name and the trích yếu, above the recipients, which precede the body */
    assert_true(sender->y < title->y - 20);
    assert_true(first->y < sender->y);
    assert_true(body->y < first->y);
    /* the sender line is centred on the text area: its last word ends as far from the right
     * edge as its first word starts from the left one */
    double left_gap = sender->x - LEFT, right_gap = RIGHT - (sender->x + width(sender));
    assert_true(fabs(left_gap - right_gap) < 2);
    /* a recipient line opens with the body's indent */
    const vb_text_item *dash = NULL;
    for (size_t i = 0; i < r.lay->pages[0].ntexts; i++) {
        const vb_text_item *t = &r.lay->pages[0].texts[i];
        if (t->text[0] == '-' && fabs(t->y - first->y) < 0.1 && (!dash || t->x < dash->x))
            dash = t;
    }
    assert_non_null(dash);
    assert_true(fabs(dash->x - (LEFT + 12.7 * 72 / 25.4)) < 0.5);
    done(&r);
}

/* ---- ban_sao ---- */

static void test_copy_lines_are_prepared(void **state)
{
    (void)state;
    run r = render(COPY_BLOCK);
    const vb_copy *c = r.doc->copy;
    assert_non_null(c);
    assert_int_equal(c->form, VB_COPY_TRICH_SAO);
    /* where each part was written, for the messages of later stages (CABLE has 16 lines) */
    assert_int_equal(c->pos.line, 18);
    assert_int_equal(c->number_pos.line, 21);
    assert_int_equal(c->number_pos.col, 7);
    assert_int_equal(c->date_pos.line, 24);
    assert_int_equal(c->signer.pos.line, 26);
    assert_string_equal(c->form_line, "TRÍCH SAO");
    assert_string_equal(c->number_line, "Số: 07/TS-CAT");
    assert_string_equal(c->date_line, "Lâm Đồng, ngày 06 tháng 01 năm 2026");
    assert_int_equal(c->ndistribution_lines, 2);
    assert_string_equal(c->distribution_lines[0], "- Phòng PC04;");
    assert_string_equal(c->distribution_lines[1], "- Lưu: VT.");
    assert_int_equal(c->signer.ntitle_lines, 2);
    assert_string_equal(c->signer.title_lines[0], "TL. GIÁM ĐỐC");
    /* the copied document keeps its own lines */
    assert_string_equal(r.doc->number_line, "Số: 438/CĐ-TTg");
    assert_string_equal(r.doc->signer.title_lines[0], "THỦ TƯỚNG");
    done(&r);
}

/* The rule across the whole text area that opens the copy block, below the copied document's
 * signature; or -1 when there is none. */
static double copy_rule_y(const vb_page *pg)
{
    for (size_t i = 0; i < pg->nrules; i++) {
        const vb_rule_item *ru = &pg->rules[i];
        if (fabs(ru->x1 - LEFT) < 0.5 && fabs(ru->x2 - RIGHT) < 0.5 && ru->y1 == ru->y2)
            return ru->y1;
    }
    return -1;
}

static void test_copy_block_follows_the_document(void **state)
{
    (void)state;
    run r = render(COPY_BLOCK);
    size_t p_name, p_form, p_copier;
    const vb_text_item *name = find(r.lay, "Nguyễn", &p_name);
    const vb_text_item *form = find(r.lay, "TRÍCH SAO", &p_form);
    const vb_text_item *number = find(r.lay, "Số: 07/TS-CAT", NULL);
    const vb_text_item *date = find(r.lay, "Lâm Đồng, ngày 06 tháng 01 năm 2026", NULL);
    const vb_text_item *copier = find(r.lay, "CÔNG AN TỈNH", &p_copier);
    assert_int_equal(p_name, p_form);
    double rule = copy_rule_y(&r.lay->pages[p_form]);
    /* the rule runs between the copied document's signer and the copy's head */
    assert_true(rule > 0);
    assert_true(rule < name->y);
    assert_true(form->y < rule);
    /* SAO Y / TRÍCH SAO on the first line at the right, the copying body at the left */
    assert_int_equal(p_copier, p_form);
    assert_true(form->x > (LEFT + RIGHT) / 2);
    assert_true(copier->x + width(copier) < (LEFT + RIGHT) / 2);
    /* Số and the date on one baseline under them */
    assert_true(number->y < form->y);
    assert_true(fabs(number->y - date->y) < 0.01);
    assert_true(date->x > (LEFT + RIGHT) / 2 - 40);
    /* then the copy's own Nơi nhận and signer, below its Số */
    const vb_text_item *signer = find(r.lay, "Trần", NULL);
    assert_true(signer->y < number->y - 60);
    done(&r);
}

static void test_no_copy_no_rule(void **state)
{
    (void)state;
    run r = render("");
    assert_null(r.doc->copy);
    for (size_t p = 0; p < r.lay->npages; p++)
        assert_true(copy_rule_y(&r.lay->pages[p]) < 0);
    done(&r);
}

/* The real documents kept out of content/ until nd30check reads them (tests/forms/README.md,
 * tests/drafts/README.md): each renders with no warning and shows its form. */
static void test_staged_examples_render(void **state)
{
    (void)state;
    const char *files[] = {"tests/forms/cong-dien-ttg-438-hai-thanh-26-2017.yaml",
                           "tests/forms/sao-y-to-trinh-snv-176-ke-hoach-cchc-2026.yaml",
                           "tests/drafts/giay-moi-hoi-nghi-ma-tuy-2025.yaml",
                           "tests/drafts/thong-bao-giai-the-hoi-2024.yaml",
                           "tests/drafts/nghi-quyet-hdnd-nghe-an-198-2007.yaml",
                           "tests/forms/quyet-dinh-ubnd-lao-cai-3556-quy-che-2026.yaml"};
    const char *marks[] = {"CHÍNH PHỦ điện:", "SAO Y", "GIẤY MỜI", "THÔNG BÁO", "QUYẾT NGHỊ:",
                           "QUY CHẾ"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        vb_arena *a = vb_arena_new();
        vb_diagnostics *diag = vb_diagnostics_new();
        size_t len = 0;
        char *data = vb_read_file(files[i], &len, diag);
        assert_non_null(data);
        vb_document *doc = vb_load_yaml(data, len, files[i], a, diag);
        for (size_t k = 0; k < vb_diagnostics_count(diag); k++)
            print_message("  %s\n", vb_diagnostic_format(diag, k));
        assert_non_null(doc);
        assert_int_equal(vb_prepare(doc, fonts, a, diag), 0);
        vb_layout *lay = vb_layout_document(doc, fonts, a, diag);
        assert_non_null(lay);
        assert_int_equal(vb_diagnostics_count(diag), 0);
        assert_non_null(find(lay, marks[i], NULL));
        free(data);
        vb_arena_free(a);
        vb_diagnostics_free(diag);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cable_lines_are_prepared),
        cmocka_unit_test(test_cable_block_sits_under_the_title),
        cmocka_unit_test(test_copy_lines_are_prepared),
        cmocka_unit_test(test_copy_block_follows_the_document),
        cmocka_unit_test(test_no_copy_no_rule),
        cmocka_unit_test(test_staged_examples_render),
    };
    return cmocka_run_group_tests(tests, fonts_setup, fonts_teardown);
}
