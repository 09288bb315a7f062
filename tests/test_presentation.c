/* Presentation reaches the page: inline styles, the ghi chú's italic and non-default trinh_bay
 * (size, line spacing, margins) checked in the display list, and bold words in the PDF's fonts. */
#include <math.h>

#include "runutil.h"

#include "common/arena.h"
#include "common/diag.h"
#include "fonts/fonts.h"
#include "layout/layout.h"
#include "load/load.h"
#include "prepare/prepare.h"

#define BODY_SIZE 13.0
#define LINE_SPACING 1.5
#define LEFT_MM 35.0
#define RIGHT_MM 20.0

/* Every marked word occurs once in the document, so finding it finds the one run it was in.
 * The long paragraph between the two markers "Mởđầu" and "Kếtthúc" spans several lines. */
static const char DOC_YAML[] =
    "loai: bao-cao\n"
    "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
    "so: 7\n"
    "ky_hieu: UBND\n"
    "dia_danh: Bình Trung\n"
    "ngay: 2024-03-08\n"
    "trich_yeu: Kết quả công tác quý I năm 2024\n"
    "ghi_chu: (Trình kỳ họp thứ Bảy, khóa XXI)\n"
    "trinh_bay:\n"
    "  co_chu: 13\n"
    "  gian_dong: 1.5\n"
    "  le_trai: 35\n"
    "  le_phai: 20\n"
    "noi_dung:\n"
    "  - >-\n"
    "    Mởđầu Ủy ban nhân dân xã đã chỉ đạo **quyếtliệt** các ngành chuyên môn thực hiện\n"
    "    nhiệm vụ được giao một cách *khẩntrương* và ***đồngbộ***, bảo đảm tiến độ đề ra;\n"
    "    tăng cường công tác tuyên truyền phổ biến giáo dục pháp luật, trợ giúp pháp lý tới\n"
    "    các tầng lớp nhân dân; triển khai thực hiện tốt công tác cải cách hành chính, rà soát\n"
    "    thủ tục hành chính; công tác tiếp dân và giải quyết đơn thư khiếu nại, tố cáo của tổ\n"
    "    chức, cá nhân được thực hiện đúng quy định của pháp luật hiện hành Kếtthúc.\n"
    "  - Đoạn thứ hai ngắn.\n"
    "noi_nhan: [UBND huyện]\n"
    "nguoi_ky:\n"
    "  tham_quyen: TM\n"
    "  thay_mat: ỦY BAN NHÂN DÂN\n"
    "  chuc_vu: CHỦ TỊCH\n"
    "  ho_ten: Hà Minh Phú\n";

static vb_fontset *fonts;

/* One layout of DOC_YAML shared by the display-list tests. */
static vb_arena *arena;
static vb_layout *layout;

static int setup(void **state)
{
    (void)state;
    if (tu_enter_repo_root() != 0)
        return -1;
    vb_diagnostics *d = vb_diagnostics_new();
    arena = vb_arena_new();
    fonts = vb_fontset_load(VB_TEST_FONT_DIR, d);
    vb_document *doc = fonts ? vb_load_yaml(DOC_YAML, strlen(DOC_YAML), "doc.yaml", arena, d)
                             : NULL;
    if (doc && vb_prepare(doc, fonts, arena, d) == 0)
        layout = vb_layout_document(doc, fonts, arena, d);
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        fprintf(stderr, "%s\n", vb_diagnostic_format(d, i));
    vb_diagnostics_free(d);
    return fonts && layout ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vb_fontset_free(fonts);
    vb_arena_free(arena);
    return ru_remove_leftover_temp_dirs(state);
}

/* Whether text holds word as a whole word: at its start or after a space (an item is one word
 * of a justified line, or a whole ragged or centred line). */
static bool holds_word(const char *text, size_t len, const char *word)
{
    size_t wl = strlen(word);
    for (size_t i = 0; i + wl <= len; i++)
        if ((i == 0 || text[i - 1] == ' ') && memcmp(text + i, word, wl) == 0)
            return true;
    return false;
}

/* The one text item drawing word. */
static const vb_text_item *find_word(const char *word)
{
    const vb_text_item *found = NULL;
    size_t n = 0;
    for (size_t p = 0; p < layout->npages; p++)
        for (size_t i = 0; i < layout->pages[p].ntexts; i++) {
            const vb_text_item *t = &layout->pages[p].texts[i];
            if (holds_word(t->text, t->len, word)) {
                found = t;
                n++;
            }
        }
    if (n != 1)
        fail_msg("\"%s\" is drawn %zu times, not once", word, n);
    return found;
}

static double right_edge(const vb_text_item *t)
{
    return t->x + vb_text_width(fonts, t->style, t->size, t->text, t->len);
}

static void marked_words_keep_their_style(void **state)
{
    (void)state;
    assert_int_equal(find_word("quyếtliệt")->style, VB_STYLE_BOLD);
    assert_int_equal(find_word("khẩntrương")->style, VB_STYLE_ITALIC);
    assert_int_equal(find_word("đồngbộ")->style, VB_STYLE_BOLD_ITALIC);
    /* and the words around them stay upright */
    assert_int_equal(find_word("Mởđầu")->style, VB_STYLE_REGULAR);
    assert_int_equal(find_word("Kếtthúc")->style, VB_STYLE_REGULAR);
    assert_int_equal(find_word("chỉ")->style, VB_STYLE_REGULAR);
}

/* Every word on the ghi chú's line is italic, and the line is the note (not the trích yếu). */
static void ghi_chu_is_italic(void **state)
{
    (void)state;
    const vb_text_item *last = find_word("XXI)");
    size_t on_line = 0;
    const vb_page *page = &layout->pages[0];
    for (size_t i = 0; i < page->ntexts; i++) {
        const vb_text_item *t = &page->texts[i];
        if (t->y != last->y)
            continue;
        on_line++;
        if (t->style != VB_STYLE_ITALIC)
            fail_msg("ghi chú word \"%.*s\" has style %d, not italic", (int)t->len, t->text,
                     (int)t->style);
    }
    assert_true(on_line >= 1);
    assert_int_equal(find_word("(Trình")->style, VB_STYLE_ITALIC);
    assert_true(find_word("(Trình")->y == last->y);
    assert_true(find_word("(Trình")->y < find_word("quý")->y); /* under the trích yếu */
}

/* The baselines of the long paragraph, top to bottom. */
typedef struct {
    double y[32];
    size_t n;
} baselines;

static baselines paragraph_lines(void)
{
    const vb_text_item *first = find_word("Mởđầu"), *last = find_word("Kếtthúc");
    const vb_page *page = &layout->pages[0];
    assert_true(first >= page->texts && first < page->texts + page->ntexts);
    baselines b = {.n = 0};
    for (size_t i = 0; i < page->ntexts; i++) {
        double y = page->texts[i].y;
        if (y > first->y || y < last->y)
            continue;
        bool seen = false;
        for (size_t k = 0; k < b.n && !seen; k++)
            seen = b.y[k] == y;
        if (!seen) {
            assert_true(b.n < 32);
            size_t k = b.n++;
            while (k > 0 && b.y[k - 1] < y) { /* insertion, highest first */
                b.y[k] = b.y[k - 1];
                k--;
            }
            b.y[k] = y;
        }
    }
    assert_true(b.n >= 4);
    return b;
}

/* The pitch is gian_dong times the font's own single line height at co_chu, which the font's
 * metrics give (ascender - descender + line gap). */
static void body_lines_are_spaced_by_gian_dong(void **state)
{
    (void)state;
    double single = (vb_font_ascender(fonts, VB_STYLE_REGULAR) -
                     vb_font_descender(fonts, VB_STYLE_REGULAR) +
                     vb_font_line_gap(fonts, VB_STYLE_REGULAR)) / 1000.0 * BODY_SIZE;
    double expected = single * LINE_SPACING;
    baselines b = paragraph_lines();
    for (size_t k = 1; k < b.n; k++) {
        double pitch = b.y[k - 1] - b.y[k];
        if (fabs(pitch - expected) > 1e-6)
            fail_msg("line %zu: pitch %.4f pt, expected %.4f (13 pt x %.4f x 1.5)", k, pitch,
                     expected, single / BODY_SIZE);
    }
}

/* Between the first line (indented) and the last (ragged), a justified line starts at le_trai
 * and ends at the page width less le_phai; every word is set in co_chu. */
static void justified_lines_fill_the_margins(void **state)
{
    (void)state;
    double left = VB_MM_TO_PT(LEFT_MM), right = layout->page_width - VB_MM_TO_PT(RIGHT_MM);
    baselines b = paragraph_lines();
    const vb_page *page = &layout->pages[0];
    for (size_t k = 0; k + 1 < b.n; k++) {
        double min_x = INFINITY, max_x = -INFINITY;
        for (size_t i = 0; i < page->ntexts; i++) {
            const vb_text_item *t = &page->texts[i];
            if (t->y != b.y[k])
                continue;
            assert_true(t->size == BODY_SIZE);
            min_x = fmin(min_x, t->x);
            max_x = fmax(max_x, right_edge(t));
        }
        if (k > 0 && fabs(min_x - left) > 1e-6)
            fail_msg("line %zu starts at %.4f pt, not le_trai 35 mm = %.4f pt", k, min_x, left);
        if (k == 0 && !(min_x > left + 1))
            fail_msg("the first line starts at %.4f pt: no indent after le_trai %.4f", min_x, left);
        if (fabs(max_x - right) > 1e-6)
            fail_msg("line %zu ends at %.4f pt, not page width - le_phai 20 mm = %.4f pt", k,
                     max_x, right);
    }
    assert_true(find_word("Kếtthúc")->size == BODY_SIZE);
    assert_true(find_word("Đoạn")->size == BODY_SIZE);
}

/* ------------------------------------------------------------ the PDF ---- */

/* For each word given, the PDF font of the span drawing it, one per line, as PyMuPDF reads the
 * file: what a viewer actually draws, whatever the display list said. */
static const char FONT_OF_WORDS_PY[] =
    "import sys, fitz\n"
    "doc = fitz.open(sys.argv[1])\n"
    "found = {w: [] for w in sys.argv[2:]}\n"
    "for page in doc:\n"
    "    for block in page.get_text('dict')['blocks']:\n"
    "        for line in block.get('lines', []):\n"
    "            for span in line['spans']:\n"
    "                for w in found:\n"
    "                    if w in span['text']:\n"
    "                        found[w].append(span['font'])\n"
    "for w in sys.argv[2:]:\n"
    "    print(w + ' ' + ','.join(found[w]))\n";

#define PYTHON "/usr/bin/python3"

static bool have_pymupdf(void)
{
    const char *argv[] = {PYTHON, "-c", "import fitz", NULL};
    ru_result r = ru_run(argv, NULL);
    bool ok = r.status == 0;
    ru_result_free(&r);
    return ok;
}

/* The font name after "WORD " in the script's output; malloc'd. */
static char *font_of(const char *out, const char *word)
{
    size_t len = strlen(word);
    for (const char *line = out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, word, len) == 0 && line[len] == ' ')
            return strndup(line + len + 1, strcspn(line + len + 1, "\n"));
    fail_msg("no line for %s in:\n%s", word, out);
    return NULL;
}

/* PyMuPDF names a font by its base name without the subset tag, e.g. "LiberationSerif-Bold"
 * or "LiberationSerif-BoldItal" (cut short): the style is what follows the last '-'. */
static void assert_font_style(const char *out, const char *word, vb_style expected)
{
    char *font = font_of(out, word);
    const char *dash = strrchr(font, '-');
    const char *style = dash ? dash + 1 : "";
    vb_style drawn = (strstr(style, "Bold") ? VB_STYLE_BOLD : 0) |
                     (strstr(style, "Ital") || strstr(style, "Oblique") ? VB_STYLE_ITALIC : 0);
    print_message("%s: %s\n", word, font);
    if (strchr(font, ',') || !*font || drawn != expected)
        fail_msg("\"%s\" is drawn in \"%s\", expected style %d", word, font, (int)expected);
    free(font);
}

static void marked_words_are_drawn_in_their_fonts(void **state)
{
    (void)state;
    TU_REQUIRE(access(PYTHON, X_OK) == 0 && have_pymupdf(), "PyMuPDF (" PYTHON " -c 'import fitz')",
               "apt-get install python3-fitz");
    ru_scratch s = ru_scratch_with_input(DOC_YAML);
    ru_render_ok(s.input, s.output, NULL);

    const char *argv[] = {PYTHON, "-c", FONT_OF_WORDS_PY, s.output, "quyếtliệt", "khẩntrương",
                          "đồngbộ", "Mởđầu", "(Trình", NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("PyMuPDF", &r);
    assert_int_equal(r.status, 0);
    assert_font_style(r.out, "quyếtliệt", VB_STYLE_BOLD);
    assert_font_style(r.out, "khẩntrương", VB_STYLE_ITALIC);
    assert_font_style(r.out, "đồngbộ", VB_STYLE_BOLD_ITALIC);
    assert_font_style(r.out, "Mởđầu", VB_STYLE_REGULAR);
    assert_font_style(r.out, "(Trình", VB_STYLE_ITALIC); /* the ghi chú */
    ru_result_free(&r);
    ru_scratch_free(&s);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(marked_words_keep_their_style),
        cmocka_unit_test(ghi_chu_is_italic),
        cmocka_unit_test(body_lines_are_spaced_by_gian_dong),
        cmocka_unit_test(justified_lines_fill_the_margins),
        cmocka_unit_test(marked_words_are_drawn_in_their_fonts),
    };
    return cmocka_run_group_tests_name("presentation", tests, setup, teardown);
}
