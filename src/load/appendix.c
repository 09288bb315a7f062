/* phu_luc: the appendices after the signature block, each a mapping of vb_schema_appendix. */
#include <stddef.h>
#include <string.h>

#include "load/loader.h"

static void take_choice(loader *L, const vb_field *f, const tree *v, vb_appendix *a)
{
    vb_str word = {0};
    if (vb_is_null(v) || !vb_take_text(L, v, f->key, true, &word) || !word.text)
        return;
    const vb_choice *c = vb_find_choice(f, word.text);
    if (!c) {
        const char *near = vb_nearest_choice(f, word.text);
        vb_load_error(L, v->pos, "%s \"%s\" không hợp lệ trong phụ lục: chỉ dùng %s%s%s%s",
                      f->key, word.text, vb_choice_list(L, f, true),
                      near ? "; có phải ý bạn là \"" : "", near ? near : "", near ? "\"?" : "");
    } else if (strcmp(f->key, "huong") == 0) {
        a->orientation = (vb_orientation)c->code;
    } else {
        a->numbering = (vb_appendix_numbering)c->code;
    }
}

static void take_appendix_field(loader *L, const vb_field *f, const tree *v, void *into)
{
    vb_appendix *a = into;
    if (f->type == VB_FIELD_CHOICE) {
        take_choice(L, f, v, a);
    } else if (f->type == VB_FIELD_BOOL) {
        vb_take_bool(L, f, v, &a->letterhead);
    } else if (f->type == VB_FIELD_BLOCKS) {
        if (v->kind != TREE_SEQUENCE)
            vb_wrong_type(L, v, f->key, f->wanted);
        else if (v->count == 0)
            vb_load_error(L, v->pos,
                          "khóa \"noi_dung\" của phụ lục: danh sách trống, phụ lục cần ít nhất "
                          "một đoạn hoặc một bảng");
        else
            vb_load_blocks(L, v, &a->body, &a->nbody);
    } else {
        vb_load_common(L, &vb_schema_appendix, f, v, a);
        if (f->offset == offsetof(vb_appendix, attached) && a->attached.text) {
            /* "số          /KH-UBND": the clerk's blanks survive whitespace collapsing. */
            char *kept = vb_appendix_keep_blanks(L->arena, a->attached.text);
            if (!kept)
                vb_load_out_of_memory(L);
            else
                a->attached.text = kept;
        }
    }
}

void vb_take_appendices(loader *L, const vb_field *f, const tree *t, vb_document *doc)
{
    if (vb_is_null(t))
        return;
    if (t->kind != TREE_SEQUENCE) {
        vb_wrong_type(L, t, f->key, f->wanted);
        return;
    }
    vb_appendix *list = t->count ? vb_load_alloc(L, t->count, sizeof *list) : NULL;
    if (t->count && !list)
        return;
    for (size_t i = 0; i < t->count; i++) {
        const tree *item = t->items[i];
        list[i].pos = item->pos;
        if (item->kind != TREE_MAPPING) {
            vb_load_error(L, item->pos,
                          "phụ lục thứ %zu phải là một nhóm khóa, ví dụ \"- tieu_de: Danh sách "
                          "…\" rồi \"noi_dung:\" ở dòng dưới, nhưng ở đây là %s",
                          i + 1, vb_describe(item));
            continue;
        }
        vb_load_group(L, item, &vb_schema_appendix, take_appendix_field, &list[i]);
    }
    doc->appendices = list;
    doc->nappendices = t->count;
}

void vb_check_appendix_lines(loader *L, const vb_document *doc)
{
    if (doc->issuer_name.text)
        return;
    for (size_t i = 0; i < doc->nappendices; i++) {
        const vb_appendix *a = &doc->appendices[i];
        if (a->attached.text)
            continue;
        vb_load_error(L, a->pos,
                      "phụ lục thứ %zu cần dòng \"(Kèm theo … của …)\" mà vanban không tự viết "
                      "được tên cơ quan: hãy thêm khóa ten_co_quan ở đầu tệp, viết như trong câu "
                      "(ví dụ \"ten_co_quan: Ủy ban nhân dân tỉnh Lâm Đồng\"), hoặc viết cả dòng "
                      "bằng khóa kem_theo trong phụ lục này",
                      i + 1);
        return;
    }
}
