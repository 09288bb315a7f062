/* An appendix (phụ lục) set after the signature block: its heading, title, "(Kèm theo …)" line
 * and blocks, on pages of its own orientation and numbering. Included by model.h. */
#ifndef VB_MODEL_APPENDIX_H
#define VB_MODEL_APPENDIX_H

typedef enum {
    VB_ORIENT_PORTRAIT,  /* huong: doc */
    VB_ORIENT_LANDSCAPE, /* huong: ngang, A4 turned: 297 × 210 mm */
} vb_orientation;

typedef enum {
    VB_APPX_PAGES_RESTART,  /* so_trang: rieng, its second page shows 2 */
    VB_APPX_PAGES_CONTINUE, /* so_trang: tiep, the document's page index goes on */
} vb_appendix_numbering;

typedef struct {
    vb_pos pos;                      /* the appendix's mapping */
    vb_str title;                    /* tieu_de, printed in capitals */
    vb_str type_name;                /* ten_loai: an attached text's own type ("DANH SÁCH",
                                        "QUY CHẾ") heads it instead of "PHỤ LỤC" */
    vb_orientation orientation;      /* huong */
    vb_appendix_numbering numbering; /* so_trang */
    bool letterhead;                 /* quoc_hieu: true, an attached text repeats boxes 1–2 */
    vb_str attached;                 /* kem_theo: the whole "(Kèm theo …)" line, when given */
    struct vb_node *body;            /* noi_dung, blocks as the document's */
    size_t nbody;

    /* prepared */
    const char *heading;       /* "PHỤ LỤC" alone, "Phụ lục I", "Phụ lục II" when several; the
                                  type name in capitals for an attached text */
    const char *title_line;    /* the title as printed: in capitals under "PHỤ LỤC", as written
                                  under a type name (a trích yếu) */
    const char *attached_line; /* "(Kèm theo Kế hoạch số      /KH-UBND ngày … của …)" */
    bool own_type;             /* headed by its type name: numbered with the main text */
} vb_appendix;

/* s with every run of two or more spaces made of no-break spaces, in a (NULL when out of
 * memory). */
struct vb_arena;
char *vb_appendix_keep_blanks(struct vb_arena *a, const char *s);

#endif
