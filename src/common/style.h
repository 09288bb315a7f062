/* The four styles of a Times New Roman family: a bit set (bold, italic) that is also the index
 * of the style's font, so that inline marks, layout and the PDF backend speak of one thing. */
#ifndef VB_STYLE_H
#define VB_STYLE_H

typedef enum {
    VB_STYLE_REGULAR = 0,
    VB_STYLE_BOLD = 1,
    VB_STYLE_ITALIC = 2,
    VB_STYLE_BOLD_ITALIC = VB_STYLE_BOLD | VB_STYLE_ITALIC,
} vb_style;

enum { VB_STYLE_COUNT = 4 };

#endif
