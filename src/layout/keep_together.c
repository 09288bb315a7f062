/* Where a line may not break although there is a space: "2021 - 2030", "(2025 – 2030)", "Km 3+450". */
#include "layout/keep_together.h"

#include <string.h>

/* The word's text on the baseline at its start or its end (a footnote call is not its text). */
static vb_fragment edge_text(const vb_word *w, bool at_end)
{
    size_t n = vb_word_nfrags(w);
    for (size_t k = 0; k < n; k++) {
        vb_fragment f = vb_word_frag(w, at_end ? n - 1 - k : k);
        if (f.rise == 0 && f.note == 0 && f.len > 0)
            return f;
    }
    return (vb_fragment){"", 0, VB_STYLE_REGULAR, 0, 0, 0, 0};
}

static bool is_text(const vb_word *w, const char *s)
{
    vb_fragment f = edge_text(w, false);
    return vb_word_nfrags(w) == 1 && f.len == strlen(s) && memcmp(f.text, s, f.len) == 0;
}

/* "-", "–" or "—" standing alone: a hyphen or dash between words, never a list marker (the
 * marker is the label, the first word of its paragraph). */
static bool is_lone_dash(const vb_word *w)
{
    return is_text(w, "-") || is_text(w, "\u2013") || is_text(w, "\u2014");
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "3+450", "(2030": a number, maybe after an opening bracket. */
static bool starts_with_digit(const vb_word *w)
{
    vb_fragment f = edge_text(w, false);
    size_t i = f.len > 0 && (f.text[0] == '(' || f.text[0] == '[') ? 1 : 0;
    return i < f.len && is_digit(f.text[i]);
}

/* "(" alone, or "(" and the first word of the bracket without its closing one: "(2025",
 * "(Phân". A line ending there leaves the bracket hanging. */
static bool opens_bracket(const vb_word *w)
{
    vb_fragment f = edge_text(w, false);
    if (f.len == 0 || (f.text[0] != '(' && f.text[0] != '['))
        return false;
    char close = f.text[0] == '(' ? ')' : ']';
    vb_fragment last = edge_text(w, true);
    return vb_word_nfrags(w) > 1 ? !memchr(last.text, close, last.len)
                                 : !memchr(f.text, close, f.len);
}

bool vb_keep_together(const vb_word *words, size_t n, size_t i)
{
    if (i + 1 >= n)
        return false;
    const vb_word *w = &words[i], *next = &words[i + 1];
    if (is_lone_dash(next))
        return true; /* a line never starts with "- " that is not a list marker */
    /* "2021 - 2030", "kinh tế - xã hội": the dash stays with what it joins, also after it; a
     * line ending in a dash would read as a hyphenated word (pdftotext joins the lines and
     * drops it) */
    if (is_lone_dash(w))
        return true;
    if (opens_bracket(w))
        return true;
    return (is_text(w, "Km") || is_text(w, "km")) && starts_with_digit(next); /* "Km 3+450" */
}

/* Breaks may go back where the ties of words[from..to) are: all of them, or only those after a
 * lone dash ("Nông - / Lâm - / Ngư"), which still never starts a line with the dash. */
static void release(vb_word *words, size_t n, size_t from, size_t to, bool all)
{
    for (size_t i = from; i < to; i++)
        if (!words[i + 1].glued_to_prev && vb_keep_together(words, n, i) &&
            (all || is_lone_dash(&words[i])))
            words[i].box.penalty = 0;
}

/* The first tie-bound run from *at: words[start..*at] with no break allowed inside; its width
 * (boxes and spaces) is returned. */
static double next_run(const vb_word *words, size_t n, size_t *at, size_t *start)
{
    *start = *at;
    double width = words[*at].box.width;
    while (*at + 1 < n && words[*at].box.penalty >= VB_LB_NO_BREAK) {
        width += words[*at].box.glue + words[*at + 1].box.width;
        (*at)++;
    }
    return width;
}

void vb_release_long_ties(vb_word *words, size_t n, double limit)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t at = 0; at < n; at++) {
            size_t start;
            if (next_run(words, n, &at, &start) > limit)
                release(words, n, start, at, pass == 1);
        }
}
