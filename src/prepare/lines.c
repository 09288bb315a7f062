/* The lines vanban writes itself: Số, the date line, the PDF title, Nơi nhận, the legal bases
 * of a decision and the signature titles. The content was checked by the loader; here it is only
 * put into the Decree's form. A failed allocation leaves a field NULL; the arena remembers it. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "prepare/prep.h"

/* Room left after "Số:" when the number is blank: the văn thư writes it in by hand. */
#define BLANK_NUMBER_GAP "       "
/* Room left in the date line for a day or month the văn thư writes in. */
#define BLANK_DATE_GAP "      "

/* "BC-UBND"; a công văn has no type abbreviation: "UBND-VX". */
static const char *document_code(prep *p)
{
    const vb_document *d = p->doc;
    const char *abbr = d->type ? d->type->abbr : NULL;
    const char *symbol = prep_has_text(&d->symbol) ? d->symbol.text : "";
    if (abbr && symbol[0])
        return vb_arena_printf(p->arena, "%s-%s", abbr, symbol);
    return abbr ? abbr : symbol;
}

/* First letter upper case, the rest as given: "báo cáo" -> "Báo cáo". */
static const char *capitalise_first(prep *p, const char *s)
{
    size_t len = strlen(s);
    if (!len)
        return s;
    size_t first;
    uint32_t cp = vb_utf8_next((const unsigned char *)s, len, &first);
    char head[5];
    prep_encode_cp((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp), head);
    return vb_arena_printf(p->arena, "%s%s", head, s + first);
}

/* The trích yếu as plain text: marks gone, footnote calls left out. */
static const char *rich_plain_text(prep *p, const vb_rich *r)
{
    size_t len = 0;
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote)
            len += strlen(r->runs[i].text);
    char *text = vb_arena_alloc(p->arena, len + 1);
    if (!text)
        return NULL;
    for (size_t i = 0, at = 0; i < r->count; i++) {
        if (r->runs[i].footnote)
            continue;
        size_t n = strlen(r->runs[i].text);
        memcpy(text + at, r->runs[i].text, n);
        at += n;
    }
    return text;
}

/* "Số: 476/BC-UBND", "Bình Trung, ngày 14 tháng 7 năm 2023", and the PDF title. */
static void build_header_lines(prep *p)
{
    vb_document *d = p->doc;
    const char *code = document_code(p);
    const char *number = d->number > 0 ? vb_arena_printf(p->arena, "%02ld", d->number) : NULL;
    if (!code || (d->number > 0 && !number))
        return;
    /* Neither number nor ký hiệu: a form without a Số line (the loader let only such a form
     * leave ky_hieu out). */
    bool numbered = number || prep_has_text(&d->symbol);
    if (numbered)
        d->number_line = number ? vb_arena_printf(p->arena, "Số: %s/%s", number, code)
                                : vb_arena_printf(p->arena, "Số:%s/%s", BLANK_NUMBER_GAP, code);

    /* The Decree: days below 10 and months 1 and 2 with a leading zero. A day or month left
     * blank is a run of spaces, which layout sets as wide as issued documents leave it. */
    char day[16], month[16];
    if (d->day)
        snprintf(day, sizeof day, "%02d", d->day);
    else
        snprintf(day, sizeof day, "%s", BLANK_DATE_GAP);
    if (d->month)
        snprintf(month, sizeof month, d->month < 3 ? "%02d" : "%d", d->month);
    else
        snprintf(month, sizeof month, "%s", BLANK_DATE_GAP);
    bool place = prep_has_text(&d->place);
    /* No ngay (a form that may lack the date line): none. */
    if (d->year)
        d->date_line = vb_arena_printf(p->arena, "%s%sngày %s tháng %s năm %d",
                                       place ? d->place.text : "", place ? ", " : "", day, month,
                                       d->year);

    bool cong_van = !d->type || !d->type->abbr;
    const char *type_name = capitalise_first(p, d->type && d->type->name_lower
                                                    ? d->type->name_lower : "công văn");
    const char *summary = rich_plain_text(p, &d->summary_rich);
    const char *reference = number ? vb_arena_printf(p->arena, " số %s/%s", number, code) : "";
    bool summarised = summary && summary[0];
    d->title = vb_arena_printf(p->arena, "%s%s%s%s%s", type_name, reference,
                               summarised ? ": " : "", summarised && cong_van ? "V/v " : "",
                               summarised ? summary : "");
}

/* What a clerk may type around a Nơi nhận line that vanban adds itself: a leading "-", "+",
 * "–" or "•", and a trailing ";", "." or ",". */
static const char *strip_clerk_marks(prep *p, const char *s, const char *trailing)
{
    static const char *const bullets[] = {"-", "+", "\u2013", "\u2022"};
    bool stripped = true;
    while (stripped) {
        stripped = false;
        while (*s == ' ')
            s++;
        for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
            size_t len = strlen(bullets[i]);
            if (strncmp(s, bullets[i], len) == 0) {
                s += len;
                stripped = true;
            }
        }
    }
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || strchr(trailing, s[len - 1])))
        len--;
    return vb_arena_strndup(p->arena, s, len);
}

/* "Lưu: VT, VP" from luu as typed: "VT, VP", "VT, VP." or "Lưu: VT". */
static const char *archive_text(prep *p)
{
    const vb_document *d = p->doc;
    if (!prep_has_text(&d->archive))
        return "VT";
    const char *archive = strip_clerk_marks(p, d->archive.text, ".;,");
    /* "Lưu: VT" typed in full would otherwise come out "Lưu: Lưu: VT". */
    if (archive && strncmp(archive, "Lưu:", strlen("Lưu:")) == 0)
        archive = strip_clerk_marks(p, archive + strlen("Lưu:"), ".;,");
    return archive && !archive[0] ? "VT" : archive;
}

static void build_distribution(prep *p)
{
    vb_document *d = p->doc;
    /* noi_nhan: [] (or left out by a form that may lack it): no Nơi nhận at all. */
    if (d->distribution.count == 0)
        return;
    const char **lines = vb_arena_calloc(p->arena, d->distribution.count + 2, sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    if (d->recipients.count > 0)
        lines[n++] = "- Như trên;";
    for (size_t i = 0; i < d->distribution.count; i++) {
        const vb_str *item = &d->distribution.items[i];
        const char *text = strip_clerk_marks(p, item->text ? item->text : "", ";.,");
        /* A line of marks only says nothing; with kinh_gui, "Như trên" is already there. */
        if (!text || !text[0] || (d->recipients.count > 0 && strcmp(text, "Như trên") == 0))
            continue;
        lines[n++] = vb_arena_printf(p->arena, "- %s;", text);
    }
    lines[n++] = vb_arena_printf(p->arena, "- Lưu: %s.", archive_text(p));
    d->distribution_lines = lines;
    d->ndistribution_lines = n;
}

/* A text starting with prefix (ignoring the case of its first letter) keeps it; another gets it:
 * clerks write both "Căn cứ Luật …" and "Luật …". */
static const char *with_prefix(prep *p, const char *text, const char *prefix, const char *lower)
{
    if (strncmp(text, prefix, strlen(prefix)) == 0 || strncmp(text, lower, strlen(lower)) == 0)
        return vb_arena_printf(p->arena, "%s%s", prefix, text + strlen(prefix));
    return vb_arena_printf(p->arena, "%s%s", prefix, text);
}

/* The line a clerk's text becomes, or NULL when it holds nothing but marks. */
static const char *basis_line(prep *p, const char *raw, const char *prefix, const char *lower)
{
    const char *text = strip_clerk_marks(p, raw ? raw : "", ";.,");
    return text && text[0] ? with_prefix(p, text, prefix, lower) : NULL;
}

/* The legal bases of a decision (Phụ lục I: italic, one per line, each ending ";", the last
 * "."), then "Theo đề nghị của …."; the authority's lines in capitals; and the line that opens
 * the operative part of a decision or resolution. */
static void build_basis(prep *p)
{
    vb_document *d = p->doc;
    for (size_t i = 0; i < d->issuing_authority.count; i++)
        if (prep_has_text(&d->issuing_authority.items[i]))
            d->issuing_authority.items[i].text = prep_upper(p->arena, d->issuing_authority.items[i].text);
    d->enacting_line = d->type->enacting;

    const char **lines = vb_arena_calloc(p->arena, d->legal_bases.count + 1, sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    for (size_t i = 0; i < d->legal_bases.count; i++)
        if ((lines[n] = basis_line(p, d->legal_bases.items[i].text, "Căn cứ ", "căn cứ ")))
            n++;
    if (prep_has_text(&d->proposal) &&
        (lines[n] = basis_line(p, d->proposal.text, "Theo đề nghị của ", "theo đề nghị của ")))
        n++;
    for (size_t i = 0; i < n; i++)
        lines[i] = vb_arena_printf(p->arena, "%s%s", lines[i], i + 1 < n ? ";" : ".");
    d->basis_lines = lines;
    d->nbasis_lines = n;
}

/* "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH": the loader has checked which
 * authorities exist (upper case, without the dot) and what each needs. */
static void build_signer(prep *p)
{
    vb_signer *s = &p->doc->signer;
    const char **lines = vb_arena_calloc(p->arena, 3, sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    if (prep_has_text(&s->capacity)) {
        if (prep_has_text(&s->on_behalf))
            lines[n++] = vb_arena_printf(p->arena, "%s. %s", s->capacity.text,
                                         prep_upper(p->arena, s->on_behalf.text));
        if (prep_has_text(&s->deputy_for))
            lines[n++] = vb_arena_printf(p->arena, "KT. %s",
                                         prep_upper(p->arena, s->deputy_for.text));
    }
    if (prep_has_text(&s->position))
        lines[n++] = prep_upper(p->arena, s->position.text);
    s->title_lines = lines;
    s->ntitle_lines = n;
}

void prep_generated_lines(prep *p)
{
    build_header_lines(p);
    build_distribution(p);
    build_basis(p);
    build_signer(p);
}
