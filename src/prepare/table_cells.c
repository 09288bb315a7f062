/* A table's prepared fields: every cell and the caption as runs, the generated STT texts and styles, and the columns' default alignment. */
#include <stdio.h>
#include <string.h>

#include "prepare/prep.h"

#define MAX_STT_LEVELS 9

static void prepare_cells(prep *p, vb_table_row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t i = 0; i < rows[r].ncells; i++) {
            vb_table_cell *cell = &rows[r].cells[i];
            cell->rich = vb_arena_calloc(p->arena, cell->nparagraphs ? cell->nparagraphs : 1,
                                         sizeof *cell->rich);
            for (size_t k = 0; cell->rich && k < cell->nparagraphs; k++)
                prep_parse_rich(p, cell->paragraphs[k].text, cell->paragraphs[k].pos,
                                "noi_dung.bang", &cell->rich[k]);
        }
    }
}

/* "1.", "2.1.", "3.3.1.": the row's level and the counts above it. */
static const char *hierarchical_number(prep *p, const int *counts, int level)
{
    char buf[MAX_STT_LEVELS * 12 + 1] = "";
    size_t len = 0;
    for (int k = 1; k <= level; k++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%d.", counts[k]);
    return vb_arena_strdup(p->arena, buf);
}

/* phan-cap: the top level bold and the lowest italic, when the table has more than one. */
static void number_hierarchically(prep *p, vb_table *t)
{
    int counts[MAX_STT_LEVELS + 2] = {0}, deepest = 1;
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].kind == VB_ROW_NORMAL && t->rows[r].level > deepest)
            deepest = t->rows[r].level;
    for (size_t r = 0; r < t->nrows; r++) {
        vb_table_row *row = &t->rows[r];
        int level = row->level < 1 ? 1 : row->level > MAX_STT_LEVELS ? MAX_STT_LEVELS : row->level;
        if (row->kind != VB_ROW_NORMAL)
            continue;
        counts[level]++;
        for (int k = level + 1; k <= MAX_STT_LEVELS; k++)
            counts[k] = 0;
        row->stt = hierarchical_number(p, counts, level);
        row->stt_style = deepest == 1      ? VB_STYLE_REGULAR
                         : level == 1      ? VB_STYLE_BOLD
                         : level == deepest ? VB_STYLE_ITALIC
                                           : VB_STYLE_REGULAR;
    }
}

/* nhom: each group row the next Roman numeral, in bold; the rows under it 1, 2, … again. */
static void number_by_groups(prep *p, vb_table *t)
{
    int groups = 0, items = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        vb_table_row *row = &t->rows[r];
        if (row->kind == VB_ROW_GROUP) {
            row->stt = vb_roman(p->arena, ++groups);
            row->stt_style = VB_STYLE_BOLD;
            items = 0;
        } else if (row->kind == VB_ROW_NORMAL) {
            row->stt = vb_arena_printf(p->arena, "%d", ++items);
            row->stt_style = VB_STYLE_REGULAR;
        }
    }
}

/* A figure as the content wrote it: "25.898", "90,58", "93,10%", "862/1.266", "(68,1%)",
 * "+5". 1: a number; 0: nothing to judge by (blank, "-", "x"); -1: words. */
static int judge_text(const char *s)
{
    bool digit = false, other = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr(" .,%/()+-*x", *s))
            other = true;
    }
    return other ? -1 : digit ? 1 : 0;
}

static int judge_cell(const vb_table_cell *cell)
{
    int verdict = 0;
    for (size_t k = 0; k < cell->nparagraphs && verdict >= 0; k++) {
        int v = cell->paragraphs[k].text ? judge_text(cell->paragraphs[k].text) : 0;
        verdict = v < 0 ? -1 : v > 0 ? 1 : verdict;
    }
    return verdict;
}

/* Centred when every body cell of the column that says anything is a number, else left. */
static void default_alignments(vb_table *t)
{
    for (size_t c = 0; c < t->ncolumns; c++) {
        vb_table_column *col = &t->columns[c];
        if (col->align != VB_ALIGN_DEFAULT)
            continue;
        if (c == 0 && t->stt != VB_STT_NONE) {
            col->align = VB_ALIGN_CENTRE;
            continue;
        }
        int verdict = 0;
        for (size_t r = 0; r < t->nrows && verdict >= 0; r++) {
            const vb_table_row *row = &t->rows[r];
            for (size_t i = 0; row->kind == VB_ROW_NORMAL && i < row->ncells; i++) {
                const vb_table_cell *cell = &row->cells[i];
                if ((size_t)cell->column != c || cell->colspan != 1)
                    continue;
                int v = judge_cell(cell);
                verdict = v < 0 ? -1 : v > 0 ? 1 : verdict;
            }
        }
        col->align = verdict > 0 ? VB_ALIGN_CENTRE : VB_ALIGN_LEFT;
    }
}

void prep_bang(prep *p, vb_table *t)
{
    if (!t)
        return;
    prep_parse_rich(p, t->title.text, t->title.pos, "noi_dung.bang.tieu_de", &t->title_rich);
    prepare_cells(p, t->header, t->nheader);
    prepare_cells(p, t->rows, t->nrows);
    if (t->stt == VB_STT_HIERARCHICAL)
        number_hierarchically(p, t);
    else if (t->stt == VB_STT_GROUPED)
        number_by_groups(p, t);
    default_alignments(t);
}
