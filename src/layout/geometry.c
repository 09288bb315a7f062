/* The page's geometry table: each number with its source (see geometry.h for what it means). */
#include "layout/geometry.h"

/* "PL I" is Phụ lục I of Nghị định 30/2020/NĐ-CP, the box numbers those of nd30-rules.md. */
const vb_geometry vb_nd30 = {
    .page_width = 595.2756,  /* PL I, Page: A4, 210 mm */
    .page_height = 841.8898, /* PL I, Page: A4, 297 mm */
    .rule_width = 0.5,       /* PL I only says "solid line"; measured from issued documents */

    .quoc_hieu_size_large = 13, /* PL I, box 1: Quốc hiệu 13 goes with Tiêu ngữ and date 14 */
    .quoc_hieu_size_small = 12, /* PL I, box 1: Quốc hiệu 12 goes with Tiêu ngữ and date 13 */
    .motto_size_step = 1,       /* PL I, box 1: Tiêu ngữ 13–14 against Quốc hiệu 12–13 */
    .column_gap = 12,           /* measured from issued documents */
    .right_column_max = 0.66,   /* measured from issued documents */
    .column_side_room = 4,      /* measured from issued documents */
    .letterhead_rule_drop = 1.5, /* PL I, boxes 1–2: a line under; distance measured */
    .issuer_rule_ratio = 0.4,   /* PL I, box 2: 1/3–1/2 of the name */
    .number_size = 13,          /* PL I, box 3: 13 */
    .number_drop = 8,           /* measured from issued documents */
    /* The blanks the văn thư fills (or vanban sign stamps): the gaps between the ink on either
     * side, measured on real-docs 01, 04, 05, 06 and 08 at 80 dpi: 13.0, 13.0, 12.7, 11.7 and
     * 15.2 mm before "/"; 8.3, 8.3, 10.2, 9.2 and 10.5 mm between "ngày" and "tháng". */
    .number_blank_mm = 13,
    .day_blank_mm = 9,

    .cv_summary_size = 12,      /* PL I, box 5b: 12–13 */
    .cv_summary_gap = 6,        /* PL I, box 5b: 6 pt after the Số line */
    .type_name_gap = 20,        /* measured from issued documents */
    .summary_width_ratio = 0.92, /* measured from issued documents */
    .summary_rule_drop = 5,     /* clear of the descenders: measured from issued documents */
    .summary_rule_ratio = 0.34, /* PL I, box 5a: 1/3–1/2 of the trích yếu; issued documents
                                   draw 29–49 mm, near 1/3 (just above, never under it) */
    .summary_rule_depth = 1,    /* measured from issued documents */
    .summary_note_gap = 6,      /* measured from issued documents */
    .body_gap_p1 = 14,          /* measured from issued documents */
    .min_body_share = 0.25,     /* vanban's own: a trích yếu of a page is a slip */

    .mark_size = 13,            /* PL I, II.13: 13–14 bold; TT 24/2020/TT-BCA: secrecy 13 */
    .mark_height_mm = 8,        /* PL I, II.13b: urgency 8 mm high; TT 24/2020: secrecy too */
    .mark_pad_mm = 2,           /* TT 24/2020/TT-BCA: text 2 mm from the outer border */
    .mark_gap = 6,              /* vanban's own, as 5b's 6 pt under the Số line */
    .mark_spacing_mm = 2,       /* vanban's own: boxes 10a and 10b one under the other */
    .secrecy_inset_mm = 1,      /* TT 24/2020/TT-BCA: two borders 1 mm apart */
    .urgency_width_mm = {0, 20, 40, 30}, /* PL I, II.13b: KHẨN 20, THƯỢNG KHẨN 40, HỎA TỐC 30 */
    .secrecy_width_mm = {0, 20, 30, 40}, /* TT 24/2020/TT-BCA: TỐI MẬT 30, TUYỆT MẬT 40; MẬT 20
                                            as the series goes */

    .heading_width_ratio = 0.9,  /* measured from issued documents */
    .heading_space_factor = 2,   /* measured from issued documents */
    .after_recipients = 8,       /* PL I, box 9a; distance measured from issued documents */

    .signature_room_mm = 32,     /* PL I, box 7c: room for signature and seal; measured from
                                    issued documents: 27–36 mm, median 36 */
    .signature_offset_mm = 8,    /* PL I, box 7: centred under the Quốc hiệu by the templates;
                                    measured from issued documents: 2.5–18 mm right of it */
    .signer_row_gap_lines = 1,   /* measured from issued documents (a biên bản's signers) */
    .noi_nhan_head_size = 12,    /* PL I, box 9b: "Nơi nhận:" 12 bold italic */
    .noi_nhan_item_size = 11,    /* PL I, box 9b: recipients 11 */
    .noi_nhan_gap = 12,          /* measured from issued documents */
    .noi_nhan_min_ratio = 0.3,   /* measured from issued documents */
    .closing_max_ratio = 0.6,    /* vanban's own: past this a Nơi nhận runs on as lines */
    .closing_space_extra = 6,    /* measured from issued documents */

    .footnote_size = 10,         /* PL I, Body: not ruled; issued documents use 10 */
    .footnote_indent = 0,        /* not ruled; issued documents set notes flush left */
    .marker_scale = 0.62,        /* PL I, Body: superscript "(1)" is practice; measured */
    .marker_rise = 0.36,         /* measured from issued documents */
    .foot_sep = 10,              /* PL I, Body: notes under a short rule; measured */
    .foot_rule_gap = 4,          /* measured from issued documents */
    .foot_rule_ratio = 0.3,      /* measured from issued documents */
    .foot_body_reserve_lines = 4, /* vanban's own: a long note does not push all text away */
    .note_min_start_lines = 2,   /* vanban's own: no single line of a note alone */

    .table_pad_x_mm = 1.9,       /* Word's default cell margin 0.19 cm; measured 1.9 mm in the
                                    issued tables (real-docs 03 p4, 04 p12) */
    .table_pad_y = 0.5,          /* measured: a two-line row of 14 pt is 1 pt taller than its
                                    lines (real-docs 03 p4) */
    .table_rule_width = 0.5,     /* Word's default single border, ½ pt; measured one pixel at
                                    80 dpi in real-docs 03 and 04 */
    .table_shade_gray = 0.85,    /* Word's "Gray-15%" shading, as issued tables use */
    .table_min_size = 11,        /* issue 10: tables of 11–14 pt in the 105 tables measured */
    .table_size_step = 0.5,      /* vanban's own */
    .table_centre_max_lines = 12, /* vanban's own: issued tables centre cells vertically
                                     (real-docs 04 p12, rows of up to 9 lines); a taller row
                                     is likely cut by a page, and its number goes on top */

    .glue_stretch_divisor = 2,   /* TeX's proportions for a Times-like face */
    .glue_shrink_divisor = 3,    /* TeX's proportions for a Times-like face */
    .piece_penalty = 50,         /* vanban's own: break inside a too-long word only if needed */
    .balance_precision = 0.5,    /* vanban's own */
    .balance_iterations = 30,    /* vanban's own */

    .landscape_margin_mm = 20,   /* nd30check's rule for landscape pages (no text within 20 mm
                                    of an edge); the real PHỤ LỤC pages: 20–23 mm */
    .appendix_body_gap = 12,     /* measured from 04-ke-hoach-cchc-2026-2030-p12 */
};
