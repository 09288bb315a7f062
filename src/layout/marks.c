/* The marks under the Số line, each in its box: DỰ THẢO, the secrecy mark, the urgency mark. */
#include "layout/marks.h"

#include <string.h>

#include "layout/geometry.h"

#define G vb_nd30

static const char *const urgency_text[] = {NULL, "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"};
static const char *const secrecy_text[] = {NULL, "MẬT", "TỐI MẬT", "TUYỆT MẬT"};

static void push_rule(vb_decree_page *D, double x1, double y1, double x2, double y2)
{
    vb_rule_item r = {x1, y1, x2, y2, G.rule_width};
    VB_TS_PUSH(D->ts, D->head_rules, r);
}

/* A rectangle of four rules, each inside the box by half its width so the ink stays in it. */
static void frame(vb_decree_page *D, double x, double y, double w, double h)
{
    double in = G.rule_width / 2;
    push_rule(D, x, y + in, x + w, y + in);
    push_rule(D, x, y + h - in, x + w, y + h - in);
    push_rule(D, x + in, y, x + in, y + h);
    push_rule(D, x + w - in, y, x + w - in, y + h);
}

/* One mark: its text centred in a box at least width_mm wide (wider when the text needs it),
 * the box's top at *top; *top comes back under the box and the spacing after it. */
static void boxed_mark(vb_decree_page *D, const char *text, double width_mm, bool twice,
                       double *top)
{
    vb_typesetter *T = D->ts;
    double size = G.mark_size;
    double text_w = vb_ts_width(T, VB_STYLE_BOLD, size, text, strlen(text));
    double w = VB_MM_TO_PT(width_mm), h = VB_MM_TO_PT(G.mark_height_mm);
    double room = text_w + 2 * VB_MM_TO_PT(G.mark_pad_mm);
    if (w < room)
        w = room;
    double x = D->left_col_cx - w / 2, y = *top - h;
    frame(D, x, y, w, h);
    if (twice) {
        double in = VB_MM_TO_PT(G.secrecy_inset_mm);
        frame(D, x + in, y + in, w - 2 * in, h - 2 * in);
    }
    /* The ascender-to-descender band centred in the box, as a stamp's letters are. */
    double asc = vb_ts_ascent(T, VB_STYLE_BOLD, size), desc = vb_ts_descent(T, VB_STYLE_BOLD, size);
    double baseline = y + h / 2 - (asc - desc) / 2;
    vb_text_item t = {D->left_col_cx - text_w / 2, baseline, size, VB_STYLE_BOLD, text,
                      strlen(text)};
    VB_TS_PUSH(T, D->head_texts, t);
    *top = y - VB_MM_TO_PT(G.mark_spacing_mm);
}

/* "DỰ THẢO" or "DỰ THẢO LẦN 2"; NULL when memory runs out (the typesetter is marked failed). */
static const char *draft_text(vb_decree_page *D)
{
    int round = D->doc->marks.draft;
    if (round <= 0)
        return "DỰ THẢO";
    const char *s = vb_arena_printf(D->ts->a, "DỰ THẢO LẦN %d", round);
    if (!s)
        D->ts->failed = true;
    return s;
}

void vb_decree_marks(vb_decree_page *D, double *y_last, double *depth)
{
    const vb_marks *m = &D->doc->marks;
    if (!m->draft && !m->secrecy && !m->urgency)
        return;
    double top = *y_last - *depth - G.mark_gap, bottom = top;
    if (m->draft) {
        const char *text = draft_text(D);
        if (!text)
            return;
        boxed_mark(D, text, 0, false, &top);
        bottom = top + VB_MM_TO_PT(G.mark_spacing_mm);
    }
    if (m->secrecy > 0 && m->secrecy <= VB_SECRECY_TUYET_MAT) {
        boxed_mark(D, secrecy_text[m->secrecy], G.secrecy_width_mm[m->secrecy], true, &top);
        bottom = top + VB_MM_TO_PT(G.mark_spacing_mm);
    }
    if (m->urgency > 0 && m->urgency <= VB_URGENCY_HOA_TOC) {
        boxed_mark(D, urgency_text[m->urgency], G.urgency_width_mm[m->urgency], false, &top);
        bottom = top + VB_MM_TO_PT(G.mark_spacing_mm);
    }
    *y_last = bottom;
    *depth = 0;
}
