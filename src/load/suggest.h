/* The valid word a slip of the fingers most likely meant. */
#ifndef VB_SUGGEST_H
#define VB_SUGGEST_H
#include <stdbool.h>
#include <stddef.h>

/* The candidate close enough to word to be what was meant, or NULL. *only_accents (may be
 * NULL) is set when the two differ only in diacritics or case ("Loại" for "loai"). */
const char *vb_nearest_word(const char *word, const char *const *candidates, size_t n,
                         bool *only_accents);

#endif
