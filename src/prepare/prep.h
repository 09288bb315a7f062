/* What the files of the prepare stage share: the state of one run and the helpers more than
 * one of them uses. Not part of the stage's interface (that is prepare.h). */
#ifndef VB_PREP_H
#define VB_PREP_H
#include <stdint.h>

#include "prepare/prepare.h"
#include "prepare/table.h"

/* Unknown footnote ids whose message names the nearest declared ids: a clerk reads the first
 * few, and each costs a pass over every declared id. Further ones get the plain message. */
#define PREP_HINTED_IDS 16

typedef struct {
    const char *id; /* not NUL-terminated: it points into the text that called it */
    size_t len;
    const char *text;
} prep_hint;

typedef struct {
    vb_document *doc;
    const vb_fontset *fonts;
    vb_arena *arena;
    vb_diagnostics *diag;
    bool failed; /* an error was reported */

    prep_table footnote_ids;     /* id -> index in doc->footnotes */
    int footnotes_called;      /* footnote numbers handed out so far */
    bool parsing_footnote;     /* inside a footnote paragraph, calls are refused */
    bool lookup_refused;       /* the last parse stopped because of the footnote call below */
    const char *refused_id;
    size_t refused_id_len;
    prep_hint hints[PREP_HINTED_IDS];
    size_t nhints;

    int articles;              /* Điều numbers run on through chapters and sections */
} prep;

void prep_error(prep *p, vb_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void prep_warning(prep *p, vb_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* text.c */
bool prep_has_text(const vb_str *s);
size_t prep_char_index(const char *s, size_t offset);
size_t prep_encode_cp(uint32_t cp, char out[5]);
char *prep_upper(vb_arena *a, const char *s);
/* True when s is NFC already and prep_collapse_whitespace would leave it as it is: most text,
 * which then needs no copy of its own. */
bool prep_clean_nfc(const char *s, size_t len);
size_t prep_collapse_whitespace(char *s);
/* The same, but a run with a line break in it is one "\n" (the trích yếu's lines). */
size_t prep_collapse_keeping_lines(char *s);

/* footnotes.c: footnote calls are numbered as the texts holding them are parsed. */
void prep_index_footnotes(prep *p);
void prep_parse_rich(prep *p, const char *text, vb_pos pos, const char *what, vb_rich *out);
void prep_footnote_paragraphs(prep *p);

/* numbering.c */
void prep_body(prep *p);

/* table_cells.c: a table (bang)'s cells, caption, STT texts and column alignments, read in the body's
 * order so that footnote calls in cells are numbered where they stand. */
void prep_bang(prep *p, vb_table *t);

/* lines.c */
void prep_generated_lines(prep *p);
void prep_shadow_lines(prep *p, vb_document *shadow);

/* forms.c: a công điện's "… điện:" lines, a copy's own block */
void prep_forms(prep *p);

/* numbering.c: labels and runs of blocks outside noi_dung (an appendix's). */
void prep_nodes(prep *p, vb_node *nodes, size_t n);
/* appendix.c: the appendices' blocks after the body's (footnotes are numbered in reading
 * order), their heading and "(Kèm theo …)" line after the generated lines (it repeats their Số
 * and date). */
void prep_appendix_bodies(prep *p);
void prep_appendices(prep *p);

/* coverage.c */
void prep_check_coverage(prep *p);

#endif
