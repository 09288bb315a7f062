/* The marks under the Số line: DỰ THẢO, the secrecy mark (box 10a), the urgency mark (box 10b). */
#ifndef VB_LAYOUT_MARKS_H
#define VB_LAYOUT_MARKS_H
#include "layout/decree_page.h"

/* The document's marks, boxed, one under the other, centred on the left column under *y_last
 * (a baseline) less *depth; both come back as the last box's bottom. Nothing without marks. */
void vb_decree_marks(vb_decree_page *D, double *y_last, double *depth);

#endif
