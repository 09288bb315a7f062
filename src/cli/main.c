/* The vanban command: its arguments, and which part of it runs them (batch.c, watch.c). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* What the commands require of each other's options, once all are read. Returns -1 to go on,
 * or the exit status of a usage error. */
static int check_args(const cli_args *args)
{
    if (args->cmd == CMD_NONE)
        return usage_error("thiếu lệnh render, check hoặc watch / missing command");
    if (args->count == 0)
        return usage_error("thiếu tệp nội dung .yaml / missing the input file");
    if (args->cmd == CMD_RENDER && !args->output)
        return usage_error("thiếu -o TỆP.pdf / render needs -o OUTPUT.pdf");
    if (args->cmd == CMD_CHECK && args->output)
        return usage_error("check không ghi tệp, bỏ -o / check writes nothing");
    if ((args->data || args->name_column) &&
        (args->cmd != CMD_RENDER || args->count != 1 || !args->data ||
         strcmp(args->output, "-") == 0))
        return usage_error("--data: render MẪU.yaml --data DỮ_LIỆU.csv -o THƯ_MỤC [--ten-tep "
                           "CỘT] / --data needs render, one template and -o FOLDER");
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
                fputs(vb_cli_usage_text, stdout);
                return VB_OK;
            } else if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
                printf("vanban %s\n", vb_version());
                return VB_OK;
            } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
                args->quiet = true;
            } else if ((value = option_value(arg, "-o", "--output", argc, argv, &i, &missing))) {
                if (args->output)
                    return usage_error("tệp đầu ra ghi hai lần: %s / output given twice", value);
                if (!*value)
                    return usage_error("-o cần tên tệp PDF, không để trống / -o needs a name");
                args->output = value;
            } else if ((value = option_value(arg, NULL, "--data", argc, argv, &i, &missing))) {
                args->data = value;
            } else if ((value = option_value(arg, NULL, "--ten-tep", argc, argv, &i, &missing))) {
                args->name_column = value;
            } else if ((value = option_value(arg, NULL, "--font-dir", argc, argv, &i, &missing))) {
                args->font_dir = value;
            } else if ((value = option_value(arg, NULL, "--diagnostics-format", argc, argv, &i,
                                             &missing))) {
                if (set_diagnostics_format(value) != 0)
                    return usage_error("--diagnostics-format là text hoặc json, không phải %s / "
                                       "must be text or json",
                                       value);
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
                return usage_error("lệnh không hợp lệ: %s (các lệnh: render, check, watch, new, "
                                   "schema, sign, verify) / unknown command",
                                   arg);
        } else {
            args->inputs[args->count++] = arg;
        }
    }

    return check_args(args);
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

/* One input, one PDF (or none, for check). */
static int run_one(vb_engine *eng, const cli_args *args, const vb_render_options *opts,
                   vb_diagnostics *diag)
{
    int status = args->cmd == CMD_RENDER
                     ? (int)vb_render_file(eng, args->inputs[0], args->output, opts, diag)
                     : (int)vb_check_file(eng, args->inputs[0], diag);
    print_diagnostics(diag);
    if (status == VB_OK && !args->quiet) {
        if (args->cmd == CMD_RENDER)
            printf("vanban: đã ghi %s\n", args->output);
        else
            printf("vanban: %s không có lỗi\n", args->inputs[0]);
    }
    return status;
}

int main(int argc, char **argv)
{
    /* The authoring commands take their own options, so they come first on the line. */
    if (argc > 1 && strcmp(argv[1], "schema") == 0)
        return run_schema(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "new") == 0)
        return run_new(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "verify") == 0)
        return run_verify(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "sign") == 0) {
        long long when;
        if (source_date_epoch(&when) != 0)
            return usage_error("SOURCE_DATE_EPOCH không hợp lệ / must be seconds since 1970");
        return run_sign(argc - 2, argv + 2, when);
    }
    cli_args args = {.inputs = calloc((size_t)argc, sizeof(char *))};
    if (!args.inputs)
        return out_of_memory();
    int status = parse_args(argc, argv, &args);
    if (status < 0)
        status = refuse_stdout_misuse(&args);
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

    /* The batch checks its inputs along with its outputs, before writing anything. */
    if (args.data)
        status = run_merge(eng, &args, &render_opts);
    else if (!output_is_stdout(&args) && (args.count > 1 || output_is_folder(&args)))
        status = run_batch(eng, &args, &render_opts);
    else if ((status = refuse_pdf_inputs(&args)) >= 0)
        ; /* said */
    else if (output_is_stdout(&args))
        status = render_to_stdout(eng, &args, &render_opts, diag);
    else if (args.cmd == CMD_WATCH)
        status = run_watch(eng, &args, &render_opts);
    else
        status = run_one(eng, &args, &render_opts, diag);

    vb_engine_free(eng);
    vb_diagnostics_free(diag);
    free(args.inputs);
    return status;
}
