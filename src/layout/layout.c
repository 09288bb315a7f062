/* Layout: decides every position on every page of a document; the PDF backend draws it as is.
 *
 * The work goes in three steps, as in TeX where line breaking is separate from page building:
 *   1. page 1's head (letterhead, Số and date, type name, trích yếu) is set at fixed positions
 *      (decree_page.c);
 *   2. Kính gửi, the body and the closing block become a vertical list of lines (typeset.c:
 *      paragraphs broken by the total-fit breaker, each word placed) with keep rules: no
 *      heading stranded, no single-line widow or orphan, the closing block kept with the last
 *      two body lines; footnote texts are broken into their own lines;
 *   3. the page builder (pagebuild.c) fills pages from that list, placing each footnote at the
 *      foot of the page holding its call (continued on the next page when it does not fit);
 *      page numbers are added from page 2. */
#include "layout/layout.h"

#include <stdint.h>
#include <string.h>

#include "layout/appendix.h"
#include "layout/decree_page.h"
#include "layout/form_heads.h"
#include "layout/geometry.h"
#include "layout/pagebuild.h"
#include "layout/table.h"
#include "layout/typeset.h"

typedef struct {
    const vb_document *doc;
    vb_typesetter ts;
    vb_flow body;
    vb_decree_page page;
    vb_vline_vec *notes; /* index = footnote number */
    vb_item_batches note_items; /* the notes' items; batch ends are footnote numbers */
    double foot_pitch;
    bool refused; /* a table that does not fit: reported, no pages */
} layout_ctx;

/* ------------------------------------------------------------------ body */

static bool kind_is_centred_heading(const vb_node *n, const vb_node *parent)
{
    return n->kind == VB_NODE_PART || n->kind == VB_NODE_CHAPTER ||
           (n->kind == VB_NODE_SECTION && parent && parent->kind == VB_NODE_CHAPTER);
}

/* How a heading's text is styled (Phụ lục I, Mục II: parts, sections, articles and titled
 * items bold; points upright; deeper levels are the document's own). */
static unsigned heading_style(vb_node_kind k)
{
    switch (k) {
    case VB_NODE_PART:
    case VB_NODE_CHAPTER:
    case VB_NODE_SECTION:
    case VB_NODE_ARTICLE:
    case VB_NODE_ITEM:
    case VB_NODE_SUBITEM:
        return VB_STYLE_BOLD;
    default:
        return 0;
    }
}

static int outline_level(vb_node_kind k)
{
    switch (k) {
    case VB_NODE_PART:
    case VB_NODE_CHAPTER:
        return 0;
    case VB_NODE_SECTION:
    case VB_NODE_ARTICLE:
        return 1;
    case VB_NODE_ITEM:
        return 2;
    case VB_NODE_SUBITEM:
        return 3;
    default:
        return -1;
    }
}

static const char *plain_text(layout_ctx *L, const vb_rich *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote)
            n += strlen(r->runs[i].text);
    char *s = vb_arena_alloc(L->ts.a, n + 1);
    if (!s) {
        L->ts.failed = true;
        return "";
    }
    char *p = s;
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote) {
            size_t k = strlen(r->runs[i].text);
            memcpy(p, r->runs[i].text, k);
            p += k;
        }
    *p = 0;
    return s;
}

/* The body of a text ends with "./." (Phụ lục I); added when the clerk did not write it. */
static void end_mark(layout_ctx *L, vb_word_vec *w)
{
    if (!w->n)
        return;
    vb_word *last = &w->v[w->n - 1];
    size_t nfrags = vb_word_nfrags(last);
    vb_fragment f = vb_word_frag(last, nfrags - 1);
    /* After a final footnote call the mark goes after it, in upright body text. */
    const char *t = f.text;
    size_t n = f.len;
    if (f.rise == 0 && n >= 3 && memcmp(t + n - 3, "./.", 3) == 0)
        return;
    const char *add = (f.rise == 0 && n >= 1 && t[n - 1] == '.') ? "/." : "./.";
    vb_style st = f.rise == 0 ? f.style : VB_STYLE_REGULAR;
    double size = f.rise == 0 ? f.size : L->body.size;
    vb_fragment nf = {add, strlen(add), st, size, 0, vb_ts_width(&L->ts, st, size, add, strlen(add)), 0};
    vb_fragment *nfr = vb_arena_calloc(L->ts.tmp, nfrags + 1, sizeof *nfr);
    if (!nfr) {
        L->ts.failed = true;
        return;
    }
    for (size_t k = 0; k < nfrags; k++)
        nfr[k] = vb_word_frag(last, k);
    nfr[nfrags] = nf;
    last->frags = nfr;
    last->count = (uint32_t)(nfrags + 1); /* one more than a word already had */
    last->plain = 0;
    last->box.width += nf.width;
}

static void layout_node(layout_ctx *L, const vb_node *n, const vb_node *parent, bool is_last_block);

static void layout_children(layout_ctx *L, const vb_node *parent, const vb_node *kids, size_t nk,
                            bool is_last)
{
    for (size_t i = 0; i < nk; i++)
        layout_node(L, &kids[i], parent, is_last && i + 1 == nk);
}

static void layout_node(layout_ctx *L, const vb_node *n, const vb_node *parent, bool is_last_block)
{
    if (L->ts.failed || L->refused)
        return;
    if (n->kind == VB_NODE_TABLE) {
        /* In the frame of the text area (a landscape appendix passes its own). */
        L->refused = !vb_table_flow(&L->ts, &L->body, n->table, L->ts.left, L->ts.measure) &&
                     !L->ts.failed;
        vb_arena_reset(L->ts.tmp);
        return;
    }
    bool has_kids = n->nchildren > 0;
    bool this_is_last_text = is_last_block && !has_kids;
    vb_word_vec w = {0};
    vb_para_style ps = {0};
    ps.space_before = L->body.para_space;
    int level = outline_level(n->kind);

    if (kind_is_centred_heading(n, parent)) {
        /* "PHẦN THỨ NHẤT" / "Chương I" on its own line, the title under it, both centred. */
        ps.centred = true;
        ps.keep_all = true;
        ps.centre_x = L->ts.left + L->ts.measure / 2;
        ps.max_width = L->ts.measure * vb_nd30.heading_width_ratio;
        ps.space_before = L->body.para_space * vb_nd30.heading_space_factor;
        ps.outline_title = vb_arena_printf(L->ts.a, "%s. %s", n->label, plain_text(L, &n->rich));
        ps.outline_level = level;
        if (!ps.outline_title)
            L->ts.failed = true;
        vb_word_vec lw = {0};
        vb_ts_words_from_text(&L->ts, n->label, n->number_style_given ? n->number_style : VB_STYLE_BOLD,
                              L->body.size, &lw);
        vb_flow_paragraph(&L->ts, &L->body, &lw, &ps, n->pos);
        ps.outline_title = NULL;
        ps.space_before = 0;
        vb_ts_words_from_runs(&L->ts, n->rich.runs, n->rich.count, VB_STYLE_BOLD, L->body.size, &w);
        if (this_is_last_text)
            end_mark(L, &w);
        vb_flow_paragraph(&L->ts, &L->body, &w, &ps, n->text.pos);
        vb_arena_reset(L->ts.tmp);
        layout_children(L, n, n->children, n->nchildren, is_last_block);
        return;
    }

    unsigned style = n->heading ? heading_style(n->kind) : 0;
    if (n->label) {
        /* The label is a word of the first line: "1.", "a)", "-", "Điều 3." */
        vb_style label_style =
            n->number_style_given
                ? n->number_style
                : (vb_style)(style | n->label_style |
                             (n->kind == VB_NODE_ARTICLE ? VB_STYLE_BOLD : 0));
        vb_ts_words_from_text(&L->ts, n->label, label_style, L->body.size, &w);
        if (w.n)
            w.v[w.n - 1].box.glue = vb_ts_space(&L->ts, label_style, L->body.size);
    }
    vb_ts_words_from_runs(&L->ts, n->rich.runs, n->rich.count, style, L->body.size, &w);
    if (this_is_last_text)
        end_mark(L, &w);
    ps.first_indent = L->body.indent;
    if (n->centred) { /* giua: a note such as "(Phân công … đính kèm)", centred on the measure */
        ps.first_indent = 0;
        ps.centred = true;
        ps.centre_x = L->ts.left + L->ts.measure / 2;
        ps.max_width = L->ts.measure;
    }
    ps.keep_all = n->heading && n->kind != VB_NODE_PARAGRAPH && has_kids;
    if (n->heading && level >= 0) {
        ps.outline_title = n->label ? vb_arena_printf(L->ts.a, "%s %s", n->label, plain_text(L, &n->rich))
                                    : plain_text(L, &n->rich);
        ps.outline_level = level;
        if (!ps.outline_title)
            L->ts.failed = true;
    }
    vb_flow_paragraph(&L->ts, &L->body, &w, &ps, n->text.pos);
    vb_arena_reset(L->ts.tmp);
    layout_children(L, n, n->children, n->nchildren, is_last_block);
}

/* ------------------------------------------------------------------ footnotes */

/* The lines of one note at footnote size, its number raised at its start. */
static void layout_footnote(layout_ctx *L, const vb_footnote *fn)
{
    vb_typesetter *T = &L->ts;
    double fsize = vb_nd30.footnote_size;
    vb_vline_vec *lines = &L->notes[fn->number];
    for (size_t p = 0; p < fn->nparagraphs && !T->failed; p++) {
        vb_word_vec w = {0};
        if (p == 0) {
            /* The note starts with its number raised, as the call in the text, followed by a
             * space. */
            const char *mark = vb_arena_printf(T->a, "(%d)", fn->number);
            if (!mark) {
                T->failed = true;
                return;
            }
            vb_run r = {mark, 0, fn->number};
            vb_ts_words_from_runs(T, &r, 1, 0, fsize, &w);
            if (w.n)
                w.v[0].box.glue = vb_ts_space(T, VB_STYLE_REGULAR, fsize);
        }
        vb_ts_words_from_runs(T, fn->rich[p].runs, fn->rich[p].count, 0, fsize, &w);
        vb_para_style ps = {0};
        ps.first_indent = vb_nd30.footnote_indent;
        vb_ts_paragraph(T, lines, &w, fsize, L->foot_pitch, &ps, fn->id.pos);
        vb_arena_reset(T->tmp);
    }
    /* Lines of a note carry no page-break rules of their own; notes inside notes are not
     * allowed by preparation. */
    for (size_t k = 0; k < lines->n; k++) {
        lines->v[k].keep_with_next = false;
        lines->v[k].nnotes = 0;
    }
}

/* The notes, set in the order of their numbers (the order the pages use them in), their items
 * in batches the pages free as they are drawn. */
static void layout_footnotes(layout_ctx *L)
{
    const vb_document *d = L->doc;
    vb_typesetter *T = &L->ts;
    int max = 0;
    for (size_t i = 0; i < d->nfootnotes; i++)
        if (d->footnotes[i].number > max)
            max = d->footnotes[i].number;
    T->nnotes = (size_t)max + 1;
    L->notes = vb_arena_calloc(T->lines, T->nnotes, sizeof *L->notes);
    const vb_footnote **by_number = vb_arena_calloc(T->lines, T->nnotes, sizeof *by_number);
    if (!L->notes || !by_number) {
        T->failed = true;
        return;
    }
    for (size_t i = 0; i < d->nfootnotes; i++)
        if (d->footnotes[i].number > 0)
            by_number[d->footnotes[i].number] = &d->footnotes[i];
    for (size_t k = 1; k < T->nnotes && !T->failed; k++) {
        if (!by_number[k])
            continue;
        T->items = vb_batch_arena(T, &L->note_items);
        if (T->items)
            layout_footnote(L, by_number[k]);
        T->items = NULL;
        size_t items = 0;
        for (size_t j = 0; j < L->notes[k].n; j++)
            items += L->notes[k].v[j].nitems + L->notes[k].v[j].npacked;
        vb_batch_close(T, &L->note_items, items, k + 1, k + 1 == T->nnotes);
    }
}

/* ------------------------------------------------------------------ pages */

/* Notes called in the trích yếu go with the first body line. */
static void header_notes_to_body(layout_ctx *L)
{
    const vb_int_vec *hn = &L->page.header_notes;
    if (!hn->n || !L->body.lines.n)
        return;
    vb_vline *v = &L->body.lines.v[0];
    int *all = vb_arena_calloc(L->ts.lines, v->nnotes + hn->n, sizeof *all);
    if (!all) {
        L->ts.failed = true;
        return;
    }
    memcpy(all, hn->v, hn->n * sizeof *all);
    if (v->nnotes)
        memcpy(all + hn->n, v->notes, v->nnotes * sizeof *all);
    v->notes = all;
    v->nnotes += hn->n;
}

/* The page builder's view of the page: the text area (from first_top on the section's first
 * page, top on the others, down to bottom) and the footnote area. */
static vb_pb_frame page_frame(const layout_ctx *L, double first_top, double top, double bottom)
{
    const vb_typesetter *T = &L->ts;
    double fsize = vb_nd30.footnote_size;
    vb_pb_frame f = {0};
    f.first_top = first_top;
    f.top = top;
    f.bottom = bottom;
    f.body_pitch = L->body.pitch;
    f.body_reserve_lines = (size_t)vb_nd30.foot_body_reserve_lines;
    f.note_min_start = (size_t)vb_nd30.note_min_start_lines;
    f.foot_sep = vb_nd30.foot_sep;
    f.foot_rule_gap = vb_nd30.foot_rule_gap;
    f.foot_asc = vb_ts_ascent(T, VB_STYLE_REGULAR, fsize);
    f.foot_desc = vb_ts_descent(T, VB_STYLE_REGULAR, fsize);
    f.foot_pitch = L->foot_pitch;
    f.foot_rule_x = T->left;
    f.foot_rule_len = T->measure * vb_nd30.foot_rule_ratio;
    f.rule_width = vb_nd30.rule_width;
    return f;
}

/* A page's number, centred in the top margin of its page (Phụ lục I), at the body's size. */
static vb_text_item page_number(layout_ctx *L, size_t number, double page_h, double margin_top)
{
    const vb_typesetter *T = &L->ts;
    double size = L->body.size;
    const char *num = vb_arena_printf(T->a, "%zu", number);
    if (!num)
        return (vb_text_item){0};
    size_t len = strlen(num);
    double w = vb_ts_width(T, VB_STYLE_REGULAR, size, num, len);
    double y = page_h - margin_top / 2 - vb_ts_ascent(T, VB_STYLE_REGULAR, size) / 2;
    vb_text_item t = {T->left + T->measure / 2 - w / 2, y, size, VB_STYLE_REGULAR, num, len};
    return t;
}

/* For each page, the lowest footnote number a later page draws (SIZE_MAX: none): the notes
 * below it are done with once that page is drawn. NULL when out of memory. */
static size_t *first_notes_after(vb_arena *a, const vb_pb_page *plan, size_t npages)
{
    size_t *after = vb_arena_calloc(a, npages, sizeof *after);
    if (!after)
        return NULL;
    size_t lowest = SIZE_MAX;
    for (size_t i = npages; i-- > 0;) {
        after[i] = lowest;
        for (size_t s = 0; s < plan[i].nslices; s++)
            if ((size_t)plan[i].slices[s].note < lowest)
                lowest = (size_t)plan[i].slices[s].note;
    }
    return after;
}

/* Plans the pages and draws each; false when out of memory. */
static bool build_pages(layout_ctx *L, vb_layout *out)
{
    vb_typesetter *T = &L->ts;
    header_notes_to_body(L);
    if (T->failed)
        return false;
    vb_pb_frame f = page_frame(L, L->page.body_top, L->page.page_h - L->page.margin_top,
                               L->page.margin_bottom);
    vb_pb_content c = {L->body.lines.v, L->body.lines.n, L->notes, T->nnotes};
    vb_pb_page *plan = NULL;
    size_t npages = 0;
    if (!vb_pb_build(&f, &c, T->lines, &plan, &npages))
        return false;
    vb_page *pages = npages ? vb_arena_calloc(T->a, npages, sizeof *pages) : NULL;
    if (npages && !pages)
        return false;
    size_t *first_note_after = npages ? first_notes_after(T->lines, plan, npages) : NULL;
    if (npages && !first_note_after)
        return false;
    vb_outline_vec outline = {0};
    for (size_t i = 0; i < npages; i++) {
        vb_page furniture = {L->page.head_texts.v, L->page.head_texts.n, L->page.head_rules.v,
                             L->page.head_rules.n, NULL, 0, 0, 0};
        vb_text_item number;
        if (i > 0) {
            number = page_number(L, vb_pb_page_number(false, false, i, i), L->page.page_h,
                                 L->page.margin_top);
            if (!number.text)
                return false;
            furniture = (vb_page){&number, 1, NULL, 0, NULL, 0, 0, 0};
        }
        if (!vb_pb_compose(&f, &c, &plan[i], i, &furniture, T->a, &pages[i], &outline))
            return false;
        /* The items drawn so far are now copies in the pages: their batches can go. */
        vb_batch_free(&L->body.items, i + 1 < npages ? plan[i + 1].body_first : SIZE_MAX);
        /* An appendix may draw notes too: they stay until its pages are drawn. */
        if (!L->doc->nappendices)
            vb_batch_free(&L->note_items, first_note_after[i]);
    }
    for (size_t i = 0; i < npages; i++) {
        pages[i].width = vb_nd30.page_width;
        pages[i].height = vb_nd30.page_height;
    }
    out->pages = pages;
    out->npages = npages;
    out->outline = outline.v;
    out->noutline = outline.n;
    return true;
}

/* ------------------------------------------------------------------ appendices */

typedef VB_VEC(vb_page) page_vec;

/* An appendix's page: its size and margins (points), portrait as the document's, landscape
 * with the same margin on every side. */
typedef struct {
    double width, height, top, bottom, left, right;
} appendix_page;

static appendix_page appendix_geometry(const layout_ctx *L, const vb_appendix *a)
{
    const vb_presentation *p = &L->doc->presentation;
    if (a->orientation == VB_ORIENT_LANDSCAPE) {
        double m = VB_MM_TO_PT(vb_nd30.landscape_margin_mm);
        return (appendix_page){vb_nd30.page_height, vb_nd30.page_width, m, m, m, m};
    }
    return (appendix_page){vb_nd30.page_width, vb_nd30.page_height, VB_MM_TO_PT(p->margin_top),
                           VB_MM_TO_PT(p->margin_bottom), VB_MM_TO_PT(p->margin_left),
                           VB_MM_TO_PT(p->margin_right)};
}

/* The appendix's head and blocks as a flow of their own, set on its page's text area. */
static vb_flow appendix_flow(layout_ctx *L, const vb_appendix *a)
{
    vb_flow main = L->body;
    vb_flow own = {0};
    own.size = main.size;
    own.pitch = main.pitch;
    own.para_space = main.para_space;
    own.indent = main.indent;
    L->body = own;
    vb_appendix_head(&L->ts, &L->body, a);
    for (size_t i = 0; i < a->nbody && !L->ts.failed; i++)
        layout_node(L, &a->body[i], NULL, false);
    vb_flow_close_batch(&L->ts, &L->body, true);
    own = L->body;
    L->body = main;
    return own;
}

/* Sets one appendix on new pages, appended to *pages; its headings to *outline. */
static bool build_appendix(layout_ctx *L, const vb_appendix *a, page_vec *pages,
                           vb_outline_vec *outline)
{
    vb_typesetter *T = &L->ts;
    appendix_page g = appendix_geometry(L, a);
    T->left = g.left;
    T->measure = g.width - g.left - g.right;
    vb_flow F = appendix_flow(L, a);
    vb_decree_page head = {0};
    head.doc = L->doc;
    head.ts = T;
    head.body = &L->body;
    head.page_h = g.height;
    head.margin_top = g.top;
    head.margin_bottom = g.bottom;
    head.right = g.width - g.right;
    double first_top = g.height - g.top;
    if (a->letterhead) {
        vb_decree_letterhead(&head);
        first_top = head.body_top;
    }
    vb_pb_frame f = page_frame(L, first_top, g.height - g.top, g.bottom);
    vb_pb_content c = {F.lines.v, F.lines.n, L->notes, T->nnotes};
    vb_pb_page *plan = NULL;
    size_t nplan = 0;
    bool ok = !T->failed && vb_pb_build(&f, &c, T->lines, &plan, &nplan);
    for (size_t k = 0; ok && k < nplan; k++) {
        size_t index = pages->n, first_entry = outline->n;
        /* An attached text under its own type name is part of the main text's pages. */
        size_t number = a->own_type
                            ? vb_pb_page_number(false, false, index, k)
                            : vb_pb_page_number(true, a->numbering == VB_APPX_PAGES_RESTART,
                                                index, k);
        vb_text_vec texts = {0};
        vb_page furniture = {0}, page = {0};
        if (k == 0) {
            for (size_t i = 0; i < head.head_texts.n; i++)
                VB_TS_PUSH(T, texts, head.head_texts.v[i]);
            furniture.rules = head.head_rules.v;
            furniture.nrules = head.head_rules.n;
        }
        if (number) {
            vb_text_item num = page_number(L, number, g.height, g.top);
            ok = num.text != NULL;
            VB_TS_PUSH(T, texts, num);
        }
        furniture.texts = texts.v;
        furniture.ntexts = texts.n;
        ok = ok && vb_pb_compose(&f, &c, &plan[k], k, &furniture, T->a, &page, outline);
        for (size_t e = first_entry; e < outline->n; e++)
            outline->v[e].page = index;
        page.width = g.width;
        page.height = g.height;
        VB_VEC_PUSH(&T->failed, T->a, *pages, page);
        vb_batch_free(&F.items, k + 1 < nplan ? plan[k + 1].body_first : SIZE_MAX);
    }
    vb_batch_free(&F.items, SIZE_MAX);
    return ok && !T->failed;
}

/* The appendices after the main text's pages, each from a new page. */
static bool build_appendices(layout_ctx *L, vb_layout *out)
{
    const vb_document *doc = L->doc;
    if (!doc->nappendices)
        return true;
    vb_typesetter *T = &L->ts;
    double left = T->left, measure = T->measure;
    page_vec pages = {0};
    vb_outline_vec outline = {out->outline, out->noutline, out->noutline};
    bool ok = VB_VEC_RESERVE(&T->failed, T->a, pages, out->npages + 1);
    for (size_t i = 0; ok && i < out->npages; i++)
        VB_VEC_PUSH(&T->failed, T->a, pages, out->pages[i]);
    for (size_t i = 0; ok && i < doc->nappendices; i++)
        ok = build_appendix(L, &doc->appendices[i], &pages, &outline);
    T->left = left;
    T->measure = measure;
    out->pages = pages.v;
    out->npages = pages.n;
    out->outline = outline.v;
    out->noutline = outline.n;
    return ok && !T->failed;
}

/* ------------------------------------------------------------------ entry */

static void init_context(layout_ctx *L, const vb_document *doc, const vb_fontset *fonts,
                         vb_arena *arena, vb_diagnostics *diag)
{
    const vb_presentation *p = &doc->presentation;
    L->doc = doc;
    vb_typesetter *T = &L->ts;
    T->fs = fonts;
    T->a = arena;
    T->diag = diag;
    T->file = doc->file;
    double margin_left = VB_MM_TO_PT(p->margin_left);
    double right = vb_nd30.page_width - VB_MM_TO_PT(p->margin_right);
    T->left = margin_left;
    T->measure = right - T->left;
    L->body.size = p->font_size;
    L->body.pitch = vb_ts_single_line(T, VB_STYLE_REGULAR, L->body.size) * p->line_spacing;
    L->body.indent = VB_MM_TO_PT(p->indent_mm);
    L->body.para_space = p->para_spacing;
    L->foot_pitch = vb_ts_single_line(T, VB_STYLE_REGULAR, vb_nd30.footnote_size);
    vb_decree_page *D = &L->page;
    D->doc = doc;
    D->ts = T;
    D->body = &L->body;
    D->page_h = vb_nd30.page_height;
    D->margin_top = VB_MM_TO_PT(p->margin_top);
    D->margin_bottom = VB_MM_TO_PT(p->margin_bottom);
    D->right = right;
}

/* The head is fixed on page 1; a trích yếu of a whole page is a slip, not a layout. */
static bool head_leaves_room(const layout_ctx *L)
{
    const vb_decree_page *D = &L->page;
    double body_room = D->body_top - D->margin_bottom;
    if (L->ts.failed || body_room >= (D->page_h - D->margin_top - D->margin_bottom) * vb_nd30.min_body_share)
        return true;
    const vb_document *doc = L->doc;
    const vb_str *cause =
        doc->summary_note.text && *doc->summary_note.text ? &doc->summary_note : &doc->summary;
    vb_diag_error(L->ts.diag, doc->file, cause->pos.line, cause->pos.col,
                  "phần đầu văn bản (quốc hiệu, tên cơ quan, trích yếu, ghi chú) chiếm gần hết "
                  "trang 1: trích yếu cần ngắn gọn, hãy rút gọn %s",
                  cause == &doc->summary ? "trich_yeu" : "ghi_chu");
    return false;
}

/* Kính gửi, a decision's opening, the body, and the closing block kept with the last two body
 * lines, as one vertical list. */
static void layout_flow(layout_ctx *L)
{
    const vb_document *doc = L->doc;
    vb_form_cable(&L->page);
    vb_decree_recipients(&L->page);
    vb_decree_basis(&L->page);
    for (size_t i = 0; i < doc->nbody && !L->ts.failed && !L->refused; i++)
        layout_node(L, &doc->body[i], NULL, i + 1 == doc->nbody);
    vb_vline_vec *lines = &L->body.lines;
    if (lines->n >= 1)
        lines->v[lines->n - 1].keep_with_next = true;
    if (lines->n >= 2)
        lines->v[lines->n - 2].keep_with_next = true;
    vb_decree_closing(&L->page);
    vb_form_copy(&L->page);
    vb_flow_close_batch(&L->ts, &L->body, true);
}

vb_layout *vb_layout_document(const vb_document *doc, const vb_fontset *fonts, vb_arena *arena,
                              vb_diagnostics *diag)
{
    layout_ctx ctx = {0};
    layout_ctx *L = &ctx;
    init_context(L, doc, fonts, arena, diag);
    /* The lines hold as much again as the pages they are copied into: they go before the PDF
     * stage adds its own share (BENCHMARKS.md, "Memory per input"). */
    L->ts.tmp = vb_arena_new();
    L->ts.lines = vb_arena_new();
    bool ok = L->ts.tmp && L->ts.lines;
    if (ok) {
        layout_footnotes(L);
        vb_decree_head(&L->page);
        vb_arena_reset(L->ts.tmp);
    }
    bool room = !ok || head_leaves_room(L);
    vb_layout *out = NULL;
    if (ok && room) {
        layout_flow(L);
        room = !L->refused;
        out = L->ts.failed || L->refused ? NULL : vb_arena_calloc(arena, 1, sizeof *out);
        ok = L->refused || (out && build_pages(L, out) && build_appendices(L, out));
    }
    vb_batch_free(&L->body.items, SIZE_MAX);
    vb_batch_free(&L->note_items, SIZE_MAX);
    vb_arena_free(L->ts.tmp);
    vb_arena_free(L->ts.lines);
    if (!room)
        return NULL;
    if (!ok) {
        vb_diag_out_of_memory(diag, doc->file, "hết bộ nhớ khi dàn trang văn bản");
        return NULL;
    }
    out->page_width = vb_nd30.page_width;
    out->page_height = vb_nd30.page_height;
    vb_layout_record_boxes(out, doc, fonts, arena);
    return out;
}
