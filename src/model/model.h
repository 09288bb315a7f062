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

/* How many kinds there are: the size of an array indexed by kind. */
#define VB_NODE_KINDS (VB_NODE_TABLE + 1)

#include "model/table.h"

typedef struct vb_node {
    vb_node_kind kind;
    vb_pos pos;           /* position of the node's mapping (or scalar, for a paragraph) */
    vb_str text;          /* heading title or paragraph text, raw with inline marks */
    bool heading;         /* true: a title line (bold for parts..items); false: a numbered
                             paragraph whose text flows after the label */
    struct vb_node *children;
    size_t nchildren;
    bool centred;         /* giua: a paragraph centred, without first-line indent */
    bool number_style_given; /* kieu_so: the label's style is number_style, whatever the text's */
    vb_style number_style;

    /* prepared */
    const char *label;    /* "I.", "1.", "1.1.", "a)", "-", "+", "PHẦN THỨ NHẤT", "Điều 3."...;
                             NULL for VB_NODE_PARAGRAPH */
    vb_rich rich;         /* the text as runs */
    vb_style label_style; /* kieu_so when given, else the style of a bold or italic run that
                             starts the text ("**Chủ trì:** …" gives a bold "1."), else regular;
                             layout adds the level's own style unless kieu_so was given */
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
    vb_str_list on_behalf; /* thay_mat, the line(s) after the prefix: "ỦY BAN NHÂN DÂN" (TM.),
                              "CHỦ TỊCH" (KT.); a list or a newline gives lines */
    vb_str deputy_for;  /* ky_thay, with TM, TL or TUQ: "CHỦ TỊCH" gives the line "KT. CHỦ TỊCH"
                           when a deputy signs for the one who holds the authority */
    vb_str_list chain;  /* tham_quyen written as the lines themselves, each with its prefix:
                           "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG" (then no thay_mat, ky_thay) */
    vb_str_list position; /* chuc_vu: "CHỦ TỊCH", "PHÓ CHỦ TỊCH"; a list or a newline gives lines */
    vb_str_list name;   /* ho_ten: "Hà Minh Phú"; lines, e.g. a rank over the name */
    vb_str_list position_below; /* chuc_vu_duoi_ten: printed under the name, as typed */
    int side;           /* vi_tri: VB_SIDE_* */
    vb_pos pos;
    /* prepared: the upper-case bold lines of the block, e.g. {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}
     * or {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} */
    const char **title_lines;
    size_t ntitle_lines;
    const char **name_lines;  /* ho_ten's lines, then chuc_vu_duoi_ten's, as typed (NFC) */
    size_t nname_lines;
} vb_signer;

/* Where a signer's block goes among several: the writer's order unless vi_tri says. */
enum { VB_SIDE_ANY, VB_SIDE_LEFT, VB_SIDE_RIGHT };

/* ---- Presentation (trinh_bay): all inside the Decree's ranges, checked by the loader ---- */

typedef enum {
    VB_NUMBERING_PHAN_THU, /* "PHẦN THỨ NHẤT", "PHẦN THỨ HAI" (common in commune reports) */
    VB_NUMBERING_ROMAN,    /* "Phần I", "Phần II" (the Decree's own form) */
} vb_numbering_style;

typedef struct {
    double font_size;     /* body, 13–14; default 14 */
    double line_spacing;  /* multiple of the font's single line height, 1.0–1.5; default 1.1:
                             issued documents set 14 pt on a 6.25 mm pitch (median of nine) */
    double para_spacing;  /* points between paragraphs, 6–12; default 6 */
    double indent_mm;     /* first-line indent, 10–12.7 mm; default 12.7 */
    /* mm: top and bottom 20–25, left 30–35, right 15–20; defaults 20, 20, 30, 20 (right 20 as
     * in 8 of 9 issued documents measured) */
    double margin_top, margin_bottom, margin_left, margin_right;
    vb_numbering_style numbering;
    const char *font_dir; /* phong_chu: NULL = engine default */
    vb_pos font_dir_pos;
} vb_presentation;

/* ---- Marks above the text: secrecy (ô 10a), urgency (ô 10b), draft ---- */

typedef enum { VB_SECRECY_NONE, VB_SECRECY_MAT, VB_SECRECY_TOI_MAT, VB_SECRECY_TUYET_MAT } vb_secrecy;
typedef enum { VB_URGENCY_NONE, VB_URGENCY_KHAN, VB_URGENCY_THUONG_KHAN, VB_URGENCY_HOA_TOC } vb_urgency;

typedef struct {
    int secrecy;        /* do_mat: a vb_secrecy (the schema's choice code) */
    int urgency;        /* do_khan: a vb_urgency */
    int draft;          /* du_thao: 0 none, VB_DRAFT_UNNUMBERED "DỰ THẢO", N > 0 "DỰ THẢO LẦN N" */
} vb_marks;

#define VB_DRAFT_UNNUMBERED (-1)

/* ---- A copy (bản sao, Phụ lục III mẫu 3.x): its own block after the copied document ---- */

typedef enum {
    VB_COPY_SAO_Y = 1, /* "SAO Y", ký hiệu SY */
    VB_COPY_SAO_LUC,   /* "SAO LỤC", ký hiệu SL */
    VB_COPY_TRICH_SAO, /* "TRÍCH SAO", ký hiệu TS */
} vb_copy_form;

typedef struct {
    int form;                  /* hinh_thuc: a vb_copy_form */
    vb_pos pos;                /* of the ban_sao mapping */
    vb_str_list parent_body;   /* co_quan_chu_quan of the copying body */
    vb_str_list issuing_body;  /* co_quan: the body that makes the copy */
    long number;               /* so: 0 = left blank */
    vb_pos number_pos;
    vb_str symbol;             /* ky_hieu: "UBND" gives "Số: 15/SY-UBND" */
    vb_str place;              /* dia_danh */
    int year, month, day;      /* ngay */
    vb_pos date_pos;
    vb_str_list distribution;  /* noi_nhan */
    vb_str archive;            /* luu: "VT" by default */
    vb_signer signer;          /* nguoi_ky */
    /* prepared */
    const char *form_line;     /* "SAO Y" */
    const char *number_line;   /* "Số: 15/SY-UBND" */
    const char *date_line;     /* "Lâm Đồng, ngày 05 tháng 3 năm 2024" */
    const char **distribution_lines;
    size_t ndistribution_lines;
} vb_copy;
/* ---- How the legal bases are set (kieu_can_cu) ---- */

typedef enum {
    VB_BASIS_ITALIC,     /* nghieng: a decision's bases, italic, one a line, the last ending "." */
    VB_BASIS_PARAGRAPHS, /* doan: upright body paragraphs "Căn cứ …;", as a kế hoạch writes them */
    VB_BASIS_JOINED,     /* gop: one upright paragraph "Căn cứ A; B; C;", as a tờ trình does */
} vb_basis_form;

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
    vb_basis_form basis_form;      /* kieu_can_cu */
    vb_node *body;                 /* noi_dung */
    size_t nbody;
    vb_footnote *footnotes;        /* chu_thich */
    size_t nfootnotes;
    vb_str_list distribution;      /* noi_nhan: recipients of copies, without "- " and ";" */
    vb_str archive;                /* luu: "VT" (default), or "VT, VP" */
    vb_signer signer;              /* nguoi_ky, or its first entry when it is a list */
    vb_signer *other_signers;      /* nguoi_ky's second and later entries: several signers */
    size_t nother_signers;
    vb_presentation presentation;  /* trinh_bay */
    vb_marks marks;                /* do_mat, do_khan, du_thao */
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
    vb_rich *distribution_rich;    /* the same lines as runs: "*(để báo cáo)*" in italics; NULL
                                      when the lines were made without (layout then sets them
                                      as plain text) */
    const char **basis_lines;      /* "Căn cứ …;" lines then "Theo đề nghị của ….", the last
                                      ending with "." */
    size_t nbasis_lines;
    vb_rich *basis_rich;           /* the same lines as runs ("(*gọi tắt là Ban Chỉ đạo*)" in
                                      italics); NULL: layout sets basis_lines as plain text */
    const char *enacting_line;     /* "QUYẾT ĐỊNH:" (quyết định), "QUYẾT NGHỊ:" (nghị quyết) */

    /* công điện (Phụ lục III mẫu 1.6): who cables, and to whom, under the trích yếu */
    vb_str cable_sender;           /* nguoi_dien: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" */
    vb_str_list cable_recipients;  /* dien_den: without "- " and ";" */
    const char *cable_sender_line; /* prepared: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:" */
    const char **cable_lines;      /* prepared: "- …;", the last "- …." */
    size_t ncable_lines;
    vb_copy *copy;                 /* ban_sao: NULL unless the document is printed as a copy */
} vb_document;

#endif
