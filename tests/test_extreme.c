/* Extreme but legal input is rendered validly; what cannot be drawn is refused with a clear
 * position. Inputs are generated here (a 1 MB paragraph is not kept in the repository), each
 * PDF is checked with qpdf, and every crashing input the fuzzer ever found
 * (tests/fuzz/regressions/) goes through the whole pipeline again. */
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>

#include "runutil.h"
#include "vanban.h"

static vb_engine *engine;

static int setup(void **state)
{
    (void)state;
    vb_diagnostics *d = vb_diagnostics_new();
    vb_engine_options opts = {VB_TEST_FONT_DIR};
    engine = vb_engine_new(&opts, d);
    vb_diagnostics_free(d);
    return engine ? 0 : -1;
}

static int teardown(void **state)
{
    vb_engine_free(engine);
    return ru_remove_leftover_temp_dirs(state);
}

/* ---- a growable string for generated YAML ---- */

typedef struct {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
    t->len += (size_t)n;
    va_end(ap);
}

static const char *HEAD =
    "loai: bao-cao\n"
    "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
    "so: 476\n"
    "ky_hieu: UBND\n"
    "dia_danh: Bình Trung\n"
    "ngay: 2023-07-14\n"
    "trich_yeu: Tình hình thực hiện nhiệm vụ 6 tháng đầu năm 2023\n";

static const char *TAIL =
    "noi_nhan: [UBND huyện]\n"
    "nguoi_ky: {tham_quyen: TM, thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Hà Minh Phú}\n";

static const char *WORDS[] = {"Tăng", "cường", "công", "tác", "tuyên", "truyền", "phổ", "biến",
                              "giáo", "dục", "pháp", "luật,", "trợ", "giúp", "pháp", "lý", "tới",
                              "các", "tầng", "lớp", "nhân", "dân;", "đảm", "bảo", "an", "sinh",
                              "xã", "hội", "ổn", "định."};

static void add_words(text *t, size_t bytes)
{
    size_t start = t->len, i = 0;
    while (t->len - start < bytes) {
        add(t, "%s%s", i ? " " : "", WORDS[i % (sizeof WORDS / sizeof *WORDS)]);
        i++;
    }
}

/* Renders in memory and to a file checked by qpdf; returns the page count. */
static size_t render_ok(const char *yaml, size_t len, size_t *warnings)
{
    vb_diagnostics *d = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    vb_status st = vb_render_memory(engine, yaml, len, "extreme.yaml", NULL, &pdf, &pdf_len, d);
    for (size_t i = 0; i < vb_diagnostics_count(d) && i < 5; i++)
        if (st != VB_OK)
            print_message("%s\n", vb_diagnostic_format(d, i));
    assert_int_equal(st, VB_OK);
    assert_true(pdf_len > 1000);
    assert_memory_equal(pdf, "%PDF-1.", 7);
    if (warnings)
        *warnings = vb_diagnostics_count(d);

    char *dir = ru_make_temp_dir();
    char *path = ru_join(dir, "extreme.pdf");
    assert_int_equal(ru_write_file(path, pdf, pdf_len), 0);
    ru_assert_qpdf_clean(path);

    size_t pages = 0;
    for (size_t i = 0; i + 12 < pdf_len; i++)
        if (memcmp(pdf + i, "/Type /Page", 11) == 0 && pdf[i + 11] != 's')
            pages++;
    free(path);
    ru_remove_temp_dir(dir);
    vb_free(pdf);
    vb_diagnostics_free(d);
    return pages;
}

/* Expects a content error whose first diagnostic is at line:col and contains want. */
static void refused_at(const char *yaml, int line, const char *want)
{
    vb_diagnostics *d = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    vb_status st = vb_render_memory(engine, yaml, strlen(yaml), "bad.yaml", NULL, &pdf, &pdf_len, d);
    assert_int_equal(st, VB_ERR_CONTENT);
    assert_null(pdf);
    const vb_diagnostic *g = vb_diagnostic_get(d, 0);
    assert_non_null(g);
    print_message("%s\n", vb_diagnostic_format(d, 0));
    assert_int_equal(g->line, line);
    assert_non_null(strstr(g->message, want));
    vb_diagnostics_free(d);
}

static void one_megabyte_paragraph(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - \"", HEAD);
    add_words(&t, 1024 * 1024);
    add(&t, "\"\n%s", TAIL);
    size_t pages = render_ok(t.s, t.len, NULL);
    print_message("1 MB paragraph: %zu pages\n", pages);
    assert_true(pages > 200);
    free(t.s);
}

static void words_longer_than_the_line(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - \"Địa chỉ: ", HEAD);
    for (int i = 0; i < 400; i++)
        add(&t, "%c", 'a' + i % 26);
    add(&t, " và tiếp theo là một đoạn bình thường.\"\n%s", TAIL);
    size_t warnings = 0;
    render_ok(t.s, t.len, &warnings);
    assert_true(warnings >= 1); /* the word was cut, and the clerk is told */
    free(t.s);
}

static void ten_thousand_list_items(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - muc: Danh sách\n    noi_dung:\n", HEAD);
    for (int i = 0; i < 10000; i++)
        add(&t, "      - gach: Hộ gia đình số %d đã được hỗ trợ gạo;\n", i + 1);
    add(&t, "%s", TAIL);
    size_t pages = render_ok(t.s, t.len, NULL);
    print_message("10,000 items: %zu pages\n", pages);
    assert_true(pages > 100);
    free(t.s);
}

static void a_thousand_footnotes(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n", HEAD);
    for (int i = 0; i < 1000; i++)
        add(&t, "  - Khoản thu thứ %d đã nộp đủ vào ngân sách[^n%d].\n", i + 1, i);
    add(&t, "chu_thich:\n");
    for (int i = 0; i < 1000; i++)
        add(&t, "  n%d: Theo chứng từ số %d ngày 14 tháng 7 năm 2023 của Kho bạc.\n", i, i + 1);
    add(&t, "%s", TAIL);
    size_t pages = render_ok(t.s, t.len, NULL);
    print_message("1,000 footnotes: %zu pages\n", pages);
    assert_true(pages > 30);
    free(t.s);
}

static void empty_sections(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - phan: Phần không có nội dung\n    noi_dung: []\n"
            "  - muc: Mục trống\n    noi_dung: []\n  - Đoạn cuối.\n%s", HEAD, TAIL);
    render_ok(t.s, t.len, NULL);
    free(t.s);
}

static void five_hundred_pages(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n", HEAD);
    for (int p = 0; p < 25; p++) {
        add(&t, "  - phan: Phần nội dung số %d\n    noi_dung:\n", p + 1);
        for (int m = 0; m < 4; m++) {
            add(&t, "      - muc: Lĩnh vực thứ %d\n        noi_dung:\n", m + 1);
            for (int k = 0; k < 5; k++) {
                add(&t, "          - khoan: \"");
                add_words(&t, 5000);
                add(&t, "\"\n");
            }
        }
    }
    add(&t, "%s", TAIL);
    size_t pages = render_ok(t.s, t.len, NULL);
    print_message("long report: %zu pages\n", pages);
    assert_true(pages >= 500);
    free(t.s);
}

static void a_character_the_font_lacks(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - Đoạn văn có chữ 中 lạ.\n%s", HEAD, TAIL);
    refused_at(t.s, 9, "U+4E2D");
    free(t.s);
}

static void a_code_point_above_the_bmp(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "%snoi_dung:\n  - Đoạn văn có biểu tượng 😀 lạ.\n%s", HEAD, TAIL);
    refused_at(t.s, 9, "U+1F600");
    free(t.s);
}

/* A trích yếu that would fill page 1 is refused at its line, not set off the page. */
static void a_trich_yeu_filling_page_one(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "loai: bao-cao\nco_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\nky_hieu: UBND\n"
            "dia_danh: Bình Trung\nngay: 2023-07-14\ntrich_yeu: \"");
    add_words(&t, 6000);
    add(&t, "\"\nnoi_dung:\n  - Đoạn một.\n%s", TAIL);
    refused_at(t.s, 6, "trích yếu cần ngắn gọn");
    free(t.s);
}

/* Every crashing input the fuzzer found: loaded, prepared, laid out and written again. */
static void fuzz_regressions(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/fuzz/regressions");
    TU_REQUIRE(dir, "tests/fuzz/regressions", "the checkout's fuzz regression folder");
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        char *path = ru_join("tests/fuzz/regressions", e->d_name);
        size_t len = 0;
        char *data = tu_read_file(path, &len);
        assert_non_null(data);
        vb_diagnostics *d = vb_diagnostics_new();
        unsigned char *pdf = NULL;
        size_t pdf_len = 0;
        vb_status st = vb_render_memory(engine, data, len, path, NULL, &pdf, &pdf_len, d);
        /* either a PDF or a content error with a message; never anything else */
        assert_true((st == VB_OK && pdf) || (st == VB_ERR_CONTENT && vb_diagnostics_errors(d) > 0));
        vb_free(pdf);
        vb_diagnostics_free(d);
        free(data);
        free(path);
        n++;
    }
    closedir(dir);
    print_message("%d fuzz regressions rendered or refused cleanly\n", n);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_megabyte_paragraph),
        cmocka_unit_test(words_longer_than_the_line),
        cmocka_unit_test(ten_thousand_list_items),
        cmocka_unit_test(a_thousand_footnotes),
        cmocka_unit_test(empty_sections),
        cmocka_unit_test(five_hundred_pages),
        cmocka_unit_test(a_character_the_font_lacks),
        cmocka_unit_test(a_code_point_above_the_bmp),
        cmocka_unit_test(a_trich_yeu_filling_page_one),
        cmocka_unit_test(fuzz_regressions),
    };
    return cmocka_run_group_tests_name("extreme input", tests, setup, teardown);
}
