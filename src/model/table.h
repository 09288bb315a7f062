/* The table (bang) of the model: columns, header rows, body rows and cells with spans, as the
 * content says them. Included by model.h; a table is the body node VB_NODE_TABLE.
 *
 * The grid: every row, header or body, covers all columns once its spans are counted, with the
 * cells of earlier rows that reach down (gop_dong) taking their columns first, as in HTML. The
 * loader checks this and resolves each cell's first column (vb_table_cell.column). When the
 * table's STT column is generated (stt set), column 0 is that column: body rows do not write
 * its cell (the loader refuses a typed one), header rows do ("STT"). */
#ifndef VB_MODEL_TABLE_H
#define VB_MODEL_TABLE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    VB_ALIGN_DEFAULT, /* a cell: its column's; a column: centred when every body cell of it is
                         a number as written ("25.898", "90,58%", "12/15"), else left */
    VB_ALIGN_LEFT,    /* trai */
    VB_ALIGN_CENTRE,  /* giua */
    VB_ALIGN_RIGHT,   /* phai */
    VB_ALIGN_JUSTIFY, /* deu: justified like the body, last line left */
} vb_align;

typedef enum {
    VB_WIDTH_AUTO,     /* tu-dong, or not given: from the content's minimum and maximum widths */
    VB_WIDTH_MM,       /* a number: millimetres */
    VB_WIDTH_RELATIVE, /* {ti_le: N}: a share of what the fixed columns leave */
} vb_width_kind;

typedef struct {
    vb_width_kind width_kind;
    double width; /* mm, or the share; 0 for auto */
    vb_align align;
    vb_pos pos;
} vb_table_column;

typedef struct {
    vb_str *paragraphs; /* one or more, raw with inline marks; an empty cell has one "" */
    size_t nparagraphs;
    int colspan, rowspan; /* gop_cot, gop_dong: 1 when not given */
    vb_align align;       /* can: VB_ALIGN_DEFAULT = the column's (header cells: centred) */
    vb_pos pos;
    int column;           /* loaded: the first column it occupies, 0-based */
    /* prepared */
    vb_rich *rich;        /* nparagraphs */
} vb_table_cell;

typedef enum {
    VB_ROW_NORMAL,
    VB_ROW_GROUP, /* nhom: a group heading, bold, its text spanning every column after STT;
                     with stt: nhom its STT is the next Roman numeral and Arabic numbers
                     restart under it */
    VB_ROW_TOTAL, /* tong: bold; its first cell spans the STT column and the next */
} vb_row_kind;

typedef struct {
    vb_row_kind kind;
    int level;          /* cap: 1.. for stt: phan-cap ("1.", "2.1.", "3.3.1."); 1 otherwise */
    bool keep_together; /* giu_nguyen: moves whole to the next page rather than split */
    bool shaded;        /* to_nen */
    vb_table_cell *cells;
    size_t ncells;
    vb_pos pos;
    /* prepared */
    const char *stt;    /* the generated STT cell's text, NULL when none (header rows, totals) */
    vb_style stt_style; /* phan-cap: top level bold, lowest of several levels italic */
} vb_table_row;

typedef enum {
    VB_STT_NONE,         /* no generated STT column (a typed one is the content's own) */
    VB_STT_HIERARCHICAL, /* phan-cap: "1.", "2.1.", "3.3.1." by the rows' cap */
    VB_STT_GROUPED,      /* nhom: Roman group rows, Arabic numbers restarting in each group */
} vb_stt_kind;

typedef struct {
    vb_str title;       /* tieu_de: caption above the table, bold, centred; text NULL if none */
    vb_table_column *columns;
    size_t ncolumns;
    vb_table_row *header; /* dau: header rows, bold and centred, repeated on every page */
    size_t nheader;
    vb_table_row *rows;   /* dong */
    size_t nrows;
    vb_stt_kind stt;
    double font_size;   /* co_chu: 11–14; 0 = the default (13 with a body of 14, else 12) */
    bool may_shrink;    /* thu_nho: may go down to 11 pt when the columns do not fit */
    vb_pos pos;
    /* prepared */
    vb_rich title_rich;
} vb_table;

#endif
