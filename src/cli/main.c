/* The vanban command: a thin layer over the public API (vanban.h), nothing more. */
#include "vanban.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "Cách dùng / Usage:\n"
    "  vanban render TỆP.yaml -o TỆP.pdf [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban render A.yaml B.yaml… -o THƯ_MỤC [-j N] [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban check TỆP.yaml… [-j N] [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban watch TỆP.yaml -o TỆP.pdf [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban --help | --version\n"
    "\n"
    "Lệnh / Commands:\n"
    "  render   dựng văn bản thành PDF / render the document as PDF\n"
    "  check    chỉ kiểm tra nội dung, không ghi gì / validate only, write nothing\n"
    "  watch    dựng lại mỗi khi tệp nội dung được lưu, đến khi Ctrl+C\n"
    "           render again on every save of the input, until Ctrl+C\n"
    "\n"
    "Nhiều tệp / Several inputs (render, check):\n"
    "  Các tệp được xử lý song song; -o là thư mục (tạo nếu chưa có), mỗi A.yaml ghi thành\n"
    "  THƯ_MỤC/A.pdf; hai tệp trùng tên là dùng sai lệnh.\n"
    "  The inputs are processed in parallel; -o names a folder (created if missing), each\n"
    "  A.yaml becomes FOLDER/A.pdf; two inputs with the same name are a usage error.\n"
    "\n"
    "Tùy chọn / Options (trước hoặc sau lệnh / before or after the command):\n"
    "  -o, --output TỆP.pdf    tệp PDF cần ghi, bắt buộc với render và watch, khác tệp nội\n"
    "                          dung; với nhiều tệp nội dung (hoặc một thư mục có sẵn): thư mục\n"
    "                          the PDF to write, required by render and watch, never the input\n"
    "                          itself; with several inputs (or an existing folder): a folder\n"
    "  -j, --jobs N            số văn bản dựng cùng lúc (mặc định: số CPU)\n"
    "                          documents processed at once (default: the number of CPUs)\n"
    "  --font-dir THƯ_MỤC      họ phông tương thích Times New Roman (bốn kiểu TrueType), dùng khi\n"
    "                          nội dung không ghi trinh_bay.phong_chu\n"
    "                          a Times New Roman-compatible family (four TrueType styles), used\n"
    "                          when the content names no trinh_bay.phong_chu\n"
    "  -q, --quiet             không in gì khi thành công (lỗi vẫn in)\n"
    "                          print nothing on success (errors are still printed)\n"
    "  -h, --help              in hướng dẫn này / print this help\n"
    "  -V, --version           in phiên bản / print the version\n"
    "\n"
    "Mã thoát / Exit codes (nhiều tệp: mã lớn nhất / several inputs: the highest):\n"
    "  0  thành công; watch: dừng bằng Ctrl+C hoặc SIGTERM / success; watch: stopped by\n"
    "     Ctrl+C or SIGTERM (watch never stops on a content error)\n"
    "  1  nội dung sai, xem thông báo TỆP:DÒNG:CỘT / the content is wrong (messages name\n"
    "     FILE:LINE:COL)\n"
    "  2  dùng sai lệnh / wrong usage\n"
    "  3  không đọc hoặc ghi được tệp, hoặc lỗi nội bộ / a file could not be read or written,\n"
    "     or an internal failure\n"
    "\n"
    "Môi trường / Environment:\n"
    "  SOURCE_DATE_EPOCH  ngày tạo PDF, số giây từ 1970 / the PDF's creation date, seconds\n"
    "                     since 1970 (không đặt: PDF không ghi ngày / unset: no date)\n"
    "  VANBAN_FONT_DIR    thư mục phông mặc định / the default font folder\n";

typedef enum { CMD_NONE, CMD_RENDER, CMD_CHECK, CMD_WATCH } command;

typedef struct {
    command cmd;
    const char **inputs; /* argc entries at most */
    size_t count;
    const char *output;
    const char *font_dir;
    int jobs; /* 0: one per online CPU */
    bool quiet;
} cli_args;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vanban: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nXem / see: vanban --help\n", stderr);
    va_end(ap);
    return VB_ERR_USAGE;
}

static int out_of_memory(void)
{
    fputs("vanban: hết bộ nhớ / out of memory\n", stderr);
    return VB_ERR_IO;
}

/* The value of an option given as "--name VALUE", "--name=VALUE" or, for a short option,
 * "-oVALUE". NULL when arg is not this option; *missing when it is but lacks its value. */
static const char *option_value(const char *arg, const char *short_name, const char *long_name,
                                int argc, char **argv, int *i, bool *missing)
{
    size_t long_len = strlen(long_name);
    if (strncmp(arg, long_name, long_len) == 0 && arg[long_len] == '=')
        return arg + long_len + 1;
    bool whole = strcmp(arg, long_name) == 0 || (short_name && strcmp(arg, short_name) == 0);
    if (!whole) {
        if (short_name && strncmp(arg, short_name, 2) == 0 && arg[2])
            return arg + 2;
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* -j's value: a whole number from 1 up; -1 otherwise. */
static int parse_jobs(const char *text)
{
    if (!isdigit((unsigned char)*text))
        return -1;
    errno = 0;
    char *end;
    long value = strtol(text, &end, 10);
    return errno == 0 && !*end && value >= 1 && value <= INT_MAX ? (int)value : -1;
}

/* Options may stand anywhere, before or after the command: clerks type them where they think
 * of them. Returns -1 to go on, or an exit status (help, version, usage errors). */
static int parse_args(int argc, char **argv, cli_args *args)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && arg[0] == '-' && arg[1]) {
            bool missing = false;
            const char *value;
            if (strcmp(arg, "--") == 0) {
                options_done = true;
            } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
                fputs(usage_text, stdout);
                return VB_OK;
            } else if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
                printf("vanban %s\n", vb_version());
                return VB_OK;
            } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
                args->quiet = true;
            } else if ((value = option_value(arg, "-o", "--output", argc, argv, &i, &missing))) {
                if (args->output)
                    return usage_error("tệp đầu ra ghi hai lần: %s / output given twice", value);
                args->output = value;
            } else if ((value = option_value(arg, NULL, "--font-dir", argc, argv, &i, &missing))) {
                args->font_dir = value;
            } else if ((value = option_value(arg, "-j", "--jobs", argc, argv, &i, &missing))) {
                if ((args->jobs = parse_jobs(value)) < 0)
                    return usage_error("-j cần một số nguyên dương, không phải %s / -j needs a "
                                       "whole number from 1",
                                       value);
            } else if (missing) {
                return usage_error("tùy chọn %s cần một giá trị / option needs a value", arg);
            } else {
                return usage_error("tùy chọn không hợp lệ: %s / unknown option", arg);
            }
        } else if (args->cmd == CMD_NONE) {
            if (strcmp(arg, "render") == 0)
                args->cmd = CMD_RENDER;
            else if (strcmp(arg, "check") == 0)
                args->cmd = CMD_CHECK;
            else if (strcmp(arg, "watch") == 0)
                args->cmd = CMD_WATCH;
            else
                return usage_error("lệnh không hợp lệ: %s (các lệnh: render, check, watch) / "
                                   "unknown command",
                                   arg);
        } else {
            args->inputs[args->count++] = arg;
        }
    }

    if (args->cmd == CMD_NONE)
        return usage_error("thiếu lệnh render, check hoặc watch / missing command");
    if (args->count == 0)
        return usage_error("thiếu tệp nội dung .yaml / missing the input file");
    if (args->cmd == CMD_RENDER && !args->output)
        return usage_error("thiếu -o TỆP.pdf / render needs -o OUTPUT.pdf");
    if (args->cmd == CMD_CHECK && args->output)
        return usage_error("check không ghi tệp, bỏ -o / check writes nothing");
    if (args->cmd == CMD_WATCH) {
        if (!args->output)
            return usage_error("thiếu -o TỆP.pdf / watch needs -o OUTPUT.pdf");
        if (args->count > 1)
            return usage_error("watch theo dõi một tệp, thừa %s / watch takes one input",
                               args->inputs[1]);
        if (args->jobs)
            return usage_error("watch không dùng -j / watch takes no -j");
    }
    return -1;
}

/* SOURCE_DATE_EPOCH as the reproducible-builds specification asks: a malformed value is an
 * error, not silently ignored. Returns 0 and *when (-1 when unset), or -1. */
static int source_date_epoch(long long *when)
{
    *when = -1;
    const char *text = getenv("SOURCE_DATE_EPOCH");
    if (!text || !*text)
        return 0;
    for (const char *p = text; *p; p++)
        if (!isdigit((unsigned char)*p))
            return -1;
    errno = 0;
    char *end;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || *end)
        return -1;
    *when = value;
    return 0;
}

static void print_diagnostics(const vb_diagnostics *diag)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        fprintf(stderr, "%s\n", vb_diagnostic_format(diag, i));
}

/* The last component of a path ("a/b.yaml" -> "b.yaml"). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---------------------------------------------------------- several inputs ---- */

/* With several inputs (or an output that is a folder), every input is rendered or checked on
 * its own, by -j threads sharing the one engine; each thread has its own diagnostics. */
typedef struct {
    vb_engine *eng;
    const cli_args *args;
    const vb_render_options *opts;
    char **outputs;  /* render: FOLDER/<name>.pdf per input; check: NULL */
    bool progress;   /* stdout is a terminal: one "[n/N] …" line rewritten in place */
    int columns;     /* the terminal's width */
    pthread_mutex_t lock; /* guards everything below, and all printing */
    size_t next;     /* the next input to take */
    size_t done, ok;
    int worst;       /* the highest status so far */
} batch;

static size_t utf8_chars(const char *text, size_t bytes)
{
    size_t chars = 0;
    for (size_t i = 0; i < bytes; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars;
}

/* Prints one document's outcome whole, under the lock. */
static void batch_report(batch *b, size_t i, int status, const vb_diagnostics *diag)
{
    const char *input = b->args->inputs[i];
    pthread_mutex_lock(&b->lock);
    b->done++;
    b->ok += status == VB_OK;
    if (status > b->worst)
        b->worst = status;
    if (b->progress && vb_diagnostics_count(diag)) {
        fputs("\r\033[K", stdout); /* the messages go where the progress line was */
        fflush(stdout);
    }
    print_diagnostics(diag);
    if (b->progress) {
        /* One terminal row, or \r would go back to the start of its last row only: the
         * file's own name, cut to the width. Characters, not bytes, are counted. */
        char head[96];
        snprintf(head, sizeof head, "[%zu/%zu] %s ", b->done, b->args->count,
                 status != VB_OK ? "lỗi" : b->outputs ? "đã ghi" : "không có lỗi");
        printf("\r\033[K%s", head);
        const char *name = base_name(b->outputs && status == VB_OK ? b->outputs[i] : input);
        size_t used = utf8_chars(head, strlen(head)), bytes = 0;
        size_t room = (size_t)b->columns > used + 1 ? (size_t)b->columns - used - 1 : 0;
        while (name[bytes] && (utf8_chars(name, bytes + 1) <= room ||
                               ((unsigned char)name[bytes] & 0xC0) == 0x80))
            bytes++;
        fwrite(name, 1, bytes, stdout);
    } else if (status == VB_OK && !b->args->quiet) {
        /* Plain lines for a file or a pipe; a failure is told by its messages on stderr. */
        if (b->outputs)
            printf("vanban: đã ghi %s\n", b->outputs[i]);
        else
            printf("vanban: %s không có lỗi\n", input);
    }
    fflush(stdout);
    pthread_mutex_unlock(&b->lock);
}

static void *batch_worker(void *arg)
{
    batch *b = arg;
    vb_diagnostics *diag = vb_diagnostics_new();
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next;
        if (diag && i < b->args->count)
            b->next++;
        pthread_mutex_unlock(&b->lock);
        if (!diag || i >= b->args->count)
            break;
        vb_diagnostics_clear(diag);
        int status = b->outputs
                         ? (int)vb_render_file(b->eng, b->args->inputs[i], b->outputs[i],
                                               b->opts, diag)
                         : (int)vb_check_file(b->eng, b->args->inputs[i], diag);
        batch_report(b, i, status, diag);
    }
    if (!diag) {
        pthread_mutex_lock(&b->lock);
        out_of_memory();
        b->worst = VB_ERR_IO;
        pthread_mutex_unlock(&b->lock);
    }
    vb_diagnostics_free(diag);
    return NULL;
}

/* "a/x.yaml" -> "FOLDER/x.pdf" (".yaml" or ".yml" dropped, any other name kept whole). */
static char *output_in_folder(const char *folder, const char *input)
{
    const char *name = base_name(input);
    size_t len = strlen(name);
    if (len > 5 && strcasecmp(name + len - 5, ".yaml") == 0)
        len -= 5;
    else if (len > 4 && strcasecmp(name + len - 4, ".yml") == 0)
        len -= 4;
    size_t folder_len = strlen(folder);
    while (folder_len > 1 && folder[folder_len - 1] == '/')
        folder_len--;
    size_t n = folder_len + len + 6;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s%s%.*s.pdf", (int)folder_len, folder,
                 folder_len && folder[folder_len - 1] == '/' ? "" : "/", (int)len, name);
    return path;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(**(char **const *)a, **(char **const *)b);
}

/* Two inputs that would write the same PDF: a usage error, found before anything is written.
 * Returns -1 or the exit status. */
static int refuse_duplicate_outputs(const batch *b)
{
    size_t n = b->args->count;
    char ***sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return out_of_memory();
    for (size_t i = 0; i < n; i++)
        sorted[i] = &b->outputs[i];
    qsort(sorted, n, sizeof *sorted, compare_paths);
    int status = -1;
    for (size_t i = 1; i < n && status < 0; i++) {
        if (strcmp(*sorted[i - 1], *sorted[i]) == 0) {
            const char *first = b->args->inputs[sorted[i - 1] - b->outputs];
            const char *second = b->args->inputs[sorted[i] - b->outputs];
            status = usage_error("%s và %s cùng ghi %s; đổi tên một tệp / two inputs would "
                                 "write the same PDF",
                                 first, second, *sorted[i]);
        }
    }
    free(sorted);
    return status;
}

/* The output folder: made when missing (its parent must exist); an existing file that is not
 * a folder is a usage error. Returns -1 or the exit status. */
static int prepare_folder(const char *folder)
{
    struct stat st;
    if (stat(folder, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return -1;
        return usage_error("%s không phải thư mục; với nhiều tệp nội dung, -o là thư mục / "
                           "with several inputs -o names a folder",
                           folder);
    }
    if (mkdir(folder, 0777) == 0 || errno == EEXIST)
        return -1;
    fprintf(stderr, "vanban: không tạo được thư mục %s: %s\n", folder, strerror(errno));
    return VB_ERR_IO;
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > INT_MAX ? INT_MAX : (int)n;
}

static int run_batch(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    batch b = {.eng = eng, .args = args, .opts = opts,
               .progress = !args->quiet && isatty(STDOUT_FILENO)};
    struct winsize size;
    b.columns = b.progress && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col
                    ? size.ws_col
                    : 80;
    int status = -1;
    if (args->cmd == CMD_RENDER) {
        if (!(b.outputs = calloc(args->count, sizeof *b.outputs)))
            return out_of_memory();
        for (size_t i = 0; i < args->count && status < 0; i++)
            if (!(b.outputs[i] = output_in_folder(args->output, args->inputs[i])))
                status = out_of_memory();
        if (status < 0)
            status = refuse_duplicate_outputs(&b);
        if (status < 0)
            status = prepare_folder(args->output);
    }

    if (status < 0) {
        pthread_mutex_init(&b.lock, NULL);
        size_t jobs = (size_t)(args->jobs ? args->jobs : online_cpus());
        if (jobs > args->count)
            jobs = args->count;
        /* This thread is one of the workers; a thread that cannot start leaves its share to
         * the others. */
        pthread_t *threads = calloc(jobs, sizeof *threads);
        size_t started = 0;
        for (size_t t = 1; threads && t < jobs; t++)
            if (pthread_create(&threads[started], NULL, batch_worker, &b) == 0)
                started++;
        batch_worker(&b);
        for (size_t t = 0; t < started; t++)
            pthread_join(threads[t], NULL);
        free(threads);
        pthread_mutex_destroy(&b.lock);

        if (b.progress)
            fputs("\r\033[K", stdout);
        /* The summary; for one input only where the progress line it replaces said it. */
        if (!args->quiet && (args->count > 1 || b.progress)) {
            if (b.outputs)
                printf("vanban: đã ghi %zu/%zu văn bản vào %s\n", b.ok, args->count,
                       args->output);
            else
                printf("vanban: %zu/%zu văn bản không có lỗi\n", b.ok, args->count);
        }
        /* Every input done and well, or the worst status (an input left undone: 3). */
        status = b.ok == args->count ? VB_OK : b.worst > VB_OK ? b.worst : VB_ERR_IO;
    }
    for (size_t i = 0; b.outputs && i < args->count; i++)
        free(b.outputs[i]);
    free(b.outputs);
    return status;
}

/* ------------------------------------------------------------------- watch ---- */

/* Events of one save arrive in a burst (an editor writes a temporary file, renames it over the
 * original, touches the folder): the render waits until the input has been quiet this long. */
#define WATCH_QUIET_MS 50

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "3.25" -> "3,3": Vietnamese writes a decimal comma. */
static void decimal_comma(char *buf, size_t size, double value)
{
    snprintf(buf, size, "%.1f", value);
    char *dot = strchr(buf, '.');
    if (dot)
        *dot = ',';
}

/* Renders once and says so in one line: on stdout with the time taken and the PDF's size, or
 * on stderr after the diagnostics, saying the previous PDF is kept. */
static int watch_render(vb_engine *eng, const cli_args *args, const vb_render_options *opts,
                        vb_diagnostics *diag)
{
    vb_diagnostics_clear(diag);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = (int)vb_render_file(eng, args->inputs[0], args->output, opts, diag);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;

    char clock_text[16] = "";
    time_t now = time(NULL);
    struct tm local;
    if (localtime_r(&now, &local))
        strftime(clock_text, sizeof clock_text, "%H:%M:%S", &local);
    print_diagnostics(diag);
    struct stat st;
    if (status == VB_OK) {
        if (!args->quiet) {
            char ms_text[32], size_text[32] = "?";
            decimal_comma(ms_text, sizeof ms_text, ms);
            if (stat(args->output, &st) == 0)
                decimal_comma(size_text, sizeof size_text, (double)st.st_size / 1000.0);
            printf("%s đã ghi %s (%s ms, %s kB)\n", clock_text, args->output, ms_text,
                   size_text);
        }
    } else if (status == VB_ERR_USAGE) {
        /* The diagnostics say it all (the output is the input itself). */
    } else if (stat(args->output, &st) == 0) {
        fprintf(stderr, "%s lỗi, giữ bản PDF cũ %s\n", clock_text, args->output);
    } else {
        fprintf(stderr, "%s lỗi, chưa ghi %s\n", clock_text, args->output);
    }
    fflush(stdout);
    return status;
}

/* What the inotify events waiting on fd say about the input called name in the folder watched
 * as wd: 1 when it was saved (or events were lost), 0 when nothing concerns it, -1 when the
 * folder can no longer be watched. *busy when it is still being written. */
static int read_events(int fd, int wd, const char *name, bool *busy)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int saved = 0;
    for (;;) {
        ssize_t len = read(fd, buf, sizeof buf);
        if (len < 0 && errno == EINTR)
            continue;
        if (len <= 0)
            return saved; /* EAGAIN: all read */
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                saved = 1;
            } else if (ev->wd == wd && (ev->mask & IN_IGNORED)) {
                return -1;
            } else if (ev->wd == wd && ev->len && strcmp(ev->name, name) == 0) {
                if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE))
                    saved = 1;
                else if (ev->mask & IN_MODIFY)
                    *busy = true;
            }
        }
    }
}

static int run_watch(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    const char *input = args->inputs[0];
    const char *name = base_name(input);
    if (!*name)
        return usage_error("%s không phải tệp / watch needs a file", input);

    /* SIGINT and SIGTERM are read from a descriptor, between renders, so that the engine is
     * freed and the exit status is 0. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);
    int sig_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

    /* The input's folder is watched, not the file, because editors save by renaming a new
     * file over the old one; and it is watched before the first render, so that a save made
     * after the first PDF appears is never missed. */
    char *copy = strdup(input), *folder = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    int ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    int wd = -1;
    if (folder && ino_fd >= 0)
        wd = inotify_add_watch(ino_fd, folder,
                               IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY |
                                   IN_ONLYDIR);
    vb_diagnostics *diag = vb_diagnostics_new();
    int status = -1;
    if (!folder || !diag) {
        status = out_of_memory();
    } else if (sig_fd < 0 || ino_fd < 0 || wd < 0) {
        fprintf(stderr, "vanban: không theo dõi được thư mục %s: %s\n", folder,
                strerror(errno));
        status = VB_ERR_IO;
    }

    if (status < 0) {
        if (!args->quiet)
            printf("vanban: theo dõi %s, Ctrl+C để dừng\n", input);
        /* Only the first render may end the watch: when the input cannot be read or the PDF
         * cannot be written at all. A content error never does. */
        int first = watch_render(eng, args, opts, diag);
        if (first == VB_ERR_USAGE || first == VB_ERR_IO)
            status = first;
    }

    bool pending = false;
    long long deadline = 0;
    while (status < 0) {
        struct pollfd fds[2] = {{.fd = ino_fd, .events = POLLIN}, {.fd = sig_fd, .events = POLLIN}};
        int timeout = -1;
        if (pending) {
            long long left = deadline - monotonic_ms();
            timeout = left < 0 ? 0 : (int)left;
        }
        int n = poll(fds, 2, timeout);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "vanban: %s\n", strerror(errno));
            status = VB_ERR_IO;
        } else if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo info;
            if (read(sig_fd, &info, sizeof info) > 0)
                status = VB_OK;
        } else if (fds[0].revents & POLLIN) {
            bool busy = false;
            int saved = read_events(ino_fd, wd, name, &busy);
            if (saved < 0) {
                fprintf(stderr, "vanban: thư mục %s không còn theo dõi được\n", folder);
                status = VB_ERR_IO;
            } else if (saved || (pending && busy)) {
                pending = true;
                deadline = monotonic_ms() + WATCH_QUIET_MS;
            }
        } else if (pending && n == 0) {
            pending = false;
            watch_render(eng, args, opts, diag);
        }
    }

    vb_diagnostics_free(diag);
    if (ino_fd >= 0)
        close(ino_fd);
    if (sig_fd >= 0)
        close(sig_fd);
    free(folder);
    return status;
}

/* -------------------------------------------------------------------- main ---- */

/* One input, as before: -o is the PDF itself, unless it names a folder (an existing one, or
 * one written with a trailing '/'), so that a glob matching a single file still works. */
static bool output_is_folder(const cli_args *args)
{
    if (args->cmd != CMD_RENDER)
        return false;
    if (args->count > 1)
        return true;
    size_t len = strlen(args->output);
    struct stat st;
    return (len && args->output[len - 1] == '/') ||
           (stat(args->output, &st) == 0 && S_ISDIR(st.st_mode));
}

int main(int argc, char **argv)
{
    cli_args args = {.inputs = calloc((size_t)argc, sizeof(char *))};
    if (!args.inputs)
        return out_of_memory();
    int status = parse_args(argc, argv, &args);
    if (status >= 0) {
        free(args.inputs);
        return status;
    }

    vb_render_options render_opts = {.font_dir = NULL, .creation_time = -1};
    if (args.cmd != CMD_CHECK && source_date_epoch(&render_opts.creation_time) != 0) {
        free(args.inputs);
        return usage_error("SOURCE_DATE_EPOCH không hợp lệ: %s (cần số giây từ 1970) / "
                           "must be seconds since 1970",
                           getenv("SOURCE_DATE_EPOCH"));
    }

    vb_diagnostics *diag = vb_diagnostics_new();
    if (!diag) {
        free(args.inputs);
        return out_of_memory();
    }
    /* --font-dir replaces the engine's default family, so that check and render (which takes
     * no options) judge the document with the same fonts. */
    vb_engine_options engine_opts = {.font_dir = args.font_dir};
    vb_engine *eng = vb_engine_new(&engine_opts, diag);
    if (!eng) {
        print_diagnostics(diag);
        vb_diagnostics_free(diag);
        free(args.inputs);
        return VB_ERR_IO;
    }

    if (args.cmd == CMD_WATCH) {
        status = run_watch(eng, &args, &render_opts);
    } else if (args.count > 1 || output_is_folder(&args)) {
        status = run_batch(eng, &args, &render_opts);
    } else {
        if (args.cmd == CMD_RENDER)
            status = vb_render_file(eng, args.inputs[0], args.output, &render_opts, diag);
        else
            status = vb_check_file(eng, args.inputs[0], diag);
        print_diagnostics(diag);
        if (status == VB_OK && !args.quiet) {
            if (args.cmd == CMD_RENDER)
                printf("vanban: đã ghi %s\n", args.output);
            else
                printf("vanban: %s không có lỗi\n", args.inputs[0]);
        }
    }

    vb_engine_free(eng);
    vb_diagnostics_free(diag);
    free(args.inputs);
    return status;
}
