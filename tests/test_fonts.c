/* Font module: finding the four styles, metrics that agree with libharu's /W array, subsets
 * that HarfBuzz can read back, and damaged or hostile font files refused when loaded. */
#include "testutil.h"

#include <ctype.h>
#include <fcntl.h>
#include <hb.h>
#include <hpdf.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fonts/fonts.h"

static const vb_style all_styles[4] = {VB_STYLE_REGULAR, VB_STYLE_BOLD, VB_STYLE_ITALIC,
                                            VB_STYLE_BOLD_ITALIC};

/* The 134 precomposed letters of Vietnamese (67 lower case, 67 upper case). */
static const char vietnamese_letters[] =
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ";

static size_t decode_utf8(const char *s, uint32_t *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n < max) {
        uint32_t cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if (*p < 0xE0) {
            cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else if (*p < 0xF0) {
            cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        } else {
            cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
                 (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
            p += 4;
        }
        out[n++] = cp;
    }
    return n;
}

static bool diag_mentions(const vb_diagnostics *diag, const char *needle)
{
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        if (strstr(vb_diagnostic_format(diag, i), needle))
            return true;
    return false;
}

static int setup_fonts(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_fontset *fs = vb_fontset_load(VB_TEST_FONT_DIR, diag);
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        fprintf(stderr, "%s\n", vb_diagnostic_format(diag, i));
    vb_diagnostics_free(diag);
    *state = fs;
    return fs ? 0 : -1;
}

static int teardown_fonts(void **state)
{
    vb_fontset_free(*state);
    return 0;
}

static void test_finds_the_four_liberation_styles(void **state)
{
    const vb_fontset *fs = *state;
    const char *expected_files[4] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                     "LiberationSerif-Italic.ttf",
                                     "LiberationSerif-BoldItalic.ttf"};
    const char *expected_names[4] = {"LiberationSerif", "LiberationSerif-Bold",
                                      "LiberationSerif-Italic", "LiberationSerif-BoldItalic"};
    for (int i = 0; i < 4; i++) {
        const char *path = vb_font_path(fs, all_styles[i]);
        size_t n = strlen(path), m = strlen(expected_files[i]);
        assert_true(n > m);
        assert_string_equal(path + n - m, expected_files[i]);
        assert_string_equal(vb_font_postscript_name(fs, all_styles[i]), expected_names[i]);
    }
}

static void test_vertical_metrics_come_from_hhea(void **state)
{
    const vb_fontset *fs = *state;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(vb_font_ascender(fs, all_styles[i]), 891);
        assert_int_equal(vb_font_descender(fs, all_styles[i]), -216);
        assert_int_equal(vb_font_line_gap(fs, all_styles[i]), 42);
    }
}

/* What libharu itself reports for each letter of the full font is what the /W array states. */
static void test_advances_equal_libharu_widths(void **state)
{
    const vb_fontset *fs = *state;
    const char *sample = "Độc lập - Tự do - Hạnh phúc ngày 14 tháng 7 Nghị định Ủy ban nhân dân "
                         "ữỹợằẫ₫…“”–—№€ ";
    for (int i = 0; i < 4; i++) {
        HPDF_Doc pdf = HPDF_New(NULL, NULL);
        assert_non_null(pdf);
        assert_int_equal(HPDF_UseUTFEncodings(pdf), HPDF_OK);
        const char *path = vb_font_path(fs, all_styles[i]);
        const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_FALSE);
        assert_non_null(name);
        HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
        assert_non_null(font);
        long libharu_total = 0;
        /* one character at a time: its UTF-8 bytes to libharu, its code point to us */
        for (const char *p = sample; *p;) {
            size_t len = 1;
            while (((unsigned char)p[len] & 0xC0) == 0x80)
                len++;
            uint32_t cp;
            assert_int_equal(decode_utf8(p, &cp, 1), 1);
            HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)p, (HPDF_UINT)len);
            assert_int_equal(tw.numchars, 1);
            assert_int_equal(vb_font_advance(fs, all_styles[i], cp), (int)tw.width);
            libharu_total += (long)tw.width;
            p += len;
        }
        assert_true(libharu_total > 0);
        double expected = (double)libharu_total * 13.0 / 1000.0;
        assert_float_equal(vb_text_width(fs, all_styles[i], 13.0, sample, strlen(sample)),
                           expected, 1e-9);
        HPDF_Free(pdf);
    }
}

static void test_some_known_widths(void **state)
{
    const vb_fontset *fs = *state;
    /* Times New Roman's metrics, which Liberation Serif copies. */
    assert_int_equal(vb_font_advance(fs, VB_STYLE_REGULAR, ' '), 250);
    assert_int_equal(vb_font_advance(fs, VB_STYLE_REGULAR, 'M'), 889);
    assert_int_equal(vb_font_advance(fs, VB_STYLE_BOLD, 'M'), 943);
    /* A combining mark exists but does not advance. */
    assert_true(vb_font_has_glyph(fs, VB_STYLE_REGULAR, 0x0301));
    assert_int_equal(vb_font_advance(fs, VB_STYLE_REGULAR, 0x0301), 0);
    assert_float_equal(vb_text_width(fs, VB_STYLE_REGULAR, 10.0, "MM", 2), 17.78, 1e-9);
    assert_float_equal(vb_text_width(fs, VB_STYLE_REGULAR, 10.0, "", 0), 0.0, 0.0);
}

static void test_every_vietnamese_letter_has_a_glyph(void **state)
{
    const vb_fontset *fs = *state;
    uint32_t cps[200];
    size_t n = decode_utf8(vietnamese_letters, cps, 200);
    assert_int_equal(n, 134);
    for (int i = 0; i < 4; i++) {
        for (size_t k = 0; k < n; k++) {
            if (!vb_font_has_glyph(fs, all_styles[i], cps[k]))
                fail_msg("style %d has no glyph for U+%04X", i, cps[k]);
            assert_true(vb_font_advance(fs, all_styles[i], cps[k]) > 0);
        }
        assert_false(vb_font_has_glyph(fs, all_styles[i], 0x1F600));
        assert_int_equal(vb_font_advance(fs, all_styles[i], 0x1F600), 0);
        /* Above the fast table, answered by HarfBuzz. */
        assert_true(vb_font_has_glyph(fs, all_styles[i], 0xFB01)); /* ﬁ */
        assert_false(vb_font_has_glyph(fs, all_styles[i], 0x4E00));
    }
}

static void test_bad_style_is_harmless(void **state)
{
    const vb_fontset *fs = *state;
    vb_style bad = (vb_style)7;
    assert_false(vb_font_has_glyph(fs, bad, 'a'));
    assert_int_equal(vb_font_advance(fs, bad, 'a'), 0);
    assert_string_equal(vb_font_path(fs, bad), "");
    assert_float_equal(vb_text_width(fs, bad, 12, "abc", 3), 0.0, 0.0);
}

static void test_missing_folder_is_named(void **state)
{
    (void)state;
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_null(vb_fontset_load("/nonexistent/phong-chu-xyz", diag));
    assert_true(vb_diagnostics_errors(diag) >= 1);
    assert_true(diag_mentions(diag, "/nonexistent/phong-chu-xyz"));
    vb_diagnostics_free(diag);
}

static char *make_temp_dir(void)
{
    char *dir = strdup("/tmp/vb-fonts-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void link_font(const char *dir, const char *source_name, const char *as_name)
{
    char source[4096], target[4096], cwd[2048];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(source, sizeof source, "%s/%s/%s", cwd, VB_TEST_FONT_DIR, source_name);
    snprintf(target, sizeof target, "%s/%s", dir, as_name);
    assert_int_equal(symlink(source, target), 0);
}

static void remove_dir(char *dir, const char *const *names, size_t n)
{
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
}

static void test_missing_style_names_folder_and_candidates(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    link_font(dir, "LiberationSerif-Regular.ttf", "LiberationSerif-Regular.ttf");
    link_font(dir, "LiberationSerif-Italic.ttf", "LiberationSerif-Italic.ttf");
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_null(vb_fontset_load(dir, diag));
    assert_int_equal(vb_diagnostics_errors(diag), 2); /* bold and bold italic */
    assert_true(diag_mentions(diag, dir));
    assert_true(diag_mentions(diag, "LiberationSerif-Bold.ttf"));
    assert_true(diag_mentions(diag, "timesbd.ttf"));
    assert_true(diag_mentions(diag, "Times New Roman Bold Italic.ttf"));
    assert_false(diag_mentions(diag, "timesi.ttf"));
    vb_diagnostics_free(diag);
    const char *names[] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Italic.ttf"};
    remove_dir(dir, names, 2);
}

static void test_windows_names_in_any_case(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *names[] = {"TIMES.TTF", "timesbd.ttf", "Timesi.ttf", "TimesBI.TTF"};
    link_font(dir, "LiberationSerif-Regular.ttf", names[0]);
    link_font(dir, "LiberationSerif-Bold.ttf", names[1]);
    link_font(dir, "LiberationSerif-Italic.ttf", names[2]);
    link_font(dir, "LiberationSerif-BoldItalic.ttf", names[3]);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_fontset *fs = vb_fontset_load(dir, diag);
    assert_non_null(fs);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    assert_non_null(strstr(vb_font_path(fs, VB_STYLE_BOLD_ITALIC), "TimesBI.TTF"));
    assert_string_equal(vb_font_postscript_name(fs, VB_STYLE_BOLD_ITALIC),
                        "LiberationSerif-BoldItalic");
    vb_fontset_free(fs);
    vb_diagnostics_free(diag);
    remove_dir(dir, names, 4);
}

static void test_cff_fonts_are_refused(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *names[] = {"Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf",
                           "Tinos-BoldItalic.ttf"};
    /* An OpenType/CFF font renamed .ttf: its first four bytes say OTTO. */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[0]);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    static const unsigned char otto[64] = {'O', 'T', 'T', 'O', 0, 1};
    assert_int_equal(fwrite(otto, 1, sizeof otto, f), sizeof otto);
    fclose(f);
    link_font(dir, "LiberationSerif-Bold.ttf", names[1]);
    link_font(dir, "LiberationSerif-Italic.ttf", names[2]);
    link_font(dir, "LiberationSerif-BoldItalic.ttf", names[3]);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_null(vb_fontset_load(dir, diag));
    assert_true(diag_mentions(diag, "CFF"));
    assert_true(diag_mentions(diag, "Tinos-Regular.ttf"));
    vb_diagnostics_free(diag);
    remove_dir(dir, names, 4);
}

static void test_subset_is_small_and_maps_the_code_points(void **state)
{
    const vb_fontset *fs = *state;
    const char *text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc";
    uint32_t cps[128];
    size_t ncps = decode_utf8(text, cps, 128);
    for (int i = 0; i < 4; i++) {
        unsigned char *data = NULL;
        size_t len = 0;
        assert_int_equal(vb_font_subset(fs, all_styles[i], cps, ncps, &data, &len), 0);
        size_t full_len = 0;
        char *full = tu_read_file(vb_font_path(fs, all_styles[i]), &full_len);
        assert_non_null(full);
        free(full);
        assert_true(len > 0);
        assert_true(len * 20 < full_len);

        hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_t *face = hb_face_create(blob, 0);
        hb_font_t *font = hb_font_create(face);
        unsigned glyphs = hb_face_get_glyph_count(face);
        assert_true(glyphs > 10 && glyphs < 80);
        for (size_t k = 0; k < ncps; k++) {
            hb_codepoint_t gid = 0;
            assert_true(hb_font_get_nominal_glyph(font, cps[k], &gid));
            assert_true(gid > 0 && gid < glyphs);
            /* The same advance as in the full font: the /W array and layout agree. */
            unsigned advance = (unsigned)hb_font_get_glyph_h_advance(font, gid);
            assert_int_equal((int)(advance * 1000u / hb_face_get_upem(face)),
                             vb_font_advance(fs, all_styles[i], cps[k]));
        }
        hb_codepoint_t gid = 0;
        assert_false(hb_font_get_nominal_glyph(font, 'z', &gid));
        hb_font_destroy(font);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        free(data);
    }
}

static void test_subset_rejects_bad_arguments(void **state)
{
    const vb_fontset *fs = *state;
    unsigned char *data = (unsigned char *)"x";
    size_t len = 1;
    assert_int_equal(vb_font_subset(fs, (vb_style)9, NULL, 0, &data, &len), -1);
    assert_int_equal(vb_font_subset(fs, VB_STYLE_REGULAR, NULL, 3, &data, &len), -1);
}

/* The table filled at load time from the code points the cmap maps says, for every code
 * point below U+2500 and more, exactly what asking HarfBuzz one code point at a time says:
 * the same advances, and the same styles missing each one. */
static void test_fast_tables_equal_harfbuzz(void **state)
{
    const vb_fontset *fs = *state;
    hb_font_t *fonts[4];
    unsigned upem[4];
    for (int i = 0; i < 4; i++) {
        hb_blob_t *blob = hb_blob_create_from_file(vb_font_path(fs, all_styles[i]));
        hb_face_t *face = hb_face_create(blob, 0);
        upem[i] = hb_face_get_upem(face);
        fonts[i] = hb_font_create(face);
        hb_font_set_scale(fonts[i], (int)upem[i], (int)upem[i]);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
    size_t present = 0;
    for (uint32_t cp = 0; cp < 0x3000; cp++) {
        unsigned missing = 0;
        for (int i = 0; i < 4; i++) {
            hb_codepoint_t gid = 0;
            bool has = hb_font_get_nominal_glyph(fonts[i], cp, &gid) && gid != 0;
            int advance = has ? (int16_t)(uint16_t)((unsigned)hb_font_get_glyph_h_advance(
                                                        fonts[i], gid) * 1000u / upem[i])
                              : 0;
            if (vb_font_has_glyph(fs, all_styles[i], cp) != has ||
                vb_font_advance(fs, all_styles[i], cp) != advance)
                fail_msg("U+%04X style %d: has %d advance %d, HarfBuzz %d %d", (unsigned)cp, i,
                         vb_font_has_glyph(fs, all_styles[i], cp),
                         vb_font_advance(fs, all_styles[i], cp), has, advance);
            missing |= has ? 0u : 1u << i;
            present += has;
        }
        assert_int_equal(vb_fontset_missing_styles(fs, cp), missing);
    }
    assert_true(present > 4 * 1000);
    assert_int_equal(vb_fontset_missing_styles(fs, 0x1F600), 0xF);
    assert_int_equal(vb_fontset_missing_styles(NULL, 'a'), 0xF);
    for (int i = 0; i < 4; i++)
        hb_font_destroy(fonts[i]);
}

/* The glyph ids given for a subset are the ones its own cmap has. */
static void test_subset_glyphs_are_the_subset_cmap(void **state)
{
    const vb_fontset *fs = *state;
    const char *text = "Nơi nhận: - Lưu: VT. ₫ “ ” … – —";
    uint32_t cps[64];
    size_t n = decode_utf8(text, cps, 64);
    cps[n++] = 0xE000; /* not in the font */
    uint16_t gids[64];
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(vb_font_subset_glyphs(fs, VB_STYLE_BOLD_ITALIC, cps, n, gids, &data, &len), 0);
    hb_blob_t *blob =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    for (size_t i = 0; i + 1 < n; i++) {
        hb_codepoint_t gid = 0;
        assert_true(hb_font_get_nominal_glyph(font, cps[i], &gid));
        assert_int_equal(gids[i], gid);
        assert_true(gid > 0);
    }
    assert_int_equal(gids[n - 1], 0);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    free(data);
}

/* What the FontDescriptor states: hhea ascent and descent, head box, style flags. */
static void test_pdf_info(void **state)
{
    const vb_fontset *fs = *state;
    for (int i = 0; i < 4; i++) {
        vb_font_pdf_info info;
        vb_font_pdf_info_get(fs, all_styles[i], &info);
        assert_int_equal(info.ascent, 891);
        assert_int_equal(info.descent, -216);
        assert_true(info.bbox[0] < 0 && info.bbox[1] < 0 && info.bbox[2] > 1000 &&
                    info.bbox[3] > 891);
        assert_true(info.cap_height > 600 && info.cap_height < 700);
        assert_true(info.x_height > 400 && info.x_height < 500);
        bool bold = all_styles[i] & VB_STYLE_BOLD, italic = all_styles[i] & VB_STYLE_ITALIC;
        assert_int_equal(info.flags & 32, 32);      /* nonsymbolic */
        assert_int_equal(info.flags & 2, 2);        /* serif */
        assert_int_equal(info.flags & 1, 0);        /* not fixed pitch */
        assert_int_equal(!!(info.flags & 64), italic);
        assert_int_equal(!!(info.flags & 262144), bold);
        assert_true(italic ? info.italic_angle < -5 : info.italic_angle == 0);
        assert_true(bold ? info.stem_v > 120 : info.stem_v < 120);
    }
    vb_font_pdf_info none;
    vb_font_pdf_info_get(fs, (vb_style)7, &none);
    assert_int_equal(none.ascent, 0);
}

typedef struct {
    const vb_fontset *fs;
    size_t subset_len;
    double width;
} worker_result;

static void *measure_and_subset(void *arg)
{
    worker_result *r = arg;
    const char *text = "Ủy ban nhân dân tỉnh Bình Trung báo cáo kết quả thực hiện nhiệm vụ";
    uint32_t cps[128];
    size_t n = decode_utf8(text, cps, 128);
    for (int round = 0; round < 20; round++) {
        unsigned char *data = NULL;
        if (vb_font_subset(r->fs, VB_STYLE_ITALIC, cps, n, &data, &r->subset_len) != 0)
            r->subset_len = 0;
        free(data);
        r->width = vb_text_width(r->fs, VB_STYLE_ITALIC, 14, text, strlen(text));
    }
    return NULL;
}

/* One fontset serves many documents at once. */
static void test_fontset_is_shared_by_threads(void **state)
{
    worker_result results[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        results[i] = (worker_result){.fs = *state};
        assert_int_equal(pthread_create(&threads[i], NULL, measure_and_subset, &results[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_true(results[0].subset_len > 0);
    assert_true(results[0].width > 0);
    for (int i = 1; i < 4; i++) {
        assert_int_equal(results[i].subset_len, results[0].subset_len);
        assert_float_equal(results[i].width, results[0].width, 0.0);
    }
}


/* ---- damaged and hostile font files (issue 13, items 4 and 10) ---- */

static const char *const liberation_names[4] = {
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf"};

/* A folder with the Liberation styles but Regular, which the caller puts there. */
static char *dir_without_regular(void)
{
    char *dir = make_temp_dir();
    for (int st = 1; st < 4; st++)
        link_font(dir, liberation_names[st], liberation_names[st]);
    return dir;
}

static char *regular_path(const char *dir)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, liberation_names[0]);
    return path;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Loading dir fails at once with a message on Regular that mentions what. */
static void assert_regular_refused(const char *dir, const char *what)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_null(vb_fontset_load(dir, diag));
    assert_true(seconds_since(&t0) < 2.0);
    assert_true(diag_mentions(diag, what));
    const vb_diagnostic *g = vb_diagnostic_get(diag, 0);
    assert_non_null(g->file);
    assert_non_null(strstr(g->file, liberation_names[0]));
    vb_diagnostics_free(diag);
}

static void test_fifo_and_device_are_refused_at_once(void **state)
{
    (void)state;
    char *dir = dir_without_regular();
    /* A FIFO blocked open() forever; /dev/zero was read up to HarfBuzz's 512 MB limit. */
    assert_int_equal(mkfifo(regular_path(dir), 0600), 0);
    assert_regular_refused(dir, "FIFO");
    unlink(regular_path(dir));
    assert_int_equal(symlink("/dev/zero", regular_path(dir)), 0);
    assert_regular_refused(dir, "thiết bị");
    remove_dir(dir, liberation_names, 4);
}

/* A font file past the 64 MB bound (sparse: no disk used) is refused before a byte is read. */
static void test_oversized_font_is_refused_at_once(void **state)
{
    (void)state;
    char *dir = dir_without_regular();
    int fd = open(regular_path(dir), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)(64 << 20) + 1), 0);
    close(fd);
    assert_regular_refused(dir, "lớn quá 64 MB");
    remove_dir(dir, liberation_names, 4);
}

/* The FontDescriptor /Flags a viewer substitutes by when it cannot use the embedded font: a
 * serif face says serif (2), a monospaced one fixed pitch (1), an italic one italic (64), bold
 * ones force bold (262144); each is nonsymbolic (32). Croscore's Cousine and Arimo stand in for
 * a monospaced and a sans-serif family, under the names vanban looks for. Cousine's serif bit
 * is what its own tables say, and not judged here. */
static void test_descriptor_flags_follow_the_face(void **state)
{
    (void)state;
    static const struct {
        const char *family;
        unsigned regular, bold_italic, judged;
    } families[] = {
        {NULL, 32 | 2, 32 | 2 | 64 | 262144, ~0u},
        {"Cousine", 32 | 1, 32 | 1 | 64 | 262144, ~2u},
        {"Arimo", 32, 32 | 64 | 262144, ~0u},
    };
    static const char *const croscore_styles[4] = {"Regular", "Bold", "Italic", "BoldItalic"};
    char *shipped = realpath(VB_TEST_FONT_DIR, NULL);
    assert_non_null(shipped);
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        char *dir = make_temp_dir();
        for (int st = 0; st < 4; st++) {
            char source[4096], target[4096];
            if (families[i].family)
                snprintf(source, sizeof source, "/usr/share/fonts/truetype/croscore/%s-%s.ttf",
                         families[i].family, croscore_styles[st]);
            else
                snprintf(source, sizeof source, "%s/%s", shipped, liberation_names[st]);
            snprintf(target, sizeof target, "%s/%s", dir, liberation_names[st]);
            assert_int_equal(access(source, R_OK), 0); /* fonts-croscore: make test-deps */
            assert_int_equal(symlink(source, target), 0);
        }
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_fontset *fs = vb_fontset_load(dir, diag);
        assert_non_null(fs);
        vb_font_pdf_info regular, bold_italic;
        vb_font_pdf_info_get(fs, VB_STYLE_REGULAR, &regular);
        vb_font_pdf_info_get(fs, VB_STYLE_BOLD_ITALIC, &bold_italic);
        unsigned judged = families[i].judged;
        print_message("%s: flags %u and %u\n",
                      families[i].family ? families[i].family : "Liberation Serif",
                      regular.flags, bold_italic.flags);
        assert_int_equal(regular.flags & judged, families[i].regular);
        assert_int_equal(bold_italic.flags & judged, families[i].bold_italic);
        vb_fontset_free(fs);
        vb_diagnostics_free(diag);
        remove_dir(dir, liberation_names, 4);
    }
    free(shipped);
}

/* Fonts copied from Windows or a FAT stick come with their names in capitals: found all the
 * same. */
static void test_font_names_in_capitals_are_found(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *upper[4];
    char names[4][64];
    for (int st = 0; st < 4; st++) {
        snprintf(names[st], sizeof names[st], "%s", liberation_names[st]);
        for (char *c = names[st]; *c; c++)
            *c = (char)toupper((unsigned char)*c);
        link_font(dir, liberation_names[st], names[st]);
        upper[st] = names[st];
    }
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_fontset *fs = vb_fontset_load(dir, diag);
    if (!fs)
        for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
            print_message("%s\n", vb_diagnostic_format(diag, i));
    assert_non_null(fs);
    assert_string_equal(vb_font_postscript_name(fs, VB_STYLE_BOLD), "LiberationSerif-Bold");
    vb_fontset_free(fs);
    vb_diagnostics_free(diag);
    remove_dir(dir, upper, 4);
}

/* The bytes of a shipped font, malloc'd. */
static unsigned char *font_bytes(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VB_TEST_FONT_DIR, name);
    unsigned char *data = (unsigned char *)tu_read_file(path, len);
    assert_non_null(data);
    return data;
}

static void write_regular(const char *dir, const unsigned char *data, size_t len)
{
    unlink(regular_path(dir));
    FILE *f = fopen(regular_path(dir), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static const char sample_yaml[] = "loai: cong-van\n"
                                  "co_quan: [ỦY BAN NHÂN DÂN, XÃ BÌNH TRUNG]\n"
                                  "so: 5\n"
                                  "ky_hieu: UBND\n"
                                  "dia_danh: Bình Trung\n"
                                  "ngay: 2024-01-05\n"
                                  "trich_yeu: Về việc phòng chống đói rét (đợt 2)\n"
                                  "kinh_gui: [UBND huyện]\n"
                                  "noi_dung:\n"
                                  "  - Các thôn **hoàn thành** kế hoạch _đúng hạn_, đạt 75,35%.\n"
                                  "noi_nhan: [UBND huyện]\n"
                                  "nguoi_ky:\n"
                                  "  chuc_vu: CHỦ TỊCH\n"
                                  "  ho_ten: Hà Minh Phú\n";

/* The font folder is refused when the engine loads it, naming the damaged file, or it renders
 * a PDF: never does it fail only when the PDF is written. Returns whether it was refused. */
static bool refused_at_load_or_renders(const char *dir)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options opts = {.font_dir = dir};
    vb_engine *eng = vb_engine_new(&opts, diag);
    if (!eng) {
        assert_true(diag_mentions(diag, liberation_names[0]));
        vb_diagnostics_free(diag);
        return true;
    }
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    vb_status st = vb_render_memory(eng, sample_yaml, strlen(sample_yaml), "mau.yaml", NULL,
                                    &pdf, &pdf_len, diag);
    if (st != VB_OK)
        for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
            print_message("%s\n", vb_diagnostic_format(diag, i));
    assert_int_equal(st, VB_OK);
    assert_true(pdf_len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
    vb_free(pdf);
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
    return false;
}

static void test_truncated_fonts_are_refused_at_load(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *data = font_bytes(liberation_names[0], &len);
    char *dir = dir_without_regular();
    const size_t cuts[] = {0, 4, 11, 12, 100, 400, 4096, len / 3, len / 2, len - 4096, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_regular(dir, data, cuts[i]);
        assert_true(refused_at_load_or_renders(dir));
    }
    write_regular(dir, data, len);
    assert_false(refused_at_load_or_renders(dir));
    free(data);
    remove_dir(dir, liberation_names, 4);
}

/* The tables whose damage matters most, and the directory that finds them. */
static size_t table_offset(const unsigned char *font, size_t len, const char *tag,
                           size_t *table_len)
{
    unsigned ntables = (unsigned)(font[4] << 8 | font[5]);
    for (unsigned i = 0; i < ntables && 12 + 16 * (size_t)(i + 1) <= len; i++) {
        const unsigned char *r = font + 12 + 16 * (size_t)i;
        if (memcmp(r, tag, 4) == 0) {
            size_t offset = (size_t)r[8] << 24 | (size_t)r[9] << 16 | (size_t)r[10] << 8 | r[11];
            *table_len = (size_t)r[12] << 24 | (size_t)r[13] << 16 | (size_t)r[14] << 8 | r[15];
            return offset;
        }
    }
    *table_len = 0;
    return 0;
}

static void test_bit_flipped_fonts_are_refused_at_load_or_render(void **state)
{
    (void)state;
    static const char *const targets[] = {"dir ", "head", "hhea", "maxp", "hmtx", "cmap",
                                          "OS/2", "loca", "post", "name", "glyf"};
    size_t len = 0;
    unsigned char *data = font_bytes(liberation_names[0], &len);
    char *dir = dir_without_regular();
    unsigned refused = 0, rendered = 0;
    srand(13);
    for (int seed = 0; seed < 200; seed++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, data, len);
        for (int flips = 1 + rand() % 3; flips > 0; flips--) {
            const char *tag = targets[rand() % (sizeof targets / sizeof targets[0])];
            size_t table_len, offset = strcmp(tag, "dir ") == 0
                                           ? (table_len = 12 + 16 * (size_t)(copy[4] << 8 | copy[5]), 0)
                                           : table_offset(copy, len, tag, &table_len);
            if (table_len > 0 && offset + table_len <= len)
                copy[offset + (size_t)rand() % table_len] ^= (unsigned char)(1u << (rand() % 8));
        }
        write_regular(dir, copy, len);
        if (refused_at_load_or_renders(dir))
            refused++;
        else
            rendered++;
        free(copy);
    }
    print_message("bit-flipped fonts: %u refused at load, %u rendered\n", refused, rendered);
    free(data);
    remove_dir(dir, liberation_names, 4);
}

/* Numbers that libharu refused only when writing, or that bent every measure, are refused when
 * the font is loaded, saying which. */
static void test_bad_metrics_are_refused_at_load(void **state)
{
    (void)state;
    static const struct {
        const char *table;
        size_t offset;
        unsigned value;
        const char *said;
    } damage[] = {
        {"head", 18, 16, "unitsPerEm"},     /* 16 is legal, and no text font's */
        {"head", 18, 20000, "unitsPerEm"},
        {"hhea", 4, 0xFC00, "ascender"},   /* -1024 */
        {"hhea", 8, 0xFC00, "line gap"},
    };
    size_t len = 0;
    unsigned char *data = font_bytes(liberation_names[0], &len);
    char *dir = dir_without_regular();
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, data, len);
        size_t table_len, at = table_offset(copy, len, damage[i].table, &table_len);
        copy[at + damage[i].offset] = (unsigned char)(damage[i].value >> 8);
        copy[at + damage[i].offset + 1] = (unsigned char)damage[i].value;
        write_regular(dir, copy, len);
        vb_diagnostics *diag = vb_diagnostics_new();
        assert_null(vb_fontset_load(dir, diag));
        assert_true(diag_mentions(diag, damage[i].said));
        vb_diagnostics_free(diag);
        free(copy);
    }
    free(data);
    remove_dir(dir, liberation_names, 4);
}

/* A content's own font folder that fails is reported at trinh_bay.phong_chu's line, and the
 * damaged file is named. */
static void test_content_font_folder_error_has_its_line(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *data = font_bytes(liberation_names[0], &len);
    char *dir = dir_without_regular();
    write_regular(dir, data, len / 2);
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%strinh_bay:\n  phong_chu: %s\n", sample_yaml, dir);
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine *eng = vb_engine_new(NULL, diag);
    assert_non_null(eng);
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    assert_int_equal(vb_render_memory(eng, yaml, strlen(yaml), "mau.yaml", NULL, &pdf, &pdf_len,
                                      diag),
                     VB_ERR_CONTENT);
    const vb_diagnostic *g = vb_diagnostic_get(diag, 0);
    assert_string_equal(g->file, "mau.yaml");
    assert_int_equal(g->line, 16); /* the sample's 14 lines, "trinh_bay:", then the key */
    assert_int_equal(g->column, 14);
    assert_non_null(strstr(g->message, "phong_chu"));
    assert_true(diag_mentions(diag, liberation_names[0]));
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
    free(data);
    remove_dir(dir, liberation_names, 4);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_the_four_liberation_styles),
        cmocka_unit_test(test_vertical_metrics_come_from_hhea),
        cmocka_unit_test(test_advances_equal_libharu_widths),
        cmocka_unit_test(test_some_known_widths),
        cmocka_unit_test(test_every_vietnamese_letter_has_a_glyph),
        cmocka_unit_test(test_bad_style_is_harmless),
        cmocka_unit_test(test_missing_folder_is_named),
        cmocka_unit_test(test_missing_style_names_folder_and_candidates),
        cmocka_unit_test(test_windows_names_in_any_case),
        cmocka_unit_test(test_cff_fonts_are_refused),
        cmocka_unit_test(test_subset_is_small_and_maps_the_code_points),
        cmocka_unit_test(test_subset_rejects_bad_arguments),
        cmocka_unit_test(test_fontset_is_shared_by_threads),
        cmocka_unit_test(test_fast_tables_equal_harfbuzz),
        cmocka_unit_test(test_subset_glyphs_are_the_subset_cmap),
        cmocka_unit_test(test_pdf_info),
        cmocka_unit_test(test_fifo_and_device_are_refused_at_once),
        cmocka_unit_test(test_oversized_font_is_refused_at_once),
        cmocka_unit_test(test_descriptor_flags_follow_the_face),
        cmocka_unit_test(test_font_names_in_capitals_are_found),
        cmocka_unit_test(test_truncated_fonts_are_refused_at_load),
        cmocka_unit_test(test_bit_flipped_fonts_are_refused_at_load_or_render),
        cmocka_unit_test(test_bad_metrics_are_refused_at_load),
        cmocka_unit_test(test_content_font_folder_error_has_its_line),
    };
    return cmocka_run_group_tests(tests, setup_fonts, teardown_fonts);
}
