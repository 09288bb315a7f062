/* Page builder: fills pages from a vertical list of lines and the footnotes they call. Pure
 * arithmetic on heights: it never measures text, so it is tested with made-up lines. */
#ifndef VB_PAGEBUILD_H
#define VB_PAGEBUILD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "layout/layout.h"

/* A piece of a word on a paragraph's line, in half the room of a vb_text_item: its line gives
 * its size and baseline, or those of a footnote call when it is one. */
typedef struct {
    double x;
    const char *text;
    uint32_t len;
    uint8_t style; /* a vb_style */
    bool call;     /* a footnote call: the line's call_size, raised by call_rise */
} vb_line_item;

typedef struct vb_pb_table vb_pb_table;

/* One entry of the vertical list: a body line, a heading line, the closing block, or a line of
 * a footnote. y values of its items and rules are relative to its baseline. A paragraph's line
 * may hold its text as packed items instead, drawn at its baseline. */
typedef struct {
    double space_before; /* extra space above it; dropped at the top of a page */
    double top;          /* baseline below the top of its box (first line on a page) */
    double pitch;        /* baseline distance from the previous line, without space_before */
    double depth;        /* how far its box reaches below the baseline */
    vb_text_item *items;
    size_t nitems;
    vb_rule_item *rules;
    size_t nrules;
    const vb_line_item *packed;
    size_t npacked;
    double size, call_size, call_rise; /* of the packed items */
    int *notes; /* footnotes whose first call is on this line */
    size_t nnotes;
    bool keep_with_next;
    const char *outline_title;
    int outline_level;
    /* A band of a table's row (table.c): its baseline is the band's bottom, top = pitch = its
     * height, depth 0. NULL for every other line. */
    const vb_pb_table *table;
    bool table_head;      /* a band of the table's header rows */
    uint32_t table_row;   /* its grid row (header rows first) */
    vb_fill_item *fills;  /* relative to its baseline, as its rules */
    size_t nfills;
} vb_vline;

/* What the page builder knows of a table: its header bands, drawn again at the top of every
 * page the table continues on, and its outer edges, where a page that cuts it closes it with
 * a rule at its foot and opens it again with one at the top of its next part. */
struct vb_pb_table {
    const vb_vline *head; /* copies of the header bands, without footnotes */
    size_t nhead;
    double x0, x1;        /* the outer rules' centres */
    double rule_width;
    /* For the reading order: column edges (ncols + 1), and starts[row * ncols + c] when a
     * cell of that grid row starts at column c. */
    const double *x;
    size_t ncols;
    const bool *starts;
};

typedef struct {
    vb_vline *v;
    size_t n, cap;
} vb_vline_vec;

/* The page's frame as the builder sees it: where lines may go and how a footnote area is
 * built. Footnote lines are all of one size (asc, desc, pitch). */
typedef struct {
    double first_top;  /* top of the body on the first page (under its head) */
    double top;        /* top of the text area on the other pages */
    double bottom;     /* bottom of the text area: nothing reaches below it */
    double body_pitch; /* a body line's pitch */
    size_t body_reserve_lines; /* body lines a continued note leaves room for */
    size_t note_min_start;     /* fewest lines a split note starts with on its call's page */
    double foot_sep;           /* room above the notes for their rule */
    double foot_rule_gap;      /* rule above the first note line's ascender */
    double foot_asc, foot_desc, foot_pitch;
    double foot_rule_x, foot_rule_len, rule_width;
} vb_pb_frame;

/* Lines [first, first + count) of footnote `note`, at the foot of one page. */
typedef struct {
    int note;
    size_t first, count;
} vb_pb_slice;

/* One page: body lines [body_first, body_end) and the note lines at its foot, in order. */
typedef struct {
    size_t body_first, body_end;
    vb_pb_slice *slices;
    size_t nslices;
    const vb_pb_table *repeat; /* a table continued from the page before: its header on top */
} vb_pb_page;

/* The footnotes, by number: notes[k] holds the lines of note k (notes[0] unused). */
typedef struct {
    const vb_vline *body;
    size_t nbody;
    const vb_vline_vec *notes;
    size_t nnotes;
} vb_pb_content;

/* Plans every page. Each note starts on the page of the line that first calls it; one that
 * does not fit continues at the foot of the next pages. False when out of memory. */
bool vb_pb_build(const vb_pb_frame *f, const vb_pb_content *c, vb_arena *a, vb_pb_page **pages,
                 size_t *npages);

/* The table whose band body[i] continues from body[i - 1], or NULL. */
const vb_pb_table *vb_pb_continued_table(const vb_pb_content *c, size_t i);

/* Baseline of the first body line of a page planned by vb_pb_build (under a repeated header),
 * and of its first note line (when it has notes). */
double vb_pb_body_baseline(const vb_pb_frame *f, const vb_pb_content *c, const vb_pb_page *pg,
                           size_t page_index);
double vb_pb_foot_baseline(const vb_pb_frame *f, const vb_pb_page *pg);

typedef struct {
    vb_outline_entry *v;
    size_t n, cap;
} vb_outline_vec;

/* The display list of a planned page: `furniture` first (page 1's head, or the page number),
 * then the body lines and the notes at their baselines. Headings are added to *outline.
 * False when out of memory. */
bool vb_pb_compose(const vb_pb_frame *f, const vb_pb_content *c, const vb_pb_page *pg,
                   size_t page_index, const vb_page *furniture, vb_arena *a, vb_page *out,
                   vb_outline_vec *outline);

/* The number a page shows, 0 for none. index: the page's in the document (0-based); local: its
 * index inside its section. The main text shows none on its first page; an appendix none on its
 * own first page, then its own count (restart) or the document's (continue). */
size_t vb_pb_page_number(bool appendix, bool restart, size_t index, size_t local);

#endif
