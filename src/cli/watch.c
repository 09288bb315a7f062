/* `vanban watch`: render again on every save of the input, keeping the last good PDF. */
#include "cli.h"

#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Events of one save arrive in a burst (an editor writes a temporary file, renames it over the
 * original, touches the folder): the render waits until the input has been quiet this long. */
#define WATCH_QUIET_MS 50
/* A watched folder removed or moved away is looked for again this often, so that a folder
 * re-created (a checkout switched, a sync tool) is followed. */
#define WATCH_RETRY_MS 250

/* The folder is watched, not the file, because editors save by renaming a new file over the
 * old one; the folder's own removal or move is watched too, to follow its path. */
#define WATCH_EVENTS                                                                       \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF | \
     IN_ONLYDIR)

/* A file watched through its folder. */
typedef struct {
    char *folder, *name;
    int wd; /* -1 while the folder is gone */
} watched_file;

/* One watch: what it renders, what it listens to, and a save waiting for quiet. */
typedef struct {
    vb_engine *eng;
    const cli_args *args;
    vb_render_options opts; /* the caller's, with cancel set to the stop request */
    vb_diagnostics *diag;
    int ino_fd, stop_fd;
    /* The input as named and, when that is a symbolic link, the file it points to: saving
     * the target changes nothing in the link's folder. */
    watched_file files[2];
    size_t nfiles;
    char *target;       /* the input's target when it is a symbolic link, else NULL */
    bool relink;        /* the input's name was made again: it may point elsewhere now */
    bool pending;       /* a save seen, not rendered yet */
    long long deadline; /* when the pending save has been quiet long enough */
    long long retry_at; /* a folder lost: when to look for it again; 0 when none is */
} watch_state;

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
 * on stderr after the diagnostics, saying the previous PDF is kept. Silent when stopped. */
static int watch_render(const watch_state *w)
{
    const cli_args *args = w->args;
    vb_diagnostics *diag = w->diag;
    vb_diagnostics_clear(diag);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = (int)vb_render_file(w->eng, args->inputs[0], args->output, &w->opts, diag);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (stop_requested())
        return status; /* a stopped render has nothing to say */
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

static int watched_file_init(watched_file *f, const char *path)
{
    char *copy = strdup(path);
    f->folder = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    f->name = strdup(base_name(path));
    f->wd = -1;
    return f->folder && f->name ? 0 : -1;
}

/* The input, when it is a symbolic link, is followed to its target, whose folder is watched as
 * well; looked at again whenever the input's name is made again (a link re-pointed, or replaced
 * by a plain file), and said then. Returns -1, or the exit status when out of memory. */
static int follow_link(watch_state *w, bool again)
{
    w->relink = false;
    const char *input = w->args->inputs[0];
    struct stat st;
    /* A dangling link is not followed: the render says it cannot be read. */
    char *target = lstat(input, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(input, NULL) : NULL;
    if ((!target && !w->target) || (target && w->target && strcmp(target, w->target) == 0)) {
        free(target);
        return -1;
    }
    watched_file *old = &w->files[1], next = {.wd = -1};
    int status = target && watched_file_init(&next, target) != 0 ? out_of_memory() : -1;
    if (target && status < 0 && w->ino_fd >= 0 &&
        (next.wd = inotify_add_watch(w->ino_fd, next.folder, WATCH_EVENTS)) < 0)
        w->retry_at = monotonic_ms() + WATCH_RETRY_MS;
    if (old->wd >= 0 && old->wd != w->files[0].wd && old->wd != next.wd)
        inotify_rm_watch(w->ino_fd, old->wd);
    free(old->folder);
    free(old->name);
    *old = next;
    w->nfiles = target ? 2 : 1;
    free(w->target);
    w->target = target;
    if (again && target && !w->args->quiet)
        printf("vanban: %s giờ là liên kết tới %s, theo dõi tệp đó\n", input, target);
    return status;
}

static void say_watching(const watch_state *w)
{
    if (w->args->quiet)
        return;
    const char *input = w->args->inputs[0];
    if (w->target)
        printf("vanban: theo dõi %s (liên kết tới %s), Ctrl+C để dừng\n", input, w->target);
    else
        printf("vanban: theo dõi %s, Ctrl+C để dừng\n", input);
}

/* Listens for stop requests and the input's folders; done before the first render, so that
 * a save made after the first PDF appears is never missed. Returns -1 or the exit status. */
static int watch_open(watch_state *w)
{
    w->stop_fd = stop_signals_install();
    w->opts.cancel = stop_request();
    w->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    w->nfiles = 1;
    if (!w->diag || watched_file_init(&w->files[0], w->args->inputs[0]) != 0)
        return out_of_memory();
    int status = follow_link(w, false);
    if (status >= 0)
        return status;
    const char *failed = NULL;
    for (size_t i = 0; i < w->nfiles && !failed && w->ino_fd >= 0; i++)
        if ((w->files[i].wd = inotify_add_watch(w->ino_fd, w->files[i].folder, WATCH_EVENTS)) < 0)
            failed = w->files[i].folder;
    if (w->stop_fd >= 0 && w->ino_fd >= 0 && !failed)
        return -1;
    int err = errno;
    fprintf(stderr, "vanban: không theo dõi được thư mục %s: %s%s\n", failed ? failed : w->files[0].folder,
            strerror(err),
            err == ENOSPC || err == EMFILE
                ? " (giới hạn inotify, xem /proc/sys/fs/inotify/ / the inotify limits)"
                : "");
    return VB_ERR_IO;
}

/* The folder watched as wd was removed or moved away: said, and looked for again. A moved
 * folder's watch is dropped, for the path, not the folder, is what the clerk named. */
static void lose_folder(watch_state *w, int wd, bool moved)
{
    if (moved)
        inotify_rm_watch(w->ino_fd, wd);
    for (size_t i = 0; i < w->nfiles; i++) {
        if (w->files[i].wd != wd)
            continue;
        w->files[i].wd = -1;
        fprintf(stderr, "vanban: thư mục %s đã bị xóa hoặc chuyển đi; chờ nó có lại / the "
                        "folder is gone, waiting for it\n",
                w->files[i].folder);
    }
    w->retry_at = monotonic_ms() + WATCH_RETRY_MS;
}

/* Watches again the folders that are back; a folder back is a save, for its file may be new. */
static void retry_lost_folders(watch_state *w)
{
    w->retry_at = 0;
    for (size_t i = 0; i < w->nfiles; i++) {
        watched_file *f = &w->files[i];
        if (f->wd >= 0)
            continue;
        f->wd = inotify_add_watch(w->ino_fd, f->folder, WATCH_EVENTS);
        if (f->wd < 0) {
            w->retry_at = monotonic_ms() + WATCH_RETRY_MS;
            continue;
        }
        fprintf(stderr, "vanban: thư mục %s có lại, theo dõi tiếp / the folder is back\n",
                f->folder);
        w->pending = true;
        w->deadline = monotonic_ms() + WATCH_QUIET_MS;
    }
}

/* What one inotify event says: 1 when a watched file was saved (or events were lost), 0
 * otherwise; *busy when one is still being written. */
static int take_event(watch_state *w, const struct inotify_event *ev, bool *busy)
{
    if (ev->mask & IN_Q_OVERFLOW)
        return 1;
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
        for (size_t i = 0; i < w->nfiles; i++)
            if (w->files[i].wd == ev->wd) {
                lose_folder(w, ev->wd, ev->mask & IN_MOVE_SELF);
                break;
            }
        return 0;
    }
    int saved = 0;
    for (size_t i = 0; i < w->nfiles; i++) {
        const watched_file *f = &w->files[i];
        if (f->wd != ev->wd || !ev->len || strcmp(ev->name, f->name) != 0)
            continue;
        if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE))
            saved = 1;
        if (i == 0 && (ev->mask & (IN_MOVED_TO | IN_CREATE)))
            w->relink = true;
        else if (ev->mask & IN_MODIFY)
            *busy = true;
    }
    return saved;
}

/* Reads every event waiting: 1 when a watched file was saved, 0 when nothing concerns it. */
static int read_events(watch_state *w, bool *busy)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int saved = 0;
    for (;;) {
        ssize_t len = read(w->ino_fd, buf, sizeof buf);
        if (len < 0 && errno == EINTR)
            continue;
        if (len <= 0)
            return saved; /* EAGAIN: all read */
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            saved |= take_event(w, ev, busy);
        }
    }
}

/* How long poll may wait: until the pending save is due or a lost folder is looked for. */
static int next_timeout(const watch_state *w)
{
    long long due = w->pending ? w->deadline : 0;
    if (w->retry_at && (!due || w->retry_at < due))
        due = w->retry_at;
    if (!due)
        return -1;
    long long left = due - monotonic_ms();
    return left < 0 ? 0 : left > 60000 ? 60000 : (int)left;
}

/* Waits for the next thing to happen and does it. Returns -1 to go on, or the exit status. */
static int watch_step(watch_state *w)
{
    struct pollfd fds[2] = {{.fd = w->ino_fd, .events = POLLIN},
                            {.fd = w->stop_fd, .events = POLLIN}};
    int n = poll(fds, 2, next_timeout(w));
    if (stop_requested())
        return VB_OK;
    if (n < 0 && errno != EINTR) {
        fprintf(stderr, "vanban: %s\n", strerror(errno));
        return VB_ERR_IO;
    }
    if (n > 0 && (fds[0].revents & POLLIN)) {
        bool busy = false;
        int saved = read_events(w, &busy);
        if (w->relink && follow_link(w, true) >= 0)
            return VB_ERR_IO;
        if (saved || (w->pending && busy)) {
            w->pending = true;
            w->deadline = monotonic_ms() + WATCH_QUIET_MS;
        }
        return -1;
    }
    long long now = monotonic_ms();
    if (w->retry_at && now >= w->retry_at)
        retry_lost_folders(w);
    if (w->pending && now >= w->deadline) {
        w->pending = false;
        watch_render(w);
    }
    return -1;
}

int run_watch(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    const char *input = args->inputs[0];
    watch_state w = {.eng = eng, .args = args, .opts = *opts, .diag = vb_diagnostics_new(),
                     .ino_fd = -1, .stop_fd = -1, .files = {{.wd = -1}, {.wd = -1}}};
    int status = *base_name(input) ? watch_open(&w)
                                   : usage_error("%s không phải tệp / watch needs a file", input);
    if (status < 0) {
        say_watching(&w);
        /* Only the first render may end the watch: when the input cannot be read or the PDF
         * cannot be written at all. A content error never does. */
        int first = watch_render(&w);
        if (stop_requested())
            status = VB_OK;
        else if (first == VB_ERR_USAGE || first == VB_ERR_IO)
            status = first;
    }
    while (status < 0)
        status = watch_step(&w);

    stop_signals_remove();
    vb_diagnostics_free(w.diag);
    if (w.ino_fd >= 0)
        close(w.ino_fd);
    for (size_t i = 0; i < 2; i++) {
        free(w.files[i].folder);
        free(w.files[i].name);
    }
    free(w.target);
    return status;
}
