/* The visible mark of a signature: its appearance stream, image and font objects. */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_syntax.h"
#include "sign/sign.h"
#include "sign/update.h"

void vb_update_write_stream(vb_update *u, unsigned num, const char *dict,
                            const unsigned char *data, size_t len)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    size_t bound = c ? libdeflate_zlib_compress_bound(c, len) : 0;
    unsigned char *z = c ? malloc(bound) : NULL;
    size_t zlen = z ? libdeflate_zlib_compress(c, data, len, z, bound) : 0;
    libdeflate_free_compressor(c);
    vb_update_begin_object(u, num);
    if (zlen && zlen < len)
        vb_buf_printf(&u->out, "<< %s /Filter /FlateDecode /Length %zu >>\nstream\n", dict, zlen);
    else
        vb_buf_printf(&u->out, "<< %s /Length %zu >>\nstream\n", dict, len);
    if (zlen && zlen < len)
        vb_buf_append(&u->out, z, zlen);
    else
        vb_buf_append(&u->out, data, len);
    vb_buf_append_str(&u->out, "\nendstream\nendobj\n");
    free(z);
}

static void write_image(vb_update *u, const vb_png *png, unsigned img, unsigned smask)
{
    char dict[200];
    if (png->alpha) {
        snprintf(dict, sizeof dict,
                 "/Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /DeviceGray "
                 "/BitsPerComponent 8",
                 png->width, png->height);
        vb_update_write_stream(u, smask, dict, png->alpha, (size_t)png->width * png->height);
    }
    int n = snprintf(dict, sizeof dict,
                     "/Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /DeviceRGB "
                     "/BitsPerComponent 8",
                     png->width, png->height);
    if (png->alpha)
        snprintf(dict + n, sizeof dict - (size_t)n, " /SMask %u 0 R", smask);
    vb_update_write_stream(u, img, dict, png->rgb, (size_t)png->width * png->height * 3);
}

/* Characters, not bytes, of UTF-8 text. */
static size_t char_count(const char *text)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

/* The text's lines (split at '\n') from the top of the box: literal strings in the base-14
 * Times, or hex codes in the document's own font or the stamp's. A single line (a number, a
 * day) is centred in its blank, by its width when known; else Times' digits are all half an em
 * wide, near enough for the rest. */
static void text_content(vb_buf *c, const vb_mark *m)
{
    double x = 1, size = m->font_size;
    double width = m->text_width > 0 ? m->text_width : 0.5 * size * (double)char_count(m->text);
    if (!strchr(m->text, '\n') && m->w > width + 2)
        x = (m->w - width) / 2;
    vb_buf_printf(c, "BT /F1 %.1f Tf 0 g %.1f TL 1 0 0 1 %.2f %.2f Tm\n", size, size * 1.2, x,
                  m->h - size > 0 ? m->h - size : 0);
    const char *text = m->hex_text ? m->hex_text : m->text;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (m->hex_text) {
            vb_buf_append_str(c, "<");
            vb_buf_append(c, line, len);
            vb_buf_append_str(c, ">");
        } else {
            vb_pdf_put_literal(c, line, len);
        }
        vb_buf_append_str(c, " Tj T*\n");
        line += len + (nl != NULL);
    }
    vb_buf_append_str(c, "ET\n");
}

void vb_write_appearance(vb_update *u, const vb_mark *mark)
{
    vb_buf content = {0};
    char resources[160];
    double w = mark->w, h = mark->h;
    if (mark->png) {
        /* The image fitted in the box, its proportions kept, centred. */
        double iw = mark->png->width, ih = mark->png->height;
        double scale = w / iw < h / ih ? w / iw : h / ih;
        double dw = iw * scale, dh = ih * scale;
        vb_buf_printf(&content, "q %.3f 0 0 %.3f %.3f %.3f cm /Im0 Do Q\n", dw, dh,
                      (w - dw) / 2, (h - dh) / 2);
        snprintf(resources, sizeof resources, "/XObject << /Im0 %u 0 R >>", mark->image_obj);
        write_image(u, mark->png, mark->image_obj, mark->smask_obj);
    } else {
        text_content(&content, mark);
        snprintf(resources, sizeof resources, "/Font << /F1 %u 0 R >>",
                 mark->doc_font ? mark->doc_font : mark->font_obj);
        if (!mark->doc_font) {
            vb_update_begin_object(u, mark->font_obj);
            vb_buf_printf(&u->out,
                          "<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding "
                          "/WinAnsiEncoding >>\nendobj\n",
                          mark->font_name);
        }
    }
    char dict[300];
    snprintf(dict, sizeof dict, "/Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] "
             "/Resources << %s >>", w, h, resources);
    if (content.failed)
        u->out.failed = 1;
    vb_update_write_stream(u, mark->appearance_obj, dict, content.data ? content.data : (unsigned char *)"",
                 content.len);
    vb_buf_free(&content);
}
