/* Inline marks: **bold**, *italic*, ***both***, [^id] footnote calls and "\" escapes, parsed
 * from NFC text into vb_rich runs. */
#include <stdio.h>
#include <string.h>

#include "prepare/prepare.h"

static const char out_of_memory[] = "hết bộ nhớ";

typedef struct {
    vb_arena *a;
    vb_rich *out;
    size_t cap;
    /* The text of the run being built, in a buffer of the input's length plus one that keeps
     * every finished run's text too: each run ends at a mark ("*", "[^") that it does not keep,
     * whose byte pays for the run's NUL (the last run's is the one extra), so the runs need no
     * copies of their own. */
    char *pending;
    const char *end; /* of that buffer */
    size_t npending;
    vb_style pending_style;
} run_builder;

/* Appends a run; its text is copied unless it is in the builder's buffer already (in_place). */
static bool push_run(run_builder *b, const char *text, size_t len, vb_style style, int footnote,
                     bool in_place)
{
    vb_rich *r = b->out;
    if (footnote == 0 && r->count > 0) {
        vb_run *last = &r->runs[r->count - 1];
        if (last->footnote == 0 && last->style == style) {
            char *joined = vb_arena_printf(b->a, "%s%.*s", last->text, (int)len, text);
            if (!joined)
                return false;
            last->text = joined;
            return true;
        }
    }
    if (r->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4;
        vb_run *runs = vb_arena_grow(b->a, r->runs, b->cap * sizeof *runs, cap * sizeof *runs);
        if (!runs)
            return false;
        r->runs = runs;
        b->cap = cap;
    }
    const char *copy = in_place ? text : vb_arena_strndup(b->a, text, len);
    if (!copy)
        return false;
    r->runs[r->count++] = (vb_run){.text = copy, .style = style, .footnote = footnote};
    return true;
}

static bool flush_pending(run_builder *b)
{
    if (!b->npending)
        return true;
    char *text = b->pending;
    size_t len = b->npending;
    text[len] = 0;
    b->pending += len + 1;
    b->npending = 0;
    return push_run(b, text, len, b->pending_style, 0, true);
}

static bool put_text(run_builder *b, const char *s, size_t n, vb_style style)
{
    if (b->npending && b->pending_style != style && !flush_pending(b))
        return false;
    b->pending_style = style;
    if (n >= (size_t)(b->end - (b->pending + b->npending)))
        return false; /* cannot happen (see run_builder); reported as out of memory */
    memcpy(b->pending + b->npending, s, n);
    b->npending += n;
    return true;
}

/* One parse: the text, where it has got to, the open styles and where they opened. */
typedef struct {
    const char *text;
    size_t len, i;
    run_builder b;
    vb_style style;
    size_t bold_from, italic_from; /* SIZE_MAX when that style is not open */
    int (*lookup)(void *ctx, const char *id, size_t id_len);
    void *ctx;
    const char *err; /* set with err_at when the parse fails */
    size_t err_at;
} inline_parser;

static bool fail(inline_parser *ps, const char *msg, size_t offset)
{
    ps->err = msg;
    ps->err_at = offset;
    return false;
}

/* A row of asterisks: 1 italic, 2 bold, 3 both; each toggles its style, so either may nest
 * inside the other. A row with a space (or the text's end) on both sides is literal ("5 * 3",
 * "* * *"): it cannot be meant as a mark. */
static bool asterisks(inline_parser *ps)
{
    size_t i = ps->i, end = i;
    while (end < ps->len && ps->text[end] == '*')
        end++;
    ps->i = end;
    bool space_before = i == 0 || ps->text[i - 1] == ' ';
    bool space_after = end == ps->len || ps->text[end] == ' ';
    if (space_before && space_after)
        return put_text(&ps->b, ps->text + i, end - i, ps->style) ||
               fail(ps, out_of_memory, end);
    if (end - i > 3)
        return fail(ps, "quá nhiều dấu \"*\" liền nhau; dùng \"*\" (nghiêng), \"**\" (đậm) hoặc "
                        "\"***\" (đậm nghiêng), viết \"\\*\" để in dấu sao", i);
    vb_style toggle = end - i == 1   ? VB_STYLE_ITALIC
                      : end - i == 2 ? VB_STYLE_BOLD
                                     : VB_STYLE_BOLD_ITALIC;
    if (toggle & VB_STYLE_BOLD)
        ps->bold_from = ps->style & VB_STYLE_BOLD ? SIZE_MAX : i;
    if (toggle & VB_STYLE_ITALIC)
        ps->italic_from = ps->style & VB_STYLE_ITALIC ? SIZE_MAX : i;
    ps->style ^= toggle;
    return true;
}

/* "[^id]": a run "(N)" with the number lookup gives the id. */
static bool footnote_call(inline_parser *ps)
{
    size_t i = ps->i;
    const char *id = ps->text + i + 2;
    const char *close = strchr(id, ']');
    if (!close)
        return fail(ps, "lời gọi chú thích \"[^\" thiếu dấu \"]\" đóng; viết \"\\[\" để in dấu "
                        "ngoặc vuông", i);
    size_t id_len = (size_t)(close - id);
    if (id_len == 0)
        return fail(ps, "lời gọi chú thích \"[^]\" thiếu tên chú thích", i);
    int number = ps->lookup ? ps->lookup(ps->ctx, id, id_len) : 0;
    if (number <= 0) {
        const char *msg =
            number == 0 ? vb_arena_printf(ps->b.a, "chú thích \"[^%.*s]\" chưa được khai báo "
                                                   "trong chu_thich", (int)id_len, id)
                        : vb_arena_printf(ps->b.a, "không được gọi chú thích \"[^%.*s]\" ở đây",
                                          (int)id_len, id);
        return fail(ps, msg ? msg : out_of_memory, i);
    }
    char call[24];
    int call_len = snprintf(call, sizeof call, "(%d)", number);
    ps->i = (size_t)(close - ps->text) + 1;
    return (flush_pending(&ps->b) &&
            push_run(&ps->b, call, (size_t)call_len, ps->style, number, false)) ||
           fail(ps, out_of_memory, ps->i);
}

/* Text up to the next byte that may start a mark, or an escaped mark character. */
static bool plain_text(inline_parser *ps)
{
    const char *s = ps->text + ps->i;
    size_t n;
    if (s[0] == '\\' && (s[1] == '*' || s[1] == '[' || s[1] == '\\')) {
        s++; /* the escaped character, without its backslash */
        n = 1;
        ps->i += 2;
    } else {
        n = 1 + strcspn(s + 1, "\\*[");
        ps->i += n;
    }
    return put_text(&ps->b, s, n, ps->style) || fail(ps, out_of_memory, ps->i);
}

static bool unclosed_mark(inline_parser *ps)
{
    if (ps->bold_from == ps->italic_from)
        return fail(ps, "dấu \"***\" (đậm nghiêng) mở ở đây chưa được đóng; viết \"\\*\" để in "
                        "dấu sao", ps->bold_from);
    if (ps->bold_from < ps->italic_from)
        return fail(ps, "dấu \"**\" (đậm) mở ở đây chưa được đóng; viết \"\\*\" để in dấu sao",
                    ps->bold_from);
    return fail(ps, "dấu \"*\" (nghiêng) mở ở đây chưa được đóng; viết \"\\*\" để in dấu sao",
                ps->italic_from);
}

static bool parse_all(inline_parser *ps)
{
    if (!ps->b.pending)
        return fail(ps, out_of_memory, 0);
    while (ps->i < ps->len) {
        char c = ps->text[ps->i];
        bool ok = c == '*'                                         ? asterisks(ps)
                  : c == '[' && ps->text[ps->i + 1] == '^'         ? footnote_call(ps)
                                                                   : plain_text(ps);
        if (!ok)
            return false;
    }
    if (ps->style)
        return unclosed_mark(ps);
    return flush_pending(&ps->b) || fail(ps, out_of_memory, ps->len);
}

int vb_parse_inline(vb_arena *a, const char *nfc, vb_rich *out,
                    int (*lookup)(void *ctx, const char *id, size_t id_len), void *ctx,
                    const char **err, size_t *err_offset)
{
    size_t n = strlen(nfc);
    out->runs = NULL;
    out->count = 0;
    char *buffer = vb_arena_alloc(a, n + 1);
    inline_parser ps = {
        .text = nfc, .len = n,
        .b = {.a = a, .out = out, .pending = buffer, .end = buffer ? buffer + n + 1 : NULL},
        .bold_from = SIZE_MAX, .italic_from = SIZE_MAX,
        .lookup = lookup, .ctx = ctx,
    };
    if (parse_all(&ps))
        return 0;
    if (err)
        *err = ps.err;
    if (err_offset)
        *err_offset = ps.err_at;
    return -1;
}
