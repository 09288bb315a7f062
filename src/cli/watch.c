/* `vanban watch`: render again on every save of the input, keeping the last good PDF. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* One watch: what it renders, what it listens to, and a save waiting for quiet. */
typedef struct {
    vb_engine *eng;
    const cli_args *args;
    const vb_render_options *opts;
    vb_diagnostics *diag;
    const char *name; /* the input's name in folder */
    char *folder;
    int ino_fd, wd, sig_fd;
    bool pending;       /* a save seen, not rendered yet */
    long long deadline; /* when the pending save has been quiet long enough */
} watch_state;

/* Listens for the stop signals and the input's folder. Returns -1 or the exit status. */
static int watch_open(watch_state *w)
{
    /* SIGINT and SIGTERM are read from a descriptor, between renders, so that the engine is
     * freed and the exit status is 0. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);
    w->sig_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

    /* The input's folder is watched, not the file, because editors save by renaming a new
     * file over the old one; and it is watched before the first render, so that a save made
     * after the first PDF appears is never missed. */
    char *copy = strdup(w->args->inputs[0]);
    w->folder = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    w->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    w->wd = -1;
    if (w->folder && w->ino_fd >= 0)
        w->wd = inotify_add_watch(w->ino_fd, w->folder,
                                  IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY |
                                      IN_ONLYDIR);
    if (!w->folder || !w->diag)
        return out_of_memory();
    if (w->sig_fd < 0 || w->ino_fd < 0 || w->wd < 0) {
        fprintf(stderr, "vanban: không theo dõi được thư mục %s: %s\n", w->folder,
                strerror(errno));
        return VB_ERR_IO;
    }
    return -1;
}

/* Waits for the next thing to happen and does it. Returns -1 to go on, or the exit status. */
static int watch_step(watch_state *w)
{
    struct pollfd fds[2] = {{.fd = w->ino_fd, .events = POLLIN},
                            {.fd = w->sig_fd, .events = POLLIN}};
    int timeout = -1;
    if (w->pending) {
        long long left = w->deadline - monotonic_ms();
        timeout = left < 0 ? 0 : (int)left;
    }
    int n = poll(fds, 2, timeout);
    if (n < 0) {
        if (errno == EINTR)
            return -1;
        fprintf(stderr, "vanban: %s\n", strerror(errno));
        return VB_ERR_IO;
    }
    if (fds[1].revents & POLLIN) {
        struct signalfd_siginfo info;
        return read(w->sig_fd, &info, sizeof info) > 0 ? VB_OK : -1;
    }
    if (fds[0].revents & POLLIN) {
        bool busy = false;
        int saved = read_events(w->ino_fd, w->wd, w->name, &busy);
        if (saved < 0) {
            fprintf(stderr, "vanban: thư mục %s không còn theo dõi được\n", w->folder);
            return VB_ERR_IO;
        }
        if (saved || (w->pending && busy)) {
            w->pending = true;
            w->deadline = monotonic_ms() + WATCH_QUIET_MS;
        }
    } else if (w->pending && n == 0) {
        w->pending = false;
        watch_render(w->eng, w->args, w->opts, w->diag);
    }
    return -1;
}

int run_watch(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    const char *input = args->inputs[0];
    watch_state w = {.eng = eng, .args = args, .opts = opts, .name = base_name(input),
                     .diag = vb_diagnostics_new(), .ino_fd = -1, .wd = -1, .sig_fd = -1};
    int status = *w.name ? watch_open(&w)
                         : usage_error("%s không phải tệp / watch needs a file", input);
    if (status < 0) {
        if (!args->quiet)
            printf("vanban: theo dõi %s, Ctrl+C để dừng\n", input);
        /* Only the first render may end the watch: when the input cannot be read or the PDF
         * cannot be written at all. A content error never does. */
        int first = watch_render(eng, args, opts, w.diag);
        if (first == VB_ERR_USAGE || first == VB_ERR_IO)
            status = first;
    }
    while (status < 0)
        status = watch_step(&w);

    vb_diagnostics_free(w.diag);
    if (w.ino_fd >= 0)
        close(w.ino_fd);
    if (w.sig_fd >= 0)
        close(w.sig_fd);
    free(w.folder);
    return status;
}
