/* The marks under the Số line end to end: a real submission (content/to-trinh-snv-176…) given
 * du_thao, do_mat and do_khan is rendered by the vanban command, keeps passing nd30check with
 * its source text, and prints the marks in order between the Số line and the type name. */
#include "readfile.h"
#include "runutil.h"

#define ND30CHECK "../shared/tools/nd30check"
#define BASE "content/to-trinh-snv-176-ke-hoach-cchc-2026"

/* The base document with these lines added at its end, rendered; the PDF's path (malloc'd). */
static char *render_with(ru_scratch *s, const char *lines)
{
    size_t len = 0;
    char *yaml = tu_read_file(BASE ".yaml", &len);
    assert_non_null(yaml);
    size_t n = len + strlen(lines) + 2;
    char *all = malloc(n);
    assert_non_null(all);
    snprintf(all, n, "%s\n%s", yaml, lines);
    *s = ru_scratch_with_input(all);
    free(all);
    free(yaml);
    const char *argv[] = {ru_vanban_bin(), "-q", "render", s->input, "-o", s->output, NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("vanban render", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    return s->output;
}

static void passes_nd30check(const char *pdf)
{
    TU_REQUIRE(access(ND30CHECK, X_OK) == 0, "the Decree 30 checker " ND30CHECK,
               "the shared tools folder beside the checkout");
    const char *check[] = {ND30CHECK, pdf, "--body-text",
                           "tests/expected/to-trinh-snv-176-ke-hoach-cchc-2026.txt", NULL};
    ru_result r = ru_run(check, NULL);
    if (r.status != 0 || !strstr(r.out, " 0 failed"))
        ru_show("nd30check", &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, " 0 failed"));
    ru_result_free(&r);
}

/* pdftotext's reading of page 1, in order. */
static char *page_one_text(const char *pdf)
{
    const char *argv[] = {"pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", pdf, "-", NULL};
    ru_result r = ru_run(argv, NULL);
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    ru_result_free(&r);
    return out;
}

static void all_three_marks(void **state)
{
    ru_scratch s;
    const char *pdf = render_with(&s, "du_thao: 2\ndo_mat: mat\ndo_khan: hoa-toc\n");
    passes_nd30check(pdf);
    char *text = page_one_text(pdf);
    const char *so = strstr(text, "Số: 176/TTr-SNV");
    const char *draft = strstr(text, "DỰ THẢO LẦN 2");
    const char *secret = strstr(text, "MẬT");
    const char *urgent = strstr(text, "HỎA TỐC");
    const char *type = strstr(text, "TỜ TRÌNH");
    assert_true(so && draft && secret && urgent && type);
    assert_true(so < draft && draft < secret && secret < urgent && urgent < type);
    free(text);
    ru_scratch_free(&s);
}

static void one_urgency_mark(void **state)
{
    ru_scratch s;
    const char *pdf = render_with(&s, "do_khan: THƯỢNG KHẨN\n");
    passes_nd30check(pdf);
    char *text = page_one_text(pdf);
    assert_non_null(strstr(text, "THƯỢNG KHẨN"));
    assert_null(strstr(text, "DỰ THẢO"));
    free(text);
    ru_scratch_free(&s);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_three_marks),
        cmocka_unit_test(one_urgency_mark),
    };
    return cmocka_run_group_tests_name("marks", tests, NULL, ru_remove_leftover_temp_dirs);
}
