/* libyaml's English problems -> a clerk's Vietnamese messages, through one table. */
#include "load/yaml_messages.h"

#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"

/* What must hold besides libyaml's wording, judged from the file at the problem's position. */
typedef enum {
    WHEN_ALWAYS,
    WHEN_TAB_HERE,          /* the character there is a tab */
    WHEN_COLON_HERE,        /* the character there is ":" */
    WHEN_NOT_FIRST_ON_LINE, /* something other than blanks precedes it on its line */
} syntax_condition;

/* One row: when libyaml's problem and context contain these (NULL: anything) and the condition
 * holds, the message is given at the problem's position, or at the context's when at_context.
 * Placeholders: $char (the character at the problem), $problem, $at_line, $ctx_line, $ctx_col,
 * $context (", " and libyaml's context, if any). */
typedef struct {
    const char *problem;
    const char *context;
    syntax_condition when;
    bool at_context;
    const char *message;
} syntax_message;

static const char tab_indent[] = "dòng này thụt đầu dòng bằng phím Tab; YAML chỉ chấp nhận dấu "
                                 "cách để thụt đầu dòng (YAML: $problem)";
static const char bad_escape[] = "mã thoát sau dấu \"\\\" trong ngoặc kép không hợp lệ; muốn viết "
                                 "dấu \"\\\" hãy viết \"\\\\\" hoặc dùng ngoặc đơn '…' (YAML: "
                                 "$problem)";
static const char bad_anchor_name[] = "tên neo \"&\" hay bí danh \"*\" phải là chữ hoặc số, viết "
                                      "liền (YAML: $problem)";
static const char after_end[] = "thừa nội dung sau khi văn bản đã kết thúc; tệp chỉ được chứa "
                                "một văn bản (YAML: $problem)";
static const char directive[] = "chỉ thị %YAML hoặc %TAG không được hỗ trợ; hãy xóa dòng này "
                                "(YAML: $problem)";

/* First match wins, so the specific rows come before the general ones. */
static const syntax_message syntax_messages[] = {
    {"tab character", NULL, WHEN_ALWAYS, false, tab_indent},
    {"cannot start any token", NULL, WHEN_TAB_HERE, false, tab_indent},
    {"cannot start any token", NULL, WHEN_ALWAYS, false,
     "ký tự \"$char\" không được đứng đầu một giá trị; nếu đây là văn bản, hãy đặt cả đoạn trong "
     "dấu ngoặc kép \"…\" (YAML: $problem)"},
    /* The end of the file is no help: point at the quote that was never closed. */
    {"end of stream", "quoted scalar", WHEN_ALWAYS, true,
     "đoạn văn bản mở bằng dấu ngoặc ở đây không có dấu ngoặc đóng tương ứng (YAML: $problem)"},
    {"document indicator", "quoted scalar", WHEN_ALWAYS, true,
     "đoạn văn bản mở bằng dấu ngoặc ở đây chưa được đóng trước dòng \"---\" hay \"...\" ở dòng "
     "$at_line (YAML: $problem)"},
    {"escape", NULL, WHEN_ALWAYS, false, bad_escape},
    {"hexdecimal", NULL, WHEN_ALWAYS, false, bad_escape},
    {"mapping values are not allowed", NULL, WHEN_ALWAYS, false,
     "dấu hai chấm \":\" không được đặt ở đây: có thể dòng này thụt đầu dòng sai, hoặc một đoạn "
     "văn bản chứa \": \" cần được đặt trong dấu ngoặc kép (YAML: $problem)"},
    {"expected ',' or ']'", NULL, WHEN_ALWAYS, false,
     "danh sách mở bằng \"[\" ở dòng $ctx_line, cột $ctx_col chưa được đóng bằng \"]\" (hoặc "
     "thiếu dấu phẩy giữa các mục) (YAML: $problem)"},
    {"expected ',' or '}'", NULL, WHEN_ALWAYS, false,
     "nhóm khóa mở bằng \"{\" ở dòng $ctx_line, cột $ctx_col chưa được đóng bằng \"}\" (hoặc "
     "thiếu dấu phẩy giữa các mục) (YAML: $problem)"},
    {"did not find expected key", NULL, WHEN_COLON_HERE, false,
     "thiếu tên khóa trước dấu hai chấm \":\" (YAML: $problem)"},
    {"did not find expected key", NULL, WHEN_NOT_FIRST_ON_LINE, false,
     "thừa \"$char…\" sau giá trị trên dòng này; nếu cả phần này là văn bản, hãy đặt toàn bộ "
     "trong dấu ngoặc kép (YAML: $problem)"},
    {"did not find expected key", NULL, WHEN_ALWAYS, false,
     "thụt đầu dòng không khớp: dòng này không thẳng hàng với các khóa của nhóm bắt đầu ở dòng "
     "$ctx_line (YAML: $problem)"},
    {"expected '-' indicator", NULL, WHEN_ALWAYS, false,
     "thụt đầu dòng không khớp: cần một mục \"- …\" thẳng hàng với các mục của danh sách bắt đầu "
     "ở dòng $ctx_line (YAML: $problem)"},
    {"block sequence entries are not allowed", NULL, WHEN_ALWAYS, false,
     "không được mở một mục danh sách \"- \" ở đây; mỗi mục cần nằm trên một dòng riêng, thụt "
     "đầu dòng đúng (YAML: $problem)"},
    {"could not find expected ':'", NULL, WHEN_ALWAYS, true,
     "thiếu dấu hai chấm \":\" sau khóa ở đây (YAML: $problem)"},
    {"expected node content", NULL, WHEN_ALWAYS, false, "thiếu giá trị ở đây (YAML: $problem)"},
    {NULL, "alias", WHEN_ALWAYS, false, bad_anchor_name},
    {NULL, "anchor", WHEN_ALWAYS, false, bad_anchor_name},
    {"<document start>", NULL, WHEN_ALWAYS, false, after_end},
    {"document indicator", NULL, WHEN_ALWAYS, false, after_end},
    {"incompatible YAML", NULL, WHEN_ALWAYS, false, directive},
    {NULL, "directive", WHEN_ALWAYS, false, directive},
    {NULL, "tag", WHEN_ALWAYS, false,
     "thẻ \"!\" không hợp lệ; nếu đây là văn bản, hãy đặt trong dấu ngoặc kép (YAML: $problem)"},
    {NULL, NULL, WHEN_ALWAYS, false, "lỗi cú pháp YAML (YAML: $problem$context)"},
};

/* The bytes of the character at pos, for quoting it in a message. */
static int char_at(const loader *L, vb_pos pos, const char **start)
{
    size_t off = vb_offset_of(L, pos);
    *start = L->data + off;
    if (off >= L->len)
        return 0;
    uint32_t cp;
    size_t n = vb_utf8_decode((const unsigned char *)L->data + off, L->len - off, &cp);
    return n ? (int)n : 1;
}

/* True when only blanks precede pos on its line. */
static bool first_on_line(const loader *L, vb_pos pos)
{
    size_t line_start = vb_offset_of(L, (vb_pos){pos.line, 1});
    size_t at = vb_offset_of(L, pos);
    for (size_t i = line_start; i < at; i++)
        if (L->data[i] != ' ' && L->data[i] != '\t')
            return false;
    return true;
}

/* What libyaml said and where, gathered once for matching and filling in the rows. */
typedef struct {
    const char *problem, *context;
    vb_pos at, ctx;
    const char *ch;
    int chlen;
} syntax_report;

static bool contains(const char *haystack, const char *needle)
{
    return !needle || (haystack && strstr(haystack, needle));
}

static bool row_matches(const loader *L, const syntax_message *row, const syntax_report *r)
{
    if (!contains(r->problem, row->problem) || !contains(r->context, row->context))
        return false;
    switch (row->when) {
    case WHEN_TAB_HERE:
        return r->chlen == 1 && *r->ch == '\t';
    case WHEN_COLON_HERE:
        return r->chlen == 1 && *r->ch == ':';
    case WHEN_NOT_FIRST_ON_LINE:
        return !first_on_line(L, r->at);
    case WHEN_ALWAYS:
        break;
    }
    return true;
}

/* The row's message with its placeholders filled in. */
static void fill_in(vb_buf *out, const char *message, const syntax_report *r)
{
    for (const char *s = message; *s;) {
        const char *dollar = strchr(s, '$');
        size_t plain = dollar ? (size_t)(dollar - s) : strlen(s);
        vb_buf_append(out, s, plain);
        s += plain;
        if (!dollar)
            break;
        if (strncmp(s, "$char", 5) == 0) {
            vb_buf_append(out, r->ch, (size_t)r->chlen);
            s += 5;
        } else if (strncmp(s, "$problem", 8) == 0) {
            vb_buf_append_str(out, r->problem ? r->problem : "?");
            s += 8;
        } else if (strncmp(s, "$at_line", 8) == 0) {
            vb_buf_printf(out, "%d", r->at.line);
            s += 8;
        } else if (strncmp(s, "$ctx_line", 9) == 0) {
            vb_buf_printf(out, "%d", r->ctx.line);
            s += 9;
        } else if (strncmp(s, "$ctx_col", 8) == 0) {
            vb_buf_printf(out, "%d", r->ctx.col);
            s += 8;
        } else if (strncmp(s, "$context", 8) == 0) {
            if (r->context)
                vb_buf_printf(out, ", %s", r->context);
            s += 8;
        } else {
            vb_buf_append(out, s++, 1);
        }
    }
    vb_buf_append(out, "", 1);
}

void vb_report_syntax_error(loader *L, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR) {
        vb_load_out_of_memory(L);
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        /* The reader knows only a byte offset; the byte checks should have caught this. */
        vb_load_error(L, no_pos, "tệp có ký tự không hợp lệ ở byte %zu (YAML: %s)",
                      p->problem_offset, p->problem ? p->problem : "?");
        return;
    }
    syntax_report r = {p->problem, p->context, mark_pos(p->problem_mark), mark_pos(p->context_mark),
                       NULL,       0};
    r.chlen = char_at(L, r.at, &r.ch);
    const syntax_message *row = syntax_messages;
    while (!row_matches(L, row, &r)) /* the last row matches anything */
        row++;
    vb_buf text = {0};
    fill_in(&text, row->message, &r);
    if (text.failed)
        vb_load_out_of_memory(L);
    else
        vb_load_error(L, row->at_context ? r.ctx : r.at, "%s", (const char *)text.data);
    vb_buf_free(&text);
}
