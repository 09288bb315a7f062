/* The table block (bang) of noi_dung read into model/table.h: its grid resolved as HTML resolves spans, every bad table refused at its line:column. */
#include <string.h>

#include "load/loader.h"
#include "load/schema.h"
#include "load/suggest.h"

#define MAX_TABLE_KEYS 16

/* ------------------------------------------------------------------------------------------ */
/* Small values: true/false, whole numbers, choices                                           */
/* ------------------------------------------------------------------------------------------ */

/* What the clerk wrote, quoted when it is a text, for "nhưng ở đây là …". */
static const char *written(loader *L, const tree *v)
{
    if (v->kind != TREE_SCALAR || vb_is_null(v))
        return vb_describe(v);
    const char *q = vb_arena_printf(L->arena, "\"%s\"", v->text);
    if (!q)
        vb_load_out_of_memory(L);
    return q ? q : vb_describe(v);
}

void vb_take_bool(loader *L, const vb_field *f, const tree *v, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False",
                                                                              "FALSE"};
    for (size_t i = 0; v->kind == TREE_SCALAR && v->plain && i < 3; i++) {
        if (strcmp(v->text, yes[i]) == 0 || strcmp(v->text, no[i]) == 0) {
            *out = strcmp(v->text, yes[i]) == 0;
            return;
        }
    }
    vb_load_error(L, v->pos, "%s cần true hoặc false (%s), nhưng ở đây là %s; bỏ khóa này khi "
                  "không cần", f->key, f->help, written(L, v));
}

static void take_whole(loader *L, const vb_field *f, const tree *v, int *out)
{
    long value = 0;
    bool digits = v->kind == TREE_SCALAR && v->len > 0 && v->len < 8;
    for (size_t i = 0; digits && i < v->len; i++) {
        digits = v->text[i] >= '0' && v->text[i] <= '9';
        value = value * 10 + (v->text[i] - '0');
    }
    if (!digits || value < (long)f->min || value > (long)f->max) {
        vb_load_error(L, v->pos, "%s cần một số nguyên %s (%s), nhưng ở đây là %s", f->key,
                      f->range, f->help, written(L, v));
        return;
    }
    *out = (int)value;
}

static void take_choice_code(loader *L, const vb_field *f, const tree *v, int *out)
{
    vb_str word = {0};
    if (!vb_take_text(L, v, f->key, true, &word) || !word.text)
        return;
    const vb_choice *c = vb_find_choice(f, word.text);
    if (c) {
        *out = c->code;
        return;
    }
    const char *near = vb_nearest_choice(f, word.text);
    vb_load_error(L, v->pos, "%s \"%s\" không hợp lệ: chỉ dùng %s%s%s%s", f->key, word.text,
                  vb_choice_list(L, f, true), near ? "; có phải ý bạn là \"" : "",
                  near ? near : "", near ? "\"?" : "");
}

/* The mapping's keys against a group: each known key's field index and value, in file order. */
typedef struct {
    const vb_field *field;
    const tree *key, *value;
} keyed;

static size_t read_keys(loader *L, const tree *t, const vb_field_group *g,
                        keyed out[MAX_TABLE_KEYS])
{
    const tree *seen[MAX_TABLE_KEYS] = {0};
    size_t n = 0;
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        int k = vb_load_key(L, t->items[i], g, seen);
        if (k >= 0 && n < MAX_TABLE_KEYS)
            out[n++] = (keyed){&g->fields[k], t->items[i], t->items[i + 1]};
    }
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* cot                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static const vb_field *column_field(const char *key)
{
    return vb_schema_find(&vb_schema_table_column, key);
}

/* A width as a scalar: millimetres, or tu-dong. */
static void take_width(loader *L, const tree *v, vb_table_column *c)
{
    if (v->kind == TREE_SCALAR && strcmp(v->text, "tu-dong") == 0) {
        c->width_kind = VB_WIDTH_AUTO;
        return;
    }
    if (v->kind != TREE_SCALAR || vb_is_null(v) || v->text[0] < '0' || v->text[0] > '9') {
        vb_load_error(L, v->pos, "độ rộng cột cần một số mm (ví dụ 30), tu-dong, {ti_le: 2} hoặc "
                      "{rong: 30, can: giua}, nhưng ở đây là %s", written(L, v));
        return;
    }
    size_t before = L->errors;
    double mm = 0;
    vb_take_measure(L, column_field("rong"), v, &mm);
    if (L->errors == before) {
        c->width_kind = VB_WIDTH_MM;
        c->width = mm;
    }
}

static void take_column_keys(loader *L, const tree *v, vb_table_column *c)
{
    keyed k[MAX_TABLE_KEYS];
    size_t n = read_keys(L, v, &vb_schema_table_column, k);
    const tree *width_key = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *key = k[i].field->key;
        if (strcmp(key, "can") == 0) {
            int code = VB_ALIGN_DEFAULT;
            take_choice_code(L, k[i].field, k[i].value, &code);
            c->align = (vb_align)code;
            continue;
        }
        if (width_key) {
            vb_load_error(L, k[i].key->pos, "một cột chỉ có một trong rong và ti_le (đã có %s ở "
                          "dòng %d, cột %d); hãy bỏ một khóa", width_key->text,
                          width_key->pos.line, width_key->pos.col);
            continue;
        }
        width_key = k[i].key;
        if (strcmp(key, "rong") == 0) {
            take_width(L, k[i].value, c);
        } else {
            double share = 0;
            size_t before = L->errors;
            vb_take_measure(L, k[i].field, k[i].value, &share);
            if (L->errors == before) {
                c->width_kind = VB_WIDTH_RELATIVE;
                c->width = share;
            }
        }
    }
}

static void take_columns(loader *L, const vb_field *f, const tree *v, vb_table *t)
{
    if (v->kind != TREE_SEQUENCE || v->count == 0) {
        vb_wrong_type(L, v, f->key, "một danh sách các cột, ví dụ [12, 70, tu-dong, {ti_le: 1}]");
        return;
    }
    t->columns = vb_load_alloc(L, v->count, sizeof *t->columns);
    if (!t->columns)
        return;
    t->ncolumns = v->count;
    for (size_t i = 0; i < v->count; i++) {
        const tree *c = v->items[i];
        t->columns[i].pos = c->pos;
        if (c->kind == TREE_MAPPING)
            take_column_keys(L, c, &t->columns[i]);
        else
            take_width(L, c, &t->columns[i]);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Cells                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/* A cell's text exactly as written ("25.898", "90,58", 25898): a blank one is an empty cell. */
static void take_paragraph(loader *L, const tree *v, vb_str *out)
{
    out->pos = v->pos;
    out->text = vb_is_null(v) ? vb_load_strndup(L, "", 0) : vb_load_strndup(L, v->text, v->len);
}

static void take_paragraphs(loader *L, const tree *v, vb_table_cell *cell)
{
    if (v->kind == TREE_MAPPING || (v->kind == TREE_SEQUENCE && v->count == 0)) {
        vb_wrong_type(L, v, "chu", "một đoạn văn bản hoặc một danh sách các đoạn");
        return;
    }
    size_t n = v->kind == TREE_SCALAR ? 1 : v->count;
    cell->paragraphs = vb_load_alloc(L, n, sizeof *cell->paragraphs);
    if (!cell->paragraphs)
        return;
    cell->nparagraphs = n;
    if (v->kind == TREE_SCALAR) {
        take_paragraph(L, v, &cell->paragraphs[0]);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const tree *p = v->items[i];
        if (p->kind != TREE_SCALAR || !vb_has_text(p))
            vb_load_error(L, p->pos, "mỗi đoạn trong chu của một ô cần là một đoạn văn bản có "
                          "chữ, nhưng ở đây là %s; xóa dòng này nếu thừa",
                          p->kind == TREE_SCALAR ? "một đoạn trống" : vb_describe(p));
        else
            take_paragraph(L, p, &cell->paragraphs[i]);
    }
}

static void take_cell_keys(loader *L, const tree *v, vb_table_cell *cell)
{
    keyed k[MAX_TABLE_KEYS];
    size_t n = read_keys(L, v, &vb_schema_table_cell, k);
    for (size_t i = 0; i < n; i++) {
        const char *key = k[i].field->key;
        if (strcmp(key, "chu") == 0) {
            take_paragraphs(L, k[i].value, cell);
        } else if (strcmp(key, "gop_cot") == 0) {
            take_whole(L, k[i].field, k[i].value, &cell->colspan);
        } else if (strcmp(key, "gop_dong") == 0) {
            take_whole(L, k[i].field, k[i].value, &cell->rowspan);
        } else {
            int code = VB_ALIGN_DEFAULT;
            take_choice_code(L, k[i].field, k[i].value, &code);
            cell->align = (vb_align)code;
        }
    }
}

static void take_cell(loader *L, const tree *v, vb_table_cell *cell)
{
    cell->pos = v->pos;
    cell->colspan = cell->rowspan = 1;
    if (v->kind == TREE_SEQUENCE) {
        vb_load_error(L, v->pos, "một ô không được là một danh sách; nhiều đoạn trong một ô thì "
                      "viết {chu: [Đoạn một., Đoạn hai.]}");
        return;
    }
    if (v->kind == TREE_MAPPING)
        take_cell_keys(L, v, cell);
    if (cell->paragraphs)
        return;
    cell->paragraphs = vb_load_alloc(L, 1, sizeof *cell->paragraphs);
    if (!cell->paragraphs)
        return;
    cell->nparagraphs = 1; /* a text, or a mapping without chu: an empty cell */
    if (v->kind == TREE_SCALAR)
        take_paragraph(L, v, &cell->paragraphs[0]);
    else
        cell->paragraphs[0] = (vb_str){vb_load_strndup(L, "", 0), v->pos};
}

static void take_cells(loader *L, const char *key, const tree *v, vb_table_row *row)
{
    if (v->kind != TREE_SEQUENCE || v->count == 0) {
        vb_wrong_type(L, v, key, "một danh sách các ô, ví dụ [Xã A, hộ, \"25.898\"]");
        return;
    }
    row->cells = vb_load_alloc(L, v->count, sizeof *row->cells);
    if (!row->cells)
        return;
    row->ncells = v->count;
    for (size_t i = 0; i < v->count; i++)
        take_cell(L, v->items[i], &row->cells[i]);
}

/* ------------------------------------------------------------------------------------------ */
/* Rows                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* nhom: one cell, whose span the grid sets to every column after STT. */
static void take_group(loader *L, const vb_field *f, const tree *v, vb_table_row *row)
{
    row->kind = VB_ROW_GROUP;
    row->cells = vb_load_alloc(L, 1, sizeof *row->cells);
    if (!row->cells)
        return;
    row->ncells = 1;
    vb_table_cell *cell = row->cells;
    *cell = (vb_table_cell){.colspan = 1, .rowspan = 1, .pos = v->pos};
    cell->paragraphs = vb_load_alloc(L, 1, sizeof *cell->paragraphs);
    if (cell->paragraphs && vb_take_text(L, v, f->key, true, &cell->paragraphs[0]))
        cell->nparagraphs = 1;
}

/* The key giving a row its cells (o, nhom, tong): exactly one. */
static bool one_content_key(loader *L, const keyed *k, const tree **content)
{
    if (*content) {
        vb_load_error(L, k->key->pos, "một dòng chỉ có một trong o, nhom và tong (đã có %s ở dòng "
                      "%d, cột %d); hãy tách thành hai dòng", (*content)->text,
                      (*content)->pos.line, (*content)->pos.col);
        return false;
    }
    *content = k->key;
    return true;
}

static void take_row_keys(loader *L, const tree *v, bool header, vb_table_row *row)
{
    keyed k[MAX_TABLE_KEYS];
    size_t n = read_keys(L, v, &vb_schema_table_row, k);
    const tree *content = NULL, *cap = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *key = k[i].field->key;
        bool is_content = !strcmp(key, "o") || !strcmp(key, "nhom") || !strcmp(key, "tong");
        if (is_content && !one_content_key(L, &k[i], &content))
            continue;
        if (!strcmp(key, "nhom")) {
            take_group(L, k[i].field, k[i].value, row);
        } else if (is_content) {
            take_cells(L, key, k[i].value, row);
            row->kind = !strcmp(key, "tong") ? VB_ROW_TOTAL : VB_ROW_NORMAL;
        } else if (!strcmp(key, "cap")) {
            cap = k[i].key;
            take_whole(L, k[i].field, k[i].value, &row->level);
        } else {
            vb_take_bool(L, k[i].field, k[i].value,
                      !strcmp(key, "giu_nguyen") ? &row->keep_together : &row->shaded);
        }
    }
    if (!content)
        vb_load_error(L, v->pos, "dòng này chưa có ô: viết o: [ô 1, ô 2, …], nhom: tên nhóm, hoặc "
                      "tong: [Tổng cộng, …]");
    const tree *not_in_header = row->kind != VB_ROW_NORMAL ? content : cap;
    if (header && not_in_header)
        vb_load_error(L, not_in_header->pos, "dòng đầu bảng (dau) không có %s; dòng nhóm, dòng "
                      "tổng cộng và cap viết trong dong", not_in_header->text);
}

static void take_row(loader *L, const tree *v, bool header, vb_table_row *row)
{
    row->pos = v->pos;
    row->level = 1;
    if (v->kind == TREE_SEQUENCE)
        take_cells(L, header ? "dau" : "dong", v, row);
    else if (v->kind == TREE_MAPPING)
        take_row_keys(L, v, header, row);
    else
        vb_load_error(L, v->pos, "mỗi dòng của %s cần là %s, nhưng ở đây là %s; ví dụ - [Xã A, "
                      "hộ, \"25.898\"]", header ? "dau" : "dong", vb_schema_table_row.wanted,
                      vb_describe(v));
}

static void take_rows(loader *L, const vb_field *f, const tree *v, vb_table_row **rows,
                      size_t *count)
{
    if (v->kind != TREE_SEQUENCE) {
        vb_wrong_type(L, v, f->key, "một danh sách các dòng (mỗi dòng mở bằng \"- \")");
        return;
    }
    if (v->count == 0) {
        vb_load_error(L, v->pos, "khóa \"%s\": danh sách trống; viết ít nhất một dòng, hoặc bỏ "
                      "khóa này", f->key);
        return;
    }
    *rows = vb_load_alloc(L, v->count, sizeof **rows);
    if (!*rows)
        return;
    *count = v->count;
    for (size_t i = 0; i < v->count; i++)
        take_row(L, v->items[i], f == vb_schema_find(&vb_schema_table, "dau"), &(*rows)[i]);
}

/* ------------------------------------------------------------------------------------------ */
/* The grid                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* One section (dau or dong) placed row by row: a cell takes the first columns that no cell of
 * an earlier row reaches down into, as in HTML. */
typedef struct {
    loader *L;
    vb_table *t;
    int ncols;
    bool header;
    int *below;      /* per column: rows under the current one still held by a cell above */
    vb_pos *held_by; /* per column: that cell */
    bool *taken;     /* per column, in the current row */
} grid;

static bool generates_stt(const grid *g, const vb_table_row *row)
{
    return g->t->stt != VB_STT_NONE && !g->header && row->kind != VB_ROW_TOTAL;
}

static const char *stt_note(const grid *g)
{
    return g->t->stt != VB_STT_NONE ? " (kể cả cột STT vanban tự đánh)" : "";
}

/* "1", "1.", "2.1.", "3.3.1", "IV", "II.": a number the STT column would hold. */
static bool looks_like_stt(const char *s)
{
    size_t n = strlen(s), roman = strspn(s, "IVXLC"), arabic = strspn(s, "0123456789.");
    if (n == 0 || n > 15 || !((roman && (s[roman] == 0 || !strcmp(s + roman, "."))) ||
                              arabic == n))
        return false;
    return s[0] != '.' && !strstr(s, "..") && (roman || strspn(s, ".") < n);
}

static const char *first_text(const vb_table_row *row)
{
    return row->ncells && row->cells[0].nparagraphs && row->cells[0].paragraphs[0].text
               ? row->cells[0].paragraphs[0].text
               : "";
}

static void refuse_typed_stt(loader *L, const vb_table *t, const vb_table_cell *cell)
{
    vb_load_error(L, cell->pos, "ô \"%s\" là số thứ tự mà vanban tự đánh (stt: %s); hãy bỏ ô này, "
                  "mỗi dòng chỉ viết các ô sau cột STT", cell->paragraphs[0].text,
                  t->stt == VB_STT_HIERARCHICAL ? "phan-cap" : "nhom");
}

/* The columns the row's cells and the spans from above fill. */
static int filled_width(const grid *g, const vb_table_row *row)
{
    int width = 0;
    for (int c = 0; c < g->ncols; c++)
        width += g->below[c] > 0 || (c == 0 && generates_stt(g, row));
    for (size_t i = 0; i < row->ncells; i++)
        width += row->cells[i].colspan;
    return width;
}

/* Places one cell from column *col on; false after reporting why it does not fit. */
static bool place_cell(grid *g, vb_table_cell *cell, size_t k, int *col, size_t rows_after)
{
    while (*col < g->ncols && g->taken[*col])
        (*col)++;
    int first = *col, span = cell->colspan;
    if (first + span > g->ncols) {
        vb_load_error(g->L, cell->pos, "ô thứ %zu của dòng này vượt quá cột cuối: bảng có %d "
                      "cột%s, ô bắt đầu ở cột %d và chiếm %d cột; bỏ bớt ô, giảm gop_cot, hoặc "
                      "thêm cột vào cot", k + 1, g->ncols, stt_note(g), first + 1, span);
        return false;
    }
    for (int c = first; c < first + span; c++) {
        if (g->taken[c]) {
            vb_load_error(g->L, cell->pos, "ô thứ %zu của dòng này chiếm cột %d, mà ô gộp dòng ở "
                          "dòng %d, cột %d đã chiếm; giảm gop_cot của ô này hoặc gop_dong của ô "
                          "kia", k + 1, c + 1, g->held_by[c].line, g->held_by[c].col);
            return false;
        }
        g->taken[c] = true;
    }
    cell->column = first;
    *col = first + span;
    if ((size_t)cell->rowspan - 1 > rows_after) {
        vb_load_error(g->L, cell->pos, "gop_dong: %d vượt quá dòng cuối của %s: sau dòng này chỉ "
                      "còn %zu dòng; hãy viết gop_dong: %zu", cell->rowspan,
                      g->header ? "phần đầu bảng (dau)" : "bảng", rows_after, rows_after + 1);
        cell->rowspan = (int)rows_after + 1;
    }
    return true;
}

static void place_row(grid *g, vb_table_row *row, size_t rows_after)
{
    bool stt = generates_stt(g, row);
    for (int c = 0; c < g->ncols; c++)
        g->taken[c] = g->below[c] > 0 || (c == 0 && stt);
    if (row->kind == VB_ROW_GROUP && row->ncells == 1)
        row->cells[0].colspan = g->ncols - (stt ? 1 : 0);
    else if (row->kind == VB_ROW_TOTAL && g->t->stt != VB_STT_NONE && row->ncells)
        row->cells[0].colspan++;
    if (stt && row->kind == VB_ROW_NORMAL && filled_width(g, row) == g->ncols + 1 &&
        looks_like_stt(first_text(row))) {
        refuse_typed_stt(g->L, g->t, &row->cells[0]);
        return;
    }
    int col = 0;
    for (size_t i = 0; i < row->ncells; i++)
        if (!place_cell(g, &row->cells[i], i, &col, rows_after))
            return;
    int width = 0;
    for (int c = 0; c < g->ncols; c++)
        width += g->taken[c];
    if (width < g->ncols)
        vb_load_error(g->L, row->pos, "dòng này đủ %d cột (tính cả ô gộp dòng ở trên) nhưng bảng "
                      "có %d cột%s; thêm %d ô, hoặc gộp ô bằng gop_cot", width, g->ncols,
                      stt_note(g), g->ncols - width);
}

/* After a row: the spans from above go one row down, the row's own start. */
static void step_down(grid *g, const vb_table_row *row)
{
    for (int c = 0; c < g->ncols; c++)
        if (g->below[c] > 0)
            g->below[c]--;
    for (size_t i = 0; i < row->ncells; i++) {
        const vb_table_cell *cell = &row->cells[i];
        for (int c = cell->column; cell->rowspan > 1 && c < cell->column + cell->colspan &&
                                   c < g->ncols; c++) {
            g->below[c] = cell->rowspan - 1;
            g->held_by[c] = cell->pos;
        }
    }
}

static void place_section(grid *g, vb_table_row *rows, size_t n, bool header)
{
    g->header = header;
    memset(g->below, 0, (size_t)g->ncols * sizeof *g->below);
    for (size_t r = 0; r < n; r++) {
        size_t errors = g->L->errors;
        place_row(g, &rows[r], n - r - 1);
        if (g->L->errors == errors)
            step_down(g, &rows[r]);
    }
}

/* Without cot, the first header row (or the first ordinary body row) says how many columns. */
static int deduced_columns(const vb_table *t)
{
    const vb_table_row *row = t->nheader ? &t->header[0] : NULL;
    for (size_t i = 0; !row && i < t->nrows; i++)
        if (t->rows[i].kind == VB_ROW_NORMAL)
            row = &t->rows[i];
    int width = row && !t->nheader && t->stt != VB_STT_NONE ? 1 : 0;
    for (size_t i = 0; row && i < row->ncells; i++)
        width += row->cells[i].colspan;
    return width ? width : 1 + (t->stt != VB_STT_NONE);
}

static void resolve_grid(loader *L, vb_table *t)
{
    if (!t->ncolumns) {
        int n = deduced_columns(t);
        t->columns = vb_load_alloc(L, (size_t)n, sizeof *t->columns);
        if (!t->columns)
            return;
        t->ncolumns = (size_t)n;
        for (int c = 0; c < n; c++)
            t->columns[c].pos = t->pos;
    }
    if (t->stt != VB_STT_NONE && t->ncolumns < 2) {
        vb_load_error(L, t->columns[0].pos, "bảng có stt cần ít nhất hai cột trong cot: cột STT "
                      "và một cột nội dung");
        return;
    }
    grid g = {L, t, (int)t->ncolumns, false, NULL, NULL, NULL};
    g.below = vb_load_alloc(L, t->ncolumns, sizeof *g.below);
    g.held_by = vb_load_alloc(L, t->ncolumns, sizeof *g.held_by);
    g.taken = vb_load_alloc(L, t->ncolumns, sizeof *g.taken);
    if (!g.below || !g.held_by || !g.taken)
        return;
    place_section(&g, t->header, t->nheader, true);
    place_section(&g, t->rows, t->nrows, false);
}

/* ------------------------------------------------------------------------------------------ */
/* STT: levels and numbers typed by hand                                                      */
/* ------------------------------------------------------------------------------------------ */

/* A whole column of "1", "2", … under an STT vanban writes: the first ordinary row's first cell
 * is "1" or "I", and every ordinary row's looks like a number. */
static void check_typed_column(loader *L, const vb_table *t)
{
    const vb_table_row *first = NULL;
    for (size_t i = 0; i < t->nrows; i++) {
        const vb_table_row *row = &t->rows[i];
        if (row->kind != VB_ROW_NORMAL)
            continue;
        if (!looks_like_stt(first_text(row)))
            return;
        if (!first)
            first = row;
    }
    const char *s = first ? first_text(first) : "";
    if (!strcmp(s, "1") || !strcmp(s, "1.") || !strcmp(s, "I") || !strcmp(s, "I."))
        refuse_typed_stt(L, t, &first->cells[0]);
}

/* A number typed at the start of a row's first text ("1. Xã A", "I. Cải cách") as the body's
 * blocks are checked (typed_number.c). */
static void check_typed_prefixes(loader *L, const vb_table *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        const vb_table_row *row = &t->rows[i];
        if (row->kind == VB_ROW_TOTAL || !row->ncells || !row->cells[0].nparagraphs)
            continue;
        vb_node probe = {.kind = VB_NODE_ITEM, .text = row->cells[0].paragraphs[0]};
        if (row->kind == VB_ROW_GROUP)
            probe.kind = t->stt == VB_STT_GROUPED ? VB_NODE_SECTION : VB_NODE_PARAGRAPH;
        else if (t->stt == VB_STT_HIERARCHICAL && row->level > 1)
            probe.kind = VB_NODE_SUBITEM;
        vb_check_typed_number(L, row->kind == VB_ROW_GROUP ? "nhom" : "dong", &probe);
    }
}

static void check_levels(loader *L, const vb_table *t)
{
    int previous = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const vb_table_row *row = &t->rows[i];
        if (row->level > 1 && t->stt != VB_STT_HIERARCHICAL) {
            vb_load_error(L, row->pos, "cap chỉ dùng với stt: phan-cap (số thứ tự 1., 1.1., "
                          "1.1.1.); hãy thêm stt: phan-cap vào bang hoặc bỏ cap");
            return;
        }
        if (row->kind != VB_ROW_NORMAL)
            continue;
        if (row->level > previous + 1) {
            vb_load_error(L, row->pos, "cap: %d nhảy cấp: %s; hãy viết cap từ 1 đến %d",
                          row->level, previous ? "dòng có số trước đó ở cấp thấp hơn hai bậc"
                                               : "dòng có số đầu tiên của bảng ở cấp 1",
                          previous + 1);
            return;
        }
        previous = row->level;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* bang                                                                                       */
/* ------------------------------------------------------------------------------------------ */

static void take_table_key(loader *L, const keyed *k, vb_table *t)
{
    const char *key = k->field->key;
    const tree *v = k->value;
    if (!strcmp(key, "tieu_de")) {
        vb_take_text(L, v, key, false, &t->title);
    } else if (!strcmp(key, "stt")) {
        int code = VB_STT_NONE;
        if (!vb_is_null(v))
            take_choice_code(L, k->field, v, &code);
        t->stt = (vb_stt_kind)code;
    } else if (!strcmp(key, "co_chu")) {
        vb_take_measure(L, k->field, v, t);
    } else if (!strcmp(key, "thu_nho")) {
        vb_take_bool(L, k->field, v, &t->may_shrink);
    } else if (!strcmp(key, "cot")) {
        take_columns(L, k->field, v, t);
    } else if (!strcmp(key, "dau")) {
        take_rows(L, k->field, v, &t->header, &t->nheader);
    } else {
        take_rows(L, k->field, v, &t->rows, &t->nrows);
    }
}

void vb_take_table(loader *L, const tree *v, vb_node *node)
{
    node->kind = VB_NODE_TABLE;
    if (v->kind != TREE_MAPPING) {
        vb_wrong_type(L, v, "bang", "một nhóm khóa (cot, dau, dong, …), ví dụ bang: {dong: [[Xã "
                      "A, \"25.898\"]]}");
        return;
    }
    vb_table *t = vb_load_alloc(L, 1, sizeof *t);
    if (!t)
        return;
    node->table = t;
    t->pos = v->pos;
    keyed k[MAX_TABLE_KEYS];
    size_t n = read_keys(L, v, &vb_schema_table, k), errors = L->errors;
    bool has_rows = false;
    for (size_t i = 0; i < n; i++) {
        take_table_key(L, &k[i], t);
        has_rows = has_rows || !strcmp(k[i].field->key, "dong");
    }
    if (!has_rows)
        vb_load_error(L, v->pos, "thiếu khóa bắt buộc \"dong\" trong bang (%s)",
                      vb_schema_find(&vb_schema_table, "dong")->help);
    if (L->errors != errors || !t->nrows)
        return; /* a grid of rows that did not load would only repeat their errors */
    resolve_grid(L, t);
    if (L->errors != errors)
        return;
    check_levels(L, t);
    if (t->stt != VB_STT_NONE) {
        check_typed_column(L, t);
        check_typed_prefixes(L, t);
    }
}
