/* STUB — replaced by the line breaker. */
#include "linebreak.h"
size_t vb_break_lines(const vb_lb_item *items, size_t n, const double *line_widths,
                      size_t n_widths, const vb_lb_params *params, vb_arena *arena,
                      vb_lb_line **lines) { return 0; }
size_t vb_break_lines_greedy(const vb_lb_item *items, size_t n, const double *line_widths,
                             size_t n_widths, vb_arena *arena, vb_lb_line **lines) { return 0; }
double vb_lb_demerits(const vb_lb_item *items, const vb_lb_line *lines, size_t nlines,
                      const double *line_widths, size_t n_widths, const vb_lb_params *params)
{ return 0; }
