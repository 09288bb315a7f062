/* The signature blocks (box 7): one signer right of the Quốc hiệu's centre, or several in rows
 * of two, role above, room for signature and seal, name below. */
#ifndef VB_SIGNATURE_H
#define VB_SIGNATURE_H
#include "layout/decree_page.h"

/* The one signer's block, baseline 0 = its first title line, into *texts; returns its lowest
 * point. */
double vb_signature_single(vb_decree_page *D, vb_text_vec *texts);
/* Several signers: their rows as entries of the body, each row whole on a page; returns how
 * far the last row reaches below its baseline. */
double vb_signature_rows(vb_decree_page *D);
/* The space_before of an entry with ascent top under one reaching depth, gap between them. */
double vb_signature_space_after(vb_decree_page *D, double depth, double top, double gap);

#endif
