/* Several signers end to end: the real biên bản of shared/real-docs/10 (tests/signers/), two
 * signers side by side with no Nơi nhận of its own, rendered by build/vanban and read back. */
#include "runutil.h"

#define ND30CHECK "../shared/tools/nd30check"
#define FIXTURE "tests/signers/bien-ban-hoi-dong-tham-dinh-2025"

static char pdf[] = "/tmp/vanban-signers-XXXXXX.pdf";

static int render_fixture(void **state)
{
    (void)state;
    int fd = mkstemps(pdf, 4);
    if (fd < 0)
        return -1;
    close(fd);
    const char *argv[] = {ru_vanban_bin(), "-q", "render", FIXTURE ".yaml", "-o", pdf, NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("vanban render " FIXTURE ".yaml", &r);
    int status = r.status;
    ru_result_free(&r);
    return status == 0 ? 0 : -1;
}

static int remove_fixture(void **state)
{
    (void)state;
    unlink(pdf);
    return 0;
}

/* Every rule of the checker holds but those that read parts this biên bản has not, as printed:
 * no Số line, no Nơi nhận, and not one signature block level with a Nơi nhận but two side by
 * side. The text is the real one (word-sequence similarity ≥ 0.98). */
static void checker_passes_but_for_one_signature(void **state)
{
    (void)state;
    TU_REQUIRE(access(ND30CHECK, X_OK) == 0, "the Decree 30 checker " ND30CHECK,
               "the shared tools folder beside the checkout");
    const char *argv[] = {ND30CHECK, "--json", pdf, "--body-text", FIXTURE ".txt", NULL};
    ru_result r = ru_run(argv, NULL);
    size_t fails = 0;
    for (const char *p = r.out; (p = strstr(p, "\"status\": \"FAIL\"")); p++) {
        const char *id = strstr(p, "\"id\": \"");
        assert_non_null(id);
        static const char *const lacking[] = {"\"so_ky_hieu.", "\"noi_nhan.", "\"chu_ky."};
        bool expected = false;
        for (size_t k = 0; k < sizeof lacking / sizeof *lacking; k++)
            expected |= strncmp(id + 6, lacking[k], strlen(lacking[k])) == 0;
        if (!expected) {
            print_message("%.60s\n", id);
            fails++;
        }
    }
    assert_non_null(strstr(r.out, "\"id\": \"text_extraction.similarity\""));
    assert_int_equal(fails, 0);
    ru_result_free(&r);
}

/* THƯ KÝ left and TM. HỘI ĐỒNG THẨM ĐỊNH right on one line; the names level under them. */
static void two_signers_side_by_side(void **state)
{
    (void)state;
    const char *argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL};
    char *text = ru_output_of(argv);
    assert_non_null(text);
    const char *titles = strstr(text, "THƯ KÝ");
    assert_non_null(titles);
    const char *eol = strchr(titles, '\n');
    const char *tm = strstr(titles, "TM. HỘI ĐỒNG THẨM ĐỊNH");
    assert_non_null(tm);
    assert_true(tm < eol);
    const char *names = strstr(titles, "Thượng tá Hoàng Văn Thanh");
    assert_non_null(names);
    const char *bao = strstr(names, "Đại tá Đậu Xuân Bảo");
    assert_non_null(bao);
    assert_true(bao < strchr(names, '\n'));
    free(text);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checker_passes_but_for_one_signature),
        cmocka_unit_test(two_signers_side_by_side),
    };
    return cmocka_run_group_tests_name("signers", tests, render_fixture, remove_fixture);
}
