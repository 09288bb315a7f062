/* YAML text -> the loader's generic tree: byte checks libyaml would misreport, then libyaml's
 * events built into a tree iteratively, with explicit bounds on nesting depth, node count and
 * alias expansion, so that hostile files cannot exhaust the stack or memory. */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "common/utf8.h"
#include "load/load.h"
#include "load/loader.h"
#include "load/yaml_messages.h"

/* A real document has a few thousand nodes; this only stops a 16 MB file of "[]," from
 * costing hundreds of megabytes of tree. */
#define MAX_TREE_NODES 1000000u

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
/* The wider Unicode encodings a byte order mark gives away, or NULL. Windows' Notepad offers
 * "Unicode" (UTF-16) next to UTF-8, and a clerk should hear that, not a guess at TCVN3. */
static const char *wide_encoding(const unsigned char *s, size_t len)
{
    if (len >= 4 && (memcmp(s, "\xFF\xFE\0\0", 4) == 0 || memcmp(s, "\0\0\xFE\xFF", 4) == 0))
        return "UTF-32";
    if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
        return "UTF-16";
    return NULL;
}

bool vb_check_bytes(loader *L)
{
    const unsigned char *s = (const unsigned char *)L->data;
    size_t i = 0;
    vb_pos pos = {1, 1};
    const char *wide = wide_encoding(s, L->len);
    if (wide) {
        vb_load_error(L, pos,
                      "tệp được lưu dạng %s (Unicode), không phải UTF-8; hãy lưu lại tệp dạng "
                      "UTF-8 (trong Notepad: Lưu thành…, Mã hóa: UTF-8)",
                      wide);
        return false;
    }
    if (L->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* libyaml drops a leading byte order mark without counting a column */
    while (i < L->len) {
        /* printable ASCII and tabs, most of a file, need no other check */
        if ((s[i] >= 0x20 && s[i] < 0x7F) || s[i] == '\t') {
            i++;
            pos.col++;
            continue;
        }
        /* Letters whose lead byte starts no line break (C2, E2) and no forbidden character
         * (C2, EF): valid UTF-8 is all they need. */
        unsigned char lead = s[i];
        if ((lead >= 0xC3 && lead <= 0xDF) || lead == 0xE1 || (lead >= 0xE3 && lead <= 0xEC) ||
            lead == 0xEE) {
            uint32_t letter;
            size_t n = vb_utf8_decode(s + i, L->len - i, &letter);
            if (n) {
                i += n;
                pos.col++;
                continue;
            }
        }
        size_t brk = line_break_length(s + i, L->len - i);
        if (brk) {
            i += brk;
            pos.line++;
            pos.col = 1;
            continue;
        }
        if (s[i] == 0) {
            vb_load_error(L, pos,
                          "tệp chứa byte NUL (ký tự rỗng): đây không phải tệp văn bản UTF-8, hoặc "
                          "tệp được lưu dạng UTF-16; hãy lưu lại tệp dạng UTF-8");
            return false;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, L->len - i, &cp);
        if (n == 0) {
            vb_load_error(L, pos,
                          "tệp không phải UTF-8 hợp lệ: byte 0x%02X ở đây không thuộc một ký tự "
                          "UTF-8 (có thể tệp được lưu bằng bảng mã cũ như TCVN3 hay Windows-1258); "
                          "hãy lưu lại tệp dạng UTF-8",
                          s[i]);
            return false;
        }
        if (is_forbidden_in_file(cp)) {
            vb_load_error(L, pos,
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
bool vb_is_blank_or_comments(const char *data, size_t len, bool *has_comment)
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
size_t vb_offset_of(const loader *L, vb_pos pos)
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
    size_t alias_bytes; /* text the aliases repeat, counted in full */
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
        anchor *slots = vb_load_alloc(b->L, cap, sizeof *slots);
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

static tree *new_tree(builder *b, tree_kind kind, vb_pos pos)
{
    if (++b->nodes > MAX_TREE_NODES) {
        vb_load_error(
            b->L, pos,
            "tệp có quá nhiều mục (hơn %u); một văn bản hành chính không cần nhiều như vậy",
            MAX_TREE_NODES);
        return NULL;
    }
    tree *t = vb_load_alloc(b->L, 1, sizeof *t);
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
            vb_load_out_of_memory(b->L);
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
        vb_load_error(b->L, node->pos,
                      "neo \"&%s\" đã được đặt ở dòng %d, cột %d; mỗi neo cần một tên riêng", key,
                      old->pos.line, old->pos.col);
        return false;
    }
    char *copy = vb_load_strndup(b->L, key, strlen(key));
    anchor *a = copy ? anchor_add(b, copy) : NULL;
    if (!a)
        return false;
    a->name = copy;
    a->node = node;
    a->pos = node->pos;
    a->complete = complete;
    return true;
}

/* What makes a code point unfit for a document although YAML accepts it, or NULL. */
static const char *unusable_kind(uint32_t cp)
{
    if (cp == 0xFFFD)
        return "ký tự thay thế (dấu vết của lỗi mã hóa khi sao chép)";
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
        return "ký tự vùng dùng riêng (Private Use), không phông chữ chuẩn nào có";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "mã không phải ký tự (noncharacter)";
    return NULL;
}

/* What is wrong with a scalar's text: a control character (escapes in double quotes, "\0" or
 * "\x07", can produce what the byte check refused), else the first unusable character. */
typedef struct {
    bool forbidden;
    uint32_t forbidden_cp;  /* or the byte that starts no UTF-8 sequence */
    const char *unusable;   /* unusable_kind of the first unusable character, or NULL */
    uint32_t unusable_cp;
    size_t unusable_index;  /* 1-based, in characters */
} scalar_trouble;

/* One pass over the text for both checks: printable ASCII, most of it, passes both. */
static void scan_scalar(const char *text, size_t len, scalar_trouble *t)
{
    const unsigned char *s = (const unsigned char *)text;
    memset(t, 0, sizeof *t);
    for (size_t i = 0, index = 0; i < len; index++) {
        if (s[i] >= 0x20 && s[i] < 0x7F) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = vb_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp == 0 || is_forbidden_in_text(cp)) {
            t->forbidden = true;
            t->forbidden_cp = n ? cp : s[i];
            return;
        }
        if (!t->unusable && (t->unusable = unusable_kind(cp)) != NULL) {
            t->unusable_cp = cp;
            t->unusable_index = index + 1;
        }
        i += n;
    }
}

static bool on_scalar(builder *b, const yaml_event_t *ev)
{
    vb_pos pos = mark_pos(ev->start_mark);
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    scalar_trouble trouble;
    scan_scalar(value, len, &trouble);
    if (trouble.forbidden) {
        vb_load_error(b->L, pos,
                      "đoạn văn bản chứa ký tự điều khiển không in được (mã U+%04X, có lẽ do một "
                      "mã thoát \"\\\" trong ngoặc kép); hãy xóa ký tự này",
                      (unsigned)trouble.forbidden_cp);
        return false;
    }
    if (trouble.unusable) {
        vb_load_error(b->L, pos,
                      "đoạn văn bản có ký tự thứ %zu là %s (U+%04X); hãy xóa hoặc thay bằng ký tự "
                      "khác",
                      trouble.unusable_index, trouble.unusable, (unsigned)trouble.unusable_cp);
        return false;
    }
    tree *t = new_tree(b, TREE_SCALAR, pos);
    if (!t)
        return false;
    t->text = vb_load_strndup(b->L, value, len);
    if (!t->text)
        return false;
    t->len = len;
    t->expanded_bytes = len;
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
        vb_load_error(b->L, pos,
                      "nội dung lồng nhau quá sâu (quá %d cấp danh sách hay nhóm khóa); một văn "
                      "bản hành chính không cần nhiều cấp như vậy",
                      VB_MAX_DEPTH);
        return false;
    }
    tree *t = new_tree(b, kind, pos);
    if (!t)
        return false;
    const yaml_char_t *name =
        kind == TREE_SEQUENCE ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
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
    size_t total = 1, bytes = 0;
    /* Every child's count is bounded by the node limit plus the alias budget, and its bytes by
     * the input plus the alias byte budget, so no overflow. */
    for (size_t i = 0; i < t->count; i++) {
        total += t->items[i]->expanded;
        bytes += t->items[i]->expanded_bytes;
    }
    t->expanded = total;
    t->expanded_bytes = bytes;
    if (b->open_anchor[b->depth])
        anchor_find(&b->anchors, b->open_anchor[b->depth])->complete = true;
}

static bool on_alias(builder *b, const yaml_event_t *ev)
{
    vb_pos pos = mark_pos(ev->start_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    anchor *a = anchor_find(&b->anchors, name);
    if (!a) {
        vb_load_error(b->L, pos,
                      "bí danh \"*%s\" chưa được định nghĩa: cần một neo \"&%s\" ở phía trên", name,
                      name);
        return false;
    }
    if (!a->complete) {
        vb_load_error(b->L, pos,
                      "bí danh \"*%s\" nằm bên trong chính phần được neo \"&%s\" (dòng %d), tạo "
                      "thành vòng lặp vô tận",
                      name, name, a->pos.line);
        return false;
    }
    b->alias_expansion += a->node->expanded;
    if (b->alias_expansion > VB_MAX_ALIAS_EXPANSION) {
        vb_load_error(b->L, pos,
                      "tệp dùng bí danh (\"*tên\") quá nhiều: khi mở rộng vượt quá %u mục; tệp này "
                      "có thể được tạo ra để làm treo chương trình (kiểu \"billion laughs\")",
                      (unsigned)VB_MAX_ALIAS_EXPANSION);
        return false;
    }
    /* Few aliases of a long text multiply the document as surely as many of a short one. */
    size_t byte_budget = b->L->len > VB_MIN_ALIAS_BYTES ? b->L->len : VB_MIN_ALIAS_BYTES;
    b->alias_bytes += a->node->expanded_bytes;
    if (b->alias_bytes > byte_budget) {
        vb_load_error(b->L, pos,
                      "tệp dùng bí danh (\"*tên\") lặp lại quá nhiều chữ: khi mở rộng, các bí danh "
                      "thêm hơn %zu KB văn bản (giới hạn là cỡ của chính tệp, hoặc %u KB với tệp "
                      "nhỏ hơn); tệp này có thể được tạo ra để làm treo chương trình (kiểu "
                      "\"billion laughs\")",
                      byte_budget / 1024, VB_MIN_ALIAS_BYTES / 1024);
        return false;
    }
    return attach(b, a->node);
}

/* Builds the tree; returns its root, or NULL after reporting why. */
tree *vb_build_tree(loader *L)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        vb_load_out_of_memory(L);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)L->data, L->len);
    builder *b = vb_load_alloc(L, 1, sizeof *b);
    bool ok = b != NULL, done = false;
    if (b)
        b->L = L;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            vb_report_syntax_error(L, &parser);
            ok = false;
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++b->documents > 1) {
                vb_load_error(L, mark_pos(ev.start_mark),
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
        vb_load_error(L, no_pos, "tệp trống: chưa có nội dung văn bản");
    return b->root;
}
