/* The marks above the text (do_mat, do_khan, du_thao): read from the content into vb_marks. */
#ifndef VB_LOAD_MARKS_H
#define VB_LOAD_MARKS_H
#include "load/loader.h"

/* do_mat and do_khan: one of the field's choices, or its printed form ("HỎA TỐC"). */
void vb_take_mark(loader *L, const vb_field *f, const tree *t, vb_document *doc);
/* du_thao: "có" for "DỰ THẢO", or the draft's round, a whole number, for "DỰ THẢO LẦN N". */
void vb_take_draft(loader *L, const vb_field *f, const tree *t, vb_document *doc);

#endif
