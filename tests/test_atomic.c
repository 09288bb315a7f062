/* The atomic write (src/common/fileio.c) failing at each of its steps, without relying on
 * timing: a file-size limit, an LD_PRELOAD shim (tests/io/failio.c) that fails one step, and a
 * user who may not write the folder. Each time the old output must stay byte for byte, with no
 * temporary file beside it; a good render must replace the file, not write into it. Then the
 * other ends of fileio.c: a full device, chains and loops of links, an endless pipe as input. */
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>

#include "runutil.h"
#include "vanban.h"

static const char sample_yaml[] = RU_SAMPLE_YAML;
static const char old_pdf[] = "%PDF-1.4 an older render, kept as it is";

/* The scratch folder with in.yaml and an older out.pdf. */
static ru_scratch scratch_with_old_output(void)
{
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    assert_int_equal(ru_write_file(s.output, old_pdf, sizeof old_pdf - 1), 0);
    return s;
}

static void assert_old_output_kept(const ru_scratch *s)
{
    size_t len = 0;
    char *now = tu_read_file(s->output, &len);
    assert_non_null(now);
    assert_int_equal(len, sizeof old_pdf - 1);
    assert_memory_equal(now, old_pdf, len);
    free(now);
    char *listing = ru_list_dir(s->dir);
    assert_string_equal(listing, "in.yaml\nout.pdf"); /* no .vb-XXXXXX left */
    free(listing);
}

static vb_engine *new_engine(void)
{
    vb_engine_options opts = {.font_dir = VB_TEST_FONT_DIR};
    return vb_engine_new(&opts, NULL);
}

static bool diagnostics_mention(const vb_diagnostics *diag, const char *needle)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        if (strstr(vb_diagnostic_format(diag, i), needle))
            return true;
    return false;
}

/* The status of a child's exit; fails the test when it was killed. */
static int wait_for(pid_t pid)
{
    int wstatus = 0;
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    assert_true(WIFEXITED(wstatus));
    return WEXITSTATUS(wstatus);
}

/* What a child reports: the render's status when its error named expected_error, else 100. */
static int child_verdict(vb_status st, const vb_diagnostics *diag, int expected_error)
{
    if (!diagnostics_mention(diag, strerror(expected_error))) {
        for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
            fprintf(stderr, "child: %s\n", vb_diagnostic_format(diag, i));
        return 100;
    }
    return (int)st;
}

/* A full disk, deterministically: writes past 4 KiB fail with EFBIG (SIGXFSZ ignored, as a
 * program that handles errors would), in a child so the limit does not outlive the test. */
static void file_size_limit_keeps_the_old_output(void **state)
{
    (void)state;
    ru_scratch s = scratch_with_old_output();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        vb_engine *eng = new_engine();
        vb_diagnostics *diag = vb_diagnostics_new();
        struct rlimit lim;
        getrlimit(RLIMIT_FSIZE, &lim);
        struct rlimit small = {.rlim_cur = 4096, .rlim_max = lim.rlim_max};
        signal(SIGXFSZ, SIG_IGN);
        if (!eng || setrlimit(RLIMIT_FSIZE, &small) != 0)
            exit(101);
        vb_status st = vb_render_file(eng, s.input, s.output, NULL, diag);
        setrlimit(RLIMIT_FSIZE, &lim); /* so that a coverage build can write its counts */
        int verdict = child_verdict(st, diag, EFBIG);
        vb_diagnostics_free(diag); /* exit() runs LeakSanitizer in an ASan build */
        vb_engine_free(eng);
        exit(verdict);
    }
    assert_int_equal(wait_for(pid), VB_ERR_IO);
    assert_old_output_kept(&s);
    ru_scratch_free(&s);
}

/* A rename, not a write into the old file: the inode changes, and a hard link to the old file
 * still holds the old bytes. */
static void good_render_replaces_the_file(void **state)
{
    (void)state;
    ru_scratch s = scratch_with_old_output();
    char *old_link = ru_join(s.dir, "old-link.pdf");
    assert_int_equal(link(s.output, old_link), 0);
    struct stat before, after;
    assert_int_equal(stat(s.output, &before), 0);
    ru_render_ok(s.input, s.output, NULL);
    assert_int_equal(stat(s.output, &after), 0);
    assert_true(before.st_ino != after.st_ino);
    assert_int_equal(after.st_nlink, 1);
    size_t len = 0;
    char *kept = tu_read_file(old_link, &len);
    assert_int_equal(len, sizeof old_pdf - 1);
    assert_memory_equal(kept, old_pdf, len);
    free(kept);
    free(old_link);
    ru_scratch_free(&s);
}

/* vanban -q render with the shim failing step (see tests/io/failio.c). */
static ru_result render_failing(const ru_scratch *s, const char *step)
{
    const char *argv[] = {ru_vanban_bin(), "-q", "render", s->input, "-o", s->output, NULL};
    return ru_run_failing_io(argv, step);
}

static void assert_step_fails(const char *step, const char *what, int expected_error)
{
    ru_scratch s = scratch_with_old_output();
    ru_result r = render_failing(&s, step);
    char expected[512];
    snprintf(expected, sizeof expected, "%s: error: %s ", s.output, what);
    if (r.status != VB_ERR_IO || !strstr(r.err, expected) ||
        !strstr(r.err, strerror(expected_error)))
        ru_show(step, &r);
    assert_int_equal(r.status, VB_ERR_IO);
    assert_non_null(strstr(r.err, expected));
    assert_non_null(strstr(r.err, strerror(expected_error)));
    assert_old_output_kept(&s);
    ru_result_free(&r);
    ru_scratch_free(&s);
}

static void failing_write_keeps_the_old_output(void **state)
{
    (void)state;
    assert_step_fails("write", "không ghi được", ENOSPC);
}

static void failing_fsync_keeps_the_old_output(void **state)
{
    (void)state;
    assert_step_fails("fsync", "không ghi được", EIO);
}

static void failing_fchmod_keeps_the_old_output(void **state)
{
    (void)state;
    assert_step_fails("fchmod", "không đặt được quyền cho", EPERM);
}

static void failing_close_keeps_the_old_output(void **state)
{
    (void)state;
    assert_step_fails("close", "không ghi được", EDQUOT);
}

static void failing_rename_keeps_the_old_output(void **state)
{
    (void)state;
    assert_step_fails("rename", "không ghi được", EXDEV);
}

/* Interrupted and partial writes are not failures: the file must hold every byte, once. */
static void assert_step_carries_on(const char *step)
{
    ru_scratch s = scratch_with_old_output();
    char *reference = ru_join(s.dir, "reference.pdf");
    ru_render_ok(s.input, reference, NULL);
    ru_result r = render_failing(&s, step);
    if (r.status != 0)
        ru_show(step, &r);
    assert_int_equal(r.status, 0);
    size_t len = 0, ref_len = 0;
    char *pdf = tu_read_file(s.output, &len), *ref = tu_read_file(reference, &ref_len);
    assert_true(ref_len > 1000 * 3); /* several short writes */
    assert_int_equal(len, ref_len);
    assert_memory_equal(pdf, ref, len);
    free(pdf);
    free(ref);
    free(reference);
    ru_result_free(&r);
    ru_scratch_free(&s);
}

static void interrupted_writes_are_resumed(void **state)
{
    (void)state;
    assert_step_carries_on("eintr");
}

static void short_writes_are_continued(void **state)
{
    (void)state;
    assert_step_carries_on("short");
}

/* Reading the input and the fonts, too, carries on through interruptions and short reads. */
static void interrupted_and_short_reads_are_resumed(void **state)
{
    (void)state;
    assert_step_carries_on("slowread");
}

/* Root may create files anywhere, so the folder's permission is tested as `nobody`, in a
 * child; as another user the folder is made read-only instead. */
static void unwritable_folder_is_eacces(void **state)
{
    (void)state;
    ru_scratch s = scratch_with_old_output();
    char *locked = ru_join(s.dir, "locked");
    char *output = ru_join(locked, "out.pdf");
    bool root = geteuid() == 0;
    assert_int_equal(mkdir(locked, root ? 0755 : 0555), 0);
    assert_int_equal(chmod(s.dir, 0755), 0); /* nobody reads in.yaml through it */
    assert_int_equal(chmod(s.input, 0644), 0);
    struct passwd *nobody = getpwnam("nobody");
    if (root)
        assert_non_null(nobody);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        vb_engine *eng = new_engine();
        if (!eng)
            _exit(101);
        if (root && (setgid(nobody->pw_gid) != 0 || setuid(nobody->pw_uid) != 0))
            _exit(102);
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_status st = vb_render_file(eng, s.input, output, NULL, diag);
        /* _exit: a coverage build's counts belong to root, and the folder path is also
         * taken by test_api's ENOTDIR case. */
        _exit(child_verdict(st, diag, EACCES));
    }
    assert_int_equal(wait_for(pid), VB_ERR_IO);
    char *listing = ru_list_dir(locked);
    assert_string_equal(listing, "");
    free(listing);
    chmod(locked, 0755);
    free(output);
    free(locked);
    ru_scratch_free(&s);
}

/* ------------------------------------------------- devices, links and pipes ---- */

static vb_status render_file(const char *input, const char *output, vb_diagnostics *diag)
{
    vb_engine *eng = new_engine();
    assert_non_null(eng);
    vb_status st = vb_render_file(eng, input, output, NULL, diag);
    vb_engine_free(eng);
    return st;
}

/* A device is written through, and its failure reported as such. */
static void full_device_is_an_io_error(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(render_file(s.input, "/dev/full", diag), VB_ERR_IO);
    char expected[128];
    snprintf(expected, sizeof expected, "không ghi được /dev/full: %s", strerror(ENOSPC));
    assert_true(diagnostics_mention(diag, expected));
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* A dangling chain of links, one of them absolute, gets its last file created; every link
 * stays a link. A loop of links is an error, and nothing is created. */
static void link_chains_and_loops(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *first = ru_join(s.dir, "first.pdf"), *second = ru_join(s.dir, "second.pdf");
    char *created = ru_join(s.dir, "created.pdf");
    assert_int_equal(symlink(second, first), 0); /* absolute */
    assert_int_equal(symlink("created.pdf", second), 0);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(render_file(s.input, first, diag), VB_OK);
    struct stat st;
    assert_int_equal(lstat(first, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(second, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(created, &st), 0);
    assert_true(S_ISREG(st.st_mode) && st.st_size > 1000);

    char *loop_a = ru_join(s.dir, "loop-a.pdf"), *loop_b = ru_join(s.dir, "loop-b.pdf");
    assert_int_equal(symlink("loop-b.pdf", loop_a), 0);
    assert_int_equal(symlink("loop-a.pdf", loop_b), 0);
    vb_diagnostics_clear(diag);
    assert_int_equal(render_file(s.input, loop_a, diag), VB_ERR_IO);
    assert_true(diagnostics_mention(diag, strerror(ELOOP)));
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "created.pdf\nfirst.pdf\nin.yaml\nloop-a.pdf\nloop-b.pdf\n"
                                 "second.pdf");
    free(listing);
    free(loop_a);
    free(loop_b);
    free(first);
    free(second);
    free(created);
    vb_diagnostics_free(diag);
    ru_scratch_free(&s);
}

/* Writes YAML comments into a FIFO until the reader goes away or 32 MB are written. */
static void *feed_fifo(void *path)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return NULL;
    static char chunk[64 * 1024];
    memset(chunk, '#', sizeof chunk - 1);
    chunk[sizeof chunk - 1] = '\n';
    for (size_t sent = 0; sent < ((size_t)32 << 20); sent += sizeof chunk)
        if (write(fd, chunk, sizeof chunk) < 0)
            break; /* EPIPE: the reader stopped, as it should */
    close(fd);
    return NULL;
}

/* A pipe has no size to check beforehand: it is read up to the 16 MB bound, then refused. */
static void endless_pipe_input_is_refused_at_the_bound(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    char *fifo = ru_join(s.dir, "pipe.yaml");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    signal(SIGPIPE, SIG_IGN);
    pthread_t writer;
    assert_int_equal(pthread_create(&writer, NULL, feed_fifo, fifo), 0);
    vb_engine *eng = new_engine();
    assert_non_null(eng);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(vb_check_file(eng, fifo, diag), VB_ERR_IO);
    pthread_join(writer, NULL);
    assert_true(diagnostics_mention(diag, "tệp quá lớn: giới hạn là 16 MB"));
    vb_diagnostics_free(diag);
    vb_engine_free(eng);
    free(fifo);
    ru_scratch_free(&s);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_size_limit_keeps_the_old_output),
        cmocka_unit_test(good_render_replaces_the_file),
        cmocka_unit_test(failing_write_keeps_the_old_output),
        cmocka_unit_test(failing_fsync_keeps_the_old_output),
        cmocka_unit_test(failing_fchmod_keeps_the_old_output),
        cmocka_unit_test(failing_close_keeps_the_old_output),
        cmocka_unit_test(failing_rename_keeps_the_old_output),
        cmocka_unit_test(interrupted_writes_are_resumed),
        cmocka_unit_test(short_writes_are_continued),
        cmocka_unit_test(interrupted_and_short_reads_are_resumed),
        cmocka_unit_test(unwritable_folder_is_eacces),
        cmocka_unit_test(full_device_is_an_io_error),
        cmocka_unit_test(link_chains_and_loops),
        cmocka_unit_test(endless_pipe_input_is_refused_at_the_bound),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
