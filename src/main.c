/* The vanban command: a thin layer over the public API (vanban.h), nothing more. */
#include "vanban.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "Cách dùng / Usage:\n"
    "  vanban render TỆP.yaml -o TỆP.pdf [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban check TỆP.yaml [--font-dir THƯ_MỤC] [-q]\n"
    "  vanban --help | --version\n"
    "\n"
    "Lệnh / Commands:\n"
    "  render   dựng văn bản thành PDF / render the document as PDF\n"
    "  check    chỉ kiểm tra nội dung, không ghi gì / validate only, write nothing\n"
    "\n"
    "Tùy chọn / Options (trước hoặc sau lệnh / before or after the command):\n"
    "  -o, --output TỆP.pdf    tệp PDF cần ghi, bắt buộc với render, khác tệp nội dung\n"
    "                          the PDF to write, required by render, never the input itself\n"
    "  --font-dir THƯ_MỤC      họ phông tương thích Times New Roman (bốn kiểu TrueType), dùng khi\n"
    "                          nội dung không ghi trinh_bay.phong_chu\n"
    "                          a Times New Roman-compatible family (four TrueType styles), used\n"
    "                          when the content names no trinh_bay.phong_chu\n"
    "  -q, --quiet             không in gì khi thành công / print nothing on success\n"
    "  -h, --help              in hướng dẫn này / print this help\n"
    "  -V, --version           in phiên bản / print the version\n"
    "\n"
    "Mã thoát / Exit codes:\n"
    "  0  thành công / success\n"
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

typedef enum { CMD_NONE, CMD_RENDER, CMD_CHECK } command;

typedef struct {
    command cmd;
    const char *input;
    const char *output;
    const char *font_dir;
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
            else
                return usage_error("lệnh không hợp lệ: %s (các lệnh: render, check) / unknown "
                                   "command",
                                   arg);
        } else if (!args->input) {
            args->input = arg;
        } else {
            return usage_error("thừa tham số: %s (mỗi lần một tệp) / one input file at a time",
                               arg);
        }
    }

    if (args->cmd == CMD_NONE)
        return usage_error("thiếu lệnh render hoặc check / missing command");
    if (!args->input)
        return usage_error("thiếu tệp nội dung .yaml / missing the input file");
    if (args->cmd == CMD_RENDER && !args->output)
        return usage_error("thiếu -o TỆP.pdf / render needs -o OUTPUT.pdf");
    if (args->cmd == CMD_CHECK && args->output)
        return usage_error("check không ghi tệp, bỏ -o / check writes nothing");
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

int main(int argc, char **argv)
{
    cli_args args = {0};
    int status = parse_args(argc, argv, &args);
    if (status >= 0)
        return status;

    vb_render_options render_opts = {.font_dir = NULL, .creation_time = -1};
    if (args.cmd == CMD_RENDER && source_date_epoch(&render_opts.creation_time) != 0)
        return usage_error("SOURCE_DATE_EPOCH không hợp lệ: %s (cần số giây từ 1970) / "
                           "must be seconds since 1970",
                           getenv("SOURCE_DATE_EPOCH"));

    vb_diagnostics *diag = vb_diagnostics_new();
    if (!diag) {
        fputs("vanban: hết bộ nhớ / out of memory\n", stderr);
        return VB_ERR_IO;
    }
    /* --font-dir replaces the engine's default family, so that check and render (which takes
     * no options) judge the document with the same fonts. */
    vb_engine_options engine_opts = {.font_dir = args.font_dir};
    vb_engine *eng = vb_engine_new(&engine_opts, diag);
    if (!eng) {
        print_diagnostics(diag);
        vb_diagnostics_free(diag);
        return VB_ERR_IO;
    }

    if (args.cmd == CMD_RENDER)
        status = vb_render_file(eng, args.input, args.output, &render_opts, diag);
    else
        status = vb_check_file(eng, args.input, diag);
    print_diagnostics(diag);
    if (status == VB_OK && !args.quiet) {
        if (args.cmd == CMD_RENDER)
            printf("vanban: đã ghi %s\n", args.output);
        else
            printf("vanban: %s không có lỗi\n", args.input);
    }

    vb_engine_free(eng);
    vb_diagnostics_free(diag);
    return status;
}
