/* An incremental update being written: the new object versions and where each begins. */
#ifndef VB_SIGN_UPDATE_H
#define VB_SIGN_UPDATE_H
#include "sign/sign.h"

typedef struct {
    vb_buf out; /* the whole output: the input's bytes, then the update */
    unsigned nums[32];
    size_t offsets[32];
    unsigned count;
} vb_update;

/* Records that object num starts here and writes "num 0 obj\n". */
void vb_update_begin_object(vb_update *u, unsigned num);
/* A stream object (dict without its "<<" ">>"), its data compressed when that helps. */
void vb_update_write_stream(vb_update *u, unsigned num, const char *dict,
                            const unsigned char *data, size_t len);

/* What the widget shows, and the object numbers it may use. */
typedef struct {
    double w, h;
    const vb_png *png;    /* an image, or NULL for text */
    const char *text;     /* lines; ASCII unless hex_text is set */
    const char *hex_text; /* text's codes in the document's font doc_font, '\n' between lines */
    unsigned doc_font;    /* 0: the base-14 font_name, written as font_obj */
    double text_width;    /* of a one-line text, points; 0: estimated */
    const char *font_name;
    double font_size;
    unsigned appearance_obj, image_obj, smask_obj, font_obj;
} vb_mark;

void vb_write_appearance(vb_update *u, const vb_mark *mark);

#endif
