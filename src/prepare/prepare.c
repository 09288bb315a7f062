/* Stage 2: text preparation and numbering. See prepare.h for the stage and model.h for the
 * prepared fields.
 *
 * Order of work, which is also the reading order footnote numbers follow:
 *   1. every string of the document: UTF-8 check, NFC, whitespace collapse, forbidden characters;
 *   2. trích yếu, then the body depth-first (a node's text before its children): inline marks,
 *      footnote numbers on first call, labels, upper-cased headings;
 *   3. footnote paragraphs (a footnote may not call a footnote);
 *   4. generated lines (Số, date, PDF title, Nơi nhận, signature titles);
 *   5. font coverage of everything that will be drawn.
 * Errors are collected rather than stopping at the first, so a clerk sees them all at once.
 *
 * "ký tự thứ N" in messages counts code points (1-based) of the normalised text, which differs
 * from what was typed only where whitespace runs were collapsed. */
#include "prepare/prepare.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/utf8.h"

/* Room left after "Số:" when the number is blank: the văn thư writes it in by hand. */
#define BLANK_NUMBER_GAP "       "

/* Letters past "y" repeat ("aa", "bb", …, then "aaa"): beyond this many repeats the document is
 * not a real one, and digits are clearer than a wall of letters. */
#define MAX_LETTER_REPEAT 8

typedef struct {
    int line, col;
    uint32_t cp;
} reported_char;

typedef struct {
    vb_document *doc;
    const vb_fontset *fonts;
    vb_arena *arena;
    vb_diagnostics *diag;
    bool failed;
    bool out_of_memory;

    int footnotes_called;      /* footnote numbers handed out so far */
    bool parsing_footnote;     /* inside a footnote paragraph, calls are refused */
    bool lookup_refused;       /* the last parse stopped because of the footnote call below */
    const char *refused_id;
    size_t refused_id_len;

    int articles;              /* Điều numbers run on through chapters and sections */

    /* Coverage: a missing character is reported once per place, not once per occurrence. */
    bool ascii_covered;        /* every style has every printable ASCII character */
    reported_char *reported;
    size_t nreported, reported_cap;
} prep;

static char empty_text[] = "";

static const vb_pos no_pos = {0, 0};

/* ---- diagnostics ---- */

__attribute__((format(printf, 3, 4))) static void error_at(prep *p, vb_pos pos, const char *fmt,
                                                            ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(p->diag, VB_SEVERITY_ERROR, p->doc->file, pos.line, pos.col, fmt, ap);
    va_end(ap);
    p->failed = true;
}

__attribute__((format(printf, 3, 4))) static void warning_at(prep *p, vb_pos pos,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(p->diag, VB_SEVERITY_WARNING, p->doc->file, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

/* True when ptr is usable; otherwise reports exhaustion once and marks the run failed. */
static bool allocated(prep *p, const void *ptr)
{
    if (ptr)
        return true;
    if (!p->out_of_memory)
        error_at(p, no_pos, "hết bộ nhớ khi chuẩn bị văn bản");
    p->out_of_memory = true;
    p->failed = true;
    return false;
}

/* ---- UTF-8 helpers (on text already validated) ---- */

static size_t next_cp(const char *s, size_t len, uint32_t *cp)
{
    size_t n = len > 0 ? vb_utf8_decode((const unsigned char *)s, len, cp) : 0;
    if (n == 0) {
        /* Never on validated text; step one byte so a caller's loop still ends. */
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

/* 1-based code point index of the character starting at byte offset in s. */
static size_t char_index(const char *s, size_t offset)
{
    size_t index = 1;
    for (size_t i = 0; i < offset && s[i];) {
        uint32_t cp;
        i += next_cp(s + i, offset - i, &cp);
        index++;
    }
    return index;
}

static size_t encode_cp(uint32_t cp, char out[5])
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
    out[n > 0 ? n : 0] = 0;
    return n > 0 ? (size_t)n : 0;
}

/* Code points whose NFC is themselves, with combining class 0, and which never compose with
 * a neighbour from this set: ASCII and Latin-1 (controls included), Latin Extended-A and -B,
 * Latin Extended Additional (every precomposed Vietnamese letter), General Punctuation but
 * for U+2000 and U+2001 (they decompose to U+2002 and U+2003), Currency Symbols (₫).
 * tests/test_prepare.c checks every one of them, and every pair, against utf8proc. A string
 * made of them only is in NFC already. */
bool vb_nfc_stable(uint32_t cp)
{
    return (cp >= 0x01 && cp < 0x250) || (cp >= 0x1E00 && cp < 0x1F00) ||
           (cp >= 0x2002 && cp < 0x2070) || (cp >= 0x20A0 && cp < 0x20D0);
}

/* True when the text is valid UTF-8 made only of NFC-stable code points, so already NFC;
 * otherwise utf8proc decides (and reports what is invalid). */
static bool already_nfc(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t n = vb_utf8_decode(u + off, len - off, &cp);
        if (n == 0 || !vb_nfc_stable(cp))
            return false;
        off += n;
    }
    return true;
}

char *vb_text_nfc(vb_arena *a, const char *s, size_t len, size_t *bad_offset)
{
    if (already_nfc(s, len)) {
        char *copy = vb_arena_strndup(a, s, len);
        if (!copy && bad_offset)
            *bad_offset = SIZE_MAX;
        return copy;
    }
    for (size_t off = 0; off < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
                                              (utf8proc_ssize_t)(len - off), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = off;
            return NULL;
        }
        off += (size_t)n;
    }
    if (len == 0)
        return vb_arena_strdup(a, "");
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    char *copy = n >= 0 ? vb_arena_strndup(a, (const char *)mapped, (size_t)n) : NULL;
    free(mapped);
    if (!copy && bad_offset)
        *bad_offset = SIZE_MAX; /* valid text, but memory ran out */
    return copy;
}

/* Vietnamese-aware upper case: every code point through utf8proc_toupper, then NFC again. */
static char *upper_text(vb_arena *a, const char *s)
{
    size_t len = strlen(s);
    /* A code point's upper case takes at most 3 bytes where the lower case took 2. */
    char *buf = vb_arena_alloc(a, len * 2 + 1);
    if (!buf)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += next_cp(s + i, len - i, &cp);
        out += encode_cp((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp), buf + out);
    }
    size_t bad;
    return vb_text_nfc(a, buf, out, &bad);
}

/* ---- 1. every string: UTF-8, NFC, whitespace, forbidden characters ---- */

/* In place; returns the new length. YAML block scalars bring line breaks and indentation. */
static size_t collapse_whitespace(char *s)
{
    size_t w = 0;
    bool space_pending = false;
    for (size_t r = 0; s[r]; r++) {
        char c = s[r];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space_pending = w > 0;
            continue;
        }
        if (space_pending)
            s[w++] = ' ';
        space_pending = false;
        s[w++] = c;
    }
    s[w] = 0;
    return w;
}

/* What is wrong with a code point that has no place in a document, or NULL. */
static const char *forbidden_kind(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return "ký tự điều khiển";
    if (cp == 0xFFFD)
        return "ký tự thay thế (dấu vết của lỗi mã hóa khi sao chép)";
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
        return "ký tự vùng dùng riêng (Private Use), không phông chữ chuẩn nào có";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "mã không phải ký tự (noncharacter)";
    return NULL;
}

/* The prepared form of raw text, in the arena; NULL after reporting why it cannot be. */
/* True when raw needs no more than a copy and whitespace collapsing: valid UTF-8, NFC-stable
 * code points only, and no control character but the whitespace that collapsing turns into
 * spaces (the only forbidden characters NFC-stable ranges hold are controls). Anything else
 * takes the full path, which also words the errors. */
static bool needs_only_collapsing(const char *raw, size_t len)
{
    const unsigned char *s = (const unsigned char *)raw;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\r' || c == '\n') {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || !vb_nfc_stable(cp) || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return false;
        i += n;
    }
    return true;
}

static char *clean_text(prep *p, const char *raw, vb_pos pos, const char *what)
{
    size_t raw_len = strlen(raw);
    if (needs_only_collapsing(raw, raw_len)) {
        char *copy = vb_arena_strndup(p->arena, raw, raw_len);
        if (!allocated(p, copy))
            return NULL;
        collapse_whitespace(copy);
        return copy;
    }
    size_t bad = 0;
    char *text = vb_text_nfc(p->arena, raw, raw_len, &bad);
    if (!text) {
        if (bad == SIZE_MAX)
            allocated(p, NULL);
        else
            error_at(p, pos, "%s: văn bản không phải UTF-8 hợp lệ ở byte thứ %zu; hãy lưu tệp "
                     "với mã UTF-8", what, bad + 1);
        return NULL;
    }
    size_t len = collapse_whitespace(text);
    size_t index = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += next_cp(text + i, len - i, &cp);
        index++;
        const char *kind = forbidden_kind(cp);
        if (kind) {
            error_at(p, pos, "%s: ký tự thứ %zu là %s (U+%04X); hãy xóa hoặc thay bằng ký tự khác",
                     what, index, kind, (unsigned)cp);
            return NULL;
        }
    }
    return text;
}

/* plain: a field without inline marks, where a footnote call would be printed as typed. */
static void normalise_str(prep *p, vb_str *s, const char *what, bool plain)
{
    if (!s->text)
        return;
    char *text = clean_text(p, s->text, s->pos, what);
    s->text = text ? text : empty_text;
    if (plain && strstr(s->text, "[^"))
        warning_at(p, s->pos, "%s: lời gọi chú thích \"[^…]\" chỉ dùng được trong trich_yeu, "
                   "noi_dung và chu_thich; ở đây nó được in nguyên văn", what);
}

static void normalise_list(prep *p, vb_str_list *list, const char *what)
{
    for (size_t i = 0; i < list->count; i++)
        normalise_str(p, &list->items[i], what, true);
}

static void normalise_nodes(prep *p, vb_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        normalise_str(p, &nodes[i].text, "noi_dung", false);
        normalise_nodes(p, nodes[i].children, nodes[i].nchildren);
    }
}

static void normalise_document(prep *p)
{
    vb_document *d = p->doc;
    normalise_list(p, &d->parent_body, "co_quan_chu_quan");
    normalise_list(p, &d->issuing_body, "co_quan");
    normalise_str(p, &d->symbol, "ky_hieu", true);
    normalise_str(p, &d->place, "dia_danh", true);
    normalise_str(p, &d->summary, "trich_yeu", false);
    normalise_str(p, &d->summary_note, "ghi_chu", true);
    normalise_list(p, &d->recipients, "kinh_gui");
    normalise_list(p, &d->authority, "tham_quyen_ban_hanh");
    normalise_list(p, &d->legal_bases, "can_cu");
    normalise_str(p, &d->proposal, "theo_de_nghi", true);
    normalise_nodes(p, d->body, d->nbody);
    for (size_t i = 0; i < d->nfootnotes; i++) {
        vb_footnote *f = &d->footnotes[i];
        normalise_str(p, &f->id, "chu_thich", false);
        for (size_t j = 0; j < f->nparagraphs; j++)
            normalise_str(p, &f->paragraphs[j], "chu_thich", false);
    }
    normalise_list(p, &d->distribution, "noi_nhan");
    normalise_str(p, &d->archive, "luu", true);
    normalise_str(p, &d->signer.authority, "nguoi_ky.tham_quyen", true);
    normalise_str(p, &d->signer.on_behalf, "nguoi_ky.thay_mat", true);
    normalise_str(p, &d->signer.deputy_for, "nguoi_ky.ky_thay", true);
    normalise_str(p, &d->signer.position, "nguoi_ky.chuc_vu", true);
    normalise_str(p, &d->signer.name, "nguoi_ky.ho_ten", true);
}

/* ---- 2. inline marks ---- */

typedef struct {
    vb_arena *a;
    vb_rich *out;
    size_t cap;
    char *pending; /* text of the run being built; never longer than the input */
    size_t npending;
    unsigned pending_style;
} run_builder;

static bool push_run(run_builder *b, const char *text, size_t len, unsigned style, int footnote)
{
    vb_rich *r = b->out;
    if (footnote == 0 && r->count > 0) {
        vb_run *last = &r->runs[r->count - 1];
        if (last->footnote == 0 && last->style == style) {
            char *joined = vb_arena_printf(b->a, "%s%.*s", last->text, (int)len, text);
            if (!joined)
                return false;
            last->text = joined;
            return true;
        }
    }
    if (r->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4;
        vb_run *runs = vb_arena_grow(b->a, r->runs, b->cap * sizeof *runs, cap * sizeof *runs);
        if (!runs)
            return false;
        r->runs = runs;
        b->cap = cap;
    }
    char *copy = vb_arena_strndup(b->a, text, len);
    if (!copy)
        return false;
    r->runs[r->count++] = (vb_run){.text = copy, .style = style, .footnote = footnote};
    return true;
}

static bool flush_pending(run_builder *b)
{
    if (!b->npending)
        return true;
    bool ok = push_run(b, b->pending, b->npending, b->pending_style, 0);
    b->npending = 0;
    return ok;
}

static bool put_text(run_builder *b, const char *s, size_t n, unsigned style)
{
    if (b->npending && b->pending_style != style && !flush_pending(b))
        return false;
    b->pending_style = style;
    memcpy(b->pending + b->npending, s, n);
    b->npending += n;
    return true;
}

static int inline_failure(const char **err, size_t *err_offset, const char *msg, size_t offset)
{
    if (err)
        *err = msg;
    if (err_offset)
        *err_offset = offset;
    return -1;
}

/* Marks, by the number of asterisks in a row: 1 italic, 2 bold, 3 both; each toggles its
 * style, so either may nest inside the other. A row of asterisks with a space (or the text's
 * end) on both sides is literal ("5 * 3", "* * *"): it cannot be meant as a mark. */
int vb_parse_inline(vb_arena *a, const char *nfc, vb_rich *out,
                    int (*lookup)(void *ctx, const char *id, size_t id_len), void *ctx,
                    const char **err, size_t *err_offset)
{
    static const char out_of_memory[] = "hết bộ nhớ";
    size_t n = strlen(nfc);
    out->runs = NULL;
    out->count = 0;
    run_builder b = {.a = a, .out = out, .pending = vb_arena_alloc(a, n + 1)};
    if (!b.pending)
        return inline_failure(err, err_offset, out_of_memory, 0);

    unsigned style = 0;
    size_t bold_from = SIZE_MAX, italic_from = SIZE_MAX; /* where the open marks start */
    size_t i = 0;
    while (i < n) {
        char c = nfc[i];
        bool ok = true;
        if (c == '\\' && i + 1 < n && (nfc[i + 1] == '*' || nfc[i + 1] == '[' || nfc[i + 1] == '\\')) {
            ok = put_text(&b, nfc + i + 1, 1, style);
            i += 2;
        } else if (c == '*') {
            size_t end = i;
            while (end < n && nfc[end] == '*')
                end++;
            bool space_before = i == 0 || nfc[i - 1] == ' ';
            bool space_after = end == n || nfc[end] == ' ';
            if (space_before && space_after) {
                ok = put_text(&b, nfc + i, end - i, style);
            } else if (end - i > 3) {
                return inline_failure(err, err_offset,
                                      "quá nhiều dấu \"*\" liền nhau; dùng \"*\" (nghiêng), \"**\" "
                                      "(đậm) hoặc \"***\" (đậm nghiêng), viết \"\\*\" để in dấu sao",
                                      i);
            } else {
                unsigned toggle = end - i == 1   ? VB_STYLE_ITALIC
                                  : end - i == 2 ? VB_STYLE_BOLD
                                                 : VB_STYLE_BOLD | VB_STYLE_ITALIC;
                if (toggle & VB_STYLE_BOLD)
                    bold_from = style & VB_STYLE_BOLD ? SIZE_MAX : i;
                if (toggle & VB_STYLE_ITALIC)
                    italic_from = style & VB_STYLE_ITALIC ? SIZE_MAX : i;
                style ^= toggle;
            }
            i = end;
        } else if (c == '[' && i + 1 < n && nfc[i + 1] == '^') {
            const char *id = nfc + i + 2;
            const char *close = strchr(id, ']');
            if (!close)
                return inline_failure(err, err_offset,
                                      "lời gọi chú thích \"[^\" thiếu dấu \"]\" đóng; viết \"\\[\" "
                                      "để in dấu ngoặc vuông", i);
            size_t id_len = (size_t)(close - id);
            if (id_len == 0)
                return inline_failure(err, err_offset,
                                      "lời gọi chú thích \"[^]\" thiếu tên chú thích", i);
            int number = lookup ? lookup(ctx, id, id_len) : 0;
            if (number <= 0) {
                const char *msg =
                    number == 0
                        ? vb_arena_printf(a, "chú thích \"[^%.*s]\" chưa được khai báo trong "
                                          "chu_thich", (int)id_len, id)
                        : vb_arena_printf(a, "không được gọi chú thích \"[^%.*s]\" ở đây",
                                          (int)id_len, id);
                return inline_failure(err, err_offset, msg ? msg : out_of_memory, i);
            }
            char call[24];
            int call_len = snprintf(call, sizeof call, "(%d)", number);
            ok = flush_pending(&b) && push_run(&b, call, (size_t)call_len, style, number);
            i = (size_t)(close - nfc) + 1;
        } else {
            /* plain text up to the next byte that may start a mark */
            size_t plain = 1 + strcspn(nfc + i + 1, "\\*[");
            ok = put_text(&b, nfc + i, plain, style);
            i += plain;
        }
        if (!ok)
            return inline_failure(err, err_offset, out_of_memory, i);
    }
    if (style) {
        if (bold_from == italic_from)
            return inline_failure(err, err_offset,
                                  "dấu \"***\" (đậm nghiêng) mở ở đây chưa được đóng; viết "
                                  "\"\\*\" để in dấu sao", bold_from);
        if (bold_from < italic_from)
            return inline_failure(err, err_offset,
                                  "dấu \"**\" (đậm) mở ở đây chưa được đóng; viết \"\\*\" để in "
                                  "dấu sao", bold_from);
        return inline_failure(err, err_offset,
                              "dấu \"*\" (nghiêng) mở ở đây chưa được đóng; viết \"\\*\" để in "
                              "dấu sao", italic_from);
    }
    if (!flush_pending(&b))
        return inline_failure(err, err_offset, out_of_memory, n);
    return 0;
}

/* Footnote numbers are handed out here, so in the order texts are parsed. */
static int footnote_lookup(void *ctx, const char *id, size_t id_len)
{
    prep *p = ctx;
    p->refused_id = id;
    p->refused_id_len = id_len;
    if (p->parsing_footnote) {
        p->lookup_refused = true;
        return -1;
    }
    for (size_t i = 0; i < p->doc->nfootnotes; i++) {
        vb_footnote *f = &p->doc->footnotes[i];
        if (f->id.text && strlen(f->id.text) == id_len && memcmp(f->id.text, id, id_len) == 0) {
            if (f->number == 0)
                f->number = ++p->footnotes_called;
            return f->number;
        }
    }
    p->lookup_refused = true;
    return 0;
}

/* "các chú thích đã khai báo: a, b" — so that a typo is easy to see. */
static const char *known_footnotes(prep *p)
{
    const vb_document *d = p->doc;
    if (d->nfootnotes == 0)
        return "văn bản chưa có chu_thich nào";
    vb_buf list = {0};
    vb_buf_append_str(&list, "các chú thích đã khai báo: ");
    for (size_t i = 0; i < d->nfootnotes; i++) {
        if (i)
            vb_buf_append_str(&list, ", ");
        vb_buf_append_str(&list, d->footnotes[i].id.text ? d->footnotes[i].id.text : "");
    }
    const char *text = list.failed ? NULL : vb_arena_strndup(p->arena, (char *)list.data, list.len);
    vb_buf_free(&list);
    return text ? text : "";
}

static void parse_rich(prep *p, const char *text, vb_pos pos, const char *what, vb_rich *out)
{
    out->runs = NULL;
    out->count = 0;
    if (!text)
        return;
    const char *err = NULL;
    size_t offset = 0;
    p->lookup_refused = false;
    if (vb_parse_inline(p->arena, text, out, footnote_lookup, p, &err, &offset) == 0)
        return;
    size_t index = char_index(text, offset);
    int id_len = (int)p->refused_id_len;
    if (p->lookup_refused && p->parsing_footnote)
        error_at(p, pos, "%s: ký tự thứ %zu: một chú thích không được gọi chú thích khác "
                 "(\"[^%.*s]\")", what, index, id_len, p->refused_id);
    else if (p->lookup_refused)
        error_at(p, pos, "%s: ký tự thứ %zu: chú thích \"[^%.*s]\" chưa được khai báo trong "
                 "chu_thich; %s", what, index, id_len, p->refused_id, known_footnotes(p));
    else
        error_at(p, pos, "%s: ký tự thứ %zu: %s", what, index, err ? err : "lỗi dấu định dạng");
    out->runs = NULL;
    out->count = 0;
}

static void upper_runs(prep *p, vb_rich *r)
{
    for (size_t i = 0; i < r->count; i++) {
        if (r->runs[i].footnote)
            continue;
        char *upper = upper_text(p->arena, r->runs[i].text);
        if (allocated(p, upper))
            r->runs[i].text = upper;
    }
}

/* ---- labels ---- */

static const char *const vietnamese_letters[] = {
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
};
#define NLETTERS ((int)(sizeof vietnamese_letters / sizeof vietnamese_letters[0]))

const char *vb_vietnamese_letter(vb_arena *a, int n)
{
    if (n < 1 || (n - 1) / NLETTERS >= MAX_LETTER_REPEAT)
        return vb_arena_printf(a, "%d", n);
    const char *letter = vietnamese_letters[(n - 1) % NLETTERS];
    int repeat = (n - 1) / NLETTERS + 1;
    if (repeat == 1)
        return letter;
    size_t len = strlen(letter);
    char *s = vb_arena_alloc(a, len * (size_t)repeat + 1);
    if (!s)
        return NULL;
    for (int i = 0; i < repeat; i++)
        memcpy(s + len * (size_t)i, letter, len);
    return s;
}

const char *vb_roman(vb_arena *a, int n)
{
    static const struct {
        int value;
        const char *digits;
    } numerals[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                    {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
                    {5, "V"},    {4, "IV"},   {1, "I"}};
    if (n < 1 || n > 3999)
        return vb_arena_printf(a, "%d", n);
    char buf[32] = "";
    size_t len = 0;
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
        for (; n >= numerals[i].value; n -= numerals[i].value)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", numerals[i].digits);
    return vb_arena_strdup(a, buf);
}

/* Ordinals as read aloud: NHẤT, HAI, BA, TƯ, NĂM, …, MƯỜI, MƯỜI MỘT, MƯỜI BỐN, MƯỜI LĂM, HAI MƯƠI,
 * HAI MƯƠI MỐT, …, MỘT TRĂM, MỘT TRĂM LẺ MỘT. Only 1 and 4 alone have ordinal forms of their own;
 * past 999, digits. */
const char *vb_ordinal_upper(vb_arena *a, int n)
{
    static const char *const digit[] = {"", "MỘT", "HAI", "BA", "BỐN", "NĂM", "SÁU", "BẢY", "TÁM", "CHÍN"};
    if (n == 1)
        return "NHẤT";
    if (n == 4)
        return "TƯ";
    if (n < 1 || n > 999)
        return vb_arena_printf(a, "%d", n);
    int hundreds = n / 100, tens = n / 10 % 10, units = n % 10;
    const char *words[6];
    size_t nwords = 0;
    if (hundreds) {
        words[nwords++] = digit[hundreds];
        words[nwords++] = "TRĂM";
        if (tens == 0 && units)
            words[nwords++] = "LẺ";
    }
    if (tens == 1) {
        words[nwords++] = "MƯỜI";
    } else if (tens > 1) {
        words[nwords++] = digit[tens];
        words[nwords++] = "MƯƠI";
    }
    if (units == 1 && tens > 1)
        words[nwords++] = "MỐT";
    else if (units == 5 && tens > 0)
        words[nwords++] = "LĂM";
    else if (units)
        words[nwords++] = digit[units];
    char buf[96] = "";
    size_t len = 0;
    for (size_t i = 0; i < nwords; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", words[i]);
    return vb_arena_strdup(a, buf);
}

/* k: the node's number among its parent's children of the same kind. */
static const char *node_label(prep *p, const vb_node *node, const vb_node *parent, int k,
                              int parent_item)
{
    vb_arena *a = p->arena;
    switch (node->kind) {
    case VB_NODE_PARAGRAPH:
        return NULL;
    case VB_NODE_PART:
        if (p->doc->presentation.numbering == VB_NUMBERING_ROMAN)
            return vb_arena_printf(a, "Phần %s", vb_roman(a, k));
        return vb_arena_printf(a, "PHẦN THỨ %s", vb_ordinal_upper(a, k));
    case VB_NODE_CHAPTER:
        return vb_arena_printf(a, "Chương %s", vb_roman(a, k));
    case VB_NODE_SECTION:
        if (parent && parent->kind == VB_NODE_CHAPTER)
            return vb_arena_printf(a, "Mục %d", k);
        return vb_arena_printf(a, "%s.", vb_roman(a, k));
    case VB_NODE_ARTICLE:
        return vb_arena_printf(a, "Điều %d.", ++p->articles);
    case VB_NODE_ITEM:
        return vb_arena_printf(a, "%d.", k);
    case VB_NODE_SUBITEM:
        if (parent && parent->kind == VB_NODE_ITEM)
            return vb_arena_printf(a, "%d.%d.", parent_item, k);
        return vb_arena_printf(a, "%d.", k);
    case VB_NODE_POINT:
        return vb_arena_printf(a, "%s)", vb_vietnamese_letter(a, k));
    case VB_NODE_DASH:
        return "-";
    case VB_NODE_PLUS:
        return "+";
    }
    return NULL;
}

static vb_pos node_text_pos(const vb_node *node)
{
    return node->text.pos.line ? node->text.pos : node->pos;
}

static bool is_upper_heading(const vb_node *node)
{
    return node->heading && (node->kind == VB_NODE_PART || node->kind == VB_NODE_CHAPTER ||
                             node->kind == VB_NODE_SECTION);
}

/* parent_item: the number of parent when it is a khoản (for "1.1."). */
static void prepare_nodes(prep *p, vb_node *nodes, size_t n, const vb_node *parent,
                          int parent_item)
{
    int counts[VB_NODE_PLUS + 1] = {0};
    for (size_t i = 0; i < n; i++) {
        vb_node *node = &nodes[i];
        int k = ++counts[node->kind];
        node->label = node_label(p, node, parent, k, parent_item);
        if (node->kind != VB_NODE_PARAGRAPH)
            allocated(p, node->label);
        parse_rich(p, node->text.text, node_text_pos(node), "noi_dung", &node->rich);
        if (is_upper_heading(node))
            upper_runs(p, &node->rich);
        prepare_nodes(p, node->children, node->nchildren, node,
                      node->kind == VB_NODE_ITEM ? k : 0);
    }
}

static void prepare_footnotes(prep *p)
{
    vb_document *d = p->doc;
    p->parsing_footnote = true;
    for (size_t i = 0; i < d->nfootnotes; i++) {
        vb_footnote *f = &d->footnotes[i];
        f->rich = vb_arena_calloc(p->arena, f->nparagraphs ? f->nparagraphs : 1, sizeof *f->rich);
        if (!allocated(p, f->rich))
            return;
        for (size_t j = 0; j < f->nparagraphs; j++)
            parse_rich(p, f->paragraphs[j].text, f->paragraphs[j].pos, "chu_thich", &f->rich[j]);
        if (f->number == 0)
            warning_at(p, f->id.pos, "chu_thich: chú thích \"%s\" được khai báo nhưng văn bản "
                       "không gọi nó ở đâu (thiếu \"[^%s]\")", f->id.text, f->id.text);
    }
    p->parsing_footnote = false;
}

/* ---- 4. generated lines ---- */

static bool has_text(const vb_str *s)
{
    return s->text && s->text[0];
}

/* "BC-UBND"; a công văn has no type abbreviation: "UBND-VX". */
static const char *document_code(prep *p)
{
    const vb_document *d = p->doc;
    const char *abbr = d->type ? d->type->abbr : NULL;
    const char *symbol = has_text(&d->symbol) ? d->symbol.text : "";
    if (abbr && symbol[0])
        return vb_arena_printf(p->arena, "%s-%s", abbr, symbol);
    return abbr ? abbr : symbol;
}

/* The number as the Decree writes it ("05", "476"); NULL when left blank. */
static const char *number_text(prep *p)
{
    return p->doc->number > 0 ? vb_arena_printf(p->arena, "%02ld", p->doc->number) : NULL;
}

/* First letter upper case, the rest as given: "báo cáo" -> "Báo cáo". */
static const char *capitalise_first(prep *p, const char *s)
{
    size_t len = strlen(s);
    if (!len)
        return s;
    uint32_t cp;
    size_t first = next_cp(s, len, &cp);
    char head[5];
    encode_cp((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp), head);
    return vb_arena_printf(p->arena, "%s%s", head, s + first);
}

/* The trích yếu as plain text: marks gone, footnote calls left out. */
static const char *rich_plain_text(prep *p, const vb_rich *r)
{
    vb_buf text = {0};
    for (size_t i = 0; i < r->count; i++)
        if (!r->runs[i].footnote)
            vb_buf_append_str(&text, r->runs[i].text);
    const char *s = text.failed ? NULL
                    : text.len  ? vb_arena_strndup(p->arena, (char *)text.data, text.len)
                                : "";
    vb_buf_free(&text);
    return s;
}

static void build_header_lines(prep *p)
{
    vb_document *d = p->doc;
    const char *code = document_code(p);
    const char *number = number_text(p);
    if (!allocated(p, code) || (d->number > 0 && !allocated(p, number)))
        return;

    d->number_line = number ? vb_arena_printf(p->arena, "Số: %s/%s", number, code)
                            : vb_arena_printf(p->arena, "Số:%s/%s", BLANK_NUMBER_GAP, code);
    allocated(p, d->number_line);

    /* The Decree: days below 10 and months 1 and 2 with a leading zero. */
    char month[16];
    if (d->month < 3)
        snprintf(month, sizeof month, "%02d", d->month);
    else
        snprintf(month, sizeof month, "%d", d->month);
    d->date_line = vb_arena_printf(p->arena, "%s%sngày %02d tháng %s năm %d",
                                   has_text(&d->place) ? d->place.text : "",
                                   has_text(&d->place) ? ", " : "", d->day, month, d->year);
    allocated(p, d->date_line);

    bool cong_van = !d->type || !d->type->abbr;
    const char *type_name = capitalise_first(p, d->type && d->type->name_lower
                                                    ? d->type->name_lower : "công văn");
    const char *summary = rich_plain_text(p, &d->summary_rich);
    if (!allocated(p, type_name) || !allocated(p, summary))
        return;
    const char *reference = number ? vb_arena_printf(p->arena, " số %s/%s", number, code) : "";
    if (!allocated(p, reference))
        return;
    d->title = vb_arena_printf(p->arena, "%s%s: %s%s", type_name, reference,
                               cong_van ? "V/v " : "", summary);
    allocated(p, d->title);
}

static bool is_space_byte(char c)
{
    return c == ' ';
}

/* What a clerk may type around a Nơi nhận line that vanban adds itself: a leading "-", "+",
 * "–" or "•", and a trailing ";", "." or ",". */
static const char *strip_clerk_marks(prep *p, const char *s, const char *trailing)
{
    static const char *const bullets[] = {"-", "+", "\u2013", "\u2022"};
    bool stripped = true;
    while (stripped) {
        stripped = false;
        while (is_space_byte(*s))
            s++;
        for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
            size_t len = strlen(bullets[i]);
            if (strncmp(s, bullets[i], len) == 0) {
                s += len;
                stripped = true;
            }
        }
    }
    size_t len = strlen(s);
    while (len && (is_space_byte(s[len - 1]) || strchr(trailing, s[len - 1])))
        len--;
    return vb_arena_strndup(p->arena, s, len);
}

static void build_distribution(prep *p)
{
    vb_document *d = p->doc;
    size_t cap = d->distribution.count + 2;
    const char **lines = vb_arena_calloc(p->arena, cap, sizeof *lines);
    if (!allocated(p, lines))
        return;
    size_t n = 0;
    if (d->recipients.count > 0)
        lines[n++] = "- Như trên;";
    for (size_t i = 0; i < d->distribution.count; i++) {
        const vb_str *item = &d->distribution.items[i];
        const char *text = strip_clerk_marks(p, item->text ? item->text : "", ";.,");
        if (!allocated(p, text))
            return;
        if (!text[0]) {
            warning_at(p, item->pos, "noi_nhan: dòng thứ %zu trống, bỏ qua", i + 1);
            continue;
        }
        /* With kinh_gui, "Như trên" is already the first line. */
        if (d->recipients.count > 0 && strcmp(text, "Như trên") == 0)
            continue;
        lines[n] = vb_arena_printf(p->arena, "- %s;", text);
        if (!allocated(p, lines[n++]))
            return;
    }
    const char *archive = has_text(&d->archive) ? strip_clerk_marks(p, d->archive.text, ".;,")
                                                : "VT";
    if (!allocated(p, archive))
        return;
    /* "Lưu: VT" typed in full would otherwise come out "Lưu: Lưu: VT". */
    if (strncmp(archive, "Lưu:", strlen("Lưu:")) == 0)
        archive = strip_clerk_marks(p, archive + strlen("Lưu:"), ".;,");
    if (!allocated(p, archive))
        return;
    lines[n] = vb_arena_printf(p->arena, "- Lưu: %s.", archive[0] ? archive : "VT");
    if (!allocated(p, lines[n++]))
        return;
    d->distribution_lines = lines;
    d->ndistribution_lines = n;
}

/* A text starting with prefix (ignoring the case of its first letter) keeps it; another gets it:
 * clerks write both "Căn cứ Luật …" and "Luật …". */
static const char *with_prefix(prep *p, const char *text, const char *prefix, const char *lower)
{
    if (strncmp(text, prefix, strlen(prefix)) == 0 || strncmp(text, lower, strlen(lower)) == 0)
        return vb_arena_printf(p->arena, "%s%s", prefix, text + strlen(prefix));
    return vb_arena_printf(p->arena, "%s%s", prefix, text);
}

/* The legal bases of a decision (Phụ lục I: italic, one per line, each ending ";", the last
 * "."), then "Theo đề nghị của …."; the authority's lines in capitals; and the line that opens
 * the operative part of a decision or resolution. */
static void build_basis(prep *p)
{
    vb_document *d = p->doc;
    for (size_t i = 0; i < d->authority.count; i++) {
        vb_str *s = &d->authority.items[i];
        if (has_text(s)) {
            char *upper = upper_text(p->arena, s->text);
            if (!allocated(p, upper))
                return;
            s->text = upper;
        }
    }
    if (strcmp(d->type->slug, "quyet-dinh") == 0)
        d->enacting_line = "QUYẾT ĐỊNH:";
    else if (strcmp(d->type->slug, "nghi-quyet") == 0)
        d->enacting_line = "QUYẾT NGHỊ:";

    size_t cap = d->legal_bases.count + 1;
    const char **lines = vb_arena_calloc(p->arena, cap, sizeof *lines);
    if (!allocated(p, lines))
        return;
    size_t n = 0;
    for (size_t i = 0; i < d->legal_bases.count; i++) {
        const vb_str *item = &d->legal_bases.items[i];
        const char *text = strip_clerk_marks(p, item->text ? item->text : "", ";.,");
        if (!allocated(p, text))
            return;
        if (!text[0]) {
            warning_at(p, item->pos, "can_cu: dòng thứ %zu trống, bỏ qua", i + 1);
            continue;
        }
        lines[n] = with_prefix(p, text, "Căn cứ ", "căn cứ ");
        if (!allocated(p, lines[n++]))
            return;
    }
    if (has_text(&d->proposal)) {
        const char *text = strip_clerk_marks(p, d->proposal.text, ";.,");
        if (!allocated(p, text))
            return;
        if (text[0]) {
            lines[n] = with_prefix(p, text, "Theo đề nghị của ", "theo đề nghị của ");
            if (!allocated(p, lines[n++]))
                return;
        }
    }
    for (size_t i = 0; i < n; i++) {
        lines[i] = vb_arena_printf(p->arena, "%s%s", lines[i], i + 1 < n ? ";" : ".");
        if (!allocated(p, lines[i]))
            return;
    }
    d->basis_lines = lines;
    d->nbasis_lines = n;
}

static const char *upper_field(prep *p, const vb_str *s)
{
    const char *upper = upper_text(p->arena, s->text);
    return allocated(p, upper) ? upper : "";
}

static void build_signer(prep *p)
{
    vb_signer *s = &p->doc->signer;
    const char **lines = vb_arena_calloc(p->arena, 3, sizeof *lines);
    if (!allocated(p, lines))
        return;
    size_t n = 0;
    if (has_text(&s->authority)) {
        /* "TM." typed with its dot, or in lower case, is the same authority. */
        const char *authority = upper_text(p->arena, s->authority.text);
        if (!allocated(p, authority))
            return;
        size_t len = strlen(authority);
        while (len && (authority[len - 1] == '.' || is_space_byte(authority[len - 1])))
            len--;
        if (!has_text(&s->on_behalf))
            error_at(p, s->authority.pos.line ? s->authority.pos : s->pos,
                     "nguoi_ky: tham_quyen \"%.*s\" cần thay_mat (dòng sau \"%.*s.\", ví dụ "
                     "\"ỦY BAN NHÂN DÂN\" hoặc \"CHỦ TỊCH\")", (int)len, authority, (int)len,
                     authority);
        else
            lines[n++] = vb_arena_printf(p->arena, "%.*s. %s", (int)len, authority,
                                         upper_field(p, &s->on_behalf));
        if (has_text(&s->deputy_for))
            lines[n++] = vb_arena_printf(p->arena, "KT. %s", upper_field(p, &s->deputy_for));
    } else if (has_text(&s->on_behalf)) {
        warning_at(p, s->on_behalf.pos, "nguoi_ky: thay_mat chỉ được dùng cùng tham_quyen (TM, "
                   "KT, Q, TL, TUQ); dòng này bị bỏ qua");
    }
    if (has_text(&s->position))
        lines[n++] = upper_field(p, &s->position);
    for (size_t i = 0; i < n; i++)
        allocated(p, lines[i]);
    s->title_lines = lines;
    s->ntitle_lines = n;
}

/* ---- 5. font coverage ---- */

static bool already_reported(prep *p, vb_pos pos, uint32_t cp)
{
    for (size_t i = 0; i < p->nreported; i++)
        if (p->reported[i].line == pos.line && p->reported[i].col == pos.col &&
            p->reported[i].cp == cp)
            return true;
    if (p->nreported == p->reported_cap) {
        size_t cap = p->reported_cap ? p->reported_cap * 2 : 16;
        reported_char *grown = vb_arena_grow(p->arena, p->reported,
                                             p->reported_cap * sizeof *grown, cap * sizeof *grown);
        if (!allocated(p, grown))
            return true;
        p->reported = grown;
        p->reported_cap = cap;
    }
    p->reported[p->nreported++] = (reported_char){pos.line, pos.col, cp};
    return false;
}

/* Bit set of the four styles lacking cp. Above U+FFFF every style counts as lacking it: the PDF
 * backend writes 16-bit character codes. */
static unsigned missing_styles(prep *p, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0xF;
    if (!p->fonts)
        return 0;
    return vb_fontset_missing_styles(p->fonts, cp);
}

static void describe_styles(unsigned missing, char *out, size_t cap)
{
    static const char *const names[] = {"thường", "đậm", "nghiêng", "đậm nghiêng"};
    out[0] = 0;
    if (missing == 0xF)
        return;
    size_t len = (size_t)snprintf(out, cap, " (thiếu ở kiểu chữ");
    for (unsigned st = 0; st < 4 && len < cap; st++)
        if (missing & (1u << st))
            len += (size_t)snprintf(out + len, cap - len, " %s", names[st]);
    if (len < cap)
        snprintf(out + len, cap - len, ")");
}

/* Every style is checked: which style a string ends up in is layout's business (headings bold,
 * header lines bold or italic), and a family lacking a Vietnamese letter in one style is as
 * unusable as one lacking it in all. indexed: text is the field as prepared, so "ký tự thứ N"
 * means something to the clerk; generated lines are checked without it. */
static void check_glyphs(prep *p, vb_pos pos, const char *what, const char *text, bool indexed)
{
    if (!text)
        return;
    size_t len = strlen(text), index = 0;
    for (size_t i = 0; i < len;) {
        if (p->ascii_covered && (unsigned char)text[i] >= 0x20 && (unsigned char)text[i] < 0x7F) {
            i++;
            index++;
            continue;
        }
        uint32_t cp;
        i += next_cp(text + i, len - i, &cp);
        index++;
        unsigned missing = missing_styles(p, cp);
        if (!missing || already_reported(p, pos, cp))
            continue;
        char ch[5], where[64] = "", styles[64];
        encode_cp(cp, ch);
        if (indexed)
            snprintf(where, sizeof where, " ký tự thứ %zu:", index);
        describe_styles(missing, styles, sizeof styles);
        error_at(p, pos, "%s:%s ký tự \"%s\" (U+%04X) không có trong phông chữ%s; hãy thay bằng "
                 "ký tự khác", what, where, ch, (unsigned)cp, styles);
    }
}

static void check_str(prep *p, const vb_str *s, const char *what)
{
    check_glyphs(p, s->pos, what, s->text, true);
}

static void check_list(prep *p, const vb_str_list *list, const char *what)
{
    for (size_t i = 0; i < list->count; i++)
        check_str(p, &list->items[i], what);
}

/* The runs of a node whose text was checked already: only what the text does not hold needs
 * a look, that is footnote calls ("(3)") and upper-cased headings. The other runs are the text
 * without its marks, each of their characters already checked (and reported) at this place. */
static void check_rich(prep *p, vb_pos pos, const char *what, const vb_rich *r, bool upper)
{
    for (size_t i = 0; i < r->count; i++)
        if (upper || r->runs[i].footnote)
            check_glyphs(p, pos, what, r->runs[i].text, false);
}

static void check_nodes(prep *p, const vb_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const vb_node *node = &nodes[i];
        vb_pos pos = node_text_pos(node);
        check_glyphs(p, pos, "noi_dung", node->text.text, true);
        check_glyphs(p, pos, "noi_dung", node->label, false);
        check_rich(p, pos, "noi_dung", &node->rich, is_upper_heading(node));
        check_nodes(p, node->children, node->nchildren);
    }
}

static void check_coverage(prep *p)
{
    /* Fixed text layout draws on every document: a font without it cannot serve at all. */
    static const char *const fixed[] = {
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Kính gửi:",
        "Nơi nhận:", "V/v", "./.", "0123456789",
    };
    const vb_document *d = p->doc;
    p->ascii_covered = p->fonts != NULL;
    for (uint32_t cp = 0x20; cp < 0x7F && p->ascii_covered; cp++)
        p->ascii_covered = missing_styles(p, cp) == 0;
    for (size_t i = 0; p->fonts && i < sizeof fixed / sizeof fixed[0]; i++)
        check_glyphs(p, no_pos, "phông chữ", fixed[i], false);
    check_list(p, &d->parent_body, "co_quan_chu_quan");
    check_list(p, &d->issuing_body, "co_quan");
    check_str(p, &d->symbol, "ky_hieu");
    check_str(p, &d->place, "dia_danh");
    check_glyphs(p, d->number_pos.line ? d->number_pos : d->symbol.pos, "so", d->number_line,
                 false);
    check_glyphs(p, d->date_pos.line ? d->date_pos : d->place.pos, "ngay", d->date_line, false);
    if (d->type)
        check_glyphs(p, d->type_pos, "loai", d->type->name_upper, false);
    check_str(p, &d->summary, "trich_yeu");
    check_str(p, &d->summary_note, "ghi_chu");
    check_list(p, &d->recipients, "kinh_gui");
    check_list(p, &d->authority, "tham_quyen_ban_hanh");
    check_list(p, &d->legal_bases, "can_cu");
    check_str(p, &d->proposal, "theo_de_nghi");
    for (size_t i = 0; i < d->nbasis_lines; i++)
        check_glyphs(p, no_pos, "can_cu", d->basis_lines[i], false);
    check_nodes(p, d->body, d->nbody);
    for (size_t i = 0; i < d->nfootnotes; i++)
        for (size_t j = 0; j < d->footnotes[i].nparagraphs; j++)
            check_str(p, &d->footnotes[i].paragraphs[j], "chu_thich");
    check_list(p, &d->distribution, "noi_nhan");
    check_str(p, &d->archive, "luu");
    for (size_t i = 0; i < d->ndistribution_lines; i++)
        check_glyphs(p, no_pos, "noi_nhan", d->distribution_lines[i], false);
    const vb_signer *s = &d->signer;
    check_str(p, &s->authority, "nguoi_ky.tham_quyen");
    check_str(p, &s->on_behalf, "nguoi_ky.thay_mat");
    check_str(p, &s->deputy_for, "nguoi_ky.ky_thay");
    check_str(p, &s->position, "nguoi_ky.chuc_vu");
    check_str(p, &s->name, "nguoi_ky.ho_ten");
    for (size_t i = 0; i < s->ntitle_lines; i++)
        check_glyphs(p, s->pos, "nguoi_ky", s->title_lines[i], false);
}

/* ---- the stage ---- */

int vb_prepare(vb_document *doc, const vb_fontset *fonts, vb_arena *arena, vb_diagnostics *diag)
{
    if (!doc || !arena)
        return -1;
    prep p = {.doc = doc, .fonts = fonts, .arena = arena, .diag = diag};
    for (size_t i = 0; i < doc->nfootnotes; i++)
        doc->footnotes[i].number = 0;

    normalise_document(&p);
    parse_rich(&p, doc->summary.text, doc->summary.pos, "trich_yeu", &doc->summary_rich);
    prepare_nodes(&p, doc->body, doc->nbody, NULL, 0);
    prepare_footnotes(&p);
    build_header_lines(&p);
    build_distribution(&p);
    build_basis(&p);
    build_signer(&p);
    check_coverage(&p);
    return p.failed ? -1 : 0;
}
