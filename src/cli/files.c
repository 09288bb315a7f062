/* Which files a command reads and writes: each input's PDF with -o FOLDER, and the checks made
 * before anything is written, so that no output ever lands on an input or on another output. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* "a/x.yaml" -> "FOLDER/x.pdf" (".yaml" or ".yml" dropped, any other name kept whole). */
static char *output_in_folder(const char *folder, const char *input)
{
    const char *name = base_name(input);
    size_t len = strlen(name);
    if (len > 5 && strcasecmp(name + len - 5, ".yaml") == 0)
        len -= 5;
    else if (len > 4 && strcasecmp(name + len - 4, ".yml") == 0)
        len -= 4;
    size_t folder_len = strlen(folder);
    while (folder_len > 1 && folder[folder_len - 1] == '/')
        folder_len--;
    size_t n = folder_len + len + 6;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%.*s%s%.*s.pdf", (int)folder_len, folder,
                 folder_len && folder[folder_len - 1] == '/' ? "" : "/", (int)len, name);
    return path;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(**(char **const *)a, **(char **const *)b);
}

/* Two inputs that would write the same PDF by name: a usage error. Returns -1 or the exit
 * status. */
static int refuse_duplicate_outputs(const cli_args *args, char **outputs)
{
    size_t n = args->count;
    char ***sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return out_of_memory();
    for (size_t i = 0; i < n; i++)
        sorted[i] = &outputs[i];
    qsort(sorted, n, sizeof *sorted, compare_paths);
    int status = -1;
    for (size_t i = 1; i < n && status < 0; i++) {
        if (strcmp(*sorted[i - 1], *sorted[i]) == 0) {
            const char *first = args->inputs[sorted[i - 1] - outputs];
            const char *second = args->inputs[sorted[i] - outputs];
            status = usage_error("%s và %s cùng ghi %s; đổi tên một tệp / two inputs would "
                                 "write the same PDF",
                                 first, second, *sorted[i]);
        }
    }
    free(sorted);
    return status;
}

int prepare_folder(const char *folder, const char *why)
{
    struct stat st;
    if (stat(folder, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return -1;
        return usage_error("%s không phải thư mục; %s", folder, why);
    }
    if (mkdir(folder, 0777) == 0 || errno == EEXIST)
        return -1;
    fprintf(stderr, "vanban: không tạo được thư mục %s: %s\n", folder, strerror(errno));
    return VB_ERR_IO;
}

/* A file as the system knows it: two paths name one file when both match. */
typedef struct {
    dev_t dev;
    ino_t ino;
    size_t index; /* into the inputs or the outputs */
    bool output;
} file_id;

/* By file, then inputs before outputs, so that in a run of one file an output follows an input
 * or another output. */
static int compare_ids(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    if (x->output != y->output)
        return x->output ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* What two names of one file mean, when the second of them is an output. */
static int refuse_shared_file(const cli_args *args, char **outputs, const file_id *first,
                              const file_id *second)
{
    const char *input = args->inputs[second->index], *output = outputs[second->index];
    if (!first->output)
        return usage_error("%s sẽ ghi thành %s, nhưng đó là tệp nội dung %s; không ghi đè nội "
                           "dung (chọn *.yaml) / the PDF of %s would overwrite an input",
                           input, output, args->inputs[first->index], input);
    return usage_error("%s và %s là một tệp (liên kết); %s và %s sẽ ghi đè lẫn nhau / two "
                       "outputs are one file",
                       outputs[first->index], output, args->inputs[first->index], input);
}

/* Every output that exists is compared, as a file (device and inode), with every input and
 * every other output, so that another spelling or a link is caught too. Returns -1 or the
 * exit status. */
static int refuse_shared_files(const cli_args *args, char **outputs)
{
    file_id *ids = malloc(2 * args->count * sizeof *ids);
    if (!ids)
        return out_of_memory();
    size_t count = 0;
    struct stat st;
    for (size_t i = 0; i < args->count; i++) {
        if (stat(args->inputs[i], &st) == 0)
            ids[count++] = (file_id){.dev = st.st_dev, .ino = st.st_ino, .index = i};
        if (stat(outputs[i], &st) == 0)
            ids[count++] = (file_id){st.st_dev, st.st_ino, i, true};
    }
    qsort(ids, count, sizeof *ids, compare_ids);
    int status = -1;
    for (size_t i = 1; i < count && status < 0; i++)
        if (ids[i].output && ids[i - 1].dev == ids[i].dev && ids[i - 1].ino == ids[i].ino)
            status = refuse_shared_file(args, outputs, &ids[i - 1], &ids[i]);
    free(ids);
    return status;
}

/* Only a regular file is looked into: opening a pipe would wait for its writer. */
static bool is_pdf(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false; /* the render says why it cannot be read */
    char head[5];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "%PDF-", sizeof head) == 0;
}

int refuse_pdf_inputs(const cli_args *args)
{
    for (size_t i = 0; i < args->count; i++)
        if (is_pdf(args->inputs[i]))
            return usage_error("%s là tệp PDF, không phải tệp nội dung .yaml / a PDF is not an "
                               "input",
                               args->inputs[i]);
    return -1;
}

void free_outputs(char **outputs, size_t count)
{
    for (size_t i = 0; outputs && i < count; i++)
        free(outputs[i]);
    free(outputs);
}

char **plan_outputs(const cli_args *args, int *status)
{
    char **outputs = calloc(args->count, sizeof *outputs);
    *status = outputs ? -1 : out_of_memory();
    for (size_t i = 0; outputs && i < args->count && *status < 0; i++)
        if (!(outputs[i] = output_in_folder(args->output, args->inputs[i])))
            *status = out_of_memory();
    if (*status < 0)
        *status = refuse_duplicate_outputs(args, outputs);
    if (*status < 0)
        *status = refuse_shared_files(args, outputs);
    if (*status < 0)
        *status = refuse_pdf_inputs(args);
    if (*status < 0)
        *status = prepare_folder(args->output, "với nhiều tệp nội dung, -o là thư mục / with "
                                                  "several inputs -o names a folder");
    if (*status < 0)
        return outputs;
    free_outputs(outputs, args->count);
    return NULL;
}
