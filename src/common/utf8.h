/* UTF-8 decoding: the one decoder of the library. The loader refuses malformed input with its
 * position; every later stage reads text the loader accepted, through vb_utf8_next, which
 * still cannot read past the end nor loop should a malformed byte ever reach it. */
#ifndef VB_UTF8_H
#define VB_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decodes one UTF-8 sequence strictly (no overlongs, surrogates or values past U+10FFFF: what
 * utf8proc_iterate accepts). Returns its length, or 0 when the bytes at s are not valid UTF-8. */
static inline size_t vb_utf8_decode(const unsigned char *s, size_t left, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* Two-byte sequences, and three-byte ones whose lead byte cannot start an overlong or a
     * surrogate (E1 to EC, EE, EF), are nearly every non-ASCII character of Vietnamese text:
     * decoded without the general checks, which they cannot fail. */
    if (c >= 0xC2 && c <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3Fu);
        return 2;
    }
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && left >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3Fu);
        return 3;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

#define VB_UTF8_REPLACEMENT 0xFFFDu

/* The code point at s[0..left) (left > 0), with its length in *used; a malformed sequence is
 * U+FFFD over one byte, so that a caller always advances. */
static inline uint32_t vb_utf8_next(const unsigned char *s, size_t left, size_t *used)
{
    uint32_t cp;
    size_t n = vb_utf8_decode(s, left, &cp);
    *used = n ? n : 1;
    return n ? cp : VB_UTF8_REPLACEMENT;
}

#endif
