/* What `make install` delivers: the man pages clean under groff, the shared library exporting
 * only include/vanban.h, and a program built with pkg-config against the installed shared and
 * static libraries rendering the same bytes as build/vanban. */
#include "runutil.h"

#include <ctype.h>
#include <libgen.h>
#include <limits.h>

/* The build folder this test belongs to (BUILD/tests/test_install), absolute; malloc'd. */
static char *build_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    return strdup(dirname(dirname(exe)));
}

/* Runs "sh -c script" with the environment changes; the script must succeed. Returns stdout
 * (malloc'd). */
static char *shell_ok(const char *script, const char *const *env)
{
    const char *argv[] = {"sh", "-c", script, NULL};
    ru_result r = ru_run(argv, env);
    if (r.status != 0)
        ru_show(script, &r);
    assert_int_equal(r.status, 0);
    free(r.err);
    return r.out;
}

/* groff with preconv (-k) and the UTF-8 device, as man(1) formats a page for a terminal: the
 * pages are UTF-8 Vietnamese, which groff reads only through preconv. Every warning (-ww) on
 * stderr fails. */
static void man_pages_format_without_warnings(void **state)
{
    (void)state; /* cmocka's signature */
    const char *pages[] = {"src/man/vanban.1", "src/man/vanban.5"};
    for (size_t i = 0; i < 2; i++) {
        const char *argv[] = {"groff", "-Tutf8", "-k", "-man", "-ww", "-z", pages[i], NULL};
        ru_result r = ru_run(argv, NULL);
        TU_REQUIRE(r.status != 127 && r.status != -1, "groff", "apt-get install groff-base");
        if (r.status != 0 || r.err_len)
            ru_show(pages[i], &r);
        assert_int_equal(r.status, 0);
        assert_int_equal(r.err_len, 0);
        ru_result_free(&r);
    }
}

/* vanban(5) names every key of the content format that src/load/schema.c knows. */
static void the_format_page_names_every_key(void **state)
{
    (void)state; /* cmocka's signature */
    char *schema = tu_read_file("src/load/schema.c", NULL);
    char *page = tu_read_file("src/man/vanban.5", NULL);
    assert_true(schema && page);
    size_t keys = 0;
    for (const char *p = schema; (p = strstr(p, ".key = \"")); keys++) {
        p += strlen(".key = \"");
        char key[64], entry[80];
        size_t len = strcspn(p, "\"");
        assert_true(len < sizeof key);
        memcpy(key, p, len);
        key[len] = '\0';
        snprintf(entry, sizeof entry, "\n.B %s", key);
        bool found = strstr(page, entry) != NULL;
        snprintf(entry, sizeof entry, "\n.BR %s ", key);
        found = found || strstr(page, entry) != NULL;
        if (!found)
            print_message("vanban(5) lacks the key %s\n", key);
        assert_true(found);
    }
    assert_true(keys > 20);
    free(schema);
    free(page);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The vb_ functions declared in vanban.h, one per line, sorted as LC_ALL=C sort does: each
 * declaration opens a line with its type and names the function before its first '('. */
static char *declared_functions(void)
{
    char *header = tu_read_file("include/vanban.h", NULL);
    assert_non_null(header);
    size_t cap = strlen(header) + 1, len = 0;
    char *names = calloc(1, cap), **list = calloc(cap, sizeof *list);
    assert_true(names && list);
    size_t count = 0;
    for (char *line = strtok(header, "\n"); line; line = strtok(NULL, "\n")) {
        char *paren = strchr(line, '(');
        if (!isalpha((unsigned char)line[0]) || !paren)
            continue;
        char *start = paren;
        while (start > line && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
            start--;
        if (strncmp(start, "vb_", 3) == 0) {
            *paren = '\0';
            list[count++] = start;
        }
    }
    qsort(list, count, sizeof *list, compare_strings);
    for (size_t i = 0; i < count; i++)
        len += (size_t)sprintf(names + len, "%s\n", list[i]);
    free(list);
    char *copy = strdup(names);
    free(names);
    free(header);
    return copy;
}

static void shared_library_exports_only_the_public_api(void **state)
{
    (void)state; /* cmocka's signature */
    char *build = build_dir(), script[PATH_MAX + 128];
    snprintf(script, sizeof script,
             "nm -D --defined-only '%s/libvanban.so.0' | awk '{print $3}' | LC_ALL=C sort",
             build);
    char *exported = shell_ok(script, NULL);
    char *declared = declared_functions();
    if (strcmp(exported, declared) != 0)
        print_message("exported:\n%s\ndeclared in vanban.h:\n%s\n", exported, declared);
    assert_string_equal(exported, declared);
    snprintf(script, sizeof script,
             "objdump -p '%s/libvanban.so.0' | awk '$1 == \"SONAME\" {print $2}'", build);
    char *soname = shell_ok(script, NULL);
    assert_string_equal(soname, "libvanban.so.0\n");
    free(soname);
    free(exported);
    free(declared);
    free(build);
}

/* A program using only vanban.h: renders argv[1] to argv[2] with the default fonts, which it
 * finds under ../share/vanban/fonts from its own folder, as an installed program does. */
static const char client_source[] =
    "#include <stdio.h>\n"
    "#include <vanban.h>\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    if (argc != 3) return 2;\n"
    "    vb_diagnostics *diag = vb_diagnostics_new();\n"
    "    vb_engine *eng = vb_engine_new(NULL, diag);\n"
    "    int rc = eng ? (int)vb_render_file(eng, argv[1], argv[2], NULL, diag) : 3;\n"
    "    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)\n"
    "        fprintf(stderr, \"%s\\n\", vb_diagnostic_format(diag, i));\n"
    "    vb_engine_free(eng);\n"
    "    vb_diagnostics_free(diag);\n"
    "    return rc;\n"
    "}\n";

/* The client links the installed archive, built as the tests are: with the sanitizers, or with
 * gcov's counters under make coverage. */
#if defined(__SANITIZE_ADDRESS__)
#define CLIENT_FLAGS "-fsanitize=address,undefined"
#elif defined(VB_COVERAGE_BUILD)
#define CLIENT_FLAGS "--coverage"
#else
#define CLIENT_FLAGS ""
#endif

/* Installs into a temporary root, builds the client there against the installed library
 * (shared, or static with pkg-config --static), runs it and compares its PDF with the
 * command's. */
static void installed_library_renders_like_the_command(void **state)
{
    (void)state; /* cmocka's signature */
    char *build = build_dir(), *root = ru_make_temp_dir();
    char *cwd = getcwd(NULL, 0);
    const char *doc = "content/bao-cao-binh-trung-2023.yaml";
    size_t size = 4 * PATH_MAX + 2048;
    char *script = malloc(size);
    assert_true(script && cwd);
    /* MAKEFLAGS stays: under `make asan` it carries OPT and LDFLAGS, so that anything make
     * finds out of date is rebuilt with the build's own flags. */
    const char *env[] = {"VANBAN_FONT_DIR", "SOURCE_DATE_EPOCH", "PKG_CONFIG_LIBDIR", NULL};

    snprintf(script, size,
             "make -s -C '%s' BUILD='%s' install DESTDIR='%s' PREFIX=/usr >/dev/null", cwd, build,
             root);
    free(shell_ok(script, env));
    char *client = ru_join(root, "client.c");
    assert_int_equal(ru_write_file(client, client_source, strlen(client_source)), 0);
    char *reference = ru_join(root, "ref.pdf");
    ru_render_ok(doc, reference, NULL);
    free(reference);

    /* Shared: the client must need libvanban.so.0 and load the installed one. Static: it
     * must not need it at all. */
    static const char *const kinds[][3] = {
        {"shared", "pkg-config --cflags --libs vanban",
         "readelf -d \"$bin\" | grep -q 'NEEDED.*libvanban.so.0'"},
        {"static", "pkg-config --cflags --static --libs vanban | sed 's/-lvanban/-l:libvanban.a/'",
         "! readelf -d \"$bin\" | grep -q libvanban"},
    };
    for (size_t k = 0; k < 2; k++) {
        snprintf(script, size,
                 "set -e; root='%s'; bin=\"$root/usr/bin/client-%s\"\n"
                 "export PKG_CONFIG_SYSROOT_DIR=\"$root\"\n"
                 "export PKG_CONFIG_PATH=\"$root/usr/lib/pkgconfig\"\n"
                 "cc %s \"$root/client.c\" -o \"$bin\" $(%s)\n"
                 "%s\n"
                 "LD_LIBRARY_PATH=\"$root/usr/lib\" \"$bin\" '%s/%s' \"$root/%s.pdf\"\n"
                 "cmp \"$root/ref.pdf\" \"$root/%s.pdf\"\n",
                 root, kinds[k][0], CLIENT_FLAGS, kinds[k][1], kinds[k][2], cwd, doc, kinds[k][0],
                 kinds[k][0]);
        free(shell_ok(script, env));
        char *pdf = malloc(strlen(root) + 16);
        sprintf(pdf, "%s/%s.pdf", root, kinds[k][0]);
        ru_assert_qpdf_clean(pdf);
        free(pdf);
    }
    free(client);
    free(script);
    free(cwd);
    free(build);
    ru_remove_temp_dir(root);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(man_pages_format_without_warnings),
        cmocka_unit_test(the_format_page_names_every_key),
        cmocka_unit_test(shared_library_exports_only_the_public_api),
        cmocka_unit_test(installed_library_renders_like_the_command),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
