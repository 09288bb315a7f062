/* The head of an appendix (Phụ lục I of the Decree, as issued documents set it): the heading
 * bold, the title bold in capitals, the "(Kèm theo …)" line italic, all centred and kept with
 * the first block under them. */
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

void vb_appendix_head(vb_typesetter *T, vb_flow *F, const vb_appendix *a)
{
    /* The outline names the appendix by its heading and title: "Phụ lục II. DANH SÁCH …". */
    const char *outline = a->title_upper && *a->title_upper
                              ? vb_arena_printf(T->a, "%s. %s", a->heading, a->title_upper)
                              : a->heading;
    if (!outline)
        T->failed = true;
    head_line(T, F, a->heading, VB_STYLE_BOLD, 0, outline, a->pos);
    head_line(T, F, a->title_upper, VB_STYLE_BOLD, 0, NULL, a->title.pos);
    head_line(T, F, a->attached_line, VB_STYLE_ITALIC, 0, NULL,
              a->attached.pos.line ? a->attached.pos : a->pos);
    F->pending_space = vb_nd30.appendix_body_gap;
}
