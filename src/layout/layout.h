/* Stage 3: layout. Decides every position on every page: letterhead, title block, body lines
 * (total-fit breaking, words placed one by one), footnotes, page numbers, closing block.
 * Output is a display list per page that the PDF backend draws as it is. */
#ifndef VB_LAYOUT_H
#define VB_LAYOUT_H
#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "model/model.h"

/* A run of text drawn at one position: a word, a label, a centred line. No spaces are drawn
 * between words; each word has its own x. Coordinates in points, PDF convention: origin at
 * the bottom-left of the page, y is the baseline. */
typedef struct {
    double x, y;
    double size;
    vb_style style;
    const char *text;  /* NFC UTF-8 */
    size_t len;        /* bytes of text */
} vb_text_item;

/* A solid horizontal or vertical line. */
typedef struct {
    double x1, y1, x2, y2;
    double width;
} vb_rule_item;

/* A filled rectangle (a shaded table row), drawn under the text: x, y its bottom-left corner. */
typedef struct {
    double x, y, w, h;
    double gray; /* 0 black .. 1 white */
} vb_fill_item;

typedef struct {
    vb_text_item *texts;
    size_t ntexts;
    vb_rule_item *rules;
    size_t nrules;
    vb_fill_item *fills;
    size_t nfills;
    double width, height; /* points; 0: the layout's page_width and page_height */
} vb_page;

typedef struct {
    const char *title; /* NFC UTF-8 */
    int level;         /* 0 = top */
    size_t page;       /* 0-based */
    double y;          /* top of the heading, PDF coordinates */
} vb_outline_entry;

/* Where `vanban sign` puts a mark (role "ky", "dau", "so", "sao-y"), in points. */
typedef struct {
    const char *role;
    size_t page; /* 0-based */
    double x, y, w, h;
} vb_mark_box;

typedef struct {
    double page_width, page_height; /* points (A4: 595.2756, 841.8898); a page may have its own
                                       (a landscape appendix: 841.8898 × 595.2756) */
    vb_page *pages;
    size_t npages;
    vb_outline_entry *outline;
    size_t noutline;
    vb_mark_box *boxes; /* boxes.c, after the pages */
    size_t nboxes;
} vb_layout;

/* doc must be prepared. NULL on failure (with diagnostics); warnings (e.g. a word broken
 * because it is longer than the line) are added to diag. */
vb_layout *vb_layout_document(const vb_document *doc, const vb_fontset *fonts, vb_arena *arena,
                              vb_diagnostics *diag);

/* The signature, seal and number boxes of the laid-out pages into l->boxes (boxes.c). */
void vb_layout_record_boxes(vb_layout *l, const vb_document *doc, const vb_fontset *fonts,
                            vb_arena *arena);

#define VB_MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

#endif
