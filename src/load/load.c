/* Stage 1: YAML -> vb_document.
 *
 * Three steps, each refusing bad input with a message a clerk can act on:
 *   1. byte checks before libyaml (yaml_tree.c), because libyaml's own reports for NUL, invalid
 *      UTF-8 and control characters carry no line:col or name a byte offset;
 *   2. libyaml's events built into a small generic tree with explicit bounds (yaml_tree.c), its
 *      syntax errors worded for a clerk (yaml_messages.c);
 *   3. here, the tree checked against the content format (schema.c) and copied into the model,
 *      collecting every independent error in file order. Every content rule is checked here:
 *      prepare only transforms what was accepted. */
#include "load/load.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "load/loader.h"
#include "load/marks.h"
#include "load/schema.h"
#include "load/suggest.h"

static void report(loader *L, vb_severity severity, vb_pos pos, const char *fmt, va_list ap)
{
    if (severity == VB_SEVERITY_ERROR)
        L->errors++;
    vb_diag_vadd(L->diag, severity, L->name, pos.line, pos.col, fmt, ap);
}

void vb_load_error(loader *L, vb_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, VB_SEVERITY_ERROR, pos, fmt, ap);
    va_end(ap);
}

void vb_load_warning(loader *L, vb_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, VB_SEVERITY_WARNING, pos, fmt, ap);
    va_end(ap);
}

void vb_load_out_of_memory(loader *L)
{
    if (!L->out_of_memory) {
        L->out_of_memory = true;
        L->errors++;
        vb_diag_out_of_memory(L->diag, L->name, "hết bộ nhớ khi đọc tệp");
    }
}

void *vb_load_alloc(loader *L, size_t count, size_t size)
{
    void *p = vb_arena_calloc(L->arena, count ? count : 1, size);
    if (!p)
        vb_load_out_of_memory(L);
    return p;
}

char *vb_load_strndup(loader *L, const char *s, size_t n)
{
    char *p = vb_arena_strndup(L->arena, s, n);
    if (!p)
        vb_load_out_of_memory(L);
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* Mappings with the keys of a schema group                                                   */
/* ------------------------------------------------------------------------------------------ */

/* The keys of a group for suggestions and lists: the schema's, in its order. */
static size_t group_names(const vb_field_group *g, const char *names[MAX_GROUP_KEYS])
{
    size_t n = g->count < MAX_GROUP_KEYS ? g->count : MAX_GROUP_KEYS;
    for (size_t i = 0; i < n; i++)
        names[i] = g->fields[i].key;
    return n;
}

/* Index of the key in the group, or -1 after reporting it (not a word, unknown, or repeated).
 * seen[] remembers each key's first occurrence. */
static int resolve_key(loader *L, const tree *key, const vb_field_group *g, const tree **seen)
{
    const char *names[MAX_GROUP_KEYS];
    size_t count = group_names(g, names);
    if (key->kind != TREE_SCALAR || vb_is_null(key)) {
        vb_load_error(L, key->pos, "khóa%s phải là một từ (ví dụ \"%s\"), nhưng ở đây là %s",
                      g->where, names[0], vb_describe(key));
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        if (strcmp(key->text, names[i]) != 0)
            continue;
        if (seen[i]) {
            vb_load_error(L, key->pos,
                          "khóa \"%s\" bị lặp lại%s (đã có ở dòng %d, cột %d); mỗi khóa chỉ được "
                          "viết một lần",
                          key->text, g->where, seen[i]->pos.line, seen[i]->pos.col);
            return -1;
        }
        seen[i] = key;
        return (int)i;
    }
    bool only_accents;
    /* Past what diagnostics keep, a hostile file's millionth typo is not worth a suggestion. */
    if (!vb_diag_would_keep(L->diag, VB_SEVERITY_ERROR)) {
        vb_load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s", key->text, g->where);
        return -1;
    }
    const char *near = vb_nearest_word(key->text, names, count, &only_accents);
    if (near && only_accents)
        vb_load_error(L, key->pos,
                      "khóa \"%s\" không hợp lệ%s: khóa viết không dấu, chữ thường; có phải ý bạn "
                      "là \"%s\"?",
                      key->text, g->where, near);
    else if (near)
        vb_load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s; có phải ý bạn là \"%s\"?",
                      key->text, g->where, near);
    else
        vb_load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s; các khóa hợp lệ: %s", key->text,
                      g->where, vb_join_words(L, names, count));
    return -1;
}

int vb_load_key(loader *L, const tree *key, const vb_field_group *g, const tree **seen)
{
    return resolve_key(L, key, g, seen);
}

/* Walks a mapping against a group: each known key's value goes to take(), in file order. */
typedef void take_fn(loader *L, const vb_field *f, const tree *value, void *into);

static void walk_group(loader *L, const tree *t, const vb_field_group *g, const tree **keys,
                       const tree **values, take_fn *take, void *into)
{
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        int k = resolve_key(L, t->items[i], g, keys);
        if (k < 0)
            continue;
        values[k] = t->items[i + 1];
        take(L, &g->fields[k], values[k], into);
    }
}

static bool has_value(const tree *v)
{
    return v && !vb_is_null(v);
}

/* The required keys first (but for a part the document's form may lack), then those a
 * sibling's value makes required. */
static void check_required(loader *L, vb_pos pos, const vb_field_group *g, const tree **keys,
                           const tree **values, unsigned may_lack)
{
    for (size_t i = 0; i < g->count; i++)
        if (g->fields[i].required && !(g->fields[i].part & may_lack) && !keys[i])
            vb_load_error(L, pos, "thiếu khóa bắt buộc \"%s\"%s (%s)", g->fields[i].key, g->where,
                          g->fields[i].help);
    for (size_t i = 0; i < g->count; i++) {
        const vb_field *f = &g->fields[i];
        const vb_field *with = f->required_with ? vb_schema_find(g, f->required_with) : NULL;
        if (!with || !has_value(values[with - g->fields]))
            continue;
        if (!keys[i])
            vb_load_error(L, pos, "thiếu khóa bắt buộc \"%s\"%s (%s)", f->key, g->where, f->help);
        else if (values[i]->kind == TREE_SCALAR && !vb_has_text(values[i]))
            vb_load_error(L, values[i]->pos, "khóa \"%s\" để trống%s%s (%s)", f->key,
                          vb_blank_note(L, values[i]), g->where, f->help);
    }
}

/* "một nhóm khóa (…)" as messages describe a group. */
static const char *group_wanted(loader *L, const vb_field_group *g)
{
    if (g->wanted)
        return g->wanted;
    const char *names[MAX_GROUP_KEYS];
    const char *wanted = vb_arena_printf(L->arena, "một nhóm khóa (%s)",
                                         vb_join_words(L, names, group_names(g, names)));
    if (!wanted)
        vb_load_out_of_memory(L);
    return wanted ? wanted : "một nhóm khóa";
}

/* "a, b và c" (last_joint "và") in the arena, for naming fields in a sentence. */
static const char *join_in_sentence(loader *L, const char **names, size_t n, const char *last_joint)
{
    if (n < 2)
        return n ? names[0] : "";
    const char *list = vb_arena_printf(L->arena, "%s %s %s", vb_join_words(L, names, n - 1),
                                       last_joint, names[n - 1]);
    if (!list)
        vb_load_out_of_memory(L);
    return list ? list : "";
}

/* The keys of a group whose field passes keep(), in the schema's order. */
static size_t keys_where(const vb_field_group *g, bool (*keep)(const vb_field *),
                         const char *names[MAX_GROUP_KEYS])
{
    size_t n = 0;
    for (size_t i = 0; i < g->count && n < MAX_GROUP_KEYS; i++)
        if (keep(&g->fields[i]))
            names[n++] = g->fields[i].key;
    return n;
}

static bool reads_inline_marks(const vb_field *f)
{
    return f->inline_marks;
}

/* Elsewhere than in the marked fields a footnote call is printed as typed: worth a word. */
static void warn_footnote_call(loader *L, const vb_field_group *g, const vb_field *f,
                               const vb_str *s)
{
    if (f->inline_marks || !s->text || !strstr(s->text, "[^"))
        return;
    const char *marked[MAX_GROUP_KEYS];
    vb_load_warning(L, s->pos,
                    "%s%s%s: lời gọi chú thích \"[^…]\" chỉ dùng được trong %s; ở đây nó được in "
                    "nguyên văn",
                    g->name, *g->name ? "." : "", f->key,
                    join_in_sentence(L, marked,
                                     keys_where(&vb_schema_document, reads_inline_marks, marked),
                                     "và"));
}

static bool is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True when a line holds nothing but what vanban writes itself around a Nơi nhận or a căn cứ:
 * leading "-", "+", "–" or "•", trailing ";", "." or ",". */
static bool only_clerk_marks(const char *s)
{
    static const char *const bullets[] = {"-", "+", "\u2013", "\u2022"};
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
            size_t len = strlen(bullets[i]);
            if (strncmp(s, bullets[i], len) == 0 || is_blank_byte(*s)) {
                s += is_blank_byte(*s) ? 1 : len;
                stripped = true;
                break;
            }
        }
    }
    for (; *s; s++)
        if (!is_blank_byte(*s) && !strchr(";.,", *s))
            return false;
    return true;
}

/* Text and line fields, the same in every group. */
static void take_common(loader *L, const vb_field_group *g, const vb_field *f, const tree *v,
                        void *into)
{
    void *field = (char *)into + f->offset;
    if (f->type == VB_FIELD_TEXT) {
        if (f->line_breaks)
            vb_take_broken_text(L, f, v, field);
        else if (!vb_refuse_line_break(L, v, f->key)) /* never folded into a space */
            vb_take_text(L, v, f->key, f->required, field);
        warn_footnote_call(L, g, f, field);
        return;
    }
    if (f->type != VB_FIELD_LINES ||
        (f->empty_list_ok && v->kind == TREE_SEQUENCE && v->count == 0))
        return;
    vb_str_list *lines = field;
    vb_take_lines(L, v, f->key, f->required, lines);
    vb_split_line_breaks(L, v, lines);
    for (size_t i = 0; i < lines->count; i++) {
        const vb_str *line = &lines->items[i];
        if (f->clerk_marks && line->text && only_clerk_marks(line->text))
            vb_load_warning(L, line->pos, "%s: dòng thứ %zu trống, bỏ qua", f->key, i + 1);
        else
            warn_footnote_call(L, g, f, line);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* trinh_bay                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/* One of the field's choices, or NULL after saying which ones there are. */
static const vb_choice *take_choice(loader *L, const vb_field *f, const tree *v)
{
    vb_str text = {0};
    if (!vb_take_text(L, v, f->key, true, &text) || !text.text)
        return NULL;
    const vb_choice *c = vb_find_choice(f, text.text);
    if (c)
        return c;
    const char *near = vb_nearest_choice(f, text.text);
    vb_load_error(L, v->pos, "%s \"%s\" không hợp lệ: chỉ dùng %s%s%s%s", f->key, text.text,
                  vb_choice_list(L, f, true), near ? "; có phải ý bạn là \"" : "",
                  near ? near : "", near ? "\"?" : "");
    return NULL;
}

static void take_presentation_field(loader *L, const vb_field *f, const tree *v, void *into)
{
    vb_presentation *pres = into;
    if (f->type == VB_FIELD_MEASURE) {
        vb_take_measure(L, f, v, pres);
    } else if (f->type == VB_FIELD_CHOICE) {
        const vb_choice *c = take_choice(L, f, v);
        if (c)
            pres->numbering = (vb_numbering_style)c->code;
    } else {
        vb_str dir = {0};
        if (vb_take_text(L, v, f->key, true, &dir)) {
            pres->font_dir = dir.text;
            pres->font_dir_pos = dir.pos;
        }
    }
}

static void take_presentation(loader *L, const tree *t, vb_presentation *pres)
{
    const vb_field_group *g = &vb_schema_presentation;
    if (vb_is_null(t))
        return;
    if (t->kind != TREE_MAPPING) {
        vb_wrong_type(L, t, g->name, group_wanted(L, g));
        return;
    }
    const tree *keys[MAX_GROUP_KEYS] = {0}, *values[MAX_GROUP_KEYS] = {0};
    walk_group(L, t, g, keys, values, take_presentation_field, pres);
}

static void set_default_presentation(vb_presentation *pres)
{
    const vb_field_group *g = &vb_schema_presentation;
    for (size_t i = 0; i < g->count; i++) {
        const vb_field *f = &g->fields[i];
        if (f->type == VB_FIELD_MEASURE)
            *(double *)((char *)pres + f->offset) = f->fallback;
        else if (f->type == VB_FIELD_CHOICE)
            pres->numbering = (vb_numbering_style)f->choices[0].code;
    }
    pres->font_dir = NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* noi_dung's blocks                                                                          */
/* ------------------------------------------------------------------------------------------ */

static bool is_level(const vb_field *f)
{
    return f->type == VB_FIELD_LEVEL;
}

/* "phan, chuong, …, gach hoặc cong": the level keys, for messages. */
static const char *level_list(loader *L)
{
    const char *levels[MAX_GROUP_KEYS];
    return join_in_sentence(L, levels, keys_where(&vb_schema_block, is_level, levels), "hoặc");
}

static void take_blocks(loader *L, const tree *list, vb_node **out, size_t *count);

/* What the keys of a block's mapping said, for the rules that need all of them. */
typedef struct {
    const vb_field *level; /* the level key, or NULL */
    const tree *level_key;
    const tree *form; /* the value of dang, or NULL */
    const tree *number_style; /* the value of kieu_so, or NULL */
    const tree *table_key; /* bang, or NULL */
    bool bad_key;
} block_keys;

static void take_block_keys(loader *L, const tree *t, vb_node *node, block_keys *b)
{
    const vb_field_group *g = &vb_schema_block;
    const tree *seen[MAX_GROUP_KEYS] = {0};
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        const tree *key = t->items[i], *v = t->items[i + 1];
        int k = resolve_key(L, key, g, seen);
        const vb_field *f = k >= 0 ? &g->fields[k] : NULL;
        if (!f) {
            b->bad_key = true;
        } else if (f->type == VB_FIELD_LEVEL && b->level) {
            vb_load_error(L, key->pos,
                          "khối này có hai khóa cấp: \"%s\" (dòng %d, cột %d) và \"%s\"; mỗi khối "
                          "chỉ có một khóa cấp, hãy tách thành hai mục \"-\"",
                          b->level_key->text, b->level_key->pos.line, b->level_key->pos.col,
                          key->text);
        } else if (f->type == VB_FIELD_LEVEL) {
            b->level = f;
            b->level_key = key;
            node->kind = f->kind;
            vb_take_text(L, v, f->key, true, &node->text);
        } else if (f->type == VB_FIELD_BLOCKS && !vb_is_null(v)) {
            if (v->kind == TREE_SEQUENCE)
                take_blocks(L, v, &node->children, &node->nchildren);
            else
                vb_wrong_type(L, v, f->key, f->wanted);
        } else if (f->type == VB_FIELD_CHOICE && strcmp(f->key, "kieu_so") == 0) {
            b->number_style = v;
        } else if (f->type == VB_FIELD_CHOICE) {
            b->form = v;
        } else if (f->type == VB_FIELD_TABLE) {
            b->table_key = key;
            vb_take_table(L, v, node);
        }
        if (f && f->type == VB_FIELD_LEVEL && f->kind == VB_NODE_PARAGRAPH)
            node->centred = true; /* giua: the only level key of a paragraph */
    }
}

/* Parts, chapters and sections are always titles. An article is a title by default ("Điều 1.
 * Phạm vi điều chỉnh"); with dang: doan it is the article of an individual decision, "Điều 1."
 * in bold followed by ordinary text. Lower levels are titles when they have blocks under them. */
static bool block_heading(loader *L, const block_keys *b, const vb_node *node)
{
    vb_heading_rule rule = b->level->heading;
    bool heading = rule != VB_HEADING_WITH_CHILDREN || node->nchildren > 0;
    const vb_field *dang = vb_schema_find(&vb_schema_block, "dang");
    vb_str form = {0};
    if (!b->form || !vb_take_text(L, b->form, dang->key, true, &form) || !form.text)
        return heading;
    const vb_choice *c = vb_find_choice(dang, form.text);
    if (!c && vb_find_choice(vb_schema_find(&vb_schema_block, "kieu_so"), form.text)) {
        /* "dang: dam": the clerk wants a bold number, which is kieu_so's to say */
        vb_load_error(L, b->form->pos, "%s \"%s\" không hợp lệ: chỉ dùng %s; kiểu chữ của số "
                      "viết là \"kieu_so: %s\"", dang->key, form.text,
                      vb_choice_list(L, dang, true), form.text);
    } else if (!c) {
        const char *near = vb_nearest_choice(dang, form.text);
        vb_load_error(L, b->form->pos, "%s \"%s\" không hợp lệ: chỉ dùng %s%s%s%s", dang->key,
                      form.text, vb_choice_list(L, dang, true), near ? "; có phải ý bạn là \"" : "",
                      near ? near : "", near ? "\"?" : "");
    } else if (rule == VB_HEADING_ALWAYS && !c->code) {
        vb_load_warning(L, b->form->pos,
                        "dang: doan không áp dụng cho %s; khối này luôn là tiêu đề", b->level->key);
    } else if (rule != VB_HEADING_ALWAYS) {
        heading = c->code;
    }
    return heading;
}

/* kieu_so: the style of the block's number or marker; a block without one is told so. */
static void take_number_style(loader *L, const block_keys *b, vb_node *node)
{
    if (!b->number_style)
        return;
    const vb_field *f = vb_schema_find(&vb_schema_block, "kieu_so");
    const vb_choice *c = take_choice(L, f, b->number_style);
    if (!c)
        return;
    if (node->kind == VB_NODE_PARAGRAPH) {
        vb_load_error(L, b->number_style->pos,
                      "kieu_so chỉ dùng cho khối có số hoặc dấu đầu dòng (muc, dieu, khoan, "
                      "tieu_khoan, diem, gach, cong); khối \"%s\" không có số: hãy xóa dòng này",
                      b->level->key);
        return;
    }
    node->number_style_given = true;
    node->number_style = (vb_style)c->code;
}

static void take_block(loader *L, const tree *t, vb_node *node)
{
    node->pos = t->pos;
    node->kind = VB_NODE_PARAGRAPH;
    if (t->kind == TREE_SCALAR) {
        if (!vb_has_text(t))
            vb_load_error(L, t->pos,
                          "khối trống trong noi_dung%s: hãy viết một đoạn văn, hoặc một khóa cấp "
                          "(%s), hoặc xóa dòng \"-\" này",
                          vb_blank_note(L, t), level_list(L));
        else
            vb_set_str(L, &node->text, t);
        return;
    }
    if (t->kind == TREE_SEQUENCE) {
        vb_load_error(L, t->pos,
                      "một khối của noi_dung không được là một danh sách lồng trong danh "
                      "sách; có thể thừa một dấu \"-\", hoặc thiếu khóa noi_dung: phía "
                      "trên");
        return;
    }
    block_keys b = {0};
    take_block_keys(L, t, node, &b);
    if (b.table_key) {
        if (b.level)
            vb_load_error(L, b.table_key->pos,
                          "bang là một khối riêng, không viết cùng khóa cấp \"%s\" (dòng %d, cột "
                          "%d); hãy tách thành hai mục \"-\"",
                          b.level_key->text, b.level_key->pos.line, b.level_key->pos.col);
        else if (b.form || node->children)
            vb_load_error(L, b.table_key->pos,
                          "bang là một khối riêng: không có dang hay noi_dung; viết các dòng của "
                          "bảng trong dong");
        node->kind = VB_NODE_TABLE;
        return;
    }
    if (!b.level) {
        if (!b.bad_key) /* an unknown key was most likely the misspelt level key */
            vb_load_error(L, t->pos, "khối này thiếu khóa cấp: cần một trong %s", level_list(L));
        return;
    }
    node->heading = block_heading(L, &b, node);
    take_number_style(L, &b, node);
    vb_check_typed_number(L, b.level->key, node);
}

static void take_blocks(loader *L, const tree *list, vb_node **out, size_t *count)
{
    vb_node *nodes = vb_load_alloc(L, list->count, sizeof *nodes);
    if (!nodes)
        return;
    for (size_t i = 0; i < list->count; i++)
        take_block(L, list->items[i], &nodes[i]);
    *out = nodes;
    *count = list->count;
}

/* The parts of the loader in other files read their groups and blocks as the document does. */
void vb_load_group(loader *L, const tree *t, const vb_field_group *g, vb_load_take_fn *take,
                   void *into)
{
    const tree *keys[MAX_GROUP_KEYS] = {0}, *values[MAX_GROUP_KEYS] = {0};
    walk_group(L, t, g, keys, values, take, into);
    check_required(L, t->pos, g, keys, values, 0);
}

void vb_load_common(loader *L, const vb_field_group *g, const vb_field *f, const tree *v,
                    void *into)
{
    take_common(L, g, f, v, into);
}

void vb_load_walk(loader *L, const tree *t, const vb_field_group *g, const tree **keys,
                  const tree **values, vb_load_take_fn *take, void *into)
{
    walk_group(L, t, g, keys, values, take, into);
}

void vb_load_check_required(loader *L, vb_pos pos, const vb_field_group *g, const tree **keys,
                            const tree **values)
{
    check_required(L, pos, g, keys, values, 0);
}

bool vb_load_has_value(const tree *v)
{
    return has_value(v);
}

const char *vb_load_group_wanted(loader *L, const vb_field_group *g)
{
    return group_wanted(L, g);
}

void vb_load_blocks(loader *L, const tree *list, vb_node **out, size_t *count)
{
    take_blocks(L, list, out, count);
}

/* ------------------------------------------------------------------------------------------ */
/* ban_sao: a copy's own block (Phụ lục III mẫu 3.x)                                          */
/* ------------------------------------------------------------------------------------------ */

static void take_copy_field(loader *L, const vb_field *f, const tree *v, void *into)
{
    vb_copy *copy = into;
    /* Số and ngày are read as a document's are, then moved to the copy. */
    vb_document scratch = {0};
    switch (f->type) {
    case VB_FIELD_CHOICE: {
        const vb_choice *c = take_choice(L, f, v);
        copy->form = c ? c->code : 0;
        break;
    }
    case VB_FIELD_INTEGER:
        vb_take_number(L, f, v, &scratch);
        copy->number = scratch.number;
        copy->number_pos = scratch.number_pos;
        break;
    case VB_FIELD_DATE:
        vb_take_date(L, v, &scratch);
        copy->year = scratch.year;
        copy->month = scratch.month;
        copy->day = scratch.day;
        copy->date_pos = scratch.date_pos;
        break;
    case VB_FIELD_GROUP:
        vb_take_signer(L, v, &copy->signer);
        break;
    default:
        take_common(L, &vb_schema_copy, f, v, copy);
        break;
    }
}

static void take_copy(loader *L, const tree *t, vb_document *doc)
{
    const vb_field_group *g = &vb_schema_copy;
    if (vb_is_null(t))
        return; /* blank: not a copy */
    if (t->kind != TREE_MAPPING) {
        vb_wrong_type(L, t, g->name, group_wanted(L, g));
        return;
    }
    vb_copy *copy = vb_load_alloc(L, 1, sizeof *copy);
    if (!copy)
        return;
    copy->pos = t->pos;
    const tree *keys[MAX_GROUP_KEYS] = {0}, *values[MAX_GROUP_KEYS] = {0};
    walk_group(L, t, g, keys, values, take_copy_field, copy);
    check_required(L, t->pos, g, keys, values, 0);
    if (!copy->archive.text)
        copy->archive.text = vb_load_strndup(L, "VT", 2);
    doc->copy = copy;
}

/* A công điện (mẫu 1.6) names who cables ("… điện:") and to whom, and has no Kính gửi; those
 * two keys mean nothing on another type. */
/* The key as written when it has a value (blank: NULL), or, with any_value, as written at all. */
static const tree *key_with_value(const tree **keys, const tree **values, const char *key,
                                  bool any_value)
{
    size_t i = (size_t)(vb_schema_find(&vb_schema_document, key) - vb_schema_document.fields);
    return any_value || has_value(values[i]) ? keys[i] : NULL;
}

static void check_cable_keys(loader *L, const tree *root, const vb_document *doc,
                             const tree **keys, const tree **values)
{
    const tree *sender = key_with_value(keys, values, "nguoi_dien", false);
    const tree *to = key_with_value(keys, values, "dien_den", false);
    const tree *kinh_gui = key_with_value(keys, values, "kinh_gui", false);
    /* a blank key is reported where it is written */
    const tree *sender_at = key_with_value(keys, values, "nguoi_dien", true);
    const tree *to_at = key_with_value(keys, values, "dien_den", true);
    if (!doc->type)
        return;
    bool cable = strcmp(doc->type->slug, "cong-dien") == 0;
    if (!cable) {
        const tree *k = sender ? sender : to;
        if (k)
            vb_load_error(L, k->pos,
                          "khóa \"%s\" chỉ dùng cho công điện (loai: cong-dien): với %s, hãy bỏ "
                          "khóa này và ghi nơi nhận ở kinh_gui, noi_nhan",
                          k->text, doc->type->name_lower);
        return;
    }
    if (kinh_gui)
        vb_load_error(L, kinh_gui->pos,
                      "công điện không có dòng \"Kính gửi\": ghi nơi nhận điện ở dien_den (mỗi "
                      "nơi một dòng) và người gửi ở nguoi_dien");
    if (!doc->cable_sender.text)
        vb_load_error(L, sender_at ? sender_at->pos : root->pos,
                      "công điện cần khóa \"nguoi_dien\": người hoặc cơ quan gửi điện, ví dụ "
                      "nguoi_dien: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH (in \"… điện:\")");
    if (!doc->cable_recipients.count)
        vb_load_error(L, to_at ? to_at->pos : root->pos,
                      "công điện cần khóa \"dien_den\": danh sách nơi nhận điện, ví dụ "
                      "dien_den: [Giám đốc các Sở, ngành, Chủ tịch UBND các xã]");
}

/* ------------------------------------------------------------------------------------------ */
/* The document                                                                               */
/* ------------------------------------------------------------------------------------------ */

static unsigned may_lack(const vb_document *doc)
{
    return doc->type ? doc->type->may_lack : 0;
}

static void take_document_field(loader *L, const vb_field *f, const tree *v, void *into)
{
    vb_document *doc = into;
    switch (f->type) {
    case VB_FIELD_DOC_TYPE:
        vb_take_doc_type(L, v, doc);
        break;
    case VB_FIELD_INTEGER:
        vb_take_number(L, f, v, doc);
        break;
    case VB_FIELD_DATE:
        vb_take_date(L, v, doc);
        break;
    case VB_FIELD_BLOCKS:
        if (v->kind != TREE_SEQUENCE)
            vb_wrong_type(L, v, f->key, f->wanted);
        else if (v->count == 0)
            vb_load_error(L, v->pos, "khóa \"%s\": danh sách trống, văn bản cần ít nhất một đoạn",
                          f->key);
        else
            take_blocks(L, v, &doc->body, &doc->nbody);
        break;
    case VB_FIELD_FOOTNOTES:
        vb_take_footnotes(L, f, v, doc);
        break;
    case VB_FIELD_CHOICE: /* do_mat, do_khan; kieu_can_cu */
        if (strcmp(f->key, "kieu_can_cu") != 0) {
            vb_take_mark(L, f, v, doc);
        } else if (!vb_is_null(v)) {
            const vb_choice *c = take_choice(L, f, v);
            doc->basis_form = c ? (vb_basis_form)c->code : VB_BASIS_ITALIC;
        }
        break;
    case VB_FIELD_DRAFT:
        vb_take_draft(L, f, v, doc);
        break;
    case VB_FIELD_APPENDICES:
        vb_take_appendices(L, f, v, doc);
        break;
    case VB_FIELD_GROUP:
        if (f->group == &vb_schema_signer)
            vb_take_signers(L, f, v, doc);
        else if (f->group == &vb_schema_copy)
            take_copy(L, v, doc);
        else
            take_presentation(L, v, &doc->presentation);
        break;
    default:
        if (f->part & may_lack(doc)) {
            vb_field optional = *f; /* this form may go without it: blank is absent */
            optional.required = false;
            take_common(L, &vb_schema_document, &optional, v, doc);
        } else {
            take_common(L, &vb_schema_document, f, v, doc);
        }
        break;
    }
}

/* The form's type read ahead of the other keys, whatever their order, so that a key of a part
 * the form may lack is not required while it is read; loai is checked in its turn. */
static void peek_doc_type(const tree *root, vb_document *doc)
{
    for (size_t i = 0; i + 1 < root->count; i += 2) {
        const tree *key = root->items[i], *v = root->items[i + 1];
        if (key->kind == TREE_SCALAR && strcmp(key->text, "loai") == 0 &&
            v->kind == TREE_SCALAR && v->text)
            doc->type = vb_doc_type_find(v->text);
    }
}

static vb_document *take_document(loader *L, const tree *root)
{
    if (root->kind != TREE_MAPPING) {
        vb_load_error(L, root->pos,
                      "nội dung tệp phải là các dòng \"khóa: giá trị\" (ví dụ \"loai: bao-cao\"), "
                      "nhưng ở đây là %s",
                      vb_is_null(root) ? "một văn bản trống" : vb_describe(root));
        return NULL;
    }
    vb_document *doc = vb_load_alloc(L, 1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->file = L->name ? vb_load_strndup(L, L->name, strlen(L->name)) : NULL;
    set_default_presentation(&doc->presentation);
    const tree *keys[MAX_GROUP_KEYS] = {0}, *values[MAX_GROUP_KEYS] = {0};
    peek_doc_type(root, doc);
    walk_group(L, root, &vb_schema_document, keys, values, take_document_field, doc);
    check_required(L, root->pos, &vb_schema_document, keys, values, may_lack(doc));
    check_cable_keys(L, root, doc, keys, values);
    vb_check_appendix_lines(L, doc);
    const vb_field *luu = vb_schema_find(&vb_schema_document, "luu");
    if (doc->distribution.count == 0 && has_value(values[luu - vb_schema_document.fields]))
        vb_load_warning(L, values[luu - vb_schema_document.fields]->pos,
                        "luu không được in: noi_nhan trống nên văn bản không có khối Nơi nhận; "
                        "muốn in dòng \"- Lưu: …\" thì ghi ít nhất một nơi nhận");
    if (!doc->archive.text)
        doc->archive.text = vb_load_strndup(L, "VT", 2);
    return doc;
}

vb_document *vb_load_yaml(const char *data, size_t len, const char *name, vb_arena *arena,
                          vb_diagnostics *diag)
{
    loader L = {name, data ? data : "", data ? len : 0, arena, diag, 0, false};
    if (!vb_check_bytes(&L))
        return NULL;
    bool has_comment;
    if (vb_is_blank_or_comments(L.data, L.len, &has_comment)) {
        vb_load_error(&L, no_pos,
                      has_comment ? "tệp chỉ có chú thích (dòng mở bằng \"#\"), chưa có nội dung "
                                    "văn bản (loai, co_quan, noi_dung…)"
                                  : "tệp trống: chưa có nội dung văn bản (loai, co_quan, "
                                    "noi_dung…)");
        return NULL;
    }
    /* The tree is read once, into the model, which copies every text it keeps: in an arena of
     * its own it is gone before the later stages add theirs (BENCHMARKS.md, "Memory per
     * input"). */
    vb_arena *tree_arena = vb_arena_new();
    if (!tree_arena) {
        vb_load_out_of_memory(&L);
        return NULL;
    }
    L.arena = tree_arena;
    tree *root = vb_build_tree(&L);
    L.arena = arena;
    vb_document *doc = root ? take_document(&L, root) : NULL;
    vb_arena_free(tree_arena);
    return L.errors || !root ? NULL : doc;
}
