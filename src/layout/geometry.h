/* The page's geometry: every size, distance and ratio the layout uses, in one table, each entry
 * with where it comes from (the item of Nghị định 30/2020/NĐ-CP, Phụ lục I, in the project's
 * reading, spec/nd30-rules.md; or "measured from issued documents"; or TeX's practice). */
#ifndef VB_GEOMETRY_H
#define VB_GEOMETRY_H

typedef struct {
    /* page */
    double page_width, page_height; /* pt */
    double rule_width;              /* pt, every rule drawn */

    /* letterhead, boxes 1–4 */
    double quoc_hieu_size_large; /* with body text of 14 or more */
    double quoc_hieu_size_small; /* with smaller body text */
    double motto_size_step;      /* Tiêu ngữ and date this much larger than the Quốc hiệu */
    double column_gap;           /* added to the right column's widest line */
    double right_column_max;     /* of the text width */
    double column_side_room;     /* the left column's text keeps this far from its edges */
    double letterhead_rule_drop; /* rule this far below the last line's descender */
    double issuer_rule_ratio;    /* rule under the issuing body, of its last line */
    double number_size;          /* Số */
    double number_drop;          /* Số line's ascender this far under the letterhead's rules */
    double number_blank_mm;      /* a number left blank: "Số:" to "/" */
    double day_blank_mm;         /* a day (or month) left blank: "ngày" to "tháng" */

    /* title block, box 5 */
    double cv_summary_size;      /* V/v of a công văn */
    double cv_summary_gap;       /* V/v under the Số line */
    double type_name_gap;        /* type name's ascender under the Số line's descender */
    double summary_width_ratio;  /* trích yếu's widest line, of the text width */
    double summary_rule_drop;    /* rule under the trích yếu's descender */
    double summary_rule_ratio;   /* rule under the trích yếu, of its widest line */
    double summary_rule_depth;   /* the rule's own depth, counted below it */
    double summary_note_gap;     /* ghi chú's ascender under the rule */
    double body_gap_p1;          /* body's top under the head's last descender */
    double min_body_share;       /* of the text height: a head leaving page 1 less is refused */

    /* marks under the Số line: draft, secrecy (box 10a), urgency (box 10b) */
    double mark_size;          /* the mark's text, bold capitals */
    double mark_height_mm;     /* every mark's box */
    double mark_pad_mm;        /* text at least this far from the box's sides */
    double mark_gap;           /* the first box's top under the Số line's (or V/v's) descender */
    double mark_spacing_mm;    /* between two boxes */
    double secrecy_inset_mm;   /* a secrecy mark's second border, inside the first */
    double urgency_width_mm[4];  /* by vb_urgency: none, KHẨN, THƯỢNG KHẨN, HỎA TỐC */
    double secrecy_width_mm[4];  /* by vb_secrecy: none, MẬT, TỐI MẬT, TUYỆT MẬT */

    /* body, box 6 */
    double heading_width_ratio;  /* centred headings, Kính gửi, issuing authority: widest line */
    double heading_space_factor; /* a Phần or Chương heading: paragraph spacing times this */
    double after_recipients;     /* extra space under Kính gửi */

    /* last part, boxes 7 and 9b */
    double signature_room_mm;    /* between position and name */
    double signature_offset_mm;  /* signature block's centre right of the Quốc hiệu's */
    double signer_row_gap_lines; /* several signers: body lines between rows */
    double noi_nhan_head_size;
    double noi_nhan_item_size;
    double noi_nhan_gap;           /* Nơi nhận column ends this far left of the signature */
    double noi_nhan_min_ratio;     /* Nơi nhận column at least this much of the text width */
    double closing_max_ratio;      /* the closing block at most this much of the text height */
    double closing_space_extra;    /* above the closing block, added to paragraph spacing */

    /* footnotes */
    double footnote_size;
    double footnote_indent;  /* first line of a note, pt */
    double marker_scale;     /* footnote call "(1)": this much of the text size... */
    double marker_rise;      /* ...raised by this much of it */
    double foot_sep;         /* room for the rule above the notes */
    double foot_rule_gap;    /* the rule above the first note line's ascender */
    double foot_rule_ratio;  /* the rule's length, of the text width */
    int foot_body_reserve_lines; /* a continued note leaves the body this many lines */
    int note_min_start_lines;    /* a split note starts with this many lines */

    /* tables (bang) */
    double table_pad_x_mm;      /* cell text this far from the left and right rules */
    double table_pad_y;         /* pt, above a row's first line and under its last */
    double table_rule_width;    /* pt, every rule of a table */
    double table_shade_gray;    /* a shaded row's fill, 0 black .. 1 white */
    double table_min_size;      /* a table that may shrink goes down to this size */
    double table_size_step;     /* trying sizes this much apart */
    int table_centre_max_lines; /* cells centred vertically in rows of at most this many lines,
                                   set from the top in taller ones */

    /* justification */
    double glue_stretch_divisor; /* a space may stretch by its width over this */
    double glue_shrink_divisor;  /* and shrink by its width over this */
    double piece_penalty;        /* cost of breaking inside an over-long word */
    double balance_precision;    /* pt: balanced centred lines stop narrowing at this */
    int balance_iterations;   /* at most this many narrowing steps */

    /* appendices (phụ lục) */
    double landscape_margin_mm;  /* every side of a landscape appendix page */
    double appendix_body_gap;    /* under the "(Kèm theo …)" line, above the first block */
} vb_geometry;

/* The one table. */
extern const vb_geometry vb_nd30;

#endif
