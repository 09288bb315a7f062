/* vanban new: the list of document types, and a starter for each that renders, unedited, to a
 * PDF the Decree 30 checker passes and that the content schema accepts. */
#include "runutil.h"

#include "vanban.h"

#define ND30CHECK "../shared/tools/nd30check"
#define PYTHON "/usr/bin/python3"

static void expect_status(const ru_result *r, int status, const char *what)
{
    if (r->status != status)
        ru_show(what, r);
    assert_int_equal(r->status, status);
}

static void list_names_every_type(void **state)
{
    (void)state;
    const char *argv[] = {ru_vanban_bin(), "new", "--list", NULL};
    ru_result r = ru_run(argv, NULL);
    expect_status(&r, 0, "vanban new --list");
    size_t lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    vb_document_type t;
    size_t n = 0;
    for (; vb_document_type_get(n, &t) == 0; n++) {
        char line[128];
        snprintf(line, sizeof line, "%-16s %s\n", t.slug, t.name);
        assert_non_null(strstr(r.out, line));
    }
    assert_int_equal(lines, n);
    assert_non_null(strstr(r.out, "to-trinh         tờ trình\n"));
    ru_result_free(&r);
}

/* vanban new SLUG -o dir/SLUG.yaml, which must succeed; the path, malloc'd. */
static char *new_starter(const char *dir, const char *slug)
{
    char name[64];
    snprintf(name, sizeof name, "%s.yaml", slug);
    char *yaml = ru_join(dir, name);
    const char *argv[] = {ru_vanban_bin(), "new", slug, "-o", yaml, NULL};
    ru_result r = ru_run(argv, NULL);
    expect_status(&r, 0, "vanban new -o");
    ru_result_free(&r);
    return yaml;
}

/* nd30check on pdf: every rule passes. */
static void assert_nd30check_passes(const char *pdf, const char *type)
{
    const char *argv[] = {ND30CHECK, pdf, NULL};
    ru_result r = ru_run(argv, NULL);
    int passed = -1, failed = -1, skipped = -1;
    const char *summary = strstr(r.out, "nd30check: ");
    bool parsed = summary && sscanf(summary, "nd30check: %d passed, %d failed, %d skipped",
                                    &passed, &failed, &skipped) == 3;
    if (!parsed || failed != 0) {
        ru_show(type, &r);
        fail_msg("starter %s: nd30check fails", type);
    }
    print_message("%s: %d passed, %d failed, %d skipped\n", type, passed, failed, skipped);
    ru_result_free(&r);
}

/* Every type: a starter written with -o, the same bytes on stdout, rendered and checked. */
static void every_starter_renders_and_passes_nd30check(void **state)
{
    (void)state;
    TU_REQUIRE(access(ND30CHECK, X_OK) == 0, "the Decree 30 checker " ND30CHECK,
               "the shared tools folder beside the checkout");
    char *dir = ru_make_temp_dir();
    vb_document_type t;
    for (size_t i = 0; vb_document_type_get(i, &t) == 0; i++) {
        char *yaml = new_starter(dir, t.slug);
        char name[64];
        snprintf(name, sizeof name, "%s.pdf", t.slug);
        char *pdf = ru_join(dir, name);
        const char *to_stdout[] = {ru_vanban_bin(), "new", t.slug, NULL};
        ru_result r = ru_run(to_stdout, NULL);
        expect_status(&r, 0, "vanban new");
        size_t len = 0;
        char *written = tu_read_file(yaml, &len);
        assert_non_null(written);
        assert_int_equal(len, r.out_len);
        assert_memory_equal(written, r.out, len);
        assert_non_null(strstr(written, "\n# ")); /* commented for the clerk */
        free(written);
        ru_result_free(&r);
        ru_render_ok(yaml, pdf, NULL);
        assert_nd30check_passes(pdf, t.slug);
        free(yaml);
        free(pdf);
    }
    ru_remove_temp_dir(dir);
}

/* The starters use only keys and values the content schema allows. */
static void every_starter_is_valid_for_the_schema(void **state)
{
    (void)state;
    const char *probe[] = {PYTHON, "-c", "import jsonschema, yaml", NULL};
    ru_result r = ru_run(probe, NULL);
    TU_REQUIRE(r.status == 0, "python3-jsonschema and python3-yaml", "make test-deps");
    ru_result_free(&r);
    char *dir = ru_make_temp_dir();
    const char *schema_cmd[] = {ru_vanban_bin(), "schema", NULL};
    r = ru_run(schema_cmd, NULL);
    char *schema = ru_join(dir, "schema.json");
    assert_int_equal(ru_write_file(schema, r.out, r.out_len), 0);
    ru_result_free(&r);

    const char *argv[64] = {PYTHON, "tests/schema/validate.py", schema};
    size_t argc = 3;
    vb_document_type t;
    for (size_t i = 0; vb_document_type_get(i, &t) == 0 && argc < 63; i++)
        argv[argc++] = new_starter(dir, t.slug);
    r = ru_run(argv, NULL);
    expect_status(&r, 0, "validate.py starters");
    ru_result_free(&r);
    for (size_t i = 3; i < argc; i++)
        free((char *)argv[i]);
    free(schema);
    ru_remove_temp_dir(dir);
}

static void an_existing_file_is_kept_unless_forced(void **state)
{
    (void)state;
    char *dir = ru_make_temp_dir();
    char *file = ru_join(dir, "ke-hoach.yaml");
    assert_int_equal(ru_write_file(file, "giữ nguyên\n", strlen("giữ nguyên\n")), 0);
    const char *argv[] = {ru_vanban_bin(), "new", "ke-hoach", "-o", file, NULL};
    ru_result r = ru_run(argv, NULL);
    expect_status(&r, VB_ERR_IO, "vanban new over an existing file");
    assert_non_null(strstr(r.err, "--force"));
    ru_result_free(&r);
    size_t len = 0;
    char *kept = tu_read_file(file, &len);
    assert_string_equal(kept, "giữ nguyên\n");
    free(kept);

    const char *forced[] = {ru_vanban_bin(), "new", "--force", "ke-hoach", "-o", file, NULL};
    r = ru_run(forced, NULL);
    expect_status(&r, 0, "vanban new --force");
    ru_result_free(&r);
    char *written = tu_read_file(file, &len);
    assert_non_null(strstr(written, "loai: ke-hoach\n"));
    free(written);
    free(file);
    ru_remove_temp_dir(dir);
}

static void wrong_usage_is_refused(void **state)
{
    (void)state;
    static const char *const cases[][4] = {
        {"new", NULL},
        {"new", "bao-coa", NULL},
        {"new", "bao-cao", "to-trinh", NULL},
        {"new", "--list", "bao-cao", NULL},
        {"new", "--xyz", "bao-cao", NULL},
        {"new", "bao-cao", "-o", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *argv[6] = {ru_vanban_bin()};
        for (size_t j = 0; j < 4 && cases[i][j]; j++)
            argv[j + 1] = cases[i][j];
        ru_result r = ru_run(argv, NULL);
        expect_status(&r, VB_ERR_USAGE, "vanban new, wrong usage");
        assert_int_equal(r.out_len, 0);
        ru_result_free(&r);
    }
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_names_every_type),
        cmocka_unit_test(every_starter_renders_and_passes_nd30check),
        cmocka_unit_test(every_starter_is_valid_for_the_schema),
        cmocka_unit_test(an_existing_file_is_kept_unless_forced),
        cmocka_unit_test(wrong_usage_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
