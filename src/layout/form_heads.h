/* The parts of two Phụ lục III forms that other documents lack: a công điện's "… điện:" block
 * (mẫu 1.6) and a copy's own block after the copied document (mẫu 3.x). */
#ifndef VB_FORM_HEADS_H
#define VB_FORM_HEADS_H
#include "layout/decree_page.h"

/* "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:" and the "- …;" recipients, as body lines under the
 * trích yếu. Nothing for other types. */
void vb_form_cable(vb_decree_page *D);
/* The copy block: a full-width rule, the copying body, SAO Y / SAO LỤC / TRÍCH SAO, its Số and
 * date, then its Nơi nhận and signature. Nothing when the document is not a copy. */
void vb_form_copy(vb_decree_page *D);

#endif
