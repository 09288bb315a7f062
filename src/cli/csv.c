/* The mail merge's data: a CSV file as Excel and LibreOffice save it, read with libcsv. */
#include "merge.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* libcsv reports cells and record ends through callbacks; this is what they build. */
typedef struct {
    csv_table *table;
    csv_row row;        /* the record being read */
    size_t cap;         /* of row.cells */
    size_t records;     /* ended so far, blank ones too */
    bool have_header;
    bool out_of_memory;
} csv_reader;

size_t utf8_sequence(const unsigned char *text, size_t avail, unsigned *codepoint)
{
    unsigned c = text[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!len || len > avail)
        return 0;
    unsigned cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((text[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (text[i] & 0x3F);
    }
    static const unsigned least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *codepoint = cp;
    return len;
}

static bool valid_utf8(const char *text, size_t len)
{
    unsigned cp;
    for (size_t i = 0, n; i < len; i += n)
        if (!(n = utf8_sequence((const unsigned char *)text + i, len - i, &cp)))
            return false;
    return true;
}

/* Records the first error of a record. */
__attribute__((format(printf, 3, 4))) static void row_error(csv_reader *r, csv_row *row,
                                                            const char *fmt, ...)
{
    if (row->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&row->error, fmt, ap) < 0) {
        row->error = NULL;
        r->out_of_memory = true;
    }
    va_end(ap);
}

static void on_cell(void *data, size_t len, void *reader)
{
    csv_reader *r = reader;
    if (r->row.count == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        char **cells = realloc(r->row.cells, cap * sizeof *cells);
        if (!cells) {
            r->out_of_memory = true;
            return;
        }
        r->row.cells = cells;
        r->cap = cap;
    }
    char *cell = malloc(len + 1), *to = cell;
    if (!cell) {
        r->out_of_memory = true;
        return;
    }
    const char *from = data ? data : "";
    for (size_t i = 0; i < len; i++)
        if (!(from[i] == '\r' && i + 1 < len && from[i + 1] == '\n'))
            *to++ = from[i];
    *to = '\0';
    r->row.cells[r->row.count++] = cell;
    if (!valid_utf8(cell, (size_t)(to - cell)))
        row_error(r, &r->row,
                  "%d: error: ô thứ %zu không phải UTF-8; lưu lại bằng \"CSV UTF-8\" / cell "
                  "%zu is not UTF-8: save as \"CSV UTF-8\"",
                  r->row.line, r->row.count, r->row.count);
}

static void free_row(csv_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        free(row->cells[i]);
    free(row->cells);
    free(row->error);
    *row = (csv_row){0};
}

static bool row_is_blank(const csv_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        if (row->cells[i][0])
            return false;
    return !row->error;
}

/* A record ends: the header, a data row, or nothing (every cell empty, as spreadsheets leave
 * rows below the data). */
static void on_record(int terminator, void *reader)
{
    (void)terminator; /* libcsv's signature: CR, LF or -1, all ending the record alike */
    csv_reader *r = reader;
    csv_table *t = r->table;
    csv_row row = r->row;
    r->row = (csv_row){.line = row.line};
    r->cap = 0;
    r->records++;
    if (!r->have_header) {
        t->header = row;
        r->have_header = true;
        return;
    }
    if (row.count != t->header.count && !row_is_blank(&row))
        row_error(r, &row, "%d: error: dòng có %zu ô, tiêu đề có %zu cột / the row has %zu "
                           "cells, the header %zu columns",
                  row.line, row.count, t->header.count, row.count, t->header.count);
    if (row_is_blank(&row)) {
        free_row(&row);
        return;
    }
    csv_row *rows = realloc(t->rows, (t->nrows + 1) * sizeof *rows);
    if (!rows) {
        r->out_of_memory = true;
        free_row(&row);
        return;
    }
    t->rows = rows;
    t->rows[t->nrows++] = row;
}

/* ',' unless the header line has more ';' or tabs outside quotes (Excel in a locale whose
 * decimal separator is the comma, as Vietnamese is, saves with ';'). */
static unsigned char header_delimiter(const char *text, size_t len)
{
    size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
        quoted ^= text[i] == '"';
        if (!quoted) {
            comma += text[i] == ',';
            semicolon += text[i] == ';';
            tab += text[i] == '\t';
        }
    }
    return semicolon > comma && semicolon >= tab ? ';' : tab > comma ? '\t' : ',';
}

/* Feeds the text to libcsv one byte at a time, so that each record knows its line and a
 * malformed one its column; after a malformed record, reading starts again on the next line. */
static void parse_text(csv_reader *r, const char *text, size_t len)
{
    const unsigned char options = CSV_STRICT | CSV_STRICT_FINI;
    unsigned char delimiter = header_delimiter(text, len);
    struct csv_parser parser;
    if (csv_init(&parser, options) != 0) {
        r->out_of_memory = true;
        return;
    }
    csv_set_delim(&parser, delimiter);
    int line = 1, column = 1;
    bool between = true; /* no byte of the next record seen yet */
    for (size_t i = 0; i < len && !r->out_of_memory; i++) {
        char c = text[i];
        if (between && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            r->row.line = line;
            between = false;
        }
        size_t before = r->records;
        if (csv_parse(&parser, text + i, 1, on_cell, on_record, r) != 1) {
            if (csv_error(&parser) != CSV_EPARSE) {
                r->out_of_memory = true;
                break;
            }
            row_error(r, &r->row, "%d:%d: error: dấu ngoặc kép sai chỗ / a quote out of place",
                      line, column);
            on_record(-1, r);
            csv_free(&parser);
            if (csv_init(&parser, options) != 0) {
                r->out_of_memory = true;
                return;
            }
            csv_set_delim(&parser, delimiter);
            while (i < len && text[i] != '\n')
                i++;
            line++, column = 1, between = true;
            continue;
        }
        between = between || r->records != before;
        if (c == '\n')
            line++, column = 1;
        else if (((unsigned char)c & 0xC0) != 0x80)
            column++;
    }
    if (!r->out_of_memory && csv_fini(&parser, on_cell, on_record, r) != 0) {
        row_error(r, &r->row,
                  "%d: error: ô trong ngoặc kép không được đóng / a quoted cell is never closed",
                  r->row.line);
        on_record(-1, r);
    }
    csv_free(&parser);
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, used = 0;
    char *text = malloc(cap);
    for (size_t n; text && (n = fread(text + used, 1, cap - used, f)) > 0;) {
        used += n;
        if (used == cap) {
            char *bigger = realloc(text, cap *= 2);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    if (ferror(f) || !text) {
        int saved = text ? errno : ENOMEM;
        free(text);
        fclose(f);
        errno = saved;
        return NULL;
    }
    fclose(f);
    *len = used;
    return text;
}

/* The header's names: none empty twice over, trimmed by libcsv already. */
static int check_header(const csv_table *t)
{
    if (!t->header.cells) {
        fprintf(stderr, "%s: error: tệp CSV trống, cần một dòng tiêu đề / the CSV file is empty: "
                        "it needs a header line\n",
                t->path);
        return VB_ERR_CONTENT;
    }
    if (t->header.error) {
        fprintf(stderr, "%s:%s\n", t->path, t->header.error);
        return VB_ERR_CONTENT;
    }
    for (size_t i = 0; i < t->header.count; i++)
        for (size_t j = 0; j < i; j++)
            if (t->header.cells[i][0] && strcmp(t->header.cells[i], t->header.cells[j]) == 0) {
                fprintf(stderr, "%s:%d: error: cột \"%s\" có hai lần (cột %zu và %zu) / column "
                                "named twice\n",
                        t->path, t->header.line, t->header.cells[i], j + 1, i + 1);
                return VB_ERR_CONTENT;
            }
    return -1;
}

int csv_table_read(const char *path, csv_table *table)
{
    *table = (csv_table){.path = path};
    size_t len = 0;
    char *text = read_whole(path, &len);
    if (!text && errno == ENOMEM)
        return out_of_memory(); /* said as every other shortage is, "hết bộ nhớ" */
    if (!text) {
        fprintf(stderr, "vanban: không đọc được %s: %s\n", path, strerror(errno));
        return VB_ERR_IO;
    }
    size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    csv_reader reader = {.table = table, .row = {.line = 1}};
    parse_text(&reader, text + bom, len - bom);
    free_row(&reader.row);
    free(text);
    if (reader.out_of_memory)
        return out_of_memory();
    return check_header(table);
}

void csv_table_free(csv_table *table)
{
    free_row(&table->header);
    for (size_t i = 0; i < table->nrows; i++)
        free_row(&table->rows[i]);
    free(table->rows);
    table->rows = NULL;
    table->nrows = 0;
}

long csv_column(const csv_table *table, const char *name)
{
    for (size_t i = 0; i < table->header.count; i++)
        if (strcmp(table->header.cells[i], name) == 0)
            return (long)i;
    return -1;
}
