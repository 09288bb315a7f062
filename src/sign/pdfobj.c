/* Reading a PDF just enough to append to it: its xref table, trailer, objects and page tree. */
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL && c != '\0';
}

const unsigned char *vb_pdf_skip_ws(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        if (is_ws(*p))
            p++;
        else if (*p == '%')
            while (p < end && *p != '\n' && *p != '\r')
                p++;
        else
            break;
    }
    return p;
}

static const unsigned char *skip_regular(const unsigned char *p, const unsigned char *end)
{
    while (p < end && !is_ws(*p) && !is_delim(*p))
        p++;
    return p;
}

static const unsigned char *skip_literal_string(const unsigned char *p, const unsigned char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p + 1;
    }
    return end;
}

/* "N G R" after an integer: the whole reference is one value. */
static const unsigned char *skip_ref_tail(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = vb_pdf_skip_ws(p, end);
    const unsigned char *gen = q;
    while (q < end && *q >= '0' && *q <= '9')
        q++;
    if (q == gen)
        return p;
    q = vb_pdf_skip_ws(q, end);
    if (q < end && *q == 'R' && (q + 1 == end || is_ws(q[1]) || is_delim(q[1])))
        return q + 1;
    return p;
}

const unsigned char *vb_pdf_skip_value(const unsigned char *p, const unsigned char *end)
{
    p = vb_pdf_skip_ws(p, end);
    if (p >= end)
        return end;
    if (*p == '<' && p + 1 < end && p[1] == '<') {
        for (p += 2;;) {
            p = vb_pdf_skip_ws(p, end);
            if (p >= end)
                return end;
            if (*p == '>' && p + 1 < end && p[1] == '>')
                return p + 2;
            p = vb_pdf_skip_value(p, end);
        }
    }
    if (*p == '[') {
        for (p++;;) {
            p = vb_pdf_skip_ws(p, end);
            if (p >= end)
                return end;
            if (*p == ']')
                return p + 1;
            p = vb_pdf_skip_value(p, end);
        }
    }
    if (*p == '<') {
        const unsigned char *close = memchr(p, '>', (size_t)(end - p));
        return close ? close + 1 : end;
    }
    if (*p == '(')
        return skip_literal_string(p, end);
    if (*p == '/')
        return skip_regular(p + 1, end);
    bool integer = *p >= '0' && *p <= '9';
    const unsigned char *after = skip_regular(p, end);
    if (after == p) /* a stray delimiter: step over it so that no loop stalls */
        return p + 1;
    for (const unsigned char *q = p; q < after && integer; q++)
        integer = *q >= '0' && *q <= '9';
    return integer ? skip_ref_tail(after, end) : after;
}

bool vb_pdf_dict_get(vb_span dict, const char *key, vb_span *value)
{
    const unsigned char *p = vb_pdf_skip_ws(dict.p, dict.end);
    if (dict.end - p < 2 || p[0] != '<' || p[1] != '<')
        return false;
    size_t key_len = strlen(key);
    for (p += 2;;) {
        p = vb_pdf_skip_ws(p, dict.end);
        if (p >= dict.end || *p != '/')
            return false;
        const unsigned char *name_end = skip_regular(p + 1, dict.end);
        const unsigned char *v = vb_pdf_skip_ws(name_end, dict.end);
        const unsigned char *v_end = vb_pdf_skip_value(v, dict.end);
        if ((size_t)(name_end - p) == key_len && memcmp(p, key, key_len) == 0) {
            *value = (vb_span){v, v_end};
            return true;
        }
        p = v_end;
    }
}

void vb_pdf_dict_body_without(vb_buf *out, vb_span dict, const char *const *keys)
{
    const unsigned char *p = vb_pdf_skip_ws(dict.p, dict.end) + 2;
    for (;;) {
        p = vb_pdf_skip_ws(p, dict.end);
        if (p >= dict.end || *p != '/')
            return;
        const unsigned char *name_end = skip_regular(p + 1, dict.end);
        const unsigned char *v_end = vb_pdf_skip_value(name_end, dict.end);
        bool dropped = false;
        for (const char *const *k = keys; *k && !dropped; k++)
            dropped = (size_t)(name_end - p) == strlen(*k) && memcmp(p, *k, strlen(*k)) == 0;
        if (!dropped) {
            vb_buf_append(out, p, (size_t)(v_end - p));
            vb_buf_append_str(out, "\n");
        }
        p = v_end;
    }
}

unsigned vb_pdf_ref(vb_span value)
{
    const unsigned char *p = vb_pdf_skip_ws(value.p, value.end);
    unsigned long num = 0;
    const unsigned char *start = p;
    while (p < value.end && *p >= '0' && *p <= '9' && num < 100000000)
        num = num * 10 + (unsigned)(*p++ - '0');
    if (p == start || skip_ref_tail(p, value.end) == p)
        return 0;
    return (unsigned)num;
}

size_t vb_pdf_array_refs(vb_span array, unsigned *refs, size_t max)
{
    const unsigned char *p = vb_pdf_skip_ws(array.p, array.end);
    if (p >= array.end || *p != '[')
        return 0;
    size_t n = 0;
    for (p++;;) {
        p = vb_pdf_skip_ws(p, array.end);
        if (p >= array.end || *p == ']')
            return n;
        const unsigned char *v_end = vb_pdf_skip_value(p, array.end);
        unsigned ref = vb_pdf_ref((vb_span){p, v_end});
        if (ref && n < max)
            refs[n] = ref;
        n += ref != 0;
        p = v_end;
    }
}

bool vb_pdf_object_value(const vb_pdf *pdf, unsigned num, vb_span *value)
{
    if (num == 0 || num >= pdf->count)
        return false;
    if (!pdf->offsets[num])
        return pdf->stream_of && vb_pdf_compressed_object(pdf, num, value);
    const unsigned char *end = pdf->data + pdf->len;
    const unsigned char *p = pdf->data + pdf->offsets[num];
    const unsigned char *hit = NULL;
    for (const unsigned char *q = p; q + 3 <= end && q < p + 40; q++)
        if (memcmp(q, "obj", 3) == 0) {
            hit = q + 3;
            break;
        }
    if (!hit)
        return false;
    p = vb_pdf_skip_ws(hit, end);
    *value = (vb_span){p, vb_pdf_skip_value(p, end)};
    return p < end;
}

bool vb_pdf_object_dict(const vb_pdf *pdf, unsigned num, vb_span *dict)
{
    return vb_pdf_object_value(pdf, num, dict) && dict->end - dict->p >= 2 &&
           dict->p[0] == '<' && dict->p[1] == '<';
}

/* Depth-first through /Kids, counting leaves. A damaged tree may loop back on itself: the
 * depth and the number of nodes visited (*budget) are bounded. */
static unsigned find_page(const vb_pdf *pdf, unsigned node, unsigned *index, int depth,
                          unsigned *budget)
{
    vb_span dict, kids;
    if (depth > 32 || *budget == 0 || !vb_pdf_object_dict(pdf, node, &dict))
        return 0;
    --*budget;
    if (!vb_pdf_dict_get(dict, "/Kids", &kids))
        return (*index)-- == 0 ? node : 0;
    unsigned refs[512];
    size_t n = vb_pdf_array_refs(kids, refs, 512);
    for (size_t i = 0; i < n && i < 512; i++) {
        unsigned found = find_page(pdf, refs[i], index, depth + 1, budget);
        if (found)
            return found;
    }
    return 0;
}

unsigned vb_pdf_page(const vb_pdf *pdf, unsigned index)
{
    vb_span catalog, pages;
    if (!vb_pdf_object_dict(pdf, pdf->root, &catalog) ||
        !vb_pdf_dict_get(catalog, "/Pages", &pages))
        return 0;
    unsigned budget = 200000;
    return find_page(pdf, vb_pdf_ref(pages), &index, 0, &budget);
}
