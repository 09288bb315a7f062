/* The document model: what the content says, with the source position of every node.
 * It knows nothing of pages, fonts or PDF.
 *
 * Filled in two steps:
 *   load/      YAML -> model: raw UTF-8 strings exactly as written (vb_str.text), positions,
 *              presentation settings, all validated against the format.
 *   prepare/   (text preparation and numbering) normalises every string to NFC in place,
 *              parses inline marks into vb_rich runs, numbers footnotes in order of first
 *              reference, generates every label ("PHẦN THỨ NHẤT", "I.", "1.", "1.1.", "a)", "-",
 *              "+"), and builds the generated lines (Số, date line, Nơi nhận, căn cứ, signature).
 * Layout reads only prepared fields. Every text field is listed once more, in walk.c, for the
 * passes that must see them all: a field added here is added there. */
#ifndef VB_MODEL_H
#define VB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/style.h"

typedef struct { int line, col; } vb_pos; /* 1-based; {0,0} = not given */

typedef struct {
    char *text; /* UTF-8; NULL when the field is absent */
    vb_pos pos; /* where the scalar starts in the YAML file */
} vb_str;

typedef struct {
    vb_str *items;
    size_t count;
} vb_str_list;

/* ---- Inline text after preparation ---- */


typedef struct {
    const char *text;  /* NFC UTF-8, never NULL for a text run; marks removed */
    vb_style style;
    int footnote;      /* > 0: this run is a footnote call with that number (text is "(N)") */
} vb_run;

typedef struct {
    vb_run *runs;
    size_t count;
} vb_rich;

/* ---- Document type (Phụ lục III) ---- */

/* Parts of page 1 and of the closing block that some forms of Phụ lục III go without. */
enum {
    VB_PART_SUMMARY = 1u << 0,      /* trích yếu (giấy mời, giấy giới thiệu, giấy nghỉ phép…) */
    VB_PART_NUMBER = 1u << 1,       /* the Số line (a biên bản may have none) */
    VB_PART_DATE = 1u << 2,         /* the place-and-date line */
    VB_PART_DISTRIBUTION = 1u << 3, /* Nơi nhận */
};

typedef struct {
    const char *slug;       /* content key value: "bao-cao", "quyet-dinh", "cong-van", ... */
    const char *name_upper; /* "BÁO CÁO"; NULL for công văn (no type name) */
    const char *name_lower; /* "báo cáo", for the PDF title */
    const char *abbr;       /* "BC"; NULL for công văn */
    const char *enacting;   /* the line opening a decision's articles: "QUYẾT ĐỊNH:"; NULL for
                               types without one */
    unsigned may_lack;      /* VB_PART_*: the parts this form may go without, so that their keys
                               are not required for it */
} vb_doc_type;

extern const vb_doc_type vb_doc_types[];
extern const size_t vb_doc_type_count;
const vb_doc_type *vb_doc_type_find(const char *slug);

/* ---- Body tree ---- */

typedef enum {
    VB_NODE_PARAGRAPH, /* plain paragraph, no number */
    VB_NODE_PART,      /* phan:    "PHẦN THỨ NHẤT" / "Phần I" + TITLE, centred */
    VB_NODE_CHAPTER,   /* chuong:  "Chương I" + TITLE, centred */
    VB_NODE_SECTION,   /* muc:     "I. TITLE" (reports) / "Mục 1" + TITLE (under a chương) */
    VB_NODE_ARTICLE,   /* dieu:    "Điều 1. Title" */
    VB_NODE_ITEM,      /* khoan:   "1." */
    VB_NODE_SUBITEM,   /* tieu_khoan: "1.1." (number of the parent item + own) */
    VB_NODE_POINT,     /* diem:    "a)" in Vietnamese alphabet order */
    VB_NODE_DASH,      /* gach:    "-" */
    VB_NODE_PLUS,      /* cong:    "+" */
    VB_NODE_TABLE,     /* bang:    a table (model/table.h); no text, no label, no children */
} vb_node_kind;

#include "model/table.h"

typedef struct vb_node {
    vb_node_kind kind;
    vb_pos pos;           /* position of the node's mapping (or scalar, for a paragraph) */
    vb_str text;          /* heading title or paragraph text, raw with inline marks */
    bool heading;         /* true: a title line (bold for parts..items); false: a numbered
                             paragraph whose text flows after the label */
    struct vb_node *children;
    size_t nchildren;

    /* prepared */
    const char *label;    /* "I.", "1.", "1.1.", "a)", "-", "+", "PHẦN THỨ NHẤT", "Điều 3."...;
                             NULL for VB_NODE_PARAGRAPH */
    vb_rich rich;         /* the text as runs */
    vb_table *table;      /* VB_NODE_TABLE only */
} vb_node;

#include "model/appendix.h"

/* ---- Footnotes ---- */

typedef struct {
    vb_str id;               /* as referenced in text: [^id] */
    vb_str *paragraphs;      /* one or more paragraphs, raw */
    size_t nparagraphs;
    /* prepared */
    int number;              /* 1.. in order of first reference; 0 = never referenced */
    vb_rich *rich;           /* nparagraphs prepared paragraphs */
} vb_footnote;

/* ---- Signature block (ô 7a, 7b) ---- */

typedef struct {
    vb_str capacity;    /* tham_quyen, in which capacity the signer signs: "TM", "KT", "Q", "TL",
                           "TUQ" (without the dot) or absent */
    vb_str on_behalf;   /* the line after the prefix: "ỦY BAN NHÂN DÂN" (TM.), "CHỦ TỊCH" (KT.) */
    vb_str deputy_for;  /* ky_thay, with TM only: "CHỦ TỊCH" gives the middle line "KT. CHỦ TỊCH"
                           when a deputy signs on behalf of a collective body */
    vb_str position;    /* "CHỦ TỊCH", "PHÓ CHỦ TỊCH" */
    vb_str name;        /* "Hà Minh Phú" */
    vb_pos pos;
    /* prepared: the upper-case bold lines of the block, e.g. {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}
     * or {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} */
    const char **title_lines;
    size_t ntitle_lines;
} vb_signer;

/* ---- Presentation (trinh_bay): all inside the Decree's ranges, checked by the loader ---- */

typedef enum {
    VB_NUMBERING_PHAN_THU, /* "PHẦN THỨ NHẤT", "PHẦN THỨ HAI" (common in commune reports) */
    VB_NUMBERING_ROMAN,    /* "Phần I", "Phần II" (the Decree's own form) */
} vb_numbering_style;

typedef struct {
    double font_size;     /* body, 13–14; default 14 */
    double line_spacing;  /* multiple of the font's single line height, 1.0–1.5; default 1.0 */
    double para_spacing;  /* points between paragraphs, 6–12; default 6 */
    double indent_mm;     /* first-line indent, 10–12.7 mm; default 12.7 */
    /* mm: top and bottom 20–25, left 30–35, right 15–20; defaults 20, 20, 30, 15 */
    double margin_top, margin_bottom, margin_left, margin_right;
    vb_numbering_style numbering;
    const char *font_dir; /* phong_chu: NULL = engine default */
    vb_pos font_dir_pos;
} vb_presentation;

/* ---- The document ---- */

typedef struct {
    const char *file;              /* for diagnostics */

    const vb_doc_type *type;
    vb_pos type_pos;

    vb_str_list parent_body;       /* co_quan_chu_quan: lines, upper case, regular */
    vb_str_list issuing_body;      /* co_quan: lines, upper case, bold */
    long number;                   /* so: 0 = left blank for the văn thư to fill in */
    vb_pos number_pos;
    vb_str symbol;                 /* ky_hieu: the issuing body's code, "UBND" (code = BC-UBND) */
    vb_str place;                  /* dia_danh */
    int year, month, day;          /* ngay, from an ISO date; checked to exist; day 0 (and
                                      month 0): left blank for the văn thư to fill in */
    vb_pos date_pos;
    vb_str summary;                /* trich_yeu (công văn: the "V/v" text without "V/v") */
    vb_str summary_note;           /* ghi_chu: italic note under the trích yếu, optional */
    vb_str_list recipients;        /* kinh_gui: optional */
    vb_str_list issuing_authority; /* tham_quyen_ban_hanh: the issuing authority of a decision,
                                      "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG", optional */
    vb_str_list legal_bases;       /* can_cu: the legal bases, "Luật Tổ chức chính quyền…" */
    vb_str proposal;               /* theo_de_nghi: "Công chức Văn phòng - Thống kê" */
    vb_node *body;                 /* noi_dung */
    size_t nbody;
    vb_footnote *footnotes;        /* chu_thich */
    size_t nfootnotes;
    vb_str_list distribution;      /* noi_nhan: recipients of copies, without "- " and ";" */
    vb_str archive;                /* luu: "VT" (default), or "VT, VP" */
    vb_signer signer;              /* nguoi_ky */
    vb_presentation presentation;  /* trinh_bay */
    vb_str issuer_name;            /* ten_co_quan: the issuing body as a sentence names it,
                                      "Ủy ban nhân dân tỉnh Lâm Đồng", for "(Kèm theo …)" */
    vb_appendix *appendices;       /* phu_luc, after the signature block */
    size_t nappendices;

    /* prepared */
    const char *number_line;       /* "Số: 476/BC-UBND", "Số: 05/UBND-VX", "Số:     /BC-UBND" */
    const char *date_line;         /* "Bình Trung, ngày 14 tháng 7 năm 2023" */
    const char *title;             /* for the PDF: "Báo cáo 476/BC-UBND: <trích yếu>" */
    vb_rich summary_rich;
    const char **distribution_lines; /* "- UBND huyện;", …, "- Lưu: VT." (with "- Như trên;"
                                        first when kinh_gui is given) */
    size_t ndistribution_lines;
    const char **basis_lines;      /* "Căn cứ …;" lines then "Theo đề nghị của ….", the last
                                      ending with "." */
    size_t nbasis_lines;
    const char *enacting_line;     /* "QUYẾT ĐỊNH:" (quyết định), "QUYẾT NGHỊ:" (nghị quyết) */
} vb_document;

#endif
