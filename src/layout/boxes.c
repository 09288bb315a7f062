/* Where a signature's visible marks go, found on the laid-out pages for `vanban sign`. */
#include <string.h>

#include "layout/geometry.h"
#include "layout/layout.h"

/* The seal: 36 mm, within the 34-42 mm measured on issued documents. */
#define SEAL_MM 36.0
/* The signature image box: 62 mm wide, the room between position line and name high. */
#define SIGNATURE_MM 62.0

/* The item that draws this very string (layout keeps the prepared line's pointer). */
static const vb_text_item *find_item(const vb_layout *l, const char *text, size_t *page)
{
    for (size_t p = 0; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].ntexts; i++) {
            const vb_text_item *t = &l->pages[p].texts[i];
            if (t->text == text) {
                *page = p;
                return t;
            }
        }
    return NULL;
}

static void add_box(vb_layout *l, const char *role, size_t page, double x, double y, double w,
                    double h)
{
    l->boxes[l->nboxes++] = (vb_mark_box){role, page, x, y, w, h};
}

/* The box over the first blank of a generated line: layout draws the line as pieces, the first
 * one's text being the line itself and the others' texts pointers into it. */
static void blank_box(vb_layout *l, const vb_fontset *fonts, const char *line, const char *role)
{
    size_t page;
    const vb_text_item *first = line ? find_item(l, line, &page) : NULL;
    if (!first)
        return;
    const char *end = line + strlen(line);
    const vb_text_item *next = NULL;
    for (size_t i = 0; i < l->pages[page].ntexts; i++) {
        const vb_text_item *t = &l->pages[page].texts[i];
        if (t->text > line && t->text < end && (!next || t->text < next->text))
            next = t;
    }
    if (!next)
        return;
    double from = first->x + vb_text_width(fonts, first->style, first->size, first->text,
                                           first->len);
    add_box(l, role, page, from, first->y - 0.25 * first->size, next->x - from,
            first->size * 1.2);
}

void vb_layout_record_boxes(vb_layout *l, const vb_document *doc, const vb_fontset *fonts,
                            vb_arena *arena)
{
    l->boxes = vb_arena_calloc(arena, 5, sizeof *l->boxes);
    if (!l->boxes)
        return;
    size_t page;
    const vb_text_item *name = doc->signer.name.text
                                   ? find_item(l, doc->signer.name.text, &page)
                                   : NULL;
    if (name) {
        /* Centred on the name, from just above its capitals up through the signature room. */
        double cx = name->x + vb_text_width(fonts, name->style, name->size, name->text,
                                            name->len) / 2;
        double w = VB_MM_TO_PT(SIGNATURE_MM), h = VB_MM_TO_PT(vb_nd30.signature_room_mm);
        double bottom = name->y + vb_font_ascender(fonts, name->style) / 1000.0 * name->size;
        add_box(l, "ky", page, cx - w / 2, bottom, w, h);
        /* The seal over the signature's left 40 %, centred on the box's height. */
        double seal = VB_MM_TO_PT(SEAL_MM);
        add_box(l, "dau", page, cx - w / 2 + 0.2 * w - seal / 2, bottom + h / 2 - seal / 2, seal,
                seal);
    }
    /* A number or a day left blank: the room layout left between the line's first piece and
     * the next ("Số:" and "/KÝ-HIỆU", "…, ngày" and "tháng"). */
    if (doc->number == 0)
        blank_box(l, fonts, doc->number_line, "so");
    if (doc->day == 0)
        blank_box(l, fonts, doc->date_line, "ngay");
    /* A copy's mark, top right of page 1 above the national motto. */
    if (l->npages)
        add_box(l, "sao-y", 0, l->page_width - VB_MM_TO_PT(15 + 75), l->page_height -
                VB_MM_TO_PT(4 + 16), VB_MM_TO_PT(75), VB_MM_TO_PT(16));
}
