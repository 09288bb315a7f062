/* Every text of a document, in one place and in reading order, for the passes that must see all
 * of them (NFC, font coverage): a field added to the model is added to vb_walk_texts once, and
 * no pass can then miss it. */
#ifndef VB_WALK_H
#define VB_WALK_H
#include "model/model.h"

typedef enum {
    VB_TEXT_SOURCE,    /* a vb_str as the content wrote it; prepare rewrites it in place */
    VB_TEXT_RUNS,      /* the prepared runs of a source text (marks gone, calls "(N)" added) */
    VB_TEXT_GENERATED, /* a line or label prepare built, or a fixed word the model names */
} vb_text_kind;

typedef struct {
    vb_text_kind kind;
    const char *field;   /* the content key, for messages: "co_quan", "nguoi_ky.ho_ten" */
    vb_pos pos;          /* where the text comes from; {0,0} for lines of no one place */
    bool drawn;          /* false for what is never printed (footnote ids, the PDF title) */
    vb_str *str;         /* VB_TEXT_SOURCE (its text may be NULL: the field is absent) */
    const vb_rich *rich; /* VB_TEXT_RUNS */
    const char *text;    /* VB_TEXT_GENERATED; NULL before preparation */
} vb_text_field;

typedef void (*vb_text_visitor)(void *ctx, const vb_text_field *t);

/* Calls visit for every text field of d: the source texts in the order of the content format,
 * each generated text after the source texts it is made of. */
void vb_walk_texts(vb_document *d, vb_text_visitor visit, void *ctx);

/* Where a node's text starts: the scalar's position, or the node's when the text has none. */
vb_pos vb_node_text_pos(const vb_node *node);

#endif
