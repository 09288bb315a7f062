/* Refuses a number or bullet typed into a block whose number vanban generates ("I. MỤC TIÊU"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "load/loader.h"

/* Only a text's start can hold a typed number; "PHẦN THỨ HAI MƯƠI MỐT: " decomposed fits. */
#define PREFIX_BYTES 160
/* A text quoted in the message is cut after this many characters. */
#define QUOTE_CHARS 40
#define MAX_ROMAN_CHARS 15

/* Reading position in the NFC prefix of a block's text. */
typedef struct {
    const unsigned char *s;
    size_t i, n;
} cursor;

static int32_t peek(const cursor *c, size_t *step)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k = c->i < c->n ? utf8proc_iterate(c->s + c->i, (utf8proc_ssize_t)(c->n - c->i),
                                                         &cp)
                                      : 0;
    *step = k > 0 ? (size_t)k : 0;
    return k > 0 ? cp : -1;
}

static int32_t next(cursor *c)
{
    size_t step;
    int32_t cp = peek(c, &step);
    c->i += step;
    return cp;
}

static bool is_space(int32_t cp)
{
    return cp == '\t' || (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

static bool is_letter(int32_t cp)
{
    if (cp < 0)
        return false;
    utf8proc_category_t k = utf8proc_category(cp);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static size_t skip_spaces(cursor *c)
{
    size_t n = 0, step;
    while (is_space(peek(c, &step))) {
        c->i += step;
        n++;
    }
    return n;
}

/* Where a typed number ends: the text's end, a space, or the "*" closing a bold number. */
static bool at_boundary(const cursor *c)
{
    size_t step;
    int32_t cp = peek(c, &step);
    return cp < 0 || is_space(cp) || cp == '*';
}

static bool take_char(cursor *c, const char *chars)
{
    size_t step;
    int32_t cp = peek(c, &step);
    if (cp <= 0 || cp > 0x7F || !strchr(chars, (int)cp))
        return false;
    c->i += step;
    return true;
}

/* A whole word in any case: "Phần", "PHẦN" and "phần" for "phần". */
static bool take_word(cursor *c, const char *lower)
{
    cursor w = {(const unsigned char *)lower, 0, strlen(lower)}, at = *c;
    while (w.i < w.n)
        if (utf8proc_tolower(next(&at)) != next(&w))
            return false;
    size_t step;
    if (is_letter(peek(&at, &step)))
        return false;
    *c = at;
    return true;
}

static size_t take_digits(cursor *c)
{
    size_t n = 0;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        c->i++;
        n++;
    }
    return n;
}

static int roman_digit(unsigned char ch)
{
    static const char digits[] = "IVXLCDM";
    static const int values[] = {1, 5, 10, 50, 100, 500, 1000};
    const char *at = ch ? strchr(digits, ch) : NULL;
    return at ? values[at - digits] : 0;
}

/* An upper-case Roman numeral written the canonical way ("IV", not "IIII" or "DL"), ending where
 * the word ends: "I" in "Ia Grai" or "MỤC" is not one. */
static bool take_roman(cursor *c)
{
    static const char *const ones[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    size_t n = 0;
    while (c->i + n < c->n && n < MAX_ROMAN_CHARS && roman_digit(c->s[c->i + n]))
        n++;
    cursor end = {c->s, c->i + n, c->n};
    size_t step;
    if (n == 0 || is_letter(peek(&end, &step)))
        return false;
    int value = 0;
    for (size_t k = 0; k < n; k++) {
        int v = roman_digit(c->s[c->i + k]);
        int after = k + 1 < n ? roman_digit(c->s[c->i + k + 1]) : 0;
        value += v < after ? -v : v;
    }
    if (value < 1 || value > 3999)
        return false;
    char canonical[MAX_ROMAN_CHARS * 2 + 1] = "";
    static const char *const tens[] = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
    static const char *const hundreds[] = {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
    for (int m = 0; m < value / 1000; m++)
        strcat(canonical, "M");
    strcat(canonical, hundreds[value / 100 % 10]);
    strcat(canonical, tens[value / 10 % 10]);
    strcat(canonical, ones[value % 10]);
    if (strlen(canonical) != n || memcmp(canonical, c->s + c->i, n) != 0)
        return false;
    c->i += n;
    return true;
}

static bool take_ordinal_word(cursor *c)
{
    static const char *const words[] = {"nhất", "một",  "hai",  "ba",  "tư",   "bốn",
                                        "năm",  "lăm",  "sáu",  "bảy", "tám",  "chín",
                                        "mười", "mươi", "mốt",  "trăm", "lẻ",  "linh"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (take_word(c, words[k]))
            return true;
    return false;
}

/* "thứ nhất", "thứ hai mươi mốt": a part's ordinal as read aloud. */
static bool take_ordinal(cursor *c)
{
    if (!take_word(c, "thứ") || skip_spaces(c) == 0 || !take_ordinal_word(c))
        return false;
    for (cursor at = *c; skip_spaces(&at) > 0 && take_ordinal_word(&at); at = *c)
        *c = at;
    return true;
}

/* "Phần I", "Chương 2", "Mục 1", "Điều 12:": a word, its number, maybe "." or ":". */
static bool take_named(cursor *c, const char *word, bool roman, bool ordinal, bool stop_needed)
{
    if (!take_word(c, word) || skip_spaces(c) == 0)
        return false;
    cursor at = *c;
    if (!(ordinal && take_ordinal(&at))) {
        at = *c;
        if (!(roman && take_roman(&at)) && take_digits(&at) == 0)
            return false;
    }
    *c = at;
    return take_char(c, ".:") || !stop_needed;
}

/* "1." or "2)"; with sub, also "1.1." and "2.3", whose second number has one or two digits so
 * that "1.000 hộ dân" stays a number. */
static bool take_arabic(cursor *c, bool sub)
{
    if (take_digits(c) == 0)
        return false;
    cursor at = *c;
    if (sub && take_char(&at, ".")) {
        size_t n = take_digits(&at);
        if (n >= 1 && n <= 2) {
            take_char(&at, ".");
            if (at_boundary(&at)) {
                *c = at;
                return true;
            }
        }
    }
    return take_char(c, ".)");
}

/* "a)", "đ." or "aa)": the Vietnamese letters a point is numbered with. */
static bool take_letter(cursor *c)
{
    static const int32_t letters[] = {'a', 'b', 'c', 'd', 0x111, 'e', 'g', 'h', 'i', 'k', 'l', 'm',
                                      'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'};
    int32_t first = next(c);
    bool known = false;
    for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++)
        known = known || letters[k] == first;
    if (!known)
        return false;
    cursor at = *c;
    while (next(&at) == first)
        *c = at;
    return take_char(c, ").");
}

static bool take_bullet(cursor *c)
{
    int32_t cp = next(c);
    return cp == '-' || cp == '+' || cp == 0x2013 || cp == 0x2014 || cp == 0x2022;
}

/* Levels whose number is a word and a numeral ("Phần II"), which old documents follow with a
 * dash before the title. */
static bool is_named_level(vb_node_kind kind)
{
    return kind == VB_NODE_PART || kind == VB_NODE_CHAPTER || kind == VB_NODE_SECTION;
}

/* Moves c past the number the kind's label would repeat, if the text starts with one. */
static bool take_number(cursor *c, vb_node_kind kind)
{
    cursor start = *c;
    switch (kind) {
    case VB_NODE_PART:
        return take_named(c, "phần", true, true, false);
    case VB_NODE_CHAPTER:
        return take_named(c, "chương", true, false, false);
    case VB_NODE_SECTION:
        if (take_roman(c) && take_char(c, ".)"))
            return true;
        *c = start;
        return take_named(c, "mục", true, false, false);
    case VB_NODE_ARTICLE:
        return take_named(c, "điều", false, false, true);
    case VB_NODE_ITEM:
    case VB_NODE_SUBITEM:
        return take_arabic(c, kind == VB_NODE_SUBITEM);
    case VB_NODE_POINT:
        return take_letter(c);
    case VB_NODE_DASH:
    case VB_NODE_PLUS:
        return take_bullet(c);
    case VB_NODE_PARAGRAPH:
    case VB_NODE_TABLE:
        break;
    }
    return false;
}

/* The text's first characters in NFC, so that a decomposed "Chương" is still seen; NULL when
 * memory ran out (reported). cut: the text goes on past them. */
static char *nfc_prefix(loader *L, const char *text, size_t *len, bool *cut)
{
    size_t n = strlen(text);
    *cut = n > PREFIX_BYTES;
    if (*cut) {
        n = PREFIX_BYTES;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t got = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)n, &nfc,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (got < 0) {
        if (got == UTF8PROC_ERROR_NOMEM)
            vb_load_out_of_memory(L);
        return NULL;
    }
    *len = (size_t)got;
    return (char *)nfc;
}

/* The text as the message quotes it: its first QUOTE_CHARS characters, "…" when cut. */
static const char *quote(loader *L, const cursor *all, bool longer)
{
    cursor c = {all->s, 0, all->n};
    for (size_t k = 0; k < QUOTE_CHARS && next(&c) >= 0;)
        k++;
    bool cut = longer || c.i < c.n;
    return vb_arena_printf(L->arena, "%.*s%s", (int)c.i, (const char *)c.s, cut ? "…" : "");
}

/* at: where the part to strip starts, where the number starts and ends, where the part ends. */
static void refuse(loader *L, const char *key, const vb_node *node, const cursor *all,
                   bool longer, const size_t at[4])
{
    const char *s = (const char *)all->s;
    size_t from = at[1];
    bool bullet = node->kind == VB_NODE_DASH || node->kind == VB_NODE_PLUS;
    const char *hint = "";
    if (node->kind == VB_NODE_DASH && s[from] == '+')
        hint = "; ý có dấu \"+\" thì dùng khóa cong";
    else if (node->kind == VB_NODE_PLUS && s[from] != '+')
        hint = "; ý gạch đầu dòng \"-\" thì dùng khóa gach";
    const char *text = quote(L, all, longer);
    if (!text) {
        vb_load_out_of_memory(L);
        return;
    }
    vb_load_error(L, node->text.pos,
                  "%s: \"%s\" bắt đầu bằng %s \"%.*s\" mà vanban tự đánh; hãy bỏ \"%.*s\"%s", key,
                  text, bullet ? "dấu" : "số", (int)(at[2] - from), s + from,
                  (int)(at[3] - at[0]), s + at[0], hint);
}

void vb_check_typed_number(loader *L, const char *key, const vb_node *node)
{
    if (!node->text.text || node->kind == VB_NODE_PARAGRAPH)
        return;
    size_t len = 0;
    bool longer = false;
    char *prefix = nfc_prefix(L, node->text.text, &len, &longer);
    if (!prefix)
        return;
    cursor all = {(const unsigned char *)prefix, 0, len};
    cursor c = all;
    skip_spaces(&c);
    size_t strip_from = c.i;
    while (c.i < c.n && c.s[c.i] == '*') /* "**1.** Nội dung" */
        c.i++;
    size_t from = c.i;
    if (take_number(&c, node->kind) && at_boundary(&c)) {
        size_t number_end = c.i;
        while (strip_from < from && c.i < c.n && c.s[c.i] == '*')
            c.i++;
        skip_spaces(&c);
        cursor dash = c; /* "Phần II - Nhiệm vụ": the dash goes with the number */
        int32_t cp = next(&dash);
        if (is_named_level(node->kind) && (cp == '-' || cp == 0x2013) && at_boundary(&dash)) {
            c = dash;
            skip_spaces(&c);
        }
        refuse(L, key, node, &all, longer, (size_t[]){strip_from, from, number_end, c.i});
    }
    free(prefix);
}
