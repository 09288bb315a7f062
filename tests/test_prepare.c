/* Stage 2 (src/prepare/): NFC, inline marks, footnote numbers, labels, generated lines, coverage.
 * Documents are built by hand in an arena, so these tests do not depend on the loader. */
#include "testutil.h"

#include <utf8proc.h>

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "model/model.h"
#include "prepare/prepare.h"

/* ---- building documents ---- */

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->arena = vb_arena_new();
    f->diag = vb_diagnostics_new();
    *state = f;
    return f->arena && f->diag ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    vb_arena_free(f->arena);
    vb_diagnostics_free(f->diag);
    free(f);
    return 0;
}

static vb_str str_at(vb_arena *a, const char *text, int line)
{
    return (vb_str){.text = text ? vb_arena_strdup(a, text) : NULL, .pos = {line, 3}};
}

/* A list of count strings on lines first_line, first_line + 1, … */
static vb_str_list list_at(vb_arena *a, int first_line, size_t count, ...)
{
    vb_str_list list = {vb_arena_calloc(a, count, sizeof(vb_str)), count};
    va_list ap;
    va_start(ap, count);
    for (size_t i = 0; i < count; i++)
        list.items[i] = str_at(a, va_arg(ap, const char *), first_line + (int)i);
    va_end(ap);
    return list;
}

/* A valid báo cáo with an empty body; tests change what they look at. */
static vb_document *base_doc(vb_arena *a)
{
    vb_document *d = vb_arena_alloc(a, sizeof *d);
    d->file = "test.yaml";
    d->type = vb_doc_type_find("bao-cao");
    d->type_pos = (vb_pos){1, 7};
    d->issuing_body = list_at(a, 2, 2, "ỦY BAN NHÂN DÂN", "XÃ BÌNH TRUNG");
    d->number = 476;
    d->number_pos = (vb_pos){4, 5};
    d->symbol = str_at(a, "UBND", 5);
    d->place = str_at(a, "Bình Trung", 6);
    d->year = 2023;
    d->month = 7;
    d->day = 14;
    d->date_pos = (vb_pos){7, 7};
    d->summary = str_at(a, "Tình hình kinh tế - xã hội", 8);
    d->distribution = list_at(a, 40, 1, "UBND huyện");
    d->signer.capacity = str_at(a, "TM", 50);
    d->signer.on_behalf = list_at(a, 51, 1, "ỦY BAN NHÂN DÂN");
    d->signer.position = list_at(a, 52, 1, "CHỦ TỊCH");
    d->signer.name = list_at(a, 53, 1, "Hà Minh Phú");
    d->signer.pos = (vb_pos){49, 1};
    return d;
}

/* The body as a pre-order outline: each entry's depth says whose child it is. */
typedef struct {
    int depth;
    vb_node_kind kind;
    const char *text;
} outline;

static vb_node *build_level(vb_arena *a, const outline *o, size_t n, size_t *i, int depth,
                            size_t *count)
{
    size_t siblings = 0;
    for (size_t j = *i; j < n && o[j].depth >= depth; j++)
        siblings += o[j].depth == depth;
    vb_node *nodes = vb_arena_calloc(a, siblings ? siblings : 1, sizeof *nodes);
    size_t k = 0;
    while (*i < n && o[*i].depth == depth) {
        vb_node *node = &nodes[k++];
        int line = 100 + (int)*i; /* a node's line tells which outline entry it is */
        node->kind = o[*i].kind;
        node->pos = (vb_pos){line, 5};
        node->text = str_at(a, o[*i].text, line);
        (*i)++;
        node->children = build_level(a, o, n, i, depth + 1, &node->nchildren);
        node->heading = node->nchildren > 0;
    }
    *count = siblings;
    return nodes;
}

static void set_body(vb_arena *a, vb_document *d, const outline *o, size_t n)
{
    size_t i = 0;
    d->body = build_level(a, o, n, &i, 0, &d->nbody);
}

/* The nodes in pre-order, i.e. in outline order. */
static void flatten(vb_node *nodes, size_t n, vb_node **out, size_t *k)
{
    for (size_t i = 0; i < n; i++) {
        out[(*k)++] = &nodes[i];
        flatten(nodes[i].children, nodes[i].nchildren, out, k);
    }
}

static void add_footnote(vb_arena *a, vb_document *d, const char *id, const char *text, int line)
{
    vb_footnote *grown = vb_arena_calloc(a, d->nfootnotes + 1, sizeof *grown);
    if (d->nfootnotes)
        memcpy(grown, d->footnotes, d->nfootnotes * sizeof *grown);
    vb_footnote *f = &grown[d->nfootnotes];
    f->id = str_at(a, id, line);
    f->paragraphs = vb_arena_calloc(a, 1, sizeof(vb_str));
    f->paragraphs[0] = str_at(a, text, line + 1);
    f->nparagraphs = 1;
    d->footnotes = grown;
    d->nfootnotes++;
}

/* ---- looking at diagnostics ---- */

/* The first diagnostic of that severity whose message holds needle (and, when line > 0, on that
 * line), or NULL. */
static const vb_diagnostic *find_diag(const vb_diagnostics *d, vb_severity sev, int line,
                                      const char *needle)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++) {
        const vb_diagnostic *g = vb_diagnostic_get(d, i);
        if (g->severity == sev && (line <= 0 || g->line == line) && strstr(g->message, needle))
            return g;
    }
    return NULL;
}

static void print_diags(const vb_diagnostics *d)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        print_message("  %s\n", vb_diagnostic_format(d, i));
}

#define assert_diag(diag, sev, line, needle)                                                    \
    do {                                                                                        \
        if (!find_diag(diag, sev, line, needle)) {                                              \
            print_diags(diag);                                                                  \
            fail_msg("no diagnostic on line %d containing \"%s\"", line, needle);               \
        }                                                                                       \
    } while (0)

static void assert_prepared(fixture *f, vb_document *d)
{
    int rc = vb_prepare(d, NULL, f->arena, f->diag);
    if (rc != 0 || vb_diagnostics_errors(f->diag) != 0)
        print_diags(f->diag);
    assert_int_equal(rc, 0);
    assert_int_equal(vb_diagnostics_errors(f->diag), 0);
}

static void assert_refused(fixture *f, vb_document *d)
{
    assert_int_equal(vb_prepare(d, NULL, f->arena, f->diag), -1);
    assert_true(vb_diagnostics_errors(f->diag) > 0);
}

/* ---- NFC and UTF-8 ---- */

static void test_nfc_of_decomposed_text(void **state)
{
    fixture *f = *state;
    /* "Tiếng Việt" with the marks as separate code points, the dot below after the circumflex. */
    const char *nfd = "Tie\xCC\x82\xCC\x81ng Vie\xCC\x82\xCC\xA3t";
    size_t bad = 99;
    char *nfc = vb_text_nfc(f->arena, nfd, strlen(nfd), &bad);
    assert_non_null(nfc);
    assert_string_equal(nfc, "Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t");
    assert_string_equal(nfc, "Tiếng Việt");

    /* The same in place, through the stage. */
    vb_document *d = base_doc(f->arena);
    d->place = str_at(f->arena, "Bi\xCC\x80nh Trung", 6);
    assert_prepared(f, d);
    assert_string_equal(d->place.text, "Bình Trung");
    assert_string_equal(d->date_line, "Bình Trung, ngày 14 tháng 7 năm 2023");
}

static size_t put_utf8(uint32_t cp, char *out)
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
    return n > 0 ? (size_t)n : 0;
}

/* utf8proc's NFC (as prepare asks for it) of len bytes equals them. */
static bool utf8proc_keeps(const char *s, size_t len)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    bool same = n == (utf8proc_ssize_t)len && memcmp(mapped, s, len) == 0;
    free(mapped);
    return same;
}

/* The code points vb_text_nfc passes through without utf8proc: each is its own NFC with
 * combining class 0, and no two of them compose (every pair in both orders, checked as one
 * string a b1 a b2 … per a: all are starters, so only neighbours can compose). */
static void test_nfc_fast_path_agrees_with_utf8proc(void **state)
{
    (void)state;
    uint32_t *stable = malloc(0x110000 * sizeof *stable);
    size_t n = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        if (!vb_nfc_stable(cp))
            continue;
        char one[4];
        size_t len = put_utf8(cp, one);
        assert_true(len > 0);
        if (!utf8proc_keeps(one, len) || utf8proc_get_property((utf8proc_int32_t)cp)->combining_class)
            fail_msg("U+%04X is not NFC-stable", (unsigned)cp);
        stable[n++] = cp;
    }
    assert_true(n > 900);
    char *pairs = malloc(n * 8 + 1);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        for (size_t j = 0; j < n; j++) {
            len += put_utf8(stable[i], pairs + len);
            len += put_utf8(stable[j], pairs + len);
        }
        if (!utf8proc_keeps(pairs, len))
            fail_msg("a pair with U+%04X composes", (unsigned)stable[i]);
    }
    free(pairs);
    free(stable);
    /* the edges of the ranges */
    assert_false(vb_nfc_stable(0));
    assert_false(vb_nfc_stable(0x2000));
    assert_false(vb_nfc_stable(0x2001));
    assert_true(vb_nfc_stable(0x2002));
    assert_false(vb_nfc_stable(0x0250));
    assert_false(vb_nfc_stable(0x0301));
    assert_false(vb_nfc_stable(0x2126)); /* OHM SIGN, NFC Ω */
}

/* vb_text_nfc gives utf8proc's answer whichever path it takes. */
static void test_nfc_equals_utf8proc(void **state)
{
    fixture *f = *state;
    static const uint32_t pool[] = {
        'a', 'E', ' ', '\n', 0xE0, 0xEA, 0x1EBF, 0x1EC7, 0x0111, 0x01B0, 0x20AB, 0x2013, 0x201C,
        0x0301, 0x0323, 0x0302, 0x0300, 0x0303, 0x0309, 0x2000, 0x2126, 0x212B, 0x1100, 0x1161,
        0x0F73, 0xFB1D, 0x1D15E, 0x0958, 0x00C5, 0x0041, 0x030A, 0x0345, 0x1F00,
    };
    uint64_t seed = 12345;
    char text[256];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        int chars = (int)(seed % 12) + 1;
        for (int k = 0; k < chars; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            len += put_utf8(pool[(seed >> 33) % (sizeof pool / sizeof pool[0])], text + len);
        }
        utf8proc_uint8_t *expected = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
                                          &expected, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        assert_true(n >= 0);
        size_t bad = 0;
        char *got = vb_text_nfc(f->arena, text, len, &bad);
        assert_non_null(got);
        assert_int_equal(strlen(got), (size_t)n);
        assert_memory_equal(got, expected, (size_t)n);
        free(expected);
    }
}

static void test_invalid_utf8_offsets(void **state)
{
    fixture *f = *state;
    size_t bad = 99;
    assert_null(vb_text_nfc(f->arena, "ab\xC3", 3, &bad)); /* truncated sequence */
    assert_int_equal(bad, 2);
    assert_null(vb_text_nfc(f->arena, "abc\xFF" "def", 7, &bad)); /* impossible byte */
    assert_int_equal(bad, 3);
    assert_null(vb_text_nfc(f->arena, "x\xC0\xAF", 3, &bad)); /* overlong "/" */
    assert_int_equal(bad, 1);
    assert_null(vb_text_nfc(f->arena, "\xED\xA0\x80", 3, &bad)); /* a UTF-16 surrogate */
    assert_int_equal(bad, 0);
    assert_null(vb_text_nfc(f->arena, "ab\0cd", 5, &bad)); /* NUL inside the length */
    assert_int_equal(bad, 2);
    assert_string_equal(vb_text_nfc(f->arena, "", 0, &bad), "");

    vb_document *d = base_doc(f->arena);
    d->place = str_at(f->arena, "B\xC3nh", 6);
    assert_refused(f, d);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 6, "byte thứ 2");
    assert_diag(f->diag, VB_SEVERITY_ERROR, 6, "dia_danh");
}

static void test_whitespace_collapse(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->summary = str_at(f->arena, "  Tình hình\n  kinh tế\t\txã hội \r\n", 8);
    d->summary_note = str_at(f->arena, "Số\xC2\xA0liệu  quý\xC2\xA0 II", 9);
    assert_prepared(f, d);
    /* The trích yếu keeps a line break the clerk typed (issue 9 item 4), as one "\n". */
    assert_string_equal(d->summary.text, "Tình hình\nkinh tế xã hội");
    assert_int_equal(d->summary_rich.count, 1);
    assert_string_equal(d->summary_rich.runs[0].text, "Tình hình\nkinh tế xã hội");
    /* No-break spaces are the clerk's choice and stay. */
    assert_string_equal(d->summary_note.text, "Số\xC2\xA0liệu quý\xC2\xA0 II");
    d = base_doc(f->arena);
    d->proposal = str_at(f->arena, "  Công chức\n  Văn phòng\t\tThống kê \r\n", 8);
    assert_prepared(f, d);
    assert_string_equal(d->proposal.text, "Công chức Văn phòng Thống kê");
}

/* ---- inline marks ---- */

static int lookup_quy(void *ctx, const char *id, size_t len)
{
    (void)ctx;
    return len == 3 && memcmp(id, "quy", 3) == 0 ? 7 : 0;
}

static void assert_run(const vb_rich *r, size_t i, const char *text, unsigned style, int footnote)
{
    assert_true(i < r->count);
    assert_string_equal(r->runs[i].text, text);
    assert_int_equal(r->runs[i].style, style);
    assert_int_equal(r->runs[i].footnote, footnote);
}

static vb_rich parse_ok(fixture *f, const char *text)
{
    vb_rich r;
    const char *err = NULL;
    size_t off = 0;
    int rc = vb_parse_inline(f->arena, text, &r, lookup_quy, NULL, &err, &off);
    if (rc != 0)
        fail_msg("\"%s\": %s at %zu", text, err, off);
    return r;
}

enum { B = VB_STYLE_BOLD, I = VB_STYLE_ITALIC };

static void test_inline_marks(void **state)
{
    fixture *f = *state;
    vb_rich r = parse_ok(f, "a **b** c");
    assert_int_equal(r.count, 3);
    assert_run(&r, 0, "a ", 0, 0);
    assert_run(&r, 1, "b", B, 0);
    assert_run(&r, 2, " c", 0, 0);

    r = parse_ok(f, "*nghiêng*");
    assert_int_equal(r.count, 1);
    assert_run(&r, 0, "nghiêng", I, 0);

    r = parse_ok(f, "***cả hai***");
    assert_int_equal(r.count, 1);
    assert_run(&r, 0, "cả hai", B | I, 0);

    r = parse_ok(f, "**đậm *cả hai* đậm**");
    assert_int_equal(r.count, 3);
    assert_run(&r, 0, "đậm ", B, 0);
    assert_run(&r, 1, "cả hai", B | I, 0);
    assert_run(&r, 2, " đậm", B, 0);

    r = parse_ok(f, "*nghiêng **cả hai***");
    assert_int_equal(r.count, 2);
    assert_run(&r, 0, "nghiêng ", I, 0);
    assert_run(&r, 1, "cả hai", B | I, 0);

    r = parse_ok(f, "***a** b*");
    assert_int_equal(r.count, 2);
    assert_run(&r, 0, "a", B | I, 0);
    assert_run(&r, 1, " b", I, 0);

    r = parse_ok(f, "");
    assert_int_equal(r.count, 0);
}

static void test_escapes_and_literal_stars(void **state)
{
    fixture *f = *state;
    /* Escapes and stars that cannot be marks never split the run. */
    vb_rich r = parse_ok(f, "\\*x\\* \\[^quy] C:\\\\tmp\\n 5 * 3 = 15 *** ok");
    assert_int_equal(r.count, 1);
    assert_run(&r, 0, "*x* [^quy] C:\\tmp\\n 5 * 3 = 15 *** ok", 0, 0);

    r = parse_ok(f, "**\\*\\*** a");
    assert_int_equal(r.count, 2);
    assert_run(&r, 0, "**", B, 0);
    assert_run(&r, 1, " a", 0, 0);

    r = parse_ok(f, "trailing \\");
    assert_run(&r, 0, "trailing \\", 0, 0);
}

static void test_footnote_call_run(void **state)
{
    fixture *f = *state;
    vb_rich r = parse_ok(f, "Tổng **thu[^quy]** xong[^quy]");
    assert_int_equal(r.count, 5);
    assert_run(&r, 0, "Tổng ", 0, 0);
    assert_run(&r, 1, "thu", B, 0);
    assert_run(&r, 2, "(7)", B, 7);
    assert_run(&r, 3, " xong", 0, 0);
    assert_run(&r, 4, "(7)", 0, 7);
}

static void assert_inline_error(fixture *f, const char *text, size_t offset, const char *needle)
{
    vb_rich r;
    const char *err = NULL;
    size_t off = 999;
    assert_int_equal(vb_parse_inline(f->arena, text, &r, lookup_quy, NULL, &err, &off), -1);
    assert_non_null(err);
    if (!strstr(err, needle))
        fail_msg("\"%s\": \"%s\" does not say \"%s\"", text, err, needle);
    assert_int_equal(off, offset);
}

static void test_inline_errors(void **state)
{
    fixture *f = *state;
    assert_inline_error(f, "a **b", 2, "\"**\" (đậm) mở ở đây chưa được đóng");
    assert_inline_error(f, "*a", 0, "\"*\" (nghiêng)");
    assert_inline_error(f, "x ***a", 2, "\"***\"");
    assert_inline_error(f, "**a *b**", 4, "\"*\" (nghiêng)");
    assert_inline_error(f, "a****b", 1, "quá nhiều dấu");
    assert_inline_error(f, "ab [^quy", 3, "thiếu dấu \"]\"");
    assert_inline_error(f, "[^]", 0, "thiếu tên");
    assert_inline_error(f, "xem [^khong]", 4, "\"[^khong]\" chưa được khai báo");
}

static void test_unclosed_mark_through_prepare(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    static const outline body[] = {{0, VB_NODE_PARAGRAPH, "Tiếng **Việt"}};
    set_body(f->arena, d, body, 1);
    assert_refused(f, d);
    /* The position is the paragraph's, the index counts characters, not bytes. */
    assert_diag(f->diag, VB_SEVERITY_ERROR, 100, "ký tự thứ 7: dấu \"**\"");
}

/* ---- footnotes ---- */

static void test_footnote_numbering(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->summary = str_at(f->arena, "Tình hình[^b]", 8);
    static const outline body[] = {
        {0, VB_NODE_ITEM, "Mục tiêu[^a]"},
        {1, VB_NODE_PARAGRAPH, "Lại[^b], rồi[^c] và[^a]"},
        {0, VB_NODE_ITEM, "Kết"},
    };
    set_body(f->arena, d, body, 3);
    add_footnote(f->arena, d, "a", "Chú **a**.", 60);
    add_footnote(f->arena, d, "b", "Chú b.", 62);
    add_footnote(f->arena, d, "c", "Chú c.", 64);
    add_footnote(f->arena, d, "d", "Không ai gọi.", 66);
    assert_prepared(f, d);

    /* Reading order: trích yếu, then the body depth-first. */
    assert_int_equal(d->footnotes[1].number, 1); /* b, from the trích yếu */
    assert_int_equal(d->footnotes[0].number, 2); /* a, in the first khoản's title */
    assert_int_equal(d->footnotes[2].number, 3); /* c, in its paragraph */
    assert_int_equal(d->footnotes[3].number, 0);
    assert_diag(f->diag, VB_SEVERITY_WARNING, 66, "\"d\" được khai báo nhưng");

    assert_run(&d->summary_rich, 1, "(1)", 0, 1);
    const vb_rich *para = &d->body[0].children[0].rich;
    assert_int_equal(para->count, 6);
    assert_run(para, 1, "(1)", 0, 1); /* b again: its number again */
    assert_run(para, 3, "(3)", 0, 3);
    assert_run(para, 5, "(2)", 0, 2);

    /* Footnote paragraphs get runs of their own. */
    assert_non_null(d->footnotes[0].rich);
    assert_int_equal(d->footnotes[0].rich[0].count, 3);
    assert_run(&d->footnotes[0].rich[0], 1, "a", B, 0);

    /* The PDF title leaves the call out. */
    assert_string_equal(d->title, "Báo cáo số 476/BC-UBND: Tình hình");
}

static void test_unknown_footnote_lists_known_ids(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    static const outline body[] = {{0, VB_NODE_PARAGRAPH, "Thu ngân sách[^quy2]"}};
    set_body(f->arena, d, body, 1);
    add_footnote(f->arena, d, "quy", "Quỹ 27/7.", 60);
    add_footnote(f->arena, d, "ngheo", "Quỹ vì người nghèo.", 62);
    assert_refused(f, d);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 100, "\"[^quy2]\" chưa được khai báo");
    assert_diag(f->diag, VB_SEVERITY_ERROR, 100, "các chú thích đã khai báo: quy, ngheo");

    /* More than three: the three nearest, nearest first, ties in the order declared. */
    d = base_doc(f->arena);
    static const outline many[] = {{0, VB_NODE_PARAGRAPH, "Thu[^quy9] và chi[^zzzzzzzz]"}};
    set_body(f->arena, d, many, 1);
    static const char *const ids[] = {"ngheo", "quy1", "dat", "quy", "quy2", "thue"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        add_footnote(f->arena, d, ids[i], "Chú thích.", 60 + 2 * (int)i);
    assert_refused(f, d);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 100, "\"[^quy9]\" chưa được khai báo trong "
                "chu_thich; các chú thích gần giống nhất: quy1, quy, quy2");
}

static void test_footnote_may_not_call_footnote(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->summary = str_at(f->arena, "Tình hình[^a]", 8);
    add_footnote(f->arena, d, "a", "Xem thêm[^b].", 60);
    add_footnote(f->arena, d, "b", "Chú b.", 62);
    assert_refused(f, d);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 61, "không được gọi chú thích khác (\"[^b]\")");
}

/* ---- labels ---- */

static void assert_labels(vb_document *d, size_t n, const char *const *expected)
{
    vb_node *flat[64];
    size_t k = 0;
    flatten(d->body, d->nbody, flat, &k);
    assert_int_equal(k, n);
    for (size_t i = 0; i < n; i++) {
        if (!expected[i]) {
            if (flat[i]->label)
                fail_msg("node %zu: label \"%s\", expected none", i, flat[i]->label);
            continue;
        }
        if (!flat[i]->label || strcmp(flat[i]->label, expected[i]) != 0)
            fail_msg("node %zu: label \"%s\", expected \"%s\"", i,
                     flat[i]->label ? flat[i]->label : "(null)", expected[i]);
    }
}

static const outline report_body[] = {
    {0, VB_NODE_PART, "Kết quả thực hiện nhiệm vụ"},
    {1, VB_NODE_SECTION, "công tác lãnh đạo"},
    {2, VB_NODE_ITEM, "Chỉ đạo triển khai."},
    {2, VB_NODE_ITEM, "Lĩnh vực kinh tế"},
    {3, VB_NODE_SUBITEM, "Thu, chi ngân sách"},
    {4, VB_NODE_PARAGRAPH, "Tổng thu đạt 75%."},
    {4, VB_NODE_DASH, "Về trồng trọt"},
    {5, VB_NODE_PLUS, "Lúa"},
    {5, VB_NODE_PLUS, "Ngô"},
    {3, VB_NODE_SUBITEM, "Nông nghiệp"},
    {4, VB_NODE_POINT, "một"},
    {4, VB_NODE_PARAGRAPH, "xen giữa"},
    {4, VB_NODE_POINT, "hai"},
    {4, VB_NODE_POINT, "ba"},
    {4, VB_NODE_POINT, "bốn"},
    {4, VB_NODE_POINT, "năm"},
    {4, VB_NODE_POINT, "sáu"},
    {1, VB_NODE_SECTION, "Văn hóa - xã hội"},
    {2, VB_NODE_ITEM, "Giáo dục"},
    {3, VB_NODE_SUBITEM, "Mầm non"},
    {0, VB_NODE_PART, "Phương hướng"},
    {1, VB_NODE_SECTION, "Nhiệm vụ"},
    {2, VB_NODE_SUBITEM, "Không có khoản cha"},
};
#define REPORT_NODES (sizeof report_body / sizeof report_body[0])

static void test_labels_report(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    set_body(f->arena, d, report_body, REPORT_NODES);
    assert_prepared(f, d);
    static const char *const expected[REPORT_NODES] = {
        "PHẦN THỨ NHẤT", "I.", "1.", "2.", "2.1.", NULL, "-", "+", "+", "2.2.", "a)", NULL,
        "b)", "c)", "d)", "đ)", "e)", "II.", "1.", "1.1.", "PHẦN THỨ HAI", "I.", "1.",
    };
    assert_labels(d, REPORT_NODES, expected);
    assert_string_equal(d->body[0].rich.runs[0].text, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ");
    assert_string_equal(d->body[0].children[0].rich.runs[0].text, "CÔNG TÁC LÃNH ĐẠO");
}

/* A number or marker takes the style of a bold or italic lead-in that opens its text, so one
 * list never mixes bold and upright numbers; kieu_so overrides it (issue 9 item 1). */
static const outline styled_body[] = {
    {0, VB_NODE_ITEM, "**Chủ trì:** Văn phòng"},
    {0, VB_NODE_ITEM, "Không đậm, **đậm** ở giữa"},
    {0, VB_NODE_POINT, "***Về trụ sở:*** xây mới"},
    {0, VB_NODE_DASH, "*Về nhân sự:* bổ sung"},
    {0, VB_NODE_PLUS, "**Về đất đai:** giao"},
    {0, VB_NODE_PARAGRAPH, "**Đoạn** không số"},
};

static void test_label_takes_lead_in_style(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    set_body(f->arena, d, styled_body, sizeof styled_body / sizeof styled_body[0]);
    d->body[4].number_style_given = true; /* kieu_so: thuong */
    d->body[4].number_style = VB_STYLE_REGULAR;
    assert_prepared(f, d);
    assert_string_equal(d->body[0].label, "1.");
    assert_int_equal(d->body[0].label_style, VB_STYLE_BOLD);
    assert_int_equal(d->body[1].label_style, VB_STYLE_REGULAR);
    assert_int_equal(d->body[2].label_style, VB_STYLE_BOLD_ITALIC);
    assert_int_equal(d->body[3].label_style, VB_STYLE_ITALIC);
    assert_int_equal(d->body[4].label_style, VB_STYLE_REGULAR);
    assert_null(d->body[5].label);
}

static void test_labels_roman_parts(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->presentation.numbering = VB_NUMBERING_ROMAN;
    set_body(f->arena, d, report_body, REPORT_NODES);
    assert_prepared(f, d);
    assert_string_equal(d->body[0].label, "Phần I");
    assert_string_equal(d->body[1].label, "Phần II");
    assert_string_equal(d->body[0].children[0].label, "I.");
}

static void test_labels_chapters_and_articles(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->type = vb_doc_type_find("quyet-dinh");
    static const outline body[] = {
        {0, VB_NODE_CHAPTER, "Quy định chung"},
        {1, VB_NODE_ARTICLE, "Phạm vi điều chỉnh"},
        {1, VB_NODE_ARTICLE, "Đối tượng áp dụng"},
        {0, VB_NODE_CHAPTER, "Quy định cụ thể"},
        {1, VB_NODE_SECTION, "Tổ chức"},
        {2, VB_NODE_ARTICLE, "Thành phần"},
        {3, VB_NODE_ITEM, "Chủ tịch"},
        {4, VB_NODE_POINT, "Điều hành"},
        {1, VB_NODE_SECTION, "Hoạt động"},
        {2, VB_NODE_ARTICLE, "Chế độ họp"},
        {0, VB_NODE_ARTICLE, "Hiệu lực"},
    };
    set_body(f->arena, d, body, 11);
    assert_prepared(f, d);
    static const char *const expected[] = {
        "Chương I", "Điều 1.", "Điều 2.", "Chương II", "Mục 1", "Điều 3.",
        "1.",       "a)",      "Mục 2",   "Điều 4.",   "Điều 5.",
    };
    assert_labels(d, 11, expected);
    /* Chapter and Mục titles are upper case; an article title is not. */
    assert_string_equal(d->body[1].children[0].rich.runs[0].text, "TỔ CHỨC");
    assert_string_equal(d->body[0].rich.runs[0].text, "QUY ĐỊNH CHUNG");
    assert_string_equal(d->body[1].children[0].children[0].rich.runs[0].text, "Thành phần");
}

static void test_heading_upper_case(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    static const outline body[] = {
        {0, VB_NODE_SECTION, "công tác **lãnh đạo**[^a], chỉ đạo"},
        {1, VB_NODE_ITEM, "đầu tư công"},
        {2, VB_NODE_PARAGRAPH, "x"},
    };
    set_body(f->arena, d, body, 3);
    add_footnote(f->arena, d, "a", "Chú.", 60);
    assert_prepared(f, d);
    const vb_rich *r = &d->body[0].rich;
    assert_int_equal(r->count, 4);
    assert_run(r, 0, "CÔNG TÁC ", 0, 0);
    assert_run(r, 1, "LÃNH ĐẠO", B, 0);
    assert_run(r, 2, "(1)", 0, 1); /* the call follows the closing mark */
    assert_run(r, 3, ", CHỈ ĐẠO", 0, 0);
    /* The raw text keeps its case; so does a khoản heading. */
    assert_string_equal(d->body[0].text.text, "công tác **lãnh đạo**[^a], chỉ đạo");
    assert_string_equal(d->body[0].children[0].rich.runs[0].text, "đầu tư công");
}

typedef struct {
    int n;
    const char *expected;
} numbered;

static void assert_numbering(fixture *f, const char *(*name)(vb_arena *, int),
                             const numbered *cases, size_t ncases)
{
    for (size_t i = 0; i < ncases; i++) {
        const char *got = name(f->arena, cases[i].n);
        if (!got || strcmp(got, cases[i].expected) != 0)
            fail_msg("%d: \"%s\", expected \"%s\"", cases[i].n, got ? got : "(null)",
                     cases[i].expected);
    }
}

static void test_number_helpers(void **state)
{
    fixture *f = *state;
    static const numbered letters[] = {
        {1, "a"},  {2, "b"},  {3, "c"},  {4, "d"},  {5, "đ"},  {6, "e"},   {7, "g"},   {8, "h"},
        {9, "i"},  {10, "k"}, {11, "l"}, {12, "m"}, {13, "n"}, {14, "o"},  {15, "p"},  {16, "q"},
        {17, "r"}, {18, "s"}, {19, "t"}, {20, "u"}, {21, "v"}, {22, "x"},  {23, "y"},  {24, "aa"},
        {28, "đđ"}, {47, "aaa"},
    };
    assert_numbering(f, vb_vietnamese_letter, letters, sizeof letters / sizeof letters[0]);

    static const numbered romans[] = {
        {1, "I"}, {4, "IV"}, {9, "IX"}, {14, "XIV"}, {40, "XL"}, {1994, "MCMXCIV"}, {3999, "MMMCMXCIX"},
    };
    assert_numbering(f, vb_roman, romans, sizeof romans / sizeof romans[0]);

    static const numbered ordinals[] = {
        {1, "NHẤT"},          {2, "HAI"},           {3, "BA"},           {4, "TƯ"},
        {5, "NĂM"},           {6, "SÁU"},           {7, "BẢY"},          {8, "TÁM"},
        {9, "CHÍN"},          {10, "MƯỜI"},         {11, "MƯỜI MỘT"},    {14, "MƯỜI BỐN"},
        {15, "MƯỜI LĂM"},     {20, "HAI MƯƠI"},     {21, "HAI MƯƠI MỐT"}, {25, "HAI MƯƠI LĂM"},
        {105, "MỘT TRĂM LẺ NĂM"},
    };
    assert_numbering(f, vb_ordinal_upper, ordinals, sizeof ordinals / sizeof ordinals[0]);
}

/* ---- generated lines ---- */

static void test_number_line(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    assert_prepared(f, d);
    assert_string_equal(d->number_line, "Số: 476/BC-UBND");
    assert_string_equal(d->title, "Báo cáo số 476/BC-UBND: Tình hình kinh tế - xã hội");

    d = base_doc(f->arena);
    d->number = 5;
    assert_prepared(f, d);
    assert_string_equal(d->number_line, "Số: 05/BC-UBND");

    d = base_doc(f->arena);
    d->number = 0;
    assert_prepared(f, d);
    assert_string_equal(d->number_line, "Số:       /BC-UBND");
    assert_string_equal(d->title, "Báo cáo: Tình hình kinh tế - xã hội");

    d = base_doc(f->arena);
    d->type = vb_doc_type_find("cong-van");
    d->number = 12;
    d->symbol = str_at(f->arena, "UBND-VX", 5);
    d->summary = str_at(f->arena, "góp ý **dự thảo**", 8);
    assert_prepared(f, d);
    assert_string_equal(d->number_line, "Số: 12/UBND-VX");
    assert_string_equal(d->title, "Công văn số 12/UBND-VX: V/v góp ý dự thảo");
}

static const char *date_line_for(fixture *f, int year, int month, int day)
{
    vb_document *d = base_doc(f->arena);
    d->year = year;
    d->month = month;
    d->day = day;
    assert_prepared(f, d);
    return d->date_line;
}

static void test_date_line(void **state)
{
    fixture *f = *state;
    assert_string_equal(date_line_for(f, 2024, 1, 5), "Bình Trung, ngày 05 tháng 01 năm 2024");
    assert_string_equal(date_line_for(f, 2023, 6, 29), "Bình Trung, ngày 29 tháng 6 năm 2023");
    assert_string_equal(date_line_for(f, 2024, 2, 10), "Bình Trung, ngày 10 tháng 02 năm 2024");
    assert_string_equal(date_line_for(f, 2023, 3, 1), "Bình Trung, ngày 01 tháng 3 năm 2023");
    assert_string_equal(date_line_for(f, 2023, 12, 31), "Bình Trung, ngày 31 tháng 12 năm 2023");
}

/* Parts a form goes without: no Nơi nhận for noi_nhan: [] (not even "Lưu", nor "Như trên"
 * with kinh_gui); no Số line without number and ký hiệu; no date line without ngay; no ": …"
 * after the type name in the PDF title without a trích yếu. */
static void test_parts_left_out(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->distribution = (vb_str_list){0};
    d->recipients = list_at(f->arena, 30, 1, "Ủy ban nhân dân huyện");
    assert_prepared(f, d);
    assert_int_equal(d->ndistribution_lines, 0);

    d = base_doc(f->arena);
    d->type = vb_doc_type_find("bien-ban");
    d->number = 0;
    d->symbol = (vb_str){0};
    d->year = d->month = d->day = 0;
    assert_prepared(f, d);
    assert_null(d->number_line);
    assert_null(d->date_line);
    assert_string_equal(d->title, "Biên bản: Tình hình kinh tế - xã hội");

    d = base_doc(f->arena);
    d->type = vb_doc_type_find("giay-moi");
    d->summary = (vb_str){0};
    assert_prepared(f, d);
    assert_string_equal(d->number_line, "Số: 476/GM-UBND");
    assert_string_equal(d->title, "Giấy mời số 476/GM-UBND");
}

/* The trích yếu keeps the lines the clerk broke it into (white space around a break goes);
 * the PDF title has them as one line. */
static void test_summary_keeps_its_lines(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->type = vb_doc_type_find("cong-van");
    d->symbol = str_at(f->arena, "UBND-NC", 5);
    d->summary = str_at(f->arena, "triển khai  Công văn \n  số 3653/VPCP-CĐS\n\ncủa **VPCP**\n", 8);
    assert_prepared(f, d);
    assert_string_equal(d->summary.text, "triển khai Công văn\nsố 3653/VPCP-CĐS\ncủa **VPCP**");
    assert_string_equal(d->title,
                        "Công văn số 476/UBND-NC: V/v triển khai Công văn số 3653/VPCP-CĐS của VPCP");
}

/* A day (month) 0 is left blank for the văn thư: a run of spaces layout sets 9 mm wide. */
static void test_date_line_blanks(void **state)
{
    fixture *f = *state;
    assert_string_equal(date_line_for(f, 2025, 12, 0), "Bình Trung, ngày        tháng 12 năm 2025");
    assert_string_equal(date_line_for(f, 2025, 2, 0), "Bình Trung, ngày        tháng 02 năm 2025");
    assert_string_equal(date_line_for(f, 2025, 0, 0),
                        "Bình Trung, ngày        tháng        năm 2025");
}

static void assert_lines(const char *const *lines, size_t n, const char *const *expected,
                         size_t nexpected)
{
    assert_int_equal(n, nexpected);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(lines[i], expected[i]);
}

static void test_distribution_lines(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->distribution = list_at(f->arena, 40, 5, "UBND huyện", "- TT Đảng ủy;", "• HĐND xã.",
                              "  +  Các ngành,  ", "–  Ban Chỉ huy Quân sự xã ;");
    assert_prepared(f, d);
    static const char *const plain[] = {"- UBND huyện;", "- TT Đảng ủy;", "- HĐND xã;",
                                        "- Các ngành;", "- Ban Chỉ huy Quân sự xã;", "- Lưu: VT."};
    assert_lines(d->distribution_lines, d->ndistribution_lines, plain, 6);

    d = base_doc(f->arena);
    d->recipients = list_at(f->arena, 30, 1, "Ủy ban nhân dân huyện");
    d->distribution = list_at(f->arena, 40, 2, "Như trên", "TT HĐND xã;");
    d->archive = str_at(f->arena, "VT, VP.", 45);
    assert_prepared(f, d);
    /* "Như trên" typed by the clerk is not repeated. */
    static const char *const with_recipients[] = {"- Như trên;", "- TT HĐND xã;",
                                                  "- Lưu: VT, VP."};
    assert_lines(d->distribution_lines, d->ndistribution_lines, with_recipients, 3);

    d = base_doc(f->arena);
    d->distribution = list_at(f->arena, 40, 2, "UBND huyện", " - ; ");
    d->archive = str_at(f->arena, "Lưu: VT", 45);
    assert_prepared(f, d);
    static const char *const skipped[] = {"- UBND huyện;", "- Lưu: VT."};
    assert_lines(d->distribution_lines, d->ndistribution_lines, skipped, 2);
}

/* A decision: "Căn cứ" added where the clerk left it out, ";" after each basis and "." after
 * the last line, the authority in capitals, "QUYẾT ĐỊNH:" to open the articles. */
/* Inline marks inside a Nơi nhận item are read, not printed (issue 9 item 6): the "- " and ";"
 * vanban adds stay upright; a "[" is printed as typed; a mark left open is said at its line. */
static void test_distribution_inline_marks(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->distribution = list_at(f->arena, 40, 2, "Sở Nội vụ *(để báo cáo)*", "UBND [^x] huyện");
    assert_prepared(f, d);
    assert_non_null(d->distribution_rich);
    const vb_rich *r = &d->distribution_rich[0];
    assert_int_equal(r->count, 3);
    assert_string_equal(r->runs[0].text, "- Sở Nội vụ ");
    assert_int_equal(r->runs[0].style, VB_STYLE_REGULAR);
    assert_string_equal(r->runs[1].text, "(để báo cáo)");
    assert_int_equal(r->runs[1].style, VB_STYLE_ITALIC);
    assert_string_equal(r->runs[2].text, ";");
    assert_int_equal(d->distribution_rich[1].count, 1);
    assert_string_equal(d->distribution_rich[1].runs[0].text, "- UBND [^x] huyện;");
    assert_string_equal(d->distribution_rich[2].runs[0].text, "- Lưu: VT.");

    d = base_doc(f->arena);
    d->distribution = list_at(f->arena, 40, 1, "Sở Nội vụ *(để báo cáo)");
    assert_refused(f, d);
    const vb_diagnostic *g = find_diag(f->diag, VB_SEVERITY_ERROR, 40, "noi_nhan: ký tự thứ 11");
    assert_non_null(g);
    assert_int_equal(g->column, 3);
}

static void test_decision_basis_lines(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->type = vb_doc_type_find("quyet-dinh");
    d->issuing_authority = list_at(f->arena, 60, 1, "Chủ tịch Ủy ban nhân dân xã Bình Trung");
    d->legal_bases = list_at(f->arena, 61, 3, "Luật Đất đai ngày 29 tháng 11 năm 2013",
                             "Căn cứ Nghị định số 43/2014/NĐ-CP;", "căn cứ Kế hoạch số 35/KH-UBND.");
    d->proposal = str_at(f->arena, "công chức Địa chính xã", 64);
    assert_prepared(f, d);
    static const char *const lines[] = {
        "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;", "Căn cứ Nghị định số 43/2014/NĐ-CP;",
        "Căn cứ Kế hoạch số 35/KH-UBND;", "Theo đề nghị của công chức Địa chính xã."};
    assert_lines(d->basis_lines, d->nbasis_lines, lines, 4);
    assert_string_equal(d->issuing_authority.items[0].text, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH TRUNG");
    assert_string_equal(d->enacting_line, "QUYẾT ĐỊNH:");

    /* without a proposal the last basis ends the list; a report opens no articles */
    d = base_doc(f->arena);
    d->legal_bases = list_at(f->arena, 61, 2, "Luật Đất đai", "Nghị định số 43/2014/NĐ-CP");
    assert_prepared(f, d);
    static const char *const two[] = {"Căn cứ Luật Đất đai;", "Căn cứ Nghị định số 43/2014/NĐ-CP."};
    assert_lines(d->basis_lines, d->nbasis_lines, two, 2);
    assert_null(d->enacting_line);

    /* a nghị quyết's "Xét Tờ trình …" is a basis of its own, never "Căn cứ Xét …" */
    d = base_doc(f->arena);
    d->type = vb_doc_type_find("nghi-quyet");
    d->legal_bases = list_at(f->arena, 61, 3, "Luật Tổ chức chính quyền địa phương",
                             "Xét Tờ trình số 12/TTr-UBND ngày 01/3/2024",
                             "xét báo cáo thẩm tra của Ban Pháp chế");
    assert_prepared(f, d);
    static const char *const own[] = {"Căn cứ Luật Tổ chức chính quyền địa phương;",
                                      "Xét Tờ trình số 12/TTr-UBND ngày 01/3/2024;",
                                      "Xét báo cáo thẩm tra của Ban Pháp chế."};
    assert_lines(d->basis_lines, d->nbasis_lines, own, 3);
    assert_string_equal(d->enacting_line, "QUYẾT NGHỊ:");

    /* a Government resolution leads into QUYẾT NGHỊ: with a ",": typed, it is kept */
    d = base_doc(f->arena);
    d->type = vb_doc_type_find("nghi-quyet");
    d->legal_bases = list_at(f->arena, 61, 2, "Luật Tổ chức Chính phủ;",
                             "Trên cơ sở kết quả biểu quyết của các Thành viên Chính phủ, ");
    assert_prepared(f, d);
    static const char *const comma[] = {
        "Căn cứ Luật Tổ chức Chính phủ;",
        "Trên cơ sở kết quả biểu quyết của các Thành viên Chính phủ,"};
    assert_lines(d->basis_lines, d->nbasis_lines, comma, 2);
}

/* kieu_can_cu: doan gives a kế hoạch's upright paragraphs, each ending ";" (the body goes on
 * from them); gop gives a tờ trình's one paragraph, "Căn cứ" written once. */
static void test_upright_basis_forms(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->type = vb_doc_type_find("ke-hoach");
    d->basis_form = VB_BASIS_PARAGRAPHS;
    d->legal_bases = list_at(f->arena, 61, 2, "Nghị quyết số 76/NQ-CP", "Chỉ thị số 23/CT-TTg.");
    assert_prepared(f, d);
    static const char *const paragraphs[] = {"Căn cứ Nghị quyết số 76/NQ-CP;",
                                             "Căn cứ Chỉ thị số 23/CT-TTg;"};
    assert_lines(d->basis_lines, d->nbasis_lines, paragraphs, 2);

    d = base_doc(f->arena);
    d->type = vb_doc_type_find("to-trinh");
    d->basis_form = VB_BASIS_JOINED;
    d->legal_bases = list_at(f->arena, 61, 4, "Căn cứ Nghị quyết số 76/NQ-CP", "-", "Chỉ thị số 23/CT-TTg;",
                             "Quyết định số 282/QĐ-TTg");
    assert_prepared(f, d);
    static const char *const joined[] = {
        "Căn cứ Nghị quyết số 76/NQ-CP; Chỉ thị số 23/CT-TTg; Quyết định số 282/QĐ-TTg;"};
    assert_lines(d->basis_lines, d->nbasis_lines, joined, 1);

    /* inline marks in a basis: read into runs; one left open is said at its own line */
    d = base_doc(f->arena);
    d->basis_form = VB_BASIS_JOINED;
    d->legal_bases = list_at(f->arena, 61, 2, "Quyết định số 378 (*gọi tắt là Ban Chỉ đạo*)",
                             "Quyết định số 688 [^x]");
    assert_prepared(f, d);
    assert_non_null(d->basis_rich);
    assert_int_equal(d->basis_rich[0].count, 3);
    assert_string_equal(d->basis_rich[0].runs[0].text, "Căn cứ Quyết định số 378 (");
    assert_string_equal(d->basis_rich[0].runs[1].text, "gọi tắt là Ban Chỉ đạo");
    assert_int_equal(d->basis_rich[0].runs[1].style, VB_STYLE_ITALIC);
    assert_string_equal(d->basis_rich[0].runs[2].text, "); Quyết định số 688 [^x];");
    d = base_doc(f->arena);
    d->legal_bases = list_at(f->arena, 61, 2, "Luật Đất đai", "Nghị định **số 43");
    assert_refused(f, d);
    assert_non_null(find_diag(f->diag, VB_SEVERITY_ERROR, 62, "can_cu: ký tự thứ 11"));
}

static void test_signer_lines(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->signer.on_behalf = list_at(f->arena, 51, 1, "Ủy ban nhân dân");
    d->signer.position = list_at(f->arena, 52, 1, "Chủ tịch");
    assert_prepared(f, d);
    static const char *const tm[] = {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, tm, 2);
    assert_string_equal(d->signer.name.items[0].text, "Hà Minh Phú");

    d = base_doc(f->arena);
    d->signer.capacity = str_at(f->arena, "KT", 50); /* as the loader leaves it */
    d->signer.on_behalf = list_at(f->arena, 51, 1, "chủ tịch");
    d->signer.position = list_at(f->arena, 52, 1, "phó chủ tịch");
    assert_prepared(f, d);
    static const char *const kt[] = {"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, kt, 2);

    /* a deputy signing for the head on behalf of the committee: three lines */
    d = base_doc(f->arena);
    d->signer.on_behalf = list_at(f->arena, 51, 1, "Ủy ban nhân dân");
    d->signer.deputy_for = str_at(f->arena, "chủ tịch", 53);
    d->signer.position = list_at(f->arena, 52, 1, "Phó Chủ tịch");
    assert_prepared(f, d);
    static const char *const tm_kt[] = {"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, tm_kt, 3);

    d = base_doc(f->arena);
    d->signer.capacity = (vb_str){0};
    d->signer.on_behalf = (vb_str_list){0};
    d->signer.position = list_at(f->arena, 52, 1, "Trưởng ban");
    assert_prepared(f, d);
    static const char *const none[] = {"TRƯỞNG BAN"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, none, 1);
}

/* Which characters a document may hold is the loader's rule (load.c): prepare transforms what
 * it is given and does not judge it a second time. */
static void test_no_content_rules_in_prepare(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->summary = str_at(f->arena, "Tình hình \xEF\xBF\xBD", 8);
    d->distribution = list_at(f->arena, 40, 2, "UBND huyện", " - ; ");
    d->place = str_at(f->arena, "Bình [^x] Trung", 6);
    d->signer.on_behalf = (vb_str_list){0};
    d->signer.position = list_at(f->arena, 52, 1, "Chủ tịch");
    assert_prepared(f, d);
    assert_int_equal(vb_diagnostics_count(f->diag), 0);
    static const char *const signer[] = {"CHỦ TỊCH"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, signer, 1);
}

/* ---- coverage ---- */

static void test_astral_characters_refused(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    static const outline body[] = {{0, VB_NODE_PARAGRAPH, "Vui 😀 quá 😀"}};
    set_body(f->arena, d, body, 1);
    assert_refused(f, d);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 100,
                "ký tự thứ 5: ký tự \"😀\" (U+1F600) không có trong phông chữ; hãy thay bằng ký "
                "tự khác");
    /* Once per place, not once per occurrence. */
    assert_int_equal(vb_diagnostics_errors(f->diag), 1);
}

static void test_coverage_with_real_fonts(void **state)
{
    fixture *f = *state;
    vb_fontset *fonts = vb_fontset_load(VB_TEST_FONT_DIR, f->diag);
    if (!fonts)
        fail_msg("the fonts in " VB_TEST_FONT_DIR " could not be loaded");
    vb_document *d = base_doc(f->arena);
    set_body(f->arena, d, report_body, REPORT_NODES);
    int rc = vb_prepare(d, fonts, f->arena, f->diag);
    if (rc != 0)
        print_diags(f->diag);
    assert_int_equal(rc, 0);

    d = base_doc(f->arena);
    d->signer.name = list_at(f->arena, 53, 1, "Hà 中 Phú");
    rc = vb_prepare(d, fonts, f->arena, f->diag);
    vb_fontset_free(fonts);
    assert_int_equal(rc, -1);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 53, "ký tự \"中\" (U+4E2D) không có trong phông chữ");
}

/* A character the font lacks in a Nơi nhận, căn cứ or luu item is the clerk's, reported at the
 * item under its own key; the generated line it also appears in adds no second message. */
static void test_missing_character_in_generated_line_reported_once(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->type = vb_doc_type_find("quyet-dinh");
    d->distribution = list_at(f->arena, 40, 1, "UBND 😀 huyện");
    d->archive = str_at(f->arena, "VT, 😁", 45);
    d->legal_bases = list_at(f->arena, 61, 1, "Luật 😂");
    assert_refused(f, d);
    if (vb_diagnostics_count(f->diag) != 3)
        print_diags(f->diag);
    assert_int_equal(vb_diagnostics_count(f->diag), 3);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 40, "noi_nhan: ký tự thứ 6: ký tự \"😀\"");
    assert_diag(f->diag, VB_SEVERITY_ERROR, 45, "luu: ký tự thứ 5: ký tự \"😁\"");
    assert_diag(f->diag, VB_SEVERITY_ERROR, 61, "can_cu: ký tự thứ 6: ký tự \"😂\"");
}

/* A combining mark NFC cannot join to the letter before it is drawn beside the letter: the
 * clerk is told where. Decomposed Vietnamese composes and says nothing. */
static void test_loose_combining_mark_warned(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    static const outline body[] = {
        {0, VB_NODE_PARAGRAPH, "Mã số q\xCC\x83 và x\xCC\x81"},
        {0, VB_NODE_PARAGRAPH, "Ke\xCC\x82\xCC\x81 hoa\xCC\xA3" "ch"},
    };
    set_body(f->arena, d, body, 2);
    assert_prepared(f, d);
    assert_diag(f->diag, VB_SEVERITY_WARNING, 100, "noi_dung: ký tự thứ 8: dấu kết hợp U+0303 "
                                                   "trong \"q\xCC\x83\"");
    assert_diag(f->diag, VB_SEVERITY_WARNING, 100, "còn chỗ khác");
    assert_int_equal(vb_diagnostics_count(f->diag), 1);
    assert_string_equal(d->body[1].text.text, "Kế hoạch");
}

/* Past the message cap every error still counts, the first error is still shown, and the list
 * ends with how many messages were left out. */
static void test_errors_count_past_the_message_cap(void **state)
{
    (void)state;
    vb_diagnostics *d = vb_diagnostics_new();
    for (int i = 0; i < 1500; i++)
        vb_diag_warning(d, "x.yaml", i + 1, 1, "cảnh báo %d", i);
    vb_diag_error(d, "x.yaml", 2000, 1, "lỗi thật");
    vb_diag_error(d, "x.yaml", 2001, 1, "lỗi nữa");
    assert_int_equal(vb_diagnostics_errors(d), 2);
    assert_non_null(find_diag(d, VB_SEVERITY_ERROR, 2000, "lỗi thật"));
    size_t n = vb_diagnostics_count(d);
    assert_int_equal(n, 1002);
    const vb_diagnostic *last = vb_diagnostic_get(d, n - 1);
    assert_int_equal(last->severity, VB_SEVERITY_ERROR);
    assert_string_equal(vb_diagnostic_format(d, n - 1),
                        "vanban: error: còn 501 thông báo khác không được hiển thị (1 lỗi, 500 "
                        "cảnh báo); hãy sửa các lỗi trên rồi chạy lại");
    vb_diagnostics_free(d);
}

/* The same through the stage: 1,000 footnotes never called (warnings), then a character the
 * font lacks (an error) is still refused and shown. */
static void test_error_after_many_warnings_is_shown(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    for (int i = 0; i < 1000; i++) {
        char id[16];
        snprintf(id, sizeof id, "n%d", i);
        add_footnote(f->arena, d, id, "Chú thích.", 200 + 2 * i);
    }
    d->signer.name = list_at(f->arena, 53, 1, "Hà 😀 Phú");
    assert_refused(f, d);
    assert_int_equal(vb_diagnostics_errors(f->diag), 1);
    assert_diag(f->diag, VB_SEVERITY_ERROR, 53, "nguoi_ky.ho_ten");
}

/* ---- running out of memory ---- */

/* A document that takes every path of the stage that allocates: NFD text (utf8proc), marks,
 * footnotes, upper-cased headings, a decision's bases, Nơi nhận, a three-line signature and a
 * character no font has (the coverage table). */
static vb_document *allocating_doc(vb_arena *a)
{
    vb_document *d = base_doc(a);
    d->type = vb_doc_type_find("quyet-dinh");
    d->summary = str_at(a, "Tình hi\xCC\x80nh **kinh tế**[^a]", 8);
    d->issuing_authority = list_at(a, 60, 1, "Chủ tịch Ủy ban nhân dân xã");
    d->legal_bases = list_at(a, 61, 2, "Luật Đất đai", "Căn cứ Nghị định 43;");
    d->proposal = str_at(a, "công chức Địa chính", 64);
    d->recipients = list_at(a, 30, 1, "UBND huyện");
    d->distribution = list_at(a, 40, 2, "Như trên", "- HĐND xã;");
    d->archive = str_at(a, "Lưu: VT, VP.", 45);
    d->signer.deputy_for = str_at(a, "chủ tịch", 54);
    set_body(a, d, report_body, REPORT_NODES);
    d->body[0].text = str_at(a, "Kết quả *thực hiện*[^b] 😀", 100);
    add_footnote(a, d, "a", "Chú **a**.", 70);
    add_footnote(a, d, "b", "Chú b.", 72);
    return d;
}

/* Every allocation of the stage in turn fails: each run ends with the one message saying so,
 * never a crash, never a success with something missing. */
static void test_every_allocation_failure_is_reported(void **state)
{
    (void)state;
    size_t n = 1;
    for (;; n++) {
        vb_arena *a = vb_arena_new();
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_document *d = allocating_doc(a);
        vb_arena_fail_in(a, n);
        int rc = vb_prepare(d, NULL, a, diag);
        bool failed = vb_arena_failed(a);
        assert_int_equal(rc, -1); /* the emoji is refused even when memory suffices */
        bool said = find_diag(diag, VB_SEVERITY_ERROR, 0, "hết bộ nhớ khi chuẩn bị") != NULL;
        vb_arena_free(a);
        vb_diagnostics_free(diag);
        if (!failed)
            break;
        if (!said)
            fail_msg("allocation %zu failed without a message", n);
        assert_true(n < 100000);
    }
    print_message("%zu allocations, each failed in turn\n", n - 1);
    assert_true(n > 50);
}

/* Authority chains, lines of thay_mat, the position under the name and several signers
 * (issue 9 items 4, 5). */
static void test_signer_chains_and_several(void **state)
{
    fixture *f = *state;
    vb_document *d = base_doc(f->arena);
    d->signer.capacity = (vb_str){0};
    d->signer.on_behalf = (vb_str_list){0};
    d->signer.chain = list_at(f->arena, 50, 2, "TL. Chủ tịch", "KT.chánh văn phòng");
    d->signer.position = list_at(f->arena, 52, 1, "Phó Chánh Văn phòng");
    assert_prepared(f, d);
    static const char *const tl_kt[] = {"TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG",
                                        "PHÓ CHÁNH VĂN PHÒNG"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, tl_kt, 3);

    d = base_doc(f->arena);
    d->signer.capacity = str_at(f->arena, "TL", 50);
    d->signer.on_behalf = list_at(f->arena, 51, 1, "Chủ tịch");
    d->signer.deputy_for = str_at(f->arena, "Chánh Văn phòng", 53);
    d->signer.position = list_at(f->arena, 52, 1, "Phó Chánh Văn phòng");
    assert_prepared(f, d);
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, tl_kt, 3);

    /* thay_mat over two lines: the prefix on the first; names and the position under them as
     * typed */
    d = base_doc(f->arena);
    d->signer.on_behalf = list_at(f->arena, 51, 2, "Hội đồng", "thẩm định");
    d->signer.position = list_at(f->arena, 52, 2, "Phó Chủ tịch", "Hội đồng");
    d->signer.name = list_at(f->arena, 53, 1, "Trần Ngọc Xuân");
    d->signer.position_below = list_at(f->arena, 54, 1, "PHÓ GIÁM ĐỐC SỞ NỘI VỤ");
    d->nother_signers = 1;
    d->other_signers = vb_arena_calloc(f->arena, 1, sizeof *d->other_signers);
    d->other_signers[0].position = list_at(f->arena, 60, 1, "Thư ký");
    d->other_signers[0].name = list_at(f->arena, 61, 1, "Hoàng Văn Thanh");
    assert_prepared(f, d);
    static const char *const tm2[] = {"TM. HỘI ĐỒNG", "THẨM ĐỊNH", "PHÓ CHỦ TỊCH", "HỘI ĐỒNG"};
    assert_lines(d->signer.title_lines, d->signer.ntitle_lines, tm2, 4);
    static const char *const names[] = {"Trần Ngọc Xuân", "PHÓ GIÁM ĐỐC SỞ NỘI VỤ"};
    assert_lines(d->signer.name_lines, d->signer.nname_lines, names, 2);
    static const char *const clerk[] = {"THƯ KÝ"};
    assert_lines(d->other_signers[0].title_lines, d->other_signers[0].ntitle_lines, clerk, 1);
    static const char *const clerk_name[] = {"Hoàng Văn Thanh"};
    assert_lines(d->other_signers[0].name_lines, d->other_signers[0].nname_lines, clerk_name, 1);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nfc_of_decomposed_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_offsets, setup, teardown),
        cmocka_unit_test(test_nfc_fast_path_agrees_with_utf8proc),
        cmocka_unit_test_setup_teardown(test_nfc_equals_utf8proc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitespace_collapse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_content_rules_in_prepare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escapes_and_literal_stars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footnote_call_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inline_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_mark_through_prepare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footnote_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_footnote_lists_known_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footnote_may_not_call_footnote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_roman_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_chapters_and_articles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heading_upper_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_label_takes_lead_in_style, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upright_basis_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distribution_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_distribution_inline_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decision_basis_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_astral_characters_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_with_real_fonts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_character_in_generated_line_reported_once,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_loose_combining_mark_warned, setup, teardown),
        cmocka_unit_test(test_errors_count_past_the_message_cap),
        cmocka_unit_test_setup_teardown(test_error_after_many_warnings_is_shown, setup, teardown),
        cmocka_unit_test(test_every_allocation_failure_is_reported),
        cmocka_unit_test_setup_teardown(test_date_line_blanks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parts_left_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary_keeps_its_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_chains_and_several, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
