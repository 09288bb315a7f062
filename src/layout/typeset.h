/* Typesetter: runs of text become words and fragments, and paragraphs become lines (total-fit
 * breaking by linebreak.c, each word placed here) ready for the page builder. */
#ifndef VB_TYPESET_H
#define VB_TYPESET_H
#include <stdint.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "layout/linebreak.h"
#include "layout/pagebuild.h"
#include "layout/vec.h"
#include "model/model.h"

/* What setting text needs: fonts, where it goes, and where it reports. */
typedef struct {
    const vb_fontset *fs;
    vb_arena *a;     /* the document's: everything the layout returns */
    vb_arena *lines; /* the vertical list and the page head, freed once the pages are drawn */
    vb_arena *items; /* when set, where a paragraph's line items go instead of lines */
    vb_arena *tmp;   /* scratch, reset after each paragraph */
    vb_diagnostics *diag;
    const char *file; /* for warnings */
    bool failed;      /* out of memory: every later step does nothing */
    double left, measure; /* the text area's left edge and width */
    size_t nnotes;        /* footnote numbers below this are calls of existing notes */
} vb_typesetter;

/* Appends to the vertical list's arena (the lines, their items and notes, the page head: all
 * copied into the pages), or to the scratch one (forgotten after each paragraph). */
#define VB_TS_PUSH(T, vec, item) VB_VEC_PUSH(&(T)->failed, (T)->lines, vec, item)
#define VB_TS_PUSH_TMP(T, vec, item) VB_VEC_PUSH(&(T)->failed, (T)->tmp, vec, item)

/* A piece of a word in one style: "đồng" regular, "(1)" raised small. */
typedef struct {
    const char *text;
    size_t len;
    vb_style style;
    double size;
    double rise;
    double width;
    int note; /* > 0: this fragment is the call of that footnote */
} vb_fragment;

/* A word. Its box is what the line breaker reads, so a paragraph needs no second array of
 * them: box.width is the word's width and box.glue the natural width of the space after it (0
 * at a paragraph end); stretch, shrink and penalty are set when the paragraph is broken. Most
 * words are one plain fragment (no rise, no footnote, a size a float holds exactly), kept in
 * the word itself: a paragraph of a million words then holds no fragment array at all. */
typedef struct {
    vb_lb_item box;
    union {
        const char *text;   /* plain: the fragment's text */
        vb_fragment *frags; /* else: count fragments */
    };
    uint32_t count : 27; /* plain: the text's bytes (inputs are far smaller); else fragments */
    uint32_t style : 2;  /* plain: the fragment's style */
    uint32_t plain : 1;
    uint32_t glued_to_prev : 1; /* a footnote call written after a space: never break before */
    uint32_t piece : 1; /* a piece of an over-long word: the next piece follows with no space */
    float size;         /* plain: the fragment's size */
} vb_word;

/* The most bytes or fragments vb_word.count holds. */
#define VB_WORD_MAX_COUNT ((1u << 27) - 1)

static inline size_t vb_word_nfrags(const vb_word *w)
{
    return w->plain ? 1 : w->count;
}

/* Fragment k of w, read from the word itself when it is plain. */
static inline vb_fragment vb_word_frag(const vb_word *w, size_t k)
{
    if (w->plain)
        return (vb_fragment){w->text, w->count, (vb_style)w->style, w->size, 0, w->box.width, 0};
    return w->frags[k];
}

typedef VB_VEC(vb_word) vb_word_vec;
typedef VB_VEC(vb_text_item) vb_text_vec;
typedef VB_VEC(vb_rule_item) vb_rule_vec;
typedef VB_VEC(int) vb_int_vec;

typedef struct {
    double first_indent; /* extra left offset of the first line */
    double space_before;
    bool keep_all;        /* a heading: no break inside or after it */
    bool centred;         /* centred lines (balanced), not justified */
    bool ragged;          /* lines set with natural spaces from the left, not justified */
    double centre_x;
    double max_width;     /* centred: widest line */
    const char *outline_title;
    int outline_level;
} vb_para_style;

/* Font metrics at a size, in points. */
double vb_ts_ascent(const vb_typesetter *T, vb_style st, double size);
double vb_ts_descent(const vb_typesetter *T, vb_style st, double size);
double vb_ts_single_line(const vb_typesetter *T, vb_style st, double size);
double vb_ts_width(const vb_typesetter *T, vb_style st, double size, const char *s, size_t n);
double vb_ts_space(const vb_typesetter *T, vb_style st, double size);

/* Appends the words of runs (force_style or-ed into each run's style) to *out, in scratch. */
void vb_ts_words_from_runs(vb_typesetter *T, const vb_run *runs, size_t nruns,
                           unsigned force_style, double size, vb_word_vec *out);
void vb_ts_words_from_text(vb_typesetter *T, const char *text, vb_style st, double size,
                           vb_word_vec *out);
/* Cuts words longer than limit into pieces that fit, with a warning at where. */
void vb_ts_split_long_words(vb_typesetter *T, vb_word_vec *words, double limit, vb_pos where);

/* Sets words from *k on with natural spaces from x, while they fit in width (always at least
 * one word); *k ends past the last word set. */
void vb_ts_ragged_line(vb_typesetter *T, const vb_word_vec *w, size_t *k, double x, double width,
                       vb_text_vec *out);
/* Joins items [from, n) set with natural spaces into runs of text where the source allows. */
void vb_ts_merge_natural(vb_typesetter *T, vb_text_vec *t, size_t from);
/* Appends to *notes the footnotes called in n words, in order. */
void vb_ts_collect_notes(vb_typesetter *T, const vb_word *w, size_t n, vb_int_vec *notes);

/* Breaks words into lines and appends them to *out. */
void vb_ts_paragraph(vb_typesetter *T, vb_vline_vec *out, vb_word_vec *words, double size,
                     double pitch, const vb_para_style *ps, vb_pos where);

/* Sets words in centred balanced lines within max_width at absolute positions, the first
 * baseline at y, appending the items to *out; returns the last baseline. widest (may be NULL)
 * receives the widest line. */
double vb_ts_centred_block(vb_typesetter *T, vb_text_vec *out, vb_word_vec *words, double size,
                           double cx, double max_width, double y, double pitch, double *widest);

/* Lines' items go into arenas of about this many items each, so that the pages drawn from
 * them can free them one batch at a time instead of holding a second copy of them all. */
#define VB_BATCH_ITEMS 65536

/* A batch of lines' items: it holds the items of the lines before `end` (a body line's index,
 * or a footnote's number). */
typedef struct {
    vb_arena *arena;
    size_t end;
} vb_item_batch;

typedef struct {
    vb_arena *open; /* NULL until a paragraph needs one */
    size_t open_items;
    VB_VEC(vb_item_batch) closed; /* in the order of their lines */
} vb_item_batches;

/* The open batch's arena (opened when needed), or NULL when out of memory. */
vb_arena *vb_batch_arena(vb_typesetter *T, vb_item_batches *B);
/* Counts items into the open batch and closes it at end when it is full (or when force). */
void vb_batch_close(vb_typesetter *T, vb_item_batches *B, size_t items, size_t end, bool force);
/* Frees the closed batches whose lines all come before `next`; SIZE_MAX frees every batch. */
void vb_batch_free(vb_item_batches *B, size_t next);

/* The body's vertical list as it grows, with what the next paragraph owes it. */
typedef struct {
    vb_vline_vec lines;
    vb_item_batches items; /* the lines' items; batch ends are line indexes */
    size_t items_counted;  /* lines whose items are counted in items */
    double size, pitch;   /* body type */
    double para_space;    /* between paragraphs */
    double indent;        /* first-line indent */
    double pending_space; /* extra space above the next paragraph (after Kính gửi) */
} vb_flow;

/* A body paragraph: appends its lines to the flow at body size. */
void vb_flow_paragraph(vb_typesetter *T, vb_flow *F, vb_word_vec *words, const vb_para_style *ps,
                       vb_pos where);
/* Closes the open batch of items (whatever its size, when force) so pages can free it. */
void vb_flow_close_batch(vb_typesetter *T, vb_flow *F, bool force);

#endif
