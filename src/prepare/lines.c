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
    for (char *c = text; *c; c++)
        if (*c == '\n')
            *c = ' '; /* the trích yếu's lines, one line of title */
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

/* Appends text in style to r, joined to the last run when that has the same style: a line of
 * one style stays one run, so its words stay plain. */
static void append_run(prep *p, vb_rich *r, const char *text, vb_style style)
{
    vb_run *last = r->count ? &r->runs[r->count - 1] : NULL;
    if (last && !last->footnote && last->style == style) {
        const char *joined = vb_arena_printf(p->arena, "%s%s", last->text, text);
        if (joined)
            last->text = joined;
        return;
    }
    r->runs[r->count++] = (vb_run){text, style, 0};
}

/* text with each "[" escaped: in Nơi nhận and căn cứ a "[^id]" is printed as typed (the loader
 * says so), never a footnote call. */
static char *escape_brackets(prep *p, const char *text)
{
    size_t brackets = 0;
    for (const char *c = strchr(text, '['); c; c = strchr(c + 1, '['))
        brackets++;
    char *escaped = vb_arena_alloc(p->arena, strlen(text) + brackets + 1);
    if (!escaped)
        return NULL;
    char *e = escaped;
    for (const char *c = text; *c; c++) {
        if (*c == '[')
            *e++ = '\\';
        *e++ = *c;
    }
    *e = 0;
    return escaped;
}

/* A Nơi nhận line as runs: "- ", the item's own inline marks ("Sở Nội vụ *(để báo cáo)*"),
 * end (";" or "."). A mark left open is said at the item's line. */
static void distribution_rich(prep *p, const char *text, vb_pos pos, const char *end,
                              vb_rich *out)
{
    char *escaped = escape_brackets(p, text);
    if (!escaped)
        return;
    vb_rich inner = {0};
    prep_parse_rich(p, escaped, pos, "noi_nhan", &inner);
    out->runs = vb_arena_calloc(p->arena, inner.count + 2, sizeof *out->runs);
    if (!out->runs)
        return;
    append_run(p, out, "- ", VB_STYLE_REGULAR);
    for (size_t i = 0; i < inner.count; i++)
        append_run(p, out, inner.runs[i].text, inner.runs[i].style);
    append_run(p, out, end, VB_STYLE_REGULAR);
}

static void build_distribution(prep *p)
{
    vb_document *d = p->doc;
    /* noi_nhan: [] (or left out by a form that may lack it): no Nơi nhận at all. */
    if (d->distribution.count == 0)
        return;
    const char **lines = vb_arena_calloc(p->arena, d->distribution.count + 2, sizeof *lines);
    vb_rich *rich = vb_arena_calloc(p->arena, d->distribution.count + 2, sizeof *rich);
    if (!lines || !rich)
        return;
    size_t n = 0;
    /* a công điện's dien_den are its "trên" as kinh_gui are a letter's */
    bool above = d->recipients.count > 0 || d->cable_recipients.count > 0;
    if (above) {
        distribution_rich(p, "Như trên", (vb_pos){0, 0}, ";", &rich[n]);
        lines[n++] = "- Như trên;";
    }
    for (size_t i = 0; i < d->distribution.count; i++) {
        const vb_str *item = &d->distribution.items[i];
        const char *text = strip_clerk_marks(p, item->text ? item->text : "", ";.,");
        /* A line of marks only says nothing; with kinh_gui, "Như trên" is already there. */
        if (!text || !text[0] || (above && strcmp(text, "Như trên") == 0))
            continue;
        distribution_rich(p, text, item->pos, ";", &rich[n]);
        lines[n++] = vb_arena_printf(p->arena, "- %s;", text);
    }
    const char *archive = vb_arena_printf(p->arena, "Lưu: %s", archive_text(p));
    if (archive)
        distribution_rich(p, archive, d->archive.pos, ".", &rich[n]);
    lines[n++] = vb_arena_printf(p->arena, "- Lưu: %s.", archive_text(p));
    d->distribution_rich = rich;
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

/* A basis that is not a "Căn cứ": a nghị quyết's "Xét Tờ trình …", "Theo đề nghị …", "Thực
 * hiện …", "Trên cơ sở …" open their own line and get no prefix. */
static bool opens_its_own_basis(const char *text)
{
    static const char *const openers[] = {"Xét ", "xét ", "Theo ", "theo ", "Thực hiện ",
                                          "thực hiện ", "Trên cơ sở ", "trên cơ sở "};
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
        if (strncmp(text, openers[i], strlen(openers[i])) == 0)
            return true;
    return false;
}

/* The line a clerk's text becomes, or NULL when it holds nothing but marks. */
static const char *basis_line(prep *p, const char *raw, const char *prefix, const char *lower)
{
    const char *text = strip_clerk_marks(p, raw ? raw : "", ";.,");
    if (!text || !text[0])
        return NULL;
    if (*prefix && strcmp(prefix, "Căn cứ ") == 0 && opens_its_own_basis(text))
        return vb_arena_printf(p->arena, "%c%s", text[0] == 'x' || text[0] == 't'
                                                     ? text[0] - 32 : text[0], text + 1);
    return with_prefix(p, text, prefix, lower);
}

/* The clerk's text of the last basis line: theo_de_nghi, else the last can_cu. */
static const char *last_basis_text(const vb_document *d)
{
    if (prep_has_text(&d->proposal))
        return d->proposal.text;
    return d->legal_bases.count ? d->legal_bases.items[d->legal_bases.count - 1].text : NULL;
}

static bool ends_with_comma(const char *text)
{
    size_t len = text ? strlen(text) : 0;
    while (len && text[len - 1] == ' ')
        len--;
    return len && text[len - 1] == ',';
}

/* kieu_can_cu: gop, as a tờ trình writes its bases: one paragraph, "Căn cứ" once, "; "
 * between them ("Căn cứ Nghị quyết …; Chỉ thị …;"). Returns how many lines are left: 1, or 0
 * when there were none. */
static size_t join_bases(prep *p, const char **lines, size_t n)
{
    if (n == 0)
        return 0;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(lines[i]) + 2;
    char *joined = vb_arena_alloc(p->arena, len + 1);
    if (!joined)
        return 0;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(lines[i]);
        if (i > 0) {
            memcpy(joined + at, "; ", 2);
            at += 2;
        }
        memcpy(joined + at, lines[i], k);
        at += k;
    }
    joined[at] = 0;
    lines[0] = joined;
    return 1;
}

/* The bases' inline marks ("(*gọi tắt là Ban Chỉ đạo*)"): each text a clerk wrote is read on
 * its own, so that a mark left open is said at its line and character; the finished lines,
 * with "Căn cứ" and ";" added and joined, are then read into runs. */
static void basis_rich(prep *p)
{
    vb_document *d = p->doc;
    for (size_t i = 0; i < d->legal_bases.count + 1; i++) {
        const vb_str *raw = i < d->legal_bases.count ? &d->legal_bases.items[i] : &d->proposal;
        const char *what = i < d->legal_bases.count ? "can_cu" : "theo_de_nghi";
        char *escaped = prep_has_text(raw) ? escape_brackets(p, raw->text) : NULL;
        vb_rich checked = {0};
        if (escaped)
            prep_parse_rich(p, escaped, raw->pos, what, &checked);
    }
    vb_rich *rich = vb_arena_calloc(p->arena, d->nbasis_lines + 1, sizeof *rich);
    if (!rich || p->failed)
        return;
    for (size_t i = 0; i < d->nbasis_lines; i++) {
        char *escaped = d->basis_lines[i] ? escape_brackets(p, d->basis_lines[i]) : NULL;
        if (!escaped || vb_parse_inline(p->arena, escaped, &rich[i], NULL, NULL, NULL, NULL) != 0)
            return; /* out of memory, or a mark opened in one text and closed in the next */
    }
    d->basis_rich = rich;
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
    bool joined = d->basis_form == VB_BASIS_JOINED;
    for (size_t i = 0; i < d->legal_bases.count; i++) {
        const char *raw = d->legal_bases.items[i].text;
        /* Joined, only the first gets "Căn cứ " ("…; Chỉ thị …"), unless the clerk wrote it. */
        if (joined && n > 0)
            lines[n] = basis_line(p, raw, "", "");
        else
            lines[n] = basis_line(p, raw, "Căn cứ ", "căn cứ ");
        n += lines[n] != NULL;
    }
    if (joined)
        n = join_bases(p, lines, n);
    if (prep_has_text(&d->proposal) &&
        (lines[n] = basis_line(p, d->proposal.text, "Theo đề nghị của ", "theo đề nghị của ")))
        n++;
    /* Upright bases open a body whose next paragraph goes on with them: each ends ";". The
     * last of a decision's ends "." unless the clerk ended it with ",", as a Government
     * resolution leads into QUYẾT NGHỊ: ("Trên cơ sở kết quả biểu quyết …,"). */
    bool upright = d->basis_form != VB_BASIS_ITALIC;
    const char *last_end = ends_with_comma(last_basis_text(d)) ? "," : ".";
    for (size_t i = 0; i < n; i++)
        lines[i] = vb_arena_printf(p->arena, "%s%s", lines[i], i + 1 < n || upright ? ";" : last_end);
    d->basis_lines = lines;
    d->nbasis_lines = n;
    basis_rich(p);
}

/* "TL. CHỦ TỊCH" from a tham_quyen line as written ("TL.CHỦ tịch", "TL CHỦ TỊCH"): the loader
 * has checked that it opens with an authority. */
static const char *chain_line(prep *p, const char *text)
{
    size_t n = strcspn(text, ". ");
    const char *rest = text + n;
    while (*rest == '.' || *rest == ' ')
        rest++;
    return vb_arena_printf(p->arena, "%.*s. %s", (int)n, text, prep_upper(p->arena, rest));
}

/* "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH": the loader has checked which
 * authorities exist (upper case, without the dot) and what each needs. thay_mat's further
 * lines follow its first, which carries the prefix. */
static void build_title_lines(prep *p, vb_signer *s)
{
    size_t most = s->chain.count + s->on_behalf.count + 1 + s->position.count;
    const char **lines = vb_arena_calloc(p->arena, most, sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    for (size_t i = 0; i < s->chain.count; i++)
        if (prep_has_text(&s->chain.items[i]))
            lines[n++] = chain_line(p, s->chain.items[i].text);
    if (prep_has_text(&s->capacity)) {
        for (size_t i = 0; i < s->on_behalf.count; i++)
            if (prep_has_text(&s->on_behalf.items[i]))
                lines[n++] = i == 0 ? vb_arena_printf(p->arena, "%s. %s", s->capacity.text,
                                                      prep_upper(p->arena,
                                                                 s->on_behalf.items[i].text))
                                    : prep_upper(p->arena, s->on_behalf.items[i].text);
        if (prep_has_text(&s->deputy_for))
            lines[n++] = vb_arena_printf(p->arena, "KT. %s",
                                         prep_upper(p->arena, s->deputy_for.text));
    }
    for (size_t i = 0; i < s->position.count; i++)
        if (prep_has_text(&s->position.items[i]))
            lines[n++] = prep_upper(p->arena, s->position.items[i].text);
    s->title_lines = lines;
    s->ntitle_lines = n;
}

/* The name's lines as typed, then the position printed under it. */
static void build_name_lines(prep *p, vb_signer *s)
{
    const char **lines = vb_arena_calloc(p->arena, s->name.count + s->position_below.count + 1,
                                         sizeof *lines);
    if (!lines)
        return;
    size_t n = 0;
    for (size_t i = 0; i < s->name.count; i++)
        if (prep_has_text(&s->name.items[i]))
            lines[n++] = s->name.items[i].text;
    for (size_t i = 0; i < s->position_below.count; i++)
        if (prep_has_text(&s->position_below.items[i]))
            lines[n++] = s->position_below.items[i].text;
    s->name_lines = lines;
    s->nname_lines = n;
}

static void build_signers(prep *p)
{
    vb_document *d = p->doc;
    build_title_lines(p, &d->signer);
    build_name_lines(p, &d->signer);
    for (size_t i = 0; i < d->nother_signers; i++) {
        build_title_lines(p, &d->other_signers[i]);
        build_name_lines(p, &d->other_signers[i]);
    }
}

void prep_generated_lines(prep *p)
{
    build_header_lines(p);
    build_distribution(p);
    build_basis(p);
    build_signers(p);
}

/* A copy's Số, date line, Nơi nhận and signature titles are a document's, built from a shadow
 * document that holds the copy's fields in a document's places (prepare/forms.c). */
void prep_shadow_lines(prep *p, vb_document *shadow)
{
    prep q = *p;
    q.doc = shadow;
    build_header_lines(&q);
    build_distribution(&q);
    build_signers(&q);
}
