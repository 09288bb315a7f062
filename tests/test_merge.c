/* The mail merge through build/vanban: render TEMPLATE --data ROWS.csv -o FOLDER. */
#include "runutil.h"

/* The sample report with fields in a quoted flow item, plain scalars (so, ngay: typed as if
 * written there), a block scalar and a key's value. */
static const char template_yaml[] =
    "loai: bao-cao\n"
    "co_quan: [ỦY BAN NHÂN DÂN, \"XÃ {{xa}}\"]\n"
    "so: {{so}}\n"
    "ky_hieu: UBND\n"
    "dia_danh: {{xa}}\n"
    "ngay: {{ngay}}\n"
    "trich_yeu: Kết quả của {{Họ và tên}} # {{chỉ trong chú thích}}\n"
    "noi_dung:\n"
    "  - muc: Kết quả đạt được\n"
    "    noi_dung:\n"
    "      - |\n"
    "        Ông/bà {{Họ và tên}} đã hoàn thành.\n"
    "        Dòng hai.\n"
    "noi_nhan: [UBND huyện]\n"
    "nguoi_ky:\n"
    "  chuc_vu: CHỦ TỊCH\n"
    "  ho_ten: {{Họ và tên}}\n";

/* Cells that would break YAML pasted into a plain scalar, as CSV writes them. */
static const char *const hostile[] = {
    "\"A: \"\"b\"\" # c\"",
    "\"- [x], {y}: &z !t ~\"",
    "\"Dòng một\r\nDòng hai: #\"",
    "\\ ' % @ ` | >",
};

typedef struct {
    char *dir, *tpl, *csv, *out;
} merge_files;

static merge_files files_with(const char *csv)
{
    merge_files f = {.dir = ru_make_temp_dir()};
    f.tpl = ru_join(f.dir, "mau.yaml");
    f.csv = ru_join(f.dir, "rows.csv");
    f.out = ru_join(f.dir, "ra");
    assert_int_equal(ru_write_file(f.tpl, template_yaml, strlen(template_yaml)), 0);
    assert_int_equal(ru_write_file(f.csv, csv, strlen(csv)), 0);
    return f;
}

static void files_free(merge_files *f)
{
    free(f->tpl);
    free(f->csv);
    free(f->out);
    ru_remove_temp_dir(f->dir);
}

static ru_result merge(const merge_files *f, const char *name_column)
{
    const char *argv[] = {ru_vanban_bin(), "-q", "-j", "2", "render", f->tpl, "--data", f->csv,
                          "-o", f->out, name_column ? "--ten-tep" : NULL, name_column, NULL};
    return ru_run(argv, NULL);
}

/* pdftotext of FOLDER/name.pdf, lines joined by spaces. */
static char *pdf_text(const merge_files *f, const char *name)
{
    char pdf[4096];
    snprintf(pdf, sizeof pdf, "%s/%s.pdf", f->out, name);
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    ru_result r = ru_run(argv, NULL);
    assert_int_equal(r.status, 0);
    for (char *p = r.out; *p; p++)
        if (*p == '\n')
            *p = ' ';
    free(r.err);
    return r.out;
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        print_message("missing \"%s\" in:\n%s\n", part, text);
    assert_non_null(strstr(text, part));
}

static void two_hundred_rows_give_two_hundred_named_pdfs(void **state)
{
    (void)state; /* cmocka's signature */
    size_t cap = 200 * 256;
    char *csv = malloc(cap);
    assert_non_null(csv);
    size_t len = (size_t)sprintf(csv, "\xEF\xBB\xBFma,xa,so,ngay,Họ và tên\r\n");
    for (int i = 1; i <= 200; i++) {
        char person[32];
        snprintf(person, sizeof person, "Người số %d", i);
        len += (size_t)snprintf(csv + len, cap - len, "hs/%03d,Xã %d,%d,2024-02-%02d,%s\r\n", i,
                                i, i, i % 28 + 1, i % 50 == 7 ? hostile[i / 50] : person);
    }
    merge_files f = files_with(csv);
    ru_result r = merge(&f, "ma");
    if (r.status != 0)
        ru_show("merge", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);

    char *list = ru_list_dir(f.out);
    assert_int_equal(strlen(list), 200 * strlen("hs_001.pdf") + 199);
    assert_non_null(strstr(list, "hs_001.pdf\nhs_002.pdf"));
    free(list);
    char *text = pdf_text(&f, "hs_001");
    assert_contains(text, "Kết quả của Người số 1 ");
    assert_contains(text, "Số: 01/BC-UBND");
    assert_contains(text, "Xã 1, ngày 02 tháng 02 năm 2024");
    free(text);
    text = pdf_text(&f, "hs_200");
    assert_contains(text, "Ông/bà Người số 200 đã hoàn thành.");
    assert_contains(text, "Số: 200/BC-UBND");
    free(text);
    static const char *const expected[] = {"A: \"b\" # c", "- [x], {y}: &z !t ~",
                                           "Dòng một Dòng hai: #", "\\ ' % @ ` | >"};
    for (int k = 0; k < 4; k++) {
        char name[16];
        snprintf(name, sizeof name, "hs_%03d", 50 * k + 7);
        text = pdf_text(&f, name);
        assert_contains(text, expected[k]);
        free(text);
    }
    char pdf[4096];
    snprintf(pdf, sizeof pdf, "%s/hs_057.pdf", f.out);
    ru_assert_qpdf_clean(pdf);
    free(csv);
    files_free(&f);
}

/* A malformed row, a row short of a cell and an empty cell the template uses: each named by
 * its line, the others rendered, exit 1. Rows are numbered 1, 2… whatever their fate. */
static void bad_rows_are_named_and_the_others_render(void **state)
{
    (void)state; /* cmocka's signature */
    merge_files f = files_with("xa,so,ngay,Họ và tên\n"
                               "A,1,2024-01-01,An\n"
                               "B,\"2\"x,2024-01-01,Bình\n"
                               "C,3,2024-01-01\n"
                               "D,4,2024-01-01,\n"
                               "\n"
                               "E,5,2024-01-01,Em\n"
                               ",,,\n");
    ru_result r = merge(&f, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "rows.csv:3:"));
    assert_non_null(strstr(r.err, "rows.csv:4: error: dòng có 3 ô"));
    assert_non_null(strstr(r.err, "rows.csv:5: error: ô cột \"Họ và tên\" (cột 4) trống"));
    char *list = ru_list_dir(f.out);
    assert_string_equal(list, "1.pdf\n5.pdf");
    free(list);
    char *text = pdf_text(&f, "5");
    assert_contains(text, "Kết quả của Em ");
    free(text);
    ru_result_free(&r);
    files_free(&f);
}

static void a_missing_column_writes_nothing(void **state)
{
    (void)state; /* cmocka's signature */
    merge_files f = files_with("xa,so,ngay\nA,1,2024-01-01\n");
    ru_result r = merge(&f, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "rows.csv:1: error: không có cột \"Họ và tên\""));
    assert_non_null(strstr(r.err, "mau.yaml:7:24"));
    assert_int_equal(access(f.out, F_OK), -1);
    ru_result_free(&r);
    files_free(&f);
}

static void two_rows_naming_one_file_write_nothing(void **state)
{
    (void)state; /* cmocka's signature */
    merge_files f = files_with("xa,so,ngay,Họ và tên\nA,1,2024-01-01,An\nB,2,2024-01-01,An\n");
    ru_result r = merge(&f, "Họ và tên");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "rows.csv:3: error: tên tệp"));
    assert_int_equal(access(f.out, F_OK), -1);
    ru_result_free(&r);
    files_free(&f);
}

static void data_needs_render_one_template_and_a_folder(void **state)
{
    (void)state; /* cmocka's signature */
    const char *argv[] = {ru_vanban_bin(), "check", "a.yaml", "--data", "b.csv", NULL};
    ru_result r = ru_run(argv, NULL);
    assert_int_equal(r.status, 2);
    ru_result_free(&r);
    const char *argv2[] = {ru_vanban_bin(), "render", "a.yaml", "--ten-tep", "x", "-o", "o", NULL};
    r = ru_run(argv2, NULL);
    assert_int_equal(r.status, 2);
    ru_result_free(&r);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_hundred_rows_give_two_hundred_named_pdfs),
        cmocka_unit_test(bad_rows_are_named_and_the_others_render),
        cmocka_unit_test(a_missing_column_writes_nothing),
        cmocka_unit_test(two_rows_naming_one_file_write_nothing),
        cmocka_unit_test(data_needs_render_one_template_and_a_folder),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
