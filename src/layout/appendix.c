/* The head of an appendix (Phụ lục I of the Decree, as issued documents set it): the heading
 * bold, the title bold in capitals (as written under an attached text's type name), the
 * "(Kèm theo …)" line italic and a short rule, all centred and kept with the first block. */
#include "layout/appendix.h"

#include "layout/geometry.h"

static void head_line(vb_typesetter *T, vb_flow *F, const char *text, vb_style st,
                      double space_before, const char *outline_title, vb_pos where)
{
    if (!text || !*text)
        return;
    vb_word_vec w = {0};
    vb_ts_words_from_text(T, text, st, F->size, &w);
    vb_para_style ps = {0};
    ps.centred = true;
    ps.keep_all = true;
    ps.centre_x = T->left + T->measure / 2;
    ps.max_width = T->measure * vb_nd30.heading_width_ratio;
    ps.space_before = space_before;
    ps.outline_title = outline_title;
    ps.outline_level = 0;
    vb_flow_paragraph(T, F, &w, &ps, where);
    vb_arena_reset(T->tmp);
}

/* The widest of the centred lines [from, F->lines.n): each is symmetric about cx, so its width
 * is twice the distance from its first item to the centre. */
static double widest_centred(const vb_flow *F, size_t from, double cx)
{
    double widest = 0;
    for (size_t i = from; i < F->lines.n; i++) {
        const vb_vline *v = &F->lines.v[i];
        double x = v->npacked ? v->packed[0].x : v->nitems ? v->items[0].x : cx;
        if (2 * (cx - x) > widest)
            widest = 2 * (cx - x);
    }
    return widest;
}

/* Phụ lục III, mẫu 2.1: a short solid line closes the head, under its last line as the trích
 * yếu's rule is under the trích yếu (1/3 of the widest line). */
static void head_rule(vb_typesetter *T, vb_flow *F, size_t from)
{
    if (F->lines.n <= from)
        return;
    vb_vline *last = &F->lines.v[F->lines.n - 1];
    double cx = T->left + T->measure / 2;
    double len = widest_centred(F, from, cx) * vb_nd30.summary_rule_ratio;
    double drop = last->depth + vb_nd30.summary_rule_drop;
    vb_rule_item *r = vb_arena_calloc(T->lines, 1, sizeof *r);
    if (!r) {
        T->failed = true;
        return;
    }
    *r = (vb_rule_item){cx - len / 2, -drop, cx + len / 2, -drop, vb_nd30.rule_width};
    last->rules = r;
    last->nrules = 1;
    last->depth = drop + vb_nd30.summary_rule_depth;
}

void vb_appendix_head(vb_typesetter *T, vb_flow *F, const vb_appendix *a)
{
    /* The outline names the appendix by its heading and title: "Phụ lục II. DANH SÁCH …". */
    const char *outline = a->title_line && *a->title_line
                              ? vb_arena_printf(T->a, "%s. %s", a->heading, a->title_line)
                              : a->heading;
    if (!outline)
        T->failed = true;
    head_line(T, F, a->heading, VB_STYLE_BOLD, 0, outline, a->pos);
    head_line(T, F, a->title_line, VB_STYLE_BOLD, 0, NULL, a->title.pos);
    size_t from = F->lines.n;
    head_line(T, F, a->attached_line, VB_STYLE_ITALIC, 0, NULL,
              a->attached.pos.line ? a->attached.pos : a->pos);
    head_rule(T, F, from);
    F->pending_space = vb_nd30.appendix_body_gap;
}
