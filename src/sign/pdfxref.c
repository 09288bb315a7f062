/* Opening a PDF to extend it: header, last %%EOF, its xref sections (classic tables and
 * cross-reference streams) and the newest trailer. */
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

/* Big-endian field of w bytes. */
static unsigned long field(const unsigned char *p, long w)
{
    unsigned long v = 0;
    for (long i = 0; i < w; i++)
        v = v << 8 | p[i];
    return v;
}

/* The numbers of an array value, up to max; how many. */
static size_t read_array(vb_span array, unsigned long *out, size_t max)
{
    const unsigned char *p = vb_pdf_skip_ws(array.p, array.end);
    if (p >= array.end || *p != '[')
        return 0;
    size_t n = 0;
    for (p++; n < max;) {
        const unsigned char *before = vb_pdf_skip_ws(p, array.end);
        out[n] = read_uint(&p, array.end);
        if (p == before)
            break;
        n++;
    }
    return n;
}

/* Stores the entries of a cross-reference stream's data: type 1 an offset, type 2 the object
 * stream holding the object; entries already set by a newer section are kept. */
static bool store_stream_entries(vb_pdf *pdf, vb_span dict, const unsigned char *data,
                                 size_t len)
{
    vb_span v;
    unsigned long w[3], index[512];
    if (!vb_pdf_dict_get(dict, "/W", &v) || read_array(v, w, 3) != 3 || w[0] > 4 || w[1] > 8 ||
        w[2] > 4 || w[0] + w[1] + w[2] == 0)
        return false;
    size_t entry = (size_t)(w[0] + w[1] + w[2]), nindex = 2;
    index[0] = 0;
    index[1] = len / entry;
    if (vb_pdf_dict_get(dict, "/Index", &v) && ((nindex = read_array(v, index, 512)) % 2 ||
                                                nindex == 0))
        return false;
    const unsigned char *p = data, *end = data + len;
    for (size_t k = 0; k < nindex; k += 2)
        for (unsigned long i = 0; i < index[k + 1]; i++, p += entry) {
            if ((size_t)(end - p) < entry)
                return false;
            unsigned long type = w[0] ? field(p, (long)w[0]) : 1, num = index[k] + i;
            unsigned long f2 = field(p + w[0], (long)w[1]);
            if (!pdf->offsets || num >= pdf->count || pdf->offsets[num] || pdf->stream_of[num])
                continue;
            if (type == 1)
                pdf->offsets[num] = (size_t)f2;
            else if (type == 2 && f2 < pdf->count)
                pdf->stream_of[num] = (unsigned)f2;
        }
    return true;
}

/* The cross-reference stream object at offset, as read_section does for a table. */
static int read_xref_stream(vb_pdf *pdf, size_t offset, size_t *prev, vb_span *trailer)
{
    const unsigned char *end = pdf->data + pdf->len, *p = pdf->data + offset;
    read_uint(&p, end), read_uint(&p, end);
    p = vb_pdf_skip_ws(p, end);
    if (end - p < 3 || memcmp(p, "obj", 3) != 0)
        return -1;
    p = vb_pdf_skip_ws(p + 3, end);
    *trailer = (vb_span){p, vb_pdf_skip_value(p, end)};
    vb_span v;
    if (!vb_pdf_dict_get(*trailer, "/Type", &v) || (size_t)(v.end - v.p) < 5 ||
        memcmp(v.p, "/XRef", 5) != 0)
        return -1;
    size_t len;
    unsigned char *data = vb_pdf_stream_at(pdf, *trailer, &len);
    bool ok = data && store_stream_entries(pdf, *trailer, data, len);
    free(data);
    *prev = 0;
    if (vb_pdf_dict_get(*trailer, "/Prev", &v)) {
        const unsigned char *q = v.p;
        *prev = read_uint(&q, v.end);
    }
    return ok ? 0 : -1;
}

/* The section at offset, a table ("xref") or a stream ("N 0 obj"); a table's /XRefStm (a
 * hybrid file's compressed objects) is read right after it. */
static int read_any_section(vb_pdf *pdf, size_t offset, size_t *prev, vb_span *trailer,
                            bool *is_stream)
{
    if (offset >= pdf->len)
        return -1;
    const unsigned char *x = vb_pdf_skip_ws(pdf->data + offset, pdf->data + pdf->len);
    *is_stream = (size_t)(pdf->data + pdf->len - x) < 4 || memcmp(x, "xref", 4) != 0;
    offset = (size_t)(x - pdf->data);
    if (*is_stream)
        return read_xref_stream(pdf, offset, prev, trailer);
    if (read_section(pdf, offset, prev, trailer) != 0)
        return -1;
    vb_span v, ignored;
    size_t no_prev;
    if (vb_pdf_dict_get(*trailer, "/XRefStm", &v)) {
        const unsigned char *q = v.p;
        size_t at = read_uint(&q, v.end);
        if (at >= pdf->len || read_xref_stream(pdf, at, &no_prev, &ignored) != 0)
            return -1;
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
    vb_span trailer;
    size_t prev;
    bool is_stream;
    /* The newest trailer first, for /Size (count 0: no entry kept yet); then every section. */
    if (read_any_section(pdf, pdf->startxref, &prev, &trailer, &pdf->xref_stream) != 0)
        return refuse(name, diag, "bảng xref hỏng / broken xref table");
    if (read_trailer(pdf, trailer, name, diag) != 0)
        return -1;
    pdf->offsets = calloc(pdf->count, sizeof(size_t));
    pdf->stream_of = calloc(pdf->count, sizeof(unsigned));
    if (!pdf->offsets || !pdf->stream_of || !vb_pdf_objstm_init(pdf)) {
        vb_pdf_close(pdf);
        vb_diag_out_of_memory(diag, name, "hết bộ nhớ / out of memory");
        return -1;
    }
    size_t at = pdf->startxref;
    for (int sections = 0; at && sections < 1000; sections++) {
        if (read_any_section(pdf, at, &prev, &trailer, &is_stream) != 0) {
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
    free(pdf->stream_of);
    vb_pdf_objstm_free(pdf);
    pdf->offsets = NULL;
    pdf->stream_of = NULL;
}
