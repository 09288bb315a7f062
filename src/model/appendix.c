/* The blanks the văn thư fills in by hand, kept through line breaking in an appendix's lines. */
#include "model/model.h"

#include "common/arena.h"

#include <string.h>

char *vb_appendix_keep_blanks(vb_arena *a, const char *s)
{
    /* Each space of a run of two or more becomes a no-break space (2 bytes): a run stays as
     * wide as typed and is never broken or collapsed. */
    size_t len = strlen(s), extra = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ' ' && (s[i + 1] == ' ' || (i > 0 && s[i - 1] == ' ')))
            extra++;
    char *out = vb_arena_alloc(a, len + extra + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' && (s[i + 1] == ' ' || (i > 0 && s[i - 1] == ' '))) {
            out[w++] = (char)0xC2;
            out[w++] = (char)0xA0;
        } else {
            out[w++] = s[i];
        }
    }
    out[w] = 0;
    return out;
}
