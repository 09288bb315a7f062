/* The vanban command as a clerk uses it: build/vanban (or $VANBAN_BIN) run as a program.
 * Exit codes are the API's vb_status values: 0 ok, 1 content, 2 usage, 3 I/O. */
#include <glob.h>

#include "runutil.h"

#define BAD_GLOB "tests/bad/*.yaml"

static const char sample_yaml[] = RU_SAMPLE_YAML;
static const char mistyped_yaml[] = RU_MISTYPED_YAML;

/* Runs vanban with the NULL-terminated args after the program name. */
static ru_result vanban(const char *const *env_changes, const char *const *args)
{
    const char *argv[16] = {ru_vanban_bin()};
    size_t n = 1;
    while (args[n - 1] && n < 15) {
        argv[n] = args[n - 1];
        n++;
    }
    return ru_run(argv, env_changes);
}

#define VANBAN(...) vanban(NULL, (const char *const[]){__VA_ARGS__, NULL})
#define VANBAN_ENV(env, ...) vanban(env, (const char *const[]){__VA_ARGS__, NULL})

static void expect_status(const ru_result *r, int status, const char *what)
{
    if (r->status != status)
        ru_show(what, r);
    assert_int_equal(r->status, status);
}

/* ------------------------------------------------------------------ usage ---- */

static void version_prints_the_version(void **state)
{
    ru_result r = VANBAN("--version");
    expect_status(&r, 0, "--version");
    assert_string_equal(r.out, "vanban 0.1.0\n");
    assert_string_equal(r.err, "");
    ru_result_free(&r);
}

static void help_lists_commands_options_and_exit_codes(void **state)
{
    ru_result r = VANBAN("--help");
    expect_status(&r, 0, "--help");
    static const char *const needles[] = {
        "render", "check", "-o, --output", "--font-dir", "-q", "--version",
        "Mã thoát", "Exit codes", "SOURCE_DATE_EPOCH",
    };
    for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
        if (!strstr(r.out, needles[i]))
            print_message("--help does not mention %s\n", needles[i]);
        assert_non_null(strstr(r.out, needles[i]));
    }
    assert_string_equal(r.err, "");
    ru_result_free(&r);
}

static void no_arguments_is_a_usage_error(void **state)
{
    const char *argv[] = {ru_vanban_bin(), NULL};
    ru_result r = ru_run(argv, NULL);
    expect_status(&r, 2, "no arguments");
    assert_non_null(strstr(r.err, "--help"));
    assert_string_equal(r.out, "");
    ru_result_free(&r);
}

static void unknown_option_is_a_usage_error_with_a_hint(void **state)
{
    ru_result r = VANBAN("check", "--bogus", "in.yaml");
    expect_status(&r, 2, "unknown option");
    assert_non_null(strstr(r.err, "--bogus"));
    assert_non_null(strstr(r.err, "--help"));
    ru_result_free(&r);
}

static void unknown_command_is_a_usage_error(void **state)
{
    ru_result r = VANBAN("rendr", "in.yaml");
    expect_status(&r, 2, "unknown command");
    assert_non_null(strstr(r.err, "rendr"));
    assert_non_null(strstr(r.err, "render"));
    ru_result_free(&r);
}

static void render_needs_an_output(void **state)
{
    ru_result r = VANBAN("render", "in.yaml");
    expect_status(&r, 2, "render without -o");
    ru_result_free(&r);
    r = VANBAN("render", "in.yaml", "-o");
    expect_status(&r, 2, "-o without a value");
    ru_result_free(&r);
}

static void check_takes_one_input_and_no_output(void **state)
{
    ru_result r = VANBAN("check", "a.yaml", "b.yaml");
    expect_status(&r, 2, "two inputs");
    ru_result_free(&r);
    r = VANBAN("check", "a.yaml", "-o", "a.pdf");
    expect_status(&r, 2, "check with -o");
    ru_result_free(&r);
}

/* --------------------------------------------------------------- checking ---- */

static void check_accepts_a_valid_file(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    ru_result r = VANBAN("check", s.input);
    expect_status(&r, 0, "check valid");
    assert_string_equal(r.err, "");
    ru_result_free(&r);
    r = VANBAN("-q", "check", s.input);
    expect_status(&r, 0, "check -q");
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    ru_result_free(&r);
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "in.yaml");
    free(listing);
    ru_scratch_free(&s);
}

static void check_names_a_mistyped_key_and_suggests_the_right_one(void **state)
{
    ru_scratch s = ru_scratch_with_input(mistyped_yaml);
    ru_result r = VANBAN("check", s.input);
    expect_status(&r, 1, "check mistyped");
    char where[4200];
    snprintf(where, sizeof where, "%s:%d:1: error: ", s.input, ru_mistyped_line());
    if (!strstr(r.err, where) || !strstr(r.err, RU_SUGGESTED_KEY))
        ru_show("check mistyped", &r);
    assert_non_null(strstr(r.err, where));
    assert_non_null(strstr(r.err, RU_SUGGESTED_KEY));
    ru_result_free(&r);
    ru_scratch_free(&s);
}

/* A missing input is a file that cannot be read: 3, as vb_check_file returns VB_ERR_IO. */
static void missing_input_exits_3(void **state)
{
    ru_result r = VANBAN("check", "no-such-input.yaml");
    expect_status(&r, 3, "missing input");
    assert_non_null(strstr(r.err, "no-such-input.yaml"));
    ru_result_free(&r);
}

static void missing_font_folder_exits_3(void **state)
{
    ru_result r = VANBAN("check", "--font-dir", "no-such-font-folder", "in.yaml");
    expect_status(&r, 3, "missing font folder");
    assert_non_null(strstr(r.err, "no-such-font-folder"));
    ru_result_free(&r);
}

/* The first line of a tests/bad file: "# expect: LINE:COL substring" ("0:0" for an error
 * about the whole file, formatted without a position), or "# expect: ?" while its author has
 * not pinned the error yet (then *pending). */
static bool parse_expectation(const char *text, int *line, int *col, char *substring,
                              size_t size, bool *pending)
{
    *line = *col = 0;
    *substring = 0;
    *pending = strncmp(text, "# expect: ?", 11) == 0 && strchr("\r\n", text[11]);
    if (*pending)
        return true;
    int consumed = 0;
    if (sscanf(text, "# expect: %d:%d %n", line, col, &consumed) != 2 || consumed == 0)
        return false;
    size_t n = strcspn(text + consumed, "\r\n");
    if (*line < 0 || *col < 0 || (*line == 0) != (*col == 0) || n == 0 || n >= size)
        return false;
    memcpy(substring, text + consumed, n);
    substring[n] = 0;
    return true;
}

/* Checks one bad file; returns a description of the failure or NULL. A pending file is only
 * checked for its exit status and a first line "FILE:…: error: …". */
static char *check_bad_file(const char *path, bool *pending)
{
    char *text = tu_read_file(path, NULL);
    int line = 0, col = 0;
    char substring[512], *failure = NULL;
    if (!text || !parse_expectation(text, &line, &col, substring, sizeof substring, pending)) {
        free(text);
        return strdup("first line is not \"# expect: LINE:COL message\"");
    }
    free(text);

    ru_result r = VANBAN("check", path);
    char where[1100];
    if (*pending)
        snprintf(where, sizeof where, "%s:", path);
    else if (line == 0)
        snprintf(where, sizeof where, "%s: error:", path);
    else
        snprintf(where, sizeof where, "%s:%d:%d: error:", path, line, col);
    char *first = strndup(r.err, strcspn(r.err, "\n"));
    bool placed = strncmp(first, where, strlen(where)) == 0 && strstr(first, " error: ");
    if (r.status != 1 || !placed || !strstr(first, substring)) {
        size_t n = strlen(where) + strlen(substring) + r.err_len + 128;
        failure = malloc(n);
        snprintf(failure, n,
                 "want exit 1 and a first line with \"%s\" and \"%s\"; got exit %d:\n%s", where,
                 substring, r.status, r.err);
    }
    free(first);
    ru_result_free(&r);
    return failure;
}

static void every_bad_file_fails_at_its_position(void **state)
{
    glob_t files;
    if (glob(BAD_GLOB, 0, NULL, &files) != 0 || files.gl_pathc == 0) {
        print_message("no " BAD_GLOB " yet: nothing to check\n");
        globfree(&files);
        skip();
    }
    size_t failures = 0, pending = 0;
    for (size_t i = 0; i < files.gl_pathc; i++) {
        bool unpinned = false;
        char *failure = check_bad_file(files.gl_pathv[i], &unpinned);
        if (failure) {
            print_message("FAIL %s: %s\n", files.gl_pathv[i], failure);
            failures++;
        }
        pending += unpinned;
        free(failure);
    }
    print_message("%zu of %zu bad files rejected as expected", files.gl_pathc - failures,
                  files.gl_pathc);
    if (pending)
        print_message(" (%zu still \"# expect: ?\": position not checked)", pending);
    print_message("\n");
    globfree(&files);
    assert_int_equal(failures, 0);
}

/* -------------------------------------------------------------- rendering ---- */

static void render_writes_the_pdf_and_says_so(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    ru_result r = VANBAN("render", s.input, "-o", s.output);
    expect_status(&r, 0, "render");
    char said[4200];
    snprintf(said, sizeof said, "vanban: đã ghi %s\n", s.output);
    assert_string_equal(r.out, said);
    assert_string_equal(r.err, "");
    ru_result_free(&r);
    char *pdf = tu_read_file(s.output, NULL);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
    free(pdf);
    ru_scratch_free(&s);
}

/* Options before the command, after it, in --name=value form; -q silences success. */
static void options_go_anywhere_and_quiet_is_quiet(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *output_option = malloc(strlen(s.output) + 16);
    sprintf(output_option, "--output=%s", s.output);
    ru_result r = VANBAN("--font-dir", "fonts", "-q", "render", s.input, output_option);
    expect_status(&r, 0, "options before the command");
    assert_string_equal(r.out, "");
    ru_result_free(&r);
    r = VANBAN("render", s.input, "--font-dir=fonts", "--quiet", "-o", s.output);
    expect_status(&r, 0, "options after the command");
    assert_string_equal(r.out, "");
    ru_result_free(&r);
    free(output_option);
    ru_scratch_free(&s);
}

static void output_equal_to_input_is_a_usage_error(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    ru_result r = VANBAN("render", s.input, "-o", s.input);
    expect_status(&r, 2, "output == input");
    ru_result_free(&r);
    char *yaml = tu_read_file(s.input, NULL);
    assert_string_equal(yaml, sample_yaml);
    free(yaml);
    ru_scratch_free(&s);
}

static bool file_contains(const char *path, const char *needle)
{
    size_t len = 0;
    char *data = tu_read_file(path, &len);
    assert_non_null(data);
    bool found = memmem(data, len, needle, strlen(needle)) != NULL;
    free(data);
    return found;
}

static void source_date_epoch_dates_the_pdf(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    const char *const dated[] = {"SOURCE_DATE_EPOCH=1700000000", NULL};
    const char *const undated[] = {"SOURCE_DATE_EPOCH", NULL};
    const char *const malformed[] = {"SOURCE_DATE_EPOCH=yesterday", NULL};

    ru_result r = VANBAN_ENV(dated, "render", s.input, "-o", s.output);
    expect_status(&r, 0, "SOURCE_DATE_EPOCH set");
    assert_true(file_contains(s.output, "/CreationDate"));
    ru_result_free(&r);

    r = VANBAN_ENV(undated, "render", s.input, "-o", s.output);
    expect_status(&r, 0, "SOURCE_DATE_EPOCH unset");
    assert_false(file_contains(s.output, "/CreationDate"));
    ru_result_free(&r);

    r = VANBAN_ENV(malformed, "render", s.input, "-o", s.output);
    expect_status(&r, 2, "SOURCE_DATE_EPOCH malformed");
    assert_non_null(strstr(r.err, "SOURCE_DATE_EPOCH"));
    ru_result_free(&r);
    ru_scratch_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_prints_the_version),
        cmocka_unit_test(help_lists_commands_options_and_exit_codes),
        cmocka_unit_test(no_arguments_is_a_usage_error),
        cmocka_unit_test(unknown_option_is_a_usage_error_with_a_hint),
        cmocka_unit_test(unknown_command_is_a_usage_error),
        cmocka_unit_test(render_needs_an_output),
        cmocka_unit_test(check_takes_one_input_and_no_output),
        cmocka_unit_test(check_accepts_a_valid_file),
        cmocka_unit_test(check_names_a_mistyped_key_and_suggests_the_right_one),
        cmocka_unit_test(missing_input_exits_3),
        cmocka_unit_test(missing_font_folder_exits_3),
        cmocka_unit_test(every_bad_file_fails_at_its_position),
        cmocka_unit_test(render_writes_the_pdf_and_says_so),
        cmocka_unit_test(options_go_anywhere_and_quiet_is_quiet),
        cmocka_unit_test(output_equal_to_input_is_a_usage_error),
        cmocka_unit_test(source_date_epoch_dates_the_pdf),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, ru_remove_leftover_temp_dirs);
}
