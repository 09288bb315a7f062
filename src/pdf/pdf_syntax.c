/* PDF tokens as the backend writes them: numbers without printf, hex digits, literal strings. */
#include "pdf/pdf_syntax.h"

#include <stdint.h>

#include "common/utf8.h"

void vb_pdf_put_fixed(vb_buf *b, long long v, int decimals)
{
    char tmp[40], *p = tmp + sizeof tmp;
    bool negative = v < 0;
    unsigned long long u = negative ? 0ull - (unsigned long long)v : (unsigned long long)v;
    bool digits = false; /* a fractional digit written: the point is needed */
    for (int i = 0; i < decimals; i++, u /= 10) {
        unsigned d = (unsigned)(u % 10);
        if (d || digits) {
            *--p = (char)('0' + d);
            digits = true;
        }
    }
    if (digits)
        *--p = '.';
    /* A whole number past PDF's integers (ISO 32000-1, annex C: 32 bits) is written as a real,
     * whose range (about 3.4e38) holds any long long. */
    bool beyond_integers = !digits && u > (negative ? 0x80000000ull : 0x7FFFFFFFull);
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (negative) /* never "-0": a negative v has a nonzero digit */
        *--p = '-';
    vb_buf_append(b, p, (size_t)(tmp + sizeof tmp - p));
    if (beyond_integers)
        vb_buf_append(b, ".0", 2);
}

void vb_pdf_put_int(vb_buf *b, long long v)
{
    vb_pdf_put_fixed(b, v, 0);
}

void vb_pdf_put_hex(vb_buf *b, unsigned v, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    char tmp[8];
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        tmp[i] = hex[v & 0xF];
    vb_buf_append(b, tmp, (size_t)digits);
}

static void put_string_byte(vb_buf *b, unsigned char c)
{
    char esc[2] = {'\\', (char)(c == '\r' ? 'r' : c)};
    if (vb_pdf_needs_escape(c))
        vb_buf_append(b, esc, 2);
    else
        vb_buf_append(b, &c, 1);
}

void vb_pdf_put_literal(vb_buf *b, const char *bytes, size_t len)
{
    vb_buf_append_str(b, "(");
    for (size_t i = 0; i < len; i++)
        put_string_byte(b, (unsigned char)bytes[i]);
    vb_buf_append_str(b, ")");
}

void vb_pdf_put_text_string(vb_buf *b, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t len = strlen(utf8);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = s[i] >= 0x20 && s[i] < 0x7F;
    vb_buf_append_str(b, "(");
    if (ascii) {
        for (size_t i = 0; i < len; i++)
            put_string_byte(b, s[i]);
        vb_buf_append_str(b, ")");
        return;
    }
    put_string_byte(b, 0xFE);
    put_string_byte(b, 0xFF);
    for (size_t i = 0, used; i < len; i += used) {
        uint32_t cp = vb_utf8_next(s + i, len - i, &used);
        uint16_t units[2] = {(uint16_t)cp, 0};
        int nunits = 1;
        if (cp >= 0x10000) {
            units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            nunits = 2;
        }
        for (int u = 0; u < nunits; u++) {
            put_string_byte(b, (unsigned char)(units[u] >> 8));
            put_string_byte(b, (unsigned char)units[u]);
        }
    }
    vb_buf_append_str(b, ")");
}
