/* `-o -`: the PDF on stdout, for a pipe or a redirection; every message then goes to stderr. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
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

/* The library renders the whole PDF in memory before it writes "-": a failed render writes
 * nothing to stdout. */
int render_to_stdout(vb_engine *eng, const cli_args *args, const vb_render_options *opts,
                     vb_diagnostics *diag)
{
    /* A reader that went away is an error said on stderr, not a silent death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    int status = (int)vb_render_file(eng, args->inputs[0], "-", opts, diag);
    print_diagnostics(diag);
    if (status == VB_OK && !args->quiet)
        fprintf(stderr, "vanban: đã ghi %s ra stdout\n", args->inputs[0]);
    return status;
}
