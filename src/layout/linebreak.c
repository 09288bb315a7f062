/* Total-fit line breaking after Knuth & Plass, "Breaking Paragraphs into Lines" (1981).
 *
 * Choosing where lines end is a shortest-path problem: breakpoints are the nodes, each
 * possible line is an edge weighted by its demerits, and the paragraph wants the cheapest
 * path from its start to its end. We sweep the breakpoints left to right keeping only the
 * "active" ones: breaks a line can still start from, because a line from them to the
 * sweep position is not yet overfull. Widths, stretch and shrink are kept as running sums,
 * so each (active break, candidate break) pair costs O(1) and the whole sweep is
 * O(items x active breaks), with active breaks bounded by what fits on one line.
 *
 * Two breaks at the same position are still different states when what follows them
 * differs: the next line's measure (it depends on the line number while line widths
 * differ) and the fitness class of the line just set (it decides the fitness-jump
 * demerits of the next line). Breaks are therefore kept per (position, width slot,
 * fitness class); once all remaining lines share one measure, every line number maps to
 * the same slot and the breaks merge by fitness class alone.
 *
 * Passes: the first accepts only lines whose adjustment ratio is at most the tolerance.
 * If no path exists under it, a final pass accepts any line that fits at full shrink,
 * and, where even the shortest line possible from a break (up to the next legal break)
 * is too wide, that line as well, drawn at natural width. The final pass always reaches
 * the end, so breaking never fails. */
#include "layout/linebreak.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>

/* Fitness classes in the order of Knuth & Plass, so that "differ by more than one" is a
 * plain distance. */
enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT, FIT_CLASSES };

/* The items the breakers read: an array of vb_lb_item, or of records that begin with one (a
 * layout word carries its box, so a paragraph needs no second array of them). */
typedef struct {
    const unsigned char *base;
    size_t stride;
} lb_items;

static inline const vb_lb_item *AT(lb_items items, size_t k)
{
    return (const vb_lb_item *)(const void *)(items.base + k * items.stride);
}

#define DEFAULT_TOLERANCE 2.0
#define DEFAULT_LINE_PENALTY 10.0

/* Added when adjacent lines' fitness classes are more than one apart: a tight line next
 * to a loose one is what the eye catches as uneven grey. With the default line penalty a
 * decent line costs 100 to 500 demerits and one at ratio 0.77 about 3000, so a jump is
 * worth one clearly loose line: enough to steer between otherwise close choices, not
 * enough to loosen several lines to avoid it. The paragraph's start counts as decent. */
#define FITNESS_JUMP_DEMERITS 3000.0

/* The worst badness a line can have: that of ratio 21.5. A line that cannot be justified
 * at all (underfull with no stretch, e.g. word pieces joined by zero glue, or the overfull
 * line the final pass keeps because nothing shorter can start there) gets it, as the limit
 * of ever smaller stretch; lines stretched further are capped at it, so that among such
 * lines the fewest win rather than the most evenly absurd. Keeping squared badness near
 * 1e12 also keeps the rest of the paragraph visible in the sums: a larger cap would swamp
 * every ordinary line's demerits in rounding once one forced bad line is on every path. */
#define BADNESS_INFINITE 1e6

/* How many break records to allocate from the arena at a time. */
#define BREAK_BLOCK 1024

/* What the running sums and the line metrics agree on as "equal": widths are sums of
 * many doubles, so exact comparisons would make a box exactly the measure overfull by
 * rounding. Generous next to the rounding of the running sums over a whole paragraph
 * (a few ulp of its total width per line), invisible next to a point. */
static double comparison_slack(lb_items items, size_t n)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += fabs(AT(items, i)->width) + fabs(AT(items, i)->glue);
    return 1e-9 + 64 * DBL_EPSILON * total;
}

/* Widths of a line [start, end): boxes plus the glue between them, not the glue at the
 * break. */
typedef struct {
    double natural, stretch, shrink;
} line_extent;

static line_extent measure_line(lb_items items, size_t start, size_t end)
{
    line_extent e = {0, 0, 0};
    for (size_t i = start; i < end; i++) {
        e.natural += AT(items, i)->width;
        if (i + 1 < end) {
            e.natural += AT(items, i)->glue;
            e.stretch += AT(items, i)->stretch;
            e.shrink += AT(items, i)->shrink;
        }
    }
    return e;
}

typedef struct {
    double adjustment; /* the ratio that justifies the line: +inf if it cannot stretch */
    double ratio;      /* the ratio to draw it at: adjustment, or 0 where that is not finite */
    double badness;
    int fitness;
    bool overfull;     /* wider than the measure even at full shrink */
} line_fit;

static line_fit fit_line(line_extent e, double measure, bool last, double slack)
{
    line_fit fit = {0, 0, 0, FIT_DECENT, false};
    double room = measure - e.natural;
    if (e.natural - e.shrink > measure + slack) {
        fit.overfull = true;
        fit.adjustment = -INFINITY;
        fit.badness = BADNESS_INFINITE;
        fit.fitness = FIT_TIGHT;
        return fit;
    }
    if (room < -slack)
        /* Not overfull, so shrink > 0 here; the slack can push the ratio just past -1. */
        fit.adjustment = fmax(room / e.shrink, -1.0);
    else if (room <= slack || last)
        fit.adjustment = 0; /* the last line's fill takes up any room */
    else if (e.stretch > 0)
        fit.adjustment = room / e.stretch;
    else
        fit.adjustment = INFINITY;

    double r = fabs(fit.adjustment);
    fit.badness = fmin(100 * r * r * r, BADNESS_INFINITE);
    if (isfinite(fit.adjustment))
        fit.ratio = fit.adjustment;
    if (fit.adjustment > 1)
        fit.fitness = FIT_VERY_LOOSE;
    else if (fit.adjustment > 0.5)
        fit.fitness = FIT_LOOSE;
    else if (fit.adjustment >= -0.5)
        fit.fitness = FIT_DECENT;
    else
        fit.fitness = FIT_TIGHT;
    return fit;
}

static double line_demerits(const line_fit *fit, double penalty, int previous_fitness,
                            double line_penalty)
{
    double d = line_penalty + fit->badness;
    d *= d;
    d += penalty >= 0 ? penalty * penalty : -penalty * penalty;
    int jump = fit->fitness - previous_fitness;
    if (jump > 1 || jump < -1)
        d += FITNESS_JUMP_DEMERITS;
    return d;
}

/* Lines past the given widths all use the last one, so trailing repeats add no state. */
static size_t count_width_slots(const double *line_widths, size_t n_widths)
{
    while (n_widths > 1 && line_widths[n_widths - 1] == line_widths[n_widths - 2])
        n_widths--;
    return n_widths;
}

static size_t width_slot(size_t line, size_t n_slots)
{
    return line < n_slots ? line : n_slots - 1;
}

static const double unbounded_measure = INFINITY;

/* The checks both breakers start with; false when there is nothing to break. Missing
 * widths leave nothing to measure against: the paragraph becomes one unbounded line. */
static bool prepare_breaking(lb_items items, size_t n, const double **line_widths,
                             size_t *n_widths, vb_arena *arena, vb_lb_line **lines)
{
    if (lines)
        *lines = NULL;
    if (n == 0 || !items.base || !arena || !lines)
        return false;
    if (!*line_widths || *n_widths == 0) {
        *line_widths = &unbounded_measure;
        *n_widths = 1;
    }
    return true;
}

static bool is_legal_break(lb_items items, size_t n, size_t position)
{
    return position == n || AT(items, position - 1)->penalty < VB_LB_NO_BREAK;
}

static void describe_line(lb_items items, size_t start, size_t end, double measure,
                          bool last, double slack, vb_lb_line *line)
{
    line_extent e = measure_line(items, start, end);
    line_fit fit = fit_line(e, measure, last, slack);
    line->start = start;
    line->end = end;
    line->ratio = fit.ratio;
    line->width = e.natural;
}

/* ---- total fit ---- */

/* A chosen break, kept until the end for tracing the best path back. */
typedef struct lb_break {
    const struct lb_break *previous;
    size_t position; /* the next line starts at this item */
} lb_break;

/* A break lines can still start from, with what scoring them needs. */
typedef struct {
    const lb_break *brk;
    double total_demerits;
    double width_before, stretch_before, shrink_before; /* running sums up to position */
    size_t slot;
    int fitness; /* of the line ending at this break */
} lb_active;

/* The best way found so far to reach the current position in one (slot, fitness) state. */
typedef struct {
    size_t stamp; /* the break it belongs to; older entries are stale */
    double total_demerits;
    const lb_break *from;
} lb_candidate;

typedef struct {
    lb_items items;
    size_t n;
    const double *line_widths;
    size_t n_slots;
    double line_penalty;
    double slack;
    vb_arena *arena;
    bool out_of_memory;

    lb_break *spare_breaks;
    size_t n_spare_breaks;

    lb_active *active;
    size_t n_active, active_capacity;

    lb_candidate *candidates; /* n_slots x FIT_CLASSES */
    size_t *touched_slots;    /* slots with a fresh candidate at this break */
    size_t n_touched;
    size_t stamp;
} lb_breaker;

static const lb_break *record_break(lb_breaker *bk, const lb_break *previous, size_t position)
{
    if (bk->n_spare_breaks == 0) {
        /* A short paragraph needs a few dozen records: the first block is sized to it. */
        size_t block = bk->spare_breaks ? BREAK_BLOCK : 2 * bk->n + 16;
        if (block > BREAK_BLOCK)
            block = BREAK_BLOCK;
        /* Each record is written whole when taken: no need to clear the block. */
        bk->spare_breaks = vb_arena_array(bk->arena, block, sizeof *bk->spare_breaks);
        if (!bk->spare_breaks) {
            bk->out_of_memory = true;
            return NULL;
        }
        bk->n_spare_breaks = block;
    }
    lb_break *b = bk->spare_breaks++;
    bk->n_spare_breaks--;
    b->previous = previous;
    b->position = position;
    return b;
}

static bool push_active(lb_breaker *bk, const lb_active *a)
{
    if (bk->n_active == bk->active_capacity) {
        size_t capacity = bk->active_capacity ? 2 * bk->active_capacity : 64;
        lb_active *grown = vb_arena_grow(bk->arena, bk->active,
                                         bk->n_active * sizeof *grown, capacity * sizeof *grown);
        if (!grown) {
            bk->out_of_memory = true;
            return false;
        }
        bk->active = grown;
        bk->active_capacity = capacity;
    }
    bk->active[bk->n_active++] = *a;
    return true;
}

static void offer(lb_breaker *bk, size_t slot, int fitness, double total_demerits,
                  const lb_break *from)
{
    lb_candidate *c = &bk->candidates[slot * FIT_CLASSES + (size_t)fitness];
    bool slot_seen = false;
    for (int f = 0; f < FIT_CLASSES && !slot_seen; f++)
        slot_seen = bk->candidates[slot * FIT_CLASSES + (size_t)f].stamp == bk->stamp;
    if (!slot_seen)
        bk->touched_slots[bk->n_touched++] = slot;
    if (c->stamp != bk->stamp || total_demerits < c->total_demerits) {
        c->stamp = bk->stamp;
        c->total_demerits = total_demerits;
        c->from = from;
    }
}

/* Turns this break's candidates into active breaks. Within one slot, a fitness class
 * whose demerits exceed the slot's best by more than a fitness jump can never win: the
 * only later cost that differs between them is that jump. */
static bool activate_candidates(lb_breaker *bk, size_t position, double width_before,
                                double stretch_before, double shrink_before)
{
    for (size_t t = 0; t < bk->n_touched; t++) {
        size_t slot = bk->touched_slots[t];
        lb_candidate *row = &bk->candidates[slot * FIT_CLASSES];
        double best = INFINITY;
        for (int f = 0; f < FIT_CLASSES; f++)
            if (row[f].stamp == bk->stamp && row[f].total_demerits < best)
                best = row[f].total_demerits;
        for (int f = 0; f < FIT_CLASSES; f++) {
            if (row[f].stamp != bk->stamp || row[f].total_demerits > best + FITNESS_JUMP_DEMERITS)
                continue;
            const lb_break *brk = record_break(bk, row[f].from, position);
            lb_active a = {brk, row[f].total_demerits, width_before, stretch_before,
                           shrink_before, slot, f};
            if (!brk || !push_active(bk, &a))
                return false;
        }
    }
    return true;
}

static const lb_break *best_finish(lb_breaker *bk)
{
    const lb_candidate *best = NULL;
    for (size_t t = 0; t < bk->n_touched; t++) {
        const lb_candidate *row = &bk->candidates[bk->touched_slots[t] * FIT_CLASSES];
        for (int f = 0; f < FIT_CLASSES; f++)
            if (row[f].stamp == bk->stamp &&
                (!best || row[f].total_demerits < best->total_demerits))
                best = &row[f];
    }
    return best ? record_break(bk, best->from, bk->n) : NULL;
}

/* One sweep over the paragraph. Returns the break at its end on the best path, or NULL
 * when no path meets this pass's rules (or memory ran out). */
/* Keeps active i, moving it down over those dropped before it (in place when none was). */
static inline void keep_active(lb_breaker *bk, size_t *kept, size_t i)
{
    if (*kept != i)
        bk->active[*kept] = bk->active[i];
    ++*kept;
}

static const lb_break *run_pass(lb_breaker *bk, bool final_pass, double tolerance)
{
    bk->n_active = 0;
    const lb_break *start = record_break(bk, NULL, 0);
    lb_active first = {start, 0, 0, 0, 0, 0, FIT_DECENT};
    if (!start || !push_active(bk, &first))
        return NULL;

    double width_sum = 0, stretch_sum = 0, shrink_sum = 0;
    size_t previous_legal = 0; /* a line from here to the next legal break is the shortest */
    for (size_t k = 0; k < bk->n; k++) {
        const vb_lb_item *item = AT(bk->items, k);
        width_sum += item->width + item->glue;
        stretch_sum += item->stretch;
        shrink_sum += item->shrink;
        size_t position = k + 1;
        if (!is_legal_break(bk->items, bk->n, position))
            continue;
        bool last = position == bk->n;
        double penalty = last ? 0 : item->penalty;

        bk->stamp++;
        bk->n_touched = 0;
        size_t kept = 0;
        /* Read once: the stores that keep actives could alias them for the compiler. */
        const double glue = item->glue, stretch = item->stretch, shrink = item->shrink,
                     slack = bk->slack;
        const bool may_skip = !final_pass && !last;
        for (size_t i = 0; i < bk->n_active; i++) {
            /* Read in place: most actives stay, and copying each out and back was a third of
             * the breaker's time. */
            const lb_active *a = &bk->active[i];
            double natural = width_sum - a->width_before - glue;
            double line_stretch = stretch_sum - a->stretch_before - stretch;
            double measure = bk->line_widths[a->slot];
            /* Most active breaks are still too far back for a line to reach the measure
             * within the tolerance: they stay active, and scoring them is wasted work. */
            if (may_skip && natural + tolerance * line_stretch < measure - slack) {
                keep_active(bk, &kept, i);
                continue;
            }
            line_extent e = {natural, line_stretch, shrink_sum - a->shrink_before - shrink};
            line_fit fit = fit_line(e, measure, last, slack);
            bool feasible;
            if (fit.overfull) {
                /* Every longer line from a is overfull too: a is done. */
                feasible = final_pass && a->brk->position == previous_legal;
            } else {
                feasible = final_pass || fit.adjustment <= tolerance;
                keep_active(bk, &kept, i);
            }
            if (feasible)
                offer(bk, width_slot(a->slot + 1, bk->n_slots), fit.fitness,
                      a->total_demerits +
                          line_demerits(&fit, penalty, a->fitness, bk->line_penalty),
                      a->brk);
        }
        bk->n_active = kept;

        if (last)
            return best_finish(bk);
        if (!activate_candidates(bk, position, width_sum, stretch_sum, shrink_sum))
            return NULL;
        if (bk->n_active == 0)
            return NULL;
        previous_legal = position;
    }
    return NULL;
}

size_t vb_break_lines(const vb_lb_item *items, size_t n, const double *line_widths,
                      size_t n_widths, const vb_lb_params *params, vb_arena *arena,
                      vb_lb_line **lines)
{
    return vb_break_lines_strided(items, sizeof *items, n, line_widths, n_widths, params, arena,
                                  lines);
}

size_t vb_break_lines_strided(const void *first, size_t stride, size_t n,
                              const double *line_widths, size_t n_widths,
                              const vb_lb_params *params, vb_arena *arena, vb_lb_line **lines)
{
    lb_items items = {first, stride};
    if (!prepare_breaking(items, n, &line_widths, &n_widths, arena, lines))
        return 0;

    lb_breaker bk = {0};
    bk.items = items;
    bk.n = n;
    bk.line_widths = line_widths;
    bk.n_slots = count_width_slots(line_widths, n_widths);
    bk.line_penalty = params ? params->line_penalty : DEFAULT_LINE_PENALTY;
    bk.slack = comparison_slack(items, n);
    bk.arena = arena;
    bk.candidates = vb_arena_calloc(arena, bk.n_slots * FIT_CLASSES, sizeof *bk.candidates);
    bk.touched_slots = vb_arena_calloc(arena, bk.n_slots, sizeof *bk.touched_slots);
    if (!bk.candidates || !bk.touched_slots)
        return 0;

    double tolerance = params ? params->tolerance : DEFAULT_TOLERANCE;
    const lb_break *end = run_pass(&bk, false, tolerance);
    if (!end && !bk.out_of_memory)
        end = run_pass(&bk, true, INFINITY);
    if (!end)
        return 0; /* out of memory: the final pass itself always reaches the end */

    size_t count = 0;
    for (const lb_break *b = end; b->previous; b = b->previous)
        count++;
    vb_lb_line *out = vb_arena_calloc(arena, count, sizeof *out);
    if (!out)
        return 0;
    size_t index = count;
    for (const lb_break *b = end; b->previous; b = b->previous) {
        index--;
        describe_line(items, b->previous->position, b->position,
                      line_widths[width_slot(index, bk.n_slots)], index + 1 == count, bk.slack,
                      &out[index]);
    }
    *lines = out;
    return count;
}

/* ---- first fit ---- */

size_t vb_break_lines_greedy(const vb_lb_item *items, size_t n, const double *line_widths,
                             size_t n_widths, vb_arena *arena, vb_lb_line **lines)
{
    return vb_break_lines_greedy_strided(items, sizeof *items, n, line_widths, n_widths, arena,
                                         lines);
}

size_t vb_break_lines_greedy_strided(const void *first, size_t stride, size_t n,
                                     const double *line_widths, size_t n_widths, vb_arena *arena,
                                     vb_lb_line **lines)
{
    lb_items items = {first, stride};
    if (!prepare_breaking(items, n, &line_widths, &n_widths, arena, lines))
        return 0;
    size_t n_slots = count_width_slots(line_widths, n_widths);
    double slack = comparison_slack(items, n);

    vb_lb_line *out = NULL;
    size_t count = 0, capacity = 0;
    size_t start = 0;
    while (start < n) {
        double measure = line_widths[width_slot(count, n_slots)];
        /* Extend the line while it fits at full shrink, remembering the last legal end. */
        double natural = 0, shrink = 0;
        size_t end = 0;
        for (size_t k = start; k < n; k++) {
            if (k > start) {
                natural += AT(items, k - 1)->glue;
                shrink += AT(items, k - 1)->shrink;
            }
            natural += AT(items, k)->width;
            if (natural - shrink > measure + slack)
                break;
            if (is_legal_break(items, n, k + 1))
                end = k + 1;
        }
        if (end == 0) {
            /* Even the shortest line from here is too wide: set it alone. */
            end = start + 1;
            while (!is_legal_break(items, n, end))
                end++;
        }
        if (count == capacity) {
            capacity = capacity ? 2 * capacity : 16;
            vb_lb_line *grown = vb_arena_grow(arena, out, count * sizeof *out,
                                              capacity * sizeof *out);
            if (!grown)
                return 0;
            out = grown;
        }
        describe_line(items, start, end, measure, end == n, slack, &out[count++]);
        start = end;
    }
    *lines = out;
    return count;
}

/* ---- scoring ---- */

double vb_lb_demerits(const vb_lb_item *first, const vb_lb_line *lines, size_t nlines,
                      const double *line_widths, size_t n_widths, const vb_lb_params *params)
{
    lb_items items = {(const unsigned char *)first, sizeof *first};
    if (nlines == 0 || !first || !lines)
        return 0;
    if (!line_widths || n_widths == 0) {
        line_widths = &unbounded_measure;
        n_widths = 1;
    }
    size_t n_slots = count_width_slots(line_widths, n_widths);
    double line_penalty = params ? params->line_penalty : DEFAULT_LINE_PENALTY;
    /* The same slack as the breakers, which see the same items [0, end of last line). */
    double slack = comparison_slack(items, lines[nlines - 1].end);

    double total = 0;
    int previous_fitness = FIT_DECENT;
    for (size_t i = 0; i < nlines; i++) {
        bool last = i + 1 == nlines;
        line_extent e = measure_line(items, lines[i].start, lines[i].end);
        line_fit fit = fit_line(e, line_widths[width_slot(i, n_slots)], last, slack);
        double penalty = last || lines[i].end == 0 ? 0 : AT(items, lines[i].end - 1)->penalty;
        total += line_demerits(&fit, penalty, previous_fitness, line_penalty);
        previous_fitness = fit.fitness;
    }
    return total;
}
