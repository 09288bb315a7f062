/* The Decree-30 page: page 1's head, Kính gửi, a decision's opening and the closing block. */
#include "layout/decree_page.h"

#include <string.h>

#include "layout/geometry.h"
#include "layout/marks.h"
#include "layout/signature.h"

#define G vb_nd30

/* ------------------------------------------------------------------ page 1 head */

/* A single centred line of plain text at an absolute baseline. */
static void centred_text(vb_decree_page *D, const char *text, vb_style st, double size, double cx,
                         double y)
{
    size_t n = strlen(text);
    double w = vb_ts_width(D->ts, st, size, text, n);
    vb_text_item t = {cx - w / 2, y, size, st, text, n};
    VB_TS_PUSH(D->ts, D->head_texts, t);
}

/* A blank left for the văn thư is a run of two or more spaces in a generated line (the Số
 * line, the date line): its length in bytes at text, 0 when there is none there. */
static size_t blank_at(const char *text)
{
    size_t n = 0;
    while (text[n] == ' ')
        n++;
    return n >= 2 ? n : 0;
}

/* The width of a generated line with each blank set blank_w wide. */
static double width_with_blanks(const vb_decree_page *D, const char *text, vb_style st,
                                double size, double blank_w)
{
    double w = 0;
    for (const char *piece = text; *piece;) {
        size_t n = 0;
        while (piece[n] && !blank_at(piece + n))
            n++;
        w += vb_ts_width(D->ts, st, size, piece, n);
        size_t gap = blank_at(piece + n);
        w += gap ? blank_w : 0;
        piece += n + gap;
    }
    return w;
}

/* A generated line centred at cx with its blanks blank_w wide: one text item a piece, so that
 * the blank is exactly as wide as issued documents leave it, and the first item's text is the
 * line itself (boxes.c finds the pieces by their pointers into it). */
static void centred_with_blanks(vb_decree_page *D, const char *text, vb_style st, double size,
                                double cx, double y, double blank_w)
{
    if (!text)
        return; /* a form without this line */
    double x = cx - width_with_blanks(D, text, st, size, blank_w) / 2;
    for (const char *piece = text; *piece;) {
        size_t n = 0;
        while (piece[n] && !blank_at(piece + n))
            n++;
        double w = vb_ts_width(D->ts, st, size, piece, n);
        if (n) {
            vb_text_item t = {x, y, size, st, piece, n};
            VB_TS_PUSH(D->ts, D->head_texts, t);
        }
        size_t gap = blank_at(piece + n);
        x += w + (gap ? blank_w : 0);
        piece += n + gap;
    }
}

static void centred_rule(vb_decree_page *D, double cx, double y, double len)
{
    vb_rule_item r = {cx - len / 2, y, cx + len / 2, y, G.rule_width};
    VB_TS_PUSH(D->ts, D->head_rules, r);
}

/* Each line of the list centred and balanced, one under the other from y; returns the last
 * baseline. */
static double lines_block(vb_decree_page *D, const vb_str_list *lines, vb_style st, double size,
                          double cx, double max_width, double y, double pitch, double *last_width)
{
    double last = y + pitch;
    for (size_t i = 0; i < lines->count; i++) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(D->ts, lines->items[i].text, st, size, &w);
        if (w.n == 0)
            continue;
        double wid = 0;
        last = vb_ts_centred_block(D->ts, &D->head_texts, &w, size, cx, max_width, last - pitch,
                                   pitch, &wid);
        if (last_width)
            *last_width = wid;
    }
    return last;
}

/* The right column holds the Quốc hiệu and the date: as wide as the wider of them. */
static void set_columns(vb_decree_page *D, double qh_size, double tn_size, const char *quoc_hieu)
{
    const vb_typesetter *T = D->ts;
    double qh_w = vb_ts_width(T, VB_STYLE_BOLD, qh_size, quoc_hieu, strlen(quoc_hieu));
    const char *date = D->doc->date_line;
    double date_w = date ? width_with_blanks(D, date, VB_STYLE_ITALIC, tn_size,
                                             VB_MM_TO_PT(G.day_blank_mm))
                         : 0;
    double right_w = qh_w;
    if (date_w > right_w)
        right_w = date_w;
    right_w += G.column_gap;
    if (right_w > T->measure * G.right_column_max)
        right_w = T->measure * G.right_column_max;
    D->right_col_w = right_w;
    D->left_col_w = T->measure - right_w;
    D->left_col_cx = T->left + D->left_col_w / 2;
    D->right_col_cx = D->right - right_w / 2;
}

/* Box 1: Quốc hiệu, Tiêu ngữ, the rule exactly as long as the motto; returns the rule's y. */
static double quoc_hieu(vb_decree_page *D, const char *text, double qh_size, double tn_size,
                        double y_qh)
{
    const char *tieu_ngu = "Độc lập - Tự do - Hạnh phúc";
    double tn_w = vb_ts_width(D->ts, VB_STYLE_BOLD, tn_size, tieu_ngu, strlen(tieu_ngu));
    centred_text(D, text, VB_STYLE_BOLD, qh_size, D->right_col_cx, y_qh);
    double y_tn = y_qh - vb_ts_single_line(D->ts, VB_STYLE_BOLD, tn_size);
    centred_text(D, tieu_ngu, VB_STYLE_BOLD, tn_size, D->right_col_cx, y_tn);
    double y_rule = y_tn - vb_ts_descent(D->ts, VB_STYLE_BOLD, tn_size) - G.letterhead_rule_drop;
    centred_rule(D, D->right_col_cx, y_rule, tn_w);
    return y_rule;
}

/* Box 2: parent body (regular), issuing body (bold), the short rule; returns the rule's y. */
static double issuing_body(vb_decree_page *D, double size, double y_qh, double pitch)
{
    const vb_document *d = D->doc;
    double last_w = 0;
    double last_y = y_qh + pitch;
    double width = D->left_col_w - G.column_side_room;
    if (d->parent_body.count)
        last_y = lines_block(D, &d->parent_body, VB_STYLE_REGULAR, size, D->left_col_cx, width,
                             y_qh, pitch, NULL);
    double y_issuer = last_y - pitch;
    last_y = lines_block(D, &d->issuing_body, VB_STYLE_BOLD, size, D->left_col_cx, width, y_issuer,
                         pitch, &last_w);
    double y_rule = last_y - vb_ts_descent(D->ts, VB_STYLE_BOLD, size) - G.letterhead_rule_drop;
    /* the rule sits under the name's last line */
    centred_rule(D, D->left_col_cx, y_rule, last_w * G.issuer_rule_ratio);
    return y_rule;
}

/* Box 5b: a công văn's "V/v …" under Số, within the left column, each line the clerk gave
 * centred on its own (real-docs 08). Sets *y_last and *depth. */
static void cv_summary(vb_decree_page *D, double y_so, double *y_last, double *depth)
{
    vb_typesetter *T = D->ts;
    double size = G.cv_summary_size;
    double pitch = vb_ts_single_line(T, VB_STYLE_REGULAR, size);
    const char *summary = D->doc->summary.text;
    const char *vv = vb_arena_printf(T->a, "V/v %s", summary ? summary : "");
    if (!vv)
        T->failed = true;
    double y = y_so - vb_ts_descent(T, VB_STYLE_REGULAR, G.number_size) - G.cv_summary_gap -
               vb_ts_ascent(T, VB_STYLE_REGULAR, size);
    *y_last = y + pitch;
    for (const char *line = vv; line;) {
        const char *nl = strchr(line, '\n');
        const char *text = nl ? vb_arena_strndup(T->a, line, (size_t)(nl - line)) : line;
        T->failed |= !text;
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, text, VB_STYLE_REGULAR, size, &w);
        *y_last = vb_ts_centred_block(T, &D->head_texts, &w, size, D->left_col_cx,
                                      D->left_col_w - G.column_side_room, *y_last - pitch, pitch,
                                      NULL);
        line = nl ? nl + 1 : NULL;
    }
    *depth = vb_ts_descent(T, VB_STYLE_REGULAR, size);
}

/* The trích yếu's lines as the clerk broke them ("\n" inside its runs): *n riches in the
 * arena, each a line to centre on its own. */
static vb_rich *summary_lines(vb_typesetter *T, const vb_rich *r, size_t *n)
{
    size_t breaks = 0;
    for (size_t i = 0; i < r->count; i++)
        for (const char *c = r->runs[i].text; *c; c++)
            breaks += *c == '\n';
    vb_rich *lines = vb_arena_calloc(T->a, breaks + 1, sizeof *lines);
    vb_run *runs = vb_arena_calloc(T->a, r->count + breaks + 1, sizeof *runs);
    if (!lines || !runs) {
        T->failed = true;
        *n = 0;
        return NULL;
    }
    size_t line = 0;
    lines[0].runs = runs;
    for (size_t i = 0; i < r->count; i++) {
        for (const char *piece = r->runs[i].text;;) {
            const char *nl = strchr(piece, '\n');
            vb_run run = r->runs[i];
            run.text = nl ? vb_arena_strndup(T->a, piece, (size_t)(nl - piece)) : piece;
            T->failed |= !run.text;
            lines[line].runs[lines[line].count++] = run;
            if (!nl)
                break;
            vb_run *next = lines[line].runs + lines[line].count;
            lines[++line].runs = next;
            piece = nl + 1;
        }
    }
    *n = T->failed ? 0 : line + 1;
    return lines;
}

/* Box 5a: type name and trích yếu centred on the text area, bold, with the short rule, and the
 * ghi chú under it. *y_last and *depth come in as the Số line's and go out as the block's. */
static void title_block(vb_decree_page *D, double *y_last, double *depth)
{
    vb_typesetter *T = D->ts;
    const vb_document *d = D->doc;
    double size = D->body->size;
    double cx = T->left + T->measure / 2;
    double width = T->measure * G.summary_width_ratio;
    double pitch = vb_ts_single_line(T, VB_STYLE_BOLD, size);
    double y_type = *y_last - *depth - G.type_name_gap - vb_ts_ascent(T, VB_STYLE_BOLD, size);
    centred_text(D, d->type->name_upper, VB_STYLE_BOLD, size, cx, y_type);
    double widest = 0;
    if (d->summary_rich.count == 0) {
        /* A form without a trích yếu (a giấy mời, real-docs 06): the rule under the type name,
         * the body under the rule, no room kept for lines that are not there. */
        *y_last = y_type;
        widest = vb_ts_width(T, VB_STYLE_BOLD, size, d->type->name_upper,
                             strlen(d->type->name_upper));
    } else {
        /* Each line the clerk gave is centred and balanced on its own. */
        size_t n = 0;
        const vb_rich *lines = summary_lines(T, &d->summary_rich, &n);
        *y_last = y_type;
        for (size_t i = 0; i < n; i++) {
            vb_word_vec w = {0};
            vb_ts_words_from_runs(T, lines[i].runs, lines[i].count, VB_STYLE_BOLD, size, &w);
            double line_w = 0;
            *y_last = vb_ts_centred_block(T, &D->head_texts, &w, size, cx, width, *y_last - pitch,
                                          pitch, &line_w);
            widest = line_w > widest ? line_w : widest;
            vb_ts_collect_notes(T, w.v, w.n, &D->header_notes);
        }
    }
    /* Clear of the descenders, so that it reads as a rule and not as an underline. */
    double y_rule = *y_last - vb_ts_descent(T, VB_STYLE_BOLD, size) - G.summary_rule_drop;
    centred_rule(D, cx, y_rule, widest * G.summary_rule_ratio);
    *depth = *y_last - y_rule + G.summary_rule_depth;
    if (d->summary_note.text && *d->summary_note.text) {
        vb_word_vec nw = {0};
        vb_ts_words_from_text(T, d->summary_note.text, VB_STYLE_ITALIC, size, &nw);
        double y = y_rule - G.summary_note_gap - vb_ts_ascent(T, VB_STYLE_ITALIC, size);
        *y_last = vb_ts_centred_block(T, &D->head_texts, &nw, size, cx, width, y, pitch, NULL);
        *depth = vb_ts_descent(T, VB_STYLE_ITALIC, size);
    }
}

/* Boxes 1 and 2 at the top of the page: the Quốc hiệu and Tiêu ngữ, the issuing body, each
 * with its rule; returns the lower rule's y. */
static double letterhead(vb_decree_page *D, double *qh_size, double *tn_size)
{
    const vb_typesetter *T = D->ts;
    *qh_size = D->body->size >= G.quoc_hieu_size_large + G.motto_size_step
                   ? G.quoc_hieu_size_large
                   : G.quoc_hieu_size_small;
    *tn_size = *qh_size + G.motto_size_step;
    const char *text_qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    set_columns(D, *qh_size, *tn_size, text_qh);

    double top = D->page_h - D->margin_top;
    double qh_pitch = vb_ts_single_line(T, VB_STYLE_BOLD, *qh_size);
    double y_qh = top - vb_ts_ascent(T, VB_STYLE_BOLD, *qh_size);
    double y_tn_rule = quoc_hieu(D, text_qh, *qh_size, *tn_size, y_qh);
    /* the issuing body's name is set at the Quốc hiệu's size */
    double y_body_rule = issuing_body(D, *qh_size, y_qh, qh_pitch);
    return y_body_rule < y_tn_rule ? y_body_rule : y_tn_rule;
}

/* Phụ lục III, mẫu 1.3: a text issued with a decision opens with the letterhead, without Số
 * and date; its title comes where page 1's does, one Số line below the rules. */
void vb_decree_letterhead(vb_decree_page *D)
{
    double qh_size = 0, tn_size = 0;
    double y_rules = letterhead(D, &qh_size, &tn_size);
    D->body_top = y_rules - G.number_drop - vb_ts_single_line(D->ts, VB_STYLE_REGULAR, tn_size) -
                  G.type_name_gap;
}

/* The letterhead (boxes 1–4) and the type name with the trích yếu (5a) or V/v (5b), at fixed
 * positions on page 1; Kính gửi (9a) follows as body lines (vb_decree_recipients). */
void vb_decree_head(vb_decree_page *D)
{
    const vb_document *d = D->doc;
    const vb_typesetter *T = D->ts;
    double qh_size = 0, tn_size = 0;
    double y_rules = letterhead(D, &qh_size, &tn_size);

    /* Số (box 3) and place-date (box 4) share a baseline under both columns. */
    double y_so = y_rules - G.number_drop - vb_ts_ascent(T, VB_STYLE_REGULAR, tn_size);
    centred_with_blanks(D, d->number_line, VB_STYLE_REGULAR, G.number_size, D->left_col_cx, y_so,
                        VB_MM_TO_PT(G.number_blank_mm));
    centred_with_blanks(D, d->date_line, VB_STYLE_ITALIC, tn_size, D->right_col_cx, y_so,
                        VB_MM_TO_PT(G.day_blank_mm));
    double y_last = y_so;
    double last_depth = vb_ts_descent(T, VB_STYLE_REGULAR, tn_size);
    if (!d->number_line && !d->date_line) {
        /* A form with neither (a biên bản): the title comes up under the letterhead's rules. */
        y_last = y_rules;
        last_depth = 0;
    }
    if (!d->type->name_upper) {
        cv_summary(D, y_so, &y_last, &last_depth);
        vb_decree_marks(D, &y_last, &last_depth);
    } else {
        vb_decree_marks(D, &y_last, &last_depth);
        title_block(D, &y_last, &last_depth);
    }
    D->body_top = y_last - last_depth - G.body_gap_p1;
}

/* ------------------------------------------------------------------ Kính gửi */

/* Several recipients: "Kính gửi:" then one per line "- …;", the block centred as a whole, each
 * recipient a paragraph; one too long for the line wraps under its text. */
static void recipient_list(vb_decree_page *D, const char **lines, double widest)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    const vb_str_list *rcpt = &D->doc->recipients;
    const char *label = "Kính gửi:";
    double label_w = vb_ts_width(T, VB_STYLE_REGULAR, F->size, label, strlen(label));
    double block_w = label_w + vb_ts_space(T, VB_STYLE_REGULAR, F->size) + widest;
    if (block_w > T->measure)
        block_w = T->measure;
    double x0 = T->left + (T->measure - block_w) / 2;
    double x_text = x0 + label_w + vb_ts_space(T, VB_STYLE_REGULAR, F->size);
    double room = D->right - x_text;
    double dash_w = vb_ts_width(T, VB_STYLE_REGULAR, F->size, "- ", 2);
    double line_desc = vb_ts_descent(T, VB_STYLE_REGULAR, F->size);
    double line_asc = vb_ts_ascent(T, VB_STYLE_REGULAR, F->size);
    for (size_t i = 0; i < rcpt->count; i++) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, lines[i], VB_STYLE_REGULAR, F->size, &w);
        vb_ts_split_long_words(T, &w, room - dash_w, rcpt->items[i].pos);
        for (size_t k = 0; k < w.n && !T->failed;) {
            bool first_line = k == 0;
            vb_text_vec texts = {0};
            if (i == 0 && first_line) {
                vb_text_item t = {x0, 0, F->size, VB_STYLE_REGULAR, label, strlen(label)};
                VB_TS_PUSH(T, texts, t);
            }
            double indent = first_line ? 0 : dash_w;
            vb_ts_ragged_line(T, &w, &k, x_text + indent, room - indent, &texts);
            vb_vline v = {0};
            v.space_before = first_line && i > 0 ? F->para_space : 0;
            v.top = line_asc;
            v.pitch = F->pitch;
            v.depth = line_desc;
            v.items = texts.v;
            v.nitems = texts.n;
            /* a recipient's wrapped lines stay together */
            v.keep_with_next = k < w.n;
            VB_TS_PUSH(T, F->lines, v);
        }
        vb_arena_reset(T->tmp);
    }
}

/* Kính gửi (box 9a): one recipient on the same line, centred; several, one per line, as in the
 * Decree's templates. The lines flow as body lines, so that a long list of recipients goes on
 * to page 2 rather than off page 1. */
void vb_decree_recipients(vb_decree_page *D)
{
    vb_typesetter *T = D->ts;
    const vb_str_list *rcpt = &D->doc->recipients;
    if (!rcpt->count)
        return;
    if (rcpt->count == 1) {
        const char *line = vb_arena_printf(T->a, "Kính gửi: %s", rcpt->items[0].text);
        if (!line)
            T->failed = true;
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, line, VB_STYLE_REGULAR, D->body->size, &w);
        vb_para_style ps = {0};
        ps.centred = true;
        ps.centre_x = T->left + T->measure / 2;
        ps.max_width = T->measure * G.heading_width_ratio;
        vb_flow_paragraph(T, D->body, &w, &ps, rcpt->items[0].pos);
        vb_arena_reset(T->tmp);
    } else {
        const char **lines = vb_arena_calloc(T->a, rcpt->count, sizeof *lines);
        if (!lines) {
            T->failed = true;
            return;
        }
        double widest = 0;
        for (size_t i = 0; i < rcpt->count; i++) {
            bool last = i + 1 == rcpt->count;
            lines[i] = vb_arena_printf(T->a, "- %s%s", rcpt->items[i].text, last ? "." : ";");
            if (!lines[i]) {
                T->failed = true;
                return;
            }
            double w = vb_ts_width(T, VB_STYLE_REGULAR, D->body->size, lines[i], strlen(lines[i]));
            if (w > widest)
                widest = w;
        }
        recipient_list(D, lines, widest);
    }
    /* the body after the recipients starts a little further down, as after the title */
    D->body->pending_space = G.after_recipients;
}

/* ------------------------------------------------------------------ decisions */

/* A decision's opening (Phụ lục III, mẫu 1.2): the issuing authority centred in bold capitals,
 * the legal bases as italic paragraphs, then "QUYẾT ĐỊNH:" centred in bold, kept with the first
 * article. They flow as body lines, so a long list of bases may run onto page 2. */
void vb_decree_basis(vb_decree_page *D)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    const vb_document *d = D->doc;
    vb_para_style centred = {0};
    centred.centred = true;
    centred.keep_all = true;
    centred.centre_x = T->left + T->measure / 2;
    centred.max_width = T->measure * G.heading_width_ratio;
    centred.space_before = F->para_space;
    for (size_t i = 0; i < d->issuing_authority.count; i++) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, d->issuing_authority.items[i].text, VB_STYLE_BOLD, F->size, &w);
        vb_flow_paragraph(T, F, &w, &centred, d->issuing_authority.items[i].pos);
        vb_arena_reset(T->tmp);
        centred.space_before = 0;
    }
    /* kieu_can_cu: doan or gop: a kế hoạch's or tờ trình's bases, upright like its body */
    vb_style basis_style = d->basis_form == VB_BASIS_ITALIC ? VB_STYLE_ITALIC : VB_STYLE_REGULAR;
    vb_para_style basis = {0};
    basis.first_indent = F->indent;
    basis.space_before = F->para_space;
    for (size_t i = 0; i < d->nbasis_lines; i++) {
        vb_word_vec w = {0};
        if (d->basis_rich)
            vb_ts_words_from_runs(T, d->basis_rich[i].runs, d->basis_rich[i].count, basis_style,
                                  F->size, &w);
        else
            vb_ts_words_from_text(T, d->basis_lines[i], basis_style, F->size, &w);
        vb_flow_paragraph(T, F, &w, &basis, (vb_pos){0, 0});
        vb_arena_reset(T->tmp);
    }
    if (d->enacting_line) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, d->enacting_line, VB_STYLE_BOLD, F->size, &w);
        centred.space_before = F->para_space;
        vb_flow_paragraph(T, F, &w, &centred, (vb_pos){0, 0});
        vb_arena_reset(T->tmp);
    }
}

/* ------------------------------------------------------------------ closing block */

/* Where the lines of the Nơi nhận items go: beside the signature while the block stays within
 * a page, then as lines of their own. */
typedef struct {
    vb_vline_vec *lines; /* the flow: the block's own entry at block_at, the items' lines after */
    size_t block_at, nrest;
    bool overflow;
    double yi;          /* baseline of the next item line, relative to the block */
    double left_bottom; /* lowest point of the items kept in the block */
    double pitch, asc, desc, lowest_baseline;
} closing_items;

/* Moves a line of items into the block or, past the block's room, into the flow as a line of
 * its own with exactly the room it needs; *line is emptied for the next one. */
static void place_item_line(vb_typesetter *T, closing_items *ci, vb_text_vec *line,
                            vb_text_vec *block)
{
    if (!line->n)
        return;
    if (ci->yi < ci->lowest_baseline)
        ci->overflow = true;
    if (!ci->overflow) {
        for (size_t j = 0; j < line->n; j++) {
            vb_text_item t = line->v[j];
            t.y = ci->yi;
            VB_TS_PUSH(T, *block, t);
        }
        ci->left_bottom = ci->yi - ci->desc;
    } else {
        vb_vline v = {0};
        v.top = ci->asc;
        /* the first line on its own follows the block's baseline (its first title line) */
        v.pitch = ci->nrest ? ci->pitch : -ci->yi;
        v.depth = ci->desc;
        size_t bytes = line->n * sizeof *line->v;
        v.items = vb_arena_grow(T->lines, line->v, bytes, bytes);
        v.nitems = line->n;
        T->failed |= !v.items;
        VB_TS_PUSH(T, *ci->lines, v);
        ci->nrest++;
    }
    line->n = 0;
    ci->yi -= ci->pitch;
}

/* Nơi nhận (box 9b) in the left column, its top level with the signature's top (sig_asc above
 * the block's baseline), reaching to sig_left less a gap. Items that would take the block past
 * a share of the page go to ci->rest. */
static void noi_nhan(vb_decree_page *D, vb_text_vec *texts, double sig_left, double sig_asc,
                     closing_items *ci)
{
    vb_typesetter *T = D->ts;
    const vb_document *d = D->doc;
    double head_asc = vb_ts_ascent(T, VB_STYLE_BOLD_ITALIC, G.noi_nhan_head_size);
    double y_head = sig_asc - head_asc;
    const char *head = "Nơi nhận:";
    vb_text_item h = {T->left, y_head, G.noi_nhan_head_size, VB_STYLE_BOLD_ITALIC, head,
                      strlen(head)};
    VB_TS_PUSH(T, *texts, h);
    ci->pitch = vb_ts_single_line(T, VB_STYLE_REGULAR, G.noi_nhan_item_size);
    ci->yi = y_head - vb_ts_single_line(T, VB_STYLE_BOLD_ITALIC, G.noi_nhan_head_size);
    double col_w = sig_left - T->left - G.noi_nhan_gap;
    if (col_w < T->measure * G.noi_nhan_min_ratio)
        col_w = T->measure * G.noi_nhan_min_ratio;
    double dash_w = vb_ts_width(T, VB_STYLE_REGULAR, G.noi_nhan_item_size, "- ", 2);
    ci->asc = vb_ts_ascent(T, VB_STYLE_REGULAR, G.noi_nhan_item_size);
    ci->desc = vb_ts_descent(T, VB_STYLE_REGULAR, G.noi_nhan_item_size);
    double text_h = D->page_h - D->margin_top - D->margin_bottom;
    ci->lowest_baseline = sig_asc - G.closing_max_ratio * text_h + ci->desc;
    /* One line buffer for all items: a list of thousands of recipients keeps no outgrown one. */
    vb_text_vec line = {0};
    for (size_t i = 0; i < d->ndistribution_lines; i++) {
        /* An item too long for the column wraps under its text, the dash hanging. */
        vb_word_vec w = {0};
        if (d->distribution_rich) /* "- Sở Nội vụ *(để báo cáo)*;" with its italics */
            vb_ts_words_from_runs(T, d->distribution_rich[i].runs, d->distribution_rich[i].count,
                                  VB_STYLE_REGULAR, G.noi_nhan_item_size, &w);
        else
            vb_ts_words_from_text(T, d->distribution_lines[i], VB_STYLE_REGULAR,
                                  G.noi_nhan_item_size, &w);
        for (size_t k = 0; k < w.n && !T->failed;) {
            double indent = k ? dash_w : 0;
            vb_ts_ragged_line(T, &w, &k, T->left + indent, col_w - indent, &line);
            place_item_line(T, ci, &line, texts);
        }
        vb_arena_reset(T->tmp);
    }
}

/* Nơi nhận (left, 12 bold italic; items 11) and the signature block (right), level with each
 * other, as one unbreakable entry of the vertical list. The block is never split while it fits
 * on a page; a Nơi nhận too long for that keeps what fits beside the signature and goes on as
 * its own lines, which the page builder may carry to the next page. */
void vb_decree_closing(vb_decree_page *D)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    vb_text_vec texts = {0};
    double sig_asc = vb_ts_ascent(T, VB_STYLE_BOLD, F->size);
    /* Several signers stand in rows of their own; the Nơi nhận follows them, the full width. */
    bool rows = D->doc->nother_signers > 0;
    double space = F->para_space + G.closing_space_extra;
    if (rows && !D->doc->ndistribution_lines) {
        vb_signature_rows(D); /* a biên bản's signers close it: nothing follows them */
        return;
    }
    if (rows) {
        double depth = vb_signature_rows(D);
        sig_asc = vb_ts_ascent(T, VB_STYLE_BOLD_ITALIC, G.noi_nhan_head_size);
        space = vb_signature_space_after(D, depth, sig_asc, space);
    }
    double bottom = rows ? 0 : vb_signature_single(D, &texts);
    /* The Nơi nhận column reaches to the signature block's widest line, less a gap. */
    double sig_left = rows ? D->right + G.noi_nhan_gap : D->right_col_cx;
    for (size_t i = 0; i < texts.n; i++)
        if (texts.v[i].x < sig_left)
            sig_left = texts.v[i].x;
    /* The block's entry goes first in the flow; the Nơi nhận lines that do not fit beside the
     * signature follow it there directly, not through a list of their own. */
    closing_items ci = {0};
    ci.lines = &F->lines;
    ci.block_at = F->lines.n;
    ci.left_bottom = bottom;
    VB_TS_PUSH(T, F->lines, (vb_vline){0});
    if (D->doc->ndistribution_lines) /* noi_nhan: [] has no Nơi nhận, not even its head */
        noi_nhan(D, &texts, sig_left, sig_asc, &ci);
    vb_ts_merge_natural(T, &texts, 0);
    if (ci.left_bottom < bottom)
        bottom = ci.left_bottom;

    vb_vline v = {0};
    v.space_before = space;
    v.top = sig_asc;
    v.pitch = F->pitch;
    v.depth = -bottom;
    v.items = texts.v;
    v.nitems = texts.n;
    v.keep_with_next = ci.nrest > 0;
    if (T->failed)
        return;
    F->lines.v[ci.block_at] = v;
    for (size_t i = 0; i < ci.nrest; i++)
        F->lines.v[ci.block_at + 1 + i].keep_with_next = i + 1 < ci.nrest;
}
