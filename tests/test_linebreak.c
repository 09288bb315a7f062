/* Tests for the total-fit line breaker: the output invariants every paragraph must meet,
 * optimality against an exhaustive search on small paragraphs, the degenerate inputs the
 * contract promises to survive, and a 150,000-item paragraph. */
#include "testutil.h"

#include <math.h>
#include <stdbool.h>

#include "common/arena.h"
#include "layout/linebreak.h"

/* Times-like 14 pt text: a word space of 3.5 pt stretching by half and shrinking by a third. */
#define SPACE 3.5
#define SPACE_STRETCH 1.75
#define SPACE_SHRINK 1.17
#define MEASURE 467.7    /* 165 mm text block */
#define FIRST_INDENT 36.0 /* a first line 36 pt shorter */
#define JUSTIFY_EPS 1e-6

/* Word widths of the first twelve long paragraphs of content/bao-cao-binh-trung-2023.yaml,
 * shaped with HarfBuzz in fonts/LiberationSerif-Regular.ttf (metric-compatible with Times New
 * Roman) at 14 pt, in reading order. */
static const size_t report_paragraph_words[] = {103, 67, 75, 96, 88, 49, 99, 102, 101, 80, 86, 223};
static const double report_word_widths[] = {
    20.23, 20.21, 25.66, 27.60, 28.00, 14.00, 31.10, 17.88, 18.64, 34.21, 28.39, 16.32,
    33.43, 19.43, 39.67, 37.71, 28.00, 31.10, 19.43, 22.55, 29.55, 27.21, 30.32, 14.00,
    16.71, 28.00, 31.10, 21.00, 28.00, 27.21, 20.21, 13.21, 13.21, 34.21, 24.89, 35.59,
    34.99, 17.50, 20.99, 27.21, 20.21, 20.21, 17.10, 23.71, 24.10, 27.21, 24.69, 24.10,
    13.21, 33.43, 24.10, 25.66, 24.89, 10.10, 4.66, 13.21, 17.89, 13.21, 14.59, 24.10,
    27.21, 24.88, 20.21, 28.21, 24.10, 31.89, 25.16, 17.10, 24.69, 24.10, 20.21, 13.21,
    24.10, 28.00, 10.10, 27.99, 23.32, 14.00, 38.71, 24.10, 35.21, 27.98, 38.49, 31.10,
    17.88, 27.21, 31.50, 25.66, 17.10, 17.89, 29.93, 21.77, 29.55, 17.10, 20.21, 18.64,
    31.89, 34.99, 14.00, 29.55, 20.99, 24.10, 31.50, 20.23, 20.21, 19.43, 14.00, 27.21,
    27.02, 40.43, 24.89, 13.21, 18.64, 24.89, 20.21, 24.69, 24.10, 14.78, 13.21, 33.43,
    18.66, 24.10, 31.50, 20.99, 41.60, 28.77, 35.21, 27.21, 16.32, 35.00, 34.21, 24.10,
    27.21, 20.21, 19.43, 29.55, 13.21, 17.10, 28.39, 27.21, 23.32, 13.21, 24.10, 21.00,
    24.88, 30.71, 15.18, 17.10, 18.64, 35.00, 17.69, 20.21, 24.10, 25.66, 24.89, 10.10,
    4.66, 13.21, 21.78, 25.66, 24.10, 14.59, 13.21, 29.55, 26.25, 24.10, 28.00, 13.21,
    24.10, 23.71, 21.77, 29.55, 35.99, 20.21, 31.10, 39.27, 20.21, 28.00, 27.21, 20.21,
    18.64, 24.89, 20.21, 24.69, 24.10, 45.33, 26.44, 41.22, 20.21, 28.59, 28.00, 24.89,
    26.07, 20.21, 28.00, 10.88, 22.55, 27.21, 17.10, 35.59, 20.99, 17.10, 17.10, 13.21,
    13.21, 17.10, 20.60, 28.00, 22.18, 21.00, 28.00, 35.00, 17.69, 27.21, 20.21, 17.10,
    20.99, 17.10, 13.21, 10.88, 29.55, 24.10, 31.50, 29.35, 24.10, 13.21, 24.10, 20.21,
    18.64, 42.21, 26.44, 24.10, 20.99, 27.21, 17.10, 28.00, 28.00, 20.21, 20.21, 17.10,
    27.99, 12.45, 21.77, 17.10, 23.71, 23.32, 31.10, 25.66, 24.10, 27.21, 16.32, 27.21,
    14.00, 13.21, 24.10, 17.10, 17.10, 17.10, 20.21, 11.48, 25.66, 15.96, 20.60, 29.35,
    24.10, 14.78, 27.21, 16.32, 27.21, 10.89, 13.99, 44.71, 41.21, 22.16, 20.21, 13.21,
    21.78, 37.54, 21.77, 17.10, 24.10, 17.10, 20.21, 19.43, 14.00, 27.21, 27.02, 24.89,
    21.40, 20.99, 31.10, 14.78, 27.21, 16.32, 17.10, 34.21, 28.39, 10.10, 39.49, 10.89,
    31.10, 27.21, 24.10, 13.21, 24.10, 24.10, 31.89, 35.99, 17.50, 18.66, 11.48, 28.00,
    28.78, 39.88, 34.21, 21.00, 23.71, 27.99, 14.77, 20.99, 17.50, 23.32, 32.88, 18.64,
    27.21, 26.44, 24.10, 31.89, 28.00, 28.39, 24.89, 15.18, 13.21, 18.64, 14.59, 13.21,
    20.21, 11.48, 21.77, 17.10, 23.71, 28.77, 35.21, 27.21, 16.32, 31.10, 35.77, 21.00,
    24.10, 24.10, 20.21, 27.21, 24.49, 15.96, 24.89, 27.21, 10.89, 15.18, 18.64, 24.10,
    18.29, 27.21, 24.10, 25.66, 24.10, 24.69, 24.10, 14.78, 27.21, 16.32, 16.32, 25.64,
    27.21, 34.60, 10.88, 22.55, 17.89, 17.10, 27.21, 34.99, 27.21, 16.32, 20.99, 20.21,
    13.21, 20.99, 31.10, 21.40, 18.48, 31.10, 20.60, 10.89, 19.43, 19.43, 10.89, 30.52,
    12.43, 31.10, 25.48, 28.21, 27.21, 19.43, 23.32, 32.88, 29.55, 27.21, 16.32, 17.89,
    27.99, 22.35, 20.99, 18.29, 27.21, 23.71, 11.48, 14.00, 17.89, 22.18, 24.10, 14.40,
    35.59, 21.00, 27.21, 35.99, 23.32, 27.21, 13.99, 13.62, 16.35, 20.23, 20.21, 24.69,
    24.10, 14.78, 27.21, 16.32, 20.21, 13.21, 20.21, 24.10, 42.21, 29.94, 13.21, 33.43,
    24.10, 20.21, 64.16, 23.34, 29.55, 27.21, 16.32, 30.32, 18.66, 19.25, 27.21, 20.21,
    27.21, 23.71, 24.69, 24.10, 24.10, 20.21, 18.64, 45.33, 26.44, 24.10, 20.99, 13.21,
    7.00, 13.60, 20.21, 12.45, 4.66, 13.21, 33.43, 20.21, 17.10, 28.39, 29.35, 24.10,
    20.21, 14.00, 42.21, 26.44, 27.99, 37.71, 19.43, 17.10, 20.21, 27.99, 7.00, 10.10,
    20.21, 32.88, 34.21, 13.21, 32.88, 20.21, 21.77, 17.10, 24.10, 31.10, 24.88, 20.21,
    15.96, 13.21, 21.39, 32.88, 13.21, 27.21, 18.29, 25.64, 34.60, 20.99, 31.10, 14.00,
    15.96, 20.21, 20.21, 18.64, 14.00, 20.21, 20.21, 21.00, 27.21, 29.55, 17.89, 18.66,
    44.32, 23.71, 14.00, 17.89, 24.10, 17.10, 24.10, 28.00, 13.21, 18.64, 31.10, 24.88,
    13.21, 23.34, 13.21, 17.89, 26.43, 21.77, 17.10, 23.71, 25.68, 21.40, 18.29, 30.32,
    27.21, 24.69, 24.10, 14.78, 24.10, 28.00, 14.78, 31.50, 14.00, 15.96, 34.21, 41.60,
    30.32, 20.21, 29.55, 24.10, 28.00, 18.66, 24.10, 24.89, 37.71, 16.32, 27.99, 18.29,
    29.95, 16.32, 29.55, 23.33, 29.55, 24.10, 20.99, 24.10, 29.55, 21.77, 17.10, 20.21,
    13.21, 38.50, 16.71, 33.72, 17.89, 24.10, 20.99, 19.43, 17.10, 27.21, 55.21, 18.66,
    32.88, 21.00, 20.60, 17.10, 32.66, 13.21, 36.93, 27.21, 32.66, 12.45, 18.29, 27.21,
    17.89, 21.00, 27.21, 24.50, 16.71, 18.66, 32.88, 21.00, 20.60, 17.10, 42.12, 13.21,
    36.93, 27.21, 25.66, 12.45, 18.29, 27.21, 17.50, 21.77, 20.99, 19.43, 29.55, 26.43,
    17.10, 11.48, 20.21, 15.96, 20.99, 34.21, 24.10, 34.60, 19.43, 13.21, 17.10, 27.02,
    20.21, 24.89, 31.50, 13.21, 34.21, 14.00, 14.00, 32.88, 17.50, 17.10, 16.32, 24.50,
    17.10, 28.59, 39.27, 29.55, 17.88, 18.64, 20.99, 30.98, 17.10, 29.55, 20.21, 14.00,
    18.64, 20.99, 34.60, 19.43, 17.10, 10.89, 41.21, 29.83, 24.10, 17.89, 24.89, 18.66,
    24.10, 17.10, 13.99, 13.21, 28.00, 21.79, 14.00, 13.99, 7.00, 24.89, 16.32, 46.49,
    35.00, 22.16, 30.32, 33.05, 23.34, 29.55, 20.21, 21.00, 14.00, 27.99, 17.10, 18.29,
    24.10, 20.99, 24.69, 24.10, 10.10, 31.50, 17.89, 13.21, 12.45, 18.29, 24.10, 20.99,
    20.21, 23.71, 16.32, 19.43, 24.89, 35.00, 24.10, 35.78, 38.50, 14.00, 27.21, 21.00,
    33.44, 27.21, 21.59, 13.62, 10.89, 26.84, 27.21, 28.01, 86.17, 19.43, 28.00, 17.89,
    31.10, 20.21, 13.21, 24.69, 17.10, 20.21, 18.64, 14.00, 27.99, 17.10, 17.89, 28.39,
    15.55, 27.02, 17.10, 27.21, 14.00, 27.99, 29.55, 13.21, 30.32, 18.66, 17.10, 13.99,
    13.21, 28.00, 21.79, 14.00, 28.21, 14.00, 18.29, 18.29, 21.00, 22.77, 32.88, 30.71,
    16.32, 26.43, 28.78, 29.55, 20.21, 17.10, 22.16, 17.10, 23.32, 21.77, 17.10, 20.21,
    13.21, 13.62, 20.21, 24.10, 25.66, 24.89, 43.38, 35.00, 13.21, 24.10, 27.21, 10.89,
    18.29, 20.21, 14.38, 29.55, 20.21, 21.77, 41.21, 45.89, 20.21, 17.10, 32.14, 23.72,
    20.21, 14.00, 41.21, 31.89, 23.71, 17.10, 32.14, 23.72, 20.21, 18.29, 41.21, 45.89,
    23.71, 17.10, 32.66, 23.72, 20.21, 17.10, 23.32, 41.21, 35.00, 20.21, 17.10, 32.66,
    24.11, 20.21, 24.89, 23.32, 28.00, 20.21, 17.10, 32.66, 12.45, 18.29, 23.72, 20.21,
    13.21, 41.21, 21.00, 24.89, 20.21, 17.10, 32.66, 23.72, 25.68, 21.40, 18.29, 33.72,
    20.99, 27.21, 14.00, 28.00, 38.10, 13.21, 18.64, 37.54, 24.89, 39.88, 34.21, 24.10,
    17.89, 21.78, 24.89, 24.10, 27.21, 21.77, 20.21, 17.10, 22.16, 17.10, 23.32, 24.10,
    24.10, 10.10, 10.10, 13.99, 21.78, 12.45, 24.89, 21.59, 27.21, 27.21, 27.21, 27.21,
    32.27, 20.99, 29.02, 15.55, 31.10, 40.05, 21.77, 20.21, 17.10, 22.16, 17.10, 23.32,
    35.59, 35.00, 20.21, 31.10, 24.10, 21.79, 30.34, 16.32, 24.88, 35.00, 28.21, 25.66,
    24.10, 24.10, 13.21, 36.93, 17.10, 24.10, 29.05, 35.00, 25.27, 14.00, 28.21, 21.00,
    24.10, 21.00, 20.21, 16.71, 20.21, 24.10, 24.88, 28.21, 21.00, 23.71, 25.66, 41.99,
    15.55, 27.02, 10.88, 27.21, 20.21, 27.21, 31.50, 29.55, 28.21, 14.00, 19.43, 26.43,
    27.21, 18.64, 24.88, 29.55, 17.89, 21.77, 38.50, 22.02, 29.55, 14.00, 17.89, 31.10,
    14.59, 13.21, 41.21, 31.50, 22.02, 32.88, 20.21, 11.48, 24.10, 13.21, 29.55, 21.77,
    38.50, 19.43, 24.88, 20.21, 10.10, 29.55, 32.66, 29.55, 19.43, 13.21, 20.21, 18.64,
    20.99, 41.21, 27.21, 31.88, 20.21, 10.10, 19.43, 28.00, 13.21, 27.21, 41.21, 13.21,
    21.78, 12.45, 19.43, 13.21, 20.21, 41.98, 29.55, 25.66, 41.21, 14.00, 13.21, 3.50,
    22.55, 33.43, 24.10, 24.10, 41.21, 42.00, 21.21, 21.78, 17.10, 12.44, 21.77, 14.00,
    25.66, 31.89, 17.89, 17.10, 20.21, 17.89, 41.21, 14.00, 17.10, 21.21, 17.10, 12.44,
    41.21, 21.00, 25.66, 31.50, 30.34, 16.32, 35.00, 26.43, 27.02, 26.43, 26.25, 24.89,
    28.21, 27.21, 20.99, 24.10, 38.71, 19.43, 20.99, 10.10, 29.55, 17.89, 18.66, 41.21,
    23.71, 35.27, 35.77, 20.21, 28.00, 27.21, 20.21, 24.69, 24.10, 14.78, 18.64, 21.00,
    24.89, 13.21, 45.14, 17.89, 24.10, 28.00, 29.55, 13.21, 31.10, 10.89, 29.75, 25.68,
    21.40, 18.29, 19.43, 14.00, 27.99, 20.99, 21.00, 27.98, 13.21, 24.69, 24.10, 31.10,
    35.77, 20.21, 13.21, 20.21, 13.21, 21.78, 24.89, 30.32, 10.89, 20.21, 13.21, 13.21,
    24.10, 25.66, 29.75, 35.00, 26.43, 27.02, 26.43, 29.75, 24.10, 17.89, 18.66, 27.21,
    17.10, 19.43, 26.25, 28.21, 14.00, 18.29, 18.29, 41.21, 14.00, 32.88, 30.71, 33.72,
    7.00, 31.10, 27.21, 23.32, 14.00, 26.25, 29.55, 21.77, 17.10, 20.21, 41.21, 32.59,
    17.10, 41.21, 14.00, 18.59, 33.72, 7.00, 31.10, 20.21, 24.10, 31.50, 35.00, 20.21,
    10.88, 14.00, 26.43, 26.25, 23.71,
};
#define N_REPORT_WORDS (sizeof report_word_widths / sizeof report_word_widths[0])
#define N_REPORT_PARAGRAPHS (sizeof report_paragraph_words / sizeof report_paragraph_words[0])

static const double indented_measure[] = {MEASURE - FIRST_INDENT, MEASURE};

#define assert_near(actual, expected, eps)                                                   \
    do {                                                                                     \
        double actual_ = (actual), expected_ = (expected);                                   \
        if (!(fabs(actual_ - expected_) <= (eps)))                                           \
            fail_msg("%s = %.12g, expected %s = %.12g (within %g)", #actual, actual_,        \
                     #expected, expected_, (double)(eps));                                   \
    } while (0)

static vb_lb_item word(double width)
{
    return (vb_lb_item){width, SPACE, SPACE_STRETCH, SPACE_SHRINK, 0};
}

static vb_lb_item *report_paragraph(size_t paragraph, size_t *n)
{
    size_t first = 0;
    for (size_t p = 0; p < paragraph; p++)
        first += report_paragraph_words[p];
    *n = report_paragraph_words[paragraph];
    vb_lb_item *items = malloc(*n * sizeof *items);
    assert_non_null(items);
    for (size_t i = 0; i < *n; i++)
        items[i] = word(report_word_widths[first + i]);
    return items;
}

/* xorshift64*: the same fixtures on every machine. */
static double uniform(uint64_t *state, double lo, double hi)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    uint64_t x = *state * 0x2545F4914F6CDD1DULL;
    return lo + (hi - lo) * (double)(x >> 11) / 9007199254740992.0;
}

static double line_measure(const double *widths, size_t n_widths, size_t line)
{
    return widths[line < n_widths ? line : n_widths - 1];
}

/* The test's own sums, independent of the breaker's running sums. */
typedef struct {
    double natural, stretch, shrink;
} extent;

static extent extent_of(const vb_lb_item *items, size_t start, size_t end)
{
    extent e = {0, 0, 0};
    for (size_t i = start; i < end; i++) {
        e.natural += items[i].width;
        if (i + 1 < end) {
            e.natural += items[i].glue;
            e.stretch += items[i].stretch;
            e.shrink += items[i].shrink;
        }
    }
    return e;
}

static bool breakable_inside(const vb_lb_item *items, size_t start, size_t end)
{
    for (size_t k = start; k + 1 < end; k++)
        if (items[k].penalty < VB_LB_NO_BREAK)
            return true;
    return false;
}

/* Checks what every result must satisfy and returns how many lines are wider than their
 * measure at full shrink (allowed only for a chunk with no legal break inside). */
static size_t check_lines(const vb_lb_item *items, size_t n, const vb_lb_line *lines,
                          size_t count, const double *widths, size_t n_widths)
{
    assert_true(count >= 1);
    assert_non_null(lines);
    assert_int_equal(lines[0].start, 0);
    assert_int_equal(lines[count - 1].end, n);
    size_t overwide = 0;
    for (size_t i = 0; i < count; i++) {
        const vb_lb_line *ln = &lines[i];
        bool last = i + 1 == count;
        assert_true(ln->start < ln->end);
        if (!last) {
            assert_int_equal(ln->end, lines[i + 1].start);
            assert_true(items[ln->end - 1].penalty < VB_LB_NO_BREAK);
        }
        extent e = extent_of(items, ln->start, ln->end);
        double measure = line_measure(widths, n_widths, i);
        assert_near(ln->width, e.natural, JUSTIFY_EPS);
        if (e.natural - e.shrink > measure + JUSTIFY_EPS) {
            assert_false(breakable_inside(items, ln->start, ln->end));
            assert_true(ln->ratio == 0.0);
            overwide++;
            continue;
        }
        assert_true(ln->ratio >= -1.0 - 1e-9);
        double drawn = e.natural + ln->ratio * (ln->ratio >= 0 ? e.stretch : e.shrink);
        if (last) {
            if (e.natural <= measure)
                assert_true(ln->ratio == 0.0);
            else
                assert_near(drawn, measure, JUSTIFY_EPS);
        } else if (e.stretch == 0 && e.natural < measure - JUSTIFY_EPS) {
            assert_true(ln->ratio == 0.0); /* nothing to stretch: natural width */
        } else {
            assert_near(drawn, measure, JUSTIFY_EPS);
        }
    }
    return overwide;
}

/* Total fit with the default parameters, checked as above. */
static size_t break_checked(const vb_lb_item *items, size_t n, const double *widths,
                            size_t n_widths, vb_arena *arena, vb_lb_line **lines,
                            size_t expected_overwide)
{
    size_t count = vb_break_lines(items, n, widths, n_widths, NULL, arena, lines);
    assert_int_equal(check_lines(items, n, *lines, count, widths, n_widths), expected_overwide);
    return count;
}

static void assert_spans(const vb_lb_line *line, size_t start, size_t end)
{
    assert_int_equal(line->start, start);
    assert_int_equal(line->end, end);
}

/* A one-box paragraph is one line at natural width, whatever the box's width. */
static void assert_one_box_paragraph(const vb_lb_item *box, double measure, vb_arena *arena)
{
    vb_lb_line *lines = NULL;
    assert_int_equal(vb_break_lines(box, 1, &measure, 1, NULL, arena, &lines), 1);
    assert_spans(&lines[0], 0, 1);
    assert_true(lines[0].ratio == 0.0);
    assert_near(lines[0].width, box->width, 1e-12);
}

static bool ends_after(const vb_lb_line *lines, size_t count, size_t item)
{
    for (size_t i = 0; i < count; i++)
        if (lines[i].end == item + 1)
            return true;
    return false;
}

typedef struct {
    size_t total_fit_lines, greedy_lines;
    double total_fit_demerits, greedy_demerits;
} comparison;

/* Breaks with both breakers, checks both, and checks total fit is no worse. */
static comparison break_both(const vb_lb_item *items, size_t n, const double *widths,
                             size_t n_widths, size_t expected_overwide)
{
    vb_arena *arena = vb_arena_new();
    assert_non_null(arena);
    vb_lb_line *total_fit = NULL, *greedy = NULL;
    comparison c;
    c.total_fit_lines = vb_break_lines(items, n, widths, n_widths, NULL, arena, &total_fit);
    c.greedy_lines = vb_break_lines_greedy(items, n, widths, n_widths, arena, &greedy);
    assert_int_equal(check_lines(items, n, total_fit, c.total_fit_lines, widths, n_widths),
                     expected_overwide);
    assert_int_equal(check_lines(items, n, greedy, c.greedy_lines, widths, n_widths),
                     expected_overwide);
    c.total_fit_demerits =
        vb_lb_demerits(items, total_fit, c.total_fit_lines, widths, n_widths, NULL);
    c.greedy_demerits = vb_lb_demerits(items, greedy, c.greedy_lines, widths, n_widths, NULL);
    assert_true(c.total_fit_demerits <=
                c.greedy_demerits + 1e-9 * (1 + fabs(c.greedy_demerits)));
    vb_arena_free(arena);
    return c;
}

/* ---- degenerate paragraphs ---- */

static void test_zero_items(void **state)
{
    (void)state;
    vb_arena *arena = vb_arena_new();
    vb_lb_line sentinel, *lines = &sentinel;
    assert_int_equal(vb_break_lines(NULL, 0, indented_measure, 2, NULL, arena, &lines), 0);
    assert_null(lines);
    lines = &sentinel;
    assert_int_equal(vb_break_lines_greedy(NULL, 0, indented_measure, 2, arena, &lines), 0);
    assert_null(lines);
    assert_true(vb_lb_demerits(NULL, NULL, 0, indented_measure, 2, NULL) == 0.0);
    vb_arena_free(arena);
}

static void test_single_item(void **state)
{
    (void)state;
    vb_lb_item one = word(42.0);
    vb_arena *arena = vb_arena_new();
    assert_one_box_paragraph(&one, MEASURE, arena);
    /* Its glue and penalty belong to no line: the paragraph ends there. */
    one.penalty = VB_LB_NO_BREAK;
    assert_one_box_paragraph(&one, MEASURE, arena);
    vb_arena_free(arena);
}

static void test_box_exactly_the_measure(void **state)
{
    (void)state;
    const double measure = 100.0;
    vb_lb_item items[] = {word(30), word(30), word(30), word(measure), word(30)};
    size_t n = sizeof items / sizeof items[0];
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    assert_int_equal(break_checked(items, n, &measure, 1, arena, &lines, 0), 3);
    assert_spans(&lines[1], 3, 4);
    assert_true(lines[1].ratio == 0.0);
    break_both(items, n, &measure, 1, 0);
    assert_one_box_paragraph(&items[3], measure, arena);
    vb_arena_free(arena);
}

static void test_box_wider_than_the_measure(void **state)
{
    (void)state;
    const double measure = 100.0;
    vb_lb_item items[] = {word(30), word(30), word(150), word(30), word(30)};
    size_t n = sizeof items / sizeof items[0];
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    assert_int_equal(break_checked(items, n, &measure, 1, arena, &lines, 1), 3);
    assert_spans(&lines[1], 2, 3);
    assert_true(lines[1].ratio == 0.0);
    assert_near(lines[1].width, 150.0, 1e-12);
    break_both(items, n, &measure, 1, 1);
    assert_one_box_paragraph(&items[2], measure, arena);

    /* A chunk glued by NO_BREAK that is too wide stays whole, and alone. */
    vb_lb_item glued[] = {word(30), word(80), word(40), word(30)};
    glued[1].penalty = VB_LB_NO_BREAK;
    assert_int_equal(break_checked(glued, 4, &measure, 1, arena, &lines, 1), 3);
    assert_spans(&lines[1], 1, 3);
    break_both(glued, 4, &measure, 1, 1);
    vb_arena_free(arena);
}

/* Two 40 pt words fill 83.5 pt of 100 with 1 pt of stretch: every line needs r = 16.5, far
 * past the tolerance, and three words never fit. Only the second pass can set it. */
static void test_second_pass_when_nothing_meets_the_tolerance(void **state)
{
    (void)state;
    const double measure = 100.0;
    vb_lb_item items[8];
    for (size_t i = 0; i < 8; i++)
        items[i] = (vb_lb_item){40, SPACE, 1.0, SPACE_SHRINK, 0};
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = break_checked(items, 8, &measure, 1, arena, &lines, 0);
    assert_int_equal(count, 4);
    for (size_t i = 0; i + 1 < count; i++)
        assert_near(lines[i].ratio, 16.5, 1e-9);
    assert_true(lines[3].ratio == 0.0);

    /* With a tolerance that admits it, the first pass finds the same lines. */
    vb_lb_params lax = {20.0, 10.0};
    vb_lb_line *lax_lines = NULL;
    assert_int_equal(vb_break_lines(items, 8, &measure, 1, &lax, arena, &lax_lines), 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(lax_lines[i].end, lines[i].end);
    break_both(items, 8, &measure, 1, 0);
    vb_arena_free(arena);
}

static void test_last_line_shrinks_but_not_past_its_shrink(void **state)
{
    (void)state;
    vb_lb_item items[] = {word(50), word(50)};
    double measure = 102.5; /* natural 103.5, 102.33 at full shrink */
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = break_checked(items, 2, &measure, 1, arena, &lines, 0);
    assert_int_equal(count, 1);
    assert_near(lines[0].ratio, -1.0 / SPACE_SHRINK, 1e-9);

    measure = 102.0;
    count = break_checked(items, 2, &measure, 1, arena, &lines, 0);
    assert_int_equal(count, 2);
    vb_arena_free(arena);
}

/* ---- the item model ---- */

static void test_no_break_is_honoured(void **state)
{
    (void)state;
    size_t n;
    vb_lb_item *items = report_paragraph(0, &n);
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = vb_break_lines(items, n, indented_measure, 2, NULL, arena, &lines);
    assert_true(count > 2);
    size_t chosen = lines[1].end - 1;
    items[chosen].penalty = VB_LB_NO_BREAK;
    count = break_checked(items, n, indented_measure, 2, arena, &lines, 0);
    assert_false(ends_after(lines, count, chosen));
    vb_lb_line *greedy = NULL;
    size_t greedy_count = vb_break_lines_greedy(items, n, indented_measure, 2, arena, &greedy);
    assert_int_equal(check_lines(items, n, greedy, greedy_count, indented_measure, 2), 0);
    assert_false(ends_after(greedy, greedy_count, chosen));
    vb_arena_free(arena);
    free(items);
}

/* Six 30 pt words, 5 pt glue stretching by 20: two words (r = 1.75) or three (exact) make
 * a line, four never do. Unpenalised, the best is three and three. */
static void test_penalties_steer_the_breaks(void **state)
{
    (void)state;
    const double measure = 100.0;
    vb_lb_item items[6];
    for (size_t i = 0; i < 6; i++)
        items[i] = (vb_lb_item){30, 5, 20, 3, 0};
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = break_checked(items, 6, &measure, 1, arena, &lines, 0);
    assert_int_equal(count, 2);
    assert_int_equal(lines[0].end, 3);

    /* A positive penalty pushes the break away... */
    items[2].penalty = 5e5;
    count = break_checked(items, 6, &measure, 1, arena, &lines, 0);
    assert_false(ends_after(lines, count, 2));

    /* ...and a negative one pulls one in where the line is looser. */
    items[2].penalty = 0;
    items[1].penalty = -1e4;
    count = break_checked(items, 6, &measure, 1, arena, &lines, 0);
    assert_int_equal(lines[0].end, 2);
    vb_arena_free(arena);
}

/* A word longer than the line arrives as pieces joined by zero glue; lines may end between
 * pieces and the pieces still justify around them. */
static void test_word_pieces_break_between_pieces(void **state)
{
    (void)state;
    const double measure = 100.0;
    vb_lb_item items[20];
    size_t n = 0;
    items[n++] = word(30);
    items[n++] = word(25);
    for (int piece = 0; piece < 12; piece++)
        items[n++] = (vb_lb_item){20, 0, 0, 0, 50};
    items[n - 1] = word(20); /* the last piece carries the word's space */
    items[n++] = word(30);
    items[n++] = word(35);
    items[n++] = word(28);
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = break_checked(items, n, &measure, 1, arena, &lines, 0);
    size_t inside_word = 0;
    for (size_t i = 0; i + 1 < count; i++)
        if (items[lines[i].end - 1].glue == 0)
            inside_word++;
    assert_true(inside_word >= 2); /* 240 pt of word over 100 pt lines */
    break_both(items, n, &measure, 1, 0);
    vb_arena_free(arena);
}

static void test_first_line_has_its_own_measure(void **state)
{
    (void)state;
    for (size_t p = 0; p < N_REPORT_PARAGRAPHS; p++) {
        size_t n;
        vb_lb_item *items = report_paragraph(p, &n);
        vb_arena *arena = vb_arena_new();
        vb_lb_line *lines = NULL;
        size_t count = break_checked(items, n, indented_measure, 2, arena, &lines, 0);
        assert_true(count >= 2);
        /* check_lines justified line 0 to the shorter measure; it must not fit the longer. */
        extent e = extent_of(items, 0, lines[0].end);
        assert_true(e.natural - e.shrink <= MEASURE - FIRST_INDENT + JUSTIFY_EPS);
        vb_arena_free(arena);
        free(items);
    }
}

static void test_null_params_are_the_defaults(void **state)
{
    (void)state;
    size_t n;
    vb_lb_item *items = report_paragraph(11, &n);
    vb_arena *arena = vb_arena_new();
    vb_lb_params defaults = {2.0, 10.0};
    vb_lb_line *implicit = NULL, *explicit_ = NULL;
    size_t a = vb_break_lines(items, n, indented_measure, 2, NULL, arena, &implicit);
    size_t b = vb_break_lines(items, n, indented_measure, 2, &defaults, arena, &explicit_);
    assert_int_equal(a, b);
    for (size_t i = 0; i < a; i++)
        assert_int_equal(implicit[i].end, explicit_[i].end);
    assert_near(vb_lb_demerits(items, implicit, a, indented_measure, 2, NULL),
                vb_lb_demerits(items, implicit, a, indented_measure, 2, &defaults), 0);
    vb_arena_free(arena);
    free(items);
}

/* First fit takes as many words as fit at full shrink, then justifies what it took. */
static void test_greedy_fills_each_line_with_shrink(void **state)
{
    (void)state;
    const double measure = 96.0; /* three words: 97 pt natural, 94.66 at full shrink */
    vb_lb_item items[] = {word(30), word(30), word(30), word(30), word(30), word(30), word(30)};
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = vb_break_lines_greedy(items, 7, &measure, 1, arena, &lines);
    assert_int_equal(check_lines(items, 7, lines, count, &measure, 1), 0);
    assert_int_equal(count, 3);
    assert_int_equal(lines[0].end, 3);
    assert_int_equal(lines[1].end, 6);
    assert_near(lines[0].ratio, -1.0 / (2 * SPACE_SHRINK), 1e-9);
    vb_arena_free(arena);
}

/* ---- demerits ---- */

static void test_demerits_by_hand(void **state)
{
    (void)state;
    const double measure = 100.0;
    /* Line 0: 90 pt natural, 10 pt stretch: r = 1, badness 100, loose. Line 1 ragged. */
    vb_lb_item items[] = {{40, 10, 10, 5, 0}, {40, 10, 10, 5, 0}, {20, 10, 10, 5, 0}};
    vb_lb_line lines[] = {{0, 2, 1.0, 90}, {2, 3, 0, 20}};
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, NULL), 110.0 * 110 + 10 * 10, 1e-9);
    items[1].penalty = 30;
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, NULL),
                110.0 * 110 + 30 * 30 + 10 * 10, 1e-9);
    items[1].penalty = -30;
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, NULL),
                110.0 * 110 - 30 * 30 + 10 * 10, 1e-9);
    vb_lb_params no_line_penalty = {2.0, 0.0};
    items[1].penalty = 0;
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, &no_line_penalty), 100.0 * 100,
                1e-9);
    /* The last line's penalty is never charged. */
    items[2].penalty = 500;
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, NULL), 110.0 * 110 + 10 * 10, 1e-9);

    /* Half the stretch: r = 2, badness 800, very loose, two classes from the decent start
     * and from the decent ragged last line: two fitness jumps of 3000. */
    items[0].stretch = 5;
    assert_near(vb_lb_demerits(items, lines, 2, &measure, 1, NULL),
                810.0 * 810 + 3000 + 10 * 10 + 3000, 1e-6);

    /* Tight (r = -0.6, badness 21.6) then loose (r = 1): one jump, on the loose line. */
    vb_lb_item jumpy[] = {{60, 10, 10, 10, 0}, {40, 10, 10, 5, 0}, {40, 10, 10, 5, 0},
                          {40, 10, 10, 5, 0}, {20, 10, 10, 5, 0}};
    const double widths[] = {104.0, 100.0};
    vb_lb_line jumpy_lines[] = {{0, 2, -0.6, 110}, {2, 4, 1.0, 90}, {4, 5, 0, 20}};
    assert_near(vb_lb_demerits(jumpy, jumpy_lines, 3, widths, 2, NULL),
                31.6 * 31.6 + (110.0 * 110 + 3000) + 10 * 10, 1e-6);
}

/* ---- optimality ---- */

typedef struct {
    bool overfull;      /* wider than the measure at full shrink */
    bool within_tolerance;
} line_verdict;

static line_verdict judge_line(const vb_lb_item *items, size_t start, size_t end,
                               double measure, bool last, double tolerance)
{
    extent e = extent_of(items, start, end);
    line_verdict v = {e.natural - e.shrink > measure, true};
    if (!last && e.natural < measure)
        v.within_tolerance = e.stretch > 0 && (measure - e.natural) / e.stretch <= tolerance;
    return v;
}

/* Two ways reach the break before item 5: over a decent line, or (2977 demerits cheaper)
 * over a very loose one. The last line is tight, a fitness jump after the very loose line
 * only, so the dearer decent way must be kept for it to win by 23 demerits. */
static void test_dearer_fitness_class_kept_for_the_next_line(void **state)
{
    (void)state;
    const double measure = 86.0;
    vb_lb_item items[] = {{9, 8, 9, 2, 0},  {54, 3, 9, 0, 0},  {8, 6, 7, 3, 0},
                          {11, 4, 9, 2, 0}, {56, 5, 5, 0, 0},  {43, 10, 5, 1, 0},
                          {34, 6, 7, 1, 0}};
    vb_arena *arena = vb_arena_new();
    vb_lb_line *lines = NULL;
    size_t count = break_checked(items, 7, &measure, 1, arena, &lines, 0);
    assert_int_equal(count, 3);
    assert_int_equal(lines[0].end, 2);
    assert_int_equal(lines[1].end, 5);
    assert_near(lines[2].ratio, -1.0, 1e-9);
    vb_lb_line other[] = {{0, 3, 0, 0}, {3, 5, 0, 0}, {5, 7, 0, 0}};
    assert_near(vb_lb_demerits(items, other, 3, &measure, 1, NULL) -
                    vb_lb_demerits(items, lines, count, &measure, 1, NULL),
                22.6, 0.1);
    vb_arena_free(arena);
}

/* Every way of breaking a small paragraph, scored with vb_lb_demerits: total fit must find
 * the cheapest under the first pass's rules when one exists, else under the final pass's
 * (no line overfull unless it cannot be shortened). Line widths differ over the first
 * lines, so this also checks that breaks reached after different numbers of lines are kept
 * apart. */
static void test_optimal_against_exhaustive_search(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    size_t compared_first_pass = 0, compared_final_pass = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + (size_t)uniform(&seed, 0, 12);
        vb_lb_item items[12];
        for (size_t i = 0; i < n; i++) {
            items[i] = word(uniform(&seed, 5, 60));
            if (round % 2) /* glue of varied elasticity makes fitness classes vary */
                items[i] = (vb_lb_item){items[i].width, uniform(&seed, 2, 10),
                                        uniform(&seed, 1, 10), uniform(&seed, 0, 3), 0};
            double kind = uniform(&seed, 0, 1);
            if (kind < 0.1)
                items[i].penalty = VB_LB_NO_BREAK;
            else if (kind < 0.2)
                items[i] = (vb_lb_item){items[i].width, 0, 0, 0, 50}; /* a word piece */
            else if (kind < 0.35)
                items[i].penalty = uniform(&seed, -200, 200);
        }
        double widths[3];
        size_t n_widths = 1 + (size_t)uniform(&seed, 0, 3);
        for (size_t w = 0; w < n_widths; w++)
            widths[w] = uniform(&seed, 55, 150);

        size_t legal[11], n_legal = 0;
        for (size_t k = 0; k + 1 < n; k++)
            if (items[k].penalty < VB_LB_NO_BREAK)
                legal[n_legal++] = k + 1;
        double best_first = INFINITY, best_final = INFINITY;
        for (uint32_t mask = 0; mask < (1u << n_legal); mask++) {
            vb_lb_line lines[12];
            size_t count = 0, start = 0;
            bool first_pass = true, final_pass = true;
            for (size_t b = 0; b <= n_legal; b++) {
                if (b < n_legal && !(mask & (1u << b)))
                    continue;
                size_t end = b < n_legal ? legal[b] : n;
                bool last = end == n;
                line_verdict v = judge_line(items, start, end,
                                            line_measure(widths, n_widths, count), last, 2.0);
                first_pass = first_pass && !v.overfull && v.within_tolerance;
                final_pass = final_pass && (!v.overfull || !breakable_inside(items, start, end));
                lines[count++] = (vb_lb_line){start, end, 0, 0};
                start = end;
            }
            double d = vb_lb_demerits(items, lines, count, widths, n_widths, NULL);
            if (first_pass && d < best_first)
                best_first = d;
            if (final_pass && d < best_final)
                best_final = d;
        }

        vb_arena *arena = vb_arena_new();
        vb_lb_line *lines = NULL;
        size_t count = vb_break_lines(items, n, widths, n_widths, NULL, arena, &lines);
        check_lines(items, n, lines, count, widths, n_widths);
        double found = vb_lb_demerits(items, lines, count, widths, n_widths, NULL);
        if (isfinite(best_first)) {
            for (size_t i = 0; i < count; i++) {
                line_verdict v = judge_line(items, lines[i].start, lines[i].end,
                                            line_measure(widths, n_widths, i), i + 1 == count,
                                            2.0);
                assert_false(v.overfull);
                assert_true(v.within_tolerance);
            }
            assert_near(found, best_first, 1e-9 * (1 + fabs(best_first)));
            compared_first_pass++;
        } else {
            assert_true(isfinite(best_final)); /* the final pass can always set a paragraph */
            assert_near(found, best_final, 1e-9 * (1 + fabs(best_final)));
            compared_final_pass++;
        }
        vb_arena_free(arena);
    }
    /* Both passes were exercised. */
    assert_true(compared_first_pass >= 300);
    assert_true(compared_final_pass >= 300);
}

/* ---- total fit against first fit ---- */

static void test_report_paragraphs(void **state)
{
    (void)state;
    const double narrow[] = {300.0 - FIRST_INDENT, 300.0};
    const double column[] = {200.0};
    size_t strictly_better = 0, total_fit_lines = 0, greedy_lines = 0;
    for (size_t p = 0; p < N_REPORT_PARAGRAPHS; p++) {
        size_t n;
        vb_lb_item *items = report_paragraph(p, &n);
        comparison c[] = {break_both(items, n, indented_measure, 2, 0),
                          break_both(items, n, narrow, 2, 0), break_both(items, n, column, 1, 0)};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
            if (c[i].total_fit_demerits < c[i].greedy_demerits * (1 - 1e-9))
                strictly_better++;
            total_fit_lines += c[i].total_fit_lines;
            greedy_lines += c[i].greedy_lines;
        }
        free(items);
    }
    assert_true(strictly_better > 0);
    /* Total fit may use a line more now and then, not systematically. */
    assert_true(total_fit_lines <= greedy_lines + greedy_lines / 20);
}

static void test_random_paragraphs(void **state)
{
    (void)state;
    uint64_t seed = 12345;
    size_t strictly_better = 0;
    for (int round = 0; round < 200; round++) {
        size_t n = 1 + (size_t)uniform(&seed, 0, 400);
        vb_lb_item *items = malloc(n * sizeof *items);
        assert_non_null(items);
        for (size_t i = 0; i < n; i++) {
            items[i] = word(uniform(&seed, 5, 60));
            if (uniform(&seed, 0, 1) < 0.03)
                items[i].penalty = VB_LB_NO_BREAK;
        }
        double widths[] = {uniform(&seed, 150, 500), 0};
        widths[1] = widths[0] + uniform(&seed, 0, 60);
        comparison c = break_both(items, n, widths, 2, 0);
        if (c.total_fit_demerits < c.greedy_demerits * (1 - 1e-9))
            strictly_better++;
        free(items);
    }
    assert_true(strictly_better > 0);
}

/* A paragraph of about 1 MB of text. How long it takes is measured by hand, not here. */
static void test_150000_items(void **state)
{
    (void)state;
    const size_t n = 150000;
    vb_lb_item *items = malloc(n * sizeof *items);
    assert_non_null(items);
    for (size_t i = 0; i < n; i++) {
        items[i] = word(report_word_widths[(i * 7) % N_REPORT_WORDS]);
        if (i % 97 == 0)
            items[i].penalty = VB_LB_NO_BREAK;
    }
    comparison c = break_both(items, n, indented_measure, 2, 0);
    assert_true(c.total_fit_lines > n / 30);
    free(items);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_items),
        cmocka_unit_test(test_single_item),
        cmocka_unit_test(test_box_exactly_the_measure),
        cmocka_unit_test(test_box_wider_than_the_measure),
        cmocka_unit_test(test_second_pass_when_nothing_meets_the_tolerance),
        cmocka_unit_test(test_last_line_shrinks_but_not_past_its_shrink),
        cmocka_unit_test(test_no_break_is_honoured),
        cmocka_unit_test(test_penalties_steer_the_breaks),
        cmocka_unit_test(test_word_pieces_break_between_pieces),
        cmocka_unit_test(test_first_line_has_its_own_measure),
        cmocka_unit_test(test_null_params_are_the_defaults),
        cmocka_unit_test(test_greedy_fills_each_line_with_shrink),
        cmocka_unit_test(test_demerits_by_hand),
        cmocka_unit_test(test_dearer_fitness_class_kept_for_the_next_line),
        cmocka_unit_test(test_optimal_against_exhaustive_search),
        cmocka_unit_test(test_report_paragraphs),
        cmocka_unit_test(test_random_paragraphs),
        cmocka_unit_test(test_150000_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
