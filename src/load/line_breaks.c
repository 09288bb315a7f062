/* Line breaks a clerk types in the head's fields: lines where a field takes lines, an error at
 * the value where it cannot take one. Nothing is folded into a space without a word. */
#include <string.h>

#include "load/loader.h"
#include "load/schema.h"

/* Where line k (0-based) of a scalar's value is in the file: a literal block scalar ("|") has
 * its lines under the indicator, one file line each; any other scalar is pointed at whole. */
static vb_pos value_line_pos(const loader *L, const tree *t, size_t k)
{
    const char *s = L->data, *end = L->data + L->len;
    for (int line = 1; line < t->pos.line && s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
    }
    size_t col = (size_t)(t->pos.col > 0 ? t->pos.col - 1 : 0);
    if (t->plain || s + col >= end || s[col] != '|')
        return t->pos;
    /* k + 1 lines further down, at the first character of that line's text */
    for (size_t line = 0; line <= k && s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
    }
    int indent = 0;
    while (s + indent < end && s[indent] == ' ')
        indent++;
    return (vb_pos){t->pos.line + 1 + (int)k, indent + 1};
}

/* The length of text without the line breaks a block scalar ("|") ends with. */
static size_t without_final_breaks(const char *text, size_t len)
{
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    return len;
}

bool vb_refuse_line_break(loader *L, const tree *t, const char *key)
{
    if (t->kind != TREE_SCALAR)
        return false;
    size_t len = without_final_breaks(t->text, t->len);
    const char *nl = memchr(t->text, '\n', len);
    if (!nl)
        return false;
    size_t k = 0;
    for (const char *p = t->text; p < nl; p++)
        k += *p == '\n';
    vb_load_error(L, value_line_pos(L, t, k + 1),
                  "%s in trên một dòng, nhưng ở đây xuống dòng sau \"%.*s\": hãy viết cả giá trị "
                  "trên một dòng (bỏ dấu \"|\" hoặc \"\\n\")",
                  key, (int)(nl - t->text), t->text);
    return true;
}

/* Each line of an item is an item of its own: "a\nb" is two lines, as [a, b] would be. Empty
 * lines between them say nothing and are left out. */
void vb_split_line_breaks(loader *L, const tree *t, vb_str_list *lines)
{
    size_t extra = 0;
    for (size_t i = 0; i < lines->count; i++) {
        const vb_str *s = &lines->items[i];
        if (s->text)
            for (const char *p = s->text; *p; p++)
                extra += *p == '\n';
    }
    if (!extra)
        return;
    vb_str *items = vb_load_alloc(L, lines->count + extra, sizeof *items);
    if (!items)
        return;
    size_t n = 0;
    for (size_t i = 0; i < lines->count; i++) {
        const vb_str *s = &lines->items[i];
        const tree *from = t->kind == TREE_SEQUENCE ? t->items[i] : t;
        const char *p = s->text;
        for (size_t k = 0; p; k++) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            if (len && !(len == 1 && *p == '\r'))
                items[n++] = (vb_str){vb_load_strndup(L, p, len), value_line_pos(L, from, k)};
            p = nl ? nl + 1 : NULL;
        }
    }
    lines->items = items;
    lines->count = n;
}

/* A text or a list of texts, each a line; kept as one text with its lines joined by "\n". */
void vb_take_broken_text(loader *L, const vb_field *f, const tree *t, vb_str *out)
{
    if (t->kind != TREE_SEQUENCE) {
        if (vb_take_text(L, t, f->key, f->required, out) && out->text)
            out->text[without_final_breaks(out->text, strlen(out->text))] = 0;
        return;
    }
    vb_str_list lines = {0};
    vb_take_lines(L, t, f->key, f->required, &lines);
    size_t total = 1;
    for (size_t i = 0; i < lines.count; i++)
        total += (lines.items[i].text ? strlen(lines.items[i].text) : 0) + 1;
    if (!lines.count || !(out->text = vb_load_alloc(L, total, 1)))
        return;
    for (size_t i = 0; i < lines.count; i++) {
        if (i)
            strcat(out->text, "\n");
        strcat(out->text, lines.items[i].text ? lines.items[i].text : "");
    }
    out->pos = t->pos;
}
