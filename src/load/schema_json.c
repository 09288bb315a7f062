/* The content format as a JSON Schema (draft 2020-12), written from schema.c's tables. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "load/schema.h"
#include "model/model.h"
#include "vanban.h"

/* A pretty-printing JSON writer: two spaces a level, commas placed by the writer itself, so
 * that each emitter below says only what it writes. */
#define JSON_MAX_DEPTH 16

typedef struct {
    vb_buf buf;
    int depth;
    bool has_items[JSON_MAX_DEPTH]; /* the container at this depth already holds a value */
    bool after_key;                 /* the next value completes "key": */
} json_out;

static void json_newline(json_out *j)
{
    vb_buf_append_str(&j->buf, "\n");
    for (int i = 0; i < j->depth; i++)
        vb_buf_append_str(&j->buf, "  ");
}

/* The separator and indentation before a value or a key. */
static void json_before(json_out *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth == 0)
        return;
    if (j->has_items[j->depth])
        vb_buf_append_str(&j->buf, ",");
    j->has_items[j->depth] = true;
    json_newline(j);
}

/* Only the tables' own texts pass here: valid UTF-8, written as is. */
static void json_quoted(json_out *j, const char *s)
{
    vb_buf_append_str(&j->buf, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            vb_buf_printf(&j->buf, "\\%c", c);
        else if (c < 0x20)
            vb_buf_printf(&j->buf, "\\u%04x", c);
        else
            vb_buf_append(&j->buf, s, 1);
    }
    vb_buf_append_str(&j->buf, "\"");
}

static void json_open(json_out *j, const char *bracket)
{
    json_before(j);
    vb_buf_append_str(&j->buf, bracket);
    if (j->depth + 1 < JSON_MAX_DEPTH)
        j->has_items[++j->depth] = false;
}

static void json_close(json_out *j, const char *bracket)
{
    bool had_items = j->has_items[j->depth];
    j->depth--;
    if (had_items)
        json_newline(j);
    vb_buf_append_str(&j->buf, bracket);
}

static void json_key(json_out *j, const char *key)
{
    json_before(j);
    json_quoted(j, key);
    vb_buf_append_str(&j->buf, ": ");
    j->after_key = true;
}

static void json_string(json_out *j, const char *s)
{
    json_before(j);
    json_quoted(j, s);
}

static void json_number(json_out *j, double value)
{
    json_before(j);
    vb_buf_printf(&j->buf, "%.15g", value);
}

static void json_raw(json_out *j, const char *text)
{
    json_before(j);
    vb_buf_append_str(&j->buf, text);
}

static void json_pair(json_out *j, const char *key, const char *value)
{
    json_key(j, key);
    json_string(j, value);
}

static void json_pair_raw(json_out *j, const char *key, const char *value)
{
    json_key(j, key);
    json_raw(j, value);
}

/* {"key": "value"} or {"key": "value", "key2": "value2"}, as an array item or after json_key. */
static void json_object_pairs(json_out *j, const char *key, const char *value, const char *key2,
                              const char *value2)
{
    json_open(j, "{");
    json_pair(j, key, value);
    if (key2)
        json_pair(j, key2, value2);
    json_close(j, "}");
}

/* ---- the content format ---- */

static const char *group_def_name(const vb_field_group *g)
{
    return g == &vb_schema_block ? "khoi" : g->name;
}

static void write_ref(json_out *j, const vb_field_group *g)
{
    char ref[64];
    snprintf(ref, sizeof ref, "#/$defs/%s", group_def_name(g));
    json_pair(j, "$ref", ref);
}

/* The group's definition; or blank. Draft-07 editors ignore the siblings of a $ref, so the
 * blank is another alternative rather than a "type" beside it. */
static void write_group_ref(json_out *j, const vb_field_group *g, bool blank_ok, bool or_list)
{
    if (!blank_ok && !or_list) {
        write_ref(j, g);
        return;
    }
    json_key(j, "anyOf");
    json_open(j, "[");
    json_open(j, "{");
    write_ref(j, g);
    json_close(j, "}");
    if (or_list) { /* several signers */
        json_open(j, "{");
        json_pair(j, "type", "array");
        json_key(j, "items");
        json_open(j, "{");
        write_ref(j, g);
        json_close(j, "}");
        json_pair_raw(j, "minItems", "1");
        json_close(j, "}");
    }
    if (blank_ok)
        json_object_pairs(j, "type", "null", NULL, NULL);
    json_close(j, "]");
}

/* A text, or a list of texts, one a line; or blank. */
static void write_lines_type(json_out *j, bool nonempty_list, bool blank_ok)
{
    json_key(j, "anyOf");
    json_open(j, "[");
    json_object_pairs(j, "type", "string", NULL, NULL);
    json_open(j, "{");
    json_pair(j, "type", "array");
    json_key(j, "items");
    json_object_pairs(j, "type", "string", NULL, NULL);
    if (nonempty_list)
        json_pair_raw(j, "minItems", "1");
    json_close(j, "}");
    if (blank_ok)
        json_object_pairs(j, "type", "null", NULL, NULL);
    json_close(j, "]");
}

/* The strings at first, first + stride, … (one member of each element of a table), then last
 * as raw JSON when it is not NULL. */
static void write_strings(json_out *j, const char *key, const char *const *first, size_t stride,
                          size_t count, const char *last)
{
    json_key(j, key);
    json_open(j, "[");
    for (size_t i = 0; i < count; i++)
        json_string(j, *(const char *const *)((const char *)first + i * stride));
    if (last)
        json_raw(j, last);
    json_close(j, "]");
}

/* Values and their meanings: enumDescriptions is what editors show beside each value. */
static void write_choices(json_out *j, const vb_field *f, bool blank_ok)
{
    const vb_choice *c = f->choices;
    write_strings(j, "enum", &c->value, sizeof *c, f->nchoices, blank_ok ? "null" : NULL);
    write_strings(j, "enumDescriptions", &c->help, sizeof *c, f->nchoices,
                  blank_ok ? "\"bỏ trống\"" : NULL);
}

/* A value, or the printed lines themselves, each opening with a value: "TL. CHỦ TỊCH". */
static void write_choices_or_lines(json_out *j, const vb_field *f, bool blank_ok)
{
    char pattern[128] = "^(";
    for (size_t i = 0; i < f->nchoices; i++)
        snprintf(pattern + strlen(pattern), sizeof pattern - strlen(pattern), "%s%s",
                 i ? "|" : "", f->choices[i].value);
    snprintf(pattern + strlen(pattern), sizeof pattern - strlen(pattern), ")[. ] *[^ ]");
    json_key(j, "anyOf");
    json_open(j, "[");
    json_open(j, "{");
    write_choices(j, f, blank_ok);
    json_close(j, "}");
    json_object_pairs(j, "type", "string", "pattern", pattern);
    json_open(j, "{");
    json_pair(j, "type", "array");
    json_key(j, "items");
    json_object_pairs(j, "type", "string", "pattern", pattern);
    json_pair_raw(j, "minItems", "1");
    json_close(j, "}");
    json_close(j, "]");
}

static void write_doc_types(json_out *j)
{
    const vb_doc_type *t = vb_doc_types;
    write_strings(j, "enum", &t->slug, sizeof *t, vb_doc_type_count, NULL);
    write_strings(j, "enumDescriptions", &t->name_lower, sizeof *t, vb_doc_type_count, NULL);
}

static void write_range(json_out *j, const vb_field *f)
{
    json_key(j, "minimum");
    json_number(j, f->min);
    json_key(j, "maximum");
    json_number(j, f->max);
}

/* A decimal in [min, max]; "12,7" as a clerk may write it is a string to YAML, so it is
 * accepted as such, its range left to vanban check. */
static void write_measure(json_out *j, const vb_field *f)
{
    json_key(j, "anyOf");
    json_open(j, "[");
    json_open(j, "{");
    json_pair(j, "type", "number");
    write_range(j, f);
    json_close(j, "}");
    json_object_pairs(j, "type", "string", "pattern", "^[0-9]+,[0-9]+$");
    json_close(j, "]");
}

/* du_thao: "có" (or YAML's true), or the draft's round in [min, max]; blank is no draft. */
static void write_draft(json_out *j, const vb_field *f)
{
    json_key(j, "anyOf");
    json_open(j, "[");
    json_open(j, "{");
    json_pair_raw(j, "enum", "[\"có\", \"co\", true, null]");
    json_close(j, "}");
    json_open(j, "{");
    json_pair(j, "type", "integer");
    write_range(j, f);
    json_close(j, "}");
    json_close(j, "]");
}

/* A list of a table's columns, rows or cells, each item as its group's definition says. */
static void write_list_of(json_out *j, const vb_field_group *g, bool blank_ok)
{
    json_pair_raw(j, "type", blank_ok ? "[\"array\", \"null\"]" : "\"array\"");
    json_key(j, "items");
    json_open(j, "{");
    write_ref(j, g);
    json_close(j, "}");
    json_pair_raw(j, "minItems", "1");
}

/* The value's type and limits; an optional key may be left blank (null). */
static void write_field_type(json_out *j, const vb_field *f)
{
    bool blank_ok = !f->required;
    switch (f->type) {
    case VB_FIELD_TEXT:
        if (f->line_breaks) { /* its lines as a list, too */
            write_lines_type(j, f->required, blank_ok);
            break;
        }
        /* fall through */
    case VB_FIELD_FOLDER:
    case VB_FIELD_LEVEL:
        json_pair_raw(j, "type", blank_ok ? "[\"string\", \"null\"]" : "\"string\"");
        break;
    case VB_FIELD_LINES:
        write_lines_type(j, f->required && !f->empty_list_ok, blank_ok);
        break;
    case VB_FIELD_DOC_TYPE:
        write_doc_types(j);
        break;
    case VB_FIELD_INTEGER:
        json_pair_raw(j, "type", "[\"integer\", \"null\"]");
        write_range(j, f);
        break;
    case VB_FIELD_DATE:
        /* "2023" alone (the day and month left blank) is an integer to an editor's YAML */
        json_pair_raw(j, "type", "[\"string\", \"integer\"]");
        json_pair(j, "pattern", "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$");
        json_pair_raw(j, "minimum", "1");
        json_pair_raw(j, "maximum", "9999");
        break;
    case VB_FIELD_MEASURE:
        write_measure(j, f);
        break;
    case VB_FIELD_CHOICE:
        if (f->or_list)
            write_choices_or_lines(j, f, blank_ok);
        else
            write_choices(j, f, blank_ok);
        break;
    case VB_FIELD_DRAFT:
        write_draft(j, f);
        break;
    case VB_FIELD_GROUP:
        write_group_ref(j, f->group, blank_ok, f->or_list);
        break;
    case VB_FIELD_BLOCKS:
        json_pair_raw(j, "type", blank_ok ? "[\"array\", \"null\"]" : "\"array\"");
        json_key(j, "items");
        json_open(j, "{");
        write_ref(j, f->group);
        json_close(j, "}");
        if (f->required)
            json_pair_raw(j, "minItems", "1");
        break;
    case VB_FIELD_BOOL:
        json_pair_raw(j, "type", "[\"boolean\", \"null\"]");
        break;
    case VB_FIELD_TABLE:
        write_group_ref(j, f->group, false, false);
        break;
    case VB_FIELD_COLUMNS:
    case VB_FIELD_ROWS:
    case VB_FIELD_CELLS:
    case VB_FIELD_APPENDICES:
        write_list_of(j, f->group, blank_ok);
        break;
    case VB_FIELD_FOOTNOTES:
        json_pair_raw(j, "type", blank_ok ? "[\"object\", \"null\"]" : "\"object\"");
        json_key(j, "propertyNames");
        json_object_pairs(j, "pattern", "^[^ \\t\\n\\[\\]^]+$", NULL, NULL);
        json_key(j, "additionalProperties");
        json_open(j, "{");
        write_lines_type(j, false, false);
        json_close(j, "}");
        break;
    }
}

static void write_field(json_out *j, const vb_field *f)
{
    json_key(j, f->key);
    json_open(j, "{");
    if (f->range) {
        char description[512];
        snprintf(description, sizeof description, "%s (%s)", f->help, f->range);
        json_pair(j, "description", description);
    } else {
        json_pair(j, "description", f->help);
    }
    write_field_type(j, f);
    json_close(j, "}");
}

/* "required": [key] */
static void write_required_one(json_out *j, const char *key)
{
    json_key(j, "required");
    json_open(j, "[");
    json_string(j, key);
    json_close(j, "]");
}

/* thay_mat is needed with tham_quyen's value ("TM"), not with the printed lines ("TL. CHỦ
 * TỊCH"), which carry their own: "if" it is one of the values, "then" the other is required. */
static void write_required_with_choice(json_out *j, const vb_field *f, const vb_field *with)
{
    json_key(j, "if");
    json_open(j, "{");
    json_key(j, "properties");
    json_open(j, "{");
    json_key(j, with->key);
    json_open(j, "{");
    write_choices(j, with, false);
    json_close(j, "}");
    json_close(j, "}");
    write_required_one(j, with->key);
    json_close(j, "}");
    json_key(j, "then");
    json_open(j, "{");
    write_required_one(j, f->key);
    json_close(j, "}");
}

/* A key of a part some forms lack is required unless loai names one of them:
 * {"if": {"properties": {"loai": {"enum": [those forms]}}, "required": ["loai"]},
 *  "else": {"required": [key]}}. */
static void write_part_rules(json_out *j, const vb_field_group *g)
{
    bool any = false;
    for (size_t i = 0; i < g->count; i++)
        any |= g->fields[i].required && g->fields[i].part;
    if (!any)
        return;
    json_key(j, "allOf");
    json_open(j, "[");
    for (size_t i = 0; i < g->count; i++) {
        const vb_field *f = &g->fields[i];
        if (!f->required || !f->part)
            continue;
        json_open(j, "{");
        json_key(j, "if");
        json_open(j, "{");
        json_key(j, "properties");
        json_open(j, "{");
        json_key(j, "loai");
        json_open(j, "{");
        json_key(j, "enum");
        json_open(j, "[");
        for (size_t t = 0; t < vb_doc_type_count; t++)
            if (vb_doc_types[t].may_lack & f->part)
                json_string(j, vb_doc_types[t].slug);
        json_close(j, "]");
        json_close(j, "}");
        json_close(j, "}");
        write_required_one(j, "loai");
        json_close(j, "}");
        json_key(j, "else");
        json_open(j, "{");
        write_required_one(j, f->key);
        json_close(j, "}");
        json_close(j, "}");
    }
    json_close(j, "]");
}

/* properties, required, dependentRequired and additionalProperties: false, so that an editor
 * flags a misspelt key. */
static void write_group_members(json_out *j, const vb_field_group *g)
{
    json_pair(j, "type", "object");
    json_key(j, "properties");
    json_open(j, "{");
    for (size_t i = 0; i < g->count; i++)
        write_field(j, &g->fields[i]);
    json_close(j, "}");
    json_key(j, "required");
    json_open(j, "[");
    for (size_t i = 0; i < g->count; i++)
        if (g->fields[i].required && !g->fields[i].part)
            json_string(j, g->fields[i].key);
    json_close(j, "]");
    write_part_rules(j, g);
    bool dependent = false;
    const vb_field *chained = NULL;
    for (size_t i = 0; i < g->count; i++) {
        const vb_field *with = g->fields[i].required_with
                                   ? vb_schema_find(g, g->fields[i].required_with)
                                   : NULL;
        if (with && with->or_list)
            chained = &g->fields[i];
        else
            dependent |= with != NULL;
    }
    /* dependentRequired is 2020-12's; editors that know only draft-07 (the YAML language
     * server) read the same rule as dependencies, which 2020-12 validators ignore. */
    static const char *const dependency_keywords[] = {"dependentRequired", "dependencies"};
    for (size_t k = 0; dependent && k < 2; k++) {
        json_key(j, dependency_keywords[k]);
        json_open(j, "{");
        for (size_t i = 0; i < g->count; i++) {
            if (!g->fields[i].required_with || &g->fields[i] == chained)
                continue;
            json_key(j, g->fields[i].required_with);
            json_open(j, "[");
            json_string(j, g->fields[i].key);
            json_close(j, "]");
        }
        json_close(j, "}");
    }
    if (chained)
        write_required_with_choice(j, chained, vb_schema_find(g, chained->required_with));
    json_pair_raw(j, "additionalProperties", "false");
}

/* A block: a paragraph's text, or a mapping with exactly one level key and its other keys. */
static void write_block_def(json_out *j)
{
    const vb_field_group *g = &vb_schema_block;
    json_key(j, group_def_name(g));
    json_open(j, "{");
    json_pair(j, "description", "một khối của noi_dung: một đoạn văn, hoặc một khóa cấp (phan, "
                                "chuong, muc, dieu, khoan, …) cùng các khóa khác của khối");
    json_key(j, "anyOf");
    json_open(j, "[");
    json_object_pairs(j, "type", "string", "description", "một đoạn văn");
    json_open(j, "{");
    write_group_members(j, g);
    json_key(j, "oneOf");
    json_open(j, "[");
    for (size_t i = 0; i < g->count; i++) {
        if (g->fields[i].type != VB_FIELD_LEVEL && g->fields[i].type != VB_FIELD_TABLE)
            continue;
        json_open(j, "{");
        write_required_one(j, g->fields[i].key);
        json_close(j, "}");
    }
    json_close(j, "]");
    json_close(j, "}");
    json_close(j, "]");
    json_close(j, "}");
}

static void write_group_def(json_out *j, const vb_field_group *g, const char *description)
{
    json_key(j, group_def_name(g));
    json_open(j, "{");
    json_pair(j, "description", description);
    write_group_members(j, g);
    json_close(j, "}");
}

/* A column, row or cell of a table: its short scalar or list form, or the mapping of its
 * group's keys. */
static void write_table_item_def(json_out *j, const vb_field_group *g, const char *description)
{
    json_key(j, group_def_name(g));
    json_open(j, "{");
    json_pair(j, "description", description);
    json_key(j, "anyOf");
    json_open(j, "[");
    if (g == &vb_schema_table_column) {
        json_open(j, "{");
        json_pair(j, "type", "number");
        json_pair_raw(j, "exclusiveMinimum", "0");
        json_close(j, "}");
        json_object_pairs(j, "const", "tu-dong", NULL, NULL);
        json_object_pairs(j, "type", "string", "pattern", "^[0-9]+,[0-9]+$");
    } else if (g == &vb_schema_table_row) {
        json_open(j, "{");
        write_list_of(j, &vb_schema_table_cell, false);
        json_close(j, "}");
    } else {
        json_object_pairs(j, "type", "string", NULL, NULL);
        json_object_pairs(j, "type", "number", NULL, NULL);
        json_object_pairs(j, "type", "null", NULL, NULL);
    }
    json_open(j, "{");
    write_group_members(j, g);
    json_close(j, "}");
    json_close(j, "]");
    json_close(j, "}");
}

static void write_table_defs(json_out *j)
{
    write_group_def(j, &vb_schema_table, vb_schema_find(&vb_schema_block, "bang")->help);
    write_table_item_def(j, &vb_schema_table_column,
                         "một cột: số mm, tu-dong, hoặc {rong | ti_le, can}");
    write_table_item_def(j, &vb_schema_table_row,
                         "một dòng: danh sách các ô, hoặc {o | nhom | tong, cap, giu_nguyen, "
                         "to_nen}");
    write_table_item_def(j, &vb_schema_table_cell,
                         "một ô: chữ viết nguyên văn, hoặc {chu, gop_cot, gop_dong, can}");
}

static char *build_schema(void)
{
    json_out j = {0};
    json_open(&j, "{");
    json_pair(&j, "$schema", "https://json-schema.org/draft/2020-12/schema");
    json_pair(&j, "title", "Nội dung văn bản vanban " VANBAN_VERSION);
    json_pair(&j, "description", "Văn bản hành chính theo Nghị định 30/2020/NĐ-CP, viết bằng "
                                 "YAML; vanban dựng thành PDF");
    write_group_members(&j, &vb_schema_document);
    json_key(&j, "$defs");
    json_open(&j, "{");
    write_group_def(&j, &vb_schema_signer, vb_schema_find(&vb_schema_document, "nguoi_ky")->help);
    write_group_def(&j, &vb_schema_presentation,
                    vb_schema_find(&vb_schema_document, "trinh_bay")->help);
    write_group_def(&j, &vb_schema_copy, vb_schema_find(&vb_schema_document, "ban_sao")->help);
    write_block_def(&j);
    write_table_defs(&j);
    write_group_def(&j, &vb_schema_appendix,
                    "một phụ lục: tên, hướng trang, cách đánh số trang và nội dung");
    json_close(&j, "}");
    json_close(&j, "}");
    vb_buf_append(&j.buf, "\n", 2); /* with the terminating NUL */
    if (j.buf.failed) {
        vb_buf_free(&j.buf);
        return NULL;
    }
    return (char *)j.buf.data;
}

const char *vb_content_schema_json(void)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static char *schema; /* made once, kept for the process's life */
    pthread_mutex_lock(&lock);
    if (!schema)
        schema = build_schema(); /* NULL when memory ran out: tried again on the next call */
    const char *made = schema;
    pthread_mutex_unlock(&lock);
    return made;
}
