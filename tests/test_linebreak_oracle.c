/* Total-fit line breaking against a brute-force oracle: every break sequence of small random
 * paragraphs is scored here, from the Knuth-Plass formulas alone, and the library's choice must
 * cost the minimum. The library's own scoring (vb_lb_demerits) is never called: a scorer shared
 * by the breaker and its test would agree with itself whatever it computed. */
#include <math.h>

#include "testutil.h"

#include "common/arena.h"
#include "layout/linebreak.h"

/* The model, as src/layout/linebreak.c documents it (Knuth & Plass 1981):
 * - a line's adjustment ratio r is (measure - natural) / stretch when short, / shrink when long,
 *   0 on the last line unless it is too long; a line with natural - shrink > measure is overfull;
 * - badness 100 |r|^3; fitness classes very loose (r > 1), loose (r > 0.5), decent (r >= -0.5),
 *   tight; the paragraph's start counts as decent;
 * - demerits (line_penalty + badness)^2, plus penalty^2 (minus it for a negative penalty; none
 *   at the paragraph's end), plus FITNESS_JUMP when adjacent classes are more than one apart;
 * - the first pass accepts only lines with r <= tolerance; breaks are legal after an item whose
 *   penalty is below VB_LB_NO_BREAK, and at the end. */
#define FITNESS_JUMP 3000.0
#define MAX_BOXES 12
#define EPS 1e-9

enum { VERY_LOOSE, LOOSE, DECENT, TIGHT };

typedef struct {
    bool feasible;
    double demerits;
    int fitness;
} oracle_line;

static oracle_line score_line(const vb_lb_item *items, size_t start, size_t end, double measure,
                              bool last, int previous_fitness, const vb_lb_params *params)
{
    oracle_line out = {false, 0, DECENT};
    double natural = 0, stretch = 0, shrink = 0;
    for (size_t i = start; i < end; i++) {
        natural += items[i].width;
        if (i + 1 < end) { /* the glue at the break is dropped */
            natural += items[i].glue;
            stretch += items[i].stretch;
            shrink += items[i].shrink;
        }
    }
    if (natural - shrink > measure + EPS)
        return out; /* overfull */
    double r;
    if (natural > measure + EPS)
        r = (measure - natural) / shrink;
    else if (last || natural >= measure - EPS)
        r = 0;
    else if (stretch > 0)
        r = (measure - natural) / stretch;
    else
        return out; /* cannot be justified */
    if (r > params->tolerance)
        return out;
    out.feasible = true;
    out.fitness = r > 1 ? VERY_LOOSE : r > 0.5 ? LOOSE : r >= -0.5 ? DECENT : TIGHT;
    double badness = 100 * fabs(r) * fabs(r) * fabs(r);
    double penalty = last ? 0 : items[end - 1].penalty;
    out.demerits = (params->line_penalty + badness) * (params->line_penalty + badness) +
                   (penalty >= 0 ? penalty * penalty : -penalty * penalty) +
                   (abs(out.fitness - previous_fitness) > 1 ? FITNESS_JUMP : 0);
    return out;
}

/* Total demerits of the lines ending at ends[0..nlines), or INFINITY if one is not allowed. */
static double score_breaks(const vb_lb_item *items, const size_t *ends, size_t nlines,
                           const double *widths, size_t nwidths, const vb_lb_params *params)
{
    double total = 0;
    int fitness = DECENT;
    size_t start = 0;
    for (size_t l = 0; l < nlines; l++) {
        if (ends[l] <= start)
            return INFINITY;
        if (l + 1 < nlines && items[ends[l] - 1].penalty >= VB_LB_NO_BREAK)
            return INFINITY;
        double measure = widths[l < nwidths ? l : nwidths - 1];
        oracle_line line = score_line(items, start, ends[l], measure, l + 1 == nlines, fitness,
                                      params);
        if (!line.feasible)
            return INFINITY;
        total += line.demerits;
        fitness = line.fitness;
        start = ends[l];
    }
    return total;
}

/* The least total demerits over every way to break n items: bit k of mask breaks after item k. */
static double brute_force_minimum(const vb_lb_item *items, size_t n, const double *widths,
                                  size_t nwidths, const vb_lb_params *params)
{
    double best = INFINITY;
    for (unsigned mask = 0; mask < 1u << (n - 1); mask++) {
        size_t ends[MAX_BOXES], nlines = 0;
        for (size_t k = 0; k + 1 < n; k++)
            if (mask & 1u << k)
                ends[nlines++] = k + 1;
        ends[nlines++] = n;
        double d = score_breaks(items, ends, nlines, widths, nwidths, params);
        if (d < best)
            best = d;
    }
    return best;
}

/* ---- random paragraphs, reproducible ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static double uniform(double lo, double hi)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return lo + (hi - lo) * (double)(rng_state >> 11) / (double)(1ull << 53);
}

/* Words of 8-35 pt, spaces of 3-6 pt stretching by half to all of themselves and shrinking by a
 * third (as a justified line's spaces do), now and then a forbidden or a penalised break. */
static size_t random_paragraph(vb_lb_item *items)
{
    size_t n = 2 + (size_t)uniform(0, MAX_BOXES - 1);
    for (size_t i = 0; i < n; i++) {
        double glue = uniform(3, 6);
        double kind = uniform(0, 1);
        items[i] = (vb_lb_item){.width = uniform(8, 35), .glue = glue,
                                .stretch = glue * uniform(0.5, 1),
                                .shrink = glue / 3,
                                .penalty = kind < 0.1 ? VB_LB_NO_BREAK
                                           : kind < 0.2 ? uniform(-100, 100) : 0};
    }
    return n;
}

typedef struct {
    size_t compared;   /* paragraphs where the first pass has an answer */
    size_t multi_line; /* of which set on more than one line */
} oracle_tally;

/* One paragraph: the library's lines must cover the items in order and cost the minimum. */
static void check_paragraph(const vb_lb_item *items, size_t n, const double *widths,
                            size_t nwidths, const vb_lb_params *params, oracle_tally *tally)
{
    double best = brute_force_minimum(items, n, widths, nwidths, params);
    if (!isfinite(best))
        return; /* no first-pass answer: the final pass's rules are another test's */
    vb_arena *arena = vb_arena_new();
    assert_non_null(arena);
    vb_lb_line *lines = NULL;
    size_t nlines = vb_break_lines(items, n, widths, nwidths, params, arena, &lines);
    assert_true(nlines >= 1 && nlines <= n);
    size_t ends[MAX_BOXES];
    for (size_t l = 0; l < nlines; l++) {
        assert_int_equal(lines[l].start, l ? lines[l - 1].end : 0);
        ends[l] = lines[l].end;
    }
    assert_int_equal(ends[nlines - 1], n);
    double got = score_breaks(items, ends, nlines, widths, nwidths, params);
    if (!(fabs(got - best) <= 1e-9 * fmax(1, best))) {
        for (size_t i = 0; i < n; i++)
            print_message("item %zu: width %.6f glue %.6f stretch %.6f shrink %.6f penalty %g\n",
                          i, items[i].width, items[i].glue, items[i].stretch, items[i].shrink,
                          items[i].penalty);
        for (size_t l = 0; l < nlines; l++)
            print_message("line %zu: [%zu, %zu)\n", l, lines[l].start, lines[l].end);
        fail_msg("measure %.6f: the library's breaks cost %.6f, the best possible %.6f",
                 widths[0], got, best);
    }
    tally->compared++;
    tally->multi_line += nlines > 1;
    vb_arena_free(arena);
}

static void run_random_paragraphs(const vb_lb_params *params, bool indented, size_t count)
{
    oracle_tally tally = {0, 0};
    for (size_t p = 0; p < count; p++) {
        vb_lb_item items[MAX_BOXES];
        size_t n = random_paragraph(items);
        double measure = uniform(50, 140);
        double widths[2] = {indented ? measure - uniform(10, 25) : measure, measure};
        check_paragraph(items, n, widths, indented ? 2 : 1, params, &tally);
    }
    print_message("%zu of %zu paragraphs compared with the brute force, %zu of them on several "
                  "lines\n", tally.compared, count, tally.multi_line);
    /* the generator must exercise the breaker, not only one-line paragraphs */
    assert_true(tally.compared >= count / 3);
    assert_true(tally.multi_line >= tally.compared / 3);
}

static void tex_defaults(void **state)
{
    (void)state;
    vb_lb_params params = {.tolerance = 2.0, .line_penalty = 10.0};
    run_random_paragraphs(&params, false, 20000);
}

static void first_line_indent(void **state)
{
    (void)state;
    vb_lb_params params = {.tolerance = 2.0, .line_penalty = 10.0};
    run_random_paragraphs(&params, true, 20000);
}

/* A tighter tolerance and a heavier line penalty change which sequences are allowed and
 * how many lines are worth: the library must follow the parameters, not its defaults. */
static void other_parameters(void **state)
{
    (void)state;
    vb_lb_params strict = {.tolerance = 1.2, .line_penalty = 50.0};
    run_random_paragraphs(&strict, false, 10000);
    vb_lb_params loose = {.tolerance = 4.0, .line_penalty = 1.0};
    run_random_paragraphs(&loose, true, 10000);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tex_defaults),
        cmocka_unit_test(first_line_indent),
        cmocka_unit_test(other_parameters),
    };
    return cmocka_run_group_tests_name("line breaking oracle", tests, NULL, NULL);
}
