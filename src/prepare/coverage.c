/* Font coverage: every character that will be drawn must be in every style of the font family,
 * or it is reported with its place (never dropped silently). The texts come from vb_walk_texts,
 * so a field added to the model cannot miss its check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "model/walk.h"
#include "prepare/prep.h"

/* A report already made: cp at (line, col); line -1 for "somewhere". */
typedef struct {
    int line, col;
    uint32_t cp;
} reported_char;

typedef struct {
    prep *p;
    bool ascii_covered; /* every style has every printable ASCII character */
    /* BMP code points known to be in every style: a document repeats the same hundred or two
     * letters tens of thousands of times, and a bit is cheaper than asking the fontset. */
    uint64_t *covered; /* 0x10000 bits, malloc'd; NULL when memory ran short (none known) */
    reported_char *reported;
    size_t nreported, reported_cap;
    prep_table index; /* of reported */
} coverage;

static uint64_t hash_report(reported_char r)
{
    uint32_t words[3] = {(uint32_t)r.line, (uint32_t)r.col, r.cp};
    return prep_hash(words, sizeof words);
}

typedef struct {
    reported_char want;
    const reported_char *reported;
} report_key;

static bool same_report(const void *ctx, size_t index)
{
    const report_key *key = ctx;
    const reported_char *have = &key->reported[index];
    return have->line == key->want.line && have->col == key->want.col && have->cp == key->want.cp;
}

static bool was_reported(const coverage *c, reported_char r)
{
    report_key key = {r, c->reported};
    return prep_table_find(&c->index, hash_report(r), same_report, &key) != SIZE_MAX;
}

/* Remembers r; false when memory ran out (the arena is then failed). */
static bool remember(coverage *c, reported_char r)
{
    if (c->nreported == c->reported_cap) {
        size_t cap = c->reported_cap ? c->reported_cap * 2 : 16;
        reported_char *grown = vb_arena_grow(c->p->arena, c->reported,
                                             c->reported_cap * sizeof *grown, cap * sizeof *grown);
        if (!grown)
            return false;
        c->reported = grown;
        c->reported_cap = cap;
    }
    c->reported[c->nreported] = r;
    return prep_table_add(&c->index, c->p->arena, hash_report(r), c->nreported++);
}

/* True the first time cp is reported at pos; a source text reports a character once per place,
 * a generated one only when no report has named the character yet (it came from a source text,
 * reported at its own place, or it is vanban's own word). */
static bool first_report(coverage *c, vb_pos pos, uint32_t cp, bool generated)
{
    reported_char here = {pos.line, pos.col, cp}, anywhere = {-1, -1, cp};
    if (was_reported(c, generated ? anywhere : here))
        return false;
    if (!generated && !remember(c, here))
        return false;
    return was_reported(c, anywhere) || remember(c, anywhere);
}

/* Bit set of the four styles lacking cp. Above U+FFFF every style counts as lacking it: the PDF
 * backend writes 16-bit character codes. */
static unsigned missing_styles(const coverage *c, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0xF;
    if (!c->p->fonts)
        return 0;
    return vb_fontset_missing_styles(c->p->fonts, cp);
}

static void describe_styles(unsigned missing, char *out, size_t cap)
{
    static const char *const names[] = {"thường", "đậm", "nghiêng", "đậm nghiêng"};
    out[0] = 0;
    if (missing == 0xF)
        return;
    size_t len = (size_t)snprintf(out, cap, " (thiếu ở kiểu chữ");
    const char *sep = " ";
    for (unsigned st = 0; st < 4 && len < cap; st++)
        if (missing & (1u << st)) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", sep, names[st]);
            sep = ", "; /* "đậm nghiêng" is one style's name */
        }
    if (len < cap)
        snprintf(out + len, cap - len, ")");
}

static void report_missing(coverage *c, vb_pos pos, const char *what, uint32_t cp,
                           unsigned missing, size_t index)
{
    char ch[5], where[64] = "", styles[64];
    prep_encode_cp(cp, ch);
    if (index)
        snprintf(where, sizeof where, " ký tự thứ %zu:", index);
    describe_styles(missing, styles, sizeof styles);
    prep_error(c->p, pos, "%s:%s ký tự \"%s\" (U+%04X) không có trong phông chữ%s; hãy thay bằng "
               "ký tự khác", what, where, ch, (unsigned)cp, styles);
}

/* Every style is checked: which style a string ends up in is layout's business (headings bold,
 * header lines bold or italic), and a family lacking a Vietnamese letter in one style is as
 * unusable as one lacking it in all. indexed: text is the field as prepared, so "ký tự thứ N"
 * means something to the clerk. */
static void check_glyphs(coverage *c, vb_pos pos, const char *what, const char *text,
                         bool indexed, bool generated)
{
    if (!text)
        return;
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text), index = 0;
    for (size_t i = 0; i < len; index++) {
        /* A line break the trích yếu keeps is where a line ends, not a character drawn. */
        if ((c->ascii_covered && s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\n') {
            i++;
            continue;
        }
        size_t used;
        uint32_t cp = vb_utf8_next(s + i, len - i, &used);
        i += used;
        if (c->covered && cp <= 0xFFFF && (c->covered[cp / 64] >> (cp % 64) & 1))
            continue;
        unsigned missing = missing_styles(c, cp);
        if (!missing && c->covered && cp <= 0xFFFF)
            c->covered[cp / 64] |= (uint64_t)1 << (cp % 64);
        if (missing && first_report(c, pos, cp, generated))
            report_missing(c, pos, what, cp, missing, indexed ? index + 1 : 0);
    }
}

static void check_text(void *ctx, const vb_text_field *t)
{
    coverage *c = ctx;
    if (!t->drawn)
        return;
    switch (t->kind) {
    case VB_TEXT_SOURCE:
        check_glyphs(c, t->pos, t->field, t->str->text, true, false);
        break;
    case VB_TEXT_RUNS:
        /* Mostly the source's characters, already checked at this place; what is new is the
         * footnote calls "(3)" and upper-cased headings. */
        for (size_t i = 0; i < t->rich->count; i++)
            check_glyphs(c, t->pos, t->field, t->rich->runs[i].text, false, false);
        break;
    case VB_TEXT_GENERATED:
        check_glyphs(c, t->pos, t->field, t->text, false, true);
        break;
    }
}

void prep_check_coverage(prep *p)
{
    /* Fixed text layout draws on every document: a font without it cannot serve at all. */
    static const char *const fixed[] = {
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Kính gửi:",
        "Nơi nhận:", "V/v", "./.", "0123456789",
    };
    static const vb_pos no_pos = {0, 0};
    coverage c = {.p = p, .ascii_covered = p->fonts != NULL};
    /* Only a shortcut: without it every code point is asked of the fontset. */
    c.covered = p->fonts ? calloc(0x10000 / 64, sizeof *c.covered) : NULL;
    for (uint32_t cp = 0x20; cp < 0x7F && c.ascii_covered; cp++)
        c.ascii_covered = missing_styles(&c, cp) == 0;
    for (size_t i = 0; p->fonts && i < sizeof fixed / sizeof fixed[0]; i++)
        check_glyphs(&c, no_pos, "phông chữ", fixed[i], false, true);
    vb_walk_texts(p->doc, check_text, &c);
    free(c.covered);
}
