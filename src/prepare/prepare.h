/* Stage 2: text preparation and numbering, in place on a document the loader accepted:
 * NFC (utf8proc), inline marks (**bold**, *italic*, [^id] footnote calls), footnote numbers in
 * order of first call, generated labels and lines (Số, date, nơi nhận, căn cứ, signature
 * titles), and a check that the font has every character (missing ones are reported with their
 * position, never dropped silently). The content's rules are the loader's, not checked again. */
#ifndef VB_PREPARE_H
#define VB_PREPARE_H
#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "model/model.h"

/* Returns 0 on success, -1 when an error was reported (running out of memory included: the
 * arena is then failed). fonts may be NULL (no coverage check but for characters above U+FFFF,
 * which the PDF backend cannot write). */
int vb_prepare(vb_document *doc, const vb_fontset *fonts, vb_arena *arena, vb_diagnostics *diag);

/* Building blocks, exposed for tests. */
/* NFC of valid UTF-8; NULL (with *bad_offset set to the byte offset) on invalid UTF-8 or NUL. */
char *vb_text_nfc(vb_arena *a, const char *s, size_t len, size_t *bad_offset);
/* True for code points that vb_text_nfc passes through without asking utf8proc: NFC of
 * themselves, combining class 0, composing with none of each other. */
bool vb_nfc_stable(uint32_t cp);
/* Parses inline marks of NFC text. Returns 0, or -1 with an error message in *err. Footnote ids
 * are resolved through lookup(id) -> number (> 0) or 0 when unknown. */
int vb_parse_inline(vb_arena *a, const char *nfc, vb_rich *out,
                    int (*lookup)(void *ctx, const char *id, size_t id_len), void *ctx,
                    const char **err, size_t *err_offset);
/* "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", ... (n >= 1), beyond "y": "aa", ... */
const char *vb_vietnamese_letter(vb_arena *a, int n);
const char *vb_roman(vb_arena *a, int n);               /* 1 -> "I" */
const char *vb_ordinal_upper(vb_arena *a, int n);       /* 1 -> "NHẤT", 2 -> "HAI", 4 -> "TƯ" */

#endif
