/* Resources of load + prepare on generated documents: time grows linearly with the document
 * (footnote calls, characters the font lacks, calls to undefined footnotes), so does memory,
 * and a flood of errors costs no words past the message cap. Measured in CPU time, the least
 * of several runs, so that other processes on the machine do not make it flaky. */
#include "testutil.h"

#include <malloc.h>
#include <time.h>

#include "common/arena.h"
#include "common/diag.h"
#include "load/load.h"
#include "prepare/prepare.h"

/* The larger document is GROWTH times the smaller; linear time lets it take at most
 * MAX_RATIO times as long (quadratic time would take GROWTH^2 = 16 times). The sizes are small
 * enough for both documents to stay in the processor's caches: past them, memory latency
 * alone bends the line by a factor of 1.2 to 1.4 and the margin is gone. */
#define GROWTH 4
#define MAX_RATIO 6.0
#define RUNS 3
#define SMALL 10000

static void add_head(FILE *t)
{
    fprintf(t, "loai: bao-cao\nco_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\nso: 476\nky_hieu: UBND\n"
           "dia_danh: Bình Trung\nngay: 2023-07-14\ntrich_yeu: Tình hình thu ngân sách\n"
           "noi_nhan: [UBND huyện]\n"
           "nguoi_ky: {tham_quyen: TM, thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, "
           "ho_ten: Hà Minh Phú}\nnoi_dung:\n");
}

static void add_footnotes(FILE *t, size_t n)
{
    fprintf(t, "chu_thich:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(t, "  n%zu: Theo chứng từ số %zu của Kho bạc.\n", i, i + 1);
}

/* n paragraphs, each calling its own footnote. */
static void footnote_calls(FILE *t, size_t n)
{
    add_head(t);
    for (size_t i = 0; i < n; i++)
        fprintf(t, "  - Khoản thu thứ %zu đã nộp đủ[^n%zu].\n", i + 1, i);
    add_footnotes(t, n);
}

/* n paragraphs, each with a character no font of the engine can draw (above U+FFFF). */
static void missing_characters(FILE *t, size_t n)
{
    add_head(t);
    for (size_t i = 0; i < n; i++)
        fprintf(t, "  - Hộ số %zu rất vui 😀.\n", i + 1);
}

/* n paragraphs, each calling a footnote that is not declared, among n declared ones. */
static void undefined_calls(FILE *t, size_t n)
{
    add_head(t);
    for (size_t i = 0; i < n; i++)
        fprintf(t, "  - Khoản thu thứ %zu đã nộp đủ[^x%zu].\n", i + 1, i);
    add_footnotes(t, n);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    size_t n;
    char *yaml;
    size_t len;
    double best;           /* CPU seconds, the least of the runs */
    size_t errors, shown;  /* what the last run reported */
    size_t message_bytes;  /* the length of its messages */
    size_t heap;           /* bytes malloc had handed out when it ended (0 under ASan) */
} sample;

static void generate(sample *m, void (*gen)(FILE *, size_t))
{
    FILE *f = open_memstream(&m->yaml, &m->len);
    assert_non_null(f);
    gen(f, m->n);
    assert_int_equal(fclose(f), 0);
}

static void run_once(sample *m)
{
    vb_arena *arena = vb_arena_new();
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_document *doc = vb_load_yaml(m->yaml, m->len, "scale.yaml", arena, diag);
    assert_non_null(doc);
    /* The loader sorts footnote ids (n log n) and is not what this test is about. */
    double start = cpu_seconds();
    vb_prepare(doc, NULL, arena, diag);
    double spent = cpu_seconds() - start;
    m->best = spent < m->best ? spent : m->best;
    m->errors = vb_diagnostics_errors(diag);
    m->shown = vb_diagnostics_count(diag);
    struct mallinfo2 heap = mallinfo2();
    m->heap = heap.uordblks + heap.hblkhd;
    m->message_bytes = 0;
    for (size_t i = 0; i < m->shown; i++)
        m->message_bytes += strlen(vb_diagnostic_get(diag, i)->message);
    vb_arena_free(arena);
    vb_diagnostics_free(diag);
}

/* Loads and prepares gen(n) and gen(GROWTH * n) in turn, so that both sizes meet the same load
 * on the machine. The larger runs GROWTH times as often: a longer run is more often interrupted
 * (and its caches emptied) by other processes, and needs more tries to find a quiet moment. */
static void assert_linear(const char *what, void (*gen)(FILE *, size_t), size_t n,
                          size_t errors_per_item)
{
    sample small = {.n = n, .best = 1e9}, large = {.n = GROWTH * n, .best = 1e9};
    generate(&small, gen);
    generate(&large, gen);
    for (int run = 0; run < RUNS; run++) {
        run_once(&small);
        for (int i = 0; i < GROWTH; i++)
            run_once(&large);
    }
    free(small.yaml);
    free(large.yaml);
    assert_int_equal(small.errors, small.n * errors_per_item);
    assert_int_equal(large.errors, large.n * errors_per_item);
    /* Past the cap errors are counted, not written out: 1,000 messages and the count. */
    assert_true(large.shown <= 1001);
    assert_true(large.message_bytes < 1000 * 1000);
    print_message("%s: %zu in %.3f s, %zu in %.3f s (x%.1f); memory %zu KB, %zu KB\n", what,
                  small.n, small.best, large.n, large.best, large.best / small.best,
                  small.heap / 1024, large.heap / 1024);
    assert_true(large.best <= MAX_RATIO * small.best);
    assert_true(large.heap <= MAX_RATIO * small.heap);
}

static void footnote_calls_take_linear_time(void **state)
{
    (void)state;
    assert_linear("footnote calls", footnote_calls, SMALL, 0);
}

static void missing_characters_take_linear_time(void **state)
{
    (void)state;
    assert_linear("missing characters", missing_characters, SMALL, 1);
}

/* Each bad call used to list every declared id, in the arena, even past the message cap: a
 * 664 KB file took 4.2 GB and wrote 329 MB of messages. */
static void undefined_calls_take_linear_time_and_memory(void **state)
{
    (void)state;
    assert_linear("undefined footnote calls", undefined_calls, SMALL, 1);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    /* Freed memory stays with the process and is reused by the next run: otherwise the larger
     * document's arena, above glibc's mmap threshold, is handed back and faulted in page by
     * page on every run while the smaller one's is reused, and the kernel's time is measured. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(footnote_calls_take_linear_time),
        cmocka_unit_test(missing_characters_take_linear_time),
        cmocka_unit_test(undefined_calls_take_linear_time_and_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
