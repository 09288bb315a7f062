/* The mail merge (render TEMPLATE --data ROWS.csv -o FOLDER): one PDF per row, {{column}} in
 * the template's scalars replaced by the row's cell (vb_template_fill), each row rendered by
 * the batch runner. */
#include "merge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
    vb_template *tpl;
    const char *tpl_path;
    long *csv_columns; /* per field of the template, in the CSV header; -1 when none */
    csv_table table;
    vb_engine *eng;
    const vb_render_options *opts;
    const char *name_column; /* --ten-tep, or NULL */
    char **outputs;          /* per row; NULL when the row names no usable file */
} merge_run;

__attribute__((format(printf, 2, 3))) static void say(char **note, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(note, fmt, ap) < 0)
        *note = NULL;
    va_end(ap);
}

/* The template filled with the row's cells into *yaml. Returns -1, or the row's status (with
 * *note when a cell the template uses is empty). */
static int fill_template(const merge_run *m, const csv_row *row, char **yaml, size_t *len,
                         vb_diagnostics *diag, char **note)
{
    size_t n = vb_template_field_count(m->tpl);
    const char **values = calloc(n ? n : 1, sizeof *values);
    if (!values)
        return out_of_memory();
    for (size_t i = 0; i < n; i++) {
        const vb_template_field *f = vb_template_field_at(m->tpl, i);
        long column = m->csv_columns[i];
        const char *cell = column >= 0 && (size_t)column < row->count ? row->cells[column] : NULL;
        values[i] = cell && *cell ? cell : NULL;
        if (f->in_value && !values[i]) {
            say(note, "%s:%d: error: ô cột \"%s\" (cột %ld) trống, mà mẫu dùng ở %s:%d:%d / the "
                      "cell is empty but the template uses it",
                m->table.path, row->line, f->name, column + 1, m->tpl_path, f->line, f->column);
            free(values);
            return VB_ERR_CONTENT;
        }
    }
    vb_status status = vb_template_fill(m->tpl, values, yaml, len, diag);
    free(values);
    return status == VB_OK ? -1 : (int)status;
}

static int merge_job(void *ctx, size_t i, vb_diagnostics *diag, char **note)
{
    const merge_run *m = ctx;
    const csv_row *row = &m->table.rows[i];
    if (row->error) {
        say(note, "%s:%s", m->table.path, row->error);
        return VB_ERR_CONTENT;
    }
    if (!m->outputs[i]) {
        say(note, "%s:%d: error: ô tên tệp (cột \"%s\") trống / the file name cell is empty",
            m->table.path, row->line, m->name_column);
        return VB_ERR_CONTENT;
    }
    char *yaml = NULL;
    size_t len = 0;
    int status = fill_template(m, row, &yaml, &len, diag, note);
    if (status < 0) {
        unsigned char *pdf = NULL;
        size_t pdf_len = 0;
        status = (int)vb_render_memory(m->eng, yaml, len, m->tpl_path, m->opts, &pdf, &pdf_len,
                                       diag);
        if (status == VB_OK)
            status = (int)vb_write_pdf(m->outputs[i], pdf, pdf_len, diag);
        else
            say(note, "%s:%d: error: văn bản của dòng này có lỗi, xem dưới / this row's document "
                      "has errors, below",
                m->table.path, row->line);
        vb_free(pdf);
    }
    vb_free(yaml);
    return status;
}

/* A cell made a file name: no '/', nothing Windows or a USB stick's FAT refuses, no control
 * characters, no leading or trailing space or dot; at most 200 bytes, cut between characters.
 * NULL when nothing is left (or memory ran out: *oom). */
static char *file_name_of(const char *cell, bool *oom)
{
    size_t len = strlen(cell);
    char *name = malloc(len + 1);
    if (!name)
        return *oom = true, NULL;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = (unsigned char)cell[i];
        name[i] = c && (c < 0x20 || c == 0x7F || strchr("/\\:*?\"<>|", c)) ? '_' : (char)c;
    }
    size_t start = strspn(name, " ."), end = len;
    while (end > start && (name[end - 1] == ' ' || name[end - 1] == '.'))
        end--;
    if (end - start > 200) {
        end = start + 200;
        while (end > start && ((unsigned char)name[end] & 0xC0) == 0x80)
            end--;
    }
    memmove(name, name + start, end - start);
    name[end - start] = '\0';
    if (!*name) {
        free(name);
        return NULL;
    }
    return name;
}

static char *path_in(const char *folder, const char *name)
{
    size_t n = strlen(folder) + strlen(name) + 6;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s%s%s.pdf", folder,
                 *folder && folder[strlen(folder) - 1] == '/' ? "" : "/", name);
    return path;
}

static int compare_outputs(const void *a, const void *b)
{
    const char *x = **(char **const *)a, *y = **(char **const *)b;
    return !x || !y ? (x != NULL) - (y != NULL) : strcmp(x, y);
}

/* Each row's PDF: named from its cell in --ten-tep's column, or by its number zero-padded.
 * Two rows naming one file are refused before anything is written. Returns -1 or a status. */
static int plan_names(merge_run *m, const cli_args *args, long name_column)
{
    size_t n = m->table.nrows, width = 1;
    for (size_t k = n; k >= 10; k /= 10)
        width++;
    m->outputs = calloc(n ? n : 1, sizeof *m->outputs);
    char ***sorted = calloc(n ? n : 1, sizeof *sorted);
    bool oom = !m->outputs || !sorted;
    for (size_t i = 0; i < n && !oom; i++) {
        const csv_row *row = &m->table.rows[i];
        char number[32], *name = number;
        snprintf(number, sizeof number, "%0*zu", (int)width, i + 1);
        if (name_column >= 0)
            name = (size_t)name_column < row->count
                       ? file_name_of(row->cells[name_column], &oom)
                       : NULL;
        m->outputs[i] = name ? path_in(args->output, name) : NULL;
        oom = oom || (name && !m->outputs[i]);
        if (name != number)
            free(name);
        sorted[i] = &m->outputs[i];
    }
    int status = oom ? out_of_memory() : -1;
    if (status < 0)
        qsort(sorted, n, sizeof *sorted, compare_outputs);
    for (size_t i = 1; i < n && status < 0; i++)
        if (*sorted[i] && *sorted[i - 1] && strcmp(*sorted[i], *sorted[i - 1]) == 0) {
            size_t a = (size_t)(sorted[i - 1] - m->outputs), b = (size_t)(sorted[i] - m->outputs);
            int first = m->table.rows[a < b ? a : b].line;
            int second = m->table.rows[a < b ? b : a].line;
            fprintf(stderr, "%s:%d: error: tên tệp %s trùng với dòng %d; không ghi gì / the same "
                            "file name as line %d: nothing written\n",
                    m->table.path, second, *sorted[i], first, first);
            status = VB_ERR_CONTENT;
        }
    free(sorted);
    return status;
}

/* Every field the template's text uses names a column of the CSV file. */
static int match_columns(merge_run *m)
{
    size_t n = vb_template_field_count(m->tpl);
    m->csv_columns = calloc(n ? n : 1, sizeof *m->csv_columns);
    if (!m->csv_columns)
        return out_of_memory();
    int status = -1;
    for (size_t i = 0; i < n; i++) {
        const vb_template_field *field = vb_template_field_at(m->tpl, i);
        m->csv_columns[i] = csv_column(&m->table, field->name);
        if (field->in_value && m->csv_columns[i] < 0 && status < 0) {
            fprintf(stderr, "%s:%d: error: không có cột \"%s\" mà mẫu dùng ở %s:%d:%d / no column "
                            "of that name, used by the template\n",
                    m->table.path, m->table.header.line, field->name, m->tpl_path, field->line,
                    field->column);
            status = VB_ERR_CONTENT;
        }
    }
    return status;
}

/* The template read through the library, its messages said as the other commands say them. */
static int read_template(merge_run *m)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    if (!diag)
        return out_of_memory();
    vb_status status = vb_template_read(m->tpl_path, &m->tpl, diag);
    print_diagnostics(diag);
    vb_diagnostics_free(diag);
    return status == VB_OK ? -1 : (int)status;
}

/* The rows handed to the batch runner, each named "ROWS.csv:LINE" in its messages. */
static int render_rows(merge_run *m, const cli_args *args)
{
    size_t n = m->table.nrows;
    char **labels = calloc(n, sizeof *labels);
    bool oom = !labels;
    for (size_t i = 0; i < n && !oom; i++)
        if (asprintf(&labels[i], "%s:%d", m->table.path, m->table.rows[i].line) < 0) {
            labels[i] = NULL; /* asprintf leaves it undefined */
            oom = true;
        }
    int status = oom ? out_of_memory() : -1;
    if (status < 0) {
        cli_args rows = *args;
        rows.inputs = (const char **)labels;
        rows.count = n;
        status = run_batch_jobs(m->eng, &rows, m->outputs, merge_job, m);
    }
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
    return status;
}

int run_merge(vb_engine *eng, const cli_args *args, const vb_render_options *opts)
{
    merge_run m = {.eng = eng, .opts = opts, .name_column = args->name_column,
                   .tpl_path = args->inputs[0]};
    int status = read_template(&m);
    if (status < 0)
        status = csv_table_read(args->data, &m.table);
    if (status < 0)
        status = match_columns(&m);
    long name_column = -1;
    if (status < 0 && args->name_column &&
        (name_column = csv_column(&m.table, args->name_column)) < 0) {
        fprintf(stderr, "%s:%d: error: không có cột \"%s\" (--ten-tep) / no such column\n",
                args->data, m.table.header.line, args->name_column);
        status = VB_ERR_CONTENT;
    }
    if (status < 0 && m.table.nrows == 0) {
        fprintf(stderr, "%s: error: không có dòng dữ liệu nào dưới tiêu đề / no data rows\n",
                args->data);
        status = VB_ERR_CONTENT;
    }
    if (status < 0)
        status = plan_names(&m, args, name_column);
    if (status < 0)
        status = prepare_folder(args->output,
                                "với --data, -o là thư mục / with --data, -o names a folder");
    if (status < 0)
        status = render_rows(&m, args);
    for (size_t i = 0; m.outputs && i < m.table.nrows; i++)
        free(m.outputs[i]);
    free(m.outputs);
    csv_table_free(&m.table);
    free(m.csv_columns);
    vb_template_free(m.tpl);
    return status;
}
