/* LD_PRELOAD shim that fails one step of the atomic write (tests/test_atomic.c), or watch's
 * inotify (tests/test_rare_paths.c, tests/test_watch.c).
 *
 * VB_FAIL_IO names the step; only calls on the write's temporary file (inotify aside) (a name holding "/.vb-",
 * src/common/fileio.c) are touched, so the program's own messages and its reading of the
 * input and the fonts go through:
 *   write   write() fails with ENOSPC           fsync   fsync() fails with EIO
 *   fchmod  fchmod() fails with EPERM           close   close() closes, then says EDQUOT
 *   rename  rename() fails with EXDEV
 *   eintr   every other write() is interrupted (EINTR) before writing anything
 *   short   write() writes at most 1000 bytes a call
 *   inotify inotify_add_watch() fails with ENOSPC, as when the system's watches are used up
 *   slowread  read() of a file (the input, the fonts) is interrupted every other call and
 *             gives at most 4096 bytes otherwise, as from a slow network share
 *   overflow  the first events read from inotify become one IN_Q_OVERFLOW: events were lost
 * Distinct errors, so that a test can tell from the message which step was reported. eintr,
 * short and slowread are not failures: the write must carry on and give the same bytes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static bool failing(const char *step)
{
    const char *chosen = getenv("VB_FAIL_IO");
    return chosen && strcmp(chosen, step) == 0;
}

static bool is_temporary(const char *path)
{
    return path && strstr(path, "/.vb-") != NULL;
}

/* True when fd is open on the atomic write's temporary file. */
static bool fd_is_temporary(int fd)
{
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return false;
    target[n] = 0;
    return is_temporary(target);
}

/* The C library's own function, found on first use. */
#define REAL(name)                                 \
    static __typeof__(name) *real_##name;          \
    if (!real_##name)                              \
    real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t len)
{
    REAL(write);
    static bool interrupted_last;
    if (fd > 2 && (failing("write") || failing("eintr") || failing("short")) &&
        fd_is_temporary(fd)) {
        if (failing("write")) {
            errno = ENOSPC;
            return -1;
        }
        if (failing("eintr") && (interrupted_last = !interrupted_last)) {
            errno = EINTR;
            return -1;
        }
        if (failing("short") && len > 1000)
            len = 1000;
    }
    return real_write(fd, buf, len);
}

int fsync(int fd)
{
    REAL(fsync);
    if (failing("fsync") && fd_is_temporary(fd)) {
        errno = EIO;
        return -1;
    }
    return real_fsync(fd);
}

int fchmod(int fd, mode_t mode)
{
    REAL(fchmod);
    if (failing("fchmod") && fd_is_temporary(fd)) {
        errno = EPERM;
        return -1;
    }
    return real_fchmod(fd, mode);
}

/* As a failing close on Linux does: the descriptor is gone all the same. */
int close(int fd)
{
    REAL(close);
    if (failing("close") && fd_is_temporary(fd)) {
        real_close(fd);
        errno = EDQUOT;
        return -1;
    }
    return real_close(fd);
}

int rename(const char *from, const char *to)
{
    REAL(rename);
    if (failing("rename") && is_temporary(from)) {
        errno = EXDEV;
        return -1;
    }
    return real_rename(from, to);
}

int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
    REAL(inotify_add_watch);
    if (failing("inotify")) {
        errno = ENOSPC;
        return -1;
    }
    return real_inotify_add_watch(fd, path, mask);
}

/* True when fd is an inotify instance. */
static bool fd_is_inotify(int fd)
{
    char link[64], target[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return false;
    target[n] = 0;
    return strcmp(target, "anon_inode:inotify") == 0;
}

ssize_t read(int fd, void *buf, size_t len)
{
    REAL(read);
    static bool interrupted_last, overflowed;
    if (failing("overflow") && !overflowed && len >= sizeof(struct inotify_event) &&
        fd_is_inotify(fd)) {
        ssize_t n = real_read(fd, buf, len);
        if (n <= 0)
            return n;
        overflowed = true;
        struct inotify_event lost = {.wd = -1, .mask = IN_Q_OVERFLOW};
        memcpy(buf, &lost, sizeof lost);
        return (ssize_t)sizeof lost;
    }
    struct stat st;
    if (failing("slowread") && fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if ((interrupted_last = !interrupted_last)) {
            errno = EINTR;
            return -1;
        }
        if (len > 4096)
            len = 4096;
    }
    return real_read(fd, buf, len);
}
