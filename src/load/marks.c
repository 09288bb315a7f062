/* Reads the marks above the text: secrecy (do_mat), urgency (do_khan) and the draft (du_thao). */
#include "load/marks.h"

#include <string.h>

void vb_take_mark(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    vb_str raw = {0};
    if (t->kind != TREE_SCALAR) {
        const char *wanted = vb_arena_printf(L->arena, "một trong %s", vb_choice_list(L, f, true));
        if (wanted)
            vb_wrong_type(L, t, f->key, wanted);
        else
            vb_load_out_of_memory(L);
        return;
    }
    if (vb_is_null(t) || !vb_take_text(L, t, f->key, false, &raw) || !raw.text)
        return;
    for (size_t i = 0; i < f->nchoices; i++) {
        const vb_choice *c = &f->choices[i];
        /* The printed form ("HỎA TỐC") is what a clerk sees on paper; it is accepted too. */
        if (strcmp(raw.text, c->value) == 0 || strcmp(raw.text, c->help) == 0) {
            *(int *)((char *)doc + f->offset) = c->code;
            return;
        }
    }
    const char *near = vb_nearest_choice(f, raw.text);
    vb_load_error(L, t->pos, "%s \"%s\" không hợp lệ: viết một trong %s, hoặc bỏ khóa này khi "
                  "văn bản không có dấu này%s%s%s",
                  f->key, raw.text, vb_choice_list(L, f, true), near ? ". Có phải ý bạn là \"" : "",
                  near ? near : "", near ? "\"?" : "");
}

/* "có", "co" (typed without the accent) and YAML's own yes, "true". */
static bool means_yes(const char *s)
{
    return strcmp(s, "có") == 0 || strcmp(s, "co") == 0 || strcmp(s, "Có") == 0 ||
           strcmp(s, "true") == 0;
}

void vb_take_draft(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    vb_str raw = {0};
    if (t->kind != TREE_SCALAR) {
        vb_wrong_type(L, t, f->key, f->wanted);
        return;
    }
    if (vb_is_null(t) || !vb_take_text(L, t, f->key, false, &raw) || !raw.text)
        return;
    int *draft = (int *)((char *)doc + f->offset);
    if (means_yes(raw.text)) {
        *draft = VB_DRAFT_UNNUMBERED;
        return;
    }
    /* "lần 2" is how the mark reads; the number alone is enough. */
    const char *s = raw.text;
    if (strncmp(s, "lần ", strlen("lần ")) == 0)
        s += strlen("lần ");
    else if (strncmp(s, "lan ", 4) == 0)
        s += 4;
    long round = 0;
    size_t n = strlen(s);
    bool digits = n > 0 && n <= 4;
    for (size_t i = 0; i < n && digits; i++) {
        digits = s[i] >= '0' && s[i] <= '9';
        round = round * 10 + (s[i] - '0');
    }
    if (digits && round >= (long)f->min && round <= (long)f->max) {
        *draft = (int)round;
        return;
    }
    if (digits)
        vb_load_error(L, t->pos, "%s: lần dự thảo phải %s, nhưng ở đây là %ld; viết \"%s: có\" "
                      "nếu không ghi số lần",
                      f->key, f->range, round, f->key);
    else
        vb_load_error(L, t->pos, "%s \"%s\" không hợp lệ: viết \"%s: có\" (in DỰ THẢO) hoặc số lần "
                      "dự thảo, ví dụ \"%s: 2\" (in DỰ THẢO LẦN 2); bỏ khóa này khi văn bản đã ban "
                      "hành",
                      f->key, raw.text, f->key, f->key);
}
