/* Content templates (vb_template_*): {{name}} fields found in a YAML file's scalars, filled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/buf.h"
#include "common/diag.h"
#include "common/fileio.h"
#include "common/utf8.h"

#define OOM "hết bộ nhớ / out of memory"

/* A scalar of the template holding at least one field, as libyaml scanned it. */
typedef struct {
    size_t start, end; /* bytes of the marked text */
    yaml_scalar_style_t style;
    bool in_flow;  /* inside [ ] or { } */
    size_t column; /* of its start, 0-based */
    char *value;   /* the scalar's value, fields still as markers */
} tpl_scalar;

/* Before parsing, each {{name}} becomes MARKER<i>x, a plain word valid in any YAML context
 * (so that "so: {{so}}" is not read as a flow mapping); MARKER occurs nowhere else. */
struct vb_template {
    char *name;
    char *marked;
    char marker[32];
    vb_template_field *fields;
    char **as_written; /* per field: "{{ name }}", spaces and all */
    size_t nfields;
    tpl_scalar *scalars;
    size_t nscalars;
    char **between; /* nscalars + 1 pieces of the original text around the scalars */
};

/* The buffer's text, NUL-terminated (the NUL not counted in len); NULL once it failed. */
static char *buf_text(vb_buf *b)
{
    vb_buf_append(b, "", 1);
    if (b->failed)
        return NULL;
    b->len--;
    return (char *)b->data;
}

static char *copy_of(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

/* The field written "{{" name "}}" (name of len bytes), trimmed of spaces. */
static bool add_field(vb_template *t, const char *name, size_t len, int line, int column)
{
    vb_template_field *fields = realloc(t->fields, (t->nfields + 1) * sizeof *fields);
    if (fields)
        t->fields = fields;
    char **as_written = realloc(t->as_written, (t->nfields + 1) * sizeof *as_written);
    if (as_written)
        t->as_written = as_written;
    if (!fields || !as_written)
        return false;
    char *whole = copy_of(name - 2, len + 4);
    while (len && (*name == ' ' || *name == '\t'))
        name++, len--;
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    char *trimmed = copy_of(name, len);
    if (!whole || !trimmed) {
        free(whole);
        free(trimmed);
        return false;
    }
    t->fields[t->nfields] = (vb_template_field){.name = trimmed, .line = line, .column = column};
    t->as_written[t->nfields++] = whole;
    return true;
}

/* The template with every {{name}} made a marker; fields recorded. NULL on out of memory. */
static char *mark_fields(vb_template *t, const char *text)
{
    for (unsigned k = 0; k < 1000; k++) {
        snprintf(t->marker, sizeof t->marker, "vbmerge%u_", k);
        if (!strstr(text, t->marker))
            break;
    }
    vb_buf out = {0};
    int line = 1, column = 1;
    for (const char *p = text; *p;) {
        const char *close = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        size_t inner = close ? (size_t)(close - p - 2) : 0;
        if (close && inner && !memchr(p + 2, '\n', inner) && !memchr(p + 2, '{', inner)) {
            if (!add_field(t, p + 2, inner, line, column))
                out.failed = 1;
            vb_buf_printf(&out, "%s%zux", t->marker, t->nfields - 1);
            for (const char *q = p; q < close + 2; q++)
                column += ((unsigned char)*q & 0xC0) != 0x80;
            p = close + 2;
            continue;
        }
        if (*p == '\n')
            line++, column = 0;
        column += ((unsigned char)*p & 0xC0) != 0x80;
        vb_buf_append(&out, p++, 1);
    }
    char *marked = buf_text(&out);
    if (!marked)
        vb_buf_free(&out);
    return marked;
}

/* Replaces each marker in text by field_text(field); returns false when field_text does. */
typedef const char *(*field_text_fn)(const void *ctx, size_t field);
static bool unmark(const vb_template *t, const char *text, size_t len, vb_buf *out,
                   field_text_fn field_text, const void *ctx)
{
    size_t marker_len = strlen(t->marker);
    const char *end = text + len;
    while (text < end) {
        const char *hit = memmem(text, (size_t)(end - text), t->marker, marker_len);
        if (!hit) {
            vb_buf_append(out, text, (size_t)(end - text));
            break;
        }
        vb_buf_append(out, text, (size_t)(hit - text));
        char *after;
        size_t field = strtoul(hit + marker_len, &after, 10);
        const char *replacement = field < t->nfields ? field_text(ctx, field) : NULL;
        if (!replacement)
            return false;
        vb_buf_append_str(out, replacement);
        text = after + (*after == 'x');
    }
    return !out->failed;
}

static const char *field_as_written(const void *ctx, size_t field)
{
    const vb_template *t = ctx;
    return t->as_written[field];
}

/* libyaml counts characters in its marks; the byte offset of each character. */
static size_t *character_offsets(const char *text, size_t len, size_t *count)
{
    size_t *offsets = malloc((len + 1) * sizeof *offsets), n = 0;
    if (!offsets)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            offsets[n++] = i;
    offsets[n] = len;
    *count = n;
    return offsets;
}

/* Keeps the scalar when it holds a field, and marks its fields in_value. */
static bool add_scalar(vb_template *t, const yaml_token_t *token, const size_t *offsets,
                       size_t chars, int flow)
{
    const char *value = (const char *)token->data.scalar.value;
    size_t len = token->data.scalar.length, marker_len = strlen(t->marker);
    if (!memmem(value, len, t->marker, marker_len))
        return true;
    tpl_scalar *scalars = realloc(t->scalars, (t->nscalars + 1) * sizeof *scalars);
    if (!scalars)
        return false;
    t->scalars = scalars;
    size_t start = token->start_mark.index, end = token->end_mark.index;
    t->scalars[t->nscalars] = (tpl_scalar){
        .start = offsets[start < chars ? start : chars],
        .end = offsets[end < chars ? end : chars],
        .style = token->data.scalar.style,
        .in_flow = flow > 0,
        .column = token->start_mark.column,
        .value = copy_of(value, len),
    };
    for (const char *hit = value; (hit = memmem(hit, len - (size_t)(hit - value), t->marker,
                                                marker_len)) != NULL;) {
        size_t field = strtoul(hit + marker_len, NULL, 10);
        if (field < t->nfields)
            t->fields[field].in_value = 1;
        hit += marker_len;
    }
    return t->scalars[t->nscalars++].value != NULL;
}

/* Scans the marked template with libyaml and keeps each scalar holding a field. */
static vb_status find_scalars(vb_template *t, vb_diagnostics *diag)
{
    size_t len = strlen(t->marked), chars = 0;
    size_t *offsets = character_offsets(t->marked, len, &chars);
    yaml_parser_t parser;
    if (!offsets || !yaml_parser_initialize(&parser)) {
        free(offsets);
        vb_diag_out_of_memory(diag, t->name, OOM);
        return VB_ERR_IO;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)t->marked, len);
    vb_status status = VB_OK;
    int flow = 0;
    for (bool done = false; !done && status == VB_OK;) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token)) {
            if (parser.error == YAML_MEMORY_ERROR)
                vb_diag_out_of_memory(diag, t->name, OOM);
            else
                vb_diag_error(diag, t->name, (int)parser.problem_mark.line + 1,
                              (int)parser.problem_mark.column + 1,
                              "YAML sai: %s / not valid YAML",
                              parser.problem ? parser.problem : "?");
            status = parser.error == YAML_MEMORY_ERROR ? VB_ERR_IO : VB_ERR_CONTENT;
            break;
        }
        flow += token.type == YAML_FLOW_SEQUENCE_START_TOKEN ||
                token.type == YAML_FLOW_MAPPING_START_TOKEN;
        flow -= token.type == YAML_FLOW_SEQUENCE_END_TOKEN ||
                token.type == YAML_FLOW_MAPPING_END_TOKEN;
        if (token.type == YAML_SCALAR_TOKEN && !add_scalar(t, &token, offsets, chars, flow)) {
            vb_diag_out_of_memory(diag, t->name, OOM);
            status = VB_ERR_IO;
        }
        done = token.type == YAML_STREAM_END_TOKEN;
        yaml_token_delete(&token);
    }
    yaml_parser_delete(&parser);
    free(offsets);
    return status;
}

/* The text around the scalars, each marker turned back into its {{name}} (a comment may hold
 * one; it is left as written). */
static vb_status split_between(vb_template *t, vb_diagnostics *diag)
{
    t->between = calloc(t->nscalars + 1, sizeof *t->between);
    size_t from = 0;
    for (size_t i = 0; t->between && i <= t->nscalars; i++) {
        size_t to = i < t->nscalars ? t->scalars[i].start : strlen(t->marked);
        vb_buf piece = {0};
        if (!unmark(t, t->marked + from, to - from, &piece, field_as_written, t) ||
            !buf_text(&piece)) {
            vb_buf_free(&piece);
            break;
        }
        /* copied to its size: a buffer starts with room for a page */
        t->between[i] = copy_of((const char *)piece.data, piece.len);
        vb_buf_free(&piece);
        if (!t->between[i])
            break;
        from = i < t->nscalars ? t->scalars[i].end : to;
    }
    if (t->between && t->between[t->nscalars])
        return VB_OK;
    vb_diag_out_of_memory(diag, t->name, OOM);
    return VB_ERR_IO;
}

vb_status vb_template_read_memory(const char *yaml, size_t len, const char *name,
                                  vb_template **out, vb_diagnostics *diag)
{
    *out = NULL;
    vb_template *t = calloc(1, sizeof *t);
    char *text = copy_of(yaml, len); /* a NUL inside ends the template, as it would a file */
    if (t)
        t->name = strdup(name ? name : "");
    if (!t || !text || !t->name) {
        free(text);
        vb_template_free(t);
        vb_diag_out_of_memory(diag, name, OOM);
        return VB_ERR_IO;
    }
    /* libyaml does not count a byte-order mark in its positions. */
    const char *body = strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
    t->marked = mark_fields(t, body);
    free(text);
    vb_status status = VB_ERR_IO;
    if (!t->marked)
        vb_diag_out_of_memory(diag, name, OOM);
    else if ((status = find_scalars(t, diag)) == VB_OK)
        status = split_between(t, diag);
    if (status != VB_OK)
        vb_template_free(t);
    else
        *out = t;
    return status;
}

vb_status vb_template_read(const char *path, vb_template **out, vb_diagnostics *diag)
{
    *out = NULL;
    size_t len = 0;
    char *text = vb_read_file(path, &len, diag);
    if (!text)
        return VB_ERR_IO;
    vb_status status = vb_template_read_memory(text, len, path, out, diag);
    free(text);
    return status;
}

size_t vb_template_field_count(const vb_template *t) { return t ? t->nfields : 0; }

const vb_template_field *vb_template_field_at(const vb_template *t, size_t i)
{
    return t && i < t->nfields ? &t->fields[i] : NULL;
}

void vb_template_free(vb_template *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nfields; i++) {
        free((char *)t->fields[i].name);
        free(t->as_written[i]);
    }
    for (size_t i = 0; i < t->nscalars; i++)
        free(t->scalars[i].value);
    for (size_t i = 0; t->between && i <= t->nscalars; i++)
        free(t->between[i]);
    free(t->between);
    free(t->fields);
    free(t->as_written);
    free(t->scalars);
    free(t->marked);
    free(t->name);
    free(t);
}

/* Would value read back as this very plain scalar at its place? Then it is written plain, so
 * that "so: {{so}}" gives a number and "ngay: {{ngay}}" a date, as if typed there. 1 yes, 0 no,
 * -1 out of memory (a guess either way could turn a number into text). */
static int plain_safe(const char *value, bool in_flow)
{
    if (!*value || strchr(value, '\n') || (in_flow && strpbrk(value, ",[]{}")))
        return 0;
    size_t n = strlen(value) + 8;
    char *doc = malloc(n);
    yaml_parser_t parser;
    if (!doc || !yaml_parser_initialize(&parser)) {
        free(doc);
        return -1;
    }
    snprintf(doc, n, "k: %s\n", value);
    yaml_parser_set_input_string(&parser, (const unsigned char *)doc, strlen(doc));
    static const yaml_token_type_t expected[] = {
        YAML_STREAM_START_TOKEN, YAML_BLOCK_MAPPING_START_TOKEN, YAML_KEY_TOKEN,
        YAML_SCALAR_TOKEN,       YAML_VALUE_TOKEN,               YAML_SCALAR_TOKEN,
        YAML_BLOCK_END_TOKEN,    YAML_STREAM_END_TOKEN};
    int same = 1;
    for (size_t i = 0; same == 1 && i < sizeof expected / sizeof *expected; i++) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token)) {
            same = parser.error == YAML_MEMORY_ERROR ? -1 : 0;
            break;
        }
        same = token.type == expected[i];
        if (same && i == 5)
            same = token.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                   token.data.scalar.length == strlen(value) &&
                   memcmp(token.data.scalar.value, value, token.data.scalar.length) == 0;
        yaml_token_delete(&token);
    }
    yaml_parser_delete(&parser);
    free(doc);
    return same;
}

/* One character of a double-quoted scalar; escaped when YAML would not take it as itself. */
static size_t put_quoted_char(vb_buf *out, const char *text, size_t avail)
{
    uint32_t cp = 0;
    size_t n = vb_utf8_decode((const unsigned char *)text, avail, &cp);
    if (!n)
        cp = (unsigned char)*text, n = 1; /* not UTF-8: each byte escaped as itself */
    if (cp == '"' || cp == '\\')
        vb_buf_printf(out, "\\%c", (char)cp);
    else if (cp == '\n')
        vb_buf_append_str(out, "\\n");
    else if (cp == '\t')
        vb_buf_append_str(out, "\\t");
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        vb_buf_printf(out, "\\x%02X", (unsigned)cp);
    else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
        vb_buf_printf(out, "\\u%04X", (unsigned)cp);
    else
        vb_buf_append(out, text, n);
    return n;
}

/* value as a double-quoted scalar taking as many lines as the span it replaces, so that every
 * line after it keeps its number in the messages: the span's inner line breaks become escaped
 * ones (which add nothing to the value), its last break and indentation (a block scalar's end)
 * are kept as they are. */
static void put_quoted(vb_buf *out, const char *value, const char *span, size_t span_len,
                       size_t column)
{
    size_t breaks = 0, tail = span_len;
    for (size_t i = 0; i < span_len; i++)
        breaks += span[i] == '\n';
    const char *last = breaks ? memrchr(span, '\n', span_len) : NULL;
    if (last && strspn(last + 1, " \t") >= span_len - (size_t)(last + 1 - span)) {
        tail = (size_t)(last - span) - (last > span && last[-1] == '\r');
        breaks--;
    }
    char indent[80];
    size_t width = column + 1 < sizeof indent - 3 ? column + 1 : sizeof indent - 3;
    indent[0] = '\\', indent[1] = '\n';
    memset(indent + 2, ' ', width);
    indent[width + 2] = '\0';
    vb_buf_append(out, "\"", 1);
    for (size_t i = 0, len = strlen(value); i < len;) {
        i += put_quoted_char(out, value + i, len - i);
        if (value[i - 1] == '\n' && breaks) {
            vb_buf_append_str(out, indent), breaks--;
            /* YAML drops the spaces that open a line after an escaped break */
            for (; value[i] == ' '; i++)
                vb_buf_append_str(out, "\\x20");
        }
    }
    for (; breaks; breaks--)
        vb_buf_append_str(out, indent);
    vb_buf_append(out, "\"", 1);
    vb_buf_append(out, span + tail, span_len - tail);
}

static const char *given_value(const void *ctx, size_t field)
{
    const char *const *values = ctx;
    return values[field];
}

/* One scalar, its fields replaced: plain when that reads back the same, else quoted. Returns
 * false when memory ran out. */
static bool put_scalar(const vb_template *t, const tpl_scalar *s, const char *const *values,
                       vb_buf *value, vb_buf *yaml)
{
    value->len = 0;
    if (!unmark(t, s->value, strlen(s->value), value, given_value, values) || !buf_text(value))
        return false;
    const char *span = t->marked + s->start, *text = (const char *)value->data;
    int plain = s->style == YAML_PLAIN_SCALAR_STYLE && !memchr(span, '\n', s->end - s->start)
                    ? plain_safe(text, s->in_flow)
                    : 0;
    if (plain > 0)
        vb_buf_append_str(yaml, text);
    else
        put_quoted(yaml, text, span, s->end - s->start, s->column);
    return plain >= 0 && !yaml->failed;
}

vb_status vb_template_fill(const vb_template *t, const char *const *values, char **yaml,
                           size_t *len, vb_diagnostics *diag)
{
    *yaml = NULL;
    for (size_t i = 0; i < t->nfields; i++)
        if (t->fields[i].in_value && !values[i]) {
            vb_diag_error(diag, t->name, t->fields[i].line, t->fields[i].column,
                          "trường \"%s\" không có giá trị / the field has no value",
                          t->fields[i].name);
            return VB_ERR_USAGE;
        }
    vb_buf out = {0}, value = {0};
    bool ok = true;
    for (size_t i = 0; i < t->nscalars && ok; i++) {
        vb_buf_append_str(&out, t->between[i]);
        ok = put_scalar(t, &t->scalars[i], values, &value, &out);
    }
    vb_buf_append_str(&out, t->between[t->nscalars]);
    vb_buf_free(&value);
    if (!ok || !buf_text(&out)) {
        vb_buf_free(&out);
        vb_diag_out_of_memory(diag, t->name, OOM);
        return VB_ERR_IO;
    }
    *yaml = (char *)out.data;
    if (len)
        *len = out.len;
    return VB_OK;
}
