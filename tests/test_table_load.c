/* The table block bang: its spellings loaded into model/table.h, the grid resolved with row and
 * column spans, every bad table refused at its line:column, and prepare's runs, STT and
 * alignments. */
#include "diagassert.h"

#include "load/load.h"
#include "prepare/prepare.h"

/* Nine lines: a body given to load_table starts on line 10 ("noi_dung:"). */
#define HEAD                                                                                   \
    "loai: bao-cao\n"                                                                          \
    "co_quan: [ỦY BAN NHÂN DÂN, XÃ A]\n"                                                       \
    "so: 1\n"                                                                                  \
    "ky_hieu: UBND\n"                                                                          \
    "dia_danh: Xã A\n"                                                                         \
    "ngay: 2025-01-02\n"                                                                       \
    "trich_yeu: Kết quả\n"                                                                     \
    "noi_nhan: [UBND huyện]\n"                                                                 \
    "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn A}\n"

typedef struct {
    vb_arena *arena;
    vb_diagnostics *diag;
    vb_document *doc;
} loaded;

static loaded load_table(const char *body)
{
    size_t n = strlen(HEAD) + strlen(body) + 1;
    char *yaml = malloc(n);
    assert_non_null(yaml);
    snprintf(yaml, n, "%s%s", HEAD, body);
    loaded r = {vb_arena_new(), vb_diagnostics_new(), NULL};
    assert_non_null(r.arena);
    assert_non_null(r.diag);
    r.doc = vb_load_yaml(yaml, strlen(yaml), "test.yaml", r.arena, r.diag);
    free(yaml);
    return r;
}

static void unload(loaded *r)
{
    vb_arena_free(r->arena);
    vb_diagnostics_free(r->diag);
}

static void dump(const vb_diagnostics *d)
{
    for (size_t i = 0; i < vb_diagnostics_count(d); i++)
        print_message("  %s\n", vb_diagnostic_format(d, i));
}

/* The document's table, node index i of noi_dung, loaded without an error. */
static vb_table *valid_table(loaded *r, size_t i)
{
    if (!r->doc || vb_diagnostics_errors(r->diag))
        dump(r->diag);
    assert_non_null(r->doc);
    assert_true(i < r->doc->nbody);
    assert_int_equal(r->doc->body[i].kind, VB_NODE_TABLE);
    assert_non_null(r->doc->body[i].table);
    return r->doc->body[i].table;
}

static void expect_error(const char *body, int line, int col, const char *text)
{
    loaded r = load_table(body);
    tu_expect_first_error(r.doc, r.diag, line, col, text);
    unload(&r);
}

static const char *cell_text(const vb_table_row *row, size_t i)
{
    assert_true(i < row->ncells);
    return row->cells[i].paragraphs[0].text;
}

/* ---- spellings ---- */

#define SAMPLE                                                                                 \
    "noi_dung:\n"                                                                              \
    "  - \"Kết quả cụ thể như sau:\"\n"                                                        \
    "  - bang:\n"                                                                              \
    "      tieu_de: Biểu mẫu 1. Kết quả thống kê\n"                                            \
    "      stt: phan-cap\n"                                                                    \
    "      co_chu: 13\n"                                                                       \
    "      thu_nho: true\n"                                                                    \
    "      cot: [12, {rong: 70, can: trai}, tu-dong, {ti_le: 1, can: giua}]\n"                 \
    "      dau:\n"                                                                             \
    "        - [{chu: STT, gop_dong: 2}, {chu: Nội dung, gop_dong: 2},"                       \
    " {chu: Kết quả thống kê, gop_cot: 2}]\n"                                                  \
    "        - [Đơn vị tính, Số liệu]\n"                                                       \
    "      dong:\n"                                                                            \
    "        - [Xã A, hộ, 25.898]\n"                                                           \
    "        - {cap: 2, o: [Thôn 1, hộ, \"1.200\"], giu_nguyen: true, to_nen: true}\n"         \
    "        - nhom: Cải cách thể chế\n"                                                       \
    "        - tong: [Tổng cộng, \"\", 27098]\n"                                               \
    "        - [{chu: [Đoạn một., Đoạn hai **đậm**.], gop_cot: 2}, \"3\"]\n"

static void sample_loads_every_spelling(void **state)
{
    loaded r = load_table(SAMPLE);
    vb_table *t = valid_table(&r, 1);
    assert_string_equal(t->title.text, "Biểu mẫu 1. Kết quả thống kê");
    assert_int_equal(t->stt, VB_STT_HIERARCHICAL);
    assert_true(t->font_size == 13);
    assert_true(t->may_shrink);
    assert_int_equal(t->ncolumns, 4);
    assert_int_equal(t->columns[0].width_kind, VB_WIDTH_MM);
    assert_true(t->columns[0].width == 12);
    assert_int_equal(t->columns[1].width_kind, VB_WIDTH_MM);
    assert_true(t->columns[1].width == 70);
    assert_int_equal(t->columns[1].align, VB_ALIGN_LEFT);
    assert_int_equal(t->columns[2].width_kind, VB_WIDTH_AUTO);
    assert_int_equal(t->columns[3].width_kind, VB_WIDTH_RELATIVE);
    assert_true(t->columns[3].width == 1);
    assert_int_equal(t->columns[3].align, VB_ALIGN_CENTRE);
    assert_int_equal(t->nheader, 2);
    assert_int_equal(t->nrows, 5);
    /* Numbers pass exactly as written, a YAML float and integer included. */
    assert_string_equal(cell_text(&t->rows[0], 2), "25.898");
    assert_string_equal(cell_text(&t->rows[3], 2), "27098");
    assert_string_equal(cell_text(&t->rows[3], 1), "");
    assert_int_equal(t->rows[1].level, 2);
    assert_true(t->rows[1].keep_together);
    assert_true(t->rows[1].shaded);
    assert_false(t->rows[0].shaded);
    assert_int_equal(t->rows[2].kind, VB_ROW_GROUP);
    assert_int_equal(t->rows[3].kind, VB_ROW_TOTAL);
    const vb_table_cell *multi = &t->rows[4].cells[0];
    assert_int_equal(multi->nparagraphs, 2);
    assert_string_equal(multi->paragraphs[1].text, "Đoạn hai **đậm**.");
    assert_int_equal(multi->paragraphs[1].pos.line, 26);
    unload(&r);
}

/* ---- the grid ---- */

static void grid_resolves_spans_as_html(void **state)
{
    loaded r = load_table(SAMPLE);
    vb_table *t = valid_table(&r, 1);
    const vb_table_row *h0 = &t->header[0], *h1 = &t->header[1];
    assert_int_equal(h0->cells[0].rowspan, 2);
    assert_int_equal(h0->cells[2].column, 2);
    assert_int_equal(h0->cells[2].colspan, 2);
    /* The second header row's cells take the columns the row spans leave. */
    assert_int_equal(h1->cells[0].column, 2);
    assert_int_equal(h1->cells[1].column, 3);
    /* Body rows start after the generated STT column; the group row spans every column after
     * STT; the totals' label takes STT's too. {row, cell, first column, columns} */
    static const int placed[][4] = {{0, 0, 1, 1}, {0, 2, 3, 1}, {2, 0, 1, 3},
                                    {3, 0, 0, 2}, {3, 1, 2, 1}, {4, 1, 3, 1}};
    for (size_t i = 0; i < sizeof placed / sizeof placed[0]; i++) {
        const vb_table_cell *cell = &t->rows[placed[i][0]].cells[placed[i][1]];
        assert_int_equal(cell->column, placed[i][2]);
        assert_int_equal(cell->colspan, placed[i][3]);
    }
    unload(&r);
}

/* Without cot or dau, the first row says how many columns. */
static const char *const spans_in_body = "noi_dung:\n"
                                         "  - bang:\n"
                                         "      dong:\n"
                                         "        - [{chu: Xã A, gop_dong: 3}, hộ, \"1\"]\n"
                                         "        - [người, \"2\"]\n"
                                         "        - [{chu: \"-\", gop_cot: 2}]\n"
                                         "        - [Xã B, hộ, \"3\"]\n";

static void body_row_spans_and_deduced_columns(void **state)
{
    loaded r = load_table(spans_in_body);
    vb_table *t = valid_table(&r, 0);
    assert_int_equal(t->ncolumns, 3);
    assert_int_equal(t->columns[2].width_kind, VB_WIDTH_AUTO);
    assert_int_equal(t->rows[1].cells[0].column, 1);
    assert_int_equal(t->rows[2].cells[0].column, 1);
    assert_int_equal(t->rows[3].cells[0].column, 0);
    unload(&r);
}

/* ---- refusals ---- */

#define BANG_3 "noi_dung:\n  - bang:\n      cot: [20, 60, 30]\n      dong:\n"

static void span_past_the_last_column(void **state)
{
    expect_error(BANG_3 "        - [a, {chu: b, gop_cot: 3}]\n", 14, 15,
                 "ô thứ 2 của dòng này vượt quá cột cuối: bảng có 3 cột");
}

static void row_of_another_width(void **state)
{
    expect_error(BANG_3 "        - [a, b, c]\n        - [a, b]\n", 15, 11,
                 "dòng này đủ 2 cột (tính cả ô gộp dòng ở trên) nhưng bảng có 3 cột");
}

static void cell_over_a_row_span(void **state)
{
    expect_error(BANG_3 "        - [a, {chu: b, gop_dong: 2}, c]\n"
                        "        - [{chu: d, gop_cot: 2}, e]\n",
                 15, 12, "chiếm cột 2, mà ô gộp dòng ở dòng 14, cột 15 đã chiếm");
}

static void row_span_past_the_last_row(void **state)
{
    expect_error(BANG_3 "        - [a, b, {chu: c, gop_dong: 3}]\n        - [a, b]\n", 14, 18,
                 "gop_dong: 3 vượt quá dòng cuối của bảng: sau dòng này chỉ còn 1 dòng");
    expect_error("noi_dung:\n  - bang:\n      dau:\n        - [{chu: A, gop_dong: 2}, B]\n"
                 "      dong:\n        - [a, b]\n",
                 13, 12, "phần đầu bảng (dau)");
}

static void bad_values_refused(void **state)
{
    expect_error(BANG_3 "        - [a, b, {chu: c, can: giuaa}]\n", 14, 32,
                 "can \"giuaa\" không hợp lệ: chỉ dùng \"trai\"");
    expect_error("noi_dung:\n  - bang:\n      cot: [20, rong]\n      dong: [[a, b]]\n", 12, 17,
                 "độ rộng cột cần một số mm (ví dụ 30), tu-dong");
    expect_error("noi_dung:\n  - bang:\n      cot: [{rong: 20, ti_le: 1}]\n      dong: [[a]]\n",
                 12, 24, "một cột chỉ có một trong rong và ti_le");
    expect_error("noi_dung:\n  - bang:\n      thu_nho: co\n      dong: [[a]]\n", 12, 16,
                 "thu_nho cần true hoặc false");
    expect_error("noi_dung:\n  - bang:\n      co_chu: 16\n      dong: [[a]]\n", 12, 15,
                 "từ 11 đến 14 pt");
    expect_error(BANG_3 "        - [a, {chu: b, gop_cot: 0}, c]\n", 14, 33,
                 "gop_cot cần một số nguyên từ 1 đến 64");
    expect_error("noi_dung:\n  - bang:\n      dongg: [[a]]\n", 12, 7,
                 "có phải ý bạn là \"dong\"?");
    expect_error("noi_dung:\n  - bang:\n      cot: [20]\n", 12, 7,
                 "thiếu khóa bắt buộc \"dong\" trong bang");
    expect_error("noi_dung:\n  - bang: [a, b]\n", 11, 11, "khóa \"bang\": cần một nhóm khóa");
    expect_error("noi_dung:\n  - muc: Kết quả\n    bang: {dong: [[a]]}\n", 12, 5,
                 "bang là một khối riêng, không viết cùng khóa cấp \"muc\"");
    expect_error("noi_dung:\n  - bang: {dong: [[a]]}\n    dang: doan\n", 11, 5,
                 "bang là một khối riêng: không có dang hay noi_dung");
}

static void bad_rows_and_cells_refused(void **state)
{
    expect_error(BANG_3 "        - Xã A\n", 14, 11, "mỗi dòng của dong cần là một danh sách các ô");
    expect_error(BANG_3 "        - [a, [b, c], d]\n", 14, 15,
                 "một ô không được là một danh sách");
    expect_error(BANG_3 "        - {o: [a, b, c], nhom: X}\n", 14, 26,
                 "một dòng chỉ có một trong o, nhom và tong");
    expect_error(BANG_3 "        - {to_nen: true}\n", 14, 11, "dòng này chưa có ô");
    expect_error("noi_dung:\n  - bang:\n      dau: [{nhom: A}]\n      dong: [[a]]\n", 12, 14,
                 "dòng đầu bảng (dau) không có nhom");
    expect_error(BANG_3 "        - [a, {chu: [b, \"\"]}, c]\n", 14, 25,
                 "mỗi đoạn trong chu của một ô");
}

/* ---- STT ---- */

#define BANG_STT(kind) "noi_dung:\n  - bang:\n      stt: " kind "\n      cot: [12, 60, 30]\n" \
                       "      dong:\n"

static void typed_stt_refused(void **state)
{
    /* One cell too many, the first a number: the STT column typed by hand. */
    expect_error(BANG_STT("phan-cap") "        - [\"1.\", Xã A, \"25\"]\n", 15, 12,
                 "ô \"1.\" là số thứ tự mà vanban tự đánh (stt: phan-cap); hãy bỏ ô này");
    expect_error(BANG_STT("nhom") "        - [Xã A, \"25\"]\n        - [II, Xã B, \"3\"]\n", 16,
                 12, "(stt: nhom)");
    /* Without cot or dau the widths agree: the column of "1", "2" gives it away. */
    expect_error("noi_dung:\n  - bang:\n      stt: nhom\n      dong:\n"
                 "        - [\"1\", Xã A, \"25\"]\n        - [\"2\", Xã B, \"3\"]\n",
                 14, 12, "ô \"1\" là số thứ tự mà vanban tự đánh");
    /* A number at the start of the text, as in the body's blocks. */
    expect_error(BANG_STT("phan-cap") "        - [1. Xã A, \"25\"]\n", 15, 12,
                 "bắt đầu bằng số \"1.\" mà vanban tự đánh");
    expect_error(BANG_STT("nhom") "        - nhom: I. Cải cách thể chế\n", 15, 17,
                 "bắt đầu bằng số \"I.\" mà vanban tự đánh");
}

static void levels_checked(void **state)
{
    expect_error(BANG_STT("phan-cap") "        - [Xã A, \"25\"]\n"
                                      "        - {cap: 3, o: [Thôn 1, \"2\"]}\n",
                 16, 11, "cap: 3 nhảy cấp");
    expect_error(BANG_STT("nhom") "        - {cap: 2, o: [Thôn 1, \"2\"]}\n", 15, 11,
                 "cap chỉ dùng với stt: phan-cap");
}

static loaded prepared(const char *body)
{
    loaded r = load_table(body);
    if (!r.doc)
        dump(r.diag);
    assert_non_null(r.doc);
    int rc = vb_prepare(r.doc, NULL, r.arena, r.diag);
    if (rc)
        dump(r.diag);
    assert_int_equal(rc, 0);
    return r;
}

static void hierarchical_stt_generated(void **state)
{
    loaded r = prepared(BANG_STT("phan-cap") "        - [A, \"1\"]\n"
                                             "        - [B, \"2\"]\n"
                                             "        - {cap: 2, o: [B1, \"3\"]}\n"
                                             "        - {cap: 2, o: [B2, \"4\"]}\n"
                                             "        - {cap: 3, o: [B2a, \"5\"]}\n"
                                             "        - [C, \"6\"]\n"
                                             "        - {cap: 2, o: [C1, \"7\"]}\n"
                                             "        - {cap: 3, o: [C1a, \"8\"]}\n"
                                             "        - tong: [Tổng cộng, \"36\"]\n");
    vb_table *t = r.doc->body[0].table;
    static const char *const want[] = {"1.", "2.", "2.1.", "2.2.", "2.2.1.", "3.", "3.1.",
                                       "3.1.1."};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(t->rows[i].stt, want[i]);
    assert_null(t->rows[8].stt);
    assert_int_equal(t->rows[0].stt_style, VB_STYLE_BOLD);
    assert_int_equal(t->rows[2].stt_style, VB_STYLE_REGULAR);
    assert_int_equal(t->rows[4].stt_style, VB_STYLE_ITALIC);
    assert_int_equal(t->rows[8].cells[0].colspan, 2);
    unload(&r);
}

static void grouped_stt_restarts(void **state)
{
    loaded r = prepared(BANG_STT("nhom") "        - nhom: Cải cách thể chế\n"
                                         "        - [A, \"1\"]\n"
                                         "        - [B, \"2\"]\n"
                                         "        - nhom: Cải cách thủ tục hành chính\n"
                                         "        - [C, \"3\"]\n");
    vb_table *t = r.doc->body[0].table;
    static const char *const want[] = {"I", "1", "2", "II", "1"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(t->rows[i].stt, want[i]);
    assert_int_equal(t->rows[0].stt_style, VB_STYLE_BOLD);
    assert_int_equal(t->rows[1].stt_style, VB_STYLE_REGULAR);
    /* Column alignment: STT and the figures centred, the words left. */
    assert_int_equal(t->columns[0].align, VB_ALIGN_CENTRE);
    assert_int_equal(t->columns[1].align, VB_ALIGN_LEFT);
    assert_int_equal(t->columns[2].align, VB_ALIGN_CENTRE);
    unload(&r);
}

/* ---- prepare ---- */

static void cells_prepared_as_runs(void **state)
{
    /* "Xã" and "Tổng" decomposed (NFD): NFC after prepare. */
    loaded r = prepared("noi_dung:\n  - bang:\n      tieu_de: Bảng *một*\n"
                        "      cot: [30, 30]\n"
                        "      dau: [[Tên, Số liệu]]\n"
                        "      dong:\n"
                        "        - [\"Xa\xcc\x83 A\", \"93,10%\"]\n"
                        "        - [\"To\xcc\x82\xcc\x89ng **co\xcc\x82\xcc\xa3ng**\", {chu: [\"862/1.266\", "
                        "\"(68,1%)\"]}]\n");
    vb_table *t = r.doc->body[0].table;
    assert_string_equal(t->rows[0].cells[0].paragraphs[0].text, "Xã A");
    const vb_rich *total = &t->rows[1].cells[0].rich[0];
    assert_int_equal(total->count, 2);
    assert_string_equal(total->runs[0].text, "Tổng ");
    assert_string_equal(total->runs[1].text, "cộng");
    assert_int_equal(total->runs[1].style, VB_STYLE_BOLD);
    assert_string_equal(t->rows[1].cells[1].rich[1].runs[0].text, "(68,1%)");
    assert_int_equal(t->title_rich.count, 2);
    assert_int_equal(t->title_rich.runs[1].style, VB_STYLE_ITALIC);
    assert_string_equal(t->header[0].cells[1].rich[0].runs[0].text, "Số liệu");
    assert_null(t->rows[0].stt);
    assert_int_equal(t->columns[0].align, VB_ALIGN_LEFT);
    assert_int_equal(t->columns[1].align, VB_ALIGN_CENTRE);
    unload(&r);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_loads_every_spelling),
        cmocka_unit_test(grid_resolves_spans_as_html),
        cmocka_unit_test(body_row_spans_and_deduced_columns),
        cmocka_unit_test(span_past_the_last_column),
        cmocka_unit_test(row_of_another_width),
        cmocka_unit_test(cell_over_a_row_span),
        cmocka_unit_test(row_span_past_the_last_row),
        cmocka_unit_test(bad_values_refused),
        cmocka_unit_test(bad_rows_and_cells_refused),
        cmocka_unit_test(typed_stt_refused),
        cmocka_unit_test(levels_checked),
        cmocka_unit_test(hierarchical_stt_generated),
        cmocka_unit_test(grouped_stt_restarts),
        cmocka_unit_test(cells_prepared_as_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
