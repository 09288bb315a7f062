/* The công điện's "… điện:" block and the copy block (Phụ lục III mẫu 1.6 and 3.x). */
#include "layout/form_heads.h"

#include <string.h>

#include "layout/geometry.h"

#define G vb_nd30

/* Phụ lục I, bản sao: the copy follows the copied document's last part under a rule as wide as
 * the text area. The gaps around that rule are not given; these keep the rule clear of both. */
#define COPY_RULE_SPACE 12.0 /* points above the rule, after the copied document's last line */
#define COPY_RULE_GAP 10.0   /* points from the rule down to the copy head's first ascender */

void vb_form_cable(vb_decree_page *D)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    const vb_document *d = D->doc;
    if (!d->cable_sender_line)
        return;
    /* The sender's line centred as a decision's issuing authority is; then each recipient a
     * paragraph of its own, indented and spaced as the body's are (as a Kính gửi list's lines
     * are spaced). The sender stays with the first recipient, the last with the body. */
    vb_para_style sender = {.centred = true, .keep_all = true, .space_before = F->para_space,
                            .centre_x = T->left + T->measure / 2,
                            .max_width = T->measure * G.heading_width_ratio};
    vb_para_style recipient = {.first_indent = F->indent, .space_before = F->para_space};
    for (size_t i = 0; i <= d->ncable_lines && !T->failed; i++) {
        vb_para_style ps = i ? recipient : sender;
        ps.keep_all = i == 0 || i == d->ncable_lines;
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, i ? d->cable_lines[i - 1] : d->cable_sender_line,
                              VB_STYLE_REGULAR, F->size, &w);
        vb_flow_paragraph(T, F, &w, &ps, i ? (vb_pos){0, 0} : d->cable_sender.pos);
        vb_arena_reset(T->tmp);
    }
    F->pending_space = G.after_recipients;
}

/* A single line centred on cx at baseline y, into texts. */
static void put_centred(vb_typesetter *T, vb_text_vec *texts, const char *text, vb_style st,
                        double size, double cx, double y)
{
    size_t n = strlen(text);
    double w = vb_ts_width(T, st, size, text, n);
    vb_text_item t = {cx - w / 2, y, size, st, text, n};
    VB_TS_PUSH(T, *texts, t);
}

/* The lines of a list centred in the left column one under the other, the first at baseline
 * y; returns the last baseline, and the last line's width in *last_w. */
static double centred_lines(vb_decree_page *D, vb_text_vec *texts, const vb_str_list *lines,
                            vb_style st, double size, double y, double *last_w)
{
    vb_typesetter *T = D->ts;
    double pitch = vb_ts_single_line(T, st, size);
    double next = y;
    for (size_t i = 0; i < lines->count; i++) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, lines->items[i].text, st, size, &w);
        if (w.n == 0)
            continue;
        next = vb_ts_centred_block(T, texts, &w, size, D->left_col_cx,
                                   D->left_col_w - G.column_side_room, next, pitch, last_w) -
               pitch;
        vb_arena_reset(T->tmp);
    }
    return next + pitch;
}

/* The copy's head as one entry of the vertical list, baseline 0 = its first line: the rule
 * across the text area above it; the copying body (left) with SAO Y (right) on that line; Số
 * and the date on one baseline under the body's rule, as in the letterhead (Phụ lục III mẫu
 * 3.1). */
static void copy_head(vb_decree_page *D, const vb_copy *c)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    double qh_size = F->size >= G.quoc_hieu_size_large + G.motto_size_step
                         ? G.quoc_hieu_size_large
                         : G.quoc_hieu_size_small;
    double tn_size = qh_size + G.motto_size_step;
    double pitch = vb_ts_single_line(T, VB_STYLE_BOLD, qh_size);
    vb_text_vec texts = {0};
    vb_rule_vec rules = {0};
    double y_body = 0, last_w = 0;
    if (c->parent_body.count)
        y_body = centred_lines(D, &texts, &c->parent_body, VB_STYLE_REGULAR, qh_size, 0, NULL) -
                 pitch;
    double y_last = centred_lines(D, &texts, &c->issuing_body, VB_STYLE_BOLD, qh_size, y_body,
                                  &last_w);
    double y_rule = y_last - vb_ts_descent(T, VB_STYLE_BOLD, qh_size) - G.letterhead_rule_drop;
    double len = last_w * G.issuer_rule_ratio;
    vb_rule_item short_rule = {D->left_col_cx - len / 2, y_rule, D->left_col_cx + len / 2, y_rule,
                               G.rule_width};
    VB_TS_PUSH(T, rules, short_rule);
    /* Phụ lục I: the form of the copy in bold capitals of 13–14 pt, as the motto's size */
    put_centred(T, &texts, c->form_line, VB_STYLE_BOLD, tn_size, D->right_col_cx, 0);
    double y_so = y_rule - G.number_drop - vb_ts_ascent(T, VB_STYLE_REGULAR, tn_size);
    put_centred(T, &texts, c->number_line, VB_STYLE_REGULAR, G.number_size, D->left_col_cx, y_so);
    put_centred(T, &texts, c->date_line, VB_STYLE_ITALIC, tn_size, D->right_col_cx, y_so);
    double asc = vb_ts_ascent(T, VB_STYLE_BOLD, tn_size);
    double y_top_rule = asc + COPY_RULE_GAP;
    vb_rule_item across = {T->left, y_top_rule, D->right, y_top_rule, G.rule_width};
    VB_TS_PUSH(T, rules, across);
    vb_vline v = {0};
    v.space_before = COPY_RULE_SPACE;
    v.top = y_top_rule + G.rule_width;
    /* after the closing block, whose depth reaches to its lowest line */
    v.pitch = (F->lines.n ? F->lines.v[F->lines.n - 1].depth : 0) + v.top;
    v.depth = -(y_so - vb_ts_descent(T, VB_STYLE_ITALIC, tn_size));
    v.items = texts.v;
    v.nitems = texts.n;
    v.rules = rules.v;
    v.nrules = rules.n;
    v.keep_with_next = true; /* with its signature */
    VB_TS_PUSH(T, F->lines, v);
}

void vb_form_copy(vb_decree_page *D)
{
    const vb_document *d = D->doc;
    const vb_copy *c = d->copy;
    if (!c || !c->form_line || !c->number_line || !c->date_line)
        return;
    copy_head(D, c);
    /* The copy's Nơi nhận and signature are set as a document's closing block is, from a
     * document that holds the copy's. */
    vb_document shadow = *d;
    shadow.signer = c->signer;
    shadow.distribution_lines = c->distribution_lines;
    shadow.ndistribution_lines = c->ndistribution_lines;
    D->doc = &shadow;
    size_t at = D->body->lines.n;
    vb_decree_closing(D);
    D->doc = d;
    /* the closing block is set to follow a body line; here it follows the copy's head */
    vb_vline_vec *lines = &D->body->lines;
    if (!D->ts->failed && at > 0 && at < lines->n)
        lines->v[at].pitch = lines->v[at - 1].depth + lines->v[at].top;
}
