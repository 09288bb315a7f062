/* Stamped text in the document's own embedded font: the page's font whose subset has every
 * glyph, its codes found by reading the font's ToUnicode map backwards. */
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "sign/sign.h"

/* The next "<hex>" from *p within end as a number, with its digit count; false at the end. */
static bool next_hex(const char **p, const char *end, unsigned long *value, int *digits)
{
    const char *open = memchr(*p, '<', (size_t)(end - *p));
    const char *close = open ? memchr(open, '>', (size_t)(end - open)) : NULL;
    if (!close || close - open > 9)
        return false;
    *value = strtoul(open + 1, NULL, 16);
    *digits = (int)(close - open - 1);
    *p = close + 1;
    return true;
}

/* The code whose ToUnicode entry is cp, from the bfchar and bfrange sections; -1 if none. */
static long code_for(const char *cmap, size_t len, unsigned long cp, int *digits)
{
    const char *end = cmap + len;
    for (const char *s = cmap; (s = memmem(s, (size_t)(end - s), "beginbf", 7)) != NULL;) {
        bool range = strncmp(s + 7, "range", 5) == 0;
        const char *stop = memmem(s, (size_t)(end - s), range ? "endbfrange" : "endbfchar",
                                  range ? 10 : 9);
        if (!stop)
            return -1;
        unsigned long lo, hi, dst;
        int d2;
        for (const char *p = s + 7; next_hex(&p, stop, &lo, digits);) {
            hi = lo;
            if ((range && !next_hex(&p, stop, &hi, &d2)) || !next_hex(&p, stop, &dst, &d2))
                break;
            if (cp >= dst && cp - dst <= hi - lo)
                return (long)(lo + (cp - dst));
        }
        s = stop;
    }
    return -1;
}

/* The text's codes in hex for this font's ToUnicode map; false if a character is missing. */
static bool encode(const char *cmap, size_t len, const char *text, vb_buf *hex)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
    while (s < end) {
        if (*s == '\n') { /* lines are the caller's: the separator passes through */
            vb_buf_append_str(hex, "\n");
            s++;
            continue;
        }
        int digits;
        size_t used;
        long code = code_for(cmap, len, vb_utf8_next(s, (size_t)(end - s), &used), &digits);
        s += used;
        if (code < 0)
            return false;
        vb_buf_printf(hex, "%0*lX", digits, (unsigned long)code);
    }
    return true;
}

/* Does the font dict's /BaseFont end as the style asks ("-Italic", or no style at all)? */
static bool style_matches(vb_span font, bool italic)
{
    vb_span base;
    if (!vb_pdf_dict_get(font, "/BaseFont", &base))
        return false;
    size_t n = (size_t)(base.end - base.p);
    const char *name = (const char *)base.p;
    bool is_italic = n > 7 && memcmp(name + n - 7, "-Italic", 7) == 0;
    bool styled = memmem(name, n, "Bold", 4) || memmem(name, n, "Italic", 6);
    return italic ? is_italic : !styled;
}

/* A dict value that may be a reference: the dictionary it names. */
static bool resolve_dict(const vb_pdf *pdf, vb_span value, vb_span *dict)
{
    unsigned ref = vb_pdf_ref(value);
    if (ref)
        return vb_pdf_object_dict(pdf, ref, dict);
    *dict = value;
    return value.end - value.p >= 2 && value.p[0] == '<' && value.p[1] == '<';
}

unsigned vb_doc_font_encode(const vb_pdf *pdf, unsigned page, bool italic, const char *text,
                            vb_buf *hex)
{
    vb_span page_dict, v, resources, fonts;
    if (!vb_pdf_object_dict(pdf, page, &page_dict) ||
        !vb_pdf_dict_get(page_dict, "/Resources", &v) || !resolve_dict(pdf, v, &resources) ||
        !vb_pdf_dict_get(resources, "/Font", &v) || !resolve_dict(pdf, v, &fonts))
        return 0;
    const unsigned char *p = vb_pdf_skip_ws(fonts.p, fonts.end) + 2;
    for (;;) {
        p = vb_pdf_skip_ws(p, fonts.end);
        if (p >= fonts.end || *p != '/')
            return 0;
        const unsigned char *value = vb_pdf_skip_value(p, fonts.end);
        const unsigned char *v_end = vb_pdf_skip_value(value, fonts.end);
        unsigned font_obj = vb_pdf_ref((vb_span){value, v_end});
        p = v_end;
        vb_span font, to_unicode;
        if (!font_obj || !vb_pdf_object_dict(pdf, font_obj, &font) ||
            !style_matches(font, italic) || !vb_pdf_dict_get(font, "/ToUnicode", &to_unicode))
            continue;
        size_t len;
        char *cmap = (char *)vb_pdf_stream_data(pdf, vb_pdf_ref(to_unicode), &len);
        if (!cmap)
            continue;
        size_t before = hex->len;
        bool ok = encode(cmap, len, text, hex);
        free(cmap);
        if (ok)
            return font_obj;
        hex->len = before;
    }
}
