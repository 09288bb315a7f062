/* `-o -`: the PDF on stdout, for a pipe or a redirection; every message then goes to stderr. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool output_is_stdout(const cli_args *args)
{
    return args->output && strcmp(args->output, "-") == 0;
}

int refuse_stdout_misuse(const cli_args *args)
{
    if (!output_is_stdout(args))
        return -1;
    if (args->cmd == CMD_WATCH)
        return usage_error("watch ghi lại tệp PDF mỗi lần lưu, không ghi ra stdout (-o -) / "
                           "watch needs a file");
    if (args->count > 1)
        return usage_error("-o - nhận đúng một tệp nội dung / -o - takes one input");
    if (isatty(STDOUT_FILENO))
        return usage_error("không ghi PDF ra màn hình; chuyển hướng (> TỆP.pdf) hoặc nối ống (|) "
                           "/ stdout is a terminal");
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int copy_to_stdout(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int failed = fd < 0;
    char buf[65536];
    while (!failed) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failed = n < 0;
            break;
        }
        failed = write_all(STDOUT_FILENO, buf, (size_t)n) != 0;
    }
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (!failed)
        return VB_OK;
    fprintf(stderr, "vanban: không ghi được PDF ra stdout: %s\n", strerror(err));
    return VB_ERR_IO;
}

/* The library writes a PDF to a path through a temporary file renamed into place, which stdout
 * is not (a pipe cannot be renamed over; /dev/stdout taken as a path would put the temporary
 * file in /dev). So the PDF is rendered into a private folder and copied to stdout once whole:
 * a failed render writes nothing there. */
int render_to_stdout(vb_engine *eng, const cli_args *args, const vb_render_options *opts,
                     vb_diagnostics *diag)
{
    const char *tmp = getenv("TMPDIR");
    char folder[4096], pdf[4200];
    int n = snprintf(folder, sizeof folder, "%s/vanban-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (n < 0 || (size_t)n >= sizeof folder || !mkdtemp(folder)) {
        fprintf(stderr, "vanban: không tạo được thư mục tạm trong %s: %s\n",
                tmp && *tmp ? tmp : "/tmp", strerror(errno));
        return VB_ERR_IO;
    }
    snprintf(pdf, sizeof pdf, "%s/stdout.pdf", folder);
    int status = (int)vb_render_file(eng, args->inputs[0], pdf, opts, diag);
    print_diagnostics(diag);
    /* A reader that went away is an error said on stderr, not a silent death by SIGPIPE
     * that would leave the private folder behind. */
    signal(SIGPIPE, SIG_IGN);
    if (status == VB_OK)
        status = copy_to_stdout(pdf);
    unlink(pdf);
    rmdir(folder);
    if (status == VB_OK && !args->quiet)
        fprintf(stderr, "vanban: đã ghi %s ra stdout\n", args->inputs[0]);
    return status;
}
