/* vb_verify_file: every signature field of a PDF checked against the bytes it covers. */
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "sign/sign.h"
#include "vanban.h"

static bool read_byte_range(vb_span v, size_t range[4])
{
    const unsigned char *p = vb_pdf_skip_ws(v.p, v.end);
    if (p >= v.end || *p != '[')
        return false;
    p++;
    for (int i = 0; i < 4; i++) {
        p = vb_pdf_skip_ws(p, v.end);
        char *end;
        unsigned long long x = strtoull((const char *)p, &end, 10);
        if ((const unsigned char *)end == p)
            return false;
        range[i] = (size_t)x;
        p = (const unsigned char *)end;
    }
    return true;
}

static int hex_value(unsigned char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A literal string's bytes as the line shows them (no escapes in what vanban writes). */
static void append_literal(vb_buf *line, vb_span v)
{
    const unsigned char *p = vb_pdf_skip_ws(v.p, v.end);
    if (p < v.end && *p == '(' && v.end - p >= 2)
        vb_buf_append(line, p + 1, (size_t)(v.end - p - 2));
    else
        vb_buf_append_str(line, "?");
}

/* How many revisions (%%EOF markers) begin after offset. */
static int revisions_after(const vb_pdf *pdf, size_t offset)
{
    int n = 0;
    for (size_t i = offset; i + 5 <= pdf->len; i++)
        n += memcmp(pdf->data + i, "%%EOF", 5) == 0;
    return n;
}

/* The ranges must start the file, frame /Contents exactly and end inside it. */
static bool check_ranges(const vb_pdf *pdf, const size_t r[4], vb_buf *line)
{
    if (r[0] != 0 || r[1] >= r[2] || r[2] > pdf->len || r[3] > pdf->len - r[2] ||
        pdf->data[r[1]] != '<' || pdf->data[r[2] - 1] != '>') {
        vb_buf_append_str(line, "KHÔNG HỢP LỆ: /ByteRange sai / INVALID: bad /ByteRange");
        return false;
    }
    return true;
}

/* One signature field: its line in the report; true when valid. */
static bool check_field(const vb_pdf *pdf, vb_span field, const char *ca_path, vb_buf *line)
{
    vb_span t, v, sig, br, m;
    vb_buf_append_str(line, "  ");
    if (vb_pdf_dict_get(field, "/T", &t))
        append_literal(line, t);
    vb_buf_append_str(line, ": ");
    size_t r[4];
    if (!vb_pdf_dict_get(field, "/V", &v) || !vb_pdf_object_dict(pdf, vb_pdf_ref(v), &sig) ||
        !vb_pdf_dict_get(sig, "/ByteRange", &br) || !read_byte_range(br, r)) {
        vb_buf_append_str(line, "chưa ký hoặc thiếu /ByteRange / unsigned or no /ByteRange\n");
        return false;
    }
    if (vb_pdf_dict_get(sig, "/M", &m)) {
        vb_buf_append_str(line, "lúc / at ");
        append_literal(line, m);
        vb_buf_append_str(line, "; ");
    }
    bool ok = check_ranges(pdf, r, line);
    size_t der_len = (r[2] - r[1] - 2) / 2;
    unsigned char *der = ok ? malloc(der_len + 1) : NULL;
    if (der) {
        const unsigned char *hex = pdf->data + r[1] + 1;
        for (size_t i = 0; i < der_len; i++) {
            int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
            der[i] = (unsigned char)(hi < 0 || lo < 0 ? 0 : hi << 4 | lo);
        }
        ok = vb_cms_check(der, der_len, pdf->data, r[1], pdf->data + r[2], r[3], ca_path, line);
        free(der);
    }
    size_t covered = r[2] + r[3];
    if (ok && covered == pdf->len)
        vb_buf_append_str(line, "; hợp lệ, phủ toàn bộ tệp / valid, covers the whole file");
    else if (ok) {
        int updates = revisions_after(pdf, covered);
        vb_buf_printf(line, "; hợp lệ; sau đó thêm %zu byte trong %d lần cập nhật / valid; %zu "
                            "bytes added after it in %d update(s)",
                      pdf->len - covered, updates, pdf->len - covered, updates);
    }
    vb_buf_append_str(line, "\n");
    return ok;
}

static vb_status verify_loaded(const vb_pdf *pdf, const char *path, const char *ca_path,
                               vb_buf *report)
{
    vb_span catalog, form_ref, form, fields;
    unsigned refs[256];
    size_t n = 0;
    if (vb_pdf_object_dict(pdf, pdf->root, &catalog) &&
        vb_pdf_dict_get(catalog, "/AcroForm", &form_ref) &&
        vb_pdf_object_dict(pdf, vb_pdf_ref(form_ref), &form) &&
        vb_pdf_dict_get(form, "/Fields", &fields))
        n = vb_pdf_array_refs(fields, refs, 256);
    vb_buf_printf(report, "%s:\n", path);
    size_t signatures = 0, valid = 0;
    for (size_t i = 0; i < n && i < 256; i++) {
        vb_span field, ft;
        if (!vb_pdf_object_dict(pdf, refs[i], &field) || !vb_pdf_dict_get(field, "/FT", &ft) ||
            (size_t)(ft.end - ft.p) != 4 || memcmp(ft.p, "/Sig", 4) != 0)
            continue;
        signatures++;
        valid += check_field(pdf, field, ca_path, report);
    }
    if (signatures == 0)
        vb_buf_append_str(report, "  không có chữ ký / no signatures\n");
    return signatures && valid == signatures ? VB_OK : VB_ERR_CONTENT;
}

vb_status vb_verify_file(const char *path, const char *ca_path, char **report,
                         vb_diagnostics *diag)
{
    *report = NULL;
    size_t len;
    char *data = vb_read_file(path, &len, diag);
    if (!data)
        return VB_ERR_IO;
    vb_pdf pdf;
    vb_status status = VB_ERR_CONTENT;
    vb_buf out = {0};
    if (vb_pdf_open(&pdf, (const unsigned char *)data, len, path, diag) == 0) {
        status = verify_loaded(&pdf, path, ca_path, &out);
        vb_pdf_close(&pdf);
    }
    free(data);
    vb_buf_append(&out, "", 1);
    if (out.failed) {
        vb_buf_free(&out);
        vb_diag_error(diag, path, 0, 0, "hết bộ nhớ / out of memory");
        return VB_ERR_IO;
    }
    *report = (char *)out.data;
    return status;
}
