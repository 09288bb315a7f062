/* Lines vanban writes for two Phụ lục III forms: a công điện's "… điện:" block, a copy's. */
#include <string.h>

#include "prepare/prep.h"

/* "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", then "- Giám đốc các Sở;" … "- Chủ tịch UBND các xã."
 * as mẫu 1.6 lists them. The loader let these keys through on a công điện only. */
static void cable_lines(prep *p)
{
    vb_document *d = p->doc;
    if (!prep_has_text(&d->cable_sender))
        return;
    d->cable_sender_line = vb_arena_printf(p->arena, "%s điện:",
                                           prep_upper(p->arena, d->cable_sender.text));
    const char **lines = vb_arena_calloc(p->arena, d->cable_recipients.count + 1, sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    for (size_t i = 0; i < d->cable_recipients.count; i++) {
        const char *text = d->cable_recipients.items[i].text;
        /* the loader warned of a line of marks only; here it is skipped */
        while (text && (*text == '-' || *text == ' '))
            text++;
        size_t len = text ? strlen(text) : 0;
        while (len && strchr(";., ", text[len - 1]))
            len--;
        if (!len)
            continue;
        lines[n++] = vb_arena_printf(p->arena, "- %.*s;", (int)len, text);
    }
    if (n) {
        char *last = (char *)lines[n - 1];
        if (last)
            last[strlen(last) - 1] = '.';
    }
    d->cable_lines = lines;
    d->ncable_lines = n;
}

static const vb_doc_type copy_types[] = {
    {"sao-y", "SAO Y", "bản sao y", "SY", NULL, 0},
    {"sao-luc", "SAO LỤC", "bản sao lục", "SL", NULL, 0},
    {"trich-sao", "TRÍCH SAO", "bản trích sao", "TS", NULL, 0},
};

/* "SAO Y", "Số: 15/SY-UBND", the date and the Nơi nhận of the copy, built as a document's
 * (Phụ lục I: the copy's số and ký hiệu follow the document's rules, with SY, SL or TS). */
static void copy_lines(prep *p)
{
    vb_copy *c = p->doc->copy;
    if (!c || c->form < VB_COPY_SAO_Y || c->form > VB_COPY_TRICH_SAO)
        return;
    const vb_doc_type *type = &copy_types[c->form - VB_COPY_SAO_Y];
    vb_document shadow = {0};
    shadow.file = p->doc->file;
    shadow.type = type;
    shadow.number = c->number;
    shadow.symbol = c->symbol;
    shadow.place = c->place;
    shadow.year = c->year;
    shadow.month = c->month;
    shadow.day = c->day;
    shadow.distribution = c->distribution;
    shadow.archive = c->archive;
    shadow.signer = c->signer;
    prep_shadow_lines(p, &shadow);
    c->form_line = type->name_upper;
    c->number_line = shadow.number_line;
    c->date_line = shadow.date_line;
    c->distribution_lines = shadow.distribution_lines;
    c->ndistribution_lines = shadow.ndistribution_lines;
    c->signer = shadow.signer;
}

void prep_forms(prep *p)
{
    cable_lines(p);
    copy_lines(p);
}
