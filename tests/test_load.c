/* Loader tests: every file in tests/bad/ must be refused with the diagnostic its first line
 * announces ("# expect: LINE:COL substring"), and valid input must land in the model exactly. */
#include "diagassert.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load.h"

#define BAD_DIR "tests/bad"

/* ---- helpers ---- */

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
    vb_document *doc;
} loaded;

static loaded load_text(const char *yaml, size_t len)
{
    loaded r;
    r.arena = vb_arena_new();
    r.diag = vb_diagnostics_new();
    assert_non_null(r.arena);
    assert_non_null(r.diag);
    r.doc = vb_load_yaml(yaml, len, "test.yaml", r.arena, r.diag);
    return r;
}

static loaded load_str(const char *yaml)
{
    return load_text(yaml, strlen(yaml));
}

static void unload(loaded *r)
{
    vb_arena_free(r->arena);
    vb_diagnostics_free(r->diag);
}

/* Prints every diagnostic, so a failing assertion shows why the loader refused. */
static void dump_diagnostics(const vb_diagnostics *d)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        print_message("  %s\n", vb_diagnostic_format(d, i));
}

static vb_document *expect_valid(loaded *r)
{
    if (!r->doc || vb_diagnostics_errors(r->diag) != 0)
        dump_diagnostics(r->diag);
    assert_non_null(r->doc);
    assert_int_equal(vb_diagnostics_errors(r->diag), 0);
    return r->doc;
}

/* Asserts the load failed and its first diagnostic is an error at line:col containing text. */
static void expect_first_error(loaded *r, int line, int col, const char *text)
{
    tu_expect_first_error(r->doc, r->diag, line, col, text);
}

static void assert_pos(vb_pos pos, int line, int col)
{
    assert_int_equal(pos.line, line);
    assert_int_equal(pos.col, col);
}

/* ---- the corpus of bad files ---- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct {
    int line, col;
    char text[512];
} expectation;

/* Parses "# expect: LINE:COL substring" from the first line of data. */
static bool parse_expectation(const char *data, size_t len, expectation *e)
{
    const char *prefix = "# expect: ";
    size_t plen = strlen(prefix);
    if (len < plen || memcmp(data, prefix, plen) != 0)
        return false;
    const char *p = data + plen;
    char *end;
    e->line = (int)strtol(p, &end, 10);
    if (*end != ':')
        return false;
    e->col = (int)strtol(end + 1, &end, 10);
    if (*end != ' ')
        return false;
    p = end + 1;
    const char *eol = memchr(p, '\n', len - (size_t)(p - data));
    size_t n = eol ? (size_t)(eol - p) : len - (size_t)(p - data);
    if (n == 0 || n >= sizeof e->text)
        return false;
    memcpy(e->text, p, n);
    e->text[n] = 0;
    return true;
}

/* Returns true when the file was refused as its expectation line says. */
static bool check_bad_file(const char *path)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    size_t len = 0;
    char *data = vb_read_file(path, &len, diag);
    if (!data) {
        print_message("%s: could not be read\n", path);
        dump_diagnostics(diag);
        vb_diagnostics_free(diag);
        return false;
    }
    expectation e;
    bool ok = parse_expectation(data, len, &e);
    if (!ok)
        print_message("%s: first line is not \"# expect: LINE:COL text\"\n", path);
    vb_arena *arena = vb_arena_new();
    vb_document *doc = ok ? vb_load_yaml(data, len, path, arena, diag) : NULL;
    const vb_diagnostic *g = vb_diagnostic_get(diag, 0);
    if (ok && doc) {
        print_message("%s: loaded, but should have been refused\n", path);
        ok = false;
    } else if (ok && !g) {
        print_message("%s: refused without any diagnostic\n", path);
        ok = false;
    } else if (ok && (g->severity != VB_SEVERITY_ERROR || g->line != e.line ||
                      g->column != e.col || !strstr(g->message, e.text))) {
        print_message("%s: expected %d:%d \"%s\", got:\n", path, e.line, e.col, e.text);
        dump_diagnostics(diag);
        ok = false;
    } else if (ok && (!g->file || strcmp(g->file, path) != 0)) {
        print_message("%s: the diagnostic does not name the file\n", path);
        ok = false;
    }
    vb_arena_free(arena);
    vb_diagnostics_free(diag);
    free(data);
    return ok;
}

static void test_bad_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(BAD_DIR);
    assert_non_null(dir);
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(dir)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n < 6 || strcmp(ent->d_name + n - 5, ".yaml") != 0)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        names[count] = malloc(strlen(BAD_DIR) + n + 2);
        assert_non_null(names[count]);
        sprintf(names[count], "%s/%s", BAD_DIR, ent->d_name);
        count++;
    }
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        if (!check_bad_file(names[i]))
            failures++;
        free(names[i]);
    }
    free(names);
    print_message("%zu bad files checked, %zu failed\n", count, failures);
    assert_true(count >= 40);
    assert_int_equal(failures, 0);
}

/* ---- inputs built at run time ---- */

static void test_empty_inputs(void **state)
{
    (void)state;
    loaded r = load_text("", 0);
    expect_first_error(&r, 0, 0, "tệp trống");
    unload(&r);

    r = load_text(NULL, 0);
    expect_first_error(&r, 0, 0, "tệp trống");
    unload(&r);

    r = load_str("\n   \n\t\r\n");
    expect_first_error(&r, 0, 0, "tệp trống");
    unload(&r);

    r = load_str("\xEF\xBB\xBF# chỉ chú thích\n  # nữa\n");
    expect_first_error(&r, 0, 0, "chỉ có chú thích");
    unload(&r);
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char data[] = "loai: bao-cao\nky_hieu: Ủ\0BND\n";
    loaded r = load_text(data, sizeof data - 1);
    /* Columns count characters: "ky_hieu: Ủ" is ten characters, so the NUL is the eleventh. */
    expect_first_error(&r, 2, 11, "NUL");
    unload(&r);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        int line, col;
    } cases[] = {
        {"loai: b\xE1o\n", 1, 8},         /* Windows-1258 byte */
        {"a: 1\nb: \x80\n", 2, 4},         /* lone continuation byte */
        {"a: \xC0\x80\n", 1, 4},           /* overlong NUL */
        {"a: \xED\xA0\x80\n", 1, 4},       /* UTF-16 surrogate */
        {"a: \xF5\x80\x80\x80\n", 1, 4},   /* beyond U+10FFFF */
        {"a: ầ\r\nb: ố\xE1\x80", 2, 5},    /* truncated at the end, after CRLF */
        {"\xEF\xBB\xBF" "a: b\xFF", 1, 5}, /* a byte order mark takes no column */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        loaded r = load_str(cases[i].data);
        expect_first_error(&r, cases[i].line, cases[i].col, "UTF-8");
        unload(&r);
    }
}

/* Issue 13: a file saved as "Unicode" in Notepad was blamed on TCVN3 or Windows-1258. */
static void test_utf16_and_utf32_named(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
        const char *encoding;
    } cases[] = {
        {"\xFF\xFEl\0o\0a\0i\0", 10, "dạng UTF-16"},
        {"\xFE\xFF\0l\0o\0a\0i", 10, "dạng UTF-16"},
        {"\xFF\xFE\0\0l\0\0\0", 8, "dạng UTF-32"},
        {"\0\0\xFE\xFF\0\0\0l", 8, "dạng UTF-32"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        loaded r = load_text(cases[i].data, cases[i].len);
        expect_first_error(&r, 1, 1, cases[i].encoding);
        unload(&r);
    }
}

static void test_control_character(void **state)
{
    (void)state;
    loaded r = load_str("a: 1\nb: x\x1B[0m\n");
    expect_first_error(&r, 2, 5, "U+001B");
    unload(&r);
}

/* 200,000 levels must stop at the bound, without recursion or a crash. */
static void test_deep_nesting_flow(void **state)
{
    (void)state;
    size_t levels = 200000;
    char *data = malloc(levels + 16);
    assert_non_null(data);
    strcpy(data, "x: ");
    memset(data + 3, '[', levels);
    data[3 + levels] = 0;
    loaded r = load_text(data, 3 + levels);
    /* The top mapping is level 1; the 64th "[" opens level 65, at column 3 + 64. */
    expect_first_error(&r, 1, 3 + VB_MAX_DEPTH, "lồng nhau quá sâu");
    unload(&r);
    free(data);
}

static void test_deep_nesting_block(void **state)
{
    (void)state;
    size_t levels = 200000;
    char *data = malloc(2 * levels + 4);
    assert_non_null(data);
    for (size_t i = 0; i < levels; i++)
        memcpy(data + 2 * i, "- ", 2);
    strcpy(data + 2 * levels, "x\n");
    loaded r = load_text(data, 2 * levels + 2);
    /* The dash that opens level 65 is the 65th, at column 2 * 64 + 1. */
    expect_first_error(&r, 1, 2 * VB_MAX_DEPTH + 1, "lồng nhau quá sâu");
    unload(&r);
    free(data);
}

static void test_deep_nesting_at_bound_is_accepted_by_the_parser(void **state)
{
    (void)state;
    /* Exactly VB_MAX_DEPTH levels: the tree is built, the refusal is about the content. */
    char data[VB_MAX_DEPTH * 2 + 16];
    strcpy(data, "x: ");
    memset(data + 3, '[', VB_MAX_DEPTH - 1);
    memset(data + 3 + VB_MAX_DEPTH - 1, ']', VB_MAX_DEPTH - 1);
    data[3 + 2 * (VB_MAX_DEPTH - 1)] = 0;
    loaded r = load_str(data);
    expect_first_error(&r, 1, 1, "khóa \"x\" không hợp lệ");
    unload(&r);
}

/* ---- a complete valid document ---- */

static const char full_doc[] =
    "loai: to-trinh\n"                                /* 1 */
    "co_quan_chu_quan: UBND HUYỆN A\n"                /* 2 */
    "co_quan:\n"                                      /* 3 */
    "  - ỦY BAN NHÂN DÂN\n"                           /* 4 */
    "  - XÃ BÌNH TRUNG\n"                             /* 5 */
    "so: 7\n"                                         /* 6 */
    "ky_hieu: UBND\n"                                 /* 7 */
    "dia_danh: Bình Trung\n"                          /* 8 */
    "ngay: 2024-02-29\n"                              /* 9 */
    "trich_yeu: Về việc xin kinh phí\n"               /* 10 */
    "ghi_chu: (Kèm theo dự toán)\n"                   /* 11 */
    "kinh_gui: [UBND huyện A, Phòng Tài chính]\n"     /* 12 */
    "noi_dung:\n"                                     /* 13 */
    "  - Căn cứ tình hình thực tế[^a].\n"             /* 14 */
    "  - phan: Tình hình\n"                           /* 15 */
    "    noi_dung:\n"                                 /* 16 */
    "      - khoan: Khoản có con\n"                   /* 17 */
    "        noi_dung:\n"                             /* 18 */
    "          - diem: Điểm a\n"                      /* 19 */
    "          - gach: Gạch đầu dòng\n"               /* 20 */
    "            dang: tieu-de\n"                     /* 21 */
    "      - khoan: Khoản không con\n"                /* 22 */
    "      - dang: doan\n"                            /* 23 */
    "        khoan: Khoản dạng đoạn\n"                /* 24 */
    "        noi_dung:\n"                             /* 25 */
    "          - cong: Ý cộng\n"                      /* 26 */
    "  - chuong: Chương một\n"                        /* 27 */
    "  - muc: Mục một\n"                              /* 28 */
    "  - dieu: Điều một\n"                            /* 29 */
    "  - tieu_khoan: Tiểu khoản\n"                    /* 30 */
    "    noi_dung: []\n"                              /* 31 */
    "chu_thich:\n"                                    /* 32 */
    "  a: Chú thích một.\n"                           /* 33 */
    "  b:\n"                                          /* 34 */
    "    - Đoạn một.\n"                               /* 35 */
    "    - Đoạn hai.\n"                               /* 36 */
    "noi_nhan:\n"                                     /* 37 */
    "  - UBND huyện\n"                                /* 38 */
    "  - Lưu trữ\n"                                   /* 39 */
    "luu: VT, VP\n"                                   /* 40 */
    "nguoi_ky:\n"                                     /* 41 */
    "  tham_quyen: KT.\n"                             /* 42 */
    "  thay_mat: CHỦ TỊCH\n"                          /* 43 */
    "  chuc_vu: PHÓ CHỦ TỊCH\n"                       /* 44 */
    "  ho_ten: Nguyễn Văn A\n"                        /* 45 */
    "trinh_bay:\n"                                    /* 46 */
    "  co_chu: 13\n"                                  /* 47 */
    "  gian_dong: 1,5\n"                              /* 48 */
    "  gian_doan: 12\n"                               /* 49 */
    "  thut_dau_dong: 10\n"                           /* 50 */
    "  le_tren: 25\n"                                 /* 51 */
    "  le_duoi: 22.5\n"                               /* 52 */
    "  le_trai: 35\n"                                 /* 53 */
    "  le_phai: 20\n"                                 /* 54 */
    "  danh_so_phan: la-ma\n"                         /* 55 */
    "  phong_chu: /usr/share/fonts/times\n";          /* 56 */

static void test_full_document_header(void **state)
{
    (void)state;
    loaded r = load_str(full_doc);
    vb_document *doc = expect_valid(&r);
    assert_string_equal(doc->file, "test.yaml");
    assert_non_null(doc->type);
    assert_string_equal(doc->type->slug, "to-trinh");
    assert_pos(doc->type_pos, 1, 7);
    assert_int_equal(doc->parent_body.count, 1);
    assert_string_equal(doc->parent_body.items[0].text, "UBND HUYỆN A");
    assert_int_equal(doc->issuing_body.count, 2);
    assert_string_equal(doc->issuing_body.items[0].text, "ỦY BAN NHÂN DÂN");
    assert_string_equal(doc->issuing_body.items[1].text, "XÃ BÌNH TRUNG");
    assert_pos(doc->issuing_body.items[1].pos, 5, 5);
    assert_int_equal(doc->number, 7);
    assert_pos(doc->number_pos, 6, 5);
    assert_string_equal(doc->symbol.text, "UBND");
    assert_string_equal(doc->place.text, "Bình Trung");
    assert_pos(doc->place.pos, 8, 11);
    assert_int_equal(doc->year, 2024);
    assert_int_equal(doc->month, 2);
    assert_int_equal(doc->day, 29);
    assert_pos(doc->date_pos, 9, 7);
    assert_string_equal(doc->summary.text, "Về việc xin kinh phí");
    assert_string_equal(doc->summary_note.text, "(Kèm theo dự toán)");
    assert_int_equal(doc->recipients.count, 2);
    assert_string_equal(doc->recipients.items[1].text, "Phòng Tài chính");
    /* Columns are characters, not bytes: "UBND huyện A" is 12 characters but 14 bytes. */
    assert_pos(doc->recipients.items[1].pos, 12, 26);
    assert_int_equal(doc->distribution.count, 2);
    assert_string_equal(doc->distribution.items[0].text, "UBND huyện");
    assert_string_equal(doc->archive.text, "VT, VP");
    unload(&r);
}

static void test_full_document_body(void **state)
{
    (void)state;
    loaded r = load_str(full_doc);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->nbody, 6);
    const vb_node *b = doc->body;

    assert_int_equal(b[0].kind, VB_NODE_PARAGRAPH);
    assert_false(b[0].heading);
    assert_string_equal(b[0].text.text, "Căn cứ tình hình thực tế[^a].");
    assert_pos(b[0].pos, 14, 5);

    const vb_node *part = &b[1];
    assert_int_equal(part->kind, VB_NODE_PART);
    assert_true(part->heading);
    assert_pos(part->pos, 15, 5);
    assert_pos(part->text.pos, 15, 11);
    assert_string_equal(part->text.text, "Tình hình");
    assert_int_equal(part->nchildren, 3);

    const vb_node *item = &part->children[0];
    assert_int_equal(item->kind, VB_NODE_ITEM);
    assert_true(item->heading); /* has children */
    assert_pos(item->pos, 17, 9);
    assert_int_equal(item->nchildren, 2);
    assert_int_equal(item->children[0].kind, VB_NODE_POINT);
    assert_false(item->children[0].heading); /* no children, no dang */
    assert_int_equal(item->children[1].kind, VB_NODE_DASH);
    assert_true(item->children[1].heading); /* dang: tieu-de */
    assert_string_equal(item->children[1].text.text, "Gạch đầu dòng");

    assert_int_equal(part->children[1].kind, VB_NODE_ITEM);
    assert_false(part->children[1].heading);
    assert_int_equal(part->children[1].nchildren, 0);

    const vb_node *para_item = &part->children[2];
    assert_int_equal(para_item->kind, VB_NODE_ITEM);
    assert_false(para_item->heading); /* dang: doan despite children */
    assert_string_equal(para_item->text.text, "Khoản dạng đoạn");
    assert_int_equal(para_item->nchildren, 1);
    assert_int_equal(para_item->children[0].kind, VB_NODE_PLUS);
    assert_pos(para_item->pos, 23, 9); /* the mapping starts at its first key, "dang" */

    assert_int_equal(b[2].kind, VB_NODE_CHAPTER);
    assert_true(b[2].heading);
    assert_int_equal(b[3].kind, VB_NODE_SECTION);
    assert_true(b[3].heading);
    assert_int_equal(b[4].kind, VB_NODE_ARTICLE);
    assert_true(b[4].heading);
    assert_int_equal(b[5].kind, VB_NODE_SUBITEM);
    assert_false(b[5].heading); /* an empty children list is no children */
    assert_int_equal(b[5].nchildren, 0);
    for (size_t i = 0; i < doc->nbody; i++)
        assert_null(b[i].label); /* labels are prepare's job */
    unload(&r);
}

static void test_full_document_footnotes_signer_presentation(void **state)
{
    (void)state;
    loaded r = load_str(full_doc);
    vb_document *doc = expect_valid(&r);

    assert_int_equal(doc->nfootnotes, 2);
    assert_string_equal(doc->footnotes[0].id.text, "a");
    assert_pos(doc->footnotes[0].id.pos, 33, 3);
    assert_int_equal(doc->footnotes[0].nparagraphs, 1);
    assert_string_equal(doc->footnotes[0].paragraphs[0].text, "Chú thích một.");
    assert_string_equal(doc->footnotes[1].id.text, "b");
    assert_int_equal(doc->footnotes[1].nparagraphs, 2);
    assert_string_equal(doc->footnotes[1].paragraphs[1].text, "Đoạn hai.");
    assert_pos(doc->footnotes[1].paragraphs[1].pos, 36, 7);
    assert_int_equal(doc->footnotes[0].number, 0);

    const vb_signer *s = &doc->signer;
    assert_string_equal(s->capacity.text, "KT"); /* trailing dot removed */
    assert_pos(s->capacity.pos, 42, 15);
    assert_string_equal(s->on_behalf.items[0].text, "CHỦ TỊCH");
    assert_string_equal(s->position.items[0].text, "PHÓ CHỦ TỊCH");
    assert_string_equal(s->name.items[0].text, "Nguyễn Văn A");
    assert_pos(s->pos, 42, 3);

    const vb_presentation *p = &doc->presentation;
    assert_float_equal(p->font_size, 13, 1e-12);
    assert_float_equal(p->line_spacing, 1.5, 1e-12); /* written "1,5" */
    assert_float_equal(p->para_spacing, 12, 1e-12);
    assert_float_equal(p->indent_mm, 10, 1e-12);
    assert_float_equal(p->margin_top, 25, 1e-12);
    assert_float_equal(p->margin_bottom, 22.5, 1e-12);
    assert_float_equal(p->margin_left, 35, 1e-12);
    assert_float_equal(p->margin_right, 20, 1e-12);
    assert_int_equal(p->numbering, VB_NUMBERING_ROMAN);
    assert_string_equal(p->font_dir, "/usr/share/fonts/times");
    unload(&r);
}

static const char minimal_doc[] = "loai: cong-van\n"
                                  "co_quan: UBND XÃ A\n"
                                  "ky_hieu: UBND-VX\n"
                                  "dia_danh: A\n"
                                  "ngay: 2023-01-05\n"
                                  "trich_yeu: Về việc thử\n"
                                  "noi_dung: [Đoạn một.]\n"
                                  "noi_nhan: Như trên\n"
                                  "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}\n";

static void test_defaults(void **state)
{
    (void)state;
    loaded r = load_str(minimal_doc);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(vb_diagnostics_count(r.diag), 0);
    assert_string_equal(doc->type->slug, "cong-van");
    assert_null(doc->type->abbr);
    assert_int_equal(doc->number, 0);
    assert_int_equal(doc->parent_body.count, 0);
    assert_null(doc->parent_body.items);
    assert_int_equal(doc->issuing_body.count, 1);
    assert_null(doc->summary_note.text);
    assert_int_equal(doc->recipients.count, 0);
    assert_int_equal(doc->nfootnotes, 0);
    assert_int_equal(doc->distribution.count, 1);
    assert_string_equal(doc->distribution.items[0].text, "Như trên");
    assert_string_equal(doc->archive.text, "VT");
    assert_null(doc->signer.capacity.text);
    assert_int_equal(doc->signer.on_behalf.count, 0);
    assert_string_equal(doc->signer.name.items[0].text, "Lê B");
    assert_pos(doc->signer.pos, 9, 11); /* the flow mapping's "{" */
    const vb_presentation *p = &doc->presentation;
    assert_float_equal(p->font_size, 14, 0);
    assert_float_equal(p->line_spacing, 1.1, 0);
    assert_float_equal(p->para_spacing, 6, 0);
    assert_float_equal(p->indent_mm, 12.7, 0);
    assert_float_equal(p->margin_top, 20, 0);
    assert_float_equal(p->margin_bottom, 20, 0);
    assert_float_equal(p->margin_left, 30, 0);
    assert_float_equal(p->margin_right, 20, 0);
    assert_int_equal(p->numbering, VB_NUMBERING_PHAN_THU);
    assert_null(p->font_dir);
    unload(&r);
}

/* Builds minimal_doc with one line replaced (or appended when old is NULL). */
static char *variant(const char *old, const char *replacement)
{
    size_t n = strlen(minimal_doc) + strlen(replacement) + 2;
    char *out = malloc(n);
    assert_non_null(out);
    if (!old) {
        snprintf(out, n, "%s%s\n", minimal_doc, replacement);
        return out;
    }
    const char *at = strstr(minimal_doc, old);
    assert_non_null(at);
    snprintf(out, n, "%.*s%s%s", (int)(at - minimal_doc), minimal_doc, replacement,
             at + strlen(old));
    return out;
}

static void test_number_forms(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        long number;
    } cases[] = {
        {"so: 05", 5}, {"so: '476'", 476}, {"so:", 0}, {"so: ~", 0},
        {"so: 9999999", 9999999}, {"so: 1", 1}, {"so: \"\"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *yaml = variant(NULL, cases[i].line);
        loaded r = load_str(yaml);
        vb_document *doc = expect_valid(&r);
        assert_int_equal(doc->number, cases[i].number);
        unload(&r);
        free(yaml);
    }
}

static void test_leap_days(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int year, month, day;
    } good[] = {
        {"ngay: 2024-02-29", 2024, 2, 29},
        {"ngay: 2000-02-29", 2000, 2, 29},
        {"ngay: '2023-12-31'", 2023, 12, 31},
        {"ngay: 1999-01-31", 1999, 1, 31},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *yaml = variant("ngay: 2023-01-05", good[i].line);
        loaded r = load_str(yaml);
        vb_document *doc = expect_valid(&r);
        assert_int_equal(doc->year, good[i].year);
        assert_int_equal(doc->month, good[i].month);
        assert_int_equal(doc->day, good[i].day);
        unload(&r);
        free(yaml);
    }
    char *yaml = variant("ngay: 2023-01-05", "ngay: 2100-02-29");
    loaded r = load_str(yaml);
    expect_first_error(&r, 5, 7, "không có ngày 29 tháng 02 năm 2100");
    unload(&r);
    free(yaml);
    /* every month's last day, and the day after it */
    static const int last_day[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        for (int d = last_day[m - 1]; d <= last_day[m - 1] + 1; d++) {
            char line[32], said[64];
            snprintf(line, sizeof line, "ngay: 2023-%02d-%02d", m, d);
            yaml = variant("ngay: 2023-01-05", line);
            r = load_str(yaml);
            if (d == last_day[m - 1]) {
                assert_int_equal(expect_valid(&r)->day, d);
            } else {
                snprintf(said, sizeof said, "không có ngày %02d tháng %02d năm 2023", d, m);
                expect_first_error(&r, 5, 7, said);
            }
            unload(&r);
            free(yaml);
        }
    }
}

static void test_range_edges_accepted(void **state)
{
    (void)state;
    static const char *const edges[] = {
        "trinh_bay: {co_chu: 14, gian_dong: 1, gian_doan: 6, thut_dau_dong: '12,7'}",
        "trinh_bay: {le_tren: 20, le_duoi: 25, le_trai: 30, le_phai: 15}",
        "trinh_bay: {le_tren: '25', le_duoi: 20.0, le_trai: 35, le_phai: 20}",
        "trinh_bay: {co_chu: 13.5, danh_so_phan: phan-thu}",
        "trinh_bay:",
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        char *yaml = variant(NULL, edges[i]);
        loaded r = load_str(yaml);
        vb_document *doc = expect_valid(&r);
        assert_true(doc->presentation.font_size >= 13 && doc->presentation.font_size <= 14);
        assert_true(doc->presentation.indent_mm >= 10 && doc->presentation.indent_mm <= 12.7);
        unload(&r);
        free(yaml);
    }
}

static void test_heading_rule_with_dang_on_section_warns(void **state)
{
    (void)state;
    char *yaml =
        variant("noi_dung: [Đoạn một.]", "noi_dung:\n  - muc: Mục một\n    dang: doan");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_true(doc->body[0].heading);
    assert_int_equal(vb_diagnostics_count(r.diag), 1);
    const vb_diagnostic *g = vb_diagnostic_get(r.diag, 0);
    assert_int_equal(g->severity, VB_SEVERITY_WARNING);
    assert_int_equal(g->line, 9); /* at the dang value */
    assert_non_null(strstr(g->message, "luôn là tiêu đề"));
    unload(&r);
    free(yaml);
}

/* "Điều 1." in bold and ordinary text after it: the article of an individual decision. */
static void test_article_in_paragraph_form(void **state)
{
    (void)state;
    char *yaml = variant("noi_dung: [Đoạn một.]",
                         "noi_dung:\n  - dieu: Phạm vi điều chỉnh\n  - dieu: Thành lập Tổ công tác.\n"
                         "    dang: doan");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->nbody, 2);
    assert_true(doc->body[0].heading);
    assert_false(doc->body[1].heading);
    assert_int_equal(vb_diagnostics_count(r.diag), 0);
    unload(&r);
    free(yaml);
}

/* Texts that only look like a typed number stay as written: a thousands separator, a year, a
 * word, a place name, a hyphenated word, a negative number, and any plain paragraph. */
static void test_text_starting_with_a_number_in_context_is_kept(void **state)
{
    (void)state;
    char *yaml = variant("noi_dung: [Đoạn một.]",
                         "noi_dung:\n"
                         "  - khoan: 1.000 hộ dân đã đăng ký\n"
                         "  - tieu_khoan: 1.000 hộ dân\n"
                         "  - khoan: 2023 là năm bản lề\n"
                         "  - diem: a ha\n"
                         "  - diem: a.m. là sáng\n"
                         "  - muc: Ia Grai\n"
                         "  - muc: I-ốt cho trẻ em\n"
                         "  - muc: Mục tiêu\n"
                         "  - chuong: Chương trình hành động\n"
                         "  - phan: Phần mềm quản lý\n"
                         "  - dieu: Điều 3 Quyết định số 12 được sửa như sau\n"
                         "    dang: doan\n"
                         "  - gach: \"-5 °C về đêm\"\n"
                         "  - 1. Đoạn văn không có số tự đánh\n"
                         "  - \"- Đoạn văn\"");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->nbody, 14);
    assert_string_equal(doc->body[0].text.text, "1.000 hộ dân đã đăng ký");
    assert_string_equal(doc->body[5].text.text, "Ia Grai");
    assert_int_equal(vb_diagnostics_count(r.diag), 0);
    unload(&r);
    free(yaml);
}

/* A number typed before the text of a numbered block would be printed twice: refused at the
 * text, saying what to remove, whether written composed or decomposed. */
static void test_typed_number_refused_at_the_text(void **state)
{
    (void)state;
    char *yaml = variant("noi_dung: [Đoạn một.]", "noi_dung:\n  - muc:   I. MỤC TIÊU");
    loaded r = load_str(yaml);
    expect_first_error(&r, 8, 12, "muc: \"I. MỤC TIÊU\" bắt đầu bằng số \"I.\" mà vanban tự "
                                  "đánh; hãy bỏ \"I. \"");
    unload(&r);
    free(yaml);
    yaml = variant("noi_dung: [Đoạn một.]",
                   "noi_dung:\n  - dieu: \"\u0110i\u00ea\u0300u 1. Pha\u0323m vi\"");
    r = load_str(yaml);
    expect_first_error(&r, 8, 11, "hãy bỏ \"Điều 1. \"");
    unload(&r);
    free(yaml);
}

/* kieu_so, giua and kieu_can_cu (issue 9 items 1 and 6): read into the model; a wrong value,
 * and a number style on a block that has no number, refused at the value. */
static void test_number_style_centred_and_basis_form(void **state)
{
    (void)state;
    char *yaml = variant("noi_dung: [Đoạn một.]",
                         "kieu_can_cu: gop\n"
                         "noi_dung:\n  - khoan: Một\n    kieu_so: dam-nghieng\n"
                         "  - giua: \"*(Phân công đính kèm)*\"");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->basis_form, VB_BASIS_JOINED);
    assert_true(doc->body[0].number_style_given);
    assert_int_equal(doc->body[0].number_style, VB_STYLE_BOLD_ITALIC);
    assert_false(doc->body[0].centred);
    assert_int_equal(doc->body[1].kind, VB_NODE_PARAGRAPH);
    assert_true(doc->body[1].centred);
    assert_false(doc->body[1].number_style_given);
    unload(&r);
    free(yaml);

    yaml = variant("noi_dung: [Đoạn một.]", "noi_dung:\n  - khoan: Một\n    kieu_so: dâm");
    r = load_str(yaml);
    expect_first_error(&r, 9, 14, "kieu_so \"dâm\" không hợp lệ: chỉ dùng");
    unload(&r);
    free(yaml);

    yaml = variant("noi_dung: [Đoạn một.]", "noi_dung:\n  - giua: Ghi chú\n    kieu_so: dam");
    r = load_str(yaml);
    expect_first_error(&r, 9, 14, "kieu_so chỉ dùng cho khối có số hoặc dấu đầu dòng");
    unload(&r);
    free(yaml);

    yaml = variant(NULL, "kieu_can_cu: doan-van");
    r = load_str(yaml);
    expect_first_error(&r, 10, 14, "kieu_can_cu \"doan-van\" không hợp lệ: chỉ dùng");
    unload(&r);
    free(yaml);
}

static void test_on_behalf_without_authority_warns(void **state)
{
    (void)state;
    char *yaml = variant("nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}",
                         "nguoi_ky: {thay_mat: UBND, chuc_vu: CHỦ TỊCH, ho_ten: Lê B}");
    loaded r = load_str(yaml);
    expect_valid(&r);
    const vb_diagnostic *g = vb_diagnostic_get(r.diag, 0);
    assert_non_null(g);
    assert_int_equal(g->severity, VB_SEVERITY_WARNING);
    assert_non_null(strstr(g->message, "thay_mat"));
    unload(&r);
    free(yaml);
}

/* Rules prepare used to check, now here only: a footnote call where marks are not read, and
 * a Nơi nhận or căn cứ line made only of the marks vanban adds itself. */
static void test_footnote_call_and_mark_only_lines_warn(void **state)
{
    (void)state;
    char *yaml = variant("noi_nhan: Như trên\nnguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}",
                         "noi_nhan: [UBND huyện, \" - ;\"]\ncan_cu: [\"–.\"]\n"
                         "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: \"Lê B[^1]\"}");
    loaded r = load_str(yaml);
    expect_valid(&r);
    static const struct {
        int line, col;
        const char *text;
    } expected[] = {
        {8, 24, "noi_nhan: dòng thứ 2 trống, bỏ qua"},
        {9, 10, "can_cu: dòng thứ 1 trống, bỏ qua"},
        {10, 39, "nguoi_ky.ho_ten: lời gọi chú thích \"[^…]\" chỉ dùng được trong trich_yeu, "
                 "noi_dung, chu_thich và phu_luc; ở đây nó được in nguyên văn"},
    };
    assert_int_equal(vb_diagnostics_count(r.diag), 3);
    for (size_t i = 0; i < 3; i++) {
        const vb_diagnostic *g = vb_diagnostic_get(r.diag, i);
        if (g->line != expected[i].line || g->column != expected[i].col ||
            strcmp(g->message, expected[i].text) != 0)
            dump_diagnostics(r.diag);
        assert_int_equal(g->severity, VB_SEVERITY_WARNING);
        assert_int_equal(g->line, expected[i].line);
        assert_int_equal(g->column, expected[i].col);
        assert_string_equal(g->message, expected[i].text);
    }
    unload(&r);
    free(yaml);
}

/* Decomposed text is the prepare stage's business: the loader keeps the bytes as written. */
static void test_decomposed_text_passes_unchanged(void **state)
{
    (void)state;
    const char *nfd_place = "Bi\xCC\x80nh Trung"; /* "Bình" as i + combining grave */
    const char *nfd_title = "Ve\xCC\x82\xCC\x80 vie\xCC\xA3\xCC\x82" "c"; /* "Về việc" */
    char line[128];
    snprintf(line, sizeof line, "dia_danh: %s", nfd_place);
    char *step = variant("dia_danh: A", line);
    char title[128];
    snprintf(title, sizeof title, "trich_yeu: %s", nfd_title);
    const char *at = strstr(step, "trich_yeu: Về việc thử");
    assert_non_null(at);
    char yaml[1024];
    snprintf(yaml, sizeof yaml, "%.*s%s%s", (int)(at - step), step, title,
             at + strlen("trich_yeu: Về việc thử"));
    free(step);
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_memory_equal(doc->place.text, nfd_place, strlen(nfd_place) + 1);
    assert_memory_equal(doc->summary.text, nfd_title, strlen(nfd_title) + 1);
    unload(&r);
}

static void test_aliases_within_bound(void **state)
{
    (void)state;
    const char *yaml = "loai: bao-cao\n"
                       "co_quan: &cq [ỦY BAN NHÂN DÂN, XÃ A]\n"
                       "ky_hieu: &kh UBND\n"
                       "dia_danh: A\n"
                       "ngay: 2023-01-05\n"
                       "trich_yeu: *kh\n"
                       "noi_dung:\n"
                       "  - &khoan {khoan: Khoản lặp}\n"
                       "  - *khoan\n"
                       "noi_nhan: *cq\n"
                       "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}\n";
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_string_equal(doc->summary.text, "UBND");
    assert_int_equal(doc->distribution.count, 2);
    assert_string_equal(doc->distribution.items[1].text, "XÃ A");
    assert_int_equal(doc->nbody, 2);
    assert_int_equal(doc->body[1].kind, VB_NODE_ITEM);
    assert_string_equal(doc->body[1].text.text, "Khoản lặp");
    /* Each use is its own copy, so preparing one in place cannot change the other. */
    assert_ptr_not_equal(doc->body[0].text.text, doc->body[1].text.text);
    unload(&r);
}

/* Builds a document whose footnotes use an anchored list of 99 paragraphs `uses` times:
 * each use expands to 100 nodes, so 100 uses reach VB_MAX_ALIAS_EXPANSION exactly. */
static char *alias_budget_doc(int uses)
{
    size_t cap = 64 * 1024;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n = (size_t)snprintf(out, cap, "%s", minimal_doc);
    n += (size_t)snprintf(out + n, cap - n, "ghi_chu: x\nchu_thich:\n  p: &p [");
    for (int i = 0; i < 99; i++)
        n += (size_t)snprintf(out + n, cap - n, "%sd", i ? ", " : "");
    n += (size_t)snprintf(out + n, cap - n, "]\n");
    for (int i = 0; i < uses; i++)
        n += (size_t)snprintf(out + n, cap - n, "  f%d: *p\n", i);
    assert_true(n < cap);
    return out;
}

static void test_alias_budget_boundary(void **state)
{
    (void)state;
    assert_int_equal(VB_MAX_ALIAS_EXPANSION, 10000);
    char *yaml = alias_budget_doc(100);
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->nfootnotes, 101);
    assert_int_equal(doc->footnotes[100].nparagraphs, 99);
    unload(&r);
    free(yaml);

    yaml = alias_budget_doc(101);
    r = load_str(yaml);
    /* minimal_doc has 9 lines, then ghi_chu, chu_thich, p; f100 is on line 13 + 100. */
    expect_first_error(&r, 113, 9, "bí danh");
    unload(&r);
    free(yaml);
}

/* A document whose noi_dung repeats an anchored paragraph of `text_bytes` bytes `uses` times. */
static char *alias_text_doc(size_t text_bytes, int uses)
{
    size_t cap = text_bytes + 64 * 1024;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n = (size_t)snprintf(out, cap, "%s", minimal_doc);
    n += (size_t)snprintf(out + n, cap - n, "ghi_chu: x\nchu_thich:\n  p: &p \"");
    memset(out + n, 'a', text_bytes);
    n += text_bytes;
    n += (size_t)snprintf(out + n, cap - n, "\"\n");
    for (int i = 0; i < uses; i++)
        n += (size_t)snprintf(out + n, cap - n, "  f%d: *p\n", i);
    assert_true(n < cap);
    return out;
}

/* Issue 13: 1,000 aliases of a 100 KB text stayed under the node budget and took 26 s and
 * 3.4 GB to render a 12.7 MB PDF. The text aliases repeat is capped at the file's own size
 * (at least VB_MIN_ALIAS_BYTES). */
static void test_alias_text_budget(void **state)
{
    (void)state;
    char *yaml = alias_text_doc(100 * 1024, 10); /* 1,000 KB: within the 1 MB floor */
    loaded r = load_str(yaml);
    expect_valid(&r);
    unload(&r);
    free(yaml);

    yaml = alias_text_doc(100 * 1024, 1000);
    r = load_str(yaml);
    /* The eleventh use passes 1 MB: line 12 holds p, f0 is on line 13. */
    expect_first_error(&r, 23, 8, "lặp lại quá nhiều chữ");
    unload(&r);
    free(yaml);
}

static void test_yaml_styles(void **state)
{
    (void)state;
    const char *yaml = "\xEF\xBB\xBF"
                       "loai: bao-cao\r\n"
                       "\"co_quan\": 'UBND XÃ A'\r\n"
                       "ky_hieu: UBND\r\n"
                       "dia_danh: A\r\n"
                       "ngay: 2023-01-05\r\n"
                       "trich_yeu: >\r\n"
                       "  Về việc\r\n"
                       "  thử\r\n"
                       "noi_dung:\r\n"
                       "  - |\r\n"
                       "    Dòng một\r\n"
                       "    dòng hai\r\n"
                       "  - !!str 2023\r\n"
                       "noi_nhan: [a]\r\n"
                       "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}\r\n";
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_pos(doc->type_pos, 1, 7); /* the byte order mark takes no column */
    assert_string_equal(doc->issuing_body.items[0].text, "UBND XÃ A");
    assert_pos(doc->issuing_body.items[0].pos, 2, 12);
    assert_string_equal(doc->summary.text, "Về việc thử"); /* a block's last break is no line */
    assert_string_equal(doc->body[0].text.text, "Dòng một\ndòng hai\n");
    assert_pos(doc->body[0].pos, 10, 5);
    assert_string_equal(doc->body[1].text.text, "2023");
    unload(&r);
}

static void test_several_errors_collected_in_file_order(void **state)
{
    (void)state;
    char *yaml = variant("dia_danh: A",
                         "dia_danhh: A\nso: -1\ntrinh_bay: {co_chu: 20, le_trai: 5}");
    loaded r = load_str(yaml);
    assert_null(r.doc);
    /* unknown key, so, co_chu, le_trai, then the missing dia_danh at the top mapping. */
    assert_int_equal(vb_diagnostics_errors(r.diag), 5);
    const vb_diagnostic *g = vb_diagnostic_get(r.diag, 0);
    assert_non_null(strstr(g->message, "có phải ý bạn là \"dia_danh\""));
    assert_int_equal(vb_diagnostic_get(r.diag, 1)->line, 5);
    assert_non_null(strstr(vb_diagnostic_get(r.diag, 2)->message, "co_chu"));
    assert_non_null(strstr(vb_diagnostic_get(r.diag, 3)->message, "từ 30 đến 35 mm"));
    g = vb_diagnostic_get(r.diag, 4);
    assert_non_null(strstr(g->message, "thiếu khóa bắt buộc \"dia_danh\""));
    assert_int_equal(g->line, 1);
    assert_int_equal(g->column, 1);
    unload(&r);
    free(yaml);
}

static void test_misspelt_level_key_does_not_cascade(void **state)
{
    (void)state;
    char *yaml = variant("noi_dung: [Đoạn một.]", "noi_dung:\n  - khaon: Khoản");
    loaded r = load_str(yaml);
    assert_null(r.doc);
    /* Only the unknown key: "no level key" would be the same mistake told twice. */
    assert_int_equal(vb_diagnostics_count(r.diag), 1);
    unload(&r);
    free(yaml);
}

static void test_diagnostics_may_be_null(void **state)
{
    (void)state;
    vb_arena *arena = vb_arena_new();
    assert_null(vb_load_yaml("- a\n", 4, "x.yaml", arena, NULL));
    assert_non_null(vb_load_yaml(minimal_doc, strlen(minimal_doc), "x.yaml", arena, NULL));
    vb_arena_free(arena);
}

/* ---- vb_read_file ---- */

static void test_read_missing_file(void **state)
{
    (void)state;
    vb_diagnostics *d = vb_diagnostics_new();
    size_t len = 99;
    char *data = vb_read_file("tests/bad/does-not-exist.yaml", &len, d);
    assert_null(data);
    assert_int_equal(len, 0);
    const vb_diagnostic *g = vb_diagnostic_get(d, 0);
    assert_non_null(g);
    assert_string_equal(g->file, "tests/bad/does-not-exist.yaml");
    assert_non_null(strstr(g->message, "không đọc được tệp"));
    assert_non_null(strstr(g->message, strerror(ENOENT)));
    vb_diagnostics_free(d);
}

static void test_read_directory(void **state)
{
    (void)state;
    vb_diagnostics *d = vb_diagnostics_new();
    assert_null(vb_read_file("tests/bad", NULL, d));
    const vb_diagnostic *g = vb_diagnostic_get(d, 0);
    assert_non_null(g);
    assert_non_null(strstr(g->message, strerror(EISDIR)));
    vb_diagnostics_free(d);
}

static void test_read_too_large(void **state)
{
    (void)state;
    char path[] = "/tmp/vanban-test-load-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* Sparse: costs no disk, but its size is one byte over the limit. */
    assert_int_equal(ftruncate(fd, (off_t)VB_MAX_INPUT_BYTES + 1), 0);
    close(fd);
    vb_diagnostics *d = vb_diagnostics_new();
    char *data = vb_read_file(path, NULL, d);
    unlink(path);
    assert_null(data);
    const vb_diagnostic *g = vb_diagnostic_get(d, 0);
    assert_non_null(g);
    assert_non_null(strstr(g->message, "tệp quá lớn"));
    vb_diagnostics_free(d);
}

static void test_read_file_contents(void **state)
{
    (void)state;
    char path[] = "/tmp/vanban-test-load-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "a: b\n", 5), 5);
    close(fd);
    vb_diagnostics *d = vb_diagnostics_new();
    size_t len = 0;
    char *data = vb_read_file(path, &len, d);
    unlink(path);
    assert_non_null(data);
    assert_int_equal(len, 5);
    assert_string_equal(data, "a: b\n"); /* NUL-terminated */
    assert_int_equal(vb_diagnostics_count(d), 0);
    free(data);
    vb_diagnostics_free(d);
}

/* The marks under the Số line: do_mat, do_khan (by key or as printed) and du_thao. */
static void test_marks(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int secrecy, urgency, draft;
    } good[] = {
        {"do_khan: hoa-toc", 0, VB_URGENCY_HOA_TOC, 0},
        {"do_khan: THƯỢNG KHẨN", 0, VB_URGENCY_THUONG_KHAN, 0},
        {"do_khan: khan", 0, VB_URGENCY_KHAN, 0},
        {"do_mat: tuyet-mat", VB_SECRECY_TUYET_MAT, 0, 0},
        {"do_mat: MẬT", VB_SECRECY_MAT, 0, 0},
        {"du_thao: có", 0, 0, VB_DRAFT_UNNUMBERED},
        {"du_thao: true", 0, 0, VB_DRAFT_UNNUMBERED},
        {"du_thao: 3", 0, 0, 3},
        {"du_thao: '99'", 0, 0, 99},
        {"du_thao: lần 2", 0, 0, 2},
        {"do_khan:", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *yaml = variant(NULL, good[i].line);
        loaded r = load_str(yaml);
        vb_document *doc = expect_valid(&r);
        assert_int_equal(doc->marks.secrecy, good[i].secrecy);
        assert_int_equal(doc->marks.urgency, good[i].urgency);
        assert_int_equal(doc->marks.draft, good[i].draft);
        unload(&r);
        free(yaml);
    }
    static const struct {
        const char *line, *said;
        int col;
    } bad[] = {
        {"do_khan: gấp", "do_khan \"gấp\" không hợp lệ: viết một trong \"khan\" (KHẨN)", 10},
        {"do_khan: hoa tốc", "hoặc bỏ khóa này khi văn bản không có dấu này. Có phải ý bạn là", 10},
        {"do_khan: hoa-tôc", "Có phải ý bạn là \"hoa-toc\"?", 10},
        {"do_mat: bí mật", "do_mat \"bí mật\" không hợp lệ", 9},
        {"do_mat: [mat]", "khóa \"do_mat\": cần một trong \"mat\" (MẬT), \"toi-mat\"", 9},
        {"du_thao: {lan: 2}", "khóa \"du_thao\": cần \"có\" hoặc số lần dự thảo (ví dụ 2)", 10},
        {"du_thao: lần hai", "du_thao \"lần hai\" không hợp lệ: viết \"du_thao: có\" (in DỰ THẢO) hoặc số lần dự thảo", 10},
        {"du_thao: 0", "du_thao: lần dự thảo phải từ 1 đến 99, nhưng ở đây là 0", 10},
        {"du_thao: 100", "phải từ 1 đến 99", 10},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *yaml = variant(NULL, bad[i].line);
        loaded r = load_str(yaml);
        expect_first_error(&r, 10, bad[i].col, bad[i].said);
        unload(&r);
        free(yaml);
    }
}

/* ---- parts a form does not have (issue 9, item 3) ---- */

static const char giay_moi_doc[] = "loai: giay-moi\n"
                                   "co_quan: UBND XÃ A\n"
                                   "ky_hieu: UBND\n"
                                   "dia_danh: A\n"
                                   "ngay: 2025-10\n"
                                   "noi_dung: [Ủy ban nhân dân xã mời họp.]\n"
                                   "noi_nhan: [Như thành phần mời]\n"
                                   "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}\n";

static void test_parts_a_form_lacks(void **state)
{
    (void)state;
    /* A giấy mời has no trích yếu: none is required, and a blank one is no trích yếu. */
    loaded r = load_str(giay_moi_doc);
    vb_document *doc = expect_valid(&r);
    assert_null(doc->summary.text);
    assert_true(doc->type->may_lack & VB_PART_SUMMARY);
    unload(&r);
    char yaml[sizeof giay_moi_doc + 64];
    snprintf(yaml, sizeof yaml, "trich_yeu: \" \"\n%s", giay_moi_doc);
    r = load_str(yaml);
    doc = expect_valid(&r);
    assert_null(doc->summary.text);
    unload(&r);

    /* A báo cáo has one: missing, it is still required, blank still refused at its value. */
    char *bao_cao = variant("loai: cong-van\n", "loai: bao-cao\n");
    char *no_summary = strdup(bao_cao);
    char *at = strstr(no_summary, "trich_yeu: Về việc thử\n");
    memmove(at, at + strlen("trich_yeu: Về việc thử\n"), strlen(at + strlen("trich_yeu: Về việc thử\n")) + 1);
    r = load_str(no_summary);
    expect_first_error(&r, 1, 1, "thiếu khóa bắt buộc \"trich_yeu\"");
    unload(&r);
    at = strstr(bao_cao, "Về việc thử");
    memcpy(at, "\" \"", 3);
    memmove(at + 3, at + strlen("Về việc thử"), strlen(at + strlen("Về việc thử")) + 1);
    r = load_str(bao_cao);
    expect_first_error(&r, 6, 12, "khóa \"trich_yeu\" để trống");
    unload(&r);
    free(no_summary);
    free(bao_cao);

    /* A biên bản may go without ký hiệu, date and Nơi nhận; loai may come last. */
    r = load_str("co_quan: HỘI ĐỒNG THẨM ĐỊNH\n"
                 "trich_yeu: Họp hội đồng\n"
                 "noi_dung: [Hội đồng họp.]\n"
                 "nguoi_ky: {chuc_vu: THƯ KÝ, ho_ten: Lê B}\n"
                 "loai: bien-ban\n");
    doc = expect_valid(&r);
    assert_null(doc->symbol.text);
    assert_int_equal(doc->year, 0);
    assert_int_equal(doc->distribution.count, 0);
    unload(&r);
}

/* noi_nhan: [] means no Nơi nhận block: a luu beside it would be dropped, which is said. */
static void test_empty_noi_nhan_with_luu_warns(void **state)
{
    (void)state;
    char *yaml = variant("noi_nhan: Như trên\n", "noi_nhan: []\nluu: VT, VP\n");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->distribution.count, 0);
    const vb_diagnostic *g = vb_diagnostic_get(r.diag, 0);
    assert_non_null(g);
    assert_int_equal(g->severity, VB_SEVERITY_WARNING);
    assert_int_equal(g->line, 9);
    assert_int_equal(g->column, 6);
    assert_non_null(strstr(g->message, "luu không được in"));
    unload(&r);
    free(yaml);
}

/* ---- line breaks where the clerk puts them (issue 9, item 4) ---- */

static void test_line_breaks_in_the_head(void **state)
{
    (void)state;
    /* Lines: a list, a "\n" or a literal block give lines, each at its own position. */
    char *yaml = variant("co_quan: UBND XÃ A\n", "co_quan: |\n  ỦY BAN NHÂN DÂN\n  XÃ A\n");
    char *with_summary = variant("trich_yeu: Về việc thử\n",
                                 "trich_yeu: [triển khai Công văn, số 3653/VPCP-CĐS]\n");
    loaded r = load_str(yaml);
    vb_document *doc = expect_valid(&r);
    assert_int_equal(doc->issuing_body.count, 2);
    assert_string_equal(doc->issuing_body.items[1].text, "XÃ A");
    assert_pos(doc->issuing_body.items[1].pos, 4, 3);
    unload(&r);
    r = load_str(with_summary);
    doc = expect_valid(&r);
    assert_string_equal(doc->summary.text, "triển khai Công văn\nsố 3653/VPCP-CĐS");
    unload(&r);
    free(yaml);
    free(with_summary);
    yaml = variant("noi_nhan: Như trên\n", "noi_nhan: \"Như trên\\nSở Nội vụ\"\nkinh_gui: "
                                           "\"Sở Tài chính\\nSở Nội vụ\"\n");
    r = load_str(yaml);
    doc = expect_valid(&r);
    assert_int_equal(doc->distribution.count, 2);
    assert_int_equal(doc->recipients.count, 2);
    assert_string_equal(doc->recipients.items[1].text, "Sở Nội vụ");
    unload(&r);
    free(yaml);

    /* A field printed on one line refuses a break, at the value (a block: at the line after
     * the break), saying what to write; never a silent space. */
    yaml = variant("ky_hieu: UBND-VX\n", "ky_hieu: \"UBND\\nVX\"\n");
    r = load_str(yaml);
    expect_first_error(&r, 3, 10, "ky_hieu in trên một dòng, nhưng ở đây xuống dòng sau \"UBND\"");
    unload(&r);
    free(yaml);
    yaml = variant("dia_danh: A\n", "dia_danh: |\n  Bình\n  Trung\n");
    r = load_str(yaml);
    expect_first_error(&r, 6, 3, "hãy viết cả giá trị trên một dòng");
    unload(&r);
    free(yaml);
    /* A block's final line break is no break in the text. */
    yaml = variant("dia_danh: A\n", "dia_danh: |\n  Bình Trung\n");
    r = load_str(yaml);
    doc = expect_valid(&r);
    unload(&r);
    free(yaml);
}

#define ONE_SIGNER "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Lê B}\n"

/* The document with nguoi_ky replaced by signer (which starts on line 9). */
static loaded load_signer(const char *signer)
{
    char *yaml = variant(ONE_SIGNER, signer);
    loaded r = load_str(yaml);
    free(yaml);
    return r;
}

static void test_signer_authority_chain(void **state)
{
    (void)state;
    loaded r = load_signer("nguoi_ky:\n"
                           "  tham_quyen: [TL. CHỦ TỊCH, KT. CHÁNH VĂN PHÒNG]\n"
                           "  chuc_vu: PHÓ CHÁNH VĂN PHÒNG\n"
                           "  ho_ten: Trịnh Ngọc Duệ\n");
    const vb_signer *s = &expect_valid(&r)->signer;
    assert_int_equal(s->chain.count, 2);
    assert_string_equal(s->chain.items[1].text, "KT. CHÁNH VĂN PHÒNG");
    assert_pos(s->chain.items[1].pos, 10, 30);
    assert_null(s->capacity.text);
    unload(&r);

    /* one printed line as a text, and ky_thay under TL (refused before issue 9) */
    r = load_signer("nguoi_ky:\n  tham_quyen: TUQ. GIÁM ĐỐC\n  chuc_vu: TRƯỞNG PHÒNG\n"
                    "  ho_ten: A\n");
    assert_int_equal(expect_valid(&r)->signer.chain.count, 1);
    unload(&r);
    r = load_signer("nguoi_ky:\n  tham_quyen: TL\n  thay_mat: CHỦ TỊCH\n"
                    "  ky_thay: CHÁNH VĂN PHÒNG\n  chuc_vu: PHÓ CHÁNH VĂN PHÒNG\n  ho_ten: A\n");
    assert_string_equal(expect_valid(&r)->signer.deputy_for.text, "CHÁNH VĂN PHÒNG");
    unload(&r);
}

static void test_signer_authority_chain_refused(void **state)
{
    (void)state;
    loaded r = load_signer("nguoi_ky:\n  tham_quyen: [TL. CHỦ TỊCH, PHÓ CHÁNH VĂN PHÒNG]\n"
                           "  chuc_vu: X\n  ho_ten: A\n");
    expect_first_error(&r, 10, 30, "phải mở bằng TM, KT, Q, TL, TUQ và dấu chấm");
    unload(&r);
    r = load_signer("nguoi_ky:\n  tham_quyen: [TL. CHỦ TỊCH]\n  thay_mat: CHỦ TỊCH\n"
                    "  chuc_vu: X\n  ho_ten: A\n");
    expect_first_error(&r, 11, 13, "hãy đưa dòng này vào danh sách tham_quyen");
    unload(&r);
    r = load_signer("nguoi_ky:\n  tham_quyen: [TL. CHỦ TỊCH]\n  ky_thay: CHÁNH VĂN PHÒNG\n"
                    "  chuc_vu: X\n  ho_ten: A\n");
    expect_first_error(&r, 11, 12, "hãy thêm dòng \"KT. CHÁNH VĂN PHÒNG\"");
    unload(&r);
    r = load_signer("nguoi_ky:\n  tham_quyen: Q\n  thay_mat: GIÁM ĐỐC\n  ky_thay: GIÁM ĐỐC\n"
                    "  chuc_vu: X\n  ho_ten: A\n");
    expect_first_error(&r, 12, 12, "ky_thay chỉ dùng cùng tham_quyen TM, TL hoặc TUQ");
    unload(&r);
}

static void test_signer_lines(void **state)
{
    (void)state;
    /* a list, a literal newline and a "|" block each give lines; none is folded */
    loaded r = load_signer("nguoi_ky:\n  tham_quyen: TM\n  thay_mat: [HỘI ĐỒNG, THẨM ĐỊNH]\n"
                           "  chuc_vu: \"PHÓ CHỦ TỊCH\\nHỘI ĐỒNG\"\n"
                           "  ho_ten: |\n    Đại tá\n    Đậu Xuân Bảo\n"
                           "  chuc_vu_duoi_ten: PHÓ GIÁM ĐỐC SỞ NỘI VỤ\n");
    const vb_signer *s = &expect_valid(&r)->signer;
    assert_int_equal(vb_diagnostics_count(r.diag), 0);
    assert_int_equal(s->on_behalf.count, 2);
    assert_int_equal(s->position.count, 2);
    assert_string_equal(s->position.items[1].text, "HỘI ĐỒNG");
    assert_int_equal(s->name.count, 2);
    assert_string_equal(s->name.items[0].text, "Đại tá");
    assert_string_equal(s->name.items[1].text, "Đậu Xuân Bảo");
    assert_string_equal(s->position_below.items[0].text, "PHÓ GIÁM ĐỐC SỞ NỘI VỤ");
    unload(&r);

    /* a plain text over two lines of the file is joined by YAML: said, not silent */
    r = load_signer("nguoi_ky:\n  chuc_vu: PHÓ CHỦ TỊCH\n    HỘI ĐỒNG\n  ho_ten: A\n");
    expect_valid(&r);
    const vb_diagnostic *g = vb_diagnostic_get(r.diag, 0);
    assert_non_null(g);
    assert_int_equal(g->severity, VB_SEVERITY_WARNING);
    assert_int_equal(g->line, 10);
    assert_int_equal(g->column, 12);
    assert_non_null(strstr(g->message, "viết một danh sách"));
    unload(&r);

    r = load_signer("nguoi_ky:\n  chuc_vu: X\n  ho_ten: \"Đậu\n    Xuân Bảo\"\n");
    expect_valid(&r);
    g = vb_diagnostic_get(r.diag, 0);
    assert_non_null(g);
    assert_int_equal(g->line, 11);
    assert_non_null(strstr(g->message, "ho_ten \"Đậu Xuân Bảo\" viết trên nhiều dòng"));
    unload(&r);

    /* an empty line between says nothing (as in co_quan); ky_thay is one line */
    r = load_signer("nguoi_ky:\n  chuc_vu: \"PHÓ CHỦ TỊCH\\n\\nHỘI ĐỒNG\"\n  ho_ten: A\n");
    assert_int_equal(expect_valid(&r)->signer.position.count, 2);
    unload(&r);
    r = load_signer("nguoi_ky:\n  tham_quyen: TL\n  thay_mat: CHỦ TỊCH\n"
                    "  ky_thay: \"CHÁNH\\nVĂN PHÒNG\"\n  chuc_vu: X\n  ho_ten: A\n");
    expect_first_error(&r, 12, 12, "ky_thay in trên một dòng");
    unload(&r);
}

static void test_several_signers(void **state)
{
    (void)state;
    loaded r = load_signer("nguoi_ky:\n"
                           "  - {chuc_vu: THƯ KÝ, ho_ten: Hoàng Văn Thanh}\n"
                           "  - tham_quyen: TM\n"
                           "    thay_mat: HỘI ĐỒNG THẨM ĐỊNH\n"
                           "    chuc_vu: PHÓ CHỦ TỊCH HỘI ĐỒNG\n"
                           "    ho_ten: Đậu Xuân Bảo\n"
                           "  - {chuc_vu: THÀNH VIÊN, ho_ten: C, vi_tri: phai}\n");
    vb_document *doc = expect_valid(&r);
    assert_string_equal(doc->signer.position.items[0].text, "THƯ KÝ");
    assert_int_equal(doc->nother_signers, 2);
    assert_string_equal(doc->other_signers[0].capacity.text, "TM");
    assert_pos(doc->other_signers[0].pos, 11, 5);
    assert_int_equal(doc->other_signers[1].side, VB_SIDE_RIGHT);
    unload(&r);

    r = load_signer("nguoi_ky: []\n");
    expect_first_error(&r, 9, 11, "cần ít nhất một người ký");
    unload(&r);
    r = load_signer("nguoi_ky:\n  - {chuc_vu: A, ho_ten: B}\n  - {chuc_vu: A, ho_ten: B, "
                    "vi_tri: giua}\n");
    expect_first_error(&r, 11, 37, "vi_tri \"giua\" không hợp lệ: chỉ dùng \"trai\"");
    unload(&r);
    r = load_signer("nguoi_ky:\n  - {chuc_vu: A, ho_ten: B}\n  - THƯ KÝ\n");
    expect_first_error(&r, 11, 5, "khóa \"nguoi_ky\": cần một nhóm khóa");
    unload(&r);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_number_style_centred_and_basis_form),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_utf16_and_utf32_named),
        cmocka_unit_test(test_control_character),
        cmocka_unit_test(test_deep_nesting_flow),
        cmocka_unit_test(test_deep_nesting_block),
        cmocka_unit_test(test_deep_nesting_at_bound_is_accepted_by_the_parser),
        cmocka_unit_test(test_full_document_header),
        cmocka_unit_test(test_full_document_body),
        cmocka_unit_test(test_full_document_footnotes_signer_presentation),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_range_edges_accepted),
        cmocka_unit_test(test_heading_rule_with_dang_on_section_warns),
        cmocka_unit_test(test_article_in_paragraph_form),
        cmocka_unit_test(test_text_starting_with_a_number_in_context_is_kept),
        cmocka_unit_test(test_typed_number_refused_at_the_text),
        cmocka_unit_test(test_on_behalf_without_authority_warns),
        cmocka_unit_test(test_footnote_call_and_mark_only_lines_warn),
        cmocka_unit_test(test_decomposed_text_passes_unchanged),
        cmocka_unit_test(test_aliases_within_bound),
        cmocka_unit_test(test_alias_budget_boundary),
        cmocka_unit_test(test_alias_text_budget),
        cmocka_unit_test(test_yaml_styles),
        cmocka_unit_test(test_several_errors_collected_in_file_order),
        cmocka_unit_test(test_misspelt_level_key_does_not_cascade),
        cmocka_unit_test(test_diagnostics_may_be_null),
        cmocka_unit_test(test_read_missing_file),
        cmocka_unit_test(test_read_directory),
        cmocka_unit_test(test_read_too_large),
        cmocka_unit_test(test_read_file_contents),
        cmocka_unit_test(test_parts_a_form_lacks),
        cmocka_unit_test(test_empty_noi_nhan_with_luu_warns),
        cmocka_unit_test(test_line_breaks_in_the_head),
        cmocka_unit_test(test_signer_authority_chain),
        cmocka_unit_test(test_signer_authority_chain_refused),
        cmocka_unit_test(test_signer_lines),
        cmocka_unit_test(test_several_signers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
