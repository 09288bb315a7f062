/* What the command's files share: the parsed command line and the messages every part prints. */
#ifndef VB_CLI_H
#define VB_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "vanban.h"

typedef enum { CMD_NONE, CMD_RENDER, CMD_CHECK, CMD_WATCH } command;

typedef struct {
    command cmd;
    const char **inputs; /* argc entries at most */
    size_t count;
    const char *output;
    const char *font_dir;
    int jobs; /* 0: one per online CPU */
    bool quiet;
    const char *data;        /* render --data ROWS.csv: the mail merge (merge.c) */
    const char *name_column; /* --ten-tep COLUMN: each merged PDF named from that column */
} cli_args;

/* Prints "vanban: MESSAGE" and the pointer to --help on stderr; returns VB_ERR_USAGE. */
__attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...);
/* Says so on stderr; returns VB_ERR_IO. */
int out_of_memory(void);
/* Each diagnostic on stderr, as FILE:LINE:COL text or, after set_diagnostics_format("json"),
 * one JSON object a line (diagnostics.c). */
void print_diagnostics(const vb_diagnostics *diag);
/* "text" or "json"; 0, or -1 for any other name. */
int set_diagnostics_format(const char *name);
/* The last component of a path ("a/b.yaml" -> "b.yaml"). */
const char *base_name(const char *path);

/* With -o FOLDER: each input's PDF in the folder (made when missing), after checking that no
 * two outputs and no output and input are one file. NULL with *status set when it cannot be. */
char **plan_outputs(const cli_args *args, int *status);
void free_outputs(char **outputs, size_t count);
/* A PDF given as an input is a usage error, told as such. Returns -1 or the exit status. */
int refuse_pdf_inputs(const cli_args *args);

/* Several inputs, or one input with a folder as -o: each input rendered or checked by -j
 * threads sharing eng. Returns the exit status. */
int run_batch(vb_engine *eng, const cli_args *args, const vb_render_options *opts);
/* One document of a batch done by the caller (a mail merge row): returns its status, and may
 * set *note (malloc'd), printed on stderr before the document's diagnostics. */
typedef int (*batch_job)(void *ctx, size_t i, vb_diagnostics *diag, char **note);
/* The batch runner over jobs: args->inputs[i] names job i, outputs[i] (NULL allowed) its PDF. */
int run_batch_jobs(vb_engine *eng, const cli_args *args, char **outputs, batch_job job,
                   void *ctx);
/* render TEMPLATE --data ROWS.csv -o FOLDER: one PDF per row. Returns the exit status. */
int run_merge(vb_engine *eng, const cli_args *args, const vb_render_options *opts);

/* Renders args->inputs[0] to args->output on every save until SIGINT or SIGTERM. */
int run_watch(vb_engine *eng, const cli_args *args, const vb_render_options *opts);

/* -o - (stdout.c): the PDF of the one input on stdout, every message on stderr. */
bool output_is_stdout(const cli_args *args);
/* -o - with watch, several inputs or a terminal: a usage error. Returns -1 or the status. */
int refuse_stdout_misuse(const cli_args *args);
int render_to_stdout(vb_engine *eng, const cli_args *args, const vb_render_options *opts,
                     vb_diagnostics *diag);

/* SIGINT and SIGTERM, while a watch runs, ask it to stop (stop.c). Returns a descriptor that
 * becomes readable on a request, or -1 with errno. */
int stop_signals_install(void);
/* The flag for vb_render_options.cancel. */
const volatile int *stop_request(void);
bool stop_requested(void);
void stop_signals_remove(void);

/* vanban schema (schema_cmd.c) and vanban new (new.c): argv holds the words after the
 * command's name. Each returns the exit status. */
int run_schema(int argc, char **argv);
int run_new(int argc, char **argv);
/* vanban sign and vanban verify (sign.c, verify.c); signing_time: SOURCE_DATE_EPOCH or -1. */
int run_sign(int argc, char **argv, long long signing_time);
int run_verify(int argc, char **argv);

/* `vanban --help` (help.c). */
extern const char vb_cli_usage_text[];

/* The byte length of the valid UTF-8 sequence at text (overlong forms, surrogates and code
 * points past U+10FFFF are not), 0 when there is none (csv.c; the JSON diagnostics use it too). */
size_t utf8_sequence(const unsigned char *text, size_t avail, unsigned *codepoint);

/* The output folder: made when missing (its parent must exist); an existing file that is not
 * a folder is a usage error saying why a folder is wanted. Returns -1 or the exit status. */
int prepare_folder(const char *folder, const char *why);

#endif
