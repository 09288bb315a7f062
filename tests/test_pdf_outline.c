/* The PDF's outline (bookmarks) from entries the layout might hand over badly: a level that
 * jumps, a negative level, a depth past the limit, a page that does not exist. A viewer
 * (PyMuPDF) must see a tree that nests one step at a time, and the entry without a page is
 * left out with a warning, the PDF still made. */
#include "runutil.h"

#include "fonts/fonts.h"
#include "pdf/pdf.h"

#define A4_WIDTH 595.2756
#define A4_HEIGHT 841.8898
#define DEEP 20

/* The level and title of every bookmark, one "LEVEL TITLE" a line (PyMuPDF counts from 1). */
static const char toc_script[] = "import fitz, sys\n"
                                 "for level, title, page in fitz.open(sys.argv[1]).get_toc():\n"
                                 "    print(level, title)\n";

static char *bookmarks_of(const vb_buf *pdf)
{
    char dir_template[] = "/tmp/vb-outline-XXXXXX";
    char *dir = mkdtemp(dir_template);
    assert_non_null(dir);
    char *path = ru_join(dir, "out.pdf"), *script = ru_join(dir, "toc.py");
    assert_int_equal(ru_write_file(path, pdf->data, pdf->len), 0);
    assert_int_equal(ru_write_file(script, toc_script, strlen(toc_script)), 0);
    const char *argv[] = {"/usr/bin/python3", script, path, NULL};
    char *toc = ru_output_of(argv);
    unlink(path);
    unlink(script);
    rmdir(dir);
    free(path);
    free(script);
    return toc;
}

static void outline_nests_one_step_at_a_time(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_fontset *fonts = vb_fontset_load(VB_TEST_FONT_DIR, diag);
    assert_non_null(fonts);
    vb_page pages[2] = {{0}, {0}};
    static char titles[DEEP][16];
    vb_outline_entry outline[5 + DEEP] = {
        {"A", 0, 0, 700},  /* top */
        {"B", 3, 0, 600},  /* a jump of three: nested under A, one step down */
        {"C", -2, 1, 700}, /* below the top: the top */
        {"X", 1, 5, 700},  /* no such page: left out */
        {"D", 0, 1, 500},
    };
    for (int i = 0; i < DEEP; i++) { /* one step deeper each, past the 16 levels kept */
        snprintf(titles[i], sizeof titles[i], "d%d", i + 1);
        outline[5 + i] = (vb_outline_entry){titles[i], i + 1, 1, 400};
    }
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = pages,
                        .npages = 2, .outline = outline, .noutline = 5 + DEEP};
    const vb_pdf_meta meta = {.title = "Mục lục", .creation_time = -1};
    vb_buf out = {0};
    assert_int_equal(vb_pdf_write(&layout, fonts, &meta, &out, diag), 0);
    assert_int_equal(vb_diagnostics_errors(diag), 0);
    assert_int_equal(vb_diagnostics_count(diag), 1);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0),
                           "mục lục PDF: mục \"X\" trỏ tới trang 6 không tồn tại: bỏ qua"));

    char expected[1024] = "1 A\n2 B\n1 C\n1 D\n";
    for (int i = 0; i < DEEP; i++) {
        int level = i + 2 < 16 ? i + 2 : 16; /* under D, at most 16 deep */
        size_t used = strlen(expected);
        snprintf(expected + used, sizeof expected - used, "%d d%d\n", level, i + 1);
    }
    char *toc = bookmarks_of(&out);
    assert_string_equal(toc, expected);
    free(toc);
    vb_buf_free(&out);
    vb_fontset_free(fonts);
    vb_diagnostics_free(diag);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outline_nests_one_step_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
