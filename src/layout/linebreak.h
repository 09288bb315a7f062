/* Total-fit line breaking (Knuth & Plass 1981) over inter-word glue. Pure arithmetic: knows
 * nothing of fonts or text. Layout turns a paragraph into items and places each word itself. */
#ifndef VB_LINEBREAK_H
#define VB_LINEBREAK_H
#include <stddef.h>
#include "common/arena.h"

/* One box (a word, or a piece of a word too long for the line) followed by the glue after it.
 * The break opportunity is at that glue: breaking there drops the glue. */
typedef struct {
    double width;     /* box width, pt */
    double glue;      /* natural glue width after the box, pt (0 between pieces of one word) */
    double stretch;   /* how much the glue may grow, pt (at adjustment ratio 1) */
    double shrink;    /* how much it may shrink, pt (never beyond it) */
    double penalty;   /* cost of breaking after this item; VB_LB_NO_BREAK forbids it (e.g. NBSP,
                         a footnote call glued to its word); the last item's value is ignored */
} vb_lb_item;

#define VB_LB_NO_BREAK 1e9

typedef struct {
    size_t start, end;  /* items [start, end) are on this line */
    double ratio;       /* adjustment ratio r: glue i is drawn glue + r*stretch (r >= 0) or
                           glue + r*shrink (r < 0); 0 on the last line (ragged, natural spaces) */
    double width;       /* natural width of the line (boxes + inner glue) */
} vb_lb_line;

typedef struct {
    double tolerance;    /* largest acceptable ratio in the first pass (TeX: 2) */
    double line_penalty; /* added to each line's badness (TeX: 10) */
} vb_lb_params;

/* line_widths[i] is the measure of line i; lines past n_widths use the last one (so a
 * first-line indent is line_widths = {measure - indent, measure}). Every box must be at most
 * the measure of any line it could land on (layout splits longer words first).
 * Returns the number of lines (>= 1 when n > 0) with *lines allocated in the arena, or 0 for
 * no items. Never fails: when no break meets the tolerance, a second pass accepts any
 * stretch, and the result never puts a line's natural-minus-shrink width above its measure. */
size_t vb_break_lines(const vb_lb_item *items, size_t n, const double *line_widths,
                      size_t n_widths, const vb_lb_params *params, vb_arena *arena,
                      vb_lb_line **lines);

/* The same over n records of stride bytes each, each beginning with its vb_lb_item. */
size_t vb_break_lines_strided(const void *first, size_t stride, size_t n,
                              const double *line_widths, size_t n_widths,
                              const vb_lb_params *params, vb_arena *arena, vb_lb_line **lines);

/* The same with first-fit breaking, for comparison in tests. */
size_t vb_break_lines_greedy(const vb_lb_item *items, size_t n, const double *line_widths,
                             size_t n_widths, vb_arena *arena, vb_lb_line **lines);
size_t vb_break_lines_greedy_strided(const void *first, size_t stride, size_t n,
                                     const double *line_widths, size_t n_widths, vb_arena *arena,
                                     vb_lb_line **lines);

/* Total demerits of a set of lines under params (for tests comparing breakers). */
double vb_lb_demerits(const vb_lb_item *items, const vb_lb_line *lines, size_t nlines,
                      const double *line_widths, size_t n_widths, const vb_lb_params *params);

#endif
