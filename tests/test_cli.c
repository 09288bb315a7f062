/* The vanban command as a clerk uses it: build/vanban (or $VANBAN_BIN) run as a program.
 * Exit codes are the API's vb_status values: 0 ok, 1 content, 2 usage, 3 I/O. */
#include <glob.h>
#include <sys/ioctl.h>

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
    (void)state;
    ru_result r = VANBAN("--version");
    expect_status(&r, 0, "--version");
    assert_string_equal(r.out, "vanban 0.1.0\n");
    assert_string_equal(r.err, "");
    ru_result_free(&r);
}

static void help_lists_commands_options_and_exit_codes(void **state)
{
    (void)state;
    ru_result r = VANBAN("--help");
    expect_status(&r, 0, "--help");
    static const char *const needles[] = {
        "render", "check", "watch", "-o, --output", "-j, --jobs", "--font-dir", "-q", "--version",
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
    (void)state;
    const char *argv[] = {ru_vanban_bin(), NULL};
    ru_result r = ru_run(argv, NULL);
    expect_status(&r, 2, "no arguments");
    assert_non_null(strstr(r.err, "--help"));
    assert_string_equal(r.out, "");
    ru_result_free(&r);
}

static void unknown_option_is_a_usage_error_with_a_hint(void **state)
{
    (void)state;
    ru_result r = VANBAN("check", "--bogus", "in.yaml");
    expect_status(&r, 2, "unknown option");
    assert_non_null(strstr(r.err, "--bogus"));
    assert_non_null(strstr(r.err, "--help"));
    ru_result_free(&r);
}

static void unknown_command_is_a_usage_error(void **state)
{
    (void)state;
    ru_result r = VANBAN("rendr", "in.yaml");
    expect_status(&r, 2, "unknown command");
    assert_non_null(strstr(r.err, "rendr"));
    assert_non_null(strstr(r.err, "render"));
    ru_result_free(&r);
}

/* Each argument mistake is exit 2 with its own message (the English half quoted), and writes
 * nothing. */
static void argument_mistakes_are_named(void **state)
{
    (void)state;
    const struct {
        const char *const *argv;
        const char *said;
    } runs[] = {
        {(const char *const[]){"render", "in.yaml", "-o", "a.pdf", "-o", "b.pdf", NULL},
         "output given twice"},
        {(const char *const[]){"check", NULL}, "missing the input file"},
        {(const char *const[]){"check", "--", NULL}, "missing the input file"},
        {(const char *const[]){"watch", "a.yaml", "b.yaml", "-o", "x.pdf", NULL},
         "watch takes one input"},
        {(const char *const[]){"watch", "a.yaml", "-o", "x.pdf", "-j", "2", NULL},
         "watch takes no -j"},
        /* -oFILE is -o FILE: check then refuses the output, not an unknown option */
        {(const char *const[]){"check", "in.yaml", "-ox.pdf", NULL}, "check writes nothing"},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        ru_result r = vanban(NULL, runs[i].argv);
        if (r.status != 2 || !strstr(r.err, runs[i].said))
            ru_show(runs[i].said, &r);
        assert_int_equal(r.status, 2);
        assert_non_null(strstr(r.err, runs[i].said));
        ru_result_free(&r);
    }
    /* past what a long long holds: malformed, not wrapped round to some date */
    const char *const huge[] = {"SOURCE_DATE_EPOCH=99999999999999999999", NULL};
    ru_result r = VANBAN_ENV(huge, "render", "in.yaml", "-o", "never-written.pdf");
    expect_status(&r, 2, "SOURCE_DATE_EPOCH too large");
    assert_non_null(strstr(r.err, "SOURCE_DATE_EPOCH"));
    ru_result_free(&r);
}

static void render_needs_an_output(void **state)
{
    (void)state;
    ru_result r = VANBAN("render", "in.yaml");
    expect_status(&r, 2, "render without -o");
    ru_result_free(&r);
    r = VANBAN("render", "in.yaml", "-o");
    expect_status(&r, 2, "-o without a value");
    ru_result_free(&r);
}

/* An empty -o is the clerk's slip, told as such, not as a misuse of the library. */
static void an_empty_output_is_a_usage_error(void **state)
{
    (void)state;
    const char *const *const runs[] = {
        (const char *const[]){"render", "in.yaml", "-o", "", NULL},
        (const char *const[]){"render", "in.yaml", "--output=", NULL},
        (const char *const[]){"watch", "in.yaml", "-o", "", NULL},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        ru_result r = vanban(NULL, runs[i]);
        expect_status(&r, 2, "empty -o");
        if (strstr(r.err, "API") || !strstr(r.err, "-o"))
            ru_show("empty -o", &r);
        assert_null(strstr(r.err, "API"));
        assert_non_null(strstr(r.err, "-o"));
        ru_result_free(&r);
    }
}

static void check_takes_no_output(void **state)
{
    (void)state;
    ru_result r = VANBAN("check", "a.yaml", "-o", "a.pdf");
    expect_status(&r, 2, "check with -o");
    ru_result_free(&r);
    r = VANBAN("check", "a.yaml", "b.yaml", "-o", "out");
    expect_status(&r, 2, "check of two with -o");
    ru_result_free(&r);
}

static void jobs_must_be_a_whole_number_from_one(void **state)
{
    (void)state;
    static const char *const bad[] = {"0", "-1", "two", "2x", "", "99999999999", "2147483648"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ru_result r = VANBAN("check", "a.yaml", "b.yaml", "-j", bad[i]);
        expect_status(&r, 2, bad[i]);
        assert_non_null(strstr(r.err, "-j"));
        ru_result_free(&r);
    }
}

/* --------------------------------------------------------------- checking ---- */

static void check_accepts_a_valid_file(void **state)
{
    (void)state;
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
    (void)state;
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
    (void)state;
    ru_result r = VANBAN("check", "no-such-input.yaml");
    expect_status(&r, 3, "missing input");
    assert_non_null(strstr(r.err, "no-such-input.yaml"));
    ru_result_free(&r);
}

static void missing_font_folder_exits_3(void **state)
{
    (void)state;
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
    (void)state;
    glob_t files;
    if (glob(BAD_GLOB, 0, NULL, &files) != 0 || files.gl_pathc == 0) {
        globfree(&files);
        fail_msg("no " BAD_GLOB ": the bad inputs are part of the repository");
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
    (void)state;
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
    (void)state;
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
    (void)state;
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
    (void)state;
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

/* -------------------------------------------------------- several inputs ---- */

/* A folder of inputs: each name gets sample_yaml, or mistyped_yaml when it starts with "bad". */
static char *inputs_folder(const char *const *names)
{
    char *dir = ru_make_temp_dir();
    for (size_t i = 0; names[i]; i++) {
        char *path = ru_join(dir, names[i]);
        const char *yaml = strncmp(names[i], "bad", 3) == 0 ? mistyped_yaml : sample_yaml;
        assert_int_equal(ru_write_file(path, yaml, strlen(yaml)), 0);
        free(path);
    }
    return dir;
}

static void expect_listing(const char *dir, const char *expected)
{
    char *listing = ru_list_dir(dir);
    assert_string_equal(listing, expected);
    free(listing);
}

static void expect_pdf(const char *dir, const char *name)
{
    char *path = ru_join(dir, name);
    char *pdf = tu_read_file(path, NULL);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
    ru_assert_qpdf_clean(path);
    free(pdf);
    free(path);
}

/* -o names a folder, made when missing; each x.yaml (or x.yml) becomes FOLDER/x.pdf; one line
 * per document and a summary; no progress drawing, stdout being a file. */
static void many_inputs_render_into_a_folder(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "b.yaml", "c.yml", NULL});
    char *a = ru_join(dir, "a.yaml"), *b = ru_join(dir, "b.yaml"), *c = ru_join(dir, "c.yml");
    char *pdfs = ru_join(dir, "pdf");
    ru_result r = VANBAN("render", a, b, c, "-o", pdfs, "-j", "2");
    expect_status(&r, 0, "render three");
    expect_listing(pdfs, "a.pdf\nb.pdf\nc.pdf");
    expect_pdf(pdfs, "a.pdf");
    expect_pdf(pdfs, "b.pdf");
    expect_pdf(pdfs, "c.pdf");
    static const char *const names[] = {"a.pdf", "b.pdf", "c.pdf"};
    for (size_t i = 0; i < 3; i++) {
        char said[4200];
        snprintf(said, sizeof said, "vanban: đã ghi %s/%s\n", pdfs, names[i]);
        assert_non_null(strstr(r.out, said));
    }
    assert_non_null(strstr(r.out, "3/3"));
    assert_string_equal(r.err, "");
    ru_result_free(&r);

    r = VANBAN("render", a, b, c, "-o", pdfs, "-q");
    expect_status(&r, 0, "render three quietly");
    assert_string_equal(r.out, "");
    ru_result_free(&r);
    free(a), free(b), free(c), free(pdfs);
    ru_remove_temp_dir(dir);
}

/* A content error is that document's alone: the others are written, its PDF is not, its
 * messages name FILE:LINE:COL, and the run exits 1. */
static void a_bad_input_fails_the_run_but_not_the_others(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "bad.yaml", "c.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *bad = ru_join(dir, "bad.yaml"), *c = ru_join(dir, "c.yaml");
    char *pdfs = ru_join(dir, "pdf");
    ru_result r = VANBAN("render", a, bad, c, "-o", pdfs, "-j", "2");
    expect_status(&r, 1, "render with one bad");
    expect_listing(pdfs, "a.pdf\nc.pdf");
    char where[4200];
    snprintf(where, sizeof where, "%s:%d:1: error: ", bad, ru_mistyped_line());
    assert_non_null(strstr(r.err, where));
    assert_non_null(strstr(r.out, "2/3"));
    ru_result_free(&r);
    free(a), free(bad), free(c), free(pdfs);
    ru_remove_temp_dir(dir);
}

/* A content error (1) and a missing input (3): the run exits 3, in either order (one job, so
 * that the order is the one given). */
static void the_worst_status_wins(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "bad.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *bad = ru_join(dir, "bad.yaml");
    char *missing = ru_join(dir, "missing.yaml"), *pdfs = ru_join(dir, "pdf");
    ru_result r = VANBAN("render", bad, missing, a, "-o", pdfs, "-j", "1");
    expect_status(&r, 3, "bad, missing, good");
    assert_non_null(strstr(r.err, "missing.yaml"));
    expect_listing(pdfs, "a.pdf");
    ru_result_free(&r);
    r = VANBAN("render", missing, a, bad, "-o", pdfs, "-j", "1");
    expect_status(&r, 3, "missing, good, bad");
    ru_result_free(&r);
    free(a), free(bad), free(missing), free(pdfs);
    ru_remove_temp_dir(dir);
}

/* Two inputs that would write one PDF: refused before anything is made, even the folder. */
static void two_inputs_with_one_name_are_a_usage_error(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"x.yaml", "y.yaml", NULL});
    char *sub = ru_join(dir, "sub");
    assert_int_equal(mkdir(sub, 0777), 0);
    char *x = ru_join(dir, "x.yaml"), *y = ru_join(dir, "y.yaml");
    char *sub_x = ru_join(sub, "x.yaml"), *pdfs = ru_join(dir, "pdf");
    assert_int_equal(ru_write_file(sub_x, sample_yaml, strlen(sample_yaml)), 0);
    ru_result r = VANBAN("render", x, y, sub_x, "-o", pdfs);
    expect_status(&r, 2, "same name twice");
    assert_non_null(strstr(r.err, x));
    assert_non_null(strstr(r.err, sub_x));
    assert_int_equal(access(pdfs, F_OK), -1);
    ru_result_free(&r);
    free(x), free(y), free(sub_x), free(sub), free(pdfs);
    ru_remove_temp_dir(dir);
}

/* Bytes of a file, which must exist. */
static char *must_read(const char *path, size_t *len)
{
    char *data = tu_read_file(path, len);
    assert_non_null(data);
    return data;
}

/* An output that is one of the inputs (the PDF of a previous run, matched by a glob): a usage
 * error naming both, before anything is written, whatever the order of the inputs. */
static void an_output_that_is_an_input_is_a_usage_error(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"x.yaml", NULL});
    char *x = ru_join(dir, "x.yaml"), *x_pdf = ru_join(dir, "x.pdf");
    ru_result r = VANBAN("render", x, "-o", dir);
    expect_status(&r, 0, "first run");
    ru_result_free(&r);
    size_t old_len = 0, now_len = 0;
    char *old = must_read(x_pdf, &old_len);

    const char *const orders[2][2] = {{x, x_pdf}, {x_pdf, x}};
    for (size_t i = 0; i < 2; i++) {
        r = VANBAN("render", orders[i][0], orders[i][1], "-o", dir);
        expect_status(&r, 2, "second run over its own output");
        if (!strstr(r.err, x) || !strstr(r.err, x_pdf))
            ru_show("second run", &r);
        assert_non_null(strstr(r.err, x));
        assert_non_null(strstr(r.err, x_pdf));
        ru_result_free(&r);
        char *now = must_read(x_pdf, &now_len);
        assert_int_equal(now_len, old_len);
        assert_memory_equal(now, old, old_len);
        free(now);
        expect_listing(dir, "x.pdf\nx.yaml");
    }
    free(old), free(x), free(x_pdf);
    ru_remove_temp_dir(dir);
}

/* Two outputs with two names that are one file (a hard link): refused as two inputs writing
 * one PDF. */
static void outputs_linked_to_one_file_are_a_usage_error(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "b.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *b = ru_join(dir, "b.yaml"), *pdfs = ru_join(dir, "pdf");
    assert_int_equal(mkdir(pdfs, 0777), 0);
    char *a_pdf = ru_join(pdfs, "a.pdf"), *b_pdf = ru_join(pdfs, "b.pdf");
    assert_int_equal(ru_write_file(a_pdf, "old", 3), 0);
    assert_int_equal(link(a_pdf, b_pdf), 0);
    ru_result r = VANBAN("render", a, b, "-o", pdfs);
    expect_status(&r, 2, "outputs linked together");
    assert_non_null(strstr(r.err, a_pdf));
    assert_non_null(strstr(r.err, b_pdf));
    ru_result_free(&r);
    char *old = must_read(a_pdf, NULL);
    assert_string_equal(old, "old");
    free(old), free(a), free(b), free(pdfs), free(a_pdf), free(b_pdf);
    ru_remove_temp_dir(dir);
}

/* A PDF given as the input is told as such, not read as YAML (whose first error would be about
 * an old Vietnamese encoding). */
static void a_pdf_as_input_is_a_usage_error(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    ru_result r = VANBAN("render", s.input, "-o", s.output);
    expect_status(&r, 0, "render");
    ru_result_free(&r);
    char *other = ru_join(s.dir, "other.pdf"), *copy = ru_join(s.dir, "copy.yaml");
    size_t len = 0;
    char *pdf = must_read(s.output, &len);
    assert_int_equal(ru_write_file(copy, pdf, len), 0);
    const char *const *runs[] = {
        (const char *const[]){"render", s.output, "-o", other, NULL},
        (const char *const[]){"check", s.output, NULL},
        (const char *const[]){"check", copy, s.input, NULL},
        (const char *const[]){"render", copy, "-o", other, NULL},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        r = vanban(NULL, runs[i]);
        expect_status(&r, 2, runs[i][1]);
        if (!strstr(r.err, "PDF"))
            ru_show("PDF as input", &r);
        assert_non_null(strstr(r.err, "PDF"));
        ru_result_free(&r);
    }
    assert_int_equal(access(other, F_OK), -1);
    free(pdf), free(other), free(copy);
    ru_scratch_free(&s);
}

/* -o - puts the PDF on stdout, the same bytes as a file would get, every message on stderr,
 * nothing left in the temporary folder; a failed render writes nothing there. */
static void render_to_stdout_with_a_dash(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *tmp = ru_make_temp_dir(), *bad = ru_join(s.dir, "bad.yaml");
    char tmpdir[4200];
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", tmp);
    const char *const env[] = {tmpdir, NULL};
    ru_result r = VANBAN_ENV(env, "render", s.input, "-o", "-");
    expect_status(&r, 0, "-o -");
    assert_non_null(strstr(r.err, "stdout"));
    ru_result file = VANBAN("-q", "render", s.input, "-o", s.output);
    expect_status(&file, 0, "-o FILE");
    size_t len = 0;
    char *pdf = must_read(s.output, &len);
    assert_int_equal(r.out_len, len);
    assert_memory_equal(r.out, pdf, len);
    expect_listing(tmp, "");
    ru_result_free(&r);
    ru_result_free(&file);

    assert_int_equal(ru_write_file(bad, mistyped_yaml, strlen(mistyped_yaml)), 0);
    r = VANBAN_ENV(env, "render", bad, "-o", "-");
    expect_status(&r, 1, "-o - of a bad document");
    assert_int_equal(r.out_len, 0);
    expect_listing(tmp, "");
    ru_result_free(&r);
    r = VANBAN("render", s.input, bad, "-o", "-");
    expect_status(&r, 2, "-o - with two inputs");
    ru_result_free(&r);
    r = VANBAN("watch", s.input, "-o", "-");
    expect_status(&r, 2, "watch -o -");
    ru_result_free(&r);
    free(pdf), free(bad);
    ru_remove_temp_dir(tmp);
    ru_scratch_free(&s);
}

static void several_inputs_need_a_folder_not_a_file(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "b.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *b = ru_join(dir, "b.yaml");
    ru_result r = VANBAN("render", a, b, "-o", a);
    expect_status(&r, 2, "-o is a file");
    ru_result_free(&r);
    char *yaml = tu_read_file(a, NULL);
    assert_string_equal(yaml, sample_yaml);
    free(yaml);
    expect_listing(dir, "a.yaml\nb.yaml");
    free(a), free(b);
    ru_remove_temp_dir(dir);
}

/* One input keeps -o as the PDF's path, but an existing folder there gets x.pdf inside. */
static void one_input_into_an_existing_folder(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"x.yaml", NULL});
    char *x = ru_join(dir, "x.yaml"), *pdfs = ru_join(dir, "pdf");
    assert_int_equal(mkdir(pdfs, 0777), 0);
    ru_result r = VANBAN("render", x, "-o", pdfs);
    expect_status(&r, 0, "one input, -o a folder");
    expect_listing(pdfs, "x.pdf");
    expect_pdf(pdfs, "x.pdf");
    ru_result_free(&r);
    free(x), free(pdfs);
    ru_remove_temp_dir(dir);
}

static void check_takes_many_inputs(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "bad.yaml", "c.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *bad = ru_join(dir, "bad.yaml"), *c = ru_join(dir, "c.yaml");
    ru_result r = VANBAN("check", a, bad, c, "-j", "2");
    expect_status(&r, 1, "check with one bad");
    char said[4200], where[4200];
    snprintf(said, sizeof said, "vanban: %s không có lỗi\n", c);
    assert_non_null(strstr(r.out, said));
    snprintf(where, sizeof where, "%s:%d:1: error: ", bad, ru_mistyped_line());
    assert_non_null(strstr(r.err, where));
    ru_result_free(&r);
    r = VANBAN("check", a, c);
    expect_status(&r, 0, "check two good");
    ru_result_free(&r);
    expect_listing(dir, "a.yaml\nbad.yaml\nc.yaml");
    free(a), free(bad), free(c);
    ru_remove_temp_dir(dir);
}

/* A pseudo-terminal's two ends, false when the machine has none (a container without
 * /dev/pts): a missing facility is a reason to skip, never a failure. */
static bool open_terminal(int *master, int *slave)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    *slave = -1;
    const char *name = NULL;
    if (*master >= 0 && grantpt(*master) == 0 && unlockpt(*master) == 0 &&
        (name = ptsname(*master)))
        *slave = open(name, O_RDWR | O_NOCTTY);
    if (*slave >= 0)
        return true;
    print_message("no pseudo-terminal here (%s): skipped\n", strerror(errno));
    if (*master >= 0)
        close(*master);
    return false;
}

/* Runs vanban with stdout on a pseudo-terminal `columns` wide; returns what it drew, or NULL
 * when there is no pseudo-terminal. */
static char *run_on_terminal(const char *const *argv, unsigned short columns, int *status)
{
    int master, slave;
    if (!open_terminal(&master, &slave))
        return NULL;
    struct winsize size = {.ws_row = 24, .ws_col = columns};
    ioctl(slave, TIOCSWINSZ, &size);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, slave, 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(slave);
    assert_int_equal(rc, 0);

    /* Read until the last writer is gone (EIO on Linux), so the buffer never fills. */
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    assert_non_null(text);
    for (;;) {
        if (cap - len < 1024)
            assert_non_null(text = realloc(text, cap *= 2));
        ssize_t n = read(master, text + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    text[len] = 0;
    close(master);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    *status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    return text;
}

/* "[n/N] …" rewritten in place with \r on a terminal; plain lines in a file or a pipe. */
static void progress_is_drawn_only_on_a_terminal(void **state)
{
    (void)state;
    char *dir = inputs_folder((const char *const[]){"a.yaml", "b.yaml", NULL});
    char *a = ru_join(dir, "a.yaml"), *b = ru_join(dir, "b.yaml"), *pdfs = ru_join(dir, "pdf");
    ru_result r = VANBAN("render", a, b, "-o", pdfs, "-j", "2");
    expect_status(&r, 0, "render two to a file");
    assert_null(strchr(r.out, '\r'));
    assert_null(strstr(r.out, "[1/2]"));
    assert_null(strstr(r.out, "[2/2]"));
    ru_result_free(&r);

    const char *argv[] = {ru_vanban_bin(), "render", a, b, "-o", pdfs, "-j", "2", NULL};
    int status = -1;
    char *drawn = run_on_terminal(argv, 200, &status);
    if (!drawn) {
        free(a), free(b), free(pdfs);
        skip();
    }
    if (status != 0 || !strstr(drawn, "\r\033[K[1/2] ") || !strstr(drawn, "\r\033[K[2/2] "))
        print_message("on a terminal: exit %d, drew:\n%s\n", status, drawn);
    assert_int_equal(status, 0);
    assert_non_null(strstr(drawn, "\r\033[K[1/2] "));
    assert_non_null(strstr(drawn, "\r\033[K[2/2] "));
    free(drawn);
    free(a), free(b), free(pdfs);
    ru_remove_temp_dir(dir);
}

/* A file's messages first erase the progress line they would run into; a name too long for
 * the terminal is cut to the row, counted in characters ("đã ghi" is 6, not 9 bytes). */
static void progress_makes_room_for_messages_and_fits_the_row(void **state)
{
    (void)state;
    char *dir = inputs_folder(
        (const char *const[]){"bad.yaml", "a-name-longer-than-the-terminal-is-wide.yaml", NULL});
    char *bad = ru_join(dir, "bad.yaml"), *pdfs = ru_join(dir, "pdf");
    char *long_name = ru_join(dir, "a-name-longer-than-the-terminal-is-wide.yaml");
    const char *argv[] = {ru_vanban_bin(), "render", bad, long_name, "-o", pdfs, "-j", "1", NULL};
    int status = -1;
    char *drawn = run_on_terminal(argv, 40, &status);
    if (!drawn) {
        free(bad), free(pdfs), free(long_name);
        skip();
    }
    /* 40 columns less "[2/2] đã ghi " (13) and one spare: 26 characters of the name */
    const char *cut = "\r\033[K[2/2] đã ghi a-name-longer-than-the-ter";
    bool fits = strstr(drawn, cut) && !strstr(drawn, "a-name-longer-than-the-term");
    if (status != 1 || !strstr(drawn, "\r\033[K\r\033[K[1/2] lỗi bad.yaml") || !fits)
        print_message("on a terminal: exit %d, drew:\n%s\n", status, drawn);
    assert_int_equal(status, 1); /* a content error */
    assert_non_null(strstr(drawn, "\r\033[K\r\033[K[1/2] lỗi bad.yaml"));
    assert_true(fits);
    free(drawn);
    free(bad), free(pdfs), free(long_name);
    ru_remove_temp_dir(dir);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_prints_the_version),
        cmocka_unit_test(help_lists_commands_options_and_exit_codes),
        cmocka_unit_test(no_arguments_is_a_usage_error),
        cmocka_unit_test(unknown_option_is_a_usage_error_with_a_hint),
        cmocka_unit_test(unknown_command_is_a_usage_error),
        cmocka_unit_test(render_needs_an_output),
        cmocka_unit_test(an_empty_output_is_a_usage_error),
        cmocka_unit_test(argument_mistakes_are_named),
        cmocka_unit_test(check_takes_no_output),
        cmocka_unit_test(jobs_must_be_a_whole_number_from_one),
        cmocka_unit_test(check_accepts_a_valid_file),
        cmocka_unit_test(check_names_a_mistyped_key_and_suggests_the_right_one),
        cmocka_unit_test(missing_input_exits_3),
        cmocka_unit_test(missing_font_folder_exits_3),
        cmocka_unit_test(every_bad_file_fails_at_its_position),
        cmocka_unit_test(render_writes_the_pdf_and_says_so),
        cmocka_unit_test(options_go_anywhere_and_quiet_is_quiet),
        cmocka_unit_test(output_equal_to_input_is_a_usage_error),
        cmocka_unit_test(source_date_epoch_dates_the_pdf),
        cmocka_unit_test(render_to_stdout_with_a_dash),
        cmocka_unit_test(many_inputs_render_into_a_folder),
        cmocka_unit_test(a_bad_input_fails_the_run_but_not_the_others),
        cmocka_unit_test(the_worst_status_wins),
        cmocka_unit_test(two_inputs_with_one_name_are_a_usage_error),
        cmocka_unit_test(an_output_that_is_an_input_is_a_usage_error),
        cmocka_unit_test(outputs_linked_to_one_file_are_a_usage_error),
        cmocka_unit_test(a_pdf_as_input_is_a_usage_error),
        cmocka_unit_test(several_inputs_need_a_folder_not_a_file),
        cmocka_unit_test(one_input_into_an_existing_folder),
        cmocka_unit_test(check_takes_many_inputs),
        cmocka_unit_test(progress_is_drawn_only_on_a_terminal),
        cmocka_unit_test(progress_makes_room_for_messages_and_fits_the_row),
    };
    return cmocka_run_group_tests_name("cli", tests, NULL, ru_remove_leftover_temp_dirs);
}
