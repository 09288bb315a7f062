/* Text helpers of the prepare stage: NFC (utf8proc), upper case, whitespace, character counts. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "prepare/prep.h"

bool prep_has_text(const vb_str *s)
{
    return s->text && s->text[0];
}

/* 1-based code point index of the character starting at byte offset in s. */
size_t prep_char_index(const char *s, size_t offset)
{
    size_t index = 1;
    for (size_t i = 0; i < offset && s[i]; index++) {
        size_t used;
        vb_utf8_next((const unsigned char *)s + i, offset - i, &used);
        i += used;
    }
    return index;
}

size_t prep_encode_cp(uint32_t cp, char out[5])
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
    out[n > 0 ? n : 0] = 0;
    return n > 0 ? (size_t)n : 0;
}

/* Code points whose NFC is themselves, with combining class 0, and which never compose with
 * a neighbour from this set: ASCII and Latin-1 (controls included), Latin Extended-A and -B,
 * Latin Extended Additional (every precomposed Vietnamese letter), General Punctuation but
 * for U+2000 and U+2001 (they decompose to U+2002 and U+2003), Currency Symbols (₫).
 * tests/test_prepare.c checks every one of them, and every pair, against utf8proc. A string
 * made of them only is in NFC already. */
bool vb_nfc_stable(uint32_t cp)
{
    return (cp >= 0x01 && cp < 0x250) || (cp >= 0x1E00 && cp < 0x1F00) ||
           (cp >= 0x2002 && cp < 0x2070) || (cp >= 0x20A0 && cp < 0x20D0);
}

/* True when the text is valid UTF-8 made only of NFC-stable code points, so already NFC;
 * otherwise utf8proc decides (and reports what is invalid). */
static bool already_nfc(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t n = vb_utf8_decode(u + off, len - off, &cp);
        if (n == 0 || !vb_nfc_stable(cp))
            return false;
        off += n;
    }
    return true;
}

char *vb_text_nfc(vb_arena *a, const char *s, size_t len, size_t *bad_offset)
{
    if (already_nfc(s, len)) {
        char *copy = vb_arena_strndup(a, s, len);
        if (!copy && bad_offset)
            *bad_offset = SIZE_MAX;
        return copy;
    }
    for (size_t off = 0; off < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
                                              (utf8proc_ssize_t)(len - off), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = off;
            return NULL;
        }
        off += (size_t)n;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    char *copy = n >= 0 ? vb_arena_strndup(a, (const char *)mapped, (size_t)n) : vb_arena_fail(a);
    free(mapped);
    if (!copy && bad_offset)
        *bad_offset = SIZE_MAX; /* valid text, but memory ran out */
    return copy;
}

/* Vietnamese-aware upper case: every code point through utf8proc_toupper, then NFC again. */
char *prep_upper(vb_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    /* A code point's upper case takes at most 3 bytes where the lower case took 2. */
    char *buf = vb_arena_alloc(a, len * 2 + 1);
    if (!buf)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = vb_utf8_next((const unsigned char *)s + i, len - i, &used);
        i += used;
        out += prep_encode_cp((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp), buf + out);
    }
    size_t bad;
    return vb_text_nfc(a, buf, out, &bad);
}

bool prep_clean_nfc(const char *s, size_t len)
{
    /* One pass: whitespace that collapsing would change, and code points NFC could change. */
    const unsigned char *u = (const unsigned char *)s;
    unsigned char previous = ' ';
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            /* Above the space, the common case, nothing more to test. */
            if (c <= ' ' && (c == 0 || c == '\t' || c == '\r' || c == '\n' ||
                             (c == ' ' && previous == ' ')))
                return false;
            previous = c;
            i++;
            continue;
        }
        previous = c;
        /* Vietnamese letters, tested without decoding: U+0080 to U+023F and U+1E00 to U+1EFF
         * are NFC-stable whatever their last bytes. */
        if (c >= 0xC2 && c <= 0xC8 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (c == 0xE1 && i + 2 < len && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB &&
            (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(u + i, len - i, &cp);
        if (n == 0 || !vb_nfc_stable(cp))
            return false;
        i += n;
    }
    return previous != ' ' || len == 0;
}

/* In place; returns the new length. A run of white space becomes one space or, holding a line
 * break where lines are kept, one "\n"; none is left at either end. */
static size_t collapse(char *s, bool keep_lines)
{
    size_t w = 0;
    char pending = 0;
    for (size_t r = 0; s[r]; r++) {
        char c = s[r];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (w > 0 && pending != '\n')
                pending = keep_lines && c == '\n' ? '\n' : ' ';
            continue;
        }
        if (pending)
            s[w++] = pending;
        pending = 0;
        s[w++] = c;
    }
    s[w] = 0;
    return w;
}

/* YAML block scalars bring line breaks and indentation: where a field is one line, the loader
 * has refused a break the clerk meant. */
size_t prep_collapse_whitespace(char *s)
{
    return collapse(s, false);
}

size_t prep_collapse_keeping_lines(char *s)
{
    return collapse(s, true);
}
