/* How the backend writes PDF tokens: numbers without printf, hex digits, literal strings. */
#ifndef VB_PDF_SYNTAX_H
#define VB_PDF_SYNTAX_H
#include "common/buf.h"

#include <stdbool.h>

/* v / 10^decimals as a PDF number: "-12.5", "841.89", "0", "14". No exponent, no locale. */
void vb_pdf_put_fixed(vb_buf *b, long long v, int decimals);
void vb_pdf_put_int(vb_buf *b, long long v);
/* v as exactly digits upper-case hexadecimal digits. */
void vb_pdf_put_hex(vb_buf *b, unsigned v, int digits);

/* Bytes a literal string would have to escape: ( ) \ and CR (read as a line end). */
static inline bool vb_pdf_needs_escape(unsigned c)
{
    return c == '(' || c == ')' || c == '\\' || c == '\r';
}

/* len bytes as a PDF literal string, escaped: "(a\\(b\\))". */
void vb_pdf_put_literal(vb_buf *b, const char *bytes, size_t len);

/* A text string as a PDF literal: as it is when it is printable ASCII (PDFDocEncoding), else
 * UTF-16BE with a byte order mark. */
void vb_pdf_put_text_string(vb_buf *b, const char *utf8);

#endif
