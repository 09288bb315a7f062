/* Opening a PDF to extend it: header, last %%EOF, classic xref sections and the newest trailer. */
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

static unsigned long read_uint(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = vb_pdf_skip_ws(*pp, end);
    unsigned long v = 0;
    while (p < end && *p >= '0' && *p <= '9' && v < 0xFFFFFFFFFFul)
        v = v * 10 + (unsigned long)(*p++ - '0');
    *pp = p;
    return v;
}

/* The offset after "startxref", from the last %%EOF within the file's last 1 KiB. */
static bool find_startxref(const unsigned char *data, size_t len, size_t *startxref)
{
    size_t from = len > 1024 ? len - 1024 : 0;
    const unsigned char *eof = NULL;
    for (size_t i = from; i + 5 <= len; i++)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            eof = data + i;
    if (!eof)
        return false;
    const unsigned char *sx = NULL;
    for (const unsigned char *q = data + from; q + 9 <= eof; q++)
        if (memcmp(q, "startxref", 9) == 0)
            sx = q;
    if (!sx)
        return false;
    const unsigned char *p = sx + 9;
    *startxref = read_uint(&p, eof);
    return *startxref > 0 && *startxref < len;
}

static void hex_to_bytes(vb_span hex, unsigned char *out, size_t max)
{
    size_t n = 0;
    int half = -1;
    for (const unsigned char *p = hex.p + 1; p < hex.end && *p != '>' && n < max; p++) {
        int v = *p >= '0' && *p <= '9'   ? *p - '0'
                : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                         : -1;
        if (v < 0)
            continue;
        if (half < 0)
            half = v;
        else {
            out[n++] = (unsigned char)(half << 4 | v);
            half = -1;
        }
    }
}

/* The newest trailer's /Root, /Info, /Size, /ID; refuses /Encrypt. */
static int read_trailer(vb_pdf *pdf, vb_span trailer, const char *name, vb_diagnostics *diag)
{
    vb_span v;
    if (vb_pdf_dict_get(trailer, "/Encrypt", &v)) {
        vb_diag_error(diag, name, 0, 0, "%s được mã hóa; vanban không ký tệp mã hóa / "
                      "the PDF is encrypted", name);
        return -1;
    }
    if (!vb_pdf_dict_get(trailer, "/Root", &v) || !(pdf->root = vb_pdf_ref(v)) ||
        !vb_pdf_dict_get(trailer, "/Size", &v)) {
        vb_diag_error(diag, name, 0, 0, "%s: trailer thiếu /Root hoặc /Size / broken trailer",
                      name);
        return -1;
    }
    const unsigned char *p = v.p;
    unsigned long size = read_uint(&p, v.end);
    if (size == 0 || size > 8000000) {
        vb_diag_error(diag, name, 0, 0, "%s: /Size không hợp lệ / bad /Size", name);
        return -1;
    }
    pdf->count = (unsigned)size;
    if (vb_pdf_dict_get(trailer, "/Info", &v))
        pdf->info = vb_pdf_ref(v);
    if (vb_pdf_dict_get(trailer, "/ID", &v)) {
        const unsigned char *first = vb_pdf_skip_ws(v.p + 1, v.end);
        if (first < v.end && *first == '<') {
            hex_to_bytes((vb_span){first, v.end}, pdf->id0, 16);
            pdf->has_id = true;
        }
    }
    return 0;
}

/* One "xref" section at offset: its entries fill the offsets not yet set (newer wins); its
 * trailer's /Prev goes to *prev (0 when none). */
static int read_section(vb_pdf *pdf, size_t offset, size_t *prev, vb_span *trailer)
{
    const unsigned char *end = pdf->data + pdf->len;
    const unsigned char *p = pdf->data + offset;
    if (end - p < 4 || memcmp(p, "xref", 4) != 0)
        return -1;
    p += 4;
    for (;;) {
        p = vb_pdf_skip_ws(p, end);
        if (end - p >= 7 && memcmp(p, "trailer", 7) == 0)
            break;
        const unsigned char *header = p;
        unsigned long first = read_uint(&p, end), n = read_uint(&p, end);
        if (p == header) /* neither a subsection header nor "trailer": a broken table */
            return -1;
        p = vb_pdf_skip_ws(p, end);
        if (n > 8000000 || (size_t)(end - p) < n * 20)
            return -1;
        for (unsigned long i = 0; i < n; i++, p += 20) {
            unsigned long num = first + i;
            if (num < pdf->count && !pdf->offsets[num] && p[17] == 'n')
                pdf->offsets[num] = strtoul((const char *)p, NULL, 10);
        }
    }
    p = vb_pdf_skip_ws(p + 7, end);
    *trailer = (vb_span){p, vb_pdf_skip_value(p, end)};
    vb_span v;
    *prev = 0;
    if (vb_pdf_dict_get(*trailer, "/Prev", &v)) {
        const unsigned char *q = v.p;
        *prev = read_uint(&q, v.end);
    }
    return 0;
}

static int refuse(const char *name, vb_diagnostics *diag, const char *why)
{
    vb_diag_error(diag, name, 0, 0, "%s: %s", name, why);
    return -1;
}

int vb_pdf_open(vb_pdf *pdf, const unsigned char *data, size_t len, const char *name,
                vb_diagnostics *diag)
{
    *pdf = (vb_pdf){.data = data, .len = len};
    if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
        return refuse(name, diag, "không phải tệp PDF / not a PDF");
    if (!find_startxref(data, len, &pdf->startxref))
        return refuse(name, diag, "tệp PDF bị cắt cụt (thiếu startxref/%%EOF) / truncated PDF");
    const unsigned char *x = vb_pdf_skip_ws(data + pdf->startxref, data + len);
    if ((size_t)(data + len - x) < 4 || memcmp(x, "xref", 4) != 0)
        return refuse(name, diag, "PDF dùng xref stream, vanban chưa nối thêm được vào loại này "
                                  "/ cross-reference streams are not supported yet");
    vb_span trailer;
    size_t prev;
    /* The newest trailer first, for /Size (count 0: no offset kept yet); then every section. */
    if (read_section(pdf, (size_t)(x - data), &prev, &trailer) != 0)
        return refuse(name, diag, "bảng xref hỏng / broken xref table");
    if (read_trailer(pdf, trailer, name, diag) != 0)
        return -1;
    pdf->offsets = calloc(pdf->count, sizeof(size_t));
    if (!pdf->offsets)
        return refuse(name, diag, "hết bộ nhớ / out of memory");
    size_t at = (size_t)(x - data);
    for (int sections = 0; at && sections < 1000; sections++) {
        if (at >= len || read_section(pdf, at, &prev, &trailer) != 0) {
            vb_pdf_close(pdf);
            return refuse(name, diag, "bảng xref hỏng / broken xref table");
        }
        at = prev;
    }
    for (unsigned i = 0; i < pdf->count; i++)
        if (pdf->offsets[i] >= len)
            pdf->offsets[i] = 0;
    return 0;
}

void vb_pdf_close(vb_pdf *pdf)
{
    free(pdf->offsets);
    pdf->offsets = NULL;
}
