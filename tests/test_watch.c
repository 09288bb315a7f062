/* `vanban watch` as a clerk uses it: build/vanban (or $VANBAN_BIN) started as a child process on
 * a temporary folder, edited the way editors save (a new file renamed over the old one, or a
 * write in place), and stopped by a signal. Waits are loops with a generous limit, so that a
 * slow machine (or a sanitizer build) is never a failure: only what happens is checked, never
 * how fast. */
#include <signal.h>
#include <sys/inotify.h>
#include <time.h>

#include "runutil.h"

/* How long a wait may take before the test gives up on it: a hang, not a speed. */
#ifndef WAIT_LIMIT_MS
#define WAIT_LIMIT_MS 60000
#endif

static const char sample_yaml[] = RU_SAMPLE_YAML;
static const char mistyped_yaml[] = RU_MISTYPED_YAML;

/* A running `vanban watch`, its stdout and stderr going to files in a folder of their own (not
 * the watched one, whose listing the tests check). */
typedef struct {
    pid_t pid;
    char *capture_dir;
    char *out_path, *err_path;
} watcher;

/* The children still running when a test fails: the teardown stops them. */
static pid_t running[8];

static void forget_child(pid_t pid)
{
    for (size_t i = 0; i < sizeof running / sizeof *running; i++)
        if (running[i] == pid)
            running[i] = 0;
}

static void sleep_a_little(void)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* Starts vanban with the NULL-terminated args after the program name. */
static watcher start(const char *const *args)
{
    watcher w = {.capture_dir = ru_make_temp_dir()};
    w.out_path = ru_join(w.capture_dir, "stdout");
    w.err_path = ru_join(w.capture_dir, "stderr");
    const char *argv[16] = {ru_vanban_bin()};
    for (size_t n = 1; args[n - 1] && n < 15; n++)
        argv[n] = args[n - 1];

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, w.out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, 2, w.err_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    int rc = posix_spawnp(&w.pid, argv[0], &actions, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < sizeof running / sizeof *running; i++)
        if (!running[i]) {
            running[i] = w.pid;
            break;
        }
    return w;
}

#define START(...) start((const char *const[]){__VA_ARGS__, NULL})

/* The child's exit status (128 + signal when killed), or -1 when it has not ended within the
 * limit (it is then killed). */
static int wait_for_exit(pid_t pid)
{
    for (int waited = 0; waited < WAIT_LIMIT_MS; waited += 10) {
        int wstatus;
        pid_t done = waitpid(pid, &wstatus, WNOHANG);
        if (done == pid) {
            forget_child(pid);
            return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
        }
        if (done < 0 && errno != EINTR)
            break;
        sleep_a_little();
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    forget_child(pid);
    return -1;
}

static char *captured(const char *path)
{
    char *text = tu_read_file(path, NULL);
    return text ? text : strdup("");
}

static void show(const watcher *w)
{
    char *out = captured(w->out_path), *err = captured(w->err_path);
    print_message("vanban watch said:\n--- stdout\n%s--- stderr\n%s---\n", out, err);
    free(out);
    free(err);
}

/* Sends sig and returns the exit status. */
static int stop(watcher *w, int sig)
{
    assert_int_equal(kill(w->pid, sig), 0);
    int status = wait_for_exit(w->pid);
    if (status != 0)
        show(w);
    return status;
}

static void watcher_free(watcher *w)
{
    free(w->out_path);
    free(w->err_path);
    ru_remove_temp_dir(w->capture_dir);
}

/* Test teardown: a test that failed half-way leaves its watcher running. */
static int stop_leftover_children(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof running / sizeof *running; i++)
        if (running[i]) {
            kill(running[i], SIGKILL);
            waitpid(running[i], NULL, 0);
            running[i] = 0;
        }
    return 0;
}

static bool file_has(const char *path, const char *needle)
{
    char *text = captured(path);
    bool found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

/* Waits until the file holds needle; false when the limit passed first. */
static bool wait_for_text(const char *path, const char *needle)
{
    for (int waited = 0; waited < WAIT_LIMIT_MS; waited += 10) {
        if (file_has(path, needle))
            return true;
        sleep_a_little();
    }
    return false;
}

/* Waits until the file exists with contents other than old (NULL: any contents); returns them
 * (malloc'd, *len set), or NULL when the limit passed first. The PDF is renamed into place
 * whole, so whatever is read is a complete file. */
static char *wait_for_new_contents(const char *path, const char *old, size_t old_len, size_t *len)
{
    for (int waited = 0; waited < WAIT_LIMIT_MS; waited += 10) {
        char *data = tu_read_file(path, len);
        if (data && (!old || *len != old_len || memcmp(data, old, old_len) != 0))
            return data;
        free(data);
        sleep_a_little();
    }
    return NULL;
}

/* Saves the way most editors do: a new file beside the old one, renamed over it. */
static void save_by_rename(const char *path, const char *text)
{
    char *temp = malloc(strlen(path) + 8);
    assert_non_null(temp);
    sprintf(temp, "%s.new~", path);
    assert_int_equal(ru_write_file(temp, text, strlen(text)), 0);
    assert_int_equal(rename(temp, path), 0);
    free(temp);
}

/* watch needs inotify, which a machine may not give (its instances or watches used up by
 * other programs, a sandbox without it): such a test is skipped with the reason, never failed. */
static void require_inotify(const char *dir)
{
    int fd = inotify_init1(IN_CLOEXEC);
    int wd = fd >= 0 ? inotify_add_watch(fd, dir, IN_CREATE) : -1;
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (wd < 0) {
        print_message("inotify cannot be used here (%s): skipped\n", strerror(err));
        skip();
    }
}

/* As require_inotify, for a facility a test builds on: rc is the call's result. */
static void require(int rc, const char *what)
{
    if (rc != 0) {
        print_message("%s is not possible here (%s): skipped\n", what, strerror(errno));
        skip();
    }
}

/* The sample with its trích yếu replaced by summary. malloc'd. */
static char *sample_with_summary(const char *summary)
{
    static const char key[] = "trich_yeu: ";
    const char *start = strstr(sample_yaml, key);
    assert_non_null(start);
    start += strlen(key);
    const char *end = strchr(start, '\n');
    size_t n = strlen(sample_yaml) + strlen(summary) + 1;
    char *yaml = malloc(n);
    assert_non_null(yaml);
    snprintf(yaml, n, "%.*s%s%s", (int)(start - sample_yaml), sample_yaml, summary, end);
    return yaml;
}

static char *pdf_text(const char *pdf)
{
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    return ru_output_of(argv);
}

static size_t count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        char *copy = strndup(line, len);
        n += strstr(copy, needle) != NULL;
        free(copy);
        line += len + (line[len] == '\n');
    }
    return n;
}

/* Waits for the watcher to write a PDF other than old (NULL: any); returns its bytes. */
static char *expect_new_pdf(const watcher *w, const char *pdf, const char *old, size_t old_len,
                            size_t *len)
{
    char *data = wait_for_new_contents(pdf, old, old_len, len);
    if (!data)
        show(w);
    assert_non_null(data);
    assert_memory_equal(data, "%PDF-", 5);
    return data;
}

/* The PDF's text holds present and, unless NULL, not absent. */
static void expect_text(const char *pdf, const char *present, const char *absent)
{
    char *text = pdf_text(pdf);
    if (!strstr(text, present) || (absent && strstr(text, absent)))
        print_message("want \"%s\"%s%s in:\n%s\n", present, absent ? ", not " : "",
                      absent ? absent : "", text);
    assert_non_null(strstr(text, present));
    if (absent)
        assert_null(strstr(text, absent));
    free(text);
}

/* Waits until the watcher's stderr holds needle. */
static void expect_told(const watcher *w, const char *needle)
{
    bool told = wait_for_text(w->err_path, needle);
    if (!told)
        show(w);
    assert_true(told);
}

/* First PDF at start; a save by rename renders the new trích yếu; a broken save prints its
 * FILE:LINE:COL and leaves the PDF as it was; a good save renders again; SIGTERM ends it with 0. */
static void watch_renders_every_save_and_keeps_the_last_good_pdf(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    require_inotify(s.dir);
    watcher w = START("watch", s.input, "-o", s.output);

    size_t first_len = 0, second_len = 0, third_len = 0;
    char *first = expect_new_pdf(&w, s.output, NULL, 0, &first_len);
    expect_text(s.output, "nhiệm vụ tháng 12", NULL);

    char *flood = sample_with_summary("Kết quả phòng, chống lụt bão năm 2023");
    save_by_rename(s.input, flood);
    char *second = expect_new_pdf(&w, s.output, first, first_len, &second_len);
    expect_text(s.output, "lụt bão", "nhiệm vụ tháng 12");

    /* The mistyped key on the sample's last line + 1, as in RU_MISTYPED_YAML. */
    char *broken = malloc(strlen(flood) + 64);
    assert_non_null(broken);
    sprintf(broken, "%s%s: (Trình kỳ họp thứ Bảy)\n", flood, RU_MISTYPED_KEY);
    save_by_rename(s.input, broken);
    expect_told(&w, "giữ bản PDF cũ");
    char where[4200];
    snprintf(where, sizeof where, "%s:%d:1: error: ", s.input, ru_mistyped_line());
    expect_told(&w, where);
    size_t kept_len = 0;
    char *kept = tu_read_file(s.output, &kept_len);
    assert_non_null(kept);
    assert_int_equal(kept_len, second_len);
    assert_memory_equal(kept, second, second_len);
    ru_assert_qpdf_clean(s.output);
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "in.yaml\nout.pdf");
    free(listing);

    char *school = sample_with_summary("Kết quả vận động quỹ khuyến học năm 2023");
    save_by_rename(s.input, school);
    char *third = expect_new_pdf(&w, s.output, second, second_len, &third_len);
    expect_text(s.output, "khuyến học", "lụt bão");

    assert_int_equal(stop(&w, SIGTERM), 0);
    /* One line per render: the first, two good saves; none for the broken one. */
    char *out = captured(w.out_path);
    char said[4200];
    snprintf(said, sizeof said, " đã ghi %s (", s.output);
    if (count_lines_with(out, said) != 3)
        show(&w);
    assert_int_equal(count_lines_with(out, said), 3);
    assert_int_equal(count_lines_with(out, " ms, "), 3);
    free(out);

    free(first);
    free(second);
    free(kept);
    free(third);
    free(flood);
    free(broken);
    free(school);
    watcher_free(&w);
    ru_scratch_free(&s);
}

/* A document broken from the start is no reason to stop: the watch waits for a good save
 * (here written in place, not renamed). -q keeps stdout empty but not the errors; SIGINT ends
 * it with 0. */
static void watch_waits_out_a_broken_start_quietly(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(mistyped_yaml);
    require_inotify(s.dir);
    watcher w = START("watch", "-q", s.input, "-o", s.output);

    expect_told(&w, " chưa ghi ");
    char where[4200];
    snprintf(where, sizeof where, "%s:%d:1: error: ", s.input, ru_mistyped_line());
    expect_told(&w, where);
    assert_int_equal(access(s.output, F_OK), -1);

    assert_int_equal(ru_write_file(s.input, sample_yaml, strlen(sample_yaml)), 0);
    size_t len = 0;
    char *pdf = expect_new_pdf(&w, s.output, NULL, 0, &len);

    assert_int_equal(stop(&w, SIGINT), 0);
    char *out = captured(w.out_path);
    assert_string_equal(out, "");
    free(out);
    free(pdf);
    watcher_free(&w);
    ru_scratch_free(&s);
}

/* The child's exit status when it ends within limit_ms; -1 (after killing it) when not. */
static int wait_for_exit_within(pid_t pid, int limit_ms)
{
    for (int waited = 0; waited < limit_ms; waited += 10) {
        int wstatus;
        if (waitpid(pid, &wstatus, WNOHANG) == pid) {
            forget_child(pid);
            return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
        }
        sleep_a_little();
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    forget_child(pid);
    return -1;
}

/* A render that hangs (its font folder, named by the content, holds a pipe nobody writes to,
 * as a font on a dead network share would) still ends on SIGTERM, with 0, the old PDF as it
 * was and no temporary file. The limit is generous: it tells a watch that stops from one that
 * never does. */
static void watch_stops_during_a_render_that_hangs(void **state)
{
    (void)state;
    /* The input is a named pipe held open by a writer that never writes: the first render
     * waits in its read, as on a dead network share. (Fonts can no longer hang a render: they
     * are opened without blocking and must be regular files.) */
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    require_inotify(s.dir);
    assert_int_equal(unlink(s.input), 0);
    require(mkfifo(s.input, 0600), "a named pipe");
    assert_int_equal(ru_write_file(s.output, "old PDF", 7), 0);

    watcher w = START("watch", s.input, "-o", s.output);
    /* The render has reached the input once a writer can open the pipe without blocking. */
    int writer = -1;
    for (int waited = 0; writer < 0 && waited < WAIT_LIMIT_MS; waited += 10) {
        writer = open(s.input, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (writer < 0)
            sleep_a_little();
    }
    assert_true(writer >= 0);
    sleep_a_little();
    assert_int_equal(kill(w.pid, SIGTERM), 0);
    /* The read is retried after the signal, so the watch's last resort ends it, 2 s later. */
    int status = wait_for_exit_within(w.pid, 5000);
    close(writer);
    if (status != 0)
        show(&w);
    assert_int_equal(status, 0);

    char *old = captured(s.output);
    assert_string_equal(old, "old PDF");
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "in.yaml\nout.pdf");
    free(old), free(listing);
    watcher_free(&w);
    ru_scratch_free(&s);
}

/* An input that is a symbolic link is followed: saving the file it points to, in another
 * folder, renders again, and the watch says which file it watches. */
static void watch_follows_a_linked_input(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    require_inotify(s.dir);
    char *elsewhere = ru_make_temp_dir();
    char *target = ru_join(elsewhere, "that.yaml"), *link_path = ru_join(s.dir, "link.yaml");
    assert_int_equal(ru_write_file(target, sample_yaml, strlen(sample_yaml)), 0);
    require(symlink(target, link_path), "a symbolic link");
    watcher w = START("watch", link_path, "-o", s.output);

    size_t first_len = 0, second_len = 0;
    char *first = expect_new_pdf(&w, s.output, NULL, 0, &first_len);
    char *flood = sample_with_summary("Kết quả phòng, chống lụt bão năm 2023");
    save_by_rename(target, flood);
    char *second = expect_new_pdf(&w, s.output, first, first_len, &second_len);
    expect_text(s.output, "lụt bão", "nhiệm vụ tháng 12");

    /* The link pointed elsewhere (made new and renamed over the old one): the new target is
     * rendered, and then followed. */
    char *other = ru_join(elsewhere, "other.yaml"), *new_link = ru_join(s.dir, "link.new");
    char *school = sample_with_summary("Kết quả vận động quỹ khuyến học năm 2023");
    assert_int_equal(ru_write_file(other, school, strlen(school)), 0);
    assert_int_equal(symlink(other, new_link), 0);
    assert_int_equal(rename(new_link, link_path), 0);
    size_t third_len = 0, fourth_len = 0;
    char *third = expect_new_pdf(&w, s.output, second, second_len, &third_len);
    expect_text(s.output, "khuyến học", "lụt bão");
    save_by_rename(other, flood);
    char *fourth = expect_new_pdf(&w, s.output, third, third_len, &fourth_len);
    expect_text(s.output, "lụt bão", "khuyến học");

    assert_int_equal(stop(&w, SIGTERM), 0);
    assert_true(file_has(w.out_path, target));
    assert_true(file_has(w.out_path, other));

    free(other), free(new_link), free(school), free(third), free(fourth);
    free(first), free(second), free(flood), free(target), free(link_path);
    ru_remove_temp_dir(elsewhere);
    watcher_free(&w);
    ru_scratch_free(&s);
}

/* The input's folder moved away and made again (a checkout switched, a sync tool): said, and
 * followed, the new folder's file rendered. */
static void watch_follows_its_folder_made_again(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    require_inotify(s.dir);
    char *folder = ru_join(s.dir, "ho-so"), *moved = ru_join(s.dir, "ho-so-cu");
    char *input = ru_join(folder, "in.yaml");
    assert_int_equal(mkdir(folder, 0777), 0);
    assert_int_equal(ru_write_file(input, sample_yaml, strlen(sample_yaml)), 0);
    watcher w = START("watch", input, "-o", s.output);

    size_t first_len = 0, second_len = 0;
    char *first = expect_new_pdf(&w, s.output, NULL, 0, &first_len);
    assert_int_equal(rename(folder, moved), 0);
    expect_told(&w, folder);
    assert_int_equal(mkdir(folder, 0777), 0);
    char *flood = sample_with_summary("Kết quả phòng, chống lụt bão năm 2023");
    save_by_rename(input, flood);
    char *second = expect_new_pdf(&w, s.output, first, first_len, &second_len);
    expect_text(s.output, "lụt bão", "nhiệm vụ tháng 12");
    assert_int_equal(stop(&w, SIGTERM), 0);

    free(first), free(second), free(flood), free(folder), free(moved), free(input);
    watcher_free(&w);
    ru_scratch_free(&s);
}

/* Runs vanban, which must end by itself, and returns its exit status. */
static int exit_status_of(const char *const *args, const char *stderr_needle)
{
    watcher w = start(args);
    int status = wait_for_exit(w.pid);
    if (stderr_needle && !file_has(w.err_path, stderr_needle)) {
        print_message("stderr lacks \"%s\"\n", stderr_needle);
        status = -2;
    }
    if (status < 0)
        show(&w);
    watcher_free(&w);
    return status;
}

#define EXIT_STATUS(needle, ...) exit_status_of((const char *const[]){__VA_ARGS__, NULL}, needle)

/* What can never work ends the watch at once: wrong usage (2), an input that cannot be read
 * (3). */
static void watch_refuses_what_can_never_work(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    assert_int_equal(EXIT_STATUS("-o", "watch", s.input), 2);
    assert_int_equal(EXIT_STATUS("watch", "watch", s.input, s.input, "-o", s.output), 2);
    assert_int_equal(EXIT_STATUS("-j", "watch", s.input, "-o", s.output, "-j", "2"), 2);
    /* These two are found by the first render, once the watch has started. */
    require_inotify(s.dir);
    assert_int_equal(EXIT_STATUS(s.input, "watch", s.input, "-o", s.input), 2);
    char *missing = ru_join(s.dir, "missing.yaml");
    assert_int_equal(EXIT_STATUS("missing.yaml", "watch", missing, "-o", s.output), 3);
    assert_int_equal(access(s.output, F_OK), -1);
    free(missing);
    ru_scratch_free(&s);
}

/* Waits until `count` lines of the watcher's stdout say a PDF was written; false after
 * limit_ms. */
static bool wait_for_renders(const watcher *w, size_t count, int limit_ms)
{
    for (int waited = 0; waited < limit_ms; waited += 10) {
        char *out = captured(w->out_path);
        size_t renders = count_lines_with(out, "đã ghi");
        free(out);
        if (renders >= count)
            return renders == count;
        sleep_a_little();
    }
    return false;
}

/* Events lost to a full inotify queue may have held a save: watch renders again rather than
 * miss it; an unrelated file alone does not. The loss is made by tests/io/failio.c
 * ("overflow": the first events read become IN_Q_OVERFLOW). */
static void lost_events_render_again(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(sample_yaml);
    require_inotify(s.dir);
    char *out_dir = ru_make_temp_dir(); /* away from the watched folder: no events of its own */
    char *output = ru_join(out_dir, "out.pdf");
    ru_failio_env e;
    ru_failio_env_init(&e, "overflow");
    char *saved_asan = getenv("ASAN_OPTIONS") ? strdup(getenv("ASAN_OPTIONS")) : NULL;
    putenv(e.preload), putenv(e.fail), putenv(e.asan);
    watcher w = START("watch", s.input, "-o", output);
    unsetenv("LD_PRELOAD"), unsetenv("VB_FAIL_IO");
    if (saved_asan)
        setenv("ASAN_OPTIONS", saved_asan, 1);
    else
        unsetenv("ASAN_OPTIONS");
    free(saved_asan);

    bool first = wait_for_renders(&w, 1, WAIT_LIMIT_MS);
    char *unrelated = ru_join(s.dir, "unrelated.txt");
    assert_int_equal(ru_write_file(unrelated, "x", 1), 0); /* its events come out as the loss */
    bool again = first && wait_for_renders(&w, 2, WAIT_LIMIT_MS);
    char *other = ru_join(s.dir, "other.txt");
    assert_int_equal(ru_write_file(other, "x", 1), 0); /* delivered as they are: no render */
    struct timespec settle = {.tv_sec = 0, .tv_nsec = 500 * 1000 * 1000};
    nanosleep(&settle, NULL);
    bool still = again && wait_for_renders(&w, 2, 10);
    if (!first || !again || !still)
        show(&w);
    assert_true(first);
    assert_true(again);
    assert_true(still);
    assert_int_equal(stop(&w, SIGTERM), 0);
    watcher_free(&w);
    free(unrelated);
    free(other);
    free(output);
    ru_remove_temp_dir(out_dir);
    ru_scratch_free(&s);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(watch_renders_every_save_and_keeps_the_last_good_pdf,
                                  stop_leftover_children),
        cmocka_unit_test_teardown(watch_waits_out_a_broken_start_quietly,
                                  stop_leftover_children),
        cmocka_unit_test_teardown(watch_stops_during_a_render_that_hangs, stop_leftover_children),
        cmocka_unit_test_teardown(watch_follows_a_linked_input, stop_leftover_children),
        cmocka_unit_test_teardown(watch_follows_its_folder_made_again, stop_leftover_children),
        cmocka_unit_test_teardown(watch_refuses_what_can_never_work, stop_leftover_children),
        cmocka_unit_test_teardown(lost_events_render_again, stop_leftover_children),
    };
    return cmocka_run_group_tests_name("watch", tests, NULL, ru_remove_leftover_temp_dirs);
}
