/* vanban sign and verify end to end: a throw-away CA made by openssl at run time, a render
 * signed four times (ky, dau, so, ngay), each step checked by poppler's pdfsig, qpdf and
 * vanban verify; the same with the key on a SoftHSM2 token (PKCS#11); tampering caught; bad
 * inputs refused with nothing written. */
#include "runutil.h"

#include <libp11.h>
#include <openssl/pem.h>

/* The CA, the signer's PKCS#12 (password "secret1"), an expired one, one whose key matches
 * none of its certificates, and two transparent PNGs (a blue stroke, a red disc). */
static const char setup_script[] =
    "set -e; cd \"$1\"\n"
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 "
    "  -subj '/CN=Test CA' 2>/dev/null\n"
    "openssl req -newkey rsa:2048 -nodes -keyout p.key -out p.csr "
    "  -subj '/CN=Nguyen Van A/O=UBND xa Binh Trung' 2>/dev/null\n"
    "openssl x509 -req -in p.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out p.pem -days 30 "
    "  2>/dev/null\n"
    "openssl pkcs12 -export -inkey p.key -in p.pem -out p.p12 -passout pass:secret1\n"
    "openssl x509 -req -in p.csr -CA ca.pem -CAkey ca.key -out old.pem -days -1 2>/dev/null\n"
    "openssl pkcs12 -export -inkey p.key -in old.pem -out expired.p12 -passout pass:secret1\n"
    "openssl genrsa -out other.key 2048 2>/dev/null\n"
    /* openssl pkcs12 -export refuses a key without its certificate; -nocerts plus the
     * certificate as an extra one builds the mismatched file anyway. */
    "openssl pkcs12 -export -inkey other.key -nocerts -out k.p12 -passout pass:secret1\n"
    "openssl pkcs12 -in k.p12 -passin pass:secret1 -nodes -out k.pem\n"
    "cat k.pem p.pem > mix.pem\n"
    "openssl pkcs12 -export -in mix.pem -nocerts -certfile p.pem -out mismatch.p12 "
    "  -passout pass:secret1 2>/dev/null || cp k.p12 mismatch.p12\n"
    "printf secret1 > pass.txt\n"
    "python3 - <<'PY'\n"
    "import zlib, struct, math\n"
    "def chunk(t, d): return struct.pack('>I', len(d)) + t + d + "
    "struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)\n"
    "def png(path, w, h, rgb, ink):\n"
    "    rows = b''.join(b'\\0' + b''.join(bytes(rgb) + bytes([255 if ink(x, y) else 0]) "
    "for x in range(w)) for y in range(h))\n"
    "    open(path, 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', "
    "w, h, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))\n"
    "png('sig.png', 240, 96, (20, 40, 200), lambda x, y: abs(y - 48 - 30 * math.sin(x / 8)) < 3)\n"
    "png('seal.png', 160, 160, (220, 20, 20), lambda x, y: 60 < math.hypot(x - 80, y - 80) < 76)\n"
    "PY\n"
    "head -c 100 sig.png > broken.png\n"
    /* a time-stamping authority under the same CA, for tests/tsa/tsa_server.py */
    "openssl req -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.csr -subj '/CN=Test TSA' "
    "  2>/dev/null\n"
    "printf 'extendedKeyUsage=critical,timeStamping\\n' > tsa.ext\n"
    "openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem "
    "  -days 30 -extfile tsa.ext 2>/dev/null\n"
    "echo 01 > tsaserial\n"
    "printf '[tsa]\\ndefault_tsa = t\\n[t]\\nserial = ./tsaserial\\nsigner_cert = ./tsa.pem\\n"
    "certs = ./ca.pem\\nsigner_key = ./tsa.key\\nsigner_digest = sha256\\n"
    "default_policy = 1.2.3.4.1\\ndigests = sha256\\naccuracy = secs:1\\n"
    "ess_cert_id_alg = sha256\\n' > tsa.cnf\n"
    "echo 'not a pdf' > notpdf.pdf\n";

static char *dir;

static char *path_in(const char *name)
{
    return ru_join(dir, name);
}

static int setup(void **state)
{
    (void)state;
    dir = ru_make_temp_dir();
    const char *argv[] = {"sh", "-c", setup_script, "sh", dir, NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("setup", &r);
    int status = r.status;
    ru_result_free(&r);
    char *yaml = path_in("in.yaml"), *pdf = path_in("r0.pdf");
    ru_write_file(yaml, RU_SAMPLE_YAML, strlen(RU_SAMPLE_YAML));
    ru_render_ok(yaml, pdf, NULL);
    char *encrypted = path_in("enc.pdf");
    const char *encrypt[] = {"qpdf", "--encrypt", "u", "o", "256", "--", pdf, encrypted, NULL};
    ru_result e = ru_run(encrypt, NULL);
    status = status ? status : e.status;
    ru_result_free(&e);
    free(encrypted);
    free(yaml);
    free(pdf);
    return status;
}

static int teardown(void **state)
{
    ru_remove_temp_dir(dir);
    dir = NULL;
    return ru_remove_leftover_temp_dirs(state);
}

/* vanban sign IN -o OUT --role ROLE MARK… with the password in $VB_PW; the result. */
static ru_result sign(const char *in, const char *out, const char *role, const char *flag,
                      const char *value, const char *p12, const char *box)
{
    char *i = path_in(in), *o = path_in(out), *k = path_in(p12);
    char *v = strcmp(flag, "--text") == 0 ? strdup(value) : path_in(value);
    /* box NULL: the box vanban recorded in the render */
    const char *argv[] = {ru_vanban_bin(), "sign", i,   "-o",   o,     "--role",   role, flag,
                          v,               "--p12", k,  "--pass-env", "VB_PW", box ? "--box" : NULL,
                          box, NULL};
    const char *env[] = {"VB_PW=secret1", "SOURCE_DATE_EPOCH=1700000000", NULL};
    ru_result r = ru_run(argv, env);
    free(i), free(o), free(k), free(v);
    return r;
}

static size_t count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* pdfsig: every signature valid, exactly the last one covering the whole document. */
static void assert_pdfsig_ok(const char *pdf, size_t signatures)
{
    const char *argv[] = {"pdfsig", "-nocert", pdf, NULL};
    ru_result r = ru_run(argv, NULL);
    bool ok = count(r.out, "Signature is Valid.") == signatures &&
              count(r.out, "Total document signed") == 1 &&
              strstr(r.out, "Total document signed") > strrchr(r.out, '#');
    if (!ok)
        ru_show("pdfsig", &r);
    assert_true(ok);
    ru_result_free(&r);
}

static void assert_prefix(const char *before, const char *after)
{
    size_t a_len, b_len;
    char *a = tu_read_file(before, &a_len), *b = tu_read_file(after, &b_len);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(b_len > a_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
}

static ru_result verify(const char *pdf)
{
    const char *argv[] = {ru_vanban_bin(), "verify", pdf, NULL};
    return ru_run(argv, NULL);
}

/* One signing step done right: out begins with every byte of in, pdfsig finds `signatures`
 * valid with the last covering the file, qpdf is clean, and vanban verify passes, exactly one
 * signature covering the whole file, and says `needle` (a role, a signer). */
static void assert_signed_step(const char *in, const char *out, size_t signatures,
                               const char *needle)
{
    char *before = path_in(in), *after = path_in(out);
    assert_prefix(before, after);
    assert_pdfsig_ok(after, signatures);
    ru_assert_qpdf_clean(after);
    ru_result r = verify(after);
    if (r.status != 0)
        ru_show("vanban verify", &r);
    assert_int_equal(r.status, 0);
    assert_int_equal(count(r.out, "valid, covers the whole file"), 1);
    assert_non_null(strstr(r.out, needle));
    ru_result_free(&r);
    free(before);
    free(after);
}

static void test_sign_four_times(void **state)
{
    (void)state;
    static const struct { const char *role, *flag, *value, *box; } steps[] = {
        {"ky", "--image", "sig.png", NULL},
        {"dau", "--image", "seal.png", NULL},
        {"so", "--text", "15", "100,690,40,16,1"},
        {"ngay", "--text", "05", "420,690,30,16,1"},
    };
    for (size_t i = 0; i < 4; i++) {
        char in[16], out[16];
        snprintf(in, sizeof in, "r%zu.pdf", i);
        snprintf(out, sizeof out, "r%zu.pdf", i + 1);
        ru_result r = sign(in, out, steps[i].role, steps[i].flag, steps[i].value, "p.p12",
                           steps[i].box);
        if (r.status != 0)
            ru_show("vanban sign", &r);
        assert_int_equal(r.status, 0);
        ru_result_free(&r);
        assert_signed_step(in, out, i + 1, steps[i].role);
    }
}

/* One byte of the first revision changed (the producer's name): both checkers catch it. */
static void test_tampering_caught(void **state)
{
    (void)state;
    char *signed_pdf = path_in("r1.pdf"), *bad = path_in("tampered.pdf");
    size_t len = 0;
    char *data = tu_read_file(signed_pdf, &len);
    assert_non_null(data);
    char *producer = memmem(data, len, "Haru", 4);
    assert_non_null(producer);
    producer[1] = 'e';
    assert_int_equal(ru_write_file(bad, data, len), 0);
    const char *argv[] = {"pdfsig", "-nocert", bad, NULL};
    ru_result r = ru_run(argv, NULL);
    assert_null(strstr(r.out, "Signature is Valid."));
    ru_result_free(&r);
    r = verify(bad);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.out, "INVALID"));
    ru_result_free(&r);
    free(data);
    free(signed_pdf);
    free(bad);
}

/* Each bad input refused: exit non-zero, a message naming the file, no output, no temp file. */
static void test_bad_inputs_refused(void **state)
{
    (void)state;
    static const struct { const char *in, *image, *p12, *named, *why; } cases[] = {
        {"r0.pdf", "sig.png", "expired.p12", "expired.p12", "expired"},
        {"r0.pdf", "sig.png", "mismatch.p12", "mismatch.p12", "does not match"},
        {"notpdf.pdf", "sig.png", "p.p12", "notpdf.pdf", "not a PDF"},
        {"trunc.pdf", "sig.png", "p.p12", "trunc.pdf", "truncated"},
        {"enc.pdf", "sig.png", "p.p12", "enc.pdf", "encrypted"},
        {"r0.pdf", "broken.png", "p.p12", "broken.png", "damaged PNG"},
        {"r0.pdf", "r0.pdf", "p.p12", "r0.pdf", "not a PNG"}, /* a PDF given as the image */
    };
    char *whole = path_in("r0.pdf"), *trunc = path_in("trunc.pdf");
    size_t len = 0;
    char *data = tu_read_file(whole, &len);
    assert_non_null(data);
    assert_int_equal(ru_write_file(trunc, data, len / 2), 0);
    free(data);
    char *listing = ru_list_dir(dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ru_result r = sign(cases[i].in, "out.pdf", "ky", "--image", cases[i].image,
                           cases[i].p12, "340,230,176,71,1");
        if (r.status == 0 || !strstr(r.err, cases[i].named) || !strstr(r.err, cases[i].why))
            ru_show("vanban sign (bad input)", &r);
        assert_int_not_equal(r.status, 0);
        assert_non_null(strstr(r.err, cases[i].named));
        assert_non_null(strstr(r.err, cases[i].why));
        ru_result_free(&r);
        char *now = ru_list_dir(dir);
        assert_string_equal(now, listing);
        free(now);
    }
    free(listing);
    free(whole);
    free(trunc);
}

/* A number or a day left blank gets its recorded box; a role with no recorded box (no day
 * blank, a PDF vanban did not render) is refused unless --box is given. */
static void test_recorded_boxes(void **state)
{
    (void)state;
    char *yaml = path_in("blank.yaml"), *pdf = path_in("blank.pdf");
    const char *sample = strstr(RU_SAMPLE_YAML, "so: 5\n");
    assert_non_null(sample);
    char text[sizeof RU_SAMPLE_YAML];
    size_t head = (size_t)(sample - RU_SAMPLE_YAML);
    memcpy(text, RU_SAMPLE_YAML, head);
    strcpy(text + head, sample + strlen("so: 5\n"));
    assert_int_equal(ru_write_file(yaml, text, strlen(text)), 0);
    ru_render_ok(yaml, pdf, NULL);
    ru_result r = sign("blank.pdf", "blank-so.pdf", "so", "--text", "176", "p.p12", NULL);
    if (r.status != 0)
        ru_show("vanban sign so (recorded box)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    assert_pdfsig_ok(strcat(strcpy(text, dir), "/blank-so.pdf"), 1);
    r = sign("blank.pdf", "none.pdf", "ngay", "--text", "17", "p.p12", NULL);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "--box"));
    ru_result_free(&r);
    /* A day left blank (ngay: 2024-01) gets its recorded box too: no --box needed. */
    memcpy(text, RU_SAMPLE_YAML, head);
    strcpy(text + head, sample + strlen("so: 5\n"));
    char *day_blank = strstr(text, "ngay: 2024-01-05\n");
    assert_non_null(day_blank);
    memmove(day_blank + strlen("ngay: 2024-01"), day_blank + strlen("ngay: 2024-01-05"),
            strlen(day_blank + strlen("ngay: 2024-01-05")) + 1);
    assert_int_equal(ru_write_file(yaml, text, strlen(text)), 0);
    ru_render_ok(yaml, pdf, NULL);
    r = sign("blank.pdf", "blank-ngay.pdf", "ngay", "--text", "17", "p.p12", NULL);
    if (r.status != 0)
        ru_show("vanban sign ngay (recorded box)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    assert_pdfsig_ok(strcat(strcpy(text, dir), "/blank-ngay.pdf"), 1);
    /* The same pages under another tool's catalog: no boxes recorded. */
    char *plain = path_in("plain.pdf");
    const char *copy[] = {"qpdf", "--empty", "--pages", pdf, "--", plain, NULL};
    r = ru_run(copy, NULL);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    free(plain);
    r = sign("plain.pdf", "none.pdf", "ky", "--image", "sig.png", "p.p12", NULL);
    if (r.status == 0 || !strstr(r.err, "--box"))
        ru_show("vanban sign (no recorded box)", &r);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "--box"));
    ru_result_free(&r);
    char *none = path_in("none.pdf");
    assert_int_not_equal(access(none, F_OK), 0);
    free(none), free(yaml), free(pdf);
}

/* vanban sign --role ROLE --signer N with the recorded box; the result. */
static ru_result sign_as(const char *in, const char *out, const char *role, const char *signer)
{
    char *i = path_in(in), *o = path_in(out), *k = path_in("p.p12"), *v = path_in("sig.png");
    const char *argv[] = {ru_vanban_bin(), "sign", i, "-o", o, "--role", role, "--image", v,
                          "--p12", k, "--pass-env", "VB_PW", "--signer", signer, NULL};
    const char *env[] = {"VB_PW=secret1", "SOURCE_DATE_EPOCH=1700000000", NULL};
    ru_result r = ru_run(argv, env);
    free(i), free(o), free(k), free(v);
    return r;
}

/* Several signers: a box each, in nguoi_ky's order; --signer N signs in the Nth. */
static void test_second_signer_box(void **state)
{
    (void)state;
    const char *signer = strstr(RU_SAMPLE_YAML, "nguoi_ky:");
    assert_non_null(signer);
    char text[sizeof RU_SAMPLE_YAML + 256];
    snprintf(text, sizeof text, "%.*snguoi_ky:\n  - {chuc_vu: THƯ KÝ, ho_ten: Lê Văn Ba}\n"
             "  - {chuc_vu: CHỦ TỊCH, ho_ten: Hà Minh Phú}\n",
             (int)(signer - RU_SAMPLE_YAML), RU_SAMPLE_YAML);
    char *yaml = path_in("two.yaml"), *pdf = path_in("two.pdf");
    assert_int_equal(ru_write_file(yaml, text, strlen(text)), 0);
    ru_render_ok(yaml, pdf, NULL);
    ru_result r1 = sign_as("two.pdf", "two-1.pdf", "ky", "1");
    ru_result r2 = sign_as("two.pdf", "two-2.pdf", "ky", "2");
    if (r1.status != 0 || r2.status != 0)
        ru_show("vanban sign --signer", r1.status ? &r1 : &r2);
    assert_int_equal(r1.status, 0);
    assert_int_equal(r2.status, 0);
    ru_result_free(&r1);
    ru_result_free(&r2);
    char *one = path_in("two-1.pdf"), *two = path_in("two-2.pdf");
    size_t n1 = 0, n2 = 0;
    char *b1 = tu_read_file(one, &n1), *b2 = tu_read_file(two, &n2);
    assert_non_null(b1);
    assert_non_null(b2);
    /* the same signing in another place: the widget's /Rect differs */
    assert_true(n1 != n2 || memcmp(b1, b2, n1) != 0);
    assert_pdfsig_ok(two, 1);
    free(b1), free(b2), free(one), free(two);
    ru_result r = sign_as("two.pdf", "none.pdf", "ky", "3");
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "--box"));
    ru_result_free(&r);
    r = sign_as("two.pdf", "none.pdf", "so", "2");
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "--signer chỉ dùng với --role ky hoặc dau"));
    ru_result_free(&r);
    free(yaml), free(pdf);
}

/* A PDF whose pieces are given, with a correct xref table for objects 1 and 2. */
static void write_small_pdf(const char *name, const char *obj1, const char *obj2,
                            const char *xref_head)
{
    char pdf[2048];
    int n = snprintf(pdf, sizeof pdf, "%%PDF-1.4\n");
    int at1 = n;
    n += snprintf(pdf + n, sizeof pdf - (size_t)n, "1 0 obj\n%s\nendobj\n", obj1);
    int at2 = n;
    n += snprintf(pdf + n, sizeof pdf - (size_t)n, "2 0 obj\n%s\nendobj\n", obj2);
    int xref = n;
    n += snprintf(pdf + n, sizeof pdf - (size_t)n,
                  "xref\n%s\n0000000000 65535 f\r\n%010d 00000 n\r\n%010d 00000 n\r\n"
                  "trailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n%d\n%%%%EOF\n",
                  xref_head, at1, at2, xref);
    char *path = path_in(name);
    assert_int_equal(ru_write_file(path, pdf, (size_t)n), 0);
    free(path);
}

/* Damage that once made the reader loop: a broken xref header, a page tree that contains
 * itself. Each refused promptly, nothing written. */
static void test_damaged_structure_refused(void **state)
{
    (void)state;
    write_small_pdf("xref.pdf", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages >>", "zz");
    write_small_pdf("loop.pdf", "<< /Type /Catalog /Pages 2 0 R >>",
                    "<< /Type /Pages /Kids [2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R 2 0 R] "
                    "/Count 1 >>",
                    "0 3");
    static const char *const files[] = {"xref.pdf", "loop.pdf"};
    for (size_t i = 0; i < 2; i++) {
        ru_result r = sign(files[i], "none.pdf", "so", "--text", "1", "p.p12", "1,1,20,20,1");
        assert_int_not_equal(r.status, 0);
        assert_non_null(strstr(r.err, files[i]));
        ru_result_free(&r);
        char *path = path_in(files[i]);
        r = verify(path);
        assert_int_not_equal(r.status, 0);
        ru_result_free(&r);
        free(path);
    }
    char *none = path_in("none.pdf");
    assert_int_not_equal(access(none, F_OK), 0);
    free(none);
}

/* A PDF whose objects sit in object streams behind a cross-reference stream (PDF 1.5, as
 * qpdf, Acrobat and some e-office systems save): signed twice, each update a cross-reference
 * stream of its own; the recorded box and the document's font are found inside the object
 * streams; every checker accepts each step. A damaged stream is refused, nothing written. */
static void test_xref_stream_file(void **state)
{
    (void)state;
    char *r0 = path_in("r0.pdf"), *xs = path_in("xs0.pdf");
    const char *pack[] = {"qpdf", "--object-streams=generate", r0, xs, NULL};
    ru_result r = ru_run(pack, NULL);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    r = sign("xs0.pdf", "xs1.pdf", "ky", "--image", "sig.png", "p.p12", NULL);
    if (r.status != 0)
        ru_show("vanban sign (xref stream)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    assert_signed_step("xs0.pdf", "xs1.pdf", 1, "ky");
    r = sign("xs1.pdf", "xs2.pdf", "ngay", "--text", "Bình Trung", "p.p12", "300,700,120,16,1");
    if (r.status != 0)
        ru_show("vanban sign (after an xref-stream update)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    assert_signed_step("xs1.pdf", "xs2.pdf", 2, "ngay");
    char *signed1 = path_in("xs2.pdf");
    size_t len = 0;
    char *data = tu_read_file(signed1, &len);
    assert_non_null(data);
    size_t sections = 0; /* qpdf's, then one per signature */
    for (char *p = data; (p = memmem(p, len - (size_t)(p - data), "/Type /XRef", 11)); p++)
        sections++;
    assert_int_equal(sections, 3);
    char *w = memmem(data, len, "/W [", 4);
    assert_non_null(w);
    w[4] = '9'; /* the first section's field widths now impossible */
    char *bad = path_in("xs-bad.pdf");
    assert_int_equal(ru_write_file(bad, data, len), 0);
    r = sign("xs-bad.pdf", "none.pdf", "ky", "--image", "sig.png", "p.p12", NULL);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "xref"));
    ru_result_free(&r);
    char *none = path_in("none.pdf");
    assert_int_not_equal(access(none, F_OK), 0);
    free(none), free(bad), free(data), free(signed1), free(r0), free(xs);
}

/* Vietnamese stamps in the document's own font: the day's italic subset has "Bình Trung"
 * (the date line); a character no subset has is refused, nothing written. */
static void test_vietnamese_stamp(void **state)
{
    (void)state;
    ru_result r = sign("r0.pdf", "vn.pdf", "ngay", "--text", "Bình Trung", "p.p12",
                       "300,700,120,16,1");
    if (r.status != 0)
        ru_show("vanban sign (Vietnamese)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    char *vn = path_in("vn.pdf");
    assert_pdfsig_ok(vn, 1);
    ru_assert_qpdf_clean(vn);
    free(vn);
    r = sign("r0.pdf", "none.pdf", "ngay", "--text", "中", "p.p12", "300,700,120,16,1");
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "U+4E2D"));
    ru_result_free(&r);
    char *none = path_in("none.pdf");
    assert_int_not_equal(access(none, F_OK), 0);
    free(none);
}

/* A copy mark whose letters the document's subsets lack ("Ỹ", written decomposed as Y and a
 * combining tilde): drawn in a subset of vanban's family embedded with the stamp, one more
 * font in the file, its ToUnicode map giving the precomposed letter back. */
static void test_stamp_with_its_own_font(void **state)
{
    (void)state;
    ru_result r = sign("r0.pdf", "own.pdf", "sao-y", "--text", "SAO Y; SỞ Y TẾ Y\u0303N",
                       "p.p12", "300,760,250,40,1");
    if (r.status != 0)
        ru_show("vanban sign (own font)", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    char *own = path_in("own.pdf"), *qdf = path_in("own-qdf.pdf");
    assert_pdfsig_ok(own, 1);
    ru_assert_qpdf_clean(own);
    const char *fonts[] = {"pdffonts", own, NULL};
    r = ru_run(fonts, NULL);
    assert_int_equal(count(r.out, "Identity-H"), 1);
    ru_result_free(&r);
    const char *expand[] = {"qpdf", "--qdf", "--object-streams=disable", own, qdf, NULL};
    r = ru_run(expand, NULL);
    ru_result_free(&r);
    size_t len = 0;
    char *data = tu_read_file(qdf, &len);
    assert_non_null(data);
    assert_non_null(memmem(data, len, "> <1EF8>", 8)); /* Ỹ */
    free(data), free(own), free(qdf);
}

/* A wrong password, from a file: refused; the password never printed. */
static void test_wrong_password_refused(void **state)
{
    (void)state;
    char *in = path_in("r0.pdf"), *out = path_in("out.pdf"), *p12 = path_in("p.p12"),
         *png = path_in("sig.png");
    const char *argv[] = {ru_vanban_bin(), "sign", in, "-o", out, "--role", "ky", "--image", png,
                          "--p12", p12, "--pass-env", "VB_PW", "--box", "1,1,50,20,1", NULL};
    const char *env[] = {"VB_PW=wrong-secret", NULL};
    ru_result r = ru_run(argv, env);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "p.p12"));
    assert_null(strstr(r.err, "wrong-secret"));
    assert_int_not_equal(access(out, F_OK), 0);
    ru_result_free(&r);
    free(in), free(out), free(p12), free(png);
}

/* --pass-file works as --pass-env does; verify --ca checks the chain. */
static void test_pass_file_and_ca(void **state)
{
    (void)state;
    char *in = path_in("r0.pdf"), *out = path_in("pf.pdf"), *p12 = path_in("p.p12"),
         *pass = path_in("pass.txt"), *ca = path_in("ca.pem");
    const char *argv[] = {ru_vanban_bin(), "sign", in, "-o", out, "--role", "sao-y", "--text",
                          "SAO Y", "--p12", p12, "--pass-file", pass, "--box", "400,780,150,40,1",
                          NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("vanban sign --pass-file", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    const char *check[] = {ru_vanban_bin(), "verify", out, "--ca", ca, NULL};
    r = ru_run(check, NULL);
    if (r.status != 0)
        ru_show("vanban verify --ca", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    free(in), free(out), free(p12), free(pass), free(ca);
}

#define SOFTHSM_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define TOKEN_PIN "246810"

/* A SoftHSM2 token in the test's folder holding the signer's key (label signer, id 01). */
static const char token_script[] =
    "set -e; cd \"$1\"; mkdir -p tokens\n"
    "printf 'directories.tokendir = %s/tokens\\nobjectstore.backend = file\\nlog.level = ERROR\\n' "
    "  \"$PWD\" > softhsm2.conf\n"
    "export SOFTHSM2_CONF=\"$PWD/softhsm2.conf\"\n"
    "openssl pkcs8 -topk8 -nocrypt -in p.key -out p.pk8\n"
    "softhsm2-util --init-token --free --label vanban-test --pin " TOKEN_PIN
    " --so-pin 135790 >/dev/null\n"
    "softhsm2-util --import p.pk8 --token vanban-test --label signer --id 01 --pin " TOKEN_PIN
    " >/dev/null\n";

static bool have_softhsm(void)
{
    const char *argv[] = {"sh", "-c", "command -v softhsm2-util", NULL};
    ru_result r = ru_run(argv, NULL);
    bool found = r.status == 0 && access(SOFTHSM_MODULE, R_OK) == 0;
    ru_result_free(&r);
    return found;
}

/* The token, made once; "SOFTHSM2_CONF=…" for the runs that use it (static). */
static const char *token_env(void)
{
    static char conf[4096];
    if (conf[0])
        return conf;
    const char *argv[] = {"sh", "-c", token_script, "sh", dir, NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("softhsm2 token", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    snprintf(conf, sizeof conf, "SOFTHSM2_CONF=%s/softhsm2.conf", dir);
    return conf;
}

/* vanban sign with the token's key: uri names it, pin goes in $VB_PIN, cert NULL: none. */
static ru_result sign_with_token(const char *in, const char *out, const char *role,
                                 const char *png, const char *uri, const char *pin,
                                 const char *cert)
{
    char *i = path_in(in), *o = path_in(out), *image = path_in(png);
    char *c = cert ? path_in(cert) : NULL;
    char pin_var[64];
    snprintf(pin_var, sizeof pin_var, "VB_PIN=%s", pin);
    const char *argv[] = {ru_vanban_bin(), "sign", i, "-o", o, "--role", role, "--image", image,
                          "--pkcs11", uri, "--pkcs11-module", SOFTHSM_MODULE, "--pin-env",
                          "VB_PIN", c ? "--cert" : NULL, c, NULL};
    const char *env[] = {token_env(), pin_var, "SOURCE_DATE_EPOCH=1700000000", NULL};
    ru_result r = ru_run(argv, env);
    free(i), free(o), free(image), free(c);
    return r;
}

/* ky then dau with the key on the token, by label then by id: each valid for pdfsig, qpdf
 * and vanban verify. */
static void test_pkcs11_token(void **state)
{
    (void)state;
    TU_REQUIRE(have_softhsm(), "softhsm2", "apt-get install softhsm2");
    static const struct { const char *in, *out, *role, *png, *uri; } steps[] = {
        {"r0.pdf", "t1.pdf", "ky", "sig.png", "pkcs11:token=vanban-test;object=signer"},
        {"t1.pdf", "t2.pdf", "dau", "seal.png", "pkcs11:token=vanban-test;id=%01"},
    };
    for (size_t k = 0; k < 2; k++) {
        ru_result r = sign_with_token(steps[k].in, steps[k].out, steps[k].role, steps[k].png,
                                      steps[k].uri, TOKEN_PIN, "p.pem");
        if (r.status != 0)
            ru_show("vanban sign --pkcs11", &r);
        assert_int_equal(r.status, 0);
        assert_null(strstr(r.out, TOKEN_PIN));
        assert_null(strstr(r.err, TOKEN_PIN));
        ru_result_free(&r);
        assert_signed_step(steps[k].in, steps[k].out, k + 1, "Nguyen Van A");
    }
}

/* A wrong PIN, a token or key that is not there, a certificate of another key, no
 * certificate at all: each refused in Vietnamese, nothing written, the PIN never shown. */
static void test_pkcs11_refusals(void **state)
{
    (void)state;
    TU_REQUIRE(have_softhsm(), "softhsm2", "apt-get install softhsm2");
    static const struct { const char *uri, *pin, *cert, *why; } cases[] = {
        {"pkcs11:token=vanban-test;object=signer", "999999", "p.pem", "sai mã PIN"},
        {"pkcs11:token=khong-co;object=signer", TOKEN_PIN, "p.pem", "không thấy token"},
        {"pkcs11:token=vanban-test;object=khac", TOKEN_PIN, "p.pem", "không thấy khóa"},
        {"pkcs11:token=vanban-test;object=signer", TOKEN_PIN, "ca.pem", "không khớp"},
        {"pkcs11:token=vanban-test;object=signer", TOKEN_PIN, NULL, "--cert"},
        {"pkcs11:token=vanban-test;object=signer?pin-value=1", TOKEN_PIN, "p.pem", "PIN"},
    };
    char *out = path_in("bad-token.pdf");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ru_result r = sign_with_token("r0.pdf", "bad-token.pdf", "ky", "sig.png", cases[k].uri,
                                      cases[k].pin, cases[k].cert);
        if (r.status == 0 || !strstr(r.err, cases[k].why))
            ru_show(cases[k].uri, &r);
        assert_int_not_equal(r.status, 0);
        assert_non_null(strstr(r.err, cases[k].why));
        assert_null(strstr(r.err, cases[k].pin));
        assert_int_not_equal(access(out, F_OK), 0);
        ru_result_free(&r);
    }
    free(out);
}

/* The signer's certificate stored on the token (as the issuer of a USB token does), through
 * libp11 itself since softhsm2-util cannot; 0 when stored. */
static int store_certificate_on_token(void)
{
    putenv((char *)token_env());
    char *pem = path_in("p.pem");
    FILE *f = fopen(pem, "r");
    free(pem);
    X509 *cert = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    PKCS11_CTX *ctx = PKCS11_CTX_new();
    PKCS11_SLOT *slots = NULL, *slot = NULL;
    unsigned count = 0;
    int status = -1;
    if (cert && ctx && PKCS11_CTX_load(ctx, SOFTHSM_MODULE) == 0) {
        if (PKCS11_enumerate_slots(ctx, &slots, &count) == 0)
            for (unsigned i = 0; i < count; i++)
                if (slots[i].token && strcmp(slots[i].token->label, "vanban-test") == 0)
                    slot = &slots[i];
        unsigned char id[] = {1};
        if (slot && PKCS11_open_session(slot, 1) == 0 && PKCS11_login(slot, 0, TOKEN_PIN) == 0)
            status = PKCS11_store_certificate(slot->token, cert, "signer", id, 1, NULL);
        if (slots)
            PKCS11_release_all_slots(ctx, slots, count);
        PKCS11_CTX_unload(ctx);
    }
    if (ctx)
        PKCS11_CTX_free(ctx);
    X509_free(cert);
    return status;
}

/* Without --cert, the certificate the token holds for the key. */
static void test_pkcs11_certificate_on_token(void **state)
{
    (void)state;
    TU_REQUIRE(have_softhsm(), "softhsm2", "apt-get install softhsm2");
    assert_int_equal(store_certificate_on_token(), 0);
    ru_result r = sign_with_token("r0.pdf", "t3.pdf", "ky", "sig.png",
                                  "pkcs11:token=vanban-test;object=signer", TOKEN_PIN, NULL);
    if (r.status != 0)
        ru_show("vanban sign --pkcs11 without --cert", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    char *out = path_in("t3.pdf");
    assert_pdfsig_ok(out, 1);
    free(out);
}

/* ---- timestamps (RFC 3161) from tests/tsa/tsa_server.py on 127.0.0.1 ---- */

typedef struct {
    pid_t pid;
    int keep_alive; /* the server's stdin: it stops when this closes */
    int output;     /* its stdout, open while it runs so that no write of it fails */
    char url[64];
} test_tsa;

/* The test TSA started in mode ("" or "--refuse" or "--wrong"); its URL once it listens. */
static test_tsa start_tsa(const char *mode)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    test_tsa t = {.pid = fork()};
    assert_true(t.pid >= 0);
    if (t.pid == 0) {
        dup2(in[0], 0), dup2(out[1], 1);
        close(in[1]), close(out[0]);
        execl("/usr/bin/python3", "python3", "tests/tsa/tsa_server.py", dir, mode,
              (char *)NULL);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    t.keep_alive = in[1];
    char port[16] = "";
    t.output = out[0];
    ssize_t n = read(out[0], port, sizeof port - 1);
    assert_true(n > 0 && atoi(port) > 0);
    snprintf(t.url, sizeof t.url, "http://127.0.0.1:%d/tsa", atoi(port));
    return t;
}

static void stop_tsa(test_tsa *t)
{
    close(t->keep_alive);
    waitpid(t->pid, NULL, 0);
    close(t->output);
}

static ru_result sign_with_tsa(const char *out, const char *url)
{
    char *i = path_in("r0.pdf"), *o = path_in(out), *k = path_in("p.p12"),
         *png = path_in("sig.png");
    const char *argv[] = {ru_vanban_bin(), "sign", i, "-o", o, "--role", "ky", "--image", png,
                          "--p12", k, "--pass-env", "VB_PW", "--tsa", url, NULL};
    const char *env[] = {"VB_PW=secret1", NULL};
    ru_result r = ru_run(argv, env);
    free(i), free(o), free(k), free(png);
    return r;
}

/* --tsa: the signature carries the TSA's token over its value; pdfsig accepts the file;
 * verify prints the timestamp, and with --ca checks the TSA's signature and chain too. */
static void test_timestamp(void **state)
{
    (void)state;
    test_tsa tsa = start_tsa("");
    ru_result r = sign_with_tsa("ts.pdf", tsa.url);
    stop_tsa(&tsa);
    if (r.status != 0)
        ru_show("vanban sign --tsa", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    assert_signed_step("r0.pdf", "ts.pdf", 1, "timestamp: ");
    char *out = path_in("ts.pdf"), *ca = path_in("ca.pem");
    const char *check[] = {ru_vanban_bin(), "verify", out, "--ca", ca, NULL};
    r = ru_run(check, NULL);
    if (r.status != 0)
        ru_show("vanban verify --ca", &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "timestamp: "));
    assert_null(strstr(r.out, "DOES NOT MATCH"));
    ru_result_free(&r);
    free(out), free(ca);
}

/* A TSA that fails, answers another request, answers garbage or too much, or is not there:
 * refused, nothing written. */
static void test_timestamp_refusals(void **state)
{
    (void)state;
    static const struct { const char *mode, *why; } cases[] = {
        {"--refuse", "HTTP 500"},
        {"--wrong", "không khớp"},
        {"--garbage", "không phải RFC 3161"},
        {"--huge", "quá 262144 byte"},
        {NULL, "không lấy được dấu thời gian"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        test_tsa tsa = {0};
        const char *url = "http://127.0.0.1:1/tsa"; /* nothing listens on port 1 */
        if (cases[i].mode) {
            tsa = start_tsa(cases[i].mode);
            url = tsa.url;
        }
        ru_result r = sign_with_tsa("ts-bad.pdf", url);
        if (cases[i].mode)
            stop_tsa(&tsa);
        if (!strstr(r.err, cases[i].why))
            ru_show("vanban sign --tsa (bad TSA)", &r);
        assert_int_not_equal(r.status, 0);
        assert_non_null(strstr(r.err, cases[i].why));
        char *out = path_in("ts-bad.pdf");
        assert_int_not_equal(access(out, F_OK), 0);
        free(out);
        ru_result_free(&r);
    }
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_four_times),
        cmocka_unit_test(test_tampering_caught),
        cmocka_unit_test(test_bad_inputs_refused),
        cmocka_unit_test(test_recorded_boxes),
        cmocka_unit_test(test_second_signer_box),
        cmocka_unit_test(test_vietnamese_stamp),
        cmocka_unit_test(test_stamp_with_its_own_font),
        cmocka_unit_test(test_damaged_structure_refused),
        cmocka_unit_test(test_wrong_password_refused),
        cmocka_unit_test(test_pass_file_and_ca),
        cmocka_unit_test(test_pkcs11_token),
        cmocka_unit_test(test_pkcs11_refusals),
        cmocka_unit_test(test_pkcs11_certificate_on_token),
        cmocka_unit_test(test_timestamp),
        cmocka_unit_test(test_timestamp_refusals),
        cmocka_unit_test(test_xref_stream_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
