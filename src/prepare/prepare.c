/* Stage 2: text preparation and numbering. See prepare.h for the stage and model.h for the
 * prepared fields.
 *
 * Order of work, which is also the reading order footnote numbers follow:
 *   1. every string of the document: NFC and whitespace collapse (this file);
 *   2. trích yếu, then the body depth-first (a node's text before its children): inline marks,
 *      footnote numbers on first call, labels, upper-cased headings (numbering.c, footnotes.c,
 *      inline.c);
 *   3. footnote paragraphs (a footnote may not call a footnote);
 *   4. generated lines: Số, date, PDF title, Nơi nhận, legal bases, signature titles (lines.c);
 *   5. font coverage of everything that will be drawn (coverage.c).
 * Whether the content keeps the format's rules is the loader's to say: this stage only reports
 * what it alone finds while transforming (a mark left open, a call to an undefined footnote, a
 * character the font lacks). Errors are collected rather than stopping at the first, so a clerk
 * sees them all at once. An allocation that fails is remembered by the arena and reported once,
 * at the end.
 *
 * "ký tự thứ N" in messages counts code points (1-based) of the normalised text, which differs
 * from what was typed only where whitespace runs were collapsed. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "model/walk.h"
#include "prepare/prep.h"

static char empty_text[] = "";

void prep_error(prep *p, vb_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(p->diag, VB_SEVERITY_ERROR, p->doc->file, pos.line, pos.col, fmt, ap);
    va_end(ap);
    p->failed = true;
}

void prep_warning(prep *p, vb_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vb_diag_vadd(p->diag, VB_SEVERITY_WARNING, p->doc->file, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

/* ---- 1. every string: NFC, whitespace ---- */

static bool is_combining_mark(uint32_t cp)
{
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME;
}

/* A combining mark left after NFC has no precomposed letter to become ("q" + U+0303): it would
 * be drawn as a glyph of its own beside the letter, not over it. Said once per text. */
static void warn_loose_marks(prep *p, const char *text, vb_pos pos, const char *what)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), index = 0, first = 0, count = 0;
    uint32_t mark = 0, base = 0, prev = 0;
    for (size_t i = 0; i < len; index++) {
        size_t used;
        uint32_t cp = vb_utf8_next(s + i, len - i, &used);
        i += used;
        if (cp >= 0x300 && is_combining_mark(cp) && count++ == 0) {
            first = index + 1;
            mark = cp;
            base = prev;
        }
        prev = cp;
    }
    if (!count)
        return;
    char letter[5] = "", sign[5];
    if (base)
        prep_encode_cp(base, letter);
    prep_encode_cp(mark, sign);
    prep_warning(p, pos, "%s: ký tự thứ %zu: dấu kết hợp U+%04X trong \"%s%s\" không ghép được với "
                 "chữ đứng trước thành một chữ có sẵn, nên sẽ được in lệch bên cạnh chữ; hãy gõ "
                 "chữ có dấu dựng sẵn hoặc bỏ dấu này%s", what, first, (unsigned)mark, letter, sign,
                 count > 1 ? " (còn chỗ khác như vậy trong cùng đoạn)" : "");
}

static void normalise_text(void *ctx, const vb_text_field *t)
{
    prep *p = ctx;
    if (t->kind != VB_TEXT_SOURCE || !t->str->text)
        return;
    vb_str *s = t->str;
    size_t len = strlen(s->text), bad = 0;
    if (prep_clean_nfc(s->text, len)) {
        /* Kept as the loader left it: a copy would be one more byte per input byte, held to
         * the end of the render (BENCHMARKS.md, "Memory per input"). Nor is there a loose mark
         * to warn of: no NFC-stable code point (vb_nfc_stable) is a combining mark. */
        return;
    }
    char *text = vb_text_nfc(p->arena, s->text, len, &bad);
    if (!text && bad != SIZE_MAX)
        prep_error(p, s->pos, "%s: lỗi nội bộ: văn bản không phải UTF-8 hợp lệ ở byte thứ %zu mà "
                   "bước đọc không từ chối", t->field, bad + 1);
    s->text = text ? text : empty_text;
    if (s == &p->doc->summary)
        prep_collapse_keeping_lines(s->text); /* the lines the clerk broke it into */
    else
        prep_collapse_whitespace(s->text);
    if (t->drawn)
        warn_loose_marks(p, s->text, s->pos, t->field);
}

/* ---- the stage ---- */

int vb_prepare(vb_document *doc, const vb_fontset *fonts, vb_arena *arena, vb_diagnostics *diag)
{
    if (!doc || !arena)
        return -1;
    prep p = {.doc = doc, .fonts = fonts, .arena = arena, .diag = diag};
    vb_walk_texts(doc, normalise_text, &p);
    prep_index_footnotes(&p);
    prep_parse_rich(&p, doc->summary.text, doc->summary.pos, "trich_yeu", &doc->summary_rich);
    prep_body(&p);
    prep_appendix_bodies(&p);
    prep_footnote_paragraphs(&p);
    prep_generated_lines(&p);
    prep_forms(&p);
    prep_appendices(&p);
    prep_check_coverage(&p);
    if (vb_arena_failed(arena)) {
        vb_diag_out_of_memory(diag, doc->file, "hết bộ nhớ khi chuẩn bị văn bản");
        p.failed = true;
    }
    return p.failed ? -1 : 0;
}
