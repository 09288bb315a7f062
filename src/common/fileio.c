/* Files in and out: reading an input within a bound, writing an output whole or not at all. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report_os_error(vb_diagnostics *diag, const char *path, int err)
{
    char buf[256];
    /* GNU strerror_r: thread-safe, may return a static string instead of filling buf. */
    const char *reason = strerror_r(err, buf, sizeof buf);
    /* Memory is the system's failure, not the file's: the words say so (tests/test_oom.c). */
    if (err == ENOMEM)
        vb_diag_out_of_memory(diag, path, "hết bộ nhớ khi đọc tệp");
    else
        vb_diag_error(diag, path, 0, 0, "không đọc được tệp: %s", reason);
}

static void report_too_large(vb_diagnostics *diag, const char *path)
{
    vb_diag_error(diag, path, 0, 0,
                  "tệp quá lớn: giới hạn là %u MB; một văn bản hành chính không cần lớn như vậy",
                  VB_MAX_INPUT_BYTES / (1024u * 1024u));
}

char *vb_read_file(const char *path, size_t *len, vb_diagnostics *diag)
{
    if (len)
        *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        report_os_error(diag, path, errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        report_os_error(diag, path, errno);
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        report_os_error(diag, path, EISDIR);
        close(fd);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && st.st_size > (off_t)VB_MAX_INPUT_BYTES) {
        report_too_large(diag, path);
        close(fd);
        return NULL;
    }
    /* Pipes and growing files have no trustworthy size: read in chunks up to the limit. A
     * regular file gets its size, the NUL and one byte more, so that the read which finds the
     * end has room and the buffer is not doubled only to learn that. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 64 * 1024;
    size_t used = 0;
    char *buf = malloc(cap);
    if (!buf) {
        report_os_error(diag, path, ENOMEM);
        close(fd);
        return NULL;
    }
    for (;;) {
        if (used + 1 >= cap) {
            if (cap > VB_MAX_INPUT_BYTES) {
                report_too_large(diag, path);
                free(buf);
                close(fd);
                return NULL;
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                report_os_error(diag, path, ENOMEM);
                free(buf);
                close(fd);
                return NULL;
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + used, cap - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            report_os_error(diag, path, errno);
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used > VB_MAX_INPUT_BYTES) {
            report_too_large(diag, path);
            free(buf);
            close(fd);
            return NULL;
        }
    }
    close(fd);
    buf[used] = 0;
    if (len)
        *len = used;
    return buf;
}

char *vb_path_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* The process umask without changing it: umask(2) can only be read by setting it, which would
 * race with other threads creating files. Linux reports it in /proc/self/status. */
static mode_t current_umask(void)
{
    mode_t mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return mask;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        unsigned value;
        if (sscanf(line, "Umask: %o", &value) == 1) {
            mask = (mode_t)value;
            break;
        }
    }
    fclose(f);
    return mask;
}

static int write_all(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static void write_error(vb_diagnostics *diag, const char *output_path, const char *what,
                        const char *path, int err)
{
    vb_diag_error(diag, output_path, 0, 0, "%s %s: %s", what, path, strerror(err));
}

/* Writes data to a temporary file beside target (same folder, hence same file system) and
 * renames it over target, so that readers see the old file or the whole new one, never a part,
 * and a failure leaves the old one as it was. Errors are reported against output_path, the
 * name the caller gave (target differs when output_path is a link). */
static int replace_atomically(const char *output_path, const char *target,
                              const unsigned char *data, size_t len, vb_diagnostics *diag)
{
    char *folder = vb_path_folder(target);
    /* Short and fixed, so that it fits NAME_MAX whatever the length of the output's name;
     * hidden, so a half-written file never shows up in the clerk's folder view. */
    static const char temp_name[] = "/.vb-XXXXXX";
    size_t tmp_size = (folder ? strlen(folder) : 0) + sizeof temp_name;
    char *tmp_path = folder ? malloc(tmp_size) : NULL;
    if (!tmp_path) {
        free(folder);
        vb_diag_out_of_memory(diag, output_path, "hết bộ nhớ");
        return -1;
    }
    snprintf(tmp_path, tmp_size, "%s%s", folder, temp_name);

    int st = -1;
    int fd = mkstemp(tmp_path);
    if (fd < 0) {
        write_error(diag, output_path, "không tạo được tệp trong thư mục", folder, errno);
        goto out;
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        write_error(diag, output_path, "không ghi được", tmp_path, errno);
        goto fail;
    }
    /* mkstemp makes the file private (0600); a PDF is meant to be read by others, as any file
     * the user would create there. */
    if (fchmod(fd, 0644 & ~current_umask()) != 0) {
        write_error(diag, output_path, "không đặt được quyền cho", tmp_path, errno);
        goto fail;
    }
    int close_rc = close(fd);
    fd = -1;
    if (close_rc != 0) {
        write_error(diag, output_path, "không ghi được", tmp_path, errno);
        goto fail;
    }
    if (rename(tmp_path, target) != 0) {
        write_error(diag, output_path, "không ghi được", target, errno);
        goto fail;
    }
    /* Best effort: make the rename itself durable. The file is in place whatever this says. */
    int dir_fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        fsync(dir_fd);
        close(dir_fd);
    }
    st = 0;
    goto out;

fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp_path);
out:
    free(tmp_path);
    free(folder);
    return st;
}

/* A terminal, a pipe, /dev/null: written into as they are. They hold no old version to keep,
 * and replacing them with a regular file would break whatever reads them. */
static int write_through(const char *output_path, int fd, const unsigned char *data,
                         size_t len, vb_diagnostics *diag)
{
    if (write_all(fd, data, len) != 0) {
        write_error(diag, output_path, "không ghi được", output_path, errno);
        return -1;
    }
    return 0;
}

static int write_to_device(const char *output_path, const unsigned char *data, size_t len,
                           vb_diagnostics *diag)
{
    int fd = open(output_path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        write_error(diag, output_path, "không mở được", output_path, errno);
        return -1;
    }
    int rc = write_through(output_path, fd, data, len, diag);
    if (close(fd) != 0 && rc == 0) {
        write_error(diag, output_path, "không ghi được", output_path, errno);
        rc = -1;
    }
    return rc;
}

/* The missing file a dangling chain of symbolic links names, malloc'd; NULL with errno set on
 * failure. */
static char *follow_links(const char *path)
{
    char *current = strdup(path);
    for (int hops = 0; current && hops < 40; hops++) { /* Linux's own limit */
        struct stat st;
        if (lstat(current, &st) != 0 || !S_ISLNK(st.st_mode))
            return current;
        char link[PATH_MAX];
        ssize_t n = readlink(current, link, sizeof link - 1);
        if (n < 0) {
            free(current);
            return NULL;
        }
        link[n] = 0;
        char *next = NULL;
        if (link[0] == '/') {
            next = strdup(link);
        } else {
            char *folder = vb_path_folder(current);
            if (folder && asprintf(&next, "%s/%s", folder, link) < 0)
                next = NULL;
            free(folder);
        }
        free(current);
        current = next;
    }
    if (current) {
        free(current);
        errno = ELOOP;
    } else {
        errno = ENOMEM;
    }
    return NULL;
}

static const char *kind_of(mode_t mode)
{
    if (S_ISBLK(mode))
        return "một thiết bị khối (ổ đĩa)";
    if (S_ISSOCK(mode))
        return "một socket";
    return "một tệp đặc biệt";
}

static bool is_link(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* A regular file, or none yet, is replaced whole; through a link, the file it ends at is, in
 * that file's folder, and the link stays. stat() and realpath() follow the kernel's own links
 * (/dev/stdout, /proc/self/fd/N) where reading them by hand would not. */
static int write_regular(const char *output_path, bool exists, const unsigned char *data,
                         size_t len, vb_diagnostics *diag)
{
    char *target = NULL;
    if (is_link(output_path)) {
        target = exists ? realpath(output_path, NULL) : follow_links(output_path);
        if (!target) {
            write_error(diag, output_path, "không ghi được", output_path, errno);
            return -1;
        }
    }
    int rc = replace_atomically(output_path, target ? target : output_path, data, len, diag);
    free(target);
    return rc;
}

int vb_write_file(const char *output_path, const unsigned char *data, size_t len,
                  vb_diagnostics *diag)
{
    if (strcmp(output_path, "-") == 0)
        return write_through("-", STDOUT_FILENO, data, len, diag);
    struct stat st;
    if (stat(output_path, &st) != 0) {
        if (errno == ENOENT) /* a new file, or the file a dangling link names */
            return write_regular(output_path, false, data, len, diag);
        write_error(diag, output_path, "không ghi được", output_path, errno);
        return -1;
    }
    if (S_ISREG(st.st_mode))
        return write_regular(output_path, true, data, len, diag);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return write_to_device(output_path, data, len, diag);
    if (S_ISDIR(st.st_mode))
        write_error(diag, output_path, "không ghi được", output_path, EISDIR);
    else
        vb_diag_error(diag, output_path, 0, 0,
                      "không ghi vào %s: đây là %s, không phải tệp thường; vanban không thay thế "
                      "nó",
                      output_path, kind_of(st.st_mode));
    return -1;
}
