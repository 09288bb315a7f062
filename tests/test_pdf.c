/* PDF backend: a hand-built two-page layout in all four styles, written and then checked with
 * the tools a reader of the file would use (qpdf, poppler, PyMuPDF). */
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fonts/fonts.h"
#include "pdf/pdf.h"
#include "pdf/pdf_syntax.h"

#define A4_WIDTH 595.2756
#define A4_HEIGHT 841.8898
#define MAX_ITEMS 128

static const char title[] = "Nghị định về công tác văn thư của Ủy ban nhân dân tỉnh";

typedef struct {
    vb_fontset *fonts;
    vb_text_item texts[2][MAX_ITEMS];
    vb_rule_item rules[2][2];
    vb_page pages[2];
    vb_outline_entry outline[2];
    vb_layout layout;
    char pdf_path[64];
    size_t pdf_size;
} fixture;

/* Places each word of line as its own item, a space's width apart, as layout does. The items
 * point into line and are not NUL-terminated. */
static double place_words(fixture *fx, vb_page *page, const char *line, double x, double y,
                          double size, vb_style st)
{
    double space = vb_text_width(fx->fonts, st, size, " ", 1);
    const char *p = line;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0)
            break;
        assert_true(page->ntexts < MAX_ITEMS);
        page->texts[page->ntexts++] =
            (vb_text_item){.x = x, .y = y, .size = size, .style = st, .text = p, .len = len};
        x += vb_text_width(fx->fonts, st, size, p, len) + space;
        p += len;
    }
    return x;
}

static double centred_x(fixture *fx, const char *text, double size, vb_style st,
                        double centre)
{
    return centre - vb_text_width(fx->fonts, st, size, text, strlen(text)) / 2;
}

static void build_layout(fixture *fx)
{
    memset(fx->pages, 0, sizeof fx->pages);
    for (int p = 0; p < 2; p++) {
        fx->pages[p].texts = fx->texts[p];
        fx->pages[p].rules = fx->rules[p];
    }
    vb_page *p1 = &fx->pages[0], *p2 = &fx->pages[1];
    double left = VB_MM_TO_PT(30), right = A4_WIDTH - VB_MM_TO_PT(15);
    double top = A4_HEIGHT - VB_MM_TO_PT(20);

    const char *agency = "ỦY BAN NHÂN DÂN";
    place_words(fx, p1, agency, centred_x(fx, agency, 13, VB_STYLE_BOLD, left + 100), top, 13,
                VB_STYLE_BOLD);
    const char *nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    place_words(fx, p1, nation, centred_x(fx, nation, 12, VB_STYLE_BOLD, right - 140), top, 12,
                VB_STYLE_BOLD);
    const char *motto = "Độc lập - Tự do - Hạnh phúc";
    double motto_x = centred_x(fx, motto, 13, VB_STYLE_BOLD, right - 140);
    double motto_end = place_words(fx, p1, motto, motto_x, top - 16, 13, VB_STYLE_BOLD);
    p1->rules[p1->nrules++] = (vb_rule_item){motto_x, top - 19, motto_end - 3.25, top - 19, 0.6};
    const char *date = "Hà Nội, ngày 14 tháng 7 năm 2024";
    place_words(fx, p1, date, centred_x(fx, date, 14, VB_STYLE_ITALIC, right - 140), top - 40, 14,
                VB_STYLE_ITALIC);
    const char *kind = "NGHỊ ĐỊNH";
    place_words(fx, p1, kind, centred_x(fx, kind, 14, VB_STYLE_BOLD, (left + right) / 2), top - 80,
                14, VB_STYLE_BOLD);
    place_words(fx, p1, "Nghị định này quy định về công tác văn thư", left + 35, top - 120, 14,
                VB_STYLE_REGULAR);
    place_words(fx, p1, "của Ủy ban nhân dân các cấp; giá 15.000₫ “mẫu” …", left, top - 140, 14,
                VB_STYLE_REGULAR);
    /* A length shorter than the string: only "Điều" (7 bytes) may be drawn. */
    p1->texts[p1->ntexts++] = (vb_text_item){
        .x = left, .y = top - 170, .size = 14, .style = VB_STYLE_BOLD, .text = "ĐiềuXYZ", .len = 7};
    p1->texts[p1->ntexts++] = (vb_text_item){
        .x = left, .y = top - 190, .size = 14, .style = VB_STYLE_REGULAR, .text = "", .len = 0};

    place_words(fx, p2, "2", (left + right) / 2, top, 14, VB_STYLE_REGULAR);
    place_words(fx, p2, "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", left, top - 40, 14,
                VB_STYLE_BOLD);
    /* A justified line (every gap a space and 1.7 pt more: one string with word spacing), a
     * line whose gaps differ (a TJ array), then a centred line drawn as one item with its own
     * spaces, which word spacing must not widen. */
    const char *justified = "Văn bản được trình bày theo thể thức quy định";
    double x = left, space = vb_text_width(fx->fonts, VB_STYLE_REGULAR, 14, " ", 1);
    for (const char *w = justified; *w;) {
        size_t len = strcspn(w, " ");
        p2->texts[p2->ntexts++] = (vb_text_item){.x = x, .y = top - 80, .size = 14,
                                                 .style = VB_STYLE_REGULAR, .text = w, .len = len};
        x += vb_text_width(fx->fonts, VB_STYLE_REGULAR, 14, w, len) + space + 1.7;
        w += len + (w[len] == ' ');
    }
    x = left;
    int k = 0;
    for (const char *w = justified; *w; k++) {
        size_t len = strcspn(w, " ");
        p2->texts[p2->ntexts++] = (vb_text_item){.x = x, .y = top - 100, .size = 14,
                                                 .style = VB_STYLE_REGULAR, .text = w, .len = len};
        x += vb_text_width(fx->fonts, VB_STYLE_REGULAR, 14, w, len) + space + 0.37 * k;
        w += len + (w[len] == ' ');
    }
    const char *centred = "Hà Nội, ngày 14 tháng 7 năm 2024";
    p2->texts[p2->ntexts++] = (vb_text_item){
        .x = centred_x(fx, centred, 14, VB_STYLE_REGULAR, (left + right) / 2), .y = top - 120,
        .size = 14, .style = VB_STYLE_REGULAR, .text = centred, .len = strlen(centred)};
    place_words(fx, p2, "Nơi nhận:", left, top - 300, 12, VB_STYLE_BOLD_ITALIC);
    place_words(fx, p2, "- Lưu: VT.", left, top - 315, 11, VB_STYLE_REGULAR);
    p2->rules[p2->nrules++] = (vb_rule_item){left, 100, left + 150, 100, 0.5};

    fx->outline[0] = (vb_outline_entry){.title = "Chương I. Quy định chung", .level = 0,
                                        .page = 0, .y = top - 80};
    fx->outline[1] = (vb_outline_entry){.title = "Điều 1. Phạm vi điều chỉnh", .level = 1,
                                        .page = 1, .y = top - 40};
    fx->layout = (vb_layout){.page_width = A4_WIDTH, .page_height = A4_HEIGHT,
                             .pages = fx->pages, .npages = 2, .outline = fx->outline,
                             .noutline = 2};
}

static const vb_pdf_meta meta = {.title = title,
                                 .subject = "Quy định về văn thư",
                                 .author = "Ủy ban nhân dân tỉnh Bình Trung",
                                 .creation_time = -1};

static int write_pdf(const vb_layout *layout, const vb_fontset *fonts, const vb_pdf_meta *m,
                     vb_buf *out, vb_diagnostics *diag)
{
    int rc = vb_pdf_write(layout, fonts, m, out, diag);
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        fprintf(stderr, "  %s\n", vb_diagnostic_format(diag, i));
    return rc;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    vb_diagnostics *diag = vb_diagnostics_new();
    fx->fonts = vb_fontset_load(VB_TEST_FONT_DIR, diag);
    if (!fx->fonts)
        return -1;
    build_layout(fx);
    vb_buf out = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = write_pdf(&fx->layout, fx->fonts, &meta, &out, diag);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc != 0 || vb_diagnostics_count(diag) != 0)
        return -1;
    snprintf(fx->pdf_path, sizeof fx->pdf_path, "/tmp/vb-test-pdf-%ld.pdf", (long)getpid());
    FILE *f = fopen(fx->pdf_path, "wb");
    if (!f || fwrite(out.data, 1, out.len, f) != out.len)
        return -1;
    fclose(f);
    fx->pdf_size = out.len;
    fprintf(stderr, "two-page PDF: %zu bytes, written in %.2f ms\n", out.len,
            (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    if (!getenv("VB_KEEP_PDF"))
        unlink(fx->pdf_path);
    vb_fontset_free(fx->fonts);
    free(fx);
    return 0;
}

/* Runs a shell command; returns its stdout and stderr together (malloc'd) and its status. */
static char *run(const char *fmt, const char *arg, int *status)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, arg);
    strncat(cmd, " 2>&1", sizeof cmd - strlen(cmd) - 1);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 1024)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = 0;
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}

static bool contains_ci(const char *haystack, const char *needle)
{
    return strcasestr(haystack, needle) != NULL;
}

/* Runs a tool that must succeed without a single warning; returns what it printed. */
static char *run_clean(const char *fmt, const char *path)
{
    int status;
    char *out = run(fmt, path, &status);
    if (status != 0 || contains_ci(out, "warning"))
        fail_msg("%s (exit %d):\n%s", fmt, status, out);
    return out;
}

static void save_pdf(const char *path, const vb_buf *pdf)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
    assert_int_equal(fclose(f), 0);
}

/* The file with every stream uncompressed, as qpdf --qdf writes it. */
static char *read_uncompressed(const char *path, size_t *len)
{
    char qdf[128], cmd[512];
    snprintf(qdf, sizeof qdf, "%s.qdf", path);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", path, qdf);
    assert_int_equal(system(cmd), 0);
    char *data = tu_read_file(qdf, len);
    unlink(qdf);
    assert_non_null(data);
    return data;
}

static void test_header_declares_pdf_1_4(void **state)
{
    fixture *fx = *state;
    size_t len = 0;
    char *data = tu_read_file(fx->pdf_path, &len);
    assert_non_null(data);
    assert_memory_equal(data, "%PDF-1.", 7);
    assert_true(data[7] >= '4' && data[7] <= '7');
    free(data);
}

static void test_qpdf_finds_nothing_wrong(void **state)
{
    fixture *fx = *state;
    char *out = run_clean("qpdf --check '%s'", fx->pdf_path);
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
    assert_false(contains_ci(out, "error:"));
    free(out);
}

static void test_every_font_is_an_embedded_subset_with_tounicode(void **state)
{
    fixture *fx = *state;
    char *out = run_clean("pdffonts '%s'", fx->pdf_path);
    int fonts = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "LiberationSerif"))
            continue;
        fonts++;
        /* name: six capitals and '+' mark a subset; then type, encoding, emb sub uni */
        const char *plus = strchr(line, '+');
        assert_non_null(plus);
        assert_int_equal(plus - line, 6);
        assert_non_null(strstr(line, "CID TrueType"));
        /* the encoding is the CMap embedded with the font (one-byte codes) */
        assert_non_null(strstr(line, "Custom"));
        assert_non_null(strstr(line, "yes yes yes"));
        /* no ",Bold" style suffix on an embedded font's name */
        assert_null(memchr(line, ',', strcspn(line, " ")));
    }
    assert_int_equal(fonts, 4);
    free(out);
}

static void test_pdftotext_extracts_exact_nfc_text(void **state)
{
    fixture *fx = *state;
    char *out = run_clean("pdftotext -layout '%s' -", fx->pdf_path);
    assert_false(contains_ci(out, "error"));
    const char *expected[] = {"Độc lập - Tự do - Hạnh phúc", "ngày 14 tháng 7", "Nghị định",
                              "Ủy ban nhân dân", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                              "ỦY BAN NHÂN DÂN", "Nơi nhận:", "15.000₫ “mẫu” …",
                              "Điều 1. Phạm vi điều chỉnh", "Lưu: VT."};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(out, expected[i]))
            fail_msg("\"%s\" not in:\n%s", expected[i], out);
    /* NFC: no combining diacritics (U+0300–U+036F are CC 80 … CD AF in UTF-8). */
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        assert_false(*p == 0xCC || (*p == 0xCD && p[1] <= 0xAF));
    assert_null(strstr(out, "XYZ"));
    free(out);
}

static void test_pdfinfo_shows_vietnamese_metadata(void **state)
{
    fixture *fx = *state;
    char *out = run_clean("pdfinfo '%s'", fx->pdf_path);
    char line[512];
    snprintf(line, sizeof line, "Title:           %s\n", title);
    assert_non_null(strstr(out, line));
    assert_non_null(strstr(out, "Author:          Ủy ban nhân dân tỉnh Bình Trung\n"));
    assert_non_null(strstr(out, "Subject:         Quy định về văn thư\n"));
    assert_non_null(strstr(out, "Creator:         vanban " VANBAN_VERSION "\n"));
    assert_non_null(strstr(out, "Pages:           2\n"));
    assert_non_null(strstr(out, "PDF version:     1.4\n"));
    assert_non_null(strstr(out, "Page size:       595.276 x 841.89 pts (A4)"));
    assert_null(strstr(out, "CreationDate"));
    free(out);
}

/* The CMap programs of the file (text between "begincmap" and "endcmap"), one at a time. */
static const char *next_cmap(const char *data, size_t len, const char **from, size_t *cmap_len)
{
    const char *end = data + len;
    const char *start = memmem(*from, (size_t)(end - *from), "begincmap", 9);
    if (!start)
        return NULL;
    const char *stop = memmem(start, (size_t)(end - start), "endcmap", 7);
    assert_non_null(stop);
    *cmap_len = (size_t)(stop - start);
    *from = stop;
    return start;
}

/* Each font has two CMaps: ToUnicode (bfrange/bfchar only, ordering UCS) and its encoding
 * (one-byte codes to CIDs, ordering Identity); CIDs are glyph ids; nothing of libharu's
 * invalid ToUnicode or "Identity-H" ordering is left. */
static void test_tounicode_and_cidsysteminfo_are_fixed(void **state)
{
    fixture *fx = *state;
    size_t len = 0;
    char *data = read_uncompressed(fx->pdf_path, &len);
    assert_null(memmem(data, len, "(Identity-H)", 12));
    assert_non_null(memmem(data, len, "/Ordering (Identity)", 20));
    assert_non_null(memmem(data, len, "/CIDToGIDMap /Identity", 22));
    size_t tounicode = 0, encodings = 0, cmap_len;
    const char *from = data;
    for (const char *cmap; (cmap = next_cmap(data, len, &from, &cmap_len));) {
        assert_non_null(memmem(cmap, cmap_len, "\n<00> <FF>\n", 11));
        if (memmem(cmap, cmap_len, "/Ordering (UCS)", 15)) {
            tounicode++;
            assert_null(memmem(cmap, cmap_len, "cidrange", 8));
            assert_null(memmem(cmap, cmap_len, "cidchar", 7));
            assert_non_null(memmem(cmap, cmap_len, "beginbf", 7));
        } else {
            encodings++;
            assert_non_null(memmem(cmap, cmap_len, "/Ordering (Identity)", 20));
            assert_null(memmem(cmap, cmap_len, "beginbf", 7));
            assert_non_null(memmem(cmap, cmap_len, "begincid", 8));
        }
    }
    assert_int_equal(tounicode, 4);
    assert_int_equal(encodings, 4);
    /* Characters map from one-byte codes, e.g. "Ủ" (U+1EE6, bold "CHỦ") and "₫" (U+20AB). */
    assert_non_null(memmem(data, len, "<1EE6>\n", 7));
    assert_non_null(memmem(data, len, "<20AB>\n", 7));
    /* The space has code 32 in every font (word spacing applies to that code only): a line
     * "<20> <0020>" or a range "<20> <xx> <0020>". */
    size_t spaces = 0;
    for (const char *p = data; (p = memmem(p, len - (size_t)(p - data), "\n<20> <", 7)); p++) {
        const char *eol = memchr(p + 1, '\n', len - (size_t)(p + 1 - data));
        assert_non_null(eol);
        spaces += eol - p > 6 && memcmp(eol - 6, "<0020>", 6) == 0;
    }
    assert_int_equal(spaces, 4);
    free(data);
}

/* Writes the document under two time zones; both must give the same bytes, returned in out. */
static void write_in_two_time_zones(const fixture *fx, const vb_pdf_meta *m, const char *tz1,
                                    const char *tz2, vb_buf *out)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf other = {0};
    setenv("TZ", tz1, 1);
    tzset();
    assert_int_equal(write_pdf(&fx->layout, fx->fonts, m, out, diag), 0);
    setenv("TZ", tz2, 1);
    tzset();
    assert_int_equal(write_pdf(&fx->layout, fx->fonts, m, &other, diag), 0);
    unsetenv("TZ");
    tzset();
    assert_int_equal(out->len, other.len);
    assert_memory_equal(out->data, other.data, out->len);
    vb_buf_free(&other);
    vb_diagnostics_free(diag);
}

static void test_same_input_gives_same_bytes(void **state)
{
    fixture *fx = *state;
    vb_buf pdf = {0};
    write_in_two_time_zones(fx, &meta, "UTC", "Asia/Ho_Chi_Minh", &pdf);
    assert_int_equal(pdf.len, fx->pdf_size);
    assert_null(memmem(pdf.data, pdf.len, "/ID", 3));
    assert_null(memmem(pdf.data, pdf.len, "/CreationDate", 13));
    vb_buf_free(&pdf);
}

static void test_creation_date_is_utc_and_independent_of_tz(void **state)
{
    fixture *fx = *state;
    vb_pdf_meta dated = meta;
    dated.creation_time = 1720915200 + 3 * 3600 + 25 * 60 + 9; /* 2024-07-14 03:25:09 UTC */
    vb_buf pdf = {0};
    write_in_two_time_zones(fx, &dated, "America/Los_Angeles", "Asia/Ho_Chi_Minh", &pdf);
    assert_non_null(memmem(pdf.data, pdf.len, "(D:20240714032509Z", 18));
    vb_buf_free(&pdf);
}

static void test_file_is_small(void **state)
{
    fixture *fx = *state;
    fprintf(stderr, "  size: %zu bytes\n", fx->pdf_size);
    assert_true(fx->pdf_size < 40 * 1024);
}

/* Positions, rules and outline as a viewer sees them (PyMuPDF). */
static const char inspect_script[] =
    "import fitz, sys\n"
    "doc = fitz.open(sys.argv[1])\n"
    "toc = doc.get_toc(simple=False)\n"
    "print('toc', toc[0][:3], toc[1][:3])\n"
    "for item in toc:\n"
    "    h = doc[item[3]['page']].rect.height\n"
    "    print('dest %d %.2f' % (item[3]['page'], h - item[3]['to'].y))\n"
    "print('mode', doc.xref_get_key(doc.pdf_catalog(), 'PageMode')[1])\n"
    "for pno, page in enumerate(doc):\n"
    "    h = page.rect.height\n"
    "    for block in page.get_text('rawdict')['blocks']:\n"
    "        for line in block.get('lines', []):\n"
    "            for span in line['spans']:\n"
    "                for c in span['chars']:\n"
    "                    x, y = c['origin']\n"
    "                    print('char %d %.3f %.3f %s' % (pno, x, h - y, c['c']))\n"
    "    for d in page.get_drawings():\n"
    "        for it in d['items']:\n"
    "            print('rule %d %.3f %.3f %.3f %.3f %.3f' % (pno, it[1].x, h - it[1].y, it[2].x,\n"
    "                  h - it[2].y, d['width']), d['color'], d['lineCap'])\n"
    /* For every code in every ToUnicode map, the glyph the encoding CMap draws (CIDs are glyph
     * ids: CIDToGIDMap /Identity) must be the one the embedded font's own cmap gives for that
     * character. */
    "import re\n"
    "def ref(xref, key):\n"
    "    return int(re.findall(r'\\d+', doc.xref_get_key(xref, key)[1])[0])\n"
    "def parse(cmap, unicode):\n"
    "    m = {}\n"
    "    word = 'bf' if unicode else 'cid'\n"
    "    value = (lambda v: int(v, 16)) if unicode else int\n"
    "    for block in re.findall(r'begin%srange\\n(.*?)end%srange' % (word, word), cmap, re.S):\n"
    "        for a, b, c in re.findall(r'<(\\w+)> <(\\w+)> <?(\\w+)>?', block):\n"
    "            for k in range(int(b, 16) - int(a, 16) + 1):\n"
    "                m[int(a, 16) + k] = value(c) + k\n"
    "    for block in re.findall(r'begin%schar\\n(.*?)end%schar' % (word, word), cmap, re.S):\n"
    "        for a, c in re.findall(r'<(\\w+)> <?(\\w+)>?', block):\n"
    "            m[int(a, 16)] = value(c)\n"
    "    return m\n"
    "checked = bad = 0\n"
    "for xref in range(1, doc.xref_length()):\n"
    "    if doc.xref_get_key(xref, 'Subtype')[1] != '/Type0':\n"
    "        continue\n"
    "    desc = ref(xref, 'DescendantFonts')\n"
    "    print('cidtogid', doc.xref_get_key(desc, 'CIDToGIDMap')[1])\n"
    "    file = ref(ref(desc, 'FontDescriptor'), 'FontFile2')\n"
    "    font = fitz.Font(fontbuffer=doc.xref_stream(file))\n"
    "    to_cid = parse(doc.xref_stream(ref(xref, 'Encoding')).decode('latin-1'), False)\n"
    "    to_char = parse(doc.xref_stream(ref(xref, 'ToUnicode')).decode('latin-1'), True)\n"
    "    for code, cp in to_char.items():\n"
    "        gid = to_cid.get(code, 0)\n"
    "        checked += 1\n"
    "        if gid != font.has_glyph(cp) or gid == 0:\n"
    "            bad += 1\n"
    "            print('glyph mismatch', hex(code), hex(cp), gid, font.has_glyph(cp))\n"
    "print('glyphs checked %d wrong %d' % (checked, bad))\n";

/* Length in bytes of the UTF-8 sequence starting at s (at most left). */
static size_t char_length(const char *s, size_t left)
{
    size_t n = 1;
    while (n < left && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

static uint32_t code_point(const char *s, size_t len)
{
    static const unsigned char lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t cp = (unsigned char)s[0] & lead_mask[len];
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | ((unsigned char)s[i] & 0x3F);
    return cp;
}

/* The first character of a word is where the layout put it (within 0.006 pt: the backend
 * rounds lines to 1/1000 pt and places a line's words within 0.005 pt), and every next one
 * follows after the previous one's advance as vb_font_advance gives it (within 0.002 pt): the
 * /W array agrees, and no word spacing widens a space inside the item. */
static bool word_found_at(const fixture *fx, const char *out, int page, const vb_text_item *t)
{
    size_t first_len = char_length(t->text, t->len);
    for (const char *line = strstr(out, "char "); line; line = strstr(line + 1, "\nchar ")) {
        if (*line == '\n')
            line++;
        int p, consumed = 0;
        double x, y;
        /* "%lf%n" then one separator: the character itself may be a space */
        if (sscanf(line, "char %d %lf %lf%n", &p, &x, &y, &consumed) != 3 || consumed == 0)
            continue;
        consumed++;
        if (p != page || fabs(x - t->x) > 0.006 || fabs(y - t->y) > 0.002 ||
            strncmp(line + consumed, t->text, first_len) != 0)
            continue;
        size_t at = 0, len = first_len;
        for (;;) {
            uint32_t cp = code_point(t->text + at, len);
            double next_x = x + vb_font_advance(fx->fonts, t->style, cp) * t->size / 1000;
            at += len;
            if (at >= t->len)
                return true;
            len = char_length(t->text + at, t->len - at);
            line = strstr(line, "\nchar ");
            if (!line || sscanf(line + 1, "char %d %lf %lf%n", &p, &x, &y, &consumed) != 3 ||
                fabs(x - next_x) > 0.002 || fabs(y - t->y) > 0.002 ||
                strncmp(line + 2 + consumed, t->text + at, len) != 0)
                return false;
            line++;
        }
    }
    return false;
}

static void test_viewer_sees_positions_rules_and_outline(void **state)
{
    fixture *fx = *state;
    char script[96];
    snprintf(script, sizeof script, "%s.py", fx->pdf_path);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs(inspect_script, f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%%s'", script);
    int status;
    char *out = run(cmd, fx->pdf_path, &status);
    unlink(script);
    if (status != 0)
        fail_msg("%s", out);
    assert_non_null(strstr(out, "toc [1, 'Chương I. Quy định chung', 1] "
                                "[2, 'Điều 1. Phạm vi điều chỉnh', 2]"));
    char expected[160];
    snprintf(expected, sizeof expected, "dest 0 %.2f\ndest 1 %.2f\n", fx->outline[0].y,
             fx->outline[1].y);
    assert_non_null(strstr(out, expected));
    assert_non_null(strstr(out, "mode /UseOutlines"));
    size_t words = 0;
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < fx->pages[p].ntexts; i++) {
            const vb_text_item *t = &fx->pages[p].texts[i];
            if (t->len == 0)
                continue;
            if (!word_found_at(fx, out, p, t))
                fail_msg("word %.*s not at %.3f %.3f on page %d", (int)t->len, t->text, t->x,
                         t->y, p + 1);
            words++;
        }
    }
    assert_true(words > 40);
    const vb_rule_item *r = &fx->rules[0][0];
    snprintf(expected, sizeof expected,
             "rule 0 %.3f %.3f %.3f %.3f 0.600 (0.0, 0.0, 0.0) (0, 0, 0)", r->x1, r->y1, r->x2,
             r->y2);
    if (!strstr(out, expected))
        fail_msg("%s not in:\n%s", expected, out);
    assert_non_null(strstr(out, "rule 1 85.039 100.000 235.039 100.000 0.500"));
    const char *glyphs = strstr(out, "glyphs checked ");
    assert_non_null(glyphs);
    int checked = 0, wrong = -1;
    assert_int_equal(sscanf(glyphs, "glyphs checked %d wrong %d", &checked, &wrong), 2);
    assert_true(checked > 80);
    if (wrong != 0)
        fail_msg("%s", out);
    free(out);
}

typedef struct {
    const fixture *fx;
    vb_buf out;
    int rc;
} writer_thread;

static void *write_in_thread(void *arg)
{
    writer_thread *t = arg;
    vb_diagnostics *diag = vb_diagnostics_new();
    for (int i = 0; i < 5 && t->rc == 0; i++) {
        vb_buf_free(&t->out);
        t->rc = vb_pdf_write(&t->fx->layout, t->fx->fonts, &meta, &t->out, diag);
    }
    vb_diagnostics_free(diag);
    return NULL;
}

/* Documents are written concurrently with one shared fontset, each the same bytes. */
static void test_threads_write_identical_documents(void **state)
{
    fixture *fx = *state;
    writer_thread threads[4];
    pthread_t ids[4];
    for (int i = 0; i < 4; i++) {
        threads[i] = (writer_thread){.fx = fx};
        assert_int_equal(pthread_create(&ids[i], NULL, write_in_thread, &threads[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(ids[i], NULL), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(threads[i].rc, 0);
        assert_int_equal(threads[i].out.len, fx->pdf_size);
        assert_memory_equal(threads[i].out.data, threads[0].out.data, fx->pdf_size);
    }
    for (int i = 0; i < 4; i++)
        vb_buf_free(&threads[i].out);
}

static int count_open_fds(void)
{
    int n = 0;
    char path[64];
    for (int fd = 0; fd < 1024; fd++) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        n += access(path, F_OK) == 0;
    }
    return n;
}

/* Font subsets reach libharu through memory files: none may stay open. */
static void test_no_file_descriptor_is_left_open(void **state)
{
    fixture *fx = *state;
    vb_diagnostics *diag = vb_diagnostics_new();
    int before = count_open_fds();
    for (int i = 0; i < 3; i++) {
        vb_buf out = {0};
        assert_int_equal(vb_pdf_write(&fx->layout, fx->fonts, &meta, &out, diag), 0);
        vb_buf_free(&out);
    }
    assert_int_equal(count_open_fds(), before);
    vb_diagnostics_free(diag);
}

/* Writes one A4 page holding the given items. */
static int write_items(const fixture *fx, vb_text_item *items, size_t n, vb_buf *out,
                       vb_diagnostics *diag)
{
    vb_page page = {.texts = items, .ntexts = n};
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = &page,
                        .npages = 1};
    return vb_pdf_write(&layout, fx->fonts, &meta, out, diag);
}

/* What the backend cannot write as a PDF number (a size that is no size, a coordinate that is
 * not finite) is an internal error with a message, and no bytes. */
static void test_undrawable_text_is_a_diagnostic(void **state)
{
    fixture *fx = *state;
    const vb_text_item bad[] = {
        {.x = 100, .y = 100, .size = -3, .style = VB_STYLE_REGULAR, .text = "chữ", .len = 4},
        {.x = 100, .y = 100, .size = 1e-9, .style = VB_STYLE_REGULAR, .text = "chữ", .len = 4},
        {.x = NAN, .y = 100, .size = 12, .style = VB_STYLE_REGULAR, .text = "chữ", .len = 4},
        {.x = 100, .y = INFINITY, .size = 12, .style = VB_STYLE_REGULAR, .text = "chữ", .len = 4},
    };
    const char *expected[] = {"chữ cỡ -3 ", "chữ cỡ 1e-09 ", "(nan, 100)", "(100, inf)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_buf out = {0};
        vb_text_item item = bad[i];
        assert_int_equal(write_items(fx, &item, 1, &out, diag), -1);
        assert_int_equal(vb_diagnostics_errors(diag), 1);
        const char *message = vb_diagnostic_get(diag, 0)->message;
        if (!strstr(message, "lỗi nội bộ khi tạo PDF: chữ cỡ") || !strstr(message, expected[i]))
            fail_msg("%s", message);
        assert_int_equal(out.len, 0);
        vb_buf_free(&out);
        vb_diagnostics_free(diag);
    }
    /* a rule with an infinite end */
    vb_rule_item rule = {10, 10, INFINITY, 10, 0.5};
    vb_page page = {.rules = &rule, .nrules = 1};
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = &page,
                        .npages = 1};
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_non_null(strstr(vb_diagnostic_get(diag, 0)->message, "đường kẻ không hợp lệ ở trang 1"));
    assert_int_equal(out.len, 0);
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
}

/* A shaded table row: its fill drawn before the text (under it), the colour black again after
 * it; a fill that is no rectangle is an internal error. */
static void test_fills_under_the_text(void **state)
{
    fixture *fx = *state;
    vb_text_item word = {.x = 100, .y = 700, .size = 13, .style = VB_STYLE_REGULAR,
                         .text = "Tổng", .len = strlen("Tổng")};
    vb_fill_item fill = {90, 695, 300, 16, 0.85};
    vb_page page = {.texts = &word, .ntexts = 1, .fills = &fill, .nfills = 1};
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = &page,
                        .npages = 1};
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), 0);
    char path[] = "/tmp/vanban-fill-XXXXXX.pdf";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    save_pdf(path, &out);
    size_t len;
    char *qdf = read_uncompressed(path, &len);
    const char *fill_op = strstr(qdf, "0.85 g 90 695 300 16 re f\n0 g\n");
    const char *text_op = strstr(qdf, "BT\n");
    assert_non_null(fill_op);
    assert_non_null(text_op);
    assert_true(fill_op < text_op);
    free(qdf);
    unlink(path);
    vb_buf_free(&out);
    fill.w = NAN;
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_non_null(strstr(vb_diagnostic_get(diag, 0)->message, "vùng tô nền không hợp lệ"));
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
}

static void test_bad_layouts_are_refused(void **state)
{
    fixture *fx = *state;
    vb_text_item bad_style = {.x = 1, .y = 1, .size = 12, .style = (vb_style)5,
                              .text = "a", .len = 1};
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    assert_int_equal(write_items(fx, &bad_style, 1, &out, diag), -1);
    assert_int_equal(vb_diagnostics_errors(diag), 1);

    vb_page empty = {0};
    vb_layout layout = {.page_width = 0, .page_height = A4_HEIGHT, .pages = &empty, .npages = 1};
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_int_equal(vb_diagnostics_errors(diag), 2);
    layout.page_width = 1; /* below libharu's 3 pt: a clear error, not libharu's */
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_int_equal(vb_diagnostics_errors(diag), 3);
    assert_non_null(strstr(vb_diagnostic_format(diag, 2), "khổ trang"));
    layout.page_width = A4_WIDTH;
    layout.npages = 0;
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_int_equal(vb_diagnostics_errors(diag), 4);
    assert_int_equal(vb_pdf_write(NULL, fx->fonts, &meta, &out, diag), -1);
    assert_int_equal(vb_diagnostics_errors(diag), 5);
    assert_int_equal(out.len, 0);

    /* A blank page and no metadata are fine. */
    layout.npages = 1;
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, NULL, &out, diag), 0);
    assert_int_equal(vb_diagnostics_errors(diag), 5);
    assert_true(out.len > 0);
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
}

static void test_astral_characters_warn(void **state)
{
    fixture *fx = *state;
    vb_text_item item = {.x = 100, .y = 700, .size = 12, .style = VB_STYLE_REGULAR,
                         .text = "a\xF0\x9F\x98\x80" "b", .len = 6};
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    assert_int_equal(write_items(fx, &item, 1, &out, diag), 0);
    assert_int_equal(vb_diagnostics_errors(diag), 0);
    assert_int_equal(vb_diagnostics_count(diag), 1);
    assert_non_null(strstr(vb_diagnostic_get(diag, 0)->message, "U+FFFF"));
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
}

static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Writes text as one item per 40 characters (regular, 9 pt, a line each) into out. */
static void write_lines(const fixture *fx, const char *text, vb_buf *out)
{
    vb_text_item items[32];
    size_t nitems = 0;
    for (const char *p = text; *p;) {
        const char *start = p;
        for (int c = 0; c < 40 && *p; c++) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
        assert_true(nitems < 32);
        items[nitems] = (vb_text_item){.x = 60, .y = 780 - 14.0 * (double)nitems, .size = 9,
                                       .style = VB_STYLE_REGULAR, .text = start,
                                       .len = (size_t)(p - start)};
        nitems++;
    }
    vb_diagnostics *diag = vb_diagnostics_new();
    assert_int_equal(write_items(fx, items, nitems, out, diag), 0);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    vb_diagnostics_free(diag);
}

/* The PDF at path, extracted by pdftotext without a warning, equals text once line breaks,
 * spaces and page breaks are left out. */
static void assert_extracts_as(const char *path, const char *text)
{
    char *extracted = run_clean("pdftotext -raw '%s' -", path);
    char *joined = calloc(1, strlen(extracted) + 1);
    for (size_t i = 0, j = 0; extracted[i]; i++)
        if (extracted[i] != '\n' && extracted[i] != ' ' && extracted[i] != '\f')
            joined[j++] = extracted[i];
    assert_string_equal(joined, text);
    free(joined);
    free(extracted);
}

/* More than 100 ranges and 100 single characters: the map is split into blocks of at most 100
 * entries, and every character still extracts as itself. */
static void test_large_tounicode_is_split_into_blocks(void **state)
{
    fixture *fx = *state;
    uint32_t cps[400];
    size_t n = 0;
    for (uint32_t k = 0; k < 85; k++) { /* Cyrillic pairs: 85 ranges */
        cps[n++] = 0x0400 + 3 * k;
        cps[n++] = 0x0401 + 3 * k;
    }
    for (uint32_t k = 0; k < 60; k++) { /* Latin Extended-B pairs: 60 more */
        cps[n++] = 0x0180 + 3 * k;
        cps[n++] = 0x0181 + 3 * k;
    }
    for (uint32_t cp = 0x0100; cp < 0x0180; cp += 2) /* Latin Extended-A singles */
        cps[n++] = cp;
    for (uint32_t cp = 0x1EA0; cp < 0x1EFA; cp += 2) /* Vietnamese singles */
        cps[n++] = cp;
    char text[2048];
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += put_utf8(cps[i], text + len);
    text[len] = 0;

    vb_buf out = {0};
    write_lines(fx, text, &out);
    char path[96];
    snprintf(path, sizeof path, "%s.blocks.pdf", fx->pdf_path);
    save_pdf(path, &out);
    assert_extracts_as(path, text);

    size_t qlen = 0;
    char *data = read_uncompressed(path, &qlen);
    assert_non_null(memmem(data, qlen, "\n100 beginbfrange\n", 18));
    assert_non_null(memmem(data, qlen, "\n100 beginbfchar\n", 17));
    assert_null(memmem(data, qlen, "\n101 begin", 10));
    free(data);
    unlink(path);
    vb_buf_free(&out);
}

/* A style drawing 252 different characters (the space among them) still has one-byte codes;
 * 253 take two bytes. Either way every character extracts as itself. */
static void test_one_byte_codes_up_to_252_characters(void **state)
{
    fixture *fx = *state;
    for (size_t distinct = 252; distinct <= 253; distinct++) {
        char text[2048];
        size_t len = 0, n = 0;
        for (uint32_t cp = 0x21; n + 1 < distinct; cp++) { /* the space is added by the backend */
            if (cp == 0x7F)
                cp = 0xA1;
            if (cp == 0xAD) /* soft hyphen: not drawn by every extractor */
                continue;
            len += put_utf8(cp, text + len);
            n++;
        }
        text[len] = 0;
        vb_buf out = {0};
        write_lines(fx, text, &out);
        char path[96];
        snprintf(path, sizeof path, "%s.codes%zu.pdf", fx->pdf_path, distinct);
        save_pdf(path, &out);
        assert_extracts_as(path, text);
        size_t qlen = 0;
        char *data = read_uncompressed(path, &qlen);
        bool narrow = memmem(data, qlen, "\n<00> <FF>\n", 11) != NULL;
        bool wide = memmem(data, qlen, "\n<0000> <FFFF>\n", 15) != NULL;
        assert_int_equal(narrow, distinct == 252);
        assert_int_equal(wide, distinct == 253);
        free(data);
        unlink(path);
        vb_buf_free(&out);
    }
}

/* A report of realistic size: 12 pages, 3,500 words placed one by one at 14 pt, a few in
 * bold, italic and bold italic, as layout produces them. */
static const char report_text[] =
    "Trong 6 tháng đầu năm, Ủy ban nhân dân xã đã tập trung chỉ đạo, điều hành thực hiện "
    "hoàn thành các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội; tổng giá trị sản xuất "
    "ước đạt 112.500.000đ, tăng 7,5% so với cùng kỳ. Công tác quản lý đất đai, tài nguyên "
    "và môi trường được tăng cường; đã cấp 27 giấy chứng nhận quyền sử dụng đất lần đầu. "
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới được triển khai đồng bộ, huy động "
    "sự tham gia của người dân và doanh nghiệp. Lĩnh vực văn hóa - xã hội có nhiều chuyển "
    "biến tích cực: tỷ lệ học sinh hoàn thành chương trình tiểu học đạt 100%, tiêm chủng "
    "mở rộng đạt 98,6%; công tác chăm sóc người có công, đối tượng bảo trợ xã hội được "
    "thực hiện kịp thời, đúng quy định. Quốc phòng - an ninh được giữ vững, trật tự an toàn "
    "xã hội ổn định; không để xảy ra điểm nóng, khiếu kiện đông người. Tuy nhiên, việc "
    "chuyển đổi số, định danh điện tử còn chậm; một số thôn chưa chủ động phòng, chống "
    "thiên tai, dịch bệnh trên cây trồng, vật nuôi “theo phương châm bốn tại chỗ” …";

static void test_twelve_page_report(void **state)
{
    fixture *fx = *state;
    enum { PAGES = 12, WORDS = 3500, PER_PAGE = 400 };
    vb_page *pages = calloc(PAGES, sizeof *pages);
    vb_text_item *items = calloc((size_t)PAGES * PER_PAGE, sizeof *items);
    assert_non_null(pages);
    assert_non_null(items);
    double left = VB_MM_TO_PT(30), right = A4_WIDTH - VB_MM_TO_PT(15);
    double top = A4_HEIGHT - VB_MM_TO_PT(20) - 14, line_height = 14 * 1.149 + 6;
    int lines_per_page = 18;
    const char *p = report_text;
    size_t words = 0;
    for (int page = 0; page < PAGES && words < WORDS; page++) {
        pages[page].texts = items + (size_t)page * PER_PAGE;
        for (int line = 0; line < lines_per_page && words < WORDS; line++) {
            double x = left, y = top - line * line_height;
            for (;;) {
                while (*p == ' ')
                    p++;
                if (!*p)
                    p = report_text;
                size_t len = strcspn(p, " ");
                vb_style st = words % 41 == 0   ? VB_STYLE_BOLD
                                   : words % 59 == 0 ? VB_STYLE_ITALIC
                                   : words % 97 == 0 ? VB_STYLE_BOLD_ITALIC
                                                     : VB_STYLE_REGULAR;
                double width = vb_text_width(fx->fonts, st, 14, p, len);
                if (x + width > right || words == WORDS)
                    break;
                assert_true(pages[page].ntexts < PER_PAGE);
                pages[page].texts[pages[page].ntexts++] =
                    (vb_text_item){.x = x, .y = y, .size = 14, .style = st, .text = p, .len = len};
                x += width + 3.5;
                p += len;
                words++;
            }
        }
    }
    assert_int_equal(words, WORDS);
    assert_int_equal(pages[PAGES - 1].ntexts > 0, 1);
    vb_outline_entry outline[3] = {{"PHẦN THỨ NHẤT", 0, 0, top}, {"I. Kinh tế", 1, 1, top},
                                   {"PHẦN THỨ HAI", 0, 7, top}};
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = pages,
                        .npages = PAGES, .outline = outline, .noutline = 3};

    vb_diagnostics *diag = vb_diagnostics_new();
    double best_ms = 1e9;
    vb_buf out = {0};
    for (int run = 0; run < 5; run++) {
        vb_buf_free(&out);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (ms < best_ms)
            best_ms = ms;
    }
    assert_int_equal(vb_diagnostics_count(diag), 0);
    fprintf(stderr, "  12 pages, %zu words: %zu bytes, vb_pdf_write best of 5: %.2f ms\n", words,
            out.len, best_ms);
    assert_true(out.len < 120 * 1024);

    char path[96];
    snprintf(path, sizeof path, "%s.report.pdf", fx->pdf_path);
    save_pdf(path, &out);
    free(run_clean("qpdf --check '%s'", path));
    char *text = run_clean("pdftotext '%s' -", path);
    assert_non_null(strstr(text, "tổng giá trị sản xuất"));
    assert_non_null(strstr(text, "“theo phương châm bốn tại chỗ” …"));
    free(text);
    unlink(path);
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
    free(items);
    free(pages);
}

static uint16_t be16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Rewrites in place every PostScript name (name ID 6) of a TrueType font with ps, which is no
 * longer than the name it replaces; returns how many records it rewrote. The table checksums
 * go stale, which HarfBuzz does not check. */
static int set_postscript_name(unsigned char *font, size_t len, const char *ps)
{
    size_t ntables = be16(font + 4), n = strlen(ps);
    for (size_t t = 0; t < ntables && 12 + 16 * (t + 1) <= len; t++) {
        const unsigned char *entry = font + 12 + 16 * t;
        if (memcmp(entry, "name", 4) != 0)
            continue;
        unsigned char *table = font + be32(entry + 8);
        unsigned char *strings = table + be16(table + 4);
        int rewritten = 0;
        for (size_t i = 0; i < be16(table + 2); i++) {
            unsigned char *record = table + 6 + 12 * i;
            if (be16(record + 6) != 6)
                continue;
            bool utf16 = be16(record) == 0 || be16(record) == 3; /* Unicode, Windows */
            size_t bytes = utf16 ? 2 * n : n;
            assert_true(bytes <= be16(record + 8));
            unsigned char *text = strings + be16(record + 10);
            for (size_t k = 0; k < n; k++) {
                if (utf16) {
                    text[2 * k] = 0;
                    text[2 * k + 1] = (unsigned char)ps[k];
                } else {
                    text[k] = (unsigned char)ps[k];
                }
            }
            record[8] = (unsigned char)(bytes >> 8);
            record[9] = (unsigned char)bytes;
            rewritten++;
        }
        return rewritten;
    }
    return 0;
}

/* The four styles copied into dir, the regular one renamed to ps. */
static void copy_fonts_renaming_regular(const char *dir, const char *ps)
{
    static const char *const files[] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                                        "LiberationSerif-Italic.ttf",
                                        "LiberationSerif-BoldItalic.ttf"};
    for (size_t i = 0; i < 4; i++) {
        char from[256], to[256];
        snprintf(from, sizeof from, "%s/%s", VB_TEST_FONT_DIR, files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        size_t len = 0;
        unsigned char *font = (unsigned char *)tu_read_file(from, &len);
        assert_non_null(font);
        if (i == 0)
            assert_true(set_postscript_name(font, len, ps) > 0);
        FILE *f = fopen(to, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(font, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        free(font);
    }
}

/* libharu writes a name's space as it is, which ends the name: "/XXXXXX+Van Ban" would be a
 * broken dictionary. BaseFont and FontName drop spaces (ISO 32000-1, 9.6.3) and escape the
 * delimiters a name cannot hold. */
static void test_font_names_with_spaces_and_delimiters_stay_valid(void **state)
{
    fixture *fx = *state;
    char dir[] = "/tmp/vb-test-pdf-fonts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    copy_fonts_renaming_regular(dir, "Van Ban (Serif)");
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_fontset *fonts = vb_fontset_load(dir, diag);
    assert_non_null(fonts);
    assert_string_equal(vb_font_postscript_name(fonts, VB_STYLE_REGULAR), "Van Ban (Serif)");
    vb_buf out = {0};
    assert_int_equal(write_pdf(&fx->layout, fonts, &meta, &out, diag), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    save_pdf(path, &out);
    free(run_clean("qpdf --check '%s'", path));
    size_t len = 0;
    char *pdf = read_uncompressed(path, &len);
    assert_non_null(strstr(pdf, "/FontName /"));
    assert_non_null(strstr(pdf, "+VanBan#28Serif#29\n"));
    assert_null(strstr(pdf, "Van Ban"));
    free(pdf);
    for (size_t i = 0; i < 4; i++) {
        static const char *const names[] = {"Regular", "Bold", "Italic", "BoldItalic"};
        char font_path[256];
        snprintf(font_path, sizeof font_path, "%s/LiberationSerif-%s.ttf", dir, names[i]);
        unlink(font_path);
    }
    unlink(path);
    rmdir(dir);
    vb_buf_free(&out);
    vb_fontset_free(fonts);
    vb_diagnostics_free(diag);
}

/* An outline entry whose place is off the page still gets a destination on it: libharu 2.3
 * refuses a negative top, which would fail the whole document. */
static void test_outline_destination_off_the_page_is_clamped(void **state)
{
    fixture *fx = *state;
    double kept = fx->outline[0].y;
    fx->outline[0].y = -5;
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    int rc = write_pdf(&fx->layout, fx->fonts, &meta, &out, diag);
    fx->outline[0].y = kept;
    assert_int_equal(rc, 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/vb-test-pdf-outline-%ld.pdf", (long)getpid());
    save_pdf(path, &out);
    free(run_clean("qpdf --check '%s'", path));
    unlink(path);
    vb_buf_free(&out);
    vb_diagnostics_free(diag);
}

/* The outline's tree as a viewer walks it (PyMuPDF), for many entries: a level deepens one
 * step at a time (a jump nests under the last entry), no deeper than 16 levels; an entry on a
 * missing page is left out with a warning. And its writing time grows linearly. */
static const char toc_script[] =
    "import fitz, sys\n"
    "toc = fitz.open(sys.argv[1]).get_toc(simple=False)\n"
    "print('levels', ''.join(chr(96 + t[0]) for t in toc))\n"
    "print('pages', ''.join(str(t[2]) for t in toc))\n"
    /* PyMuPDF reads an empty title as one space. */
    "print('titles', ''.join({'Mục (a) \\\\': 't', ' ': 'e'}.get(t[1], '?') for t in toc))\n";

typedef struct {
    vb_outline_entry *entries;
    char *levels, *pages, *titles; /* what the viewer should see, one character per entry */
    size_t kept;
} outline_case;

static outline_case make_outline(size_t n)
{
    static const int levels[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                                 14, 15, 16, 17, 18, 19, 0, 3, -2, 1, 2, 2};
    outline_case c = {calloc(n, sizeof *c.entries), calloc(n + 1, 1), calloc(n + 1, 1),
                      calloc(n + 1, 1), 0};
    int depth = 0;
    for (size_t k = 0; k < n; k++) {
        int level = levels[k % (sizeof levels / sizeof *levels)];
        size_t page = k % 997 == 500 ? 5 : k % 2;
        c.entries[k] = (vb_outline_entry){k % 3 ? "Mục (a) \\" : NULL, level, page, 700};
        if (page >= 2)
            continue;
        level = level < 0 ? 0 : level > depth ? depth : level;
        level = level > 15 ? 15 : level;
        depth = level + 1;
        c.levels[c.kept] = (char)('a' + level);
        c.pages[c.kept] = (char)('1' + page);
        c.titles[c.kept++] = k % 3 ? 't' : 'e';
    }
    return c;
}

static double write_outline_ms(fixture *fx, const outline_case *c, size_t n, vb_buf *out)
{
    vb_layout layout = fx->layout;
    layout.outline = c->entries;
    layout.noutline = n;
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        vb_diagnostics *diag = vb_diagnostics_new();
        vb_buf_free(out);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        assert_int_equal(write_pdf(&layout, fx->fonts, &meta, out, diag), 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        assert_int_equal(vb_diagnostics_errors(diag), 0);
        assert_int_equal(vb_diagnostics_count(diag), n / 997 + (n % 997 > 500));
        double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
        best = ms < best ? ms : best;
        vb_diagnostics_free(diag);
    }
    return best;
}

static void free_outline_case(outline_case *c)
{
    free(c->entries);
    free(c->levels);
    free(c->pages);
    free(c->titles);
}

static void test_outline_of_many_entries_keeps_its_tree(void **state)
{
    fixture *fx = *state;
    enum { N = 20000 };
    outline_case c = make_outline(N);
    vb_buf out = {0};
    double quarter_ms = write_outline_ms(fx, &c, N / 4, &out);
    double full_ms = write_outline_ms(fx, &c, N, &out);
    fprintf(stderr, "  outline of %d entries: %.1f ms (%d: %.1f ms), %zu bytes\n", N, full_ms,
            N / 4, quarter_ms, out.len);
    assert_true(full_ms <= 8 * (quarter_ms > 5 ? quarter_ms : 5));
    char path[64], script[80], cmd[160];
    snprintf(path, sizeof path, "/tmp/vb-test-pdf-toc-%ld.pdf", (long)getpid());
    snprintf(script, sizeof script, "%s.py", path);
    save_pdf(path, &out);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs(toc_script, f);
    fclose(f);
    free(run_clean("qpdf --check '%s'", path));
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%%s'", script);
    char *seen = run_clean(cmd, path);
    char *expected = malloc(3 * c.kept + 64);
    sprintf(expected, "levels %s\npages %s\ntitles %s\n", c.levels, c.pages, c.titles);
    assert_string_equal(seen, expected);
    free(expected);
    free(seen);
    unlink(script);
    unlink(path);
    vb_buf_free(&out);
    free_outline_case(&c);
}

static void expect_number(long long v, int decimals, const char *written)
{
    vb_buf b = {0};
    vb_pdf_put_fixed(&b, v, decimals);
    vb_buf_append(&b, "", 1);
    assert_string_equal((const char *)b.data, written);
    vb_buf_free(&b);
}

/* PDF's integers are 32-bit (ISO 32000-1, annex C); a whole number past them is a real. */
static void test_numbers_stay_within_pdf_limits(void **state)
{
    (void)state; /* cmocka's signature */
    expect_number(0, 3, "0");
    expect_number(-5, 1, "-0.5");
    expect_number(841890, 3, "841.89");
    expect_number(2147483647, 0, "2147483647");
    expect_number(2147483648, 0, "2147483648.0");
    expect_number(-2147483648, 0, "-2147483648");
    expect_number(-2147483649, 0, "-2147483649.0");
    expect_number(30000000000, 1, "3000000000.0");
    expect_number(30000000001, 1, "3000000000.1");
}

/* A landscape appendix page has its own size; the others take the layout's; a page of a size
 * libharu cannot take is a clear error. */
static void test_page_has_its_own_size(void **state)
{
    fixture *fx = *state;
    vb_page pages[2] = {{0}, {0}};
    pages[1].width = A4_HEIGHT;
    pages[1].height = A4_WIDTH;
    vb_outline_entry outline = {"PHỤ LỤC", 0, 1, A4_WIDTH + 100}; /* clamped to its page */
    vb_layout layout = {.page_width = A4_WIDTH, .page_height = A4_HEIGHT, .pages = pages,
                        .npages = 2, .outline = &outline, .noutline = 1};
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_buf out = {0};
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), 0);
    char path[96];
    snprintf(path, sizeof path, "%s.sizes.pdf", fx->pdf_path);
    save_pdf(path, &out);
    char *info = run_clean("pdfinfo -f 1 -l 2 '%s'", path);
    assert_non_null(strstr(info, "Page    1 size:  595.276 x 841.89 pts (A4)"));
    assert_non_null(strstr(info, "Page    2 size:  841.89 x 595.276 pts (A4)"));
    free(info);
    free(run_clean("qpdf --check '%s'", path));
    remove(path);
    vb_buf_free(&out);
    pages[1].width = 1;
    assert_int_equal(vb_pdf_write(&layout, fx->fonts, &meta, &out, diag), -1);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0), "trang 2 có khổ"));
    vb_diagnostics_free(diag);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_declares_pdf_1_4),
        cmocka_unit_test(test_qpdf_finds_nothing_wrong),
        cmocka_unit_test(test_fills_under_the_text),
        cmocka_unit_test(test_every_font_is_an_embedded_subset_with_tounicode),
        cmocka_unit_test(test_pdftotext_extracts_exact_nfc_text),
        cmocka_unit_test(test_pdfinfo_shows_vietnamese_metadata),
        cmocka_unit_test(test_page_has_its_own_size),
        cmocka_unit_test(test_tounicode_and_cidsysteminfo_are_fixed),
        cmocka_unit_test(test_same_input_gives_same_bytes),
        cmocka_unit_test(test_creation_date_is_utc_and_independent_of_tz),
        cmocka_unit_test(test_file_is_small),
        cmocka_unit_test(test_viewer_sees_positions_rules_and_outline),
        cmocka_unit_test(test_threads_write_identical_documents),
        cmocka_unit_test(test_no_file_descriptor_is_left_open),
        cmocka_unit_test(test_undrawable_text_is_a_diagnostic),
        cmocka_unit_test(test_bad_layouts_are_refused),
        cmocka_unit_test(test_astral_characters_warn),
        cmocka_unit_test(test_large_tounicode_is_split_into_blocks),
        cmocka_unit_test(test_one_byte_codes_up_to_252_characters),
        cmocka_unit_test(test_twelve_page_report),
        cmocka_unit_test(test_font_names_with_spaces_and_delimiters_stay_valid),
        cmocka_unit_test(test_numbers_stay_within_pdf_limits),
        cmocka_unit_test(test_outline_destination_off_the_page_is_clamped),
        cmocka_unit_test(test_outline_of_many_entries_keeps_its_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
