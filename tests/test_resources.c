/* Resource tests: on inputs generated here, render time grows linearly with the input and the
 * peak memory stays under 20 times the input (BENCHMARKS.md, "Memory per input").
 *
 * Each shape is rendered by build/vanban (or $VANBAN_BIN) at a size S and at 4S, twice each.
 * Time is the child's CPU time (user + system, from wait4; the lower of the two), which the
 * load of other processes on the machine moves far less than wall time: 4S may take at most 6
 * times as long as S. Memory is
 * the child's peak RSS less that of rendering a one-page document, which is the fixed cost of
 * the program, its libraries and fonts (about 7 MB), the same whatever the input: what is left
 * is what the input costs, and must stay under 20 times its bytes. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "runutil.h"

/* The smaller input of a shape is big enough that its render takes about 0.2 s and the fixed
 * cost is a small part of the peak, small enough that the whole test takes a few seconds; the
 * larger, GROWTH times that, stays under the 16 MB the CLI accepts. */
#define MB (1u << 20)
#define GROWTH 4
#define MAX_TIME_RATIO 6.0
#define MAX_MEMORY_RATIO 20.0

typedef struct {
    double cpu_seconds;
    double peak_bytes;
} usage;

#define HEAD RU_SAMPLE_HEAD
#define SIGNER RU_SAMPLE_SIGNER
#define SENTENCE                                                                               \
    "Chỉ đạo triển khai, đồng bộ quyết liệt các Quyết định, Kế hoạch của UBND huyện, Nghị "   \
    "quyết của Ban Chấp hành Đảng bộ xã và những nhiệm vụ, giải pháp chủ yếu năm 2023."

/* A growable text on malloc; a failed allocation ends the test. */
typedef struct {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* An ordinary report: sections of numbered items in bold and italic, with diacritics. */
static void report_piece(text *body, text *notes, size_t i)
{
    (void)notes; /* the shape has no footnotes */
    put(body, "  - muc: Kết quả đạt được số %zu\n    noi_dung:\n", i);
    for (int k = 0; k < 4; k++) {
        put(body, "      - khoan: >-\n          " SENTENCE " " SENTENCE "\n");
        put(body, "      - Thu **ngân sách** đạt *75,35%%* dự toán, " SENTENCE "\n");
    }
}

/* Every paragraph calls a footnote of its own. */
static void footnote_piece(text *body, text *notes, size_t i)
{
    put(body, "  - Các thôn hoàn thành kế hoạch[^n%zu] đúng hạn, " SENTENCE "\n", i);
    put(notes, "  n%zu: Quỹ vì người nghèo thu được 1.080.000đ, " SENTENCE "\n", i);
}

/* One paragraph of many words. */
static void paragraph_piece(text *body, text *notes, size_t i)
{
    (void)notes, (void)i; /* one paragraph, no footnotes */
    put(body, "    " SENTENCE "\n");
}

/* A Nơi nhận list of thousands of recipients. */
static void recipient_piece(text *body, text *notes, size_t i)
{
    (void)notes; /* the recipients are the list */
    put(body, "  - Ủy ban nhân dân xã Bình Trung số %zu\n", i);
}

/* Seven nested levels (phần, mục, khoản, tiểu khoản, điểm, gạch, cộng), each heading a
 * numbered line and an outline entry, down to one sentence. */
static void deep_piece(text *body, text *notes, size_t i)
{
    (void)notes; /* the shape has no footnotes */
    static const char *const levels[] = {"phan", "muc", "khoan", "tieu_khoan", "diem", "gach"};
    int indent = 2;
    for (int d = 0; d < 6; d++, indent += 4)
        put(body, "%*s- %s: Nội dung cấp %d số %zu\n%*s  noi_dung:\n", indent, "", levels[d], d,
            i, indent, "");
    put(body, "%*s- cong: " SENTENCE "\n", indent, "");
}

typedef void (*piece_writer)(text *body, text *notes, size_t i);

/* What a shape checks: time_note and memory_note are NULL when the bound is checked, else why
 * it is not yet (the measurement is printed all the same). */
typedef struct {
    const char *name;
    const char *body_key; /* what opens the repeated part */
    const char *after;    /* what follows it, before the signer */
    piece_writer piece;
    bool notes;
    size_t small_bytes;
    const char *time_note, *memory_note;
} shape;

static const shape shapes[] = {
    {"report", "noi_dung:\n", "noi_nhan: [UBND huyện]\n", report_piece, false, 3 * MB, NULL,
     NULL},
    {"footnotes", "noi_dung:\n", "noi_nhan: [UBND huyện]\n", footnote_piece, true, 2 * MB, NULL,
     NULL},
    {"one paragraph", "noi_dung:\n  - >-\n", "noi_nhan: [UBND huyện]\n", paragraph_piece, false,
     2 * MB, NULL, NULL},
    {"recipients", "noi_dung:\n  - " SENTENCE "\nnoi_nhan:\n", "", recipient_piece, false, 7 * MB / 2,
     NULL, NULL},
    {"deep", "noi_dung:\n", "noi_nhan: [UBND huyện]\n", deep_piece, false, 1 * MB, NULL, NULL},
};

/* Writes a document of the shape of about `bytes` bytes to path; returns its size. */
static size_t write_shape(const shape *s, const char *path, size_t bytes)
{
    text body = {0}, notes = {0};
    put(&body, "%s%s", HEAD, s->body_key);
    put(&notes, "chu_thich:\n");
    for (size_t i = 0; body.len + notes.len < bytes; i++)
        s->piece(&body, &notes, i);
    if (s->notes)
        put(&body, "%s", notes.data);
    put(&body, "%s%s", s->after, SIGNER);
    assert_int_equal(ru_write_file(path, body.data, body.len), 0);
    size_t len = body.len;
    free(body.data);
    free(notes.data);
    return len;
}

/* Renders input with the CLI and returns what the child used. */
static usage render(const char *input, const char *dir)
{
    char *output = ru_join(dir, "out.pdf"), *err = ru_join(dir, "err.txt");
    pid_t pid = ru_spawn_render(input, output, err, NULL);
    int status = 0;
    struct rusage ru;
    pid_t waited;
    while ((waited = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        ;
    assert_int_equal(waited, pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        size_t len = 0;
        char *why = tu_read_file(err, &len);
        print_message("%s %s failed (status %d):\n%s\n", ru_vanban_bin(), input, status,
                      why ? why : "");
        free(why);
        fail();
    }
    usage u = {ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                   ru.ru_stime.tv_usec / 1e6,
               ru.ru_maxrss * 1024.0};
    unlink(output);
    unlink(err);
    free(output);
    free(err);
    return u;
}

/* The faster of two renders: a render that shared its core with another process for a while
 * says nothing about how time grows with the input. */
static usage render_twice(const char *input, const char *dir)
{
    usage first = render(input, dir), second = render(input, dir);
    if (second.cpu_seconds < first.cpu_seconds)
        first.cpu_seconds = second.cpu_seconds;
    if (second.peak_bytes > first.peak_bytes)
        first.peak_bytes = second.peak_bytes;
    return first;
}

/* ASan's shadow memory and quarantine multiply the peak, and its checks the time. */
static bool under_sanitizer(void)
{
    const char *bin = ru_vanban_bin();
    return strstr(bin, "asan") || getenv("ASAN_OPTIONS") || getenv("VANBAN_NO_RESOURCE_TESTS");
}

static double baseline_bytes;

static void test_shape(const shape *s)
{
    if (under_sanitizer()) {
        print_message("skipped: sanitizers change time and memory (%s)\n", ru_vanban_bin());
        skip();
    }
    char *dir = ru_make_temp_dir();
    char *small = ru_join(dir, "small.yaml"), *large = ru_join(dir, "large.yaml");
    size_t small_len = write_shape(s, small, s->small_bytes);
    size_t large_len = write_shape(s, large, GROWTH * s->small_bytes);
    usage a = render_twice(small, dir), b = render_twice(large, dir);
    double time_ratio = b.cpu_seconds / (a.cpu_seconds > 0.01 ? a.cpu_seconds : 0.01);
    double memory_ratio[2] = {(a.peak_bytes - baseline_bytes) / (double)small_len,
                              (b.peak_bytes - baseline_bytes) / (double)large_len};
    print_message("%-13s %4.1f MB: %.2f s, %5.1f MB peak (%4.1fx); %4.1f MB: %.2f s (%.1fx the "
                  "time), %5.1f MB peak (%4.1fx)\n",
                  s->name, small_len / 1e6, a.cpu_seconds, a.peak_bytes / 1e6, memory_ratio[0],
                  large_len / 1e6, b.cpu_seconds, time_ratio, b.peak_bytes / 1e6,
                  memory_ratio[1]);
    if (s->time_note)
        print_message("  time not checked yet: %s\n", s->time_note);
    else
        assert_true(time_ratio <= MAX_TIME_RATIO);
    if (s->memory_note) {
        print_message("  memory not checked yet: %s\n", s->memory_note);
    } else {
        assert_true(memory_ratio[0] <= MAX_MEMORY_RATIO);
        assert_true(memory_ratio[1] <= MAX_MEMORY_RATIO);
    }
    free(small);
    free(large);
    ru_remove_temp_dir(dir);
}

static void test_report(void **state)
{
    (void)state; /* cmocka's signature */
    test_shape(&shapes[0]);
}

static void test_footnotes(void **state)
{
    (void)state; /* cmocka's signature */
    test_shape(&shapes[1]);
}

static void test_one_paragraph(void **state)
{
    (void)state; /* cmocka's signature */
    test_shape(&shapes[2]);
}

static void test_recipients(void **state)
{
    (void)state; /* cmocka's signature */
    test_shape(&shapes[3]);
}

static void test_deep(void **state)
{
    (void)state; /* cmocka's signature */
    test_shape(&shapes[4]);
}

/* The fixed cost every render pays: the peak RSS of rendering the one-page sample. */
static int measure_baseline(void **state)
{
    (void)state; /* cmocka's signature */
    if (under_sanitizer())
        return 0;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    baseline_bytes = render(s.input, s.dir).peak_bytes;
    ru_scratch_free(&s);
    return 0;
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_one_paragraph),
        cmocka_unit_test(test_recipients),
        cmocka_unit_test(test_deep),
    };
    return cmocka_run_group_tests(tests, measure_baseline, ru_remove_leftover_temp_dirs);
}
