/* The Decree-30 page: page 1's head (letterhead, Số and date, title block), Kính gửi, a
 * decision's opening, and the closing block (Nơi nhận and signature). */
#ifndef VB_DECREE_PAGE_H
#define VB_DECREE_PAGE_H
#include "layout/typeset.h"

typedef struct {
    const vb_document *doc;
    vb_typesetter *ts;
    vb_flow *body;
    double page_h, margin_top, margin_bottom;
    double right; /* the text area's right edge */
    /* letterhead columns, set with the head and shared by the closing block */
    double left_col_w, left_col_cx, right_col_cx, right_col_w;
    vb_text_vec head_texts; /* page 1's head, at absolute positions */
    vb_rule_vec head_rules;
    double body_top;        /* where the body may start on page 1 */
    vb_int_vec header_notes; /* footnotes called in the trích yếu */
} vb_decree_page;

/* Boxes 1–5 at fixed positions on page 1. */
void vb_decree_head(vb_decree_page *D);
/* Boxes 1–2 alone, at the top of an attached text's first page; body_top under them. */
void vb_decree_letterhead(vb_decree_page *D);
/* Kính gửi (box 9a) as body lines. */
void vb_decree_recipients(vb_decree_page *D);
/* A decision's authority, legal bases and "QUYẾT ĐỊNH:" as body lines. */
void vb_decree_basis(vb_decree_page *D);
/* Nơi nhận and the signature as one entry of the body (and lines of a Nơi nhận too long). */
void vb_decree_closing(vb_decree_page *D);

#endif
