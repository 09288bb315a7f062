/* vb_walk_texts: the one list of a document's text fields (see walk.h). */
#include "model/walk.h"

typedef struct {
    vb_text_visitor visit;
    void *ctx;
} walker;

static void source(walker *w, vb_str *s, const char *field, bool drawn)
{
    vb_text_field t = {.kind = VB_TEXT_SOURCE, .field = field, .pos = s->pos, .drawn = drawn,
                       .str = s};
    w->visit(w->ctx, &t);
}

static void sources(walker *w, vb_str_list *list, const char *field)
{
    for (size_t i = 0; i < list->count; i++)
        source(w, &list->items[i], field, true);
}

static void runs(walker *w, const vb_rich *r, const char *field, vb_pos pos)
{
    vb_text_field t = {.kind = VB_TEXT_RUNS, .field = field, .pos = pos, .drawn = true,
                       .rich = r};
    w->visit(w->ctx, &t);
}

static void generated(walker *w, const char *text, const char *field, vb_pos pos, bool drawn)
{
    vb_text_field t = {.kind = VB_TEXT_GENERATED, .field = field, .pos = pos, .drawn = drawn,
                 .text = text};
    w->visit(w->ctx, &t);
}

static void generated_lines(walker *w, const char *const *lines, size_t n, const char *field,
                            vb_pos pos)
{
    for (size_t i = 0; lines && i < n; i++)
        generated(w, lines[i], field, pos, true);
}

vb_pos vb_node_text_pos(const vb_node *node)
{
    return node->text.pos.line ? node->text.pos : node->pos;
}

static void table_rows(walker *w, vb_table_row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        generated(w, rows[r].stt, "noi_dung.bang", rows[r].pos, true);
        for (size_t i = 0; i < rows[r].ncells; i++) {
            vb_table_cell *cell = &rows[r].cells[i];
            for (size_t k = 0; k < cell->nparagraphs; k++) {
                source(w, &cell->paragraphs[k], "noi_dung.bang", true);
                if (cell->rich)
                    runs(w, &cell->rich[k], "noi_dung.bang", cell->paragraphs[k].pos);
            }
        }
    }
}

/* A table's caption, its header rows, then its body rows, each row's STT before its cells. */
static void table(walker *w, vb_table *t)
{
    if (!t)
        return;
    source(w, &t->title, "noi_dung.bang.tieu_de", true);
    runs(w, &t->title_rich, "noi_dung.bang.tieu_de", t->title.pos);
    table_rows(w, t->header, t->nheader);
    table_rows(w, t->rows, t->nrows);
}

static void nodes(walker *w, vb_node *list, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++) {
        vb_node *node = &list[i];
        vb_pos pos = vb_node_text_pos(node);
        source(w, &node->text, field, true);
        generated(w, node->label, field, pos, true);
        runs(w, &node->rich, field, pos);
        table(w, node->table);
        nodes(w, node->children, node->nchildren, field);
    }
}

/* Each appendix: its sources, its generated heading and lines, then its blocks. */
static void appendices(walker *w, vb_document *d)
{
    for (size_t i = 0; i < d->nappendices; i++) {
        vb_appendix *a = &d->appendices[i];
        source(w, &a->title, "phu_luc.tieu_de", true);
        source(w, &a->attached, "phu_luc.kem_theo", true);
        generated(w, a->heading, "phu_luc", a->pos, true);
        generated(w, a->title_line, "phu_luc.tieu_de", a->title.pos, true);
        generated(w, a->attached_line, "phu_luc.kem_theo",
                  a->attached.pos.line ? a->attached.pos : a->pos, true);
        nodes(w, a->body, a->nbody, "phu_luc.noi_dung");
    }
}

static void footnotes(walker *w, vb_document *d)
{
    for (size_t i = 0; i < d->nfootnotes; i++) {
        vb_footnote *f = &d->footnotes[i];
        source(w, &f->id, "chu_thich", false);
        for (size_t j = 0; j < f->nparagraphs; j++) {
            source(w, &f->paragraphs[j], "chu_thich", true);
            if (f->rich)
                runs(w, &f->rich[j], "chu_thich", f->paragraphs[j].pos);
        }
    }
}

static void signer(walker *w, vb_signer *s)
{
    source(w, &s->capacity, "nguoi_ky.tham_quyen", true);
    sources(w, &s->on_behalf, "nguoi_ky.thay_mat");
    source(w, &s->deputy_for, "nguoi_ky.ky_thay", true);
    sources(w, &s->chain, "nguoi_ky.tham_quyen");
    sources(w, &s->position, "nguoi_ky.chuc_vu");
    sources(w, &s->name, "nguoi_ky.ho_ten");
    sources(w, &s->position_below, "nguoi_ky.chuc_vu_duoi_ten");
    generated_lines(w, s->title_lines, s->ntitle_lines, "nguoi_ky", s->pos);
    generated_lines(w, s->name_lines, s->nname_lines, "nguoi_ky.ho_ten", s->pos);
}

/* The header: issuing bodies, Số, date line and type name, then the trích yếu. */
static void header(walker *w, vb_document *d)
{
    static const vb_pos no_pos = {0, 0};
    sources(w, &d->parent_body, "co_quan_chu_quan");
    sources(w, &d->issuing_body, "co_quan");
    source(w, &d->symbol, "ky_hieu", true);
    source(w, &d->place, "dia_danh", true);
    generated(w, d->number_line, "so", d->number_pos.line ? d->number_pos : d->symbol.pos, true);
    generated(w, d->date_line, "ngay", d->date_pos.line ? d->date_pos : d->place.pos, true);
    generated(w, d->type ? d->type->name_upper : NULL, "loai", d->type_pos, true);
    source(w, &d->summary, "trich_yeu", true);
    runs(w, &d->summary_rich, "trich_yeu", d->summary.pos);
    source(w, &d->summary_note, "ghi_chu", true);
    sources(w, &d->recipients, "kinh_gui");
    sources(w, &d->issuing_authority, "tham_quyen_ban_hanh");
    sources(w, &d->legal_bases, "can_cu");
    source(w, &d->proposal, "theo_de_nghi", true);
    generated_lines(w, d->basis_lines, d->nbasis_lines, "can_cu", no_pos);
    generated(w, d->enacting_line, "loai", d->type_pos, true);
}

/* A công điện's sender and recipients; a copy's own block. */
static void forms(walker *w, vb_document *d)
{
    static const vb_pos no_pos = {0, 0};
    source(w, &d->cable_sender, "nguoi_dien", true);
    generated(w, d->cable_sender_line, "nguoi_dien", d->cable_sender.pos, true);
    sources(w, &d->cable_recipients, "dien_den");
    generated_lines(w, d->cable_lines, d->ncable_lines, "dien_den", no_pos);
    vb_copy *c = d->copy;
    if (!c)
        return;
    generated(w, c->form_line, "ban_sao.hinh_thuc", c->pos, true);
    sources(w, &c->parent_body, "ban_sao.co_quan_chu_quan");
    sources(w, &c->issuing_body, "ban_sao.co_quan");
    source(w, &c->symbol, "ban_sao.ky_hieu", true);
    source(w, &c->place, "ban_sao.dia_danh", true);
    generated(w, c->number_line, "ban_sao.so", c->number_pos.line ? c->number_pos : c->symbol.pos,
              true);
    generated(w, c->date_line, "ban_sao.ngay", c->date_pos, true);
    sources(w, &c->distribution, "ban_sao.noi_nhan");
    source(w, &c->archive, "ban_sao.luu", true);
    generated_lines(w, c->distribution_lines, c->ndistribution_lines, "ban_sao.noi_nhan", c->pos);
    signer(w, &c->signer);
}

void vb_walk_texts(vb_document *d, vb_text_visitor visit, void *ctx)
{
    static const vb_pos no_pos = {0, 0};
    walker w = {visit, ctx};
    header(&w, d);
    nodes(&w, d->body, d->nbody, "noi_dung");
    footnotes(&w, d);
    sources(&w, &d->distribution, "noi_nhan");
    source(&w, &d->archive, "luu", true);
    generated_lines(&w, d->distribution_lines, d->ndistribution_lines, "noi_nhan", no_pos);
    signer(&w, &d->signer);
    forms(&w, d);
    for (size_t i = 0; i < d->nother_signers; i++)
        signer(&w, &d->other_signers[i]);
    source(&w, &d->issuer_name, "ten_co_quan", true);
    appendices(&w, d);
    generated(&w, d->title, "trich_yeu", d->summary.pos, false);
}
