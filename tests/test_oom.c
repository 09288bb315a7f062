/* Out of memory, everywhere: the CLI is run with its N-th allocation failing, for every N.
 *
 * The way SQLite's malloc tests walk every allocation point, through tests/oom/failmalloc.c
 * (an LD_PRELOAD shim, built beside this program; its comment says what it counts). At every
 * point the process must end by itself, within a time limit and without a signal, either with
 * exit 0 and the very bytes of a normal run, or with exit 3, a message that says memory
 * ("bộ nhớ"), and nothing left in the output folder, not even a temporary file. */
#include "runutil.h"

#include <limits.h>
#include <signal.h>
#include <time.h>

/* A short document: the walk costs one run of the CLI per allocation, and most allocations
 * are the fonts', whatever the document. It has a little of every part that allocates: a blank
 * day, a mark, upright bases, a styled lead-in, a table with a group and a totals row, two
 * signers with an authority chain, a landscape appendix with its own table, an attached Quy chế
 * with its own letterhead. */
static const char short_yaml[] =
    "loai: ke-hoach\n"
    "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
    "ky_hieu: UBND\n"
    "dia_danh: Bình Trung\n"
    "ngay: 2024-01\n"
    "ten_co_quan: Ủy ban nhân dân xã Bình Trung\n"
    "trich_yeu: Phòng chống đói rét\n"
    "do_khan: khan\n"
    "can_cu: [Luật Tổ chức chính quyền địa phương]\n"
    "kieu_can_cu: doan\n"
    "noi_dung:\n"
    "  - khoan: \"**Chủ trì:** các thôn **hoàn thành** kế hoạch (2024 – 2025).\"\n"
    "  - bang:\n"
    "      stt: nhom\n"
    "      cot: [15, tu-dong, {ti_le: 1}]\n"
    "      dau: [[STT, Thôn, Số hộ]]\n"
    "      dong:\n"
    "        - nhom: Vùng *thấp*\n"
    "        - [Thôn 1, \"25.898\"]\n"
    "        - tong: [Tổng cộng, \"25.898\"]\n"
    "noi_nhan: [UBND huyện *(để báo cáo)*]\n"
    "nguoi_ky:\n"
    "  - {chuc_vu: THƯ KÝ, ho_ten: Lê B, vi_tri: trai}\n"
    "  - {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Hà Minh Phú}\n"
    "phu_luc:\n"
    "  - tieu_de: Danh sách thôn\n"
    "    huong: ngang\n"
    "    noi_dung:\n"
    "      - bang:\n"
    "          dau: [[Thôn, Ghi chú]]\n"
    "          dong: [[Thôn 1, Đủ]]\n"
    "  - ten_loai: Quy chế\n"
    "    quoc_hieu: true\n"
    "    tieu_de: Làm việc\n"
    "    noi_dung: [Quy chế này quy định việc làm.]\n";

#define PARALLEL_RUNS 2    /* the cores the tests may use */
#define RUN_TIME_LIMIT 20  /* seconds: far beyond a normal run, which takes milliseconds */
#define FAILURES_SHOWN 15

typedef struct {
    char *dir;       /* scratch folder */
    char *input;     /* dir/in.yaml */
    char *shim;      /* failmalloc.so */
    char *reference; /* the PDF of a normal run */
    size_t reference_len;
} walk;

typedef struct {
    pid_t pid;
    unsigned long point;
    time_t started;
    char *out_dir, *output, *err_path;
} running;

/* A scratch folder in memory when there is one: most runs end by writing the PDF, and the fsync
 * of the atomic write is then most of a run's time on a disk. */
static char *scratch_dir(void)
{
    char *dir = strdup("/dev/shm/vanban-oom-XXXXXX");
    assert_non_null(dir);
    if (!mkdtemp(dir)) {
        free(dir);
        return ru_make_temp_dir();
    }
    for (size_t i = 0; i < RU_MAX_TEMP_DIRS; i++)
        if (!ru_temp_dirs[i]) {
            ru_temp_dirs[i] = dir; /* removed by the group teardown should the test fail */
            break;
        }
    return dir;
}

/* The shim is built beside this program (Makefile: $(BUILD)/tests/failmalloc.so). */
static char *shim_path(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = 0;
    *strrchr(exe, '/') = 0;
    return ru_join(exe, "failmalloc.so");
}

static pid_t spawn_cli(const walk *w, unsigned long point, const char *output,
                       const char *count_file, const char *err_path)
{
    char preload[PATH_MAX + 16], fail_at[48], count[PATH_MAX + 16];
    snprintf(preload, sizeof preload, "LD_PRELOAD=%s", w->shim);
    snprintf(fail_at, sizeof fail_at, "VB_FAIL_AT=%lu", point);
    snprintf(count, sizeof count, "VB_COUNT_FILE=%s", count_file ? count_file : "");
    const char *changes[] = {preload, fail_at, count, NULL};
    char **env = ru_environment(changes);
    pid_t pid = ru_spawn_render(w->input, output, err_path, env);
    free(env);
    return pid;
}

/* A run with nothing failing: the reference bytes and the number of allocation points. */
static unsigned long normal_run(walk *w)
{
    char *output = ru_join(w->dir, "reference.pdf");
    char *count_file = ru_join(w->dir, "count");
    char *err_path = ru_join(w->dir, "reference.err");
    int status;
    pid_t pid = spawn_cli(w, 0, output, count_file, err_path);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    w->reference = tu_read_file(output, &w->reference_len);
    char *count = tu_read_file(count_file, NULL);
    assert_non_null(w->reference);
    assert_non_null(count);
    unsigned long points = strtoul(count, NULL, 10);
    free(count);
    free(output);
    free(count_file);
    free(err_path);
    return points;
}

/* The verdict on one point: NULL when it was handled, else what went wrong (malloc'd). */
static char *judge(const walk *w, const running *r, int wstatus)
{
    char *verdict = NULL;
    size_t err_len = 0, pdf_len = 0;
    char *err = tu_read_file(r->err_path, &err_len);
    char *listing = ru_list_dir(r->out_dir);
    char *first_line = err ? strndup(err, strcspn(err, "\n")) : strdup("");
    if (WIFSIGNALED(wstatus)) {
        verdict = strdup(strsignal(WTERMSIG(wstatus)));
    } else if (WEXITSTATUS(wstatus) == 0) {
        char *pdf = tu_read_file(r->output, &pdf_len);
        bool same = pdf && pdf_len == w->reference_len &&
                    memcmp(pdf, w->reference, pdf_len) == 0;
        if (!same || strcmp(listing, "out.pdf") != 0)
            verdict = strdup(!same ? "exit 0 with other bytes" : "exit 0, other files left");
        free(pdf);
    } else if (WEXITSTATUS(wstatus) != 3 || !err || !strstr(err, "bộ nhớ") || *listing) {
        size_t n = strlen(first_line) + strlen(listing) + 64;
        verdict = malloc(n);
        snprintf(verdict, n, "exit %d, left [%s]: %s", WEXITSTATUS(wstatus), listing,
                 first_line);
    }
    free(first_line);
    free(listing);
    free(err);
    return verdict;
}

static void start(const walk *w, running *r, unsigned long point)
{
    char name[32];
    snprintf(name, sizeof name, "run%lu", point);
    r->out_dir = ru_join(w->dir, name);
    assert_int_equal(mkdir(r->out_dir, 0700), 0);
    r->output = ru_join(r->out_dir, "out.pdf");
    snprintf(name, sizeof name, "run%lu.err", point);
    r->err_path = ru_join(w->dir, name);
    r->point = point;
    r->started = time(NULL);
    r->pid = spawn_cli(w, point, r->output, NULL, r->err_path);
}

static void finish(running *r)
{
    unlink(r->output); /* and nothing else: judge() saw what the run left */
    rmdir(r->out_dir);
    unlink(r->err_path);
    free(r->out_dir);
    free(r->output);
    free(r->err_path);
    r->pid = 0;
}

/* Waits for a run to end (killing one past its time limit); returns its slot. */
static int reap(running *runs, int nruns, int *wstatus)
{
    for (;;) {
        pid_t pid = waitpid(-1, wstatus, WNOHANG);
        for (int i = 0; i < nruns && pid > 0; i++)
            if (runs[i].pid == pid)
                return i;
        if (pid < 0 && errno != EINTR)
            fail_msg("waitpid: %s", strerror(errno));
        time_t now = time(NULL);
        for (int i = 0; i < nruns; i++)
            if (runs[i].pid && now - runs[i].started > RUN_TIME_LIMIT)
                kill(runs[i].pid, SIGKILL); /* reaped as killed by a signal: a hang */
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
}

static void test_every_allocation_fails_cleanly(void **state)
{
    (void)state;
    if (getenv("ASAN_OPTIONS")) {
        /* AddressSanitizer replaces malloc itself and must come first: no shim under it. */
        print_message("skipped under AddressSanitizer\n");
        return;
    }
    walk w = {.dir = scratch_dir(), .shim = shim_path()};
    w.input = ru_join(w.dir, "in.yaml");
    /* By hand, another document: VB_OOM_INPUT=content/x.yaml (its font folder, if relative,
     * is then looked for beside the copy). */
    const char *other = getenv("VB_OOM_INPUT");
    size_t other_len = 0;
    char *other_yaml = other ? tu_read_file(other, &other_len) : NULL;
    if (other)
        assert_non_null(other_yaml);
    assert_int_equal(ru_write_file(w.input, other ? other_yaml : short_yaml,
                                   other ? other_len : strlen(short_yaml)),
                     0);
    free(other_yaml);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long points = normal_run(&w);
    assert_true(points > 100); /* the shim is in place and counting */

    running runs[PARALLEL_RUNS] = {{0}};
    unsigned long next = 1, handled = 0, failures = 0, active = 0;
    while (next <= points || active > 0) {
        int slot = -1;
        for (int i = 0; i < PARALLEL_RUNS && slot < 0 && next <= points; i++)
            if (!runs[i].pid)
                slot = i;
        if (slot >= 0) {
            start(&w, &runs[slot], next++);
            active++;
            continue;
        }
        int wstatus;
        slot = reap(runs, PARALLEL_RUNS, &wstatus);
        char *verdict = judge(&w, &runs[slot], wstatus);
        if (!verdict)
            handled++;
        else if (failures++ < FAILURES_SHOWN)
            print_message("allocation %lu: %s\n", runs[slot].point, verdict);
        free(verdict);
        finish(&runs[slot]);
        active--;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("out of memory: %lu of %lu allocation points handled, in %.1f s\n", handled,
                  points,
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    assert_int_equal(failures, 0);
    free(w.reference);
    free(w.input);
    free(w.shim);
    ru_remove_temp_dir(w.dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
