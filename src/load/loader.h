/* What the parts of the loader share: the loader's state and diagnostics, and the YAML tree. */
#ifndef VB_LOADER_H
#define VB_LOADER_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "common/diag.h"
#include "load/schema.h"
#include "model/model.h"

typedef struct {
    const char *name;
    const char *data;
    size_t len;
    vb_arena *arena;
    vb_diagnostics *diag;
    size_t errors; /* counted here: diag may be NULL or capped */
    bool out_of_memory;
} loader;

static const vb_pos no_pos = {0, 0};

__attribute__((format(printf, 3, 4))) void vb_load_error(loader *L, vb_pos pos, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void vb_load_warning(loader *L, vb_pos pos, const char *fmt,
                                                        ...);
void vb_load_out_of_memory(loader *L);
void *vb_load_alloc(loader *L, size_t count, size_t size);
char *vb_load_strndup(loader *L, const char *s, size_t n);

/* ---- The generic tree libyaml's events are turned into (yaml_tree.c) ---- */

typedef enum { TREE_SCALAR, TREE_SEQUENCE, TREE_MAPPING } tree_kind;

typedef struct tree {
    tree_kind kind;
    bool plain;      /* scalar written bare (may mean null); false for quoted and block scalars */
    vb_pos pos;
    size_t expanded; /* nodes this one stands for, every alias inside counted in full */
    size_t expanded_bytes; /* scalar bytes it stands for, every alias inside counted in full */
    const char *text; /* scalar, NUL-terminated arena copy */
    size_t len;
    struct tree **items; /* sequence: the entries; mapping: key, value, key, value, … */
    size_t count, cap;
} tree;

/* Returns false after reporting the first byte libyaml would misreport (NUL, invalid UTF-8, a
 * control character). */
bool vb_check_bytes(loader *L);

/* True when the text holds nothing but white space and comments. */
bool vb_is_blank_or_comments(const char *data, size_t len, bool *has_comment);

/* Builds the tree; returns its root, or NULL after reporting why. */
tree *vb_build_tree(loader *L);

/* Byte offset of a 1-based line:col (columns in characters), or L->len if outside the text. */
size_t vb_offset_of(const loader *L, vb_pos pos);

/* ---- Values (values.c) ---- */

extern const char *const vb_want_text, *const vb_want_lines;
bool vb_is_null(const tree *t);
/* True when t is a scalar with at least one visible character. */
bool vb_has_text(const tree *t);
/* Why a scalar that is not empty counts as blank, for "để trống%s", or "". */
const char *vb_blank_note(loader *L, const tree *t);
/* What the clerk actually wrote, for "cần X, nhưng ở đây là Y". */
const char *vb_describe(const tree *t);
void vb_wrong_type(loader *L, const tree *t, const char *key, const char *wanted);
void vb_set_str(loader *L, vb_str *out, const tree *t);
const char *vb_join_words(loader *L, const char *const *words, size_t n);

/* A single text. Null counts as absent; returns false after reporting a wrong or blank one. */
bool vb_take_text(loader *L, const tree *t, const char *key, bool required, vb_str *out);
/* One text or a list of texts. */
void vb_take_lines(loader *L, const tree *t, const char *key, bool required, vb_str_list *out);
void vb_take_doc_type(loader *L, const tree *t, vb_document *doc);
void vb_take_number(loader *L, const vb_field *f, const tree *t, vb_document *doc);
void vb_take_date(loader *L, const tree *t, vb_document *doc);
/* A decimal within the field's range, stored as a double at its offset in into. */
void vb_take_measure(loader *L, const vb_field *m, const tree *t, void *into);
void vb_take_footnotes(loader *L, const vb_field *f, const tree *t, vb_document *doc);
/* true or false as YAML writes them (table.c), refused otherwise at its line:column. */
void vb_take_bool(loader *L, const vb_field *f, const tree *v, bool *out);

/* ---- Typed numbers (typed_number.c) ---- */

/* Refuses a block text that starts with the number or bullet its level key generates
 * ("I. MỤC TIÊU" under muc), which would be printed twice. */
void vb_check_typed_number(loader *L, const char *key, const vb_node *node);

/* ---- Line breaks in the head's fields (line_breaks.c) ---- */

/* Refuses, at the value, a line break in a field printed on one line; true when it did. */
bool vb_refuse_line_break(loader *L, const tree *t, const char *key);
/* Makes each line of an item of a list of lines an item of its own. */
void vb_split_line_breaks(loader *L, const tree *t, vb_str_list *lines);
/* A text, or a list of texts joined by "\n": a field whose lines the clerk breaks (trích yếu). */
void vb_take_broken_text(loader *L, const vb_field *f, const tree *t, vb_str *out);
/* ---- Tables (table.c) ---- */

/* Index of the key in the group, or -1 after reporting it (not a word, unknown with the
 * nearest key suggested, or repeated). seen[] (the group's count, zeroed) remembers each key. */
int vb_load_key(loader *L, const tree *key, const vb_field_group *g, const tree **seen);

/* The value of a block's bang: the table, its grid resolved, into node->table. */
void vb_take_table(loader *L, const tree *t, vb_node *node);

/* ---- Groups and blocks read as the document's, for the parts in other files (load.c) ---- */

typedef void vb_load_take_fn(loader *L, const vb_field *f, const tree *value, void *into);
/* The most keys a group has: the size of the keys[] and values[] a group's walk fills. */
#define MAX_GROUP_KEYS 32
/* Walks a mapping against g (each known key's value to take), then checks its required keys. */
void vb_load_group(loader *L, const tree *t, const vb_field_group *g, vb_load_take_fn *take,
                   void *into);
/* A text or lines field of any group. */
/* The steps of a group's reading, for a part that checks more between them (signer.c). */
void vb_load_walk(loader *L, const tree *t, const vb_field_group *g, const tree **keys,
                  const tree **values, vb_load_take_fn *take, void *into);
void vb_load_check_required(loader *L, vb_pos pos, const vb_field_group *g, const tree **keys,
                            const tree **values);
bool vb_load_has_value(const tree *v);
const char *vb_load_group_wanted(loader *L, const vb_field_group *g);

/* nguoi_ky (signer.c): one signer's mapping; or the key's value, one mapping or a list. */
void vb_take_signer(loader *L, const tree *t, vb_signer *signer);
void vb_take_signers(loader *L, const vb_field *f, const tree *t, vb_document *doc);

void vb_load_common(loader *L, const vb_field_group *g, const vb_field *f, const tree *v,
                    void *into);
/* The blocks of a sequence, as noi_dung's. */
void vb_load_blocks(loader *L, const tree *list, vb_node **out, size_t *count);

/* ---- Appendices (appendix.c) ---- */

void vb_take_appendices(loader *L, const vb_field *f, const tree *t, vb_document *doc);
/* An appendix whose "(Kèm theo …)" line vanban writes needs ten_co_quan. */
void vb_check_appendix_lines(loader *L, const vb_document *doc);

const vb_choice *vb_find_choice(const vb_field *f, const char *text);
const char *vb_nearest_choice(const vb_field *f, const char *text);
const char *vb_choice_values(loader *L, const vb_field *f);
const char *vb_choice_list(loader *L, const vb_field *f, bool quoted);

#endif
