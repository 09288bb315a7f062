/* Helpers shared by the API, CLI and end-to-end tests: a small valid document, temporary
 * folders, and running a program with its output captured. Programs are started with
 * posix_spawn and an argument vector, never through a shell, so no path needs quoting. */
#ifndef VB_RUNUTIL_H
#define VB_RUNUTIL_H
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

extern char **environ;

/* The document's head and its signer, shared by the sample and by the generated documents of
 * the resource tests. */
#define RU_SAMPLE_HEAD                                                  \
    "loai: bao-cao\n"                                                   \
    "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"                       \
    "so: 5\n"                                                           \
    "ky_hieu: UBND\n"                                                   \
    "dia_danh: Bình Trung\n"                                            \
    "ngay: 2024-01-05\n"                                                \
    "trich_yeu: Kết quả thực hiện nhiệm vụ tháng 12 năm 2023\n"
#define RU_SAMPLE_SIGNER                                                \
    "nguoi_ky:\n"                                                       \
    "  tham_quyen: TM\n"                                                \
    "  thay_mat: ỦY BAN NHÂN DÂN\n"                                     \
    "  chuc_vu: CHỦ TỊCH\n"                                             \
    "  ho_ten: Hà Minh Phú\n"

/* A short report in the README's format: every kind of block the tests care about, a footnote,
 * Vietnamese text in every field that reaches the PDF. */
#define RU_SAMPLE_YAML                                                  \
    RU_SAMPLE_HEAD                                                      \
    "noi_dung:\n"                                                       \
    "  - muc: Kết quả đạt được\n"                                       \
    "    noi_dung:\n"                                                   \
    "      - khoan: Thu ngân sách đạt **75,35%** dự toán[^quy].\n"      \
    "      - Các thôn hoàn thành kế hoạch đúng hạn, không có vụ việc.\n" \
    "chu_thich:\n"                                                      \
    "  quy: Quỹ vì người nghèo thu được 1.080.000đ.\n"                  \
    "noi_nhan: [UBND huyện, TT Đảng ủy xã]\n"                           \
    RU_SAMPLE_SIGNER

/* The sample with one mistyped optional key ("ghi_chy" for "ghi_chu") on its own last line.
 * The correct key is not a substring of the wrong one, so finding it in a message proves a
 * suggestion was made. */
#define RU_MISTYPED_KEY "ghi_chy"
#define RU_SUGGESTED_KEY "ghi_chu"
#define RU_MISTYPED_YAML RU_SAMPLE_YAML RU_MISTYPED_KEY ": (Trình kỳ họp thứ Bảy)\n"

/* The 1-based line of the mistyped key: one after the sample's lines. */
static inline int ru_mistyped_line(void)
{
    int lines = 0;
    for (const char *p = RU_SAMPLE_YAML; *p; p++)
        lines += *p == '\n';
    return lines + 1;
}

static inline int ru_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t written = fwrite(data, 1, len, f);
    return fclose(f) == 0 && written == len ? 0 : -1;
}

static inline char *ru_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Folders made by ru_make_temp_dir and not removed yet: a failed assertion leaves its test
 * before the test's own clean-up, so the group teardown removes what is left. */
#define RU_MAX_TEMP_DIRS 64
static char *ru_temp_dirs[RU_MAX_TEMP_DIRS];

static inline char *ru_make_temp_dir(void)
{
    char *dir = strdup("/tmp/vanban-test-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < RU_MAX_TEMP_DIRS; i++)
        if (!ru_temp_dirs[i]) {
            ru_temp_dirs[i] = dir;
            break;
        }
    return dir;
}

static inline int ru_remove_entry(const char *path, const struct stat *st, int type,
                                  struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

/* Removes a temporary folder and everything in it; frees dir. */
static inline void ru_remove_temp_dir(char *dir)
{
    if (!dir)
        return;
    for (size_t i = 0; i < RU_MAX_TEMP_DIRS; i++)
        if (ru_temp_dirs[i] == dir)
            ru_temp_dirs[i] = NULL;
    nftw(dir, ru_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

/* Group teardown: removes the folders that failed tests left behind. */
static inline int ru_remove_leftover_temp_dirs(void **state)
{
    (void)state;
    for (size_t i = 0; i < RU_MAX_TEMP_DIRS; i++)
        ru_remove_temp_dir(ru_temp_dirs[i]);
    return 0;
}

/* A temporary folder with in.yaml holding some YAML; out.pdf is where a render goes. */
typedef struct {
    char *dir;
    char *input;  /* dir/in.yaml */
    char *output; /* dir/out.pdf */
} ru_scratch;

static inline ru_scratch ru_scratch_with_input(const char *yaml)
{
    ru_scratch s = {.dir = ru_make_temp_dir()};
    s.input = ru_join(s.dir, "in.yaml");
    s.output = ru_join(s.dir, "out.pdf");
    assert_int_equal(ru_write_file(s.input, yaml, strlen(yaml)), 0);
    return s;
}

static inline void ru_scratch_free(ru_scratch *s)
{
    free(s->input);
    free(s->output);
    ru_remove_temp_dir(s->dir);
}

/* The names in a folder (without "." and ".."), sorted, joined by "\n"; malloc'd. */
static inline char *ru_list_dir(const char *dir)
{
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, alphasort);
    assert_true(n >= 0);
    size_t cap = 1, len = 0;
    for (int i = 0; i < n; i++)
        cap += strlen(entries[i]->d_name) + 1;
    char *list = calloc(1, cap);
    assert_non_null(list);
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
            len += (size_t)sprintf(list + len, "%s%s", len ? "\n" : "", name);
        free(entries[i]);
    }
    free(entries);
    return list;
}

/* The vanban binary under test: $VANBAN_BIN, or the one `make test` builds first. */
static inline const char *ru_vanban_bin(void)
{
    const char *bin = getenv("VANBAN_BIN");
    return bin && *bin ? bin : "build/vanban";
}

typedef struct {
    int status;    /* exit status; 128 + signal when killed; -1 when it could not start */
    char *out;     /* stdout, NUL-terminated */
    size_t out_len;
    char *err;     /* stderr, NUL-terminated */
    size_t err_len;
} ru_result;

static inline void ru_result_free(ru_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

/* Reads and removes a capture file. */
static inline char *ru_take_capture(char *path, size_t *len)
{
    char *text = tu_read_file(path, len);
    unlink(path);
    if (!text) {
        text = calloc(1, 1);
        *len = 0;
    }
    return text;
}

/* The environment of this process with each "NAME=VALUE" of changes set and each bare "NAME"
 * removed. The strings belong to environ and changes; only the array is malloc'd. */
static inline char **ru_environment(const char *const *changes)
{
    size_t n = 0, nchanges = 0;
    while (environ[n])
        n++;
    while (changes && changes[nchanges])
        nchanges++;
    char **env = calloc(n + nchanges + 1, sizeof *env);
    assert_non_null(env);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        bool changed = false;
        for (size_t j = 0; j < nchanges && !changed; j++) {
            size_t name_len = strcspn(changes[j], "=");
            changed = strncmp(environ[i], changes[j], name_len) == 0 &&
                      environ[i][name_len] == '=';
        }
        if (!changed)
            env[len++] = environ[i];
    }
    for (size_t j = 0; j < nchanges; j++)
        if (strchr(changes[j], '='))
            env[len++] = (char *)changes[j];
    return env;
}

/* Runs argv[0] (searched in PATH when it has no '/') with stdin from /dev/null and stdout and
 * stderr captured. env_changes may be NULL. */
static inline ru_result ru_run(const char *const *argv, const char *const *env_changes)
{
    ru_result r = {.status = -1};
    char out_path[] = "/tmp/vanban-out-XXXXXX", err_path[] = "/tmp/vanban-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    assert_true(out_fd >= 0 && err_fd >= 0);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    char **env = ru_environment(env_changes);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv, env);
    posix_spawn_file_actions_destroy(&actions);
    free(env);
    close(out_fd);
    close(err_fd);

    if (rc == 0) {
        int wstatus = 0;
        pid_t waited;
        while ((waited = waitpid(pid, &wstatus, 0)) < 0 && errno == EINTR)
            ;
        if (waited == pid)
            r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    }
    r.out = ru_take_capture(out_path, &r.out_len);
    r.err = ru_take_capture(err_path, &r.err_len);
    return r;
}

/* Starts `vanban -q render input -o output` with stdin and stdout on /dev/null and stderr into
 * err_path, in env (NULL: this process's environment); returns its pid for the caller to wait
 * on, as the walk and the resource tests each wait in their own way. */
static inline pid_t ru_spawn_render(const char *input, const char *output, const char *err_path,
                                    char *const *env)
{
    const char *argv[] = {ru_vanban_bin(), "-q", "render", input, "-o", output, NULL};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, (char *const *)argv,
                          env ? env : environ);
    posix_spawn_file_actions_destroy(&actions);
    assert_int_equal(rc, 0);
    return pid;
}

/* Prints a failed command's output, so that a failing test says why. */
static inline void ru_show(const char *what, const ru_result *r)
{
    print_message("%s: exit %d\n--- stdout\n%s--- stderr\n%s---\n", what, r->status, r->out,
                  r->err);
}

/* Runs a tool that must succeed and returns its stdout (malloc'd). */
static inline char *ru_output_of(const char *const *argv)
{
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show(argv[0], &r);
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    ru_result_free(&r);
    return out;
}

/* Every PDF a test produces must pass qpdf --check. qpdf's verdict on a sound file names "errors" in its all-clear sentence; anything beyond
 * that sentence that mentions a warning or an error is a finding. */
static inline void ru_assert_qpdf_clean(const char *pdf)
{
    static const char *const all_clear[] = {
        "No syntax or stream encoding errors found; the file may still contain\n"
        "errors that qpdf cannot detect",
        "No syntax or stream encoding errors found in the file",
    };
    const char *argv[] = {"qpdf", "--check", pdf, NULL};
    ru_result r = ru_run(argv, NULL);
    bool cleared = false;
    for (size_t i = 0; i < 2; i++) {
        char *found = strstr(r.out, all_clear[i]);
        if (found) {
            memset(found, ' ', strlen(all_clear[i]));
            cleared = true;
        }
    }
    bool findings = strcasestr(r.out, "warning") || strcasestr(r.out, "error") ||
                    strcasestr(r.err, "warning") || strcasestr(r.err, "error");
    if (r.status != 0 || !cleared || findings)
        ru_show("qpdf --check", &r);
    assert_int_equal(r.status, 0);
    assert_true(cleared);
    assert_false(findings);
    ru_result_free(&r);
}


/* vanban -q render input -o output, which must succeed (appended for issue 14). */
static inline void ru_render_ok(const char *input, const char *output, const char *const *env)
{
    const char *argv[] = {ru_vanban_bin(), "-q", "render", input, "-o", output, NULL};
    ru_result r = ru_run(argv, env);
    if (r.status != 0)
        ru_show("vanban render", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
}

/* The environment that preloads tests/io/failio.c (the Makefile builds it beside the test
 * program as failio.so) failing `step` (see that file for the steps), as "NAME=VALUE" strings. */
typedef struct {
    char preload[PATH_MAX + 32], fail[64], asan[512];
} ru_failio_env;

static inline void ru_failio_env_init(ru_failio_env *e, const char *step)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = 0;
    *strrchr(exe, '/') = 0;
    snprintf(e->preload, sizeof e->preload, "LD_PRELOAD=%s/failio.so", exe);
    snprintf(e->fail, sizeof e->fail, "VB_FAIL_IO=%s", step);
    /* The shim replaces no allocator, so AddressSanitizer may come second. */
    const char *asan_options = getenv("ASAN_OPTIONS");
    snprintf(e->asan, sizeof e->asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
             asan_options ? asan_options : "", asan_options ? ":" : "");
}

/* Runs argv as ru_run does, with the shim failing `step`. */
static inline ru_result ru_run_failing_io(const char *const *argv, const char *step)
{
    ru_failio_env e;
    ru_failio_env_init(&e, step);
    const char *env[] = {e.preload, e.fail, e.asan, NULL};
    return ru_run(argv, env);
}

#endif
