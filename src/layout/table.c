/* Tables: widths from the columns' kinds and contents, cells broken like the body, each row cut
 * into bands of one line for the page builder, with the rules and shading of each band.
 *
 * A band is one line of a row (the first and last also hold the row's padding), so a page
 * break between two bands splits the row at a line boundary in every cell; a band whose
 * neighbour shares a line of text with it (a vertically centred cell) is kept with it. Every
 * band carries its own vertical rules, so both parts of a split row are closed by them; the
 * page builder draws the rule across the cut and the header bands again on the next page. */
#include "layout/table.h"

#include <math.h>
#include <string.h>

#include "layout/geometry.h"

#define WIDTH_EPS 0.01

/* ------------------------------------------------------------------ widths */

/* Relative columns share room, each at least its minimum: a column whose share is below its
 * minimum takes its minimum and the others share the rest. */
static void share_relative(const vb_table_column *cols, size_t n, const double *min,
                           double room, double *widths)
{
    for (size_t pass = 0; pass <= n; pass++) {
        double shares = 0, pinned = 0;
        for (size_t i = 0; i < n; i++) {
            if (cols[i].width_kind != VB_WIDTH_RELATIVE)
                continue;
            if (widths[i] > 0)
                pinned += widths[i];
            else
                shares += cols[i].width > 0 ? cols[i].width : 1;
        }
        bool again = false;
        for (size_t i = 0; i < n; i++) {
            if (cols[i].width_kind != VB_WIDTH_RELATIVE || widths[i] > 0)
                continue;
            double share = (room - pinned) * (cols[i].width > 0 ? cols[i].width : 1) / shares;
            if (share < min[i]) {
                widths[i] = min[i];
                again = true;
            }
        }
        if (!again)
            break;
    }
    double shares = 0, pinned = 0;
    for (size_t i = 0; i < n; i++)
        if (cols[i].width_kind == VB_WIDTH_RELATIVE && widths[i] > 0)
            pinned += widths[i];
        else if (cols[i].width_kind == VB_WIDTH_RELATIVE)
            shares += cols[i].width > 0 ? cols[i].width : 1;
    for (size_t i = 0; i < n; i++)
        if (cols[i].width_kind == VB_WIDTH_RELATIVE && !(widths[i] > 0))
            widths[i] = (room - pinned) * (cols[i].width > 0 ? cols[i].width : 1) / shares;
}

double vb_table_widths(const vb_table_column *cols, size_t n, const double *min,
                       const double *max, double avail, double *widths)
{
    double fixed = 0, pmin = 0, pmax = 0;
    size_t nrel = 0, nauto = 0;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].width_kind == VB_WIDTH_MM) {
            fixed += VB_MM_TO_PT(cols[i].width);
            continue;
        }
        pmin += min[i];
        pmax += max[i] > min[i] ? max[i] : min[i];
        nrel += cols[i].width_kind == VB_WIDTH_RELATIVE;
        nauto += cols[i].width_kind == VB_WIDTH_AUTO;
    }
    double need = fixed + pmin;
    if (need > avail + WIDTH_EPS)
        return need;
    /* Every flexible column between its minimum and its maximum, the same fraction of the way
     * for all (HTML): an automatic column keeps that width; relative ones then share what is
     * left by their shares, so a long text column is not squeezed for a short one's sake. */
    double t = pmax - pmin > 0 ? (avail - fixed - pmin) / (pmax - pmin) : 1;
    if (t > 1)
        t = 1;
    double used = fixed;
    for (size_t i = 0; i < n; i++) {
        double hi = max[i] > min[i] ? max[i] : min[i];
        widths[i] = cols[i].width_kind == VB_WIDTH_MM ? VB_MM_TO_PT(cols[i].width)
                    : cols[i].width_kind == VB_WIDTH_AUTO ? min[i] + t * (hi - min[i])
                                                          : 0;
        if (cols[i].width_kind == VB_WIDTH_AUTO)
            used += widths[i];
    }
    if (nrel) {
        share_relative(cols, n, min, avail - used, widths);
    } else if (nauto && avail - used > WIDTH_EPS) {
        /* No relative column: the automatic ones fill the frame, in proportion to their
         * widths. */
        double grow = (avail - used) / (used - fixed > 0 ? used - fixed : 1);
        for (size_t i = 0; i < n; i++)
            if (cols[i].width_kind == VB_WIDTH_AUTO)
                widths[i] = used - fixed > 0 ? widths[i] * (1 + grow)
                                             : (avail - fixed) / (double)nauto;
    }
    return need;
}

/* ------------------------------------------------------------------ cells */

typedef VB_VEC(vb_fill_item) fill_vec;

/* A cell of the grid, typed or generated (the STT column). */
typedef struct {
    size_t row; /* grid row: the header rows first */
    int col, colspan, rowspan;
    vb_style style;
    vb_align align;
    bool top_aligned; /* merged body rows: its text on the first part of a split */
    const vb_rich *rich;
    size_t nrich;
    vb_rich own; /* a generated STT cell's one paragraph */
    vb_run own_run;
    vb_pos pos;
    double min, max;      /* content extents at the base size, pt, without padding */
    vb_word_vec *words;   /* each paragraph's words at the base size, kept for setting */
    vb_vline_vec lines;   /* its lines, x placed, y relative to each baseline */
    size_t *band;         /* the band of each line */
    double *shift;        /* each line's baseline above its band's bottom */
} tl_cell;

/* One line of a row: its top from the table's top, its height. */
typedef struct {
    double top, h;
    size_t row;
    bool keep; /* kept with the band under it */
} tl_band;

typedef struct {
    vb_typesetter *T;
    vb_arena *lines; /* the vertical list's arena (T->lines while the table is built) */
    const vb_table *t;
    size_t ncols, nrows, nhead;
    tl_cell *cells;
    size_t ncells;
    int *owner; /* nrows × ncols: the cell covering each grid slot, -1 for none */
    double base; /* the size asked for; size: the size set, smaller when shrunk */
    double size, pitch, asc, desc, pad_x, pad_y, rule;
    double *x; /* ncols + 1 column edges: the rules' centres */
    tl_band *bands;
    size_t nbands;
    size_t *row_first; /* nrows + 1: each row's first band */
} tl_ctx;

static const vb_table_row *grid_row(const vb_table *t, size_t r)
{
    return r < t->nheader ? &t->header[r] : &t->rows[r - t->nheader];
}

/* A column's text is a number as written ("25.898", "90,58%", "1.732/2.090 (82,9%)"). */
static bool is_number(const vb_rich *r)
{
    bool digit = false;
    for (size_t i = 0; i < r->count; i++)
        for (const char *s = r->runs[i].text; *s; s++) {
            if (*s >= '0' && *s <= '9')
                digit = true;
            else if (!strchr(".,%/()-+ ", *s))
                return false;
        }
    return digit;
}

/* A column without an alignment is centred when every body cell of it is a number. */
static vb_align column_align(const tl_ctx *C, int col)
{
    vb_align a = C->t->columns[col].align;
    if (a != VB_ALIGN_DEFAULT)
        return a;
    bool any = false;
    for (size_t k = 0; k < C->ncells; k++) {
        const tl_cell *c = &C->cells[k];
        if (c->row < C->nhead || c->col != col || c->colspan != 1 || c->rich == &c->own)
            continue;
        for (size_t p = 0; p < c->nrich; p++)
            if (c->rich[p].count && !is_number(&c->rich[p]))
                return VB_ALIGN_LEFT;
        any = true;
    }
    return any ? VB_ALIGN_CENTRE : VB_ALIGN_LEFT;
}

static void add_cell(tl_ctx *C, size_t r, const vb_table_cell *tc)
{
    const vb_table_row *row = grid_row(C->t, r);
    tl_cell *c = &C->cells[C->ncells++];
    c->row = r;
    c->col = tc->column;
    c->colspan = tc->colspan > 0 ? tc->colspan : 1;
    c->rowspan = tc->rowspan > 0 ? tc->rowspan : 1;
    if (c->col + c->colspan > (int)C->ncols)
        c->colspan = (int)C->ncols - c->col;
    if (r + (size_t)c->rowspan > (r < C->nhead ? C->nhead : C->nrows))
        c->rowspan = (int)((r < C->nhead ? C->nhead : C->nrows) - r);
    bool strong = r < C->nhead || row->kind != VB_ROW_NORMAL;
    c->style = strong ? VB_STYLE_BOLD : VB_STYLE_REGULAR;
    c->align = tc->align;
    c->top_aligned = c->rowspan > 1 && r >= C->nhead; /* header cells stay centred */
    c->rich = tc->rich;
    c->nrich = tc->rich ? tc->nparagraphs : 0;
    c->pos = tc->pos;
}

/* The generated STT cell of a body row, at column 0. */
static void add_stt_cell(tl_ctx *C, size_t r)
{
    const vb_table_row *row = grid_row(C->t, r);
    tl_cell *c = &C->cells[C->ncells++];
    c->row = r;
    c->colspan = c->rowspan = 1;
    c->style = row->stt_style | (row->kind != VB_ROW_NORMAL ? VB_STYLE_BOLD : 0);
    c->align = VB_ALIGN_CENTRE;
    c->own_run = (vb_run){row->stt ? row->stt : "", VB_STYLE_REGULAR, 0};
    c->own = (vb_rich){&c->own_run, row->stt ? 1 : 0};
    c->rich = &c->own;
    c->nrich = 1;
    c->pos = row->pos;
}

/* The cells of every row, and which cell covers each slot of the grid. */
static bool collect_cells(tl_ctx *C, vb_arena *work)
{
    const vb_table *t = C->t;
    size_t n = 0;
    for (size_t r = 0; r < C->nrows; r++)
        n += grid_row(t, r)->ncells + 1;
    C->cells = vb_arena_calloc(work, n, sizeof *C->cells);
    C->owner = vb_arena_calloc(work, C->nrows * C->ncols, sizeof *C->owner);
    if (!C->cells || !C->owner)
        return false;
    for (size_t i = 0; i < C->nrows * C->ncols; i++)
        C->owner[i] = -1;
    for (size_t r = 0; r < C->nrows; r++) {
        const vb_table_row *row = grid_row(t, r);
        bool has_first = false;
        for (size_t k = 0; k < row->ncells; k++)
            has_first |= row->cells[k].column == 0;
        if (r >= C->nhead && t->stt != VB_STT_NONE && !has_first && C->owner[r * C->ncols] < 0)
            add_stt_cell(C, r);
        for (size_t k = 0; k < row->ncells; k++)
            if (row->cells[k].column >= 0 && (size_t)row->cells[k].column < C->ncols)
                add_cell(C, r, &row->cells[k]);
        for (size_t k = 0; k < C->ncells; k++) {
            const tl_cell *c = &C->cells[k];
            if (c->row != r)
                continue;
            for (int dr = 0; dr < c->rowspan; dr++)
                for (int dc = 0; dc < c->colspan; dc++)
                    C->owner[(r + (size_t)dr) * C->ncols + (size_t)(c->col + dc)] = (int)k;
        }
    }
    for (size_t k = 0; k < C->ncells; k++) {
        tl_cell *c = &C->cells[k];
        if (c->rich == &c->own)
            c->own.runs = &c->own_run;
        if (c->align == VB_ALIGN_DEFAULT)
            c->align = c->row < C->nhead ? VB_ALIGN_CENTRE
                       : grid_row(t, c->row)->kind == VB_ROW_GROUP ? VB_ALIGN_LEFT
                                                                    : column_align(C, c->col);
    }
    return true;
}

/* The words of a cell's paragraph at the table's size, in scratch. */
static void cell_words(tl_ctx *C, const tl_cell *c, size_t p, vb_word_vec *w)
{
    *w = (vb_word_vec){0};
    vb_ts_words_from_runs(C->T, c->rich[p].runs, c->rich[p].count, c->style, C->size, w);
}

/* Each cell's longest word and widest paragraph; the words are kept in the work arena, to be
 * set as they are when the table keeps its base size (shaping them is most of the cost). */
static void measure_cells(tl_ctx *C, vb_arena *work)
{
    vb_arena *tmp = C->T->tmp;
    C->T->tmp = work;
    for (size_t k = 0; k < C->ncells && !C->T->failed; k++) {
        tl_cell *c = &C->cells[k];
        c->min = c->max = 0;
        c->words = c->nrich ? vb_arena_calloc(work, c->nrich, sizeof *c->words) : NULL;
        C->T->failed |= c->nrich && !c->words;
        for (size_t p = 0; p < c->nrich && !C->T->failed; p++) {
            vb_word_vec w;
            cell_words(C, c, p, &w);
            c->words[p] = w;
            double line = 0;
            for (size_t i = 0; i < w.n; i++) {
                if (w.v[i].box.width > c->min)
                    c->min = w.v[i].box.width;
                line += w.v[i].box.width + (i + 1 < w.n ? w.v[i].box.glue : 0);
            }
            if (line > c->max)
                c->max = line;
        }
    }
    C->T->tmp = tmp;
}

/* Columns' extents with the padding: cells of one column first, then a spanning cell's excess
 * spread evenly over the columns it spans. */
static void column_extents(const tl_ctx *C, double scale, double *min, double *max)
{
    double pad = 2 * C->pad_x;
    for (size_t i = 0; i < C->ncols; i++)
        min[i] = max[i] = pad;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < C->ncells; k++) {
            const tl_cell *c = &C->cells[k];
            if ((c->colspan > 1) != (pass == 1))
                continue;
            double smin = 0, smax = 0;
            for (int j = 0; j < c->colspan; j++) {
                smin += min[c->col + j];
                smax += max[c->col + j];
            }
            double emin = c->min * scale + pad - smin, emax = c->max * scale + pad - smax;
            for (int j = 0; j < c->colspan; j++) {
                if (emin > 0)
                    min[c->col + j] += emin / c->colspan;
                if (emax > 0)
                    max[c->col + j] += emax / c->colspan;
            }
        }
    for (size_t i = 0; i < C->ncols; i++)
        if (max[i] < min[i])
            max[i] = min[i];
}

/* ------------------------------------------------------------------ size and widths */

static void set_size(tl_ctx *C, double size)
{
    C->size = size;
    C->pitch = vb_ts_single_line(C->T, VB_STYLE_REGULAR, size);
    C->asc = vb_ts_ascent(C->T, VB_STYLE_REGULAR, size);
    C->desc = vb_ts_descent(C->T, VB_STYLE_REGULAR, size);
}

/* The size the table is set at and its column edges from left; false (with the error at the
 * table) when it does not fit the frame even at the smallest size it allows. */
static bool choose_widths(tl_ctx *C, double base, double left, double width, vb_arena *work)
{
    size_t n = C->ncols;
    double *min = vb_arena_calloc(work, 3 * n + 1, sizeof *min);
    if (!min) {
        C->T->failed = true;
        return false;
    }
    double *max = min + n, *widths = max + n;
    double floor_size = C->t->may_shrink && base > vb_nd30.table_min_size
                            ? vb_nd30.table_min_size : base;
    double need = 0, size = base;
    for (;; size -= vb_nd30.table_size_step) {
        if (size < floor_size)
            size = floor_size;
        column_extents(C, size / base, min, max);
        need = vb_table_widths(C->t->columns, n, min, max, width, widths);
        if (need <= width + WIDTH_EPS || size <= floor_size)
            break;
    }
    const vb_table *t = C->t;
    if (need > width + WIDTH_EPS) {
        vb_diag_error(C->T->diag, C->T->file, t->pos.line, t->pos.col,
                      "bảng cần rộng ít nhất %.0f mm%s nhưng vùng chữ chỉ rộng %.0f mm: hãy "
                      "thu hẹp các cột (độ rộng theo mm, hoặc ti_le), %s, hoặc đặt bảng vào một "
                      "phụ lục trang ngang",
                      need * 25.4 / 72, t->may_shrink ? " kể cả khi chữ nhỏ lại tới 11 pt" : "",
                      width * 25.4 / 72,
                      t->may_shrink ? "rút gọn chữ trong các ô"
                                    : "thêm `thu_nho: true` để chữ trong bảng được nhỏ lại tới 11 pt");
        return false;
    }
    if (size < base)
        vb_diag_warning(C->T->diag, C->T->file, t->pos.line, t->pos.col,
                        "bảng được thu nhỏ chữ xuống %g pt để vừa vùng chữ (thu_nho: true)", size);
    set_size(C, size);
    C->x[0] = left;
    for (size_t i = 0; i < n; i++)
        C->x[i + 1] = C->x[i] + widths[i];
    return true;
}

/* ------------------------------------------------------------------ setting the cells */

/* Moves the lines [from, end) of a right-aligned cell against its right padding. */
static void align_right(tl_ctx *C, vb_vline_vec *lines, size_t from, double right)
{
    for (size_t i = from; i < lines->n; i++) {
        vb_vline *v = &lines->v[i];
        double end = 0;
        for (size_t k = 0; k < v->nitems; k++) {
            const vb_text_item *it = &v->items[k];
            double e = it->x + vb_ts_width(C->T, it->style, it->size, it->text, it->len);
            if (e > end)
                end = e;
        }
        for (size_t k = 0; k < v->nitems && end > 0; k++)
            v->items[k].x += right - end;
    }
}

/* A cell's paragraphs broken within its padding like body paragraphs: justified, ragged,
 * centred or flush right as its alignment says. */
static void set_cell(tl_ctx *C, tl_cell *c)
{
    vb_typesetter *T = C->T;
    double left = C->x[c->col] + C->pad_x, right = C->x[c->col + c->colspan] - C->pad_x;
    T->left = left;
    /* The widths were found at the base size and scaled: allow their rounding. */
    T->measure = right - left > 1 ? right - left + WIDTH_EPS * 5 : 1;
    vb_para_style ps = {0};
    ps.centred = c->align == VB_ALIGN_CENTRE;
    ps.centre_x = left + T->measure / 2;
    ps.max_width = T->measure;
    ps.ragged = c->align == VB_ALIGN_LEFT || c->align == VB_ALIGN_RIGHT;
    for (size_t p = 0; p < c->nrich && !T->failed; p++) {
        vb_word_vec w;
        if (C->size == C->base)
            w = c->words[p];
        else
            cell_words(C, c, p, &w);
        size_t from = c->lines.n;
        vb_ts_paragraph(T, &c->lines, &w, C->size, C->pitch, &ps, c->pos);
        if (c->align == VB_ALIGN_RIGHT)
            align_right(C, &c->lines, from, right);
        vb_arena_reset(T->tmp);
    }
}

/* ------------------------------------------------------------------ bands */

/* Lines of each row: its tallest cell of one row; a merged cell taller than its rows makes
 * the last of them taller (as HTML does). */
static bool make_bands(tl_ctx *C, vb_arena *work)
{
    size_t *nl = vb_arena_calloc(work, C->nrows, sizeof *nl);
    C->row_first = vb_arena_calloc(work, C->nrows + 1, sizeof *C->row_first);
    if (!nl || !C->row_first)
        return false;
    for (size_t r = 0; r < C->nrows; r++)
        nl[r] = 1;
    for (size_t k = 0; k < C->ncells; k++)
        if (C->cells[k].rowspan == 1 && C->cells[k].lines.n > nl[C->cells[k].row])
            nl[C->cells[k].row] = C->cells[k].lines.n;
    for (size_t k = 0; k < C->ncells; k++) {
        const tl_cell *c = &C->cells[k];
        if (c->rowspan == 1)
            continue;
        size_t r1 = c->row + (size_t)c->rowspan - 1;
        double have = -2 * C->pad_y;
        for (size_t r = c->row; r <= r1; r++)
            have += nl[r] * C->pitch + 2 * C->pad_y;
        double need = c->lines.n * C->pitch;
        if (need > have + WIDTH_EPS)
            nl[r1] += (size_t)ceil((need - have) / C->pitch - WIDTH_EPS);
    }
    size_t total = 0;
    for (size_t r = 0; r < C->nrows; r++)
        total += nl[r];
    C->bands = vb_arena_calloc(work, total, sizeof *C->bands);
    if (!C->bands)
        return false;
    double y = 0;
    for (size_t r = 0; r < C->nrows; r++) {
        C->row_first[r] = C->nbands;
        for (size_t j = 0; j < nl[r]; j++) {
            double h = C->pitch + (j == 0 ? C->pad_y : 0) + (j + 1 == nl[r] ? C->pad_y : 0);
            C->bands[C->nbands++] = (tl_band){y, h, r, false};
            y += h;
        }
    }
    C->row_first[C->nrows] = C->nbands;
    return true;
}

/* Which band holds each line of a cell: centred vertically in its row, or from the top of its
 * rows when it is merged down. A line whose letters cross into the next band keeps the two
 * together. */
static bool place_cell(tl_ctx *C, tl_cell *c, vb_arena *work)
{
    size_t n = c->lines.n;
    c->band = vb_arena_calloc(work, n + 1, sizeof *c->band);
    c->shift = vb_arena_calloc(work, n + 1, sizeof *c->shift);
    if (!c->band || !c->shift)
        return false;
    size_t b = C->row_first[c->row], bend = C->row_first[c->row + (size_t)c->rowspan];
    const tl_band *last = &C->bands[bend - 1];
    double top = C->bands[b].top + C->pad_y, bottom = last->top + last->h - C->pad_y;
    /* A row of many lines may well be split: its short cells' text then stays at its top,
     * on the first part, rather than in its middle. */
    bool top_aligned = c->top_aligned || bend - b > (size_t)vb_nd30.table_centre_max_lines;
    double off = top_aligned ? 0 : (bottom - top - n * C->pitch) / 2;
    if (off < 0)
        off = 0;
    double base_in = C->asc + (C->pitch - C->asc - C->desc) / 2;
    for (size_t j = 0; j < n; j++) {
        double base = top + off + j * C->pitch + base_in;
        while (b + 1 < bend && C->bands[b].top + C->bands[b].h < base)
            b++;
        tl_band *bd = &C->bands[b];
        c->band[j] = b;
        c->shift[j] = bd->top + bd->h - base;
        if (b > 0 && base - C->asc < bd->top - 2 * C->pad_y)
            C->bands[b - 1].keep = true;
        if (base + C->desc > bd->top + bd->h + 2 * C->pad_y)
            bd->keep = true;
    }
    return true;
}

/* ------------------------------------------------------------------ the bands' lines */

/* Column edge e is a rule in grid row r unless one cell covers both its sides. */
static bool edge_inside_cell(const tl_ctx *C, size_t r, size_t e)
{
    int k = C->owner[r * C->ncols + e - 1];
    return k >= 0 && k == C->owner[r * C->ncols + e];
}

/* Column c of grid row r continues a cell merged down from the row above. */
static bool merged_from_above(const tl_ctx *C, size_t r, size_t c)
{
    int k = C->owner[r * C->ncols + c];
    return r > 0 && k >= 0 && k == C->owner[(r - 1) * C->ncols + c];
}

/* A band's rules: the column edges down its height; across its top when it is a row's first,
 * except over cells merged down into the row; under it when it is the table's last. Every
 * rule's ends come from the same column edges and band edges, horizontal ones half a rule
 * width past the vertical ones' centres, so the corners meet with no gap and no overshoot. */
static size_t band_rules(const tl_ctx *C, size_t b, vb_rule_item *out)
{
    const tl_band *bd = &C->bands[b];
    size_t r = bd->row, n = 0, nc = C->ncols;
    double w = C->rule, half = w / 2, h = bd->h;
    for (size_t e = 0; e <= nc; e++)
        if (e == 0 || e == nc || !edge_inside_cell(C, r, e))
            out[n++] = (vb_rule_item){C->x[e], h, C->x[e], 0, w};
    if (b == C->row_first[r])
        for (size_t c = 0; c < nc;) {
            if (merged_from_above(C, r, c)) {
                c++;
                continue;
            }
            size_t a = c;
            while (c < nc && !merged_from_above(C, r, c))
                c++;
            out[n++] = (vb_rule_item){C->x[a] - half, h, C->x[c] + half, h, w};
        }
    if (b + 1 == C->nbands)
        out[n++] = (vb_rule_item){C->x[0] - half, 0, C->x[nc] + half, 0, w};
    return n;
}

/* The text of band b, cell by cell from the left (the reading order), each line moved to the
 * band's bottom as baseline, and the footnotes it calls. cursor[k]: cell k's next line. */
static bool band_texts(tl_ctx *C, size_t b, size_t *cursor, vb_vline *v)
{
    size_t r = C->bands[b].row, nt = 0, nn = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            v->items = nt ? vb_arena_calloc(C->lines, nt, sizeof *v->items) : NULL;
            v->notes = nn ? vb_arena_calloc(C->lines, nn, sizeof *v->notes) : NULL;
            if ((nt && !v->items) || (nn && !v->notes))
                return false;
        }
        for (size_t c = 0; c < C->ncols; c++) {
            int k = C->owner[r * C->ncols + c];
            if (k < 0 || C->cells[k].col != (int)c)
                continue;
            const tl_cell *cell = &C->cells[k];
            for (size_t j = cursor[k]; j < cell->lines.n && cell->band[j] == b; j++) {
                const vb_vline *l = &cell->lines.v[j];
                for (size_t i = 0; pass == 1 && i < l->nitems; i++) {
                    v->items[v->nitems] = l->items[i];
                    v->items[v->nitems++].y += cell->shift[j];
                }
                for (size_t i = 0; pass == 1 && i < l->nnotes; i++)
                    v->notes[v->nnotes++] = l->notes[i];
                nt += l->nitems;
                nn += l->nnotes;
                if (pass == 1)
                    cursor[k] = j + 1;
            }
        }
    }
    return true;
}

/* A shaded row's fill under its own cells, not under those merged down into it. */
static bool shade_band(const tl_ctx *C, size_t b, vb_vline *v)
{
    const tl_band *bd = &C->bands[b];
    v->fills = vb_arena_calloc(C->lines, C->ncols, sizeof *v->fills);
    if (!v->fills)
        return false;
    for (size_t c = 0; c < C->ncols;) {
        if (merged_from_above(C, bd->row, c)) {
            c++;
            continue;
        }
        size_t a = c;
        while (c < C->ncols && !merged_from_above(C, bd->row, c))
            c++;
        v->fills[v->nfills++] = (vb_fill_item){C->x[a], 0, C->x[c] - C->x[a], bd->h,
                                               vb_nd30.table_shade_gray};
    }
    return true;
}

/* Band b as a line of the vertical list. */
static bool band_line(tl_ctx *C, size_t b, size_t *cursor, const vb_pb_table *pt, vb_vline *v)
{
    const tl_band *bd = &C->bands[b];
    const vb_table_row *row = grid_row(C->t, bd->row);
    *v = (vb_vline){0};
    v->top = v->pitch = bd->h;
    v->table = pt;
    v->table_head = bd->row < C->nhead;
    v->table_row = (uint32_t)bd->row;
    size_t first = C->row_first[bd->row], end = C->row_first[bd->row + 1];
    /* As in a paragraph, no single line of a row alone at the foot or head of a page. */
    bool lone = end - first > 1 && (b == first || b + 2 == end);
    v->keep_with_next = bd->keep || v->table_head || lone || (row->keep_together && b + 1 < end);
    v->rules = vb_arena_calloc(C->lines, 2 * C->ncols + 2, sizeof *v->rules);
    if (!v->rules || !band_texts(C, b, cursor, v))
        return false;
    v->nrules = band_rules(C, b, v->rules);
    if (row->shaded)
        return shade_band(C, b, v);
    return true;
}

/* Every band into the flow, and copies of the header's bands for the pages the table
 * continues on (their footnotes are the first copies' only). */
static bool emit_bands(tl_ctx *C, vb_flow *F, double space_before, vb_arena *work)
{
    vb_typesetter *T = C->T;
    vb_pb_table *pt = vb_arena_calloc(C->lines, 1, sizeof *pt);
    size_t *cursor = vb_arena_calloc(work, C->ncells + 1, sizeof *cursor);
    size_t nhead = C->row_first[C->nhead];
    vb_vline *head = nhead ? vb_arena_calloc(C->lines, nhead, sizeof *head) : NULL;
    if (!pt || !cursor || (nhead && !head) ||
        !VB_VEC_RESERVE(&T->failed, C->lines, F->lines, F->lines.n + C->nbands))
        return false;
    double *x = vb_arena_calloc(C->lines, C->ncols + 1, sizeof *x);
    bool *starts = vb_arena_calloc(C->lines, C->nrows * C->ncols, sizeof *starts);
    if (!x || !starts)
        return false;
    memcpy(x, C->x, (C->ncols + 1) * sizeof *x);
    for (size_t k = 0; k < C->ncells; k++)
        for (int dr = 0; dr < C->cells[k].rowspan; dr++)
            starts[(C->cells[k].row + (size_t)dr) * C->ncols + (size_t)C->cells[k].col] = true;
    *pt = (vb_pb_table){head, nhead, C->x[0], C->x[C->ncols], C->rule, x, C->ncols, starts};
    for (size_t b = 0; b < C->nbands; b++) {
        vb_vline v;
        if (!band_line(C, b, cursor, pt, &v))
            return false;
        if (b == 0)
            v.space_before = space_before;
        if (b < nhead) {
            head[b] = v;
            head[b].space_before = 0;
            head[b].notes = NULL;
            head[b].nnotes = 0;
        }
        F->lines.v[F->lines.n++] = v;
    }
    return true;
}

/* ------------------------------------------------------------------ the table */

/* The caption above the table: bold, centred, kept with it. */
static void caption(vb_typesetter *T, vb_flow *F, const vb_table *t, double left, double width)
{
    if (!t->title_rich.count)
        return;
    vb_word_vec w = {0};
    vb_ts_words_from_runs(T, t->title_rich.runs, t->title_rich.count, VB_STYLE_BOLD, F->size,
                          &w);
    vb_para_style ps = {0};
    ps.centred = ps.keep_all = true;
    ps.centre_x = left + width / 2;
    ps.max_width = width;
    ps.space_before = F->para_space;
    vb_flow_paragraph(T, F, &w, &ps, t->title.pos);
    vb_arena_reset(T->tmp);
}

/* The cells set into the work arena (their lines are copied into the bands). */
static bool set_cells(tl_ctx *C, vb_arena *work)
{
    vb_typesetter *T = C->T;
    T->lines = work;
    for (size_t k = 0; k < C->ncells && !T->failed; k++)
        set_cell(C, &C->cells[k]);
    T->lines = C->lines;
    return !T->failed;
}

static bool build(tl_ctx *C, vb_flow *F, double left, double width, vb_arena *work)
{
    vb_typesetter *T = C->T;
    const vb_table *t = C->t;
    double base = t->font_size > 0 ? t->font_size : F->size >= 14 ? 13 : 12;
    set_size(C, base);
    C->x = vb_arena_calloc(work, C->ncols + 1, sizeof *C->x);
    if (!C->x || !collect_cells(C, work))
        return !(T->failed = true);
    C->base = base;
    measure_cells(C, work);
    if (T->failed || !choose_widths(C, base, left, width, work))
        return false;
    caption(T, F, t, left, width);
    /* Under a caption, as under a paragraph: its descenders clear of the top rule. */
    double space_before = F->para_space;
    if (F->pending_space > 0 && !t->title_rich.count) {
        space_before += F->pending_space;
        F->pending_space = 0;
    }
    if (T->failed || !set_cells(C, work) || !make_bands(C, work))
        return !(T->failed = true);
    for (size_t k = 0; k < C->ncells; k++)
        if (!place_cell(C, &C->cells[k], work))
            return !(T->failed = true);
    if (!emit_bands(C, F, space_before, work))
        return !(T->failed = true);
    return true;
}

bool vb_table_flow(vb_typesetter *T, vb_flow *F, const vb_table *t, double left, double width)
{
    if (!t || !t->ncolumns || t->nheader + t->nrows == 0 || T->failed)
        return !T->failed;
    vb_arena *work = vb_arena_new();
    if (!work) {
        T->failed = true;
        return false;
    }
    tl_ctx C = {0};
    C.T = T;
    C.lines = T->lines;
    C.t = t;
    C.ncols = t->ncolumns;
    C.nhead = t->nheader;
    C.nrows = t->nheader + t->nrows;
    C.pad_x = VB_MM_TO_PT(vb_nd30.table_pad_x_mm);
    C.pad_y = vb_nd30.table_pad_y;
    C.rule = vb_nd30.table_rule_width;
    double saved_left = T->left, saved_measure = T->measure;
    bool ok = build(&C, F, left, width, work);
    T->left = saved_left;
    T->measure = saved_measure;
    T->lines = C.lines;
    vb_arena_free(work);
    return ok;
}
