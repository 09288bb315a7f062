/* The content format's JSON Schema (vanban schema, vb_content_schema_json) judged by a real
 * validator, Debian's python3-jsonschema, and diagnostics printed as JSON lines. */
#include <glob.h>

#include "runutil.h"

#include "load/schema.h"
#include "vanban.h"

#define PYTHON "/usr/bin/python3"
#define VALIDATOR "tests/schema/validate.py"

static bool python_has(const char *module)
{
    const char *argv[] = {PYTHON, "-c", module, NULL};
    ru_result r = ru_run(argv, NULL);
    bool ok = r.status == 0;
    ru_result_free(&r);
    return ok;
}

static void require_validator(void)
{
    TU_REQUIRE(python_has("import jsonschema, yaml"), "python3-jsonschema and python3-yaml",
               "make test-deps installs them");
}

/* `vanban schema` into dir/vanban.schema.json; malloc'd path. */
static char *write_schema(const char *dir)
{
    const char *argv[] = {ru_vanban_bin(), "schema", NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0)
        ru_show("vanban schema", &r);
    assert_int_equal(r.status, 0);
    char *path = ru_join(dir, "vanban.schema.json");
    assert_int_equal(ru_write_file(path, r.out, r.out_len), 0);
    ru_result_free(&r);
    return path;
}

/* r succeeded; freed. */
static void expect_success(ru_result *r, const char *what)
{
    if (r->status != 0)
        ru_show(what, r);
    assert_int_equal(r->status, 0);
    ru_result_free(r);
}

/* The validator on the files; returns its result for the caller to judge. */
static ru_result validate(const char *schema, const char *const *files, size_t n)
{
    const char **argv = calloc(n + 4, sizeof *argv);
    assert_non_null(argv);
    argv[0] = PYTHON;
    argv[1] = VALIDATOR;
    argv[2] = schema;
    for (size_t i = 0; i < n; i++)
        argv[3 + i] = files[i];
    ru_result r = ru_run(argv, NULL);
    free(argv);
    return r;
}

static void schema_is_the_librarys_and_deterministic(void **state)
{
    (void)state;
    const char *argv[] = {ru_vanban_bin(), "schema", NULL};
    ru_result first = ru_run(argv, NULL), second = ru_run(argv, NULL);
    assert_int_equal(first.status, 0);
    assert_string_equal(first.out, second.out);
    const char *library = vb_content_schema_json();
    assert_non_null(library);
    assert_ptr_equal(library, vb_content_schema_json()); /* made once */
    assert_string_equal(first.out, library);
    ru_result_free(&first);
    ru_result_free(&second);
}

/* Every key of the loader's tables is a property, with its help text as description: the
 * schema is written from the tables, not kept beside them. */
static void schema_names_every_key_of_the_loader(void **state)
{
    (void)state;
    const vb_field_group *groups[] = {&vb_schema_document,     &vb_schema_signer,
                                      &vb_schema_presentation, &vb_schema_block,
                                      &vb_schema_table,        &vb_schema_table_column,
                                      &vb_schema_table_row,    &vb_schema_table_cell};
    const char *schema = vb_content_schema_json();
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
        for (size_t i = 0; i < groups[g]->count; i++) {
            const vb_field *f = &groups[g]->fields[i];
            char key[128];
            snprintf(key, sizeof key, "\"%s\": {\n", f->key);
            if (!strstr(schema, key))
                fail_msg("the schema has no property %s", f->key);
        }
    vb_document_type t;
    for (size_t i = 0; vb_document_type_get(i, &t) == 0; i++) {
        char slug[64];
        snprintf(slug, sizeof slug, "\"%s\"", t.slug);
        assert_non_null(strstr(schema, slug));
    }
}

static void every_content_file_is_valid(void **state)
{
    (void)state;
    require_validator();
    char *dir = ru_make_temp_dir();
    char *schema = write_schema(dir);
    glob_t g;
    assert_int_equal(glob("content/*.yaml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc > 0);
    ru_result r = validate(schema, (const char *const *)g.gl_pathv, g.gl_pathc);
    if (r.status != 0)
        ru_show("validate.py content/*.yaml", &r);
    assert_int_equal(r.status, 0);
    ru_result_free(&r);
    globfree(&g);
    free(schema);
    ru_remove_temp_dir(dir);
}

typedef struct {
    const char *yaml; /* appended to, or replacing a line of, the sample */
    const char *from; /* the sample's text to replace, or NULL to append */
    const char *said; /* what the validator's message must hold */
} broken_content;

static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)head, text, to, at + strlen(from));
    return out;
}

/* The sample's paragraph under its section, replaced to test a nested block. */
#define SECOND_PARAGRAPH "      - Các thôn hoàn thành kế hoạch đúng hạn, không có vụ việc.\n"

static void mistakes_are_flagged(void **state)
{
    (void)state;
    require_validator();
    static const broken_content cases[] = {
        {"trich_yue: Kết quả", "trich_yeu: Kết quả", "'trich_yue' was unexpected"},
        {"loai: bao-coa", "loai: bao-cao", "'bao-coa' is not one of"},
        {"trinh_bay:\n  co_chu: 16\n", NULL, "trinh_bay/co_chu"},
        {"trinh_bay:\n  le_trai: 29\n", NULL, "trinh_bay/le_trai"},
        {"so: 0", "so: 5", "0 is less than the minimum of 1"},
        {"ngay: 5/1/2024", "ngay: 2024-01-05", "does not match"},
        {"nguoi_ky:\n  tham_quyen: TM\n  chuc_vu: X\n  ho_ten: Y\n", "nguoi_ky:\n  tham_quyen: TM\n"
         "  thay_mat: ỦY BAN NHÂN DÂN\n  chuc_vu: CHỦ TỊCH\n  ho_ten: Hà Minh Phú\n",
         "'thay_mat' is a dependency of 'tham_quyen'"},
        {"  - muc: A\n    khoan: B\n", "  - muc: Kết quả đạt được\n", "noi_dung/0"},
        {"      - khoan: A\n        dang: doann\n", SECOND_PARAGRAPH, "noi_dung/0/noi_dung/1"},
        {"      - khoan: A\n        noi_dug: [B]\n", SECOND_PARAGRAPH, "noi_dung/0/noi_dung/1"},
        {"      - bang: {dong: [[a, {chu: b, gop_cot: x}]]}\n", SECOND_PARAGRAPH,
         "noi_dung/0/noi_dung/1"},
        {"      - bang: {dong: [[a]], dongg: [[b]]}\n", SECOND_PARAGRAPH, "noi_dung/0/noi_dung/1"},
    };
    char *dir = ru_make_temp_dir();
    char *schema = write_schema(dir);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const broken_content *c = &cases[i];
        char *yaml;
        if (c->from) {
            yaml = replaced(RU_SAMPLE_YAML, c->from, c->yaml);
        } else {
            yaml = malloc(strlen(RU_SAMPLE_YAML) + strlen(c->yaml) + 1);
            assert_non_null(yaml);
            strcat(strcpy(yaml, RU_SAMPLE_YAML), c->yaml);
        }
        char *file = ru_join(dir, "bad.yaml");
        assert_int_equal(ru_write_file(file, yaml, strlen(yaml)), 0);
        const char *files[] = {file};
        ru_result r = validate(schema, files, 1);
        if (r.status != 1 || !strstr(r.out, c->said)) {
            ru_show("validate.py", &r);
            fail_msg("case %zu (%s) not flagged as expected", i, c->yaml);
        }
        ru_result_free(&r);
        free(file);
        free(yaml);
    }
    free(schema);
    ru_remove_temp_dir(dir);
}

/* Every optional top-level key the sample lacks, left blank: vanban check takes the document,
 * and so must the schema. The keys come from the loader's table. */
static void blank_optional_keys_are_valid(void **state)
{
    (void)state;
    require_validator();
    char *yaml = calloc(1, strlen(RU_SAMPLE_YAML) + 64 * vb_schema_document.count);
    assert_non_null(yaml);
    strcpy(yaml, RU_SAMPLE_YAML);
    for (size_t i = 0; i < vb_schema_document.count; i++) {
        const vb_field *f = &vb_schema_document.fields[i];
        char at_start[64], inside[64];
        snprintf(at_start, sizeof at_start, "%s:", f->key);
        snprintf(inside, sizeof inside, "\n%s:", f->key);
        bool present = strncmp(yaml, at_start, strlen(at_start)) == 0 || strstr(yaml, inside);
        if (!f->required && !present)
            strcat(strcat(yaml, at_start), "\n");
    }
    char *dir = ru_make_temp_dir();
    char *schema = write_schema(dir);
    char *file = ru_join(dir, "blank.yaml");
    assert_int_equal(ru_write_file(file, yaml, strlen(yaml)), 0);
    const char *check[] = {ru_vanban_bin(), "check", file, NULL};
    ru_result r = ru_run(check, NULL);
    expect_success(&r, "vanban check, optional keys blank");
    const char *files[] = {file};
    r = validate(schema, files, 1);
    expect_success(&r, "validate.py, optional keys blank");
    assert_non_null(strstr(yaml, "\ntrinh_bay:\n"));
    free(file);
    free(schema);
    free(yaml);
    ru_remove_temp_dir(dir);
}

static void schema_takes_no_arguments(void **state)
{
    (void)state;
    const char *argv[] = {ru_vanban_bin(), "schema", "x.yaml", NULL};
    ru_result r = ru_run(argv, NULL);
    assert_int_equal(r.status, VB_ERR_USAGE);
    assert_int_equal(r.out_len, 0);
    ru_result_free(&r);
    const char *full[] = {"/bin/sh", "-c", "exec \"$0\" schema > /dev/full", ru_vanban_bin(), NULL};
    r = ru_run(full, NULL);
    assert_int_equal(r.status, VB_ERR_IO);
    ru_result_free(&r);
}

/* ---- --diagnostics-format json ---- */

/* Each stderr line parsed by Python's strict json, written back as
 * "file|line|column|severity|message" with the file's escapes shown by repr. */
static const char json_reader[] =
    "import json, sys\n"
    "for raw in open(sys.argv[1], 'rb').read().split(b'\\n')[:-1]:\n"
    "    d = json.loads(raw.decode('utf-8'))\n"
    "    assert sorted(d) == ['column', 'file', 'line', 'message', 'severity'], d\n"
    "    print('%r|%s|%s|%s|%s' % (d['file'], d['line'], d['column'], d['severity'],"
    " d['message']))\n";

static char *parsed_json_lines(const char *dir, const ru_result *run)
{
    char *err = ru_join(dir, "stderr.txt");
    assert_int_equal(ru_write_file(err, run->err, run->err_len), 0);
    const char *argv[] = {PYTHON, "-c", json_reader, err, NULL};
    ru_result r = ru_run(argv, NULL);
    if (r.status != 0) {
        ru_show("json reader", &r);
        print_message("stderr was:\n%s\n", run->err);
    }
    assert_int_equal(r.status, 0);
    free(err);
    free(r.err);
    return r.out;
}

static void diagnostics_as_json_lines(void **state)
{
    (void)state;
    /* A tab and a byte that is not UTF-8 in the file name: escaped, and replaced by U+FFFD. */
    char *dir = ru_make_temp_dir();
    char *input = ru_join(dir, "sai\tso\xff.yaml");
    assert_int_equal(ru_write_file(input, RU_MISTYPED_YAML, strlen(RU_MISTYPED_YAML)), 0);
    const char *argv[] = {ru_vanban_bin(), "check", "--diagnostics-format", "json", input, NULL};
    ru_result r = ru_run(argv, NULL);
    assert_int_equal(r.status, VB_ERR_CONTENT);
    char *lines = parsed_json_lines(dir, &r);
    char expected[512];
    snprintf(expected, sizeof expected,
             "'%s/sai\\tso\xEF\xBF\xBD.yaml'|%d|1|error|khóa \"%s\" không hợp lệ", dir,
             ru_mistyped_line(), RU_MISTYPED_KEY);
    if (!strstr(lines, expected))
        fail_msg("expected %s in\n%s", expected, lines);
    assert_non_null(strstr(lines, RU_SUGGESTED_KEY)); /* the suggestion, Vietnamese kept */
    ru_result_free(&r);
    free(lines);

    /* Several inputs, several threads: still one whole object a line. */
    const char *batch[] = {ru_vanban_bin(), "check", "-j", "2", "--diagnostics-format=json",
                           input, input, "missing.yaml", NULL};
    r = ru_run(batch, NULL);
    lines = parsed_json_lines(dir, &r);
    assert_non_null(strstr(lines, "'missing.yaml'|None|None|error|"));
    ru_result_free(&r);
    free(lines);

    /* render too, the option after the command; nothing written. */
    char *pdf = ru_join(dir, "out.pdf");
    const char *render[] = {ru_vanban_bin(), "render", input, "-o", pdf, "--diagnostics-format",
                            "json", NULL};
    r = ru_run(render, NULL);
    assert_int_equal(r.status, VB_ERR_CONTENT);
    lines = parsed_json_lines(dir, &r);
    assert_non_null(strstr(lines, expected));
    assert_int_equal(access(pdf, F_OK), -1);
    ru_result_free(&r);
    free(lines);
    free(pdf);

    const char *bad[] = {ru_vanban_bin(), "check", "--diagnostics-format", "xml", input, NULL};
    r = ru_run(bad, NULL);
    assert_int_equal(r.status, VB_ERR_USAGE);
    ru_result_free(&r);
    free(input);
    ru_remove_temp_dir(dir);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_is_the_librarys_and_deterministic),
        cmocka_unit_test(schema_names_every_key_of_the_loader),
        cmocka_unit_test(every_content_file_is_valid),
        cmocka_unit_test(mistakes_are_flagged),
        cmocka_unit_test(blank_optional_keys_are_valid),
        cmocka_unit_test(schema_takes_no_arguments),
        cmocka_unit_test(diagnostics_as_json_lines),
    };
    return cmocka_run_group_tests(tests, NULL, ru_remove_leftover_temp_dirs);
}
