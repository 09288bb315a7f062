/* The appendices' generated lines: "PHỤ LỤC" (or "Phụ lục I", "Phụ lục II" when several, or an
 * attached text's own type name), the title in capitals (as written under a type name), and
 * "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)" made of the document's own type, Số, date
 * and issuer, blank where the văn thư fills them in; and their blocks. */
#include <string.h>

#include "prepare/prep.h"

/* "Kế hoạch": the type's name with its first letter in capitals. */
static const char *type_in_sentence(prep *p)
{
    const vb_doc_type *t = p->doc->type;
    const char *name = t && t->name_lower ? t->name_lower : "công văn";
    size_t first = 1;
    while (name[first] && ((unsigned char)name[first] & 0xC0) == 0x80)
        first++;
    char head[8];
    memcpy(head, name, first);
    head[first] = 0;
    const char *upper = prep_upper(p->arena, head);
    return upper ? vb_arena_printf(p->arena, "%s%s", upper, name + first) : NULL;
}

/* " số 12/KH-UBND" as the Số line has it (its blank too); "" for a form without one. */
static const char *number_part(prep *p)
{
    const vb_document *d = p->doc;
    if (!d->number_line)
        return "";
    const char *number = d->number_line + strlen("Số:");
    if (d->number > 0 && *number == ' ')
        number++;
    return vb_arena_printf(p->arena, " số%s%s", d->number > 0 ? " " : "", number);
}

/* " ngày 05 tháng 3 năm 2026" as the date line has it (a blank day too); "" without one. */
static const char *date_part(prep *p)
{
    const char *line = p->doc->date_line, *date = NULL;
    for (const char *at = line; at && (at = strstr(at, "ngày ")) != NULL; at++)
        date = at;
    return date ? vb_arena_printf(p->arena, " %s", date) : "";
}

/* The generated "(Kèm theo …)" line: Số and date as the header prints them, so that a blank
 * number or day is the same blank here. */
static const char *attached_line(prep *p)
{
    const char *type = type_in_sentence(p), *number = number_part(p), *date = date_part(p);
    if (!type || !number || !date)
        return NULL;
    const vb_str *issuer = &p->doc->issuer_name;
    const char *line = vb_arena_printf(p->arena, "(Kèm theo %s%s%s%s%s)", type, number, date,
                                       prep_has_text(issuer) ? " của " : "",
                                       prep_has_text(issuer) ? issuer->text : "");
    return line ? vb_appendix_keep_blanks(p->arena, line) : NULL;
}

/* The clerk's own words, in parentheses when they were not typed. */
static const char *written_line(prep *p, const char *text)
{
    size_t n = strlen(text);
    if (n >= 2 && text[0] == '(' && text[n - 1] == ')')
        return text;
    return vb_arena_printf(p->arena, "(%s)", text);
}

/* Each appendix is a text of its own: a Quy chế issued with a decision counts its articles
 * from Điều 1, not on from the decision's. */
void prep_appendix_bodies(prep *p)
{
    for (size_t i = 0; i < p->doc->nappendices; i++) {
        p->articles = 0;
        prep_nodes(p, p->doc->appendices[i].body, p->doc->appendices[i].nbody);
    }
}

/* How many appendices are headed "PHỤ LỤC": an attached text under its own type name is not
 * one of them, nor counted in "Phụ lục I, II". */
static size_t numbered_appendices(const vb_document *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nappendices; i++)
        n += !prep_has_text(&d->appendices[i].type_name);
    return n;
}

void prep_appendices(prep *p)
{
    vb_document *d = p->doc;
    size_t numbered = numbered_appendices(d), seen = 0;
    for (size_t i = 0; i < d->nappendices; i++) {
        vb_appendix *a = &d->appendices[i];
        const char *title = prep_has_text(&a->title) ? a->title.text : "";
        a->own_type = prep_has_text(&a->type_name);
        if (a->own_type) {
            a->heading = prep_upper(p->arena, a->type_name.text);
            a->title_line = title;
        } else {
            seen++;
            a->heading = numbered == 1 ? "PHỤ LỤC"
                                       : vb_arena_printf(p->arena, "Phụ lục %s",
                                                         vb_roman(p->arena, (int)seen));
            a->title_line = prep_upper(p->arena, title);
        }
        a->attached_line =
            prep_has_text(&a->attached) ? written_line(p, a->attached.text) : attached_line(p);
    }
}
