/* End to end: every YAML file in content/ rendered by the vanban command (build/vanban, or
 * $VANBAN_BIN), then judged by independent tools: qpdf, poppler's pdffonts / pdftotext /
 * pdfinfo, and the Decree 30 checker nd30check. Four tests per document: the PDF itself, the
 * Decree's layout, determinism across time zones and locales, and NFD input. */
#include <glob.h>
#include <utf8proc.h>

#include "runutil.h"

#define CONTENT_GLOB "content/*.yaml"
/* The shared tools sit beside the checkout; main makes the repository root the cwd. */
#define ND30CHECK "../shared/tools/nd30check"
#define SEED_DOC "bao-cao-binh-trung-2023"
#define SEED_TEXT "../shared/seed/bao-cao-binh-trung-2023.txt"

typedef struct {
    char *yaml; /* content/NAME.yaml */
    char *name; /* NAME */
} content_doc;

/* Each test renders into its own temporary folder, removed by the teardown. */
typedef struct {
    const content_doc *doc;
    char *dir;
} e2e_state;

static int e2e_setup(void **state)
{
    e2e_state *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->doc = *state;
    s->dir = ru_make_temp_dir();
    *state = s;
    return 0;
}

static int e2e_teardown(void **state)
{
    e2e_state *s = *state;
    ru_remove_temp_dir(s->dir);
    free(s);
    return 0;
}

/* A file in the test's folder: NAME + suffix. malloc'd. */
static char *scratch_path(const e2e_state *s, const char *suffix)
{
    size_t n = strlen(s->dir) + strlen(s->doc->name) + strlen(suffix) + 2;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/%s%s", s->dir, s->doc->name, suffix);
    return path;
}

static void expect_exit(const ru_result *r, int status, const char *what)
{
    if (r->status != status)
        ru_show(what, r);
    assert_int_equal(r->status, status);
}

/* vanban render; warnings on stderr are shown but allowed. */
static void render(const char *yaml, const char *pdf, const char *const *env)
{
    const char *argv[] = {ru_vanban_bin(), "-q", "render", yaml, "-o", pdf, NULL};
    ru_result r = ru_run(argv, env);
    expect_exit(&r, 0, "vanban render");
    if (r.err_len)
        print_message("%s: vanban says:\n%s", yaml, r.err);
    ru_result_free(&r);
}

/* The document rendered once more into its test's folder, as NAME.pdf; malloc'd path. */
static char *rendered_pdf(const e2e_state *s)
{
    char *pdf = scratch_path(s, ".pdf");
    render(s->doc->yaml, pdf, NULL);
    return pdf;
}

/* Runs a tool that must succeed without a word on stderr; returns its stdout (malloc'd). */
static char *tool_output(const char *const *argv)
{
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0 || r.err_len)
        ru_show(argv[0], &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    char *out = r.out;
    r.out = NULL;
    ru_result_free(&r);
    return out;
}

/* The line after line, or NULL after the last. */
static const char *next_line(const char *line)
{
    const char *end = strchr(line, '\n');
    return end && end[1] ? end + 1 : NULL;
}

static int line_length(const char *line)
{
    return (int)strcspn(line, "\n");
}

/* ------------------------------------------------------------- the PDF ---- */

/* pdffonts prints a table: name, type, encoding, emb, sub, uni, object number, generation.
 * Names and types may hold spaces and a long name pushes the columns right, so the row is
 * read from its end: "emb" is the fifth word from the right. */
static void assert_fonts_embedded(const char *pdf)
{
    const char *argv[] = {"pdffonts", pdf, NULL};
    char *table = tool_output(argv);
    const char *dashes = next_line(table);
    assert_non_null(dashes);
    assert_int_equal(strncmp(dashes, "---", 3), 0);

    size_t fonts = 0, not_embedded = 0;
    for (const char *row = next_line(dashes); row; row = next_line(row)) {
        char *words[32];
        size_t nwords = 0;
        char *copy = strndup(row, (size_t)line_length(row)), *save = NULL;
        for (char *w = strtok_r(copy, " ", &save); w && nwords < 32; w = strtok_r(NULL, " ", &save))
            words[nwords++] = w;
        if (nwords >= 8) {
            fonts++;
            if (strcmp(words[nwords - 5], "yes") != 0) {
                not_embedded++;
                print_message("font not embedded: %.*s\n", line_length(row), row);
            }
        }
        free(copy);
    }
    free(table);
    assert_true(fonts > 0);
    assert_int_equal(not_embedded, 0);
}

/* Text as a reader's copy-paste sees it. */
static char *pdf_text(const char *pdf)
{
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    return tool_output(argv);
}

/* Two PDFs a reader cannot tell apart by their text. */
static void assert_same_text(const char *pdf, const char *reference)
{
    char *a = pdf_text(reference);
    char *b = pdf_text(pdf);
    assert_string_equal(b, a);
    free(a);
    free(b);
}

/* The value of "Key:" in pdfinfo's output, without the padding; malloc'd, NULL if absent. */
static char *info_value(const char *info, const char *key)
{
    size_t key_len = strlen(key);
    for (const char *line = info; line; line = next_line(line)) {
        if (strncmp(line, key, key_len) == 0 && line[key_len] == ':') {
            const char *value = line + key_len + 1;
            value += strspn(value, " ");
            return strndup(value, (size_t)line_length(value));
        }
    }
    return NULL;
}

/* UTF-8 read as Latin-1 and encoded again turns "ệ" into "á»‡": a Latin-1 letter followed by a
 * character from U+0080..U+00BF, which Vietnamese never writes. C1 controls and U+FFFD give
 * away other broken conversions. */
static bool looks_like_mojibake(const char *text)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_int32_t prev = 0, cp;
    utf8proc_ssize_t n;
    while (*p) {
        n = utf8proc_iterate(p, -1, &cp);
        if (n <= 0)
            return true; /* not UTF-8 at all */
        if ((cp >= 0x80 && cp <= 0x9f) || cp == 0xfffd)
            return true;
        if (prev >= 0xc0 && prev <= 0xff && cp >= 0x80 && cp <= 0xbf)
            return true;
        prev = cp;
        p += n;
    }
    return false;
}

static void assert_title_is_vietnamese(const char *title)
{
    static const char *const type_names[] = {
        "Báo cáo", "Tờ trình", "Kế hoạch", "Công văn", "Thông báo", "Quyết định", "Nghị quyết",
        "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Hướng dẫn", "Chương trình", "Phương án",
        "Đề án", "Dự án", "Biên bản", "Hợp đồng", "Công điện", "Giấy mời", "Giấy giới thiệu",
        "Giấy ủy quyền", "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo", "Thư công",
        "Bản ghi nhớ", "Bản thỏa thuận",
    };
    assert_non_null(title);
    print_message("Title: %s\n", title);
    assert_true(strlen(title) > 0);
    assert_false(looks_like_mojibake(title));
    bool named = false;
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names && !named; i++)
        named = strstr(title, type_names[i]) != NULL;
    assert_true(named);
}

static void renders_a_sound_pdf(void **state)
{
    e2e_state *s = *state;
    char *pdf = rendered_pdf(s);

    ru_assert_qpdf_clean(pdf);
    assert_fonts_embedded(pdf);
    char *text = pdf_text(pdf);
    assert_true(strlen(text) > 0);
    free(text);

    const char *argv[] = {"pdfinfo", "-enc", "UTF-8", pdf, NULL};
    char *info = tool_output(argv);
    char *title = info_value(info, "Title");
    char *pages = info_value(info, "Pages");
    assert_title_is_vietnamese(title);
    assert_non_null(pages);
    print_message("%s: %s pages\n", s->doc->name, pages);
    assert_true(atoi(pages) >= 1);
    free(pages);
    free(title);
    free(info);
    free(pdf);
}

/* --------------------------------------------------------- Decree 30 ---- */

static char *expected_body_text(const content_doc *doc)
{
    char *path = malloc(strlen(doc->name) + 32);
    assert_non_null(path);
    sprintf(path, "tests/expected/%s.txt", doc->name);
    if (access(path, R_OK) == 0)
        return path;
    free(path);
    if (strcmp(doc->name, SEED_DOC) == 0 && access(SEED_TEXT, R_OK) == 0)
        return strdup(SEED_TEXT);
    return NULL;
}

static void print_failures(const char *report)
{
    for (const char *line = report; line; line = next_line(line))
        if (strncmp(line, "FAIL", 4) == 0)
            print_message("%.*s\n", line_length(line), line);
}

static void passes_nd30check(void **state)
{
    e2e_state *s = *state;
    TU_REQUIRE(access(ND30CHECK, X_OK) == 0, "the Decree 30 checker " ND30CHECK,
               "the shared tools folder beside the checkout");
    char *pdf = rendered_pdf(s);
    char *body_text = expected_body_text(s->doc);
    const char *argv[] = {ND30CHECK, pdf, body_text ? "--body-text" : NULL, body_text, NULL};
    ru_result r = ru_run(argv, NULL);

    int passed = -1, failed = -1, skipped = -1;
    const char *summary = strstr(r.out, "nd30check: ");
    bool parsed = summary && sscanf(summary, "nd30check: %d passed, %d failed, %d skipped",
                                    &passed, &failed, &skipped) == 3;
    if (parsed)
        print_message("%s: %d passed, %d failed, %d skipped%s\n", s->doc->name, passed, failed,
                      skipped, body_text ? "" : " (no expected text: similarity skipped)");
    else
        ru_show("nd30check", &r);
    if (failed != 0)
        print_failures(r.out);
    assert_true(parsed);
    assert_int_equal(failed, 0);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    free(body_text);
    free(pdf);
}

/* ------------------------------------------------------- determinism ---- */

static void same_bytes_in_any_time_zone_and_locale(void **state)
{
    e2e_state *s = *state;
    const char *const hanoi[] = {"TZ=Asia/Ho_Chi_Minh", "LC_ALL=C.UTF-8", "SOURCE_DATE_EPOCH",
                                 NULL};
    const char *const utc[] = {"TZ=UTC", "LC_ALL=C", "SOURCE_DATE_EPOCH", NULL};
    char *first = scratch_path(s, "-hanoi.pdf");
    char *second = scratch_path(s, "-utc.pdf");
    render(s->doc->yaml, first, hanoi);
    render(s->doc->yaml, second, utc);
    size_t len1 = 0, len2 = 0;
    char *bytes1 = tu_read_file(first, &len1);
    char *bytes2 = tu_read_file(second, &len2);
    assert_non_null(bytes1);
    assert_non_null(bytes2);
    assert_int_equal(len1, len2);
    assert_memory_equal(bytes1, bytes2, len1);
    free(bytes1);
    free(bytes2);
    free(first);
    free(second);
}

/* The renders of content/ are pinned: tests/expected/renders.sha256 holds the SHA-256 of each
 * document set in Liberation Serif and in Tinos. A change that moves them on purpose runs
 * `make pin` and says why in its commit; any other change must leave every byte where it was. */
#define PINNED_HASHES "tests/expected/renders.sha256"

static char *sha256_of(const char *path)
{
    const char *argv[] = {"sha256sum", path, NULL};
    char *out = tool_output(argv);
    out[strcspn(out, " ")] = '\0';
    assert_int_equal(strlen(out), 64);
    return out;
}

/* The pinned hash of FILE (a name such as "NAME.pdf" or "tinos-NAME.pdf"); malloc'd. */
static char *pinned_hash(const char *file)
{
    char *table = tu_read_file(PINNED_HASHES, NULL);
    if (!table)
        fail_msg("%s is missing: run `make pin`", PINNED_HASHES);
    char *found = NULL;
    for (const char *line = table; line && !found; line = next_line(line)) {
        int len = line_length(line);
        if (len > 66 && (size_t)(len - 66) == strlen(file) && !strncmp(line + 66, file, strlen(file)))
            found = strndup(line, 64);
    }
    free(table);
    if (!found)
        fail_msg("%s has no hash for %s: run `make pin`", PINNED_HASHES, file);
    return found;
}

/* The render pdf of NAME must have the hash pinned for PREFIX + NAME + ".pdf". */
static void assert_pinned(const char *pdf, const char *prefix, const char *name)
{
    char file[512];
    snprintf(file, sizeof file, "%s%s.pdf", prefix, name);
    char *actual = sha256_of(pdf);
    char *pinned = pinned_hash(file);
    if (strcmp(actual, pinned) != 0)
        fail_msg("%s moved: %s, pinned %s. If on purpose, run `make pin` and say why in the "
                 "commit.", file, actual, pinned);
    free(actual);
    free(pinned);
}

static void same_bytes_as_pinned(void **state)
{
    e2e_state *s = *state;
    char *pdf = rendered_pdf(s);
    assert_pinned(pdf, "", s->doc->name);
    free(pdf);
}

/* ---------------------------------------------------------------- NFD ---- */

/* Content typed on some systems arrives decomposed ("ê" + U+0301); it must print the same. */
static void decomposed_input_prints_the_same_text(void **state)
{
    e2e_state *s = *state;
    char *composed = tu_read_file(s->doc->yaml, NULL);
    assert_non_null(composed);
    char *decomposed = (char *)utf8proc_NFD((const utf8proc_uint8_t *)composed);
    assert_non_null(decomposed);
    assert_string_not_equal(decomposed, composed); /* the content has diacritics to split */

    char *nfd_yaml = scratch_path(s, ".yaml");
    assert_int_equal(ru_write_file(nfd_yaml, decomposed, strlen(decomposed)), 0);
    char *nfc_pdf = scratch_path(s, "-nfc.pdf");
    char *nfd_pdf = scratch_path(s, "-nfd.pdf");
    render(s->doc->yaml, nfc_pdf, NULL);
    render(nfd_yaml, nfd_pdf, NULL);
    assert_same_text(nfd_pdf, nfc_pdf);

    free(nfc_pdf);
    free(nfd_pdf);
    free(nfd_yaml);
    free(decomposed);
    free(composed);
}

/* ------------------------------------------------------- exact text ---- */

/* Every content file's text, as pdftotext reads it, and its page count are kept in
 * tests/expected/NAME.pdftotext and NAME.pages (made by `make expected`). A change that moves a
 * word, drops a line or adds a page fails here with the difference; one that does so on purpose
 * runs `make expected` and commits the new text with it. */
static char *expected_file(const content_doc *doc, const char *suffix)
{
    char *path = malloc(strlen("tests/expected/") + strlen(doc->name) + strlen(suffix) + 1);
    assert_non_null(path);
    sprintf(path, "tests/expected/%s%s", doc->name, suffix);
    char *text = tu_read_file(path, NULL);
    if (!text)
        fail_msg("%s is missing: run `make expected` and commit it", path);
    free(path);
    return text;
}

/* The first line where two texts differ, both sides shown, so a failure says what moved. */
static void show_first_difference(const char *expected, const char *actual)
{
    int line = 1;
    const char *e = expected, *a = actual;
    while (e && a) {
        int el = line_length(e), al = line_length(a);
        if (el != al || strncmp(e, a, (size_t)el) != 0) {
            print_message("line %d differs:\n  expected: %.*s\n  actual:   %.*s\n", line, el, e,
                          al, a);
            return;
        }
        e = next_line(e);
        a = next_line(a);
        line++;
    }
    print_message("line %d: one text ends before the other\n", line);
}

static void prints_the_expected_text(void **state)
{
    e2e_state *s = *state;
    char *pdf = rendered_pdf(s);
    char *expected = expected_file(s->doc, ".pdftotext");
    char *actual = pdf_text(pdf);
    if (strcmp(expected, actual) != 0) {
        show_first_difference(expected, actual);
        fail_msg("%s: the text differs from tests/expected/%s.pdftotext. If on purpose, run "
                 "`make expected` and commit the new text.", s->doc->name, s->doc->name);
    }
    free(actual);
    free(expected);
    free(pdf);
}

static void has_the_expected_page_count(void **state)
{
    e2e_state *s = *state;
    char *pdf = rendered_pdf(s);
    const char *argv[] = {"pdfinfo", pdf, NULL};
    char *info = tool_output(argv);
    char *pages = info_value(info, "Pages");
    char *expected = expected_file(s->doc, ".pages");
    assert_non_null(pages);
    expected[strcspn(expected, "\n")] = '\0';
    if (strcmp(pages, expected) != 0)
        fail_msg("%s: %s pages, expected %s (tests/expected/%s.pages)", s->doc->name, pages,
                 expected, s->doc->name);
    free(expected);
    free(pages);
    free(info);
    free(pdf);
}

/* ------------------------------------------------------- another family ---- */

/* Tinos (Debian's fonts-croscore) is metric-compatible with Times New Roman, like Liberation
 * Serif: --font-dir must embed it in every style and, the widths being the same, set every word
 * where Liberation Serif puts it. */
#define TINOS_DIR "/usr/share/fonts/truetype/croscore"

static void another_family_sets_the_same_text(void **state)
{
    e2e_state *s = *state;
    TU_REQUIRE(access(TINOS_DIR "/Tinos-Regular.ttf", R_OK) == 0, "Tinos in " TINOS_DIR,
               "apt-get install fonts-croscore, or make test-deps");
    char *liberation_pdf = scratch_path(s, "-liberation.pdf");
    char *tinos_pdf = scratch_path(s, "-tinos.pdf");
    render(s->doc->yaml, liberation_pdf, NULL);
    const char *argv[] = {ru_vanban_bin(), "-q", "--font-dir", TINOS_DIR, "render", s->doc->yaml,
                          "-o", tinos_pdf, NULL};
    ru_result r = ru_run(argv, NULL);
    expect_exit(&r, 0, "vanban --font-dir render");
    ru_result_free(&r);
    ru_assert_qpdf_clean(tinos_pdf);

    const char *fonts_argv[] = {"pdffonts", tinos_pdf, NULL};
    ru_result f = ru_run(fonts_argv, NULL);
    expect_exit(&f, 0, "pdffonts");
    assert_non_null(strstr(f.out, "+Tinos "));
    assert_non_null(strstr(f.out, "+Tinos-Bold "));
    assert_non_null(strstr(f.out, "+Tinos-Italic "));
    assert_null(strstr(f.out, "Liberation"));
    ru_result_free(&f);

    assert_same_text(tinos_pdf, liberation_pdf);
    assert_pinned(tinos_pdf, "tinos-", s->doc->name);
    free(liberation_pdf);
    free(tinos_pdf);
}

/* ------------------------------------------------------------------------ */

static void no_content_yet(void **state)
{
    (void)state;
    TU_REQUIRE(false, "every " CONTENT_GLOB " file", "the repository's content/ folder");
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    static const struct {
        const char *what;
        CMUnitTestFunction run;
    } checks[] = {
        {"PDF", renders_a_sound_pdf},
        {"nd30check", passes_nd30check},
        {"deterministic", same_bytes_in_any_time_zone_and_locale},
        {"pinned", same_bytes_as_pinned},
        {"NFD", decomposed_input_prints_the_same_text},
        {"Tinos", another_family_sets_the_same_text},
        {"exact text", prints_the_expected_text},
        {"page count", has_the_expected_page_count},
    };
    enum { NCHECKS = sizeof checks / sizeof *checks };

    if (tu_enter_repo_root() != 0)
        return 1;
    glob_t files;
    if (glob(CONTENT_GLOB, 0, NULL, &files) != 0 || files.gl_pathc == 0) {
        const struct CMUnitTest nothing[] = {cmocka_unit_test(no_content_yet)};
        return cmocka_run_group_tests_name("e2e", nothing, NULL, NULL);
    }

    size_t ndocs = files.gl_pathc;
    content_doc *docs = calloc(ndocs, sizeof *docs);
    struct CMUnitTest *tests = calloc(ndocs * NCHECKS, sizeof *tests);
    assert_non_null(docs);
    assert_non_null(tests);
    for (size_t i = 0; i < ndocs; i++) {
        const char *path = files.gl_pathv[i];
        const char *base = strrchr(path, '/') + 1;
        docs[i].yaml = strdup(path);
        docs[i].name = strndup(base, strlen(base) - strlen(".yaml"));
        for (size_t c = 0; c < NCHECKS; c++) {
            struct CMUnitTest *t = &tests[i * NCHECKS + c];
            char *name = malloc(strlen(docs[i].name) + strlen(checks[c].what) + 3);
            sprintf(name, "%s: %s", docs[i].name, checks[c].what);
            *t = (struct CMUnitTest){.name = name, .test_func = checks[c].run,
                                     .setup_func = e2e_setup, .teardown_func = e2e_teardown,
                                     .initial_state = &docs[i]};
        }
    }
    globfree(&files);

    int failed = _cmocka_run_group_tests("e2e", tests, ndocs * NCHECKS, NULL, NULL);

    for (size_t i = 0; i < ndocs * NCHECKS; i++)
        free((char *)tests[i].name);
    for (size_t i = 0; i < ndocs; i++) {
        free(docs[i].yaml);
        free(docs[i].name);
    }
    free(tests);
    free(docs);
    return failed;
}
