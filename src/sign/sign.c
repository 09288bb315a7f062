/* vb_sign_file: one PAdES signature appended to a PDF as an incremental update. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/fileio.h"
#include "sign/sign.h"
#include "sign/stampfont.h"
#include "sign/update.h"
#include "vanban.h"

/* Reserved for the CMS: 12,384 bytes, as the provincial e-office files reserve. */
#define CONTENTS_BYTES 12384
#define BYTERANGE_WIDTH 43 /* "0000000000 0000000000 0000000000 0000000000" */

static const char *const role_names[] = {"ky", "dau", "so", "ngay", "sao-y"};

static void record_object(vb_update *u, unsigned num)
{
    if (u->count < 32) {
        u->nums[u->count] = num;
        u->offsets[u->count++] = u->out.len;
    }
}

void vb_update_begin_object(vb_update *u, unsigned num)
{
    record_object(u, num);
    vb_buf_printf(&u->out, "%u 0 obj\n", num);
}

/* D:YYYYMMDDHHmmSS+07'00': Vietnam's time, as the e-offices write it. */
static void signing_date(long long when, char out[64])
{
    time_t t = (time_t)(when < 0 ? (long long)time(NULL) : when) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 64, "D:%04d%02d%02d%02d%02d%02d+07'00'", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

typedef struct {
    const vb_pdf *pdf;
    const vb_sign_options *opts;
    unsigned page, acroform;        /* acroform: the existing indirect one, or 0 */
    unsigned fields[256];
    size_t field_count;
    unsigned next;                  /* the next free object number */
    size_t byterange_at, contents_at;
} sign_plan;

static void write_sig_dict(vb_update *u, sign_plan *plan, unsigned num)
{
    char date[64];
    signing_date(plan->opts->signing_time, date);
    vb_update_begin_object(u, num);
    vb_buf_printf(&u->out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                           "/M (%s) /ByteRange [",
                  date);
    plan->byterange_at = u->out.len;
    vb_buf_append_str(&u->out, "0000000000 0000000000 0000000000 0000000000] /Contents <");
    plan->contents_at = u->out.len - 1;
    for (int i = 0; i < CONTENTS_BYTES * 2 && !u->out.failed; i++)
        vb_buf_append(&u->out, "0", 1);
    vb_buf_append_str(&u->out, "> >>\nendobj\n");
}

/* The page's new version: everything it had, /Annots with the widget added. */
static int write_page(vb_update *u, const sign_plan *plan, unsigned widget, vb_diagnostics *diag)
{
    vb_span page, annots;
    vb_pdf_object_dict(plan->pdf, plan->page, &page);
    bool has = vb_pdf_dict_get(page, "/Annots", &annots);
    if (has && *vb_pdf_skip_ws(annots.p, annots.end) != '[') {
        vb_diag_error(diag, NULL, 0, 0, "/Annots của trang là đối tượng gián tiếp, chưa hỗ trợ / "
                                        "indirect /Annots not supported");
        return -1;
    }
    vb_update_begin_object(u, plan->page);
    vb_buf_append_str(&u->out, "<<\n");
    vb_pdf_dict_body_without(&u->out, page, (const char *const[]){"/Annots", NULL});
    vb_buf_append_str(&u->out, "/Annots [");
    if (has) {
        const unsigned char *close = annots.end - 1; /* the array's ']' */
        vb_buf_append(&u->out, annots.p + 1, (size_t)(close - annots.p - 1));
    }
    vb_buf_printf(&u->out, " %u 0 R]\n>>\nendobj\n", widget);
    return 0;
}

/* The form: the fields it had plus the new one, /SigFlags 3 (signatures exist, append only);
 * the catalog gets a new version only when the form is new. */
static void write_form(vb_update *u, const sign_plan *plan, unsigned form, unsigned widget)
{
    vb_span old;
    vb_update_begin_object(u, form);
    vb_buf_append_str(&u->out, "<<\n");
    if (plan->acroform && vb_pdf_object_dict(plan->pdf, plan->acroform, &old))
        vb_pdf_dict_body_without(&u->out, old, (const char *const[]){"/Fields", "/SigFlags", NULL});
    vb_buf_append_str(&u->out, "/Fields [");
    for (size_t i = 0; i < plan->field_count && i < 256; i++)
        vb_buf_printf(&u->out, "%u 0 R ", plan->fields[i]);
    vb_buf_printf(&u->out, "%u 0 R]\n/SigFlags 3\n>>\nendobj\n", widget);
    if (plan->acroform)
        return;
    vb_span catalog;
    vb_pdf_object_dict(plan->pdf, plan->pdf->root, &catalog);
    vb_update_begin_object(u, plan->pdf->root);
    vb_buf_append_str(&u->out, "<<\n");
    vb_pdf_dict_body_without(&u->out, catalog, (const char *const[]){"/AcroForm", NULL});
    vb_buf_printf(&u->out, "/AcroForm %u 0 R\n>>\nendobj\n", form);
}

static int cmp_unsigned_index(const void *a, const void *b, void *ctx)
{
    const unsigned *nums = ctx;
    unsigned x = nums[*(const unsigned *)a], y = nums[*(const unsigned *)b];
    return (x > y) - (x < y);
}

/* The xref section of the update (one subsection per run of numbers) and its trailer. */
/* The entries every update's trailer repeats: /Root, /Info, and /ID with its new half. */
static void write_trailer_entries(vb_update *u, const sign_plan *plan, const unsigned char id1[16])
{
    vb_buf_printf(&u->out, " /Root %u 0 R /Prev %zu", plan->pdf->root, plan->pdf->startxref);
    if (plan->pdf->info)
        vb_buf_printf(&u->out, " /Info %u 0 R", plan->pdf->info);
    vb_buf_append_str(&u->out, " /ID [<");
    for (int i = 0; i < 16; i++)
        vb_buf_printf(&u->out, "%02x", plan->pdf->id0[i]);
    vb_buf_append_str(&u->out, "> <");
    for (int i = 0; i < 16; i++)
        vb_buf_printf(&u->out, "%02x", id1[i]);
    vb_buf_append_str(&u->out, ">]");
}

/* A file whose newest section is a cross-reference stream gets one too, as ISO 32000 asks of
 * an update to such a file: uncompressed, /W [1 8 1], its own entry last. */
static void write_xref_stream(vb_update *u, const sign_plan *plan, const unsigned *order,
                              const unsigned char id1[16])
{
    unsigned self = plan->next;
    size_t xref_at = u->out.len; /* as record_object noted it */
    vb_buf_printf(&u->out, "%u 0 obj\n<< /Type /XRef /Size %u /W [1 8 1] /Index [", self, self + 1);
    for (unsigned i = 0; i < u->count; i++)
        vb_buf_printf(&u->out, "%u 1 ", u->nums[order[i]]);
    vb_buf_printf(&u->out, "] /Length %u", (u->count) * 10);
    write_trailer_entries(u, plan, id1);
    vb_buf_append_str(&u->out, " >>\nstream\n");
    for (unsigned i = 0; i < u->count; i++) {
        size_t at = u->offsets[order[i]];
        unsigned char e[10] = {1};
        for (int k = 0; k < 8; k++)
            e[1 + k] = (unsigned char)(at >> (8 * (7 - k)));
        vb_buf_append(&u->out, e, sizeof e);
    }
    vb_buf_printf(&u->out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref_at);
}

static void write_xref(vb_update *u, const sign_plan *plan, const unsigned char id1[16])
{
    if (plan->pdf->xref_stream)
        record_object(u, plan->next); /* the stream's own entry, sorted with the others */
    unsigned order[32];
    for (unsigned i = 0; i < u->count; i++)
        order[i] = i;
    qsort_r(order, u->count, sizeof order[0], cmp_unsigned_index, u->nums);
    if (plan->pdf->xref_stream) {
        write_xref_stream(u, plan, order, id1);
        return;
    }
    size_t xref_at = u->out.len;
    vb_buf_append_str(&u->out, "xref\n");
    for (unsigned i = 0; i < u->count;) {
        unsigned run = 1;
        while (i + run < u->count && u->nums[order[i + run]] == u->nums[order[i]] + run)
            run++;
        vb_buf_printf(&u->out, "%u %u\n", u->nums[order[i]], run);
        for (unsigned k = 0; k < run; k++)
            vb_buf_printf(&u->out, "%010zu 00000 n\r\n", u->offsets[order[i + k]]);
        i += run;
    }
    vb_buf_printf(&u->out, "trailer\n<< /Size %u", plan->next);
    write_trailer_entries(u, plan, id1);
    vb_buf_printf(&u->out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref_at);
}

/* Reads up to n numbers from an array value into out; how many were read. */
static size_t read_numbers(vb_span array, double *out, size_t n)
{
    const unsigned char *p = vb_pdf_skip_ws(array.p, array.end);
    if (p >= array.end || *p != '[')
        return 0;
    size_t got = 0;
    for (p++; got < n; got++) {
        p = vb_pdf_skip_ws(p, array.end);
        char *end;
        out[got] = strtod((const char *)p, &end);
        if ((const unsigned char *)end == p || (const unsigned char *)end > array.end)
            break;
        p = (const unsigned char *)end;
    }
    return got;
}

/* The box vanban recorded for the role when it rendered the PDF (the catalog's /VBAN_Boxes:
 * [ << /Role /ky /Page 0 /Rect [x y w h] >> … ]) into opts; false when there is none. Several
 * signers' boxes are recorded in nguoi_ky's order: opts->signer picks one. */
static bool recorded_box(vb_span catalog, vb_sign_options *opts)
{
    vb_span boxes;
    if (!vb_pdf_dict_get(catalog, "/VBAN_Boxes", &boxes))
        return false;
    char role[16];
    snprintf(role, sizeof role, "/%s", role_names[opts->role]);
    int skip = opts->signer > 1 ? opts->signer - 1 : 0;
    const unsigned char *p = vb_pdf_skip_ws(boxes.p, boxes.end);
    for (p += p < boxes.end && *p == '[';;) {
        p = vb_pdf_skip_ws(p, boxes.end);
        if (p >= boxes.end || *p == ']')
            return false;
        vb_span box = {p, vb_pdf_skip_value(p, boxes.end)}, name, page, rect;
        p = box.end;
        double r[4], index;
        if (!vb_pdf_dict_get(box, "/Role", &name) || (size_t)(name.end - name.p) != strlen(role) ||
            memcmp(name.p, role, strlen(role)) != 0 || !vb_pdf_dict_get(box, "/Page", &page) ||
            !vb_pdf_dict_get(box, "/Rect", &rect) || read_numbers(rect, r, 4) != 4)
            continue;
        index = strtod((const char *)page.p, NULL);
        if (index < 0 || index > 100000 || r[2] <= 0 || r[3] <= 0 || skip-- > 0)
            continue;
        opts->box_x = r[0], opts->box_y = r[1], opts->box_w = r[2], opts->box_h = r[3];
        opts->box_page = (int)index + 1;
        return true;
    }
}

/* The page, the form and its fields, checked before anything is built. */
static int make_plan(sign_plan *plan, const vb_pdf *pdf, const vb_sign_options *opts,
                     const char *input, vb_diagnostics *diag)
{
    *plan = (sign_plan){.pdf = pdf, .opts = opts, .next = pdf->count};
    if (opts->box_page <= 0) {
        vb_diag_error(diag, input, 0, 0, "%s không ghi vị trí cho --role %s (không phải bản "
                      "vanban dựng, hoặc không có chỗ trống đó): cần --box x,y,w,h,trang / the PDF "
                      "records no box for this role: give --box", input, role_names[opts->role]);
        return -1;
    }
    plan->page = vb_pdf_page(pdf, (unsigned)opts->box_page - 1);
    vb_span catalog, form_ref, form, fields;
    if (!plan->page || !vb_pdf_object_dict(pdf, pdf->root, &catalog)) {
        vb_diag_error(diag, input, 0, 0, "%s không có trang %d / no page %d", input,
                      opts->box_page, opts->box_page);
        return -1;
    }
    if (vb_pdf_dict_get(catalog, "/AcroForm", &form_ref)) {
        plan->acroform = vb_pdf_ref(form_ref);
        if (!plan->acroform || !vb_pdf_object_dict(pdf, plan->acroform, &form)) {
            vb_diag_error(diag, input, 0, 0, "%s: /AcroForm không đọc được / unreadable "
                          "/AcroForm", input);
            return -1;
        }
        if (vb_pdf_dict_get(form, "/Fields", &fields))
            plan->field_count = vb_pdf_array_refs(fields, plan->fields, 256);
        if (plan->field_count > 255) {
            vb_diag_error(diag, input, 0, 0, "%s: quá nhiều trường / too many fields", input);
            return -1;
        }
    }
    return 0;
}

/* The stamp's font: the document's own (regular; italic for the day) when its subset has
 * every character; else, for Vietnamese, a subset of vanban's family embedded with the stamp;
 * else (ASCII) the base-14 Times. */
static int choose_font(sign_plan *plan, vb_mark *mark, vb_buf *hex, vb_stamp_font *own,
                       vb_diagnostics *diag)
{
    const vb_sign_options *o = plan->opts;
    bool italic = o->role == VB_SIGN_NGAY;
    mark->font_size = o->role == VB_SIGN_SAO_Y ? 10 : 13;
    mark->doc_font = vb_doc_font_encode(plan->pdf, plan->page, italic, o->text, hex);
    if (mark->doc_font) {
        vb_buf_append(hex, "", 1);
        mark->hex_text = hex->failed ? NULL : (const char *)hex->data;
        return hex->failed ? -1 : 0;
    }
    bool ascii = true;
    for (const char *p = o->text; *p; p++)
        ascii = ascii && (unsigned char)*p < 0x80;
    if (ascii) {
        mark->font_obj = plan->next++;
        mark->font_name = italic ? "Times-Italic" : "Times-Roman";
        return 0;
    }
    vb_buf_free(hex);
    if (vb_stamp_font_prepare(own, o->font_dir, italic, o->text, hex, &plan->next, diag) != 0)
        return -1;
    mark->doc_font = own->type0;
    mark->hex_text = (const char *)hex->data;
    mark->text_width = (double)own->units * mark->font_size / 1000.0;
    return 0;
}

/* Every new object of the update, in order; the output so far is the input's bytes. */
static int write_objects(vb_update *u, sign_plan *plan, const vb_png *png, vb_buf *hex,
                         vb_diagnostics *diag)
{
    const vb_sign_options *o = plan->opts;
    unsigned sig = plan->next++, widget = plan->next++;
    vb_mark mark = {.w = o->box_w, .h = o->box_h, .png = png, .text = o->text,
                    .appearance_obj = plan->next++};
    vb_stamp_font own = {0};
    if (png) {
        mark.image_obj = plan->next++;
        mark.smask_obj = png->alpha ? plan->next++ : 0;
    } else if (choose_font(plan, &mark, hex, &own, diag) != 0) {
        vb_stamp_font_free(&own);
        return -1;
    }
    unsigned form = plan->acroform ? plan->acroform : plan->next++;
    write_sig_dict(u, plan, sig);
    vb_update_begin_object(u, widget);
    vb_buf_printf(&u->out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (vanban-%s-%zu) /V %u 0 R "
                           "/F 132 /P %u 0 R /Rect [%.2f %.2f %.2f %.2f] /AP << /N %u 0 R >> >>"
                           "\nendobj\n",
                  role_names[o->role], plan->field_count + 1, sig, plan->page, o->box_x, o->box_y,
                  o->box_x + o->box_w, o->box_y + o->box_h, mark.appearance_obj);
    vb_write_appearance(u, &mark);
    if (own.ttf)
        vb_stamp_font_write(u, &own);
    vb_stamp_font_free(&own);
    if (write_page(u, plan, widget, diag) != 0)
        return -1;
    write_form(u, plan, form, widget);
    return 0;
}

static const char hex_digits[] = "0123456789abcdef";

/* The ByteRange filled in, the two ranges signed, the CMS written in hex into /Contents. */
static int seal(vb_update *u, const sign_plan *plan, vb_signer *signer, vb_diagnostics *diag)
{
    unsigned char *d = u->out.data;
    size_t total = u->out.len, a = plan->contents_at, b = a + 2 + CONTENTS_BYTES * 2;
    char range[BYTERANGE_WIDTH + 1];
    int n = snprintf(range, sizeof range, "0 %zu %zu %zu", a, b, total - b);
    memset(range + n, ' ', (size_t)(BYTERANGE_WIDTH - n));
    memcpy(d + plan->byterange_at, range, BYTERANGE_WIDTH);
    unsigned char *der;
    size_t der_len;
    if (vb_signer_sign(signer, d, a, d + b, total - b, plan->opts->tsa_url, &der, &der_len,
                       diag) != 0)
        return -1;
    if (der_len > CONTENTS_BYTES) {
        free(der);
        vb_diag_error(diag, NULL, 0, 0, "chữ ký CMS dài hơn chỗ dành sẵn / the CMS is too long");
        return -1;
    }
    for (size_t i = 0; i < der_len; i++) {
        d[a + 1 + 2 * i] = (unsigned char)hex_digits[der[i] >> 4];
        d[a + 2 + 2 * i] = (unsigned char)hex_digits[der[i] & 15];
    }
    free(der);
    return 0;
}

/* The mark's inputs checked before any key is used: the image decoded, the text ASCII. */
static int load_mark(const vb_sign_options *o, vb_png *png, vb_diagnostics *diag)
{
    if (o->role == VB_SIGN_KY || o->role == VB_SIGN_DAU) {
        if (!o->image_path) {
            vb_diag_error(diag, NULL, 0, 0, "--role %s cần --image TỆP.png / needs --image",
                          role_names[o->role]);
            return -1;
        }
        return vb_png_load(o->image_path, png, diag);
    }
    if (!o->text || !*o->text) {
        vb_diag_error(diag, NULL, 0, 0, "--role %s cần --text / needs --text", role_names[o->role]);
        return -1;
    }
    return 0;
}

static vb_status sign_loaded(const unsigned char *in, size_t len, const char *input,
                             const char *output, const vb_sign_options *opts,
                             vb_diagnostics *diag)
{
    vb_pdf pdf;
    if (vb_pdf_open(&pdf, in, len, input, diag) != 0)
        return VB_ERR_CONTENT;
    sign_plan plan;
    vb_png png = {0};
    vb_signer *signer = NULL;
    vb_update u = {0};
    vb_status status = VB_ERR_CONTENT;
    /* Without --box, the box vanban recorded when it rendered the page. */
    vb_sign_options o = *opts;
    vb_span catalog;
    if (o.box_page <= 0 && vb_pdf_object_dict(&pdf, pdf.root, &catalog))
        recorded_box(catalog, &o);
    if (make_plan(&plan, &pdf, &o, input, diag) != 0 || load_mark(opts, &png, diag) != 0 ||
        !(signer = opts->p12_path
                       ? vb_signer_load(opts->p12_path, opts->password, diag)
                       : vb_signer_load_pkcs11(opts->pkcs11_uri, opts->pkcs11_module,
                                               opts->password, opts->cert_path, diag)))
        goto done;
    if (!pdf.has_id)
        vb_sha256(in, len, pdf.id0); /* the first half of a stable /ID: the file's own bytes */
    vb_buf_append(&u.out, in, len);
    if (len && in[len - 1] != '\n' && in[len - 1] != '\r')
        vb_buf_append_str(&u.out, "\n");
    unsigned char id1[32];
    const char *role = role_names[opts->role];
    if (!vb_sha256_parts(in, len, (const unsigned char *)role, strlen(role), id1)) {
        vb_diag_out_of_memory(diag, NULL, "hết bộ nhớ / out of memory");
        status = VB_ERR_IO;
        goto done;
    }
    vb_buf hex = {0};
    int written = write_objects(&u, &plan, png.rgb ? &png : NULL, &hex, diag);
    vb_buf_free(&hex);
    if (written != 0)
        goto done;
    write_xref(&u, &plan, id1);
    status = VB_ERR_IO;
    if (u.out.failed) {
        vb_diag_error(diag, NULL, 0, 0, "hết bộ nhớ / out of memory");
        goto done;
    }
    if (seal(&u, &plan, signer, diag) == 0 &&
        vb_write_file(output, u.out.data, u.out.len, diag) == 0)
        status = VB_OK;
done:
    vb_buf_free(&u.out);
    vb_signer_free(signer);
    vb_png_free(&png);
    vb_pdf_close(&pdf);
    return status;
}

vb_status vb_sign_file(const char *input_path, const char *output_path,
                       const vb_sign_options *opts, vb_diagnostics *diag)
{
    if (!opts || (unsigned)opts->role > VB_SIGN_SAO_Y || !opts->p12_path == !opts->pkcs11_uri ||
        !opts->password ||
        !input_path || !output_path) {
        vb_diag_error(diag, NULL, 0, 0, "thiếu tùy chọn ký / missing signing options");
        return VB_ERR_USAGE;
    }
    size_t len;
    char *in = vb_read_file(input_path, &len, diag);
    if (!in)
        return VB_ERR_IO;
    vb_status status = sign_loaded((const unsigned char *)in, len, input_path, output_path,
                                   opts, diag);
    free(in);
    return status;
}
