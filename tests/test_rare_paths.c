/* Paths a clerk seldom takes, each with what it must do: a character missing from one style
 * only, notes called from the trích yếu, a batch whose output folder cannot be made or whose
 * outputs are one file, .yml inputs, a creation time out of the PDF's range, watch when the
 * system has no inotify watch left, unprintable and unusable characters, "TM." as printed. */
#include <limits.h>

#include "runutil.h"
#include "vanban.h"

#define VANBAN(...) ru_run((const char *const[]){ru_vanban_bin(), __VA_ARGS__, NULL}, NULL)

static void expect_status(const ru_result *r, int status, const char *stderr_needle)
{
    if (r->status != status || (stderr_needle && !strstr(r->err, stderr_needle)))
        ru_show("vanban", r);
    assert_int_equal(r->status, status);
    if (stderr_needle)
        assert_non_null(strstr(r->err, stderr_needle));
}

/* The text of page `page` of a PDF, as pdftotext reads it; malloc'd. */
static char *page_text(const char *pdf, int page)
{
    char number[16];
    snprintf(number, sizeof number, "%d", page);
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-", NULL};
    return ru_output_of(argv);
}

/* A family whose first `from_liberation` styles lack "Ͱ" (Liberation Serif) and whose other
 * styles have it (Tinos, under the names vanban looks for): the error names the styles lacking
 * it, for "đậm" text would pass and a plain line would not. */
static void check_with_mixed_family(size_t from_liberation, const char *expected)
{
    static const char tinos[] = "/usr/share/fonts/truetype/croscore/Tinos-";
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *fonts = ru_join(s.dir, "fonts");
    assert_int_equal(mkdir(fonts, 0755), 0);
    char cwd[PATH_MAX], target[2 * PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    static const char *const styles[] = {"Regular", "Bold", "Italic", "BoldItalic"};
    for (size_t i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "LiberationSerif-%s.ttf", styles[i]);
        char *link_path = ru_join(fonts, name);
        if (i < from_liberation)
            snprintf(target, sizeof target, "%s/fonts/%s", cwd, name);
        else
            snprintf(target, sizeof target, "%s%s.ttf", tinos, styles[i]);
        assert_int_equal(access(target, R_OK), 0); /* test-deps installs fonts-croscore */
        assert_int_equal(symlink(target, link_path), 0);
        free(link_path);
    }
    static const char yaml[] = RU_SAMPLE_YAML "ghi_chu: Mọi Ͱ thôn\n";
    assert_int_equal(ru_write_file(s.input, yaml, strlen(yaml)), 0);
    ru_result r = VANBAN("--font-dir", fonts, "check", s.input);
    expect_status(&r, VB_ERR_CONTENT, expected);
    ru_result_free(&r);
    free(fonts);
    ru_scratch_free(&s);
}

static void character_missing_from_one_style_names_it(void **state)
{
    (void)state;
    check_with_mixed_family(1, "ký tự \"Ͱ\" (U+0370) không có trong phông chữ (thiếu ở kiểu chữ "
                               "thường)");
}

/* Styles are listed with commas: "đậm nghiêng" is the name of one of them. */
static void character_missing_from_three_styles_lists_them_apart(void **state)
{
    (void)state;
    check_with_mixed_family(3, "(thiếu ở kiểu chữ thường, đậm, nghiêng)");
}

/* A note called in the trích yếu has no body line of its own: it goes at the foot of page 1,
 * numbered before the body's first note. */
static void notes_called_from_the_summary_go_on_page_one(void **state)
{
    (void)state;
    static const char yaml[] =
        "loai: bao-cao\n"
        "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
        "so: 5\n"
        "ky_hieu: UBND\n"
        "dia_danh: Bình Trung\n"
        "ngay: 2024-01-05\n"
        "trich_yeu: Kết quả thực hiện nhiệm vụ[^nv] tháng 12\n"
        "noi_dung:\n"
        "  - Thu ngân sách đạt dự toán[^ns].\n"
        "chu_thich:\n"
        "  ns: Chú thích của thân văn bản.\n"
        "  nv: Chú thích của trích yếu.\n"
        "noi_nhan: [UBND huyện]\n"
        "nguoi_ky:\n"
        "  chuc_vu: CHỦ TỊCH\n"
        "  ho_ten: Hà Minh Phú\n";
    ru_scratch s = ru_scratch_with_input(yaml);
    ru_render_ok(s.input, s.output, NULL);
    char *text = page_text(s.output, 1);
    const char *summary_note = strstr(text, "Chú thích của trích yếu.");
    const char *body_note = strstr(text, "Chú thích của thân văn bản.");
    if (!summary_note || !body_note || !strstr(text, "nhiệm vụ(1) tháng") ||
        !strstr(text, "dự toán(2)"))
        print_message("page 1:\n%s\n", text);
    assert_non_null(strstr(text, "nhiệm vụ(1) tháng"));
    assert_non_null(strstr(text, "dự toán(2)"));
    assert_non_null(summary_note);
    assert_non_null(body_note);
    assert_true(summary_note < body_note); /* the notes in their numbers' order */
    free(text);
    ru_scratch_free(&s);
}

/* Two inputs into a folder that cannot be made (its parent is missing): exit 3, saying why. */
static void batch_output_folder_that_cannot_be_made(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *second = ru_join(s.dir, "second.yaml");
    assert_int_equal(ru_write_file(second, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML)), 0);
    char *folder = ru_join(s.dir, "missing/pdf");
    ru_result r = VANBAN("-q", "render", s.input, second, "-o", folder);
    char expected[PATH_MAX + 128];
    snprintf(expected, sizeof expected, "không tạo được thư mục %s: %s", folder, strerror(ENOENT));
    expect_status(&r, VB_ERR_IO, expected);
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "in.yaml\nsecond.yaml");
    free(listing);
    ru_result_free(&r);
    free(folder);
    free(second);
    ru_scratch_free(&s);
}

/* .yml and upper-case .YAML inputs are named NAME.pdf in the output folder, the folder made. */
static void batch_names_yml_inputs(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *a = ru_join(s.dir, "a.yml"), *b = ru_join(s.dir, "b.YAML");
    assert_int_equal(rename(s.input, a), 0);
    assert_int_equal(ru_write_file(b, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML)), 0);
    char *folder = ru_join(s.dir, "pdf");
    char *folder_slash = ru_join(s.dir, "pdf//");
    ru_result r = VANBAN("-q", "render", a, b, "-o", folder_slash);
    expect_status(&r, VB_OK, NULL);
    char *listing = ru_list_dir(folder);
    assert_string_equal(listing, "a.pdf\nb.pdf");
    free(listing);
    ru_result_free(&r);
    free(folder_slash);
    free(folder);
    free(a);
    free(b);
    ru_scratch_free(&s);
}

/* Two outputs that are one file (a hard link made beforehand) would overwrite each other:
 * refused before anything is rendered, naming both. */
static void batch_outputs_that_are_one_file_are_refused(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *second = ru_join(s.dir, "second.yaml");
    assert_int_equal(ru_write_file(second, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML)), 0);
    char *folder = ru_join(s.dir, "pdf");
    assert_int_equal(mkdir(folder, 0755), 0);
    char *in_pdf = ru_join(folder, "in.pdf"), *second_pdf = ru_join(folder, "second.pdf");
    assert_int_equal(ru_write_file(in_pdf, "old", 3), 0);
    assert_int_equal(link(in_pdf, second_pdf), 0);
    ru_result r = VANBAN("-q", "render", s.input, second, "-o", folder);
    expect_status(&r, VB_ERR_USAGE, "là một tệp (liên kết)");
    assert_non_null(strstr(r.err, in_pdf));
    assert_non_null(strstr(r.err, second_pdf));
    size_t len = 0;
    char *kept = tu_read_file(in_pdf, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(kept, "old", 3);
    free(kept);
    ru_result_free(&r);
    free(in_pdf);
    free(second_pdf);
    free(folder);
    free(second);
    ru_scratch_free(&s);
}

/* A PDF given as an input is the clerk's slip (a swapped argument): refused before anything is
 * written, naming it; a file too short to be a PDF, a missing one, are the render's to judge. */
static void pdf_inputs_are_refused_but_short_files_are_read(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *pdf = ru_join(s.dir, "old.pdf"), *tiny = ru_join(s.dir, "tiny.yaml");
    char *missing = ru_join(s.dir, "missing.yaml");
    assert_int_equal(ru_write_file(pdf, "%PDF-1.7\n", 9), 0);
    assert_int_equal(ru_write_file(tiny, "%PD", 3), 0);
    ru_result r = VANBAN("check", s.input, pdf);
    expect_status(&r, VB_ERR_USAGE, "a PDF is not an input");
    assert_non_null(strstr(r.err, pdf));
    ru_result_free(&r);
    r = VANBAN("check", tiny);
    expect_status(&r, VB_ERR_CONTENT, NULL);
    assert_null(strstr(r.err, "PDF"));
    ru_result_free(&r);
    r = VANBAN("check", missing);
    expect_status(&r, VB_ERR_IO, strerror(ENOENT));
    ru_result_free(&r);
    free(pdf);
    free(tiny);
    free(missing);
    ru_scratch_free(&s);
}

/* Inputs and outputs on two file systems (/tmp and /dev/shm): compared as files by device as
 * well as inode, and written. */
static void batch_onto_another_file_system(void **state)
{
    (void)state;
    struct stat shm;
    if (stat("/dev/shm", &shm) != 0 || !S_ISDIR(shm.st_mode)) {
        print_message("no /dev/shm here: skipped\n");
        skip();
    }
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *second = ru_join(s.dir, "second.yaml");
    assert_int_equal(ru_write_file(second, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML)), 0);
    char folder[] = "/dev/shm/vanban-test-XXXXXX";
    assert_non_null(mkdtemp(folder));
    ru_result r = VANBAN("-q", "render", s.input, second, "-o", folder);
    expect_status(&r, VB_OK, NULL);
    char *listing = ru_list_dir(folder);
    assert_string_equal(listing, "in.pdf\nsecond.pdf");
    free(listing);
    ru_result_free(&r);
    ru_remove_temp_dir(strdup(folder));
    free(second);
    ru_scratch_free(&s);
}

/* The short spellings do what the long ones do; "--" ends the options, so that a file whose
 * name starts with "-" can be named; "đ" in a mistyped key is matched as "d". */
static void short_options_double_dash_and_the_letter_dd(void **state)
{
    (void)state;
    ru_result r = VANBAN("-V");
    expect_status(&r, VB_OK, NULL);
    assert_string_equal(r.out, "vanban " VANBAN_VERSION "\n");
    ru_result_free(&r);
    r = VANBAN("-h");
    expect_status(&r, VB_OK, NULL);
    assert_non_null(strstr(r.out, "Usage:"));
    ru_result_free(&r);

    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *dashed = ru_join(s.dir, "-in.yaml");
    assert_int_equal(rename(s.input, dashed), 0);
    char *bin = realpath(ru_vanban_bin(), NULL);
    assert_non_null(bin);
    assert_int_equal(chdir(s.dir), 0); /* "-in.yaml" as typed, not "./-in.yaml" */
    const char *argv[] = {bin, "check", "--", "-in.yaml", NULL};
    r = ru_run(argv, NULL);
    assert_true(tu_enter_repo_root() == 0);
    expect_status(&r, VB_OK, NULL);
    ru_result_free(&r);

    static const char yaml[] = RU_SAMPLE_YAML "địa_danh: Bình Trung\n";
    assert_int_equal(ru_write_file(dashed, yaml, strlen(yaml)), 0);
    r = VANBAN("check", dashed);
    expect_status(&r, VB_ERR_CONTENT,
                  "khóa \"địa_danh\" không hợp lệ: khóa viết không dấu, chữ thường; có phải ý bạn "
                  "là \"dia_danh\"?");
    ru_result_free(&r);
    free(dashed);
    free(bin);
    ru_scratch_free(&s);
}

/* An undeclared note is answered with the nearest declared ids, the same for each call of it;
 * with no chu_thich at all, with that. */
static void undeclared_notes_get_the_nearest_ids_each_time(void **state)
{
    (void)state;
    static const char head[] = "loai: bao-cao\n"
                               "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
                               "so: 5\n"
                               "ky_hieu: UBND\n"
                               "dia_danh: Bình Trung\n"
                               "ngay: 2024-01-05\n"
                               "trich_yeu: Báo cáo thử\n"
                               "noi_nhan: [UBND huyện]\n"
                               "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Hà Minh Phú}\n"
                               "noi_dung:\n"
                               "  - Một[^a1][^a2][^a3][^a4] và[^b9].\n"
                               "  - Hai[^b9].\n";
    static const char notes[] = "chu_thich: {a1: Một., a2: Hai., a3: Ba., a4: Bốn.}\n";
    ru_scratch s = ru_scratch_with_input("");
    char yaml[1024];
    snprintf(yaml, sizeof yaml, "%s%s", head, notes);
    assert_int_equal(ru_write_file(s.input, yaml, strlen(yaml)), 0);
    ru_result r = VANBAN("check", s.input);
    static const char hint[] = "chú thích \"[^b9]\" chưa được khai báo trong chu_thich; các chú "
                               "thích gần giống nhất: a1, a2, a3\n";
    expect_status(&r, VB_ERR_CONTENT, hint);
    assert_non_null(strstr(strstr(r.err, hint) + 1, hint)); /* the second call, too */
    ru_result_free(&r);

    /* An id too long to compare with the others still gets a hint that says something. */
    char long_id[96];
    memset(long_id, 'x', 80);
    long_id[80] = 0;
    snprintf(yaml, sizeof yaml, "%s  - Ba[^%s].\n%s", head, long_id, notes);
    assert_int_equal(ru_write_file(s.input, yaml, strlen(yaml)), 0);
    r = VANBAN("check", s.input);
    expect_status(&r, VB_ERR_CONTENT, "chu_thich; không chú thích nào có tên gần giống\n");
    ru_result_free(&r);

    assert_int_equal(ru_write_file(s.input, head, strlen(head)), 0);
    r = VANBAN("check", s.input);
    expect_status(&r, VB_ERR_CONTENT, "văn bản chưa có chu_thich nào");
    ru_result_free(&r);
    ru_scratch_free(&s);
}

/* One input and "-o NAME/" (a folder not made yet): the PDF goes in it as in.pdf. watch given a
 * folder instead of a file is told so. */
static void one_input_into_a_folder_named_with_a_slash(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *folder = ru_join(s.dir, "pdf/"), *made = ru_join(s.dir, "pdf");
    ru_result r = VANBAN("-q", "render", s.input, "-o", folder);
    expect_status(&r, VB_OK, NULL);
    ru_result_free(&r);
    char *listing = ru_list_dir(made);
    assert_string_equal(listing, "in.pdf");
    free(listing);
    char *dir_slash = ru_join(s.dir, "");
    r = VANBAN("watch", dir_slash, "-o", s.output);
    expect_status(&r, VB_ERR_USAGE, "watch needs a file");
    ru_result_free(&r);
    free(dir_slash);
    free(folder);
    free(made);
    ru_scratch_free(&s);
}

/* Settings given but empty count as not given: SOURCE_DATE_EPOCH="" dates nothing,
 * VANBAN_FONT_DIR="" leaves the fonts to be looked for; an absolute phong_chu is taken as it
 * is, not under the YAML's folder. */
static void empty_settings_and_an_absolute_font_folder(void **state)
{
    (void)state;
    char *fonts = realpath(VB_TEST_FONT_DIR, NULL);
    assert_non_null(fonts);
    char yaml[8192];
    snprintf(yaml, sizeof yaml, "%strinh_bay:\n  phong_chu: %s\n", RU_SAMPLE_YAML, fonts);
    ru_scratch s = ru_scratch_with_input(yaml);
    const char *const empty[] = {"SOURCE_DATE_EPOCH=", "VANBAN_FONT_DIR=", NULL};
    const char *argv[] = {ru_vanban_bin(), "-q", "render", s.input, "-o", s.output, NULL};
    ru_result r = ru_run(argv, empty);
    expect_status(&r, VB_OK, NULL);
    size_t len = 0;
    char *pdf = tu_read_file(s.output, &len);
    assert_non_null(pdf);
    assert_null(memmem(pdf, len, "/CreationDate", 13));
    free(pdf);
    ru_result_free(&r);
    free(fonts);
    ru_scratch_free(&s);
}

/* The input named as typed, with no folder: phong_chu is then under the current folder. */
static void font_folder_beside_an_input_named_without_a_folder(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML "trinh_bay:\n  phong_chu: my-fonts\n");
    char *fonts = realpath(VB_TEST_FONT_DIR, NULL), *link_path = ru_join(s.dir, "my-fonts");
    assert_non_null(fonts);
    assert_int_equal(symlink(fonts, link_path), 0);
    char *bin = realpath(ru_vanban_bin(), NULL);
    assert_non_null(bin);
    assert_int_equal(chdir(s.dir), 0);
    const char *argv[] = {bin, "-q", "render", "in.yaml", "-o", "out.pdf", NULL};
    ru_result r = ru_run(argv, NULL);
    assert_true(tu_enter_repo_root() == 0);
    expect_status(&r, VB_OK, NULL);
    char *listing = ru_list_dir(s.dir);
    assert_string_equal(listing, "in.yaml\nmy-fonts\nout.pdf");
    free(listing);
    ru_result_free(&r);
    free(bin);
    free(fonts);
    free(link_path);
    ru_scratch_free(&s);
}

/* A clerk's own ";" or "." at the end of a Nơi nhận line, before a tab or a space, gives way
 * to the punctuation the decree sets: one ";" a line, never two. */
static void clerk_punctuation_in_noi_nhan_gives_way(void **state)
{
    (void)state;
    static const char yaml[] = "loai: bao-cao\n"
                               "co_quan: UBND XÃ BÌNH TRUNG\n"
                               "ky_hieu: UBND\n"
                               "dia_danh: Bình Trung\n"
                               "ngay: 2023-07-14\n"
                               "trich_yeu: Báo cáo thử\n"
                               "noi_dung:\n"
                               "  - Đoạn một.\n"
                               "noi_nhan: [\"UBND huyện;\\t\", \"TT Đảng ủy xã. \"]\n"
                               "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Hà Minh Phú}\n";
    ru_scratch s = ru_scratch_with_input(yaml);
    ru_render_ok(s.input, s.output, NULL);
    char *text = page_text(s.output, 1);
    if (!strstr(text, "- UBND huyện;\n- TT Đảng ủy xã;\n- Lưu: VT."))
        print_message("page 1:\n%s\n", text);
    assert_non_null(strstr(text, "- UBND huyện;\n- TT Đảng ủy xã;\n- Lưu: VT."));
    free(text);
    ru_scratch_free(&s);
}

/* A PDF date has four digits of year: a later time is warned about and left out, the PDF
 * still made. */
static void creation_time_beyond_year_9999_is_left_out(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options eopts = {.font_dir = VB_TEST_FONT_DIR};
    vb_engine *eng = vb_engine_new(&eopts, diag);
    assert_non_null(eng);
    vb_render_options opts = {.creation_time = 253402300800LL}; /* 10000-01-01 */
    unsigned char *pdf = NULL;
    size_t len = 0;
    vb_status st = vb_render_memory(eng, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML), "in.yaml",
                                    &opts, &pdf, &len, diag);
    assert_int_equal(st, VB_OK);
    assert_int_equal(vb_diagnostics_errors(diag), 0);
    assert_int_equal(vb_diagnostics_count(diag), 1);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0), "thời điểm tạo tài liệu không hợp lệ"));
    assert_null(memmem(pdf, len, "/CreationDate", 13));

    /* the last second of 9999 is still a date */
    vb_free(pdf);
    vb_diagnostics_clear(diag);
    opts.creation_time = 253402300799LL;
    st = vb_render_memory(eng, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML), "in.yaml", &opts, &pdf,
                          &len, diag);
    assert_int_equal(st, VB_OK);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    assert_non_null(memmem(pdf, len, "/CreationDate (D:99991231235959", 31));
    vb_free(pdf);
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
}

/* A character that has no place in a document is reported at its line and column, whatever
 * ends the lines before it (CR LF, a lone CR, NEL, LS, PS: YAML's line breaks), whether it is in
 * the file itself (DEL, a C1 control, U+FFFE) or comes out of a "\\" escape. */
static void unprintable_characters_are_placed_after_any_line_break(void **state)
{
    (void)state;
    static const char *const breaks[] = {"\r\n", "\r", "\xC2\x85", "\xE2\x80\xA8",
                                         "\xE2\x80\xA9"};
    static const struct {
        const char *value, *where, *code;
    } values[] = {
        {"a\x7F" "b", ":3:13: error: tệp chứa", "U+007F"},
        {"a\xC2\x90" "b", ":3:13: error: tệp chứa", "U+0090"},
        {"a\xEF\xBF\xBE" "b", ":3:13: error: tệp chứa", "U+FFFE"},
        {"\"a\\x7fb\"", ":3:12: error: đoạn văn bản chứa", "U+007F"},
        {"\"a\\rb\"", ":3:12: error: đoạn văn bản chứa", "U+000D"},
        {"\"a\\x85b\"", ":3:12: error: đoạn văn bản chứa", "U+0085"},
    };
    ru_scratch s = ru_scratch_with_input("");
    for (size_t b = 0; b < sizeof breaks / sizeof *breaks; b++)
        for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
            char yaml[256], where[4200];
            snprintf(yaml, sizeof yaml, "loai: bao-cao%sco_quan: UBND%strich_yeu: %s%s",
                     breaks[b], breaks[b], values[v].value, breaks[b]);
            assert_int_equal(ru_write_file(s.input, yaml, strlen(yaml)), 0);
            ru_result r = VANBAN("check", s.input);
            snprintf(where, sizeof where, "%s%s", s.input, values[v].where);
            if (r.status != VB_ERR_CONTENT || strncmp(r.err, where, strlen(where)) != 0 ||
                !strstr(r.err, values[v].code))
                print_message("break %zu, value %zu:\n", b, v);
            expect_status(&r, VB_ERR_CONTENT, where);
            assert_memory_equal(r.err, where, strlen(where)); /* the first message */
            assert_non_null(strstr(r.err, values[v].code));
            ru_result_free(&r);
        }
    ru_scratch_free(&s);
}

/* Characters no standard font has (private use, noncharacters) are named by kind and code
 * point, in the BMP and beyond; a byte-order mark does not count as a column. */
static void unusable_characters_are_named_by_kind(void **state)
{
    (void)state;
    static const struct {
        const char *yaml, *where, *said;
    } cases[] = {
        {"loai: bao-cao\ntrich_yeu: a\xEE\x80\x80" "b\n", ":2:12:",
         "(Private Use), không phông chữ chuẩn nào có (U+E000)"},
        {"loai: bao-cao\ntrich_yeu: a\xF3\xB0\x80\x80" "b\n", ":2:12:",
         "(Private Use), không phông chữ chuẩn nào có (U+F0000)"},
        {"loai: bao-cao\ntrich_yeu: a\xEF\xB7\x90" "b\n", ":2:12:",
         "(noncharacter) (U+FDD0)"},
        {"loai: bao-cao\ntrich_yeu: a\xF0\x9F\xBF\xBE" "b\n", ":2:12:",
         "(noncharacter) (U+1FFFE)"},
        {"\xEF\xBB\xBFloai: bao-cao\ttrong\n", ":1:7:", "loại văn bản \"bao-cao\ttrong\" không có"},
    };
    ru_scratch s = ru_scratch_with_input("");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(ru_write_file(s.input, cases[i].yaml, strlen(cases[i].yaml)), 0);
        ru_result r = VANBAN("check", s.input);
        char where[4200];
        snprintf(where, sizeof where, "%s%s error: ", s.input, cases[i].where);
        expect_status(&r, VB_ERR_CONTENT, cases[i].said);
        if (strncmp(r.err, where, strlen(where)) != 0)
            ru_show("vanban check", &r);
        assert_memory_equal(r.err, where, strlen(where)); /* the first message, there */
        ru_result_free(&r);
    }
    ru_scratch_free(&s);
}

/* "TM." is how the authority is printed, and how a clerk may copy it: the same PDF as "TM". */
static void authority_with_its_printed_dot(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    char *with_dot = ru_join(s.dir, "dot.yaml"), *dot_pdf = ru_join(s.dir, "dot.pdf");
    char *yaml = strdup(RU_SAMPLE_YAML);
    char *at = strstr(yaml, "tham_quyen: TM\n");
    assert_non_null(at);
    size_t n = strlen(yaml) + 2;
    char *dotted = malloc(n);
    assert_non_null(dotted);
    snprintf(dotted, n, "%.*stham_quyen: TM.\n%s", (int)(at - yaml), yaml, at + 15);
    assert_int_equal(ru_write_file(with_dot, dotted, strlen(dotted)), 0);
    ru_render_ok(s.input, s.output, NULL);
    ru_render_ok(with_dot, dot_pdf, NULL);
    size_t a_len = 0, b_len = 0;
    char *a = tu_read_file(s.output, &a_len), *b = tu_read_file(dot_pdf, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
    free(dotted);
    free(yaml);
    free(with_dot);
    free(dot_pdf);
    ru_scratch_free(&s);
}

/* No inotify watch left: watch says so, points at the limits, and ends at once with exit 3
 * rather than waiting for saves it would never see. */
static void watch_without_inotify_watches_says_so(void **state)
{
    (void)state;
    ru_scratch s = ru_scratch_with_input(RU_SAMPLE_YAML);
    const char *argv[] = {ru_vanban_bin(), "watch", s.input, "-o", s.output, NULL};
    ru_result r = ru_run_failing_io(argv, "inotify");
    char expected[PATH_MAX + 128];
    snprintf(expected, sizeof expected, "không theo dõi được thư mục %s: %s (giới hạn inotify",
             s.dir, strerror(ENOSPC));
    expect_status(&r, VB_ERR_IO, expected);
    ru_result_free(&r);
    ru_scratch_free(&s);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(character_missing_from_one_style_names_it),
        cmocka_unit_test(character_missing_from_three_styles_lists_them_apart),
        cmocka_unit_test(notes_called_from_the_summary_go_on_page_one),
        cmocka_unit_test(batch_output_folder_that_cannot_be_made),
        cmocka_unit_test(batch_names_yml_inputs),
        cmocka_unit_test(batch_outputs_that_are_one_file_are_refused),
        cmocka_unit_test(pdf_inputs_are_refused_but_short_files_are_read),
        cmocka_unit_test(batch_onto_another_file_system),
        cmocka_unit_test(short_options_double_dash_and_the_letter_dd),
        cmocka_unit_test(undeclared_notes_get_the_nearest_ids_each_time),
        cmocka_unit_test(one_input_into_a_folder_named_with_a_slash),
        cmocka_unit_test(empty_settings_and_an_absolute_font_folder),
        cmocka_unit_test(font_folder_beside_an_input_named_without_a_folder),
        cmocka_unit_test(clerk_punctuation_in_noi_nhan_gives_way),
        cmocka_unit_test(creation_time_beyond_year_9999_is_left_out),
        cmocka_unit_test(watch_without_inotify_watches_says_so),
        cmocka_unit_test(unprintable_characters_are_placed_after_any_line_break),
        cmocka_unit_test(unusable_characters_are_named_by_kind),
        cmocka_unit_test(authority_with_its_printed_dot),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
