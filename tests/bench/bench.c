/* make bench: what a render costs, for the seed report and a generated report of about 100
 * pages. Measures, never asserts: speed is not a test.
 *
 *   whole process   median wall time of `vanban render` (fork + exec + fonts + render + write)
 *   in-process      documents per second through the library, one engine, one core
 *   peak RSS        of the rendering process
 *   PDF size
 *
 * usage: bench VANBAN_BINARY SEED.yaml [RUNS] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../readfile.h"
#include "vanban.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A long report made of the seed's body repeated: the same kind of text, k times as much. */
static char *repeat_body(const char *yaml, int copies)
{
    const char *start = strstr(yaml, "\nnoi_dung:");
    if (!start)
        return NULL;
    start = strchr(start + 1, '\n') + 1;
    const char *end = start;
    /* the body runs until the next top-level key (a line starting with a letter) */
    while (*end) {
        const char *nl = strchr(end, '\n');
        if (!nl)
            break;
        if (nl[1] >= 'a' && nl[1] <= 'z') {
            end = nl + 1;
            break;
        }
        end = nl + 1;
    }
    size_t head = (size_t)(start - yaml), body = (size_t)(end - start), tail = strlen(end);
    char *out = malloc(head + body * copies + tail + 1);
    if (!out)
        return NULL;
    memcpy(out, yaml, head);
    for (int i = 0; i < copies; i++)
        memcpy(out + head + body * i, start, body);
    memcpy(out + head + body * copies, end, tail + 1);
    return out;
}

static size_t count_pages(const unsigned char *pdf, size_t len)
{
    size_t n = 0;
    const char *needle = "/Type /Page";
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl + 1 < len; i++)
        if (memcmp(pdf + i, needle, nl) == 0 && pdf[i + nl] != 's')
            n++;
    return n;
}

typedef struct {
    const char *name;
    double process_ms;   /* median */
    double process_min_ms;
    long peak_rss_kb;
    double docs_per_s;
    double inproc_ms;
    size_t pdf_bytes;
    size_t pages;
} result;

static int run_process(const char *bin, const char *in, const char *out, double *secs, long *rss_kb)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int devnull = open("/dev/null", 1);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execl(bin, bin, "render", in, "-o", out, "-q", (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    *secs = now() - t0;
    *rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int measure(const char *bin, vb_engine *eng, const char *name, const char *path, int runs,
                   result *r)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    char out[] = "/tmp/vanban-bench-XXXXXX.pdf";
    int fd = mkstemps(out, 4);
    if (fd < 0)
        return -1;
    close(fd);

    double *t = calloc((size_t)runs, sizeof *t);
    for (int i = 0; i < runs; i++) {
        long rss = 0;
        if (run_process(bin, path, out, &t[i], &rss) != 0) {
            fprintf(stderr, "bench: %s render %s failed\n", bin, path);
            free(t);
            return -1;
        }
        if (rss > r->peak_rss_kb)
            r->peak_rss_kb = rss;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    r->process_ms = t[runs / 2] * 1000;
    r->process_min_ms = t[0] * 1000;
    free(t);
    unlink(out);

    size_t len;
    char *yaml = tu_read_file(path, &len);
    if (!yaml)
        return -1;
    vb_diagnostics *d = vb_diagnostics_new();
    /* warm up, then as many renders as fit in about two seconds */
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    if (vb_render_memory(eng, yaml, len, name, NULL, &pdf, &pdf_len, d) != VB_OK) {
        fprintf(stderr, "bench: in-process render of %s failed\n", path);
        return -1;
    }
    r->pdf_bytes = pdf_len;
    r->pages = count_pages(pdf, pdf_len);
    vb_free(pdf);
    int n = 0;
    double t0 = now(), el;
    do {
        vb_diagnostics_clear(d);
        vb_render_memory(eng, yaml, len, name, NULL, &pdf, &pdf_len, d);
        vb_free(pdf);
        n++;
        el = now() - t0;
    } while (el < 2.0 || n < 5);
    r->docs_per_s = n / el;
    r->inproc_ms = el / n * 1000;
    vb_diagnostics_free(d);
    free(yaml);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench VANBAN_BINARY SEED.yaml [RUNS [TABLE.yaml]]\n");
        return 2;
    }
    const char *bin = argv[1], *seed = argv[2];
    int runs = argc > 3 ? atoi(argv[3]) : 21;
    if (runs < 1)
        runs = 21;

    size_t len;
    char *yaml = tu_read_file(seed, &len);
    if (!yaml) {
        fprintf(stderr, "bench: cannot read %s: %s\n", seed, strerror(errno));
        return 3;
    }
    char *big = repeat_body(yaml, 9);
    char big_path[] = "/tmp/vanban-bench-XXXXXX.yaml";
    int fd = mkstemps(big_path, 5);
    if (!big || fd < 0 || write(fd, big, strlen(big)) != (ssize_t)strlen(big)) {
        fprintf(stderr, "bench: cannot make the long report\n");
        return 3;
    }
    close(fd);

    vb_diagnostics *d = vb_diagnostics_new();
    vb_engine_options opts = {getenv("VANBAN_FONT_DIR") ? getenv("VANBAN_FONT_DIR") : "fonts"};
    double t0 = now();
    vb_engine *eng = vb_engine_new(&opts, d);
    double engine_ms = (now() - t0) * 1000;
    if (!eng) {
        for (size_t i = 0; i < vb_diagnostics_count(d); i++)
            fprintf(stderr, "%s\n", vb_diagnostic_format(d, i));
        return 3;
    }

    /* A document that is mostly one long table (issue 10): its cost per page beside body
     * text's. */
    result r[3];
    int nr = argc > 4 ? 3 : 2, rc = 0;
    rc |= measure(bin, eng, "seed report", seed, runs, &r[0]);
    rc |= measure(bin, eng, "long report", big_path, runs, &r[1]);
    if (nr == 3)
        rc |= measure(bin, eng, "table of 128 rows", argv[4], runs, &r[2]);
    unlink(big_path);
    if (rc)
        return 3;

    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    printf("vanban %s benchmark: %d process runs per document, engine set-up %.2f ms\n\n",
           vb_version(), runs, engine_ms);
    printf("| document | pages | process median (min) | in-process per doc | docs/s in-process | "
           "peak RSS (process) | PDF size |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < nr; i++)
        printf("| %s | %zu | %.2f ms (%.2f) | %.2f ms | %.0f | %.1f MiB | %.1f KB |\n", r[i].name,
               r[i].pages, r[i].process_ms, r[i].process_min_ms, r[i].inproc_ms, r[i].docs_per_s,
               r[i].peak_rss_kb / 1024.0, r[i].pdf_bytes / 1000.0);
    printf("\nlong/seed cost: process %.1f×, in-process %.1f× for %.1f× the pages\n",
           r[1].process_ms / r[0].process_ms, r[1].inproc_ms / r[0].inproc_ms,
           (double)r[1].pages / (double)(r[0].pages ? r[0].pages : 1));
    for (int i = 0; i < nr; i++)
        printf("%s: in-process %.3f ms per page\n", r[i].name,
               r[i].inproc_ms / (double)(r[i].pages ? r[i].pages : 1));
    printf("bench process peak RSS (library, both documents): %.1f MiB\n", self.ru_maxrss / 1024.0);
    vb_engine_free(eng);
    vb_diagnostics_free(d);
    free(yaml);
    free(big);
    return 0;
}
