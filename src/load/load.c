/* Stage 1: YAML -> vb_document.
 *
 * Three steps, each refusing bad input with a message a clerk can act on:
 *   1. byte checks before libyaml (empty file, NUL, invalid UTF-8, control characters), because
 *      libyaml's own reports for these carry no line:col or name a byte offset;
 *   2. libyaml's event API builds a small generic tree, iteratively, with explicit bounds on
 *      nesting depth, node count and alias expansion, so hostile files cannot exhaust the stack
 *      or memory;
 *   3. the tree is checked against the content format (README.md) and copied into the model,
 *      collecting every independent error in file order. */
#include "load/load.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <yaml.h>

#include "common/utf8.h"

/* A real document has a few thousand nodes; this only stops a 16 MB file of "[]," from
 * costing hundreds of megabytes of tree. */
#define MAX_TREE_NODES 1000000u

/* vb_diagnostics keeps the first thousand; later errors are only counted. */
#define MAX_SUGGESTED_ERRORS 1000u

typedef struct {
    const char *name;
    const char *data;
    size_t len;
    vb_arena *arena;
    vb_diagnostics *diag;
    size_t errors; /* counted here: diag may be NULL or capped */
    bool out_of_memory;
} loader;

static void report(loader *L, vb_severity severity, vb_pos pos, const char *fmt, va_list ap)
{
    if (severity == VB_SEVERITY_ERROR)
        L->errors++;
    vb_diag_vadd(L->diag, severity, L->name, pos.line, pos.col, fmt, ap);
}

__attribute__((format(printf, 3, 4))) static void load_error(loader *L, vb_pos pos,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, VB_SEVERITY_ERROR, pos, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void load_warning(loader *L, vb_pos pos,
                                                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, VB_SEVERITY_WARNING, pos, fmt, ap);
    va_end(ap);
}

static const vb_pos no_pos = {0, 0};

static void report_out_of_memory(loader *L)
{
    if (!L->out_of_memory) {
        L->out_of_memory = true;
        load_error(L, no_pos, "hết bộ nhớ khi đọc tệp");
    }
}

static void *load_alloc(loader *L, size_t count, size_t size)
{
    void *p = vb_arena_calloc(L->arena, count ? count : 1, size);
    if (!p)
        report_out_of_memory(L);
    return p;
}

static char *load_strndup(loader *L, const char *s, size_t n)
{
    char *p = vb_arena_strndup(L->arena, s, n);
    if (!p)
        report_out_of_memory(L);
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* Byte checks before libyaml                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Length of the line break at s (libyaml's set: CR LF, CR, LF, NEL, LS, PS), or 0. */
static size_t line_break_length(const unsigned char *s, size_t left)
{
    if (s[0] == '\r')
        return left > 1 && s[1] == '\n' ? 2 : 1;
    if (s[0] == '\n')
        return 1;
    if (left > 1 && s[0] == 0xC2 && s[1] == 0x85)
        return 2;
    if (left > 2 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
        return 3;
    return 0;
}

/* Characters YAML forbids in a stream (besides NUL and invalid UTF-8, checked separately). */
static bool is_forbidden_in_file(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    if (cp == 0x7F)
        return true;
    if (cp >= 0x80 && cp <= 0x9F)
        return cp != 0x85; /* NEL is a YAML line break */
    return cp == 0xFFFE || cp == 0xFFFF;
}

/* Characters that may come out of a double-quoted escape but have no place in a document. */
static bool is_forbidden_in_text(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n';
    return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* Returns false after reporting the first NUL, invalid UTF-8 sequence or control character,
 * with line:col counted the way libyaml counts them (columns in characters). */
static bool check_bytes(loader *L)
{
    const unsigned char *s = (const unsigned char *)L->data;
    size_t i = 0;
    vb_pos pos = {1, 1};
    if (L->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* libyaml drops a leading byte order mark without counting a column */
    while (i < L->len) {
        /* printable ASCII and tabs, most of a file, need no other check */
        if ((s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\t') {
            i++;
            pos.col++;
            continue;
        }
        size_t brk = line_break_length(s + i, L->len - i);
        if (brk) {
            i += brk;
            pos.line++;
            pos.col = 1;
            continue;
        }
        if (s[i] == 0) {
            load_error(L, pos,
                       "tệp chứa byte NUL (ký tự rỗng): đây không phải tệp văn bản UTF-8, hoặc "
                       "tệp được lưu dạng UTF-16; hãy lưu lại tệp dạng UTF-8");
            return false;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, L->len - i, &cp);
        if (n == 0) {
            load_error(L, pos,
                       "tệp không phải UTF-8 hợp lệ: byte 0x%02X ở đây không thuộc một ký tự "
                       "UTF-8 (có thể tệp được lưu bằng bảng mã cũ như TCVN3 hay Windows-1258); "
                       "hãy lưu lại tệp dạng UTF-8",
                       s[i]);
            return false;
        }
        if (is_forbidden_in_file(cp)) {
            load_error(L, pos,
                       "tệp chứa ký tự điều khiển không in được (mã U+%04X); hãy xóa ký tự này",
                       (unsigned)cp);
            return false;
        }
        i += n;
        pos.col++;
    }
    return true;
}

/* True when the file holds nothing but white space and comments. */
static bool is_blank_or_comments(const char *data, size_t len, bool *has_comment)
{
    size_t i = 0;
    *has_comment = false;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (; i < len; i++) {
        char c = data[i];
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            continue;
        } else if (c == '#') { /* first non-blank of its line: anything else returned already */
            *has_comment = true;
            while (i < len && data[i] != '\n' && data[i] != '\r')
                i++;
            i--; /* the loop's i++ lands on the line break */
        } else {
            return false;
        }
    }
    return true;
}

/* Byte offset of a 1-based line:col (columns in characters), or len if outside the text. */
static size_t offset_of(const loader *L, vb_pos pos)
{
    const unsigned char *s = (const unsigned char *)L->data;
    size_t i = L->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int line = 1, col = 1;
    while (i < L->len && (line < pos.line || (line == pos.line && col < pos.col))) {
        size_t brk = line_break_length(s + i, L->len - i);
        if (brk) {
            if (line == pos.line)
                return L->len; /* the column is past the end of the line */
            i += brk;
            line++;
            col = 1;
            continue;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, L->len - i, &cp);
        i += n ? n : 1;
        col++;
    }
    return i;
}

/* ------------------------------------------------------------------------------------------ */
/* The generic tree                                                                           */
/* ------------------------------------------------------------------------------------------ */

typedef enum { TREE_SCALAR, TREE_SEQUENCE, TREE_MAPPING } tree_kind;

typedef struct tree {
    tree_kind kind;
    bool plain;      /* scalar written bare (may mean null); false for quoted and block scalars */
    vb_pos pos;
    size_t expanded; /* nodes this one stands for, every alias inside counted in full */
    const char *text; /* scalar, NUL-terminated arena copy */
    size_t len;
    struct tree **items; /* sequence: the entries; mapping: key, value, key, value, … */
    size_t count, cap;
} tree;

typedef struct {
    const char *name;
    tree *node;
    vb_pos pos;
    bool complete; /* false while its collection is still open: an alias to it would loop */
} anchor;

typedef struct {
    anchor *slots; /* open addressing; name == NULL marks a free slot */
    size_t cap, count;
} anchor_table;

typedef struct {
    loader *L;
    tree *open[VB_MAX_DEPTH];
    const char *open_anchor[VB_MAX_DEPTH];
    size_t depth;
    tree *root;
    anchor_table anchors;
    size_t nodes;
    size_t alias_expansion;
    int documents;
} builder;

static size_t hash_name(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static anchor *anchor_slot(anchor_table *t, const char *name)
{
    size_t i = hash_name(name) & (t->cap - 1);
    while (t->slots[i].name && strcmp(t->slots[i].name, name) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static anchor *anchor_find(anchor_table *t, const char *name)
{
    if (!t->cap)
        return NULL;
    anchor *a = anchor_slot(t, name);
    return a->name ? a : NULL;
}

/* Returns the new anchor's slot, or NULL when memory ran out. */
static anchor *anchor_add(builder *b, const char *name)
{
    anchor_table *t = &b->anchors;
    if ((t->count + 1) * 4 > t->cap * 3) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        anchor *slots = load_alloc(b->L, cap, sizeof *slots);
        if (!slots)
            return NULL;
        anchor_table bigger = {slots, cap, t->count};
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].name)
                *anchor_slot(&bigger, t->slots[i].name) = t->slots[i];
        *t = bigger;
    }
    anchor *a = anchor_slot(t, name);
    t->count++;
    return a;
}

static vb_pos mark_pos(yaml_mark_t m)
{
    vb_pos p;
    p.line = m.line < (size_t)INT_MAX ? (int)m.line + 1 : INT_MAX;
    p.col = m.column < (size_t)INT_MAX ? (int)m.column + 1 : INT_MAX;
    return p;
}

static tree *new_tree(builder *b, tree_kind kind, vb_pos pos)
{
    if (++b->nodes > MAX_TREE_NODES) {
        load_error(b->L, pos,
                   "tệp có quá nhiều mục (hơn %u); một văn bản hành chính không cần nhiều như vậy",
                   MAX_TREE_NODES);
        return NULL;
    }
    tree *t = load_alloc(b->L, 1, sizeof *t);
    if (t) {
        t->kind = kind;
        t->pos = pos;
        t->expanded = 1;
    }
    return t;
}

/* Hangs a finished (or just opened) node under the innermost open collection. */
static bool attach(builder *b, tree *node)
{
    if (b->depth == 0) {
        b->root = node;
        return true;
    }
    tree *parent = b->open[b->depth - 1];
    if (parent->count == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 4;
        tree **items = vb_arena_grow(b->L->arena, parent->items, parent->count * sizeof *items,
                                     cap * sizeof *items);
        if (!items) {
            report_out_of_memory(b->L);
            return false;
        }
        parent->items = items;
        parent->cap = cap;
    }
    parent->items[parent->count++] = node;
    return true;
}

/* Registers an anchor ("&name") on a node. Redefining a name is refused: YAML allows it, but
 * in a document it is always a copy-paste slip and would silently change what "*name" means. */
static bool define_anchor(builder *b, const yaml_char_t *name, tree *node, bool complete)
{
    const char *key = (const char *)name;
    anchor *old = anchor_find(&b->anchors, key);
    if (old) {
        load_error(b->L, node->pos,
                   "neo \"&%s\" đã được đặt ở dòng %d, cột %d; mỗi neo cần một tên riêng", key,
                   old->pos.line, old->pos.col);
        return false;
    }
    char *copy = load_strndup(b->L, key, strlen(key));
    anchor *a = copy ? anchor_add(b, copy) : NULL;
    if (!a)
        return false;
    a->name = copy;
    a->node = node;
    a->pos = node->pos;
    a->complete = complete;
    return true;
}

static bool text_has_forbidden(const char *text, size_t len, uint32_t *bad)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (s[i] >= 0x20 && s[i] < 0x7F) { /* printable ASCII: nothing to refuse */
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            *bad = s[i];
            return true;
        }
        if (cp == 0 || is_forbidden_in_text(cp)) {
            *bad = cp;
            return true;
        }
        i += n;
    }
    return false;
}

static bool on_scalar(builder *b, const yaml_event_t *ev)
{
    vb_pos pos = mark_pos(ev->start_mark);
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    uint32_t bad;
    /* Escapes in double quotes ("\0", "\x07") can produce what the byte check refused. */
    if (text_has_forbidden(value, len, &bad)) {
        load_error(b->L, pos,
                   "đoạn văn bản chứa ký tự điều khiển không in được (mã U+%04X, có lẽ do một "
                   "mã thoát \"\\\" trong ngoặc kép); hãy xóa ký tự này",
                   (unsigned)bad);
        return false;
    }
    tree *t = new_tree(b, TREE_SCALAR, pos);
    if (!t)
        return false;
    t->text = load_strndup(b->L, value, len);
    if (!t->text)
        return false;
    t->len = len;
    const char *tag = (const char *)ev->data.scalar.tag;
    /* An explicit string tag ("!!str 12", "! null") makes a bare word plain text. */
    bool tagged_text = tag && (strcmp(tag, "!") == 0 || strcmp(tag, YAML_STR_TAG) == 0);
    t->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tagged_text;
    if (ev->data.scalar.anchor && !define_anchor(b, ev->data.scalar.anchor, t, true))
        return false;
    return attach(b, t);
}

static bool on_collection_start(builder *b, const yaml_event_t *ev, tree_kind kind)
{
    vb_pos pos = mark_pos(ev->start_mark);
    if (b->depth == VB_MAX_DEPTH) {
        load_error(b->L, pos,
                   "nội dung lồng nhau quá sâu (quá %d cấp danh sách hay nhóm khóa); một văn "
                   "bản hành chính không cần nhiều cấp như vậy",
                   VB_MAX_DEPTH);
        return false;
    }
    tree *t = new_tree(b, kind, pos);
    if (!t)
        return false;
    const yaml_char_t *name = kind == TREE_SEQUENCE ? ev->data.sequence_start.anchor
                                                    : ev->data.mapping_start.anchor;
    if (name && !define_anchor(b, name, t, false))
        return false;
    if (!attach(b, t))
        return false;
    b->open[b->depth] = t;
    /* Remembered so the anchor can be marked complete when the collection closes. */
    b->open_anchor[b->depth] = name ? anchor_find(&b->anchors, (const char *)name)->name : NULL;
    b->depth++;
    return true;
}

static void on_collection_end(builder *b)
{
    tree *t = b->open[--b->depth];
    size_t total = 1;
    /* Every child's count is bounded by the node limit plus the alias budget, so no overflow. */
    for (size_t i = 0; i < t->count; i++)
        total += t->items[i]->expanded;
    t->expanded = total;
    if (b->open_anchor[b->depth])
        anchor_find(&b->anchors, b->open_anchor[b->depth])->complete = true;
}

static bool on_alias(builder *b, const yaml_event_t *ev)
{
    vb_pos pos = mark_pos(ev->start_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    anchor *a = anchor_find(&b->anchors, name);
    if (!a) {
        load_error(b->L, pos,
                   "bí danh \"*%s\" chưa được định nghĩa: cần một neo \"&%s\" ở phía trên",
                   name, name);
        return false;
    }
    if (!a->complete) {
        load_error(b->L, pos,
                   "bí danh \"*%s\" nằm bên trong chính phần được neo \"&%s\" (dòng %d), tạo "
                   "thành vòng lặp vô tận",
                   name, name, a->pos.line);
        return false;
    }
    b->alias_expansion += a->node->expanded;
    if (b->alias_expansion > VB_MAX_ALIAS_EXPANSION) {
        load_error(b->L, pos,
                   "tệp dùng bí danh (\"*tên\") quá nhiều: khi mở rộng vượt quá %u mục; tệp này "
                   "có thể được tạo ra để làm treo chương trình (kiểu \"billion laughs\")",
                   (unsigned)VB_MAX_ALIAS_EXPANSION);
        return false;
    }
    return attach(b, a->node);
}

/* The bytes of the character at pos, for quoting it in a message. */
static int char_at(const loader *L, vb_pos pos, const char **start)
{
    size_t off = offset_of(L, pos);
    *start = L->data + off;
    if (off >= L->len)
        return 0;
    uint32_t cp;
    size_t n = vb_utf8_decode((const unsigned char *)L->data + off, L->len - off, &cp);
    return n ? (int)n : 1;
}

/* True when only blanks precede pos on its line. */
static bool first_on_line(const loader *L, vb_pos pos)
{
    size_t line_start = offset_of(L, (vb_pos){pos.line, 1});
    size_t at = offset_of(L, pos);
    for (size_t i = line_start; i < at; i++)
        if (L->data[i] != ' ' && L->data[i] != '\t')
            return false;
    return true;
}

static bool problem_is(const yaml_parser_t *p, const char *text)
{
    return p->problem && strstr(p->problem, text);
}

static bool context_is(const yaml_parser_t *p, const char *text)
{
    return p->context && strstr(p->context, text);
}

/* Turns libyaml's English report into a clerk's message at the most useful position. */
static void report_syntax_error(loader *L, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        load_error(L, no_pos, "hết bộ nhớ khi đọc tệp");
        return;
    }
    const char *problem = p->problem ? p->problem : "?";
    vb_pos at = mark_pos(p->problem_mark);
    vb_pos ctx = mark_pos(p->context_mark);
    if (p->error == YAML_READER_ERROR) {
        /* The reader knows only a byte offset; the byte checks should have caught this. */
        load_error(L, no_pos, "tệp có ký tự không hợp lệ ở byte %zu (YAML: %s)",
                   p->problem_offset, problem);
        return;
    }
    const char *ch;
    int chlen = char_at(L, at, &ch);
    bool tab_here = chlen == 1 && *ch == '\t';

    if (problem_is(p, "tab character") || (problem_is(p, "cannot start any token") && tab_here)) {
        load_error(L, at,
                   "dòng này thụt đầu dòng bằng phím Tab; YAML chỉ chấp nhận dấu cách để thụt "
                   "đầu dòng (YAML: %s)",
                   problem);
    } else if (problem_is(p, "cannot start any token")) {
        load_error(L, at,
                   "ký tự \"%.*s\" không được đứng đầu một giá trị; nếu đây là văn bản, hãy đặt "
                   "cả đoạn trong dấu ngoặc kép \"…\" (YAML: %s)",
                   chlen, ch, problem);
    } else if (context_is(p, "quoted scalar") && problem_is(p, "end of stream")) {
        /* The end of the file is no help: point at the quote that was never closed. */
        load_error(L, ctx,
                   "đoạn văn bản mở bằng dấu ngoặc ở đây không có dấu ngoặc đóng tương ứng "
                   "(YAML: %s)",
                   problem);
    } else if (context_is(p, "quoted scalar") && problem_is(p, "document indicator")) {
        load_error(L, ctx,
                   "đoạn văn bản mở bằng dấu ngoặc ở đây chưa được đóng trước dòng \"---\" hay "
                   "\"...\" ở dòng %d (YAML: %s)",
                   at.line, problem);
    } else if (problem_is(p, "escape") || problem_is(p, "hexdecimal")) {
        load_error(L, at,
                   "mã thoát sau dấu \"\\\" trong ngoặc kép không hợp lệ; muốn viết dấu \"\\\" "
                   "hãy viết \"\\\\\" hoặc dùng ngoặc đơn '…' (YAML: %s)",
                   problem);
    } else if (problem_is(p, "mapping values are not allowed")) {
        load_error(L, at,
                   "dấu hai chấm \":\" không được đặt ở đây: có thể dòng này thụt đầu dòng sai, "
                   "hoặc một đoạn văn bản chứa \": \" cần được đặt trong dấu ngoặc kép (YAML: %s)",
                   problem);
    } else if (problem_is(p, "expected ',' or ']'")) {
        load_error(L, at,
                   "danh sách mở bằng \"[\" ở dòng %d, cột %d chưa được đóng bằng \"]\" (hoặc "
                   "thiếu dấu phẩy giữa các mục) (YAML: %s)",
                   ctx.line, ctx.col, problem);
    } else if (problem_is(p, "expected ',' or '}'")) {
        load_error(L, at,
                   "nhóm khóa mở bằng \"{\" ở dòng %d, cột %d chưa được đóng bằng \"}\" (hoặc "
                   "thiếu dấu phẩy giữa các mục) (YAML: %s)",
                   ctx.line, ctx.col, problem);
    } else if (problem_is(p, "did not find expected key") && chlen == 1 && *ch == ':') {
        load_error(L, at, "thiếu tên khóa trước dấu hai chấm \":\" (YAML: %s)", problem);
    } else if (problem_is(p, "did not find expected key") && !first_on_line(L, at)) {
        load_error(L, at,
                   "thừa \"%.*s…\" sau giá trị trên dòng này; nếu cả phần này là văn bản, hãy "
                   "đặt toàn bộ trong dấu ngoặc kép (YAML: %s)",
                   chlen, ch, problem);
    } else if (problem_is(p, "did not find expected key")) {
        load_error(L, at,
                   "thụt đầu dòng không khớp: dòng này không thẳng hàng với các khóa của nhóm "
                   "bắt đầu ở dòng %d (YAML: %s)",
                   ctx.line, problem);
    } else if (problem_is(p, "expected '-' indicator")) {
        load_error(L, at,
                   "thụt đầu dòng không khớp: cần một mục \"- …\" thẳng hàng với các mục của "
                   "danh sách bắt đầu ở dòng %d (YAML: %s)",
                   ctx.line, problem);
    } else if (problem_is(p, "block sequence entries are not allowed")) {
        load_error(L, at,
                   "không được mở một mục danh sách \"- \" ở đây; mỗi mục cần nằm trên một dòng "
                   "riêng, thụt đầu dòng đúng (YAML: %s)",
                   problem);
    } else if (problem_is(p, "could not find expected ':'")) {
        load_error(L, ctx, "thiếu dấu hai chấm \":\" sau khóa ở đây (YAML: %s)", problem);
    } else if (problem_is(p, "expected node content")) {
        load_error(L, at, "thiếu giá trị ở đây (YAML: %s)", problem);
    } else if (context_is(p, "alias") || context_is(p, "anchor")) {
        load_error(L, at,
                   "tên neo \"&\" hay bí danh \"*\" phải là chữ hoặc số, viết liền (YAML: %s)",
                   problem);
    } else if (problem_is(p, "<document start>") || problem_is(p, "document indicator")) {
        load_error(L, at,
                   "thừa nội dung sau khi văn bản đã kết thúc; tệp chỉ được chứa một văn bản "
                   "(YAML: %s)",
                   problem);
    } else if (problem_is(p, "incompatible YAML") || context_is(p, "directive")) {
        load_error(L, at,
                   "chỉ thị %%YAML hoặc %%TAG không được hỗ trợ; hãy xóa dòng này (YAML: %s)",
                   problem);
    } else if (context_is(p, "tag")) {
        load_error(L, at, "thẻ \"!\" không hợp lệ; nếu đây là văn bản, hãy đặt trong dấu ngoặc kép "
                          "(YAML: %s)",
                   problem);
    } else {
        load_error(L, at, "lỗi cú pháp YAML (YAML: %s%s%s)", problem, p->context ? ", " : "",
                   p->context ? p->context : "");
    }
}

/* Builds the tree; returns its root, or NULL after reporting why. */
static tree *build_tree(loader *L)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        load_error(L, no_pos, "hết bộ nhớ khi đọc tệp");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)L->data, L->len);
    builder *b = load_alloc(L, 1, sizeof *b);
    bool ok = b != NULL, done = false;
    if (b)
        b->L = L;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_syntax_error(L, &parser);
            ok = false;
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++b->documents > 1) {
                load_error(L, mark_pos(ev.start_mark),
                           "tệp chỉ được chứa một văn bản, nhưng ở đây bắt đầu văn bản thứ hai "
                           "(dòng \"---\"); hãy tách thành hai tệp");
                ok = false;
            }
            break;
        case YAML_SCALAR_EVENT:
            ok = on_scalar(b, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            ok = on_collection_start(b, &ev, TREE_SEQUENCE);
            break;
        case YAML_MAPPING_START_EVENT:
            ok = on_collection_start(b, &ev, TREE_MAPPING);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            on_collection_end(b);
            break;
        case YAML_ALIAS_EVENT:
            ok = on_alias(b, &ev);
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (!ok)
        return NULL;
    if (!b->root)
        load_error(L, no_pos, "tệp trống: chưa có nội dung văn bản");
    return b->root;
}

/* ------------------------------------------------------------------------------------------ */
/* Checking the tree against the content format                                               */
/* ------------------------------------------------------------------------------------------ */

static bool is_null(const tree *t)
{
    if (t->kind != TREE_SCALAR || !t->plain)
        return false;
    return t->len == 0 || strcmp(t->text, "~") == 0 || strcmp(t->text, "null") == 0 ||
           strcmp(t->text, "Null") == 0 || strcmp(t->text, "NULL") == 0;
}

static bool looks_numeric(const tree *t)
{
    if (t->kind != TREE_SCALAR || !t->plain || t->len == 0)
        return false;
    const char *s = t->text;
    if (*s == '-' || *s == '+')
        s++;
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s != '.')
            return false;
    }
    return digit;
}

/* What the clerk actually wrote, for "cần X, nhưng ở đây là Y". */
static const char *describe(const tree *t)
{
    if (is_null(t))
        return "để trống";
    switch (t->kind) {
    case TREE_SEQUENCE:
        return "một danh sách";
    case TREE_MAPPING:
        return "một nhóm khóa (khóa: giá trị)";
    case TREE_SCALAR:
        break;
    }
    return looks_numeric(t) ? "một số" : "một đoạn văn bản";
}

static const char *const want_text = "một đoạn văn bản";
static const char *const want_lines = "một đoạn văn bản hoặc một danh sách các dòng";

static void wrong_type(loader *L, const tree *t, const char *key, const char *wanted)
{
    if (is_null(t))
        load_error(L, t->pos, "khóa \"%s\" để trống: cần %s", key, wanted);
    else
        load_error(L, t->pos, "khóa \"%s\": cần %s, nhưng ở đây là %s", key, wanted, describe(t));
}

static void set_str(loader *L, vb_str *out, const tree *t)
{
    out->text = load_strndup(L, t->text, t->len);
    out->pos = t->pos;
}

/* ---- Suggesting the nearest valid word ---- */

#define MAX_SUGGEST_CHARS 64

/* Code points of s without diacritics, case-folded, "đ" as "d": "Loại" and "loai" compare equal.
 * Returns the count, or SIZE_MAX when s is too long to be a slip of the fingers. */
static size_t fold_word(const char *s, int32_t *out)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s),
                                      &folded,
                                      UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (n < 0)
        return SIZE_MAX;
    size_t count = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(folded + i, n - i, &cp);
        if (step <= 0 || count == MAX_SUGGEST_CHARS) {
            free(folded);
            return SIZE_MAX;
        }
        out[count++] = cp == 0x111 ? 'd' : cp;
        i += step;
    }
    free(folded);
    return count;
}

/* Edit distance where swapping two neighbours costs one, the commonest typing slip. */
static size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
    size_t rows[3][MAX_SUGGEST_CHARS + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *oldest = prev2;
        prev2 = prev;
        prev = cur;
        cur = oldest;
    }
    return prev[nb];
}

/* The candidate close enough to word to be what was meant, or NULL. *only_accents is set when
 * the two differ only in diacritics or case ("Loại" for "loai"). */
static const char *nearest_word_ex(const char *word, const char *const *candidates, size_t n,
                                   bool *only_accents)
{
    int32_t w[MAX_SUGGEST_CHARS], c[MAX_SUGGEST_CHARS];
    size_t nw = fold_word(word, w);
    if (nw == SIZE_MAX)
        return NULL;
    const char *best = NULL;
    size_t best_distance = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t nc = fold_word(candidates[i], c);
        if (nc == SIZE_MAX)
            continue;
        size_t d = edit_distance(w, nw, c, nc);
        size_t longer = nw > nc ? nw : nc;
        size_t allowed = longer / 3 > 1 ? longer / 3 : 1;
        if (d <= allowed && d < best_distance) {
            best = candidates[i];
            best_distance = d;
        }
    }
    if (only_accents)
        *only_accents = best_distance == 0;
    return best;
}

static const char *nearest_word(const char *word, const char *const *candidates, size_t n)
{
    return nearest_word_ex(word, candidates, n, NULL);
}

/* "a, b, c" in the arena, for listing the valid choices. */
static const char *join_words(loader *L, const char *const *words, size_t n)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(words[i]) + 2;
    char *out = load_alloc(L, total, 1);
    if (!out)
        return "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ", ");
        strcat(out, words[i]);
    }
    return out;
}

/* ---- Mappings with a fixed set of keys ---- */

typedef struct {
    const char *const *names;
    size_t count;
    const char *where; /* " trong nguoi_ky", or "" at the top */
} keyset;

/* Index of the key in the set, or -1 after reporting it (not a word, unknown, or repeated).
 * seen[] remembers each key's first occurrence. */
static int resolve_key(loader *L, const tree *key, const keyset *ks, const tree **seen)
{
    if (key->kind != TREE_SCALAR || is_null(key)) {
        load_error(L, key->pos, "khóa%s phải là một từ (ví dụ \"%s\"), nhưng ở đây là %s",
                   ks->where, ks->names[0], describe(key));
        return -1;
    }
    for (size_t i = 0; i < ks->count; i++) {
        if (strcmp(key->text, ks->names[i]) != 0)
            continue;
        if (seen[i]) {
            load_error(L, key->pos,
                       "khóa \"%s\" bị lặp lại%s (đã có ở dòng %d, cột %d); mỗi khóa chỉ được "
                       "viết một lần",
                       key->text, ks->where, seen[i]->pos.line, seen[i]->pos.col);
            return -1;
        }
        seen[i] = key;
        return (int)i;
    }
    bool only_accents;
    /* Past what diagnostics keep, a hostile file's millionth typo is not worth a suggestion. */
    if (L->errors >= MAX_SUGGESTED_ERRORS) {
        load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s", key->text, ks->where);
        return -1;
    }
    const char *near = nearest_word_ex(key->text, ks->names, ks->count, &only_accents);
    if (near && only_accents)
        load_error(L, key->pos,
                   "khóa \"%s\" không hợp lệ%s: khóa viết không dấu, chữ thường; có phải ý bạn "
                   "là \"%s\"?",
                   key->text, ks->where, near);
    else if (near)
        load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s; có phải ý bạn là \"%s\"?", key->text,
                   ks->where, near);
    else
        load_error(L, key->pos, "khóa \"%s\" không hợp lệ%s; các khóa hợp lệ: %s", key->text,
                   ks->where, join_words(L, ks->names, ks->count));
    return -1;
}

static void missing_key(loader *L, vb_pos pos, const char *where, const char *key,
                        const char *meaning)
{
    load_error(L, pos, "thiếu khóa bắt buộc \"%s\"%s (%s)", key, where, meaning);
}

/* ---- Field converters ---- */

/* A single text. Null counts as absent; the caller decides whether absent is allowed. */
static bool take_text(loader *L, const tree *t, const char *key, bool required, vb_str *out)
{
    if (t->kind != TREE_SCALAR) {
        wrong_type(L, t, key, want_text);
        return false;
    }
    if (is_null(t) || t->len == 0) {
        if (required) {
            load_error(L, t->pos, "khóa \"%s\" để trống: cần %s", key, want_text);
            return false;
        }
        return true;
    }
    set_str(L, out, t);
    return true;
}

/* One text or a list of texts. */
static void take_lines(loader *L, const tree *t, const char *key, bool required,
                       vb_str_list *out)
{
    if (t->kind == TREE_MAPPING || (t->kind == TREE_SCALAR && (is_null(t) || t->len == 0))) {
        if (t->kind == TREE_MAPPING || required)
            wrong_type(L, t, key, want_lines);
        return;
    }
    size_t n = t->kind == TREE_SCALAR ? 1 : t->count;
    if (n == 0) {
        if (required)
            load_error(L, t->pos, "khóa \"%s\": danh sách trống, cần ít nhất một dòng", key);
        return;
    }
    vb_str *items = load_alloc(L, n, sizeof *items);
    if (!items)
        return;
    if (t->kind == TREE_SCALAR) {
        set_str(L, &items[0], t);
    } else {
        for (size_t i = 0; i < n; i++) {
            const tree *line = t->items[i];
            if (line->kind != TREE_SCALAR)
                load_error(L, line->pos, "mỗi dòng của \"%s\" cần là một đoạn văn bản, nhưng ở "
                                         "đây là %s",
                           key, describe(line));
            else if (is_null(line) || line->len == 0)
                load_error(L, line->pos, "dòng của \"%s\" để trống: hãy viết nội dung hoặc xóa "
                                         "dòng \"-\" này",
                           key);
            else
                set_str(L, &items[i], line);
        }
    }
    out->items = items;
    out->count = n;
}

static void take_doc_type(loader *L, const tree *t, vb_document *doc)
{
    vb_str slug = {0};
    if (!take_text(L, t, "loai", true, &slug) || !slug.text)
        return;
    doc->type_pos = t->pos;
    doc->type = vb_doc_type_find(slug.text);
    if (doc->type)
        return;
    const char **slugs = load_alloc(L, vb_doc_type_count, sizeof *slugs);
    if (!slugs)
        return;
    for (size_t i = 0; i < vb_doc_type_count; i++)
        slugs[i] = vb_doc_types[i].slug;
    const char *near = nearest_word(slug.text, slugs, vb_doc_type_count);
    if (near)
        load_error(L, t->pos, "loại văn bản \"%s\" không có; có phải ý bạn là \"%s\"?", slug.text,
                   near);
    else
        load_error(L, t->pos, "loại văn bản \"%s\" không có; các loại hợp lệ: %s", slug.text,
                   join_words(L, slugs, vb_doc_type_count));
}

static void take_number(loader *L, const tree *t, vb_document *doc)
{
    doc->number_pos = t->pos;
    if (t->kind != TREE_SCALAR) {
        wrong_type(L, t, "so", "một số nguyên từ 1 đến 9999999");
        return;
    }
    if (is_null(t) || t->len == 0)
        return; /* left blank for the văn thư */
    long value = 0;
    bool digits = true;
    for (size_t i = 0; i < t->len && digits; i++) {
        char c = t->text[i];
        if (c < '0' || c > '9')
            digits = false;
        else if (value <= 9999999)
            value = value * 10 + (c - '0'); /* stops growing once out of range */
    }
    if (!digits) {
        bool negative = t->text[0] == '-';
        load_error(L, t->pos,
                   "số văn bản (so) phải là một số nguyên từ 1 đến 9999999%s, nhưng ở đây là "
                   "\"%s\"; muốn để văn thư điền số thì bỏ trống",
                   negative ? ", không được là số âm" : "", t->text);
        return;
    }
    if (value < 1 || value > 9999999) {
        load_error(L, t->pos,
                   "số văn bản (so) %s nằm ngoài khoảng cho phép: từ 1 đến 9999999; muốn để văn "
                   "thư điền số thì bỏ trống",
                   t->text);
        return;
    }
    doc->number = value;
}

static bool is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

static void take_date(loader *L, const tree *t, vb_document *doc)
{
    vb_str text = {0};
    if (!take_text(L, t, "ngay", true, &text) || !text.text)
        return;
    doc->date_pos = t->pos;
    const char *s = t->text;
    bool form = t->len == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; i < t->len && form; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            form = false;
    if (!form) {
        load_error(L, t->pos,
                   "ngày \"%s\" phải viết theo dạng NĂM-THÁNG-NGÀY với tháng và ngày đủ hai chữ "
                   "số, ví dụ 2023-07-14",
                   s);
        return;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y == 0) {
        load_error(L, t->pos, "ngày \"%s\": năm 0000 không có", s);
        return;
    }
    if (m < 1 || m > 12) {
        load_error(L, t->pos, "ngày \"%s\": không có tháng %02d (tháng từ 01 đến 12)", s, m);
        return;
    }
    int last = days_in_month(y, m);
    if (d < 1 || d > last) {
        load_error(L, t->pos, "ngày \"%s\": không có ngày %02d tháng %02d năm %04d (tháng này có "
                              "%d ngày)",
                   s, d, m, y, last);
        return;
    }
    doc->year = y;
    doc->month = m;
    doc->day = d;
}

/* ---- trinh_bay ---- */

typedef struct {
    const char *key;
    const char *meaning;
    double min, max, fallback;
    const char *range; /* as the Decree writes it */
    size_t offset;     /* of the double in vb_presentation */
} measure;

static const measure measures[] = {
    {"co_chu", "cỡ chữ phần nội dung", 13, 14, 14, "từ 13 đến 14 pt",
     offsetof(vb_presentation, font_size)},
    {"gian_dong", "giãn dòng", 1.0, 1.5, 1.0, "từ dòng đơn (1,0) đến 1,5 dòng",
     offsetof(vb_presentation, line_spacing)},
    {"gian_doan", "khoảng cách giữa các đoạn văn", 6, 12, 6, "từ 6 đến 12 pt",
     offsetof(vb_presentation, para_spacing)},
    {"thut_dau_dong", "thụt đầu dòng", 10, 12.7, 12.7, "từ 10 đến 12,7 mm (1 cm hoặc 1,27 cm)",
     offsetof(vb_presentation, indent_mm)},
    {"le_tren", "lề trên", 20, 25, 20, "từ 20 đến 25 mm", offsetof(vb_presentation, margin_top)},
    {"le_duoi", "lề dưới", 20, 25, 20, "từ 20 đến 25 mm",
     offsetof(vb_presentation, margin_bottom)},
    {"le_trai", "lề trái", 30, 35, 30, "từ 30 đến 35 mm", offsetof(vb_presentation, margin_left)},
    {"le_phai", "lề phải", 15, 20, 15, "từ 15 đến 20 mm",
     offsetof(vb_presentation, margin_right)},
};
enum { MEASURE_COUNT = sizeof measures / sizeof measures[0] };

enum { TB_DANH_SO_PHAN = MEASURE_COUNT, TB_PHONG_CHU, TB_COUNT };
static const char *const presentation_keys[TB_COUNT] = {
    "co_chu", "gian_dong", "gian_doan", "thut_dau_dong", "le_tren", "le_duoi",
    "le_trai", "le_phai", "danh_so_phan", "phong_chu",
};

/* A decimal written "12.7" or, as Vietnamese writes it, "12,7". No signs, exponents or units. */
static bool parse_decimal(const char *s, double *out)
{
    double mantissa = 0, scale = 1;
    bool digits = false, point = false;
    int fraction_digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (fraction_digits > 6 || mantissa > 1e9)
                return false; /* nobody sets a margin to a billionth of a millimetre */
            mantissa = mantissa * 10 + (*s - '0');
            digits = true;
            if (point) {
                scale *= 10;
                fraction_digits++;
            }
        } else if ((*s == '.' || *s == ',') && !point) {
            point = true;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    *out = mantissa / scale; /* both exact, so the quotient is the correctly rounded value */
    return true;
}

static void take_measure(loader *L, const measure *m, const tree *t, vb_presentation *pres)
{
    if (t->kind != TREE_SCALAR || is_null(t)) {
        wrong_type(L, t, m->key, "một số");
        return;
    }
    double value;
    if (!parse_decimal(t->text, &value)) {
        load_error(L, t->pos, "%s (%s) cần một số, ví dụ %g, nhưng ở đây là \"%s\"", m->meaning,
                   m->key, m->fallback, t->text);
        return;
    }
    const double slack = 1e-9;
    if (value < m->min - slack || value > m->max + slack) {
        load_error(L, t->pos,
                   "%s (%s) là %s, nằm ngoài khoảng Nghị định 30/2020/NĐ-CP cho phép: %s",
                   m->meaning, m->key, t->text, m->range);
        return;
    }
    *(double *)((char *)pres + m->offset) = value;
}

static void take_presentation(loader *L, const tree *t, vb_presentation *pres)
{
    if (is_null(t))
        return;
    if (t->kind != TREE_MAPPING) {
        wrong_type(L, t, "trinh_bay", "một nhóm khóa (co_chu, gian_dong, le_tren, …)");
        return;
    }
    const keyset ks = {presentation_keys, TB_COUNT, " trong trinh_bay"};
    const tree *seen[TB_COUNT] = {0};
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        int k = resolve_key(L, t->items[i], &ks, seen);
        const tree *v = t->items[i + 1];
        if (k < 0)
            continue;
        if (k < MEASURE_COUNT) {
            take_measure(L, &measures[k], v, pres);
        } else if (k == TB_DANH_SO_PHAN) {
            static const char *const styles[] = {"phan-thu", "la-ma"};
            vb_str style = {0};
            if (!take_text(L, v, "danh_so_phan", true, &style) || !style.text)
                continue;
            if (strcmp(style.text, "phan-thu") == 0) {
                pres->numbering = VB_NUMBERING_PHAN_THU;
            } else if (strcmp(style.text, "la-ma") == 0) {
                pres->numbering = VB_NUMBERING_ROMAN;
            } else {
                const char *near = nearest_word(style.text, styles, 2);
                load_error(L, v->pos,
                           "danh_so_phan \"%s\" không hợp lệ: chỉ dùng \"phan-thu\" (PHẦN THỨ "
                           "NHẤT) hoặc \"la-ma\" (Phần I)%s%s%s",
                           style.text, near ? "; có phải ý bạn là \"" : "", near ? near : "",
                           near ? "\"?" : "");
            }
        } else {
            vb_str dir = {0};
            if (take_text(L, v, "phong_chu", true, &dir)) {
                pres->font_dir = dir.text;
                pres->font_dir_pos = dir.pos;
            }
        }
    }
}

/* ---- nguoi_ky ---- */

enum {
    SIGNER_THAM_QUYEN,
    SIGNER_THAY_MAT,
    SIGNER_KY_THAY,
    SIGNER_CHUC_VU,
    SIGNER_HO_TEN,
    SIGNER_COUNT
};
static const char *const signer_keys[SIGNER_COUNT] = {"tham_quyen", "thay_mat", "ky_thay",
                                                      "chuc_vu", "ho_ten"};

static void take_authority(loader *L, const tree *t, vb_signer *signer)
{
    static const char *const authorities[] = {"TM", "KT", "Q", "TL", "TUQ"};
    vb_str raw = {0};
    if (!take_text(L, t, "tham_quyen", true, &raw) || !raw.text)
        return;
    size_t n = strlen(raw.text);
    if (n > 0 && raw.text[n - 1] == '.')
        raw.text[--n] = 0; /* "TM." is how it is printed; the dot is added back later */
    for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++) {
        if (strcmp(raw.text, authorities[i]) == 0) {
            signer->authority = raw;
            return;
        }
    }
    const char *near = nearest_word(raw.text, authorities, 5);
    load_error(L, t->pos,
               "tham_quyen \"%s\" không hợp lệ: chỉ dùng TM (thay mặt), KT (ký thay), Q (quyền), "
               "TL (thừa lệnh) hoặc TUQ (thừa ủy quyền), viết hoa; bỏ khóa này khi người đứng "
               "đầu ký trực tiếp%s%s%s",
               raw.text, near ? ". Có phải ý bạn là \"" : "", near ? near : "",
               near ? "\"?" : "");
}

static void take_signer(loader *L, const tree *t, vb_signer *signer)
{
    if (t->kind != TREE_MAPPING) {
        wrong_type(L, t, "nguoi_ky",
                   "một nhóm khóa (tham_quyen, thay_mat, ky_thay, chuc_vu, ho_ten)");
        return;
    }
    signer->pos = t->pos;
    const keyset ks = {signer_keys, SIGNER_COUNT, " trong nguoi_ky"};
    const tree *seen[SIGNER_COUNT] = {0};
    const tree *authority = NULL;
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        int k = resolve_key(L, t->items[i], &ks, seen);
        const tree *v = t->items[i + 1];
        switch (k) {
        case SIGNER_THAM_QUYEN:
            if (!is_null(v)) {
                authority = v;
                take_authority(L, v, signer);
            }
            break;
        case SIGNER_THAY_MAT:
            take_text(L, v, "thay_mat", false, &signer->on_behalf);
            break;
        case SIGNER_KY_THAY:
            take_text(L, v, "ky_thay", false, &signer->deputy_for);
            break;
        case SIGNER_CHUC_VU:
            take_text(L, v, "chuc_vu", true, &signer->position);
            break;
        case SIGNER_HO_TEN:
            take_text(L, v, "ho_ten", true, &signer->name);
            break;
        default:
            break;
        }
    }
    if (!seen[SIGNER_CHUC_VU])
        missing_key(L, t->pos, " trong nguoi_ky", "chuc_vu", "chức vụ người ký, ví dụ CHỦ TỊCH");
    if (!seen[SIGNER_HO_TEN])
        missing_key(L, t->pos, " trong nguoi_ky", "ho_ten", "họ và tên người ký");
    if (authority && !seen[SIGNER_THAY_MAT])
        missing_key(L, t->pos, " trong nguoi_ky", "thay_mat",
                    "bắt buộc khi có tham_quyen: dòng in sau tiền tố, ví dụ \"ỦY BAN NHÂN DÂN\" "
                    "trong \"TM. ỦY BAN NHÂN DÂN\"");
    /* "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": a deputy signs for the head, on
     * behalf of the collective. Any other authority has no middle line. */
    if (seen[SIGNER_KY_THAY] && signer->deputy_for.text &&
        !(signer->authority.text && strcmp(signer->authority.text, "TM") == 0))
        load_error(L, signer->deputy_for.pos,
                   "ky_thay chỉ dùng cùng tham_quyen: TM, cho khối chữ ký ba dòng \"TM. ỦY BAN "
                   "NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH\"; khi ký thay trực tiếp, viết "
                   "tham_quyen: KT và thay_mat: CHỦ TỊCH");
    if (!authority && seen[SIGNER_THAY_MAT] && signer->on_behalf.text)
        load_warning(L, signer->on_behalf.pos,
                     "thay_mat chỉ được in khi có tham_quyen (TM, KT, Q, TL, TUQ); dòng này sẽ "
                     "bị bỏ qua");
}

/* ---- chu_thich ---- */

static bool valid_footnote_id(const char *id)
{
    for (const char *s = id; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '[' || *s == ']' || *s == '^')
            return false;
    return *id != 0;
}

static int compare_keys(const void *a, const void *b)
{
    const tree *ka = *(const tree *const *)a, *kb = *(const tree *const *)b;
    int c = strcmp(ka->text, kb->text);
    if (c)
        return c;
    /* Equal ids: the earlier one first, so the later one is reported as the repeat. */
    if (ka->pos.line != kb->pos.line)
        return ka->pos.line < kb->pos.line ? -1 : 1;
    return ka->pos.col < kb->pos.col ? -1 : ka->pos.col > kb->pos.col;
}

static void take_footnotes(loader *L, const tree *t, vb_document *doc)
{
    if (is_null(t))
        return;
    if (t->kind != TREE_MAPPING) {
        wrong_type(L, t, "chu_thich", "một nhóm khóa: mã chú thích và nội dung (ví dụ quy: …)");
        return;
    }
    size_t n = t->count / 2;
    vb_footnote *notes = load_alloc(L, n, sizeof *notes);
    const tree **keys = load_alloc(L, n, sizeof *keys);
    if (!notes || !keys)
        return;
    size_t good_keys = 0;
    for (size_t i = 0; i < n; i++) {
        const tree *key = t->items[2 * i], *v = t->items[2 * i + 1];
        vb_footnote *note = &notes[i];
        if (key->kind != TREE_SCALAR || is_null(key)) {
            load_error(L, key->pos, "mã chú thích phải là một từ (ví dụ quy), nhưng ở đây là %s",
                       describe(key));
            continue;
        }
        if (!valid_footnote_id(key->text)) {
            load_error(L, key->pos,
                       "mã chú thích \"%s\" không được chứa dấu cách, \"[\", \"]\" hay \"^\" (nó "
                       "được gọi trong văn bản bằng [^mã])",
                       key->text);
            continue;
        }
        keys[good_keys++] = key;
        set_str(L, &note->id, key);
        if (v->kind == TREE_SCALAR && !is_null(v) && v->len > 0) {
            note->paragraphs = load_alloc(L, 1, sizeof *note->paragraphs);
            if (note->paragraphs) {
                set_str(L, &note->paragraphs[0], v);
                note->nparagraphs = 1;
            }
        } else if (v->kind == TREE_SEQUENCE && v->count > 0) {
            note->paragraphs = load_alloc(L, v->count, sizeof *note->paragraphs);
            if (!note->paragraphs)
                continue;
            note->nparagraphs = v->count;
            for (size_t j = 0; j < v->count; j++) {
                const tree *para = v->items[j];
                if (para->kind != TREE_SCALAR || is_null(para) || para->len == 0)
                    load_error(L, para->pos,
                               "mỗi đoạn của chú thích \"%s\" cần là một đoạn văn bản, nhưng ở "
                               "đây là %s",
                               key->text, para->kind == TREE_SCALAR ? "để trống" : describe(para));
                else
                    set_str(L, &note->paragraphs[j], para);
            }
        } else if (v->kind == TREE_SCALAR || v->kind == TREE_SEQUENCE) {
            load_error(L, v->pos,
                       "chú thích \"%s\" để trống: cần một đoạn văn bản hoặc một danh sách các "
                       "đoạn",
                       key->text);
        } else {
            load_error(L, v->pos,
                       "chú thích \"%s\": cần một đoạn văn bản hoặc một danh sách các đoạn, nhưng "
                       "ở đây là %s",
                       key->text, describe(v));
        }
    }
    /* Any id may be used, so repeats are found by sorting rather than against a fixed set. */
    qsort(keys, good_keys, sizeof *keys, compare_keys);
    for (size_t i = 1; i < good_keys; i++)
        if (strcmp(keys[i - 1]->text, keys[i]->text) == 0)
            load_error(L, keys[i]->pos,
                       "mã chú thích \"%s\" bị lặp lại (đã có ở dòng %d, cột %d); mỗi mã chỉ "
                       "được dùng cho một chú thích",
                       keys[i]->text, keys[i - 1]->pos.line, keys[i - 1]->pos.col);
    doc->footnotes = notes;
    doc->nfootnotes = n;
}

/* ---- noi_dung blocks ---- */

enum {
    BLOCK_PHAN, BLOCK_CHUONG, BLOCK_MUC, BLOCK_DIEU, BLOCK_KHOAN, BLOCK_TIEU_KHOAN, BLOCK_DIEM,
    BLOCK_GACH, BLOCK_CONG, BLOCK_LEVELS,
    BLOCK_NOI_DUNG = BLOCK_LEVELS, BLOCK_DANG, BLOCK_KEYS
};
static const char *const block_keys[BLOCK_KEYS] = {
    "phan", "chuong", "muc", "dieu", "khoan", "tieu_khoan", "diem", "gach", "cong",
    "noi_dung", "dang",
};
static const vb_node_kind block_kinds[BLOCK_LEVELS] = {
    VB_NODE_PART, VB_NODE_CHAPTER, VB_NODE_SECTION, VB_NODE_ARTICLE, VB_NODE_ITEM,
    VB_NODE_SUBITEM, VB_NODE_POINT, VB_NODE_DASH, VB_NODE_PLUS,
};
static const char *const level_list =
    "phan, chuong, muc, dieu, khoan, tieu_khoan, diem, gach hoặc cong";

static void take_blocks(loader *L, const tree *list, vb_node **out, size_t *count);

static void take_block(loader *L, const tree *t, vb_node *node)
{
    node->pos = t->pos;
    node->kind = VB_NODE_PARAGRAPH;
    if (t->kind == TREE_SCALAR) {
        if (is_null(t) || t->len == 0)
            load_error(L, t->pos, "khối trống trong noi_dung: hãy viết một đoạn văn, hoặc một "
                                  "khóa cấp (%s), hoặc xóa dòng \"-\" này",
                       level_list);
        else
            set_str(L, &node->text, t);
        return;
    }
    if (t->kind == TREE_SEQUENCE) {
        load_error(L, t->pos, "một khối của noi_dung không được là một danh sách lồng trong danh "
                              "sách; có thể thừa một dấu \"-\", hoặc thiếu khóa noi_dung: phía "
                              "trên");
        return;
    }
    const keyset ks = {block_keys, BLOCK_KEYS, " trong khối của noi_dung"};
    const tree *seen[BLOCK_KEYS] = {0};
    int level = -1;
    bool bad_key = false;
    const tree *dang = NULL;
    for (size_t i = 0; i + 1 < t->count; i += 2) {
        const tree *key = t->items[i], *v = t->items[i + 1];
        int k = resolve_key(L, key, &ks, seen);
        if (k < 0) {
            bad_key = true;
        } else if (k < BLOCK_LEVELS) {
            if (level >= 0) {
                const tree *first = seen[level];
                load_error(L, key->pos,
                           "khối này có hai khóa cấp: \"%s\" (dòng %d, cột %d) và \"%s\"; mỗi "
                           "khối chỉ có một khóa cấp, hãy tách thành hai mục \"-\"",
                           first->text, first->pos.line, first->pos.col, key->text);
                continue;
            }
            level = k;
            node->kind = block_kinds[k];
            take_text(L, v, block_keys[k], true, &node->text);
        } else if (k == BLOCK_NOI_DUNG) {
            if (!is_null(v)) {
                if (v->kind == TREE_SEQUENCE)
                    take_blocks(L, v, &node->children, &node->nchildren);
                else
                    wrong_type(L, v, "noi_dung",
                               "một danh sách các khối (mỗi khối mở bằng \"- \")");
            }
        } else {
            dang = v;
        }
    }
    if (level < 0) {
        if (!bad_key) /* an unknown key was most likely the misspelt level key */
            load_error(L, t->pos, "khối này thiếu khóa cấp: cần một trong %s", level_list);
        return;
    }
    /* Parts, chapters and sections are always titles. An article is a title by default
     * ("Điều 1. Phạm vi điều chỉnh"); with dang: doan it is the article of an individual
     * decision, "Điều 1." in bold followed by ordinary text. */
    bool always_heading = level < BLOCK_DIEU;
    bool heading = always_heading || level == BLOCK_DIEU || node->nchildren > 0;
    if (dang) {
        vb_str form = {0};
        if (take_text(L, dang, "dang", true, &form) && form.text) {
            bool is_title = strcmp(form.text, "tieu-de") == 0;
            if (!is_title && strcmp(form.text, "doan") != 0) {
                static const char *const forms[] = {"tieu-de", "doan"};
                const char *near = nearest_word(form.text, forms, 2);
                load_error(L, dang->pos,
                           "dang \"%s\" không hợp lệ: chỉ dùng \"tieu-de\" (dòng tiêu đề) hoặc "
                           "\"doan\" (đoạn văn có đánh số)%s%s%s",
                           form.text, near ? "; có phải ý bạn là \"" : "", near ? near : "",
                           near ? "\"?" : "");
            } else if (always_heading && !is_title) {
                load_warning(L, dang->pos,
                             "dang: doan không áp dụng cho %s; khối này luôn là tiêu đề",
                             block_keys[level]);
            } else if (!always_heading) {
                heading = is_title;
            }
        }
    }
    node->heading = heading;
}

static void take_blocks(loader *L, const tree *list, vb_node **out, size_t *count)
{
    vb_node *nodes = load_alloc(L, list->count, sizeof *nodes);
    if (!nodes)
        return;
    for (size_t i = 0; i < list->count; i++)
        take_block(L, list->items[i], &nodes[i]);
    *out = nodes;
    *count = list->count;
}

/* ---- The document ---- */

enum {
    TOP_LOAI, TOP_CO_QUAN_CHU_QUAN, TOP_CO_QUAN, TOP_SO, TOP_KY_HIEU, TOP_DIA_DANH, TOP_NGAY,
    TOP_TRICH_YEU, TOP_GHI_CHU, TOP_KINH_GUI, TOP_THAM_QUYEN_BAN_HANH, TOP_CAN_CU,
    TOP_THEO_DE_NGHI, TOP_NOI_DUNG, TOP_CHU_THICH, TOP_NOI_NHAN, TOP_LUU, TOP_NGUOI_KY,
    TOP_TRINH_BAY, TOP_COUNT
};

/* How a top-level value is read: plain texts and line lists share one path each. */
typedef enum { FIELD_TEXT, FIELD_LINES, FIELD_OWN } field_shape;

static const struct {
    const char *key;
    const char *meaning; /* for "missing" messages; NULL when the key is optional */
    field_shape shape;
    size_t offset; /* of the vb_str or vb_str_list in vb_document, for the shared shapes */
} top_fields[TOP_COUNT] = {
    {"loai", "loại văn bản, ví dụ bao-cao", FIELD_OWN, 0},
    {"co_quan_chu_quan", NULL, FIELD_LINES, offsetof(vb_document, parent_body)},
    {"co_quan", "tên cơ quan ban hành, ví dụ [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]", FIELD_LINES,
     offsetof(vb_document, issuing_body)},
    {"so", NULL, FIELD_OWN, 0},
    {"ky_hieu", "ký hiệu của cơ quan ban hành, ví dụ UBND", FIELD_TEXT,
     offsetof(vb_document, symbol)},
    {"dia_danh", "địa danh ghi ở dòng ngày tháng, ví dụ Bình Trung", FIELD_TEXT,
     offsetof(vb_document, place)},
    {"ngay", "ngày ban hành dạng NĂM-THÁNG-NGÀY, ví dụ 2023-07-14", FIELD_OWN, 0},
    {"trich_yeu", "trích yếu nội dung văn bản", FIELD_TEXT, offsetof(vb_document, summary)},
    {"ghi_chu", NULL, FIELD_TEXT, offsetof(vb_document, summary_note)},
    {"kinh_gui", NULL, FIELD_LINES, offsetof(vb_document, recipients)},
    {"tham_quyen_ban_hanh", NULL, FIELD_LINES, offsetof(vb_document, authority)},
    {"can_cu", NULL, FIELD_LINES, offsetof(vb_document, legal_bases)},
    {"theo_de_nghi", NULL, FIELD_TEXT, offsetof(vb_document, proposal)},
    {"noi_dung", "nội dung văn bản: danh sách các đoạn và mục", FIELD_OWN, 0},
    {"chu_thich", NULL, FIELD_OWN, 0},
    {"noi_nhan", "danh sách nơi nhận", FIELD_OWN, 0},
    {"luu", NULL, FIELD_TEXT, offsetof(vb_document, archive)},
    {"nguoi_ky", "người ký: chuc_vu, ho_ten…", FIELD_OWN, 0},
    {"trinh_bay", NULL, FIELD_OWN, 0},
};

static void set_default_presentation(vb_presentation *pres)
{
    for (size_t i = 0; i < MEASURE_COUNT; i++)
        *(double *)((char *)pres + measures[i].offset) = measures[i].fallback;
    pres->numbering = VB_NUMBERING_PHAN_THU;
    pres->font_dir = NULL;
}

static void take_field(loader *L, int k, const tree *v, vb_document *doc)
{
    const char *key = top_fields[k].key;
    bool required = top_fields[k].meaning != NULL;
    void *field = (char *)doc + top_fields[k].offset;
    if (top_fields[k].shape == FIELD_TEXT) {
        take_text(L, v, key, required, field);
        return;
    }
    if (top_fields[k].shape == FIELD_LINES) {
        take_lines(L, v, key, required, field);
        return;
    }
    switch (k) {
    case TOP_LOAI:
        take_doc_type(L, v, doc);
        break;
    case TOP_SO:
        take_number(L, v, doc);
        break;
    case TOP_NGAY:
        take_date(L, v, doc);
        break;
    case TOP_NOI_DUNG:
        if (v->kind != TREE_SEQUENCE)
            wrong_type(L, v, key, "một danh sách các đoạn và mục (mỗi mục mở bằng \"- \")");
        else if (v->count == 0)
            load_error(L, v->pos, "khóa \"noi_dung\": danh sách trống, văn bản cần ít nhất một "
                                  "đoạn");
        else
            take_blocks(L, v, &doc->body, &doc->nbody);
        break;
    case TOP_CHU_THICH:
        take_footnotes(L, v, doc);
        break;
    case TOP_NOI_NHAN:
        /* An empty list is fine: the "Lưu" line is always written. */
        if (v->kind != TREE_SEQUENCE || v->count != 0)
            take_lines(L, v, key, true, &doc->distribution);
        break;
    case TOP_NGUOI_KY:
        take_signer(L, v, &doc->signer);
        break;
    case TOP_TRINH_BAY:
        take_presentation(L, v, &doc->presentation);
        break;
    default:
        break;
    }
}

static vb_document *take_document(loader *L, const tree *root)
{
    if (root->kind != TREE_MAPPING) {
        load_error(L, root->pos,
                   "nội dung tệp phải là các dòng \"khóa: giá trị\" (ví dụ \"loai: bao-cao\"), "
                   "nhưng ở đây là %s",
                   is_null(root) ? "một văn bản trống" : describe(root));
        return NULL;
    }
    vb_document *doc = load_alloc(L, 1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->file = L->name ? load_strndup(L, L->name, strlen(L->name)) : NULL;
    set_default_presentation(&doc->presentation);

    const char *names[TOP_COUNT];
    for (size_t i = 0; i < TOP_COUNT; i++)
        names[i] = top_fields[i].key;
    const keyset ks = {names, TOP_COUNT, ""};
    const tree *seen[TOP_COUNT] = {0};
    for (size_t i = 0; i + 1 < root->count; i += 2) {
        int k = resolve_key(L, root->items[i], &ks, seen);
        if (k >= 0)
            take_field(L, k, root->items[i + 1], doc);
    }
    for (size_t i = 0; i < TOP_COUNT; i++)
        if (top_fields[i].meaning && !seen[i])
            missing_key(L, root->pos, "", top_fields[i].key, top_fields[i].meaning);
    if (!doc->archive.text)
        doc->archive.text = load_strndup(L, "VT", 2);
    return doc;
}

vb_document *vb_load_yaml(const char *data, size_t len, const char *name, vb_arena *arena,
                          vb_diagnostics *diag)
{
    loader L = {name, data ? data : "", data ? len : 0, arena, diag, 0, false};
    if (!check_bytes(&L))
        return NULL;
    bool has_comment;
    if (is_blank_or_comments(L.data, L.len, &has_comment)) {
        load_error(&L, no_pos, has_comment
                                   ? "tệp chỉ có chú thích (dòng mở bằng \"#\"), chưa có nội dung "
                                     "văn bản (loai, co_quan, noi_dung…)"
                                   : "tệp trống: chưa có nội dung văn bản (loai, co_quan, "
                                     "noi_dung…)");
        return NULL;
    }
    tree *root = build_tree(&L);
    if (!root)
        return NULL;
    vb_document *doc = take_document(&L, root);
    return L.errors ? NULL : doc;
}
