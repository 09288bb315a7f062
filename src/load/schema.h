/* The content format, declared once: every key, its type, whether it is required, its range and
 * its help text. The loader reads its key lists, required checks, ranges and suggestions from
 * here; documentation and a JSON Schema can be generated from the same tables. */
#ifndef VB_SCHEMA_H
#define VB_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

typedef enum {
    VB_FIELD_TEXT,      /* one text */
    VB_FIELD_LINES,     /* one text or a list of texts, one a line */
    VB_FIELD_DOC_TYPE,  /* a slug of model/doctype.c's vb_doc_types */
    VB_FIELD_INTEGER,   /* a whole number in [min, max], or blank */
    VB_FIELD_DATE,      /* an existing date written YYYY-MM-DD */
    VB_FIELD_MEASURE,   /* a decimal ("12.7" or "12,7") in [min, max] */
    VB_FIELD_CHOICE,    /* one of choices */
    VB_FIELD_FOLDER,    /* a folder, relative to the content file's */
    VB_FIELD_GROUP,     /* a mapping of the keys in group */
    VB_FIELD_BLOCKS,    /* a list of blocks, each a mapping of vb_schema_block's keys or a text */
    VB_FIELD_FOOTNOTES, /* a mapping from footnote id to a text or a list of texts */
    VB_FIELD_LEVEL,     /* the key that gives a block its level; its value is the block's text */
    VB_FIELD_DRAFT,     /* du_thao: "có", or the draft's round, a whole number in [min, max] */
    VB_FIELD_BOOL,      /* true or false (load/table.c) */
    VB_FIELD_TABLE,     /* bang: a mapping of vb_schema_table's keys, a block of its own */
    VB_FIELD_COLUMNS,   /* cot: a list of columns, each a width or a mapping of group's keys */
    VB_FIELD_ROWS,      /* dau, dong: a list of rows, each a list of cells or a mapping of group's */
    VB_FIELD_CELLS,     /* o, tong: a list of cells, each a text or a mapping of group's keys */
    VB_FIELD_APPENDICES, /* a list of mappings of vb_schema_appendix's keys (phu_luc) */
} vb_field_type;

typedef struct {
    const char *value; /* as written in the content */
    const char *help;  /* what it means, in Vietnamese */
    int code;          /* the model's value for it */
} vb_choice;

/* When a block of a given level is a title line rather than a numbered paragraph. */
typedef enum {
    VB_HEADING_ALWAYS,        /* phần, chương, mục: dang cannot change it */
    VB_HEADING_BY_DEFAULT,    /* điều: a title unless dang: doan */
    VB_HEADING_WITH_CHILDREN, /* khoản and below: a title when it has noi_dung under it */
} vb_heading_rule;

struct vb_field_group;

typedef struct {
    const char *key;
    vb_field_type type;
    bool required;
    const char *required_with; /* also required when this sibling key has a value */
    const char *help;          /* what the value is, in Vietnamese; quoted when it is missing */
    const char *wanted;        /* the value's form in "cần …" messages; NULL: from the type */
    double min, max, fallback; /* VB_FIELD_INTEGER, VB_FIELD_MEASURE */
    const char *range;         /* [min, max] as the Decree writes it */
    const vb_choice *choices;  /* VB_FIELD_CHOICE */
    size_t nchoices;
    const struct vb_field_group *group; /* VB_FIELD_GROUP */
    vb_node_kind kind;                  /* VB_FIELD_LEVEL */
    vb_heading_rule heading;            /* VB_FIELD_LEVEL */
    bool empty_list_ok;                 /* VB_FIELD_LINES: [] is allowed even when required */
    bool or_list; /* GROUP: a list of such groups too (several signers); CHOICE: the lines
                     themselves too, each opening with a value and ".": "TL. CHỦ TỊCH" */
    bool line_breaks; /* VB_FIELD_TEXT: a list, or a line break, gives lines ("\n" between them) */
    unsigned part; /* VB_PART_*: a required key of a part some forms lack (vb_doc_type.may_lack),
                      not required for those */
    bool inline_marks; /* **đậm**, *nghiêng* and footnote calls [^id] are read, not printed */
    bool clerk_marks;  /* VB_FIELD_LINES: the "- " and ";" vanban adds may be typed too; a line
                          with nothing else is skipped, with a warning */
    size_t offset; /* of the value in the struct the group fills, for TEXT, LINES, MEASURE */
} vb_field;

typedef struct vb_field_group {
    const char *name;   /* "nguoi_ky"; "" for the document itself */
    const char *where;  /* " trong nguoi_ky", for messages; "" at the top */
    const char *wanted; /* the group in "cần …" messages; NULL: "một nhóm khóa (its keys)" */
    const vb_field *fields;
    size_t count;
} vb_field_group;

extern const vb_field_group vb_schema_document;     /* the top-level keys */
extern const vb_field_group vb_schema_signer;       /* nguoi_ky */
extern const vb_field_group vb_schema_presentation; /* trinh_bay */
extern const vb_field_group vb_schema_block;        /* a block of noi_dung */
extern const vb_field_group vb_schema_copy;         /* ban_sao */
extern const vb_field_group vb_schema_table;        /* bang */
extern const vb_field_group vb_schema_table_column; /* a column of bang's cot */
extern const vb_field_group vb_schema_table_row;    /* a row of bang's dau or dong */
extern const vb_field_group vb_schema_table_cell;   /* a cell of a row */
extern const vb_field_group vb_schema_appendix;     /* an appendix of phu_luc */

/* The field of group with this key, or NULL. */
const vb_field *vb_schema_find(const vb_field_group *group, const char *key);

#endif
