/* Stage 4: the PDF backend, the only code that calls libharu; this file makes the document.
 *
 * libharu 2.3 keeps the document's skeleton: the object numbers and cross-reference table, the
 * catalog and page tree, pages, the Info dictionary. What libharu would do slowly or wrongly
 * for Vietnamese text is done by the backend instead (the project's libharu notes and
 * BENCHMARKS.md have the measurements): the fonts (pdf_fonts.c), the pages' content
 * (page_content.c), and here the compression of every stream with libdeflate (two to three
 * times as fast as zlib for the same size; libharu's own compression stays off), the Info
 * dictionary and outline titles as compact UTF-16BE strings, the outline itself (libharu's
 * costs 3 KB a heading), the version (libharu writes %PDF-1.3; we declare 1.4), and the
 * saving. Where that reaches into libharu's internals, it goes through libharu_internals.c,
 * the one file that does. */
#include "pdf/pdf_writer.h"

#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pdf/pdf_syntax.h"

#define MAX_OUTLINE_DEPTH 16
/* Page sides libharu accepts (HPDF_Page_SetWidth/Height), pt; else it fails the document. */
#define MIN_PAGE_SIDE 3.0
#define MAX_PAGE_SIDE 14400.0
/* libdeflate level for every stream; BENCHMARKS.md has the measurements behind it. */
#ifndef VB_PDF_DEFLATE_LEVEL
#define VB_PDF_DEFLATE_LEVEL 1
#endif

/* libharu reports every failure here; the first one is what the user sees. Continuing after
 * it is safe (libharu's calls then fail harmlessly), but we stop at the next check. */
static void on_haru_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    haru_error *e = user_data;
    if (e->count++ == 0) {
        e->error_no = error_no;
        e->detail_no = detail_no;
    }
}

/* ---- libharu's memory ---- */

/* libharu 2.3 does not survive every failed allocation (HPDF_Page_New carries on after one and
 * reads memory it never set), and reports those it survives as whatever error it meets next
 * (often 0x1025). So it never sees one: its allocator is ours, and when malloc fails it gives
 * back a reserve set aside for the PDF, tries again, and marks the writer, which stops at its
 * next check and says memory ran out. libharu's allocator takes no user data, so the writer and
 * its reserve are found through thread-local variables: the engine renders documents on several
 * threads at once, each thread writing at most one PDF at a time. */
#define HARU_RESERVE ((size_t)64 << 10) /* below malloc's mmap threshold: freed for reuse */
static _Thread_local pdf_writer *haru_writer;
static _Thread_local void *haru_reserve;

static void *haru_alloc(HPDF_UINT size)
{
    void *p = malloc(size);
    if (!p) {
        if (haru_writer)
            haru_writer->out_of_memory = true;
        free(haru_reserve);
        haru_reserve = NULL;
        p = malloc(size);
    }
    return p;
}

static void haru_free(void *p)
{
    free(p);
}

/* A libharu document for w, with its reserve; NULL (w out of memory) when either fails. */
static vb_haru_doc new_doc(pdf_writer *w)
{
    haru_writer = w;
    haru_reserve = malloc(HARU_RESERVE);
    vb_haru_doc pdf =
        haru_reserve ? vb_haru_new_doc(on_haru_error, haru_alloc, haru_free, &w->err) : NULL;
    if (!pdf)
        w->out_of_memory = true;
    return pdf;
}

static void free_doc(pdf_writer *w)
{
    if (w->pdf)
        HPDF_Free(w->pdf);
    w->pdf = NULL;
    free(haru_reserve);
    haru_reserve = NULL;
    haru_writer = NULL;
}

/* Says why the writing failed, unless something has said it already. Memory first: libharu's
 * own errors after a failed allocation would only mislead. */
static void report_failure(pdf_writer *w, size_t errors_before)
{
    bool said = vb_diagnostics_errors(w->diag) > errors_before;
    if (vb_pdf_out_of_memory(w)) {
        if (!said)
            vb_diag_out_of_memory(w->diag, NULL, "hết bộ nhớ khi tạo PDF");
    } else if (w->err.count > 0) {
        vb_diag_error(w->diag, NULL, 0, 0,
                      "lỗi nội bộ khi tạo PDF: libharu 0x%04X (chi tiết %u)",
                      (unsigned)w->err.error_no, (unsigned)w->err.detail_no);
    } else if (!said) {
        vb_diag_error(w->diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF (không có thông báo lỗi)");
    }
}

/* ---- compression ---- */

/* Compresses data into the stream of dict (a libharu dictionary stream), in the zlib format
 * FlateDecode reads, at a level chosen by measurement (BENCHMARKS.md). */
bool vb_pdf_put_compressed(pdf_writer *w, vb_haru_dict dict, const unsigned char *data,
                           size_t len)
{
    if (vb_pdf_failed(w) || !dict)
        return false;
    if (!w->compressor && !(w->compressor = libdeflate_alloc_compressor(VB_PDF_DEFLATE_LEVEL))) {
        w->out_of_memory = true;
        return false;
    }
    size_t bound = libdeflate_zlib_compress_bound(w->compressor, len);
    w->packed.len = 0;
    if (!vb_buf_reserve(&w->packed, bound))
        return false;
    size_t packed = libdeflate_zlib_compress(w->compressor, data, len, w->packed.data, bound);
    if (packed == 0) {
        w->out_of_memory = true; /* cannot happen with the bound's room */
        return false;
    }
    w->packed.len = packed;
    return vb_haru_stream_set_flate(dict, w->packed.data, packed);
}

vb_haru_dict vb_pdf_new_stream(pdf_writer *w, const unsigned char *data, size_t len)
{
    vb_haru_dict s = vb_haru_new_stream(w->pdf);
    return s && vb_pdf_put_compressed(w, s, data, len) ? s : NULL;
}

/* ---- document information and outline ---- */

/* Hands dict the entries in b (which is emptied). */
static bool attach_raw(pdf_writer *w, vb_haru_dict dict, vb_buf *b)
{
    if (vb_pdf_failed(w) || !dict)
        return false;
    if (w->nraw == w->raw_cap) {
        size_t cap = w->raw_cap ? 2 * w->raw_cap : 32;
        vb_haru_raw_entries **grown = realloc(w->raw, cap * sizeof *grown);
        if (!grown) {
            w->out_of_memory = true;
            return false;
        }
        w->raw = grown;
        w->raw_cap = cap;
    }
    vb_haru_raw_entries *raw = malloc(sizeof *raw + b->len);
    if (!raw) {
        w->out_of_memory = true;
        return false;
    }
    raw->len = b->len;
    memcpy(raw->data, b->data, b->len);
    w->raw[w->nraw++] = raw;
    vb_haru_set_raw_entries(dict, raw);
    b->len = 0;
    return true;
}

static void put_entry(vb_buf *b, const char *key, const char *utf8)
{
    vb_buf_append_str(b, key);
    vb_pdf_put_text_string(b, utf8);
    vb_buf_append_str(b, "\n");
}

/* The creation date in UTC as "D:YYYYMMDDHHmmSSZ", the form ISO 32000-1 §7.9.4 gives for UTC;
 * libharu's own writer would add "00'00'" after the Z. */
static void put_creation_date(pdf_writer *w, long long creation_time)
{
    if (creation_time < 0)
        return;
    time_t t = (time_t)creation_time;
    struct tm utc;
    if (!gmtime_r(&t, &utc) || utc.tm_year + 1900 > 9999) {
        vb_diag_warning(w->diag, NULL, 0, 0, "thời điểm tạo tài liệu không hợp lệ: bỏ qua");
        return;
    }
    char date[96]; /* the compiler cannot see that every field is in range */
    snprintf(date, sizeof date, "/CreationDate (D:%04d%02d%02d%02d%02d%02dZ)\n",
             utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
             utc.tm_sec);
    vb_buf_append_str(&w->content, date);
}

static void set_info(pdf_writer *w, const vb_pdf_meta *meta)
{
    /* The Creator is ASCII, written by libharu; it makes the Info dictionary. */
    HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "vanban " VANBAN_VERSION);
    if (!meta || vb_pdf_failed(w))
        return;
    w->content.len = 0;
    if (meta->title)
        put_entry(&w->content, "/Title ", meta->title);
    if (meta->subject)
        put_entry(&w->content, "/Subject ", meta->subject);
    if (meta->author)
        put_entry(&w->content, "/Author ", meta->author);
    put_creation_date(w, meta->creation_time);
    if (w->content.len)
        attach_raw(w, vb_haru_info(w->pdf), &w->content);
}

/* An outline entry the outline keeps, linked as libharu linked its items: every item open,
 * a level deepened one step at a time. Links are indices in w->outline, 0 none (or the root,
 * for parent). */
typedef struct outline_item {
    const vb_outline_entry *entry;
    uint32_t parent, prev, next, first, last;
    uint32_t count; /* descendants */
} outline_item;

static void put_ref(vb_buf *b, const char *key, unsigned id)
{
    vb_buf_append_str(b, key);
    vb_pdf_put_int(b, id);
    vb_buf_append_str(b, " 0 R\n");
}

static unsigned item_id(const pdf_writer *w, uint32_t i)
{
    return i == 0 ? w->outline_root : w->outline_first + 2 * (i - 1);
}

/* The entries libharu wrote for an item after /Type, in its order: the links as it added
 * them, the count as its BeforeWrite appended it, then the title. */
static bool put_outline_item(void *user, size_t index, vb_haru_item *out)
{
    pdf_writer *w = user;
    uint32_t i = (uint32_t)index + 1;
    const outline_item *it = &w->outline[i];
    vb_buf *b = &w->content;
    b->len = 0;
    if (it->prev)
        put_ref(b, "/Prev ", item_id(w, it->prev));
    put_ref(b, "/Parent ", item_id(w, it->parent));
    put_ref(b, "/Dest ", item_id(w, i) + 1);
    if (it->first) {
        put_ref(b, "/First ", item_id(w, it->first));
        put_ref(b, "/Last ", item_id(w, it->last));
    }
    if (it->next)
        put_ref(b, "/Next ", item_id(w, it->next));
    if (it->count) {
        vb_buf_append_str(b, "/Count ");
        vb_pdf_put_int(b, it->count);
        vb_buf_append_str(b, "\n");
    }
    put_entry(b, "/Title ", it->entry->title ? it->entry->title : "");
    /* Zoom 0 ("keep") was refused by libharu 2.3; 1 is 100 %. A top off the page would be
     * refused too (below 0) or beyond what libharu writes (it clamps reals to 32767). */
    const vb_layout *l = w->layout;
    double y = vb_pdf_finite_in(it->entry->y, MAX_COORD) ? it->entry->y : 0;
    const vb_page *pg = &l->pages[it->entry->page];
    double top = pg->height > 0 ? pg->height : l->page_height;
    y = y < 0 ? 0 : y > top ? top : y;
    *out = (vb_haru_item){.entries = b->data, .len = b->len, .page = w->pages[it->entry->page],
                          .left = 0, .top = (float)y, .zoom = 1};
    return !b->failed;
}

/* Links the entries the outline keeps under w->outline[0], the root; returns how many. */
static uint32_t link_outline(pdf_writer *w)
{
    const vb_layout *l = w->layout;
    outline_item *items = w->outline;
    uint32_t parents[MAX_OUTLINE_DEPTH] = {0};
    int depth = 0; /* levels open below the root */
    uint32_t n = 0;
    items[0] = (outline_item){0};
    for (size_t k = 0; k < l->noutline; k++) {
        const vb_outline_entry *e = &l->outline[k];
        if (e->page >= l->npages) {
            vb_diag_warning(w->diag, NULL, 0, 0,
                            "mục lục PDF: mục \"%s\" trỏ tới trang %zu không tồn tại: bỏ qua",
                            e->title ? e->title : "", e->page + 1);
            continue;
        }
        /* A level may deepen by one step at a time; a jump nests under the last entry. */
        int level = e->level < 0 ? 0 : e->level;
        if (level > depth)
            level = depth;
        if (level >= MAX_OUTLINE_DEPTH)
            level = MAX_OUTLINE_DEPTH - 1;
        uint32_t i = ++n, up = level > 0 ? parents[level - 1] : 0;
        items[i] = (outline_item){.entry = e, .parent = up, .prev = items[up].last};
        if (items[up].last)
            items[items[up].last].next = i;
        else
            items[up].first = i;
        items[up].last = i;
        for (uint32_t p = up;; p = items[p].parent) {
            items[p].count++;
            if (p == 0)
                break;
        }
        parents[level] = i;
        depth = level + 1;
    }
    return n;
}

static void add_outline(pdf_writer *w)
{
    const vb_layout *l = w->layout;
    if (l->noutline == 0 || vb_pdf_failed(w))
        return;
    /* Indices are 32 bits; libharu's table holds fewer objects than that anyway. */
    if (l->noutline >= UINT32_MAX ||
        !(w->outline = malloc((l->noutline + 1) * sizeof *w->outline))) {
        w->out_of_memory = true;
        return;
    }
    uint32_t n = link_outline(w);
    if (n > 0) {
        vb_haru_dict root = vb_haru_new_dict(w->pdf, "Outlines");
        if (!root || vb_haru_set_outlines(w->pdf, root) != HPDF_OK)
            return;
        w->outline_root = vb_haru_object_id(root);
        w->outline_first = vb_haru_add_outline_items(w->pdf, n, put_outline_item, w);
        if (w->outline_first == 0)
            return;
        w->content.len = 0;
        put_ref(&w->content, "/First ", item_id(w, w->outline[0].first));
        put_ref(&w->content, "/Last ", item_id(w, w->outline[0].last));
        vb_buf_append_str(&w->content, "/Count ");
        vb_pdf_put_int(&w->content, w->outline[0].count);
        vb_buf_append_str(&w->content, "\n");
        if (!attach_raw(w, root, &w->content))
            return;
    }
    HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* ---- saving ---- */

/* libharu writes the file through this sink straight into the caller's buffer. */
/* Where `vanban sign` puts each mark, as a private catalog entry (second-class name, ISO
 * 32000-1 annex E): [ << /Role /ky /Page 0 /Rect [x y w h] >> … ]. */
static void add_mark_boxes(pdf_writer *w)
{
    const vb_layout *l = w->layout;
    if (l->nboxes == 0)
        return;
    vb_buf b = {0};
    vb_buf_append_str(&b, "/VBAN_Boxes [");
    for (size_t i = 0; i < l->nboxes; i++) {
        const vb_mark_box *m = &l->boxes[i];
        vb_buf_printf(&b, " << /Role /%s /Page %zu /Rect [%.2f %.2f %.2f %.2f] >>", m->role,
                      m->page, m->x, m->y, m->w, m->h);
    }
    vb_buf_append_str(&b, " ]\n");
    if (b.failed)
        w->out_of_memory = true;
    else
        attach_raw(w, vb_haru_catalog(w->pdf), &b);
    vb_buf_free(&b);
}

static bool append_to_buf(void *out, const unsigned char *data, size_t len)
{
    vb_buf_append(out, data, len);
    return !((vb_buf *)out)->failed;
}

static bool save(pdf_writer *w, vb_buf *out)
{
    size_t old_len = out->len;
    bool ok = vb_haru_save(w->pdf, append_to_buf, out) && !vb_pdf_failed(w);
    if (!ok) {
        w->out_of_memory |= out->failed;
        if (vb_pdf_out_of_memory(w))
            vb_diag_out_of_memory(w->diag, NULL, "hết bộ nhớ khi tạo PDF");
        out->len = old_len;
    }
    return ok;
}

static bool layout_is_sane(const vb_layout *l, vb_diagnostics *diag)
{
    if (!(l->page_width >= MIN_PAGE_SIDE && l->page_height >= MIN_PAGE_SIDE &&
          l->page_width <= MAX_PAGE_SIDE && l->page_height <= MAX_PAGE_SIDE)) {
        vb_diag_error(diag, NULL, 0, 0,
                      "lỗi nội bộ khi tạo PDF: khổ trang %.1f × %.1f pt không hợp lệ",
                      l->page_width, l->page_height);
        return false;
    }
    if (l->npages == 0) {
        vb_diag_error(diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: tài liệu không có trang nào");
        return false;
    }
    for (size_t p = 0; p < l->npages; p++) {
        double w = l->pages[p].width, h = l->pages[p].height;
        if ((w != 0 || h != 0) && !(w >= MIN_PAGE_SIDE && h >= MIN_PAGE_SIDE &&
                                    w <= MAX_PAGE_SIDE && h <= MAX_PAGE_SIDE)) {
            vb_diag_error(diag, NULL, 0, 0,
                          "lỗi nội bộ khi tạo PDF: trang %zu có khổ %.1f × %.1f pt không hợp lệ",
                          p + 1, w, h);
            return false;
        }
    }
    return true;
}

int vb_pdf_write(const vb_layout *layout, const vb_fontset *fonts, const vb_pdf_meta *meta,
                 vb_buf *out, vb_diagnostics *diag)
{
    if (!layout || !fonts || !out) {
        vb_diag_error(diag, NULL, 0, 0, "lỗi nội bộ khi tạo PDF: thiếu tham số");
        return -1;
    }
    if (!layout_is_sane(layout, diag))
        return -1;
    size_t errors_before = vb_diagnostics_errors(diag);
    pdf_writer w = {.layout = layout, .fonts = fonts, .diag = diag};
    w.chars = calloc(VB_STYLE_COUNT, sizeof *w.chars);
    w.pages = calloc(layout->npages, sizeof *w.pages);
    w.out_of_memory = !w.chars || !w.pages;
    bool ok = !w.out_of_memory && vb_pdf_collect_chars(&w);
    if (ok) {
        w.pdf = new_doc(&w);
        ok = w.pdf != NULL;
    }
    vb_haru_dict resources = NULL;
    if (ok) {
        set_info(&w, meta);
        resources = vb_pdf_failed(&w) ? NULL : vb_pdf_embed_fonts(&w);
        ok = resources && vb_pdf_draw_pages(&w, resources);
    }
    if (ok) {
        add_outline(&w);
        add_mark_boxes(&w);
        ok = !vb_pdf_failed(&w) && save(&w, out);
    }
    if (!ok)
        report_failure(&w, errors_before);
    free_doc(&w);
    libdeflate_free_compressor(w.compressor);
    vb_buf_free(&w.content);
    vb_buf_free(&w.packed);
    vb_buf_free(&w.strings);
    for (size_t i = 0; i < w.nraw; i++)
        free(w.raw[i]);
    free(w.raw);
    free(w.outline);
    free(w.items);
    free(w.pages);
    free(w.code_pages);
    free(w.chars);
    return ok ? 0 : -1;
}
