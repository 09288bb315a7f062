/* The valid word a slip of the fingers most likely meant: "loia" -> "loai", "Loại" -> "loai". */
#include "load/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_SUGGEST_CHARS 64

/* Code points of s without diacritics, case-folded, "đ" as "d": "Loại" and "loai" compare equal.
 * Returns the count, or SIZE_MAX when s is too long to be a slip of the fingers. */
static size_t fold_word(const char *s, int32_t *out)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &folded,
                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (n < 0)
        return SIZE_MAX;
    size_t count = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(folded + i, n - i, &cp);
        if (step <= 0 || count == MAX_SUGGEST_CHARS) {
            free(folded);
            return SIZE_MAX;
        }
        out[count++] = cp == 0x111 ? 'd' : cp;
        i += step;
    }
    free(folded);
    return count;
}

/* Edit distance where swapping two neighbours costs one, the commonest typing slip. */
static size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
    size_t rows[3][MAX_SUGGEST_CHARS + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *oldest = prev2;
        prev2 = prev;
        prev = cur;
        cur = oldest;
    }
    return prev[nb];
}

/* A distance of a third of the longer word (at least one) still counts as a slip. */
const char *vb_nearest_word(const char *word, const char *const *candidates, size_t n,
                            bool *only_accents)
{
    int32_t w[MAX_SUGGEST_CHARS], c[MAX_SUGGEST_CHARS];
    size_t nw = fold_word(word, w);
    if (nw == SIZE_MAX)
        return NULL;
    const char *best = NULL;
    size_t best_distance = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t nc = fold_word(candidates[i], c);
        if (nc == SIZE_MAX)
            continue;
        size_t d = edit_distance(w, nw, c, nc);
        size_t longer = nw > nc ? nw : nc;
        size_t allowed = longer / 3 > 1 ? longer / 3 : 1;
        if (d <= allowed && d < best_distance) {
            best = candidates[i];
            best_distance = d;
        }
    }
    if (only_accents)
        *only_accents = best_distance == 0;
    return best;
}
