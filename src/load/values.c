/* The values of the content format: texts, lines, the document type, the number, the date,
 * trinh_bay's measures and chu_thich's footnotes, each checked and copied into the model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"

#include "load/loader.h"
#include "load/schema.h"
#include "load/suggest.h"

bool vb_is_null(const tree *t)
{
    if (t->kind != TREE_SCALAR || !t->plain)
        return false;
    return t->len == 0 || strcmp(t->text, "~") == 0 || strcmp(t->text, "null") == 0 ||
           strcmp(t->text, "Null") == 0 || strcmp(t->text, "NULL") == 0;
}

/* A character a reader sees on paper: not white space (the no-break spaces U+00A0, U+2007,
 * U+202F included), not a format character (U+200B, U+2060, U+00AD, U+200E) and not one Unicode
 * says to ignore when nothing can show it (U+034F). */
static bool is_visible(uint32_t cp)
{
    if (cp > 0x20 && cp < 0x7F)
        return true;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->ignorable)
        return false;
    switch (p->category) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return false;
    default:
        return true;
    }
}

/* The first character that is not plain space when a scalar has nothing visible, 0 when it
 * has only spaces, or UINT32_MAX when something is visible. */
static uint32_t first_invisible(const tree *t)
{
    const unsigned char *s = (const unsigned char *)t->text;
    uint32_t found = 0;
    for (size_t i = 0; i < t->len;) {
        uint32_t cp = s[i];
        size_t n = s[i] < 0x80 ? 1 : vb_utf8_decode(s + i, t->len - i, &cp);
        if (n == 0 || is_visible(cp))
            return UINT32_MAX;
        if (!found && cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r')
            found = cp;
        i += n;
    }
    return found;
}

bool vb_has_text(const tree *t)
{
    return t->kind == TREE_SCALAR && !vb_is_null(t) && t->len > 0 &&
           first_invisible(t) == UINT32_MAX;
}

const char *vb_blank_note(loader *L, const tree *t)
{
    if (t->kind != TREE_SCALAR || vb_is_null(t) || t->len == 0)
        return "";
    uint32_t cp = first_invisible(t);
    const char *note = cp ? vb_arena_printf(L->arena,
                                            " (chỉ có khoảng trắng hoặc ký tự không nhìn thấy, "
                                            "như U+%04X)",
                                            (unsigned)cp)
                          : " (chỉ có dấu cách)";
    if (!note)
        vb_load_out_of_memory(L);
    return note ? note : "";
}

static bool looks_numeric(const tree *t)
{
    if (t->kind != TREE_SCALAR || !t->plain || t->len == 0)
        return false;
    const char *s = t->text;
    if (*s == '-' || *s == '+')
        s++;
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s != '.')
            return false;
    }
    return digit;
}

const char *vb_describe(const tree *t)
{
    if (vb_is_null(t))
        return "để trống";
    switch (t->kind) {
    case TREE_SEQUENCE:
        return "một danh sách";
    case TREE_MAPPING:
        return "một nhóm khóa (khóa: giá trị)";
    case TREE_SCALAR:
        break;
    }
    return looks_numeric(t) ? "một số" : "một đoạn văn bản";
}

const char *const vb_want_text = "một đoạn văn bản";
const char *const vb_want_lines = "một đoạn văn bản hoặc một danh sách các dòng";

void vb_wrong_type(loader *L, const tree *t, const char *key, const char *wanted)
{
    if (vb_is_null(t))
        vb_load_error(L, t->pos, "khóa \"%s\" để trống: cần %s", key, wanted);
    else
        vb_load_error(L, t->pos, "khóa \"%s\": cần %s, nhưng ở đây là %s", key, wanted,
                      vb_describe(t));
}

void vb_set_str(loader *L, vb_str *out, const tree *t)
{
    out->text = vb_load_strndup(L, t->text, t->len);
    out->pos = t->pos;
}

/* "a, b, c" in the arena, for listing the valid choices. */
const char *vb_join_words(loader *L, const char *const *words, size_t n)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(words[i]) + 2;
    char *out = vb_load_alloc(L, total, 1);
    if (!out)
        return "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ", ");
        strcat(out, words[i]);
    }
    return out;
}

/* ---- Choices ---- */

#define MAX_CHOICES 8

const vb_choice *vb_find_choice(const vb_field *f, const char *text)
{
    for (size_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i].value, text) == 0)
            return &f->choices[i];
    return NULL;
}

static size_t choice_names(const vb_field *f, const char *values[MAX_CHOICES])
{
    size_t n = f->nchoices < MAX_CHOICES ? f->nchoices : MAX_CHOICES;
    for (size_t i = 0; i < n; i++)
        values[i] = f->choices[i].value;
    return n;
}

const char *vb_nearest_choice(const vb_field *f, const char *text)
{
    const char *values[MAX_CHOICES];
    return vb_nearest_word(text, values, choice_names(f, values), NULL);
}

/* "TM, KT, Q, TL, TUQ" */
const char *vb_choice_values(loader *L, const vb_field *f)
{
    const char *values[MAX_CHOICES];
    return vb_join_words(L, values, choice_names(f, values));
}

/* "TM (thay mặt), …, TL (thừa lệnh) hoặc TUQ (thừa ủy quyền)", each value in quotes if asked. */
const char *vb_choice_list(loader *L, const vb_field *f, bool quoted)
{
    const char *q = quoted ? "\"" : "";
    const char *list = "";
    for (size_t i = 0; i < f->nchoices && list; i++) {
        const char *sep = i == 0 ? "" : i + 1 < f->nchoices ? ", " : " hoặc ";
        list = vb_arena_printf(L->arena, "%s%s%s%s%s (%s)", list, sep, q, f->choices[i].value, q,
                               f->choices[i].help);
    }
    if (!list)
        vb_load_out_of_memory(L);
    return list ? list : "";
}

/* ---- Texts, numbers, dates ---- */

/* A single text. Null counts as absent; the caller decides whether absent is allowed. */
bool vb_take_text(loader *L, const tree *t, const char *key, bool required, vb_str *out)
{
    if (t->kind != TREE_SCALAR) {
        vb_wrong_type(L, t, key, vb_want_text);
        return false;
    }
    if (!vb_has_text(t)) {
        if (required) {
            vb_load_error(L, t->pos, "khóa \"%s\" để trống%s: cần %s", key, vb_blank_note(L, t),
                          vb_want_text);
            return false;
        }
        return true; /* nothing to print: as good as absent */
    }
    vb_set_str(L, out, t);
    return true;
}

/* One text or a list of texts. */
void vb_take_lines(loader *L, const tree *t, const char *key, bool required, vb_str_list *out)
{
    if (t->kind == TREE_MAPPING || (t->kind == TREE_SCALAR && (vb_is_null(t) || t->len == 0))) {
        if (t->kind == TREE_MAPPING || required)
            vb_wrong_type(L, t, key, vb_want_lines);
        return;
    }
    if (t->kind == TREE_SCALAR && !vb_has_text(t)) {
        if (required)
            vb_load_error(L, t->pos, "khóa \"%s\" để trống%s: cần %s", key, vb_blank_note(L, t),
                          vb_want_lines);
        return;
    }
    size_t n = t->kind == TREE_SCALAR ? 1 : t->count;
    if (n == 0) {
        if (required)
            vb_load_error(L, t->pos, "khóa \"%s\": danh sách trống, cần ít nhất một dòng", key);
        return;
    }
    vb_str *items = vb_load_alloc(L, n, sizeof *items);
    if (!items)
        return;
    if (t->kind == TREE_SCALAR) {
        vb_set_str(L, &items[0], t);
    } else {
        for (size_t i = 0; i < n; i++) {
            const tree *line = t->items[i];
            if (line->kind != TREE_SCALAR)
                vb_load_error(L, line->pos,
                              "mỗi dòng của \"%s\" cần là một đoạn văn bản, nhưng ở "
                              "đây là %s",
                              key, vb_describe(line));
            else if (!vb_has_text(line))
                vb_load_error(L, line->pos,
                              "dòng của \"%s\" để trống%s: hãy viết nội dung hoặc xóa dòng "
                              "\"-\" này",
                              key, vb_blank_note(L, line));
            else
                vb_set_str(L, &items[i], line);
        }
    }
    out->items = items;
    out->count = n;
}

void vb_take_doc_type(loader *L, const tree *t, vb_document *doc)
{
    vb_str slug = {0};
    if (!vb_take_text(L, t, "loai", true, &slug) || !slug.text)
        return;
    doc->type_pos = t->pos;
    doc->type = vb_doc_type_find(slug.text);
    if (doc->type)
        return;
    const char **slugs = vb_load_alloc(L, vb_doc_type_count, sizeof *slugs);
    if (!slugs)
        return;
    for (size_t i = 0; i < vb_doc_type_count; i++)
        slugs[i] = vb_doc_types[i].slug;
    const char *near = vb_nearest_word(slug.text, slugs, vb_doc_type_count, NULL);
    if (near)
        vb_load_error(L, t->pos, "loại văn bản \"%s\" không có; có phải ý bạn là \"%s\"?",
                      slug.text, near);
    else
        vb_load_error(L, t->pos, "loại văn bản \"%s\" không có; các loại hợp lệ: %s", slug.text,
                      vb_join_words(L, slugs, vb_doc_type_count));
}

void vb_take_number(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    doc->number_pos = t->pos;
    if (t->kind != TREE_SCALAR) {
        const char *wanted = vb_arena_printf(L->arena, "một số nguyên %s", f->range);
        if (wanted)
            vb_wrong_type(L, t, f->key, wanted);
        else
            vb_load_out_of_memory(L);
        return;
    }
    if (vb_is_null(t) || t->len == 0)
        return; /* left blank for the văn thư */
    long value = 0, max = (long)f->max;
    bool digits = true;
    for (size_t i = 0; i < t->len && digits; i++) {
        char c = t->text[i];
        if (c < '0' || c > '9')
            digits = false;
        else if (value <= max)
            value = value * 10 + (c - '0'); /* stops growing once out of range */
    }
    if (!digits) {
        bool negative = t->text[0] == '-';
        vb_load_error(L, t->pos,
                      "số văn bản (%s) phải là một số nguyên %s%s, nhưng ở đây là \"%s\"; muốn để "
                      "văn thư điền số thì bỏ trống",
                      f->key, f->range, negative ? ", không được là số âm" : "", t->text);
        return;
    }
    if (value < (long)f->min || value > max) {
        vb_load_error(L, t->pos,
                      "số văn bản (%s) %s nằm ngoài khoảng cho phép: %s; muốn để văn thư điền số "
                      "thì bỏ trống",
                      f->key, t->text, f->range);
        return;
    }
    doc->number = value;
}

static bool is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The spellings of ngay: "2023-07-14"; "2023-07", the day left blank for the văn thư to write
 * in (or stamp) when the document is numbered; "2023", the day and the month left blank. */
typedef enum { DATE_FULL, DATE_NO_DAY, DATE_NO_MONTH, DATE_HALF_TYPED, DATE_BAD } date_form;

static date_form date_form_of(const char *s, size_t len)
{
    bool year = len >= 4 && all_digits(s, 4);
    bool month = year && len >= 7 && s[4] == '-' && all_digits(s + 5, 2);
    if (len == 4 && year)
        return DATE_NO_MONTH;
    if (len == 7 && month)
        return DATE_NO_DAY;
    if (len == 10 && month && s[7] == '-' && all_digits(s + 8, 2))
        return DATE_FULL;
    /* "2023-07-", "2023-07-__", "2023-07-  ": the day meant to be blank, typed as blank. */
    if (month && len > 7 && s[7] == '-' && !strpbrk(s + 8, "0123456789"))
        return DATE_HALF_TYPED;
    return DATE_BAD;
}

#define DATE_FORMS                                                                                 \
    "phải viết theo dạng NĂM-THÁNG-NGÀY với tháng và ngày đủ hai chữ số, ví dụ 2023-07-14; để "   \
    "trống ngày cho văn thư điền thì viết NĂM-THÁNG, ví dụ 2023-07; để trống cả ngày và tháng "   \
    "thì viết NĂM, ví dụ 2023"

void vb_take_date(loader *L, const tree *t, vb_document *doc)
{
    vb_str text = {0};
    if (!vb_take_text(L, t, "ngay", true, &text) || !text.text)
        return;
    doc->date_pos = t->pos;
    const char *s = t->text;
    date_form form = date_form_of(s, t->len);
    if (form == DATE_HALF_TYPED) {
        vb_load_error(L, t->pos,
                      "ngày \"%s\": muốn để trống ngày cho văn thư điền thì bỏ cả phần ngày, viết "
                      "%.7s",
                      s, s);
        return;
    }
    if (form == DATE_BAD) {
        vb_load_error(L, t->pos, "ngày \"%s\" %s", s, DATE_FORMS);
        return;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + two_digits(s + 2);
    int m = form == DATE_NO_MONTH ? 0 : two_digits(s + 5);
    int d = form == DATE_FULL ? two_digits(s + 8) : 0;
    if (y == 0) {
        vb_load_error(L, t->pos, "ngày \"%s\": năm 0000 không có", s);
        return;
    }
    if (form != DATE_NO_MONTH && (m < 1 || m > 12)) {
        vb_load_error(L, t->pos,
                      "ngày \"%s\": không có tháng %02d (tháng từ 01 đến 12); để trống tháng cho "
                      "văn thư điền thì chỉ viết năm, ví dụ %04d",
                      s, m, y);
        return;
    }
    int last = form == DATE_FULL ? days_in_month(y, m) : 31;
    if (form == DATE_FULL && d == 0) {
        vb_load_error(L, t->pos,
                      "ngày \"%s\": không có ngày 00; để trống ngày cho văn thư điền thì viết "
                      "%.7s",
                      s, s);
        return;
    }
    if (d > last) {
        vb_load_error(L, t->pos,
                      "ngày \"%s\": không có ngày %02d tháng %02d năm %04d (tháng này có "
                      "%d ngày)",
                      s, d, m, y, last);
        return;
    }
    doc->year = y;
    doc->month = m;
    doc->day = d;
}

/* ---- trinh_bay's measures ---- */

typedef enum { DECIMAL_OK, DECIMAL_NOT_A_NUMBER, DECIMAL_TOO_PRECISE, DECIMAL_TOO_LARGE } decimal;

static decimal parse_decimal(const char *s, double *out)
{
    double mantissa = 0, scale = 1;
    bool digits = false, point = false;
    int fraction_digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (point && fraction_digits == 6)
                return DECIMAL_TOO_PRECISE; /* nobody sets a margin to a billionth of a mm */
            if (mantissa > 1e9)
                return DECIMAL_TOO_LARGE;
            mantissa = mantissa * 10 + (*s - '0');
            digits = true;
            if (point) {
                scale *= 10;
                fraction_digits++;
            }
        } else if ((*s == '.' || *s == ',') && !point) {
            point = true;
        } else {
            return DECIMAL_NOT_A_NUMBER;
        }
    }
    if (!digits)
        return DECIMAL_NOT_A_NUMBER;
    *out = mantissa / scale; /* both exact, so the quotient is the correctly rounded value */
    return DECIMAL_OK;
}

void vb_take_measure(loader *L, const vb_field *m, const tree *t, void *into)
{
    if (t->kind != TREE_SCALAR || vb_is_null(t)) {
        vb_wrong_type(L, t, m->key, m->wanted);
        return;
    }
    double value = 0;
    decimal parsed = parse_decimal(t->text, &value);
    if (parsed == DECIMAL_NOT_A_NUMBER) {
        vb_load_error(L, t->pos, "%s (%s) cần một số, ví dụ %g, nhưng ở đây là \"%s\"", m->help,
                      m->key, m->fallback, t->text);
        return;
    }
    if (parsed == DECIMAL_TOO_PRECISE) {
        vb_load_error(L, t->pos, "%s (%s) là %s: viết nhiều nhất 6 chữ số sau dấu thập phân, "
                      "ví dụ %g", m->help, m->key, t->text, m->fallback);
        return;
    }
    const double slack = 1e-9;
    if (parsed == DECIMAL_TOO_LARGE || value < m->min - slack || value > m->max + slack) {
        vb_load_error(L, t->pos,
                      "%s (%s) là %s, nằm ngoài khoảng Nghị định 30/2020/NĐ-CP cho phép: %s",
                      m->help, m->key, t->text, m->range);
        return;
    }
    *(double *)((char *)into + m->offset) = value;
}

/* ---- chu_thich ---- */

static bool valid_footnote_id(const char *id)
{
    for (const char *s = id; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '[' || *s == ']' || *s == '^')
            return false;
    return *id != 0;
}

static int compare_keys(const void *a, const void *b)
{
    const tree *ka = *(const tree *const *)a, *kb = *(const tree *const *)b;
    int c = strcmp(ka->text, kb->text);
    if (c)
        return c;
    /* Equal ids: the earlier one first, so the later one is reported as the repeat. */
    if (ka->pos.line != kb->pos.line)
        return ka->pos.line < kb->pos.line ? -1 : 1;
    return ka->pos.col < kb->pos.col ? -1 : ka->pos.col > kb->pos.col;
}

void vb_take_footnotes(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    if (vb_is_null(t))
        return;
    if (t->kind != TREE_MAPPING) {
        vb_wrong_type(L, t, f->key, f->wanted);
        return;
    }
    size_t n = t->count / 2;
    vb_footnote *notes = vb_load_alloc(L, n, sizeof *notes);
    const tree **keys = vb_load_alloc(L, n, sizeof *keys);
    if (!notes || !keys)
        return;
    size_t good_keys = 0;
    for (size_t i = 0; i < n; i++) {
        const tree *key = t->items[2 * i], *v = t->items[2 * i + 1];
        vb_footnote *note = &notes[i];
        if (key->kind != TREE_SCALAR || vb_is_null(key)) {
            vb_load_error(L, key->pos, "mã chú thích phải là một từ (ví dụ quy), nhưng ở đây là %s",
                          vb_describe(key));
            continue;
        }
        if (!valid_footnote_id(key->text)) {
            vb_load_error(
                L, key->pos,
                "mã chú thích \"%s\" không được chứa dấu cách, \"[\", \"]\" hay \"^\" (nó "
                "được gọi trong văn bản bằng [^mã])",
                key->text);
            continue;
        }
        keys[good_keys++] = key;
        vb_set_str(L, &note->id, key);
        if (vb_has_text(v)) {
            note->paragraphs = vb_load_alloc(L, 1, sizeof *note->paragraphs);
            if (note->paragraphs) {
                vb_set_str(L, &note->paragraphs[0], v);
                note->nparagraphs = 1;
            }
        } else if (v->kind == TREE_SEQUENCE && v->count > 0) {
            note->paragraphs = vb_load_alloc(L, v->count, sizeof *note->paragraphs);
            if (!note->paragraphs)
                continue;
            note->nparagraphs = v->count;
            for (size_t j = 0; j < v->count; j++) {
                const tree *para = v->items[j];
                if (!vb_has_text(para))
                    vb_load_error(L, para->pos,
                                  "mỗi đoạn của chú thích \"%s\" cần là một đoạn văn bản, nhưng ở "
                                  "đây là %s%s",
                                  key->text,
                                  para->kind == TREE_SCALAR ? "để trống" : vb_describe(para),
                                  vb_blank_note(L, para));
                else
                    vb_set_str(L, &note->paragraphs[j], para);
            }
        } else if (v->kind == TREE_SCALAR || v->kind == TREE_SEQUENCE) {
            vb_load_error(L, v->pos,
                          "chú thích \"%s\" để trống%s: cần một đoạn văn bản hoặc một danh sách "
                          "các đoạn",
                          key->text, vb_blank_note(L, v));
        } else {
            vb_load_error(
                L, v->pos,
                "chú thích \"%s\": cần một đoạn văn bản hoặc một danh sách các đoạn, nhưng "
                "ở đây là %s",
                key->text, vb_describe(v));
        }
    }
    /* Any id may be used, so repeats are found by sorting rather than against a fixed set. */
    qsort(keys, good_keys, sizeof *keys, compare_keys);
    for (size_t i = 1; i < good_keys; i++)
        if (strcmp(keys[i - 1]->text, keys[i]->text) == 0)
            vb_load_error(L, keys[i]->pos,
                          "mã chú thích \"%s\" bị lặp lại (đã có ở dòng %d, cột %d); mỗi mã chỉ "
                          "được dùng cho một chú thích",
                          keys[i]->text, keys[i - 1]->pos.line, keys[i - 1]->pos.col);
    doc->footnotes = notes;
    doc->nfootnotes = n;
}
