/* The mail merge (render TEMPLATE --data ROWS.csv -o FOLDER): one PDF per row, {{column}} in
 * the template's scalars replaced by the row's cell, each row rendered by the batch runner. */
#include "merge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "cli.h"

/* A growing text; a failed allocation sets failed and drops what follows. */
typedef struct {
    char *data;
    size_t len, cap;
    bool failed;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (!data) {
            b->failed = true;
            return;
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->data[b->len += n] = '\0';
}

static void puts_buf(text_buf *b, const char *s) { put(b, s, strlen(s)); }

/* A {{name}} of the template, and where it stands there. */
typedef struct {
    char *name;
    char *as_written; /* "{{ name }}", spaces and all */
    int line, column;
    long csv_column; /* in the CSV header; -1 until matched */
} merge_field;

/* A scalar of the template holding at least one field, as libyaml scanned it. */
typedef struct {
    size_t start, end; /* bytes of the marked text */
    yaml_scalar_style_t style;
    bool in_flow;      /* inside [ ] or { } */
    size_t column;     /* of its start, 0-based */
    char *value;       /* the scalar's value, fields still as markers */
} merge_scalar;

/* Before parsing, each {{name}} becomes MARKER<i>x, a plain word valid in any YAML context
 * (so that "so: {{so}}" is not read as a flow mapping); MARKER occurs nowhere else. */
typedef struct {
    const char *path;
    char *marked;
    char marker[32];
    merge_field *fields;
    size_t nfields;
    merge_scalar *scalars;
    size_t nscalars;
    char **between; /* nscalars + 1 pieces of the original text around the scalars */
} merge_template;

typedef struct {
    merge_template tpl;
    csv_table table;
    vb_engine *eng;
    const vb_render_options *opts;
    const char *name_column; /* --ten-tep, or NULL */
    char **outputs;          /* per row; NULL when the row names no usable file */
} merge_run;

/* The field written "{{" name "}}" (name of len bytes), trimmed of spaces. */
static bool add_field(merge_template *t, const char *name, size_t len, int line, int column)
{
    merge_field *fields = realloc(t->fields, (t->nfields + 1) * sizeof *fields);
    if (!fields)
        return false;
    t->fields = fields;
    char *as_written = strndup(name - 2, len + 4);
    while (len && (*name == ' ' || *name == '\t'))
        name++, len--;
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    merge_field *f = &t->fields[t->nfields];
    *f = (merge_field){.name = strndup(name, len), .as_written = as_written, .line = line,
                       .column = column, .csv_column = -1};
    if (f->name && f->as_written)
        return ++t->nfields;
    free(f->name);
    free(f->as_written);
    return false;
}

/* The template with every {{name}} made a marker; fields recorded. NULL on out of memory. */
static char *mark_fields(merge_template *t, const char *text)
{
    for (unsigned k = 0; k < 1000; k++) {
        snprintf(t->marker, sizeof t->marker, "vbmerge%u_", k);
        if (!strstr(text, t->marker))
            break;
    }
    text_buf out = {0};
    int line = 1, column = 1;
    for (const char *p = text; *p;) {
        const char *close = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        size_t inner = close ? (size_t)(close - p - 2) : 0;
        if (close && inner && !memchr(p + 2, '\n', inner) && !memchr(p + 2, '{', inner)) {
            if (!add_field(t, p + 2, inner, line, column))
                out.failed = true;
            char marker[64];
            snprintf(marker, sizeof marker, "%s%zux", t->marker, t->nfields - 1);
            puts_buf(&out, marker);
            for (const char *q = p; q < close + 2; q++)
                column += ((unsigned char)*q & 0xC0) != 0x80;
            p = close + 2;
            continue;
        }
        if (*p == '\n')
            line++, column = 0;
        column += ((unsigned char)*p & 0xC0) != 0x80;
        put(&out, p++, 1);
    }
    if (out.failed || !out.data) {
        free(out.data);
        return out.failed ? NULL : strdup("");
    }
    return out.data;
}

/* Replaces each marker in text by field_text(field); returns false when field_text does. */
typedef const char *(*field_text_fn)(void *ctx, size_t field);
static bool unmark(const merge_template *t, const char *text, size_t len, text_buf *out,
                   field_text_fn field_text, void *ctx)
{
    size_t marker_len = strlen(t->marker);
    const char *end = text + len;
    while (text < end) {
        const char *hit = memmem(text, (size_t)(end - text), t->marker, marker_len);
        if (!hit) {
            put(out, text, (size_t)(end - text));
            break;
        }
        put(out, text, (size_t)(hit - text));
        char *after;
        size_t field = strtoul(hit + marker_len, &after, 10);
        const char *replacement = field < t->nfields ? field_text(ctx, field) : NULL;
        if (!replacement)
            return false;
        puts_buf(out, replacement);
        text = after + (*after == 'x');
    }
    return !out->failed;
}

static const char *field_as_written(void *ctx, size_t field)
{
    const merge_template *t = ctx;
    return t->fields[field].as_written;
}

/* libyaml counts characters in its marks; the byte offset of each character. */
static size_t *character_offsets(const char *text, size_t len, size_t *count)
{
    size_t *offsets = malloc((len + 1) * sizeof *offsets), n = 0;
    if (!offsets)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            offsets[n++] = i;
    offsets[n] = len;
    *count = n;
    return offsets;
}

static bool add_scalar(merge_template *t, const yaml_token_t *token, const size_t *offsets,
                       size_t chars, int flow)
{
    if (!memmem(token->data.scalar.value, token->data.scalar.length, t->marker,
                strlen(t->marker)))
        return true;
    merge_scalar *scalars = realloc(t->scalars, (t->nscalars + 1) * sizeof *scalars);
    if (!scalars)
        return false;
    t->scalars = scalars;
    size_t start = token->start_mark.index, end = token->end_mark.index;
    t->scalars[t->nscalars] = (merge_scalar){
        .start = offsets[start < chars ? start : chars],
        .end = offsets[end < chars ? end : chars],
        .style = token->data.scalar.style,
        .in_flow = flow > 0,
        .column = token->start_mark.column,
        .value = strndup((const char *)token->data.scalar.value, token->data.scalar.length),
    };
    return t->scalars[t->nscalars++].value != NULL;
}

/* Scans the marked template with libyaml and keeps each scalar holding a field. Returns -1, or
 * an exit status after saying why. */
static int find_scalars(merge_template *t)
{
    size_t len = strlen(t->marked), chars = 0;
    size_t *offsets = character_offsets(t->marked, len, &chars);
    yaml_parser_t parser;
    if (!offsets || !yaml_parser_initialize(&parser)) {
        free(offsets);
        return out_of_memory();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)t->marked, len);
    int status = -1, flow = 0;
    for (bool done = false; !done && status < 0;) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token)) {
            fprintf(stderr, "%s:%zu:%zu: error: YAML sai: %s / not valid YAML\n", t->path,
                    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "?");
            status = parser.error == YAML_MEMORY_ERROR ? VB_ERR_IO : VB_ERR_CONTENT;
            break;
        }
        flow += token.type == YAML_FLOW_SEQUENCE_START_TOKEN ||
                token.type == YAML_FLOW_MAPPING_START_TOKEN;
        flow -= token.type == YAML_FLOW_SEQUENCE_END_TOKEN ||
                token.type == YAML_FLOW_MAPPING_END_TOKEN;
        if (token.type == YAML_SCALAR_TOKEN && !add_scalar(t, &token, offsets, chars, flow))
            status = out_of_memory();
        done = token.type == YAML_STREAM_END_TOKEN;
        yaml_token_delete(&token);
    }
    yaml_parser_delete(&parser);
    free(offsets);
    return status;
}

/* The text around the scalars, each marker turned back into its {{name}} (a comment may hold
 * one; it is left as written). */
static int split_between(merge_template *t)
{
    t->between = calloc(t->nscalars + 1, sizeof *t->between);
    if (!t->between)
        return out_of_memory();
    size_t from = 0;
    for (size_t i = 0; i <= t->nscalars; i++) {
        size_t to = i < t->nscalars ? t->scalars[i].start : strlen(t->marked);
        text_buf piece = {0};
        put(&piece, "", 0);
        if (!unmark(t, t->marked + from, to - from, &piece, field_as_written, t)) {
            free(piece.data);
            return out_of_memory();
        }
        t->between[i] = piece.data;
        from = i < t->nscalars ? t->scalars[i].end : to;
    }
    return -1;
}

static int template_read(merge_template *t, const char *path)
{
    *t = (merge_template){.path = path};
    FILE *f = fopen(path, "rb");
    text_buf text = {0};
    char chunk[8192];
    for (size_t n; f && (n = fread(chunk, 1, sizeof chunk, f)) > 0;)
        put(&text, chunk, n);
    if (!f || ferror(f)) {
        fprintf(stderr, "vanban: không đọc được %s: %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        free(text.data);
        return VB_ERR_IO;
    }
    fclose(f);
    put(&text, "", 0);
    if (text.failed)
        return out_of_memory();
    /* libyaml does not count a byte-order mark in its positions. */
    const char *body = strncmp(text.data, "\xEF\xBB\xBF", 3) == 0 ? text.data + 3 : text.data;
    t->marked = mark_fields(t, body);
    free(text.data);
    if (!t->marked)
        return out_of_memory();
    int status = find_scalars(t);
    return status >= 0 ? status : split_between(t);
}

static void template_free(merge_template *t)
{
    for (size_t i = 0; i < t->nfields; i++) {
        free(t->fields[i].name);
        free(t->fields[i].as_written);
    }
    for (size_t i = 0; i < t->nscalars; i++)
        free(t->scalars[i].value);
    for (size_t i = 0; t->between && i <= t->nscalars; i++)
        free(t->between[i]);
    free(t->between);
    free(t->fields);
    free(t->scalars);
    free(t->marked);
}

/* Would value read back as this very plain scalar at its place? Then it is written plain, so
 * that "so: {{so}}" gives a number and "ngay: {{ngay}}" a date, as if typed there. 1 yes, 0 no,
 * -1 out of memory (a guess either way could turn a number into text). */
static int plain_safe(const char *value, bool in_flow)
{
    if (!*value || strchr(value, '\n') || (in_flow && strpbrk(value, ",[]{}")))
        return 0;
    size_t n = strlen(value) + 8;
    char *doc = malloc(n);
    yaml_parser_t parser;
    if (!doc || !yaml_parser_initialize(&parser)) {
        free(doc);
        return -1;
    }
    snprintf(doc, n, "k: %s\n", value);
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc, strlen(doc));
    static const yaml_token_type_t expected[] = {
        YAML_STREAM_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN, YAML_KEY_TOKEN,
        YAML_SCALAR_TOKEN,       YAML_VALUE_TOKEN,               YAML_SCALAR_TOKEN,
        YAML_BLOCK_END_TOKEN,    YAML_STREAM_END_TOKEN};
    int same = 1;
    for (size_t i = 0; same == 1 && i < sizeof expected / sizeof *expected; i++) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token)) {
            same = parser.error == YAML_MEMORY_ERROR ? -1 : 0;
            break;
        }
        same = token.type == expected[i];
        if (same && i == 5)
            same = token.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                   token.data.scalar.length == strlen(value) &&
                   memcmp(token.data.scalar.value, value, token.data.scalar.length) == 0;
        yaml_token_delete(&token);
    }
    yaml_parser_delete(&parser);
    free(doc);
    return same;
}

/* One character of a double-quoted scalar; escaped when YAML would not take it as itself. */
static size_t put_quoted_char(text_buf *out, const char *text, size_t avail)
{
    unsigned cp = 0;
    size_t n = utf8_sequence((const unsigned char *)text, avail, &cp);
    char escape[16] = "";
    if (!n)
        cp = (unsigned char)*text, n = 1; /* not UTF-8: the CSV reader refused it already */
    if (cp == '"' || cp == '\\')
        snprintf(escape, sizeof escape, "\\%c", (char)cp);
    else if (cp == '\n')
        strcpy(escape, "\\n");
    else if (cp == '\t')
        strcpy(escape, "\\t");
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        snprintf(escape, sizeof escape, "\\x%02X", cp);
    else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
        snprintf(escape, sizeof escape, "\\u%04X", cp);
    if (*escape)
        puts_buf(out, escape);
    else
        put(out, text, n);
    return n;
}

/* value as a double-quoted scalar taking as many lines as the span it replaces, so that every
 * line after it keeps its number in the messages: the span's inner line breaks become escaped
 * ones (which add nothing to the value), its last break and indentation (a block scalar's end)
 * are kept as they are. */
static void put_quoted(text_buf *out, const char *value, const char *span, size_t span_len,
                       size_t column)
{
    size_t breaks = 0, tail = span_len;
    for (size_t i = 0; i < span_len; i++)
        breaks += span[i] == '\n';
    const char *last = breaks ? memrchr(span, '\n', span_len) : NULL;
    if (last && strspn(last + 1, " \t") >= span_len - (size_t)(last + 1 - span)) {
        tail = (size_t)(last - span) - (last > span && last[-1] == '\r');
        breaks--;
    }
    char indent[80];
    size_t width = column + 1 < sizeof indent - 3 ? column + 1 : sizeof indent - 3;
    indent[0] = '\\', indent[1] = '\n';
    memset(indent + 2, ' ', width);
    indent[width + 2] = '\0';
    put(out, "\"", 1);
    for (size_t i = 0, len = strlen(value); i < len;) {
        i += put_quoted_char(out, value + i, len - i);
        if (value[i - 1] == '\n' && breaks)
            puts_buf(out, indent), breaks--;
    }
    for (; breaks; breaks--)
        puts_buf(out, indent);
    put(out, "\"", 1);
    put(out, span + tail, span_len - tail);
}

typedef struct {
    const merge_run *run;
    const csv_row *row;
    long empty_field; /* the field whose cell is empty, or -1 */
} row_fill;

static const char *row_cell(void *ctx, size_t field)
{
    row_fill *fill = ctx;
    long column = fill->run->tpl.fields[field].csv_column;
    const char *cell = column >= 0 && (size_t)column < fill->row->count
                           ? fill->row->cells[column]
                           : NULL;
    if (!cell || !*cell)
        fill->empty_field = (long)field;
    return cell && *cell ? cell : NULL;
}

__attribute__((format(printf, 2, 3))) static void say(char **note, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(note, fmt, ap) < 0)
        *note = NULL;
    va_end(ap);
}

/* The template filled with the row's cells. Returns -1, or the row's status with *note. */
static int fill_template(const merge_run *m, const csv_row *row, text_buf *yaml, char **note)
{
    const merge_template *t = &m->tpl;
    row_fill fill = {.run = m, .row = row, .empty_field = -1};
    text_buf value = {0};
    for (size_t i = 0; i < t->nscalars && fill.empty_field < 0 && !yaml->failed; i++) {
        const merge_scalar *s = &t->scalars[i];
        puts_buf(yaml, t->between[i]);
        value.len = 0;
        put(&value, "", 0);
        if (!unmark(t, s->value, strlen(s->value), &value, row_cell, &fill))
            break;
        const char *span = t->marked + s->start;
        int plain = s->style == YAML_PLAIN_SCALAR_STYLE && !memchr(span, '\n', s->end - s->start)
                        ? plain_safe(value.data, s->in_flow)
                        : 0;
        yaml->failed = yaml->failed || plain < 0;
        if (plain > 0)
            puts_buf(yaml, value.data);
        else
            put_quoted(yaml, value.data, span, s->end - s->start, s->column);
    }
    puts_buf(yaml, t->between[t->nscalars]);
    bool failed = value.failed || yaml->failed;
    free(value.data);
    if (fill.empty_field >= 0) {
        const merge_field *f = &t->fields[fill.empty_field];
        say(note, "%s:%d: error: ô cột \"%s\" (cột %ld) trống, mà mẫu dùng ở %s:%d:%d / the "
                  "cell is empty but the template uses it",
            m->table.path, row->line, f->name, f->csv_column + 1, t->path, f->line, f->column);
        return VB_ERR_CONTENT;
    }
    return failed ? out_of_memory() : -1;
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
    text_buf yaml = {0};
    int status = fill_template(m, row, &yaml, note);
    if (status < 0) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        status = (int)vb_render_memory(m->eng, yaml.data, yaml.len, m->tpl.path, m->opts, &pdf,
                                       &len, diag);
        if (status == VB_OK)
            status = (int)vb_write_pdf(m->outputs[i], pdf, len, diag);
        else
            say(note, "%s:%d: error: văn bản của dòng này có lỗi, xem dưới / this row's document "
                      "has errors, below",
                m->table.path, row->line);
        vb_free(pdf);
    }
    free(yaml.data);
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
    int status = -1;
    for (size_t f = 0; f < m->tpl.nfields; f++) {
        merge_field *field = &m->tpl.fields[f];
        char marker[64];
        snprintf(marker, sizeof marker, "%s%zux", m->tpl.marker, f);
        bool used = false;
        for (size_t i = 0; i < m->tpl.nscalars && !used; i++)
            used = strstr(m->tpl.scalars[i].value, marker) != NULL;
        field->csv_column = csv_column(&m->table, field->name);
        if (used && field->csv_column < 0 && status < 0) {
            fprintf(stderr, "%s:%d: error: không có cột \"%s\" mà mẫu dùng ở %s:%d:%d / no column "
                            "of that name, used by the template\n",
                    m->table.path, m->table.header.line, field->name, m->tpl.path, field->line,
                    field->column);
            status = VB_ERR_CONTENT;
        }
    }
    return status;
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
    merge_run m = {.eng = eng, .opts = opts, .name_column = args->name_column};
    int status = template_read(&m.tpl, args->inputs[0]);
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
    template_free(&m.tpl);
    return status;
}
