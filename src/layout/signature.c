/* The signature blocks (box 7): where each signer's lines go and how much room they leave. */
#include "layout/signature.h"

#include <string.h>

#include "layout/geometry.h"

#define G vb_nd30

/* A block set around x = 0 before it is moved to its column. */
typedef struct {
    vb_text_vec texts;
    double last_title; /* baseline of the last title line */
    double bottom;     /* lowest point once the name is set */
} block;

/* Centred balanced lines from baseline y down; returns the last baseline. */
static double centred_lines(vb_decree_page *D, const char *const *lines, size_t n, double max_w,
                            double y, vb_text_vec *out)
{
    vb_typesetter *T = D->ts;
    double size = D->body->size;
    double pitch = vb_ts_single_line(T, VB_STYLE_BOLD, size);
    double last = y + pitch;
    for (size_t i = 0; i < n; i++) {
        vb_word_vec w = {0};
        vb_ts_words_from_text(T, lines[i], VB_STYLE_BOLD, size, &w);
        if (w.n)
            last = vb_ts_centred_block(T, out, &w, size, 0, max_w, last - pitch, pitch, NULL);
    }
    return last;
}

static void set_titles(vb_decree_page *D, const vb_signer *s, double max_w, block *b)
{
    b->last_title = centred_lines(D, s->title_lines, s->ntitle_lines, max_w, 0, &b->texts);
}

/* The name's first baseline is name_y: the room is measured from the lowest title line of the
 * row, so that names stand level. */
static void set_names(vb_decree_page *D, const vb_signer *s, double max_w, double name_y,
                      block *b)
{
    double size = D->body->size;
    double last = centred_lines(D, s->name_lines, s->nname_lines, max_w, name_y, &b->texts);
    b->bottom = last - vb_ts_descent(D->ts, VB_STYLE_BOLD, size);
}

/* Where the name goes under titles ending at last_title. */
static double name_baseline(vb_decree_page *D, double last_title)
{
    vb_typesetter *T = D->ts;
    double size = D->body->size;
    return last_title - vb_ts_descent(T, VB_STYLE_BOLD, size) - VB_MM_TO_PT(G.signature_room_mm) -
           vb_ts_ascent(T, VB_STYLE_BOLD, size);
}

/* Moves the block to centre cx, or as near as its lines allow within [lo, hi], into *out. */
static void place(vb_decree_page *D, const block *b, double cx, double lo, double hi,
                  vb_text_vec *out)
{
    double min_x = 0, max_x = 0;
    for (size_t i = 0; i < b->texts.n; i++) {
        const vb_text_item *t = &b->texts.v[i];
        double right = t->x + vb_ts_width(D->ts, t->style, t->size, t->text, t->len);
        if (i == 0 || t->x < min_x)
            min_x = t->x;
        if (i == 0 || right > max_x)
            max_x = right;
    }
    if (cx + max_x > hi)
        cx = hi - max_x;
    if (cx + min_x < lo)
        cx = lo - min_x;
    for (size_t i = 0; i < b->texts.n; i++) {
        vb_text_item t = b->texts.v[i];
        t.x += cx;
        VB_TS_PUSH(D->ts, *out, t);
    }
}

/* The right column's centre for a signature: issued documents sit it right of the Quốc
 * hiệu's. */
static double right_centre(const vb_decree_page *D)
{
    return D->right_col_cx + VB_MM_TO_PT(G.signature_offset_mm);
}

double vb_signature_single(vb_decree_page *D, vb_text_vec *texts)
{
    const vb_signer *s = &D->doc->signer;
    block b = {0};
    set_titles(D, s, D->right_col_w, &b);
    set_names(D, s, D->right_col_w, name_baseline(D, b.last_title), &b);
    place(D, &b, right_centre(D), D->right - D->right_col_w, D->right, texts);
    return b.bottom;
}

/* The signer of index i: 0 is nguoi_ky's first entry. */
static const vb_signer *signer_at(const vb_document *d, size_t i)
{
    return i == 0 ? &d->signer : &d->other_signers[i - 1];
}

/* A row of one or two signers as one entry of the flow: the left one under the issuing body's
 * column, the right one where a single signature goes; one alone in a row is centred. Returns
 * how far the row reaches below its baseline. */
static double signer_row(vb_decree_page *D, const vb_signer *left, const vb_signer *right,
                         bool centred, double space_before)
{
    vb_typesetter *T = D->ts;
    vb_flow *F = D->body;
    const vb_signer *who[2] = {left, right};
    /* The left block is centred under the issuing body's column but may use the room up to
     * the right block (less a gap), so that a name with a rank ("Thượng tá Hoàng Văn Thanh")
     * stays on one line as on the issued biên bản. */
    double max_w[2] = {T->measure / 2 - G.column_side_room, D->right_col_w};
    block b[2];
    memset(b, 0, sizeof b);
    double lowest_title = 0;
    for (int k = 0; k < 2; k++)
        if (who[k]) {
            set_titles(D, who[k], max_w[k], &b[k]);
            if (b[k].last_title < lowest_title)
                lowest_title = b[k].last_title;
        }
    double name_y = name_baseline(D, lowest_title), bottom = 0;
    vb_text_vec placed[2] = {{0}, {0}}, texts = {0};
    double left_hi = T->left + T->measure / 2;
    for (int k = 1; k >= 0; k--) { /* the right block first: the left one may use the rest */
        if (!who[k])
            continue;
        set_names(D, who[k], max_w[k], name_y, &b[k]);
        if (b[k].bottom < bottom)
            bottom = b[k].bottom;
        if (centred)
            place(D, &b[k], T->left + T->measure / 2, T->left, D->right, &placed[k]);
        else if (k == 0)
            place(D, &b[k], D->left_col_cx, T->left, left_hi, &placed[k]);
        else
            place(D, &b[k], right_centre(D), D->right - D->right_col_w, D->right, &placed[k]);
        for (size_t i = 0; k == 1 && i < placed[k].n; i++)
            if (placed[k].v[i].x - VB_MM_TO_PT(G.column_side_room) < left_hi)
                left_hi = placed[k].v[i].x - VB_MM_TO_PT(G.column_side_room);
    }
    for (int k = 0; k < 2; k++) /* in reading order, left then right */
        for (size_t i = 0; i < placed[k].n; i++)
            VB_TS_PUSH(T, texts, placed[k].v[i]);
    vb_ts_merge_natural(T, &texts, 0);
    vb_vline v = {0};
    v.space_before = space_before;
    v.top = vb_ts_ascent(T, VB_STYLE_BOLD, F->size);
    v.pitch = F->pitch;
    v.depth = -bottom;
    v.items = texts.v;
    v.nitems = texts.n;
    VB_TS_PUSH(T, F->lines, v);
    return v.depth;
}

/* The space above an entry of the flow that follows one reaching depth below its baseline:
 * a line's pitch only counts its own height. */
double vb_signature_space_after(vb_decree_page *D, double depth, double top, double gap)
{
    double space = depth + top + gap - D->body->pitch;
    return space > gap ? space : gap;
}

/* Rows of two in the writer's order; vi_tri swaps a pair whose sides say so, or sends a signer
 * alone in its row to that side (centred when it says nothing); two asking for one side keep
 * the writer's order. Returns the last row's depth. */
double vb_signature_rows(vb_decree_page *D)
{
    const vb_document *d = D->doc;
    size_t n = 1 + d->nother_signers;
    double space = D->body->para_space + G.closing_space_extra, depth = 0;
    double top = vb_ts_ascent(D->ts, VB_STYLE_BOLD, D->body->size);
    for (size_t i = 0; i < n; i += 2) {
        const vb_signer *a = signer_at(d, i), *b = i + 1 < n ? signer_at(d, i + 1) : NULL;
        bool swap = b && ((a->side == VB_SIDE_RIGHT && b->side != VB_SIDE_RIGHT) ||
                          (b->side == VB_SIDE_LEFT && a->side != VB_SIDE_LEFT));
        if (swap)
            depth = signer_row(D, b, a, false, space);
        else if (b || a->side == VB_SIDE_LEFT)
            depth = signer_row(D, a, b, false, space);
        else if (a->side == VB_SIDE_RIGHT)
            depth = signer_row(D, NULL, a, false, space);
        else
            depth = signer_row(D, a, NULL, true, space);
        space = vb_signature_space_after(D, depth, top, D->body->pitch * G.signer_row_gap_lines);
    }
    /* the last signers and the Nơi nhận under them stay on one page */
    if (D->body->lines.n && d->ndistribution_lines)
        D->body->lines.v[D->body->lines.n - 1].keep_with_next = true;
    return depth;
}
