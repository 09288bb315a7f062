/* Labels and numbers of the body: "PHẦN THỨ NHẤT", "Chương I", "I.", "Điều 3.", "1.", "1.1.",
 * "a)", "-", "+", and the parsing of every node's text in reading order. */
#include <stdio.h>
#include <string.h>

#include "model/walk.h"
#include "prepare/prep.h"

/* Letters past "y" repeat ("aa", "bb", …, then "aaa"): beyond this many repeats the document is
 * not a real one, and digits are clearer than a wall of letters. */
#define MAX_LETTER_REPEAT 8

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
    case VB_NODE_TABLE: /* its STT column is numbered with its rows */
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

static bool is_upper_heading(const vb_node *node)
{
    return node->heading && (node->kind == VB_NODE_PART || node->kind == VB_NODE_CHAPTER ||
                             node->kind == VB_NODE_SECTION);
}

static void upper_runs(prep *p, vb_rich *r)
{
    for (size_t i = 0; i < r->count; i++) {
        if (r->runs[i].footnote)
            continue;
        char *upper = prep_upper(p->arena, r->runs[i].text);
        if (upper)
            r->runs[i].text = upper;
    }
}

/* Real documents set a lead-in and its number in one style ("**1. Chủ trì:** …",
 * "***a) …***"): the number takes the style of a bold or italic run that opens the text, unless
 * the clerk said otherwise with kieu_so. */
static vb_style label_style(const vb_node *node)
{
    if (node->number_style_given)
        return node->number_style;
    if (!node->label || node->rich.count == 0 || node->rich.runs[0].footnote)
        return VB_STYLE_REGULAR;
    return node->rich.runs[0].style;
}

/* parent_item: the number of parent when it is a khoản (for "1.1."). */
static void prepare_nodes(prep *p, vb_node *nodes, size_t n, const vb_node *parent,
                          int parent_item)
{
    int counts[VB_NODE_KINDS] = {0};
    for (size_t i = 0; i < n; i++) {
        vb_node *node = &nodes[i];
        int k = ++counts[node->kind];
        node->label = node_label(p, node, parent, k, parent_item);
        prep_parse_rich(p, node->text.text, vb_node_text_pos(node), "noi_dung", &node->rich);
        node->label_style = label_style(node);
        if (node->kind == VB_NODE_TABLE)
            prep_bang(p, node->table);
        if (is_upper_heading(node))
            upper_runs(p, &node->rich);
        prepare_nodes(p, node->children, node->nchildren, node,
                      node->kind == VB_NODE_ITEM ? k : 0);
    }
}

void prep_body(prep *p)
{
    p->articles = 0;
    prepare_nodes(p, p->doc->body, p->doc->nbody, NULL, 0);
}

void prep_nodes(prep *p, vb_node *nodes, size_t n)
{
    prepare_nodes(p, nodes, n, NULL, 0);
}
