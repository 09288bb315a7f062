/* Tables (bang): column widths, cells set like body text, rows cut into bands for the pages. */
#ifndef VB_LAYOUT_TABLE_H
#define VB_LAYOUT_TABLE_H
#include <stdbool.h>
#include <stddef.h>

#include "layout/typeset.h"
#include "model/model.h"

/* Widths in pt of n columns into avail pt, from their kinds and each column's content extents
 * min (its longest word) and max (its widest paragraph unbroken), in pt with the padding: mm
 * columns as given; every other column first between its minimum and maximum, the same
 * fraction of the way for all, as HTML's automatic table layout does; automatic ones keep that
 * width (taking what is left when no column is relative: the table fills the frame, as Word's
 * "fit to window"), relative ones share what the others leave, each at least its minimum.
 * Returns the narrowest the table can be; widths are set only when that fits. */
double vb_table_widths(const vb_table_column *cols, size_t n, const double *min,
                       const double *max, double avail, double *widths);

/* The table's caption and its rows, cut into bands of one line of text each, appended to the
 * body's vertical list, in the frame [left, left + width] (the text area, or a landscape
 * page's). False when it does not fit (an error at the table's line:column) or out of memory
 * (T->failed). */
bool vb_table_flow(vb_typesetter *T, vb_flow *F, const vb_table *t, double left, double width);

#endif
