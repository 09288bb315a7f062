/* Content templates through vanban.h (vb_template_*): fields and their places, values that
 * come back exactly whatever they hold, refusals with line:column. */
#include <yaml.h>

#include "runutil.h"
#include "vanban.h"

static vb_template *read_ok(const char *yaml)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_template *t = NULL;
    assert_int_equal(vb_template_read_memory(yaml, strlen(yaml), "mau.yaml", &t, diag), VB_OK);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    vb_diagnostics_free(diag);
    assert_non_null(t);
    return t;
}

static char *fill_ok(const vb_template *t, const char *const *values)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    char *yaml = NULL;
    size_t len = 0;
    assert_int_equal(vb_template_fill(t, values, &yaml, &len, diag), VB_OK);
    assert_int_equal(vb_diagnostics_count(diag), 0);
    assert_int_equal(len, strlen(yaml));
    vb_diagnostics_free(diag);
    return yaml;
}

/* The value under key k at the top of yaml (the first item when it is a sequence), with its
 * style and the 1-based line of the key "sau"; NULL when yaml does not parse. */
static char *value_of(const char *yaml, const char *k, yaml_scalar_style_t *style, int *sau)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    assert_true(yaml_parser_initialize(&parser));
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, strlen(yaml));
    char *value = NULL;
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        for (yaml_node_pair_t *p = root && root->type == YAML_MAPPING_NODE
                                       ? root->data.mapping.pairs.start
                                       : NULL;
             p && p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *key = yaml_document_get_node(&doc, p->key);
            yaml_node_t *node = yaml_document_get_node(&doc, p->value);
            if (strcmp((const char *)key->data.scalar.value, "sau") == 0)
                *sau = (int)key->start_mark.line + 1;
            if (strcmp((const char *)key->data.scalar.value, k) != 0)
                continue;
            if (node->type == YAML_SEQUENCE_NODE)
                node = yaml_document_get_node(&doc, *node->data.sequence.items.start);
            value = strdup((const char *)node->data.scalar.value);
            *style = node->data.scalar.style;
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return value;
}

/* Each {{name}} in order, trimmed, at its line and character column; one in a comment needs no
 * value and is left as written. */
static void fields_are_found_with_their_places(void **state)
{
    vb_template *t = read_ok("loai: bao-cao # {{chú thích}}\n"
                             "ten: Ông {{ Họ và tên }}\n"
                             "so: \"{{so}}/UBND\"\n"
                             "noi_dung:\n"
                             "  - |\n"
                             "    Xã {{xa}} và {{Họ và tên}}.\n");
    assert_int_equal(vb_template_field_count(t), 5);
    static const struct {
        const char *name;
        int line, column, in_value;
    } expected[] = {{"chú thích", 1, 17, 0}, {"Họ và tên", 2, 10, 1}, {"so", 3, 6, 1},
                    {"xa", 6, 8, 1},         {"Họ và tên", 6, 18, 1}};
    for (size_t i = 0; i < 5; i++) {
        const vb_template_field *f = vb_template_field_at(t, i);
        assert_string_equal(f->name, expected[i].name);
        assert_int_equal(f->line, expected[i].line);
        assert_int_equal(f->column, expected[i].column);
        assert_int_equal(f->in_value, expected[i].in_value);
    }
    assert_null(vb_template_field_at(t, 5));
    const char *values[] = {NULL, "An", "7", "Bình Trung", "An"};
    char *yaml = fill_ok(t, values);
    assert_string_equal(yaml, "loai: bao-cao # {{chú thích}}\n"
                              "ten: Ông An\n"
                              "so: \"7/UBND\"\n"
                              "noi_dung:\n"
                              "  - \"Xã Bình Trung và An.\\n\\\n" /* lines keep their numbers */
                              "     \"\n");
    vb_free(yaml);
    vb_template_free(t);
}

/* A value that reads back as itself stays plain ("so: 12" a number); anything else is quoted. */
static void plain_values_stay_plain(void **state)
{
    vb_template *t = read_ok("so: {{so}}\nngay: {{ngay}}\nk: {{k}}\n");
    const char *values[] = {"12", "2024-01-02", "a: b"};
    char *yaml = fill_ok(t, values);
    assert_string_equal(yaml, "so: 12\nngay: 2024-01-02\nk: \"a: b\"\n");
    vb_free(yaml);
    vb_template_free(t);
}

/* Every style of scalar a field can stand in, and the text around it in that scalar. */
static const struct {
    const char *yaml, *before, *after;
} styles[] = {
    {"k: {{v}}\nsau: 1\n", "", ""},
    {"k: Ông {{v}} ạ\nsau: 1\n", "Ông ", " ạ"},
    {"k: \"«{{v}}»\"\nsau: 1\n", "«", "»"},
    {"k: 'x ''{{v}}'''\nsau: 1\n", "x '", "'"},
    {"k: \"{{v}}\n   tiếp\"\nsau: 1\n", "", " tiếp"},
    {"k: |\n  Dòng {{v}}\n  hai\nsau: 1\n", "Dòng ", "\nhai\n"},
    {"k: >\n  gấp {{v}}\n  dòng\n\nsau: 1\n", "gấp ", " dòng\n"},
    {"k: [{{v}}, b]\nsau: 1\n", "", ""},
    {"k: {a: {{v}}}\nsau: 1\n", NULL, NULL},
    {"k:\n  - {{v}}\nsau: 1\n", "", ""},
};

/* Cells a clerk's spreadsheet may hold, each able to break YAML pasted as it is. */
static const char *const hostile[] = {
    "A: \"b\" # c",
    "- [x], {y}: &z !t ~",
    "Dòng một\nDòng hai: #",
    "Dòng một\n   thụt vào",
    "\\ ' % @ ` | >",
    "   ba dấu cách đầu",
    "cuối có dấu cách ",
    "Nguyễn Thị Hồng Nhung, Phó Chủ tịch UBND xã Bình Trung",
    "tab\there",
    "'đơn' và \"kép\"",
    "null",
    "#",
    "\n",
    "",
};

static void hostile_values_come_back_exactly(void **state)
{
    for (size_t s = 0; s < sizeof styles / sizeof *styles; s++) {
        if (!styles[s].before)
            continue; /* a flow mapping's value: checked apart below */
        vb_template *t = read_ok(styles[s].yaml);
        int template_sau = 0, sau = 0;
        yaml_scalar_style_t style;
        free(value_of(styles[s].yaml, "k", &style, &template_sau));
        for (size_t h = 0; h < sizeof hostile / sizeof *hostile; h++) {
            char *yaml = fill_ok(t, (const char *[]){hostile[h]});
            char *value = value_of(yaml, "k", &style, &sau);
            char expected[256];
            snprintf(expected, sizeof expected, "%s%s%s", styles[s].before, hostile[h],
                     styles[s].after);
            if (!value || strcmp(value, expected) != 0 || sau != template_sau)
                print_message("template %zu, value %zu:\n%s\n", s, h, yaml);
            assert_non_null(value);
            assert_string_equal(value, expected);
            assert_int_equal(sau, template_sau); /* every later line keeps its number */
            free(value);
            vb_free(yaml);
        }
        vb_template_free(t);
    }
}

static void a_field_in_a_flow_mapping_or_a_key_is_filled_too(void **state)
{
    vb_template *t = read_ok("k: {a: {{v}}}\n{{khoa}}: 1\n");
    char *yaml = fill_ok(t, (const char *[]){"x}, b: {y", "so"});
    assert_string_equal(yaml, "k: {a: \"x}, b: {y\"}\nso: 1\n");
    vb_free(yaml);
    yaml = fill_ok(t, (const char *[]){"x", "a: b"});
    assert_string_equal(yaml, "k: {a: x}\n\"a: b\": 1\n");
    vb_free(yaml);
    vb_template_free(t);
}

static void malformed_templates_are_refused_at_their_place(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_template *t = NULL;
    const char bad[] = "loai: bao-cao\nso: [{{so}}\nx: \"y\n";
    assert_int_equal(vb_template_read_memory(bad, strlen(bad), "mau.yaml", &t, diag),
                     VB_ERR_CONTENT);
    assert_null(t);
    assert_int_equal(vb_diagnostics_errors(diag), 1);
    assert_string_equal(vb_diagnostic_format(diag, 0),
                        "mau.yaml:4:1: error: YAML sai: found unexpected end of stream / not "
                        "valid YAML");
    vb_diagnostics_clear(diag);
    const char tab[] = "k:\n\t- {{v}}\n";
    assert_int_equal(vb_template_read_memory(tab, strlen(tab), "tab.yaml", &t, diag),
                     VB_ERR_CONTENT);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0), "tab.yaml:2:1: error: YAML sai"));
    vb_diagnostics_clear(diag);
    assert_int_equal(vb_template_read("khong-co.yaml", &t, diag), VB_ERR_IO);
    assert_null(t);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0), "khong-co.yaml: error:"));
    vb_diagnostics_free(diag);
}

/* A field in a value must be given one; the call is refused, naming the field's place. */
static void a_missing_value_is_refused(void **state)
{
    vb_template *t = read_ok("# {{ghi chú}}\nk: {{v}}\n");
    vb_diagnostics *diag = vb_diagnostics_new();
    char *yaml = NULL;
    assert_int_equal(vb_template_fill(t, (const char *[]){"x", NULL}, &yaml, NULL, diag),
                     VB_ERR_USAGE);
    assert_null(yaml);
    assert_non_null(strstr(vb_diagnostic_format(diag, 0), "mau.yaml:2:4: error: trường \"v\""));
    vb_diagnostics_free(diag);
    yaml = fill_ok(t, (const char *[]){NULL, "y"});
    assert_string_equal(yaml, "# {{ghi chú}}\nk: y\n");
    vb_free(yaml);
    vb_template_free(t);
}

/* The filled document renders: the library reads back what it wrote. */
static void a_filled_document_renders(void **state)
{
    vb_diagnostics *diag = vb_diagnostics_new();
    vb_engine_options opts = {.font_dir = VB_TEST_FONT_DIR};
    vb_engine *eng = vb_engine_new(&opts, diag);
    assert_non_null(eng);
    char tpl[4096];
    snprintf(tpl, sizeof tpl, "%s", RU_SAMPLE_YAML);
    char *at = strstr(tpl, "Các thôn");
    assert_non_null(at);
    memcpy(at, "{{v}}", 5);
    vb_template *t = read_ok(tpl);
    char *yaml = fill_ok(t, (const char *[]){"A: \"b\" # c\nDòng hai: [x] {y} &z"});
    unsigned char *pdf = NULL;
    size_t len = 0;
    vb_status status = vb_render_memory(eng, yaml, strlen(yaml), "mau.yaml", NULL, &pdf, &len,
                                        diag);
    for (size_t i = 0; i < vb_diagnostics_count(diag); i++)
        print_message("  %s\n", vb_diagnostic_format(diag, i));
    assert_int_equal(status, VB_OK);
    assert_true(len > 1000);
    vb_free(pdf);
    vb_free(yaml);
    vb_template_free(t);
    vb_engine_free(eng);
    vb_diagnostics_free(diag);
}

int main(void)
{
    if (tu_enter_repo_root() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_found_with_their_places),
        cmocka_unit_test(plain_values_stay_plain),
        cmocka_unit_test(hostile_values_come_back_exactly),
        cmocka_unit_test(a_field_in_a_flow_mapping_or_a_key_is_filled_too),
        cmocka_unit_test(malformed_templates_are_refused_at_their_place),
        cmocka_unit_test(a_missing_value_is_refused),
        cmocka_unit_test(a_filled_document_renders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
