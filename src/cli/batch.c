/* Several inputs at once: -j threads sharing one engine, each document's messages printed
 * whole, a progress line on a terminal, a summary at the end. */
#include "cli.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* With several inputs (or an output that is a folder), every input is rendered or checked on
 * its own, by -j threads sharing the one engine; each thread has its own diagnostics. */
typedef struct {
    vb_engine *eng;
    const cli_args *args;
    const vb_render_options *opts;
    char **outputs;  /* render: FOLDER/<name>.pdf per input; check: NULL */
    batch_job job;   /* the mail merge's rows: each done by job; NULL: the inputs' files */
    void *job_ctx;
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

/* Prints one document's outcome whole, under the lock; note (a job's) before its messages. */
static void batch_report(batch *b, size_t i, int status, const vb_diagnostics *diag, char *note)
{
    const char *input = b->args->inputs[i];
    pthread_mutex_lock(&b->lock);
    b->done++;
    b->ok += status == VB_OK;
    if (status > b->worst)
        b->worst = status;
    if (b->progress && (vb_diagnostics_count(diag) || note)) {
        fputs("\r\033[K", stdout); /* the messages go where the progress line was */
        fflush(stdout);
    }
    if (note)
        fprintf(stderr, "%s\n", note);
    free(note);
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
        char *note = NULL;
        int status = b->job        ? b->job(b->job_ctx, i, diag, &note)
                     : b->outputs
                         ? (int)vb_render_file(b->eng, b->args->inputs[i], b->outputs[i],
                                               b->opts, diag)
                                    : (int)vb_check_file(b->eng, b->args->inputs[i], diag);
        batch_report(b, i, status, diag, note);
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

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > INT_MAX ? INT_MAX : (int)n;
}

static void batch_start(batch *b)
{
    b->progress = !b->args->quiet && isatty(STDOUT_FILENO);
    struct winsize size;
    b->columns = b->progress && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col
                     ? size.ws_col
                     : 80;
}

/* The -j workers over every input, then the summary. The batch is this frame's own copy: the
 * workers share it while they run. Returns the exit status. */
static int batch_run(batch b)
{
    const cli_args *args = b.args;
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
    return b.ok == args->count ? VB_OK : b.worst > VB_OK ? b.worst : VB_ERR_IO;
}

int run_batch(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    batch b = {.eng = eng, .args = args, .opts = opts};
    batch_start(&b);
    int status = -1;
    if (args->cmd == CMD_RENDER)
        b.outputs = plan_outputs(args, &status);
    else
        status = refuse_pdf_inputs(args);
    if (status < 0)
        status = batch_run(b);
    free_outputs(b.outputs, args->count);
    return status;
}

int run_batch_jobs(vb_engine *eng, const cli_args *args, char **outputs, batch_job job,
                   void *ctx)
{
    batch b = {.eng = eng, .args = args, .outputs = outputs, .job = job, .job_ctx = ctx};
    batch_start(&b);
    return batch_run(b);
}
