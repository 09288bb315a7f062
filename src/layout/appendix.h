/* An appendix's head: "PHỤ LỤC" / "Phụ lục II", its title in capitals and the "(Kèm theo …)"
 * line, centred over the appendix's own text area, as the first lines of its flow. */
#ifndef VB_LAYOUT_APPENDIX_H
#define VB_LAYOUT_APPENDIX_H
#include "layout/typeset.h"

/* Appends the head of a (prepared) to F, centred on T's text area. */
void vb_appendix_head(vb_typesetter *T, vb_flow *F, const vb_appendix *a);

#endif
