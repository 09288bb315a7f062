/* A PDF stream's data: FlateDecode through libdeflate, then the PNG predictors that
 * cross-reference streams use; and the objects kept inside object streams (PDF 1.5). */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sign.h"

/* A decoded stream is at most this large: bounded memory whatever the file claims. */
#define STREAM_MAX (64u << 20)
/* Decoded object streams kept for the file's lifetime: a signed file reads only a handful. */
#define OBJSTM_CACHE 32

struct vb_objstm_cache {
    unsigned num[OBJSTM_CACHE];
    unsigned char *data[OBJSTM_CACHE];
    size_t len[OBJSTM_CACHE];
    unsigned count;
};

static bool name_is(vb_span v, const char *name)
{
    const unsigned char *p = vb_pdf_skip_ws(v.p, v.end);
    size_t n = strlen(name);
    return (size_t)(v.end - p) >= n && memcmp(p, name, n) == 0 &&
           (p + n == v.end || !((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z')));
}

/* A non-negative integer at *p (after whitespace), within end; -1 when there is none. */
static long read_count(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *q = vb_pdf_skip_ws(*p, end), *start = q;
    long n = 0;
    while (q < end && *q >= '0' && *q <= '9' && n < (1L << 40))
        n = n * 10 + (*q++ - '0');
    *p = q;
    return q > start ? n : -1;
}

static long dict_int(const vb_pdf *pdf, vb_span dict, const char *key, long otherwise)
{
    vb_span v;
    if (!vb_pdf_dict_get(dict, key, &v))
        return otherwise;
    unsigned ref = vb_pdf_ref(v);
    vb_span target;
    if (ref && vb_pdf_object_value(pdf, ref, &target)) /* /Length 12 0 R */
        v = target;
    long n = read_count(&v.p, v.end);
    return n >= 0 ? n : otherwise;
}

static unsigned char *inflate(const unsigned char *p, size_t raw, size_t *len)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    unsigned char *out = NULL;
    for (size_t cap = raw * 4 + 1024; d && cap <= STREAM_MAX; cap *= 4) {
        unsigned char *grown = realloc(out, cap);
        if (!grown)
            break;
        out = grown;
        enum libdeflate_result r = libdeflate_zlib_decompress_ex(d, p, raw, out, cap, NULL, len);
        if (r == LIBDEFLATE_SUCCESS) {
            libdeflate_free_decompressor(d);
            return out;
        }
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE)
            break;
    }
    libdeflate_free_decompressor(d);
    free(out);
    return NULL;
}

static unsigned char paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return (unsigned char)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* Undoes the PNG predictors (/Predictor 10–15) in place: rows of 1 + columns bytes become rows
 * of columns bytes. False when the data is not whole rows or names an unknown filter. */
static bool unpredict(unsigned char *data, size_t *len, long columns)
{
    if (columns <= 0 || columns > 4096 || *len % (size_t)(columns + 1) != 0)
        return false;
    size_t cols = (size_t)columns, rows = *len / (cols + 1);
    unsigned char *prev = NULL;
    for (size_t r = 0; r < rows; r++) {
        unsigned char filter = data[r * (cols + 1)];
        unsigned char *row = data + r * cols;
        memmove(row, data + r * (cols + 1) + 1, cols);
        for (size_t i = 0; i < cols; i++) {
            int left = i ? row[i - 1] : 0, up = prev ? prev[i] : 0, corner = prev && i ? prev[i - 1] : 0;
            switch (filter) {
            case 0: break;
            case 1: row[i] = (unsigned char)(row[i] + left); break;
            case 2: row[i] = (unsigned char)(row[i] + up); break;
            case 3: row[i] = (unsigned char)(row[i] + (left + up) / 2); break;
            case 4: row[i] = (unsigned char)(row[i] + paeth(left, up, corner)); break;
            default: return false;
            }
        }
        prev = row;
    }
    *len = rows * cols;
    return true;
}

unsigned char *vb_pdf_stream_at(const vb_pdf *pdf, vb_span dict, size_t *len)
{
    const unsigned char *end = pdf->data + pdf->len;
    if (dict.p < pdf->data || dict.end > end) /* a dictionary inside an object stream */
        return NULL;
    const unsigned char *p = vb_pdf_skip_ws(dict.end, end);
    if (end - p < 7 || memcmp(p, "stream", 6) != 0)
        return NULL;
    p += 6;
    p += p < end && *p == '\r';
    p += p < end && *p == '\n';
    long length = dict_int(pdf, dict, "/Length", -1);
    const unsigned char *stop = length >= 0 && length <= end - p ? p + length
                                : memmem(p, (size_t)(end - p), "endstream", 9);
    if (!stop)
        return NULL;
    size_t raw = (size_t)(stop - p);
    vb_span filter, parms;
    unsigned char *out;
    if (!vb_pdf_dict_get(dict, "/Filter", &filter)) {
        if ((out = malloc(raw + 1)))
            memcpy(out, p, raw);
        *len = raw;
        return out;
    }
    if (!name_is(filter, "/FlateDecode") || !(out = inflate(p, raw, len)))
        return NULL;
    if (vb_pdf_dict_get(dict, "/DecodeParms", &parms) &&
        dict_int(pdf, parms, "/Predictor", 1) >= 10 &&
        !unpredict(out, len, dict_int(pdf, parms, "/Columns", 1))) {
        free(out);
        return NULL;
    }
    return out;
}

unsigned char *vb_pdf_stream_data(const vb_pdf *pdf, unsigned num, size_t *len)
{
    vb_span dict;
    return vb_pdf_object_dict(pdf, num, &dict) ? vb_pdf_stream_at(pdf, dict, len) : NULL;
}

/* Object stream num decoded, from the cache or read now; NULL when it cannot be. */
static const unsigned char *object_stream(const vb_pdf *pdf, unsigned num, size_t *len)
{
    struct vb_objstm_cache *c = pdf->objstm;
    for (unsigned i = 0; c && i < c->count; i++)
        if (c->num[i] == num) {
            *len = c->len[i];
            return c->data[i];
        }
    if (!c || c->count == OBJSTM_CACHE || pdf->stream_of[num]) /* nested: not allowed */
        return NULL;
    unsigned char *data = vb_pdf_stream_data(pdf, num, len);
    if (!data)
        return NULL;
    c->num[c->count] = num;
    c->data[c->count] = data;
    c->len[c->count++] = *len;
    return data;
}

bool vb_pdf_compressed_object(const vb_pdf *pdf, unsigned num, vb_span *value)
{
    unsigned holder = pdf->stream_of[num];
    vb_span dict;
    size_t len;
    const unsigned char *data;
    if (!holder || holder >= pdf->count || !vb_pdf_object_dict(pdf, holder, &dict) ||
        !(data = object_stream(pdf, holder, &len)))
        return false;
    long n = dict_int(pdf, dict, "/N", 0), first = dict_int(pdf, dict, "/First", -1);
    if (n <= 0 || first < 0 || (size_t)first > len)
        return false;
    /* The header: n pairs "object-number offset", offsets counted from /First. */
    const unsigned char *p = data, *end = data + first;
    for (long i = 0; i < n && p < end; i++) {
        long obj = read_count(&p, end), at = read_count(&p, end);
        if (obj < 0 || at < 0 || (size_t)at > len - (size_t)first)
            return false;
        if ((unsigned long)obj == num) {
            const unsigned char *v = vb_pdf_skip_ws(data + first + at, data + len);
            *value = (vb_span){v, vb_pdf_skip_value(v, data + len)};
            return true;
        }
    }
    return false;
}

bool vb_pdf_objstm_init(vb_pdf *pdf)
{
    pdf->objstm = calloc(1, sizeof *pdf->objstm);
    return pdf->objstm != NULL;
}

void vb_pdf_objstm_free(vb_pdf *pdf)
{
    for (unsigned i = 0; pdf->objstm && i < pdf->objstm->count; i++)
        free(pdf->objstm->data[i]);
    free(pdf->objstm);
    pdf->objstm = NULL;
}
