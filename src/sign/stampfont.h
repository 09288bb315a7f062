/* The stamp's own embedded font (stampfont.c), for text the document's subsets cannot draw. */
#ifndef VB_SIGN_STAMPFONT_H
#define VB_SIGN_STAMPFONT_H
#include <stdint.h>

#include "fonts/fonts.h"
#include "sign/update.h"

/* A stamp is a line or a few: a copy mark, a number, a day. */
#define VB_STAMP_MAX_CHARS 256

typedef struct {
    vb_style style;
    uint32_t cps[VB_STAMP_MAX_CHARS]; /* distinct, in order of first use */
    uint16_t gids[VB_STAMP_MAX_CHARS]; /* their glyphs in the subset */
    int widths[VB_STAMP_MAX_CHARS];   /* 1/1000 em */
    size_t n;
    long units;                       /* the text's width in 1/1000 em, one line */
    unsigned char *ttf;               /* the subset, malloc'd */
    size_t ttf_len;
    vb_font_pdf_info info;
    char name[64];                    /* PostScript name */
    unsigned type0, cid, descriptor, file, to_unicode; /* object numbers */
} vb_stamp_font;

/* The subset of the family in font_dir (NULL: the one vanban renders with by default) for text,
 * italic or regular; text's codes into hex ('\n' kept, NUL-ended); five object numbers taken
 * from *next. 0, or -1 after reporting (a character no font has is named). */
int vb_stamp_font_prepare(vb_stamp_font *sf, const char *font_dir, bool italic, const char *text,
                          vb_buf *hex, unsigned *next, vb_diagnostics *diag);
void vb_stamp_font_write(vb_update *u, const vb_stamp_font *sf);
void vb_stamp_font_free(vb_stamp_font *sf);

#endif
