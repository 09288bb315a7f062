/* The stamp's own font, for text the document's embedded subsets cannot draw (a copy mark
 * "SAO Y; SỞ NỘI VỤ…" over a page whose subset lacks "Ỹ"): a fresh subset of the family vanban
 * renders with, embedded in the update as a Type0 font with its ToUnicode map. */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "engine.h"
#include "sign/stampfont.h"
#include "vanban.h"

/* The distinct code points of text (without line breaks), in order of first use. */
/* The code point at *p, moving past it. */
static uint32_t take_code_point(const char **p)
{
    size_t used;
    uint32_t cp = vb_utf8_next((const unsigned char *)*p, strlen(*p), &used);
    *p += used;
    return cp;
}

static size_t distinct_code_points(const char *text, uint32_t *cps, size_t max)
{
    size_t n = 0;
    for (const char *p = text; *p;) {
        uint32_t cp = take_code_point(&p);
        bool seen = cp == '\n';
        for (size_t i = 0; i < n && !seen; i++)
            seen = cps[i] == cp;
        if (!seen && n < max)
            cps[n++] = cp;
    }
    return n;
}

static int refuse(vb_diagnostics *diag, const char *fmt, uint32_t cp)
{
    vb_diag_error(diag, NULL, 0, 0, fmt, (unsigned)cp);
    return -1;
}

/* The subset and the text's codes (glyph ids of the subset, four hex digits each). */
static int make_subset(vb_stamp_font *sf, const vb_fontset *fs, const char *text, vb_buf *hex,
                       vb_diagnostics *diag)
{
    uint32_t cps[VB_STAMP_MAX_CHARS];
    sf->n = distinct_code_points(text, cps, VB_STAMP_MAX_CHARS);
    for (size_t i = 0; i < sf->n; i++)
        if (!vb_font_has_glyph(fs, sf->style, cps[i]))
            return refuse(diag, "phông của vanban cũng không có chữ U+%04X của --text / the "
                                "fonts lack a character of --text", cps[i]);
    memcpy(sf->cps, cps, sf->n * sizeof cps[0]);
    if (vb_font_subset_glyphs(fs, sf->style, sf->cps, sf->n, sf->gids, &sf->ttf, &sf->ttf_len) !=
        0) {
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
        return -1;
    }
    for (size_t i = 0; i < sf->n; i++)
        sf->widths[i] = vb_font_advance(fs, sf->style, sf->cps[i]);
    for (const char *p = text; *p;) {
        uint32_t cp = take_code_point(&p);
        size_t k = 0;
        while (k < sf->n && sf->cps[k] != cp)
            k++;
        if (cp == '\n')
            vb_buf_append_str(hex, "\n");
        else
            vb_buf_printf(hex, "%04X", sf->gids[k]);
        if (cp != '\n')
            sf->units += sf->widths[k];
    }
    vb_buf_append(hex, "", 1);
    return hex->failed ? -1 : 0;
}

int vb_stamp_font_prepare(vb_stamp_font *sf, const char *font_dir, bool italic, const char *text,
                          vb_buf *hex, unsigned *next, vb_diagnostics *diag)
{
    *sf = (vb_stamp_font){.style = italic ? VB_STYLE_ITALIC : VB_STYLE_REGULAR};
    vb_engine_options opts = {.font_dir = font_dir};
    vb_engine *eng = vb_engine_new(&opts, diag);
    if (!eng)
        return -1;
    const vb_fontset *fs = vb_engine_fontset(eng);
    /* Decomposed input ("Y" + U+0303) is drawn with the precomposed glyphs Vietnamese fonts
     * are made for. */
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
    int rc = nfc ? make_subset(sf, fs, nfc, hex, diag) : -1;
    if (!nfc)
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
    free(nfc);
    if (rc == 0) {
        vb_font_pdf_info_get(fs, sf->style, &sf->info);
        snprintf(sf->name, sizeof sf->name, "%s", vb_font_postscript_name(fs, sf->style));
        sf->type0 = (*next)++;
        sf->cid = (*next)++;
        sf->descriptor = (*next)++;
        sf->file = (*next)++;
        sf->to_unicode = (*next)++;
    }
    vb_engine_free(eng);
    return rc;
}

/* The six capitals before "+" that mark a subset, from its glyphs: the same text always gets
 * the same name, different subsets in one file different ones. */
static void subset_tag(const vb_stamp_font *sf, char tag[7])
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sf->n; i++)
        h = (h ^ sf->cps[i]) * 16777619u;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

static void write_to_unicode(vb_update *u, const vb_stamp_font *sf)
{
    vb_buf cmap = {0};
    vb_buf_printf(&cmap, "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                         "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                         "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                         "%zu beginbfchar\n", sf->n);
    for (size_t i = 0; i < sf->n; i++) {
        uint32_t cp = sf->cps[i];
        if (cp > 0xFFFF) /* UTF-16: a surrogate pair */
            vb_buf_printf(&cmap, "<%04X> <%04X%04X>\n", sf->gids[i],
                          0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            vb_buf_printf(&cmap, "<%04X> <%04X>\n", sf->gids[i], cp);
    }
    vb_buf_append_str(&cmap, "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop "
                             "end end\n");
    if (cmap.failed)
        u->out.failed = 1;
    vb_update_write_stream(u, sf->to_unicode, "", cmap.data ? cmap.data : (unsigned char *)"",
                           cmap.len);
    vb_buf_free(&cmap);
}

void vb_stamp_font_write(vb_update *u, const vb_stamp_font *sf)
{
    char tag[7], dict[96];
    subset_tag(sf, tag);
    vb_update_begin_object(u, sf->type0);
    vb_buf_printf(&u->out, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
                           "/DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>\nendobj\n",
                  tag, sf->name, sf->cid, sf->to_unicode);
    vb_update_begin_object(u, sf->cid);
    vb_buf_printf(&u->out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
                           "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 "
                           ">> /FontDescriptor %u 0 R /CIDToGIDMap /Identity /W [",
                  tag, sf->name, sf->descriptor);
    for (size_t i = 0; i < sf->n; i++)
        vb_buf_printf(&u->out, " %u [%d]", sf->gids[i], sf->widths[i]);
    vb_buf_append_str(&u->out, " ] >>\nendobj\n");
    const vb_font_pdf_info *f = &sf->info;
    vb_update_begin_object(u, sf->descriptor);
    vb_buf_printf(&u->out, "<< /Type /FontDescriptor /FontName /%s+%s /Flags %u /FontBBox [%d %d "
                           "%d %d] /ItalicAngle %.1f /Ascent %d /Descent %d /CapHeight %d "
                           "/StemV %d /FontFile2 %u 0 R >>\nendobj\n",
                  tag, sf->name, f->flags, f->bbox[0], f->bbox[1], f->bbox[2], f->bbox[3],
                  f->italic_angle, f->ascent, f->descent, f->cap_height, f->stem_v, sf->file);
    snprintf(dict, sizeof dict, "/Length1 %zu", sf->ttf_len);
    vb_update_write_stream(u, sf->file, dict, sf->ttf, sf->ttf_len);
    write_to_unicode(u, sf);
}

void vb_stamp_font_free(vb_stamp_font *sf)
{
    free(sf->ttf);
    sf->ttf = NULL;
}
