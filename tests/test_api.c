/* The public API (vanban.h) as a library user sees it: engines, rendering to memory and to
 * files, the atomic write, and the diagnostics' positions and format. */
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include "runutil.h"
#include "vanban.h"

static const char sample_yaml[] = RU_SAMPLE_YAML;
static const char mistyped_yaml[] = RU_MISTYPED_YAML;

/* One engine for the whole group, as an application would hold it. */
static int engine_setup(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options opts = {.font_dir = VB_TEST_FONT_DIR};
    *state = vb_engine_new(&opts, diag);
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        print_message("engine: %s\n", vb_diagnostic_format(diag, i));
    vb_diagnostics_free(diag);
    return 0;
}

static int engine_teardown(void **state)
{
    vb_engine_free(*state);
    return ru_remove_leftover_temp_dirs(state);
}

static vb_engine *engine_of(void **state)
{
    assert_non_null(*state); /* the fonts folder did not load: see the group setup */
    return *state;
}

/* True when some diagnostic's formatted text contains needle. */
static bool diagnostics_mention(const vb_diagnostics *diag, const char *needle)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        if (strstr(vb_diagnostic_format(diag, i), needle))
            return true;
    return false;
}

static void print_diagnostics(const vb_diagnostics *diag)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        print_message("  %s\n", vb_diagnostic_format(diag, i));
}

/* Renders YAML from memory; asserts success and returns the PDF (free with vb_free). */
static unsigned char *render_ok(vb_engine *eng, const char *yaml, const vb_render_options *opts,
                                size_t *len)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    vb_status st = vb_render_memory(eng, yaml, strlen(yaml), "sample.yaml", opts, &pdf, len, diag);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);
    assert_int_equal(vb_diagnostics_errors(diag), 0);
    assert_non_null(pdf);
    vb_diagnostics_free(diag);
    return pdf;
}

static bool bytes_contain(const unsigned char *data, size_t len, const char *needle)
{
    return memmem(data, len, needle, strlen(needle)) != NULL;
}

/* ------------------------------------------------------------------ engines ---- */

static void engine_loads_the_fonts_folder(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options opts = {.font_dir = VB_TEST_FONT_DIR};
    vb_engine *eng = vb_engine_new(&opts, diag);
    print_diagnostics(diag);
    assert_non_null(eng);
    assert_int_equal(vb_diagnostics_errors(diag), 0);
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
}

static void engine_names_a_missing_font_folder(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options opts = {.font_dir = "no-such-font-folder"};
    assert_null(vb_engine_new(&opts, diag));
    assert_true(vb_diagnostics_errors(diag) > 0);
    assert_true(diagnostics_mention(diag, "no-such-font-folder"));
    vb_diagnostics_free(diag);
}

/* The test binary lives in build/tests/: the search beside the executable finds the checkout's
 * fonts without being told. */
static void engine_finds_default_fonts(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine *eng = vb_engine_new(NULL, diag);
    print_diagnostics(diag);
    assert_non_null(eng);
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
}

static void engine_obeys_vanban_font_dir(void **state)
{
    (void)state;
    setenv("VANBAN_FONT_DIR", "no-such-env-font-folder", 1);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine *eng = vb_engine_new(NULL, diag);
    unsetenv("VANBAN_FONT_DIR");
    assert_null(eng);
    assert_true(diagnostics_mention(diag, "no-such-env-font-folder"));
    vb_diagnostics_free(diag);
}

/* An I/O failure whose messages name the file or folder and the system's reason. */
static void assert_io_error_naming(vb_status st, const vb_diagnostics *diag, const char *path,
                                   const char *reason)
{
    bool named = diagnostics_mention(diag, path) && (!reason || diagnostics_mention(diag, reason));
    if (st != VB_ERR_IO || !named)
        print_diagnostics(diag);
    assert_int_equal(st, VB_ERR_IO);
    assert_true(named);
}

/* ---------------------------------------------------------- render_memory ---- */

static void render_memory_gives_a_pdf(void **state)
{
    size_t len = 0;
    unsigned char *pdf = render_ok(engine_of(state), sample_yaml, NULL, &len);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_true(bytes_contain(pdf, len, "%%EOF"));
    vb_free(pdf);
}

/* No date by default, so that one input gives one output; a date only when asked. */
static void render_memory_is_deterministic_and_dated_on_request(void **state)
{
    size_t len1 = 0, len2 = 0, len3 = 0;
    unsigned char *first = render_ok(engine_of(state), sample_yaml, NULL, &len1);
    unsigned char *second = render_ok(engine_of(state), sample_yaml, NULL, &len2);
    vb_render_options dated = {.creation_time = 1700000000};
    unsigned char *third = render_ok(engine_of(state), sample_yaml, &dated, &len3);
    assert_int_equal(len1, len2);
    assert_memory_equal(first, second, len1);
    assert_false(bytes_contain(first, len1, "/CreationDate"));
    assert_true(bytes_contain(third, len3, "/CreationDate"));
    vb_free(first);
    vb_free(second);
    vb_free(third);
}

/* Out of memory is told apart by how a stage reports it, not by words: a content error whose
 * message quotes the clerk's "hết bộ nhớ" is still the content's (exit 1, not 3). */
static void a_content_error_that_says_memory_is_still_content(void **state)
{
    char *yaml = malloc(sizeof sample_yaml + 64);
    assert_non_null(yaml);
    sprintf(yaml, "%s\"hết bộ nhớ\": 1\n", sample_yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    size_t len = 0;
    vb_status st = vb_render_memory(engine_of(state), yaml, strlen(yaml), "bo-nho.yaml", NULL,
                                    &pdf, &len, diag);
    if (st != VB_ERR_CONTENT)
        print_diagnostics(diag);
    assert_int_equal(st, VB_ERR_CONTENT);
    bool quoted = false;
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        quoted = quoted || strstr(vb_diagnostic_get(diag, i)->message, "hết bộ nhớ");
    assert_true(quoted);
    assert_null(pdf);
    vb_diagnostics_free(diag);
    free(yaml);
}

static void render_memory_reports_a_content_error_with_position(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    unsigned char *pdf = (unsigned char *)"not touched";
    size_t len = 42;
    vb_status st = vb_render_memory(engine_of(state), mistyped_yaml, strlen(mistyped_yaml),
                                    "mistyped.yaml", NULL, &pdf, &len, diag);
    if (st != VB_ERR_CONTENT)
        print_diagnostics(diag);
    assert_int_equal(st, VB_ERR_CONTENT);
    assert_null(pdf);
    assert_int_equal(len, 0);
    assert_true(vb_diagnostics_errors(diag) > 0);

    const vb_diagnostic *found = NULL;
    for (size_t i = 0; i < vb_diagnostics_count(diag) && !found; i++) {
        const vb_diagnostic *g = vb_diagnostic_get(diag, i);
        if (g->severity == VB_SEVERITY_ERROR && strstr(g->message, RU_MISTYPED_KEY))
            found = g;
    }
    if (!found)
        print_diagnostics(diag);
    assert_non_null(found);
    assert_string_equal(found->file, "mistyped.yaml");
    assert_int_equal(found->line, ru_mistyped_line());
    assert_int_equal(found->column, 1);
    assert_non_null(strstr(found->message, RU_SUGGESTED_KEY));
    vb_diagnostics_free(diag);
}

static void diagnostics_are_formatted_file_line_col(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    unsigned char *pdf = NULL;
    size_t len = 0;
    vb_render_memory(engine_of(state), mistyped_yaml, strlen(mistyped_yaml), "mistyped.yaml",
                     NULL, &pdf, &len, diag);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "mistyped.yaml:%d:1: error: ", ru_mistyped_line());
    bool found = false;
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++) {
        const char *text = vb_diagnostic_format(diag, i);
        if (strncmp(text, prefix, strlen(prefix)) == 0) {
            found = true;
            assert_non_null(strstr(text + strlen(prefix), RU_MISTYPED_KEY));
        }
    }
    if (!found)
        print_diagnostics(diag);
    assert_true(found);
    vb_diagnostics_free(diag);
}

static void diagnostics_without_position_name_the_file(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(engine_of(state), "no-such-input.yaml", diag), VB_ERR_IO);
    assert_true(vb_diagnostics_errors(diag) > 0);
    const char *text = vb_diagnostic_format(diag, 0);
    assert_string_equal(vb_diagnostic_get(diag, 0)->file, "no-such-input.yaml");
    assert_int_equal(strncmp(text, "no-such-input.yaml: error: ", 27), 0);
    vb_diagnostics_free(diag);
}

/* ----------------------------------------------------------- files on disk ---- */

static void assert_dir_holds(const char *dir, const char *expected_listing)
{
    char *listing = ru_list_dir(dir);
    assert_string_equal(listing, expected_listing);
    free(listing);
}

static mode_t process_umask(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

static void check_file_accepts_and_writes_nothing(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_check_file(engine_of(state), s.input, diag);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);
    assert_dir_holds(s.dir, "in.yaml");
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void check_file_reports_content_errors(void **state)
{
    ru_scratch s = ru_scratch_with_input(mistyped_yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(engine_of(state), s.input, diag), VB_ERR_CONTENT);
    char where[4200];
    snprintf(where, sizeof where, "%s:%d:1: error: ", s.input, ru_mistyped_line());
    assert_true(diagnostics_mention(diag, where));
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void render_file_writes_a_readable_pdf(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, s.output, NULL, diag);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);

    size_t len = 0;
    char *pdf = tu_read_file(s.output, &len);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
    ru_assert_qpdf_clean(s.output);
    struct stat st_out;
    assert_int_equal(stat(s.output, &st_out), 0);
    assert_int_equal(st_out.st_mode & 0777, 0644 & ~process_umask());
    assert_dir_holds(s.dir, "in.yaml\nout.pdf");

    /* The file holds exactly what rendering to memory gives. */
    size_t mem_len = 0;
    unsigned char *mem = render_ok(engine_of(state), sample_yaml, NULL, &mem_len);
    assert_int_equal(len, mem_len);
    assert_memory_equal(pdf, mem, len);
    vb_free(mem);
    free(pdf);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void failed_render_leaves_existing_output_untouched(void **state)
{
    ru_scratch s = ru_scratch_with_input(mistyped_yaml);
    static const char old[] = "%PDF-1.4 an older render, kept as it is";
    assert_int_equal(ru_write_file(s.output, old, sizeof old - 1), 0);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_render_file(engine_of(state), s.input, s.output, NULL, diag),
                     VB_ERR_CONTENT);
    size_t len = 0;
    char *now = tu_read_file(s.output, &len);
    assert_non_null(now);
    assert_int_equal(len, sizeof old - 1);
    assert_memory_equal(now, old, len);
    assert_dir_holds(s.dir, "in.yaml\nout.pdf");
    free(now);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* A rename that fails after the PDF was written (the output is a folder) must take the
 * temporary file away with it. */
static void failed_write_leaves_no_temporary_file(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    assert_int_equal(mkdir(s.output, 0755), 0);
    char *inside = ru_join(s.output, "keep.txt");
    assert_int_equal(ru_write_file(inside, "kept", 4), 0);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, s.output, NULL, diag);
    assert_io_error_naming(st, diag, s.output, strerror(EISDIR));
    assert_dir_holds(s.dir, "in.yaml\nout.pdf");
    assert_dir_holds(s.output, "keep.txt");
    free(inside);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* Root may write anywhere, so "unwritable" is a folder path through a regular file, which
 * no one can create files in; without root, a read-only folder is tried too. */
static void unwritable_folder_is_an_io_error_naming_it(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *not_a_folder = ru_join(s.dir, "plain-file");
    assert_int_equal(ru_write_file(not_a_folder, "x", 1), 0);
    char *output = ru_join(not_a_folder, "out.pdf");
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, output, NULL, diag);
    assert_io_error_naming(st, diag, not_a_folder, strerror(ENOTDIR));

    if (geteuid() != 0) {
        char *locked = ru_join(s.dir, "locked");
        char *locked_output = ru_join(locked, "out.pdf");
        assert_int_equal(mkdir(locked, 0555), 0);
        vb_diagnostics_clear(diag);
        st = vb_render_file(engine_of(state), s.input, locked_output, NULL, diag);
        assert_io_error_naming(st, diag, locked, strerror(EACCES));
        assert_dir_holds(locked, "");
        chmod(locked, 0755);
        free(locked_output);
        free(locked);
    }
    free(output);
    free(not_a_folder);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* -------------------------------------------------- outputs that are not files ---- */

/* Renders sample_yaml to output; asserts success. */
static void render_file_ok(void **state, const char *input, const char *output)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), input, output, NULL, diag);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);
    vb_diagnostics_free(diag);
}

static mode_t kind_of_entry(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode & S_IFMT;
}

/* As root the temp-and-rename write would have replaced /dev/null itself with a PDF. Root
 * tries it on a private null device in the scratch folder, so that a regression cannot harm
 * the machine; anyone else on /dev/null, which they could not replace anyway. */
static void render_onto_a_character_device_writes_through(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *device = ru_join(s.dir, "null");
    bool private_node = mknod(device, S_IFCHR | 0666, makedev(1, 3)) == 0;
    const char *target = private_node ? device : "/dev/null";
    render_file_ok(state, s.input, target);
    assert_int_equal(kind_of_entry(target), S_IFCHR);
    assert_dir_holds(s.dir, private_node ? "in.yaml\nnull" : "in.yaml");
    free(device);
    ru_scratch_free(&s);
}

typedef struct {
    const char *path;
    char *data;
    size_t len;
} fifo_reader;

static void *read_fifo(void *arg)
{
    fifo_reader *r = arg;
    int fd = open(r->path, O_RDONLY);
    size_t cap = 1 << 20;
    r->data = malloc(cap);
    for (ssize_t n = 1; fd >= 0 && r->data && n > 0;) {
        if (r->len == cap)
            r->data = realloc(r->data, cap *= 2);
        n = r->data ? read(fd, r->data + r->len, cap - r->len) : -1;
        r->len += n > 0 ? (size_t)n : 0;
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

static void render_onto_a_fifo_feeds_its_reader(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *fifo = ru_join(s.dir, "pipe");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    fifo_reader reader = {.path = fifo};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, read_fifo, &reader), 0);
    render_file_ok(state, s.input, fifo);
    pthread_join(thread, NULL);
    assert_int_equal(kind_of_entry(fifo), S_IFIFO);
    size_t mem_len = 0;
    unsigned char *mem = render_ok(engine_of(state), sample_yaml, NULL, &mem_len);
    assert_int_equal(reader.len, mem_len);
    assert_memory_equal(reader.data, mem, mem_len);
    assert_dir_holds(s.dir, "in.yaml\npipe");
    vb_free(mem);
    free(reader.data);
    free(fifo);
    ru_scratch_free(&s);
}

static void render_onto_a_symlink_writes_its_target(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *real = ru_join(s.dir, "real.pdf"), *link = ru_join(s.dir, "link.pdf");
    char *dangling = ru_join(s.dir, "dangling.pdf"), *created = ru_join(s.dir, "new.pdf");
    assert_int_equal(ru_write_file(real, "old", 3), 0);
    assert_int_equal(symlink("real.pdf", link), 0);
    assert_int_equal(symlink("new.pdf", dangling), 0);
    render_file_ok(state, s.input, link);
    render_file_ok(state, s.input, dangling);
    assert_int_equal(kind_of_entry(link), S_IFLNK);
    assert_int_equal(kind_of_entry(dangling), S_IFLNK);
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        char *pdf = tu_read_file(i ? created : real, &len);
        assert_non_null(pdf);
        assert_memory_equal(pdf, "%PDF-", 5);
        free(pdf);
    }
    assert_dir_holds(s.dir, "dangling.pdf\nin.yaml\nlink.pdf\nnew.pdf\nreal.pdf");
    free(real);
    free(link);
    free(dangling);
    free(created);
    ru_scratch_free(&s);
}

/* "-" is standard output, for pipelines ("vanban render a.yaml -o - | lpr"). */
static void render_onto_dash_writes_standard_output(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *capture = ru_join(s.dir, "stdout");
    int fd = open(capture, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, "-", NULL, diag);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(fd);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);
    size_t len = 0;
    char *pdf = tu_read_file(capture, &len);
    assert_non_null(pdf);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_dir_holds(s.dir, "in.yaml\nstdout");
    free(pdf);
    free(capture);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void render_onto_a_socket_is_refused(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *path = ru_join(s.dir, "sock");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    assert_true(strlen(path) < sizeof addr.sun_path);
    strcpy(addr.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, path, NULL, diag);
    assert_io_error_naming(st, diag, path, "socket");
    assert_int_equal(kind_of_entry(path), S_IFSOCK);
    close(fd);
    free(path);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* NAME_MAX is 255: the longest legal output name must not fail for the temporary file's sake. */
static void render_onto_a_255_byte_name(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char name[256];
    memset(name, 'a', 251);
    strcpy(name + 251, ".pdf");
    char *output = ru_join(s.dir, name);
    render_file_ok(state, s.input, output);
    assert_int_equal(kind_of_entry(output), S_IFREG);
    free(output);
    ru_scratch_free(&s);
}

static void output_equal_to_input_is_refused(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *same_file = ru_join(s.dir, "./in.yaml");
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_render_file(engine_of(state), s.input, s.input, NULL, diag),
                     VB_ERR_USAGE);
    assert_int_equal(vb_render_file(engine_of(state), s.input, same_file, NULL, diag),
                     VB_ERR_USAGE);
    size_t len = 0;
    char *yaml = tu_read_file(s.input, &len);
    assert_non_null(yaml);
    assert_string_equal(yaml, sample_yaml);
    assert_dir_holds(s.dir, "in.yaml");
    free(yaml);
    free(same_file);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void missing_input_is_an_io_error(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    char *dir = ru_make_temp_dir();
    char *output = ru_join(dir, "out.pdf");
    vb_status st = vb_render_file(engine_of(state), "no-such-input.yaml", output, NULL, diag);
    assert_io_error_naming(st, diag, "no-such-input.yaml", NULL);
    assert_dir_holds(dir, "");
    free(output);
    ru_remove_temp_dir(dir);
    vb_diagnostics_free(diag);
}

/* ------------------------------------------------------------ font folders ---- */

/* A second font folder: links to the shipped fonts under another name, so the engine must
 * load and cache it as a folder of its own. */
static char *linked_font_folder(const char *parent)
{
    static const char *const styles[] = {"Regular", "Bold", "Italic", "BoldItalic"};
    char *folder = ru_join(parent, "other-fonts");
    assert_int_equal(mkdir(folder, 0755), 0);
    for (size_t i = 0; i < 4; i++) {
        char name[64], shipped[128];
        snprintf(name, sizeof name, "LiberationSerif-%s.ttf", styles[i]);
        snprintf(shipped, sizeof shipped, VB_TEST_FONT_DIR "/%s", name);
        char *target = realpath(shipped, NULL);
        assert_non_null(target);
        char *link = ru_join(folder, name);
        assert_int_equal(symlink(target, link), 0);
        free(link);
        free(target);
    }
    return folder;
}

/* trinh_bay.phong_chu is relative to the YAML file: the test runs elsewhere. */
static void content_font_folder_is_relative_to_the_yaml(void **state)
{
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML "trinh_bay:\n  phong_chu: other-fonts\n");
    char *folder = linked_font_folder(s.dir);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_status st = vb_render_file(engine_of(state), s.input, s.output, NULL, diag);
    print_diagnostics(diag);
    assert_int_equal(st, VB_OK);
    free(folder);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

static void missing_content_font_folder_is_a_content_error(void **state)
{
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML "trinh_bay:\n  phong_chu: no-such-fonts\n");
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(engine_of(state), s.input, diag), VB_ERR_CONTENT);
    assert_true(diagnostics_mention(diag, "phong_chu"));
    assert_true(diagnostics_mention(diag, "no-such-fonts"));
    /* at the value's line and column: the line after the sample's, past "  phong_chu: " */
    const vb_diagnostic *g = vb_diagnostic_get(diag, 0);
    assert_int_equal(g->line, ru_mistyped_line() + 1);
    assert_int_equal(g->column, 14);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

typedef struct {
    vb_engine *eng;
    const vb_render_options *opts;
    unsigned char *pdf;
    size_t len;
    vb_status status;
} render_job;

static void *render_job_run(void *arg)
{
    render_job *job = arg;
    vb_diagnostics *diag = vb_diagnostics_new();
    job->status = vb_render_memory(job->eng, sample_yaml, strlen(sample_yaml), "thread.yaml",
                                   job->opts, &job->pdf, &job->len, diag);
    vb_diagnostics_free(diag);
    return NULL;
}

/* One engine, many threads, two font folders loaded and cached concurrently: every render
 * succeeds and renders with the default fonts agree byte for byte. */
static void one_engine_serves_many_threads(void **state)
{
    enum { JOBS = 8 };
    vb_engine *eng = engine_of(state);
    char *dir = ru_make_temp_dir();
    char *folder = linked_font_folder(dir);
    vb_render_options other_fonts = {.font_dir = folder, .creation_time = -1};
    render_job jobs[JOBS];
    pthread_t threads[JOBS];
    for (int i = 0; i < JOBS; i++) {
        jobs[i] = (render_job){.eng = eng, .opts = i % 2 ? &other_fonts : NULL};
        assert_int_equal(pthread_create(&threads[i], NULL, render_job_run, &jobs[i]), 0);
    }
    for (int i = 0; i < JOBS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < JOBS; i++) {
        assert_int_equal(jobs[i].status, VB_OK);
        assert_memory_equal(jobs[i].pdf, "%PDF-", 5);
        if (i >= 2 && i % 2 == 0) {
            assert_int_equal(jobs[i].len, jobs[0].len);
            assert_memory_equal(jobs[i].pdf, jobs[0].pdf, jobs[0].len);
        }
    }
    for (int i = 0; i < JOBS; i++)
        vb_free(jobs[i].pdf);
    free(folder);
    ru_remove_temp_dir(dir);
}

/* A wrong call is the caller's mistake, said as such (VB_ERR_USAGE), never a crash; the
 * render writes nothing and hands back no PDF. */
static void null_arguments_are_usage_errors(void **state)
{
    vb_engine *eng = engine_of(state);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(NULL, "in.yaml", diag), VB_ERR_USAGE);
    assert_true(diagnostics_mention(diag, "gọi API sai: engine là NULL"));
    vb_diagnostics_clear(diag);
    assert_int_equal(vb_render_file(eng, NULL, "out.pdf", NULL, diag), VB_ERR_USAGE);
    assert_true(diagnostics_mention(diag, "gọi API sai: tệp đầu vào là NULL"));
    vb_diagnostics_clear(diag);
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    assert_int_equal(vb_render_file(eng, s.input, "", NULL, diag), VB_ERR_USAGE);
    assert_true(diagnostics_mention(diag, "gọi API sai: thiếu tệp đầu ra"));
    assert_dir_holds(s.dir, "in.yaml");
    vb_diagnostics_clear(diag);
    unsigned char *pdf = (unsigned char *)"not touched";
    size_t len = 99;
    assert_int_equal(vb_render_memory(eng, NULL, 5, "x", NULL, &pdf, &len, diag), VB_ERR_USAGE);
    assert_null(pdf);
    assert_int_equal(len, 0);
    assert_int_equal(vb_render_memory(eng, sample_yaml, 3, "x", NULL, NULL, &len, diag),
                     VB_ERR_USAGE);
    assert_true(diagnostics_mention(diag, "gọi API sai: engine, yaml, pdf hoặc pdf_len là NULL"));
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* A stop asked before the render starts: nothing is done, the old output is kept. */
static void cancel_set_beforehand_stops_at_once(void **state)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    assert_int_equal(ru_write_file(s.output, "old", 3), 0);
    volatile int stop = 1;
    vb_render_options opts = {.creation_time = -1, .cancel = &stop};
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_render_file(engine_of(state), s.input, s.output, &opts, diag), VB_ERR_IO);
    assert_int_equal(vb_diagnostics_count(diag), 1);
    assert_true(diagnostics_mention(diag, "đã dừng theo yêu cầu"));
    size_t len = 0;
    char *kept = tu_read_file(s.output, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(kept, "old", 3);
    assert_dir_holds(s.dir, "in.yaml\nout.pdf");
    free(kept);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* Asking past the end, or of no list at all, is answered, not a crash: the loop in vanban.h's
 * example may be written with a stale count. */
static void diagnostics_past_the_end_are_empty(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_null(vb_diagnostic_get(diag, 0));
    assert_string_equal(vb_diagnostic_format(diag, 0), "");
    assert_null(vb_diagnostic_get(NULL, 0));
    assert_string_equal(vb_diagnostic_format(NULL, 3), "");
    assert_int_equal(vb_diagnostics_count(NULL), 0);
    assert_int_equal(vb_diagnostics_errors(NULL), 0);
    vb_diagnostics_clear(NULL);
    vb_diagnostics_free(NULL);
    vb_diagnostics_free(diag);
}

/* Past a thousand messages the rest are counted in one last line, which reads the same each
 * time it is asked for. */
static void messages_past_the_cap_end_in_one_summary(void **state)
{
    size_t cap = strlen(sample_yaml) + 1200 * 16;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    size_t len = (size_t)snprintf(yaml, cap, "%s", sample_yaml);
    for (int i = 0; i < 1200; i++)
        len += (size_t)snprintf(yaml + len, cap - len, "khoa_%04d: x\n", i);
    ru_scratch s = ru_scratch_with_input(yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(engine_of(state), s.input, diag), VB_ERR_CONTENT);
    size_t n = vb_diagnostics_count(diag);
    assert_int_equal(n, 1001);
    assert_int_equal(vb_diagnostics_errors(diag), 1200);
    const vb_diagnostic *last = vb_diagnostic_get(diag, n - 1);
    assert_non_null(last);
    assert_string_equal(last->message, "còn 200 thông báo khác không được hiển thị (200 lỗi, 0 "
                                       "cảnh báo); hãy sửa các lỗi trên rồi chạy lại");
    assert_ptr_equal(vb_diagnostic_get(diag, n - 1), last);
    assert_string_equal(vb_diagnostic_get(diag, n - 1)->message, last->message);
    assert_null(vb_diagnostic_get(diag, n));
    vb_diagnostics_free(diag);
    free(yaml);
    ru_scratch_free(&s);
}

static void version_matches_the_header(void **state)
{
    (void)state;
    assert_string_equal(vb_version(), VANBAN_VERSION);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_the_header),
        cmocka_unit_test(engine_loads_the_fonts_folder),
        cmocka_unit_test(engine_names_a_missing_font_folder),
        cmocka_unit_test(engine_finds_default_fonts),
        cmocka_unit_test(engine_obeys_vanban_font_dir),
        cmocka_unit_test(render_memory_gives_a_pdf),
        cmocka_unit_test(render_memory_is_deterministic_and_dated_on_request),
        cmocka_unit_test(render_memory_reports_a_content_error_with_position),
        cmocka_unit_test(diagnostics_are_formatted_file_line_col),
        cmocka_unit_test(diagnostics_without_position_name_the_file),
        cmocka_unit_test(check_file_accepts_and_writes_nothing),
        cmocka_unit_test(check_file_reports_content_errors),
        cmocka_unit_test(render_file_writes_a_readable_pdf),
        cmocka_unit_test(failed_render_leaves_existing_output_untouched),
        cmocka_unit_test(failed_write_leaves_no_temporary_file),
        cmocka_unit_test(unwritable_folder_is_an_io_error_naming_it),
        cmocka_unit_test(render_onto_a_character_device_writes_through),
        cmocka_unit_test(render_onto_a_fifo_feeds_its_reader),
        cmocka_unit_test(render_onto_a_symlink_writes_its_target),
        cmocka_unit_test(render_onto_dash_writes_standard_output),
        cmocka_unit_test(render_onto_a_socket_is_refused),
        cmocka_unit_test(render_onto_a_255_byte_name),
        cmocka_unit_test(output_equal_to_input_is_refused),
        cmocka_unit_test(missing_input_is_an_io_error),
        cmocka_unit_test(content_font_folder_is_relative_to_the_yaml),
        cmocka_unit_test(missing_content_font_folder_is_a_content_error),
        cmocka_unit_test(one_engine_serves_many_threads),
        cmocka_unit_test(a_content_error_that_says_memory_is_still_content),
        cmocka_unit_test(null_arguments_are_usage_errors),
        cmocka_unit_test(cancel_set_beforehand_stops_at_once),
        cmocka_unit_test(diagnostics_past_the_end_are_empty),
        cmocka_unit_test(messages_past_the_cap_end_in_one_summary),
    };
    return cmocka_run_group_tests_name("api", tests, engine_setup, engine_teardown);
}
